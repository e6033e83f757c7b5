/*
 * sd_route — slsd's router (spec §4.0): one table of routes, {method, path
 * pattern, ?type, fault route name, handler}, searched in order; the first
 * that matches runs. Before it runs, the path's names are resolved in the
 * order SLS checks them: the project of the Host header (MissingHost,
 * ProjectNotExist), the logstore of any /logstores/{ls}/... path
 * (LogStoreNotExist, even when no route matches), the {shard}
 * (ShardNotExist) and a required query parameter (ParameterInvalid).
 */
#include "server/sd_route.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/sd_catalog.h"
#include "server/sd_cg.h"
#include "server/sd_ctl.h"
#include "server/sd_data.h"
#include "server/sd_err.h"
#include "server/sd_query.h"
#include "server/sd_req.h"
#include "server/sd_resp.h"

#define SD_ROUTE_MAX_SEGS 5

typedef void sd_route_fn(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs);

/* Which Host a route serves: a project's (the default), only the bare
 * endpoint's, or either. */
enum sd_route_host { SD_ROUTE_PROJECT, SD_ROUTE_ENDPOINT, SD_ROUTE_ANYHOST };

struct sd_route {
	const char *method;        /* NULL: any */
	const char *path;          /* segments; {ls} a logstore, {shard} a shard id */
	const char *type;          /* the ?type= value: NULL any, "" absent or empty */
	const char *fault;         /* route name for --faults; NULL keeps the current one */
	const char *need;          /* a query parameter that must be present, or NULL */
	enum sd_route_host host;
	sd_route_fn *fn;
};

static void sd_route_no_api(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs);
static void sd_route_bad_type(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs);
static void sd_route_bad_shard_type(struct sd_server *srv, struct sd_req *rq,
    struct sd_resp *rs);

#define LS "/logstores/{ls}"
#define SH LS "/shards/{shard}"

static const struct sd_route sd_route_table[] = {
	{ "POST", "/", NULL, "project", NULL, SD_ROUTE_ANYHOST, sd_ctl_project_create },
	{ "GET", "/", NULL, "project", NULL, SD_ROUTE_ENDPOINT, sd_ctl_project_list },
	{ "GET", "/", NULL, "project", NULL, SD_ROUTE_PROJECT, sd_ctl_project_get },
	{ "DELETE", "/", NULL, "project", NULL, SD_ROUTE_PROJECT, sd_ctl_project_delete },
	{ NULL, "/", NULL, "project", NULL, SD_ROUTE_PROJECT, sd_route_no_api },
	{ "GET", "/logstores", NULL, "logstore", NULL, SD_ROUTE_PROJECT, sd_ctl_logstore_list },
	{ "POST", "/logstores", NULL, "logstore", NULL, SD_ROUTE_PROJECT, sd_ctl_logstore_create },
	{ NULL, "/logstores", NULL, "logstore", NULL, SD_ROUTE_PROJECT, sd_route_no_api },
	{ "GET", "/logs", NULL, "projectlogs", NULL, SD_ROUTE_PROJECT, sd_query_projectlogs },
	{ "GET", LS, "", "logstore", NULL, SD_ROUTE_PROJECT, sd_ctl_logstore_get },
	{ "GET", LS, "log", "getlogs", NULL, SD_ROUTE_PROJECT, sd_query_getlogs_v1 },
	{ "GET", LS, "histogram", "histogram", NULL, SD_ROUTE_PROJECT, sd_query_histogram },
	{ "GET", LS, "context_log", "context", NULL, SD_ROUTE_PROJECT, sd_query_context },
	{ "GET", LS, "topic", "topic", NULL, SD_ROUTE_PROJECT, sd_query_topics },
	{ "POST", LS, NULL, "put", NULL, SD_ROUTE_PROJECT, sd_data_put },
	{ "PUT", LS, NULL, "logstore", NULL, SD_ROUTE_PROJECT, sd_ctl_logstore_update },
	{ "DELETE", LS, NULL, "logstore", NULL, SD_ROUTE_PROJECT, sd_ctl_logstore_delete },
	{ NULL, LS, NULL, "logstore", NULL, SD_ROUTE_PROJECT, sd_route_bad_type },
	{ "GET", LS "/index", "histogram", "histogram", NULL, SD_ROUTE_PROJECT,
	    sd_query_histogram },
	{ NULL, LS "/index", NULL, "index", NULL, SD_ROUTE_PROJECT, sd_ctl_index },
	{ "POST", LS "/logs", NULL, "getlogs", NULL, SD_ROUTE_PROJECT, sd_query_getlogs_v2 },
	{ "GET", LS "/shards", NULL, "shards", NULL, SD_ROUTE_PROJECT, sd_ctl_shards },
	{ "POST", LS "/shards/lb", NULL, "put", NULL, SD_ROUTE_PROJECT, sd_data_put },
	{ "POST", LS "/shards/route", NULL, "put", "key", SD_ROUTE_PROJECT, sd_data_put_route },
	{ "GET", SH, "cursor", "cursor", NULL, SD_ROUTE_PROJECT, sd_data_cursor },
	{ "GET", SH, "cursor_time", "cursor", NULL, SD_ROUTE_PROJECT, sd_data_cursor_time },
	{ "GET", SH, "log", "pull", NULL, SD_ROUTE_PROJECT, sd_data_pull },
	{ "GET", SH, "logs", "pull", NULL, SD_ROUTE_PROJECT, sd_data_pull },
	{ "GET", SH, NULL, "cursor", NULL, SD_ROUTE_PROJECT, sd_route_bad_shard_type },
	{ NULL, LS "/consumergroups", NULL, "consumergroup", NULL, SD_ROUTE_PROJECT, sd_cg_handle },
	{ NULL, LS "/consumergroups/{cg}", NULL, "consumergroup", NULL, SD_ROUTE_PROJECT,
	    sd_cg_handle },
};

