/* SPDX-License-Identifier: MIT */
/* Unit tests for the default sources: which of several registries is the
   newest, by the date each states; an excerpt's date is not a registry's. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "testutil.h"
#include "sources.h"

#define SNAPSHOT "data/service-names-port-numbers.xml"
#define SAMPLE "data/sample-registry.txt"
#define PREFERRED "data/preferred-names.services"

static char dir[] = "/tmp/ianaports-sources.XXXXXX";
static char older[64], newer[64], same_date[64], missing[64];

/* Write the snapshot to PATH with its own date replaced by DATE. */
static void
redate(const char *path, const char *date)
{
	size_t len;
	char *buf = slurp(SNAPSHOT, &len);
	char *at = strstr(buf, "<updated>2026-08-17</updated>");
	FILE *f = fopen(path, "wb");

	assert_non_null(at);
	memcpy(at + 9, date, 10);
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(buf);
}

static int
setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(older, sizeof(older), "%s/older.xml", dir);
	snprintf(newer, sizeof(newer), "%s/newer.xml", dir);
	snprintf(same_date, sizeof(same_date), "%s/same.xml", dir);
	snprintf(missing, sizeof(missing), "%s/missing.xml", dir);
	redate(older, "2025-01-31");
	redate(newer, "2027-02-01");
	redate(same_date, "2026-08-17");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	unlink(older);
	unlink(newer);
	unlink(same_date);
	rmdir(dir);
	return 0;
}

static void
test_file_date(void **state)
{
	(void)state;
	assert_int_equal(src_file_date(SNAPSHOT), 20260817);
	assert_int_equal(src_file_date(newer), 20270201);
	/* The excerpt says 2025-07-22, but it is not the registry. */
	assert_int_equal(src_file_date(SAMPLE), 0);
	assert_int_equal(src_file_date(PREFERRED), 0);
	assert_int_equal(src_file_date(missing), 0);
}

/* The excerpt's date is noted as such in the model, never as the
   registry's, whatever the order of the sources. */
static void
test_excerpt_date(void **state)
{
	struct model m;
	struct src_ctx ctx = { .path = SAMPLE, .model = &m, .quiet = 1 };

	(void)state;
	model_init(&m);
	assert_int_equal(src_read_file(&ctx, SAMPLE), 0);
	assert_int_equal(m.date, 0);
	assert_int_equal(m.excerpt_date, 20250722);
	ctx.path = older;
	assert_int_equal(src_read_file(&ctx, older), 0);
	assert_int_equal(m.date, 20250131);
	model_free(&m);
}

static void
test_newest(void **state)
{
	char *a[] = { older, (char *)SNAPSHOT, newer };
	char *b[] = { newer, (char *)SNAPSHOT, older };
	char *eq[] = { same_date, (char *)SNAPSHOT };
	char *gone[] = { missing, older };
	char *none[] = { missing };
	char *undated[] = { (char *)SAMPLE, older };
	char *one[] = { (char *)PREFERRED };

	(void)state;
	assert_int_equal(sources_newest(a, 3), 2);
	assert_int_equal(sources_newest(b, 3), 0);
	assert_int_equal(sources_newest(a, 2), 1);	/* which exists: both */
	assert_int_equal(sources_newest(eq, 2), 0);	/* the first of equals */
	assert_int_equal(sources_newest(gone, 2), 1);
	assert_int_equal(sources_newest(none, 1), -1);
	assert_int_equal(sources_newest(undated, 2), 1);
	assert_int_equal(sources_newest(one, 1), 0);
}

/* Read LIST as a sources file; the chosen paths joined by spaces. */
static char *
chosen(const char *list, const char *fresh, int *used)
{
	static char out[1024];
	FILE *f = fmemopen((void *)list, strlen(list), "r");
	char **v;
	size_t n, i;

	assert_non_null(f);
	assert_int_equal(sources_read(f, fresh, NULL, &v, &n, used), 0);
	fclose(f);
	out[0] = 0;
	for (i = 0; i < n; i++)
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s",
		    i ? " " : "", v[i]);
	sources_free(v, n);
	return out;
}

static void
test_read(void **state)
{
	char list[1024], want[512];
	int used;

	(void)state;
	snprintf(list, sizeof(list), "# comment\n%s   # trailing\n\n"
	    "/nonexistent\n%s %s\n", PREFERRED, older, SNAPSHOT);
	snprintf(want, sizeof(want), "%s %s", PREFERRED, SNAPSHOT);
	assert_string_equal(chosen(list, NULL, NULL), want);

	/* update: the fresh registry in the kept one's place, chosen when
	   newer than the snapshot, not when older. */
	snprintf(list, sizeof(list), "%s\n%s %s\n", PREFERRED, KEPT_REGISTRY,
	    SNAPSHOT);
	snprintf(want, sizeof(want), "%s %s", PREFERRED, newer);
	assert_string_equal(chosen(list, newer, &used), want);
	assert_int_equal(used, 1);
	snprintf(want, sizeof(want), "%s %s", PREFERRED, SNAPSHOT);
	assert_string_equal(chosen(list, older, &used), want);
	assert_int_equal(used, 0);
	/* Not listed at all. */
	snprintf(list, sizeof(list), "%s\n", PREFERRED);
	assert_string_equal(chosen(list, newer, &used), PREFERRED);
	assert_int_equal(used, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_date),
		cmocka_unit_test(test_excerpt_date),
		cmocka_unit_test(test_newest),
		cmocka_unit_test(test_read),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
