/*
 * pb — the decoded log record model and the protobuf codec (see pb.h).
 *
 * The decoder is a hand-written single pass over the wire bytes: no
 * intermediate message objects, values copied once into the page blob,
 * keys interned through a small hash table with a "same key as the same
 * position in the previous log" shortcut (logs of one source share their
 * key order, so the hash is rarely consulted).
 */
#include "proto/pb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "base/arena.h"
#include "base/sb.h"
#include "base/varint.h"
#include "base/xalloc.h"

#define PB_LIMIT ((size_t)UINT32_MAX) /* offsets and counts are 32-bit */

/* Wire types. */
enum { PB_WT_VARINT = 0, PB_WT_I64 = 1, PB_WT_LEN = 2, PB_WT_I32 = 5 };

/* Decoder state for one pb_decode_* call. */
struct pb_rd {
	struct pb_page *pg;
	const uint8_t *base;
	struct pb_err *err;
	size_t missing;
};

/* ---- page memory ------------------------------------------------------ */

struct pb_page *
pb_page_new(void)
{
	struct pb_page *pg = xcalloc(1, sizeof *pg);

	pg->karena = arena_new(4096);
	return pg;
}

void
pb_page_clear(struct pb_page *pg)
{
	pg->ngroups = pg->nlogs = pg->nfields = pg->ntags = pg->nkeys = 0;
	pg->blob_len = 0;
	if (pg->khash)
		memset(pg->khash, 0, pg->khash_cap * sizeof *pg->khash);
	arena_clear(pg->karena);
}

void
pb_page_free(struct pb_page *pg)
{
	if (pg == NULL)
		return;
	free(pg->groups);
	free(pg->logs);
	free(pg->fields);
	free(pg->tags);
	free(pg->keys);
	free(pg->blob);
	free(pg->khash);
	arena_free(pg->karena);
	free(pg);
}

/* Resize *p to exactly n elements (n may be 0: frees). */
static void
pb_page_fit(void **p, size_t *cap, size_t n, size_t size)
{
	if (n == *cap)
		return;
	if (n == 0) {
		free(*p);
		*p = NULL;
	} else {
		*p = xreallocarray(*p, n, size);
	}
	*cap = n;
}

void
pb_page_shrink(struct pb_page *pg)
{
	pb_page_fit((void **)&pg->groups, &pg->cap_groups, pg->ngroups, sizeof *pg->groups);
	pb_page_fit((void **)&pg->logs, &pg->cap_logs, pg->nlogs, sizeof *pg->logs);
	pb_page_fit((void **)&pg->fields, &pg->cap_fields, pg->nfields, sizeof *pg->fields);
	pb_page_fit((void **)&pg->tags, &pg->cap_tags, pg->ntags, sizeof *pg->tags);
	pb_page_fit((void **)&pg->keys, &pg->cap_keys, pg->nkeys, sizeof *pg->keys);
	pb_page_fit((void **)&pg->blob, &pg->cap_blob, pg->blob_len, 1);
}

size_t
pb_page_bytes(const struct pb_page *pg)
{
	return sizeof *pg + pg->cap_groups * sizeof *pg->groups +
	    pg->cap_logs * sizeof *pg->logs + pg->cap_fields * sizeof *pg->fields +
	    pg->cap_tags * sizeof *pg->tags + pg->cap_keys * sizeof *pg->keys + pg->cap_blob +
	    pg->khash_cap * sizeof *pg->khash + arena_reserved(pg->karena);
}

/* Ask for transparent huge pages on a big array: a fresh 100 MB page
 * otherwise spends most of its decode time in 4 KiB page faults. Only the
 * 2 MiB-aligned middle of the block is advised; failure is harmless. */
