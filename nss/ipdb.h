/* SPDX-License-Identifier: MIT */
/* The ianaports database: on-disk layout (FORMAT.md) and the one reader. */
#ifndef IPDB_H
#define IPDB_H

#include <stddef.h>
#include <stdint.h>

/* FORMAT.md section 1: all multi-byte integers are little-endian. */
#define IPDB_MAGIC		"IPDB\r\n\x1a\n"
#define IPDB_MAGIC_LEN		8
#define IPDB_MAJOR		3
#define IPDB_MINOR		0
#define IPDB_HEADER_SIZE	64
#define IPDB_SECTION_SIZE	16
#define IPDB_MAX_FILE		(256u << 20)	/* sanity cap: 256 MiB */

/* Header fields (FORMAT.md section 2): byte offsets. */
#define IPDB_H_MAGIC		0
#define IPDB_H_MAJOR		8
#define IPDB_H_MINOR		10
#define IPDB_H_HDRSIZE		12
#define IPDB_H_FILESIZE		16
#define IPDB_H_CRC		20
#define IPDB_H_NSECT		24
#define IPDB_H_DATE		28
#define IPDB_H_NRECORDS		32
#define IPDB_H_NSOURCES		36
#define IPDB_H_RESERVED		40	/* to 64, must be zero */

