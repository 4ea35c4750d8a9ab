/* SPDX-License-Identifier: MIT */
/* The module's contract with glibc, called directly: dlopen the built
   module and drive its five entry points as nsswitch would. */
#include <dlfcn.h>
#include <errno.h>
#include <netdb.h>
#include <nss.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "ipdb.h"
#include "ipdb_write.h"
#include "testutil.h"

#ifndef NSS_MODULE
#define NSS_MODULE "build/libnss_ianaports.so.2"
#endif

#define CSV_HEAD \
	"Service Name,Port Number,Transport Protocol,Description,Assignee," \
	"Contact,Registration Date,Modification Date,Reference," \
	"Service Code,Unauthorized Use Reported,Assignment Notes\n"

static const char fixture[] = CSV_HEAD
	"tcpmux,1,tcp,TCP Port Service Multiplexer,,,,,,,,\n"
	"http,80,tcp,World Wide Web HTTP,,,,,,,,\n"
	"http,80,udp,World Wide Web HTTP,,,,,,,,\n"
	"www,80,tcp,World Wide Web HTTP,,,,,,,,\n"
	"www,80,udp,World Wide Web HTTP,,,,,,,,\n"
	"www-http,80,tcp,World Wide Web HTTP,,,,,,,,\n"
	"rfile,750,tcp,,,,,,,,,\n"
	"loadav,750,udp,,,,,,,,,\n"
	"kerberos-iv,750,udp,kerberos version iv,,,,,,,,\n"
	"EtherNet/IP-1,2222,tcp,EtherNet/IP I/O,,,,,,,,\n"
	"active-net,3322-3325,,Active Networks,,,,,,,,\n"
	"x11,6000-6063,tcp,X Window System,,,,,,,,\n"
	"a-service-with-a-rather-long-name-to-need-a-bigger-buffer,7000,"
	"sctp,,,,,,,,,\n"
	"alias-one,7000,sctp,,,,,,,,,\n"
	"alias-two,7000,sctp,,,,,,,,,\n";

typedef enum nss_status (*byname_fn)(const char *, const char *,
    struct servent *, char *, size_t, int *);
typedef enum nss_status (*byport_fn)(int, const char *, struct servent *,
    char *, size_t, int *);
typedef enum nss_status (*setent_fn)(int);
typedef enum nss_status (*endent_fn)(void);
typedef enum nss_status (*getent_fn)(struct servent *, char *, size_t, int *);

static struct {
	void *handle;
	byname_fn byname;
	byport_fn byport;
	setent_fn setent;
	endent_fn endent;
	getent_fn getent;
} mod;

static char dir[] = "/tmp/test_nss_module.XXXXXX";
static char dbpath[256];
/* The fixture's image, read in-process: what the module must agree with. */
static unsigned char *image;
static size_t image_len;
static struct ipdb ref;

static void
load_module(void)
{
	mod.handle = dlopen(NSS_MODULE, RTLD_NOW | RTLD_LOCAL);
	if (!mod.handle) {
		fprintf(stderr, "dlopen %s: %s\n", NSS_MODULE, dlerror());
		exit(1);
	}
	mod.byname = (byname_fn)dlsym(mod.handle,
	    "_nss_ianaports_getservbyname_r");
	mod.byport = (byport_fn)dlsym(mod.handle,
	    "_nss_ianaports_getservbyport_r");
	mod.setent = (setent_fn)dlsym(mod.handle, "_nss_ianaports_setservent");
	mod.endent = (endent_fn)dlsym(mod.handle, "_nss_ianaports_endservent");
	mod.getent = (getent_fn)dlsym(mod.handle,
	    "_nss_ianaports_getservent_r");
	if (!mod.byname || !mod.byport || !mod.setent || !mod.endent ||
	    !mod.getent) {
		fprintf(stderr, "%s: an entry point is missing\n", NSS_MODULE);
		exit(1);
	}
}

