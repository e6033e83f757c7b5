/*
 * test_sq_query — the query engine (sq/) on its own, fed through its ingest
 * API as slsd's store feeds it: search syntax, paging, SQL with SLS
 * functions, histograms, context, topics, project logs, index changes and
 * errors. The store's side (the rebuild at start) is test_server_query.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/sb.h"
#include "proto/pb.h"
#include "sq/sq.h"
#include "sq/sq_int.h"
#include "tests/unit/t.h"

static const char *index_json =
    "{\"line\":{\"token\":[\" \",\",\",\"/\",\"=\",\"\\n\"],\"caseSensitive\":false},"
    "\"keys\":{\"status\":{\"type\":\"long\",\"doc_value\":true},"
    "\"latency\":{\"type\":\"double\",\"doc_value\":true},"
    "\"method\":{\"type\":\"text\",\"token\":[\" \"],\"doc_value\":true},"
    "\"path\":{\"type\":\"text\",\"token\":[\"/\"],\"doc_value\":true},"
    "\"msg\":{\"type\":\"text\",\"token\":[\" \"],\"doc_value\":true}}}";

/* A logstore as the engine sees it: an id and where the next group goes
 * (round robin over its shards, consecutive cursors per shard, as slsd's
 * store does). */
struct fx_ls {
	int64_t id;
	int shard_count;
	int next;
	int64_t cursor[4];
};

struct fx {
	struct fx_ls ls, bare;
	struct sq *q;
};

static void
put(struct fx *f, struct fx_ls *ls, struct pb_page *pg)
{
	struct sb b;
	struct sq_err err;
	int shard = ls->next++ % ls->shard_count;

	sb_init(&b, 0);
	T_REQUIRE(pb_encode_group(pg, 0, &b) == 0);
	T_REQUIRE(sq_ingest(f->q, ls->id, shard, 1000000 + ls->cursor[shard]++, 5000, b.p, b.len,
	    &err) == 0);
	sb_free(&b);
	pb_page_clear(pg);
}

static void
add_kv(struct pb_page *pg, const char *k, const char *v)
{
	T_REQUIRE(pb_add_field(pg, k, strlen(k), v, strlen(v)) == 0);
}

static void
fx_open(struct fx *f)
{
	struct sq_err err;
	struct pb_page *pg = pb_page_new();
	char buf[64];

	memset(f, 0, sizeof *f);
	f->q = sq_new();
	T_REQUIRE(f->q != NULL);
	f->ls.id = 1;
	f->ls.shard_count = 2;
	f->bare.id = 2;
	f->bare.shard_count = 1;
	T_REQUIRE(sq_set_index(f->q, f->ls.id, index_json, &err) == 0);
	/* A: ten nginx lines, pack ABCD-1 */
	pb_add_group(pg, "nginx", "10.0.0.1", NULL);
	pb_add_tag(pg, "__pack_id__", 11, "ABCD-1", 6);
	for (int i = 0; i < 10; i++) {
		pb_add_log(pg, (uint32_t)(1000 + i), 0, 0);
		add_kv(pg, "method", i % 2 ? "POST" : "GET");
		add_kv(pg, "status", i % 5 == 0 ? "500" : "200");
		snprintf(buf, sizeof buf, "%d", i * 10);
		add_kv(pg, "latency", buf);
		snprintf(buf, sizeof buf, "/api/v1/items/%d", i);
		add_kv(pg, "path", buf);
		snprintf(buf, sizeof buf, "hello world %d", i);
		add_kv(pg, "msg", buf);
	}
	put(f, &f->ls, pg);
	/* B: three app lines, no pack id, one hostile value */
	pb_add_group(pg, "app", "host-b", NULL);
	pb_add_log(pg, 1005, 0, 0);
	add_kv(pg, "msg", "ERROR timeout\x1b[2J\xff");
	add_kv(pg, "status", "503");
	pb_add_log(pg, 1006, 0, 0);
	add_kv(pg, "msg", "error refused");
	add_kv(pg, "status", "200");
	pb_add_log(pg, 1007, 1, 5);
	add_kv(pg, "msg", "ok fine");
	add_kv(pg, "status", "200");
	put(f, &f->ls, pg);
	/* C: the next group of pack ABCD */
	pb_add_group(pg, "nginx", "10.0.0.1", NULL);
	pb_add_tag(pg, "__pack_id__", 11, "ABCD-2", 6);
	for (int i = 0; i < 3; i++) {
		pb_add_log(pg, (uint32_t)(1010 + i), 0, 0);
		add_kv(pg, "status", "200");
		add_kv(pg, "msg", "later line");
	}
	put(f, &f->ls, pg);
	pb_page_free(pg);
}

static void
fx_close(struct fx *f)
{
	sq_free(f->q);
}

/* Run GetLogs; returns the parsed v2 body (NULL on error, err filled). */
static cJSON *
getlogs(struct fx *f, const char *query, int64_t from, int64_t to, int64_t line, int64_t offset,
    int reverse, struct sq_err *err)
{
	struct sq_getlogs_req r = { from, to, query, NULL, line, offset, reverse, 0, 0 };
	struct sq_result res;
	cJSON *o;

	if (sq_query_getlogs(f->q, f->ls.id, &r, &res, err) != 0)
		return NULL;
	o = cJSON_Parse(res.body);
	T_CHECK(o != NULL);
	{
		cJSON *v1 = cJSON_Parse(res.body_v1);

		T_CHECK(cJSON_IsArray(v1));
		cJSON_Delete(v1);
	}
	sq_result_free(&res);
	return o;
}

static int
count_of(cJSON *o)
{
	return cJSON_GetArraySize(cJSON_GetObjectItem(o, "data"));
}

