/* SPDX-License-Identifier: MIT */
/* Sources: messages, the checks every row passes, format detection. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipdb.h"
#include "model.h"

static void
vmessage(char *buf, size_t size, const struct src_ctx *ctx, unsigned line,
    const char *fmt, va_list ap)
{
	int n;

	n = line ? snprintf(buf, size, "%s:%u: ", ctx->path, line) :
	    snprintf(buf, size, "%s: ", ctx->path);
	if (n < 0 || (size_t)n >= size)
		return;
	vsnprintf(buf + n, size - (size_t)n, fmt, ap);
	/* Messages quote the input, which may hold newlines: keep each
	   message on one line. */
	for (; buf[n]; n++)
		if ((unsigned char)buf[n] < 0x20 || buf[n] == 0x7f)
			buf[n] = ' ';
}

int
src_error(struct src_ctx *ctx, unsigned line, const char *fmt, ...)
{
	va_list ap;

	/* The first error is the one worth reporting. */
	if (ctx->error[0])
		return -1;
	va_start(ap, fmt);
	vmessage(ctx->error, sizeof(ctx->error), ctx, line, fmt, ap);
	va_end(ap);
	return -1;
}

void
src_warn(struct src_ctx *ctx, unsigned line, const char *fmt, ...)
{
	va_list ap;

	ctx->warnings++;
	va_start(ap, fmt);
	vmessage(ctx->warning, sizeof(ctx->warning), ctx, line, fmt, ap);
	va_end(ap);
	if (!ctx->quiet)
		fprintf(stderr, "ianaports: warning: %s\n", ctx->warning);
}

int
src_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

char *
src_trim(char *s, size_t len)
{
	char *e = s + len;

	while (s < e && src_is_space(*s))
		s++;
	while (e > s && src_is_space(e[-1]))
		e--;
	*e = '\0';
	return s;
}

char *
src_collapse(char *s)
{
	char *r, *w;

	if (!s || !*s)
		return NULL;
	for (r = w = s; *r; r++) {
		if (src_is_space(*r)) {
			if (w[-1] != ' ')	/* s starts with non-space */
				*w++ = ' ';
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return s;
}

/* Read up to nine digits at *S; more could overflow and are no port. */
static int
read_port(const char **s, long *v)
{
	const char *p = *s;
	long n = 0;

	while (*p >= '0' && *p <= '9' && p - *s < 10)
		n = n * 10 + (*p++ - '0');
	if (p == *s || p - *s > 9)
		return -1;
	*s = p;
	*v = n;
	return 0;
}

int
src_parse_ports(const char *s, long *lo, long *hi)
{
	if (read_port(&s, lo) < 0)
		return -1;
	if (*s == '\0') {
		*hi = *lo;
		return 0;
	}
	if (*s++ != '-' || read_port(&s, hi) < 0 || *s != '\0')
		return -1;
	return 0;
}

/* A name must be printable, without blanks, to be served: a services(5)
   line could not even hold anything else.  The database holds names of
   up to IPDB_MAX_NAME bytes (RFC 6335 allows 15). */
static int
name_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!*p || strlen(s) > IPDB_MAX_NAME)
		return 0;
	for (; *p; p++)
		if (*p <= ' ' || *p == 0x7f || *p == '#')
			return 0;
	return 1;
}

