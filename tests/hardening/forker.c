/* SPDX-License-Identifier: MIT */
/* fork() at any moment: around a process's first lookup, and around
 * the module's reloads of a file replaced every few milliseconds.
 *
 *   forker first QUERY WANT RUNS
 *	RUNS fresh processes each have glibc load the module (setservent,
 *	which makes no look), start a thread whose first lookup maps the
 *	database, and fork after a random delay of up to 400 us; the child
 *	must answer WANT.
 *   forker load QUERY WANT RUNS
 *	The same without loading the module first: the fork may then copy
 *	glibc's dlopen of the module half done in the other thread, which
 *	the child's glibc takes for done (glibc 2.36 resets its loader lock
 *	in the child) and calls the module unrelocated.  A glibc race, not
 *	the module's: not in the suite, kept to show it.
 *   forker reload DB A.db B.db QUERY WANT_A WANT_B BATCHES
 *	One process with looking threads while another replaces DB by
 *	rename every 3 ms: with A in even seconds of time(), B in odd ones.
 *	At each of BATCHES second boundaries (where the module looks, so
 *	reloads fall there) it forks 8 children within a few hundred
 *	microseconds.  Each asks at the middle of each second, and must
 *	answer A's WANT and B's in turn: a child left on the database it
 *	was forked with, or with no look of its own, would answer one only.
 *
 * A child asks for up to 3 s (4 with reloads; the module looks once a
 * second) and is killed after 10 s: a hang.  Prints the outcome of every child; exit 0
 * when each answered.
 */
#include <nss.h>
#include <signal.h>
#include <sys/wait.h>

#include "live.h"

#define BATCH 8

static const char *wants[2];
static int nwants;
static long ok, late, died, hung;

/* The child's part: ask until WANTS[0] answers, for up to 3 s. */
static void
child(const char *query)
{
	char line[8192];
	double t0;

	alarm(10);
	for (t0 = now_s(); now_s() - t0 < 3; sleep_s(0.005)) {
		serv_lookup(query, line, sizeof(line));
		if (!strcmp(line, wants[0]))
			_exit(0);
	}
	fprintf(stderr, "forker: child %d: \"%s\" after 3 s\n", (int)getpid(),
	    line);
	_exit(1);
}

/* Sleep to the middle of a second of the clock time() reads. */
static void
to_half_second(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	sleep_s(ts.tv_nsec < 500000000 ? 0.5 - ts.tv_nsec / 1e9 :
	    1.5 - ts.tv_nsec / 1e9);
}

/* The child's part around reloads: at the middle of each second, for
   up to 4, until both databases have answered. */
static void
reload_child(const char *query)
{
	char line[8192], first[8192] = "";
	int k, seen = 0, i;

	alarm(10);
	for (k = 0; k < 4 && seen != 3; k++) {
		to_half_second();
		serv_lookup(query, line, sizeof(line));
		if (!*first)
			snprintf(first, sizeof(first), "%s", line);
		for (i = 0; i < 2; i++)
			if (!strcmp(line, wants[i]))
				seen |= 1 << i;
	}
	if (seen == 3)
		_exit(0);
	fprintf(stderr, "forker: child %d: first \"%s\", last \"%s\": not "
	    "both databases in 4 s\n", (int)getpid(), first, line);
	_exit(1);
}

static void
tally(int status)
{
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		ok++;
	} else if (WIFEXITED(status)) {
		late++;
	} else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) {
		hung++;
	} else {
		died++;
		fprintf(stderr, "forker: a child died of signal %d\n",
		    WIFSIGNALED(status) ? WTERMSIG(status) : -1);
	}
}

static const char *first_query;

static void *
first_looker(void *arg)
{
	char line[8192];

	for (;;) {
		serv_lookup(first_query, line, sizeof(line));
		sleep_s(0.0002);
	}
	return arg;
}

/* One fresh process: a thread makes the first lookup, the main thread
   forks at a random moment around it.  Exits with the child's status
   (a signal as 100 + its number). */
static void
first_run(const char *query, int preload)
{
	pthread_t t;
	pid_t pid;
	int status;

	alarm(20);
	first_query = query;
	if (preload) {
		/* glibc loads the module for setservent (not for an
		   endservent before it); neither makes a look. */
		setservent(0);
		endservent();
	}
	if (pthread_create(&t, NULL, first_looker, NULL))
		die("pthread_create");
	sleep_s((double)(random() % 400) / 1e6);
	if ((pid = fork()) < 0)
		die("fork");
	if (pid == 0)
		child(query);
	if (waitpid(pid, &status, 0) < 0)
		die("waitpid");
	_exit(WIFEXITED(status) ? WEXITSTATUS(status) :
	    100 + WTERMSIG(status));
}

