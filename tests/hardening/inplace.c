/* SPDX-License-Identifier: MIT */
/* The live database changed in place under a running process.
 *
 *   inplace DB A.db B.db QUERY WANT_A WANT_B HOW [NTHREADS]
 *
 * DB is made A (by rename), NTHREADS threads (4) look it up through
 * glibc, then the file itself is changed in place (same inode) as HOW
 * says; QUERY answers WANT_A in A and WANT_B in B.  Through the damage
 * no answer may be cut short (MALFORMED) and the process must not die;
 * afterwards a valid file must be served again.  HOW is one of:
 *   truncate   truncate -s 1000       then B renamed in
 *   empty      : > DB                 then A's bytes written back
 *   ff         0xff over the middle   then A's bytes written back over
 *   random     random bytes, 8 places then B renamed in
 *   cp         cp B over A, A over B, 7 times, B last, lookers paused
 *              while cp runs
 *   cp-busy    the same under lookers that never stop: a fault is
 *              allowed only while cp runs (exit 3, "inside")
 *   chmod666   chmod 666              UNAVAIL, then chmod 644: served
 *   chmodow    chmod o+w              the same
 *   chown      chown 12345            UNAVAIL, then chown 0: served
 *
 * The module looks at the file once a second; a truncation faults a
 * lookup that reads a page past the new end before that look has seen
 * it, whatever the module does.  So for truncate and empty the lookers
 * are paused (no lookup under way) during the damage and for 2 s after,
 * then one lookup makes the look, which must answer UNAVAIL, and only
 * then the lookers resume, on the damaged file.  cp truncates too, then
 * writes the whole file back within milliseconds: a lookup in between
 * can fault, so the lookers pause while it runs and resume at once;
 * cp-busy shows where a fault falls when they do not.  Garbage of the
 * same size, chmod and chown run under lookers that never stop.
 */
#include <signal.h>
#include <nss.h>

#include "live.h"

#define LIMIT 15.0	/* seconds: a hang, not a slow machine */

static const char *dbpath, *a_db, *b_db, *query, *want_a, *want_b;
static struct lookers lk;
static int failed;
static volatile sig_atomic_t in_cp;

/* A fault while cp is between its truncation and its last write is the
   window no reader of a mapping can close; any other is a failure. */
static void
on_fault(int sig)
{
	static const char inside[] = "fault while cp was writing (inside "
	    "the window)\n", outside[] = "fault with no cp running\n";

	if (in_cp)
		(void)!write(2, inside, sizeof(inside) - 1);
	else
		(void)!write(2, outside, sizeof(outside) - 1);
	_exit(in_cp ? 3 : 128 + sig);
}

static void
bad(const char *fmt, const char *got)
{
	fprintf(stderr, "inplace: ");
	fprintf(stderr, fmt, got);
	fputc('\n', stderr);
	failed = 1;
}

/* Write LEN bytes of BYTE (or random bytes when BYTE < 0) at OFF in
   place, as dd conv=notrunc does. */
static void
scribble(off_t off, size_t len, int byte)
{
	unsigned char buf[4096];
	size_t i, n;
	int fd = open(dbpath, O_WRONLY);

	if (fd < 0)
		die(dbpath);
	while (len) {
		n = len < sizeof(buf) ? len : sizeof(buf);
		for (i = 0; i < n; i++)
			buf[i] = (unsigned char)(byte < 0 ? random() : byte);
		if (pwrite(fd, buf, n, off) != (ssize_t)n)
			die(dbpath);
		off += (off_t)n;
		len -= n;
	}
	close(fd);
}

/* FROM's bytes into DB itself, as cp does: truncated first. */
static void
overwrite(const char *from)
{
	char cmd[8192];

	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", from, dbpath);
	in_cp = 1;
	if (system(cmd))
		die(cmd);
	in_cp = 0;
}

/* FROM's bytes over DB's, in place and not truncated: the same file
   made whole again. */
static void
restore(const char *from)
{
	char buf[1 << 16];
	ssize_t n;
	off_t off = 0;
	int in = open(from, O_RDONLY), out = open(dbpath, O_WRONLY);

	if (in < 0 || out < 0)
		die(from);
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if (pwrite(out, buf, (size_t)n, off) != n)
			die(dbpath);
		off += n;
	}
	close(in);
	close(out);
}

static off_t
db_size(void)
{
	struct stat st;

	if (stat(dbpath, &st) < 0)
		die(dbpath);
	return st.st_size;
}

/* The first lookup after the pause makes the look: the damage must be
   seen, the old mapping not read. */
static void
look_paused(void)
{
	char line[8192];

	sleep_s(2.2);
	serv_lookup(query, line, sizeof(line));
	if (strncmp(line, "ERROR ", 6))
		bad("the look after the damage answered \"%s\", not UNAVAIL",
		    line);
}

