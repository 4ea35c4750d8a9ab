/* SPDX-License-Identifier: MIT */
/* The one reader: map, validate once, look up, describe errors. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipdb.h"

int
ipdb_fold_name(uint64_t out[IPDB_FOLDED_WORDS], const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	unsigned char *q = (unsigned char *)out;
	unsigned n, w;
	uint64_t zero = 0;
	unsigned char c;

	/* Copy, then fold a word at a time: fewer steps a byte. */
	for (n = 0; (c = p[n]); n++) {
		if (n == IPDB_MAX_NAME)
			return -1;
		q[n] = c;
	}
	/* The last word's bytes past the name are zero. */
	__builtin_memcpy(q + n, &zero, 8);
	for (w = 0; 8 * w < n; w++)
		out[w] = ipdb_fold_word(out[w]);
	return n ? (int)n : -1;
}

uint32_t
ipdb_name_hash(const char *name)
{
	uint64_t q[IPDB_FOLDED_WORDS];
	int len = ipdb_fold_name(q, name);

	return len < 0 ? 0 : ipdb_hash_folded(q, (unsigned)len);
}

int
ipdb_name_cmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	/* Most queries are spelled as stored: fold only where bytes differ. */
	for (;; p++, q++) {
		if (*p == *q) {
			if (!*p)
				return 0;
		} else if (ipdb_fold(*p) != ipdb_fold(*q)) {
			return ipdb_fold(*p) - ipdb_fold(*q);
		}
	}
}

const char *
ipdb_strerror(int err)
{
	switch (err) {
	case IPDB_OK:		return "no error";
	case IPDB_ESYS:		return strerror(errno);
	case IPDB_ESHORT:	return "file shorter than its header says";
	case IPDB_EMAGIC:	return "not an ianaports database (bad magic)";
	case IPDB_EVERSION:	return "unsupported format version";
	case IPDB_EHEADER:	return "invalid header";
	case IPDB_ESECTION:	return "invalid section table";
	case IPDB_EMISSING:	return "a required section is missing";
	case IPDB_EBOUNDS:	return "an offset or index points outside its section";
	case IPDB_ESTRING:	return "a string or name list is malformed or outside its section";
	case IPDB_ECHECKSUM:	return "checksum mismatch";
	case IPDB_ETOOBIG:	return "file too large";
	case IPDB_EPERM:	return "unsafe permissions: writable by others or owned by another user";
	case IPDB_ETYPE:	return "not a regular file";
	case IPDB_EHASH:	return "a hash table has no empty slot";
	}
	return "unknown error";
}

/* Section table entry I of the image. */
struct sect {
	uint32_t id, off, size, rec;
};

static const struct {
	uint32_t id, rec;
} required[] = {
	{ IPDB_SEC_STRS, IPDB_STRS_REC }, { IPDB_SEC_PROT, IPDB_PROT_REC },
	{ IPDB_SEC_ENTS, IPDB_ENTS_REC }, { IPDB_SEC_PORT, IPDB_PORT_REC },
	{ IPDB_SEC_PIDX, IPDB_PIDX_REC }, { IPDB_SEC_NMLS, IPDB_NMLS_REC },
	{ IPDB_SEC_BYNM, IPDB_BYNM_REC }, { IPDB_SEC_ENUM, IPDB_ENUM_REC },
	{ IPDB_SEC_DESC, IPDB_DESC_REC }, { IPDB_SEC_DSCO, IPDB_DSCO_REC },
};
enum { S_STRS, S_PROT, S_ENTS, S_PORT, S_PIDX, S_NMLS, S_BYNM, S_ENUM,
	S_DESC, S_DSCO };
#define NREQUIRED (sizeof(required) / sizeof(required[0]))

/* Whether the LEN bytes at P hold a NUL.  A loop, not memchr(): the
   module binds each libc function it calls when it is loaded, in every
   process, and this one is used once, on a few bytes. */
static int
has_nul(const unsigned char *p, uint32_t len)
{
	while (len--)
		if (!*p++)
			return 1;
	return 0;
}

/* Protocol I: a name of 1 to IPDB_MAX_NAME bytes, as long as PROT says,
   before the pad.  The protocol table is small and every answer reads
   it, so the open checks all of it. */
