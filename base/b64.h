/*
 * b64 — base64 (standard alphabet, padded), the one copy: shard cursors,
 * v1 signatures and the OSC 52 clipboard all use it.
 */
#ifndef SLSX_BASE_B64_H
#define SLSX_BASE_B64_H

#include <stddef.h>

/* Encode n bytes into out, NUL-terminated; the length written, or 0 when
 * out (at least 4 * ((n + 2) / 3) + 1 bytes) is too small. */
size_t b64_encode(const void *in, size_t n, char *out, size_t outlen);
/* Decode exactly n characters (a multiple of 4, padding only at the end);
 * the bytes written, or -1 when the text is not base64 or out is too
 * small. */
long b64_decode(const char *in, size_t n, void *out, size_t outlen);

#endif
