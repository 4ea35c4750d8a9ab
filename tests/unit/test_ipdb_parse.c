/* SPDX-License-Identifier: MIT */
/* The reader's validation on in-memory images: a good image parses, and
   each kind of damage is refused with its own error.  Damage other than
   the checksum's own is made with the checksum recomputed, so that only
   the structural checks can catch it. */
#include <stdio.h>
#include <stdlib.h>

#include "ipdb.h"
#include "ipdb_write.h"
#include "testutil.h"

static const char source[] =
	"tcpmux\t\t1/tcp\t\t\t# TCP port service multiplexer\n"
	"http\t\t80/tcp\t\twww www-http\t# World Wide Web HTTP\n"
	"http\t\t80/udp\t\twww\n"
	"kerberos\t88/tcp\t\tkerberos5 krb5\t# Kerberos v5\n"
	"x11\t\t6000/tcp\n"
	"x11\t\t6001/sctp\n"
	"rtmp\t\t1/ddp\n";

struct img {
	unsigned char *p;
	size_t len;
};

static int
setup(void **state)
{
	struct img *im = calloc(1, sizeof(*im));
	struct model m;
	struct src_ctx ctx;

	if (!im || parse_text(&m, &ctx, src_services_read, source) < 0 ||
	    model_build(&m) < 0 || ipdb_build(&m, &im->p, &im->len) < 0)
		return -1;
	model_free(&m);
	*state = im;
	return 0;
}

static int
teardown(void **state)
{
	struct img *im = *state;

	free(im->p);
	free(im);
	return 0;
}

/* A private copy of exactly LEN bytes, so that a sanitizer sees any read
   past the end. */
static unsigned char *
copy(const struct img *im, size_t len)
{
	unsigned char *p = malloc(len ? len : 1);

	assert_non_null(p);
	memcpy(p, im->p, len < im->len ? len : im->len);
	return p;
}

static void
recrc(unsigned char *p, size_t len)
{
	uint32_t crc;

	memset(p + IPDB_H_CRC, 0, 4);
	crc = ipdb_crc32c(0, p, len);
	ipdb_put32(p + IPDB_H_CRC, crc);
}

/* Parse P after recomputing its checksum. */
static int
reparse(unsigned char *p, size_t len)
{
	struct ipdb db;

	recrc(p, len);
	return ipdb_parse(&db, p, len, IPDB_VERIFY);
}

/* The section table row of section ID, or NULL. */
static unsigned char *
section_row(unsigned char *p, uint32_t id)
{
	uint32_t hdr = ipdb_le32(p + IPDB_H_HDRSIZE);
	uint32_t n = ipdb_le32(p + IPDB_H_NSECT), i;

	for (i = 0; i < n; i++)
		if (ipdb_le32(p + hdr + i * IPDB_SECTION_SIZE) == id)
			return p + hdr + i * IPDB_SECTION_SIZE;
	return NULL;
}

/* The first byte of section ID in P. */
static unsigned char *
section(unsigned char *p, uint32_t id)
{
	unsigned char *row = section_row(p, id);

	assert_non_null(row);
	return p + ipdb_le32(row + 4);
}

static void
test_good(void **state)
{
	struct img *im = *state;
	unsigned char *p = copy(im, im->len);
	struct ipdb db;

	assert_int_equal(ipdb_parse(&db, p, im->len, IPDB_VERIFY),
	    IPDB_OK);
	assert_int_equal(db.major, IPDB_MAJOR);
	assert_int_equal(db.nents, 7);
	assert_int_equal(db.nprot, 4);
	assert_true(ipdb_find_name(&db, "krb5", "tcp") >= 0);
	free(p);
}

/* Every shorter length fails, with the header as written, and again with
   the header's size and checksum made to agree with the short file. */
static void
test_truncated(void **state)
{
	struct img *im = *state;
	struct ipdb db;
	size_t n;
	int err;

	for (n = 0; n < im->len; n++) {
		unsigned char *p = copy(im, n);

		err = ipdb_parse(&db, p, n, IPDB_VERIFY);
		if (err >= 0)
			fail_msg("length %zu of %zu parsed", n, im->len);
		assert_int_equal(ipdb_parse(&db, p, n, 0) < 0, 1);
		if (n >= IPDB_HEADER_SIZE) {
			ipdb_put32(p + IPDB_H_FILESIZE, (uint32_t)n);
			recrc(p, n);
			if (ipdb_parse(&db, p, n, IPDB_VERIFY) >= 0)
				fail_msg("length %zu of %zu, header patched, "
				    "parsed", n, im->len);
		}
		free(p);
	}
}