#undef SH
#undef LS

static void
sd_route_no_api(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	(void)srv;
	(void)rq;
	sd_resp_error(rs, 404, "InvalidRequest", "no such API");
}

static void
sd_route_bad_type(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	const char *type = sd_req_query(rq, "type");

	(void)srv;
	sd_resp_bad(rs, "unsupported request type %s", type ? type : "");
}

static void
sd_route_bad_shard_type(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	const char *type = sd_req_query(rq, "type");

	(void)srv;
	sd_resp_bad(rs, "unsupported shard request type %s", type ? type : "");
}

/* Split path into at most SD_ROUTE_MAX_SEGS segments; returns the count (or -1 if more). */
static int
sd_route_split(const char *path, char seg[SD_ROUTE_MAX_SEGS][128])
{
	int n = 0;
	const char *p = path;

	while (*p == '/')
		p++;
	while (*p) {
		size_t len = strcspn(p, "/");

		if (n == SD_ROUTE_MAX_SEGS || len >= 128)
			return -1;
		memcpy(seg[n], p, len);
		seg[n][len] = '\0';
		n++;
		p += len;
		while (*p == '/')
			p++;
	}
	return n;
}

static int
sd_route_shard_id(const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end != '\0' || v < 0 || v > 1000000 || *s == '\0')
		return -1;
	*out = (int)v;
	return 0;
}

/* Does pattern (segments, {name} matching any one) match seg[0..n)? */
static int
sd_route_match_path(const char *pat, char seg[][128], int n)
{
	int i = 0;

	while (*pat == '/')
		pat++;
	while (*pat) {
		size_t len = strcspn(pat, "/");

		if (i == n)
			return 0;
		if (pat[0] != '{' && (strlen(seg[i]) != len || memcmp(seg[i], pat, len) != 0))
			return 0;
		i++;
		pat += len;
		while (*pat == '/')
			pat++;
	}
	return i == n;
}

static int
sd_route_match_type(const char *want, const char *type)
{
	if (want == NULL)
		return 1;
	if (*want == '\0')
		return type == NULL || *type == '\0';
	return type != NULL && strcmp(type, want) == 0;
}

