/* SPDX-License-Identifier: MIT */
/* ipbench: getservbyname_r and getservbyport_r through the real glibc,
 * over one mixed query set drawn from a services(5) rendering of the full
 * registry, for several sources at once (bench.h), warm in long-lived
 * processes and cold in fresh ones (cold.c).
 *
 * Everything else the report needs (compile times, enumeration, a first
 * lookup's memory, thread scaling through glibc and with the module's
 * functions called directly) is measured here too, so that one program
 * prints one report with every target judged from its figures.  Whether
 * the sources answer alike is the differential check's job (ipdiff),
 * which `make bench` runs first.
 *
 *   ipbench --services R --db DB --out DIR ...   the whole benchmark
 *   ipbench cold --services R --db DB --out DIR  the cold path alone
 *   ipbench first --services R SERVICE           a first lookup's memory,
 *                                                in a process of its own
 */
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "ipbench.h"

static const char usage_text[] =
    "usage: ipbench [cold] --services RENDERING --db DB --out DIR\n"
    "         [--netbase FILE] [--no-db] [--no-nscd WHY] [--blocks N]\n"
    "         [--passes N] [--budget-ms MS] [--time LABEL=CMD]... "
    "[--time-reps N]\n"
    "         [--nscd-socket CONF --nscd-socket-dir DIR] [--query Q]\n"
    "         [--cold-query Q] [--cold-runs N]\n"
    "       ipbench first [--services R] [--db DB] [--query Q] "
    "SERVICE\n";

/* The cold path alone, for work on it: its table and its targets. */
static int
cold_main(void)
{
	struct cold cold;

	cold_measure(&cold);
	report_cold(&cold);
	printf("\ntargets:\n");
	targets_cold(&cold);
	report_count();
	return 0;
}

int
main(int argc, char **argv)
{
	const char *mode = argc > 1 && argv[1][0] != '-' ? argv[1] : "";
	struct scaling glibc, null, direct;
	struct cold cold;
	int first = strcmp(mode, "first") == 0;
	int cold_only = strcmp(mode, "cold") == 0;
	int i;

	if (*mode)
		argc--, argv++;
	i = parse_options(argc, argv, usage_text);
	if ((*mode && !first && !cold_only) || !opt.services ||
	    (first && i != argc - 1) ||
	    (!first && (!opt.db || !opt.out || i != argc)))
		usage();
	if (cold_only)
		return cold_main();
	read_services(opt.services);
	make_queries(opt.blocks);
	if (first)
		return first_main(argv[i]);
	if (src[S_NSCD_SOCK].on && !src[S_NSCD_SOCK].nscd_dir)
		usage();
	start_all();
	warm_up();
	lookup_passes();
	glibc = scaling(&src[S_IANAPORTS], 0);
	null = scaling(&src[S_NULL], 0);
	direct = scaling(&src[S_IANAPORTS], 1);
	timed_commands();
	stop_all();
	cold_measure(&cold);
	write_chart_data(&cold);
	report(&cold);
	report_scaling(&glibc, &null, &direct);
	report_count();
	return 0;
}
