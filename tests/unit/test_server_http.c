/*
 * test_server_http — slsd over real loopback HTTP (in-process daemon, libcurl
 * requests signed with proto/sign): endpoint vs project hosts, error
 * envelopes and statuses, auth failures, PutLogs body handling (lz4, deflate,
 * none, bad MD5, corrupt, empty, too large, routed), cursors, PullLogs
 * (same cursor back when empty, counts, paging, lz4/deflate bodies that
 * decode to what was written, server tags) and fault injection.
 */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "base/sb.h"
#include "proto/compress.h"
#include "proto/cursor.h"
#include "proto/pb.h"
#include "server/sd_auth.h"
#include "server/sd_fault.h"
#include "server/sd_http.h"
#include "server/sd_store.h"
#include "tests/slsreq.h"
#include "tests/unit/t.h"

static struct sd_server th_srv;
static struct slsreq_opts th_o = { "tid", "tsecret", "proj1.localhost", NULL, NULL, NULL, 0,
	0, 0 };

static int
th_start(const char *faults)
{
	char err[256];
	struct sd_err serr;

	memset(&th_srv, 0, sizeof th_srv);
	th_srv.keys = sd_auth_keys_new();
	sd_auth_keys_add(th_srv.keys, "tid", "tsecret", 0);
	th_srv.store = sd_store_open(NULL, &serr);
	if (faults)
		th_srv.faults = sd_fault_parse(faults, 1, err, sizeof err);
	return sd_http_start(&th_srv, "127.0.0.1", 0, err, sizeof err);
}

static void
th_stop(void)
{
	sd_http_stop(&th_srv);
	sd_store_close(th_srv.store);
	sd_auth_keys_free(th_srv.keys);
	sd_fault_free(th_srv.faults);
}

/* Simple request: JSON body or none; returns status, reply in r. */
static long
th_req(struct slsreq *r, const char *host, const char *method, const char *path,
    const struct sign_kv *q, size_t nq, const char *json)
{
	struct slsreq_opts o = th_o;

	o.host = host;
	o.content_type = "application/json";
	o.rawlen = json ? strlen(json) : 0;
	slsreq_perform(r, th_srv.port, &o, method, path, q, nq, json, json ? strlen(json) : 0);
	return r->status;
}

static const char *
th_code(const struct slsreq *r, char *buf, size_t n)
{
	cJSON *o = cJSON_Parse(sb_str(&r->resp));
	const cJSON *c = cJSON_GetObjectItem(o, "errorCode");

	snprintf(buf, n, "%s", cJSON_IsString(c) ? c->valuestring : "(none)");
	cJSON_Delete(o);
	return buf;
}

/* A LogGroup with n logs "i=<k>" (k from base), serialized into out. */
static void
th_group(struct sb *out, int n, int base)
{
	struct pb_page *pg = pb_page_new();
	char v[16];
	int i;

	pb_add_group(pg, "topic1", "10.1.1.1", NULL);
	pb_add_tag(pg, "env", 3, "test", 4);
	for (i = 0; i < n; i++) {
		snprintf(v, sizeof v, "%d", base + i);
		pb_add_log(pg, 1700000000, 0, 0);
		pb_add_field(pg, "i", 1, v, strlen(v));
	}
	sb_init(out, 0);
	(void)pb_encode_group(pg, 0, out);
	pb_page_free(pg);
}

/* PutLogs of a group compressed with ct ("lz4", "deflate" or NULL). */
static long
th_put(struct slsreq *r, const char *path, const struct sign_kv *q, size_t nq,
    const struct sb *g, const char *ct)
{
	struct slsreq_opts o = th_o;
	void *body;
	size_t blen;

	o.compress = ct;
	o.rawlen = g->len;
	cz_compress(cz_parse(ct), g->p, g->len, &body, &blen);
	slsreq_perform(r, th_srv.port, &o, "POST", path, q, nq, body, blen);
	free(body);
	return r->status;
}

static void
th_setup_project(void)
{
	struct slsreq r;

	th_req(&r, "localhost", "POST", "/", NULL, 0, "{\"projectName\":\"proj1\"}");
	slsreq_done(&r);
	th_req(&r, "proj1.localhost", "POST", "/logstores", NULL, 0,
	    "{\"logstoreName\":\"web\",\"ttl\":7,\"shardCount\":2,\"appendMeta\":true}");
	slsreq_done(&r);
}

