/* SPDX-License-Identifier: MIT */
/* The serving semantics: records in source order become entries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipdb.h"
#include "model.h"
#include "xalloc.h"

#define GROW(arr, n, cap) do { \
	if ((n) == (cap)) { \
		size_t c_ = (cap) ? 2 * (cap) : 64; \
		(arr) = xreallocarray((arr), c_, sizeof(*(arr))); \
		(cap) = c_; \
	} \
} while (0)

void
model_init(struct model *m)
{
	memset(m, 0, sizeof(*m));
}

void
model_free(struct model *m)
{
	void *chunk, *next;

	for (chunk = m->chunks; chunk; chunk = next) {
		next = *(void **)chunk;
		free(chunk);
	}
	free(m->strings);
	free(m->intern);
	free(m->names);
	free(m->records);
	free(m->entries);
	free(m->entry_names);
	free(m->groups);
	free(m->group_items);
	free(m->drops);
	free(m->rows_seen);
	memset(m, 0, sizeof(*m));
}

/* A word at a time: every name, protocol and description of every row
   is interned, and the writer pools them again. */
uint32_t
model_hash(const void *p, size_t len)
{
	const unsigned char *s = p;
	uint64_t h = 0x9e3779b97f4a7c15u * (len + 1), w;

	for (; len >= 8; s += 8, len -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdu;
		h ^= h >> 29;
	}
	w = 0;
	memcpy(&w, s, len);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53u;
	return (uint32_t)(h ^ h >> 32);
}

/* An intern slot: the string's hash above its index, so that neither a
   probe nor a rebuild reads the string unless the hash matches. */
#define SLOT_EMPTY UINT64_MAX
#define SLOT(h, i) ((uint64_t)(h) << 32 | (i))

/* Rebuild the intern table at twice the size. */
static void
intern_grow(struct model *m)
{
	size_t cap = m->intern_cap ? 2 * m->intern_cap : 1024, i, j;
	uint64_t *t = xreallocarray(NULL, cap, sizeof(*t)), *old = m->intern;

	memset(t, 0xff, cap * sizeof(*t));
	for (i = 0; i < m->intern_cap; i++) {
		if (old[i] == SLOT_EMPTY)
			continue;
		j = (old[i] >> 32) & (cap - 1);
		while (t[j] != SLOT_EMPTY)
			j = (j + 1) & (cap - 1);
		t[j] = old[i];
	}
	free(old);
	m->intern = t;
	m->intern_cap = cap;
}

/* N bytes for a string, from chunks of 64 KiB freed all at once: one
   malloc() per interned string was a tenth of the rows' cost. */
static char *
string_room(struct model *m, size_t n)
{
	const size_t chunk = 64 << 10, head = sizeof(void *);
	size_t size;
	void **c;
	char *p;

	if (n > m->chunk_left) {
		size = n > chunk - head ? n + head : chunk;
		c = xmalloc(size);
		*c = m->chunks;
		m->chunks = c;
		m->chunk_p = (char *)(c + 1);
		m->chunk_left = size - head;
	}
	p = m->chunk_p;
	m->chunk_p += n;
	m->chunk_left -= n;
	return p;
}

uint32_t
model_intern(struct model *m, const char *s, size_t len)
{
	uint64_t *t;
	uint32_t h = model_hash(s, len), i;
	size_t j;
	char *copy;

	if (2 * (m->nstrings + 1) > m->intern_cap)
		intern_grow(m);
	t = m->intern;
	for (j = h & (m->intern_cap - 1); t[j] != SLOT_EMPTY;
	    j = (j + 1) & (m->intern_cap - 1)) {
		if (t[j] >> 32 != h)
			continue;
		i = (uint32_t)t[j];
		if (!strncmp(m->strings[i], s, len) && !m->strings[i][len])
			return i;
	}
	copy = string_room(m, len + 1);
	memcpy(copy, s, len);
	copy[len] = 0;
	GROW(m->strings, m->nstrings, m->strings_cap);
	m->strings[m->nstrings] = copy;
	t[j] = SLOT(h, m->nstrings);
	return (uint32_t)m->nstrings++;
}

/* Index of protocol S in m->protos, adding it; -1 when the table is full. */
static int
proto_index(struct model *m, const char *s)
{
	uint32_t id = model_intern(m, s, strlen(s));
	size_t i;

	for (i = 0; i < m->nprotos; i++)
		if (m->protos[i] == id)
			return (int)i;
	if (m->nprotos == IPDB_MAX_PROTOS)
		return -1;
	m->protos[m->nprotos] = id;
	return (int)m->nprotos++;
}