/* The database image of CSV, a registry in CSV form: 0, or -1. */
static int
build_csv_image(const char *csv, unsigned char **img, size_t *len)
{
	struct model m;
	struct src_ctx ctx;

	if (parse_text(&m, &ctx, src_csv_read, csv) < 0 ||
	    model_build(&m) < 0 || ipdb_build(&m, img, len) < 0) {
		fprintf(stderr, "csv: %s\n", ctx.error);
		return -1;
	}
	model_free(&m);
	return 0;
}

static int
write_image(const char *path, const unsigned char *img, size_t len)
{
	char err[256];

	if (ipdb_write_file(path, img, len, err, sizeof(err)) == 0)
		return 0;
	fprintf(stderr, "%s\n", err);
	return -1;
}

/* The database of CSV written to PATH. */
static int
write_csv_db(const char *path, const char *csv)
{
	unsigned char *img;
	size_t len;
	int rc;

	if (build_csv_image(csv, &img, &len) < 0)
		return -1;
	rc = write_image(path, img, len);
	free(img);
	return rc;
}

/* The fixture, kept in IMAGE and REF, written to PATH. */
static int
write_fixture(const char *path)
{
	if (build_csv_image(fixture, &image, &image_len) < 0 ||
	    ipdb_parse(&ref, image, image_len, IPDB_VERIFY))
		return -1;
	return write_image(path, image, image_len);
}

static int
setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(dbpath, sizeof(dbpath), "%s/services.db", dir);
	if (write_fixture(dbpath) < 0)
		return -1;
	/* Before the module's first call: it reads the path then. */
	setenv("IANAPORTS_DB", dbpath, 1);
	load_module();
	return 0;
}

static int
teardown(void **state)
{
	char path[300];

	(void)state;
	unlink(dbpath);
	snprintf(path, sizeof(path), "%s/bad.db", dir);
	unlink(path);
	rmdir(dir);
	free(image);
	return 0;
}

/* SE as "name port/proto alias...". */
static const char *
show(const struct servent *se)
{
	static char buf[1024];
	size_t n;
	char **a;

	n = (size_t)snprintf(buf, sizeof(buf), "%s %u/%s", se->s_name,
	    ntohs((uint16_t)se->s_port), se->s_proto);
	for (a = se->s_aliases; *a; a++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, " %s", *a);
	return buf;
}

static int
inside(const void *p, const char *buf, size_t len)
{
	return (const char *)p >= buf && (const char *)p < buf + len;
}

/* Every pointer SE holds lies in BUF: nothing points into the mapping. */
static void
assert_in_buffer(const struct servent *se, const char *buf, size_t len)
{
	char **a;

	assert_true(inside(se->s_name, buf, len));
	assert_true(inside(se->s_name + strlen(se->s_name), buf, len));
	assert_true(inside(se->s_proto, buf, len));
	assert_true(inside(se->s_proto + strlen(se->s_proto), buf, len));
	assert_true(inside(se->s_aliases, buf, len));
	assert_int_equal((uintptr_t)se->s_aliases % sizeof(char *), 0);
	for (a = se->s_aliases; *a; a++) {
		assert_true(inside(a + 1, buf, len));
		assert_true(inside(*a, buf, len));
		assert_true(inside(*a + strlen(*a), buf, len));
	}
}

static void
test_byname(void **state)
{
	struct servent se;
	char buf[1024];
	int err = 0;

	(void)state;
	errno = 4321;
	assert_int_equal(mod.byname("http", "tcp", &se, buf, sizeof(buf),
	    &err), NSS_STATUS_SUCCESS);
	assert_int_equal(errno, 4321);	/* errno unchanged on success */
	assert_string_equal(show(&se), "http 80/tcp www www-http");
	assert_int_equal(se.s_port, htons(80));
	assert_in_buffer(&se, buf, sizeof(buf));

	assert_int_equal(mod.byname("HTTP", "udp", &se, buf, sizeof(buf),
	    &err), NSS_STATUS_SUCCESS);
	assert_string_equal(show(&se), "http 80/udp www");
	assert_int_equal(mod.byname("ethernet/ip-1", "tcp", &se, buf,
	    sizeof(buf), &err), NSS_STATUS_SUCCESS);
	assert_string_equal(show(&se), "EtherNet/IP-1 2222/tcp");
	assert_int_equal(mod.byname("x11", "tcp", &se, buf, sizeof(buf),
	    &err), NSS_STATUS_SUCCESS);
	assert_string_equal(show(&se), "x11 6000/tcp");
	assert_int_equal(errno, 4321);
}

