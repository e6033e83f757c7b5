/*
 * sq — the query engine object (see sq.h): its lifetime, its locks, and
 * the calls that change it (index configs, ingest, drop). The query entry
 * points are sq_query.c's; the model's work is sq_model.c's.
 *
 * Locks: q->mu is held only to find a logstore and count its holders;
 * each logstore has its own rwlock. Ingest never waits for it: when a
 * query (up to its 15 s deadline) or a re-index holds it, the group is
 * queued on that logstore (at most q->pend_max bytes, then
 * WriteQuotaExceed) and applied, in order, by the next holder of its write
 * lock: the next ingest, index change, or query of that logstore. A query
 * waits at most SQ_READ_WAIT_MS for its logstore, then answers ServerBusy.
 * A re-index builds under the read lock (queries of the logstore go on)
 * and takes the write lock only to swap the new term index in.
 * Queries of several logstores (GetProjectLogs) settle each first and then
 * read-lock them in id order, never waiting for a write lock while holding
 * a read lock, so no two requests wait for each other.
 */
#include "sq/sq.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/xalloc.h"
#include "proto/pb.h"
#include "sq/sq_int.h"

struct sq *
sq_new(void)
{
	struct sq *q = xcalloc(1, sizeof *q);

	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->work_cv, NULL);
	q->pend_max = SQ_PEND_MAX;
	q->read_wait = SQ_READ_WAIT_MS;
	return q;
}

static void
sq_ls_destroy(struct sq_ls *ls)
{
	for (struct sq_pend *p = ls->phead, *nx; p != NULL; p = nx) {
		nx = p->next;
		pb_page_free(p->page);
		free(p);
	}
	for (int i = 0; i < ls->nspare; i++)
		pb_page_free(ls->spare[i]);
	pthread_rwlock_destroy(&ls->lock);
	pthread_mutex_destroy(&ls->pmu);
	pthread_cond_destroy(&ls->pcv);
	pthread_mutex_destroy(&ls->imu);
	pb_page_free(ls->page);
	sq_model_ls_free(ls);
}

void
sq_free(struct sq *q)
{
	if (q == NULL)
		return;
	pthread_mutex_lock(&q->mu);
	q->worker_stop = 1;
	pthread_cond_broadcast(&q->work_cv);
	pthread_mutex_unlock(&q->mu);
	if (q->worker_on)
		pthread_join(q->worker, NULL);
	for (size_t i = 0; i < q->nls; i++)
		sq_ls_destroy(q->ls[i]);
	free(q->ls);
	pthread_cond_destroy(&q->work_cv);
	pthread_mutex_destroy(&q->mu);
	free(q);
}

void
sq_set_pending_max(struct sq *q, size_t bytes)
{
	pthread_mutex_lock(&q->mu);
	q->pend_max = bytes;
	pthread_mutex_unlock(&q->mu);
}

void
sq_set_read_wait(struct sq *q, int64_t ms)
{
	pthread_mutex_lock(&q->mu);
	q->read_wait = ms;
	pthread_mutex_unlock(&q->mu);
}

/* The read deadline, SQ_READ_WAIT_MS (or as set) from now. */
static void
sq_read_deadline(struct sq *q, struct timespec *ts)
{
	int64_t ms;

	pthread_mutex_lock(&q->mu);
	ms = q->read_wait;
	pthread_mutex_unlock(&q->mu);
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000;
	if (ts->tv_nsec >= 1000000000) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000;
	}
}

static struct sq_ls *
sq_ls_find_locked(struct sq *q, int64_t id)
{
	for (size_t i = 0; i < q->nls; i++)
		if (q->ls[i]->id == id)
			return q->ls[i];
	return NULL;
}

