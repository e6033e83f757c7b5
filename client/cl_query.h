/*
 * cl_query — the query APIs (GetLogs v2/v1, GetHistograms, GetContextLogs,
 * GetProjectLogs, GetIndex, ListTopics) and the query job that the TUI and
 * `slsx query` share.
 *
 * The builders fill a struct cl_call like those of cl_api.h. A query job
 * (cl_qjob) runs one query to completion on top of cl: it pages a search
 * with offset (several pages in flight, delivered in order), pages SQL
 * with LIMIT when the statement has none, re-asks Incomplete answers with
 * backoff, and falls back from GetLogs v2 to v1 when a server lacks v2.
 */
#ifndef SLSX_CLIENT_CL_QUERY_H
#define SLSX_CLIENT_CL_QUERY_H

#include <stdint.h>

#include "client/cl.h"
#include "client/cl_api.h"
#include "client/cl_logs.h"

struct cl_query {
	const char *project, *logstore;
	int64_t from, to;       /* unix seconds, [from, to) */
	const char *query;      /* "search [| SQL]"; NULL or "" means "*" */
	const char *topic;
	int reverse;
	int power_sql;
	int64_t offset;
	int line;               /* rows per request (search: at most 100) */
	int64_t interval;       /* GetHistograms: bucket seconds (0: the server's choice) */
};

void cl_api_get_logs_v2(struct cl_call *call, struct cl_args *a, const struct cl_query *q);
void cl_api_get_logs_v1(struct cl_call *call, struct cl_args *a, const struct cl_query *q);
void cl_api_get_histograms(struct cl_call *call, struct cl_args *a, const struct cl_query *q);
void cl_api_get_context(struct cl_call *call, struct cl_args *a, const char *project,
    const char *logstore, const char *pack_id, const char *pack_meta, int back, int forward);
void cl_api_get_project_logs(struct cl_call *call, struct cl_args *a, const char *project,
    const char *sql, int power_sql);
void cl_api_get_index(struct cl_call *call, struct cl_args *a, const char *project,
    const char *logstore);
void cl_api_list_topics(struct cl_call *call, struct cl_args *a, const char *project,
    const char *logstore, int line, const char *token);

/* Is there an SQL statement after a '|' (quoted text aside)? */
int cl_query_is_sql(const char *q);
/* Does the SQL statement end with its own LIMIT? */
int cl_query_has_limit(const char *q);

/* Re-asking an Incomplete answer: at most CL_REASK_MAX times, waiting
 * cl_reask_ms(n) before re-ask n (0-based): 200 ms doubling, capped at
 * 3.2 s (about 10 s in all). */
#define CL_REASK_MAX 6
long cl_reask_ms(int n);

/* A whole query, paged. */
struct cl_qspec {
	struct cl_query q;      /* q.offset: the first row (paged queries); line
	                         * is managed by the job */
	int64_t limit;          /* rows wanted; 0 = all */
	int page;               /* rows per request (default 100 search, 10000 SQL) */
	int inflight;           /* requests at once; 0: adaptive, from CL_QJOB_START up to
	                         * CL_QJOB_CAP, growing by one per clean answer, halved
	                         * when the server answers ServerBusy, 503 or a quota code */
	int force_v1;           /* use GetLogs v1 only */
	int max_reask;          /* re-asks of an Incomplete answer (0: CL_REASK_MAX, <0: none) */
	int with_pack_meta;     /* add "| with_pack_meta" to search queries */
	int dedupe;             /* with with_pack_meta: drop a row delivered before (same
	                         * pack id and pack meta), which offsets that move under
	                         * a live logstore would repeat */
};

#define CL_QJOB_START 4
#define CL_QJOB_CAP 16

struct cl_qstat {
	int64_t rows;           /* delivered */
	int inflight;           /* the window now (requests at once) */
	int inflight_peak;
	int64_t throttled;      /* answers that came after a refusal for load */
	int64_t repeats;        /* rows dropped as delivered before (dedupe) */
	int64_t requests;       /* sent, re-asks included */
	int64_t reasks;
	int reasking;           /* a page answered Incomplete is being asked again: its
	                         * re-asks so far (the most of any such page), else 0 */
	int complete;           /* every page was Complete */
	int v1;                 /* fell back to (or forced) v1 */
	int sql;
	int done;
};

struct cl_qjob;
/* Called with each page in order (the callee owns it and must
 * cl_logs_free it), then once with page NULL when the job ends: err NULL
 * on success, else the failure. Do not free the job from the callback. */
typedef void cl_qpage_fn(void *ud, struct cl_logs *page, const struct cl_err *err);

struct cl_qjob *cl_qjob_start(struct cl_client *c, const struct cl_qspec *s, cl_qpage_fn *fn,
    void *ud);
const struct cl_qstat *cl_qjob_stat(const struct cl_qjob *j);
/* Cancel what is in flight (no more callbacks) and free the job. */
void cl_qjob_free(struct cl_qjob *j);

/* The '|' that starts the analytic statement of q (outside quoted text),
 * or NULL: q up to it is the search part. */
const char *cl_query_pipe(const char *q);

#endif
