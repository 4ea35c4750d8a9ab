/* SPDX-License-Identifier: MIT */
/* Unit tests for the plain-text registry parser. */
#include <stdio.h>
#include <stdlib.h>

#include "testutil.h"

#define SAMPLE "data/sample-registry.txt"

static const char hdr[] =
	"Service Name and Transport Protocol Port Number Registry\n"
	"\n"
	"Last Updated\n"
	"2024-06-07\n"
	"Service Name Port Number Transport Protocol Description Assignee "
	"Contact Registration Date Modification Date Reference Service Code "
	"Unauthorized Use Reported Assignment Notes\n";

/* Parse HDR followed by ROWS. */
static int
parse_rows(struct model *m, struct src_ctx *ctx, const char *rows)
{
	return parse_framed(m, ctx, src_text_read, hdr, rows, "");
}

static void
test_sample(void **state)
{
	struct model m;
	struct src_ctx ctx;
	char *buf = slurp(SAMPLE, NULL);
	long i, j, k;
	size_t r;

	(void)state;
	assert_int_equal(parse_text(&m, &ctx, src_text_read, buf), 0);
	assert_string_equal(ctx.error, "");
	assert_int_equal(ctx.date, 20250722);

	i = find_record(&m, "kerberos-adm", 749, "tcp");
	assert_true(i >= 0);
	assert_string_equal(rec_desc(&m, (size_t)i), "kerberos administration");
	assert_true(find_record(&m, "domain-s", 853, "udp") >= 0);
	i = find_record(&m, "domain-s", 853, "tcp");
	assert_true(i >= 0);
	assert_string_equal(rec_desc(&m, (size_t)i),
	    "DNS query-response protocol run over TLS");

	/* Port 750: three rows, in file order. */
	i = find_record(&m, "rfile", 750, "tcp");
	j = find_record(&m, "loadav", 750, "udp");
	k = find_record(&m, "kerberos-iv", 750, "udp");
	assert_true(i >= 0 && j > i && k > j);
	assert_null(rec_desc(&m, (size_t)i));
	assert_string_equal(rec_desc(&m, (size_t)k), "kerberos version iv");

	/* The historic name comes after its replacement. */
	i = find_record(&m, "acmaint-dbd", 774, "udp");
	j = find_record(&m, "acmaint_dbd", 774, "udp");
	assert_true(i >= 0 && j > i);
	/* Really its Assignment Notes: with no assignee to stop at, the
	   text rendering cannot tell the columns apart. */
	assert_string_equal(rec_desc(&m, (size_t)j),
	    "This entry is an alias to \"acmaint-dbd\". This entry is now "
	    "historic, not usable for use with many common service "
	    "discovery mechanisms.");

	/* Its row is followed by a note and a lone "[Bob_Lyon]" line. */
	assert_true(find_record(&m, "iclcnet-svinfo", 887, "udp") >= 0);
	i = find_record(&m, "iclcnet_svinfo", 887, "tcp");
	assert_true(i >= 0);
	assert_string_equal(rec_desc(&m, (size_t)i),
	    "ICL coNETion server info");

	for (r = 0; r < m.nrecords; r++) {
		const char *n = rec_name(&m, r);

		/* Nothing from the notes or the contact table. */
		assert_non_null(n);
		assert_true(n[0] != '[');
		assert_string_not_equal(n, "IANA");
		assert_string_not_equal(n, "ID");
		/* Unassigned ranges are dropped, not served. */
		assert_false(m.records[r].port_lo >= 732 &&
		    m.records[r].port_hi <= 740);
	}
	assert_int_equal(m.skipped, 14);	/* the Unassigned rows */
	assert_int_equal(m.nrecords, 87);
	model_free(&m);
	free(buf);
}

static void
test_sample_count(void **state)
{
	struct model m;
	struct src_ctx ctx;
	char *buf = slurp(SAMPLE, NULL);
	size_t rows = 0;
	char *p;

	(void)state;
	/* Every table line with a name and then a port is a row; count
	   them independently of the parser, up to the contact table. */
	for (p = strstr(buf, "\nnetviewdm3"); p && p < strstr(buf, "\nID ");
	    p = strchr(p + 1, '\n')) {
		char line[256], name[64];
		unsigned port;

		snprintf(line, sizeof(line), "%.*s", (int)strcspn(p + 1, "\n"),
		    p + 1);
		if (sscanf(line, "%63s %u", name, &port) == 2 &&
		    name[0] != '[' && strspn(name, "0123456789-") !=
		    strlen(name))
			rows++;
	}
	assert_true(rows > 80);
	assert_int_equal(parse_text(&m, &ctx, src_text_read, buf), 0);
	assert_int_equal(m.nrecords, rows);
	model_free(&m);
	free(buf);
}

