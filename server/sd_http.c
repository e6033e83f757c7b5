/*
 * sd_http — libmicrohttpd front end of slsd (see sd_http.h).
 */
#include "server/sd_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include <cjson/cJSON.h>
#include <microhttpd.h>

#include "base/clk.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "proto/sign.h"
#include "server/sd_auth.h"
#include "server/sd_fault.h"
#include "server/sd_resp.h"
#include "server/sd_route.h"
#include "server/sd_store.h"

/* Per-connection state while the body arrives. */
struct sd_conn {
	struct sd_req rq;
	int started;
};

static enum MHD_Result
sd_http_collect_kv(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct sd_req *rq = cls;
	struct sign_kv **v = kind == MHD_GET_ARGUMENT_KIND ? &rq->query : &rq->headers;
	size_t *n = kind == MHD_GET_ARGUMENT_KIND ? &rq->nquery : &rq->nheaders;

	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[*n].key = key;
	(*v)[*n].value = value ? value : "";
	(*n)++;
	return MHD_YES;
}

/* Project = first DNS label of Host when more labels follow it and the host
 * is not a bare IPv4 address (spec §1.2). */
static void
sd_http_project_from_host(const char *host, char *out, size_t outlen)
{
	char h[256];
	const char *dot;
	struct in_addr a;

	out[0] = '\0';
	if (host == NULL)
		return;
	snprintf(h, sizeof h, "%s", host);
	if (h[0] == '[') /* IPv6 literal: never a project */
		return;
	h[strcspn(h, ":")] = '\0';
	if (inet_pton(AF_INET, h, &a) == 1)
		return;
	if (strcmp(h, "localhost") == 0)
		return;
	dot = strchr(h, '.');
	if (dot == NULL || dot == h)
		return;
	/* "{label}.{IPv4}" or "{label}.{domain}"; "log.example" alone is the
	 * endpoint only when the remainder has no dot and is not localhost */
	if (strchr(dot + 1, '.') == NULL && strcmp(dot + 1, "localhost") != 0 &&
	    inet_pton(AF_INET, dot + 1, &a) != 1)
		return;
	snprintf(out, outlen, "%.*s", (int)(dot - h), h);
}

static void
sd_http_client_ip(struct MHD_Connection *c, char *out, size_t outlen)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

	snprintf(out, outlen, "127.0.0.1");
	if (ci == NULL || ci->client_addr == NULL)
		return;
	if (ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, out,
		    (socklen_t)outlen);
	else if (ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr,
		    out, (socklen_t)outlen);
}

static void
sd_http_request_id(char out[25])
{
	static unsigned long long counter;
	unsigned long long c = __atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED);

	snprintf(out, 25, "%08X%016llX", (unsigned)clk_wall(),
	    (c * 0x9E3779B97F4A7C15ULL) ^ (unsigned long long)clk_mono_us());
}

static enum MHD_Result
sd_http_send(struct MHD_Connection *c, struct sd_resp *rs)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	char rid[25];
	size_t len = rs->body.len;
	int i;

	if (rs->delay_ms > 0)
		clk_sleep_ms(rs->delay_ms);
	if (rs->reset)
		return MHD_NO;
	if (rs->truncate && len > 1)
		len /= 2;
	r = MHD_create_response_from_buffer(len, rs->body.p ? rs->body.p : (void *)"",
	    MHD_RESPMEM_MUST_COPY);
	if (r == NULL)
		return MHD_NO;
	sd_http_request_id(rid);
	MHD_add_response_header(r, "x-log-requestid", rid);
	{
		char t[24];

		snprintf(t, sizeof t, "%lld", (long long)clk_wall());
		MHD_add_response_header(r, "x-log-time", t);
	}
	MHD_add_response_header(r, "Server", "slsd");
	/* an empty success carries no Content-Type: the Node SDK parses any
	 * application/json reply as JSON, and "" is not JSON */
	if (len > 0 || rs->status != 200)
		MHD_add_response_header(r, "Content-Type",
		    rs->content_type ? rs->content_type : "application/json");
	/* MHD refuses empty values; a lone space reads as "" to every client
	 * (ListTopics must always carry x-log-nexttoken, spec §4.15) */
	for (i = 0; i < rs->nhdr; i++)
		MHD_add_response_header(r, rs->hdr[i].name,
		    rs->hdr[i].value[0] ? rs->hdr[i].value : " ");
	ret = MHD_queue_response(c, (unsigned)rs->status, r);
	MHD_destroy_response(r);
	return ret;
}

/* The body against its Content-MD5 (v1 signs it, as sent: compressed
 * bytes), checked on every request before auth and routing; 0 good, else
 * the reply is set. A v1-signed body without Content-MD5 is refused: every
 * SDK sends one with any body (spec §3.1; doc 29010: required with a
 * body), and without it the signature covers nothing of the body. v4's
 * x-log-content-sha256 is checked with the signature (sd_auth_check). */
