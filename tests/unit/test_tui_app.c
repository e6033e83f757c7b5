/*
 * test_tui_app — the terminal UI's state and drawing without a terminal
 * or a server: the pane layout at several sizes (panes inside the screen,
 * not overlapping), the too-small message, the keymap (focus cycling,
 * time presets, help, the : command line and its errors, tail filter
 * typing, quitting), screens rendered to text with results loaded, and a
 * load behind the UI (loading NN%, its end: the notice, what runs again).
 */
#include <stdlib.h>
#include <string.h>

#include "client/cl.h"
#include "client/cl_logs.h"
#include "tui/app_int.h"
#include "tui/keymap.h"
#include "tui/qedit.h"
#include "tui/scr.h"
#include "widgets/canvas.h"
#include "widgets/hist.h"
#include "tests/unit/t.h"

static struct cl_client *cl;

static void
app_setup(struct app *a, int w, int h)
{
	struct app_opts o;
	struct cl_cfg cfg;
	struct cl_err err;
	char e[128];

	memset(&cfg, 0, sizeof cfg);
	cfg.endpoint = "http://127.0.0.1:9"; /* never polled: nothing is sent */
	cfg.ak_id = "id";
	cfg.ak_secret = "secret";
	cl = cl_client_new(&cfg, &err);
	qedit_init(NULL, e, sizeof e);
	memset(&o, 0, sizeof o);
	app_init(a, cl, &o);
	a->w = w;
	a->h = h;
}

static void
app_teardown(struct app *a)
{
	app_free(a);
	qedit_free();
	cl_client_free(cl);
}

static void
key(struct app *a, uint32_t code)
{
	struct scr_key k;

	memset(&k, 0, sizeof k);
	k.code = code;
	if (code < 0x80) {
		k.seq[0] = (char)code;
		k.nseq = 1;
	}
	app_key(a, &k);
}

static void
type(struct app *a, const char *s)
{
	while (*s)
		key(a, (unsigned char)*s++);
}

static char *
screen(struct app *a)
{
	struct canvas *cv = cv_new(a->w, a->h);
	char *s;
	int cx, cy;

	app_draw(a, cv, &cx, &cy);
	s = cv_to_text(cv);
	cv_free(cv);
	return s;
}

static int
inside(const struct app_rect *r, int w, int h)
{
	return r->x >= 0 && r->y >= 0 && r->x + r->w <= w && r->y + r->h <= h && r->w >= 0 &&
	    r->h >= 0;
}

static int
overlap(const struct app_rect *p, const struct app_rect *q)
{
	return p->w > 0 && p->h > 0 && q->w > 0 && q->h > 0 && p->x < q->x + q->w &&
	    q->x < p->x + p->w && p->y < q->y + q->h && q->y < p->y + p->h;
}

static void
test_layout(void)
{
	static const int sizes[][2] = { { 120, 40 }, { 80, 24 }, { 60, 16 }, { 200, 60 } };
	struct app a;
	size_t s;

	app_setup(&a, 120, 40);
	for (s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		struct app_layout l;
		const struct app_rect *r[7];
		int i, j, t;

		for (t = 0; t < 2; t++) {
			a.w = sizes[s][0];
			a.h = sizes[s][1];
			a.tail.on = t;
			app_layout(&a, &l);
			r[0] = &l.tree, r[1] = &l.query, r[2] = &l.info, r[3] = &l.hist;
			r[4] = &l.res, r[5] = &l.tail, r[6] = &l.status;
			for (i = 0; i < 7; i++) {
				T_CHECK(inside(r[i], a.w, a.h));
				for (j = i + 1; j < 7; j++)
					T_CHECK(!overlap(r[i], r[j]));
			}
			T_CHECK(l.res.h >= 3);
			T_EQ_INT(l.status.y, a.h - 1);
			T_EQ_INT(l.tail.h > 0, t);
		}
	}
	a.tail.on = 0;
	a.w = 40;
	a.h = 10;
	{
		char *txt = screen(&a);

		T_CHECK(strstr(txt, "slsx needs 60x16 (now 40x10)") != NULL);
		free(txt);
	}
	app_teardown(&a);
}

