/* SPDX-License-Identifier: MIT */
/* What compile and update refuse to destroy: a target that is not a
   database of ours, and a database that would shrink too much. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "ipdb.h"
#include "model.h"
#include "source.h"
#include "xalloc.h"

/* Whether the regular file PATH, which lstat() gave ST, starts with the
   format's magic (whatever its version: an older database is replaced
   on upgrade); -1 when it cannot be read. */
static int
has_magic(const char *path, const struct stat *st)
{
	unsigned char magic[IPDB_MAGIC_LEN];
	struct stat fst;
	int fd, ok;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK |
	    O_NOFOLLOW);
	if (fd < 0)
		return -1;
	ok = !fstat(fd, &fst) && fst.st_dev == st->st_dev &&
	    fst.st_ino == st->st_ino &&
	    read(fd, magic, sizeof(magic)) == (ssize_t)sizeof(magic) &&
	    !memcmp(magic, IPDB_MAGIC, IPDB_MAGIC_LEN);
	close(fd);
	return ok;
}

/* Look at PATH (not a symbolic link) for T: 0 when it may be replaced
   (absent, a database, an empty file), else WHAT says what it is. */
static int
look_at(const char *path, struct target *t, char *what, size_t len)
{
	struct ipdb db;
	int magic;

	if (lstat(path, &t->st) < 0) {
		if (errno == ENOENT)
			return 0;
		snprintf(what, len, "cannot be examined (%s)",
		    strerror(errno));
		return -1;
	}
	if (!S_ISREG(t->st.st_mode)) {
		snprintf(what, len, "%s, not an ianaports database",
		    src_file_type(t->st.st_mode));
		return -1;
	}
	/* An empty file, as mktemp(1) leaves, holds nothing to lose. */
	magic = t->st.st_size ? has_magic(path, &t->st) : 1;
	if (magic < 0) {
		snprintf(what, len, "cannot be read (%s)", strerror(errno));
		return -1;
	}
	if (!magic) {
		snprintf(what, len, "a regular file, not an ianaports "
		    "database");
		return -1;
	}
	t->exists = 1;
	if (t->st.st_size && !ipdb_open(&db, path, 0)) {
		t->entries = db.nents;
		ipdb_close(&db);
	}
	return 0;
}

int
target_check(const char *out, int force, struct target *t)
{
	char what[PATH_MAX + 256], type[128], *real = NULL;
	const char *path = out;
	struct stat st;
	int rc;

	memset(t, 0, sizeof(*t));
	t->entries = -1;
	/* A link to a database is followed: the database is replaced
	   where it lives, and the link stays. */
	if (!lstat(out, &st) && S_ISLNK(st.st_mode)) {
		if (!(real = realpath(out, NULL))) {
			snprintf(what, sizeof(what), "a symbolic link that "
			    "cannot be followed (%s)", strerror(errno));
			rc = -1;
		} else if ((rc = look_at(real, t, type, sizeof(type))) < 0) {
			snprintf(what, sizeof(what), "a symbolic link to "
			    "\"%s\", %s", real, type);
		}
		path = real;
	} else {
		rc = look_at(out, t, what, sizeof(what));
	}
	if (rc == 0) {
		t->path = xstrdup(path);
		free(real);
		return 0;
	}
	free(real);
	if (!force) {
		errorx("%s: %s: refused (use --force to replace it)", out,
		    what);
		return -1;
	}
	fprintf(stderr, "ianaports: warning: %s: %s: replaced (--force)\n",
	    out, what);
	memset(t, 0, sizeof(*t));
	t->entries = -1;
	t->forced = 1;
	t->path = xstrdup(out);
	return 0;
}

void
target_free(struct target *t)
{
	free(t->path);
	t->path = NULL;
}

int
shrink_guard(const char *subject, const char *what, size_t oldn,
    size_t newn, unsigned max_loss, int force)
{
	if (!oldn || newn * 100 >= oldn * (100 - max_loss))
		return 0;
	if (!force) {
		errorx("%s: %s from %zu to %zu entries (over %u%% fewer): "
		    "refused (use --force to accept it)", subject, what, oldn,
		    newn, max_loss);
		return -1;
	}
	fprintf(stderr, "ianaports: warning: %s: %s from %zu to %zu "
	    "entries: accepted (--force)\n", subject, what, oldn, newn);
	return 0;
}
