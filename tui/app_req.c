/*
 * app_req — the request pool: every request the UI sends carries a slot
 * of struct app's pool, and the answer is routed by the slot's kind to
 * the pane it belongs to (stale answers of an older query are dropped).
 */
#include "tui/app_int.h"

#include <stdio.h>
#include <string.h>

#include "client/cl.h"

static void app_req_on_reply(void *ud, const struct cl_resp *rs, const struct cl_err *err);

struct app_req *
app_req_new(struct app *a, enum app_req_kind kind, const char *name)
{
	size_t i;

	for (i = 0; i < APP_NREQ; i++)
		if (!a->reqs[i].used) {
			memset(&a->reqs[i], 0, sizeof a->reqs[i]);
			a->reqs[i].used = 1;
			a->reqs[i].a = a;
			a->reqs[i].kind = kind;
			a->reqs[i].gen = a->gen;
			a->reqs[i].conn = a->conn;
			snprintf(a->reqs[i].name, sizeof a->reqs[i].name, "%s", name ? name : "");
			return &a->reqs[i];
		}
	return NULL;
}

/* The call a request of kind k answers to, for its messages. */
static const char *
app_req_what(enum app_req_kind k)
{
	return k == RQ_PROJECTS ? "ListProject" : k == RQ_LOGSTORES ? "ListLogStores"
	    : k == RQ_SHARDS ? "ListShards" : k == RQ_INDEX ? "GetIndex" : "context";
}

/* The tree node a listing request of rq fills, or -1. */
static size_t
app_req_tree_node(const struct app *a, const struct app_req *rq)
{
	if (rq->kind == RQ_SHARDS)
		return app_tree_find_ls(a, rq->conn, rq->name);
	if (rq->kind == RQ_PROJECTS)
		return app_tree_conn_root(a, rq->conn);
	if (rq->kind == RQ_LOGSTORES)
		return app_tree_find(a, rq->conn, rq->name);
	return (size_t)-1;
}

/* A tree listing the client tries again: its node says why meanwhile
 * (the spinner goes on). */
static void
app_req_on_retry(void *ud, const struct cl_err *err, int attempt, long wait_ms)
{
	struct app_req *rq = ud;
	struct app *a = rq->a;
	size_t at = app_req_tree_node(a, rq);
	char msg[300];

	(void)attempt;
	(void)wait_ms;
	app_text_err(msg, sizeof msg, app_req_what(rq->kind), err);
	a->dirty = 1;
	if (at == (size_t)-1) {
		if (rq->kind == RQ_PROJECTS)
			snprintf(a->tree.err, sizeof a->tree.err, "retrying %s", msg);
		return;
	}
	snprintf(a->tree.nodes[at].err, sizeof a->tree.nodes[at].err, "retrying %s", msg);
}

/* Send call for rq (or report that too much is in flight). Listings
 * for the tree are bounded (APP_TREE_DEADLINE_MS, retries included) and
 * show each retry's error on their node. */
void
app_req_send(struct app *a, struct app_req *rq, const struct cl_call *call)
{
	struct cl_client *c;
	struct cl_call bounded;

	if (rq == NULL) {
		app_statusf(a, 1, "too many requests in flight");
		return;
	}
	if ((c = app_conn_client(a, rq->conn)) == NULL) {
		rq->used = 0;
		return;
	}
	if (rq->kind == RQ_PROJECTS || rq->kind == RQ_LOGSTORES || rq->kind == RQ_SHARDS) {
		bounded = *call;
		bounded.deadline_ms = APP_TREE_DEADLINE_MS;
		bounded.on_retry = app_req_on_retry;
		call = &bounded;
	}
	cl_send(c, call, app_req_on_reply, rq);
}

/* A request failed: the pane it belongs to shows why (and the status
 * line, but for GetIndex, which only feeds completion). */
static void
app_req_failed(struct app *a, const struct app_req *rq, const struct cl_err *err)
{
	char msg[300];

	app_text_err(msg, sizeof msg, app_req_what(rq->kind), err);
	if (rq->kind >= RQ_CTX_FIRST) {
		a->ctx.loading = 0;
		app_text_copy(a->ctx.err, sizeof a->ctx.err, msg);
	} else if (rq->kind == RQ_SHARDS) {
		size_t at = app_tree_find_ls(a, rq->conn, rq->name);

		if (at != (size_t)-1) {
			a->tree.nodes[at].loading = 0;
			app_text_copy(a->tree.nodes[at].err, sizeof a->tree.nodes[at].err, msg);
		}
	} else if (rq->kind == RQ_PROJECTS || rq->kind == RQ_LOGSTORES) {
		size_t at = rq->kind == RQ_PROJECTS ? app_tree_conn_root(a, rq->conn)
						    : app_tree_find(a, rq->conn, rq->name);

		a->tree.loading = 0;
		if (at != (size_t)-1) {
			a->tree.nodes[at].loading = 0;
			app_text_copy(a->tree.nodes[at].err, sizeof a->tree.nodes[at].err, msg);
		} else {
			app_text_copy(a->tree.err, sizeof a->tree.err, msg);
		}
	}
	if (rq->kind != RQ_INDEX)
		app_status_req(a, rq->kind >= RQ_CTX_FIRST ? AM_CTX : AM_TREE, msg);
}

/* An answer to the pane it belongs to. */
static void
app_req_route(struct app *a, struct app_req *rq, const struct cl_resp *rs,
    const struct cl_err *err)
{
	if (rq->kind == RQ_PSQL) {
		app_psql_on_reply(a, rq, rs, err);
		return;
	}
	if (err->st != CL_OK) {
		app_req_failed(a, rq, err);
		return;
	}
	if (rq->kind != RQ_INDEX)
		app_status_ok(a, rq->kind >= RQ_CTX_FIRST ? AM_CTX : AM_TREE);
	if (rq->kind == RQ_PROJECTS || rq->kind == RQ_LOGSTORES)
		app_tree_on_names(a, rq, rs);
	else if (rq->kind == RQ_SHARDS)
		app_tree_on_shards(a, rq, rs);
	else if (rq->kind == RQ_INDEX)
		app_query_on_index(a, rs);
	else
		app_ctx_on_reply(a, rq, rs);
}

static void
app_req_on_reply(void *ud, const struct cl_resp *rs, const struct cl_err *err)
{
	struct app_req *rq = ud;
	struct app *a = rq->a;

	a->dirty = 1;
	/* a context answer for an older anchor is dropped */
	if (rq->gen == a->gen || rq->kind < RQ_CTX_FIRST)
		app_req_route(a, rq, rs, err);
	rq->used = 0;
}
