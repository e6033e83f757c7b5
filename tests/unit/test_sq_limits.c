/*
 * test_sq_limits — the query engine's limits (sq.h): long flat chains of
 * search terms (or, and, spaces) are parsed and evaluated without
 * recursing over their length; beyond SQ_MAX_QUERY_TERMS terms,
 * SQ_MAX_QUERY_DEPTH nesting or SQ_MAX_QUERY_LEN bytes the query is
 * refused with ParameterInvalid. And include/exclude key lists of 40,000
 * names each are applied by name (hash sets, a linear re-index).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/sb.h"
#include "proto/pb.h"
#include "sq/sq.h"
#include "tests/unit/t.h"

/* T_REQUIRE for functions that return a value. */
#define LIM_OK(c) do { if (!(c)) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #c); abort(); } } while (0)

static const char *lim_index =
    "{\"line\":{\"token\":[\" \"],\"caseSensitive\":false},"
    "\"keys\":{\"msg\":{\"type\":\"text\",\"token\":[\" \"]}}}";

/* An engine with one logstore (id 1): ten rows "hello world i", one "other". */
static struct sq *
lim_open(void)
{
	struct sq *q = sq_new();
	struct pb_page *pg = pb_page_new();
	struct sq_err err;
	struct sb b;
	char v[32];

	LIM_OK(sq_set_index(q, 1, lim_index, &err) == 0);
	pb_add_group(pg, "t", "s", NULL);
	for (int i = 0; i < 11; i++) {
		pb_add_log(pg, (uint32_t)(1000 + i), 0, 0);
		snprintf(v, sizeof v, i < 10 ? "hello world %d" : "other", i);
		LIM_OK(pb_add_field(pg, "msg", 3, v, strlen(v)) == 0);
	}
	sb_init(&b, 0);
	LIM_OK(pb_encode_group(pg, 0, &b) == 0);
	LIM_OK(sq_ingest(q, 1, 0, 1, 1000, b.p, b.len, &err) == 0);
	sb_free(&b);
	pb_page_free(pg);
	return q;
}

/* Rows matched by query; -1 on error (err filled). */
static int
lim_hits(struct sq *q, const char *query, struct sq_err *err)
{
	struct sq_getlogs_req r = { 0, 2000, query, NULL, 100, 0, 0, 0, 0 };
	struct sq_result res;
	cJSON *o;
	int n;

	if (sq_query_getlogs(q, 1, &r, &res, err) != 0)
		return -1;
	o = cJSON_Parse(res.body);
	LIM_OK(o != NULL);
	n = cJSON_GetArraySize(cJSON_GetObjectItem(o, "data"));
	cJSON_Delete(o);
	sq_result_free(&res);
	return n;
}

/* n terms joined by sep; every other term is "alt" (the first is "first"). */
static char *
lim_chain(int n, const char *first, const char *alt, const char *sep)
{
	struct sb b;
	size_t len;

	sb_init(&b, 0);
	for (int i = 0; i < n; i++) {
		if (i)
			LIM_OK(sb_adds(&b, sep) == 0);
		LIM_OK(sb_adds(&b, i % 2 ? alt : first) == 0);
	}
	return sb_take(&b, &len);
}

static void
lim_expect(struct sq *q, const char *query, int want)
{
	struct sq_err err;
	int got = lim_hits(q, query, &err);

	if (got == -1 && want != -1)
		fprintf(stderr, "    %.40s...: %s %s\n", query, err.code, err.msg);
	T_EQ_INT(got, want);
	if (want == -1)
		T_EQ_STR(err.code, "ParameterInvalid");
}

static void
test_long_chains(void)
{
	struct sq *q = lim_open();
	static const char *const seps[] = { " or ", " and ", " ", " OR ", " AND " };

	for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++) {
		int is_or = seps[i][1] == 'o' || seps[i][1] == 'O';
		char *s = lim_chain(SQ_MAX_QUERY_TERMS, "hello", is_or ? "nothere" : "world",
		    seps[i]);

		lim_expect(q, s, 10);
		free(s);
		s = lim_chain(SQ_MAX_QUERY_TERMS + 1, "hello", "world", seps[i]);
		lim_expect(q, s, -1);
		free(s);
	}
	/* not chains and a mixed chain */
	{
		char *s = lim_chain(SQ_MAX_QUERY_TERMS / 2, "hello", "not other", " and ");

		lim_expect(q, s, 10);
		free(s);
		s = lim_chain(SQ_MAX_QUERY_TERMS, "other", "hello and world", " or ");
		lim_expect(q, s, -1);
		free(s);
	}
	/* a long chain in the SQL part is SQLite's (its expression depth limit) */
	{
		char *c = lim_chain(SQ_MAX_QUERY_TERMS, "msg = 'a'", "msg = 'b'", " or "), *s;
		struct sq_err err;

		T_REQUIRE(c != NULL);
		s = malloc(strlen(c) + 64);
		T_REQUIRE(s != NULL);
		sprintf(s, "* | select count(*) from log where %s", c);
		T_EQ_INT(lim_hits(q, s, &err), -1);
		T_EQ_STR(err.code, "ParameterInvalid");
		free(s);
		free(c);
	}
	sq_free(q);
}

