/*
 * test_sq_json — bytes that are not valid UTF-8 come out of every JSON
 * reply of the engine (GetLogs search and SQL, GetContextLogs) as U+FFFD,
 * one per invalid byte, as the service answers; a NUL inside a value comes
 * out as \u0000 and the value is not cut there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/sb.h"
#include "proto/pb.h"
#include "sq/sq.h"
#include "tests/unit/t.h"

#define TJ_OK(c) do { if (!(c)) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #c); abort(); } } while (0)

/* msg = "a" NUL "b" 9b "c" ff fe "d" (raw), with pack id PK-1. */
static const char tj_val[] = "a\0b\x9b" "c\xff\xfe" "d";
#define TJ_WANT "\"a\\u0000b\xef\xbf\xbd" "c\xef\xbf\xbd\xef\xbf\xbd" "d\""

static struct sq *
tj_open(void)
{
	struct sq *q = sq_new();
	struct pb_page *pg = pb_page_new();
	struct sq_err err;
	struct sb b;

	TJ_OK(sq_set_index(q, 1, "{\"line\":{\"token\":[\" \"]},\"keys\":{\"msg\":"
	    "{\"type\":\"text\",\"token\":[\" \"],\"doc_value\":true}}}", &err) == 0);
	pb_add_group(pg, "t", "s", NULL);
	pb_add_tag(pg, "__pack_id__", 11, "PK-1", 4);
	for (int i = 0; i < 3; i++) {
		pb_add_log(pg, (uint32_t)(1000 + i), 0, 0);
		TJ_OK(pb_add_field(pg, "msg", 3, tj_val, sizeof tj_val - 1) == 0);
	}
	sb_init(&b, 0);
	TJ_OK(pb_encode_group(pg, 0, &b) == 0);
	TJ_OK(sq_ingest(q, 1, 0, 1, 1000, b.p, b.len, &err) == 0);
	sb_free(&b);
	pb_page_free(pg);
	return q;
}

static void
tj_getlogs(struct sq *q, const char *query, struct sq_result *res)
{
	struct sq_getlogs_req r = { 0, 2000, query, NULL, 100, 0, 0, 0, 0 };
	struct sq_err err;

	TJ_OK(sq_query_getlogs(q, 1, &r, res, &err) == 0);
}

static void
test_invalid_utf8_and_nul(void)
{
	struct sq *q = tj_open();
	struct sq_result res;
	struct sq_err err;
	cJSON *o, *row;
	char pid[64], meta[128];

	tj_getlogs(q, "* | with_pack_meta", &res);
	T_CHECK(strstr(res.body, TJ_WANT) != NULL);
	T_CHECK(strstr(res.body_v1, TJ_WANT) != NULL);
	T_CHECK(strstr(res.body, "\\u009b") == NULL && strstr(res.body, "\\u00ff") == NULL);
	o = cJSON_Parse(res.body);
	T_REQUIRE(o != NULL);
	row = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "data"), 1);
	snprintf(pid, sizeof pid, "%s", cJSON_GetStringValue(cJSON_GetObjectItem(row,
	    "__tag__:__pack_id__")));
	snprintf(meta, sizeof meta, "%s", cJSON_GetStringValue(cJSON_GetObjectItem(row,
	    "__pack_meta__")));
	cJSON_Delete(o);
	sq_result_free(&res);
	tj_getlogs(q, "* | select msg from log", &res);
	T_CHECK(strstr(res.body, TJ_WANT) != NULL);
	sq_result_free(&res);
	T_REQUIRE(sq_query_context(q, 1, pid, meta, 1, 1, &res, &err) == 0);
	T_CHECK(strstr(res.body, TJ_WANT) != NULL);
	sq_result_free(&res);
	sq_free(q);
}

#define T_LIST(X) X(test_invalid_utf8_and_nul)
T_MAIN(T_LIST)
