/*
 * sd_route — slsd's router: the route table (sd_route.c) from a request's
 * method, path and ?type= to its handler in sd_ctl, sd_data or sd_query.
 */
#ifndef SLSX_SERVER_SD_ROUTE_H
#define SLSX_SERVER_SD_ROUTE_H

struct sd_server;
struct sd_req;
struct sd_resp;

/* Fill rs for rq (an authenticated request). */
void sd_route_handle(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs);

#endif
