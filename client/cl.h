/*
 * cl — the SLS API client: requests signed by proto/sign, sent through one
 * libcurl multi handle driven from the caller's event loop, decoded into
 * plain structs. Nothing here blocks except cl_wait, the convenience for
 * scripts; no curl type leaks out of client/.
 *
 * Life of a request: cl_send (or an API helper in cl_api.h) builds and
 * signs it and returns an id; cl_poll moves every transfer forward and
 * calls each finished request's callback with its reply or error. Retries
 * (transport errors, 5xx, ServerBusy, InternalServerError, RequestTimeout,
 * 403 quota codes) happen inside, with jittered exponential backoff under a
 * total deadline; the callback sees only the final outcome (a call's
 * on_retry hook hears of each retried failure as it happens).
 */
#ifndef SLSX_CLIENT_CL_H
#define SLSX_CLIENT_CL_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>

#include "base/sb.h"
#include "proto/sign.h"

struct cl_client;

enum cl_status {
	CL_OK,
	CL_E_NET,       /* connect/transport failure after retries */
	CL_E_TIMEOUT,   /* deadline passed */
	CL_E_HTTP,      /* the server answered an error (see http/code/msg) */
	CL_E_AUTH,      /* 401/403 authentication or authorisation errors */
	CL_E_DECODE,    /* malformed reply: bad JSON, lz4, protobuf, headers */
	CL_E_TOO_LARGE, /* reply over the size cap */
	CL_E_CANCELLED, /* cl_cancel */
	CL_E_USAGE      /* bad arguments from the caller */
};

/* Every failure, with what a user needs to quote it to support. */
struct cl_err {
	enum cl_status st;
	long http;          /* HTTP status, 0 when none */
	char code[64];      /* SLS errorCode */
	char msg[512];      /* errorMessage or transport detail */
	char requestid[40]; /* x-log-requestid */
};

const char *cl_strerror(enum cl_status st);

struct cl_cfg {
	const char *endpoint;    /* "https://cn-hangzhou.log.aliyuncs.com", "http://127.0.0.1:7890",
	                          * or a region id ("cn-hangzhou") */
	const char *connect_to;  /* "HOST:PORT": connect there, send the real Host */
	const char *ak_id;
	const char *ak_secret;
	const char *sts_token;   /* NULL unless temporary credentials */
	const char *region;      /* set to sign v4 */
	long connect_timeout_ms; /* default 10 s */
	long request_timeout_ms; /* per attempt, default 60 s */
	long deadline_ms;        /* retries stop after this, default 90 s */
	size_t max_body;         /* reply cap, default 256 MiB */
	const char *ca_file;     /* CA bundle to verify the server with (NULL: the system's) */
};

/* Resolved endpoint: scheme + host[:port]; 0 ok, -1 bad endpoint. */
int cl_endpoint_parse(const char *endpoint, int *https, char *host, size_t hostlen);

/* A new client; NULL with err when the configuration is unusable.
 * Strings are copied. */
struct cl_client *cl_client_new(const struct cl_cfg *cfg, struct cl_err *err);
/* Another endpoint or key set on owner's transfers: one multi handle (and
 * one connection pool) for the whole process. cl_poll, cl_wait and
 * cl_pending on either drive and count the requests of both. Free the
 * sharing clients before the owner; freeing one drops its requests in
 * flight without calling their callbacks. */
struct cl_client *cl_client_new_shared(struct cl_client *owner, const struct cl_cfg *cfg,
    struct cl_err *err);
void cl_client_free(struct cl_client *c);
/* Temporary keys (EcsRamRole): when the wall clock is within 5 minutes of
 * expires, the next request starts fn in a thread of its own (it may block;
 * it must only read ud) and goes on with the old keys; when fn returns 0
 * (having filled id, secret, token and the new expiry) the next request or
 * cl_poll switches to the new keys. On failure it is tried again a minute
 * later. cl_client_free waits for a renewal in flight. */
typedef int cl_refresh_fn(void *ud, char *id, size_t idlen, char *secret, size_t seclen,
    char *token, size_t toklen, int64_t *expires);
void cl_client_set_refresh(struct cl_client *c, cl_refresh_fn *fn, void *ud, int64_t expires);

