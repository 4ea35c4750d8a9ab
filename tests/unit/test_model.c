/* SPDX-License-Identifier: MIT */
/* The serving contract, one test per line of it: small sources in, the
   built image's lookups out (model_build, ipdb_build, ipdb_parse). */
#include <stdio.h>
#include <stdlib.h>

#include "ipdb.h"
#include "ipdb_write.h"
#include "testutil.h"

#define CSV_HEAD \
	"Service Name,Port Number,Transport Protocol,Description,Assignee," \
	"Contact,Registration Date,Modification Date,Reference," \
	"Service Code,Unauthorized Use Reported,Assignment Notes\n"

typedef int (*parser)(struct src_ctx *, const char *, size_t);

/* A built database: the model it came from and the parsed image. */
struct fx {
	struct model m;
	unsigned char *img;
	size_t len;
	struct ipdb db;
};

/* Parse each of the N sources (parser, text) into one model, in order,
   then build and parse the image as the module would. */
static void
build_n(struct fx *f, size_t n, const parser *ps, const char *const *texts)
{
	struct src_ctx ctx;
	size_t i;

	model_init(&f->m);
	for (i = 0; i < n; i++) {
		init_ctx(&ctx, &f->m, "test");
		if (ps[i](&ctx, texts[i], strlen(texts[i])) < 0)
			fail_msg("source %zu: %s", i, ctx.error);
		f->m.nsources++;
	}
	assert_int_equal(model_build(&f->m), 0);
	assert_int_equal(ipdb_build(&f->m, &f->img, &f->len), 0);
	assert_int_equal(ipdb_parse(&f->db, f->img, f->len, IPDB_VERIFY),
	    IPDB_OK);
}

static void
build(struct fx *f, parser p, const char *text)
{
	build_n(f, 1, &p, &text);
}

static void
fx_free(struct fx *f)
{
	free(f->img);
	model_free(&f->m);
}

/* Entry I as "name port/proto alias...", the getent services layout
   without padding: one string to compare. */
static const char *
show(const struct ipdb *db, long i)
{
	static char buf[4][1024];
	static unsigned k;
	struct ipdb_entry e = { 0 };
	const char *s;
	char *out = buf[k++ % 4];
	size_t n;
	unsigned a;

	if (i < 0)
		return "(none)";
	assert_int_equal(ipdb_entry(db, (uint32_t)i, &e), 0);
	n = (size_t)snprintf(out, 1024, "%s %u/%s", e.name, e.port, e.proto);
	for (s = ipdb_next_name(&e, e.name), a = 0; s && a < e.naliases;
	    a++, s = ipdb_next_name(&e, s))
		n += (size_t)snprintf(out + n, 1024 - n, " %s", s);
	return out;
}

#define BYNAME(f, name, proto) show(&(f)->db, \
	ipdb_find_name(&(f)->db, (name), (proto)))
#define BYPORT(f, port, proto) show(&(f)->db, \
	ipdb_find_port(&(f)->db, (port), (proto)))

/* Line 1: a record counts when it has a name and a port; one with no
   protocol is served for tcp and udp. */
