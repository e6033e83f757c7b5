/*
 * fuzz_proto_pb_lz4 — a PullLogs body as a client receives it.
 *
 * Input: 4 bytes little-endian declared raw size (x-log-bodyrawsize), then
 * an LZ4 block. The block is decompressed (capped at 4 MiB) and the result
 * decoded as a LogGroupList; the whole input is also decoded directly as a
 * LogGroupList and as a LogGroup. Decoded pages are re-encoded and decoded
 * again: the second decode must succeed with the same counts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/sb.h"
#include "proto/compress.h"
#include "proto/pb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Decode buf; when it decodes, check that encode + decode round-trips. */
static void
fuzz_pb_check(const uint8_t *buf, size_t n, int list)
{
	struct pb_page *pg = pb_page_new(), *again;
	struct pb_err err;
	struct sb b;
	int rc = list ? pb_decode_list(pg, buf, n, &err) : pb_decode_group(pg, buf, n, &err);

	if (rc != 0) {
		if (err.msg[0] == '\0' || err.offset > n || pg->ngroups != 0)
			abort();
		pb_page_free(pg);
		return;
	}
	sb_init(&b, 0);
	if (pb_encode_list(pg, &b) != 0)
		abort();
	again = pb_page_new();
	if (pb_decode_list(again, b.p ? b.p : "", b.len, &err) != 0 ||
	    again->ngroups != pg->ngroups || again->nlogs != pg->nlogs ||
	    again->nfields != pg->nfields || again->ntags != pg->ntags ||
	    again->nkeys > pg->nkeys || again->blob_len > pg->blob_len)
		abort();
	sb_free(&b);
	pb_page_free(again);
	pb_page_free(pg);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t raw;
	void *out = NULL;

	fuzz_pb_check(data, size, 1);
	fuzz_pb_check(data, size, 0);
	if (size < 4)
		return 0;
	raw = (uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 |
	    (uint32_t)data[3] << 24;
	if (cz_decompress(CZ_LZ4, data + 4, size - 4, raw, (size_t)4 << 20, &out) == 0) {
		fuzz_pb_check(out, raw, 1);
		free(out);
	}
	return 0;
}
