/* SPDX-License-Identifier: MIT */
/* Unit tests for the IANA CSV registry parser. */
#include <stdio.h>
#include <stdlib.h>

#include "testutil.h"

/* The shared collection's CSV and the XML of the same week. */
#define REG_CSV "service-names-port-numbers-2024-06.csv"
#define REG_XML "service-names-port-numbers-2024-06-07.xml"

#define HDR "Service Name,Port Number,Transport Protocol,Description," \
	"Assignee,Contact,Registration Date,Modification Date,Reference," \
	"Service Code,Unauthorized Use Reported,Assignment Notes"

/* Parse HDR and a newline, then ROWS (starting on line 2). */
static int
parse_rows(struct model *m, struct src_ctx *ctx, const char *rows)
{
	return parse_framed(m, ctx, src_csv_read, HDR "\n", rows, "");
}

/* Parse LEN bytes at BUF, which may hold NULs. */
static int
parse_bytes(struct model *m, struct src_ctx *ctx, const char *buf,
    size_t len)
{
	return parse_buf(m, ctx, src_csv_read, buf, len);
}

static void
test_normal(void **state)
{
	struct model m;
	struct src_ctx ctx;

	(void)state;
	assert_int_equal(parse_rows(&m, &ctx,
	    "http,80,tcp,World Wide Web HTTP,[IESG],[IETF_Chair],,"
	    "2021-10-01,[RFC9110],,,\"Defined TXT keys: u=<username>\"\n"
	    "x11,6000-6063,udp,X Window System,[Stephen_Gildea],"
	    "[Stephen_Gildea],,,,,Known Unauthorized Use on port 6003,\n"
	    "spr-itunes,0,,Shirt Pocket netTunes,[John_Brown],"
	    "[John_Brown],2004-10,,,,,\n"), 0);
	assert_string_equal(ctx.error, "");
	assert_int_equal(ctx.date, 0);
	assert_int_equal(ctx.warnings, 0);
	assert_int_equal(m.nrecords, 3);

	assert_record(&m, 0, "http", "tcp", 80, 80);
	assert_string_equal(rec_desc(&m, 0), "World Wide Web HTTP");
	assert_record(&m, 1, "x11", "udp", 6000, 6063);
	assert_record(&m, 2, "spr-itunes", NULL, 0, 0);
	model_free(&m);
}

static void
test_dropped(void **state)
{
	struct model m;
	struct src_ctx ctx;

	(void)state;
	assert_int_equal(parse_rows(&m, &ctx,
	    ",0,tcp,Reserved,[Jon_Postel],[Jon_Postel],,,,,,\n"
	    ",4,udp,Unassigned,,,,,,,,\n"
	    "brski-reg-cmp,,tcp,BRSKI registrar,[IESG],[IETF_Chair],,,"
	    "[RFC9483],,,\n"
	    ",,,,,,,,,,,\n"
	    "echo,7,tcp,Echo,,,,,,,,\n"), 0);
	assert_int_equal(m.nrecords, 1);
	assert_int_equal(m.skipped, 4);
	assert_string_equal(rec_name(&m, 0), "echo");
	model_free(&m);
}

static void
test_names_as_spelled(void **state)
{
	struct model m;
	struct src_ctx ctx;

	(void)state;
	assert_int_equal(parse_rows(&m, &ctx,
	    "EtherNet/IP-1,2222,tcp,EtherNet/IP I/O,,,,,,,,\n"
	    "sql*net,66,udp,Oracle SQL*NET,,,,,,,,\n"
	    "\"whois++\",63,TCP,whois++,,,,,,,,\n"), 0);
	assert_int_equal(m.nrecords, 3);
	assert_true(find_record(&m, "EtherNet/IP-1", 2222, "tcp") == 0);
	assert_true(find_record(&m, "sql*net", 66, "udp") == 1);
	assert_string_equal(rec_name(&m, 2), "whois++");
	assert_string_equal(rec_proto(&m, 2), "TCP");
	model_free(&m);
}

static void
test_quoted(void **state)
{
	struct model m;
	struct src_ctx ctx;

	(void)state;
	/* Row 2 spans lines 2-4, so the bad row is on line 6. */
	assert_int_equal(parse_rows(&m, &ctx,
	    "a,1,tcp,\"Say \"\"hi\"\", then,\n"
	    "  more\n"
	    "text\",\"[X, Y]\",,,,,,,\n"
	    "b,\"2\",\"udp\",\"\",,,,,,,,\n"
	    "c,x,tcp,,,,,,,,,\n"), -1);
	assert_string_equal(ctx.error,
	    "test:6: invalid port \"x\" in column \"Port Number\"");
	assert_int_equal(m.nrecords, 2);
	assert_string_equal(rec_desc(&m, 0), "Say \"hi\", then, more text");
	assert_string_equal(rec_name(&m, 1), "b");
	assert_int_equal(m.records[1].port_lo, 2);
	assert_string_equal(rec_proto(&m, 1), "udp");
	assert_null(rec_desc(&m, 1));
	model_free(&m);

	/* A quote inside an unquoted field is only a character. */
	assert_int_equal(parse_rows(&m, &ctx,
	    "a,1,tcp,the \"a\" service,,,,,,,,\n"), 0);
	assert_string_equal(rec_desc(&m, 0), "the \"a\" service");
	model_free(&m);
}

