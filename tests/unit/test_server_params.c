/*
 * test_server_params — the request checks the seeds document and the
 * service makes (server/README.md, "Errors and limits"): GetLogs line
 * below 0 (over 100 is capped), offset below 0, reverse not true/false;
 * GetContextLogs with back_lines=0&forward_lines=0 or over 100; GetCursor
 * on a shard that does not exist (400); GetProjectLogs SQL without a time
 * range (__time__ or __date__ in its WHERE, seed 001) is ParameterInvalid.
 * GetLogs line=0 gives no rows (seed 003: 0..100; absent: 100). And PullLogs
 * asking for zstd (Accept-Encoding: zstd) is answered in zstd, saying so,
 * with the same bytes as lz4 gives.
 */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "base/sb.h"
#include "proto/compress.h"
#include "proto/pb.h"
#include "server/sd_auth.h"
#include "server/sd_catalog.h"
#include "server/sd_http.h"
#include "server/sd_store.h"
#include "tests/slsreq.h"
#include "tests/unit/t.h"

static struct sd_server tp_srv;
static struct slsreq_opts tp_o = { "tid", "tsecret", "p1.localhost", "application/json", NULL,
	NULL, 0, 0, 0 };

/* GET path?q (or POST json); the status, errorCode in code. */
static long
tp_req(const char *method, const char *path, const struct sign_kv *q, size_t nq,
    const char *json, char *code, size_t n)
{
	struct slsreq r;
	struct slsreq_opts o = tp_o;
	cJSON *j;
	const cJSON *c;
	long st;

	o.rawlen = json ? strlen(json) : 0;
	slsreq_perform(&r, tp_srv.port, &o, method, path, q, nq, json, json ? strlen(json) : 0);
	st = r.status;
	j = cJSON_Parse(sb_str(&r.resp));
	c = cJSON_IsObject(j) ? cJSON_GetObjectItem(j, "errorCode") : NULL;
	snprintf(code, n, "%s", cJSON_IsString(c) ? c->valuestring : "");
	cJSON_Delete(j);
	slsreq_done(&r);
	return st;
}

static void
tp_expect(const char *method, const char *path, const struct sign_kv *q, size_t nq,
    const char *json, long want, const char *want_code)
{
	char code[64];
	long st = tp_req(method, path, q, nq, json, code, sizeof code);

	if (st != want)
		fprintf(stderr, "    %s %s %s: %ld %s\n", method, path, nq ? q[nq - 1].value : "",
		    st, code);
	T_EQ_INT(st, want);
	T_EQ_STR(code, want_code);
}

static void
tp_start(void)
{
	char err[256];
	struct sd_err serr;
	struct sd_logstore ls;

	memset(&tp_srv, 0, sizeof tp_srv);
	tp_srv.keys = sd_auth_keys_new();
	sd_auth_keys_add(tp_srv.keys, "tid", "tsecret", 0);
	tp_srv.store = sd_store_open(NULL, &serr);
	T_REQUIRE(tp_srv.store != NULL);
	T_REQUIRE(sd_http_start(&tp_srv, "127.0.0.1", 0, err, sizeof err) == 0);
	T_REQUIRE(sd_catalog_project_create(tp_srv.store, "p1", "", &serr) == 0);
	memset(&ls, 0, sizeof ls);
	snprintf(ls.name, sizeof ls.name, "web");
	ls.ttl = 7;
	ls.shard_count = 2;
	T_REQUIRE(sd_catalog_logstore_create(tp_srv.store, "p1", &ls, &serr) == 0);
	T_REQUIRE(sd_catalog_logstore_get(tp_srv.store, "p1", "web", &ls, &serr) == 0);
	T_REQUIRE(sd_catalog_index_set(tp_srv.store, ls.id, "{\"line\":{\"token\":[\" \"]}}",
	    &serr) == 0);
}

static void
tp_stop(void)
{
	sd_http_stop(&tp_srv);
	sd_store_close(tp_srv.store);
	sd_auth_keys_free(tp_srv.keys);
}

