/* SPDX-License-Identifier: MIT */
/* Parse IANA's service-names-port-numbers.xml with expat into records. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>

#include "source.h"
#include "xalloc.h"

#define XML_MAX_TEXT	65536	/* bytes of text one field may hold */
#define XML_MAX_DEPTH	256	/* the registry nests five deep */
#define XML_CHUNK	(1 << 20)	/* XML_Parse takes an int length */

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

struct xml_state {
	struct src_ctx *ctx;
	XML_Parser p;
	int failed;		/* error reported, parser stopped */
	unsigned depth;
	unsigned char kind[XML_MAX_DEPTH];
	struct src_buf text[F_COUNT];
	int have[F_COUNT];	/* field element seen in this record */
	int cur;		/* field collecting text, or -1 */
	unsigned record_line;
	unsigned field_line;
};

static unsigned
xml_line(struct xml_state *st)
{
	XML_Size l = XML_GetCurrentLineNumber(st->p);

	return l > UINT_MAX ? UINT_MAX : (unsigned)l;
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
	struct src_buf *t = &st->text[f];

	if (n > XML_MAX_TEXT - t->len) {	/* field within its cap? */
		src_error(st->ctx, st->field_line,
		    "text of <%s> longer than %d bytes", field_tag[f],
		    XML_MAX_TEXT);
		return -1;
	}
	src_buf_put(t, s, n);
	return 0;
}

/* Trim field F in place; NULL when the record had no such element. */
static char *
field_trimmed(struct xml_state *st, enum xml_field f)
{
	struct src_buf *t = &st->text[f];

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

static void
finish_record(struct xml_state *st)
{
	struct record r;
	char *num;

	num = field_trimmed(st, F_NUMBER);
	if (src_table_row(&r, st->record_line, field_trimmed(st, F_NAME),
	    field_trimmed(st, F_PROTOCOL), field_collapsed(st, F_DESC),
	    num) < 0) {
		src_error(st->ctx, st->record_line,
		    "invalid port \"%.40s\" in <number>", num);
		xml_fail(st);
		return;
	}
	if (src_add(st->ctx, &r) < 0)
		xml_fail(st);
}

static void
finish_updated(struct xml_state *st)
{
	const char *s = field_trimmed(st, F_UPDATED);
	uint32_t date = src_parse_date(s, strlen(s));

	if (!date)
		src_warn(st->ctx, st->field_line,
		    "invalid registry date \"%.40s\" in <updated>", s);
	else
		st->ctx->date = date;
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
			src_warn(st->ctx, xml_line(st),
			    "duplicate <%s> in <record>, keeping the first",
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

static const XML_Memory_Handling_Suite xml_memory = {
	xmalloc, xrealloc, free,
};

static int
xml_begin(struct xml_state *st, struct src_ctx *ctx)
{
	memset(st, 0, sizeof(*st));
	st->ctx = ctx;
	st->cur = -1;
	/* Expat allocates through xalloc.h too: one out-of-memory policy. */
	st->p = XML_ParserCreate_MM(NULL, &xml_memory, NULL);
	if (!st->p)
		return src_error(ctx, 0, "cannot create an XML parser");
	XML_SetUserData(st->p, st);
	XML_SetElementHandler(st->p, on_start, on_end);
	XML_SetCharacterDataHandler(st->p, on_text);
	XML_SetEntityDeclHandler(st->p, on_entity);
	return 0;
}

/* Parse the LEN bytes at BUF, the whole input. */
static int
xml_feed(struct xml_state *st, const char *buf, size_t len)
{
	size_t off = 0;

	do {
		size_t n = len - off < XML_CHUNK ? len - off : XML_CHUNK;
		int last = off + n == len;

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

int
src_xml_read(struct src_ctx *ctx, const char *buf, size_t len)
{
	struct xml_state st;
	int rc;

	if (xml_begin(&st, ctx) < 0)
		return -1;
	rc = xml_feed(&st, buf, len);
	xml_end(&st);
	return rc;
}