static int
proto_ok(const struct ipdb *db, uint32_t i)
{
	uint32_t off = ipdb_le32(db->prot + IPDB_PROT_REC * i);
	uint32_t len = ipdb_le32(db->prot + IPDB_PROT_REC * i + 4);

	if (!len || len > IPDB_MAX_NAME || off >= db->names_end ||
	    len >= db->names_end - off)
		return 0;
	return !db->strs[off + len] && !has_nul(db->strs + off, len);
}

/* Whether protocol I, checked by proto_ok(), is spelled LIT (3 bytes). */
static int
proto_is(const struct ipdb *db, uint32_t i, const char *lit)
{
	const unsigned char *p = db->prot + IPDB_PROT_REC * i;
	const unsigned char *s = db->strs + ipdb_le32(p);

	return ipdb_le32(p + 4) == 3 && s[0] == lit[0] && s[1] == lit[1] &&
	    s[2] == lit[2];
}

/* The header: magic, version, the size as written, the header's own
   size, zero reserved bytes.  Sets DB's version, which an error message
   may quote, and the figures the header states. */
static int
read_header(struct ipdb *db, const unsigned char *b, size_t len)
{
	uint32_t hdrsize, i;

	if (len < IPDB_HEADER_SIZE)
		return len >= IPDB_MAGIC_LEN &&
		    memcmp(b, IPDB_MAGIC, IPDB_MAGIC_LEN) ? IPDB_EMAGIC :
		    IPDB_ESHORT;
	if (memcmp(b, IPDB_MAGIC, IPDB_MAGIC_LEN))
		return IPDB_EMAGIC;
	db->major = ipdb_le16(b + IPDB_H_MAJOR);
	db->minor = ipdb_le16(b + IPDB_H_MINOR);
	if (db->major != IPDB_MAJOR)
		return IPDB_EVERSION;
	if (len > IPDB_MAX_FILE)
		return IPDB_ETOOBIG;
	if (ipdb_le32(b + IPDB_H_FILESIZE) != len)
		return ipdb_le32(b + IPDB_H_FILESIZE) > len ? IPDB_ESHORT :
		    IPDB_EHEADER;			/* size as written */
	hdrsize = ipdb_le32(b + IPDB_H_HDRSIZE);
	if (hdrsize < IPDB_HEADER_SIZE || hdrsize % 8 || hdrsize > len)
		return IPDB_EHEADER;
	for (i = IPDB_H_RESERVED; i < IPDB_HEADER_SIZE; i++)
		if (b[i])
			return IPDB_EHEADER;		/* reserved is zero */
	db->date = ipdb_le32(b + IPDB_H_DATE);
	db->nrecords = ipdb_le32(b + IPDB_H_NRECORDS);
	db->nsources = ipdb_le32(b + IPDB_H_NSOURCES);
	return IPDB_OK;
}

/* The section table, after a header read_header() accepted: sections
   aligned, inside, after the table, in ascending order without overlap
   (so no duplicates either), records whole.  The required ones go into
   SEC and SIZE, in required[]'s order. */
static int
find_sections(const unsigned char *b, size_t len,
    const unsigned char *sec[NREQUIRED], uint32_t size[NREQUIRED])
{
	uint32_t hdrsize = ipdb_le32(b + IPDB_H_HDRSIZE);
	uint32_t nsect = ipdb_le32(b + IPDB_H_NSECT);
	uint32_t i, j, end;

	if (nsect > (len - hdrsize) / IPDB_SECTION_SIZE)
		return IPDB_ESECTION;			/* table inside */
	end = hdrsize + nsect * IPDB_SECTION_SIZE;
	for (i = 0; i < nsect; i++) {
		const unsigned char *t = b + hdrsize + i * IPDB_SECTION_SIZE;
		struct sect s = { ipdb_le32(t), ipdb_le32(t + 4),
		    ipdb_le32(t + 8), ipdb_le32(t + 12) };

		if (s.off % 8 || s.off < end || s.off > len ||
		    s.size > len - s.off)
			return IPDB_ESECTION;
		end = s.off + s.size;
		for (j = 0; j < NREQUIRED; j++)
			if (required[j].id == s.id)
				break;
		if (j == NREQUIRED)
			continue;	/* a minor version's addition: skip */
		if (sec[j] || s.rec != required[j].rec ||
		    s.size % required[j].rec)
			return IPDB_ESECTION;
		sec[j] = b + s.off;
		size[j] = s.size;
	}
	for (j = 0; j < NREQUIRED; j++)
		if (!sec[j])
			return IPDB_EMISSING;
	return IPDB_OK;
}

