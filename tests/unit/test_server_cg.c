/*
 * test_server_cg — the consumer group APIs over HTTP against an
 * in-process slsd (server/sd_cg.c): create/list/update/delete and their
 * errors (ConsumerGroupAlreadyExist, ConsumerGroupNotExist, the 30-group
 * quota, bad names, timeouts and bodies); heartbeats (a second consumer
 * gets its share only once the first has dropped it; a silent consumer
 * loses its shards after the group's timeout); checkpoints per shard
 * with forceSuccess (ConsumerNotExsit, ConsumerNotMatch, ShardNotExsit,
 * a cursor required) and GetCheckPoint for one shard or all; a deleted
 * logstore takes its groups along.
 */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "base/clk.h"
#include "base/sb.h"
#include "proto/cursor.h"
#include "server/sd_auth.h"
#include "server/sd_catalog.h"
#include "server/sd_http.h"
#include "server/sd_store.h"
#include "tests/slsreq.h"
#include "tests/unit/t.h"

static struct sd_server tc_srv;
static struct slsreq_opts tc_o = { "tid", "tsecret", "p1.localhost", "application/json", NULL,
	NULL, 0, 0, 0 };
static int tc_rawlen_zero; /* send x-log-bodyrawsize: 0 with the body, as the Go SDK does */

static void
tc_logstore(const char *name)
{
	struct sd_logstore ls;
	struct sd_err serr;

	memset(&ls, 0, sizeof ls);
	snprintf(ls.name, sizeof ls.name, "%s", name);
	ls.ttl = 7;
	ls.shard_count = 4;
	T_REQUIRE(sd_catalog_logstore_create(tc_srv.store, "p1", &ls, &serr) == 0);
}

static void
tc_start(void)
{
	char err[256];
	struct sd_err serr;

	memset(&tc_srv, 0, sizeof tc_srv);
	tc_srv.keys = sd_auth_keys_new();
	sd_auth_keys_add(tc_srv.keys, "tid", "tsecret", 0);
	tc_srv.store = sd_store_open(NULL, &serr);
	T_REQUIRE(tc_srv.store != NULL);
	T_REQUIRE(sd_http_start(&tc_srv, "127.0.0.1", 0, err, sizeof err) == 0);
	T_REQUIRE(sd_catalog_project_create(tc_srv.store, "p1", "", &serr) == 0);
	tc_logstore("web");
}

static void
tc_stop(void)
{
	sd_http_stop(&tc_srv);
	sd_store_close(tc_srv.store);
	sd_auth_keys_free(tc_srv.keys);
}

/* One call; the status; the errorCode (or "") in code; the body in body. */
static long
tc_call(const char *method, const char *path, const struct sign_kv *q, size_t nq,
    const char *json, char *code, size_t n, struct sb *body)
{
	struct slsreq r;
	struct slsreq_opts o = tc_o;
	cJSON *j;
	const cJSON *c;
	long st;

	o.rawlen = json && !tc_rawlen_zero ? strlen(json) : 0;
	slsreq_perform(&r, tc_srv.port, &o, method, path, q, nq, json, json ? strlen(json) : 0);
	st = r.status;
	j = cJSON_Parse(sb_str(&r.resp));
	c = cJSON_IsObject(j) ? cJSON_GetObjectItem(j, "errorCode") : NULL;
	snprintf(code, n, "%s", cJSON_IsString(c) ? c->valuestring : "");
	cJSON_Delete(j);
	if (body != NULL && sb_adds(body, sb_str(&r.resp)) != 0)
		st = -1;
	slsreq_done(&r);
	return st;
}

#define TC_EXPECT(method, path, q, nq, json, want, want_code)                                \
	do {                                                                                 \
		char code_[64];                                                              \
		long st_ = tc_call(method, path, q, nq, json, code_, sizeof code_, NULL);    \
		T_EQ_INT(st_, want);                                                         \
		T_EQ_STR(code_, want_code);                                                  \
	} while (0)

/* A heartbeat of consumer who holding held (a JSON array); the granted
 * shards as "0,1" in out. */
