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

/* Ask glibc for QUERY: "name[/proto]" or "port[/proto]".  Returns 0
   and the line in OUT, or the error of the _r call (-1: not found). */
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
