/* SPDX-License-Identifier: MIT */
/* ianaports query, dump and verify: answers from the file, without NSS. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "ipdb.h"
#include "source.h"

/* Parse "-d DB" and "--help" for a reader command; returns the index of
   the first operand, or -1 with *RC set.  With DB_OPERAND, the database
   may be given as the one operand instead (dump, verify): *DB is set,
   and the index returned is argc. */
static int
reader_opts(int argc, char **argv, const char *usage, const char **db,
    int db_operand, int *rc)
{
	static const struct option opts[] = {
		{ "database", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *given = NULL;
	int c;

	*rc = EXIT_USAGE;
	while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': given = optarg; break;
		case 'h': fputs(usage, stdout); *rc = EXIT_OK; return -1;
		default: fputs(usage, stderr); return -1;
		}
	}
	if (db_operand && optind < argc) {
		if (given || optind + 1 < argc) {
			errorx("%s: one database only, given by -d or as "
			    "the operand", argv[0]);
			fputs(usage, stderr);
			return -1;
		}
		given = argv[optind++];
	}
	if (given && empty_path(given, "the database"))
		return -1;
	*db = given ? given : default_db();
	return optind;
}

/* Say why the module refuses PATH (IPDB_EPERM from ipdb_open()), from
   its mode and owner, and what would make it acceptable. */
static void
report_unsafe(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0 || ipdb_owner_ok(st.st_mode, st.st_uid)) {
		/* Changed since it was opened: the reader's words. */
		errorx("%s: %s", path, ipdb_strerror(IPDB_EPERM));
		return;
	}
	if (st.st_mode & 022)
		errorx("%s: unsafe permissions: mode %04o lets %s write it, "
		    "and the NSS module refuses such a file (chmod go-w %s)",
		    path, (unsigned)st.st_mode & 07777,
		    (st.st_mode & 022) == 022 ? "group and others" :
		    st.st_mode & 020 ? "its group" : "others", path);
	if (st.st_uid != 0 && st.st_uid != geteuid())
		errorx("%s: unsafe permissions: owned by uid %u, neither root "
		    "nor the caller (uid %u), and the NSS module refuses such "
		    "a file (chown root %s)", path, (unsigned)st.st_uid,
		    (unsigned)geteuid(), path);
}

/* Say why PATH cannot be read, for the error ERR of ipdb_open(). */
static void
report_open(const char *path, int err)
{
	unsigned char h[12] = { 0 };
	FILE *f;

	switch (err) {
	case IPDB_ESYS:
		errorx("cannot open \"%s\": %s", path, strerror(errno));
		break;
	case IPDB_EPERM:
		report_unsafe(path);
		break;
	case IPDB_EVERSION:
		/* Say which version, so the reader to use is known. */
		if ((f = fopen(path, "rbe"))) {
			if (fread(h, 1, sizeof(h), f) != sizeof(h))
				memset(h, 0, sizeof(h));
			fclose(f);
		}
		errorx("%s: unsupported format version %u.%u (this reader "
		    "knows %u.x)%s", path, ipdb_le16(h + IPDB_H_MAJOR),
		    ipdb_le16(h + IPDB_H_MINOR), IPDB_MAJOR,
		    ipdb_le16(h + IPDB_H_MAJOR) < IPDB_MAJOR ?
		    "; an older ianaports wrote it: compile again" : "");
		break;
	default:
		errorx("%s: invalid: %s", path, ipdb_strerror(err));
	}
}

/* Open PATH under the module's rules on owner and mode, since a tool
   that answered from a file the module refuses would tell another story
   than getent; and check the whole file, which the module leaves to
   its lookups: a tool prints all it reads, so it reads nothing unsound. */
static int
open_db(struct ipdb *db, const char *path)
{
	int err = ipdb_open(db, path, IPDB_VERIFY | IPDB_CHECK_OWNER);

	if (err)
		report_open(path, err);
	return err;
}

/* One entry in services(5) form; DESC as a comment when asked.  What
   the database holds is printed through src_put(): a description with
   an escape sequence in it must not reach the terminal as one. */
