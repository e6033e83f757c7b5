/*
 * bench_tui_app — the terminal UI's cost per key with a million rows
 * loaded, measured on the real state and drawing code (tui/app*.c) into a
 * canvas; the curses copy is not included (ncurses diffs against its own
 * screen and sends only changes). Prints key-to-frame p50/p99 for an SQL
 * table and for a log list of 1,000,000 rows, the first frame's cost,
 * resident memory per raw byte of the rows, the log list wrapped (w), and
 * the detail view of a 200 KB value.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clk.h"
#include "base/xalloc.h"
#include "client/cl.h"
#include "client/cl_logs.h"
#include "tui/app_int.h"
#include "tui/qedit.h"
#include "tui/scr.h"
#include "widgets/canvas.h"

#define ROWS 1000000
#define PER_PAGE 10000

static long
rss_kb(void)
{
	FILE *fp = fopen("/proc/self/status", "r");
	char line[256];
	long kb = 0;

	while (fp && fgets(line, sizeof line, fp))
		if (strncmp(line, "VmRSS:", 6) == 0)
			kb = strtol(line + 6, NULL, 10);
	if (fp)
		fclose(fp);
	return kb;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Fill the results with ROWS rows: SQL-like (3 columns) or logs (8 fields). */
static size_t
fill(struct app *a, int sql)
{
	static const char *const lk[] = { "__time__", "level", "method", "uri", "status",
		"request_time", "trace_id", "msg" };
	static const char *const sk[] = { "uri", "status", "n" };
	size_t raw = 0, r;

	for (r = 0; r < ROWS; r += PER_PAGE) {
		struct cl_logs pg;
		size_t i;

		cl_logs_init(&pg);
		for (i = 0; i < PER_PAGE; i++) {
			char v[8][96];
			const char *vp[8];
			size_t kl[8], vl[8], k, n = sql ? 3 : 8;
			const char *const *keys = sql ? sk : lk;

			if (sql) {
				snprintf(v[0], sizeof v[0], "/api/v1/items/%zu", (r + i) % 5000);
				snprintf(v[1], sizeof v[1], "%d", 200 + (int)((r + i) % 4) * 100);
				snprintf(v[2], sizeof v[2], "%zu", (r + i) * 7 % 100003);
			} else {
				snprintf(v[0], sizeof v[0], "%zu", 1700000000 + (r + i) / 10);
				snprintf(v[1], sizeof v[1], "%s", (r + i) % 10 ? "INFO" : "ERROR");
				snprintf(v[2], sizeof v[2], "GET");
				snprintf(v[3], sizeof v[3], "/api/v1/users/%zu/orders", (r + i) % 9973);
				snprintf(v[4], sizeof v[4], "200");
				snprintf(v[5], sizeof v[5], "0.%03zu", (r + i) % 1000);
				snprintf(v[6], sizeof v[6], "%016zx", (r + i) * 2654435761u);
				snprintf(v[7], sizeof v[7], "request %zu handled by worker %zu", r + i, i % 16);
			}
			for (k = 0; k < n; k++) {
				vp[k] = v[k];
				kl[k] = strlen(keys[k]);
				vl[k] = strlen(v[k]);
				raw += kl[k] + vl[k];
			}
			cl_logs_add_row(&pg, keys, kl, vp, vl, n);
		}
		/* the UI's own path: shrink the page, number its rows */
		if (app_rows_add(&a->res.rows, &pg, 0, PER_PAGE, a->res.rows.n) != 0)
			abort();
	}
	a->res.sql = sql;
	a->res.done = 1;
	return raw;
}

static void
clear_results(struct app *a)
{
	size_t i;

	for (i = 0; i < a->res.rows.npages; i++)
		cl_logs_free(&a->res.rows.pages[i]);
	free(a->res.rows.pages);
	free(a->res.rows.start);
	free(a->res.rows.ref);
	memset(&a->res.rows, 0, sizeof a->res.rows);
}

