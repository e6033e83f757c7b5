/*
 * app_cmd — the : command line: a table of commands (name, handler,
 * help), prefix matching and completion, and the commands themselves.
 */
#include "tui/app_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clk.h"
#include "base/sb.h"
#include "base/tparse.h"
#include "base/xalloc.h"
#include "client/cl_fmt.h"
#include "client/cl_logs.h"
#include "client/cl_query.h"
#include "tui/scr.h"
#include "widgets/canvas.h"

/* Write the results to path: CSV when it ends in .csv, else JSON lines. */
static void
app_cmd_export(struct app *a, const char *path)
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
		const struct cl_row *r = app_rows_get(&a->res.rows, i, &pg);

		if (a->marks.count && !app_marks_row(a, i))
			continue; /* with marks: the marked rows alone */
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
		app_statusf(a, 0, "exported %zu %srows to %s (%s)", a->marks.count ? a->marks.count
		    : a->res.rows.n, a->marks.count ? "marked " : "", path, csv ? "CSV" : "JSON lines");
}

static void
app_cmd_project(struct app *a, const char *name)
{
	size_t at = app_tree_find(a, a->conn, name);

	if (at == (size_t)-1) {
		at = app_tree_conn_end(a, a->conn);
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
		app_text_copy(a->tail.from, sizeof a->tail.from, when[0] ? when : "end");
	} else if (tparse(when, clk_wall(), &t, err, sizeof err) == 0) {
		snprintf(a->tail.from, sizeof a->tail.from, "%lld", (long long)t);
	} else {
		app_statusf(a, 1, "tail: %s (:tail [TIME] [* | where ...])", err);
		return -1;
	}
	app_text_copy(a->tail.from_label, sizeof a->tail.from_label,
	    strcmp(when, "end") == 0 ? "" : when);
	app_text_copy(a->tail.spl, sizeof a->tail.spl, star ? star : "");
	return 0;
}

static void
app_cmd_quit(struct app *a, char *arg)
{
	(void)arg;
	a->quit = 1;
}

static void
app_cmd_help(struct app *a, char *arg)
{
	(void)arg;
	a->help = 1;
}

static void
app_cmd_reverse(struct app *a, char *arg)
{
	(void)arg;
	a->q.reverse = !a->q.reverse;
	app_query_run(a);
}

/* :tail toggles; :tail [TIME] [SPL] (re)opens it from TIME with a
 * server-side filter */
static void
app_cmd_tail_run(struct app *a, char *arg)
{
	if (app_cmd_tail(a, arg ? arg : "") != 0)
		return;
	if (a->tail.on && arg && *arg)
		app_tail_toggle(a);
	app_tail_toggle(a);
}

static void
app_cmd_columns(struct app *a, char *arg)
{
	app_results_set_columns(a, arg);
	if (a->res.ncols)
		app_statusf(a, 0, "log lines show %zu fields (:columns alone shows all)", a->res.ncols);
	else
		app_statusf(a, 0, "log lines show every field");
}

static void
app_cmd_logstore(struct app *a, char *arg)
{
	char *slash = strchr(arg, '/');

	if (slash) {
		*slash = '\0';
		app_query_open(a, arg, slash + 1);
	} else if (a->q.project) {
		char *p = xstrdup(a->q.project);

		app_query_open(a, p, arg);
		free(p);
	} else {
		app_statusf(a, 1, ":logstore NAME needs a project (:logstore PROJECT/NAME)");
		return;
	}
	a->focus = AF_RESULTS;
}

static void
app_cmd_since(struct app *a, char *arg)
{
	char err[160];
	time_t t;

	err[0] = '\0';
	if (tparse(arg, clk_wall(), &t, err, sizeof err) != 0 || t >= clk_wall()) {
		app_statusf(a, 1, ":since %s: %s", arg, err[0] ? err : "not in the past");
		return;
	}
	a->q.range_s = (int64_t)(clk_wall() - t);
	a->q.nzoom = 0;
	app_query_run(a);
}

