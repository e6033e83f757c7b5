/*
 * test_base_tparse — every form of user time expression, and bad input,
 * with TZ fixed so local-time forms are deterministic.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/tparse.h"
#include "tests/unit/t.h"

static const time_t now = 1704110400; /* 2024-01-01T12:00:00Z */

static time_t
tp(const char *s)
{
	char err[160];
	time_t t = -12345;

	if (tparse(s, now, &t, err, sizeof err) != 0)
		return -12345;
	return t;
}

static void
test_relative(void)
{
	T_EQ_INT(tp("now"), now);
	T_EQ_INT(tp("NOW"), now);
	T_EQ_INT(tp("-15m"), now - 900);
	T_EQ_INT(tp("15m"), now - 900);
	T_EQ_INT(tp("1h ago"), now - 3600);
	T_EQ_INT(tp("2 hours ago"), now - 7200);
	T_EQ_INT(tp("-30s"), now - 30);
	T_EQ_INT(tp("7d"), now - 7 * 86400);
	T_EQ_INT(tp("1w"), now - 604800);
}

static void
test_absolute(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	T_EQ_INT(tp("1704067200"), 1704067200);
	T_EQ_INT(tp("2024-01-01T00:00:00Z"), 1704067200);
	T_EQ_INT(tp("2024-01-01T08:00:00+08:00"), 1704067200);
	T_EQ_INT(tp("2023-12-31T19:00:00-05:00"), 1704067200);
	T_EQ_INT(tp("2024-01-01 00:00"), 1704067200);
	T_EQ_INT(tp("2024-01-01T00:00:00.123Z"), 1704067200);
	T_EQ_INT(tp("2024-01-01"), 1704067200);
	T_EQ_INT(tp("today"), 1704067200);
	T_EQ_INT(tp("yesterday"), 1704067200 - 86400);
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	T_EQ_INT(tp("2024-01-01 08:00:00"), 1704067200);
	/* 12:00Z is 20:00 in Shanghai: today began at 00:00+08:00 */
	T_EQ_INT(tp("today"), 1704067200 - 8 * 3600);
	unsetenv("TZ");
	tzset();
}

static void
test_bad(void)
{
	char err[160];
	time_t t;
	const char *bad[] = { "", "soon", "-", "15", "15x", "1h later", "2024-13-01", "2024-01-01T25:00",
		"2024-01-01T00:00:00+99:00", "2024-1-1", "-5", "1h ago ago", "99999999999999999999" };
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (strcmp(bad[i], "15") == 0)
			continue; /* a bare number is unix seconds */
		T_CHECK(tparse(bad[i], now, &t, err, sizeof err) == -1);
	}
	T_CHECK(tparse(NULL, now, &t, err, sizeof err) == -1);
	T_CHECK(tparse("soon", now, &t, err, sizeof err) == -1 && strstr(err, "-15m") != NULL);
	T_EQ_INT(tp("15"), 15);
}

static void
test_clock(void)
{
	char err[160];
	time_t t;

	setenv("TZ", "UTC", 1);
	tzset();
	/* now is 2024-01-01 12:00 UTC */
	T_EQ_INT(tp("19:00"), 1704067200 + 19 * 3600);
	T_EQ_INT(tp("08:30:15"), 1704067200 + 8 * 3600 + 30 * 60 + 15);
	T_EQ_INT(tp("9:05"), 1704067200 + 9 * 3600 + 5 * 60);
	T_EQ_INT(tp("today 19:00"), 1704067200 + 19 * 3600);
	T_EQ_INT(tp("yesterday 23:00"), 1704067200 - 3600);
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	/* 19:00 in Shanghai, on the day it is there (Jan 1, 20:00 local) */
	T_EQ_INT(tp("19:00"), 1704067200 - 8 * 3600 + 19 * 3600);
	unsetenv("TZ");
	tzset();
	T_CHECK(tparse("25:00", now, &t, err, sizeof err) == -1);
	T_CHECK(tparse("19:60", now, &t, err, sizeof err) == -1);
	T_CHECK(tparse("19:00:61", now, &t, err, sizeof err) == -1);
	T_CHECK(tparse("19:00 pm", now, &t, err, sizeof err) == -1);
	T_CHECK(tparse("tomorrow 19:00", now, &t, err, sizeof err) == -1);
	T_CHECK(strstr(err, "19:00") != NULL);
}

/* Lengths of time (a histogram's --interval): units, seconds alone,
 * nothing, zero, negatives and the absurd refused with a message. */
static void
test_span(void)
{
	char err[160] = "";
	int64_t v = -1;

	T_CHECK(tparse_span("30s", &v, err, sizeof err) == 0 && v == 30);
	T_CHECK(tparse_span("5m", &v, err, sizeof err) == 0 && v == 300);
	T_CHECK(tparse_span("1 hour", &v, err, sizeof err) == 0 && v == 3600);
	T_CHECK(tparse_span("2d", &v, err, sizeof err) == 0 && v == 172800);
	T_CHECK(tparse_span("90", &v, err, sizeof err) == 0 && v == 90);
	T_CHECK(tparse_span("", &v, err, sizeof err) == -1);
	T_CHECK(tparse_span("0", &v, err, sizeof err) == -1);
	T_CHECK(tparse_span("-5m", &v, err, sizeof err) == -1);
	T_CHECK(tparse_span("5 min ago", &v, err, sizeof err) == -1);
	T_CHECK(tparse_span("5x", &v, err, sizeof err) == -1);
	T_CHECK(tparse_span("999999999999d", &v, err, sizeof err) == -1);
	T_CHECK(strstr(err, "999999999999d") != NULL && strstr(err, "5m") != NULL);
	/* the past as before */
	T_EQ_INT(tp("15 min ago"), now - 900);
	T_CHECK(tparse("-15", now, &(time_t){ 0 }, err, sizeof err) == -1);
}

#define T_LIST(X) X(test_relative) X(test_absolute) X(test_bad) X(test_clock) X(test_span)
T_MAIN(T_LIST)
