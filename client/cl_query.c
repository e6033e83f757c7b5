/*
 * cl_query — query API builders and the paging query job (see cl_query.h).
 */
#include "client/cl_query.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "base/xalloc.h"

static const char *
cl_q_text(const char *q)
{
	return q && *q ? q : "*";
}

void
cl_api_get_logs_v2(struct cl_call *call, struct cl_args *a, const struct cl_query *q)
{
	cJSON *o = cJSON_CreateObject();
	char *txt;

	cJSON_AddNumberToObject(o, "from", (double)q->from);
	cJSON_AddNumberToObject(o, "to", (double)q->to);
	cJSON_AddStringToObject(o, "query", cl_q_text(q->query));
	cJSON_AddStringToObject(o, "topic", q->topic ? q->topic : "");
	cJSON_AddNumberToObject(o, "line", q->line > 0 ? q->line : 100);
	cJSON_AddNumberToObject(o, "offset", (double)q->offset);
	cJSON_AddBoolToObject(o, "reverse", q->reverse);
	cJSON_AddBoolToObject(o, "powerSql", q->power_sql);
	txt = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	snprintf(a->path, sizeof a->path, "/logstores/%s/logs", q->logstore);
	cl_api_call(call, a, "POST", q->project);
	sb_reset(&a->body);
	if (txt && sb_adds(&a->body, txt) == 0) {
		call->body = a->body.p;
		call->body_len = a->body.len;
	}
	free(txt);
	call->content_type = "application/json";
	call->accept = "application/json";
	call->accept_lz4 = 1;
	call->idempotent = 1;
}

static void
cl_q_params(struct cl_args *a, const struct cl_query *q)
{
	cl_args_addi(a, "from", q->from);
	cl_args_addi(a, "to", q->to);
	cl_args_add(a, "query", cl_q_text(q->query));
	if (q->topic && *q->topic)
		cl_args_add(a, "topic", q->topic);
}

void
cl_api_get_logs_v1(struct cl_call *call, struct cl_args *a, const struct cl_query *q)
{
	snprintf(a->path, sizeof a->path, "/logstores/%s", q->logstore);
	cl_args_add(a, "type", "log");
	cl_q_params(a, q);
	cl_args_addi(a, "line", q->line > 0 ? q->line : 100);
	cl_args_addi(a, "offset", q->offset);
	cl_args_add(a, "reverse", q->reverse ? "true" : "false");
	if (q->power_sql)
		cl_args_add(a, "powerSql", "true");
	cl_api_call(call, a, "GET", q->project);
}

void
cl_api_get_histograms(struct cl_call *call, struct cl_args *a, const struct cl_query *q)
{
	snprintf(a->path, sizeof a->path, "/logstores/%s", q->logstore);
	cl_args_add(a, "type", "histogram");
	cl_q_params(a, q);
	if (q->interval > 0) /* as the Go SDK's GetHistogramsV2 sends it */
		cl_args_addi(a, "interval", q->interval);
	cl_api_call(call, a, "GET", q->project);
}

void
cl_api_get_context(struct cl_call *call, struct cl_args *a, const char *project,
    const char *logstore, const char *pack_id, const char *pack_meta, int back, int forward)
{
	snprintf(a->path, sizeof a->path, "/logstores/%s", logstore);
	cl_args_add(a, "type", "context_log");
	cl_args_add(a, "pack_id", pack_id);
	cl_args_add(a, "pack_meta", pack_meta);
	cl_args_addi(a, "back_lines", back);
	cl_args_addi(a, "forward_lines", forward);
	cl_api_call(call, a, "GET", project);
}

void
cl_api_get_project_logs(struct cl_call *call, struct cl_args *a, const char *project,
    const char *sql, int power_sql)
{
	snprintf(a->path, sizeof a->path, "/logs");
	cl_args_add(a, "query", sql);
	cl_args_add(a, "powerSql", power_sql ? "true" : "false");
	cl_api_call(call, a, "GET", project);
}

void
cl_api_get_index(struct cl_call *call, struct cl_args *a, const char *project,
    const char *logstore)
{
	snprintf(a->path, sizeof a->path, "/logstores/%s/index", logstore);
	cl_api_call(call, a, "GET", project);
}

