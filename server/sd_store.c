/*
 * sd_store — slsd's SQLite storage (see sd_store.h): the database, its
 * schema, the engine fed at start, and the LogGroups (PutLogs, cursors,
 * PullLogs). Projects, logstores, shards and index configs: sd_catalog.c.
 */
#include "server/sd_store.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <sqlite3.h>

#include "base/clk.h"
#include "base/log.h"
#include "base/sb.h"
#include "base/xalloc.h"
#include "proto/cursor.h"
#include "proto/pb.h"
#include "proto/pbw.h"
#include "server/sd_catalog.h"
#include "server/sd_err.h"
#include "server/sd_store_int.h"
#include "sq/sq.h"

static const char sd_store_schema[] =
    "PRAGMA foreign_keys=ON;"
    "CREATE TABLE IF NOT EXISTS projects(name TEXT PRIMARY KEY, description TEXT,"
    " create_time INT, last_modify INT);"
    "CREATE TABLE IF NOT EXISTS logstores(id INTEGER PRIMARY KEY, project TEXT, name TEXT,"
    " ttl INT, shard_count INT, auto_split INT, max_split INT, append_meta INT,"
    " enable_tracking INT, create_time INT, last_modify INT, telemetry TEXT, mode TEXT,"
    " index_json TEXT, UNIQUE(project, name));"
    "CREATE TABLE IF NOT EXISTS shards(logstore INT, shard INT, status TEXT, begin_key TEXT,"
    " end_key TEXT, create_time INT, cursor_base INT, next_seq INT,"
    " PRIMARY KEY(logstore, shard));"
    "CREATE TABLE IF NOT EXISTS groups(id INTEGER PRIMARY KEY, logstore INT, shard INT,"
    " seq INT, receive_time INT, nlogs INT, pb BLOB);"
    "CREATE UNIQUE INDEX IF NOT EXISTS groups_pos ON groups(logstore, shard, seq);"
    "CREATE INDEX IF NOT EXISTS groups_recv ON groups(logstore, shard, receive_time);"
    /* consumer groups (sd_cg.c) */
    "CREATE TABLE IF NOT EXISTS cgroups(logstore INT, name TEXT, timeout INT, in_order INT,"
    " PRIMARY KEY(logstore, name));"
    "CREATE TABLE IF NOT EXISTS cg_shards(logstore INT, cgroup TEXT, shard INT,"
    " checkpoint TEXT, update_us INT, consumer TEXT, owner TEXT,"
    " PRIMARY KEY(logstore, cgroup, shard));"
    "CREATE TABLE IF NOT EXISTS cg_consumers(logstore INT, cgroup TEXT, consumer TEXT,"
    " last_us INT, held TEXT, PRIMARY KEY(logstore, cgroup, consumer));";

void
sd_store_db_err(struct sd_store *s, struct sd_err *err)
{
	log_error("sqlite: %s", sqlite3_errmsg(s->db));
	sd_err_set(err, 500, "InternalServerError", "storage error: %s", sqlite3_errmsg(s->db));
}

/* Index configs of every logstore into the engine; a config the engine
 * rejects is ignored (logged), as it was accepted when set. */
static int
sd_store_feed_indexes(struct sd_store *s, struct sq_err *err)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(s->db, "SELECT id, index_json FROM logstores", -1, &st, NULL) !=
	    SQLITE_OK)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *ix = (const char *)sqlite3_column_text(st, 1);

		if (sq_set_index(s->sq, sqlite3_column_int64(st, 0), ix, err) != 0)
			log_warn("logstore %lld: index config ignored: %s",
			    (long long)sqlite3_column_int64(st, 0), err->msg);
	}
	sqlite3_finalize(st);
	return 0;
}

/* Every stored group into the engine, in arrival order, through the same
 * sq_ingest PutLogs uses. 1: the engine refused a group (err filled). */
