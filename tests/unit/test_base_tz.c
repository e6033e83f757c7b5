/*
 * test_base_tz — time zone names: which are known, and local time in the
 * one chosen even after local time was read in the old one (the headless
 * --tz showed UTC once something had read the zone before it was set);
 * which spans carry dates, and how a time is written.
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

/* Days: a span within one local day, one crossing midnight, one ending
 * at midnight (exclusive: one day; shown end, + 1: two), one crossing a
 * new year, in the zone. */
static void
test_days_and_fmt(void)
{
	int64_t mid = 1796256000; /* 2026-12-03 00:00:00 UTC */
	char buf[32];

	T_EQ_INT(tz_use("UTC", NULL), 0);
	T_EQ_INT(tz_days(mid - 3600, mid), 0);
	T_EQ_INT(tz_days(mid - 3600, mid + 1), 1);
	T_EQ_INT(tz_days(mid - 1200, mid + 1200), 1);
	T_EQ_INT(tz_days(mid, mid), 0);
	T_EQ_INT(tz_days(mid + 10, mid), 0); /* to before from: from's day alone */
	/* across a new year: with the year (2026-01-01 00:00 UTC is 1767225600) */
	T_EQ_INT(tz_days(1767225600 - 60, 1767225600 + 60), TZ_YEAR);
	T_EQ_INT(tz_days(mid - 400 * 86400, mid), TZ_YEAR);
	T_EQ_INT(tz_days(mid - 30 * 86400, mid), TZ_DATE);
	tz_fmt(mid - 1, TZ_TIME, buf, sizeof buf);
	T_EQ_STR(buf, "23:59:59");
	tz_fmt(mid - 1, TZ_DATE, buf, sizeof buf);
	T_EQ_STR(buf, "12-02 23:59:59");
	tz_fmt(mid - 1, TZ_YEAR, buf, sizeof buf);
	T_EQ_STR(buf, "2026-12-02 23:59:59");
	tz_fmt(mid, TZ_DATE, buf, 4); /* too small: empty, never cut */
	T_EQ_STR(buf, "");
	/* 00:00 UTC is 08:00 in Shanghai: the same span within one day there */
	T_EQ_INT(tz_use("Asia/Shanghai", NULL), 0);
	T_EQ_INT(tz_days(mid - 1200, mid + 1200), 0);
	tz_fmt(mid, TZ_TIME, buf, sizeof buf);
	T_EQ_STR(buf, "08:00:00");
	T_EQ_INT(tz_use("UTC", NULL), 0);
}

#define T_LIST(X) X(test_known) X(test_use) X(test_days_and_fmt)
T_MAIN(T_LIST)