void
cl_api_list_topics(struct cl_call *call, struct cl_args *a, const char *project,
    const char *logstore, int line, const char *token)
{
	snprintf(a->path, sizeof a->path, "/logstores/%s", logstore);
	cl_args_add(a, "type", "topic");
	cl_args_addi(a, "line", line > 0 ? line : 100);
	cl_args_add(a, "token", token ? token : "");
	cl_api_call(call, a, "GET", project);
}

/* The '|' that starts the analytic statement, outside quotes, or NULL. */
static const char *
cl_q_pipe(const char *q)
{
	char quote = 0;

	for (; q && *q; q++) {
		if (quote) {
			if (*q == '\\' && q[1])
				q++;
			else if (*q == quote)
				quote = 0;
		} else if (*q == '"' || *q == '\'') {
			quote = *q;
		} else if (*q == '|') {
			return q;
		}
	}
	return NULL;
}

/* Is word w (case-insensitive) at p with word boundaries around it? */
static int
cl_q_word(const char *start, const char *p, const char *w)
{
	size_t n = strlen(w);

	return strncasecmp(p, w, n) == 0 && (p == start || !(isalnum((unsigned char)p[-1]) ||
	    p[-1] == '_')) && !(isalnum((unsigned char)p[n]) || p[n] == '_');
}

/* Does text contain word w outside quoted strings? */
static int
cl_q_has_word(const char *s, const char *w)
{
	char quote = 0;
	const char *p;

	for (p = s; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '"' || *p == '\'') {
			quote = *p;
		} else if (cl_q_word(s, p, w)) {
			return 1;
		}
	}
	return 0;
}

int
cl_query_is_sql(const char *q)
{
	const char *p = cl_q_pipe(q);

	return p && cl_q_has_word(p + 1, "select");
}

int
cl_query_has_limit(const char *q)
{
	const char *p = cl_q_pipe(q);

	return p && cl_q_has_word(p + 1, "limit");
}

long
cl_reask_ms(int n)
{
	return 200L << (n < 4 ? (n < 0 ? 0 : n) : 4);
}

/* ---- the query job ---- */

enum { QS_FREE, QS_FLIGHT, QS_HELD };

struct cl_qslot {
	struct cl_qjob *j;
	int state;
	int64_t off;
	int line;
	uint64_t id;
	int reasks;
	int v1;
	struct cl_logs page;
};

struct cl_qjob {
	struct cl_client *c;
	struct cl_qspec s;
	char *project, *logstore, *query, *topic;
	cl_qpage_fn *fn;
	void *ud;
	struct cl_qstat st;
	struct cl_qslot *slot;
	int nslot;
	int paged;           /* offset/LIMIT paging (else one request) */
	int64_t next_off;    /* next page to ask for */
	int64_t want_off;    /* next page to deliver */
	int64_t end_off;     /* no rows at or past this offset (-1 unknown) */
	int64_t start;       /* first row asked for */
	int ended;
	int win, cap;        /* requests in flight at most: now, and the ceiling */
	int clean;           /* answers since the window last changed */
	uint64_t *seen;      /* dedupe: hashes of rows delivered (0 = empty slot) */
	size_t nseen, capseen;
};

static void cl_qjob_pump(struct cl_qjob *j);

/* The query text for a page: "| with_pack_meta" for searches that want
 * it, "limit OFF,N" for paged SQL. */
static char *
cl_qjob_text(const struct cl_qjob *j, const struct cl_qslot *sl)
{
	const char *q = cl_q_text(j->query);
	size_t n = strlen(q) + 64;
	char *out = xmalloc(n);

	if (j->st.sql && j->paged)
		snprintf(out, n, "%s limit %lld,%d", q, (long long)sl->off, sl->line);
	else if (!j->st.sql && j->s.with_pack_meta && cl_q_pipe(q) == NULL)
		snprintf(out, n, "%s | with_pack_meta", q);
	else
		snprintf(out, n, "%s", q);
	return out;
}

static void cl_qjob_done_cb(void *ud, const struct cl_resp *rs, const struct cl_err *err);

