/* SPDX-License-Identifier: MIT */
/* Hostile databases, made from a sound one.
 *
 *   corrupt variants GOOD.db OUTDIR
 *	Write hand-made damage to OUTDIR, one file per case: truncations,
 *	offsets and counts pointing outside the file or into each other,
 *	strings without terminator, full hash tables, a newer major
 *	version.  Most are re-checksummed, so that the structural checks
 *	and not the checksum must catch them.  Verify must refuse each.
 *
 *   corrupt check FILE...
 *	Each FILE as the module opens it (no whole-file check), ending at
 *	a PROT_NONE page: when the cheap open accepts it, every kind of
 *	lookup and the whole enumeration must stay inside it; then verify
 *	must refuse it.  One line a file; exit 1 if verify accepts one.
 *
 *   corrupt flips GOOD.db COUNT SEED OUTDIR KEEP
 *	COUNT random byte and bit flips, checked in this process the same
 *	way: every lookup on what the cheap open accepts stays inside the
 *	image; verify refuses those left with their old checksum, and of
 *	the re-checksummed ones either refuses them or finds them sound.
 *	KEEP of the re-checksummed ones go to OUTDIR for the glibc test,
 *	named accept-N or reject-N by verify's verdict.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipdb.h"
#include "../ipdb_touch.h"

static unsigned char *good;
static size_t goodlen;
static const char *outdir;
static unsigned nwritten;

static void
die(const char *what)
{
	fprintf(stderr, "corrupt: %s: %s\n", what, strerror(errno));
	exit(1);
}

static unsigned char *
read_file(const char *path, size_t *len)
{
	struct stat st;
	unsigned char *p;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st) < 0)
		die(path);
	p = malloc((size_t)st.st_size + 1);
	if (!p || read(fd, p, (size_t)st.st_size) != st.st_size)
		die(path);
	close(fd);
	*len = (size_t)st.st_size;
	return p;
}

/* The checksum the writer would store for IMG. */
static void
fix_crc(unsigned char *img, size_t len)
{
	if (len < IPDB_HEADER_SIZE)
		return;
	ipdb_put32(img + IPDB_H_CRC, 0);
	ipdb_put32(img + IPDB_H_CRC, ipdb_crc32c(0, img, len));
}

static void
emit(const char *name, const unsigned char *img, size_t len)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", outdir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || (len && write(fd, img, len) != (ssize_t)len) ||
	    close(fd) < 0)
		die(path);
	nwritten++;
}

/* A copy of the sound image, to damage. */
static unsigned char *
copy(void)
{
	unsigned char *p = malloc(goodlen);

	if (!p)
		die("malloc");
	memcpy(p, good, goodlen);
	return p;
}

/* Section table entry I: where its four fields live. */
static unsigned char *
sect(unsigned char *img, unsigned i)
{
	return img + ipdb_le32(img + IPDB_H_HDRSIZE) + i * IPDB_SECTION_SIZE;
}

static unsigned
nsect(void)
{
	return ipdb_le32(good + IPDB_H_NSECT);
}

/* The table entry of the section with ID in the sound image. */
static unsigned
find(uint32_t id)
{
	unsigned i;

	for (i = 0; i < nsect(); i++)
		if (ipdb_le32(sect(good, i)) == id)
			return i;
	fprintf(stderr, "corrupt: no section %08x\n", id);
	exit(1);
}

static uint32_t
sec_off(uint32_t id)
{
	return ipdb_le32(sect(good, find(id)) + 4);
}

static uint32_t
sec_size(uint32_t id)
{
	return ipdb_le32(sect(good, find(id)) + 8);
}

/* Emit a damaged copy: FIELD (an absolute offset) set to the 32-bit V,
   checksum fixed when FIX. */
static void
put32_case(const char *name, size_t field, uint32_t v, int fix)
{
	unsigned char *p = copy();

	ipdb_put32(p + field, v);
	if (fix)
		fix_crc(p, goodlen);
	emit(name, p, goodlen);
	free(p);
}

