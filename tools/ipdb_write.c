/* SPDX-License-Identifier: MIT */
/* The one writer: lay the model out (FORMAT.md), then temp + rename. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <time.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipdb.h"
#include "ipdb_write.h"
#include "model.h"
#include "xalloc.h"

struct buf {
	unsigned char *p;
	size_t len, cap;
};

static void
buf_need(struct buf *b, size_t more)
{
	size_t cap;

	if (b->len + more <= b->cap)
		return;
	for (cap = b->cap ? b->cap : 4096; cap < b->len + more; cap *= 2)
		;
	b->p = xrealloc(b->p, cap);
	memset(b->p + b->cap, 0, cap - b->cap);	/* padding is zero */
	b->cap = cap;
}

static void
buf_add(struct buf *b, const void *p, size_t n)
{
	buf_need(b, n);
	if (n)	/* P may be NULL for an empty section */
		memcpy(b->p + b->len, p, n);
	b->len += n;
}

static void
buf_u32(struct buf *b, uint32_t v)
{
	buf_need(b, 4);
	ipdb_put32(b->p + b->len, v);
	b->len += 4;
}

/* A string pool that stores each distinct byte run (a NUL-terminated
   string, or a list of them) once. */
struct pool {
	struct buf b;
	uint32_t *slots;	/* offset + 1, or 0 */
	uint32_t *lens, *hashes;
	size_t cap, n;
};

static void
pool_rehash(struct pool *pl)
{
	size_t cap = pl->cap ? 2 * pl->cap : 4096, i, j;
	uint32_t *s = xcalloc(cap, sizeof(*s)), *l = xcalloc(cap, sizeof(*l));
	uint32_t *h = xcalloc(cap, sizeof(*h));

	for (i = 0; i < pl->cap; i++) {
		if (!pl->slots[i])
			continue;
		j = pl->hashes[i] & (cap - 1);
		while (s[j])
			j = (j + 1) & (cap - 1);
		s[j] = pl->slots[i];
		l[j] = pl->lens[i];
		h[j] = pl->hashes[i];
	}
	free(pl->slots);
	free(pl->lens);
	free(pl->hashes);
	pl->slots = s;
	pl->lens = l;
	pl->hashes = h;
	pl->cap = cap;
}

/* Offset of the run P (N bytes, NULs included) in the pool. */
static uint32_t
pool_add(struct pool *pl, const unsigned char *p, size_t n)
{
	uint32_t h = model_hash(p, n);
	size_t j;

	if (2 * (pl->n + 1) > pl->cap)
		pool_rehash(pl);
	j = h & (pl->cap - 1);
	for (; pl->slots[j]; j = (j + 1) & (pl->cap - 1))
		if (pl->hashes[j] == h && pl->lens[j] == n &&
		    !memcmp(pl->b.p + pl->slots[j] - 1, p, n))
			return pl->slots[j] - 1;
	pl->slots[j] = (uint32_t)pl->b.len + 1;
	pl->lens[j] = (uint32_t)n;
	pl->hashes[j] = h;
	pl->n++;
	buf_add(&pl->b, p, n);
	return pl->slots[j] - 1;
}

static uint32_t
pool_str(struct pool *pl, const char *s)
{
	return pool_add(pl, (const unsigned char *)s, strlen(s) + 1);
}

static void
pool_free(struct pool *pl)
{
	free(pl->b.p);
	free(pl->slots);
	free(pl->lens);
	free(pl->hashes);
}

/* Slots for the by-name table: a power of two, at least eight, filled
   to at most 4/5, which keeps a probe within a cache line or two. */
static unsigned
table_bits(size_t n)
{
	unsigned bits = 3;

	while (((size_t)4 << bits) < 5 * n + 4)
		bits++;
	return bits;
}

#define NSECT 10
enum { PROT, STRS, ENTS, PORT, PIDX, NMLS, BYNM, ENUM, DESC, DSCO };

/* A layout under way: the sections, and the entries' port order. */
struct layout {
	const struct model *m;
	struct pool strs, desc;
	struct buf sec[NSECT];
	uint32_t *count;	/* entries with a port up to p, p + 1 */
	uint32_t *order;	/* entry at each position in port order */
	uint32_t *rank;		/* position of each entry in port order */
	uint32_t *list;		/* each entry's name list in STRS */
};

