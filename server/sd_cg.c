/*
 * sd_cg — consumer groups: the seven APIs of sd_cg.h on the store's
 * database. A heartbeat registers its consumer (the shards it says it
 * holds, the time), forgets consumers silent for longer than the group's
 * timeout, rebalances the shards among the live ones (sd_cgbal) and
 * answers the shards this consumer is to consume. Everything a call does
 * is one transaction under the store lock.
 */
#include "server/sd_cg.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>
#include <sqlite3.h>

#include "base/clk.h"
#include "base/log.h"
#include "base/sb.h"
#include "base/xalloc.h"
#include "proto/cursor.h"
#include "server/sd_catalog.h"
#include "server/sd_cgbal.h"
#include "server/sd_req.h"
#include "server/sd_resp.h"
#include "server/sd_store.h"

#define SD_CG_MAX_CONSUMERS 1000 /* live consumers of one group */
#define SD_CG_MAX_HELD 10000     /* shard ids in one heartbeat */

/* What one call works on: the logstore, the group, its shards. */
struct sd_cg_ctx {
	struct sd_server *srv;
	struct sd_req *rq;
	struct sd_resp *rs;
	sqlite3 *db;
	int64_t ls;
	const char *group;         /* NULL for the group list */
	struct sd_shard *shards;
	int nshards;
};

/* ---- helpers --------------------------------------------------------- */

/* Group names: 2..128 of lower-case letters, digits, '-' and '_',
 * starting and ending with a letter or digit. */
static int
sd_cg_valid_name(const char *s)
{
	size_t n = strlen(s), i;

	if (n < 2 || n > 128)
		return 0;
	for (i = 0; i < n; i++)
		if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) ||
		    ((s[i] == '-' || s[i] == '_') && i > 0 && i < n - 1)))
			return 0;
	return 1;
}

static sqlite3_stmt *
sd_cg_prep(struct sd_cg_ctx *c, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK) {
		log_error("sqlite: %s", sqlite3_errmsg(c->db));
		return NULL;
	}
	sqlite3_bind_int64(st, 1, c->ls);
	if (c->group != NULL)
		sqlite3_bind_text(st, 2, c->group, -1, SQLITE_TRANSIENT);
	return st;
}

/* Run a statement with no rows (?1 logstore, ?2 group bound); 0 ok. */
static int
sd_cg_run(sqlite3_stmt *st)
{
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void
sd_cg_db_fail(struct sd_cg_ctx *c)
{
	char m[300];

	snprintf(m, sizeof m, "storage error: %s", sqlite3_errmsg(c->db));
	sd_resp_error(c->rs, 500, "InternalServerError", m);
}

static void
sd_cg_not_exist(struct sd_cg_ctx *c)
{
	char m[300];

	snprintf(m, sizeof m, "consumer group %s does not exist", c->group);
	sd_resp_error(c->rs, 404, "ConsumerGroupNotExist", m);
}

/* The group's timeout (seconds) and order; 1 found, 0 not, -1 error. */
static int
sd_cg_group_get(struct sd_cg_ctx *c, int64_t *timeout, int *order)
{
	sqlite3_stmt *st = sd_cg_prep(c, "SELECT timeout, in_order FROM cgroups"
					 " WHERE logstore=?1 AND name=?2");
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (timeout)
			*timeout = sqlite3_column_int64(st, 0);
		if (order)
			*order = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int
sd_cg_shard_exists(const struct sd_cg_ctx *c, int64_t shard)
{
	for (int i = 0; i < c->nshards; i++)
		if (c->shards[i].id == shard)
			return 1;
	return 0;
}

/* A JSON number that is an integer in lo..hi; 1 and *out set, or 0. */
static int
sd_cg_json_int(const cJSON *v, double lo, double hi, int64_t *out)
{
	if (!cJSON_IsNumber(v) || !(v->valuedouble >= lo && v->valuedouble <= hi) ||
	    v->valuedouble != (double)(int64_t)v->valuedouble)
		return 0;
	*out = (int64_t)v->valuedouble;
	return 1;
}

/* The body's "timeout" (required when req) and "order"; 0 ok, -1 with
 * the reply set. *has says which were given (1 timeout, 2 order). */
static int
sd_cg_body_opts(struct sd_cg_ctx *c, const cJSON *o, int req, int64_t *timeout, int *order,
    int *has)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "timeout");
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(o, "order");

	*has = 0;
	if (t != NULL || req) {
		if (!sd_cg_json_int(t, 1, SD_CG_MAX_TIMEOUT, timeout)) {
			sd_resp_bad(c->rs, "timeout must be an integer of seconds in 1..%s", "86400");
			return -1;
		}
		*has |= 1;
	}
	if (r != NULL) {
		if (!cJSON_IsBool(r)) {
			sd_resp_bad(c->rs, "order must be true or false%s", "");
			return -1;
		}
		*order = cJSON_IsTrue(r);
		*has |= 2;
	}
	return 0;
}

