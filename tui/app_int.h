/*
 * app_int — the terminal UI's state (struct app, one sub-struct per pane)
 * and the functions its files share, grouped by file (see README.md).
 * Not for use outside tui/app*.c (tests and benches aside).
 */
#ifndef SLSX_TUI_APP_INT_H
#define SLSX_TUI_APP_INT_H

#include <stddef.h>
#include <stdint.h>

#include "client/cl.h"
#include "client/cl_an.h"
#include "client/cl_logs.h"
#include "themes/theme.h"
#include "tui/app_tailf.h"
#include "tui/app.h"

struct canvas;
struct cl_client;
struct cl_cred;
struct cl_hist_job;
struct cl_pat;
struct cl_sample;
struct cl_cmpjob;
struct cl_qjob;
struct cl_mjob;
struct cl_tail;
struct tbl;

enum app_focus { AF_TREE, AF_QUERY, AF_HIST, AF_RESULTS, AF_TAIL, AF_NFOCUS };

/* A tree line: a project (depth 0), a logstore (1) or a shard (2). */
struct app_node {
	char *name;
	int depth;          /* -1 connection, 0 project, 1 logstore, 2 shard */
	int conn;           /* the connection (a->conns) it belongs to */
	int expanded;       /* projects: logstores listed below */
	int loading;
	char err[320];      /* why its listing failed (or is being retried) */
	int shard;          /* depth 2: the shard id */
	int marked;         /* depth 1: marked (Space) to open with the other marked ones */
};

/* The rows shown, in display order. Each is referred to by one 32-bit
 * number: page k's rows are numbered from start[k] on, in the order pages
 * arrived, so 1M rows cost 4 MB of references whatever their order. */
struct app_rows {
	struct cl_logs *pages;
	size_t npages;
	uint32_t *start;    /* npages entries */
	uint32_t *ref;      /* display order */
	size_t n, cap;
};

/* A connection: the keys and endpoint slsx started with, another
 * profile, or another endpoint (region) for the same keys. They share one
 * multi handle (cl_client_new_shared). */
#define APP_NCONN 16
struct app_conn {
	char label[64];      /* what the tree shows */
	char profile[64];    /* where its keys come from; "" = slsx's own */
	char endpoint[256];
	char source[256];    /* where its keys were found (whoami's words), or "" */
	struct cl_cred *cred; /* a profile's keys, read at start (NULL: slsx's own) */
	struct cl_client *cl; /* made on first use (conns[0]: the one given) */
};

/* Where a list is: the selected line and the first line shown. */
struct app_list {
	size_t sel, top;
};

/* The status line's message (the focused pane's hints when empty). A
 * notice (AM_NOTE) or an error of what the user typed (AM_USER) goes at
 * the next key a second or more after it came, or after a few seconds; a
 * request's error (AM_HIST ...) goes when a request of that kind succeeds
 * (or after a while). One wider than the screen goes on over the lines
 * above the status line, APP_STATUS_LINES at most. */
#define APP_STATUS_LINES 3
enum app_msg_src { AM_NOTE, AM_USER, AM_HIST, AM_QUERY, AM_TREE, AM_CTX, AM_TAIL, AM_CONN };
#define APP_NNOTES 4
struct app_status {
	char text[400];
	int err;
	enum app_msg_src src;
	int64_t since, until;
	char queue[APP_NNOTES][256]; /* notices waiting for their turn (start-up) */
	int nqueue;
};

/* The project/logstore/shard tree. */
#define APP_TREE_ROWS 512
struct app_tree {
	struct app_node *nodes;
	size_t nnodes;
	struct app_list pos;
	int loading;
	char err[320];
	char filter[64];
	int filtering;
	size_t rows[APP_TREE_ROWS]; /* the node drawn on each row of the pane (an
	                             * error's lines repeat their node), for clicks */
	size_t nrows;
};

