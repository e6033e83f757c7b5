/*
 * sd_store — slsd's SQLite storage (see sd_store.h).
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
#include "proto/pbw.h"
#include "sq/sq.h"

struct sd_store {
	sqlite3 *db;
	pthread_mutex_t mu;
	unsigned rr; /* round-robin counter for /shards/lb */
	struct sq *sq; /* the query engine, fed by every stored group */
};

static const char sd_schema[] =
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
    "CREATE INDEX IF NOT EXISTS groups_recv ON groups(logstore, shard, receive_time);";

void
sd_err_set(struct sd_err *e, int status, const char *code, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return;
	e->status = status;
	snprintf(e->code, sizeof e->code, "%s", code);
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
}

static void
sd_db_err(struct sd_store *s, struct sd_err *err)
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
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (sq_ingest(s->sq, sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1),
			sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3),
			sqlite3_column_blob(st, 4), (size_t)sqlite3_column_bytes(st, 4), err) != 0) {
			rc = 1;
			break;
		}
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
	if (sqlite3_exec(s->db, sd_schema, NULL, NULL, &emsg) != SQLITE_OK) {
		sd_err_set(err, 500, "InternalServerError", "schema: %s", emsg ? emsg : "?");
		sqlite3_free(emsg);
		sqlite3_close(s->db);
		free(s);
		return NULL;
	}
	pthread_mutex_init(&s->mu, NULL);
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
static sqlite3_stmt *
sd_prep(struct sd_store *s, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		log_error("prepare %s: %s", sql, sqlite3_errmsg(s->db));
		return NULL;
	}
	return st;
}

int
sd_project_create(struct sd_store *s, const char *name, const char *desc, struct sd_err *err)
{
	sqlite3_stmt *st;
	int64_t now = clk_wall();
	int rc = -1;

	sd_store_lock(s);
	st = sd_prep(s, "INSERT INTO projects VALUES(?,?,?,?)");
	if (st == NULL) {
		sd_db_err(s, err);
		goto out;
	}
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, desc ? desc : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int64(st, 4, now);
	switch (sqlite3_step(st)) {
	case SQLITE_DONE:
		rc = 0;
		break;
	case SQLITE_CONSTRAINT:
		sd_err_set(err, 400, "ProjectAlreadyExist", "Project %s already exist", name);
		break;
	default:
		sd_db_err(s, err);
	}
	sqlite3_finalize(st);
out:
	sd_store_unlock(s);
	return rc;
}

int
sd_project_get(struct sd_store *s, const char *name, char *desc, size_t desclen,
    int64_t *ctime, int64_t *mtime)
{
	sqlite3_stmt *st;
	int found = 0;

	sd_store_lock(s);
	st = sd_prep(s, "SELECT description, create_time, last_modify FROM projects WHERE name=?");
	if (st != NULL) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) == SQLITE_ROW) {
			found = 1;
			if (desc)
				snprintf(desc, desclen, "%s",
				    (const char *)sqlite3_column_text(st, 0));
			if (ctime)
				*ctime = sqlite3_column_int64(st, 1);
			if (mtime)
				*mtime = sqlite3_column_int64(st, 2);
		}
		sqlite3_finalize(st);
	}
	sd_store_unlock(s);
	return found;
}

/* Project object as spec §4.1 describes it (times as strings). */
static cJSON *
sd_project_json(const char *name, const char *desc, int64_t ctime, int64_t mtime)
{
	cJSON *o = cJSON_CreateObject();
	char buf[32];

	cJSON_AddStringToObject(o, "projectName", name);
	cJSON_AddStringToObject(o, "description", desc);
	cJSON_AddStringToObject(o, "status", "Normal");
	cJSON_AddStringToObject(o, "owner", "slsd");
	cJSON_AddStringToObject(o, "region", "local");
	snprintf(buf, sizeof buf, "%" PRId64, ctime);
	cJSON_AddStringToObject(o, "createTime", buf);
	snprintf(buf, sizeof buf, "%" PRId64, mtime);
	cJSON_AddStringToObject(o, "lastModifyTime", buf);
	cJSON_AddStringToObject(o, "resourceGroupId", "");
	cJSON_AddStringToObject(o, "dataRedundancyType", "LRS");
	cJSON_AddStringToObject(o, "location", "local");
	cJSON_AddBoolToObject(o, "recycleBinEnabled", 0);
	return o;
}

