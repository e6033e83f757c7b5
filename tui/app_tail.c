/*
 * app_tail — the live tail pane: starting the follower, its keys (scroll,
 * pause, follow, filter) and its drawing.
 */
#include "tui/app_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "client/cl_tail.h"
#include "proto/pb.h"
#include "tui/app_tailf.h"
#include "tui/scr.h"
#include "widgets/canvas.h"

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
	} else if (k->code == 'F' || k->code == '|') {
		a->tail.editing = 1;
		app_text_copy(a->tail.edit, sizeof a->tail.edit, a->tail.filt.src);
	}
}

static void
app_tail_draw_line(struct canvas *cv, int x, int y, int w, const struct cl_tail_log *tl)
{
	const struct pb_page *pg = tl->pg;
	const struct pb_log *lg = &pg->logs[tl->log];
	char buf[32];
	int end = x + w;
	uint32_t i;

	app_chrome_fmt_time(lg->time, 0, buf, sizeof buf);
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

/* A filtered tail line: time, then the text with the match highlighted. */
static void
app_tail_draw_match(struct canvas *cv, int x, int y, int w, const struct cl_tail_log *tl,
    const char *text, size_t len, const struct app_tailf_ent *m)
{
	char buf[32];
	int end = x + w;
	size_t so = m->so, eo = m->eo;

	app_chrome_fmt_time(tl->pg->logs[tl->log].time, 0, buf, sizeof buf);
	x += cv_text(cv, x, y, end - x, buf, strlen(buf), THEME_RESULT_TIME);
	x += cv_text(cv, x, y, end - x, " ", 1, THEME_DEFAULT);
	if (so > len || eo > len || eo < so)
		so = eo = 0;
	x += cv_text(cv, x, y, end - x, text, so, THEME_RESULT_VALUE);
	x += cv_text(cv, x, y, end - x, text + so, eo - so, THEME_MATCH);
	cv_text(cv, x, y, end - x, text + eo, len - eo, THEME_RESULT_VALUE);
}

/* The title: where the tail is, its state, its filters. */
static void
app_tail_title(const struct app *a, struct canvas *cv, const struct app_rect *r, size_t n)
{
	const struct cl_tail *t = a->tail.eng;
	char title[512];

	snprintf(title, sizeof title, "Tail %s/%s  %s  %zu lines%s", a->q.project, a->q.logstore,
	    cl_tail_paused(t) ? "paused (p resumes)" : a->tail.follow ? "following"
								  : "scrolled (f follows)",
	    n, cl_tail_error(t) ? "  " : "");
	if (cl_tail_error(t))
		strncat(title, cl_tail_error(t), sizeof title - strlen(title) - 1);
	if (a->tail.from_label[0]) {
		strncat(title, "  from ", sizeof title - strlen(title) - 1);
		strncat(title, a->tail.from_label, sizeof title - strlen(title) - 1);
	}
	if (a->tail.spl[0]) {
		strncat(title, "  server: ", sizeof title - strlen(title) - 1);
		strncat(title, a->tail.spl, sizeof title - strlen(title) - 1);
	}
	if (app_tailf_on(&a->tail.filt)) {
		strncat(title, "  filter /", sizeof title - strlen(title) - 1);
		strncat(title, a->tail.filt.src, sizeof title - strlen(title) - 1);
		strncat(title, "/ (F edits)", sizeof title - strlen(title) - 1);
	}
	app_chrome_title(cv, r, a->focus == AF_TAIL, title);
}

/* The shard strip: lag, rate and errors per shard; or the filter being
 * typed. */
static void
app_tail_draw_strip(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	static const char prompt[] = "filter (regex, Enter applies, Esc cancels): ";
	struct cl_tail_shard_stat st[64];
	size_t ns, i;
	int x;

	cv_fill(cv, r->x, r->y + 1, r->w, 1, ' ', THEME_DEFAULT);
	if (a->tail.editing) {
		x = r->x + cv_text(cv, r->x, r->y + 1, r->w, prompt, sizeof prompt - 1, THEME_HELP_KEY);
		cv_text(cv, x, r->y + 1, r->x + r->w - x, a->tail.edit, strlen(a->tail.edit),
		    THEME_QUERY_SEARCH);
		return;
	}
	ns = cl_tail_shards(a->tail.eng, st, sizeof st / sizeof st[0]);
	for (i = 0, x = r->x; i < ns && x < r->x + r->w; i++) {
		char s[96];
		enum theme_role role = st[i].err[0] ? THEME_LAG_BAD : st[i].lag_s > 60 ? THEME_LAG_WARN
											: THEME_LAG_OK;

		snprintf(s, sizeof s, "#%d %s%" PRId64 "s %.0f/s  ", st[i].id,
		    st[i].err[0] ? "ERR " : "lag ", st[i].lag_s, st[i].rate);
		x += cv_text(cv, x, r->y + 1, r->x + r->w - x, s, strlen(s), role);
	}
}

/* The kept lines at or before ring line sel, newest last, from the
 * filter's index (no matching here). */
static void
app_tail_draw_filtered(const struct app *a, struct canvas *cv, const struct app_rect *r,
    size_t n, size_t sel, size_t rows)
{
	const struct app_tailf *f = &a->tail.filt;
	struct cl_tail_log tl;
	size_t end = 0, start, i;
	char text[4096];

	if (n > 0 && cl_tail_get(a->tail.eng, sel, &tl) == 0)
		end = app_tailf_upto(f, &tl);
	start = end > rows ? end - rows : 0;
	for (i = start; i < end; i++) {
		const struct app_tailf_ent *e = app_tailf_at(f, i);
		size_t len;

		if (cl_tail_page_log(a->tail.eng, e->page, e->log, &tl) != 0)
			continue;
		len = app_tailf_text(&tl, text, sizeof text);
		app_tail_draw_match(cv, r->x, r->y + 2 + (int)(i - start), r->w, &tl, text, len, e);
	}
}

void
app_tail_draw(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	size_t i, n, top, rows = r->h > 2 ? (size_t)r->h - 2 : 0, sel;

	if (r->h < 3)
		return;
	if (a->tail.eng == NULL) {
		app_chrome_title(cv, r, a->focus == AF_TAIL, "Tail  (choose a logstore)");
		return;
	}
	n = cl_tail_count(a->tail.eng);
	app_tail_title(a, cv, r, n);
	app_tail_draw_strip(a, cv, r);
	sel = a->tail.follow ? (n ? n - 1 : 0) : (a->tail.pos.sel < n ? a->tail.pos.sel : n ? n - 1 : 0);
	if (app_tailf_on(&a->tail.filt)) {
		app_tail_draw_filtered(a, cv, r, n, sel, rows);
		return;
	}
	top = sel + 1 > rows ? sel + 1 - rows : 0;
	for (i = 0; i < rows && top + i < n; i++) {
		struct cl_tail_log tl;

		if (cl_tail_get(a->tail.eng, top + i, &tl) != 0)
			continue;
		app_tail_draw_line(cv, r->x, r->y + 2 + (int)i, r->w, &tl);
		if (!a->tail.follow && top + i == sel)
			cv_set_attr(cv, r->x, r->y + 2 + (int)i, r->w, THEME_A_REVERSE);
	}
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
	return tt;
}

void
app_tail_free(struct app *a)
{
	cl_tail_free(a->tail.eng);
	a->tail.eng = NULL;
	app_tailf_free(&a->tail.filt);
}