/* Section ids (FORMAT.md section 3), four ASCII bytes read as LE u32. */
#define IPDB_ID(a, b, c, d) \
	((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 | \
	 (uint32_t)(d) << 24)
#define IPDB_SEC_STRS	IPDB_ID('S', 'T', 'R', 'S')	/* names, protocols */
#define IPDB_SEC_PROT	IPDB_ID('P', 'R', 'O', 'T')	/* protocol names */
#define IPDB_SEC_ENTS	IPDB_ID('E', 'N', 'T', 'S')	/* entries by port */
#define IPDB_SEC_PORT	IPDB_ID('P', 'O', 'R', 'T')	/* their ports */
#define IPDB_SEC_PIDX	IPDB_ID('P', 'I', 'D', 'X')	/* port buckets */
#define IPDB_SEC_NMLS	IPDB_ID('N', 'M', 'L', 'S')	/* by-name groups */
#define IPDB_SEC_BYNM	IPDB_ID('B', 'Y', 'N', 'M')	/* name hash */
#define IPDB_SEC_ENUM	IPDB_ID('E', 'N', 'U', 'M')	/* enumeration order */
#define IPDB_SEC_DESC	IPDB_ID('D', 'E', 'S', 'C')	/* descriptions */
#define IPDB_SEC_DSCO	IPDB_ID('D', 'S', 'C', 'O')	/* u32 -> DESC */

/* Record sizes (FORMAT.md section 3). */
#define IPDB_STRS_REC	1
#define IPDB_PROT_REC	8	/* u32 STRS offset, u32 length */
#define IPDB_ENTS_REC	4	/* u24 name list, u8 protocol */
#define IPDB_PORT_REC	2	/* u16 port, ascending */
#define IPDB_PIDX_REC	4	/* u32 first entry of a bucket */
#define IPDB_NMLS_REC	4	/* u32 item: see IPDB_ITEM() */
#define IPDB_BYNM_REC	4	/* u32 tag and NMLS index, or IPDB_EMPTY */
#define IPDB_ENUM_REC	4	/* u32 entry */
#define IPDB_DESC_REC	1
#define IPDB_DSCO_REC	4

/* An entry (FORMAT.md section 4): its name list's offset in STRS in bits
   0-23, its protocol in bits 24-31. */
#define IPDB_ENT_LIST(v)	((v) & 0x00ffffffu)
#define IPDB_ENT_PROTO(v)	((v) >> 24)
#define IPDB_MAX_STRS		0x01000000u	/* what 24 bits reach */
/* The port index (section 6): bucket b holds ports 16b to 16b + 15;
   a file has buckets up to its highest port's, 4,096 at most. */
#define IPDB_PORT_SHIFT		4
#define IPDB_PIDX_BUCKETS	(65536u >> IPDB_PORT_SHIFT)

/* A group item (NMLS; FORMAT.md section 5): the entry in bits 0-22,
   its protocol in bits 23-30, so that a walk picks the protocol without
   reading the entry; bit 31 flags a group's last item. */
#define IPDB_LAST	0x80000000u
#define IPDB_ITEM_ENTRY	0x007fffffu
#define IPDB_ITEM_SHIFT	23
#define IPDB_ITEM(entry, proto) \
	((uint32_t)(entry) | (uint32_t)(proto) << IPDB_ITEM_SHIFT)
#define IPDB_ITEM_PROTO(v) (((v) >> IPDB_ITEM_SHIFT) & 0xffu)
/* A by-name slot (section 5): the name hash's top 9 bits in bits 23-31,
   the index in NMLS of the group's first item in bits 0-22. */
#define IPDB_SLOT_INDEX	0x007fffffu
#define IPDB_SLOT_TAG(h) ((uint32_t)(h) & ~IPDB_SLOT_INDEX)
#define IPDB_EMPTY	0xffffffffu
#define IPDB_MAX_PROTOS	255
#define IPDB_MAX_ALIASES 255
#define IPDB_MAX_ENTRIES IPDB_ITEM_ENTRY
#define IPDB_MAX_ITEMS	IPDB_SLOT_INDEX	/* so no full slot is IPDB_EMPTY */
#define IPDB_MAX_NAME	255	/* bytes in a name or a protocol */
#define IPDB_LIST_HEAD	3	/* a name list's u16 length, u8 naliases */
#define IPDB_STRS_PAD	8	/* STRS ends in this many NULs (section 3) */

static inline uint16_t
ipdb_le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t
ipdb_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/* Eight bytes at any alignment, as a little-endian word: one load on
   the machines this runs on. */
static inline uint64_t
ipdb_le64(const unsigned char *p)
{
	uint64_t v;

	__builtin_memcpy(&v, p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

static inline void
ipdb_put16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static inline void
ipdb_put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* The one case rule (FORMAT.md section 5): ASCII letters fold to lower. */
static inline unsigned char
ipdb_fold(unsigned char c)
{
	return (unsigned char)(c - 'A') < 26 ? (unsigned char)(c + 32) : c;
}

/* The eight bytes of W with ASCII capitals folded to lower case, at
   once (on either byte order): a byte's high bit is set in GE when it is
   'A' or above, in GT when it is above 'Z'; no sum carries into the next
   byte, and bytes from 0x80 up stay as they are. */
static inline uint64_t
ipdb_fold_word(uint64_t w)
{
	const uint64_t low7 = 0x7f7f7f7f7f7f7f7fu, high = 0x8080808080808080u;
	uint64_t b = w & low7;
	uint64_t ge = b + 0x3f3f3f3f3f3f3f3fu;	/* 0x80 - 'A' */
	uint64_t gt = b + 0x2525252525252525u;	/* 0x7f - 'Z' */

	return w | ((ge & ~gt & ~w & high) >> 2);
}

/* The by-name hash of NAME (FORMAT.md section 5); 0 for a name longer
   than IPDB_MAX_NAME, which no database holds. */
uint32_t ipdb_name_hash(const char *name);
/* Room for a folded name and the zero word after it. */
#define IPDB_FOLDED_WORDS	(IPDB_MAX_NAME / 8 + 2)
/* Fold NAME into OUT, zero-padded to a whole word; its length, or -1
   when it is empty or longer than IPDB_MAX_NAME. */
int ipdb_fold_name(uint64_t out[IPDB_FOLDED_WORDS], const char *name);
/* The hash of a folded name of LEN bytes from ipdb_fold_name(). */
static inline uint32_t
ipdb_hash_folded(const uint64_t *q, unsigned len)
{
	uint64_t h = 0xcbf29ce484222325u ^ len;
	unsigned i;

	for (i = 0; i < len; i += 8) {
		h = (h ^ ipdb_le64((const unsigned char *)q + i)) *
		    0x9e3779b97f4a7c15u;
		h ^= h >> 32;
	}
	return (uint32_t)h;
}
/* Compare names without regard to ASCII case: 0 when equal. */
int ipdb_name_cmp(const char *a, const char *b);
uint32_t ipdb_crc32c(uint32_t crc, const void *buf, size_t len);

/* Errors of ipdb_parse() and ipdb_open(), all negative. */
enum {
	IPDB_OK = 0,
	IPDB_ESYS = -1,		/* see errno */
	IPDB_ESHORT = -2,	/* shorter than its header or header's size */
	IPDB_EMAGIC = -3,
	IPDB_EVERSION = -4,	/* a major version this reader does not know */
	IPDB_EHEADER = -5,
	IPDB_ESECTION = -6,	/* section table: bounds, alignment, overlap */
	IPDB_EMISSING = -7,	/* a required section is absent */
	IPDB_EBOUNDS = -8,	/* an offset or index points outside */
	IPDB_ESTRING = -9,	/* a string or name list malformed or outside */
	IPDB_ECHECKSUM = -10,
	IPDB_ETOOBIG = -11,
	IPDB_EPERM = -12,	/* writable by others, or a foreign owner */
	IPDB_ETYPE = -13,	/* not a regular file */
	IPDB_EHASH = -14,	/* a hash table with no empty slot */
};

/* One read-only image of a database, checked as ipdb_parse() says. */
struct ipdb {
	const unsigned char *base;
	size_t len;
	const unsigned char *strs, *prot, *ents, *port, *pidx, *nmls, *bynm;
	int tcp, udp;		/* their PROT indices, or -1 */
	const unsigned char *enums, *desc, *dsco;
	uint32_t strs_len, desc_len;
	uint32_t names_end;	/* STRS without its pad: where names end */
	uint32_t nprot, nents, nnmls;
	uint32_t nbuckets;	/* PIDX has one record more */
	uint32_t bynm_mask;
	uint32_t date, nrecords, nsources;
	uint16_t major, minor;
	int mapped;
	/* The identity of the file ipdb_open() mapped, from fstat. */
	uint64_t dev, ino, mtime_ns, ctime_ns;
	int64_t size;
};

#define IPDB_VERIFY	1u	/* also ipdb_verify(): the whole file */
#define IPDB_CHECK_OWNER 2u	/* refuse files others may write */

/* Describe the image at BASE of LEN bytes in DB, in time independent of
   its size (FORMAT.md section 7): the header, the section table, the
   record counts and the protocol table.  Everything else is checked
   where a lookup reads it, so that no lookup reads outside the image,
   whatever it holds; a value that fails answers IPDB_BAD.  Returns
   IPDB_OK or a negative error. */
int ipdb_load(struct ipdb *db, const void *base, size_t len);
/* The whole-file check of a loaded image (FORMAT.md section 8): every
   entry, group, bucket and slot, and the checksum.  For the tools: the
   compiler runs it on every file before it publishes one. */
int ipdb_verify(const struct ipdb *db);
/* Map the file at PATH read-only and ipdb_load() it.  The descriptor is
   opened O_CLOEXEC and closed before returning.  On error nothing stays
   mapped, DB holds the file's identity if it could be opened (ino 0 if
   not), and IPDB_ESYS leaves errno set. */
int ipdb_map(struct ipdb *db, const char *path, unsigned flags);
void ipdb_close(struct ipdb *db);

/* ipdb_load() and, with IPDB_VERIFY, ipdb_verify(): inline, so that a
   caller that never verifies (the module) links no verify code. */
static inline int
ipdb_parse(struct ipdb *db, const void *base, size_t len, unsigned flags)
{
	int err = ipdb_load(db, base, len);

	return err || !(flags & IPDB_VERIFY) ? err : ipdb_verify(db);
}
/* ipdb_map() and, with IPDB_VERIFY, ipdb_verify(). */
static inline int
ipdb_open(struct ipdb *db, const char *path, unsigned flags)
{
	int err = ipdb_map(db, path, flags);

	if (!err && (flags & IPDB_VERIFY) && (err = ipdb_verify(db)))
		ipdb_close(db);
	return err;
}

const char *ipdb_strerror(int err);
/* Whether a file of mode MODE owned by UID is one the module serves:
   nobody else may write it, and root or the caller (euid) owns it. */
int ipdb_owner_ok(unsigned mode, unsigned uid);

/* What lookups answer besides an entry index (>= 0). */
#define IPDB_NONE	(-1L)	/* no such entry */
#define IPDB_BAD	(-2L)	/* the file is damaged where the lookup read */

/* An entry, as lookups return it: pointers into the image. */
struct ipdb_entry {
	const char *name;	/* official name, then NALIASES more strings */
	const char *proto;
	unsigned names_len;	/* bytes of all names, NULs included */
	unsigned proto_len;	/* without its NUL */
	unsigned port;
	unsigned naliases;
};

/* The name list at OFF in STRS, or NULL when it does not lie before
   the pad with a NUL as its last byte (section 4).  Its names may still
   be fewer than its count says: walks stop at its end. */
static inline const unsigned char *
ipdb_list(const struct ipdb *db, uint32_t off)
{
	const unsigned char *p;
	uint32_t len;

	if (off >= db->names_end || db->names_end - off <= IPDB_LIST_HEAD)
		return NULL;
	p = db->strs + off;
	len = ipdb_le16(p);
	if (!len || len > db->names_end - off - IPDB_LIST_HEAD ||
	    p[IPDB_LIST_HEAD + len - 1])
		return NULL;
	return p;
}

/* Entry I into E: 0, or IPDB_BAD where I, its protocol or its name list
   lie outside.  Entries are numbered in port order; ipdb_enum() gives
   enumeration's.  Inline, as every lookup's answer needs it. */
static inline int
ipdb_entry(const struct ipdb *db, long i, struct ipdb_entry *e)
{
	const unsigned char *list, *prot;
	uint32_t v;

	if (i < 0 || (unsigned long)i >= db->nents)
		return (int)IPDB_BAD;
	v = ipdb_le32(db->ents + IPDB_ENTS_REC * (uint32_t)i);
	if (IPDB_ENT_PROTO(v) >= db->nprot ||
	    !(list = ipdb_list(db, IPDB_ENT_LIST(v))))
		return (int)IPDB_BAD;
	prot = db->prot + IPDB_PROT_REC * IPDB_ENT_PROTO(v);
	e->name = (const char *)list + IPDB_LIST_HEAD;
	e->names_len = ipdb_le16(list);
	e->naliases = list[2];
	e->port = ipdb_le16(db->port + IPDB_PORT_REC * (uint32_t)i);
	e->proto = (const char *)db->strs + ipdb_le32(prot);
	e->proto_len = ipdb_le32(prot + 4);
	return 0;
}
/* The entry at position K of the enumeration order, or IPDB_BAD. */
static inline long
ipdb_enum(const struct ipdb *db, uint32_t k)
{
	uint32_t i;

	if (k >= db->nents)
		return IPDB_BAD;
	i = ipdb_le32(db->enums + IPDB_ENUM_REC * k);
	return i < db->nents ? (long)i : IPDB_BAD;
}
/* The name of protocol I (below db->nprot: checked at open). */
static inline const char *
ipdb_proto_name(const struct ipdb *db, uint32_t i)
{
	return (const char *)db->strs +
	    ipdb_le32(db->prot + IPDB_PROT_REC * i);
}

/* The name after S among E's names: NULL after the last one, or where
   a damaged list ends before its count says. */
static inline const char *
ipdb_next_name(const struct ipdb_entry *e, const char *s)
{
	const char *end = e->name + e->names_len;

	while (s < end && *s)
		s++;
	return s + 1 < end ? s + 1 : NULL;
}
/* Entry I's description; "" where it lies outside DESC. */
const char *ipdb_description(const struct ipdb *db, long i);

/* The entry NAME/PROTO answers (PROTO NULL: any): its index, IPDB_NONE
   or IPDB_BAD. */
long ipdb_find_name(const struct ipdb *db, const char *name, const char *proto);
/* The entry PORT (host order)/PROTO answers: as ipdb_find_name(). */
long ipdb_find_port(const struct ipdb *db, unsigned port, const char *proto);

#endif
