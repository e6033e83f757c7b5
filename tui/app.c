/*
 * app — the terminal UI's event loop, keys and requests (see app.h).
 */
#include "tui/app.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/clk.h"
#include "base/sb.h"
#include "base/tparse.h"
#include "base/xalloc.h"
#include "client/cl.h"
#include "client/cl_api.h"
#include "client/cl_cred.h"
#include "client/cl_query.h"
#include "tui/app_int.h"
#include "tui/keymap.h"
#include "client/cl_fmt.h"
#include "tui/qedit.h"
#include "tui/scr.h"
#include "client/cl_tail.h"
#include "widgets/canvas.h"
#include "widgets/hist.h"
#include "widgets/table.h"

#define APP_PAGE_ROWS 300   /* rows asked for at a time while scrolling */
#define APP_NREQ 64

/* What an answer belongs to: requests carry a slot of this pool, so
 * nothing is left behind when the app ends with requests in flight. */
enum app_req_kind { RQ_PROJECTS, RQ_LOGSTORES, RQ_SHARDS, RQ_HIST, RQ_INDEX, RQ_CTX_FIRST, RQ_CTX_BACK,
	RQ_CTX_FWD };
struct app_req {
	struct app *a;
	int used;
	enum app_req_kind kind;
	uint64_t gen;
	int64_t offset;
	int tries;
	int conn;           /* the connection it goes through */
	char name[256];
};
static struct app_req app_reqs[APP_NREQ];

static void app_run_query(struct app *a);
static size_t app_res_page(const struct app *a);
static int app_hist_range(const struct app *a, int w, int col, int64_t *f, int64_t *t);
static void app_cmd_key(struct app *a, const struct scr_key *k);
static void app_tail_toggle(struct app *a);
static void app_tree_insert(struct app *a, size_t at, const char *name, int depth, int conn);
static void app_find(struct app *a, int dir, int skip);

static void
app_statusf(struct app *a, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->status.text, sizeof a->status.text, fmt, ap);
	va_end(ap);
	a->status.err = err;
	a->status.until = clk_mono_ms() + (err ? 8000 : 4000);
	a->dirty = 1;
}

static void
app_err_text(char *out, size_t n, const char *what, const struct cl_err *e)
{
	if (snprintf(out, n, "%s: %s%s%s%s%s", what, e->code[0] ? e->code : cl_strerror(e->st),
	    e->msg[0] ? ": " : "", e->msg, e->requestid[0] ? " (request " : "",
	    e->requestid[0] ? e->requestid : "") < 0)
		out[0] = '\0';
	if (e->requestid[0] && strlen(out) + 2 < n)
		strcat(out, ")");
}

static void
app_copy(char *dst, size_t n, const char *src)
{
	size_t k = strlen(src);

	if (k >= n)
		k = n - 1;
	memcpy(dst, src, k);
	dst[k] = '\0';
}

static struct app_req *
app_req_new(struct app *a, enum app_req_kind kind, const char *name)
{
	size_t i;

	for (i = 0; i < APP_NREQ; i++)
		if (!app_reqs[i].used) {
			memset(&app_reqs[i], 0, sizeof app_reqs[i]);
			app_reqs[i].used = 1;
			app_reqs[i].a = a;
			app_reqs[i].kind = kind;
			app_reqs[i].gen = a->gen;
			app_reqs[i].conn = a->conn;
			snprintf(app_reqs[i].name, sizeof app_reqs[i].name, "%s", name ? name : "");
			return &app_reqs[i];
		}
	return NULL;
}

static void app_on_reply(void *ud, const struct cl_resp *rs, const struct cl_err *err);

/* ---- connections ---- */

/* The client of connection k, made on first use: the configuration slsx
 * started with, with that connection's endpoint and (for a profile) its
 * keys. NULL after telling the user why not. */
static struct cl_client *
app_conn_client(struct app *a, int k)
{
	struct app_conn *cn = &a->conns[k];
	struct cl_cfg cfg;
	struct cl_cred cred;
	struct cl_err err;
	char cerr[512];

	if (cn->cl || k == 0 || a->o.cfg == NULL)
		return cn->cl;
	cfg = *a->o.cfg;
	cfg.endpoint = cn->endpoint;
	memset(&cred, 0, sizeof cred);
	if (cn->profile[0]) {
		if (cl_cred_load(cn->profile, a->o.home, &cred, cerr, sizeof cerr) < 0) {
			app_statusf(a, 1, "profile %s: %s", cn->profile, cerr);
			return NULL;
		}
		cfg.ak_id = cred.ak_id;
		cfg.ak_secret = cred.ak_secret;
		cfg.sts_token = cred.sts_token[0] ? cred.sts_token : NULL;
	}
	/* v4 needs the region of this endpoint: a region id names it */
	if (cfg.region && strpbrk(cn->endpoint, ".:/") == NULL)
		cfg.region = cn->endpoint;
	cn->cl = cl_client_new_shared(a->conns[0].cl, &cfg, &err);
	cl_cred_clear(&cred);
	if (cn->cl == NULL)
		app_statusf(a, 1, "%s: %s", cn->label, err.msg);
	return cn->cl;
}

/* Make connection k the one queries, context and the tail go through. */
static void
app_use_conn(struct app *a, int k)
{
	struct cl_client *c = app_conn_client(a, k);

	if (c == NULL)
		return;
	a->conn = k;
	a->cl = c;
}

static void
app_conn_add(struct app *a, const char *label, const char *profile, const char *endpoint)
{
	struct app_conn *cn;

	if (a->nconns >= APP_NCONN || endpoint == NULL || !*endpoint)
		return;
	cn = &a->conns[a->nconns++];
	app_copy(cn->label, sizeof cn->label, label);
	app_copy(cn->profile, sizeof cn->profile, profile);
	app_copy(cn->endpoint, sizeof cn->endpoint, endpoint);
}

/* conns[0] is what slsx started with; then every other profile of the
 * credential files (one with the same keys and endpoint is the same
 * connection), then the extra endpoints for slsx's own keys. */
static void
app_conns_init(struct app *a, struct cl_client *cl)
{
	const struct app_opts *o = &a->o;
	const char *ep0 = o->cfg && o->cfg->endpoint ? o->cfg->endpoint : "";
	char names[APP_NCONN][64], cerr[512], *list, *tok, *save = NULL;
	int n = 0, i;

	app_conn_add(a, o->profile ? o->profile : "default", o->profile ? o->profile : "",
	    ep0[0] ? ep0 : "-");
	a->conns[0].cl = cl;
	if (o->home && o->cfg)
		n = cl_cred_profiles(o->home, names, APP_NCONN);
	for (i = 0; i < n; i++) {
		struct cl_cred cred;
		const char *ep;

		if (o->profile && strcmp(names[i], o->profile) == 0)
			continue;
		if (cl_cred_load(names[i], o->home, &cred, cerr, sizeof cerr) < 0)
			continue;
		ep = cred.endpoint[0] ? cred.endpoint : ep0;
		if (!(o->cfg->ak_id && strcmp(cred.ak_id, o->cfg->ak_id) == 0 &&
		    strcmp(ep, ep0) == 0))
			app_conn_add(a, names[i], names[i], ep);
		cl_cred_clear(&cred);
	}
	if (o->endpoints && o->cfg) {
		list = xstrdup(o->endpoints);
		for (tok = strtok_r(list, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save))
			if (strcmp(tok, ep0) != 0)
				app_conn_add(a, tok, "", tok);
		free(list);
	}
	/* several: a connection level on top of the tree */
	for (i = 0; a->nconns > 1 && i < a->nconns; i++)
		app_tree_insert(a, a->tree.nnodes, a->conns[i].label, -1, i);
}

/* Send call for rq (or report that too much is in flight). */
static void
app_send(struct app *a, struct app_req *rq, const struct cl_call *call)
{
	struct cl_client *c;

	if (rq == NULL) {
		app_statusf(a, 1, "too many requests in flight");
		return;
	}
	if ((c = app_conn_client(a, rq->conn)) == NULL) {
		rq->used = 0;
		return;
	}
	cl_send(c, call, app_on_reply, rq);
}

/* A one-line text field (tree filter, tail filter, : command): Backspace
 * deletes the last character (a whole UTF-8 sequence), a printable key is
 * appended while it fits. */
static void
app_line_key(char *buf, size_t size, const struct scr_key *k)
{
	size_t n = strlen(buf);

	if (k->code == SK_BACKSPACE) {
		while (n > 0 && ((unsigned char)buf[n - 1] & 0xc0) == 0x80)
			n--;
		buf[n > 0 ? n - 1 : 0] = '\0';
	} else if (k->code >= 0x20 && k->code < 0x110000 && k->nseq > 0 && n + k->nseq < size) {
		memcpy(buf + n, k->seq, k->nseq);
		buf[n + k->nseq] = '\0';
	}
}

/* ---- rows ---- */

static void
app_rows_free(struct app_rows *r)
{
	size_t i;

	for (i = 0; i < r->npages; i++)
		cl_logs_free(&r->pages[i]);
	free(r->pages);
	free(r->start);
	free(r->ref);
	memset(r, 0, sizeof *r);
}

