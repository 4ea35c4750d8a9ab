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