/* A NULL protocol matches any: the earliest record's. */
static void
test_proto_null(void **state)
{
	struct servent se;
	char buf[1024];
	int err = 0;

	(void)state;
	assert_int_equal(mod.byname("kerberos-iv", NULL, &se, buf,
	    sizeof(buf), &err), NSS_STATUS_SUCCESS);
	assert_string_equal(show(&se), "loadav 750/udp kerberos-iv");
	assert_int_equal(mod.byport(htons(750), NULL, &se, buf, sizeof(buf),
	    &err), NSS_STATUS_SUCCESS);
	assert_string_equal(show(&se), "rfile 750/tcp");
	assert_int_equal(mod.byname("active-net", NULL, &se, buf,
	    sizeof(buf), &err), NSS_STATUS_SUCCESS);
	assert_string_equal(show(&se), "active-net 3322/tcp");
}

/* The port arrives, and leaves, in network byte order. */
static void
test_network_order(void **state)
{
	struct servent se;
	char buf[1024];
	int err = 0;

	(void)state;
	assert_int_equal(mod.byport(htons(6010), "tcp", &se, buf, sizeof(buf),
	    &err), NSS_STATUS_SUCCESS);
	assert_string_equal(show(&se), "x11 6010/tcp");
	assert_int_equal(se.s_port, htons(6010));
	assert_int_equal(mod.byport(htons(3325), "udp", &se, buf, sizeof(buf),
	    &err), NSS_STATUS_SUCCESS);
	assert_string_equal(show(&se), "active-net 3325/udp");
	/* 6010 in host order is port 31255 on a little-endian host, 6010
	   on a big-endian one; only the latter may answer. */
	if (htons(1) != 1) {
		err = 0;
		assert_int_equal(mod.byport(6010, "tcp", &se, buf,
		    sizeof(buf), &err), NSS_STATUS_NOTFOUND);
		assert_int_not_equal(err, 0);
	}
}

static void
test_notfound(void **state)
{
	struct servent se;
	char buf[1024];
	int err;

	(void)state;
	err = 0;
	assert_int_equal(mod.byname("no-such-service", NULL, &se, buf,
	    sizeof(buf), &err), NSS_STATUS_NOTFOUND);
	assert_int_not_equal(err, 0);
	err = 0;
	assert_int_equal(mod.byname("http", "sctp", &se, buf, sizeof(buf),
	    &err), NSS_STATUS_NOTFOUND);
	assert_int_not_equal(err, 0);
	err = 0;
	assert_int_equal(mod.byname("kerberos-iv", "tcp", &se, buf,
	    sizeof(buf), &err), NSS_STATUS_NOTFOUND);
	assert_int_not_equal(err, 0);
	err = 0;
	assert_int_equal(mod.byport(htons(81), NULL, &se, buf, sizeof(buf),
	    &err), NSS_STATUS_NOTFOUND);
	assert_int_not_equal(err, 0);
	err = 0;
	assert_int_equal(mod.byport(htons(6064), "tcp", &se, buf, sizeof(buf),
	    &err), NSS_STATUS_NOTFOUND);
	assert_int_not_equal(err, 0);
}

#define CANARY 0xa5
#define ARENA 2048

enum { BY_NAME, BY_PORT, BY_ENT };

/* One call with BUFLEN bytes at BUF. */
static enum nss_status
call(int how, const char *name, int port, const char *proto,
    struct servent *se, char *buf, size_t buflen, int *err)
{
	switch (how) {
	case BY_NAME:
		return mod.byname(name, proto, se, buf, buflen, err);
	case BY_PORT:
		return mod.byport(port, proto, se, buf, buflen, err);
	default:
		return mod.getent(se, buf, buflen, err);
	}
}

