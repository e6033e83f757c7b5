/*
 * sd_catalog — slsd's catalog in the store's database (see sd_catalog.h):
 * projects, logstores, their shards (even MD5 splits) and index configs.
 */
#include "server/sd_catalog.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <sqlite3.h>

#include "base/clk.h"
#include "base/log.h"
#include "base/sb.h"
#include "base/xalloc.h"
#include "server/sd_err.h"
#include "server/sd_store.h"
#include "server/sd_store_int.h"
#include "sq/sq.h"

int
sd_catalog_project_create(struct sd_store *s, const char *name, const char *desc,
    struct sd_err *err)
{
	sqlite3_stmt *st;
	int64_t now = clk_wall();
	int rc = -1;

	sd_store_lock(s);
	st = sd_store_prep(s, "INSERT INTO projects VALUES(?,?,?,?)");
	if (st == NULL) {
		sd_store_db_err(s, err);
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
		sd_store_db_err(s, err);
	}
	sqlite3_finalize(st);
out:
	sd_store_unlock(s);
	return rc;
}

int
sd_catalog_project_get(struct sd_store *s, const char *name, char *desc, size_t desclen,
    int64_t *ctime, int64_t *mtime)
{
	sqlite3_stmt *st;
	int found = 0;

	sd_store_lock(s);
	st = sd_store_prep(s,
	    "SELECT description, create_time, last_modify FROM projects WHERE name=?");
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
sd_catalog_project_json(const char *name, const char *desc, int64_t ctime, int64_t mtime)
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
sd_catalog_json_out(cJSON *o, struct sb *out)
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
sd_catalog_count(struct sd_store *s, const char *sql, const char *a1, const char *a2)
{
	sqlite3_stmt *st = sd_store_prep(s, sql);
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
sd_catalog_like_pattern(const char *filter)
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
sd_catalog_project_list(struct sd_store *s, const char *filter, int64_t offset, int64_t size,
    struct sb *out)
{
	sqlite3_stmt *st;
	cJSON *o = cJSON_CreateObject(), *arr = cJSON_CreateArray();
	char *pat = sd_catalog_like_pattern(filter);
	int64_t total = 0, count = 0;

	sd_store_lock(s);
	st = sd_store_prep(s, "SELECT name, description, create_time, last_modify FROM projects"
			" WHERE name LIKE ? ESCAPE '\\' ORDER BY name LIMIT ? OFFSET ?");
	if (st != NULL) {
		sqlite3_bind_text(st, 1, pat, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, size);
		sqlite3_bind_int64(st, 3, offset);
		while (sqlite3_step(st) == SQLITE_ROW) {
			cJSON_AddItemToArray(arr,
			    sd_catalog_project_json((const char *)sqlite3_column_text(st, 0),
				(const char *)sqlite3_column_text(st, 1),
				sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3)));
			count++;
		}
		sqlite3_finalize(st);
	}
	total = sd_catalog_count(s, "SELECT count(*) FROM projects WHERE name LIKE ? ESCAPE '\\'",
	    pat,
	    NULL);
	sd_store_unlock(s);
	free(pat);
	cJSON_AddNumberToObject(o, "count", (double)count);
	cJSON_AddNumberToObject(o, "total", (double)total);
	cJSON_AddItemToObject(o, "projects", arr);
	return sd_catalog_json_out(o, out);
}

int
sd_catalog_project_get_json(struct sd_store *s, const char *name, struct sb *out)
{
	char desc[1024];
	int64_t c, m;

	if (!sd_catalog_project_get(s, name, desc, sizeof desc, &c, &m))
		return -1;
	return sd_catalog_json_out(sd_catalog_project_json(name, desc, c, m), out);
}

/* Delete a logstore's groups, shards and row, and forget its query data;
 * under the lock, inside a transaction. */
static void
sd_catalog_logstore_purge(struct sd_store *s, int64_t id)
{
	static const char *const del[] = { "DELETE FROM groups WHERE logstore=?1",
		"DELETE FROM shards WHERE logstore=?1", "DELETE FROM cg_shards WHERE logstore=?1",
		"DELETE FROM cg_consumers WHERE logstore=?1", "DELETE FROM cgroups WHERE logstore=?1",
		"DELETE FROM logstores WHERE id=?1" };

	for (size_t i = 0; i < sizeof del / sizeof del[0]; i++) {
		sqlite3_stmt *st = sd_store_prep(s, del[i]);

		if (st) {
			sqlite3_bind_int64(st, 1, id);
			sqlite3_step(st);
			sqlite3_finalize(st);
		}
	}
	sq_drop(s->sq, id);
}

int
sd_catalog_project_delete(struct sd_store *s, const char *name, struct sd_err *err)
{
	sqlite3_stmt *st;
	int rc = -1;

	sd_store_lock(s);
	sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL);
	st = sd_store_prep(s, "SELECT id FROM logstores WHERE project=?");
	if (st != NULL) {
		int64_t ids[4096];
		size_t n = 0;

		sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
		while (sqlite3_step(st) == SQLITE_ROW && n < 4096)
			ids[n++] = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		for (size_t i = 0; i < n; i++)
			sd_catalog_logstore_purge(s, ids[i]);
	}
	st = sd_store_prep(s, "DELETE FROM projects WHERE name=?");
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
sd_catalog_split_key(int i, int n, char out[33])
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
sd_catalog_logstore_create(struct sd_store *s, const char *project, const struct sd_logstore *ls,
    struct sd_err *err)
{
	sqlite3_stmt *st = NULL;
	int64_t now = clk_wall(), id;
	int i, rc = -1;

	sd_store_lock(s);
	sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL);
	st = sd_store_prep(s, "INSERT INTO logstores(project,name,ttl,shard_count,auto_split,"
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
	st = sd_store_prep(s, "INSERT INTO shards VALUES(?,?,'readwrite',?,?,?,?,0)");
	if (st == NULL)
		goto dberr;
	for (i = 0; i < ls->shard_count; i++) {
		char b[33], e[33];

		sd_catalog_split_key(i, (int)ls->shard_count, b);
		sd_catalog_split_key(i + 1, (int)ls->shard_count, e);
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
	sd_store_db_err(s, err);
fail:
	sqlite3_finalize(st);
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	sd_store_unlock(s);
	return rc;
}

static void
sd_catalog_logstore_row(sqlite3_stmt *st, struct sd_logstore *o)
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
sd_catalog_logstore_get(struct sd_store *s, const char *project, const char *name,
    struct sd_logstore *out, struct sd_err *err)
{
	sqlite3_stmt *st;
	int rc = -1;

	sd_store_lock(s);
	st = sd_store_prep(s, "SELECT id,name,ttl,shard_count,auto_split,max_split,append_meta,"
			"enable_tracking,create_time,last_modify,telemetry,mode FROM logstores"
			" WHERE project=? AND name=?");
	if (st != NULL) {
		sqlite3_bind_text(st, 1, project, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) == SQLITE_ROW) {
			sd_catalog_logstore_row(st, out);
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
sd_catalog_logstore_list(struct sd_store *s, const char *project, const char *filter,
    int64_t offset, int64_t size, struct sb *out)
{
	sqlite3_stmt *st;
	cJSON *o = cJSON_CreateObject(), *arr = cJSON_CreateArray();
	char *pat = sd_catalog_like_pattern(filter);
	int64_t total = 0, count = 0;

	sd_store_lock(s);
	st = sd_store_prep(s,
	    "SELECT name FROM logstores WHERE project=? AND name LIKE ? ESCAPE '\\'"
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
	total = sd_catalog_count(s, "SELECT count(*) FROM logstores WHERE project=? AND name LIKE ?"
			    " ESCAPE '\\'", project, pat);
	sd_store_unlock(s);
	free(pat);
	cJSON_AddNumberToObject(o, "count", (double)count);
	cJSON_AddNumberToObject(o, "total", (double)total);
	cJSON_AddItemToObject(o, "logstores", arr);
	return sd_catalog_json_out(o, out);
}

int
sd_catalog_logstore_update(struct sd_store *s, const char *project, const struct sd_logstore *ls,
    struct sd_err *err)
{
	sqlite3_stmt *st;
	int rc = -1;

	sd_store_lock(s);
	st = sd_store_prep(s, "UPDATE logstores SET ttl=?, append_meta=?, enable_tracking=?,"
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
sd_catalog_logstore_delete(struct sd_store *s, const char *project, const char *name,
    struct sd_err *err)
{
	struct sd_logstore ls;

	if (sd_catalog_logstore_get(s, project, name, &ls, err) != 0)
		return -1;
	sd_store_lock(s);
	sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL);
	sd_catalog_logstore_purge(s, ls.id);
	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	sd_store_unlock(s);
	return 0;
}

int
sd_catalog_shards(struct sd_store *s, int64_t ls, struct sd_shard **out)
{
	sqlite3_stmt *st;
	struct sd_shard *v = NULL;
	int n = 0, cap = 0;

	sd_store_lock(s);
	st = sd_store_prep(s, "SELECT shard,status,begin_key,end_key,create_time,cursor_base FROM"
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

/* The engine re-indexes without the store's lock (other requests go on
 * meanwhile); the logstore's ixmu stripe keeps the engine and the table in
 * the same order when two changes of it race. */
int
sd_catalog_index_set(struct sd_store *s, int64_t ls, const char *json, struct sd_err *err)
{
	pthread_mutex_t *mu = &s->ixmu[(uint64_t)ls % SD_IXMU];
	struct sq_err qe;
	sqlite3_stmt *st;
	int rc = -1;

	pthread_mutex_lock(mu);
	if (sq_set_index(s->sq, ls, json, &qe) != 0) {
		pthread_mutex_unlock(mu);
		sd_err_set(err, 400, "ParameterInvalid", "%s", qe.msg);
		return -1;
	}
	sd_store_lock(s);
	st = sd_store_prep(s, "UPDATE logstores SET index_json=? WHERE id=?");
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
		sd_store_db_err(s, err);
	sd_store_unlock(s);
	pthread_mutex_unlock(mu);
	return rc;
}

char *
sd_catalog_index_get(struct sd_store *s, int64_t ls)
{
	sqlite3_stmt *st;
	char *out = NULL;

	sd_store_lock(s);
	st = sd_store_prep(s, "SELECT index_json FROM logstores WHERE id=?");
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, ls);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
			out = xstrdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	sd_store_unlock(s);
	return out;
}

