/*
 * sq_sql — the analytic statement (spec §8.2): SLS SQL run by SQLite.
 *
 * Each query gets a private in-memory SQLite connection. The logstore is a
 * virtual table ("log", or the logstore names for GetProjectLogs) whose
 * rows are the engine's rows that matched the search, in time order, and
 * whose columns are the reserved fields, the __tag__ fields and the
 * index's keys (typed long -> INTEGER, double -> REAL). Constraints on
 * __time__ and __date__ narrow the time range before any row is read.
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

enum { C_TEXT, C_INT, C_REAL, C_TIME, C_NS, C_DATE };

struct sq_vt {
	sqlite3_vtab base;
	const struct sq_scope *sc;
	uint32_t *kid;
	int *ctype;
	int ncol;
	int64_t *processed;
};

struct sq_vc {
	sqlite3_vtab_cursor base;
	struct sq_vt *vt;
	uint32_t k, lo, hi;   /* position k in [0, hi - lo) */
	int rev;
	uint32_t r;
	int eof;
};

struct sq_run {
	const struct sq_scope *sc;
	size_t n;
	int64_t processed;
	int64_t deadline;
};

/* ---- the virtual table -------------------------------------------------- */

static int
sq_ident(struct sb *b, const char *s, size_t n)
{
	int rc = sb_addc(b, '"');

	for (size_t i = 0; i < n; i++)
		rc |= s[i] == '"' ? sb_add(b, "\"\"", 2) : sb_addc(b, s[i]);
	return rc | sb_addc(b, '"');
}

static void
sq_vt_col(struct sq_vt *vt, struct sb *schema, uint32_t kid, int ctype, const char *name,
    size_t n, const char *decl)
{
	int rc = 0;

	if (vt->ncol >= 1900)
		return;
	if (vt->ncol)
		rc |= sb_adds(schema, ", ");
	rc |= sq_ident(schema, name, n);
	rc |= sb_addc(schema, ' ');
	rc |= sb_adds(schema, decl);
	(void)rc;
	vt->kid[vt->ncol] = kid;
	vt->ctype[vt->ncol++] = ctype;
}

static int
sq_vt_connect(sqlite3 *db, void *aux, int argc, const char *const *argv, sqlite3_vtab **out,
    char **errp)
{
	struct sq_run *run = aux;
	struct sq_vt *vt;
	struct sq_ls *ls;
	struct sb schema;
	long idx = argc > 3 ? strtol(argv[3], NULL, 10) : -1;
	int rc;

	if (idx < 0 || (size_t)idx >= run->n) {
		*errp = sqlite3_mprintf("bad table");
		return SQLITE_ERROR;
	}
	ls = run->sc[idx].ls;
	vt = xcalloc(1, sizeof *vt);
	vt->sc = &run->sc[idx];
	vt->processed = &run->processed;
	vt->kid = xcalloc((size_t)ls->keys.n + 8, sizeof *vt->kid);
	vt->ctype = xcalloc((size_t)ls->keys.n + 8, sizeof *vt->ctype);
	sb_init(&schema, 1 << 22);
	if (sb_adds(&schema, "CREATE TABLE x(") != 0)
		abort();
	sq_vt_col(vt, &schema, ls->k_time, C_TIME, "__time__", 8, "INTEGER");
	sq_vt_col(vt, &schema, ls->k_ns, C_NS, "__time_ns_part__", 16, "INTEGER");
	sq_vt_col(vt, &schema, ls->k_topic, C_TEXT, "__topic__", 9, "TEXT");
	sq_vt_col(vt, &schema, ls->k_source, C_TEXT, "__source__", 10, "TEXT");
	sq_vt_col(vt, &schema, 0, C_DATE, "__date__", 8, "TEXT HIDDEN");
	for (uint32_t k = 0; k < ls->keys.n; k++)
		if (ls->keys.len[k] > 8 && memcmp(ls->keys.s[k], "__tag__:", 8) == 0)
			sq_vt_col(vt, &schema, k, C_TEXT, ls->keys.s[k], ls->keys.len[k], "TEXT");
	for (size_t i = 0; ls->ix && i < ls->ix->nkeys; i++) {
		const struct sq_keycfg *kc = &ls->ix->keys[i];

		if (strncmp(kc->name, "__", 2) == 0)
			continue;
		sq_vt_col(vt, &schema, kc->kid, kc->type == SQ_LONG ? C_INT :
		    kc->type == SQ_DOUBLE ? C_REAL : C_TEXT, kc->name, strlen(kc->name),
		    kc->type == SQ_LONG ? "INTEGER" : kc->type == SQ_DOUBLE ? "REAL" : "TEXT");
	}
	if (sb_addc(&schema, ')') != 0)
		abort();
	rc = sqlite3_declare_vtab(db, sb_str(&schema));
	sb_free(&schema);
	if (rc != SQLITE_OK) {
		*errp = sqlite3_mprintf("%s", sqlite3_errmsg(db));
		free(vt->kid);
		free(vt->ctype);
		free(vt);
		return rc;
	}
	*out = &vt->base;
	return SQLITE_OK;
}

