/* SPDX-License-Identifier: MIT */
/* Parse IANA's service-names-port-numbers.xml with expat into records. */
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>

#include "model.h"

#define XML_MAX_TEXT	65536	/* bytes of text one field may hold */
#define XML_MAX_DEPTH	256	/* the registry nests five deep */
#define XML_CHUNK	(1 << 20)	/* XML_Parse takes an int length */
#define XML_SPLIT_MIN	(1 << 20)	/* parse files this big in halves */
#define XML_ROOT_MAX	64	/* bytes of the root's qualified name */
#define XML_HEAD_MAX	(64 << 10)	/* root start tag within this */

/* What an open element is to us; one byte per nesting level. */
enum xml_kind {
	K_IGNORE,	/* anything we skip, with all it holds */
	K_REGISTRY,
	K_RECORD,
	K_NAME,		/* the record fields, in enum xml_field order */
	K_PROTOCOL,
	K_NUMBER,
	K_DESC,
	K_UPDATED,	/* the top-level registry's date */
	K_INFIELD,	/* inside a field: its text still counts */
};

enum xml_field { F_NAME, F_PROTOCOL, F_NUMBER, F_DESC, F_UPDATED, F_COUNT };

static const char *const field_tag[F_COUNT] = {
	"name", "protocol", "number", "description", "updated",
};

struct xml_text {
	char *s;
	size_t len, cap;
};

/* The rows of one half, kept until both halves parsed cleanly: string
   fields are offsets into ARENA, or NO_TEXT for a missing element. */
#define NO_TEXT SIZE_MAX
struct xml_row {
	size_t name, proto, desc;
	long port_lo, port_hi;
	unsigned line;
};
struct xml_rows {
	struct xml_row *v;
	size_t n, cap;
	char *arena;
	size_t alen, acap;
};

struct xml_state {
	struct src_ctx *ctx;
	XML_Parser p;
	struct xml_rows *rows;	/* keep rows here, not in ctx's model */
	unsigned line_base;	/* lines before what this parser reads */
	XML_Index done_before;	/* what ends before this byte was
				   handed over already: skip it */
	char root[XML_ROOT_MAX];	/* the root element's qualified name */
	int failed;		/* error reported, parser stopped */
	unsigned depth;
	unsigned char kind[XML_MAX_DEPTH];
	struct xml_text text[F_COUNT];
	int have[F_COUNT];	/* field element seen in this record */
	int cur;		/* field collecting text, or -1 */
	unsigned record_line;
	unsigned field_line;
};

static unsigned
xml_line(struct xml_state *st)
{
	XML_Size l = XML_GetCurrentLineNumber(st->p) + st->line_base;

	return l > UINT_MAX ? UINT_MAX : (unsigned)l;
}

/* Whether the element being reported ended before the byte where an
   earlier parser of the same file stopped, which handed it over. */
static int
handed_over(struct xml_state *st)
{
	return st->done_before &&
	    XML_GetCurrentByteIndex(st->p) < st->done_before;
}

static void
xml_fail(struct xml_state *st)
{
	st->failed = 1;
	XML_StopParser(st->p, XML_FALSE);
}

/* The registry's elements by their local names: a prefix, if the file
   binds one, is dropped.  Expat's namespace processing would build
   "uri|name" for every tag only for us to cut it off again. */
static const char *
local_name(const XML_Char *name)
{
	const char *sep = strchr(name, ':');

	return sep ? sep + 1 : name;
}

