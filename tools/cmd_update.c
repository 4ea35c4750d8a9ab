/* SPDX-License-Identifier: MIT */
/* ianaports update: fetch the registry, check it, keep it, recompile. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "fetch.h"
#include "ipdb.h"
#include "ipdb_write.h"
#include "model.h"
#include "source.h"
#include "sources.h"

#define IANA_URL "https://www.iana.org/assignments/service-names-port-numbers/service-names-port-numbers.xml"
/* The registry grows; a fetch with this many percent fewer entries than
   the kept copy is more likely an accident than IANA's intent. */
#define SHRINK_PERCENT 5
/* The registry is about 4 MB; the cap of every source leaves room
   for years of growth. */
#define MAX_REGISTRY SRC_MAX_BYTES

static const char usage[] =
"usage: ianaports update [--force] [-o DB] [--state-dir DIR] [-v]\n"
"                        [[--url] URL | FILE]\n"
"\n"
"Fetch the IANA registry (XML), check it, keep it as DIR/registry.xml,\n"
"and recompile DB (default: $IANAPORTS_DB, else " IANAPORTS_DB_PATH ")\n"
"from the sources `ianaports compile` uses with no SOURCE, listed in\n"
SOURCES_FILE ", the fresh registry taking the place of\n"
KEPT_REGISTRY " there.  Then ask nscd to drop its services\n"
"cache and say which entries were added, removed or renamed.\n"
"\n"
"The request is conditional (ETag, Last-Modified, kept beside the copy),\n"
"so an unchanged registry costs one small request and nothing is\n"
"recompiled.  A local FILE (a path, or a file:// URL) is read instead,\n"
"for machines without a network and for mirrors.  A registry that does\n"
"not parse, has more than 5% fewer entries than the kept copy, or is\n"
"older than it, is refused; DB and the copy stay as they were.\n"
"\n"
"  -u, --url URL        where to fetch from (default:\n"
"                       " IANA_URL ")\n"
"  -f, --force          fetch unconditionally, and accept a registry that\n"
"                       shrank or is older\n"
"  -o, --output DB      the database to write\n"
"      --state-dir DIR  where the copy and its validators are kept\n"
"                       (default: " IANAPORTS_DBDIR ")\n"
"  -v, --verbose        list every entry added, removed or renamed\n"
"  -h, --help           this text\n"
"\n"
"exit status: 0 success (or nothing to do), 1 failure, 2 usage\n";

/* Read the one-line file PATH into BUF; "" when it is absent. */
static void
read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");

	buf[0] = 0;
	if (!f)
		return;
	if (!fgets(buf, (int)len, f))
		buf[0] = 0;
	buf[strcspn(buf, "\r\n")] = 0;
	fclose(f);
}

/* Keep validator VALUE in PATH, or remove PATH when there is none (a
   stale one would make the next request wrongly conditional). */
static int
keep_validator(const char *path, const char *value)
{
	char line[512], err[512];
	int n;

	if (!*value) {
		if (unlink(path) < 0 && errno != ENOENT) {
			errorx("%s: %s", path, strerror(errno));
			return -1;
		}
		return 0;
	}
	n = snprintf(line, sizeof(line), "%s\n", value);
	if (ipdb_write_file(path, (const unsigned char *)line, (size_t)n, err,
	    sizeof(err)) < 0) {
		errorx("%s", err);
		return -1;
	}
	return 0;
}

/* Write LEN bytes of BUF to a new temporary file in DIR; its name goes
   to TMP.  Returns 0, or -1 with nothing left behind. */