static void
test_hosts_and_errors(void)
{
	struct slsreq r;
	char code[64];
	size_t i;

	T_REQUIRE(th_start(NULL) == 0);
	T_EQ_INT(th_req(&r, "localhost", "GET", "/", NULL, 0, NULL), 200);
	T_CHECK(strstr(sb_str(&r.resp), "\"total\":0") != NULL);
	T_EQ_INT(strlen(r.requestid), 24);
	for (i = 0; i < strlen(r.requestid); i++)
		T_CHECK(strchr("0123456789ABCDEF", r.requestid[i]) != NULL);
	slsreq_done(&r);
	th_setup_project();
	/* the project is the first label of Host, with or without a port */
	T_EQ_INT(th_req(&r, "proj1.127.0.0.1:80", "GET", "/", NULL, 0, NULL), 200);
	T_CHECK(strstr(sb_str(&r.resp), "\"projectName\":\"proj1\"") != NULL);
	slsreq_done(&r);
	T_EQ_INT(th_req(&r, "nope.localhost", "GET", "/logstores", NULL, 0, NULL), 404);
	T_EQ_STR(th_code(&r, code, sizeof code), "ProjectNotExist");
	T_EQ_STR(r.ctype, "application/json");
	slsreq_done(&r);
	T_EQ_INT(th_req(&r, "proj1.localhost", "GET", "/logstores/none", NULL, 0, NULL), 404);
	T_EQ_STR(th_code(&r, code, sizeof code), "LogStoreNotExist");
	slsreq_done(&r);
	T_EQ_INT(th_req(&r, "proj1.localhost", "POST", "/logstores", NULL, 0, "not json"), 400);
	T_EQ_STR(th_code(&r, code, sizeof code), "PostBodyInvalid");
	slsreq_done(&r);
	T_EQ_INT(th_req(&r, "proj1.localhost", "POST", "/logstores", NULL, 0,
	    "{\"logstoreName\":\"huge\",\"shardCount\":1e300}"), 400);
	T_EQ_STR(th_code(&r, code, sizeof code), "ParameterInvalid");
	slsreq_done(&r);
	T_EQ_INT(th_req(&r, "proj1.localhost", "POST", "/logstores", NULL, 0,
	    "{\"logstoreName\":\"Bad Name\",\"shardCount\":1}"), 400);
	T_EQ_STR(th_code(&r, code, sizeof code), "ParameterInvalid");
	slsreq_done(&r);
	/* wrong secret, skewed clock */
	{
		struct slsreq_opts o = th_o;

		o.ak_secret = "wrong";
		slsreq_perform(&r, th_srv.port, &o, "GET", "/", NULL, 0, NULL, 0);
		T_EQ_INT(r.status, 401);
		T_EQ_STR(th_code(&r, code, sizeof code), "SignatureNotMatch");
		slsreq_done(&r);
		o = th_o;
		o.date_offset = 20 * 60;
		slsreq_perform(&r, th_srv.port, &o, "GET", "/", NULL, 0, NULL, 0);
		T_EQ_INT(r.status, 400);
		T_EQ_STR(th_code(&r, code, sizeof code), "RequestTimeExpired");
		slsreq_done(&r);
	}
	/* query routes not implemented answer ParameterInvalid, never data */
	{
		struct sign_kv q[] = { { "type", "log" }, { "from", "1" }, { "to", "2" } };

		T_EQ_INT(th_req(&r, "proj1.localhost", "GET", "/logstores/web", q, 3, NULL), 400);
		slsreq_done(&r);
	}
	th_stop();
}