/* n logs into shard 0 of web. */
static void
tp_put(int n)
{
	struct pb_page *pg = pb_page_new();
	struct sd_logstore ls;
	struct sd_err serr;
	struct sb b;

	T_REQUIRE(sd_catalog_logstore_get(tp_srv.store, "p1", "web", &ls, &serr) == 0);
	pb_add_group(pg, "t", "s", NULL);
	for (int i = 0; i < n; i++) {
		pb_add_log(pg, 1700000000, 0, 0);
		pb_add_field(pg, "msg", 3, "hello", 5);
	}
	sb_init(&b, 0);
	T_REQUIRE(pb_encode_group(pg, 0, &b) == 0);
	T_REQUIRE(sd_store_put_group(tp_srv.store, ls.id, 0, NULL, b.p, b.len, 1700000000, n,
	    &serr) == 0);
	sb_free(&b);
	pb_page_free(pg);
}

/* GetLogs v1 rows (x-log-count); -1 unless 200. */
static long
tp_count(const struct sign_kv *q, size_t nq)
{
	struct slsreq r;
	long n;

	slsreq_perform(&r, tp_srv.port, &tp_o, "GET", "/logstores/web", q, nq, NULL, 0);
	n = r.status == 200 ? r.count : -1;
	slsreq_done(&r);
	return n;
}

#define TP_GETLOGS(extra_k, extra_v)                                                     \
	{ { "type", "log" }, { "from", "1" }, { "to", "2000000000" }, { "query", "*" },    \
	  { extra_k, extra_v } }

static void
test_getlogs_params(void)
{
	tp_start();
	{
		struct sign_kv q[] = TP_GETLOGS("line", "-1");

		tp_expect("GET", "/logstores/web", q, 5, NULL, 400, "InvalidLine");
		q[4].value = "1000"; /* the service caps it at 100 rows */
		tp_expect("GET", "/logstores/web", q, 5, NULL, 200, "");
		q[4].value = "0";
		tp_expect("GET", "/logstores/web", q, 5, NULL, 200, "");
	}
	tp_put(7);
	{
		struct sign_kv q[] = TP_GETLOGS("line", "0");

		T_EQ_INT(tp_count(q, 5), 0);   /* 0..100 (seed 003): 0 rows */
		q[4].value = "3";
		T_EQ_INT(tp_count(q, 5), 3);
		q[4].value = "1000";           /* capped, as the service does */
		T_EQ_INT(tp_count(q, 5), 7);
		T_EQ_INT(tp_count(q, 4), 7);   /* absent: 100 */
	}
	{
		struct sign_kv q[] = TP_GETLOGS("offset", "-1");

		tp_expect("GET", "/logstores/web", q, 5, NULL, 400, "ParameterInvalid");
	}
	{
		struct sign_kv q[] = TP_GETLOGS("reverse", "maybe");

		tp_expect("GET", "/logstores/web", q, 5, NULL, 400, "InvalidReverse");
		q[4].value = "TRUE";
		tp_expect("GET", "/logstores/web", q, 5, NULL, 200, "");
		q[4].value = "false";
		tp_expect("GET", "/logstores/web", q, 5, NULL, 200, "");
	}
	tp_expect("POST", "/logstores/web/logs", NULL, 0,
	    "{\"from\":1,\"to\":2000000000,\"query\":\"*\",\"reverse\":\"maybe\"}", 400,
	    "InvalidReverse");
	tp_expect("POST", "/logstores/web/logs", NULL, 0,
	    "{\"from\":1,\"to\":2000000000,\"query\":\"*\",\"line\":-5}", 400, "InvalidLine");
	tp_expect("POST", "/logstores/web/logs", NULL, 0,
	    "{\"from\":1,\"to\":2000000000,\"query\":\"*\",\"reverse\":true,\"line\":1000}", 200,
	    "");
	tp_stop();
}

