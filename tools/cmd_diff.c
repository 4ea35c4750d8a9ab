/* SPDX-License-Identifier: MIT */
/* ianaports diff: what changed between two registries or databases. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ipdb.h"
#include "model.h"
#include "source.h"
#include "xalloc.h"

static const char usage[] =
"usage: ianaports diff [-s] OLD NEW\n"
"\n"
"Say how the served entries of NEW differ from those of OLD.  Each of\n"
"OLD and NEW is a compiled database (told by its magic) or a source as\n"
"`ianaports compile` takes it: the IANA registry as XML, CSV or text,\n"
"or a services(5) file.  An entry is a port and protocol.  Lines read\n"
"  + PORT/PROTO NAME                        added\n"
"  - PORT/PROTO NAME                        removed\n"
"  ~ PORT/PROTO OLD -> NEW                  renamed (official name)\n"
"  ! PORT/PROTO NAME aliases \"A B\" -> \"A\"    other aliases\n"
"  ! PORT/PROTO NAME description \"D\" -> \"E\"  another description\n"
"then one line of counts.\n"
"\n"
"  -s, --summary  only the line of counts\n"
"  -h, --help     this text\n"
"\n"
"exit status, as diff(1)'s: 0 no difference, 1 some, 2 trouble\n";

/* diff(1) and cmp(1): 1 is "different", so trouble is 2. */
#define DIFF_SAME	0
#define DIFF_DIFFERENT	1
#define DIFF_TROUBLE	2

/* Entries of model M in order of port, then protocol name. */
static int
entry_cmp(const void *a, const void *b, void *arg)
{
	const struct model *m = arg;
	const struct model_entry *x = &m->entries[*(const uint32_t *)a];
	const struct model_entry *y = &m->entries[*(const uint32_t *)b];

	if (x->port != y->port)
		return x->port < y->port ? -1 : 1;
	return strcmp(m->strings[m->protos[x->proto]],
	    m->strings[m->protos[y->proto]]);
}

static uint32_t *
sorted_entries(const struct model *m)
{
	uint32_t *v = xreallocarray(NULL, m->nentries + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < m->nentries; i++)
		v[i] = (uint32_t)i;
	qsort_r(v, m->nentries, sizeof(*v), entry_cmp, (void *)m);
	return v;
}

static const char *
proto_of(const struct model *m, const struct model_entry *e)
{
	return m->strings[m->protos[e->proto]];
}

static const char *
name_of(const struct model *m, const struct model_entry *e)
{
	return m->strings[m->entry_names[e->first_name]];
}

/* Name K of entry E: 0 the official name, then the aliases. */
static const char *
nth_name(const struct model *m, const struct model_entry *e, uint32_t k)
{
	return m->strings[m->entry_names[e->first_name + k]];
}

static const char *
desc_of(const struct model *m, const struct model_entry *e)
{
	return e->desc == UINT32_MAX ? "" : m->strings[e->desc];
}

static int
same_aliases(const struct model *a, const struct model_entry *x,
    const struct model *b, const struct model_entry *y)
{
	uint32_t k;

	if (x->nnames != y->nnames)
		return 0;
	for (k = 1; k < x->nnames; k++)
		if (strcmp(nth_name(a, x, k), nth_name(b, y, k)))
			return 0;
	return 1;
}

/* "MARK PORT/PROTO NAME", the start of each line, for entry E of M
   under NAME.  What a source holds goes through src_put(): a name or a
   description must not reach the terminal as an escape sequence. */
static void
print_head(FILE *out, char mark, const struct model *m,
    const struct model_entry *e, const char *name)
{
	fprintf(out, "%c %u/", mark, e->port);
	src_put(out, proto_of(m, e), 0);
	fputc(' ', out);
	src_put(out, name, 0);
}

/* The aliases of E, quoted, in their order (getent shows them so). */
static void
print_aliases(FILE *out, const struct model *m, const struct model_entry *e)
{
	uint32_t k;

	fputc('"', out);
	for (k = 1; k < e->nnames; k++) {
		if (k > 1)
			fputc(' ', out);
		src_put(out, nth_name(m, e, k), 0);
	}
	fputc('"', out);
}

/* " WHAT OLD -> NEW" and the line's end, OLD and NEW quoted. */
static void
print_change(FILE *out, const char *what, const char *old, const char *new)
{
	fprintf(out, " %s \"", what);
	src_put(out, old, 0);
	fputs("\" -> \"", out);
	src_put(out, new, 0);
	fputs("\"\n", out);
}

/* Entry X of A and entry Y of B serve the same port and protocol: count
   and list what else differs. */
static void
diff_entry(const struct model *a, const struct model_entry *x,
    const struct model *b, const struct model_entry *y, FILE *out,
    struct diff_counts *c)
{
	const char *name = name_of(b, y);

