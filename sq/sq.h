/*
 * sq — slsd's query engine: search, SQL, histograms, context, topics.
 *
 * The engine keeps every log of every logstore in memory (see sq_int.h for
 * the layout): the HTTP side stores each accepted LogGroup in SQLite and
 * hands the same bytes to sq_ingest; at start the store reads its tables
 * and feeds every logstore's index config and stored group through the
 * same two calls, so the engine knows nothing of the store's schema.
 * Queries never touch the shared database: SQL runs in a private
 * in-memory SQLite connection per query, over a virtual table that reads
 * the engine's rows.
 *
 * Every query entry point fills an sq_result: JSON bodies plus the values
 * of the x-log-* headers. Errors come back as an SLS error code and a
 * message; the route maps the code to its HTTP status. Thread safe: one
 * rwlock per logstore (ingest and index changes write, queries read), so
 * a long query of one logstore stops no other logstore's queries, and
 * ingest never waits for a query (see sq_ingest).
 *
 * Nothing here knows about HTTP or authentication.
 */
#ifndef SLSX_SQ_SQ_H
#define SLSX_SQ_SQ_H

#include <stddef.h>
#include <stdint.h>

struct sq;

/* Query limits (beyond them: ParameterInvalid, nothing evaluated). */
#define SQ_MAX_QUERY_LEN (1u << 20)  /* bytes of a whole query, search | SQL */
#define SQ_MAX_QUERY_TERMS 50000     /* terms (and "*") of a search statement */
#define SQ_MAX_QUERY_DEPTH 64        /* nested "(" and "not" of a search statement */

/* Waiting limits. A query waits at most SQ_READ_WAIT_MS for its
 * logstore's lock (taken by a re-index), then answers ServerBusy (503, the
 * SDKs retry it). A logstore busy with a query queues at most SQ_PEND_MAX
 * bytes of ingest, then ingest answers WriteQuotaExceed (403, the
 * producers retry it). */
#define SQ_READ_WAIT_MS 10000
#define SQ_PEND_MAX (64u << 20)
#define SQ_BULK_PEND ((size_t)8 << 20) /* what a bulk load queues before it waits */

struct sq_err {
	char code[64];   /* SLS errorCode, e.g. "ParameterInvalid" */
	char msg[512];   /* errorMessage */
};

struct sq *sq_new(void);
void sq_free(struct sq *q);
/* A logstore's index config changed (NULL: deleted); rows are re-indexed. */
int sq_set_index(struct sq *q, int64_t ls, const char *index_json, struct sq_err *err);
/* One stored LogGroup (serialized, server tags included) of shard at
 * cursor, received at recv (unix seconds). Never waits for a query: when
 * the logstore is busy the group is queued and applied (in order) by the
 * next change or query of that logstore; -1 WriteQuotaExceed when the
 * queue holds SQ_PEND_MAX bytes already. */
int sq_ingest(struct sq *q, int64_t ls, int shard, int64_t cursor, int64_t recv, const void *pb,
    size_t len, struct sq_err *err);
/* The same, for a bulk load (local files, the demo's back-fill): the
 * group is queued and indexed by the engine's own thread, so the caller
 * goes on reading and storing while it is indexed on another core; when
 * the queue is full it waits for room rather than refuse. A query of the
 * logstore applies what is still queued first, so it sees every group
 * given before it. */
void sq_ingest_wait(struct sq *q, int64_t ls, int shard, int64_t cursor, int64_t recv,
    const void *pb, size_t len);
/* sq_ingest_wait of a group given as the page it was built in (one group,
 * as pb_encode_group would write it; len: the bytes it encodes to, for the
 * queue's limit) instead of its bytes: the engine indexes the page itself
 * (no decode) and owns it from now. sq_page_get gives an empty page to
 * build the next one in: one the engine of logstore ls is done with, or a
 * new one. */
struct pb_page;
void sq_ingest_page_wait(struct sq *q, int64_t ls, int shard, int64_t cursor, int64_t recv,
    struct pb_page *pg, size_t len);
struct pb_page *sq_page_get(struct sq *q, int64_t ls);
/* Forget a deleted logstore (a query holding it finishes first). */
void sq_drop(struct sq *q, int64_t ls);
/* 1 when an ingest of len bytes into ls would be taken now (applied or
 * queued), 0 when the queue is full (sq_ingest would refuse it with
 * WriteQuotaExceed): asked before a group is stored. */
int sq_ingest_room(struct sq *q, int64_t ls, size_t len);
/* A logstore whose rows are still coming (a file slsd loads while it
 * listens, its newest part first): until loading is set back to 0,
 * answers that may miss rows say Incomplete (SQL results, histogram
 * buckets before complete_from, search pages reaching back before it);
 * a newest-first page whose rows are all after complete_from, the time
 * from which every row is in, is Complete. */
void sq_set_loading(struct sq *q, int64_t ls, int loading, int64_t complete_from);
/* The queue limit (bytes per logstore, default SQ_PEND_MAX). */
void sq_set_pending_max(struct sq *q, size_t bytes);
/* How long a query waits for its logstore (ms, default SQ_READ_WAIT_MS). */
void sq_set_read_wait(struct sq *q, int64_t ms);

/* GetLogs (v1 and v2), GetHistograms. */
struct sq_getlogs_req {
	int64_t from, to;      /* [from, to) unix seconds */
	const char *query;     /* search [| SQL], may be NULL or "" */
	const char *topic;     /* NULL or "" for any */
	int64_t line;          /* rows per page (capped at 100 for search) */
	int64_t offset;
	int reverse;
	int64_t interval;      /* histograms: bucket seconds, 0 = choose */
	int power_sql;         /* the request asked for power SQL (echoed in meta) */
};

struct sq_result {
	char *body;            /* JSON: v2 object, histogram array, context object, ... */
	size_t body_len;
	char *body_v1;         /* GetLogs: the data array alone (v1 and project logs) */
	size_t body_v1_len;
	int64_t count;         /* rows in data / total hits for histograms */
	int64_t processed_rows;
	int64_t elapsed_ms;
	int has_sql;
	int complete;          /* 0: Incomplete, rows may be missing (sq_set_loading) */
	char *where_query;     /* the search part */
	char *agg_query;       /* the SQL part ("" without) */
	char *query_info;      /* ASCII JSON for x-log-query-info */
	char *next_token;      /* ListTopics */
};
void sq_result_free(struct sq_result *r);

int sq_query_getlogs(struct sq *q, int64_t ls, const struct sq_getlogs_req *req,
    struct sq_result *res, struct sq_err *err);
int sq_query_histograms(struct sq *q, int64_t ls, const struct sq_getlogs_req *req,
    struct sq_result *res, struct sq_err *err);
/* GetContextLogs. */
int sq_query_context(struct sq *q, int64_t ls, const char *pack_id, const char *pack_meta,
    int64_t back, int64_t forward, struct sq_result *res, struct sq_err *err);
/* ListTopics: up to line topics after token (a topic name, "" = start). */
int sq_query_topics(struct sq *q, int64_t ls, int64_t line, const char *token,
    struct sq_result *res, struct sq_err *err);
/* GetProjectLogs: query is full SQL naming logstores in FROM; resolve maps
 * a logstore name to its id (or -1). */
int sq_query_project_logs(struct sq *q, const char *query,
    int64_t (*resolve)(void *ctx, const char *logstore), void *ctx, struct sq_result *res,
    struct sq_err *err);

#endif