static void
test_records_served(void **state)
{
	struct fx f;

	(void)state;
	build(&f, src_csv_read, CSV_HEAD
	    ",0,tcp,Reserved,,,,,,,,\n"
	    ",0,udp,Reserved,,,,,,,,\n"
	    ",732-740,,Unassigned,,,,,,,,\n"
	    "nameonly,,,A name with no port,,,,,,,,\n"
	    "active-net,3322-3325,,Active Networks,,,,,,,,\n"
	    "boe-cms,6400,,Business Objects CMS contact port,,,,,,,,\n"
	    "flex-lm,27000-27009,,FLEX LM (1-10),,,,,,,,\n");
	assert_int_equal(f.db.nents, 2 * (4 + 1 + 10));
	assert_int_equal(f.m.skipped, 4);
	assert_string_equal(BYPORT(&f, 0, NULL), "(none)");
	assert_string_equal(BYPORT(&f, 735, NULL), "(none)");
	assert_string_equal(BYNAME(&f, "nameonly", NULL), "(none)");
	assert_string_equal(BYNAME(&f, "Reserved", NULL), "(none)");
	assert_string_equal(BYNAME(&f, "Unassigned", NULL), "(none)");
	assert_string_equal(BYNAME(&f, "boe-cms", "tcp"), "boe-cms 6400/tcp");
	assert_string_equal(BYNAME(&f, "boe-cms", "udp"), "boe-cms 6400/udp");
	assert_string_equal(BYNAME(&f, "boe-cms", "sctp"), "(none)");
	assert_string_equal(BYPORT(&f, 3325, "udp"), "active-net 3325/udp");
	assert_string_equal(BYPORT(&f, 3322, "tcp"), "active-net 3322/tcp");
	assert_string_equal(BYPORT(&f, 27009, "udp"), "flex-lm 27009/udp");
	assert_string_equal(BYPORT(&f, 27010, NULL), "(none)");
	fx_free(&f);
}

/* Line 2: an entry is (port, protocol); a range gives one per port. */
static void
test_range_entries(void **state)
{
	struct fx f;
	uint32_t i, n = 0;
	struct ipdb_entry e = { 0 };

	(void)state;
	build(&f, src_csv_read, CSV_HEAD
	    "x11,6000-6063,tcp,X Window System,,,,,,,,\n"
	    "x11,6000-6063,udp,X Window System,,,,,,,,\n");
	assert_int_equal(f.db.nents, 128);
	assert_string_equal(BYPORT(&f, 6010, "tcp"), "x11 6010/tcp");
	assert_string_equal(BYPORT(&f, 6063, "udp"), "x11 6063/udp");
	assert_string_equal(BYPORT(&f, 6064, "tcp"), "(none)");
	assert_string_equal(BYPORT(&f, 5999, "tcp"), "(none)");
	/* Each (port, protocol) once. */
	for (i = 0; i < f.db.nents; i++) {
		assert_int_equal(ipdb_entry(&f.db, i, &e), 0);
		if (e.port == 6010)
			n++;
	}
	assert_int_equal(n, 2);
	fx_free(&f);
}

/* Line 3: the first record names the entry; later records for the same
   port and protocol add aliases, in order, without duplicates. */
static void
test_official_and_aliases(void **state)
{
	struct fx f;

	(void)state;
	build(&f, src_csv_read, CSV_HEAD
	    "http,80,tcp,World Wide Web HTTP,,,,,,,,\n"
	    "http,80,udp,World Wide Web HTTP,,,,,,,,\n"
	    "www,80,tcp,World Wide Web HTTP,,,,,,,,\n"
	    "www,80,udp,World Wide Web HTTP,,,,,,,,\n"
	    "www-http,80,tcp,World Wide Web HTTP,,,,,,,,\n"
	    "www,80,tcp,a second www row,,,,,,,,\n"
	    "http,80,tcp,the official name again,,,,,,,,\n"
	    "www-http,80,udp,World Wide Web HTTP,,,,,,,,\n"
	    "rfile,750,tcp,,,,,,,,,\n"
	    "loadav,750,udp,,,,,,,,,\n"
	    "kerberos-iv,750,udp,kerberos version iv,,,,,,,,\n"
	    "rpasswd,774,tcp,,,,,,,,,\n"
	    "acmaint-dbd,774,udp,replacement for acmaint_dbd,,,,,,,,\n"
	    "acmaint_dbd,774,udp,,,,,,,,,\n");
	assert_string_equal(BYPORT(&f, 80, "tcp"), "http 80/tcp www www-http");
	assert_string_equal(BYPORT(&f, 80, "udp"), "http 80/udp www www-http");
	assert_string_equal(BYPORT(&f, 750, "udp"),
	    "loadav 750/udp kerberos-iv");
	assert_string_equal(BYPORT(&f, 750, "tcp"), "rfile 750/tcp");
	assert_string_equal(BYPORT(&f, 774, "udp"),
	    "acmaint-dbd 774/udp acmaint_dbd");
	assert_string_equal(BYPORT(&f, 774, "tcp"), "rpasswd 774/tcp");
	/* An alias answers by name with the entry that holds it. */
	assert_string_equal(BYNAME(&f, "www", "tcp"),
	    "http 80/tcp www www-http");
	assert_string_equal(BYNAME(&f, "kerberos-iv", "udp"),
	    "loadav 750/udp kerberos-iv");
	assert_string_equal(BYNAME(&f, "kerberos-iv", "tcp"), "(none)");
	fx_free(&f);
}

