/*
 * sq_query — the query entry points: GetLogs (search and SQL), histograms,
 * context, topics; reply bodies and the meta object (spec §4.9–§4.15, §7).
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "base/clk.h"
#include "base/sb.h"
#include "base/xalloc.h"
#include "proto/cursor.h"
#include "proto/hstep.h"
#include "sq/sq_int.h"

#define SQ_MAX_REPLY ((size_t)1 << 30)

/* ---- one log as JSON ---------------------------------------------------- */

struct sq_rowjs {
	const struct sq_ls *ls;
	struct sb *out;
	int rc;
	int skip_reserved;
};

static int
sq_query_rowjs_pair(void *ctx, uint32_t kid, const char *v, size_t n)
{
	struct sq_rowjs *c = ctx;
	size_t kn;
	const char *k = sq_model_key_name(c->ls, kid, &kn);

	if (c->skip_reserved && (kid == c->ls->k_topic || kid == c->ls->k_source))
		return 0;
	c->rc |= sb_addc(c->out, ',');
	c->rc |= sq_json_str(c->out, k, kn, 0);
	c->rc |= sb_addc(c->out, ':');
	c->rc |= sq_json_str(c->out, v, n, 0);
	return c->rc != 0;
}

static int
sq_query_rowjs_str(struct sb *out, const char *k, const char *v, size_t n)
{
	return sb_addc(out, ',') | sq_json_str(out, k, strlen(k), 0) | sb_addc(out, ':') |
	    sq_json_str(out, v, n, 0);
}

int
sq_query_row_json(const struct sq_ls *ls, uint32_t r, int with_pack, int64_t index_number,
    struct sb *out)
{
	const struct sq_row *row = &ls->rows[r];
	const struct sq_group *g = &ls->groups[row->group];
	struct sq_rowjs c = { ls, out, 0, 1 };
	const char *v;
	size_t n;
	char buf[64];

	c.rc |= sb_addf(out, "{\"__time__\":\"%" PRId64 "\"", row->time);
	if (row->ns)
		c.rc |= sb_addf(out, ",\"__time_ns_part__\":\"%u\"", row->ns);
	if (!sq_model_row_get(ls, r, ls->k_topic, &v, &n))
		v = "", n = 0;
	c.rc |= sq_query_rowjs_str(out, "__topic__", v, n);
	if (!sq_model_row_get(ls, r, ls->k_source, &v, &n))
		v = "", n = 0;
	c.rc |= sq_query_rowjs_str(out, "__source__", v, n);
	sq_model_rec_walk(ls, g->rec, sq_query_rowjs_pair, &c);
	if (with_pack) {
		struct pack_meta pm = { g->shard, g->cursor, (int)g->nrows, (int)(r - g->row0) };
		char meta[128];

		if (!g->pack_given) {
			sq_model_pack_id(ls, row->group, buf, sizeof buf);
			c.rc |= sq_query_rowjs_str(out, "__tag__:__pack_id__", buf, strlen(buf));
		}
		pack_meta_encode(&pm, meta, sizeof meta);
		c.rc |= sq_query_rowjs_str(out, "__pack_meta__", meta, strlen(meta));
	}
	if (index_number != INT64_MIN)
		c.rc |= sb_addf(out, ",\"__index_number__\":\"%" PRId64 "\"", index_number);
	c.skip_reserved = 0;
	sq_model_rec_walk(ls, row->rec, sq_query_rowjs_pair, &c);
	c.rc |= sb_addc(out, '}');
	return c.rc ? -1 : 0;
}

/* ---- the query text ----------------------------------------------------- */

struct sq_split {
	const char *search;
	size_t search_n;
	const char *sql;       /* NULL without SQL */
	int with_pack;
};