static const char *
field(cJSON *o, int row, const char *k)
{
	cJSON *r = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "data"), row);
	cJSON *v = cJSON_GetObjectItem(r, k);

	return cJSON_IsString(v) ? v->valuestring : "(missing)";
}

static int
nhits(struct fx *f, const char *query)
{
	struct sq_err err;
	cJSON *o = getlogs(f, query, 0, 2000, 100, 0, 0, &err);
	int n;

	if (o == NULL) {
		fprintf(stderr, "    query %s: %s %s\n", query, err.code, err.msg);
		return -1;
	}
	n = count_of(o);
	cJSON_Delete(o);
	return n;
}

static void
test_search_syntax(void)
{
	struct fx f;

	fx_open(&f);
	T_EQ_INT(nhits(&f, "*"), 16);
	T_EQ_INT(nhits(&f, ""), 16);
	T_EQ_INT(nhits(&f, "error"), 2);
	T_EQ_INT(nhits(&f, "ERROR"), 2);
	T_EQ_INT(nhits(&f, "status:500"), 2);
	T_EQ_INT(nhits(&f, "status >= 500"), 3);
	T_EQ_INT(nhits(&f, "status>=500"), 3);
	T_EQ_INT(nhits(&f, "status in [500 503)"), 2);
	T_EQ_INT(nhits(&f, "status in [500 503]"), 3);
	T_EQ_INT(nhits(&f, "latency > 50"), 4);
	T_EQ_INT(nhits(&f, "method:get and not status:500"), 4);
	T_EQ_INT(nhits(&f, "method:get not status:500"), 4);
	T_EQ_INT(nhits(&f, "method:post or status:503"), 6);
	T_EQ_INT(nhits(&f, "(error or later) and not refused"), 4);
	T_EQ_INT(nhits(&f, "path:/api/v1/items/3"), 1);
	T_EQ_INT(nhits(&f, "hel*"), 10);
	T_EQ_INT(nhits(&f, "h?llo"), 10);
	T_EQ_INT(nhits(&f, "msg:hel*"), 10);
	T_EQ_INT(nhits(&f, "#\"hello world\""), 10);
	T_EQ_INT(nhits(&f, "#\"world hello\""), 0);
	T_EQ_INT(nhits(&f, "\"hello world\""), 10);
	T_EQ_INT(nhits(&f, "__topic__:app"), 3);
	T_EQ_INT(nhits(&f, "__source__:host-b"), 3);
	T_EQ_INT(nhits(&f, "__tag__:__pack_id__:ABCD-2"), 3);
	T_EQ_INT(nhits(&f, "nothing_like_this"), 0);
	T_EQ_INT(nhits(&f, "__time__ >= 1010"), 3);
	fx_close(&f);
}

static void
test_search_errors(void)
{
	struct fx f;
	struct sq_err err;
	struct sq_getlogs_req r = { 0, 2000, "*", NULL, 10, 0, 0, 0, 0 };
	struct sq_result res;

	fx_open(&f);
	T_CHECK(getlogs(&f, "(error", 0, 2000, 10, 0, 0, &err) == NULL);
	T_EQ_STR(err.code, "ParameterInvalid");
	T_CHECK(strstr(err.msg, "missing )") != NULL);
	T_CHECK(getlogs(&f, "nokey:1", 0, 2000, 10, 0, 0, &err) == NULL);
	T_CHECK(strstr(err.msg, "nokey") != NULL);
	T_CHECK(getlogs(&f, "method > 3", 0, 2000, 10, 0, 0, &err) == NULL);
	T_CHECK(strstr(err.msg, "long or double") != NULL);
	T_CHECK(getlogs(&f, "\"open", 0, 2000, 10, 0, 0, &err) == NULL);
	T_CHECK(getlogs(&f, "*", 10, 10, 10, 0, 0, &err) == NULL);
	T_EQ_STR(err.code, "ParameterInvalid");
	T_CHECK(getlogs(&f, "*", -1, 10, 10, 0, 0, &err) == NULL);
	T_CHECK(strstr(err.msg, "positive integer") != NULL);
	T_CHECK(getlogs(&f, "*", 0, 10, 10, -1, 0, &err) == NULL);
	T_CHECK(getlogs(&f, "* | delete from log", 0, 10, 10, 0, 0, &err) == NULL);
	T_CHECK(sq_query_getlogs(f.q, f.bare.id, &r, &res, &err) == -1);
	T_EQ_STR(err.code, "IndexConfigNotExist");
	fx_close(&f);
}

static void
test_paging_order(void)
{
	struct fx f;
	struct sq_err err;
	cJSON *o;

	fx_open(&f);
	o = getlogs(&f, "*", 0, 2000, 5, 5, 0, &err);
	T_REQUIRE(o != NULL);
	T_EQ_INT(count_of(o), 5);
	T_EQ_STR(field(o, 0, "__time__"), "1005");
	cJSON_Delete(o);
	o = getlogs(&f, "*", 0, 2000, 3, 0, 1, &err);
	T_REQUIRE(o != NULL);
	T_EQ_STR(field(o, 0, "__time__"), "1012");
	T_EQ_STR(field(o, 0, "__topic__"), "nginx");
	T_EQ_STR(field(o, 0, "__source__"), "10.0.0.1");
	T_EQ_STR(field(o, 0, "__tag__:__pack_id__"), "ABCD-2");
	T_EQ_STR(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "meta"), "progress")->valuestring,
	    "Complete");
	cJSON_Delete(o);
	/* [from, to): 1005 is in, 1007 is out */
	o = getlogs(&f, "*", 1005, 1007, 100, 0, 0, &err);
	T_REQUIRE(o != NULL);
	T_EQ_INT(count_of(o), 4);
	cJSON_Delete(o);
	/* line is capped at 100, not an error */
	o = getlogs(&f, "*", 0, 2000, 1000, 0, 0, &err);
	T_REQUIRE(o != NULL);
	T_EQ_INT(count_of(o), 16);
	cJSON_Delete(o);
	/* ns part and hostile bytes survive as valid JSON */
	o = getlogs(&f, "__source__:host-b", 0, 2000, 100, 0, 0, &err);
	T_REQUIRE(o != NULL);
	T_EQ_STR(field(o, 2, "__time_ns_part__"), "5");
	T_CHECK(strncmp(field(o, 0, "msg"), "ERROR timeout\x1b[2J", 17) == 0);
	cJSON_Delete(o);
	fx_close(&f);
}

