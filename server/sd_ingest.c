/*
 * sd_ingest — local log files into slsd (see sd_ingest.h).
 */
#include "server/sd_ingest.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "base/clk.h"
#include "base/date.h"
#include "base/sb.h"
#include "base/xalloc.h"
#include "proto/pb.h"
#include "proto/sign.h"
#include "server/sd_catalog.h"
#include "server/sd_follow.h"
#include "server/sd_ingest_fmt.h"
#include "server/sd_store.h"
#include "sq/sq.h"

#define SD_INGEST_MAX_LINE ((size_t)1 << 20)
#define SD_INGEST_GROUP_LOGS 1000
#define SD_INGEST_PROJECT "local"

static const char *const sd_months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
	"Sep", "Oct", "Nov", "Dec" };

static int
sd_ingest_month(const char *s)
{
	int m;

	for (m = 0; m < 12; m++)
		if (strncmp(s, sd_months[m], 3) == 0)
			return m;
	return -1;
}

/* n digits at s as a number, or -1. */
static int
sd_ingest_digits(const char *s, size_t len, size_t n)
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
sd_ingest_zone(const char *p, size_t len, long *off, int *local)
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
	h = sd_ingest_digits(p + 1, len - 1, 2);
	m = sd_ingest_digits(p + 3 + colon, len - 3 - (size_t)colon, 2);
	if (h < 0 || m < 0 || h > 14 || m > 59)
		return 0;
	*local = 0;
	*off = (*p == '+' ? 1 : -1) * (h * 3600L + m * 60L);
	return 5 + (size_t)colon;
}

static time_t
sd_ingest_time_iso(const char *s, size_t len, size_t *used)
{
	int y = sd_ingest_digits(s, len, 4), mo, d, h, mi, se, local;
	size_t i = 19;
	long off;

	if (y < 0 || len < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
	    s[13] != ':' || s[16] != ':')
		return -1;
	mo = sd_ingest_digits(s + 5, 2, 2);
	d = sd_ingest_digits(s + 8, 2, 2);
	h = sd_ingest_digits(s + 11, 2, 2);
	mi = sd_ingest_digits(s + 14, 2, 2);
	se = sd_ingest_digits(s + 17, 2, 2);
	if (i < len && (s[i] == '.' || s[i] == ','))
		for (i++; i < len && isdigit((unsigned char)s[i]); i++)
			;
	i += sd_ingest_zone(s + i, len - i, &off, &local);
	*used = i;
	return date_make(y, mo, d, h, mi, se, local ? DATE_LOCAL : DATE_UTC, off);
}

/* "Jan  5 14:02:11" (syslog, no year: this year). */
static time_t
sd_ingest_time_syslog(const char *s, size_t len, size_t *used)
{
	int mo = len >= 15 ? sd_ingest_month(s) : -1, d, h, mi, se;
	struct tm now;
	time_t t = clk_wall();

	if (mo < 0 || s[3] != ' ' || s[9] != ':' || s[12] != ':')
		return -1;
	d = s[4] == ' ' ? sd_ingest_digits(s + 5, 1, 1) : sd_ingest_digits(s + 4, 2, 2);
	h = sd_ingest_digits(s + 7, 2, 2);
	mi = sd_ingest_digits(s + 10, 2, 2);
	se = sd_ingest_digits(s + 13, 2, 2);
	localtime_r(&t, &now);
	*used = 15;
	return date_make(now.tm_year + 1900, mo + 1, d, h, mi, se, DATE_LOCAL, 0);
}

/* "[10/Oct/2000:13:55:36 -0700]" (the brackets optional). */
static time_t
sd_ingest_time_clf(const char *s, size_t len, size_t *used)
{
	size_t b = len > 0 && s[0] == '[';
	const char *p = s + b;
	int d, mo, y, h, mi, se, local;
	long off = 0;
	size_t z;

	if (len < b + 20 || p[2] != '/' || p[6] != '/' || p[11] != ':')
		return -1;
	d = sd_ingest_digits(p, 2, 2);
	mo = sd_ingest_month(p + 3);
	y = sd_ingest_digits(p + 7, 4, 4);
	h = sd_ingest_digits(p + 12, 2, 2);
	mi = sd_ingest_digits(p + 15, 2, 2);
	se = sd_ingest_digits(p + 18, 2, 2);
	z = 20;
	if (len > b + z && p[z] == ' ') {
		size_t zl = sd_ingest_zone(p + z + 1, len - b - z - 1, &off, &local);

		z += zl ? zl + 1 : 0;
	}
	if (b && (len <= b + z || p[z] != ']'))
		return -1;
	*used = b + z + b;
	return date_make(y, mo + 1, d, h, mi, se, off == 0 && z == 20 ? DATE_LOCAL : DATE_UTC, off);
}