/* depth groups "(hello or ... other)" nested in each other. */
static char *
lim_nest(int depth)
{
	struct sb b;
	size_t len;

	sb_init(&b, 0);
	for (int d = 0; d < depth; d++)
		LIM_OK(sb_adds(&b, "(hello or ") == 0);
	LIM_OK(sb_adds(&b, "other") == 0);
	for (int d = 0; d < depth; d++)
		LIM_OK(sb_addc(&b, ')') == 0);
	return sb_take(&b, &len);
}

static void
test_depth_and_length(void)
{
	struct sq *q = lim_open();
	struct sb b;
	size_t len;
	char *s;

	s = lim_nest(SQ_MAX_QUERY_DEPTH);
	lim_expect(q, s, 11);
	free(s);
	s = lim_nest(SQ_MAX_QUERY_DEPTH + 1);
	lim_expect(q, s, -1);
	free(s);
	sb_init(&b, 0);
	for (int d = 0; d < SQ_MAX_QUERY_DEPTH + 1; d++)
		T_REQUIRE(sb_adds(&b, "not ") == 0);
	T_REQUIRE(sb_adds(&b, "hello") == 0);
	s = sb_take(&b, &len);
	lim_expect(q, s, -1);
	lim_expect(q, s + 8, 1);
	free(s);
	s = malloc(SQ_MAX_QUERY_LEN + 2);
	T_REQUIRE(s != NULL);
	memset(s, ' ', SQ_MAX_QUERY_LEN + 1);
	memcpy(s, "hello", 5);
	s[SQ_MAX_QUERY_LEN] = '\0';
	lim_expect(q, s, 10);
	s[SQ_MAX_QUERY_LEN] = ' ';
	s[SQ_MAX_QUERY_LEN + 1] = '\0';
	lim_expect(q, s, -1);
	free(s);
	sq_free(q);
}

/* Huge include_keys / exclude_keys lists (each name one hash probe, so the
 * re-index is linear): which keys the full-text index covers follows
 * them exactly. Rows: a=alpha, b=beta, c=gamma; include k0..k39999 and a,
 * c; exclude c and e0..e39999. So alpha is found by full text, beta (not
 * included) and gamma (excluded) are not. */
static void
test_include_exclude_sets(void)
{
	struct sq *q = sq_new();
	struct pb_page *pg = pb_page_new();
	struct sq_err err;
	struct sb ix, b;
	size_t len;
	char *json;

	sb_init(&ix, 0);
	LIM_OK(sb_adds(&ix, "{\"line\":{\"token\":[\" \"],\"include_keys\":[\"a\",\"c\"") == 0);
	for (int i = 0; i < 40000; i++)
		LIM_OK(sb_addf(&ix, ",\"k%d\"", i) == 0);
	LIM_OK(sb_adds(&ix, "],\"exclude_keys\":[\"c\"") == 0);
	for (int i = 0; i < 40000; i++)
		LIM_OK(sb_addf(&ix, ",\"e%d\"", i) == 0);
	LIM_OK(sb_adds(&ix, "]},\"keys\":{\"k0\":{\"type\":\"text\"}") == 0);
	for (int i = 1; i < 40000; i++) /* 40,000 configured keys: 40,000 key ids */
		LIM_OK(sb_addf(&ix, ",\"k%d\":{\"type\":\"text\"}", i) == 0);
	LIM_OK(sb_adds(&ix, "}}") == 0);
	json = sb_take(&ix, &len);
	pb_add_group(pg, "t", "s", NULL);
	pb_add_log(pg, 1000, 0, 0);
	LIM_OK(pb_add_field(pg, "a", 1, "alpha", 5) == 0);
	LIM_OK(pb_add_field(pg, "b", 1, "beta", 4) == 0);
	LIM_OK(pb_add_field(pg, "c", 1, "gamma", 5) == 0);
	sb_init(&b, 0);
	LIM_OK(pb_encode_group(pg, 0, &b) == 0);
	LIM_OK(sq_ingest(q, 1, 0, 1, 1000, b.p, b.len, &err) == 0);
	/* the config set after the rows: the re-index applies it */
	T_EQ_INT(sq_set_index(q, 1, json, &err), 0);
	T_EQ_INT(lim_hits(q, "alpha", &err), 1);
	T_EQ_INT(lim_hits(q, "beta", &err), 0);
	T_EQ_INT(lim_hits(q, "gamma", &err), 0);
	/* and for rows that come after it */
	LIM_OK(sq_ingest(q, 1, 0, 2, 1000, b.p, b.len, &err) == 0);
	T_EQ_INT(lim_hits(q, "alpha", &err), 2);
	T_EQ_INT(lim_hits(q, "beta", &err), 0);
	T_EQ_INT(lim_hits(q, "gamma", &err), 0);
	free(json);
	sb_free(&b);
	pb_page_free(pg);
	sq_free(q);
}

#define T_LIST(X) X(test_long_chains) X(test_depth_and_length) X(test_include_exclude_sets)
T_MAIN(T_LIST)