static void
test_sql(void)
{
	struct fx f;
	struct sq_err err;
	cJSON *o, *meta;

	setenv("TZ", "UTC", 1);
	fx_open(&f);
	o = getlogs(&f, "* | select status, count(*) as c group by status order by c desc", 0, 2000,
	    10, 0, 0, &err);
	T_REQUIRE(o != NULL);
	T_EQ_INT(count_of(o), 3);
	T_EQ_STR(field(o, 0, "status"), "200");
	T_EQ_STR(field(o, 0, "c"), "13");
	meta = cJSON_GetObjectItem(o, "meta");
	T_CHECK(cJSON_IsTrue(cJSON_GetObjectItem(meta, "hasSQL")));
	T_EQ_INT(cJSON_GetObjectItem(meta, "limited")->valueint, 100);
	T_EQ_STR(cJSON_GetArrayItem(cJSON_GetObjectItem(meta, "keys"), 1)->valuestring, "c");
	cJSON_Delete(o);
	o = getlogs(&f, "error | select count(1) as n, count_if(status = 503) as bad,"
	    " approx_distinct(msg) as d", 0, 2000, 10, 0, 0, &err);
	T_REQUIRE(o != NULL);
	T_EQ_STR(field(o, 0, "n"), "2");
	T_EQ_STR(field(o, 0, "bad"), "1");
	T_EQ_STR(field(o, 0, "d"), "2");
	cJSON_Delete(o);
	o = getlogs(&f, "* | select count(*) as n where __time__ >= 1005 limit 5", 0, 2000, 10, 0,
	    0, &err);
	T_REQUIRE(o != NULL);
	T_EQ_STR(field(o, 0, "n"), "11");
	T_EQ_INT(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "meta"), "limited")->valueint, 0);
	cJSON_Delete(o);
	o = getlogs(&f, "* | select date_format(from_unixtime(__time__), '%Y-%m-%d %H:%i:%s') as t,"
	    " date_trunc('minute', __time__) as m, avg(latency) as a, max(msg) as x,"
	    " split_part(path, '/', 3) as sp, regexp_extract(path, '(\\d+)$', 1) as num,"
	    " json_extract_scalar('{\"a\":{\"b\":7}}', '$.a.b') as j, try_cast(msg as bigint) as tc"
	    " from log where path is not null group by t, m, sp, num order by t limit 1", 0, 2000,
	    10, 0, 0, &err);
	if (o == NULL)
		fprintf(stderr, "    %s\n", err.msg);
	T_REQUIRE(o != NULL);
	T_EQ_STR(field(o, 0, "t"), "1970-01-01 00:16:40");
	T_EQ_STR(field(o, 0, "m"), "1970-01-01 00:16:00.000");
	T_EQ_STR(field(o, 0, "a"), "0.0");
	T_EQ_STR(field(o, 0, "sp"), "v1");
	T_EQ_STR(field(o, 0, "num"), "0");
	T_EQ_STR(field(o, 0, "j"), "7");
	T_EQ_STR(field(o, 0, "tc"), "null");
	cJSON_Delete(o);
	/* errors name the construct; nothing silently wrong */
	T_CHECK(getlogs(&f, "* | select cast(msg as bigint)", 0, 2000, 10, 0, 0, &err) == NULL);
	T_CHECK(strstr(err.msg, "Cannot cast") != NULL);
	T_CHECK(getlogs(&f, "* | select unnest(msg)", 0, 2000, 10, 0, 0, &err) == NULL);
	T_CHECK(strstr(err.msg, "unnest") != NULL);
	T_CHECK(getlogs(&f, "* | select nosuchcol", 0, 2000, 10, 0, 0, &err) == NULL);
	T_CHECK(strstr(err.msg, "nosuchcol") != NULL);
	T_CHECK(getlogs(&f, "* | select 1; select 2", 0, 2000, 10, 0, 0, &err) == NULL);
	T_CHECK(getlogs(&f, "* | select * from log, pragma_table_info('log')", 0, 2000, 10, 0, 0,
	    &err) == NULL);
	T_CHECK(getlogs(&f, "* | select regexp_like(msg, '(?i)x')", 0, 2000, 10, 0, 0, &err) ==
	    NULL);
	fx_close(&f);
}

static void
test_time_series(void)
{
	struct fx f;
	struct sq_err err;
	cJSON *o;

	setenv("TZ", "UTC", 1);
	fx_open(&f);
	o = getlogs(&f, "* | select time_series(__time__, '5s', '%H:%i:%s', '0') as t,"
	    " count(*) as c group by t order by t", 1000, 1030, 10, 0, 0, &err);
	if (o == NULL)
		fprintf(stderr, "    %s\n", err.msg);
	T_REQUIRE(o != NULL);
	T_EQ_INT(count_of(o), 6);
	T_EQ_STR(field(o, 0, "t"), "00:16:40");
	T_EQ_STR(field(o, 0, "c"), "5");
	T_EQ_STR(field(o, 1, "c"), "8");
	T_EQ_STR(field(o, 3, "t"), "00:16:55");
	T_EQ_STR(field(o, 3, "c"), "0");
	cJSON_Delete(o);
	fx_close(&f);
}

