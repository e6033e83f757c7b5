/*
 * sd_http — slsd's HTTP layer on libmicrohttpd: accumulates requests
 * (10 MB body cap), finds the project in the Host header, authenticates,
 * hands each request to the API router and sends the reply with the
 * headers every SLS reply carries (x-log-requestid, x-log-time).
 */
#ifndef SLSX_SERVER_SD_HTTP_H
#define SLSX_SERVER_SD_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "base/sb.h"
#include "proto/sign.h"

struct sd_store;
struct sd_keys;
struct sd_faults;

#define SD_MAX_BODY ((size_t)10 * 1024 * 1024)
#define SD_MAX_HDRS 16

struct sd_req {
	const char *method;
	const char *path;          /* as received, no query */
	char project[128];         /* "" for endpoint-level calls */
	char client_ip[64];
	struct sign_kv *query;     /* decoded */
	size_t nquery;
	struct sign_kv *headers;
	size_t nheaders;
	struct sb body;
	int too_large;
	const char *route;         /* route name set by the router, for faults */
};

struct sd_resp {
	int status;
	struct sb body;
	const char *content_type;
	struct {
		char name[40];
		char value[4096];
	} hdr[SD_MAX_HDRS];
	int nhdr;
	/* fault effects, applied when sending */
	int reset;                 /* close the connection without a reply */
	int64_t delay_ms;          /* wait before replying */
	int truncate;              /* send half the body with the full length */
};

struct sd_server {
	struct sd_store *store;
	struct sd_keys *keys;
	struct sd_faults *faults;  /* may be NULL */
	void *mhd;                 /* struct MHD_Daemon */
	int port;
};

/* Query / header lookup (header names case-insensitive); NULL if absent. */
const char *sd_req_query(const struct sd_req *r, const char *key);
const char *sd_req_header(const struct sd_req *r, const char *name);
/* Add a response header (silently dropped past SD_MAX_HDRS). */
void sd_resp_header(struct sd_resp *rs, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Fill rs with the JSON error envelope. */
void sd_resp_error(struct sd_resp *rs, int status, const char *code, const char *msg);

/* Start listening on addr:port (port 0 picks one; srv->port gets it).
 * 0 ok, -1 with a message in err. */
int sd_http_start(struct sd_server *srv, const char *addr, int port, char *err,
    size_t errlen);
void sd_http_stop(struct sd_server *srv);

/* The router, in sd_api.c: fills rs for rq. */
void sd_api_handle(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs);

#endif
