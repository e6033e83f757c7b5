/*
 * sb — a growable byte string with a hard cap.
 *
 * Semantics follow curl's dynbuf: the buffer is always NUL-terminated when
 * non-empty, and an append that would pass the cap frees the contents and
 * returns -1, so a hostile or huge input fails cleanly instead of eating
 * memory. Allocation failure aborts (xalloc).
 */
#ifndef SLSX_BASE_SB_H
#define SLSX_BASE_SB_H

#include <stdarg.h>
#include <stddef.h>

struct sb {
	char *p;    /* NUL-terminated when non-NULL */
	size_t len; /* bytes used, excluding the NUL */
	size_t cap; /* bytes allocated */
	size_t max; /* hard cap on len; 0 means SB_MAX_DEFAULT */
};

#define SB_MAX_DEFAULT ((size_t)1 << 30)

void sb_init(struct sb *b, size_t max);
/* Append n bytes. 0 ok; -1 over the cap: b is reset to empty. */
int sb_add(struct sb *b, const void *s, size_t n) __attribute__((warn_unused_result));
int sb_adds(struct sb *b, const char *s) __attribute__((warn_unused_result));
int sb_addc(struct sb *b, char c) __attribute__((warn_unused_result));
int sb_addf(struct sb *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), warn_unused_result));
int sb_vaddf(struct sb *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0), warn_unused_result));
/* Make room for n more bytes without changing len; returns the write pointer
 * or NULL over the cap. Commit with sb_setlen. */
char *sb_reserve(struct sb *b, size_t n);
void sb_setlen(struct sb *b, size_t len);
/* Borrow the contents ("" when empty); valid until the next mutation. */
const char *sb_str(const struct sb *b);
/* Take ownership of the contents (never NULL); b is reset. */
char *sb_take(struct sb *b, size_t *len);
void sb_reset(struct sb *b);
void sb_free(struct sb *b);

#endif