static void
test_histograms(void)
{
	struct fx f;
	struct sq_err err;
	struct sq_getlogs_req r = { 1000, 1020, "status:200", NULL, 0, 0, 0, 0, 0 };
	struct sq_result res;
	cJSON *o;

	fx_open(&f);
	T_REQUIRE(sq_query_histograms(f.q, f.ls.id, &r, &res, &err) == 0);
	o = cJSON_Parse(res.body);
	T_REQUIRE(cJSON_IsArray(o));
	T_EQ_INT(cJSON_GetArraySize(o), 20);
	T_EQ_INT(res.count, 13);
	T_EQ_INT(cJSON_GetObjectItem(cJSON_GetArrayItem(o, 6), "count")->valueint, 2);
	T_EQ_INT(cJSON_GetObjectItem(cJSON_GetArrayItem(o, 6), "from")->valueint, 1006);
	cJSON_Delete(o);
	sq_result_free(&res);
	r.query = "* | select count(*)";
	T_CHECK(sq_query_histograms(f.q, f.ls.id, &r, &res, &err) == -1);
	fx_close(&f);
}

static cJSON *
context(struct fx *f, const char *pid, const char *meta, int back, int fwd)
{
	struct sq_result res;
	struct sq_err err;
	cJSON *o;

	if (sq_query_context(f->q, f->ls.id, pid, meta, back, fwd, &res, &err) != 0) {
		fprintf(stderr, "    context: %s\n", err.msg);
		return NULL;
	}
	o = cJSON_Parse(res.body);
	sq_result_free(&res);
	return o;
}

static void
test_context(void)
{
	struct fx f;
	struct sq_err err;
	cJSON *o, *c, *logs;
	char pid[64], meta[128], pid0[64], meta0[128];

	fx_open(&f);
	o = getlogs(&f, "__tag__:__pack_id__:ABCD-1 | with_pack_meta", 0, 2000, 100, 0, 0, &err);
	T_REQUIRE(o != NULL);
	T_EQ_INT(count_of(o), 10);
	snprintf(pid, sizeof pid, "%s", field(o, 9, "__tag__:__pack_id__"));
	snprintf(meta, sizeof meta, "%s", field(o, 9, "__pack_meta__"));
	snprintf(pid0, sizeof pid0, "%s", field(o, 0, "__tag__:__pack_id__"));
	snprintf(meta0, sizeof meta0, "%s", field(o, 0, "__pack_meta__"));
	cJSON_Delete(o);
	T_EQ_STR(pid, "ABCD-1");
	c = context(&f, pid, meta, 3, 3);
	T_REQUIRE(c != NULL);
	T_EQ_INT(cJSON_GetObjectItem(c, "total_lines")->valueint, 7);
	logs = cJSON_GetObjectItem(c, "logs");
	T_EQ_INT(cJSON_GetArraySize(logs), 7);
	T_EQ_STR(cJSON_GetObjectItem(cJSON_GetArrayItem(logs, 0), "__time__")->valuestring, "1006");
	T_EQ_STR(cJSON_GetObjectItem(cJSON_GetArrayItem(logs, 0), "__index_number__")->valuestring,
	    "-3");
	T_EQ_STR(cJSON_GetObjectItem(cJSON_GetArrayItem(logs, 3), "__index_number__")->valuestring,
	    "0");
	/* crosses into the next group of the same pack prefix */
	T_EQ_STR(cJSON_GetObjectItem(cJSON_GetArrayItem(logs, 4), "__tag__:__pack_id__")->valuestring,
	    "ABCD-2");
	cJSON_Delete(c);
	/* the first log has nothing before it: an empty answer */
	c = context(&f, pid0, meta0, 5, 0);
	T_REQUIRE(c != NULL);
	T_EQ_INT(cJSON_GetObjectItem(c, "total_lines")->valueint, 0);
	T_EQ_INT(cJSON_GetArraySize(cJSON_GetObjectItem(c, "logs")), 0);
	cJSON_Delete(c);
	/* at the edge, fewer lines than asked */
	c = context(&f, pid0, meta0, 5, 2);
	T_REQUIRE(c != NULL);
	T_EQ_INT(cJSON_GetObjectItem(c, "back_lines")->valueint, 0);
	T_EQ_INT(cJSON_GetObjectItem(c, "forward_lines")->valueint, 2);
	cJSON_Delete(c);
	T_CHECK(context(&f, "ZZZZ-1", meta, 1, 1) == NULL);
	T_CHECK(context(&f, pid, "garbage", 1, 1) == NULL);
	/* logs without a writer pack id get a generated one */
	o = getlogs(&f, "__topic__:app | with_pack_meta", 0, 2000, 100, 0, 0, &err);
	T_REQUIRE(o != NULL);
	T_CHECK(strlen(field(o, 1, "__tag__:__pack_id__")) == 18);
	c = context(&f, field(o, 1, "__tag__:__pack_id__"), field(o, 1, "__pack_meta__"), 1, 1);
	T_REQUIRE(c != NULL);
	T_EQ_INT(cJSON_GetObjectItem(c, "total_lines")->valueint, 3);
	cJSON_Delete(c);
	cJSON_Delete(o);
	fx_close(&f);
}