static void
test_keymap(void)
{
	struct app a;
	char *s;

	app_setup(&a, 120, 40);
	T_EQ_INT(a.focus, AF_TREE);
	key(&a, SK_TAB);
	T_EQ_INT(a.focus, AF_QUERY);
	key(&a, SK_ESC); /* leaves the editor: back where it came from (issue #12) */
	T_EQ_INT(a.focus, AF_TREE);
	key(&a, SK_TAB);
	key(&a, SK_TAB); /* reached by Tab, the editor passes Tab on */
	T_EQ_INT(a.focus, AF_HIST);
	key(&a, SK_TAB);
	T_EQ_INT(a.focus, AF_RESULTS);
	key(&a, SK_TAB); /* the tail pane is closed: skipped */
	T_EQ_INT(a.focus, AF_TREE);
	key(&a, SK_BTAB);
	T_EQ_INT(a.focus, AF_RESULTS);
	key(&a, '/');
	T_EQ_INT(a.focus, AF_QUERY);
	key(&a, SK_ESC);
	T_EQ_INT(a.focus, AF_RESULTS);
	/* q closes the innermost view; q right after that does not quit */
	a.detail.on = 1;
	key(&a, 'q');
	T_EQ_INT(a.detail.on, 0);
	key(&a, 'q');
	T_EQ_INT(a.quit, 0);
	a.tail.on = 1;
	a.focus = AF_TAIL;
	a.closed_at = 0;
	key(&a, 'q');
	T_EQ_INT(a.tail.on, 0);
	T_EQ_INT(a.quit, 0);
	a.focus = AF_RESULTS;
	key(&a, '3');
	T_EQ_INT(a.q.range_s, 3600);
	key(&a, '7');
	T_EQ_INT(a.q.range_s, -1); /* today */
	key(&a, '?');
	T_EQ_INT(a.help, 1);
	s = screen(&a);
	T_CHECK(strstr(s, "keys: results (any key closes)") != NULL);
	T_CHECK(strstr(s, "Enter             context") != NULL); /* the pane's keys */
	T_CHECK(strstr(s, "q  Ctrl-C") != NULL);                  /* and the shared ones */
	T_CHECK(strstr(s, "zoom into the bar") == NULL);          /* not another pane's */
	free(s);
	key(&a, 'x');
	T_EQ_INT(a.help, 0);
	key(&a, SK_BTAB); /* the histogram */
	key(&a, '?');
	s = screen(&a);
	T_CHECK(strstr(s, "keys: histogram (any key closes)") != NULL);
	T_CHECK(strstr(s, "zoom into the bar") != NULL);
	free(s);
	key(&a, 'x');
	key(&a, SK_TAB);
	T_EQ_INT(a.focus, AF_RESULTS);
	/* the command line: typing, an unknown command, a bad time */
	key(&a, ':');
	T_EQ_INT(a.cmd.on, 1);
	type(&a, "bogus");
	s = screen(&a);
	T_CHECK(strstr(s, "\n:bogus") != NULL);
	free(s);
	key(&a, SK_ENTER);
	T_EQ_INT(a.cmd.on, 0);
	T_CHECK(strstr(a.status.text, "unknown command :bogus") != NULL);
	key(&a, ':');
	type(&a, "sin");
	key(&a, SK_TAB); /* completes the command */
	T_EQ_STR(a.cmd.buf, "since ");
	type(&a, "tomorrowish");
	key(&a, SK_ENTER);
	T_CHECK(strstr(a.status.text, ":since tomorrowish") != NULL);
	key(&a, ':');
	type(&a, "r");
	key(&a, SK_ENTER);
	T_CHECK(strstr(a.status.text, "ambiguous") != NULL); /* range, reverse */
	/* ':' then Tab lists the commands; each further Tab puts the next in */
	key(&a, ':');
	key(&a, SK_TAB);
	T_EQ_STR(a.cmd.buf, "");
	s = screen(&a);
	T_CHECK(strstr(s, "quit") != NULL && strstr(s, "leave slsx") != NULL);
	T_CHECK(strstr(s, "columns") != NULL && strstr(s, "tz") != NULL);
	free(s);
	key(&a, SK_TAB);
	T_EQ_STR(a.cmd.buf, "quit ");
	key(&a, SK_TAB);
	T_EQ_STR(a.cmd.buf, "project ");
	key(&a, SK_ESC);
	T_EQ_INT(a.cmd.on, 0);
	T_EQ_INT(a.quit, 0);
	key(&a, ':');
	type(&a, "t");
	key(&a, SK_TAB); /* theme, tail, tz: nothing shared past "t" */
	T_EQ_STR(a.cmd.buf, "t");
	key(&a, SK_TAB);
	T_EQ_STR(a.cmd.buf, "theme ");
	key(&a, SK_TAB);
	T_EQ_STR(a.cmd.buf, "tail ");
	key(&a, SK_ESC);
	key(&a, ':');
	type(&a, "r");
	key(&a, SK_TAB); /* range, reverse */
	T_EQ_STR(a.cmd.buf, "r");
	key(&a, SK_TAB);
	T_EQ_STR(a.cmd.buf, "range ");
	key(&a, SK_TAB);
	T_EQ_STR(a.cmd.buf, "reverse ");
	key(&a, SK_TAB); /* round again */
	T_EQ_STR(a.cmd.buf, "range ");
	key(&a, SK_ESC);
	key(&a, ':');
	type(&a, "export");
	key(&a, SK_ENTER);
	T_CHECK(strstr(a.status.text, ":export needs an argument") != NULL);
	/* q quits, unless a view is open to go back from; a q right after
	 * closing one only says that q again quits (issue #12: q q from the
	 * detail view no longer quits) */
	a.detail.on = 1;
	key(&a, 'q');
	T_EQ_INT(a.quit, 0);
	T_EQ_INT(a.detail.on, 0);
	key(&a, 'q');
	T_EQ_INT(a.quit, 0);
	T_CHECK(strstr(a.status.text, "q again quits") != NULL);
	key(&a, 'q');
	T_EQ_INT(a.quit, 1);
	app_teardown(&a);
}

