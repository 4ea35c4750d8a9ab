/* SPDX-License-Identifier: MIT */
/* The ianaports command: one function per subcommand. */
#ifndef CLI_H
#define CLI_H

#include <stdint.h>
#include <stdio.h>

/* Exit statuses, documented in the README and ianaports(8). */
#define EXIT_OK		0
#define EXIT_FAIL	1	/* bad input, invalid database, system error */
#define EXIT_USAGE	2
#define EXIT_NOTFOUND	3	/* query: no such service */

int cmd_compile(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_update(int argc, char **argv);
int cmd_diff(int argc, char **argv);

struct model;
struct src_ctx;

/* ianaports diff (cmd_diff.c), also reported by update. */
struct diff_counts {
	size_t added, removed, renamed, old_entries, new_entries;
};
/* Compare the built entries of A and B by port and protocol; list each
   change on OUT unless it is NULL. */
void diff_models(const struct model *a, const struct model *b, FILE *out,
    struct diff_counts *c);
void diff_print_counts(FILE *out, const struct diff_counts *c);
/* src_read_file() PATH into M (quietly; a database too) and build it;
   errorx() on failure. */
int diff_load(struct model *m, const char *path);

/* Merge SOURCES, earlier ones winning, into the database OUT, replaced
   atomically, and say what was written; an exit status.  QUIET: no
   warnings about the sources; STRICT: any warning fails. */
int compile_db(const char *out, char *const *sources, size_t nsources,
    int quiet, int strict);
/* Tell a running nscd to drop the services it cached, and say so; no
   nscd is no error. */
void nscd_invalidate(void);
/* The registry date YYYYMMDD as "2026-08-17", or "unknown" when 0, in
   BUF; returns BUF.  Every command prints the date through it. */
const char *registry_date(uint32_t date, char buf[16]);

/* The database path: -d/-o, else $IANAPORTS_DB, else the built-in. */
const char *default_db(void);
/* "ianaports: " + message on stderr. */
void errorx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Whether ARG is -h or --help. */
int is_help(const char *arg);

#endif