/* Entries in port order, a port's in entry (enumeration) order: a
   counting sort, stable.  COUNT[p] ends as the number of entries with a
   port up to p. */
static void
sort_by_port(struct layout *l)
{
	const struct model *m = l->m;
	size_t i;

	l->count = xcalloc(65537, sizeof(*l->count));
	l->order = xreallocarray(NULL, m->nentries + 1, sizeof(*l->order));
	l->rank = xreallocarray(NULL, m->nentries + 1, sizeof(*l->rank));
	l->list = xreallocarray(NULL, m->nentries + 1, sizeof(*l->list));
	for (i = 0; i < m->nentries; i++)
		l->count[m->entries[i].port + 1]++;
	for (i = 1; i <= 65536; i++)
		l->count[i] += l->count[i - 1];
	for (i = 0; i < m->nentries; i++) {
		l->order[l->count[m->entries[i].port]] = (uint32_t)i;
		l->rank[i] = l->count[m->entries[i].port]++;
	}
}

/* Entry ME's names as one list (section 4) into RUN. */
static int
name_list(const struct model *m, const struct model_entry *me,
    struct buf *run)
{
	size_t k;

	run->len = IPDB_LIST_HEAD;
	buf_need(run, IPDB_LIST_HEAD);
	for (k = 0; k < me->nnames; k++) {
		const char *s = m->strings[m->entry_names[me->first_name + k]];

		if (strlen(s) > IPDB_MAX_NAME)
			return -1;
		buf_add(run, s, strlen(s) + 1);
	}
	if (run->len - IPDB_LIST_HEAD > UINT16_MAX ||
	    me->nnames - 1 > IPDB_MAX_ALIASES)
		return -1;
	ipdb_put16(run->p, (uint16_t)(run->len - IPDB_LIST_HEAD));
	run->p[2] = (unsigned char)(me->nnames - 1);
	return 0;
}

/* STRS and PROT: the protocols' names, then each entry's names as one
   list, shared by the entries with the same names (tcp and udp,
   mostly). */
static int
lay_strings(struct layout *l)
{
	const struct model *m = l->m;
	struct buf run = { 0 };
	size_t i;
	int rc = -1;

	for (i = 0; i < m->nprotos; i++) {
		const char *s = m->strings[m->protos[i]];

		if (strlen(s) > IPDB_MAX_NAME)
			goto out;
		buf_u32(&l->sec[PROT], pool_str(&l->strs, s));
		buf_u32(&l->sec[PROT], (uint32_t)strlen(s));
	}
	for (i = 0; i < m->nentries; i++) {
		if (name_list(m, &m->entries[i], &run) < 0)
			goto out;
		l->list[i] = pool_add(&l->strs, run.p, run.len);
	}
	rc = l->strs.b.len > IPDB_MAX_STRS ? -1 : 0;	/* 24-bit offsets */
out:
	free(run.p);
	return rc;
}

/* ENTS, PORT and DSCO in port order; PIDX, bucket b's first entry the
   first of port 16b, for the buckets up to the highest port's, then
   the end; ENUM, each entry's place in port order. */
static void
lay_entries(struct layout *l)
{
	const struct model *m = l->m;
	size_t i, k, nbuckets;

	for (i = 0; i < m->nentries; i++) {
		const struct model_entry *me = &m->entries[l->order[i]];

		buf_u32(&l->sec[ENTS], l->list[l->order[i]] | me->proto << 24);
		buf_need(&l->sec[PORT], 2);
		ipdb_put16(l->sec[PORT].p + l->sec[PORT].len,
		    (uint16_t)me->port);
		l->sec[PORT].len += 2;
		buf_u32(&l->sec[DSCO], me->desc == UINT32_MAX ? 0 :
		    pool_str(&l->desc, m->strings[me->desc]));
	}
	nbuckets = m->nentries ? (m->entries[l->order[m->nentries - 1]].port >>
	    IPDB_PORT_SHIFT) + 1 : 0;
	for (k = 0; k <= nbuckets; k++)
		buf_u32(&l->sec[PIDX], k == nbuckets ? (uint32_t)m->nentries :
		    k ? l->count[(k << IPDB_PORT_SHIFT) - 1] : 0);
	for (i = 0; i < m->nentries; i++)
		buf_u32(&l->sec[ENUM], l->rank[i]);
}

