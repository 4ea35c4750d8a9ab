/* SPDX-License-Identifier: MIT */
/* A compiled database read back as a source: what `ianaports diff`
   compares when it is handed a database rather than a registry, and
   what `compile` merges when given one. */
#include "ipdb.h"
#include "source.h"

int
src_db_read(struct src_ctx *ctx, const char *buf, size_t len)
{
	const char *aliases[IPDB_MAX_ALIASES];
	struct ipdb_entry e;
	struct ipdb db;
	uint32_t i;
	unsigned k;
	int rc;

	if ((rc = ipdb_parse(&db, buf, len, IPDB_VERIFY)) != IPDB_OK)
		return src_error(ctx, 0, "invalid database: %s",
		    ipdb_strerror(rc));
	/* One record per served entry, in enumeration order: each names
	   one port and protocol, so the model's rules give the very same
	   entries back. */
	for (i = 0; i < db.nents; i++) {
		struct record r = { 0 };
		const char *s, *desc;
		long entry = ipdb_enum(&db, i);

		if (ipdb_entry(&db, entry, &e) < 0)
			return src_error(ctx, 0, "invalid database");
		s = e.name;
		for (k = 0; k < e.naliases; k++)
			aliases[k] = s = ipdb_next_name(&e, s);
		desc = ipdb_description(&db, entry);
		r.name = e.name;
		r.port_lo = r.port_hi = e.port;
		r.proto = e.proto;
		r.aliases = aliases;
		r.naliases = e.naliases;
		r.description = desc && *desc ? desc : NULL;
		r.line = i + 1;
		if (src_add(ctx, &r) < 0)
			return -1;
	}
	ctx->date = db.date;
	return 0;
}