static int
text_append(struct xml_state *st, enum xml_field f, const char *s,
    size_t n)
{
	struct xml_text *t = &st->text[f];

	if (n > XML_MAX_TEXT - t->len) {	/* field within its cap? */
		src_error(st->ctx, st->field_line,
		    "text of <%s> longer than %d bytes", field_tag[f],
		    XML_MAX_TEXT);
		return -1;
	}
	if (t->len + n + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 64;
		char *p;

		while (cap < t->len + n + 1)
			cap *= 2;
		p = realloc(t->s, cap);
		if (!p) {
			src_error(st->ctx, st->field_line, "out of memory");
			return -1;
		}
		t->s = p;
		t->cap = cap;
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
	return 0;
}

/* Trim field F in place; NULL when the record had no such element. */
static char *
field_trimmed(struct xml_state *st, enum xml_field f)
{
	struct xml_text *t = &st->text[f];

	if (!st->have[f])
		return NULL;
	if (!t->s)
		return "";
	return src_trim(t->s, t->len);
}

/* Collapse whitespace runs to one space, in place; NULL if nothing left. */
static char *
field_collapsed(struct xml_state *st, enum xml_field f)
{
	return src_collapse(field_trimmed(st, f));
}

/* Copy S into the arena: *OFF is where, NO_TEXT for NULL. */
static int
rows_text(struct xml_rows *rows, const char *s, size_t *off)
{
	size_t n;

	*off = NO_TEXT;
	if (!s)
		return 0;
	n = strlen(s) + 1;
	if (rows->alen + n > rows->acap) {
		size_t cap = rows->acap ? rows->acap : 64 << 10;
		char *p;

		while (cap < rows->alen + n)
			cap *= 2;
		if (!(p = realloc(rows->arena, cap)))
			return -1;
		rows->arena = p;
		rows->acap = cap;
	}
	*off = rows->alen;
	memcpy(rows->arena + rows->alen, s, n);
	rows->alen += n;
	return 0;
}

/* Keep R, copied, for src_add() once both halves are parsed. */
static int
rows_add(struct xml_state *st, const struct record *r)
{
	struct xml_rows *rows = st->rows;
	struct xml_row *w;

	if (rows->n == rows->cap) {
		size_t cap = rows->cap ? 2 * rows->cap : 4096;

		if (!(w = realloc(rows->v, cap * sizeof(*w))))
			return src_error(st->ctx, r->line, "out of memory");
		rows->v = w;
		rows->cap = cap;
	}
	w = &rows->v[rows->n];
	if (rows_text(rows, r->name, &w->name) < 0 ||
	    rows_text(rows, r->proto, &w->proto) < 0 ||
	    rows_text(rows, r->description, &w->desc) < 0)
		return src_error(st->ctx, r->line, "out of memory");
	w->port_lo = r->port_lo;
	w->port_hi = r->port_hi;
	w->line = r->line;
	rows->n++;
	return 0;
}

static void
finish_record(struct xml_state *st)
{
	struct record r;
	char *num;

	if (handed_over(st))
		return;
	memset(&r, 0, sizeof(r));
	r.line = st->record_line;
	r.name = field_trimmed(st, F_NAME);
	r.proto = field_trimmed(st, F_PROTOCOL);
	r.description = field_collapsed(st, F_DESC);
	r.port_lo = r.port_hi = -1;
	num = field_trimmed(st, F_NUMBER);
	if (num && *num && src_parse_ports(num, &r.port_lo, &r.port_hi) < 0) {
		src_error(st->ctx, st->record_line,
		    "invalid port \"%.40s\" in <number>", num);
		xml_fail(st);
		return;
	}
	if (st->rows ? rows_add(st, &r) < 0 : src_add(st->ctx, &r) < 0)
		xml_fail(st);
}

static void
finish_updated(struct xml_state *st)
{
	const char *s = field_trimmed(st, F_UPDATED);
	unsigned y, m, d;
	int i;

	if (handed_over(st))
		return;
	for (i = 0; i < 10; i++)	/* exactly YYYY-MM-DD */
		if (i == 4 || i == 7 ? s[i] != '-' : !(s[i] >= '0' &&
		    s[i] <= '9'))
			break;
	if (i < 10 || s[10] != '\0') {
		src_warn(st->ctx, st->field_line,
		    "invalid registry date \"%.40s\" in <updated>", s);
		return;
	}
	y = (unsigned)strtoul(s, NULL, 10);
	m = (unsigned)strtoul(s + 5, NULL, 10);
	d = (unsigned)strtoul(s + 8, NULL, 10);
	if (m < 1 || m > 12 || d < 1 || d > 31) {
		src_warn(st->ctx, st->field_line,
		    "invalid registry date \"%s\" in <updated>", s);
		return;
	}
	st->ctx->date = y * 10000 + m * 100 + d;
}

static void
start_field(struct xml_state *st, enum xml_field f)
{
	st->have[f] = 1;
	st->text[f].len = 0;
	if (st->text[f].s)
		st->text[f].s[0] = '\0';
	st->cur = f;
	st->field_line = xml_line(st);
}

static enum xml_kind
record_child(struct xml_state *st, const char *name)
{
	enum xml_field f;

	for (f = F_NAME; f <= F_DESC; f++) {
		if (strcmp(name, field_tag[f]) != 0)
			continue;
		if (st->have[f]) {
			if (!handed_over(st))
				src_warn(st->ctx, xml_line(st), "duplicate "
				    "<%s> in <record>, keeping the first",
				    name);
			return K_IGNORE;
		}
		start_field(st, f);
		return (enum xml_kind)(K_NAME + f);
	}
	return K_IGNORE;
}

static enum xml_kind
registry_child(struct xml_state *st, const char *name)
{
	if (strcmp(name, "registry") == 0)
		return K_REGISTRY;
	if (strcmp(name, "record") == 0) {
		memset(st->have, 0, sizeof(st->have));
		st->record_line = xml_line(st);
		return K_RECORD;
	}
	/* Only the outermost registry's date is the file's; nested
	   registries and people carry dates of their own. */
	if (st->depth == 2 && strcmp(name, "updated") == 0) {
		start_field(st, F_UPDATED);
		return K_UPDATED;
	}
	return K_IGNORE;	/* people, title, note, xref, ... */
}

static void XMLCALL
on_start(void *data, const XML_Char *qname, const XML_Char **attrs)
{
	struct xml_state *st = data;
	const char *name = local_name(qname);
	enum xml_kind parent, kind;

	(void)attrs;
	if (st->failed)
		return;
	if (st->depth >= XML_MAX_DEPTH) {
		src_error(st->ctx, xml_line(st),
		    "elements nested deeper than %d levels at <%.40s>",
		    XML_MAX_DEPTH, name);
		xml_fail(st);
		return;
	}
	if (st->depth == 0) {
		if (strlen(qname) < sizeof(st->root))
			strcpy(st->root, qname);
		if (strcmp(name, "registry") != 0) {
			src_error(st->ctx, xml_line(st),
			    "root element is <%.40s>, not <registry>", name);
			xml_fail(st);
			return;
		}
		st->kind[st->depth++] = K_REGISTRY;
		return;
	}
	parent = (enum xml_kind)st->kind[st->depth - 1];
	st->depth++;
	switch (parent) {
	case K_REGISTRY:
		kind = registry_child(st, name);
		break;
	case K_RECORD:
		kind = record_child(st, name);
		break;
	case K_NAME:
	case K_PROTOCOL:
	case K_NUMBER:
	case K_DESC:
	case K_UPDATED:
	case K_INFIELD:
		kind = K_INFIELD;
		/* <br/> separates words; xref text simply runs on. */
		if (st->cur == F_DESC && strcmp(name, "br") == 0 &&
		    text_append(st, F_DESC, " ", 1) < 0)
			xml_fail(st);
		break;
	default:
		kind = K_IGNORE;
		break;
	}
	st->kind[st->depth - 1] = (unsigned char)kind;
}

static void XMLCALL
on_end(void *data, const XML_Char *qname)
{
	struct xml_state *st = data;
	enum xml_kind kind;

	(void)qname;
	if (st->failed || st->depth == 0)
		return;
	kind = (enum xml_kind)st->kind[--st->depth];
	switch (kind) {
	case K_NAME:
	case K_PROTOCOL:
	case K_NUMBER:
	case K_DESC:
		st->cur = -1;
		break;
	case K_UPDATED:
		st->cur = -1;
		finish_updated(st);
		break;
	case K_RECORD:
		finish_record(st);
		break;
	default:
		break;
	}
}

/* Expat may split one run of text over several calls. */
static void XMLCALL
on_text(void *data, const XML_Char *s, int len)
{
	struct xml_state *st = data;

	if (st->failed || st->cur < 0 || len <= 0)
		return;
	if (text_append(st, (enum xml_field)st->cur, s, (size_t)len) < 0)
		xml_fail(st);
}

/* The registry declares no entities; refusing them keeps a hostile file
   from making expat expand its way through memory. */
static void XMLCALL
on_entity(void *data, const XML_Char *name, int is_param,
    const XML_Char *value, int value_len, const XML_Char *base,
    const XML_Char *system_id, const XML_Char *public_id,
    const XML_Char *notation)
{
	struct xml_state *st = data;

	(void)is_param, (void)value, (void)value_len, (void)base;
	(void)system_id, (void)public_id, (void)notation;
	if (st->failed)
		return;
	src_error(st->ctx, xml_line(st),
	    "entity declaration \"%.40s\" not allowed", name);
	xml_fail(st);
}

static int
xml_begin(struct xml_state *st, struct src_ctx *ctx, struct xml_rows *rows)
{
	memset(st, 0, sizeof(*st));
	st->ctx = ctx;
	st->rows = rows;
	st->cur = -1;
	st->p = XML_ParserCreate(NULL);
	if (!st->p)
		return src_error(ctx, 0, "out of memory");
	XML_SetUserData(st->p, st);
	XML_SetElementHandler(st->p, on_start, on_end);
	XML_SetCharacterDataHandler(st->p, on_text);
	XML_SetEntityDeclHandler(st->p, on_entity);
	return 0;
}

/* Parse the next LEN bytes at BUF; FINAL when they end the input. */
static int
xml_feed(struct xml_state *st, const char *buf, size_t len, int final)
{
	size_t off = 0;

	do {
		size_t n = len - off < XML_CHUNK ? len - off : XML_CHUNK;
		int last = final && off + n == len;

		if (XML_Parse(st->p, buf + off, (int)n, last) !=
		    XML_STATUS_OK) {
			if (!st->failed)
				src_error(st->ctx, xml_line(st),
				    "invalid xml: %s", XML_ErrorString(
				    XML_GetErrorCode(st->p)));
			return -1;
		}
		off += n;
	} while (off < len);
	return 0;
}

static void
xml_end(struct xml_state *st)
{
	int i;

	if (st->p)
		XML_ParserFree(st->p);
	for (i = 0; i < F_COUNT; i++)
		free(st->text[i].s);
}

/* One parser over the whole file; what ends before byte DONE_BEFORE
   was handed over by an earlier parse (0: none). */
static int
read_serial(struct src_ctx *ctx, const char *buf, size_t len,
    size_t done_before)
{
	struct xml_state st;
	int rc;

	if (xml_begin(&st, ctx, NULL) < 0)
		return -1;
	st.done_before = (XML_Index)done_before;
	rc = xml_feed(&st, buf, len, 1);
	xml_end(&st);
	return rc;
}

int
src_xml_read_serial(struct src_ctx *ctx, const char *buf, size_t len)
{
	return read_serial(ctx, buf, len, 0);
}

/* Parsing the registry in two halves at once, one per thread, halves
   the compile on two cores: expat is most of it.  The file is cut
   before a <record> start tag a little before the middle
   (SRC_XML_CUT_PERCENT).
   - The first half is parsed on this thread, straight into the model
     as one parser would, with the root's end tag after it.  If the cut
     fell anywhere but between two children of the root (in a comment,
     a CDATA section, a nested element), that end tag cannot close the
     root and the half fails at its very end.
   - The second half is parsed on a thread of its own, with the file's
     XML declaration and the root's start tag before it.  It keeps its
     rows aside and prints nothing.  When both went through, its rows
     go to the model after the first half's.
   - So the messages come out as one parser prints them.  An error in
     the first half's own bytes is the file's error.  Any other doubt (a
     bad cut, an error or a warning in the second half) and one parser
     reads the file again, skipping what the first half handed over. */
struct xml_half {
	struct xml_state st;
	struct src_ctx ctx;	/* private: nothing printed from a half */
	struct xml_rows rows;
	const char *head;	/* what goes before the bytes: declaration */
	size_t head_len;
	unsigned head_lines;	/* line breaks in HEAD */
	const char *whole, *buf;	/* the file, and this half of it */
	size_t len;
	int rc;
};

unsigned src_xml_halves;

static unsigned
count_lines(const char *p, const char *end)
{
	unsigned n = 0;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		p++;
		n++;
	}
	return n;
}

