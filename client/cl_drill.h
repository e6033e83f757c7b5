/*
 * cl_drill — drilling down from a row of an SQL result: which of its
 * columns are the statement's GROUP BY keys, and what a row's values of
 * them mean as a search. A key that is a plain field (status, "status",
 * by its alias or position) becomes field:"value"; a time bucket
 * (__time__ - __time__ % N, or date_trunc('minute' | 'hour' | 'day' |
 * 'second', __time__)) becomes the slice [value, value + span) of time. A
 * key that is any other expression cannot be turned back into a search
 * and is left out. Pure text: the UI runs what it gives.
 */
#ifndef SLSX_CLIENT_CL_DRILL_H
#define SLSX_CLIENT_CL_DRILL_H

#include <stddef.h>
#include <stdint.h>

enum cl_drill_kind { CL_DRILL_FIELD, CL_DRILL_TIME };

struct cl_drill_key {
	char column[128];       /* the result column holding it */
	enum cl_drill_kind kind;
	char field[128];        /* CL_DRILL_FIELD: the field */
	int64_t span;           /* CL_DRILL_TIME: seconds a bucket covers */
	int trunc;              /* CL_DRILL_TIME: the value is date_trunc's text */
};

/* The GROUP BY keys of the statement after q's '|' that can be drilled
 * by, at most max of them; their count (0: none, or no GROUP BY). */
size_t cl_drill_keys(const char *q, struct cl_drill_key *out, size_t max);

/* A time bucket's value as unix seconds: a number, or date_trunc's
 * "YYYY-MM-DD HH:MM:SS[.fff]" (trunc), which the server writes in its own
 * zone: read as local time (slsd's TZ: the embedded one's is slsx's), or
 * as UTC when only that puts the bucket [t, t + span) in the query's
 * range [from, to). -1 when neither. */
int64_t cl_drill_time(const char *v, int trunc, int64_t from, int64_t to, int64_t span);

#endif