static uint32_t
row_hash(const struct model_row *k)
{
	uint32_t h = k->source * 0x9e3779b1u;

	h = (h ^ k->name) * 0x85ebca6bu;
	h = (h ^ k->proto) * 0xc2b2ae35u;
	h = (h ^ k->lo) * 0x9e3779b1u;
	h = (h ^ k->hi) * 0x85ebca6bu;
	return h ^ h >> 15;
}

/* Put K in the set of seen rows; slots with source 0 are empty. */
static int
row_insert(struct model_row *set, size_t cap, const struct model_row *k)
{
	size_t j = row_hash(k) & (cap - 1);

	for (; set[j].source; j = (j + 1) & (cap - 1))
		if (!memcmp(&set[j], k, sizeof(*k)))
			return 1;
	set[j] = *k;
	return 0;
}

/* Whether a row with R's name, ports and protocol came before in the
   same source: a duplicate row, harmless but worth a warning.  Across
   sources a repeat is the merge.  NAME and PROTO are interned. */
static int
seen_before(struct model *m, uint32_t name, uint32_t proto,
    const struct record *r)
{
	struct model_row k = {
		.source = m->nsources + 1, .name = name, .proto = proto,
		.lo = (uint32_t)r->port_lo, .hi = (uint32_t)r->port_hi,
	};
	size_t i;

	if (2 * (m->nrows_seen + 1) > m->rows_seen_cap) {
		size_t cap = m->rows_seen_cap ? 2 * m->rows_seen_cap : 1024;
		struct model_row *set = xcalloc(cap, sizeof(*set));

		for (i = 0; i < m->rows_seen_cap; i++)
			if (m->rows_seen[i].source)
				row_insert(set, cap, &m->rows_seen[i]);
		free(m->rows_seen);
		m->rows_seen = set;
		m->rows_seen_cap = cap;
	}
	if (row_insert(m->rows_seen, m->rows_seen_cap, &k))
		return 1;
	m->nrows_seen++;
	return 0;
}

int
model_add(struct model *m, const struct record *r, const char **why)
{
	struct model_record mr;
	size_t i;
	int p;

	memset(&mr, 0, sizeof(mr));
	/* tcp and udp always exist: no-protocol records expand to them. */
	if (!m->nprotos) {
		proto_index(m, "tcp");
		proto_index(m, "udp");
	}
	if (r->proto && *r->proto) {
		if ((p = proto_index(m, r->proto)) < 0) {
			*why = "too many protocols";
			return -1;
		}
		mr.proto = (uint32_t)p;
	} else {
		mr.any_proto = 1;
	}
	mr.source = m->nsources;
	mr.line = r->line;
	mr.port_lo = (uint32_t)r->port_lo;
	mr.port_hi = (uint32_t)r->port_hi;
	mr.first_name = (uint32_t)m->nnames;
	mr.nnames = 1 + (uint32_t)r->naliases;
	GROW(m->names, m->nnames, m->names_cap);
	m->names[m->nnames++] = model_intern(m, r->name, strlen(r->name));
	for (i = 0; i < r->naliases; i++) {
		GROW(m->names, m->nnames, m->names_cap);
		m->names[m->nnames++] = model_intern(m, r->aliases[i],
		    strlen(r->aliases[i]));
	}
	mr.desc = r->description && *r->description ?
	    model_intern(m, r->description, strlen(r->description)) :
	    UINT32_MAX;
	GROW(m->records, m->nrecords, m->records_cap);
	m->records[m->nrecords++] = mr;
	return seen_before(m, m->names[mr.first_name],
	    mr.any_proto ? UINT32_MAX : m->protos[mr.proto], r);
}

/* (key, value) pairs, sorted to group values by key in the order they
   were seen. */
struct pair {
	uint32_t key, val;
};

struct pairs {
	struct pair *v;
	size_t n, cap;
};

/* Sort P by key, equal keys in the order they were added: a stable
   radix sort, one byte of the key per pass, where qsort() with a
   comparison function took a tenth of a compile. */
