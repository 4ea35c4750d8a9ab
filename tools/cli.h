/* SPDX-License-Identifier: MIT */
/* The ianaports command: one function per subcommand. */
#ifndef CLI_H
#define CLI_H

#include <stdio.h>

/* Exit statuses, documented in ianaports(8); diff's are diff(1)'s. */
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
	size_t added, removed, renamed, aliases, descriptions;
	size_t old_entries, new_entries;
};
/* Compare the built entries of A and B by port and protocol: added,
   removed, renamed (another official name), other aliases, another
   description.  List each change on OUT unless it is NULL. */
void diff_models(const struct model *a, const struct model *b, FILE *out,
    struct diff_counts *c);
/* Whether C counts any difference. */
int diff_differ(const struct diff_counts *c);
void diff_print_counts(FILE *out, const struct diff_counts *c);
/* src_read_file() PATH into M (quietly; a database too) and build it;
   errorx() on failure. */
int diff_load(struct model *m, const char *path);

/* The database path: -d/-o, else $IANAPORTS_DB, else the built-in. */
const char *default_db(void);
/* Whether PATH, given for WHAT ("the database", "a source"), is empty:
   said on stderr, and the caller exits with EXIT_USAGE. */
int empty_path(const char *path, const char *what);
/* What to append to the message of the system error ERR met on PATH:
   " (DOING needs root)" when ERR is a permission error, the caller is not
   root and PATH lies in the system's database directory; else "". */
const char *needs_root(int err, const char *path, const char *doing);
/* "ianaports: " + message on stderr. */
void errorx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Whether ARG is -h or --help. */
int is_help(const char *arg);

#endif
