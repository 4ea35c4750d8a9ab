/* SPDX-License-Identifier: MIT */
/* One servent as one line, the same in every hardening program, so that
   answers can be compared as strings. */
#ifndef SERVFMT_H
#define SERVFMT_H

#include <dirent.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

/* "name port/proto alias..." into OUT (LEN bytes). */
static inline void
serv_format(const struct servent *se, char *out, size_t len)
{
	size_t n;
	char **a;

	n = (size_t)snprintf(out, len, "%s %u/%s", se->s_name,
	    (unsigned)ntohs((uint16_t)se->s_port), se->s_proto);
	for (a = se->s_aliases; *a && n < len; a++)
		n += (size_t)snprintf(out + n, len - n, " %s", *a);
}

/* Whether S lies in BUF (LEN bytes) and ends there. */
static inline int
serv_str_inside(const char *s, const char *buf, size_t len)
{
	return s >= buf && s < buf + len && memchr(s, 0, (size_t)(buf + len -
	    s)) != NULL;
}

/* Whether the answer SE is whole: every string and the alias list in
   the caller's BUF (LEN bytes), as the module must fill it, each
   string ended and the list ended, so a damaged database cannot hand
   out a pointer elsewhere or an unended string. */
static inline int
serv_inside(const struct servent *se, const char *buf, size_t len)
{
	char **a = se->s_aliases;

	if (!serv_str_inside(se->s_name, buf, len) ||
	    !serv_str_inside(se->s_proto, buf, len))
		return 0;
	for (;; a++) {
		if ((const char *)a < buf ||
		    (const char *)(a + 1) > buf + len)
			return 0;
		if (!*a)
			return 1;
		if (!serv_str_inside(*a, buf, len))
			return 0;
	}
}

/* Ask glibc for QUERY: "name[/proto]" or "port[/proto]".  Returns 0
   and the line in OUT, the error of the _r call ("ERROR N"), -1 when
   not found ("NOTFOUND"), or -2 for an answer not whole ("MALFORMED"). */
static inline int
serv_lookup(const char *query, char *out, size_t len)
{
	char key[256], buf[4096], *proto, *end;
	struct servent se, *res = NULL;
	unsigned long port;
	int err;

	snprintf(key, sizeof(key), "%s", query);
	proto = strchr(key, '/');
	if (proto)
		*proto++ = 0;
	port = strtoul(key, &end, 10);
	if (*key >= '0' && *key <= '9' && !*end && port <= 65535)
		err = getservbyport_r((int)htons((uint16_t)port), proto, &se,
		    buf, sizeof(buf), &res);
	else
		err = getservbyname_r(key, proto, &se, buf, sizeof(buf), &res);
	if (err) {
		/* Never leave an earlier answer in OUT to be mistaken for
		   this one. */
		snprintf(out, len, "ERROR %d", err);
		return err;
	}
	if (!res) {
		snprintf(out, len, "NOTFOUND");
		return -1;
	}
	if (!serv_inside(res, buf, sizeof(buf))) {
		snprintf(out, len, "MALFORMED");
		return -2;
	}
	serv_format(res, out, len);
	return 0;
}

/* Descriptors open in this process (the one reading the list aside). */
static inline int
count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = -1;

	if (!d)
		return -1;
	while (readdir(d))
		n++;
	closedir(d);
	return n - 2;		/* ".", "..", and ours were counted */
}

#endif
