/*
 * sq — the query engine object (see sq.h): its lifetime, its lock, and the
 * calls that change it (index configs, ingest, drop), each taking the
 * write lock around the model's work (sq_model.c). The query entry points
 * are sq_query.c's.
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
	q->page = pb_page_new();
	return q;
}

void
sq_free(struct sq *q)
{
	if (q == NULL)
		return;
	for (size_t i = 0; i < q->nls; i++)
		sq_model_ls_free(q->ls[i]);
	free(q->ls);
	pb_page_free(q->page);
	pthread_rwlock_destroy(&q->lock);
	free(q);
}

void
sq_drop(struct sq *q, int64_t id)
{
	pthread_rwlock_wrlock(&q->lock);
	for (size_t i = 0; i < q->nls; i++) {
		if (q->ls[i]->id == id) {
			sq_model_ls_free(q->ls[i]);
			q->ls[i] = q->ls[--q->nls];
			break;
		}
	}
	pthread_rwlock_unlock(&q->lock);
}

int
sq_ingest(struct sq *q, int64_t ls, int shard, int64_t cursor, int64_t recv, const void *pb,
    size_t len, struct sq_err *err)
{
	int rc;

	pthread_rwlock_wrlock(&q->lock);
	rc = sq_model_ingest_locked(q, ls, shard, cursor, recv, pb, len, err);
	pthread_rwlock_unlock(&q->lock);
	return rc;
}

int
sq_set_index(struct sq *q, int64_t ls, const char *json, struct sq_err *err)
{
	int rc;

	pthread_rwlock_wrlock(&q->lock);
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
