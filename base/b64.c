/*
 * b64 — base64 encode and strict decode (see b64.h).
 */
#include "base/b64.h"

#include <stdint.h>

static const char b64_abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t
b64_encode(const void *in, size_t n, char *out, size_t outlen)
{
	const unsigned char *p = in;
	size_t i, o = 0;

	if (n > 0x3fffffff || outlen < 4 * ((n + 2) / 3) + 1)
		return 0;
	for (i = 0; i + 2 < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];

		out[o++] = b64_abc[v >> 18];
		out[o++] = b64_abc[(v >> 12) & 63];
		out[o++] = b64_abc[(v >> 6) & 63];
		out[o++] = b64_abc[v & 63];
	}
	if (i < n) {
		uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0);

		out[o++] = b64_abc[v >> 18];
		out[o++] = b64_abc[(v >> 12) & 63];
		out[o++] = i + 1 < n ? b64_abc[(v >> 6) & 63] : '=';
		out[o++] = '=';
	}
	out[o] = '\0';
	return o;
}

/* The value of one base64 character, or -1. */
static int
b64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

long
b64_decode(const char *in, size_t n, void *out, size_t outlen)
{
	unsigned char *w = out;
	size_t i, o = 0, pad = 0;

	if (n % 4 != 0 || n > 0x3fffffff)
		return -1;
	if (n >= 1 && in[n - 1] == '=')
		pad = n >= 2 && in[n - 2] == '=' ? 2 : 1;
	if (n / 4 * 3 - pad > outlen)
		return -1;
	for (i = 0; i < n; i += 4) {
		uint32_t v = 0;
		int k;

		for (k = 0; k < 4; k++) {
			int d = b64_value(in[i + k]);

			if (d < 0 && !(in[i + k] == '=' && i + k >= n - pad))
				return -1;
			v = v << 6 | (uint32_t)(d < 0 ? 0 : d);
		}
		w[o++] = (unsigned char)(v >> 16);
		if (i + 4 < n || pad < 2)
			w[o++] = (unsigned char)(v >> 8);
		if (i + 4 < n || pad < 1)
			w[o++] = (unsigned char)v;
	}
	return (long)o;
}
