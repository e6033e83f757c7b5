/*
 * sq — the query engine object (see sq.h): its lifetime, its lock, and the
 * calls that change it (index configs, ingest, drop), each taking the
 * write lock around the model's work (sq_model.c). The query entry points
 * are sq_query.c's.
 *
 * Ingest and drop never wait for the lock: when a query (up to its 15 s
 * deadline) or a re-index holds it, the change is queued (struct sq_pend)
 * and applied, in order, by the next holder of the write lock: the next
 * ingest, index change or drop, or the next query that finds the lock free.
 */
#include "sq/sq.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "proto/pb.h"
#include "sq/sq_int.h"

struct sq *
sq_new(void)
{
	struct sq *q = xcalloc(1, sizeof *q);

	pthread_rwlock_init(&q->lock, NULL);
	pthread_mutex_init(&q->pmu, NULL);
	q->ptail = &q->phead;
	q->page = pb_page_new();
	return q;
}

void
sq_free(struct sq *q)
{
	if (q == NULL)
		return;
	for (struct sq_pend *p = q->phead, *nx; p != NULL; p = nx) {
		nx = p->next;
		free(p);
	}
	for (size_t i = 0; i < q->nls; i++)
		sq_model_ls_free(q->ls[i]);
	free(q->ls);
	pb_page_free(q->page);
	pthread_mutex_destroy(&q->pmu);
	pthread_rwlock_destroy(&q->lock);
	free(q);
}

static void
sq_drop_locked(struct sq *q, int64_t id)
{
	for (size_t i = 0; i < q->nls; i++) {
		if (q->ls[i]->id == id) {
			sq_model_ls_free(q->ls[i]);
			q->ls[i] = q->ls[--q->nls];
			break;
		}
	}
}

static void
sq_pending_add(struct sq *q, int64_t ls, int shard, int64_t cursor, int64_t recv, const void *pb,
    size_t len)
{
	struct sq_pend *p = xmalloc(sizeof *p + len);

	p->next = NULL;
	p->ls = ls;
	p->shard = shard;
	p->cursor = cursor;
	p->recv = recv;
	p->len = len;
	if (len)
		memcpy(p->pb, pb, len);
	pthread_mutex_lock(&q->pmu);
	*q->ptail = p;
	q->ptail = &p->next;
	pthread_mutex_unlock(&q->pmu);
}

void
sq_pending_apply_locked(struct sq *q)
{
	struct sq_pend *p, *nx;
	struct sq_err err;

	pthread_mutex_lock(&q->pmu);
	p = q->phead;
	q->phead = NULL;
	q->ptail = &q->phead;
	pthread_mutex_unlock(&q->pmu);
	for (; p != NULL; p = nx) {
		nx = p->next;
		if (p->len == 0)
			sq_drop_locked(q, p->ls);
		else
			(void)sq_model_ingest_locked(q, p->ls, p->shard, p->cursor, p->recv, p->pb,
			    p->len, &err);
		free(p);
	}
}

void
sq_pending_try(struct sq *q)
{
	int any;

	pthread_mutex_lock(&q->pmu);
	any = q->phead != NULL;
	pthread_mutex_unlock(&q->pmu);
	if (!any || pthread_rwlock_trywrlock(&q->lock) != 0)
		return;
	sq_pending_apply_locked(q);
	pthread_rwlock_unlock(&q->lock);
}

void
sq_drop(struct sq *q, int64_t id)
{
	if (pthread_rwlock_trywrlock(&q->lock) != 0) {
		sq_pending_add(q, id, 0, 0, 0, NULL, 0);
		return;
	}
	sq_pending_apply_locked(q);
	sq_drop_locked(q, id);
	pthread_rwlock_unlock(&q->lock);
}

int
sq_ingest(struct sq *q, int64_t ls, int shard, int64_t cursor, int64_t recv, const void *pb,
    size_t len, struct sq_err *err)
{
	int rc;

	if (len == 0)
		return 0;
	if (pthread_rwlock_trywrlock(&q->lock) != 0) {
		sq_pending_add(q, ls, shard, cursor, recv, pb, len);
		return 0;
	}
	sq_pending_apply_locked(q);
	rc = sq_model_ingest_locked(q, ls, shard, cursor, recv, pb, len, err);
	pthread_rwlock_unlock(&q->lock);
	return rc;
}

int
sq_set_index(struct sq *q, int64_t ls, const char *json, struct sq_err *err)
{
	int rc;

	pthread_rwlock_wrlock(&q->lock);
	sq_pending_apply_locked(q);
	rc = sq_model_set_index_locked(q, ls, json, err);
	pthread_rwlock_unlock(&q->lock);
	return rc;
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
