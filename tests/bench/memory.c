/* SPDX-License-Identifier: MIT */
/* Memory and page-fault probes: what a fresh process's first lookup adds
 * to its resident memory and faults, which pages of the database it and
 * a full sweep touch, and what the kernel maps for the pages read.  Run
 * in a process of its own ("ipbench first SERVICE"), spawned by the
 * benchmark.
 */
#include <fcntl.h>
#include <limits.h>
#include <nss.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "ipdb.h"
#include "bench.h"
#include "ipbench.h"

extern char **environ;

/* Resident KiB and their Referenced share for the mappings of PATH in
   [LO, HI) (HI 0: any address). */
static void
smaps_of(const char *path, uintptr_t lo, uintptr_t hi, long *rss,
    long *ref)
{
	FILE *f = fopen("/proc/self/smaps", "re");
	char line[1024];
	int in = 0;
	unsigned long a, b;
	long v;

	*rss = *ref = 0;
	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		if (sscanf(line, "%lx-%lx ", &a, &b) == 2 &&
		    strchr(line, '-') < strchr(line, ' ')) {
			char *p = strrchr(line, ' ');

			line[strcspn(line, "\n")] = 0;
			in = p && strcmp(p + 1, path) == 0 && a >= lo &&
			    (!hi || b <= hi);
			continue;
		}
		if (!in)
			continue;
		if (sscanf(line, "Rss: %ld kB", &v) == 1)
			*rss += v;
		else if (sscanf(line, "Referenced: %ld kB", &v) == 1)
			*ref += v;
	}
	fclose(f);
}

static int
clear_refs(void)
{
	int fd = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);
	int ok;

	if (fd < 0)
		return -1;
	ok = write(fd, "1", 1) == 1;
	close(fd);
	return ok ? 0 : -1;
}

static long
statm_resident_kib(void)
{
	FILE *f = fopen("/proc/self/statm", "re");
	long size = 0, res = 0;

	if (f) {
		if (fscanf(f, "%ld %ld", &size, &res) != 2)
			res = 0;
		fclose(f);
	}
	return res * (sysconf(_SC_PAGESIZE) / 1024);
}

/* A full sweep: every name and every port of the rendering, by protocol,
   and the misses of the mix. */
static void
sweep(void)
{
	char buf[8192];
	struct servent se;
	struct query q = { 0 };
	int i;

	for (i = 0; i < nents; i++) {
		q.name = ents[i].name;
		q.port = ents[i].port;
		q.proto = ents[i].proto;
		by_name(&q, &se, buf, sizeof buf);
		by_port(&q, &se, buf, sizeof buf);
	}
	for (i = 0; i < nnq; i++)
		by_name(&nq[i], &se, buf, sizeof buf);
	for (i = 0; i < npq; i++)
		by_port(&pq[i], &se, buf, sizeof buf);
}

/* Where the first mapping of PATH starts in this process, or 0. */
static uintptr_t
map_start(const char *path)
{
	FILE *f = fopen("/proc/self/maps", "re");
	char line[1024], *p;
	unsigned long a = 0, b;
	uintptr_t at = 0;

	while (f && !at && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = 0;
		p = strrchr(line, ' ');
		if (p && strcmp(p + 1, path) == 0 &&
		    sscanf(line, "%lx-%lx ", &a, &b) == 2)
			at = a;
	}
	if (f)
		fclose(f);
	return at;
}

/* Touch one page of the mapping M of LEN bytes, its middle. */
static void
touch_middle(const unsigned char *m, size_t len, const struct query *q)
{
	(void)q;
	(void)((volatile const unsigned char *)m)[len / 2];
}

/* What the module reads for the lookup Q, done by the reader itself on
   the mapping M of LEN bytes: open it as the module does (the header,
   the section table, the protocols), look up, read the answer as the
   module copies it. */
