/* SPDX-License-Identifier: MIT */
/* Every entry found back, in one process: with nsswitch set to the
   module alone (__nss_configure_lookup, as glibc's nss/test-netdb.c
   does), enumerate with getservent and then, for each entry, ask
   getservbyport_r for its port and protocol (the same entry must come
   back) and getservbyname_r for each of its names and its protocol (an
   entry holding that name must come back).  Prints a summary line and
   the first failures; exit 0 when all agree, 1 otherwise. */
#include <errno.h>
#include <netdb.h>
#include <nss.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>

struct ent {
	char **names;		/* official first, NULL-terminated */
	char *proto;
	int port;		/* network order, as in s_port */
};

static unsigned failures;

static void
failure(const char *fmt, const char *a, unsigned port, const char *proto,
    const char *got)
{
	if (failures++ < 20) {
		fprintf(stderr, "servcheck: ");
		fprintf(stderr, fmt, a, port, proto, got);
		fputc('\n', stderr);
	}
}

static char *
xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p) {
		perror("servcheck");
		exit(2);
	}
	return p;
}

static void
copy(struct ent *e, const struct servent *se)
{
	size_t n = 1, i;
	char **a;

	for (a = se->s_aliases; *a; a++)
		n++;
	e->names = calloc(n + 1, sizeof(*e->names));
	if (!e->names) {
		perror("servcheck");
		exit(2);
	}
	e->names[0] = xstrdup(se->s_name);
	for (i = 1, a = se->s_aliases; *a; a++, i++)
		e->names[i] = xstrdup(*a);
	e->proto = xstrdup(se->s_proto);
	e->port = se->s_port;
}

static int
holds(const struct servent *se, const char *name)
{
	char **a;

	if (!strcasecmp(se->s_name, name))
		return 1;
	for (a = se->s_aliases; *a; a++)
		if (!strcasecmp(*a, name))
			return 1;
	return 0;
}

/* A lookup by NAME, or by PORT when NAME is NULL, with a buffer grown on
   ERANGE as glibc's callers do. */
static struct servent *
lookup(const char *name, int port, const char *proto, struct servent *se)
{
	static char *buf;
	static size_t len = 64;
	struct servent *r;
	int err;

	for (;;) {
		if (!buf && !(buf = malloc(len)))
			exit(2);
		err = name ? getservbyname_r(name, proto, se, buf, len, &r) :
		    getservbyport_r(port, proto, se, buf, len, &r);
		if (err != ERANGE)
			return err ? NULL : r;
		free(buf);
		buf = NULL;
		len *= 2;
	}
}

static int
key_cmp(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;
	int c = strcmp(x->proto, y->proto);

	return c ? c : (ntohs((uint16_t)x->port) > ntohs((uint16_t)y->port)) -
	    (ntohs((uint16_t)x->port) < ntohs((uint16_t)y->port));
}

int
main(void)
{
	struct ent *ents = NULL, *sorted;
	size_t n = 0, cap = 0, i, k, names = 0;
	struct servent *se, res;

	if (__nss_configure_lookup("services", "ianaports") < 0) {
		perror("servcheck: __nss_configure_lookup");
		return 2;
	}
	setservent(0);
	while ((se = getservent())) {
		if (n == cap) {
			cap = cap ? 2 * cap : 1024;
			ents = realloc(ents, cap * sizeof(*ents));
			if (!ents)
				return 2;
		}
		copy(&ents[n++], se);
	}
	endservent();
	if (!n) {
		fprintf(stderr, "servcheck: getservent gave nothing\n");
		return 1;
	}

	/* Each (port, protocol) once. */
	sorted = malloc(n * sizeof(*sorted));
	if (!sorted)
		return 2;
	memcpy(sorted, ents, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), key_cmp);
	for (i = 1; i < n; i++)
		if (!key_cmp(&sorted[i - 1], &sorted[i]))
			failure("%s %u/%s enumerated twice%s", sorted[i].names[0],
			    ntohs((uint16_t)sorted[i].port), sorted[i].proto, "");
	free(sorted);

	for (i = 0; i < n; i++) {
		const struct ent *e = &ents[i];
		unsigned port = ntohs((uint16_t)e->port);

		se = lookup(NULL, e->port, e->proto, &res);
		if (!se)
			failure("%s %u/%s: not found by port%s", e->names[0],
			    port, e->proto, "");
		else if (strcmp(se->s_name, e->names[0]) ||
		    se->s_port != e->port || strcmp(se->s_proto, e->proto))
			failure("%s %u/%s: by port gives %s", e->names[0],
			    port, e->proto, se->s_name);
		for (k = 0; e->names[k]; k++, names++) {
			se = lookup(e->names[k], 0, e->proto, &res);
			if (!se)
				failure("%s %u/%s: not found by name%s",
				    e->names[k], port, e->proto, "");
			else if (!holds(se, e->names[k]) ||
			    strcmp(se->s_proto, e->proto))
				failure("%s %u/%s: by name gives %s",
				    e->names[k], port, e->proto, se->s_name);
		}
	}
	printf("%zu entries, %zu names looked up, %u failures\n", n, names,
	    failures);
	return failures ? 1 : 0;
}
