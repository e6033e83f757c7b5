/*
 * test_server_query — the store's side of the query engine: the groups
 * slsd stores reach the engine, and survive a restart (the store reads its
 * tables at start and feeds them to the engine). The engine on its own is
 * test_sq_query.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sb.h"
#include "proto/pb.h"
#include "server/sd_catalog.h"
#include "server/sd_store.h"
#include "sq/sq.h"
#include "tests/unit/t.h"

static const char *index_json =
    "{\"line\":{\"token\":[\" \",\",\",\"/\",\"=\",\"\\n\"],\"caseSensitive\":false},"
    "\"keys\":{\"status\":{\"type\":\"long\",\"doc_value\":true},"
    "\"latency\":{\"type\":\"double\",\"doc_value\":true},"
    "\"method\":{\"type\":\"text\",\"token\":[\" \"],\"doc_value\":true},"
    "\"path\":{\"type\":\"text\",\"token\":[\"/\"],\"doc_value\":true},"
    "\"msg\":{\"type\":\"text\",\"token\":[\" \"],\"doc_value\":true}}}";

struct fx {
	struct sd_store *s;
	struct sd_logstore ls;
};

static void
put(struct fx *f, int64_t ls, struct pb_page *pg)
{
	struct sb b;
	struct sd_err err;

	sb_init(&b, 0);
	T_REQUIRE(pb_encode_group(pg, 0, &b) == 0);
	T_REQUIRE(sd_store_put_group(f->s, ls, -1, NULL, b.p, b.len, 5000, (int)pg->nlogs,
	    &err) >= 0);
	sb_free(&b);
	pb_page_clear(pg);
}

static void
add_kv(struct pb_page *pg, const char *k, const char *v)
{
	T_REQUIRE(pb_add_field(pg, k, strlen(k), v, strlen(v)) == 0);
}

/* Rows survive a restart: the engine is rebuilt from the stored groups. */
static void
test_rebuild(void)
{
	char dir[] = "/tmp/slsx-sqXXXXXX";
	struct sd_err e;
	struct fx f;
	struct sd_store *s2;
	struct sq_getlogs_req r = { 0, 2000, "status:500", NULL, 100, 0, 0, 0, 0 };
	struct sq_result res;
	struct sq_err err;
	struct pb_page *pg = pb_page_new();

	T_REQUIRE(mkdtemp(dir) != NULL);
	memset(&f, 0, sizeof f);
	f.s = sd_store_open(dir, &e);
	T_REQUIRE(f.s != NULL);
	sd_catalog_project_create(f.s, "p1", "", &e);
	snprintf(f.ls.name, sizeof f.ls.name, "web");
	f.ls.shard_count = 1;
	sd_catalog_logstore_create(f.s, "p1", &f.ls, &e);
	sd_catalog_logstore_get(f.s, "p1", "web", &f.ls, &e);
	sd_catalog_index_set(f.s, f.ls.id, index_json, &e);
	pb_add_group(pg, NULL, NULL, NULL);
	pb_add_log(pg, 1000, 0, 0);
	add_kv(pg, "status", "500");
	put(&f, f.ls.id, pg);
	pb_page_free(pg);
	sd_store_close(f.s);
	s2 = sd_store_open(dir, &e);
	T_REQUIRE(s2 != NULL);
	T_REQUIRE(sq_query_getlogs(sd_store_sq(s2), f.ls.id, &r, &res, &err) == 0);
	T_EQ_INT(res.count, 1);
	sq_result_free(&res);
	sd_store_close(s2);
	{
		char cmd[128];

		snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
		T_CHECK(system(cmd) == 0);
	}
}

#define T_LIST(X) X(test_rebuild)
T_MAIN(T_LIST)
