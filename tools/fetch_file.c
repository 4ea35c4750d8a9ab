/* SPDX-License-Identifier: MIT */
/* `ianaports update` from a local file: offline machines, mirrors on a
   shared file system.  The file is read as any source is (src_load()),
   and handed on as a download that arrived whole. */
#include <stdio.h>
#include <string.h>

#include "fetch.h"
#include "model.h"
#include "source.h"

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

int
fetch_file(const char *url, struct fetch_result *res)
{
	/* Messages name the file as the user gave it. */
	struct src_ctx ctx = { .path = url };

	memset(res, 0, sizeof(*res));
	if (src_load(&ctx, fetch_local_path(url), &res->body, &res->len) < 0) {
		snprintf(res->error, sizeof(res->error), "%s", ctx.error);
		return -1;
	}
	res->status = 200;
	return 0;
}
