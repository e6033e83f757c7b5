/*
 * test_base_tz — time zone names: which are known, and local time in the
 * one chosen even after local time was read in the old one (the headless
 * --tz showed UTC once something had read the zone before it was set).
 */
#include <stdlib.h>
#include <time.h>

#include "base/tz.h"
#include "tests/unit/t.h"

static void
test_known(void)
{
	T_CHECK(tz_known("local"));
	T_CHECK(tz_known("UTC"));
	T_CHECK(tz_known("utc"));
	T_CHECK(tz_known("Asia/Shanghai"));
	T_CHECK(!tz_known("Mars/Olympus"));
	T_CHECK(!tz_known(""));
	T_CHECK(!tz_known(NULL));
	T_CHECK(!tz_known("/etc/passwd"));
	T_CHECK(!tz_known("../../etc/passwd"));
	T_CHECK(!tz_known("Asia/../../../etc/passwd"));
}

static int
hour_at(time_t t)
{
	struct tm tm;

	localtime_r(&t, &tm);
	return tm.tm_hour;
}

static void
test_use(void)
{
	time_t t = 1796256000; /* 2026-12-03 00:00:00 UTC */

	T_EQ_INT(tz_use("UTC", NULL), 0);
	T_EQ_INT(hour_at(t), 0);
	T_EQ_INT(tz_use("Asia/Shanghai", NULL), 0);
	T_EQ_INT(hour_at(t), 8);
	T_EQ_INT(tz_use("Mars/Olympus", NULL), -1);
	T_EQ_INT(hour_at(t), 8); /* nothing changed */
	T_EQ_INT(tz_use("local", "UTC0"), 0);
	T_EQ_INT(hour_at(t), 0);
	T_EQ_STR(getenv("TZ"), "UTC0");
	T_EQ_INT(tz_use("local", NULL), 0);
	T_CHECK(getenv("TZ") == NULL);
}

#define T_LIST(X) X(test_known) X(test_use)
T_MAIN(T_LIST)
