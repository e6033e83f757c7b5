/*
 * sd_store — slsd's storage: projects, logstores, shards, index configs and
 * the LogGroups themselves, in one SQLite database (WAL when on disk).
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

struct sb;
struct sqlite3;
struct sd_store;
struct sq;

/* An SLS error: code and message for the JSON envelope. */
struct sd_err {
	int status;      /* HTTP status */
	char code[64];
	char msg[512];
};
void sd_err_set(struct sd_err *e, int status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

struct sd_logstore {
	int64_t id;
	char name[128];
	int64_t ttl, shard_count, max_split, create_time, last_modify;
	int auto_split, append_meta, enable_tracking;
	char telemetry[32], mode[32];
};

struct sd_shard {
	int id;
	char status[16];
	char begin_key[33], end_key[33];
	int64_t create_time;
	int64_t cursor_base;
};

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

int sd_project_create(struct sd_store *s, const char *name, const char *desc,
    struct sd_err *err);
/* 1 exists (fills create/modify times), 0 not. */
int sd_project_get(struct sd_store *s, const char *name, char *desc, size_t desclen,
    int64_t *ctime, int64_t *mtime);
/* JSON {"count","total","projects":[...]} into out. */
int sd_project_list(struct sd_store *s, const char *filter, int64_t offset, int64_t size,
    struct sb *out);
/* One project object into out; -1 when it does not exist. */
int sd_project_get_json(struct sd_store *s, const char *name, struct sb *out);
int sd_project_delete(struct sd_store *s, const char *name, struct sd_err *err);

/* Create with shard_count shards splitting the MD5 space evenly. */
int sd_logstore_create(struct sd_store *s, const char *project, const struct sd_logstore *ls,
    struct sd_err *err);
/* 0 ok (fills *out), -1 LogStoreNotExist in err. */
int sd_logstore_get(struct sd_store *s, const char *project, const char *name,
    struct sd_logstore *out, struct sd_err *err);
int sd_logstore_list(struct sd_store *s, const char *project, const char *filter,
    int64_t offset, int64_t size, struct sb *out);
int sd_logstore_delete(struct sd_store *s, const char *project, const char *name,
    struct sd_err *err);
int sd_logstore_update(struct sd_store *s, const char *project, const struct sd_logstore *ls,
    struct sd_err *err);

/* Shards of a logstore; *out malloc'd. Returns count or -1. */
int sd_shards(struct sd_store *s, int64_t ls, struct sd_shard **out);

/* Index config JSON: set (NULL deletes), get (malloc'd, NULL if none). */
int sd_index_set(struct sd_store *s, int64_t ls, const char *json, struct sd_err *err);
char *sd_index_get(struct sd_store *s, int64_t ls);

/* Store one serialized LogGroup (tags already added) in shard (or, with
 * shard < 0, the next shard round-robin; with a 32-hex route_key, the shard
 * whose range holds it). Returns the shard used, -1 with err. The same path
 * serves PutLogs, the demo generator and --ingest. */
int sd_store_put_group(struct sd_store *s, int64_t ls, int shard, const char *route_key,
    const void *pb, size_t len, int64_t receive_time, int nlogs, struct sd_err *err);

/* Cursor of a shard: which = "begin", "end" or unix seconds text. 0 ok. */
int sd_cursor_get(struct sd_store *s, int64_t ls, int shard, const char *from, int64_t *cursor,
    struct sd_err *err);
/* Receive time of the group at cursor. */
int sd_cursor_time(struct sd_store *s, int64_t ls, int shard, int64_t cursor, int64_t *t,
    struct sd_err *err);

/* PullLogs: append up to count groups from cursor (before end_cursor when
 * >= 0) as a LogGroupList to out, stopping early past max_bytes; fills the
 * group count, the next cursor and the last group's cursor. */
int sd_pull(struct sd_store *s, int64_t ls, int shard, int64_t cursor, int64_t end_cursor,
    int count, size_t max_bytes, struct sb *out, int *ngroups, int64_t *next,
    int64_t *last, struct sd_err *err);

#endif
