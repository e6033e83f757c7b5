/*
 * test_client_wire — the request engine (client/cl.c) against a fake
 * server on loopback that records the exact bytes of each request and
 * answers with scripted bytes: the request line, Host with the project,
 * the headers SLS requires (API version, body raw size, Content-MD5, Date,
 * signature method, STS token, v4 date and content hash), lz4 request
 * bodies, lz4 replies (and a wrong raw size), retries on 503 but not on
 * 400, error fields, a reply over the size cap, a connection dropped
 * mid-body, and cancellation of a request the server never answers.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/sb.h"
#include "client/cl.h"
#include "client/cl_api.h"
#include "client/cl_query.h"
#include "proto/compress.h"
#include "proto/sign.h"
#include "tests/unit/t.h"

#define FK_MAX 8

/* strcasestr without _GNU_SOURCE. */
static const char *
fk_strcasestr(const char *h, const char *n)
{
	size_t k = strlen(n);

	for (; *h; h++)
		if (strncasecmp(h, n, k) == 0)
			return h;
	return NULL;
}

/* The fake server: answers the i-th connection's request with reply[i]
 * (NULL: keep the connection open without answering). */
struct fake {
	int lfd, port;
	pthread_t th;
	const char *reply[FK_MAX];
	size_t reply_len[FK_MAX];
	char *req[FK_MAX];        /* the raw requests seen */
	size_t req_len[FK_MAX];
	int n;
	int stop;
	int keepalive;            /* serve further requests on a connection */
	int conns;                /* connections accepted */
};

static size_t
fk_header_end(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i + 3 < n; i++)
		if (memcmp(p + i, "\r\n\r\n", 4) == 0)
			return i + 4;
	return 0;
}

static void *
fk_main(void *ud)
{
	struct fake *f = ud;

	int c = -1;

	while (!f->stop && f->n < FK_MAX) {
		char buf[1 << 16];
		size_t len = 0, hend = 0, want = 0;
		int i = f->n;

		if (c < 0) {
			c = accept(f->lfd, NULL, NULL);
			if (c < 0)
				break;
			f->conns++;
		}
		while (len < sizeof buf) {
			ssize_t k = read(c, buf + len, sizeof buf - len);
			const char *cl;

			if (k <= 0)
				break;
			len += (size_t)k;
			if (!hend && (hend = fk_header_end(buf, len)) != 0) {
				buf[hend - 1] = '\0';
				cl = fk_strcasestr(buf, "\r\nContent-Length:");
				want = hend + (cl ? strtoul(cl + 17, NULL, 10) : 0);
				buf[hend - 1] = '\n';
			}
			if (hend && len >= want)
				break;
		}
		if (len == 0) { /* the client closed a kept-alive connection */
			close(c);
			c = -1;
			continue;
		}
		f->req[i] = malloc(len + 1);
		memcpy(f->req[i], buf, len);
		f->req[i][len] = '\0';
		f->req_len[i] = len;
		f->n++;
		if (f->reply[i] == NULL) {
			/* never answer: wait for the client to hang up */
			while (read(c, buf, sizeof buf) > 0)
				;
		} else if (write(c, f->reply[i], f->reply_len[i]) < 0) {
			/* the client went away */
		}
		if (!f->keepalive || f->reply[i] == NULL) {
			close(c);
			c = -1;
		}
	}
	if (c >= 0)
		close(c);
	return NULL;
}

static void
fk_start(struct fake *f)
{
	struct sockaddr_in a;
	socklen_t al = sizeof a;
	int one = 1;

	f->lfd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(f->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(f->lfd, (struct sockaddr *)&a, sizeof a) != 0 || listen(f->lfd, 8) != 0)
		abort();
	getsockname(f->lfd, (struct sockaddr *)&a, &al);
	f->port = ntohs(a.sin_port);
	pthread_create(&f->th, NULL, fk_main, f);
}

