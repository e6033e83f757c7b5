/*
 * tz — local time as slsx shows it (see tz.h).
 */
#include "base/tz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

int
tz_known(const char *name)
{
	char path[160];

	if (name == NULL)
		return 0;
	if (strcasecmp(name, "local") == 0 || strcasecmp(name, "UTC") == 0)
		return 1;
	if (*name == '\0' || *name == '/' || strstr(name, "..") != NULL)
		return 0;
	if (snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", name) >= (int)sizeof path)
		return 0;
	return access(path, R_OK) == 0;
}

int
tz_use(const char *name, const char *env)
{
	if (!tz_known(name))
		return -1;
	if (strcasecmp(name, "local") == 0) {
		if (env)
			setenv("TZ", env, 1);
		else
			unsetenv("TZ");
	} else {
		setenv("TZ", strcasecmp(name, "UTC") == 0 ? "UTC0" : name, 1);
	}
	tzset();
	return 0;
}

int
tz_days(int64_t from, int64_t to)
{
	time_t f = (time_t)from, t = (time_t)(to > from ? to - 1 : from);
	struct tm a, b;

	localtime_r(&f, &a);
	localtime_r(&t, &b);
	return a.tm_year != b.tm_year ? TZ_YEAR : a.tm_yday != b.tm_yday ? TZ_DATE : TZ_TIME;
}

void
tz_fmt(int64_t t, int days, char *buf, size_t n)
{
	static const char *const fmt[] = { "%H:%M:%S", "%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S" };
	time_t s = (time_t)t;
	struct tm tm;

	if (n == 0)
		return;
	localtime_r(&s, &tm);
	if (strftime(buf, n, fmt[days == TZ_YEAR ? 2 : days ? 1 : 0], &tm) == 0)
		buf[0] = '\0';
}