int
app_rows_add(struct app_rows *r, struct cl_logs *pg, size_t lo, size_t hi, size_t at)
{
	size_t k, n;
	uint64_t first = r->npages ? (uint64_t)r->start[r->npages - 1] +
	    r->pages[r->npages - 1].nrows : 0;

	if (hi > pg->nrows)
		hi = pg->nrows;
	n = hi > lo ? hi - lo : 0;
	if (first + pg->nrows >= UINT32_MAX) {
		cl_logs_free(pg);
		return -1;
	}
	cl_logs_shrink(pg);
	r->pages = xreallocarray(r->pages, r->npages + 1, sizeof *r->pages);
	r->pages[r->npages] = *pg;
	r->start = xreallocarray(r->start, r->npages + 1, sizeof *r->start);
	r->start[r->npages] = (uint32_t)first;
	memset(pg, 0, sizeof *pg);
	if (r->n + n > r->cap) {
		r->cap = (r->n + n) * 2 + 64;
		r->ref = xreallocarray(r->ref, r->cap, sizeof *r->ref);
	}
	if (at > r->n)
		at = r->n;
	if (n > 0 && r->n > at)
		memmove(r->ref + at + n, r->ref + at, (r->n - at) * sizeof *r->ref);
	for (k = 0; k < n; k++)
		r->ref[at + k] = (uint32_t)(first + lo + k);
	r->n += n;
	r->npages++;
	return 0;
}

/* The row numbered g (see struct app_rows) and its page. */
static const struct cl_row *
app_row_of(const struct app_rows *rows, uint32_t g, const struct cl_logs **pg)
{
	size_t lo = 0, hi = rows->npages;

	while (hi - lo > 1) { /* the last page starting at or before g */
		size_t mid = lo + (hi - lo) / 2;

		if (rows->start[mid] <= g)
			lo = mid;
		else
			hi = mid;
	}
	*pg = &rows->pages[lo];
	return &(*pg)->rows[g - rows->start[lo]];
}

const struct cl_row *
app_row(const struct app_rows *rows, size_t i, const struct cl_logs **pg)
{
	if (i >= rows->n)
		return NULL;
	return app_row_of(rows, rows->ref[i], pg);
}

/* ---- tree ---- */

static void
app_tree_insert(struct app *a, size_t at, const char *name, int depth, int conn)
{
	a->tree.nodes = xreallocarray(a->tree.nodes, a->tree.nnodes + 1, sizeof *a->tree.nodes);
	memmove(a->tree.nodes + at + 1, a->tree.nodes + at, (a->tree.nnodes - at) * sizeof *a->tree.nodes);
	memset(&a->tree.nodes[at], 0, sizeof a->tree.nodes[at]);
	a->tree.nodes[at].name = xstrdup(name);
	a->tree.nodes[at].depth = depth;
	a->tree.nodes[at].conn = conn;
	a->tree.nnodes++;
	/* the selection stays on its node */
	if (a->tree.nnodes > 1 && a->tree.pos.sel >= at)
		a->tree.pos.sel++;
}

static void
app_tree_list(struct app *a, enum app_req_kind kind, int conn, const char *project,
    int64_t offset)
{
	struct cl_args args;
	struct cl_call call;
	struct app_req *rq = app_req_new(a, kind, project);

	cl_args_init(&args);
	if (kind == RQ_PROJECTS)
		cl_api_list_projects(&call, &args, offset, 500);
	else
		cl_api_list_logstores(&call, &args, project, offset, 500);
	if (rq) {
		rq->offset = offset;
		rq->conn = conn;
	}
	app_send(a, rq, &call);
	cl_args_free(&args);
}

/* The project node of conn named project, or -1. */
static size_t
app_tree_find(const struct app *a, int conn, const char *project)
{
	size_t i;

	for (i = 0; i < a->tree.nnodes; i++)
		if (a->tree.nodes[i].depth == 0 && a->tree.nodes[i].conn == conn &&
		    strcmp(a->tree.nodes[i].name, project) == 0)
			return i;
	return (size_t)-1;
}

/* The root node of conn (-1 when the tree has no connection level). */
static size_t
app_conn_root(const struct app *a, int conn)
{
	size_t i;

	for (i = 0; i < a->tree.nnodes; i++)
		if (a->tree.nodes[i].depth < 0 && a->tree.nodes[i].conn == conn)
			return i;
	return (size_t)-1;
}

/* Where a new project of conn goes: after the last node of its subtree. */
static size_t
app_conn_end(const struct app *a, int conn)
{
	size_t at = app_conn_root(a, conn);

	if (at == (size_t)-1)
		return a->tree.nnodes;
	for (at++; at < a->tree.nnodes && a->tree.nodes[at].depth >= 0; at++)
		;
	return at;
}

static void
app_tree_collapse(struct app *a, size_t i)
{
	size_t j = i + 1, k;

	while (j < a->tree.nnodes && a->tree.nodes[j].depth > a->tree.nodes[i].depth)
		j++;
	for (k = i + 1; k < j; k++)
		free(a->tree.nodes[k].name);
	memmove(a->tree.nodes + i + 1, a->tree.nodes + j, (a->tree.nnodes - j) * sizeof *a->tree.nodes);
	a->tree.nnodes -= j - i - 1;
	a->tree.nodes[i].expanded = 0;
	if (a->tree.pos.sel >= a->tree.nnodes)
		a->tree.pos.sel = a->tree.nnodes ? a->tree.nnodes - 1 : 0;
}

static void
app_on_names(struct app *a, struct app_req *rq, const struct cl_resp *rs)
{
	struct cl_names names;
	struct cl_err perr;
	size_t at, i;
	int rc = rq->kind == RQ_PROJECTS ? cl_parse_projects(rs, &names, &perr)
					 : cl_parse_logstores(rs, &names, &perr);

	if (rc != 0) {
		app_err_text(a->tree.err, sizeof a->tree.err, "list", &perr);
		return;
	}
	if (rq->kind == RQ_PROJECTS) {
		size_t root = app_conn_root(a, rq->conn);

		/* a project given with -p is there already */
		at = app_conn_end(a, rq->conn);
		for (i = 0; i < names.n; i++)
			if (app_tree_find(a, rq->conn, names.v[i]) == (size_t)-1)
				app_tree_insert(a, at++, names.v[i], 0, rq->conn);
		if (root != (size_t)-1) {
			a->tree.nodes[root].loading = 0;
			a->tree.nodes[root].expanded = 1;
		}
		a->tree.loading = 0;
	} else if ((at = app_tree_find(a, rq->conn, rq->name)) != (size_t)-1) {
		struct app_node *p = &a->tree.nodes[at];

		p->loading = 0;
		p->expanded = 1;
		at++;
		while (at < a->tree.nnodes && a->tree.nodes[at].depth > 0)
			at++;
		for (i = 0; i < names.n; i++)
			app_tree_insert(a, at + i, names.v[i], 1, rq->conn);
		if (a->o.logstore && a->o.project && strcmp(rq->name, a->o.project) == 0 &&
		    rq->conn == 0 && a->tree.pos.sel < at && a->tree.nodes[a->tree.pos.sel].depth == 0)
			for (i = 0; i < a->tree.nnodes; i++)
				if (a->tree.nodes[i].depth == 1 && a->tree.nodes[i].conn == 0 &&
				    strcmp(a->tree.nodes[i].name, a->o.logstore) == 0)
					a->tree.pos.sel = i;
	}
	/* more pages */
	if (names.n > 0 && rq->offset + (int64_t)names.n < names.total)
		app_tree_list(a, rq->kind, rq->conn, rq->name, rq->offset + (int64_t)names.n);
	cl_names_free(&names);
}

/* The logstore node of a shard node, or the node itself. */
static size_t
app_logstore_of(const struct app *a, size_t i)
{
	while (i > 0 && a->tree.nodes[i].depth > 1)
		i--;
	return i;
}

static void
app_tree_shards(struct app *a, size_t i)
{
	struct cl_args args;
	struct cl_call call;
	char name[256];
	size_t p = i;
	struct app_req *rq;

	while (p > 0 && a->tree.nodes[p].depth > 0)
		p--;
	snprintf(name, sizeof name, "%s\t%s", a->tree.nodes[p].name, a->tree.nodes[i].name);
	a->tree.nodes[i].loading = 1;
	a->tree.nodes[i].err[0] = '\0';
	cl_args_init(&args);
	cl_api_list_shards(&call, &args, a->tree.nodes[p].name, a->tree.nodes[i].name);
	rq = app_req_new(a, RQ_SHARDS, name);
	if (rq)
		rq->conn = a->tree.nodes[i].conn;
	app_send(a, rq, &call);
	cl_args_free(&args);
}

/* The logstore node of conn named "project\tlogstore", or -1. */
static size_t
app_tree_find_ls(const struct app *a, int conn, const char *pl)
{
	size_t p, n = strcspn(pl, "\t"), i;
	char project[256];

	snprintf(project, sizeof project, "%.*s", (int)n, pl);
	if ((p = app_tree_find(a, conn, project)) == (size_t)-1 || pl[n] == '\0')
		return (size_t)-1;
	for (i = p + 1; i < a->tree.nnodes && a->tree.nodes[i].depth > 0; i++)
		if (a->tree.nodes[i].depth == 1 && strcmp(a->tree.nodes[i].name, pl + n + 1) == 0)
			return i;
	return (size_t)-1;
}