static const char *
sq_query_skip_ws(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

/* Split "search | stage | stage" at top-level bars (outside quotes). */
static int
sq_query_split_query(const char *q, struct sq_split *sp, struct sq_err *err)
{
	const char *bar = NULL, *rest;
	int inq = 0;

	memset(sp, 0, sizeof *sp);
	if (q == NULL)
		q = "";
	if (strnlen(q, SQ_MAX_QUERY_LEN + 1) > SQ_MAX_QUERY_LEN) {
		sq_err_set(err, "ParameterInvalid", "query is longer than %u bytes",
		    SQ_MAX_QUERY_LEN);
		return -1;
	}
	for (const char *p = q; *p; p++) {
		if (*p == '\\' && inq && p[1]) {
			p++;
			continue;
		}
		if (*p == '"')
			inq = !inq;
		if (*p == '|' && !inq) {
			bar = p;
			break;
		}
	}
	sp->search = q;
	sp->search_n = bar ? (size_t)(bar - q) : strlen(q);
	if (bar == NULL)
		return 0;
	rest = sq_query_skip_ws(bar + 1);
	if (strncasecmp(rest, "with_pack_meta", 14) == 0 &&
	    (rest[14] == '\0' || isspace((unsigned char)rest[14]) || rest[14] == '|')) {
		sp->with_pack = 1;
		rest = sq_query_skip_ws(rest + 14);
		if (*rest == '\0')
			return 0;
		if (*rest != '|') {
			sq_err_set(err, "ParameterInvalid", "unexpected text after with_pack_meta");
			return -1;
		}
		rest = sq_query_skip_ws(rest + 1);
	}
	if (strncasecmp(rest, "select", 6) == 0 && !isalnum((unsigned char)rest[6]) &&
	    rest[6] != '_') {
		sp->sql = rest;
		return 0;
	}
	if (*rest == '\0') {
		sq_err_set(err, "ParameterInvalid", "empty statement after |");
		return -1;
	}
	sq_err_set(err, "ParameterInvalid",
	    "slsd supports only SELECT statements and with_pack_meta after |, not: %.80s", rest);
	return -1;
}

/* ---- shared request checks ---------------------------------------------- */

/* Read-locked logstore with its index, settled; NULL with err. Release
 * with sq_ls_unread on success. */
static struct sq_ls *
sq_query_open_ls(struct sq *q, int64_t id, struct sq_err *err)
{
	struct sq_ls *ls;

	if (sq_ls_read(q, id, &ls, err) != 0)
		return NULL;
	if (ls == NULL || ls->ix == NULL) {
		sq_ls_unread(q, ls);
		sq_err_set(err, "IndexConfigNotExist", "logstore without index config");
		return NULL;
	}
	return ls;
}

static int
sq_query_check_range(const struct sq_getlogs_req *req, struct sq_err *err)
{
	if (req->from < 0) {
		sq_err_set(err, "ParameterInvalid", "The parameter from must be a positive integer");
		return -1;
	}
	if (req->to <= req->from) {
		sq_err_set(err, "ParameterInvalid",
		    "the time range [from, to) is empty: to must be greater than from");
		return -1;
	}
	return 0;
}

static uint32_t
sq_query_topic_filter(const struct sq_ls *ls, const char *topic)
{
	if (topic == NULL || *topic == '\0')
		return UINT32_MAX;
	uint32_t id = sq_model_dict_find(&ls->topics, topic, strlen(topic));

	return id == UINT32_MAX ? UINT32_MAX - 1 : id;
}

static int
sq_query_row_in(const struct sq_ls *ls, const uint64_t *bm, uint32_t topic, uint32_t r)
{
	if (!(bm[r >> 6] >> (r & 63) & 1))
		return 0;
	return topic == UINT32_MAX || ls->groups[ls->rows[r].group].topic == topic;
}

/* ---- GetLogs ------------------------------------------------------------ */

struct sq_meta {
	int64_t count, processed, elapsed;
	int has_sql, limited, power_sql;
	const struct sq_split *sp;
	const struct sq_search *s;
	struct sb *keys, *types;
	int complete;             /* no row can be missing (sq_set_loading) */
};

static void
sq_query_meta_build(const struct sq_meta *m, struct sq_result *res, struct sb *data)
{
	struct sb b, qi;
	int rc = 0;
	size_t sql_n = m->sp->sql ? strlen(m->sp->sql) : 0;

	sb_init(&b, SQ_MAX_REPLY);
	sb_init(&qi, 1 << 20);
	rc |= sb_addf(&b, "{\"meta\":{\"progress\":\"%s\",\"count\":%" PRId64
	    ",\"processedRows\":%" PRId64 ",\"processedBytes\":0,\"elapsedMillisecond\":%" PRId64
	    ",\"hasSQL\":%s,\"whereQuery\":", m->complete ? "Complete" : "Incomplete", m->count,
	    m->processed, m->elapsed,
	    m->has_sql ? "true" : "false");
	rc |= sq_json_str(&b, m->sp->search, m->sp->search_n, 0);
	rc |= sb_adds(&b, ",\"aggQuery\":");
	rc |= sq_json_str(&b, m->sp->sql ? m->sp->sql : "", sql_n, 0);
	rc |= sb_addf(&b, ",\"cpuSec\":0.001,\"cpuCores\":1,\"limited\":%d,"
	    "\"telementryType\":\"logging\",\"powerSql\":%s,\"insertedSQL\":\"\",\"keys\":[",
	    m->limited, m->power_sql ? "true" : "false");
	rc |= sb_add(&b, sb_str(m->keys), m->keys->len);
	rc |= sb_adds(&b, "],\"terms\":");
	rc |= sq_search_terms_json(m->s, &b, 0);
	rc |= sb_adds(&b, ",\"marker\":\"\",\"mode\":0,\"phraseQueryInfo\":{\"scanAll\":false,"
	    "\"beginOffset\":0,\"endOffset\":0,\"endTime\":0},\"shard\":-1,\"scanBytes\":0,"
	    "\"isAccurate\":true,\"columnTypes\":[");
	rc |= sb_add(&b, sb_str(m->types), m->types->len);
	rc |= sb_adds(&b, "],\"highlights\":[]},\"data\":[");
	rc |= sb_add(&b, sb_str(data), data->len);
	rc |= sb_adds(&b, "]}");
	/* x-log-query-info: v1 spelling (GO QueryInfoV2: limited and the
	 * phraseQueryInfo values strings, mode/shard/scanBytes/isAccurate
	 * numbers; PY reads mode as an int enum, scanAll as != "false"), ASCII */
	rc |= sb_adds(&qi, "{\"keys\":[");
	for (size_t i = 0; i < m->keys->len; i++) {
		unsigned char c = (unsigned char)m->keys->p[i];

		rc |= c < 0x80 ? sb_addc(&qi, (char)c) : sb_addf(&qi, "?");
	}
	rc |= sb_adds(&qi, "],\"terms\":");
	rc |= sq_search_terms_json(m->s, &qi, 1);
	rc |= sb_addf(&qi, ",\"limited\":\"%d\",\"marker\":\"\",\"mode\":0,"
	    "\"phraseQueryInfo\":{\"scanAll\":\"false\",\"beginOffset\":\"0\",\"endOffset\":\"0\","
	    "\"endTime\":\"0\"},\"shard\":-1,\"scanBytes\":0,\"isAccurate\":1,\"columnTypes\":[],"
	    "\"highlight\":[]}", m->limited);
	res->body = sb_take(&b, &res->body_len);
	res->query_info = rc ? xstrdup("{}") : sb_take(&qi, NULL);
	sb_free(&qi);
	res->count = m->count;
	res->processed_rows = m->processed;
	res->elapsed_ms = m->elapsed;
	res->has_sql = m->has_sql;
	res->complete = m->complete;
	res->where_query = xstrndup(m->sp->search, m->sp->search_n);
	res->agg_query = xstrdup(m->sp->sql ? m->sp->sql : "");
}

/* The v1 body: the data items in an array. */
static int
sq_query_result_v1(struct sq_result *res, const struct sb *data, struct sq_err *err)
{
	struct sb v1;

	sb_init(&v1, SQ_MAX_REPLY);
	if (sb_addc(&v1, '[') | sb_add(&v1, sb_str(data), data->len) | sb_addc(&v1, ']')) {
		sq_err_set(err, "InternalServerError", "reply too large");
		return -1;
	}
	res->body_v1 = sb_take(&v1, &res->body_v1_len);
	return 0;
}

struct sq_keyset {
	struct sq_dict seen;
	struct sb *keys;
	int failed;
};

static int
sq_query_keyset_add(void *ctx, uint32_t kid, const char *v, size_t n)
{
	struct sq_keyset *ks = ((struct sq_keyset **)ctx)[0];
	const struct sq_ls *ls = ((const struct sq_ls **)ctx)[1];
	size_t kn;
	const char *k = sq_model_key_name(ls, kid, &kn);
	uint32_t before = ks->seen.n;

	(void)v;
	(void)n;
	sq_model_dict_add(&ks->seen, k, kn);
	if (ks->seen.n != before) {
		int rc = ks->keys->len ? sb_addc(ks->keys, ',') : 0;

		rc |= sq_json_str(ks->keys, k, kn, 0);
		ks->failed |= rc;
	}
	return 0;
}

/* The search path: rows in time order, offset/line paging. */
static int
sq_query_search_rows(struct sq_ls *ls, const uint64_t *bm, uint32_t lo, uint32_t hi, uint32_t topic,
    const struct sq_getlogs_req *req, int with_pack, struct sb *data, struct sb *keys,
    int64_t *count, int64_t *processed)
{
	int64_t line = req->line < 0 || req->line > 100 ? 100 : req->line; /* 0: none (seed 003: 0..100) */
	int64_t skip = req->offset;
	struct sq_keyset ks = { { 0 }, keys, 0 };
	void *kctx[2] = { &ks, ls };
	int rc = 0;

	*count = *processed = 0;
	for (uint32_t k = 0; k < hi - lo && *count < line; k++) {
		uint32_t r = ls->order[req->reverse ? hi - 1 - k : lo + k];

		(*processed)++;
		if (!sq_query_row_in(ls, bm, topic, r))
			continue;
		if (skip > 0) {
			skip--;
			continue;
		}
		if ((*count)++)
			rc |= sb_addc(data, ',');
		rc |= sq_query_row_json(ls, r, with_pack, INT64_MIN, data);
		sq_model_rec_walk(ls, ls->groups[ls->rows[r].group].rec, sq_query_keyset_add, kctx);
		sq_model_rec_walk(ls, ls->rows[r].rec, sq_query_keyset_add, kctx);
	}
	sq_model_dict_free(&ks.seen);
	return rc ? -1 : 0;
}

/* Can a page miss rows of a logstore still loading? SQL can; a search
 * page covers from its oldest row scanned (newest first) or from the
 * range's start, and misses none when that is after the time from which
 * every row is in. */
static int
sq_query_page_complete(const struct sq_ls *ls, const struct sq_loadst *st,
    const struct sq_getlogs_req *req, int sql, uint32_t lo, uint32_t hi, int64_t processed)
{
	int64_t covered = req->from;

	if (!sq_ls_missing(st, INT64_MIN))
		return 1;
	if (sql || !req->reverse)
		return 0;
	if (processed > 0 && processed < (int64_t)(hi - lo))
		covered = ls->rows[ls->order[hi - (uint32_t)processed]].time;
	return !sq_ls_missing(st, covered);
}

int
sq_query_getlogs(struct sq *q, int64_t id, const struct sq_getlogs_req *req, struct sq_result *res,
    struct sq_err *err)
{
	int64_t t0 = clk_mono_ms();
	struct sq_split sp;
	struct sq_search *s;
	struct sq_ls *ls;
	struct sb data, keys, types;
	struct sq_meta m = { 0 };
	struct sq_loadst st;
	uint64_t *bm;
	uint32_t lo, hi, topic;
	int rc = -1;

	memset(res, 0, sizeof *res);
	if (sq_query_check_range(req, err) != 0 || sq_query_split_query(req->query, &sp, err) != 0)
		return -1;
	if (req->offset < 0) {
		sq_err_set(err, "ParameterInvalid", "offset must not be negative");
		return -1;
	}
	sq_ls_load_state(q, id, &st);
	if ((ls = sq_query_open_ls(q, id, err)) == NULL)
		return -1;
	if ((s = sq_search_parse(ls, sp.search, sp.search_n, err)) == NULL) {
		sq_ls_unread(q, ls);
		return -1;
	}
	lo = sq_model_order_lower(ls, req->from);
	hi = sq_model_order_lower(ls, req->to);
	topic = sq_query_topic_filter(ls, req->topic);
	bm = sq_search_eval(ls, s, lo, hi, ls->nrows);
	sb_init(&data, SQ_MAX_REPLY);
	sb_init(&keys, 1 << 20);
	sb_init(&types, 1 << 20);
	if (sp.sql != NULL) {
		struct sq_scope sc = { ls, bm, lo, hi, topic, req->from, req->to };
		const char *name = "log";
		struct sq_sqlout o = { &data, &keys, &types, 0, 0, 0 };

		if (sq_sql_run(&sc, &name, 1, sp.sql, &o, err) != 0)
			goto out;
		m.count = o.rows;
		m.processed = o.processed;
		m.limited = o.limited;
		m.has_sql = 1;
		m.power_sql = req->power_sql;
	} else if (sq_query_search_rows(ls, bm, lo, hi, topic, req, sp.with_pack, &data, &keys,
	    &m.count,
		       &m.processed) != 0) {
		sq_err_set(err, "InternalServerError", "reply too large");
		goto out;
	}
	m.elapsed = clk_mono_ms() - t0;
	m.complete = sq_query_page_complete(ls, &st, req, sp.sql != NULL, lo, hi, m.processed);
	m.sp = &sp;
	m.s = s;
	m.keys = &keys;
	m.types = &types;
	sq_query_meta_build(&m, res, &data);
	if (sq_query_result_v1(res, &data, err) != 0)
		goto out;
	rc = 0;
out:
	sq_ls_unread(q, ls);
	free(bm);
	sq_search_free(s);
	sb_free(&data);
	sb_free(&keys);
	sb_free(&types);
	if (rc != 0)
		sq_result_free(res);
	return rc;
}

/* ---- GetHistograms ------------------------------------------------------ */

/* slsd's buckets when the request names no interval: at most this many */
#define SQ_HIST_BUCKETS 120

int
sq_query_histograms(struct sq *q, int64_t id, const struct sq_getlogs_req *req,
    struct sq_result *res, struct sq_err *err)
{
	struct sq_split sp;
	struct sq_search *s;
	struct sq_ls *ls;
	int64_t step, first, nb, total = 0;
	int64_t *cnt;
	uint64_t *bm;
	uint32_t lo, hi, topic;
	struct sb b;
	int rc = 0, missing, complete = 1;
	struct sq_loadst st;

	memset(res, 0, sizeof *res);
	if (sq_query_check_range(req, err) != 0 || sq_query_split_query(req->query, &sp, err) != 0)
		return -1;
	if (sp.sql != NULL) {
		sq_err_set(err, "ParameterInvalid", "histograms take a search statement only, no SQL");
		return -1;
	}
	step = req->interval > 0 ? req->interval : hstep_pick(req->from, req->to, SQ_HIST_BUCKETS);
	first = req->from - ((req->from % step) + step) % step;
	nb = (req->to - first + step - 1) / step;
	if (nb > 100000) {
		sq_err_set(err, "ParameterInvalid", "interval %" PRId64 " makes too many buckets",
		    step);
		return -1;
	}
	sq_ls_load_state(q, id, &st);
	if ((ls = sq_query_open_ls(q, id, err)) == NULL)
		return -1;
	if ((s = sq_search_parse(ls, sp.search, sp.search_n, err)) == NULL) {
		sq_ls_unread(q, ls);
		return -1;
	}
	lo = sq_model_order_lower(ls, req->from);
	hi = sq_model_order_lower(ls, req->to);
	topic = sq_query_topic_filter(ls, req->topic);
	bm = sq_search_eval(ls, s, lo, hi, ls->nrows);
	cnt = xcalloc((size_t)nb, sizeof *cnt);
	for (uint32_t i = lo; i < hi; i++) {
		uint32_t r = ls->order[i];

		if (sq_query_row_in(ls, bm, topic, r)) {
			cnt[(ls->rows[r].time - first) / step]++;
			total++;
		}
	}
	sb_init(&b, SQ_MAX_REPLY);
	rc |= sb_addc(&b, '[');
	missing = sq_ls_missing(&st, INT64_MIN);
	for (int64_t i = 0; i < nb; i++) {
		int64_t bf = first + i * step, bt = bf + step;

		int in = !missing || !sq_ls_missing(&st, bf < req->from ? req->from : bf);

		rc |= sb_addf(&b, "%s{\"from\":%" PRId64 ",\"to\":%" PRId64 ",\"count\":%" PRId64
		    ",\"progress\":\"%s\"}", i ? "," : "", bf < req->from ? req->from : bf,
		    bt > req->to ? req->to : bt, cnt[i], in ? "Complete" : "Incomplete");
		complete &= in;
	}
	sq_ls_unread(q, ls);
	rc |= sb_addc(&b, ']');
	res->body = sb_take(&b, &res->body_len);
	res->count = total;
	res->complete = complete;
	free(cnt);
	free(bm);
	sq_search_free(s);
	if (rc) {
		sq_result_free(res);
		sq_err_set(err, "InternalServerError", "reply too large");
		return -1;
	}
	return 0;
}

/* ---- GetContextLogs ----------------------------------------------------- */

/* Walk from (pack position pi, row index ri of that group) in direction
 * dir, collecting up to want rows into out. */
static size_t
sq_query_ctx_walk(const struct sq_ls *ls, const struct sq_pack *pk, uint32_t pi, int64_t ri,
    int dir, int64_t want, uint32_t *out)
{
	size_t n = 0;

	for (;;) {
		const struct sq_group *g = &ls->groups[pk->g[pi]];

		ri += dir;
		if (ri < 0 || ri >= (int64_t)g->nrows) {
			if ((dir < 0 && pi == 0) || (dir > 0 && pi + 1 >= pk->n))
				return n;
			pi += (uint32_t)dir;
			g = &ls->groups[pk->g[pi]];
			ri = dir < 0 ? (int64_t)g->nrows : -1;
			continue;
		}
		if ((int64_t)n >= want)
			return n;
		out[n++] = g->row0 + (uint32_t)ri;
	}
}

static int
sq_query_ctx_find(const struct sq_ls *ls, const char *pack_id, const struct pack_meta *pm,
    uint32_t *gi, uint32_t *pi, struct sq_err *err)
{
	char want[64];
	const struct sq_pack *pk;

	if (!sq_model_group_at(ls, pm->shard, pm->cursor, gi)) {
		sq_err_set(err, "ParameterInvalid", "pack_meta points to no log group");
		return -1;
	}
	sq_model_pack_id(ls, *gi, want, sizeof want);
	if (strcasecmp(want, pack_id) != 0) {
		sq_err_set(err, "ParameterInvalid", "pack_id %.64s does not match pack_meta", pack_id);
		return -1;
	}
	if (pm->index < 0 || (uint32_t)pm->index >= ls->groups[*gi].nrows) {
		sq_err_set(err, "ParameterInvalid", "pack_meta index is out of range");
		return -1;
	}
	pk = &ls->packv[ls->groups[*gi].pack];
	for (*pi = 0; *pi < pk->n && pk->g[*pi] != *gi; (*pi)++)
		;
	return 0;
}

int
sq_query_context(struct sq *q, int64_t id, const char *pack_id, const char *pack_meta, int64_t back,
    int64_t forward, struct sq_result *res, struct sq_err *err)
{
	struct pack_meta pm;
	struct sq_ls *ls;
	uint32_t gi, pi, bk[100], fw[100];
	size_t nb, nf;
	struct sb b;
	int rc = 0;

	memset(res, 0, sizeof *res);
	if (pack_id == NULL || pack_meta == NULL || pack_meta_decode(pack_meta, &pm) != 0) {
		sq_err_set(err, "ParameterInvalid", "pack_id and a valid pack_meta are required");
		return -1;
	}
	if (back < 0 || back > 100 || forward < 0 || forward > 100) {
		sq_err_set(err, "ParameterInvalid", "back_lines and forward_lines must be in [0, 100]");
		return -1;
	}
	if (sq_ls_read(q, id, &ls, err) != 0)
		return -1;
	if (ls == NULL) {
		sq_err_set(err, "ParameterInvalid", "pack_meta points to no log group");
		return -1;
	}
	if (sq_query_ctx_find(ls, pack_id, &pm, &gi, &pi, err) != 0) {
		sq_ls_unread(q, ls);
		return -1;
	}
	nb = sq_query_ctx_walk(ls, &ls->packv[ls->groups[gi].pack], pi, pm.index, -1, back, bk);
	nf = sq_query_ctx_walk(ls, &ls->packv[ls->groups[gi].pack], pi, pm.index, 1, forward, fw);
	sb_init(&b, SQ_MAX_REPLY);
	rc |= sb_addf(&b, "{\"progress\":\"Complete\",\"total_lines\":%zu,\"back_lines\":%zu,"
	    "\"forward_lines\":%zu,\"logs\":[", nb + nf ? nb + nf + 1 : 0, nb, nf);
	if (nb + nf) {
		for (size_t i = nb; i > 0; i--) {
			rc |= sq_query_row_json(ls, bk[i - 1], 1, -(int64_t)i, &b);
			rc |= sb_addc(&b, ',');
		}
		rc |= sq_query_row_json(ls, ls->groups[gi].row0 + (uint32_t)pm.index, 1, 0, &b);
		for (size_t i = 0; i < nf; i++) {
			rc |= sb_addc(&b, ',');
			rc |= sq_query_row_json(ls, fw[i], 1, (int64_t)i + 1, &b);
		}
	}
	sq_ls_unread(q, ls);
	rc |= sb_adds(&b, "]}");
	res->body = sb_take(&b, &res->body_len);
	res->count = (int64_t)(nb + nf ? nb + nf + 1 : 0);
	res->complete = 1;
	if (rc) {
		sq_result_free(res);
		sq_err_set(err, "InternalServerError", "reply too large");
		return -1;
	}
	return 0;
}

/* ---- ListTopics --------------------------------------------------------- */

static int
sq_query_strptr_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
sq_query_topics(struct sq *q, int64_t id, int64_t line, const char *token, struct sq_result *res,
    struct sq_err *err)
{
	struct sq_ls *ls;
	char **v = NULL;
	size_t n = 0, start = 0, i, shown = 0;
	struct sb b;
	int rc = 0;

	memset(res, 0, sizeof *res);
	if (line <= 0 || line > 1000)
		line = 100;
	if (sq_ls_read(q, id, &ls, err) != 0)
		return -1;
	if (ls != NULL) {
		v = xcalloc(ls->topics.n + 1, sizeof *v);
		for (uint32_t t = 0; t < ls->topics.n; t++)
			if (ls->topics.len[t] && ls->topic_rows[t])
				v[n++] = xstrdup(ls->topics.s[t]);
	}
	sq_ls_unread(q, ls);
	if (n)
		qsort(v, n, sizeof *v, sq_query_strptr_cmp);
	while (token && *token && start < n && strcmp(v[start], token) <= 0)
		start++;
	sb_init(&b, SQ_MAX_REPLY);
	rc |= sb_addc(&b, '[');
	for (i = start; i < n && (int64_t)shown < line; i++, shown++) {
		if (shown)
			rc |= sb_addc(&b, ',');
		rc |= sq_json_str(&b, v[i], strlen(v[i]), 0);
	}
	rc |= sb_addc(&b, ']');
	res->next_token = xstrdup(i < n && shown ? v[i - 1] : "");
	res->body = sb_take(&b, &res->body_len);
	res->count = (int64_t)shown;
	res->complete = 1;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	return rc ? -1 : 0;
}

/* ---- GetProjectLogs ----------------------------------------------------- */

/* ids ascending (the lock order) with their names; n is small (the
 * logstores one SQL statement names). */
static void
sq_query_ids_sort(int64_t *ids, const char **tn, size_t n)
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && ids[j - 1] > ids[j]; j--) {
			int64_t t = ids[j];
			const char *x = tn[j];

			ids[j] = ids[j - 1];
			tn[j] = tn[j - 1];
			ids[j - 1] = t;
			tn[j - 1] = x;
		}
}

