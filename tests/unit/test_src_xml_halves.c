/* SPDX-License-Identifier: MIT */
/* The XML parser reads a big file in two halves on two threads: whatever
   the file holds, the model, the messages and the result must be those of
   one parser over the whole file (src_xml_read_serial). */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "testutil.h"

/* What one read of a buffer left behind. */
struct outcome {
	struct model m;
	struct src_ctx ctx;
	int rc;
	char *messages;		/* what went to stderr */
};

static void
read_with(struct outcome *o, int (*parse)(struct src_ctx *, const char *,
    size_t), const char *buf, size_t len)
{
	FILE *f = tmpfile();
	int saved;
	off_t n;

	assert_non_null(f);
	model_init(&o->m);
	memset(&o->ctx, 0, sizeof(o->ctx));
	o->ctx.path = "big.xml";
	o->ctx.model = &o->m;
	fflush(stderr);
	saved = dup(2);
	assert_true(saved >= 0);
	assert_true(dup2(fileno(f), 2) >= 0);
	o->rc = parse(&o->ctx, buf, len);
	fflush(stderr);
	assert_true(dup2(saved, 2) >= 0);
	close(saved);
	/* Written through descriptor 2: read it back the same way. */
	n = lseek(fileno(f), 0, SEEK_END);
	assert_true(n >= 0);
	o->messages = calloc(1, (size_t)n + 1);
	assert_non_null(o->messages);
	assert_int_equal(pread(fileno(f), o->messages, (size_t)n, 0), n);
	fclose(f);
}

static void
outcome_free(struct outcome *o)
{
	model_free(&o->m);
	free(o->messages);
}

static void
assert_same_model(const struct model *a, const struct model *b)
{
	size_t i;

	assert_int_equal(a->nrecords, b->nrecords);
	assert_int_equal(a->skipped, b->skipped);
	assert_int_equal(a->nnames, b->nnames);
	assert_int_equal(a->nstrings, b->nstrings);
	assert_int_equal(a->nprotos, b->nprotos);
	assert_memory_equal(a->records, b->records,
	    a->nrecords * sizeof(*a->records));
	assert_memory_equal(a->names, b->names, a->nnames * sizeof(*a->names));
	assert_memory_equal(a->protos, b->protos,
	    a->nprotos * sizeof(*a->protos));
	for (i = 0; i < a->nstrings; i++)
		assert_string_equal(a->strings[i], b->strings[i]);
}

/* Read BUF with one parser and with PARSE, and require the same
   outcome; returns how many reads went through in two halves (0 or 1). */
static unsigned
same_as_serial(int (*parse)(struct src_ctx *, const char *, size_t),
    const char *buf, size_t len)
{
	struct outcome one, two;
	unsigned halves = src_xml_halves;

	read_with(&one, src_xml_read_serial, buf, len);
	read_with(&two, parse, buf, len);
	halves = src_xml_halves - halves;
	assert_int_equal(one.rc, two.rc);
	assert_string_equal(one.ctx.error, two.ctx.error);
	assert_int_equal(one.ctx.warnings, two.ctx.warnings);
	assert_int_equal(one.ctx.date, two.ctx.date);
	assert_string_equal(one.messages, two.messages);
	if (one.rc == 0)
		assert_same_model(&one.m, &two.m);
	outcome_free(&one);
	outcome_free(&two);
	return halves;
}

/* The split read, whatever the CPUs. */
static unsigned
check_same(const char *buf, size_t len)
{
	return same_as_serial(src_xml_read_split, buf, len);
}

/* A registry being written; 9,000 records make about 1.7 MB, big
   enough to be read in halves. */
struct big {
	char *s;
	size_t len, cap;
};