static void
app_on_shards(struct app *a, struct app_req *rq, const struct cl_resp *rs)
{
	struct cl_shard *v = NULL;
	struct cl_err perr;
	size_t at = app_tree_find_ls(a, rq->conn, rq->name);
	int n = cl_parse_shards(rs, &v, &perr), i;

	if (at == (size_t)-1) {
		free(v);
		return;
	}
	a->tree.nodes[at].loading = 0;
	if (n < 0) {
		app_err_text(a->tree.nodes[at].err, sizeof a->tree.nodes[at].err, "ListShards", &perr);
		return;
	}
	a->tree.nodes[at].expanded = 1;
	for (i = 0; i < n; i++) {
		char label[160];

		snprintf(label, sizeof label, "#%d %s %.6s..%.6s", v[i].id, v[i].status,
		    v[i].begin_key, v[i].end_key);
		app_tree_insert(a, at + 1 + (size_t)i, label, 2, rq->conn);
		a->tree.nodes[at + 1 + (size_t)i].shard = v[i].id;
	}
	free(v);
}

/* ---- opening a logstore ---- */

static const char *
app_project_of(const struct app *a, size_t i)
{
	while (i > 0 && a->tree.nodes[i].depth > 0)
		i--;
	return a->tree.nodes[i].name;
}

static void
app_on_index(const struct cl_resp *rs)
{
	struct cl_index x;
	struct cl_err perr;
	const char **v;
	size_t i;

	if (cl_parse_index(rs, &x, &perr) != 0)
		return;
	v = xcalloc(x.n + 1, sizeof *v);
	for (i = 0; i < x.n; i++)
		v[i] = x.f[i].name;
	qedit_set_fields(v, x.n);
	free(v);
	cl_index_free(&x);
}

/* (Re)start the tail engine on the current logstore with the pane's
 * settings: start point, server-side SPL, one shard or all, ring size. */
static void
app_tail_start(struct app *a)
{
	struct cl_tail_cfg tc;

	cl_tail_free(a->tail.eng);
	memset(&tc, 0, sizeof tc);
	tc.project = a->q.project;
	tc.logstore = a->q.logstore;
	tc.from = a->tail.from[0] ? a->tail.from : "end";
	tc.spl = a->tail.spl[0] ? a->tail.spl : NULL;
	tc.shard = a->tail.shard;
	tc.ring_max = a->o.tail_ring;
	a->tail.eng = cl_tail_new(a->cl, &tc);
}

static void
app_open_logstore(struct app *a, const char *project, const char *logstore)
{
	struct cl_args args;
	struct cl_call call;

	free(a->q.project);
	free(a->q.logstore);
	a->q.project = xstrdup(project);
	a->q.logstore = xstrdup(logstore);
	cl_args_init(&args);
	cl_api_get_index(&call, &args, project, logstore);
	app_send(a, app_req_new(a, RQ_INDEX, NULL), &call);
	cl_args_free(&args);
	if (a->tail.eng) {
		cl_tail_free(a->tail.eng);
		a->tail.eng = NULL;
	}
	/* another logstore's tail starts at its end */
	app_copy(a->tail.from, sizeof a->tail.from, "end");
	a->tail.from_label[0] = '\0';
	if (a->tail.on)
		app_tail_start(a);
	a->ctx.on = 0;
	a->detail.on = 0;
	app_run_query(a);
}

/* ---- the query ---- */

static void
app_range_now(struct app *a)
{
	if (a->q.range_s > 0) {
		a->q.to = (int64_t)clk_wall() + 1;
		a->q.from = a->q.to - a->q.range_s;
	} else if (a->q.range_s < 0) { /* today */
		time_t now = clk_wall();
		struct tm tm;

		localtime_r(&now, &tm);
		tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
		a->q.from = (int64_t)mktime(&tm);
		a->q.to = (int64_t)now + 1;
	}
}

static void
app_on_page(void *ud, struct cl_logs *page, const struct cl_err *err)
{
	struct app *a = ud;

	a->dirty = 1;
	if (page == NULL) {
		a->res.done = 1;
		if (err)
			app_err_text(a->res.err, sizeof a->res.err, "query", err);
		return;
	}
	if (!page->complete)
		a->res.complete = 0;
	a->res.elapsed_ms += page->elapsed_ms;
	if (page->has_sql)
		a->res.sql = 1;
	if (app_rows_add(&a->res.rows, page, 0, page->nrows, a->res.rows.n) != 0)
		app_statusf(a, 1, "results are full (%zu rows): narrow the query", a->res.rows.n);
}

/* Ask for the next rows of a search (scrolling near the end). */
static void
app_fetch_more(struct app *a)
{
	struct cl_qspec s;

	if (a->res.job)
		cl_qjob_free(a->res.job);
	memset(&s, 0, sizeof s);
	s.q.project = a->q.project;
	s.q.logstore = a->q.logstore;
	s.q.from = a->q.from;
	s.q.to = a->q.to;
	s.q.query = a->q.query;
	s.q.reverse = a->q.reverse;
	s.q.offset = (int64_t)a->res.want;
	s.limit = APP_PAGE_ROWS;
	s.inflight = 3;
	s.with_pack_meta = 1;
	a->res.want += APP_PAGE_ROWS;
	a->res.done = 0;
	a->res.job = cl_qjob_start(a->cl, &s, app_on_page, a);
}

static void
app_hist_request(struct app *a, long delay_ms)
{
	struct cl_args args;
	struct cl_call call;
	struct cl_query q;
	char *search = xstrdup(a->q.query), *bar = strchr(search, '|');

	if (bar)
		*bar = '\0'; /* histograms take only the search part */
	memset(&q, 0, sizeof q);
	q.project = a->q.project;
	q.logstore = a->q.logstore;
	q.from = a->q.from;
	q.to = a->q.to;
	q.query = search;
	cl_args_init(&args);
	cl_api_get_histograms(&call, &args, &q);
	call.delay_ms = delay_ms;
	a->hist.loading = 1;
	app_send(a, app_req_new(a, RQ_HIST, NULL), &call);
	cl_args_free(&args);
	free(search);
}

static void
app_run_query(struct app *a)
{
	if (a->q.project == NULL || a->q.logstore == NULL) {
		app_statusf(a, 1, "choose a logstore in the tree first");
		return;
	}
	a->gen++;
	if (a->res.job) {
		cl_qjob_free(a->res.job);
		a->res.job = NULL;
	}
	app_rows_free(&a->res.rows);
	cl_hist_free(&a->hist.data);
	a->res.sql = cl_query_is_sql(a->q.query);
	a->res.done = 0;
	a->res.complete = 1;
	a->res.want = 0;
	a->res.err[0] = a->hist.err[0] = '\0';
	a->res.elapsed_ms = 0;
	a->res.pos.sel = a->res.pos.top = 0;
	a->res.hscroll = 0;
	a->res.sort_col = -1;
	a->hist.sel = -1;
	a->hist.reasks = 0;
	a->ctx.on = 0;
	a->detail.on = 0;
	if (a->q.nzoom == 0)
		app_range_now(a);
	if (a->res.sql) {
		struct cl_qspec s;

		memset(&s, 0, sizeof s);
		s.q.project = a->q.project;
		s.q.logstore = a->q.logstore;
		s.q.from = a->q.from;
		s.q.to = a->q.to;
		s.q.query = a->q.query;
		s.limit = 0;     /* the statement's own LIMIT, or every row */
		s.inflight = 2;
		a->res.job = cl_qjob_start(a->cl, &s, app_on_page, a);
	} else {
		app_fetch_more(a);
	}
	app_hist_request(a, 0);
	a->dirty = 1;
}

static void
app_on_hist(struct app *a, struct app_req *rq, const struct cl_resp *rs)
{
	struct cl_err perr;

	cl_hist_free(&a->hist.data);
	a->hist.loading = 0;
	if (cl_parse_histograms(rs, &a->hist.data, &perr) != 0) {
		app_err_text(a->hist.err, sizeof a->hist.err, "histogram", &perr);
		return;
	}
	if (!a->hist.data.complete && rq->tries < CL_REASK_MAX) {
		a->hist.reasks++;
		app_hist_request(a, cl_reask_ms(rq->tries));
		/* the request just made took a new slot; carry the count */
		{
			size_t i;

			for (i = 0; i < APP_NREQ; i++)
				if (app_reqs[i].used && app_reqs[i].kind == RQ_HIST && &app_reqs[i] != rq)
					app_reqs[i].tries = rq->tries + 1;
		}
	}
}

/* ---- context ---- */

static void
app_ctx_request(struct app *a, enum app_req_kind kind, const char *id, const char *meta,
    int back, int fwd)
{
	struct cl_args args;
	struct cl_call call;

	cl_args_init(&args);
	cl_api_get_context(&call, &args, a->q.project, a->q.logstore, id, meta, back, fwd);
	a->ctx.loading = 1;
	app_send(a, app_req_new(a, kind, NULL), &call);
	cl_args_free(&args);
}

static void
app_ctx_open(struct app *a)
{
	const struct cl_logs *pg;
	const struct cl_row *r = app_row(&a->res.rows, a->res.pos.sel, &pg);
	const char *id, *meta;

	if (r == NULL || a->res.sql)
		return;
	id = cl_row_get(pg, r, "__tag__:__pack_id__", NULL);
	meta = cl_row_get(pg, r, "__pack_meta__", NULL);
	if (id == NULL || meta == NULL) {
		app_statusf(a, 1, "this log has no pack id: its context is not known");
		return;
	}
	app_rows_free(&a->ctx.rows);
	a->ctx.err[0] = '\0';
	a->ctx.on = 1;
	a->ctx.pos.sel = a->ctx.pos.top = 0;
	a->ctx.more_back = a->ctx.more_fwd = 1;
	a->gen++; /* a context answer for an older anchor is dropped */
	app_ctx_request(a, RQ_CTX_FIRST, id, meta, 50, 50);
}