/* ---- the group APIs -------------------------------------------------- */

static void
sd_cg_list(struct sd_cg_ctx *c)
{
	sqlite3_stmt *st = sd_cg_prep(c, "SELECT name, timeout, in_order FROM cgroups"
					 " WHERE logstore=?1 ORDER BY name");
	cJSON *arr = cJSON_CreateArray();

	if (st == NULL) {
		cJSON_Delete(arr);
		sd_cg_db_fail(c);
		return;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "name", (const char *)sqlite3_column_text(st, 0));
		cJSON_AddNumberToObject(o, "timeout", (double)sqlite3_column_int64(st, 1));
		cJSON_AddBoolToObject(o, "order", sqlite3_column_int(st, 2));
		cJSON_AddItemToArray(arr, o);
	}
	sqlite3_finalize(st);
	sd_resp_json(c->rs, arr);
}

static int64_t
sd_cg_count(struct sd_cg_ctx *c, const char *sql)
{
	sqlite3_stmt *st = sd_cg_prep(c, sql);
	int64_t n = -1;

	if (st != NULL && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void
sd_cg_create(struct sd_cg_ctx *c)
{
	cJSON *o = sd_req_json(c->rq, c->rs);
	const cJSON *name = o ? cJSON_GetObjectItemCaseSensitive(o, "consumerGroup") : NULL;
	int64_t timeout = 0;
	int order = 0, has, found;
	sqlite3_stmt *st;

	if (o == NULL)
		return;
	if (!cJSON_IsString(name) || !sd_cg_valid_name(name->valuestring)) {
		sd_resp_bad(c->rs, "consumerGroup must be 2..128 of a-z, 0-9, '-', '_'%s", "");
	} else if (sd_cg_body_opts(c, o, 1, &timeout, &order, &has) == 0) {
		c->group = name->valuestring;
		found = sd_cg_group_get(c, NULL, NULL);
		if (found > 0) {
			sd_resp_error(c->rs, 400, "ConsumerGroupAlreadyExist",
			    "consumer group already exists");
		} else if (found == 0 && sd_cg_count(c, "SELECT count(*) FROM cgroups"
							  " WHERE logstore=?1") >=
		    SD_CG_MAX_GROUPS) {
			sd_resp_error(c->rs, 400, "ConsumerGroupQuotaExceed",
			    "a logstore has at most 30 consumer groups");
		} else {
			st = found < 0 ? NULL : sd_cg_prep(c, "INSERT INTO cgroups(logstore, name,"
							     " timeout, in_order) VALUES(?1,?2,?3,?4)");
			if (st != NULL) {
				sqlite3_bind_int64(st, 3, timeout);
				sqlite3_bind_int(st, 4, order);
			}
			if (sd_cg_run(st) != 0)
				sd_cg_db_fail(c);
		}
		c->group = NULL;
	}
	cJSON_Delete(o);
}

static void
sd_cg_update(struct sd_cg_ctx *c)
{
	cJSON *o = sd_req_json(c->rq, c->rs);
	int64_t timeout = 0;
	int order = 0, has = 0, found;
	sqlite3_stmt *st;

	if (o == NULL || sd_cg_body_opts(c, o, 0, &timeout, &order, &has) != 0) {
		cJSON_Delete(o);
		return;
	}
	cJSON_Delete(o);
	if (has == 0) {
		sd_resp_bad(c->rs, "give timeout or order%s", "");
		return;
	}
	found = sd_cg_group_get(c, NULL, NULL);
	if (found <= 0) {
		found < 0 ? sd_cg_db_fail(c) : sd_cg_not_exist(c);
		return;
	}
	st = sd_cg_prep(c, "UPDATE cgroups SET timeout=CASE WHEN ?3 THEN ?4 ELSE timeout END,"
			   " in_order=CASE WHEN ?5 THEN ?6 ELSE in_order END"
			   " WHERE logstore=?1 AND name=?2");
	if (st != NULL) {
		sqlite3_bind_int(st, 3, (has & 1) != 0);
		sqlite3_bind_int64(st, 4, timeout);
		sqlite3_bind_int(st, 5, (has & 2) != 0);
		sqlite3_bind_int(st, 6, order);
	}
	if (sd_cg_run(st) != 0)
		sd_cg_db_fail(c);
}

static void
sd_cg_delete(struct sd_cg_ctx *c)
{
	static const char *const del[] = {
		"DELETE FROM cg_shards WHERE logstore=?1 AND cgroup=?2",
		"DELETE FROM cg_consumers WHERE logstore=?1 AND cgroup=?2",
		"DELETE FROM cgroups WHERE logstore=?1 AND name=?2",
	};
	int found = sd_cg_group_get(c, NULL, NULL);

	if (found <= 0) {
		found < 0 ? sd_cg_db_fail(c) : sd_cg_not_exist(c);
		return;
	}
	for (size_t i = 0; i < sizeof del / sizeof del[0]; i++)
		if (sd_cg_run(sd_cg_prep(c, del[i])) != 0) {
			sd_cg_db_fail(c);
			return;
		}
}

/* ---- checkpoints ----------------------------------------------------- */

static void
sd_cg_checkpoint_get(struct sd_cg_ctx *c)
{
	int64_t want = -1;
	int found = sd_cg_group_get(c, NULL, NULL);
	sqlite3_stmt *st;
	cJSON *arr;

	if (found <= 0) {
		found < 0 ? sd_cg_db_fail(c) : sd_cg_not_exist(c);
		return;
	}
	if (sd_req_int(c->rq, "shard", -1, &want) != 0) {
		sd_resp_bad(c->rs, "shard must be an integer%s", "");
		return;
	}
	st = sd_cg_prep(c, "SELECT checkpoint, update_us, consumer FROM cg_shards"
			   " WHERE logstore=?1 AND cgroup=?2 AND shard=?3");
	if (st == NULL) {
		sd_cg_db_fail(c);
		return;
	}
	arr = cJSON_CreateArray();
	for (int i = 0; i < c->nshards; i++) {
		cJSON *o;
		const char *cp = NULL, *who = NULL;
		char num[24];
		int64_t t = 0;

		if (want >= 0 && c->shards[i].id != want)
			continue;
		sqlite3_reset(st);
		sqlite3_bind_int(st, 3, c->shards[i].id);
		if (sqlite3_step(st) == SQLITE_ROW) {
			cp = (const char *)sqlite3_column_text(st, 0);
			t = sqlite3_column_int64(st, 1);
			who = (const char *)sqlite3_column_text(st, 2);
		}
		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "shard", c->shards[i].id);
		cJSON_AddStringToObject(o, "checkpoint", cp ? cp : "");
		/* microseconds: 16 digits, printed whole (a double could print 1.8e+15) */
		snprintf(num, sizeof num, "%lld", (long long)t);
		cJSON_AddRawToObject(o, "updateTime", num);
		cJSON_AddStringToObject(o, "consumer", who ? who : "");
		cJSON_AddItemToArray(arr, o);
	}
	sqlite3_finalize(st);
	sd_resp_json(c->rs, arr);
}

/* forceSuccess=false: the consumer must be live and own the shard;
 * 0 ok, -1 with the reply set. */
static int
sd_cg_checkpoint_owner(struct sd_cg_ctx *c, const char *consumer, int shard, int64_t timeout)
{
	sqlite3_stmt *st = sd_cg_prep(c, "SELECT (SELECT last_us FROM cg_consumers WHERE"
					 " logstore=?1 AND cgroup=?2 AND consumer=?3), (SELECT owner"
					 " FROM cg_shards WHERE logstore=?1 AND cgroup=?2 AND shard=?4)");
	int64_t last = -1;
	int mine = 0;

	if (st == NULL) {
		sd_cg_db_fail(c);
		return -1;
	}
	sqlite3_bind_text(st, 3, consumer, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 4, shard);
	if (sqlite3_step(st) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) != SQLITE_NULL)
			last = sqlite3_column_int64(st, 0);
		mine = sqlite3_column_type(st, 1) != SQLITE_NULL &&
		    strcmp((const char *)sqlite3_column_text(st, 1), consumer) == 0;
	}
	sqlite3_finalize(st);
	if (last < 0 || last < clk_wall_us() - timeout * 1000000) {
		sd_resp_error(c->rs, 400, "ConsumerNotExsit", "consumer does not exist");
		return -1;
	}
	if (!mine) {
		sd_resp_error(c->rs, 400, "ConsumerNotMatch", "consumer does not hold this shard");
		return -1;
	}
	return 0;
}