static void
cl_qjob_send(struct cl_qjob *j, struct cl_qslot *sl, long delay_ms)
{
	struct cl_query q;
	struct cl_call call;
	struct cl_args a;
	char *text = cl_qjob_text(j, sl);

	memset(&q, 0, sizeof q);
	q.project = j->project;
	q.logstore = j->logstore;
	q.from = j->s.q.from;
	q.to = j->s.q.to;
	q.query = text;
	q.topic = j->topic;
	q.reverse = j->s.q.reverse;
	q.power_sql = j->s.q.power_sql;
	q.offset = j->st.sql ? 0 : sl->off;
	q.line = j->st.sql ? 100 : sl->line;
	cl_args_init(&a);
	sl->v1 = j->st.v1;
	if (sl->v1)
		cl_api_get_logs_v1(&call, &a, &q);
	else
		cl_api_get_logs_v2(&call, &a, &q);
	call.delay_ms = delay_ms;
	sl->state = QS_FLIGHT;
	j->st.requests++;
	sl->id = cl_send(j->c, &call, cl_qjob_done_cb, sl);
	cl_args_free(&a);
	free(text);
}

static void
cl_qjob_abandon(struct cl_qjob *j, struct cl_qslot *sl)
{
	if (sl->state == QS_FLIGHT)
		cl_abandon(j->c, sl->id);
	if (sl->state == QS_HELD)
		cl_logs_free(&sl->page);
	sl->state = QS_FREE;
}

static void
cl_qjob_finish(struct cl_qjob *j, const struct cl_err *err)
{
	int i;

	for (i = 0; i < j->nslot; i++)
		cl_qjob_abandon(j, &j->slot[i]);
	j->ended = 1;
	j->st.done = 1;
	j->fn(j->ud, NULL, err);
}

/* Is this v2 failure the sign of a server without GetLogs v2? */
static int
cl_qjob_no_v2(const struct cl_err *err)
{
	size_t n = strlen(err->code);

	if (err->st != CL_E_HTTP || (err->http != 404 && err->http != 405 && err->http != 501))
		return 0;
	return !(n > 8 && strcmp(err->code + n - 8, "NotExist") == 0);
}

/* A page arrived (complete or out of re-asks): note where the data ends. */
static void
cl_qjob_arrived(struct cl_qjob *j, struct cl_qslot *sl)
{
	int i;

	sl->state = QS_HELD;
	if (!sl->page.complete)
		j->st.complete = 0;
	if (!j->paged || (int64_t)sl->page.nrows >= sl->line)
		return;
	if (j->end_off < 0 || sl->off + (int64_t)sl->page.nrows < j->end_off)
		j->end_off = sl->off + (int64_t)sl->page.nrows;
	for (i = 0; i < j->nslot; i++)
		if (j->slot[i].state != QS_FREE && j->slot[i].off > sl->off)
			cl_qjob_abandon(j, &j->slot[i]);
}

/* The window: one more request in flight per clean answer (up to the
 * ceiling), half as many after a refusal for load. */
static void
cl_qjob_window(struct cl_qjob *j, int throttled)
{
	if (throttled) {
		j->st.throttled++;
		j->win = j->win > 1 ? j->win / 2 : 1;
	} else if (j->win < j->cap) {
		j->win++;
	}
	j->st.inflight = j->win;
	if (j->win > j->st.inflight_peak)
		j->st.inflight_peak = j->win;
}

/* A 64-bit FNV-1a of a row's pack id and pack meta, 0 when it has none. */
static uint64_t
cl_qjob_row_hash(const struct cl_logs *l, const struct cl_row *r)
{
	size_t n1 = 0, n2 = 0, i;
	const char *id = cl_row_get(l, r, "__tag__:__pack_id__", &n1);
	const char *meta = cl_row_get(l, r, "__pack_meta__", &n2);
	uint64_t h = 1469598103934665603ULL;

	if (id == NULL || meta == NULL)
		return 0;
	for (i = 0; i < n1; i++)
		h = (h ^ (unsigned char)id[i]) * 1099511628211ULL;
	h = (h ^ 0xff) * 1099511628211ULL;
	for (i = 0; i < n2; i++)
		h = (h ^ (unsigned char)meta[i]) * 1099511628211ULL;
	return h ? h : 1;
}

