/* SPDX-License-Identifier: MIT */
/* Sources into memory: which files are read, and how much of them. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source.h"
#include "xalloc.h"

const char *
src_file_type(unsigned mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG:	return "a regular file";
	case S_IFDIR:	return "a directory";
	case S_IFCHR:	return "a character device";
	case S_IFBLK:	return "a block device";
	case S_IFIFO:	return "a FIFO";
	case S_IFSOCK:	return "a socket";
	case S_IFLNK:	return "a symbolic link";
	default:	return "not a regular file";
	}
}

/* A FIFO would block the compile until a writer came, a device such as
   /dev/zero never ends: only regular files are read by name. */
static int
refuse_type(struct src_ctx *ctx, mode_t mode)
{
	return src_error(ctx, 0, "%s, not a regular file: refused (only "
	    "regular files are read, and \"-\" for standard input)",
	    src_file_type(mode));
}

static int
too_big(struct src_ctx *ctx)
{
	return src_error(ctx, 0, "larger than %u MiB: refused",
	    SRC_MAX_BYTES >> 20);
}

/* Open PATH for reading, a regular file only, of *SIZE bytes; the
   descriptor, or -1. */
static int
open_regular(struct src_ctx *ctx, const char *path, size_t *size)
{
	struct stat st;
	int fd;

	/* Look before opening: opening a FIFO waits for a writer, and
	   opening a device may do things of its own. */
	if (!stat(path, &st) && !S_ISREG(st.st_mode))
		return refuse_type(ctx, st.st_mode);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return src_error(ctx, 0, "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		/* Replaced since the look. */
		close(fd);
		return refuse_type(ctx, st.st_mode);
	}
	if ((unsigned long long)st.st_size > SRC_MAX_BYTES) {
		close(fd);
		return too_big(ctx);
	}
	*size = (size_t)st.st_size;
	return fd;
}

/* Read FD to its end, SRC_MAX_BYTES at most, into *BUF and *LEN; SIZE
   is what fstat() says it holds, 0 when unknown. */
static int
read_capped(struct src_ctx *ctx, int fd, size_t size, char **buf,
    size_t *len)
{
	size_t cap = 0;
	char *b = NULL;
	ssize_t n;

	*len = 0;
	for (;;) {
		if (*len == cap) {
			if (cap > SRC_MAX_BYTES) {
				free(b);
				return too_big(ctx);
			}
			/* A regular file's size and a byte more, so that its
			   end is seen without growing; the cap and a byte
			   more at most, so that going past it is seen. */
			cap = cap ? 2 * cap : size ? size + 1 : 1 << 20;
			if (cap > SRC_MAX_BYTES + 1)
				cap = SRC_MAX_BYTES + 1;
			b = xrealloc(b, cap + 1);
		}
		n = read(fd, b + *len, cap - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(b);
			return src_error(ctx, 0, "cannot read: %s",
			    strerror(errno));
		}
		if (n == 0)
			break;
		*len += (size_t)n;
	}
	b[*len] = 0;
	*buf = b;
	return 0;
}

int
src_load(struct src_ctx *ctx, const char *path, char **buf, size_t *len)
{
	size_t size = 0;
	int fd, rc;

	if (!strcmp(path, "-"))
		return read_capped(ctx, STDIN_FILENO, 0, buf, len);
	if ((fd = open_regular(ctx, path, &size)) < 0)
		return -1;
	rc = read_capped(ctx, fd, size, buf, len);
	close(fd);
	return rc;
}

int
src_no_nul(struct src_ctx *ctx, const char *buf, size_t len)
{
	const char *nul = memchr(buf, 0, len), *p, *bol = buf;
	unsigned line = 1;

	if (!nul)
		return 0;
	for (p = buf; (p = memchr(p, '\n', (size_t)(nul - p))); bol = ++p)
		line++;
	return src_error(ctx, line, "NUL byte at column %zu: not a text "
	    "file, or a damaged one", (size_t)(nul - bol) + 1);
}
