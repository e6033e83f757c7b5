/*
 * app — the terminal UI's event loop and focus (see app.h): set-up and
 * tear-down of struct app, the loop over the terminal and the client's
 * sockets, key dispatch to the focused pane, the keys every pane shares,
 * mouse focus, the status message, and the frame (each pane draws itself).
 */
#include "tui/app.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/clk.h"
#include "base/tparse.h"
#include "base/xalloc.h"
#include "client/cl.h"
#include "client/cl_query.h"
#include "client/cl_tail.h"
#include "tui/app_int.h"
#include "tui/keymap.h"
#include "tui/qedit.h"
#include "tui/scr.h"
#include "widgets/canvas.h"
#include "widgets/table.h"

static const int64_t app_presets[] = { 300, 900, 3600, 4 * 3600, 86400, 7 * 86400, -1 };

void
app_statusf(struct app *a, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->status.text, sizeof a->status.text, fmt, ap);
	va_end(ap);
	a->status.err = err;
	a->status.src = err ? AM_USER : AM_NOTE;
	a->status.since = clk_mono_ms();
	a->status.until = a->status.since + (err ? 8000 : 4000);
	a->dirty = 1;
}

void
app_status_req(struct app *a, enum app_msg_src src, const char *msg)
{
	app_text_copy(a->status.text, sizeof a->status.text, msg);
	a->status.err = 1;
	a->status.src = src;
	a->status.since = clk_mono_ms();
	a->status.until = a->status.since + 15000;
	a->dirty = 1;
}

void
app_status_ok(struct app *a, enum app_msg_src src)
{
	if (a->status.text[0] && a->status.src == src) {
		a->status.text[0] = '\0';
		a->dirty = 1;
	}
}

/* The next notice waiting (start-up ones come one after another). */
static void
app_status_next(struct app *a)
{
	a->status.text[0] = '\0';
	if (a->status.nqueue > 0) {
		app_statusf(a, 1, "%s", a->status.queue[0]);
		memmove(a->status.queue[0], a->status.queue[1],
		    sizeof a->status.queue[0] * (size_t)(APP_NNOTES - 1));
		a->status.nqueue--;
	}
	a->dirty = 1;
}

int
app_status_tick(struct app *a, int64_t now_ms)
{
	if (a->status.text[0] && now_ms > a->status.until) {
		app_status_next(a);
		return 1;
	}
	return 0;
}

/* A key ends a notice or an error of what was typed before it (keys typed
 * ahead, within a second, leave it to be read). */
static void
app_status_key(struct app *a)
{
	if (a->status.text[0] && (a->status.src == AM_NOTE || a->status.src == AM_USER) &&
	    clk_mono_ms() - a->status.since >= 1000)
		app_status_next(a);
}

/* Into the query editor, remembering where Esc goes back to. */
static void
app_focus_query(struct app *a)
{
	if (a->focus != AF_QUERY)
		a->back = a->focus;
	a->focus = AF_QUERY;
	a->tab_pass = 0;
}

/* Esc in the editor: back where the user came from. */
static void
app_focus_back(struct app *a)
{
	a->focus = a->back == AF_QUERY || (a->back == AF_TAIL && !a->tail.on) ? AF_RESULTS : a->back;
	a->tab_pass = 0;
}

/* q (and Esc outside the editor) closes the innermost view: the tail pane
 * when focused, an analysis view (a pattern's logs first), the context,
 * the detail, a drilled-down result; q quits only from the top, and not
 * right after it closed a view (q q from the detail view stays). */
static void
app_quit_key(struct app *a, const struct scr_key *k)
{
	int64_t now = clk_mono_ms();

	if (a->focus == AF_TAIL && a->tail.on)
		app_tail_toggle(a);
	else if (a->an.on)
		app_an_key(a, k); /* q there closes the innermost analysis view */
	else if (a->ctx.on)
		app_ctx_close(a);
	else if (a->detail.on)
		app_detail_close(a);
	else if (app_drill_back(a))
		;
	else if (a->closed_at && now - a->closed_at < 1500) {
		a->closed_at = 0;
		app_statusf(a, 0, "q again quits");
		return;
	} else {
		a->quit = 1;
		return;
	}
	a->closed_at = now;
}

