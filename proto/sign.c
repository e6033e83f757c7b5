/*
 * sign — SLS v1 and v4 request signatures (see sign.h, spec §3).
 *
 * Both the client and slsd use this file, so a bug here would be invisible
 * in client-against-server tests: tests/unit/test_proto_sign.c holds every
 * test vector of the spec, taken from the official SDKs' own tests.
 */
#include "proto/sign.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "base/b64.h"
#include "base/date.h"
#include "base/sb.h"
#include "base/xalloc.h"

const char *
sign_kv_get(const struct sign_kv *kv, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcasecmp(kv[i].key, name) == 0)
			return kv[i].value;
	return NULL;
}

static const char *
sign_header(const struct sign_req *r, const char *name)
{
	return sign_kv_get(r->headers, r->nheaders, name);
}

/* Trimmed view of s: leading/trailing spaces and tabs removed. */
static void
sign_trim(const char *s, const char **start, size_t *len)
{
	size_t n = strlen(s);

	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	*start = s;
	*len = n;
}

struct sign_hdr {
	char *name; /* lower-cased, owned */
	const char *value;
};

static int
sign_hdr_cmp(const void *a, const void *b)
{
	return strcmp(((const struct sign_hdr *)a)->name, ((const struct sign_hdr *)b)->name);
}

static char *
sign_lower(const char *s)
{
	char *p = xstrdup(s), *q;

	for (q = p; *q; q++)
		*q = (char)tolower((unsigned char)*q);
	return p;
}

/* The headers a version signs, lower-cased and sorted. Caller frees names
 * and the array. */
static struct sign_hdr *
sign_collect(const struct sign_req *r, int v4, size_t *n)
{
	struct sign_hdr *h = xcalloc(r->nheaders + 1, sizeof *h);
	size_t i, k = 0;

	for (i = 0; i < r->nheaders; i++) {
		char *name = sign_lower(r->headers[i].key);
		int take;

		if (strncmp(name, "x-log-meta-", 11) == 0)
			take = 0;
		else if (strncmp(name, "x-log-", 6) == 0 || strncmp(name, "x-acs-", 6) == 0)
			take = 1;
		else
			take = v4 && (strcmp(name, "host") == 0 || strcmp(name, "content-type") == 0);
		if (!v4 && strcmp(name, "x-log-date") == 0)
			take = 0; /* PY adds it after signing */
		if (!take) {
			free(name);
			continue;
		}
		h[k].name = name;
		h[k].value = r->headers[i].value;
		k++;
	}
	qsort(h, k, sizeof *h, sign_hdr_cmp);
	*n = k;
	return h;
}

static void
sign_free_hdrs(struct sign_hdr *h, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(h[i].name);
	free(h);
}

static int
sign_kv_cmp(const void *a, const void *b)
{
	return strcmp(((const struct sign_kv *)a)->key, ((const struct sign_kv *)b)->key);
}

/* Query pairs sorted by key (stable for equal keys by value). */
static struct sign_kv *
sign_sorted_query(const struct sign_req *r)
{
	struct sign_kv *q = xcalloc(r->nquery + 1, sizeof *q);

	if (r->nquery)
		memcpy(q, r->query, r->nquery * sizeof *q);
	qsort(q, r->nquery, sizeof *q, sign_kv_cmp);
	return q;
}

int
sign_v1_string(const struct sign_req *r, struct sb *out)
{
	const char *md5 = sign_header(r, "content-md5");
	const char *ctype = sign_header(r, "content-type");
	const char *date = sign_header(r, "date");
	struct sign_hdr *h;
	struct sign_kv *q;
	size_t nh, i;
	int rc = 0;

	if (date == NULL)
		date = sign_header(r, "x-log-date");
	rc |= sb_addf(out, "%s\n%s\n%s\n%s\n", r->method, md5 ? md5 : "", ctype ? ctype : "",
	    date ? date : "");
	h = sign_collect(r, 0, &nh);
	for (i = 0; i < nh; i++) {
		const char *v;
		size_t vl;

		sign_trim(h[i].value, &v, &vl);
		rc |= sb_addf(out, "%s:%.*s\n", h[i].name, (int)vl, v);
	}
	sign_free_hdrs(h, nh);
	rc |= sb_adds(out, r->path);
	q = sign_sorted_query(r);
	for (i = 0; i < r->nquery; i++)
		rc |= sb_addf(out, "%c%s=%s", i == 0 ? '?' : '&', q[i].key, q[i].value);
	free(q);
	return rc ? -1 : 0;
}

static void
sign_hmac(const EVP_MD *md, const void *key, size_t klen, const void *msg, size_t mlen,
    unsigned char *out, unsigned *outlen)
{
	HMAC(md, key, (int)klen, msg, mlen, out, outlen);
}

