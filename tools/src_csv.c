/* SPDX-License-Identifier: MIT */
/* Parse IANA's service-names-port-numbers.csv (RFC 4180) into records. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "source.h"

#define CSV_MAX_FIELD	65536	/* bytes one field may hold */

/* The columns we use, found by their header names. */
enum csv_col { C_NAME, C_PORT, C_PROTO, C_DESC, C_COUNT };

static const char *const col_title[C_COUNT] = {
	"Service Name", "Port Number", "Transport Protocol", "Description",
};

/* Description is optional: without it the rows still make services. */
static const int col_required[C_COUNT] = { 1, 1, 1, 0 };

struct csv_state {
	struct src_ctx *ctx;
	const char *p, *end;
	unsigned line;		/* physical line at P */
	unsigned row_line;	/* where the current row starts */
	size_t col[C_COUNT];	/* field index of each column */
	size_t nhdr;		/* fields in the header row */
	struct src_buf val[C_COUNT];
	struct src_buf tmp;	/* header fields */
};

enum { FIELD_ERR = -1, FIELD_MORE, FIELD_EOL };

/* Consume a line end at P, if there is one: LF or CRLF. */
static int
eat_eol(struct csv_state *st)
{
	if (st->p < st->end && *st->p == '\n') {
		st->p++;
	} else if (st->end - st->p >= 2 && st->p[0] == '\r' &&
	    st->p[1] == '\n') {
		st->p += 2;
	} else {
		return 0;
	}
	st->line++;
	return 1;
}

/* The error for field IDX, longer than CSV_MAX_FIELD bytes. */
static int
field_too_long(struct csv_state *st, size_t idx)
{
	src_error(st->ctx, st->row_line, "field %zu longer than %d bytes",
	    idx + 1, CSV_MAX_FIELD);
	return FIELD_ERR;
}

/* A quoted field, from its opening quote: "" is one quote, and the
   field may span lines. */
static int
read_quoted(struct csv_state *st, size_t idx, struct src_buf *out,
    size_t *len)
{
	const char *s;
	size_t n = 0;

	st->p++;
	for (;;) {
		if (st->p == st->end) {
			src_error(st->ctx, st->row_line,
			    "unterminated quoted field %zu", idx + 1);
			return FIELD_ERR;
		}
		/* Copy the run up to the next quote in one go. */
		s = st->p;
		while (st->p < st->end && *st->p != '"') {
			if (*st->p == '\n')
				st->line++;
			st->p++;
		}
		if (st->p > s) {
			n += (size_t)(st->p - s);
			if (n > CSV_MAX_FIELD)
				return field_too_long(st, idx);
			if (out)
				src_buf_put(out, s, (size_t)(st->p - s));
		}
		if (st->p == st->end)
			continue;
		st->p++;	/* the quote */
		if (st->p == st->end || *st->p != '"')
			break;
		st->p++;	/* "" is one quote */
		if (++n > CSV_MAX_FIELD)
			return field_too_long(st, idx);
		if (out)
			src_buf_put(out, "\"", 1);
	}
	*len = n;
	if (st->p == st->end || eat_eol(st))
		return FIELD_EOL;
	if (*st->p == ',') {
		st->p++;
		return FIELD_MORE;
	}
	src_error(st->ctx, st->line,
	    "stray text after closing quote of field %zu", idx + 1);
	return FIELD_ERR;
}

/* An unquoted field: a quote inside is just a character. */
static int
read_plain(struct csv_state *st, size_t idx, struct src_buf *out,
    size_t *len)
{
	const char *s = st->p;
	size_t n;

	while (st->p < st->end && *st->p != ',' && *st->p != '\n' &&
	    !(*st->p == '\r' && st->end - st->p >= 2 && st->p[1] == '\n'))
		st->p++;
	n = (size_t)(st->p - s);
	if (n > CSV_MAX_FIELD)
		return field_too_long(st, idx);
	if (out)
		src_buf_put(out, s, n);
	*len = n;
	if (st->p < st->end && *st->p == ',') {
		st->p++;
		return FIELD_MORE;
	}
	eat_eol(st);
	return FIELD_EOL;
}

/* Read one field into OUT (or just over it when OUT is NULL) and say
   whether the row goes on.  *LEN gets the field's length. */
static int
read_field(struct csv_state *st, size_t idx, struct src_buf *out,
    size_t *len)
{
	if (out)
		out->len = 0;
	if (st->p < st->end && *st->p == '"')
		return read_quoted(st, idx, out, len);
	return read_plain(st, idx, out, len);
}

