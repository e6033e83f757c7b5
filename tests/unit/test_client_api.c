/*
 * test_client_api — client pieces that need no server: endpoint parsing,
 * backoff maths and retry classification, client setup errors, and the
 * reply parsers on good, malformed and hostile replies (including PullLogs
 * bodies with a wrong x-log-count or corrupt protobuf).
 */
#include <stdlib.h>
#include <string.h>

#include "base/sb.h"
#include "client/cl.h"
#include "client/cl_api.h"
#include "proto/pb.h"
#include "tests/unit/t.h"

static void
resp_set(struct cl_resp *rs, const char *body)
{
	memset(rs, 0, sizeof *rs);
	sb_init(&rs->body, 0);
	if (sb_adds(&rs->body, body) != 0)
		abort();
	rs->requestid = "REQ";
}

static void
test_endpoint_parse(void)
{
	char host[128];
	int https;

	T_CHECK(cl_endpoint_parse("cn-hangzhou", &https, host, sizeof host) == 0);
	T_EQ_STR(host, "cn-hangzhou.log.aliyuncs.com");
	T_EQ_INT(https, 1);
	T_CHECK(cl_endpoint_parse("http://127.0.0.1:7890", &https, host, sizeof host) == 0);
	T_EQ_STR(host, "127.0.0.1:7890");
	T_EQ_INT(https, 0);
	T_CHECK(cl_endpoint_parse("https://x.log.aliyuncs.com/ignored", &https, host,
	    sizeof host) == 0);
	T_EQ_STR(host, "x.log.aliyuncs.com");
	T_EQ_INT(https, 1);
	T_CHECK(cl_endpoint_parse("", &https, host, sizeof host) == -1);
	T_CHECK(cl_endpoint_parse("http://", &https, host, sizeof host) == -1);
	T_CHECK(cl_endpoint_parse("http://bad host", &https, host, sizeof host) == -1);
	T_CHECK(cl_endpoint_parse(NULL, &https, host, sizeof host) == -1);
}

static void
test_backoff_and_retry(void)
{
	T_EQ_INT(cl_backoff_ms(1, 200, 10000, 0.0), 100);
	T_EQ_INT(cl_backoff_ms(1, 200, 10000, 0.999999), 199);
	T_EQ_INT(cl_backoff_ms(3, 200, 10000, 0.0), 400);
	T_EQ_INT(cl_backoff_ms(30, 200, 10000, 0.0), 5000);
	T_CHECK(cl_backoff_ms(30, 200, 10000, 0.999999) <= 10000);
	T_CHECK(cl_retryable(0, NULL, 1, 1));
	T_CHECK(!cl_retryable(0, NULL, 1, 0)); /* POST transport error: not replayed */
	T_CHECK(cl_retryable(500, "InternalServerError", 0, 0));
	T_CHECK(cl_retryable(503, "ServerBusy", 0, 1));
	T_CHECK(cl_retryable(403, "ShardReadQuotaExceed", 0, 1));
	T_CHECK(cl_retryable(403, "WriteQuotaExceed", 0, 0));
	T_CHECK(!cl_retryable(403, "ProjectForbidden", 0, 1));
	T_CHECK(!cl_retryable(401, "SignatureNotMatch", 0, 1));
	T_CHECK(!cl_retryable(400, "ParameterInvalid", 0, 1));
	T_CHECK(!cl_retryable(404, "LogStoreNotExist", 0, 1));
	T_CHECK(cl_retryable(400, "RequestTimeout", 0, 1));
}

static void
test_client_setup(void)
{
	struct cl_cfg cfg;
	struct cl_err err;
	struct cl_client *c;

	memset(&cfg, 0, sizeof cfg);
	cfg.endpoint = "http://127.0.0.1:1";
	T_CHECK(cl_client_new(&cfg, &err) == NULL);
	T_EQ_INT(err.st, CL_E_AUTH);
	cfg.ak_id = "a";
	cfg.ak_secret = "b";
	cfg.endpoint = "http://bad host";
	T_CHECK(cl_client_new(&cfg, &err) == NULL);
	T_EQ_INT(err.st, CL_E_USAGE);
	cfg.endpoint = "http://127.0.0.1:1";
	c = cl_client_new(&cfg, &err);
	T_REQUIRE(c != NULL);
	T_EQ_INT(cl_pending(c), 0);
	T_EQ_INT(cl_timeout_ms(c), -1);
	cl_client_free(c);
	T_EQ_STR(cl_strerror(CL_E_AUTH), "authentication error");
}