/* services(5) aliases on one line count like later records. */
static void
test_services_aliases(void **state)
{
	struct fx f;

	(void)state;
	build(&f, src_services_read,
	    "http\t\t80/tcp\t\twww\t\t# WorldWideWeb HTTP\n"
	    "kerberos\t88/tcp\t\tkerberos5 krb5 kerberos-sec\n"
	    "kerberos\t88/tcp\t\tkrb5 kdc\n");
	assert_string_equal(BYPORT(&f, 80, NULL), "http 80/tcp www");
	assert_string_equal(BYPORT(&f, 88, "tcp"),
	    "kerberos 88/tcp kerberos5 krb5 kerberos-sec kdc");
	assert_string_equal(BYNAME(&f, "kdc", NULL),
	    "kerberos 88/tcp kerberos5 krb5 kerberos-sec kdc");
	fx_free(&f);
}

/* An entry holds IPDB_MAX_ALIASES aliases: names past them, gathered
   from several lines each within its own limit, are dropped and listed
   with the record (so the line) that brought them, once each. */
static void
test_alias_limit(void **state)
{
	char *text = malloc(8192), *p = text;
	struct ipdb_entry e = { 0 };
	struct fx f;
	long i;
	int k;

	(void)state;
	assert_non_null(text);
	p += sprintf(p, "svc 7/tcp");
	for (k = 0; k < 200; k++)
		p += sprintf(p, " a%d", k);
	p += sprintf(p, "\nsvc 7/tcp A5");	/* a5 again: no new name */
	for (k = 0; k < 200; k++)
		p += sprintf(p, " b%d", k);
	sprintf(p, "\nsvc 7/tcp b250 B199\nother 8/tcp\n");
	build(&f, src_services_read, text);
	i = ipdb_find_port(&f.db, 7, "tcp");
	assert_true(i >= 0);
	assert_int_equal(ipdb_entry(&f.db, (uint32_t)i, &e), 0);
	assert_int_equal(e.naliases, IPDB_MAX_ALIASES);
	assert_string_equal(BYNAME(&f, "b54", NULL), BYPORT(&f, 7, NULL));
	assert_string_equal(BYNAME(&f, "b55", NULL), "(none)");
	assert_string_equal(BYNAME(&f, "other", NULL), "other 8/tcp");
	/* 200 a, 55 b kept; b55 to b199 and b250 dropped, B199 with b199. */
	assert_int_equal(f.m.ndrops, 146);
	assert_string_equal(f.m.strings[f.m.drops[0].name], "b55");
	assert_int_equal(f.m.records[f.m.drops[0].record].line, 2);
	assert_string_equal(f.m.strings[f.m.drops[145].name], "b250");
	assert_int_equal(f.m.records[f.m.drops[145].record].line, 3);
	assert_int_equal(f.m.entries[f.m.drops[145].entry].port, 7);
	fx_free(&f);
	free(text);
}

