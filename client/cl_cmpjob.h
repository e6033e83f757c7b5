/*
 * cl_cmpjob — comparing a window with a baseline, as one job the UI's
 * :compare and `slsx compare` share. Without fields given it asks GetIndex
 * for the text and long fields, then one statement of approx_distinct for
 * those with 2 to CL_CMPJOB_VALUES values in the window (at most
 * CL_CMPJOB_FIELDS); then, all at once, a spread sample of each side
 * (cl_sample) clustered by one miner (cl_pat) so both sides share
 * templates, and each field's top values on each side (cl_an). The lists
 * are ranked by cl_cmp's score. Never blocks: it runs on cl_poll.
 */
#ifndef SLSX_CLIENT_CL_CMPJOB_H
#define SLSX_CLIENT_CL_CMPJOB_H

#include <stddef.h>
#include <stdint.h>

#include "client/cl.h"
#include "client/cl_cmp.h"
#include "client/cl_query.h"

#define CL_CMPJOB_FIELDS 6      /* fields chosen by default, at most */
#define CL_CMPJOB_CANDIDATES 24 /* index fields looked at for them */
#define CL_CMPJOB_VALUES 30     /* distinct values a chosen field has at most; values asked */

struct cl_cmpjob_spec {
	struct cl_query q;           /* project, logstore, query (a search), topic; from/to:
	                              * the window */
	int64_t base_from, base_to;  /* the baseline */
	const char *const *fields;   /* the fields compared; NULL: chosen as above */
	size_t nfields;
	int64_t sample;              /* logs a side at most (0: cl_sample's default) */
};

struct cl_cmpjob_result {
	int64_t hits[2];             /* window, baseline (the histograms' counts) */
	int64_t sampled[2];          /* logs clustered */
	int all[2];                  /* the sample was every hit */
	struct cl_cmp pats;          /* templates, ranked */
	struct cl_cmp vals;          /* field values, ranked */
	char **fields;               /* the fields compared */
	size_t nfields;
	int complete;                /* every answer was Complete */
};

/* Called once, when everything came (err NULL) or something failed (what
 * came so far stays readable). Do not free the job from it. */
typedef void cl_cmpjob_fn(void *ud, const struct cl_err *err);

struct cl_cmpjob;
struct cl_cmpjob *cl_cmpjob_start(struct cl_client *c, const struct cl_cmpjob_spec *s,
    cl_cmpjob_fn *fn, void *ud);
const struct cl_cmpjob_result *cl_cmpjob_result(const struct cl_cmpjob *j);
/* Logs sampled so far (both sides), for progress. */
int64_t cl_cmpjob_progress(const struct cl_cmpjob *j);
/* Cancel what is in flight (no more callbacks) and free the job; NULL ok. */
void cl_cmpjob_free(struct cl_cmpjob *j);

#endif