static int
sq_vt_disconnect(sqlite3_vtab *v)
{
	struct sq_vt *vt = (struct sq_vt *)v;

	free(vt->kid);
	free(vt->ctype);
	free(vt);
	return SQLITE_OK;
}

static int
sq_vt_best(sqlite3_vtab *v, sqlite3_index_info *ii)
{
	struct sq_vt *vt = (struct sq_vt *)v;
	char plan[64];
	int n = 0;

	for (int i = 0; i < ii->nConstraint && n < 30; i++) {
		const struct sqlite3_index_constraint *c = &ii->aConstraint[i];
		int col = c->iColumn;
		char op;

		if (!c->usable || col < 0 || col >= vt->ncol ||
		    (vt->ctype[col] != C_TIME && vt->ctype[col] != C_DATE))
			continue;
		switch (c->op) {
		case SQLITE_INDEX_CONSTRAINT_EQ: op = '='; break;
		case SQLITE_INDEX_CONSTRAINT_GT: op = '>'; break;
		case SQLITE_INDEX_CONSTRAINT_GE: op = 'g'; break;
		case SQLITE_INDEX_CONSTRAINT_LT: op = '<'; break;
		case SQLITE_INDEX_CONSTRAINT_LE: op = 'l'; break;
		default: continue;
		}
		plan[2 * n] = vt->ctype[col] == C_TIME ? 't' : 'd';
		plan[2 * n + 1] = op;
		ii->aConstraintUsage[i].argvIndex = ++n;
		ii->aConstraintUsage[i].omit = 0;
	}
	plan[2 * n] = '\0';
	ii->idxStr = sqlite3_mprintf("%s", plan);
	ii->needToFreeIdxStr = 1;
	ii->estimatedCost = n ? 1000.0 : 1000000.0;
	ii->idxNum = 0;
	if (ii->nOrderBy == 1 && ii->aOrderBy[0].iColumn >= 0 &&
	    ii->aOrderBy[0].iColumn < vt->ncol && vt->ctype[ii->aOrderBy[0].iColumn] == C_TIME) {
		ii->orderByConsumed = 1;
		ii->idxNum = ii->aOrderBy[0].desc ? 1 : 0;
	}
	return SQLITE_OK;
}

static int
sq_vt_open(sqlite3_vtab *v, sqlite3_vtab_cursor **out)
{
	struct sq_vc *c = xcalloc(1, sizeof *c);

	c->vt = (struct sq_vt *)v;
	*out = &c->base;
	return SQLITE_OK;
}

static int
sq_vt_close(sqlite3_vtab_cursor *cur)
{
	free(cur);
	return SQLITE_OK;
}

