/*
 * cursor — shard cursors and pack_meta (see cursor.h).
 */
#include "proto/cursor.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/b64.h"

void
cursor_encode(int64_t v, char out[CURSOR_MAX])
{
	char dec[24];
	int n = snprintf(dec, sizeof dec, "%" PRId64, v);

	b64_encode(dec, (size_t)n, out, CURSOR_MAX);
}

int
cursor_decode(const char *s, int64_t *v)
{
	char dec[40], *end;
	long n;
	long long x;
	size_t len = strlen(s);

	if (len == 0 || len > CURSOR_MAX)
		return -1;
	n = b64_decode(s, len, dec, sizeof dec - 1);
	if (n <= 0)
		return -1;
	dec[n] = '\0';
	if (dec[0] == '-' ? (dec[1] < '0' || dec[1] > '9') : (dec[0] < '0' || dec[0] > '9'))
		return -1;
	errno = 0;
	x = strtoll(dec, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	*v = x;
	return 0;
}

void
pack_meta_encode(const struct pack_meta *m, char *out, size_t outlen)
{
	char cur[CURSOR_MAX];

	cursor_encode(m->cursor, cur);
	snprintf(out, outlen, "%d|%s|%d|%d", m->shard, cur, m->count, m->index);
}

int
pack_meta_decode(const char *s, struct pack_meta *m)
{
	char cur[CURSOR_MAX + 1];
	const char *p1, *p2, *p3;
	char *end;
	long a, c, d;

	if (s == NULL || (p1 = strchr(s, '|')) == NULL || (p2 = strchr(p1 + 1, '|')) == NULL ||
	    (p3 = strchr(p2 + 1, '|')) == NULL || strchr(p3 + 1, '|') != NULL)
		return -1;
	if ((size_t)(p2 - p1 - 1) > CURSOR_MAX)
		return -1;
	memcpy(cur, p1 + 1, (size_t)(p2 - p1 - 1));
	cur[p2 - p1 - 1] = '\0';
	errno = 0;
	a = strtol(s, &end, 10);
	if (end != p1 || s == p1 || errno)
		return -1;
	c = strtol(p2 + 1, &end, 10);
	if (end != p3 || p2 + 1 == p3 || errno)
		return -1;
	d = strtol(p3 + 1, &end, 10);
	if (*end != '\0' || p3[1] == '\0' || errno)
		return -1;
	if (a < 0 || a > 1000000 || c < 0 || c > 10000000 || d < 0 || d >= c)
		return -1;
	if (cursor_decode(cur, &m->cursor) != 0)
		return -1;
	m->shard = (int)a;
	m->count = (int)c;
	m->index = (int)d;
	return 0;
}