static void
test_bad_magic(void **state)
{
	struct img *im = *state;
	unsigned char *p = copy(im, im->len);
	size_t i;

	/* Each magic byte matters: CR, LF and ^Z catch text-mode copies. */
	for (i = 0; i < IPDB_MAGIC_LEN; i++) {
		memcpy(p, im->p, im->len);
		p[i] ^= 0x20;
		assert_int_equal(reparse(p, im->len), IPDB_EMAGIC);
	}
	free(p);
}

static void
test_other_major(void **state)
{
	struct img *im = *state;
	unsigned char *p = copy(im, im->len);
	struct ipdb db;

	ipdb_put16(p + IPDB_H_MAJOR, IPDB_MAJOR + 1);
	assert_int_equal(reparse(p, im->len), IPDB_EVERSION);
	ipdb_put16(p + IPDB_H_MAJOR, 0);
	assert_int_equal(ipdb_parse(&db, p, im->len, 0), IPDB_EVERSION);
	/* A newer minor version is read. */
	ipdb_put16(p + IPDB_H_MAJOR, IPDB_MAJOR);
	ipdb_put16(p + IPDB_H_MINOR, IPDB_MINOR + 1);
	assert_int_equal(reparse(p, im->len), IPDB_OK);
	free(p);
}

/* A flipped bit in a description: only the checksum can see it. */
static void
test_checksum(void **state)
{
	struct img *im = *state;
	unsigned char *p = copy(im, im->len);
	unsigned char *row = section_row(p, IPDB_SEC_DESC);
	struct ipdb db;
	uint32_t off;

	assert_non_null(row);
	off = ipdb_le32(row + 4);
	assert_true(ipdb_le32(row + 8) > 2);
	p[off + 1] ^= 0x01;
	assert_int_equal(ipdb_parse(&db, p, im->len, IPDB_VERIFY),
	    IPDB_ECHECKSUM);
	assert_int_equal(ipdb_parse(&db, p, im->len, 0), IPDB_OK);
	/* The checksum field itself. */
	memcpy(p, im->p, im->len);
	p[IPDB_H_CRC] ^= 0x80;
	assert_int_equal(ipdb_parse(&db, p, im->len, IPDB_VERIFY),
	    IPDB_ECHECKSUM);
	free(p);
}

/* A section that starts or ends past the file. */
static void
test_section_bounds(void **state)
{
	static const uint32_t ids[] = {
		IPDB_SEC_STRS, IPDB_SEC_PROT, IPDB_SEC_ENTS, IPDB_SEC_PORT,
		IPDB_SEC_PIDX, IPDB_SEC_NMLS, IPDB_SEC_BYNM, IPDB_SEC_ENUM,
		IPDB_SEC_DESC, IPDB_SEC_DSCO,
	};
	struct img *im = *state;
	unsigned char *p = copy(im, im->len), *row;
	size_t i;
	uint32_t len = (uint32_t)im->len;

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		/* Offset past the end (aligned, so only bounds fail). */
		memcpy(p, im->p, im->len);
		row = section_row(p, ids[i]);
		assert_non_null(row);
		ipdb_put32(row + 4, (len + 8) & ~7u);
		assert_int_equal(reparse(p, im->len), IPDB_ESECTION);
		/* Size past the end. */
		memcpy(p, im->p, im->len);
		row = section_row(p, ids[i]);
		ipdb_put32(row + 8, len - ipdb_le32(row + 4) + 1);
		assert_int_equal(reparse(p, im->len), IPDB_ESECTION);
		/* A size that wraps the offset around. */
		memcpy(p, im->p, im->len);
		row = section_row(p, ids[i]);
		ipdb_put32(row + 8, 0xfffffff8u);
		assert_int_equal(reparse(p, im->len), IPDB_ESECTION);
	}
	/* A section count the file cannot hold. */
	memcpy(p, im->p, im->len);
	ipdb_put32(p + IPDB_H_NSECT, 0x10000000u);
	assert_int_equal(reparse(p, im->len), IPDB_ESECTION);
	free(p);
}

/* An entry whose name list's offset lies past STRS, or at its last
   byte (a name list that would run out of the pool).  The entry keeps
   its protocol, so that only the name list is wrong. */
