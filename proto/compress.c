/*
 * compress — LZ4 block, deflate (zlib) and zstd body codecs (see compress.h).
 */
#include "proto/compress.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <lz4.h>
#include <zlib.h>
#include <zstd.h>

#include "base/xalloc.h"

enum cz_type
cz_parse(const char *name)
{
	if (name == NULL || *name == '\0')
		return CZ_NONE;
	if (strcasecmp(name, "lz4") == 0)
		return CZ_LZ4;
	if (strcasecmp(name, "deflate") == 0)
		return CZ_DEFLATE;
	if (strcasecmp(name, "zstd") == 0)
		return CZ_ZSTD;
	return CZ_UNKNOWN;
}

const char *
cz_name(enum cz_type t)
{
	switch (t) {
	case CZ_LZ4:
		return "lz4";
	case CZ_DEFLATE:
		return "deflate";
	case CZ_ZSTD:
		return "zstd";
	default:
		return "";
	}
}

static int
cz_zstd_compress(const void *in, size_t n, void **out, size_t *outlen)
{
	size_t bound = ZSTD_compressBound(n), got;
	char *buf = xmalloc(bound + 1);

	got = ZSTD_compress(buf, bound, in, n, 1);
	if (ZSTD_isError(got)) {
		free(buf);
		return -1;
	}
	*out = buf;
	*outlen = got;
	return 0;
}

int
cz_compress(enum cz_type t, const void *in, size_t n, void **out, size_t *outlen)
{
	*out = NULL;
	*outlen = 0;
	if (n > INT_MAX)
		return -1;
	if (t == CZ_NONE) {
		*out = xmemdup(in, n);
		*outlen = n;
		return 0;
	}
	if (t == CZ_LZ4) {
		int bound = LZ4_compressBound((int)n), got;
		char *buf = xmalloc((size_t)bound + 1);

		got = LZ4_compress_default(in, buf, (int)n, bound);
		if (got <= 0 && n > 0) {
			free(buf);
			return -1;
		}
		*out = buf;
		*outlen = (size_t)got;
		return 0;
	}
	if (t == CZ_DEFLATE) {
		uLongf len = compressBound((uLong)n);
		unsigned char *buf = xmalloc(len + 1);

		if (compress2(buf, &len, in, (uLong)n, Z_DEFAULT_COMPRESSION) != Z_OK) {
			free(buf);
			return -1;
		}
		*out = buf;
		*outlen = len;
		return 0;
	}
	if (t == CZ_ZSTD)
		return cz_zstd_compress(in, n, out, outlen);
	return -1;
}

int
cz_decompress_into(enum cz_type t, const void *in, size_t n, void *out, size_t raw_size)
{
	if (t == CZ_NONE) {
		if (n != raw_size)
			return -1;
		if (n)
			memcpy(out, in, n);
		return 0;
	}
	if (t == CZ_LZ4) {
		int got;

		if (n > INT_MAX || raw_size > INT_MAX)
			return -1;
		if (raw_size == 0) /* nothing, or the empty block: one 0x00 token */
			return n == 0 || (n == 1 && ((const unsigned char *)in)[0] == 0) ? 0 : -1;
		got = LZ4_decompress_safe(in, out, (int)n, (int)raw_size);
		return got == (int)raw_size ? 0 : -1;
	}
	if (t == CZ_DEFLATE) {
		z_stream zs;
		int zrc;

		if (n > UINT_MAX || raw_size > UINT_MAX)
			return -1;
		memset(&zs, 0, sizeof zs);
		if (inflateInit(&zs) != Z_OK)
			return -1;
		zs.next_in = (Bytef *)(uintptr_t)in;
		zs.avail_in = (uInt)n;
		zs.next_out = out;
		zs.avail_out = (uInt)raw_size;
		zrc = inflate(&zs, Z_FINISH);
		inflateEnd(&zs);
		/* trailing bytes after the stream are corruption too */
		return zrc == Z_STREAM_END && zs.total_out == raw_size && zs.avail_in == 0 ? 0 : -1;
	}
	if (t == CZ_ZSTD) {
		/* one frame that decodes to exactly raw_size bytes, nothing after */
		size_t got = ZSTD_decompress(out, raw_size, in, n);

		return !ZSTD_isError(got) && got == raw_size ? 0 : -1;
	}
	return -1;
}

int
cz_decompress(enum cz_type t, const void *in, size_t n, size_t raw_size, size_t max,
    void **out)
{
	char *buf;

	*out = NULL;
	if (raw_size > max)
		return -1;
	buf = xmalloc(raw_size + 1);
	if (cz_decompress_into(t, in, n, buf, raw_size) != 0) {
		free(buf);
		return -1;
	}
	buf[raw_size] = '\0';
	*out = buf;
	return 0;
}