time_t
sd_ingest_time(const char *s, size_t len, size_t *used)
{
	time_t t;
	size_t n = 0;

	if ((t = sd_ingest_time_iso(s, len, used)) >= 0 || (t = sd_ingest_time_clf(s, len,
	    used)) >= 0 || (t = sd_ingest_time_syslog(s, len, used)) >= 0)
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
sd_ingest_field(struct pb_page *pg, const char *k, const char *v, size_t vlen)
{
	pb_add_field(pg, k, strlen(k), v, vlen);
}

/* A quoted "..." at *p (with \" escapes kept as they are); value span out. */
static int
sd_ingest_quoted(const char **p, const char *end, const char **v, size_t *vlen)
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
sd_ingest_token(const char **p, const char *end, const char **v, size_t *vlen)
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
sd_ingest_parse_combined(const char *s, size_t len, time_t fallback, struct pb_page *pg)
{
	const char *p = s, *end = s + len, *ip, *ident, *user, *req, *st, *by, *ref = "-", *ua = "-";
	const char *r, *sp1, *sp2;
	size_t ipl, identl, userl, reql, stl, byl, refl = 1, ual = 1, used;
	time_t t;

	if (sd_ingest_token(&p, end, &ip, &ipl) || sd_ingest_token(&p, end, &ident, &identl) ||
	    sd_ingest_token(&p, end, &user, &userl))
		return -1;
	while (p < end && *p == ' ')
		p++;
	if ((t = sd_ingest_time_clf(p, (size_t)(end - p), &used)) < 0 || *p != '[')
		return -1;
	p += used;
	while (p < end && *p == ' ')
		p++;
	if (sd_ingest_quoted(&p, end, &req, &reql) || sd_ingest_token(&p, end, &st, &stl) ||
	    sd_ingest_token(&p, end, &by, &byl) || stl != 3 || sd_ingest_digits(st, 3, 3) < 0)
		return -1;
	while (p < end && *p == ' ')
		p++;
	if (p < end && *p == '"' && sd_ingest_quoted(&p, end, &ref, &refl) == 0) {
		while (p < end && *p == ' ')
			p++;
		if (sd_ingest_quoted(&p, end, &ua, &ual) != 0) {
			ua = "-";
			ual = 1;
		}
	}
	(void)fallback;
	pb_add_log(pg, (uint32_t)t, 0, 0);
	sd_ingest_field(pg, "remote_addr", ip, ipl);
	sd_ingest_field(pg, "remote_user", user, userl);
	/* "METHOD URI PROTOCOL", split by length: the bytes may hold NULs */
	sp1 = memchr(req, ' ', reql);
	for (sp2 = NULL, r = sp1 ? sp1 + 1 : NULL; r && r < req + reql; r++)
		if (*r == ' ')
			sp2 = r;
	if (sp1 && sp2) {
		sd_ingest_field(pg, "method", req, (size_t)(sp1 - req));
		sd_ingest_field(pg, "uri", sp1 + 1, (size_t)(sp2 - sp1 - 1));
		sd_ingest_field(pg, "protocol", sp2 + 1, (size_t)(req + reql - sp2 - 1));
	} else {
		sd_ingest_field(pg, "request", req, reql);
	}
	sd_ingest_field(pg, "status", st, stl);
	sd_ingest_field(pg, "body_bytes_sent", by, byl);
	sd_ingest_field(pg, "http_referer", ref, refl);
	sd_ingest_field(pg, "http_user_agent", ua, ual);
	{
		const char *rt;
		size_t rtl;

		if (sd_ingest_token(&p, end, &rt, &rtl) == 0 && strspn(rt, "0123456789.") == rtl)
			sd_ingest_field(pg, "request_time", rt, rtl);
	}
	return 0;
}

int
sd_ingest_parse(enum sd_fmt fmt, const char *line, size_t len, time_t fallback,
    struct pb_page *pg)
{
	size_t used;
	time_t t;

	if (fmt == SD_FMT_JSON || fmt == SD_FMT_DOCKER)
		return sd_ingest_fmt_json(line, len, fallback, pg, NULL);
	if (fmt == SD_FMT_COMBINED)
		return sd_ingest_parse_combined(line, len, fallback, pg);
	if (fmt == SD_FMT_LOGFMT)
		return sd_ingest_fmt_logfmt(line, len, fallback, pg);
	if (fmt == SD_FMT_SYSLOG)
		return sd_ingest_fmt_syslog(line, len, fallback, pg);
	t = sd_ingest_time(line, len, &used);
	pb_add_log(pg, (uint32_t)(t >= 0 ? t : fallback), 0, 0);
	sd_ingest_field(pg, "content", line, len);
	return 0;
}

enum sd_fmt
sd_ingest_sniff(const char *const *lines, size_t n)
{
	size_t i, seen = 0, c[SD_FMT_COUNT] = { 0 };
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
		if (lines[i][0] == '{' && sd_ingest_fmt_json(lines[i], len, 0, pg, &docker) == 0)
			c[docker ? SD_FMT_DOCKER : SD_FMT_JSON]++;
		c[SD_FMT_COMBINED] += sd_ingest_parse_combined(lines[i], len, 0, pg) == 0;
		c[SD_FMT_SYSLOG] += sd_ingest_fmt_syslog(lines[i], len, 0, pg) == 0;
		c[SD_FMT_LOGFMT] += sd_ingest_fmt_logfmt(lines[i], len, 0, pg) == 0;
		pb_page_free(pg);
	}
	if (seen && (c[SD_FMT_JSON] + c[SD_FMT_DOCKER]) * 2 > seen)
		return c[SD_FMT_DOCKER] * 2 > seen ? SD_FMT_DOCKER : SD_FMT_JSON;
	for (f = SD_FMT_COMBINED; f < SD_FMT_COUNT; f++)
		if (f != SD_FMT_DOCKER && seen && c[f] * 2 > seen)
			return (enum sd_fmt)f;
	return SD_FMT_PLAIN;
}

