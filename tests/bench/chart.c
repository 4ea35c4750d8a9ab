/* SPDX-License-Identifier: MIT */
/* The chart's data: lookup.dat, one line a source's warm lookups, then
 * one a source's first lookup in a fresh process, which
 * tests/bench/lookup.gp draws as docs/bench/lookup.svg.
 */
#include <limits.h>
#include <stdio.h>

#include "bench.h"
#include "ipbench.h"

/* The first lookups, in a fresh process, after the warm ones: the
   floor, then as fast as they come on a quiet machine. */
static int
write_cold(FILE *f, int n, const struct cold *c)
{
	static const int order[] = { C_NULL, C_NETBASE, C_READ, C_MAPPED,
		C_IANAPORTS, C_IANAPORTS_DISK, C_FILES };
	double lo, hi, m;
	int i;

	for (i = 0; i < (int)(sizeof(order) / sizeof(order[0])); i++) {
		const struct cold_source *s = &c->s[order[i]];

		if (!s->n)
			continue;
		m = median(s->us, s->n, &lo, &hi);
		fprintf(f, "%d \"first: %s\" %.1f %.1f %.1f 1\n", n++,
		    s->label, m * 1e3, lo * 1e3, hi * 1e3);
	}
	return n;
}

void
write_chart_data(const struct cold *c)
{
	char path[PATH_MAX];
	double lo, hi, m;
	FILE *f;
	int i, n = 0;
	static const int order[] = { S_NULL, S_FIXED, S_IANAPORTS, S_NSCD,
		S_NULL_NSW, S_IANAPORTS_NSW, S_NSCD_SOCK, S_NETBASE, S_DB,
		S_FILES };

	snprintf(path, sizeof path, "%s/lookup.dat", opt.out);
	if (!(f = fopen(path, "we")))
		return;
	fprintf(f, "# index label median_ns min_ns max_ns cold\n");
	for (i = 0; i < (int)(sizeof(order) / sizeof(order[0])); i++) {
		const struct source *s = &src[order[i]];

		if (!s->npass)
			continue;
		m = src_median(s, &lo, &hi);
		fprintf(f, "%d \"%s\" %.1f %.1f %.1f 0\n", n++, s->label, m,
		    lo, hi);
	}
	write_cold(f, n, c);
	fclose(f);
}