static void
test_put_and_pull(void)
{
	struct slsreq r;
	struct sb g;
	char code[64], begin[80];
	struct sign_kv qc[] = { { "type", "cursor" }, { "from", "begin" } };

	T_REQUIRE(th_start(NULL) == 0);
	th_setup_project();
	/* cursor of an empty shard; pull returns the same cursor, count 0 */
	T_EQ_INT(th_req(&r, "proj1.localhost", "GET", "/logstores/web/shards/0", qc, 2, NULL), 200);
	{
		cJSON *o = cJSON_Parse(sb_str(&r.resp));

		T_REQUIRE(cJSON_IsString(cJSON_GetObjectItem(o, "cursor")));
		snprintf(begin, sizeof begin, "%s", cJSON_GetObjectItem(o, "cursor")->valuestring);
		cJSON_Delete(o);
	}
	slsreq_done(&r);
	{
		struct sign_kv q[] = { { "type", "log" }, { "cursor", begin }, { "count", "10" } };

		T_EQ_INT(th_req(&r, "proj1.localhost", "GET", "/logstores/web/shards/0", q, 3, NULL),
		    200);
		T_EQ_INT(r.count, 0);
		T_EQ_INT(r.rawsize, 0);
		T_EQ_STR(r.cursor, begin);
		slsreq_done(&r);
	}
	/* write three groups to shard 0 (key routing), three ways */
	th_group(&g, 3, 0);
	{
		struct sign_kv key[] = { { "key", "00000000000000000000000000000001" } };

		T_EQ_INT(th_put(&r, "/logstores/web/shards/route", key, 1, &g, "lz4"), 200);
		slsreq_done(&r);
		T_EQ_INT(th_put(&r, "/logstores/web/shards/route", key, 1, &g, "deflate"), 200);
		slsreq_done(&r);
		T_EQ_INT(th_put(&r, "/logstores/web/shards/route", key, 1, &g, NULL), 200);
		slsreq_done(&r);
		key[0].value = "xyz";
		T_EQ_INT(th_put(&r, "/logstores/web/shards/route", key, 1, &g, "lz4"), 400);
		slsreq_done(&r);
	}
	/* GO's PutLogs path */
	T_EQ_INT(th_put(&r, "/logstores/web", NULL, 0, &g, "lz4"), 200);
	slsreq_done(&r);
	/* pull everything from shard 0 with lz4, then with deflate, paging by 1 */
	{
		struct sign_kv q[] = { { "type", "log" }, { "cursor", begin }, { "count", "100" } };
		struct pb_page *pg = pb_page_new();
		void *raw;
		size_t i, n;

		T_EQ_INT(th_req(&r, "proj1.localhost", "GET", "/logstores/web/shards/0", q, 3, NULL),
		    200);
		T_CHECK(r.count >= 3);
		T_EQ_STR(r.compress, "lz4");
		T_REQUIRE(r.rawsize > 0);
		T_REQUIRE(cz_decompress(CZ_LZ4, r.resp.p, r.resp.len, (size_t)r.rawsize, 1 << 24,
		    &raw) == 0);
		T_REQUIRE(pb_decode_list(pg, raw, (size_t)r.rawsize, NULL) == 0);
		free(raw);
		T_EQ_INT(pg->ngroups, r.count);
		T_EQ_INT(pg->logs[2].nfields, 1);
		{
			size_t vl;
			const char *v = pb_value(pg, &pg->fields[pg->logs[2].field0], &vl);

			T_EQ_STR(v, "2");
		}
		/* server tags: __receive_time__ and, with appendMeta, __client_ip__ */
		n = 0;
		for (i = pg->groups[0].tag0; i < pg->groups[0].tag0 + pg->groups[0].ntags; i++) {
			const char *k = pb_key(pg, pg->tags[i].key)->p;

			n += strcmp(k, "__receive_time__") == 0 || strcmp(k, "__client_ip__") == 0;
		}
		T_EQ_INT(n, 2);
		pb_page_free(pg);
		slsreq_done(&r);
		q[2].value = "1";
		T_EQ_INT(th_req(&r, "proj1.localhost", "GET", "/logstores/web/shards/0", q, 3, NULL),
		    200);
		T_EQ_INT(r.count, 1);
		T_CHECK(strcmp(r.cursor, begin) != 0);
		{
			int64_t a, b;

			T_CHECK(cursor_decode(begin, &a) == 0 && cursor_decode(r.cursor, &b) == 0);
			T_EQ_INT(b - a, 1);
		}
		slsreq_done(&r);
	}
	{
		struct sign_kv q[] = { { "type", "logs" }, { "cursor", begin }, { "count", "2" } };
		struct slsreq_opts o = th_o;

		o.accept_encoding = "deflate";
		slsreq_perform(&r, th_srv.port, &o, "GET", "/logstores/web/shards/0", q, 3, NULL, 0);
		T_EQ_INT(r.status, 200);
		T_EQ_STR(r.compress, "deflate");
		T_EQ_INT(r.count, 2);
		slsreq_done(&r);
	}
	{
		struct sign_kv q[] = { { "type", "log" }, { "cursor", "garbage" } };

		T_EQ_INT(th_req(&r, "proj1.localhost", "GET", "/logstores/web/shards/0", q, 2, NULL),
		    400);
		T_EQ_STR(th_code(&r, code, sizeof code), "ParameterInvalid");
		slsreq_done(&r);
	}
	sb_free(&g);
	th_stop();
}