static int
sq_query_project_run(struct sq *q, const char *query, int64_t (*resolve)(void *ctx,
    const char *name), void *ctx, struct sq_result *res, struct sq_err *err)
{
	int64_t t0 = clk_mono_ms();
	char **names = NULL;
	size_t nn = sq_sql_names(query ? query : "", &names), ns = 0;
	struct sq_scope *sc = xcalloc(nn + 1, sizeof *sc);
	const char **tn = xcalloc(nn + 1, sizeof *tn);
	int64_t *ids = xcalloc(nn + 1, sizeof *ids);
	struct sq_ls **lss = xcalloc(nn + 1, sizeof *lss);
	struct sb data, keys, types;
	struct sq_sqlout o = { &data, &keys, &types, 0, 0, 0 };
	struct sq_split sp = { query ? query : "", 0, query, 0 };
	struct sq_search *s = NULL;
	struct sq_meta m = { 0 };
	int rc = -1, locked = 0, complete = 1;

	memset(res, 0, sizeof *res);
	sb_init(&data, SQ_MAX_REPLY);
	sb_init(&keys, 1 << 20);
	sb_init(&types, 1 << 20);
	if (query == NULL || strncasecmp(sq_query_skip_ws(query), "select", 6) != 0) {
		sq_err_set(err, "ParameterInvalid", "GetProjectLogs needs an SQL SELECT statement");
		goto out;
	}
	if (!sq_sql_time_bounded(query)) {
		sq_err_set(err, "ParameterInvalid", "the SQL must bound the time range with __time__ "
		    "or __date__ in its WHERE condition");
		goto out;
	}
	for (size_t i = 0; i < nn; i++) {
		int64_t id = resolve(ctx, names[i]);

		if (id >= 0) {
			tn[ns] = names[i];
			ids[ns++] = id;
		}
	}
	if (ns == 0) {
		sq_err_set(err, "ParameterInvalid", "name a logstore of this project in FROM");
		goto out;
	}
	sq_query_ids_sort(ids, tn, ns);
	for (size_t i = 0; i < ns; i++) {
		struct sq_loadst st;

		sq_ls_load_state(q, ids[i], &st);
		complete &= !sq_ls_missing(&st, INT64_MIN);
	}
	if (sq_ls_read_many(q, ids, ns, lss, err) != 0)
		goto out;
	locked = 1;
	for (size_t i = 0; i < ns; i++) {
		struct sq_ls *ls = lss[i];

		if (ls == NULL || ls->ix == NULL) {
			sq_err_set(err, "IndexConfigNotExist", "logstore %s without index config", tn[i]);
			goto out;
		}
		sc[i] = (struct sq_scope){ ls, NULL, 0, ls->norder, UINT32_MAX, 0, 0 };
	}
	if (sq_sql_run(sc, tn, ns, query, &o, err) != 0)
		goto out;
	for (size_t i = 0; i < ns; i++)
		sq_ls_unread(q, lss[i]);
	locked = 0;
	s = sq_search_parse(NULL, "", 0, err);
	sp.search_n = 0;
	sp.search = "";
	m = (struct sq_meta){ o.rows, o.processed, clk_mono_ms() - t0, 1, o.limited, 0, &sp, s,
		&keys, &types, complete };
	sq_query_meta_build(&m, res, &data);
	if (sq_query_result_v1(res, &data, err) != 0) {
		sq_result_free(res);
		goto out;
	}
	rc = 0;
out:
	for (size_t i = 0; locked && i < ns; i++)
		sq_ls_unread(q, lss[i]);
	free(lss);
	sq_search_free(s);
	for (size_t i = 0; i < nn; i++)
		free(names[i]);
	free(names);
	free(sc);
	free(tn);
	free(ids);
	sb_free(&data);
	sb_free(&keys);
	sb_free(&types);
	return rc;
}

int
sq_query_project_logs(struct sq *q, const char *query, int64_t (*resolve)(void *ctx,
    const char *name), void *ctx, struct sq_result *res, struct sq_err *err)
{
	if (query != NULL && strnlen(query, SQ_MAX_QUERY_LEN + 1) > SQ_MAX_QUERY_LEN) {
		memset(res, 0, sizeof *res);
		sq_err_set(err, "ParameterInvalid", "query is longer than %u bytes",
		    SQ_MAX_QUERY_LEN);
		return -1;
	}
	return sq_query_project_run(q, query, resolve, ctx, res, err);
}
