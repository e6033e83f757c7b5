/*
 * lfmt_fmt — JSON/Docker, CRI, logfmt and syslog lines (see lfmt_fmt.h).
 */
#include "proto/lfmt_fmt.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/sb.h"
#include "base/xalloc.h"
#include "proto/pb.h"
#include "proto/lfmt.h"

#define LFMT_FMT_PAIRS 256

static void
lfmt_fmt_field(struct pb_page *pg, const char *k, size_t klen, const char *v, size_t vlen)
{
	pb_add_field(pg, k, klen, v, vlen);
}

/* A whole string that is a time (its length used up), or -1. */
static time_t
lfmt_fmt_time_all(const char *s, size_t len)
{
	size_t used = 0;
	time_t t = len ? lfmt_time(s, len, &used) : -1;

	return t >= 0 && used == len ? t : -1;
}

/* ---- JSON and Docker ------------------------------------------------- */

char *
lfmt_fmt_json_mask(const char *p, size_t n, size_t *out_n)
{
	char *w;
	size_t i, o = 0, run = 0;

	for (i = 0; i + 6 <= n; i++)
		if (p[i] == '\\' && memcmp(p + i, "\\u0000", 6) == 0)
			break;
	if (i + 6 > n)
		return NULL;
	w = xmalloc(n + 1);
	for (i = 0; i < n; i++) {
		if (p[i] == '\\' && run % 2 == 0 && i + 6 <= n && memcmp(p + i, "\\u0000", 6) == 0) {
			w[o++] = (char)0xC0;
			w[o++] = (char)0x80;
			i += 5;
			run = 0;
			continue;
		}
		run = p[i] == '\\' ? run + 1 : 0;
		w[o++] = p[i];
	}
	w[o] = '\0';
	*out_n = o;
	return w;
}

/* A field whose key and value may hold masked NULs: C0 80 back to a NUL
 * (json: to the \u0000 escape, in a value printed as JSON). */
static void
lfmt_fmt_field_masked(struct pb_page *pg, const char *k, const char *v, size_t vl, int json)
{
	const char *in[2] = { k, v };
	size_t inl[2] = { strlen(k), vl }, i, j;
	struct sb b[2];

	if (memchr(k, 0xC0, inl[0]) == NULL && memchr(v, 0xC0, vl) == NULL) {
		lfmt_fmt_field(pg, k, inl[0], v, vl);
		return;
	}
	for (j = 0; j < 2; j++) {
		int bad = 0;

		sb_init(&b[j], 0);
		for (i = 0; i < inl[j] && !bad; i++) {
			if ((unsigned char)in[j][i] == 0xC0 && i + 1 < inl[j] &&
			    (unsigned char)in[j][i + 1] == 0x80) {
				bad = json && j == 1 ? sb_adds(&b[j], "\\u0000") : sb_addc(&b[j], '\0');
				i++;
			} else {
				bad = sb_addc(&b[j], in[j][i]);
			}
		}
	}
	lfmt_fmt_field(pg, b[0].p ? b[0].p : "", b[0].len, b[1].p ? b[1].p : "", b[1].len);
	sb_free(&b[0]);
	sb_free(&b[1]);
}

/* The nanoseconds of an ISO time's fraction ("...:05.123456789Z"), or -1. */
static long
lfmt_fmt_ns(const char *s, size_t len)
{
	size_t i = 19, k;
	long ns = 0;

	if (len < 21 || s[13] != ':' || s[16] != ':' || (s[19] != '.' && s[19] != ','))
		return -1;
	for (i = 20, k = 0; i < len && isdigit((unsigned char)s[i]); i++, k++)
		if (k < 9)
			ns = ns * 10 + (s[i] - '0');
	if (k == 0)
		return -1;
	for (; k < 9; k++)
		ns *= 10;
	return ns;
}

static time_t
lfmt_fmt_json_time(const cJSON *o, time_t fallback, long *ns)
{
	static const char *const tkeys[] = { "time", "timestamp", "@timestamp", "ts", NULL };
	int i;

	for (i = 0; tkeys[i]; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, tkeys[i]);
		size_t used;
		time_t x;

		if (cJSON_IsString(v) && (x = lfmt_time(v->valuestring,
		    strlen(v->valuestring), &used)) >= 0) {
			if (ns)
				*ns = lfmt_fmt_ns(v->valuestring, used);
			return x;
		}
		if (cJSON_IsNumber(v) && v->valuedouble > 1e9 && v->valuedouble < 1e13)
			return (time_t)(v->valuedouble > 1e11 ? v->valuedouble / 1000 : v->valuedouble);
	}
	return fallback;
}