static void
put(struct big *b, const char *s)
{
	size_t n = strlen(s);

	if (b->len + n + 1 > b->cap) {
		b->cap = 2 * (b->len + n + 1);
		b->s = realloc(b->s, b->cap);
		assert_non_null(b->s);
	}
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

/* Record I, its elements' names prefixed with P ("" or "i:"). */
static void
put_record(struct big *b, const char *p, unsigned i)
{
	char rec[512];

	snprintf(rec, sizeof(rec), "  <%srecord>\n    <%sname>svc-%u</%sname>"
	    "\n    <%sprotocol>%s</%sprotocol>\n    <%sdescription>Service "
	    "with a long enough description to fill a line</%sdescription>\n"
	    "    <%snumber>%u</%snumber>\n  </%srecord>\n", p, p, i, p, p,
	    i % 3 ? "tcp" : "udp", p, p, p, p, 1 + i % 60000, p, p);
	put(b, rec);
}

/* A registry of N records, its elements prefixed with P, with INSERT put
   in just before the first record that starts at or after byte AT. */
static struct big
registry_p(const char *p, unsigned n, size_t at, const char *insert)
{
	struct big b = { 0 };
	char head[256];
	unsigned i;
	int done = insert == NULL;

	snprintf(head, sizeof(head), "<?xml version=\"1.0\" encoding=\"UTF-8\""
	    "?>\n<%sregistry xmlns%s%.*s=\"http://www.iana.org/assignments\" "
	    "id=\"service-names-port-numbers\">\n  <%stitle>T</%stitle>\n"
	    "  <%supdated>2025-01-02</%supdated>\n", p, *p ? ":" : "",
	    *p ? (int)strlen(p) - 1 : 0, p, p, p, p, p);
	put(&b, head);
	for (i = 0; i < n; i++) {
		if (!done && b.len >= at) {
			put(&b, insert);
			done = 1;
		}
		put_record(&b, p, i);
	}
	snprintf(head, sizeof(head), "</%sregistry>\n", p);
	put(&b, head);
	return b;
}

static struct big
registry(unsigned n, size_t at, const char *insert)
{
	return registry_p("", n, at, insert);
}

#define N_RECORDS 9000
/* The length of N_RECORDS' registry, and about where it is cut. */
static size_t
plain_len(void)
{
	struct big b = registry(N_RECORDS, 0, NULL);

	free(b.s);
	return b.len;
}

static size_t
cut_of(size_t len)
{
	return len / 100 * SRC_XML_CUT_PERCENT;
}

static void
test_clean_file_in_halves(void **state)
{
	struct big b = registry(N_RECORDS, 0, NULL);

	(void)state;
	assert_true(b.len > 1 << 20);
	assert_int_equal(check_same(b.s, b.len), 1);
	free(b.s);
}

/* src_xml_read() splits a big file only when the process may run on two
   CPUs: on one, the halves would take turns. */
static void
test_halves_need_two_cpus(void **state)
{
	struct big b = registry(N_RECORDS, 0, NULL);
	cpu_set_t all, one;
	int cpu;

	(void)state;
	assert_int_equal(sched_getaffinity(0, sizeof(all), &all), 0);
	for (cpu = 0; !CPU_ISSET(cpu, &all); cpu++)
		;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	assert_int_equal(sched_setaffinity(0, sizeof(one), &one), 0);
	assert_int_equal(same_as_serial(src_xml_read, b.s, b.len), 0);
	assert_int_equal(sched_setaffinity(0, sizeof(all), &all), 0);
	if (CPU_COUNT(&all) >= 2)
		assert_int_equal(same_as_serial(src_xml_read, b.s, b.len), 1);
	else
		print_message("one CPU here: the split read is not tried\n");
	free(b.s);
}

/* Rows and messages of each half, at their lines, in file order. */
static void
test_messages_in_either_half(void **state)
{
	static const char *const inserts[] = {
		/* skipped rows: a warning from the model */
		"  <record><name>bad name</name><protocol>tcp</protocol>"
		"<number>9</number></record>\n",
		/* a warning from the parser itself */
		"  <record><name>dup</name><name>dup2</name>"
		"<protocol>tcp</protocol><number>9</number></record>\n",
		"  <updated>2026-13-01</updated>\n",
		/* errors: the XML's, and the model's */
		"  <record><name>x</nam></record>\n",
		"  <record><name>x</name><number>70000</number></record>\n",
		"  <record><name>x</name><number>7x</number></record>\n",
		/* a later date wins */
		"  <updated>2026-03-04</updated>\n",
	};
	size_t len = plain_len(), cut = cut_of(len);
	const size_t at[] = { 1000, cut / 2, cut + 2000, (cut + len) / 2 };
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(inserts) / sizeof(inserts[0]); i++) {
		for (k = 0; k < sizeof(at) / sizeof(at[0]); k++) {
			struct big b = registry(N_RECORDS, at[k],
			    inserts[i]);

			check_same(b.s, b.len);
			free(b.s);
		}
	}
}

/* Cuts that do not fall between two records: "<record" inside a
   comment, a CDATA section, a processing instruction, an element the
   parser skips or a nested registry, just past where the cut is looked
   for.  The first half cannot close its root, so one parser
   reads the file again, skipping what the first half handed over. */