static void
app_cmd_range(struct app *a, char *arg)
{
	char *to = strstr(arg, " to ") ? strstr(arg, " to ") : strrchr(arg, ' ');
	char err[160];
	time_t t, t2;

	if (to == NULL) {
		app_statusf(a, 1, ":range FROM TO (e.g. :range 2024-01-01T08:00 to 09:00)");
		return;
	}
	*to = '\0';
	to += strncmp(to + 1, "to ", 3) == 0 ? 4 : 1;
	err[0] = '\0';
	if (tparse(arg, clk_wall(), &t, err, sizeof err) != 0 ||
	    tparse(to, clk_wall(), &t2, err, sizeof err) != 0 || t2 <= t) {
		app_statusf(a, 1, ":range: %s", err[0] ? err : "the end is not after the start");
		return;
	}
	a->q.range_s = 0;
	a->q.nzoom = 0;
	a->q.from = (int64_t)t;
	a->q.to = (int64_t)t2;
	app_query_run(a);
}

static void
app_cmd_theme(struct app *a, char *arg)
{
	char err[300];
	struct theme t;

	if (theme_load(arg, &t, err, sizeof err) != 0) {
		app_statusf(a, 1, "theme: %s", err);
		return;
	}
	a->theme = t;
	scr_set_theme(&a->theme);
	app_statusf(a, 0, "theme %s", arg);
}

static void
app_cmd_export_run(struct app *a, char *arg)
{
	app_cmd_export(a, arg);
}

static void
app_cmd_project_run(struct app *a, char *arg)
{
	app_cmd_project(a, arg);
}

static void
app_cmd_find(struct app *a, char *arg)
{
	app_text_copy(a->res.find, sizeof a->res.find, arg);
	a->focus = AF_RESULTS;
	app_results_find(a, 1, 0);
}

/* :tz [local | UTC | ZONE]: the zone times are shown in (alone: local). */
static void
app_cmd_tz(struct app *a, char *arg)
{
	char zone[32];

	if (app_chrome_tz(a, arg) != 0) {
		app_statusf(a, 1, ":tz %s: no such time zone (local, UTC, or e.g. Asia/Shanghai)", arg);
		return;
	}
	app_chrome_tz_label(zone, sizeof zone);
	app_statusf(a, 0, "times are shown in %s (%s)", a->tz[0] ? a->tz : "the local zone", zone);
}

static void
app_cmd_save(struct app *a, char *arg)
{
	app_saved_save(a, arg);
}

static void
app_cmd_open(struct app *a, char *arg)
{
	if (arg && *arg)
		app_saved_open(a, arg);
	else
		app_saved_pick_open(a);
}

static void
app_cmd_share(struct app *a, char *arg)
{
	(void)arg;
	app_saved_share(a);
}

/* :compare — the baseline the same length just before; :compare SHIFT
 * (e.g. -1d: the same range a day back); :compare FROM to TO. */
static void
app_cmd_compare(struct app *a, char *arg)
{
	int64_t len = a->q.to - a->q.from, bf = a->q.from - len, bt = a->q.from;
	char err[160], *to;
	time_t now = clk_wall(), t, t2;

	err[0] = '\0';
	if (arg && *arg && (to = strstr(arg, " to ")) != NULL) {
		*to = '\0';
		if (tparse(arg, now, &t, err, sizeof err) != 0 ||
		    tparse(to + 4, now, &t2, err, sizeof err) != 0 || t2 <= t) {
			app_statusf(a, 1, ":compare: %s", err[0] ? err : "the end is not after the start");
			return;
		}
		bf = (int64_t)t;
		bt = (int64_t)t2;
	} else if (arg && *arg) {
		if (tparse(arg, now, &t, err, sizeof err) != 0 || t >= now) {
			app_statusf(a, 1, ":compare %s: %s", arg, err[0] ? err : "a shift back in time, "
			    "e.g. -1d");
			return;
		}
		bf = a->q.from - (int64_t)(now - t);
		bt = a->q.to - (int64_t)(now - t);
	}
	a->focus = AF_RESULTS;
	app_an_compare_open(a, bf, bt);
}

static void
app_cmd_stats(struct app *a, char *arg)
{
	(void)arg;
	a->stats = 1;
}

static void
app_cmd_whoami(struct app *a, char *arg)
{
	(void)arg;
	a->whoami = 1;
}

