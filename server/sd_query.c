/*
 * sd_query — slsd's query routes (spec §4.9–§4.15): request parameters in,
 * the query engine (sq.h) asked, replies out with the headers each SDK
 * needs (x-log-progress, x-log-count, x-log-nexttoken, ...).
 */
#include "server/sd_query.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "base/sb.h"
#include "server/sd_catalog.h"
#include "server/sd_req.h"
#include "server/sd_resp.h"
#include "server/sd_store.h"
#include "sq/sq.h"

static void
sd_query_error(struct sd_resp *rs, const struct sq_err *e)
{
	int status = strcmp(e->code, "InternalServerError") == 0 ? 500 :
	    strcmp(e->code, "ServerBusy") == 0 ? 503 : 400;

	sd_resp_error(rs, status, e->code, e->msg);
}

static int
sd_query_bool(const char *v)
{
	return v != NULL && (strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0);
}

static void
sd_query_bad(struct sd_resp *rs, const char *msg)
{
	sd_resp_error(rs, 400, "ParameterInvalid", msg);
}

/* line, offset and reverse as the service checks them: line over 100 is
 * capped (not an error, as real SLS answers line=1000), below 0 InvalidLine
 * (seed 003), offset below 0 ParameterInvalid (SDK tests), reverse other
 * than true/false InvalidReverse (seed 003). rev: reverse as sent or NULL. */
static int
sd_query_check(struct sd_resp *rs, const struct sq_getlogs_req *r, const char *rev)
{
	if (r->line < 0) {
		sd_resp_error(rs, 400, "InvalidLine", "line is invalid");
		return -1;
	}
	if (r->offset < 0) {
		sd_resp_error(rs, 400, "ParameterInvalid", "offset is invalid");
		return -1;
	}
	if (rev != NULL && strcasecmp(rev, "true") != 0 && strcasecmp(rev, "false") != 0) {
		sd_resp_error(rs, 400, "InvalidReverse", "Reverse value is invalid");
		return -1;
	}
	return 0;
}

/* GetLogs/GetHistograms parameters from the query string. */
static int
sd_query_params(const struct sd_req *rq, struct sd_resp *rs, struct sq_getlogs_req *r)
{
	memset(r, 0, sizeof *r);
	if (sd_req_query(rq, "from") == NULL || sd_req_query(rq, "to") == NULL) {
		sd_query_bad(rs, "from and to are required");
		return -1;
	}
	if (sd_req_parse_int(sd_req_query(rq, "from"), 0, &r->from) ||
	    sd_req_parse_int(sd_req_query(rq, "to"), 0, &r->to)) {
		sd_query_bad(rs, "The parameter from must be a positive integer");
		return -1;
	}
	if (sd_req_parse_int(sd_req_query(rq, "line"), 100, &r->line) ||
	    sd_req_parse_int(sd_req_query(rq, "offset"), 0, &r->offset) ||
	    sd_req_parse_int(sd_req_query(rq, "interval"), 0, &r->interval)) {
		sd_query_bad(rs, "line, offset and interval must be integers");
		return -1;
	}
	if (sd_query_check(rs, r, sd_req_query(rq, "reverse")) != 0)
		return -1;
	r->query = sd_req_query(rq, "query");
	r->topic = sd_req_query(rq, "topic");
	r->reverse = sd_query_bool(sd_req_query(rq, "reverse"));
	r->power_sql = sd_query_bool(sd_req_query(rq, "powerSql"));
	return 0;
}

static int
sd_query_jint(const cJSON *o, const char *k, int64_t def, int64_t *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	*out = def;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (cJSON_IsNumber(v) && v->valuedouble >= -9e15 && v->valuedouble <= 9e15) {
		*out = (int64_t)v->valuedouble;
		return 0;
	}
	if (cJSON_IsString(v))
		return sd_req_parse_int(v->valuestring, def, out);
	return -1;
}

static int
sd_query_jbool(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsTrue(v) || (cJSON_IsString(v) && sd_query_bool(v->valuestring));
}