/* Time n keys, each followed by a full frame. */
static void
keys(struct app *a, struct canvas *cv, const char *what)
{
	static const uint32_t seq[] = { 'j', 'j', 'j', SK_PGDN, 'k', SK_PGDN, 'G', 'k', 'g', 'l',
		'h', SK_PGDN };
	enum { N = 3000 };
	static double t[N];
	int i, cx, cy;

	for (i = 0; i < N; i++) {
		struct scr_key k;
		int64_t s = clk_mono_us();

		memset(&k, 0, sizeof k);
		k.code = seq[i % (int)(sizeof seq / sizeof seq[0])];
		app_key(a, &k);
		app_draw(a, cv, &cx, &cy);
		t[i] = (double)(clk_mono_us() - s) / 1000.0;
	}
	qsort(t, N, sizeof t[0], cmp_double);
	printf("%s_key_to_frame_p50: %.3f ms\n", what, t[N / 2]);
	printf("%s_key_to_frame_p99: %.3f ms (target <= 5)\n", what, t[N * 99 / 100]);
}

/* The detail view of a log holding a 200 KB value (and a multi-line
 * one): opening it lays it out once; each key then draws only the lines
 * shown. */
static void
detail_200k(struct app *a, struct canvas *cv)
{
	static const char *const k[] = { "__time__", "msg", "blob" };
	struct cl_logs pg;
	size_t kl[3] = { 8, 3, 4 }, vl[3], i;
	const char *v[3];
	char *blob = xmalloc(200 * 1024 + 1);
	struct scr_key key;
	int64_t s;
	int cx, cy;

	for (i = 0; i < 200 * 1024; i++)
		blob[i] = i % 8 == 7 ? ' ' : (char)('0' + i % 10);
	blob[200 * 1024] = '\0';
	v[0] = "1700000000";
	v[1] = "java.lang.IllegalStateException: boom\n\tat a.B.c(B.java:1)\n\tat a.B.d(B.java:2)";
	v[2] = blob;
	for (i = 0; i < 3; i++)
		vl[i] = strlen(v[i]);
	cl_logs_init(&pg);
	cl_logs_add_row(&pg, k, kl, v, vl, 3);
	if (app_rows_add(&a->res.rows, &pg, 0, 1, 0) != 0)
		abort();
	a->res.sql = 0;
	a->res.pos.sel = 0;
	memset(&key, 0, sizeof key);
	key.code = 'v';
	s = clk_mono_us();
	app_key(a, &key);
	app_draw(a, cv, &cx, &cy);
	printf("detail_200k_open: %.3f ms (laid out once: %zu lines)\n",
	    (double)(clk_mono_us() - s) / 1000.0, a->detail.nlines);
	keys(a, cv, "detail_200k");
	free(blob);
}

int
main(void)
{
	struct app a;
	struct app_opts o;
	struct cl_cfg cfg;
	struct cl_err err;
	struct cl_client *cl;
	struct canvas *cv;
	char e[128];
	long base;
	size_t raw;
	int64_t s;
	int cx, cy;

	memset(&cfg, 0, sizeof cfg);
	cfg.endpoint = "http://127.0.0.1:9"; /* never polled: no request leaves */
	cfg.ak_id = "bench";
	cfg.ak_secret = "bench";
	cl = cl_client_new(&cfg, &err);
	qedit_init(NULL, e, sizeof e);
	memset(&o, 0, sizeof o);
	s = clk_mono_us();
	app_init(&a, cl, &o);
	a.w = 120;
	a.h = 40;
	cv = cv_new(a.w, a.h);
	app_draw(&a, cv, &cx, &cy);
	printf("first_frame: %.3f ms (state and drawing, before any reply)\n",
	    (double)(clk_mono_us() - s) / 1000.0);
	a.q.project = xstrdup("p");
	a.q.logstore = xstrdup("l");
	a.focus = AF_RESULTS;
	base = rss_kb();
	raw = fill(&a, 1);
	printf("sql_rows: %d, rss_per_raw_byte: %.3f (target <= 2)\n", ROWS,
	    (double)(rss_kb() - base) * 1024.0 / (double)raw);
	keys(&a, cv, "sql_1M");
	clear_results(&a);
	base = rss_kb();
	raw = fill(&a, 0);
	printf("log_rows: %d, rss_per_raw_byte: %.3f (target <= 2)\n", ROWS,
	    (double)(rss_kb() - base) * 1024.0 / (double)raw);
	keys(&a, cv, "logs_1M");
	a.res.wrap = 1; /* w: each log on as many lines as it needs */
	keys(&a, cv, "logs_1M_wrap");
	a.res.wrap = 0;
	clear_results(&a);
	detail_200k(&a, cv);
	app_free(&a);
	cv_free(cv);
	qedit_free();
	cl_client_free(cl);
	return 0;
}
