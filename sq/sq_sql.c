/*
 * sq_sql — the analytic statement (spec §8.2): SLS SQL run by SQLite.
 *
 * Each query gets a private in-memory SQLite connection. The logstore is a
 * virtual table ("log", or the logstore names for GetProjectLogs; see
 * sq_vtab.c) over the engine's rows that matched the search.
 *
 * The SLS text is rewritten a little before SQLite sees it: FROM log is
 * added when missing, LIMIT 100 when there is none (reported as limited),
 * CAST/TRY_CAST become strict sq_cast calls. An authorizer allows reads
 * and functions only. Values come back as JSON strings, NULL as "null";
 * time_series buckets are gap-filled over the request's range.
 */
#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sqlite3.h>

#include "base/clk.h"
#include "base/sb.h"
#include "base/xalloc.h"
#include "sq/sq_fn.h"
#include "sq/sq_int.h"

#define SQ_DEFAULT_LIMIT 100
#ifdef FUZZING
#define SQ_SQL_TIMEOUT_MS 500 /* a runaway recursive query must not stall the fuzzer */
#else
/* A query holds the engine's read lock, which stalls ingest (and the
 * demo's live stream) behind it: keep runaway statements short. */
#define SQ_SQL_TIMEOUT_MS 15000
#endif
#define SQ_MAX_REPLY_SQL ((size_t)1 << 30)

/* ---- the SQL text ------------------------------------------------------- */

struct sq_lex {
	const char *s;
	size_t n, i;
};

/* Advance over one lexical item; returns its kind: 'w' word, 's' string,
 * 'q' quoted identifier, 'c' comment, or the character itself. */
static int
sq_sql_lex_next(struct sq_lex *x, size_t *st, size_t *en)
{
	const char *s = x->s;

	*st = x->i;
	if (x->i >= x->n)
		return 0;
	if (s[x->i] == '\'' || s[x->i] == '"') {
		char q = s[x->i++];

		while (x->i < x->n) {
			if (s[x->i] == q && x->i + 1 < x->n && s[x->i + 1] == q)
				x->i += 2;
			else if (s[x->i++] == q)
				break;
		}
		*en = x->i;
		return q == '\'' ? 's' : 'q';
	}
	if (s[x->i] == '-' && x->i + 1 < x->n && s[x->i + 1] == '-') {
		while (x->i < x->n && s[x->i] != '\n')
			x->i++;
		*en = x->i;
		return 'c';
	}
	if (s[x->i] == '/' && x->i + 1 < x->n && s[x->i + 1] == '*') {
		x->i += 2;
		while (x->i + 1 < x->n && !(s[x->i] == '*' && s[x->i + 1] == '/'))
			x->i++;
		x->i = x->i + 2 <= x->n ? x->i + 2 : x->n;
		*en = x->i;
		return 'c';
	}
	if (isalpha((unsigned char)s[x->i]) || s[x->i] == '_') {
		while (x->i < x->n && (isalnum((unsigned char)s[x->i]) || s[x->i] == '_'))
			x->i++;
		*en = x->i;
		return 'w';
	}
	*en = ++x->i;
	return (unsigned char)s[*st];
}

static int
sq_sql_is_kw(const char *s, size_t st, size_t en, const char *kw)
{
	return en - st == strlen(kw) && strncasecmp(s + st, kw, en - st) == 0;
}

struct sq_shape {
	int has_from, has_limit;
	size_t from_at;        /* where to insert FROM log */
	size_t sel_start, sel_end; /* the top-level select list */
};

static void
sq_sql_shape(const char *s, size_t n, struct sq_shape *sh)
{
	struct sq_lex x = { s, n, 0 };
	size_t st, en;
	int k, depth = 0, seen_select = 0;

	memset(sh, 0, sizeof *sh);
	sh->from_at = n;
	sh->sel_end = n;
	while ((k = sq_sql_lex_next(&x, &st, &en)) != 0) {
		if (k == '(')
			depth++;
		else if (k == ')')
			depth--;
		if (k != 'w' || depth != 0)
			continue;
		if (!seen_select && sq_sql_is_kw(s, st, en, "select")) {
			seen_select = 1;
			sh->sel_start = en;
			continue;
		}
		if (sq_sql_is_kw(s, st, en, "from") && seen_select == 1) {
			sh->has_from = 1;
			sh->sel_end = st;
			seen_select = 2;
		} else if (sq_sql_is_kw(s, st, en, "limit")) {
			sh->has_limit = 1;
		}
		if (seen_select == 1 && (sq_sql_is_kw(s, st, en, "where") || sq_sql_is_kw(s, st, en,
		    "group") || sq_sql_is_kw(s, st, en, "having") || sq_sql_is_kw(s, st, en, "order") ||
		    sq_sql_is_kw(s, st, en, "limit") || sq_sql_is_kw(s, st, en, "union") ||
		    sq_sql_is_kw(s, st, en, "except") || sq_sql_is_kw(s, st, en, "intersect") ||
		    sq_sql_is_kw(s, st, en, "window"))) {
			sh->from_at = st;
			sh->sel_end = st;
			seen_select = 2;
		}
	}
}

