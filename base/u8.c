/*
 * u8 — UTF-8 helpers and terminal-safe escaping (see u8.h).
 */
#include "u8.h"

#include <stdio.h>
#include <wchar.h>

#include "sb.h"

size_t
u8_decode(const char *str, size_t n, int32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	int32_t c;
	size_t len, i;

	if (n == 0) {
		*cp = -1;
		return 0;
	}
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		*cp = -1;
		return 1;
	}
	if (n < len) {
		*cp = -1;
		return 1;
	}
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*cp = -1;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff)) {
		*cp = -1;
		return 1;
	}
	*cp = c;
	return len;
}

int
u8_cp_is_unsafe(int32_t cp)
{
	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
		return 1;
	if (cp == 0x061c || cp == 0x200e || cp == 0x200f || cp == 0x2028 || cp == 0x2029)
		return 1;
	if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
		return 1;
	return 0;
}

int
u8_cp_width(int32_t cp)
{
	int w;

	if (cp < 0 || u8_cp_is_unsafe(cp))
		return -1;
	if (cp < 0x7f)
		return 1;
	/* Emoji presentation blocks: terminals draw these two cells wide even
	 * where an older libc says 1. */
	if ((cp >= 0x1f300 && cp <= 0x1f64f) || (cp >= 0x1f900 && cp <= 0x1f9ff))
		return 2;
	w = wcwidth((wchar_t)cp);
	if (w < 0) {
		/* wcwidth needs a UTF-8 locale; without one, fall back to the
		 * common wide ranges so widths stay right in the C locale. */
		if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
		    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
		    (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
		    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd))
			return 2;
		if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200d))
			return 0;
		return 1;
	}
	return w;
}

/* Escape text for one unsafe code point (or an invalid byte when cp < 0). */
static int
u8_escape_one(struct sb *out, int32_t cp, unsigned char byte)
{
	char tmp[16];

	if (cp < 0)
		snprintf(tmp, sizeof tmp, "\\x%02x", byte);
	else if (cp == 0x1b)
		snprintf(tmp, sizeof tmp, "\\e");
	else if (cp == '\r')
		snprintf(tmp, sizeof tmp, "\\r");
	else if (cp == '\n')
		snprintf(tmp, sizeof tmp, "\\n");
	else if (cp == '\t')
		snprintf(tmp, sizeof tmp, "\\t");
	else if (cp < 0x100)
		snprintf(tmp, sizeof tmp, "\\x%02x", (unsigned)cp);
	else
		snprintf(tmp, sizeof tmp, "\\u%04x", (unsigned)cp);
	return sb_adds(out, tmp);
}

int
u8_escape(struct sb *out, const char *s, size_t n, int keep_nl)
{
	size_t i = 0, k;
	int32_t cp;

	while (i < n) {
		k = u8_decode(s + i, n - i, &cp);
		if (keep_nl && (cp == '\n' || cp == '\t')) {
			if (sb_addc(out, (char)cp) != 0)
				return -1;
		} else if (cp == '\\') {
			if (sb_add(out, "\\\\", 2) != 0)
				return -1;
		} else if (cp < 0 || u8_cp_width(cp) < 0) {
			if (u8_escape_one(out, cp, (unsigned char)s[i]) != 0)
				return -1;
		} else if (sb_add(out, s + i, k) != 0) {
			return -1;
		}
		i += k;
	}
	return 0;
}

size_t
u8_width(const char *s, size_t n)
{
	size_t i = 0, k, cols = 0;
	int32_t cp;
	int w;

	while (i < n) {
		k = u8_decode(s + i, n - i, &cp);
		w = u8_cp_width(cp);
		if (cp == '\\')
			cols += 2;
		else if (w >= 0)
			cols += (size_t)w;
		else if (cp == 0x1b || cp == '\r' || cp == '\n' || cp == '\t')
			cols += 2; /* \e \r \n \t */
		else if (cp < 0x100)
			cols += 4; /* \xNN */
		else
			cols += 6; /* \uNNNN */
		i += k;
	}
	return cols;
}

size_t
u8_prefix_for_cols(const char *s, size_t n, size_t cols, size_t *used)
{
	size_t i = 0, k, c = 0;
	int32_t cp;
	int w;

	while (i < n) {
		k = u8_decode(s + i, n - i, &cp);
		w = u8_cp_width(cp);
		if (w < 0)
			w = 1;
		if (c + (size_t)w > cols)
			break;
		c += (size_t)w;
		i += k;
	}
	if (used)
		*used = c;
	return i;
}

int
u8_valid(const char *s, size_t n)
{
	size_t i = 0, k;
	int32_t cp;

	while (i < n) {
		k = u8_decode(s + i, n - i, &cp);
		if (cp < 0)
			return 0;
		i += k;
	}
	return 1;
}