static void
pb_mem_hint(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	const uintptr_t huge = (uintptr_t)2 << 20;
	uintptr_t lo = ((uintptr_t)p + huge - 1) & ~(huge - 1);
	uintptr_t hi = ((uintptr_t)p + n) & ~(huge - 1);

	if (n >= 2 * huge && hi > lo)
		(void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
	(void)p;
	(void)n;
#endif
}

/* Make room for one more element in an array; -1 past the 32-bit limit. */
static int
pb_page_grow(void **p, size_t *cap, size_t n, size_t size)
{
	size_t ncap;

	if (n < *cap)
		return 0;
	if (n >= PB_LIMIT)
		return -1;
	ncap = *cap ? *cap * 2 : 64;
	if (ncap > PB_LIMIT)
		ncap = PB_LIMIT;
	*p = xreallocarray(*p, ncap, size);
	*cap = ncap;
	pb_mem_hint(*p, ncap * size);
	return 0;
}

/* Copy n bytes + NUL into the blob; the offset goes to *off. */
static int
pb_blob_add(struct pb_page *pg, const void *s, size_t n, uint32_t *off)
{
	size_t need;

	if (n >= PB_LIMIT - pg->blob_len)
		return -1;
	need = pg->blob_len + n + 1;
	if (need > pg->cap_blob) {
		size_t ncap = pg->cap_blob ? pg->cap_blob * 2 : 4096;

		while (ncap < need)
			ncap *= 2;
		if (ncap > PB_LIMIT)
			ncap = PB_LIMIT;
		pg->blob = xrealloc(pg->blob, ncap);
		pg->cap_blob = ncap;
		pb_mem_hint(pg->blob, ncap);
	}
	*off = (uint32_t)pg->blob_len;
	if (n)
		memcpy(pg->blob + pg->blob_len, s, n);
	pg->blob[pg->blob_len + n] = '\0';
	pg->blob_len = need;
	return 0;
}

/* Make room for n more blob bytes at once: a decode of n input bytes
 * never adds more than n (each value costs at least its tag and length
 * byte on the wire, and takes one NUL here), so the blob is not moved
 * while decoding. Pages never touched stay out of resident memory, and
 * pb_page_shrink gives the rest back. */
static void
pb_blob_reserve(struct pb_page *pg, size_t n)
{
	size_t need;

	if (n >= PB_LIMIT - pg->blob_len)
		return; /* pb_blob_add reports the limit */
	need = pg->blob_len + n + 1;
	if (need > pg->cap_blob) {
		/* at least double, so many small appends stay linear */
		if (need < pg->cap_blob * 2)
			need = pg->cap_blob * 2 < PB_LIMIT ? pg->cap_blob * 2 : PB_LIMIT;
		pg->blob = xrealloc(pg->blob, need);
		pg->cap_blob = need;
		pb_mem_hint(pg->blob, need);
	}
}

/* ---- key interning ---------------------------------------------------- */

static uint32_t
pb_key_hash(const char *k, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (uint8_t)k[i]) * 16777619u;
	return h;
}

/* Insert id into the hash table (which has room). */
static void
pb_key_slot(struct pb_page *pg, uint32_t id)
{
	size_t mask = pg->khash_cap - 1;
	size_t i = pb_key_hash(pg->keys[id].p, pg->keys[id].len) & mask;

	while (pg->khash[i])
		i = (i + 1) & mask;
	pg->khash[i] = id + 1;
}

/* Rebuild the hash table with cap slots (a power of two). */
static void
pb_key_rehash(struct pb_page *pg, size_t cap)
{
	size_t i;

	free(pg->khash);
	pg->khash = xcalloc(cap, sizeof *pg->khash);
	pg->khash_cap = cap;
	for (i = 0; i < pg->nkeys; i++)
		pb_key_slot(pg, (uint32_t)i);
}

long
pb_key_find(const struct pb_page *pg, const char *k, size_t klen)
{
	size_t mask, i;

	if (pg->khash_cap == 0)
		return -1;
	mask = pg->khash_cap - 1;
	i = pb_key_hash(k, klen) & mask;
	while (pg->khash[i]) {
		const struct pb_key *e = &pg->keys[pg->khash[i] - 1];

		if (e->len == klen && memcmp(e->p, k, klen) == 0)
			return (long)pg->khash[i] - 1;
		i = (i + 1) & mask;
	}
	return -1;
}

