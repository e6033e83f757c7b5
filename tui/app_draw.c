/*
 * app_draw — the terminal UI drawn into a canvas from the app's state:
 * layout, tree, query line, histogram, results (log lines, SQL table,
 * detail), context, live tail, status bar and the help overlay. Pure
 * drawing: nothing here changes the state or talks to the network.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <regex.h>

#include <cjson/cJSON.h>

#include "base/clk.h"
#include "base/u8.h"
#include "base/xalloc.h"
#include "proto/pb.h"
#include "tui/app_int.h"
#include "tui/qedit.h"
#include "client/cl_tail.h"
#include "widgets/canvas.h"
#include "widgets/hist.h"
#include "widgets/table.h"

void
app_layout(const struct app *a, struct app_layout *l)
{
	int tw = a->w >= 100 ? 26 : a->w >= 80 ? 22 : 18;
	int rw = a->w - tw, hh = a->h >= 36 ? 8 : a->h >= 24 ? 6 : 4, top, avail, th;

	memset(l, 0, sizeof *l);
	l->status = (struct app_rect){ 0, a->h - 1, a->w, 1 };
	l->tree = (struct app_rect){ 0, 0, tw - 1, a->h - 1 };
	l->query = (struct app_rect){ tw, 0, rw, 1 };
	l->info = (struct app_rect){ tw, 1, rw, 1 };
	l->hist = (struct app_rect){ tw, 2, rw, hh };
	top = 2 + hh;
	avail = a->h - 1 - top;
	th = a->tail.on ? avail * 2 / 5 : 0;
	l->res = (struct app_rect){ tw, top, rw, avail - th };
	l->tail = (struct app_rect){ tw, top + avail - th, rw, th };
}

static const char *const app_spin[] = { "|", "/", "-", "\\" };

static const char *
app_spinner(void)
{
	return app_spin[(clk_mono_ms() / 150) % 4];
}

/* A pane's title line: focused panes stand out. */
static void
app_title(struct canvas *cv, const struct app_rect *r, int focused, const char *text)
{
	enum theme_role role = focused ? THEME_TITLE_FOCUS : THEME_TITLE;

	cv_fill(cv, r->x, r->y, r->w, 1, ' ', role);
	cv_text(cv, r->x + 1, r->y, r->w - 2, text, strlen(text), role);
}

static void
app_fmt_time(int64_t t, int days, char *buf, size_t n)
{
	time_t s = (time_t)t;
	struct tm tm;

	localtime_r(&s, &tm);
	strftime(buf, n, days ? "%m-%d %H:%M:%S" : "%H:%M:%S", &tm);
}

/* ---- tree ---- */

static const char *
app_node_project(const struct app *a, size_t i)
{
	while (i > 0 && a->tree.nodes[i].depth > 0)
		i--;
	return a->q.project ? a->tree.nodes[i].name : NULL;
}

/* One tree line: fold mark (indented by depth), name, error. */
static void
app_draw_node(const struct app *a, struct canvas *cv, const struct app_rect *r, size_t i, int y)
{
	const struct app_node *nd = &a->tree.nodes[i];
	int x = r->x + 2 * (nd->depth > 1 ? nd->depth - 1 : 0) + (a->nconns > 1 && nd->depth >= 0
	    ? 2 : 0);
	int cur = nd->depth == 1 && nd->conn == a->conn && a->q.logstore &&
	    strcmp(nd->name, a->q.logstore) == 0 && app_node_project(a, i) &&
	    strcmp(app_node_project(a, i), a->q.project) == 0;
	const char *mark = nd->loading ? app_spinner() : nd->depth == 2 ? " "
	    : nd->expanded ? (a->utf8 ? "\u25be" : "v") : (a->utf8 ? "\u25b8" : ">");

	if (nd->depth == 1)
		x += cv_text(cv, x, y, r->w, "  ", 2, THEME_TREE);
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
	if (nd->err[0]) {
		x += cv_text(cv, x, y, r->x + r->w - x, " ", 1, THEME_TREE);
		cv_text(cv, x, y, r->x + r->w - x, nd->err, strlen(nd->err), THEME_STATUS_ERR);
	}
	if (i == a->tree.pos.sel)
		cv_set_attr(cv, r->x, y, r->w, a->focus == AF_TREE ? THEME_A_REVERSE : THEME_A_BOLD);
}

