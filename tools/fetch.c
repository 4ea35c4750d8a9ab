/* SPDX-License-Identifier: MIT */
/* HTTP(S) fetching with libcurl.  Never linked into the NSS module: a
   library that resolves names must not pull a resolver-using HTTP stack
   into every process that calls getservbyname(). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "fetch.h"

struct sink {
	struct fetch_result *res;
	size_t cap, maxlen;
	int too_big;
};

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;
	struct fetch_result *r = s->res;
	size_t len = size * n;

	if (len > s->maxlen - r->len) {
		s->too_big = 1;
		return 0;	/* makes curl fail with CURLE_WRITE_ERROR */
	}
	if (r->len + len + 1 > s->cap) {
		size_t cap = s->cap ? s->cap : 1 << 20;
		char *nb;

		while (cap < r->len + len + 1)
			cap *= 2;
		if (!(nb = realloc(r->body, cap)))
			return 0;
		r->body = nb;
		s->cap = cap;
	}
	memcpy(r->body + r->len, p, len);
	r->len += len;
	r->body[r->len] = 0;
	return len;
}

/* Copy the value of header LINE (LEN bytes, "Name: value\r\n") into
   OUT when its name is NAME. */
static void
header_value(const char *line, size_t len, const char *name, char *out,
    size_t outlen)
{
	size_t nl = strlen(name);

	if (len <= nl || strncasecmp(line, name, nl) || line[nl] != ':')
		return;
	line += nl + 1;
	len -= nl + 1;
	while (len && (*line == ' ' || *line == '\t'))
		line++, len--;
	while (len && isspace((unsigned char)line[len - 1]))
		len--;
	if (len >= outlen)
		return;	/* a validator we cannot keep whole is useless */
	memcpy(out, line, len);
	out[len] = 0;
}

static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct fetch_result *r = arg;
	size_t len = size * n;

	/* Each response of a redirect chain starts with its status line:
	   only the last one's validators describe the body we keep. */
	if (len >= 5 && !strncmp(p, "HTTP/", 5)) {
		r->etag[0] = 0;
		r->modified[0] = 0;
	}
	header_value(p, len, "ETag", r->etag, sizeof(r->etag));
	header_value(p, len, "Last-Modified", r->modified,
	    sizeof(r->modified));
	return len;
}

int
fetch_url(const char *url, const char *etag, const char *modified,
    size_t maxlen, struct fetch_result *res)
{
	static int initialised;
	struct curl_slist *hdrs = NULL;
	struct sink sink = { .res = res, .maxlen = maxlen };
	char line[512], errbuf[CURL_ERROR_SIZE] = "";
	CURL *c;
	CURLcode rc;

	memset(res, 0, sizeof(*res));
	if (!initialised) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT)) {
			snprintf(res->error, sizeof(res->error),
			    "cannot initialise libcurl");
			return -1;
		}
		initialised = 1;
	}
	if (!(c = curl_easy_init())) {
		snprintf(res->error, sizeof(res->error),
		    "cannot initialise libcurl");
		return -1;
	}
	if (etag && *etag) {
		snprintf(line, sizeof(line), "If-None-Match: %s", etag);
		hdrs = curl_slist_append(hdrs, line);
	}
	if (modified && *modified) {
		snprintf(line, sizeof(line), "If-Modified-Since: %s", modified);
		hdrs = curl_slist_append(hdrs, line);
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "ianaports (libcurl)");
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	/* Never let a redirect downgrade an https request to http. */
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR,
	    strncasecmp(url, "https:", 6) ? "http,https" : "https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	/* The registry compresses to a fifth of its size. */
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
	/* No overall limit, which would fail slow links: give up only on a
	   transfer that has stalled for a minute. */
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, res);

	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res->status);
	if (rc != CURLE_OK) {
		if (sink.too_big)
			snprintf(res->error, sizeof(res->error),
			    "more than %zu bytes: refused", maxlen);
		else
			snprintf(res->error, sizeof(res->error), "%s",
			    *errbuf ? errbuf : curl_easy_strerror(rc));
		/* "ianaports: URL: message" reads best in lowercase. */
		res->error[0] = (char)tolower((unsigned char)res->error[0]);
	}
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(c);
	return rc == CURLE_OK ? 0 : -1;
}

void
fetch_free(struct fetch_result *res)
{
	free(res->body);
	res->body = NULL;
	res->len = 0;
}