static void
touch_replay(const unsigned char *m, size_t len, const struct query *q)
{
	struct ipdb_entry e;
	struct ipdb db;
	volatile unsigned answer;
	size_t k;
	long i;

	if (ipdb_parse(&db, m, len, 0) != IPDB_OK)
		return;
	i = q->kind == Q_NAME ? ipdb_find_name(&db, q->name, q->proto) :
	    ipdb_find_port(&db, (unsigned)q->port, q->proto);
	if (i < 0 || ipdb_entry(&db, i, &e) < 0)
		return;
	/* ipdb_entry() is inline: a field left unused would leave its
	   read out, and the port lies in a section of its own. */
	answer = e.port;
	answer = e.naliases;
	(void)answer;
	/* The module copies names and protocol a word at a time. */
	for (k = 0; k < ((e.names_len + 7) & ~7u); k++)
		(void)((volatile const char *)e.name)[k];
	for (k = 0; k < ((e.proto_len + 8) & ~7u); k++)
		(void)((volatile const char *)e.proto)[k];
}

/* Map PATH read-only OFF bytes (below 2 MiB) past a 2 MiB boundary, let
   TOUCH read it, and return how many KiB of it the kernel then has
   mapped, or -1.  Where a mapping lies within a page table decides what
   the kernel maps for a touched page on Linux 6.18: a whole large folio
   of the page cache when the folio lies within one page table, else
   its fault-around window, whose 64 KiB are aligned in the address
   space and may straddle two folios. */
static long
resident_after(const char *path, uintptr_t off,
    void (*touch)(const unsigned char *, size_t, const struct query *),
    const struct query *q)
{
	size_t pmd = 2u << 20, len;
	struct stat st;
	long rss = -1, ref;
	uintptr_t at;
	void *m;
	char *res;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0) {
		close(fd);
		return -1;
	}
	len = (size_t)st.st_size;
	res = mmap(NULL, len + 2 * pmd, PROT_NONE, MAP_PRIVATE |
	    MAP_ANONYMOUS, -1, 0);
	if (res != MAP_FAILED) {
		at = (((uintptr_t)res + pmd - 1) & ~(uintptr_t)(pmd - 1)) +
		    (off & (pmd - 1));
		m = mmap((void *)at, len, PROT_READ, MAP_PRIVATE | MAP_FIXED,
		    fd, 0);
		if (m != MAP_FAILED) {
			touch(m, len, q);
			smaps_of(path, at, at + len +
			    (uintptr_t)sysconf(_SC_PAGESIZE), &rss, &ref);
		}
		munmap(res, len + 2 * pmd);
	}
	close(fd);
	return rss;
}

/* The sections lookups read, as FORMAT.md lists them, into F: their
   KiB, and each one's bytes. */
static void
lookup_sections(const char *dbpath, struct first *f)
{
	struct ipdb db;
	unsigned long sz[7], sum = 0;
	size_t k;

	if (ipdb_open(&db, dbpath, 0) != 0)
		return;
	sz[0] = db.strs_len;
	sz[1] = db.nprot * IPDB_PROT_REC;
	sz[2] = db.nents * IPDB_ENTS_REC;
	sz[3] = db.nents * IPDB_PORT_REC;
	sz[4] = (db.nbuckets + 1) * IPDB_PIDX_REC;
	sz[5] = db.nnmls * IPDB_NMLS_REC;
	sz[6] = (db.bynm_mask + 1) * IPDB_BYNM_REC;
	for (k = 0; k < sizeof(sz) / sizeof(sz[0]); k++)
		sum += sz[k];
	f->bound = (long)((sum + 1023) / 1024);
	snprintf(f->sections, sizeof f->sections, "STRS %lu, PROT %lu, "
	    "ENTS %lu, PORT %lu, PIDX %lu, NMLS %lu, BYNM %lu bytes", sz[0],
	    sz[1], sz[2], sz[3], sz[4], sz[5], sz[6]);
	ipdb_close(&db);
}

/* After the module's first lookup Q: which pages of its database are
   resident and read, what a full sweep reads, and what the kernel maps
   for the pages read, into F. */
static void
probe_database(const char *dbpath, const struct query *q, struct first *f)
{
	char buf[8192];
	struct servent se;
	struct stat st;
	uintptr_t module_at;
	long ref;

	smaps_of(dbpath, 0, 0, &f->db_rss, &ref);
	module_at = map_start(dbpath);
	/* Referenced bits cleared, the same lookup again marks the pages it
	   reads, and only those. */
	if (clear_refs() == 0) {
		run_query(q, &se, buf, sizeof buf);
		smaps_of(dbpath, 0, 0, &ref, &f->db_read);
		sweep();
		clear_refs();
		sweep();
		smaps_of(dbpath, 0, 0, &f->ws_rss, &f->ws);
	}
	/* The most the kernel maps for one touched page of this file, at a
	   2 MiB boundary, where a folio never straddles a page table: the
	   bound, not a coin toss of ASLR.  And what it maps for the pages
	   the lookup reads, where the module's mapping lies within its page
	   table. */
	f->fa = resident_after(dbpath, 0, touch_middle, q);
	if (module_at)
		f->replay = resident_after(dbpath, module_at, touch_replay, q);
	if (stat(dbpath, &st) == 0)
		f->db_kib = (long)((st.st_size + 4095) / 4096 * 4);
	lookup_sections(dbpath, f);
}

