/* SPDX-License-Identifier: MIT */
/* glibc NSS glue: services from the ianaports database.
 *
 * Status map (glibc manual, "NSS Module Function Internals"):
 *   database missing, unreadable, unsafe     UNAVAIL, errno from open,
 *   or damaged where a lookup read it        EACCES or EPROTO: nsswitch
 *                                            falls through
 *   /etc/services newer than the database    UNAVAIL, ENOENT on a miss, so
 *                                            that files answers local edits
 *   no such service, end of enumeration      NOTFOUND, ENOENT
 *   caller's buffer too small                TRYAGAIN, ERANGE (glibc
 *                                            retries with a larger one)
 *
 * One mapping is shared by every thread and reused, so a lookup makes no
 * system call and no allocation.  Opening it reads the header and the
 * section table only; every offset a lookup reads is checked where it is
 * read (ipdb_read.c).  When the clock's second changes (time(), one load
 * from the vDSO), the one thread that claims that second looks at the
 * file: a replaced file is mapped
 * and served from then on; the same file changed in place, or made
 * writable by others, stops being served at once.  A mapping no longer
 * current is unmapped only when its reader counts drop to zero: each
 * lookup counts itself in on one of NSLOTS cache lines, chosen by thread.
 *
 * No lock is held across a system call, so nothing a thread can die in
 * (cancellation, a signal handler's longjmp) or a fork can copy leaves
 * the others waiting: the look is claimed per second by a compare and
 * exchange, and a look that never finishes is simply made again in the
 * next second, by whichever thread gets there first.
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
#include <unistd.h>
#include <arpa/inet.h>

#include "ipdb.h"

#define EXPORT __attribute__((visibility("default")))
/* Small blocks: the first one, static, then fits in the page of .data
   that loading the module writes anyway.  A larger one costs every
   process an anonymous mapping at load and a fault at its first lookup
   (docs/benchmark.md, "First lookup"). */
#define NSLOTS 16		/* reader-count lines per mapping */
#define NMAPS 2			/* mappings a block holds: current, next */
#define NBLOCKS 1024		/* blocks at most, the first one static */
#define WALK_SLOT 0		/* the getservent walk's count */
#define LOOK_SLOT 1		/* the look's, on the mapping it compares */
#define WAIT_NS 100000000L	/* wait for another thread's look */
#define WAIT_SPINS 100000	/* and at most this many yields */
enum { NEWER_ASK, NEWER_NO, NEWER_YES };	/* live.local_newer */

NSS_DECLARE_MODULE_FUNCTIONS(ianaports)

/* A mapping's life: FREE, FILLING (one looker writes db), LIVE (current
   or about to be), RETIRED (no longer handed out), CLOSING (being
   unmapped), FREE.  Every step is one compare and exchange. */
enum { M_FREE, M_FILLING, M_LIVE, M_RETIRED, M_CLOSING };

struct counter {
	alignas(64) atomic_long n;
};

struct mapping {
	struct ipdb db;
	atomic_int state;
	atomic_int stale;	/* its file changed in place: a walk stops */
	struct counter *readers;	/* NSLOTS, in its block */
};

/* Mappings in blocks: the mappings side by side, so that a look scans
   their states without touching a page each, and their reader counts
   after them.  A thread that leaves a lookup by longjmp (or is
   cancelled asynchronously in one) leaves its count on that mapping
   for ever, and a fork copies the counts of the lookups under way in
   other threads: such a mapping is never unmapped.  So that these can
   never use up the room a replacement needs, a look that finds every
   mapping taken maps another block (NBLOCKS at most). */
struct block {
	struct mapping maps[NMAPS];
	struct block *_Atomic next;
	struct counter readers[NMAPS][NSLOTS];
};

/* Mapping M's count on SLOT. */
static inline atomic_long *
count(const struct mapping *m, unsigned slot)
{
	return &m->readers[slot].n;
}

/* The first block, on the page of the state below. */
static struct block first;

/* Read by every lookup, written once a second: a line of its own. */
static struct {
	alignas(64) struct mapping *_Atomic current;
	/* Seconds as time() + 1, so that the zero every field starts at
	   (in .bss, beside the rest of our state) means "never". */
	atomic_long checked;		/* the second a look was claimed for */
	atomic_long looked;		/* the second the last look ended */
	atomic_int unavail_errno;	/* why there is no current mapping */
	atomic_int local_newer;		/* /etc/services is newer: misses
					   fall through to files */
	atomic_int retired;		/* mappings in M_RETIRED */
} live;

/* The file whose open failed, not tried again until it changes.
   Written by the looker only; a torn read costs one more open. */
