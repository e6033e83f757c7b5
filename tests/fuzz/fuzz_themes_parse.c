/*
 * fuzz_themes_parse — the theme file parser on arbitrary bytes: no crash,
 * and whatever it accepted formats and parses back to the same theme.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/sb.h"
#include "themes/theme.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct theme t, u;
	struct sb b;
	char err[256];

	theme_builtin("dark", &t);
	(void)theme_parse((const char *)data, size, &t, err, sizeof err);
	sb_init(&b, 0);
	if (theme_format(&t, &b) == 0) {
		theme_builtin("mono", &u);
		if (theme_parse(b.p, b.len, &u, err, sizeof err) != 0 ||
		    !theme_same_styles(&t, &u))
			abort();
	}
	sb_free(&b);
	return 0;
}