/* Move cJSON text into out; 0 ok. */
static int
sd_json_out(cJSON *o, struct sb *out)
{
	char *txt = cJSON_PrintUnformatted(o);
	int rc;

	cJSON_Delete(o);
	if (txt == NULL)
		return -1;
	rc = sb_adds(out, txt);
	free(txt);
	return rc;
}

/* The single integer of a count query with up to two text parameters. */
static int64_t
sd_count(struct sd_store *s, const char *sql, const char *a1, const char *a2)
{
	sqlite3_stmt *st = sd_prep(s, sql);
	int64_t n = 0;

	if (st == NULL)
		return 0;
	sqlite3_bind_text(st, 1, a1, -1, SQLITE_TRANSIENT);
	if (a2)
		sqlite3_bind_text(st, 2, a2, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Escape LIKE wildcards so a filter is a plain substring. */
static char *
sd_like_pattern(const char *filter)
{
	struct sb b;
	const char *p;
	int rc = 0;

	sb_init(&b, 0);
	rc |= sb_addc(&b, '%');
	for (p = filter ? filter : ""; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			rc |= sb_addc(&b, '\\');
		rc |= sb_addc(&b, *p);
	}
	rc |= sb_addc(&b, '%');
	(void)rc;
	return sb_take(&b, NULL);
}

int
sd_project_list(struct sd_store *s, const char *filter, int64_t offset, int64_t size,
    struct sb *out)
{
	sqlite3_stmt *st;
	cJSON *o = cJSON_CreateObject(), *arr = cJSON_CreateArray();
	char *pat = sd_like_pattern(filter);
	int64_t total = 0, count = 0;

	sd_store_lock(s);
	st = sd_prep(s, "SELECT name, description, create_time, last_modify FROM projects"
			" WHERE name LIKE ? ESCAPE '\\' ORDER BY name LIMIT ? OFFSET ?");
	if (st != NULL) {
		sqlite3_bind_text(st, 1, pat, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, size);
		sqlite3_bind_int64(st, 3, offset);
		while (sqlite3_step(st) == SQLITE_ROW) {
			cJSON_AddItemToArray(arr,
			    sd_project_json((const char *)sqlite3_column_text(st, 0),
				(const char *)sqlite3_column_text(st, 1),
				sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3)));
			count++;
		}
		sqlite3_finalize(st);
	}
	total = sd_count(s, "SELECT count(*) FROM projects WHERE name LIKE ? ESCAPE '\\'", pat,
	    NULL);
	sd_store_unlock(s);
	free(pat);
	cJSON_AddNumberToObject(o, "count", (double)count);
	cJSON_AddNumberToObject(o, "total", (double)total);
	cJSON_AddItemToObject(o, "projects", arr);
	return sd_json_out(o, out);
}

int
sd_project_get_json(struct sd_store *s, const char *name, struct sb *out)
{
	char desc[1024];
	int64_t c, m;

	if (!sd_project_get(s, name, desc, sizeof desc, &c, &m))
		return -1;
	return sd_json_out(sd_project_json(name, desc, c, m), out);
}

/* Delete a logstore's groups, shards and row, and forget its query data;
 * under the lock, inside a transaction. */
static void
sd_logstore_purge(struct sd_store *s, int64_t id)
{
	static const char *const del[] = { "DELETE FROM groups WHERE logstore=?1",
		"DELETE FROM shards WHERE logstore=?1", "DELETE FROM logstores WHERE id=?1" };

	for (size_t i = 0; i < sizeof del / sizeof del[0]; i++) {
		sqlite3_stmt *st = sd_prep(s, del[i]);

		if (st) {
			sqlite3_bind_int64(st, 1, id);
			sqlite3_step(st);
			sqlite3_finalize(st);
		}
	}
	sq_drop(s->sq, id);
}

int
sd_project_delete(struct sd_store *s, const char *name, struct sd_err *err)
{
	sqlite3_stmt *st;
	int rc = -1;

	sd_store_lock(s);
	sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL);
	st = sd_prep(s, "SELECT id FROM logstores WHERE project=?");
	if (st != NULL) {
		int64_t ids[4096];
		size_t n = 0;

		sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
		while (sqlite3_step(st) == SQLITE_ROW && n < 4096)
			ids[n++] = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		for (size_t i = 0; i < n; i++)
			sd_logstore_purge(s, ids[i]);
	}
	st = sd_prep(s, "DELETE FROM projects WHERE name=?");
	if (st != NULL) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) == SQLITE_DONE && sqlite3_changes(s->db) > 0)
			rc = 0;
		else
			sd_err_set(err, 404, "ProjectNotExist", "The Project does not exist : %s",
			    name);
		sqlite3_finalize(st);
	}
	sqlite3_exec(s->db, rc == 0 ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
	sd_store_unlock(s);
	return rc;
}