static void
test_results_screen(void)
{
	static const char *const k[] = { "__time__", "level", "msg" };
	struct app a;
	struct cl_logs pg;
	size_t kl[3] = { 8, 5, 3 }, vl[3], i;
	char *s;

	app_setup(&a, 120, 40);
	a.q.project = strdup("p");
	a.q.logstore = strdup("ls");
	a.focus = AF_RESULTS;
	a.res.done = 1;
	a.q.to = 1700000000;
	a.q.from = a.q.to - 900;
	cl_logs_init(&pg);
	for (i = 0; i < 50; i++) {
		char t[16], m[64];
		const char *v[3] = { t, i % 2 ? "INFO" : "ERROR", m };

		snprintf(t, sizeof t, "%zu", (size_t)1700000000 - i);
		snprintf(m, sizeof m, "hello \x1b[31m%zu", i);
		vl[0] = strlen(t);
		vl[1] = strlen(v[1]);
		vl[2] = strlen(m);
		cl_logs_add_row(&pg, k, kl, v, vl, 3);
	}
	T_EQ_INT(app_rows_add(&a.res.rows, &pg, 0, 50, 0), 0);
	s = screen(&a);
	T_CHECK(strstr(s, "Results  1 of 50") != NULL);
	T_CHECK(strstr(s, "level=ERROR msg=hello \\e[31m0") != NULL); /* escaped, never raw */
	T_CHECK(strchr(s, '\x1b') == NULL);
	free(s);
	key(&a, 'G');
	T_EQ_INT(a.res.pos.sel, 49);
	key(&a, 'k');
	T_EQ_INT(a.res.pos.sel, 48);
	key(&a, 'g');
	T_EQ_INT(a.res.pos.sel, 0);
	/* find: :find, then n */
	key(&a, ':');
	type(&a, "find 31m7");
	key(&a, SK_ENTER);
	T_EQ_INT(a.res.pos.sel, 7);
	key(&a, 'n');
	T_EQ_INT(a.res.pos.sel, 7); /* the only match: found again */
	key(&a, 'v');
	T_EQ_INT(a.detail.on, 1);
	s = screen(&a);
	T_CHECK(strstr(s, "Log detail") != NULL);
	free(s);
	key(&a, SK_ESC);
	/* :columns picks the fields of each line, in that order */
	key(&a, ':');
	type(&a, "columns msg, nosuch level");
	key(&a, SK_ENTER);
	T_EQ_INT(a.res.ncols, 3);
	s = screen(&a);
	T_CHECK(strstr(s, "msg=hello \\e[31m0 level=ERROR") != NULL);
	T_CHECK(strstr(s, "nosuch") == NULL);
	free(s);
	key(&a, ':');
	type(&a, "columns");
	key(&a, SK_ENTER);
	T_EQ_INT(a.res.ncols, 0);
	s = screen(&a);
	T_CHECK(strstr(s, "level=ERROR msg=hello") != NULL);
	free(s);
	app_teardown(&a);
}

/* More endpoints: a connection level on top of the tree, each connection
 * listed lazily through its own client; h climbs to the connection. */
