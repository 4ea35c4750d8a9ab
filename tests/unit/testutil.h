/* SPDX-License-Identifier: MIT */
/* Helpers shared by the cmocka unit tests. */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "model.h"
#include "source.h"

/* The registry snapshot the project ships: there on every clone.  The
   tests run from the top of the tree. */
#define SNAPSHOT "data/service-names-port-numbers.xml"

/* The file NAME of the shared registry collection, $SHARED/registry
   (make passes SHARED down; ../shared when unset), into BUF.  When it is
   not here the calling test is skipped, saying which file it lacked:
   these files add checks across dates, none is needed. */
static inline const char *
shared_registry(char *buf, size_t len, const char *name)
{
	const char *dir = getenv("SHARED");

	snprintf(buf, len, "%s/registry/%s", dir && *dir ? dir : "../shared",
	    name);
	if (access(buf, R_OK) != 0) {
		print_message("skipped: no %s\n", buf);
		skip();
	}
	return buf;
}

/* An older XML snapshot of the shared collection: the date it states,
   and the count of its rows where a test knows it (0: not checked). */
struct shared_file {
	const char *name;
	uint32_t date;
	size_t rows;
};

/* A test of FN on the shared file NAME (its state: the shared_file),
   named after the file, so that a skipped one's summary says which file
   it lacked.  For the test array in main(). */
#define SHARED_TEST(fn, name, date, rows) \
	{ name, fn, NULL, NULL, &(struct shared_file){ name, date, rows } }

/* Tests of FN on each older XML snapshot of the shared collection. */
#define SHARED_XML_TESTS(fn) \
	SHARED_TEST(fn, "service-names-port-numbers-2024-06-07.xml", \
	    20240607, 14447), \
	SHARED_TEST(fn, "service-names-port-numbers-2025-07-22.xml", \
	    20250722, 0)

/* CTX made ready for a parser to add to M, its messages naming PATH and
   kept in CTX, not printed. */
static inline void
init_ctx(struct src_ctx *ctx, struct model *m, const char *path)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->path = path;
	ctx->model = m;
	ctx->quiet = 1;
}

/* Parse the LEN bytes at BUF, which may hold NULs, with PARSE into the
   fresh model M; returns the parser's result, with CTX left for the
   error text. */
static inline int
parse_buf(struct model *m, struct src_ctx *ctx,
    int (*parse)(struct src_ctx *, const char *, size_t), const char *buf,
    size_t len)
{
	model_init(m);
	init_ctx(ctx, m, "test");
	return parse(ctx, buf, len);
}

/* The same for the C string TEXT. */
static inline int
parse_text(struct model *m, struct src_ctx *ctx,
    int (*parse)(struct src_ctx *, const char *, size_t), const char *text)
{
	return parse_buf(m, ctx, parse, text, strlen(text));
}

/* Parse HEAD, BODY and TAIL, one after the other, with PARSE: a test's
   rows or records inside the frame its format wants. */
static inline int
parse_framed(struct model *m, struct src_ctx *ctx,
    int (*parse)(struct src_ctx *, const char *, size_t), const char *head,
    const char *body, const char *tail)
{
	size_t n = strlen(head) + strlen(body) + strlen(tail) + 1;
	char *buf = malloc(n);
	int rc;

	assert_non_null(buf);
	snprintf(buf, n, "%s%s%s", head, body, tail);
	rc = parse_text(m, ctx, parse, buf);
	free(buf);
	return rc;
}

/* Read the whole of PATH into a NUL-terminated buffer (malloc'd); *LEN,
   when not NULL, gets its size. */
static inline char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return buf;
}

static inline const char *
rec_name(const struct model *m, size_t i)
{
	const struct model_record *r = &m->records[i];

	return r->nnames ? m->strings[m->names[r->first_name]] : NULL;
}

static inline const char *
rec_alias(const struct model *m, size_t i, size_t k)
{
	return m->strings[m->names[m->records[i].first_name + 1 + k]];
}

static inline const char *
rec_proto(const struct model *m, size_t i)
{
	const struct model_record *r = &m->records[i];

	return r->any_proto ? NULL : m->strings[m->protos[r->proto]];
}

static inline const char *
rec_desc(const struct model *m, size_t i)
{
	uint32_t d = m->records[i].desc;

	return d == UINT32_MAX ? NULL : m->strings[d];
}

/* Record I of M is NAME on ports LO to HI over PROTO (NULL: a record
   that names no protocol). */
static inline void
assert_record(const struct model *m, size_t i, const char *name,
    const char *proto, uint32_t lo, uint32_t hi)
{
	assert_true(i < m->nrecords);
	assert_string_equal(rec_name(m, i), name);
	if (proto)
		assert_string_equal(rec_proto(m, i), proto);
	else
		assert_null(rec_proto(m, i));
	assert_int_equal(m->records[i].port_lo, lo);
	assert_int_equal(m->records[i].port_hi, hi);
}

/* Index of the first record named NAME with PORT and PROTO (NULL: no
   protocol), or -1. */
static inline long
find_record(const struct model *m, const char *name, uint32_t port,
    const char *proto)
{
	size_t i;

	for (i = 0; i < m->nrecords; i++) {
		const char *n = rec_name(m, i), *p = rec_proto(m, i);

		if (!n || strcmp(n, name) || m->records[i].port_lo != port)
			continue;
		if (proto ? p && !strcmp(p, proto) : !p)
			return (long)i;
	}
	return -1;
}

/* Records the whole registry holds in every format and at every date
   the tests read. */
static inline void
assert_registry_landmarks(const struct model *m)
{
	long k = find_record(m, "http", 80, "tcp");

	assert_true(k >= 0);
	assert_string_equal(rec_desc(m, (size_t)k), "World Wide Web HTTP");
	k = find_record(m, "x11", 6000, "udp");
	assert_true(k >= 0);
	assert_int_equal(m->records[k].port_hi, 6063);
	assert_true(find_record(m, "EtherNet/IP-1", 2222, "tcp") >= 0);
}

#endif