static void
app_cmd_psql(struct app *a, char *arg)
{
	app_psql_cmd(a, arg);
}

/* The commands, in the order a prefix is matched and completed. */
static const struct app_cmd_entry {
	const char *name;
	void (*run)(struct app *a, char *arg); /* arg NULL or "" only when !needs_arg */
	int needs_arg;
	const char *help;
} app_cmd_table[] = {
	{ "quit", app_cmd_quit, 0, "leave slsx" },
	{ "project", app_cmd_project_run, 1, "PROJECT: show a project in the tree" },
	{ "logstore", app_cmd_logstore, 1, "[PROJECT/]NAME: open a logstore" },
	{ "since", app_cmd_since, 1, "TIME: the range from TIME until now" },
	{ "range", app_cmd_range, 1, "FROM [to] TO: an absolute range" },
	{ "theme", app_cmd_theme, 1, "NAME | FILE: another theme" },
	{ "export", app_cmd_export_run, 1, "FILE[.csv]: write the results" },
	{ "reverse", app_cmd_reverse, 0, "newest first / oldest first" },
	{ "tail", app_cmd_tail_run, 0, "[TIME] [* | SPL]: the live tail" },
	{ "help", app_cmd_help, 0, "the keys" },
	{ "find", app_cmd_find, 1, "TEXT: the next row holding TEXT (n / N)" },
	{ "columns", app_cmd_columns, 0, "[a,b,...]: the fields log lines show" },
	{ "tz", app_cmd_tz, 0, "[local | UTC | ZONE]: the time zone times are shown in" },
	{ "save", app_cmd_save, 1, "NAME: keep this query, logstore, range and columns" },
	{ "open", app_cmd_open, 0, "[NAME]: a saved query (no NAME: pick one)" },
	{ "share", app_cmd_share, 0, "copy the command that runs this view headless" },
	{ "project-query", app_cmd_psql, 1, "SQL: SQL over the project's logstores" },
	{ "stats", app_cmd_stats, 0, "what slsx asked: requests, rows, time, bytes" },
	{ "compare", app_cmd_compare, 0, "[-1d | FROM to TO]: the range against a baseline" },
	{ "whoami", app_cmd_whoami, 0, "where the keys came from, the endpoint, the signature" },
};
#define APP_CMD_N (sizeof app_cmd_table / sizeof app_cmd_table[0])

/* The command cmd names (a unique prefix of one), or NULL after telling
 * the user. */
static const struct app_cmd_entry *
app_cmd_lookup(struct app *a, const char *cmd)
{
	const struct app_cmd_entry *full = NULL;
	size_t i, n = strlen(cmd);

	for (i = 0; i < APP_CMD_N; i++)
		if (strncmp(app_cmd_table[i].name, cmd, n) == 0) {
			if (full) { /* ambiguous prefix */
				app_statusf(a, 1, ":%s is ambiguous (%s, %s, ...)", cmd, full->name,
				    app_cmd_table[i].name);
				return NULL;
			}
			full = &app_cmd_table[i];
		}
	if (full == NULL)
		app_statusf(a, 1, "unknown command :%s (Tab completes; :help lists keys)", cmd);
	return full;
}

static void
app_cmd_run(struct app *a, char *line)
{
	char *cmd = strtok(line, " \t"), *arg = strtok(NULL, "");
	const struct app_cmd_entry *c;

	if (cmd == NULL)
		return;
	while (arg && (*arg == ' ' || *arg == '\t'))
		arg++;
	if ((c = app_cmd_lookup(a, cmd)) == NULL)
		return;
	if (c->needs_arg && (arg == NULL || *arg == '\0')) {
		app_statusf(a, 1, ":%s needs an argument", c->name);
		return;
	}
	c->run(a, arg);
}

/* The commands whose names start with the n bytes of p. */
static size_t
app_cmd_matches(const char *p, size_t n, const struct app_cmd_entry **out)
{
	size_t i, k = 0;

	for (i = 0; i < APP_CMD_N; i++)
		if (strncmp(app_cmd_table[i].name, p, n) == 0)
			out[k++] = &app_cmd_table[i];
	return k;
}

