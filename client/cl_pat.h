/*
 * cl_pat — log patterns: an online clustering of log lines into templates
 * in the manner of Drain (He, Zhu, Zheng and Lyu, "Drain: An Online Log
 * Parsing Approach with Fixed Depth Tree", ICWS 2017), written here.
 *
 * A line is split at white space. A token that looks like a variable — a
 * number (with a short unit: 12ms), a hex id, a UUID, an IP address
 * (with a port), a date or time, a path or URL — is <*> from the start;
 * key=value keeps its key (uri=<*>), and punctuation around a token stays
 * (id=(<*>)). Lines then go down a fixed-depth tree, by token count and
 * their first tokens, to a leaf of groups: a line joins the group whose
 * template shares the most tokens with it (at least CL_PAT_SIM of them),
 * the positions that differ becoming <*>, or starts a group of its own.
 * Tokens are interned, so comparing them is comparing integers.
 *
 * Groups are only ever generalised, so the group a line joined still
 * matches it at the end: callers keep the id cl_pat_add returns to show a
 * pattern's own lines. No I/O: the UI and `slsx patterns` feed it rows.
 */
#ifndef SLSX_CLIENT_CL_PAT_H
#define SLSX_CLIENT_CL_PAT_H

#include <stddef.h>
#include <stdint.h>

#include "client/cl_logs.h"

#define CL_PAT_SIM 0.5       /* share of tokens a line must share with a group */
#define CL_PAT_MAX_TOKENS 96 /* tokens of a line looked at (the rest is one <*>) */
#define CL_PAT_SPARK 24      /* buckets of a group's sparkline over the range */

struct cl_pat;

/* A miner for lines of [from, to) (unix seconds; the sparklines' span). */
struct cl_pat *cl_pat_new(int64_t from, int64_t to);
void cl_pat_free(struct cl_pat *p);
/* Add one line seen at time t; returns the id of the group it joined. */
uint32_t cl_pat_add(struct cl_pat *p, const char *line, size_t n, int64_t t);
int64_t cl_pat_lines(const struct cl_pat *p);

struct cl_pat_group {
	uint32_t id;             /* as cl_pat_add returned it */
	const char *tmpl;        /* tokens joined by spaces, variables as <*> */
	int64_t count;
	int64_t first, last;     /* times of the first and last line */
	const uint32_t *spark;   /* CL_PAT_SPARK counts over [from, to) */
};
/* The groups, most lines first (ties: seen first first); valid until the
 * next cl_pat_add or cl_pat_free. */
size_t cl_pat_groups(struct cl_pat *p, const struct cl_pat_group **out);

/* The text of a log row that patterns are made of: the value of field
 * when given; else of the first of content, message, msg, log the row
 * has; else its fields (not __time__, tags or meta) as k=v joined by
 * spaces, each k=v one token (blanks in a value become U+00A0, so rows
 * whose values have more or fewer words still line up: an nginx access
 * log is one pattern, not one per user agent). Written into *buf (grown
 * as needed); returns its length. */
size_t cl_pat_row_text(const struct cl_logs *pg, const struct cl_row *r, const char *field,
    char **buf, size_t *cap);

/* Add every row of a page (their cl_pat_row_text, at their __time__);
 * ids, when not NULL, gets each row's group (pg->nrows of them). */
void cl_pat_add_rows(struct cl_pat *p, const struct cl_logs *pg, const char *field,
    uint32_t *ids);

/* Sparkline characters (UTF-8 block eighths, or ASCII " .:-=+*#%@") for
 * counts into out (at least 3 * n + 1 bytes). */
void cl_pat_spark(const uint32_t *v, size_t n, int ascii, char *out);

#endif
