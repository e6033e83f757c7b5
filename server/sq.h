/*
 * sq — slsd's query engine: log rows, search, SQL, histograms, context.
 *
 * The HTTP side (sd_*) stores each LogGroup it accepts as one row of the
 * `groups` table (raw protobuf, server tags added) and hands the same group
 * to sq_ingest, which explodes it into queryable rows in tables sq owns
 * (their layout is private to sq_*.c). Every query entry point takes the
 * shared sqlite3 handle, the logstore's numeric id and a request, and
 * fills an sq_result: a JSON body plus the header values the route must
 * send. Errors come back as an SLS error code and message; the route maps
 * the code to its HTTP status.
 *
 * Nothing here knows about HTTP or authentication.
 */
#ifndef SLSX_SERVER_SQ_H
#define SLSX_SERVER_SQ_H

#include <stddef.h>
#include <stdint.h>

struct sqlite3;

struct sq_err {
	char code[64];   /* SLS errorCode, e.g. "ParameterInvalid" */
	char msg[512];   /* errorMessage */
};

/* Create sq's own tables if missing. 0 ok, -1 with err. */
int sq_init(struct sqlite3 *db, struct sq_err *err);

/* A logstore's index changed (or was created): index_json is the index
 * config as stored (spec §4.16), NULL when the logstore has no index.
 * Existing rows are re-indexed. */
int sq_set_index(struct sqlite3 *db, int64_t ls, const char *index_json, struct sq_err *err);

/* Explode one stored LogGroup (serialized protobuf, tags already added) into
 * rows. group_id is the rowid in `groups`; shard and cursor locate it for
 * pack_meta. */
int sq_ingest(struct sqlite3 *db, int64_t ls, int64_t group_id, int shard, int64_t cursor,
    const void *pb, size_t len, struct sq_err *err);

/* Drop all of a logstore's rows (logstore deleted). */
int sq_drop(struct sqlite3 *db, int64_t ls, struct sq_err *err);

/* GetLogs (v1 and v2 share this). */
struct sq_getlogs_req {
	int64_t from, to;      /* [from, to) unix seconds */
	const char *query;     /* search [| SQL], may be NULL or "" */
	const char *topic;     /* NULL or "" for any */
	int64_t line;          /* rows per page (capped at 100 for search) */
	int64_t offset;
	int reverse;
};

/* The reply: body is a malloc'd JSON text; the route sends it as the v2
 * {"meta":..,"data":..} object (body_v2) or the v1 array (body_v1) with
 * the x-log-* headers built from meta fields. */
struct sq_result {
	char *body_v2;         /* {"meta":{...},"data":[...]} */
	char *body_v1;         /* [...] (data only) */
	int64_t count;         /* rows in data */
	int64_t processed_rows;
	int64_t elapsed_ms;
	int has_sql;
	int complete;          /* 1: "Complete" */
	char *where_query;     /* malloc'd */
	char *agg_query;       /* malloc'd */
	char *query_info;      /* malloc'd JSON for x-log-query-info (ASCII) */
};
void sq_result_free(struct sq_result *r);

int sq_getlogs(struct sqlite3 *db, int64_t ls, const struct sq_getlogs_req *req,
    struct sq_result *res, struct sq_err *err);

/* GetHistograms: body = JSON array of {from,to,count,progress}; count =
 * total hits. */
int sq_histograms(struct sqlite3 *db, int64_t ls, const struct sq_getlogs_req *req,
    struct sq_result *res, struct sq_err *err);

/* GetContextLogs: body = {"progress","total_lines","back_lines",
 * "forward_lines","logs":[...]}. */
int sq_context(struct sqlite3 *db, int64_t ls, const char *pack_id, const char *pack_meta,
    int64_t back, int64_t forward, struct sq_result *res, struct sq_err *err);

/* ListTopics: body = JSON array of strings; *next_token malloc'd ("" when
 * done). */
int sq_topics(struct sqlite3 *db, int64_t ls, int64_t line, const char *token,
    struct sq_result *res, char **next_token, struct sq_err *err);

/* GetProjectLogs: query is full SQL naming logstores in FROM; resolve maps
 * a logstore name to its id (or -1). */
int sq_project_logs(struct sqlite3 *db, const char *query,
    int64_t (*resolve)(void *ctx, const char *logstore), void *ctx, struct sq_result *res,
    struct sq_err *err);

#endif
