/*
 * cl_tail — the live tail engine: follows every readwrite shard of a logstore
 * (GetCursor, then PullLogs per shard, paced like the GO consumer), keeps
 * the logs in a bounded ring merged by log time, and reports each shard's
 * lag, rate and last error. Never blocks: requests go through the caller's
 * cl_client; call cl_tail_tick after each cl_poll.
 *
 * The logstore may be a list ("a,b", as cl_merge_split reads it): the
 * tail then follows every shard of each, merged in one ring by log time,
 * and says which logstore each log and shard belongs to.
 *
 * Shards are re-listed every 30 s: new readwrite shards (splits) are
 * followed from their beginning, shards that turned readonly are drained
 * and then dropped. Logs live in the decoded pages (proto/pb.h) they came
 * in; the ring holds 16 bytes per log on top of them.
 */
#ifndef SLSX_CLIENT_CL_TAIL_H
#define SLSX_CLIENT_CL_TAIL_H

#include <stddef.h>
#include <stdint.h>

#include "client/cl.h"

struct cl_client;
struct pb_page;
struct cl_tail;

/* Called with every pulled page that holds logs, as it arrives (before it
 * joins the ring): a follower that prints (slsx tail) sees each log once,
 * in the order the shard gave it. */
typedef void cl_tail_page_fn(void *ud, const struct pb_page *pg, int shard,
    const char *logstore /* NULL when the tail follows one */);

struct cl_tail_cfg {
	const char *project;
	const char *logstore;  /* a name, or a list of names "a,b" */
	const char *from;    /* "end", "begin" or unix seconds (text) */
	const char *spl;     /* server-side filter sent with PullLogs, or NULL */
	int shard;           /* follow only this shard, -1 for all */
	size_t ring_max;     /* logs kept, 0 for 100000 */
	cl_tail_page_fn *on_page; /* or NULL */
	void *ud;
};

struct cl_tail_shard_stat {
	int id;
	char logstore[128];  /* "" when the tail follows one logstore */
	char status[16];     /* readwrite, readonly, drained (after a split), stopped (refused) */
	int64_t lag_s;       /* seconds behind (0 when caught up) */
	double rate;         /* logs/s, smoothed */
	int64_t logs;        /* logs pulled */
	char err[256];       /* last error, "" when the last pull worked; while the
	                      * client retries, the error of the last attempt */
};

/* A log in the ring: page pg, pg->logs[log]. The ring is ordered by
 * (key, page, log): key is the log time in ns, page the id its page got
 * when it arrived (0, 1, 2, ... per engine). */
struct cl_tail_log {
	const struct pb_page *pg;
	uint32_t log;
	int shard;
	const char *logstore; /* NULL when the tail follows one logstore */
	int64_t key;
	uint32_t page;
};

struct cl_tail *cl_tail_new(struct cl_client *cl, const struct cl_tail_cfg *cfg);
void cl_tail_free(struct cl_tail *t);
/* Issue the pulls that are due; returns ms until it wants another tick. */
int cl_tail_tick(struct cl_tail *t, int64_t now_ms);
/* Stop or resume fetching (cursors are kept: nothing is lost). */
void cl_tail_pause(struct cl_tail *t, int paused);
int cl_tail_paused(const struct cl_tail *t);
/* Logs in the ring, oldest (by log time) first. */
size_t cl_tail_count(const struct cl_tail *t);
int cl_tail_get(const struct cl_tail *t, size_t i, struct cl_tail_log *out);
/* The id the next page will get: pages [seen, cl_tail_page_next) arrived
 * since a caller saw page seen - 1 (for work per new log, e.g. a filter). */
uint32_t cl_tail_page_next(const struct cl_tail *t);
/* Log i of page id; -1 when that page's logs all left the ring (or i is
 * past its end). A log of a page that is there may have left the ring
 * all the same: it has, when it orders before cl_tail_get(t, 0). */
int cl_tail_page_log(const struct cl_tail *t, uint32_t id, uint32_t i, struct cl_tail_log *out);
/* The ring's order: <0, 0, >0. */
int cl_tail_log_cmp(const struct cl_tail_log *a, const struct cl_tail_log *b);
/* Bumped whenever logs are added or dropped (for redraw decisions). */
uint64_t cl_tail_version(const struct cl_tail *t);
/* Logs dropped from the ring's front so far (the ring is full). */
uint64_t cl_tail_dropped(const struct cl_tail *t);
/* Per-shard figures; returns the count written (at most max). */
size_t cl_tail_shards(const struct cl_tail *t, struct cl_tail_shard_stat *out, size_t max);
/* A fatal error (ListShards failed, ...), or NULL. Retried every 5 s.
 * With several logstores, the first one failing, its name first. */
const char *cl_tail_error(const struct cl_tail *t);
/* Has ListShards answered once for every logstore (cl_tail_shards then
 * says what is followed)? */
int cl_tail_listed(const struct cl_tail *t);
/* How many logstores it follows. */
size_t cl_tail_logstores(const struct cl_tail *t);
/* The first refusal that no retry can fix (an SPL the server does not run,
 * a logstore that does not exist, keys it does not take: an HTTP 4xx that
 * is not a quota or an expired cursor), with the call it answered in
 * *what ("ListShards", or "web: ListShards" when the tail follows several
 * logstores); NULL when none. A shard refused stops (its err says why); a
 * refused ListShards before the first listing is still retried. */
const struct cl_err *cl_tail_refused(const struct cl_tail *t, const char **what);

#endif
