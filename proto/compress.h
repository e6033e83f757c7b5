/*
 * compress — the body codecs of the SLS protocol: raw LZ4 *block* (no frame,
 * no size prefix; the raw size travels in x-log-bodyrawsize), deflate
 * (a zlib stream, RFC 1950) and zstd (one zstd frame, as the GO and JAVA
 * SDKs read and write it). Spec §2.1, §4.8, §4.14.
 */
#ifndef SLSX_PROTO_COMPRESS_H
#define SLSX_PROTO_COMPRESS_H

#include <stddef.h>

enum cz_type { CZ_NONE, CZ_LZ4, CZ_DEFLATE, CZ_ZSTD, CZ_UNKNOWN };

/* "lz4" -> CZ_LZ4, "deflate" -> CZ_DEFLATE, "zstd" -> CZ_ZSTD (any case),
 * NULL/"" -> CZ_NONE; anything else CZ_UNKNOWN. */
enum cz_type cz_parse(const char *name);
const char *cz_name(enum cz_type t); /* "" for CZ_NONE */

/* Compress n bytes into a new malloc'd buffer (*out, *outlen). 0 ok, -1
 * error. */
int cz_compress(enum cz_type t, const void *in, size_t n, void **out, size_t *outlen);
/* Decompress into exactly raw_size bytes (the declared x-log-bodyrawsize);
 * -1 when the data is corrupt, truncated or does not produce exactly
 * raw_size bytes, or raw_size exceeds max. *out is malloc'd (raw_size + 1
 * bytes, NUL-terminated for JSON bodies). */
int cz_decompress(enum cz_type t, const void *in, size_t n, size_t raw_size, size_t max,
    void **out);
/* Same into a caller buffer of exactly raw_size bytes. */
int cz_decompress_into(enum cz_type t, const void *in, size_t n, void *out, size_t raw_size);

#endif
