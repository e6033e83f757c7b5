/*
 * cursor — shard cursors and pack metadata, as both sides encode them.
 *
 * A cursor is base64 of the decimal text of an int64 (spec §4.6);
 * consecutive LogGroups in a shard have consecutive integers. pack_meta is
 * opaque to clients; slsd's own encoding is
 * "{shard}|{base64 cursor of the LogGroup}|{logs in group}|{index in group}".
 */
#ifndef SLSX_PROTO_CURSOR_H
#define SLSX_PROTO_CURSOR_H

#include <stddef.h>
#include <stdint.h>

#define CURSOR_MAX 48 /* enough for base64 of any int64 text, with NUL */

/* Encode v into out (NUL-terminated). */
void cursor_encode(int64_t v, char out[CURSOR_MAX]);
/* Decode a cursor; 0 ok, -1 if it is not base64 of a decimal int64. */
int cursor_decode(const char *s, int64_t *v);

struct pack_meta {
	int shard;
	int64_t cursor; /* cursor integer of the LogGroup */
	int count;      /* logs in the group */
	int index;      /* position of the log inside the group */
};
void pack_meta_encode(const struct pack_meta *m, char *out, size_t outlen);
int pack_meta_decode(const char *s, struct pack_meta *m); /* 0 ok, -1 bad */

#endif
