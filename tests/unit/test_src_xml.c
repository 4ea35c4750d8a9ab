/* SPDX-License-Identifier: MIT */
/* Unit tests for the IANA XML registry parser. */
#include <stdio.h>
#include <stdlib.h>

#include "testutil.h"

/* Four lines: records start on line 5. */
static const char head[] =
	"<?xml version='1.0' encoding='UTF-8'?>\n"
	"<registry xmlns=\"http://www.iana.org/assignments\" "
	"id=\"service-names-port-numbers\">\n"
	"  <title>Service Name and Transport Protocol Port Number "
	"Registry</title>\n"
	"  <updated>2024-06-07</updated>\n";

static const char tail[] = "</registry>\n";

/* Parse HEAD, RECORDS (starting on line 5) and TAIL. */
static int
parse_records(struct model *m, struct src_ctx *ctx, const char *records)
{
	return parse_framed(m, ctx, src_xml_read, head, records, tail);
}

static void
test_normal(void **state)
{
	struct model m;
	struct src_ctx ctx;

	(void)state;
	assert_int_equal(parse_records(&m, &ctx,
	    "  <record updated=\"2021-10-01\">\n"
	    "    <name>http</name>\n"
	    "    <protocol>tcp</protocol>\n"
	    "    <xref type=\"person\" data=\"IESG\"/>\n"
	    "    <description>World Wide Web HTTP</description>\n"
	    "    <number>80</number>\n"
	    "    <note>Defined TXT keys: u=&lt;username&gt;</note>\n"
	    "  </record>\n"), 0);
	assert_string_equal(ctx.error, "");
	assert_int_equal(m.nrecords, 1);
	assert_record(&m, 0, "http", "tcp", 80, 80);
	assert_int_equal(m.records[0].nnames, 1);
	assert_string_equal(rec_desc(&m, 0), "World Wide Web HTTP");
	assert_int_equal(ctx.warnings, 0);
	model_free(&m);
}

static void
test_range(void **state)
{
	struct model m;
	struct src_ctx ctx;

	(void)state;
	assert_int_equal(parse_records(&m, &ctx,
	    "  <record>\n"
	    "    <name>x11</name>\n"
	    "    <protocol>udp</protocol>\n"
	    "    <description>X Window System</description>\n"
	    "    <number>6000-6063</number>\n"
	    "  </record>\n"), 0);
	assert_int_equal(m.nrecords, 1);
	assert_record(&m, 0, "x11", "udp", 6000, 6063);
	model_free(&m);
}

static void
test_no_protocol(void **state)
{
	struct model m;
	struct src_ctx ctx;

	(void)state;
	assert_int_equal(parse_records(&m, &ctx,
	    "  <record>\n"
	    "    <name>spr-itunes</name>\n"
	    "    <description>Shirt Pocket netTunes</description>\n"
	    "    <number>0</number>\n"
	    "  </record>\n"
	    "  <record>\n"
	    "    <name>empty-proto</name>\n"
	    "    <protocol/>\n"
	    "    <number>1</number>\n"
	    "  </record>\n"), 0);
	assert_int_equal(m.nrecords, 2);
	assert_record(&m, 0, "spr-itunes", NULL, 0, 0);
	assert_record(&m, 1, "empty-proto", NULL, 1, 1);
	assert_null(rec_desc(&m, 1));
	model_free(&m);
}

