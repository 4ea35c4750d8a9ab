/* SPDX-License-Identifier: MIT */
/* ipdiff: the differential check.  Every source answers the same mix of
 * queries through the real glibc (one worker process each, workers.c),
 * and ianaports must answer as nss_files over its own rendering; the
 * reference modules, the peers over other content or another index and
 * nscd must answer as each is expected to.  Prints one line a check and
 * a final "N passed, N failed" line; `make check` runs it (check-bench),
 * and `make bench` puts its lines at the head of the report.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

/* S's answers, one a query, from the file its worker wrote. */
static void
load_answers(struct source *s)
{
	char path[PATH_MAX], line[ANSWER_MAX + 2];
	FILE *f;
	int i = 0, n = nnq + npq;

	snprintf(path, sizeof path, "%s/answers-%s.txt", opt.out, s->key);
	s->answers = xmalloc((size_t)n * sizeof *s->answers);
	if (!(f = fopen(path, "re")))
		die("cannot read %s", path);
	while (i < n && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = 0;
		s->answers[i++] = xstrdup(line);
	}
	fclose(f);
	if (i != n)
		die("short answers file %s", path);
}

/* The names an answer carries: its official name and aliases. */
static int
answer_has_name(const char *a, const char *name)
{
	char buf[ANSWER_MAX], *save, *w;
	int i = 0;

	snprintf(buf, sizeof buf, "%s", a);
	for (w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save))
		if (i++ != 1 && strcmp(w, name) == 0)
			return 1;
	return 0;
}

/* Port and protocol of an answer. */
static void
answer_port(const char *a, char *out, size_t len)
{
	const char *sp = strchr(a, ' ');

	snprintf(out, len, "%s", sp ? sp + 1 : a);
	out[strcspn(out, " ")] = 0;
}

/* Whether the rendering holds an entry at the port/protocol of answer
   X under one of X's names. */
static int
rendering_has(const char *x)
{
	char buf[ANSWER_MAX], *save, *w, *names[64], *slash;
	int n = 0, port, i, j;

	snprintf(buf, sizeof buf, "%s", x);
	for (w = strtok_r(buf, " ", &save); w && n < 64;
	    w = strtok_r(NULL, " ", &save))
		names[n++] = w;
	if (n < 2 || !(slash = strchr(names[1], '/')))
		return 0;
	*slash = 0;
	port = atoi(names[1]);
	for (i = 0; i < nents; i++) {
		if (ents[i].port != port || strcmp(ents[i].proto, slash + 1))
			continue;
		for (j = 0; j < n; j++)
			if (j != 1 && strcmp(ents[i].name, names[j]) == 0)
				return 1;
	}
	return 0;
}

/* Whether two answers name different protocols. */
static int
other_proto(const char *x, const char *y)
{
	char px[64], py[64];

	answer_port(x, px, sizeof px);
	answer_port(y, py, sizeof py);
	return strcmp(strchr(px, '/') ? strchr(px, '/') : px,
	    strchr(py, '/') ? strchr(py, '/') : py) != 0;
}

static int passed, failed;

static void
verdict(int ok, const char *what, int bad, int total, const char *detail)
{
	printf("%s: %s (%d of %d queries in conflict)%s%s\n", ok ? "ok" : "FAIL",
	    what, bad, total, detail[0] ? "; " : "", detail);
	if (ok)
		passed++;
	else
		failed++;
}

/* ianaports against nss_files over the rendering of the same database:
   equal on every query; a name in another case must give what the
   registry's spelling gives through nss_files, which is case-blind only
   in the module. */
static void
check_ianaports(void)
{
	struct source *a = &src[S_IANAPORTS], *f = &src[S_FILES];
	int i, n = nnq + npq, bad = 0, unfound = 0;
	char detail[512] = "", q[128];

	for (i = 0; i < n; i++) {
		const struct query *qq = query_at(i);
		const char *want = f->answers[i];
		int k = qq->kind;

		if (k == Q_NAME_CASE || k == Q_NAME_CASE_ANY) {
			/* nss_files is case-sensitive: it must miss, and the
			   module answer with the registry's spelling. */
			if (strcmp(f->answers[i], "-") != 0 ||
			    strcmp(a->answers[i], "-") == 0 ||
			    !answer_has_name(a->answers[i], qq->orig))
				goto differ;
			continue;
		}
		if ((k == Q_NAME || k == Q_NAME_ANY || k == Q_PORT ||
		    k == Q_PORT_ANY) && strcmp(a->answers[i], "-") == 0)
			unfound++;
		if (strcmp(a->answers[i], want) == 0)
			continue;
differ:
		if (!bad++) {
			show_query(qq, q, sizeof q);
			snprintf(detail, sizeof detail,
			    "first: %s: ianaports \"%s\", nss_files \"%s\"",
			    q, a->answers[i], f->answers[i]);
		}
	}
	verdict(!bad, "ianaports answers as nss_files over its rendering "
	    "(other-case names: as the registry's spelling)", bad, n, detail);
	snprintf(detail, sizeof detail, "%s", "");
	verdict(!unfound, "ianaports finds every hit of the mix", unfound, n,
	    detail);
}

/* A peer over other content (netbase) or another index (libnss-db) may
   differ only where one side lacks a name: one answers and the other
   does not, or both answer the same port/protocol and the names differ
   (a name or alias one of them lacks). */