/* Line 4: names as spelled; matched without regard to ASCII case. */
static void
test_names_as_spelled(void **state)
{
	struct fx f;

	(void)state;
	build(&f, src_csv_read, CSV_HEAD
	    "http,80,tcp,World Wide Web HTTP,,,,,,,,\n"
	    "sql-net,66,tcp,Oracle SQL*NET,,,,,,,,\n"
	    "sql*net,66,tcp,Oracle SQL*NET,,,,,,,,\n"
	    "cl/1,172,tcp,Network Innovations CL/1,,,,,,,,\n"
	    "z39-50,210,tcp,ANSI Z39.50,,,,,,,,\n"
	    "z39.50,210,tcp,ANSI Z39.50,,,,,,,,\n"
	    "EtherNet/IP-1,2222,tcp,EtherNet/IP I/O,,,,,,,,\n"
	    "LiebDevMgmt-A,3029,tcp,LiebDevMgmt_A,,,,,,,,\n"
	    "LiebDevMgmt_A,3029,tcp,LiebDevMgmt_A,,,,,,,,\n");
	assert_string_equal(BYNAME(&f, "HTTP", "tcp"), "http 80/tcp");
	assert_string_equal(BYNAME(&f, "hTTp", NULL), "http 80/tcp");
	assert_string_equal(BYNAME(&f, "SQL*NET", "tcp"),
	    "sql-net 66/tcp sql*net");
	assert_string_equal(BYNAME(&f, "cl/1", "tcp"), "cl/1 172/tcp");
	assert_string_equal(BYNAME(&f, "CL/1", NULL), "cl/1 172/tcp");
	assert_string_equal(BYNAME(&f, "z39.50", NULL),
	    "z39-50 210/tcp z39.50");
	assert_string_equal(BYNAME(&f, "ethernet/ip-1", "tcp"),
	    "EtherNet/IP-1 2222/tcp");
	assert_string_equal(BYNAME(&f, "liebdevmgmt_a", NULL),
	    "LiebDevMgmt-A 3029/tcp LiebDevMgmt_A");
	assert_string_equal(BYPORT(&f, 2222, "tcp"), "EtherNet/IP-1 2222/tcp");
	/* Case folds ASCII letters only: '-' and '_' stay distinct. */
	assert_string_equal(BYNAME(&f, "z39_50", NULL), "(none)");
	assert_string_equal(BYNAME(&f, "http ", NULL), "(none)");
	assert_string_equal(BYNAME(&f, "htt", NULL), "(none)");
	/* Protocols are compared as given. */
	assert_string_equal(BYNAME(&f, "http", "TCP"), "(none)");
	fx_free(&f);
}

/* Line 5: by name, the earliest matching record within the protocol
   (or any), at the record's port, a range's first port. */
static void
test_by_name_precedence(void **state)
{
	struct fx f;

	(void)state;
	build(&f, src_csv_read, CSV_HEAD
	    "msp,18,tcp,Message Send Protocol (historic),,,,,,,,\n"
	    "msp,18,udp,Message Send Protocol (historic),,,,,,,,\n"
	    "late,500,udp,,,,,,,,,\n"
	    "late,400,tcp,,,,,,,,,\n"
	    "msp,2438,tcp,MSP,,,,,,,,\n"
	    "msp,2438,udp,MSP,,,,,,,,\n"
	    "x11,6000-6063,tcp,X Window System,,,,,,,,\n"
	    "x11-6010,6010,tcp,a later record inside the range,,,,,,,,\n"
	    "x11,7000,sctp,X again,,,,,,,,\n");
	assert_string_equal(BYNAME(&f, "msp", "tcp"), "msp 18/tcp");
	assert_string_equal(BYNAME(&f, "msp", "udp"), "msp 18/udp");
	assert_string_equal(BYNAME(&f, "msp", NULL), "msp 18/tcp");
	assert_string_equal(BYPORT(&f, 2438, "tcp"), "msp 2438/tcp");
	/* Within the protocol asked; NULL takes the first record. */
	assert_string_equal(BYNAME(&f, "late", NULL), "late 500/udp");
	assert_string_equal(BYNAME(&f, "late", "tcp"), "late 400/tcp");
	assert_string_equal(BYNAME(&f, "late", "sctp"), "(none)");
	/* A range answers at its first port. */
	assert_string_equal(BYNAME(&f, "x11", "tcp"), "x11 6000/tcp");
	assert_string_equal(BYNAME(&f, "x11", "sctp"), "x11 7000/sctp");
	/* A later record inside a range: an alias of the range's entry. */
	assert_string_equal(BYNAME(&f, "x11-6010", NULL),
	    "x11 6010/tcp x11-6010");
	assert_string_equal(BYPORT(&f, 6010, "tcp"), "x11 6010/tcp x11-6010");
	fx_free(&f);
}