/* The id of key (k, klen), adding it if new; -1 past the limits. */
static long
pb_key_intern(struct pb_page *pg, const char *k, size_t klen)
{
	long id = pb_key_find(pg, k, klen);

	if (id >= 0)
		return id;
	if (klen >= PB_LIMIT ||
	    pb_page_grow((void **)&pg->keys, &pg->cap_keys, pg->nkeys, sizeof *pg->keys) != 0)
		return -1;
	pg->keys[pg->nkeys].p = arena_strndup(pg->karena, k, klen);
	pg->keys[pg->nkeys].len = (uint32_t)klen;
	pg->nkeys++;
	if (pg->nkeys * 2 > pg->khash_cap)
		pb_key_rehash(pg, pg->khash_cap ? pg->khash_cap * 2 : 64);
	else
		pb_key_slot(pg, (uint32_t)(pg->nkeys - 1));
	return (long)pg->nkeys - 1;
}

/* Intern with a guess: the key at the same position in the previous log. */
static inline long
pb_key_intern_hint(struct pb_page *pg, const char *k, size_t klen, long hint)
{
	if (hint >= 0) {
		const struct pb_key *e = &pg->keys[hint];

		if (e->len == klen && memcmp(e->p, k, klen) == 0)
			return hint;
	}
	return pb_key_intern(pg, k, klen);
}

/* ---- building by hand ------------------------------------------------- */

/* Append a field (content or tag) to arr; -1 past the limits. */
static int
pb_field_push(struct pb_page *pg, struct pb_field **arr, size_t *n, size_t *cap, long key,
    const char *v, size_t vlen)
{
	struct pb_field *f;
	uint32_t off;

	if (key < 0 || pb_page_grow((void **)arr, cap, *n, sizeof **arr) != 0 ||
	    pb_blob_add(pg, v, vlen, &off) != 0)
		return -1;
	f = &(*arr)[(*n)++];
	f->key = (uint32_t)key;
	f->voff = off;
	f->vlen = (uint32_t)vlen;
	return 0;
}

/* Set s to a copy of a C string; absent (NULL) leaves s empty. */
static int
pb_str_set(struct pb_page *pg, struct pb_str *s, uint8_t *has, const char *v, size_t n)
{
	if (pb_blob_add(pg, v, n, &s->off) != 0)
		return -1;
	s->len = (uint32_t)n;
	*has = 1;
	return 0;
}

/* Start a new, empty group; returns its index or -1. */
static long
pb_group_push(struct pb_page *pg)
{
	struct pb_group *g;

	if (pb_page_grow((void **)&pg->groups, &pg->cap_groups, pg->ngroups, sizeof *g) != 0)
		return -1;
	g = &pg->groups[pg->ngroups];
	memset(g, 0, sizeof *g);
	g->tag0 = (uint32_t)pg->ntags;
	g->log0 = (uint32_t)pg->nlogs;
	return (long)pg->ngroups++;
}

int
pb_add_group(struct pb_page *pg, const char *topic, const char *source, const char *machine)
{
	long gi = pb_group_push(pg);
	struct pb_group *g;

	if (gi < 0)
		return -1;
	g = &pg->groups[gi];
	if ((topic && pb_str_set(pg, &g->topic, &g->has_topic, topic, strlen(topic)) != 0) ||
	    (source && pb_str_set(pg, &g->source, &g->has_source, source, strlen(source)) != 0) ||
	    (machine &&
		pb_str_set(pg, &g->machine, &g->has_machine, machine, strlen(machine)) != 0)) {
		pg->ngroups--;
		return -1;
	}
	return 0;
}

int
pb_add_tag(struct pb_page *pg, const char *k, size_t klen, const char *v, size_t vlen)
{
	struct pb_group *g;

	if (pg->ngroups == 0)
		return -1;
	g = &pg->groups[pg->ngroups - 1];
	/* Tags of a group are contiguous: only the last group may take more. */
	if (g->tag0 + g->ntags != pg->ntags)
		return -1;
	if (pb_field_push(pg, &pg->tags, &pg->ntags, &pg->cap_tags, pb_key_intern(pg, k, klen),
		v, vlen) != 0)
		return -1;
	g->ntags++;
	return 0;
}