static int
sq_vc_ok(const struct sq_vc *c, uint32_t r)
{
	const struct sq_scope *sc = c->vt->sc;

	if (sc->bm != NULL && !(sc->bm[r >> 6] >> (r & 63) & 1))
		return 0;
	return sc->topic == UINT32_MAX || sc->ls->groups[sc->ls->rows[r].group].topic == sc->topic;
}

static void
sq_vc_seek(struct sq_vc *c)
{
	const struct sq_ls *ls = c->vt->sc->ls;

	for (; c->lo + c->k < c->hi; c->k++) {
		uint32_t r = ls->order[c->rev ? c->hi - 1 - c->k : c->lo + c->k];

		if (sq_vc_ok(c, r)) {
			c->r = r;
			(*c->vt->processed)++;
			return;
		}
	}
	c->eof = 1;
}

static void
sq_vc_narrow(struct sq_vc *c, char col, char op, sqlite3_value *v)
{
	const struct sq_ls *ls = c->vt->sc->ls;
	double x;

	if (col == 't') {
		if (sqlite3_value_numeric_type(v) != SQLITE_INTEGER &&
		    sqlite3_value_numeric_type(v) != SQLITE_FLOAT)
			return;
		x = sqlite3_value_double(v);
	} else {
		const char *s = (const char *)sqlite3_value_text(v);

		if (s == NULL || sq_ts_parse_text(s, &x) != 0)
			return;
	}
	if (!(fabs(x) < 1e15))
		return;
	uint32_t lo = c->lo, hi = c->hi, a, b;

	switch (op) {
	case '>': a = sq_order_lower(ls, (int64_t)floor(x) + 1); lo = a > lo ? a : lo; break;
	case 'g': a = sq_order_lower(ls, (int64_t)ceil(x)); lo = a > lo ? a : lo; break;
	case '<': b = sq_order_lower(ls, (int64_t)ceil(x)); hi = b < hi ? b : hi; break;
	case 'l': b = sq_order_lower(ls, (int64_t)floor(x) + 1); hi = b < hi ? b : hi; break;
	case '=':
		if (x != floor(x)) {
			hi = lo;
			break;
		}
		a = sq_order_lower(ls, (int64_t)x);
		b = sq_order_lower(ls, (int64_t)x + 1);
		lo = a > lo ? a : lo;
		hi = b < hi ? b : hi;
		break;
	default: break;
	}
	c->lo = lo;
	c->hi = hi < lo ? lo : hi;
}

static int
sq_vt_filter(sqlite3_vtab_cursor *cur, int idxNum, const char *idxStr, int argc,
    sqlite3_value **argv)
{
	struct sq_vc *c = (struct sq_vc *)cur;

	c->lo = c->vt->sc->lo;
	c->hi = c->vt->sc->hi;
	c->rev = idxNum & 1;
	c->k = 0;
	c->eof = 0;
	for (int i = 0; idxStr && i < argc && idxStr[2 * i]; i++)
		sq_vc_narrow(c, idxStr[2 * i], idxStr[2 * i + 1], argv[i]);
	sq_vc_seek(c);
	return SQLITE_OK;
}

static int
sq_vt_next(sqlite3_vtab_cursor *cur)
{
	struct sq_vc *c = (struct sq_vc *)cur;

	c->k++;
	sq_vc_seek(c);
	return SQLITE_OK;
}

static int
sq_vt_eof(sqlite3_vtab_cursor *cur)
{
	return ((struct sq_vc *)cur)->eof;
}

