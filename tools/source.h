/* SPDX-License-Identifier: MIT */
/* The parser API: what a parser reads from and reports to, the helpers
   the parsers share (src_util.c), and the parsers, one file a format
   (src_*.c), which source.c chooses among. */
#ifndef SOURCE_H
#define SOURCE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model.h"

/* What a parser reads from and reports to.  Parsers take (BUF, LEN) so
   that a fuzzer can feed them directly; they never print, and exit only
   out of memory (xalloc.h). */
struct src_ctx {
	const char *path;	/* for messages */
	struct model *model;
	unsigned warnings;
	int quiet;		/* no per-record warnings on stderr */
	uint32_t date;		/* registry date YYYYMMDD, if the source says */
	char error[512];	/* "FILE:LINE: message" of the first error */
	char warning[512];	/* the same of the last warning */
};

/* Report a fatal input error at LINE (0: none): fills CTX->error, returns
   -1 so a parser can `return src_error(...)`. */
int src_error(struct src_ctx *ctx, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Note a real-registry oddity at LINE: counted, printed unless quiet. */
void src_warn(struct src_ctx *ctx, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Hand one row to the model: copies everything; checks ports (over
   65535, or lo > hi, is an error) and returns 0 or src_error()'s -1.  A
   row with an invalid name or protocol is skipped, an invalid alias
   dropped, each with a warning. */
int src_add(struct src_ctx *ctx, const struct record *r);

/* Whether C is a control character (below space, or DEL).  Text from
   a source or a database reaches the terminal with each one as a space,
   in messages and in output alike, so that none of it can move the
   cursor, ring the bell or start an escape sequence. */
int src_is_control(unsigned char c);
/* Print S on OUT, each control character as a space, then spaces up to
   WIDTH bytes, as printf's "%-*s" pads (0: no padding). */
void src_put(FILE *out, const char *s, int width);

/* Helpers the parsers share (src_util.c).  Blanks are space, tab, CR
   and LF. */
/* The length of the UTF-8 byte order mark BUF starts with: 3, or 0 when
   there is none.  Editors on some systems write one; it is no part of
   the first name or title. */
size_t src_bom(const char *buf, size_t len);
int src_is_space(char c);
/* Trim blanks around the LEN bytes at S, NUL-terminating in place;
   returns the first byte kept. */
char *src_trim(char *s, size_t len);
/* Collapse runs of blanks in the trimmed string S to one space, in
   place; NULL when S is empty. */
char *src_collapse(char *s);
/* Parse "80" or "6000-6063" (up to nine digits each, so no overflow;
   out-of-range values are src_add()'s to reject).  Returns 0 or -1. */
int src_parse_ports(const char *s, long *lo, long *hi);
/* The registry date "YYYY-MM-DD" in the N bytes at S, all of them, as
   YYYYMMDD; 0 when they are not such a date (month 1-12, day 1-31). */
uint32_t src_parse_date(const char *s, size_t n);
/* Fill R with a row of IANA's tables (XML, CSV) at LINE: NAME, PROTO and
   DESC as the parser cleaned them, PORT ("80", "6000-6063"; empty or
   NULL for none) by src_parse_ports().  Returns 0, or -1 when PORT is no
   port, for the caller to say where it was. */
int src_table_row(struct record *r, unsigned line, const char *name,
    const char *proto, const char *desc, const char *port);
/* The next line of BUF[0..LEN) at *OFF, without its '\n': *LINE and *N
   set, *OFF moved past it; 0 at the end. */
int src_next_line(const char *buf, size_t len, size_t *off,
    const char **line, size_t *n);

/* How a port field is spelled, for src_port_field(). */
#define SRC_PORT_RANGE	1	/* "LO-HI" too, both decimal */
#define SRC_PORT_C	2	/* as strtoul(s, NULL, 0) reads it, the way
				   glibc's nss_files does: an optional '+',
				   0x hex, a leading 0 octal, else decimal */
/* Read the port field at S, up to END, spelled as FLAGS say: the port,
   or -1 when S starts with no digit; *HI gets the range's end (the port
   itself when there is none, -1 when the digits after '-' are missing)
   and *AFTER where the field stopped.  Past six digits the digits are
   still read but the value stops growing, so that it never overflows
   and is still out of range for src_add() to name. */
long src_port_field(const char *s, const char *end, unsigned flags,
    long *hi, const char **after);

/* A growable text buffer, always NUL-terminated once written to. */
struct src_buf {
	char *s;
	size_t len, cap;
};
/* Append the N bytes at S to B (out of memory: xalloc.h's policy). */
void src_buf_put(struct src_buf *b, const char *s, size_t n);

/* The parsers, one per format.  Each returns 0, or -1 with CTX->error. */
int src_xml_read(struct src_ctx *ctx, const char *buf, size_t len);
int src_csv_read(struct src_ctx *ctx, const char *buf, size_t len);
int src_text_read(struct src_ctx *ctx, const char *buf, size_t len);
int src_services_read(struct src_ctx *ctx, const char *buf, size_t len);
/* A compiled database read back: one record per entry. */
int src_db_read(struct src_ctx *ctx, const char *buf, size_t len);

enum src_format { SRC_UNKNOWN, SRC_XML, SRC_CSV, SRC_TEXT, SRC_SERVICES,
	SRC_DB };
/* Tell the format from the content, never from the file name. */
enum src_format src_detect(const char *buf, size_t len);
const char *src_format_name(enum src_format f);
/* Read the file at PATH, detect its format and parse it into CTX.  The
   date the file states becomes the model's registry date only when it
   holds SRC_REGISTRY_MIN_ROWS rows or more (or is a database). */
int src_read_file(struct src_ctx *ctx, const char *path);
/* IANA's registry has held well over 10,000 rows for decades (about
   14,000 in 2024): a file with fewer than this is an excerpt, and the
   date it states is not the date of what is served. */
#define SRC_REGISTRY_MIN_ROWS 5000
/* The registry date (YYYYMMDD) the file at PATH states by the rule
   above, or 0: none, an excerpt, or it does not parse. */
uint32_t src_file_date(const char *path);

/* The most a source may hold: the registry is about 4 MB (ianaports(8)
   states the cap). */
#define SRC_MAX_BYTES	(64u << 20)
/* Read the source PATH into *BUF (malloc'd, a NUL after its *LEN
   bytes): a regular file, or standard input for "-", of SRC_MAX_BYTES at
   most.  Anything else (a FIFO, a device, a directory) is refused
   before a byte is read.  Returns 0, or -1 with CTX->error. */
int src_load(struct src_ctx *ctx, const char *path, char **buf,
    size_t *len);
/* "a directory", "a FIFO", ...: what MODE's file type is, for messages. */
const char *src_file_type(unsigned mode);
/* A text source holds no NUL byte: 0, or src_error() naming its line. */
int src_no_nul(struct src_ctx *ctx, const char *buf, size_t len);

#endif