	/* A change of case alone is a rename too: getent and
	   getservbyport() show the new spelling. */
	if (strcmp(name_of(a, x), name)) {
		c->renamed++;
		if (out) {
			print_head(out, '~', a, x, name_of(a, x));
			fputs(" -> ", out);
			src_put(out, name, 0);
			fputc('\n', out);
		}
	}
	if (!same_aliases(a, x, b, y)) {
		c->aliases++;
		if (out) {
			print_head(out, '!', a, x, name);
			fputs(" aliases ", out);
			print_aliases(out, a, x);
			fputs(" -> ", out);
			print_aliases(out, b, y);
			fputc('\n', out);
		}
	}
	if (strcmp(desc_of(a, x), desc_of(b, y))) {
		c->descriptions++;
		if (out) {
			print_head(out, '!', a, x, name);
			print_change(out, "description", desc_of(a, x),
			    desc_of(b, y));
		}
	}
}

void
diff_models(const struct model *a, const struct model *b, FILE *out,
    struct diff_counts *c)
{
	uint32_t *va = sorted_entries(a), *vb = sorted_entries(b);
	size_t i = 0, j = 0;

	memset(c, 0, sizeof(*c));
	c->old_entries = a->nentries;
	c->new_entries = b->nentries;
	while (i < a->nentries || j < b->nentries) {
		const struct model_entry *x = i < a->nentries ?
		    &a->entries[va[i]] : NULL;
		const struct model_entry *y = j < b->nentries ?
		    &b->entries[vb[j]] : NULL;
		int cmp;

		if (!x)
			cmp = 1;
		else if (!y)
			cmp = -1;
		else if (x->port != y->port)
			cmp = x->port < y->port ? -1 : 1;
		else
			cmp = strcmp(proto_of(a, x), proto_of(b, y));
		if (cmp < 0) {
			c->removed++;
			if (out) {
				print_head(out, '-', a, x, name_of(a, x));
				fputc('\n', out);
			}
			i++;
		} else if (cmp > 0) {
			c->added++;
			if (out) {
				print_head(out, '+', b, y, name_of(b, y));
				fputc('\n', out);
			}
			j++;
		} else {
			diff_entry(a, x, b, y, out, c);
			i++;
			j++;
		}
	}
	free(va);
	free(vb);
}

int
diff_differ(const struct diff_counts *c)
{
	return c->added || c->removed || c->renamed || c->aliases ||
	    c->descriptions;
}

void
diff_print_counts(FILE *out, const struct diff_counts *c)
{
	fprintf(out, "%zu added, %zu removed, %zu renamed, %zu with other "
	    "aliases, %zu with another description (%zu -> %zu entries)\n",
	    c->added, c->removed, c->renamed, c->aliases, c->descriptions,
	    c->old_entries, c->new_entries);
}

/* Read PATH, a database or a source, into M and build its entries;
   SAY: errorx() on failure. */
static int
load(struct model *m, const char *path, int say)
{
	struct src_ctx ctx = { .path = path, .model = m, .quiet = 1 };

	if (src_read_file(&ctx, path) < 0) {
		if (say)
			errorx("%s", ctx.error);
		return -1;
	}
	if (model_build(m) < 0) {
		if (say)
			errorx("%s: too many entries", path);
		return -1;
	}
	return 0;
}

int
diff_load(struct model *m, const char *path)
{
	return load(m, path, 1);
}

int
diff_load_quiet(struct model *m, const char *path)
{
	return load(m, path, 0);
}

int
cmd_diff(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "summary", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct diff_counts counts;
	struct model a, b;
	int summary = 0, c, rc = DIFF_TROUBLE;

	while ((c = getopt_long(argc, argv, "sh", opts, NULL)) != -1) {
		switch (c) {
		case 's': summary = 1; break;
		case 'h': fputs(usage, stdout); return DIFF_SAME;
		default: fputs(usage, stderr); return DIFF_TROUBLE;
		}
	}
	if (argc - optind != 2) {
		fputs(usage, stderr);
		return DIFF_TROUBLE;
	}
	if (empty_path(argv[optind], "OLD") ||
	    empty_path(argv[optind + 1], "NEW"))
		return DIFF_TROUBLE;
	model_init(&a);
	model_init(&b);
	if (diff_load(&a, argv[optind]) == 0 &&
	    diff_load(&b, argv[optind + 1]) == 0) {
		diff_models(&a, &b, summary ? NULL : stdout, &counts);
		diff_print_counts(stdout, &counts);
		rc = diff_differ(&counts) ? DIFF_DIFFERENT : DIFF_SAME;
	}
	model_free(&a);
	model_free(&b);
	return rc;
}