static void
tc_beat(const char *who, const char *held, char *out, size_t n)
{
	struct sign_kv q[] = { { "type", "heartbeat" }, { "consumer", who } };
	struct sb body;
	char code[64];
	cJSON *a;
	const cJSON *e;
	size_t len = 0;

	sb_init(&body, 0);
	T_EQ_INT(tc_call("POST", "/logstores/web/consumergroups/g1", q, 2, held, code, sizeof code,
	    &body), 200);
	a = cJSON_Parse(sb_str(&body));
	out[0] = '\0';
	cJSON_ArrayForEach(e, a)
		len += (size_t)snprintf(out + len, len < n ? n - len : 0, "%s%d", len ? "," : "",
		    e->valueint);
	T_CHECK(cJSON_IsArray(a));
	cJSON_Delete(a);
	sb_free(&body);
}

static void
test_group_crud(void)
{
	struct sb body;
	char code[64], name[64];

	tc_start();
	TC_EXPECT("GET", "/logstores/web/consumergroups", NULL, 0, NULL, 200, "");
	TC_EXPECT("POST", "/logstores/web/consumergroups", NULL, 0,
	    "{\"consumerGroup\":\"g1\",\"timeout\":20,\"order\":false}", 200, "");
	TC_EXPECT("POST", "/logstores/web/consumergroups", NULL, 0,
	    "{\"consumerGroup\":\"g1\",\"timeout\":20,\"order\":false}", 400,
	    "ConsumerGroupAlreadyExist");
	TC_EXPECT("POST", "/logstores/web/consumergroups", NULL, 0,
	    "{\"consumerGroup\":\"Bad Name\",\"timeout\":20}", 400, "ParameterInvalid");
	TC_EXPECT("POST", "/logstores/web/consumergroups", NULL, 0,
	    "{\"consumerGroup\":\"g2\",\"timeout\":0}", 400, "ParameterInvalid");
	TC_EXPECT("POST", "/logstores/web/consumergroups", NULL, 0,
	    "{\"consumerGroup\":\"g2\",\"timeout\":1.5}", 400, "ParameterInvalid");
	TC_EXPECT("POST", "/logstores/web/consumergroups", NULL, 0,
	    "{\"consumerGroup\":\"g2\",\"timeout\":1e300}", 400, "ParameterInvalid");
	TC_EXPECT("POST", "/logstores/web/consumergroups", NULL, 0,
	    "{\"consumerGroup\":\"g2\",\"timeout\":5,\"order\":\"yes\"}", 400, "ParameterInvalid");
	TC_EXPECT("POST", "/logstores/web/consumergroups", NULL, 0, "[1]", 400, "PostBodyInvalid");
	TC_EXPECT("POST", "/logstores/nosuch/consumergroups", NULL, 0,
	    "{\"consumerGroup\":\"g1\",\"timeout\":20}", 404, "LogStoreNotExist");
	TC_EXPECT("PUT", "/logstores/web/consumergroups/g1", NULL, 0,
	    "{\"timeout\":33,\"order\":true}", 200, "");
	TC_EXPECT("PUT", "/logstores/web/consumergroups/g1", NULL, 0, "{}", 400,
	    "ParameterInvalid");
	TC_EXPECT("PUT", "/logstores/web/consumergroups/nog", NULL, 0, "{\"timeout\":3}", 404,
	    "ConsumerGroupNotExist");
	sb_init(&body, 0);
	T_EQ_INT(tc_call("GET", "/logstores/web/consumergroups", NULL, 0, NULL, code, sizeof code,
	    &body), 200);
	T_EQ_STR(sb_str(&body), "[{\"name\":\"g1\",\"timeout\":33,\"order\":true}]");
	sb_free(&body);
	/* at most 30 per logstore */
	for (int i = 2; i <= 31; i++) {
		char json[128];

		snprintf(json, sizeof json, "{\"consumerGroup\":\"g%d\",\"timeout\":9}", i);
		snprintf(name, sizeof name, "%s", i <= 30 ? "" : "ConsumerGroupQuotaExceed");
		TC_EXPECT("POST", "/logstores/web/consumergroups", NULL, 0, json, i <= 30 ? 200 : 400,
		    name);
	}
	TC_EXPECT("DELETE", "/logstores/web/consumergroups/g2", NULL, 0, NULL, 200, "");
	TC_EXPECT("DELETE", "/logstores/web/consumergroups/g2", NULL, 0, NULL, 404,
	    "ConsumerGroupNotExist");
	TC_EXPECT("GET", "/logstores/web/consumergroups/g2", NULL, 0, NULL, 404,
	    "ConsumerGroupNotExist");
	TC_EXPECT("PATCH", "/logstores/web/consumergroups/g1", NULL, 0, NULL, 404,
	    "InvalidRequest");
	{
		struct sign_kv q[] = { { "type", "nosuch" } };

		TC_EXPECT("POST", "/logstores/web/consumergroups/g1", q, 1, "{}", 400,
		    "ParameterInvalid");
	}
	/* a deleted logstore takes its groups along */
	TC_EXPECT("DELETE", "/logstores/web", NULL, 0, NULL, 200, "");
	tc_logstore("web");
	sb_init(&body, 0);
	T_EQ_INT(tc_call("GET", "/logstores/web/consumergroups", NULL, 0, NULL, code, sizeof code,
	    &body), 200);
	T_EQ_STR(sb_str(&body), "[]");
	sb_free(&body);
	tc_stop();
}