/* NMLS and BYNM: groups inserted in their (deterministic) order. */
static void
lay_names(struct layout *l)
{
	const struct model *m = l->m;
	struct buf *bynm = &l->sec[BYNM];
	unsigned bits = table_bits(m->ngroups);
	size_t i, j, k, mask = ((size_t)1 << bits) - 1;
	uint32_t e;

	buf_need(bynm, (size_t)4 << bits);
	memset(bynm->p, 0xff, (size_t)4 << bits);
	bynm->len = (size_t)4 << bits;
	for (i = 0; i < m->ngroups; i++) {
		const struct model_group *g = &m->groups[i];

		for (j = g->hash & mask; ipdb_le32(bynm->p + 4 * j) !=
		    IPDB_EMPTY; j = (j + 1) & mask)
			;
		ipdb_put32(bynm->p + 4 * j, IPDB_SLOT_TAG(g->hash) |
		    (uint32_t)(l->sec[NMLS].len / 4));
		for (k = 0; k < g->count; k++) {
			e = m->group_items[g->first + k];
			buf_u32(&l->sec[NMLS], IPDB_ITEM(l->rank[e],
			    m->entries[e].proto) |
			    (k + 1 == g->count ? IPDB_LAST : 0));
		}
	}
}

/* Header, section table, sections 8-aligned with zero padding, and the
   checksum, into OUT; -1 past the format's size. */
static int
assemble(struct layout *l, struct buf *out)
{
	static const uint32_t ids[NSECT] = { IPDB_SEC_PROT, IPDB_SEC_STRS,
	    IPDB_SEC_ENTS, IPDB_SEC_PORT, IPDB_SEC_PIDX, IPDB_SEC_NMLS,
	    IPDB_SEC_BYNM, IPDB_SEC_ENUM, IPDB_SEC_DESC, IPDB_SEC_DSCO };
	static const uint32_t recs[NSECT] = { IPDB_PROT_REC, IPDB_STRS_REC,
	    IPDB_ENTS_REC, IPDB_PORT_REC, IPDB_PIDX_REC, IPDB_NMLS_REC,
	    IPDB_BYNM_REC, IPDB_ENUM_REC, IPDB_DESC_REC, IPDB_DSCO_REC };
	const struct model *m = l->m;
	unsigned char *t;
	uint32_t off;
	size_t i;

	buf_need(out, IPDB_HEADER_SIZE + NSECT * IPDB_SECTION_SIZE);
	out->len = IPDB_HEADER_SIZE + NSECT * IPDB_SECTION_SIZE;
	memcpy(out->p, IPDB_MAGIC, IPDB_MAGIC_LEN);
	ipdb_put16(out->p + IPDB_H_MAJOR, IPDB_MAJOR);
	ipdb_put16(out->p + IPDB_H_MINOR, IPDB_MINOR);
	ipdb_put32(out->p + IPDB_H_HDRSIZE, IPDB_HEADER_SIZE);
	ipdb_put32(out->p + IPDB_H_NSECT, NSECT);
	ipdb_put32(out->p + IPDB_H_DATE, m->date);
	ipdb_put32(out->p + IPDB_H_NRECORDS, (uint32_t)m->nrecords);
	ipdb_put32(out->p + IPDB_H_NSOURCES, m->nsources);
	for (i = 0; i < NSECT; i++) {
		const struct buf *b = i == STRS ? &l->strs.b : i == DESC ?
		    &l->desc.b : &l->sec[i];

		out->len = (out->len + 7) & ~(size_t)7;
		buf_need(out, b->len + 8);
		off = (uint32_t)out->len;
		t = out->p + IPDB_HEADER_SIZE + i * IPDB_SECTION_SIZE;
		ipdb_put32(t, ids[i]);
		ipdb_put32(t + 4, off);
		ipdb_put32(t + 8, (uint32_t)b->len);
		ipdb_put32(t + 12, recs[i]);
		buf_add(out, b->p, b->len);
	}
	if (out->len > IPDB_MAX_FILE)
		return -1;
	ipdb_put32(out->p + IPDB_H_FILESIZE, (uint32_t)out->len);
	/* The CRC field is still zero. */
	ipdb_put32(out->p + IPDB_H_CRC, ipdb_crc32c(0, out->p, out->len));
	return 0;
}

