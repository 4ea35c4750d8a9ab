/* SPDX-License-Identifier: MIT */
/* Unit tests for the services(5) parser. */
#include <stdio.h>
#include <stdlib.h>

#include "testutil.h"

static void
test_netbase(void **state)
{
	struct model m;
	struct src_ctx ctx;

	(void)state;
	assert_int_equal(parse_text(&m, &ctx, src_services_read,
	    "# Network services, Internet style\n"
	    "#\n"
	    "\n"
	    "tcpmux\t\t1/tcp\t\t\t\t# TCP port service multiplexer\n"
	    "discard\t\t9/tcp\t\tsink null\n"
	    "http\t\t80/tcp\t\twww\t\t# WorldWideWeb HTTP\n"
	    "kerberos\t88/udp\t\tkerberos5 krb5 kerberos-sec\t# Kerberos v5\n"
	    "   \t\n"
	    "#\n"
	    "# Appletalk\n"
	    "rtmp\t\t1/ddp\t\t\t# Routing Table Maintenance Protocol\n"
	    "zip 6/ddp # Zone Information Protocol\n"
	    "mailq 174/tcp #\n"
	    "x 0/sctp#no space\n"), 0);
	assert_string_equal(ctx.error, "");
	assert_int_equal(m.nrecords, 8);

	assert_record(&m, 0, "tcpmux", "tcp", 1, 1);
	assert_int_equal(m.records[0].nnames, 1);
	assert_string_equal(rec_desc(&m, 0), "TCP port service multiplexer");

	assert_string_equal(rec_name(&m, 1), "discard");
	assert_int_equal(m.records[1].nnames, 3);
	assert_string_equal(rec_alias(&m, 1, 0), "sink");
	assert_string_equal(rec_alias(&m, 1, 1), "null");
	assert_null(rec_desc(&m, 1));

	assert_string_equal(rec_alias(&m, 2, 0), "www");
	assert_string_equal(rec_desc(&m, 2), "WorldWideWeb HTTP");

	assert_string_equal(rec_proto(&m, 3), "udp");
	assert_int_equal(m.records[3].nnames, 4);
	assert_string_equal(rec_alias(&m, 3, 2), "kerberos-sec");
	assert_string_equal(rec_desc(&m, 3), "Kerberos v5");

	assert_string_equal(rec_name(&m, 4), "rtmp");
	assert_string_equal(rec_proto(&m, 4), "ddp");
	assert_string_equal(rec_proto(&m, 5), "ddp");
	assert_int_equal(m.records[5].port_lo, 6);
	assert_string_equal(rec_desc(&m, 5), "Zone Information Protocol");

	assert_null(rec_desc(&m, 6));	/* empty comment */
	assert_int_equal(m.records[7].port_lo, 0);
	assert_string_equal(rec_proto(&m, 7), "sctp");
	assert_string_equal(rec_desc(&m, 7), "no space");
	model_free(&m);
}

static void
test_crlf(void **state)
{
	struct model m;
	struct src_ctx ctx;

	(void)state;
	assert_int_equal(parse_text(&m, &ctx, src_services_read,
	    "# comment\r\n"
	    "\r\n"
	    "ssh 22/tcp\r\n"
	    "http 80/tcp www \t \r\n"
	    "ntp 123/udp # Network Time Protocol  \r\n"
	    "last 9/udp"), 0);
	assert_int_equal(m.nrecords, 4);
	assert_string_equal(rec_proto(&m, 0), "tcp");
	assert_int_equal(m.records[1].nnames, 2);
	assert_string_equal(rec_alias(&m, 1, 0), "www");
	assert_string_equal(rec_desc(&m, 2), "Network Time Protocol");
	assert_string_equal(rec_name(&m, 3), "last");
	assert_string_equal(rec_proto(&m, 3), "udp");
	model_free(&m);
}

/* A UTF-8 byte order mark, as some editors write, is no part of the
   first name; elsewhere it is a byte like any other. */
static void
test_bom(void **state)
{
	struct model m;
	struct src_ctx ctx;

	(void)state;
	assert_int_equal(parse_text(&m, &ctx, src_services_read,
	    "\xef\xbb\xbfhttp 80/tcp www\nssh 22/tcp\n"), 0);
	assert_int_equal(ctx.warnings, 0);
	assert_int_equal(m.nrecords, 2);
	assert_record(&m, 0, "http", "tcp", 80, 80);
	model_free(&m);

	assert_int_equal(parse_text(&m, &ctx, src_services_read,
	    "\xef\xbb\xbf# comment\nssh 22/tcp\n"), 0);
	assert_int_equal(m.nrecords, 1);
	assert_string_equal(rec_name(&m, 0), "ssh");
	model_free(&m);

	assert_int_equal(parse_text(&m, &ctx, src_services_read,
	    "\xef\xbb\xbf"), 0);
	assert_int_equal(m.nrecords, 0);
	model_free(&m);
}