/* Fetch more context past the first (back) or last line. */
static void
app_ctx_more(struct app *a, int back)
{
	const struct cl_logs *pg;
	const struct cl_row *r;
	const char *id, *meta;

	if (a->ctx.loading || a->ctx.rows.n == 0 || !(back ? a->ctx.more_back : a->ctx.more_fwd))
		return;
	r = app_row(&a->ctx.rows, back ? 0 : a->ctx.rows.n - 1, &pg);
	id = cl_row_get(pg, r, "__tag__:__pack_id__", NULL);
	meta = cl_row_get(pg, r, "__pack_meta__", NULL);
	if (id && meta)
		app_ctx_request(a, back ? RQ_CTX_BACK : RQ_CTX_FWD, id, meta, back ? 100 : 0,
		    back ? 0 : 100);
}

static void
app_on_ctx(struct app *a, struct app_req *rq, const struct cl_resp *rs)
{
	struct cl_logs l;
	struct cl_err perr;
	size_t n;

	a->ctx.loading = 0;
	cl_logs_init(&l);
	if (cl_parse_context(rs, &l, &perr) != 0) {
		app_err_text(a->ctx.err, sizeof a->ctx.err, "context", &perr);
		cl_logs_free(&l);
		return;
	}
	if (rq->kind == RQ_CTX_FIRST) {
		if (l.nrows == 0) {
			snprintf(a->ctx.err, sizeof a->ctx.err, "no lines around this log");
			a->ctx.more_back = a->ctx.more_fwd = 0;
			cl_logs_free(&l);
			return;
		}
		a->ctx.pos.sel = (size_t)l.back_lines;
		a->ctx.pos.top = a->ctx.pos.sel > app_res_page(a) / 2 ? a->ctx.pos.sel - app_res_page(a) / 2 : 0;
		a->ctx.more_back = l.back_lines >= 50;
		a->ctx.more_fwd = l.forward_lines >= 50;
		app_rows_add(&a->ctx.rows, &l, 0, l.nrows, 0);
	} else if (rq->kind == RQ_CTX_BACK) {
		n = (size_t)l.back_lines;
		a->ctx.more_back = l.back_lines >= 100;
		app_rows_add(&a->ctx.rows, &l, 0, n, 0);
		a->ctx.pos.sel += n;
		a->ctx.pos.top += n;
	} else {
		a->ctx.more_fwd = l.forward_lines >= 100;
		n = (size_t)l.forward_lines;
		app_rows_add(&a->ctx.rows, &l, l.nrows > n ? l.nrows - n : 0, l.nrows, a->ctx.rows.n);
	}
	cl_logs_free(&l);
}

/* ---- replies ---- */

static void
app_on_reply(void *ud, const struct cl_resp *rs, const struct cl_err *err)
{
	struct app_req *rq = ud;
	struct app *a = rq->a;
	int stale = rq->gen != a->gen &&
	    (rq->kind == RQ_HIST || rq->kind >= RQ_CTX_FIRST);

	a->dirty = 1;
	if (!stale && err->st != CL_OK) {
		char msg[300];

		app_err_text(msg, sizeof msg, rq->kind == RQ_PROJECTS ? "ListProject"
		    : rq->kind == RQ_LOGSTORES ? "ListLogStores" : rq->kind == RQ_SHARDS ? "ListShards"
		    : rq->kind == RQ_HIST ? "histogram"
		    : rq->kind == RQ_INDEX ? "GetIndex" : "context", err);
		if (rq->kind == RQ_HIST) {
			a->hist.loading = 0;
			app_copy(a->hist.err, sizeof a->hist.err, msg);
		} else if (rq->kind >= RQ_CTX_FIRST) {
			a->ctx.loading = 0;
			app_copy(a->ctx.err, sizeof a->ctx.err, msg);
		} else if (rq->kind == RQ_SHARDS) {
			size_t at = app_tree_find_ls(a, rq->conn, rq->name);

			if (at != (size_t)-1) {
				a->tree.nodes[at].loading = 0;
				app_copy(a->tree.nodes[at].err, sizeof a->tree.nodes[at].err, msg);
			}
		} else if (rq->kind == RQ_PROJECTS || rq->kind == RQ_LOGSTORES) {
			size_t at = rq->kind == RQ_PROJECTS ? app_conn_root(a, rq->conn)
							    : app_tree_find(a, rq->conn, rq->name);

			a->tree.loading = 0;
			if (at != (size_t)-1) {
				a->tree.nodes[at].loading = 0;
				app_copy(a->tree.nodes[at].err, sizeof a->tree.nodes[at].err, msg);
			} else {
				app_copy(a->tree.err, sizeof a->tree.err, msg);
			}
		}
		if (rq->kind != RQ_INDEX)
			app_statusf(a, 1, "%s", msg);
	} else if (!stale) {
		switch (rq->kind) {
		case RQ_PROJECTS:
		case RQ_LOGSTORES: app_on_names(a, rq, rs); break;
		case RQ_SHARDS: app_on_shards(a, rq, rs); break;
		case RQ_HIST: app_on_hist(a, rq, rs); break;
		case RQ_INDEX: app_on_index(rs); break;
		default: app_on_ctx(a, rq, rs); break;
		}
	}
	rq->used = 0;
}

/* ---- keys ---- */

static size_t
app_list_move(size_t sel, size_t n, long d)
{
	long v = (long)sel + d;

	if (n == 0 || v < 0)
		return 0;
	return (size_t)v >= n ? n - 1 : (size_t)v;
}

/* j/k, arrows, PgUp/PgDn, g/G, Home/End: the new selection, or -1. */
static long
app_nav(const struct scr_key *k, size_t sel, size_t n, int page)
{
	switch (k->code) {
	case 'j': case SK_DOWN: case SK_MOUSE_DOWN: return (long)app_list_move(sel, n, 1);
	case 'k': case SK_UP: case SK_MOUSE_UP: return (long)app_list_move(sel, n, -1);
	case SK_PGDN: case 6: case ' ': return (long)app_list_move(sel, n, page);
	case SK_PGUP: case 2: return (long)app_list_move(sel, n, -page);
	case 'g': case SK_HOME: return 0;
	case 'G': case SK_END: return n ? (long)n - 1 : 0;
	default: return -1;
	}
}

/* Does s contain needle, ignoring ASCII case? */
int
app_ci_contains(const char *s, const char *needle)
{
	size_t n = strlen(needle);

	for (; *s; s++)
		if (strncasecmp(s, needle, n) == 0)
			return 1;
	return n == 0;
}

/* Is node i shown under the filter? A match shows its ancestors and
 * descendants too. */
int
app_tree_shown(const struct app *a, size_t i)
{
	size_t j, flen = strlen(a->tree.filter);

	if (flen == 0)
		return 1;
	/* the node, its ancestors */
	for (j = i;; j--) {
		if (a->tree.nodes[j].depth <= a->tree.nodes[i].depth &&
		    (j == i || a->tree.nodes[j].depth < a->tree.nodes[i].depth) &&
		    app_ci_contains(a->tree.nodes[j].name, a->tree.filter))
			return 1;
		if (a->tree.nodes[j].depth == 0 || j == 0)
			break;
	}
	/* its descendants */
	for (j = i + 1; j < a->tree.nnodes && a->tree.nodes[j].depth > a->tree.nodes[i].depth; j++)
		if (app_ci_contains(a->tree.nodes[j].name, a->tree.filter))
			return 1;
	return 0;
}

/* Move the tree selection by d shown nodes. */
static void
app_tree_step(struct app *a, long d)
{
	size_t i = a->tree.pos.sel;

	while (d != 0) {
		size_t j = i;

		do {
			if (d > 0 ? j + 1 >= a->tree.nnodes : j == 0)
				goto out;
			j = d > 0 ? j + 1 : j - 1;
		} while (!app_tree_shown(a, j));
		i = j;
		d += d > 0 ? -1 : 1;
	}
out:
	a->tree.pos.sel = i;
}

/* f: type a filter (Enter keeps it, Esc clears it). */
static void
app_tree_filter_key(struct app *a, const struct scr_key *k)
{
	if (k->code == SK_ENTER) {
		a->tree.filtering = 0;
	} else if (k->code == SK_ESC) {
		a->tree.filtering = 0;
		a->tree.filter[0] = '\0';
	} else {
		app_line_key(a->tree.filter, sizeof a->tree.filter, k);
	}
	if (a->tree.nnodes && !app_tree_shown(a, a->tree.pos.sel)) {
		app_tree_step(a, 1);
		if (!app_tree_shown(a, a->tree.pos.sel))
			app_tree_step(a, -1);
	}
}