static void
test_line_ends(void **state)
{
	static const char crlf[] =
	    "\xef\xbb\xbf" HDR "\r\n"
	    "a,1,tcp,\"two\nlines\",,,,,,,,\r\n"
	    "\r\n"
	    "b,2,udp,last,,,,,,,,";		/* no final line end */
	static const char bad[] =
	    HDR "\r\n"
	    "a,1,tcp,\"x\r\ny\",,,,,,,,\r\n"
	    "b,70000,udp,,,,,,,,,\r\n";
	struct model m;
	struct src_ctx ctx;

	(void)state;
	assert_int_equal(parse_text(&m, &ctx, src_csv_read, crlf), 0);
	assert_int_equal(m.nrecords, 2);
	assert_string_equal(rec_name(&m, 0), "a");
	assert_string_equal(rec_desc(&m, 0), "two lines");
	assert_string_equal(rec_name(&m, 1), "b");
	assert_string_equal(rec_desc(&m, 1), "last");
	assert_int_equal(ctx.warnings, 0);
	model_free(&m);

	assert_int_equal(parse_text(&m, &ctx, src_csv_read, bad), -1);
	assert_non_null(strstr(ctx.error, "test:4: "));
	assert_non_null(strstr(ctx.error, "70000"));
	model_free(&m);
}

static void
test_bad_port(void **state)
{
	static const char *const bad[] = {
		"abc", "80-", "-80", "1-2-3", "8 0", "+80", "0x50",
		"\"1,2\"", "1234567890",
	};
	char row[128];
	struct model m;
	struct src_ctx ctx;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(row, sizeof(row),
		    "ok,1,tcp,,,,,,,,,\nx,%s,tcp,,,,,,,,,\n", bad[i]);
		assert_int_equal(parse_rows(&m, &ctx, row), -1);
		assert_non_null(strstr(ctx.error, "test:3: invalid port \""));
		model_free(&m);
	}

	assert_int_equal(parse_rows(&m, &ctx, "x,70000,tcp,,,,,,,,,\n"), -1);
	assert_non_null(strstr(ctx.error, "test:2: "));
	assert_non_null(strstr(ctx.error, "70000"));
	model_free(&m);

	assert_int_equal(parse_rows(&m, &ctx, "x,9-8,tcp,,,,,,,,,\n"), -1);
	assert_non_null(strstr(ctx.error, "test:2: "));
	model_free(&m);

	/* Blanks around a port are no harm. */
	assert_int_equal(parse_rows(&m, &ctx, "x, 9 ,tcp,,,,,,,,,\n"), 0);
	assert_int_equal(m.records[0].port_lo, 9);
	model_free(&m);
}

static void
test_quote_errors(void **state)
{
	struct model m;
	struct src_ctx ctx;

	(void)state;
	assert_int_equal(parse_rows(&m, &ctx,
	    "a,1,tcp,,,,,,,,,\n"
	    "b,2,tcp,\"never closed\n"
	    "c,3,tcp,,,,,,,,,\n"), -1);
	assert_string_equal(ctx.error, "test:3: unterminated quoted field 4");
	model_free(&m);

	assert_int_equal(parse_rows(&m, &ctx, "a,1,tcp,\"x\"y,,,,,,,,\n"), -1);
	assert_non_null(strstr(ctx.error, "test:2: stray text after "
	    "closing quote of field 4"));
	model_free(&m);

	assert_int_equal(parse_text(&m, &ctx, src_csv_read, "\"Service"),
	    -1);
	assert_string_equal(ctx.error, "test:1: unterminated quoted field 1");
	model_free(&m);
}

