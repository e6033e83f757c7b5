/*
 * slsreq.h — signed SLS requests over libcurl for slsd's own tests and
 * benches (header only: static functions). Not the client: client/ is the
 * real thing; this stays tiny so server tests do not depend on it.
 */
#ifndef SLSX_TESTS_SLSREQ_H
#define SLSX_TESTS_SLSREQ_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "base/clk.h"
#include "base/sb.h"
#include "proto/sign.h"

struct slsreq {
	struct curl_slist *hdrs;
	struct sb resp;
	long status;
	long rawsize;        /* x-log-bodyrawsize, -1 when absent */
	long count;          /* x-log-count, -1 when absent */
	char cursor[80];     /* x-log-cursor */
	char compress[16];   /* x-log-compresstype */
	char requestid[32];  /* x-log-requestid */
	char ctype[64];      /* Content-Type */
	char progress[16];   /* x-log-progress */
	char nexttoken[256]; /* x-log-nexttoken */
	int has_nexttoken;
};

struct slsreq_opts {
	const char *ak_id, *ak_secret, *host; /* host: sent as Host */
	const char *content_type;             /* default application/x-protobuf with a body */
	const char *compress;                 /* x-log-compresstype for the body, or NULL */
	const char *accept_encoding;          /* NULL: lz4 */
	long date_offset;                     /* seconds added to the Date */
	size_t rawlen;                        /* x-log-bodyrawsize */
	int no_md5;                           /* send a body without Content-MD5 */
};

static size_t
slsreq_write(char *p, size_t sz, size_t n, void *ud)
{
	struct slsreq *r = ud;

	return sb_add(&r->resp, p, sz * n) == 0 ? sz * n : 0;
}

/* Copy header NAME's value when line p is that header; 1 if it was. */
static int
slsreq_hval(const char *p, size_t n, const char *name, char *out, size_t outlen)
{
	size_t k = strlen(name), vlen;

	if (n <= k || strncasecmp(p, name, k) != 0 || p[k] != ':')
		return 0;
	p += k + 1;
	n -= k + 1;
	while (n && *p == ' ') {
		p++;
		n--;
	}
	vlen = strcspn(p, "\r\n");
	if (vlen > n)
		vlen = n;
	snprintf(out, outlen, "%.*s", (int)vlen, p);
	return 1;
}

static size_t
slsreq_header(char *p, size_t sz, size_t n, void *ud)
{
	struct slsreq *r = ud;
	char v[32] = "";

	slsreq_hval(p, sz * n, "x-log-bodyrawsize", v, sizeof v);
	if (v[0])
		r->rawsize = strtol(v, NULL, 10);
	v[0] = '\0';
	slsreq_hval(p, sz * n, "x-log-count", v, sizeof v);
	if (v[0])
		r->count = strtol(v, NULL, 10);
	slsreq_hval(p, sz * n, "x-log-cursor", r->cursor, sizeof r->cursor);
	slsreq_hval(p, sz * n, "x-log-compresstype", r->compress, sizeof r->compress);
	slsreq_hval(p, sz * n, "x-log-requestid", r->requestid, sizeof r->requestid);
	slsreq_hval(p, sz * n, "content-type", r->ctype, sizeof r->ctype);
	slsreq_hval(p, sz * n, "x-log-progress", r->progress, sizeof r->progress);
	if (slsreq_hval(p, sz * n, "x-log-nexttoken", r->nexttoken, sizeof r->nexttoken))
		r->has_nexttoken = 1;
	return sz * n;
}

/* A v1-signed easy handle for METHOD path?query with body; r receives the
 * reply. Free with slsreq_done. */
static CURL *
slsreq_easy(struct slsreq *r, int port, const struct slsreq_opts *o, const char *method,
    const char *path, const struct sign_kv *q, size_t nq, const void *body, size_t blen)
{
	char date[32], md5[33], authz[256], raw[32], url[2048], line[512];
	struct sign_kv h[8];
	size_t nh = 0, i;
	CURL *e = curl_easy_init();

	sign_date_rfc1123(clk_wall() + o->date_offset, date);
	h[nh++] = (struct sign_kv){ "Date", date };
	h[nh++] = (struct sign_kv){ "x-log-apiversion", "0.6.0" };
	h[nh++] = (struct sign_kv){ "x-log-signaturemethod", "hmac-sha1" };
	snprintf(raw, sizeof raw, "%zu", o->rawlen);
	h[nh++] = (struct sign_kv){ "x-log-bodyrawsize", raw };
	if (body) {
		sign_md5_hex(body, blen, md5);
		if (!o->no_md5)
			h[nh++] = (struct sign_kv){ "Content-MD5", md5 };
		h[nh++] = (struct sign_kv){ "Content-Type",
			o->content_type ? o->content_type : "application/x-protobuf" };
		if (o->compress)
			h[nh++] = (struct sign_kv){ "x-log-compresstype", o->compress };
	}
	struct sign_req sr = { method, path, q, nq, h, nh, body, blen };
	sign_v1(&sr, o->ak_id, o->ak_secret, authz, sizeof authz);
	memset(r, 0, sizeof *r);
	r->rawsize = r->count = -1;
	sb_init(&r->resp, 256u << 20);
	for (i = 0; i < nh; i++) {
		snprintf(line, sizeof line, "%s: %s", h[i].key, h[i].value);
		r->hdrs = curl_slist_append(r->hdrs, line);
	}
	snprintf(line, sizeof line, "Authorization: %s", authz);
	r->hdrs = curl_slist_append(r->hdrs, line);
	snprintf(line, sizeof line, "Accept-Encoding: %s",
	    o->accept_encoding ? o->accept_encoding : "lz4");
	r->hdrs = curl_slist_append(r->hdrs, line);
	snprintf(line, sizeof line, "Host: %s", o->host);
	r->hdrs = curl_slist_append(r->hdrs, line);
	snprintf(url, sizeof url, "http://127.0.0.1:%d%s", port, path);
	for (i = 0; i < nq; i++) {
		char *v = curl_easy_escape(e, q[i].value, 0);

		snprintf(url + strlen(url), sizeof url - strlen(url), "%c%s=%s", i ? '&' : '?',
		    q[i].key, v);
		curl_free(v);
	}
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, r->hdrs);
	curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
	if (body) {
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)blen);
	}
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, slsreq_write);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, slsreq_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(e, CURLOPT_PRIVATE, r);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, 20L);
	return e;
}

/* Free the request state (not the easy handle). */
static void
slsreq_done(struct slsreq *r)
{
	curl_slist_free_all(r->hdrs);
	r->hdrs = NULL;
	sb_free(&r->resp);
}

/* Blocking convenience: perform and fill r->status; CURLcode returned. */
static CURLcode
slsreq_perform(struct slsreq *r, int port, const struct slsreq_opts *o, const char *method,
    const char *path, const struct sign_kv *q, size_t nq, const void *body, size_t blen)
{
	CURL *e = slsreq_easy(r, port, o, method, path, q, nq, body, blen);
	CURLcode rc = curl_easy_perform(e);

	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_cleanup(e);
	return rc;
}

#endif
