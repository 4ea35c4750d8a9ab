/* SPDX-License-Identifier: MIT */
/* The ianaports command: one function per subcommand. */
#ifndef CLI_H
#define CLI_H

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

/* The database path: -d/-o, else $IANAPORTS_DB, else the built-in. */
const char *default_db(void);
/* "ianaports: " + message on stderr. */
void errorx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Whether ARG is -h or --help. */
int is_help(const char *arg);

#endif
