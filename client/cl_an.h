/*
 * cl_an — field analysis: the SQL that asks the top values of a field over
 * a search (one statement: value, count, and the total by a window sum)
 * and, for a numeric field, its aggregates (min, max, average, p10..p90,
 * p99), and the readers of their answers. The UI's field panel and
 * `slsx top` both use them; the statements are standard SLS SQL, so they
 * run against the service as against slsd.
 */
#ifndef SLSX_CLIENT_CL_AN_H
#define SLSX_CLIENT_CL_AN_H

#include <stddef.h>
#include <stdint.h>

#include "client/cl_logs.h"

/* "SEARCH | select F, count(*) ... group by F order by n desc limit N"
 * (malloc'd). search NULL or "" is "*"; the field is quoted as an SQL
 * identifier. */
char *cl_an_top_sql(const char *search, const char *field, int limit);
/* "SEARCH | select min(F), max(F), avg(F), approx_percentile ..." */
char *cl_an_stats_sql(const char *search, const char *field);

struct cl_an_value {
	char *value;        /* NULL: logs without the field */
	size_t len;         /* its bytes (it may hold NUL) */
	int64_t count;
};
struct cl_an_top {
	struct cl_an_value *v;
	size_t n;
	int64_t total;      /* logs the search matched */
};
/* Read the top statement's rows (every page in order); -1 when they are
 * not its shape. */
int cl_an_top_read(const struct cl_logs *pages, size_t npages, struct cl_an_top *out);
void cl_an_top_free(struct cl_an_top *t);

#define CL_AN_NQ 11         /* p10 .. p90, p99 and p50 aside: see cl_an_q */
struct cl_an_stats {
	int64_t count;      /* logs with a numeric value */
	double min, max, avg;
	double q[CL_AN_NQ]; /* the quantiles cl_an_q names */
};
extern const double cl_an_q[CL_AN_NQ];
int cl_an_stats_read(const struct cl_logs *pages, size_t npages, struct cl_an_stats *out);

/* The distribution over nb equal bins from min to max, as shares of the
 * logs (summing to 1), read off the quantiles (the CDF through them taken
 * as straight between them). */
void cl_an_dist(const struct cl_an_stats *st, double *bins, size_t nb);

/* Is an index type one the numeric aggregates apply to (long, double)? */
int cl_an_numeric(const char *type);

#endif