static void
test_bad_bodies(void)
{
	struct slsreq r;
	struct slsreq_opts o = th_o;
	struct sb g;
	char code[64];
	char *big;

	T_REQUIRE(th_start(NULL) == 0);
	th_setup_project();
	th_group(&g, 2, 0);
	/* raw size that does not match */
	o.compress = NULL;
	o.rawlen = g.len + 5;
	slsreq_perform(&r, th_srv.port, &o, "POST", "/logstores/web/shards/lb", NULL, 0, g.p, g.len);
	T_EQ_INT(r.status, 400);
	T_EQ_STR(th_code(&r, code, sizeof code), "PostBodyUncompressError");
	slsreq_done(&r);
	/* corrupt lz4 */
	o.compress = "lz4";
	o.rawlen = 1000;
	slsreq_perform(&r, th_srv.port, &o, "POST", "/logstores/web/shards/lb", NULL, 0,
	    "\xff\xff\xff\xff", 4);
	T_EQ_INT(r.status, 400);
	slsreq_done(&r);
	/* not a LogGroup */
	o.compress = NULL;
	o.rawlen = 4;
	slsreq_perform(&r, th_srv.port, &o, "POST", "/logstores/web/shards/lb", NULL, 0,
	    "\x0a\x7f\x01\x02", 4);
	T_EQ_INT(r.status, 400);
	T_EQ_STR(th_code(&r, code, sizeof code), "PostBodyInvalid");
	slsreq_done(&r);
	/* no logs */
	o.rawlen = 0;
	slsreq_perform(&r, th_srv.port, &o, "POST", "/logstores/web/shards/lb", NULL, 0, "", 0);
	T_EQ_INT(r.status, 400);
	slsreq_done(&r);
	/* over 10 MB */
	big = calloc(1, SD_MAX_BODY + 100);
	o.rawlen = SD_MAX_BODY + 100;
	slsreq_perform(&r, th_srv.port, &o, "POST", "/logstores/web/shards/lb", NULL, 0, big,
	    SD_MAX_BODY + 100);
	T_EQ_INT(r.status, 413);
	T_EQ_STR(th_code(&r, code, sizeof code), "PostBodyTooLarge");
	slsreq_done(&r);
	free(big);
	sb_free(&g);
	th_stop();
}

static void
test_faults(void)
{
	struct slsreq r;
	struct sb g;
	char code[64];
	struct sign_kv q[] = { { "type", "cursor" }, { "from", "end" } };

	T_REQUIRE(th_start("cursor:503#1,put:badcount,shards:reset") == 0);
	th_setup_project();
	T_EQ_INT(th_req(&r, "proj1.localhost", "GET", "/logstores/web/shards/1", q, 2, NULL), 503);
	T_EQ_STR(th_code(&r, code, sizeof code), "ServerBusy");
	slsreq_done(&r);
	T_EQ_INT(th_req(&r, "proj1.localhost", "GET", "/logstores/web/shards/1", q, 2, NULL), 200);
	slsreq_done(&r);
	/* reset: no reply at all */
	{
		struct slsreq_opts o = th_o;
		CURLcode rc = slsreq_perform(&r, th_srv.port, &o, "GET", "/logstores/web/shards",
		    NULL, 0, NULL, 0);

		T_CHECK(rc != CURLE_OK);
		slsreq_done(&r);
	}
	th_group(&g, 1, 0);
	T_EQ_INT(th_put(&r, "/logstores/web/shards/lb", NULL, 0, &g, "lz4"), 200);
	slsreq_done(&r);
	sb_free(&g);
	th_stop();
}

