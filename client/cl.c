/*
 * cl — request engine of the SLS client: clients and their keys, the curl
 * multi handle, sending, retries with backoff, reply decoding (see cl.h,
 * client/README.md; building one attempt's transfer is cl_req.c).
 */
#include "client/cl.h"

#include <ctype.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "base/clk.h"
#include "base/log.h"
#include "base/rng.h"
#include "base/xalloc.h"
#include "proto/compress.h"

#include "client/cl_int.h"

const char *
cl_strerror(enum cl_status st)
{
	static const char *const names[] = { "ok", "network error", "timed out",
		"server error", "authentication error", "malformed reply", "reply too large",
		"cancelled", "bad arguments" };

	return (unsigned)st < sizeof names / sizeof names[0] ? names[st] : "unknown error";
}

/* A region id has no dot, colon or slash: expand to its public endpoint. */
int
cl_endpoint_parse(const char *endpoint, int *https, char *host, size_t hostlen)
{
	const char *p = endpoint;
	size_t n;

	if (endpoint == NULL || *endpoint == '\0')
		return -1;
	*https = 1;
	if (strncmp(p, "https://", 8) == 0) {
		p += 8;
	} else if (strncmp(p, "http://", 7) == 0) {
		p += 7;
		*https = 0;
	} else if (strpbrk(p, ".:/") == NULL) {
		return snprintf(host, hostlen, "%s.log.aliyuncs.com", p) < (int)hostlen ? 0 : -1;
	}
	n = strcspn(p, "/?#");
	if (n == 0 || n >= hostlen)
		return -1;
	memcpy(host, p, n);
	host[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (!(isalnum((unsigned char)host[i]) || strchr(".-:[]_", host[i])))
			return -1;
	return 0;
}

static char *
cl_dup(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* A client for cfg over owner's transfers (owner NULL: its own). */
static struct cl_client *
cl_client_make(struct cl_client *owner, const struct cl_cfg *cfg, struct cl_err *err)
{
	struct cl_client *c;

	memset(err, 0, sizeof *err);
	c = xcalloc(1, sizeof *c);
	if (cl_endpoint_parse(cfg->endpoint, &c->https, c->host, sizeof c->host) != 0) {
		err->st = CL_E_USAGE;
		snprintf(err->msg, sizeof err->msg, "bad endpoint \"%s\"",
		    cfg->endpoint ? cfg->endpoint : "");
		free(c);
		return NULL;
	}
	if (cfg->ak_id == NULL || cfg->ak_secret == NULL || !*cfg->ak_id || !*cfg->ak_secret) {
		err->st = CL_E_AUTH;
		snprintf(err->msg, sizeof err->msg, "no credentials: set "
		    "ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET");
		free(c);
		return NULL;
	}
	if (owner == NULL) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		c->multi = curl_multi_init();
		curl_multi_setopt(c->multi, CURLMOPT_MAX_HOST_CONNECTIONS, 16L);
		c->owner = c;
	} else {
		c->owner = owner->owner;
	}
	c->ak_id = xstrdup(cfg->ak_id);
	c->ak_secret = xstrdup(cfg->ak_secret);
	c->sts_token = cl_dup(cfg->sts_token);
	c->region = cl_dup(cfg->region);
	c->connect_to = cl_dup(cfg->connect_to);
	c->ca_file = cl_dup(cfg->ca_file);
	/* libcurl takes the proxy of an http:// URL from http_proxy only (the
	 * upper-case name is left out for CGI programs, where a request header
	 * could set it); slsx is no CGI program, and ops boxes set HTTP_PROXY */
	if (!c->https && getenv("http_proxy") == NULL && getenv("HTTP_PROXY") != NULL)
		c->http_proxy = xstrdup(getenv("HTTP_PROXY"));
	c->connect_timeout_ms = cfg->connect_timeout_ms ? cfg->connect_timeout_ms : 10000;
	c->request_timeout_ms = cfg->request_timeout_ms ? cfg->request_timeout_ms : 60000;
	c->deadline_ms = cfg->deadline_ms ? cfg->deadline_ms : 90000;
	c->max_body = cfg->max_body ? cfg->max_body : (size_t)256 << 20;
	c->rng = (uint64_t)clk_mono_us() | 1;
	return c;
}

struct cl_client *
cl_client_new(const struct cl_cfg *cfg, struct cl_err *err)
{
	return cl_client_make(NULL, cfg, err);
}

struct cl_client *
cl_client_new_shared(struct cl_client *owner, const struct cl_cfg *cfg, struct cl_err *err)
{
	return cl_client_make(owner, cfg, err);
}

void
cl_client_set_refresh(struct cl_client *c, cl_refresh_fn *fn, void *ud, int64_t expires)
{
	c->refresh = fn;
	c->refresh_ud = ud;
	c->expires = expires;
}

/* Renewing temporary keys calls the refresh function (a metadata service
 * round trip) in a thread of its own, so the caller's event loop never
 * waits on it; the old keys stay in use meanwhile (they have 5 minutes
 * left) and the new ones replace them at the next request or poll. */
struct cl_renew {
	pthread_t th;
	atomic_int done;
	int rc;
	cl_refresh_fn *fn;
	void *ud;
	char id[128], secret[256], token[4096];
	int64_t exp;
};

static void *
cl_renew_main(void *arg)
{
	struct cl_renew *w = arg;

	w->rc = w->fn(w->ud, w->id, sizeof w->id, w->secret, sizeof w->secret, w->token,
	    sizeof w->token, &w->exp);
	atomic_store(&w->done, 1);
	return NULL;
}

static void
cl_renew_free(struct cl_renew *w)
{
	pthread_join(w->th, NULL);
	explicit_bzero(w, sizeof *w);
	free(w);
}

/* A finished renewal: its keys replace the old ones (kept when it failed:
 * the server's answer then says what is wrong; another try in a minute). */
static void
cl_renew_collect(struct cl_client *c)
{
	struct cl_renew *w = c->renew;

	if (w == NULL || !atomic_load(&w->done))
		return;
	c->renew = NULL;
	if (w->rc != 0) {
		log_info("refreshing temporary keys failed; keeping the old ones");
		c->expires = (int64_t)clk_wall() + 300 + 60;
		cl_renew_free(w);
		return;
	}
	explicit_bzero(c->ak_secret, strlen(c->ak_secret));
	free(c->ak_id);
	free(c->ak_secret);
	if (c->sts_token)
		explicit_bzero(c->sts_token, strlen(c->sts_token));
	free(c->sts_token);
	c->ak_id = xstrdup(w->id);
	c->ak_secret = xstrdup(w->secret);
	c->sts_token = w->token[0] ? xstrdup(w->token) : NULL;
	c->expires = w->exp;
	log_info("temporary keys refreshed; they expire at %lld", (long long)w->exp);
	cl_renew_free(w);
}

/* Start renewing keys that expire within 5 minutes, collect a finished
 * renewal. */
void
cl_refresh_keys(struct cl_client *c)
{
	struct cl_renew *w;

	cl_renew_collect(c);
	if (c->refresh == NULL || c->expires == 0 || c->renew ||
	    (int64_t)clk_wall() < c->expires - 300)
		return;
	w = xcalloc(1, sizeof *w);
	w->fn = c->refresh;
	w->ud = c->refresh_ud;
	atomic_init(&w->done, 0);
	if (pthread_create(&w->th, NULL, cl_renew_main, w) != 0) {
		log_info("cannot start renewing temporary keys; trying again in a minute");
		c->expires = (int64_t)clk_wall() + 300 + 60;
		free(w);
		return;
	}
	c->renew = w;
}

static void
cl_req_free(struct cl_req *r)
{
	size_t i;

	if (r->easy) {
		curl_multi_remove_handle(r->c->owner->multi, r->easy);
		curl_easy_cleanup(r->easy);
	}
	curl_slist_free_all(r->hdrs);
	curl_slist_free_all(r->connect_to);
	sb_free(&r->rs.xhdr);
	sb_free(&r->rs.body);
	for (i = 0; i < r->nquery; i++) {
		free((char *)r->query[i].key);
		free((char *)r->query[i].value);
	}
	free(r->query);
	free(r->method);
	free(r->project);
	free(r->path);
	free(r->content_type);
	free(r->accept);
	free(r->body);
	free(r);
}

void
cl_client_free(struct cl_client *c)
{
	struct cl_req *r, *next;

	if (c == NULL)
		return;
	if (c->renew)
		cl_renew_free(c->renew); /* waits for a renewal in flight */
	if (c->owner != c) {
		/* a sharing client: its own requests go, without callbacks */
		struct cl_req **pp = &c->owner->reqs;

		while (*pp) {
			r = *pp;
			if (r->c == c) {
				*pp = r->next;
				cl_req_free(r);
			} else {
				pp = &r->next;
			}
		}
	} else {
		for (r = c->reqs; r; r = next) {
			next = r->next;
			cl_req_free(r);
		}
		curl_multi_cleanup(c->multi);
	}
	explicit_bzero(c->ak_secret, strlen(c->ak_secret));
	free(c->ak_id);
	free(c->ak_secret);
	if (c->sts_token)
		explicit_bzero(c->sts_token, strlen(c->sts_token));
	free(c->sts_token);
	free(c->region);
	free(c->connect_to);
	free(c->ca_file);
	free(c->http_proxy);
	free(c);
}

long
cl_backoff_ms(int attempt, long base, long cap, double r)
{
	long d = base;
	int i;

	for (i = 1; i < attempt && d < cap; i++)
		d *= 2;
	if (d > cap)
		d = cap;
	return d / 2 + (long)((double)(d - d / 2) * r);
}

/* Was this a refusal for load (the server asks for fewer requests)? */
static int
cl_throttle(long http, const char *code)
{
	return http == 503 || http == 429 || strcmp(code, "ServerBusy") == 0 ||
	    (http == 403 && strstr(code, "QuotaExceed") != NULL);
}

int
cl_retryable(long http, const char *code, int transport_error, int idempotent)
{
	static const char *const quota[] = { "ReadQuotaExceed", "ShardReadQuotaExceed",
		"WriteQuotaExceed", "ShardWriteQuotaExceed", NULL };
	int i;

	if (transport_error)
		return idempotent;
	if (http >= 500)
		return 1;
	if (code != NULL) {
		if (strcmp(code, "ServerBusy") == 0 || strcmp(code, "InternalServerError") == 0 ||
		    strcmp(code, "RequestTimeout") == 0)
			return 1;
		for (i = 0; quota[i]; i++)
			if (http == 403 && strcmp(code, quota[i]) == 0)
				return 1;
	}
	return 0;
}

const char *
cl_resp_header(const struct cl_resp *rs, const char *name)
{
	const char *p = rs->xhdr.p, *end = p ? p + rs->xhdr.len : NULL;

	while (p && p < end) {
		const char *v = p + strlen(p) + 1;

		if (v >= end)
			break;
		if (strcasecmp(p, name) == 0)
			return v;
		p = v + strlen(v) + 1;
	}
	return NULL;
}

uint64_t
cl_send(struct cl_client *c, const struct cl_call *call, cl_done_fn *done, void *ud)
{
	struct cl_req *r = xcalloc(1, sizeof *r);
	size_t i;

	r->id = ++c->owner->next_id;
	r->c = c;
	r->method = xstrdup(call->method);
	r->project = cl_dup(call->project);
	r->path = xstrdup(call->path);
	r->content_type = cl_dup(call->content_type);
	r->accept = cl_dup(call->accept);
	r->accept_lz4 = call->accept_lz4;
	r->idempotent = call->idempotent || strcmp(call->method, "GET") == 0;
	r->done = done;
	r->on_retry = call->on_retry;
	r->ud = ud;
	if (call->nquery) {
		r->query = xcalloc(call->nquery, sizeof *r->query);
		for (i = 0; i < call->nquery; i++) {
			r->query[i].key = xstrdup(call->query[i].key);
			r->query[i].value = xstrdup(call->query[i].value ? call->query[i].value : "");
		}
		r->nquery = call->nquery;
	}
	r->raw_len = call->body_len;
	if (call->compress_lz4 && call->body_len > 0) {
		size_t n;

		if (cz_compress(CZ_LZ4, call->body, call->body_len, &r->body, &n) == 0) {
			r->body_len = n;
			r->compress_lz4 = 1;
		}
	}
	if (r->body == NULL && call->body_len > 0) {
		r->body = xmemdup(call->body, call->body_len);
		r->body_len = call->body_len;
	}
	r->started = clk_mono_ms();
	r->deadline = r->started + (call->deadline_ms > 0 && call->deadline_ms < c->deadline_ms
	    ? call->deadline_ms : c->deadline_ms);
	r->next = c->owner->reqs;
	c->owner->reqs = r;
	if (call->delay_ms > 0) {
		r->state = CL_WAITING;
		r->retry_at = clk_mono_ms() + call->delay_ms;
		r->deadline += call->delay_ms;
		return r->id;
	}
	if (cl_req_prepare(r) != 0) {
		r->state = CL_WAITING;
		r->retry_at = 0;
		r->cancelled = 2; /* reported as a usage error */
	}
	return r->id;
}

void
cl_abandon(struct cl_client *c, uint64_t id)
{
	struct cl_req *r;

	c = c->owner;
	for (r = c->reqs; r; r = r->next)
		if (r->id == id && r->state != CL_FINISHED) {
			r->done = NULL;
			r->on_retry = NULL;
			r->cancelled = 1;
		}
}

void
cl_cancel(struct cl_client *c, uint64_t id)
{
	struct cl_req *r;

	c = c->owner;
	for (r = c->reqs; r; r = r->next)
		if (r->id == id && r->state != CL_FINISHED)
			r->cancelled = 1;
}

int
cl_pending(const struct cl_client *c)
{
	const struct cl_req *r;
	int n = 0;

	c = c->owner;
	for (r = c->reqs; r; r = r->next)
		n += r->state != CL_FINISHED;
	return n;
}

/* Finish r: run its callback, unlink and free it. */
const struct cl_stats *
cl_stats(const struct cl_client *c)
{
	return &c->owner->stats;
}

void
cl_stats_meta(struct cl_client *c, int64_t processed_rows, int64_t elapsed_ms, int incomplete)
{
	struct cl_stats *s = &c->owner->stats;

	s->rows_processed += processed_rows > 0 ? processed_rows : 0;
	s->server_ms += elapsed_ms > 0 ? elapsed_ms : 0;
	s->incomplete += incomplete != 0;
}

/* One try's cost: bytes both ways. */
static void
cl_stats_attempt(struct cl_req *r)
{
	struct cl_stats *s = &r->c->owner->stats;
	curl_off_t up = 0, down = 0;

	s->attempts++;
	if (curl_easy_getinfo(r->easy, CURLINFO_SIZE_UPLOAD_T, &up) == CURLE_OK)
		s->bytes_up += up;
	if (curl_easy_getinfo(r->easy, CURLINFO_SIZE_DOWNLOAD_T, &down) == CURLE_OK)
		s->bytes_down += down;
}

static void
cl_finish(struct cl_req *r, const struct cl_err *err)
{
	struct cl_client *c = r->c;
	struct cl_req **pp;

	r->state = CL_FINISHED;
	r->rs.requestid = r->requestid;
	c->owner->stats.requests++;
	c->owner->stats.failed += err->st != CL_OK && err->st != CL_E_CANCELLED;
	r->rs.throttled = r->throttled || (err->st != CL_OK && cl_throttle(err->http, err->code));
	log_debug("done %s %s%s%s: %s%s%s (HTTP %ld, %d attempt%s, %lld ms, request id %s)",
	    r->method, r->project ? r->project : "", r->project ? " " : "", r->path,
	    cl_strerror(err->st), err->code[0] ? " " : "", err->code, err->http, r->attempt,
	    r->attempt == 1 ? "" : "s", (long long)(clk_mono_ms() - r->started), r->requestid);
	if (r->done)
		r->done(r->ud, &r->rs, err);
	for (pp = &c->owner->reqs; *pp; pp = &(*pp)->next)
		if (*pp == r) {
			*pp = r->next;
			break;
		}
	cl_req_free(r);
}

/* Parse the JSON error envelope into err (keeps what is there otherwise). */
static void
cl_parse_error(const struct sb *body, struct cl_err *err)
{
	cJSON *o = cJSON_ParseWithLength(body->p ? body->p : "", body->len);
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(o, "errorCode");
	const cJSON *msg = cJSON_GetObjectItemCaseSensitive(o, "errorMessage");

	if (cJSON_IsString(code))
		snprintf(err->code, sizeof err->code, "%s", code->valuestring);
	if (cJSON_IsString(msg))
		snprintf(err->msg, sizeof err->msg, "%s", msg->valuestring);
	cJSON_Delete(o);
}

/* Decompress a 200 reply in place per its headers. 0 ok. */
static int
cl_decode_body(struct cl_req *r, struct cl_err *err)
{
	enum cz_type t = cz_parse(r->rs.compresstype);
	char *end;
	unsigned long long raw;
	void *out;

	if (t == CZ_NONE)
		return 0;
	raw = strtoull(r->rs.bodyrawsize, &end, 10);
	if (t == CZ_UNKNOWN || r->rs.bodyrawsize[0] == '\0' || *end != '\0' ||
	    cz_decompress(t, r->rs.body.p ? r->rs.body.p : "", r->rs.body.len, (size_t)raw,
		r->c->max_body, &out) != 0) {
		err->st = CL_E_DECODE;
		snprintf(err->msg, sizeof err->msg, "cannot decode %s reply body (raw size %s)",
		    r->rs.compresstype, r->rs.bodyrawsize);
		return -1;
	}
	sb_reset(&r->rs.body);
	if (sb_add(&r->rs.body, out, (size_t)raw) != 0) {
		free(out);
		err->st = CL_E_TOO_LARGE;
		snprintf(err->msg, sizeof err->msg, "reply over %zu bytes", r->c->max_body);
		return -1;
	}
	free(out);
	return 0;
}

/* The HTTP version a finished transfer spoke: 10, 11, 20, 30 or 0. */
static int
cl_http_version(CURL *e)
{
	long v = 0;

	if (curl_easy_getinfo(e, CURLINFO_HTTP_VERSION, &v) != CURLE_OK)
		return 0;
	return v == CURL_HTTP_VERSION_1_0 ? 10 : v == CURL_HTTP_VERSION_1_1 ? 11 :
	    v == CURL_HTTP_VERSION_2_0 ? 20 : v == CURL_HTTP_VERSION_3 ? 30 : 0;
}

/* TLS failures that retrying cannot fix (a certificate that does not
 * verify will not verify on retry): the peer's certificate or our CA
 * bundle. */
static int
cl_tls_refused(CURLcode cc)
{
	return cc == CURLE_PEER_FAILED_VERIFICATION || cc == CURLE_SSL_CACERT_BADFILE ||
	    cc == CURLE_SSL_CERTPROBLEM || cc == CURLE_SSL_ISSUER_ERROR ||
	    cc == CURLE_SSL_PINNEDPUBKEYNOTMATCH;
}

/* A transfer finished: succeed, fail, or schedule a retry. */
static void
cl_on_done(struct cl_req *r, CURLcode cc)
{
	struct cl_err err;
	int transport = cc != CURLE_OK;

	memset(&err, 0, sizeof err);
	cl_stats_attempt(r);
	curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &r->rs.http);
	r->rs.http_version = cl_http_version(r->easy);
	err.http = transport ? 0 : r->rs.http;
	if (r->too_large) {
		err.st = CL_E_TOO_LARGE;
		snprintf(err.msg, sizeof err.msg, "reply over %zu bytes", r->c->max_body);
	} else if (transport) {
		err.st = cc == CURLE_OPERATION_TIMEDOUT ? CL_E_TIMEOUT : CL_E_NET;
		snprintf(err.msg, sizeof err.msg, "%s", r->errbuf[0] ? r->errbuf :
		    curl_easy_strerror(cc));
	} else if (r->rs.http != 200) {
		err.st = CL_E_HTTP;
		cl_parse_error(&r->rs.body, &err);
		if (err.code[0] == '\0')
			snprintf(err.msg, sizeof err.msg, "HTTP %ld without an SLS error body",
			    r->rs.http);
		if (r->rs.http == 401 ||
		    (r->rs.http == 403 && strstr(err.code, "Quota") == NULL))
			err.st = CL_E_AUTH;
	}
	snprintf(err.requestid, sizeof err.requestid, "%s", r->requestid);
	if (err.st != CL_OK && err.st != CL_E_TOO_LARGE &&
	    cl_retryable(err.http, err.code, transport && !cl_tls_refused(cc), r->idempotent)) {
		long wait = cl_backoff_ms(r->attempt, 200, 10000, rng_unit(&r->c->owner->rng));

		if (clk_mono_ms() + wait < r->deadline) {
			if (cl_throttle(err.http, err.code))
				r->throttled = 1;
			log_info("retry %s %s after %s (attempt %d, %ld ms)", r->method, r->path,
			    err.code[0] ? err.code : err.msg, r->attempt, wait);
			curl_multi_remove_handle(r->c->owner->multi, r->easy);
			r->c->owner->stats.retries++;
			r->state = CL_WAITING;
			r->retry_at = clk_mono_ms() + wait;
			if (r->on_retry)
				r->on_retry(r->ud, &err, r->attempt, wait);
			return;
		}
	}
	if (err.st == CL_OK)
		cl_decode_body(r, &err);
	cl_finish(r, &err);
}