/* buflen 0, 1, 2, ... up to success: each failure TRYAGAIN with ERANGE
   and not a byte written past buflen.  Starts at offset MIS into an
   arena, to try unaligned buffers too.  Returns the buflen that worked,
   with SE's answer in OUT. */
static size_t
ladder(int how, const char *name, int port, const char *proto, size_t mis,
    char *out, size_t outlen)
{
	static char arena[ARENA];
	char *buf = arena + mis;
	struct servent se;
	enum nss_status st;
	size_t len, i;
	int err;

	for (len = 0; len + mis < ARENA; len++) {
		memset(arena, CANARY, sizeof(arena));
		err = 0;
		errno = 999;
		st = call(how, name, port, proto, &se, buf, len, &err);
		for (i = mis + len; i < ARENA; i++)
			if ((unsigned char)arena[i] != CANARY)
				fail_msg("%s: buflen %zu: byte %zu written",
				    name ? name : "getservent", len, i - mis);
		for (i = 0; i < mis; i++)
			assert_int_equal((unsigned char)arena[i], CANARY);
		if (st == NSS_STATUS_SUCCESS) {
			assert_int_equal(errno, 999);
			assert_in_buffer(&se, buf, len);
			snprintf(out, outlen, "%s", show(&se));
			return len;
		}
		if (st != NSS_STATUS_TRYAGAIN || err != ERANGE)
			fail_msg("buflen %zu: status %d, errno %d", len, st,
			    err);
	}
	fail_msg("no success below %d bytes", ARENA);
	return 0;
}

static void
test_erange_ladder(void **state)
{
	char got[1024];
	size_t mis, n, need;

	(void)state;
	for (mis = 0; mis < 8; mis++) {
		n = ladder(BY_NAME, "http", 0, "tcp", mis, got, sizeof(got));
		assert_string_equal(got, "http 80/tcp www www-http");
		/* Three pointers, the strings, and at most the padding. */
		need = 3 * sizeof(char *) + sizeof("http") +
		    sizeof("www") + sizeof("www-http") + sizeof("tcp");
		assert_true(n >= need && n < need + sizeof(char *));

		ladder(BY_PORT, NULL, htons(7000), NULL, mis, got,
		    sizeof(got));
		assert_string_equal(got, "a-service-with-a-rather-long-name-"
		    "to-need-a-bigger-buffer 7000/sctp alias-one alias-two");
		ladder(BY_NAME, "alias-two", 0, "sctp", mis, got, sizeof(got));
		assert_string_equal(got, "a-service-with-a-rather-long-name-"
		    "to-need-a-bigger-buffer 7000/sctp alias-one alias-two");
		ladder(BY_PORT, NULL, htons(1), "tcp", mis, got, sizeof(got));
		assert_string_equal(got, "tcpmux 1/tcp");
	}
}

/* The reference answer for enumeration position K, from the same
   image, in-process: entries are numbered by port, so through ENUM. */
static const char *
ref_show(uint32_t k)
{
	static char buf[1024];
	struct ipdb_entry e;
	const char *s;
	size_t n;
	unsigned a;

	/* cmocka's fail() jumps out but is not declared noreturn: the
	   return keeps gcc from formatting a name it thinks may be null. */
	if (ipdb_entry(&ref, ipdb_enum(&ref, k), &e) != 0) {
		fail();
		return "";
	}
	n = (size_t)snprintf(buf, sizeof(buf), "%s %u/%s", e.name, e.port,
	    e.proto);
	for (s = ipdb_next_name(&e, e.name), a = 0; s && a < e.naliases;
	    a++, s = ipdb_next_name(&e, s))
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, " %s", s);
	return buf;
}

/* Enumeration where every entry first fails for a small buffer: the
   retry gets that same entry, so each comes exactly once. */
