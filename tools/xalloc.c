/* SPDX-License-Identifier: MIT */
/* The tools' one out-of-memory policy: say so and exit. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void *
xchecked(void *p)
{
	if (!p) {
		fputs("ianaports: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

void *
xmalloc(size_t n)
{
	return xchecked(malloc(n ? n : 1));
}

void *
xcalloc(size_t n, size_t size)
{
	return xchecked(calloc(n ? n : 1, size ? size : 1));
}

void *
xrealloc(void *p, size_t n)
{
	return xchecked(realloc(p, n ? n : 1));
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > (size_t)-1 / size)
		return xchecked(NULL);
	return xrealloc(p, n * size);
}

char *
xstrdup(const char *s)
{
	return xchecked(strdup(s));
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	return xchecked(n < 0 ? NULL : s);
}
