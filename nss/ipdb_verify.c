/* SPDX-License-Identifier: MIT */
/* The whole-file check: what ipdb_parse() leaves to the lookups, checked
   for every entry, group, bucket and slot at once, and the checksum.
   The tools run it; the module never does (FORMAT.md section 8). */
#include <string.h>

#include "ipdb.h"

/* Whether the name list at OFF in STRS (section 4) lies before the
   pad and holds exactly as many names of 1 to IPDB_MAX_NAME bytes as
   its head says. */
static int
names_ok(const struct ipdb *db, uint32_t off)
{
	uint32_t room = db->names_end, len, i, start;
	const unsigned char *p;
	unsigned count;

	if (off > room || room - off < IPDB_LIST_HEAD)
		return 0;
	p = db->strs + off;
	len = ipdb_le16(p);
	count = 1u + p[2];
	p += IPDB_LIST_HEAD;
	if (len > room - off - IPDB_LIST_HEAD || !len || p[len - 1])
		return 0;
	for (i = start = 0; i < len; i++) {
		if (p[i])
			continue;
		if (i == start || i - start > IPDB_MAX_NAME || !count--)
			return 0;
		start = i + 1;
	}
	return count == 0;
}

/* The group list NMLS: every item an entry with that entry's
   protocol, the last one flagged, so that any walk from a valid index
   stops inside the section. */
static int
groups_ok(const struct ipdb *db, const unsigned char *p, uint32_t n)
{
	uint32_t i, v, e;

	if (n && !(ipdb_le32(p + 4 * (n - 1)) & IPDB_LAST))
		return 0;				/* walks end inside */
	for (i = 0; i < n; i++) {
		v = ipdb_le32(p + 4 * i);
		e = v & IPDB_ITEM_ENTRY;
		if (e >= db->nents)
			return 0;			/* entry exists */
		if (IPDB_ITEM_PROTO(v) != IPDB_ENT_PROTO(ipdb_le32(db->ents +
		    IPDB_ENTS_REC * e)))
			return 0;			/* its protocol */
	}
	return 1;
}

/* The by-name table: a power of two of slots, at least eight, at least
   one empty (so probes end), every full slot pointing into NMLS. */
static int
table_ok(const struct ipdb *db)
{
	uint32_t i, v, n = db->bynm_mask + 1, empty = 0;

	if (n < 8 || (n & (n - 1)))
		return IPDB_ESECTION;			/* power of two */
	for (i = 0; i < n; i++) {
		v = ipdb_le32(db->bynm + IPDB_BYNM_REC * i);
		if (v == IPDB_EMPTY)
			empty++;
		else if ((v & IPDB_SLOT_INDEX) >= db->nnmls)
			return IPDB_EBOUNDS;		/* into its list */
	}
	return empty ? IPDB_OK : IPDB_EHASH;
}

/* The port index (section 6): ports ascending, and bucket B's entries
   exactly those from PIDX[B] to PIDX[B + 1], with ports 16B to 16B+15,
   the last bucket's up to the last entry.  A by-port lookup then walks
   one bucket and stops inside ENTS. */
static int
ports_ok(const struct ipdb *db)
{
	uint32_t b, i, lo, hi = 0;

	for (i = 1; i < db->nents; i++)
		if (ipdb_le16(db->port + IPDB_PORT_REC * i) <
		    ipdb_le16(db->port + IPDB_PORT_REC * (i - 1)))
			return 0;			/* ascending */
	if (ipdb_le32(db->pidx))
		return 0;				/* from the first */
	for (b = 0; b < db->nbuckets; b++) {
		lo = hi;
		hi = ipdb_le32(db->pidx + IPDB_PIDX_REC * (b + 1));
		if (hi < lo || hi > db->nents)
			return 0;
		for (i = lo; i < hi; i++)
			if (ipdb_le16(db->port + IPDB_PORT_REC * i) >>
			    IPDB_PORT_SHIFT != b)
				return 0;		/* its bucket */
	}
	return hi == db->nents;				/* to the last */
}

/* STRS's last IPDB_STRS_PAD bytes are NULs (the open checks only that
   they are there). */
static int
pad_ok(const struct ipdb *db)
{
	const unsigned char *p = db->strs + db->names_end;

	while (p < db->strs + db->strs_len)
		if (*p++)
			return 0;
	return 1;
}

static int
checksum_ok(const struct ipdb *db)
{
	unsigned char zero[4] = { 0 };
	uint32_t crc;

	crc = ipdb_crc32c(0, db->base, IPDB_H_CRC);
	crc = ipdb_crc32c(crc, zero, 4);
	crc = ipdb_crc32c(crc, db->base + IPDB_H_CRC + 4,
	    db->len - IPDB_H_CRC - 4);
	return crc == ipdb_le32(db->base + IPDB_H_CRC);
}

/* Every entry's protocol, names, description and enumeration item. */
static int
entries_ok(const struct ipdb *db)
{
	uint32_t i, v;

	for (i = 0; i < db->nents; i++) {
		v = ipdb_le32(db->ents + IPDB_ENTS_REC * i);
		if (IPDB_ENT_PROTO(v) >= db->nprot)
			return IPDB_EBOUNDS;		/* protocol index */
		if (!names_ok(db, IPDB_ENT_LIST(v)))
			return IPDB_ESTRING;		/* names inside */
		if (ipdb_le32(db->dsco + IPDB_DSCO_REC * i) >= db->desc_len)
			return IPDB_EBOUNDS;		/* description */
		if (ipdb_enum(db, i) < 0)
			return IPDB_EBOUNDS;		/* enumerated */
	}
	return IPDB_OK;
}

int
ipdb_verify(const struct ipdb *db)
{
	int err;

	if (!checksum_ok(db))
		return IPDB_ECHECKSUM;
	if (!db->desc_len || db->desc[db->desc_len - 1])
		return IPDB_ESTRING;			/* DESC ends in NUL */
	if (!pad_ok(db))
		return IPDB_ESTRING;			/* STRS ends in NULs */
	if ((err = entries_ok(db)))
		return err;
	if (!groups_ok(db, db->nmls, db->nnmls) || !ports_ok(db))
		return IPDB_EBOUNDS;
	return table_ok(db);
}
