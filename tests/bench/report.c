/* SPDX-License-Identifier: MIT */
/* The report: the tables of every figure measured, and each target
 * judged from them, met or not.
 */
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>

#include "bench.h"
#include "ipbench.h"

static int nmet, nnot;

void
target(int known, int met, const char *what, const char *fmt, ...)
{
	va_list ap;

	printf("  %-8s %s: ", !known ? "unknown" : met ? "met" : "NOT MET",
	    what);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (known)
		*(met ? &nmet : &nnot) += 1;
}

double
src_median(const struct source *s, double *lo, double *hi)
{
	return median(s->mixed, s->npass, lo, hi);
}

static void
report_lookups(void)
{
	double ia, ialo, iahi, m, lo, hi, nm, np, x, y;
	int i;

	ia = src_median(&src[S_IANAPORTS], &ialo, &iahi);
	printf("\nlookups through glibc (getservbyname_r, getservbyport_r), "
	    "ns per lookup,\nmedian [min..max] of %d interleaved passes:\n",
	    opt.passes);
	printf("  %-28s %8s %22s %9s %9s %12s\n", "source", "lookups",
	    "mixed", "by name", "by port", "/ ianaports");
	for (i = 0; i < NSRC; i++) {
		const struct source *s = &src[i];
		char range[64];

		if (!s->npass) {
			printf("  %-28s (not measured: %s)\n", s->label,
			    s->why[0] ? s->why : "off");
			continue;
		}
		m = src_median(s, &lo, &hi);
		nm = median(s->name, s->npass, &x, &y);
		np = median(s->port, s->npass, &x, &y);
		snprintf(range, sizeof range, "%.0f [%.0f..%.0f]", m, lo, hi);
		printf("  %-28s %8d %22s %9.0f %9.0f %11.2fx\n", s->label,
		    s->blocks * (BLOCK_NAME + BLOCK_PORT) * s->reps, range,
		    nm, np, ia > 0 ? m / ia : 0);
	}
}

static void
report_size(void)
{
	struct stat sd, sr;

	if (opt.db && opt.services && !stat(opt.db, &sd) &&
	    !stat(opt.services, &sr))
		printf("\nsize: database %lld bytes, its services(5) "
		    "rendering %lld bytes: %.2fx\n",
		    (long long)sd.st_size, (long long)sr.st_size,
		    (double)sd.st_size / (double)sr.st_size);
}

static void
report_timed(void)
{
	double lo, hi, v;
	int i;

	printf("\nwhole-process timings, ms, median [min..max] of %d "
	    "interleaved runs:\n", opt.timed_reps);
	for (i = 0; i < opt.ntimed; i++) {
		if (!timed[i].n) {
			printf("  %-18s failed (%s)\n", opt.timed_label[i],
			    opt.timed_cmd[i]);
			continue;
		}
		v = timed_median(i, &lo, &hi);
		printf("  %-18s %8.2f [%.2f..%.2f]  %s\n", opt.timed_label[i],
		    v, lo, hi, opt.timed_cmd[i]);
	}
}

static void
report_first(const struct first *fi, const struct first *fn,
    const struct first *ff)
{
	printf("\na fresh process's first lookup of %s (extra resident "
	    "KiB, page faults):\n", opt.first_query);
	if (fi->ok)
		printf("  ianaports: +%ld KiB, %ld minor, %ld major; database "
		    "mapping resident: %ld of %ld KiB;\n    a repeat of that "
		    "lookup references %ld KiB of it; the kernel maps up to %ld "
		    "KiB for one touched\n    page of the file (fault-around, "
		    "or a whole large folio of the page cache), and\n    %ld "
		    "KiB for the pages of the reader's own replay of the lookup "
		    "where the module's\n    mapping lies\n", fi->rss,
		    fi->minflt, fi->majflt, fi->db_rss, fi->db_kib,
		    fi->db_read, fi->fa, fi->replay);
	if (fn->ok)
		printf("  null module: +%ld KiB, %ld minor, %ld major\n",
		    fn->rss, fn->minflt, fn->majflt);
	if (ff->ok)
		printf("  nss_files (full rendering): +%ld KiB, %ld minor, "
		    "%ld major\n", ff->rss, ff->minflt, ff->majflt);
	if (fi->ok)
		printf("  database pages every lookup of a full sweep "
		    "touches: %ld KiB (lookup sections: %ld KiB;\n    "
		    "mapped after the sweep: %ld KiB)\n    lookup sections: "
		    "%s\n", fi->ws, fi->bound, fi->ws_rss, fi->sections);
}