struct sq_ls *
sq_ls_hold(struct sq *q, int64_t id, int create)
{
	struct sq_ls *ls;

	pthread_mutex_lock(&q->mu);
	ls = sq_ls_find_locked(q, id);
	if (ls == NULL && create) {
		ls = sq_model_ls_new(id);
		pthread_rwlock_init(&ls->lock, NULL);
		pthread_mutex_init(&ls->pmu, NULL);
		pthread_cond_init(&ls->pcv, NULL);
		pthread_mutex_init(&ls->imu, NULL);
		ls->ptail = &ls->phead;
		ls->page = pb_page_new();
		if (q->nls == q->capls) {
			q->capls = q->capls ? q->capls * 2 : 8;
			q->ls = xreallocarray(q->ls, q->capls, sizeof *q->ls);
		}
		q->ls[q->nls++] = ls;
	}
	if (ls != NULL)
		ls->refs++;
	pthread_mutex_unlock(&q->mu);
	return ls;
}

void
sq_ls_put(struct sq *q, struct sq_ls *ls)
{
	int last;

	if (ls == NULL)
		return;
	pthread_mutex_lock(&q->mu);
	last = --ls->refs == 0 && ls->dropped;
	pthread_mutex_unlock(&q->mu);
	if (last)
		sq_ls_destroy(ls);
}

void
sq_drop(struct sq *q, int64_t id)
{
	struct sq_ls *ls;
	int now = 0;

	pthread_mutex_lock(&q->mu);
	if ((ls = sq_ls_find_locked(q, id)) != NULL) {
		for (size_t i = 0; i < q->nls; i++)
			if (q->ls[i] == ls)
				q->ls[i] = q->ls[--q->nls];
		ls->dropped = 1;
		now = ls->refs == 0;
	}
	pthread_mutex_unlock(&q->mu);
	if (now)
		sq_ls_destroy(ls);
}

/* A page the engine is done with: kept for sq_page_get, or freed. */
static void
sq_ls_spare(struct sq_ls *ls, struct pb_page *pg)
{
	pthread_mutex_lock(&ls->pmu);
	if (ls->nspare < SQ_SPARE) {
		pb_page_clear(pg);
		ls->spare[ls->nspare++] = pg;
		pg = NULL;
	}
	pthread_mutex_unlock(&ls->pmu);
	pb_page_free(pg);
}

/* One group into ls (its write lock held): its page pg, then kept for
 * sq_page_get, or its bytes pb. */
static void
sq_ls_ingest_locked(struct sq_ls *ls, int shard, int64_t cursor, int64_t recv, const void *pb,
    size_t len, struct pb_page *pg)
{
	struct sq_err err;

	if (pg == NULL) {
		(void)sq_model_ingest_locked(ls, shard, cursor, recv, pb, len, &err);
		return;
	}
	(void)sq_model_ingest_page_locked(ls, shard, cursor, recv, pg, &err);
	sq_ls_spare(ls, pg);
}

/* Apply ls's queue (its write lock held). */
static void
sq_ls_apply_locked(struct sq_ls *ls)
{
	struct sq_pend *p, *nx;

	pthread_mutex_lock(&ls->pmu);
	p = ls->phead;
	ls->phead = NULL;
	ls->ptail = &ls->phead;
	ls->pbytes = 0;
	pthread_cond_broadcast(&ls->pcv);
	pthread_mutex_unlock(&ls->pmu);
	for (; p != NULL; p = nx) {
		nx = p->next;
		sq_ls_ingest_locked(ls, p->shard, p->cursor, p->recv, p->pb, p->len, p->page);
		free(p);
	}
}

/* Queue a group on ls; -1 when the queue is full (it holds more than the
 * engine's limit, or than cap when cap is not 0). */
