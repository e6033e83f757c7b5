/*
 * fuzz_proto_sign — parsers that see request headers and query values from
 * the network: Authorization (sign_parse_auth), dates (sign_parse_date),
 * cursors (cursor_decode) and pack metadata (pack_meta_decode). Each gets
 * the input as a NUL-terminated string; accepted cursors and pack_meta
 * must re-encode to a value that decodes the same.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/b64.h"
#include "proto/cursor.h"
#include "proto/sign.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	struct sign_auth auth;
	struct pack_meta m, m2;
	char buf[256], cur[CURSOR_MAX];
	int64_t v, v2;
	long got;

	memcpy(s, data, size);
	s[size] = '\0';
	if (sign_parse_auth(s, &auth) == 0) {
		if (auth.version != 1 && auth.version != 4)
			abort();
		if (memchr(auth.ak_id, 0, sizeof auth.ak_id) == NULL ||
		    memchr(auth.signature, 0, sizeof auth.signature) == NULL)
			abort();
	}
	(void)sign_parse_date(s);
	if (cursor_decode(s, &v) == 0) {
		cursor_encode(v, cur);
		if (cursor_decode(cur, &v2) != 0 || v2 != v)
			abort();
	}
	if (pack_meta_decode(s, &m) == 0) {
		pack_meta_encode(&m, buf, sizeof buf);
		if (pack_meta_decode(buf, &m2) != 0 || m2.shard != m.shard ||
		    m2.cursor != m.cursor || m2.count != m.count || m2.index != m.index)
			abort();
	}
	got = b64_decode(s, size, buf, sizeof buf);
	if (got > (long)sizeof buf)
		abort();
	if (got >= 0) { /* what decodes encodes to text of the same length
	                 * that decodes to the same bytes */
		char *again = malloc(size + 1);
		char back[256];

		if (again == NULL || b64_encode(buf, (size_t)got, again, size + 1) != size ||
		    b64_decode(again, size, back, sizeof back) != got ||
		    memcmp(back, buf, (size_t)got) != 0)
			abort();
		free(again);
	}
	(void)sign_equal(s, "LOG id:sig");
	free(s);
	return 0;
}