int
sign_v1(const struct sign_req *r, const char *ak_id, const char *ak_secret, char *out,
    size_t outlen)
{
	struct sb s;
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned maclen = 0;
	char b64[64];
	int n;

	sb_init(&s, 0);
	if (sign_v1_string(r, &s) != 0) {
		sb_free(&s);
		return -1;
	}
	sign_hmac(EVP_sha1(), ak_secret, strlen(ak_secret), sb_str(&s), s.len, mac, &maclen);
	sb_free(&s);
	b64_encode(mac, maclen, b64, sizeof b64);
	n = snprintf(out, outlen, "LOG %s:%s", ak_id, b64);
	return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

int
sign_uri_encode(struct sb *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
			if (sb_addc(out, (char)c) != 0)
				return -1;
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };

			if (sb_add(out, e, 3) != 0)
				return -1;
		}
	}
	return 0;
}

int
sign_v4_canonical(const struct sign_req *r, struct sb *out)
{
	const char *payload = sign_header(r, "x-log-content-sha256");
	struct sign_hdr *h;
	struct sign_kv *q;
	size_t nh, i;
	int rc = 0;

	rc |= sb_addf(out, "%s\n%s\n", r->method, r->path);
	q = sign_sorted_query(r);
	for (i = 0; i < r->nquery; i++) {
		struct sb enc;

		sb_init(&enc, 0);
		rc |= sign_uri_encode(&enc, q[i].value, strlen(q[i].value));
		if (i > 0)
			rc |= sb_addc(out, '&');
		rc |= sb_adds(out, q[i].key);
		if (enc.len > 0)
			rc |= sb_addf(out, "=%s", sb_str(&enc));
		sb_free(&enc);
	}
	free(q);
	rc |= sb_addc(out, '\n');
	h = sign_collect(r, 1, &nh);
	for (i = 0; i < nh; i++) {
		const char *v;
		size_t vl;

		sign_trim(h[i].value, &v, &vl);
		rc |= sb_addf(out, "%s:%.*s\n", h[i].name, (int)vl, v);
	}
	rc |= sb_addc(out, '\n');
	for (i = 0; i < nh; i++)
		rc |= sb_addf(out, "%s%s", i ? ";" : "", h[i].name);
	sign_free_hdrs(h, nh);
	rc |= sb_addf(out, "\n%s", payload ? payload : "");
	return rc ? -1 : 0;
}

static void
sign_hex(const unsigned char *p, size_t n, char *out, int upper)
{
	const char *hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[p[i] >> 4];
		out[2 * i + 1] = hex[p[i] & 15];
	}
	out[2 * n] = '\0';
}

