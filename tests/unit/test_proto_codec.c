/*
 * test_proto_codec — LZ4 block and deflate codecs, cursors, pack_meta and
 * base64: round trips, the spec's literal-only LZ4 block, and corrupt,
 * truncated and mis-sized inputs.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/compress.h"
#include "proto/cursor.h"
#include "tests/unit/t.h"

/* Spec §5: the 52-byte LogGroupList of the GO signature test. */
static const unsigned char sample[] = { 0x0a, 0x32, 0x0a, 0x1e, 0x08, 0xf8, 0xb2, 0x93, 0x9e,
	0x05, 0x12, 0x16, 0x0a, 0x07, 'T', 'e', 's', 't', 'K', 'e', 'y', 0x12, 0x0b, 'T', 'e',
	's', 't', 'C', 'o', 'n', 't', 'e', 'n', 't', 0x1a, 0x00, 0x22, 0x0e, '1', '0', '.', '2',
	'3', '0', '.', '2', '0', '1', '.', '1', '1', '7' };

static void
test_cz_roundtrip(void)
{
	enum cz_type types[] = { CZ_NONE, CZ_LZ4, CZ_DEFLATE };
	size_t sizes[] = { 0, 1, 52, 70000 };
	unsigned i, j;

	for (i = 0; i < 3; i++) {
		for (j = 0; j < 4; j++) {
			size_t n = sizes[j], clen;
			unsigned char *in = malloc(n + 1);
			void *c, *d;

			for (size_t k = 0; k < n; k++)
				in[k] = (unsigned char)(k % 7 == 0 ? k : 'a' + k % 5);
			T_REQUIRE(cz_compress(types[i], in, n, &c, &clen) == 0);
			T_CHECK(cz_decompress(types[i], c, clen, n, 1 << 20, &d) == 0);
			T_CHECK(d != NULL && memcmp(d, in, n) == 0);
			free(d);
			/* wrong declared raw size */
			if (n > 0)
				T_CHECK(cz_decompress(types[i], c, clen, n + 1, 1 << 20, &d) == -1);
			if (n > 1)
				T_CHECK(cz_decompress(types[i], c, clen, n - 1, 1 << 20, &d) == -1);
			/* over the cap */
			if (n > 10)
				T_CHECK(cz_decompress(types[i], c, clen, n, 10, &d) == -1);
			free(c);
			free(in);
		}
	}
}

static void
test_cz_literal_only_block(void)
{
	unsigned char blk[54];
	void *d;

	blk[0] = 0xf0;
	blk[1] = 0x25; /* 15 + 37 = 52 literals */
	memcpy(blk + 2, sample, 52);
	T_REQUIRE(cz_decompress(CZ_LZ4, blk, sizeof blk, 52, 1 << 20, &d) == 0);
	T_EQ_MEM(d, sample, 52);
	free(d);
	/* truncated */
	T_CHECK(cz_decompress(CZ_LZ4, blk, 30, 52, 1 << 20, &d) == -1);
}

static void
test_cz_corrupt(void)
{
	unsigned char junk[64];
	void *c, *d;
	size_t clen;
	unsigned char big[4096];

	memset(junk, 0xff, sizeof junk);
	T_CHECK(cz_decompress(CZ_LZ4, junk, sizeof junk, 1000, 1 << 20, &d) == -1);
	T_CHECK(cz_decompress(CZ_DEFLATE, junk, sizeof junk, 1000, 1 << 20, &d) == -1);
	memset(big, 'x', sizeof big);
	T_REQUIRE(cz_compress(CZ_DEFLATE, big, sizeof big, &c, &clen) == 0);
	T_CHECK(cz_decompress(CZ_DEFLATE, c, clen / 2, sizeof big, 1 << 20, &d) == -1);
	((unsigned char *)c)[clen - 1] ^= 0x55; /* adler32 */
	T_CHECK(cz_decompress(CZ_DEFLATE, c, clen, sizeof big, 1 << 20, &d) == -1);
	free(c);
	T_CHECK(cz_decompress(CZ_UNKNOWN, big, 10, 10, 1 << 20, &d) == -1);
	/* an lz4 body declared empty must be empty or the single 0x00 token */
	T_CHECK(cz_decompress(CZ_LZ4, "\x00", 1, 0, 1 << 20, &d) == 0);
	free(d);
	T_CHECK(cz_decompress(CZ_LZ4, "\x41", 1, 0, 1 << 20, &d) == -1);
	/* trailing garbage after a complete zlib stream */
	T_REQUIRE(cz_compress(CZ_DEFLATE, big, 100, &c, &clen) == 0);
	{
		unsigned char *t = malloc(clen + 3);

		memcpy(t, c, clen);
		memcpy(t + clen, "xyz", 3);
		T_CHECK(cz_decompress(CZ_DEFLATE, t, clen, 100, 1 << 20, &d) == 0);
		free(d);
		T_CHECK(cz_decompress(CZ_DEFLATE, t, clen + 3, 100, 1 << 20, &d) == -1);
		free(t);
	}
	free(c);
}