/* Until the module refuses the file: WANT answers no more. */
static void
await_refused(const char *why)
{
	char line[8192];
	double t0 = now_s();

	for (;;) {
		serv_lookup(query, line, sizeof(line));
		if (!strncmp(line, "ERROR ", 6))
			break;
		if (now_s() - t0 > LIMIT) {
			bad("still served after %s", why);
			return;
		}
		sleep_s(0.01);
	}
	/* And it stays refused: a second look later says the same. */
	sleep_s(1.1);
	serv_lookup(query, line, sizeof(line));
	if (strncmp(line, "ERROR ", 6))
		bad("served again without a change: \"%s\"", line);
}

static void
await_served(const char *want, const char *how)
{
	char line[8192];

	if (!await_answer(query, want, LIMIT, line, sizeof(line))) {
		fprintf(stderr, "inplace: %s: \"%s\" after %.0f s, want \"%s\"\n",
		    how, line, LIMIT, want);
		failed = 1;
	}
}

static void
damage(const char *how)
{
	off_t size = db_size();
	int i;

	if (!strcmp(how, "truncate") || !strcmp(how, "empty")) {
		lookers_pause(&lk);
		if (truncate(dbpath, *how == 't' ? 1000 : 0) < 0)
			die(dbpath);
		look_paused();
		lookers_resume(&lk);
		sleep_s(2);
		if (*how == 't') {
			replace_db(b_db, dbpath);
			await_served(want_b, "B renamed in");
		} else {
			overwrite(a_db);
			await_served(want_a, "A written back in place");
		}
	} else if (!strcmp(how, "ff")) {
		scribble(size / 3, (size_t)size / 3, 0xff);
		sleep_s(2.5);
		restore(a_db);
		await_served(want_a, "A written back over it");
	} else if (!strcmp(how, "random")) {
		for (i = 0; i < 8; i++)
			scribble(random() % size, 1 + (size_t)random() % 512, -1);
		sleep_s(2.5);
		replace_db(b_db, dbpath);
		await_served(want_b, "B renamed in");
	} else if (!strcmp(how, "cp") || !strcmp(how, "cp-busy")) {
		for (i = 0; i < 7; i++) {
			if (how[2] != '-')
				lookers_pause(&lk);
			overwrite(i & 1 ? a_db : b_db);
			if (how[2] != '-')
				lookers_resume(&lk);
			sleep_s(0.3);
		}
		await_served(want_b, "B copied over in place");
	} else if (!strcmp(how, "chmod666") || !strcmp(how, "chmodow")) {
		if (chmod(dbpath, *(how + 5) == '6' ? 0666 : 0646) < 0)
			die(dbpath);
		await_refused(how);
		if (chmod(dbpath, 0644) < 0)
			die(dbpath);
		await_served(want_a, "chmod 644");
	} else if (!strcmp(how, "chown")) {
		if (chown(dbpath, 12345, 12345) < 0)
			die(dbpath);
		await_refused(how);
		if (chown(dbpath, 0, 0) < 0)
			die(dbpath);
		await_served(want_a, "chown 0");
	} else {
		fprintf(stderr, "inplace: unknown HOW \"%s\"\n", how);
		exit(2);
	}
}

int
main(int argc, char **argv)
{
	static const char *queries[] = { NULL, "http", "53/udp", "ssh/tcp",
	    "domain", "443", "kerberos-adm/udp", "no-such-service" };
	char line[8192];

	if (argc < 8 || argc > 9) {
		fprintf(stderr, "usage: inplace DB A.db B.db QUERY WANT_A "
		    "WANT_B HOW [NTHREADS]\n");
		return 2;
	}
	dbpath = argv[1];
	a_db = argv[2];
	b_db = argv[3];
	query = queries[0] = argv[4];
	want_a = argv[5];
	want_b = argv[6];
	srandom((unsigned)getpid());
	signal(SIGBUS, on_fault);
	signal(SIGSEGV, on_fault);
	__nss_configure_lookup("services", "ianaports");

	replace_db(a_db, dbpath);
	if (!await_answer(query, want_a, LIMIT, line, sizeof(line))) {
		fprintf(stderr, "inplace: A not served: \"%s\"\n", line);
		return 1;
	}
	lk.queries = queries;
	lk.nqueries = sizeof(queries) / sizeof(*queries);
	lookers_start(&lk, argc > 8 ? atoi(argv[8]) : 4);
	sleep_s(1.5);
	damage(argv[7]);
	sleep_s(0.5);
	lookers_stop(&lk);
	printf("%s: %ld lookups: %ld found, %ld not found, %ld unavailable, "
	    "%ld not whole\n", argv[7], atomic_load(&lk.n),
	    atomic_load(&lk.found), atomic_load(&lk.notfound),
	    atomic_load(&lk.unavail), atomic_load(&lk.malformed));
	return failed || atomic_load(&lk.malformed) ? 1 : 0;
}
