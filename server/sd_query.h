/*
 * sd_query — the query handlers (routes of sd_route.c) on top of the query
 * engine (sq/): GetLogs v1/v2, GetHistograms, GetContextLogs, ListTopics,
 * GetProjectLogs. rq->ls is the path's logstore.
 */
#ifndef SLSX_SERVER_SD_QUERY_H
#define SLSX_SERVER_SD_QUERY_H

struct sd_server;
struct sd_req;
struct sd_resp;

void sd_query_getlogs_v1(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs);
void sd_query_getlogs_v2(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs);
void sd_query_histogram(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs);
void sd_query_context(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs);
void sd_query_topics(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs);
void sd_query_projectlogs(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs);

#endif