static void
pairs_sort(struct pairs *p)
{
	struct pair *src = p->v, *dst, *tmp, *t;
	size_t count[256], i, c, sum;
	unsigned shift;

	if (p->n < 2)
		return;
	tmp = xreallocarray(NULL, p->n, sizeof(*tmp));
	dst = tmp;
	for (shift = 0; shift < 32; shift += 8) {
		memset(count, 0, sizeof(count));
		for (i = 0; i < p->n; i++)
			count[src[i].key >> shift & 0xff]++;
		if (count[src[0].key >> shift & 0xff] == p->n)
			continue;	/* one byte value: nothing moves */
		for (sum = 0, i = 0; i < 256; i++) {
			c = count[i];
			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < p->n; i++)
			dst[count[src[i].key >> shift & 0xff]++] = src[i];
		t = src;
		src = dst;
		dst = t;
	}
	if (src != p->v)
		memcpy(p->v, src, p->n * sizeof(*src));
	free(tmp);
}

static void
pairs_add(struct pairs *p, uint32_t key, uint32_t val)
{
	GROW(p->v, p->n, p->cap);
	p->v[p->n] = (struct pair){ key, val };
	p->n++;
}

/* The protocols record R is served for: one, or tcp and udp. */
static unsigned
record_protos(const struct model_record *r, uint32_t out[2])
{
	if (!r->any_proto) {
		out[0] = r->proto;
		return 1;
	}
	out[0] = 0;	/* tcp, see model_add() */
	out[1] = 1;	/* udp */
	return 2;
}

/* The folded spelling of string S, interned: the by-name group key. */
static uint32_t
folded(struct model *m, uint32_t s, uint32_t *fold_of)
{
	char buf[1024], *p;
	const char *src = m->strings[s];
	size_t len = strlen(src), i;
	uint32_t id;

	if (fold_of[s] != UINT32_MAX)
		return fold_of[s];
	p = len < sizeof(buf) ? buf : xmalloc(len + 1);
	for (i = 0; i <= len; i++)
		p[i] = (char)ipdb_fold((unsigned char)src[i]);
	id = model_intern(m, p, len);
	if (p != buf)
		free(p);
	fold_of[s] = id;
	return id;
}

/* The record whose names include position POS of m->names: records
   take their names in order, so their first_name values ascend. */
static uint32_t
record_of_name(const struct model *m, uint32_t pos)
{
	size_t lo = 0, hi = m->nrecords, mid;

	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (m->records[mid].first_name <= pos)
			lo = mid;
		else
			hi = mid;
	}
	return (uint32_t)lo;
}

/* Note that entry E had no room left for the name at position POS of
   m->names, once per entry and name whatever the records repeating it. */
static void
note_drop(struct model *m, uint32_t e, uint32_t pos)
{
	uint32_t s = m->names[pos];
	size_t k;

	for (k = m->ndrops; k > 0 && m->drops[k - 1].entry == e; k--)
		if (!ipdb_name_cmp(m->strings[m->drops[k - 1].name],
		    m->strings[s]))
			return;
	GROW(m->drops, m->ndrops, m->drops_cap);
	m->drops[m->ndrops++] = (struct model_drop){
		.record = record_of_name(m, pos), .entry = e, .name = s };
}

/* Per protocol, the entry of each port, or UINT32_MAX. */
struct slots {
	uint32_t *of[IPDB_MAX_PROTOS];
};

static uint32_t *
slots_for(struct slots *sl, uint32_t proto)
{
	if (!sl->of[proto]) {
		sl->of[proto] = xmalloc(65536 * sizeof(uint32_t));
		memset(sl->of[proto], 0xff, 65536 * sizeof(uint32_t));
	}
	return sl->of[proto];
}

/* Entries in order of their first record; a range's ports ascending at
   the range's place.  Every record's names go to NAMES for each entry
   it covers.  -1 past the format's entry count. */
static int
make_entries(struct model *m, struct slots *sl, struct pairs *names)
{
	uint32_t protos[2], port, e, *slot;
	size_t i, k, cap = 0;
	unsigned np, q;

	free(m->entries);
	m->entries = NULL;
	m->nentries = 0;
	for (i = 0; i < m->nrecords; i++) {
		const struct model_record *r = &m->records[i];

		np = record_protos(r, protos);
		for (q = 0; q < np; q++) {
			slot = slots_for(sl, protos[q]);
			for (port = r->port_lo; port <= r->port_hi; port++) {
				e = slot[port];
				if (e == UINT32_MAX) {
					if (m->nentries >= IPDB_MAX_ENTRIES)
						return -1;
					GROW(m->entries, m->nentries, cap);
					e = (uint32_t)m->nentries++;
					m->entries[e] = (struct model_entry){
						.port = port,
						.proto = protos[q],
						.desc = r->desc };
					slot[port] = e;
				} else if (m->entries[e].desc == UINT32_MAX) {
					m->entries[e].desc = r->desc;
				}
				for (k = 0; k < r->nnames; k++)
					pairs_add(names, e,
					    r->first_name + (uint32_t)k);
			}
		}
	}
	return 0;
}

