/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the XML read in two halves on two threads
 * (src_xml_read_split, which `ianaports compile` uses for a big file)
 * against one parser over the same bytes (src_xml_read_serial).  Whatever
 * the input, the two must agree: the same result, error, warning count
 * and date, and the same database, byte for byte.  The split needs no
 * size here: small inputs are cut at the same place in percent.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ipdb.h"
#include "ipdb_write.h"
#include "model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct outcome {
	struct model m;
	struct src_ctx ctx;
	int rc;
	unsigned char *img;	/* the database, when it parsed */
	size_t len;
};

static void
read_with(struct outcome *o, int (*parse)(struct src_ctx *, const char *,
    size_t), const uint8_t *data, size_t size)
{
	memset(o, 0, sizeof(*o));
	model_init(&o->m);
	o->ctx.path = "fuzz-input";
	o->ctx.model = &o->m;
	o->ctx.quiet = 1;
	o->rc = parse(&o->ctx, (const char *)data, size);
	if (o->rc == 0 && (model_build(&o->m) < 0 ||
	    ipdb_build(&o->m, &o->img, &o->len) < 0))
		o->img = NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct outcome one, two;

	read_with(&one, src_xml_read_serial, data, size);
	read_with(&two, src_xml_read_split, data, size);
	if (one.rc != two.rc || strcmp(one.ctx.error, two.ctx.error) ||
	    one.ctx.warnings != two.ctx.warnings ||
	    one.ctx.date != two.ctx.date ||
	    one.m.nrecords != two.m.nrecords ||
	    one.m.skipped != two.m.skipped ||
	    !one.img != !two.img || one.len != two.len ||
	    (one.img && memcmp(one.img, two.img, one.len)))
		abort();	/* the halves told another story */
	free(one.img);
	free(two.img);
	model_free(&one.m);
	model_free(&two.m);
	return 0;
}