/* The open logstore, the query and its time range. */
struct app_query {
	char *project, *logstore;
	char *query;        /* last submitted */
	int64_t range_s;    /* relative range (seconds before now), 0 when absolute */
	int64_t from, to;   /* the range of the current results */
	int64_t zoom_from[8], zoom_to[8];
	int nzoom;
	int reverse;        /* newest first */
	char **numeric;     /* the index's long and double fields */
	size_t nnumeric;
	char *psql;         /* the results are this project SQL (app_psql.c), or NULL */
	char *psql_project;
};

/* The results of the query: a log list or an SQL table. */
struct app_results {
	struct cl_qjob *job;
	struct cl_mjob *mjob; /* several logstores (q.logstore "a,b"): the merged job */
	struct app_rows rows;
	int sql;
	int done, complete;
	int64_t want;       /* rows asked for so far */
	struct app_list pos;
	int hscroll;        /* SQL: first column shown; log lines: columns scrolled sideways */
	int wrap;           /* log lines (results, context) wrap onto as many lines as they need */
	int sort_col, sort_desc;
	char err[400];
	int64_t elapsed_ms;
	char **cols;        /* fields shown per log line (NULL: every field) */
	size_t ncols;
	char find[128];     /* :find text, for n / N */
	struct tbl *tbl;    /* the SQL table widget */
};

/* The histogram of hits over the range. */
struct app_hist {
	struct cl_hist_job *job; /* asking (and re-asking) for it */
	struct cl_hist data;
	int loading, reasks;
	int sel;            /* selected column, -1 none */
	int mark;           /* the other end of a marked span (m, H/L), -1 none */
	int cols;           /* the width its buckets were asked for; 0: to ask once
			       the screen is up; -1: not asked */
	char err[200];
};

/* The context of one result: the lines around it. */
struct app_ctx {
	int on;
	struct app_rows rows;
	struct app_list pos;
	size_t anchor;      /* the row of the log the context is around */
	char ls[128];       /* its logstore (several open: the row's __logstore__) */
	int loading;
	int more_back, more_fwd;
	char err[200];
};

/* A line of the detail view: a piece of one field's text. */
struct app_dline {
	uint32_t field;
	uint32_t off, len;  /* bytes of the field's text */
	int first;          /* the field's first line (its name is drawn) */
};

/* The detail view of one result: each field on as many lines as its value
 * needs (cut at its newlines and at the pane's width, JSON pretty-printed),
 * laid out once per log and width so that a frame draws only the lines it
 * shows. */
struct app_detail {
	int on;
	struct app_list pos; /* sel: the selected field; top: the first line shown */
	const struct cl_row *row; /* the layout's log, query (gen) and width */
	uint64_t gen;
	int w, kw;          /* kw: the name column */
	char **text;        /* per field: its text when not the value (pretty JSON, __time__) */
	size_t *tlen;
	size_t *first;      /* per field: its first line; first[nfields] = nlines */
	struct app_dline *lines;
	size_t nlines, nfields;
};

/* The live tail pane. */
struct app_tail {
	struct cl_tail *eng;
	int on;
	struct app_list pos; /* sel: the selected line when not following */
	int follow;
	char spl[256];      /* server-side SPL filter for the tail, "" none */
	char from[24];      /* where the tail starts: "end", "begin", unix seconds */
	char from_label[64]; /* that, as the user typed it ("" for end) */
	int shard;          /* follow only this shard (-1: all) */
	int hscroll;        /* columns the lines are scrolled sideways (h/l) */
	int wrap;           /* w: each line on as many rows as it needs */
	struct app_tailf filt; /* the client-side regex and the lines it keeps */
	char edit[128];     /* the filter being typed */
	int editing;
	uint64_t seen;      /* the engine's version last seen */
	int64_t shown_at;   /* when the strip (lag, rates, errors) was last redrawn */
};

/* The : command line. */
struct app_cmdline {
	int on;
	char buf[2048];
	int listing;         /* Tab showed the commands matching typed[] */
	int pick;            /* the one Tab put in buf (-1: none yet) */
	char typed[64];      /* what was typed before Tab listed */
};