/* Index of the matching ')' for the '(' at open, or n. */
static size_t
sq_sql_match_paren(const char *s, size_t n, size_t open)
{
	struct sq_lex x = { s, n, open };
	size_t st, en;
	int k, depth = 0;

	while ((k = sq_sql_lex_next(&x, &st, &en)) != 0) {
		if (k == '(')
			depth++;
		else if (k == ')' && --depth == 0)
			return st;
	}
	return n;
}

static int sq_sql_rewrite(const char *s, size_t n, const struct sq_shape *sh, int top,
    struct sb *out, struct sq_err *err);

/* CAST(e AS t) at [open, close]: emit sq_cast(e, 't'[, 1]). */
static int
sq_sql_rewrite_cast(const char *s, size_t open, size_t close, int try_, struct sb *out,
    struct sq_err *err)
{
	struct sq_lex x = { s, close, open + 1 };
	size_t st, en, as_at = 0, as_end = 0;
	int k, depth = 0, rc = 0;
	char type[64];
	size_t tn = 0;

	while ((k = sq_sql_lex_next(&x, &st, &en)) != 0) {
		if (k == '(')
			depth++;
		else if (k == ')')
			depth--;
		else if (k == 'w' && depth == 0 && sq_sql_is_kw(s, st, en, "as")) {
			as_at = st;
			as_end = en;
		}
	}
	if (as_at == 0) {
		sq_err_set(err, "ParameterInvalid", "CAST needs AS type");
		return -1;
	}
	for (size_t i = as_end; i < close && tn + 1 < sizeof type; i++) {
		if (s[i] == '(')
			break;
		if (isalnum((unsigned char)s[i]) || s[i] == '_')
			type[tn++] = s[i];
		else if (!isspace((unsigned char)s[i])) {
			sq_err_set(err, "ParameterInvalid", "unsupported CAST type");
			return -1;
		}
	}
	type[tn] = '\0';
	rc |= sb_adds(out, "sq_cast(");
	if (sq_sql_rewrite(s + open + 1, as_at - open - 1, NULL, 0, out, err) != 0)
		return -1;
	rc |= sb_addf(out, ", '%s'%s)", type, try_ ? ", 1" : "");
	return rc ? -1 : 0;
}

static int
sq_sql_rewrite(const char *s, size_t n, const struct sq_shape *sh, int top, struct sb *out,
    struct sq_err *err)
{
	struct sq_lex x = { s, n, 0 };
	size_t st, en;
	int k, rc = 0, from_done = 0;

	while ((k = sq_sql_lex_next(&x, &st, &en)) != 0) {
		if (top && !sh->has_from && !from_done && st >= sh->from_at) {
			rc |= sb_adds(out, " FROM log ");
			from_done = 1;
		}
		if (k == 'w' && (sq_sql_is_kw(s, st, en, "cast") || sq_sql_is_kw(s, st, en, "try_cast"))) {
			size_t p = en, close;

			while (p < n && isspace((unsigned char)s[p]))
				p++;
			if (p < n && s[p] == '(' && (close = sq_sql_match_paren(s, n, p)) < n) {
				if (sq_sql_rewrite_cast(s, p, close, sq_sql_is_kw(s, st, en, "try_cast"), out,
					err) != 0)
					return -1;
				x.i = close + 1;
				continue;
			}
		}
		if (k == ';') {
			sq_err_set(err, "ParameterInvalid", "one statement only: remove the ';'");
			return -1;
		}
		rc |= sb_add(out, s + st, en - st);
	}
	if (top && !sh->has_from && !from_done)
		rc |= sb_adds(out, " FROM log");
	if (top && !sh->has_limit)
		rc |= sb_addf(out, " LIMIT %d", SQ_DEFAULT_LIMIT);
	if (rc) {
		sq_err_set(err, "ParameterInvalid", "query too long");
		return -1;
	}
	return 0;
}