/* Run in a fresh process (ipbench first SERVICE): what one first lookup
   costs in memory, and, for the module, which pages of the database it
   and a full sweep touch.  Prints one line of KEY=VALUE, and one of the
   lookup sections' sizes. */
int
first_main(const char *service)
{
	struct first f = { .db_rss = -1, .db_read = -1, .fa = -1, .ws = -1,
	    .ws_rss = -1, .bound = -1, .db_kib = -1, .replay = -1 };
	struct rusage r0, r1;
	long rss0, rss1;
	char buf[8192], dbpath[PATH_MAX];
	struct servent se;
	struct query q;

	one_query(opt.first_query, &q);
	if (__nss_configure_lookup("services", service))
		return 1;
	rss0 = statm_resident_kib();
	getrusage(RUSAGE_SELF, &r0);
	f.found = run_query(&q, &se, buf, sizeof buf) != NULL;
	getrusage(RUSAGE_SELF, &r1);
	rss1 = statm_resident_kib();
	if (opt.db && realpath(opt.db, dbpath) &&
	    strcmp(service, "ianaports") == 0)
		probe_database(dbpath, &q, &f);
	printf("found=%d rss=%ld minflt=%ld majflt=%ld db_rss=%ld "
	    "db_read=%ld fault_around=%ld ws=%ld ws_rss=%ld bound=%ld "
	    "db_kib=%ld replay=%ld\n", f.found, rss1 - rss0,
	    r1.ru_minflt - r0.ru_minflt, r1.ru_majflt - r0.ru_majflt,
	    f.db_rss, f.db_read, f.fa, f.ws, f.ws_rss, f.bound, f.db_kib,
	    f.replay);
	printf("%s\n", f.sections);
	return 0;
}

void
first_of(const char *service, struct first *f)
{
	char *argv[16], line[512];
	int fd[2], argc = 0, status;
	posix_spawn_file_actions_t fa;
	pid_t pid;
	FILE *in;

	memset(f, 0, sizeof *f);
	argv[argc++] = "ipbench";
	argv[argc++] = "first";
	argv[argc++] = "--services";
	argv[argc++] = (char *)opt.services;
	argv[argc++] = "--query";
	argv[argc++] = (char *)opt.first_query;
	argv[argc++] = "--blocks";
	snprintf(line, sizeof line, "%d", opt.blocks);
	argv[argc++] = line;
	if (opt.db) {
		argv[argc++] = "--db";
		argv[argc++] = (char *)opt.db;
	}
	argv[argc++] = (char *)service;
	argv[argc] = NULL;
	if (pipe2(fd, O_CLOEXEC) < 0)
		return;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd[1], 1);
	if (posix_spawn(&pid, "/proc/self/exe", &fa, NULL, argv, environ)) {
		posix_spawn_file_actions_destroy(&fa);
		close(fd[0]);
		close(fd[1]);
		return;
	}
	posix_spawn_file_actions_destroy(&fa);
	close(fd[1]);
	in = fdopen(fd[0], "r");
	if (in && fgets(line, sizeof line, in))
		f->ok = sscanf(line, "found=%d rss=%ld minflt=%ld majflt=%ld "
		    "db_rss=%ld db_read=%ld fault_around=%ld ws=%ld "
		    "ws_rss=%ld bound=%ld db_kib=%ld replay=%ld", &f->found,
		    &f->rss, &f->minflt, &f->majflt, &f->db_rss, &f->db_read,
		    &f->fa, &f->ws, &f->ws_rss, &f->bound, &f->db_kib,
		    &f->replay) == 12;
	if (in && fgets(f->sections, sizeof f->sections, in))
		f->sections[strcspn(f->sections, "\n")] = 0;
	if (in)
		fclose(in);
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		f->ok = 0;
}