static void *
second_half(void *arg)
{
	struct xml_half *h = arg;

	/* Counted here, off the first half's thread, which takes longer. */
	h->st.line_base = count_lines(h->whole, h->buf) - h->head_lines;
	h->rc = xml_feed(&h->st, h->head, h->head_len, 0);
	if (h->rc == 0)
		h->rc = xml_feed(&h->st, h->buf, h->len, 1);
	return NULL;
}

static int
is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' ||
	    c == ':';
}

/* Where a "<record" or "<prefix:record" start tag begins, at or after
   FROM; 0 if none. */
static size_t
find_cut(const char *buf, size_t len, size_t from)
{
	const char *p = buf + from, *end = buf + len, *q, *t;

	while ((p = memmem(p, (size_t)(end - p), "record", 6)) != NULL) {
		t = p;
		p += 6;
		if (p >= end || !(*p == '>' || src_is_space(*p)))
			continue;
		for (q = t; q > buf && is_name_char(q[-1]); q--)
			;
		if (q > buf && q[-1] == '<' && (q == t || t[-1] == ':'))
			return (size_t)(q - 1 - buf);
	}
	return 0;
}

/* Hand the rows of the second half to the model, in order. */
static int
replay(struct src_ctx *ctx, const struct xml_rows *rows)
{
	struct record r;
	size_t i;

	for (i = 0; i < rows->n; i++) {
		const struct xml_row *w = &rows->v[i];

		memset(&r, 0, sizeof(r));
		r.name = w->name == NO_TEXT ? NULL : rows->arena + w->name;
		r.proto = w->proto == NO_TEXT ? NULL : rows->arena + w->proto;
		r.description = w->desc == NO_TEXT ? NULL :
		    rows->arena + w->desc;
		r.port_lo = w->port_lo;
		r.port_hi = w->port_hi;
		r.line = w->line;
		if (src_add(ctx, &r) < 0)
			return -1;
	}
	return 0;
}

