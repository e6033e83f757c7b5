/*
 * sb — capped string buffer (see sb.h).
 */
#include "sb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void
sb_init(struct sb *b, size_t max)
{
	b->p = NULL;
	b->len = b->cap = 0;
	b->max = max ? max : SB_MAX_DEFAULT;
}

void
sb_free(struct sb *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

void
sb_reset(struct sb *b)
{
	sb_free(b);
}

char *
sb_reserve(struct sb *b, size_t n)
{
	size_t need, cap;

	if (b->max == 0)
		b->max = SB_MAX_DEFAULT;
	if (n > b->max || b->len > b->max - n) {
		sb_free(b);
		return NULL;
	}
	need = b->len + n + 1;
	if (need > b->cap) {
		cap = b->cap ? b->cap : 64;
		while (cap < need)
			cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
		b->p = xrealloc(b->p, cap);
		b->cap = cap;
	}
	return b->p + b->len;
}

void
sb_setlen(struct sb *b, size_t len)
{
	if (b->p == NULL)
		return;
	b->len = len;
	b->p[len] = '\0';
}

int
sb_add(struct sb *b, const void *s, size_t n)
{
	char *w = sb_reserve(b, n);

	if (w == NULL)
		return -1;
	if (n)
		memcpy(w, s, n);
	sb_setlen(b, b->len + n);
	return 0;
}

int
sb_adds(struct sb *b, const char *s)
{
	return sb_add(b, s, strlen(s));
}

int
sb_addc(struct sb *b, char c)
{
	return sb_add(b, &c, 1);
}

int
sb_vaddf(struct sb *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;
	char *w;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0 || (w = sb_reserve(b, (size_t)n)) == NULL)
		return -1;
	vsnprintf(w, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int
sb_addf(struct sb *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = sb_vaddf(b, fmt, ap);
	va_end(ap);
	return rc;
}

const char *
sb_str(const struct sb *b)
{
	return b->p ? b->p : "";
}

char *
sb_take(struct sb *b, size_t *len)
{
	char *p = b->p ? b->p : xstrdup("");

	if (len)
		*len = b->len;
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}
