/*
 * sq_fn_time — the date and time functions of sq_fn (spec §8.2):
 * from_unixtime, to_unixtime, now, date_trunc, date_format, date_parse,
 * time_series, and the timestamp text helpers the engine shares with them.
 *
 * Timestamps are text 'YYYY-MM-DD HH:MM:SS.mmm' in slsd's local time zone
 * (TZ), as SLS shows them.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <sqlite3.h>

#include "base/date.h"
#include "base/sb.h"
#include "sq/sq_fn.h"
#include "sq/sq_int.h"

/* ---- timestamps --------------------------------------------------------- */

void
sq_fn_time_text(double t, char *buf, size_t len)
{
	time_t s = (time_t)floor(t);
	int ms = (int)llround((t - floor(t)) * 1000.0);
	struct tm tm;

	if (ms >= 1000) {
		s++;
		ms -= 1000;
	}
	localtime_r(&s, &tm);
	snprintf(buf, len, "%04d-%02d-%02d %02d:%02d:%02d.%03d", tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
}

/* 'YYYY-MM-DD[ HH:MM[:SS[.fff]]]' (or 'T') in local time; 0 ok. */
int
sq_fn_time_parse(const char *s, double *out)
{
	int y, mo, d, h = 0, mi = 0, n = 0;
	double sec = 0;
	time_t t;

	if (s == NULL || sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3)
		return -1;
	s += n;
	if (*s == ' ' || *s == 'T') {
		if (sscanf(s + 1, "%2d:%2d%n", &h, &mi, &n) != 2)
			return -1;
		s += 1 + n;
		if (*s == ':') {
			char *end;

			sec = strtod(s + 1, &end);
			s = end;
		}
	}
	while (*s == ' ')
		s++;
	if (*s != '\0' || sec < 0 || sec >= 61)
		return -1;
	t = date_make(y, mo, d, h, mi, (int)sec, DATE_LOCAL | DATE_ANY_YEAR, 0);
	if (t == (time_t)-1)
		return -1;
	*out = (double)t + (sec - floor(sec));
	return 0;
}

/* A timestamp argument: a number is unix seconds, text is parsed. */
static int
sq_fn_time_arg_ts(sqlite3_value *v, double *out)
{
	switch (sqlite3_value_type(v)) {
	case SQLITE_INTEGER:
	case SQLITE_FLOAT:
		*out = sqlite3_value_double(v);
		return 0;
	case SQLITE_TEXT: {
		const char *s = (const char *)sqlite3_value_text(v);
		char *end;
		double d = strtod(s, &end);

		if (end != s && *end == '\0') {
			*out = d;
			return 0;
		}
		return sq_fn_time_parse(s, out);
	}
	default:
		return -1;
	}
}

void
sq_fn_time_result_ts(sqlite3_context *cx, double t)
{
	char buf[64];

	sq_fn_time_text(t, buf, sizeof buf);
	sqlite3_result_text(cx, buf, -1, SQLITE_TRANSIENT);
}

static void
sq_fn_time_from_unixtime(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
		return;
	sq_fn_time_result_ts(cx, sqlite3_value_double(argv[0]));
}

static void
sq_fn_time_to_unixtime(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	double t;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
		return;
	if (sq_fn_time_arg_ts(argv[0], &t) != 0) {
		sqlite3_result_error(cx, "to_unixtime: not a timestamp", -1);
		return;
	}
	sqlite3_result_double(cx, t);
}

static void
sq_fn_time_now(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sq_fn_time_result_ts(cx, (double)time(NULL));
}

/* Truncate t (local time) to unit; -1 for an unknown unit. */
static int
sq_fn_time_trunc(const char *unit, double t, double *out)
{
	time_t s = (time_t)floor(t);
	struct tm tm;

	localtime_r(&s, &tm);
	if (strcasecmp(unit, "second") == 0) {
		*out = (double)s;
		return 0;
	}
	tm.tm_sec = 0;
	if (strcasecmp(unit, "minute") == 0)
		goto done;
	tm.tm_min = 0;
	if (strcasecmp(unit, "hour") == 0)
		goto done;
	tm.tm_hour = 0;
	if (strcasecmp(unit, "day") == 0)
		goto done;
	if (strcasecmp(unit, "week") == 0) {
		tm.tm_mday -= (tm.tm_wday + 6) % 7;
		goto done;
	}
	tm.tm_mday = 1;
	if (strcasecmp(unit, "month") == 0)
		goto done;
	if (strcasecmp(unit, "quarter") == 0) {
		tm.tm_mon -= tm.tm_mon % 3;
		goto done;
	}
	tm.tm_mon = 0;
	if (strcasecmp(unit, "year") == 0)
		goto done;
	return -1;
done:
	tm.tm_isdst = -1;
	*out = (double)mktime(&tm);
	return 0;
}

static void
sq_fn_time_date_trunc(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *unit = (const char *)sqlite3_value_text(argv[0]);
	double t, r;

	(void)argc;
	if (unit == NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL)
		return;
	if (sq_fn_time_arg_ts(argv[1], &t) != 0) {
		sqlite3_result_error(cx, "date_trunc: not a timestamp", -1);
		return;
	}
	if (sq_fn_time_trunc(unit, t, &r) != 0) {
		sqlite3_result_error(cx, "date_trunc: unknown unit (second, minute, hour, day, week,"
		    " month, quarter, year)", -1);
		return;
	}
	sq_fn_time_result_ts(cx, r);
}

static const char *const sq_wdays[] = { "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday",
	"Friday", "Saturday" };
static const char *const sq_months[] = { "January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December" };

/* MySQL-style format (Presto date_format) of t into out. */
int
sq_fn_time_format(double t, const char *fmt, struct sb *out)
{
	time_t s = (time_t)floor(t);
	int ms = (int)((t - floor(t)) * 1000.0);
	struct tm tm;
	int rc = 0;

	localtime_r(&s, &tm);
	for (const char *p = fmt; *p && rc == 0; p++) {
		if (*p != '%' || p[1] == '\0') {
			rc = sb_addc(out, *p);
			continue;
		}
		switch (*++p) {
		case 'Y': rc = sb_addf(out, "%04d", tm.tm_year + 1900); break;
		case 'y': rc = sb_addf(out, "%02d", tm.tm_year % 100); break;
		case 'm': rc = sb_addf(out, "%02d", tm.tm_mon + 1); break;
		case 'c': rc = sb_addf(out, "%d", tm.tm_mon + 1); break;
		case 'd': rc = sb_addf(out, "%02d", tm.tm_mday); break;
		case 'e': rc = sb_addf(out, "%d", tm.tm_mday); break;
		case 'H': rc = sb_addf(out, "%02d", tm.tm_hour); break;
		case 'k': rc = sb_addf(out, "%d", tm.tm_hour); break;
		case 'h': case 'I': rc = sb_addf(out, "%02d", (tm.tm_hour + 11) % 12 + 1); break;
		case 'l': rc = sb_addf(out, "%d", (tm.tm_hour + 11) % 12 + 1); break;
		case 'i': rc = sb_addf(out, "%02d", tm.tm_min); break;
		case 's': case 'S': rc = sb_addf(out, "%02d", tm.tm_sec); break;
		case 'f': rc = sb_addf(out, "%06d", ms * 1000); break;
		case 'p': rc = sb_adds(out, tm.tm_hour < 12 ? "AM" : "PM"); break;
		case 'T':
			rc = sb_addf(out, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
			break;
		case 'r':
			rc = sb_addf(out, "%02d:%02d:%02d %s", (tm.tm_hour + 11) % 12 + 1, tm.tm_min,
			    tm.tm_sec, tm.tm_hour < 12 ? "AM" : "PM");
			break;
		case 'W': rc = sb_adds(out, sq_wdays[tm.tm_wday]); break;
		case 'a': rc = sb_addf(out, "%.3s", sq_wdays[tm.tm_wday]); break;
		case 'M': rc = sb_adds(out, sq_months[tm.tm_mon]); break;
		case 'b': rc = sb_addf(out, "%.3s", sq_months[tm.tm_mon]); break;
		case 'j': rc = sb_addf(out, "%03d", tm.tm_yday + 1); break;
		case '%': rc = sb_addc(out, '%'); break;
		default: return -2;
		}
	}
	return rc;
}

static void
sq_fn_time_date_format(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *fmt = (const char *)sqlite3_value_text(argv[1]);
	struct sb b;
	double t;
	int rc;

	(void)argc;
	if (fmt == NULL || sqlite3_value_type(argv[0]) == SQLITE_NULL)
		return;
	if (sq_fn_time_arg_ts(argv[0], &t) != 0) {
		sqlite3_result_error(cx, "date_format: not a timestamp", -1);
		return;
	}
	sb_init(&b, 4096);
	rc = sq_fn_time_format(t, fmt, &b);
	if (rc == -2) {
		sqlite3_result_error(cx, "date_format: unsupported format specifier", -1);
		sb_free(&b);
		return;
	}
	sq_fn_result_sb(cx, rc, &b);
}

static void
sq_fn_time_date_parse(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	const char *fmt = (const char *)sqlite3_value_text(argv[1]);
	char cfmt[256];
	size_t k = 0;
	struct tm tm = { 0 };
	const char *end;

	(void)argc;
	if (s == NULL || fmt == NULL)
		return;
	for (const char *p = fmt; *p && k + 3 < sizeof cfmt; p++) {
		if (*p == '%' && p[1]) {
			char c = *++p;

			cfmt[k++] = '%';
			cfmt[k++] = c == 'i' ? 'M' : c == 's' ? 'S' : c == 'c' ? 'm' : c == 'e' ? 'd' :
			    c == 'k' ? 'H' : c == 'T' ? 'T' : c;
		} else {
			cfmt[k++] = *p;
		}
	}
	cfmt[k] = '\0';
	end = strptime(s, cfmt, &tm);
	if (end == NULL || *end != '\0') {
		sqlite3_result_error(cx, "date_parse: the text does not match the format", -1);
		return;
	}
	tm.tm_isdst = -1;
	sq_fn_time_result_ts(cx, (double)mktime(&tm));
}

/* '5m', '1h', '30s', '1d' -> seconds; -1 if bad. */
static int64_t
sq_fn_time_window(const char *w)
{
	char *end;
	long long n = strtoll(w, &end, 10);

	if (n <= 0)
		return -1;
	switch (*end) {
	case 's': break;
	case 'm': n *= 60; break;
	case 'h': n *= 3600; break;
	case 'd': n *= 86400; break;
	default: return -1;
	}
	return end[1] == '\0' ? n : -1;
}

static void
sq_fn_time_series(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *w = argc == 4 ? (const char *)sqlite3_value_text(argv[1]) : NULL;
	const char *fmt = argc == 4 ? (const char *)sqlite3_value_text(argv[2]) : NULL;
	struct sq_fnctx *fc = sqlite3_user_data(cx);
	int64_t step;
	double t;
	struct sb b;

	if (w == NULL || fmt == NULL || (step = sq_fn_time_window(w)) < 0) {
		sqlite3_result_error(cx, "time_series(time, window like '5m', format, padding)", -1);
		return;
	}
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
		return;
	if (sq_fn_time_arg_ts(argv[0], &t) != 0) {
		sqlite3_result_error(cx, "time_series: not a time", -1);
		return;
	}
	if (fc != NULL && !fc->ts_seen) {
		const char *pad = (const char *)sqlite3_value_text(argv[3]);

		fc->ts_seen = 1;
		fc->ts_step = step;
		snprintf(fc->ts_fmt, sizeof fc->ts_fmt, "%s", fmt);
		snprintf(fc->ts_pad, sizeof fc->ts_pad, "%s", pad ? pad : "0");
	}
	t = floor(t / (double)step) * (double)step;
	sb_init(&b, 4096);
	if (sq_fn_time_format(t, fmt, &b) != 0)
		sqlite3_result_error(cx, "time_series: bad format", -1);
	else
		sqlite3_result_text(cx, sb_str(&b), (int)b.len, SQLITE_TRANSIENT);
	sb_free(&b);
}

/* ---- registration ------------------------------------------------------- */

#define DET (SQLITE_UTF8 | SQLITE_DETERMINISTIC)

int
sq_fn_time_register(sqlite3 *db, struct sq_fnctx *fc)
{
	static const struct {
		const char *name;
		int n;
		void (*f)(sqlite3_context *, int, sqlite3_value **);
	} scalars[] = {
		{ "from_unixtime", 1, sq_fn_time_from_unixtime },
		{ "from_unixtime", 2, sq_fn_time_from_unixtime },
		{ "to_unixtime", 1, sq_fn_time_to_unixtime },
		{ "date_trunc", 2, sq_fn_time_date_trunc },
		{ "date_format", 2, sq_fn_time_date_format },
		{ "date_parse", 2, sq_fn_time_date_parse },
	};
	int rc = 0;

	for (size_t i = 0; i < sizeof scalars / sizeof scalars[0]; i++)
		rc |= sqlite3_create_function(db, scalars[i].name, scalars[i].n, DET, NULL,
		    scalars[i].f, NULL, NULL);
	rc |= sqlite3_create_function(db, "now", 0, SQLITE_UTF8, NULL, sq_fn_time_now, NULL, NULL);
	rc |= sqlite3_create_function(db, "time_series", -1, SQLITE_UTF8, fc, sq_fn_time_series,
	    NULL, NULL);
	return rc;
}
