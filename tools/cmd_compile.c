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

#define SOURCES_FILE IANAPORTS_SYSCONFDIR "/ianaports/sources"

/* Sources from the configuration file: each line names one source, or
   several alternatives of which the first that exists is used. */
static int
config_sources(char ***out, size_t *n)
{
	FILE *f = fopen(SOURCES_FILE, "re");
	char line[4096], *tok, *save;
	size_t cap = 0;

	*n = 0;
	if (!f) {
		/* No configuration: what packaging/sources.conf says, the
		   local file, then the newest registry on the machine (the
		   one `ianaports update` keeps, Debian's ipv6toolkit copy,
		   the sample), so that compile and update agree. */
		static char *fallback[] = { "/etc/services",
		    IANAPORTS_DBDIR "/registry.xml",
		    "/usr/share/ipv6toolkit/service-names-port-numbers.csv",
		    IANAPORTS_DATADIR "/sample-registry.txt" };
		size_t i;

		*out = malloc(sizeof(fallback));
		if (!*out)
			abort();
		if (!access(fallback[0], R_OK))
			(*out)[(*n)++] = strdup(fallback[0]);
		for (i = 1; i < 4; i++)
			if (!access(fallback[i], R_OK)) {
				(*out)[(*n)++] = strdup(fallback[i]);
				break;
			}
		for (i = 0; i < *n; i++)
			if (!(*out)[i])
				abort();
		return 0;
	}
	*out = NULL;
	while (fgets(line, sizeof(line), f)) {
		char *hash = strchr(line, '#');

		if (hash)
			*hash = 0;
		for (tok = strtok_r(line, " \t\r\n", &save); tok;
		    tok = strtok_r(NULL, " \t\r\n", &save)) {
			if (access(tok, R_OK))
				continue;
			if (*n == cap) {
				cap = cap ? 2 * cap : 8;
				*out = realloc(*out, cap * sizeof(**out));
				if (!*out)
					abort();
			}
			if (!((*out)[(*n)++] = strdup(tok)))
				abort();
			break;
		}
	}
	fclose(f);
	return 0;
}

static void
print_date(FILE *f, uint32_t d)
{
	if (d)
		fprintf(f, "%04u-%02u-%02u", d / 10000, d / 100 % 100, d % 100);
	else
		fputs("unknown", f);
}

/* Merge SOURCES into the database OUT; an exit status. */
static int
compile_sources(const char *out, char **sources, size_t nsources, int quiet,
    int strict)
{
	char err[512];
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
	    "registry ", out, m.nentries, m.ndistinct_names, m.naliases,
	    m.nsources, m.nsources == 1 ? "" : "s");
	print_date(stdout, m.date);
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
		config_sources(&sources, &nsources);
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

	rc = compile_sources(out, sources, nsources, quiet, strict);
	if (owned) {
		for (i = 0; i < nsources; i++)
			free(sources[i]);
		free(sources);
	}
	return rc;
}
