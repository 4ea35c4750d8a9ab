/* SPDX-License-Identifier: MIT */
/* ianaports query, dump and verify: answers from the file, without NSS. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "ipdb.h"

/* Parse "-d DB" and "--help" for a reader command; returns the index of
   the first operand, or -1 with *RC set. */
static int
reader_opts(int argc, char **argv, const char *usage, const char **db,
    int *rc)
{
	static const struct option opts[] = {
		{ "database", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c;

	*db = default_db();
	while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': *db = optarg; break;
		case 'h': fputs(usage, stdout); *rc = EXIT_OK; return -1;
		default: fputs(usage, stderr); *rc = EXIT_USAGE; return -1;
		}
	}
	return optind;
}

static int
open_db(struct ipdb *db, const char *path, unsigned flags)
{
	int err = ipdb_open(db, path, flags);

	if (err == IPDB_ESYS)
		errorx("cannot open \"%s\": %s", path, strerror(errno));
	else if (err)
		errorx("%s: %s", path, ipdb_strerror(err));
	return err;
}

/* One entry in services(5) form; DESC as a comment when asked. */
static void
print_entry(const struct ipdb *db, long i, int desc, int padded)
{
	struct ipdb_entry e;
	const char *s;
	unsigned k;

	if (ipdb_entry(db, i, &e) < 0)
		return;		/* not after ipdb_verify() */
	if (padded)		/* the layout of getent services */
		printf("%-21s %u/%s", e.name, e.port, e.proto);
	else
		printf("%s\t%u/%s", e.name, e.port, e.proto);
	for (s = ipdb_next_name(&e, e.name), k = 0; s && k < e.naliases;
	    k++, s = ipdb_next_name(&e, s))
		printf(" %s", s);
	s = ipdb_description(db, i);
	if (desc && *s)
		printf("%s# %s", padded ? "  " : "\t", s);
	putchar('\n');
}

static int
is_proto(const struct ipdb *db, const char *s)
{
	uint32_t i;

	for (i = 0; i < db->nprot; i++)
		if (!strcmp(s, ipdb_proto_name(db, i)))
			return 1;
	return 0;
}

static const char query_usage[] =
"usage: ianaports query [-d DB] NAME[/PROTO] | PORT[/PROTO]...\n"
"\n"
"Look services up in DB as getservbyname and getservbyport would, and\n"
"print them like 'getent services', with the description.\n"
"\n"
"  -d, --database DB  the database (default: $IANAPORTS_DB, else\n"
"                     " IANAPORTS_DB_PATH ")\n"
"  -h, --help         this text\n"
"\n"
"exit status: 0 all found, 1 failure, 2 usage, 3 one or more not found\n";

int
cmd_query(int argc, char **argv)
{
	const char *path;
	struct ipdb db;
	int first, rc = EXIT_OK, i;

	if ((first = reader_opts(argc, argv, query_usage, &path, &rc)) < 0)
		return rc;
	if (first == argc) {
		fputs(query_usage, stderr);
		return EXIT_USAGE;
	}
	if (open_db(&db, path, IPDB_VERIFY))
		return EXIT_FAIL;
	for (i = first; i < argc; i++) {
		char key[1024], *proto, *end;
		unsigned long port;
		long e;

		snprintf(key, sizeof(key), "%s", argv[i]);
		/* "NAME/PROTO" only when PROTO is a protocol of the
		   database: EtherNet/IP-1 and cl/1 are names. */
		proto = strrchr(key, '/');
		if (proto && is_proto(&db, proto + 1))
			*proto++ = 0;
		else
			proto = NULL;
		errno = 0;
		port = strtoul(key, &end, 10);
		if (*key >= '0' && *key <= '9' && !*end && !errno &&
		    port <= 65535)
			e = ipdb_find_port(&db, (unsigned)port, proto);
		else
			e = ipdb_find_name(&db, key, proto);
		if (e < 0) {
			rc = EXIT_NOTFOUND;
			continue;
		}
		print_entry(&db, e, 1, 1);
	}
	ipdb_close(&db);
	return rc;
}

static const char dump_usage[] =
"usage: ianaports dump [-d DB]\n"
"\n"
"Print the whole database as a services(5) file, in enumeration order,\n"
"descriptions as comments: for programs that read /etc/services\n"
"themselves.  Compiling the dump gives the same answers back.\n"
"\n"
"  -d, --database DB  the database (default: $IANAPORTS_DB, else\n"
"                     " IANAPORTS_DB_PATH ")\n";

int
cmd_dump(int argc, char **argv)
{
	const char *path;
	struct ipdb db;
	uint32_t i;
	char date[16];
	int rc;

	if (reader_opts(argc, argv, dump_usage, &path, &rc) < 0)
		return rc;
	if (open_db(&db, path, IPDB_VERIFY))
		return EXIT_FAIL;
	printf("# services(5) rendering of %s by 'ianaports dump'\n", path);
	if (db.date)
		printf("# IANA registry of %s\n", registry_date(db.date, date));
	for (i = 0; i < db.nents; i++)
		print_entry(&db, ipdb_enum(&db, i), 1, 0);
	ipdb_close(&db);
	if (fflush(stdout) || ferror(stdout)) {
		errorx("cannot write the dump: %s", strerror(errno));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static const char verify_usage[] =
"usage: ianaports verify [-d DB]\n"
"\n"
"Validate DB as the NSS module would (sizes, offsets, strings, indexes,\n"
"checksum, ownership and mode) and print its header's facts.\n"
"\n"
"exit status: 0 the file is sound, 1 it is not (the message says why)\n";

int
cmd_verify(int argc, char **argv)
{
	const char *path;
	struct ipdb db;
	char date[16];
	int rc, err;

	if (reader_opts(argc, argv, verify_usage, &path, &rc) < 0)
		return rc;
	err = ipdb_open(&db, path, IPDB_VERIFY | IPDB_CHECK_OWNER);
	if (err == IPDB_EVERSION) {
		/* Say which version, so the reader to use is known. */
		unsigned char h[12] = { 0 };
		FILE *f = fopen(path, "rb");

		if (f) {
			if (fread(h, 1, sizeof(h), f) != sizeof(h))
				memset(h, 0, sizeof(h));
			fclose(f);
		}
		errorx("%s: unsupported format version %u.%u (this reader "
		    "knows %u.x)%s", path, ipdb_le16(h + IPDB_H_MAJOR),
		    ipdb_le16(h + IPDB_H_MINOR), IPDB_MAJOR,
		    ipdb_le16(h + IPDB_H_MAJOR) < IPDB_MAJOR ?
		    "; an older ianaports wrote it: compile again" : "");
		return EXIT_FAIL;
	}
	if (err == IPDB_ESYS) {
		errorx("cannot open \"%s\": %s", path, strerror(errno));
		return EXIT_FAIL;
	}
	if (err) {
		errorx("%s: invalid: %s", path, ipdb_strerror(err));
		return EXIT_FAIL;
	}
	printf("%s: valid\n", path);
	printf("format:    %u.%u\n", db.major, db.minor);
	printf("size:      %zu bytes\n", db.len);
	printf("registry:  %s\n", registry_date(db.date, date));
	printf("entries:   %u\n", db.nents);
	printf("protocols: %u\n", db.nprot);
	printf("records:   %u from %u source%s\n", db.nrecords, db.nsources,
	    db.nsources == 1 ? "" : "s");
	printf("checksum:  ok\n");
	ipdb_close(&db);
	return EXIT_OK;
}