int
pb_add_log(struct pb_page *pg, uint32_t time, int has_ns, uint32_t time_ns)
{
	struct pb_group *g;
	struct pb_log *l;

	if (pg->ngroups == 0)
		return -1;
	g = &pg->groups[pg->ngroups - 1];
	if (g->log0 + g->nlogs != pg->nlogs ||
	    pb_page_grow((void **)&pg->logs, &pg->cap_logs, pg->nlogs, sizeof *l) != 0)
		return -1;
	l = &pg->logs[pg->nlogs++];
	memset(l, 0, sizeof *l);
	l->time = time;
	l->has_ns = has_ns ? 1 : 0;
	l->time_ns = has_ns ? time_ns : 0;
	l->group = (uint32_t)(pg->ngroups - 1);
	l->field0 = (uint32_t)pg->nfields;
	g->nlogs++;
	return 0;
}

/* The key id of log l's next field: the logs of a page mostly have the
 * same keys in the same order, so the previous log's key at this place
 * is tried first (a compare instead of a hash and a lookup). */
static long
pb_add_field_key(struct pb_page *pg, const struct pb_log *l, const char *k, size_t klen)
{
	if (pg->nlogs >= 2) {
		const struct pb_log *pl = l - 1;

		if (l->nfields < pl->nfields) {
			uint32_t id = pg->fields[pl->field0 + l->nfields].key;
			const struct pb_key *e = &pg->keys[id];

			if (e->len == klen && memcmp(e->p, k, klen) == 0)
				return id;
		}
	}
	return pb_key_intern(pg, k, klen);
}

int
pb_add_field(struct pb_page *pg, const char *k, size_t klen, const char *v, size_t vlen)
{
	struct pb_log *l;

	if (pg->nlogs == 0)
		return -1;
	l = &pg->logs[pg->nlogs - 1];
	if (l->field0 + l->nfields != pg->nfields)
		return -1;
	if (pb_field_push(pg, &pg->fields, &pg->nfields, &pg->cap_fields,
		pb_add_field_key(pg, l, k, klen), v, vlen) != 0)
		return -1;
	l->nfields++;
	return 0;
}

const struct pb_field *
pb_log_get(const struct pb_page *pg, size_t li, const char *k, size_t klen)
{
	const struct pb_log *l = &pg->logs[li];
	long id = pb_key_find(pg, k, klen);
	uint32_t i;

	if (id < 0)
		return NULL;
	for (i = 0; i < l->nfields; i++)
		if (pg->fields[l->field0 + i].key == (uint32_t)id)
			return &pg->fields[l->field0 + i];
	return NULL;
}

/* ---- decoding --------------------------------------------------------- */

/* Record an error at p; always returns -1. */
static int
pb_rd_fail(struct pb_rd *rd, const uint8_t *p, const char *msg)
{
	if (rd->err) {
		rd->err->offset = (size_t)(p - rd->base);
		snprintf(rd->err->msg, sizeof rd->err->msg, "%s at byte %zu", msg,
		    (size_t)(p - rd->base));
	}
	return -1;
}

/* Read a length prefix and check it fits before end; NULL otherwise. */
static inline const uint8_t *
pb_rd_len(const uint8_t *p, const uint8_t *end, size_t *len)
{
	uint64_t v;

	p = varint_get(p, end, &v);
	if (p == NULL || v > (uint64_t)(end - p))
		return NULL;
	*len = (size_t)v;
	return p;
}

/* Skip a field of wire type wt starting at p (after its tag). */
static const uint8_t *
pb_rd_skip(struct pb_rd *rd, const uint8_t *p, const uint8_t *end, unsigned wt)
{
	uint64_t v;
	size_t len;
	const uint8_t *q;

	switch (wt) {
	case PB_WT_VARINT:
		q = varint_get(p, end, &v);
		break;
	case PB_WT_I64:
		q = end - p >= 8 ? p + 8 : NULL;
		break;
	case PB_WT_LEN:
		q = pb_rd_len(p, end, &len);
		if (q)
			q += len;
		break;
	case PB_WT_I32:
		q = end - p >= 4 ? p + 4 : NULL;
		break;
	default:
		pb_rd_fail(rd, p, "unsupported wire type");
		return NULL;
	}
	if (q == NULL)
		pb_rd_fail(rd, p, "truncated field");
	return q;
}

