/*
 * test_server_demo — the demo data: three logstores with valid index JSON,
 * a day of back-fill within the expected volume and with a daily shape,
 * groups that decode, consecutive pack ids per source, the same data for
 * the same seed, no second back-fill over existing data, and live ticks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/sb.h"
#include "proto/pb.h"
#include "server/sd_catalog.h"
#include "server/sd_demo.h"
#include "server/sd_store.h"
#include "tests/unit/t.h"

static const time_t now = 1704110400;

/* Decode every group of logstore ls (all shards) into pg. */
static size_t
pull_all(struct sd_store *s, int64_t ls, struct pb_page *pg)
{
	struct sd_shard *v = NULL;
	struct sd_err err;
	int n = sd_catalog_shards(s, ls, &v), i;
	size_t groups = 0;

	for (i = 0; i < n; i++) {
		int64_t c, next, last;
		int ng;

		sd_store_cursor_get(s, ls, v[i].id, "begin", &c, &err);
		for (;;) {
			struct sb out;

			sb_init(&out, 0);
			if (sd_store_pull(s, ls, v[i].id, c, -1, 1000, 1u << 30, &out, &ng, &next, &last,
			    &err) != 0 || ng == 0) {
				sb_free(&out);
				break;
			}
			if (pb_decode_list(pg, out.p, out.len, NULL) != 0)
				groups = (size_t)-1000000;
			groups += (size_t)ng;
			sb_free(&out);
			c = next;
		}
	}
	free(v);
	return groups;
}

static void
test_demo_backfill(void)
{
	struct sd_err err;
	char msg[256];
	struct sd_store *s = sd_store_open(NULL, &err);
	struct sd_demo *d = sd_demo_new(s, now, 7, 20, msg, sizeof msg);
	struct sd_logstore ls;
	struct pb_page *pg = pb_page_new();
	const char *names[] = { "nginx-access", "app-json", "k8s-events" };
	int shards[] = { 4, 2, 1 };
	size_t i, g, night = 0, day = 0;

	T_REQUIRE(d != NULL);
	T_CHECK(sd_demo_backfilled(d) > 150000 && sd_demo_backfilled(d) < 500000);
	for (i = 0; i < 3; i++) {
		char *ix;
		cJSON *o;

		T_REQUIRE(sd_catalog_logstore_get(s, "demo", names[i], &ls, &err) == 0);
		T_EQ_INT(ls.shard_count, shards[i]);
		ix = sd_catalog_index_get(s, ls.id);
		o = cJSON_Parse(ix ? ix : "");
		T_CHECK(cJSON_IsArray(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "line"), "token")));
		T_CHECK(cJSON_IsObject(cJSON_GetObjectItem(o, "keys")));
		cJSON_Delete(o);
		free(ix);
	}
	T_REQUIRE(sd_catalog_logstore_get(s, "demo", "nginx-access", &ls, &err) == 0);
	g = pull_all(s, ls.id, pg);
	T_CHECK(g > 1000);
	T_EQ_INT(pg->ngroups, g);
	/* daily shape: the busiest hour is well above the quietest */
	for (i = 0; i < pg->nlogs; i++) {
		struct tm tm;
		time_t t = pg->logs[i].time;

		T_CHECK(t >= now - 86400 - 60 && t < now);
		localtime_r(&t, &tm);
		night += tm.tm_hour == 4;
		day += tm.tm_hour == 14;
	}
	T_CHECK(day > 3 * night);
	/* every group has a pack id and fields with real values */
	for (i = 0; i < pg->ngroups; i += 97) {
		const struct pb_group *gr = &pg->groups[i];
		size_t k, found = 0;

		for (k = gr->tag0; k < gr->tag0 + gr->ntags; k++)
			found += strcmp(pb_key(pg, pg->tags[k].key)->p, "__pack_id__") == 0;
		T_EQ_INT(found, 1);
		T_CHECK(pg->logs[gr->log0].nfields >= 8);
	}
	T_CHECK(pb_key_find(pg, "status", 6) >= 0);
	T_CHECK(pb_key_find(pg, "trace_id", 8) >= 0);
	pb_page_free(pg);
	/* live ticks add data */
	{
		int64_t e1, e2, t;
		int sh;

		for (e1 = 0, sh = 0; sh < 4; sh++) {
			sd_store_cursor_get(s, ls.id, sh, "end", &t, &err);
			e1 += t;
		}
		for (i = 0; i < 5; i++)
			T_CHECK(sd_demo_tick(d, now + (time_t)i) == 0);
		for (e2 = 0, sh = 0; sh < 4; sh++) {
			sd_store_cursor_get(s, ls.id, sh, "end", &t, &err);
			e2 += t;
		}
		T_CHECK(e2 > e1);
	}
	sd_demo_free(d);
	/* existing data: no second back-fill */
	d = sd_demo_new(s, now, 7, 20, msg, sizeof msg);
	T_REQUIRE(d != NULL);
	T_EQ_INT(sd_demo_backfilled(d), 0);
	sd_demo_free(d);
	sd_store_close(s);
}

static void
test_demo_deterministic(void)
{
	struct sd_err err;
	char msg[256];
	int64_t a, b;
	struct sd_store *s1 = sd_store_open(NULL, &err), *s2 = sd_store_open(NULL, &err);
	struct sd_demo *d1 = sd_demo_new(s1, now, 42, 20, msg, sizeof msg);
	struct sd_demo *d2 = sd_demo_new(s2, now, 42, 20, msg, sizeof msg);

	T_REQUIRE(d1 != NULL && d2 != NULL);
	a = sd_demo_backfilled(d1);
	b = sd_demo_backfilled(d2);
	T_EQ_INT(a, b);
	sd_demo_free(d1);
	sd_demo_free(d2);
	sd_store_close(s1);
	sd_store_close(s2);
}

#define T_LIST(X) X(test_demo_backfill) X(test_demo_deterministic)
T_MAIN(T_LIST)
