/*
 * sq_json — JSON text helpers for the query engine's replies: strings that
 * stay valid JSON whatever bytes a log holds (each invalid UTF-8 byte
 * becomes U+FFFD, a NUL \u0000), optionally pure ASCII for header values.
 */
#include <string.h>

#include "base/sb.h"
#include "base/u8.h"
#include "sq/sq_int.h"

static int
sq_json_u(struct sb *out, unsigned cp)
{
	if (cp >= 0x10000) {
		cp -= 0x10000;
		return sb_addf(out, "\\u%04x\\u%04x", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
	}
	return sb_addf(out, "\\u%04x", cp);
}

int
sq_json_str(struct sb *out, const char *s, size_t n, int ascii)
{
	char *w;
	size_t i = 0;

	if (sb_addc(out, '"') != 0)
		return -1;
	while (i < n) {
		size_t run = i;

		/* fast path: plain printable ASCII */
		while (run < n && (unsigned char)s[run] >= 0x20 && (unsigned char)s[run] < 0x80 &&
		    s[run] != '"' && s[run] != '\\')
			run++;
		if (run > i) {
			if ((w = sb_reserve(out, run - i)) == NULL)
				return -1;
			memcpy(w, s + i, run - i);
			sb_setlen(out, out->len + (run - i));
			i = run;
			continue;
		}
		unsigned char c = (unsigned char)s[i];
		int rc;

		if (c == '"' || c == '\\') {
			rc = sb_addc(out, '\\') | sb_addc(out, (char)c);
			i++;
		} else if (c < 0x20) {
			rc = c == '\n' ? sb_add(out, "\\n", 2) : c == '\t' ? sb_add(out, "\\t", 2) :
			    c == '\r' ? sb_add(out, "\\r", 2) : sq_json_u(out, c);
			i++;
		} else {
			int32_t cp;
			size_t k = u8_decode(s + i, n - i, &cp);

			if (k == 0 || cp < 0) {
				/* an invalid byte is U+FFFD, as the service answers */
				rc = ascii ? sq_json_u(out, 0xFFFD) : sb_add(out, "\xef\xbf\xbd", 3);
				i++;
			} else if (ascii) {
				rc = sq_json_u(out, (unsigned)cp);
				i += k;
			} else {
				rc = sb_add(out, s + i, k);
				i += k;
			}
		}
		if (rc != 0)
			return -1;
	}
	return sb_addc(out, '"');
}
