/*
 * test_client_logs — the query result model and its parsers without a
 * server: GetLogs v2 and v1 (meta, headers, SQL column order, NULLs and
 * numbers, duplicate/empty keys, non-UTF-8 bytes), context, histograms,
 * index (json sub-keys), topics, malformed replies, the SQL/LIMIT
 * detection used for paging, and the request builders.
 */
#include <stdlib.h>
#include <string.h>

#include "base/sb.h"
#include "client/cl.h"
#include "client/cl_api.h"
#include "client/cl_logs.h"
#include "client/cl_query.h"
#include "tests/unit/t.h"

static void
resp_set(struct cl_resp *rs, const char *body)
{
	memset(rs, 0, sizeof *rs);
	sb_init(&rs->body, 0);
	sb_init(&rs->xhdr, 0);
	if (sb_adds(&rs->body, body) != 0)
		abort();
	rs->requestid = "REQ";
}

static void
resp_hdr(struct cl_resp *rs, const char *name, const char *value)
{
	if (sb_add(&rs->xhdr, name, strlen(name) + 1) || sb_add(&rs->xhdr, value,
	    strlen(value) + 1))
		abort();
}

static void
resp_free(struct cl_resp *rs)
{
	sb_free(&rs->body);
	sb_free(&rs->xhdr);
}

static void
test_v2(void)
{
	struct cl_resp rs;
	struct cl_logs l;
	struct cl_err err;
	const char **cols;
	size_t n, len;

	resp_set(&rs, "{\"meta\":{\"progress\":\"Complete\",\"count\":2,\"processedRows\":9,"
		      "\"elapsedMillisecond\":3,\"hasSQL\":true,\"whereQuery\":\"*\","
		      "\"aggQuery\":\"select b, a\",\"keys\":[\"b\",\"a\"],\"limited\":100},"
		      "\"data\":[{\"a\":\"1\",\"b\":\"x\xff\"},{\"a\":null,\"b\":12,\"c\":1.5,"
		      "\"d\":[1,2],\"\":\"e\",\"a\":\"dup\",\"big\":1e300}]}");
	cl_logs_init(&l);
	T_REQUIRE(cl_parse_logs_v2(&rs, &l, &err) == 0);
	T_EQ_INT(l.nrows, 2);
	T_EQ_INT(l.complete, 1);
	T_EQ_INT(l.has_sql, 1);
	T_EQ_INT(l.processed_rows, 9);
	T_EQ_INT(l.limited, 100);
	T_EQ_STR(l.agg_query, "select b, a");
	n = cl_logs_columns(&l, &cols);
	T_EQ_INT(n, 2);
	T_EQ_STR(cols[0], "b");
	T_EQ_STR(cols[1], "a");
	free(cols);
	T_EQ_STR(cl_row_get(&l, &l.rows[0], "b", &len), "x\xff"); /* bytes kept */
	T_EQ_INT(len, 2);
	T_EQ_STR(cl_row_get(&l, &l.rows[1], "a", NULL), "null");
	T_EQ_STR(cl_row_get(&l, &l.rows[1], "b", NULL), "12");
	T_EQ_STR(cl_row_get(&l, &l.rows[1], "c", NULL), "1.5");
	T_EQ_STR(cl_row_get(&l, &l.rows[1], "d", NULL), "[1,2]");
	T_EQ_STR(cl_row_get(&l, &l.rows[1], "", NULL), "e");
	T_EQ_STR(cl_row_get(&l, &l.rows[1], "big", NULL), "1.0000000000000001e+300");
	T_EQ_INT(l.rows[1].n, 7); /* the duplicate "a" is kept too */
	T_CHECK(cl_row_get(&l, &l.rows[0], "zz", NULL) == NULL);
	T_EQ_INT(l.nkeys, 6);     /* keys interned once per page */
	cl_logs_free(&l);
	resp_free(&rs);

	/* Incomplete; a search (no SQL): columns in first-seen order, time first */
	resp_set(&rs, "{\"meta\":{\"progress\":\"Incomplete\",\"hasSQL\":false,"
		      "\"terms\":[{\"key\":\"\",\"term\":\"boom\"}]},"
		      "\"data\":[{\"k\":\"v\",\"__time__\":\"5\"},{\"z\":\"1\"}]}");
	cl_logs_init(&l);
	T_REQUIRE(cl_parse_logs_v2(&rs, &l, &err) == 0);
	T_EQ_INT(l.complete, 0);
	T_EQ_INT(l.nterms, 1);
	T_EQ_STR(l.terms[0], "boom");
	n = cl_logs_columns(&l, &cols);
	T_EQ_INT(n, 3);
	T_EQ_STR(cols[0], "__time__");
	T_EQ_STR(cols[1], "k");
	T_EQ_STR(cols[2], "z");
	free(cols);
	cl_logs_free(&l);
	resp_free(&rs);
}