/* o's members as fields, but those named in skip (may be NULL) and key
 * "log" of a Docker line, whose text is added stripped by the caller. */
static void
lfmt_fmt_json_fields(const cJSON *o, const cJSON *skip, int docker, struct pb_page *pg)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, o) {
		char *txt;
		const char *v;

		if ((docker && strcmp(it->string, "log") == 0) ||
		    (skip && cJSON_GetObjectItemCaseSensitive(skip, it->string)))
			continue;
		txt = cJSON_IsString(it) ? NULL : cJSON_PrintUnformatted(it);
		v = txt ? txt : it->valuestring;
		if (v)
			lfmt_fmt_field_masked(pg, it->string, v, strlen(v), txt != NULL);
		free(txt);
	}
}

static int
lfmt_fmt_is_docker(const cJSON *o)
{
	return cJSON_IsString(cJSON_GetObjectItemCaseSensitive(o, "log")) &&
	    (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(o, "stream")) ||
		cJSON_IsString(cJSON_GetObjectItemCaseSensitive(o, "time")));
}

/* The object of a JSON message (e.g. a Docker log's), or NULL. */
static cJSON *
lfmt_fmt_inner(const char *m, size_t ml)
{
	cJSON *in;

	if (ml == 0 || m[0] != '{' || (in = cJSON_ParseWithLength(m, ml)) == NULL)
		return NULL;
	if (!cJSON_IsObject(in)) {
		cJSON_Delete(in);
		return NULL;
	}
	return in;
}

/* A Docker line of object o: its log stripped, its fields, log's. */
static void
lfmt_fmt_docker(cJSON *o, time_t t, long ns, time_t fallback, struct pb_page *pg)
{
	const char *lg = cJSON_GetObjectItemCaseSensitive(o, "log")->valuestring;
	size_t ll = strlen(lg);
	cJSON *in;

	while (ll > 0 && (lg[ll - 1] == '\n' || lg[ll - 1] == '\r'))
		ll--;
	in = lfmt_fmt_inner(lg, ll);
	if (in && t == fallback)
		t = lfmt_fmt_json_time(in, fallback, &ns);
	pb_add_log(pg, (uint32_t)t, ns >= 0, ns >= 0 ? (uint32_t)ns : 0);
	lfmt_fmt_field_masked(pg, "log", lg, ll, 0);
	lfmt_fmt_json_fields(o, NULL, 1, pg);
	if (in) {
		lfmt_fmt_json_fields(in, o, 0, pg);
		cJSON_Delete(in);
	}
}

int
lfmt_fmt_json(const char *s, size_t len, time_t fallback, struct pb_page *pg, int *docker)
{
	size_t ml = 0;
	char *masked = lfmt_fmt_json_mask(s, len, &ml);
	cJSON *o = masked ? cJSON_ParseWithLength(masked, ml) : cJSON_ParseWithLength(s, len);
	int dk;
	long ns = -1;
	time_t t;

	free(masked);
	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		return -1;
	}
	dk = lfmt_fmt_is_docker(o);
	if (docker)
		*docker = dk;
	t = lfmt_fmt_json_time(o, fallback, &ns);
	if (dk) {
		lfmt_fmt_docker(o, t, ns, fallback, pg);
	} else {
		pb_add_log(pg, (uint32_t)t, ns >= 0, ns >= 0 ? (uint32_t)ns : 0);
		lfmt_fmt_json_fields(o, NULL, 0, pg);
	}
	cJSON_Delete(o);
	return 0;
}

/* ---- Kubernetes CRI ----------------------------------------------------- */

int
lfmt_fmt_cri_split(const char *s, size_t len, struct lfmt_fmt_cri *c)
{
	const char *p = s, *end = s + len, *q;
	size_t used;

	memset(c, 0, sizeof *c);
	if ((c->t = lfmt_time(s, len, &used)) < 0 || used < 20 || used >= len || s[used] != ' ' ||
	    (s[used - 1] != 'Z' && s[used - 1] != 'z' && !isdigit((unsigned char)s[used - 1])))
		return -1;
	c->ns = lfmt_fmt_ns(s, used);
	c->tlen = used;
	p = s + used + 1;
	for (q = p; q < end && *q != ' '; q++)
		;
	if (q >= end || !((q - p == 6 && (memcmp(p, "stdout", 6) == 0 ||
	    memcmp(p, "stderr", 6) == 0))))
		return -1;
	c->stream = p;
	c->streaml = (size_t)(q - p);
	p = q + 1;
	for (q = p; q < end && *q != ' '; q++)
		;
	/* the tag: F (full) or P (partial), maybe more after a ':' */
	if (q == p || (*p != 'F' && *p != 'P') || (q - p > 1 && p[1] != ':'))
		return -1;
	c->partial = *p == 'P';
	c->msg = q < end ? q + 1 : q;
	c->msgl = (size_t)(end - c->msg);
	return 0;
}

