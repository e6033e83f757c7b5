/*
 * sq_fn — the SLS/Presto functions users write every day, registered in
 * each query's SQLite connection (spec §8.2): count_if, approx_distinct,
 * approx_percentile, histogram, arbitrary, max_by/min_by (the date and time
 * functions are sq_fn_time.c's), regexp_like/extract/replace, split_part,
 * strpos, json_extract[_scalar],
 * concat, if, greatest/least, math, and strict casts (sq_cast, which the
 * rewriter puts in place of CAST/TRY_CAST so that a bad cast is an error
 * or NULL as in Presto, never a silently wrong number).
 *
 */
#include <ctype.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <sqlite3.h>

#include "base/sb.h"
#include "base/xalloc.h"
#include "sq/sq_fn.h"
#include "sq/sq_int.h"

/* ---- shared with sq_fn_time.c ------------------------------------------ */

/* Return b's text (or "too big" when building it failed) and free b. */
void
sq_fn_result_sb(sqlite3_context *cx, int rc, struct sb *b)
{
	if (rc)
		sqlite3_result_error_toobig(cx);
	else
		sqlite3_result_text(cx, sb_str(b), (int)b->len, SQLITE_TRANSIENT);
	sb_free(b);
}

/* ---- regular expressions ------------------------------------------------ */

/* Java-style pattern -> POSIX ERE; NULL with why for what POSIX lacks. */
static char *
sq_fn_regex_posix(const char *p, const char **why)
{
	struct sb b;
	int inb = 0, rc = 0;

	sb_init(&b, 1 << 16);
	for (; *p && rc == 0; p++) {
		if (p[0] == '(' && p[1] == '?') {
			*why = "regex groups like (?...) are not supported by slsd";
			sb_free(&b);
			return NULL;
		}
		if (!inb && (p[0] == '*' || p[0] == '+' || p[0] == '?' || p[0] == '}') &&
		    (p[1] == '?' || p[1] == '+')) {
			*why = "lazy and possessive quantifiers are not supported by slsd";
			sb_free(&b);
			return NULL;
		}
		if (p[0] == '\\' && p[1]) {
			const char *rep = NULL;

			switch (p[1]) {
			case 'd': rep = inb ? "0-9" : "[0-9]"; break;
			case 'D': rep = inb ? NULL : "[^0-9]"; break;
			case 's': rep = inb ? "[:space:]" : "[[:space:]]"; break;
			case 'S': rep = inb ? NULL : "[^[:space:]]"; break;
			case 'w': rep = inb ? "[:alnum:]_" : "[[:alnum:]_]"; break;
			case 'W': rep = inb ? NULL : "[^[:alnum:]_]"; break;
			case 't': rep = "\t"; break;
			case 'n': rep = "\n"; break;
			default: break;
			}
			if (rep == NULL && inb && strchr("DSW", p[1])) {
				*why = "negated classes inside [...] are not supported by slsd";
				sb_free(&b);
				return NULL;
			}
			if (rep != NULL) {
				rc = sb_adds(&b, rep);
				p++;
				continue;
			}
			if (inb) { /* POSIX brackets have no escapes */
				rc = sb_addc(&b, p[1]);
				p++;
				continue;
			}
			rc = sb_add(&b, p, 2);
			p++;
			continue;
		}
		if (*p == '[' && !inb)
			inb = 1;
		else if (*p == ']' && inb && p[-1] != '[' && !(p[-1] == '^' && p[-2] == '['))
			inb = 0;
		rc = sb_addc(&b, *p);
	}
	if (rc != 0) {
		*why = "regex too long";
		sb_free(&b);
		return NULL;
	}
	return sb_take(&b, NULL);
}

static void
sq_fn_regex_free(void *p)
{
	regfree(p);
	free(p);
}