static void
test_dropped(void **state)
{
	struct model m;
	struct src_ctx ctx;

	(void)state;
	assert_int_equal(parse_records(&m, &ctx,
	    /* Unassigned: no name */
	    "  <record>\n"
	    "    <protocol>tcp</protocol>\n"
	    "    <description>Unassigned</description>\n"
	    "    <number>4</number>\n"
	    "  </record>\n"
	    /* De-assigned: an empty name */
	    "  <record updated=\"2023-11-16\">\n"
	    "    <name/>\n"
	    "    <protocol>tcp</protocol>\n"
	    "    <description>Reserved</description>\n"
	    "    <number>359</number>\n"
	    "  </record>\n"
	    /* Name-only registration: no number */
	    "  <record>\n"
	    "    <name>brski-reg-cmp</name>\n"
	    "    <protocol>tcp</protocol>\n"
	    "    <description>BRSKI</description>\n"
	    "  </record>\n"
	    "  <record>\n"
	    "    <name>kept</name>\n"
	    "    <protocol>tcp</protocol>\n"
	    "    <number>7</number>\n"
	    "  </record>\n"), 0);
	assert_int_equal(m.nrecords, 1);
	assert_int_equal(m.skipped, 3);
	assert_string_equal(rec_name(&m, 0), "kept");
	model_free(&m);
}

static void
test_names_as_spelled(void **state)
{
	struct model m;
	struct src_ctx ctx;

	(void)state;
	assert_int_equal(parse_records(&m, &ctx,
	    "  <record>\n"
	    "    <name>EtherNet/IP-1</name>\n"
	    "    <protocol>tcp</protocol>\n"
	    "    <number>2222</number>\n"
	    "  </record>\n"
	    "  <record>\n"
	    "    <name>sql*net</name>\n"
	    "    <protocol>TCP</protocol>\n"
	    "    <number>66</number>\n"
	    "  </record>\n"
	    "  <record>\n"
	    "    <name> whois++ </name>\n"
	    "    <protocol>tcp</protocol>\n"
	    "    <number> 63 </number>\n"
	    "  </record>\n"), 0);
	assert_int_equal(m.nrecords, 3);
	assert_true(find_record(&m, "EtherNet/IP-1", 2222, "tcp") == 0);
	assert_string_equal(rec_name(&m, 1), "sql*net");
	assert_string_equal(rec_name(&m, 2), "whois++");
	assert_int_equal(m.records[2].port_lo, 63);
	model_free(&m);
}

static void
test_description(void **state)
{
	struct model m;
	struct src_ctx ctx;

	(void)state;
	assert_int_equal(parse_records(&m, &ctx,
	    "  <record>\n"
	    "    <name>whoispp</name>\n"
	    "    <protocol>tcp</protocol>\n"
	    "    <description>whois++<br/><br/>\n"
	    "IANA assigned this   well-formed\tname.</description>\n"
	    "    <number>63</number>\n"
	    "  </record>\n"
	    "  <record>\n"
	    "    <name>brski</name>\n"
	    "    <protocol>tcp</protocol>\n"
	    "    <description> Lightweight CMP\n"
	    "Profile (LCMPP) <xref type=\"rfc\" data=\"rfc9483\"/>"
	    "</description>\n"
	    "    <number>1</number>\n"
	    "  </record>\n"
	    "  <record>\n"
	    "    <name>xr</name>\n"
	    "    <protocol>tcp</protocol>\n"
	    "    <description>see <xref type=\"text\">RFC 1</xref>, "
	    "A &amp; B<![CDATA[ <raw> ]]></description>\n"
	    "    <number>2</number>\n"
	    "  </record>\n"
	    "  <record>\n"
	    "    <name>blank</name>\n"
	    "    <protocol>tcp</protocol>\n"
	    "    <description> \n </description>\n"
	    "    <number>3</number>\n"
	    "  </record>\n"), 0);
	assert_int_equal(m.nrecords, 4);
	assert_string_equal(rec_desc(&m, 0),
	    "whois++ IANA assigned this well-formed name.");
	assert_string_equal(rec_desc(&m, 1),
	    "Lightweight CMP Profile (LCMPP)");
	assert_string_equal(rec_desc(&m, 2), "see RFC 1, A & B <raw>");
	assert_null(rec_desc(&m, 3));
	model_free(&m);
}

/* Character data arrives in many callbacks (one per entity, per line);
   the text must come out whole. */
