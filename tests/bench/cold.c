/* SPDX-License-Identifier: MIT */
/* The cold path: a fresh process's first lookup, the figure that counts
 * for short-lived programs (a script's getent, a tool that resolves a
 * name once, a daemon at start-up).
 *
 * For each source, fresh processes of ipcold (coldlookup.c) each make one
 * lookup through glibc and report its time, timed inside the process,
 * and the minor faults and resident memory it adds; as many runs of
 * `getent -s SERVICE services QUERY` give the whole process's time, spawn
 * to exit.  Beside each wall time, the CPU time: on a shared machine it
 * leaves out the time other processes had the CPU.  The sources take
 * turns within each round, in an order shuffled every round (from a fixed
 * seed), all on one CPU, so that the machine's noise falls on all alike
 * and no source always runs after the same one: in a rotation, the one
 * after nss_files over the full rendering, whose parse of a 500 KB file
 * clears the caches, always paid for it.
 *
 * The null module is the floor: what glibc costs to load a module and
 * call it.  The fixed-answer one adds what an answer costs (getent then
 * prints it).  The mapped one is the floor for a module that serves from
 * a mapped file: the null module that also opens and maps the database
 * and reads its header.  The read one is the floor for a module that
 * reads the file at all: the null module that reads the database's first
 * page with pread() and maps nothing.
 *
 * ianaports is timed twice: over the database as the benchmark's compile
 * left it in the page cache, and over a copy that no process has read
 * yet, which the first lookup reads back from disk, as the first one
 * after a boot (or after the kernel reclaimed the file) does.  The two
 * differ in the page cache, not in the file: Linux holds what a compile
 * wrote in large folios, which one fault maps whole, and what a mapping
 * reads back in 4 KiB pages, of which a fault maps one 64 KiB window.
 */
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/wait.h>

#include "bench.h"
#include "ipbench.h"

extern char **environ;

static const struct cold_source cold_sources[NCOLD] = {
	[C_IANAPORTS] = { .label = "ianaports", .service = "ianaports" },
	[C_IANAPORTS_DISK] = { .label = "ianaports, DB from disk",
		.service = "ianaports", .from_disk = 1 },
	[C_NULL] = { .label = "null module (floor)", .service = "ianapnull" },
	[C_FIXED] = { .label = "one fixed answer",
		.service = "ianapfixed" },
	[C_MAPPED] = { .label = "null module, file mapped",
		.service = "ianapmapped" },
	[C_READ] = { .label = "null module, file read",
		.service = "ianapread" },
	[C_NETBASE] = { .label = "nss_files, netbase", .service = "files",
		.netbase = 1 },
	[C_FILES] = { .label = "nss_files, full rendering",
		.service = "files" },
};

/* The mount namespaces the samples run in: this process's own, where
   /etc/services is the full rendering, and one where netbase's file is
   bound over it.  Set before each spawn (setns), not in the child, so
   that no sample pays for a mount. */
static int ns_own = -1, ns_netbase = -1;