/* The compiled pattern of argument ai, cached per statement. */
static regex_t *
sq_fn_regex(sqlite3_context *cx, sqlite3_value **argv, int ai)
{
	regex_t *re = sqlite3_get_auxdata(cx, ai);
	const char *pat = (const char *)sqlite3_value_text(argv[ai]);
	const char *why = NULL;
	char *posix, msg[256];
	int rc;

	if (re != NULL)
		return re;
	if (pat == NULL)
		return NULL;
	if ((posix = sq_fn_regex_posix(pat, &why)) == NULL) {
		sqlite3_result_error(cx, why, -1);
		return NULL;
	}
	re = xmalloc(sizeof *re);
	rc = regcomp(re, posix, REG_EXTENDED);
	free(posix);
	if (rc != 0) {
		char e[128];

		regerror(rc, re, e, sizeof e);
		snprintf(msg, sizeof msg, "bad regular expression: %s", e);
		free(re);
		sqlite3_result_error(cx, msg, -1);
		return NULL;
	}
	sqlite3_set_auxdata(cx, ai, re, sq_fn_regex_free);
	return sqlite3_get_auxdata(cx, ai);
}

static void
sq_fn_regexp_like(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	regex_t *re;

	(void)argc;
	if (s == NULL || (re = sq_fn_regex(cx, argv, 1)) == NULL)
		return;
	sqlite3_result_int(cx, regexec(re, s, 0, NULL, 0) == 0);
}

static void
sq_fn_regexp_extract(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	int g = argc > 2 ? sqlite3_value_int(argv[2]) : 0;
	regmatch_t m[10];
	regex_t *re;

	if (s == NULL || (re = sq_fn_regex(cx, argv, 1)) == NULL)
		return;
	if (g < 0 || g > 9 || (size_t)g > re->re_nsub) {
		sqlite3_result_error(cx, "regexp_extract: no such group", -1);
		return;
	}
	if (regexec(re, s, 10, m, 0) != 0 || m[g].rm_so < 0)
		return;
	sqlite3_result_text(cx, s + m[g].rm_so, (int)(m[g].rm_eo - m[g].rm_so), SQLITE_TRANSIENT);
}

static void
sq_fn_regexp_replace(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	const char *rep = argc > 2 ? (const char *)sqlite3_value_text(argv[2]) : "";
	regmatch_t m;
	regex_t *re;
	struct sb b;
	int rc = 0, flags = 0;

	if (s == NULL || (re = sq_fn_regex(cx, argv, 1)) == NULL)
		return;
	sb_init(&b, 16 << 20);
	while (rc == 0 && regexec(re, s, 1, &m, flags) == 0) {
		rc |= sb_add(&b, s, (size_t)m.rm_so) | sb_adds(&b, rep ? rep : "");
		if (m.rm_eo == m.rm_so) {
			if (s[m.rm_eo] == '\0')
				break;
			rc |= sb_addc(&b, s[m.rm_eo]);
			m.rm_eo++;
		}
		s += m.rm_eo;
		flags = REG_NOTBOL;
	}
	rc |= sb_adds(&b, s);
	sq_fn_result_sb(cx, rc, &b);
}

/* ---- strings and JSON --------------------------------------------------- */

static void
sq_fn_split_part(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	const char *d = (const char *)sqlite3_value_text(argv[1]);
	sqlite3_int64 idx = sqlite3_value_int64(argv[2]);
	size_t dl;

	(void)argc;
	if (s == NULL || d == NULL)
		return;
	if (idx < 1) {
		sqlite3_result_error(cx, "split_part: index must be greater than zero", -1);
		return;
	}
	dl = strlen(d);
	for (sqlite3_int64 i = 1;; i++) {
		const char *e = dl ? strstr(s, d) : NULL;

		if (i == idx) {
			sqlite3_result_text(cx, s, e ? (int)(e - s) : -1, SQLITE_TRANSIENT);
			return;
		}
		if (e == NULL)
			return;
		s = e + dl;
	}
}

static void
sq_fn_strpos(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	const char *sub = (const char *)sqlite3_value_text(argv[1]);
	const char *at;
	sqlite3_int64 chars = 1;

	(void)argc;
	if (s == NULL || sub == NULL)
		return;
	if ((at = strstr(s, sub)) == NULL) {
		sqlite3_result_int(cx, 0);
		return;
	}
	for (const char *p = s; p < at; p++)
		if (((unsigned char)*p & 0xC0) != 0x80)
			chars++;
	sqlite3_result_int64(cx, chars);
}

static void
sq_fn_concat(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct sb b;
	int rc = 0;

	sb_init(&b, 16 << 20);
	for (int i = 0; i < argc; i++) {
		const char *s = (const char *)sqlite3_value_text(argv[i]);

		if (s == NULL) {
			sb_free(&b);
			return; /* Presto: NULL if any argument is NULL */
		}
		rc |= sb_add(&b, s, (size_t)sqlite3_value_bytes(argv[i]));
	}
	sq_fn_result_sb(cx, rc, &b);
}

static void
sq_fn_if(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	int cond = sqlite3_value_type(argv[0]) != SQLITE_NULL && sqlite3_value_double(argv[0]) != 0;

	if (cond)
		sqlite3_result_value(cx, argv[1]);
	else if (argc > 2)
		sqlite3_result_value(cx, argv[2]);
}

static void
sq_fn_minmax(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	int greatest = sqlite3_user_data(cx) != NULL;
	int best = -1;

	for (int i = 0; i < argc; i++) {
		if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
			return;
		if (best < 0)
			best = i;
		else {
			int numeric = sqlite3_value_numeric_type(argv[i]) != SQLITE_TEXT &&
			    sqlite3_value_numeric_type(argv[best]) != SQLITE_TEXT;
			int c = numeric ? (sqlite3_value_double(argv[i]) > sqlite3_value_double(argv[best]) ?
			    1 : sqlite3_value_double(argv[i]) < sqlite3_value_double(argv[best]) ? -1 : 0) :
			    strcmp((const char *)sqlite3_value_text(argv[i]),
				(const char *)sqlite3_value_text(argv[best]));

			if (greatest ? c > 0 : c < 0)
				best = i;
		}
	}
	if (best >= 0)
		sqlite3_result_value(cx, argv[best]);
}

/* Follow a JSONPath like $.a.b[0]["c d"]; NULL when absent. */
static const cJSON *
sq_fn_json_path(const cJSON *j, const char *path)
{
	const char *p = path;

	if (*p != '$')
		return NULL;
	p++;
	while (*p && j != NULL) {
		char key[256];
		size_t k = 0;

		if (*p == '.') {
			p++;
			while (*p && *p != '.' && *p != '[' && k + 1 < sizeof key)
				key[k++] = *p++;
			key[k] = '\0';
			j = cJSON_IsObject(j) ? cJSON_GetObjectItemCaseSensitive(j, key) : NULL;
		} else if (*p == '[' && (p[1] == '"' || p[1] == '\'')) {
			char q = p[1];

			p += 2;
			while (*p && *p != q && k + 1 < sizeof key)
				key[k++] = *p++;
			key[k] = '\0';
			if (*p != q || p[1] != ']')
				return NULL;
			p += 2;
			j = cJSON_IsObject(j) ? cJSON_GetObjectItemCaseSensitive(j, key) : NULL;
		} else if (*p == '[') {
			char *end;
			long i = strtol(p + 1, &end, 10);

			if (*end != ']' || i < 0)
				return NULL;
			p = end + 1;
			j = cJSON_IsArray(j) ? cJSON_GetArrayItem(j, (int)i) : NULL;
		} else {
			return NULL;
		}
	}
	return j;
}

static void
sq_fn_json_extract(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	const char *path = (const char *)sqlite3_value_text(argv[1]);
	int scalar = sqlite3_user_data(cx) != NULL;
	cJSON *root;
	const cJSON *j;

	(void)argc;
	if (s == NULL || path == NULL)
		return;
	if (*path != '$') {
		sqlite3_result_error(cx, "json path must start with $", -1);
		return;
	}
	if ((root = cJSON_Parse(s)) == NULL)
		return;
	j = sq_fn_json_path(root, path);
	if (j == NULL || cJSON_IsNull(j)) {
	} else if (scalar) {
		if (cJSON_IsString(j))
			sqlite3_result_text(cx, j->valuestring, -1, SQLITE_TRANSIENT);
		else if (cJSON_IsBool(j))
			sqlite3_result_text(cx, cJSON_IsTrue(j) ? "true" : "false", -1, SQLITE_STATIC);
		else if (cJSON_IsNumber(j)) {
			char *t = cJSON_PrintUnformatted(j);

			sqlite3_result_text(cx, t, -1, SQLITE_TRANSIENT);
			cJSON_free(t);
		}
	} else {
		char *t = cJSON_PrintUnformatted(j);

		sqlite3_result_text(cx, t, -1, SQLITE_TRANSIENT);
		cJSON_free(t);
	}
	cJSON_Delete(root);
}

/* ---- math --------------------------------------------------------------- */

static void
sq_fn_math(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	double (*f)(double) = (double (*)(double))sqlite3_user_data(cx);
	double r;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
		return;
	r = f(sqlite3_value_double(argv[0]));
	if ((f == floor || f == ceil) && sqlite3_value_type(argv[0]) == SQLITE_INTEGER)
		sqlite3_result_int64(cx, sqlite3_value_int64(argv[0]));
	else if ((f == floor || f == ceil) && fabs(r) < 9e18)
		sqlite3_result_int64(cx, (sqlite3_int64)r);
	else
		sqlite3_result_double(cx, r);
}

static void
sq_fn_pow(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL)
		return;
	sqlite3_result_double(cx, pow(sqlite3_value_double(argv[0]),
	    sqlite3_value_double(argv[1])));
}

/* ---- casts -------------------------------------------------------------- */

static int
sq_fn_text_int(const char *s, sqlite3_int64 *v)
{
	char *end;
	long long x;

	while (isspace((unsigned char)*s))
		s++;
	if (*s == '\0')
		return -1;
	x = strtoll(s, &end, 10);
	while (isspace((unsigned char)*end))
		end++;
	if (*end != '\0')
		return -1;
	*v = x;
	return 0;
}

static int
sq_fn_text_double(const char *s, double *v)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	if (*s == '\0')
		return -1;
	*v = strtod(s, &end);
	while (isspace((unsigned char)*end))
		end++;
	return *end == '\0' ? 0 : -1;
}

static void
sq_fn_cast_fail(sqlite3_context *cx, int try_, const char *val, const char *type)
{
	char msg[256];

	if (try_)
		return;
	snprintf(msg, sizeof msg, "Cannot cast '%.64s' to %s", val ? val : "", type);
	sqlite3_result_error(cx, msg, -1);
}

static void
sq_fn_cast(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *type = (const char *)sqlite3_value_text(argv[1]);
	int try_ = argc > 2 && sqlite3_value_int(argv[2]);
	int vt = sqlite3_value_type(argv[0]);
	const char *txt = (const char *)sqlite3_value_text(argv[0]);
	sqlite3_int64 iv;
	double dv;

	if (vt == SQLITE_NULL || type == NULL)
		return;
	if (!strcasecmp(type, "bigint") || !strcasecmp(type, "integer") || !strcasecmp(type, "int") ||
	    !strcasecmp(type, "smallint") || !strcasecmp(type, "tinyint")) {
		if (vt == SQLITE_INTEGER)
			sqlite3_result_int64(cx, sqlite3_value_int64(argv[0]));
		else if (vt == SQLITE_FLOAT && fabs(sqlite3_value_double(argv[0])) < 9.2e18)
			sqlite3_result_int64(cx, (sqlite3_int64)llround(sqlite3_value_double(argv[0])));
		else if (vt == SQLITE_TEXT && sq_fn_text_int(txt, &iv) == 0)
			sqlite3_result_int64(cx, iv);
		else if (vt == SQLITE_TEXT && sq_fn_text_double(txt, &dv) == 0 && fabs(dv) < 9.2e18 &&
		    dv == floor(dv))
			sqlite3_result_int64(cx, (sqlite3_int64)dv);
		else
			sq_fn_cast_fail(cx, try_, txt, type);
	} else if (!strcasecmp(type, "double") || !strcasecmp(type, "real") ||
	    !strncasecmp(type, "decimal", 7)) {
		if (vt == SQLITE_INTEGER || vt == SQLITE_FLOAT)
			sqlite3_result_double(cx, sqlite3_value_double(argv[0]));
		else if (sq_fn_text_double(txt, &dv) == 0)
			sqlite3_result_double(cx, dv);
		else
			sq_fn_cast_fail(cx, try_, txt, type);
	} else if (!strncasecmp(type, "varchar", 7) || !strcasecmp(type, "char") ||
	    !strcasecmp(type, "string")) {
		sqlite3_result_text(cx, txt, sqlite3_value_bytes(argv[0]), SQLITE_TRANSIENT);
	} else if (!strcasecmp(type, "boolean")) {
		if (vt == SQLITE_INTEGER)
			sqlite3_result_int(cx, sqlite3_value_int64(argv[0]) != 0);
		else if (!strcasecmp(txt, "true") || !strcmp(txt, "1"))
			sqlite3_result_int(cx, 1);
		else if (!strcasecmp(txt, "false") || !strcmp(txt, "0"))
			sqlite3_result_int(cx, 0);
		else
			sq_fn_cast_fail(cx, try_, txt, type);
	} else if (!strcasecmp(type, "timestamp") || !strcasecmp(type, "date")) {
		if (vt == SQLITE_TEXT && sq_fn_time_parse(txt, &dv) == 0) {
			if (!strcasecmp(type, "date")) {
				char buf[64];

				sq_fn_time_text(dv, buf, sizeof buf);
				sqlite3_result_text(cx, buf, 10, SQLITE_TRANSIENT);
			} else {
				sq_fn_time_result_ts(cx, dv);
			}
		} else {
			sq_fn_cast_fail(cx, try_, txt, type);
		}
	} else {
		char msg[128];

		snprintf(msg, sizeof msg, "cast to %.40s is not supported by slsd", type);
		sqlite3_result_error(cx, msg, -1);
	}
}

/* ---- aggregates --------------------------------------------------------- */

static void
sq_fn_agg_count_if_step(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	sqlite3_int64 *n = sqlite3_aggregate_context(cx, sizeof *n);

	(void)argc;
	if (n && sqlite3_value_type(argv[0]) != SQLITE_NULL && sqlite3_value_double(argv[0]) != 0)
		(*n)++;
}

static void
sq_fn_agg_count_final(sqlite3_context *cx)
{
	sqlite3_int64 *n = sqlite3_aggregate_context(cx, 0);

	sqlite3_result_int64(cx, n ? *n : 0);
}

/* approx_distinct, histogram: the distinct values and their counts. */
struct sq_vset {
	struct sq_dict d;
	sqlite3_int64 *cnt;
	uint32_t capcnt;
};

static void
sq_fn_vset_add(struct sq_vset *vs, const char *s, size_t n)
{
	uint32_t before = vs->d.n, id = sq_model_dict_add(&vs->d, s, n);

	if (vs->d.n == before) {
		vs->cnt[id]++;
		return;
	}
	if (vs->d.n > vs->capcnt) {
		vs->capcnt = vs->d.cap;
		vs->cnt = xreallocarray(vs->cnt, vs->capcnt, sizeof *vs->cnt);
	}
	vs->cnt[id] = 1;
}

static void
sq_fn_vset_free(struct sq_vset *vs)
{
	sq_model_dict_free(&vs->d);
	free(vs->cnt);
}

static void
sq_fn_agg_vset_step(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct sq_vset **pv = sqlite3_aggregate_context(cx, sizeof *pv);
	const char *s;

	(void)argc;
	if (pv == NULL || sqlite3_value_type(argv[0]) == SQLITE_NULL)
		return;
	if (*pv == NULL)
		*pv = xcalloc(1, sizeof **pv);
	s = (const char *)sqlite3_value_text(argv[0]);
	sq_fn_vset_add(*pv, s ? s : "", (size_t)sqlite3_value_bytes(argv[0]));
}