static int
sd_store_feed_groups(struct sd_store *s, struct sq_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;
	int64_t n = 0;

	if (sqlite3_prepare_v2(s->db,
		"SELECT g.logstore, g.shard, g.seq + s.cursor_base, g.receive_time, g.pb"
		" FROM groups g JOIN shards s ON s.logstore = g.logstore AND s.shard = g.shard"
		" ORDER BY g.id", -1, &st, NULL) != SQLITE_OK)
		return -1;
	(void)err;
	while (sqlite3_step(st) == SQLITE_ROW) {
		/* indexed on the engine's thread while the next groups are read */
		sq_ingest_wait(s->sq, sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1),
		    sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3),
		    sqlite3_column_blob(st, 4), (size_t)sqlite3_column_bytes(st, 4));
		n++;
	}
	sqlite3_finalize(st);
	if (n)
		log_info("query engine: %lld groups loaded", (long long)n);
	return rc;
}

/* At start: the engine gets the store's logstores and groups. */
static int
sd_store_feed_engine(struct sd_store *s, struct sq_err *err)
{
	int rc = sd_store_feed_indexes(s, err);

	if (rc == 0)
		rc = sd_store_feed_groups(s, err);
	if (rc < 0)
		snprintf(err->msg, sizeof err->msg, "query engine load: %s",
		    sqlite3_errmsg(s->db));
	return rc != 0 ? -1 : 0;
}

struct sd_store *
sd_store_open(const char *dir, struct sd_err *err)
{
	struct sq_err qe;
	struct sd_store *s = xcalloc(1, sizeof *s);
	char *path = NULL;
	char *emsg = NULL;
	int rc;

	if (dir != NULL) {
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			sd_err_set(err, 500, "InternalServerError", "cannot create %s: %s", dir,
			    strerror(errno));
			free(s);
			return NULL;
		}
		path = xasprintf("%s/slsd.db", dir);
	}
	rc = sqlite3_open_v2(path ? path : ":memory:", &s->db,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL);
	free(path);
	if (rc != SQLITE_OK) {
		sd_err_set(err, 500, "InternalServerError", "cannot open database: %s",
		    s->db ? sqlite3_errmsg(s->db) : "out of memory");
		sqlite3_close(s->db);
		free(s);
		return NULL;
	}
	sqlite3_busy_timeout(s->db, 5000);
	if (dir != NULL)
		sqlite3_exec(s->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", NULL,
		    NULL, NULL);
	if (sqlite3_exec(s->db, sd_store_schema, NULL, NULL, &emsg) != SQLITE_OK) {
		sd_err_set(err, 500, "InternalServerError", "schema: %s", emsg ? emsg : "?");
		sqlite3_free(emsg);
		sqlite3_close(s->db);
		free(s);
		return NULL;
	}
	pthread_mutex_init(&s->mu, NULL);
	for (int i = 0; i < SD_IXMU; i++)
		pthread_mutex_init(&s->ixmu[i], NULL);
	s->sq = sq_new();
	if (sd_store_feed_engine(s, &qe) != 0) {
		sd_err_set(err, 500, "InternalServerError", "%s", qe.msg);
		sd_store_close(s);
		return NULL;
	}
	return s;
}

void
sd_store_close(struct sd_store *s)
{
	if (s == NULL)
		return;
	sq_free(s->sq);
	sqlite3_close(s->db);
	pthread_mutex_destroy(&s->mu);
	for (int i = 0; i < SD_IXMU; i++)
		pthread_mutex_destroy(&s->ixmu[i]);
	free(s);
}

sqlite3 *
sd_store_db(struct sd_store *s)
{
	return s->db;
}

struct sq *
sd_store_sq(struct sd_store *s)
{
	return s->sq;
}

void
sd_store_lock(struct sd_store *s)
{
	pthread_mutex_lock(&s->mu);
}

void
sd_store_unlock(struct sd_store *s)
{
	pthread_mutex_unlock(&s->mu);
}

/* Prepare or log; the statement is finalized by the caller. */
sqlite3_stmt *
sd_store_prep(struct sd_store *s, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		log_error("prepare %s: %s", sql, sqlite3_errmsg(s->db));
		return NULL;
	}
	return st;
}

