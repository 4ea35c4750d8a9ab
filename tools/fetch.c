/* SPDX-License-Identifier: MIT */
/* HTTP(S) fetching with libcurl.  Never linked into the NSS module: a
   library that resolves names must not pull a resolver-using HTTP stack
   into every process that calls getservbyname().

   Not linked into the command either, but opened when `update` first
   fetches: libcurl brings some thirty libraries (TLS,
   LDAP, SSH, Kerberos) whose loading and relocation cost every command
   about 5 ms, four times what `compile` of the sample takes. */
#include <ctype.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "fetch.h"

/* The libcurl entry points fetch_url() uses, resolved by load_curl(). */
static struct {
	CURLcode (*global_init)(long);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	const char *(*easy_strerror)(CURLcode);
	void (*easy_cleanup)(CURL *);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
} cu;

/* Open libcurl (Debian's OpenSSL or GnuTLS flavour, either will do) and
   initialise it, once.  0, or -1 with ERR set. */
static int
load_curl(char *err, size_t errlen)
{
	static const char *const sonames[] = {
		"libcurl.so.4", "libcurl-gnutls.so.4",
	};
	static int state;	/* 0 not tried, 1 ready, -1 failed */
	void *h = NULL;
	size_t i;

	if (state)
		goto out;
	state = -1;
	for (i = 0; !h && i < sizeof(sonames) / sizeof(sonames[0]); i++)
		h = dlopen(sonames[i], RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(err, errlen, "cannot load libcurl (libcurl.so.4): "
		    "%s; install libcurl4", dlerror());
		return -1;
	}
#define SYM(field, name) \
	if (!(*(void **)&cu.field = dlsym(h, name))) { \
		snprintf(err, errlen, "libcurl lacks %s", name); \
		return -1; \
	}
	SYM(global_init, "curl_global_init")
	SYM(easy_init, "curl_easy_init")
	SYM(easy_setopt, "curl_easy_setopt")
	SYM(easy_perform, "curl_easy_perform")
	SYM(easy_getinfo, "curl_easy_getinfo")
	SYM(easy_strerror, "curl_easy_strerror")
	SYM(easy_cleanup, "curl_easy_cleanup")
	SYM(slist_append, "curl_slist_append")
	SYM(slist_free_all, "curl_slist_free_all")
#undef SYM
	if (cu.global_init(CURL_GLOBAL_DEFAULT)) {
		snprintf(err, errlen, "cannot initialise libcurl");
		return -1;
	}
	state = 1;
out:
	if (state < 0)
		snprintf(err, errlen, "libcurl is unusable");
	return state > 0 ? 0 : -1;
}

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
	struct curl_slist *hdrs = NULL;
	struct sink sink = { .res = res, .maxlen = maxlen };
	char line[512], errbuf[CURL_ERROR_SIZE] = "";
	CURL *c;
	CURLcode rc;

	memset(res, 0, sizeof(*res));
	if (load_curl(res->error, sizeof(res->error)))
		return -1;
	if (!(c = cu.easy_init())) {
		snprintf(res->error, sizeof(res->error),
		    "cannot initialise libcurl");
		return -1;
	}
	if (etag && *etag) {
		snprintf(line, sizeof(line), "If-None-Match: %s", etag);
		hdrs = cu.slist_append(hdrs, line);
	}
	if (modified && *modified) {
		snprintf(line, sizeof(line), "If-Modified-Since: %s", modified);
		hdrs = cu.slist_append(hdrs, line);
	}
	cu.easy_setopt(c, CURLOPT_URL, url);
	cu.easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	cu.easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	cu.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	cu.easy_setopt(c, CURLOPT_USERAGENT, "ianaports (libcurl)");
	cu.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	/* Never let a redirect downgrade an https request to http. */
	cu.easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR,
	    strncasecmp(url, "https:", 6) ? "http,https" : "https");
	cu.easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	cu.easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	/* The registry compresses to a fifth of its size. */
	cu.easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	cu.easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
	/* No overall limit, which would fail slow links: give up only on a
	   transfer that has stalled for a minute. */
	cu.easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	cu.easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
	cu.easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	cu.easy_setopt(c, CURLOPT_WRITEDATA, &sink);
	cu.easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	cu.easy_setopt(c, CURLOPT_HEADERDATA, res);

	rc = cu.easy_perform(c);
	cu.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res->status);
	if (rc != CURLE_OK) {
		if (sink.too_big)
			snprintf(res->error, sizeof(res->error),
			    "more than %zu bytes: refused", maxlen);
		else
			snprintf(res->error, sizeof(res->error), "%s",
			    *errbuf ? errbuf : cu.easy_strerror(rc));
		/* "ianaports: URL: message" reads best in lowercase. */
		res->error[0] = (char)tolower((unsigned char)res->error[0]);
	}
	cu.slist_free_all(hdrs);
	cu.easy_cleanup(c);
	return rc == CURLE_OK ? 0 : -1;
}

void
fetch_free(struct fetch_result *res)
{
	free(res->body);
	res->body = NULL;
	res->len = 0;
}