static void
test_getservent_tiny_buffer(void **state)
{
	char got[1024], buf[1024];
	struct servent se;
	uint32_t i;
	int err, pass;

	(void)state;
	for (pass = 0; pass < 2; pass++) {
		assert_int_equal(mod.setent(0), NSS_STATUS_SUCCESS);
		for (i = 0; i < ref.nents; i++) {
			ladder(BY_ENT, NULL, 0, NULL, pass, got, sizeof(got));
			assert_string_equal(got, ref_show(i));
		}
		err = 0;
		assert_int_equal(mod.getent(&se, buf, sizeof(buf), &err),
		    NSS_STATUS_NOTFOUND);
		assert_int_not_equal(err, 0);
		assert_int_equal(mod.endent(), NSS_STATUS_SUCCESS);
	}
	/* 2 (http) + 2 + 4 + 4 * 2 (active-net) + 64 (x11) + ... */
	assert_int_equal(ref.nents, 1 + 2 + 2 + 1 + 8 + 64 + 1);
}

/* setservent rewinds a half-done enumeration. */
static void
test_setservent_rewinds(void **state)
{
	char buf[1024], first[1024];
	struct servent se;
	int err = 0;

	(void)state;
	mod.setent(1);
	assert_int_equal(mod.getent(&se, buf, sizeof(buf), &err),
	    NSS_STATUS_SUCCESS);
	snprintf(first, sizeof(first), "%s", show(&se));
	assert_int_equal(mod.getent(&se, buf, sizeof(buf), &err),
	    NSS_STATUS_SUCCESS);
	assert_string_not_equal(show(&se), first);
	mod.setent(0);
	assert_int_equal(mod.getent(&se, buf, sizeof(buf), &err),
	    NSS_STATUS_SUCCESS);
	assert_string_equal(show(&se), first);
	assert_string_equal(first, ref_show(0));
	mod.endent();
}

/* In a fresh process (the module keeps its mapping): run this program
   with "--unavail PATH" and expect every entry point to say UNAVAIL. */
static int
child_unavail(const char *path)
{
	struct servent se;
	char buf[1024];
	int err, bad = 0;
	enum nss_status st;

	setenv("IANAPORTS_DB", path, 1);
	load_module();
	err = 0;
	st = mod.byname("http", "tcp", &se, buf, sizeof(buf), &err);
	if (st != NSS_STATUS_UNAVAIL || !err)
		bad |= 1;
	err = 0;
	st = mod.byport(htons(80), NULL, &se, buf, sizeof(buf), &err);
	if (st != NSS_STATUS_UNAVAIL || !err)
		bad |= 2;
	mod.setent(0);
	err = 0;
	st = mod.getent(&se, buf, sizeof(buf), &err);
	if (st != NSS_STATUS_UNAVAIL || !err)
		bad |= 4;
	mod.endent();
	return bad;
}

/* With "--appears PATH": UNAVAIL while PATH is missing, then, once the
   database is put there, served within a bounded number of tries (the
   module looks again at most once a second). */
static int
child_appears(const char *path, const char *src)
{
	struct servent se;
	char buf[1024];
	struct timespec ts = { 0, 100 * 1000000L };
	int err = 0, i;

	setenv("IANAPORTS_DB", path, 1);
	load_module();
	if (mod.byname("http", "tcp", &se, buf, sizeof(buf), &err) !=
	    NSS_STATUS_UNAVAIL)
		return 1;
	if (link(src, path) < 0)
		return 2;
	for (i = 0; i < 300; i++) {
		if (mod.byname("http", "tcp", &se, buf, sizeof(buf), &err) ==
		    NSS_STATUS_SUCCESS)
			return strcmp(show(&se), "http 80/tcp www www-http") ?
			    3 : 0;
		nanosleep(&ts, NULL);
	}
	return 4;
}

static void
pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000L };

	nanosleep(&ts, NULL);
}

/* http/tcp's port as the module answers it, 0 for anything but an
   answer. */