int
lfmt_fmt_cri(const char *s, size_t len, time_t fallback, struct pb_page *pg)
{
	struct lfmt_fmt_cri c;
	cJSON *in;
	size_t ml = 0;
	char *masked;

	(void)fallback;
	if (lfmt_fmt_cri_split(s, len, &c) != 0)
		return -1;
	pb_add_log(pg, (uint32_t)c.t, c.ns >= 0, c.ns >= 0 ? (uint32_t)c.ns : 0);
	lfmt_fmt_field(pg, "time", 4, s, c.tlen);
	lfmt_fmt_field(pg, "stream", 6, c.stream, c.streaml);
	lfmt_fmt_field(pg, "content", 7, c.msg, c.msgl);
	masked = c.msgl && c.msg[0] == '{' ? lfmt_fmt_json_mask(c.msg, c.msgl, &ml) : NULL;
	in = masked ? lfmt_fmt_inner(masked, ml) : lfmt_fmt_inner(c.msg, c.msgl);
	free(masked);
	if (in) {
		static const char *const own[] = { "time", "stream", "content" };
		size_t i;

		for (i = 0; i < 3; i++)
			cJSON_DeleteItemFromObjectCaseSensitive(in, own[i]);
		lfmt_fmt_json_fields(in, NULL, 0, pg);
		cJSON_Delete(in);
	}
	return 0;
}

/* ---- logfmt ------------------------------------------------------------ */

struct lfmt_fmt_pair {
	const char *k, *v;
	size_t klen, vlen;
	int quoted;
};

/* One key=value at *p; 0 with the pair, -1 when it is not one. */
static int
lfmt_fmt_pair(const char **p, const char *end, struct lfmt_fmt_pair *pr)
{
	const char *q = *p;

	pr->k = q;
	while (q < end && *q != '=' && *q != ' ' && *q != '"' && (unsigned char)*q > ' ')
		q++;
	if (q == pr->k || q >= end || *q != '=')
		return -1;
	pr->klen = (size_t)(q - pr->k);
	q++;
	pr->quoted = q < end && *q == '"';
	if (pr->quoted) {
		pr->v = ++q;
		for (; q < end && *q != '"'; q++)
			if (*q == '\\' && q + 1 < end)
				q++;
		if (q >= end)
			return -1;
		pr->vlen = (size_t)(q - pr->v);
		q++;
		if (q < end && *q != ' ' && *q != ']') /* ']' ends an SD element */
			return -1;
	} else {
		pr->v = q;
		while (q < end && *q != ' ' && *q != '"')
			q++;
		if (q < end && *q == '"')
			return -1;
		pr->vlen = (size_t)(q - pr->v);
	}
	*p = q;
	return 0;
}

/* A quoted value with \" \\ \n \t unescaped. */
static void
lfmt_fmt_unescape(struct sb *b, const char *v, size_t vlen)
{
	size_t i;

	sb_reset(b);
	for (i = 0; i < vlen; i++) {
		char c = v[i];

		if (c == '\\' && i + 1 < vlen) {
			c = v[++i];
			c = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c;
		}
		if (sb_addc(b, c) != 0)
			return;
	}
}

static int
lfmt_fmt_logfmt_time(const struct lfmt_fmt_pair *pr, time_t *t)
{
	static const char *const tkeys[] = { "time", "ts", "timestamp", "t", "@timestamp", NULL };
	int i;
	time_t x;

	for (i = 0; tkeys[i]; i++)
		if (pr->klen == strlen(tkeys[i]) && memcmp(pr->k, tkeys[i], pr->klen) == 0 &&
		    (x = lfmt_fmt_time_all(pr->v, pr->vlen)) >= 0) {
			*t = x;
			return 1;
		}
	return 0;
}