/* Start due retries and report cancellations. */
static void
cl_tick(struct cl_client *c)
{
	struct cl_req *r, *next;
	int64_t now = clk_mono_ms();

	c = c->owner;
	for (r = c->reqs; r; r = next) {
		next = r->next;
		if (r->state == CL_FINISHED)
			continue;
		if (r->cancelled) {
			struct cl_err err;

			memset(&err, 0, sizeof err);
			err.st = r->cancelled == 2 ? CL_E_USAGE : CL_E_CANCELLED;
			snprintf(err.msg, sizeof err.msg, "%s",
			    r->cancelled == 2 ? "cannot build the request" : "cancelled");
			cl_finish(r, &err);
			continue;
		}
		if (r->state == CL_WAITING && r->retry_at <= now && cl_req_prepare(r) != 0)
			r->cancelled = 2; /* reported as a usage error next time */
	}
}

int
cl_timeout_ms(struct cl_client *c)
{
	struct cl_req *r;
	int64_t now = clk_mono_ms(), best = -1;
	long ct = -1;

	c = c->owner;
	for (r = c->reqs; r; r = r->next) {
		if (r->state == CL_WAITING) {
			int64_t d = r->retry_at > now ? r->retry_at - now : 0;

			if (best < 0 || d < best)
				best = d;
		} else if (r->state == CL_RUNNING && r->cancelled) {
			best = 0;
		}
	}
	curl_multi_timeout(c->multi, &ct);
	if (ct >= 0 && (best < 0 || ct < best))
		best = ct;
	return best > 1000000 ? 1000000 : (int)best;
}