static void
test_connections(void)
{
	struct app a;
	struct app_opts o;
	struct cl_cfg cfg;
	struct cl_err err;
	char e[128], *s;

	memset(&cfg, 0, sizeof cfg);
	cfg.endpoint = "http://127.0.0.1:9";
	cfg.ak_id = "id";
	cfg.ak_secret = "secret";
	cl = cl_client_new(&cfg, &err);
	qedit_init(NULL, e, sizeof e);
	memset(&o, 0, sizeof o);
	o.cfg = &cfg;
	o.endpoints = "http://127.0.0.1:9, cn-shanghai,http://127.0.0.1:10";
	o.project = "p0";
	app_init(&a, cl, &o);
	a.w = 120;
	a.h = 40;
	/* the same endpoint as the first is not repeated */
	T_EQ_INT(a.nconns, 3);
	T_EQ_STR(a.conns[1].endpoint, "cn-shanghai");
	T_EQ_INT(a.tree.nnodes, 4); /* 3 connections and p0 under the first */
	T_EQ_INT(a.tree.nodes[1].depth, 0);
	T_EQ_STR(a.tree.nodes[1].name, "p0");
	T_EQ_INT(a.tree.pos.sel, 1);
	s = screen(&a);
	T_CHECK(strstr(s, "Connections") != NULL);
	T_CHECK(strstr(s, "default http://127") != NULL);
	T_CHECK(strstr(s, "cn-shanghai") != NULL);
	T_CHECK(strstr(s, "p0") != NULL);
	free(s);
	T_CHECK(a.conns[1].cl == NULL); /* made on first use */
	key(&a, 'h');
	T_EQ_INT(a.tree.pos.sel, 0); /* up to the connection */
	key(&a, 'G');
	T_EQ_INT(a.tree.pos.sel, 3);
	key(&a, SK_ENTER);
	T_CHECK(a.conns[2].cl != NULL);
	T_EQ_INT(a.tree.nodes[3].loading, 1);
	T_EQ_INT(a.conn, 0); /* nothing opened there yet */
	/* a failure shows whole, on lines under its node, and a click on the
	 * row after them selects the next node (#12 point 9) */
	{
		struct app_layout l;
		struct scr_key click;

		a.tree.nodes[3].loading = 0;
		snprintf(a.tree.nodes[0].err, sizeof a.tree.nodes[0].err, "%s",
		    "ListProject: network error: Failed to connect to 127.0.0.1 port 9: the end");
		s = screen(&a);
		T_CHECK(strstr(s, "  ListProject: network er") != NULL); /* wrapped, */
		T_CHECK(strstr(s, "  e end ") != NULL);                   /* to its end */
		free(s);
		T_CHECK(a.tree.nrows > 4);
		app_layout(&a, &l);
		memset(&click, 0, sizeof click);
		click.code = SK_MOUSE_CLICK;
		click.mx = l.tree.x + 1;
		click.my = l.tree.y + 1 + (int)a.tree.nrows - 3; /* the three connections last */
		app_key(&a, &click);
		T_EQ_INT(a.tree.pos.sel, 1); /* p0, under the error's lines */
	}
	app_teardown(&a);
}

/* An SQL table: a click on a column's header sorts by it, again: descending. */
static void
test_sql_header_click(void)
{
	static const char *const k[] = { "host", "hits" };
	static const char *const hosts[] = { "b", "c", "a" };
	static const char *const hits[] = { "20", "3", "100" };
	struct app a;
	struct cl_logs pg;
	struct app_layout l;
	struct scr_key click;
	size_t kl[2] = { 4, 4 }, vl[2], i;
	const struct cl_logs *p;
	char *s;

	app_setup(&a, 120, 40);
	a.q.project = strdup("p");
	a.q.logstore = strdup("ls");
	a.focus = AF_RESULTS;
	a.res.done = 1;
	a.res.sql = 1;
	cl_logs_init(&pg);
	for (i = 0; i < 3; i++) {
		const char *v[2] = { hosts[i], hits[i] };

		vl[0] = strlen(v[0]);
		vl[1] = strlen(v[1]);
		cl_logs_add_row(&pg, k, kl, v, vl, 2);
	}
	T_EQ_INT(app_rows_add(&a.res.rows, &pg, 0, 3, 0), 0);
	s = screen(&a); /* lays the table out */
	free(s);
	app_layout(&a, &l);
	memset(&click, 0, sizeof click);
	click.code = SK_MOUSE_CLICK;
	click.mx = l.res.x + 7; /* "host" is 4 wide, then a gap: "hits" */
	click.my = l.res.y + 1;
	app_key(&a, &click);
	T_EQ_INT(a.res.sort_col, 1);
	T_EQ_INT(a.res.sort_desc, 0);
	T_EQ_STR(cl_row_get(&a.res.rows.pages[0], app_rows_get(&a.res.rows, 0, &p), "hits", NULL), "3");
	T_CHECK(strstr(a.status.text, "sorted by hits") != NULL);
	app_key(&a, &click);
	T_EQ_INT(a.res.sort_desc, 1);
	T_EQ_STR(cl_row_get(&a.res.rows.pages[0], app_rows_get(&a.res.rows, 0, &p), "hits", NULL), "100");
	click.mx = l.res.x + 1;
	app_key(&a, &click);
	T_EQ_INT(a.res.sort_col, 0);
	T_EQ_STR(cl_row_get(&a.res.rows.pages[0], app_rows_get(&a.res.rows, 0, &p), "host", NULL), "a");
	app_teardown(&a);
}

/* The detail view selects a field; a long pretty-printed JSON value
 * scrolls so the selected field stays in view. */