static void
test_v2_malformed(void)
{
	static const char *const bad[] = { "", "[]", "{\"meta\":{}}", "{\"data\":[]}",
		"{\"meta\":{},\"data\":[1]}", "{\"meta\":{},\"data\":{}}", "{\"meta\":" };
	struct cl_resp rs;
	struct cl_logs l;
	struct cl_err err;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		resp_set(&rs, bad[i]);
		cl_logs_init(&l);
		T_CHECK(cl_parse_logs_v2(&rs, &l, &err) == -1);
		T_EQ_INT(err.st, CL_E_DECODE);
		cl_logs_free(&l);
		resp_free(&rs);
	}
}

static void
test_v1(void)
{
	struct cl_resp rs;
	struct cl_logs l;
	struct cl_err err;
	const char **cols;

	resp_set(&rs, "[{\"c\":\"2\",\"level\":\"E\"}]");
	cl_logs_init(&l);
	T_CHECK(cl_parse_logs_v1(&rs, &l, &err) == -1); /* x-log-progress is required */
	cl_logs_free(&l);
	snprintf(rs.progress, sizeof rs.progress, "Complete");
	resp_hdr(&rs, "x-log-has-sql", "true");
	resp_hdr(&rs, "x-log-processed-rows", "77");
	resp_hdr(&rs, "x-log-query-info", "{\"keys\":[\"level\",\"c\"]}");
	cl_logs_init(&l);
	T_REQUIRE(cl_parse_logs_v1(&rs, &l, &err) == 0);
	T_EQ_INT(l.has_sql, 1);
	T_EQ_INT(l.processed_rows, 77);
	T_EQ_INT(cl_logs_columns(&l, &cols), 2);
	T_EQ_STR(cols[0], "level");
	free(cols);
	cl_logs_free(&l);
	resp_free(&rs);
}

static void
test_context(void)
{
	struct cl_resp rs;
	struct cl_logs l;
	struct cl_err err;

	resp_set(&rs, "{\"progress\":\"Complete\",\"total_lines\":3,\"back_lines\":1,"
		      "\"forward_lines\":1,\"logs\":[{\"n\":\"1\"},{\"n\":\"2\"},{\"n\":\"3\"}]}");
	cl_logs_init(&l);
	T_REQUIRE(cl_parse_context(&rs, &l, &err) == 0);
	T_EQ_INT(l.nrows, 3);
	T_EQ_INT(l.back_lines, 1);
	T_EQ_INT(l.forward_lines, 1);
	T_EQ_STR(cl_row_get(&l, &l.rows[2], "n", NULL), "3");
	cl_logs_free(&l);
	resp_free(&rs);
	resp_set(&rs, "{\"progress\":\"Complete\",\"logs\":[]}");
	cl_logs_init(&l);
	T_CHECK(cl_parse_context(&rs, &l, &err) == -1);
	cl_logs_free(&l);
	resp_free(&rs);
}

static void
test_histograms(void)
{
	struct cl_resp rs;
	struct cl_hist h;
	struct cl_err err;

	resp_set(&rs, "[{\"from\":10,\"to\":20,\"count\":3,\"progress\":\"Complete\"},"
		      "{\"from\":20,\"to\":30,\"count\":0,\"progress\":\"Incomplete\"}]");
	snprintf(rs.progress, sizeof rs.progress, "Complete");
	snprintf(rs.count, sizeof rs.count, "3");
	T_REQUIRE(cl_parse_histograms(&rs, &h, &err) == 0);
	T_EQ_INT(h.n, 2);
	T_EQ_INT(h.total, 3);
	T_EQ_INT(h.b[1].from, 20);
	T_EQ_INT(h.complete, 0); /* one bucket is Incomplete */
	cl_hist_free(&h);
	resp_free(&rs);
	resp_set(&rs, "[{\"from\":10,\"count\":-1}]");
	T_CHECK(cl_parse_histograms(&rs, &h, &err) == -1);
	resp_free(&rs);
}

static void
test_index_topics(void)
{
	struct cl_resp rs;
	struct cl_index x;
	struct cl_names n;
	struct cl_err err;

	resp_set(&rs, "{\"line\":{\"token\":[\",\"]},\"ttl\":30,\"keys\":{\"status\":{\"type\":"
		      "\"long\",\"doc_value\":true},\"req\":{\"type\":\"json\",\"json_keys\":"
		      "{\"path\":{\"type\":\"text\"}}}}}");
	T_REQUIRE(cl_parse_index(&rs, &x, &err) == 0);
	T_EQ_INT(x.fulltext, 1);
	T_EQ_INT(x.ttl, 30);
	T_EQ_INT(x.n, 3);
	T_EQ_STR(x.f[0].name, "status");
	T_EQ_STR(x.f[0].type, "long");
	T_EQ_INT(x.f[0].doc_value, 1);
	T_EQ_STR(x.f[2].name, "req.path");
	cl_index_free(&x);
	resp_free(&rs);
	resp_set(&rs, "[\"a\",\"b\"]");
	T_REQUIRE(cl_parse_topics(&rs, &n, &err) == 0);
	T_EQ_INT(n.n, 2);
	T_EQ_STR(n.v[1], "b");
	cl_names_free(&n);
	resp_free(&rs);
	resp_set(&rs, "[\"a\",1]");
	T_CHECK(cl_parse_topics(&rs, &n, &err) == -1);
	resp_free(&rs);
}