/* The same for a 16-bit field and a byte, checksum always fixed. */
static void
put16_case(const char *name, size_t field, uint16_t v)
{
	unsigned char *p = copy();

	ipdb_put16(p + field, v);
	fix_crc(p, goodlen);
	emit(name, p, goodlen);
	free(p);
}

static void
byte_case(const char *name, size_t field, unsigned char v)
{
	unsigned char *p = copy();

	p[field] = v;
	fix_crc(p, goodlen);
	emit(name, p, goodlen);
	free(p);
}

static void
truncations(void)
{
	char name[64];
	size_t cuts[64], n = 0, i;
	unsigned s;
	unsigned char *p;

	cuts[n++] = 0;
	cuts[n++] = 1;
	cuts[n++] = IPDB_MAGIC_LEN - 1;
	cuts[n++] = IPDB_MAGIC_LEN;
	cuts[n++] = IPDB_H_FILESIZE + 2;
	cuts[n++] = IPDB_HEADER_SIZE - 1;
	cuts[n++] = IPDB_HEADER_SIZE;
	cuts[n++] = IPDB_HEADER_SIZE + 3 * IPDB_SECTION_SIZE + 5;
	for (s = 0; s < nsect() && n < 60; s++) {
		uint32_t off = ipdb_le32(sect(good, s) + 4);
		uint32_t size = ipdb_le32(sect(good, s) + 8);

		cuts[n++] = off + 1;
		if (size > 2)
			cuts[n++] = off + size / 2;
	}
	cuts[n++] = goodlen - 1;
	for (i = 0; i < n; i++) {
		if (cuts[i] >= goodlen)
			continue;
		/* As cut: the header says more than the file holds. */
		snprintf(name, sizeof(name), "trunc-%zu", cuts[i]);
		emit(name, good, cuts[i]);
		/* Cut, and the header told the new size and checksum, so
		   that only the sections' bounds can tell. */
		if (cuts[i] >= IPDB_HEADER_SIZE) {
			p = copy();
			ipdb_put32(p + IPDB_H_FILESIZE, (uint32_t)cuts[i]);
			fix_crc(p, cuts[i]);
			snprintf(name, sizeof(name), "trunc-resized-%zu",
			    cuts[i]);
			emit(name, p, cuts[i]);
			free(p);
		}
	}
}

static void
header_cases(void)
{
	unsigned char *p;

	put32_case("magic", IPDB_H_MAGIC, 0x4d4c4458u, 1);
	p = copy();
	ipdb_put16(p + IPDB_H_MAJOR, IPDB_MAJOR + 1);
	fix_crc(p, goodlen);
	emit("version-major-next", p, goodlen);
	free(p);
	p = copy();
	ipdb_put16(p + IPDB_H_MAJOR, 0);
	fix_crc(p, goodlen);
	emit("version-major-0", p, goodlen);
	free(p);
	put32_case("filesize-larger", IPDB_H_FILESIZE, (uint32_t)goodlen + 8, 1);
	put32_case("filesize-smaller", IPDB_H_FILESIZE, (uint32_t)goodlen - 8, 1);
	put32_case("filesize-huge", IPDB_H_FILESIZE, 0xffffffffu, 1);
	put32_case("hdrsize-0", IPDB_H_HDRSIZE, 0, 1);
	put32_case("hdrsize-odd", IPDB_H_HDRSIZE, IPDB_HEADER_SIZE + 4, 1);
	put32_case("hdrsize-past-end", IPDB_H_HDRSIZE,
	    ((uint32_t)goodlen + 8) & ~7u, 1);
	put32_case("hdrsize-huge", IPDB_H_HDRSIZE, 0xfffffff8u, 1);
	put32_case("reserved-nonzero", IPDB_H_RESERVED + 8, 1, 1);
	put32_case("nsect-0", IPDB_H_NSECT, 0, 1);
	put32_case("nsect-huge", IPDB_H_NSECT, 0xffffffffu, 1);
	put32_case("nsect-past-end", IPDB_H_NSECT,
	    (uint32_t)(goodlen / IPDB_SECTION_SIZE), 1);
	put32_case("crc-wrong", IPDB_H_CRC, ipdb_le32(good + IPDB_H_CRC) ^ 1,
	    0);
}