static void
test_heartbeat_share_and_timeout(void)
{
	char a[64], b[64];
	int64_t t0;

	tc_start();
	TC_EXPECT("POST", "/logstores/web/consumergroups", NULL, 0,
	    "{\"consumerGroup\":\"g1\",\"timeout\":1}", 200, "");
	{
		struct sign_kv q[] = { { "type", "heartbeat" } };
		struct sign_kv q2[] = { { "type", "heartbeat" }, { "consumer", "a" } };

		TC_EXPECT("POST", "/logstores/web/consumergroups/g1", q, 1, "[]", 400,
		    "ParameterInvalid");
		TC_EXPECT("POST", "/logstores/web/consumergroups/g1", q2, 2, "{\"x\":1}", 400,
		    "PostBodyInvalid");
		TC_EXPECT("POST", "/logstores/web/consumergroups/g1", q2, 2, "[0, \"1\"]", 400,
		    "PostBodyInvalid");
		TC_EXPECT("POST", "/logstores/web/consumergroups/g1", q2, 2, "[1e300]", 400,
		    "PostBodyInvalid");
		TC_EXPECT("POST", "/logstores/web/consumergroups/nog", q2, 2, "[]", 404,
		    "ConsumerGroupNotExist");
	}
	tc_beat("a", "[]", a, sizeof a);
	T_EQ_STR(a, "0,1,2,3");
	/* b joins: a keeps its share, b waits until a drops 2 and 3 */
	tc_beat("b", "[]", b, sizeof b);
	T_EQ_STR(b, "");
	tc_beat("a", "[0,1,2,3]", a, sizeof a);
	T_EQ_STR(a, "0,1");
	tc_beat("b", "[]", b, sizeof b);
	T_EQ_STR(b, "");
	tc_beat("a", "[0,1]", a, sizeof a);
	T_EQ_STR(a, "0,1");
	/* the Go SDK sends x-log-bodyrawsize: 0 with every consumer group body */
	tc_rawlen_zero = 1;
	tc_beat("b", "[]", b, sizeof b);
	tc_rawlen_zero = 0;
	T_EQ_STR(b, "2,3");
	/* a falls silent: b gets a's shards once the 1 s timeout has passed */
	t0 = clk_mono_ms();
	do {
		clk_sleep_ms(100);
		tc_beat("b", "[2,3]", b, sizeof b);
	} while (strcmp(b, "0,1,2,3") != 0 && clk_mono_ms() - t0 < 20000);
	T_EQ_STR(b, "0,1,2,3");
	T_CHECK(clk_mono_ms() - t0 >= 900);
	/* a comes back: it gets half again, after b lets go */
	tc_beat("a", "[]", a, sizeof a);
	T_EQ_STR(a, "");
	tc_beat("b", "[0,1,2,3]", b, sizeof b);
	T_EQ_STR(b, "0,1");
	tc_beat("b", "[0,1]", b, sizeof b);
	tc_beat("a", "[]", a, sizeof a);
	T_EQ_STR(a, "2,3");
	tc_stop();
}