static void
test_cz_names(void)
{
	T_EQ_INT(cz_parse("lz4"), CZ_LZ4);
	T_EQ_INT(cz_parse("LZ4"), CZ_LZ4);
	T_EQ_INT(cz_parse("deflate"), CZ_DEFLATE);
	T_EQ_INT(cz_parse(""), CZ_NONE);
	T_EQ_INT(cz_parse(NULL), CZ_NONE);
	T_EQ_INT(cz_parse("zstd"), CZ_ZSTD);
	T_EQ_INT(cz_parse("ZSTD"), CZ_ZSTD);
	T_EQ_INT(cz_parse("snappy"), CZ_UNKNOWN);
	T_EQ_INT(cz_parse("zstd "), CZ_UNKNOWN);
	T_EQ_STR(cz_name(cz_parse("zstd")), "zstd");
	T_EQ_STR(cz_name(CZ_LZ4), "lz4");
	T_EQ_STR(cz_name(CZ_NONE), "");
}

static void
test_cursor(void)
{
	char c[CURSOR_MAX];
	int64_t v;

	cursor_encode(1559285112875462471LL, c);
	T_EQ_STR(c, "MTU1OTI4NTExMjg3NTQ2MjQ3MQ==");
	T_CHECK(cursor_decode("MTU1OTI4NTExMjg3NTQ2MjQ3MQ==", &v) == 0);
	T_EQ_INT(v, 1559285112875462471LL);
	T_CHECK(cursor_decode("MTcwNDA2NzIwMDAwMDAwMDAwMA==", &v) == 0);
	T_EQ_INT(v, 1704067200000000000LL);
	cursor_encode(0, c);
	T_CHECK(cursor_decode(c, &v) == 0 && v == 0);
	T_CHECK(cursor_decode("", &v) == -1);
	T_CHECK(cursor_decode("not-base64!", &v) == -1);
	T_CHECK(cursor_decode("YWJj", &v) == -1);   /* "abc" */
	T_CHECK(cursor_decode("MTJh", &v) == -1);   /* "12a" */
	T_CHECK(cursor_decode("OTk5OTk5OTk5OTk5OTk5OTk5OTk5", &v) == -1); /* overflow */
	T_CHECK(cursor_decode("MTI=MTI=", &v) == -1);
}

static void
test_pack_meta(void)
{
	struct pack_meta m = { 2, 1655705538691640952LL, 3, 0 }, o;
	char buf[128];

	pack_meta_encode(&m, buf, sizeof buf);
	T_EQ_STR(buf, "2|MTY1NTcwNTUzODY5MTY0MDk1Mg==|3|0");
	T_CHECK(pack_meta_decode(buf, &o) == 0);
	T_EQ_INT(o.shard, 2);
	T_EQ_INT(o.cursor, 1655705538691640952LL);
	T_EQ_INT(o.count, 3);
	T_EQ_INT(o.index, 0);
	T_CHECK(pack_meta_decode("0|MTU1OTI4NTExMjg3NTQ2MjQ3MQ==|2|1", &o) == 0);
	T_CHECK(pack_meta_decode("0|MTU1OTI4NTExMjg3NTQ2MjQ3MQ==|2|2", &o) == -1);
	T_CHECK(pack_meta_decode("0|MTU1OTI4NTExMjg3NTQ2MjQ3MQ==|2", &o) == -1);
	T_CHECK(pack_meta_decode("x|MTU1OTI4NTExMjg3NTQ2MjQ3MQ==|2|1", &o) == -1);
	T_CHECK(pack_meta_decode("0|bad|2|1", &o) == -1);
	T_CHECK(pack_meta_decode("0|MTU1OTI4NTExMjg3NTQ2MjQ3MQ==|2|1|9", &o) == -1);
	T_CHECK(pack_meta_decode("", &o) == -1);
	T_CHECK(pack_meta_decode(NULL, &o) == -1);
}

#define T_LIST(X)                                                                      \
	X(test_cz_roundtrip) X(test_cz_literal_only_block) X(test_cz_corrupt) X(test_cz_names) \
	X(test_cursor) X(test_pack_meta)
T_MAIN(T_LIST)