static unsigned
http_port(void)
{
	struct servent se;
	char buf[1024];
	int err = 0;

	if (mod.byname("http", "tcp", &se, buf, sizeof(buf), &err) !=
	    NSS_STATUS_SUCCESS)
		return 0;
	return ntohs((uint16_t)se.s_port);
}

/* With "--enomem PATH NEW": the database at PATH is served; NEW is
   renamed over it while the process can map nothing more (RLIMIT_AS at
   what it uses), so that the look's mmap() fails.  The old database is
   served meanwhile, and NEW once mappings are possible again: a failure
   of the process's own is not held against the file. */
static int
child_enomem(const char *path, const char *repl)
{
	struct rlimit was, tight;
	unsigned long pages;
	char statm[64] = "";
	int fd, i;

	setenv("IANAPORTS_DB", path, 1);
	load_module();
	if (http_port() != 80)
		return 1;
	/* Read with read(), not stdio: on i386, fclose() unmaps the
	   stream's buffer, a page the look's mmap() would then fit in. */
	fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || read(fd, statm, sizeof(statm) - 1) <= 0)
		return 2;
	close(fd);
	pages = strtoul(statm, NULL, 10);
	if (getrlimit(RLIMIT_AS, &was) < 0 || rename(repl, path) < 0)
		return 3;
	tight = was;
	tight.rlim_cur = pages * (unsigned long)sysconf(_SC_PAGESIZE);
	if (setrlimit(RLIMIT_AS, &tight) < 0)
		return 4;
	pause_ms(1100);
	i = (int)http_port();	/* the look, which cannot map NEW */
	setrlimit(RLIMIT_AS, &was);
	if (i != 80)
		return 5;
	for (i = 0; i < 30; i++) {
		pause_ms(100);
		if (http_port() == 81)
			return 0;
	}
	return 6;
}

/* With "--newer PATH SERVICES": a miss is NOTFOUND while SERVICES is
   older than the database, and UNAVAIL (so that files answers) within
   a few looks once it is edited, in the same process. */
static int
child_newer(const char *path, const char *services)
{
	struct timespec old[2] = { { 946684800, 0 }, { 946684800, 0 } };
	struct servent se;
	char buf[1024];
	int err = 0, i;

	setenv("IANAPORTS_DB", path, 1);
	setenv("IANAPORTS_SERVICES", services, 1);
	if (utimensat(AT_FDCWD, services, old, 0) < 0)
		return 1;
	load_module();
	if (mod.byname("no-such-name", NULL, &se, buf, sizeof(buf), &err) !=
	    NSS_STATUS_NOTFOUND)
		return 2;
	if (utimensat(AT_FDCWD, services, NULL, 0) < 0)	/* now */
		return 3;
	for (i = 0; i < 30; i++) {
		pause_ms(100);
		if (mod.byname("no-such-name", NULL, &se, buf, sizeof(buf),
		    &err) == NSS_STATUS_UNAVAIL)
			return 0;
	}
	return 4;
}

/* Entries a walk gives from the start; with CHMOD_AT, the database at
   PATH is chmod()ed to its own mode after that many entries, and the
   walk waits for the module's next look before it goes on. */
static long
walk_count(const char *path, long chmod_at)
{
	struct servent se;
	char buf[1024];
	enum nss_status st;
	long n = 0;
	int err = 0;

	mod.setent(0);
	while ((st = mod.getent(&se, buf, sizeof(buf), &err)) ==
	    NSS_STATUS_SUCCESS) {
		if (++n == chmod_at) {
			if (chmod(path, 0644) < 0)
				return -1;
			pause_ms(1100);
		}
	}
	mod.endent();
	return st == NSS_STATUS_NOTFOUND ? n : -1;
}

/* With "--chmod PATH": a chmod that leaves the database as safe as it
   was does not cut a walk short, and lookups go on. */
static int
child_chmod(const char *path)
{
	long all;

	setenv("IANAPORTS_DB", path, 1);
	load_module();
	all = walk_count(path, 0);
	if (all < 3)
		return 1;
	if (walk_count(path, 2) != all)
		return 2;
	return http_port() == 80 ? 0 : 3;
}

