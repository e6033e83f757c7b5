/*
 * test_client_an — field analysis (client/cl_an): the statements asked,
 * the answers read (values with NUL, nulls, a bad shape), and the
 * distribution read off the quantiles.
 */
#include "t.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "client/cl_an.h"

static void
test_sql(void)
{
	char *s = cl_an_top_sql("level:ERROR", "we\"ird", 5);

	T_EQ_STR(s, "level:ERROR | select \"we\"\"ird\" as value, count(*) as n, sum(count(*)) "
		    "over () as total group by \"we\"\"ird\" order by n desc, value limit 5");
	free(s);
	s = cl_an_top_sql(NULL, "status", 0);
	T_CHECK(strncmp(s, "* | select \"status\" as value", 28) == 0);
	T_CHECK(strstr(s, "limit 10") != NULL);
	free(s);
	s = cl_an_stats_sql("", "ms");
	T_CHECK(strncmp(s, "* | select count(try_cast(\"ms\" as double)) as c, min(", 53) == 0);
	T_CHECK(strstr(s, "approx_percentile(try_cast(\"ms\" as double), 0.99) as q10") != NULL);
	free(s);
	T_CHECK(cl_an_numeric("long") && cl_an_numeric("double"));
	T_CHECK(!cl_an_numeric("text") && !cl_an_numeric(NULL));
}

static void
row(struct cl_logs *pg, const char *const *k, const char *const *v, const size_t *vl, size_t n)
{
	size_t kl[16], i;

	for (i = 0; i < n; i++)
		kl[i] = strlen(k[i]);
	cl_logs_add_row(pg, k, kl, v, vl, n);
}

static void
test_read_top(void)
{
	static const char *const k[] = { "value", "n", "total" };
	const char *v1[] = { "a\0b", "7", "10" }, *v2[] = { "null", "3", "10" };
	size_t l1[] = { 3, 1, 2 }, l2[] = { 4, 1, 2 };
	const char *bad[] = { "x", "seven", "10" };
	size_t lb[] = { 1, 5, 2 };
	struct cl_logs pg;
	struct cl_an_top t;

	cl_logs_init(&pg);
	row(&pg, k, v1, l1, 3);
	row(&pg, k, v2, l2, 3);
	T_EQ_INT(cl_an_top_read(&pg, 1, &t), 0);
	T_EQ_INT(t.n, 2);
	T_EQ_INT(t.total, 10);
	T_EQ_INT(t.v[0].len, 3);
	T_CHECK(memcmp(t.v[0].value, "a\0b", 3) == 0); /* NUL kept */
	T_EQ_INT(t.v[0].count, 7);
	T_CHECK(t.v[1].value == NULL); /* logs without the field */
	cl_an_top_free(&t);
	row(&pg, k, bad, lb, 3);
	T_EQ_INT(cl_an_top_read(&pg, 1, &t), -1);
	T_EQ_INT(t.n, 0);
	cl_logs_free(&pg);
}

static void
test_read_stats(void)
{
	static const char *const k[] = { "c", "mn", "mx", "a", "q0", "q1", "q2", "q3", "q4", "q5",
		"q6", "q7", "q8", "q9", "q10" };
	const char *v[] = { "100", "0", "100", "50", "10", "20", "30", "40", "50", "60", "70",
		"80", "90", "95", "99" };
	const char *none[] = { "0", "null", "null", "null", "null", "null", "null", "null", "null",
		"null", "null", "null", "null", "null", "null" };
	size_t vl[15], i;
	struct cl_logs pg, pz;
	struct cl_an_stats st;
	double bins[10], sum = 0;

	for (i = 0; i < 15; i++)
		vl[i] = strlen(v[i]);
	cl_logs_init(&pg);
	row(&pg, k, v, vl, 15);
	T_EQ_INT(cl_an_stats_read(&pg, 1, &st), 0);
	T_EQ_INT(st.count, 100);
	T_CHECK(st.max == 100 && st.avg == 50 && st.q[4] == 50 && st.q[10] == 99);
	/* uniform quantiles: a flat distribution */
	cl_an_dist(&st, bins, 10);
	for (i = 0; i < 10; i++) {
		T_CHECK(fabs(bins[i] - 0.1) < 1e-9);
		sum += bins[i];
	}
	T_CHECK(fabs(sum - 1) < 1e-9);
	/* no numbers at all: count 0, nothing else read */
	for (i = 0; i < 15; i++)
		vl[i] = strlen(none[i]);
	cl_logs_init(&pz);
	row(&pz, k, none, vl, 15);
	T_EQ_INT(cl_an_stats_read(&pz, 1, &st), 0);
	T_EQ_INT(st.count, 0);
	cl_an_dist(&st, bins, 10);
	T_CHECK(bins[0] == 0 && bins[9] == 0);
	T_EQ_INT(cl_an_stats_read(&pz, 0, &st), -1);
	/* one value: all in the first bin */
	st.count = 5;
	st.min = st.max = 3;
	cl_an_dist(&st, bins, 4);
	T_CHECK(bins[0] == 1 && bins[3] == 0);
	cl_logs_free(&pg);
	cl_logs_free(&pz);
}

#define T_LIST(X) X(test_sql) X(test_read_top) X(test_read_stats)
T_MAIN(T_LIST)