/* Read a tag: field number and wire type; NULL (error set) when bad. */
static inline const uint8_t *
pb_rd_tag(struct pb_rd *rd, const uint8_t *p, const uint8_t *end, uint64_t *field,
    unsigned *wt)
{
	uint64_t t;
	const uint8_t *q = varint_get(p, end, &t);

	if (q == NULL) {
		pb_rd_fail(rd, p, "truncated tag");
		return NULL;
	}
	if ((t >> 3) == 0 || (t >> 3) > 0x1fffffff) {
		pb_rd_fail(rd, p, "invalid field number");
		return NULL;
	}
	*field = t >> 3;
	*wt = (unsigned)(t & 7);
	return q;
}

/* Decode a key/value message (Content or LogTag) in [p, end). Tags are
 * read as varints, so non-canonical (multi-byte) tag encodings work too. */
static int
pb_rd_kv(struct pb_rd *rd, const uint8_t *p, const uint8_t *end, const uint8_t **k,
    size_t *kl, const uint8_t **v, size_t *vl)
{
	int hk = 0, hv = 0;

	*k = *v = p;
	*kl = *vl = 0;
	while (p < end) {
		const uint8_t *tagp = p, *q;
		uint64_t field;
		unsigned wt;
		size_t len;

		if (*p == 0x0a || *p == 0x12) { /* fast path: canonical tags */
			field = *p >> 3;
			wt = PB_WT_LEN;
			q = p + 1;
		} else if ((q = pb_rd_tag(rd, p, end, &field, &wt)) == NULL) {
			return -1;
		}
		if (field != 1 && field != 2) {
			if ((p = pb_rd_skip(rd, q, end, wt)) == NULL)
				return -1;
			continue;
		}
		if (wt != PB_WT_LEN)
			return pb_rd_fail(rd, tagp, "wrong wire type for field");
		if ((q = pb_rd_len(q, end, &len)) == NULL)
			return pb_rd_fail(rd, tagp, "truncated string");
		if (field == 1) {
			*k = q;
			*kl = len;
			hk = 1;
		} else {
			*v = q;
			*vl = len;
			hv = 1;
		}
		p = q + len;
	}
	rd->missing += (size_t)(!hk + !hv);
	return 0;
}

/* Decode one Content in [p, end) into the last log; hint is the key id
 * at the same position in the previous log, or -1. */
static int
pb_rd_content(struct pb_rd *rd, const uint8_t *p, const uint8_t *end, long hint)
{
	struct pb_page *pg = rd->pg;
	const uint8_t *k, *v;
	size_t kl, vl;

	if (pb_rd_kv(rd, p, end, &k, &kl, &v, &vl) != 0)
		return -1;
	if (pb_field_push(pg, &pg->fields, &pg->nfields, &pg->cap_fields,
		pb_key_intern_hint(pg, (const char *)k, kl, hint), (const char *)v, vl) != 0)
		return pb_rd_fail(rd, p, "page too large");
	return 0;
}

