/* SPDX-License-Identifier: MIT */
/* What every parser calls: messages, the checks every row passes, and
   the small readers they share.  A leaf: it includes no parser. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipdb.h"
#include "source.h"
#include "xalloc.h"

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
		if (src_is_control((unsigned char)buf[n]))
			buf[n] = ' ';
}

int
src_is_control(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

void
src_put(FILE *out, const char *s, int width)
{
	const char *p;

	for (p = s; *p; p++)
		putc(src_is_control((unsigned char)*p) ? ' ' : *p, out);
	for (; p - s < width; p++)
		putc(' ', out);
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

size_t
src_bom(const char *buf, size_t len)
{
	return len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3) ? 3 : 0;
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

uint32_t
src_parse_date(const char *s, size_t n)
{
	uint32_t part[3] = { 0, 0, 0 };	/* year, month, day */
	size_t i, k = 0;

	if (n != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			k++;
		else if (s[i] >= '0' && s[i] <= '9')
			part[k] = part[k] * 10 + (uint32_t)(s[i] - '0');
		else
			return 0;
	}
	if (part[0] == 0 || part[1] < 1 || part[1] > 12 || part[2] < 1 ||
	    part[2] > 31)
		return 0;
	return part[0] * 10000 + part[1] * 100 + part[2];
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

/* Whether alias A of R may be served; if not, a warning naming its
   line says it is dropped. */
static int
alias_ok(struct src_ctx *ctx, const struct record *r, const char *a)
{
	if (name_ok(a))
		return 1;
	if (strlen(a) > IPDB_MAX_NAME)
		src_warn(ctx, r->line, "dropped: alias of \"%s\" longer than "
		    "%d bytes: \"%.40s...\"", r->name, IPDB_MAX_NAME, a);
	else
		src_warn(ctx, r->line, "dropped: invalid alias \"%s\" of "
		    "\"%s\"", a, r->name);
	return 0;
}

/* The aliases of R that may be served, in their order (malloc'd); *N
   gets their count.  A bad alias costs only itself, as a bad name costs
   only its line: a line of /etc/services, read first by default, must
   not stop every compile for one stray byte. */
static const char **
good_aliases(struct src_ctx *ctx, const struct record *r, size_t *n)
{
	const char **kept = xreallocarray(NULL, r->naliases, sizeof(*kept));
	size_t i;

	*n = 0;
	for (i = 0; i < r->naliases; i++)
		if (alias_ok(ctx, r, r->aliases[i]))
			kept[(*n)++] = r->aliases[i];
	return kept;
}

/* Hand R, checked, to the model. */
static int
add_record(struct src_ctx *ctx, const struct record *r)
{
	const char *why = NULL;

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

int
src_add(struct src_ctx *ctx, const struct record *r)
{
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
	if (r->naliases) {
		struct record good = *r;
		const char **kept;
		int rc;

		kept = good_aliases(ctx, r, &good.naliases);
		good.aliases = good.naliases ? kept : NULL;
		rc = add_record(ctx, &good);
		free(kept);
		return rc;
	}
	return add_record(ctx, r);
}

int
src_next_line(const char *buf, size_t len, size_t *off, const char **line,
    size_t *n)
{
	const char *nl;

	if (*off >= len)
		return 0;
	*line = buf + *off;
	nl = memchr(*line, '\n', len - *off);
	*n = nl ? (size_t)(nl - *line) : len - *off;
	*off += *n + (nl != NULL);
	return 1;
}

int
src_table_row(struct record *r, unsigned line, const char *name,
    const char *proto, const char *desc, const char *port)
{
	memset(r, 0, sizeof(*r));
	r->line = line;
	r->name = name;
	r->proto = proto;
	r->description = desc;
	r->port_lo = r->port_hi = -1;
	if (port && *port && src_parse_ports(port, &r->port_lo,
	    &r->port_hi) < 0)
		return -1;
	return 0;
}

/* The value of digit C in BASE, or -1. */
static int
digit(char c, int base)
{
	int d = c >= '0' && c <= '9' ? c - '0' :
	    c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	    c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

	return d < base ? d : -1;
}

/* The digits in BASE at *S (up to END), *S moved past them; -1 when
   there is none. */
static long
port_digits(const char **s, const char *end, int base)
{
	const char *p = *s;
	long v = 0;
	int d;

	for (; p < end && (d = digit(*p, base)) >= 0; p++)
		if (v < 1000000)
			v = v * base + d;
	if (p == *s)
		return -1;
	*s = p;
	return v;
}

long
src_port_field(const char *s, const char *end, unsigned flags, long *hi,
    const char **after)
{
	int base = 10;
	long lo;

	if (flags & SRC_PORT_C) {
		if (s < end && *s == '+')
			s++;
		if (end - s > 2 && s[0] == '0' && (s[1] == 'x' ||
		    s[1] == 'X') && digit(s[2], 16) >= 0)
			base = 16, s += 2;
		else if (s < end && s[0] == '0')
			base = 8;
	}
	*hi = lo = port_digits(&s, end, base);
	if (lo >= 0 && (flags & SRC_PORT_RANGE) && s < end && *s == '-') {
		s++;
		*hi = port_digits(&s, end, 10);
	}
	*after = s;
	return lo;
}

void
src_buf_put(struct src_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;

		while (cap < b->len + n + 1)
			cap *= 2;
		b->s = xrealloc(b->s, cap);
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}