/* Add h to the seen set; 1 when it was there already. */
static int
cl_qjob_seen(struct cl_qjob *j, uint64_t h)
{
	size_t i;

	if (2 * (j->nseen + 1) > j->capseen) {
		uint64_t *old = j->seen;
		size_t oldcap = j->capseen;

		j->capseen = oldcap ? oldcap * 2 : 1024;
		j->seen = xcalloc(j->capseen, sizeof *j->seen);
		j->nseen = 0;
		for (i = 0; i < oldcap; i++)
			if (old[i])
				(void)cl_qjob_seen(j, old[i]);
		free(old);
	}
	for (i = (size_t)(h % j->capseen); j->seen[i]; i = (i + 1) % j->capseen)
		if (j->seen[i] == h)
			return 1;
	j->seen[i] = h;
	j->nseen++;
	return 0;
}

/* Drop the rows of page that were delivered before. */
static void
cl_qjob_dedupe(struct cl_qjob *j, struct cl_logs *page)
{
	size_t i, w = 0;

	for (i = 0; i < page->nrows; i++) {
		uint64_t h = cl_qjob_row_hash(page, &page->rows[i]);

		if (h && cl_qjob_seen(j, h)) {
			j->st.repeats++;
			continue;
		}
		page->rows[w++] = page->rows[i];
	}
	page->nrows = w;
}

/* One answer to a slot's request: a page kept, re-asked, or the end. */
static void
cl_qjob_reply(void *ud, const struct cl_resp *rs, const struct cl_err *err)
{
	struct cl_qslot *sl = ud;
	struct cl_qjob *j = sl->j;
	struct cl_err perr;
	int rc;

	if (err->st == CL_OK) {
		cl_logs_init(&sl->page);
		rc = sl->v1 ? cl_parse_logs_v1(rs, &sl->page, &perr)
			    : cl_parse_logs_v2(rs, &sl->page, &perr);
		if (rc != 0) {
			cl_logs_free(&sl->page);
			sl->state = QS_FREE;
			cl_qjob_finish(j, &perr);
			return;
		}
		cl_stats_meta(j->c, sl->page.processed_rows, sl->page.elapsed_ms, !sl->page.complete);
		if (!sl->page.complete && sl->reasks < j->s.max_reask) {
			long d = cl_reask_ms(sl->reasks);

			cl_logs_free(&sl->page);
			sl->reasks++;
			j->st.reasks++;
			cl_qjob_send(j, sl, d);
			return;
		}
		cl_qjob_window(j, rs->throttled);
		cl_qjob_arrived(j, sl);
		cl_qjob_pump(j);
		return;
	}
	sl->state = QS_FREE;
	if (!sl->v1 && !j->st.v1 && cl_qjob_no_v2(err)) {
		j->st.v1 = 1;
		cl_qjob_send(j, sl, 0);
		return;
	}
	if (sl->v1 != j->st.v1) { /* a v2 request failing after the fallback */
		cl_qjob_send(j, sl, 0);
		return;
	}
	cl_qjob_finish(j, err);
}

/* Deliver held pages in order, then fill free slots with new pages. */
static void
cl_qjob_pump(struct cl_qjob *j)
{
	int i, progress = 1, busy = 0;

	while (progress && !j->ended) {
		progress = 0;
		for (i = 0; i < j->nslot; i++) {
			struct cl_qslot *sl = &j->slot[i];

			if (sl->state != QS_HELD || sl->off != j->want_off)
				continue;
			j->want_off += sl->line;
			if (j->s.dedupe && !j->st.sql)
				cl_qjob_dedupe(j, &sl->page);
			j->st.rows += (int64_t)sl->page.nrows;
			sl->state = QS_FREE;
			j->fn(j->ud, &sl->page, NULL);
			memset(&sl->page, 0, sizeof sl->page);
			progress = 1;
		}
	}
	if (j->ended)
		return;
	for (i = 0; i < j->nslot; i++)
		busy += j->slot[i].state == QS_FLIGHT;
	for (i = 0; i < j->nslot && busy < j->win; i++) {
		struct cl_qslot *sl = &j->slot[i];
		int64_t left = j->s.limit > 0 ? j->start + j->s.limit - j->next_off : j->s.page;

		if (sl->state != QS_FREE)
			continue;
		if ((!j->paged && j->next_off > 0) || left <= 0 ||
		    (j->end_off >= 0 && j->next_off >= j->end_off))
			continue;
		sl->off = j->next_off;
		sl->line = (int)(left < j->s.page ? left : j->s.page);
		sl->reasks = 0;
		j->next_off += sl->line;
		cl_qjob_send(j, sl, 0);
		busy++;
	}
	for (i = 0, busy = 0; i < j->nslot; i++)
		busy |= j->slot[i].state != QS_FREE;
	if (!busy)
		cl_qjob_finish(j, NULL);
}