static void
test_parse_lists(void)
{
	struct cl_resp rs;
	struct cl_names n;
	struct cl_err err;

	resp_set(&rs, "{\"count\":2,\"total\":5,\"projects\":[{\"projectName\":\"a\"},"
		      "{\"projectName\":\"b\\u001b\"}]}");
	T_CHECK(cl_parse_projects(&rs, &n, &err) == 0);
	T_EQ_INT(n.n, 2);
	T_EQ_INT(n.total, 5);
	T_EQ_STR(n.v[1], "b\x1b");
	cl_names_free(&n);
	sb_free(&rs.body);
	resp_set(&rs, "{\"count\":1,\"total\":1,\"logstores\":[\"web\"]}");
	T_CHECK(cl_parse_logstores(&rs, &n, &err) == 0);
	T_EQ_STR(n.v[0], "web");
	cl_names_free(&n);
	sb_free(&rs.body);
	/* malformed */
	const char *bad[] = { "", "[", "{\"logstores\":[\"a\"]}", "{\"total\":1,\"logstores\":[1]}",
		"{\"total\":\"1\",\"logstores\":[]}", "null", "{\"total\":1,\"logstores\":{}}",
		"{\"total\":1e300,\"logstores\":[]}" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		resp_set(&rs, bad[i]);
		T_CHECK(cl_parse_logstores(&rs, &n, &err) == -1);
		T_EQ_INT(err.st, CL_E_DECODE);
		T_EQ_INT(n.n, 0);
		sb_free(&rs.body);
	}
}

static void
test_parse_shards_cursor(void)
{
	struct cl_resp rs;
	struct cl_shard *v;
	struct cl_err err;
	char cur[64];

	resp_set(&rs, "[{\"shardID\":0,\"status\":\"readwrite\",\"inclusiveBeginKey\":\"00\","
		      "\"exclusiveEndKey\":\"80\",\"createTime\":1},{\"shardID\":1,"
		      "\"status\":\"readonly\"}]");
	T_EQ_INT(cl_parse_shards(&rs, &v, &err), 2);
	T_EQ_STR(v[0].end_key, "80");
	T_EQ_STR(v[1].status, "readonly");
	free(v);
	sb_free(&rs.body);
	resp_set(&rs, "[{\"status\":\"readwrite\"}]");
	T_EQ_INT(cl_parse_shards(&rs, &v, &err), -1);
	sb_free(&rs.body);
	resp_set(&rs, "{\"cursor\":\"MTIz\"}");
	T_CHECK(cl_parse_cursor(&rs, cur, sizeof cur, &err) == 0);
	T_EQ_STR(cur, "MTIz");
	sb_free(&rs.body);
	resp_set(&rs, "{\"cursor\":5}");
	T_CHECK(cl_parse_cursor(&rs, cur, sizeof cur, &err) == -1);
	sb_free(&rs.body);
}

static void
test_parse_pull(void)
{
	struct pb_page *src = pb_page_new(), *pg = pb_page_new();
	struct cl_resp rs;
	struct cl_err err;
	size_t ng;

	pb_add_group(src, "t", "s", NULL);
	pb_add_log(src, 1700000000, 0, 0);
	pb_add_field(src, "k", 1, "v", 1);
	pb_add_group(src, "t", "s", NULL);
	pb_add_log(src, 1700000001, 0, 0);
	pb_add_field(src, "k", 1, "w", 1);
	memset(&rs, 0, sizeof rs);
	sb_init(&rs.body, 0);
	T_REQUIRE(pb_encode_list(src, &rs.body) == 0);
	strcpy(rs.cursor, "MTIz");
	strcpy(rs.count, "2");
	T_CHECK(cl_parse_pull(&rs, pg, &ng, &err) == 0);
	T_EQ_INT(ng, 2);
	T_EQ_INT(pg->nlogs, 2);
	strcpy(rs.count, "3"); /* wrong x-log-count */
	T_CHECK(cl_parse_pull(&rs, pg, &ng, &err) == -1);
	T_EQ_INT(err.st, CL_E_DECODE);
	T_CHECK(strstr(err.msg, "x-log-count") != NULL);
	rs.count[0] = '\0'; /* missing header */
	T_CHECK(cl_parse_pull(&rs, pg, &ng, &err) == -1);
	strcpy(rs.count, "2");
	rs.body.p[1] ^= 0x7f; /* corrupt length */
	T_CHECK(cl_parse_pull(&rs, pg, &ng, &err) == -1);
	T_CHECK(strstr(err.msg, "bad PullLogs body") != NULL);
	sb_free(&rs.body);
	pb_page_free(src);
	pb_page_free(pg);
}

