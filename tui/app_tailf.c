/*
 * app_tailf — the live tail's client-side filter and the index of the logs
 * it keeps (see app_tailf.h).
 */
#include "tui/app_tailf.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "client/cl_tail.h"
#include "proto/pb.h"

#define APP_TAILF_TEXT 4096  /* bytes of a log's text the filter sees */

/* The ring's order: key, then page, then log. */
static int
app_tailf_cmp(const struct app_tailf_ent *x, const struct app_tailf_ent *y)
{
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->page != y->page)
		return x->page < y->page ? -1 : 1;
	return x->log < y->log ? -1 : x->log > y->log;
}

static int
app_tailf_qcmp(const void *x, const void *y)
{
	return app_tailf_cmp(x, y);
}

static struct app_tailf_ent
app_tailf_of(const struct cl_tail_log *tl)
{
	struct app_tailf_ent e = { tl->key, tl->page, tl->log, 0, 0 };

	return e;
}

static void
app_tailf_clear(struct app_tailf *f)
{
	f->head = f->n = 0;
	f->next_page = 0;
}

void
app_tailf_free(struct app_tailf *f)
{
	if (f->re) {
		regfree(f->re);
		free(f->re);
	}
	free(f->v);
	memset(f, 0, sizeof *f);
}

int
app_tailf_on(const struct app_tailf *f)
{
	return f->re != NULL;
}

int
app_tailf_set(struct app_tailf *f, const char *re, const struct cl_tail *t)
{
	regex_t *r;

	if (f->re) {
		regfree(f->re);
		free(f->re);
		f->re = NULL;
	}
	f->src[0] = '\0';
	app_tailf_clear(f);
	if (*re == '\0')
		return 0;
	r = xcalloc(1, sizeof *r);
	if (regcomp(r, re, REG_EXTENDED | REG_ICASE) != 0) {
		free(r);
		return -1;
	}
	f->re = r;
	snprintf(f->src, sizeof f->src, "%s", re);
	app_tailf_rebuild(f, t);
	return 0;
}

int
app_tailf_match(const struct app_tailf *f, const char *text, uint32_t *so, uint32_t *eo)
{
	regmatch_t m;

	if (f->re == NULL || regexec(f->re, text, 1, &m, 0) != 0)
		return 0;
	*so = m.rm_so < 0 ? 0 : (uint32_t)m.rm_so;
	*eo = m.rm_eo < m.rm_so ? *so : (uint32_t)m.rm_eo;
	return 1;
}

size_t
app_tailf_text(const struct cl_tail_log *tl, char *buf, size_t n)
{
	const struct pb_page *pg = tl->pg;
	const struct pb_log *lg = &pg->logs[tl->log];
	size_t len = 0;
	uint32_t i;

	for (i = lg->field0; i < lg->field0 + lg->nfields && len + 1 < n; i++) {
		const struct pb_key *k = pb_key(pg, pg->fields[i].key);
		size_t vn, c;
		const char *v = pb_value(pg, &pg->fields[i], &vn);

		c = k->len < n - len - 1 ? k->len : n - len - 1;
		memcpy(buf + len, k->p, c);
		len += c;
		if (len + 1 < n)
			buf[len++] = '=';
		c = vn < n - len - 1 ? vn : n - len - 1;
		memcpy(buf + len, v, c);
		len += c;
		if (len + 1 < n && i + 1 < lg->field0 + lg->nfields)
			buf[len++] = ' ';
	}
	buf[len] = '\0';
	return len;
}

/* Room for k more entries after v[head + n). */
static void
app_tailf_room(struct app_tailf *f, size_t k)
{
	if (f->head + f->n + k <= f->cap)
		return;
	if (f->n > 0 && f->head > 0)
		memmove(f->v, f->v + f->head, f->n * sizeof *f->v);
	f->head = 0;
	if (f->n + k > f->cap) {
		f->cap = (f->n + k) * 2 + 64;
		f->v = xreallocarray(f->v, f->cap, sizeof *f->v);
	}
}