static void
test_aliases_cap(void **state)
{
	struct model m;
	struct src_ctx ctx;
	char buf[4096];
	size_t n, i;

	(void)state;
	n = (size_t)snprintf(buf, sizeof(buf), "many 7/tcp");
	for (i = 0; i < 300; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, " a%zu", i);
	snprintf(buf + n, sizeof(buf) - n, " # lots\n");
	assert_int_equal(parse_text(&m, &ctx, src_services_read, buf), 0);
	assert_int_equal(m.nrecords, 1);
	assert_int_equal(m.records[0].nnames, 256);
	assert_string_equal(rec_alias(&m, 0, 254), "a254");
	assert_string_equal(rec_desc(&m, 0), "lots");
	assert_int_equal(ctx.warnings, 1);
	model_free(&m);
}

/* Parse TEXT: it succeeds with one warning, MSG, and one record less
   than it has lines, the bad line skipped and the rest kept. */
static void
expect_skip(const char *text, const char *msg)
{
	struct model m;
	struct src_ctx ctx;

	assert_int_equal(parse_text(&m, &ctx, src_services_read, text), 0);
	assert_string_equal(ctx.error, "");
	assert_int_equal(ctx.warnings, 1);
	assert_string_equal(ctx.warning, msg);
	assert_int_equal(m.skipped, 1);
	model_free(&m);
}

/* What nss_files skips, or would serve wrongly (a port modulo 65536, no
   protocol), is skipped with a warning naming the line; the lines after
   it still count. */
static void
test_skipped(void **state)
{
	struct model m;
	struct src_ctx ctx;

	(void)state;
	expect_skip("# c\n\n\n\n\n\n\n\n\n\nok 1/tcp\nbig 99999/tcp\n",
	    "test:12: skipped: port out of range (0-65535) \"99999/tcp\"");
	expect_skip("x11 6000-6063/tcp\n",
	    "test:1: skipped: invalid port \"6000-6063/tcp\"");
	expect_skip("a 1/tcp\r\nlonely\r\n",
	    "test:2: skipped: no port/protocol after \"lonely\"");
	expect_skip("lonely # 1/tcp\n",
	    "test:1: skipped: no port/protocol after \"lonely\"");
	expect_skip("a 80\n", "test:1: skipped: no protocol in \"80\"");
	expect_skip("a tcp/80\n", "test:1: skipped: invalid port \"tcp/80\"");
	expect_skip("a /tcp\n", "test:1: skipped: invalid port \"/tcp\"");
	expect_skip("a -1/tcp\n", "test:1: skipped: invalid port \"-1/tcp\"");
	expect_skip("a 65536/tcp\n",
	    "test:1: skipped: port out of range (0-65535) \"65536/tcp\"");
	expect_skip("a 99999999999999999999999/udp\n",
	    "test:1: skipped: port out of range (0-65535) "
	    "\"99999999999999999999999/udp\"");
	expect_skip("a 80/\n", "test:1: skipped: no protocol in \"80/\"");
	expect_skip("a 0x/tcp\n", "test:1: skipped: invalid port \"0x/tcp\"");
	expect_skip("a 08/tcp\n", "test:1: skipped: invalid port \"08/tcp\"");

	/* The line after a skipped one is served. */
	assert_int_equal(parse_text(&m, &ctx, src_services_read,
	    "a 1/tcp\nbadport 99999/tcp\nafter 2/udp\n"), 0);
	assert_int_equal(m.nrecords, 2);
	assert_string_equal(rec_name(&m, 1), "after");
	assert_int_equal(m.records[1].port_lo, 2);
	model_free(&m);
}

/* A bad alias is dropped with a warning naming its line, as a bad name
   is skipped: the line's name and other aliases, and the lines after
   it, are served. */
static void
test_bad_alias(void **state)
{
	struct model m;
	struct src_ctx ctx;
	char buf[600], big[300];

	(void)state;
	assert_int_equal(parse_text(&m, &ctx, src_services_read,
	    "a 1/tcp\nhttp 80/tcp www x\033]0;pwn\007y www-http # Web\n"
	    "after 2/udp\n"), 0);
	assert_string_equal(ctx.error, "");
	assert_int_equal(ctx.warnings, 1);
	assert_string_equal(ctx.warning, "test:2: dropped: invalid alias "
	    "\"x ]0;pwn y\" of \"http\"");
	assert_int_equal(m.nrecords, 3);
	assert_int_equal(m.records[1].nnames, 3);
	assert_string_equal(rec_alias(&m, 1, 0), "www");
	assert_string_equal(rec_alias(&m, 1, 1), "www-http");
	assert_string_equal(rec_desc(&m, 1), "Web");
	assert_string_equal(rec_name(&m, 2), "after");
	model_free(&m);

	/* Over 255 bytes; the only alias of its line. */
	memset(big, 'b', 256);
	big[256] = '\0';
	snprintf(buf, sizeof(buf), "long 7/tcp %s\n", big);
	assert_int_equal(parse_text(&m, &ctx, src_services_read, buf), 0);
	assert_int_equal(ctx.warnings, 1);
	assert_string_equal(ctx.warning, "test:1: dropped: alias of \"long\" "
	    "longer than 255 bytes: \"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	    "...\"");
	assert_int_equal(m.nrecords, 1);
	assert_int_equal(m.records[0].nnames, 1);
	model_free(&m);

	/* 255 bytes is a name still. */
	big[255] = '\0';
	snprintf(buf, sizeof(buf), "long 7/tcp %s\n", big);
	assert_int_equal(parse_text(&m, &ctx, src_services_read, buf), 0);
	assert_int_equal(ctx.warnings, 0);
	assert_int_equal(m.records[0].nnames, 2);
	model_free(&m);
}

