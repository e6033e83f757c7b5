/*
 * cl_tail — the live-tail follower (see cl_tail.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clk.h"
#include "base/xalloc.h"
#include "client/cl.h"
#include "client/cl_api.h"
#include "client/cl_merge.h"
#include "proto/pb.h"
#include "client/cl_tail.h"

#define TAIL_RELIST_MS 30000
#define TAIL_RETRY_MS 2000
#define TAIL_PULL_COUNT 1000

struct tpage {
	struct pb_page *pg;   /* NULL once every log of it left the ring */
	uint32_t refs;
	int shard;
	int ls;               /* the logstore it came from (an index) */
};

struct tent {
	int64_t key;          /* time * 1e9 + ns */
	uint32_t page;        /* page id (absolute) */
	uint32_t log;
};

struct tshard {
	struct cl_tail *t;
	int ls;               /* its logstore (an index) */
	int id;
	char status[16];
	char from[32];
	char cursor[80];
	int have_cursor;
	int busy;
	uint64_t req;         /* the request in flight while busy */
	int gone;
	int caught_up;
	int64_t next_at, sent_at;
	int64_t last_time;    /* newest log time pulled */
	int64_t logs, rate_logs, rate_at;
	double rate;
	char err[256];
	int stopped;          /* refused: no retry can fix it */
	struct cl_args args;
};

/* One logstore followed: its shard listing. */
struct tlist {
	struct cl_tail *t;
	char *name;
	int listing, listed;
	uint64_t req;         /* the ListShards in flight while listing */
	int64_t at;           /* when to list again */
	struct cl_args args;
	char err[320];        /* "ListShards: ..." ("name: ListShards: ..." when several) */
};

struct cl_tail {
	struct cl_client *cl;
	char *project, *from, *spl;
	struct tlist *ls;
	size_t nls;
	int only;
	size_t ring_max;
	struct tshard **sh;
	size_t nsh;
	struct tpage *pages;
	size_t npages, cappages;
	uint32_t page_base;
	struct tent *ent;
	size_t head, n, cap;
	uint64_t version, dropped;
	int paused;
	cl_tail_page_fn *on_page;
	void *ud;
	struct cl_err refusal;  /* the first refusal, when refused */
	const char *refused;    /* the call it answered, or NULL */
	char refused_what[200]; /* the same, its logstore's name first when several */
};

/* ---- the ring ------------------------------------------------------------ */

static struct tpage *
cl_tail_page(const struct cl_tail *t, uint32_t id)
{
	return &t->pages[id - t->page_base];
}

static void
cl_tail_drop_front(struct cl_tail *t)
{
	while (t->n > t->ring_max) {
		struct tpage *p = cl_tail_page(t, t->ent[t->head].page);

		if (--p->refs == 0) {
			pb_page_free(p->pg);
			p->pg = NULL;
		}
		t->head++;
		t->n--;
		t->dropped++;
	}
	/* forget pages at the front that hold no logs any more */
	size_t k = 0;

	while (k < t->npages && t->pages[k].pg == NULL)
		k++;
	if (k > 64 || (k && k == t->npages)) {
		memmove(t->pages, t->pages + k, (t->npages - k) * sizeof *t->pages);
		t->npages -= k;
		t->page_base += (uint32_t)k;
	}
}

static void
cl_tail_ring_room(struct cl_tail *t, size_t k)
{
	if (t->head + t->n + k <= t->cap)
		return;
	if (t->head > 0 && t->n + k <= t->cap) {
		memmove(t->ent, t->ent + t->head, t->n * sizeof *t->ent);
		t->head = 0;
		return;
	}
	if (t->n > 0)
		memmove(t->ent, t->ent + t->head, t->n * sizeof *t->ent);
	t->head = 0;
	t->cap = (t->n + k) * 2;
	t->ent = xreallocarray(t->ent, t->cap, sizeof *t->ent);
}

