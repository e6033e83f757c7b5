/*
 * sd_route — what the router (sd_api.c) shares with the query routes
 * (sd_query.c): reply helpers and the query handlers.
 */
#ifndef SLSX_SERVER_SD_ROUTE_H
#define SLSX_SERVER_SD_ROUTE_H

#include <stdint.h>

struct sd_server;
struct sd_req;
struct sd_resp;
struct sd_logstore;

/* Compress the reply body per Accept-Encoding (lz4 preferred) and set
 * x-log-compresstype/x-log-bodyrawsize; force: compress even without the
 * header (PullLogs). 0 ok. */
int sd_encode_body(const struct sd_req *rq, struct sd_resp *rs, int force);
/* An optional decimal integer: NULL or "" -> def; 0 ok, -1 when not an integer. */
int sd_parse_int(const char *v, int64_t def, int64_t *out);

/* GetLogs: v1 (GET type=log) or v2 (POST /logs). */
void sd_route_getlogs(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs,
    const struct sd_logstore *ls, int v2);
void sd_route_histogram(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs,
    const struct sd_logstore *ls);
void sd_route_context(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs,
    const struct sd_logstore *ls);
void sd_route_topics(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs,
    const struct sd_logstore *ls);
void sd_route_projectlogs(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs);

#endif