static int
write_temp(const char *dir, const char *buf, size_t len, char *tmp,
    size_t tmplen)
{
	size_t off = 0;
	ssize_t n;
	int fd;

	snprintf(tmp, tmplen, "%s/registry.xml.XXXXXX", dir);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0) {
		errorx("%s: %s", dir, strerror(errno));
		return -1;
	}
	if (fchmod(fd, 0644) < 0)
		goto fail;
	while (off < len) {
		n = write(fd, buf + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		off += (size_t)n;
	}
	if (fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	return 0;
fail:
	errorx("%s: %s", tmp, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return -1;
}

/* Make the kept copy TMP the registry REG: rename, then make the rename
   itself durable. */
static int
commit_copy(const char *tmp, const char *reg, const char *dir)
{
	int fd;

	if (rename(tmp, reg) < 0) {
		errorx("%s: %s", reg, strerror(errno));
		unlink(tmp);
		return -1;
	}
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(fd);
		close(fd);
	}
	return 0;
}

/* Build the registry image at BUF into M; 0, or -1 after errorx(). */
static int
parse_registry(struct model *m, const char *name, const char *buf,
    size_t len, uint32_t *date)
{
	struct src_ctx ctx = { .path = name, .model = m, .quiet = 1 };
	enum src_format f = src_detect(buf, len);

	if (f != SRC_XML) {
		errorx("%s: not the registry's XML (it looks like %s)", name,
		    f == SRC_UNKNOWN ? "nothing known" : src_format_name(f));
		return -1;
	}
	if (src_xml_read(&ctx, buf, len) < 0) {
		errorx("%s", ctx.error);
		return -1;
	}
	if (model_build(m) < 0) {
		errorx("%s: too many entries", name);
		return -1;
	}
	*date = ctx.date;
	return 0;
}

/* Entries and date of the registry kept at PATH; 0 and 0 when there is
   none that parses (then nothing can have shrunk or be newer). */
static void
kept_registry(const char *path, size_t *entries, uint32_t *date)
{
	struct model m;
	struct src_ctx ctx = { .path = path, .model = &m, .quiet = 1 };

	*entries = 0;
	*date = 0;
	model_init(&m);
	if (src_read_file(&ctx, path) == 0 && model_build(&m) == 0) {
		*entries = m.nentries;
		*date = m.date;
	}
	model_free(&m);
}

/* Whether the fresh registry FRESH (NEW_DATE) may replace the kept one
   at REG: it must not shrink by more than SHRINK_PERCENT, nor be older;
   --force accepts either with a warning.  0, or -1 after errorx(). */
static int
acceptable(const char *url, const struct model *fresh, uint32_t new_date,
    const char *reg, int force)
{
	char d1[16], d2[16];
	size_t kept;
	uint32_t kept_date;

	kept_registry(reg, &kept, &kept_date);
	if (shrink_guard(url, "the registry shrank", kept, fresh->nentries,
	    SHRINK_PERCENT, force) < 0)
		return -1;
	if (new_date >= kept_date)
		return 0;
	registry_date(new_date, d1);
	registry_date(kept_date, d2);
	if (!force) {
		errorx("%s: the registry of %s is older than the kept copy of "
		    "%s: refused (use --force to accept it)", url, d1, d2);
		return -1;
	}
	fprintf(stderr, "ianaports: warning: %s: the registry of %s is older "
	    "than the kept copy of %s: accepted (--force)\n", url, d1, d2);
	return 0;
}

/* Whether the module would serve the database at PATH: IPDB_OK, or why
   not (opened as the module opens it, checksum and owner checked). */
static int
served_error(const char *path)
{
	struct ipdb db;
	int err = ipdb_open(&db, path, IPDB_VERIFY | IPDB_CHECK_OWNER);

	if (!err)
		ipdb_close(&db);
	return err;
}

int
cmd_update(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "force", no_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "state-dir", required_argument, NULL, 'S' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *url = IANA_URL, *out = default_db();
	const char *dir = IANAPORTS_DBDIR, *registry;
	char reg[4096], etagf[4200], modf[4200], urlf[4200], lockf[4200];
	char tmp[4200] = "", etag[256], modified[128], from[4096];
	char datebuf[16], **sources = NULL;
	struct compile_opts copts = { .quiet = 1 };
	struct fetch_result res = { 0 };
	struct model fresh, old, now;
	struct diff_counts counts;
	int force = 0, verbose = 0, c, lock = -1, rc = EXIT_FAIL;
	int have_copy, have_old = 0, used, local, served = IPDB_OK;
	size_t nsrc = 0, i, oldn;
	uint32_t date = 0;

	while ((c = getopt_long(argc, argv, "u:fo:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'u': url = optarg; break;
		case 'f': force = 1; break;
		case 'o': out = optarg; break;
		case 'S': dir = optarg; break;
		case 'v': verbose = 1; break;
		case 'h': fputs(usage, stdout); return EXIT_OK;
		default: fputs(usage, stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc)
		url = argv[optind++];
	if (optind != argc) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	local = fetch_local_path(url) != NULL;
	copts.force = force;	/* the database may shrink with the registry */
	if ((size_t)snprintf(reg, sizeof(reg), "%s/registry.xml", dir) >=
	    sizeof(reg)) {
		errorx("%s: path too long", dir);
		return EXIT_FAIL;
	}
	snprintf(etagf, sizeof(etagf), "%s.etag", reg);
	snprintf(modf, sizeof(modf), "%s.modified", reg);
	snprintf(urlf, sizeof(urlf), "%s.url", reg);
	snprintf(lockf, sizeof(lockf), "%s/update.lock", dir);
	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		errorx("%s: %s%s", dir, strerror(errno), needs_root(errno, dir,
		    "updating the system database"));
		return EXIT_FAIL;
	}
	/* Two updates at once would race on the copy and its validators. */
	lock = open(lockf, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (lock < 0) {
		errorx("%s: %s%s", lockf, strerror(errno), needs_root(errno,
		    lockf, "updating the system database"));
		return EXIT_FAIL;
	}
	if (flock(lock, LOCK_EX | LOCK_NB) < 0) {
		errorx("%s: another update is running", dir);
		close(lock);
		return EXIT_FAIL;
	}
	model_init(&fresh);
	model_init(&old);
	model_init(&now);

	/* Validators are worth sending only with the copy they describe,
	   and only to where they came from: another server's older file
	   would pass an If-Modified-Since it has no business answering. */
	have_copy = !access(reg, R_OK);
	etag[0] = modified[0] = 0;
	read_line(urlf, from, sizeof(from));
	if (have_copy && !force && !local && !strcmp(from, url)) {
		read_line(etagf, etag, sizeof(etag));
		read_line(modf, modified, sizeof(modified));
	}
	if ((local ? fetch_file(fetch_local_path(url), &res) :
	    fetch_url(url, etag, modified, MAX_REGISTRY, &res)) < 0) {
		errorx("%s: %s", url, res.error);
		goto unchanged;
	}
	if (res.status == 304) {
		if (!have_copy) {
			errorx("%s: not modified, but no copy is kept in %s",
			    url, dir);
			goto unchanged;
		}
		if (!access(out, F_OK) && (served = served_error(out)) ==
		    IPDB_OK) {
			printf("%s: not modified since the last update: %s "
			    "left as it was\n", url, out);
			rc = EXIT_OK;
			goto done;
		}
		/* The database is gone, or one the module refuses (an
		   older format, after an upgrade): build it from the copy. */
		if (served != IPDB_OK)
			printf("%s: not modified; %s: %s: compiling it "
			    "from the kept copy\n", url, out,
			    ipdb_strerror(served));
		else
			printf("%s: not modified; compiling %s from the kept "
			    "copy\n", url, out);
		registry = reg;
	} else if (res.status != 200) {
		errorx("%s: the server answered HTTP status %ld", url,
		    res.status);
		goto unchanged;
	} else {
		if (!res.len) {
			errorx("%s: empty response", url);
			goto unchanged;
		}
		if (parse_registry(&fresh, url, res.body, res.len, &date) < 0 ||
		    acceptable(url, &fresh, date, reg, force) < 0)
			goto unchanged;
		printf("%s: %s %zu bytes, registry %s, %zu entries\n", url,
		    local ? "read" : "fetched", res.len,
		    registry_date(date, datebuf), fresh.nentries);
		if (write_temp(dir, res.body, res.len, tmp, sizeof(tmp)) < 0)
			goto unchanged;
		registry = tmp;
	}

	sources_default(registry, reg, &sources, &nsrc, &used);
	if (!used)
		fprintf(stderr, "ianaports: warning: %s does not list %s, or "
		    "lists a newer registry beside it: the registry is kept "
		    "but not compiled in\n", SOURCES_FILE, reg);
	printf("sources:");
	for (i = 0; i < nsrc; i++)
		printf(" %s", strcmp(sources[i], registry) ? sources[i] : reg);
	putchar('\n');

	/* What is served now, to say afterwards what changed. */
	if (!access(out, F_OK)) {
		struct src_ctx ctx = { .path = out, .model = &old, .quiet = 1 };

		have_old = src_read_file(&ctx, out) == 0 && model_build(&old) == 0;
	}
	oldn = have_old ? old.nentries : 0;

	/* Compile exactly as `ianaports compile` does: same parsers, same
	   atomic replacement of DB. */
	fflush(stdout);
	if (compile_db(out, sources, nsrc, &copts) != EXIT_OK) {
		if (*tmp)
			unlink(tmp);
		errorx("%s: not kept, since the database could not be "
		    "compiled", url);
		goto done;
	}
	if (*tmp) {
		/* The copy goes before its validators: a crash in between
		   costs one unconditional fetch, never a wrong 304. */
		if (commit_copy(tmp, reg, dir) < 0 ||
		    keep_validator(urlf, "") < 0 ||
		    keep_validator(etagf, res.etag) < 0 ||
		    keep_validator(modf, res.modified) < 0 ||
		    keep_validator(urlf, url) < 0)
			goto done;
	}
	if (nscd_invalidate())
		fputs(NSCD_TOLD, stdout);

	if (diff_load(&now, out) < 0)
		goto done;
	if (have_old) {
		diff_models(&old, &now, verbose ? stdout : NULL, &counts);
		printf("%s: ", out);
		diff_print_counts(stdout, &counts);
	} else {
		printf("%s: new database, %zu entries (%zu before)\n", out,
		    now.nentries, oldn);
	}
	rc = EXIT_OK;
	goto done;

unchanged:
	errorx("%s left unchanged", out);
done:
	sources_free(sources, nsrc);
	fetch_free(&res);
	model_free(&fresh);
	model_free(&old);
	model_free(&now);
	close(lock);
	return rc;
}
