/* SPDX-License-Identifier: MIT */
/* glibc NSS glue: services from the ianaports database.
 *
 * Status map (glibc manual, "NSS Module Function Internals"):
 *   database missing, unreadable or invalid  UNAVAIL, errno from open or
 *                                            EPROTO: nsswitch falls through
 *   mmap out of memory                       TRYAGAIN, ENOMEM
 *   no such service, end of enumeration      NOTFOUND, ENOENT
 *   caller's buffer too small                TRYAGAIN, ERANGE (glibc
 *                                            retries with a larger one)
 *
 * One validated mapping is shared by every thread and reused, so a lookup
 * makes no system call and no allocation.  When the clock's second changes
 * (time(), one load from the vDSO), one thread stat()s the path and maps
 * a replaced file.  The old mapping is retired, and unmapped only when
 * its reader counts drop to zero: each lookup counts itself in on one of
 * NSLOTS cache lines, chosen by thread, so threads do not write a shared
 * line.
 */
#include <errno.h>
#include <netdb.h>
#include <nss.h>
#include <pthread.h>
#include <sched.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <arpa/inet.h>

#include "ipdb.h"

#define EXPORT __attribute__((visibility("default")))
#define NSLOTS 64		/* reader-count lines per mapping */
#define NMAPS 4			/* current, and retired still being read */
#define WAIT_NS 100000000L	/* wait for another thread's first open */

NSS_DECLARE_MODULE_FUNCTIONS(ianaports)

struct mapping {
	struct ipdb db;
	int in_use, retired;	/* under refresh_lock */
	struct {
		alignas(64) atomic_long n;
	} readers[NSLOTS];
};

static struct mapping maps[NMAPS];

/* Read by every lookup, written once a second: a line of its own. */
static struct {
	alignas(64) struct mapping *_Atomic current;
	atomic_long checked;		/* the time() second of the last look */
	atomic_int unavail_errno;	/* why there is no current mapping */
} live = { .checked = -1 };	/* no second time() returns */

/* The refresher's own state. */
static struct {
	alignas(64) pthread_mutex_t lock;
	uint64_t bad_dev, bad_ino, bad_mtime;	/* a file that failed */
	int64_t bad_size;
} refresher = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* The getservent cursor. */
static struct {
	alignas(64) pthread_mutex_t lock;
	uint32_t pos;
} cursor = { .lock = PTHREAD_MUTEX_INITIALIZER };

