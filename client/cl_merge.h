/*
 * cl_merge — one query over several logstores of a project, as one job:
 * a cl_qjob per logstore, the rows of a search merged by time (newest
 * first when reverse, as each logstore's pages come), the rows of an SQL
 * statement one logstore after the other. Every row carries the field
 * __logstore__ (first), naming where it came from.
 *
 * The callback contract is cl_qjob's: pages in order (the callee owns
 * each), then once with page NULL. A row is given only when no logstore
 * still loading can hold a row before it, so the order is exact however
 * the answers interleave. spec.limit bounds the merged rows (each
 * logstore is asked for at most as many, and again, from where it stopped,
 * when it gave all that and the merge needs more of it); an SQL statement
 * with no LIMIT of its own pages the same way, logstore by logstore, one
 * with its own LIMIT is asked once a logstore. A failure of any logstore ends
 * the job with that logstore's error (its name in the message).
 */
#ifndef SLSX_CLIENT_CL_MERGE_H
#define SLSX_CLIENT_CL_MERGE_H

#include <stddef.h>

#include "client/cl_query.h"

#define CL_MERGE_MAX 16       /* logstores in one merged query */
#define CL_MERGE_FIELD "__logstore__"

struct cl_mjob;

/* NULL (with err) when n is 0 or over CL_MERGE_MAX. s->q.logstore is
 * ignored; the names are copied. */
struct cl_mjob *cl_mjob_start(struct cl_client *c, const struct cl_qspec *s,
    const char *const *logstores, size_t n, cl_qpage_fn *fn, void *ud, struct cl_err *err);
/* The figures of every logstore's job, summed (inflight: the sum now;
 * complete: all were). */
const struct cl_qstat *cl_mjob_stat(struct cl_mjob *j);
void cl_mjob_free(struct cl_mjob *j);
/* Want rows more rows (after page NULL, as the UI scrolls on): the
 * logstores are asked again from where each stopped; pages, then page
 * NULL, follow as for the first rows. Not from a callback. */
void cl_mjob_more(struct cl_mjob *j, int64_t rows);
/* 1 when every logstore has given all it has (nothing for more). */
int cl_mjob_exhausted(const struct cl_mjob *j);

/* "a,b , c" into at most max names (blanks trimmed, empty parts and
 * repeats dropped) in buf: the count, or -1 when there are more than max
 * or a name is too long or has a byte other than letters, digits, _ - . */
int cl_merge_split(const char *list, char names[][128], size_t max);

#endif
