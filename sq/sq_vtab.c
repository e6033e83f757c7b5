/*
 * sq_vtab — the `log` virtual table of an SQL run (sq_sql.c): its rows are
 * the engine's rows that matched the search, in time order; its columns
 * the reserved fields, the __tag__ fields and the index's keys (typed long
 * -> INTEGER, double -> REAL). Constraints on __time__ and __date__ narrow
 * the time range before any row is read.
 */
#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "base/sb.h"
#include "base/xalloc.h"
#include "sq/sq_fn.h"
#include "sq/sq_int.h"

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

/* ---- the virtual table -------------------------------------------------- */

static int
sq_vtab_ident(struct sb *b, const char *s, size_t n)
{
	int rc = sb_addc(b, '"');

	for (size_t i = 0; i < n; i++)
		rc |= s[i] == '"' ? sb_add(b, "\"\"", 2) : sb_addc(b, s[i]);
	return rc | sb_addc(b, '"');
}

static void
sq_vtab_col(struct sq_vt *vt, struct sb *schema, uint32_t kid, int ctype, const char *name,
    size_t n, const char *decl)
{
	int rc = 0;

	if (vt->ncol >= 1900)
		return;
	if (vt->ncol)
		rc |= sb_adds(schema, ", ");
	rc |= sq_vtab_ident(schema, name, n);
	rc |= sb_addc(schema, ' ');
	rc |= sb_adds(schema, decl);
	(void)rc;
	vt->kid[vt->ncol] = kid;
	vt->ctype[vt->ncol++] = ctype;
}