static int64_t
resolve(void *ctx, const char *name)
{
	struct fx *f = ctx;

	if (strcmp(name, "web") == 0)
		return f->ls.id;
	if (strcmp(name, "bare") == 0)
		return f->bare.id;
	return -1;
}

static void
test_topics_project_index(void)
{
	struct fx f;
	struct sq_result res;
	struct sq_err err;
	struct sq_err e;
	cJSON *o;

	fx_open(&f);
	T_REQUIRE(sq_query_topics(f.q, f.ls.id, 1, "", &res, &err) == 0);
	T_EQ_STR(res.body, "[\"app\"]");
	T_EQ_STR(res.next_token, "app");
	sq_result_free(&res);
	T_REQUIRE(sq_query_topics(f.q, f.ls.id, 10, "app", &res, &err) == 0);
	T_EQ_STR(res.body, "[\"nginx\"]");
	T_EQ_STR(res.next_token, "");
	sq_result_free(&res);
	T_REQUIRE(sq_query_project_logs(f.q, "select count(1) as n from web where __date__ >"
	    " '1970-01-01 00:16:45'", resolve, &f, &res, &err) == 0);
	o = cJSON_Parse(res.body_v1);
	T_EQ_STR(cJSON_GetObjectItem(cJSON_GetArrayItem(o, 0), "n")->valuestring, "9");
	cJSON_Delete(o);
	sq_result_free(&res);
	T_CHECK(sq_query_project_logs(f.q, "select count(1) from nowhere", resolve, &f, &res, &err) ==
	    -1);
	/* changing the index re-indexes; without a line index, full text errors */
	T_REQUIRE(sq_set_index(f.q, f.ls.id,
	    "{\"keys\":{\"msg\":{\"type\":\"text\",\"token\":[\" \"]}}}", &e) == 0);
	T_EQ_INT(nhits(&f, "msg:error"), 2);
	T_CHECK(getlogs(&f, "error", 0, 2000, 10, 0, 0, &err) == NULL);
	T_CHECK(strstr(err.msg, "full-text") != NULL);
	T_CHECK(sq_set_index(f.q, f.ls.id, "[1]", &e) == -1);
	fx_close(&f);
}

/* Posting lists are gaps as varints: dense, sparse (gaps across every
 * varint length), single-row and last-row terms all come back exactly. */
static int
post_sparse(int r)
{
	static const int b[] = { 0, 1, 127, 128, 129, 16383, 16384, 16512, 2097151, 2097152,
		2099999 };
	size_t i;

	for (i = 0; i < sizeof b / sizeof b[0]; i++)
		if (b[i] == r)
			return 1;
	return 0;
}

static void
test_postings(void)
{
	struct fx f;
	struct sq_err err;
	struct pb_page *pg = pb_page_new();
	const int n = 2100000;
	char buf[32];
	cJSON *o;
	int r, i, ok = 1;

	memset(&f, 0, sizeof f);
	f.q = sq_new();
	f.ls.id = 1;
	f.ls.shard_count = 1;
	T_REQUIRE(sq_set_index(f.q, 1, "{\"keys\":{\"k\":{\"type\":\"text\",\"token\":[\" \"]}}}",
	    &err) == 0);
	pb_add_group(pg, "t", "s", NULL);
	for (r = 0; r < n; r++) {
		pb_add_log(pg, (uint32_t)(1000 + r / 100000), 0, 0);
		snprintf(buf, sizeof buf, "%s%s%s", r % 2 == 0 ? "a " : "", post_sparse(r) ? "b " : "",
		    r == 1500000 ? "c" : "z");
		add_kv(pg, "k", buf);
		snprintf(buf, sizeof buf, "%d", r);
		add_kv(pg, "i", buf);
		if (pg->nlogs == 4096) {
			put(&f, &f.ls, pg);
			pb_add_group(pg, "t", "s", NULL);
		}
	}
	put(&f, &f.ls, pg);
	T_EQ_INT(nhits(&f, "k:c"), 1);
	o = getlogs(&f, "k:b", 0, 2000, 100, 0, 0, &err);
	T_REQUIRE(o != NULL);
	T_EQ_INT(count_of(o), 11);
	for (i = 0; i < count_of(o); i++)
		ok &= post_sparse(atoi(field(o, i, "i")));
	T_CHECK(ok);
	cJSON_Delete(o);
	o = getlogs(&f, "k:a | select count(*) as n", 0, 2000, 100, 0, 0, &err);
	T_REQUIRE(o != NULL);
	T_EQ_STR(field(o, 0, "n"), "1050000");
	cJSON_Delete(o);
	o = getlogs(&f, "k:z and not k:a | select count(*) as n", 0, 2000, 100, 0, 0, &err);
	T_REQUIRE(o != NULL);
	T_EQ_STR(field(o, 0, "n"), "1050000"); /* the odd rows */
	cJSON_Delete(o);
	o = getlogs(&f, "k:z | select count(*) as n", 0, 2000, 100, 0, 0, &err);
	T_REQUIRE(o != NULL);
	T_EQ_STR(field(o, 0, "n"), "2099999"); /* every row but 1500000 */
	cJSON_Delete(o);
	{
		/* runs: z (every row but one) in two runs, a (every other row) a
		 * byte a row */
		struct sq_ls *ls;
		const struct sq_term *z, *a;
		uint32_t k;

		T_REQUIRE(sq_ls_read(f.q, 1, &ls, &err) == 0 && ls != NULL);
		k = sq_model_dict_find(&ls->keys, "k", 1);
		z = sq_terms_find(ls, k, "z", 1);
		a = sq_terms_find(ls, k, "a", 1);
		T_REQUIRE(z != NULL && a != NULL);
		T_CHECK(z->post != NULL && z->post->nb <= 10);
		T_REQUIRE(a->post != NULL);
		T_EQ_INT((long long)a->post->nb, 1050000);
		sq_ls_unread(f.q, ls);
	}
	pb_page_free(pg);
	fx_close(&f);
}

