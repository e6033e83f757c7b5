/*
 * app_tail — the live tail pane: starting the follower, its keys (scroll,
 * pause, follow, filter) and its drawing.
 */
#include "tui/app_int.h"

#include <inttypes.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "client/cl_tail.h"
#include "proto/pb.h"
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
	app_text_copy(a->tail.filter, sizeof a->tail.filter, re);
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
		app_text_copy(a->tail.edit, sizeof a->tail.edit, a->tail.filter);
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
app_tail_draw_match(struct canvas *cv, int x, int y, int w, const struct cl_tail_log *tl,
    const char *text, size_t len, const regmatch_t *m)
{
	char buf[32];
	int end = x + w;
	size_t so = (size_t)m->rm_so, eo = (size_t)m->rm_eo;

	app_chrome_fmt_time(tl->pg->logs[tl->log].time, 0, buf, sizeof buf);
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

void
app_tail_draw(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	struct cl_tail_shard_stat st[64];
	char title[512];
	size_t ns, i, n, top, rows = r->h > 2 ? (size_t)r->h - 2 : 0, sel;
	int x;

	if (r->h < 3)
		return;
	if (a->tail.eng == NULL) {
		app_chrome_title(cv, r, a->focus == AF_TAIL, "Tail  (choose a logstore)");
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
	app_chrome_title(cv, r, a->focus == AF_TAIL, title);
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
				app_tail_draw_match(cv, r->x, y, r->w, &tl, text, len, &m);
		}
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

void
app_tail_free(struct app *a)
{
	cl_tail_free(a->tail.eng);
	a->tail.eng = NULL;
	if (a->tail.filter_ok)
		regfree(a->tail.re);
	free(a->tail.re);
	a->tail.re = NULL;
	a->tail.filter_ok = 0;
}