static void
layout_free(struct layout *l)
{
	size_t i;

	for (i = 0; i < NSECT; i++)
		free(l->sec[i].p);
	free(l->count);
	free(l->order);
	free(l->rank);
	free(l->list);
	pool_free(&l->strs);
	pool_free(&l->desc);
}

int
ipdb_build(const struct model *m, unsigned char **img, size_t *len)
{
	struct layout l = { .m = m };
	struct buf out = { 0 };
	int rc = -1;

	/* -1: past the format's limits, which src_add() keeps names
	   within. */
	if (m->nentries > IPDB_MAX_ENTRIES || m->ngroup_items > IPDB_MAX_ITEMS)
		return -1;
	pool_str(&l.desc, "");	/* offset 0: no description */
	sort_by_port(&l);
	if (lay_strings(&l) < 0)
		goto out;
	lay_entries(&l);
	lay_names(&l);
	/* Word-at-a-time reads of a name stay inside STRS. */
	buf_need(&l.strs.b, IPDB_STRS_PAD);
	memset(l.strs.b.p + l.strs.b.len, 0, IPDB_STRS_PAD);
	l.strs.b.len += IPDB_STRS_PAD;
	if (assemble(&l, &out) < 0) {
		free(out.p);
		goto out;
	}
	*img = out.p;
	*len = out.len;
	rc = 0;
out:
	layout_free(&l);
	return rc;
}

#define STALE_SECONDS 600	/* a compile takes well under a second */

void
ipdb_remove_stale(const char *path)
{
	char *dcopy = xstrdup(path), *bcopy = xstrdup(path), *dir, *base, *full;
	struct dirent *d;
	struct stat st;
	size_t blen;
	DIR *dp;

	dir = dirname(dcopy);
	base = basename(bcopy);
	blen = strlen(base);
	if ((dp = opendir(dir))) {
		while ((d = readdir(dp))) {
			if (strncmp(d->d_name, base, blen) ||
			    strncmp(d->d_name + blen, ".tmp", 4) ||
			    strlen(d->d_name) != blen + 10)
				continue;
			full = xasprintf("%s/%s", dir, d->d_name);
			if (!lstat(full, &st) && S_ISREG(st.st_mode) &&
			    st.st_mtime + STALE_SECONDS < time(NULL))
				unlink(full);
			free(full);
		}
		closedir(dp);
	}
	free(dcopy);
	free(bcopy);
}

/* The type too: a file deleted frees its inode number for the next. */
static int
same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
	    (a->st_mode & S_IFMT) == (b->st_mode & S_IFMT);
}

/* Rename TMP to PATH, replacing only what OLD describes: nothing (OLD
   NULL), or the file of OLD's device and inode.  0; -1 with errno; or 1
   when PATH changed since the caller looked: then PATH is as it was,
   and TMP still the new file, unless *LOST says where what PATH named
   went when it could not be put back. */
static int
rename_over(const char *tmp, const char *path, const struct stat *old,
    int *lost)
{
	struct stat st;

	*lost = 0;
	if (!renameat2(AT_FDCWD, tmp, AT_FDCWD, path,
	    old ? RENAME_EXCHANGE : RENAME_NOREPLACE)) {
		if (!old)
			return 0;
		/* TMP names what PATH named: the file looked at, or
		   something put there since, which goes back. */
		if (!lstat(tmp, &st) && same_file(&st, old)) {
			unlink(tmp);	/* the old database */
			return 0;
		}
		if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_EXCHANGE))
			*lost = 1;
		return 1;
	}
	if (errno == EEXIST || (old && errno == ENOENT))
		return 1;	/* appeared, or vanished */
	if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
		return -1;
	/* A file system without these flags: one more look, as close to
	   a plain rename as can be. */
	if (lstat(path, &st) ? errno != ENOENT || old :
	    !old || !same_file(&st, old))
		return 1;
	return rename(tmp, path) ? -1 : 0;
}

