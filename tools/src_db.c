/* SPDX-License-Identifier: MIT */
/* A compiled database read back as a source: what `ianaports diff`
   compares when it is handed a database rather than a registry. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>

#include "cli.h"
#include "ipdb.h"
#include "model.h"

int
src_db_read(struct src_ctx *ctx, const char *buf, size_t len)
{
	const char *aliases[IPDB_MAX_ALIASES];
	struct ipdb_entry e;
	struct ipdb db;
	uint32_t i;
	unsigned k;
	int rc;

	if ((rc = ipdb_parse(&db, buf, len, IPDB_VERIFY_CRC)) != IPDB_OK)
		return src_error(ctx, 0, "invalid database: %s",
		    ipdb_strerror(rc));
	/* One record per served entry: each names one port and protocol,
	   so the model's rules give the very same entries back. */
	for (i = 0; i < db.nents; i++) {
		struct record r = { 0 };
		const char *s, *desc;

		ipdb_entry(&db, i, &e);
		s = e.name;
		for (k = 0; k < e.naliases; k++)
			aliases[k] = s = ipdb_next_name(s);
		desc = ipdb_description(&db, i);
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

int
src_is_db(const char *path)
{
	char magic[IPDB_MAGIC_LEN];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;	/* src_read_file() will say why */
	n = read(fd, magic, sizeof(magic));
	close(fd);
	return n == IPDB_MAGIC_LEN && !memcmp(magic, IPDB_MAGIC, IPDB_MAGIC_LEN);
}

int
src_load(struct src_ctx *ctx, const char *path)
{
	struct ipdb db;
	int rc;

	if (!src_is_db(path))
		return src_read_file(ctx, path);
	/* Mapped, not read: a database is made to be mapped, and the
	   reader checks every offset before the walk above trusts it. */
	if ((rc = ipdb_open(&db, path, 0)) != IPDB_OK)
		return src_error(ctx, 0, "%s", rc == IPDB_ESYS ?
		    strerror(errno) : ipdb_strerror(rc));
	rc = src_db_read(ctx, (const char *)db.base, db.len);
	ipdb_close(&db);
	if (rc == 0) {
		ctx->model->nsources++;
		if (ctx->date > ctx->model->date)
			ctx->model->date = ctx->date;
	}
	ctx->model->warnings += ctx->warnings;
	return rc;
}
