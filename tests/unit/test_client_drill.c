/*
 * test_client_drill — drilling down from SQL rows (client/cl_drill): the
 * GROUP BY keys found by name, alias, position and text; time buckets;
 * keys that are other expressions left out; no GROUP BY, no keys.
 */
#include "t.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/cl_drill.h"

static void
test_keys(void)
{
	struct cl_drill_key k[8];
	size_t n;

	n = cl_drill_keys("status:500 | select status, count(*) as n group by status", k, 8);
	T_EQ_INT(n, 1);
	T_EQ_STR(k[0].column, "status");
	T_EQ_INT(k[0].kind, CL_DRILL_FIELD);
	T_EQ_STR(k[0].field, "status");
	n = cl_drill_keys("* | SELECT \"method\" AS m, host, count(1) AS c FROM log "
			  "WHERE x > 1 GROUP BY m, 2 ORDER BY c DESC LIMIT 10", k, 8);
	T_EQ_INT(n, 2);
	T_EQ_STR(k[0].column, "m"); /* by alias */
	T_EQ_STR(k[0].field, "method");
	T_EQ_STR(k[1].column, "host"); /* by position */
	n = cl_drill_keys("* | select __time__ - __time__ % 60 as t, count(*) as n "
			  "group by __time__ - __time__ % 60 order by t", k, 8);
	T_EQ_INT(n, 1);
	T_EQ_STR(k[0].column, "t"); /* by the expression's text */
	T_EQ_INT(k[0].kind, CL_DRILL_TIME);
	T_EQ_INT(k[0].span, 60);
	T_EQ_INT(k[0].trunc, 0);
	n = cl_drill_keys("* | select date_trunc('hour', __time__) as h, uri, count(*) as n "
			  "group by h, uri having count(*) > 1", k, 8);
	T_EQ_INT(n, 2);
	T_EQ_INT(k[0].kind, CL_DRILL_TIME);
	T_EQ_INT(k[0].span, 3600);
	T_EQ_INT(k[0].trunc, 1);
	T_EQ_STR(k[1].field, "uri");
	/* other expressions, no GROUP BY, no SQL: nothing */
	T_EQ_INT(cl_drill_keys("* | select lower(uri) as u, count(*) as n group by u", k, 8), 0);
	T_EQ_INT(cl_drill_keys("* | select count(*) as n", k, 8), 0);
	T_EQ_INT(cl_drill_keys("status:500", k, 8), 0);
	T_EQ_INT(cl_drill_keys("* | select \"a,b\", count(*) group by \"a,b\"", k, 8), 1);
	T_EQ_STR(k[0].field, "a,b");
	/* keywords inside quotes and parentheses are not the statement's */
	n = cl_drill_keys("* | select 'group by x' as s, extract(hour from __time__) as h, "
			  "status group by status", k, 8);
	T_EQ_INT(n, 1);
	T_EQ_STR(k[0].field, "status");
	T_EQ_INT(cl_drill_keys("* | select status group by status", k, 0), 0);
}

/* A bucket's time: a number as it is; date_trunc's text as local time
 * (slsd writes it in its TZ), or as UTC when only that is in the range. */
static void
test_time(void)
{
	const int64_t day = 86400, t0 = 1796189220; /* 2026-12-02 05:27:00 UTC */

	T_EQ_INT(cl_drill_time("1796189220", 0, 0, INT64_MAX, 60), t0);
	T_EQ_INT(cl_drill_time("soon", 0, 0, INT64_MAX, 60), -1);
	T_EQ_INT(cl_drill_time("soon", 1, 0, INT64_MAX, 60), -1);
	setenv("TZ", "UTC", 1);
	tzset();
	T_EQ_INT(cl_drill_time("2026-12-02 05:27:00.000", 1, t0 - 900, t0 + 900, 60), t0);
	T_EQ_INT(cl_drill_time("2026-12-02", 1, t0 - day, t0 + day, day), 1796169600);
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	/* slsd in Shanghai wrote 13:27 for 05:27 UTC */
	T_EQ_INT(cl_drill_time("2026-12-02 13:27:00.000", 1, t0 - 900, t0 + 900, 60), t0);
	/* a server that writes UTC: only that reading is in the last 15 minutes */
	T_EQ_INT(cl_drill_time("2026-12-02 05:27:00", 1, t0 - 900, t0 + 900, 60), t0);
	/* in neither: local, which the caller finds out of range */
	T_EQ_INT(cl_drill_time("2026-12-01 05:27:00", 1, t0 - 900, t0 + 900, 60), t0 - day - 8 * 3600);
	unsetenv("TZ");
	tzset();
}

#define T_LIST(X) X(test_keys) X(test_time)
T_MAIN(T_LIST)