/* forceSuccess as the SDKs send it: true/false (Python: True/False). */
static int
sd_cg_force(struct sd_cg_ctx *c, int *force)
{
	const char *f = sd_req_query(c->rq, "forceSuccess");

	*force = 0;
	if (f == NULL || *f == '\0' || strcasecmp(f, "false") == 0)
		return 0;
	if (strcasecmp(f, "true") == 0) {
		*force = 1;
		return 0;
	}
	sd_resp_bad(c->rs, "forceSuccess must be true or false, not %s", f);
	return -1;
}

/* The body {"shard": N, "checkpoint": "..."}; 0 ok, -1 with the reply. */
static int
sd_cg_checkpoint_body(struct sd_cg_ctx *c, int *shard, char *cp, size_t cpn)
{
	cJSON *o = sd_req_json(c->rq, c->rs);
	const cJSON *s = o ? cJSON_GetObjectItemCaseSensitive(o, "shard") : NULL;
	const cJSON *k = o ? cJSON_GetObjectItemCaseSensitive(o, "checkpoint") : NULL;
	int64_t id, v;
	int rc = -1;

	if (o == NULL)
		return -1;
	if (!sd_cg_json_int(s, 0, 1000000, &id)) {
		sd_resp_bad(c->rs, "shard must be a shard id%s", "");
	} else if (!cJSON_IsString(k) || strlen(k->valuestring) >= cpn ||
	    cursor_decode(k->valuestring, &v) != 0) {
		sd_resp_bad(c->rs, "checkpoint must be a cursor of this shard%s", "");
	} else {
		*shard = (int)id;
		snprintf(cp, cpn, "%s", k->valuestring);
		rc = 0;
	}
	cJSON_Delete(o);
	return rc;
}