/* The query routes over HTTP: GetLogs v2 (lz4 and plain) and v1 with
 * their headers, histograms on both paths, topics, context, project logs. */
static void
test_query_routes(void)
{
	struct slsreq r;
	struct slsreq_opts o = th_o;
	struct sb g;
	char code[64], pid[64] = "", meta[128] = "", *plain = NULL;
	cJSON *j, *d;
	int i;

	T_REQUIRE(th_start(NULL) == 0);
	th_setup_project();
	for (i = 0; i < 3; i++) {
		th_group(&g, 5, i * 5);
		T_EQ_INT(th_put(&r, "/logstores/web/shards/lb", NULL, 0, &g, "lz4"), 200);
		slsreq_done(&r);
		sb_free(&g);
	}
	/* no index yet */
	T_EQ_INT(th_req(&r, "proj1.localhost", "POST", "/logstores/web/logs", NULL, 0,
	    "{\"from\":1699999999,\"to\":1700000001,\"query\":\"*\"}"), 400);
	T_EQ_STR(th_code(&r, code, sizeof code), "IndexConfigNotExist");
	slsreq_done(&r);
	T_EQ_INT(th_req(&r, "proj1.localhost", "POST", "/logstores/web/index", NULL, 0,
	    "{\"line\":{\"token\":[\" \"]},\"keys\":{\"i\":{\"type\":\"long\"},"
	    "\"__tag__:env\":{\"type\":\"text\",\"token\":[\" \"]}}}"), 200);
	slsreq_done(&r);
	/* v2, lz4 reply: both compression headers */
	o.content_type = "application/json";
	{
		const char *body = "{\"from\":1699999999,\"to\":1700000001,\"query\":\"i >= 3\","
				   "\"line\":100,\"reverse\":false}";

		o.rawlen = strlen(body);
		slsreq_perform(&r, th_srv.port, &o, "POST", "/logstores/web/logs", NULL, 0, body,
		    strlen(body));
	}
	T_EQ_INT(r.status, 200);
	T_EQ_STR(r.compress, "lz4");
	T_REQUIRE(r.rawsize > 0);
	T_REQUIRE(cz_decompress(CZ_LZ4, r.resp.p, r.resp.len, (size_t)r.rawsize, 1 << 24,
	    (void **)&plain) == 0);
	j = cJSON_ParseWithLength(plain, (size_t)r.rawsize);
	free(plain);
	slsreq_done(&r);
	T_REQUIRE(j != NULL);
	T_EQ_STR(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "meta"), "progress")->valuestring,
	    "Complete");
	d = cJSON_GetObjectItem(j, "data");
	T_EQ_INT(cJSON_GetArraySize(d), 12);
	T_EQ_STR(cJSON_GetObjectItem(cJSON_GetArrayItem(d, 0), "__tag__:env")->valuestring, "test");
	T_EQ_STR(cJSON_GetObjectItem(cJSON_GetArrayItem(d, 0), "__topic__")->valuestring, "topic1");
	cJSON_Delete(j);
	/* v2 without Accept-Encoding: plain JSON and neither header; RUST's "lines" */
	o.accept_encoding = "identity";
	{
		const char *body = "{\"from\":1699999999,\"to\":1700000001,\"query\":\"__tag__:env:test"
				   " | with_pack_meta\",\"lines\":2}";

		o.rawlen = strlen(body);
		slsreq_perform(&r, th_srv.port, &o, "POST", "/logstores/web/logs", NULL, 0, body,
		    strlen(body));
	}
	T_EQ_INT(r.status, 200);
	T_EQ_STR(r.compress, "");
	T_EQ_INT(r.rawsize, -1);
	j = cJSON_Parse(sb_str(&r.resp));
	slsreq_done(&r);
	d = cJSON_GetObjectItem(j, "data");
	T_EQ_INT(cJSON_GetArraySize(d), 2);
	snprintf(pid, sizeof pid, "%s",
	    cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(d, 1), "__tag__:__pack_id__")));
	snprintf(meta, sizeof meta, "%s",
	    cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(d, 1), "__pack_meta__")));
	cJSON_Delete(j);
	/* v1: array body and x-log-* headers */
	{
		struct sign_kv q[] = { { "type", "log" }, { "from", "1699999999" },
			{ "to", "1700000001" }, { "query", "i < 2 or i = 14" } };

		T_EQ_INT(th_req(&r, "proj1.localhost", "GET", "/logstores/web", q, 4, NULL), 200);
		T_EQ_INT(r.count, 3);
		T_EQ_STR(r.progress, "Complete");
		j = cJSON_Parse(sb_str(&r.resp));
		T_CHECK(cJSON_IsArray(j) && cJSON_GetArraySize(j) == 3);
		cJSON_Delete(j);
		slsreq_done(&r);
	}
	/* histograms on both paths (JAVA uses /index) */
	{
		struct sign_kv q[] = { { "type", "histogram" }, { "from", "1699999990" },
			{ "to", "1700000010" }, { "query", "i >= 10" } };

		T_EQ_INT(th_req(&r, "proj1.localhost", "GET", "/logstores/web", q, 4, NULL), 200);
		T_EQ_INT(r.count, 5);
		T_EQ_STR(r.progress, "Complete");
		j = cJSON_Parse(sb_str(&r.resp));
		T_EQ_INT(cJSON_GetArraySize(j), 20);
		cJSON_Delete(j);
		slsreq_done(&r);
		T_EQ_INT(th_req(&r, "proj1.localhost", "GET", "/logstores/web/index", q, 4, NULL), 200);
		T_EQ_INT(r.count, 5);
		slsreq_done(&r);
	}
	/* topics: x-log-count and x-log-nexttoken always */
	{
		struct sign_kv q[] = { { "type", "topic" }, { "line", "10" } };

		T_EQ_INT(th_req(&r, "proj1.localhost", "GET", "/logstores/web", q, 2, NULL), 200);
		T_EQ_STR(sb_str(&r.resp), "[\"topic1\"]");
		T_EQ_INT(r.count, 1);
		T_CHECK(r.has_nexttoken);
		slsreq_done(&r);
	}
	/* context from the pack fields GetLogs gave */
	{
		struct sign_kv q[] = { { "type", "context_log" }, { "pack_id", pid },
			{ "pack_meta", meta }, { "back_lines", "10" }, { "forward_lines", "10" } };

		T_EQ_INT(th_req(&r, "proj1.localhost", "GET", "/logstores/web", q, 5, NULL), 200);
		j = cJSON_Parse(sb_str(&r.resp));
		T_EQ_INT(cJSON_GetObjectItem(j, "back_lines")->valueint, 1);
		T_EQ_INT(cJSON_GetObjectItem(j, "forward_lines")->valueint, 10);
		T_EQ_INT(cJSON_GetObjectItem(j, "total_lines")->valueint, 12);
		cJSON_Delete(j);
		slsreq_done(&r);
	}
	/* project logs */
	{
		struct sign_kv q[] = { { "query",
			"select count(1) as n, sum(i) as s from web where __time__ > 0" } };

		T_EQ_INT(th_req(&r, "proj1.localhost", "GET", "/logs", q, 1, NULL), 200);
		T_EQ_STR(sb_str(&r.resp), "[{\"n\":\"15\",\"s\":\"105\"}]");
		T_EQ_STR(r.progress, "Complete");
		slsreq_done(&r);
	}
	/* a bad query: the error envelope, 400 */
	{
		struct sign_kv q[] = { { "type", "log" }, { "from", "1699999999" },
			{ "to", "1700000001" }, { "query", "* | select nope(" } };

		T_EQ_INT(th_req(&r, "proj1.localhost", "GET", "/logstores/web", q, 4, NULL), 400);
		T_EQ_STR(th_code(&r, code, sizeof code), "ParameterInvalid");
		slsreq_done(&r);
	}
	th_stop();
}