/* Whether entry EN, whose names so far end at the model's last, has
   a name S already (case-insensitively: it would match the same
   queries). */
static int
has_name(const struct model *m, const struct model_entry *en, uint32_t s)
{
	size_t k;

	for (k = en->first_name; k < m->nentry_names; k++)
		if (!ipdb_name_cmp(m->strings[m->entry_names[k]],
		    m->strings[s]))
			return 1;
	return 0;
}

/* Entry names from the sorted NAMES: official first, then aliases,
   without duplicates; past IPDB_MAX_ALIASES, noted as dropped. */
static void
name_entries(struct model *m, const struct pairs *names)
{
	size_t i, j;

	free(m->entry_names);
	m->entry_names = NULL;
	m->nentry_names = m->entry_names_cap = m->naliases = 0;
	m->ndrops = 0;
	for (i = 0; i < names->n; i = j) {
		struct model_entry *en = &m->entries[names->v[i].key];

		en->first_name = (uint32_t)m->nentry_names;
		for (j = i; j < names->n && names->v[j].key ==
		    names->v[i].key; j++) {
			uint32_t s = m->names[names->v[j].val];

			if (has_name(m, en, s))
				continue;
			if (m->nentry_names - en->first_name >
			    IPDB_MAX_ALIASES) {
				note_drop(m, names->v[i].key,
				    names->v[j].val);
				continue;
			}
			GROW(m->entry_names, m->nentry_names,
			    m->entry_names_cap);
			m->entry_names[m->nentry_names++] = s;
		}
		en->nnames = (uint32_t)(m->nentry_names - en->first_name);
		m->naliases += en->nnames - 1;
	}
}

/* By-name groups, keyed by the folded name: the entry at each record's
   first port, in record order, once each. */
static void
group_names(struct model *m, struct slots *sl)
{
	struct pairs groups = { 0 };
	uint32_t protos[2], *fold_of;
	size_t i, j, k, nstrings_before = m->nstrings;
	unsigned np, q;

	fold_of = xreallocarray(NULL, nstrings_before + 1, sizeof(*fold_of));
	memset(fold_of, 0xff, (nstrings_before + 1) * sizeof(*fold_of));
	for (i = 0; i < m->nrecords; i++) {
		const struct model_record *r = &m->records[i];

		np = record_protos(r, protos);
		for (k = 0; k < r->nnames; k++) {
			uint32_t key = folded(m, m->names[r->first_name + k],
			    fold_of);

			for (q = 0; q < np; q++)
				pairs_add(&groups, key,
				    sl->of[protos[q]][r->port_lo]);
		}
	}
	pairs_sort(&groups);
	free(m->groups);
	free(m->group_items);
	m->groups = xreallocarray(NULL, groups.n + 1, sizeof(*m->groups));
	m->group_items = xreallocarray(NULL, groups.n + 1,
	    sizeof(*m->group_items));
	m->ngroups = m->ngroup_items = 0;
	for (i = 0; i < groups.n; i = j) {
		struct model_group *g = &m->groups[m->ngroups++];

		g->first = (uint32_t)m->ngroup_items;
		/* Any spelling of the name: lookups compare the entry's. */
		g->entry0 = groups.v[i].val;
		g->hash = ipdb_name_hash(m->strings[groups.v[i].key]);
		for (j = i; j < groups.n && groups.v[j].key == groups.v[i].key;
		    j++) {
			for (k = g->first; k < m->ngroup_items; k++)
				if (m->group_items[k] == groups.v[j].val)
					break;
			if (k == m->ngroup_items)
				m->group_items[m->ngroup_items++] =
				    groups.v[j].val;
		}
		g->count = (uint32_t)(m->ngroup_items - g->first);
	}
	m->ndistinct_names = m->ngroups;
	free(fold_of);
	free(groups.v);
}

int
model_build(struct model *m)
{
	struct slots sl = { { 0 } };
	struct pairs names = { 0 };
	unsigned q;
	int rc = -1;

	if (make_entries(m, &sl, &names) == 0) {
		pairs_sort(&names);
		name_entries(m, &names);
		group_names(m, &sl);
		rc = 0;
	}
	for (q = 0; q < IPDB_MAX_PROTOS; q++)
		free(sl.of[q]);
	free(names.v);
	return rc;
}
