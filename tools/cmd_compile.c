/* SPDX-License-Identifier: MIT */
/* ianaports compile: sources in, one database out, atomically. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ipdb.h"
#include "ipdb_write.h"
#include "model.h"
#include "source.h"
#include "sources.h"

static const char usage[] =
"usage: ianaports compile [-o DB] [-q] [--strict] [-f] [SOURCE...]\n"
"\n"
"Merge the SOURCEs, earlier ones winning, into the database DB\n"
"(default: $IANAPORTS_DB, else " IANAPORTS_DB_PATH ").  A source is\n"
"the IANA registry as XML, CSV or text, or a services(5) file; the\n"
"format is told from the content; \"-\" is standard input.  With no\n"
"SOURCE, the sources listed in " IANAPORTS_SYSCONFDIR "/ianaports/sources\n"
"are used.  A source is a regular file of 64 MiB at most.\n"
"\n"
"  -o, --output DB  the database to write\n"
"  -q, --quiet      print errors only: no warnings about registry\n"
"                   oddities, no list of sources, no summary\n"
"      --strict     treat any warning as an error\n"
"  -f, --force      replace DB even when it is not a database, and write\n"
"                   an empty database or one with under half the entries\n"
"                   of the one it replaces\n"
"  -h, --help       this text\n"
"\n"
"DB is replaced by rename only when every source parsed; on any error\n"
"it is left as it was.  Without --force, DB must be absent, empty, or an\n"
"ianaports database (a symbolic link to one is followed).\n"
"exit status: 0 success, 1 failure, 2 usage\n";

/* A compile that would leave under half the entries of the database
   it replaces is more likely a wrong source than the intent. */
#define COMPILE_MAX_LOSS 50
/* Tries to rename over a target another compile keeps replacing. */
#define COMPILE_TRIES 3

/* SOURCE as messages name it. */
static const char *
source_name(const char *source)
{
	return strcmp(source, "-") ? source : "(standard input)";
}

/* A warning for each alias that IPDB_MAX_ALIASES left out: the records
   that brought them are on separate lines, each within its limit. */
static void
report_drops(const struct model *m, char **sources, size_t nsources)
{
	size_t i;

	for (i = 0; i < m->ndrops; i++) {
		const struct model_drop *d = &m->drops[i];
		const struct model_record *r = &m->records[d->record];
		const struct model_entry *e = &m->entries[d->entry];

		fprintf(stderr, "ianaports: warning: %s", r->source < nsources ?
		    source_name(sources[r->source]) : "?");
		if (r->line)
			fprintf(stderr, ":%u", r->line);
		fprintf(stderr, ": alias \"%s\" dropped: %s %u/%s has %d "
		    "aliases already\n", m->strings[d->name],
		    m->strings[m->entry_names[e->first_name]], e->port,
		    m->strings[m->protos[e->proto]], IPDB_MAX_ALIASES);
	}
}

/* Read the sources into M and build it; 0, or -1 after a message. */
static int
read_sources(struct model *m, char **sources, size_t nsources,
    const struct compile_opts *o)
{
	size_t i;

	for (i = 0; i < nsources; i++) {
		struct src_ctx ctx = { .path = source_name(sources[i]),
		    .model = m, .quiet = o->quiet };

		if (src_read_file(&ctx, sources[i]) < 0) {
			errorx("%s", ctx.error);
			return -1;
		}
		/* Said even with -q: what made the compile fail. */
		if (o->strict && ctx.warnings && o->quiet)
			errorx("%s", ctx.warning);
	}
	if (model_build(m) < 0) {
		errorx("too many entries for the database format");
		return -1;
	}
	m->warnings += (unsigned)m->ndrops;
	if (!o->quiet)
		report_drops(m, sources, nsources);
	if (o->strict && m->warnings) {
		errorx("%u warning%s, and --strict", m->warnings,
		    m->warnings == 1 ? "" : "s");
		return -1;
	}
	return 0;
}

/* Whether the model M may replace what T found: never an empty
   database, nor one with under half the entries, unless forced. */
static int
enough_entries(const struct model *m, const char *out,
    const struct target *t, int force)
{
	if (!m->nentries && !force) {
		errorx("%s: the sources hold no entries: refused (use --force "
		    "to write an empty database)", out);
		return -1;
	}
	if (t->entries > 0 && shrink_guard(out, "the database would shrink",
	    (size_t)t->entries, m->nentries, COMPILE_MAX_LOSS, force) < 0)
		return -1;
	return 0;
}