int
lfmt_fmt_logfmt(const char *s, size_t len, time_t fallback, struct pb_page *pg)
{
	struct lfmt_fmt_pair *pr = malloc(LFMT_FMT_PAIRS * sizeof *pr);
	const char *p = s, *end = s + len;
	size_t n = 0, used, i;
	time_t t = -1, lead = lfmt_time(s, len, &used);
	int timed = 0;
	struct sb b;

	if (pr == NULL)
		return -1;
	if (lead >= 0 && used < len && s[used] == ' ')
		p = s + used; /* "2024-01-01T00:00:00Z level=info msg=..." */
	else
		lead = -1;
	for (;;) {
		while (p < end && *p == ' ')
			p++;
		if (p >= end || n == LFMT_FMT_PAIRS || lfmt_fmt_pair(&p, end, &pr[n]) != 0)
			break;
		if (!timed)
			timed = lfmt_fmt_logfmt_time(&pr[n], &t);
		n++;
	}
	if (p < end || n < 2) {
		free(pr);
		return -1;
	}
	pb_add_log(pg, (uint32_t)(lead >= 0 ? lead : timed ? t : fallback), 0, 0);
	sb_init(&b, 0);
	for (i = 0; i < n; i++) {
		if (pr[i].quoted && memchr(pr[i].v, '\\', pr[i].vlen)) {
			lfmt_fmt_unescape(&b, pr[i].v, pr[i].vlen);
			lfmt_fmt_field(pg, pr[i].k, pr[i].klen, b.p ? b.p : "", b.len);
		} else {
			lfmt_fmt_field(pg, pr[i].k, pr[i].klen, pr[i].v, pr[i].vlen);
		}
	}
	sb_free(&b);
	free(pr);
	return 0;
}

/* ---- syslog ------------------------------------------------------------ */

struct lfmt_fmt_sys {
	int pri;                   /* -1: none */
	time_t t;
	const char *host, *app, *pid, *msgid, *sd, *msg;
	size_t hostl, appl, pidl, msgidl, sdl, msgl;
};

/* The next token up to a space (at least one byte). */
static int
lfmt_fmt_tok(const char **p, const char *end, const char **v, size_t *vl)
{
	const char *q = *p;

	while (q < end && *q != ' ')
		q++;
	if (q == *p)
		return -1;
	*v = *p;
	*vl = (size_t)(q - *p);
	*p = q < end ? q + 1 : q;
	return 0;
}

/* "<N>" with N 0..191. */
static int
lfmt_fmt_pri(const char **p, const char *end)
{
	const char *q = *p + 1;
	int v = 0, n = 0;

	if (*p >= end || **p != '<')
		return -1;
	while (q < end && isdigit((unsigned char)*q) && n < 3) {
		v = v * 10 + (*q++ - '0');
		n++;
	}
	if (n == 0 || q >= end || *q != '>' || v > 191)
		return -2;
	*p = q + 1;
	return v;
}

/* RFC 5424 STRUCTURED-DATA: "-" or [id k="v"...]... */
static int
lfmt_fmt_sd(const char **p, const char *end, struct lfmt_fmt_sys *y)
{
	const char *q = *p;

	if (q < end && *q == '-') {
		*p = q + 1 < end ? q + 2 : q + 1;
		return (q + 1 < end && q[1] != ' ') ? -1 : 0;
	}
	y->sd = q;
	while (q < end && *q == '[') {
		int inq = 0;

		for (q++; q < end && (inq || *q != ']'); q++) {
			if (*q == '\\' && inq && q + 1 < end)
				q++;
			else if (*q == '"')
				inq = !inq;
		}
		if (q >= end)
			return -1;
		q++;
	}
	if (q == y->sd || (q < end && *q != ' '))
		return -1;
	y->sdl = (size_t)(q - y->sd);
	*p = q < end ? q + 1 : q;
	return 0;
}

static int
lfmt_fmt_5424(const char *p, const char *end, struct lfmt_fmt_sys *y)
{
	const char *ts;
	size_t tsl;

	if (lfmt_fmt_tok(&p, end, &ts, &tsl) != 0)
		return -1;
	y->t = tsl == 1 && ts[0] == '-' ? -1 : lfmt_fmt_time_all(ts, tsl);
	if ((y->t < 0 && !(tsl == 1 && ts[0] == '-')) ||
	    lfmt_fmt_tok(&p, end, &y->host, &y->hostl) != 0 ||
	    lfmt_fmt_tok(&p, end, &y->app, &y->appl) != 0 ||
	    lfmt_fmt_tok(&p, end, &y->pid, &y->pidl) != 0 ||
	    lfmt_fmt_tok(&p, end, &y->msgid, &y->msgidl) != 0 ||
	    lfmt_fmt_sd(&p, end, y) != 0)
		return -1;
	if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3; /* the BOM before a UTF-8 MSG */
	y->msg = p;
	y->msgl = (size_t)(end - p);
	return 0;
}

