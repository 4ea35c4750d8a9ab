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
#include "source.h"
#include "xalloc.h"

/* The protocols a fetch may use are set by name since libcurl 7.85,
   which deprecates the older bitmask options; Debian 11, Ubuntu 22.04
   and RHEL 9 ship older libcurls.  By name only when both the headers
   built against and the library loaded know the names (libcurl is
   opened at run time, so the two can differ); by bitmask otherwise. */
#define PROTOCOLS_STR_SINCE 0x075500
#if LIBCURL_VERSION_NUM >= PROTOCOLS_STR_SINCE
#define HAVE_PROTOCOLS_STR 1
#else
#define HAVE_PROTOCOLS_STR 0
#endif

/* The libcurl entry points fetch_url() uses, resolved by load_curl(),
   and what the loaded library is. */
static struct {
	CURLcode (*global_init)(long);
	curl_version_info_data *(*version_info)(CURLversion);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	const char *(*easy_strerror)(CURLcode);
	void (*easy_cleanup)(CURL *);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
	const char *version;		/* "7.81.0" */
	int protocols_str;		/* the by-name options work */
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
	curl_version_info_data *info;
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
	SYM(version_info, "curl_version_info")
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
	info = cu.version_info(CURLVERSION_NOW);
	cu.version = info && info->version ? info->version : "?";
	cu.protocols_str = HAVE_PROTOCOLS_STR && info &&
	    (unsigned)info->version_num >= PROTOCOLS_STR_SINCE;
	state = 1;
out:
	if (state < 0)
		snprintf(err, errlen, "libcurl is unusable");
	return state > 0 ? 0 : -1;
}

struct sink {
	struct fetch_result *res;
	struct src_buf body;	/* the result's body, as it grows */
	size_t maxlen;
	int too_big;
};

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;
	size_t len = size * n;

	if (len > s->maxlen - s->body.len) {
		s->too_big = 1;
		return 0;	/* makes curl fail with CURLE_WRITE_ERROR */
	}
	src_buf_put(&s->body, p, len);
	s->res->body = s->body.s;
	s->res->len = s->body.len;
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

/* RES->error for a transfer that failed with RC. */
static void
transfer_error(struct fetch_result *res, const struct sink *sink,
    CURLcode rc, const char *errbuf)
{
	if (sink->too_big)
		snprintf(res->error, sizeof(res->error),
		    "more than %zu bytes: refused", sink->maxlen);
	else
		snprintf(res->error, sizeof(res->error), "%s",
		    *errbuf ? errbuf : cu.easy_strerror(rc));
	/* "ianaports: URL: message" reads best in lowercase. */
	res->error[0] = (char)tolower((unsigned char)res->error[0]);
}

/* Only http and https, and a redirect from https only to https. */
static CURLcode
set_protocols(CURL *c, const char *url, const char **what)
{
	int https = !strncasecmp(url, "https:", 6);
	long web = CURLPROTO_HTTP | CURLPROTO_HTTPS;
	CURLcode rc;

#if HAVE_PROTOCOLS_STR
	if (cu.protocols_str) {
		*what = "CURLOPT_PROTOCOLS_STR";
		rc = cu.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
		if (rc != CURLE_OK)
			return rc;
		*what = "CURLOPT_REDIR_PROTOCOLS_STR";
		return cu.easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR,
		    https ? "https" : "http,https");
	}
#endif
	/* Deprecated, not removed: every libcurl since 7.19.4 obeys them. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
	*what = "CURLOPT_PROTOCOLS";
	rc = cu.easy_setopt(c, CURLOPT_PROTOCOLS, web);
	if (rc != CURLE_OK)
		return rc;
	*what = "CURLOPT_REDIR_PROTOCOLS";
	return cu.easy_setopt(c, CURLOPT_REDIR_PROTOCOLS,
	    https ? (long)CURLPROTO_HTTPS : web);
#pragma GCC diagnostic pop
}

/* Every option of the request.  Each one is checked: those that keep the
   fetch safe (protocols, redirects, TLS verification, timeouts, the size
   limit in on_body) most of all, and a fetch with any of them unset is
   not made.  0, or -1 with ERR naming the option libcurl refused. */
static int
set_options(CURL *c, const char *url, struct curl_slist *hdrs,
    char *errbuf, struct sink *sink, char *err, size_t errlen)
{
	const char *bad = NULL;
	CURLcode rc = set_protocols(c, url, &bad);

#define SET(opt, val) do { \
	if (rc == CURLE_OK && (rc = cu.easy_setopt(c, opt, val)) != CURLE_OK) \
		bad = #opt; \
} while (0)
	SET(CURLOPT_URL, url);
	SET(CURLOPT_HTTPHEADER, hdrs);
	SET(CURLOPT_ERRORBUFFER, errbuf);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_USERAGENT, "ianaports (libcurl)");
	SET(CURLOPT_FOLLOWLOCATION, 1L);
	SET(CURLOPT_MAXREDIRS, 5L);
	/* libcurl's defaults, said here so that no build can differ. */
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	/* The registry compresses to a fifth of its size. */
	SET(CURLOPT_ACCEPT_ENCODING, "");
	SET(CURLOPT_CONNECTTIMEOUT, 30L);
	/* No overall limit, which would fail slow links: give up only on a
	   transfer that has stalled for a minute. */
	SET(CURLOPT_LOW_SPEED_LIMIT, 1L);
	SET(CURLOPT_LOW_SPEED_TIME, 60L);
	SET(CURLOPT_WRITEFUNCTION, on_body);
	SET(CURLOPT_WRITEDATA, sink);
	SET(CURLOPT_HEADERFUNCTION, on_header);
	SET(CURLOPT_HEADERDATA, sink->res);
#undef SET
	if (rc == CURLE_OK)
		return 0;
	snprintf(err, errlen, "libcurl %s refused %s (%s): not fetching "
	    "without it", cu.version, bad, cu.easy_strerror(rc));
	return -1;
}

int
fetch_url(const char *url, const char *etag, const char *modified,
    size_t maxlen, struct fetch_result *res)
{
	struct curl_slist *hdrs = NULL;
	struct sink sink = { .res = res, .maxlen = maxlen };
	char line[512], errbuf[CURL_ERROR_SIZE] = "";
	CURL *c;
	CURLcode rc = CURLE_FAILED_INIT;

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
	if (set_options(c, url, hdrs, errbuf, &sink, res->error,
	    sizeof(res->error)) == 0) {
		rc = cu.easy_perform(c);
		cu.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res->status);
		if (rc != CURLE_OK)
			transfer_error(res, &sink, rc, errbuf);
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
