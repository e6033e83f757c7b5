/*
 * sd_ctl — slsd's control plane (spec §4.1–§4.5, §4.16): projects,
 * logstores, the shard list and index configs. Each handler is a route of
 * sd_route.c; the path's logstore is resolved (rq->ls) before it runs.
 */
#include "server/sd_ctl.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/clk.h"
#include "server/sd_catalog.h"
#include "server/sd_err.h"
#include "server/sd_req.h"
#include "server/sd_resp.h"

/* ---- helpers --------------------------------------------------------- */

/* SLS names: lower-case letters, digits, '-' and '_', 2..63 (3..63 for
 * projects), starting and ending with a letter or digit. */
static int
sd_ctl_valid_name(const char *s, size_t min)
{
	size_t n = strlen(s), i;

	if (n < min || n > 63)
		return 0;
	for (i = 0; i < n; i++)
		if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) ||
		    ((s[i] == '-' || s[i] == '_') && i > 0 && i < n - 1)))
			return 0;
	return 1;
}

static cJSON *
sd_ctl_logstore_json(const struct sd_logstore *ls)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "logstoreName", ls->name);
	cJSON_AddNumberToObject(o, "ttl", (double)ls->ttl);
	cJSON_AddNumberToObject(o, "shardCount", (double)ls->shard_count);
	cJSON_AddBoolToObject(o, "enable_tracking", ls->enable_tracking);
	cJSON_AddBoolToObject(o, "autoSplit", ls->auto_split);
	cJSON_AddNumberToObject(o, "maxSplitShard", (double)ls->max_split);
	cJSON_AddBoolToObject(o, "appendMeta", ls->append_meta);
	cJSON_AddNumberToObject(o, "createTime", (double)ls->create_time);
	cJSON_AddNumberToObject(o, "lastModifyTime", (double)ls->last_modify);
	cJSON_AddStringToObject(o, "telemetryType", ls->telemetry);
	cJSON_AddStringToObject(o, "mode", ls->mode);
	cJSON_AddNumberToObject(o, "hot_ttl", (double)ls->ttl);
	cJSON_AddNumberToObject(o, "infrequentAccessTTL", 0);
	cJSON_AddStringToObject(o, "productType", "");
	cJSON_AddBoolToObject(o, "enableModify", 1);
	return o;
}

static int
sd_ctl_jint(const cJSON *o, const char *key, int64_t def)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (cJSON_IsNumber(v)) {
		/* hostile numbers (1e300, NaN) must not reach an int conversion */
		if (v->valuedouble != v->valuedouble || v->valuedouble < -1e9 ||
		    v->valuedouble > 1e9)
			return -1;
		return (int)v->valuedouble;
	}
	if (cJSON_IsBool(v))
		return cJSON_IsTrue(v);
	return (int)def;
}

/* ---- projects ------------------------------------------------------- */

void
sd_ctl_project_list(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	int64_t offset, size;

	if (sd_req_int(rq, "offset", 0, &offset) || sd_req_int(rq, "size", 100, &size) ||
	    offset < 0 || size < 0) {
		sd_resp_bad(rs, "%s", "offset and size must be non-negative integers");
		return;
	}
	if (size > 500)
		size = 500;
	if (sd_catalog_project_list(srv->store, sd_req_query(rq, "projectName"), offset, size,
	    &rs->body) != 0)
		sd_resp_error(rs, 500, "InternalServerError", "cannot list projects");
	rs->content_type = "application/json";
}

void
sd_ctl_project_create(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	cJSON *o = sd_req_json(rq, rs), *name, *desc;
	struct sd_err err;

	if (o == NULL)
		return;
	name = cJSON_GetObjectItemCaseSensitive(o, "projectName");
	desc = cJSON_GetObjectItemCaseSensitive(o, "description");
	if (!cJSON_IsString(name) || !sd_ctl_valid_name(name->valuestring, 3)) {
		sd_resp_bad(rs, "%s", "projectName is missing or not a valid project name");
	} else if (sd_catalog_project_create(srv->store, name->valuestring,
	    cJSON_IsString(desc) ? desc->valuestring : "", &err) != 0) {
		sd_resp_err(rs, &err);
	}
	cJSON_Delete(o);
}

void
sd_ctl_project_get(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	if (sd_catalog_project_get_json(srv->store, rq->project, &rs->body) != 0)
		sd_resp_error(rs, 404, "ProjectNotExist", "project does not exist");
}

void
sd_ctl_project_delete(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	struct sd_err err;

	if (sd_catalog_project_delete(srv->store, rq->project, &err) != 0)
		sd_resp_err(rs, &err);
}

/* ---- logstores ------------------------------------------------------ */

void
sd_ctl_logstore_list(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	int64_t offset, size;

	if (sd_req_int(rq, "offset", 0, &offset) || sd_req_int(rq, "size", 200, &size) ||
	    offset < 0 || size < 0) {
		sd_resp_bad(rs, "%s", "offset and size must be non-negative integers");
		return;
	}
	if (size > 500)
		size = 500;
	if (sd_catalog_logstore_list(srv->store, rq->project, sd_req_query(rq, "logstoreName"), offset,
	    size, &rs->body) != 0)
		sd_resp_error(rs, 500, "InternalServerError", "cannot list logstores");
	rs->content_type = "application/json";
}