static void
test_entry_string_offset(void **state)
{
	struct img *im = *state;
	unsigned char *p = copy(im, im->len), *ents, *strs;
	uint32_t off[3], i, k, n, v;

	ents = section_row(p, IPDB_SEC_ENTS);
	strs = section_row(p, IPDB_SEC_STRS);
	assert_non_null(ents);
	assert_non_null(strs);
	/* The pool's end, its last byte, the most 24 bits say. */
	off[0] = ipdb_le32(strs + 8);
	off[1] = off[0] - 1;
	off[2] = IPDB_MAX_STRS - 1;
	n = ipdb_le32(ents + 8) / IPDB_ENTS_REC;
	for (i = 0; i < n; i++) {
		unsigned char *e = p + ipdb_le32(ents + 4) + i * IPDB_ENTS_REC;

		v = ipdb_le32(im->p + (e - p));
		for (k = 0; k < sizeof(off) / sizeof(off[0]); k++) {
			memcpy(p, im->p, im->len);
			ipdb_put32(e, (v & ~IPDB_ENT_LIST(~0u)) | off[k]);
			assert_int_equal(reparse(p, im->len), IPDB_ESTRING);
		}

		/* The last string, with more aliases than follow it: the
		   count is the list head's third byte. */
		memcpy(p, im->p, im->len);
		p[ipdb_le32(strs + 4) + IPDB_ENT_LIST(v) + 2] = 255;
		assert_int_equal(reparse(p, im->len), IPDB_ESTRING);

		/* A protocol index past PROT: the top byte. */
		memcpy(p, im->p, im->len);
		e[3] = 200;
		assert_int_equal(reparse(p, im->len), IPDB_EBOUNDS);
	}
	free(p);
}

/* Format 3.0's lengths: a name list's length, its count of aliases (in
   the list's head now, not the entry), an empty name, a protocol's
   length, and the 8 NULs that end STRS. */
static void
test_lengths(void **state)
{
	struct img *im = *state;
	unsigned char *p = copy(im, im->len), *strs, *ents, *prot, *list;
	uint32_t strs_off, strs_len;
	struct ipdb db;
	long http;

	/* Entries go by port: ask the pristine image which is http's. */
	assert_int_equal(ipdb_parse(&db, im->p, im->len, 0), IPDB_OK);
	http = ipdb_find_name(&db, "http", "tcp");
	assert_true(http >= 0);
#define FRESH() do { \
		memcpy(p, im->p, im->len); \
		strs = p + strs_off; \
		ents = p + ipdb_le32(section_row(p, IPDB_SEC_ENTS) + 4); \
		prot = p + ipdb_le32(section_row(p, IPDB_SEC_PROT) + 4); \
		list = strs + IPDB_ENT_LIST(ipdb_le32(ents + \
		    IPDB_ENTS_REC * http)); \
	} while (0)
	strs_off = ipdb_le32(section_row(p, IPDB_SEC_STRS) + 4);
	strs_len = ipdb_le32(section_row(p, IPDB_SEC_STRS) + 8);

	FRESH();
	assert_int_equal(ipdb_le16(list), sizeof("http\0www\0www-http"));
	strs[strs_len - IPDB_STRS_PAD] = 'x';
	assert_int_equal(reparse(p, im->len), IPDB_ESTRING);
	FRESH();
	ipdb_put16(list, 0);
	assert_int_equal(reparse(p, im->len), IPDB_ESTRING);
	FRESH();
	ipdb_put16(list, (uint16_t)(ipdb_le16(list) + 1));
	assert_int_equal(reparse(p, im->len), IPDB_ESTRING);
	FRESH();
	ipdb_put16(list, (uint16_t)(strs_len - (list - strs)));
	assert_int_equal(reparse(p, im->len), IPDB_ESTRING);
	FRESH();
	list[2] = 1;				/* http has two aliases */
	assert_int_equal(reparse(p, im->len), IPDB_ESTRING);
	FRESH();
	list[IPDB_LIST_HEAD + 4] = 'x';		/* "httpxwww": one name less */
	assert_int_equal(reparse(p, im->len), IPDB_ESTRING);
	FRESH();
	list[IPDB_LIST_HEAD] = 0;		/* an empty official name */
	assert_int_equal(reparse(p, im->len), IPDB_ESTRING);
	FRESH();
	ipdb_put32(prot + 4, ipdb_le32(prot + 4) - 1);
	assert_int_equal(reparse(p, im->len), IPDB_ESTRING);
	FRESH();
	ipdb_put32(prot + 4, 0);
	assert_int_equal(reparse(p, im->len), IPDB_ESTRING);
	FRESH();
	assert_int_equal(reparse(p, im->len), IPDB_OK);