static void
test_split_text(void **state)
{
	struct model m;
	struct src_ctx ctx;

	(void)state;
	assert_int_equal(parse_records(&m, &ctx,
	    "  <record>\n"
	    "    <name>a&#x2D;b&#45;c</name>\n"
	    "    <protocol>t&#99;p</protocol>\n"
	    "    <number>1&#50;3-1<!-- c -->24</number>\n"
	    "  </record>\n"), 0);
	assert_int_equal(m.nrecords, 1);
	assert_record(&m, 0, "a-b-c", "tcp", 123, 124);
	model_free(&m);
}

static void
test_bad_port(void **state)
{
	static const char *const bad[] = {
		"abc", "80-", "-80", "1-2-3", "8 0", "+80", "0x50",
		"1234567890",
	};
	char rec[256];
	struct model m;
	struct src_ctx ctx;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(rec, sizeof(rec),
		    "  <record>\n"
		    "    <name>x</name>\n"
		    "    <number>%s</number>\n"
		    "  </record>\n", bad[i]);
		assert_int_equal(parse_records(&m, &ctx, rec), -1);
		assert_non_null(strstr(ctx.error, "test:5: invalid port \""));
		assert_non_null(strstr(ctx.error, "\" in <number>"));
		model_free(&m);
	}

	assert_int_equal(parse_records(&m, &ctx,
	    "  <record>\n"
	    "    <name>a</name>\n"
	    "    <number>1</number>\n"
	    "  </record>\n"
	    "  <record>\n"
	    "    <name>x</name>\n"
	    "    <number>abc</number>\n"
	    "  </record>\n"), -1);
	assert_string_equal(ctx.error,
	    "test:9: invalid port \"abc\" in <number>");
	model_free(&m);
}

static void
test_port_out_of_range(void **state)
{
	struct model m;
	struct src_ctx ctx;

	(void)state;
	assert_int_equal(parse_records(&m, &ctx,
	    "  <record>\n"
	    "    <name>x</name>\n"
	    "    <protocol>tcp</protocol>\n"
	    "    <number>70000</number>\n"
	    "  </record>\n"), -1);
	assert_non_null(strstr(ctx.error, "test:5: "));
	assert_non_null(strstr(ctx.error, "70000"));
	model_free(&m);

	assert_int_equal(parse_records(&m, &ctx,
	    "  <record>\n"
	    "    <name>x</name>\n"
	    "    <number>6063-6000</number>\n"
	    "  </record>\n"), -1);
	assert_non_null(strstr(ctx.error, "test:5: "));
	model_free(&m);
}

static void
test_not_well_formed(void **state)
{
	struct model m;
	struct src_ctx ctx;

	(void)state;
	assert_int_equal(parse_records(&m, &ctx,
	    "  <record>\n"
	    "    <name>x</nmae>\n"
	    "  </record>\n"), -1);
	assert_non_null(strstr(ctx.error, "test:6: invalid xml: "));
	model_free(&m);

	/* Cut short. */
	assert_int_equal(parse_text(&m, &ctx, src_xml_read, head), -1);
	assert_non_null(strstr(ctx.error, "test:5: invalid xml: "));
	model_free(&m);

	assert_int_equal(parse_text(&m, &ctx, src_xml_read, ""), -1);
	assert_non_null(strstr(ctx.error, "test:1: invalid xml: "));
	model_free(&m);

	assert_int_equal(parse_text(&m, &ctx, src_xml_read,
	    "<registry>\n<record>\n<name>a\x01</name>"), -1);
	assert_non_null(strstr(ctx.error, "test:3: invalid xml: "));
	model_free(&m);
}

