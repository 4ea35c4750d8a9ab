/* SPDX-License-Identifier: MIT */
/* The benchmark's own parts (ipbench), beside what it shares with the
 * differential check (bench.h): timing, the memory and page-fault probes,
 * the cold path, the report and the chart.
 */
#ifndef IANAPORTS_IPBENCH_H
#define IANAPORTS_IPBENCH_H

#include "bench.h"

/* timing.c: median of the N values V, their least in LO, greatest in
   HI (all 0 for none). */
double median(const double *v, int n, double *lo, double *hi);
void warm_up(void);
void lookup_passes(void);

/* Spawn the space-separated command line CMDLINE, its output to
   /dev/null: its exit status, or -1; the wall time, spawn to exit, in
   NS, and the CPU time it used in CPU_NS (unless NULL). */
int run_cmd(const char *cmdline, int64_t *ns, int64_t *cpu_ns);

/* The --time commands, every one once a round, rounds interleaved. */
struct timed {
	double ms[MAXPASS];
	int n;
	int fails;
};
extern struct timed timed[MAXTIMED];
void timed_commands(void);
int timed_find(const char *label);
double timed_median(int i, double *lo, double *hi);

/* How many more lookups 2 threads of one process do than 1, and 2
   processes of one thread each, at once (-1: not measured). */
struct scaling {
	double threads, processes;
};
struct scaling scaling(struct source *s, int direct);

/* memory.c: a first lookup's memory, from "ipbench first SERVICE". */
struct first {
	int ok, found;
	char sections[256];
	long rss, minflt, majflt, db_rss, db_read, fa, ws, ws_rss, bound;
	long db_kib, replay;
};
int first_main(const char *service);
void first_of(const char *service, struct first *f);

/* cold.c: a fresh process's first lookup, many fresh processes a
   source. */
enum { C_IANAPORTS, C_IANAPORTS_DISK, C_NULL, C_FIXED, C_MAPPED, C_READ,
	C_NETBASE, C_FILES, NCOLD };
struct cold_source {
	const char *label, *service;
	int netbase;		/* nss_files over netbase's /etc/services */
	int from_disk;		/* a copy of the database read back from disk */
	int n, ng, fails, found;
	double *us, *cpu_us;	/* the first lookup, inside the process */
	double *minflt, *kib;	/* the minor faults and KiB it adds */
	double *getent_ms;	/* getent -s SERVICE services QUERY */
	double *getent_cpu_ms;	/* the CPU time that getent used */
};
struct cold {
	int runs;
	char why[128];		/* why nothing was measured */
	struct cold_source s[NCOLD];
};
void cold_measure(struct cold *c);
void report_cold(const struct cold *c);
void targets_cold(const struct cold *c);

/* report.c */
void target(int known, int met, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
double src_median(const struct source *s, double *lo, double *hi);
void report(const struct cold *cold);
void report_scaling(const struct scaling *glibc, const struct scaling *null,
    const struct scaling *direct);
/* The line that counts the targets met and not met. */
void report_count(void);

/* chart.c: the warm lookups' figures and the cold path's C. */
void write_chart_data(const struct cold *c);

#endif
