/*
 * cl_api — SLS APIs on top of cl: builders that fill a struct cl_call,
 * and parsers that turn a cl_resp into plain data (spec §4). The caller
 * sends with cl_send and parses in its callback, so the same code serves
 * the event-driven TUI and the headless commands.
 */
#ifndef SLSX_CLIENT_CL_API_H
#define SLSX_CLIENT_CL_API_H

#include <stddef.h>
#include <stdint.h>

#include "client/cl.h"

struct pb_page;

#define CL_ARGS_MAX 16

/* Storage for a call's path and query (values copied). */
struct cl_args {
	struct sign_kv q[CL_ARGS_MAX];
	char *val[CL_ARGS_MAX];
	size_t n;
	char path[512];
	struct sb body;
};
void cl_args_init(struct cl_args *a);
void cl_args_free(struct cl_args *a);
/* Add key=value (both copied; at most CL_ARGS_MAX pairs). */
void cl_args_add(struct cl_args *a, const char *key, const char *value);
void cl_args_addi(struct cl_args *a, const char *key, int64_t v);

/* Builders: fill call (pointing into a, which must outlive cl_send). */
/* The common part of every builder: method, project, and a's path and
 * query (after a is filled). */
void cl_api_call(struct cl_call *call, struct cl_args *a, const char *method,
    const char *project);
void cl_api_list_projects(struct cl_call *call, struct cl_args *a, int64_t offset,
    int64_t size);
void cl_api_list_logstores(struct cl_call *call, struct cl_args *a, const char *project,
    int64_t offset, int64_t size);
void cl_api_list_shards(struct cl_call *call, struct cl_args *a, const char *project,
    const char *logstore);
/* from: "begin", "end" or unix seconds as text. */
void cl_api_get_cursor(struct cl_call *call, struct cl_args *a, const char *project,
    const char *logstore, int shard, const char *from);
/* PullLogs from cursor: at most count LogGroups, up to end_cursor (NULL:
 * no end), with spl (NULL or "": none) a server-side SPL filter sent as
 * the SDKs send it (query, pullMode=scan_on_stream). */
struct cl_pull {
	int shard;
	const char *cursor;
	int count;
	const char *end_cursor;
	const char *spl;
};
void cl_api_pull_logs(struct cl_call *call, struct cl_args *a, const char *project,
    const char *logstore, const struct cl_pull *p);
/* A JSON object line as the fields of pg's last log (strings as they are,
 * a NUL in them kept; other values as JSON text); -1 (nothing added) when
 * the line is not a JSON object. */
int cl_api_log_from_json(struct pb_page *pg, const char *line, size_t n);
/* PutLogs of group gi of pg (lz4 body) to /shards/lb, or to /shards/route
 * when hash_key (32 hex) is given. -1 if the group cannot be encoded. */
int cl_api_put_logs(struct cl_call *call, struct cl_args *a, const char *project,
    const char *logstore, const struct pb_page *pg, size_t gi, const char *hash_key);
void cl_api_get_project(struct cl_call *call, struct cl_args *a, const char *project);
void cl_api_get_logstore(struct cl_call *call, struct cl_args *a, const char *project,
    const char *logstore);
/* GetCursorTime: the server time of the group at cursor. */
void cl_api_get_cursor_time(struct cl_call *call, struct cl_args *a, const char *project,
    const char *logstore, int shard, const char *cursor);
void cl_api_create_project(struct cl_call *call, struct cl_args *a, const char *project,
    const char *description);
void cl_api_create_logstore(struct cl_call *call, struct cl_args *a, const char *project,
    const char *logstore, int ttl, int shards);

/* Parsed replies. */
struct cl_names {
	char **v;         /* names, owned */
	size_t n;
	int64_t total;
};
void cl_names_free(struct cl_names *n);
/* ListProject ("projects": objects with projectName) or ListLogStores
 * ("logstores": strings). 0 ok, -1 with err (CL_E_DECODE). */
int cl_parse_projects(const struct cl_resp *rs, struct cl_names *out, struct cl_err *err);
int cl_parse_logstores(const struct cl_resp *rs, struct cl_names *out, struct cl_err *err);

struct cl_shard {
	int id;
	char status[16];
	char begin_key[40], end_key[40];
	int64_t create_time;
};
/* *out malloc'd; returns the count or -1 with err. */
int cl_parse_shards(const struct cl_resp *rs, struct cl_shard **out, struct cl_err *err);
struct cl_project {
	char name[128];
	char description[256];
	char status[32];
	char region[64];
	int64_t create_time;    /* 0 when absent */
};
int cl_parse_project(const struct cl_resp *rs, struct cl_project *out, struct cl_err *err);
struct cl_logstore {
	char name[128];
	int64_t ttl;
	int64_t shard_count;
	int64_t create_time;
};
int cl_parse_logstore(const struct cl_resp *rs, struct cl_logstore *out, struct cl_err *err);
/* {"cursor_time": N} -> *t. */
int cl_parse_cursor_time(const struct cl_resp *rs, int64_t *t, struct cl_err *err);
/* {"cursor": "..."} -> out. */
int cl_parse_cursor(const struct cl_resp *rs, char *out, size_t outlen, struct cl_err *err);
/* PullLogs: append the groups to pg; checks x-log-count against what was
 * decoded. *ngroups gets the count; next cursor is rs->cursor. */
int cl_parse_pull(const struct cl_resp *rs, struct pb_page *pg, size_t *ngroups,
    struct cl_err *err);

#endif
