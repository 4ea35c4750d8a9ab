/* SPDX-License-Identifier: MIT */
/* The ianaports command: one function per subcommand. */
#ifndef CLI_H
#define CLI_H

#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>

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
/* The same, without a message. */
int diff_load_quiet(struct model *m, const char *path);

/* How compile reads its sources, and when it refuses to write. */
struct compile_opts {
	int quiet;	/* no warnings about the sources */
	int strict;	/* any warning fails */
	int force;	/* write over anything, and shrink at will */
};
/* Merge SOURCES, earlier ones winning, into the database OUT, replaced
   atomically, and say what was written; an exit status. */
int compile_db(const char *out, char **sources, size_t nsources,
    const struct compile_opts *o);
/* Tell a running nscd to drop the services it cached, once the module
   can see the database just replaced; 1 when nscd took it, 0 when there
   is none (which is no error). */
int nscd_invalidate(void);
#define NSCD_TOLD "nscd: services cache invalidated\n"
/* The registry date YYYYMMDD as "2026-08-17", or "unknown" when 0, in
   BUF; returns BUF.  Every command prints the date through it. */
const char *registry_date(uint32_t date, char buf[16]);
/* What `compile -o` found at its target (guard.c). */
struct target {
	char *path;	/* where to write (malloc'd): the target, or the
			   file a symbolic link there points to */
	int exists;	/* a database of ours is there, ST says which */
	struct stat st;
	long entries;	/* its entries, -1 when unknown (another version) */
	int forced;	/* something else is there, --force replaces it */
};
/* Fill T for writing a database to OUT: replaceable are a database of
   ours (any version), an empty file, or nothing; a symbolic link is
   followed.  Anything else is refused with a message naming it, or
   with FORCE replaced after a warning.  Returns 0 or -1. */
int target_check(const char *out, int force, struct target *t);
void target_free(struct target *t);
/* Whether NEWN entries may take the place of OLDN, losing at most
   MAX_LOSS percent: 0, or -1 after a message "SUBJECT: WHAT from OLDN
   to NEWN entries ... (use --force ...)".  FORCE accepts any loss with a
   warning. */
int shrink_guard(const char *subject, const char *what, size_t oldn,
    size_t newn, unsigned max_loss, int force);

/* The database path: -d/-o, else $IANAPORTS_DB, else the built-in. */
const char *default_db(void);
/* Whether PATH, given for WHAT ("the database", "a source"), is empty:
   said on stderr, and the caller exits with EXIT_USAGE. */
int empty_path(const char *path, const char *what);
/* What to append to the message of the system error ERR met on PATH:
   " (DOING needs root)" when ERR is a permission error, the caller is not
   root and PATH lies in the system's database directory; else "". */
const char *needs_root(int err, const char *path, const char *doing);
/* What became of the database PATH after a failure: "PATH left
   unchanged" when something was there (EXISTED), else "PATH not
   written", since nothing was made that could be left unchanged. */
void say_untouched(const char *path, int existed);
/* "ianaports: " + message on stderr. */
void errorx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Whether ARG is -h or --help. */
int is_help(const char *arg);

#endif
