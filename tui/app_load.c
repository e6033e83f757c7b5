/*
 * app_load — a load behind the UI (app_opts.load_read; `slsx FILE`, whose
 * slsd loads a big file's older part after its newest): its news taken
 * when its fd is readable, "loading NN%" for the info line and the
 * histogram's title, and at its end a notice and the current query run
 * again, once, where its answer was partial.
 */
#include "tui/app_int.h"

#include <stdio.h>
#include <string.h>

#include "base/clk.h"

void
app_load_init(struct app *a)
{
	a->load_fd = a->o.load_read ? a->o.load_fd : -1;
	if (a->load_fd >= 0)
		app_load_take(a); /* what came with the start-up lines */
}

/* The answers on screen partial (or failed: a busy store) where a load
 * may have left them so: the results (rows or SQL) run again, else the
 * histogram alone is asked again. A view over the results (analysis,
 * context, detail) is left alone; the histogram still is asked again. */
static void
app_load_rerun(struct app *a)
{
	int res = !a->res.complete || !a->res.done || a->res.err[0] != '\0';
	int hist = !a->hist.data.complete || a->hist.loading || a->hist.err[0] != '\0';

	if (a->q.project == NULL || a->q.logstore == NULL)
		return;
	if (a->q.psql != NULL) {
		if (res)
			app_query_run(a);
		return;
	}
	if (res && !a->an.on && !a->ctx.on && !a->detail.on)
		app_query_run(a);
	else if (hist)
		app_hist_request(a);
}

/* The load ended: say so, and run again what it left partial. */
static void
app_load_end(struct app *a)
{
	char n[32];

	if (a->load.failed)
		app_statusf(a, 1, "the file could not be loaded whole: %s; answers may miss logs",
		    a->load.why[0] ? a->load.why : "slsd stopped");
	else
		app_statusf(a, 0, "loaded %s logs in %.1f s", app_counts_num(a->load.logs, n, sizeof n),
		    (double)a->load.ms / 1000.0);
	app_load_rerun(a);
}

void
app_load_take(struct app *a)
{
	int was = a->load.loading, rc;

	if (a->load_fd < 0)
		return;
	rc = a->o.load_read(a->o.load_ud, &a->load);
	if (rc < 0) {
		a->load_fd = -1; /* slsd's stdout closed: nothing more comes */
		if (a->load.loading) {
			a->load.loading = 0;
			a->load.failed = 1;
		}
	}
	if (rc == 0)
		return;
	a->dirty = 1;
	if (was && !a->load.loading)
		app_load_end(a);
}

int
app_load_pct(const struct app *a)
{
	long long p;

	if (a->load.total <= 0)
		return 0;
	p = a->load.bytes * 100 / a->load.total;
	return (int)(p < 0 ? 0 : p > 99 ? 99 : p); /* 100 only once it is in */
}

void
app_load_label(const struct app *a, char *buf, size_t n)
{
	if (a->load.loading)
		snprintf(buf, n, "loading %d%%", app_load_pct(a));
	else if (n > 0)
		buf[0] = '\0';
}
