/*
 * fuzz_base_tparse — time expressions, lengths of time and UTF-8 escaping on arbitrary
 * bytes: no crash, escaped output never holds a raw control byte.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/sb.h"
#include "base/tparse.h"
#include "base/u8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), err[160];
	struct sb b;
	time_t t;
	int64_t span;
	size_t i;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	(void)tparse(s, 1704110400, &t, err, sizeof err);
	if (tparse_span(s, &span, err, sizeof err) == 0 && span <= 0)
		abort();
	sb_init(&b, 0);
	if (u8_escape(&b, (const char *)data, size, 0) == 0) {
		for (i = 0; i < b.len; i++)
			if ((unsigned char)b.p[i] < 0x20 || (unsigned char)b.p[i] == 0x7f)
				abort();
		/* the escaped text is valid UTF-8, and drawn as it is it takes the
		 * columns u8_width promised for the input */
		size_t cols = 0;

		(void)u8_prefix_for_cols(b.p, b.len, (size_t)-1, &cols);
		if (!u8_valid(b.p, b.len) || cols != u8_width((const char *)data, size))
			abort();
	}
	sb_free(&b);
	free(s);
	return 0;
}