/* GetLogs v2 parameters from the JSON body; RUST spells line "lines". */
static int
sd_query_body(const struct sd_req *rq, struct sd_resp *rs, cJSON **root, struct sq_getlogs_req *r)
{
	cJSON *o = cJSON_ParseWithLength(rq->body.p ? rq->body.p : "", rq->body.len);
	const cJSON *q, *t;

	memset(r, 0, sizeof *r);
	*root = o;
	if (!cJSON_IsObject(o)) {
		sd_resp_error(rs, 400, "PostBodyInvalid", "the request body is not a JSON object");
		return -1;
	}
	if (!cJSON_GetObjectItemCaseSensitive(o, "from") ||
	    !cJSON_GetObjectItemCaseSensitive(o, "to")) {
		sd_query_bad(rs, "from and to are required");
		return -1;
	}
	if (sd_query_jint(o, "from", 0, &r->from) || sd_query_jint(o, "to", 0, &r->to)) {
		sd_query_bad(rs, "The parameter from must be a positive integer");
		return -1;
	}
	if (sd_query_jint(o, "line", 100, &r->line) || sd_query_jint(o, "offset", 0, &r->offset)) {
		sd_query_bad(rs, "line and offset must be integers");
		return -1;
	}
	if (cJSON_GetObjectItemCaseSensitive(o, "line") == NULL &&
	    sd_query_jint(o, "lines", 100, &r->line)) {
		sd_query_bad(rs, "lines must be an integer");
		return -1;
	}
	q = cJSON_GetObjectItemCaseSensitive(o, "reverse");
	if (sd_query_check(rs, r, q == NULL || cJSON_IsBool(q) || cJSON_IsNull(q) ? NULL :
	    cJSON_IsString(q) ? q->valuestring : "") != 0)
		return -1;
	q = cJSON_GetObjectItemCaseSensitive(o, "query");
	t = cJSON_GetObjectItemCaseSensitive(o, "topic");
	r->query = cJSON_IsString(q) ? q->valuestring : NULL;
	r->topic = cJSON_IsString(t) ? t->valuestring : NULL;
	r->reverse = sd_query_jbool(o, "reverse");
	r->power_sql = sd_query_jbool(o, "powerSql");
	return 0;
}

static void
sd_query_v1_headers(struct sd_resp *rs, const struct sq_result *res, int power_sql)
{
	sd_resp_header(rs, "x-log-progress", "%s", res->complete ? "Complete" : "Incomplete");
	sd_resp_header(rs, "x-log-count", "%" PRId64, res->count);
	sd_resp_header(rs, "x-log-processed-rows", "%" PRId64, res->processed_rows);
	sd_resp_header(rs, "x-log-elapsed-millisecond", "%" PRId64, res->elapsed_ms);
	sd_resp_header(rs, "x-log-has-sql", "%s", res->has_sql ? "true" : "false");
	sd_resp_header(rs, "x-log-where-query", "%s", res->where_query ? res->where_query : "");
	sd_resp_header(rs, "x-log-agg-query", "%s", res->agg_query ? res->agg_query : "");
	sd_resp_header(rs, "x-log-cpu-sec", "0.001");
	sd_resp_header(rs, "x-log-cpu-cores", "1");
	sd_resp_header(rs, "x-log-power-sql", "%s", power_sql && res->has_sql ? "true" : "false");
	sd_resp_header(rs, "x-log-query-info", "%s", res->query_info ? res->query_info : "{}");
}

static int
sd_query_body_set(struct sd_resp *rs, const char *p, size_t n)
{
	sb_reset(&rs->body);
	if (sb_add(&rs->body, p, n) != 0) {
		sd_resp_error(rs, 500, "InternalServerError", "reply too large");
		return -1;
	}
	rs->status = 200;
	rs->content_type = "application/json";
	return 0;
}

static void
sd_query_getlogs(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs,
    const struct sd_logstore *ls, int v2)
{
	struct sq_getlogs_req r;
	struct sq_result res;
	struct sq_err err;
	cJSON *root = NULL;

	if ((v2 ? sd_query_body(rq, rs, &root, &r) : sd_query_params(rq, rs, &r)) != 0) {
		cJSON_Delete(root);
		return;
	}
	if (sq_query_getlogs(sd_store_sq(srv->store), ls->id, &r, &res, &err) != 0) {
		cJSON_Delete(root);
		sd_query_error(rs, &err);
		return;
	}
	cJSON_Delete(root);
	if (v2) {
		if (sd_query_body_set(rs, res.body, res.body_len) == 0) {
			sd_resp_header(rs, "x-log-progress", "%s",
			    res.complete ? "Complete" : "Incomplete");
			sd_resp_header(rs, "x-log-count", "%" PRId64, res.count);
			if (sd_resp_encode(rq, rs, 0) != 0)
				sd_resp_error(rs, 500, "InternalServerError", "cannot compress reply");
		}
	} else if (sd_query_body_set(rs, res.body_v1, res.body_v1_len) == 0) {
		sd_query_v1_headers(rs, &res, r.power_sql);
	}
	sq_result_free(&res);
}