static void
sd_cg_checkpoint_put(struct sd_cg_ctx *c)
{
	const char *consumer = sd_req_query(c->rq, "consumer");
	char cp[SD_CG_MAX_CHECKPOINT];
	int64_t timeout = 0;
	int shard, force, found;
	sqlite3_stmt *st;

	if (consumer == NULL)
		consumer = "";
	if (sd_cg_force(c, &force) != 0 || sd_cg_checkpoint_body(c, &shard, cp, sizeof cp) != 0)
		return;
	found = sd_cg_group_get(c, &timeout, NULL);
	if (found <= 0) {
		found < 0 ? sd_cg_db_fail(c) : sd_cg_not_exist(c);
		return;
	}
	if (!sd_cg_shard_exists(c, shard)) {
		sd_resp_error(c->rs, 400, "ShardNotExsit", "shard does not exist");
		return;
	}
	if (!force && sd_cg_checkpoint_owner(c, consumer, shard, timeout) != 0)
		return;
	st = sd_cg_prep(c, "INSERT INTO cg_shards(logstore, cgroup, shard, checkpoint, update_us,"
			   " consumer) VALUES(?1,?2,?3,?4,?5,?6) ON CONFLICT(logstore, cgroup, shard)"
			   " DO UPDATE SET checkpoint=excluded.checkpoint,"
			   " update_us=excluded.update_us, consumer=excluded.consumer");
	if (st != NULL) {
		sqlite3_bind_int(st, 3, shard);
		sqlite3_bind_text(st, 4, cp, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 5, clk_wall_us());
		sqlite3_bind_text(st, 6, consumer, -1, SQLITE_TRANSIENT);
	}
	if (sd_cg_run(st) != 0)
		sd_cg_db_fail(c);
}

/* ---- heartbeat ------------------------------------------------------- */

/* The live consumers of the group, sorted by name, each with the shards
 * it holds; one of them is me. */
