/*
 * cl_hist — the histogram job: GetHistograms for the search part of a
 * query (what follows the first '|' outside quotes is left out), re-asked
 * with backoff while the answer is Incomplete (cl_reask_ms, at most
 * CL_REASK_MAX times, as cl_qjob does for pages). Each answer goes to the
 * caller, so a UI can show a partial histogram while the job asks again;
 * the last one says so (final). Never blocks: the job runs on cl_poll.
 */
#ifndef SLSX_CLIENT_CL_HIST_H
#define SLSX_CLIENT_CL_HIST_H

#include "client/cl.h"
#include "client/cl_logs.h"
#include "client/cl_query.h"

/* What the job reports, once per answer and once on failure. */
struct cl_hist_ev {
	struct cl_hist *h;        /* an answer, the callee's (cl_hist_free, or
	                           * move the struct); NULL on failure */
	const struct cl_err *err; /* the failure, or NULL */
	int bad_reply;            /* err is about a reply that did not parse
	                           * (else the request failed) */
	int final;                /* nothing follows (complete, out of re-asks,
	                           * or failed) */
	int reasks;               /* re-asks so far */
};
typedef void cl_hist_fn(void *ud, const struct cl_hist_ev *ev);

struct cl_hist_spec {
	struct cl_query q;        /* project, logstore, from, to, query, topic */
	int max_reask;            /* 0: CL_REASK_MAX, <0: none */
	int cols;                 /* > 0: buckets of a round size, at most cols of them
				     (hstep_pick; the UI's histogram width); 0: as
				     q.interval says */
};

struct cl_hist_job;
/* Start the job (the spec's strings are copied). Do not free the job
 * from its callback. A logstore "a,b" (cl_merge_split) asks each and
 * reports their sum: every answer gives the sum of each logstore's latest,
 * final when all are; the first failure ends it. */
struct cl_hist_job *cl_hist_job_start(struct cl_client *c, const struct cl_hist_spec *s,
    cl_hist_fn *fn, void *ud);
/* b's counts added to a's, bucket by bucket (a bucket a lacks is put in
 * its place by time); totals summed, complete only if both are. */
void cl_hist_add(struct cl_hist *a, const struct cl_hist *b);
/* Is a request in flight (or waiting to re-ask)? */
int cl_hist_job_busy(const struct cl_hist_job *j);
/* Cancel what is in flight (no more callbacks) and free the job; NULL ok. */
void cl_hist_job_free(struct cl_hist_job *j);

#endif