static long
now_ns(void)
{
	struct timespec ts;

	/* The vDSO answers this one without entering the kernel. */
	if (clock_gettime(CLOCK_MONOTONIC_COARSE, &ts) < 0)
		return 0;
	return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

/* Unmap every retired mapping nobody reads any more.  Lock held. */
static void
reclaim_locked(void)
{
	long sum;
	int i, s;

	for (i = 0; i < NMAPS; i++) {
		if (!maps[i].in_use || !maps[i].retired)
			continue;
		for (sum = 0, s = 0; s < NSLOTS; s++)
			sum += atomic_load(&maps[i].readers[s].n);
		if (sum)
			continue;
		ipdb_close(&maps[i].db);
		maps[i].retired = 0;
		maps[i].in_use = 0;
	}
}

static void
retire_current_locked(void)
{
	struct mapping *old = atomic_load(&live.current);

	atomic_store(&live.current, NULL);
	if (old)
		old->retired = 1;
}

static int
same_file(const struct ipdb *db, const struct stat *st)
{
	return db->dev == (uint64_t)st->st_dev &&
	    db->ino == (uint64_t)st->st_ino && db->size == st->st_size &&
	    db->mtime_ns == (uint64_t)st->st_mtim.tv_sec * 1000000000u +
	    (uint64_t)st->st_mtim.tv_nsec;
}

/* Map the database if it is new or replaced.  Lock held. */
static void
refresh_locked(void)
{
	struct mapping *cur = atomic_load(&live.current), *m = NULL;
	const char *path;
	struct stat st;
	int i, err;

	reclaim_locked();
	path = secure_getenv("IANAPORTS_DB");
	if (!path || !*path)
		path = IANAPORTS_DB_PATH;
	if (stat(path, &st) < 0) {
		atomic_store(&live.unavail_errno, errno);
		retire_current_locked();
		goto out;
	}
	if (cur && same_file(&cur->db, &st))
		return;
	if (refresher.bad_dev == (uint64_t)st.st_dev &&
	    refresher.bad_ino == (uint64_t)st.st_ino &&
	    refresher.bad_size == st.st_size &&
	    refresher.bad_mtime == (uint64_t)st.st_mtim.tv_sec)
		return;		/* known bad: keep what we serve */
	for (i = 0; i < NMAPS && !m; i++)
		if (!maps[i].in_use)
			m = &maps[i];
	if (!m)
		return;		/* all still read: try next time */
	err = ipdb_open(&m->db, path, IPDB_VERIFY_CRC | IPDB_CHECK_OWNER);
	if (err) {
		refresher.bad_dev = st.st_dev;
		refresher.bad_ino = st.st_ino;
		refresher.bad_size = st.st_size;
		refresher.bad_mtime = (uint64_t)st.st_mtim.tv_sec;
		atomic_store(&live.unavail_errno,
		    err == IPDB_ESYS ? errno : EPROTO);
		return;
	}
	/* Validation read every page; a process keeps resident only those
	   its lookups read: the page cache still holds the rest. */
	madvise((void *)m->db.base, m->db.len, MADV_DONTNEED);
	m->in_use = 1;
	m->retired = 0;
	/* One store: no lookup ever sees "no database" in between. */
	cur = atomic_exchange(&live.current, m);
	if (cur)
		cur->retired = 1;
out:
	reclaim_locked();
}

static void
refresh(long sec)
{
	int saved = errno;
	long start = 0;

	/* Nobody blocks on the refresher.  With a mapping to serve, a thread
	   that finds it busy goes on with that one; without one, it waits
	   for the open under way, up to WAIT_NS, then answers UNAVAIL rather
	   than hang: a child forked while another thread held the lock
	   would wait forever.  The clock is read only for that wait. */
	while (pthread_mutex_trylock(&refresher.lock)) {
		if (!start)
			start = now_ns();
		if (atomic_load(&live.current) || now_ns() - start > WAIT_NS) {
			errno = saved;
			return;
		}
		sched_yield();
	}
	if (sec != atomic_load(&live.checked)) {
		atomic_store(&live.checked, sec);
		refresh_locked();
	}
	pthread_mutex_unlock(&refresher.lock);
	errno = saved;
}

static unsigned
thread_slot(void)
{
	/* The thread pointer, without a call: it is what pthread_self()
	   returns on glibc. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
	uintptr_t t = (uintptr_t)__builtin_thread_pointer();
#else
	uintptr_t t = (uintptr_t)pthread_self();
#endif

	return (unsigned)((t * 0x9e3779b97f4a7c15ull) >> 58) % NSLOTS;
}

/* The current mapping, counted as read on *SLOT; NULL when there is
   none, with *ERRNOP set.  Inlined: a lookup is three calls in all. */
static inline __attribute__((always_inline)) struct mapping *
acquire(unsigned *slot, int *errnop)
{
	struct mapping *m;
	/* The vDSO's seconds, one load: a new second means a new look.
	   A clock set back or forth only brings one look sooner. */
	long sec = (long)time(NULL);

	/* Without a mapping, always ask: another thread may be opening
	   the file right now, and its answer is the one to wait for. */
	if (sec != atomic_load_explicit(&live.checked,
	    memory_order_relaxed) || !atomic_load(&live.current))
		refresh(sec);
	*slot = thread_slot();
	for (;;) {
		m = atomic_load(&live.current);
		if (!m) {
			*errnop = atomic_load(&live.unavail_errno);
			if (!*errnop)
				*errnop = ENOENT;
			return NULL;
		}
		atomic_fetch_add(&m->readers[*slot].n, 1);
		/* Still current after we counted ourselves in: the
		   reclaimer, which retires before it counts, sees us. */
		if (atomic_load(&live.current) == m)
			return m;
		atomic_fetch_sub(&m->readers[*slot].n, 1);
	}
}

static void
release(struct mapping *m, unsigned slot)
{
	atomic_fetch_sub_explicit(&m->readers[slot].n, 1,
	    memory_order_release);
}

/* Copy N bytes from S to D a word at a time, up to 7 more of each: the
   callers check D's room; S lies in STRS, whose pad covers the rest. */
static inline void
copy_words(char *d, const char *s, size_t n)
{
	uint64_t w;
	size_t i;

	for (i = 0; i < n; i += 8) {
		memcpy(&w, s + i, 8);
		memcpy(d + i, &w, 8);
	}
}

/* Copy entry I into the caller's SE and BUF: nothing points into the
   mapping, which a later call may unmap.  The lengths are in the file,
   so a short buffer is found before anything is written, and the names,
   which lie one after the other, go over in one copy. */
static enum nss_status
fill(const struct ipdb *db, uint32_t i, struct servent *se, char *buf,
    size_t buflen, int *errnop)
{
	struct ipdb_entry e;
	char **aliases, *p;
	size_t pad, head, room;
	unsigned k;

	ipdb_entry(db, i, &e);
	/* Align buffer */
	pad = -(uintptr_t)buf & (alignof(char *) - 1);
	head = pad + (e.naliases + 1) * sizeof(char *);
	if (head > buflen || (room = buflen - head) < e.names_len +
	    e.proto_len + 1) {
		*errnop = ERANGE;
		return NSS_STATUS_TRYAGAIN;
	}
	aliases = (char **)(void *)(buf + pad);
	p = buf + head;
	/* Names and protocol are a few words: no call for them when the
	   buffer has room for a word's overshoot (glibc's has 1024 bytes). */
	if (room >= e.names_len + e.proto_len + 1 + 14) {
		copy_words(p, e.name, e.names_len);
		copy_words(p + e.names_len, e.proto, e.proto_len + 1);
	} else {
		memcpy(p, e.name, e.names_len);
		memcpy(p + e.names_len, e.proto, e.proto_len + 1);
	}
	se->s_name = p;
	se->s_proto = p + e.names_len;
	for (k = 0; k < e.naliases; k++) {
		p += strlen(p) + 1;
		aliases[k] = p;
	}
	aliases[k] = NULL;
	se->s_aliases = aliases;
	se->s_port = (int)htons((uint16_t)e.port);
	return NSS_STATUS_SUCCESS;
}

static enum nss_status
not_found(int *errnop)
{
	*errnop = ENOENT;
	return NSS_STATUS_NOTFOUND;
}

/* Entry I of M (-1: none) into the caller's buffer; then M is let go. */
static enum nss_status
answer(struct mapping *m, unsigned slot, long i, struct servent *se,
    char *buf, size_t buflen, int *errnop)
{
	enum nss_status st;

	st = i < 0 ? not_found(errnop) :
	    fill(&m->db, (uint32_t)i, se, buf, buflen, errnop);
	release(m, slot);
	return st;
}

EXPORT enum nss_status
_nss_ianaports_getservbyname_r(const char *name, const char *proto,
    struct servent *se, char *buf, size_t buflen, int *errnop)
{
	struct mapping *m;
	unsigned slot;
	long i;

	if (!(m = acquire(&slot, errnop)))
		return NSS_STATUS_UNAVAIL;
	i = ipdb_find_name(&m->db, name, proto);
	return answer(m, slot, i, se, buf, buflen, errnop);
}

EXPORT enum nss_status
_nss_ianaports_getservbyport_r(int port, const char *proto,
    struct servent *se, char *buf, size_t buflen, int *errnop)
{
	struct mapping *m;
	unsigned slot;
	long i;

	if (!(m = acquire(&slot, errnop)))
		return NSS_STATUS_UNAVAIL;
	/* PORT arrives in network byte order, as s_port is stored. */
	i = ipdb_find_port(&m->db, ntohs((uint16_t)port), proto);
	return answer(m, slot, i, se, buf, buflen, errnop);
}

EXPORT enum nss_status
_nss_ianaports_setservent(int stayopen)
{
	(void)stayopen;
	pthread_mutex_lock(&cursor.lock);
	cursor.pos = 0;
	pthread_mutex_unlock(&cursor.lock);
	return NSS_STATUS_SUCCESS;
}

EXPORT enum nss_status
_nss_ianaports_endservent(void)
{
	pthread_mutex_lock(&cursor.lock);
	cursor.pos = 0;
	pthread_mutex_unlock(&cursor.lock);
	return NSS_STATUS_SUCCESS;
}

EXPORT enum nss_status
_nss_ianaports_getservent_r(struct servent *se, char *buf, size_t buflen,
    int *errnop)
{
	struct mapping *m;
	enum nss_status st;
	unsigned slot;

	pthread_mutex_lock(&cursor.lock);
	if (!(m = acquire(&slot, errnop))) {
		st = NSS_STATUS_UNAVAIL;
		goto out;
	}
	if (cursor.pos >= m->db.nents) {
		st = not_found(errnop);
	} else {
		st = fill(&m->db, ipdb_enum(&m->db, cursor.pos), se, buf,
		    buflen, errnop);
		/* On ERANGE the retry must get this same entry. */
		if (st == NSS_STATUS_SUCCESS)
			cursor.pos++;
	}
	release(m, slot);
out:
	pthread_mutex_unlock(&cursor.lock);
	return st;
}
