/*
 * sd_spl — the subset of SPL that slsd runs on PullLogs (`query=`):
 * "* | where COND [| where COND]...", where COND is an SQL boolean
 * expression over the log's fields (values are text; __time__ is a
 * number; the SLS/Presto functions of sq_fn are available). Anything else
 * is refused with a clear message rather than answered wrongly.
 */
#ifndef SLSX_SERVER_SD_SPL_H
#define SLSX_SERVER_SD_SPL_H

#include <stddef.h>
#include <stdint.h>

struct sb;

/* "* | where a | where b" -> "(a) AND (b)" in where. 0 ok, -1 with err. */
int sd_spl_parse(const char *spl, struct sb *where, char *err, size_t errlen);

struct sd_spl_stat {
	int64_t raw_lines, result_lines;
	int groups;          /* LogGroups in out */
};

/* Keep the logs of the serialized LogGroupList body[len] for which where
 * holds; out gets the filtered LogGroupList (groups left empty are
 * dropped). 0 ok, -1 with err (a bad expression). */
int sd_spl_filter(const char *where, const void *body, size_t len, struct sb *out,
    struct sd_spl_stat *st, char *err, size_t errlen);

#endif