/* ---- files ---------------------------------------------------------- */

static void
sd_ingest_ls_name(const char *spec_name, const char *path, char *out, size_t outlen)
{
	const char *base = spec_name ? spec_name : strrchr(path, '/');
	size_t i, n = 0, blen;

	base = spec_name ? spec_name : base ? base + 1 : path;
	blen = strlen(base);
	if (!spec_name && blen > 3 && strcmp(base + blen - 3, ".gz") == 0)
		blen -= 3; /* app.log.gz: app */
	if (!spec_name)
		for (i = blen; i > 0; i--)
			if (base[i - 1] == '.') {
				blen = i - 1; /* drop the last extension */
				break;
			}
	for (i = 0; i < blen && n + 1 < outlen && n < 63; i++) {
		char c = (char)tolower((unsigned char)base[i]);

		out[n++] = isalnum((unsigned char)c) || c == '_' || c == '-' ? c : '-';
	}
	while (n > 0 && (out[n - 1] == '-' || out[n - 1] == '_'))
		n--;
	out[n] = '\0';
	while (out[0] == '-' || out[0] == '_')
		memmove(out, out + 1, strlen(out));
	if (strlen(out) < 2)
		snprintf(out, outlen, "logs");
}

static const char sd_ingest_tokens[] =
    "[\" \",\",\",\";\",\"=\",\"(\",\")\",\"[\",\"]\",\"{\",\"}\",\"?\",\"@\",\"&\",\"<\",\">\","
    "\"/\",\":\",\"\\n\",\"\\t\",\"\\r\",\"'\",\"\\\"\"]";

/* An index matching the fields of pg's first logs. */
static char *
sd_ingest_index(const struct pb_page *pg)
{
	cJSON *o = cJSON_CreateObject(), *line = cJSON_CreateObject(), *keys = cJSON_CreateObject();
	char *txt;
	size_t i;

	cJSON_AddItemToObject(line, "token", cJSON_Parse(sd_ingest_tokens));
	cJSON_AddBoolToObject(line, "caseSensitive", 0);
	cJSON_AddItemToObject(o, "line", line);
	for (i = 0; i < pg->nfields && i < 20000; i++) {
		const struct pb_key *k = pb_key(pg, pg->fields[i].key);
		size_t vl;
		const char *v = pb_value(pg, &pg->fields[i], &vl);
		cJSON *key = cJSON_GetObjectItemCaseSensitive(keys, k->p);
		char *end;
		const char *type;

		strtod(v, &end);
		type = vl > 0 && vl < 32 && *end == '\0' ? (strpbrk(v, ".eE") ? "double" : "long")
		    : "text";
		if (key != NULL) {
			cJSON *ty = cJSON_GetObjectItemCaseSensitive(key, "type");

			if (strcmp(ty->valuestring, "text") != 0 && strcmp(type, "text") == 0)
				cJSON_SetValuestring(ty, "text");
			else if (strcmp(ty->valuestring, "long") == 0 && strcmp(type, "double") == 0)
				cJSON_SetValuestring(ty, "double");
			continue;
		}
		key = cJSON_CreateObject();
		cJSON_AddStringToObject(key, "type", type);
		cJSON_AddBoolToObject(key, "doc_value", 1);
		cJSON_AddBoolToObject(key, "caseSensitive", 0);
		cJSON_AddItemToObject(key, "token", cJSON_Parse(sd_ingest_tokens));
		cJSON_AddItemToObject(keys, k->p, key);
	}
	cJSON_AddItemToObject(o, "keys", keys);
	cJSON_AddNumberToObject(o, "max_text_len", 2048);
	cJSON_AddStringToObject(o, "index_mode", "v2");
	txt = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return txt;
}

