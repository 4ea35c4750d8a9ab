/* SPDX-License-Identifier: MIT */
/* What the benchmark (ipbench) and the differential check (ipdiff) share:
 * the query set drawn from a services(5) rendering, the sources compared,
 * and the worker processes that answer for each source.
 *
 * Each source runs in a worker process of its own, forked before anyone
 * calls __nss_configure_lookup: that call marks the database custom, and
 * a process so marked never asks nscd, so the nscd worker must be born
 * unmarked.  The parent sends each worker commands over a pipe: write
 * every answer of the mix to a file, time a pass, time threads.
 */
#ifndef IANAPORTS_BENCH_H
#define IANAPORTS_BENCH_H

#include <netdb.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define MAXPASS 32
#define MAXTIMED 16
#define BLOCK_NAME 10		/* name queries in a block of the mix */
#define BLOCK_PORT 10		/* port queries in a block */
#define ANSWER_MAX 1024

/* The kinds of query, and how many of each a block holds. */
enum {
	Q_NAME, Q_NAME_ANY, Q_NAME_CASE, Q_NAME_CASE_ANY, Q_NAME_MISS,
	Q_NAME_MISS_ANY, Q_PORT, Q_PORT_ANY, Q_PORT_MISS, Q_PORT_MISS_ANY,
	NKINDS
};

struct query {
	int kind;
	const char *name;	/* by-name queries */
	const char *orig;	/* the spelling the registry uses */
	int port;		/* by-port queries, host order */
	const char *proto;	/* NULL: any */
};

struct ent {
	char *name;
	int port;
	char *proto;
};

struct reply {
	int64_t ns_name, ns_port;
	int64_t n_name, n_port;
	int ok;
};

enum { OP_ANSWERS, OP_PASS, OP_THREADS, OP_QUIT };
struct cmd {
	int op;
	int blocks;		/* the first BLOCKS blocks of the mix */
	int reps;
	int threads;
	int direct;		/* call the module, not glibc */
};

struct source {
	const char *key, *label;
	const char *service;	/* for __nss_configure_lookup; NULL: nsswitch */
	const char *bind;	/* file to bind on /etc/services, or NULL */
	int on;
	const char *nscd_conf;	/* start a private nscd with this config */
	const char *nsswitch;	/* module named on a private nsswitch.conf */
	const char *nscd_dir;	/* bound on /run/nscd for it */
	pid_t pid;
	int cfd, rfd;
	int blocks, reps;	/* per timed pass */
	int npass;
	double mixed[MAXPASS], name[MAXPASS], port[MAXPASS];
	char **answers;		/* name queries, then port queries */
	char why[128];		/* why it is off */
};

enum {
	S_IANAPORTS, S_NULL, S_FIXED, S_IANAPORTS_NSW, S_NULL_NSW, S_FILES,
	S_NETBASE, S_DB, S_NSCD, S_NSCD_SOCK, NSRC
};
extern struct source src[NSRC];

struct options {
	int blocks, passes;
	double budget_ms;
	const char *services, *db, *out;
	int timed_reps;
	int ntimed;
	char *timed_label[MAXTIMED];
	char *timed_cmd[MAXTIMED];
	const char *first_query;
	const char *cold_query;
	int cold_runs;
	int no_nscd;
};
extern struct options opt;

/* sources.c: the command line both programs take.  Parse ARGV into opt
   and src[] and return the index of the first operand; on a bad option
   print USAGE_TEXT and exit 2, as usage() does later. */
int parse_options(int argc, char **argv, const char *usage_text);
void usage(void) __attribute__((noreturn));
void die(const char *fmt, const char *arg);
void *xmalloc(size_t n);
char *xstrdup(const char *s);

/* queries.c: the rendering's entries and the mix drawn from them. */
extern struct query *nq, *pq;	/* name and port queries, block order */
extern int nnq, npq;
extern struct ent *ents;
extern int nents;
void read_services(const char *path);
void make_queries(int blocks);
void print_query_set(void);
const struct query *query_at(int i);
void show_query(const struct query *q, char *out, size_t len);
void one_query(const char *spec, struct query *q);
void answer(const struct servent *r, char *out, size_t len);
struct servent *by_name(const struct query *q, struct servent *se,
    char *buf, size_t len);
struct servent *by_port(const struct query *q, struct servent *se,
    char *buf, size_t len);
struct servent *run_query(const struct query *q, struct servent *se,
    char *buf, size_t len);

/* workers.c: one worker process per source, and the pipe to it. */
int64_t now_ns(void);
int write_all(int fd, const void *p, size_t n);
int read_all(int fd, void *p, size_t n);
void start(struct source *s);
void start_all(void);
int ask_cmd(struct source *s, const struct cmd *c, struct reply *r);
int ask(struct source *s, int op, int blocks, int reps, int threads,
    struct reply *r);
void stop(struct source *s);
void stop_all(void);

#endif
