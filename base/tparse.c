/*
 * tparse — user time expressions (see tparse.h).
 */
#include "base/tparse.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/date.h"

/* Seconds per unit letter, 0 if unknown. */
static long
tparse_unit(const char *u)
{
	static const struct {
		const char *name;
		long secs;
	} units[] = { { "s", 1 }, { "sec", 1 }, { "secs", 1 }, { "second", 1 }, { "seconds", 1 },
		{ "m", 60 }, { "min", 60 }, { "mins", 60 }, { "minute", 60 }, { "minutes", 60 },
		{ "h", 3600 }, { "hour", 3600 }, { "hours", 3600 }, { "d", 86400 },
		{ "day", 86400 }, { "days", 86400 }, { "w", 604800 }, { "week", 604800 },
		{ "weeks", 604800 } };
	size_t i;

	for (i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strcasecmp(u, units[i].name) == 0)
			return units[i].secs;
	return 0;
}

/* "N UNIT" at p (blanks allowed between): *n and the unit's seconds
 * (*secs, 1 when no_unit allows none); the rest after blanks. -1 when
 * it is not one, or would pass a hundred years. */
static int
tparse_count(const char *p, int no_unit, long *n, long *secs, const char **rest)
{
	char unit[16];
	char *end;
	size_t k = 0;

	if (!isdigit((unsigned char)*p))
		return -1;
	errno = 0;
	*n = strtol(p, &end, 10);
	if (errno)
		return -1;
	p = end;
	while (*p == ' ')
		p++;
	while (isalpha((unsigned char)*p) && k < sizeof unit - 1)
		unit[k++] = *p++;
	unit[k] = '\0';
	while (*p == ' ')
		p++;
	*secs = k == 0 && no_unit ? 1 : tparse_unit(unit);
	if (*secs == 0 || *n > 100L * 365 * 86400 / *secs)
		return -1;
	*rest = p;
	return 0;
}

/* "-15m", "15m", "15 min ago", "1h ago": all mean the past. */
static int
tparse_relative(const char *s, time_t now, time_t *out)
{
	const char *p = s + (*s == '-');
	long n, secs;

	if (tparse_count(p, 0, &n, &secs, &p) != 0)
		return -1;
	if (strncasecmp(p, "ago", 3) == 0 && *s != '-')
		p += 3;
	if (*p != '\0')
		return -1;
	*out = now - n * secs;
	return 0;
}

int
tparse_span(const char *s, int64_t *secs, char *err, size_t errlen)
{
	const char *p;
	long n, unit;

	if (tparse_count(s, 1, &n, &unit, &p) == 0 && *p == '\0' && n > 0) {
		*secs = (int64_t)n * unit;
		return 0;
	}
	snprintf(err, errlen, "cannot read a length of time \"%.64s\" (try 30s, 5m, 1h, 1d or "
			      "seconds)", s);
	return -1;
}

static time_t
tparse_midnight(time_t now, int days_back)
{
	struct tm tm;

	localtime_r(&now, &tm);
	tm.tm_mday -= days_back;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/* ISO-8601 date, date+time, optional seconds, optional Z or ±hh:mm. */
static int
tparse_iso(const char *s, time_t *out)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0, zh, zm;
	const char *p;
	time_t t;

	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
		return -1;
	p = s + n;
	if (*p == 'T' || *p == ' ') {
		int k = 0;

		if (sscanf(p + 1, "%2d:%2d%n", &h, &mi, &k) != 2 || k != 5)
			return -1;
		p += 1 + k;
		if (*p == ':') {
			if (sscanf(p + 1, "%2d%n", &sec, &k) != 1 || k != 2)
				return -1;
			p += 1 + k;
		}
		if (*p == '.') /* fractions of a second are dropped */
			for (p++; isdigit((unsigned char)*p); p++)
				;
	}
	if (*p == '\0') {
		t = date_make(y, mo, d, h, mi, sec, DATE_LOCAL, 0);
	} else if ((*p == 'Z' || *p == 'z') && p[1] == '\0') {
		t = date_make(y, mo, d, h, mi, sec, DATE_UTC, 0);
	} else if ((*p == '+' || *p == '-') && sscanf(p + 1, "%2d:%2d", &zh, &zm) == 2 &&
	    strlen(p) == 6 && zh >= 0 && zh <= 14 && zm >= 0 && zm <= 59) {
		t = date_make(y, mo, d, h, mi, sec, DATE_UTC, (*p == '+' ? 1 : -1) * (zh * 3600L + zm * 60));
	} else {
		return -1;
	}
	*out = t;
	return t == (time_t)-1 ? -1 : 0;
}

/* "19:00", "19:00:30", "today 19:00", "yesterday 08:30": a time of day,
 * local, on the day now is in (or the one before). */
static int
tparse_clock(const char *s, time_t now, time_t *out)
{
	int back = 0, h, mi, sec = 0, n = 0;
	struct tm tm;
	time_t day;

	if (strncasecmp(s, "today ", 6) == 0) {
		s += 6;
	} else if (strncasecmp(s, "yesterday ", 10) == 0) {
		s += 10;
		back = 1;
	}
	if (sscanf(s, "%2d:%2d%n", &h, &mi, &n) != 2 || (n != 5 && n != 4))
		return -1;
	if (s[n] == ':') {
		int k = 0;

		if (sscanf(s + n + 1, "%2d%n", &sec, &k) != 1 || k != 2)
			return -1;
		n += 1 + k;
	}
	if (s[n] != '\0')
		return -1;
	day = tparse_midnight(now, back);
	localtime_r(&day, &tm);
	*out = date_make(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, h, mi, sec, DATE_LOCAL, 0);
	return *out == (time_t)-1 ? -1 : 0;
}

int
tparse(const char *s, time_t now, time_t *out, char *err, size_t errlen)
{
	char *end;
	long long v;

	if (s == NULL || *s == '\0') {
		snprintf(err, errlen, "empty time");
		return -1;
	}
	if (strcasecmp(s, "now") == 0) {
		*out = now;
		return 0;
	}
	if (strcasecmp(s, "today") == 0 || strcasecmp(s, "yesterday") == 0) {
		*out = tparse_midnight(now, tolower((unsigned char)s[0]) == 'y');
		return 0;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end == '\0' && *s != '-' && errno == 0 && v >= 0) {
		*out = (time_t)v;
		return 0;
	}
	if (tparse_iso(s, out) == 0 || tparse_relative(s, now, out) == 0 ||
	    tparse_clock(s, now, out) == 0)
		return 0;
	snprintf(err, errlen, "cannot read time \"%.64s\" (try -15m, 1h ago, now, today, 19:00, "
			      "2024-01-01T08:00:00Z or unix seconds)", s);
	return -1;
}