/* Every section: offsets and sizes outside the file, misaligned, into
   the header, onto its neighbour; wrong record size; wrong or
   duplicated id. */
static void
section_cases(void)
{
	char name[64];
	unsigned i;
	size_t t;

	for (i = 0; i < nsect(); i++) {
		t = (size_t)(sect(good, i) - good);
#define CASE(what, field, v) do { \
		snprintf(name, sizeof(name), "sect%u-%s", i, what); \
		put32_case(name, t + (field), (v), 1); \
	} while (0)
		CASE("off-at-end", 4, (uint32_t)goodlen);
		CASE("off-past-end", 4, ((uint32_t)goodlen + 64) & ~7u);
		CASE("off-huge", 4, 0xfffffff8u);
		CASE("off-misaligned", 4, ipdb_le32(good + t + 4) + 4);
		CASE("off-into-header", 4, 8);
		CASE("off-into-table", 4, IPDB_HEADER_SIZE);
		CASE("size-huge", 8, 0xffffffffu);
		CASE("size-zero", 8, 0);
		CASE("size-past-end", 8, (uint32_t)goodlen -
		    ipdb_le32(good + t + 4) + 8);
		/* A byte-record section may grow into its padding: only
		   records of several bytes can be cut in the middle. */
		if (ipdb_le32(good + t + 12) > 1)
			CASE("size-part-record", 8, ipdb_le32(good + t + 8) + 1);
		CASE("rec-wrong", 12, ipdb_le32(good + t + 12) + 1);
		CASE("id-unknown", 0, IPDB_ID('X', 'X', 'X', 'X'));
		if (i > 0) {
			CASE("off-onto-previous", 4,
			    ipdb_le32(good + t - IPDB_SECTION_SIZE + 4));
			CASE("id-duplicate", 0,
			    ipdb_le32(good + t - IPDB_SECTION_SIZE));
		}
		if (i + 1 < nsect())
			CASE("size-into-next", 8, ipdb_le32(good + t + 8) +
			    ipdb_le32(good + t + IPDB_SECTION_SIZE + 4) -
			    ipdb_le32(good + t + 4) -
			    ipdb_le32(good + t + 8) + 8);
#undef CASE
	}
}

/* Where the last string of the pool at OFF (LEN bytes) starts. */
static uint32_t
last_string(uint32_t off, uint32_t len)
{
	uint32_t i = len - 1;

	while (i > 0 && good[off + i - 1])
		i--;
	return i;
}

/* The by-name table with no empty slot: probes would never end. */
static void
fill_table(const char *name)
{
	uint32_t off = sec_off(IPDB_SEC_BYNM);
	uint32_t n = sec_size(IPDB_SEC_BYNM) / IPDB_BYNM_REC, i;
	unsigned char *p = copy();

	for (i = 0; i < n; i++)
		if (ipdb_le32(p + off + 4 * i) == IPDB_EMPTY)
			ipdb_put32(p + off + 4 * i, 0);
	fix_crc(p, goodlen);
	emit(name, p, goodlen);
	free(p);
}

