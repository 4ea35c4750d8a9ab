/* SPDX-License-Identifier: MIT */
/* A getservent walk across a replacement.
 *
 *   walk DB A.db B.db QUERY WANT_B DURING AFTER
 *
 * DB is made A; a walk starts; after its 10th entry B is renamed over
 * DB, and the walk goes on only once QUERY answers WANT_B (the module
 * has seen B), and again after another second.  That walk goes to
 * DURING, one line an entry: it must be A's walk, whole.  The next walk,
 * after endservent, goes to AFTER: B's.
 */
#include <nss.h>

#include "live.h"

/* Walk the database to OUT; after N entries call MID (when not NULL). */
static long
walk(const char *out, long n, void (*mid)(void))
{
	struct servent se, *res;
	char buf[4096], line[8192];
	FILE *f = fopen(out, "w");
	long k;

	if (!f)
		die(out);
	setservent(0);
	for (k = 0; getservent_r(&se, buf, sizeof(buf), &res) == 0 && res;
	    k++) {
		if (!serv_inside(res, buf, sizeof(buf)))
			snprintf(line, sizeof(line), "MALFORMED");
		else
			serv_format(res, line, sizeof(line));
		fprintf(f, "%s\n", line);
		if (k + 1 == n && mid)
			mid();
	}
	endservent();
	if (fclose(f))
		die(out);
	return k;
}

static const char *dbpath, *b_db, *query, *want_b;

static void
swap(void)
{
	char line[8192];

	replace_db(b_db, dbpath);
	if (!await_answer(query, want_b, 15, line, sizeof(line))) {
		fprintf(stderr, "walk: B not served: \"%s\"\n", line);
		exit(1);
	}
	sleep_s(1.1);
	serv_lookup(query, line, sizeof(line));
}

int
main(int argc, char **argv)
{
	char line[8192];

	if (argc != 8) {
		fprintf(stderr, "usage: walk DB A.db B.db QUERY WANT_B DURING "
		    "AFTER\n");
		return 2;
	}
	dbpath = argv[1];
	b_db = argv[3];
	query = argv[4];
	want_b = argv[5];
	__nss_configure_lookup("services", "ianaports");
	replace_db(argv[2], dbpath);
	serv_lookup(query, line, sizeof(line));
	printf("walk across the replacement: %ld entries\n",
	    walk(argv[6], 10, swap));
	printf("walk after it: %ld entries\n", walk(argv[7], 0, NULL));
	return 0;
}