static void
test_detail_fields(void)
{
	static const char *const k[] = { "__time__", "obj", "after" };
	struct app a;
	struct cl_logs pg;
	size_t kl[3] = { 8, 3, 5 }, vl[3], i;
	char obj[2048] = "{", *s;
	const char *v[3] = { "1700000000", obj, "tail value" };

	for (i = 0; i < 60; i++)
		snprintf(obj + strlen(obj), sizeof obj - strlen(obj), "%s\"k%zu\":%zu",
		    i ? "," : "", i, i);
	strcat(obj, "}");
	app_setup(&a, 120, 40);
	a.q.project = strdup("p");
	a.q.logstore = strdup("ls");
	a.focus = AF_RESULTS;
	a.res.done = 1;
	cl_logs_init(&pg);
	for (i = 0; i < 3; i++)
		vl[i] = strlen(v[i]);
	cl_logs_add_row(&pg, k, kl, v, vl, 3);
	T_EQ_INT(app_rows_add(&a.res.rows, &pg, 0, 1, 0), 0);
	key(&a, 'v');
	T_EQ_INT(a.detail.on, 1);
	T_EQ_INT(a.detail.pos.sel, 0);
	key(&a, 'j');
	T_EQ_INT(a.detail.pos.sel, 1);
	T_EQ_INT(a.detail.pos.top, 1); /* obj (longer than the view) starts at the top */
	T_EQ_INT(a.detail.nlines, 64); /* __time__, the 62 lines of obj pretty-printed, after */
	/* j scrolls through obj (taller than the 28 lines shown) by line */
	for (i = 0; i < 34; i++)
		key(&a, 'j');
	T_EQ_INT(a.detail.pos.sel, 1);
	T_EQ_INT(a.detail.pos.top, 35);
	key(&a, 'j');
	T_EQ_INT(a.detail.pos.sel, 2);
	T_EQ_INT(a.detail.pos.top, 36);
	s = screen(&a);
	T_CHECK(strstr(s, "tail value") != NULL);
	T_CHECK(strstr(s, "3/3  line 37-64 of 64  after") != NULL);
	free(s);
	key(&a, 'j'); /* the last field stays selected */
	T_EQ_INT(a.detail.pos.sel, 2);
	key(&a, SK_PGUP); /* a page up: the selection follows onto the screen */
	T_EQ_INT(a.detail.pos.top, 8);
	T_EQ_INT(a.detail.pos.sel, 1);
	key(&a, 'k'); /* within obj, k scrolls up by line */
	T_EQ_INT(a.detail.pos.top, 7);
	T_EQ_INT(a.detail.pos.sel, 1);
	key(&a, 'G');
	T_EQ_INT(a.detail.pos.sel, 2);
	T_EQ_INT(a.detail.pos.top, 36);
	key(&a, 'g');
	T_EQ_INT(a.detail.pos.sel, 0);
	T_EQ_INT(a.detail.pos.top, 0);
	key(&a, 'q');
	T_EQ_INT(a.detail.on, 0);
	app_teardown(&a);
}

/* Log lines: l scrolls them sideways (the title says from which column),
 * w wraps them onto as many lines as they need; with no rows, either way
 * draws an empty list. */
static void
test_wrap_hscroll(void)
{
	static const char *const k[] = { "__time__", "msg" };
	struct app a;
	struct cl_logs pg;
	size_t kl[2] = { 8, 3 }, vl[2];
	char msg[400], *s;
	const char *v[2] = { "1700000000", msg };
	struct app_layout l;
	struct scr_key click;
	int i, lines;

	for (i = 0; i < 39; i++)
		snprintf(msg + i * 10, sizeof msg - (size_t)i * 10, "word%05d ", i);
	app_setup(&a, 120, 40);
	a.q.project = strdup("p");
	a.q.logstore = strdup("ls");
	a.focus = AF_RESULTS;
	a.res.done = 1;
	key(&a, 'w');
	T_EQ_INT(a.res.wrap, 1);
	s = screen(&a); /* no rows yet */
	T_CHECK(strstr(s, "[wrap]") != NULL);
	free(s);
	key(&a, 'w');
	cl_logs_init(&pg);
	vl[0] = strlen(v[0]);
	vl[1] = strlen(msg);
	cl_logs_add_row(&pg, k, kl, v, vl, 2);
	T_EQ_INT(app_rows_add(&a.res.rows, &pg, 0, 1, 0), 0);
	s = screen(&a);
	T_CHECK(strstr(s, "word00000") != NULL);
	T_CHECK(strstr(s, "word00038") == NULL); /* past the edge */
	free(s);
	for (i = 0; i < 40; i++)
		key(&a, 'l');
	T_EQ_INT(a.res.hscroll, 320);
	s = screen(&a);
	T_CHECK(strstr(s, "[col 321+]") != NULL);
	T_CHECK(strstr(s, "word00038") != NULL);
	T_CHECK(strstr(s, "word00000") == NULL);
	free(s);
	key(&a, '0');
	T_EQ_INT(a.res.hscroll, 0);
	key(&a, 'w');
	s = screen(&a);
	T_CHECK(strstr(s, "word00000") != NULL);
	T_CHECK(strstr(s, "word00038") != NULL); /* on a later line */
	free(s);
	/* a click on the line under a wrapped log selects the log after it */
	cl_logs_init(&pg);
	cl_logs_add_row(&pg, k, kl, v, vl, 2);
	T_EQ_INT(app_rows_add(&a.res.rows, &pg, 0, 1, 1), 0);
	s = screen(&a);
	free(s);
	/* "msg=VALUE " on lines of 85 columns (the pane's 94 less "HH:MM:SS ") */
	lines = (int)(4 + strlen(msg) + 1 + 84) / 85;
	T_EQ_INT(lines, 5);
	app_layout(&a, &l);
	memset(&click, 0, sizeof click);
	click.code = SK_MOUSE_CLICK;
	click.mx = l.res.x + 3;
	click.my = l.res.y + 1 + lines - 1;
	app_key(&a, &click);
	T_EQ_INT(a.res.pos.sel, 0);
	click.my = l.res.y + 1 + lines;
	app_key(&a, &click);
	T_EQ_INT(a.res.pos.sel, 1);
	app_teardown(&a);
}