static struct {
	alignas(64) _Atomic uint64_t dev, ino, mtime, ctime;
	_Atomic int64_t size;
} bad;

/* The getservent walk: the mapping it started on, counted as read. */
static struct {
	alignas(64) pthread_mutex_t lock;
	struct mapping *m;
	uint32_t pos;
	int done;
} cursor = { .lock = PTHREAD_MUTEX_INITIALIZER };

static uint64_t
ns(struct timespec t)
{
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static const char *
env_path(const char *name, const char *fallback)
{
	const char *p = secure_getenv(name);

	return p && *p ? p : fallback;
}

/* Unmap M if it is retired and nobody reads it any more. */
static void
reclaim_one(struct mapping *m)
{
	long sum = 0;
	int s, want = M_RETIRED;

	if (atomic_load(&m->state) != M_RETIRED)
		return;
	for (s = 0; s < NSLOTS; s++)
		sum += atomic_load(count(m, s));
	if (sum || !atomic_compare_exchange_strong(&m->state, &want,
	    M_CLOSING))
		return;
	ipdb_close(&m->db);
	atomic_fetch_sub(&live.retired, 1);
	atomic_store(&m->state, M_FREE);
}

/* Unmap every retired mapping nobody reads any more. */
static void
reclaim(void)
{
	struct block *b;
	int i;

	if (!atomic_load(&live.retired))
		return;		/* (a first look touches no other slot) */
	for (b = &first; b; b = atomic_load(&b->next))
		for (i = 0; i < NMAPS; i++)
			reclaim_one(&b->maps[i]);
}

/* Stop handing M out, if it is still current.  STALE: its file changed
   in place, so a walk on it must stop too. */
static void
retire(struct mapping *m, int stale)
{
	struct mapping *expect = m;
	int want = M_LIVE;

	if (!m)
		return;
	if (stale)
		atomic_store(&m->stale, 1);
	atomic_compare_exchange_strong(&live.current, &expect, NULL);
	if (atomic_compare_exchange_strong(&m->state, &want, M_RETIRED))
		atomic_fetch_add(&live.retired, 1);
}

/* A free mapping of block B, taken (M_FILLING), or NULL. */
static struct mapping *
take_free(struct block *b)
{
	int i, want;

	for (i = 0; i < NMAPS; i++) {
		want = M_FREE;
		if (atomic_compare_exchange_strong(&b->maps[i].state, &want,
		    M_FILLING)) {
			/* Set once, before its first publish: nobody has
			   read it yet. */
			if (!b->maps[i].readers)
				b->maps[i].readers = b->readers[i];
			return &b->maps[i];
		}
	}
	return NULL;
}

/* A block more after LAST, mapped from the kernel (zero-filled, as the
   first is), or NULL past NBLOCKS or without memory. */
static struct block *
add_block(struct block *last, int n)
{
	struct block *b, *expect = NULL;

	if (n >= NBLOCKS)
		return NULL;
	b = mmap(NULL, sizeof(*b), PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (b == MAP_FAILED)
		return NULL;
	if (atomic_compare_exchange_strong(&last->next, &expect, b))
		return b;
	munmap(b, sizeof(*b));	/* another look added one: use it */
	return expect;
}

/* A mapping to fill: a free one, else one of a new block. */
static struct mapping *
take_mapping(void)
{
	struct block *b = &first, *next;
	struct mapping *m;
	int n = 1;

	for (;;) {
		if ((m = take_free(b)))
			return m;
		if (!(next = atomic_load(&b->next)) &&
		    !(next = add_block(b, n)))
			return NULL;
		b = next;
		n++;
	}
}

/* Serve DB from now on; the mapping it replaces is retired.  Without
   room (NBLOCKS of mappings all read, or no memory), DB is let go and
   the next look tries again. */
static void
publish(struct ipdb *db)
{
	struct mapping *m = take_mapping(), *old;

	if (!m) {
		ipdb_close(db);
		return;
	}
	m->db = *db;
	atomic_store(&m->stale, 0);
	atomic_store(&m->state, M_LIVE);
	/* One store: no lookup ever sees "no database" in between. */
	old = atomic_exchange(&live.current, m);
	if (old)
		retire(old, 0);
}

/* The current mapping counted as read on SLOT, or NULL when there is
   none.  The count comes first and the check after, so the reclaimer,
   which retires before it counts, never unmaps or refills what the
   caller reads. */
static inline __attribute__((always_inline)) struct mapping *
hold_current(unsigned slot)
{
	struct mapping *m;

	while ((m = atomic_load(&live.current))) {
		atomic_fetch_add(count(m, slot), 1);
		if (atomic_load(&live.current) == m)
			return m;
		atomic_fetch_sub(count(m, slot), 1);
	}
	return NULL;
}

static void
release(struct mapping *m, unsigned slot)
{
	atomic_fetch_sub_explicit(count(m, slot), 1, memory_order_release);
}

static int
same_inode(const struct ipdb *db, const struct stat *st)
{
	return db->dev == (uint64_t)st->st_dev &&
	    db->ino == (uint64_t)st->st_ino;
}

/* Same inode, size and contents' time: a write or a truncation
   changes one of them (unless the writer set the time back). */
static int
same_contents(const struct ipdb *db, const struct stat *st)
{
	return same_inode(db, st) && db->size == st->st_size &&
	    db->mtime_ns == ns(st->st_mtim);
}

static int
known_bad(const struct stat *st)
{
	return atomic_load(&bad.dev) == (uint64_t)st->st_dev &&
	    atomic_load(&bad.ino) == (uint64_t)st->st_ino &&
	    atomic_load(&bad.size) == st->st_size &&
	    atomic_load(&bad.mtime) == ns(st->st_mtim) &&
	    atomic_load(&bad.ctime) == ns(st->st_ctim);
}

/* DB, as ipdb_open() left it after error ERR, failed: say why, and
   remember the file so that it is not opened again until it changes.
   A system error (no memory, no more mappings, no descriptor) is the
   process's, not the file's: that file is tried again at the next look. */
static void
mark_bad(const struct ipdb *db, int err)
{
	static const struct ipdb no_file;

	atomic_store(&live.unavail_errno, err == IPDB_ESYS ? errno :
	    err == IPDB_EPERM ? EACCES : EPROTO);
	if (err == IPDB_ESYS)
		db = &no_file;
	atomic_store(&bad.dev, db->dev);
	atomic_store(&bad.ino, db->ino);
	atomic_store(&bad.size, db->size);
	atomic_store(&bad.mtime, db->mtime_ns);
	atomic_store(&bad.ctime, db->ctime_ns);
}

/* Whether the file ST describes is no longer the one CUR mapped, when
   it has CUR's inode: rewritten, truncated, or opened to others under
   us.  Then no lookup from now on reads CUR, nor a walk.  When only the
   inode's time moved (a chmod or chown that left it safe, an access
   time set back, or a write whose time was set back too), the file is
   mapped again, to compare with from then on, and a walk on CUR goes
   on: its pages are the same file's, whose size did not change. */
static int
changed_in_place(struct mapping *cur, const struct stat *st)
{
	int safe = S_ISREG(st->st_mode) &&
	    ipdb_owner_ok(st->st_mode, st->st_uid);

	if (safe && same_contents(&cur->db, st) &&
	    cur->db.ctime_ns == ns(st->st_ctim))
		return 0;
	retire(cur, !safe || !same_contents(&cur->db, st));
	atomic_store(&live.unavail_errno, EPROTO);
	return 1;
}

/* Whether the file at PATH is the one CUR maps, unchanged and safe;
   when not, CUR is no longer handed out (unless it was merely replaced:
   then a replacement that fails to open leaves it served, intact). */
static int
still_current(struct mapping *cur, const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		atomic_store(&live.unavail_errno, errno);
		retire(cur, 0);
		return 0;
	}
	return same_inode(&cur->db, &st) ? !changed_in_place(cur, &st) :
	    known_bad(&st);
}

/* Look at the database file: map it when it is new or replaced, stop
   serving it when it changed in place or became unsafe.  Without a
   mapping there is nothing to compare: open at once (the first lookup
   of a process makes no stat() of its own).  The mapping compared is
   held, as a lookup holds it: a look of the next second, by another
   thread while this one is slow, may retire it meanwhile. */
static void
look_at_database(void)
{
	const char *path = env_path("IANAPORTS_DB", IANAPORTS_DB_PATH);
	struct mapping *cur = hold_current(LOOK_SLOT);
	struct ipdb db;
	int keep, err;

	if (cur) {
		keep = still_current(cur, path);
		release(cur, LOOK_SLOT);
		if (keep)
			return;
	}
	err = ipdb_open(&db, path, IPDB_CHECK_OWNER);
	if (err) {
		mark_bad(&db, err);
		return;
	}
	publish(&db);
}

/* Whether /etc/services changed after the database was written: then
   the module answers its misses UNAVAIL, and files, next on the
   services line, answers a line added there until the next compile.
   Looked at once a look, and only by a miss, so that a hit never waits
   for it. */
static int
local_newer(const struct mapping *m)
{
	int v = atomic_load_explicit(&live.local_newer, memory_order_relaxed);
	int saved = errno;
	struct stat st;

	if (v == NEWER_ASK) {
		v = !stat(env_path("IANAPORTS_SERVICES", IANAPORTS_SYSCONFDIR
		    "/services"), &st) && ns(st.st_mtim) > m->db.mtime_ns ?
		    NEWER_YES : NEWER_NO;
		errno = saved;
		atomic_store(&live.local_newer, v);
	}
	return v == NEWER_YES;
}

/* Claim the look for second SEC, SEEN being the last one claimed; the
   thread that wins makes it.  Cancellation is off meanwhile (open() is
   a cancellation point), and errno is the caller's again after. */
static void
look(long seen, long sec)
{
	int saved = errno, cancel;

	if (!atomic_compare_exchange_strong(&live.checked, &seen, sec))
		return;		/* another thread has this second */
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &cancel);
	reclaim();
	look_at_database();
	reclaim();
	/* /etc/services is compared with the database at the first miss
	   after each look: an edit there is seen within a second. */
	atomic_store(&live.local_newer, NEWER_ASK);
	atomic_store(&live.looked, sec);
	pthread_setcancelstate(cancel, NULL);
	errno = saved;
}

