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
"cache and count the entries added, removed, renamed, or given other\n"
"aliases or another description.\n"
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
"  -v, --verbose        list every entry added, removed, renamed, or given\n"
"                       other aliases or another description, as\n"
"                       `ianaports diff` does\n"
"  -h, --help           this text\n"
"\n"
"exit status: 0 success (or nothing to do), 1 failure, 2 usage\n";

/* What follows the system error ERR met on PATH: " (updating the system
   database needs root)" when an ordinary user met it in the system's
   state directory, as ianaports(8) promises of every such error. */
static const char *
update_needs_root(int err, const char *path)
{
	return needs_root(err, path, "updating the system database");
}

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
			errorx("%s: %s%s", path, strerror(errno),
			    update_needs_root(errno, path));
			return -1;
		}
		return 0;
	}
	n = snprintf(line, sizeof(line), "%s\n", value);
	if (ipdb_write_file(path, (const unsigned char *)line, (size_t)n, err,
	    sizeof(err)) < 0) {
		errorx("%s%s", err, update_needs_root(errno, path));
		return -1;
	}
	return 0;
}

/* Write LEN bytes of BUF to a new temporary file beside REG, as the
   writer makes its own, so that the copy an update killed before its
   rename left is swept the same way; its name goes to TMP.  Returns 0,
   or -1 after errorx() with nothing left behind. */
static int
write_temp(const char *reg, const char *buf, size_t len, char *tmp,
    size_t tmplen)
{
	const char *what = NULL;
	char *name;

	ipdb_remove_stale(reg);
	if (ipdb_write_temp(reg, buf, len, &name, &what) < 0) {
		errorx("%s: cannot %s it: %s%s", reg, what, strerror(errno),
		    update_needs_root(errno, reg));
		free(name);
		return -1;
	}
	snprintf(tmp, tmplen, "%s", name);
	free(name);
	return 0;
}

