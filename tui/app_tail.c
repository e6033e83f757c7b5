/*
 * app_tail — the live tail pane: starting the follower, its keys (scroll,
 * pause, follow, filter) and its drawing.
 */
#include "tui/app_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/tz.h"
#include "base/u8.h"
#include "base/xalloc.h"
#include "client/cl_tail.h"
#include "proto/pb.h"
#include "tui/app_tailf.h"
#include "tui/scr.h"
#include "widgets/canvas.h"

#define APP_TAIL_HSTEP 8      /* columns a key scrolls sideways */
#define APP_TAIL_HMAX 4000

/* (Re)start the tail engine on the current logstore with the pane's
 * settings: start point, server-side SPL, one shard or all, ring size. */
void
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
	a->tail.seen = cl_tail_version(a->tail.eng);
	app_tailf_rebuild(&a->tail.filt, a->tail.eng);
}

void
app_tail_toggle(struct app *a)
{
	a->tail.on = !a->tail.on;
	if (!a->tail.on) {
		cl_tail_free(a->tail.eng);
		a->tail.eng = NULL;
		app_tailf_set(&a->tail.filt, "", NULL); /* a filter ends with its tail */
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
	if (app_tailf_set(&a->tail.filt, re, a->tail.eng) != 0)
		app_statusf(a, 1, "tail filter: not a valid regular expression: %s", re);
}

/* Typing the filter: printable text, Backspace, Enter applies, Esc cancels. */
void
app_tail_edit_key(struct app *a, const struct scr_key *k)
{
	if (k->code == SK_ENTER) {
		a->tail.editing = 0;
		app_tail_filter_set(a, a->tail.edit);
	} else if (k->code == SK_ESC) {
		a->tail.editing = 0;
	} else {
		app_text_key(a->tail.edit, sizeof a->tail.edit, k);
	}
}

/* h/l (arrows) scroll the lines sideways a step, 0 back to their start. */
static void
app_tail_hscroll(struct app *a, int code)
{
	int d = code == '0' ? -a->tail.hscroll : code == 'h' || code == SK_LEFT ? -APP_TAIL_HSTEP
										  : APP_TAIL_HSTEP;

	a->tail.hscroll += d;
	if (a->tail.hscroll < 0)
		a->tail.hscroll = 0;
	if (a->tail.hscroll > APP_TAIL_HMAX)
		a->tail.hscroll = APP_TAIL_HMAX;
}

void
app_tail_key(struct app *a, const struct scr_key *k)
{
	size_t n = a->tail.eng ? cl_tail_count(a->tail.eng) : 0;
	long v = app_list_nav(k, a->tail.follow ? (n ? n - 1 : 0) : a->tail.pos.sel, n, 10);

	if (v >= 0) {
		a->tail.pos.sel = (size_t)v;
		a->tail.follow = n == 0 || (size_t)v == n - 1;
	} else if (k->code == 'p' && a->tail.eng) {
		cl_tail_pause(a->tail.eng, !cl_tail_paused(a->tail.eng));
	} else if (k->code == 'f') {
		a->tail.follow = 1;
	} else if (k->code == 'w') {
		a->tail.wrap = !a->tail.wrap;
		a->tail.hscroll = 0;
		app_statusf(a, 0, a->tail.wrap ? "wrap on: each line on as many rows as it needs" :
		    "wrap off: h/l scroll sideways");
	} else if (k->code == 'h' || k->code == SK_LEFT || k->code == 'l' || k->code == SK_RIGHT ||
	    k->code == '0') {
		if (a->tail.wrap)
			app_statusf(a, 0, "wrap is on (w turns it off to scroll sideways)");
		else
			app_tail_hscroll(a, k->code);
	} else if (k->code == SK_ESC) {
		app_tail_toggle(a); /* the innermost view closes */
	} else if (k->code == 'F' || k->code == '|') {
		a->tail.editing = 1;
		app_text_copy(a->tail.edit, sizeof a->tail.edit, a->tail.filt.src);
	}
}

/* A line's time, and its logstore when the tail follows several; the
 * column after them. */
static int
app_tail_draw_head(struct canvas *cv, int x, int y, int end, const struct cl_tail_log *tl)
{
	char buf[32];

	tz_fmt(tl->pg->logs[tl->log].time, 0, buf, sizeof buf);
	x += cv_text(cv, x, y, end - x, buf, strlen(buf), THEME_RESULT_TIME);
	x += cv_text(cv, x, y, end - x, " ", 1, THEME_DEFAULT);
	if (tl->logstore != NULL) {
		x += cv_text(cv, x, y, end - x, "[", 1, THEME_TREE_DIM);
		x += cv_text(cv, x, y, end - x, tl->logstore, strlen(tl->logstore), THEME_RESULT_KEY);
		x += cv_text(cv, x, y, end - x, "] ", 2, THEME_TREE_DIM);
	}
	return x;
}

/* One entry of the pane's list: the ring's log i, or with a filter on,
 * the filter's i-th kept log (m: where its text matched). */
struct app_tail_item {
	struct cl_tail_log tl;
	const struct app_tailf_ent *m; /* NULL without a filter */
};

static int
app_tail_item(const struct app *a, size_t i, struct app_tail_item *it)
{
	if (!app_tailf_on(&a->tail.filt)) {
		it->m = NULL;
		return cl_tail_get(a->tail.eng, i, &it->tl);
	}
	it->m = app_tailf_at(&a->tail.filt, i);
	return it->m ? cl_tail_page_log(a->tail.eng, it->m->page, it->m->log, &it->tl) : -1;
}

/* What follows an entry's head, drawn off screen into row 0 of the strip
 * st: its fields as k=v, or the filter's text with the match highlighted.
 * The columns it takes. */
static int
app_tail_render(struct canvas *st, const struct app_tail_item *it)
{
	const struct pb_page *pg = it->tl.pg;
	const struct pb_log *lg = &pg->logs[it->tl.log];
	int sw = st->w, sx = 0;
	uint32_t i;

	cv_fill(st, 0, 0, sw, 1, ' ', THEME_DEFAULT);
	if (it->m != NULL) {
		char text[4096];
		size_t len = app_tailf_text(&it->tl, text, sizeof text), so = it->m->so, eo = it->m->eo;

		if (so > len || eo > len || eo < so)
			so = eo = 0;
		sx += cv_text(st, sx, 0, sw - sx, text, so, THEME_RESULT_VALUE);
		sx += cv_text(st, sx, 0, sw - sx, text + so, eo - so, THEME_MATCH);
		return sx + cv_text(st, sx, 0, sw - sx, text + eo, len - eo, THEME_RESULT_VALUE);
	}
	for (i = lg->field0; i < lg->field0 + lg->nfields && sx < sw; i++) {
		const struct pb_key *k = pb_key(pg, pg->fields[i].key);
		size_t n;
		const char *v = pb_value(pg, &pg->fields[i], &n);

		sx += cv_text(st, sx, 0, sw - sx, k->p, k->len, THEME_RESULT_KEY);
		sx += cv_text(st, sx, 0, sw - sx, "=", 1, THEME_DEFAULT);
		sx += cv_text(st, sx, 0, sw - sx, v, n, THEME_RESULT_VALUE);
		sx += cv_text(st, sx, 0, sw - sx, " ", 1, THEME_DEFAULT);
	}
	return sx > 0 ? sx - 1 : 0; /* not the last blank */
}

/* The lines an entry takes in a pane w wide: 1, or wrapped, as many as
 * its text needs under its head (at most maxl). */
static int
app_tail_item_lines(const struct app *a, struct canvas *st, int w, int maxl,
    const struct app_tail_item *it)
{
	int fw = w - app_tail_draw_head(st, 0, 0, w, &it->tl);

	if (!a->tail.wrap || fw <= 0)
		return 1;
	return cv_wrap_lines(st, fw, app_tail_render(st, it), maxl);
}

/* An entry from line y: its head (time, logstore), then its text, which
 * scrolls sideways by hscroll columns under the fixed head, or wraps
 * under its own first column: its lines from the skip-th on, at most
 * maxl of them. The lines drawn. */
static int
app_tail_item_draw(const struct app *a, struct canvas *cv, struct canvas *st, int x, int y,
    int w, int skip, int maxl, const struct app_tail_item *it)
{
	int hx = app_tail_draw_head(cv, x, y, x + w, &it->tl), fw = x + w - hx, used;

	if (fw <= 0)
		return 1;
	used = app_tail_render(st, it);
	if (!a->tail.wrap) {
		cv_copy(cv, hx, y, st, a->tail.hscroll, 0, fw);
		return 1;
	}
	if (skip > 0) /* its time shows on its first line only */
		cv_fill(cv, x, y, hx - x, 1, ' ', THEME_DEFAULT);
	return cv_wrap_copy(cv, hx, y, st, fw, used, skip, maxl);
}

/* The first entry shown when entry last ends at the bottom of rows lines,
 * and the lines of it that are not (*skip): wrapped, the one before the
 * entries that fit whole shows its end above them. */
static size_t
app_tail_top(const struct app *a, struct canvas *st, int w, size_t last, size_t rows, int *skip)
{
	struct app_tail_item it;
	size_t i = last, acc = 0, l;

	*skip = 0;
	if (!a->tail.wrap)
		return last + 1 > rows ? last + 1 - rows : 0;
	for (;;) {
		l = app_tail_item(a, i, &it) == 0 ?
		    (size_t)app_tail_item_lines(a, st, w, (int)rows + 1, &it) : 0;
		if (acc + l > rows) {
			if (i == last)
				return last; /* the selection from its start */
			*skip = (int)(acc + l - rows);
			return i;
		}
		acc += l;
		if (i == 0)
			return 0;
		i--;
	}
}

/* Append "  label text" to title (size n), the text cut to at most max
 * columns (a cut text ends in "~"). */
static void
app_tail_title_add(char *title, size_t n, const char *label, const char *text, size_t max)
{
	size_t len = strlen(title), used = 0, tn = strlen(text);
	size_t cut = u8_prefix_for_cols(text, tn, max > 0 ? max - (u8_width(text, tn) > max) : 0,
	    &used);

	snprintf(title + len, n - len, "  %s%.*s%s", label, (int)cut, text, cut < tn ? "~" : "");
}

/* What the tail follows (every shard or one), its state and its count, at
 * a level of detail: 0 all, 1 without the project, 2 the least. */
static void
app_tail_title_head(const struct app *a, int level, char *title, size_t size, size_t n)
{
	const struct cl_tail *t = a->tail.eng;
	const char *state = cl_tail_paused(t) ? "paused (p resumes)" : a->tail.follow ? "following"
										    : "scrolled (f follows)";
	char shards[32];

	if (a->tail.shard >= 0)
		snprintf(shards, sizeof shards, "%s#%d", level < 2 ? "shard " : "", a->tail.shard);
	else
		snprintf(shards, sizeof shards, "%s", level < 2 ? "all shards" : "all");
	if (a->tail.wrap)
		snprintf(shards + strlen(shards), sizeof shards - strlen(shards), "  wrap");
	else if (a->tail.hscroll > 0) /* the lines are scrolled sideways */
		snprintf(shards + strlen(shards), sizeof shards - strlen(shards), "  >%d",
		    a->tail.hscroll);
	if (level == 0)
		snprintf(title, size, "Tail %s/%s  %s  %s  %zu lines", a->q.project, a->q.logstore,
		    shards, state, n);
	else if (level == 1)
		snprintf(title, size, "Tail %s  %s  %s  %zu", a->q.logstore, shards,
		    cl_tail_paused(t) ? "paused" : a->tail.follow ? "following" : "scrolled", n);
	else
		snprintf(title, size, "Tail %s  %s%s  %zu", a->q.logstore, shards,
		    cl_tail_paused(t) ? "  paused" : a->tail.follow ? "" : "  scrolled", n);
}

/* The title: where the tail is, what it follows, its state and every
 * filter in effect, cut to fit the pane (each filter keeps a share; the
 * head says less when they need the room). */
static void
app_tail_title(const struct app *a, struct canvas *cv, const struct app_rect *r, size_t n)
{
	char title[768];
	size_t room = 0, head, nf, share;
	int re = app_tailf_on(&a->tail.filt), level;

	nf = (a->tail.from_label[0] != 0) + (a->tail.spl[0] != 0) + re;
	for (level = 0; level < 3; level++) {
		app_tail_title_head(a, level, title, sizeof title, n);
		head = u8_width(title, strlen(title));
		room = r->w > 2 && (size_t)r->w - 2 > head ? (size_t)r->w - 2 - head : 0;
		if (nf == 0 || room >= nf * 24)
			break;
	}
	if (level == 3)
		level = 2;
	/* each label costs its "  name " (about 10 columns) */
	share = nf ? (room > nf * 10 ? (room - nf * 10) / nf : 1) : 0;
	if (a->tail.from_label[0])
		app_tail_title_add(title, sizeof title, "from ", a->tail.from_label, share);
	if (a->tail.spl[0])
		app_tail_title_add(title, sizeof title, "server: ", a->tail.spl, share);
	if (re) {
		char fx[140];

		snprintf(fx, sizeof fx, "%s/", a->tail.filt.src);
		app_tail_title_add(title, sizeof title, "filter /", fx, share);
	}
	app_chrome_title(cv, r, a->focus == AF_TAIL, title);
}

/* The strip under the title: its text wrapped over at most rows lines
 * from (x, y), w wide; where it is (row, col). */
struct app_tail_pen {
	struct canvas *cv;
	int x, y, w, rows;
	int row, col;
};

static void
app_tail_put(struct app_tail_pen *p, const char *s, size_t n, enum theme_role role)
{
	while (n > 0 && p->row < p->rows) {
		int cols = 0;
		size_t k = cv_text_fit(p->cv, s, n, p->w - p->col, &cols);

		if (k == 0 && p->col == 0)
			break; /* not even one character fits */
		if (k > 0)
			cv_text(p->cv, p->x + p->col, p->y + p->row, p->w - p->col, s, k, role);
		p->col += cols;
		s += k;
		n -= k;
		if (n > 0) {
			p->row++;
			p->col = 0;
			if (p->row < p->rows)
				cv_fill(p->cv, p->x, p->y + p->row, p->w, 1, ' ', THEME_DEFAULT);
		}
	}
}

/* The lines the pen wrote on (at least 1). */
static int
app_tail_pen_rows(const struct app_tail_pen *p)
{
	int n = p->row + (p->col > 0);

	return n < 1 ? 1 : n > p->rows ? p->rows : n;
}

/* The strip when the tail itself fails or is refused: the message. */
static int
app_tail_draw_fatal(const struct app *a, struct app_tail_pen *p)
{
	const char *what = NULL;
	const struct cl_err *e = cl_tail_refused(a->tail.eng, &what);
	char msg[400];

	if (e != NULL)
		snprintf(msg, sizeof msg, "refused: %.40s: %.60s%s%.250s", what ? what : "tail", e->code,
		    e->code[0] ? " " : "", e->msg);
	else if (cl_tail_error(a->tail.eng))
		snprintf(msg, sizeof msg, "%s", cl_tail_error(a->tail.eng));
	else
		return 0;
	app_tail_put(p, msg, strlen(msg), THEME_STATUS_ERR);
	return 1;
}

/* The ids of the shards from st[i] on that have st[i]'s error (and
 * state), "#0-#3" or "#0,#2,#5", into buf; each is marked done. */
static void
app_tail_group_ids(const struct cl_tail_shard_stat *st, size_t ns, size_t i, char *done,
    char *buf, size_t n)
{
	int ids[64];
	size_t k = 0, j, len = 0;

	for (j = i; j < ns && k < 64; j++)
		if (!done[j] && strcmp(st[j].err, st[i].err) == 0 &&
		    strcmp(st[j].status, st[i].status) == 0 &&
		    strcmp(st[j].logstore, st[i].logstore) == 0) {
			ids[k++] = st[j].id;
			done[j] = 1;
		}
	snprintf(buf, n, "%s", st[i].logstore);
	len = strlen(buf);
	for (j = 0; j < k && len + 1 < n; j++) {
		size_t e = j;

		while (e + 1 < k && ids[e + 1] == ids[e] + 1)
			e++;
		if (e > j)
			snprintf(buf + len, n - len, "%s#%d-#%d", j ? "," : "", ids[j], ids[e]);
		else
			snprintf(buf + len, n - len, "%s#%d", j ? "," : "", ids[j]);
		len += strlen(buf + len);
		j = e;
	}
}

/* The shard strip: lag and rate per shard; shards that fail show their
 * last error (the client's retries included), those sharing one error
 * together ("#0-#3 ERR: PullLogs: 503 ServerBusy: ..."). With an error
 * the strip wraps (the pen's rows) so the error is read whole; without,
 * it is one line. */
static void
app_tail_draw_shards(const struct app *a, struct app_tail_pen *p)
{
	struct cl_tail_shard_stat st[64];
	char done[64] = { 0 }, s[520], ids[224];
	size_t ns = cl_tail_shards(a->tail.eng, st, sizeof st / sizeof st[0]), i;
	int rows = p->rows;

	if (ns == 0 && !cl_tail_listed(a->tail.eng))
		app_tail_put(p, "listing shards ...", 18, THEME_DEFAULT);
	p->rows = 1;
	for (i = 0; i < ns; i++)
		if (st[i].err[0])
			p->rows = rows;
	for (i = 0; i < ns && p->row < p->rows; i++) {
		enum theme_role role = st[i].err[0] ? THEME_LAG_BAD : st[i].lag_s > 60 ? THEME_LAG_WARN
											: THEME_LAG_OK;

		if (done[i])
			continue;
		if (st[i].err[0]) {
			app_tail_group_ids(st, ns, i, done, ids, sizeof ids);
			snprintf(s, sizeof s, "%s %s: %s  ", ids,
			    strcmp(st[i].status, "stopped") == 0 ? "stopped" : "ERR", st[i].err);
		} else {
			snprintf(s, sizeof s, "%s#%d lag %" PRId64 "s %.0f/s  ", st[i].logstore, st[i].id,
			    st[i].lag_s, st[i].rate);
		}
		app_tail_put(p, s, strlen(s), role);
	}
}

/* The strip under the title: the filter being typed, the tail's own
 * failure, or the shards; the lines it takes (1 to 4: an error wraps,
 * leaving at least a line for the logs). */
static int
app_tail_draw_strip(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	static const char prompt[] = "filter (regex, Enter applies, Esc cancels): ";
	struct app_tail_pen p = { cv, r->x, r->y + 1, r->w, r->h - 2 < 4 ? r->h - 2 : 4, 0, 0 };
	int x;

	if (p.rows < 1)
		p.rows = 1;
	cv_fill(cv, r->x, r->y + 1, r->w, 1, ' ', THEME_DEFAULT);
	if (a->tail.editing) {
		x = r->x + cv_text(cv, r->x, r->y + 1, r->w, prompt, sizeof prompt - 1, THEME_HELP_KEY);
		cv_text(cv, x, r->y + 1, r->x + r->w - x, a->tail.edit, strlen(a->tail.edit),
		    THEME_QUERY_SEARCH);
		return 1;
	}
	if (!app_tail_draw_fatal(a, &p))
		app_tail_draw_shards(a, &p);
	return app_tail_pen_rows(&p);
}

/* The lines under the title and strip, rows of them from y: the entries
 * up to the selection (with a filter on, the kept ones up to it, each
 * with its match), the newest at the bottom while following. */
static void
app_tail_draw_lines(const struct app *a, struct canvas *cv, const struct app_rect *r, int y,
    size_t rows)
{
	size_t n = cl_tail_count(a->tail.eng), sel, count = n, last, top, i;
	int filt = app_tailf_on(&a->tail.filt), yend = y + (int)rows, skip;
	struct canvas *st;
	struct app_tail_item it;

	sel = a->tail.follow ? (n ? n - 1 : 0) : (a->tail.pos.sel < n ? a->tail.pos.sel : n ? n - 1 : 0);
	last = sel;
	if (filt) {
		count = n > 0 && cl_tail_get(a->tail.eng, sel, &it.tl) == 0 ?
		    app_tailf_upto(&a->tail.filt, &it.tl) : 0;
		last = count ? count - 1 : 0;
	}
	if (count == 0 || rows == 0)
		return;
	/* wide enough for a scrolled line, or one wrapped on every row */
	st = cv_strip(cv, a->tail.wrap ? r->w * ((int)rows + 1) : a->tail.hscroll + r->w);
	top = app_tail_top(a, st, r->w, last, rows, &skip);
	for (i = top; i < count && y < yend; i++, skip = 0) {
		int l, j;

		if (app_tail_item(a, i, &it) != 0)
			continue;
		l = app_tail_item_draw(a, cv, st, r->x, y, r->w, skip, yend - y, &it);
		if (!filt && !a->tail.follow && i == sel)
			for (j = 0; j < l; j++)
				cv_set_attr(cv, r->x, y + j, r->w, THEME_A_REVERSE);
		y += l;
	}
	cv_free(st);
}

void
app_tail_draw(const struct app *a, struct canvas *cv, const struct app_rect *pane)
{
	struct app_rect body = *pane;
	int sr;

	if (pane->h < 3)
		return;
	if (a->tail.eng == NULL) {
		app_chrome_title(cv, pane, a->focus == AF_TAIL, "Tail  (choose a logstore)");
		return;
	}
	app_tail_title(a, cv, pane, cl_tail_count(a->tail.eng));
	sr = app_tail_draw_strip(a, cv, pane);
	/* the lines below the strip: body is the pane less its extra strip lines */
	body.y += sr - 1;
	body.h -= sr - 1;
	app_tail_draw_lines(a, cv, &body, body.y + 2, body.h > 2 ? (size_t)body.h - 2 : 0);
}

/* After a poll: the engine's pulls that are due, new logs through the
 * filter. Returns ms until the engine wants another tick, or -1. */
int
app_tail_tick(struct app *a, int64_t now_ms)
{
	int tt;

	if (a->tail.eng == NULL)
		return -1;
	tt = cl_tail_tick(a->tail.eng, now_ms);
	if (cl_tail_version(a->tail.eng) != a->tail.seen) {
		a->tail.seen = cl_tail_version(a->tail.eng);
		app_tailf_update(&a->tail.filt, a->tail.eng);
		a->dirty = 1;
	}
	/* shards listed, lags, rates and errors change without new logs */
	if (now_ms - a->tail.shown_at >= 500) {
		a->tail.shown_at = now_ms;
		a->dirty = 1;
	}
	return tt < 500 ? tt : 500;
}

void
app_tail_free(struct app *a)
{
	cl_tail_free(a->tail.eng);
	a->tail.eng = NULL;
	app_tailf_free(&a->tail.filt);
}