static int
sq_vt_column(sqlite3_vtab_cursor *cur, sqlite3_context *cx, int col)
{
	struct sq_vc *c = (struct sq_vc *)cur;
	const struct sq_ls *ls = c->vt->sc->ls;
	const struct sq_row *row = &ls->rows[c->r];
	const char *v;
	size_t n;
	char buf[64];

	switch (c->vt->ctype[col]) {
	case C_TIME:
		sqlite3_result_int64(cx, row->time);
		return SQLITE_OK;
	case C_NS:
		sqlite3_result_int64(cx, row->ns);
		return SQLITE_OK;
	case C_DATE:
		sq_ts_format((double)row->time, buf, sizeof buf);
		sqlite3_result_text(cx, buf, 19, SQLITE_TRANSIENT);
		return SQLITE_OK;
	default:
		break;
	}
	if (!sq_row_get(ls, c->r, c->vt->kid[col], &v, &n)) {
		if (c->vt->kid[col] == ls->k_topic || c->vt->kid[col] == ls->k_source)
			sqlite3_result_text(cx, "", 0, SQLITE_STATIC);
		return SQLITE_OK;
	}
	if (c->vt->ctype[col] == C_INT || c->vt->ctype[col] == C_REAL) {
		char *end;

		if (n == 0 || n >= sizeof buf)
			return SQLITE_OK;
		memcpy(buf, v, n);
		buf[n] = '\0';
		if (c->vt->ctype[col] == C_INT) {
			long long x = strtoll(buf, &end, 10);

			if (*end == '\0' && end != buf)
				sqlite3_result_int64(cx, x);
			else {
				double d = strtod(buf, &end);

				if (*end == '\0' && end != buf)
					sqlite3_result_double(cx, d);
			}
		} else {
			double d = strtod(buf, &end);

			if (*end == '\0' && end != buf)
				sqlite3_result_double(cx, d);
		}
		return SQLITE_OK;
	}
	sqlite3_result_text(cx, v, (int)n, SQLITE_STATIC);
	return SQLITE_OK;
}

static int
sq_vt_rowid(sqlite3_vtab_cursor *cur, sqlite_int64 *id)
{
	*id = ((struct sq_vc *)cur)->r;
	return SQLITE_OK;
}

static const sqlite3_module sq_module = {
	.iVersion = 0,
	.xCreate = sq_vt_connect,
	.xConnect = sq_vt_connect,
	.xBestIndex = sq_vt_best,
	.xDisconnect = sq_vt_disconnect,
	.xDestroy = sq_vt_disconnect,
	.xOpen = sq_vt_open,
	.xClose = sq_vt_close,
	.xFilter = sq_vt_filter,
	.xNext = sq_vt_next,
	.xEof = sq_vt_eof,
	.xColumn = sq_vt_column,
	.xRowid = sq_vt_rowid,
};

/* ---- the SQL text ------------------------------------------------------- */

struct sq_lex {
	const char *s;
	size_t n, i;
};

/* Advance over one lexical item; returns its kind: 'w' word, 's' string,
 * 'q' quoted identifier, 'c' comment, or the character itself. */
static int
sq_lex_next(struct sq_lex *x, size_t *st, size_t *en)
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
sq_is_kw(const char *s, size_t st, size_t en, const char *kw)
{
	return en - st == strlen(kw) && strncasecmp(s + st, kw, en - st) == 0;
}

struct sq_shape {
	int has_from, has_limit;
	size_t from_at;        /* where to insert FROM log */
	size_t sel_start, sel_end; /* the top-level select list */
};

static void
sq_shape(const char *s, size_t n, struct sq_shape *sh)
{
	struct sq_lex x = { s, n, 0 };
	size_t st, en;
	int k, depth = 0, seen_select = 0;

	memset(sh, 0, sizeof *sh);
	sh->from_at = n;
	sh->sel_end = n;
	while ((k = sq_lex_next(&x, &st, &en)) != 0) {
		if (k == '(')
			depth++;
		else if (k == ')')
			depth--;
		if (k != 'w' || depth != 0)
			continue;
		if (!seen_select && sq_is_kw(s, st, en, "select")) {
			seen_select = 1;
			sh->sel_start = en;
			continue;
		}
		if (sq_is_kw(s, st, en, "from") && seen_select == 1) {
			sh->has_from = 1;
			sh->sel_end = st;
			seen_select = 2;
		} else if (sq_is_kw(s, st, en, "limit")) {
			sh->has_limit = 1;
		}
		if (seen_select == 1 && (sq_is_kw(s, st, en, "where") || sq_is_kw(s, st, en, "group") ||
		    sq_is_kw(s, st, en, "having") || sq_is_kw(s, st, en, "order") ||
		    sq_is_kw(s, st, en, "limit") || sq_is_kw(s, st, en, "union") ||
		    sq_is_kw(s, st, en, "except") || sq_is_kw(s, st, en, "intersect") ||
		    sq_is_kw(s, st, en, "window"))) {
			sh->from_at = st;
			sh->sel_end = st;
			seen_select = 2;
		}
	}
}