/* DB's pointers and counts, from the sections find_sections() found. */
static void
set_sections(struct ipdb *db, const unsigned char *const sec[NREQUIRED],
    const uint32_t size[NREQUIRED])
{
	db->strs = sec[S_STRS], db->strs_len = size[S_STRS];
	db->prot = sec[S_PROT], db->nprot = size[S_PROT] / IPDB_PROT_REC;
	db->ents = sec[S_ENTS], db->nents = size[S_ENTS] / IPDB_ENTS_REC;
	db->port = sec[S_PORT];
	db->pidx = sec[S_PIDX];
	db->nbuckets = size[S_PIDX] / IPDB_PIDX_REC - 1;
	db->nmls = sec[S_NMLS], db->nnmls = size[S_NMLS] / IPDB_NMLS_REC;
	db->bynm = sec[S_BYNM];
	db->bynm_mask = size[S_BYNM] / IPDB_BYNM_REC - 1;
	db->enums = sec[S_ENUM];
	db->desc = sec[S_DESC], db->desc_len = size[S_DESC];
	db->dsco = sec[S_DSCO];
}

/* What every lookup relies on without checking it again: counts that
   agree, the pad's room, a hash table of 2^k slots, the protocol table.
   The rest is checked where it is read. */
static int
check_invariants(struct ipdb *db, const uint32_t size[NREQUIRED])
{
	uint32_t i;

	if (db->nents > IPDB_MAX_ENTRIES || db->nprot > IPDB_MAX_PROTOS ||
	    db->nnmls > IPDB_MAX_ITEMS ||
	    size[S_PORT] / IPDB_PORT_REC != db->nents ||
	    db->nbuckets > IPDB_PIDX_BUCKETS ||
	    size[S_ENUM] / IPDB_ENUM_REC != db->nents ||
	    size[S_DSCO] / IPDB_DSCO_REC != db->nents)
		return IPDB_EBOUNDS;			/* counts agree */
	/* The pad's room, not its bytes: they lie on a page no lookup
	   otherwise reads, and nothing but the room is relied on (reads
	   past a name's NUL stay inside STRS, and compares mask them). */
	if (db->strs_len < IPDB_STRS_PAD)
		return IPDB_ESTRING;			/* the pad */
	db->names_end = db->strs_len - IPDB_STRS_PAD;
	if (size[S_BYNM] / IPDB_BYNM_REC < 8 ||
	    (db->bynm_mask & (db->bynm_mask + 1)))
		return IPDB_ESECTION;			/* power of two */
	db->tcp = db->udp = -1;
	for (i = 0; i < db->nprot; i++) {
		if (!proto_ok(db, i))
			return IPDB_ESTRING;		/* protocol name */
		if (db->tcp < 0 && proto_is(db, i, "tcp"))
			db->tcp = (int)i;
		if (db->udp < 0 && proto_is(db, i, "udp"))
			db->udp = (int)i;
	}
	return IPDB_OK;
}

int
ipdb_load(struct ipdb *db, const void *base, size_t len)
{
	const unsigned char *sec[NREQUIRED] = { 0 };
	uint32_t size[NREQUIRED] = { 0 };
	int err;

	memset(db, 0, sizeof(*db));
	err = read_header(db, base, len);
	if (!err)
		err = find_sections(base, len, sec, size);
	if (err)
		return err;
	db->base = base;
	db->len = len;
	set_sections(db, sec, size);
	return check_invariants(db, size);
}

/* The identity of the file ST describes into DB. */
static void
set_identity(struct ipdb *db, const struct stat *st)
{
	db->dev = st->st_dev;
	db->ino = st->st_ino;
	db->size = st->st_size;
	db->mtime_ns = (uint64_t)st->st_mtim.tv_sec * 1000000000u +
	    (uint64_t)st->st_mtim.tv_nsec;
	db->ctime_ns = (uint64_t)st->st_ctim.tv_sec * 1000000000u +
	    (uint64_t)st->st_ctim.tv_nsec;
}

/* Type, owner and size, known before a byte is read: a FIFO or a
   directory never blocks us, a short file never faults. */
static int
file_ok(const struct stat *st, unsigned flags)
{
	if (!S_ISREG(st->st_mode))
		return IPDB_ETYPE;
	if ((flags & IPDB_CHECK_OWNER) &&
	    !ipdb_owner_ok(st->st_mode, st->st_uid))
		return IPDB_EPERM;
	if (st->st_size < IPDB_HEADER_SIZE)
		return IPDB_ESHORT;
	if ((unsigned long long)st->st_size > IPDB_MAX_FILE)
		return IPDB_ETOOBIG;
	return IPDB_OK;
}

