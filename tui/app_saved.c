/*
 * app_saved — saved queries in the UI: :save NAME keeps the connection,
 * project, logstore, query, range and columns (tui/saved, a plain file);
 * :open NAME brings one back, and :open alone a picker that filters as
 * you type; :share copies (OSC 52) the headless command that reproduces
 * the current view.
 */
#include "tui/app_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/clk.h"
#include "base/sb.h"
#include "base/tparse.h"
#include "base/xalloc.h"
#include "tui/qedit.h"
#include "tui/saved.h"
#include "tui/scr.h"
#include "widgets/canvas.h"

/* The current range as TIME words: relative "-3600s" .. "now" while it
 * follows the clock, unix seconds once fixed (zoomed, :range). */
static void
app_saved_range(const struct app *a, char *from, size_t nf, char *to, size_t nt)
{
	if (a->q.range_s > 0 && a->q.nzoom == 0) {
		snprintf(from, nf, "-%" PRId64 "s", a->q.range_s);
		snprintf(to, nt, "now");
	} else if (a->q.range_s < 0 && a->q.nzoom == 0) {
		snprintf(from, nf, "today");
		snprintf(to, nt, "now");
	} else {
		snprintf(from, nf, "%" PRId64, a->q.from);
		snprintf(to, nt, "%" PRId64, a->q.to);
	}
}

static void
app_saved_columns(const struct app *a, char *out, size_t n)
{
	size_t i, at = 0;

	out[0] = '\0';
	for (i = 0; i < a->res.ncols && at + 2 < n; i++) {
		int k = snprintf(out + at, n - at, "%s%s", i ? "," : "", a->res.cols[i]);

		if (k < 0 || (size_t)k >= n - at)
			break;
		at += (size_t)k;
	}
}

void
app_saved_save(struct app *a, const char *name)
{
	struct saved_q q;
	char err[1200];

	if (a->q.project == NULL || a->q.logstore == NULL) {
		app_statusf(a, 1, ":save: open a logstore first");
		return;
	}
	memset(&q, 0, sizeof q);
	snprintf(q.name, sizeof q.name, "%s", name);
	snprintf(q.conn, sizeof q.conn, "%s", a->nconns > 1 ? a->conns[a->conn].label : "");
	snprintf(q.project, sizeof q.project, "%s", a->q.project);
	snprintf(q.logstore, sizeof q.logstore, "%s", a->q.logstore);
	snprintf(q.query, sizeof q.query, "%s", a->q.query ? a->q.query : "*");
	app_saved_range(a, q.from, sizeof q.from, q.to, sizeof q.to);
	app_saved_columns(a, q.columns, sizeof q.columns);
	if (saved_store(&q, err, sizeof err) != 0) {
		app_statusf(a, 1, ":save: %s", err);
		return;
	}
	saved_path(err, sizeof err);
	app_statusf(a, 0, "saved as %s (in %s)", name, err);
}

/* Open query q: its connection (when the tree has it), logstore, range,
 * columns and query, and run it. */
static void
app_saved_apply(struct app *a, const struct saved_q *q)
{
	time_t now = clk_wall(), f, t;
	char err[160];
	int i;

	for (i = 0; q->conn[0] && i < a->nconns; i++)
		if (strcmp(a->conns[i].label, q->conn) == 0)
			app_conn_use(a, i);
	if (tparse(q->from[0] ? q->from : "-15m", now, &f, err, sizeof err) != 0 ||
	    tparse(q->to[0] ? q->to : "now", now, &t, err, sizeof err) != 0 || t <= f) {
		app_statusf(a, 1, "saved query %s: a bad range (%s)", q->name, err);
		return;
	}
	a->q.nzoom = 0;
	if (strcmp(q->to[0] ? q->to : "now", "now") == 0) {
		a->q.range_s = strcmp(q->from, "today") == 0 ? -1 : (int64_t)(now - f);
	} else {
		a->q.range_s = 0;
		a->q.from = (int64_t)f;
		a->q.to = (int64_t)t;
	}
	free(a->q.query);
	a->q.query = xstrdup(q->query[0] ? q->query : "*");
	qedit_set_text(a->q.query);
	app_results_set_columns(a, q->columns[0] ? q->columns : NULL);
	app_query_open(a, q->project, q->logstore);
	a->focus = AF_RESULTS;
	app_statusf(a, 0, "opened %s", q->name);
}

void
app_saved_open(struct app *a, const char *name)
{
	struct saved_q q;
	char err[1200];

	if (saved_load(name, &q, err, sizeof err) != 0) {
		app_statusf(a, 1, ":open: %s", err);
		return;
	}
	app_saved_apply(a, &q);
}

/* ---- the picker ---- */

void
app_saved_pick_open(struct app *a)
{
	struct app_picker *p = &a->pick;

	saved_names_free(p->names, p->n);
	p->n = saved_names(&p->names);
	if (p->n == 0) {
		char path[1024];

		saved_path(path, sizeof path);
		app_statusf(a, 1, "no saved queries yet (:save NAME keeps one, in %s)", path);
		return;
	}
	p->on = 1;
	p->kind = PICK_SAVED;
	p->sel = 0;
	p->filter[0] = '\0';
}

/* Does name match the filter (its words, case-insensitively, in order)? */
static int
app_saved_match(const char *name, const char *filter)
{
	return filter[0] == '\0' || app_text_ci_contains(name, filter);
}