struct sd_cg_live {
	char **name;
	int **held;
	struct sd_cgbal_consumer *c;
	int n, cap;
};

static void
sd_cg_live_free(struct sd_cg_live *l)
{
	for (int i = 0; i < l->n; i++) {
		free(l->name[i]);
		free(l->held[i]);
	}
	free(l->name);
	free(l->held);
	free(l->c);
}

/* "1,5,7" into a malloc'd array. */
static int
sd_cg_parse_held(const char *s, int **out)
{
	int n = 0, cap = 0, *v = NULL;

	while (s != NULL && *s) {
		char *end;
		long x = strtol(s, &end, 10);

		if (end == s)
			break;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			v = xreallocarray(v, (size_t)cap, sizeof *v);
		}
		v[n++] = (int)x;
		s = *end == ',' ? end + 1 : end;
	}
	*out = v;
	return n;
}

static int
sd_cg_live_load(struct sd_cg_ctx *c, struct sd_cg_live *l)
{
	sqlite3_stmt *st = sd_cg_prep(c, "SELECT consumer, held FROM cg_consumers"
					 " WHERE logstore=?1 AND cgroup=?2 ORDER BY consumer");

	memset(l, 0, sizeof *l);
	if (st == NULL)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (l->n == l->cap) {
			l->cap = l->cap ? l->cap * 2 : 8;
			l->name = xreallocarray(l->name, (size_t)l->cap, sizeof *l->name);
			l->held = xreallocarray(l->held, (size_t)l->cap, sizeof *l->held);
			l->c = xreallocarray(l->c, (size_t)l->cap, sizeof *l->c);
		}
		l->name[l->n] = xstrdup((const char *)sqlite3_column_text(st, 0));
		l->c[l->n].nheld = sd_cg_parse_held((const char *)sqlite3_column_text(st, 1),
		    &l->held[l->n]);
		l->c[l->n].held = l->held[l->n];
		l->n++;
	}
	sqlite3_finalize(st);
	return 0;
}

/* owner[i] of each shard from cg_shards, as an index into l (-1: none or
 * a consumer no longer live). */
static int
sd_cg_owners_load(struct sd_cg_ctx *c, const struct sd_cg_live *l, const int *shard, int *owner)
{
	sqlite3_stmt *st = sd_cg_prep(c, "SELECT owner FROM cg_shards"
					 " WHERE logstore=?1 AND cgroup=?2 AND shard=?3");

	if (st == NULL)
		return -1;
	for (int i = 0; i < c->nshards; i++) {
		owner[i] = -1;
		sqlite3_reset(st);
		sqlite3_bind_int(st, 3, shard[i]);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
			const char *o = (const char *)sqlite3_column_text(st, 0);

			for (int j = 0; j < l->n && owner[i] < 0; j++)
				if (strcmp(l->name[j], o) == 0)
					owner[i] = j;
		}
	}
	sqlite3_finalize(st);
	return 0;
}

static int
sd_cg_owners_save(struct sd_cg_ctx *c, const struct sd_cg_live *l, const int *shard,
    const int *owner)
{
	sqlite3_stmt *st = sd_cg_prep(c, "INSERT INTO cg_shards(logstore, cgroup, shard, owner)"
					 " VALUES(?1,?2,?3,?4) ON CONFLICT(logstore, cgroup, shard)"
					 " DO UPDATE SET owner=excluded.owner");
	int rc = 0;

	if (st == NULL)
		return -1;
	for (int i = 0; i < c->nshards && rc == 0; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int(st, 3, shard[i]);
		if (owner[i] >= 0)
			sqlite3_bind_text(st, 4, l->name[owner[i]], -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, 4);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	}
	sqlite3_finalize(st);
	return rc;
}

/* What a consumer is granted it holds from now on, until a heartbeat of
 * its own leaves the shard out: the SDKs consume a granted shard at once,
 * so it must not be granted to another before that. */