/* Line 6: by port, the entry of the earliest record covering it. */
static void
test_by_port_precedence(void **state)
{
	struct fx f;

	(void)state;
	build(&f, src_csv_read, CSV_HEAD
	    "first-udp,900,udp,,,,,,,,,\n"
	    "then-tcp,900,tcp,,,,,,,,,\n"
	    "single,6010,tcp,,,,,,,,,\n"
	    "x11,6000-6063,tcp,,,,,,,,,\n"
	    "any,901,,,,,,,,,,\n"
	    "sctp-only,902,sctp,,,,,,,,,\n"
	    "wide,1000-1020,dccp,,,,,,,,,\n"
	    "narrow,1010,tcp,,,,,,,,,\n"
	    "late-any,1010,,,,,,,,,,\n");
	assert_string_equal(BYPORT(&f, 900, NULL), "first-udp 900/udp");
	/* The range's record came first: it answers for any protocol. */
	assert_string_equal(BYPORT(&f, 1010, NULL), "wide 1010/dccp");
	assert_string_equal(BYPORT(&f, 1010, "tcp"), "narrow 1010/tcp late-any");
	assert_string_equal(BYPORT(&f, 1010, "udp"), "late-any 1010/udp");
	assert_string_equal(BYPORT(&f, 900, "tcp"), "then-tcp 900/tcp");
	assert_string_equal(BYPORT(&f, 900, "sctp"), "(none)");
	/* The single port came first: the range adds an alias there. */
	assert_string_equal(BYPORT(&f, 6010, "tcp"), "single 6010/tcp x11");
	assert_string_equal(BYPORT(&f, 6011, "tcp"), "x11 6011/tcp");
	assert_string_equal(BYPORT(&f, 901, NULL), "any 901/tcp");
	assert_string_equal(BYPORT(&f, 901, "udp"), "any 901/udp");
	assert_string_equal(BYPORT(&f, 902, NULL), "sctp-only 902/sctp");
	assert_string_equal(BYPORT(&f, 902, "tcp"), "(none)");
	fx_free(&f);
}

/* Line 7: enumeration gives each entry once, in order of its first
   record, a range's ports ascending at the range's place.  Entries are
   numbered by port: enumeration goes through ENUM. */