/* Keys every pane shares (not while typing a query). 1 when taken. */
static int
app_global_key(struct app *a, const struct scr_key *k)
{
	if (k->code >= '1' && k->code <= '7') {
		a->q.range_s = app_presets[k->code - '1'];
		a->q.nzoom = 0;
		app_query_run(a);
		return 1;
	}
	switch (k->code) {
	case 'q': app_quit_key(a, k); return 1;
	case '?': case SK_F1: a->help = !a->help; return 1;
	case '/': app_focus_query(a); return 1;
	case ':': a->cmd.on = 1; a->cmd.buf[0] = '\0'; a->cmd.listing = 0; return 1;
	case 't':
		/* t opens a plain tail of every shard at the end (on the
		 * tree's logstore when the tree has one selected); :tail TIME
		 * SPL replays from a time with a server-side filter */
		if (!a->tail.on) {
			app_text_copy(a->tail.from, sizeof a->tail.from, "end");
			a->tail.from_label[0] = '\0';
			a->tail.spl[0] = '\0';
			a->tail.shard = -1;
			if (a->focus == AF_TREE)
				app_tree_open_selected_ls(a);
		}
		app_tail_toggle(a);
		return 1;
	case 'r': app_query_run(a); return 1;
	case 'o': a->q.reverse = !a->q.reverse; app_query_run(a); return 1;
	case 'T': {
		const char *name = theme_builtin_names[++a->theme_next % 4];

		if (theme_builtin(name, &a->theme) == 0) {
			scr_set_theme(&a->theme);
			app_statusf(a, 0, "theme %s", name);
		}
		return 1;
	}
	default: return 0;
	}
}

/* Tab / Shift-Tab: the next pane shown; in the editor, reached this way,
 * Tab moves on until a key edits (then Tab completes). */
static void
app_focus_next(struct app *a, int d)
{
	enum app_focus from = a->focus;
	int i;

	for (i = 0; i < AF_NFOCUS; i++) {
		a->focus = (enum app_focus)(((int)a->focus + d + AF_NFOCUS) % AF_NFOCUS);
		if (a->focus != AF_TAIL || a->tail.on)
			break;
	}
	a->tab_pass = a->focus == AF_QUERY;
	if (a->focus == AF_QUERY && from != AF_QUERY)
		a->back = from;
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
			if (i == AF_QUERY)
				app_focus_query(a);
			else
				a->focus = (enum app_focus)i;
			if (i == AF_TREE && k->code == SK_MOUSE_CLICK && k->my > l.tree.y)
				app_tree_click(a, (size_t)(k->my - l.tree.y - 1));
			else if (i == AF_RESULTS && k->code == SK_MOUSE_CLICK && a->res.sql && a->res.tbl &&
			    !a->detail.on && !a->ctx.on && k->my == l.res.y + 1)
				app_results_sort_by(a, tbl_col_at(a->res.tbl, k->mx - l.res.x, l.res.w));
			else if (i == AF_RESULTS && k->code == SK_MOUSE_CLICK && k->my > l.res.y)
				a->res.pos.sel = app_results_row_at(a, k->my - l.res.y - 1);
			else if (i == AF_HIST && k->code == SK_MOUSE_CLICK)
				a->hist.sel = k->mx - l.hist.x;
			return;
		}
}

/* Ctrl-G, or Esc where it closes nothing: stop the requests of the
 * query that are still running (the rows that came stay). */
static int
app_cancel(struct app *a)
{
	int n = app_results_cancel(a);

	n |= app_hist_cancel(a);
	if (n)
		app_statusf(a, 0, "stopped: %zu rows loaded%s", a->res.rows.n,
		    a->res.want > 0 && a->res.rows.n ? " (scroll down to load more)" : "");
	return n;
}

/* The results pane shows the context of a result, its detail, or the
 * results. */
static void
app_key_results(struct app *a, const struct scr_key *k)
{
	if (a->an.on)
		app_an_key(a, k);
	else if (a->ctx.on)
		app_ctx_key(a, k);
	else if (a->detail.on && k->code == 'a')
		app_detail_analyse(a);
	else if (a->detail.on)
		app_detail_key(a, k);
	else if (k->code == 'P')
		app_an_patterns_open(a);
	else if (k->code == 'C')
		app_an_compare_open(a, 2 * a->q.from - a->q.to, a->q.from);
	else if (k->code == 'a')
		app_an_pick_field(a);
	else
		app_results_key(a, k);
}

