/* SPDX-License-Identifier: MIT */
/* Timing: warm lookups in interleaved passes over every source, the
 * whole-process commands, and thread scaling.  The parent hands out
 * timed passes round-robin, rotating the order each round, so that the
 * machine's drift falls on every source alike.
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "bench.h"
#include "ipbench.h"

extern char **environ;

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double
median(const double *v, int n, double *lo, double *hi)
{
	double *s, m;

	if (n <= 0) {
		*lo = *hi = 0;
		return 0;
	}
	s = xmalloc((size_t)n * sizeof *s);
	memcpy(s, v, (size_t)n * sizeof *s);
	qsort(s, (size_t)n, sizeof *s, cmp_double);
	*lo = s[0];
	*hi = s[n - 1];
	m = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	free(s);
	return m;
}

/* Every source answers the whole mix once, untimed, before any pass is
   timed: nscd's caches, the page cache and each module's mapping are
   warm, and the socket-only nscd knows every answer. */
void
warm_up(void)
{
	struct reply r;
	int i;

	for (i = 0; i < NSRC; i++)
		if (src[i].on)
			ask(&src[i], OP_PASS, opt.blocks, 1, 0, &r);
}

/* Nanoseconds a lookup of S takes over the first BLOCKS blocks of the
   mix, the least of three passes (0 if S fails): the machine can only
   slow a pass down, and one slowed pass would leave S so few lookups a
   pass that what each pass costs to start with outweighs them. */
static double
per_lookup(struct source *s, int blocks)
{
	struct reply r;
	double per, best = 0;
	int i;

	for (i = 0; i < 3; i++) {
		if (ask(s, OP_PASS, blocks, 1, 0, &r))
			return 0;
		per = (double)(r.ns_name + r.ns_port) /
		    (double)(r.n_name + r.n_port);
		if (i == 0 || per < best)
			best = per;
	}
	return best < 1 ? 1 : best;
}

/* Pick per-pass work so that a pass of S takes about the budget: fast
   sources repeat the whole mix, slow ones take its first blocks only. */
static void
calibrate(struct source *s)
{
	double per, block, want = opt.budget_ms * 1e6;
	int all = opt.blocks, b;

	per = per_lookup(s, 1);
	if (per > 0 && per * (BLOCK_NAME + BLOCK_PORT) * all < want / 4)
		per = per_lookup(s, all);	/* a steadier guess */
	if (per == 0)
		return;				/* S failed */
	block = per * (BLOCK_NAME + BLOCK_PORT);	/* ns a block */
	b = (int)(want / block);
	if (b >= all) {
		s->blocks = all;
		s->reps = (int)(want / (block * all));
		if (s->reps < 1)
			s->reps = 1;
	} else {
		s->blocks = b < 1 ? 1 : b;
		s->reps = 1;
	}
}

void
lookup_passes(void)
{
	int p, j, i;
	struct reply r;

	for (i = 0; i < NSRC; i++)
		if (src[i].on)
			calibrate(&src[i]);
	for (p = 0; p < opt.passes; p++) {
		for (j = 0; j < NSRC; j++) {
			struct source *s = &src[(j + p) % NSRC];

			if (!s->on || ask(s, OP_PASS, s->blocks, s->reps, 0,
			    &r))
				continue;
			s->name[s->npass] = (double)r.ns_name / (double)r.n_name;
			s->port[s->npass] = (double)r.ns_port / (double)r.n_port;
			s->mixed[s->npass] = (double)(r.ns_name + r.ns_port) /
			    (double)(r.n_name + r.n_port);
			s->npass++;
		}
	}
}

/* --- whole-process measurements ---------------------------------------- */

struct timed timed[MAXTIMED];