/* Write LEN bytes of BUF to FD, again after a short write or EINTR,
   then fsync FD.  0, or -1 with errno set and *FAILED "write" or
   "fsync". */
static int
write_sync(int fd, const void *buf, size_t len, const char **failed)
{
	const char *p = buf;
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = write(fd, p + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*failed = "write";
			return -1;
		}
		done += (size_t)n;
	}
	if (fsync(fd) < 0) {
		*failed = "fsync";
		return -1;
	}
	return 0;
}

int
ipdb_write_fd(int fd, const void *buf, size_t len, const char **failed)
{
	const char *what = "set the mode of";
	int saved;

	if (fchmod(fd, 0644) < 0 || write_sync(fd, buf, len, &what) < 0) {
		saved = errno;
		close(fd);
		errno = saved;
	} else if (close(fd) < 0) {
		what = "write";
	} else {
		return 0;
	}
	if (failed)
		*failed = what;
	return -1;
}

int
ipdb_write_temp(const char *path, const void *img, size_t len,
    char **tmp, const char **what)
{
	int fd, saved;

	*tmp = xasprintf("%s.tmpXXXXXX", path);
	if ((fd = mkostemp(*tmp, O_CLOEXEC)) < 0) {
		*what = "create a temporary file beside";
		return -1;
	}
	if (ipdb_write_fd(fd, img, len, what) < 0) {
		saved = errno;
		unlink(*tmp);
		errno = saved;
		return -1;
	}
	return 0;
}

void
ipdb_sync_dir(const char *path)
{
	char *copy = xstrdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

/* Say in ERR that PATH changed while TMP was written: TMP is removed,
   unless LOST, when it names what PATH named. */
static void
changed_meanwhile(const char *path, char *tmp, int lost, char *err,
    size_t errlen)
{
	if (lost)
		snprintf(err, errlen, "\"%s\" changed while the new database "
		    "was written, and what it named could not be put back: "
		    "it is \"%s\" now", path, tmp);
	else
		snprintf(err, errlen, "\"%s\" changed while the new database "
		    "was written: left as it is", path);
	if (!lost)
		unlink(tmp);
}

/* Write IMG to PATH through a temporary file; CHECKED: replace only
   what OLD describes (rename_over()), else whatever is there. */
static int
write_atomic(const char *path, const unsigned char *img, size_t len,
    int checked, const struct stat *old, char *err, size_t errlen)
{
	const char *what = "write";
	char *tmp = NULL;
	int saved, rc, lost = 0;

	ipdb_remove_stale(path);
	if (ipdb_write_temp(path, img, len, &tmp, &what) < 0)
		goto fail;
	rc = checked ? rename_over(tmp, path, old, &lost) : rename(tmp, path);
	if (rc > 0) {
		changed_meanwhile(path, tmp, lost, err, errlen);
		free(tmp);
		errno = lost ? EIO : EEXIST;	/* EIO: do not try again */
		return -1;
	}
	if (rc < 0) {
		saved = errno;
		unlink(tmp);
		errno = saved;
		what = "rename the new database to";
		goto fail;
	}
	ipdb_sync_dir(path);
	free(tmp);
	return 0;
fail:
	saved = errno;
	snprintf(err, errlen, "cannot %s \"%s\": %s", what, path,
	    strerror(saved));
	free(tmp);
	errno = saved;
	return -1;
}

int
ipdb_write_file(const char *path, const unsigned char *img, size_t len,
    char *err, size_t errlen)
{
	return write_atomic(path, img, len, 0, NULL, err, errlen);
}

int
ipdb_write_over(const char *path, const unsigned char *img, size_t len,
    const struct stat *old, char *err, size_t errlen)
{
	return write_atomic(path, img, len, 1, old, err, errlen);
}