void
app_tailf_add(struct app_tailf *f, const struct app_tailf_ent *e, size_t k)
{
	struct app_tailf_ent *r, *tmp;
	size_t lo = 0, hi, suf, i = 0, j = 0, w;

	if (k == 0)
		return;
	app_tailf_room(f, k);
	r = f->v + f->head;
	hi = f->n;
	if (f->n == 0 || app_tailf_cmp(&r[f->n - 1], &e[0]) <= 0) {
		memcpy(r + f->n, e, k * sizeof *e);
		f->n += k;
		return;
	}
	while (lo < hi) { /* the first entry after e[0] */
		size_t mid = lo + (hi - lo) / 2;

		if (app_tailf_cmp(&r[mid], &e[0]) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	suf = f->n - lo;
	tmp = xmalloc(suf * sizeof *tmp);
	memcpy(tmp, r + lo, suf * sizeof *tmp);
	for (w = lo; i < suf && j < k;)
		r[w++] = app_tailf_cmp(&tmp[i], &e[j]) <= 0 ? tmp[i++] : e[j++];
	while (i < suf)
		r[w++] = tmp[i++];
	while (j < k)
		r[w++] = e[j++];
	free(tmp);
	f->n += k;
}

void
app_tailf_prune(struct app_tailf *f, const struct cl_tail_log *front)
{
	struct app_tailf_ent fe = app_tailf_of(front);

	while (f->n > 0 && app_tailf_cmp(&f->v[f->head], &fe) < 0) {
		f->head++;
		f->n--;
	}
	if (f->n == 0)
		f->head = 0;
}

/* Test tl; a match joins the batch b (of *nb, room *cap). */
static void
app_tailf_test(const struct app_tailf *f, const struct cl_tail_log *tl,
    struct app_tailf_ent **b, size_t *nb, size_t *cap)
{
	char text[APP_TAILF_TEXT];
	struct app_tailf_ent e = app_tailf_of(tl);

	app_tailf_text(tl, text, sizeof text);
	if (!app_tailf_match(f, text, &e.so, &e.eo))
		return;
	if (*nb == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		*b = xreallocarray(*b, *cap, sizeof **b);
	}
	(*b)[(*nb)++] = e;
}

void
app_tailf_rebuild(struct app_tailf *f, const struct cl_tail *t)
{
	struct app_tailf_ent *b = NULL;
	size_t nb = 0, cap = 0, i, n;
	struct cl_tail_log tl;

	app_tailf_clear(f);
	if (f->re == NULL || t == NULL)
		return;
	n = cl_tail_count(t);
	for (i = 0; i < n; i++)
		if (cl_tail_get(t, i, &tl) == 0)
			app_tailf_test(f, &tl, &b, &nb, &cap);
	app_tailf_add(f, b, nb); /* in the ring's order already */
	free(b);
	f->next_page = cl_tail_page_next(t);
}

void
app_tailf_update(struct app_tailf *f, const struct cl_tail *t)
{
	struct app_tailf_ent *b = NULL;
	size_t nb = 0, cap = 0;
	struct cl_tail_log front, tl;
	uint32_t end, id, i;

	if (f->re == NULL || t == NULL)
		return;
	end = cl_tail_page_next(t);
	if (end < f->next_page) { /* not the engine indexed so far */
		app_tailf_rebuild(f, t);
		return;
	}
	if (cl_tail_get(t, 0, &front) != 0) {
		f->head = f->n = 0;
		f->next_page = end;
		return;
	}
	for (id = f->next_page; id < end; id++)
		for (i = 0; cl_tail_page_log(t, id, i, &tl) == 0; i++)
			if (cl_tail_log_cmp(&tl, &front) >= 0) /* dropped at once otherwise */
				app_tailf_test(f, &tl, &b, &nb, &cap);
	if (nb > 1)
		qsort(b, nb, sizeof *b, app_tailf_qcmp);
	app_tailf_add(f, b, nb);
	free(b);
	app_tailf_prune(f, &front);
	f->next_page = end;
}

size_t
app_tailf_count(const struct app_tailf *f)
{
	return f->n;
}

const struct app_tailf_ent *
app_tailf_at(const struct app_tailf *f, size_t i)
{
	return i < f->n ? &f->v[f->head + i] : NULL;
}

size_t
app_tailf_upto(const struct app_tailf *f, const struct cl_tail_log *tl)
{
	struct app_tailf_ent e = app_tailf_of(tl);
	size_t lo = 0, hi = f->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (app_tailf_cmp(&f->v[f->head + mid], &e) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
