/*
 * cli_out — safe JSON and text output (see cli_out.h).
 */
#include "tui/cli_out.h"

#include <stdio.h>

#include "base/sb.h"
#include "base/u8.h"

int
cli_json_str(struct sb *out, const char *s, size_t n, int raw)
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
cli_text(struct sb *out, const char *s, size_t n, int raw)
{
	return raw ? sb_add(out, s, n) : u8_escape(out, s, n, 0);
}