static void
print_entry(const struct ipdb *db, long i, int desc, int padded)
{
	struct ipdb_entry e;
	const char *s;
	unsigned k;

	if (ipdb_entry(db, i, &e) < 0)
		return;		/* not after ipdb_verify() */
	/* Padded: the layout of getent services. */
	src_put(stdout, e.name, padded ? 21 : 0);
	printf(padded ? " %u/" : "\t%u/", e.port);
	src_put(stdout, e.proto, 0);
	for (s = ipdb_next_name(&e, e.name), k = 0; s && k < e.naliases;
	    k++, s = ipdb_next_name(&e, s)) {
		putchar(' ');
		src_put(stdout, s, 0);
	}
	s = ipdb_description(db, i);
	if (desc && *s) {
		fputs(padded ? "  # " : "\t# ", stdout);
		src_put(stdout, s, 0);
	}
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

/* "tcp, udp, ..." on stderr: the protocols of DB. */
static void
list_protos(const struct ipdb *db)
{
	uint32_t i;

	for (i = 0; i < db->nprot; i++) {
		fputs(i ? ", " : "", stderr);
		src_put(stderr, ipdb_proto_name(db, i), 0);
	}
}

/* Whether KEY is all digits: a port, never a name. */
static int
is_number(const char *key)
{
	return *key && strspn(key, "0123456789") == strlen(key);
}

/* Split ARG into KEY (of QUERY_KEY bytes) and *PROTO (NULL: any), and
   *PORT (-1: KEY is a name); EXIT_OK, or EXIT_USAGE said on stderr when
   ARG can be neither a name nor a port. */
#define QUERY_KEY (2 * IPDB_MAX_NAME + 2)
static int
parse_query(const struct ipdb *db, const char *arg, char *key,
    const char **proto, long *port)
{
	unsigned long n;
	char *slash;

	if (!*arg) {
		errorx("\"\": an empty query: give NAME or PORT, then "
		    "/PROTO if you like");
		return EXIT_USAGE;
	}
	if (strlen(arg) >= QUERY_KEY) {
		errorx("\"%.32s...\": too long: names and protocols have "
		    "%d bytes at most", arg, IPDB_MAX_NAME);
		return EXIT_USAGE;
	}
	strcpy(key, arg);
	*proto = NULL;
	*port = -1;
	slash = strrchr(key, '/');
	if (slash == key) {
		errorx("\"%s\": no name or port before the \"/\"", arg);
		return EXIT_USAGE;
	}
	if (slash && !slash[1]) {
		errorx("\"%s\": no protocol after the \"/\"", arg);
		return EXIT_USAGE;
	}
	/* "NAME/PROTO" only when PROTO is a protocol of the database:
	   EtherNet/IP-1 and cl/1 are names. */
	if (slash && is_proto(db, slash + 1)) {
		*slash = 0;
		*proto = slash + 1;
	}
	if (!is_number(key))
		return EXIT_OK;
	errno = 0;
	n = strtoul(key, NULL, 10);
	if (errno || n > 65535) {
		errorx("\"%s\": port %s out of range: ports are 0 to 65535",
		    arg, key);
		return EXIT_USAGE;
	}
	*port = (long)n;
	return EXIT_OK;
}

/* Look ARG up in DB and print its entry; an exit status, the reason on
   stderr when it is not EXIT_OK. */
static int
query_one(const struct ipdb *db, const char *arg)
{
	char key[QUERY_KEY];
	const char *proto, *slash;
	long port, e;
	int rc;

	if ((rc = parse_query(db, arg, key, &proto, &port)) != EXIT_OK)
		return rc;
	e = port >= 0 ? ipdb_find_port(db, (unsigned)port, proto) :
	    ipdb_find_name(db, key, proto);
	if (e >= 0) {
		print_entry(db, e, 1, 1);
		return EXIT_OK;
	}
	if (e == IPDB_BAD) {
		errorx("\"%s\": the database is damaged", arg);
		return EXIT_FAIL;
	}
	slash = strrchr(arg, '/');
	if (!access(arg, F_OK)) {
		errorx("\"%s\": not found (a file of that name exists: give "
		    "a database with -d)", arg);
	} else if (slash && !proto) {
		fprintf(stderr, "ianaports: \"%s\": not found, and \"%s\" "
		    "is no protocol of the database (", arg, slash + 1);
		list_protos(db);
		fputs(")\n", stderr);
	} else {
		errorx("\"%s\": not found", arg);
	}
	return EXIT_NOTFOUND;
}

/* The status of several answers is the worst: a failure, then a usage
   error, then "not found". */
static int
severity(int rc)
{
	return rc == EXIT_FAIL ? 3 : rc == EXIT_USAGE ? 2 : rc == EXIT_NOTFOUND;
}

static const char query_usage[] =
"usage: ianaports query [-d DB] NAME[/PROTO] | PORT[/PROTO]...\n"
"\n"
"Look services up in DB as getservbyname and getservbyport would, and\n"
"print them like 'getent services', with the description.  Every\n"
"operand is a query: the database is given with -d only.  A damaged\n"
"file, or one the NSS module refuses for its owner or mode, is refused.\n"
"\n"
"  -d, --database DB  the database (default: $IANAPORTS_DB, else\n"
"                     " IANAPORTS_DB_PATH ")\n"
"  -h, --help         this text\n"
"\n"
"Each query that fails is named on stderr, with the reason.\n"
"exit status: 0 all found, 1 failure, 2 usage (a query that is no name\n"
"or port), 3 one or more not found\n";

int
cmd_query(int argc, char **argv)
{
	const char *path;
	struct ipdb db;
	int first, rc, i;

	if ((first = reader_opts(argc, argv, query_usage, &path, 0, &rc)) < 0)
		return rc;
	if (first == argc) {
		fputs(query_usage, stderr);
		return EXIT_USAGE;
	}
	if (open_db(&db, path))
		return EXIT_FAIL;
	rc = EXIT_OK;
	for (i = first; i < argc && rc != EXIT_FAIL; i++) {
		int r = query_one(&db, argv[i]);

		if (severity(r) > severity(rc))
			rc = r;
	}
	ipdb_close(&db);
	if (fflush(stdout) || ferror(stdout)) {
		errorx("cannot write the answers: %s", strerror(errno));
		return EXIT_FAIL;
	}
	return rc;
}

#define DB_HELP \
"  -d, --database DB  the database, also given as the operand DB\n" \
"                     (default: $IANAPORTS_DB, else\n" \
"                     " IANAPORTS_DB_PATH ")\n" \
"  -h, --help         this text\n"

static const char dump_usage[] =
"usage: ianaports dump [-d DB | DB]\n"
"\n"
"Print the whole database as a services(5) file, in enumeration order,\n"
"descriptions as comments: for programs that read /etc/services\n"
"themselves.  Compiling the dump gives the same answers back.  A\n"
"damaged file, or one the NSS module refuses for its owner or mode, is\n"
"refused.\n"
"\n"
DB_HELP
"\n"
"exit status: 0 success, 1 failure, 2 usage\n";

int
cmd_dump(int argc, char **argv)
{
	const char *path;
	struct ipdb db;
	uint32_t i;
	char date[16];
	int rc;

	if (reader_opts(argc, argv, dump_usage, &path, 1, &rc) < 0)
		return rc;
	if (open_db(&db, path))
		return EXIT_FAIL;
	/* A newline in the path would start a line that compile reads as
	   an entry: the path goes through src_put() too. */
	fputs("# services(5) rendering of ", stdout);
	src_put(stdout, path, 0);
	fputs(" by 'ianaports dump'\n", stdout);
	if (db.date)	/* compile reads it back (src_services.c) */
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
"usage: ianaports verify [-d DB | DB]\n"
"\n"
"Check the whole of DB (every section, entry, name, index and string,\n"
"and the checksum), with the NSS module's rules on owner and mode, and\n"
"print its header's facts.  A sound file with an unsafe owner or mode\n"
"is described all the same, and said to be refused.\n"
"\n"
DB_HELP
"\n"
"exit status: 0 the module would serve the file, 1 it would not (the\n"
"message says why), 2 usage\n";

int
cmd_verify(int argc, char **argv)
{
	const char *path;
	struct ipdb db;
	char date[16];
	int rc, err, unsafe = 0;

	if (reader_opts(argc, argv, verify_usage, &path, 1, &rc) < 0)
		return rc;
	err = ipdb_open(&db, path, IPDB_VERIFY | IPDB_CHECK_OWNER);
	if (err == IPDB_EPERM) {
		/* Look further all the same: an owner or a mode is one
		   chown or chmod away, damage is not. */
		unsafe = 1;
		err = ipdb_open(&db, path, IPDB_VERIFY);
	}
	if (err) {
		report_open(path, err);
		if (unsafe)
			report_unsafe(path);
		return EXIT_FAIL;
	}
	printf("%s: %s\n", path, unsafe ? "valid, but refused for its owner "
	    "or mode" : "valid");
	printf("format:    %u.%u\n", db.major, db.minor);
	printf("size:      %zu bytes\n", db.len);
	printf("registry:  %s\n", registry_date(db.date, date));
	printf("entries:   %u\n", db.nents);
	printf("protocols: %u\n", db.nprot);
	printf("records:   %u from %u source%s\n", db.nrecords, db.nsources,
	    db.nsources == 1 ? "" : "s");
	printf("checksum:  ok\n");
	ipdb_close(&db);
	if (unsafe) {
		report_unsafe(path);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
