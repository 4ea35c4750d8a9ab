/* SPDX-License-Identifier: MIT */
/* Read every byte an answer of entry I reaches, as the module would, for
 * the programs that hold the reader to its promise on hostile images
 * (tests/fuzz, tests/hardening/corrupt): a read outside the image is
 * caught there by ASan or a guard page.  Returns a sum, for a sink.
 */
#ifndef IPDB_TOUCH_H
#define IPDB_TOUCH_H

#include <string.h>

#include "ipdb.h"

static inline size_t
ipdb_touch_entry(const struct ipdb *db, long i)
{
	struct ipdb_entry e;
	const char *s;
	size_t sum = 0;
	unsigned k;

	if (ipdb_entry(db, i, &e) < 0)
		return 0;	/* damage found where it was read */
	for (s = e.name, k = 0; s && k <= e.naliases;
	    k++, s = ipdb_next_name(&e, s))
		sum += strlen(s);
	sum += strlen(e.proto) + e.port;
	/* The module copies names and protocol a word at a time, reading
	   up to 7 bytes past each: the pad must hold them. */
	for (k = 0; k < (e.names_len + 7) / 8 * 8; k++)
		sum += (unsigned char)e.name[k];
	for (k = 0; k < (e.proto_len + 8) / 8 * 8; k++)
		sum += (unsigned char)e.proto[k];
	return sum + strlen(ipdb_description(db, i));
}

#endif
