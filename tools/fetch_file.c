/* SPDX-License-Identifier: MIT */
/* `ianaports update` from a local file: offline machines, mirrors on a
   shared file system.  The file is read as a download would arrive. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fetch.h"

const char *
fetch_local_path(const char *url)
{
	if (!strncmp(url, "file://", 7)) {
		url += 7;
		if (!strncmp(url, "localhost/", 10))
			url += 9;
		return url;	/* a host other than localhost: not found */
	}
	return strstr(url, "://") ? NULL : url;
}

/* RES->error from ERRNO; -1. */
static int
failed(struct fetch_result *res, const char *what)
{
	snprintf(res->error, sizeof(res->error), "%s: %s", what,
	    strerror(errno));
	return -1;
}

int
fetch_file(const char *path, size_t maxlen, struct fetch_result *res)
{
	struct stat st;
	ssize_t n;
	int fd;

	memset(res, 0, sizeof(*res));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return failed(res, "cannot open");
	if (fstat(fd, &st) < 0) {
		close(fd);
		return failed(res, "cannot stat");
	}
	if (!S_ISREG(st.st_mode) || (size_t)st.st_size > maxlen) {
		close(fd);
		snprintf(res->error, sizeof(res->error), S_ISREG(st.st_mode) ?
		    "larger than %zu bytes" : "not a regular file", maxlen);
		return -1;
	}
	if (!(res->body = malloc((size_t)st.st_size + 1)))
		abort();
	while (res->len < (size_t)st.st_size) {
		n = read(fd, res->body + res->len, (size_t)st.st_size -
		    res->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;	/* shrank while read */
			close(fd);
			fetch_free(res);
			return failed(res, "cannot read");
		}
		res->len += (size_t)n;
	}
	res->body[res->len] = 0;
	close(fd);
	res->status = 200;	/* as a download that arrived whole */
	return 0;
}