/* A bulk load (sq_ingest_wait): groups indexed by the engine's thread,
 * in order, through a queue so small that the loader waits for room and
 * a group larger than it is indexed in place; a query sees every group. */
static void
test_ingest_wait(void)
{
	struct fx f;
	struct sq_err err;
	struct pb_page *pg = pb_page_new();
	char buf[32];
	cJSON *o;
	int g, r;

	memset(&f, 0, sizeof f);
	f.q = sq_new();
	f.ls.id = 1;
	f.ls.shard_count = 1;
	T_REQUIRE(sq_set_index(f.q, 1, index_json, &err) == 0);
	sq_set_pending_max(f.q, 4096);
	for (g = 0; g < 200; g++) {
		struct sb b;
		int n = g == 100 ? 2000 : 50; /* group 100: larger than the queue */

		pb_add_group(pg, "t", "s", NULL);
		for (r = 0; r < n; r++) {
			pb_add_log(pg, (uint32_t)(1000 + g), 0, 0);
			snprintf(buf, sizeof buf, "%d", g);
			add_kv(pg, "msg", buf);
			add_kv(pg, "status", g % 2 ? "500" : "200");
		}
		sb_init(&b, 0);
		T_REQUIRE(pb_encode_group(pg, 0, &b) == 0);
		sq_ingest_wait(f.q, 1, 0, 5000 + g, 5000, b.p, b.len);
		sb_free(&b);
		pb_page_clear(pg);
	}
	o = getlogs(&f, "* | select count(*) as n", 0, 2000, 100, 0, 0, &err);
	T_REQUIRE(o != NULL);
	T_EQ_STR(field(o, 0, "n"), "11950"); /* 199 x 50 + 2000 */
	cJSON_Delete(o);
	o = getlogs(&f, "msg:100 | select count(*) as n", 0, 2000, 100, 0, 0, &err);
	T_REQUIRE(o != NULL);
	T_EQ_STR(field(o, 0, "n"), "2000");
	cJSON_Delete(o);
	/* in order: the oldest rows first are group 0's, the newest group 199's */
	o = getlogs(&f, "status:500", 0, 2000, 1, 0, 1, &err);
	T_REQUIRE(o != NULL);
	T_EQ_STR(field(o, 0, "msg"), "199");
	cJSON_Delete(o);
	pb_page_free(pg);
	fx_close(&f);
}

/* Full-text words of text keys tokenized as the line are kept once, under
 * the key (sq_index_ft_via_key): a full-text word, glob, phrase or negation
 * finds them as before, a key of another tokenizer or a long key is still
 * copied into the full-text index, and a re-index that makes the
 * tokenizers differ answers the same. */
static void
test_fulltext_shared(void)
{
	static const char *shared =
	    "{\"line\":{\"token\":[\" \",\"/\"],\"caseSensitive\":false},"
	    "\"keys\":{\"uri\":{\"type\":\"text\",\"token\":[\" \",\"/\"],\"caseSensitive\":false},"
	    "\"ua\":{\"type\":\"text\",\"token\":[\" \"],\"caseSensitive\":false},"
	    "\"status\":{\"type\":\"long\"}}}";
	static const char *apart =
	    "{\"line\":{\"token\":[\" \",\"/\"],\"caseSensitive\":false},"
	    "\"keys\":{\"uri\":{\"type\":\"text\",\"token\":[\" \",\"/\",\",\"],\"caseSensitive\":false},"
	    "\"ua\":{\"type\":\"text\",\"token\":[\" \"],\"caseSensitive\":false},"
	    "\"status\":{\"type\":\"long\"}}}";
	struct fx f;
	struct sq_err err;
	struct pb_page *pg = pb_page_new();
	struct sq_ls *ls;
	uint32_t with_shared;
	const char *ix[2] = { shared, apart };

	memset(&f, 0, sizeof f);
	f.q = sq_new();
	f.ls.id = 1;
	f.ls.shard_count = 1;
	T_REQUIRE(sq_set_index(f.q, 1, shared, &err) == 0);
	pb_add_group(pg, "t", "s", NULL);
	for (int i = 0; i < 6; i++) {
		char uri[64];

		pb_add_log(pg, (uint32_t)(1000 + i), 0, 0);
		snprintf(uri, sizeof uri, "/api/Users/%d", i);
		add_kv(pg, "uri", uri);
		add_kv(pg, "ua", i % 2 ? "curl/7.1 bot" : "Mozilla/5.0");
		add_kv(pg, "status", i % 3 ? "200" : "500");
	}
	put(&f, &f.ls, pg);
	T_REQUIRE(sq_ls_read(f.q, 1, &ls, &err) == 0 && ls != NULL);
	with_shared = ls->tx.nterms;
	T_CHECK(sq_terms_find(ls, SQ_FULLTEXT, "api", 3) == NULL); /* only under uri */
	T_CHECK(sq_terms_find(ls, sq_model_dict_find(&ls->keys, "uri", 3), "api", 3) != NULL);
	T_CHECK(sq_terms_find(ls, SQ_FULLTEXT, "mozilla", 7) != NULL); /* ua: its own tokens */
	/* status: long, its values one token each: kept under it alone */
	T_CHECK(sq_terms_find(ls, SQ_FULLTEXT, "500", 3) == NULL);
	T_CHECK(sq_terms_find(ls, sq_model_dict_find(&ls->keys, "status", 6), "500", 3) != NULL);
	sq_ls_unread(f.q, ls);
	for (int k = 0; k < 2; k++) {
		if (k == 1)
			T_REQUIRE(sq_set_index(f.q, 1, ix[k], &err) == 0);
		T_EQ_INT(nhits(&f, "api"), 6);
		T_EQ_INT(nhits(&f, "USERS"), 6);
		T_EQ_INT(nhits(&f, "3"), 1);
		T_EQ_INT(nhits(&f, "us*"), 6);
		T_EQ_INT(nhits(&f, "mozilla"), 3);
		T_EQ_INT(nhits(&f, "bot"), 3);
		T_EQ_INT(nhits(&f, "500"), 2);
		T_EQ_INT(nhits(&f, "\"api users\""), 6);
		T_EQ_INT(nhits(&f, "users and not bot"), 3);
		T_EQ_INT(nhits(&f, "uri:users"), 6);
		T_EQ_INT(nhits(&f, "status:500 and api"), 2);
	}
	T_REQUIRE(sq_ls_read(f.q, 1, &ls, &err) == 0 && ls != NULL);
	T_CHECK(ls->tx.nterms > with_shared); /* uri's words copied into the full-text index */
	sq_ls_unread(f.q, ls);
	pb_page_free(pg);
	fx_close(&f);
}