#define SD_INGEST_SAMPLE 20
#define SD_INGEST_CHUNK ((size_t)64 << 10)

/* One source being loaded (and followed). */
struct sd_ingest {
	struct sd_store *s;
	struct sd_logstore ls;
	struct sd_follow *src;
	int created;
	char path[512], source[512], pack[17];
	unsigned seq;
	enum sd_fmt fmt;
	int sniffed;
	int multi;          /* lines without a leading timestamp continue an entry */
	char *sample[SD_INGEST_SAMPLE]; /* the first lines, held until sniffed */
	size_t samplen[SD_INGEST_SAMPLE], ns;
	struct pb_page *pg;
	struct sb part;     /* the line being read (no newline yet) */
	int cut;            /* it went over SD_INGEST_MAX_LINE: the rest is skipped */
	struct sb pend;     /* the entry being joined (continuation lines) */
	char *buf;          /* SD_INGEST_CHUNK bytes */
	int64_t written;
	time_t last;        /* time of the previous entry: lines without one inherit it */
	time_t tmin, tmax;  /* the span of the entries */
	uint64_t off;       /* bytes fed since the source's start */
	uint64_t skip_from, skip_to; /* loaded first (sd_ingest_load_newest): passed over */
	int loading;        /* the engine says Incomplete until the load ends */
	volatile sig_atomic_t *stop; /* set: the load ends early (sd_ingest_set_stop) */
};

static const char *
sd_ingest_topic(enum sd_fmt fmt)
{
	static const char *const topics[SD_FMT_COUNT] = { "text", "json", "access", "logfmt",
		"syslog", "docker" };

	return topics[fmt];
}

static int
sd_ingest_flush(struct sd_ingest *c, char *err, size_t errlen)
{
	struct sb body;
	struct sd_err e;
	char pack[48], now[24];
	int rc;

	if (c->pg->nlogs == 0)
		return 0;
	if (c->created == 0) {
		char *ix = sd_ingest_index(c->pg);

		sd_catalog_index_set(c->s, c->ls.id, ix, &e);
		free(ix);
		c->created = -1;
	}
	snprintf(pack, sizeof pack, "%s-%X", c->pack, c->seq++);
	pb_add_tag(c->pg, "__pack_id__", 11, pack, strlen(pack));
	pb_add_tag(c->pg, "__path__", 8, c->path, strlen(c->path));
	snprintf(now, sizeof now, "%lld", (long long)clk_wall());
	pb_add_tag(c->pg, "__receive_time__", 16, now, strlen(now));
	sb_init(&body, 0);
	rc = pb_encode_group(c->pg, 0, &body);
	if (rc == 0 && sd_store_put_bulk(c->s, c->ls.id, body.p, body.len, clk_wall(),
	    (int)c->pg->nlogs, &e) < 0) {
		snprintf(err, errlen, "%s", e.msg);
		rc = -1;
	}
	c->written += (int64_t)c->pg->nlogs;
	sb_free(&body);
	pb_page_clear(c->pg);
	pb_add_group(c->pg, sd_ingest_topic(c->fmt), c->source, NULL);
	return rc;
}

/* One complete entry (joined continuation lines included). */
static int
sd_ingest_entry(struct sd_ingest *c, const char *s, size_t len, char *err, size_t errlen)
{
	time_t t;

	if (sd_ingest_parse(c->fmt, s, len, c->last, c->pg) != 0)
		sd_ingest_parse(SD_FMT_PLAIN, s, len, c->last, c->pg);
	t = c->last = c->pg->logs[c->pg->nlogs - 1].time;
	if (c->tmin == 0 || t < c->tmin)
		c->tmin = t;
	if (t > c->tmax)
		c->tmax = t;
	if (c->pg->nlogs >= SD_INGEST_GROUP_LOGS)
		return sd_ingest_flush(c, err, errlen);
	return 0;
}