static void
app_tree_key(struct app *a, const struct scr_key *k, int page)
{
	struct app_node *nd;

	switch (k->code) {
	case 'j': case SK_DOWN: case SK_MOUSE_DOWN: app_tree_step(a, 1); return;
	case 'k': case SK_UP: case SK_MOUSE_UP: app_tree_step(a, -1); return;
	case SK_PGDN: case ' ': app_tree_step(a, page); return;
	case SK_PGUP: app_tree_step(a, -page); return;
	case 'g': case SK_HOME: a->tree.pos.sel = 0; app_tree_step(a, 0); return;
	case 'G': case SK_END: app_tree_step(a, (long)a->tree.nnodes); return;
	case 'f': a->tree.filtering = 1; return;
	default: break;
	}
	if (a->tree.nnodes == 0)
		return;
	nd = &a->tree.nodes[a->tree.pos.sel];
	if (k->code == SK_ENTER || k->code == 'l' || k->code == SK_RIGHT) {
		if (nd->depth <= 0 && !nd->expanded && !nd->loading) {
			nd->loading = 1;
			nd->err[0] = '\0';
			if (nd->depth < 0)
				app_tree_list(a, RQ_PROJECTS, nd->conn, NULL, 0);
			else
				app_tree_list(a, RQ_LOGSTORES, nd->conn, nd->name, 0);
		} else if (nd->depth <= 0 && nd->expanded && k->code == SK_ENTER) {
			app_tree_collapse(a, a->tree.pos.sel);
		} else if (nd->depth == 1 && k->code != SK_ENTER) {
			if (!nd->expanded && !nd->loading)
				app_tree_shards(a, a->tree.pos.sel);
		} else if (nd->depth == 1) {
			a->tail.shard = -1;
			app_use_conn(a, nd->conn);
			app_open_logstore(a, app_project_of(a, a->tree.pos.sel), nd->name);
			a->focus = AF_RESULTS;
		} else if (nd->depth == 2) {
			/* a shard: open its logstore with the live tail on that shard */
			size_t ls = app_logstore_of(a, a->tree.pos.sel);
			char *l = xstrdup(a->tree.nodes[ls].name);

			a->tail.shard = nd->shard;
			a->tail.on = 1;
			a->tail.follow = 1;
			app_use_conn(a, nd->conn);
			app_open_logstore(a, app_project_of(a, a->tree.pos.sel), l);
			free(l);
			a->focus = AF_TAIL;
		}
	} else if (k->code == 'h' || k->code == SK_LEFT) {
		size_t i = a->tree.pos.sel;

		if (nd->expanded) {
			app_tree_collapse(a, i);
			return;
		}
		/* up to the parent: logstore -> project -> connection */
		while (i > 0 && a->tree.nodes[i].depth >= nd->depth && nd->depth >= 0)
			i--;
		if (a->tree.nodes[i].depth < nd->depth)
			a->tree.pos.sel = i;
	}
}

static void
app_query_key(struct app *a, const struct scr_key *k)
{
	if (k->nseq == 0)
		return;
	if (qedit_feed(k->seq, k->nseq) == QEDIT_SUBMIT) {
		char *line = qedit_take_line();

		free(a->q.query);
		a->q.query = line && *line ? line : xstrdup("*");
		if (line && !*line)
			free(line);
		qedit_set_text(a->q.query);
		a->q.nzoom = 0;
		app_run_query(a);
		a->focus = AF_RESULTS;
	}
}

static size_t
app_res_page(const struct app *a)
{
	struct app_layout l;

	app_layout(a, &l);
	return l.res.h > 2 ? (size_t)l.res.h - 2 : 1;
}

/* Sorting the SQL table by one column: numbers as numbers, else text. */
static struct app *app_sort_app;
static const char *app_sort_key;

static int
app_sort_cmp(const void *x, const void *y)
{
	const struct app_rows *r = &app_sort_app->res.rows;
	const struct cl_logs *pp, *pq;
	const struct cl_row *rp = app_row_of(r, *(const uint32_t *)x, &pp);
	const struct cl_row *rq = app_row_of(r, *(const uint32_t *)y, &pq);
	const char *a = cl_row_get(pp, rp, app_sort_key, NULL);
	const char *b = cl_row_get(pq, rq, app_sort_key, NULL);
	char *ea, *eb;
	double da, db;
	int c;

	a = a ? a : "";
	b = b ? b : "";
	da = strtod(a, &ea);
	db = strtod(b, &eb);
	if (*a && *b && *ea == '\0' && *eb == '\0')
		c = da < db ? -1 : da > db;
	else
		c = strcmp(a, b);
	return app_sort_app->res.sort_desc ? -c : c;
}

static void
app_sort(struct app *a)
{
	const char **cols;
	size_t nc = cl_logs_columns(&a->res.rows.pages[0], &cols);

	if ((size_t)a->res.sort_col < nc) {
		app_sort_app = a;
		app_sort_key = cols[a->res.sort_col];
		qsort(a->res.rows.ref, a->res.rows.n, sizeof *a->res.rows.ref, app_sort_cmp);
		app_statusf(a, 0, "sorted by %s%s", cols[a->res.sort_col], a->res.sort_desc ? ", descending" : "");
	}
	free(cols);
}

/* Sort the SQL table by column col (a click on its header; again:
 * descending). */
static void
app_sort_by(struct app *a, long col)
{
	if (col < 0 || a->res.rows.npages == 0)
		return;
	a->res.sort_desc = a->res.sort_col == col ? !a->res.sort_desc : 0;
	a->res.sort_col = (int)col;
	app_sort(a);
}

/* Does any value of row i contain the find text? */
static int
app_row_has(const struct app_rows *rows, size_t i, const char *find)
{
	const struct cl_logs *pg;
	const struct cl_row *r = app_row(rows, i, &pg);
	uint32_t k;

	for (k = 0; r && k < r->n; k++)
		if (app_ci_contains(cl_row_val(r, k, NULL), find))
			return 1;
	return 0;
}

/* n / N: the next (dir 1) or previous (-1) row holding the find text,
 * starting after the selection (or at it when from_here). */
static void
app_find(struct app *a, int dir, int skip)
{
	struct app_rows *rows = a->ctx.on ? &a->ctx.rows : &a->res.rows;
	size_t *sel = a->ctx.on ? &a->ctx.pos.sel : &a->res.pos.sel, i = *sel, n;

	if (a->res.find[0] == '\0') {
		app_statusf(a, 1, "nothing to find: :find TEXT first");
		return;
	}
	for (n = 0; n < rows->n; n++) {
		if (skip || n > 0)
			i = dir > 0 ? (i + 1) % rows->n : (i + rows->n - 1) % rows->n;
		if (app_row_has(rows, i, a->res.find)) {
			*sel = i;
			app_statusf(a, 0, "found \"%s\" in row %zu of %zu", a->res.find, i + 1, rows->n);
			return;
		}
	}
	app_statusf(a, 1, "\"%s\" is not in the %zu rows loaded", a->res.find, rows->n);
}

/* y: the selected log as one JSON line, onto the terminal's clipboard. */
static void
app_yank(struct app *a, const struct app_rows *rows, size_t i)
{
	const struct cl_logs *pg;
	const struct cl_row *r = app_row(rows, i, &pg);
	struct sb b;
	long n;

	if (r == NULL)
		return;
	sb_init(&b, 0);
	if (cl_fmt_json_row(&b, pg, r, 0) == 0) {
		n = scr_clipboard(b.p, b.len);
		if (n < 0)
			app_statusf(a, 1, "too long for the clipboard (%zu bytes)", b.len);
		else
			app_statusf(a, 0, "copied %ld bytes to the clipboard (OSC 52)", n);
	}
	sb_free(&b);
}

/* The detail view: j/k (and g/G) select a field, scrolling to keep it in
 * view; y copies its value; Esc, q or Enter go back. */
static void
app_detail_key(struct app *a, const struct scr_key *k)
{
	const struct cl_logs *pg = NULL;
	const struct cl_row *row = app_row(&a->res.rows, a->res.pos.sel, &pg);
	size_t start = 0, lines, i, vn, page = app_res_page(a) + 1;
	const char *v;

	if (k->code == SK_ESC || k->code == 'q' || k->code == SK_ENTER || row == NULL) {
		a->detail.on = 0;
		return;
	}
	if ((k->code == 'j' || k->code == SK_DOWN) && a->detail.pos.sel + 1 < row->n)
		a->detail.pos.sel++;
	else if ((k->code == 'k' || k->code == SK_UP) && a->detail.pos.sel > 0)
		a->detail.pos.sel--;
	else if (k->code == 'g' || k->code == SK_HOME)
		a->detail.pos.sel = 0;
	else if (k->code == 'G' || k->code == SK_END)
		a->detail.pos.sel = row->n ? row->n - 1 : 0;
	if (a->detail.pos.sel >= row->n)
		a->detail.pos.sel = row->n ? row->n - 1 : 0;
	if (row->n == 0)
		return;
	v = cl_row_val(row, (uint32_t)a->detail.pos.sel, &vn);
	if (k->code == 'y') {
		long n = scr_clipboard(v, vn);
		const char *key = cl_row_key(pg, row, (uint32_t)a->detail.pos.sel);

		if (n < 0)
			app_statusf(a, 1, "too long for the clipboard (%zu bytes)", vn);
		else
			app_statusf(a, 0, "copied the value of %.60s (%zu bytes, OSC 52)", key, vn);
		return;
	}
	for (i = 0; i < a->detail.pos.sel; i++) {
		size_t n;
		const char *w = cl_row_val(row, (uint32_t)i, &n);

		start += app_value_lines(w, n);
	}
	lines = app_value_lines(v, vn);
	if (start < a->detail.pos.top)
		a->detail.pos.top = start;
	else if (start + lines > a->detail.pos.top + page)
		a->detail.pos.top = lines > page ? start : start + lines - page;
}

