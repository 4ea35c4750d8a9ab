/* SPDX-License-Identifier: MIT */
/* The worker processes, one per source (bench.h says why), and the
 * commands the parent sends them: write every answer of the mix, time a
 * pass over it, time threads going over it at once.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <nss.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "bench.h"

extern char **environ;

int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* --- worker side ------------------------------------------------------ */

static void
timed_pass(const struct cmd *c, struct reply *r)
{
	char buf[8192];
	struct servent se;
	int kn = c->blocks * BLOCK_NAME, kp = c->blocks * BLOCK_PORT;
	int64_t t0, t1, t2;
	int rep, i;

	t0 = now_ns();
	for (rep = 0; rep < c->reps; rep++)
		for (i = 0; i < kn; i++)
			by_name(&nq[i], &se, buf, sizeof buf);
	t1 = now_ns();
	for (rep = 0; rep < c->reps; rep++)
		for (i = 0; i < kp; i++)
			by_port(&pq[i], &se, buf, sizeof buf);
	t2 = now_ns();
	r->ns_name = t1 - t0;
	r->ns_port = t2 - t1;
	r->n_name = (int64_t)kn * c->reps;
	r->n_port = (int64_t)kp * c->reps;
}

/* A module's own two lookups, found with dlsym(): called directly, they
   show what the module does with threads apart from glibc's dispatch,
   which writes one global on every lookup (docs/benchmark.md). */
typedef enum nss_status byname_fn(const char *, const char *,
    struct servent *, char *, size_t, int *);
typedef enum nss_status byport_fn(int, const char *, struct servent *,
    char *, size_t, int *);
static byname_fn *direct_name;
static byport_fn *direct_port;

static int
load_direct(const struct source *s)
{
	char so[128], fn[128];
	void *h;

	if (direct_name)
		return 0;
	if (!s->service)
		return -1;	/* reached through nsswitch.conf: no module */
	snprintf(so, sizeof so, "libnss_%s.so.2", s->service);
	if (!(h = dlopen(so, RTLD_NOW)))
		return -1;
	snprintf(fn, sizeof fn, "_nss_%s_getservbyname_r", s->service);
	direct_name = (byname_fn *)dlsym(h, fn);
	snprintf(fn, sizeof fn, "_nss_%s_getservbyport_r", s->service);
	direct_port = (byport_fn *)dlsym(h, fn);
	return direct_name && direct_port ? 0 : -1;
}

/* A direct call's answer as glibc would hand it over: the entry, or
   NULL. */
static struct servent *
direct_by_name(const struct query *q, struct servent *se, char *buf,
    size_t len)
{
	int err;

	return direct_name(q->name, q->proto, se, buf, len, &err) ==
	    NSS_STATUS_SUCCESS ? se : NULL;
}

static struct servent *
direct_by_port(const struct query *q, struct servent *se, char *buf,
    size_t len)
{
	int err;

	return direct_port((int)htons((uint16_t)q->port), q->proto, se, buf,
	    len, &err) == NSS_STATUS_SUCCESS ? se : NULL;
}

/* One lookup of each kind: through glibc, or the module's own. */
typedef struct servent *lookup_fn(const struct query *, struct servent *,
    char *, size_t);
struct lookups {
	lookup_fn *name, *port;
};

static struct lookups
lookups_of(int direct)
{
	struct lookups l = { by_name, by_port }, d = { direct_by_name,
	    direct_by_port };

	return direct ? d : l;
}

/* Every query's answer, one a line, into answers-KEY.txt (DIRECT: from
   the module's own functions, into answers-KEY-direct.txt). */
static int
write_answers(const struct source *s, int direct)
{
	char path[PATH_MAX], buf[8192], a[ANSWER_MAX];
	struct lookups l = lookups_of(direct);
	struct servent se;
	FILE *f;
	int i;

	if (direct && load_direct(s) < 0)
		return 0;
	snprintf(path, sizeof path, "%s/answers-%s%s.txt", opt.out, s->key,
	    direct ? "-direct" : "");
	if (!(f = fopen(path, "we")))
		return 0;
	for (i = 0; i < nnq; i++) {
		answer(l.name(&nq[i], &se, buf, sizeof buf), a, sizeof a);
		fprintf(f, "%s\n", a);
	}
	for (i = 0; i < npq; i++) {
		answer(l.port(&pq[i], &se, buf, sizeof buf), a, sizeof a);
		fprintf(f, "%s\n", a);
	}
	return fclose(f) == 0;
}

