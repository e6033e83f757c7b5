/*
 * cl_logs — query results as plain data: the rows of GetLogs (v1 and v2),
 * GetContextLogs and GetProjectLogs, histograms, index fields and topics.
 *
 * A page of rows has one lifetime: every string lives in the page's arena
 * and is freed with cl_logs_free. Keys are interned per page (a row holds
 * key numbers), values keep their bytes as the server sent them (non-UTF-8
 * included; escaping is the printer's job), and empty, huge or duplicate
 * keys are kept as they come.
 */
#ifndef SLSX_CLIENT_CL_LOGS_H
#define SLSX_CLIENT_CL_LOGS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/sb.h"
#include "client/cl.h"

struct arena;

/* A row is packed in one block of the page's arena: n key numbers, n
 * value ends, then the values, each followed by a NUL. Numbers are 16-bit
 * when the row is small (wide = 0), else 32-bit. Read it with the
 * accessors below. */
struct cl_row {
	const unsigned char *p;
	uint32_t n;
	uint32_t wide;
};

static inline uint32_t
cl_row_num_(const struct cl_row *r, uint32_t i)
{
	uint16_t s;
	uint32_t w;

	if (r->wide) {
		memcpy(&w, r->p + 4 * (size_t)i, 4);
		return w;
	}
	memcpy(&s, r->p + 2 * (size_t)i, 2);
	return s;
}

/* Field i's key number (into cl_logs.keys). */
static inline uint32_t
cl_row_kno(const struct cl_row *r, uint32_t i)
{
	return cl_row_num_(r, i);
}

/* Field i's value (NUL-terminated; *len without the NUL). */
static inline const char *
cl_row_val(const struct cl_row *r, uint32_t i, size_t *len)
{
	const char *base = (const char *)r->p + (size_t)r->n * (r->wide ? 8 : 4);
	uint32_t start = i ? cl_row_num_(r, r->n + i - 1) + 1 : 0, end = cl_row_num_(r, r->n + i);

	if (len)
		*len = end - start;
	return base + start;
}

struct cl_logs {
	struct arena *ar;
	const char **keys; /* interned key names */
	size_t nkeys, capkeys;
	struct cl_row *rows;
	size_t nrows, caprows;
	struct sb scratch;  /* a row being packed: its values */
	uint32_t *rb;       /* and its (key number, value end) pairs */
	size_t nrb, caprb;
	/* meta (GetLogs) */
	int complete;       /* progress == Complete */
	int has_sql;
	int64_t count;      /* rows the server says it sent */
	int64_t processed_rows;
	int64_t elapsed_ms;
	int64_t limited;    /* row cap applied to SQL without LIMIT, 0 none */
	const char *where_query, *agg_query;
	const char **cols;  /* meta.keys: column order of an SQL result */
	size_t ncols;
	const char **terms; /* search terms, for highlighting */
	size_t nterms;
	/* GetContextLogs */
	int64_t total_lines, back_lines, forward_lines;
};

/* Field i's key name. */
static inline const char *
cl_row_key(const struct cl_logs *l, const struct cl_row *r, uint32_t i)
{
	return l->keys[cl_row_kno(r, i)];
}

void cl_logs_init(struct cl_logs *l);
void cl_logs_free(struct cl_logs *l);
/* The value of key in row r (first occurrence), or NULL. */
const char *cl_row_get(const struct cl_logs *l, const struct cl_row *r, const char *key,
    size_t *len);
/* Give back the slack of a finished page (row array, scratch space). */
void cl_logs_shrink(struct cl_logs *l);
/* Append a row from parallel arrays (copied into the page). */
void cl_logs_add_row(struct cl_logs *l, const char *const *k, const size_t *klen,
    const char *const *v, const size_t *vlen, size_t n);
/* The column order to print: meta keys for SQL, else keys in order of
 * first appearance with __time__ first. *out malloc'd (pointers into l). */
size_t cl_logs_columns(const struct cl_logs *l, const char ***out);

/* GetLogs v2 ({"meta", "data"}), v1 (array + x-log-* headers), project
 * logs (as v1), context ({"logs", "total_lines", ...}). 0 ok, -1 with err
 * (CL_E_DECODE). out must be initialised; rows are appended. */
int cl_parse_logs_v2(const struct cl_resp *rs, struct cl_logs *out, struct cl_err *err);
int cl_parse_logs_v1(const struct cl_resp *rs, struct cl_logs *out, struct cl_err *err);
int cl_parse_context(const struct cl_resp *rs, struct cl_logs *out, struct cl_err *err);

struct cl_bucket {
	int64_t from, to, count;
	int complete;
};
struct cl_hist {
	struct cl_bucket *b; /* malloc'd */
	size_t n;
	int64_t total;       /* x-log-count */
	int complete;
};
void cl_hist_free(struct cl_hist *h);
int cl_parse_histograms(const struct cl_resp *rs, struct cl_hist *out, struct cl_err *err);

/* Index fields, for completion and for knowing which fields SQL can use. */
struct cl_ifield {
	char *name;         /* "status", or "req.path" for a json sub-key */
	char type[8];       /* text long double json */
	int doc_value;      /* statistics/SQL enabled */
};
struct cl_index {
	struct cl_ifield *f;
	size_t n;
	int fulltext;       /* a "line" (full-text) index exists */
	int64_t ttl;
};
void cl_index_free(struct cl_index *x);
int cl_parse_index(const struct cl_resp *rs, struct cl_index *out, struct cl_err *err);

/* ListTopics: JSON array of names; the next token is in rs->nexttoken. */
struct cl_names;
int cl_parse_topics(const struct cl_resp *rs, struct cl_names *out, struct cl_err *err);

#endif
