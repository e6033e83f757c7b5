/*
 * cl_fmt — safe JSON and text output (see cl_fmt.h).
 */
#include "client/cl_fmt.h"

#include <stdio.h>
#include <string.h>

#include "base/sb.h"
#include "base/u8.h"

int
cl_fmt_json_str(struct sb *out, const char *s, size_t n, int raw)
{
	size_t i = 0, k;
	int32_t cp;
	int rc = sb_addc(out, '"');

	while (i < n && rc == 0) {
		char esc[16];

		k = u8_decode(s + i, n - i, &cp);
		if (cp == '"' || cp == '\\') {
			esc[0] = '\\';
			esc[1] = (char)cp;
			rc = sb_add(out, esc, 2);
		} else if (cp == '\n') {
			rc = sb_add(out, "\\n", 2);
		} else if (cp == '\t') {
			rc = sb_add(out, "\\t", 2);
		} else if (cp == '\r') {
			rc = sb_add(out, "\\r", 2);
		} else if (cp < 0) {
			rc = sb_adds(out, "\\ufffd");
		} else if (cp < 0x20 || (!raw && u8_cp_is_unsafe(cp))) {
			snprintf(esc, sizeof esc, "\\u%04x", (unsigned)cp);
			rc = sb_adds(out, esc);
		} else {
			rc = sb_add(out, s + i, k);
		}
		i += k;
	}
	return rc == 0 ? sb_addc(out, '"') : -1;
}

int
cl_fmt_text(struct sb *out, const char *s, size_t n, int raw)
{
	return raw ? sb_add(out, s, n) : u8_escape(out, s, n, 0);
}

int
cl_fmt_json_row(struct sb *b, const struct cl_logs *l, const struct cl_row *r, int raw)
{
	uint32_t i;
	int rc = sb_addc(b, '{');

	for (i = 0; i < r->n; i++) {
		const char *k = cl_row_key(l, r, i);
		size_t vn;
		const char *v = cl_row_val(r, i, &vn);

		rc |= i ? sb_addc(b, ',') : 0;
		rc |= cl_fmt_json_str(b, k, strlen(k), raw);
		rc |= sb_addc(b, ':');
		rc |= cl_fmt_json_str(b, v, vn, raw);
	}
	return rc | sb_addc(b, '}');
}

int
cl_fmt_csv_cell(struct sb *b, const char *s, size_t n, int raw)
{
	struct sb t;
	size_t i;
	int rc;

	sb_init(&t, 0);
	rc = cl_fmt_text(&t, s, n, raw);
	if (rc == 0 && t.len && strpbrk(sb_str(&t), ",\"\r\n") == NULL) {
		rc = sb_add(b, t.p, t.len);
	} else if (rc == 0) {
		rc |= sb_addc(b, '"');
		for (i = 0; i < t.len; i++)
			rc |= t.p[i] == '"' ? sb_adds(b, "\"\"") : sb_addc(b, t.p[i]);
		rc |= sb_addc(b, '"');
	}
	sb_free(&t);
	return rc;
}