struct thread_arg {
	pthread_barrier_t *bar;
	int reps, direct;
};

static void *
thread_main(void *p)
{
	struct thread_arg *a = p;
	struct lookups l = lookups_of(a->direct);
	char buf[8192];
	struct servent se;
	int rep, i;

	pthread_barrier_wait(a->bar);
	for (rep = 0; rep < a->reps; rep++) {
		for (i = 0; i < nnq; i++)
			l.name(&nq[i], &se, buf, sizeof buf);
		for (i = 0; i < npq; i++)
			l.port(&pq[i], &se, buf, sizeof buf);
	}
	return NULL;
}

/* T threads, each REPS times over the whole mix: wall time of all. */
static void
threads_pass(const struct source *s, const struct cmd *c, struct reply *r)
{
	pthread_t tid[16];
	pthread_barrier_t bar;
	struct thread_arg a;
	int64_t t0;
	int i, n = c->threads > 16 ? 16 : c->threads;

	if (c->direct && load_direct(s) < 0) {
		r->ok = 0;
		return;
	}
	pthread_barrier_init(&bar, NULL, (unsigned)n + 1);
	a.bar = &bar;
	a.reps = c->reps;
	a.direct = c->direct;
	for (i = 0; i < n; i++)
		pthread_create(&tid[i], NULL, thread_main, &a);
	pthread_barrier_wait(&bar);
	t0 = now_ns();
	for (i = 0; i < n; i++)
		pthread_join(tid[i], NULL);
	r->ns_name = now_ns() - t0;
	r->n_name = (int64_t)n * c->reps * (nnq + npq);
	pthread_barrier_destroy(&bar);
}

int
write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	ssize_t w;

	while (n) {
		w = write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

int
read_all(int fd, void *p, size_t n)
{
	char *c = p;
	ssize_t r;

	while (n) {
		r = read(fd, c, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		c += r;
		n -= (size_t)r;
	}
	return 0;
}

static pid_t
read_pid(const char *path)
{
	FILE *f = fopen(path, "re");
	long pid = 0;

	if (f) {
		if (fscanf(f, "%ld", &pid) != 1)
			pid = 0;
		fclose(f);
	}
	return (pid_t)pid;
}

/* A second nscd, its cache not shared: every lookup a socket round trip.
   Started in this worker's own mount namespace, where its socket is. */
static int
start_nscd(const struct source *s)
{
	char *argv[] = { "nscd", "-f", (char *)s->nscd_conf, NULL };
	struct stat st;
	int status, i;
	pid_t pid;

	if (mount(s->nscd_dir, "/run/nscd", NULL, MS_BIND, NULL) < 0 ||
	    posix_spawnp(&pid, "nscd", NULL, NULL, argv, environ))
		return -1;
	/* nscd forks into the background; the first process exits. */
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return -1;
	for (i = 0; i < 100; i++) {
		if (stat("/run/nscd/socket", &st) == 0 &&
		    read_pid("/run/nscd/nscd.pid") > 0)
			return 0;
		usleep(50000);
	}
	return -1;
}

static void
stop_nscd(void)
{
	pid_t pid = read_pid("/run/nscd/nscd.pid");
	int i;

	if (pid <= 0 || kill(pid, SIGTERM) < 0)
		return;
	for (i = 0; i < 100 && kill(pid, 0) == 0; i++)
		usleep(50000);
	if (kill(pid, 0) == 0)
		kill(pid, SIGKILL);
}

/* Bind a one-line nsswitch.conf naming S's module over the real one,
   inside the worker's own mount namespace.  glibc asks nscd before any
   module, and the benchmark's nscd answers from files: an empty
   /run/nscd hides it, as on a machine without nscd (Debian's default). */
static int
bind_nsswitch(const struct source *s)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof path, "%s/nsswitch-%s.conf", opt.out, s->key);
	if (!(f = fopen(path, "we")))
		return -1;
	fprintf(f, "services: %s\n", s->nsswitch);
	if (fclose(f))
		return -1;
	if (mount("tmpfs", "/run/nscd", "tmpfs", 0, "size=16k") < 0)
		return -1;
	return mount(path, "/etc/nsswitch.conf", NULL, MS_BIND, NULL);
}