/* PutLogs with x-log-compresstype zstd (the GO and JAVA SDKs send it):
 * the group comes back from PullLogs byte for byte; a corrupt zstd body or
 * a raw size that does not match is PostBodyUncompressError, an unknown
 * type InvalidCompressType. */
static void
test_put_zstd(void)
{
	struct slsreq r;
	struct slsreq_opts o = th_o;
	struct sign_kv qc[] = { { "type", "cursor" }, { "from", "begin" } };
	struct sign_kv key[] = { { "key", "00000000000000000000000000000001" } };
	struct pb_page *pg = pb_page_new();
	char code[64], begin[80] = "";
	struct sb g;
	void *raw, *z;
	size_t zn;

	T_REQUIRE(th_start(NULL) == 0);
	th_setup_project();
	T_EQ_INT(th_req(&r, "proj1.localhost", "GET", "/logstores/web/shards/0", qc, 2, NULL), 200);
	{
		cJSON *j = cJSON_Parse(sb_str(&r.resp));

		snprintf(begin, sizeof begin, "%s",
		    cJSON_GetStringValue(cJSON_GetObjectItem(j, "cursor")) ?
		    cJSON_GetStringValue(cJSON_GetObjectItem(j, "cursor")) : "");
		cJSON_Delete(j);
	}
	slsreq_done(&r);
	th_group(&g, 3, 7);
	T_EQ_INT(th_put(&r, "/logstores/web/shards/route", key, 1, &g, "zstd"), 200);
	slsreq_done(&r);
	{
		struct sign_kv q[] = { { "type", "log" }, { "cursor", begin }, { "count", "10" } };

		T_EQ_INT(th_req(&r, "proj1.localhost", "GET", "/logstores/web/shards/0", q, 3, NULL),
		    200);
		T_EQ_INT(r.count, 1);
		T_REQUIRE(r.rawsize > 0 && cz_decompress(cz_parse(r.compress), r.resp.p, r.resp.len,
		    (size_t)r.rawsize, 1 << 24, &raw) == 0);
		T_REQUIRE(pb_decode_list(pg, raw, (size_t)r.rawsize, NULL) == 0);
		free(raw);
		T_EQ_INT(pg->ngroups, 1);
		T_EQ_INT(pg->groups[0].nlogs, 3);
		for (int i = 0; i < 3; i++) {
			size_t vl;
			const char *v = pb_value(pg, &pg->fields[pg->logs[i].field0], &vl);
			char want[16];

			snprintf(want, sizeof want, "%d", 7 + i);
			T_EQ_STR(v, want);
		}
		slsreq_done(&r);
	}
	/* not a zstd frame, a truncated one, then one that decodes short */
	T_REQUIRE(cz_compress(CZ_ZSTD, g.p, g.len, &z, &zn) == 0);
	((unsigned char *)z)[0] ^= 0x5a;
	o.compress = "zstd";
	o.rawlen = g.len;
	slsreq_perform(&r, th_srv.port, &o, "POST", "/logstores/web/shards/lb", NULL, 0, z, zn);
	T_EQ_INT(r.status, 400);
	T_EQ_STR(th_code(&r, code, sizeof code), "PostBodyUncompressError");
	slsreq_done(&r);
	((unsigned char *)z)[0] ^= 0x5a;
	slsreq_perform(&r, th_srv.port, &o, "POST", "/logstores/web/shards/lb", NULL, 0, z, zn - 3);
	T_EQ_INT(r.status, 400);
	T_EQ_STR(th_code(&r, code, sizeof code), "PostBodyUncompressError");
	slsreq_done(&r);
	o.rawlen = g.len + 1;
	slsreq_perform(&r, th_srv.port, &o, "POST", "/logstores/web/shards/lb", NULL, 0, z, zn);
	T_EQ_INT(r.status, 400);
	T_EQ_STR(th_code(&r, code, sizeof code), "PostBodyUncompressError");
	slsreq_done(&r);
	o.compress = "snappy";
	o.rawlen = g.len;
	slsreq_perform(&r, th_srv.port, &o, "POST", "/logstores/web/shards/lb", NULL, 0, g.p, g.len);
	T_EQ_INT(r.status, 400);
	T_EQ_STR(th_code(&r, code, sizeof code), "InvalidCompressType");
	slsreq_done(&r);
	free(z);
	sb_free(&g);
	pb_page_free(pg);
	th_stop();
}

#define T_LIST(X) X(test_hosts_and_errors) X(test_put_and_pull) X(test_bad_bodies) X(test_faults) \
	X(test_query_routes) X(test_put_zstd)
T_MAIN(T_LIST)