/* Hex of the i-th of n even splits of the 128-bit MD5 space. */
static void
sd_split_key(int i, int n, char out[33])
{
	/* the top 64 bits suffice for even splits of up to 2^32 shards */
	unsigned __int128 span = ((unsigned __int128)1 << 64) / (unsigned)n;
	unsigned __int128 v = span * (unsigned)i;
	uint64_t hi = (uint64_t)v;

	if (i >= n)
		snprintf(out, 33, "ffffffffffffffffffffffffffffffff");
	else
		snprintf(out, 33, "%016" PRIx64 "0000000000000000", hi);
}

int
sd_logstore_create(struct sd_store *s, const char *project, const struct sd_logstore *ls,
    struct sd_err *err)
{
	sqlite3_stmt *st = NULL;
	int64_t now = clk_wall(), id;
	int i, rc = -1;

	sd_store_lock(s);
	sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL);
	st = sd_prep(s, "INSERT INTO logstores(project,name,ttl,shard_count,auto_split,"
			"max_split,append_meta,enable_tracking,create_time,last_modify,telemetry,"
			"mode) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
	if (st == NULL)
		goto dberr;
	sqlite3_bind_text(st, 1, project, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, ls->name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, ls->ttl);
	sqlite3_bind_int64(st, 4, ls->shard_count);
	sqlite3_bind_int(st, 5, ls->auto_split);
	sqlite3_bind_int64(st, 6, ls->max_split);
	sqlite3_bind_int(st, 7, ls->append_meta);
	sqlite3_bind_int(st, 8, ls->enable_tracking);
	sqlite3_bind_int64(st, 9, now);
	sqlite3_bind_int64(st, 10, now);
	sqlite3_bind_text(st, 11, ls->telemetry[0] ? ls->telemetry : "None", -1,
	    SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 12, ls->mode[0] ? ls->mode : "standard", -1, SQLITE_TRANSIENT);
	i = sqlite3_step(st);
	sqlite3_finalize(st);
	st = NULL;
	if (i == SQLITE_CONSTRAINT) {
		sd_err_set(err, 400, "LogStoreAlreadyExist", "logstore %s already exists",
		    ls->name);
		goto fail;
	}
	if (i != SQLITE_DONE)
		goto dberr;
	id = sqlite3_last_insert_rowid(s->db);
	st = sd_prep(s, "INSERT INTO shards VALUES(?,?,'readwrite',?,?,?,?,0)");
	if (st == NULL)
		goto dberr;
	for (i = 0; i < ls->shard_count; i++) {
		char b[33], e[33];

		sd_split_key(i, (int)ls->shard_count, b);
		sd_split_key(i + 1, (int)ls->shard_count, e);
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, i);
		sqlite3_bind_text(st, 3, b, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, e, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 5, now);
		/* cursor base: creation time in ns, so cursors look like SLS's */
		sqlite3_bind_int64(st, 6, clk_wall_us() * 1000 + (int64_t)i * 1000);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto dberr;
	}
	sqlite3_finalize(st);
	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	sd_store_unlock(s);
	return 0;
dberr:
	sd_db_err(s, err);
fail:
	sqlite3_finalize(st);
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	sd_store_unlock(s);
	return rc;
}