#undef FRESH
	free(p);
}

/* The layout the lookups rely on, as written: entries by port (a port's
   in enumeration order), the buckets' bounds, and an enumeration that
   gives every entry once, in the order of the records. */
static void
test_port_order(void **state)
{
	struct img *im = *state;
	struct ipdb db;
	struct ipdb_entry e = { 0 };
	unsigned char seen[7] = { 0 };
	uint32_t i, k, b;

	assert_int_equal(ipdb_parse(&db, im->p, im->len, 0), IPDB_OK);
	assert_int_equal(db.nents, sizeof(seen));
	for (i = 1; i < db.nents; i++)
		assert_true(ipdb_le16(db.port + IPDB_PORT_REC * i) >=
		    ipdb_le16(db.port + IPDB_PORT_REC * (i - 1)));
	/* Buckets up to the highest port's (6001), then the end. */
	assert_int_equal(db.nbuckets, (6001 >> IPDB_PORT_SHIFT) + 1);
	for (b = 0, i = 0; b <= db.nbuckets; b++) {
		/* PIDX[b]: the first entry of port 16b or above. */
		while (i < db.nents && ipdb_le16(db.port + IPDB_PORT_REC * i) <
		    b << IPDB_PORT_SHIFT)
			i++;
		assert_int_equal(ipdb_le32(db.pidx + IPDB_PIDX_REC * b), i);
	}
	for (k = 0; k < db.nents; k++) {
		long ent = ipdb_enum(&db, k);

		assert_true(ent >= 0 && ent < (long)db.nents);
		assert_int_equal(seen[ent]++, 0);
	}
	/* rtmp 1/ddp, the last record, enumerates last but sorts second,
	   after tcpmux 1/tcp: by port, the earlier record answers. */
	assert_int_equal(ipdb_entry(&db, ipdb_enum(&db, 6), &e), 0);
	assert_string_equal(e.name, "rtmp");
	assert_int_equal(ipdb_enum(&db, 6), 1);
	assert_int_equal(ipdb_entry(&db, ipdb_enum(&db, 0), &e), 0);
	assert_string_equal(e.name, "tcpmux");
	assert_int_equal(ipdb_find_port(&db, 1, NULL), 0);
	assert_int_equal(ipdb_find_port(&db, 1, "ddp"), 1);
	assert_string_equal(ipdb_description(&db, ipdb_enum(&db, 0)),
	    "TCP port service multiplexer");
}

/* Ports out of order, within one bucket: only the order check sees it
   (a bucket's scan stops at the first port above the one asked). */
static void
test_port_not_ascending(void **state)
{
	struct img *im = *state;
	unsigned char *p = copy(im, im->len), *port;
	uint32_t n = 7, a, b;

	port = section(p, IPDB_SEC_PORT);
	a = ipdb_le16(port + IPDB_PORT_REC * (n - 2));	/* x11 6000/tcp */
	b = ipdb_le16(port + IPDB_PORT_REC * (n - 1));	/* x11 6001/sctp */
	assert_true(a < b && a >> IPDB_PORT_SHIFT == b >> IPDB_PORT_SHIFT);
	ipdb_put16(port + IPDB_PORT_REC * (n - 2), (uint16_t)b);
	ipdb_put16(port + IPDB_PORT_REC * (n - 1), (uint16_t)a);
	assert_int_equal(reparse(p, im->len), IPDB_EBOUNDS);
	/* The same port twice is in order. */
	memcpy(p, im->p, im->len);
	ipdb_put16(port + IPDB_PORT_REC * (n - 1), (uint16_t)a);
	assert_int_equal(reparse(p, im->len), IPDB_OK);
	free(p);
}

/* Set PIDX[FROM] to PIDX[TO] of the image P to V. */
static void
set_pidx(unsigned char *p, uint32_t from, uint32_t to, uint32_t v)
{
	unsigned char *pidx = section(p, IPDB_SEC_PIDX);

	for (; from <= to; from++)
		ipdb_put32(pidx + IPDB_PIDX_REC * from, v);
}

/* Bucket bounds that are wrong, where it can be otherwise consistent
   so that one check alone must refuse it.  The fixture's entries by
   port: 1, 1, 80, 80, 88, 6000, 6001 (buckets 0, 0, 5, 5, 5, 375, 375). */