struct cl_qjob *
cl_qjob_start(struct cl_client *c, const struct cl_qspec *s, cl_qpage_fn *fn, void *ud)
{
	struct cl_qjob *j = xcalloc(1, sizeof *j);
	int i;

	j->c = c;
	j->s = *s;
	j->fn = fn;
	j->ud = ud;
	j->project = xstrdup(s->q.project ? s->q.project : "");
	j->logstore = xstrdup(s->q.logstore ? s->q.logstore : "");
	j->query = xstrdup(cl_q_text(s->q.query));
	j->topic = s->q.topic ? xstrdup(s->q.topic) : NULL;
	j->st.sql = cl_query_is_sql(j->query);
	j->st.v1 = s->force_v1;
	j->st.complete = 1;
	j->paged = !j->st.sql || !cl_query_has_limit(j->query);
	if (j->s.page <= 0)
		j->s.page = j->st.sql ? 10000 : 100;
	if (!j->st.sql && j->s.page > 100)
		j->s.page = 100;
	/* the window: fixed when asked for, else adaptive; slots for held
	 * pages beyond it, so a slow page does not stall the others */
	j->cap = j->s.inflight > 0 ? j->s.inflight : CL_QJOB_CAP;
	j->win = j->s.inflight > 0 ? j->s.inflight : CL_QJOB_START;
	j->st.inflight = j->st.inflight_peak = j->win;
	if (j->s.max_reask == 0)
		j->s.max_reask = CL_REASK_MAX;
	else if (j->s.max_reask < 0)
		j->s.max_reask = 0;
	if (!j->paged)
		j->s.limit = 0;
	j->end_off = -1;
	if (j->paged && s->q.offset > 0)
		j->start = j->next_off = j->want_off = s->q.offset;
	j->nslot = j->paged ? 2 * j->cap : 1;
	if (!j->paged)
		j->win = j->cap = 1;
	j->slot = xcalloc((size_t)j->nslot, sizeof *j->slot);
	for (i = 0; i < j->nslot; i++)
		j->slot[i].j = j;
	cl_qjob_pump(j);
	return j;
}

/* The re-asks of the page asked again the most, among those still asked
 * for (st.reasking). */
static void
cl_qjob_reasking(struct cl_qjob *j)
{
	int i;

	j->st.reasking = 0;
	for (i = 0; i < j->nslot; i++)
		if (j->slot[i].state == QS_FLIGHT && j->slot[i].reasks > j->st.reasking)
			j->st.reasking = j->slot[i].reasks;
}

static void
cl_qjob_done_cb(void *ud, const struct cl_resp *rs, const struct cl_err *err)
{
	struct cl_qjob *j = ((struct cl_qslot *)ud)->j;

	cl_qjob_reply(ud, rs, err);
	cl_qjob_reasking(j);
}

const struct cl_qstat *
cl_qjob_stat(const struct cl_qjob *j)
{
	return &j->st;
}

void
cl_qjob_free(struct cl_qjob *j)
{
	int i;

	if (j == NULL)
		return;
	for (i = 0; i < j->nslot; i++)
		cl_qjob_abandon(j, &j->slot[i]);
	free(j->slot);
	free(j->seen);
	free(j->project);
	free(j->logstore);
	free(j->query);
	free(j->topic);
	free(j);
}

const char *
cl_query_pipe(const char *q)
{
	return cl_q_pipe(q);
}