static void
sd_logstore_row(sqlite3_stmt *st, struct sd_logstore *o)
{
	memset(o, 0, sizeof *o);
	o->id = sqlite3_column_int64(st, 0);
	snprintf(o->name, sizeof o->name, "%s", (const char *)sqlite3_column_text(st, 1));
	o->ttl = sqlite3_column_int64(st, 2);
	o->shard_count = sqlite3_column_int64(st, 3);
	o->auto_split = sqlite3_column_int(st, 4);
	o->max_split = sqlite3_column_int64(st, 5);
	o->append_meta = sqlite3_column_int(st, 6);
	o->enable_tracking = sqlite3_column_int(st, 7);
	o->create_time = sqlite3_column_int64(st, 8);
	o->last_modify = sqlite3_column_int64(st, 9);
	snprintf(o->telemetry, sizeof o->telemetry, "%s",
	    (const char *)sqlite3_column_text(st, 10));
	snprintf(o->mode, sizeof o->mode, "%s", (const char *)sqlite3_column_text(st, 11));
}

int
sd_logstore_get(struct sd_store *s, const char *project, const char *name,
    struct sd_logstore *out, struct sd_err *err)
{
	sqlite3_stmt *st;
	int rc = -1;

	sd_store_lock(s);
	st = sd_prep(s, "SELECT id,name,ttl,shard_count,auto_split,max_split,append_meta,"
			"enable_tracking,create_time,last_modify,telemetry,mode FROM logstores"
			" WHERE project=? AND name=?");
	if (st != NULL) {
		sqlite3_bind_text(st, 1, project, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) == SQLITE_ROW) {
			sd_logstore_row(st, out);
			rc = 0;
		}
		sqlite3_finalize(st);
	}
	sd_store_unlock(s);
	if (rc != 0)
		sd_err_set(err, 404, "LogStoreNotExist", "logstore %s does not exist", name);
	return rc;
}

int
sd_logstore_list(struct sd_store *s, const char *project, const char *filter,
    int64_t offset, int64_t size, struct sb *out)
{
	sqlite3_stmt *st;
	cJSON *o = cJSON_CreateObject(), *arr = cJSON_CreateArray();
	char *pat = sd_like_pattern(filter);
	int64_t total = 0, count = 0;

	sd_store_lock(s);
	st = sd_prep(s, "SELECT name FROM logstores WHERE project=? AND name LIKE ? ESCAPE '\\'"
			" ORDER BY name LIMIT ? OFFSET ?");
	if (st != NULL) {
		sqlite3_bind_text(st, 1, project, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, pat, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 3, size);
		sqlite3_bind_int64(st, 4, offset);
		while (sqlite3_step(st) == SQLITE_ROW) {
			cJSON_AddItemToArray(arr,
			    cJSON_CreateString((const char *)sqlite3_column_text(st, 0)));
			count++;
		}
		sqlite3_finalize(st);
	}
	total = sd_count(s, "SELECT count(*) FROM logstores WHERE project=? AND name LIKE ?"
			    " ESCAPE '\\'", project, pat);
	sd_store_unlock(s);
	free(pat);
	cJSON_AddNumberToObject(o, "count", (double)count);
	cJSON_AddNumberToObject(o, "total", (double)total);
	cJSON_AddItemToObject(o, "logstores", arr);
	return sd_json_out(o, out);
}

int
sd_logstore_update(struct sd_store *s, const char *project, const struct sd_logstore *ls,
    struct sd_err *err)
{
	sqlite3_stmt *st;
	int rc = -1;

	sd_store_lock(s);
	st = sd_prep(s, "UPDATE logstores SET ttl=?, append_meta=?, enable_tracking=?,"
			" auto_split=?, max_split=?, last_modify=? WHERE project=? AND name=?");
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, ls->ttl);
		sqlite3_bind_int(st, 2, ls->append_meta);
		sqlite3_bind_int(st, 3, ls->enable_tracking);
		sqlite3_bind_int(st, 4, ls->auto_split);
		sqlite3_bind_int64(st, 5, ls->max_split);
		sqlite3_bind_int64(st, 6, clk_wall());
		sqlite3_bind_text(st, 7, project, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 8, ls->name, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) == SQLITE_DONE && sqlite3_changes(s->db) > 0)
			rc = 0;
		sqlite3_finalize(st);
	}
	sd_store_unlock(s);
	if (rc != 0)
		sd_err_set(err, 404, "LogStoreNotExist", "logstore %s does not exist", ls->name);
	return rc;
}

int
sd_logstore_delete(struct sd_store *s, const char *project, const char *name,
    struct sd_err *err)
{
	struct sd_logstore ls;