static void
app_results_key(struct app *a, const struct scr_key *k)
{
	int page = (int)app_res_page(a);
	long v;

	if (a->ctx.on) {
		v = app_nav(k, a->ctx.pos.sel, a->ctx.rows.n, page);
		if (v >= 0) {
			if (v == 0 && a->ctx.pos.sel == 0)
				app_ctx_more(a, 1);
			if (a->ctx.rows.n && (size_t)v == a->ctx.rows.n - 1 && a->ctx.pos.sel == a->ctx.rows.n - 1)
				app_ctx_more(a, 0);
			a->ctx.pos.sel = (size_t)v;
		}
		if (k->code == SK_ESC || k->code == 'q' || k->code == SK_BACKSPACE)
			a->ctx.on = 0;
		else if (k->code == 'y')
			app_yank(a, &a->ctx.rows, a->ctx.pos.sel);
		else if (k->code == 'n' || k->code == 'N')
			app_find(a, k->code == 'n' ? 1 : -1, 1);
		return;
	}
	if (a->detail.on) {
		app_detail_key(a, k);
		return;
	}
	v = app_nav(k, a->res.pos.sel, a->res.rows.n, page);
	if (v >= 0) {
		a->res.pos.sel = (size_t)v;
		/* scrolling near the end asks for the next rows */
		if (!a->res.sql && a->res.done && a->res.rows.n + 20 >= (size_t)a->res.want &&
		    a->res.pos.sel + (size_t)page * 2 >= a->res.rows.n && a->res.rows.n == (size_t)a->res.want)
			app_fetch_more(a);
		return;
	}
	switch (k->code) {
	case SK_ENTER: app_ctx_open(a); break;
	case 'v': case 'd': a->detail.on = a->res.rows.n > 0; a->detail.pos.top = a->detail.pos.sel = 0; break;
	case 'y': app_yank(a, &a->res.rows, a->res.pos.sel); break;
	case 'n': case 'N': app_find(a, k->code == 'n' ? 1 : -1, 1); break;
	case 'h': case SK_LEFT: if (a->res.hscroll > 0) a->res.hscroll--; break;
	case 'l': case SK_RIGHT: a->res.hscroll++; break;
	case 's':
		if (a->res.sql)
			app_sort_by(a, a->res.hscroll);
		break;
	default: break;
	}
}

/* Moving along the bars: h/l one, PgUp/PgDn ten, g/G the first/last
 * (last: the index of the last column). 1 when the key was one of those. */
static int
app_hist_move(struct app *a, int last, uint32_t code)
{
	long to;

	switch (code) {
	case 'h': case SK_LEFT: to = a->hist.sel - 1; break;
	case 'l': case SK_RIGHT: to = a->hist.sel + 1; break;
	case SK_PGUP: to = a->hist.sel - 10; break;
	case SK_PGDN: case ' ': to = a->hist.sel < 0 ? 9 : a->hist.sel + 10; break;
	case 'g': case SK_HOME: to = 0; break;
	case 'G': case SK_END: to = last; break;
	default: return 0;
	}
	a->hist.sel = (int)(to < 0 ? 0 : to > last ? last : to);
	return 1;
}

static void
app_hist_key(struct app *a, const struct scr_key *k)
{
	struct app_layout l;
	int64_t f, t;

	app_layout(a, &l);
	if (app_hist_move(a, hist_ncols(l.hist.w, a->hist.data.n) - 1, k->code))
		return;
	if (k->code == SK_ENTER && a->hist.sel >= 0 && a->q.nzoom < 8 &&
	    app_hist_range(a, l.hist.w, a->hist.sel, &f, &t) == 0) {
		a->q.zoom_from[a->q.nzoom] = a->q.from;
		a->q.zoom_to[a->q.nzoom] = a->q.to;
		a->q.nzoom++;
		a->q.from = f;
		a->q.to = t > f ? t : f + 1;
		app_run_query(a);
	} else if ((k->code == 'z' || k->code == SK_BACKSPACE || k->code == '-') && a->q.nzoom > 0) {
		a->q.nzoom--;
		a->q.from = a->q.zoom_from[a->q.nzoom];
		a->q.to = a->q.zoom_to[a->q.nzoom];
		app_run_query(a);
	}
}

static int
app_hist_range(const struct app *a, int w, int col, int64_t *f, int64_t *t)
{
	struct hist_bucket *b = app_hist_buckets(a);
	int rc = hist_col_range(w, b, a->hist.data.n, col, f, t);

	free(b);
	return rc;
}

static void
app_tail_toggle(struct app *a)
{
	a->tail.on = !a->tail.on;
	if (!a->tail.on) {
		cl_tail_free(a->tail.eng);
		a->tail.eng = NULL;
		if (a->focus == AF_TAIL)
			a->focus = AF_RESULTS;
		return;
	}
	if (a->q.project && a->q.logstore)
		app_tail_start(a);
	a->tail.follow = 1;
	a->focus = AF_TAIL;
}

/* Apply the typed filter: an extended regex, case-insensitive. */
static void
app_tail_filter_set(struct app *a, const char *re)
{
	if (a->tail.re == NULL)
		a->tail.re = xcalloc(1, sizeof(regex_t));
	if (a->tail.filter_ok)
		regfree(a->tail.re);
	a->tail.filter_ok = 0;
	a->tail.filter[0] = '\0';
	if (*re == '\0')
		return;
	if (regcomp(a->tail.re, re, REG_EXTENDED | REG_ICASE) != 0) {
		app_statusf(a, 1, "tail filter: not a valid regular expression: %s", re);
		return;
	}
	a->tail.filter_ok = 1;
	app_copy(a->tail.filter, sizeof a->tail.filter, re);
}

/* Typing the filter: printable text, Backspace, Enter applies, Esc cancels. */
static void
app_tail_edit_key(struct app *a, const struct scr_key *k)
{
	if (k->code == SK_ENTER) {
		a->tail.editing = 0;
		app_tail_filter_set(a, a->tail.edit);
	} else if (k->code == SK_ESC) {
		a->tail.editing = 0;
	} else {
		app_line_key(a->tail.edit, sizeof a->tail.edit, k);
	}
}

static void
app_tail_key(struct app *a, const struct scr_key *k)
{
	size_t n = a->tail.eng ? cl_tail_count(a->tail.eng) : 0;
	long v = app_nav(k, a->tail.follow ? (n ? n - 1 : 0) : a->tail.pos.sel, n, 10);

	if (v >= 0) {
		a->tail.pos.sel = (size_t)v;
		a->tail.follow = n == 0 || (size_t)v == n - 1;
	} else if (k->code == 'p' && a->tail.eng) {
		cl_tail_pause(a->tail.eng, !cl_tail_paused(a->tail.eng));
	} else if (k->code == 'f') {
		a->tail.follow = 1;
	} else if (k->code == 'F' || k->code == '|') {
		a->tail.editing = 1;
		app_copy(a->tail.edit, sizeof a->tail.edit, a->tail.filter);
	}
}

static const int64_t app_presets[] = { 300, 900, 3600, 4 * 3600, 86400, 7 * 86400, -1 };

/* Keys every pane shares (not while typing a query). 1 when taken. */
static int
app_global_key(struct app *a, const struct scr_key *k)
{
	if (k->code >= '1' && k->code <= '7') {
		a->q.range_s = app_presets[k->code - '1'];
		a->q.nzoom = 0;
		app_run_query(a);
		return 1;
	}
	switch (k->code) {
	case 'q':
		if (a->ctx.on || a->detail.on)
			return 0;
		a->quit = 1;
		return 1;
	case '?': case SK_F1: a->help = !a->help; return 1;
	case '/': a->focus = AF_QUERY; return 1;
	case ':': a->cmd.on = 1; a->cmd.buf[0] = '\0'; return 1;
	case 't':
		/* t opens at the end; :tail TIME replays from a time */
		if (!a->tail.on) {
			app_copy(a->tail.from, sizeof a->tail.from, "end");
			a->tail.from_label[0] = '\0';
		}
		app_tail_toggle(a);
		return 1;
	case 'r': app_run_query(a); return 1;
	case 'o': a->q.reverse = !a->q.reverse; app_run_query(a); return 1;
	case 'T': {
		static int ti;
		const char *name = theme_builtin_names[++ti % 4];

		if (theme_builtin(name, &a->theme) == 0) {
			scr_set_theme(&a->theme);
			app_statusf(a, 0, "theme %s", name);
		}
		return 1;
	}
	default: return 0;
	}
}

static void
app_focus_next(struct app *a, int d)
{
	int i;

	for (i = 0; i < AF_NFOCUS; i++) {
		a->focus = (enum app_focus)(((int)a->focus + d + AF_NFOCUS) % AF_NFOCUS);
		if (a->focus != AF_TAIL || a->tail.on)
			break;
	}
}

/* Select the n-th shown tree line (the filter hides some). */
static void
app_tree_click(struct app *a, size_t n)
{
	size_t i, seen = 0;

	for (i = 0; i < a->tree.nnodes; i++)
		if (app_tree_shown(a, i) && seen++ == n) {
			a->tree.pos.sel = i;
			return;
		}
}

static void
app_mouse(struct app *a, const struct scr_key *k)
{
	struct app_layout l;
	const struct app_rect *r[] = { &l.tree, &l.query, &l.hist, &l.res, &l.tail };
	int i;

	app_layout(a, &l);
	for (i = 0; i < AF_NFOCUS; i++)
		if (k->mx >= r[i]->x && k->mx < r[i]->x + r[i]->w && k->my >= r[i]->y &&
		    k->my < r[i]->y + r[i]->h && r[i]->h > 0) {
			a->focus = (enum app_focus)i;
			if (i == AF_TREE && k->code == SK_MOUSE_CLICK && k->my > l.tree.y)
				app_tree_click(a, a->tree.pos.top + (size_t)(k->my - l.tree.y - 1));
			else if (i == AF_RESULTS && k->code == SK_MOUSE_CLICK && a->res.sql && a->res.tbl &&
			    !a->detail.on && !a->ctx.on && k->my == l.res.y + 1)
				app_sort_by(a, tbl_col_at(a->res.tbl, k->mx - l.res.x, l.res.w));
			else if (i == AF_RESULTS && k->code == SK_MOUSE_CLICK && k->my > l.res.y)
				a->res.pos.sel = app_list_move(a->res.pos.top + (size_t)(k->my - l.res.y - 1), a->res.rows.n, 0);
			else if (i == AF_HIST && k->code == SK_MOUSE_CLICK)
				a->hist.sel = k->mx - l.hist.x;
			return;
		}
}