static void
test_header(void **state)
{
	struct model m;
	struct src_ctx ctx;

	(void)state;
	/* An older export's titles. */
	assert_int_equal(parse_text(&m, &ctx, src_csv_read,
	    "Service Name,Port Number,Transport Protocol,Description,"
	    "Assignee,Contact,Registration Date,Modification Date,Reference,"
	    "Service Code,Known Unauthorized Uses,Assignment Notes\r\n"
	    "http,80,tcp,World Wide Web HTTP,,,,,,,,\r\n"), 0);
	assert_int_equal(m.nrecords, 1);
	assert_string_equal(rec_desc(&m, 0), "World Wide Web HTTP");
	model_free(&m);

	/* Columns found by name, in any order and any case. */
	assert_int_equal(parse_text(&m, &ctx, src_csv_read,
	    "Description,\"transport protocol\", Port Number ,Service Name\n"
	    "Echo,udp,7,echo\n"), 0);
	assert_int_equal(m.nrecords, 1);
	assert_true(find_record(&m, "echo", 7, "udp") == 0);
	assert_string_equal(rec_desc(&m, 0), "Echo");
	model_free(&m);

	/* Description may be missing; the other three may not. */
	assert_int_equal(parse_text(&m, &ctx, src_csv_read,
	    "Service Name,Port Number,Transport Protocol\necho,7,tcp\n"), 0);
	assert_int_equal(m.nrecords, 1);
	assert_null(rec_desc(&m, 0));
	model_free(&m);

	assert_int_equal(parse_text(&m, &ctx, src_csv_read,
	    "Service Name,Port,Transport Protocol\necho,7,tcp\n"), -1);
	assert_string_equal(ctx.error,
	    "test:1: no \"Port Number\" column in the header row");
	model_free(&m);

	assert_int_equal(parse_text(&m, &ctx, src_csv_read, ""), -1);
	assert_string_equal(ctx.error, "test:1: no header row");
	model_free(&m);

	assert_int_equal(parse_text(&m, &ctx, src_csv_read, "\xef\xbb\xbf"),
	    -1);
	assert_string_equal(ctx.error, "test:1: no header row");
	model_free(&m);

	/* A header alone is an empty registry. */
	assert_int_equal(parse_text(&m, &ctx, src_csv_read, HDR "\r\n"), 0);
	assert_int_equal(m.nrecords, 0);
	model_free(&m);
}

static void
test_field_counts(void **state)
{
	struct model m;
	struct src_ctx ctx;

	(void)state;
	/* Extra empty fields: quietly fine. */
	assert_int_equal(parse_rows(&m, &ctx,
	    "c,3,udp,desc,,,,,,,,,,,,\n"), 0);
	assert_int_equal(m.nrecords, 1);
	assert_string_equal(rec_desc(&m, 0), "desc");
	assert_int_equal(ctx.warnings, 0);
	model_free(&m);

	/* Fewer fields: skipped with a warning naming the line, never
	   guessed at ("b,2" would be 2/tcp and 2/udp); the rows after
	   them still count. */
	assert_int_equal(parse_rows(&m, &ctx,
	    "a,1,tcp\n"
	    "b,2\n"
	    "c,3,udp,desc,,,,,,,,\n"
	    "d\n"), 0);
	assert_int_equal(ctx.warnings, 3);
	assert_string_equal(ctx.warning,
	    "test:5: skipped: row has 1 field, header has 12");
	assert_int_equal(m.nrecords, 1);
	assert_int_equal(m.skipped, 3);
	assert_true(find_record(&m, "c", 3, "udp") == 0);
	model_free(&m);
	assert_int_equal(parse_rows(&m, &ctx, "foo,81,tcp\n"), 0);
	assert_string_equal(ctx.warning,
	    "test:2: skipped: row has 3 fields, header has 12");
	assert_int_equal(m.nrecords, 0);
	model_free(&m);

	/* A file cut mid-row, in an unquoted field. */
	assert_int_equal(parse_rows(&m, &ctx,
	    "a,1,tcp,d,,,,,,,,\nb,2,tcp,Some desc"), 0);
	assert_int_equal(m.nrecords, 1);
	assert_string_equal(ctx.warning,
	    "test:3: skipped: row has 4 fields, header has 12");
	model_free(&m);

	/* Text past the last column: kept, with a warning. */
	assert_int_equal(parse_rows(&m, &ctx,
	    "a,1,tcp,d,,,,,,,,,surplus\n"), 0);
	assert_int_equal(m.nrecords, 1);
	assert_int_equal(ctx.warnings, 1);
	model_free(&m);
}

/* A row of BEFORE, 70000 x's and AFTER is refused with ERROR. */
static void
assert_too_long(const char *before, const char *after, const char *error)
{
	struct model m;
	struct src_ctx ctx;
	size_t n = 70000, i;
	char *buf;

	buf = malloc(sizeof(HDR) + n + 64);
	assert_non_null(buf);
	i = (size_t)sprintf(buf, "%s\n%s", HDR, before);
	memset(buf + i, 'x', n);
	strcpy(buf + i + n, after);
	assert_int_equal(parse_text(&m, &ctx, src_csv_read, buf), -1);
	assert_string_equal(ctx.error, error);
	model_free(&m);
	free(buf);
}