int
cl_poll(struct cl_client *c, struct pollfd *extra, unsigned nextra, int timeout_ms)
{
	struct curl_waitfd wfd[16];
	unsigned i, n = nextra > 16 ? 16 : nextra;
	int running = 0, left, t = cl_timeout_ms(c);
	CURLMsg *msg;

	c = c->owner;
	if (t < 0 || t > timeout_ms)
		t = timeout_ms;
	for (i = 0; i < n; i++) {
		wfd[i].fd = extra[i].fd;
		wfd[i].events = (short)((extra[i].events & POLLIN ? CURL_WAIT_POLLIN : 0) |
		    (extra[i].events & POLLOUT ? CURL_WAIT_POLLOUT : 0));
		wfd[i].revents = 0;
	}
	curl_multi_poll(c->multi, n ? wfd : NULL, n, t, NULL);
	for (i = 0; i < n; i++)
		extra[i].revents = (short)((wfd[i].revents & CURL_WAIT_POLLIN ? POLLIN : 0) |
		    (wfd[i].revents & CURL_WAIT_POLLOUT ? POLLOUT : 0));
	curl_multi_perform(c->multi, &running);
	while ((msg = curl_multi_info_read(c->multi, &left)) != NULL) {
		if (msg->msg == CURLMSG_DONE) {
			struct cl_req *r;

			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&r);
			cl_on_done(r, msg->data.result);
		}
	}
	cl_tick(c);
	cl_renew_collect(c);
	return cl_pending(c);
}

void
cl_wait(struct cl_client *c, uint64_t id)
{
	c = c->owner;
	for (;;) {
		const struct cl_req *r;
		int found = 0;

		for (r = c->reqs; r; r = r->next)
			found |= r->id == id;
		if (!found)
			return;
		cl_poll(c, NULL, 0, 1000);
	}
}