/* Column index of the time_series(...) item in the select list, or -1. */
static int
sq_sql_ts_column(const char *s, const struct sq_shape *sh)
{
	struct sq_lex x = { s, sh->sel_end, sh->sel_start };
	size_t st, en;
	int k, depth = 0, col = 0;

	while ((k = sq_sql_lex_next(&x, &st, &en)) != 0) {
		if (k == '(')
			depth++;
		else if (k == ')')
			depth--;
		else if (k == ',' && depth == 0)
			col++;
		else if (k == 'w' && sq_sql_is_kw(s, st, en, "time_series"))
			return col;
	}
	return -1;
}

/* ---- running and output -------------------------------------------------- */

static int
sq_sql_auth(void *ctx, int action, const char *a, const char *b, const char *c, const char *d)
{
	(void)ctx;
	(void)a;
	(void)b;
	(void)c;
	(void)d;
	switch (action) {
	case SQLITE_SELECT:
	case SQLITE_READ:
	case SQLITE_FUNCTION:
	case SQLITE_RECURSIVE:
		return SQLITE_OK;
	default:
		return SQLITE_DENY;
	}
}

static int
sq_sql_progress(void *ctx)
{
	const struct sq_run *run = ctx;

	return clk_mono_ms() > run->deadline;
}

static int
sq_sql_fmt_double(struct sb *out, double v)
{
	char buf[64];

	if (isnan(v))
		return sb_adds(out, "\"NaN\"");
	if (isinf(v))
		return sb_adds(out, v > 0 ? "\"Infinity\"" : "\"-Infinity\"");
	if (v == floor(v) && fabs(v) < 1e15)
		return sb_addf(out, "\"%.0f.0\"", v);
	for (int p = fabs(v) >= 1 ? (int)floor(log10(fabs(v))) + 1 : 1; p <= 17; p++) {
		snprintf(buf, sizeof buf, "%.*g", p, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	if (strpbrk(buf, ".e") == NULL)
		strcat(buf, ".0");
	return sb_addf(out, "\"%s\"", buf);
}

static int
sq_sql_value_json(sqlite3_stmt *st, int i, struct sb *out)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_NULL:
		return sb_adds(out, "\"null\"");
	case SQLITE_INTEGER:
		return sb_addf(out, "\"%lld\"", (long long)sqlite3_column_int64(st, i));
	case SQLITE_FLOAT:
		return sq_sql_fmt_double(out, sqlite3_column_double(st, i));
	default: {
		const char *t = (const char *)sqlite3_column_text(st, i);

		return sq_json_str(out, t ? t : "", (size_t)sqlite3_column_bytes(st, i), 0);
	}
	}
}

/* Result rows as encoded JSON values: vals holds them back to back, off[]
 * the start of each (row-major) plus the end. */
struct sq_rows {
	struct sb vals;
	size_t *off;
	size_t noff, capoff;
	int ncol;
	int64_t nrows;
};

static void
sq_sql_rows_mark(struct sq_rows *rs)
{
	if (rs->noff == rs->capoff) {
		rs->capoff = rs->capoff ? rs->capoff * 2 : 256;
		rs->off = xreallocarray(rs->off, rs->capoff, sizeof *rs->off);
	}
	rs->off[rs->noff++] = rs->vals.len;
}

static const char *
sq_sql_rows_val(const struct sq_rows *rs, int64_t r, int c, size_t *n)
{
	size_t i = (size_t)r * (size_t)rs->ncol + (size_t)c;

	*n = rs->off[i + 1] - rs->off[i];
	return rs->vals.p + rs->off[i];
}

static int
sq_sql_emit_row(struct sb *data, sqlite3_stmt *st, const struct sq_rows *rs, int64_t r,
    const char *const *vals, const size_t *lens)
{
	int rc = sb_addc(data, '{');

	for (int c = 0; c < rs->ncol; c++) {
		const char *name = sqlite3_column_name(st, c);
		size_t n;
		const char *v = vals ? vals[c] : sq_sql_rows_val(rs, r, c, &n);

		if (vals)
			n = lens[c];
		if (c)
			rc |= sb_addc(data, ',');
		rc |= sq_json_str(data, name ? name : "", name ? strlen(name) : 0, 0);
		rc |= sb_addc(data, ':');
		rc |= sb_add(data, v, n);
	}
	return rc | sb_addc(data, '}');
}