static int
lfmt_fmt_3164(const char *p, const char *end, struct lfmt_fmt_sys *y)
{
	size_t used;
	const char *q;

	if ((y->t = lfmt_time(p, (size_t)(end - p), &used)) < 0 || used < 15 ||
	    p + used >= end || p[used] != ' ')
		return -1;
	p += used + 1;
	if (lfmt_fmt_tok(&p, end, &y->host, &y->hostl) != 0)
		return -1;
	for (q = p; q < end && (isalnum((unsigned char)*q) || strchr("_-./@", *q)); q++)
		;
	y->app = p;
	y->appl = (size_t)(q - p);
	if (y->appl == 0 || q >= end)
		return -1;
	if (*q == '[') {
		y->pid = ++q;
		while (q < end && isdigit((unsigned char)*q))
			q++;
		y->pidl = (size_t)(q - y->pid);
		if (y->pidl == 0 || q >= end || *q != ']')
			return -1;
		q++;
	}
	if (q >= end || *q != ':')
		return -1;
	q++;
	if (q < end && *q == ' ')
		q++;
	y->msg = q;
	y->msgl = (size_t)(end - q);
	return 0;
}

/* Each SD parameter (k="v") as a field. */
static void
lfmt_fmt_sd_params(const struct lfmt_fmt_sys *y, struct pb_page *pg)
{
	const char *p = y->sd, *end = y->sd + y->sdl;
	struct sb b;

	sb_init(&b, 0);
	while (p < end) {
		struct lfmt_fmt_pair pr;

		while (p < end && (*p == ' ' || *p == ']'))
			p++;
		if (p < end && *p == '[') { /* the SD-ID */
			while (p < end && *p != ' ' && *p != ']')
				p++;
			continue;
		}
		if (p >= end || lfmt_fmt_pair(&p, end, &pr) != 0 || !pr.quoted)
			break;
		lfmt_fmt_unescape(&b, pr.v, pr.vlen);
		lfmt_fmt_field(pg, pr.k, pr.klen, b.p ? b.p : "", b.len);
	}
	sb_free(&b);
}

static void
lfmt_fmt_opt(struct pb_page *pg, const char *k, const char *v, size_t vl)
{
	if (v && vl > 0 && !(vl == 1 && v[0] == '-'))
		lfmt_fmt_field(pg, k, strlen(k), v, vl);
}

int
lfmt_fmt_syslog(const char *s, size_t len, time_t fallback, struct pb_page *pg)
{
	struct lfmt_fmt_sys y;
	const char *p = s, *end = s + len;
	char num[16];
	int rc;

	memset(&y, 0, sizeof y);
	y.pri = lfmt_fmt_pri(&p, end);
	if (y.pri == -2)
		return -1;
	if (y.pri >= 0 && end - p >= 2 && p[0] >= '1' && p[0] <= '9' && p[1] == ' ')
		rc = lfmt_fmt_5424(p + 2, end, &y);
	else
		rc = lfmt_fmt_3164(p, end, &y);
	if (rc != 0)
		return -1;
	pb_add_log(pg, (uint32_t)(y.t >= 0 ? y.t : fallback), 0, 0);
	if (y.pri >= 0) {
		snprintf(num, sizeof num, "%d", y.pri / 8);
		lfmt_fmt_field(pg, "facility", 8, num, strlen(num));
		snprintf(num, sizeof num, "%d", y.pri % 8);
		lfmt_fmt_field(pg, "severity", 8, num, strlen(num));
	}
	lfmt_fmt_opt(pg, "host", y.host, y.hostl);
	lfmt_fmt_opt(pg, "app", y.app, y.appl);
	lfmt_fmt_opt(pg, "pid", y.pid, y.pidl);
	lfmt_fmt_opt(pg, "msgid", y.msgid, y.msgidl);
	if (y.sd) {
		lfmt_fmt_field(pg, "structured_data", 15, y.sd, y.sdl);
		lfmt_fmt_sd_params(&y, pg);
	}
	lfmt_fmt_field(pg, "message", 7, y.msg, y.msgl);
	return 0;
}
