/* SPDX-License-Identifier: MIT */
/* The chart's data: lookup.dat, one line a source, which
 * tests/bench/lookup.gp draws as docs/bench/lookup.svg.
 */
#include <limits.h>
#include <stdio.h>

#include "bench.h"
#include "ipbench.h"

void
write_chart_data(void)
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
	fprintf(f, "# index label median_ns min_ns max_ns\n");
	for (i = 0; i < (int)(sizeof(order) / sizeof(order[0])); i++) {
		const struct source *s = &src[order[i]];

		if (!s->npass)
			continue;
		m = src_median(s, &lo, &hi);
		fprintf(f, "%d \"%s\" %.1f %.1f %.1f\n", n++, s->label, m, lo,
		    hi);
	}
	fclose(f);
}