static void
test_enumeration_order(void **state)
{
	static const char *const want[] = {
		"b 20/tcp b-alias",
		"r 10/tcp", "r 11/tcp", "r 12/tcp",
		"a 5/udp",
		"b 20/udp",
		"n 30/tcp", "n 31/tcp", "n 30/udp", "n 31/udp",
		"r 11/udp",
	};
	unsigned char seen[sizeof(want) / sizeof(want[0])] = { 0 };
	struct ipdb_entry e = { 0 }, prev = { 0 };
	struct fx f;
	uint32_t i;

	(void)state;
	build(&f, src_csv_read, CSV_HEAD
	    "b,20,tcp,,,,,,,,,\n"
	    "r,10-12,tcp,,,,,,,,,\n"
	    "a,5,udp,,,,,,,,,\n"
	    "b-alias,20,tcp,,,,,,,,,\n"
	    "b,20,udp,,,,,,,,,\n"
	    "n,30-31,,,,,,,,,,\n"
	    "r,11,tcp,,,,,,,,,\n"
	    "r,11,udp,,,,,,,,,\n");
	assert_int_equal(f.db.nents, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < f.db.nents; i++) {
		assert_string_equal(show(&f.db, ipdb_enum(&f.db, i)), want[i]);
		assert_int_equal(seen[ipdb_enum(&f.db, i)]++, 0);
	}
	/* By index, ports ascending; a port's entries as enumerated. */
	for (i = 1; i < f.db.nents; i++) {
		assert_int_equal(ipdb_entry(&f.db, i - 1, &prev), 0);
		assert_int_equal(ipdb_entry(&f.db, i, &e), 0);
		assert_true(prev.port <= e.port);
	}
	assert_string_equal(show(&f.db, 0), "a 5/udp");
	assert_string_equal(show(&f.db, ipdb_find_port(&f.db, 20, NULL)),
	    "b 20/tcp b-alias");
	fx_free(&f);
}

/* Line 8: tcp, udp, sctp, dccp, and any protocol word services(5) uses. */
static void
test_protocols(void **state)
{
	struct fx f;

	(void)state;
	build(&f, src_services_read,
	    "echo\t\t7/tcp\n"
	    "echo\t\t7/udp\n"
	    "echo\t\t7/sctp\n"
	    "echo\t\t7/dccp\n"
	    "rtmp\t\t1/ddp\t\t\t# Routing Table Maintenance Protocol\n"
	    "nbp\t\t2/ddp\n"
	    "echo\t\t4/ddp\n");
	assert_string_equal(BYNAME(&f, "echo", "sctp"), "echo 7/sctp");
	assert_string_equal(BYNAME(&f, "echo", "dccp"), "echo 7/dccp");
	assert_string_equal(BYNAME(&f, "echo", "ddp"), "echo 4/ddp");
	assert_string_equal(BYNAME(&f, "echo", NULL), "echo 7/tcp");
	assert_string_equal(BYPORT(&f, 1, NULL), "rtmp 1/ddp");
	assert_string_equal(BYPORT(&f, 2, "ddp"), "nbp 2/ddp");
	assert_string_equal(BYPORT(&f, 2, "tcp"), "(none)");
	assert_int_equal(f.db.nents, 7);
	fx_free(&f);
}

/* Line 9: sources merge in order, earlier ones winning. */
static void
test_merge(void **state)
{
	static const parser ps[] = { src_services_read, src_csv_read };
	static const char *const texts[] = {
		"# local /etc/services\n"
		"myweb\t\t80/tcp\t\tweb\t# the local web server\n"
		"ssh\t\t2222/tcp\n"
		"local-only\t9999/udp\n",
		CSV_HEAD
		"ssh,22,tcp,The Secure Shell (SSH) Protocol,,,,,,,,\n"
		"ssh,22,udp,The Secure Shell (SSH) Protocol,,,,,,,,\n"
		"http,80,tcp,World Wide Web HTTP,,,,,,,,\n"
		"http,80,udp,World Wide Web HTTP,,,,,,,,\n"
		"www,80,tcp,World Wide Web HTTP,,,,,,,,\n",
	};
	struct fx f;

	(void)state;
	build_n(&f, 2, ps, texts);
	assert_string_equal(BYPORT(&f, 80, "tcp"), "myweb 80/tcp web http www");
	assert_string_equal(BYPORT(&f, 80, "udp"), "http 80/udp");
	assert_string_equal(BYNAME(&f, "ssh", "tcp"), "ssh 2222/tcp");
	assert_string_equal(BYNAME(&f, "ssh", "udp"), "ssh 22/udp");
	assert_string_equal(BYPORT(&f, 22, "tcp"), "ssh 22/tcp");
	assert_string_equal(BYNAME(&f, "http", "tcp"),
	    "myweb 80/tcp web http www");
	assert_string_equal(BYNAME(&f, "local-only", NULL),
	    "local-only 9999/udp");
	assert_string_equal(ipdb_description(&f.db, (uint32_t)ipdb_find_port(
	    &f.db, 80, "tcp")), "the local web server");
	/* The local file's entries come first in enumeration. */
	assert_string_equal(show(&f.db, ipdb_enum(&f.db, 0)),
	    "myweb 80/tcp web http www");
	fx_free(&f);
}