static void
test_date(void **state)
{
	struct model m;
	struct src_ctx ctx;

	(void)state;
	/* The people section and a nested registry carry their own
	   <updated>; neither is the file's date, nor are people records. */
	assert_int_equal(parse_records(&m, &ctx,
	    "  <record updated=\"2022-02-07\">\n"
	    "    <name>a</name>\n"
	    "    <protocol>tcp</protocol>\n"
	    "    <number>1</number>\n"
	    "    <updated>1999-01-01</updated>\n"
	    "  </record>\n"
	    "  <registry id=\"sub\">\n"
	    "    <updated>2030-01-01</updated>\n"
	    "    <record>\n"
	    "      <name>b</name>\n"
	    "      <protocol>tcp</protocol>\n"
	    "      <number>2</number>\n"
	    "    </record>\n"
	    "  </registry>\n"
	    "  <people>\n"
	    "    <person id=\"Jon_Postel\">\n"
	    "      <name>Jon Postel</name>\n"
	    "      <updated>2005-08</updated>\n"
	    "      <record><name>c</name><number>3</number></record>\n"
	    "    </person>\n"
	    "  </people>\n"), 0);
	assert_int_equal(ctx.date, 20240607);
	assert_int_equal(m.nrecords, 2);
	assert_string_equal(rec_name(&m, 0), "a");
	assert_string_equal(rec_name(&m, 1), "b");
	assert_int_equal(ctx.warnings, 0);
	model_free(&m);

	/* No <updated>: no date. */
	assert_int_equal(parse_text(&m, &ctx, src_xml_read,
	    "<registry><record><name>a</name><number>1</number></record>"
	    "</registry>"), 0);
	assert_int_equal(ctx.date, 0);
	assert_int_equal(m.nrecords, 1);
	model_free(&m);

	/* Two dates at the top: the last one is the file's. */
	assert_int_equal(parse_text(&m, &ctx, src_xml_read,
	    "<registry><updated>2024-01-02</updated>"
	    "<record><name>a</name><number>1</number></record>"
	    "<updated>2025-03-04</updated></registry>"), 0);
	assert_int_equal(ctx.date, 20250304);
	assert_int_equal(ctx.warnings, 0);
	model_free(&m);

	/* A date we cannot read is a warning, not a failure. */
	assert_int_equal(parse_text(&m, &ctx, src_xml_read,
	    "<registry><updated>June 2024</updated></registry>"), 0);
	assert_int_equal(ctx.date, 0);
	assert_int_equal(ctx.warnings, 1);
	model_free(&m);
}

static void
test_oddities(void **state)
{
	struct model m;
	struct src_ctx ctx;
	char *big;
	size_t n = 70000, i;

	(void)state;
	assert_int_equal(parse_text(&m, &ctx, src_xml_read,
	    "<services><record/></services>"), -1);
	assert_string_equal(ctx.error,
	    "test:1: root element is <services>, not <registry>");
	model_free(&m);

	assert_int_equal(parse_text(&m, &ctx, src_xml_read,
	    "<!DOCTYPE registry [<!ENTITY a \"aaaa\">]>\n"
	    "<registry><record><name>&a;</name></record></registry>"), -1);
	assert_non_null(strstr(ctx.error, "test:1: entity declaration"));
	model_free(&m);

	/* A prefixed namespace is the same registry. */
	assert_int_equal(parse_text(&m, &ctx, src_xml_read,
	    "<i:registry xmlns:i=\"http://www.iana.org/assignments\">"
	    "<i:record><i:name>a</i:name><i:number>1</i:number></i:record>"
	    "</i:registry>"), 0);
	assert_int_equal(m.nrecords, 1);
	model_free(&m);

	/* A duplicate field: the first stands, with a warning. */
	assert_int_equal(parse_records(&m, &ctx,
	    "  <record><name>a</name><name>b</name><number>1</number>"
	    "</record>\n"), 0);
	assert_string_equal(rec_name(&m, 0), "a");
	assert_int_equal(ctx.warnings, 1);
	model_free(&m);

	/* Text beyond the per-field cap. */
	big = malloc(n + 200);
	assert_non_null(big);
	i = (size_t)sprintf(big, "<registry>\n<record>\n<description>");
	memset(big + i, 'x', n);
	strcpy(big + i + n, "</description></record></registry>");
	assert_int_equal(parse_text(&m, &ctx, src_xml_read, big), -1);
	assert_non_null(strstr(ctx.error,
	    "test:3: text of <description> longer than"));
	model_free(&m);
	free(big);

	/* Nesting without end. */
	n = 100000;
	big = malloc(n * 3 + 20);
	assert_non_null(big);
	strcpy(big, "<registry>");
	for (i = 0; i < n; i++)
		memcpy(big + 10 + i * 3, "<a>", 3);
	big[10 + n * 3] = '\0';
	assert_int_equal(parse_text(&m, &ctx, src_xml_read, big), -1);
	assert_non_null(strstr(ctx.error, "nested deeper"));
	model_free(&m);
	free(big);
}