void
app_key(struct app *a, const struct scr_key *k)
{
	int page = (int)app_res_page(a);
	struct scr_key mk;

	a->dirty = 1;
	if (k->code == 3) { /* Ctrl-C */
		a->quit = 1;
		return;
	}
	if (k->code == SK_RESIZE)
		return;
	if (a->help) {
		a->help = 0;
		return;
	}
	if (k->code >= SK_MOUSE_CLICK) {
		app_mouse(a, k);
		if (k->code == SK_MOUSE_CLICK)
			return;
	}
	if (a->cmd.on) {
		app_cmd_key(a, k);
		return;
	}
	if (a->focus == AF_TREE && a->tree.filtering) {
		app_tree_filter_key(a, k);
		return;
	}
	if (a->focus == AF_TAIL && a->tail.editing) {
		app_tail_edit_key(a, k);
		return;
	}
	if (k->code == SK_BTAB || (k->code == SK_TAB && a->focus != AF_QUERY)) {
		app_focus_next(a, k->code == SK_TAB ? 1 : -1);
		return;
	}
	if (a->focus == AF_QUERY) {
		if (k->code == SK_ESC)
			a->focus = AF_RESULTS;
		else
			app_query_key(a, k);
		return;
	}
	/* user bindings apply where no text is being typed */
	mk = *k;
	mk.code = km_map(a->o.keys, k->code);
	k = &mk;
	if (app_global_key(a, k))
		return;
	switch (a->focus) {
	case AF_TREE: app_tree_key(a, k, page); break;
	case AF_HIST: app_hist_key(a, k); break;
	case AF_RESULTS: app_results_key(a, k); break;
	case AF_TAIL: app_tail_key(a, k); break;
	default: break;
	}
}

/* ---- the : command line ---- */

static const char *const app_cmds[] = { "quit", "project", "logstore", "since", "range",
	"theme", "export", "reverse", "tail", "help", "find", "columns", NULL };

/* The fields log lines show, from "a,b c" (commas or spaces); "" or NULL
 * shows every field again. */
