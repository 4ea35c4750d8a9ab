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

struct buf {
	unsigned char *p;
	size_t len, cap;
};

static void
buf_need(struct buf *b, size_t more)
{
	unsigned char *np;
	size_t cap;

	if (b->len + more <= b->cap)
		return;
	for (cap = b->cap ? b->cap : 4096; cap < b->len + more; cap *= 2)
		;
	if (!(np = realloc(b->p, cap)))
		abort();
	memset(np + b->cap, 0, cap - b->cap);	/* padding is zero */
	b->p = np;
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
	uint32_t *s = calloc(cap, sizeof(*s)), *l = calloc(cap, sizeof(*l));
	uint32_t *h = calloc(cap, sizeof(*h));

	if (!s || !l || !h)
		abort();
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

static unsigned
table_bits(size_t n)
{
	unsigned bits = 3;

	while (((size_t)1 << bits) < 2 * n)
		bits++;
	return bits;
}

static int
port_cmp(const void *a, const void *b)
{
	const uint32_t *x = a, *y = b;

	if (x[0] != y[0])
		return x[0] < y[0] ? -1 : 1;
	return x[1] < y[1] ? -1 : x[1] > y[1];
}

/* A group item for entry E: the entry and its protocol. */
static uint32_t
item(const struct model *m, uint32_t e)
{
	return IPDB_ITEM(e, m->entries[e].proto);
}

int
ipdb_build(const struct model *m, unsigned char **img, size_t *len)
{
	struct pool strs = { 0 }, desc = { 0 };
	struct buf sec[9] = { 0 }, run = { 0 }, out = { 0 };
	static const uint32_t ids[9] = { IPDB_SEC_STRS, IPDB_SEC_PROT,
	    IPDB_SEC_ENTS, IPDB_SEC_NMLS, IPDB_SEC_BYNM, IPDB_SEC_PTLS,
	    IPDB_SEC_BYPT, IPDB_SEC_DESC, IPDB_SEC_DSCO };
	static const uint32_t recs[9] = { IPDB_STRS_REC, IPDB_PROT_REC,
	    IPDB_ENTS_REC, IPDB_NMLS_REC, IPDB_BYNM_REC, IPDB_PTLS_REC,
	    IPDB_BYPT_REC, IPDB_DESC_REC, IPDB_DSCO_REC };
	uint32_t (*byport)[2] = NULL, off, crc;
	size_t i, j, k, nports;
	unsigned bits;
	unsigned char *t;

	if (m->nentries > IPDB_MAX_ENTRIES || m->ngroup_items >= IPDB_LAST)
		return -1;
	pool_str(&desc, "");	/* offset 0: no description */

	/* STRS: the protocols' names, then each entry's names as one list,
	   shared by the entries with the same names (tcp and udp, mostly). */
	for (i = 0; i < m->nprotos; i++) {
		const char *s = m->strings[m->protos[i]];

		if (strlen(s) > IPDB_MAX_NAME)
			goto fail;
		buf_u32(&sec[1], pool_str(&strs, s));
		buf_u32(&sec[1], (uint32_t)strlen(s));
	}
	for (i = 0; i < m->nentries; i++) {
		const struct model_entry *e = &m->entries[i];
		unsigned char rec[IPDB_ENTS_REC];

		run.len = IPDB_LIST_HEAD;
		buf_need(&run, IPDB_LIST_HEAD);
		for (k = 0; k < e->nnames; k++) {
			const char *s = m->strings[m->entry_names[e->first_name + k]];

			if (strlen(s) > IPDB_MAX_NAME)
				goto fail;
			buf_add(&run, s, strlen(s) + 1);
		}
		if (run.len - IPDB_LIST_HEAD > UINT16_MAX)
			goto fail;
		ipdb_put16(run.p, (uint16_t)(run.len - IPDB_LIST_HEAD));
		ipdb_put32(rec, pool_add(&strs, run.p, run.len));
		ipdb_put16(rec + 4, (uint16_t)e->port);
		rec[6] = (unsigned char)e->proto;
		rec[7] = (unsigned char)(e->nnames - 1);
		buf_add(&sec[2], rec, sizeof(rec));
		buf_u32(&sec[8], e->desc == UINT32_MAX ? 0 :
		    pool_str(&desc, m->strings[e->desc]));
	}

	/* NMLS and BYNM: groups inserted in their (deterministic) order. */
	bits = table_bits(m->ngroups);
	buf_need(&sec[4], (size_t)8 << bits);
	memset(sec[4].p, 0xff, (size_t)8 << bits);
	sec[4].len = (size_t)8 << bits;
	for (i = 0; i < m->ngroups; i++) {
		const struct model_group *g = &m->groups[i];

		j = g->hash & (((size_t)1 << bits) - 1);
		while (ipdb_le32(sec[4].p + 8 * j + 4) != IPDB_EMPTY)
			j = (j + 1) & (((size_t)1 << bits) - 1);
		ipdb_put32(sec[4].p + 8 * j, g->hash);
		ipdb_put32(sec[4].p + 8 * j + 4, (uint32_t)(sec[3].len / 4));
		for (k = 0; k < g->count; k++)
			buf_u32(&sec[3], item(m, m->group_items[g->first + k]) |
			    (k + 1 == g->count ? IPDB_LAST : 0));
	}

	/* PTLS and BYPT: entries by port, in entry (first record) order. */
	byport = malloc((m->nentries + 1) * sizeof(*byport));
	if (!byport)
		abort();
	for (i = 0; i < m->nentries; i++) {
		byport[i][0] = m->entries[i].port;
		byport[i][1] = (uint32_t)i;
	}
	qsort(byport, m->nentries, sizeof(*byport), port_cmp);
	for (i = nports = 0; i < m->nentries; i++)
		nports += !i || byport[i][0] != byport[i - 1][0];
	bits = table_bits(nports);
	buf_need(&sec[6], (size_t)8 << bits);
	memset(sec[6].p, 0xff, (size_t)8 << bits);
	sec[6].len = (size_t)8 << bits;
	for (i = 0; i < m->nentries; i = k) {
		j = ipdb_port_slot(byport[i][0], bits);
		while (ipdb_le32(sec[6].p + 8 * j + 4) != IPDB_EMPTY)
			j = (j + 1) & (((size_t)1 << bits) - 1);
		ipdb_put32(sec[6].p + 8 * j, byport[i][0]);
		ipdb_put32(sec[6].p + 8 * j + 4, (uint32_t)(sec[5].len / 4));
		for (k = i; k < m->nentries && byport[k][0] == byport[i][0];
		    k++)
			buf_u32(&sec[5], item(m, byport[k][1]) |
			    (k + 1 == m->nentries ||
			    byport[k + 1][0] != byport[i][0] ? IPDB_LAST : 0));
	}
	free(byport);
	/* Word-at-a-time reads of a name stay inside STRS. */
	buf_need(&strs.b, IPDB_STRS_PAD);
	memset(strs.b.p + strs.b.len, 0, IPDB_STRS_PAD);
	strs.b.len += IPDB_STRS_PAD;
	sec[0] = strs.b;
	sec[7] = desc.b;

	/* Header, section table, sections 8-aligned, zero padding. */
	buf_need(&out, IPDB_HEADER_SIZE + 9 * IPDB_SECTION_SIZE);
	out.len = IPDB_HEADER_SIZE + 9 * IPDB_SECTION_SIZE;
	memcpy(out.p, IPDB_MAGIC, IPDB_MAGIC_LEN);
	ipdb_put16(out.p + IPDB_H_MAJOR, IPDB_MAJOR);
	ipdb_put16(out.p + IPDB_H_MINOR, IPDB_MINOR);
	ipdb_put32(out.p + IPDB_H_HDRSIZE, IPDB_HEADER_SIZE);
	ipdb_put32(out.p + IPDB_H_NSECT, 9);
	ipdb_put32(out.p + IPDB_H_DATE, m->date);
	ipdb_put32(out.p + IPDB_H_NRECORDS, (uint32_t)m->nrecords);
	ipdb_put32(out.p + IPDB_H_NSOURCES, m->nsources);
	for (i = 0; i < 9; i++) {
		out.len = (out.len + 7) & ~(size_t)7;
		buf_need(&out, sec[i].len + 8);
		off = (uint32_t)out.len;
		t = out.p + IPDB_HEADER_SIZE + i * IPDB_SECTION_SIZE;
		ipdb_put32(t, ids[i]);
		ipdb_put32(t + 4, off);
		ipdb_put32(t + 8, (uint32_t)sec[i].len);
		ipdb_put32(t + 12, recs[i]);
		buf_add(&out, sec[i].p, sec[i].len);
	}
	for (i = 0; i < 9; i++)
		if (i != 0 && i != 7)
			free(sec[i].p);
	free(run.p);
	pool_free(&strs);
	pool_free(&desc);
	if (out.len > IPDB_MAX_FILE) {
		free(out.p);
		return -1;
	}
	ipdb_put32(out.p + IPDB_H_FILESIZE, (uint32_t)out.len);
	crc = ipdb_crc32c(0, out.p, out.len);	/* CRC field still zero */
	ipdb_put32(out.p + IPDB_H_CRC, crc);
	*img = out.p;
	*len = out.len;
	return 0;
fail:	/* a name past the format's limits: src_add() keeps them out */
	for (i = 1; i < 9; i++)
		if (i != 7)
			free(sec[i].p);
	free(run.p);
	pool_free(&strs);
	pool_free(&desc);
	return -1;
}

#define STALE_SECONDS 600	/* a compile takes well under a second */

/* Remove temporary files a killed compile left beside PATH: those named
   like ours and older than any compile still running could be. */
static void
remove_stale(const char *path)
{
	char *dcopy = strdup(path), *bcopy = strdup(path), *dir, *base, *full;
	struct dirent *d;
	struct stat st;
	size_t blen;
	DIR *dp;

	if (!dcopy || !bcopy)
		abort();
	dir = dirname(dcopy);
	base = basename(bcopy);
	blen = strlen(base);
	if ((dp = opendir(dir))) {
		while ((d = readdir(dp))) {
			if (strncmp(d->d_name, base, blen) ||
			    strncmp(d->d_name + blen, ".tmp", 4) ||
			    strlen(d->d_name) != blen + 10)
				continue;
			if (asprintf(&full, "%s/%s", dir, d->d_name) < 0)
				abort();
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

int
ipdb_write_file(const char *path, const unsigned char *img, size_t len,
    char *err, size_t errlen)
{
	char *tmp = NULL, *dircopy = NULL;
	const char *what = "write";
	size_t done = 0;
	ssize_t n;
	int fd = -1, dfd, saved;

	remove_stale(path);
	if (asprintf(&tmp, "%s.tmpXXXXXX", path) < 0)
		abort();
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		what = "create a temporary file beside";
		goto fail;
	}
	if (fchmod(fd, 0644) < 0) {
		what = "set the mode of";
		goto fail;
	}
	while (done < len) {
		n = write(fd, img + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		done += (size_t)n;
	}
	if (fsync(fd) < 0) {
		what = "fsync";
		goto fail;
	}
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) < 0) {
		what = "rename the new database to";
		goto fail;
	}
	/* The rename is durable only once the directory is. */
	if (!(dircopy = strdup(path)))
		abort();
	dfd = open(dirname(dircopy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(dircopy);
	free(tmp);
	return 0;
fail:
	saved = errno;
	snprintf(err, errlen, "cannot %s \"%s\": %s", what, path,
	    strerror(saved));
	if (fd >= 0)
		close(fd);
	if (fd >= 0 || strcmp(what, "create a temporary file beside"))
		unlink(tmp);
	free(tmp);
	errno = saved;
	return -1;
}
