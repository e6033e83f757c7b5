/*
 * sd_store — slsd's storage: one SQLite database (WAL when on disk) holding
 * the catalog (projects, logstores, shards, index configs: sd_catalog.h)
 * and the LogGroups themselves; at open it feeds the query engine (sq/)
 * every index config and stored group.
 *
 * Each accepted LogGroup is one row of `groups`, kept as the protobuf bytes
 * the writer sent plus the server tags (__receive_time__, __client_ip__).
 * A shard's cursor integer is its base (creation time in ns) + seq, so
 * cursors are consecutive per group (spec §4.6, §11). All functions take
 * the store lock; they are safe to call from any connection thread.
 */
#ifndef SLSX_SERVER_SD_STORE_H
#define SLSX_SERVER_SD_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "server/sd_err.h"

struct sb;
struct sqlite3;
struct sd_store;
struct sq;

/* Open path (a folder: the database is path/slsd.db) or memory when NULL.
 * NULL with err on failure. */
struct sd_store *sd_store_open(const char *dir, struct sd_err *err);
void sd_store_close(struct sd_store *s);
/* The shared handle, for the query engine; lock around use. */
struct sqlite3 *sd_store_db(struct sd_store *s);
void sd_store_lock(struct sd_store *s);
void sd_store_unlock(struct sd_store *s);
/* The query engine the store feeds (sq/sq.h). */
struct sq *sd_store_sq(struct sd_store *s);

/* Store one serialized LogGroup (tags already added) in shard (or, with
 * shard < 0, the next shard round-robin; with a 32-hex route_key, the shard
 * whose range holds it). Returns the shard used, -1 with err. The same path
 * serves PutLogs, the demo generator and --ingest. */
int sd_store_put_group(struct sd_store *s, int64_t ls, int shard, const char *route_key,
    const void *pb, size_t len, int64_t receive_time, int nlogs, struct sd_err *err);

/* The same for a bulk load (--ingest files, the demo's back-fill), the
 * next shard round-robin: indexed by the query engine's own thread while
 * the caller reads on (sq_ingest_wait); it waits for room in the engine's
 * queue instead of refusing with WriteQuotaExceed. */
int sd_store_put_bulk(struct sd_store *s, int64_t ls, const void *pb, size_t len,
    int64_t receive_time, int nlogs, struct sd_err *err);
/* The same with the page the group was encoded from (pb, len: its bytes):
 * the engine indexes the page itself, no decode. *page is the engine's
 * once stored; *page is then an empty page to build the next group in. */
struct pb_page;
int sd_store_put_bulk_page(struct sd_store *s, int64_t ls, const void *pb, size_t len,
    int64_t receive_time, struct pb_page **page, struct sd_err *err);

/* Cursor of a shard: which = "begin", "end" or unix seconds text. 0 ok. */
int sd_store_cursor_get(struct sd_store *s, int64_t ls, int shard, const char *from,
    int64_t *cursor,
    struct sd_err *err);
/* Receive time of the group at cursor. */
int sd_store_cursor_time(struct sd_store *s, int64_t ls, int shard, int64_t cursor, int64_t *t,
    struct sd_err *err);

/* PullLogs: append up to count groups from cursor (before end_cursor when
 * >= 0) as a LogGroupList to out, stopping early past max_bytes; fills the
 * group count, the next cursor and the last group's cursor. */
int sd_store_pull(struct sd_store *s, int64_t ls, int shard, int64_t cursor, int64_t end_cursor,
    int count, size_t max_bytes, struct sb *out, int *ngroups, int64_t *next,
    int64_t *last, struct sd_err *err);

#endif