static int
run_child(const char *mode, const char *path, const char *extra)
{
	pid_t pid;
	int status;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execl("/proc/self/exe", "test_nss_module", mode, path, extra,
		    (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static void
write_bytes(const char *path, const void *p, size_t n, mode_t mode)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static void
test_unavail(void **state)
{
	char path[300];
	unsigned char *bad;

	(void)state;
	snprintf(path, sizeof(path), "%s/missing.db", dir);
	assert_int_equal(run_child("--unavail", path, NULL), 0);
	/* A directory: not a regular file. */
	assert_int_equal(run_child("--unavail", dir, NULL), 0);
	snprintf(path, sizeof(path), "%s/bad.db", dir);
	/* Not a database at all. */
	write_bytes(path, fixture, sizeof(fixture), 0644);
	assert_int_equal(run_child("--unavail", path, NULL), 0);
	/* Empty. */
	write_bytes(path, "", 0, 0644);
	assert_int_equal(run_child("--unavail", path, NULL), 0);
	/* One flipped bit in the header: the open checks the header (the
	   checksum is verify's, not the module's). */
	bad = malloc(image_len);
	assert_non_null(bad);
	memcpy(bad, image, image_len);
	bad[IPDB_H_FILESIZE] ^= 1;
	write_bytes(path, bad, image_len, 0644);
	assert_int_equal(run_child("--unavail", path, NULL), 0);
	/* A good database others may write. */
	write_bytes(path, image, image_len, 0666);
	assert_int_equal(run_child("--unavail", path, NULL), 0);
	/* And readable by nobody (root reads it anyway: then it serves). */
	if (geteuid() != 0) {
		write_bytes(path, image, image_len, 0);
		assert_int_equal(run_child("--unavail", path, NULL), 0);
	}
	unlink(path);
	free(bad);
}

static void
test_db_appears(void **state)
{
	char path[300];

	(void)state;
	snprintf(path, sizeof(path), "%s/later.db", dir);
	assert_int_equal(run_child("--appears", path, dbpath), 0);
	unlink(path);
}

static void
test_enomem_is_not_the_files(void **state)
{
	char path[300], repl[300];

	(void)state;
	snprintf(path, sizeof(path), "%s/nomem.db", dir);
	snprintf(repl, sizeof(repl), "%s/nomem.new", dir);
	assert_int_equal(write_csv_db(path, fixture), 0);
	assert_int_equal(write_csv_db(repl, CSV_HEAD
	    "http,81,tcp,moved,,,,,,,,\n"), 0);
	assert_int_equal(run_child("--enomem", path, repl), 0);
	unlink(path);
	unlink(repl);
}

static void
test_services_edit_seen(void **state)
{
	char path[300];
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "%s/services", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(run_child("--newer", dbpath, path), 0);
	unlink(path);
}

static void
test_chmod_keeps_walk(void **state)
{
	(void)state;
	assert_int_equal(run_child("--chmod", dbpath, NULL), 0);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_byname),
		cmocka_unit_test(test_proto_null),
		cmocka_unit_test(test_network_order),
		cmocka_unit_test(test_notfound),
		cmocka_unit_test(test_erange_ladder),
		cmocka_unit_test(test_getservent_tiny_buffer),
		cmocka_unit_test(test_setservent_rewinds),
		cmocka_unit_test(test_unavail),
		cmocka_unit_test(test_db_appears),
		cmocka_unit_test(test_enomem_is_not_the_files),
		cmocka_unit_test(test_services_edit_seen),
		cmocka_unit_test(test_chmod_keeps_walk),
	};

	if (argc == 3 && !strcmp(argv[1], "--unavail"))
		return child_unavail(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "--appears"))
		return child_appears(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "--enomem"))
		return child_enomem(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "--newer"))
		return child_newer(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "--chmod"))
		return child_chmod(argv[2]);
	return cmocka_run_group_tests(tests, setup, teardown);
}
