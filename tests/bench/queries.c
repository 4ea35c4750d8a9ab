/* SPDX-License-Identifier: MIT */
/* The query set: the entries of a services(5) rendering, the mix of
 * queries drawn from them, and one lookup of each kind through glibc.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "bench.h"

static const int per_block[NKINDS] = { 4, 2, 1, 1, 1, 1, 5, 3, 1, 1 };
static const char *const kind_name[NKINDS] = {
	"name/proto hit", "name hit, NULL proto", "name/proto, other case",
	"name, other case, NULL proto", "name/proto miss",
	"name miss, NULL proto", "port/proto hit", "port hit, NULL proto",
	"port/proto miss", "port miss, NULL proto",
};

struct query *nq, *pq;
int nnq, npq;
struct ent *ents;
int nents;

/* A fixed seed: every run draws the same query set. */
static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t
rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)((rng >> 11) % n);
}

/* The rendering: "name port/proto aliases... # comment" lines. */
void
read_services(const char *path)
{
	FILE *f = fopen(path, "re");
	char line[4096], *save, *name, *pp, *slash;
	int cap = 0;

	if (!f)
		die("cannot open %s", path);
	while (fgets(line, sizeof line, f)) {
		char *hash = strchr(line, '#');

		if (hash)
			*hash = 0;
		if (!(name = strtok_r(line, " \t\n", &save)) ||
		    !(pp = strtok_r(NULL, " \t\n", &save)) ||
		    !(slash = strchr(pp, '/')))
			continue;
		*slash = 0;
		if (nents == cap) {
			cap = cap ? cap * 2 : 1024;
			ents = realloc(ents, (size_t)cap * sizeof *ents);
			if (!ents)
				die("%s", "out of memory");
		}
		ents[nents].name = xstrdup(name);
		ents[nents].port = atoi(pp);
		ents[nents].proto = xstrdup(slash + 1);
		nents++;
	}
	fclose(f);
	if (nents < 10)
		die("too few entries in %s", path);
}

/* NAME with its letters' case turned over: the module folds case, glibc's
   nss_files does not. */
static char *
other_case(const char *name)
{
	char *s = xstrdup(name), *p;

	for (p = s; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 32);
		else if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	return s;
}

static int
has_letter(const char *s)
{
	for (; *s; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
			return 1;
	return 0;
}

/* Draw the mix: BLOCKS blocks, each with PER_BLOCK of every kind, shuffled
   within the block, so that the first K blocks are the same mix as all. */
void
make_queries(int blocks)
{
	static unsigned char used[65536];
	struct query blk[BLOCK_NAME + BLOCK_PORT], t;
	int b, k, i, n, j;

	for (i = 0; i < nents; i++)
		used[ents[i].port & 0xffff] = 1;
	nq = xmalloc((size_t)blocks * BLOCK_NAME * sizeof *nq);
	pq = xmalloc((size_t)blocks * BLOCK_PORT * sizeof *pq);
	for (b = 0; b < blocks; b++) {
		n = 0;
		for (k = 0; k < NKINDS; k++) {
			for (i = 0; i < per_block[k]; i++, n++) {
				struct ent *e = &ents[rnd((uint32_t)nents)];
				struct query *q = &blk[n];
				char miss[64];
				int port;

				memset(q, 0, sizeof *q);
				q->kind = k;
				switch (k) {
				case Q_NAME_CASE: case Q_NAME_CASE_ANY:
					while (!has_letter(e->name))
						e = &ents[rnd((uint32_t)nents)];
					q->orig = e->name;
					q->name = other_case(e->name);
					break;
				case Q_NAME_MISS: case Q_NAME_MISS_ANY:
					snprintf(miss, sizeof miss,
					    "no-such-service-%u",
					    rnd(1000000));
					q->name = q->orig = xstrdup(miss);
					break;
				case Q_PORT_MISS: case Q_PORT_MISS_ANY:
					do
						port = 1 + (int)rnd(65535);
					while (used[port]);
					q->port = port;
					break;
				default:
					q->name = q->orig = e->name;
					q->port = e->port;
				}
				if (k == Q_NAME || k == Q_NAME_CASE ||
				    k == Q_NAME_MISS || k == Q_PORT ||
				    k == Q_PORT_MISS)
					q->proto = k == Q_NAME_MISS ||
					    k == Q_PORT_MISS ? "tcp" : e->proto;
			}
		}
		for (i = n - 1; i > 0; i--) {
			j = (int)rnd((uint32_t)i + 1);
			t = blk[i], blk[i] = blk[j], blk[j] = t;
		}
		for (i = 0; i < n; i++)
			if (blk[i].kind <= Q_NAME_MISS_ANY)
				nq[nnq++] = blk[i];
			else
				pq[npq++] = blk[i];
	}
}

/* One answer in a canonical form, "-" for none. */
void
answer(const struct servent *r, char *out, size_t len)
{
	size_t n;
	char **a;

	if (!r) {
		snprintf(out, len, "-");
		return;
	}
	n = (size_t)snprintf(out, len, "%s %d/%s", r->s_name,
	    ntohs((uint16_t)r->s_port), r->s_proto);
	for (a = r->s_aliases; *a && n < len; a++)
		n += (size_t)snprintf(out + n, len - n, " %s", *a);
}

struct servent *
by_name(const struct query *q, struct servent *se, char *buf, size_t len)
{
	struct servent *r = NULL;

	getservbyname_r(q->name, q->proto, se, buf, len, &r);
	return r;
}

struct servent *
by_port(const struct query *q, struct servent *se, char *buf, size_t len)
{
	struct servent *r = NULL;

	getservbyport_r((int)htons((uint16_t)q->port), q->proto, se, buf,
	    len, &r);
	return r;
}

/* Query I of the answers files: the name queries, then the port ones. */
const struct query *
query_at(int i)
{
	return i < nnq ? &nq[i] : &pq[i - nnq];
}

/* Q as a reader would write it: NAME/PROTO or PORT/PROTO, "*" any. */
void
show_query(const struct query *q, char *out, size_t len)
{
	if (q->kind <= Q_NAME_MISS_ANY)
		snprintf(out, len, "%s/%s", q->name, q->proto ? q->proto : "*");
	else
		snprintf(out, len, "%d/%s", q->port, q->proto ? q->proto : "*");
}

/* The query SPEC says: NAME/PROTO or PORT/PROTO (no "/PROTO": any). */
void
one_query(const char *spec, struct query *q)
{
	char *s = xstrdup(spec), *slash = strchr(s, '/');

	memset(q, 0, sizeof *q);
	if (slash)
		*slash++ = 0;
	q->proto = slash;
	if (s[strspn(s, "0123456789")] == 0) {
		q->kind = Q_PORT;
		q->port = atoi(s);
	} else {
		q->kind = Q_NAME;
		q->name = s;
	}
}

/* Q through glibc, by name or by port as its kind says. */
struct servent *
run_query(const struct query *q, struct servent *se, char *buf, size_t len)
{
	return q->kind == Q_NAME ? by_name(q, se, buf, len) :
	    by_port(q, se, buf, len);
}

/* What the mix holds, one line. */
void
print_query_set(void)
{
	int i;

	printf("query set: %d queries from %s (%d entries), in blocks of "
	    "%d:\n ", nnq + npq, opt.services, nents, BLOCK_NAME + BLOCK_PORT);
	for (i = 0; i < NKINDS; i++)
		printf(" %d %s%s", per_block[i], kind_name[i],
		    i + 1 < NKINDS ? "," : "\n");
}