/* The picker: saved queries (:open with no name) or the fields of a log
 * (a in the results). */
enum app_pick_kind { PICK_SAVED, PICK_FIELD };
struct app_picker {
	int on;
	enum app_pick_kind kind;
	char filter[128];
	char **names;
	size_t n, sel;       /* sel: among the names that match */
};

/* The analysis views of the results pane (app_an.c). */
enum app_an_kind { AN_PATTERNS, AN_TOP, AN_COMPARE };
struct app_an {
	int on;
	enum app_an_kind kind;
	char err[300];
	struct app_list pos;
	/* patterns: the sample, its rows and their groups */
	struct cl_sample *smp;
	struct cl_pat *pat;
	struct app_rows rows;
	uint32_t *gid;       /* by row number (arrival order) */
	size_t ngid, capgid;
	uint8_t *hidden;     /* by group id */
	size_t nhidden;
	int done;
	int drill;           /* showing one pattern's logs */
	uint32_t drill_id;
	uint32_t *all;       /* the rows' references before drilling */
	size_t nall;
	struct app_list dpos;
	/* a field's values */
	char field[128];
	int numeric, tdone, sdone, have_stats;
	struct cl_qjob *tj, *sj;
	struct cl_logs *tp, *sp;
	size_t ntp, nsp;
	struct cl_an_top top;
	struct cl_an_stats stats;
	/* compare */
	struct cl_cmpjob *cj;
	int64_t cfrom[2], cto[2]; /* window, baseline */
	int cdone;
};

/* Where Enter on an SQL row drilled from (app_drill.c), for Esc. */
#define APP_DRILL_DEPTH 8
struct app_drill_at {
	char *query;
	int64_t from, to, range_s;
	size_t sel;
};
struct app_drill {
	struct app_drill_at at[APP_DRILL_DEPTH];
	int n;
};

/* Marked rows of the results (app_marks.c): a bit per row number. */
struct app_marks {
	uint8_t *bits;
	size_t nbits;        /* bytes */
	size_t count;
};

/* What an answer belongs to: requests carry a slot of the app's pool, so
 * nothing is left behind when the app ends with requests in flight. */
#define APP_NREQ 64
enum app_req_kind { RQ_PROJECTS, RQ_LOGSTORES, RQ_SHARDS, RQ_INDEX, RQ_PSQL, RQ_CTX_FIRST,
	RQ_CTX_BACK, RQ_CTX_FWD };
/* A listing for the tree gives up after this long, retries included. */
#define APP_TREE_DEADLINE_MS 20000

struct app_req {
	struct app *a;
	int used;
	enum app_req_kind kind;
	uint64_t gen;
	int64_t offset;
	int tries;
	int conn;           /* the connection it goes through */
	char name[256];
};

struct app {
	struct cl_client *cl; /* the client of the open logstore's connection */
	struct app_conn conns[APP_NCONN];
	int nconns;
	int conn;           /* the open logstore's connection */
	struct app_opts o;
	struct theme theme;
	int theme_next;     /* T: the built-in theme shown last */
	int w, h;
	int quit;
	int dirty;
	enum app_focus focus;
	enum app_focus back; /* where Esc from the query editor returns */
	int tab_pass;       /* the editor was reached by Tab: Tab moves on until a key edits */
	int64_t closed_at;  /* when q last closed a view (a q right after it does not quit) */
	struct app_status status;
	int help;           /* the help overlay is up */
	uint64_t gen;       /* bumped per query: stale answers are dropped */
	int utf8;           /* draw Unicode glyphs */
	char tz[64];        /* the zone times are shown in ("" local) */
	char *tz_env;       /* TZ as slsx started (NULL: unset), for :tz local */