int
run_cmd(const char *cmdline, int64_t *ns, int64_t *cpu_ns)
{
	char *argv[64], buf[4096], *save, *w;
	posix_spawn_file_actions_t fa;
	int argc = 0, status;
	struct rusage ru;
	pid_t pid;
	int64_t t0;

	snprintf(buf, sizeof buf, "%s", cmdline);
	for (w = strtok_r(buf, " ", &save); w && argc < 63;
	    w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	t0 = now_ns();
	if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ)) {
		posix_spawn_file_actions_destroy(&fa);
		return -1;
	}
	wait4(pid, &status, 0, &ru);
	*ns = now_ns() - t0;
	if (cpu_ns)
		*cpu_ns = ((int64_t)ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) *
		    1000000000 + ((int64_t)ru.ru_utime.tv_usec +
		    ru.ru_stime.tv_usec) * 1000;
	posix_spawn_file_actions_destroy(&fa);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Every command once a round, rounds interleaved.  getent's exit status
   2 (not found) counts as a run: 65000/tcp is a miss on purpose. */
void
timed_commands(void)
{
	int r, i, rc;
	int64_t ns;

	for (r = 0; r < opt.timed_reps && r < MAXPASS; r++)
		for (i = 0; i < opt.ntimed; i++) {
			rc = run_cmd(opt.timed_cmd[i], &ns, NULL);
			if (rc != 0 && rc != 2) {
				timed[i].fails++;
				continue;
			}
			timed[i].ms[timed[i].n++] = (double)ns / 1e6;
		}
}

int
timed_find(const char *label)
{
	int i;

	for (i = 0; i < opt.ntimed; i++)
		if (strcmp(opt.timed_label[i], label) == 0 && timed[i].n)
			return i;
	return -1;
}

double
timed_median(int i, double *lo, double *hi)
{
	return median(timed[i].ms, timed[i].n, lo, hi);
}

static double
rate(const struct reply *r)
{
	return (double)r->n_name / (double)r->ns_name;
}

/* Lookups per second of source S with 1 thread, 2 threads, and 2
   processes (S's worker and a twin), each pass all three in turn so that
   drift hits them alike.  Two processes share nothing but the machine:
   they show what it allows for this work, beside what two threads of
   one process get.  DIRECT: the module's functions are called, not
   glibc's. */
struct scaling
scaling(struct source *s, int direct)
{
	struct source twin = *s;
	double t1[MAXPASS], t2[MAXPASS], tp[MAXPASS], lo, hi, per, m1;
	struct cmd c = { OP_THREADS, 0, 0, 1, direct };
	struct scaling out = { -1, -1 };
	struct reply r, r2;
	int p;

	if (!s->on || !s->npass)
		return out;
	per = median(s->mixed, s->npass, &lo, &hi);
	/* Without glibc's dispatch a lookup takes about half as long. */
	c.reps = (int)(opt.budget_ms * 1e6 * (direct ? 2 : 1) /
	    (per * (nnq + npq)));
	if (c.reps < 1)
		c.reps = 1;
	twin.pid = 0;
	start(&twin);
	if (!twin.on)
		return out;
	for (p = 0; p < opt.passes; p++) {
		c.threads = 1;
		if (ask_cmd(s, &c, &r))
			break;
		t1[p] = rate(&r);
		c.threads = 2;
		if (ask_cmd(s, &c, &r))
			break;
		t2[p] = rate(&r);
		/* Both asked before either is read: they run side by side. */
		c.threads = 1;
		if (write_all(s->cfd, &c, sizeof c) ||
		    write_all(twin.cfd, &c, sizeof c) ||
		    read_all(s->rfd, &r, sizeof r) ||
		    read_all(twin.rfd, &r2, sizeof r2) || !r.ok || !r2.ok)
			break;
		tp[p] = rate(&r) + rate(&r2);
	}
	stop(&twin);
	if (p < opt.passes)
		return out;		/* a worker failed */
	m1 = median(t1, opt.passes, &lo, &hi);
	out.threads = median(t2, opt.passes, &lo, &hi) / m1;
	out.processes = median(tp, opt.passes, &lo, &hi) / m1;
	return out;
}