/* The second half's head: the first half's XML declaration, if any, and
   the root's start tag; *LINES is the line count it adds.  0, or -1 if
   there is no room. */
static int
second_head(char *head, size_t size, const char *buf, size_t first,
    const char *root, size_t *len, unsigned *lines)
{
	const char *decl_end;
	size_t decl = 0;
	int n;

	if (first > 5 && memcmp(buf, "<?xml", 5) == 0) {
		if (!(decl_end = memmem(buf, first, "?>", 2)))
			return -1;
		decl = (size_t)(decl_end + 2 - buf);
	}
	if (decl >= size)
		return -1;
	memcpy(head, buf, decl);
	n = snprintf(head + decl, size - decl, "<%s>", root);
	if (n < 0 || (size_t)n >= size - decl)
		return -1;
	*len = decl + (size_t)n;
	*lines = count_lines(head, head + *len);
	return 0;
}

/* 1: read it serially instead; else the result. */
static int
read_halves(struct src_ctx *ctx, const char *buf, size_t len)
{
	char head[XML_HEAD_MAX + XML_ROOT_MAX + 4], tail[XML_ROOT_MAX + 4];
	struct xml_half b;
	struct xml_state a;
	size_t cut, first, fed, n;
	pthread_t thread;
	int rc, b_ok;

	/* Lines carry over by counting LFs: to expat a CR is a line break
	   of its own.  A declaration and a tag can go before the second
	   half only of an ASCII-compatible file (not UTF-16). */
	if (memchr(buf, '\r', len) || buf[0] != '<')
		return 1;
	if (!(cut = find_cut(buf, len, len / 100 * SRC_XML_CUT_PERCENT)))
		return 1;
	first = cut < XML_HEAD_MAX ? cut : XML_HEAD_MAX;

	/* The first half as far as the root's start tag: its name. */
	if (xml_begin(&a, ctx, NULL) < 0)
		return -1;
	for (fed = 0; !a.root[0] && fed < first; fed += n) {
		n = first - fed < 4096 ? first - fed : 4096;
		if (xml_feed(&a, buf + fed, n, 0) < 0) {
			xml_end(&a);
			return -1;	/* the file's own error */
		}
	}
	/* From here on the first half has handed rows over: if the second
	   cannot start, the first reads on alone, as one parser. */
	memset(&b, 0, sizeof(b));
	b.ctx = *ctx;
	b.ctx.model = NULL;	/* its rows go to b.rows */
	b.ctx.quiet = 1;
	b.ctx.warnings = 0;
	b.ctx.date = 0;		/* only a date of its own counts */
	b.ctx.error[0] = '\0';
	b.head = head;
	b.whole = buf;
	b.buf = buf + cut;
	b.len = len - cut;
	if (!a.root[0] || second_head(head, sizeof(head), buf, fed, a.root,
	    &b.head_len, &b.head_lines) < 0 || xml_begin(&b.st, &b.ctx,
	    &b.rows) < 0 || pthread_create(&thread, NULL, second_half,
	    &b) != 0) {
		rc = xml_feed(&a, buf + fed, len - fed, 1);
		goto done;
	}

	rc = xml_feed(&a, buf + fed, cut - fed, 0);
	if (rc == 0) {
		snprintf(tail, sizeof(tail), "</%s>", a.root);
		/* A bad cut fails here, or leaves the root open. */
		if (xml_feed(&a, tail, strlen(tail), 1) < 0 || a.depth != 0) {
			ctx->error[0] = '\0';
			rc = 1;
		}
	}
	pthread_join(thread, NULL);
	b_ok = b.rc == 0 && !b.st.failed && b.ctx.warnings == 0;
	if (rc == 0 && b_ok) {
		if (b.ctx.date)		/* the last <updated> wins */
			ctx->date = b.ctx.date;
		rc = replay(ctx, &b.rows);
		src_xml_halves++;
	} else if (rc >= 0) {
		rc = read_serial(ctx, buf, len, cut);
	}
done:
	xml_end(&a);
	xml_end(&b.st);
	free(b.rows.v);
	free(b.rows.arena);
	return rc;
}

int
src_xml_read_split(struct src_ctx *ctx, const char *buf, size_t len)
{
	int rc = read_halves(ctx, buf, len);

	return rc == 1 ? src_xml_read_serial(ctx, buf, len) : rc;
}

/* Whether this process may run on two CPUs or more. */
static int
two_cpus(void)
{
	cpu_set_t set;

	return sched_getaffinity(0, sizeof(set), &set) == 0 &&
	    CPU_COUNT(&set) >= 2;
}

int
src_xml_read(struct src_ctx *ctx, const char *buf, size_t len)
{
	/* On one CPU the halves take turns, and keeping the second's rows
	   aside costs more than it saves (measured: 6% slower). */
	if (len >= XML_SPLIT_MIN && two_cpus())
		return src_xml_read_split(ctx, buf, len);
	return src_xml_read_serial(ctx, buf, len);
}