/* Write IMG to the target T; on a target that another compile replaced
   meanwhile, look at it again and retry.  0, or -1 after a message. */
static int
write_target(struct target *t, const char *out, const unsigned char *img,
    size_t len, int force)
{
	char err[PATH_MAX + 512];
	int tries, rc;

	for (tries = 1;; tries++) {
		rc = t->forced ? ipdb_write_file(t->path, img, len, err,
		    sizeof(err)) : ipdb_write_over(t->path, img, len,
		    t->exists ? &t->st : NULL, err, sizeof(err));
		if (!rc || errno != EEXIST || t->forced ||
		    tries == COMPILE_TRIES)
			break;
		target_free(t);
		if (target_check(out, force, t) < 0)
			return -1;
	}
	if (rc < 0)
		errorx("%s%s", err, needs_root(errno, out,
		    "writing the system database"));
	return rc;
}

int
compile_db(const char *out, char **sources, size_t nsources,
    const struct compile_opts *o)
{
	unsigned char *img = NULL;
	struct target t;
	struct model m;
	struct ipdb db;
	char date[16];
	size_t len;
	int rc = EXIT_FAIL, err;

	/* Before anything is read or written: compile -o /dev/null must
	   not even try. */
	if (target_check(out, o->force, &t) < 0)
		return EXIT_FAIL;
	model_init(&m);
	if (read_sources(&m, sources, nsources, o) < 0 ||
	    enough_entries(&m, out, &t, o->force) < 0)
		goto unchanged;
	if (ipdb_build(&m, &img, &len) < 0) {
		errorx("too many entries for the database format");
		goto unchanged;
	}
	/* Never write what the reader would refuse. */
	if ((err = ipdb_parse(&db, img, len, IPDB_VERIFY)) != IPDB_OK) {
		errorx("internal error: the new database is invalid (%s)",
		    ipdb_strerror(err));
		goto unchanged;
	}
	if (write_target(&t, out, img, len, o->force) < 0)
		goto out;
	rc = EXIT_OK;
	if (o->quiet)
		goto out;
	printf("%s: %zu entries, %zu names, %zu aliases, %u source%s, "
	    "registry %s", out, m.nentries, m.ndistinct_names, m.naliases,
	    m.nsources, m.nsources == 1 ? "" : "s",
	    registry_date(m.date, date));
	if (m.excerpt_date > m.date)
		printf(" (an excerpt of %s)", registry_date(m.excerpt_date,
		    date));
	if (m.ndrops)
		printf(", %zu alias%s dropped", m.ndrops,
		    m.ndrops == 1 ? "" : "es");
	if (m.warnings)
		printf(", %u warning%s", m.warnings, m.warnings == 1 ? "" : "s");
	putchar('\n');
	goto out;
unchanged:
	say_untouched(out, t.exists || t.forced);
out:
	free(img);
	model_free(&m);
	target_free(&t);
	return rc;
}

int
cmd_compile(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "strict", no_argument, NULL, 'S' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *out = default_db();
	struct compile_opts o = { 0 };
	char **sources;
	size_t nsources, i;
	int owned = 0, c, rc;

	while ((c = getopt_long(argc, argv, "o:qfh", opts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'q': o.quiet = 1; break;
		case 'S': o.strict = 1; break;
		case 'f': o.force = 1; break;
		case 'h': fputs(usage, stdout); return EXIT_OK;
		default: fputs(usage, stderr); return EXIT_USAGE;
		}
	}
	sources = argv + optind;
	nsources = (size_t)(argc - optind);
	if (empty_path(out, "the database"))
		return EXIT_USAGE;
	for (i = 0; i < nsources; i++)
		if (empty_path(sources[i], "a source"))
			return EXIT_USAGE;
	if (!nsources) {
		sources_default(NULL, NULL, &sources, &nsources, NULL);
		owned = 1;
		if (!nsources) {
			errorx("no source given, and none found in %s",
			    SOURCES_FILE);
			free(sources);
			return EXIT_FAIL;
		}
		if (!o.quiet) {
			fprintf(stderr, "ianaports: sources:");
			for (i = 0; i < nsources; i++)
				fprintf(stderr, " %s", sources[i]);
			fputc('\n', stderr);
		}
	}

	rc = compile_db(out, sources, nsources, &o);
	if (owned)
		sources_free(sources, nsources);
	/* What nscd cached came from the database just replaced. */
	if (rc == EXIT_OK && !strcmp(out, IANAPORTS_DB_PATH) &&
	    nscd_invalidate() && !o.quiet)
		fputs(NSCD_TOLD, stdout);
	return rc;
}