/* Decode one Log in [p, end) into the last group. */
static int
pb_rd_log(struct pb_rd *rd, const uint8_t *p, const uint8_t *end)
{
	struct pb_page *pg = rd->pg;
	struct pb_log *l;
	size_t prev = 0, nhints = 0, j = 0;
	int has_time = 0;

	if (pb_add_log(pg, 0, 0, 0) != 0)
		return pb_rd_fail(rd, p, "too many logs");
	if (pg->nlogs >= 2) {
		prev = pg->nlogs - 2;
		nhints = pg->logs[prev].nfields;
	}
	while (p < end) {
		const uint8_t *tagp = p, *q;
		uint64_t field, v;
		unsigned wt;
		size_t len;

		if (*p == 0x12) { /* fast path: Contents with a canonical tag */
			field = 2;
			wt = PB_WT_LEN;
			q = p + 1;
		} else if ((q = pb_rd_tag(rd, p, end, &field, &wt)) == NULL) {
			return -1;
		}
		l = &pg->logs[pg->nlogs - 1];
		if (field == 2 && wt == PB_WT_LEN) {
			/* fields[] may move while pushing: index it afresh */
			long hint = j < nhints ? (long)pg->fields[pg->logs[prev].field0 + j].key : -1;

			if ((q = pb_rd_len(q, end, &len)) == NULL)
				return pb_rd_fail(rd, tagp, "truncated content");
			if (pb_rd_content(rd, q, q + len, hint) != 0)
				return -1;
			j++;
			q += len;
		} else if (field == 1 && wt == PB_WT_VARINT) {
			if ((q = varint_get(q, end, &v)) == NULL)
				return pb_rd_fail(rd, tagp, "truncated time");
			l->time = (uint32_t)v;
			has_time = 1;
		} else if (field == 4 && wt == PB_WT_I32) {
			if (end - q < 4)
				return pb_rd_fail(rd, tagp, "truncated time_ns");
			l->time_ns = (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 |
			    (uint32_t)q[3] << 24;
			l->has_ns = 1;
			q += 4;
		} else if (field == 1 || field == 2 || field == 4) {
			return pb_rd_fail(rd, tagp, "wrong wire type for field");
		} else if ((q = pb_rd_skip(rd, q, end, wt)) == NULL) {
			return -1;
		}
		p = q;
	}
	l = &pg->logs[pg->nlogs - 1];
	l->nfields = (uint32_t)(pg->nfields - l->field0);
	rd->missing += !has_time;
	return 0;
}

/* Decode one LogTag in [p, end) into the last group. */
static int
pb_rd_tagmsg(struct pb_rd *rd, const uint8_t *p, const uint8_t *end)
{
	const uint8_t *k, *v;
	size_t kl, vl;

	if (pb_rd_kv(rd, p, end, &k, &kl, &v, &vl) != 0)
		return -1;
	if (pb_add_tag(rd->pg, (const char *)k, kl, (const char *)v, vl) != 0)
		return pb_rd_fail(rd, p, "page too large");
	return 0;
}

/* Decode one LogGroup in [p, end) as a new group. */
static int
pb_rd_group(struct pb_rd *rd, const uint8_t *p, const uint8_t *end)
{
	struct pb_page *pg = rd->pg;
	long gi = pb_group_push(pg);

	if (gi < 0)
		return pb_rd_fail(rd, p, "too many groups");
	while (p < end) {
		const uint8_t *tagp = p, *q;
		uint64_t field;
		unsigned wt;
		size_t len;
		struct pb_group *g;

		if ((q = pb_rd_tag(rd, p, end, &field, &wt)) == NULL)
			return -1;
		if (field > 6) {
			if ((p = pb_rd_skip(rd, q, end, wt)) == NULL)
				return -1;
			continue;
		}
		if (wt != PB_WT_LEN)
			return pb_rd_fail(rd, tagp, "wrong wire type for field");
		if ((q = pb_rd_len(q, end, &len)) == NULL)
			return pb_rd_fail(rd, tagp, "truncated field");
		g = &pg->groups[gi];
		switch (field) {
		case 1:
			if (pb_rd_log(rd, q, q + len) != 0)
				return -1;
			break;
		case 2:
			if (pb_str_set(pg, &g->reserved, &g->has_reserved, (const char *)q, len))
				return pb_rd_fail(rd, tagp, "page too large");
			break;
		case 3:
			if (pb_str_set(pg, &g->topic, &g->has_topic, (const char *)q, len))
				return pb_rd_fail(rd, tagp, "page too large");
			break;
		case 4:
			if (pb_str_set(pg, &g->source, &g->has_source, (const char *)q, len))
				return pb_rd_fail(rd, tagp, "page too large");
			break;
		case 5:
			if (pb_str_set(pg, &g->machine, &g->has_machine, (const char *)q, len))
				return pb_rd_fail(rd, tagp, "page too large");
			break;
		default:
			if (pb_rd_tagmsg(rd, q, q + len) != 0)
				return -1;
			break;
		}
		p = q + len;
	}
	return 0;
}

/* Counts before a decode, to undo a failed one. */
struct pb_mark {
	size_t ngroups, nlogs, nfields, ntags, nkeys, blob_len;
};

static void
pb_mark_take(const struct pb_page *pg, struct pb_mark *m)
{
	m->ngroups = pg->ngroups;
	m->nlogs = pg->nlogs;
	m->nfields = pg->nfields;
	m->ntags = pg->ntags;
	m->nkeys = pg->nkeys;
	m->blob_len = pg->blob_len;
}

static void
pb_mark_undo(struct pb_page *pg, const struct pb_mark *m)
{
	pg->ngroups = m->ngroups;
	pg->nlogs = m->nlogs;
	pg->nfields = m->nfields;
	pg->ntags = m->ntags;
	pg->blob_len = m->blob_len;
	if (pg->nkeys != m->nkeys) {
		pg->nkeys = m->nkeys;
		pb_key_rehash(pg, pg->khash_cap);
	}
}

/* Run a decode over buf: list (1) or a single group (0). */
static int
pb_decode(struct pb_page *pg, const void *buf, size_t n, struct pb_err *err, int list)
{
	struct pb_rd rd = { pg, buf, err, 0 };
	const uint8_t *p = buf, *end = p + n;
	struct pb_mark m;
	int rc = 0;

	if (err) {
		err->offset = 0;
		err->msg[0] = '\0';
		err->missing = 0;
	}
	if (n == 0)
		p = end = (const uint8_t *)"";
	rd.base = p;
	pb_mark_take(pg, &m);
	pb_blob_reserve(pg, n);
	if (!list) {
		rc = pb_rd_group(&rd, p, end);
	} else {
		while (p < end && rc == 0) {
			const uint8_t *tagp = p, *q;
			uint64_t field;
			unsigned wt;
			size_t len;

			if ((q = pb_rd_tag(&rd, p, end, &field, &wt)) == NULL) {
				rc = -1;
			} else if (field != 1) {
				rc = (p = pb_rd_skip(&rd, q, end, wt)) ? 0 : -1;
			} else if (wt != PB_WT_LEN) {
				rc = pb_rd_fail(&rd, tagp, "wrong wire type for field");
			} else if ((q = pb_rd_len(q, end, &len)) == NULL) {
				rc = pb_rd_fail(&rd, tagp, "truncated log group");
			} else {
				rc = pb_rd_group(&rd, q, q + len);
				p = q + len;
			}
		}
	}
	if (rc != 0) {
		pb_mark_undo(pg, &m);
		return -1;
	}
	if (err)
		err->missing = rd.missing;
	return 0;
}

int
pb_decode_list(struct pb_page *pg, const void *buf, size_t n, struct pb_err *err)
{
	return pb_decode(pg, buf, n, err, 1);
}

int
pb_decode_group(struct pb_page *pg, const void *buf, size_t n, struct pb_err *err)
{
	return pb_decode(pg, buf, n, err, 0);
}

/* ---- encoding --------------------------------------------------------- */

/* Bytes of a length-delimited field with a 1-byte tag and n bytes. */
static size_t
pb_ld_size(size_t n)
{
	return 1 + varint_len(n) + n;
}

static uint8_t *
pb_put_ld(uint8_t *w, uint8_t tag, const void *p, size_t n)
{
	*w++ = tag;
	w = varint_put(w, n);
	if (n)
		memcpy(w, p, n);
	return w + n;
}

/* Size of a Content/LogTag message body. */
static size_t
pb_kv_size(const struct pb_page *pg, const struct pb_field *f)
{
	return pb_ld_size(pg->keys[f->key].len) + pb_ld_size(f->vlen);
}

static uint8_t *
pb_put_kv(uint8_t *w, uint8_t tag, const struct pb_page *pg, const struct pb_field *f)
{
	*w++ = tag;
	w = varint_put(w, pb_kv_size(pg, f));
	w = pb_put_ld(w, 0x0a, pg->keys[f->key].p, pg->keys[f->key].len);
	return pb_put_ld(w, 0x12, pg->blob + f->voff, f->vlen);
}

/* Size of a Log message body. */
static size_t
pb_log_size(const struct pb_page *pg, const struct pb_log *l)
{
	size_t n = 1 + varint_len(l->time) + (l->has_ns ? 5 : 0);
	uint32_t i;

	for (i = 0; i < l->nfields; i++)
		n += pb_ld_size(pb_kv_size(pg, &pg->fields[l->field0 + i]));
	return n;
}

/* Size of a LogGroup message body. */
static size_t
pb_group_size(const struct pb_page *pg, const struct pb_group *g)
{
	size_t n = 0;
	uint32_t i;

	for (i = 0; i < g->nlogs; i++)
		n += pb_ld_size(pb_log_size(pg, &pg->logs[g->log0 + i]));
	if (g->has_reserved)
		n += pb_ld_size(g->reserved.len);
	if (g->has_topic)
		n += pb_ld_size(g->topic.len);
	if (g->has_source)
		n += pb_ld_size(g->source.len);
	if (g->has_machine)
		n += pb_ld_size(g->machine.len);
	for (i = 0; i < g->ntags; i++)
		n += pb_ld_size(pb_kv_size(pg, &pg->tags[g->tag0 + i]));
	return n;
}

static uint8_t *
pb_put_log(uint8_t *w, const struct pb_page *pg, const struct pb_log *l)
{
	uint32_t i;

	*w++ = 0x0a;
	w = varint_put(w, pb_log_size(pg, l));
	*w++ = 0x08;
	w = varint_put(w, l->time);
	for (i = 0; i < l->nfields; i++)
		w = pb_put_kv(w, 0x12, pg, &pg->fields[l->field0 + i]);
	if (l->has_ns) {
		*w++ = 0x25;
		*w++ = (uint8_t)l->time_ns;
		*w++ = (uint8_t)(l->time_ns >> 8);
		*w++ = (uint8_t)(l->time_ns >> 16);
		*w++ = (uint8_t)(l->time_ns >> 24);
	}
	return w;
}

static uint8_t *
pb_put_group(uint8_t *w, const struct pb_page *pg, const struct pb_group *g)
{
	uint32_t i;

	for (i = 0; i < g->nlogs; i++)
		w = pb_put_log(w, pg, &pg->logs[g->log0 + i]);
	if (g->has_reserved)
		w = pb_put_ld(w, 0x12, pg->blob + g->reserved.off, g->reserved.len);
	if (g->has_topic)
		w = pb_put_ld(w, 0x1a, pg->blob + g->topic.off, g->topic.len);
	if (g->has_source)
		w = pb_put_ld(w, 0x22, pg->blob + g->source.off, g->source.len);
	if (g->has_machine)
		w = pb_put_ld(w, 0x2a, pg->blob + g->machine.off, g->machine.len);
	for (i = 0; i < g->ntags; i++)
		w = pb_put_kv(w, 0x32, pg, &pg->tags[g->tag0 + i]);
	return w;
}

int
pb_encode_group(const struct pb_page *pg, size_t gi, struct sb *out)
{
	const struct pb_group *g = &pg->groups[gi];
	size_t n = pb_group_size(pg, g);
	uint8_t *w = (uint8_t *)sb_reserve(out, n);

	if (w == NULL)
		return -1;
	pb_put_group(w, pg, g);
	sb_setlen(out, out->len + n);
	return 0;
}

int
pb_encode_list(const struct pb_page *pg, struct sb *out)
{
	size_t gi;

	for (gi = 0; gi < pg->ngroups; gi++) {
		const struct pb_group *g = &pg->groups[gi];
		size_t n = pb_group_size(pg, g);
		size_t total = pb_ld_size(n);
		uint8_t *w = (uint8_t *)sb_reserve(out, total);

		if (w == NULL)
			return -1;
		*w++ = 0x0a;
		w = varint_put(w, n);
		pb_put_group(w, pg, g);
		sb_setlen(out, out->len + total);
	}
	return 0;
}
