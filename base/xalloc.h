/*
 * xalloc — allocation wrappers that never return NULL.
 *
 * Out of memory is not a recoverable condition for slsx: every x* function
 * logs a line to stderr and aborts instead of returning NULL, so call sites
 * never check. A zero size is a caller bug and asserts.
 */
#ifndef SLSX_BASE_XALLOC_H
#define SLSX_BASE_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* Grow an array of nmemb elements of size bytes, checking overflow. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
void *xmemdup(const void *p, size_t n);
/* printf into a new owned string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif
