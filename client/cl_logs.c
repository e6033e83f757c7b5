/*
 * cl_logs — the query result model and its reply parsers (see cl_logs.h).
 */
#include "client/cl_logs.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/xalloc.h"
#include "client/cl_api.h"
#include "client/cl_json.h"

void
cl_logs_init(struct cl_logs *l)
{
	memset(l, 0, sizeof *l);
	l->ar = arena_new(0);
	l->complete = 1;
	sb_init(&l->scratch, 0);
}

void
cl_logs_free(struct cl_logs *l)
{
	if (l->ar)
		arena_free(l->ar);
	free(l->keys);
	free(l->rows);
	free(l->rb);
	sb_free(&l->scratch);
	memset(l, 0, sizeof *l);
}

/* The number of key k, interning it; hint is where it was last time. */
static uint32_t
cl_logs_key(struct cl_logs *l, const char *k, size_t n, uint32_t hint)
{
	size_t i;

	if (hint < l->nkeys && strncmp(l->keys[hint], k, n) == 0 && l->keys[hint][n] == '\0')
		return hint;
	for (i = 0; i < l->nkeys; i++)
		if (strncmp(l->keys[i], k, n) == 0 && l->keys[i][n] == '\0')
			return (uint32_t)i;
	if (l->nkeys == l->capkeys) {
		l->capkeys = l->capkeys ? l->capkeys * 2 : 16;
		l->keys = xreallocarray(l->keys, l->capkeys, sizeof *l->keys);
	}
	l->keys[l->nkeys] = arena_strndup(l->ar, k, n);
	return (uint32_t)l->nkeys++;
}

/* Building a row: key numbers and value ends gathered in l->rb (pairs),
 * the values in l->scratch, then packed into one arena block. */
static void
cl_row_begin(struct cl_logs *l)
{
	l->nrb = 0;
	sb_reset(&l->scratch);
}

static void
cl_row_add(struct cl_logs *l, const char *k, size_t klen, const char *v, size_t vlen)
{
	uint32_t hint = l->nrb ? l->rb[2 * (l->nrb - 1)] + 1 : 0;

	if (l->nrb == l->caprb) {
		l->caprb = l->caprb ? l->caprb * 2 : 32;
		l->rb = xreallocarray(l->rb, l->caprb, 2 * sizeof *l->rb);
	}
	if (vlen > UINT32_MAX / 2)
		vlen = UINT32_MAX / 2;
	if (sb_add(&l->scratch, v, vlen) != 0 || sb_addc(&l->scratch, '\0') != 0)
		return; /* over the row cap (1 GiB): the field is left out */
	l->rb[2 * l->nrb] = cl_logs_key(l, k, klen, hint);
	l->rb[2 * l->nrb + 1] = (uint32_t)l->scratch.len - 1;
	l->nrb++;
}

static void
cl_row_end(struct cl_logs *l)
{
	struct cl_row *r;
	size_t n = l->nrb, i, w;
	unsigned char *p;

	if (l->nrows == l->caprows) {
		l->caprows = l->caprows ? l->caprows * 2 : 64;
		l->rows = xreallocarray(l->rows, l->caprows, sizeof *l->rows);
	}
	r = &l->rows[l->nrows++];
	r->n = (uint32_t)n;
	r->wide = l->nkeys > 65535 || l->scratch.len > 65535;
	w = r->wide ? 4 : 2;
	p = arena_alloc(l->ar, 2 * n * w + l->scratch.len, w);
	for (i = 0; i < 2 * n; i++) {
		/* key numbers first, then value ends */
		uint32_t v = i < n ? l->rb[2 * i] : l->rb[2 * (i - n) + 1];
		uint16_t s = (uint16_t)v;

		memcpy(p + i * w, w == 4 ? (const void *)&v : (const void *)&s, w);
	}
	memcpy(p + 2 * n * w, l->scratch.p ? l->scratch.p : "", l->scratch.len);
	r->p = p;
}

void
cl_logs_add_row(struct cl_logs *l, const char *const *k, const size_t *klen,
    const char *const *v, const size_t *vlen, size_t n)
{
	size_t i;

	cl_row_begin(l);
	for (i = 0; i < n; i++)
		cl_row_add(l, k[i], klen[i], v[i], vlen[i]);
	cl_row_end(l);
}

void
cl_logs_shrink(struct cl_logs *l)
{
	if (l->nrows > 0 && l->nrows < l->caprows) {
		l->rows = xreallocarray(l->rows, l->nrows, sizeof *l->rows);
		l->caprows = l->nrows;
	}
	free(l->rb);
	l->rb = NULL;
	l->nrb = l->caprb = 0;
	sb_free(&l->scratch);
	sb_init(&l->scratch, 0);
}

const char *
cl_row_get(const struct cl_logs *l, const struct cl_row *r, const char *key, size_t *len)
{
	uint32_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(l->keys[cl_row_kno(r, i)], key) == 0)
			return cl_row_val(r, i, len);
	return NULL;
}

size_t
cl_logs_columns(const struct cl_logs *l, const char ***out)
{
	size_t i, n = 0;
	const char **v;

	if (l->ncols > 0) {
		v = xcalloc(l->ncols, sizeof *v);
		memcpy(v, l->cols, l->ncols * sizeof *v);
		*out = v;
		return l->ncols;
	}
	v = xcalloc(l->nkeys + 1, sizeof *v);
	for (i = 0; i < l->nkeys; i++)
		if (strcmp(l->keys[i], "__time__") == 0)
			v[n++] = l->keys[i];
	for (i = 0; i < l->nkeys; i++)
		if (strcmp(l->keys[i], "__time__") != 0)
			v[n++] = l->keys[i];
	*out = v;
	return n;
}

/* A JSON scalar as text: strings as they are, numbers without a needless
 * fraction, true/false, null as "null" (what SLS sends for SQL NULL). */
static const char *
cl_scalar(const cJSON *v, char *buf, size_t len, size_t *n)
{
	const char *s = buf;

	if (cJSON_IsString(v))
		s = v->valuestring;
	else if (cJSON_IsNumber(v) && v->valuedouble > -9e18 && v->valuedouble < 9e18 &&
	    v->valuedouble == (double)(int64_t)v->valuedouble)
		snprintf(buf, len, "%" PRId64, (int64_t)v->valuedouble);
	else if (cJSON_IsNumber(v))
		snprintf(buf, len, "%.17g", v->valuedouble);
	else if (cJSON_IsBool(v))
		snprintf(buf, len, "%s", cJSON_IsTrue(v) ? "true" : "false");
	else if (cJSON_IsNull(v))
		snprintf(buf, len, "null");
	else
		return NULL;
	*n = strlen(s);
	return s;
}

/* Append the objects of arr as rows; nested values are kept as JSON text. */
static int
cl_logs_rows(struct cl_logs *l, const cJSON *arr)
{
	const cJSON *it, *kv;

	struct sb kt, vt;

	sb_init(&kt, 0);
	sb_init(&vt, 0);
	cJSON_ArrayForEach(it, arr) {
		if (!cJSON_IsObject(it)) {
			sb_free(&kt);
			sb_free(&vt);
			return -1;
		}
		cl_row_begin(l);
		cJSON_ArrayForEach(kv, it) {
			char buf[64];
			size_t n = 0, kn;
			const char *s = cl_scalar(kv, buf, sizeof buf, &n);
			const char *k = cl_json_unmask(kv->string, strlen(kv->string), 0, &kt, &kn);
			char *txt = NULL;

			if (s == NULL) { /* nested: kept as JSON text (a NUL as \u0000) */
				txt = cJSON_PrintUnformatted(kv);
				s = txt ? txt : "";
				n = strlen(s);
			}
			s = cl_json_unmask(s, n, txt != NULL, &vt, &n);
			cl_row_add(l, k, kn, s, n);
			free(txt);
		}
		cl_row_end(l);
	}
	sb_free(&kt);
	sb_free(&vt);
	return 0;
}

static const char *
cl_meta_str(struct cl_logs *l, const cJSON *m, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(m, k);

	return cJSON_IsString(v) ? arena_strndup(l->ar, v->valuestring, strlen(v->valuestring))
				 : NULL;
}

/* meta.keys (strings) or meta.terms ([{"term": ...}] or [[term, key]]). */
static size_t
cl_meta_list(struct cl_logs *l, const cJSON *arr, const char ***out)
{
	const cJSON *it;
	size_t n = 0, cap = (size_t)cJSON_GetArraySize(arr);
	const char **v;

	if (!cJSON_IsArray(arr) || cap == 0)
		return 0;
	v = arena_alloc(l->ar, cap * sizeof *v, sizeof(void *));
	cJSON_ArrayForEach(it, arr) {
		const cJSON *s = it;

		if (cJSON_IsObject(it))
			s = cJSON_GetObjectItemCaseSensitive(it, "term");
		else if (cJSON_IsArray(it))
			s = cJSON_GetArrayItem(it, 0);
		if (cJSON_IsString(s) && n < cap)
			v[n++] = arena_strndup(l->ar, s->valuestring, strlen(s->valuestring));
	}
	*out = v;
	return n;
}

static void
cl_meta_i64(const cJSON *m, const char *k, int64_t *out)
{
	if (cl_json_i64(cJSON_GetObjectItemCaseSensitive(m, k), out) != 0)
		*out = 0;
}

static void
cl_logs_meta(struct cl_logs *l, const cJSON *m)
{
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(m, "progress");
	const cJSON *sql = cJSON_GetObjectItemCaseSensitive(m, "hasSQL");

	l->complete = !cJSON_IsString(p) || strcmp(p->valuestring, "Incomplete") != 0;
	l->has_sql = cJSON_IsTrue(sql) || (cJSON_IsString(sql) && strcmp(sql->valuestring,
								       "true") == 0);
	cl_meta_i64(m, "count", &l->count);
	cl_meta_i64(m, "processedRows", &l->processed_rows);
	cl_meta_i64(m, "elapsedMillisecond", &l->elapsed_ms);
	cl_meta_i64(m, "limited", &l->limited);
	l->where_query = cl_meta_str(l, m, "whereQuery");
	l->agg_query = cl_meta_str(l, m, "aggQuery");
	if (l->has_sql)
		l->ncols = cl_meta_list(l, cJSON_GetObjectItemCaseSensitive(m, "keys"), &l->cols);
	l->nterms = cl_meta_list(l, cJSON_GetObjectItemCaseSensitive(m, "terms"), &l->terms);
}

int
cl_parse_logs_v2(const struct cl_resp *rs, struct cl_logs *out, struct cl_err *err)
{
	cJSON *o = cl_json_parse(rs, err);
	const cJSON *meta, *data;

	if (o == NULL)
		return -1;
	meta = cJSON_GetObjectItemCaseSensitive(o, "meta");
	data = cJSON_GetObjectItemCaseSensitive(o, "data");
	if (!cJSON_IsObject(meta) || !cJSON_IsArray(data))
		return cl_json_fail(o, err, "GetLogs reply without meta and data");
	cl_logs_meta(out, meta);
	if (cl_logs_rows(out, data) != 0)
		return cl_json_fail(o, err, "a GetLogs row is not an object");
	cJSON_Delete(o);
	return 0;
}

static int64_t
cl_hdr_i64(const struct cl_resp *rs, const char *name)
{
	const char *v = cl_resp_header(rs, name);

	return v ? strtoll(v, NULL, 10) : 0;
}

int
cl_parse_logs_v1(const struct cl_resp *rs, struct cl_logs *out, struct cl_err *err)
{
	cJSON *o = cl_json_parse(rs, err), *qi;
	const char *v;

	if (o == NULL)
		return -1;
	if (!cJSON_IsArray(o))
		return cl_json_fail(o, err, "GetLogs v1 reply is not an array");
	if (rs->progress[0] == '\0')
		return cl_json_fail(o, err, "GetLogs v1 reply without x-log-progress");
	out->complete = strcmp(rs->progress, "Incomplete") != 0;
	out->count = cl_hdr_i64(rs, "x-log-count");
	out->processed_rows = cl_hdr_i64(rs, "x-log-processed-rows");
	out->elapsed_ms = cl_hdr_i64(rs, "x-log-elapsed-millisecond");
	v = cl_resp_header(rs, "x-log-has-sql");
	out->has_sql = v && strcmp(v, "true") == 0;
	if ((v = cl_resp_header(rs, "x-log-where-query")) != NULL)
		out->where_query = arena_strndup(out->ar, v, strlen(v));
	if ((v = cl_resp_header(rs, "x-log-agg-query")) != NULL)
		out->agg_query = arena_strndup(out->ar, v, strlen(v));
	v = cl_resp_header(rs, "x-log-query-info");
	if (v && (qi = cJSON_Parse(v)) != NULL) {
		if (out->has_sql)
			out->ncols = cl_meta_list(out, cJSON_GetObjectItemCaseSensitive(qi, "keys"),
			    &out->cols);
		out->nterms = cl_meta_list(out, cJSON_GetObjectItemCaseSensitive(qi, "terms"),
		    &out->terms);
		cJSON_Delete(qi);
	}
	if (cl_logs_rows(out, o) != 0)
		return cl_json_fail(o, err, "a GetLogs row is not an object");
	cJSON_Delete(o);
	return 0;
}

int
cl_parse_context(const struct cl_resp *rs, struct cl_logs *out, struct cl_err *err)
{
	cJSON *o = cl_json_parse(rs, err);
	const cJSON *logs, *p;

	if (o == NULL)
		return -1;
	logs = cJSON_GetObjectItemCaseSensitive(o, "logs");
	p = cJSON_GetObjectItemCaseSensitive(o, "progress");
	if (!cJSON_IsArray(logs) ||
	    cl_json_i64(cJSON_GetObjectItemCaseSensitive(o, "total_lines"), &out->total_lines) ||
	    cl_json_i64(cJSON_GetObjectItemCaseSensitive(o, "back_lines"), &out->back_lines) ||
	    cl_json_i64(cJSON_GetObjectItemCaseSensitive(o, "forward_lines"),
		&out->forward_lines))
		return cl_json_fail(o, err, "GetContextLogs reply without logs and line counts");
	out->complete = !cJSON_IsString(p) || strcmp(p->valuestring, "Incomplete") != 0;
	if (cl_logs_rows(out, logs) != 0)
		return cl_json_fail(o, err, "a context log is not an object");
	out->count = (int64_t)out->nrows;
	cJSON_Delete(o);
	return 0;
}

void
cl_hist_free(struct cl_hist *h)
{
	free(h->b);
	memset(h, 0, sizeof *h);
}

int
cl_parse_histograms(const struct cl_resp *rs, struct cl_hist *out, struct cl_err *err)
{
	cJSON *o = cl_json_parse(rs, err);
	const cJSON *it;

	memset(out, 0, sizeof *out);
	if (o == NULL)
		return -1;
	if (!cJSON_IsArray(o))
		return cl_json_fail(o, err, "GetHistograms reply is not an array");
	out->complete = strcmp(rs->progress, "Incomplete") != 0;
	out->total = strtoll(rs->count, NULL, 10);
	out->b = xcalloc((size_t)cJSON_GetArraySize(o) + 1, sizeof *out->b);
	cJSON_ArrayForEach(it, o) {
		struct cl_bucket *b = &out->b[out->n];
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(it, "progress");

		if (cl_json_i64(cJSON_GetObjectItemCaseSensitive(it, "from"), &b->from) ||
		    cl_json_i64(cJSON_GetObjectItemCaseSensitive(it, "to"), &b->to) ||
		    cl_json_i64(cJSON_GetObjectItemCaseSensitive(it, "count"), &b->count) ||
		    b->count < 0) {
			cl_hist_free(out);
			return cl_json_fail(o, err, "a histogram bucket lacks from, to or count");
		}
		b->complete = !cJSON_IsString(p) || strcmp(p->valuestring, "Incomplete") != 0;
		out->complete &= b->complete;
		out->n++;
	}
	cJSON_Delete(o);
	return 0;
}

void
cl_index_free(struct cl_index *x)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		free(x->f[i].name);
	free(x->f);
	memset(x, 0, sizeof *x);
}

static void
cl_index_add(struct cl_index *x, const char *name, const cJSON *k)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(k, "type");
	const cJSON *dv = cJSON_GetObjectItemCaseSensitive(k, "doc_value");
	const cJSON *jk = cJSON_GetObjectItemCaseSensitive(k, "json_keys"), *sub;
	struct cl_ifield *f;

	x->f = xreallocarray(x->f, x->n + 1, sizeof *x->f);
	f = &x->f[x->n++];
	f->name = xstrdup(name);
	snprintf(f->type, sizeof f->type, "%s", cJSON_IsString(t) ? t->valuestring : "text");
	f->doc_value = cJSON_IsTrue(dv);
	if (!cJSON_IsObject(jk))
		return;
	cJSON_ArrayForEach(sub, jk) {
		char full[512];

		if (!cJSON_IsObject(sub))
			continue;
		snprintf(full, sizeof full, "%s.%s", name, sub->string);
		cl_index_add(x, full, sub);
	}
}

int
cl_parse_index(const struct cl_resp *rs, struct cl_index *out, struct cl_err *err)
{
	cJSON *o = cl_json_parse(rs, err);
	const cJSON *keys, *k;

	memset(out, 0, sizeof *out);
	if (o == NULL)
		return -1;
	if (!cJSON_IsObject(o))
		return cl_json_fail(o, err, "GetIndex reply is not an object");
	out->fulltext = cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(o, "line"));
	if (cl_json_i64(cJSON_GetObjectItemCaseSensitive(o, "ttl"), &out->ttl) != 0)
		out->ttl = 0;
	keys = cJSON_GetObjectItemCaseSensitive(o, "keys");
	if (keys && !cJSON_IsObject(keys))
		return cl_json_fail(o, err, "GetIndex keys is not an object");
	cJSON_ArrayForEach(k, keys) {
		if (cJSON_IsObject(k))
			cl_index_add(out, k->string, k);
	}
	cJSON_Delete(o);
	return 0;
}

int
cl_parse_topics(const struct cl_resp *rs, struct cl_names *out, struct cl_err *err)
{
	cJSON *o = cl_json_parse(rs, err);
	const cJSON *it;

	memset(out, 0, sizeof *out);
	if (o == NULL)
		return -1;
	if (!cJSON_IsArray(o))
		return cl_json_fail(o, err, "ListTopics reply is not an array");
	cJSON_ArrayForEach(it, o) {
		if (!cJSON_IsString(it)) {
			cl_names_free(out);
			return cl_json_fail(o, err, "a topic is not a string");
		}
		out->v = xreallocarray(out->v, out->n + 1, sizeof *out->v);
		out->v[out->n++] = xstrdup(it->valuestring);
	}
	out->total = (int64_t)out->n;
	cJSON_Delete(o);
	return 0;
}