/* A copy of the LEN bytes at TEXT with CR LF for every LF (malloc'd,
   NUL-terminated); *N gets its length. */
static char *
crlf_copy(const char *text, size_t len, size_t *n)
{
	char *s = malloc(2 * len + 1);
	size_t i, k;

	assert_non_null(s);
	for (i = k = 0; i < len; i++) {
		if (text[i] == '\n')
			s[k++] = '\r';
		s[k++] = text[i];
	}
	s[k] = '\0';
	*n = k;
	return s;
}

/* CR LF line ends, as a file saved on Windows has them: the same
   records, and messages at the same lines (to expat, CR LF is one line
   break). */
static void
test_crlf(void **state)
{
	static const char records[] =
	    "  <record>\n"
	    "    <name>a</name>\n"
	    "    <protocol>tcp</protocol>\n"
	    "    <description>two\nlines</description>\n"
	    "    <number>1</number>\n"
	    "  </record>\n";
	static const char bad[] =
	    "  <record>\n"
	    "    <name>x</name>\n"
	    "    <number>abc</number>\n"
	    "  </record>\n";
	struct model m;
	struct src_ctx ctx;
	char lf[1024], *crlf;
	size_t n;

	(void)state;
	snprintf(lf, sizeof(lf), "%s%s%s", head, records, tail);
	crlf = crlf_copy(lf, strlen(lf), &n);
	assert_int_equal(parse_text(&m, &ctx, src_xml_read, crlf), 0);
	assert_int_equal(m.nrecords, 1);
	assert_string_equal(rec_name(&m, 0), "a");
	assert_string_equal(rec_proto(&m, 0), "tcp");
	assert_string_equal(rec_desc(&m, 0), "two lines");
	assert_int_equal(ctx.date, 20240607);
	model_free(&m);
	free(crlf);

	/* The bad record starts on line 12, as it does with LF. */
	snprintf(lf, sizeof(lf), "%s%s%s%s", head, records, bad, tail);
	crlf = crlf_copy(lf, strlen(lf), &n);
	assert_int_equal(parse_text(&m, &ctx, src_xml_read, crlf), -1);
	assert_string_equal(ctx.error,
	    "test:12: invalid port \"abc\" in <number>");
	model_free(&m);
	free(crlf);
}

/* Whatever the bytes, an answer and no crash. */
static void
test_junk(void **state)
{
	static const char *const junk[] = {
		"\x00\x01\x02", "<", "<registry", "<registry></registry>x",
		"<registry><record><number>", "<?xml?>", "\xff\xfe<\0r\0",
		"<registry><record><number>99999999999999999999</number>"
		"</record></registry>",
	};
	struct model m;
	struct src_ctx ctx;
	unsigned seed = 1;
	char buf[512];
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		assert_int_equal(parse_buf(&m, &ctx, src_xml_read, junk[i],
		    strlen(junk[i]) + (i < 1)), -1);
		assert_string_not_equal(ctx.error, "");
		model_free(&m);
	}
	/* Mangled copies of a good record. */
	for (i = 0; i < 2000; i++) {
		int len = snprintf(buf, sizeof(buf), "%s%s%s", head,
		    "<record><name>a</name><number>1-2</number>"
		    "<description>d<br/>e</description></record>", tail);

		for (j = 0; j < 4; j++) {
			seed = seed * 1103515245 + 12345;
			buf[(seed >> 8) % (unsigned)len] = (char)(seed >> 20);
		}
		if (parse_buf(&m, &ctx, src_xml_read, buf, (size_t)len) < 0)
			assert_string_not_equal(ctx.error, "");
		model_free(&m);
	}
}

