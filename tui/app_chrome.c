/*
 * app_chrome — what frames the panes: titles, the spinner, times, the
 * status bar with the focused pane's hints, and the help overlay.
 */
#include "tui/app_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "base/clk.h"
#include "base/tz.h"
#include "widgets/canvas.h"

static const char *const app_chrome_spin[] = { "|", "/", "-", "\\" };

const char *
app_chrome_spinner(void)
{
	return app_chrome_spin[(clk_mono_ms() / 150) % 4];
}

/* A pane's title line: focused panes stand out. */
void
app_chrome_title(struct canvas *cv, const struct app_rect *r, int focused, const char *text)
{
	enum theme_role role = focused ? THEME_TITLE_FOCUS : THEME_TITLE;

	cv_fill(cv, r->x, r->y, r->w, 1, ' ', role);
	cv_text(cv, r->x + 1, r->y, r->w - 2, text, strlen(text), role);
}

int
app_chrome_tz(struct app *a, const char *name)
{
	if (name == NULL || *name == '\0')
		name = "local";
	if (tz_use(name, a->tz_env) != 0)
		return -1;
	if (strcasecmp(name, "local") == 0)
		a->tz[0] = '\0';
	else
		app_text_copy(a->tz, sizeof a->tz, name);
	a->dirty = 1;
	return 0;
}

void
app_chrome_tz_label(char *buf, size_t n)
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	if (strftime(buf, n, "%Z", &tm) == 0)
		buf[0] = '\0';
}

/* The key hints of what the results pane shows (its innermost view, in
 * the order the keys go to them), else logs: dflt. */
static const char *
app_chrome_results_hint(const struct app *a, const char *dflt)
{
	if (a->an.on && a->an.kind == AN_PATTERNS)
		return a->an.drill ? "j/k move  y copy  Esc back to the patterns  ? help" :
		    "j/k move  Enter its logs  x hide  X show all  Esc back  ? help";
	if (a->an.on && a->an.kind == AN_TOP)
		return "j/k move  Enter narrow to it  x exclude it  Esc back  ? help";
	if (a->an.on)
		return "j/k move  Enter narrow to a value  Esc back  ? help";
	if (a->ctx.on)
		return "j/k move (more at either end)  a the log  w wrap  h/l sideways  y copy  "
		       "n/N find  Esc back";
	if (a->detail.on)
		return "j/k field  Space/b page  g/G ends  y copy the field  a its values  Esc back";
	if (a->res.sql) /* an SQL table's rows open their logs, its columns scroll and sort */
		return "j/k move  Enter its logs  h/l columns  s sort  y copy  1-7 range  : cmd  ? help";
	return dflt;
}

void
app_chrome_draw_status(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	static const char *const hints[] = {
		"Enter open  l shards  h fold  f filter  j/k move  Tab pane  / query  : cmd  ? help",
		"Enter run  Tab complete  Ctrl-R history  Esc leave  1-7 ranges after Esc",
		"h/l bucket  Enter zoom  z zoom out  Tab pane  ? help",
		"j/k move  Enter context  v detail  y copy  o order  1-7 range  t tail  : cmd  ? help",
		"j/k scroll  h/l sideways  w wrap  p pause  f follow  F filter  t close  ? help",
	};
	const char *s = a->status.text[0] ? a->status.text : a->focus == AF_RESULTS ?
	    app_chrome_results_hint(a, hints[AF_RESULTS]) : hints[a->focus];
	enum theme_role role = a->status.text[0] && a->status.err ? THEME_STATUS_ERR : THEME_STATUS;
	size_t cut[APP_STATUS_LINES], len[APP_STATUS_LINES], n = strlen(s), off = 0;
	int nl = 0, i;

	if (!a->status.text[0] || a->cmd.on) { /* the hints, or under the ':' line */
		cv_fill(cv, r->x, r->y, r->w, 1, ' ', THEME_STATUS);
		cv_text(cv, r->x, r->y, r->w, s, n, role);
		return;
	}
	/* a message wider than the line goes on over the lines above it */
	while (off < n && nl < APP_STATUS_LINES) {
		size_t k = cv_text_fit(cv, s + off, n - off, r->w, NULL), j;

		if (k == 0)
			break;
		for (j = k; off + k < n && nl + 1 < APP_STATUS_LINES && j > k / 2; j--)
			if (s[off + j - 1] == ' ') { /* break after a space when near the end */
				k = j;
				break;
			}
		cut[nl] = off;
		len[nl] = nl + 1 < APP_STATUS_LINES ? k : n - off; /* the last is cut at the edge */
		nl++;
		off += k;
	}
	for (i = 0; i < nl; i++) {
		int y = r->y - (nl - 1) + i;

		cv_fill(cv, r->x, y, r->w, 1, ' ', THEME_STATUS);
		cv_text(cv, r->x, y, r->w, s + cut[i], len[i], role);
	}
}

