/*
 * fuzz_cli_demo — slsd's stdout lines of any bytes into slsx's load
 * table (demo_load_line): no crash, no overflow, and the table stays
 * sound: at most DEMO_MAX_FILES files, each named (no space), its bytes
 * never past its total, and the sum the UI shows never negative.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/demo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(const struct demo_load *l)
{
	long long b, t, n, ms;
	int failed, i;

	if (l->n < 0 || l->n > DEMO_MAX_FILES)
		abort();
	for (i = 0; i < l->n; i++)
		if (l->f[i].logstore[0] == '\0' || strchr(l->f[i].logstore, ' ') ||
		    l->f[i].bytes < 0 || l->f[i].bytes > l->f[i].total)
			abort();
	(void)demo_load_sum(l, &b, &t, &n, &ms, &failed);
	if (b < 0 || b > t || n < 0 || ms < 0 || b > LLONG_MAX / 100)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct demo_load l;
	char line[512];
	size_t at = 0;

	memset(&l, 0, sizeof l);
	while (at < size) {
		const uint8_t *nl = memchr(data + at, '\n', size - at);
		size_t len = nl ? (size_t)(nl - (data + at)) : size - at;

		if (len >= sizeof line)
			len = sizeof line - 1;
		memcpy(line, data + at, len);
		line[len] = '\0';
		(void)demo_load_line(&l, line);
		check(&l);
		at += (nl ? (size_t)(nl - (data + at)) : size - at) + 1;
	}
	return 0;
}