void
sd_ctl_logstore_create(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	cJSON *o = sd_req_json(rq, rs), *name;
	struct sd_logstore ls;
	struct sd_err err;

	if (o == NULL)
		return;
	memset(&ls, 0, sizeof ls);
	name = cJSON_GetObjectItemCaseSensitive(o, "logstoreName");
	if (!cJSON_IsString(name) || !sd_ctl_valid_name(name->valuestring, 2)) {
		sd_resp_bad(rs, "%s", "logstoreName is missing or not a valid logstore name");
		goto out;
	}
	snprintf(ls.name, sizeof ls.name, "%s", name->valuestring);
	ls.ttl = sd_ctl_jint(o, "ttl", 30);
	ls.shard_count = sd_ctl_jint(o, "shardCount", 2);
	ls.auto_split = sd_ctl_jint(o, "autoSplit", 0);
	ls.max_split = sd_ctl_jint(o, "maxSplitShard", 64);
	ls.append_meta = sd_ctl_jint(o, "appendMeta", 0);
	ls.enable_tracking = sd_ctl_jint(o, "enable_tracking", 0);
	if (ls.shard_count < 1 || ls.shard_count > 256 || ls.ttl < 1) {
		sd_resp_bad(rs, "%s", "shardCount must be 1..256 and ttl positive");
		goto out;
	}
	if (sd_catalog_logstore_create(srv->store, rq->project, &ls, &err) != 0)
		sd_resp_err(rs, &err);
out:
	cJSON_Delete(o);
}

void
sd_ctl_logstore_get(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	(void)srv;
	sd_resp_json(rs, sd_ctl_logstore_json(rq->ls));
}

void
sd_ctl_logstore_update(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	const struct sd_logstore *cur = rq->ls;
	cJSON *o = sd_req_json(rq, rs);
	struct sd_logstore ls = *cur;
	struct sd_err err;

	if (o == NULL)
		return;
	ls.ttl = sd_ctl_jint(o, "ttl", cur->ttl);
	ls.append_meta = sd_ctl_jint(o, "appendMeta", cur->append_meta);
	ls.enable_tracking = sd_ctl_jint(o, "enable_tracking", cur->enable_tracking);
	ls.auto_split = sd_ctl_jint(o, "autoSplit", cur->auto_split);
	ls.max_split = sd_ctl_jint(o, "maxSplitShard", cur->max_split);
	cJSON_Delete(o);
	if (sd_catalog_logstore_update(srv->store, rq->project, &ls, &err) != 0)
		sd_resp_err(rs, &err);
}

void
sd_ctl_logstore_delete(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	struct sd_err err;

	if (sd_catalog_logstore_delete(srv->store, rq->project, rq->ls->name, &err) != 0)
		sd_resp_err(rs, &err);
}

void
sd_ctl_shards(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	const struct sd_logstore *ls = rq->ls;
	struct sd_shard *v = NULL;
	cJSON *arr = cJSON_CreateArray();
	int n = sd_catalog_shards(srv->store, ls->id, &v), i;

	for (i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddNumberToObject(o, "shardID", v[i].id);
		cJSON_AddStringToObject(o, "status", v[i].status);
		cJSON_AddStringToObject(o, "inclusiveBeginKey", v[i].begin_key);
		cJSON_AddStringToObject(o, "exclusiveEndKey", v[i].end_key);
		cJSON_AddNumberToObject(o, "createTime", (double)v[i].create_time);
		cJSON_AddItemToArray(arr, o);
	}
	free(v);
	sd_resp_json(rs, arr);
}

/* ---- index ---------------------------------------------------------- */

void
sd_ctl_index(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	const struct sd_logstore *ls = rq->ls;
	struct sd_err err;
	char *cur = sd_catalog_index_get(srv->store, ls->id);

	if (strcmp(rq->method, "GET") == 0) {
		if (cur == NULL) {
			sd_resp_error(rs, 400, "IndexConfigNotExist", "logstore without index config");
		} else if (sb_adds(&rs->body, cur) != 0) {
			sd_resp_error(rs, 500, "InternalServerError", "index too large");
		}
		rs->content_type = "application/json";
	} else if (strcmp(rq->method, "DELETE") == 0) {
		if (cur == NULL)
			sd_resp_error(rs, 400, "IndexConfigNotExist", "logstore without index config");
		else if (sd_catalog_index_set(srv->store, ls->id, NULL, &err) != 0)
			sd_resp_err(rs, &err);
	} else {
		cJSON *o = sd_req_json(rq, rs), *line, *keys;
		char *txt;

		if (o == NULL)
			goto out;
		line = cJSON_GetObjectItemCaseSensitive(o, "line");
		keys = cJSON_GetObjectItemCaseSensitive(o, "keys");
		if ((line && !cJSON_IsObject(line)) || (keys && !cJSON_IsObject(keys)) ||
		    (!line && !keys)) {
			cJSON_Delete(o);
			sd_resp_bad(rs, "%s", "index config needs a \"line\" or \"keys\" object");
			goto out;
		}
		if (strcmp(rq->method, "POST") == 0 && cur != NULL) {
			cJSON_Delete(o);
			sd_resp_error(rs, 400, "IndexAlreadyExist", "log store index is already created");
			goto out;
		}
		if (strcmp(rq->method, "PUT") == 0 && cur == NULL) {
			cJSON_Delete(o);
			sd_resp_error(rs, 400, "IndexConfigNotExist", "logstore without index config");
			goto out;
		}
		cJSON_DeleteItemFromObjectCaseSensitive(o, "lastModifyTime");
		cJSON_AddNumberToObject(o, "lastModifyTime", (double)clk_wall());
		if (!cJSON_GetObjectItemCaseSensitive(o, "max_text_len"))
			cJSON_AddNumberToObject(o, "max_text_len", 2048);
		if (!cJSON_GetObjectItemCaseSensitive(o, "index_mode"))
			cJSON_AddStringToObject(o, "index_mode", "v2");
		txt = cJSON_PrintUnformatted(o);
		cJSON_Delete(o);
		if (sd_catalog_index_set(srv->store, ls->id, txt, &err) != 0)
			sd_resp_err(rs, &err);
		free(txt);
	}
out:
	free(cur);
}