static int
cl_tail_ent_cmp(const void *a, const void *b)
{
	const struct tent *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->page != y->page)
		return x->page < y->page ? -1 : 1;
	return x->log < y->log ? -1 : x->log > y->log;
}

/* Merge the sorted batch b[k] into the ring (usually an append). */
static void
cl_tail_merge(struct cl_tail *t, const struct tent *b, size_t k)
{
	struct tent *r;
	size_t lo = 0, hi, pos, suf;

	cl_tail_ring_room(t, k);
	r = t->ent + t->head;
	hi = t->n;
	if (t->n == 0 || cl_tail_ent_cmp(&r[t->n - 1], &b[0]) <= 0) {
		memcpy(r + t->n, b, k * sizeof *b);
		t->n += k;
		return;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cl_tail_ent_cmp(&r[mid], &b[0]) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	pos = lo;
	suf = t->n - pos;
	{
		struct tent *tmp = xmalloc((suf ? suf : 1) * sizeof *tmp);
		size_t i = 0, j = 0, w = pos;

		memcpy(tmp, r + pos, suf * sizeof *tmp);
		while (i < suf && j < k)
			r[w++] = cl_tail_ent_cmp(&tmp[i], &b[j]) <= 0 ? tmp[i++] : b[j++];
		while (i < suf)
			r[w++] = tmp[i++];
		while (j < k)
			r[w++] = b[j++];
		free(tmp);
	}
	t->n += k;
}

/* A log's place in time: its seconds and nanoseconds, in ns. */
static int64_t
cl_tail_key(const struct pb_log *lg)
{
	return (int64_t)lg->time * 1000000000 + (lg->has_ns ? lg->time_ns : 0);
}

static void
cl_tail_add_page(struct cl_tail *t, struct tshard *s, struct pb_page *pg)
{
	struct tent *b;
	uint32_t id;

	if (pg->nlogs == 0) {
		pb_page_free(pg);
		return;
	}
	if (t->on_page)
		t->on_page(t->ud, pg, s->id, t->nls > 1 ? t->ls[s->ls].name : NULL);
	pb_page_shrink(pg);
	if (t->npages == t->cappages) {
		t->cappages = t->cappages ? t->cappages * 2 : 64;
		t->pages = xreallocarray(t->pages, t->cappages, sizeof *t->pages);
	}
	id = t->page_base + (uint32_t)t->npages;
	t->pages[t->npages++] = (struct tpage){ pg, (uint32_t)pg->nlogs, s->id, s->ls };
	b = xmalloc(pg->nlogs * sizeof *b);
	for (size_t i = 0; i < pg->nlogs; i++) {
		const struct pb_log *lg = &pg->logs[i];

		b[i] = (struct tent){ cl_tail_key(lg), id, (uint32_t)i };
		if ((int64_t)lg->time > s->last_time)
			s->last_time = lg->time;
	}
	qsort(b, pg->nlogs, sizeof *b, cl_tail_ent_cmp);
	cl_tail_merge(t, b, pg->nlogs);
	free(b);
	s->logs += (int64_t)pg->nlogs;
	t->version++;
	cl_tail_drop_front(t);
}

/* ---- shards ---------------------------------------------------------------- */

/* An answer that no retry can fix: a 4xx that is neither a quota (cl
 * retried those) nor an expired cursor (a new one is asked for). */
static int
cl_tail_refusal(const struct cl_err *err)
{
	return (err->st == CL_E_HTTP || err->st == CL_E_AUTH) && err->http >= 400 &&
	    err->http < 500 && !cl_retryable(err->http, err->code, 0, 1) &&
	    strcmp(err->code, "InvalidCursor") != 0;
}

/* Keep the first refusal for cl_tail_refused: what it answered, in
 * logstore ls. */
static void
cl_tail_note_refusal(struct cl_tail *t, int ls, const char *what, const struct cl_err *err)
{
	if (t->refused != NULL)
		return;
	t->refusal = *err;
	if (t->nls > 1)
		snprintf(t->refused_what, sizeof t->refused_what, "%.128s: %s", t->ls[ls].name, what);
	else
		snprintf(t->refused_what, sizeof t->refused_what, "%s", what);
	t->refused = t->refused_what;
}

/* "what: 503 ServerBusy: message" (the HTTP status when it was an error). */
static void
cl_tail_fmt_err(char *buf, size_t n, const char *what, const struct cl_err *err)
{
	char http[24] = "";

	if (err->http >= 300) /* not the 200 of a reply that did not decode */
		snprintf(http, sizeof http, "%ld ", err->http);
	snprintf(buf, n, "%.24s: %s%.40s%s%.160s", what, http, err->code,
	    err->code[0] ? ": " : "", err->msg);
}

static void
cl_tail_shard_err(struct tshard *s, const char *what, const struct cl_err *err)
{
	cl_tail_fmt_err(s->err, sizeof s->err, what, err);
	s->next_at = clk_mono_ms() + TAIL_RETRY_MS;
	if (cl_tail_refusal(err)) {
		s->stopped = 1;
		cl_tail_note_refusal(s->t, s->ls, what, err);
	}
}

/* The client retries a shard's call: its error shows meanwhile. */
static void
cl_tail_on_pull_retry(void *ud, const struct cl_err *err, int attempt, long wait_ms)
{
	struct tshard *s = ud;

	(void)attempt;
	(void)wait_ms;
	cl_tail_fmt_err(s->err, sizeof s->err, "PullLogs", err);
}

static void
cl_tail_on_cursor_retry(void *ud, const struct cl_err *err, int attempt, long wait_ms)
{
	struct tshard *s = ud;

	(void)attempt;
	(void)wait_ms;
	cl_tail_fmt_err(s->err, sizeof s->err, "GetCursor", err);
}

/* A logstore's listing failed (or is retried): its error, named when
 * the tail follows several. */
static void
cl_tail_list_err(struct tlist *l, const struct cl_err *err)
{
	char e[256];

	cl_tail_fmt_err(e, sizeof e, "ListShards", err);
	if (l->t->nls > 1)
		snprintf(l->err, sizeof l->err, "%.60s: %s", l->name, e);
	else
		snprintf(l->err, sizeof l->err, "%s", e);
}

static void
cl_tail_on_list_retry(void *ud, const struct cl_err *err, int attempt, long wait_ms)
{
	struct tlist *l = ud;

	(void)attempt;
	(void)wait_ms;
	if (!l->listed)
		cl_tail_list_err(l, err);
}

static void
cl_tail_on_cursor(void *ud, const struct cl_resp *rs, const struct cl_err *err)
{
	struct tshard *s = ud;
	struct cl_err perr;

	s->busy = 0;
	if (err->st != CL_OK) {
		cl_tail_shard_err(s, "GetCursor", err);
		return;
	}
	if (cl_parse_cursor(rs, s->cursor, sizeof s->cursor, &perr) != 0) {
		cl_tail_shard_err(s, "GetCursor reply", &perr);
		return;
	}
	s->have_cursor = 1;
	s->err[0] = '\0';
	s->next_at = 0;
}

/* Pacing after the GO consumer (spec §9). */
static int64_t
cl_tail_pace(struct tshard *s, size_t groups, size_t bytes, int progress)
{
	int64_t since = clk_mono_ms() - s->sent_at, want;

	if (!progress)
		want = 500;
	else if (groups < 100 && bytes < (1u << 20))
		want = 500;
	else if (groups < 500 && bytes < (2u << 20))
		want = 200;
	else
		want = 50;
	return clk_mono_ms() + (want > since ? want - since : 0);
}

static void
cl_tail_on_pull(void *ud, const struct cl_resp *rs, const struct cl_err *err)
{
	struct tshard *s = ud;
	struct cl_tail *t = s->t;
	struct pb_page *pg;
	struct cl_err perr;
	size_t ng = 0;
	int progress;

	s->busy = 0;
	if (err->st == CL_E_CANCELLED)
		return;
	if (err->st != CL_OK) {
		cl_tail_shard_err(s, "PullLogs", err);
		if (strcmp(err->code, "InvalidCursor") == 0)
			s->have_cursor = 0; /* expired: start again from the chosen point */
		return;
	}
	pg = pb_page_new();
	if (cl_parse_pull(rs, pg, &ng, &perr) != 0) {
		pb_page_free(pg);
		cl_tail_shard_err(s, "PullLogs reply", &perr);
		return;
	}
	s->err[0] = '\0';
	progress = rs->cursor[0] != '\0' && strcmp(rs->cursor, s->cursor) != 0;
	if (rs->cursor[0] != '\0')
		snprintf(s->cursor, sizeof s->cursor, "%s", rs->cursor);
	s->caught_up = ng < TAIL_PULL_COUNT;
	if (!progress && strcmp(s->status, "readonly") == 0)
		s->gone = 1; /* drained after a split */
	cl_tail_add_page(t, s, pg);
	s->next_at = cl_tail_pace(s, ng, rs->body.len, progress);
}

static struct tshard *
cl_tail_find(struct cl_tail *t, int ls, int id)
{
	for (size_t i = 0; i < t->nsh; i++)
		if (t->sh[i]->ls == ls && t->sh[i]->id == id)
			return t->sh[i];
	return NULL;
}

static void
cl_tail_on_list(void *ud, const struct cl_resp *rs, const struct cl_err *err)
{
	struct tlist *l = ud;
	struct cl_tail *t = l->t;
	struct cl_shard *v = NULL;
	struct cl_err perr;
	int n, ls = (int)(l - t->ls);

	l->listing = 0;
	if (err->st != CL_OK || (n = cl_parse_shards(rs, &v, &perr)) < 0) {
		const struct cl_err *e = err->st != CL_OK ? err : &perr;

		cl_tail_list_err(l, e);
		l->at = clk_mono_ms() + 5000;
		if (!l->listed && err->st != CL_OK && cl_tail_refusal(err))
			cl_tail_note_refusal(t, ls, "ListShards", err);
		return;
	}
	l->err[0] = '\0';
	for (int i = 0; i < n; i++) {
		struct tshard *s = cl_tail_find(t, ls, v[i].id);

		if (t->only >= 0 && v[i].id != t->only)
			continue;
		if (s == NULL) {
			if (strcmp(v[i].status, "readwrite") != 0)
				continue;
			s = xcalloc(1, sizeof *s);
			s->t = t;
			s->ls = ls;
			s->id = v[i].id;
			/* shards born after we started (splits) are read from their start */
			snprintf(s->from, sizeof s->from, "%s", l->listed ? "begin" : t->from);
			cl_args_init(&s->args);
			t->sh = xreallocarray(t->sh, t->nsh + 1, sizeof *t->sh);
			t->sh[t->nsh++] = s;
		}
		snprintf(s->status, sizeof s->status, "%s", v[i].status);
	}
	free(v);
	l->listed = 1;
	l->at = clk_mono_ms() + TAIL_RELIST_MS;
}

/* ---- the interface ----------------------------------------------------------- */

struct cl_tail *
cl_tail_new(struct cl_client *cl, const struct cl_tail_cfg *cfg)
{
	struct cl_tail *t = xcalloc(1, sizeof *t);

	char names[CL_MERGE_MAX][128];
	int n = cl_merge_split(cfg->logstore, names, CL_MERGE_MAX);

	t->cl = cl;
	t->project = xstrdup(cfg->project);
	if (n <= 0) { /* not a list of names: follow it as it is (the server says why not) */
		n = 1;
		snprintf(names[0], sizeof names[0], "%s", cfg->logstore);
	}
	t->nls = (size_t)n;
	t->ls = xcalloc(t->nls, sizeof *t->ls);
	for (size_t i = 0; i < t->nls; i++) {
		t->ls[i].t = t;
		t->ls[i].name = xstrdup(names[i]);
		cl_args_init(&t->ls[i].args);
	}
	t->from = xstrdup(cfg->from ? cfg->from : "end");
	t->spl = cfg->spl && *cfg->spl ? xstrdup(cfg->spl) : NULL;
	t->only = cfg->shard;
	t->ring_max = cfg->ring_max ? cfg->ring_max : 100000;
	t->on_page = cfg->on_page;
	t->ud = cfg->ud;
	return t;
}

void
cl_tail_free(struct cl_tail *t)
{
	if (t == NULL)
		return;
	/* requests in flight must never call back into what is freed here */
	for (size_t i = 0; i < t->nls; i++) {
		if (t->ls[i].listing)
			cl_abandon(t->cl, t->ls[i].req);
		cl_args_free(&t->ls[i].args);
		free(t->ls[i].name);
	}
	free(t->ls);
	for (size_t i = 0; i < t->nsh; i++) {
		if (t->sh[i]->busy)
			cl_abandon(t->cl, t->sh[i]->req);
		cl_args_free(&t->sh[i]->args);
		free(t->sh[i]);
	}
	for (size_t i = 0; i < t->npages; i++)
		pb_page_free(t->pages[i].pg);
	free(t->sh);
	free(t->pages);
	free(t->ent);
	free(t->project);
	free(t->from);
	free(t->spl);
	free(t);
}

static void
cl_tail_send_pull(struct cl_tail *t, struct tshard *s, int64_t now)
{
	struct cl_call call;

	cl_args_free(&s->args);
	cl_args_init(&s->args);
	cl_api_pull_logs(&call, &s->args, t->project, t->ls[s->ls].name,
	    &(struct cl_pull){ s->id, s->cursor, TAIL_PULL_COUNT, NULL, t->spl });
	call.on_retry = cl_tail_on_pull_retry;
	s->busy = 1;
	s->sent_at = now;
	s->req = cl_send(t->cl, &call, cl_tail_on_pull, s);
}

static void
cl_tail_send_cursor(struct cl_tail *t, struct tshard *s)
{
	struct cl_call call;

	cl_args_free(&s->args);
	cl_args_init(&s->args);
	cl_api_get_cursor(&call, &s->args, t->project, t->ls[s->ls].name, s->id, s->from);
	call.on_retry = cl_tail_on_cursor_retry;
	s->busy = 1;
	s->req = cl_send(t->cl, &call, cl_tail_on_cursor, s);
}

static void
cl_tail_rates(struct tshard *s, int64_t now)
{
	if (s->rate_at == 0) {
		s->rate_at = now;
		s->rate_logs = s->logs;
		return;
	}
	if (now - s->rate_at < 1000)
		return;
	double r = (double)(s->logs - s->rate_logs) * 1000.0 / (double)(now - s->rate_at);

	s->rate = s->rate == 0 ? r : 0.6 * s->rate + 0.4 * r;
	s->rate_at = now;
	s->rate_logs = s->logs;
}

int
cl_tail_tick(struct cl_tail *t, int64_t now)
{
	int64_t wake = now + 1000;

	for (size_t i = 0; i < t->nls; i++) {
		struct tlist *l = &t->ls[i];
		struct cl_call call;

		if (l->listing || now < l->at)
			continue;
		cl_args_free(&l->args);
		cl_args_init(&l->args);
		cl_api_list_shards(&call, &l->args, t->project, l->name);
		call.on_retry = cl_tail_on_list_retry;
		l->listing = 1;
		l->req = cl_send(t->cl, &call, cl_tail_on_list, l);
	}
	for (size_t i = 0; i < t->nsh; i++) {
		struct tshard *s = t->sh[i];

		cl_tail_rates(s, now);
		if (s->busy || s->gone || s->stopped)
			continue;
		if (s->next_at > now) {
			if (s->next_at < wake)
				wake = s->next_at;
			continue;
		}
		if (!s->have_cursor)
			cl_tail_send_cursor(t, s);
		else if (!t->paused)
			cl_tail_send_pull(t, s, now);
	}
	return wake > now ? (int)(wake - now) : 0;
}

void
cl_tail_pause(struct cl_tail *t, int paused)
{
	t->paused = paused;
}

int
cl_tail_paused(const struct cl_tail *t)
{
	return t->paused;
}

size_t
cl_tail_count(const struct cl_tail *t)
{
	return t->n;
}

int
cl_tail_get(const struct cl_tail *t, size_t i, struct cl_tail_log *out)
{
	const struct tent *e;
	const struct tpage *p;

	if (i >= t->n)
		return -1;
	e = &t->ent[t->head + i];
	p = cl_tail_page(t, e->page);
	out->pg = p->pg;
	out->log = e->log;
	out->shard = p->shard;
	out->logstore = t->nls > 1 ? t->ls[p->ls].name : NULL;
	out->key = e->key;
	out->page = e->page;
	return 0;
}

uint32_t
cl_tail_page_next(const struct cl_tail *t)
{
	return t->page_base + (uint32_t)t->npages;
}

int
cl_tail_page_log(const struct cl_tail *t, uint32_t id, uint32_t i, struct cl_tail_log *out)
{
	const struct tpage *p;
	const struct pb_log *lg;

	if (id < t->page_base || id - t->page_base >= t->npages)
		return -1;
	p = cl_tail_page(t, id);
	if (p->pg == NULL || i >= p->pg->nlogs)
		return -1;
	lg = &p->pg->logs[i];
	out->pg = p->pg;
	out->log = i;
	out->shard = p->shard;
	out->logstore = t->nls > 1 ? t->ls[p->ls].name : NULL;
	out->key = cl_tail_key(lg);
	out->page = id;
	return 0;
}

int
cl_tail_log_cmp(const struct cl_tail_log *a, const struct cl_tail_log *b)
{
	const struct tent x = { a->key, a->page, a->log }, y = { b->key, b->page, b->log };

	return cl_tail_ent_cmp(&x, &y);
}

uint64_t
cl_tail_version(const struct cl_tail *t)
{
	return t->version;
}

uint64_t
cl_tail_dropped(const struct cl_tail *t)
{
	return t->dropped;
}

size_t
cl_tail_shards(const struct cl_tail *t, struct cl_tail_shard_stat *out, size_t max)
{
	int64_t now = clk_wall();
	size_t k = 0;

	for (size_t i = 0; i < t->nsh && k < max; i++) {
		const struct tshard *s = t->sh[i];
		struct cl_tail_shard_stat *o = &out[k++];

		o->id = s->id;
		snprintf(o->logstore, sizeof o->logstore, "%s", t->nls > 1 ? t->ls[s->ls].name : "");
		snprintf(o->status, sizeof o->status, "%s",
		    s->stopped ? "stopped" : s->gone ? "drained" : s->status);
		o->lag_s = s->caught_up || s->last_time == 0 ? 0 : now - s->last_time;
		if (o->lag_s < 0)
			o->lag_s = 0;
		o->rate = s->rate;
		o->logs = s->logs;
		snprintf(o->err, sizeof o->err, "%s", s->err);
	}
	return k;
}

const char *
cl_tail_error(const struct cl_tail *t)
{
	for (size_t i = 0; i < t->nls; i++)
		if (t->ls[i].err[0])
			return t->ls[i].err;
	return NULL;
}

int
cl_tail_listed(const struct cl_tail *t)
{
	for (size_t i = 0; i < t->nls; i++)
		if (!t->ls[i].listed)
			return 0;
	return 1;
}

size_t
cl_tail_logstores(const struct cl_tail *t)
{
	return t->nls;
}

const struct cl_err *
cl_tail_refused(const struct cl_tail *t, const char **what)
{
	if (t->refused == NULL)
		return NULL;
	if (what)
		*what = t->refused;
	return &t->refusal;
}