/* Warnings of parsing TEXT as services(5) into M, as source number
   M->nsources. */
static unsigned
services_warnings(struct model *m, const char *text)
{
	struct src_ctx ctx;

	init_ctx(&ctx, m, "test");
	if (src_services_read(&ctx, text, strlen(text)) < 0)
		fail_msg("%s", ctx.error);
	m->nsources++;
	return ctx.warnings;
}

/* A row repeated within one source is warned about once per repeat; the
   same row in a later source is the merge, not a duplicate. */
static void
test_duplicate_rows(void **state)
{
	struct model m;

	(void)state;
	model_init(&m);
	assert_int_equal(services_warnings(&m,
	    "a 1/tcp\n"
	    "a 1/udp\n"	/* another protocol */
	    "A 1/tcp\n"	/* another spelling */
	    "a 2/tcp\n"	/* another port */
	    "a 1/tcp x\n"	/* the same row, with an alias */
	    "a 1/tcp\n"), 2);
	assert_int_equal(services_warnings(&m, "a 1/tcp\nb 1/tcp\n"), 0);
	model_free(&m);
}

/* Names are compared a word at a time: every length around a word's
   edge, up to the longest a database holds, is found in another case,
   and a name one byte shorter or longer is not. */
static void
test_name_lengths(void **state)
{
	static const unsigned lens[] = { 1, 2, 7, 8, 9, 15, 16, 17, 23, 24,
	    25, 63, 64, 65, 254, IPDB_MAX_NAME };
	char *text = malloc(64 * 1024), name[IPDB_MAX_NAME + 2];
	char upper[IPDB_MAX_NAME + 2], *t = text;
	struct fx f;
	size_t i, k;

	(void)state;
	assert_non_null(text);
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		for (k = 0; k < lens[i]; k++)
			name[k] = (char)('a' + (k + i) % 26);
		name[lens[i]] = 0;
		t += sprintf(t, "%s %zu/tcp\n", name, 1000 + i);
	}
	/* Too long for a database: skipped, with a warning. */
	memset(name, 'z', IPDB_MAX_NAME + 1);
	name[IPDB_MAX_NAME + 1] = 0;
	sprintf(t, "%s 999/tcp\n", name);
	build(&f, src_services_read, text);
	assert_string_equal(BYPORT(&f, 999, "tcp"), "(none)");
	assert_int_equal(ipdb_find_name(&f.db, name, NULL), -1);
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		for (k = 0; k < lens[i]; k++) {
			name[k] = (char)('a' + (k + i) % 26);
			upper[k] = (char)(k % 3 ? name[k] - 32 : name[k]);
		}
		name[lens[i]] = upper[lens[i]] = 0;
		/* Record I is enumerated at I; its entry may sort elsewhere. */
		assert_int_equal(ipdb_find_name(&f.db, upper, "tcp"),
		    (long)ipdb_enum(&f.db, (uint32_t)i));
		assert_int_equal(ipdb_find_name(&f.db, name, NULL),
		    (long)ipdb_enum(&f.db, (uint32_t)i));
		/* One byte more, one byte less: other names. */
		name[lens[i]] = 'a';
		name[lens[i] + 1] = 0;
		assert_int_equal(ipdb_find_name(&f.db, name, NULL), -1);
		if (lens[i] > 1) {
			name[lens[i] - 1] = 0;
			assert_int_equal(ipdb_find_name(&f.db, name, NULL),
			    -1);
		}
	}
	assert_int_equal(ipdb_find_name(&f.db, "", NULL), -1);
	free(text);
	fx_free(&f);
}

