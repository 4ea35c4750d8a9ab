/* SPDX-License-Identifier: MIT */
/* Allocation for the tools: on failure, one message and exit status 1,
   as git's and makedb's allocators do.  A tool out of memory has nothing
   useful to go on with, and exiting before the rename leaves the served
   database as it was.  (The module never allocates.) */
#ifndef XALLOC_H
#define XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* N items of SIZE bytes each, with the product checked. */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
/* P, from an allocation made some other way (fmemopen, open_memstream);
   NULL is out of memory. */
void *xchecked(void *p);
char *xasprintf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

#endif
