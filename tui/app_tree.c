/*
 * app_tree — the project / logstore / shard tree pane: its requests and
 * answers, its keys (move, open, fold, filter) and its drawing.
 */
#include "tui/app_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "client/cl.h"
#include "client/cl_api.h"
#include "client/cl_merge.h"
#include "tui/scr.h"
#include "widgets/canvas.h"

void
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

void
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
	app_req_send(a, rq, &call);
	cl_args_free(&args);
}

/* The project node of conn named project, or -1. */
size_t
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
size_t
app_tree_conn_root(const struct app *a, int conn)
{
	size_t i;

	for (i = 0; i < a->tree.nnodes; i++)
		if (a->tree.nodes[i].depth < 0 && a->tree.nodes[i].conn == conn)
			return i;
	return (size_t)-1;
}

/* Where a new project of conn goes: after the last node of its subtree. */
size_t
app_tree_conn_end(const struct app *a, int conn)
{
	size_t at = app_tree_conn_root(a, conn);

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

void
app_tree_on_names(struct app *a, struct app_req *rq, const struct cl_resp *rs)
{
	struct cl_names names;
	struct cl_err perr;
	size_t at, i;
	int rc = rq->kind == RQ_PROJECTS ? cl_parse_projects(rs, &names, &perr)
					 : cl_parse_logstores(rs, &names, &perr);

	if (rc != 0) {
		app_text_err(a->tree.err, sizeof a->tree.err, "list", &perr);
		return;
	}
	if (rq->kind == RQ_PROJECTS) {
		size_t root = app_tree_conn_root(a, rq->conn);

		/* a project given with -p is there already */
		at = app_tree_conn_end(a, rq->conn);
		for (i = 0; i < names.n; i++)
			if (app_tree_find(a, rq->conn, names.v[i]) == (size_t)-1)
				app_tree_insert(a, at++, names.v[i], 0, rq->conn);
		if (root != (size_t)-1) {
			a->tree.nodes[root].loading = 0;
			a->tree.nodes[root].expanded = 1;
			a->tree.nodes[root].err[0] = '\0'; /* a retry's message */
		} else {
			a->tree.err[0] = '\0';
		}
		a->tree.loading = 0;
	} else if ((at = app_tree_find(a, rq->conn, rq->name)) != (size_t)-1) {
		struct app_node *p = &a->tree.nodes[at];

		p->loading = 0;
		p->expanded = 1;
		p->err[0] = '\0';
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
app_tree_logstore_of(const struct app *a, size_t i)
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
	app_req_send(a, rq, &call);
	cl_args_free(&args);
}

/* The logstore node of conn named "project\tlogstore", or -1. */
size_t
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

void
app_tree_on_shards(struct app *a, struct app_req *rq, const struct cl_resp *rs)
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
		app_text_err(a->tree.nodes[at].err, sizeof a->tree.nodes[at].err, "ListShards", &perr);
		return;
	}
	a->tree.nodes[at].expanded = 1;
	a->tree.nodes[at].err[0] = '\0';
	for (i = 0; i < n; i++) {
		char label[160];

		snprintf(label, sizeof label, "#%d %s %.6s..%.6s", v[i].id, v[i].status,
		    v[i].begin_key, v[i].end_key);
		app_tree_insert(a, at + 1 + (size_t)i, label, 2, rq->conn);
		a->tree.nodes[at + 1 + (size_t)i].shard = v[i].id;
	}
	free(v);
}

static const char *
app_tree_project_of(const struct app *a, size_t i)
{
	while (i > 0 && a->tree.nodes[i].depth > 0)
		i--;
	return a->tree.nodes[i].name;
}

/* t in the tree: the selected logstore (or a shard's) becomes the open
 * one unless it is already; on a shard the tail follows that shard. */
void
app_tree_open_selected_ls(struct app *a)
{
	size_t ls;
	const struct app_node *nd;
	const char *p;

	if (a->tree.pos.sel >= a->tree.nnodes || a->tree.nodes[a->tree.pos.sel].depth < 1)
		return;
	ls = app_tree_logstore_of(a, a->tree.pos.sel);
	nd = &a->tree.nodes[ls];
	p = app_tree_project_of(a, ls);
	if (a->tree.nodes[a->tree.pos.sel].depth == 2)
		a->tail.shard = a->tree.nodes[a->tree.pos.sel].shard;
	if (a->q.project && a->q.logstore && a->conn == nd->conn && strcmp(a->q.project, p) == 0 &&
	    strcmp(a->q.logstore, nd->name) == 0)
		return;
	{
		char *pp = xstrdup(p), *l = xstrdup(nd->name);

		app_conn_use(a, nd->conn);
		app_query_open(a, pp, l);
		free(pp);
		free(l);
	}
}