static int64_t
now_ns(void)
{
	struct timespec ts;

	/* The vDSO answers this one without entering the kernel. */
	if (clock_gettime(CLOCK_MONOTONIC_COARSE, &ts) < 0)
		return 0;
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Without a mapping, while another thread's look of this second is
   under way (a program's first lookups, from several threads): wait
   for it, a bounded time, since that thread may never finish it (a
   fork copied it mid-look, or it died there). */
static struct mapping *
wait_for_look(void)
{
	struct mapping *m = NULL;
	int64_t start = now_ns();
	int spins;

	for (spins = 0; spins < WAIT_SPINS; spins++) {
		if ((m = atomic_load(&live.current)) ||
		    atomic_load(&live.looked) == atomic_load(&live.checked) ||
		    now_ns() - start > WAIT_NS)
			break;
		sched_yield();
	}
	return m;
}

/* Make this second's look if nobody has: a new second, or a program's
   first call. */
static inline void
look_if_due(void)
{
	/* The vDSO's seconds, one load: a new second means a new look.
	   A clock set back or forth only brings one look sooner. */
	long sec = (long)time(NULL) + 1;
	long seen = atomic_load_explicit(&live.checked, memory_order_relaxed);

	if (sec != seen)
		look(seen, sec);
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

/* The current mapping counted as read on SLOT, or NULL with *ERRNOP
   set: there is none, after waiting for a look under way. */
static inline __attribute__((always_inline)) struct mapping *
acquire(unsigned slot, int *errnop)
{
	struct mapping *m;

	while (!(m = hold_current(slot)))
		if (!wait_for_look()) {
			*errnop = atomic_load(&live.unavail_errno);
			if (!*errnop)
				*errnop = ENOENT;
			return NULL;
		}
	return m;
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

/* Copy N bytes from S to D, for a buffer without room for the words'
   overshoot: rare, and a few bytes, so a loop rather than memcpy(),
   which the module would bind at every load. */
static void
copy_bytes(char *d, const char *s, size_t n)
{
	while (n--)
		*d++ = *s++;
}

static enum nss_status
damaged(int *errnop)
{
	*errnop = EPROTO;
	return NSS_STATUS_UNAVAIL;
}

/* Point ALIASES at the N names after the first in NAMES of LEN bytes
   (their last byte a NUL); -1 when there are fewer than N. */
static int
point_aliases(char **aliases, char *names, size_t len, unsigned n)
{
	char *p = names, *end = names + len;
	unsigned k;

	for (k = 0; k < n; k++) {
		while (*p++)
			;		/* past the name and its NUL */
		if (p >= end)
			return -1;
		aliases[k] = p;
	}
	aliases[k] = NULL;
	return 0;
}

/* Copy entry I into the caller's SE and BUF: nothing points into the
   mapping, which a later call may unmap.  The lengths are in the file,
   so a short buffer is found before anything is written, and the names,
   which lie one after the other, go over in one copy. */
static enum nss_status
fill(const struct ipdb *db, long i, struct servent *se, char *buf,
    size_t buflen, int *errnop)
{
	struct ipdb_entry e;
	char **aliases, *p;
	size_t pad, head, room;

	if (ipdb_entry(db, i, &e) < 0)
		return damaged(errnop);
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
		copy_bytes(p, e.name, e.names_len);
		copy_bytes(p + e.names_len, e.proto, e.proto_len + 1);
	}
	if (point_aliases(aliases, p, e.names_len, e.naliases) < 0)
		return damaged(errnop);
	se->s_name = p;
	se->s_proto = p + e.names_len;
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

/* A miss in M: files' to answer while /etc/services is newer. */
static enum nss_status
missing(const struct mapping *m, int *errnop)
{
	*errnop = ENOENT;
	return local_newer(m) ? NSS_STATUS_UNAVAIL : NSS_STATUS_NOTFOUND;
}

/* Entry I of M (IPDB_NONE, IPDB_BAD: none) into the caller's buffer;
   then M is let go. */
static enum nss_status
answer(struct mapping *m, unsigned slot, long i, struct servent *se,
    char *buf, size_t buflen, int *errnop)
{
	enum nss_status st;

	st = i == IPDB_NONE ? missing(m, errnop) :
	    fill(&m->db, i, se, buf, buflen, errnop);
	release(m, slot);
	return st;
}

EXPORT enum nss_status
_nss_ianaports_getservbyname_r(const char *name, const char *proto,
    struct servent *se, char *buf, size_t buflen, int *errnop)
{
	struct mapping *m;
	unsigned slot = thread_slot();

	look_if_due();
	if (!(m = acquire(slot, errnop)))
		return NSS_STATUS_UNAVAIL;
	return answer(m, slot, ipdb_find_name(&m->db, name, proto), se, buf,
	    buflen, errnop);
}

EXPORT enum nss_status
_nss_ianaports_getservbyport_r(int port, const char *proto,
    struct servent *se, char *buf, size_t buflen, int *errnop)
{
	struct mapping *m;
	unsigned slot = thread_slot();

	/* PORT arrives in network byte order, as s_port is stored, in
	   its low 16 bits; nss_files matches nothing with others set. */
	if ((unsigned)port > 0xffffu)
		return not_found(errnop);
	look_if_due();
	if (!(m = acquire(slot, errnop)))
		return NSS_STATUS_UNAVAIL;
	return answer(m, slot, ipdb_find_port(&m->db, ntohs((uint16_t)port),
	    proto), se, buf, buflen, errnop);
}

/* End the walk: its mapping is let go, the next walk starts afresh on
   the database current then.  Cursor lock held. */
static void
walk_reset(void)
{
	if (cursor.m)
		release(cursor.m, WALK_SLOT);
	cursor.m = NULL;
	cursor.pos = 0;
	cursor.done = 0;
}

/* setservent and endservent alike: the next walk starts afresh. */
static enum nss_status
walk_end(void)
{
	pthread_mutex_lock(&cursor.lock);
	walk_reset();
	pthread_mutex_unlock(&cursor.lock);
	return NSS_STATUS_SUCCESS;
}

EXPORT enum nss_status
_nss_ianaports_setservent(int stayopen)
{
	(void)stayopen;
	return walk_end();
}

EXPORT enum nss_status
_nss_ianaports_endservent(void)
{
	return walk_end();
}

/* The walk's next entry: the walk stays on the mapping it started on,
   to its end, unless that mapping's file changed in place.  Cursor
   lock held. */
static enum nss_status
walk_next(struct servent *se, char *buf, size_t buflen, int *errnop)
{
	enum nss_status st;
	long i;

	look_if_due();
	if (cursor.m && atomic_load(&cursor.m->stale)) {
		walk_reset();
		return damaged(errnop);
	}
	if (cursor.done) {
		*errnop = ENOENT;
		return NSS_STATUS_NOTFOUND;
	}
	if (!cursor.m && !(cursor.m = acquire(WALK_SLOT, errnop)))
		return NSS_STATUS_UNAVAIL;
	if (cursor.pos >= cursor.m->db.nents) {
		walk_reset();
		cursor.done = 1;
		*errnop = ENOENT;
		return NSS_STATUS_NOTFOUND;
	}
	i = ipdb_enum(&cursor.m->db, cursor.pos);
	st = i < 0 ? damaged(errnop) :
	    fill(&cursor.m->db, i, se, buf, buflen, errnop);
	/* On ERANGE the retry must get this same entry. */
	if (st == NSS_STATUS_SUCCESS || st == NSS_STATUS_UNAVAIL)
		cursor.pos++;
	return st;
}

EXPORT enum nss_status
_nss_ianaports_getservent_r(struct servent *se, char *buf, size_t buflen,
    int *errnop)
{
	enum nss_status st;

	pthread_mutex_lock(&cursor.lock);
	st = walk_next(se, buf, buflen, errnop);
	pthread_mutex_unlock(&cursor.lock);
	return st;
}