/* One reply (valid during the callback only). Body is decompressed. */
struct cl_resp {
	long http;
	struct sb body;
	const char *requestid;
	int http_version;   /* 10, 11, 20 or 30: the HTTP version that answered */
	int throttled;      /* an attempt was refused for load (ServerBusy, 503, a
	                     * 403 quota code) and retried: callers that run many
	                     * requests at once should run fewer */
	/* selected x-log-* headers ("" when absent) */
	char cursor[80];
	char count[24];
	char bodyrawsize[24];
	char compresstype[16];
	char progress[24];
	char nexttoken[128];
	char read_last_cursor[32];
	/* every x-log-* header as "name\0value\0" pairs, names in lower case */
	struct sb xhdr;
};

/* A failed attempt that will be retried: err says why (as the final error
 * would), attempt counts from 1, wait_ms is the backoff before the next. */
typedef void cl_retry_fn(void *ud, const struct cl_err *err, int attempt, long wait_ms);

struct cl_call {
	const char *method;        /* "GET", "POST", ... */
	const char *project;       /* NULL for endpoint-level calls */
	const char *path;          /* "/logstores/web" */
	const struct sign_kv *query;
	size_t nquery;
	const char *content_type;  /* for a body */
	const void *body;
	size_t body_len;
	int compress_lz4;          /* send the body lz4-compressed */
	const char *accept;        /* Accept header, e.g. application/x-protobuf */
	int accept_lz4;            /* ask for lz4 replies */
	int idempotent;            /* transport errors may be retried */
	long delay_ms;             /* start after this many ms (re-asking) */
	long deadline_ms;          /* this request's own bound, retries included, when
	                            * shorter than the client's (0: the client's) */
	cl_retry_fn *on_retry;     /* told of each failed attempt that will be tried
	                            * again (with the done callback's ud), or NULL */
};

/* An x-log-* response header by name (any case), or NULL. */
const char *cl_resp_header(const struct cl_resp *rs, const char *name);

typedef void cl_done_fn(void *ud, const struct cl_resp *rs, const struct cl_err *err);

/* Queue a call; returns its id (> 0). done runs from cl_poll/cl_wait. */
uint64_t cl_send(struct cl_client *c, const struct cl_call *call, cl_done_fn *done, void *ud);
/* Cancel: done runs with CL_E_CANCELLED at the next cl_poll. */
void cl_cancel(struct cl_client *c, uint64_t id);
/* Cancel and forget: done is never called for id. */
void cl_abandon(struct cl_client *c, uint64_t id);
/* Drive transfers: waits on curl's sockets and the caller's fds (their
 * revents are filled in) for at most timeout_ms, then dispatches
 * completions. Returns the number of requests still in flight. */
int cl_poll(struct cl_client *c, struct pollfd *extra, unsigned nextra, int timeout_ms);
/* Milliseconds until the client needs cl_poll again (-1: nothing queued). */
int cl_timeout_ms(struct cl_client *c);
/* Block until request id completes (its callback has run). */
void cl_wait(struct cl_client *c, uint64_t id);
/* Requests in flight (including those waiting for a retry). */
int cl_pending(const struct cl_client *c);

/* What a client (and the clients sharing its multi handle) asked: the
 * cost of a session, for the UI's :stats and `slsx ... -v`. Attempts
 * count every try sent; bytes are what went over the wire (compressed);
 * the server's figures come from the answers' meta (cl_stats_meta). */
struct cl_stats {
	int64_t requests;        /* requests finished (each once, however many tries) */
	int64_t attempts;        /* tries sent, retries included */
	int64_t retries;
	int64_t failed;          /* requests that ended in an error */
	int64_t bytes_up, bytes_down;
	int64_t incomplete;      /* answers that said Incomplete (re-asks follow) */
	int64_t rows_processed;  /* the server's processed rows, summed */
	int64_t server_ms;       /* the server's elapsed time, summed */
};
const struct cl_stats *cl_stats(const struct cl_client *c);
/* A query answer's meta, counted (the query and histogram jobs call it). */
void cl_stats_meta(struct cl_client *c, int64_t processed_rows, int64_t elapsed_ms,
    int incomplete);

/* Backoff before retry attempt n (1-based): base * 2^(n-1) capped at cap,
 * jittered to [50%, 100%] by r in [0, 1). */
long cl_backoff_ms(int attempt, long base, long cap, double r);
/* Is this outcome retryable? (transport errors only when idempotent) */
int cl_retryable(long http, const char *code, int transport_error, int idempotent);

#endif
