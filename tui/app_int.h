/*
 * app_int — the terminal UI's state, shared by app.c (events, requests)
 * and app_draw.c (drawing). Not for use outside tui/app*.c.
 */
#ifndef SLSX_TUI_APP_INT_H
#define SLSX_TUI_APP_INT_H

#include <stddef.h>
#include <stdint.h>

#include "client/cl_logs.h"
#include "themes/theme.h"
#include "tui/app.h"

struct canvas;
struct cl_client;
struct cl_qjob;
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
	char err[160];
	int shard;          /* depth 2: the shard id */
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
	struct cl_client *cl; /* made on first use (conns[0]: the one given) */
};

/* Where a list is: the selected line and the first line shown. */
struct app_list {
	size_t sel, top;
};

/* The status line's message (the focused pane's hints when empty). */
struct app_status {
	char text[256];
	int err;
	int64_t until;
};

/* The project/logstore/shard tree. */
struct app_tree {
	struct app_node *nodes;
	size_t nnodes;
	struct app_list pos;
	int loading;
	char err[200];
	char filter[64];
	int filtering;
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
};

/* The results of the query: a log list or an SQL table. */
struct app_results {
	struct cl_qjob *job;
	struct app_rows rows;
	int sql;
	int done, complete;
	int64_t want;       /* rows asked for so far */
	struct app_list pos;
	int hscroll;        /* SQL: first column shown */
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
	struct cl_hist data;
	int loading, reasks;
	int sel;            /* selected column, -1 none */
	char err[200];
};

/* The context of one result: the lines around it. */
struct app_ctx {
	int on;
	struct app_rows rows;
	struct app_list pos;
	int loading;
	int more_back, more_fwd;
	char err[200];
};

/* The detail view of one result: one line per field. */
struct app_detail {
	int on;
	struct app_list pos; /* sel: the selected field */
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
	char filter[128];   /* client-side regex, "" for none */
	char edit[128];     /* the filter being typed */
	int editing;
	int filter_ok;      /* re holds the compiled filter */
	void *re;           /* regex_t */
	uint64_t seen;
};

/* The : command line. */
struct app_cmdline {
	int on;
	char buf[256];
};

struct app {
	struct cl_client *cl; /* the client of the open logstore's connection */
	struct app_conn conns[APP_NCONN];
	int nconns;
	int conn;           /* the open logstore's connection */
	struct app_opts o;
	struct theme theme;
	int w, h;
	int quit;
	int dirty;
	enum app_focus focus;
	struct app_status status;
	int help;           /* the help overlay is up */
	uint64_t gen;       /* bumped per query: stale answers are dropped */
	int utf8;           /* draw Unicode glyphs */

	struct app_tree tree;
	struct app_query q;
	struct app_results res;
	struct app_hist hist;
	struct app_ctx ctx;
	struct app_detail detail;
	struct app_tail tail;
	struct app_cmdline cmd;
};

/* app.c: the state without a terminal (tests and benches drive it too) */
struct scr_key;
void app_init(struct app *a, struct cl_client *cl, const struct app_opts *o);
void app_free(struct app *a);
void app_key(struct app *a, const struct scr_key *k);

int app_tree_shown(const struct app *a, size_t i);
int app_ci_contains(const char *s, const char *needle);
/* app_draw.c */
void app_draw(struct app *a, struct canvas *cv, int *cx, int *cy);
/* Layout rectangles (computed from w, h and what is shown). */
struct app_rect {
	int x, y, w, h;
};
struct app_layout {
	struct app_rect tree, query, info, hist, res, tail, status;
};
void app_layout(const struct app *a, struct app_layout *l);
/* Lines the detail view gives a value (JSON objects and arrays are
 * pretty-printed, one line per line). */
size_t app_value_lines(const char *v, size_t vn);
/* The text of a result row for the log list (time, key=value ...). */
const struct cl_row *app_row(const struct app_rows *rows, size_t i, const struct cl_logs **pg);
/* Take page pg (moved) and show rows [lo, hi) of it at display position
 * at. 0 ok, -1 when the results are full (4G rows): pg is freed. */
int app_rows_add(struct app_rows *r, struct cl_logs *pg, size_t lo, size_t hi, size_t at);
/* The histogram answer as the widget's buckets (malloc'd, hist.n). */
struct hist_bucket;
struct hist_bucket *app_hist_buckets(const struct app *a);
/* Minimum terminal size. */
#define APP_MIN_W 60
#define APP_MIN_H 16

#endif
