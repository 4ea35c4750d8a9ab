/* SPDX-License-Identifier: MIT */
/* Sources: which format a file is, and reading it with its parser. */
#include <stdlib.h>
#include <string.h>

#include "ipdb.h"
#include "source.h"

/* Whether the LEN bytes at P contain the text S. */
static int
contains(const char *p, size_t len, const char *s)
{
	return memmem(p, len, s, strlen(s)) != NULL;
}

/* Where the content of BUF starts: past a UTF-8 byte order mark and
   blank lines. */
static const char *
content_start(const char *buf, size_t len)
{
	const char *p = buf + src_bom(buf, len), *end = buf + len;

	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' ||
	    *p == '\n'))
		p++;
	return p;
}

static int
is_db(const char *buf, size_t len)
{
	return len >= IPDB_MAGIC_LEN && !memcmp(buf, IPDB_MAGIC,
	    IPDB_MAGIC_LEN);
}

static int
is_xml(const char *buf, size_t len)
{
	const char *p = content_start(buf, len);

	return p < buf + len && *p == '<';
}

static int
is_csv(const char *buf, size_t len)
{
	const char *p = content_start(buf, len);

	return (size_t)(buf + len - p) >= 25 &&
	    !memcmp(p, "Service Name,Port Number", 24);
}

static int
is_text(const char *buf, size_t len)
{
	size_t head = len < 65536 ? len : 65536;

	return contains(buf, head, "Service Name and Transport Protocol "
	    "Port Number Registry") &&
	    contains(buf, len, "\nService Name Port ");
}

/* Whether LINE (up to END) looks like "name port/proto ...". */
static int
services_line(const char *p, const char *end)
{
	while (p < end && *p != ' ' && *p != '\t')
		p++;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == end || *p < '0' || *p > '9')
		return 0;
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	return p < end && *p == '/';
}

/* services(5): blank, comment, or "name port/proto" lines only; an
   empty file is an empty services file. */
static int
is_services(const char *buf, size_t len)
{
	const char *p = content_start(buf, len), *end = buf + len, *nl;

	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		while (p < nl && (*p == ' ' || *p == '\t'))
			p++;
		if (p == nl || *p == '#' || *p == '\r')
			continue;
		return services_line(p, nl);
	}
	return 1;
}

/* The formats, in the order they are told apart: the first whose
   detector takes the content is its format.  A new format is one row
   here and its parser in a src_*.c file. */
static const struct src_format_row {
	enum src_format format;
	const char *name;
	int (*detect)(const char *buf, size_t len);
	int (*read)(struct src_ctx *ctx, const char *buf, size_t len);
} formats[] = {
	{ SRC_DB,	"ianaports database", is_db,	src_db_read },
	{ SRC_XML,	"IANA XML",	is_xml,		src_xml_read },
	{ SRC_CSV,	"IANA CSV",	is_csv,		src_csv_read },
	{ SRC_TEXT,	"IANA text",	is_text,	src_text_read },
	{ SRC_SERVICES,	"services(5)",	is_services,	src_services_read },
};
#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

static const struct src_format_row *
format_row(enum src_format f)
{
	size_t i;

	for (i = 0; i < NFORMATS; i++)
		if (formats[i].format == f)
			return &formats[i];
	return NULL;
}

const char *
src_format_name(enum src_format f)
{
	const struct src_format_row *row = format_row(f);

	return row ? row->name : "unknown";
}

enum src_format
src_detect(const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < NFORMATS; i++)
		if (formats[i].detect(buf, len))
			return formats[i].format;
	return SRC_UNKNOWN;
}

/* Keep DATE as the model's registry date if it is the newest so far and
   the source is the WHOLE registry; an excerpt's date is only noted, so
   that it is never reported as the registry's.  A database read back
   counts as whole: its date was judged when it was compiled. */
static void
take_date(struct model *m, uint32_t date, int whole)
{
	if (whole && date > m->date)
		m->date = date;
	else if (!whole && date > m->excerpt_date)
		m->excerpt_date = date;
}

int
src_read_file(struct src_ctx *ctx, const char *path)
{
	char *buf;
	size_t len, rows;
	enum src_format format;
	const struct src_format_row *row;
	int rc;

	if (src_load(ctx, path, &buf, &len) < 0)
		return -1;
	rows = ctx->model->nrecords + ctx->model->skipped;
	format = src_detect(buf, len);
	if ((row = format_row(format)))
		rc = row->read(ctx, buf, len);
	else
		rc = src_error(ctx, 0, "unknown format: not IANA XML, CSV, "
		    "text, nor a services(5) file");
	if (rc == 0) {
		rows = ctx->model->nrecords + ctx->model->skipped - rows;
		ctx->model->nsources++;
		take_date(ctx->model, ctx->date, format == SRC_DB ||
		    rows >= SRC_REGISTRY_MIN_ROWS);
	}
	ctx->model->warnings += ctx->warnings;
	free(buf);
	return rc;
}

uint32_t
src_file_date(const char *path)
{
	struct model m;
	struct src_ctx ctx = { .path = path, .model = &m, .quiet = 1 };
	uint32_t date;

	model_init(&m);
	date = src_read_file(&ctx, path) == 0 ? m.date : 0;
	model_free(&m);
	return date;
}