static void
test_pidx_bounds(void **state)
{
	struct img *im = *state;
	unsigned char *p = copy(im, im->len), *pidx;
	const uint32_t n = 7, last = 6001 >> IPDB_PORT_SHIFT;
	/* Each case on a fresh copy: set PIDX[from..to] to v. */
	const struct {
		uint32_t from, to, v;
		int want;
	} cases[] = {
		/* PIDX[0] past entry 0: tcpmux 1/tcp in no bucket. */
		{ 0, 0, 1, IPDB_EBOUNDS },
		/* Bucket 0 (ports 0-15) reaching http 80/tcp. */
		{ 1, 5, 3, IPDB_EBOUNDS },
		/* Bucket 5 (ports 80-95) reaching back to rtmp 1/ddp. */
		{ 1, 5, 1, IPDB_EBOUNDS },
		/* A bucket that ends before it starts. */
		{ 100, 100, 0, IPDB_EBOUNDS },
		/* The end short of nents: x11 6001/sctp in no bucket. */
		{ last + 1, last + 1, n - 1, IPDB_EBOUNDS },
		/* The end past nents: a walk would run out of ENTS. */
		{ last + 1, last + 1, n + 1, IPDB_EBOUNDS },
		/* set_pidx() spoils nothing itself: the bounds as they
		   were, written again, parse. */
		{ last + 1, last + 1, n, IPDB_OK },
	};
	size_t k;

	pidx = section(p, IPDB_SEC_PIDX);
	assert_int_equal(ipdb_le32(pidx + IPDB_PIDX_REC * 1), 2);
	assert_int_equal(ipdb_le32(pidx + IPDB_PIDX_REC * 5), 2);
	assert_int_equal(ipdb_le32(pidx + IPDB_PIDX_REC * 6), 5);
	assert_int_equal(ipdb_le32(pidx + IPDB_PIDX_REC * last), 5);
	assert_int_equal(ipdb_le32(pidx + IPDB_PIDX_REC * (last + 1)), n);
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		memcpy(p, im->p, im->len);
		set_pidx(p, cases[k].from, cases[k].to, cases[k].v);
		assert_int_equal(reparse(p, im->len), cases[k].want);
	}
	free(p);
}

/* An enumeration position naming an entry past ENTS: getservent would
   read outside the sections. */
static void
test_enum_bounds(void **state)
{
	static const uint32_t bad[] = { 7, 0x00800000u, 0xffffffffu };
	struct img *im = *state;
	unsigned char *p = copy(im, im->len), *en;
	uint32_t k, j;

	for (k = 0; k < 7; k++)
		for (j = 0; j < sizeof(bad) / sizeof(bad[0]); j++) {
			memcpy(p, im->p, im->len);
			en = section(p, IPDB_SEC_ENUM);
			ipdb_put32(en + IPDB_ENUM_REC * k, bad[j]);
			assert_int_equal(reparse(p, im->len), IPDB_EBOUNDS);
		}
	free(p);
}

/* A by-name slot, its tag kept, whose index lies past NMLS: a group
   walk would start outside the list. */
static void
test_bynm_index(void **state)
{
	struct img *im = *state;
	unsigned char *p = copy(im, im->len), *bynm;
	uint32_t nslots, nnmls, i, v, full = 0;

	nslots = ipdb_le32(section_row(p, IPDB_SEC_BYNM) + 8) / IPDB_BYNM_REC;
	nnmls = ipdb_le32(section_row(p, IPDB_SEC_NMLS) + 8) / IPDB_NMLS_REC;
	for (i = 0; i < nslots; i++) {
		memcpy(p, im->p, im->len);
		bynm = section(p, IPDB_SEC_BYNM);
		v = ipdb_le32(bynm + IPDB_BYNM_REC * i);
		if (v == IPDB_EMPTY)
			continue;
		full++;
		ipdb_put32(bynm + IPDB_BYNM_REC * i, IPDB_SLOT_TAG(v) | nnmls);
		assert_int_equal(reparse(p, im->len), IPDB_EBOUNDS);
		ipdb_put32(bynm + IPDB_BYNM_REC * i, IPDB_SLOT_TAG(v) |
		    (nnmls - 1));
		assert_int_equal(reparse(p, im->len), IPDB_OK);
	}
	/* tcpmux http www www-http kerberos kerberos5 krb5 x11 rtmp */
	assert_int_equal(full, 9);
	free(p);
}

