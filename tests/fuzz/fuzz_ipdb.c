/* SPDX-License-Identifier: MIT */
/* libFuzzer target for the database reader: ipdb_parse() on any bytes,
 * then, when it accepts them, every lookup path and a walk of every
 * entry.  The reader's promise is that once ipdb_parse() says IPDB_OK no
 * lookup reads outside the image; AddressSanitizer holds it to that,
 * since libFuzzer's buffer ends exactly at SIZE.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ipdb.h"
#include "../ipdb_touch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile size_t sink;

static void
touch_entry(const struct ipdb *db, uint32_t i)
{
	sink += ipdb_touch_entry(db, i);
}

static void
lookups(const struct ipdb *db)
{
	static const char *const names[] = { "http", "HTTP", "domain",
	    "kerberos-adm", "", "x", "ssh" };
	static const unsigned ports[] = { 0, 1, 22, 53, 80, 443, 749, 65535 };
	static const char *const protos[] = { NULL, "tcp", "udp", "sctp" };
	struct ipdb_entry e;
	size_t n, p;
	long r;

	for (n = 0; n < sizeof(names) / sizeof(names[0]); n++)
		for (p = 0; p < 4; p++)
			if ((r = ipdb_find_name(db, names[n], protos[p])) >= 0)
				touch_entry(db, (uint32_t)r);
	for (n = 0; n < sizeof(ports) / sizeof(ports[0]); n++)
		for (p = 0; p < 4; p++)
			if ((r = ipdb_find_port(db, ports[n], protos[p])) >= 0)
				touch_entry(db, (uint32_t)r);
	/* The file's own names and ports, so that hits are exercised. */
	for (n = 0; n < db->nents && n < 8; n++) {
		if (ipdb_entry(db, (long)n, &e) < 0)
			continue;
		if ((r = ipdb_find_name(db, e.name, e.proto)) < 0 ||
		    (r = ipdb_find_port(db, e.port, NULL)) < 0)
			sink++;
		else
			touch_entry(db, (uint32_t)r);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipdb db;
	uint32_t i;

	/* The checksum would stop almost every mutation at the door: check
	   the structure without it, and the checksum path separately. */
	(void)ipdb_parse(&db, data, size, IPDB_VERIFY);
	if (ipdb_parse(&db, data, size, 0) != IPDB_OK)
		return 0;
	lookups(&db);
	for (i = 0; i < db.nents; i++) {
		touch_entry(&db, i);
		touch_entry(&db, ipdb_enum(&db, i));	/* getservent's walk */
	}
	return 0;
}