int
ipdb_map(struct ipdb *db, const char *path, unsigned flags)
{
	struct stat st;
	void *p;
	int fd, err, saved;

	memset(db, 0, sizeof(*db));
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return IPDB_ESYS;
	if (fstat(fd, &st) < 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return IPDB_ESYS;
	}
	if ((err = file_ok(&st, flags)))
		goto out;
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED) {
		err = IPDB_ESYS;
		goto out;
	}
	err = ipdb_load(db, p, (size_t)st.st_size);
	if (err)
		munmap(p, (size_t)st.st_size);
	else
		db->mapped = 1;
out:
	if (err)
		memset(db, 0, sizeof(*db));
	set_identity(db, &st);
	saved = errno;
	close(fd);
	errno = saved;
	return err;
}

void
ipdb_close(struct ipdb *db)
{
	if (db->mapped)
		munmap((void *)db->base, db->len);
	memset(db, 0, sizeof(*db));
}

int
ipdb_owner_ok(unsigned mode, unsigned uid)
{
	/* geteuid() only for a file root does not own: a system call
	   less on the usual first open. */
	return !(mode & 022) && (uid == 0 || uid == geteuid());
}

const char *
ipdb_description(const struct ipdb *db, long i)
{
	uint32_t off;

	if (i < 0 || (unsigned long)i >= db->nents)
		return "";
	off = ipdb_le32(db->dsco + IPDB_DSCO_REC * (uint32_t)i);
	if (off >= db->desc_len || !has_nul(db->desc + off,
	    db->desc_len - off))
		return "";
	return (const char *)db->desc + off;
}

/* The index of protocol PROTO in PROT; -1 when no entry has it, and
   IPDB_ANY for NULL.  tcp and udp, nearly every query's, without a
   loop. */
#define IPDB_ANY 256
static int
proto_index(const struct ipdb *db, const char *proto)
{
	const unsigned char *q, *p = (const unsigned char *)proto;
	uint32_t i;

	if (!p)
		return IPDB_ANY;
	if (p[0] == 't' && p[1] == 'c' && p[2] == 'p' && !p[3] && db->tcp >= 0)
		return db->tcp;
	if (p[0] == 'u' && p[1] == 'd' && p[2] == 'p' && !p[3] && db->udp >= 0)
		return db->udp;
	for (i = 0; i < db->nprot; i++) {
		q = (const unsigned char *)ipdb_proto_name(db, i);
		for (p = (const unsigned char *)proto; *q && *q == *p; q++, p++)
			;
		if (*q == *p)
			return (int)i;
	}
	return -1;
}

/* A folded query: its words, how many are whole, and which bytes of
   the last one count (the name's and the NUL after them). */
struct query {
	uint64_t w[IPDB_FOLDED_WORDS];
	unsigned len, whole;
	uint64_t last;
};

/* Whether the stored name S is the query Q, compared a word at a time.
   S lies in a name list that ends in a NUL before the pad (ipdb_list):
   the comparison stops at the word holding the first NUL, so it reads
   at most 7 bytes past it, inside STRS. */
static inline int
name_is(const unsigned char *s, const struct query *q)
{
	const unsigned char *qb = (const unsigned char *)q->w;
	unsigned i;

	for (i = 0; i < 8 * q->whole; i += 8)
		if (ipdb_fold_word(ipdb_le64(s + i)) != ipdb_le64(qb + i))
			return 0;
	return !((ipdb_fold_word(ipdb_le64(s + i)) ^ ipdb_le64(qb + i)) &
	    q->last);
}

/* Whether entry I holds the query's name among its names: 1, 0, or
   IPDB_BAD where the entry lies outside.  The walk stops at the list's
   end, whatever its count says. */
static inline int
has_name(const struct ipdb *db, uint32_t i, const struct query *q)
{
	const unsigned char *list, *s, *end;
	unsigned n;

	if (i >= db->nents || !(list = ipdb_list(db, IPDB_ENT_LIST(
	    ipdb_le32(db->ents + IPDB_ENTS_REC * i)))))
		return (int)IPDB_BAD;
	s = list + IPDB_LIST_HEAD;
	end = s + ipdb_le16(list);
	for (n = 1u + list[2]; n--; s++) {
		if (name_is(s, q))
			return 1;
		while (*s)
			s++;		/* the list's last byte is a NUL */
		if (s + 1 >= end)
			break;
	}
	return 0;
}

