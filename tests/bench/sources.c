/* SPDX-License-Identifier: MIT */
/* The sources the benchmark and the differential check compare, and the
 * command line that sets them up (tests/bench/run.sh passes the files).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

struct source src[NSRC] = {
	[S_IANAPORTS] = { .key = "ianaports", .label = "ianaports",
		.service = "ianaports", .on = 1 },
	[S_NULL] = { .key = "null", .label = "null module (floor)",
		.service = "ianapnull", .on = 1 },
	[S_FIXED] = { .key = "fixed", .label = "one fixed answer (floor)",
		.service = "ianapfixed", .on = 1 },
	/* The same two through /etc/nsswitch.conf, as programs call them:
	   glibc then also checks that file for changes on every lookup. */
	[S_IANAPORTS_NSW] = { .key = "ianaports-nsswitch",
		.label = "ianaports, nsswitch.conf", .on = 1,
		.nsswitch = "ianaports" },
	[S_NULL_NSW] = { .key = "null-nsswitch",
		.label = "null module, nsswitch.conf", .on = 1,
		.nsswitch = "ianapnull" },
	[S_FILES] = { .key = "files", .label = "nss_files, full rendering",
		.service = "files", .on = 1 },
	[S_NETBASE] = { .key = "netbase", .label = "nss_files, netbase",
		.service = "files", .on = 1 },
	[S_DB] = { .key = "db", .label = "libnss-db, full rendering",
		.service = "db", .on = 1 },
	[S_NSCD] = { .key = "nscd", .label = "nscd warm, shared cache",
		.on = 1 },
	[S_NSCD_SOCK] = { .key = "nscd-socket",
		.label = "nscd warm, socket only" },
};

struct options opt = {
	.blocks = 100, .passes = 11, .budget_ms = 80, .timed_reps = 11,
	.first_query = "http/tcp", .cold_query = "zigbee-ip/tcp",
	.cold_runs = 301,
};

void
die(const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", program_invocation_short_name);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(2);
}

void *
xmalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (!p)
		die("%s", "out of memory");
	return p;
}

char *
xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		die("%s", "out of memory");
	return p;
}

static const char *usage_msg;

void
usage(void)
{
	fputs(usage_msg, stderr);
	exit(2);
}

int
parse_options(int argc, char **argv, const char *usage_text)
{
	static const struct option opts[] = {
		{ "services", required_argument, NULL, 's' },
		{ "db", required_argument, NULL, 'd' },
		{ "out", required_argument, NULL, 'o' },
		{ "netbase", required_argument, NULL, 'n' },
		{ "no-db", no_argument, NULL, 'D' },
		{ "no-nscd", required_argument, NULL, 'N' },
		{ "blocks", required_argument, NULL, 'b' },
		{ "passes", required_argument, NULL, 'p' },
		{ "budget-ms", required_argument, NULL, 'm' },
		{ "time", required_argument, NULL, 't' },
		{ "time-reps", required_argument, NULL, 'r' },
		{ "query", required_argument, NULL, 'q' },
		{ "cold-query", required_argument, NULL, 'Q' },
		{ "cold-runs", required_argument, NULL, 'R' },
		{ "nscd-socket", required_argument, NULL, 'S' },
		{ "nscd-socket-dir", required_argument, NULL, 'T' },
		{ 0 },
	};
	int c, i;
	char *eq;

	usage_msg = usage_text;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's': opt.services = optarg; break;
		case 'd': opt.db = optarg; break;
		case 'o': opt.out = optarg; break;
		case 'n': src[S_NETBASE].bind = optarg; break;
		case 'D':
			src[S_DB].on = 0;
			snprintf(src[S_DB].why, sizeof src[S_DB].why, "%s",
			    "--no-db");
			break;
		case 'N':
			for (i = S_NSCD; i <= S_NSCD_SOCK; i++) {
				src[i].on = 0;
				snprintf(src[i].why, sizeof src[i].why, "%s",
				    optarg);
			}
			opt.no_nscd = 1;
			break;
		case 'S':
			src[S_NSCD_SOCK].nscd_conf = optarg;
			src[S_NSCD_SOCK].on = !opt.no_nscd;
			break;
		case 'T': src[S_NSCD_SOCK].nscd_dir = optarg; break;
		case 'b': opt.blocks = atoi(optarg); break;
		case 'p': opt.passes = atoi(optarg); break;
		case 'm': opt.budget_ms = atof(optarg); break;
		case 'r': opt.timed_reps = atoi(optarg); break;
		case 'q': opt.first_query = optarg; break;
		case 'Q': opt.cold_query = optarg; break;
		case 'R': opt.cold_runs = atoi(optarg); break;
		case 't':
			if (opt.ntimed == MAXTIMED ||
			    !(eq = strchr(optarg, '=')))
				usage();
			*eq = 0;
			opt.timed_label[opt.ntimed] = optarg;
			opt.timed_cmd[opt.ntimed++] = eq + 1;
			break;
		default: usage();
		}
	}
	if (opt.blocks < 1 || opt.passes < 1 || opt.passes > MAXPASS ||
	    opt.cold_runs < 1)
		usage();
	if (!src[S_NETBASE].bind) {
		src[S_NETBASE].on = 0;
		snprintf(src[S_NETBASE].why, sizeof src[S_NETBASE].why, "%s",
		    "no --netbase");
	}
	return optind;
}