/* Shard whose [begin, end) holds key (32 hex, compared as text); the
 * largest key, ff..ff, is every shard's possible end but must land
 * somewhere: the shard ending there holds it too. */
static int
sd_store_key_shard(struct sd_store *s, int64_t ls, const char *key)
{
	sqlite3_stmt *st;
	int shard = -1;

	st = sd_store_prep(s, "SELECT shard FROM shards WHERE logstore=? AND status='readwrite'"
			" AND lower(begin_key)<=lower(?2) AND (lower(?2)<lower(end_key) OR"
			" (lower(end_key)='ffffffffffffffffffffffffffffffff' AND lower(?2)=lower(end_key)))"
			" LIMIT 1");
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, ls);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		shard = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return shard;
}

/* Round-robin over readwrite shards. */
static int
sd_store_rr_shard(struct sd_store *s, int64_t ls)
{
	sqlite3_stmt *st;
	int shard = -1, n = 0;

	st = sd_store_prep(s, "SELECT count(*) FROM shards WHERE logstore=? AND status='readwrite'");
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, ls);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (n == 0)
		return -1;
	st = sd_store_prep(s, "SELECT shard FROM shards WHERE logstore=? AND status='readwrite'"
			" ORDER BY shard LIMIT 1 OFFSET ?");
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, ls);
	sqlite3_bind_int(st, 2, (int)(s->rr++ % (unsigned)n));
	if (sqlite3_step(st) == SQLITE_ROW)
		shard = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return shard;
}

static int
sd_store_put(struct sd_store *s, int64_t ls, int shard, const char *route_key, const void *pb,
    size_t len, int64_t receive_time, int nlogs, int bulk, struct pb_page **page,
    struct sd_err *err)
{
	sqlite3_stmt *st = NULL;
	int64_t seq = -1;
	int64_t base = 0;
	struct sq_err qe;
	int rc = -1;

