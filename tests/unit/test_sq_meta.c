/*
 * test_sq_meta — the meta object and x-log-query-info as the SDKs parse
 * them: in x-log-query-info (GO QueryInfoV2) mode, shard, scanBytes and
 * isAccurate are numbers, limited and the phraseQueryInfo values strings
 * (PY reads mode as an int enum and scanAll with != "false"); meta.powerSql
 * echoes a request that asked for power SQL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/sb.h"
#include "proto/pb.h"
#include "sq/sq.h"
#include "tests/unit/t.h"

#define TM_OK(c) do { if (!(c)) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #c); abort(); } } while (0)

static struct sq *
tm_open(void)
{
	struct sq *q = sq_new();
	struct pb_page *pg = pb_page_new();
	struct sq_err err;
	struct sb b;

	TM_OK(sq_set_index(q, 1, "{\"line\":{\"token\":[\" \"]},\"keys\":{\"m\":"
	    "{\"type\":\"text\",\"token\":[\" \"],\"doc_value\":true}}}", &err) == 0);
	pb_add_group(pg, "t", "s", NULL);
	pb_add_log(pg, 1000, 0, 0);
	TM_OK(pb_add_field(pg, "m", 1, "hello", 5) == 0);
	sb_init(&b, 0);
	TM_OK(pb_encode_group(pg, 0, &b) == 0);
	TM_OK(sq_ingest(q, 1, 0, 1, 1000, b.p, b.len, &err) == 0);
	sb_free(&b);
	pb_page_free(pg);
	return q;
}

static void
test_query_info_types(void)
{
	struct sq *q = tm_open();
	struct sq_getlogs_req r = { 0, 2000, "hello", NULL, 100, 0, 0, 0, 0 };
	struct sq_result res;
	struct sq_err err;
	cJSON *o, *pq;

	T_REQUIRE(sq_query_getlogs(q, 1, &r, &res, &err) == 0);
	o = cJSON_Parse(res.query_info);
	T_REQUIRE(o != NULL);
	T_CHECK(cJSON_IsNumber(cJSON_GetObjectItem(o, "mode")));
	T_EQ_INT(cJSON_GetObjectItem(o, "mode")->valueint, 0);
	T_CHECK(cJSON_IsNumber(cJSON_GetObjectItem(o, "shard")));
	T_CHECK(cJSON_IsNumber(cJSON_GetObjectItem(o, "scanBytes")));
	T_CHECK(cJSON_IsNumber(cJSON_GetObjectItem(o, "isAccurate")));
	T_CHECK(cJSON_IsString(cJSON_GetObjectItem(o, "limited")));
	T_CHECK(cJSON_IsString(cJSON_GetObjectItem(o, "marker")));
	T_CHECK(cJSON_IsArray(cJSON_GetObjectItem(o, "terms")));
	pq = cJSON_GetObjectItem(o, "phraseQueryInfo");
	T_EQ_STR(cJSON_GetStringValue(cJSON_GetObjectItem(pq, "scanAll")), "false");
	T_CHECK(cJSON_IsString(cJSON_GetObjectItem(pq, "beginOffset")));
	cJSON_Delete(o);
	o = cJSON_Parse(res.body);
	T_REQUIRE(o != NULL);
	T_CHECK(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "meta"), "powerSql")));
	T_CHECK(cJSON_IsNumber(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "meta"), "mode")));
	T_CHECK(cJSON_IsBool(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "meta"), "isAccurate")));
	cJSON_Delete(o);
	sq_result_free(&res);
	sq_free(q);
}

static void
test_power_sql(void)
{
	struct sq *q = tm_open();
	struct sq_getlogs_req r = { 0, 2000, "* | select count(*) as c", NULL, 100, 0, 0, 0, 1 };
	struct sq_result res;
	struct sq_err err;
	cJSON *o;

	T_REQUIRE(sq_query_getlogs(q, 1, &r, &res, &err) == 0);
	o = cJSON_Parse(res.body);
	T_REQUIRE(o != NULL);
	T_CHECK(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "meta"), "powerSql")));
	cJSON_Delete(o);
	sq_result_free(&res);
	r.power_sql = 0;
	T_REQUIRE(sq_query_getlogs(q, 1, &r, &res, &err) == 0);
	o = cJSON_Parse(res.body);
	T_REQUIRE(o != NULL);
	T_CHECK(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "meta"), "powerSql")));
	cJSON_Delete(o);
	sq_result_free(&res);
	sq_free(q);
}

#define T_LIST(X) X(test_query_info_types) X(test_power_sql)
T_MAIN(T_LIST)