static int
sq_ls_queue(struct sq *q, struct sq_ls *ls, int shard, int64_t cursor, int64_t recv,
    const void *pb, size_t len, struct pb_page *pg, size_t cap)
{
	struct sq_pend *p;
	size_t max;
	int rc = -1;

	pthread_mutex_lock(&q->mu);
	max = q->pend_max;
	pthread_mutex_unlock(&q->mu);
	if (cap > 0 && cap < max)
		max = cap;
	pthread_mutex_lock(&ls->pmu);
	if (ls->pbytes + len <= max) {
		p = xmalloc(sizeof *p + (pg != NULL ? 0 : len));
		p->next = NULL;
		p->shard = shard;
		p->cursor = cursor;
		p->recv = recv;
		p->len = len;
		p->page = pg;
		if (pg == NULL)
			memcpy(p->pb, pb, len);
		*ls->ptail = p;
		ls->ptail = &p->next;
		ls->pbytes += len;
		rc = 0;
	}
	pthread_mutex_unlock(&ls->pmu);
	return rc;
}

void
sq_set_loading(struct sq *q, int64_t id, int loading, int64_t complete_from)
{
	struct sq_ls *ls = sq_ls_hold(q, id, 1);

	__atomic_store_n(&ls->loaded_from, complete_from, __ATOMIC_RELAXED);
	__atomic_store_n(&ls->loading, loading, __ATOMIC_RELEASE);
	sq_ls_put(q, ls);
}

void
sq_ls_load_state(struct sq *q, int64_t id, struct sq_loadst *st)
{
	struct sq_ls *ls = sq_ls_hold(q, id, 0);

	st->loading = 0;
	st->from = 0;
	if (ls == NULL)
		return;
	st->loading = __atomic_load_n(&ls->loading, __ATOMIC_ACQUIRE);
	st->from = __atomic_load_n(&ls->loaded_from, __ATOMIC_RELAXED);
	sq_ls_put(q, ls);
}

int
sq_ls_missing(const struct sq_loadst *st, int64_t t)
{
	/* rows of the very second the newest part starts may be in the rest */
	return st->loading && t <= st->from;
}

int
sq_ingest_room(struct sq *q, int64_t id, size_t len)
{
	struct sq_ls *ls = sq_ls_hold(q, id, 0);
	size_t max;
	int room = 1;

	if (ls == NULL)
		return 1;
	pthread_mutex_lock(&q->mu);
	max = q->pend_max;
	pthread_mutex_unlock(&q->mu);
	pthread_mutex_lock(&ls->pmu);
	if (ls->pbytes + len > max)
		room = 0;
	pthread_mutex_unlock(&ls->pmu);
	if (!room && pthread_rwlock_trywrlock(&ls->lock) == 0) {
		sq_ls_apply_locked(ls); /* free now: the queue drains */
		pthread_rwlock_unlock(&ls->lock);
		room = 1;
	}
	sq_ls_put(q, ls);
	return room;
}

int
sq_ingest(struct sq *q, int64_t id, int shard, int64_t cursor, int64_t recv, const void *pb,
    size_t len, struct sq_err *err)
{
	struct sq_ls *ls;
	int rc = 0;

	if (len == 0)
		return 0;
	ls = sq_ls_hold(q, id, 1);
	if (pthread_rwlock_trywrlock(&ls->lock) != 0) {
		if (sq_ls_queue(q, ls, shard, cursor, recv, pb, len, NULL, 0) != 0) {
			sq_err_set(err, "WriteQuotaExceed",
			    "logstore busy with a query and its ingest queue full, retry later");
			rc = -1;
		}
	} else {
		sq_ls_apply_locked(ls);
		rc = sq_model_ingest_locked(ls, shard, cursor, recv, pb, len, err);
		pthread_rwlock_unlock(&ls->lock);
	}
	sq_ls_put(q, ls);
	return rc;
}

/* The indexer: applies each logstore's queue under its write lock, until
 * sq_free stops it. */
