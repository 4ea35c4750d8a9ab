/* SPDX-License-Identifier: MIT */
/* Live replacement under load: lookups and walks while the database is
 * replaced by rename.
 *
 *   stress DB A.db B.db ANSWERS NTHREADS NREPLACE
 *
 * NTHREADS threads ask glibc (this module only) by name, by port and by
 * walking, while a child process replaces DB NREPLACE times by copy and
 * rename, alternating A.db and B.db, as `ianaports compile` does.
 * ANSWERS holds, per line, "QUERY<tab>answer in A<tab>answer in B"; a
 * walk's entries must each be a line of A's or B's full walk, given
 * after the queries as "=A<tab>line" and "=B<tab>line".  Every answer
 * must be one of the two, in full.  Afterwards the mappings and
 * descriptors must be what they were, and the last database must be
 * served within a few seconds (the module looks once a second).
 */
#include <errno.h>
#include <fcntl.h>
#include <nss.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "live.h"

struct query {
	char *q, *a, *b;
};

static struct query *queries;
static size_t nqueries;
/* Every line of A's and B's walks, sorted, for bsearch. */
static char **walk;
static size_t nwalk;
static atomic_int stop;
static atomic_long nlookups, nentries, nwalks, nbad, nseen_a, nseen_b;
static const char *dbpath;

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
load_answers(const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, *t1, *t2;
	size_t cap = 0, qcap = 0, wcap = 0;
	ssize_t n;

	if (!f)
		die(path);
	while ((n = getline(&line, &cap, f)) > 0) {
		if (line[n - 1] == '\n')
			line[n - 1] = 0;
		t1 = strchr(line, '\t');
		if (!t1)
			continue;
		*t1++ = 0;
		if (line[0] == '=') {
			if (nwalk == wcap) {
				wcap = wcap ? 2 * wcap : 1024;
				walk = realloc(walk, wcap * sizeof(*walk));
			}
			walk[nwalk++] = strdup(t1);
			continue;
		}
		t2 = strchr(t1, '\t');
		if (!t2)
			continue;
		*t2++ = 0;
		if (nqueries == qcap) {
			qcap = qcap ? 2 * qcap : 256;
			queries = realloc(queries, qcap * sizeof(*queries));
		}
		queries[nqueries].q = strdup(line);
		queries[nqueries].a = strdup(t1);
		queries[nqueries++].b = strdup(t2);
	}
	free(line);
	fclose(f);
	qsort(walk, nwalk, sizeof(*walk), cmp_str);
}

static void
bad(const char *what, const char *got, const struct query *q)
{
	if (atomic_fetch_add(&nbad, 1) < 10)
		fprintf(stderr, "stress: %s: got \"%s\"%s%s%s%s%s\n", what,
		    got, q ? ", A: \"" : "", q ? q->a : "", q ? "\", B: \"" :
		    "", q ? q->b : "", q ? "\"" : "");
}

static void *
asker(void *arg)
{
	long id = (long)arg, k = id * 7919;
	char line[8192];
	const struct query *q;

	while (!atomic_load(&stop)) {
		q = &queries[k++ % nqueries];
		serv_lookup(q->q, line, sizeof(line));
		if (!strcmp(line, q->a))
			atomic_fetch_add(&nseen_a, strcmp(line, q->b) != 0);
		else if (!strcmp(line, q->b))
			atomic_fetch_add(&nseen_b, 1);
		else
			bad(q->q, line, q);
		atomic_fetch_add(&nlookups, 1);
	}
	return NULL;
}

static void *
walker(void *arg)
{
	struct servent se, *res;
	char buf[4096], line[8192], *key = line;

	(void)arg;
	while (!atomic_load(&stop)) {
		/* The cursor is the process's one (glibc's), shared with
		   the other walker: each entry, not each walk, is whole. */
		setservent(0);
		while (!atomic_load(&stop) &&
		    getservent_r(&se, buf, sizeof(buf), &res) == 0 && res) {
			serv_format(res, line, sizeof(line));
			if (!bsearch(&key, walk, nwalk, sizeof(*walk), cmp_str))
				bad("walk", line, NULL);
			atomic_fetch_add(&nentries, 1);
		}
		endservent();
		atomic_fetch_add(&nwalks, 1);
	}
	return NULL;
}

static void *
warm(void *arg)
{
	char line[8192];

	serv_lookup(queries[0].q, line, sizeof(line));
	return arg;
}

/* Mappings of the database (live or replaced) in this process. */
static int
db_mappings(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	const char *base = strrchr(dbpath, '/');
	char line[4096];
	int n = 0;

	base = base ? base + 1 : dbpath;
	if (!f)
		die("/proc/self/maps");
	while (fgets(line, sizeof(line), f))
		n += strstr(line, base) != NULL;
	fclose(f);
	return n;
}

