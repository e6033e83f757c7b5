/*
 * cl_int — the request engine's own types, shared by cl.c (clients,
 * sending, retries, replies) and cl_req.c (one attempt's transfer: URL,
 * signed headers, curl options, header and body callbacks). Not for use
 * outside those two files.
 */
#ifndef SLSX_CLIENT_CL_INT_H
#define SLSX_CLIENT_CL_INT_H

#include <stddef.h>
#include <stdint.h>

#include <curl/curl.h>

#include "client/cl.h"
#include "proto/sign.h"

#define CL_UA "slsx/0.1"

struct cl_renew;

enum cl_state { CL_RUNNING, CL_WAITING, CL_FINISHED };

struct cl_req {
	uint64_t id;
	struct cl_client *c;
	/* the call, deep-copied */
	char *method, *project, *path, *content_type, *accept;
	struct sign_kv *query;
	size_t nquery;
	void *body;          /* as sent (compressed when compress_lz4) */
	size_t body_len, raw_len;
	int compress_lz4, accept_lz4, idempotent;
	cl_done_fn *done;
	cl_retry_fn *on_retry;
	void *ud;
	/* the transfer */
	CURL *easy;
	struct curl_slist *hdrs;
	struct curl_slist *connect_to; /* must outlive the transfer */
	char errbuf[CURL_ERROR_SIZE];  /* curl's detail of a transport error */
	struct cl_resp rs;
	char requestid[40];
	int too_large;
	enum cl_state state;
	int attempt;
	int throttled;       /* an attempt was refused for load */
	int64_t started;     /* monotonic ms the request was sent (for the log) */
	int64_t deadline;    /* monotonic ms */
	int64_t retry_at;
	int cancelled;
	struct cl_req *next;
};

struct cl_client {
	struct cl_client *owner; /* holds the multi handle and the requests: itself,
	                          * or the client this one shares them with */
	CURLM *multi;
	char *ak_id, *ak_secret, *sts_token, *region, *connect_to, *ca_file;
	char *http_proxy;    /* $HTTP_PROXY for an http endpoint (libcurl reads only
	                      * the lower-case http_proxy), or NULL */
	int https;
	char host[256];      /* host[:port] of the endpoint */
	long connect_timeout_ms, request_timeout_ms, deadline_ms;
	size_t max_body;
	uint64_t next_id;
	struct cl_req *reqs;
	uint64_t rng;
	cl_refresh_fn *refresh;
	void *refresh_ud;
	int64_t expires;
	struct cl_renew *renew; /* a renewal of the keys in progress, or NULL */
	struct cl_stats stats;  /* the owner's: every sharing client's requests */
};

/* cl.c: start renewing keys that expire soon, collect a finished renewal. */
void cl_refresh_keys(struct cl_client *c);
/* cl_req.c: (re)build the easy handle for the next attempt (fresh Date and
 * signature) and add it to the multi handle; 0 ok, -1 when it cannot be
 * built (a URL over its cap, a signature that does not fit). */
int cl_req_prepare(struct cl_req *r);

#endif
