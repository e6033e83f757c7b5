/*
 * sd_ctl — the control-plane handlers (routes of sd_route.c): projects,
 * logstores, shards, index configs. rq->ls is the path's logstore.
 */
#ifndef SLSX_SERVER_SD_CTL_H
#define SLSX_SERVER_SD_CTL_H

struct sd_server;
struct sd_req;
struct sd_resp;

void sd_ctl_project_list(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs);
void sd_ctl_project_create(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs);
void sd_ctl_project_get(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs);
void sd_ctl_project_delete(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs);
void sd_ctl_logstore_list(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs);
void sd_ctl_logstore_create(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs);
void sd_ctl_logstore_get(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs);
void sd_ctl_logstore_update(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs);
void sd_ctl_logstore_delete(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs);
/* ListShards. */
void sd_ctl_shards(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs);
/* Get/Create/Update/Delete the index config, by method. */
void sd_ctl_index(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs);

#endif