static void
test_sql_detection(void)
{
	T_CHECK(!cl_query_is_sql("status:500"));
	T_CHECK(!cl_query_is_sql("msg:\"a | select b\""));
	T_CHECK(cl_query_is_sql("* | select count(*)"));
	T_CHECK(cl_query_is_sql("* | SELECT a"));
	T_CHECK(!cl_query_is_sql("* | with_pack_meta"));
	T_CHECK(!cl_query_is_sql("* | selection"));
	T_CHECK(!cl_query_has_limit("* | select a"));
	T_CHECK(cl_query_has_limit("* | select a limit 10"));
	T_CHECK(!cl_query_has_limit("* | select 'limit' as x"));
	T_CHECK(!cl_query_has_limit("* | select a as limited"));
	T_CHECK(!cl_query_is_sql(NULL));
}

static void
test_builders(void)
{
	struct cl_call call;
	struct cl_args a;
	struct cl_query q;

	memset(&q, 0, sizeof q);
	q.project = "p";
	q.logstore = "ls";
	q.from = 100;
	q.to = 200;
	q.query = "a and b";
	q.line = 50;
	q.offset = 150;
	q.reverse = 1;
	cl_args_init(&a);
	cl_api_get_logs_v2(&call, &a, &q);
	T_EQ_STR(call.method, "POST");
	T_EQ_STR(call.path, "/logstores/ls/logs");
	T_CHECK(call.accept_lz4 && call.idempotent);
	T_CHECK(strstr(call.body, "\"query\":\"a and b\"") != NULL);
	T_CHECK(strstr(call.body, "\"offset\":150") != NULL);
	T_CHECK(strstr(call.body, "\"reverse\":true") != NULL);
	cl_args_free(&a);
	cl_args_init(&a);
	q.query = NULL;
	cl_api_get_logs_v1(&call, &a, &q);
	T_EQ_STR(call.method, "GET");
	T_EQ_STR(call.path, "/logstores/ls");
	T_EQ_STR(call.query[0].value, "log");
	T_EQ_STR(call.query[3].key, "query");
	T_EQ_STR(call.query[3].value, "*");
	cl_args_free(&a);
	cl_args_init(&a);
	cl_api_get_context(&call, &a, "p", "ls", "ABC-1", "0|x|1|2", 100, 0);
	T_EQ_STR(call.query[0].value, "context_log");
	T_EQ_STR(call.query[3].value, "100");
	cl_args_free(&a);
}

/* A NUL in a value or key (JSON \u0000) is kept: cJSON's C strings would
 * cut it. An escaped backslash before "u0000" is text, not a NUL. */
static void
test_nul_values(void)
{
	struct cl_resp rs;
	struct cl_logs l;
	struct cl_err err;
	size_t n;
	const char *v;

	resp_set(&rs, "{\"meta\":{\"progress\":\"Complete\",\"count\":1},\"data\":[{"
		      "\"a\":\"before\\u0000after\",\"k\\u0000x\":\"\\u0000\","
		      "\"lit\":\"\\\\u0000\",\"nest\":{\"n\":\"x\\u0000y\"},"
		      "\"hi\":\"\xc3\xa9\\u00e9\"}]}");
	cl_logs_init(&l);
	T_REQUIRE(cl_parse_logs_v2(&rs, &l, &err) == 0);
	T_REQUIRE(l.nrows == 1);
	v = cl_row_get(&l, &l.rows[0], "a", &n);
	T_REQUIRE(v != NULL);
	T_EQ_INT(n, 12);
	T_EQ_MEM(v, "before\0after", 12);
	v = cl_row_get(&l, &l.rows[0], "lit", &n);
	T_REQUIRE(v != NULL);
	T_EQ_INT(n, 6);
	T_EQ_MEM(v, "\\u0000", 6);
	v = cl_row_get(&l, &l.rows[0], "nest", &n);
	T_REQUIRE(v != NULL);
	T_EQ_STR(v, "{\"n\":\"x\\u0000y\"}");
	v = cl_row_get(&l, &l.rows[0], "hi", &n);
	T_REQUIRE(v != NULL);
	T_EQ_STR(v, "\xc3\xa9\xc3\xa9");
	/* the key with a NUL: the row's second field */
	T_EQ_INT(l.rows[0].n, 5);
	cl_logs_free(&l);
	resp_free(&rs);
}

#define T_LIST(X)                                                               \
	X(test_v2) X(test_v2_malformed) X(test_v1) X(test_context) X(test_histograms) \
	X(test_index_topics) X(test_sql_detection) X(test_builders) X(test_nul_values)
T_MAIN(T_LIST)