static void
test_bad_cuts(void **state)
{
	static const char *const around[][2] = {
		{ "  <!-- ", " <record> -->\n" },
		{ "  <record><name>c</name><number>5</number><description>"
		  "<![CDATA[", " <record> ]]></description></record>\n" },
		{ "  <?pi ", " <record> ?>\n" },
		{ "  <record><name>n</name><number>6</number><note>",
		  " <record>x</record></note></record>\n" },
		{ "  <registry id=\"sub\">\n", "  <record><name>s</name>"
		  "<number>7</number></record>\n  </registry>\n" },
	};
	size_t base = plain_len(), i, j, mark, at;

	(void)state;
	for (i = 0; i < sizeof(around) / sizeof(around[0]); i++) {
		struct big ins = { 0 }, b;

		put(&ins, around[i][0]);
		for (j = 0; j < 2000; j++)
			put(&ins, "padding ");
		mark = ins.len;
		put(&ins, around[i][1]);
		/* The insert's "<record" lands just past where the cut
		   is looked for, with only padding between. */
		at = cut_of(base + ins.len) + 64 - mark;
		b = registry(N_RECORDS, at, ins.s);
		assert_int_equal(check_same(b.s, b.len), 0);
		free(b.s);
		free(ins.s);
	}
}

/* A prefixed root and records: the second half gets the same prefix. */
static void
test_prefixed(void **state)
{
	struct big b = registry_p("i:", N_RECORDS, 0, NULL);

	(void)state;
	assert_non_null(strstr(b.s, "<i:registry xmlns:i="));
	assert_int_equal(check_same(b.s, b.len), 1);
	free(b.s);
}

/* A root start tag past the first 64 KiB: the first half reads on
   alone, as one parser. */
static void
test_long_prolog(void **state)
{
	struct big b = registry(N_RECORDS, 0, NULL), p = { 0 };
	char *root = strstr(b.s, "<registry");
	size_t i;

	(void)state;
	assert_non_null(root);
	*root = '\0';
	put(&p, b.s);
	put(&p, "<!-- ");
	for (i = 0; i < 10000; i++)
		put(&p, "prolog ");
	put(&p, "-->\n<");
	put(&p, root + 1);
	assert_int_equal(check_same(p.s, p.len), 0);
	free(p.s);
	free(b.s);
}

/* Random damage anywhere, and near the cut: the two reads still
   agree.  DAMAGE_ROUNDS and DAMAGE_SEED in the environment make a
   longer run of it than make check's 60 rounds. */
static void
test_damage(void **state)
{
	struct big b = registry(N_RECORDS, 0, NULL);
	char *copy = malloc(b.len + 1);
	const char *env_rounds = getenv("DAMAGE_ROUNDS");
	const char *env_seed = getenv("DAMAGE_SEED");
	unsigned rounds = env_rounds ? (unsigned)atoi(env_rounds) : 60;
	unsigned seed = env_seed ? (unsigned)atoi(env_seed) : 7;
	unsigned i, k, halves = 0;

	(void)state;
	assert_non_null(copy);
	for (i = 0; i < rounds; i++) {
		memcpy(copy, b.s, b.len + 1);
		for (k = 0; k < 1 + i % 3; k++) {
			size_t at;

			seed = seed * 1103515245u + 12345u;
			at = i % 2 ? cut_of(b.len) - 4096 + (seed >> 8) % 8192 :
			    (seed >> 4) % b.len;
			copy[at] = "<>/&\"x \n]!-?"[(seed >> 16) % 12];
		}
		halves += check_same(copy, b.len);
	}
	/* Most damage leaves the cut alone and one half clean. */
	assert_true(halves > 0);
	if (env_rounds)
		print_message("%u rounds, %u read in halves\n", rounds,
		    halves);
	free(copy);
	free(b.s);
}

/* The snapshot shipped in data/, which is read in halves, and a CRLF
   copy of it, which is not. */
static void
test_snapshot(void **state)
{
	size_t len, k, n;
	char *buf, *crlf;

	(void)state;
	buf = slurp(SNAPSHOT, &len);
	assert_int_equal(check_same(buf, len), 1);
	crlf = malloc(2 * len + 1);
	assert_non_null(crlf);
	for (k = n = 0; k < len; k++) {
		if (buf[k] == '\n')
			crlf[n++] = '\r';
		crlf[n++] = buf[k];
	}
	assert_int_equal(check_same(crlf, n), 0);
	free(crlf);
	free(buf);
}

/* An older snapshot of the shared collection, where present: the state
   is its shared_file. */
static void
test_shared_registry(void **state)
{
	const struct shared_file *f = *state;
	char path[4096];
	size_t len;
	char *buf;

	buf = slurp(shared_registry(path, sizeof(path), f->name), &len);
	assert_int_equal(check_same(buf, len), 1);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_file_in_halves),
		cmocka_unit_test(test_halves_need_two_cpus),
		cmocka_unit_test(test_messages_in_either_half),
		cmocka_unit_test(test_bad_cuts),
		cmocka_unit_test(test_prefixed),
		cmocka_unit_test(test_long_prolog),
		cmocka_unit_test(test_damage),
		cmocka_unit_test(test_snapshot),
		SHARED_XML_TESTS(test_shared_registry),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
