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

static const char *const app_cmd_names[] = { "quit", "project", "logstore", "since", "range",
	"theme", "export", "reverse", "tail", "help", "find", "columns", NULL };

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
	for (i = 0; app_cmd_names[i]; i++)
		if (strncmp(app_cmd_names[i], cmd, n) == 0) {
			if (full) { /* ambiguous prefix */
				app_statusf(a, 1, ":%s is ambiguous (%s, %s, ...)", cmd, full, app_cmd_names[i]);
				return;
			}
			full = app_cmd_names[i];
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
		app_query_run(a);
	} else if (strcmp(full, "tail") == 0) {
		/* :tail toggles; :tail [TIME] [SPL] (re)opens it from TIME with a
		 * server-side filter */
		if (app_cmd_tail(a, arg ? arg : "") != 0)
			return;
		if (a->tail.on && arg && *arg)
			app_tail_toggle(a);
		app_tail_toggle(a);
	} else if (strcmp(full, "columns") == 0) {
		app_results_set_columns(a, arg);
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
	} else if (strcmp(full, "since") == 0) {
		if (tparse(arg, clk_wall(), &t, err, sizeof err) != 0 || t >= clk_wall()) {
			app_statusf(a, 1, ":since %s: %s", arg, err[0] ? err : "not in the past");
			return;
		}
		a->q.range_s = (int64_t)(clk_wall() - t);
		a->q.nzoom = 0;
		app_query_run(a);
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
		app_query_run(a);
	} else if (strcmp(full, "theme") == 0) {
		if (theme_builtin(arg, &a->theme) != 0 &&
		    theme_load_file(arg, &a->theme, err, sizeof err) != 0) {
			app_statusf(a, 1, "theme: %s", err);
			return;
		}
		scr_set_theme(&a->theme);
		app_statusf(a, 0, "theme %s", arg);
	} else if (strcmp(full, "export") == 0) {
		app_cmd_export(a, arg);
	} else if (strcmp(full, "find") == 0) {
		app_text_copy(a->res.find, sizeof a->res.find, arg);
		a->focus = AF_RESULTS;
		app_results_find(a, 1, 0);
	}
}

/* Tab completes the command name. */
static void
app_cmd_complete(struct app *a)
{
	size_t i, n = strcspn(a->cmd.buf, " ");

	if (a->cmd.buf[n] != '\0')
		return;
	for (i = 0; app_cmd_names[i]; i++)
		if (strncmp(app_cmd_names[i], a->cmd.buf, n) == 0) {
			snprintf(a->cmd.buf, sizeof a->cmd.buf, "%s ", app_cmd_names[i]);
			return;
		}
}

void
app_cmd_key(struct app *a, const struct scr_key *k)
{
	size_t n = strlen(a->cmd.buf);

	if (k->code == SK_ENTER) {
		char line[sizeof a->cmd.buf];

		a->cmd.on = 0;
		app_text_copy(line, sizeof line, a->cmd.buf);
		app_cmd_run(a, line);
	} else if (k->code == SK_ESC || (k->code == SK_BACKSPACE && n == 0)) {
		a->cmd.on = 0;
	} else if (k->code == SK_TAB) {
		app_cmd_complete(a);
	} else {
		app_text_key(a->cmd.buf, sizeof a->cmd.buf, k);
	}
}
