/*
 * fuzz_base_ini — INI text of any bytes: no crash, no overflow, and every
 * key and value handed out is trimmed and free of newlines.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/ini.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(void *ud, const char *k, const char *v)
{
	const char *s[2] = { k, v };
	int i;

	(void)ud;
	for (i = 0; i < 2; i++) {
		size_t n = strlen(s[i]);

		if (strchr(s[i], '\n') || n >= 4096 ||
		    (n && (isspace((unsigned char)s[i][0]) || isspace((unsigned char)s[i][n - 1]))))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void)ini_parse((const char *)data, size, "main", check, NULL);
	(void)ini_parse((const char *)data, size, "", check, NULL);
	(void)ini_list((const char *)data, size, check, NULL);
	return 0;
}
