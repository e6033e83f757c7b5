/*
 * sd_req — the request and the reply of one slsd call, and the server a
 * handler runs in: sd_http fills the request and sends the reply, the
 * router (sd_route) resolves the path into it, the handlers (sd_ctl,
 * sd_data, sd_query) read it and fill the reply (helpers in sd_resp.h),
 * sd_fault post-filters the reply. Also the request accessors: query
 * parameters, headers, integers, JSON bodies.
 */
#ifndef SLSX_SERVER_SD_REQ_H
#define SLSX_SERVER_SD_REQ_H

#include <stddef.h>
#include <stdint.h>

#include "base/sb.h"
#include "proto/sign.h"

struct cJSON;
struct sd_store;
struct sd_keys;
struct sd_faults;
struct sd_logstore;

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
	/* set by the router (sd_route.c) */
	const char *route;         /* route name, for faults */
	const struct sd_logstore *ls; /* the path's {ls}; NULL when it names none */
	int shard;                 /* the path's {shard}; -1 when it names none */
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
/* An optional decimal integer: NULL or "" -> def; 0 ok, -1 when not an integer. */
int sd_req_parse_int(const char *v, int64_t def, int64_t *out);
/* The same for query parameter key. */
int sd_req_int(const struct sd_req *rq, const char *key, int64_t def, int64_t *out);
/* The body as a JSON object; NULL with an error reply in rs when it is not one. */
struct cJSON *sd_req_json(const struct sd_req *rq, struct sd_resp *rs);

#endif