	if (sd_logstore_get(s, project, name, &ls, err) != 0)
		return -1;
	sd_store_lock(s);
	sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL);
	sd_logstore_purge(s, ls.id);
	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	sd_store_unlock(s);
	return 0;
}

int
sd_shards(struct sd_store *s, int64_t ls, struct sd_shard **out)
{
	sqlite3_stmt *st;
	struct sd_shard *v = NULL;
	int n = 0, cap = 0;

	sd_store_lock(s);
	st = sd_prep(s, "SELECT shard,status,begin_key,end_key,create_time,cursor_base FROM"
			" shards WHERE logstore=? ORDER BY shard");
	if (st == NULL) {
		sd_store_unlock(s);
		return -1;
	}
	sqlite3_bind_int64(st, 1, ls);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			v = xreallocarray(v, (size_t)cap, sizeof *v);
		}
		memset(&v[n], 0, sizeof v[n]);
		v[n].id = sqlite3_column_int(st, 0);
		snprintf(v[n].status, sizeof v[n].status, "%s",
		    (const char *)sqlite3_column_text(st, 1));
		snprintf(v[n].begin_key, sizeof v[n].begin_key, "%s",
		    (const char *)sqlite3_column_text(st, 2));
		snprintf(v[n].end_key, sizeof v[n].end_key, "%s",
		    (const char *)sqlite3_column_text(st, 3));
		v[n].create_time = sqlite3_column_int64(st, 4);
		v[n].cursor_base = sqlite3_column_int64(st, 5);
		n++;
	}
	sqlite3_finalize(st);
	sd_store_unlock(s);
	*out = v;
	return n;
}

int
sd_index_set(struct sd_store *s, int64_t ls, const char *json, struct sd_err *err)
{
	struct sq_err qe;
	sqlite3_stmt *st;
	int rc = -1;

	sd_store_lock(s);
	if (sq_set_index(s->sq, ls, json, &qe) != 0) {
		sd_store_unlock(s);
		sd_err_set(err, 400, "ParameterInvalid", "%s", qe.msg);
		return -1;
	}
	st = sd_prep(s, "UPDATE logstores SET index_json=? WHERE id=?");
	if (st != NULL) {
		if (json)
			sqlite3_bind_text(st, 1, json, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, 1);
		sqlite3_bind_int64(st, 2, ls);
		if (sqlite3_step(st) == SQLITE_DONE)
			rc = 0;
		sqlite3_finalize(st);
	}
	if (rc != 0)
		sd_db_err(s, err);
	sd_store_unlock(s);
	return rc;
}

char *
sd_index_get(struct sd_store *s, int64_t ls)
{
	sqlite3_stmt *st;
	char *out = NULL;

	sd_store_lock(s);
	st = sd_prep(s, "SELECT index_json FROM logstores WHERE id=?");
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, ls);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
			out = xstrdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	sd_store_unlock(s);
	return out;
}