/* Emit rows in bucket order, adding padded rows for empty buckets. */
static int
sq_sql_emit_filled(struct sb *data, sqlite3_stmt *st, const struct sq_rows *rs, int tcol,
    const struct sq_fnctx *fc, const struct sq_scope *sc, int64_t *emitted)
{
	int64_t step = fc->ts_step, b0 = (int64_t)floor((double)sc->from / (double)step) * step;
	int64_t nb = (sc->to - b0 + step - 1) / step;
	const char **vals = xcalloc((size_t)rs->ncol, sizeof *vals);
	size_t *lens = xcalloc((size_t)rs->ncol, sizeof *lens);
	struct sb key, pad, fmt;
	int rc = 0;

	sb_init(&key, 4096);
	sb_init(&fmt, 4096);
	sb_init(&pad, 64);
	rc |= sq_json_str(&pad, fc->ts_pad, strlen(fc->ts_pad), 0);
	for (int64_t b = 0; b < nb && b < 100000 && rc == 0; b++) {
		int found = 0;

		sb_reset(&key);
		sb_reset(&fmt);
		rc |= sq_fn_time_format((double)(b0 + b * step), fc->ts_fmt, &fmt) != 0;
		rc |= sq_json_str(&key, sb_str(&fmt), fmt.len, 0);
		for (int64_t r = 0; r < rs->nrows; r++) {
			size_t n;
			const char *v = sq_sql_rows_val(rs, r, tcol, &n);

			if (n == key.len && memcmp(v, key.p, n) == 0) {
				if ((*emitted)++)
					rc |= sb_addc(data, ',');
				rc |= sq_sql_emit_row(data, st, rs, r, NULL, NULL);
				found = 1;
			}
		}
		if (found)
			continue;
		for (int c = 0; c < rs->ncol; c++) {
			vals[c] = c == tcol ? key.p : pad.p;
			lens[c] = c == tcol ? key.len : pad.len;
		}
		if ((*emitted)++)
			rc |= sb_addc(data, ',');
		rc |= sq_sql_emit_row(data, st, rs, -1, vals, lens);
	}
	free(vals);
	free(lens);
	sb_free(&key);
	sb_free(&fmt);
	sb_free(&pad);
	return rc;
}

/* Every row's time_series column is one of the request's buckets? */
static int
sq_sql_fill_ok(const struct sq_rows *rs, int tcol, const struct sq_fnctx *fc,
    const struct sq_scope *sc)
{
	if (tcol < 0 || tcol >= rs->ncol || fc->ts_step <= 0 || sc->to <= sc->from ||
	    (sc->to - sc->from) / fc->ts_step > 100000 ||
	    (strcmp(fc->ts_pad, "0") != 0 && strcasecmp(fc->ts_pad, "null") != 0))
		return 0;
	return 1;
}

