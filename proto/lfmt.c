/*
 * lfmt — log line formats found without configuration (see lfmt.h):
 * timestamps, nginx/Apache combined, the dispatch and the sniffer.
 */
#include "proto/lfmt.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clk.h"
#include "base/date.h"
#include "proto/lfmt_fmt.h"
#include "proto/pb.h"

static const char *const lfmt_months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
	"Sep", "Oct", "Nov", "Dec" };

static int
lfmt_month(const char *s)
{
	int m;

	for (m = 0; m < 12; m++) /* s has 3 bytes (callers check); the first rules out most */
		if (s[0] == lfmt_months[m][0] && s[1] == lfmt_months[m][1] && s[2] == lfmt_months[m][2])
			return m;
	return -1;
}

/* n digits at s as a number, or -1. */
static int
lfmt_digits(const char *s, size_t len, size_t n)
{
	int v = 0;
	size_t i;

	if (len < n)
		return -1;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* "+0800", "-07:00", "Z" at p; seconds east of UTC in *off; bytes used. */
static size_t
lfmt_zone(const char *p, size_t len, long *off, int *local)
{
	int h, m, colon;

	*local = 1;
	*off = 0;
	if (len >= 1 && (*p == 'Z' || *p == 'z')) {
		*local = 0;
		return 1;
	}
	if (len < 5 || (*p != '+' && *p != '-'))
		return 0;
	colon = p[3] == ':';
	h = lfmt_digits(p + 1, len - 1, 2);
	m = lfmt_digits(p + 3 + colon, len - 3 - (size_t)colon, 2);
	if (h < 0 || m < 0 || h > 14 || m > 59)
		return 0;
	*local = 0;
	*off = (*p == '+' ? 1 : -1) * (h * 3600L + m * 60L);
	return 5 + (size_t)colon;
}

static time_t
lfmt_time_iso(const char *s, size_t len, size_t *used)
{
	int y = lfmt_digits(s, len, 4), mo, d, h, mi, se, local;
	size_t i = 19;
	long off;

	if (y < 0 || len < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
	    s[13] != ':' || s[16] != ':')
		return -1;
	mo = lfmt_digits(s + 5, 2, 2);
	d = lfmt_digits(s + 8, 2, 2);
	h = lfmt_digits(s + 11, 2, 2);
	mi = lfmt_digits(s + 14, 2, 2);
	se = lfmt_digits(s + 17, 2, 2);
	if (i < len && (s[i] == '.' || s[i] == ','))
		for (i++; i < len && isdigit((unsigned char)s[i]); i++)
			;
	i += lfmt_zone(s + i, len - i, &off, &local);
	*used = i;
	return date_make(y, mo, d, h, mi, se, local ? DATE_LOCAL : DATE_UTC, off);
}

/* "Jan  5 14:02:11" (syslog, no year: this year). */
static time_t
lfmt_time_syslog(const char *s, size_t len, size_t *used)
{
	int mo = len >= 15 ? lfmt_month(s) : -1, d, h, mi, se;
	struct tm now;
	time_t t = clk_wall();

	if (mo < 0 || s[3] != ' ' || s[9] != ':' || s[12] != ':')
		return -1;
	d = s[4] == ' ' ? lfmt_digits(s + 5, 1, 1) : lfmt_digits(s + 4, 2, 2);
	h = lfmt_digits(s + 7, 2, 2);
	mi = lfmt_digits(s + 10, 2, 2);
	se = lfmt_digits(s + 13, 2, 2);
	localtime_r(&t, &now);
	*used = 15;
	return date_make(now.tm_year + 1900, mo + 1, d, h, mi, se, DATE_LOCAL, 0);
}

/* The last bracketed CLF time read (per thread): the lines of a second
 * share it, so the next is mostly a compare, not a conversion. */
static _Thread_local struct {
	char s[40];
	size_t n;
	time_t t;
} lfmt_clf_memo;

static time_t lfmt_time_clf_parse(const char *s, size_t len, size_t *used);

/* "[10/Oct/2000:13:55:36 -0700]" (the brackets optional). */
static time_t
lfmt_time_clf(const char *s, size_t len, size_t *used)
{
	time_t t;

	if (lfmt_clf_memo.n && len >= lfmt_clf_memo.n && s[0] == '[' &&
	    memcmp(s, lfmt_clf_memo.s, lfmt_clf_memo.n) == 0) {
		*used = lfmt_clf_memo.n;
		return lfmt_clf_memo.t;
	}
	t = lfmt_time_clf_parse(s, len, used);
	/* only a bracketed one: its "]" ends it, so equal bytes are the
	 * same time (without, a zone could follow what was read) */
	if (t >= 0 && s[0] == '[' && *used <= sizeof lfmt_clf_memo.s) {
		memcpy(lfmt_clf_memo.s, s, *used);
		lfmt_clf_memo.n = *used;
		lfmt_clf_memo.t = t;
	}
	return t;
}

static time_t
lfmt_time_clf_parse(const char *s, size_t len, size_t *used)
{
	size_t b = len > 0 && s[0] == '[';
	const char *p = s + b;
	int d, mo, y, h, mi, se, local;
	long off = 0;
	size_t z;

	if (len < b + 20 || p[2] != '/' || p[6] != '/' || p[11] != ':')
		return -1;
	d = lfmt_digits(p, 2, 2);
	mo = lfmt_month(p + 3);
	y = lfmt_digits(p + 7, 4, 4);
	h = lfmt_digits(p + 12, 2, 2);
	mi = lfmt_digits(p + 15, 2, 2);
	se = lfmt_digits(p + 18, 2, 2);
	z = 20;
	if (len > b + z && p[z] == ' ') {
		size_t zl = lfmt_zone(p + z + 1, len - b - z - 1, &off, &local);

		z += zl ? zl + 1 : 0;
	}
	if (b && (len <= b + z || p[z] != ']'))
		return -1;
	*used = b + z + b;
	return date_make(y, mo + 1, d, h, mi, se, off == 0 && z == 20 ? DATE_LOCAL : DATE_UTC, off);
}

time_t
lfmt_time(const char *s, size_t len, size_t *used)
{
	time_t t;
	size_t n = 0;

	if ((t = lfmt_time_iso(s, len, used)) >= 0 || (t = lfmt_time_clf(s, len,
	    used)) >= 0 || (t = lfmt_time_syslog(s, len, used)) >= 0)
		return t;
	while (n < len && isdigit((unsigned char)s[n]))
		n++;
	if ((n == 10 || n == 13) && (n == len || !isalnum((unsigned char)s[n]))) {
		long long v = strtoll(s, NULL, 10);

		*used = n;
		return (time_t)(n == 13 ? v / 1000 : v);
	}
	return -1;
}

static void
lfmt_field(struct pb_page *pg, const char *k, const char *v, size_t vlen)
{
	pb_add_field(pg, k, strlen(k), v, vlen);
}

/* A quoted "..." at *p (with \" escapes kept as they are); value span out. */
static int
lfmt_quoted(const char **p, const char *end, const char **v, size_t *vlen)
{
	const char *q = *p;

	if (q >= end || *q != '"')
		return -1;
	for (q++; q < end && *q != '"'; q++)
		if (*q == '\\' && q + 1 < end)
			q++;
	if (q >= end)
		return -1;
	*v = *p + 1;
	*vlen = (size_t)(q - *p - 1);
	*p = q + 1;
	return 0;
}

/* The next space-separated token. */
static int
lfmt_token(const char **p, const char *end, const char **v, size_t *vlen)
{
	const char *q = *p;

	while (q < end && *q == ' ')
		q++;
	*v = q;
	while (q < end && *q != ' ')
		q++;
	*vlen = (size_t)(q - *v);
	*p = q;
	return *vlen ? 0 : -1;
}

static int
lfmt_parse_combined(const char *s, size_t len, time_t fallback, struct pb_page *pg)
{
	const char *p = s, *end = s + len, *ip, *ident, *user, *req, *st, *by, *ref = "-", *ua = "-";
	const char *r, *sp1, *sp2;
	size_t ipl, identl, userl, reql, stl, byl, refl = 1, ual = 1, used;
	time_t t;

	if (lfmt_token(&p, end, &ip, &ipl) || lfmt_token(&p, end, &ident, &identl) ||
	    lfmt_token(&p, end, &user, &userl))
		return -1;
	while (p < end && *p == ' ')
		p++;
	if ((t = lfmt_time_clf(p, (size_t)(end - p), &used)) < 0 || *p != '[')
		return -1;
	p += used;
	while (p < end && *p == ' ')
		p++;
	if (lfmt_quoted(&p, end, &req, &reql) || lfmt_token(&p, end, &st, &stl) ||
	    lfmt_token(&p, end, &by, &byl) || stl != 3 || lfmt_digits(st, 3, 3) < 0)
		return -1;
	while (p < end && *p == ' ')
		p++;
	if (p < end && *p == '"' && lfmt_quoted(&p, end, &ref, &refl) == 0) {
		while (p < end && *p == ' ')
			p++;
		if (lfmt_quoted(&p, end, &ua, &ual) != 0) {
			ua = "-";
			ual = 1;
		}
	}
	(void)fallback;
	pb_add_log(pg, (uint32_t)t, 0, 0);
	lfmt_field(pg, "remote_addr", ip, ipl);
	lfmt_field(pg, "remote_user", user, userl);
	/* "METHOD URI PROTOCOL", split by length: the bytes may hold NULs */
	sp1 = memchr(req, ' ', reql);
	for (sp2 = NULL, r = sp1 ? sp1 + 1 : NULL; r && r < req + reql; r++)
		if (*r == ' ')
			sp2 = r;
	if (sp1 && sp2) {
		lfmt_field(pg, "method", req, (size_t)(sp1 - req));
		lfmt_field(pg, "uri", sp1 + 1, (size_t)(sp2 - sp1 - 1));
		lfmt_field(pg, "protocol", sp2 + 1, (size_t)(req + reql - sp2 - 1));
	} else {
		lfmt_field(pg, "request", req, reql);
	}
	lfmt_field(pg, "status", st, stl);
	lfmt_field(pg, "body_bytes_sent", by, byl);
	lfmt_field(pg, "http_referer", ref, refl);
	lfmt_field(pg, "http_user_agent", ua, ual);
	{
		const char *rt;
		size_t rtl;

		if (lfmt_token(&p, end, &rt, &rtl) == 0 && strspn(rt, "0123456789.") == rtl)
			lfmt_field(pg, "request_time", rt, rtl);
	}
	return 0;
}

int
lfmt_parse(enum lfmt fmt, const char *line, size_t len, time_t fallback,
    struct pb_page *pg)
{
	size_t used;
	time_t t;

	if (fmt == LFMT_JSON || fmt == LFMT_DOCKER)
		return lfmt_fmt_json(line, len, fallback, pg, NULL);
	if (fmt == LFMT_COMBINED)
		return lfmt_parse_combined(line, len, fallback, pg);
	if (fmt == LFMT_LOGFMT)
		return lfmt_fmt_logfmt(line, len, fallback, pg);
	if (fmt == LFMT_SYSLOG)
		return lfmt_fmt_syslog(line, len, fallback, pg);
	if (fmt == LFMT_CRI)
		return lfmt_fmt_cri(line, len, fallback, pg);
	t = lfmt_time(line, len, &used);
	pb_add_log(pg, (uint32_t)(t >= 0 ? t : fallback), 0, 0);
	lfmt_field(pg, "content", line, len);
	return 0;
}

void
lfmt_parse_any(enum lfmt fmt, const char *line, size_t len, time_t fallback,
    struct pb_page *pg)
{
	if (fmt != LFMT_PLAIN && lfmt_parse(fmt, line, len, fallback, pg) == 0)
		return;
	if (len > 0 && line[0] == '{' && lfmt_fmt_json(line, len, fallback, pg, NULL) == 0)
		return;
	lfmt_parse(LFMT_PLAIN, line, len, fallback, pg);
}

const char *
lfmt_topic(enum lfmt fmt)
{
	static const char *const topics[LFMT_COUNT] = { "text", "json", "access", "logfmt",
		"syslog", "docker", "cri" };

	return fmt >= 0 && fmt < LFMT_COUNT ? topics[fmt] : "text";
}

enum lfmt
lfmt_sniff(const char *const *lines, size_t n)
{
	size_t i, seen = 0, c[LFMT_COUNT] = { 0 };
	int f;

	for (i = 0; i < n; i++) {
		struct pb_page *pg;
		size_t len = strlen(lines[i]);
		int docker = 0;

		if (len == 0)
			continue;
		seen++;
		pg = pb_page_new();
		pb_add_group(pg, NULL, NULL, NULL);
		if (lines[i][0] == '{' && lfmt_fmt_json(lines[i], len, 0, pg, &docker) == 0)
			c[docker ? LFMT_DOCKER : LFMT_JSON]++;
		c[LFMT_COMBINED] += lfmt_parse_combined(lines[i], len, 0, pg) == 0;
		c[LFMT_SYSLOG] += lfmt_fmt_syslog(lines[i], len, 0, pg) == 0;
		c[LFMT_LOGFMT] += lfmt_fmt_logfmt(lines[i], len, 0, pg) == 0;
		c[LFMT_CRI] += lfmt_fmt_cri(lines[i], len, 0, pg) == 0;
		pb_page_free(pg);
	}
	if (seen && (c[LFMT_JSON] + c[LFMT_DOCKER]) * 2 > seen)
		return c[LFMT_DOCKER] * 2 > seen ? LFMT_DOCKER : LFMT_JSON;
	for (f = LFMT_COMBINED; f < LFMT_COUNT; f++)
		if (f != LFMT_DOCKER && seen && c[f] * 2 > seen)
			return (enum lfmt)f;
	return LFMT_PLAIN;
}