static void
test_no_proto(void **state)
{
	struct model m;
	struct src_ctx ctx;
	long i;

	(void)state;
	assert_int_equal(parse_rows(&m, &ctx,
	    "active-net 3322-3325 Active Networks [Bob_Braden_2] "
	    "[Bob_Braden_2]\n"
	    "flex-lm 27000-27009 FLEX LM (1-10) [Flexera_Software] "
	    "[Paul_Bland] 2018-02-15\n"
	    "boe-cms 6400 Business Objects CMS contact port [Wade_Richards] "
	    "[Wade_Richards] 2008-05-05\n"), 0);
	assert_int_equal(ctx.date, 20240607);
	assert_int_equal(m.nrecords, 3);
	i = find_record(&m, "active-net", 3322, NULL);
	assert_int_equal(i, 0);
	assert_int_equal(m.records[0].port_hi, 3325);
	assert_true(m.records[0].any_proto);
	assert_string_equal(rec_desc(&m, 0), "Active Networks");
	assert_int_equal(m.records[1].port_lo, 27000);
	assert_int_equal(m.records[1].port_hi, 27009);
	assert_null(rec_proto(&m, 1));
	assert_string_equal(rec_desc(&m, 1), "FLEX LM (1-10)");
	assert_null(rec_proto(&m, 2));
	assert_string_equal(rec_desc(&m, 2),
	    "Business Objects CMS contact port");
	model_free(&m);
}

static void
test_historic_names(void **state)
{
	struct model m;
	struct src_ctx ctx;

	(void)state;
	assert_int_equal(parse_rows(&m, &ctx,
	    "sql*net 66 tcp Oracle SQL*NET [Jack_Haverty] [Jack_Haverty]\n"
	    "z39.50 210 udp ANSI Z39.50\n"
	    "cl/1 172 tcp\n"
	    "EtherNet/IP-1 2222 tcp EtherNet/IP I/O\n"
	    "whois++ 63 sctp whois++\n"
	    "xyz 9 dccp\n"), 0);
	assert_int_equal(m.nrecords, 6);
	assert_string_equal(rec_name(&m, 0), "sql*net");
	assert_string_equal(rec_desc(&m, 0), "Oracle SQL*NET");
	assert_string_equal(rec_name(&m, 1), "z39.50");
	assert_string_equal(rec_name(&m, 2), "cl/1");
	assert_string_equal(rec_name(&m, 3), "EtherNet/IP-1");
	assert_string_equal(rec_desc(&m, 3), "EtherNet/IP I/O");
	assert_string_equal(rec_proto(&m, 4), "sctp");
	assert_string_equal(rec_proto(&m, 5), "dccp");
	model_free(&m);
}

static void
test_desc_heuristic(void **state)
{
	struct model m;
	struct src_ctx ctx;

	(void)state;
	assert_int_equal(parse_rows(&m, &ctx,
	    "ftp-data 20 tcp File Transfer [Default Data] [Jon_Postel] "
	    "[Jon_Postel]\n"
	    "rift-lies 914 udp Routing (registered 2023-02-17, expires "
	    "2025-02-17) [IESG] [IETF_Chair] 2023-02-17\n"
	    "dlep 854 tcp DLEP 2017-04-03 [RFC8175]\n"
	    "x 1 tcp\t spaced   out\r\n"), 0);
	assert_int_equal(m.nrecords, 4);
	assert_string_equal(rec_desc(&m, 0), "File Transfer [Default Data]");
	assert_string_equal(rec_desc(&m, 1),
	    "Routing (registered 2023-02-17, expires 2025-02-17)");
	assert_string_equal(rec_desc(&m, 2), "DLEP");
	assert_string_equal(rec_desc(&m, 3), "spaced out");
	model_free(&m);
}

static void
test_nameless_and_notes(void **state)
{
	struct model m;
	struct src_ctx ctx;

	(void)state;
	assert_int_equal(parse_rows(&m, &ctx,
	    "0 tcp Reserved [Jon_Postel] [Jon_Postel]\n"
	    "732-740 Unassigned\n"
	    "743 Unassigned\n"
	    "786 Unassigned 2002-05-08\n"
	    "788-799 Unassigned Unauthorized Use Known on port 796\n"
	    "a 1 tcp\n"
	    "\n"
	    "IANA assigned this well-formed service name as a replacement "
	    "for \"a_b\".\n"
	    "[Bob_Lyon] [Bob_Lyon]\n"
	    "   continued description 42\n"
	    "Port 126 Previously assigned to application above\n"
	    "PORT 4000 also used by ICQ <www.icq.com>\n"
	    "ports 1-2 also\n"
	    "argus ARGUS Protocol\n"
	    "b 2 udp\n"), 0);
	assert_int_equal(m.nrecords, 2);
	assert_int_equal(m.skipped, 5);
	assert_string_equal(rec_name(&m, 0), "a");
	assert_string_equal(rec_name(&m, 1), "b");
	assert_int_equal(m.records[1].port_lo, 2);
	model_free(&m);
}

