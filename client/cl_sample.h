/*
 * cl_sample — a sample of the logs a search matches over a range, for
 * analysis (log patterns, compare): every log when there are at most
 * `max`, else about `max` spread over the range in proportion to where
 * the hits are. The job asks GetHistograms first (the hits per bucket),
 * then cuts the range into CL_SAMPLE_SLICES slices of buckets and runs a
 * query job (cl_qjob: pages in parallel, re-asks, v1 fallback) on each in
 * turn for its share. Never blocks: it runs on cl_poll.
 */
#ifndef SLSX_CLIENT_CL_SAMPLE_H
#define SLSX_CLIENT_CL_SAMPLE_H

#include <stdint.h>

#include "client/cl.h"
#include "client/cl_logs.h"
#include "client/cl_query.h"

#define CL_SAMPLE_DEFAULT 100000
#define CL_SAMPLE_SLICES 16

struct cl_sample_spec {
	struct cl_query q;      /* project, logstore, from, to, query (a search), topic */
	int64_t max;            /* logs at most (0: CL_SAMPLE_DEFAULT) */
};

struct cl_sample_stat {
	int64_t hits;           /* what the histogram counted (-1 before it came) */
	int64_t rows;           /* logs delivered so far */
	int complete;           /* every answer was Complete */
	int all;                /* the sample is every hit */
	int done;
};

/* Each page as it comes (the callee owns it: cl_logs_free), then once
 * with page NULL: err NULL on success. Do not free the job from it. */
typedef void cl_sample_fn(void *ud, struct cl_logs *page, const struct cl_err *err);

struct cl_sample;
struct cl_sample *cl_sample_start(struct cl_client *c, const struct cl_sample_spec *s,
    cl_sample_fn *fn, void *ud);
const struct cl_sample_stat *cl_sample_stat(const struct cl_sample *j);
/* What the sample is, for a title: "all of the 1,000 hits", "a sample
 * of 52,000 hits", or, when every hit was read and a live logstore gave
 * more logs than the histogram had counted (rows), "all hits (50 when
 * counted)"; into buf (size n). */
void cl_sample_describe(const struct cl_sample_stat *st, int64_t rows, char *buf, size_t n);
/* Cancel what is in flight (no more callbacks) and free the job; NULL ok. */
void cl_sample_free(struct cl_sample *j);

#endif