/* Ports as nss_files reads them (strtoul, base 0), and its slashes. */
static void
test_ports_as_glibc(void **state)
{
	struct model m;
	struct src_ctx ctx;

	(void)state;
	assert_int_equal(parse_text(&m, &ctx, src_services_read,
	    "hex 0x50/tcp\noct 010/tcp\nplus +79/tcp\nslashes 81//udp\n"
	    "zero 0/tcp\n"), 0);
	assert_int_equal(ctx.warnings, 0);
	assert_int_equal(m.nrecords, 5);
	assert_int_equal(m.records[0].port_lo, 80);
	assert_int_equal(m.records[1].port_lo, 8);
	assert_int_equal(m.records[2].port_lo, 79);
	assert_int_equal(m.records[3].port_lo, 81);
	assert_string_equal(rec_proto(&m, 3), "udp");
	assert_int_equal(m.records[4].port_lo, 0);
	model_free(&m);
}

static void
test_edges(void **state)
{
	static const char nul[] = "a\0b 1/tcp\nc 2/udp \0# x\0y\n";
	struct model m;
	struct src_ctx ctx;

	(void)state;
	assert_int_equal(parse_text(&m, &ctx, src_services_read, ""), 0);
	assert_int_equal(m.nrecords, 0);
	model_free(&m);

	assert_int_equal(parse_text(&m, &ctx, src_services_read,
	    "a 65535/tcp\nb 0/udp\n"), 0);
	assert_int_equal(m.records[0].port_lo, 65535);
	assert_int_equal(m.records[1].port_lo, 0);
	model_free(&m);

	/* A NUL byte is an error naming its line, never a blank nor a
	   string end, and nothing of the file is taken. */
	assert_int_equal(parse_buf(&m, &ctx, src_services_read, nul,
	    sizeof(nul) - 1), -1);
	assert_string_equal(ctx.error, "test:1: NUL byte at column 2: not a "
	    "text file, or a damaged one");
	model_free(&m);

	assert_int_equal(parse_buf(&m, &ctx, src_services_read, nul + 10,
	    sizeof(nul) - 11), -1);
	assert_string_equal(ctx.error, "test:1: NUL byte at column 9: not a "
	    "text file, or a damaged one");
	assert_int_equal(m.nrecords, 0);
	model_free(&m);

	assert_int_equal(parse_buf(&m, &ctx, src_services_read,
	    "a 1/tcp\n# x\n\0", sizeof("a 1/tcp\n# x\n\0") - 1), -1);
	assert_string_equal(ctx.error, "test:3: NUL byte at column 1: not a "
	    "text file, or a damaged one");
	model_free(&m);
}

/* The registry date 'ianaports dump' heads its output with is read
   back, among the comments before the first entry only, and only when
   it is a date. */
static void
test_dump_date(void **state)
{
	static const struct {
		const char *text;
		uint32_t date;
	} cases[] = {
		{ "# services(5) rendering of a.db by 'ianaports dump'\n"
		  "# IANA registry of 2026-08-17\n"
		  "tcpmux\t1/tcp\t# TCP Port Service Multiplexer\n",
		  20260817 },
		{ "\r\n# IANA registry of 2025-07-22 \t\r\nssh 22/tcp\r\n",
		  20250722 },
		{ "ssh 22/tcp\n# IANA registry of 2026-08-17\n", 0 },
		{ "# IANA registry of 2026-13-01\nssh 22/tcp\n", 0 },
		{ "# IANA registry of 2026-08-17 and more\nssh 22/tcp\n", 0 },
		{ "#IANA registry of 2026-08-17\nssh 22/tcp\n", 0 },
		{ "# Network services, Internet style\nssh 22/tcp\n", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct model m;
		struct src_ctx ctx;

		assert_int_equal(parse_text(&m, &ctx, src_services_read,
		    cases[i].text), 0);
		assert_int_equal(ctx.date, cases[i].date);
		assert_int_equal(ctx.warnings, 0);
		assert_int_equal(m.nrecords, 1);
		model_free(&m);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_netbase),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_aliases_cap),
		cmocka_unit_test(test_skipped),
		cmocka_unit_test(test_bad_alias),
		cmocka_unit_test(test_ports_as_glibc),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_dump_date),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
