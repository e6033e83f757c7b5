/*
 * sd_data — the data-plane handlers (routes of sd_route.c): PutLogs,
 * GetCursor, GetCursorTime, PullLogs. rq->ls and rq->shard are the path's.
 */
#ifndef SLSX_SERVER_SD_DATA_H
#define SLSX_SERVER_SD_DATA_H

struct sd_server;
struct sd_req;
struct sd_resp;

void sd_data_put(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs);
void sd_data_put_route(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs);
void sd_data_cursor(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs);
void sd_data_cursor_time(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs);
void sd_data_pull(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs);

#endif