void
app_key(struct app *a, const struct scr_key *k)
{
	int page = (int)app_layout_page(a);
	struct scr_key mk;

	a->dirty = 1;
	if (k->code == 3) { /* Ctrl-C */
		a->quit = 1;
		return;
	}
	if (k->code == SK_RESIZE) {
		scr_size(&a->w, &a->h);
		app_hist_refit(a);
		return;
	}
	if (k->code == 7 && app_cancel(a)) /* Ctrl-G */
		return;
	if (k->code < SK_MOUSE_CLICK)
		app_status_key(a);
	if (a->help || a->stats || a->whoami) {
		/* any key or click closes the box; the wheel, moved over it, not */
		if (k->code != SK_MOUSE_UP && k->code != SK_MOUSE_DOWN)
			a->help = a->stats = a->whoami = 0;
		return;
	}
	if (k->code >= SK_MOUSE_CLICK) {
		app_mouse(a, k);
		if (k->code == SK_MOUSE_CLICK)
			return;
	}
	if (a->pick.on) {
		app_saved_pick_key(a, k);
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
	if (k->code == SK_ESC && a->focus != AF_QUERY && !a->ctx.on && !a->detail.on &&
	    !a->an.on && app_cancel(a))
		return;
	if (k->code == SK_BTAB || (k->code == SK_TAB && (a->focus != AF_QUERY || a->tab_pass))) {
		app_focus_next(a, k->code == SK_TAB ? 1 : -1);
		return;
	}
	if (a->focus == AF_QUERY) {
		if (k->code == SK_ESC) {
			app_focus_back(a);
		} else {
			a->tab_pass = 0;
			app_query_key(a, k);
		}
		return;
	}
	/* user bindings apply where no text is being typed */
	mk = *k;
	mk.code = km_map(a->o.keys, k->code);
	k = &mk;
	if (app_global_key(a, k))
		return;
	if (a->focus == AF_TREE && k->code == 'P' && app_psql_tree_key(a))
		return;
	switch (a->focus) {
	case AF_TREE: app_tree_key(a, k, page); break;
	case AF_HIST: app_hist_key(a, k); break;
	case AF_RESULTS: app_key_results(a, k); break;
	case AF_TAIL: app_tail_key(a, k); break;
	default: break;
	}
}

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

/* The start-up notices, one per line of text: the first is shown, the
 * others follow as each one goes. */
static void
app_notices(struct app *a, const char *text)
{
	const char *p = text, *nl;

	while (p && *p) {
		size_t n;

		nl = strchr(p, '\n');
		n = nl ? (size_t)(nl - p) : strlen(p);
		if (n > 0 && !a->status.text[0])
			app_statusf(a, 1, "%.*s", (int)n, p);
		else if (n > 0 && a->status.nqueue < APP_NNOTES)
			snprintf(a->status.queue[a->status.nqueue++], sizeof a->status.queue[0], "%.*s",
			    (int)n, p);
		p = nl ? nl + 1 : NULL;
	}
}

void
app_init(struct app *a, struct cl_client *cl, const struct app_opts *o)
{
	memset(a, 0, sizeof *a);
	a->cl = cl;
	a->o = *o;
	a->load_fd = -1; /* app_run watches it (app_load_init) */
	a->focus = AF_TREE;
	a->q.range_s = 900;
	a->q.reverse = 1;
	a->hist.sel = -1;
	a->hist.mark = -1;
	a->hist.cols = -1;
	a->res.sort_col = -1;
	a->tail.shard = -1;
	a->q.query = xstrdup(o->query ? o->query : "*");
	app_results_set_columns(a, o->columns);
	app_notices(a, o->notice);
	a->tz_env = getenv("TZ") ? xstrdup(getenv("TZ")) : NULL;
	if (app_chrome_tz(a, o->tz) != 0)
		app_statusf(a, 1, "time zone %s is not known: times are local", o->tz);
	if (o->from) {
		time_t t;
		char err[64];

		if (tparse(o->from, clk_wall(), &t, err, sizeof err) == 0 && t < clk_wall())
			a->q.range_s = (int64_t)(clk_wall() - t);
	}
	if (o->theme == NULL || theme_builtin(o->theme, &a->theme) != 0) {
		char err[300];

		theme_builtin("dark", &a->theme);
		if (o->theme && theme_load(o->theme, &a->theme, err, sizeof err) != 0) {
			theme_builtin("dark", &a->theme);
			app_statusf(a, 1, "theme: %s", err);
		}
	}
	app_conn_init(a, cl);
	if (a->nconns > 1)
		a->tree.nodes[0].loading = 1;
	a->tree.loading = 1;
	app_tree_list(a, RQ_PROJECTS, 0, NULL, 0);
	if (o->project) {
		size_t at = app_tree_conn_end(a, 0);

		app_tree_insert(a, at, o->project, 0, 0); /* shown at once; the list fills in */
		a->tree.nodes[at].loading = 1;
		a->tree.pos.sel = at;
		app_tree_list(a, RQ_LOGSTORES, 0, o->project, 0);
	}
	if (o->project && o->logstore)
		app_query_open(a, o->project, o->logstore);
}

void
app_free(struct app *a)
{
	/* what may have requests in flight goes before the connections */
	app_results_free(a);
	app_tail_free(a);
	app_hist_reset(a);
	app_conn_free(a);
	app_ctx_free(a);
	app_tree_free(a);
	app_an_close(a);
	app_drill_free(a);
	app_marks_clear(a);
	app_query_free(a);
	app_saved_pick_free(a);
	free(a->tz_env);
	a->tz_env = NULL;
}

/* Standard input said readable and gave no key: a hung-up terminal (its
 * SIGHUP may have gone to another process group) — 1 when it is gone. */
static int
app_tty_gone(void)
{
	struct pollfd p = { STDIN_FILENO, POLLIN, 0 };

	return poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
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
	app_hist_refit(&a); /* a histogram asked before the screen was up */
	cv = cv_new(a.w, a.h);
	cv->ascii = !a.utf8;
	a.dirty = 1;
	app_load_init(&a);
	while (!a.quit) {
		struct pollfd pfd[2] = { { STDIN_FILENO, POLLIN, 0 }, { a.load_fd, POLLIN, 0 } };
		struct scr_key k;
		int t = cl_timeout_ms(cl), rc = 0, nk;

		if (a.tail.eng) {
			int tt = app_tail_tick(&a, clk_mono_ms());

			t = t < 0 || tt < t ? tt : t;
		}
		app_status_tick(&a, clk_mono_ms());
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
		cl_poll(cl, pfd, a.load_fd >= 0 ? 2 : 1, t);
		if (a.load_fd >= 0 && pfd[1].revents != 0)
			app_load_take(&a); /* slsd said how far its load is */
		/* at most a burst of keys a turn, so that a signal, the network
		 * and the screen are seen however fast keys come (or a gone
		 * terminal makes curses answer without end) */
		for (nk = 0; nk < APP_KEYS_PER_TURN && (rc = scr_key(&k)) == 1 &&
		    !scr_quit_requested(); nk++)
			app_key(&a, &k);
		if (rc < 0 || scr_quit_requested() || (nk == 0 && (pfd[0].revents & POLLIN) && app_tty_gone()))
			a.quit = 1; /* the terminal is gone, or SIGTERM/SIGHUP/SIGINT */
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

static void
app_draw_results(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	if (r->h < 1)
		return;
	if (a->an.on)
		app_an_draw(a, cv, r);
	else if (a->ctx.on)
		app_ctx_draw(a, cv, r);
	else if (a->detail.on)
		app_detail_draw(a, cv, r);
	else
		app_results_draw(a, cv, r);
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
	app_tree_draw(a, cv, &l.tree);
	app_query_draw(a, cv, &l.query, cx, cy);
	app_query_draw_info(a, cv, &l.info);
	app_hist_draw(a, cv, &l.hist);
	app_draw_results(a, cv, &l.res);
	if (a->tail.on)
		app_tail_draw(a, cv, &l.tail);
	app_chrome_draw_status(a, cv, &l.status);
	if (*cx >= 0)
		app_query_draw_completions(a, cv, *cx);
	if (a->cmd.on)
		app_cmd_draw(a, cv, &l.status, cx, cy);
	if (a->pick.on)
		app_saved_pick_draw(a, cv);
	if (a->help)
		app_chrome_draw_help(a, cv);
	if (a->stats)
		app_stats_draw(a, cv);
	if (a->whoami)
		app_whoami_draw(a, cv);
}
