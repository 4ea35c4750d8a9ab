/* SPDX-License-Identifier: MIT */
/* The ianaports command: dispatch to the subcommands. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ipdb.h"

static const char usage[] =
"usage: ianaports COMMAND [OPTIONS] [ARGS]\n"
"\n"
"Compile the IANA service name and port number registry into the\n"
"database the NSS module libnss_ianaports.so.2 serves.\n"
"\n"
"commands, with every option each takes:\n"
"  compile [-o DB] [-q] [--strict] [-f] [SOURCE...]\n"
"        build the database\n"
"  query [-d DB] NAME[/PROTO] | PORT[/PROTO]...\n"
"        look services up\n"
"  dump [-d DB | DB]\n"
"        print the database as services(5)\n"
"  verify [-d DB | DB]\n"
"        check a database file\n"
"  update [--force] [-o DB] [--state-dir DIR] [-v] [[--url] URL | FILE]\n"
"        fetch the registry, recompile\n"
"  diff [-s] OLD NEW\n"
"        what changed from OLD to NEW\n"
"\n"
"  -h, --help     this text\n"
"  -V, --version  the version of ianaports and of its database format\n"
"\n"
"Run 'ianaports COMMAND --help' for what each option does.\n"
"exit status: 0 success, 1 failure, 2 usage error, 3 not found (query);\n"
"diff: 0 same, 1 different, 2 trouble\n";

const char *
default_db(void)
{
	const char *p = getenv("IANAPORTS_DB");

	return p && *p ? p : IANAPORTS_DB_PATH;
}

void
errorx(const char *fmt, ...)
{
	va_list ap;

	fputs("ianaports: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
say_untouched(const char *path, int existed)
{
	errorx("%s %s", path, existed ? "left unchanged" : "not written");
}

const char *
registry_date(uint32_t d, char buf[16])
{
	if (!d)
		return strcpy(buf, "unknown");
	snprintf(buf, 16, "%04u-%02u-%02u", d / 10000 % 10000, d / 100 % 100,
	    d % 100);
	return buf;
}

int
empty_path(const char *path, const char *what)
{
	if (*path)
		return 0;
	errorx("an empty path given as %s", what);
	return 1;
}

/* Whether PATH is DIR or lies below it. */
static int
is_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return !strncmp(path, dir, n) && (path[n] == '/' || !path[n]);
}

const char *
needs_root(int err, const char *path, const char *doing)
{
	static char hint[128];

	if ((err != EACCES && err != EPERM) || geteuid() == 0 ||
	    (!is_under(path, IANAPORTS_DBDIR) &&
	    strcmp(path, IANAPORTS_DB_PATH)))
		return "";
	snprintf(hint, sizeof(hint), " (%s needs root)", doing);
	return hint;
}

int
is_help(const char *arg)
{
	return !strcmp(arg, "-h") || !strcmp(arg, "--help");
}

int
main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {
		{ "compile", cmd_compile }, { "query", cmd_query },
		{ "dump", cmd_dump }, { "verify", cmd_verify },
		{ "update", cmd_update }, { "diff", cmd_diff },
	};
	size_t i;

	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (is_help(argv[1])) {
		fputs(usage, stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		printf("ianaports %s\ndatabase format %u.%u\n",
		    IANAPORTS_VERSION, IPDB_MAJOR, IPDB_MINOR);
		return EXIT_OK;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	errorx("unknown command \"%s\" (see 'ianaports --help')", argv[1]);
	return EXIT_USAGE;
}