static void
test_checkpoints(void)
{
	struct sb body;
	char code[64], cur[CURSOR_MAX], json[128], granted[64];
	struct sign_kv force[] = { { "type", "checkpoint" }, { "consumer", "a" },
		{ "forceSuccess", "True" } };
	struct sign_kv strict[] = { { "type", "checkpoint" }, { "consumer", "a" },
		{ "forceSuccess", "false" } };

	tc_start();
	TC_EXPECT("POST", "/logstores/web/consumergroups", NULL, 0,
	    "{\"consumerGroup\":\"g1\",\"timeout\":60}", 200, "");
	cursor_encode(1234567, cur);
	snprintf(json, sizeof json, "{\"shard\":1,\"checkpoint\":\"%s\"}", cur);
	/* forceSuccess=false: a must be a live consumer holding shard 1 */
	TC_EXPECT("POST", "/logstores/web/consumergroups/g1", strict, 3, json, 400,
	    "ConsumerNotExsit");
	tc_beat("a", "[]", granted, sizeof granted);
	tc_beat("b", "[]", granted, sizeof granted);
	TC_EXPECT("POST", "/logstores/web/consumergroups/g1", strict, 3, json, 200, "");
	snprintf(json, sizeof json, "{\"shard\":3,\"checkpoint\":\"%s\"}", cur);
	TC_EXPECT("POST", "/logstores/web/consumergroups/g1", strict, 3, json, 400,
	    "ConsumerNotMatch");
	TC_EXPECT("POST", "/logstores/web/consumergroups/g1", force, 3, json, 200, "");
	snprintf(json, sizeof json, "{\"shard\":9,\"checkpoint\":\"%s\"}", cur);
	TC_EXPECT("POST", "/logstores/web/consumergroups/g1", force, 3, json, 400, "ShardNotExsit");
	TC_EXPECT("POST", "/logstores/web/consumergroups/g1", force, 3,
	    "{\"shard\":1,\"checkpoint\":\"not a cursor\"}", 400, "ParameterInvalid");
	TC_EXPECT("POST", "/logstores/web/consumergroups/g1", force, 3, "{\"checkpoint\":\"x\"}",
	    400, "ParameterInvalid");
	TC_EXPECT("POST", "/logstores/web/consumergroups/g1", force, 3,
	    "{\"shard\":-1e300,\"checkpoint\":\"MTA=\"}", 400, "ParameterInvalid");
	force[2].value = "maybe";
	TC_EXPECT("POST", "/logstores/web/consumergroups/g1", force, 3, json, 400,
	    "ParameterInvalid");
	/* GetCheckPoint: every shard (unset ones empty), one shard, a missing shard */
	sb_init(&body, 0);
	T_EQ_INT(tc_call("GET", "/logstores/web/consumergroups/g1", NULL, 0, NULL, code,
	    sizeof code, &body), 200);
	{
		cJSON *a = cJSON_Parse(sb_str(&body));
		const cJSON *s1 = cJSON_GetArrayItem(a, 1), *s2 = cJSON_GetArrayItem(a, 2);

		T_EQ_INT(cJSON_GetArraySize(a), 4);
		T_EQ_STR(cJSON_GetObjectItem(s1, "checkpoint")->valuestring, cur);
		T_EQ_STR(cJSON_GetObjectItem(s1, "consumer")->valuestring, "a");
		T_CHECK(cJSON_GetObjectItem(s1, "updateTime")->valuedouble > 1e15);
		T_EQ_STR(cJSON_GetObjectItem(s2, "checkpoint")->valuestring, "");
		T_EQ_INT(cJSON_GetObjectItem(s2, "updateTime")->valuedouble, 0);
		cJSON_Delete(a);
	}
	/* updateTime is printed whole, never as 1.8e+15 */
	T_CHECK(strstr(sb_str(&body), "e+") == NULL);
	sb_free(&body);
	{
		struct sign_kv q[] = { { "shard", "3" } };

		sb_init(&body, 0);
		T_EQ_INT(tc_call("GET", "/logstores/web/consumergroups/g1", q, 1, NULL, code,
		    sizeof code, &body), 200);
		T_CHECK(strstr(sb_str(&body), "\"shard\":3") != NULL);
		T_CHECK(strstr(sb_str(&body), "\"shard\":1") == NULL);
		sb_reset(&body);
		q[0].value = "7";
		T_EQ_INT(tc_call("GET", "/logstores/web/consumergroups/g1", q, 1, NULL, code,
		    sizeof code, &body), 200);
		T_EQ_STR(sb_str(&body), "[]");
		sb_free(&body);
		q[0].value = "x";
		TC_EXPECT("GET", "/logstores/web/consumergroups/g1", q, 1, NULL, 400,
		    "ParameterInvalid");
	}
	tc_stop();
}

#define T_LIST(X) X(test_group_crud) X(test_heartbeat_share_and_timeout) X(test_checkpoints)
T_MAIN(T_LIST)