static void
fk_stop(struct fake *f)
{
	int i;

	f->stop = 1;
	shutdown(f->lfd, SHUT_RDWR);
	close(f->lfd);
	pthread_join(f->th, NULL);
	for (i = 0; i < FK_MAX; i++)
		free(f->req[i]);
}

static void
fk_reply(struct fake *f, int i, const char *s)
{
	f->reply[i] = s;
	f->reply_len[i] = s ? strlen(s) : 0;
}

/* A header's value in a recorded request ("" when absent). */
static const char *
fk_hdr(const char *req, const char *name, char *out, size_t n)
{
	char pat[80];
	const char *p;

	snprintf(pat, sizeof pat, "\r\n%s:", name);
	out[0] = '\0';
	if ((p = fk_strcasestr(req, pat)) != NULL) {
		p += strlen(pat);
		while (*p == ' ')
			p++;
		snprintf(out, n, "%.*s", (int)strcspn(p, "\r\n"), p);
	}
	return out;
}

struct result {
	struct cl_err err;
	long http;
	char body[4096];
	size_t body_len;
	char progress[24];
	int done;
};

static void
on_done(void *ud, const struct cl_resp *rs, const struct cl_err *err)
{
	struct result *r = ud;

	r->err = *err;
	r->http = rs->http;
	r->body_len = rs->body.len < sizeof r->body ? rs->body.len : sizeof r->body - 1;
	memcpy(r->body, rs->body.p ? rs->body.p : "", r->body_len);
	r->body[r->body_len] = '\0';
	snprintf(r->progress, sizeof r->progress, "%s", cl_resp_header(rs, "x-log-progress") ?
	    cl_resp_header(rs, "x-log-progress") : "");
	r->done = 1;
}

static struct cl_client *
client(const struct fake *f, const char *sts, const char *region, size_t max_body)
{
	struct cl_cfg cfg;
	struct cl_err err;
	char ep[64];

	snprintf(ep, sizeof ep, "http://127.0.0.1:%d", f->port);
	memset(&cfg, 0, sizeof cfg);
	cfg.endpoint = ep;
	cfg.ak_id = "testid";
	cfg.ak_secret = "testsecret";
	cfg.sts_token = sts;
	cfg.region = region;
	cfg.deadline_ms = 3000;
	cfg.request_timeout_ms = 2000;
	cfg.max_body = max_body;
	return cl_client_new(&cfg, &err);
}

static void
run(struct cl_client *c, const struct cl_call *call, struct result *r)
{
	memset(r, 0, sizeof *r);
	cl_wait(c, cl_send(c, call, on_done, r));
}

static void
test_get_headers(void)
{
	struct fake f = { 0 };
	struct cl_client *c;
	struct cl_call call;
	struct cl_args a;
	struct result r;
	char v[512];

	fk_reply(&f, 0, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
			"x-log-requestid: RID1\r\nx-log-progress: Complete\r\nContent-Length: 2\r\n\r\n[]");
	fk_start(&f);
	c = client(&f, "tok-123", NULL, 0);
	cl_args_init(&a);
	cl_api_list_shards(&call, &a, "proj", "web");
	run(c, &call, &r);
	cl_args_free(&a);
	T_EQ_INT(r.err.st, CL_OK);
	T_EQ_STR(r.body, "[]");
	T_EQ_STR(r.progress, "Complete");
	T_REQUIRE(f.n == 1);
	T_CHECK(strncmp(f.req[0], "GET /logstores/web/shards HTTP/1.1\r\n", 36) == 0);
	snprintf(v, sizeof v, "proj.127.0.0.1:%d", f.port);
	T_EQ_STR(fk_hdr(f.req[0], "Host", v + 100, 200), v);
	T_EQ_STR(fk_hdr(f.req[0], "x-log-apiversion", v, sizeof v), "0.6.0");
	T_EQ_STR(fk_hdr(f.req[0], "x-log-signaturemethod", v, sizeof v), "hmac-sha1");
	T_EQ_STR(fk_hdr(f.req[0], "x-log-bodyrawsize", v, sizeof v), "0");
	T_EQ_STR(fk_hdr(f.req[0], "x-acs-security-token", v, sizeof v), "tok-123");
	T_CHECK(strncmp(fk_hdr(f.req[0], "Authorization", v, sizeof v), "LOG testid:", 11) == 0);
	T_CHECK(strlen(v) == 11 + 28);  /* base64 of a SHA-1 */
	T_CHECK(strstr(fk_hdr(f.req[0], "Date", v, sizeof v), " GMT") != NULL);
	T_CHECK(fk_strcasestr(f.req[0], "testsecret") == NULL); /* the secret never travels */
	cl_client_free(c);
	fk_stop(&f);
}