/* Damage inside the sections: every index and offset the sweep checks. */
static void
content_cases(void)
{
	uint32_t strs = sec_off(IPDB_SEC_STRS), strs_len = sec_size(IPDB_SEC_STRS);
	uint32_t desc = sec_off(IPDB_SEC_DESC), desc_len = sec_size(IPDB_SEC_DESC);
	uint32_t ents = sec_off(IPDB_SEC_ENTS);
	uint32_t nents = sec_size(IPDB_SEC_ENTS) / IPDB_ENTS_REC;
	uint32_t prot = sec_off(IPDB_SEC_PROT);
	uint32_t nprot = sec_size(IPDB_SEC_PROT) / IPDB_PROT_REC;
	uint32_t list = strs + IPDB_ENT_LIST(ipdb_le32(good + ents));	/* entry 0's */
	uint32_t nmls = sec_off(IPDB_SEC_NMLS), nnmls = sec_size(IPDB_SEC_NMLS) / 4;
	uint32_t bynm = sec_off(IPDB_SEC_BYNM), port = sec_off(IPDB_SEC_PORT);
	uint32_t pidx = sec_off(IPDB_SEC_PIDX), enums = sec_off(IPDB_SEC_ENUM);
	uint32_t nbuckets = sec_size(IPDB_SEC_PIDX) / IPDB_PIDX_REC - 1;
	uint32_t dsco = sec_off(IPDB_SEC_DSCO), last = ents + 4 * (nents - 1);
	uint32_t proto = ipdb_le32(good + last) & ~0x00ffffffu;	/* its protocol */
	unsigned char *p;

	/* Strings without terminator: the pools' last NUL gone. */
	byte_case("strs-no-terminator", strs + strs_len - 1, 'x');
	byte_case("desc-no-terminator", desc + desc_len - 1, 'x');
	/* An entry whose names run past the pool. */
	put32_case("ents-list-last-string", last,
	    proto | last_string(strs, strs_len), 1);
	byte_case("names-255-aliases", list + 2, 255);
	put32_case("ents-name-at-end", last, proto | strs_len, 1);
	put32_case("ents-name-huge", ents, proto | 0x00ffffffu, 1);
	byte_case("ents-proto-index", ents + 3, (unsigned char)nprot);
	/* Name lists (FORMAT.md section 4): a length past the pad, none,
	   one short of the NUL; a name more than the entry says, an empty
	   one; the pad not zero. */
	byte_case("strs-pad-not-zero", strs + strs_len - IPDB_STRS_PAD, 'x');
	put16_case("names-length-huge", list, 0xffff);
	put16_case("names-length-zero", list, 0);
	put16_case("names-length-short", list,
	    (uint16_t)(ipdb_le16(good + list) - 1));
	byte_case("names-count", list + 2, (unsigned char)(good[list + 2] + 1));
	byte_case("names-empty", list + IPDB_LIST_HEAD, 0);
	put32_case("prot-outside", prot, strs_len, 1);
	put32_case("prot-huge", prot + IPDB_PROT_REC * (nprot - 1),
	    0xffffffffu, 1);
	put32_case("prot-length-wrong", prot + 4,
	    ipdb_le32(good + prot + 4) + 1, 1);
	put32_case("prot-length-zero", prot + 4, 0, 1);
	put32_case("prot-length-huge", prot + 4, 0xfffffff0u, 1);
	put32_case("dsco-outside", dsco, desc_len, 1);
	put32_case("dsco-huge", dsco + 4 * (nents - 1), 0x7fffffffu, 1);
	/* Group lists: an item past the entries, a last group unflagged. */
	put32_case("nmls-entry", nmls, nents, 1);
	put32_case("nmls-entry-flagged", nmls + 4 * (nnmls - 1),
	    nents | IPDB_LAST, 1);
	put32_case("nmls-unterminated", nmls + 4 * (nnmls - 1),
	    ipdb_le32(good + nmls + 4 * (nnmls - 1)) & ~IPDB_LAST, 1);
	/* The port index (FORMAT.md section 6): ports out of order, a
	   bucket that holds another's port or starts past the next, bounds
	   that do not start at 0 or end at the last entry. */
	put16_case("port-descending", port, (uint16_t)(ipdb_le16(good +
	    port + 2) + 1));
	put32_case("pidx-first", pidx, 1, 1);
	put32_case("pidx-bucket-grows", pidx + 4, ipdb_le32(good + pidx + 4) +
	    1, 1);
	put32_case("pidx-backwards", pidx + 4 * (nbuckets - 1), 0, 1);
	put32_case("pidx-last-short", pidx + 4 * nbuckets, nents - 1, 1);
	put32_case("pidx-last-past", pidx + 4 * nbuckets, nents + 1, 1);
	/* The enumeration order: an entry that does not exist. */
	put32_case("enum-outside", enums, nents, 1);
	put32_case("enum-huge", enums + 4 * (nents - 1), 0xffffffffu, 1);
	/* The by-name table: a slot past its list, no empty slot at all. */
	{
		uint32_t i = 0, v;

		while ((v = ipdb_le32(good + bynm + 4 * i)) == IPDB_EMPTY)
			i++;
		put32_case("bynm-slot-outside", bynm + 4 * i,
		    (v & ~IPDB_SLOT_INDEX) | nnmls, 1);
	}
	fill_table("bynm-full");
	/* Sizes: not a power of two, too few slots; counts that disagree
	   (PORT, ENUM and DSCO one per entry, PIDX one per bucket and
	   one more). */
	put32_case("bynm-size-3-slots", (size_t)(sect(good,
	    find(IPDB_SEC_BYNM)) - good) + 8, 3 * IPDB_BYNM_REC, 1);
	put32_case("bynm-size-4-slots", (size_t)(sect(good,
	    find(IPDB_SEC_BYNM)) - good) + 8, 4 * IPDB_BYNM_REC, 1);
	put32_case("port-count", (size_t)(sect(good, find(IPDB_SEC_PORT)) -
	    good) + 8, sec_size(IPDB_SEC_PORT) - 2, 1);
	put32_case("pidx-count", (size_t)(sect(good, find(IPDB_SEC_PIDX)) -
	    good) + 8, sec_size(IPDB_SEC_PIDX) - 4, 1);
	put32_case("enum-count", (size_t)(sect(good, find(IPDB_SEC_ENUM)) -
	    good) + 8, sec_size(IPDB_SEC_ENUM) - 4, 1);
	put32_case("dsco-count", (size_t)(sect(good, find(IPDB_SEC_DSCO)) -
	    good) + 8, sec_size(IPDB_SEC_DSCO) - 4, 1);
	/* Two sections over the same bytes: ENTS read as STRS. */
	p = copy();
	ipdb_put32(sect(p, find(IPDB_SEC_PROT)) + 4, strs);
	fix_crc(p, goodlen);
	emit("prot-over-strs", p, goodlen);
	free(p);
}

