/*
 * fuzz_sq_query — the query engine (sq/) on arbitrary query text: the
 * search parser and evaluator, the SQL rewriter and SQLite run, histogram
 * and project-log paths, and index configs. Every successful reply must be
 * valid JSON (checked with cJSON; an invalid one aborts). An input starting
 * with byte 0x01 tests the limits (sq.h): the rest after two count bytes is
 * repeated up to 131070 times, so chains, nestings and lengths on both
 * sides of SQ_MAX_QUERY_* are parsed and evaluated (none may crash).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/sb.h"
#include "proto/pb.h"
#include "sq/sq.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct sq *fq_q;
static const int64_t fq_ls = 1, fq_ls2 = 2;

static void
fq_json(const char *s)
{
	cJSON *o = cJSON_Parse(s);

	if (o == NULL)
		abort();
	cJSON_Delete(o);
}

static void
fq_setup(void)
{
	struct sq_err e;
	struct pb_page *pg = pb_page_new();
	struct sb b;
	char v[32];

	fq_q = sq_new();
	sq_set_index(fq_q, fq_ls, "{\"line\":{\"token\":[\" \",\"/\"],\"chn\":true},"
	    "\"keys\":{\"status\":{\"type\":\"long\"},\"lat\":{\"type\":\"double\"},"
	    "\"msg\":{\"type\":\"text\",\"token\":[\" \"]},\"j\":{\"type\":\"json\"}}}", &e);
	for (int g = 0; g < 4; g++) {
		pb_add_group(pg, g % 2 ? "a" : "b", "src", NULL);
		if (g < 2)
			pb_add_tag(pg, "__pack_id__", 11, "AB-1", 4);
		for (int i = 0; i < 20; i++) {
			pb_add_log(pg, (uint32_t)(1000 + g * 20 + i), i % 3 == 0, (uint32_t)i);
			snprintf(v, sizeof v, "%d", 200 + (i % 4) * 100);
			pb_add_field(pg, "status", 6, v, strlen(v));
			snprintf(v, sizeof v, "%d.%d", i, g);
			pb_add_field(pg, "lat", 3, v, strlen(v));
			{
				static const char m[] = "hello 世界 /a/b \x01\xff";

				pb_add_field(pg, "msg", 3, m, sizeof m - 1);
			}
			pb_add_field(pg, "j", 1, "{\"k\":[1,2]}", 11);
		}
		sb_init(&b, 0);
		(void)pb_encode_group(pg, 0, &b);
		/* two shards, round robin, as the store places them */
		(void)sq_ingest(fq_q, fq_ls, g % 2, 1000000 + g / 2, 5000, b.p, b.len, &e);
		sb_free(&b);
		pb_page_clear(pg);
	}
	pb_page_free(pg);
}

static int64_t
fq_resolve(void *ctx, const char *name)
{
	(void)ctx;
	return strcmp(name, "web") == 0 ? fq_ls : -1;
}

/* 0x01 hi lo unit...: unit repeated (hi << 8 | lo) * 2 times, at most
 * SQ_MAX_QUERY_LEN + 64 bytes; NULL for other inputs. */
static char *
fq_repeat(const uint8_t *data, size_t size)
{
	size_t reps, unit, cap = SQ_MAX_QUERY_LEN + 64, n = 0;
	char *s;

	if (size < 4 || data[0] != 1)
		return NULL;
	reps = ((size_t)data[1] << 8 | data[2]) * 2;
	unit = size - 3;
	if ((s = malloc(cap + 1)) == NULL)
		return NULL;
	for (size_t i = 0; i < reps && n + unit <= cap; i++, n += unit)
		memcpy(s + n, data + 3, unit);
	s[n] = '\0';
	return s;
}

static void
fq_limits(const uint8_t *data, size_t size)
{
	struct sq_getlogs_req r = { 990, 1100, NULL, NULL, 100, 0, 0, 0, 0 };
	struct sq_result res;
	struct sq_err err;
	char *s = fq_repeat(data, size);

	if (s == NULL)
		return;
	r.query = s;
	if (sq_query_getlogs(fq_q, fq_ls, &r, &res, &err) == 0) {
		fq_json(res.body);
		sq_result_free(&res);
	}
	free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	struct sq_getlogs_req r = { 990, 1100, NULL, NULL, 100, 0, 0, 0, 0 };
	struct sq_result res;
	struct sq_err err;
	struct sq *q;

	if (s == NULL)
		return 0;
	if (fq_q == NULL)
		fq_setup();
	q = fq_q;
	fq_limits(data, size);
	memcpy(s, data, size);
	s[size] = '\0';
	r.query = s;
	r.reverse = size & 1;
	r.offset = size % 7;
	if (sq_query_getlogs(q, fq_ls, &r, &res, &err) == 0) {
		fq_json(res.body);
		fq_json(res.body_v1);
		fq_json(res.query_info);
		sq_result_free(&res);
	}
	if (sq_query_histograms(q, fq_ls, &r, &res, &err) == 0) {
		fq_json(res.body);
		sq_result_free(&res);
	}
	if (sq_query_project_logs(q, s, fq_resolve, NULL, &res, &err) == 0) {
		fq_json(res.body_v1);
		sq_result_free(&res);
	}
	if (size && s[0] == '{')
		(void)sq_set_index(q, fq_ls2, s, &err);
	free(s);
	return 0;
}