/* The word-at-a-time fold changes exactly the bytes ipdb_fold() does,
   wherever they sit in the word. */
static void
test_fold_word(void **state)
{
	unsigned b, pos, k;
	uint64_t w, v;

	(void)state;
	for (b = 0; b < 256; b++)
		for (pos = 0; pos < 8; pos++) {
			/* The other bytes: capitals, high bytes, NULs. */
			w = 0x5a41ff80005b40c1ull;
			w &= ~(0xffull << 8 * pos);
			w |= (uint64_t)b << 8 * pos;
			v = ipdb_fold_word(w);
			for (k = 0; k < 8; k++)
				assert_int_equal((v >> 8 * k) & 0xff,
				    ipdb_fold((unsigned char)(w >> 8 * k)));
		}
}

/* Line 10: descriptions are kept for the tools. */
static void
test_descriptions(void **state)
{
	struct fx f;
	long i;

	(void)state;
	build(&f, src_csv_read, CSV_HEAD
	    "loadav,750,udp,,,,,,,,,\n"
	    "kerberos-iv,750,udp,kerberos version iv,,,,,,,,\n"
	    "http,80,tcp,World Wide Web HTTP,,,,,,,,\n"
	    "www,80,tcp,a later description,,,,,,,,\n"
	    "bare,81,tcp,,,,,,,,,\n");
	i = ipdb_find_port(&f.db, 80, "tcp");
	assert_string_equal(ipdb_description(&f.db, (uint32_t)i),
	    "World Wide Web HTTP");
	/* The first record that has one. */
	i = ipdb_find_port(&f.db, 750, "udp");
	assert_string_equal(ipdb_description(&f.db, (uint32_t)i),
	    "kerberos version iv");
	i = ipdb_find_port(&f.db, 81, "tcp");
	assert_string_equal(ipdb_description(&f.db, (uint32_t)i), "");
	fx_free(&f);
}

/* Line 11: the same inputs give the same bytes. */
static void
test_deterministic(void **state)
{
	static const char text[] = CSV_HEAD
	    "http,80,tcp,World Wide Web HTTP,,,,,,,,\n"
	    "www,80,tcp,World Wide Web HTTP,,,,,,,,\n"
	    "x11,6000-6063,,X Window System,,,,,,,,\n"
	    "echo,7,sctp,,,,,,,,,\n";
	struct fx a, b;

	(void)state;
	build(&a, src_csv_read, text);
	build(&b, src_csv_read, text);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.img, b.img, a.len);
	fx_free(&a);
	fx_free(&b);
}

/* A bad registry row fails the parse with file:line. */
static void
test_bad_source(void **state)
{
	struct model m;
	struct src_ctx ctx;

	(void)state;
	assert_int_equal(parse_text(&m, &ctx, src_csv_read,
	    "Service Name,Port Number,Transport Protocol\n"
	    "ok,1,tcp\n"
	    "bad,70000,tcp\n"), -1);
	assert_non_null(strstr(ctx.error, "test:3:"));
	model_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records_served),
		cmocka_unit_test(test_range_entries),
		cmocka_unit_test(test_official_and_aliases),
		cmocka_unit_test(test_services_aliases),
		cmocka_unit_test(test_alias_limit),
		cmocka_unit_test(test_names_as_spelled),
		cmocka_unit_test(test_by_name_precedence),
		cmocka_unit_test(test_by_port_precedence),
		cmocka_unit_test(test_enumeration_order),
		cmocka_unit_test(test_protocols),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_duplicate_rows),
		cmocka_unit_test(test_name_lengths),
		cmocka_unit_test(test_fold_word),
		cmocka_unit_test(test_descriptions),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_bad_source),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