static void
app_draw_tree(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	char title[128];
	size_t i, n = 0, pos = 0, top, rows = r->h > 1 ? (size_t)r->h - 1 : 0, *vis;

	if (a->tree.filtering || a->tree.filter[0])
		snprintf(title, sizeof title, "Filter: %s%s", a->tree.filter, a->tree.filtering ? "_" : "");
	else
		snprintf(title, sizeof title, "%s%s%s", a->nconns > 1 ? "Connections" : "Projects",
		    a->tree.loading ? " " : "",
		    a->tree.loading ? app_spinner() : "");
	app_title(cv, r, a->focus == AF_TREE, title);
	cv_fill(cv, r->x + r->w, r->y, 1, r->h, a->utf8 ? 0x2502 : '|', THEME_BORDER);
	if (a->tree.err[0] && a->tree.nnodes == 0) {
		cv_text(cv, r->x, r->y + 1, r->w, a->tree.err, strlen(a->tree.err), THEME_STATUS_ERR);
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
	top = a->tree.pos.top;
	if (pos < top)
		top = pos;
	if (rows && pos >= top + rows)
		top = pos - rows + 1;
	if (top > n)
		top = 0;
	((struct app *)a)->tree.pos.top = top;
	for (i = 0; i < rows && top + i < n; i++)
		app_draw_node(a, cv, r, vis[top + i], r->y + 1 + (int)i);
	if (n == 0 && a->tree.nnodes > 0)
		cv_text(cv, r->x + 1, r->y + 1, r->w - 1, "nothing matches", 15, THEME_TREE_DIM);
	free(vis);
}

/* ---- query line ---- */

static enum theme_role
app_span_role(enum qspan_role r)
{
	switch (r) {
	case QS_FIELD: return THEME_RESULT_KEY;
	case QS_OP: case QS_PIPE: case QS_KEYWORD: return THEME_HELP_KEY;
	case QS_STRING: return THEME_RESULT_VALUE;
	case QS_NUMBER: return THEME_NUM;
	case QS_SQL: case QS_FUNC: return THEME_QUERY_SQL;
	default: return THEME_QUERY_SEARCH;
	}
}

static void
app_range_label(const struct app *a, char *buf, size_t n)
{
	static const struct {
		int64_t s;
		const char *name;
	} names[] = { { 300, "5m" }, { 900, "15m" }, { 3600, "1h" }, { 4 * 3600, "4h" },
		{ 86400, "1d" }, { 7 * 86400, "7d" }, { -1, "today" } };
	size_t i;

	if (a->q.nzoom == 0)
		for (i = 0; i < sizeof names / sizeof names[0]; i++)
			if (names[i].s == a->q.range_s) {
				snprintf(buf, n, "[%s]", names[i].name);
				return;
			}
	{
		char f[32], t[32];

		app_fmt_time(a->q.from, a->q.to - a->q.from > 86400, f, sizeof f);
		app_fmt_time(a->q.to, a->q.to - a->q.from > 86400, t, sizeof t);
		if (snprintf(buf, n, "[%s-%s]", f, t) < 0)
			buf[0] = '\0';
	}
}

static void
app_draw_query(const struct app *a, struct canvas *cv, const struct app_rect *r, int *cx,
    int *cy)
{
	struct qedit_view v;
	struct qspan sp[256];
	char label[64];
	size_t ns, i, cur_cols;
	int x = r->x, start, avail;

	app_range_label(a, label, sizeof label);
	cv_fill(cv, r->x, r->y, r->w, 1, ' ', THEME_DEFAULT);
	x += cv_text(cv, x, r->y, r->w, label, strlen(label), THEME_HELP_KEY);
	x += cv_text(cv, x, r->y, 1, " ", 1, THEME_DEFAULT);
	qedit_view(&v);
	if (v.prompt && *v.prompt)
		x += cv_text(cv, x, r->y, r->x + r->w - x, v.prompt, strlen(v.prompt),
		    THEME_HELP_KEY);
	/* scroll so the cursor stays visible */
	cur_cols = u8_width(v.line, v.point);
	avail = r->x + r->w - x - 1;
	start = avail > 0 && (int)cur_cols > avail ? (int)cur_cols - avail : 0;
	ns = qedit_spans(v.line, strlen(v.line), sp, sizeof sp / sizeof sp[0]);
	{
		int col = 0;

		for (i = 0; i < ns; i++) {
			const char *s = v.line + sp[i].off;
			size_t k = 0;

			/* drop what scrolled off on the left, a character at a time */
			while (k < sp[i].len && col < start) {
				int32_t cp;
				size_t n = u8_decode(s + k, sp[i].len - k, &cp);

				col += u8_cp_width(cp) > 0 ? u8_cp_width(cp) : 1;
				k += n ? n : 1;
			}
			if (col >= start)
				x += cv_text(cv, x, r->y, r->x + r->w - x, s + k, sp[i].len - k,
				    a->res.err[0] && a->focus != AF_QUERY ? THEME_QUERY_ERROR
									 : app_span_role(sp[i].role));
		}
	}
	if (a->focus == AF_QUERY) {
		*cx = r->x + (int)strlen(label) + 1 + (int)u8_width(v.prompt ? v.prompt : "",
		    v.prompt ? strlen(v.prompt) : 0) + (int)cur_cols - start;
		*cy = r->y;
	}
}

static void
app_draw_info(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	char buf[512];
	struct qedit_view v;

	cv_fill(cv, r->x, r->y, r->w, 1, ' ', THEME_DEFAULT);
	qedit_view(&v);
	if (a->focus == AF_QUERY && v.nmatches > 1) {
		snprintf(buf, sizeof buf, "%zu completions", v.nmatches);
		cv_text(cv, r->x, r->y, r->w, buf, strlen(buf), THEME_HELP_KEY);
		return;
	}
	if (a->res.err[0]) {
		cv_text(cv, r->x, r->y, r->w, a->res.err, strlen(a->res.err), THEME_STATUS_ERR);
		return;
	}
	if (a->q.project == NULL) {
		snprintf(buf, sizeof buf, "choose a logstore in the tree (Enter), then type a query "
					  "(/)");
	} else {
		snprintf(buf, sizeof buf, "%s/%s  %zu rows%s%s  %" PRId64 " ms  %s", a->q.project,
		    a->q.logstore, a->res.rows.n, a->res.done ? "" : " ", a->res.done ? "" : app_spinner(),
		    a->res.elapsed_ms, a->res.sql ? "SQL" : a->q.reverse ? "newest first" : "oldest first");
		if (a->res.rows.npages > 0 && a->res.rows.pages[0].processed_rows > 0) {
			/* the server's meta: rows it scanned, and its own time */
			char meta[96];

			snprintf(meta, sizeof meta, "  %" PRId64 " processed in %" PRId64 " ms",
			    a->res.rows.pages[0].processed_rows, a->res.rows.pages[0].elapsed_ms);
			strncat(buf, meta, sizeof buf - strlen(buf) - 1);
		}
		if (!a->res.complete)
			strncat(buf, "  (Incomplete)", sizeof buf - strlen(buf) - 1);
	}
	cv_text(cv, r->x, r->y, r->w, buf, strlen(buf), THEME_STATUS);
}

/* ---- histogram ---- */

struct hist_bucket *
app_hist_buckets(const struct app *a)
{
	struct hist_bucket *b = xcalloc(a->hist.data.n + 1, sizeof *b);
	size_t i;

	for (i = 0; i < a->hist.data.n; i++) {
		b[i].from = a->hist.data.b[i].from;
		b[i].to = a->hist.data.b[i].to;
		b[i].count = a->hist.data.b[i].count;
		b[i].complete = a->hist.data.b[i].complete;
	}
	return b;
}

static void
app_draw_hist(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	char title[256];
	struct hist_bucket *b;

	if (r->h < 2)
		return;
	if (a->hist.err[0])
		snprintf(title, sizeof title, "Hits  %s", a->hist.err);
	else if (a->hist.sel >= 0 && a->hist.data.n > 0) {
		int64_t f, t, c = 0;
		size_t i;

		b = app_hist_buckets(a);
		if (hist_col_range(r->w, b, a->hist.data.n, a->hist.sel, &f, &t) == 0) {
			char fs[32], ts[32];

			for (i = 0; i < a->hist.data.n; i++)
				if (b[i].from >= f && b[i].from < t)
					c += b[i].count;
			app_fmt_time(f, t - f >= 86400 || a->q.to - a->q.from > 86400, fs, sizeof fs);
			app_fmt_time(t, t - f >= 86400 || a->q.to - a->q.from > 86400, ts, sizeof ts);
			snprintf(title, sizeof title, "Hits  %s - %s: %" PRId64 "  (Enter zooms, z back)",
			    fs, ts, c);
		} else {
			snprintf(title, sizeof title, "Hits");
		}
		free(b);
	} else {
		snprintf(title, sizeof title, "Hits  %" PRId64 "%s%s%s", a->hist.data.total,
		    a->hist.data.complete || a->hist.data.n == 0 ? "" : "  Incomplete, asking again",
		    a->hist.loading ? " " : "", a->hist.loading ? app_spinner() : "");
	}
	app_title(cv, r, a->focus == AF_HIST, title);
	b = app_hist_buckets(a);
	(a->utf8 ? hist_draw : hist_draw_ascii)(cv, r->x, r->y + 1, r->w, r->h - 1, b, a->hist.data.n,
	    a->focus == AF_HIST ? a->hist.sel : -1);
	free(b);
}

/* ---- results ---- */

static int
app_hidden_key(const char *k)
{
	return strcmp(k, "__time__") == 0 || strcmp(k, "__pack_meta__") == 0 ||
	    strcmp(k, "__tag__:__pack_id__") == 0 || strcmp(k, "__time_ns_part__") == 0 ||
	    strcmp(k, "__index_number__") == 0;
}

/* The search terms of the current results (meta.terms), for highlighting. */
static size_t
app_terms(const struct app *a, const char *const **out)
{
	if (a->res.rows.npages == 0 || a->res.sql)
		return 0;
	*out = a->res.rows.pages[0].terms;
	return a->res.rows.pages[0].nterms;
}

/* Text with every case-insensitive occurrence of a term in THEME_MATCH. */
static int
app_text_hl(const struct app *a, struct canvas *cv, int x, int y, int maxw, const char *s,
    size_t n, enum theme_role role)
{
	const char *const *terms = NULL;
	size_t nt = app_terms(a, &terms), i = 0, t;
	int used = 0;

	while (i < n && used < maxw) {
		size_t best = n, blen = 0;

		for (t = 0; t < nt; t++) {
			size_t tl = strcspn(terms[t], "*?"), j;

			if (tl == 0 || tl > n - i)
				continue;
			for (j = i; j + tl <= n && j < best; j++)
				if (strncasecmp(s + j, terms[t], tl) == 0) {
					if (j < best || tl > blen) {
						best = j;
						blen = tl;
					}
					break;
				}
		}
		used += cv_text(cv, x + used, y, maxw - used, s + i, best - i, role);
		if (best == n)
			break;
		used += cv_text(cv, x + used, y, maxw - used, s + best, blen, THEME_MATCH);
		i = best + blen;
	}
	return used;
}

/* A value's colour: levels stand out. */
static enum theme_role
app_value_role(const char *k, const char *v, enum theme_role dflt)
{
	if (strcmp(k, "level") != 0 && strcmp(k, "severity") != 0)
		return dflt;
	if (strncasecmp(v, "err", 3) == 0 || strncasecmp(v, "fatal", 5) == 0)
		return THEME_LEVEL_ERROR;
	if (strncasecmp(v, "warn", 4) == 0)
		return THEME_LEVEL_WARN;
	return dflt;
}

/* The chosen fields (:columns, columns= in the config), in their order;
 * a field the log lacks is left out. */
static void
app_draw_columns(const struct app *a, struct canvas *cv, int x, int y, int end,
    const struct cl_logs *pg, const struct cl_row *row)
{
	size_t c;

	for (c = 0; c < a->res.ncols && x < end; c++) {
		size_t vn = 0;
		const char *k = a->res.cols[c], *val = cl_row_get(pg, row, k, &vn);

		if (val == NULL)
			continue;
		x += cv_text(cv, x, y, end - x, k, strlen(k), THEME_RESULT_KEY);
		x += cv_text(cv, x, y, end - x, "=", 1, THEME_DEFAULT);
		x += app_text_hl(a, cv, x, y, end - x, val, vn,
		    app_value_role(k, val, THEME_RESULT_VALUE));
		x += cv_text(cv, x, y, end - x, " ", 1, THEME_DEFAULT);
	}
}

/* One log on one line: time, then key=value pairs. */
static void
app_draw_logline(const struct app *a, struct canvas *cv, int x, int y, int w,
    const struct cl_logs *pg, const struct cl_row *row)
{
	const char *t = cl_row_get(pg, row, "__time__", NULL);
	int end = x + w;
	uint32_t i;

	if (t) {
		char buf[32];

		app_fmt_time(strtoll(t, NULL, 10), a->q.to - a->q.from > 86400, buf, sizeof buf);
		x += cv_text(cv, x, y, end - x, buf, strlen(buf), THEME_RESULT_TIME);
		x += cv_text(cv, x, y, end - x, " ", 1, THEME_DEFAULT);
	}
	if (a->res.ncols) {
		app_draw_columns(a, cv, x, y, end, pg, row);
		return;
	}
	/* the log's own fields first, then __topic__, __source__, __tag__:* */
	for (i = 0; i < 2u * row->n && x < end; i++) {
		const char *k = cl_row_key(pg, row, i % row->n);
		size_t vn;
		const char *val = cl_row_val(row, i % row->n, &vn);
		enum theme_role vr = i < row->n ? THEME_RESULT_VALUE : THEME_TREE_DIM;

		if (app_hidden_key(k) || (i < row->n) == (strncmp(k, "__", 2) == 0))
			continue;
		vr = app_value_role(k, val, vr);
		x += cv_text(cv, x, y, end - x, k, strlen(k), i < row->n ? THEME_RESULT_KEY
									    : THEME_TREE_DIM);
		x += cv_text(cv, x, y, end - x, "=", 1, THEME_DEFAULT);
		x += app_text_hl(a, cv, x, y, end - x, val, vn, vr);
		x += cv_text(cv, x, y, end - x, " ", 1, THEME_DEFAULT);
	}
}

static void
app_draw_loglist(const struct app *a, struct canvas *cv, const struct app_rect *r,
    const struct app_rows *rows, size_t sel, size_t *topp, int focused)
{
	size_t i, top = *topp, n = r->h > 1 ? (size_t)r->h - 1 : 0;

	if (sel < top)
		top = sel;
	if (n && sel >= top + n)
		top = sel - n + 1;
	*topp = top;
	for (i = 0; i < n && top + i < rows->n; i++) {
		const struct cl_logs *pg;
		const struct cl_row *row = app_row(rows, top + i, &pg);
		int y = r->y + 1 + (int)i;

		app_draw_logline(a, cv, r->x, y, r->w, pg, row);
		if (top + i == sel)
			cv_set_attr(cv, r->x, y, r->w, focused ? THEME_A_REVERSE : THEME_A_BOLD);
	}
}

/* The SQL table: a cell source over the result rows. */
struct app_tsrc {
	const struct app *a;
	const char **cols;
};

static const char *
app_tcell(void *ud, size_t row, size_t col, size_t *len)
{
	const struct app_tsrc *s = ud;
	const struct cl_logs *pg;
	const struct cl_row *r = app_row(&s->a->res.rows, row, &pg);
	const char *v = r ? cl_row_get(pg, r, s->cols[col], len) : NULL;

	if (v == NULL) {
		*len = 0;
		return "";
	}
	return v;
}

static void
app_draw_table(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	struct tbl *t;
	struct app_tsrc src;
	size_t nc;

	if (a->res.rows.npages == 0)
		return;
	if (a->res.tbl == NULL)
		((struct app *)a)->res.tbl = tbl_new();
	t = a->res.tbl;
	src.a = a;
	nc = cl_logs_columns(&a->res.rows.pages[0], &src.cols);
	tbl_set_columns(t, src.cols, nc);
	tbl_set_source(t, a->res.rows.n, app_tcell, &src);
	tbl_home(t);
	tbl_move(t, (long)a->res.pos.sel);
	tbl_hscroll(t, -100000);
	tbl_hscroll(t, a->res.hscroll);
	tbl_draw(t, cv, r->x, r->y + 1, r->w, r->h - 1);
	free(src.cols);
}

/* A JSON object or array value pretty-printed (free it), or NULL. */
static char *
app_pretty(const char *v, size_t vn)
{
	cJSON *j = vn && (v[0] == '{' || v[0] == '[') ? cJSON_ParseWithLength(v, vn) : NULL;
	char *s = j ? cJSON_Print(j) : NULL;

	cJSON_Delete(j);
	return s;
}

size_t
app_value_lines(const char *v, size_t vn)
{
	char *pretty = app_pretty(v, vn);
	size_t n = 1;
	const char *p;

	for (p = pretty; p && (p = strchr(p, '\n')) != NULL; p++)
		n++;
	free(pretty);
	return n;
}

/* Every field of the selected log, JSON values pretty-printed. */
static void
app_draw_detail(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	const struct cl_logs *pg;
	const struct cl_row *row = app_row(&a->res.rows, a->res.pos.sel, &pg);
	int y = r->y + 1, skip = (int)a->detail.pos.top;
	uint32_t i;

	if (row == NULL)
		return;
	for (i = 0; i < row->n && y < r->y + r->h; i++) {
		size_t vn;
		const char *k = cl_row_key(pg, row, i), *v = cl_row_val(row, i, &vn);
		char *pretty = app_pretty(v, vn);
		const char *p = pretty ? pretty : v;
		size_t plen = pretty ? strlen(pretty) : vn;
		int first = 1;

		while (y < r->y + r->h) {
			const char *nl = pretty ? memchr(p, '\n', plen) : NULL;
			size_t ln = nl ? (size_t)(nl - p) : plen;

			if (skip > 0) {
				skip--;
			} else {
				int x = r->x;

				if (first)
					x += cv_text(cv, x, y, r->w, k, strlen(k), THEME_RESULT_KEY);
				x = r->x + 24 < r->x + r->w ? r->x + 24 : x;
				cv_text(cv, x, y, r->x + r->w - x, p, ln, THEME_RESULT_VALUE);
				if (i == a->detail.pos.sel)
					cv_set_attr(cv, r->x, y, r->w, a->focus == AF_RESULTS ?
					    THEME_A_REVERSE : THEME_A_BOLD);
				y++;
			}
			first = 0;
			if (nl == NULL)
				break;
			plen -= ln + 1;
			p = nl + 1;
		}
		free(pretty);
	}
}

static void
app_draw_results(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	char title[256];
	int focused = a->focus == AF_RESULTS;

	if (r->h < 1)
		return;
	if (a->ctx.on) {
		snprintf(title, sizeof title, "Context  %zu lines%s%s  %s", a->ctx.rows.n,
		    a->ctx.loading ? " " : "", a->ctx.loading ? app_spinner() : "",
		    a->ctx.err[0] ? a->ctx.err : "(Esc returns)");
		app_title(cv, r, focused, title);
		app_draw_loglist(a, cv, r, &a->ctx.rows, a->ctx.pos.sel, &((struct app *)a)->ctx.pos.top, focused);
		return;
	}
	if (a->detail.on) {
		app_title(cv, r, focused, "Log detail  (Esc returns)");
		app_draw_detail(a, cv, r);
		return;
	}
	snprintf(title, sizeof title, "Results  %zu/%zu%s", a->res.rows.n ? a->res.pos.sel + 1 : 0, a->res.rows.n,
	    a->res.sql ? "  (h/l scroll columns, s sort)" : "  (Enter: context, v: detail)");
	app_title(cv, r, focused, title);
	if (a->res.sql)
		app_draw_table(a, cv, r);
	else
		app_draw_loglist(a, cv, r, &a->res.rows, a->res.pos.sel, &((struct app *)a)->res.pos.top, focused);
	if (a->res.rows.n == 0 && a->res.done && !a->res.err[0] && a->q.project)
		cv_text(cv, r->x + 1, r->y + 1, r->w - 1, "no logs match", 13, THEME_TREE_DIM);
}

/* ---- live tail ---- */

static void
app_draw_tail_line(struct canvas *cv, int x, int y, int w, const struct cl_tail_log *tl)
{
	const struct pb_page *pg = tl->pg;
	const struct pb_log *lg = &pg->logs[tl->log];
	char buf[32];
	int end = x + w;
	uint32_t i;

	app_fmt_time(lg->time, 0, buf, sizeof buf);
	x += cv_text(cv, x, y, end - x, buf, strlen(buf), THEME_RESULT_TIME);
	x += cv_text(cv, x, y, end - x, " ", 1, THEME_DEFAULT);
	for (i = lg->field0; i < lg->field0 + lg->nfields && x < end; i++) {
		const struct pb_key *k = pb_key(pg, pg->fields[i].key);
		size_t n;
		const char *v = pb_value(pg, &pg->fields[i], &n);

		x += cv_text(cv, x, y, end - x, k->p, k->len, THEME_RESULT_KEY);
		x += cv_text(cv, x, y, end - x, "=", 1, THEME_DEFAULT);
		x += cv_text(cv, x, y, end - x, v, n, THEME_RESULT_VALUE);
		x += cv_text(cv, x, y, end - x, " ", 1, THEME_DEFAULT);
	}
}

/* A tail line's fields as one "k=v k=v" string (bytes as they are). */
static size_t
app_tail_text(const struct cl_tail_log *tl, char *buf, size_t n)
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

/* A filtered tail line: time, then the text with the match highlighted. */
static void
app_draw_tail_match(struct canvas *cv, int x, int y, int w, const struct cl_tail_log *tl,
    const char *text, size_t len, const regmatch_t *m)
{
	char buf[32];
	int end = x + w;
	size_t so = (size_t)m->rm_so, eo = (size_t)m->rm_eo;

	app_fmt_time(tl->pg->logs[tl->log].time, 0, buf, sizeof buf);
	x += cv_text(cv, x, y, end - x, buf, strlen(buf), THEME_RESULT_TIME);
	x += cv_text(cv, x, y, end - x, " ", 1, THEME_DEFAULT);
	if (so > len || eo > len || eo < so)
		so = eo = 0;
	x += cv_text(cv, x, y, end - x, text, so, THEME_RESULT_VALUE);
	x += cv_text(cv, x, y, end - x, text + so, eo - so, THEME_MATCH);
	cv_text(cv, x, y, end - x, text + eo, len - eo, THEME_RESULT_VALUE);
}

/* The lines the filter keeps, newest last: scan back from the end (or
 * the selected line), at most 50,000 lines per frame. */
static size_t
app_tail_filtered(const struct app *a, size_t from, size_t *idx, size_t max)
{
	size_t got = 0, scanned = 0, i = from;
	char text[4096];

	while (i > 0 && got < max && scanned++ < 50000) {
		struct cl_tail_log tl;
		regmatch_t m;

		i--;
		if (cl_tail_get(a->tail.eng, i, &tl) != 0)
			continue;
		app_tail_text(&tl, text, sizeof text);
		if (regexec(a->tail.re, text, 1, &m, 0) == 0)
			idx[got++] = i;
	}
	return got;
}

static void
app_draw_tail(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	struct cl_tail_shard_stat st[64];
	char title[512];
	size_t ns, i, n, top, rows = r->h > 2 ? (size_t)r->h - 2 : 0, sel;
	int x;

	if (r->h < 3)
		return;
	if (a->tail.eng == NULL) {
		app_title(cv, r, a->focus == AF_TAIL, "Tail  (choose a logstore)");
		return;
	}
	n = cl_tail_count(a->tail.eng);
	snprintf(title, sizeof title, "Tail %s/%s  %s  %zu lines%s", a->q.project, a->q.logstore,
	    cl_tail_paused(a->tail.eng) ? "paused (p resumes)" : a->tail.follow ? "following" : "scrolled (f follows)",
	    n, cl_tail_error(a->tail.eng) ? "  " : "");
	if (cl_tail_error(a->tail.eng))
		strncat(title, cl_tail_error(a->tail.eng), sizeof title - strlen(title) - 1);
	if (a->tail.from_label[0]) {
		strncat(title, "  from ", sizeof title - strlen(title) - 1);
		strncat(title, a->tail.from_label, sizeof title - strlen(title) - 1);
	}
	if (a->tail.spl[0]) {
		strncat(title, "  server: ", sizeof title - strlen(title) - 1);
		strncat(title, a->tail.spl, sizeof title - strlen(title) - 1);
	}
	if (a->tail.filter_ok) {
		strncat(title, "  filter /", sizeof title - strlen(title) - 1);
		strncat(title, a->tail.filter, sizeof title - strlen(title) - 1);
		strncat(title, "/ (F edits)", sizeof title - strlen(title) - 1);
	}
	app_title(cv, r, a->focus == AF_TAIL, title);
	/* the shard strip: lag, rate and errors per shard */
	ns = cl_tail_shards(a->tail.eng, st, sizeof st / sizeof st[0]);
	cv_fill(cv, r->x, r->y + 1, r->w, 1, ' ', THEME_DEFAULT);
	for (i = 0, x = r->x; i < ns && x < r->x + r->w; i++) {
		char s[96];
		enum theme_role role = st[i].err[0] ? THEME_LAG_BAD : st[i].lag_s > 60 ? THEME_LAG_WARN
											: THEME_LAG_OK;

		snprintf(s, sizeof s, "#%d %s%" PRId64 "s %.0f/s  ", st[i].id,
		    st[i].err[0] ? "ERR " : "lag ", st[i].lag_s, st[i].rate);
		x += cv_text(cv, x, r->y + 1, r->x + r->w - x, s, strlen(s), role);
	}
	if (a->tail.editing) {
		cv_fill(cv, r->x, r->y + 1, r->w, 1, ' ', THEME_DEFAULT);
		{
			static const char p[] = "filter (regex, Enter applies, Esc cancels): ";

			x = r->x + cv_text(cv, r->x, r->y + 1, r->w, p, sizeof p - 1, THEME_HELP_KEY);
		}
		cv_text(cv, x, r->y + 1, r->x + r->w - x, a->tail.edit, strlen(a->tail.edit),
		    THEME_QUERY_SEARCH);
	}
	sel = a->tail.follow ? (n ? n - 1 : 0) : (a->tail.pos.sel < n ? a->tail.pos.sel : n ? n - 1 : 0);
	if (a->tail.filter_ok) {
		size_t idx[256], got = app_tail_filtered(a, n ? sel + 1 : 0, idx,
		    rows < 256 ? rows : 256);
		char text[4096];

		for (i = 0; i < got; i++) {
			struct cl_tail_log tl;
			regmatch_t m;
			size_t len;
			int y = r->y + 2 + (int)(got - 1 - i);

			if (cl_tail_get(a->tail.eng, idx[i], &tl) != 0)
				continue;
			len = app_tail_text(&tl, text, sizeof text);
			if (regexec(a->tail.re, text, 1, &m, 0) == 0)
				app_draw_tail_match(cv, r->x, y, r->w, &tl, text, len, &m);
		}
		return;
	}
	top = sel + 1 > rows ? sel + 1 - rows : 0;
	for (i = 0; i < rows && top + i < n; i++) {
		struct cl_tail_log tl;

		if (cl_tail_get(a->tail.eng, top + i, &tl) != 0)
			continue;
		app_draw_tail_line(cv, r->x, r->y + 2 + (int)i, r->w, &tl);
		if (!a->tail.follow && top + i == sel)
			cv_set_attr(cv, r->x, r->y + 2 + (int)i, r->w, THEME_A_REVERSE);
	}
}

/* ---- status and help ---- */

static void
app_draw_status(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	static const char *const hints[] = {
		"Enter open  l shards  h fold  f filter  j/k move  Tab pane  / query  : cmd  ? help",
		"Enter run  Tab complete  Ctrl-R history  Esc leave  1-7 ranges after Esc",
		"h/l bucket  Enter zoom  z zoom out  Tab pane  ? help",
		"j/k move  Enter context  v detail  y copy  o order  1-7 range  t tail  : cmd  ? help",
		"j/k scroll  p pause  f follow  F filter  t close  ? help",
	};
	const char *s = a->status.text[0] ? a->status.text : hints[a->focus];

	cv_fill(cv, r->x, r->y, r->w, 1, ' ', THEME_STATUS);
	cv_text(cv, r->x, r->y, r->w, s, strlen(s), a->status.text[0] && a->status.err ? THEME_STATUS_ERR
									     : THEME_STATUS);
}

static void
app_draw_help(const struct app *a, struct canvas *cv)
{
	/* the focused pane's keys first, then the ones every pane shares */
	static const char *const pane[AF_NFOCUS][8] = {
		[AF_TREE] = { "j k  PgUp PgDn  g G   move", "Enter             open: list / run",
			"l  h              shards of a logstore / fold, up",
			"f                 filter the tree as you type (Esc clears)",
			"click             select" },
		[AF_QUERY] = { "Enter             run the query", "Esc               leave the editor",
			"Tab               complete fields, __tag__:, SQL words",
			"Ctrl-R            search the history; emacs keys edit" },
		[AF_HIST] = { "h l               previous / next bar (its range and count)",
			"PgUp PgDn  g G    ten bars / first, last",
			"Enter             zoom into the bar and run again",
			"z  Backspace      zoom back out" },
		[AF_RESULTS] = { "j k  PgUp PgDn  g G   move (more rows load as you go)",
			"Enter             context (Esc back); v every field",
			"y                 copy the log as JSON (OSC 52); in v: the field",
			"n N               next / previous row holding the :find text",
			"h l s  click      SQL table: scroll columns, sort by a column",
			"o                 newest first / oldest first" },
		[AF_TAIL] = { "j k  g G          scroll back / to the end", "p  f              pause / follow",
			"F                 filter lines with a regular expression",
			"t                 close the tail" },
	};
	static const char *const common[] = {
		"Tab / Shift-Tab   next / previous pane;  / edits the query",
		"1 2 3 4 5 6 7     last 5m 15m 1h 4h 1d 7d, today;  r runs again",
		"t  T              live tail;  next theme",
		":                 commands: quit project logstore since range theme",
		"                  export find columns tail help  (Tab completes)",
		"q  Ctrl-C         back / quit",
	};
	static const char *const names[AF_NFOCUS] = { "tree", "query", "histogram", "results",
		"tail" };
	const char *const *mine = pane[a->focus < AF_NFOCUS ? a->focus : AF_RESULTS];
	size_t i, np = 0, nc = sizeof common / sizeof common[0];
	char title[64];
	int w, h, x, y;

	while (np < 8 && mine[np])
		np++;
	w = 70 < a->w - 2 ? 70 : a->w - 2;
	h = (int)(np + nc) + 3;
	x = (a->w - w) / 2;
	y = (a->h - h) / 2 > 0 ? (a->h - h) / 2 : 0;
	snprintf(title, sizeof title, "keys: %s (any key closes)", names[a->focus < AF_NFOCUS ?
	    a->focus : AF_RESULTS]);
	cv_fill(cv, x, y, w, h, ' ', THEME_DEFAULT);
	(a->utf8 ? cv_box : cv_box_ascii)(cv, x, y, w, h, THEME_BORDER, title);
	for (i = 0; i < np; i++)
		cv_text(cv, x + 2, y + 1 + (int)i, w - 4, mine[i], strlen(mine[i]), THEME_HELP_KEY);
	for (i = 0; i < nc; i++)
		cv_text(cv, x + 2, y + 2 + (int)(np + i), w - 4, common[i], strlen(common[i]),
		    THEME_DEFAULT);
}

/* Completion candidates in a box under the cursor of the query line. */
static void
app_draw_completions(const struct app *a, struct canvas *cv, int cx)
{
	struct qedit_view v;
	size_t i, n, wmax = 8;
	int w, h, x;

	qedit_view(&v);
	if (a->focus != AF_QUERY || v.nmatches < 2)
		return;
	n = v.nmatches < 12 ? v.nmatches : 12;
	for (i = 0; i < n; i++) {
		size_t k = u8_width(v.matches[i], strlen(v.matches[i]));

		wmax = k > wmax ? k : wmax;
	}
	w = (int)(wmax > 40 ? 40 : wmax) + 4;
	h = (int)n + 2 + (v.nmatches > n);
	x = cx + w > a->w ? a->w - w : cx;
	if (x < 0)
		x = 0;
	cv_fill(cv, x, 1, w, h, ' ', THEME_DEFAULT);
	(a->utf8 ? cv_box : cv_box_ascii)(cv, x, 1, w, h, THEME_BORDER, NULL);
	for (i = 0; i < n; i++)
		cv_text(cv, x + 2, 2 + (int)i, w - 4, v.matches[i], strlen(v.matches[i]),
		    THEME_HELP_KEY);
	if (v.nmatches > n) {
		char more[32];

		snprintf(more, sizeof more, "+%zu more", v.nmatches - n);
		cv_text(cv, x + 2, 2 + (int)n, w - 4, more, strlen(more), THEME_TREE_DIM);
	}
}

void
app_draw(struct app *a, struct canvas *cv, int *cx, int *cy)
{
	struct app_layout l;

	*cx = *cy = -1;
	cv_clear(cv, THEME_DEFAULT);
	if (a->w < APP_MIN_W || a->h < APP_MIN_H) {
		char msg[96];
		int n = snprintf(msg, sizeof msg, "slsx needs %dx%d (now %dx%d)", APP_MIN_W, APP_MIN_H,
		    a->w, a->h);

		cv_text(cv, 0, a->h / 2, a->w, msg, (size_t)n, THEME_STATUS_WARN);
		return;
	}
	app_layout(a, &l);
	app_draw_tree(a, cv, &l.tree);
	app_draw_query(a, cv, &l.query, cx, cy);
	app_draw_info(a, cv, &l.info);
	app_draw_hist(a, cv, &l.hist);
	app_draw_results(a, cv, &l.res);
	if (a->tail.on)
		app_draw_tail(a, cv, &l.tail);
	app_draw_status(a, cv, &l.status);
	if (*cx >= 0)
		app_draw_completions(a, cv, *cx);
	if (a->cmd.on) {
		int x = cv_text(cv, 0, l.status.y, a->w, ":", 1, THEME_HELP_KEY);

		cv_fill(cv, x, l.status.y, a->w - x, 1, ' ', THEME_DEFAULT);
		x += cv_text(cv, x, l.status.y, a->w - x, a->cmd.buf, strlen(a->cmd.buf), THEME_DEFAULT);
		*cx = x;
		*cy = l.status.y;
	}
	if (a->help)
		app_draw_help(a, cv);
}