/* The pending entry, if any, stored. */
static int
sd_ingest_end_entry(struct sd_ingest *c, char *err, size_t errlen)
{
	int rc = 0;

	if (c->pend.len > 0)
		rc = sd_ingest_entry(c, c->pend.p, c->pend.len, err, errlen);
	sb_reset(&c->pend);
	return rc;
}

/* Does this line continue the pending entry? */
static int
sd_ingest_continues(const struct sd_ingest *c, const char *s, size_t len)
{
	size_t used;

	if (c->pend.len == 0 || len == 0 || c->fmt != SD_FMT_PLAIN)
		return 0;
	if (s[0] == ' ' || s[0] == '\t')
		return 1;
	return c->multi && sd_ingest_time(s, len, &used) < 0;
}

/* One line of a sniffed source: joined to the pending entry or ending it. */
static int
sd_ingest_join(struct sd_ingest *c, const char *s, size_t len, char *err, size_t errlen)
{
	int rc;

	if (sd_ingest_continues(c, s, len)) {
		if (c->pend.len + 1 + len > SD_INGEST_MAX_LINE - 64)
			return 0; /* the entry is full: the rest of it is dropped */
		if (sb_addc(&c->pend, '\n') != 0 || sb_add(&c->pend, s, len) != 0)
			sb_reset(&c->pend);
		return 0;
	}
	rc = sd_ingest_end_entry(c, err, errlen);
	if (len > 0 && sb_add(&c->pend, s, len) != 0)
		sb_reset(&c->pend);
	return rc;
}

/* The format from the lines held (they stay held). */
static void
sd_ingest_sniff_decide(struct sd_ingest *c)
{
	size_t i, used;

	c->fmt = sd_ingest_sniff((const char *const *)c->sample, c->ns);
	for (i = 0; i < c->ns && c->sample[i][0] == '\0'; i++)
		;
	c->multi = c->fmt == SD_FMT_PLAIN && i < c->ns &&
	    sd_ingest_time(c->sample[i], strlen(c->sample[i]), &used) >= 0;
	c->sniffed = 1;
	pb_page_clear(c->pg);
	pb_add_group(c->pg, sd_ingest_topic(c->fmt), c->source, NULL);
}

/* The format from the lines held, then those lines. */
static int
sd_ingest_sniff_now(struct sd_ingest *c, char *err, size_t errlen)
{
	size_t i;
	int rc = 0;

	sd_ingest_sniff_decide(c);
	for (i = 0; i < c->ns; i++) {
		if (rc == 0)
			rc = sd_ingest_join(c, c->sample[i], c->samplen[i], err, errlen);
		free(c->sample[i]);
	}
	c->ns = 0;
	return rc;
}

/* A complete line (its newline and CR dropped). */
static int
sd_ingest_line(struct sd_ingest *c, char *err, size_t errlen)
{
	const char *s = c->part.p ? c->part.p : "";
	size_t len = c->part.len;
	int rc = 0;

	while (len > 0 && s[len - 1] == '\r')
		len--;
	if (c->cut) {
		sb_setlen(&c->part, len);
		if (sb_adds(&c->part, " [line cut at 1 MiB]") == 0)
			len = c->part.len;
		s = c->part.p;
	}
	if (!c->sniffed) {
		char *copy = xmalloc(len + 1);

		memcpy(copy, s, len);
		copy[len] = '\0'; /* a NUL inside cuts what the sniffer sees only */
		c->samplen[c->ns] = len;
		c->sample[c->ns++] = copy;
		if (c->ns == SD_INGEST_SAMPLE)
			rc = sd_ingest_sniff_now(c, err, errlen);
	} else {
		rc = sd_ingest_join(c, s, len, err, errlen);
	}
	sb_reset(&c->part);
	c->cut = 0;
	return rc;
}

/* Bytes read: split into lines, each line capped. */
static int
sd_ingest_feed_lines(struct sd_ingest *c, const char *p, size_t n, char *err, size_t errlen)
{
	const char *end = p + n;
	int rc = 0;

	while (rc == 0 && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t k = (size_t)((nl ? nl : end) - p), room;

		room = SD_INGEST_MAX_LINE - 64 > c->part.len ? SD_INGEST_MAX_LINE - 64 - c->part.len
							     : 0;
		if (k > room)
			c->cut = 1;
		if ((k < room ? k : room) > 0 && sb_add(&c->part, p, k < room ? k : room) != 0)
			c->cut = 1;
		p += k;
		if (nl) {
			rc = sd_ingest_line(c, err, errlen);
			p++;
		}
	}
	return rc;
}

/* Bytes read from the source, the region loaded first passed over (its
 * bounds are line starts; the entry before it ends there). */