/* A group's fields are posted for all of its rows at its first row
 * (sq_index_row): a tag given twice, a content key that is also a
 * group field (__topic__), groups of one source apart, and a re-index all
 * keep each list's rows exact. */
static void
test_group_fields(void)
{
	static const struct { const char *topic, *src, *zone; int n; } g[] = {
		{ "web", "h1", "z1", 5 }, { "web", "h2", "z1", 4 }, { "api", "h1", "z2", 3 },
		{ "web", "h1", "z1", 1 },
	};
	struct fx f;
	struct sq_err err;
	struct pb_page *pg = pb_page_new();
	struct sq_ls *ls;
	const struct sq_term *t;
	int t0 = 1000;

	memset(&f, 0, sizeof f);
	f.q = sq_new();
	f.ls.id = 1;
	f.ls.shard_count = 1;
	T_REQUIRE(sq_set_index(f.q, 1, index_json, &err) == 0);
	for (size_t i = 0; i < sizeof g / sizeof g[0]; i++) {
		pb_add_group(pg, g[i].topic, g[i].src, NULL);
		pb_add_tag(pg, "zone", 4, g[i].zone, strlen(g[i].zone));
		pb_add_tag(pg, "zone", 4, g[i].zone, strlen(g[i].zone));
		for (int r = 0; r < g[i].n; r++) {
			pb_add_log(pg, (uint32_t)t0++, 0, 0);
			add_kv(pg, "msg", "x");
			if (r % 2)
				add_kv(pg, "__topic__", g[i].topic);
		}
		put(&f, &f.ls, pg);
	}
	for (int k = 0; k < 2; k++) {
		if (k == 1) /* re-indexed: the same lists */
			T_REQUIRE(sq_set_index(f.q, 1, "{\"line\":{\"token\":[\" \"]},"
			    "\"keys\":{\"msg\":{\"type\":\"text\",\"token\":[\" \"]}}}", &err) == 0);
		T_EQ_INT(nhits(&f, "__topic__:web"), 10);
		T_EQ_INT(nhits(&f, "__topic__:api"), 3);
		T_EQ_INT(nhits(&f, "__source__:h1"), 9);
		T_EQ_INT(nhits(&f, "__source__:h2 and __topic__:web"), 4);
		T_EQ_INT(nhits(&f, "__tag__:zone:z1"), 10);
		T_EQ_INT(nhits(&f, "__tag__:zone:z2 and not __source__:h2"), 3);
		T_REQUIRE(sq_ls_read(f.q, 1, &ls, &err) == 0 && ls != NULL);
		t = sq_terms_find(ls, ls->k_topic, "web", 3);
		T_REQUIRE(t != NULL);
		T_EQ_INT((long long)t->n, 10);
		T_EQ_INT((long long)t->last, 12);
		t = sq_terms_find(ls, sq_model_dict_find(&ls->keys, "__tag__:zone", 12), "z1", 2);
		T_REQUIRE(t != NULL);
		T_EQ_INT((long long)t->n, 10);
		sq_ls_unread(f.q, ls);
	}
	pb_page_free(pg);
	fx_close(&f);
}

/* The count of rows a search finds, by SQL; -1 on an error. */
static int
count_n(struct fx *f, const char *search)
{
	struct sq_err err;
	char q[256];
	cJSON *o;
	int n;

	snprintf(q, sizeof q, "%s | select count(*) as n", search);
	o = getlogs(f, q, 0, 2000, 100, 0, 0, &err);
	if (o == NULL) {
		fprintf(stderr, "    query %s: %s %s\n", q, err.code, err.msg);
		return -1;
	}
	n = atoi(field(o, 0, "n"));
	cJSON_Delete(o);
	return n;
}

/* Known values (sq_terms_vals_*): a repeated value's term ids are posted
 * without tokenizing it again, across batches and groups, for a text key
 * and a long one, beside a value of too many tokens to keep, and after a
 * re-index. */