/* Trim column C in place. */
static char *
col_trimmed(struct csv_state *st, enum csv_col c)
{
	struct src_buf *b = &st->val[c];

	if (!b->s || !b->len)
		return "";
	return src_trim(b->s, b->len);
}

/* Collapse whitespace runs, line breaks included, to one space; NULL if
   nothing is left. */
static char *
col_collapsed(struct csv_state *st, enum csv_col f)
{
	return src_collapse(col_trimmed(st, f));
}

static int
read_header(struct csv_state *st)
{
	size_t idx, len;
	const char *s, *e;
	int r, c;

	for (c = 0; c < C_COUNT; c++)
		st->col[c] = (size_t)-1;
	st->row_line = st->line;
	for (idx = 0;; idx++) {
		r = read_field(st, idx, &st->tmp, &len);
		if (r == FIELD_ERR)
			return -1;
		s = st->tmp.s ? st->tmp.s : "";
		e = s + st->tmp.len;
		while (s < e && src_is_space(*s))
			s++;
		while (e > s && src_is_space(e[-1]))
			e--;
		for (c = 0; c < C_COUNT; c++)	/* first of a name wins */
			if (st->col[c] == (size_t)-1 &&
			    strlen(col_title[c]) == (size_t)(e - s) &&
			    strncasecmp(s, col_title[c], (size_t)(e - s)) == 0)
				st->col[c] = idx;
		if (r == FIELD_EOL)
			break;
	}
	st->nhdr = idx + 1;
	for (c = 0; c < C_COUNT; c++)
		if (col_required[c] && st->col[c] == (size_t)-1)
			return src_error(st->ctx, st->row_line,
			    "no \"%s\" column in the header row",
			    col_title[c]);
	return 0;
}

/* A row of N fields, fewer than the header's: a file cut short, or a
   row that lost its commas.  What its columns would hold is a guess
   (an empty protocol would serve "foo,81" for tcp and udp alike), so
   it is skipped with a warning; --strict makes it fatal. */
static int
short_row(struct csv_state *st, size_t n)
{
	src_warn(st->ctx, st->row_line, "skipped: row has %zu field%s, "
	    "header has %zu", n, n == 1 ? "" : "s", st->nhdr);
	st->ctx->model->skipped++;
	return 0;
}

static int
read_row(struct csv_state *st)
{
	struct record rec;
	struct src_buf *out;
	size_t idx, len, extra = 0;
	char *port;
	int r, c;

	for (c = 0; c < C_COUNT; c++)
		st->val[c].len = 0;
	st->row_line = st->line;
	for (idx = 0;; idx++) {
		out = NULL;
		for (c = 0; c < C_COUNT; c++)
			if (st->col[c] == idx)
				out = &st->val[c];
		r = read_field(st, idx, out, &len);
		if (r == FIELD_ERR)
			return -1;
		if (idx >= st->nhdr && len)
			extra++;
		if (r == FIELD_EOL)
			break;
	}
	/* Trailing empty fields are harmless; text beyond the header's
	   columns hints at a shifted row, but the named columns stand. */
	if (extra)
		src_warn(st->ctx, st->row_line,
		    "row has %zu fields, header has %zu; extra ignored",
		    idx + 1, st->nhdr);
	if (idx + 1 < st->nhdr)
		return short_row(st, idx + 1);

	port = col_trimmed(st, C_PORT);
	if (src_table_row(&rec, st->row_line, col_trimmed(st, C_NAME),
	    col_trimmed(st, C_PROTO), col_collapsed(st, C_DESC), port) < 0)
		return src_error(st->ctx, st->row_line,
		    "invalid port \"%.40s\" in column \"%s\"", port,
		    col_title[C_PORT]);
	return src_add(st->ctx, &rec);
}

int
src_csv_read(struct src_ctx *ctx, const char *buf, size_t len)
{
	struct csv_state st;
	size_t c;
	int rc = 0;

	if (src_no_nul(ctx, buf, len) < 0)
		return -1;
	memset(&st, 0, sizeof(st));
	st.ctx = ctx;
	st.p = buf;
	st.end = buf + len;
	st.line = 1;
	st.p += src_bom(buf, len);
	if (st.p == st.end)
		return src_error(ctx, 1, "no header row");
	if (read_header(&st) < 0) {
		rc = -1;
		goto out;
	}
	while (st.p < st.end) {
		if (eat_eol(&st))
			continue;	/* blank line */
		if (read_row(&st) < 0) {
			rc = -1;
			break;
		}
	}
out:
	for (c = 0; c < C_COUNT; c++)
		free(st.val[c].s);
	free(st.tmp.s);
	return rc;
}