	sd_store_lock(s);
	/* a logstore whose engine queue is full (a long query holds it) takes
	 * nothing: refused before storing, as the service throttles. Every
	 * ingest passes this lock, so the queue only shrinks until sq_ingest. */
	if (!bulk && !sq_ingest_room(s->sq, ls, len)) {
		sd_err_set(err, 403, "WriteQuotaExceed",
		    "logstore busy with a long query and its write queue full, retry later");
		goto out;
	}
	if (shard < 0)
		shard = route_key ? sd_store_key_shard(s, ls, route_key) : sd_store_rr_shard(s, ls);
	if (shard < 0) {
		sd_err_set(err, 400, "ParameterInvalid", "no writable shard for this key");
		goto out;
	}
	sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	st = sd_store_prep(s, "UPDATE shards SET next_seq=next_seq+1 WHERE logstore=?1 AND shard=?2"
			" RETURNING next_seq-1, cursor_base");
	if (st == NULL)
		goto dberr;
	sqlite3_bind_int64(st, 1, ls);
	sqlite3_bind_int(st, 2, shard);
	if (sqlite3_step(st) == SQLITE_ROW) {
		seq = sqlite3_column_int64(st, 0);
		base = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (seq < 0) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		sd_err_set(err, 404, "ShardNotExist", "shard %d does not exist", shard);
		goto out;
	}
	st = sd_store_prep(s, "INSERT INTO groups(logstore,shard,seq,receive_time,nlogs,pb)"
			" VALUES(?,?,?,?,?,?)");
	if (st == NULL)
		goto dberr;
	sqlite3_bind_int64(st, 1, ls);
	sqlite3_bind_int(st, 2, shard);
	sqlite3_bind_int64(st, 3, seq);
	sqlite3_bind_int64(st, 4, receive_time);
	sqlite3_bind_int(st, 5, nlogs);
	sqlite3_bind_blob(st, 6, pb, (int)len, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto dberr;
	sqlite3_finalize(st);
	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	if (bulk && page != NULL) {
		sq_ingest_page_wait(s->sq, ls, shard, base + seq, receive_time, *page, len);
		*page = NULL;
	} else if (bulk) {
		sq_ingest_wait(s->sq, ls, shard, base + seq, receive_time, pb, len);
	}
	else if (sq_ingest(s->sq, ls, shard, base + seq, receive_time, pb, len, &qe) != 0)
		log_warn("logstore %lld: group stored but not queryable: %s", (long long)ls,
		    qe.msg);
	rc = shard;
	goto out;
dberr:
	sd_store_db_err(s, err);
	sqlite3_finalize(st);
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
out:
	sd_store_unlock(s);
	return rc;
}

int
sd_store_put_group(struct sd_store *s, int64_t ls, int shard, const char *route_key,
    const void *pb, size_t len, int64_t receive_time, int nlogs, struct sd_err *err)
{
	return sd_store_put(s, ls, shard, route_key, pb, len, receive_time, nlogs, 0, NULL, err);
}

int
sd_store_put_bulk(struct sd_store *s, int64_t ls, const void *pb, size_t len,
    int64_t receive_time, int nlogs, struct sd_err *err)
{
	return sd_store_put(s, ls, -1, NULL, pb, len, receive_time, nlogs, 1, NULL, err);
}

int
sd_store_put_bulk_page(struct sd_store *s, int64_t ls, const void *pb, size_t len,
    int64_t receive_time, struct pb_page **page, struct sd_err *err)
{
	int rc = sd_store_put(s, ls, -1, NULL, pb, len, receive_time, (int)(*page)->nlogs, 1, page,
	    err);

	if (*page == NULL)
		*page = sq_page_get(s->sq, ls);
	return rc;
}

/* Base cursor and next seq of a shard; -1 when it does not exist. */
static int
sd_store_shard_pos(struct sd_store *s, int64_t ls, int shard, int64_t *base, int64_t *next)
{
	sqlite3_stmt *st = sd_store_prep(s, "SELECT cursor_base, next_seq FROM shards WHERE"
				      " logstore=? AND shard=?");
	int rc = -1;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, ls);
	sqlite3_bind_int(st, 2, shard);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*base = sqlite3_column_int64(st, 0);
		*next = sqlite3_column_int64(st, 1);
		rc = 0;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Oldest retained seq of a shard (next when empty). */
static int64_t
sd_store_first_seq(struct sd_store *s, int64_t ls, int shard, int64_t next)
{
	sqlite3_stmt *st = sd_store_prep(s, "SELECT min(seq) FROM groups WHERE logstore=? AND shard=?");
	int64_t v = next;

	if (st == NULL)
		return next;
	sqlite3_bind_int64(st, 1, ls);
	sqlite3_bind_int(st, 2, shard);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

int
sd_store_cursor_get(struct sd_store *s, int64_t ls, int shard, const char *from, int64_t *cursor,
    struct sd_err *err)
{
	int64_t base, next, seq;
	char *end;
	long long t;
	int rc = -1;

	sd_store_lock(s);
	if (sd_store_shard_pos(s, ls, shard, &base, &next) != 0) {
		/* GetCursor's document: 400 (the other shard routes answer 404) */
		sd_err_set(err, 400, "ShardNotExist", "Shard %d does not exist", shard);
		goto out;
	}
	if (from == NULL || *from == '\0') {
		sd_err_set(err, 400, "ParameterInvalid", "Parameter From is empty");
		goto out;
	}
	if (strcmp(from, "begin") == 0) {
		seq = sd_store_first_seq(s, ls, shard, next);
	} else if (strcmp(from, "end") == 0) {
		seq = next;
	} else {
		sqlite3_stmt *st;

		errno = 0;
		t = strtoll(from, &end, 10);
		if (errno || *end != '\0' || t < 0) {
			sd_err_set(err, 400, "ParameterInvalid", "Parameter From is invalid: %s",
			    from);
			goto out;
		}
		seq = next;
		st = sd_store_prep(s, "SELECT min(seq) FROM groups WHERE logstore=? AND shard=? AND"
				" receive_time>=?");
		if (st != NULL) {
			sqlite3_bind_int64(st, 1, ls);
			sqlite3_bind_int(st, 2, shard);
			sqlite3_bind_int64(st, 3, t);
			if (sqlite3_step(st) == SQLITE_ROW &&
			    sqlite3_column_type(st, 0) != SQLITE_NULL)
				seq = sqlite3_column_int64(st, 0);
			sqlite3_finalize(st);
		}
	}
	*cursor = base + seq;
	rc = 0;
out:
	sd_store_unlock(s);
	return rc;
}

int
sd_store_cursor_time(struct sd_store *s, int64_t ls, int shard, int64_t cursor, int64_t *t,
    struct sd_err *err)
{
	int64_t base, next, first, seq;
	sqlite3_stmt *st;
	int rc = -1;

	sd_store_lock(s);
	if (sd_store_shard_pos(s, ls, shard, &base, &next) != 0) {
		sd_err_set(err, 404, "ShardNotExist", "shard %d does not exist", shard);
		goto out;
	}
	seq = cursor - base;
	first = sd_store_first_seq(s, ls, shard, next);
	if (seq < first || seq > next) {
		sd_err_set(err, 400, "InvalidCursor", "cursor is out of range");
		goto out;
	}
	*t = clk_wall();
	st = sd_store_prep(s, "SELECT receive_time FROM groups WHERE logstore=? AND shard=? AND"
			" seq>=? ORDER BY seq LIMIT 1");
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, ls);
		sqlite3_bind_int(st, 2, shard);
		sqlite3_bind_int64(st, 3, seq == next && seq > first ? seq - 1 : seq);
		if (sqlite3_step(st) == SQLITE_ROW)
			*t = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	rc = 0;
out:
	sd_store_unlock(s);
	return rc;
}

int
sd_store_pull(struct sd_store *s, int64_t ls, int shard, int64_t cursor, int64_t end_cursor,
    int count, size_t max_bytes, struct sb *out, int *ngroups, int64_t *next,
    int64_t *last, struct sd_err *err)
{
	int64_t base, nseq, first, seq, stop;
	sqlite3_stmt *st;
	int rc = -1, n = 0;

	*ngroups = 0;
	sd_store_lock(s);
	if (sd_store_shard_pos(s, ls, shard, &base, &nseq) != 0) {
		sd_err_set(err, 404, "ShardNotExist", "shard %d does not exist", shard);
		goto out;
	}
	seq = cursor - base;
	first = sd_store_first_seq(s, ls, shard, nseq);
	if (seq < first || seq > nseq) {
		sd_err_set(err, 400, "InvalidCursor", "cursor is out of range");
		goto out;
	}
	stop = end_cursor >= 0 ? end_cursor - base : nseq;
	*next = cursor;
	*last = cursor - 1;
	st = sd_store_prep(s, "SELECT seq, pb FROM groups WHERE logstore=? AND shard=? AND seq>=?"
			" AND seq<? ORDER BY seq LIMIT ?");
	if (st == NULL) {
		sd_store_db_err(s, err);
		goto out;
	}
	sqlite3_bind_int64(st, 1, ls);
	sqlite3_bind_int(st, 2, shard);
	sqlite3_bind_int64(st, 3, seq);
	sqlite3_bind_int64(st, 4, stop);
	sqlite3_bind_int(st, 5, count);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t gseq = sqlite3_column_int64(st, 0);

		if (pbw_list_group(out, sqlite3_column_blob(st, 1),
		    (size_t)sqlite3_column_bytes(st, 1)) != 0)
			break;
		n++;
		*last = base + gseq;
		*next = base + gseq + 1;
		if (out->len >= max_bytes)
			break;
	}
	sqlite3_finalize(st);
	*ngroups = n;
	rc = 0;
out:
	sd_store_unlock(s);
	return rc;
}
