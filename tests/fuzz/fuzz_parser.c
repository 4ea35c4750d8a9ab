/* SPDX-License-Identifier: MIT */
/* libFuzzer target for one source parser, chosen at build time with
 * -DFUZZ_PARSER=src_xml_read (or src_csv_read, src_text_read,
 * src_services_read).  Beyond "no crash, no leak, no undefined
 * behaviour", it holds the parser to what `ianaports compile` relies on:
 * an error is one line naming the file, and whatever parses builds into a
 * database the reader accepts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ipdb.h"
#include "ipdb_write.h"
#include "model.h"
#include "source.h"

#ifndef FUZZ_PARSER
#error "build with -DFUZZ_PARSER=src_..._read"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct src_ctx ctx;
	struct model m;
	struct ipdb db;
	unsigned char *img;
	size_t len;

	model_init(&m);
	memset(&ctx, 0, sizeof(ctx));
	ctx.path = "fuzz-input";
	ctx.model = &m;
	ctx.quiet = 1;
	/* libFuzzer's buffer is exactly SIZE bytes, with no terminator
	   after it: a parser reading past LEN trips AddressSanitizer. */
	if (FUZZ_PARSER(&ctx, (const char *)data, size) < 0) {
		if (strncmp(ctx.error, "fuzz-input:", 11) ||
		    strchr(ctx.error, '\n'))
			abort();	/* one line, naming the file */
	} else if (model_build(&m) == 0 && ipdb_build(&m, &img, &len) == 0) {
		if (ipdb_parse(&db, img, len, IPDB_VERIFY) != IPDB_OK)
			abort();	/* compile would refuse to write it */
		free(img);
	}
	model_free(&m);
	return 0;
}
