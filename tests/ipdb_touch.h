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
ipdb_touch_entry(const struct ipdb *db, uint32_t i)
{
	struct ipdb_entry e;
	const char *s;
	size_t sum = 0;
	unsigned k;

	ipdb_entry(db, i, &e);
	for (s = e.name, k = 0; k <= e.naliases; k++, s = ipdb_next_name(s))
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