/* The histogram: h/l, PgUp/PgDn, g/G move along the bars, within them. */
static void
test_hist_keys(void)
{
	struct app a;
	size_t i;
	int last;
	struct app_layout l;

	app_setup(&a, 120, 40);
	a.hist.data.n = 90;
	a.hist.data.b = calloc(a.hist.data.n, sizeof *a.hist.data.b);
	for (i = 0; i < a.hist.data.n; i++) {
		a.hist.data.b[i].from = 1700000000 + (int64_t)i * 10;
		a.hist.data.b[i].to = a.hist.data.b[i].from + 10;
		a.hist.data.b[i].count = (int64_t)i;
	}
	app_layout(&a, &l);
	last = hist_ncols(l.hist.w, a.hist.data.n) - 1;
	T_CHECK(last > 20);
	a.focus = AF_HIST;
	key(&a, 'l');
	T_EQ_INT(a.hist.sel, 0);
	key(&a, SK_PGDN);
	T_EQ_INT(a.hist.sel, 10);
	key(&a, 'G');
	T_EQ_INT(a.hist.sel, last);
	key(&a, 'l');
	T_EQ_INT(a.hist.sel, last); /* stays on the bars */
	key(&a, SK_PGUP);
	T_EQ_INT(a.hist.sel, last - 10);
	key(&a, 'g');
	T_EQ_INT(a.hist.sel, 0);
	key(&a, 'h');
	T_EQ_INT(a.hist.sel, 0);
	app_teardown(&a);
}

/* Rows of several pages, added at the end and at the front, each found
 * again by its 32-bit number. */
static void
test_rows_numbering(void)
{
	static const char *const k[] = { "v" };
	struct app_rows rows;
	struct cl_logs pg;
	const struct cl_logs *p;
	size_t kl[1] = { 1 }, vl[1], i, pgi;
	char want[16];

	memset(&rows, 0, sizeof rows);
	for (pgi = 0; pgi < 3; pgi++) {
		cl_logs_init(&pg);
		for (i = 0; i < 5; i++) {
			char v[16];
			const char *vp[1] = { v };

			snprintf(v, sizeof v, "%zu.%zu", pgi, i);
			vl[0] = strlen(v);
			cl_logs_add_row(&pg, k, kl, vp, vl, 1);
		}
		/* page 0: all at the end; 1: rows 1..3 at the front; 2: rows 0..4 in the middle */
		T_EQ_INT(app_rows_add(&rows, &pg, pgi == 1 ? 1 : 0, pgi == 1 ? 4 : 5,
		    pgi == 0 ? 0 : pgi == 1 ? 0 : 3), 0);
	}
	T_EQ_INT(rows.n, 13);
	T_EQ_INT(rows.start[1], 5);
	T_EQ_INT(rows.start[2], 10);
	/* display: 1.1 1.2 1.3 2.0 .. 2.4 0.0 .. 0.4 */
	T_EQ_STR(cl_row_get(&rows.pages[1], app_rows_get(&rows, 0, &p), "v", NULL), "1.1");
	T_CHECK(p == &rows.pages[1]);
	for (i = 0; i < 5; i++) {
		snprintf(want, sizeof want, "2.%zu", i);
		T_EQ_STR(cl_row_get(&rows.pages[2], app_rows_get(&rows, 3 + i, &p), "v", NULL), want);
		snprintf(want, sizeof want, "0.%zu", i);
		T_EQ_STR(cl_row_get(&rows.pages[0], app_rows_get(&rows, 8 + i, &p), "v", NULL), want);
	}
	T_CHECK(app_rows_get(&rows, 13, &p) == NULL);
	for (i = 0; i < rows.npages; i++)
		cl_logs_free(&rows.pages[i]);
	free(rows.pages);
	free(rows.start);
	free(rows.ref);
}