static void
check_peer(struct source *s, const char *what)
{
	struct source *f = &src[S_FILES];
	int i, n = nnq + npq, bad = 0, lack = 0;
	char detail[512] = "", q[128], pa[64], pb[64];

	for (i = 0; i < n; i++) {
		const char *x = s->answers[i], *y = f->answers[i];

		if (strcmp(x, y) == 0)
			continue;
		if (strcmp(x, "-") == 0 || strcmp(y, "-") == 0) {
			lack++;
			continue;
		}
		answer_port(x, pa, sizeof pa);
		answer_port(y, pb, sizeof pb);
		if (strcmp(pa, pb) == 0) {
			lack++;
			continue;
		}
		/* With any protocol asked for, one side lacks the entry of
		   the protocol the other lists first. */
		if (!query_at(i)->proto && other_proto(x, y)) {
			lack++;
			continue;
		}
		/* A name on several ports: the full registry knows X's
		   entry too, and answers with one the peer lacks. */
		if (rendering_has(x)) {
			lack++;
			continue;
		}
		if (!bad++) {
			show_query(query_at(i), q, sizeof q);
			snprintf(detail, sizeof detail,
			    "first: %s: %s \"%s\", full rendering \"%s\"", q,
			    s->key, x, y);
		}
	}
	if (!bad)
		snprintf(detail, sizeof detail,
		    "%d differ where a name is lacking", lack);
	verdict(!bad, what, bad, n, detail);
}

/* Whether S answers every query as REF does, or, with ALL, every query
   with ALL. */
static void
check_like(struct source *s, const struct source *f, const char *what,
    const char *all)
{
	int i, n = nnq + npq, bad = 0;
	char detail[512] = "", q[128];

	for (i = 0; i < n; i++) {
		const char *want = all ? all : f->answers[i];

		if (strcmp(s->answers[i], want) == 0)
			continue;
		if (!bad++) {
			show_query(query_at(i), q, sizeof q);
			snprintf(detail, sizeof detail,
			    "first: %s: %s \"%s\", expected \"%s\"", q, s->key,
			    s->answers[i], want);
		}
	}
	verdict(!bad, what, bad, n, detail);
}

static void
check_same(struct source *s, const char *what, const char *all)
{
	check_like(s, &src[S_FILES], what, all);
}

/* The module's own functions, which the thread scaling calls directly,
   answer as glibc hands their answers over. */
static void
check_direct(struct source *s)
{
	struct source d = *s;
	struct cmd c = { OP_ANSWERS, 0, 0, 0, 1 };
	struct reply r;
	char key[64];

	snprintf(key, sizeof key, "%s-direct", s->key);
	d.key = key;
	if (ask_cmd(s, &c, &r)) {
		printf("FAIL: %s: no direct answers\n", s->key);
		failed++;
		return;
	}
	load_answers(&d);
	check_like(&d, s, "ianaports called directly answers as through "
	    "glibc", NULL);
}

static void
differential(void)
{
	int i;

	for (i = 0; i < NSRC; i++) {
		struct reply r;

		if (!src[i].on)
			continue;
		if (ask(&src[i], OP_ANSWERS, 0, 0, 0, &r) == 0)
			load_answers(&src[i]);
		else
			printf("FAIL: %s: no answers (%s)\n", src[i].key,
			    src[i].why), failed++;
	}
	printf("differential check over %d queries (%d by name, %d by "
	    "port):\n", nnq + npq, nnq, npq);
	if (!src[S_IANAPORTS].answers || !src[S_FILES].answers) {
		printf("FAIL: ianaports and nss_files must both answer\n");
		failed++;
		return;
	}
	check_ianaports();
	if (src[S_NULL].answers)
		check_same(&src[S_NULL], "the null module finds nothing", "-");
	if (src[S_NULL_NSW].answers)
		check_same(&src[S_NULL_NSW], "the null module through "
		    "nsswitch.conf finds nothing", "-");
	check_direct(&src[S_IANAPORTS]);
	if (src[S_IANAPORTS_NSW].answers)
		check_like(&src[S_IANAPORTS_NSW], &src[S_IANAPORTS],
		    "ianaports through nsswitch.conf answers as through "
		    "__nss_configure_lookup", NULL);
	if (src[S_FIXED].answers)
		check_same(&src[S_FIXED], "the fixed-answer module answers "
		    "everything with its one entry", "http 80/tcp www");
	if (src[S_DB].answers)
		check_peer(&src[S_DB], "libnss-db over the same rendering "
		    "differs only where it lacks a name");
	if (src[S_NETBASE].answers)
		check_peer(&src[S_NETBASE], "netbase's /etc/services differs "
		    "only where one side lacks a name");
	for (i = S_NSCD; i <= S_NSCD_SOCK; i++) {
		char what[128];

		snprintf(what, sizeof what, "%s answers as nss_files",
		    src[i].label);
		if (src[i].answers)
			check_same(&src[i], what, NULL);
		else
			printf("skip: %s: %s\n", src[i].label, src[i].why[0] ?
			    src[i].why : "not running");
	}
}

int
main(int argc, char **argv)
{
	if (parse_options(argc, argv, "usage: ipdiff --services RENDERING "
	    "--db DB --out DIR\n"
	    "         [--netbase FILE] [--no-db] [--no-nscd WHY] "
	    "[--blocks N]\n") != argc || !opt.services || !opt.db ||
	    !opt.out)
		usage();
	if (src[S_NSCD_SOCK].on && !src[S_NSCD_SOCK].nscd_dir)
		usage();
	read_services(opt.services);
	make_queries(opt.blocks);
	print_query_set();
	start_all();
	differential();
	stop_all();
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
