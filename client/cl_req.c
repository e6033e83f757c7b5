/*
 * cl_req — one attempt of a request as a curl transfer: the URL, the
 * signed headers (v1 or v4 through proto/sign), the curl options, and the
 * callbacks that collect the reply's headers and body (see cl_int.h).
 * A retry builds the transfer again: a fresh Date and signature.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "base/clk.h"
#include "base/log.h"
#include "base/sb.h"
#include "client/cl_int.h"
#include "proto/sign.h"

static size_t
cl_req_on_body(char *p, size_t sz, size_t n, void *ud)
{
	struct cl_req *r = ud;

	if (sb_add(&r->rs.body, p, sz * n) != 0) {
		r->too_large = 1;
		return 0;
	}
	return sz * n;
}

/* The value of a header line p[0..n) whose name ends at p[colon]: *value
 * points past the blanks after the colon; returns its length up to CR/LF. */
static size_t
cl_req_hdr_value(const char *p, size_t n, size_t colon, const char **value)
{
	size_t v;

	p += colon + 1;
	n -= colon + 1;
	while (n && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	for (v = 0; v < n && p[v] != '\r' && p[v] != '\n'; v++)
		;
	*value = p;
	return v;
}

/* Copy header value into dst when the line is "name: value". */
static void
cl_req_hdr_take(const char *p, size_t n, const char *name, char *dst, size_t dstlen)
{
	size_t k = strlen(name), v;
	const char *val;

	if (n <= k + 1 || strncasecmp(p, name, k) != 0 || p[k] != ':')
		return;
	v = cl_req_hdr_value(p, n, k, &val);
	snprintf(dst, dstlen, "%.*s", (int)v, val);
}

/* Keep an x-log-* header line as "name\0value\0" (name lower-cased). */
static void
cl_req_hdr_keep(struct sb *xh, const char *p, size_t n)
{
	size_t k, v;
	char name[128];

	if (n < 7 || strncasecmp(p, "x-log-", 6) != 0)
		return;
	for (k = 0; k < n && p[k] != ':' && k < sizeof name - 1; k++)
		name[k] = (char)tolower((unsigned char)p[k]);
	if (k == n || p[k] != ':')
		return;
	name[k] = '\0';
	v = cl_req_hdr_value(p, n, k, &p);
	if (sb_add(xh, name, k + 1) != 0 || sb_add(xh, p, v) != 0 || sb_add(xh, "", 1) != 0)
		return; /* over the cap: later headers are dropped */
}

static size_t
cl_req_on_header(char *p, size_t sz, size_t n, void *ud)
{
	struct cl_req *r = ud;
	size_t len = sz * n;

	cl_req_hdr_take(p, len, "x-log-requestid", r->requestid, sizeof r->requestid);
	cl_req_hdr_take(p, len, "x-log-cursor", r->rs.cursor, sizeof r->rs.cursor);
	cl_req_hdr_take(p, len, "x-log-count", r->rs.count, sizeof r->rs.count);
	cl_req_hdr_take(p, len, "x-log-bodyrawsize", r->rs.bodyrawsize, sizeof r->rs.bodyrawsize);
	cl_req_hdr_take(p, len, "x-log-compresstype", r->rs.compresstype, sizeof r->rs.compresstype);
	cl_req_hdr_take(p, len, "x-log-progress", r->rs.progress, sizeof r->rs.progress);
	cl_req_hdr_take(p, len, "x-log-nexttoken", r->rs.nexttoken, sizeof r->rs.nexttoken);
	cl_req_hdr_take(p, len, "x-log-read-last-cursor", r->rs.read_last_cursor,
	    sizeof r->rs.read_last_cursor);
	cl_req_hdr_keep(&r->rs.xhdr, p, len);
	return len;
}

/* Add "name: value" to the curl list and to the signer's list. */
static void
cl_req_hdr_add(struct cl_req *r, struct sign_kv *h, size_t *nh, const char *name, const char *v)
{
	char line[4096];

	snprintf(line, sizeof line, "%s: %s", name, v);
	r->hdrs = curl_slist_append(r->hdrs, line);
	h[*nh].key = name;
	h[*nh].value = v;
	(*nh)++;
}

/* Forget what the last attempt received and built. */
static void
cl_req_reset(struct cl_req *r)
{
	struct cl_client *c = r->c;

	if (r->easy) {
		curl_multi_remove_handle(c->owner->multi, r->easy);
		curl_easy_cleanup(r->easy);
		r->easy = NULL;
	}
	curl_slist_free_all(r->hdrs);
	r->hdrs = NULL;
	sb_free(&r->rs.body);
	sb_init(&r->rs.body, c->max_body);
	sb_free(&r->rs.xhdr);
	sb_init(&r->rs.xhdr, 64 << 10);
	memset(r->rs.cursor, 0, sizeof r->rs.cursor);
	r->rs.count[0] = r->rs.bodyrawsize[0] = r->rs.compresstype[0] = '\0';
	r->rs.progress[0] = r->rs.nexttoken[0] = r->rs.read_last_cursor[0] = '\0';
	r->requestid[0] = '\0';
	r->too_large = 0;
}

/* The URL names the endpoint itself; the project travels in Host (what the
 * Python SDK calls IP mode), so IPs and localhost work too. 0 ok, -1 when
 * it would pass its cap (url is freed then). */
static int
cl_req_url(struct cl_req *r, CURL *e, struct sb *url)
{
	struct cl_client *c = r->c;
	int bad = 0;
	size_t i;

	sb_init(url, 256 << 10);
	if (sb_addf(url, "%s://%s%s", c->https ? "https" : "http", c->host, r->path) != 0)
		bad = 1;
	for (i = 0; i < r->nquery; i++) {
		char *v = curl_easy_escape(e, r->query[i].value, 0), *k = curl_easy_escape(e,
		    r->query[i].key, 0);

		if (v == NULL || k == NULL || sb_addf(url, "%c%s=%s", i ? '&' : '?', k, v) != 0)
			bad = 1;
		curl_free(v);
		curl_free(k);
	}
	if (bad)
		sb_free(url);
	return bad ? -1 : 0;
}

/* The headers that are signed, then the signature (v4 with a region, else
 * v1), then the ones that are not. 0 ok, -1 when the signature does not
 * fit. */
static int
cl_req_sign(struct cl_req *r)
{
	struct cl_client *c = r->c;
	char host[512], date[32], md5[33], raw[32], sha[65], iso[17], authz[512], line[600];
	struct sign_kv h[16];
	struct sign_req sr;
	size_t nh = 0;
	int rc;

	snprintf(host, sizeof host, "%s%s%s", r->project ? r->project : "", r->project ? "." : "",
	    c->host);
	cl_req_hdr_add(r, h, &nh, "Host", host);
	cl_req_hdr_add(r, h, &nh, "x-log-apiversion", "0.6.0");
	snprintf(raw, sizeof raw, "%zu", r->raw_len);
	cl_req_hdr_add(r, h, &nh, "x-log-bodyrawsize", raw);
	if (r->body_len > 0 || r->content_type) {
		cl_req_hdr_add(r, h, &nh, "Content-Type",
		    r->content_type ? r->content_type : "application/json");
		sign_md5_hex(r->body ? r->body : "", r->body_len, md5);
		cl_req_hdr_add(r, h, &nh, "Content-MD5", md5);
	}
	if (r->compress_lz4)
		cl_req_hdr_add(r, h, &nh, "x-log-compresstype", "lz4");
	if (c->sts_token)
		cl_req_hdr_add(r, h, &nh, "x-acs-security-token", c->sts_token);
	if (c->region) {
		sign_date_iso8601(clk_wall(), iso);
		sign_sha256_hex(r->body ? r->body : "", r->body_len, sha);
		cl_req_hdr_add(r, h, &nh, "x-log-date", iso);
		cl_req_hdr_add(r, h, &nh, "x-log-content-sha256", sha);
	} else {
		sign_date_rfc1123(clk_wall(), date);
		cl_req_hdr_add(r, h, &nh, "Date", date);
		cl_req_hdr_add(r, h, &nh, "x-log-signaturemethod", "hmac-sha1");
	}
	sr = (struct sign_req){ r->method, r->path, r->query, r->nquery, h, nh, r->body,
		r->body_len };
	rc = c->region ? sign_v4(&sr, c->ak_id, c->ak_secret, c->region, authz, sizeof authz)
		       : sign_v1(&sr, c->ak_id, c->ak_secret, authz, sizeof authz);
	if (rc != 0)
		return -1;
	snprintf(line, sizeof line, "Authorization: %s", authz);
	r->hdrs = curl_slist_append(r->hdrs, line);
	explicit_bzero(line, sizeof line);
	explicit_bzero(authz, sizeof authz);
	if (r->accept) {
		snprintf(line, sizeof line, "Accept: %s", r->accept);
		r->hdrs = curl_slist_append(r->hdrs, line);
	}
	r->hdrs = curl_slist_append(r->hdrs, r->accept_lz4 ? "Accept-Encoding: lz4"
							    : "Accept-Encoding:");
	r->hdrs = curl_slist_append(r->hdrs, "User-Agent: " CL_UA);
	r->hdrs = curl_slist_append(r->hdrs, "Expect:");
	return 0;
}

/* ms for one attempt: want, but no later than the request's deadline (at
 * least 1 ms: curl reads 0 as no limit). */
static long
cl_req_bound(const struct cl_req *r, long want)
{
	int64_t left = r->deadline - clk_mono_ms();

	if (left < 1)
		left = 1;
	return left < want ? (long)left : want;
}

/* The transfer's options: method and body, callbacks, timeouts, HTTP/2,
 * TLS trust, --connect-to. */
static void
cl_req_setopt(struct cl_req *r, CURL *e)
{
	struct cl_client *c = r->c;

	curl_easy_setopt(e, CURLOPT_HTTPHEADER, r->hdrs);
	curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, r->method);
	if (r->body_len > 0 || strcmp(r->method, "POST") == 0 || strcmp(r->method, "PUT") == 0) {
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, r->body ? r->body : "");
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)r->body_len);
	}
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, cl_req_on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, cl_req_on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(e, CURLOPT_PRIVATE, r);
	/* an attempt never outlives the request's deadline (--timeout) */
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, cl_req_bound(r, c->connect_timeout_ms));
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, cl_req_bound(r, c->request_timeout_ms));
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, 30L);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	/* HTTP/2 when the server offers it (ALPN); parallel requests wait for
	 * that one connection and share it instead of opening more */
	if (c->https)
		curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
	r->errbuf[0] = '\0';
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->errbuf);
	if (c->ca_file)
		curl_easy_setopt(e, CURLOPT_CAINFO, c->ca_file);
	if (c->http_proxy)
		curl_easy_setopt(e, CURLOPT_PROXY, c->http_proxy);
	if (c->connect_to && r->connect_to == NULL) {
		char spec[600];

		snprintf(spec, sizeof spec, "::%s", c->connect_to);
		r->connect_to = curl_slist_append(NULL, spec);
	}
	if (r->connect_to)
		curl_easy_setopt(e, CURLOPT_CONNECT_TO, r->connect_to);
}

int
cl_req_prepare(struct cl_req *r)
{
	struct sb url;
	CURL *e;

	cl_req_reset(r);
	cl_refresh_keys(r->c);
	e = r->easy = curl_easy_init();
	if (e == NULL || cl_req_url(r, e, &url) != 0)
		return -1;
	if (cl_req_sign(r) != 0) {
		sb_free(&url);
		return -1;
	}
	curl_easy_setopt(e, CURLOPT_URL, url.p);
	sb_free(&url);
	cl_req_setopt(r, e);
	r->state = CL_RUNNING;
	r->attempt++;
	log_debug("send %s %s%s%s (attempt %d)", r->method, r->project ? r->project : "",
	    r->project ? " " : "", r->path, r->attempt);
	return curl_multi_add_handle(r->c->owner->multi, e) == CURLM_OK ? 0 : -1;
}