/* Is node i shown under the filter? A match shows its ancestors and
 * descendants too: a shard shows when it, its logstore or its project
 * matches, never for another logstore that does. */
static int
app_tree_shown(const struct app *a, size_t i)
{
	const struct app_node *v = a->tree.nodes;
	size_t j;
	int depth = v[i].depth;

	if (a->tree.filter[0] == '\0')
		return 1;
	if (app_text_ci_contains(v[i].name, a->tree.filter))
		return 1;
	/* its ancestors: going back, each node less deep than all after it */
	for (j = i; j > 0 && depth > 0;) {
		j--;
		if (v[j].depth >= depth)
			continue;
		depth = v[j].depth;
		if (depth >= 0 && app_text_ci_contains(v[j].name, a->tree.filter))
			return 1;
	}
	/* its descendants */
	for (j = i + 1; j < a->tree.nnodes && v[j].depth > v[i].depth; j++)
		if (app_text_ci_contains(v[j].name, a->tree.filter))
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
void
app_tree_filter_key(struct app *a, const struct scr_key *k)
{
	if (k->code == SK_ENTER) {
		a->tree.filtering = 0;
	} else if (k->code == SK_ESC) {
		a->tree.filtering = 0;
		a->tree.filter[0] = '\0';
	} else {
		app_text_key(a->tree.filter, sizeof a->tree.filter, k);
	}
	if (a->tree.nnodes && !app_tree_shown(a, a->tree.pos.sel)) {
		app_tree_step(a, 1);
		if (!app_tree_shown(a, a->tree.pos.sel))
			app_tree_step(a, -1);
	}
}

/* The project row above row i (i itself when it is one). */
static size_t
app_tree_project_at(const struct app *a, size_t i)
{
	while (i > 0 && a->tree.nodes[i].depth > 0)
		i--;
	return i;
}

/* Space on a logstore: mark it (or unmark it) and move down. 1 when it
 * was a logstore. */
static int
app_tree_mark(struct app *a)
{
	struct app_node *nd = &a->tree.nodes[a->tree.pos.sel];
	size_t i, n = 0, p = app_tree_project_at(a, a->tree.pos.sel);

	if (nd->depth != 1)
		return 0;
	nd->marked = !nd->marked;
	for (i = p + 1; i < a->tree.nnodes && a->tree.nodes[i].depth > 0; i++)
		n += a->tree.nodes[i].depth == 1 && a->tree.nodes[i].marked;
	if (n > CL_MERGE_MAX) {
		nd->marked = 0;
		app_statusf(a, 1, "at most %d logstores open together", CL_MERGE_MAX);
		return 1;
	}
	if (n > 0)
		app_statusf(a, 0, "%zu logstore%s marked: Enter opens them together (Space unmarks)",
		    n, n == 1 ? "" : "s");
	else
		app_statusf(a, 0, "no logstore marked");
	app_tree_step(a, 1);
	return 1;
}

/* What Enter on logstore row i opens: the marked logstores of its
 * project with it ("a,b", in tree order), or it alone. */
static void
app_tree_marked(const struct app *a, size_t i, char *out, size_t n)
{
	size_t p = app_tree_project_at(a, i), k, count = 0;

	out[0] = '\0';
	for (k = p + 1; k < a->tree.nnodes && a->tree.nodes[k].depth > 0; k++) {
		const struct app_node *nd = &a->tree.nodes[k];

		if (nd->depth == 1 && (nd->marked || k == i) && count < CL_MERGE_MAX) {
			snprintf(out + strlen(out), n - strlen(out), "%s%s", count ? "," : "", nd->name);
			count++;
		}
	}
	if (count == 0)
		snprintf(out, n, "%s", a->tree.nodes[i].name);
}

void
app_tree_key(struct app *a, const struct scr_key *k, int page)
{
	struct app_node *nd;

	switch (k->code) {
	case 'j': case SK_DOWN: app_tree_step(a, 1); return;
	case 'k': case SK_UP: app_tree_step(a, -1); return;
	case SK_MOUSE_DOWN: app_tree_step(a, 1); app_tree_step(a, 1); app_tree_step(a, 1); return;
	case SK_MOUSE_UP: app_tree_step(a, -1); app_tree_step(a, -1); app_tree_step(a, -1); return;
	case ' ':
		if (app_tree_mark(a))
			return;
		app_tree_step(a, page);
		return;
	case SK_PGDN: app_tree_step(a, page); return;
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
			char list[CL_MERGE_MAX * 129];

			a->tail.shard = -1;
			app_conn_use(a, nd->conn);
			app_tree_marked(a, a->tree.pos.sel, list, sizeof list);
			app_query_open(a, app_tree_project_of(a, a->tree.pos.sel), list);
			a->focus = AF_RESULTS;
		} else if (nd->depth == 2) {
			/* a shard: open its logstore with the live tail on that shard */
			size_t ls = app_tree_logstore_of(a, a->tree.pos.sel);
			char *l = xstrdup(a->tree.nodes[ls].name);

			a->tail.shard = nd->shard;
			a->tail.on = 1;
			a->tail.follow = 1;
			app_conn_use(a, nd->conn);
			app_query_open(a, app_tree_project_of(a, a->tree.pos.sel), l);
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

/* Select the node drawn on row n of the pane (the last frame's). */
void
app_tree_click(struct app *a, size_t n)
{
	if (n < a->tree.nrows && a->tree.rows[n] < a->tree.nnodes)
		a->tree.pos.sel = a->tree.rows[n];
}

static const char *
app_tree_node_project(const struct app *a, size_t i)
{
	while (i > 0 && a->tree.nodes[i].depth > 0)
		i--;
	return a->q.project ? a->tree.nodes[i].name : NULL;
}

/* One tree line: fold mark (indented by depth), name, error. */
static void
app_tree_draw_node(const struct app *a, struct canvas *cv, const struct app_rect *r, size_t i, int y)
{
	const struct app_node *nd = &a->tree.nodes[i];
	int x = r->x + 2 * (nd->depth > 1 ? nd->depth - 1 : 0) + (a->nconns > 1 && nd->depth >= 0
	    ? 2 : 0);
	int cur = nd->depth == 1 && nd->conn == a->conn && a->q.logstore &&
	    strcmp(nd->name, a->q.logstore) == 0 && app_tree_node_project(a, i) &&
	    strcmp(app_tree_node_project(a, i), a->q.project) == 0;
	const char *mark = nd->loading ? app_chrome_spinner() : nd->depth == 2 ? " "
	    : nd->expanded ? (a->utf8 ? "\u25be" : "v") : (a->utf8 ? "\u25b8" : ">");

	if (nd->depth == 1) /* marked (Space): opened with the other marked ones */
		x += cv_text(cv, x, y, r->w, nd->marked ? "+ " : "  ", 2, THEME_TREE_SEL);
	x += cv_text(cv, x, y, r->x + r->w - x, mark, strlen(mark), THEME_TREE_DIM);
	x += cv_text(cv, x, y, r->x + r->w - x, " ", 1, THEME_TREE);
	x += cv_text(cv, x, y, r->x + r->w - x, nd->name, strlen(nd->name),
	    cur ? THEME_TREE_SEL : nd->depth == 2 ? THEME_TREE_DIM : THEME_TREE);
	if (nd->depth < 0 && strcmp(a->conns[nd->conn].endpoint, nd->name) != 0) {
		/* a connection: its endpoint too */
		const char *ep = a->conns[nd->conn].endpoint;

		x += cv_text(cv, x, y, r->x + r->w - x, " ", 1, THEME_TREE);
		x += cv_text(cv, x, y, r->x + r->w - x, ep, strlen(ep), THEME_TREE_DIM);
	}
	if (nd->depth < 0 && a->conns[nd->conn].source[0]) {
		const char *src = a->conns[nd->conn].source;

		x += cv_text(cv, x, y, r->x + r->w - x, "  keys: ", 8, THEME_TREE_DIM);
		x += cv_text(cv, x, y, r->x + r->w - x, src, strlen(src), THEME_TREE_DIM);
	}
	if (i == a->tree.pos.sel)
		cv_set_attr(cv, r->x, y, r->w, a->focus == AF_TREE ? THEME_A_REVERSE : THEME_A_BOLD);
}

#define APP_TREE_ERR_LINES 6

/* The lines node i's error takes under it, cut to w columns (at most
 * APP_TREE_ERR_LINES; the last ends in "~" when more is left); with
 * y >= 0 they are drawn from row y on. */
static int
app_tree_err_lines(const struct canvas *cv0, struct canvas *cv, const struct app_node *nd,
    int x, int y, int w, int maxl)
{
	const char *s = nd->err;
	size_t n = strlen(s), k;
	int lines = 0;

	if (maxl > APP_TREE_ERR_LINES)
		maxl = APP_TREE_ERR_LINES;
	while (n > 0 && w > 1 && lines < maxl) {
		int last = lines + 1 == maxl;

		k = cv_text_fit(cv0, s, n, last ? w - 1 : w, NULL);
		if (k == 0)
			break;
		if (y >= 0) {
			cv_text(cv, x, y + lines, w, s, k, THEME_STATUS_ERR);
			if (last && k < n)
				cv_text(cv, x + w - 1, y + lines, 1, "~", 1, THEME_STATUS_ERR);
		}
		s += k;
		n -= k;
		lines++;
	}
	return lines;
}

/* Rows node i takes: its line and its error's. */
static int
app_tree_node_rows(const struct app *a, const struct canvas *cv, const struct app_rect *r, size_t i)
{
	const struct app_node *nd = &a->tree.nodes[i];

	return 1 + (nd->err[0] ? app_tree_err_lines(cv, NULL, nd, 0, -1, r->w - 2, APP_TREE_ERR_LINES) : 0);
}

/* Rows y0 .. y of the pane show node i (for clicks). */
static void
app_tree_note_rows(struct app *a, const struct app_rect *r, size_t i, int y0, int y)
{
	for (; y0 < y; y0++)
		if (y0 - r->y - 1 >= 0 && y0 - r->y - 1 < APP_TREE_ROWS)
			a->tree.rows[y0 - r->y - 1] = i;
}

/* The first shown node (index into vis) so that the selection (vis[pos])
 * is in view with its error lines, and no room is left empty below the
 * last node while nodes above are hidden (a filter that narrows the tree
 * shows all it can). */
static size_t
app_tree_top(const struct app *a, const struct canvas *cv, const struct app_rect *r,
    const size_t *vis, size_t n, size_t pos, size_t rows)
{
	size_t top = a->tree.pos.top, used = 0, k;

	if (top > pos)
		top = pos;
	for (k = top; k <= pos && k < n; k++)
		used += (size_t)app_tree_node_rows(a, cv, r, vis[k]);
	while (top < pos && used > rows)
		used -= (size_t)app_tree_node_rows(a, cv, r, vis[top++]);
	for (k = pos + 1; k < n && used < rows; k++) /* what fits below */
		used += (size_t)app_tree_node_rows(a, cv, r, vis[k]);
	while (top > 0 && used + (size_t)app_tree_node_rows(a, cv, r, vis[top - 1]) <= rows)
		used += (size_t)app_tree_node_rows(a, cv, r, vis[--top]);
	return top;
}

void
app_tree_draw(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	char title[128];
	size_t i, n = 0, pos = 0, top, rows = r->h > 1 ? (size_t)r->h - 1 : 0, *vis, drawn;
	int y;

	if (a->tree.filtering || a->tree.filter[0])
		snprintf(title, sizeof title, "Filter: %s%s", a->tree.filter, a->tree.filtering ? "_" : "");
	else
		snprintf(title, sizeof title, "%s%s%s", a->nconns > 1 ? "Connections" : "Projects",
		    a->tree.loading ? " " : "",
		    a->tree.loading ? app_chrome_spinner() : "");
	app_chrome_title(cv, r, a->focus == AF_TREE, title);
	cv_fill(cv, r->x + r->w, r->y, 1, r->h, a->utf8 ? 0x2502 : '|', THEME_BORDER);
	if (a->tree.err[0] && a->tree.nnodes == 0) {
		struct app_node e = { .err = "" };

		app_text_copy(e.err, sizeof e.err, a->tree.err);
		app_tree_err_lines(cv, cv, &e, r->x, r->y + 1, r->w, r->h - 1);
		return;
	}
	/* the shown nodes, and where the selection is among them */
	vis = xcalloc(a->tree.nnodes + 1, sizeof *vis);
	for (i = 0; i < a->tree.nnodes; i++)
		if (app_tree_shown(a, i)) {
			if (i == a->tree.pos.sel)
				pos = n;
			vis[n++] = i;
		}
	top = app_tree_top(a, cv, r, vis, n, pos, rows);
	((struct app *)a)->tree.pos.top = top;
	for (i = top, y = r->y + 1; i < n && y < r->y + 1 + (int)rows; i++) {
		const struct app_node *nd = &a->tree.nodes[vis[i]];
		int y0 = y;

		app_tree_draw_node(a, cv, r, vis[i], y++);
		if (nd->err[0])
			y += app_tree_err_lines(cv, cv, nd, r->x + 2, y, r->w - 2, r->y + 1 + (int)rows - y);
		app_tree_note_rows((struct app *)a, r, vis[i], y0, y);
	}
	drawn = y > r->y + 1 ? (size_t)(y - r->y - 1) : 0;
	((struct app *)a)->tree.nrows = drawn < APP_TREE_ROWS ? drawn : APP_TREE_ROWS;
	if (n == 0 && a->tree.nnodes > 0)
		cv_text(cv, r->x + 1, r->y + 1, r->w - 1, "nothing matches", 15, THEME_TREE_DIM);
	free(vis);
}

void
app_tree_free(struct app *a)
{
	size_t i;

	for (i = 0; i < a->tree.nnodes; i++)
		free(a->tree.nodes[i].name);
	free(a->tree.nodes);
	a->tree.nodes = NULL;
	a->tree.nnodes = 0;
}