static int
sd_http_body_md5_bad(const struct sd_req *rq, struct sd_resp *rs)
{
	const char *md5 = sd_req_header(rq, "content-md5");
	const char *authz = sd_req_header(rq, "authorization");
	char want[33];

	if (md5 == NULL || *md5 == '\0') {
		if (rq->body.len == 0 || authz == NULL || strncmp(authz, "LOG ", 4) != 0)
			return 0;
		sd_resp_error(rs, 400, "MissingContentMD5",
		    "Content-MD5 does not exist in http header when body is not empty");
		return -1;
	}
	sign_md5_hex(rq->body.p ? rq->body.p : "", rq->body.len, want);
	if (strcasecmp(md5, want) == 0)
		return 0;
	sd_resp_error(rs, 400, "InvalidContentMD5", "Content-MD5 does not match the body");
	return -1;
}

static void
sd_http_handle(struct sd_server *srv, struct MHD_Connection *c, struct sd_req *rq,
    struct sd_resp *rs)
{
	struct sign_req sr;
	struct sd_err err;

	MHD_get_connection_values(c, MHD_HEADER_KIND, sd_http_collect_kv, rq);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, sd_http_collect_kv, rq);
	sd_http_project_from_host(sd_req_header(rq, "host"), rq->project, sizeof rq->project);
	sd_http_client_ip(c, rq->client_ip, sizeof rq->client_ip);
	if (rq->too_large) {
		char m[128];

		snprintf(m, sizeof m, "Body size %zu must little than %zu.", rq->body.len,
		    SD_MAX_BODY);
		sd_resp_error(rs, 413, "PostBodyTooLarge", m);
		return;
	}
	if (sd_http_body_md5_bad(rq, rs) != 0)
		return;
	sr.method = rq->method;
	sr.path = rq->path;
	sr.query = rq->query;
	sr.nquery = rq->nquery;
	sr.headers = rq->headers;
	sr.nheaders = rq->nheaders;
	sr.body = rq->body.p;
	sr.body_len = rq->body.len;
	memset(&err, 0, sizeof err);
	if (sd_auth_check(srv->keys, &sr, clk_wall(), &err) != 0) {
		log_info("%s %s: %s", rq->method, rq->path, err.code);
		sd_resp_error(rs, err.status, err.code, err.msg);
		return;
	}
	sd_route_handle(srv, rq, rs);
}

static enum MHD_Result
sd_http_access(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	struct sd_server *srv = cls;
	struct sd_conn *cn = *con_cls;
	struct sd_resp rs;
	enum MHD_Result ret;

	(void)version;
	if (cn == NULL) {
		cn = xcalloc(1, sizeof *cn);
		sb_init(&cn->rq.body, SD_MAX_BODY);
		*con_cls = cn;
		return MHD_YES;
	}
	if (*upload_size != 0) {
		if (!cn->rq.too_large && sb_add(&cn->rq.body, upload, *upload_size) != 0)
			cn->rq.too_large = 1;
		*upload_size = 0;
		return MHD_YES;
	}
	cn->rq.method = method;
	cn->rq.path = url;
	memset(&rs, 0, sizeof rs);
	rs.status = 200;
	sb_init(&rs.body, 0);
	sd_http_handle(srv, c, &cn->rq, &rs);
	sd_resp_utf8(&rs);
	if (srv->faults)
		sd_fault_apply(srv->faults, &cn->rq, &rs);
	log_debug("%s %s%s%s -> %d", method, cn->rq.project, cn->rq.project[0] ? ":" : "", url,
	    rs.status);
	ret = sd_http_send(c, &rs);
	sb_free(&rs.body);
	return ret;
}

static void
sd_http_completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct sd_conn *cn = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (cn == NULL)
		return;
	sb_free(&cn->rq.body);
	free(cn->rq.query);
	free(cn->rq.headers);
	free(cn);
	*con_cls = NULL;
}

/* libmicrohttpd's diagnostics go to our log, never to stderr. */
static void
sd_http_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char buf[512];

	(void)cls;
	vsnprintf(buf, sizeof buf, fmt, ap);
	buf[strcspn(buf, "\n")] = '\0';
	log_info("microhttpd: %s", buf);
}

int
sd_http_start(struct sd_server *srv, const char *addr, int port, char *err, size_t errlen)
{
	struct sockaddr_in sa;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;

	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1) {
		snprintf(err, errlen, "bad listen address %s (want an IPv4 address)", addr);
		return -1;
	}
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
		MHD_USE_ERROR_LOG,
	    (uint16_t)port, NULL, NULL, sd_http_access, srv, MHD_OPTION_SOCK_ADDR, &sa,
	    MHD_OPTION_EXTERNAL_LOGGER, sd_http_mhd_log, NULL,
	    MHD_OPTION_NOTIFY_COMPLETED, sd_http_completed, srv, MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned)120, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)256 * 1024,
	    MHD_OPTION_END);
	if (d == NULL) {
		snprintf(err, errlen, "cannot listen on %s:%d", addr, port);
		return -1;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info ? info->port : port;
	srv->mhd = d;
	return 0;
}

void
sd_http_stop(struct sd_server *srv)
{
	if (srv->mhd)
		MHD_stop_daemon(srv->mhd);
	srv->mhd = NULL;
}
