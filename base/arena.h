/*
 * arena — bump allocator for data that shares one lifetime.
 *
 * A page of decoded logs (hundreds of records, thousands of key/value
 * strings) is allocated from one arena and freed in one call. Allocations
 * come from chunks; a request larger than a chunk gets a chunk of its own.
 * Built with -DARENA_NO_POOL (the sanitizer build), every allocation is its
 * own malloc so ASan still sees overflows.
 */
#ifndef SLSX_BASE_ARENA_H
#define SLSX_BASE_ARENA_H

#include <stddef.h>

struct arena;

/* chunk: bytes per chunk, 0 for the default (64 KiB). */
struct arena *arena_new(size_t chunk);
/* n bytes aligned to align (a power of two); never NULL; n may be 0. */
void *arena_alloc(struct arena *a, size_t n, size_t align);
/* Copy n bytes and add a NUL; the copy may hold NULs itself. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
void *arena_memdup(struct arena *a, const void *p, size_t n);
/* Bytes handed out and bytes reserved from the system. */
size_t arena_used(const struct arena *a);
size_t arena_reserved(const struct arena *a);
/* Forget every allocation but keep the first chunk for reuse. */
void arena_clear(struct arena *a);
void arena_free(struct arena *a);

#endif