static int
sq_sql_collect(sqlite3 *db, sqlite3_stmt *st, struct sq_rows *rs, struct sq_err *err)
{
	int rc;

	rs->ncol = sqlite3_column_count(st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int c = 0; c < rs->ncol; c++) {
			sq_sql_rows_mark(rs);
			if (sq_sql_value_json(st, c, &rs->vals) != 0) {
				sq_err_set(err, "ParameterInvalid",
				    "the result is too large; add a LIMIT");
				return -1;
			}
		}
		rs->nrows++;
	}
	sq_sql_rows_mark(rs);
	if (rc != SQLITE_DONE) {
		sq_err_set(err, "ParameterInvalid", "%s", rc == SQLITE_INTERRUPT ?
		    "the query took too long and was stopped" : sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

static int
sq_sql_output(sqlite3_stmt *st, const struct sq_rows *rs, const struct sq_shape *sh,
    const char *sql, const struct sq_fnctx *fc, const struct sq_scope *sc,
    struct sq_sqlout *out)
{
	int rc = 0, tcol = fc->ts_seen ? sq_sql_ts_column(sql, sh) : -1;
	int64_t emitted = 0;

	for (int c = 0; c < rs->ncol; c++) {
		const char *name = sqlite3_column_name(st, c);
		size_t n;
		const char *v = rs->nrows ? sq_sql_rows_val(rs, 0, c, &n) : NULL;
		int num = v && n > 2 && (isdigit((unsigned char)v[1]) || v[1] == '-');

		if (c) {
			rc |= sb_addc(out->keys, ',');
			rc |= sb_addc(out->types, ',');
		}
		rc |= sq_json_str(out->keys, name ? name : "", name ? strlen(name) : 0, 0);
		rc |= sb_adds(out->types, !num ? "\"varchar\"" :
		    memchr(v, '.', n) ? "\"double\"" : "\"bigint\"");
	}
	if (fc->ts_seen && sq_sql_fill_ok(rs, tcol, fc, sc)) {
		rc |= sq_sql_emit_filled(out->data, st, rs, tcol, fc, sc, &emitted);
	} else {
		for (int64_t r = 0; r < rs->nrows; r++) {
			if (r)
				rc |= sb_addc(out->data, ',');
			rc |= sq_sql_emit_row(out->data, st, rs, r, NULL, NULL);
		}
		emitted = rs->nrows;
	}
	out->rows = emitted;
	return rc;
}

int
sq_sql_run(const struct sq_scope *sc, const char *const *names, size_t n, const char *sql,
    struct sq_sqlout *out, struct sq_err *err)
{
	struct sq_run run = { sc, n, 0, clk_mono_ms() + SQ_SQL_TIMEOUT_MS };
	struct sq_fnctx fc = { 0 };
	struct sq_shape sh;
	struct sq_rows rs = { 0 };
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	const char *tail = NULL;
	struct sb text;
	int rc = -1;

	sb_init(&text, 1 << 20);
	sq_sql_shape(sql, strlen(sql), &sh);
	if (sq_sql_rewrite(sql, strlen(sql), &sh, 1, &text, err) != 0)
		goto out;
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		sq_err_set(err, "InternalServerError", "cannot open a query connection");
		goto out;
	}
	sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, NULL);
	sqlite3_exec(db, "PRAGMA case_sensitive_like=1", NULL, NULL, NULL);
	if (sq_vtab_module(db, &run) != 0 || sq_fn_register(db, &fc) != 0) {
		sq_err_set(err, "InternalServerError", "cannot set up the query connection");
		goto out;
	}
	if (sq_vtab_tables(db, names, n, err) != 0)
		goto out;
	sqlite3_set_authorizer(db, sq_sql_auth, NULL);
	sqlite3_progress_handler(db, 10000, sq_sql_progress, &run);
	if (sqlite3_prepare_v2(db, sb_str(&text), (int)text.len, &st, &tail) != SQLITE_OK) {
		sq_err_set(err, "ParameterInvalid", "%s", sqlite3_errmsg(db));
		goto out;
	}
	if (st == NULL || !sqlite3_stmt_readonly(st)) {
		sq_err_set(err, "ParameterInvalid", "only SELECT statements are allowed");
		goto out;
	}
	sb_init(&rs.vals, SQ_MAX_REPLY_SQL);
	if (sq_sql_collect(db, st, &rs, err) != 0)
		goto out;
	if (sq_sql_output(st, &rs, &sh, sql, &fc, sc, out) != 0) {
		sq_err_set(err, "ParameterInvalid", "the result is too large; add a LIMIT");
		goto out;
	}
	out->processed = run.processed;
	out->limited = sh.has_limit ? 0 : SQ_DEFAULT_LIMIT;
	rc = 0;
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	sb_free(&text);
	sb_free(&rs.vals);
	free(rs.off);
	return rc;
}

size_t
sq_sql_names(const char *sql, char ***out)
{
	struct sq_lex x = { sql, strlen(sql), 0 };
	struct sq_dict seen = { 0 }; /* one probe per name: linear in the SQL */
	size_t st, en, n = 0;
	char **v = NULL;
	int k;

	while ((k = sq_sql_lex_next(&x, &st, &en)) != 0) {
		char *name;

		if (k == 'w')
			name = xstrndup(sql + st, en - st);
		else if (k == 'q' && en - st >= 2) {
			struct sb b;
			int rc = 0;

			sb_init(&b, 4096);
			for (size_t i = st + 1; i + 1 < en; i++) {
				rc |= sb_addc(&b, sql[i]);
				if (sql[i] == '"')
					i++;
			}
			if (rc) {
				sb_free(&b);
				continue;
			}
			name = sb_take(&b, NULL);
		} else {
			continue;
		}
		if (name == NULL || sq_model_dict_find(&seen, name, strlen(name)) != UINT32_MAX) {
			free(name);
			continue;
		}
		(void)sq_model_dict_add(&seen, name, strlen(name));
		v = xreallocarray(v, n + 1, sizeof *v);
		v[n++] = name;
	}
	sq_model_dict_free(&seen);
	*out = v;
	return n;
}

int
sq_sql_time_bounded(const char *sql)
{
	struct sq_lex x = { sql, strlen(sql), 0 };
	size_t st, en;
	int k, where = 0;

	while ((k = sq_sql_lex_next(&x, &st, &en)) != 0) {
		const char *w = sql + st;
		size_t n = en - st;

		if (k == 'q' && n >= 2) { /* "__time__" */
			w++;
			n -= 2;
		} else if (k != 'w') {
			continue;
		}
		if (k == 'w' && n == 5 && strncasecmp(w, "where", 5) == 0)
			where = 1;
		else if (where && n == 8 && (memcmp(w, "__time__", 8) == 0 ||
		    memcmp(w, "__date__", 8) == 0))
			return 1;
	}
	return 0;
}