static int
sd_cg_held_save(struct sd_cg_ctx *c, const char *me, const struct sd_cgbal_consumer *mine,
    const int *granted, int ngranted)
{
	struct sb held;
	sqlite3_stmt *st;
	int n = 0, rc = 0;

	sb_init(&held, 0);
	for (int i = 0; i < mine->nheld && rc == 0; i++)
		rc = sb_addf(&held, "%s%d", n++ ? "," : "", mine->held[i]);
	for (int g = 0; g < ngranted && rc == 0; g++) {
		int dup = 0;

		for (int i = 0; i < mine->nheld; i++)
			dup |= mine->held[i] == granted[g];
		if (!dup)
			rc = sb_addf(&held, "%s%d", n++ ? "," : "", granted[g]);
	}
	st = rc ? NULL : sd_cg_prep(c, "UPDATE cg_consumers SET held=?3"
					  " WHERE logstore=?1 AND cgroup=?2 AND consumer=?4");
	if (st != NULL) {
		sqlite3_bind_text(st, 3, sb_str(&held), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, me, -1, SQLITE_TRANSIENT);
	}
	sb_free(&held);
	return sd_cg_run(st);
}

/* Register me (held: csv), forget the silent, rebalance; the shards I am
 * to consume into out. Returns their count, -1 on a database error, -2
 * when the group is full. */
static int
sd_cg_beat(struct sd_cg_ctx *c, const char *me, const char *held, int64_t timeout, int *out)
{
	int64_t now = clk_wall_us();
	sqlite3_stmt *st;
	struct sd_cg_live l;
	int *shard = xcalloc((size_t)c->nshards + 1, sizeof *shard);
	int *owner = xcalloc((size_t)c->nshards + 1, sizeof *owner);
	int n = -1, j;

	for (int i = 0; i < c->nshards; i++)
		shard[i] = c->shards[i].id;
	st = sd_cg_prep(c, "DELETE FROM cg_consumers WHERE logstore=?1 AND cgroup=?2"
			   " AND last_us < ?3");
	if (st != NULL)
		sqlite3_bind_int64(st, 3, now - timeout * 1000000);
	if (sd_cg_run(st) != 0)
		goto out;
	st = sd_cg_prep(c, "INSERT INTO cg_consumers(logstore, cgroup, consumer, last_us, held)"
			   " SELECT ?1,?2,?3,?4,?5 WHERE (SELECT count(*) FROM cg_consumers WHERE"
			   " logstore=?1 AND cgroup=?2 AND consumer<>?3) < ?6"
			   " ON CONFLICT(logstore, cgroup, consumer) DO UPDATE SET"
			   " last_us=excluded.last_us, held=excluded.held");
	if (st != NULL) {
		sqlite3_bind_text(st, 3, me, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 4, now);
		sqlite3_bind_text(st, 5, held, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 6, SD_CG_MAX_CONSUMERS);
	}
	if (sd_cg_run(st) != 0 || sd_cg_live_load(c, &l) != 0)
		goto out;
	for (j = 0; j < l.n && strcmp(l.name[j], me) != 0; j++)
		;
	if (j == l.n) {
		n = -2;
	} else if (sd_cg_owners_load(c, &l, shard, owner) == 0) {
		sd_cgbal_assign(shard, c->nshards, l.c, l.n, owner);
		if (sd_cg_owners_save(c, &l, shard, owner) == 0)
			n = sd_cgbal_grant(shard, c->nshards, l.c, l.n, owner, j, out);
		if (n >= 0 && sd_cg_held_save(c, me, &l.c[j], out, n) != 0)
			n = -1;
	}
	sd_cg_live_free(&l);
out:
	free(shard);
	free(owner);
	return n;
}

/* The heartbeat body: a JSON array of shard ids, kept as "1,5,7" (ids of
 * shards that do not exist are dropped). 0 ok, -1 with the reply set. */
static int
sd_cg_beat_body(struct sd_cg_ctx *c, struct sb *held)
{
	cJSON *a = cJSON_ParseWithLength(c->rq->body.p ? c->rq->body.p : "", c->rq->body.len);
	const cJSON *e;
	int n = 0;

	if (c->rq->body.len == 0) {
		cJSON_Delete(a);
		return 0;
	}
	if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) > SD_CG_MAX_HELD) {
		cJSON_Delete(a);
		sd_resp_error(c->rs, 400, "PostBodyInvalid",
		    "the heartbeat body is not a JSON array of shard ids");
		return -1;
	}
	cJSON_ArrayForEach(e, a) {
		int64_t id;

		if (!sd_cg_json_int(e, -1e9, 1e9, &id)) {
			cJSON_Delete(a);
			sd_resp_error(c->rs, 400, "PostBodyInvalid",
			    "the heartbeat body is not a JSON array of shard ids");
			return -1;
		}
		if (sd_cg_shard_exists(c, id) &&
		    sb_addf(held, "%s%d", n++ ? "," : "", (int)id) != 0)
			break;
	}
	cJSON_Delete(a);
	return 0;
}