/* ThreadSanitizer's runtime maps memory of its own as the threads run:
   under it, only the database's mappings are counted. */
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define UNDER_TSAN 1
#endif
#endif
#ifndef UNDER_TSAN
#define UNDER_TSAN 0
#endif

static int
all_maps(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[4096];
	int n = 0;

	if (!f)
		die("/proc/self/maps");
	while (fgets(line, sizeof(line), f))
		n++;
	fclose(f);
	return n;
}

int
main(int argc, char **argv)
{
	long nthreads, nreplace, i;
	pthread_t *t;
	int fds0, fds1, maps0, maps1, dbm, status;
	size_t k;
	const struct query *probe = NULL;
	char line[8192];
	double t0, t1;
	pid_t pid;

	if (argc != 7) {
		fprintf(stderr, "usage: stress DB A.db B.db ANSWERS NTHREADS "
		    "NREPLACE\n");
		return 2;
	}
	dbpath = argv[1];
	load_answers(argv[4]);
	nthreads = atol(argv[5]);
	nreplace = atol(argv[6]);
	if (!nqueries || !nwalk || nthreads < 2)
		die("no queries");
	for (k = 0; k < nqueries && !probe; k++)
		if (strcmp(queries[k].a, queries[k].b))
			probe = &queries[k];
	if (!probe)
		die("A and B answer every query alike");
	__nss_configure_lookup("services", "ianaports");

	/* Start from A, warm up: the module's own mapping is then part of
	   "before". */
	replace_db(argv[2], dbpath);
	serv_lookup(probe->q, line, sizeof(line));
	/* Threads once before counting: glibc keeps their stacks mapped
	   for reuse, and those are not the module's. */
	t = calloc((size_t)nthreads, sizeof(*t));
	for (i = 0; i < nthreads; i++)
		if (pthread_create(&t[i], NULL, warm, NULL))
			die("pthread_create");
	for (i = 0; i < nthreads; i++)
		pthread_join(t[i], NULL);
	fds0 = count_fds();
	maps0 = all_maps();

	for (i = 0; i < nthreads; i++)
		if (pthread_create(&t[i], NULL, i < 2 ? walker : asker,
		    (void *)i))
			die("pthread_create");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		/* The replacer: about 100 a second, so that the module,
		   which looks once a second, sees many of them. */
		struct timespec pause = { 0, 10 * 1000 * 1000 };

		for (i = 0; i < nreplace; i++) {
			replace_db(argv[2 + (i & 1)], dbpath);
			nanosleep(&pause, NULL);
		}
		/* The last one is B. */
		replace_db(argv[3], dbpath);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		die("replacer failed");
	t0 = now_s();
	atomic_store(&stop, 1);
	for (i = 0; i < nthreads; i++)
		pthread_join(t[i], NULL);

	/* The last database, B, must be served soon: poll, with a bound
	   that is a timeout, not a measurement. */
	for (;;) {
		serv_lookup(probe->q, line, sizeof(line));
		if (!strcmp(line, probe->b) || now_s() - t0 > 10)
			break;
		usleep(10000);
	}
	t1 = now_s();
	/* One more look a second later lets the module unmap what it
	   retired. */
	sleep(2);
	serv_lookup(probe->q, line, sizeof(line));
	fds1 = count_fds();
	maps1 = all_maps();
	dbm = db_mappings();

	printf("%ld threads (%ld walking), %ld replacements: %ld lookups, "
	    "%ld walk entries in %ld walks; answers from A %ld, from B %ld, "
	    "neither %ld\n", nthreads, 2L, nreplace + 1, atomic_load(&nlookups),
	    atomic_load(&nentries), atomic_load(&nwalks),
	    atomic_load(&nseen_a), atomic_load(&nseen_b), atomic_load(&nbad));
	printf("last database served %.2f s after the last replacement\n",
	    t1 - t0);
	printf("descriptors %d -> %d, mappings %d -> %d, database mappings "
	    "now %d\n", fds0, fds1, maps0, maps1, dbm);
	if (atomic_load(&nbad))
		return 1;
	if (strcmp(line, probe->b)) {
		fprintf(stderr, "stress: the last database is not served\n");
		return 1;
	}
	if (fds1 != fds0 || (!UNDER_TSAN && maps1 > maps0 + 2) || dbm > 1) {
		fprintf(stderr, "stress: descriptors or mappings grew\n");
		return 1;
	}
	if (!atomic_load(&nseen_b) || !atomic_load(&nseen_a)) {
		fprintf(stderr, "stress: never saw both databases\n");
		return 1;
	}
	return 0;
}
