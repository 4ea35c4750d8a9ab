/* SPDX-License-Identifier: MIT */
/* Parser for services(5) files such as netbase's /etc/services. */
#include <stdlib.h>
#include <string.h>

#include "model.h"

#define SERVICES_MAX_ALIASES 255

static int
is_blank(unsigned char c)
{
	/* '\r' makes CRLF files work; NUL is a blank so that a stray NUL
	   cannot silently cut a copied token short. */
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' ||
	    c == '\0';
}

/* Copy the next token of LINE[0..LEN) at or after *POS to *DST as a C
   string, advancing both; returns NULL at the end of the line. */
static char *
take_tok(const char *line, size_t len, size_t *pos, char **dst)
{
	size_t i = *pos, start;
	char *s = *dst;

	while (i < len && is_blank((unsigned char)line[i]))
		i++;
	if (i == len)
		return NULL;
	start = i;
	while (i < len && !is_blank((unsigned char)line[i]))
		i++;
	memcpy(s, line + start, i - start);
	s[i - start] = '\0';
	*dst += i - start + 1;
	*pos = i;
	return s;
}

/* The port of "PORT/PROTO": decimal digits only, so ranges and signs are
   refused; -1 when invalid or over 65535. */
static long
parse_port(const char *s, size_t n)
{
	long v = 0;
	size_t i;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
		if (v > 65535)
			return -1;	/* also keeps V from overflowing */
	}
	return v;
}

/* Parse one line; SCRATCH has room for 2 * LEN + 1 bytes. */
static int
services_line(struct src_ctx *ctx, const char *line, size_t len,
    unsigned lineno, char *scratch)
{
	const char *aliases[SERVICES_MAX_ALIASES];
	struct record r = { .line = lineno, .aliases = aliases };
	const char *hash = memchr(line, '#', len);
	size_t n = hash ? (size_t)(hash - line) : len;
	size_t pos = 0;
	char *out = scratch, *pp, *slash, *a;

	if (!(r.name = take_tok(line, n, &pos, &out)))
		return 0;	/* blank or comment-only line */
	if (!(pp = take_tok(line, n, &pos, &out)))
		return src_error(ctx, lineno,
		    "missing port/protocol after \"%s\"", r.name);
	slash = strchr(pp, '/');
	if (!slash)
		return src_error(ctx, lineno, "invalid port/protocol \"%s\"",
		    pp);
	r.port_lo = r.port_hi = parse_port(pp, (size_t)(slash - pp));
	if (r.port_lo < 0)
		return src_error(ctx, lineno, "invalid port \"%s\"", pp);
	if (!slash[1])
		return src_error(ctx, lineno, "missing protocol in \"%s\"", pp);
	r.proto = slash + 1;

	while ((a = take_tok(line, n, &pos, &out))) {
		if (r.naliases == SERVICES_MAX_ALIASES) {
			src_warn(ctx, lineno,
			    "too many aliases for \"%s\", keeping %d", r.name,
			    SERVICES_MAX_ALIASES);
			break;
		}
		aliases[r.naliases++] = a;
	}

	if (hash) {
		const char *c = hash + 1, *end = line + len;

		while (c < end && is_blank((unsigned char)*c))
			c++;
		while (end > c && is_blank((unsigned char)end[-1]))
			end--;
		if (end > c) {
			size_t i, dn = (size_t)(end - c);

			for (i = 0; i < dn; i++)
				out[i] = c[i] ? c[i] : ' ';
			out[dn] = '\0';
			r.description = out;
		}
	}
	if (!r.naliases)
		r.aliases = NULL;
	return src_add(ctx, &r);
}

int
src_services_read(struct src_ctx *ctx, const char *buf, size_t len)
{
	unsigned lineno = 0;
	size_t off = 0, cap = 0;
	char *scratch = NULL;
	int ret = 0;

	if (src_no_nul(ctx, buf, len) < 0)
		return -1;
	while (off < len && ret == 0) {
		const char *line = buf + off;
		const char *nl = memchr(line, '\n', len - off);
		size_t n = nl ? (size_t)(nl - line) : len - off;

		off += n + (nl != NULL);
		lineno++;
		/* Each token is copied with a NUL after it: at most 2n+1. */
		if (2 * n + 1 > cap) {
			char *p = realloc(scratch, 2 * n + 1);

			if (!p) {
				ret = src_error(ctx, lineno, "out of memory");
				break;
			}
			scratch = p;
			cap = 2 * n + 1;
		}
		ret = services_line(ctx, line, n, lineno, scratch);
	}
	free(scratch);
	return ret;
}