void
app_chrome_draw_help(const struct app *a, struct canvas *cv)
{
	/* the focused pane's keys first, then the ones every pane shares */
	static const char *const pane[AF_NFOCUS][12] = {
		[AF_TREE] = { "j k  PgUp PgDn  g G   move", "Enter             open: list / run",
			"l  h              shards of a logstore / fold, up",
			"f                 filter the tree as you type (Esc clears)",
			"P                 project SQL over the project's logstores",
			"Space             mark a logstore: Enter opens the marked together",
			"click             select" },
		[AF_QUERY] = { "Enter             run the query", "Esc               leave the editor",
			"Tab               complete fields, __tag__:, SQL words",
			"Ctrl-R            search the history; emacs keys edit" },
		[AF_HIST] = { "h l               previous / next bar (its range and count)",
			"PgUp PgDn  g G    ten bars / first, last",
			"Enter             zoom into the bar or marked span, run again",
			"m  H L            mark a span of bars (H / L move and mark)",
			"z  Backspace      zoom back out" },
		[AF_RESULTS] = { "j k  PgUp PgDn  g G   move (more rows load as you go)",
			"Enter             context; on an SQL row: its logs (Esc back)",
			"y                 copy the log as JSON (OSC 52); in v: the field",
			"n N               next / previous row holding the :find text",
			"h l  H L  0       scroll log lines sideways (8, half a pane, back)",
			"w                 wrap log lines;  SQL: h l columns, s / click sort",
			"in v: j k  Space b  scroll by line, page; g G ends",
			"o                 newest first / oldest first",
			"m  ] [  M         mark a row / next, previous mark / clear them",
			"P  a              patterns / a field's values (in v: the field's)",
			"C                 compare with the range before (:compare -1d ...)" },
		[AF_TAIL] = { "j k  g G          scroll back / to the end", "p  f              pause / follow",
			"F                 filter lines with a regular expression",
			"h l  0            scroll lines sideways (8 columns, back)",
			"w                 wrap lines (each on as many rows as it needs)",
			"t                 close the tail" },
	};
	static const char *const common[] = {
		"Tab / Shift-Tab   next / previous pane;  / edits the query",
		"1 2 3 4 5 6 7     last 5m 15m 1h 4h 1d 7d, today;  r runs again",
		"t  T              live tail;  next theme",
		":                 commands (Tab completes): quit project logstore",
		"                  since range tail theme export find columns help",
		"                  tz save open share project-query compare stats",
		"Ctrl-G  Esc       stop what is still loading (the rows stay)",
		"q  Ctrl-C         back / quit",
	};
	static const char *const names[AF_NFOCUS] = { "tree", "query", "histogram", "results",
		"tail" };
	const char *const *mine = pane[a->focus < AF_NFOCUS ? a->focus : AF_RESULTS];
	size_t i, np = 0, nc = sizeof common / sizeof common[0];
	char title[64];
	int w, h, x, y;

	while (np < 12 && mine[np])
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
