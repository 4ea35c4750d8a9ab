/* SPDX-License-Identifier: MIT */
/* Every lookup the module makes, and every byte its answers reach, for
 * the programs that hold the reader to its promise on hostile images
 * (tests/fuzz, tests/hardening/corrupt): a read outside the image is
 * caught there by ASan or a guard page.  Each returns a sum, for a sink.
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

/* Every kind of lookup on DB, as the module makes them: by name and by
   port with no protocol, tcp, udp and others; by the file's own names
   and ports (of every STEP-th entry of the enumeration); and the whole
   enumeration.  *NBAD counts the answers IPDB_BAD (damage found). */
static inline size_t
ipdb_exercise(const struct ipdb *db, uint32_t step, unsigned long *nbad)
{
	static const char *const names[] = { "http", "HTTP", "domain", "ssh",
	    "kerberos-adm", "no-such-service", "", "x" };
	static const unsigned ports[] = { 0, 1, 22, 53, 80, 443, 749, 65535 };
	static const char *const protos[] = { NULL, "tcp", "udp", "sctp",
	    "ddp" };
	const size_t np = sizeof(protos) / sizeof(*protos);
	long r[4];
	struct ipdb_entry e;
	size_t sum = 0, n, p;
	uint32_t k;
	long i;

	for (n = 0; n < sizeof(names) / sizeof(*names); n++)
		for (p = 0; p < np; p++) {
			r[0] = ipdb_find_name(db, names[n], protos[p]);
			r[1] = ipdb_find_port(db, ports[n], protos[p]);
			*nbad += (r[0] == IPDB_BAD) + (r[1] == IPDB_BAD);
			sum += ipdb_touch_entry(db, r[0]) +
			    ipdb_touch_entry(db, r[1]);
		}
	for (k = 0; k < db->nents; k++) {
		/* getservent's walk, and entries by index. */
		i = ipdb_enum(db, k);
		*nbad += i == IPDB_BAD;
		sum += ipdb_touch_entry(db, i) + ipdb_touch_entry(db, k);
		if (k % step || ipdb_entry(db, i, &e) < 0)
			continue;
		r[0] = ipdb_find_name(db, e.name, e.proto);
		r[1] = ipdb_find_name(db, e.name, NULL);
		r[2] = ipdb_find_port(db, e.port, e.proto);
		r[3] = ipdb_find_port(db, e.port, NULL);
		for (n = 0; n < 4; n++) {
			*nbad += r[n] == IPDB_BAD;
			sum += ipdb_touch_entry(db, r[n]);
		}
	}
	return sum;
}

#endif
