/* SPDX-License-Identifier: MIT */
/* The sources file: which sources compile reads, and which of several
   registries is the newest. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model.h"
#include "source.h"
#include "sources.h"
#include "xalloc.h"

/* What packaging/sources.conf says, for a system without the file:
   local lines, the project's preferred names, then the newest of the
   registries fetched (by the update unit, in a directory of its own, or
   by hand) and the shipped snapshot. */
static const char builtin[] =
	"/etc/services\n"
	IANAPORTS_DATADIR "/preferred-names.services\n"
	IANAPORTS_DBDIR "/update/registry.xml " KEPT_REGISTRY " "
	SHIPPED_REGISTRY "\n";

long
sources_newest(char *const *paths, size_t n)
{
	uint32_t best_date = 0, d;
	long best = -1;
	size_t i, readable = 0;

	for (i = 0; i < n; i++)
		if (!access(paths[i], R_OK) && !readable++)
			best = (long)i;
	if (readable < 2)
		return best;
	/* Only then are dates read: each costs a parse of its file (an
	   excerpt's date does not count, so its rows are counted too). */
	for (best = -1, i = 0; i < n; i++) {
		if (access(paths[i], R_OK))
			continue;
		d = src_file_date(paths[i]);
		if (best < 0 || d > best_date) {
			best = (long)i;
			best_date = d;
		}
	}
	return best;
}

static void
push(char ***out, size_t *n, size_t *cap, const char *s)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 8;
		*out = xreallocarray(*out, *cap, sizeof(**out));
	}
	(*out)[(*n)++] = xstrdup(s);
}

int
sources_read(FILE *f, const char *fresh, const char *kept, char ***out,
    size_t *n, int *used)
{
	char line[4096], *tok, *save, *alt[64];
	size_t cap = 0, nalt;
	long pick;

	*out = NULL;
	*n = 0;
	if (used)
		*used = 0;
	while (fgets(line, sizeof(line), f)) {
		int fresh_at = -1;

		line[strcspn(line, "#")] = 0;
		nalt = 0;
		for (tok = strtok_r(line, " \t\r\n", &save); tok && nalt < 64;
		    tok = strtok_r(NULL, " \t\r\n", &save)) {
			if (fresh && (!strcmp(tok, KEPT_REGISTRY) ||
			    (kept && !strcmp(tok, kept)))) {
				if (fresh_at >= 0)
					continue;	/* named twice */
				fresh_at = (int)nalt;
				tok = (char *)fresh;
			}
			alt[nalt++] = tok;
		}
		if ((pick = sources_newest(alt, nalt)) < 0 && fresh_at >= 0)
			pick = fresh_at;	/* not readable: a download */
		if (pick < 0)
			continue;
		if (pick == fresh_at && used)
			*used = 1;
		push(out, n, &cap, alt[pick]);
	}
	return 0;
}

int
sources_default(const char *fresh, const char *kept, char ***out,
    size_t *n, int *used)
{
	FILE *f = fopen(SOURCES_FILE, "re");
	int rc;

	/* fmemopen() fails only when out of memory. */
	if (!f)
		f = xchecked(fmemopen((void *)builtin, strlen(builtin), "r"));
	rc = sources_read(f, fresh, kept, out, n, used);
	fclose(f);
	return rc;
}

void
sources_free(char **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}
