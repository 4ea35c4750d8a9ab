/* SPDX-License-Identifier: MIT */
/* The writer's checked rename: it replaces only what the caller saw at
   the path, whatever was put there since. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "ipdb_write.h"
#include "testutil.h"

static const unsigned char img[] = "the new database";

struct dir {
	char path[64], file[96];
};

static int
setup(void **state)
{
	struct dir *d = calloc(1, sizeof(*d));

	assert_non_null(d);
	snprintf(d->path, sizeof(d->path), "/tmp/ipdb-write.XXXXXX");
	assert_non_null(mkdtemp(d->path));
	snprintf(d->file, sizeof(d->file), "%s/services.db", d->path);
	*state = d;
	return 0;
}

static int
teardown(void **state)
{
	struct dir *d = *state;
	struct dirent *e;
	char p[384];
	DIR *dp = opendir(d->path);

	while (dp && (e = readdir(dp)))
		if (e->d_name[0] != '.') {
			snprintf(p, sizeof(p), "%s/%s", d->path, e->d_name);
			unlink(p);
		}
	if (dp)
		closedir(dp);
	rmdir(d->path);
	free(d);
	return 0;
}

/* Files in D's directory: the target alone, no temporary file left. */
static int
nfiles(const struct dir *d)
{
	struct dirent *e;
	DIR *dp = opendir(d->path);
	int n = 0;

	assert_non_null(dp);
	while ((e = readdir(dp)))
		n += e->d_name[0] != '.';
	closedir(dp);
	return n;
}

static void
put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static int
holds(const char *path, const void *want, size_t len)
{
	size_t n;
	char *got = slurp(path, &n);
	int same = n == len && !memcmp(got, want, len);

	free(got);
	return same;
}

static int
write_over(const struct dir *d, const struct stat *old)
{
	char err[512];

	return ipdb_write_over(d->file, img, sizeof(img), old, err,
	    sizeof(err));
}

/* Nothing there: created; something there since: left alone. */
static void
test_new_file(void **state)
{
	struct dir *d = *state;

	assert_int_equal(write_over(d, NULL), 0);
	assert_true(holds(d->file, img, sizeof(img)));
	assert_int_equal(write_over(d, NULL), -1);
	assert_int_equal(errno, EEXIST);
	assert_int_equal(nfiles(d), 1);
}

/* The file looked at: replaced, mode 0644. */
static void
test_same_file(void **state)
{
	struct dir *d = *state;
	struct stat st;

	put(d->file, "old");
	assert_int_equal(lstat(d->file, &st), 0);
	assert_int_equal(write_over(d, &st), 0);
	assert_true(holds(d->file, img, sizeof(img)));
	assert_int_equal(lstat(d->file, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	assert_int_equal(nfiles(d), 1);
}

/* Another file, a FIFO, a device node, nothing: what was put there
   stays, and no temporary file is left. */
static void
test_changed(void **state)
{
	struct dir *d = *state;
	struct stat old, st;
	int fd;

	put(d->file, "old");
	assert_int_equal(lstat(d->file, &old), 0);

	/* Another regular file: kept apart by its inode (the old one is
	   kept open, so that no file made here reuses its number). */
	fd = open(d->file, O_RDONLY);
	assert_true(fd >= 0);
	unlink(d->file);
	put(d->file, "other");
	assert_int_equal(write_over(d, &old), -1);
	assert_int_equal(errno, EEXIST);
	assert_true(holds(d->file, "other", 5));

	unlink(d->file);
	assert_int_equal(mkfifo(d->file, 0644), 0);
	assert_int_equal(write_over(d, &old), -1);
	assert_int_equal(lstat(d->file, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	assert_int_equal(nfiles(d), 1);

	unlink(d->file);
	if (!mknod(d->file, S_IFCHR | 0666, makedev(1, 3))) {
		assert_int_equal(write_over(d, &old), -1);
		assert_int_equal(lstat(d->file, &st), 0);
		assert_true(S_ISCHR(st.st_mode));
		assert_int_equal(st.st_rdev, makedev(1, 3));
		assert_int_equal(nfiles(d), 1);
		unlink(d->file);
	}

	/* Gone: not created either, the caller looks again. */
	assert_int_equal(write_over(d, &old), -1);
	assert_int_equal(errno, EEXIST);
	assert_int_equal(nfiles(d), 0);
	close(fd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_changed, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