/* Shard whose [begin, end) holds key (32 hex, compared as text). */
static int
sd_route_shard(struct sd_store *s, int64_t ls, const char *key)
{
	sqlite3_stmt *st;
	int shard = -1;

	st = sd_prep(s, "SELECT shard FROM shards WHERE logstore=? AND status='readwrite'"
			" AND lower(begin_key)<=lower(?2) AND lower(?2)<lower(end_key) LIMIT 1");
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
sd_rr_shard(struct sd_store *s, int64_t ls)
{
	sqlite3_stmt *st;
	int shard = -1, n = 0;

	st = sd_prep(s, "SELECT count(*) FROM shards WHERE logstore=? AND status='readwrite'");
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, ls);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (n == 0)
		return -1;
	st = sd_prep(s, "SELECT shard FROM shards WHERE logstore=? AND status='readwrite'"
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

int
sd_store_put_group(struct sd_store *s, int64_t ls, int shard, const char *route_key,
    const void *pb, size_t len, int64_t receive_time, int nlogs, struct sd_err *err)
{
	sqlite3_stmt *st = NULL;
	int64_t seq = -1;
	int64_t base = 0;
	struct sq_err qe;
	int rc = -1;

	sd_store_lock(s);
	if (shard < 0)
		shard = route_key ? sd_route_shard(s, ls, route_key) : sd_rr_shard(s, ls);
	if (shard < 0) {
		sd_err_set(err, 400, "ParameterInvalid", "no writable shard for this key");
		goto out;
	}
	sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	st = sd_prep(s, "UPDATE shards SET next_seq=next_seq+1 WHERE logstore=?1 AND shard=?2"
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
	st = sd_prep(s, "INSERT INTO groups(logstore,shard,seq,receive_time,nlogs,pb)"
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
	if (sq_ingest(s->sq, ls, shard, base + seq, receive_time, pb, len, &qe) != 0)
		log_warn("logstore %lld: group stored but not queryable: %s", (long long)ls,
		    qe.msg);
	rc = shard;
	goto out;
dberr:
	sd_db_err(s, err);
	sqlite3_finalize(st);
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
out:
	sd_store_unlock(s);
	return rc;
}

/* Base cursor and next seq of a shard; -1 when it does not exist. */
static int
sd_shard_pos(struct sd_store *s, int64_t ls, int shard, int64_t *base, int64_t *next)
{
	sqlite3_stmt *st = sd_prep(s, "SELECT cursor_base, next_seq FROM shards WHERE"
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
sd_first_seq(struct sd_store *s, int64_t ls, int shard, int64_t next)
{
	sqlite3_stmt *st = sd_prep(s, "SELECT min(seq) FROM groups WHERE logstore=? AND shard=?");
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
sd_cursor_get(struct sd_store *s, int64_t ls, int shard, const char *from, int64_t *cursor,
    struct sd_err *err)
{
	int64_t base, next, seq;
	char *end;
	long long t;
	int rc = -1;

	sd_store_lock(s);
	if (sd_shard_pos(s, ls, shard, &base, &next) != 0) {
		sd_err_set(err, 404, "ShardNotExist", "shard %d does not exist", shard);
		goto out;
	}
	if (from == NULL || *from == '\0') {
		sd_err_set(err, 400, "ParameterInvalid", "Parameter From is empty");
		goto out;
	}
	if (strcmp(from, "begin") == 0) {
		seq = sd_first_seq(s, ls, shard, next);
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
		st = sd_prep(s, "SELECT min(seq) FROM groups WHERE logstore=? AND shard=? AND"
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
sd_cursor_time(struct sd_store *s, int64_t ls, int shard, int64_t cursor, int64_t *t,
    struct sd_err *err)
{
	int64_t base, next, first, seq;
	sqlite3_stmt *st;
	int rc = -1;

	sd_store_lock(s);
	if (sd_shard_pos(s, ls, shard, &base, &next) != 0) {
		sd_err_set(err, 404, "ShardNotExist", "shard %d does not exist", shard);
		goto out;
	}
	seq = cursor - base;
	first = sd_first_seq(s, ls, shard, next);
	if (seq < first || seq > next) {
		sd_err_set(err, 400, "InvalidCursor", "cursor is out of range");
		goto out;
	}
	*t = clk_wall();
	st = sd_prep(s, "SELECT receive_time FROM groups WHERE logstore=? AND shard=? AND"
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
sd_pull(struct sd_store *s, int64_t ls, int shard, int64_t cursor, int64_t end_cursor,
    int count, size_t max_bytes, struct sb *out, int *ngroups, int64_t *next,
    int64_t *last, struct sd_err *err)
{
	int64_t base, nseq, first, seq, stop;
	sqlite3_stmt *st;
	int rc = -1, n = 0;

	*ngroups = 0;
	sd_store_lock(s);
	if (sd_shard_pos(s, ls, shard, &base, &nseq) != 0) {
		sd_err_set(err, 404, "ShardNotExist", "shard %d does not exist", shard);
		goto out;
	}
	seq = cursor - base;
	first = sd_first_seq(s, ls, shard, nseq);
	if (seq < first || seq > nseq) {
		sd_err_set(err, 400, "InvalidCursor", "cursor is out of range");
		goto out;
	}
	stop = end_cursor >= 0 ? end_cursor - base : nseq;
	*next = cursor;
	*last = cursor - 1;
	st = sd_prep(s, "SELECT seq, pb FROM groups WHERE logstore=? AND shard=? AND seq>=?"
			" AND seq<? ORDER BY seq LIMIT ?");
	if (st == NULL) {
		sd_db_err(s, err);
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