static void
sq_fn_agg_distinct_final(sqlite3_context *cx)
{
	struct sq_vset **pv = sqlite3_aggregate_context(cx, 0);

	sqlite3_result_int64(cx, pv && *pv ? (sqlite3_int64)(*pv)->d.n : 0);
	if (pv && *pv) {
		sq_fn_vset_free(*pv);
		free(*pv);
	}
}

static void
sq_fn_agg_histogram_final(sqlite3_context *cx)
{
	struct sq_vset **pv = sqlite3_aggregate_context(cx, 0);
	cJSON *o = cJSON_CreateObject();
	char *t;

	for (uint32_t i = 0; pv && *pv && i < (*pv)->d.n; i++)
		cJSON_AddNumberToObject(o, (*pv)->d.s[i], (double)(*pv)->cnt[i]);
	t = cJSON_PrintUnformatted(o);
	sqlite3_result_text(cx, t, -1, SQLITE_TRANSIENT);
	cJSON_free(t);
	cJSON_Delete(o);
	if (pv && *pv) {
		sq_fn_vset_free(*pv);
		free(*pv);
	}
}

struct sq_dvec {
	double *v;
	size_t n, cap;
	double p;
	int bad_p;
};

static void
sq_fn_agg_pct_step(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct sq_dvec *d = sqlite3_aggregate_context(cx, sizeof *d);

	(void)argc;
	if (d == NULL || sqlite3_value_type(argv[0]) == SQLITE_NULL)
		return;
	d->p = sqlite3_value_double(argv[1]);
	if (d->p < 0 || d->p > 1)
		d->bad_p = 1;
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->v = xreallocarray(d->v, d->cap, sizeof *d->v);
	}
	d->v[d->n++] = sqlite3_value_double(argv[0]);
}

static int
sq_fn_dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
sq_fn_agg_pct_final(sqlite3_context *cx)
{
	struct sq_dvec *d = sqlite3_aggregate_context(cx, 0);

	if (d == NULL || d->n == 0) {
		if (d)
			free(d->v);
		return;
	}
	if (d->bad_p) {
		sqlite3_result_error(cx, "approx_percentile: percentage must be between 0 and 1", -1);
	} else {
		size_t i;

		qsort(d->v, d->n, sizeof *d->v, sq_fn_dcmp);
		i = (size_t)llround(d->p * (double)(d->n - 1));
		sqlite3_result_double(cx, d->v[i]);
	}
	free(d->v);
}

struct sq_anyval {
	sqlite3_value *v;   /* the value kept */
	sqlite3_value *key; /* max_by/min_by: its key */
};

static void
sq_fn_agg_arbitrary_step(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct sq_anyval *a = sqlite3_aggregate_context(cx, sizeof *a);

	(void)argc;
	if (a && a->v == NULL && sqlite3_value_type(argv[0]) != SQLITE_NULL)
		a->v = sqlite3_value_dup(argv[0]);
}

static void
sq_fn_agg_by_step(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct sq_anyval *a = sqlite3_aggregate_context(cx, sizeof *a);
	int max = sqlite3_user_data(cx) != NULL;

	(void)argc;
	if (a == NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL)
		return;
	if (a->key != NULL) {
		double k = sqlite3_value_double(argv[1]), best = sqlite3_value_double(a->key);

		if (max ? k <= best : k >= best)
			return;
	}
	sqlite3_value_free(a->v);
	sqlite3_value_free(a->key);
	a->v = sqlite3_value_dup(argv[0]);
	a->key = sqlite3_value_dup(argv[1]);
}

static void
sq_fn_agg_any_final(sqlite3_context *cx)
{
	struct sq_anyval *a = sqlite3_aggregate_context(cx, 0);

	if (a == NULL)
		return;
	if (a->v != NULL)
		sqlite3_result_value(cx, a->v);
	sqlite3_value_free(a->v);
	sqlite3_value_free(a->key);
}