static void
test_too_long(void **state)
{
	(void)state;
	assert_too_long("a,1,tcp,\"", "\",,,,,,,,\n",
	    "test:2: field 4 longer than 65536 bytes");
	/* Unquoted, and in a column we do not even keep. */
	assert_too_long("a,1,tcp,,", ",,,,,,,\n",
	    "test:2: field 5 longer than 65536 bytes");
}

/* A NUL byte is an error at its physical line, never the end of a
   field: "8\0 0" must not be served as port 8. */
static void
test_nul(void **state)
{
	static const char port[] = HDR "\na,8\0 0,tcp,d,,,,,,,,\n";
	static const char quoted[] = HDR "\na,1,tcp,\"x\ny\0\",,,,,,,,\n";
	static const char nul_err[] = ": not a text file, or a damaged one";
	struct model m;
	struct src_ctx ctx;
	char want[128];

	(void)state;
	assert_int_equal(parse_bytes(&m, &ctx, port, sizeof(port) - 1), -1);
	snprintf(want, sizeof(want), "test:2: NUL byte at column 4%s",
	    nul_err);
	assert_string_equal(ctx.error, want);
	assert_int_equal(m.nrecords, 0);
	model_free(&m);

	/* Inside a quoted field that spans lines: the line it is on. */
	assert_int_equal(parse_bytes(&m, &ctx, quoted, sizeof(quoted) - 1),
	    -1);
	snprintf(want, sizeof(want), "test:3: NUL byte at column 2%s",
	    nul_err);
	assert_string_equal(ctx.error, want);
	model_free(&m);
}

/* Whatever the bytes, an answer and no crash. */
static void
test_junk(void **state)
{
	static const char good[] = HDR "\r\n"
	    "a,1-2,tcp,\"d, \"\"e\"\"\nf\",,,,,,,,\r\n"
	    "b,3,,x,,,,,,,,\r\n";
	struct model m;
	struct src_ctx ctx;
	unsigned seed = 7;
	char buf[sizeof(good)];
	size_t i, j, len;
	int rc;

	(void)state;
	rc = parse_bytes(&m, &ctx, "\0,\0\n\0", 5);
	assert_int_equal(rc, -1);
	model_free(&m);

	for (i = 0; i < 5000; i++) {
		memcpy(buf, good, sizeof(good));
		len = sizeof(good) - 1 - (i % 7);
		for (j = 0; j < 3; j++) {
			seed = seed * 1103515245 + 12345;
			buf[(seed >> 8) % len] =
			    "\",\r\n\0x9-"[(seed >> 20) % 8];
		}
		rc = parse_bytes(&m, &ctx, buf, len);
		if (rc < 0)
			assert_string_not_equal(ctx.error, "");
		model_free(&m);
	}
}

static void
test_real_registry(void **state)
{
	struct model m, mx;
	struct src_ctx ctx;
	char csv[4096], xml[4096];
	size_t len;
	char *buf;
	long k;

	(void)state;
	shared_registry(csv, sizeof(csv), REG_CSV);
	shared_registry(xml, sizeof(xml), REG_XML);
	buf = slurp(csv, &len);
	model_init(&m);
	init_ctx(&ctx, &m, csv);
	assert_int_equal(src_csv_read(&ctx, buf, len), 0);
	assert_string_equal(ctx.error, "");
	assert_int_equal(ctx.date, 0);
	/* Four names with blanks; no row short of the header's fields. */
	assert_int_equal(ctx.warnings, 4);
	free(buf);

	/* 14,447 rows, 260 of them over several lines. */
	assert_int_equal(m.nrecords + m.skipped, 14447);
	assert_in_range(m.nrecords, 10000, 14000);
	assert_registry_landmarks(&m);
	assert_true(find_record(&m, "sql*net", 66, "tcp") >= 0);

	/* The XML of the same week serves the same records. */
	buf = slurp(xml, &len);
	model_init(&mx);
	init_ctx(&ctx, &mx, xml);
	assert_int_equal(src_xml_read(&ctx, buf, len), 0);
	free(buf);
	assert_int_equal(m.nrecords, mx.nrecords);
	assert_int_equal(m.skipped, mx.skipped);
	for (k = 0; k < (long)m.nrecords; k++) {
		assert_string_equal(rec_name(&m, (size_t)k),
		    rec_name(&mx, (size_t)k));
		assert_int_equal(m.records[k].port_lo, mx.records[k].port_lo);
		assert_int_equal(m.records[k].port_hi, mx.records[k].port_hi);
		assert_int_equal(m.records[k].any_proto,
		    mx.records[k].any_proto);
	}
	model_free(&mx);
	model_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normal),
		cmocka_unit_test(test_dropped),
		cmocka_unit_test(test_names_as_spelled),
		cmocka_unit_test(test_quoted),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_bad_port),
		cmocka_unit_test(test_quote_errors),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_field_counts),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_junk),
		cmocka_unit_test(test_real_registry),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
