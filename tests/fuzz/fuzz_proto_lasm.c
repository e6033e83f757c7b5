/*
 * fuzz_proto_lasm — the line and entry assembly slsd's --ingest and
 * `slsx put` share (proto/lasm.h: lines, sniffing, multi-line joining,
 * Docker and CRI partial lines and stack traces) on arbitrary bytes, each entry parsed with
 * lfmt_parse_any. The first byte picks a read chunk size and whether the
 * source is "followed" (lasm_settle with a hold between chunks); without
 * a hold the entries must be the same as when the bytes come at once, and
 * every entry is at most LASM_MAX_LINE bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/sb.h"
#include "proto/lasm.h"
#include "proto/lfmt.h"
#include "proto/pb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz_lasm {
	struct sb out;
	struct pb_page *pg;
	enum lfmt fmt;
};

static int
fuzz_lasm_sniffed(void *arg, enum lfmt fmt)
{
	((struct fuzz_lasm *)arg)->fmt = fmt;
	return 0;
}

static int
fuzz_lasm_entry(void *arg, const char *s, size_t len)
{
	struct fuzz_lasm *f = arg;

	if (len > LASM_MAX_LINE)
		abort();
	lfmt_parse_any(f->fmt, s, len, 0, f->pg);
	if (f->pg->nlogs > 64) {
		pb_page_clear(f->pg);
		pb_add_group(f->pg, NULL, NULL, NULL);
	}
	/* the entry, its length first: what the comparison sees */
	if (sb_add(&f->out, (const char *)&len, sizeof len) != 0 || sb_add(&f->out, s, len) != 0)
		abort();
	return 0;
}

/* Entries of data in chunks of step bytes (hold: followed). */
static void
fuzz_lasm_run(const uint8_t *data, size_t size, size_t step, int hold, struct sb *out)
{
	struct fuzz_lasm f;
	struct lasm_cb cb = { fuzz_lasm_sniffed, fuzz_lasm_entry, &f };
	struct lasm *a;
	size_t i;
	int64_t now = 0;

	memset(&f, 0, sizeof f);
	sb_init(&f.out, 0);
	f.pg = pb_page_new();
	pb_add_group(f.pg, NULL, NULL, NULL);
	a = lasm_new(&cb);
	for (i = 0; i < size; i += step) {
		size_t k = size - i < step ? size - i : step;

		(void)lasm_feed(a, (const char *)data + i, k);
		if (hold)
			(void)lasm_settle(a, 0, now += 100 * (data[i] % 8), 500);
	}
	(void)lasm_settle(a, 1, now, 0);
	lasm_free(a);
	pb_page_free(f.pg);
	*out = f.out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sb whole, parts;
	size_t step;
	int hold;

	if (size < 1)
		return 0;
	step = (size_t)(data[0] & 0x3f) + 1;
	hold = data[0] & 0x40;
	data++;
	size--;
	fuzz_lasm_run(data, size, size ? size : 1, 0, &whole);
	fuzz_lasm_run(data, size, step, hold, &parts);
	if (!hold && (whole.len != parts.len || (whole.len && memcmp(whole.p, parts.p,
	    whole.len) != 0)))
		abort(); /* the read chunks changed the entries */
	sb_free(&whole);
	sb_free(&parts);
	return 0;
}