static void
test_post_lz4_and_v4(void)
{
	struct fake f = { 0 };
	struct cl_client *c;
	struct cl_call call;
	struct result r;
	char v[512], md5[33];
	static const char body[] = "{\"logstoreName\":\"web\",\"padding\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}";
	const char *rb;
	void *plain = NULL;
	size_t blen;

	fk_reply(&f, 0, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
	fk_start(&f);
	c = client(&f, NULL, "cn-hangzhou", 0);
	memset(&call, 0, sizeof call);
	call.method = "POST";
	call.project = "proj";
	call.path = "/logstores";
	call.content_type = "application/json";
	call.body = body;
	call.body_len = sizeof body - 1;
	call.compress_lz4 = 1;
	run(c, &call, &r);
	T_EQ_INT(r.err.st, CL_OK);
	T_REQUIRE(f.n == 1);
	T_EQ_STR(fk_hdr(f.req[0], "x-log-compresstype", v, sizeof v), "lz4");
	T_EQ_INT(atoi(fk_hdr(f.req[0], "x-log-bodyrawsize", v, sizeof v)), (int)sizeof body - 1);
	T_CHECK(strncmp(fk_hdr(f.req[0], "Authorization", v, sizeof v),
	    "SLS4-HMAC-SHA256 Credential=testid/", 35) == 0);
	T_CHECK(strstr(v, "/cn-hangzhou/sls/aliyun_v4_request") != NULL);
	T_EQ_INT((int)strlen(fk_hdr(f.req[0], "x-log-content-sha256", v, sizeof v)), 64);
	T_EQ_INT((int)strlen(fk_hdr(f.req[0], "x-log-date", v, sizeof v)), 16);
	/* the body on the wire is the lz4 block; Content-MD5 is of what was sent */
	rb = strstr(f.req[0], "\r\n\r\n") + 4;
	blen = f.req_len[0] - (size_t)(rb - f.req[0]);
	sign_md5_hex(rb, blen, md5);
	T_EQ_STR(fk_hdr(f.req[0], "Content-MD5", v, sizeof v), md5);
	T_REQUIRE(cz_decompress(CZ_LZ4, rb, blen, sizeof body - 1, 1 << 20, &plain) == 0);
	T_CHECK(memcmp(plain, body, sizeof body - 1) == 0);
	free(plain);
	cl_client_free(c);
	fk_stop(&f);
}

static void
test_lz4_reply(void)
{
	static const char json[] = "{\"meta\":{\"progress\":\"Complete\"},\"data\":[]}";
	struct fake f = { 0 };
	struct cl_client *c;
	struct cl_call call;
	struct cl_args a;
	struct result r;
	void *z;
	size_t zn;
	char *good, *bad;
	size_t gl, bl;

	T_REQUIRE(cz_compress(CZ_LZ4, json, sizeof json - 1, &z, &zn) == 0);
	good = malloc(256 + zn);
	gl = (size_t)sprintf(good, "HTTP/1.1 200 OK\r\nx-log-compresstype: lz4\r\n"
				   "x-log-bodyrawsize: %zu\r\nContent-Length: %zu\r\n\r\n", sizeof json - 1, zn);
	memcpy(good + gl, z, zn);
	gl += zn;
	bad = malloc(256 + zn);
	bl = (size_t)sprintf(bad, "HTTP/1.1 200 OK\r\nx-log-compresstype: lz4\r\n"
				  "x-log-bodyrawsize: %zu\r\nContent-Length: %zu\r\n\r\n", sizeof json + 10, zn);
	memcpy(bad + bl, z, zn);
	bl += zn;
	f.reply[0] = good;
	f.reply_len[0] = gl;
	f.reply[1] = bad;
	f.reply_len[1] = bl;
	fk_start(&f);
	c = client(&f, NULL, NULL, 0);
	cl_args_init(&a);
	cl_api_get_index(&call, &a, "p", "l");
	call.accept_lz4 = 1;
	run(c, &call, &r);
	T_EQ_INT(r.err.st, CL_OK);
	T_EQ_STR(r.body, json);
	T_CHECK(fk_strcasestr(f.req[0], "\r\nAccept-Encoding: lz4\r\n") != NULL);
	run(c, &call, &r);  /* the declared raw size is wrong */
	T_EQ_INT(r.err.st, CL_E_DECODE);
	cl_args_free(&a);
	cl_client_free(c);
	fk_stop(&f);
	free(good);
	free(bad);
	free(z);
}

/* The retry hook's record: how many retries it heard of, the last code. */
static int retry_seen;
static char retry_code[64];
static long retry_http;

static void
on_retry(void *ud, const struct cl_err *err, int attempt, long wait_ms)
{
	(void)ud;
	(void)wait_ms;
	retry_seen = attempt;
	retry_http = err->http;
	snprintf(retry_code, sizeof retry_code, "%s", err->code);
}

static void
test_retry_and_errors(void)
{
	struct fake f = { 0 };
	struct cl_client *c;
	struct cl_call call;
	struct cl_args a;
	struct result r;

	fk_reply(&f, 0, "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
			"x-log-requestid: R1\r\nContent-Length: 52\r\n\r\n"
			"{\"errorCode\":\"ServerBusy\",\"errorMessage\":\"busy now\"}");
	fk_reply(&f, 1, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]");
	fk_reply(&f, 2, "HTTP/1.1 400 Bad Request\r\nx-log-requestid: R3\r\nContent-Length: 70\r\n\r\n"
			"{\"errorCode\":\"ParameterInvalid\",\"errorMessage\":\"line is not a number\"}");
	fk_start(&f);
	c = client(&f, NULL, NULL, 0);
	cl_args_init(&a);
	cl_api_list_shards(&call, &a, "p", "l");
	call.on_retry = on_retry;
	run(c, &call, &r);
	T_EQ_INT(r.err.st, CL_OK); /* the 503 was retried */
	T_EQ_INT(f.n, 2);
	T_EQ_INT(retry_seen, 1); /* and the hook heard of it, with its error */
	T_EQ_INT(retry_http, 503);
	T_EQ_STR(retry_code, "ServerBusy");
	retry_seen = 0;
	run(c, &call, &r);
	T_EQ_INT(retry_seen, 0); /* no retry, no call */
	T_EQ_INT(r.err.st, CL_E_HTTP);
	T_EQ_INT(r.err.http, 400);
	T_EQ_STR(r.err.code, "ParameterInvalid");
	T_EQ_STR(r.err.msg, "line is not a number");
	T_EQ_STR(r.err.requestid, "R3");
	T_EQ_INT(f.n, 3); /* a 400 is not retried */
	cl_args_free(&a);
	cl_client_free(c);
	fk_stop(&f);
}

static void
test_cap_truncation_cancel(void)
{
	struct fake f = { 0 };
	struct cl_client *c;
	struct cl_call call;
	struct cl_args a;
	struct result r;
	char big[600];
	uint64_t id;

	snprintf(big, sizeof big, "HTTP/1.1 200 OK\r\nContent-Length: 300\r\n\r\n%0300d", 7);
	fk_reply(&f, 0, big);
	/* a body cut short, then the connection closes (every retry too) */
	fk_reply(&f, 1, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n[1,2");
	fk_reply(&f, 2, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n[1,2");
	fk_reply(&f, 3, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n[1,2");
	fk_reply(&f, 4, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n[1,2");
	fk_reply(&f, 5, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n[1,2");
	fk_reply(&f, 6, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n[1,2");
	fk_start(&f);
	c = client(&f, NULL, NULL, 100);
	cl_args_init(&a);
	cl_api_list_shards(&call, &a, "p", "l");
	run(c, &call, &r);
	T_EQ_INT(r.err.st, CL_E_TOO_LARGE);
	run(c, &call, &r);
	T_CHECK(r.err.st == CL_E_NET || r.err.st == CL_E_TIMEOUT);
	cl_client_free(c);
	fk_stop(&f);

	/* a server that never answers: cancel */
	memset(&f, 0, sizeof f);
	fk_start(&f);
	c = client(&f, NULL, NULL, 0);
	memset(&r, 0, sizeof r);
	id = cl_send(c, &call, on_done, &r);
	while (f.n == 0)
		cl_poll(c, NULL, 0, 20);
	cl_cancel(c, id);
	cl_wait(c, id);
	T_EQ_INT(r.err.st, CL_E_CANCELLED);
	cl_args_free(&a);
	cl_client_free(c);
	fk_stop(&f);
}

/* Keep-alive: two requests in a row share one connection. */
static void
test_keepalive(void)
{
	struct fake f = { 0 };
	struct cl_client *c;
	struct cl_call call;
	struct cl_args a;
	struct result r;

	f.keepalive = 1;
	fk_reply(&f, 0, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]");
	fk_reply(&f, 1, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]");
	fk_start(&f);
	c = client(&f, NULL, NULL, 0);
	cl_args_init(&a);
	cl_api_list_shards(&call, &a, "p", "l");
	run(c, &call, &r);
	T_EQ_INT(r.err.st, CL_OK);
	run(c, &call, &r);
	T_EQ_INT(r.err.st, CL_OK);
	T_EQ_INT(f.n, 2);
	T_EQ_INT(f.conns, 1);
	cl_args_free(&a);
	cl_client_free(c);
	fk_stop(&f);
}

/* A second endpoint and key set on the same transfers: each request is
 * signed with its own client's keys and goes to its own host; polling
 * either client drives both; freeing the sharing client drops its
 * request in flight without a callback. */
static void
test_shared_client(void)
{
	struct fake f1 = { 0 }, f2 = { 0 };
	struct cl_client *c1, *c2;
	struct cl_cfg cfg;
	struct cl_err err;
	struct cl_call call;
	struct cl_args a;
	struct result r1, r2, r3;
	char ep[64], h[200];
	uint64_t id1, id2;

	fk_reply(&f1, 0, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]");
	fk_reply(&f2, 0, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
	fk_start(&f1);
	fk_start(&f2);
	c1 = client(&f1, NULL, NULL, 0);
	snprintf(ep, sizeof ep, "http://127.0.0.1:%d", f2.port);
	memset(&cfg, 0, sizeof cfg);
	cfg.endpoint = ep;
	cfg.ak_id = "otherid";
	cfg.ak_secret = "othersecret";
	cfg.deadline_ms = 3000;
	c2 = cl_client_new_shared(c1, &cfg, &err);
	T_CHECK(c2 != NULL);
	cl_args_init(&a);
	cl_api_list_shards(&call, &a, "p", "l");
	memset(&r1, 0, sizeof r1);
	memset(&r2, 0, sizeof r2);
	memset(&r3, 0, sizeof r3);
	id1 = cl_send(c1, &call, on_done, &r1);
	id2 = cl_send(c2, &call, on_done, &r2);
	T_CHECK(id1 != id2);
	T_EQ_INT(cl_pending(c2), 2);
	cl_wait(c1, id2); /* the owner drives the sharer's request too */
	cl_wait(c2, id1);
	T_EQ_INT(r1.err.st, CL_OK);
	T_EQ_INT(r2.err.st, CL_OK);
	T_EQ_STR(r1.body, "[]");
	T_EQ_STR(r2.body, "{}");
	T_CHECK(strncmp(fk_hdr(f1.req[0], "Authorization", h, sizeof h), "LOG testid:", 11) == 0);
	T_CHECK(strncmp(fk_hdr(f2.req[0], "Authorization", h, sizeof h), "LOG otherid:", 12) == 0);
	T_CHECK(strstr(fk_hdr(f2.req[0], "Host", h, sizeof h), ep + 7) != NULL);
	/* f2 never answers this one; freeing c2 drops it, silently */
	cl_send(c2, &call, on_done, &r3);
	cl_poll(c1, NULL, 0, 50);
	cl_client_free(c2);
	T_EQ_INT(cl_pending(c1), 0);
	cl_poll(c1, NULL, 0, 10);
	T_EQ_INT(r3.done, 0);
	cl_args_free(&a);
	cl_client_free(c1);
	fk_stop(&f1);
	fk_stop(&f2);
}

/* Keys about to expire are renewed in a thread: the request that notices
 * goes out at once with the old keys, a later one carries the new keys. */
static int renew_calls;

static int
slow_refresh(void *ud, char *id, size_t idlen, char *secret, size_t seclen, char *token,
    size_t toklen, int64_t *expires)
{
	(void)ud;
	usleep(300 * 1000);
	snprintf(id, idlen, "newid");
	snprintf(secret, seclen, "newsecret");
	snprintf(token, toklen, "newtoken");
	*expires = (int64_t)time(NULL) + 3600;
	renew_calls++;
	return 0;
}

static void
test_renew_in_background(void)
{
	struct fake f = { 0 };
	struct cl_client *c;
	struct cl_call call;
	struct cl_args a;
	struct result r;
	char h[200];
	struct timespec t0, t1;
	int i;

	f.keepalive = 1;
	fk_reply(&f, 0, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]");
	fk_reply(&f, 1, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]");
	fk_start(&f);
	c = client(&f, "oldtoken", NULL, 0);
	cl_client_set_refresh(c, slow_refresh, NULL, (int64_t)time(NULL) + 60);
	cl_args_init(&a);
	cl_api_list_shards(&call, &a, "p", "l");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	run(c, &call, &r);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	T_EQ_INT(r.err.st, CL_OK);
	/* it did not wait for the 300 ms renewal, and used the old keys */
	T_CHECK((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000 < 250);
	T_CHECK(strncmp(fk_hdr(f.req[0], "Authorization", h, sizeof h), "LOG testid:", 11) == 0);
	for (i = 0; i < 100 && renew_calls == 0; i++)
		cl_poll(c, NULL, 0, 10);
	cl_poll(c, NULL, 0, 10); /* collects the new keys */
	T_EQ_INT(renew_calls, 1);
	run(c, &call, &r);
	T_EQ_INT(r.err.st, CL_OK);
	T_CHECK(strncmp(fk_hdr(f.req[1], "Authorization", h, sizeof h), "LOG newid:", 10) == 0);
	T_EQ_STR(fk_hdr(f.req[1], "x-acs-security-token", h, sizeof h), "newtoken");
	T_EQ_INT(renew_calls, 1); /* the new keys last an hour: no second renewal */
	cl_args_free(&a);
	cl_client_free(c);
	fk_stop(&f);
}

#define T_LIST(X)                                                               \
	X(test_renew_in_background) X(test_shared_client) X(test_keepalive) X(test_get_headers) X(test_post_lz4_and_v4) X(test_lz4_reply)               \
	X(test_retry_and_errors) X(test_cap_truncation_cancel)
T_MAIN(T_LIST)
