/*
 * app_psql — project SQL in the UI (GetProjectLogs: SQL over a project's
 * logstores, joins included): `:project-query SQL`, or P on a project row
 * of the tree (the command line opens for it). The answer is an SQL table
 * like any other, with the same sort, scroll and export keys; the query
 * line shows the statement and the project; there is no histogram. A query
 * of one's own (/ then Enter), or opening a logstore, leaves it.
 */
#include "tui/app_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "client/cl.h"
#include "client/cl_query.h"

void
app_psql_run(struct app *a, const char *project, const char *sql)
{
	struct cl_args args;
	struct cl_call call;

	if (project == NULL || *project == '\0') {
		app_statusf(a, 1, ":project-query: choose a project in the tree first");
		return;
	}
	free(a->q.psql);
	free(a->q.psql_project);
	a->q.psql = xstrdup(sql);
	a->q.psql_project = xstrdup(project);
	a->gen++;
	app_stats_mark(a);
	app_results_reset(a);
	app_hist_reset(a);
	app_ctx_close(a);
	app_detail_close(a);
	app_an_close(a);
	app_drill_free(a);
	a->res.sql = 1;
	a->res.done = 0;
	cl_args_init(&args);
	cl_api_get_project_logs(&call, &args, project, sql, 0);
	app_req_send(a, app_req_new(a, RQ_PSQL, project), &call);
	cl_args_free(&args);
	a->focus = AF_RESULTS;
	a->dirty = 1;
}

void
app_psql_on_reply(struct app *a, struct app_req *rq, const struct cl_resp *rs,
    const struct cl_err *err)
{
	struct cl_logs l;
	struct cl_err perr;

	if (rq->gen != a->gen || a->q.psql == NULL)
		return; /* another query came since */
	a->res.done = 1;
	if (err->st != CL_OK) {
		app_text_err(a->res.err, sizeof a->res.err, "GetProjectLogs", err);
		app_status_req(a, AM_QUERY, a->res.err);
		return;
	}
	cl_logs_init(&l);
	if (cl_parse_logs_v1(rs, &l, &perr) != 0) {
		cl_logs_free(&l);
		app_text_err(a->res.err, sizeof a->res.err, "GetProjectLogs reply", &perr);
		app_status_req(a, AM_QUERY, a->res.err);
		return;
	}
	app_status_ok(a, AM_QUERY);
	a->res.complete = l.complete;
	a->res.elapsed_ms = l.elapsed_ms;
	if (app_rows_add(&a->res.rows, &l, 0, l.nrows, a->res.rows.n) != 0)
		app_statusf(a, 1, "results are full: narrow the statement");
}

/* Leave project SQL (a query of the open logstore's comes next). */
void
app_psql_leave(struct app *a)
{
	free(a->q.psql);
	free(a->q.psql_project);
	a->q.psql = a->q.psql_project = NULL;
}

/* The project a :project-query is for: the tree's selected project row
 * (or the project of its selected logstore) while the tree has the focus,
 * else the project of the open logstore or of the last project SQL. */
static const char *
app_psql_project(const struct app *a)
{
	size_t i = a->tree.pos.sel;

	if (a->focus == AF_TREE && i < a->tree.nnodes) {
		while (i > 0 && a->tree.nodes[i].depth > 0)
			i--;
		if (a->tree.nodes[i].depth == 0)
			return a->tree.nodes[i].name;
	}
	return a->q.psql_project ? a->q.psql_project : a->q.project;
}

void
app_psql_cmd(struct app *a, const char *sql)
{
	const char *p = app_psql_project(a);
	char *copy = p ? xstrdup(p) : NULL;

	if (copy && a->focus == AF_TREE && a->tree.pos.sel < a->tree.nnodes)
		app_conn_use(a, a->tree.nodes[a->tree.pos.sel].conn);
	app_psql_run(a, copy, sql);
	free(copy);
}

/* P on a project row of the tree: the command line, ready for the SQL. */
int
app_psql_tree_key(struct app *a)
{
	if (a->tree.pos.sel >= a->tree.nnodes || a->tree.nodes[a->tree.pos.sel].depth != 0)
		return 0;
	a->cmd.on = 1;
	a->cmd.listing = 0;
	app_text_copy(a->cmd.buf, sizeof a->cmd.buf, "project-query ");
	return 1;
}
