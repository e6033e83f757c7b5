/*
 * app_drill — drilling down from an SQL table: Enter on a row of a GROUP
 * BY result runs the search part narrowed by the row's group values
 * (client/cl_drill: field:"value" for a field, the bucket's slice of time
 * for __time__ - __time__ % N or date_trunc), over the same range; Esc
 * comes back to the statement (run again) with the row that was selected.
 */
#include "tui/app_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sb.h"
#include "base/xalloc.h"
#include "client/cl_drill.h"
#include "client/cl_query.h"
#include "tui/qedit.h"
#include "tui/scr.h"

#define APP_DRILL_KEYS 8

/* field:"value" (or not field:* for a null) onto b, after " and " unless
 * it comes first. */
static int
app_drill_cond(struct sb *b, const char *field, const char *v, size_t n, int first)
{
	size_t i;
	int rc;

	if (v == NULL || (n == 4 && memcmp(v, "null", 4) == 0))
		return sb_addf(b, " not %s:*", field);
	rc = sb_addf(b, "%s%s:\"", first ? "" : " and ", field);
	for (i = 0; i < n; i++)
		rc |= v[i] == '"' || v[i] == '\\' ? sb_addf(b, "\\%c", v[i])
						  : sb_addc(b, v[i] ? v[i] : ' ');
	return rc | sb_addc(b, '"');
}

/* Remember where we are, to come back with Esc. */
static void
app_drill_push(struct app *a)
{
	struct app_drill_at *d;

	if (a->drill.n == APP_DRILL_DEPTH) { /* the oldest goes */
		free(a->drill.at[0].query);
		memmove(&a->drill.at[0], &a->drill.at[1], (APP_DRILL_DEPTH - 1) * sizeof a->drill.at[0]);
		a->drill.n--;
	}
	d = &a->drill.at[a->drill.n++];
	d->query = xstrdup(a->q.query ? a->q.query : "*");
	d->from = a->q.from;
	d->to = a->q.to;
	d->range_s = a->q.range_s;
	d->sel = a->res.pos.sel;
}

/* Enter on the SQL table's selected row. */
void
app_drill_open(struct app *a)
{
	struct cl_drill_key k[APP_DRILL_KEYS];
	const struct cl_logs *pg;
	const struct cl_row *r = app_rows_get(&a->res.rows, a->res.pos.sel, &pg);
	const char *q = a->q.query ? a->q.query : "*", *pipe = cl_query_pipe(q);
	size_t n = r ? cl_drill_keys(q, k, APP_DRILL_KEYS) : 0, i;
	int64_t from = a->q.from, to = a->q.to;
	struct sb b;
	int rc = 0, conds = 0, conds_f = 0;

	if (r == NULL)
		return;
	if (n == 0) {
		app_statusf(a, 1, "nothing to drill into: the statement has no GROUP BY on fields "
				  "or time buckets");
		return;
	}
	sb_init(&b, 0);
	rc |= sb_addf(&b, "%.*s", (int)(pipe - q), q);
	while (b.len && (b.p[b.len - 1] == ' ' || b.p[b.len - 1] == '\t'))
		b.p[--b.len] = '\0';
	if (b.len == 0 || strcmp(b.p, "*") == 0) { /* "* and a" is just "a" */
		sb_reset(&b);
		rc |= sb_adds(&b, "*");
	}
	for (i = 0; i < n; i++) {
		size_t vn = 0;
		const char *v = cl_row_get(pg, r, k[i].column, &vn);

		if (k[i].kind == CL_DRILL_FIELD) {
			if (conds_f == 0 && strcmp(b.p, "*") == 0 && v && !(vn == 4 && !memcmp(v, "null", 4)))
				sb_reset(&b);
			rc |= app_drill_cond(&b, k[i].field, v, vn, b.len == 0);
			conds++;
			conds_f++;
		} else if (v && cl_drill_time(v, k[i].trunc, from, to, k[i].span) >= 0) {
			int64_t t = cl_drill_time(v, k[i].trunc, from, to, k[i].span);

			from = t > from ? t : from;
			to = t + k[i].span < to ? t + k[i].span : to;
			conds++;
		}
	}
	if (rc != 0 || conds == 0 || from >= to) {
		sb_free(&b);
		app_statusf(a, 1, "nothing to drill into in this row");
		return;
	}
	app_drill_push(a);
	free(a->q.query);
	a->q.query = b.p;
	qedit_set_text(a->q.query);
	a->q.range_s = 0;
	a->q.nzoom = 0;
	a->q.from = from;
	a->q.to = to;
	app_query_run(a);
	app_statusf(a, 0, "the logs of that row (Esc: back to the table)");
}

/* Esc in the results after a drill: the statement again. 1 when it was. */
int
app_drill_back(struct app *a)
{
	struct app_drill_at *d;

	if (a->drill.n == 0)
		return 0;
	d = &a->drill.at[--a->drill.n];
	free(a->q.query);
	a->q.query = d->query;
	d->query = NULL;
	qedit_set_text(a->q.query);
	a->q.range_s = d->range_s;
	a->q.nzoom = 0;
	a->q.from = d->from;
	a->q.to = d->to;
	app_query_run(a);
	a->res.pos.sel = d->sel; /* kept in range as the rows come */
	return 1;
}

void
app_drill_free(struct app *a)
{
	while (a->drill.n > 0)
		free(a->drill.at[--a->drill.n].query);
}
