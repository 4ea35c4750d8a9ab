/* SPDX-License-Identifier: MIT */
/* Parser for the plain-text rendering of the IANA port registry. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "source.h"
#include "xalloc.h"

/* A token: a run of bytes between blanks on one line. */
struct tok {
	const char *s;
	size_t n;
};

enum text_state { TS_HEADER, TS_TABLE, TS_CONTACTS };

static int
is_blank(unsigned char c)
{
	/* NUL counts as a blank so that stray NULs cannot cut a C string
	   short without us noticing. */
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' ||
	    c == '\0';
}

static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int
is_alnum(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Fill T with the next token of LINE[0..LEN) at or after *POS; returns 0
   at the end of the line. */
static int
next_tok(const char *line, size_t len, size_t *pos, struct tok *t)
{
	size_t i = *pos;

	while (i < len && is_blank((unsigned char)line[i]))
		i++;
	if (i == len)
		return 0;
	t->s = line + i;
	while (i < len && !is_blank((unsigned char)line[i]))
		i++;
	t->n = (size_t)(line + i - t->s);
	*pos = i;
	return 1;
}

static int
tok_is(const struct tok *t, const char *word)
{
	size_t n = strlen(word);

	return t->n == n && memcmp(t->s, word, n) == 0;
}

/* Do the tokens of LINE start with the words of WORDS, in order? */
static int
line_starts_with(const char *line, size_t len, const char *const *words)
{
	size_t pos = 0;
	struct tok t;

	for (; *words; words++)
		if (!next_tok(line, len, &pos, &t) || !tok_is(&t, *words))
			return 0;
	return 1;
}

/* Is T a port ("853") or a port range ("3322-3325")?  Fills LO and HI.
   Past six digits a port stops growing, for src_add() to reject. */
static int
parse_port(const struct tok *t, long *lo, long *hi)
{
	const char *end = t->s + t->n, *after;

	*lo = src_port_field(t->s, end, SRC_PORT_RANGE, hi, &after);
	return *lo >= 0 && *hi >= 0 && after == end;
}

/* Service names: RFC 6335 ones (letters, digits, '-') and the historic
   ones the registry still carries (acmaint_dbd, sql*net, z39.50, cl/1,
   whois++, EtherNet/IP-1).  A name starts with a letter or digit, which
   also rules out "[Assignee]" lines and the notice box's '*' lines; an
   all-digit token is a port, not a name. */
static int
is_name(const struct tok *t)
{
	int letter = 0;
	size_t i;

	if (!is_alnum((unsigned char)t->s[0]))
		return 0;
	for (i = 0; i < t->n; i++) {
		unsigned char c = (unsigned char)t->s[i];

		if (!is_alnum(c) && !strchr("-_./*+:", c))
			return 0;
		if (!is_digit(c))
			letter = 1;
	}
	return letter;
}

/* Multi-line notes in the real registry continue with lines such as
   "Port 126 Previously assigned to application above" and "PORT 4000
   also used by ICQ", which look like rows.  No service is named "port"
   in any case, so such a first word starts a note. */
static int
is_port_word(const struct tok *t)
{
	return (t->n == 4 || (t->n == 5 && (t->s[4] | 0x20) == 's')) &&
	    strncasecmp(t->s, "port", 4) == 0;
}

static const char *
known_proto(const struct tok *t)
{
	static const char *const protos[] = { "tcp", "udp", "sctp", "dccp" };
	size_t i;

	for (i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
		if (tok_is(t, protos[i]))
			return protos[i];
	return NULL;
}

/* Where the description column ends.  The text rendering separates
   columns with single spaces, so column boundaries are lost; we stop at
   the first token that looks like the Assignee column ("[Jon_Postel]",
   also "[RFC7858][RFC8094]" in Reference) or a date (Registration or
   Modification Date).  A bracket token must close within itself, so
   "File Transfer [Default Data]" keeps its bracketed words; one-word
   brackets inside a description ("[Control]") are lost, which only
   shortens a description. */
static int
ends_desc(const struct tok *t)
{
	if (t->s[0] == '[' && t->s[t->n - 1] == ']')
		return 1;
	return src_parse_date(t->s, t->n) != 0;
}

/* Copy T to *DST as a C string, advancing *DST. */
static const char *
put_tok(char **dst, const struct tok *t)
{
	char *s = *dst;

	memcpy(s, t->s, t->n);
	s[t->n] = '\0';
	*dst += t->n + 1;
	return s;
}

/* Parse one table line; SCRATCH has room for LEN + 2 bytes.  Lines that
   are not rows (notes, continuation lines) are ignored. */
static int
text_row(struct src_ctx *ctx, const char *line, size_t len, unsigned lineno,
    char *scratch)
{
	struct record r = { .port_lo = -1, .port_hi = -1, .line = lineno };
	struct tok first, t;
	size_t pos = 0, after;
	char *out = scratch, *desc;

	if (!next_tok(line, len, &pos, &first))
		return 0;
	if (parse_port(&first, &r.port_lo, &r.port_hi)) {
		/* "732-740 Unassigned": a nameless row, which src_add()
		   counts and drops. */
	} else if (is_name(&first) && !is_port_word(&first)) {
		if (!next_tok(line, len, &pos, &t))
			return 0;	/* a row has a name, then a port */
		if (!parse_port(&t, &r.port_lo, &r.port_hi)) {
			struct tok p;
			size_t ppos = pos;

			/* "name 7x9 tcp": a row whose port is broken, not a
			   note; dropping it would lose a service. */
			if (is_digit((unsigned char)t.s[0]) &&
			    next_tok(line, len, &ppos, &p) && known_proto(&p))
				return src_error(ctx, lineno,
				    "invalid port \"%.*s\"", (int)t.n, t.s);
			return 0;
		}
		r.name = put_tok(&out, &first);
	} else {
		return 0;
	}

	/* The protocol column may be empty ("flex-lm 27000-27009 FLEX LM
	   (1-10)"): then the third token already belongs to the
	   description. */
	after = pos;
	if (next_tok(line, len, &pos, &t) && (r.proto = known_proto(&t)))
		after = pos;
	pos = after;

	desc = out;
	while (next_tok(line, len, &pos, &t) && !ends_desc(&t)) {
		if (out != desc)
			*out++ = ' ';
		memcpy(out, t.s, t.n);
		out += t.n;
	}
	*out = '\0';
	if (*desc)
		r.description = desc;
	return src_add(ctx, &r);
}

/* A line before the table: the date on the line after "Last Updated",
   or the table's header, which ends this state.  *WANT_DATE carries
   "the last line said Last Updated" from one line to the next. */
static enum text_state
header_line(struct src_ctx *ctx, const char *line, size_t n, int *want_date)
{
	static const char *const table_hdr[] = { "Service", "Name", "Port",
		"Number", "Transport", "Protocol", NULL };
	static const char *const last_updated[] = { "Last", "Updated", NULL };
	size_t pos = 0;
	struct tok t;

	if (!next_tok(line, n, &pos, &t))
		return TS_HEADER;	/* blank: keep waiting for the date */
	if (*want_date) {
		uint32_t d = src_parse_date(t.s, t.n);

		*want_date = 0;
		if (d) {
			ctx->date = d;
			return TS_HEADER;
		}
	}
	if (line_starts_with(line, n, last_updated))
		*want_date = 1;
	else if (line_starts_with(line, n, table_hdr))
		return TS_TABLE;
	return TS_HEADER;
}

int
src_text_read(struct src_ctx *ctx, const char *buf, size_t len)
{
	static const char *const contact_hdr[] = { "Contact", "Information",
		NULL };
	static const char *const contact_cols[] = { "ID", "Name",
		"Organization", NULL };
	enum text_state state = TS_HEADER;
	int want_date = 0, ret = 0;
	unsigned lineno = 0;
	size_t off = src_bom(buf, len), cap = 0, n;
	const char *line;
	char *scratch = NULL;

	if (src_no_nul(ctx, buf, len) < 0)
		return -1;
	while (ret == 0 && src_next_line(buf, len, &off, &line, &n)) {
		lineno++;
		switch (state) {
		case TS_HEADER:
			state = header_line(ctx, line, n, &want_date);
			break;
		case TS_TABLE:
			if (line_starts_with(line, n, contact_hdr) ||
			    line_starts_with(line, n, contact_cols)) {
				/* Its "[Id] Name mailto:" lines are people,
				   not services. */
				state = TS_CONTACTS;
				break;
			}
			if (n + 2 > cap) {
				cap = n + 2;
				scratch = xrealloc(scratch, cap);
			}
			ret = text_row(ctx, line, n, lineno, scratch);
			break;
		case TS_CONTACTS:
			break;
		}
	}
	free(scratch);
	if (ret == 0 && state == TS_HEADER)
		ret = src_error(ctx, 0, "no registry table found");
	return ret;
}