/* User key bindings ([keys] in the config) act where no text is typed. */
static void
test_user_keys(void)
{
	struct app a;
	struct keymap km;
	char err[80];

	memset(&km, 0, sizeof km);
	T_EQ_INT(km_add(&km, "ctrl-n", "j", err, sizeof err), 0);
	T_EQ_INT(km_add(&km, "Q", "q", err, sizeof err), 0);
	app_setup(&a, 120, 40);
	a.o.keys = &km;
	a.focus = AF_TREE;
	key(&a, 'Q');
	T_EQ_INT(a.quit, 1);
	a.quit = 0;
	/* typed into the command line, Q is a letter */
	key(&a, ':');
	type(&a, "Q");
	T_EQ_STR(a.cmd.buf, "Q");
	key(&a, SK_ESC);
	T_EQ_INT(a.quit, 0);
	app_teardown(&a);
}

/* :tail [TIME] [SPL]: the start point and the server-side filter. */
static void
test_tail_command(void)
{
	struct app a;
	char *s;

	app_setup(&a, 120, 40);
	a.q.project = strdup("p");
	a.q.logstore = strdup("ls");
	key(&a, ':');
	type(&a, "tail 1h ago * | where level = 'ERROR'");
	key(&a, SK_ENTER);
	T_EQ_INT(a.tail.on, 1);
	T_CHECK(a.tail.eng != NULL);
	T_CHECK(a.tail.from[0] >= '1' && a.tail.from[0] <= '9');
	T_EQ_STR(a.tail.from_label, "1h ago");
	T_EQ_STR(a.tail.spl, "* | where level = 'ERROR'");
	s = screen(&a);
	T_CHECK(strstr(s, "from 1h ago  server: * | where") != NULL);
	free(s);
	/* a bad time changes nothing */
	key(&a, ':');
	type(&a, "tail whenever");
	key(&a, SK_ENTER);
	T_CHECK(strstr(a.status.text, "tail: ") != NULL);
	T_EQ_INT(a.tail.on, 1);
	T_EQ_STR(a.tail.from_label, "1h ago");
	/* t closes; t again opens a plain tail: at the end, every shard, no
	 * server-side filter (issue #12: a filter ends with its tail) */
	a.focus = AF_RESULTS;
	key(&a, 't');
	T_EQ_INT(a.tail.on, 0);
	key(&a, 't');
	T_EQ_INT(a.tail.on, 1);
	T_EQ_STR(a.tail.from, "end");
	T_EQ_STR(a.tail.from_label, "");
	T_EQ_STR(a.tail.spl, "");
	T_EQ_INT(a.tail.shard, -1);
	s = screen(&a);
	T_CHECK(strstr(s, "Tail p/ls  all shards") != NULL);
	free(s);
	/* :tail begin */
	key(&a, ':');
	type(&a, "tail begin");
	key(&a, SK_ENTER);
	T_EQ_STR(a.tail.from, "begin");
	T_EQ_STR(a.tail.spl, "");
	app_teardown(&a);
}

/* The figures panes show (#12 point 10): separators, "N of M". */
static void
test_counts(void)
{
	char b[128];

	T_EQ_STR(app_counts_num(0, b, sizeof b), "0");
	T_EQ_STR(app_counts_num(999, b, sizeof b), "999");
	T_EQ_STR(app_counts_num(185707, b, sizeof b), "185,707");
	T_EQ_STR(app_counts_num(-1234567, b, sizeof b), "-1,234,567");
	app_counts_results(b, sizeof b, 0, 300, 185707);
	T_EQ_STR(b, "Results  1 of 185,707  (300 loaded)");
	app_counts_results(b, sizeof b, 4, 124, 124);
	T_EQ_STR(b, "Results  5 of 124");
	app_counts_results(b, sizeof b, 0, 1000, -1); /* SQL: no hit count */
	T_EQ_STR(b, "Results  1 of 1,000");
	app_counts_results(b, sizeof b, 0, 0, 0);
	T_EQ_STR(b, "Results  0 of 0");
	app_counts_hits(b, sizeof b, 1234);
	T_EQ_STR(b, "Hits  1,234");
	app_counts_processed(b, sizeof b, 1234567, 1500);
	T_EQ_STR(b, "1,234,567 processed in 1,500 ms");
}

/* A load behind the UI, as app_opts.load_read gives it: a script of
 * states, one per call. */
struct load_script {
	struct app_load st[4];
	int n, at;
};

static int
load_next(void *ud, struct app_load *st)
{
	struct load_script *l = ud;

	if (l->at == l->n)
		return 0;
	*st = l->st[l->at++];
	return 1;
}

/* An app at 120x40 whose load behind it is script l; on logstore p/ls
 * when on_ls. */
static void
load_app(struct app *a, struct load_script *l, int on_ls)
{
	app_setup(a, 120, 40);
	a->o.load_read = load_next;
	a->o.load_fd = 0;
	a->o.load_ud = l;
	if (on_ls) {
		a->q.project = strdup("p");
		a->q.logstore = strdup("ls");
	}
}

