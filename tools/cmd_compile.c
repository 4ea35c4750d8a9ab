/* SPDX-License-Identifier: MIT */
/* ianaports compile: sources in, one database out, atomically. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ipdb.h"
#include "ipdb_write.h"
#include "model.h"
#include "sources.h"

static const char usage[] =
"usage: ianaports compile [-o DB] [-q] [--strict] [SOURCE...]\n"
"\n"
"Merge the SOURCEs, earlier ones winning, into the database DB\n"
"(default: $IANAPORTS_DB, else " IANAPORTS_DB_PATH ").  A source is\n"
"the IANA registry as XML, CSV or text, or a services(5) file; the\n"
"format is told from the content.  With no SOURCE, the sources listed in\n"
IANAPORTS_SYSCONFDIR "/ianaports/sources are used.\n"
"\n"
"  -o, --output DB  the database to write\n"
"  -q, --quiet      no warnings about registry oddities\n"
"      --strict     treat any warning as an error\n"
"  -h, --help       this text\n"
"\n"
"DB is replaced by rename only when every source parsed; on any error\n"
"it is left as it was.  exit status: 0 success, 1 failure, 2 usage\n";

int
compile_db(const char *out, char *const *sources, size_t nsources,
    int quiet, int strict)
{
	char err[512], date[16];
	size_t i, len;
	unsigned char *img;
	struct model m;
	struct ipdb db;
	int rc;

	model_init(&m);
	for (i = 0; i < nsources; i++) {
		struct src_ctx ctx = { .path = sources[i], .model = &m,
		    .quiet = quiet };

		if (src_read_file(&ctx, sources[i]) < 0) {
			errorx("%s", ctx.error);
			errorx("%s left unchanged", out);
			model_free(&m);
			return EXIT_FAIL;
		}
	}
	if (strict && m.warnings) {
		errorx("%u warnings, and --strict: %s left unchanged",
		    m.warnings, out);
		model_free(&m);
		return EXIT_FAIL;
	}
	if (model_build(&m) < 0 || ipdb_build(&m, &img, &len) < 0) {
		errorx("too many entries for the database format: %s left "
		    "unchanged", out);
		model_free(&m);
		return EXIT_FAIL;
	}
	/* Never write what the reader would refuse. */
	if ((rc = ipdb_parse(&db, img, len, IPDB_VERIFY)) != IPDB_OK) {
		errorx("internal error: the new database is invalid (%s): "
		    "%s left unchanged", ipdb_strerror(rc), out);
		free(img);
		model_free(&m);
		return EXIT_FAIL;
	}
	if (ipdb_write_file(out, img, len, err, sizeof(err)) < 0) {
		errorx("%s", err);
		free(img);
		model_free(&m);
		return EXIT_FAIL;
	}
	printf("%s: %zu entries, %zu names, %zu aliases, %u source%s, "
	    "registry %s", out, m.nentries, m.ndistinct_names, m.naliases,
	    m.nsources, m.nsources == 1 ? "" : "s",
	    registry_date(m.date, date));
	if (m.excerpt_date > m.date)
		printf(" (an excerpt of %s)", registry_date(m.excerpt_date,
		    date));
	if (m.warnings)
		printf(", %u warning%s", m.warnings, m.warnings == 1 ? "" : "s");
	putchar('\n');
	free(img);
	model_free(&m);
	return EXIT_OK;
}

int
cmd_compile(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "strict", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *out = default_db();
	char **sources;
	size_t nsources, i;
	int quiet = 0, strict = 0, owned = 0, c, rc;

	while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'q': quiet = 1; break;
		case 'S': strict = 1; break;
		case 'h': fputs(usage, stdout); return EXIT_OK;
		default: fputs(usage, stderr); return EXIT_USAGE;
		}
	}
	sources = argv + optind;
	nsources = (size_t)(argc - optind);
	if (!nsources) {
		sources_default(NULL, NULL, &sources, &nsources, NULL);
		owned = 1;
		if (!nsources) {
			errorx("no source given, and none found in %s",
			    SOURCES_FILE);
			free(sources);
			return EXIT_FAIL;
		}
		fprintf(stderr, "ianaports: sources:");
		for (i = 0; i < nsources; i++)
			fprintf(stderr, " %s", sources[i]);
		fputc('\n', stderr);
	}

	rc = compile_db(out, sources, nsources, quiet, strict);
	if (owned)
		sources_free(sources, nsources);
	/* What nscd cached came from the database just replaced. */
	if (rc == EXIT_OK && !strcmp(out, IANAPORTS_DB_PATH))
		nscd_invalidate();
	return rc;
}
