/*
 * arena — chunked bump allocator (see arena.h).
 */
#include "arena.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct arena_chunk {
	struct arena_chunk *next;
	size_t size; /* usable bytes in data[] */
	size_t used;
	max_align_t data[];
};

struct arena {
	struct arena_chunk *head;
	size_t chunk;
	size_t used;
	size_t reserved;
};

#define ARENA_DEFAULT_CHUNK ((size_t)64 * 1024)

struct arena *
arena_new(size_t chunk)
{
	struct arena *a = xcalloc(1, sizeof *a);

	a->chunk = chunk ? chunk : ARENA_DEFAULT_CHUNK;
	return a;
}

static struct arena_chunk *
arena_add_chunk(struct arena *a, size_t min)
{
#ifdef ARENA_NO_POOL
	size_t size = min; /* one exact allocation per request, for ASan */
#else
	size_t size = min > a->chunk ? min : a->chunk;
#endif
	struct arena_chunk *c = xmalloc(sizeof *c + size);

	c->size = size;
	c->used = 0;
	c->next = a->head;
	a->head = c;
	a->reserved += size;
	return c;
}

void *
arena_alloc(struct arena *a, size_t n, size_t align)
{
	struct arena_chunk *c;
	uintptr_t base, p;

	assert(align != 0 && (align & (align - 1)) == 0);
#ifdef ARENA_NO_POOL
	c = arena_add_chunk(a, n + align);
	a->reserved -= c->size;
	a->reserved += n;
	c->size = n + align;
#else
	c = a->head;
	if (c != NULL) {
		size_t off;

		base = (uintptr_t)c->data;
		p = (base + c->used + align - 1) & ~(uintptr_t)(align - 1);
		off = (size_t)(p - base);
		if (off <= c->size && c->size - off >= n) {
			c->used = off + n;
			a->used += n;
			return (void *)p;
		}
	}
	c = arena_add_chunk(a, n + align);
#endif
	base = (uintptr_t)c->data;
	p = (base + align - 1) & ~(uintptr_t)(align - 1);
	c->used = (size_t)(p - base) + n;
	a->used += n;
	return (void *)p;
}

void *
arena_memdup(struct arena *a, const void *src, size_t n)
{
	void *p = arena_alloc(a, n, 1);

	if (n)
		memcpy(p, src, n);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1, 1);

	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

size_t
arena_used(const struct arena *a)
{
	return a->used;
}

size_t
arena_reserved(const struct arena *a)
{
	return a->reserved;
}

void
arena_clear(struct arena *a)
{
	struct arena_chunk *c, *next, *keep = NULL;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		if (next == NULL) {
			keep = c; /* the oldest chunk */
			break;
		}
		free(c);
	}
	a->head = keep;
	a->used = 0;
	a->reserved = keep ? keep->size : 0;
	if (keep) {
		keep->used = 0;
		keep->next = NULL;
	}
}

void
arena_free(struct arena *a)
{
	struct arena_chunk *c, *next;

	if (a == NULL)
		return;
	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(a);
}