static int
sq_vtab_connect(sqlite3 *db, void *aux, int argc, const char *const *argv, sqlite3_vtab **out,
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
	sq_vtab_col(vt, &schema, ls->k_time, C_TIME, "__time__", 8, "INTEGER");
	sq_vtab_col(vt, &schema, ls->k_ns, C_NS, "__time_ns_part__", 16, "INTEGER");
	sq_vtab_col(vt, &schema, ls->k_topic, C_TEXT, "__topic__", 9, "TEXT");
	sq_vtab_col(vt, &schema, ls->k_source, C_TEXT, "__source__", 10, "TEXT");
	sq_vtab_col(vt, &schema, 0, C_DATE, "__date__", 8, "TEXT HIDDEN");
	for (uint32_t k = 0; k < ls->keys.n; k++)
		if (ls->keys.len[k] > 8 && memcmp(ls->keys.s[k], "__tag__:", 8) == 0)
			sq_vtab_col(vt, &schema, k, C_TEXT, ls->keys.s[k], ls->keys.len[k], "TEXT");
	for (size_t i = 0; ls->ix && i < ls->ix->nkeys; i++) {
		const struct sq_keycfg *kc = &ls->ix->keys[i];

		if (strncmp(kc->name, "__", 2) == 0)
			continue;
		sq_vtab_col(vt, &schema, kc->kid, kc->type == SQ_LONG ? C_INT :
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
sq_vtab_disconnect(sqlite3_vtab *v)
{
	struct sq_vt *vt = (struct sq_vt *)v;

	free(vt->kid);
	free(vt->ctype);
	free(vt);
	return SQLITE_OK;
}

static int
sq_vtab_best(sqlite3_vtab *v, sqlite3_index_info *ii)
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
sq_vtab_open(sqlite3_vtab *v, sqlite3_vtab_cursor **out)
{
	struct sq_vc *c = xcalloc(1, sizeof *c);

	c->vt = (struct sq_vt *)v;
	*out = &c->base;
	return SQLITE_OK;
}

static int
sq_vtab_close(sqlite3_vtab_cursor *cur)
{
	free(cur);
	return SQLITE_OK;
}

static int
sq_vtab_cur_ok(const struct sq_vc *c, uint32_t r)
{
	const struct sq_scope *sc = c->vt->sc;

	if (sc->bm != NULL && !(sc->bm[r >> 6] >> (r & 63) & 1))
		return 0;
	return sc->topic == UINT32_MAX || sc->ls->groups[sc->ls->rows[r].group].topic == sc->topic;
}

static void
sq_vtab_cur_seek(struct sq_vc *c)
{
	const struct sq_ls *ls = c->vt->sc->ls;

	for (; c->lo + c->k < c->hi; c->k++) {
		uint32_t r = ls->order[c->rev ? c->hi - 1 - c->k : c->lo + c->k];

		if (sq_vtab_cur_ok(c, r)) {
			c->r = r;
			(*c->vt->processed)++;
			return;
		}
	}
	c->eof = 1;
}

static void
sq_vtab_cur_narrow(struct sq_vc *c, char col, char op, sqlite3_value *v)
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

		if (s == NULL || sq_fn_time_parse(s, &x) != 0)
			return;
	}
	if (!(fabs(x) < 1e15))
		return;
	uint32_t lo = c->lo, hi = c->hi, a, b;

	switch (op) {
	case '>': a = sq_model_order_lower(ls, (int64_t)floor(x) + 1); lo = a > lo ? a : lo; break;
	case 'g': a = sq_model_order_lower(ls, (int64_t)ceil(x)); lo = a > lo ? a : lo; break;
	case '<': b = sq_model_order_lower(ls, (int64_t)ceil(x)); hi = b < hi ? b : hi; break;
	case 'l': b = sq_model_order_lower(ls, (int64_t)floor(x) + 1); hi = b < hi ? b : hi; break;
	case '=':
		if (x != floor(x)) {
			hi = lo;
			break;
		}
		a = sq_model_order_lower(ls, (int64_t)x);
		b = sq_model_order_lower(ls, (int64_t)x + 1);
		lo = a > lo ? a : lo;
		hi = b < hi ? b : hi;
		break;
	default: break;
	}
	c->lo = lo;
	c->hi = hi < lo ? lo : hi;
}

static int
sq_vtab_filter(sqlite3_vtab_cursor *cur, int idxNum, const char *idxStr, int argc,
    sqlite3_value **argv)
{
	struct sq_vc *c = (struct sq_vc *)cur;

	c->lo = c->vt->sc->lo;
	c->hi = c->vt->sc->hi;
	c->rev = idxNum & 1;
	c->k = 0;
	c->eof = 0;
	for (int i = 0; idxStr && i < argc && idxStr[2 * i]; i++)
		sq_vtab_cur_narrow(c, idxStr[2 * i], idxStr[2 * i + 1], argv[i]);
	sq_vtab_cur_seek(c);
	return SQLITE_OK;
}

static int
sq_vtab_next(sqlite3_vtab_cursor *cur)
{
	struct sq_vc *c = (struct sq_vc *)cur;

	c->k++;
	sq_vtab_cur_seek(c);
	return SQLITE_OK;
}

static int
sq_vtab_eof(sqlite3_vtab_cursor *cur)
{
	return ((struct sq_vc *)cur)->eof;
}

static int
sq_vtab_column(sqlite3_vtab_cursor *cur, sqlite3_context *cx, int col)
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
		sq_fn_time_text((double)row->time, buf, sizeof buf);
		sqlite3_result_text(cx, buf, 19, SQLITE_TRANSIENT);
		return SQLITE_OK;
	default:
		break;
	}
	if (!sq_model_row_get(ls, c->r, c->vt->kid[col], &v, &n)) {
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
sq_vtab_rowid(sqlite3_vtab_cursor *cur, sqlite_int64 *id)
{
	*id = ((struct sq_vc *)cur)->r;
	return SQLITE_OK;
}

static const sqlite3_module sq_vtab_module_def = {
	.iVersion = 0,
	.xCreate = sq_vtab_connect,
	.xConnect = sq_vtab_connect,
	.xBestIndex = sq_vtab_best,
	.xDisconnect = sq_vtab_disconnect,
	.xDestroy = sq_vtab_disconnect,
	.xOpen = sq_vtab_open,
	.xClose = sq_vtab_close,
	.xFilter = sq_vtab_filter,
	.xNext = sq_vtab_next,
	.xEof = sq_vtab_eof,
	.xColumn = sq_vtab_column,
	.xRowid = sq_vtab_rowid,
};

int
sq_vtab_module(sqlite3 *db, struct sq_run *run)
{
	return sqlite3_create_module(db, "sq_log", &sq_vtab_module_def, run) == SQLITE_OK ? 0 : -1;
}

int
sq_vtab_tables(sqlite3 *db, const char *const *names, size_t n, struct sq_err *err)
{
	for (size_t i = 0; i < n; i++) {
		struct sb ddl;
		int erc;

		sb_init(&ddl, 4096);
		erc = sb_adds(&ddl, "CREATE VIRTUAL TABLE temp.") |
		    sq_vtab_ident(&ddl, names[i], strlen(names[i])) | sb_addf(&ddl, " USING sq_log(%zu)",
		    i);
		if (erc || sqlite3_exec(db, sb_str(&ddl), NULL, NULL, NULL) != SQLITE_OK) {
			sq_err_set(err, "InternalServerError", "cannot create table %s: %s", names[i],
			    sqlite3_errmsg(db));
			sb_free(&ddl);
			return -1;
		}
		sb_free(&ddl);
	}
	return 0;
}
