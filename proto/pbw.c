/*
 * pbw — protobuf wire-format writing helpers (see pbw.h).
 */
#include "proto/pbw.h"

#include "base/sb.h"
#include "base/varint.h"

int
pbw_varint(struct sb *b, uint64_t v)
{
	uint8_t buf[VARINT_MAX];

	return sb_add(b, buf, (size_t)(varint_put(buf, v) - buf));
}

int
pbw_bytes(struct sb *b, unsigned field, const void *p, size_t n)
{
	if (pbw_varint(b, ((uint64_t)field << 3) | 2) != 0 || pbw_varint(b, n) != 0)
		return -1;
	return sb_add(b, p, n);
}

int
pbw_group_tag(struct sb *b, const char *key, const char *value)
{
	size_t kl = 0, vl = 0, inner;

	while (key[kl])
		kl++;
	while (value[vl])
		vl++;
	inner = 1 + varint_len(kl) + kl + 1 + varint_len(vl) + vl;
	if (pbw_varint(b, (6 << 3) | 2) != 0 || pbw_varint(b, inner) != 0)
		return -1;
	if (pbw_bytes(b, 1, key, kl) != 0 || pbw_bytes(b, 2, value, vl) != 0)
		return -1;
	return 0;
}

int
pbw_list_group(struct sb *b, const void *group, size_t n)
{
	return pbw_bytes(b, 1, group, n);
}

int
pbw_group_log(struct sb *b, uint32_t time, int has_ns, uint32_t ns, size_t n,
    const char *const *keys, const size_t *klens, const char *const *vals,
    const size_t *vlens)
{
	size_t i, inner = 1 + varint_len(time) + (has_ns ? 5 : 0);
	unsigned char nsb[5];

	for (i = 0; i < n; i++) {
		size_t c = 1 + varint_len(klens[i]) + klens[i] + 1 +
		    varint_len(vlens[i]) + vlens[i];

		inner += 1 + varint_len(c) + c;
	}
	if (pbw_varint(b, (1 << 3) | 2) != 0 || pbw_varint(b, inner) != 0 ||
	    pbw_varint(b, 1 << 3) != 0 || pbw_varint(b, time) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		size_t c = 1 + varint_len(klens[i]) + klens[i] + 1 +
		    varint_len(vlens[i]) + vlens[i];

		if (pbw_varint(b, (2 << 3) | 2) != 0 || pbw_varint(b, c) != 0 ||
		    pbw_bytes(b, 1, keys[i], klens[i]) != 0 ||
		    pbw_bytes(b, 2, vals[i], vlens[i]) != 0)
			return -1;
	}
	if (has_ns) {
		nsb[0] = (4 << 3) | 5;
		nsb[1] = (unsigned char)(ns & 0xff);
		nsb[2] = (unsigned char)((ns >> 8) & 0xff);
		nsb[3] = (unsigned char)((ns >> 16) & 0xff);
		nsb[4] = (unsigned char)((ns >> 24) & 0xff);
		if (sb_add(b, nsb, 5) != 0)
			return -1;
	}
	return 0;
}

size_t
pbw_read_varint(const unsigned char *p, size_t n, uint64_t *v)
{
	const uint8_t *end = varint_get(p, p + n, v);

	return end ? (size_t)(end - p) : 0;
}