static void
test_context_cursor_project(void)
{
	tp_start();
	{
		struct sign_kv q[] = { { "type", "context_log" }, { "pack_id", "AB-1" },
			{ "pack_meta", "0|MTU1|0|0" }, { "back_lines", "0" }, { "forward_lines", "0" } };

		tp_expect("GET", "/logstores/web", q, 5, NULL, 400, "ParameterInvalid");
		q[3].value = "101";
		tp_expect("GET", "/logstores/web", q, 5, NULL, 400, "ParameterInvalid");
		q[3].value = "1";
		q[4].value = "101";
		tp_expect("GET", "/logstores/web", q, 5, NULL, 400, "ParameterInvalid");
	}
	{
		struct sign_kv q[] = { { "type", "cursor" }, { "from", "begin" } };

		tp_expect("GET", "/logstores/web/shards/9", q, 2, NULL, 400, "ShardNotExist");
		tp_expect("GET", "/logstores/web/shards/1", q, 2, NULL, 200, "");
	}
	{
		struct sign_kv q[] = { { "query", "select count(1) as n from web" } };

		tp_expect("GET", "/logs", q, 1, NULL, 400, "ParameterInvalid"); /* seed 001 */
		q[0].value = "select __time__ from web"; /* named, but bounds nothing */
		tp_expect("GET", "/logs", q, 1, NULL, 400, "ParameterInvalid");
		q[0].value = "select count(1) as n from web where msg = '__time__'";
		tp_expect("GET", "/logs", q, 1, NULL, 400, "ParameterInvalid");
		q[0].value = "select count(1) as n from web where \"__time__\" > 1";
		tp_expect("GET", "/logs", q, 1, NULL, 200, "");
		q[0].value = "SELECT count(1) as n FROM web WHERE __time__ > 1";
		tp_expect("GET", "/logs", q, 1, NULL, 200, "");
		q[0].value = "select count(1) as n from web where __time__ > 1";
		tp_expect("GET", "/logs", q, 1, NULL, 200, "");
		q[0].value = "select count(1) as n from web where __date__ > '2020-01-01 00:00:00'";
		tp_expect("GET", "/logs", q, 1, NULL, 200, "");
	}
	tp_stop();
}

/* PullLogs of shard 0 from its first cursor with Accept-Encoding ae; the
 * decompressed body (malloc'd) and its size. */
static void *
tp_pull(const char *ae, const char *cursor, size_t *len)
{
	struct slsreq r;
	struct slsreq_opts o = tp_o;
	struct sign_kv q[] = { { "type", "log" }, { "cursor", cursor }, { "count", "10" } };
	void *out = NULL;

	o.accept_encoding = ae;
	slsreq_perform(&r, tp_srv.port, &o, "GET", "/logstores/web/shards/0", q, 3, NULL, 0);
	T_EQ_INT(r.status, 200);
	T_EQ_STR(r.compress, ae);
	T_CHECK(r.rawsize > 0);
	*len = r.rawsize > 0 ? (size_t)r.rawsize : 0;
	T_CHECK(cz_decompress(strcmp(ae, "zstd") == 0 ? CZ_ZSTD : cz_parse(ae), r.resp.p,
	    r.resp.len, *len, 1 << 20, &out) == 0);
	slsreq_done(&r);
	return out;
}

static void
test_pull_zstd(void)
{
	struct pb_page *pg = pb_page_new();
	struct sd_logstore ls;
	struct sd_err serr;
	struct slsreq r;
	struct sign_kv q[] = { { "type", "cursor" }, { "from", "begin" } };
	char cursor[64];
	cJSON *j;
	struct sb b;
	void *z, *l;
	size_t zn, ln;

	tp_start();
	T_REQUIRE(sd_catalog_logstore_get(tp_srv.store, "p1", "web", &ls, &serr) == 0);
	pb_add_group(pg, "t", "s", NULL);
	for (int i = 0; i < 50; i++) {
		pb_add_log(pg, 1700000000, 0, 0);
		pb_add_field(pg, "msg", 3, "hello zstd hello zstd", 21);
	}
	sb_init(&b, 0);
	T_REQUIRE(pb_encode_group(pg, 0, &b) == 0);
	T_REQUIRE(sd_store_put_group(tp_srv.store, ls.id, 0, NULL, b.p, b.len, 1700000000, 50,
	    &serr) == 0);
	sb_free(&b);
	pb_page_free(pg);
	slsreq_perform(&r, tp_srv.port, &tp_o, "GET", "/logstores/web/shards/0", q, 2, NULL, 0);
	j = cJSON_Parse(sb_str(&r.resp));
	snprintf(cursor, sizeof cursor, "%s", cJSON_GetStringValue(cJSON_GetObjectItem(j,
	    "cursor")) ? cJSON_GetStringValue(cJSON_GetObjectItem(j, "cursor")) : "");
	cJSON_Delete(j);
	slsreq_done(&r);
	z = tp_pull("zstd", cursor, &zn);
	l = tp_pull("lz4", cursor, &ln);
	T_EQ_INT(zn, ln);
	T_CHECK(z != NULL && l != NULL && zn == ln && memcmp(z, l, zn) == 0);
	free(z);
	free(l);
	free(tp_pull("deflate", cursor, &ln));
	tp_stop();
}

#define T_LIST(X) X(test_getlogs_params) X(test_context_cursor_project) X(test_pull_zstd)
T_MAIN(T_LIST)
