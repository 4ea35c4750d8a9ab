/* SPDX-License-Identifier: MIT */
/* libFuzzer target for the database reader: on any bytes the cheap open
 * (the module's, ipdb_parse() without IPDB_VERIFY) accepts, every kind
 * of lookup, by name and by port, with the input's own names and ports,
 * and the whole enumeration.  The reader's promise is that no lookup
 * reads outside the image, whatever it holds; AddressSanitizer holds it
 * to that, since the copy below ends exactly at SIZE.
 *
 * The checksum would stop almost every mutation at ipdb_verify(): the
 * copy gets a correct one, so that the whole-file sweep meets the same
 * damage.  What the sweep accepts, the lookups must find sound: not one
 * answer IPDB_BAD.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ipdb.h"
#include "../ipdb_touch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile size_t sink;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *img = malloc(size ? size : 1);
	unsigned long nbad = 0;
	struct ipdb db;

	if (!img)
		return 0;
	memcpy(img, data, size);
	if (size >= IPDB_HEADER_SIZE) {
		ipdb_put32(img + IPDB_H_CRC, 0);
		ipdb_put32(img + IPDB_H_CRC, ipdb_crc32c(0, img, size));
	}
	if (ipdb_parse(&db, img, size, 0) == IPDB_OK) {
		sink += ipdb_exercise(&db, 1, &nbad);
		if (nbad && ipdb_verify(&db) == IPDB_OK)
			abort();	/* verify passed what a lookup calls bad */
	}
	free(img);
	return 0;
}