static int
cmd_variants(void)
{
	truncations();
	header_cases();
	section_cases();
	content_cases();
	printf("%u variants\n", nwritten);
	return 0;
}

/* Map a copy of IMG so that it ends exactly where an unreadable page
   begins: a read past the end faults at once. */
static const unsigned char *
guarded(const unsigned char *img, size_t len, void **map, size_t *maplen)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	size_t data = (len + pg - 1) / pg * pg;
	unsigned char *m;

	*maplen = data + 2 * pg;
	m = mmap(NULL, *maplen, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		die("mmap");
	if (mprotect(m, pg, PROT_NONE) < 0 ||
	    mprotect(m + pg + data, pg, PROT_NONE) < 0)
		die("mprotect");
	memcpy(m + pg + data - len, img, len);
	if (mprotect(m + pg, data, PROT_READ) < 0)
		die("mprotect");
	*map = m;
	return m + pg + data - len;
}

static volatile size_t sink;

/* What the module does with an image at G of LEN bytes: the cheap
   open, and when it accepts, every lookup (faults if one reads
   outside).  Returns the open's error; *NBAD counts answers that found
   damage. */
static int
as_module(const unsigned char *g, size_t len, unsigned long *nbad)
{
	struct ipdb db;
	int err = ipdb_parse(&db, g, len, 0);

	if (err == IPDB_OK)
		sink += ipdb_exercise(&db, 64, nbad);
	return err;
}

