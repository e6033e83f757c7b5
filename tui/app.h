/*
 * app — the terminal UI: the project/logstore tree, the query editor with
 * its time range, the hits histogram, the results (logs or an SQL table),
 * the context view and the live-tail pane, in one event loop over the
 * terminal and the client's sockets. It never blocks: every request goes
 * through cl_send/cl_qjob/cl_hist_job/cl_tail and answers arrive in
 * callbacks.
 *
 * The state lives in struct app (app_int.h); each pane's file (app_*.c)
 * holds its keys, which change the state, and its drawing, a function of
 * the state into a canvas, so a screen can be rendered and inspected
 * without a terminal. tui/README.md lists the files.
 */
#ifndef SLSX_TUI_APP_H
#define SLSX_TUI_APP_H

#include <stddef.h>

struct cl_client;
struct cl_cfg;
struct keymap;

/* A load behind the UI (slsx FILE: slsd loads a big file's older part
 * after its newest): the info line shows "loading NN%" while it goes on;
 * when it ends the current query runs again, once, where its answer was
 * partial. */
struct app_load {
	int loading;             /* a load goes on */
	int failed;              /* a file could not be loaded whole */
	long long bytes, total;  /* read so far, of all the files' bytes */
	long long logs, ms;      /* when it ended: logs loaded, ms it took */
	char why[200];           /* failed: why, or "" */
};
/* Take the news (never blocking) into st: 1 when st changed, 0 nothing
 * new, -1 no more will come (stop watching). */
typedef int app_load_fn(void *ud, struct app_load *st);

struct app_opts {
	const char *project, *logstore; /* open this logstore first (optional) */
	const char *theme;              /* built-in name or a file; NULL: dark */
	const char *query;              /* initial query */
	const char *from;               /* initial range, e.g. "-15m" */
	const char *history;            /* readline history file, NULL: default */
	const char *columns;            /* fields shown per log, "a,b,c"; NULL: all */
	size_t tail_ring;               /* logs the tail keeps; 0: 100,000 */
	const struct keymap *keys;      /* user key bindings, or NULL */
	const char *tz;                 /* the time zone times are shown in: "local"
	                                 * (NULL too), "UTC", or a zone name such as
	                                 * "Asia/Shanghai"; :tz changes it */
	const char *notice;             /* shown in the status bar at start; several
	                                 * lines ("a\nb"): one after another */
	/* more connections in the tree (shown when there are several): the
	 * profiles of the credential files under home (NULL: none), and the
	 * endpoints (region ids or URLs, "a, b") for the keys of cfg */
	const struct cl_cfg *cfg;       /* what cl was made from */
	const char *profile;            /* the profile cfg came from, or NULL */
	const char *cred_source;        /* where cfg's keys were found ("$ALIBABA_CLOUD_...",
	                                 * "~/.aliyunlogcli [main]", ...), or NULL */
	const char *home;
	const char *endpoints;
	int exit_after_ms;              /* testing: quit after this long (0: never) */
	app_load_fn *load_read;         /* a load behind the UI, or NULL: called when */
	int load_fd;                    /* load_fd is readable */
	void *load_ud;
	int raw;                        /* unused by the UI: log bytes are always escaped */
};

/* Run the UI until the user quits. Returns an exit code (0 ok). */
int app_run(struct cl_client *cl, const struct app_opts *o);

#endif