static void
test_contacts(void **state)
{
	struct model m;
	struct src_ctx ctx;

	(void)state;
	assert_int_equal(parse_rows(&m, &ctx,
	    "a 1 tcp\n"
	    "\n"
	    "Contact Information\n"
	    "\n"
	    "ID Name Organization Contact URI Last Updated\n"
	    "[Bob_Lyon] Bob Lyon mailto:bl&oasis.icl.co.uk\n"
	    "bob 25 Bob's mail mailto:bob&example.com\n"), 0);
	assert_int_equal(m.nrecords, 1);
	assert_int_equal(m.skipped, 0);
	model_free(&m);
}

static void
test_errors(void **state)
{
	struct model m;
	struct src_ctx ctx;

	(void)state;
	assert_int_equal(parse_text(&m, &ctx, src_text_read, ""), -1);
	assert_string_equal(ctx.error, "test: no registry table found");
	model_free(&m);

	assert_int_equal(parse_text(&m, &ctx, src_text_read,
	    "Last Updated\n2025-07-22\nfoo 1 tcp\n"), -1);
	assert_string_equal(ctx.error, "test: no registry table found");
	model_free(&m);

	assert_int_equal(parse_rows(&m, &ctx, "a 1 tcp\nbig 65536 tcp\n"), -1);
	assert_string_equal(ctx.error,
	    "test:7: port 65536 out of range (0-65535)");
	model_free(&m);

	assert_int_equal(parse_rows(&m, &ctx,
	    "huge 99999999999999999999 udp\n"), -1);
	assert_non_null(strstr(ctx.error, "test:6: port"));
	model_free(&m);

	assert_int_equal(parse_rows(&m, &ctx, "back 20-10 udp\n"), -1);
	assert_non_null(strstr(ctx.error, "test:6: "));
	model_free(&m);
}

static void
test_date(void **state)
{
	struct model m;
	struct src_ctx ctx;

	(void)state;
	/* No date, or a malformed one: ctx->date stays 0. */
	assert_int_equal(parse_text(&m, &ctx, src_text_read,
	    "Last Updated\n2025-13-01\n"
	    "Service Name Port Number Transport Protocol Description\n"), 0);
	assert_int_equal(ctx.date, 0);
	model_free(&m);

	assert_int_equal(parse_text(&m, &ctx, src_text_read,
	    "Last Updated\r\n\r\n2001-02-03\r\n"
	    "Service Name Port Number Transport Protocol Description\r\n"
	    "a 1 tcp A\r\n"), 0);
	assert_int_equal(ctx.date, 20010203);
	assert_int_equal(m.nrecords, 1);
	assert_string_equal(rec_desc(&m, 0), "A");
	model_free(&m);

	/* A UTF-8 byte order mark is no part of the first line's words. */
	assert_int_equal(parse_text(&m, &ctx, src_text_read,
	    "\xef\xbb\xbfLast Updated\n2001-02-03\n"
	    "Service Name Port Number Transport Protocol Description\n"
	    "a 1 tcp A\n"), 0);
	assert_int_equal(ctx.date, 20010203);
	assert_int_equal(m.nrecords, 1);
	model_free(&m);
}

static void
test_junk(void **state)
{
	static const char junk[] = "Service Name Port Number Transport "
		"Protocol\n\x01\x01 1 tcp\n\xff\xfe 2 udp\na\x01b 3 tcp\n"
		"x 4\ny 5-\nz -5 tcp\n[ 6 tcp\n\n\n-";
	static const char nul[] = "Service Name Port Number Transport "
		"Protocol\nx 4\n\0\0 1 tcp\n";
	struct model m;
	struct src_ctx ctx;

	(void)state;
	assert_int_equal(parse_buf(&m, &ctx, src_text_read, junk,
	    sizeof(junk) - 1), 0);
	/* "\x01\x01 1 tcp" is no row, "x 4" a proto-less one; "a\x01b 3
	   tcp" is not a row: no name holds a control character. */
	assert_int_equal(m.nrecords, 1);
	assert_string_equal(rec_name(&m, 0), "x");
	model_free(&m);

	/* A NUL byte is an error at its line, before any row is taken. */
	assert_int_equal(parse_buf(&m, &ctx, src_text_read, nul,
	    sizeof(nul) - 1), -1);
	assert_string_equal(ctx.error, "test:3: NUL byte at column 1: not a "
	    "text file, or a damaged one");
	assert_int_equal(m.nrecords, 0);
	model_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample),
		cmocka_unit_test(test_sample_count),
		cmocka_unit_test(test_no_proto),
		cmocka_unit_test(test_historic_names),
		cmocka_unit_test(test_desc_heuristic),
		cmocka_unit_test(test_nameless_and_notes),
		cmocka_unit_test(test_contacts),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_junk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