/* Make the kept copy TMP the registry REG, durably. */
static int
commit_copy(const char *tmp, const char *reg)
{
	if (rename(tmp, reg) < 0) {
		errorx("%s: %s%s", reg, strerror(errno),
		    update_needs_root(errno, reg));
		unlink(tmp);
		return -1;
	}
	ipdb_sync_dir(reg);
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

	*entries = 0;
	*date = 0;
	model_init(&m);
	if (diff_load_quiet(&m, path) == 0) {
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

/* What update was asked to do, and the files it keeps in DIR. */
struct update {
	const char *url, *out, *dir;
	int force, verbose;
	int local;		/* URL is a local file */
	char reg[4096], etagf[4200], modf[4200], urlf[4200];
	char tmp[4200];		/* the fresh copy until it is kept, or "" */
	const char *registry;	/* what is compiled: TMP, or REG */
	struct fetch_result res;
	struct model fresh;	/* the entries of RES, once parsed */
	uint32_t date;		/* and the date it states */
};

/* Whether a path of U is empty, said on stderr: "" would name the
   current directory or nothing at all, never what was meant. */
static int
empty_paths(const struct update *u)
{
	return empty_path(u->out, "the database") ||
	    empty_path(u->dir, "the state directory") ||
	    empty_path(u->url, "the URL or FILE");
}

/* The options into U: -1 to go on, else the exit status. */
static int
parse_options(int argc, char **argv, struct update *u)
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
	const char *url = NULL;
	int c;

	while ((c = getopt_long(argc, argv, "u:fo:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'u': url = optarg; break;
		case 'f': u->force = 1; break;
		case 'o': u->out = optarg; break;
		case 'S': u->dir = optarg; break;
		case 'v': u->verbose = 1; break;
		case 'h': fputs(usage, stdout); return EXIT_OK;
		default: fputs(usage, stderr); return EXIT_USAGE;
		}
	}
	/* Two registries, one of them ignored, would be a silent guess. */
	if (url && optind < argc) {
		errorx("%s: one registry only, given by --url or as the "
		    "operand", argv[0]);
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (optind < argc)
		url = argv[optind++];
	if (optind != argc) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (url)
		u->url = url;
	if (empty_paths(u))
		return EXIT_USAGE;
	u->local = fetch_local_path(u->url) != NULL;
	return -1;
}

/* Name the files kept in DIR; 0, or -1 after errorx(). */
static int
name_state(struct update *u)
{
	if ((size_t)snprintf(u->reg, sizeof(u->reg), "%s/registry.xml",
	    u->dir) >= sizeof(u->reg)) {
		errorx("%s: path too long", u->dir);
		return -1;
	}
	snprintf(u->etagf, sizeof(u->etagf), "%s.etag", u->reg);
	snprintf(u->modf, sizeof(u->modf), "%s.modified", u->reg);
	snprintf(u->urlf, sizeof(u->urlf), "%s.url", u->reg);
	return 0;
}

/* Make DIR and lock it: two updates at once would race on the copy and
   its validators.  The lock's descriptor, or -1 after errorx(). */
static int
lock_state(struct update *u)
{
	char lockf[4200];
	int lock;

	snprintf(lockf, sizeof(lockf), "%s/update.lock", u->dir);
	if (mkdir(u->dir, 0755) < 0 && errno != EEXIST) {
		errorx("%s: %s%s", u->dir, strerror(errno),
		    update_needs_root(errno, u->dir));
		return -1;
	}
	lock = open(lockf, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (lock < 0) {
		errorx("%s: %s%s", lockf, strerror(errno),
		    update_needs_root(errno, lockf));
		return -1;
	}
	if (flock(lock, LOCK_EX | LOCK_NB) < 0) {
		errorx("%s: another update is running", u->dir);
		close(lock);
		return -1;
	}
	return lock;
}

/* Fetch the registry into u->res.  Validators are worth sending only
   with the copy they describe (HAVE_COPY), and only to where they came
   from: another server's older file would pass an If-Modified-Since it
   has no business answering.  0, or -1 after errorx(). */
static int
fetch_registry(struct update *u, int have_copy)
{
	char etag[256] = "", modified[128] = "", from[4096];

	read_line(u->urlf, from, sizeof(from));
	if (have_copy && !u->force && !strcmp(from, u->url)) {
		read_line(u->etagf, etag, sizeof(etag));
		read_line(u->modf, modified, sizeof(modified));
	}
	if (fetch_url(u->url, etag, modified, MAX_REGISTRY, &u->res) == 0)
		return 0;
	errorx("%s: %s", u->url, u->res.error);
	return -1;
}

/* The registry did not change since the kept copy: 0 when the database
   is served as it is (nothing to do); 1 when it must be compiled from
   the copy, gone or refused by the module (an older format, after an
   upgrade); -1 after errorx(). */
static int
not_modified(struct update *u, int have_copy)
{
	int served = IPDB_OK;

	if (!have_copy) {
		errorx("%s: not modified, but no copy is kept in %s", u->url,
		    u->dir);
		return -1;
	}
	if (!access(u->out, F_OK) && (served = served_error(u->out)) ==
	    IPDB_OK) {
		printf("%s: not modified since the last update: %s left as "
		    "it was\n", u->url, u->out);
		return 0;
	}
	if (served != IPDB_OK)
		printf("%s: not modified; %s: %s: compiling it from the kept "
		    "copy\n", u->url, u->out, ipdb_strerror(served));
	else
		printf("%s: not modified; compiling %s from the kept copy\n",
		    u->url, u->out);
	u->registry = u->reg;
	return 1;
}

/* Parse the registry in u->res into u->fresh and u->date: it must be
   the registry's XML.  0, or -1 after errorx(). */
static int
parse_fresh(struct update *u)
{
	if (!u->res.len) {
		errorx("%s: empty response", u->url);
		return -1;
	}
	return parse_registry(&u->fresh, u->url, u->res.body, u->res.len,
	    &u->date);
}

/* Whether the fresh registry may replace the kept copy; if so say what
   it is, and write it beside the kept copy, to u->tmp.  0, or -1 after
   errorx(). */
static int
take_fresh(struct update *u)
{
	char datebuf[16];
	int rc = -1;

	if (acceptable(u->url, &u->fresh, u->date, u->reg, u->force) < 0)
		goto out;
	printf("%s: %s %zu bytes, registry %s, %zu entries\n", u->url,
	    u->local ? "read" : "fetched", u->res.len,
	    registry_date(u->date, datebuf), u->fresh.nentries);
	if (write_temp(u->reg, u->res.body, u->res.len, u->tmp,
	    sizeof(u->tmp)) < 0)
		goto out;
	u->registry = u->tmp;
	rc = 0;
out:
	/* Judged: the compile reads the copy again, as any source, and
	   need not find this one still in memory. */
	model_free(&u->fresh);
	return rc;
}

/* What can be checked before the state directory is made and locked:
   the names of its files, and a local registry, read and parsed.  So an
   update that fails on its arguments or its file leaves nothing behind,
   not even an empty directory.  0, or -1 after errorx(). */
static int
check_first(struct update *u)
{
	if (name_state(u) < 0)
		return -1;
	if (!u->local)
		return 0;
	if (fetch_file(u->url, &u->res) < 0) {
		errorx("%s", u->res.error);	/* it names the file */
		return -1;
	}
	return parse_fresh(u);
}

/* Fetch the registry (a local one is read already) and settle what to
   compile: 1 (then u->registry is set), 0 when there is nothing to do,
   -1 after errorx(). */
static int
get_registry(struct update *u)
{
	int have_copy = !access(u->reg, R_OK);

	if (!u->local) {
		if (fetch_registry(u, have_copy) < 0)
			return -1;
		if (u->res.status == 304)
			return not_modified(u, have_copy);
		if (u->res.status != 200) {
			errorx("%s: the server answered HTTP status %ld",
			    u->url, u->res.status);
			return -1;
		}
		if (parse_fresh(u) < 0)
			return -1;
	}
	return take_fresh(u) < 0 ? -1 : 1;
}

/* The sources `ianaports compile` uses with no SOURCE, the registry in
   the kept copy's place, into *SOURCES; said on stdout. */
static void
list_sources(const struct update *u, char ***sources, size_t *nsrc)
{
	size_t i;
	int used;

	sources_default(u->registry, u->reg, sources, nsrc, &used);
	if (!used)
		fprintf(stderr, "ianaports: warning: %s does not list %s, or "
		    "lists a newer registry beside it: the registry is kept "
		    "but not compiled in\n", SOURCES_FILE, u->reg);
	printf("sources:");
	for (i = 0; i < *nsrc; i++)
		printf(" %s", strcmp((*sources)[i], u->registry) ?
		    (*sources)[i] : u->reg);
	putchar('\n');
}

/* Compile exactly as `ianaports compile` does (same parsers, same
   atomic replacement of the database; it may shrink with the registry
   under --force), then keep the fresh copy and its validators.  0, or
   -1 after errorx(). */
static int
compile_and_keep(struct update *u, char **sources, size_t nsrc)
{
	struct compile_opts copts = { .quiet = 1, .force = u->force };

	fflush(stdout);
	if (compile_db(u->out, sources, nsrc, &copts) != EXIT_OK) {
		if (*u->tmp)
			unlink(u->tmp);
		errorx("%s: not kept, since the database could not be "
		    "compiled", u->url);
		return -1;
	}
	if (!*u->tmp)
		return 0;
	/* The copy goes before its validators: a crash in between costs
	   one unconditional fetch, never a wrong 304. */
	if (commit_copy(u->tmp, u->reg) < 0 ||
	    keep_validator(u->urlf, "") < 0 ||
	    keep_validator(u->etagf, u->res.etag) < 0 ||
	    keep_validator(u->modf, u->res.modified) < 0 ||
	    keep_validator(u->urlf, u->url) < 0)
		return -1;
	return 0;
}

/* Tell nscd, and say what changed since OLD (HAVE_OLD: the database
   was there and read).  0, or -1 after errorx(). */
static int
report(const struct update *u, const struct model *old, int have_old)
{
	struct diff_counts counts;
	struct model now;
	int rc = -1;

	if (nscd_invalidate())
		fputs(NSCD_TOLD, stdout);
	model_init(&now);
	if (diff_load(&now, u->out) < 0)
		goto out;
	if (have_old) {
		diff_models(old, &now, u->verbose ? stdout : NULL, &counts);
		printf("%s: ", u->out);
		diff_print_counts(stdout, &counts);
	} else {
		printf("%s: new database, %zu entries (0 before)\n", u->out,
		    now.nentries);
	}
	rc = 0;
out:
	model_free(&now);
	return rc;
}

/* Compile the sources with u->registry, keep the copy and say what
   changed; an exit status. */
static int
compile_registry(struct update *u)
{
	char **sources = NULL;
	struct model old;
	size_t nsrc = 0;
	int rc, have_old;

	list_sources(u, &sources, &nsrc);
	/* What is served now, to say afterwards what changed. */
	model_init(&old);
	have_old = !access(u->out, F_OK) && diff_load_quiet(&old, u->out) == 0;
	rc = compile_and_keep(u, sources, nsrc) == 0 &&
	    report(u, &old, have_old) == 0 ? EXIT_OK : EXIT_FAIL;
	model_free(&old);
	sources_free(sources, nsrc);
	return rc;
}

int
cmd_update(int argc, char **argv)
{
	struct update u = { .url = IANA_URL, .out = default_db(),
	    .dir = IANAPORTS_DBDIR };
	struct stat st;
	int lock = -1, rc;

	if ((rc = parse_options(argc, argv, &u)) >= 0)
		return rc;
	model_init(&u.fresh);
	rc = EXIT_FAIL;
	if (check_first(&u) < 0)
		goto unchanged;
	if ((lock = lock_state(&u)) < 0)
		goto out;
	switch (get_registry(&u)) {
	case 0:
		rc = EXIT_OK;
		goto out;
	case -1:
		goto unchanged;
	}
	rc = compile_registry(&u);
	goto out;
unchanged:
	say_untouched(u.out, !lstat(u.out, &st));
out:
	model_free(&u.fresh);
	fetch_free(&u.res);
	if (lock >= 0)
		close(lock);
	return rc;
}
