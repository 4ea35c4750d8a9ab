/* SPDX-License-Identifier: MIT */
/* Helpers shared by the cmocka unit tests. */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "model.h"

/* Parse TEXT with PARSE into the fresh model M; returns the parser's
   result, with CTX left for the error text. */
static inline int
parse_text(struct model *m, struct src_ctx *ctx,
    int (*parse)(struct src_ctx *, const char *, size_t), const char *text)
{
	model_init(m);
	memset(ctx, 0, sizeof(*ctx));
	ctx->path = "test";
	ctx->model = m;
	ctx->quiet = 1;
	return parse(ctx, text, strlen(text));
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

#endif