static int
sd_ingest_feed(struct sd_ingest *c, const char *p, size_t n, char *err, size_t errlen)
{
	uint64_t a = c->off;
	size_t k;
	int rc = 0;

	c->off += n;
	if (c->skip_to <= c->skip_from || a + n <= c->skip_from)
		return sd_ingest_feed_lines(c, p, n, err, errlen);
	if (a < c->skip_from) {
		k = (size_t)(c->skip_from - a);
		rc = sd_ingest_feed_lines(c, p, k, err, errlen);
		if (rc == 0 && (c->part.len > 0 || c->cut))
			rc = sd_ingest_line(c, err, errlen);
		if (rc == 0)
			rc = sd_ingest_end_entry(c, err, errlen);
		p += k;
		n -= k;
		a += k;
	}
	if (rc != 0 || a + n <= c->skip_to)
		return rc;
	k = (size_t)(c->skip_to - a);
	c->skip_from = c->skip_to = 0;
	return sd_ingest_feed_lines(c, p + k, n - k, err, errlen);
}

/* Whatever was read but not complete stored now: the partial line, the
 * lines held for sniffing, the pending entry, the page. */
static int
sd_ingest_settle(struct sd_ingest *c, int partial, char *err, size_t errlen)
{
	int rc = 0;

	if (partial && (c->part.len > 0 || c->cut))
		rc = sd_ingest_line(c, err, errlen);
	if (rc == 0 && !c->sniffed && c->ns > 0)
		rc = sd_ingest_sniff_now(c, err, errlen);
	if (rc == 0)
		rc = sd_ingest_end_entry(c, err, errlen);
	if (rc == 0)
		rc = sd_ingest_flush(c, err, errlen);
	return rc;
}

/* A full-text index until the first logs give the fields: an empty file
 * can be searched at once. */
static void
sd_ingest_index_empty(struct sd_ingest *c)
{
	struct pb_page *pg = pb_page_new();
	struct sd_err e;
	char *ix;

	pb_add_group(pg, NULL, NULL, NULL);
	ix = sd_ingest_index(pg);
	sd_catalog_index_set(c->s, c->ls.id, ix, &e);
	free(ix);
	pb_page_free(pg);
}

static int
sd_ingest_setup(struct sd_ingest *c, const char *path, const char *name, char *err,
    size_t errlen)
{
	struct sd_err e;
	char md5[33];

	if (!sd_catalog_project_get(c->s, SD_INGEST_PROJECT, NULL, 0, NULL, NULL))
		sd_catalog_project_create(c->s, SD_INGEST_PROJECT, "local files", &e);
	memset(&c->ls, 0, sizeof c->ls);
	if (strcmp(path, "-") == 0 && name == NULL)
		name = "stdin";
	sd_ingest_ls_name(name, path, c->ls.name, sizeof c->ls.name);
	if (sd_catalog_logstore_get(c->s, SD_INGEST_PROJECT, c->ls.name, &c->ls, &e) == 0) {
		char *ix = sd_catalog_index_get(c->s, c->ls.id);

		/* keep its index, unless it has no fields yet (an empty file) */
		c->created = ix == NULL || strstr(ix, "\"keys\":{}") ? 0 : -1;
		free(ix);
	} else {
		c->ls.ttl = 3650;
		c->ls.shard_count = 2;
		if (sd_catalog_logstore_create(c->s, SD_INGEST_PROJECT, &c->ls, &e) != 0 ||
		    sd_catalog_logstore_get(c->s, SD_INGEST_PROJECT, c->ls.name, &c->ls, &e) != 0) {
			snprintf(err, errlen, "%s: %s", path, e.msg);
			return -1;
		}
	}
	if (c->created == 0)
		sd_ingest_index_empty(c);
	if (strcmp(path, "-") == 0)
		snprintf(c->path, sizeof c->path, "stdin");
	else if (realpath(path, c->path) == NULL)
		snprintf(c->path, sizeof c->path, "%s", path);
	snprintf(c->source, sizeof c->source, "%s", c->path);
	sign_md5_hex(c->path, strlen(c->path), md5);
	memcpy(c->pack, md5, 16);
	c->pack[16] = '\0';
	return 0;
}