/* A CR LF copy of the registry file BUF reads to the same model as M. */
static void
assert_crlf_same(const struct model *m, const char *buf, size_t len)
{
	struct model c;
	struct src_ctx ctx;
	size_t n, i;
	char *crlf = crlf_copy(buf, len, &n);

	model_init(&c);
	init_ctx(&ctx, &c, "crlf.xml");
	assert_int_equal(src_xml_read(&ctx, crlf, n), 0);
	assert_int_equal(c.nrecords, m->nrecords);
	assert_int_equal(c.skipped, m->skipped);
	assert_int_equal(c.nnames, m->nnames);
	assert_int_equal(c.nstrings, m->nstrings);
	assert_memory_equal(c.records, m->records,
	    m->nrecords * sizeof(*m->records));
	assert_memory_equal(c.names, m->names, m->nnames * sizeof(*m->names));
	for (i = 0; i < m->nstrings; i++)
		assert_string_equal(c.strings[i], m->strings[i]);
	model_free(&c);
	free(crlf);
}

/* The whole registry of PATH, stating DATE, parsed; ROWS, when not 0, is
   the count of its rows. */
static void
check_registry(const char *path, uint32_t date, size_t rows)
{
	struct model m;
	struct src_ctx ctx;
	size_t len;
	char *buf;
	long k;

	buf = slurp(path, &len);
	model_init(&m);
	init_ctx(&ctx, &m, path);
	assert_int_equal(src_xml_read(&ctx, buf, len), 0);
	assert_string_equal(ctx.error, "");
	assert_int_equal(ctx.date, date);
	/* About 14,500 rows, of which some 2,700 lack a name or a number. */
	assert_in_range(m.nrecords, 10000, 14000);
	assert_in_range(m.nrecords + m.skipped, 14000, 16000);
	assert_in_range(m.skipped, 1500, 4000);

	assert_registry_landmarks(&m);
	k = find_record(&m, "x11", 6000, "tcp");
	assert_true(k >= 0);
	assert_int_equal(m.records[k].port_hi, 6063);
	assert_true(find_record(&m, "sql*net", 66, "udp") >= 0);
	assert_true(find_record(&m, "domain", 53, "udp") >= 0);
	k = find_record(&m, "whoispp", 63, "tcp");
	assert_true(k >= 0);
	assert_string_equal(rec_desc(&m, (size_t)k), "whois++ IANA "
	    "assigned this well-formed service name as a "
	    "replacement for \"whois++\".");
	/* Every row reached src_add(), served or skipped. */
	if (rows) {
		assert_int_equal(m.nrecords + m.skipped, rows);
		assert_crlf_same(&m, buf, len);
	}
	model_free(&m);
	free(buf);
}

/* The snapshot shipped in data/ (the registry of 2026-08-17). */
static void
test_snapshot(void **state)
{
	(void)state;
	check_registry(SNAPSHOT, 20260817, 0);
}

/* An older snapshot of the shared collection, where present: the
   state is its shared_file. */
static void
test_shared_registry(void **state)
{
	const struct shared_file *f = *state;
	char path[4096];

	check_registry(shared_registry(path, sizeof(path), f->name), f->date,
	    f->rows);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normal),
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_no_protocol),
		cmocka_unit_test(test_dropped),
		cmocka_unit_test(test_names_as_spelled),
		cmocka_unit_test(test_description),
		cmocka_unit_test(test_split_text),
		cmocka_unit_test(test_bad_port),
		cmocka_unit_test(test_port_out_of_range),
		cmocka_unit_test(test_not_well_formed),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_oddities),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_junk),
		cmocka_unit_test(test_snapshot),
		SHARED_XML_TESTS(test_shared_registry),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
