/*
 * sd_http — slsd's HTTP layer on libmicrohttpd: accumulates requests
 * (10 MB body cap), finds the project in the Host header, authenticates,
 * hands each request to the router (sd_route.h) and sends the reply with
 * the headers every SLS reply carries (x-log-requestid, x-log-time). The
 * request and reply types are sd_req.h's.
 */
#ifndef SLSX_SERVER_SD_HTTP_H
#define SLSX_SERVER_SD_HTTP_H

#include <stddef.h>

#include "server/sd_req.h"

/* Start listening on addr:port (port 0 picks one; srv->port gets it).
 * 0 ok, -1 with a message in err. */
int sd_http_start(struct sd_server *srv, const char *addr, int port, char *err,
    size_t errlen);
void sd_http_stop(struct sd_server *srv);

#endif