int
src_add(struct src_ctx *ctx, const struct record *r)
{
	const char *why = NULL;
	size_t i;

	if (r->port_lo > 65535 || r->port_hi > 65535)
		return src_error(ctx, r->line, "port %ld out of range (0-65535)",
		    r->port_lo > 65535 ? r->port_lo : r->port_hi);
	if (r->port_lo < -1 || r->port_hi < -1 ||
	    (r->port_lo < 0) != (r->port_hi < 0))
		return src_error(ctx, r->line, "invalid port");
	if (r->port_lo > r->port_hi)
		return src_error(ctx, r->line, "port range %ld-%ld runs backwards",
		    r->port_lo, r->port_hi);
	/* Unassigned and Reserved rows, and name-only registrations. */
	if (!r->name || !*r->name || r->port_lo < 0) {
		ctx->model->skipped++;
		return 0;
	}
	/* The registry has held names with blanks: no services(5) line or
	   getent query could carry them, so they are skipped, not fatal. */
	if (!name_ok(r->name)) {
		if (strlen(r->name) > IPDB_MAX_NAME)
			src_warn(ctx, r->line, "skipped: service name longer "
			    "than %d bytes: \"%.40s...\"", IPDB_MAX_NAME,
			    r->name);
		else
			src_warn(ctx, r->line, "skipped: invalid service "
			    "name \"%s\"", r->name);
		ctx->model->skipped++;
		return 0;
	}
	if (r->proto && *r->proto && !name_ok(r->proto)) {
		src_warn(ctx, r->line, "skipped: invalid protocol \"%s\"",
		    r->proto);
		ctx->model->skipped++;
		return 0;
	}
	for (i = 0; i < r->naliases; i++)
		if (!name_ok(r->aliases[i]))
			return src_error(ctx, r->line, "invalid alias \"%s\"",
			    r->aliases[i]);
	switch (model_add(ctx->model, r, &why)) {
	case -1:
		return src_error(ctx, r->line, "%s", why);
	case 1:
		src_warn(ctx, r->line, "duplicate row: %s %ld%s%s", r->name,
		    r->port_lo, r->proto && *r->proto ? "/" : "",
		    r->proto ? r->proto : "");
	}
	return 0;
}

const char *
src_format_name(enum src_format f)
{
	switch (f) {
	case SRC_XML:		return "IANA XML";
	case SRC_CSV:		return "IANA CSV";
	case SRC_TEXT:		return "IANA text";
	case SRC_SERVICES:	return "services(5)";
	case SRC_DB:		return "ianaports database";
	default:		return "unknown";
	}
}

/* Whether the LEN bytes at P contain the text S. */
static int
contains(const char *p, size_t len, const char *s)
{
	return memmem(p, len, s, strlen(s)) != NULL;
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

enum src_format
src_detect(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len, *nl;
	size_t head = len < 65536 ? len : 65536;

	if (len >= IPDB_MAGIC_LEN && !memcmp(p, IPDB_MAGIC, IPDB_MAGIC_LEN))
		return SRC_DB;
	if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
		p += 3;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' ||
	    *p == '\n'))
		p++;
	if (p < end && *p == '<')
		return SRC_XML;
	if ((size_t)(end - p) >= 25 && !memcmp(p, "Service Name,Port Number", 24))
		return SRC_CSV;
	if (contains(buf, head, "Service Name and Transport Protocol Port "
	    "Number Registry") && contains(buf, len, "\nService Name Port "))
		return SRC_TEXT;
	/* services(5): blank, comment, or "name port/proto" lines only;
	   an empty file is an empty services file. */
	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		while (p < nl && (*p == ' ' || *p == '\t'))
			p++;
		if (p == nl || *p == '#' || *p == '\r')
			continue;
		return services_line(p, nl) ? SRC_SERVICES : SRC_UNKNOWN;
	}
	return SRC_SERVICES;
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
	int rc;

	if (src_load(ctx, path, &buf, &len) < 0)
		return -1;
	rows = ctx->model->nrecords + ctx->model->skipped;
	switch ((format = src_detect(buf, len))) {
	case SRC_XML:		rc = src_xml_read(ctx, buf, len); break;
	case SRC_CSV:		rc = src_csv_read(ctx, buf, len); break;
	case SRC_TEXT:		rc = src_text_read(ctx, buf, len); break;
	case SRC_SERVICES:	rc = src_services_read(ctx, buf, len); break;
	case SRC_DB:		rc = src_db_read(ctx, buf, len); break;
	default:
		rc = src_error(ctx, 0, "unknown format: not IANA XML, CSV, "
		    "text, nor a services(5) file");
	}
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