/* ---- registration ------------------------------------------------------- */

#define DET (SQLITE_UTF8 | SQLITE_DETERMINISTIC)

int
sq_fn_register(sqlite3 *db, struct sq_fnctx *fc)
{
	static const struct {
		const char *name;
		int n;
		void (*f)(sqlite3_context *, int, sqlite3_value **);
	} scalars[] = {
		{ "regexp_like", 2, sq_fn_regexp_like },
		{ "regexp_extract", 2, sq_fn_regexp_extract },
		{ "regexp_extract", 3, sq_fn_regexp_extract },
		{ "regexp_replace", 2, sq_fn_regexp_replace },
		{ "regexp_replace", 3, sq_fn_regexp_replace },
		{ "split_part", 3, sq_fn_split_part },
		{ "strpos", 2, sq_fn_strpos },
		{ "concat", -1, sq_fn_concat },
		{ "if", 2, sq_fn_if },
		{ "if", 3, sq_fn_if },
		{ "pow", 2, sq_fn_pow },
		{ "power", 2, sq_fn_pow },
		{ "sq_cast", 2, sq_fn_cast },
		{ "sq_cast", 3, sq_fn_cast },
	};
	static const struct {
		const char *name;
		double (*f)(double);
	} math[] = {
		{ "floor", floor }, { "ceil", ceil }, { "ceiling", ceil }, { "sqrt", sqrt },
		{ "ln", log }, { "log10", log10 }, { "log2", log2 }, { "exp", exp },
		{ "cbrt", cbrt },
	};
	int rc = 0;

	for (size_t i = 0; i < sizeof scalars / sizeof scalars[0]; i++)
		rc |= sqlite3_create_function(db, scalars[i].name, scalars[i].n, DET, NULL,
		    scalars[i].f, NULL, NULL);
	for (size_t i = 0; i < sizeof math / sizeof math[0]; i++)
		rc |= sqlite3_create_function(db, math[i].name, 1, DET, (void *)math[i].f,
		    sq_fn_math, NULL, NULL);
	rc |= sq_fn_time_register(db, fc);
	rc |= sqlite3_create_function(db, "greatest", -1, DET, (void *)1, sq_fn_minmax, NULL, NULL);
	rc |= sqlite3_create_function(db, "least", -1, DET, NULL, sq_fn_minmax, NULL, NULL);
	rc |= sqlite3_create_function(db, "json_extract", 2, DET, NULL, sq_fn_json_extract, NULL,
	    NULL);
	rc |= sqlite3_create_function(db, "json_extract_scalar", 2, DET, (void *)1,
	    sq_fn_json_extract, NULL, NULL);
	rc |= sqlite3_create_function(db, "count_if", 1, DET, NULL, NULL, sq_fn_agg_count_if_step,
	    sq_fn_agg_count_final);
	rc |= sqlite3_create_function(db, "approx_distinct", 1, DET, NULL, NULL, sq_fn_agg_vset_step,
	    sq_fn_agg_distinct_final);
	rc |= sqlite3_create_function(db, "histogram", 1, DET, NULL, NULL, sq_fn_agg_vset_step,
	    sq_fn_agg_histogram_final);
	rc |= sqlite3_create_function(db, "approx_percentile", 2, DET, NULL, NULL, sq_fn_agg_pct_step,
	    sq_fn_agg_pct_final);
	rc |= sqlite3_create_function(db, "arbitrary", 1, DET, NULL, NULL, sq_fn_agg_arbitrary_step,
	    sq_fn_agg_any_final);
	rc |= sqlite3_create_function(db, "max_by", 2, DET, (void *)1, NULL, sq_fn_agg_by_step,
	    sq_fn_agg_any_final);
	rc |= sqlite3_create_function(db, "min_by", 2, DET, NULL, NULL, sq_fn_agg_by_step,
	    sq_fn_agg_any_final);
	return rc == SQLITE_OK ? 0 : -1;
}
