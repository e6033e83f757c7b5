/*
 * varint — protobuf base-128 varints, the one copy: the PullLogs decoder
 * and the PutLogs encoder (proto/pb), the wire writer (proto/pbw) and
 * slsd's packed records all use it. Inline: the decoder reads hundreds
 * of millions of them a second.
 */
#ifndef SLSX_BASE_VARINT_H
#define SLSX_BASE_VARINT_H

#include <stddef.h>
#include <stdint.h>

#define VARINT_MAX 10 /* bytes of the longest varint (a full uint64) */

/* Bytes of v's encoding. */
static inline size_t
varint_len(uint64_t v)
{
	size_t n = 1;

	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

/* Write v at w (room for varint_len(v) bytes); returns the end. */
static inline uint8_t *
varint_put(uint8_t *w, uint64_t v)
{
	while (v >= 0x80) {
		*w++ = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	*w++ = (uint8_t)v;
	return w;
}

/* Read a varint from [p, end); the byte after it, or NULL when it is
 * truncated or longer than VARINT_MAX bytes. */
static inline const uint8_t *
varint_get(const uint8_t *p, const uint8_t *end, uint64_t *v)
{
	uint64_t x;
	unsigned shift;

	if (p < end && *p < 0x80) {
		*v = *p;
		return p + 1;
	}
	x = 0;
	for (shift = 0; shift < 7 * VARINT_MAX && p < end; shift += 7) {
		uint8_t b = *p++;

		x |= (uint64_t)(b & 0x7f) << shift;
		if (b < 0x80) {
			*v = x;
			return p;
		}
	}
	return NULL;
}

/* Read a varint the program wrote itself (no bound, no check); returns
 * the byte after it. */
static inline const uint8_t *
varint_get_trusted(const uint8_t *p, uint64_t *v)
{
	uint64_t r = 0;
	unsigned shift = 0;

	while (*p & 0x80) {
		r |= (uint64_t)(*p++ & 0x7f) << shift;
		shift += 7;
	}
	*v = r | ((uint64_t)*p++ << shift);
	return p;
}

#endif