static void
worker(struct source *s, int cfd, int rfd)
{
	struct reply r = { .ok = 1 };
	struct cmd c;

	/* The netbase worker sees its own /etc/services: a mount namespace
	   of its own keeps nscd, which watches that path, undisturbed. */
	if (s->bind && (unshare(CLONE_NEWNS) < 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount(s->bind, "/etc/services", NULL, MS_BIND, NULL) < 0))
		r.ok = 0;
	if (s->nsswitch && (unshare(CLONE_NEWNS) < 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    bind_nsswitch(s) < 0))
		r.ok = 0;
	if (s->nscd_conf && (unshare(CLONE_NEWNS) < 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    start_nscd(s) < 0))
		r.ok = 0;
	if (s->service && __nss_configure_lookup("services", s->service))
		r.ok = 0;
	if (write_all(rfd, &r, sizeof r))
		_exit(1);
	while (read_all(cfd, &c, sizeof c) == 0 && c.op != OP_QUIT) {
		memset(&r, 0, sizeof r);
		r.ok = 1;
		if (c.op == OP_ANSWERS)
			r.ok = write_answers(s, c.direct);
		else if (c.op == OP_PASS)
			timed_pass(&c, &r);
		else if (c.op == OP_THREADS)
			threads_pass(s, &c, &r);
		if (write_all(rfd, &r, sizeof r))
			break;
	}
	if (s->nscd_conf)
		stop_nscd();
	_exit(0);
}

/* --- parent side ------------------------------------------------------ */

void
start(struct source *s)
{
	int c[2], r[2];
	struct reply rep;

	if (pipe2(c, O_CLOEXEC) < 0 || pipe2(r, O_CLOEXEC) < 0)
		die("%s", "pipe failed");
	fflush(NULL);
	s->pid = fork();
	if (s->pid < 0)
		die("%s", "fork failed");
	if (s->pid == 0) {
		close(c[1]);
		close(r[0]);
		worker(s, c[0], r[1]);
	}
	close(c[0]);
	close(r[1]);
	s->cfd = c[1];
	s->rfd = r[0];
	if (read_all(s->rfd, &rep, sizeof rep) || !rep.ok) {
		snprintf(s->why, sizeof s->why, "worker setup failed");
		s->on = 0;
	}
}

int
ask_cmd(struct source *s, const struct cmd *c, struct reply *r)
{
	if (write_all(s->cfd, c, sizeof *c) || read_all(s->rfd, r, sizeof *r)
	    || !r->ok) {
		snprintf(s->why, sizeof s->why, "worker failed");
		s->on = 0;
		return -1;
	}
	return 0;
}

int
ask(struct source *s, int op, int blocks, int reps, int threads,
    struct reply *r)
{
	struct cmd c = { op, blocks, reps, threads, 0 };

	return ask_cmd(s, &c, r);
}

void
stop(struct source *s)
{
	struct cmd c = { OP_QUIT, 0, 0, 0, 0 };

	if (s->pid <= 0)
		return;
	write_all(s->cfd, &c, sizeof c);
	close(s->cfd);
	close(s->rfd);
	waitpid(s->pid, NULL, 0);
	s->pid = 0;
}

void
start_all(void)
{
	int i;

	for (i = 0; i < NSRC; i++)
		if (src[i].on)
			start(&src[i]);
}

void
stop_all(void)
{
	int i;

	for (i = 0; i < NSRC; i++)
		stop(&src[i]);
}
