/* SPDX-License-Identifier: MIT */
/* Threads killed in the middle of lookups, while the file is replaced.
 *
 *   cancel DB A.db B.db C.db QUERY WANT_C SECONDS [cancel|longjmp]
 *
 * Another process replaces DB by rename, A and B in turn, every 3 ms.
 * For SECONDS seconds threads looking QUERY up are cancelled, half of
 * them with asynchronous cancellation (anywhere in a lookup), half
 * deferred, around each second boundary (where the module looks, so
 * reloads fall there) and at random moments between.  Then for SECONDS
 * more, threads looking up are interrupted by SIGUSR1 every few hundred
 * microseconds, and the handler leaves the lookup by siglongjmp.
 * Afterwards the replacer stops, C is renamed in, and QUERY must answer
 * WANT_C: the module still sees replacements.  The last argument makes
 * one of the two only.  A thread that cannot be
 * joined within 10 s is a hang.
 */
#include <nss.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/wait.h>

#include "live.h"

#define NVICTIMS 8

static const char *query;
static atomic_int stop;
static atomic_long ncancelled, njumps;
static __thread sigjmp_buf jump;
static __thread volatile sig_atomic_t armed;

static void *
victim(void *arg)
{
	char line[8192];

	if (arg)
		pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, NULL);
	for (;;) {
		serv_lookup(query, line, sizeof(line));
		pthread_testcancel();
	}
	return NULL;
}

static void
spin_us(long us)
{
	double t0 = now_s();

	while (now_s() - t0 < us / 1e6)
		;
}

/* Sleep to 3 ms before the next second of time(). */
static void
before_boundary(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (ts.tv_nsec < 997000000)
		sleep_s(0.997 - ts.tv_nsec / 1e9);
}

static void
join_or_die(pthread_t t)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 10;
	if (pthread_timedjoin_np(t, NULL, &ts)) {
		fprintf(stderr, "cancel: a thread not joined after 10 s\n");
		exit(1);
	}
}

/* Start NVICTIMS lookers, cancel each after a random delay of up to
   MAX_US, join them. */
static void
cancel_batch(int at_boundary, long max_us)
{
	pthread_t t[NVICTIMS];
	time_t s;
	int i;

	if (at_boundary)
		before_boundary();
	for (i = 0; i < NVICTIMS; i++)
		if (pthread_create(&t[i], NULL, victim, (void *)(long)(i & 1)))
			die("pthread_create");
	if (at_boundary)
		for (s = time(NULL); time(NULL) == s;)
			;
	for (i = 0; i < NVICTIMS; i++) {
		spin_us(random() % max_us);
		pthread_cancel(t[i]);
	}
	for (i = 0; i < NVICTIMS; i++)
		join_or_die(t[i]);
	atomic_fetch_add(&ncancelled, NVICTIMS);
}

static void
on_usr1(int sig)
{
	(void)sig;
	if (armed) {
		armed = 0;
		siglongjmp(jump, 1);
	}
}

static void *
jumper(void *arg)
{
	char line[8192];

	(void)arg;
	while (!atomic_load(&stop)) {
		if (sigsetjmp(jump, 1))
			atomic_fetch_add(&njumps, 1);
		armed = 1;
		serv_lookup(query, line, sizeof(line));
		armed = 0;
	}
	return NULL;
}

static void
longjmps(double seconds)
{
	pthread_t t[NVICTIMS / 2];
	double t0 = now_s();
	int i;

	signal(SIGUSR1, on_usr1);
	for (i = 0; i < NVICTIMS / 2; i++)
		if (pthread_create(&t[i], NULL, jumper, NULL))
			die("pthread_create");
	while (now_s() - t0 < seconds) {
		spin_us(50 + random() % 400);
		pthread_kill(t[random() % (NVICTIMS / 2)], SIGUSR1);
	}
	atomic_store(&stop, 1);
	for (i = 0; i < NVICTIMS / 2; i++)
		join_or_die(t[i]);
}

static pid_t
start_replacer(const char *dbpath, const char *a_db, const char *b_db)
{
	pid_t pid = fork();
	long i;

	if (pid < 0)
		die("fork");
	if (pid)
		return pid;
	for (i = 0;; i++) {
		replace_db(i & 1 ? b_db : a_db, dbpath);
		sleep_s(0.003);
	}
}

int
main(int argc, char **argv)
{
	char line[8192];
	long seconds, k;
	pid_t replacer;
	int status;

	if (argc != 8 && argc != 9) {
		fprintf(stderr, "usage: cancel DB A.db B.db C.db QUERY WANT_C "
		    "SECONDS [cancel|longjmp]\n");
		return 2;
	}
	query = argv[5];
	seconds = atol(argv[7]);
	srandom((unsigned)getpid());
	__nss_configure_lookup("services", "ianaports");
	replace_db(argv[2], argv[1]);
	serv_lookup(query, line, sizeof(line));
	replacer = start_replacer(argv[1], argv[2], argv[3]);

	for (k = 0; k < seconds && (argc == 8 || *argv[8] == 'c'); k++) {
		cancel_batch(1, 300);
		cancel_batch(0, 2000);
		cancel_batch(0, 2000);
	}
	if (argc == 8 || *argv[8] == 'l')
		longjmps((double)seconds);
	kill(replacer, SIGKILL);
	waitpid(replacer, &status, 0);

	replace_db(argv[4], argv[1]);
	if (!await_answer(query, argv[6], 15, line, sizeof(line))) {
		fprintf(stderr, "cancel: after %ld cancelled threads and %ld "
		    "longjmps, C not served in 15 s: \"%s\"\n",
		    atomic_load(&ncancelled), atomic_load(&njumps), line);
		return 1;
	}
	printf("%ld threads cancelled in lookups, %ld lookups left by "
	    "longjmp; the replacement after them served\n",
	    atomic_load(&ncancelled), atomic_load(&njumps));
	return 0;
}
