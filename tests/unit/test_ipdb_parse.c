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

static void
test_good(void **state)
{
	struct img *im = *state;
	unsigned char *p = copy(im, im->len);
	struct ipdb db;

	assert_int_equal(ipdb_parse(&db, p, im->len, IPDB_VERIFY_CRC),
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

		err = ipdb_parse(&db, p, n, IPDB_VERIFY_CRC);
		if (err >= 0)
			fail_msg("length %zu of %zu parsed", n, im->len);
		assert_int_equal(ipdb_parse(&db, p, n, 0) < 0, 1);
		if (n >= IPDB_HEADER_SIZE) {
			ipdb_put32(p + IPDB_H_FILESIZE, (uint32_t)n);
			recrc(p, n);
			if (ipdb_parse(&db, p, n, IPDB_VERIFY_CRC) >= 0)
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
	struct ipdb db;
	size_t i;

	/* Each magic byte matters: CR, LF and ^Z catch text-mode copies. */
	for (i = 0; i < IPDB_MAGIC_LEN; i++) {
		memcpy(p, im->p, im->len);
		p[i] ^= 0x20;
		recrc(p, im->len);
		assert_int_equal(ipdb_parse(&db, p, im->len, IPDB_VERIFY_CRC),
		    IPDB_EMAGIC);
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
	recrc(p, im->len);
	assert_int_equal(ipdb_parse(&db, p, im->len, IPDB_VERIFY_CRC),
	    IPDB_EVERSION);
	ipdb_put16(p + IPDB_H_MAJOR, 0);
	assert_int_equal(ipdb_parse(&db, p, im->len, 0), IPDB_EVERSION);
	/* A newer minor version is read. */
	ipdb_put16(p + IPDB_H_MAJOR, IPDB_MAJOR);
	ipdb_put16(p + IPDB_H_MINOR, IPDB_MINOR + 1);
	recrc(p, im->len);
	assert_int_equal(ipdb_parse(&db, p, im->len, IPDB_VERIFY_CRC),
	    IPDB_OK);
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
	assert_int_equal(ipdb_parse(&db, p, im->len, IPDB_VERIFY_CRC),
	    IPDB_ECHECKSUM);
	assert_int_equal(ipdb_parse(&db, p, im->len, 0), IPDB_OK);
	/* The checksum field itself. */
	memcpy(p, im->p, im->len);
	p[IPDB_H_CRC] ^= 0x80;
	assert_int_equal(ipdb_parse(&db, p, im->len, IPDB_VERIFY_CRC),
	    IPDB_ECHECKSUM);
	free(p);
}

/* A section that starts or ends past the file. */
static void
test_section_bounds(void **state)
{
	static const uint32_t ids[] = {
		IPDB_SEC_STRS, IPDB_SEC_PROT, IPDB_SEC_ENTS, IPDB_SEC_NMLS,
		IPDB_SEC_BYNM, IPDB_SEC_PTLS, IPDB_SEC_BYPT, IPDB_SEC_DESC,
		IPDB_SEC_DSCO,
	};
	struct img *im = *state;
	unsigned char *p = copy(im, im->len), *row;
	struct ipdb db;
	size_t i;
	uint32_t len = (uint32_t)im->len;

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		/* Offset past the end (aligned, so only bounds fail). */
		memcpy(p, im->p, im->len);
		row = section_row(p, ids[i]);
		assert_non_null(row);
		ipdb_put32(row + 4, (len + 8) & ~7u);
		recrc(p, im->len);
		assert_int_equal(ipdb_parse(&db, p, im->len, IPDB_VERIFY_CRC),
		    IPDB_ESECTION);
		/* Size past the end. */
		memcpy(p, im->p, im->len);
		row = section_row(p, ids[i]);
		ipdb_put32(row + 8, len - ipdb_le32(row + 4) + 1);
		recrc(p, im->len);
		assert_int_equal(ipdb_parse(&db, p, im->len, IPDB_VERIFY_CRC),
		    IPDB_ESECTION);
		/* A size that wraps the offset around. */
		memcpy(p, im->p, im->len);
		row = section_row(p, ids[i]);
		ipdb_put32(row + 8, 0xfffffff8u);
		recrc(p, im->len);
		assert_int_equal(ipdb_parse(&db, p, im->len, IPDB_VERIFY_CRC),
		    IPDB_ESECTION);
	}
	/* A section count the file cannot hold. */
	memcpy(p, im->p, im->len);
	ipdb_put32(p + IPDB_H_NSECT, 0x10000000u);
	recrc(p, im->len);
	assert_int_equal(ipdb_parse(&db, p, im->len, IPDB_VERIFY_CRC),
	    IPDB_ESECTION);
	free(p);
}

/* An entry whose name offset lies past STRS, or at its last byte (a
   name list that would run out of the pool). */
static void
test_entry_string_offset(void **state)
{
	struct img *im = *state;
	unsigned char *p = copy(im, im->len), *ents, *strs;
	struct ipdb db;
	uint32_t strs_len, i, n;
	int err;

	ents = section_row(p, IPDB_SEC_ENTS);
	strs = section_row(p, IPDB_SEC_STRS);
	assert_non_null(ents);
	assert_non_null(strs);
	strs_len = ipdb_le32(strs + 8);
	n = ipdb_le32(ents + 8) / IPDB_ENTS_REC;
	for (i = 0; i < n; i++) {
		unsigned char *e;

		memcpy(p, im->p, im->len);
		e = p + ipdb_le32(ents + 4) + i * IPDB_ENTS_REC;
		ipdb_put32(e, strs_len);
		recrc(p, im->len);
		err = ipdb_parse(&db, p, im->len, IPDB_VERIFY_CRC);
		assert_true(err == IPDB_ESTRING || err == IPDB_EBOUNDS);

		memcpy(p, im->p, im->len);
		ipdb_put32(e, 0xffffffffu);
		recrc(p, im->len);
		err = ipdb_parse(&db, p, im->len, IPDB_VERIFY_CRC);
		assert_true(err == IPDB_ESTRING || err == IPDB_EBOUNDS);

		/* The last string, with more aliases than follow it. */
		memcpy(p, im->p, im->len);
		e[7] = 255;
		recrc(p, im->len);
		err = ipdb_parse(&db, p, im->len, IPDB_VERIFY_CRC);
		assert_true(err == IPDB_ESTRING || err == IPDB_EBOUNDS);

		/* A protocol index past PROT. */
		memcpy(p, im->p, im->len);
		e[6] = 200;
		recrc(p, im->len);
		assert_int_equal(ipdb_parse(&db, p, im->len, IPDB_VERIFY_CRC),
		    IPDB_EBOUNDS);
	}
	free(p);
}

/* Parse P after recomputing its checksum. */
static int
reparse(unsigned char *p, size_t len)
{
	struct ipdb db;

	recrc(p, len);
	return ipdb_parse(&db, p, len, IPDB_VERIFY_CRC);
}

/* Format 2.0's lengths: a name list's length, its count of names, an
   empty name, a protocol's length, and the 8 NULs that end STRS. */
static void
test_lengths(void **state)
{
	struct img *im = *state;
	unsigned char *p = copy(im, im->len), *strs, *ents, *prot, *list;
	uint32_t strs_off, strs_len;

#define FRESH() do { \
		memcpy(p, im->p, im->len); \
		strs = p + strs_off; \
		ents = p + ipdb_le32(section_row(p, IPDB_SEC_ENTS) + 4); \
		prot = p + ipdb_le32(section_row(p, IPDB_SEC_PROT) + 4); \
		list = strs + ipdb_le32(ents + IPDB_ENTS_REC); /* http */ \
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
	ents[IPDB_ENTS_REC + 7] = 1;		/* http has two aliases */
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
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
