/* SPDX-License-Identifier: MIT */
/* A live database and the threads that look it up, for the hardening
   programs that change the file under a running process: replacing it
   as `ianaports compile` does, a clock for bounds that are timeouts
   (not measurements), and lookers that can be paused. */
#ifndef LIVE_H
#define LIVE_H

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "servfmt.h"

static inline __attribute__((noreturn)) void
die(const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", program_invocation_short_name, what,
	    strerror(errno));
	exit(1);
}

/* Copy FROM to a temporary file beside TO, then rename it over TO. */
static inline void
replace_db(const char *from, const char *to)
{
	char tmp[4096], buf[1 << 16];
	ssize_t n;
	int in, out;

	snprintf(tmp, sizeof(tmp), "%s.tmpXXXXXX", to);
	if ((in = open(from, O_RDONLY)) < 0 || (out = mkstemp(tmp)) < 0)
		die(from);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			die(tmp);
	if (n < 0 || fchmod(out, 0644) < 0 || close(out) < 0 ||
	    rename(tmp, to) < 0)
		die(tmp);
	close(in);
}

static inline double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static inline void
sleep_s(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - (time_t)s) * 1e9) };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Ask QUERY until the answer is WANT, for at most LIMIT seconds (a
   bound on a hang, far above the module's look interval).  Returns 1
   when it came; OUT holds the last answer. */
static inline int
await_answer(const char *query, const char *want, double limit, char *out,
    size_t len)
{
	double t0 = now_s();

	for (;;) {
		serv_lookup(query, out, len);
		if (!strcmp(out, want))
			return 1;
		if (now_s() - t0 > limit)
			return 0;
		sleep_s(0.01);
	}
}

/* Threads asking QUERIES in turn.  Each lookup is made holding GATE
   shared, so that a holder of it exclusive knows no lookup is running
   (the lookers are paused). */
struct lookers {
	const char *const *queries;
	size_t nqueries;
	pthread_rwlock_t gate;
	atomic_int stop;
	atomic_long n, found, notfound, unavail, malformed;
	pthread_t t[64];
	int nthreads;
};

static void *
looker(void *arg)
{
	struct lookers *l = arg;
	char line[8192];
	size_t k = (size_t)random();
	int rc;

	while (!atomic_load(&l->stop)) {
		pthread_rwlock_rdlock(&l->gate);
		rc = serv_lookup(l->queries[k++ % l->nqueries], line,
		    sizeof(line));
		pthread_rwlock_unlock(&l->gate);
		atomic_fetch_add(&l->n, 1);
		atomic_fetch_add(rc == 0 ? &l->found : rc == -1 ? &l->notfound
		    : rc == -2 ? &l->malformed : &l->unavail, 1);
		if (rc == -2 && atomic_load(&l->malformed) < 5)
			fprintf(stderr, "answer not whole for %s\n",
			    l->queries[(k - 1) % l->nqueries]);
	}
	return NULL;
}

static inline void
lookers_start(struct lookers *l, int n)
{
	pthread_rwlockattr_t a;
	int i;

	/* Writer first: a pause must not wait for a gap between lookups
	   that never comes. */
	pthread_rwlockattr_init(&a);
	pthread_rwlockattr_setkind_np(&a,
	    PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&l->gate, &a);
	l->nthreads = n < 64 ? n : 64;
	for (i = 0; i < l->nthreads; i++)
		if (pthread_create(&l->t[i], NULL, looker, l))
			die("pthread_create");
}

/* Pause: when this returns, no lookup is under way or will start. */
static inline void
lookers_pause(struct lookers *l)
{
	pthread_rwlock_wrlock(&l->gate);
}

static inline void
lookers_resume(struct lookers *l)
{
	pthread_rwlock_unlock(&l->gate);
}

static inline void
lookers_stop(struct lookers *l)
{
	int i;

	atomic_store(&l->stop, 1);
	for (i = 0; i < l->nthreads; i++)
		pthread_join(l->t[i], NULL);
}

#endif