	struct app_tree tree;
	struct app_query q;
	struct app_results res;
	struct app_hist hist;
	struct app_ctx ctx;
	struct app_detail detail;
	struct app_tail tail;
	struct app_cmdline cmd;
	struct app_picker pick;
	struct app_an an;
	struct app_drill drill;
	struct app_marks marks;
	int stats;          /* the :stats box is up */
	int whoami;         /* the :whoami box is up */
	struct cl_stats stats0; /* the client's figures when the query on screen ran */
	struct app_load load;   /* what loads behind (app_load.c) */
	int load_fd;        /* watched for it, -1 when not (none, or no more) */
	struct app_req reqs[APP_NREQ]; /* the request pool (app_req.c) */
};

/* Layout rectangles (computed from w, h and what is shown). */
struct app_rect {
	int x, y, w, h;
};
struct app_layout {
	struct app_rect tree, query, info, hist, res, tail, status;
};
/* Minimum terminal size. */
#define APP_MIN_W 60
#define APP_MIN_H 16
#define APP_KEYS_PER_TURN 256 /* keys taken before the loop looks at the rest */

struct scr_key;
struct cl_call;
struct cl_err;
struct cl_resp;
/* app.c */
void app_statusf(struct app *a, int err, const char *fmt, ...);
/* A request's error in the status line, and its end when that kind of
 * request succeeds. */
void app_status_req(struct app *a, enum app_msg_src src, const char *msg);
void app_status_ok(struct app *a, enum app_msg_src src);
/* Expire the message (now_ms): 1 when it changed. */
int app_status_tick(struct app *a, int64_t now_ms);
void app_key(struct app *a, const struct scr_key *k);
void app_init(struct app *a, struct cl_client *cl, const struct app_opts *o);
void app_free(struct app *a);
void app_draw(struct app *a, struct canvas *cv, int *cx, int *cy);
/* app_text.c */
void app_text_err(char *out, size_t n, const char *what, const struct cl_err *e);
void app_text_copy(char *dst, size_t n, const char *src);
void app_text_key(char *buf, size_t size, const struct scr_key *k);
int app_text_ci_contains(const char *s, const char *needle);
/* app_req.c */
struct app_req *app_req_new(struct app *a, enum app_req_kind kind, const char *name);
void app_req_send(struct app *a, struct app_req *rq, const struct cl_call *call);
/* app_conn.c */
void app_conn_free(struct app *a);
struct cl_client *app_conn_client(struct app *a, int k);
void app_conn_use(struct app *a, int k);
void app_conn_init(struct app *a, struct cl_client *cl);
/* app_rows.c */
void app_rows_free(struct app_rows *r);
int app_rows_add(struct app_rows *r, struct cl_logs *pg, size_t lo, size_t hi, size_t at);
const struct cl_row *app_rows_of(const struct app_rows *rows, uint32_t g, const struct cl_logs **pg);
const struct cl_row *app_rows_get(const struct app_rows *rows, size_t i, const struct cl_logs **pg);
/* Order the rows by their value of col: numbers as numbers, else text. */
void app_rows_sort(struct app_rows *r, const char *col, int desc);
/* app_tree.c */
void app_tree_free(struct app *a);
void app_tree_insert(struct app *a, size_t at, const char *name, int depth, int conn);
void app_tree_list(struct app *a, enum app_req_kind kind, int conn, const char *project,
    int64_t offset);
