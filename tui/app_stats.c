/*
 * app_stats — the cost of what slsx asked (:stats): for the query on
 * screen (since it was run: its pages, re-asks and histogram) and since
 * slsx started, requests and tries, failures, the rows the server
 * processed and its time, Incomplete answers, bytes each way (client's
 * cl_stats, every connection's together). Any key closes it.
 */
#include "tui/app_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "client/cl.h"
#include "widgets/canvas.h"

/* A query starts: what was spent before it is not its own. */
void
app_stats_mark(struct app *a)
{
	if (a->cl)
		a->stats0 = *cl_stats(a->cl);
}

static const char *
app_stats_bytes(int64_t n, char *buf, size_t len)
{
	if (n >= 10 * 1024 * 1024)
		snprintf(buf, len, "%.1f MB", (double)n / (1024.0 * 1024.0));
	else if (n >= 10 * 1024)
		snprintf(buf, len, "%.1f KB", (double)n / 1024.0);
	else
		snprintf(buf, len, "%" PRId64 " B", n);
	return buf;
}

void
app_stats_draw(const struct app *a, struct canvas *cv)
{
	static const char *const names[] = { "requests", "tries (retries)", "failed",
		"rows the server processed", "server time", "Incomplete answers", "bytes sent",
		"bytes received" };
	const struct cl_stats *all = a->cl ? cl_stats(a->cl) : NULL;
	struct cl_stats z, q;
	int w = a->w - 4 < 64 ? a->w - 4 : 64, h = 8 + 4, x = (a->w - w) / 2,
	    y = (a->h - h) / 2 > 0 ? (a->h - h) / 2 : 0;
	size_t i;

	memset(&z, 0, sizeof z);
	if (all == NULL)
		all = &z;
	q.requests = all->requests - a->stats0.requests;
	q.attempts = all->attempts - a->stats0.attempts;
	q.retries = all->retries - a->stats0.retries;
	q.failed = all->failed - a->stats0.failed;
	q.rows_processed = all->rows_processed - a->stats0.rows_processed;
	q.server_ms = all->server_ms - a->stats0.server_ms;
	q.incomplete = all->incomplete - a->stats0.incomplete;
	q.bytes_up = all->bytes_up - a->stats0.bytes_up;
	q.bytes_down = all->bytes_down - a->stats0.bytes_down;
	cv_fill(cv, x, y, w, h, ' ', THEME_DEFAULT);
	(a->utf8 ? cv_box : cv_box_ascii)(cv, x, y, w, h, THEME_BORDER,
	    "what slsx asked (any key closes)");
	cv_text(cv, x + 30, y + 1, 16, "   this query", 13, THEME_HELP_KEY);
	cv_text(cv, x + 46, y + 1, 16, "  since start", 13, THEME_HELP_KEY);
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		const struct cl_stats *s[2] = { &q, all };
		char cell[2][48], tmp[48];
		int k, row = y + 2 + (int)i;

		for (k = 0; k < 2; k++) {
			switch (i) {
			case 0: app_counts_num(s[k]->requests, cell[k], sizeof cell[k]); break;
			case 1:
				snprintf(cell[k], sizeof cell[k], "%s (%" PRId64 ")",
				    app_counts_num(s[k]->attempts, tmp, sizeof tmp), s[k]->retries);
				break;
			case 2: app_counts_num(s[k]->failed, cell[k], sizeof cell[k]); break;
			case 3: app_counts_num(s[k]->rows_processed, cell[k], sizeof cell[k]); break;
			case 4:
				snprintf(cell[k], sizeof cell[k], "%s ms",
				    app_counts_num(s[k]->server_ms, tmp, sizeof tmp));
				break;
			case 5: app_counts_num(s[k]->incomplete, cell[k], sizeof cell[k]); break;
			case 6: app_stats_bytes(s[k]->bytes_up, cell[k], sizeof cell[k]); break;
			default: app_stats_bytes(s[k]->bytes_down, cell[k], sizeof cell[k]); break;
			}
		}
		cv_text(cv, x + 2, row, 28, names[i], strlen(names[i]), THEME_DEFAULT);
		cv_text(cv, x + 30 + 13 - (int)strlen(cell[0]), row, 16, cell[0], strlen(cell[0]),
		    THEME_NUM);
		cv_text(cv, x + 46 + 13 - (int)strlen(cell[1]), row, 16, cell[1], strlen(cell[1]),
		    THEME_NUM);
	}
}