/* The first item of the group at POS in NMLS of protocol PROTO (an index
   or IPDB_ANY), or IPDB_NONE.  Items carry their protocol: no entry is
   read.  The walk stops at the section's end as at a flagged item. */
static long
group_first(const struct ipdb *db, uint32_t pos, int proto)
{
	uint32_t v;

	for (; pos < db->nnmls; pos++) {
		v = ipdb_le32(db->nmls + IPDB_NMLS_REC * pos);
		if (proto == IPDB_ANY || (int)IPDB_ITEM_PROTO(v) == proto)
			return (long)(v & IPDB_ITEM_ENTRY);
		if (v & IPDB_LAST)
			break;
	}
	return IPDB_NONE;
}

long
ipdb_find_name(const struct ipdb *db, const char *name, const char *proto)
{
	struct query q;
	int len = ipdb_fold_name(q.w, name), pi, has;
	uint32_t h, i, n, v, pos;
	long e;

	if (len < 0)
		return IPDB_NONE;	/* no database holds such a name */
	if ((pi = proto_index(db, proto)) < 0)
		return IPDB_NONE;
	q.len = (unsigned)len;
	q.whole = q.len / 8;
	q.last = q.len % 8 == 7 ? ~0ull : (1ull << 8 * (q.len % 8 + 1)) - 1;
	h = ipdb_hash_folded(q.w, q.len);
	for (i = h & db->bynm_mask, n = 0; n <= db->bynm_mask;
	    i = (i + 1) & db->bynm_mask, n++) {
		v = ipdb_le32(db->bynm + IPDB_BYNM_REC * i);
		if (v == IPDB_EMPTY)
			return IPDB_NONE;
		if (IPDB_SLOT_TAG(v ^ h))
			continue;	/* another name's: its tag differs */
		pos = v & IPDB_SLOT_INDEX;
		if (pos >= db->nnmls)
			return IPDB_BAD;
		/* Every entry of a group holds its name: checking the one
		   we answer with tells a hash collision, and its names are
		   the ones the caller copies next. */
		e = group_first(db, pos, pi);
		has = has_name(db, e >= 0 ? (uint32_t)e : ipdb_le32(db->nmls +
		    IPDB_NMLS_REC * pos) & IPDB_ITEM_ENTRY, &q);
		if (has)
			return has < 0 ? IPDB_BAD : e;
	}
	return IPDB_NONE;
}

long
ipdb_find_port(const struct ipdb *db, unsigned port, const char *proto)
{
	uint32_t b = port >> IPDB_PORT_SHIFT, i, end, k, p;
	int pi = proto_index(db, proto);

	if (pi < 0 || b >= db->nbuckets)
		return IPDB_NONE;	/* above the highest port */
	/* One bucket, ports ascending, a port's entries in enumeration
	   order: a bucket outside ENTS is damage, unordered ports only
	   give a wrong answer. */
	i = ipdb_le32(db->pidx + IPDB_PIDX_REC * b);
	end = ipdb_le32(db->pidx + IPDB_PIDX_REC * (b + 1));
	if (i > end || end > db->nents)
		return IPDB_BAD;
	if (i == end)
		return IPDB_NONE;
	/* The first entry of PORT or above.  Most ports have as many
	   entries as their neighbours: start where PORT would be if all of
	   the bucket's had, and walk the step or two to it. */
	k = i + ((port & ((1u << IPDB_PORT_SHIFT) - 1)) * (end - i) >>
	    IPDB_PORT_SHIFT);
	if (ipdb_le16(db->port + IPDB_PORT_REC * k) < port) {
		while (++k < end && ipdb_le16(db->port + IPDB_PORT_REC * k) <
		    port)
			;
	} else {
		while (k > i && ipdb_le16(db->port + IPDB_PORT_REC * (k - 1)) >=
		    port)
			k--;
	}
	for (i = k; i < end; i++) {
		p = ipdb_le16(db->port + IPDB_PORT_REC * i);
		if (p != port)
			break;
		if (pi == IPDB_ANY || (int)IPDB_ENT_PROTO(ipdb_le32(db->ents +
		    IPDB_ENTS_REC * i)) == pi)
			return (long)i;
	}
	return IPDB_NONE;
}