size_t app_tree_find(const struct app *a, int conn, const char *project);
size_t app_tree_conn_root(const struct app *a, int conn);
size_t app_tree_conn_end(const struct app *a, int conn);
void app_tree_on_names(struct app *a, struct app_req *rq, const struct cl_resp *rs);
size_t app_tree_find_ls(const struct app *a, int conn, const char *pl);
void app_tree_on_shards(struct app *a, struct app_req *rq, const struct cl_resp *rs);
void app_tree_filter_key(struct app *a, const struct scr_key *k);
void app_tree_key(struct app *a, const struct scr_key *k, int page);
/* A click on row n of the tree pane (0: the first under its title). */
void app_tree_click(struct app *a, size_t n);
void app_tree_open_selected_ls(struct app *a);
void app_tree_draw(const struct app *a, struct canvas *cv, const struct app_rect *r);
/* app_query.c */
void app_query_free(struct app *a);
void app_query_on_index(struct app *a, const struct cl_resp *rs);
void app_query_numeric_free(struct app *a);
int app_query_is_numeric(const struct app *a, const char *field);
void app_query_open(struct app *a, const char *project, const char *logstore);
void app_query_run(struct app *a);
/* The open logstore, range and query as the client's query (zero the rest). */
struct cl_query;
void app_query_spec(const struct app *a, struct cl_query *q);
void app_query_key(struct app *a, const struct scr_key *k);
void app_query_draw(const struct app *a, struct canvas *cv, const struct app_rect *r, int *cx,
    int *cy);
void app_query_draw_info(const struct app *a, struct canvas *cv, const struct app_rect *r);
void app_query_draw_completions(const struct app *a, struct canvas *cv, int cx);
/* app_tail.c */
int app_tail_tick(struct app *a, int64_t now_ms);
void app_tail_free(struct app *a);
void app_tail_start(struct app *a);
void app_tail_toggle(struct app *a);
void app_tail_edit_key(struct app *a, const struct scr_key *k);
void app_tail_key(struct app *a, const struct scr_key *k);
void app_tail_draw(const struct app *a, struct canvas *cv, const struct app_rect *r);
/* app_results.c */
void app_results_yank(struct app *a, const struct app_rows *rows, size_t i);
void app_results_draw_loglist(const struct app *a, struct canvas *cv, const struct app_rect *r,
    const struct app_rows *rows, struct app_list *pos, int focused);
void app_results_reset(struct app *a);
void app_results_start(struct app *a);
void app_results_free(struct app *a);
void app_results_on_page(void *ud, struct cl_logs *page, const struct cl_err *err);
void app_results_fetch_more(struct app *a);
int app_results_cancel(struct app *a);
int app_hist_cancel(struct app *a);
void app_results_sort_by(struct app *a, long col);
void app_results_find(struct app *a, int dir, int skip);
void app_results_key(struct app *a, const struct scr_key *k);
int app_results_view_key(struct app *a, const struct scr_key *k);
size_t app_results_row_at(const struct app *a, int y);
void app_results_view_label(const struct app *a, char *title, size_t n);
void app_results_set_columns(struct app *a, const char *spec);
void app_results_draw(const struct app *a, struct canvas *cv, const struct app_rect *r);
/* app_hist.c */
void app_hist_reset(struct app *a);
void app_hist_request(struct app *a);
/* The histogram pane's width changed (a resize): asked again when that
 * width calls for another bucket size. */
void app_hist_refit(struct app *a);
void app_hist_key(struct app *a, const struct scr_key *k);
void app_hist_draw(const struct app *a, struct canvas *cv, const struct app_rect *r);
/* app_ctx.c */
void app_ctx_key(struct app *a, const struct scr_key *k);
void app_ctx_draw(const struct app *a, struct canvas *cv, const struct app_rect *r);
void app_ctx_close(struct app *a);
void app_ctx_free(struct app *a);
void app_ctx_open(struct app *a);
void app_ctx_more(struct app *a, int back);
void app_ctx_on_reply(struct app *a, struct app_req *rq, const struct cl_resp *rs);
/* app_list.c */
size_t app_list_move(size_t sel, size_t n, long d);
long app_list_nav(const struct scr_key *k, size_t sel, size_t n, int page);
/* app_layout.c */
size_t app_layout_page(const struct app *a);
void app_layout(const struct app *a, struct app_layout *l);
/* app_detail.c */
void app_detail_close(struct app *a);
void app_detail_key(struct app *a, const struct scr_key *k);
void app_detail_draw(const struct app *a, struct canvas *cv, const struct app_rect *r);
/* app_an.c */
void app_an_patterns_open(struct app *a);
void app_an_top_open(struct app *a, const char *field);
void app_an_compare_open(struct app *a, int64_t base_from, int64_t base_to);
void app_an_pick_field(struct app *a);
void app_an_key(struct app *a, const struct scr_key *k);
void app_an_draw(const struct app *a, struct canvas *cv, const struct app_rect *r);
void app_an_close(struct app *a);
void app_detail_analyse(struct app *a);