static void
test_known_values(void)
{
	static const char *ua[] = { "Mozilla/5.0 (X11; Linux)", "curl/7.88", "Go-http-client/1.1",
		"bot bot crawler", NULL };
	struct fx f;
	struct sq_err err;
	struct pb_page *pg = pb_page_new();
	char many[512] = "", buf[32];
	int n = 6000;

	for (int i = 0; i < 70; i++) { /* 70 tokens: never kept */
		snprintf(buf, sizeof buf, "w%d ", i % 7);
		strcat(many, buf);
	}
	ua[4] = many;
	memset(&f, 0, sizeof f);
	f.q = sq_new();
	f.ls.id = 1;
	f.ls.shard_count = 1;
	T_REQUIRE(sq_set_index(f.q, 1, "{\"line\":{\"token\":[\" \",\"/\",\";\",\"(\",\")\"]},"
	    "\"keys\":{\"ua\":{\"type\":\"text\",\"token\":[\" \",\"/\"]},"
	    "\"code\":{\"type\":\"long\"}}}", &err) == 0);
	pb_add_group(pg, "t", "s", NULL);
	for (int r = 0; r < n; r++) {
		pb_add_log(pg, (uint32_t)(1000 + r / 100), 0, 0);
		add_kv(pg, "ua", ua[r % 5]);
		add_kv(pg, "code", r % 3 ? "200" : "503");
		if (pg->nlogs == 1000) {
			put(&f, &f.ls, pg);
			pb_add_group(pg, "t", "s", NULL);
		}
	}
	for (int k = 0; k < 2; k++) {
		if (k == 1) /* re-indexed: learnt again */
			T_REQUIRE(sq_set_index(f.q, 1, "{\"line\":{\"token\":[\" \",\"/\"]},"
			    "\"keys\":{\"ua\":{\"type\":\"text\",\"token\":[\" \"]},"
			    "\"code\":{\"type\":\"long\"}}}", &err) == 0);
		T_EQ_INT(count_n(&f, "ua:curl*"), n / 5);
		T_EQ_INT(count_n(&f, "mozilla"), n / 5);
		T_EQ_INT(count_n(&f, "crawler"), n / 5);
		T_EQ_INT(count_n(&f, "w3"), n / 5);
		T_EQ_INT(count_n(&f, "ua:w6 and code:503"), n / 15);
		T_EQ_INT(count_n(&f, "code:200"), n - n / 3);
		T_EQ_INT(count_n(&f, "503 and not bot"), n / 3 - n / 15);
	}
	pb_page_free(pg);
	fx_close(&f);
}

/* A numeric key's values that are one full-text token as they are live
 * under the key only (sq_index_ft_num); the others (a delimiter, capitals,
 * a space) are copied into the full-text index: full-text words and
 * patterns find each as before, and no pattern matches across a
 * delimiter of a value kept whole under its key. */
static void
test_fulltext_numeric(void)
{
	static const char *st[] = { "500", "200", "5OO", " 404", "1,5", "12345" };
	static const char *lat[] = { "3.14", "2.5", "x", "7", "0.5", "1e3" };
	struct fx f;
	struct sq_err err;
	struct pb_page *pg = pb_page_new();
	struct sq_ls *ls;

	memset(&f, 0, sizeof f);
	f.q = sq_new();
	f.ls.id = 1;
	f.ls.shard_count = 1;
	T_REQUIRE(sq_set_index(f.q, 1, "{\"line\":{\"token\":[\" \",\",\",\"/\"]},"
	    "\"keys\":{\"status\":{\"type\":\"long\"},\"lat\":{\"type\":\"double\"}}}",
	    &err) == 0);
	pb_add_group(pg, "t", "s", NULL);
	for (int i = 0; i < 6; i++) {
		pb_add_log(pg, (uint32_t)(1000 + i), 0, 0);
		add_kv(pg, "status", st[i]);
		add_kv(pg, "lat", lat[i]);
	}
	put(&f, &f.ls, pg);
	T_REQUIRE(sq_ls_read(f.q, 1, &ls, &err) == 0 && ls != NULL);
	T_CHECK(sq_terms_find(ls, SQ_FULLTEXT, "500", 3) == NULL);
	T_CHECK(sq_terms_find(ls, SQ_FULLTEXT, "5oo", 3) != NULL);
	T_CHECK(sq_terms_find(ls, SQ_FULLTEXT, "404", 3) != NULL);
	sq_ls_unread(f.q, ls);
	T_EQ_INT(nhits(&f, "500"), 1);
	T_EQ_INT(nhits(&f, "5OO"), 1);
	T_EQ_INT(nhits(&f, "404"), 1);
	T_EQ_INT(nhits(&f, "1"), 1);
	T_EQ_INT(nhits(&f, "5"), 1);
	T_EQ_INT(nhits(&f, "3.14"), 1);
	T_EQ_INT(nhits(&f, "1e3"), 1);
	T_EQ_INT(nhits(&f, "5*"), 3);     /* 500, 5oo, 5 of 1,5 */
	T_EQ_INT(nhits(&f, "1?5"), 0);    /* not 1,5: two tokens */
	T_EQ_INT(nhits(&f, "*5"), 3);     /* 1,5 and 0.5; 12345; 2.5 */
	T_EQ_INT(nhits(&f, "12345 and 1e3"), 1);
	T_EQ_INT(nhits(&f, "not 500"), 5);
	T_EQ_INT(nhits(&f, "status:500"), 1);
	T_EQ_INT(nhits(&f, "\"2.5\""), 1);
	pb_page_free(pg);
	fx_close(&f);
}

#define T_LIST(X) X(test_search_syntax) X(test_search_errors) X(test_paging_order) \
	X(test_sql) X(test_time_series) X(test_histograms) X(test_context) \
	X(test_topics_project_index) X(test_postings) X(test_ingest_wait) X(test_fulltext_shared) \
	X(test_group_fields) X(test_known_values) \
	X(test_fulltext_numeric)
T_MAIN(T_LIST)