/* The warm lookups' targets, from the interleaved passes. */
static void
targets_warm(void)
{
	const struct source *ia = &src[S_IANAPORTS], *nul = &src[S_NULL];
	double a, n, lo, hi, v, w;

	a = src_median(ia, &lo, &hi);
	n = src_median(nul, &lo, &hi);
	v = src[S_FIXED].npass ? src_median(&src[S_FIXED], &lo, &hi) : 0;
	target(ia->npass && nul->npass, a <= 1.5 * n,
	    "warm lookups within 1.5x the null floor",
	    "%.0f ns vs %.0f ns: %.2fx (by name %.2fx, by port %.2fx; "
	    "a fixed answer, no lookup: %.2fx)", a, n,
	    n > 0 ? a / n : 0,
	    median(ia->name, ia->npass, &lo, &hi) /
	    median(nul->name, nul->npass, &lo, &hi),
	    median(ia->port, ia->npass, &lo, &hi) /
	    median(nul->port, nul->npass, &lo, &hi), n > 0 ? v / n : 0);
	if (src[S_IANAPORTS_NSW].npass && src[S_NULL_NSW].npass) {
		v = src_median(&src[S_IANAPORTS_NSW], &lo, &hi);
		w = src_median(&src[S_NULL_NSW], &lo, &hi);
		printf("           through nsswitch.conf, as programs call "
		    "it (glibc checks the file every lookup):\n"
		    "           %.0f ns vs %.0f ns: %.2fx\n", v, w,
		    w > 0 ? v / w : 0);
	}
	v = src_median(&src[S_NSCD], &lo, &hi);
	w = src_median(&src[S_NSCD_SOCK], &lo, &hi);
	target(src[S_NSCD].npass && ia->npass, v >= 10 * a,
	    ">=10x faster than nscd warm",
	    "shared cache (Debian's default) %.0f ns vs %.0f ns: %.2fx; "
	    "over the socket (shared no) %.0f ns: %.0fx", v, a,
	    a > 0 ? v / a : 0, w, a > 0 ? w / a : 0);
	v = src_median(&src[S_DB], &lo, &hi);
	target(src[S_DB].npass && ia->npass, v >= 1000 * a,
	    ">=1000x faster than libnss-db", "%.0f ns vs %.0f ns: %.0fx", v,
	    a, a > 0 ? v / a : 0);
}

/* The whole-process commands' targets. */
static void
targets_timed(void)
{
	double lo, hi, v, w;
	int i, j, k;

	i = timed_find("enum-ianaports");
	j = timed_find("enum-files");
	target(i >= 0 && j >= 0, i >= 0 && j >= 0 &&
	    timed_median(i, &lo, &hi) <= timed_median(j, &lo, &hi),
	    "enumeration no slower than nss_files over the rendering",
	    "getent services: %.2f ms vs %.2f ms",
	    i >= 0 ? timed_median(i, &lo, &hi) : 0,
	    j >= 0 ? timed_median(j, &lo, &hi) : 0);
	i = timed_find("compile-xml");
	j = timed_find("makedb-xml");
	k = timed_find("compile-rendering");
	v = i >= 0 ? timed_median(i, &lo, &hi) : 0;
	w = j >= 0 ? timed_median(j, &lo, &hi) : 0;
	target(i >= 0, v <= 100,
	    "compile of the full XML within 100 ms on one CPU",
	    "%.1f ms; makedb over the same rendering %.1f ms "
	    "(ianaports compile of that rendering: %.1f ms)", v, w,
	    k >= 0 ? timed_median(k, &lo, &hi) : 0);
}

/* The memory targets, from the probe of a first lookup. */
static void
targets_memory(const struct first *fi)
{
	/* Judged by the sections lookups may read: the Referenced count
	   of a sweep comes back far too low on some kernels. */
	target(fi->ok && fi->bound > 0, fi->bound <= 256,
	    "the part of the database lookups touch fits in 256 KiB",
	    "lookup sections %ld KiB (a full sweep's Referenced count: "
	    "%ld KiB)", fi->bound, fi->ws);
	/* The kernel maps more than a lookup reads: whole large folios, or
	   fault-around windows that may straddle two of them, depending on
	   where the mapping lies.  The module meets the target when it has
	   no more resident than the reader's own replay of the lookup, at
	   the same place within a page table: it read nothing else. */
	target(fi->ok && fi->replay > 0 && fi->db_kib > 0,
	    fi->db_rss < fi->db_kib && fi->db_rss <= fi->replay,
	    "a first lookup faults in only the pages it reads",
	    "%ld of %ld KiB of the database resident after it; the kernel "
	    "maps %ld KiB for the pages a replay of the lookup reads (up to "
	    "%ld KiB for one page)", fi->db_rss, fi->db_kib, fi->replay,
	    fi->fa);
}

void
report(const struct cold *cold)
{
	struct first fi, fn, ff;

	report_lookups();
	report_size();
	report_timed();
	first_of("ianaports", &fi);
	first_of("ianapnull", &fn);
	first_of("files", &ff);
	report_first(&fi, &fn, &ff);
	report_cold(cold);
	printf("\ntargets:\n");
	targets_warm();
	targets_timed();
	targets_memory(&fi);
	targets_cold(cold);
}

/* The thread scaling's targets. */
void
report_scaling(const struct scaling *glibc, const struct scaling *null,
    const struct scaling *direct)
{
	/* Through glibc 2.36 no module can: its dispatch stores to a global
	   on every lookup (docs/benchmark.md).  The module's own part is
	   judged apart, calling it directly, against what two processes
	   doing the same get on this machine (they share nothing): a
	   written line shared between threads would cost far more than a
	   tenth. */
	target(glibc->threads > 0, glibc->threads >= 1.8,
	    "2 threads do twice the lookups of 1, through glibc",
	    "2 threads do %.2fx the lookups of 1, 2 processes %.2fx "
	    "(null module: %.2fx and %.2fx; met from 1.8x)",
	    glibc->threads, glibc->processes,
	    null->threads, null->processes);
	target(direct->threads > 0, direct->threads >= 1.8 ||
	    direct->threads >= 0.9 * direct->processes,
	    "the module alone: 2 threads do twice the lookups of 1",
	    "called directly, without glibc's dispatch, 2 threads "
	    "do %.2fx the lookups of 1, and 2 processes %.2fx (met "
	    "from 1.8x, or from 9/10 of what 2 processes do)",
	    direct->threads, direct->processes);
}

void
report_count(void)
{
	printf("targets: %d met, %d not met\n", nmet, nnot);
}