static void
test_builders(void)
{
	struct cl_args a;
	struct cl_call call;
	struct pb_page *pg = pb_page_new();

	cl_args_init(&a);
	cl_api_pull_logs(&call, &a, "p", "web", &(struct cl_pull){ 3, "MTIz", 1000, NULL, NULL });
	T_EQ_STR(call.path, "/logstores/web/shards/3");
	T_EQ_STR(call.project, "p");
	T_EQ_INT(call.nquery, 3);
	T_EQ_STR(call.query[1].value, "MTIz");
	T_CHECK(call.accept_lz4);
	cl_args_free(&a);
	/* the SPL filter is a parameter of the builder, sent as the SDKs do */
	cl_args_init(&a);
	cl_api_pull_logs(&call, &a, "p", "web",
	    &(struct cl_pull){ 0, "MTIz", 10, "MTI0", "* | where a = '1'" });
	T_EQ_INT(call.nquery, 6);
	T_EQ_STR(call.query[3].key, "end_cursor");
	T_EQ_STR(call.query[4].key, "query");
	T_EQ_STR(call.query[4].value, "* | where a = '1'");
	T_EQ_STR(call.query[5].key, "pullMode");
	T_EQ_STR(call.query[5].value, "scan_on_stream");
	cl_args_free(&a);
	cl_args_init(&a);
	pb_add_group(pg, NULL, NULL, NULL);
	pb_add_log(pg, 1, 0, 0);
	pb_add_field(pg, "content", 7, "x", 1);
	T_CHECK(cl_api_put_logs(&call, &a, "p", "web", pg, 0, NULL) == 0);
	T_EQ_STR(call.path, "/logstores/web/shards/lb");
	T_CHECK(call.compress_lz4 && call.body_len > 0);
	cl_args_free(&a);
	cl_args_init(&a);
	cl_api_create_logstore(&call, &a, "p", "web", 7, 4);
	T_CHECK(strstr((const char *)call.body, "\"shardCount\":4") != NULL);
	cl_args_free(&a);
	pb_page_free(pg);
}

static void
test_parse_project_logstore(void)
{
	struct cl_resp rs;
	struct cl_project p;
	struct cl_logstore ls;
	struct cl_err err;
	struct cl_call call;
	struct cl_args a;
	int64_t t;

	resp_set(&rs, "{\"projectName\":\"shop\",\"status\":\"Normal\",\"region\":\"cn-x\","
	    "\"createTime\":\"1700000000\"}");
	T_REQUIRE(cl_parse_project(&rs, &p, &err) == 0);
	T_EQ_STR(p.name, "shop");
	T_EQ_STR(p.region, "cn-x");
	T_EQ_INT(p.create_time, 1700000000); /* times come as text */
	sb_free(&rs.body);
	resp_set(&rs, "{\"logstoreName\":\"web\",\"ttl\":30,\"shardCount\":4,\"createTime\":5}");
	T_REQUIRE(cl_parse_logstore(&rs, &ls, &err) == 0);
	T_EQ_STR(ls.name, "web");
	T_EQ_INT(ls.ttl, 30);
	T_EQ_INT(ls.shard_count, 4);
	sb_free(&rs.body);
	resp_set(&rs, "{\"cursor_time\":1700000123}");
	T_REQUIRE(cl_parse_cursor_time(&rs, &t, &err) == 0);
	T_EQ_INT(t, 1700000123);
	sb_free(&rs.body);
	resp_set(&rs, "{\"ttl\":30}");
	T_CHECK(cl_parse_logstore(&rs, &ls, &err) == -1);
	T_CHECK(cl_parse_project(&rs, &p, &err) == -1);
	T_CHECK(cl_parse_cursor_time(&rs, &t, &err) == -1);
	T_EQ_INT(err.st, CL_E_DECODE);
	sb_free(&rs.body);
	cl_args_init(&a);
	cl_api_get_cursor_time(&call, &a, "p", "web", 2, "MTIz");
	T_EQ_STR(call.path, "/logstores/web/shards/2");
	T_EQ_STR(call.query[0].value, "cursor_time");
	T_EQ_STR(call.query[1].value, "MTIz");
	cl_args_free(&a);
}

/* slsx put's JSON lines: a NUL in a string stays; non-strings as JSON. */
static void
test_log_from_json(void)
{
	struct pb_page *pg = pb_page_new();
	const char line[] = "{\"a\":\"x\\u0000y\",\"n\":5,\"o\":{\"z\":\"\\u0000\"}}";
	size_t n;
	const char *v;

	pb_add_group(pg, NULL, NULL, NULL);
	pb_add_log(pg, 1, 0, 0);
	T_CHECK(cl_api_log_from_json(pg, line, sizeof line - 1) == 0);
	T_EQ_INT(pg->logs[0].nfields, 3);
	v = pb_value(pg, &pg->fields[0], &n);
	T_EQ_INT(n, 3);
	T_EQ_MEM(v, "x\0y", 3);
	v = pb_value(pg, &pg->fields[1], &n);
	T_EQ_MEM(v, "5", 1);
	v = pb_value(pg, &pg->fields[2], &n);
	T_EQ_INT(n, strlen("{\"z\":\"\\u0000\"}"));
	T_EQ_MEM(v, "{\"z\":\"\\u0000\"}", n);
	T_CHECK(cl_api_log_from_json(pg, "plain", 5) == -1);
	T_CHECK(cl_api_log_from_json(pg, "{broken", 7) == -1);
	pb_page_free(pg);
}

#define T_LIST(X)                                                                    \
	X(test_endpoint_parse) X(test_backoff_and_retry) X(test_client_setup)        \
	X(test_parse_lists) X(test_parse_shards_cursor) X(test_parse_pull) X(test_builders) \
	X(test_parse_project_logstore) X(test_log_from_json)
T_MAIN(T_LIST)