static int
cmd_first(char **argv, int preload)
{
	long runs = atol(argv[4]), r;
	pid_t pid;
	int status;

	wants[0] = argv[3];
	nwants = 1;
	for (r = 0; r < runs && late + died + hung < 5; r++) {
		srandom((unsigned)r * 7919u + 1);
		if ((pid = fork()) < 0)
			die("fork");
		if (pid == 0)
			first_run(argv[2], preload);
		if (waitpid(pid, &status, 0) < 0)
			die("waitpid");
		/* The run's exit status is its child's. */
		if (WIFEXITED(status) && WEXITSTATUS(status) > 100)
			status = WEXITSTATUS(status) - 100;	/* a signal */
		else if (WIFEXITED(status))
			status = WEXITSTATUS(status) << 8;
		tally(status);
	}
	printf("fork around the first lookup: %ld runs: %ld answered, %ld "
	    "not within 3 s, %ld hung, %ld died\n", r, ok, late, hung, died);
	return late + hung + died ? 1 : 0;
}

/* Replace DB every 3 ms: A in even seconds of time(), B in odd ones. */
static pid_t
start_replacer(const char *dbpath, const char *a_db, const char *b_db)
{
	pid_t pid = fork();

	if (pid < 0)
		die("fork");
	if (pid)
		return pid;
	for (;;) {
		replace_db(time(NULL) & 1 ? b_db : a_db, dbpath);
		sleep_s(0.003);
	}
}

/* Sleep to just before the next second of time(), then spin into it. */
static void
to_second_boundary(void)
{
	struct timespec ts;
	time_t s = time(NULL);

	clock_gettime(CLOCK_REALTIME, &ts);
	sleep_s(1 - ts.tv_nsec / 1e9 > 0.003 ? 1 - ts.tv_nsec / 1e9 - 0.002 :
	    0);
	while (time(NULL) == s)
		;
}

static int
cmd_reload(char **argv)
{
	static const char *queries[1];
	const char *dbpath = argv[2];
	long batches = atol(argv[8]), b, nkids = 0, k;
	struct lookers lk = { 0 };
	pid_t replacer, *kids;
	int j, status;
	double t0;

	wants[0] = argv[6];
	wants[1] = argv[7];
	nwants = 2;
	kids = calloc((size_t)batches * BATCH, sizeof(*kids));
	replace_db(argv[3], dbpath);
	replacer = start_replacer(dbpath, argv[3], argv[4]);
	queries[0] = argv[5];
	lk.queries = queries;
	lk.nqueries = 1;
	lookers_start(&lk, 3);
	srandom((unsigned)getpid());
	for (b = 0; b < batches; b++) {
		to_second_boundary();
		for (j = 0; j < BATCH; j++) {
			for (t0 = now_s(); now_s() - t0 <
			    (double)(random() % 60) / 1e6;)
				;
			if ((kids[nkids] = fork()) < 0)
				die("fork");
			if (kids[nkids++] == 0)
				reload_child(argv[5]);
		}
	}
	for (k = 0; k < nkids; k++) {
		if (waitpid(kids[k], &status, 0) < 0)
			die("waitpid");
		tally(status);
	}
	kill(replacer, SIGKILL);
	waitpid(replacer, &status, 0);
	lookers_stop(&lk);
	printf("fork around reloads: %ld children in %ld batches: %ld "
	    "answered, %ld not both databases, %ld hung, %ld died; the "
	    "parent's lookups: %ld, %ld not whole\n", nkids, b, ok, late, hung,
	    died, atomic_load(&lk.n), atomic_load(&lk.malformed));
	return late + hung + died || atomic_load(&lk.malformed) ? 1 : 0;
}

int
main(int argc, char **argv)
{
	__nss_configure_lookup("services", "ianaports");
	if (argc == 5 && !strcmp(argv[1], "first"))
		return cmd_first(argv, 1);
	if (argc == 5 && !strcmp(argv[1], "load"))
		return cmd_first(argv, 0);
	if (argc == 9 && !strcmp(argv[1], "reload"))
		return cmd_reload(argv);
	fprintf(stderr, "usage: forker first|load QUERY WANT RUNS\n"
	    "       forker reload DB A.db B.db QUERY WANT_A WANT_B "
	    "BATCHES\n");
	return 2;
}