struct sd_ingest *
sd_ingest_open(struct sd_store *s, const char *spec, char *err, size_t errlen)
{
	struct sd_ingest *c = xcalloc(1, sizeof *c);
	char *path = xstrdup(spec), *colon = strrchr(path, ':');
	const char *name = NULL;

	if (colon && colon[1] && strchr(colon, '/') == NULL) {
		*colon = '\0';
		name = colon + 1;
	} else if (colon && colon[1] == '\0') {
		*colon = '\0'; /* "FILE:": no name given (FILE may hold a colon) */
	}
	c->s = s;
	c->last = clk_wall();
	if ((c->src = sd_follow_open(path, err, errlen)) == NULL ||
	    sd_ingest_setup(c, path, name, err, errlen) != 0) {
		sd_follow_close(c->src);
		free(c);
		free(path);
		return NULL;
	}
	free(path);
	c->pg = pb_page_new();
	pb_add_group(c->pg, sd_ingest_topic(c->fmt), c->source, NULL);
	sb_init(&c->part, 0);
	sb_init(&c->pend, SD_INGEST_MAX_LINE);
	c->buf = xmalloc(SD_INGEST_CHUNK);
	return c;
}

/* Read until nothing more comes now (or the monotonic time until, when
 * not 0); bytes read in *got. */
static int
sd_ingest_drain(struct sd_ingest *c, int wait_first_ms, int wait_ms, int64_t until, int64_t *got,
    char *err, size_t errlen)
{
	ssize_t k = 0;

	*got = 0;
	while ((until == 0 || clk_mono_ms() < until) && !(c->stop && *c->stop) &&
	    (k = sd_follow_read(c->src, c->buf,
	    SD_INGEST_CHUNK, *got ? wait_ms : wait_first_ms, err, errlen)) > 0) {
		*got += k;
		if (sd_ingest_feed(c, c->buf, (size_t)k, err, errlen) != 0)
			return -1;
	}
	return k < 0 ? -1 : 0;
}

int64_t
sd_ingest_load(struct sd_ingest *c, int follow, char *err, size_t errlen)
{
	int64_t before = c->written, got;

	/* followed standard input: what comes within a second, then what
	 * follows without a 200 ms pause, for at most 3 s (a busy pipe, such as
	 * kubectl logs -f, never pauses); the follower reads the rest */
	int64_t until = follow && sd_follow_is_stdin(c->src) ? clk_mono_ms() + 3000 : 0;

	if (sd_ingest_drain(c, follow ? 1000 : -1, follow ? 200 : -1, until, &got, err,
	    errlen) != 0)
		return -1;
	if (sd_ingest_settle(c, !follow || !sd_follow_growing(c->src), err, errlen) != 0)
		return -1;
	if (c->loading) {
		sq_set_loading(sd_store_sq(c->s), c->ls.id, 0, 0);
		c->loading = 0;
	}
	return c->written - before;
}

int64_t
sd_ingest_poll(struct sd_ingest *c, char *err, size_t errlen)
{
	int64_t before = c->written, got;

	if (!sd_follow_growing(c->src))
		return 0;
	/* truncated or rewritten: the old partial line ends there */
	if (sd_follow_check_rewrite(c->src) && (c->off = 0, sd_ingest_settle(c, 1, err,
	    errlen)) != 0)
		return -1;
	/* at most a second of reading a busy source before what was read is
	 * stored and shown */
	if (sd_ingest_drain(c, 0, 0, clk_mono_ms() + 1000, &got, err, errlen) != 0)
		return -1;
	if (got == 0 && sd_follow_check_rotated(c->src)) {
		/* a new file under the name, the old one drained */
		c->off = 0;
		if (sd_ingest_settle(c, 1, err, errlen) != 0 ||
		    sd_ingest_drain(c, 0, 0, 0, &got, err, errlen) != 0)
			return -1;
	}
	if (sd_ingest_settle(c, !sd_follow_growing(c->src), err, errlen) != 0)
		return -1;
	return c->written - before;
}

/* The format and the first entry's time from the file's first lines,
 * nothing stored: the newest part is parsed with it, and the load from
 * the start begins sniffed (the same lines give the same format). */
static void
sd_ingest_sniff_head(struct sd_ingest *c, int fd)
{
	char *buf = xmalloc(SD_INGEST_CHUNK);
	ssize_t k = pread(fd, buf, SD_INGEST_CHUNK, 0);
	const char *p = buf, *end = buf + (k > 0 ? k : 0), *nl;
	struct pb_page *pg = pb_page_new();
	size_t i;

	while (c->ns < SD_INGEST_SAMPLE && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		size_t len = (size_t)(nl - p);

		while (len > 0 && p[len - 1] == '\r')
			len--;
		c->sample[c->ns] = xmalloc(len + 1);
		memcpy(c->sample[c->ns], p, len);
		c->sample[c->ns][len] = '\0';
		c->samplen[c->ns++] = len;
		p = nl + 1;
	}
	sd_ingest_sniff_decide(c);
	pb_add_group(pg, NULL, NULL, NULL);
	for (i = 0; i < c->ns && pg->nlogs == 0; i++)
		if (c->samplen[i] > 0 && sd_ingest_parse(c->fmt, c->sample[i], c->samplen[i],
		    c->last, pg) != 0)
			sd_ingest_parse(SD_FMT_PLAIN, c->sample[i], c->samplen[i], c->last, pg);
	if (pg->nlogs > 0)
		c->tmin = pg->logs[0].time;
	for (i = 0; i < c->ns; i++)
		free(c->sample[i]);
	c->ns = 0;
	pb_page_free(pg);
	free(buf);
}