static void *
sq_worker(void *arg)
{
	struct sq *q = arg;

	pthread_mutex_lock(&q->mu);
	while (!q->worker_stop) {
		struct sq_ls *ls = NULL;

		for (size_t i = 0; i < q->nls && ls == NULL; i++) {
			pthread_mutex_lock(&q->ls[i]->pmu);
			if (q->ls[i]->phead != NULL)
				ls = q->ls[i];
			pthread_mutex_unlock(&q->ls[i]->pmu);
		}
		if (ls == NULL) {
			pthread_cond_wait(&q->work_cv, &q->mu);
			continue;
		}
		ls->refs++;
		pthread_mutex_unlock(&q->mu);
		pthread_rwlock_wrlock(&ls->lock);
		sq_ls_apply_locked(ls);
		pthread_rwlock_unlock(&ls->lock);
		sq_ls_put(q, ls);
		pthread_mutex_lock(&q->mu);
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

/* sq_ingest_wait of the group's bytes pb, or of its page pg (the
 * engine's from now). */
static void
sq_ingest_wait_any(struct sq *q, int64_t id, int shard, int64_t cursor, int64_t recv,
    const void *pb, size_t len, struct pb_page *pg)
{
	struct sq_ls *ls;
	int queued = 0, on;

	ls = sq_ls_hold(q, id, 1);
	pthread_mutex_lock(&q->mu);
	if (!q->worker_on && pthread_create(&q->worker, NULL, sq_worker, q) == 0)
		q->worker_on = 1;
	on = q->worker_on;
	pthread_mutex_unlock(&q->mu);
	while (on && !(queued = sq_ls_queue(q, ls, shard, cursor, recv, pb, len, pg,
	    SQ_BULK_PEND) == 0)) {
		int empty;

		pthread_mutex_lock(&ls->pmu);
		empty = ls->pbytes == 0; /* a group larger than the whole queue */
		if (!empty)
			pthread_cond_wait(&ls->pcv, &ls->pmu);
		pthread_mutex_unlock(&ls->pmu);
		if (empty)
			break;
	}
	if (!queued) { /* no thread to be had, or too large to queue: index it here */
		pthread_rwlock_wrlock(&ls->lock);
		sq_ls_apply_locked(ls);
		sq_ls_ingest_locked(ls, shard, cursor, recv, pb, len, pg);
		pthread_rwlock_unlock(&ls->lock);
	} else {
		pthread_mutex_lock(&q->mu);
		pthread_cond_signal(&q->work_cv);
		pthread_mutex_unlock(&q->mu);
	}
	sq_ls_put(q, ls);
}

void
sq_ingest_wait(struct sq *q, int64_t id, int shard, int64_t cursor, int64_t recv, const void *pb,
    size_t len)
{
	if (len > 0)
		sq_ingest_wait_any(q, id, shard, cursor, recv, pb, len, NULL);
}

void
sq_ingest_page_wait(struct sq *q, int64_t id, int shard, int64_t cursor, int64_t recv,
    struct pb_page *pg, size_t len)
{
	sq_ingest_wait_any(q, id, shard, cursor, recv, NULL, len, pg);
}

struct pb_page *
sq_page_get(struct sq *q, int64_t id)
{
	struct sq_ls *ls = sq_ls_hold(q, id, 1);
	struct pb_page *pg = NULL;

	pthread_mutex_lock(&ls->pmu);
	if (ls->nspare > 0)
		pg = ls->spare[--ls->nspare];
	pthread_mutex_unlock(&ls->pmu);
	sq_ls_put(q, ls);
	return pg != NULL ? pg : pb_page_new();
}

int
sq_set_index(struct sq *q, int64_t id, const char *json, struct sq_err *err)
{
	struct sq_index *ix = NULL;
	struct sq_ixbuild *b;
	struct sq_ls *ls;

	/* parsed before any lock: a 2 MB config costs its readers nothing */
	if (json != NULL && sq_tok_index_parse(json, &ix, err) != 0)
		return -1;
	ls = sq_ls_hold(q, id, 1);
	pthread_mutex_lock(&ls->imu);
	/* built under the read lock: queries of this logstore go on (ingest
	 * is queued); then swapped in under the write lock, a moment */
	pthread_rwlock_rdlock(&ls->lock);
	b = sq_index_build(ls, ix);
	if (q->reindex_hook != NULL)
		q->reindex_hook(q->reindex_ctx, id);
	pthread_rwlock_unlock(&ls->lock);
	pthread_rwlock_wrlock(&ls->lock);
	sq_index_install(ls, b);
	sq_ls_apply_locked(ls);
	pthread_rwlock_unlock(&ls->lock);
	pthread_mutex_unlock(&ls->imu);
	sq_ls_put(q, ls);
	return 0;
}

/* Its queue applied and its rows settled, if it has either; -1 when the
 * write lock is not had by dl. */
static int
sq_ls_prepare(struct sq_ls *ls, const struct timespec *dl)
{
	int work;

	if (pthread_rwlock_timedrdlock(&ls->lock, dl) != 0)
		return -1;
	pthread_mutex_lock(&ls->pmu);
	work = ls->phead != NULL;
	pthread_mutex_unlock(&ls->pmu);
	work |= ls->ntail != 0;
	pthread_rwlock_unlock(&ls->lock);
	if (!work)
		return 0;
	if (pthread_rwlock_timedwrlock(&ls->lock, dl) != 0)
		return -1;
	sq_ls_apply_locked(ls);
	sq_model_ls_settle(ls);
	pthread_rwlock_unlock(&ls->lock);
	return 0;
}

int
sq_ls_read(struct sq *q, int64_t id, struct sq_ls **out, struct sq_err *err)
{
	struct sq_ls *ls = sq_ls_hold(q, id, 0);
	struct timespec dl;

	*out = NULL;
	if (ls == NULL)
		return 0;
	sq_read_deadline(q, &dl);
	if (sq_ls_prepare(ls, &dl) != 0 || pthread_rwlock_timedrdlock(&ls->lock, &dl) != 0) {
		sq_ls_put(q, ls);
		sq_err_set(err, "ServerBusy", "logstore is being re-indexed, retry later");
		return -1;
	}
	*out = ls;
	return 0;
}

/* Several logstores at once (GetProjectLogs): every one prepared first,
 * then read-locked in id order (ids sorted, distinct). */
int
sq_ls_read_many(struct sq *q, const int64_t *ids, size_t n, struct sq_ls **out,
    struct sq_err *err)
{
	struct timespec dl;
	size_t i, nlocked = 0;

	sq_read_deadline(q, &dl);
	for (i = 0; i < n; i++)
		out[i] = sq_ls_hold(q, ids[i], 0);
	for (i = 0; i < n; i++)
		if (out[i] != NULL && sq_ls_prepare(out[i], &dl) != 0)
			goto busy;
	for (i = 0; i < n; i++, nlocked++)
		if (out[i] != NULL && pthread_rwlock_timedrdlock(&out[i]->lock, &dl) != 0)
			goto busy;
	return 0;
busy:
	for (size_t j = 0; j < n; j++) {
		if (out[j] != NULL && j < nlocked)
			pthread_rwlock_unlock(&out[j]->lock);
		sq_ls_put(q, out[j]);
		out[j] = NULL;
	}
	sq_err_set(err, "ServerBusy", "logstore is being re-indexed, retry later");
	return -1;
}

void
sq_ls_unread(struct sq *q, struct sq_ls *ls)
{
	if (ls == NULL)
		return;
	pthread_rwlock_unlock(&ls->lock);
	sq_ls_put(q, ls);
}

void
sq_result_free(struct sq_result *r)
{
	if (r == NULL)
		return;
	free(r->body);
	free(r->body_v1);
	free(r->where_query);
	free(r->agg_query);
	free(r->query_info);
	free(r->next_token);
	memset(r, 0, sizeof *r);
}

void
sq_err_set(struct sq_err *e, const char *code, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return;
	snprintf(e->code, sizeof e->code, "%s", code);
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
}