int
sign_v4(const struct sign_req *r, const char *ak_id, const char *ak_secret,
    const char *region, char *out, size_t outlen)
{
	const char *date = sign_header(r, "x-log-date");
	char day[9], hash[65], sig[65], *key0;
	unsigned char k[EVP_MAX_MD_SIZE];
	unsigned klen = 0;
	struct sb s;
	int n;

	if (date == NULL || strlen(date) < 8)
		return -1;
	memcpy(day, date, 8);
	day[8] = '\0';
	sb_init(&s, 0);
	if (sign_v4_canonical(r, &s) != 0) {
		sb_free(&s);
		return -1;
	}
	sign_sha256_hex(sb_str(&s), s.len, hash);
	sb_reset(&s);
	if (sb_addf(&s, "SLS4-HMAC-SHA256\n%s\n%s/%s/sls/aliyun_v4_request\n%s", date, day,
	    region, hash) != 0) {
		sb_free(&s);
		return -1;
	}
	key0 = xasprintf("aliyun_v4%s", ak_secret);
	sign_hmac(EVP_sha256(), key0, strlen(key0), day, 8, k, &klen);
	free(key0);
	sign_hmac(EVP_sha256(), k, klen, region, strlen(region), k, &klen);
	sign_hmac(EVP_sha256(), k, klen, "sls", 3, k, &klen);
	sign_hmac(EVP_sha256(), k, klen, "aliyun_v4_request", 17, k, &klen);
	sign_hmac(EVP_sha256(), k, klen, sb_str(&s), s.len, k, &klen);
	sb_free(&s);
	sign_hex(k, klen, sig, 0);
	n = snprintf(out, outlen,
	    "SLS4-HMAC-SHA256 Credential=%s/%s/%s/sls/aliyun_v4_request,Signature=%s", ak_id, day,
	    region, sig);
	return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

/* Copy [s, s+n) into dst of size cap; -1 if it does not fit. */
static int
sign_copy(char *dst, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		return -1;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

static int
sign_parse_v4(const char *p, struct sign_auth *out)
{
	const char *cred = strstr(p, "Credential="), *sig = strstr(p, "Signature=");
	const char *end, *parts[5];
	size_t plen[5];
	int i;

	if (cred == NULL || sig == NULL)
		return -1;
	cred += 11;
	end = strchr(cred, ',');
	if (end == NULL)
		end = cred + strlen(cred);
	/* id/date/region/sls/aliyun_v4_request; the id itself has no '/' */
	for (i = 0; i < 5; i++) {
		const char *slash = memchr(cred, '/', (size_t)(end - cred));

		parts[i] = cred;
		plen[i] = (size_t)((slash && i < 4 ? slash : end) - cred);
		if (i < 4 && slash == NULL)
			return -1;
		cred = parts[i] + plen[i] + 1;
	}
	if (plen[3] != 3 || memcmp(parts[3], "sls", 3) != 0 || plen[4] != 17 ||
	    memcmp(parts[4], "aliyun_v4_request", 17) != 0 || plen[1] != 8)
		return -1;
	sig += 10;
	out->version = 4;
	if (sign_copy(out->ak_id, sizeof out->ak_id, parts[0], plen[0]) ||
	    sign_copy(out->date, sizeof out->date, parts[1], plen[1]) ||
	    sign_copy(out->region, sizeof out->region, parts[2], plen[2]) ||
	    sign_copy(out->signature, sizeof out->signature, sig, strcspn(sig, ", ")))
		return -1;
	return out->ak_id[0] && out->signature[0] ? 0 : -1;
}

int
sign_parse_auth(const char *value, struct sign_auth *out)
{
	const char *colon;

	memset(out, 0, sizeof *out);
	if (value == NULL)
		return -1;
	while (*value == ' ')
		value++;
	if (strncmp(value, "LOG ", 4) == 0) {
		value += 4;
		colon = strrchr(value, ':');
		if (colon == NULL || colon == value || colon[1] == '\0')
			return -1;
		out->version = 1;
		return sign_copy(out->ak_id, sizeof out->ak_id, value, (size_t)(colon - value)) ||
		    sign_copy(out->signature, sizeof out->signature, colon + 1, strlen(colon + 1));
	}
	if (strncmp(value, "SLS4-HMAC-SHA256 ", 17) == 0)
		return sign_parse_v4(value + 17, out);
	return -1;
}

void
sign_md5_hex(const void *p, size_t n, char out[33])
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned dl = 0;

	EVP_Digest(p, n, d, &dl, EVP_md5(), NULL);
	sign_hex(d, dl, out, 1);
}

void
sign_sha256_hex(const void *p, size_t n, char out[65])
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned dl = 0;

	EVP_Digest(p, n, d, &dl, EVP_sha256(), NULL);
	sign_hex(d, dl, out, 0);
}

static const char *const sign_days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
static const char *const sign_months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
	"Aug", "Sep", "Oct", "Nov", "Dec" };

void
sign_date_rfc1123(time_t t, char out[32])
{
	struct tm tm;

	char buf[96];

	gmtime_r(&t, &tm);
	snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", sign_days[tm.tm_wday],
	    tm.tm_mday, sign_months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
	    tm.tm_sec);
	memcpy(out, buf, 31);
	out[31] = '\0';
}

void
sign_date_iso8601(time_t t, char out[17])
{
	struct tm tm;

	char buf[96];

	gmtime_r(&t, &tm);
	snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02dZ", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	memcpy(out, buf, 16);
	out[16] = '\0';
}

time_t
sign_parse_date(const char *s)
{
	char wd[4], mon[4], zone[4];
	int d, y, h, mi, sec, m, n = 0;

	if (s == NULL)
		return -1;
	if (strlen(s) == 16 && s[8] == 'T' && s[15] == 'Z' &&
	    sscanf(s, "%4d%2d%2dT%2d%2d%2dZ%n", &y, &m, &d, &h, &mi, &sec, &n) == 6 && n == 16)
		return date_make(y, m, d, h, mi, sec, DATE_UTC, 0);
	if (sscanf(s, "%3s, %d %3s %d %d:%d:%d %3s%n", wd, &d, mon, &y, &h, &mi, &sec, zone,
	    &n) != 8 || s[n] != '\0' || strcmp(zone, "GMT") != 0)
		return -1;
	for (m = 0; m < 12; m++)
		if (strcmp(mon, sign_months[m]) == 0)
			return date_make(y, m + 1, d, h, mi, sec, DATE_UTC, 0);
	return -1;
}

int
sign_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i;
	unsigned char diff = la != lb;

	for (i = 0; i < la && i < lb; i++)
		diff |= (unsigned char)(a[i] ^ b[i]);
	return diff == 0;
}