/* Index of the matching ')' for the '(' at open, or n. */
static size_t
sq_match_paren(const char *s, size_t n, size_t open)
{
	struct sq_lex x = { s, n, open };
	size_t st, en;
	int k, depth = 0;

	while ((k = sq_lex_next(&x, &st, &en)) != 0) {
		if (k == '(')
			depth++;
		else if (k == ')' && --depth == 0)
			return st;
	}
	return n;
}

static int sq_rewrite(const char *s, size_t n, const struct sq_shape *sh, int top, struct sb *out,
    struct sq_err *err);

/* CAST(e AS t) at [open, close]: emit sq_cast(e, 't'[, 1]). */
static int
sq_rewrite_cast(const char *s, size_t open, size_t close, int try_, struct sb *out,
    struct sq_err *err)
{
	struct sq_lex x = { s, close, open + 1 };
	size_t st, en, as_at = 0, as_end = 0;
	int k, depth = 0, rc = 0;
	char type[64];
	size_t tn = 0;

	while ((k = sq_lex_next(&x, &st, &en)) != 0) {
		if (k == '(')
			depth++;
		else if (k == ')')
			depth--;
		else if (k == 'w' && depth == 0 && sq_is_kw(s, st, en, "as")) {
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
	if (sq_rewrite(s + open + 1, as_at - open - 1, NULL, 0, out, err) != 0)
		return -1;
	rc |= sb_addf(out, ", '%s'%s)", type, try_ ? ", 1" : "");
	return rc ? -1 : 0;
}

static int
sq_rewrite(const char *s, size_t n, const struct sq_shape *sh, int top, struct sb *out,
    struct sq_err *err)
{
	struct sq_lex x = { s, n, 0 };
	size_t st, en;
	int k, rc = 0, from_done = 0;

	while ((k = sq_lex_next(&x, &st, &en)) != 0) {
		if (top && !sh->has_from && !from_done && st >= sh->from_at) {
			rc |= sb_adds(out, " FROM log ");
			from_done = 1;
		}
		if (k == 'w' && (sq_is_kw(s, st, en, "cast") || sq_is_kw(s, st, en, "try_cast"))) {
			size_t p = en, close;

			while (p < n && isspace((unsigned char)s[p]))
				p++;
			if (p < n && s[p] == '(' && (close = sq_match_paren(s, n, p)) < n) {
				if (sq_rewrite_cast(s, p, close, sq_is_kw(s, st, en, "try_cast"), out,
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
sq_ts_column(const char *s, const struct sq_shape *sh)
{
	struct sq_lex x = { s, sh->sel_end, sh->sel_start };
	size_t st, en;
	int k, depth = 0, col = 0;

	while ((k = sq_lex_next(&x, &st, &en)) != 0) {
		if (k == '(')
			depth++;
		else if (k == ')')
			depth--;
		else if (k == ',' && depth == 0)
			col++;
		else if (k == 'w' && sq_is_kw(s, st, en, "time_series"))
			return col;
	}
	return -1;
}

/* ---- running and output -------------------------------------------------- */

static int
sq_auth(void *ctx, int action, const char *a, const char *b, const char *c, const char *d)
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
sq_progress(void *ctx)
{
	const struct sq_run *run = ctx;

	return clk_mono_ms() > run->deadline;
}

static int
sq_fmt_double(struct sb *out, double v)
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
sq_value_json(sqlite3_stmt *st, int i, struct sb *out)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_NULL:
		return sb_adds(out, "\"null\"");
	case SQLITE_INTEGER:
		return sb_addf(out, "\"%lld\"", (long long)sqlite3_column_int64(st, i));
	case SQLITE_FLOAT:
		return sq_fmt_double(out, sqlite3_column_double(st, i));
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
sq_rows_mark(struct sq_rows *rs)
{
	if (rs->noff == rs->capoff) {
		rs->capoff = rs->capoff ? rs->capoff * 2 : 256;
		rs->off = xreallocarray(rs->off, rs->capoff, sizeof *rs->off);
	}
	rs->off[rs->noff++] = rs->vals.len;
}

static const char *
sq_rows_val(const struct sq_rows *rs, int64_t r, int c, size_t *n)
{
	size_t i = (size_t)r * (size_t)rs->ncol + (size_t)c;

	*n = rs->off[i + 1] - rs->off[i];
	return rs->vals.p + rs->off[i];
}

static int
sq_emit_row(struct sb *data, sqlite3_stmt *st, const struct sq_rows *rs, int64_t r,
    const char *const *vals, const size_t *lens)
{
	int rc = sb_addc(data, '{');

	for (int c = 0; c < rs->ncol; c++) {
		const char *name = sqlite3_column_name(st, c);
		size_t n;
		const char *v = vals ? vals[c] : sq_rows_val(rs, r, c, &n);

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
sq_emit_filled(struct sb *data, sqlite3_stmt *st, const struct sq_rows *rs, int tcol,
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
		rc |= sq_date_format((double)(b0 + b * step), fc->ts_fmt, &fmt) != 0;
		rc |= sq_json_str(&key, sb_str(&fmt), fmt.len, 0);
		for (int64_t r = 0; r < rs->nrows; r++) {
			size_t n;
			const char *v = sq_rows_val(rs, r, tcol, &n);

			if (n == key.len && memcmp(v, key.p, n) == 0) {
				if ((*emitted)++)
					rc |= sb_addc(data, ',');
				rc |= sq_emit_row(data, st, rs, r, NULL, NULL);
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
		rc |= sq_emit_row(data, st, rs, -1, vals, lens);
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
sq_fill_ok(const struct sq_rows *rs, int tcol, const struct sq_fnctx *fc,
    const struct sq_scope *sc)
{
	if (tcol < 0 || tcol >= rs->ncol || fc->ts_step <= 0 || sc->to <= sc->from ||
	    (sc->to - sc->from) / fc->ts_step > 100000 ||
	    (strcmp(fc->ts_pad, "0") != 0 && strcasecmp(fc->ts_pad, "null") != 0))
		return 0;
	return 1;
}

static int
sq_collect(sqlite3 *db, sqlite3_stmt *st, struct sq_rows *rs, struct sq_err *err)
{
	int rc;

	rs->ncol = sqlite3_column_count(st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int c = 0; c < rs->ncol; c++) {
			sq_rows_mark(rs);
			if (sq_value_json(st, c, &rs->vals) != 0) {
				sq_err_set(err, "ParameterInvalid",
				    "the result is too large; add a LIMIT");
				return -1;
			}
		}
		rs->nrows++;
	}
	sq_rows_mark(rs);
	if (rc != SQLITE_DONE) {
		sq_err_set(err, "ParameterInvalid", "%s", rc == SQLITE_INTERRUPT ?
		    "the query took too long and was stopped" : sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

static int
sq_output(sqlite3_stmt *st, const struct sq_rows *rs, const struct sq_shape *sh,
    const char *sql, const struct sq_fnctx *fc, const struct sq_scope *sc,
    struct sq_sqlout *out)
{
	int rc = 0, tcol = fc->ts_seen ? sq_ts_column(sql, sh) : -1;
	int64_t emitted = 0;

	for (int c = 0; c < rs->ncol; c++) {
		const char *name = sqlite3_column_name(st, c);
		size_t n;
		const char *v = rs->nrows ? sq_rows_val(rs, 0, c, &n) : NULL;
		int num = v && n > 2 && (isdigit((unsigned char)v[1]) || v[1] == '-');

		if (c) {
			rc |= sb_addc(out->keys, ',');
			rc |= sb_addc(out->types, ',');
		}
		rc |= sq_json_str(out->keys, name ? name : "", name ? strlen(name) : 0, 0);
		rc |= sb_adds(out->types, !num ? "\"varchar\"" :
		    memchr(v, '.', n) ? "\"double\"" : "\"bigint\"");
	}
	if (fc->ts_seen && sq_fill_ok(rs, tcol, fc, sc)) {
		rc |= sq_emit_filled(out->data, st, rs, tcol, fc, sc, &emitted);
	} else {
		for (int64_t r = 0; r < rs->nrows; r++) {
			if (r)
				rc |= sb_addc(out->data, ',');
			rc |= sq_emit_row(out->data, st, rs, r, NULL, NULL);
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
	sq_shape(sql, strlen(sql), &sh);
	if (sq_rewrite(sql, strlen(sql), &sh, 1, &text, err) != 0)
		goto out;
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		sq_err_set(err, "InternalServerError", "cannot open a query connection");
		goto out;
	}
	sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, NULL);
	sqlite3_exec(db, "PRAGMA case_sensitive_like=1", NULL, NULL, NULL);
	if (sqlite3_create_module(db, "sq_log", &sq_module, &run) != SQLITE_OK ||
	    sq_fn_register(db, &fc) != 0) {
		sq_err_set(err, "InternalServerError", "cannot set up the query connection");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct sb ddl;
		int erc;

		sb_init(&ddl, 4096);
		erc = sb_adds(&ddl, "CREATE VIRTUAL TABLE temp.") |
		    sq_ident(&ddl, names[i], strlen(names[i])) | sb_addf(&ddl, " USING sq_log(%zu)", i);
		if (erc || sqlite3_exec(db, sb_str(&ddl), NULL, NULL, NULL) != SQLITE_OK) {
			sq_err_set(err, "InternalServerError", "cannot create table %s: %s", names[i],
			    sqlite3_errmsg(db));
			sb_free(&ddl);
			goto out;
		}
		sb_free(&ddl);
	}
	sqlite3_set_authorizer(db, sq_auth, NULL);
	sqlite3_progress_handler(db, 10000, sq_progress, &run);
	if (sqlite3_prepare_v2(db, sb_str(&text), (int)text.len, &st, &tail) != SQLITE_OK) {
		sq_err_set(err, "ParameterInvalid", "%s", sqlite3_errmsg(db));
		goto out;
	}
	if (st == NULL || !sqlite3_stmt_readonly(st)) {
		sq_err_set(err, "ParameterInvalid", "only SELECT statements are allowed");
		goto out;
	}
	sb_init(&rs.vals, SQ_MAX_REPLY_SQL);
	if (sq_collect(db, st, &rs, err) != 0)
		goto out;
	if (sq_output(st, &rs, &sh, sql, &fc, sc, out) != 0) {
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
	size_t st, en, n = 0;
	char **v = NULL;
	int k;

	while ((k = sq_lex_next(&x, &st, &en)) != 0) {
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
		for (size_t i = 0; i < n && name; i++)
			if (strcmp(v[i], name) == 0) {
				free(name);
				name = NULL;
			}
		if (name == NULL)
			continue;
		v = xreallocarray(v, n + 1, sizeof *v);
		v[n++] = name;
	}
	*out = v;
	return n;
}
