/*
 * sd_cg — consumer groups (routes of sd_route.c): CreateConsumerGroup,
 * ListConsumerGroup, UpdateConsumerGroup, DeleteConsumerGroup,
 * ConsumerGroupHeartBeat, GetCheckPoint and UpdateCheckPoint, as the
 * SDKs' consumer libraries call them. Groups, checkpoints and the live
 * consumers with their shards are rows of the store's database (tables
 * cgroups, cg_shards, cg_consumers), so with --data they survive a
 * restart; the sharing of shards is sd_cgbal's.
 */
#ifndef SLSX_SERVER_SD_CG_H
#define SLSX_SERVER_SD_CG_H

struct sd_server;
struct sd_req;
struct sd_resp;

#define SD_CG_MAX_GROUPS 30     /* per logstore, as the service */
#define SD_CG_MAX_TIMEOUT 86400 /* seconds */
#define SD_CG_MAX_CONSUMER 256  /* bytes of a consumer name */
#define SD_CG_MAX_CHECKPOINT 1024

/* /logstores/{ls}/consumergroups[/{group}]: every consumer group API,
 * told apart by method and ?type (rq->ls is the path's logstore). */
void sd_cg_handle(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs);

#endif