/* Tab completes the command name: one match whole, several up to what
 * they share; when that adds nothing, a list of them shows over the
 * status line and each further Tab puts the next one in. */
static void
app_cmd_complete(struct app *a)
{
	const struct app_cmd_entry *m[APP_CMD_N];
	size_t n = strcspn(a->cmd.buf, " "), k, common, i;

	if (a->cmd.buf[n] != '\0' && !a->cmd.listing)
		return;
	if (a->cmd.listing) { /* the next one */
		k = app_cmd_matches(a->cmd.typed, strlen(a->cmd.typed), m);
		if (k == 0)
			return;
		a->cmd.pick = (a->cmd.pick + 1) % (int)k;
		snprintf(a->cmd.buf, sizeof a->cmd.buf, "%s ", m[a->cmd.pick]->name);
		return;
	}
	k = app_cmd_matches(a->cmd.buf, n, m);
	if (k == 1) {
		snprintf(a->cmd.buf, sizeof a->cmd.buf, "%s ", m[0]->name);
		return;
	}
	if (k == 0)
		return;
	for (common = n; m[0]->name[common]; common++) {
		for (i = 1; i < k && m[i]->name[common] == m[0]->name[common]; i++)
			;
		if (i < k)
			break;
	}
	if (common > n) {
		snprintf(a->cmd.buf, sizeof a->cmd.buf, "%.*s", (int)common, m[0]->name);
		return;
	}
	app_text_copy(a->cmd.typed, sizeof a->cmd.typed, a->cmd.buf);
	a->cmd.listing = 1;
	a->cmd.pick = -1;
}

void
app_cmd_key(struct app *a, const struct scr_key *k)
{
	size_t n = strlen(a->cmd.buf);

	if (k->code != SK_TAB)
		a->cmd.listing = 0;
	if (k->code == SK_ENTER) {
		char line[sizeof a->cmd.buf];

		a->cmd.on = 0;
		app_text_copy(line, sizeof line, a->cmd.buf);
		app_cmd_run(a, line);
	} else if (k->code == SK_ESC || k->code == 7 || (k->code == SK_BACKSPACE && n == 0)) {
		a->cmd.on = 0;
	} else if (k->code == SK_TAB) {
		app_cmd_complete(a);
	} else {
		app_text_key(a->cmd.buf, sizeof a->cmd.buf, k);
	}
}

/* The list Tab shows: the matching commands and what they do, the one
 * Tab put in highlighted, in a box over the status line. */
static void
app_cmd_draw_list(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	const struct app_cmd_entry *m[APP_CMD_N];
	size_t k = app_cmd_matches(a->cmd.typed, strlen(a->cmd.typed), m), i;
	int w = r->w < 72 ? r->w : 72, h = (int)k + 2, y = r->y - h;

	if (k == 0 || y < 0)
		return;
	cv_fill(cv, r->x, y, w, h, ' ', THEME_DEFAULT);
	(a->utf8 ? cv_box : cv_box_ascii)(cv, r->x, y, w, h, THEME_BORDER, NULL);
	for (i = 0; i < k; i++) {
		int x = r->x + 2, row = y + 1 + (int)i;

		x += cv_text(cv, x, row, 12, m[i]->name, strlen(m[i]->name), THEME_HELP_KEY);
		cv_text(cv, r->x + 14, row, w - 16, m[i]->help, strlen(m[i]->help), THEME_DEFAULT);
		if ((int)i == a->cmd.pick)
			cv_set_attr(cv, r->x + 1, row, w - 2, THEME_A_REVERSE);
	}
}

/* The command line over the status bar, the cursor at its end. */
void
app_cmd_draw(const struct app *a, struct canvas *cv, const struct app_rect *r, int *cx, int *cy)
{
	int x;

	if (a->cmd.listing)
		app_cmd_draw_list(a, cv, r);
	x = cv_text(cv, r->x, r->y, r->w, ":", 1, THEME_HELP_KEY);
	cv_fill(cv, x, r->y, r->w - x, 1, ' ', THEME_DEFAULT);
	x += cv_text(cv, x, r->y, r->w - x, a->cmd.buf, strlen(a->cmd.buf), THEME_DEFAULT);
	*cx = x;
	*cy = r->y;
}
