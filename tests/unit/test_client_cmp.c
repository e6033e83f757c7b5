/*
 * test_client_cmp — comparing two windows (client/cl_cmp): the score is
 * zero for no change, positive otherwise, larger for new and gone items
 * than for small moves; items are merged by (field, key); shares; order.
 */
#include "t.h"

#include <stdio.h>
#include <string.h>

#include "client/cl_cmp.h"

static void
test_score(void)
{
	T_CHECK(cl_cmp_score(0.3, 0.3) == 0);
	T_CHECK(cl_cmp_score(0.4, 0.3) > 0 && cl_cmp_score(0.3, 0.4) > 0);
	T_CHECK(cl_cmp_score(0.2, 0) > cl_cmp_score(0.5, 0.4)); /* new beats a small move */
	T_CHECK(cl_cmp_score(0, 0.2) > cl_cmp_score(0.5, 0.4)); /* gone too */
	T_CHECK(cl_cmp_score(0.01, 0) < cl_cmp_score(0.2, 0));  /* a bigger new one first */
}

static void
test_items(void)
{
	struct cl_cmp c;

	memset(&c, 0, sizeof c);
	cl_cmp_add(&c, NULL, "user <*> in", 11, 0, 80);
	cl_cmp_add(&c, NULL, "user <*> in", 11, 1, 80);
	cl_cmp_add(&c, NULL, "disk full", 9, 0, 20);
	cl_cmp_add(&c, NULL, "cache warm", 10, 1, 20);
	cl_cmp_add(&c, "level", "ERROR", 5, 0, 20);
	cl_cmp_add(&c, "level", "ERROR", 5, 0, 5); /* adds up */
	cl_cmp_add(&c, "status", "ERROR", 5, 1, 3); /* another field: another item */
	T_EQ_INT(c.n, 5);
	cl_cmp_finish(&c, NULL, 100, 100);
	cl_cmp_finish(&c, "level", 100, 100);
	cl_cmp_finish(&c, "status", 100, 100);
	cl_cmp_sort(&c);
	T_EQ_STR(c.v[0].key, "ERROR"); /* level: 25% new */
	T_EQ_STR(c.v[0].field, "level");
	T_EQ_INT(c.v[0].n[0], 25);
	T_CHECK(c.v[0].share[0] == 0.25 && c.v[0].share[1] == 0);
	T_EQ_STR(c.v[1].key, "cache warm"); /* 20% new and gone tie: more logs... then the key */
	T_EQ_STR(c.v[2].key, "disk full");
	T_EQ_STR(c.v[4].key, "user <*> in"); /* no change: last, score 0 */
	T_CHECK(c.v[4].score == 0);
	cl_cmp_free(&c);
	T_EQ_INT(c.n, 0);
}

/* Thousands of items, added to again on both sides and after a sort:
 * each is found (by hash), none doubled. */
static void
test_many(void)
{
	struct cl_cmp c;
	char k[32];
	int i, side;

	memset(&c, 0, sizeof c);
	for (side = 0; side < 2; side++)
		for (i = 0; i < 20000; i++) {
			int n = snprintf(k, sizeof k, "pattern %d", i);

			cl_cmp_add(&c, i % 2 ? "f" : NULL, k, (size_t)n, side, 1 + side);
		}
	T_EQ_INT(c.n, 20000);
	cl_cmp_sort(&c);
	cl_cmp_add(&c, NULL, "pattern 4", 9, 0, 10); /* after the sort: found again */
	cl_cmp_add(&c, "f", "pattern 4", 9, 0, 1);   /* another field: new */
	T_EQ_INT(c.n, 20001);
	for (i = 0; i < (int)c.n; i++)
		if (strcmp(c.v[i].key, "pattern 4") == 0 && c.v[i].field == NULL) {
			T_EQ_INT(c.v[i].n[0], 11);
			T_EQ_INT(c.v[i].n[1], 2);
		}
	cl_cmp_free(&c);
}

#define T_LIST(X) X(test_score) X(test_items) X(test_many)
T_MAIN(T_LIST)