/* The i-th name that matches the filter, or NULL. */
static const char *
app_saved_nth(const struct app_picker *p, size_t i, size_t *count)
{
	size_t k, m = 0;
	const char *hit = NULL;

	for (k = 0; k < p->n; k++)
		if (app_saved_match(p->names[k], p->filter)) {
			if (m == i)
				hit = p->names[k];
			m++;
		}
	if (count)
		*count = m;
	return hit;
}

void
app_saved_pick_key(struct app *a, const struct scr_key *k)
{
	struct app_picker *p = &a->pick;
	size_t n;

	(void)app_saved_nth(p, 0, &n);
	if (k->code == SK_ESC || k->code == 7) {
		p->on = 0;
	} else if (k->code == SK_ENTER) {
		const char *name = app_saved_nth(p, p->sel, NULL);

		p->on = 0;
		if (name) {
			char copy[256];

			snprintf(copy, sizeof copy, "%s", name);
			if (p->kind == PICK_FIELD)
				app_an_top_open(a, copy);
			else
				app_saved_open(a, copy);
		}
	} else if (k->code == SK_DOWN || k->code == 14 /* C-n */ || k->code == SK_TAB) {
		p->sel = n ? (p->sel + 1) % n : 0;
	} else if (k->code == SK_UP || k->code == 16 /* C-p */ || k->code == SK_BTAB) {
		p->sel = n ? (p->sel + n - 1) % n : 0;
	} else {
		const char *m;
		size_t i;

		app_text_key(p->filter, sizeof p->filter, k);
		p->sel = 0; /* the first match, or the one typed whole */
		for (i = 0; (m = app_saved_nth(p, i, NULL)) != NULL; i++)
			if (strcasecmp(m, p->filter) == 0)
				p->sel = i;
	}
}

void
app_saved_pick_draw(const struct app *a, struct canvas *cv)
{
	const struct app_picker *p = &a->pick;
	size_t n, i, rows, top = 0;
	int w = a->w - 4 < 60 ? a->w - 4 : 60, h, x, y;
	char title[160];

	(void)app_saved_nth(p, 0, &n);
	rows = n < 12 ? n : 12;
	if (p->sel >= rows)
		top = p->sel - rows + 1;
	h = (int)rows + 3;
	x = (a->w - w) / 2;
	y = (a->h - h) / 2 > 0 ? (a->h - h) / 2 : 0;
	snprintf(title, sizeof title, "%s: %zu of %zu (type to filter)",
	    p->kind == PICK_FIELD ? "the values of which field" : "saved queries", n, p->n);
	cv_fill(cv, x, y, w, h, ' ', THEME_DEFAULT);
	(a->utf8 ? cv_box : cv_box_ascii)(cv, x, y, w, h, THEME_BORDER, title);
	cv_text(cv, x + 2, y + 1, w - 4, "> ", 2, THEME_HELP_KEY);
	cv_text(cv, x + 4, y + 1, w - 6, p->filter, strlen(p->filter), THEME_DEFAULT);
	for (i = 0; i < rows; i++) {
		const char *name = app_saved_nth(p, top + i, NULL);

		if (name == NULL)
			break;
		cv_text(cv, x + 2, y + 2 + (int)i, w - 4, name, strlen(name), THEME_DEFAULT);
		if (top + i == p->sel)
			cv_set_attr(cv, x + 1, y + 2 + (int)i, w - 2, THEME_A_REVERSE);
	}
}

void
app_saved_pick_free(struct app *a)
{
	saved_names_free(a->pick.names, a->pick.n);
	a->pick.names = NULL;
	a->pick.n = 0;
	a->pick.on = 0;
}

/* ---- :share ---- */

/* s quoted for a POSIX shell ('...' with ' as '\''). */
static int
app_saved_sh(struct sb *b, const char *s)
{
	int rc = sb_addc(b, '\'');

	for (; *s; s++)
		rc |= *s == '\'' ? sb_adds(b, "'\\''") : sb_addc(b, *s);
	return rc | sb_addc(b, '\'');
}

void
app_saved_share(struct app *a)
{
	char from[64], to[64];
	struct sb b;
	long n;
	int rc = 0;

	if (a->q.project == NULL || a->q.logstore == NULL) {
		app_statusf(a, 1, ":share: open a logstore first");
		return;
	}
	app_saved_range(a, from, sizeof from, to, sizeof to);
	sb_init(&b, 0);
	rc |= sb_adds(&b, "slsx ");
	if (a->conns[a->conn].profile[0]) {
		rc |= sb_adds(&b, "--profile ");
		rc |= app_saved_sh(&b, a->conns[a->conn].profile);
		rc |= sb_addc(&b, ' ');
	}
	if (a->conns[a->conn].endpoint[0]) {
		rc |= sb_adds(&b, "--endpoint ");
		rc |= app_saved_sh(&b, a->conns[a->conn].endpoint);
		rc |= sb_addc(&b, ' ');
	}
	rc |= sb_adds(&b, "query -p ");
	rc |= app_saved_sh(&b, a->q.project);
	rc |= sb_adds(&b, " -l ");
	rc |= app_saved_sh(&b, a->q.logstore);
	rc |= sb_addf(&b, " --from %s --to %s%s ", from, to, a->q.reverse ? " --reverse" : "");
	rc |= app_saved_sh(&b, a->q.query ? a->q.query : "*");
	if (rc != 0) {
		sb_free(&b);
		return;
	}
	n = scr_clipboard(b.p, b.len);
	if (n < 0)
		app_statusf(a, 1, ":share: too long for the clipboard (%zu bytes)", b.len);
	else
		app_statusf(a, 0, "copied: %s", b.p);
	sb_free(&b);
}