static void
app_set_columns(struct app *a, const char *spec)
{
	char *s, *tok, *save = NULL;
	size_t i;

	for (i = 0; i < a->res.ncols; i++)
		free(a->res.cols[i]);
	free(a->res.cols);
	a->res.cols = NULL;
	a->res.ncols = 0;
	if (spec == NULL)
		return;
	s = xstrdup(spec);
	for (tok = strtok_r(s, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
		a->res.cols = xrealloc(a->res.cols, (a->res.ncols + 1) * sizeof *a->res.cols);
		a->res.cols[a->res.ncols++] = xstrdup(tok);
	}
	free(s);
}

/* Write the results to path: CSV when it ends in .csv, else JSON lines. */
static void
app_export(struct app *a, const char *path)
{
	int csv = strlen(path) > 4 && strcmp(path + strlen(path) - 4, ".csv") == 0;
	FILE *fp = fopen(path, "we");
	const char **cols = NULL;
	size_t nc = 0, i, c;
	struct sb b;
	int rc = 0;

	if (fp == NULL) {
		app_statusf(a, 1, "export: cannot write %s: %s", path, strerror(errno));
		return;
	}
	sb_init(&b, 0);
	if (csv && a->res.rows.npages > 0) {
		nc = cl_logs_columns(&a->res.rows.pages[0], &cols);
		for (c = 0; c < nc; c++) {
			rc |= c ? sb_addc(&b, ',') : 0;
			rc |= cl_fmt_csv_cell(&b, cols[c], strlen(cols[c]), 0);
		}
		rc |= sb_adds(&b, "\r\n");
	}
	for (i = 0; i < a->res.rows.n && rc == 0; i++) {
		const struct cl_logs *pg;
		const struct cl_row *r = app_row(&a->res.rows, i, &pg);

		if (csv) {
			for (c = 0; c < nc; c++) {
				size_t n = 0;
				const char *v = cl_row_get(pg, r, cols[c], &n);

				rc |= c ? sb_addc(&b, ',') : 0;
				rc |= v ? cl_fmt_csv_cell(&b, v, n, 0) : 0;
			}
			rc |= sb_adds(&b, "\r\n");
		} else {
			rc |= cl_fmt_json_row(&b, pg, r, 0);
			rc |= sb_addc(&b, '\n');
		}
		if (b.len > (1 << 20)) {
			rc |= fwrite(b.p, 1, b.len, fp) != b.len;
			sb_reset(&b);
		}
	}
	if (b.len)
		rc |= fwrite(b.p, 1, b.len, fp) != b.len;
	rc |= fclose(fp) != 0;
	sb_free(&b);
	free(cols);
	if (rc)
		app_statusf(a, 1, "export: writing %s failed", path);
	else
		app_statusf(a, 0, "exported %zu rows to %s (%s)", a->res.rows.n, path,
		    csv ? "CSV" : "JSON lines");
}

static void
app_cmd_project(struct app *a, const char *name)
{
	size_t at = app_tree_find(a, a->conn, name);

	if (at == (size_t)-1) {
		at = app_conn_end(a, a->conn);
		app_tree_insert(a, at, name, 0, a->conn);
	}
	a->tree.pos.sel = at;
	a->focus = AF_TREE;
	if (!a->tree.nodes[at].expanded && !a->tree.nodes[at].loading) {
		a->tree.nodes[at].loading = 1;
		app_tree_list(a, RQ_LOGSTORES, a->conn, name, 0);
	}
}

/* :tail's argument: "[TIME] [* | SPL]" — TIME (begin, end, or a time
 * expression) is everything before the SPL's leading "*". 0 ok, -1 after
 * telling the user. */
static int
app_cmd_tail(struct app *a, const char *arg)
{
	const char *star = strchr(arg, '*');
	size_t tn = star ? (size_t)(star - arg) : strlen(arg);
	char when[64], err[160];
	time_t t;

	while (tn > 0 && (arg[tn - 1] == ' ' || arg[tn - 1] == '\t'))
		tn--;
	if (tn >= sizeof when) {
		app_statusf(a, 1, "tail: start time too long");
		return -1;
	}
	memcpy(when, arg, tn);
	when[tn] = '\0';
	if (when[0] == '\0' || strcmp(when, "end") == 0 || strcmp(when, "begin") == 0) {
		app_copy(a->tail.from, sizeof a->tail.from, when[0] ? when : "end");
	} else if (tparse(when, clk_wall(), &t, err, sizeof err) == 0) {
		snprintf(a->tail.from, sizeof a->tail.from, "%lld", (long long)t);
	} else {
		app_statusf(a, 1, "tail: %s (:tail [TIME] [* | where ...])", err);
		return -1;
	}
	app_copy(a->tail.from_label, sizeof a->tail.from_label,
	    strcmp(when, "end") == 0 ? "" : when);
	app_copy(a->tail.spl, sizeof a->tail.spl, star ? star : "");
	return 0;
}

static void
app_cmd_run(struct app *a, char *line)
{
	char *cmd = strtok(line, " \t"), *arg = strtok(NULL, "");
	size_t i, n;
	const char *full = NULL;
	time_t t, t2;
	char err[160];

	if (cmd == NULL)
		return;
	while (arg && (*arg == ' ' || *arg == '\t'))
		arg++;
	n = strlen(cmd);
	for (i = 0; app_cmds[i]; i++)
		if (strncmp(app_cmds[i], cmd, n) == 0) {
			if (full) { /* ambiguous prefix */
				app_statusf(a, 1, ":%s is ambiguous (%s, %s, ...)", cmd, full, app_cmds[i]);
				return;
			}
			full = app_cmds[i];
		}
	if (full == NULL) {
		app_statusf(a, 1, "unknown command :%s (Tab completes; :help lists keys)", cmd);
		return;
	}
	if (strcmp(full, "quit") == 0) {
		a->quit = 1;
	} else if (strcmp(full, "help") == 0) {
		a->help = 1;
	} else if (strcmp(full, "reverse") == 0) {
		a->q.reverse = !a->q.reverse;
		app_run_query(a);
	} else if (strcmp(full, "tail") == 0) {
		/* :tail toggles; :tail [TIME] [SPL] (re)opens it from TIME with a
		 * server-side filter */
		if (app_cmd_tail(a, arg ? arg : "") != 0)
			return;
		if (a->tail.on && arg && *arg)
			app_tail_toggle(a);
		app_tail_toggle(a);
	} else if (strcmp(full, "columns") == 0) {
		app_set_columns(a, arg);
		if (a->res.ncols)
			app_statusf(a, 0, "log lines show %zu fields (:columns alone shows all)",
			    a->res.ncols);
		else
			app_statusf(a, 0, "log lines show every field");
	} else if (arg == NULL || *arg == '\0') {
		app_statusf(a, 1, ":%s needs an argument", full);
	} else if (strcmp(full, "project") == 0) {
		app_cmd_project(a, arg);
	} else if (strcmp(full, "logstore") == 0) {
		char *slash = strchr(arg, '/');

		if (slash) {
			*slash = '\0';
			app_open_logstore(a, arg, slash + 1);
		} else if (a->q.project) {
			char *p = xstrdup(a->q.project);

			app_open_logstore(a, p, arg);
			free(p);
		} else {
			app_statusf(a, 1, ":logstore NAME needs a project (:logstore PROJECT/NAME)");
			return;
		}
		a->focus = AF_RESULTS;
	} else if (strcmp(full, "since") == 0) {
		if (tparse(arg, clk_wall(), &t, err, sizeof err) != 0 || t >= clk_wall()) {
			app_statusf(a, 1, ":since %s: %s", arg, err[0] ? err : "not in the past");
			return;
		}
		a->q.range_s = (int64_t)(clk_wall() - t);
		a->q.nzoom = 0;
		app_run_query(a);
	} else if (strcmp(full, "range") == 0) {
		char *to = strstr(arg, " to ") ? strstr(arg, " to ") : strrchr(arg, ' ');

		if (to == NULL) {
			app_statusf(a, 1, ":range FROM TO (e.g. :range 2024-01-01T08:00 to 09:00)");
			return;
		}
		*to = '\0';
		to += strncmp(to + 1, "to ", 3) == 0 ? 4 : 1;
		if (tparse(arg, clk_wall(), &t, err, sizeof err) != 0 ||
		    tparse(to, clk_wall(), &t2, err, sizeof err) != 0 || t2 <= t) {
			app_statusf(a, 1, ":range: %s", err[0] ? err : "the end is not after the start");
			return;
		}
		a->q.range_s = 0;
		a->q.nzoom = 0;
		a->q.from = (int64_t)t;
		a->q.to = (int64_t)t2;
		app_run_query(a);
	} else if (strcmp(full, "theme") == 0) {
		if (theme_builtin(arg, &a->theme) != 0 &&
		    theme_load_file(arg, &a->theme, err, sizeof err) != 0) {
			app_statusf(a, 1, "theme: %s", err);
			return;
		}
		scr_set_theme(&a->theme);
		app_statusf(a, 0, "theme %s", arg);
	} else if (strcmp(full, "export") == 0) {
		app_export(a, arg);
	} else if (strcmp(full, "find") == 0) {
		app_copy(a->res.find, sizeof a->res.find, arg);
		a->focus = AF_RESULTS;
		app_find(a, 1, 0);
	}
}

/* Tab completes the command name. */
static void
app_cmd_complete(struct app *a)
{
	size_t i, n = strcspn(a->cmd.buf, " ");

	if (a->cmd.buf[n] != '\0')
		return;
	for (i = 0; app_cmds[i]; i++)
		if (strncmp(app_cmds[i], a->cmd.buf, n) == 0) {
			snprintf(a->cmd.buf, sizeof a->cmd.buf, "%s ", app_cmds[i]);
			return;
		}
}

static void
app_cmd_key(struct app *a, const struct scr_key *k)
{
	size_t n = strlen(a->cmd.buf);

	if (k->code == SK_ENTER) {
		char line[sizeof a->cmd.buf];

		a->cmd.on = 0;
		app_copy(line, sizeof line, a->cmd.buf);
		app_cmd_run(a, line);
	} else if (k->code == SK_ESC || (k->code == SK_BACKSPACE && n == 0)) {
		a->cmd.on = 0;
	} else if (k->code == SK_TAB) {
		app_cmd_complete(a);
	} else {
		app_line_key(a->cmd.buf, sizeof a->cmd.buf, k);
	}
}

/* ---- setup and loop ---- */

static char *
app_history_path(void)
{
	const char *st = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char dir[1024], path[1100];

	if (st && *st)
		snprintf(dir, sizeof dir, "%s/slsx", st);
	else if (home && *home)
		snprintf(dir, sizeof dir, "%s/.local/state/slsx", home);
	else
		return NULL;
	if (st == NULL || !*st) {
		char parent[1024];

		snprintf(parent, sizeof parent, "%s/.local", home);
		mkdir(parent, 0700);
		snprintf(parent, sizeof parent, "%s/.local/state", home);
		mkdir(parent, 0700);
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return NULL;
	snprintf(path, sizeof path, "%s/history", dir);
	return xstrdup(path);
}

void
app_init(struct app *a, struct cl_client *cl, const struct app_opts *o)
{
	memset(a, 0, sizeof *a);
	a->cl = cl;
	a->o = *o;
	a->focus = AF_TREE;
	a->q.range_s = 900;
	a->q.reverse = 1;
	a->hist.sel = -1;
	a->res.sort_col = -1;
	a->tail.shard = -1;
	a->q.query = xstrdup(o->query ? o->query : "*");
	app_set_columns(a, o->columns);
	if (o->notice)
		app_statusf(a, 1, "%s", o->notice);
	if (o->from) {
		time_t t;
		char err[64];

		if (tparse(o->from, clk_wall(), &t, err, sizeof err) == 0 && t < clk_wall())
			a->q.range_s = (int64_t)(clk_wall() - t);
	}
	if (o->theme == NULL || theme_builtin(o->theme, &a->theme) != 0) {
		char err[200];

		theme_builtin("dark", &a->theme);
		if (o->theme && theme_load_file(o->theme, &a->theme, err, sizeof err) != 0)
			app_statusf(a, 1, "theme: %s", err);
	}
	app_conns_init(a, cl);
	if (a->nconns > 1)
		a->tree.nodes[0].loading = 1;
	a->tree.loading = 1;
	app_tree_list(a, RQ_PROJECTS, 0, NULL, 0);
	if (o->project) {
		size_t at = app_conn_end(a, 0);

		app_tree_insert(a, at, o->project, 0, 0); /* shown at once; the list fills in */
		a->tree.nodes[at].loading = 1;
		a->tree.pos.sel = at;
		app_tree_list(a, RQ_LOGSTORES, 0, o->project, 0);
	}
	if (o->project && o->logstore)
		app_open_logstore(a, o->project, o->logstore);
}

void
app_free(struct app *a)
{
	size_t i;

	cl_qjob_free(a->res.job);
	cl_tail_free(a->tail.eng);
	for (i = 1; i < (size_t)a->nconns; i++)
		cl_client_free(a->conns[i].cl);
	if (a->tail.filter_ok)
		regfree(a->tail.re);
	free(a->tail.re);
	app_rows_free(&a->res.rows);
	app_rows_free(&a->ctx.rows);
	tbl_free(a->res.tbl);
	cl_hist_free(&a->hist.data);
	for (i = 0; i < a->tree.nnodes; i++)
		free(a->tree.nodes[i].name);
	free(a->tree.nodes);
	free(a->q.project);
	free(a->q.logstore);
	free(a->q.query);
	app_set_columns(a, NULL);
}

int
app_run(struct cl_client *cl, const struct app_opts *o)
{
	struct app a;
	struct canvas *cv;
	char err[256], *hist = o->history ? xstrdup(o->history) : app_history_path();
	int64_t start = clk_mono_ms();
	int cx, cy;
	int efd = -1;

	if (qedit_init(hist, err, sizeof err) != 0)
		fprintf(stderr, "slsx: history: %s\n", err);
	free(hist);
	app_init(&a, cl, o);
	qedit_set_text(a.q.query);
	/* SLSX_TUI_STDERR: where stderr goes while the screen is up (tests read
	 * sanitizer reports there); otherwise /dev/null */
	if (getenv("SLSX_TUI_STDERR"))
		efd = open(getenv("SLSX_TUI_STDERR"), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (scr_open(&a.theme, efd, err, sizeof err) != 0) {
		if (efd >= 0)
			close(efd);
		fprintf(stderr, "slsx: %s\n", err);
		app_free(&a);
		qedit_free();
		return 2;
	}
	a.utf8 = scr_utf8();
	scr_size(&a.w, &a.h);
	cv = cv_new(a.w, a.h);
	a.dirty = 1;
	while (!a.quit) {
		struct pollfd pfd = { STDIN_FILENO, POLLIN, 0 };
		struct scr_key k;
		int t = cl_timeout_ms(cl), rc;

		if (a.tail.eng) {
			int tt = cl_tail_tick(a.tail.eng, clk_mono_ms());

			if (cl_tail_version(a.tail.eng) != a.tail.seen) {
				a.tail.seen = cl_tail_version(a.tail.eng);
				a.dirty = 1;
			}
			t = t < 0 || tt < t ? tt : t;
		}
		if (a.status.text[0] && clk_mono_ms() > a.status.until) {
			a.status.text[0] = '\0';
			a.dirty = 1;
		}
		if (a.dirty) {
			scr_size(&a.w, &a.h);
			if (cv->w != a.w || cv->h != a.h)
				cv_resize(cv, a.w, a.h);
			app_draw(&a, cv, &cx, &cy);
			scr_blit(cv, cx, cy);
			a.dirty = 0;
		}
		if (t < 0 || t > 250)
			t = 250; /* spinners, status expiry, a SIGWINCH that raced poll */
		cl_poll(cl, &pfd, 1, t);
		while ((rc = scr_key(&k)) == 1)
			app_key(&a, &k);
		if (rc < 0 || scr_quit_requested())
			a.quit = 1; /* the terminal is gone, or SIGTERM/SIGHUP */
		if (a.res.done == 0 || a.hist.loading || a.ctx.loading || a.tree.loading)
			a.dirty = 1; /* spinner */
		if (o->exit_after_ms > 0 && clk_mono_ms() - start > o->exit_after_ms)
			a.quit = 1;
	}
	scr_close();
	cv_free(cv);
	if (efd >= 0)
		close(efd);
	app_free(&a);
	qedit_free();
	return 0;
}
