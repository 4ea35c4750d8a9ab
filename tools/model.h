/* SPDX-License-Identifier: MIT */
/* Records in source order in, served entries out: the serving semantics. */
#ifndef MODEL_H
#define MODEL_H

#include <stddef.h>
#include <stdint.h>

/* One row of a source, as a parser found it.  A parser knows nothing of
   the serving rules: it hands every row over, named or not. */
struct record {
	const char *name;	/* as spelled; NULL or "" for unnamed rows */
	long port_lo, port_hi;	/* -1, -1 when the row has no port */
	const char *proto;	/* NULL or "" when the row names none */
	const char *const *aliases; /* services(5) aliases, or NULL */
	size_t naliases;
	const char *description; /* or NULL */
	unsigned line;		/* where the row starts in its file */
};

/* What a parser reads from and reports to.  Parsers take (BUF, LEN) so
   that a fuzzer can feed them directly; they never print and never exit. */
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
   65535, or lo > hi, is an error) and returns 0 or src_error()'s -1. */
int src_add(struct src_ctx *ctx, const struct record *r);

/* Helpers the parsers share.  Blanks are space, tab, CR and LF. */
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

/* The model: every record of every source, in order. */
struct model_record {
	uint32_t first_name;	/* index into names[] */
	uint32_t nnames;	/* the name, then its services(5) aliases */
	uint32_t port_lo, port_hi;
	uint32_t proto;		/* index into protos[]; */
	int any_proto;		/* served for tcp and udp */
	uint32_t desc;		/* index into strings, or UINT32_MAX */
	uint32_t source;	/* m->nsources when it was added */
	uint32_t line;		/* its line there, 0 if unknown */
};

/* A served entry: (port, protocol), official name, aliases. */
struct model_entry {
	uint32_t port, proto;
	uint32_t first_name, nnames;	/* into entry_names[] */
	uint32_t desc;
};

/* The entries one name (folded) answers, in record order. */
struct model_group {
	uint32_t hash;		/* ipdb_name_hash() of the name */
	uint32_t first, count;	/* into group_items[] */
	uint32_t entry0;	/* the first entry, which holds the name */
};

/* A name model_build() left out: its entry had IPDB_MAX_ALIASES
   aliases already, gathered from several records. */
struct model_drop {
	uint32_t record;	/* the record that brought the name */
	uint32_t entry;
	uint32_t name;		/* string index */
};

/* A row as a source spelled it, for telling duplicates. */
struct model_row {
	uint32_t source, name, proto, lo, hi;	/* proto UINT32_MAX: none */
};

struct model {
	char **strings;		/* interned: names, protocols, descriptions */
	void *chunks;		/* where they are kept: model.c */
	char *chunk_p;
	size_t chunk_left;
	size_t nstrings, strings_cap;
	void *intern;		/* hash, index of strings: model.c */
	size_t intern_cap;

	uint32_t *names;	/* string indices of record names */
	size_t nnames, names_cap;
	struct model_record *records;
	size_t nrecords, records_cap;
	uint32_t protos[256];	/* string indices; tcp and udp first */
	size_t nprotos;
	uint32_t date;		/* newest registry date of all sources */
	uint32_t excerpt_date;	/* newest date of a source too small to be
				   the registry (SRC_REGISTRY_MIN_ROWS) */
	unsigned nsources;
	unsigned warnings;
	unsigned skipped;	/* rows with no name or no port */

	/* Built by model_build(). */
	struct model_entry *entries;
	size_t nentries;
	uint32_t *entry_names;	/* string indices */
	size_t nentry_names, entry_names_cap;
	size_t naliases;	/* entry names that are not official */
	size_t ndistinct_names;
	struct model_group *groups;
	size_t ngroups;
	uint32_t *group_items;	/* entry indices */
	size_t ngroup_items;
	struct model_drop *drops;	/* in entry order */
	size_t ndrops, drops_cap;
	struct model_row *rows_seen; /* hash set of this source's rows */
	size_t nrows_seen, rows_seen_cap;
};

void model_init(struct model *m);
void model_free(struct model *m);
uint32_t model_intern(struct model *m, const char *s, size_t len);
/* The hash the intern table and the writer's string pool use. */
uint32_t model_hash(const void *p, size_t len);
/* Append record R (already checked by src_add()).  Returns 0, 1 when
   the same row (name, ports, protocol) came before, or -1 with *WHY. */
int model_add(struct model *m, const struct record *r, const char **why);
/* Expand the records into entries by the serving rules; names past an
   entry's IPDB_MAX_ALIASES aliases go to m->drops.  Returns 0 or -1
   (out of memory, or more entries than the format holds). */
int model_build(struct model *m);

#endif