/* Does the line at s start an entry (no continuation of the one before)? */
static int
sd_ingest_starts_entry(const struct sd_ingest *c, const char *s, size_t len)
{
	size_t used;

	if (c->fmt != SD_FMT_PLAIN || len == 0)
		return 1;
	if (s[0] == ' ' || s[0] == '\t')
		return 0;
	return !c->multi || sd_ingest_time(s, len, &used) >= 0;
}

/* The whole lines of [from, from + n) of fd, or NULL. */
static char *
sd_ingest_read_at(int fd, uint64_t from, size_t n, size_t *got)
{
	char *buf = xmalloc(n);
	size_t have = 0;

	while (have < n) {
		ssize_t k = pread(fd, buf + have, n - have, (off_t)(from + have));

		if (k <= 0)
			break;
		have += (size_t)k;
	}
	*got = have;
	return buf;
}

int
sd_ingest_load_newest(struct sd_ingest *c, size_t bytes, char *err, size_t errlen)
{
	struct stat st;
	int fd, rc;
	size_t got, plen = strlen(c->path);
	char *buf;
	const char *p, *end, *nl;
	time_t head, last = c->last;
	uint64_t from;

	if (sd_follow_is_stdin(c->src) || (plen > 3 && strcmp(c->path + plen - 3, ".gz") == 0) ||
	    (fd = open(c->path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size < 4 * (uint64_t)bytes) {
		close(fd);
		return 0;
	}
	sd_ingest_sniff_head(c, fd);
	from = (uint64_t)st.st_size - bytes;
	buf = sd_ingest_read_at(fd, from, bytes, &got);
	close(fd);
	p = memchr(buf, '\n', got);
	for (end = p ? buf + got - 1 : NULL; end && *end != '\n'; end--)
		;
	/* an entry's continuation lines at the start belong to the one before */
	for (p = p ? p + 1 : NULL; p && p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end + 1 - p));
		if (sd_ingest_starts_entry(c, p, (size_t)(nl - p)))
			break;
	}
	if (p == NULL || p >= end) {
		free(buf);
		return 0;
	}
	head = c->tmin;
	c->tmin = 0;
	rc = sd_ingest_feed_lines(c, p, (size_t)(end + 1 - p), err, errlen);
	if (rc == 0)
		rc = sd_ingest_settle(c, 0, err, errlen);
	c->skip_from = from + (uint64_t)(p - buf);
	c->skip_to = from + (uint64_t)(end + 1 - buf);
	free(buf);
	if (rc != 0)
		return -1;
	sq_set_loading(sd_store_sq(c->s), c->ls.id, 1, c->tmin);
	c->loading = 1;
	if (head > 0 && head < c->tmin)
		c->tmin = head;
	c->last = last;
	return 1;
}

void
sd_ingest_set_stop(struct sd_ingest *c, volatile sig_atomic_t *stop)
{
	c->stop = stop;
}

int
sd_ingest_active(const struct sd_ingest *c)
{
	return sd_follow_growing(c->src);
}

void
sd_ingest_span(const struct sd_ingest *c, time_t *from, time_t *to)
{
	*from = c->tmin;
	*to = c->tmax;
}

const char *
sd_ingest_logstore(const struct sd_ingest *c)
{
	return c->ls.name;
}

void
sd_ingest_close(struct sd_ingest *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->ns; i++)
		free(c->sample[i]);
	sd_follow_close(c->src);
	pb_page_free(c->pg);
	sb_free(&c->part);
	sb_free(&c->pend);
	free(c->buf);
	free(c);
}

int64_t
sd_ingest_file(struct sd_store *s, const char *spec, char *err, size_t errlen)
{
	struct sd_ingest *c = sd_ingest_open(s, spec, err, errlen);
	int64_t n;

	if (c == NULL)
		return -1;
	n = sd_ingest_load(c, 0, err, errlen);
	sd_ingest_close(c);
	return n;
}