/* Every port and protocol of image IMG answered as a walk of the
   enumeration would: the first entry of that port (and protocol).  The
   lookup starts at a guess within the bucket, so buckets of uneven
   counts and gaps are what it must get right. */
static void
check_every_port(const unsigned char *img, size_t len)
{
	struct ipdb db;
	struct ipdb_entry e = { 0 };
	long *want;
	uint32_t k, i, pr;
	unsigned port;

	assert_int_equal(ipdb_parse(&db, img, len, 0), IPDB_OK);
	/* want[port * (nprot + 1) + proto]: nprot stands for "any". */
	want = malloc(65536 * (db.nprot + 1) * sizeof(*want));
	assert_non_null(want);
	for (k = 0; k < 65536 * (db.nprot + 1); k++)
		want[k] = -1;
	for (k = 0; k < db.nents; k++) {
		i = ipdb_enum(&db, k);
		assert_int_equal(ipdb_entry(&db, i, &e), 0);
		for (pr = 0; pr < db.nprot; pr++)
			if (!strcmp(e.proto, ipdb_proto_name(&db, pr)))
				break;
		if (want[e.port * (db.nprot + 1) + pr] < 0)
			want[e.port * (db.nprot + 1) + pr] = i;
		if (want[e.port * (db.nprot + 1) + db.nprot] < 0)
			want[e.port * (db.nprot + 1) + db.nprot] = i;
	}
	for (port = 0; port < 65536; port++) {
		assert_int_equal(ipdb_find_port(&db, port, NULL),
		    want[port * (db.nprot + 1) + db.nprot]);
		for (pr = 0; pr < db.nprot; pr++)
			assert_int_equal(ipdb_find_port(&db, port,
			    ipdb_proto_name(&db, pr)),
			    want[port * (db.nprot + 1) + pr]);
	}
	free(want);
}

static void
test_every_port_uneven(void **state)
{
	static const char text[] =
	    /* Bucket 0: one port with five protocols, gaps, one of one. */
	    "a 1/tcp\nb 1/udp\nc 1/sctp\nd 1/dccp\ne 1/ddp\n"
	    "f 7/udp\ng 14/tcp\nh 15/tcp\nh 15/udp\n"
	    /* Bucket 5: every port, one protocol each, then both. */
	    "p80 80/tcp\np81 81/tcp\np82 82/tcp\np83 83/tcp\n"
	    "p84 84/tcp\np85 85/tcp\np86 86/tcp\np87 87/tcp\n"
	    "p88 88/tcp\np89 89/tcp\np90 90/tcp\np91 91/tcp\n"
	    "p92 92/tcp\np93 93/tcp\np94 94/tcp\np95 95/tcp\n"
	    "q80 80/udp\nq95 95/udp\n"
	    /* A later record of a port already served: enumerated last. */
	    "z 1/tcp\nlast 65535/udp\nlast 65535/tcp\nzero 0/tcp\n";
	struct model m;
	struct src_ctx ctx;
	unsigned char *img;
	size_t len;

	(void)state;
	assert_int_equal(parse_text(&m, &ctx, src_services_read, text), 0);
	assert_int_equal(model_build(&m), 0);
	assert_int_equal(ipdb_build(&m, &img, &len), 0);
	model_free(&m);
	check_every_port(img, len);
	free(img);
}

static void
test_every_port_registry(void **state)
{
	struct model m;
	struct src_ctx ctx;
	unsigned char *img;
	size_t len;

	(void)state;
	model_init(&m);
	init_ctx(&ctx, &m, NULL);
	assert_int_equal(src_read_file(&ctx, SNAPSHOT), 0);
	assert_int_equal(model_build(&m), 0);
	assert_int_equal(ipdb_build(&m, &img, &len), 0);
	model_free(&m);
	check_every_port(img, len);
	free(img);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bad_magic),
		cmocka_unit_test(test_other_major),
		cmocka_unit_test(test_checksum),
		cmocka_unit_test(test_section_bounds),
		cmocka_unit_test(test_entry_string_offset),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_port_order),
		cmocka_unit_test(test_port_not_ascending),
		cmocka_unit_test(test_pidx_bounds),
		cmocka_unit_test(test_enum_bounds),
		cmocka_unit_test(test_bynm_index),
		cmocka_unit_test(test_every_port_uneven),
		cmocka_unit_test(test_every_port_registry),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