/* app_drill.c */
void app_drill_open(struct app *a);
int app_drill_back(struct app *a);
void app_drill_free(struct app *a);

/* app_psql.c */
void app_psql_run(struct app *a, const char *project, const char *sql);
void app_psql_on_reply(struct app *a, struct app_req *rq, const struct cl_resp *rs,
    const struct cl_err *err);
void app_psql_leave(struct app *a);
void app_psql_cmd(struct app *a, const char *sql);
int app_psql_tree_key(struct app *a);

/* app_marks.c */
int app_marks_row(const struct app *a, size_t i);
int app_marks_key(struct app *a, const struct scr_key *k);
void app_marks_clear(struct app *a);

/* app_counts.c */
/* n with thousands separators ("185,707") into buf; returns buf. */
const char *app_counts_num(int64_t n, char *buf, size_t len);
/* "Results  N of M" (N = sel + 1), "  (K loaded)" when fewer than M are
 * loaded; M is total, or loaded when total is smaller (-1: unknown). */
void app_counts_results(char *buf, size_t n, size_t sel, size_t loaded, int64_t total);
/* "Hits  1,234". */
void app_counts_hits(char *buf, size_t n, int64_t total);
/* "1,234 processed in 56 ms". */
void app_counts_processed(char *buf, size_t n, int64_t rows, int64_t ms);
/* The query's hits as the histogram counted them, or -1. */
int64_t app_counts_total(const struct app *a);
/* Rows the server processed and its ms, summed over the query's requests. */
void app_counts_query(const struct app *a, int64_t *rows, int64_t *ms);

/* app_load.c */
/* Start watching app_opts.load_fd (what is there already is taken). */
void app_load_init(struct app *a);
/* load_fd was readable: the news (at the load's end, the notice and the
 * query again). */
void app_load_take(struct app *a);
/* How far the load is, 0..99 (100 only once it ended). */
int app_load_pct(const struct app *a);
/* "loading NN%" while it goes on, else "". */
void app_load_label(const struct app *a, char *buf, size_t n);

/* app_whoami.c */
void app_whoami_draw(const struct app *a, struct canvas *cv);

/* app_stats.c */
void app_stats_mark(struct app *a);
void app_stats_draw(const struct app *a, struct canvas *cv);

/* app_saved.c */
void app_saved_save(struct app *a, const char *name);
void app_saved_open(struct app *a, const char *name);
void app_saved_share(struct app *a);
void app_saved_pick_open(struct app *a);
void app_saved_pick_key(struct app *a, const struct scr_key *k);
void app_saved_pick_draw(const struct app *a, struct canvas *cv);
void app_saved_pick_free(struct app *a);

/* app_cmd.c */
void app_cmd_draw(const struct app *a, struct canvas *cv, const struct app_rect *r, int *cx, int *cy);
void app_cmd_key(struct app *a, const struct scr_key *k);
/* app_chrome.c */
const char *app_chrome_spinner(void);
void app_chrome_title(struct canvas *cv, const struct app_rect *r, int focused, const char *text);
/* Show times in zone name (NULL, "" or "local": the local zone). 0 ok. */
int app_chrome_tz(struct app *a, const char *name);
/* The zone's short name now ("CST", "UTC"). */
void app_chrome_tz_label(char *buf, size_t n);
void app_chrome_draw_status(const struct app *a, struct canvas *cv, const struct app_rect *r);
void app_chrome_draw_help(const struct app *a, struct canvas *cv);
/* app_pretty.c */
char *app_pretty_json(const char *v, size_t vn);

#endif