/* "loading NN%" on the info line and in the histogram's title while it
 * goes on, the notice at its end and the query run again, once. */
static void
test_load(void)
{
	struct load_script l;
	struct app a;
	uint64_t gen;
	char *s;

	memset(&l, 0, sizeof l);
	l.st[0].loading = 1;
	l.st[0].bytes = 250;
	l.st[0].total = 1000;
	l.st[1] = l.st[0];
	l.st[1].bytes = 999; /* 99% until it is in */
	l.st[2].bytes = l.st[2].total = 1000;
	l.st[2].logs = 1234;
	l.st[2].ms = 2500;
	l.n = 3;
	load_app(&a, &l, 1);
	a.res.done = 1;
	a.res.complete = 0; /* partial, the re-asks over */
	a.hist.data.b = calloc(1, sizeof *a.hist.data.b);
	a.hist.data.n = 1;
	a.hist.data.total = 7;
	app_load_init(&a);
	T_EQ_INT(a.load.loading, 1);
	s = screen(&a);
	T_CHECK(strstr(s, "p/ls  loading 25%  ") != NULL);
	T_CHECK(strstr(s, "Hits  7  Incomplete, file loading 25%: asked again once loaded") != NULL);
	T_CHECK(strstr(s, "(Incomplete: runs again when loaded)") != NULL);
	free(s);
	app_load_take(&a);
	T_EQ_INT(app_load_pct(&a), 99);
	gen = a.gen;
	app_load_take(&a);
	T_EQ_INT(a.load.loading, 0);
	T_EQ_INT(a.gen, gen + 1); /* the query ran again */
	T_EQ_INT(a.res.complete, 1);
	s = screen(&a);
	T_CHECK(strstr(s, "loaded 1,234 logs in 2.5 s") != NULL);
	T_CHECK(strstr(s, "loading") == NULL);
	free(s);
	app_load_take(&a); /* nothing new: not again */
	T_EQ_INT(a.gen, gen + 1);
	app_teardown(&a);

	/* a query that failed while it loaded (a busy store) runs again too */
	memset(&l, 0, sizeof l);
	l.st[0].loading = 1;
	l.st[0].total = 10;
	l.st[1].bytes = l.st[1].total = 10;
	l.n = 2;
	load_app(&a, &l, 1);
	a.res.done = a.res.complete = 1;
	snprintf(a.res.err, sizeof a.res.err, "query: ServerBusy");
	a.hist.data.complete = 1;
	app_load_init(&a);
	gen = a.gen;
	app_load_take(&a);
	T_EQ_INT(a.gen, gen + 1);
	T_EQ_STR(a.res.err, "");
	app_teardown(&a);

	/* whole rows, a partial histogram: the histogram alone again, the
	 * rows (and where the user is in them) stay */
	l.at = 0;
	load_app(&a, &l, 1);
	a.res.done = a.res.complete = 1;
	a.res.pos.sel = 5;
	a.hist.data.b = calloc(1, sizeof *a.hist.data.b);
	a.hist.data.n = 1;
	app_load_init(&a);
	gen = a.gen;
	app_load_take(&a);
	T_EQ_INT(a.gen, gen);
	T_EQ_INT(a.res.pos.sel, 5);
	T_EQ_INT(a.hist.loading, 1);
	T_CHECK(a.hist.job != NULL);
	app_teardown(&a);
}

/* A load that stops: the reason in the status line, no "loading" left. */
static void
test_load_failed(void)
{
	struct load_script l;
	struct app a;
	char *s;

	memset(&l, 0, sizeof l);
	l.st[0].loading = 1;
	l.st[0].total = 1000;
	l.st[1].failed = 1;
	l.st[1].total = 1000;
	snprintf(l.st[1].why, sizeof l.st[1].why, "read big.log: Input/output error");
	l.n = 2;
	load_app(&a, &l, 0);
	app_load_init(&a);
	s = screen(&a);
	T_CHECK(strstr(s, "loading 0%") == NULL); /* no logstore open: no info line */
	free(s);
	app_load_take(&a);
	T_EQ_INT(a.load.loading, 0);
	s = screen(&a);
	T_CHECK(strstr(s, "the file could not be loaded whole: read big.log: Input/output error; "
			  "answers may miss logs") != NULL);
	free(s);
	app_teardown(&a);
}

#define T_LIST(X) X(test_counts) X(test_layout) X(test_keymap) X(test_results_screen) X(test_user_keys) \
	X(test_tail_command) X(test_connections) X(test_sql_header_click) X(test_detail_fields) X(test_wrap_hscroll) \
	X(test_hist_keys) X(test_rows_numbering) X(test_load) \
	X(test_load_failed)
T_MAIN(T_LIST)
