/* SPDX-License-Identifier: MIT */
/* Parser for services(5) files such as netbase's /etc/services. */
#include <stdlib.h>
#include <string.h>

#include "source.h"
#include "xalloc.h"

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

/* Skip the line LINENO with a warning saying WHY about TOK; 0, so that
   the rest of the file is read (--strict makes it fatal). */
static int
skip_line(struct src_ctx *ctx, unsigned lineno, const char *why,
    const char *tok)
{
	src_warn(ctx, lineno, "skipped: %s \"%s\"", why, tok);
	ctx->model->skipped++;
	return 0;
}

/* Parse one line; SCRATCH has room for 2 * LEN + 1 bytes.  The syntax is
   nss_files' (files-service.c): NAME PORT/PROTO [ALIAS...] [# comment],
   blanks between.  A line it would skip is skipped with a warning; so is
   one it would serve wrongly: a port over 65535 (it takes the port
   modulo 65536) or no protocol (served for none of tcp, udp). */
static int
services_line(struct src_ctx *ctx, const char *line, size_t len,
    unsigned lineno, char *scratch)
{
	const char *aliases[SERVICES_MAX_ALIASES];
	struct record r = { .line = lineno, .aliases = aliases };
	const char *hash = memchr(line, '#', len);
	size_t n = hash ? (size_t)(hash - line) : len;
	size_t pos = 0;
	const char *rest;
	char *out = scratch, *pp, *a;

	if (!(r.name = take_tok(line, n, &pos, &out)))
		return 0;	/* blank or comment-only line */
	if (!(pp = take_tok(line, n, &pos, &out)))
		return skip_line(ctx, lineno, "no port/protocol after",
		    r.name);
	/* The port as glibc's nss_files reads it: strtoul with base 0. */
	r.port_lo = src_port_field(pp, pp + strlen(pp), SRC_PORT_C,
	    &r.port_hi, &rest);
	if (r.port_lo < 0 || (*rest && *rest != '/'))
		return skip_line(ctx, lineno, "invalid port", pp);
	if (r.port_lo > 65535)
		return skip_line(ctx, lineno, "port out of range (0-65535)",
		    pp);
	while (*rest == '/')
		rest++;
	if (!*rest)
		return skip_line(ctx, lineno, "no protocol in", pp);
	r.proto = rest;
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

/* Whether LINE[0..N) is blank or a comment: the lines that may come
   before the first entry. */
static int
is_comment_or_blank(const char *line, size_t n)
{
	size_t i = 0;

	while (i < n && is_blank((unsigned char)line[i]))
		i++;
	return i == n || line[i] == '#';
}

/* The registry date of the comment 'ianaports dump' heads its output
   with, "# IANA registry of YYYY-MM-DD", as YYYYMMDD; 0 for any other
   line.  Read back, it keeps a dump's registry date through a compile. */
static uint32_t
dump_date(const char *line, size_t n)
{
	static const char prefix[] = "# IANA registry of ";
	size_t plen = sizeof(prefix) - 1;

	while (n > 0 && is_blank((unsigned char)line[n - 1]))
		n--;
	if (n < plen || memcmp(line, prefix, plen) != 0)
		return 0;
	return src_parse_date(line + plen, n - plen);
}

int
src_services_read(struct src_ctx *ctx, const char *buf, size_t len)
{
	unsigned lineno = 0;
	size_t off = src_bom(buf, len), cap = 0, n;
	const char *line;
	char *scratch = NULL;
	int ret = 0, in_header = 1;
	uint32_t date;

	if (src_no_nul(ctx, buf, len) < 0)
		return -1;
	while (ret == 0 && src_next_line(buf, len, &off, &line, &n)) {
		lineno++;
		if (in_header)	/* until the first entry */
			in_header = is_comment_or_blank(line, n);
		if (in_header && (date = dump_date(line, n)))
			ctx->date = date;
		/* Each token is copied with a NUL after it: at most 2n+1. */
		if (2 * n + 1 > cap) {
			cap = 2 * n + 1;
			scratch = xrealloc(scratch, cap);
		}
		ret = services_line(ctx, line, n, lineno, scratch);
	}
	free(scratch);
	return ret;
}
