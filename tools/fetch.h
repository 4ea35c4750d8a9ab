/* SPDX-License-Identifier: MIT */
/* HTTP(S) fetching for `ianaports update`: libcurl, in the tool only. */
#ifndef FETCH_H
#define FETCH_H

#include <stddef.h>

/* What one GET brought back. */
struct fetch_result {
	long status;		/* HTTP status of the last response */
	char *body;		/* malloc'd, NUL-terminated; NULL when empty */
	size_t len;
	char etag[256];		/* validators of the response, "" if none */
	char modified[128];	/* Last-Modified, verbatim */
	char error[512];	/* transport error, lowercase */
};

/* GET URL.  With ETAG or MODIFIED (NULL or "" for none) the request is
   conditional, so that an unchanged document costs one small 304.  A
   body over MAXLEN bytes is refused.  Returns 0 when a response arrived,
   whatever its status, or -1 with RES->error set when none did (no
   connection, timeout, a body cut short).  fetch_free() in every case. */
int fetch_url(const char *url, const char *etag, const char *modified,
    size_t maxlen, struct fetch_result *res);
void fetch_free(struct fetch_result *res);

/* The file a URL names when it is local: a path, or file:///PATH (also
   file://localhost/PATH); NULL for any other URL. */
const char *fetch_local_path(const char *url);
/* Read the file the local URL names (fetch_local_path()) into RES as a
   download with status 200, by the rules of every source (a regular
   file, or "-" for standard input, of SRC_MAX_BYTES at most).  Returns
   0, or -1 with RES->error set, which names URL ("URL: message").
   fetch_free() in every case. */
int fetch_file(const char *url, struct fetch_result *res);

#endif