static void
sd_cg_heartbeat(struct sd_cg_ctx *c)
{
	const char *me = sd_req_query(c->rq, "consumer");
	struct sb held;
	int64_t timeout;
	int found, n, *out;
	cJSON *arr;

	if (me == NULL || *me == '\0' || strlen(me) > SD_CG_MAX_CONSUMER) {
		sd_resp_bad(c->rs, "consumer must be given, up to 256 bytes%s", "");
		return;
	}
	found = sd_cg_group_get(c, &timeout, NULL);
	if (found <= 0) {
		found < 0 ? sd_cg_db_fail(c) : sd_cg_not_exist(c);
		return;
	}
	sb_init(&held, 0);
	if (sd_cg_beat_body(c, &held) != 0) {
		sb_free(&held);
		return;
	}
	out = xcalloc((size_t)c->nshards + 1, sizeof *out);
	n = sd_cg_beat(c, me, sb_str(&held), timeout, out);
	sb_free(&held);
	if (n == -2) {
		sd_resp_error(c->rs, 400, "ParameterInvalid", "a consumer group has at most 1000"
		    " live consumers");
	} else if (n < 0) {
		sd_cg_db_fail(c);
	} else {
		arr = cJSON_CreateArray();
		for (int i = 0; i < n; i++)
			cJSON_AddItemToArray(arr, cJSON_CreateNumber(out[i]));
		sd_resp_json(c->rs, arr);
	}
	free(out);
}

/* ---- dispatch -------------------------------------------------------- */

/* The {group} of /logstores/{ls}/consumergroups/{group}, or NULL. */
static const char *
sd_cg_path_group(const char *path, char *buf, size_t n)
{
	const char *p = strstr(path, "/consumergroups");
	size_t len;

	if (p == NULL)
		return NULL;
	p += strlen("/consumergroups");
	while (*p == '/')
		p++;
	len = strcspn(p, "/");
	if (len == 0 || len >= n)
		return NULL;
	memcpy(buf, p, len);
	buf[len] = '\0';
	return buf;
}

static void
sd_cg_dispatch(struct sd_cg_ctx *c)
{
	const char *m = c->rq->method, *type = sd_req_query(c->rq, "type");

	if (type == NULL)
		type = "";
	if (c->group == NULL) {
		if (strcmp(m, "GET") == 0)
			sd_cg_list(c);
		else if (strcmp(m, "POST") == 0)
			sd_cg_create(c);
		else
			sd_resp_error(c->rs, 404, "InvalidRequest", "no such API");
	} else if (strcmp(m, "POST") == 0 && strcmp(type, "heartbeat") == 0) {
		sd_cg_heartbeat(c);
	} else if (strcmp(m, "POST") == 0 && strcmp(type, "checkpoint") == 0) {
		sd_cg_checkpoint_put(c);
	} else if (strcmp(m, "POST") == 0) {
		sd_resp_bad(c->rs, "unsupported consumer group request type %s", type);
	} else if (strcmp(m, "GET") == 0) {
		sd_cg_checkpoint_get(c);
	} else if (strcmp(m, "PUT") == 0) {
		sd_cg_update(c);
	} else if (strcmp(m, "DELETE") == 0) {
		sd_cg_delete(c);
	} else {
		sd_resp_error(c->rs, 404, "InvalidRequest", "no such API");
	}
}

void
sd_cg_handle(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	struct sd_cg_ctx c = { srv, rq, rs, NULL, rq->ls->id, NULL, NULL, 0 };
	char name[256];

	c.group = sd_cg_path_group(rq->path, name, sizeof name);
	c.nshards = sd_catalog_shards(srv->store, c.ls, &c.shards);
	if (c.nshards < 0) {
		sd_resp_error(rs, 500, "InternalServerError", "cannot read the shards");
		return;
	}
	sd_store_lock(srv->store);
	c.db = sd_store_db(srv->store);
	sqlite3_exec(c.db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	sd_cg_dispatch(&c);
	sqlite3_exec(c.db, rs->status == 200 ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
	sd_store_unlock(srv->store);
	free(c.shards);
}