/* The first route for rq's method, path and type that serves its Host. */
static const struct sd_route *
sd_route_find(const struct sd_req *rq, char seg[][128], int n)
{
	const char *type = sd_req_query(rq, "type");
	int has_project = rq->project[0] != '\0';
	size_t i;

	for (i = 0; i < sizeof sd_route_table / sizeof sd_route_table[0]; i++) {
		const struct sd_route *rt = &sd_route_table[i];

		if (rt->host == SD_ROUTE_ENDPOINT ? has_project :
		    rt->host == SD_ROUTE_PROJECT ? !has_project : 0)
			continue;
		if ((rt->method == NULL || strcmp(rt->method, rq->method) == 0) &&
		    sd_route_match_path(rt->path, seg, n) && sd_route_match_type(rt->type, type))
			return rt;
	}
	return NULL;
}

/* The Host's project must exist; 0 ok, -1 with the reply set. */
static int
sd_route_project(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	char m[256];

	if (sd_catalog_project_get(srv->store, rq->project, NULL, 0, NULL, NULL))
		return 0;
	snprintf(m, sizeof m, "The Project does not exist : %s", rq->project);
	sd_resp_error(rs, 404, "ProjectNotExist", m);
	return -1;
}

/* The route's {shard} and required parameter; 0 ok, -1 with the reply set. */
static int
sd_route_params(const struct sd_route *rt, struct sd_req *rq, struct sd_resp *rs,
    char seg[][128], int n)
{
	if (strstr(rt->path, "{shard}") != NULL && sd_route_shard_id(seg[n - 1], &rq->shard) != 0) {
		sd_resp_error(rs, strcmp(rt->fault, "cursor") == 0 ? 400 : 404, "ShardNotExist",
		    "shard does not exist");
		return -1;
	}
	if (rt->need != NULL && sd_req_query(rq, rt->need) == NULL) {
		sd_resp_bad(rs, "Parameter %s is required", rt->need);
		return -1;
	}
	return 0;
}

static void
sd_route_run(const struct sd_route *rt, struct sd_server *srv, struct sd_req *rq,
    struct sd_resp *rs)
{
	if (rt->fault != NULL)
		rq->route = rt->fault;
	rt->fn(srv, rq, rs);
}

/* A project-level path: /logstores/{ls}/... names a logstore, which must
 * exist before any route of it is looked at. */
static void
sd_route_in_project(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs,
    const struct sd_route *rt, char seg[][128], int n)
{
	struct sd_logstore ls;
	struct sd_err err;

	if (n >= 2 && strcmp(seg[0], "logstores") == 0) {
		rq->route = "logstore";
		if (sd_catalog_logstore_get(srv->store, rq->project, seg[1], &ls, &err) != 0) {
			sd_resp_err(rs, &err);
			return;
		}
		rq->ls = &ls;
	}
	if (rt == NULL)
		sd_route_no_api(srv, rq, rs);
	else if (sd_route_params(rt, rq, rs, seg, n) == 0)
		sd_route_run(rt, srv, rq, rs);
	rq->ls = NULL;
}

void
sd_route_handle(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	char seg[SD_ROUTE_MAX_SEGS][128];
	int n = sd_route_split(rq->path, seg);
	const struct sd_route *rt;

	rs->status = 200;
	rs->content_type = "application/json";
	rq->ls = NULL;
	rq->shard = -1;
	if (n < 0) {
		sd_route_no_api(srv, rq, rs);
		return;
	}
	rt = sd_route_find(rq, seg, n);
	if (rt != NULL && rt->host == SD_ROUTE_ANYHOST) {
		sd_route_run(rt, srv, rq, rs);
	} else if (rq->project[0] == '\0') {
		rq->route = "project";
		if (rt != NULL)
			sd_route_run(rt, srv, rq, rs);
		else
			sd_resp_error(rs, 400, "MissingHost", "this API needs a project in the Host header");
	} else if (sd_route_project(srv, rq, rs) == 0) {
		sd_route_in_project(srv, rq, rs, rt, seg, n);
	}
}