static int
netbase_namespace(void)
{
	const char *file = src[S_NETBASE].bind;

	if (!file || (ns_own = open("/proc/self/ns/mnt", O_RDONLY |
	    O_CLOEXEC)) < 0)
		return -1;
	if (unshare(CLONE_NEWNS) < 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount(file, "/etc/services", NULL, MS_BIND, NULL) < 0 ||
	    (ns_netbase = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	return setns(ns_own, CLONE_NEWNS);
}

/* The database the module serves ($IANAPORTS_DB), and the copy of it
   that the from_disk source is given. */
static char db_default[PATH_MAX], db_disk[PATH_MAX];

/* Copy FROM to TO, write it to disk and drop it from the page cache, so
   that the first process to read it reads it back from disk: 0, or -1. */
static int
copy_to_disk(const char *from, const char *to)
{
	char buf[65536];
	ssize_t n = 0;
	int in, out, rc = -1;

	if ((in = open(from, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	while (out >= 0 && (n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n)
			break;
	if (out >= 0 && n == 0 && fdatasync(out) == 0 &&
	    posix_fadvise(out, 0, 0, POSIX_FADV_DONTNEED) == 0)
		rc = 0;
	if (out >= 0)
		close(out);
	close(in);
	return rc;
}

/* Set up the copy that the from_disk source reads, beside the benchmark's
   other files: 0, or -1 with db_disk empty (that source is then not
   measured). */
static int
disk_database(void)
{
	const char *db = getenv("IANAPORTS_DB");

	if (db && opt.out && strlen(db) < sizeof db_default) {
		strcpy(db_default, db);
		if ((size_t)snprintf(db_disk, sizeof db_disk,
		    "%s/cold-disk.db", opt.out) < sizeof db_disk &&
		    copy_to_disk(db_default, db_disk) == 0)
			return 0;
	}
	db_disk[0] = 0;
	return -1;
}

/* Into S's namespace, with its database: 0, or -1 when there is none. */
static int
enter(const struct cold_source *s)
{
	if (s->from_disk && !db_disk[0])
		return -1;
	if (db_default[0])
		setenv("IANAPORTS_DB", s->from_disk ? db_disk : db_default, 1);
	if (s->netbase)
		return ns_netbase >= 0 ? setns(ns_netbase, CLONE_NEWNS) : -1;
	return ns_own >= 0 ? setns(ns_own, CLONE_NEWNS) : 0;
}

/* Run PATH with ARGV, its standard output into OUT (LEN bytes, NUL
   terminated): its exit status, or -1. */
static int
spawn_read(const char *path, char *const argv[], char *out, size_t len)
{
	posix_spawn_file_actions_t fa;
	size_t got = 0;
	ssize_t n;
	int fd[2], status;
	pid_t pid;

	out[0] = 0;
	if (pipe2(fd, O_CLOEXEC) < 0)
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd[1], 1);
	n = posix_spawn(&pid, path, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fd[1]);
	if (n) {
		close(fd[0]);
		return -1;
	}
	while (got + 1 < len &&
	    (n = read(fd[0], out + got, len - 1 - got)) > 0)
		got += (size_t)n;
	out[got] = 0;
	close(fd[0]);
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* One fresh process's first lookup for S. */
static void
cold_sample(const char *ipcold, struct cold_source *s, const char *query)
{
	char *argv[] = { "ipcold", (char *)s->service, (char *)query, NULL };
	char out[256];
	long long ns, cpu_ns;
	long minflt, majflt, kib;
	int found;

	if (spawn_read(ipcold, argv, out, sizeof out) != 0 ||
	    sscanf(out, "ns=%lld cpu_ns=%lld minflt=%ld majflt=%ld kib=%ld "
	    "found=%d", &ns, &cpu_ns, &minflt, &majflt, &kib, &found) != 6) {
		s->fails++;
		return;
	}
	s->us[s->n] = (double)ns / 1e3;
	s->cpu_us[s->n] = (double)cpu_ns / 1e3;
	s->minflt[s->n] = (double)minflt;
	s->kib[s->n] = (double)kib;
	s->found = found;
	s->n++;
}

/* One whole getent for S; its exit status 2 (not found) counts as a run,
   since the null module finds nothing. */
static void
getent_sample(struct cold_source *s, const char *query)
{
	char cmd[256];
	int64_t ns, cpu_ns;
	int rc;

	snprintf(cmd, sizeof cmd, "getent -s %s services %s", s->service,
	    query);
	rc = run_cmd(cmd, &ns, &cpu_ns);
	if (rc != 0 && rc != 2) {
		s->fails++;
		return;
	}
	s->getent_cpu_ms[s->ng] = (double)cpu_ns / 1e6;
	s->getent_ms[s->ng++] = (double)ns / 1e6;
}

/* Run the samples on one CPU, the last one this process may use, and
   give back the set it had: a fresh process that migrates between CPUs
   mid-lookup, or lands on one that another program keeps busy, is noise
   the sources would not share alike.  Returns whether it did. */
static int
one_cpu(cpu_set_t *saved)
{
	cpu_set_t one;
	int cpu;

	if (sched_getaffinity(0, sizeof *saved, saved) < 0)
		return 0;
	for (cpu = CPU_SETSIZE - 1; cpu >= 0 && !CPU_ISSET(cpu, saved);
	    cpu--)
		;
	if (cpu < 0)
		return 0;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	return sched_setaffinity(0, sizeof one, &one) == 0;
}

/* ORDER, the sources' indices, in a new order (Fisher-Yates, xorshift
   from a fixed seed: every run draws the same orders). */
static void
shuffle(int order[NCOLD])
{
	static uint64_t x = 0x9e3779b97f4a7c15ull;
	int i, j, t;

	for (i = NCOLD - 1; i > 0; i--) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		j = (int)((x >> 11) % (uint64_t)(i + 1));
		t = order[i], order[i] = order[j], order[j] = t;
	}
}

/* ipcold, beside this program. */
static int
ipcold_path(char *out, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", out, len - sizeof "/ipcold");
	char *slash;

	if (n <= 0)
		return -1;
	out[n] = 0;
	if (!(slash = strrchr(out, '/')))
		return -1;
	strcpy(slash, "/ipcold");
	return access(out, X_OK);
}

void
cold_measure(struct cold *c)
{
	char ipcold[PATH_MAX];
	cpu_set_t cpus;
	int order[NCOLD], r, j, cwd, pinned;

	memset(c, 0, sizeof *c);
	memcpy(c->s, cold_sources, sizeof c->s);
	c->runs = opt.cold_runs;
	if (ipcold_path(ipcold, sizeof ipcold) < 0) {
		snprintf(c->why, sizeof c->why, "no ipcold beside ipbench");
		return;
	}
	/* setns() moves the working directory to the namespace's root. */
	cwd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (disk_database() < 0)
		snprintf(c->why, sizeof c->why, "no copy of the database "
		    "could be read back from disk");
	if (netbase_namespace() < 0)
		snprintf(c->why, sizeof c->why, "netbase: cannot bind its "
		    "file on /etc/services");
	for (j = 0; j < NCOLD; j++) {
		struct cold_source *s = &c->s[j];

		size_t n = (size_t)c->runs * sizeof(double);

		s->us = xmalloc(n);
		s->cpu_us = xmalloc(n);
		s->minflt = xmalloc(n);
		s->kib = xmalloc(n);
		s->getent_ms = xmalloc(n);
		s->getent_cpu_ms = xmalloc(n);
	}
	pinned = one_cpu(&cpus);
	for (j = 0; j < NCOLD; j++)
		order[j] = j;
	for (r = 0; r < c->runs; r++) {
		shuffle(order);
		for (j = 0; j < NCOLD; j++) {
			struct cold_source *s = &c->s[order[j]];

			if (enter(s) == 0)
				cold_sample(ipcold, s, opt.cold_query);
		}
		shuffle(order);
		for (j = 0; j < NCOLD; j++) {
			struct cold_source *s = &c->s[order[j]];

			if (enter(s) == 0)
				getent_sample(s, opt.cold_query);
		}
	}
	if (pinned)
		sched_setaffinity(0, sizeof cpus, &cpus);
	if (ns_own >= 0)
		setns(ns_own, CLONE_NEWNS);
	if (cwd >= 0 && fchdir(cwd) == 0)
		close(cwd);
	if (db_default[0])
		setenv("IANAPORTS_DB", db_default, 1);
}

/* The median of the N values V, or -1 when there are none. */
static double
mid(const double *v, int n)
{
	double lo, hi;

	return n ? median(v, n, &lo, &hi) : -1;
}

/* A over B; 0 when B is unknown. */
static double
ratio(double a, double b)
{
	return b > 0 ? a / b : 0;
}

/* How far A lies above B, in per cent; 0 when B is unknown. */
static double
above(double a, double b)
{
	return b > 0 ? (ratio(a, b) - 1) * 100 : 0;
}

void
report_cold(const struct cold *c)
{
	const struct cold_source *nul = &c->s[C_NULL];
	double fl = mid(nul->us, nul->n), gl = mid(nul->getent_ms, nul->ng);
	double lo, hi, m, g;
	char a[64], b[64];
	int j;

	printf("\na fresh process's first lookup of %s through glibc, timed "
	    "inside the process,\nwith the minor faults and resident KiB it "
	    "adds, and the whole `getent -s SOURCE\nservices %s`, spawn to "
	    "exit; wall time median [min..max], and CPU time median,\nof %d "
	    "fresh processes each, interleaved:\n", opt.cold_query,
	    opt.cold_query, c->runs);
	if (c->why[0])
		printf("  (%s)\n", c->why);
	printf("  %-26s %22s %7s %7s %6s %5s %22s %6s %7s\n", "source",
	    "first lookup, us", "CPU us", "/ null", "faults", "+KiB",
	    "getent, ms", "CPU ms", "/ null");
	for (j = 0; j < NCOLD; j++) {
		const struct cold_source *s = &c->s[j];

		if (!s->n || !s->ng) {
			printf("  %-26s (not measured: %d failed)\n", s->label,
			    s->fails);
			continue;
		}
		m = median(s->us, s->n, &lo, &hi);
		snprintf(a, sizeof a, "%.0f [%.0f..%.0f]", m, lo, hi);
		g = median(s->getent_ms, s->ng, &lo, &hi);
		snprintf(b, sizeof b, "%.2f [%.2f..%.2f]", g, lo, hi);
		printf("  %-26s %22s %7.0f %6.2fx %6.0f %5.0f %22s %6.2f "
		    "%6.2fx%s\n", s->label, a, mid(s->cpu_us, s->n),
		    ratio(m, fl), mid(s->minflt, s->n),
		    mid(s->kib, s->n), b, mid(s->getent_cpu_ms, s->ng),
		    ratio(g, gl), s->found ? "" : "  (not found)");
	}
}

/* The targets are judged on wall time, as a user waits for it; the CPU
   time is quoted beside it. */
void
targets_cold(const struct cold *c)
{
	const struct cold_source *ia = &c->s[C_IANAPORTS], *nul = &c->s[C_NULL];
	const struct cold_source *nb = &c->s[C_NETBASE], *fi = &c->s[C_FILES];
	const struct cold_source *ma = &c->s[C_MAPPED], *rd = &c->s[C_READ];
	const struct cold_source *fx = &c->s[C_FIXED];
	const struct cold_source *dk = &c->s[C_IANAPORTS_DISK];
	double a = mid(ia->us, ia->n), n = mid(nul->us, nul->n);
	double da = mid(dk->us, dk->n), dg = mid(dk->getent_ms, dk->ng);
	double df = mid(dk->minflt, dk->n);
	double mm = mid(ma->us, ma->n), mr = mid(rd->us, rd->n);
	double ca = mid(ia->cpu_us, ia->n), cn = mid(nul->cpu_us, nul->n);
	double ga = mid(ia->getent_ms, ia->ng);
	double gn = mid(nul->getent_ms, nul->ng);
	double gca = mid(ia->getent_cpu_ms, ia->ng);
	double gcn = mid(nul->getent_cpu_ms, nul->ng);
	double fa = mid(ia->minflt, ia->n), fn = mid(nul->minflt, nul->n);

	/* Judged on the database as compiled; read back from disk, as after
	   a boot, is quoted beside it, and judged too for the faults. */
	target(a > 0 && n > 0, a <= 1.2 * n,
	    "a fresh process's first lookup at most 1.2x the null module's",
	    "%.0f us vs %.0f us: %.2fx (CPU time %.0f us vs %.0f us: "
	    "%.2fx; the database read back from disk: %.0f us, %.2fx; "
	    "the null module with the file mapped: %.0f us, %.2fx, "
	    "with its first page read: %.0f us, %.2fx; nss_files: over "
	    "netbase %.0f us, over the full rendering %.0f us)", a, n,
	    ratio(a, n), ca, cn, ratio(ca, cn), da, ratio(da, n), mm,
	    ratio(mm, n), mr, ratio(mr, n), mid(nb->us, nb->n),
	    mid(fi->us, fi->n));
	target(ga > 0 && gn > 0, ga <= 1.03 * gn,
	    "whole-process getent within 3% of the null module's",
	    "%.2f ms vs %.2f ms: %+.1f%% (CPU time %.2f ms vs %.2f ms: "
	    "%+.1f%%; the database read back from disk: %+.1f%%; the null "
	    "module with the file mapped: %+.1f%%, with "
	    "its first page read: %+.1f%%; one fixed answer, printed: "
	    "%+.1f%%; nss_files: over netbase %.2f ms, over the full "
	    "rendering %.2f ms)", ga, gn, above(ga, gn), gca, gcn,
	    above(gca, gcn), above(dg, gn),
	    above(mid(ma->getent_ms, ma->ng), gn),
	    above(mid(rd->getent_ms, rd->ng), gn),
	    above(mid(fx->getent_ms, fx->ng), gn), mid(nb->getent_ms, nb->ng),
	    mid(fi->getent_ms, fi->ng));
	target(ia->n && dk->n && nul->n, fa <= fn + 4 && df <= fn + 4,
	    "a first lookup adds at most 4 minor faults more than the null "
	    "module's", "%.0f vs %.0f: %+.0f; the database read back from "
	    "disk: %.0f, %+.0f (nss_files: over netbase %.0f, over the full "
	    "rendering %.0f)", fa, fn, fa - fn, df, df - fn,
	    mid(nb->minflt, nb->n), mid(fi->minflt, fi->n));
}
