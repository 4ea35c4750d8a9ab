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

/* A query that A and B answer differently: which one is served. */
static const struct query *
pick_probe(void)
{
	size_t k;

	for (k = 0; k < nqueries; k++)
		if (strcmp(queries[k].a, queries[k].b))
			return &queries[k];
	die("A and B answer every query alike");
}

/* NTHREADS threads into T: the first two walk, the others ask; with
   WARM_ONLY, each makes one lookup and ends. */
static void
start_threads(pthread_t *t, long nthreads, int warm_only)
{
	long i;

	for (i = 0; i < nthreads; i++)
		if (pthread_create(&t[i], NULL, warm_only ? warm :
		    i < 2 ? walker : asker, (void *)i))
			die("pthread_create");
}

static void
join_threads(pthread_t *t, long nthreads)
{
	long i;

	for (i = 0; i < nthreads; i++)
		pthread_join(t[i], NULL);
}

/* NREPLACE renames of A and B in turn onto the database, from a child
   process, about 100 a second, so that the module, which looks once a
   second, sees many of them; the last one is B. */
static void
replace_many(const char *a, const char *b, long nreplace)
{
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	int status;
	long i;
	pid_t pid = fork();

	if (pid < 0)
		die("fork");
	if (pid == 0) {
		for (i = 0; i < nreplace; i++) {
			replace_db(i & 1 ? b : a, dbpath);
			nanosleep(&pause, NULL);
		}
		replace_db(b, dbpath);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		die("replacer failed");
}

/* Poll until PROBE answers as B, with a bound that is a timeout, not a
   measurement; LINE gets the last answer.  Returns the seconds since
   T0. */
static double
wait_for_b(const struct query *probe, double t0, char *line, size_t size)
{
	for (;;) {
		serv_lookup(probe->q, line, size);
		if (!strcmp(line, probe->b) || now_s() - t0 > 10)
			break;
		usleep(10000);
	}
	return now_s() - t0;
}

/* The verdict, from what the threads counted and what the process
   holds now against before. */
static int
judge(const char *last, const struct query *probe, int fds0, int fds1,
    int maps0, int maps1, int dbm)
{
	if (atomic_load(&nbad))
		return 1;
	if (strcmp(last, probe->b)) {
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

int
main(int argc, char **argv)
{
	long nthreads, nreplace;
	pthread_t *t;
	int fds0, fds1, maps0, maps1, dbm;
	const struct query *probe;
	char line[8192];
	double t0, served;

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
	probe = pick_probe();
	__nss_configure_lookup("services", "ianaports");

	/* Start from A, warm up: the module's own mapping is then part of
	   "before".  Threads once before counting too: glibc keeps their
	   stacks mapped for reuse, and those are not the module's. */
	replace_db(argv[2], dbpath);
	serv_lookup(probe->q, line, sizeof(line));
	t = calloc((size_t)nthreads, sizeof(*t));
	if (!t)
		die("calloc");
	start_threads(t, nthreads, 1);
	join_threads(t, nthreads);
	fds0 = count_fds();
	maps0 = all_maps();

	start_threads(t, nthreads, 0);
	replace_many(argv[2], argv[3], nreplace);
	t0 = now_s();
	atomic_store(&stop, 1);
	join_threads(t, nthreads);
	served = wait_for_b(probe, t0, line, sizeof(line));
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
	    served);
	printf("descriptors %d -> %d, mappings %d -> %d, database mappings "
	    "now %d\n", fds0, fds1, maps0, maps1, dbm);
	return judge(line, probe, fds0, fds1, maps0, maps1, dbm);
}