static int
verify_image(const unsigned char *g, size_t len)
{
	struct ipdb db;

	return ipdb_parse(&db, g, len, IPDB_VERIFY);
}

static int
cmd_check(int n, char **files)
{
	unsigned long nbad;
	unsigned char *img;
	const unsigned char *g;
	size_t len, maplen;
	void *map;
	int i, open_err, verify_err, rc = 0;

	for (i = 0; i < n; i++) {
		img = read_file(files[i], &len);
		g = guarded(img, len, &map, &maplen);
		nbad = 0;
		open_err = as_module(g, len, &nbad);
		verify_err = verify_image(g, len);
		printf("%s: open: %s", files[i], open_err ? ipdb_strerror(
		    open_err) : "accepted");
		if (!open_err)
			printf(", %lu lookups found damage", nbad);
		printf("; verify: %s\n", verify_err ?
		    ipdb_strerror(verify_err) : "ACCEPTED");
		rc |= verify_err == IPDB_OK;
		munmap(map, maplen);
		free(img);
	}
	return rc;
}

static int
cmd_flips(unsigned long count, unsigned long seed, unsigned long keep)
{
	unsigned long n, raw_rejected = 0, fixed_rejected = 0, fixed_ok = 0;
	unsigned long kept = 0, cheap_ok = 0, nbad = 0;
	unsigned char *p = copy();
	char name[64];
	size_t maplen, pos;
	void *map;
	const unsigned char *g;
	int err, fix, bits;

	srandom((unsigned)seed);
	for (n = 0; n < count; n++) {
		memcpy(p, good, goodlen);
		/* One to four flips: a bit, or a whole random byte. */
		for (bits = 1 + (int)(random() % 4); bits; bits--) {
			pos = (size_t)random() % goodlen;
			if (random() & 1)
				p[pos] ^= (unsigned char)(1u << (random() % 8));
			else
				p[pos] = (unsigned char)random();
		}
		if (!memcmp(p, good, goodlen))
			continue;
		fix = (int)(n & 1);
		if (fix)
			fix_crc(p, goodlen);
		g = guarded(p, goodlen, &map, &maplen);
		if (as_module(g, goodlen, &nbad) == IPDB_OK)
			cheap_ok++;
		err = verify_image(g, goodlen);
		if (!fix && err == IPDB_OK) {
			fprintf(stderr, "flip %lu: accepted with a stale "
			    "checksum\n", n);
			return 1;
		}
		if (!fix)
			raw_rejected++;
		else if (err)
			fixed_rejected++;
		else
			fixed_ok++;
		munmap(map, maplen);
		if (fix && kept < keep && (err || n % 7 == 1)) {
			snprintf(name, sizeof(name), "%s-%lu",
			    err ? "reject" : "accept", n);
			emit(name, p, goodlen);
			kept++;
		}
	}
	printf("%lu flips: %lu opened as the module does and looked up "
	    "inside the file (%lu lookups found damage); verify: %lu with "
	    "stale checksum all refused; %lu re-checksummed: %lu refused, "
	    "%lu still sound\n", count, cheap_ok, nbad, raw_rejected,
	    fixed_rejected + fixed_ok, fixed_rejected, fixed_ok);
	free(p);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "variants")) {
		good = read_file(argv[2], &goodlen);
		outdir = argv[3];
		return cmd_variants();
	}
	if (argc == 7 && !strcmp(argv[1], "flips")) {
		good = read_file(argv[2], &goodlen);
		outdir = argv[5];
		return cmd_flips(strtoul(argv[3], NULL, 0),
		    strtoul(argv[4], NULL, 0), strtoul(argv[6], NULL, 0));
	}
	if (argc >= 3 && !strcmp(argv[1], "check"))
		return cmd_check(argc - 2, argv + 2);
	fprintf(stderr, "usage: corrupt variants GOOD.db OUTDIR\n"
	    "       corrupt check FILE...\n"
	    "       corrupt flips GOOD.db COUNT SEED OUTDIR KEEP\n");
	return 2;
}