/* GetLogs v1 (GET /logstores/{ls}?type=log). */
void
sd_query_getlogs_v1(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	sd_query_getlogs(srv, rq, rs, rq->ls, 0);
}

/* GetLogs v2 (POST /logstores/{ls}/logs). */
void
sd_query_getlogs_v2(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	sd_query_getlogs(srv, rq, rs, rq->ls, 1);
}

void
sd_query_histogram(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	const struct sd_logstore *ls = rq->ls;
	struct sq_getlogs_req r;
	struct sq_result res;
	struct sq_err err;

	if (sd_query_params(rq, rs, &r) != 0)
		return;
	if (sq_query_histograms(sd_store_sq(srv->store), ls->id, &r, &res, &err) != 0) {
		sd_query_error(rs, &err);
		return;
	}
	if (sd_query_body_set(rs, res.body, res.body_len) == 0) {
		sd_resp_header(rs, "x-log-progress", "%s", res.complete ? "Complete" : "Incomplete");
		sd_resp_header(rs, "x-log-count", "%" PRId64, res.count);
		sd_resp_header(rs, "x-log-scanbytes", "0");
	}
	sq_result_free(&res);
}

void
sd_query_context(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	const struct sd_logstore *ls = rq->ls;
	int64_t back, fwd;
	struct sq_result res;
	struct sq_err err;

	if (sd_req_parse_int(sd_req_query(rq, "back_lines"), 0, &back) ||
	    sd_req_parse_int(sd_req_query(rq, "forward_lines"), 0, &fwd)) {
		sd_query_bad(rs, "back_lines and forward_lines must be integers");
		return;
	}
	if (back == 0 && fwd == 0) {
		sd_query_bad(rs, "back_lines and forward_lines are both 0: ask for at least one line");
		return;
	}
	if (sq_query_context(sd_store_sq(srv->store), ls->id, sd_req_query(rq, "pack_id"),
	    sd_req_query(rq, "pack_meta"), back, fwd, &res, &err) != 0) {
		sd_query_error(rs, &err);
		return;
	}
	if (sd_query_body_set(rs, res.body, res.body_len) == 0) {
		sd_resp_header(rs, "x-log-progress", "Complete");
		sd_resp_header(rs, "x-log-count", "%" PRId64, res.count);
	}
	sq_result_free(&res);
}

void
sd_query_topics(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	const struct sd_logstore *ls = rq->ls;
	int64_t line;
	struct sq_result res;
	struct sq_err err;

	if (sd_req_parse_int(sd_req_query(rq, "line"), 100, &line)) {
		sd_query_bad(rs, "line must be an integer");
		return;
	}
	if (sq_query_topics(sd_store_sq(srv->store), ls->id, line, sd_req_query(rq, "token"), &res,
	    &err) != 0) {
		sd_query_error(rs, &err);
		return;
	}
	if (sd_query_body_set(rs, res.body, res.body_len) == 0) {
		sd_resp_header(rs, "x-log-count", "%" PRId64, res.count);
		sd_resp_header(rs, "x-log-nexttoken", "%s", res.next_token ? res.next_token : "");
	}
	sq_result_free(&res);
}

struct sd_query_scope {
	struct sd_server *srv;
	const char *project;
};

static int64_t
sd_query_resolve(void *ctx, const char *name)
{
	struct sd_query_scope *r = ctx;
	struct sd_logstore ls;
	struct sd_err err;

	if (strlen(name) >= sizeof ls.name)
		return -1;
	return sd_catalog_logstore_get(r->srv->store, r->project, name, &ls, &err) == 0 ? ls.id : -1;
}

void
sd_query_projectlogs(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	struct sd_query_scope ctx = { srv, rq->project };
	struct sq_result res;
	struct sq_err err;
	const char *sql = sd_req_query(rq, "query");

	/* seed 001 says the SQL must bound the time with __time__ or __date__;
	 * slsd does not refuse it yet: slsx's own e2e (tests/e2e/cli_query.sh)
	 * sends project SQL without one (server/README.md) */
	if (sq_query_project_logs(sd_store_sq(srv->store), sql, sd_query_resolve,
	    &ctx, &res, &err) != 0) {
		sd_query_error(rs, &err);
		return;
	}
	if (sd_query_body_set(rs, res.body_v1, res.body_v1_len) == 0)
		sd_query_v1_headers(rs, &res, sd_query_bool(sd_req_query(rq, "powerSql")));
	sq_result_free(&res);
}
