/*
 * sd_api — slsd's router and the handlers of the control plane, PutLogs,
 * cursors and PullLogs (spec §4.0–§4.8, §4.14, §4.16, §4.17).
 *
 * Every handler fills a struct sd_resp; errors use the JSON envelope with
 * the status of spec §6.2. The query routes (GetLogs, histograms, context,
 * topics, project logs) live in sd_query.c on top of the query engine
 * (sq.h). PullLogs with an SPL `query` answers ParameterInvalid: slsd does
 * not run SPL, and a wrong answer would be worse than none.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "base/clk.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "proto/compress.h"
#include "proto/cursor.h"
#include "proto/pbw.h"
#include "proto/sign.h"
#include "proto/sls_logs.pb-c.h"
#include "server/sd_http.h"
#include "server/sd_route.h"
#include "server/sd_spl.h"
#include "server/sd_store.h"

#define SD_PULL_MAX_BYTES ((size_t)10 * 1024 * 1024)

static void
sd_err_reply(struct sd_resp *rs, const struct sd_err *e)
{
	sd_resp_error(rs, e->status, e->code, e->msg);
}

static void
sd_bad(struct sd_resp *rs, const char *fmt, const char *arg)
{
	char m[512];

	snprintf(m, sizeof m, fmt, arg);
	sd_resp_error(rs, 400, "ParameterInvalid", m);
}

int
sd_parse_int(const char *v, int64_t def, int64_t *out)
{
	char *end;
	long long x;

	*out = def;
	if (v == NULL || *v == '\0')
		return 0;
	errno = 0;
	x = strtoll(v, &end, 10);
	if (errno || *end != '\0')
		return -1;
	*out = x;
	return 0;
}

/* Parse an optional integer query parameter; -1 when present but bad. */
static int
sd_qint(const struct sd_req *rq, const char *key, int64_t def, int64_t *out)
{
	return sd_parse_int(sd_req_query(rq, key), def, out);
}

/* SLS names: lower-case letters, digits, '-' and '_', 2..63 (3..63 for
 * projects), starting and ending with a letter or digit. */
static int
sd_valid_name(const char *s, size_t min)
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

static void
sd_json_reply(struct sd_resp *rs, cJSON *o)
{
	char *txt = cJSON_PrintUnformatted(o);

	cJSON_Delete(o);
	if (txt == NULL || sb_adds(&rs->body, txt) != 0) {
		free(txt);
		sd_resp_error(rs, 500, "InternalServerError", "cannot encode reply");
		return;
	}
	free(txt);
	rs->status = 200;
	rs->content_type = "application/json";
}

/* Parse a JSON request body; NULL with a reply set when invalid. */
static cJSON *
sd_json_body(const struct sd_req *rq, struct sd_resp *rs)
{
	cJSON *o = cJSON_ParseWithLength(rq->body.p ? rq->body.p : "", rq->body.len);

	if (o == NULL || !cJSON_IsObject(o)) {
		cJSON_Delete(o);
		sd_resp_error(rs, 400, "PostBodyInvalid", "the request body is not a JSON object");
		return NULL;
	}
	return o;
}

/* ---- projects ------------------------------------------------------- */

static void
sd_list_projects(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	int64_t offset, size;

	if (sd_qint(rq, "offset", 0, &offset) || sd_qint(rq, "size", 100, &size) ||
	    offset < 0 || size < 0) {
		sd_bad(rs, "%s", "offset and size must be non-negative integers");
		return;
	}
	if (size > 500)
		size = 500;
	if (sd_project_list(srv->store, sd_req_query(rq, "projectName"), offset, size,
	    &rs->body) != 0)
		sd_resp_error(rs, 500, "InternalServerError", "cannot list projects");
	rs->content_type = "application/json";
}

static void
sd_create_project(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	cJSON *o = sd_json_body(rq, rs), *name, *desc;
	struct sd_err err;

	if (o == NULL)
		return;
	name = cJSON_GetObjectItemCaseSensitive(o, "projectName");
	desc = cJSON_GetObjectItemCaseSensitive(o, "description");
	if (!cJSON_IsString(name) || !sd_valid_name(name->valuestring, 3)) {
		sd_bad(rs, "%s", "projectName is missing or not a valid project name");
	} else if (sd_project_create(srv->store, name->valuestring,
	    cJSON_IsString(desc) ? desc->valuestring : "", &err) != 0) {
		sd_err_reply(rs, &err);
	}
	cJSON_Delete(o);
}

/* ---- logstores ------------------------------------------------------ */

static cJSON *
sd_logstore_json(const struct sd_logstore *ls)
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
sd_jint(const cJSON *o, const char *key, int64_t def)
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

static void
sd_create_logstore(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	cJSON *o = sd_json_body(rq, rs), *name;
	struct sd_logstore ls;
	struct sd_err err;

	if (o == NULL)
		return;
	memset(&ls, 0, sizeof ls);
	name = cJSON_GetObjectItemCaseSensitive(o, "logstoreName");
	if (!cJSON_IsString(name) || !sd_valid_name(name->valuestring, 2)) {
		sd_bad(rs, "%s", "logstoreName is missing or not a valid logstore name");
		goto out;
	}
	snprintf(ls.name, sizeof ls.name, "%s", name->valuestring);
	ls.ttl = sd_jint(o, "ttl", 30);
	ls.shard_count = sd_jint(o, "shardCount", 2);
	ls.auto_split = sd_jint(o, "autoSplit", 0);
	ls.max_split = sd_jint(o, "maxSplitShard", 64);
	ls.append_meta = sd_jint(o, "appendMeta", 0);
	ls.enable_tracking = sd_jint(o, "enable_tracking", 0);
	if (ls.shard_count < 1 || ls.shard_count > 256 || ls.ttl < 1) {
		sd_bad(rs, "%s", "shardCount must be 1..256 and ttl positive");
		goto out;
	}
	if (sd_logstore_create(srv->store, rq->project, &ls, &err) != 0)
		sd_err_reply(rs, &err);
out:
	cJSON_Delete(o);
}

static void
sd_update_logstore(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs,
    const struct sd_logstore *cur)
{
	cJSON *o = sd_json_body(rq, rs);
	struct sd_logstore ls = *cur;
	struct sd_err err;

	if (o == NULL)
		return;
	ls.ttl = sd_jint(o, "ttl", cur->ttl);
	ls.append_meta = sd_jint(o, "appendMeta", cur->append_meta);
	ls.enable_tracking = sd_jint(o, "enable_tracking", cur->enable_tracking);
	ls.auto_split = sd_jint(o, "autoSplit", cur->auto_split);
	ls.max_split = sd_jint(o, "maxSplitShard", cur->max_split);
	cJSON_Delete(o);
	if (sd_logstore_update(srv->store, rq->project, &ls, &err) != 0)
		sd_err_reply(rs, &err);
}

static void
sd_list_logstores(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	int64_t offset, size;

	if (sd_qint(rq, "offset", 0, &offset) || sd_qint(rq, "size", 200, &size) ||
	    offset < 0 || size < 0) {
		sd_bad(rs, "%s", "offset and size must be non-negative integers");
		return;
	}
	if (size > 500)
		size = 500;
	if (sd_logstore_list(srv->store, rq->project, sd_req_query(rq, "logstoreName"), offset,
	    size, &rs->body) != 0)
		sd_resp_error(rs, 500, "InternalServerError", "cannot list logstores");
	rs->content_type = "application/json";
}

static void
sd_list_shards(struct sd_server *srv, const struct sd_logstore *ls, struct sd_resp *rs)
{
	struct sd_shard *v = NULL;
	cJSON *arr = cJSON_CreateArray();
	int n = sd_shards(srv->store, ls->id, &v), i;

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
	sd_json_reply(rs, arr);
}

/* ---- index ---------------------------------------------------------- */

static void
sd_index(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs,
    const struct sd_logstore *ls)
{
	struct sd_err err;
	char *cur = sd_index_get(srv->store, ls->id);

	rq->route = "index";
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
		else if (sd_index_set(srv->store, ls->id, NULL, &err) != 0)
			sd_err_reply(rs, &err);
	} else {
		cJSON *o = sd_json_body(rq, rs), *line, *keys;
		char *txt;

		if (o == NULL)
			goto out;
		line = cJSON_GetObjectItemCaseSensitive(o, "line");
		keys = cJSON_GetObjectItemCaseSensitive(o, "keys");
		if ((line && !cJSON_IsObject(line)) || (keys && !cJSON_IsObject(keys)) ||
		    (!line && !keys)) {
			cJSON_Delete(o);
			sd_bad(rs, "%s", "index config needs a \"line\" or \"keys\" object");
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
		if (sd_index_set(srv->store, ls->id, txt, &err) != 0)
			sd_err_reply(rs, &err);
		free(txt);
	}
out:
	free(cur);
}

/* ---- shards: cursors, PullLogs -------------------------------------- */

static int
sd_shard_id(const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end != '\0' || v < 0 || v > 1000000 || *s == '\0')
		return -1;
	*out = (int)v;
	return 0;
}

static void
sd_get_cursor(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs,
    const struct sd_logstore *ls, int shard)
{
	struct sd_err err;
	char cur[CURSOR_MAX];
	int64_t c;
	cJSON *o;

	if (sd_cursor_get(srv->store, ls->id, shard, sd_req_query(rq, "from"), &c, &err) != 0) {
		sd_err_reply(rs, &err);
		return;
	}
	cursor_encode(c, cur);
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "cursor", cur);
	sd_json_reply(rs, o);
}

static void
sd_cursor_time_route(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs,
    const struct sd_logstore *ls, int shard)
{
	const char *cs = sd_req_query(rq, "cursor");
	struct sd_err err;
	int64_t c, t;
	cJSON *o;

	if (cs == NULL || cursor_decode(cs, &c) != 0) {
		sd_bad(rs, "%s", "Parameter cursor is invalid");
		return;
	}
	if (sd_cursor_time(srv->store, ls->id, shard, c, &t, &err) != 0) {
		sd_err_reply(rs, &err);
		return;
	}
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "cursor_time", (double)t);
	sd_json_reply(rs, o);
}

/* Compress body in place per the request's Accept-Encoding; sets headers.
 * lz4 is preferred; GO/JAVA cannot read uncompressed PullLogs bodies. */
int
sd_encode_body(const struct sd_req *rq, struct sd_resp *rs, int force)
{
	const char *ae = sd_req_header(rq, "accept-encoding");
	enum cz_type t = CZ_NONE;
	void *out;
	size_t outlen, raw = rs->body.len;

	if (ae != NULL && strstr(ae, "lz4"))
		t = CZ_LZ4;
	else if (ae != NULL && strstr(ae, "deflate"))
		t = CZ_DEFLATE;
	else if (force && ae == NULL)
		t = CZ_LZ4;
	if (t == CZ_NONE) {
		if (force)
			sd_resp_header(rs, "x-log-bodyrawsize", "%zu", raw);
		return 0;
	}
	if (cz_compress(t, rs->body.p ? rs->body.p : "", raw, &out, &outlen) != 0)
		return -1;
	sb_reset(&rs->body);
	if (sb_add(&rs->body, out, outlen) != 0) {
		free(out);
		return -1;
	}
	free(out);
	sd_resp_header(rs, "x-log-compresstype", "%s", cz_name(t));
	sd_resp_header(rs, "x-log-bodyrawsize", "%zu", raw);
	return 0;
}

/* Filter a pulled body with SPL where stages; *n becomes the groups kept.
 * 0 ok, -1 with an error reply. */
static int
sd_pull_spl(struct sd_resp *rs, const char *where, int *n)
{
	struct sd_spl_stat st;
	struct sb out;
	char serr[256];

	sb_init(&out, 0);
	if (sd_spl_filter(where, rs->body.p, rs->body.len, &out, &st, serr, sizeof serr) != 0) {
		sb_free(&out);
		sd_bad(rs, "%s", serr);
		return -1;
	}
	sd_resp_header(rs, "x-log-rawdatacount", "%d", *n);
	sd_resp_header(rs, "x-log-rawdatalines", "%lld", (long long)st.raw_lines);
	sd_resp_header(rs, "x-log-rawdatasize", "%zu", rs->body.len);
	sd_resp_header(rs, "x-log-resultlines", "%lld", (long long)st.result_lines);
	sd_resp_header(rs, "x-log-failedlines", "0");
	sb_free(&rs->body);
	rs->body = out;
	*n = st.groups;
	return 0;
}

static void
sd_pull_logs(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs,
    const struct sd_logstore *ls, int shard)
{
	const char *cs = sd_req_query(rq, "cursor"), *es = sd_req_query(rq, "end_cursor");
	const char *spl = sd_req_query(rq, "query");
	struct sb where;
	char serr[256];
	int pulled;
	int64_t c, e = -1, count, next, last;
	struct sd_err err;
	char ncur[CURSOR_MAX];
	int n;

	rq->route = "pull";
	sb_init(&where, 0);
	if (cs == NULL || cursor_decode(cs, &c) != 0) {
		sd_bad(rs, "%s", "Parameter cursor is invalid");
		return;
	}
	if (es != NULL && *es != '\0' && cursor_decode(es, &e) != 0) {
		sd_bad(rs, "%s", "Parameter end_cursor is invalid");
		return;
	}
	if (sd_qint(rq, "count", 1000, &count) || count < 1 || count > 1000) {
		sd_bad(rs, "%s", "Parameter count must be 1..1000");
		return;
	}
	if (spl && *spl && sd_spl_parse(spl, &where, serr, sizeof serr) != 0) {
		sb_free(&where);
		sd_bad(rs, "%s", serr);
		return;
	}
	if (sd_pull(srv->store, ls->id, shard, c, e, (int)count, SD_PULL_MAX_BYTES, &rs->body, &n,
	    &next, &last, &err) != 0) {
		sb_free(&where);
		sd_err_reply(rs, &err);
		return;
	}
	pulled = n > 0;
	if (spl && *spl && n > 0 && sd_pull_spl(rs, where.p, &n) != 0) {
		sb_free(&where);
		return;
	}
	sb_free(&where);
	rs->content_type = "application/x-protobuf";
	sd_resp_header(rs, "x-log-count", "%d", n);
	if (n == 0 && next != c && pulled) {
		/* everything was filtered out: the cursor still moves on */
		cursor_encode(next, ncur);
		sd_resp_header(rs, "x-log-cursor", "%s", ncur);
		sd_resp_header(rs, "x-log-bodyrawsize", "0");
		return;
	}
	if (n == 0) {
		/* no data: the same cursor back, byte for byte (spec §4.8) */
		sd_resp_header(rs, "x-log-cursor", "%s", cs);
		sd_resp_header(rs, "x-log-bodyrawsize", "0");
		return;
	}
	cursor_encode(next, ncur);
	sd_resp_header(rs, "x-log-cursor", "%s", ncur);
	sd_resp_header(rs, "x-log-read-last-cursor", "%" PRId64, last);
	if (sd_encode_body(rq, rs, 1) != 0)
		sd_resp_error(rs, 500, "InternalServerError", "cannot compress reply");
}

/* ---- PutLogs --------------------------------------------------------- */

/* Decompress and validate a PutLogs body into raw; -1 with a reply set. */
static int
sd_put_body(const struct sd_req *rq, struct sd_resp *rs, void **raw, size_t *rawlen)
{
	const char *ct = sd_req_header(rq, "x-log-compresstype");
	const char *rsz = sd_req_header(rq, "x-log-bodyrawsize");
	const char *md5 = sd_req_header(rq, "content-md5");
	enum cz_type t = cz_parse(ct);
	char want[33], *end;
	long long n;

	if (t == CZ_UNKNOWN) {
		sd_resp_error(rs, 400, "InvalidCompressType", "unsupported x-log-compresstype");
		return -1;
	}
	if (rsz == NULL) {
		sd_resp_error(rs, 400, "MissingBodyRawSize", "x-log-bodyrawsize is missing");
		return -1;
	}
	errno = 0;
	n = strtoll(rsz, &end, 10);
	if (errno || *end != '\0' || n < 0 || (size_t)n > SD_MAX_BODY) {
		sd_resp_error(rs, 400, "InvalidBodyRawSize", "x-log-bodyrawsize is invalid");
		return -1;
	}
	if (md5 != NULL) {
		sign_md5_hex(rq->body.p ? rq->body.p : "", rq->body.len, want);
		if (strcasecmp(md5, want) != 0) {
			sd_resp_error(rs, 400, "InvalidContentMD5", "Content-MD5 does not match the body");
			return -1;
		}
	}
	if (cz_decompress(t, rq->body.p ? rq->body.p : "", rq->body.len, (size_t)n, SD_MAX_BODY,
	    raw) != 0) {
		sd_resp_error(rs, 400, "PostBodyUncompressError",
		    "the body does not decompress to x-log-bodyrawsize bytes");
		return -1;
	}
	*rawlen = (size_t)n;
	return 0;
}

static int
sd_is_hex32(const char *s)
{
	size_t i;

	for (i = 0; i < 32; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return s[32] == '\0';
}

static void
sd_put_logs(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs,
    const struct sd_logstore *ls, const char *route_key)
{
	Sls__LogGroup *lg;
	struct sd_err err;
	struct sb g;
	void *raw;
	size_t rawlen, nlogs;
	char now[24];

	rq->route = "put";
	if (route_key != NULL && !sd_is_hex32(route_key)) {
		sd_bad(rs, "%s", "Parameter key must be 32 hex digits");
		return;
	}
	if (sd_put_body(rq, rs, &raw, &rawlen) != 0)
		return;
	lg = sls__log_group__unpack(NULL, rawlen, raw);
	if (lg == NULL) {
		free(raw);
		sd_resp_error(rs, 400, "PostBodyInvalid", "the body is not a valid LogGroup");
		return;
	}
	nlogs = lg->n_logs;
	sls__log_group__free_unpacked(lg, NULL);
	if (nlogs == 0) {
		free(raw);
		sd_resp_error(rs, 400, "PostBodyInvalid", "the LogGroup holds no logs");
		return;
	}
	sb_init(&g, SD_MAX_BODY + 4096);
	snprintf(now, sizeof now, "%lld", (long long)clk_wall());
	if (sb_add(&g, raw, rawlen) != 0 || pbw_group_tag(&g, "__receive_time__", now) != 0 ||
	    (ls->append_meta && pbw_group_tag(&g, "__client_ip__", rq->client_ip) != 0)) {
		free(raw);
		sb_free(&g);
		sd_resp_error(rs, 413, "PostBodyTooLarge", "the LogGroup is too large");
		return;
	}
	free(raw);
	if (sd_store_put_group(srv->store, ls->id, -1, route_key, g.p, g.len, clk_wall(),
	    (int)nlogs, &err) < 0)
		sd_err_reply(rs, &err);
	else
		sd_resp_header(rs, "x-log-append-meta", "%s", ls->append_meta ? "true" : "false");
	sb_free(&g);
}

/* ---- routing ---------------------------------------------------------- */

/* Split path into at most 5 segments; returns the count (or -1 if more). */
static int
sd_split_path(const char *path, char seg[5][128])
{
	int n = 0;
	const char *p = path;

	while (*p == '/')
		p++;
	while (*p) {
		size_t len = strcspn(p, "/");

		if (n == 5 || len >= 128)
			return -1;
		memcpy(seg[n], p, len);
		seg[n][len] = '\0';
		n++;
		p += len;
		while (*p == '/')
			p++;
	}
	return n;
}

static int
sd_is(const struct sd_req *rq, const char *m)
{
	return strcmp(rq->method, m) == 0;
}

/* /logstores/{ls}[/...] */
static void
sd_route_logstore(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs,
    char seg[5][128], int n)
{
	const char *type = sd_req_query(rq, "type");
	struct sd_logstore ls;
	struct sd_err err;
	int shard;

	rq->route = "logstore";
	if (sd_logstore_get(srv->store, rq->project, seg[1], &ls, &err) != 0) {
		sd_err_reply(rs, &err);
		return;
	}
	if (n == 2) {
		if (sd_is(rq, "GET") && (type == NULL || *type == '\0'))
			sd_json_reply(rs, sd_logstore_json(&ls));
		else if (sd_is(rq, "GET") && strcmp(type, "log") == 0)
			sd_route_getlogs(srv, rq, rs, &ls, 0);
		else if (sd_is(rq, "GET") && strcmp(type, "histogram") == 0)
			sd_route_histogram(srv, rq, rs, &ls);
		else if (sd_is(rq, "GET") && strcmp(type, "context_log") == 0)
			sd_route_context(srv, rq, rs, &ls);
		else if (sd_is(rq, "GET") && strcmp(type, "topic") == 0)
			sd_route_topics(srv, rq, rs, &ls);
		else if (sd_is(rq, "POST"))
			sd_put_logs(srv, rq, rs, &ls, NULL);
		else if (sd_is(rq, "PUT"))
			sd_update_logstore(srv, rq, rs, &ls);
		else if (sd_is(rq, "DELETE")) {
			if (sd_logstore_delete(srv->store, rq->project, ls.name, &err) != 0)
				sd_err_reply(rs, &err);
		} else
			sd_bad(rs, "unsupported request type %s", type ? type : "");
		return;
	}
	if (n == 3 && strcmp(seg[2], "index") == 0) {
		if (sd_is(rq, "GET") && type && strcmp(type, "histogram") == 0)
			sd_route_histogram(srv, rq, rs, &ls);
		else
			sd_index(srv, rq, rs, &ls);
		return;
	}
	if (n == 3 && strcmp(seg[2], "logs") == 0 && sd_is(rq, "POST")) {
		sd_route_getlogs(srv, rq, rs, &ls, 1);
		return;
	}
	if (n == 3 && strcmp(seg[2], "shards") == 0 && sd_is(rq, "GET")) {
		rq->route = "shards";
		sd_list_shards(srv, &ls, rs);
		return;
	}
	if (n == 4 && strcmp(seg[2], "shards") == 0 && sd_is(rq, "POST") &&
	    (strcmp(seg[3], "lb") == 0 || strcmp(seg[3], "route") == 0)) {
		const char *key = strcmp(seg[3], "route") == 0 ? sd_req_query(rq, "key") : NULL;

		if (strcmp(seg[3], "route") == 0 && key == NULL) {
			sd_bad(rs, "%s", "Parameter key is required");
			return;
		}
		sd_put_logs(srv, rq, rs, &ls, key);
		return;
	}
	if (n == 4 && strcmp(seg[2], "shards") == 0 && sd_is(rq, "GET")) {
		if (sd_shard_id(seg[3], &shard) != 0) {
			sd_resp_error(rs, 404, "ShardNotExist", "shard does not exist");
			return;
		}
		rq->route = "cursor";
		if (type && strcmp(type, "cursor") == 0)
			sd_get_cursor(srv, rq, rs, &ls, shard);
		else if (type && strcmp(type, "cursor_time") == 0)
			sd_cursor_time_route(srv, rq, rs, &ls, shard);
		else if (type && (strcmp(type, "log") == 0 || strcmp(type, "logs") == 0))
			sd_pull_logs(srv, rq, rs, &ls, shard);
		else
			sd_bad(rs, "unsupported shard request type %s", type ? type : "");
		return;
	}
	sd_resp_error(rs, 404, "InvalidRequest", "no such API");
}

void
sd_api_handle(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	char seg[5][128], m[256];
	int n = sd_split_path(rq->path, seg);

	rs->status = 200;
	rs->content_type = "application/json";
	if (n < 0) {
		sd_resp_error(rs, 404, "InvalidRequest", "no such API");
		return;
	}
	if (n == 0 && sd_is(rq, "POST")) {
		rq->route = "project";
		sd_create_project(srv, rq, rs);
		return;
	}
	if (rq->project[0] == '\0') {
		rq->route = "project";
		if (n == 0 && sd_is(rq, "GET"))
			sd_list_projects(srv, rq, rs);
		else
			sd_resp_error(rs, 400, "MissingHost", "this API needs a project in the Host header");
		return;
	}
	if (!sd_project_get(srv->store, rq->project, NULL, 0, NULL, NULL)) {
		snprintf(m, sizeof m, "The Project does not exist : %s", rq->project);
		sd_resp_error(rs, 404, "ProjectNotExist", m);
		return;
	}
	if (n == 0) {
		rq->route = "project";
		if (sd_is(rq, "GET")) {
			if (sd_project_get_json(srv->store, rq->project, &rs->body) != 0)
				sd_resp_error(rs, 404, "ProjectNotExist", "project does not exist");
		} else if (sd_is(rq, "DELETE")) {
			struct sd_err err;

			if (sd_project_delete(srv->store, rq->project, &err) != 0)
				sd_err_reply(rs, &err);
		} else {
			sd_resp_error(rs, 404, "InvalidRequest", "no such API");
		}
		return;
	}
	if (n == 1 && strcmp(seg[0], "logstores") == 0) {
		rq->route = "logstore";
		if (sd_is(rq, "GET"))
			sd_list_logstores(srv, rq, rs);
		else if (sd_is(rq, "POST"))
			sd_create_logstore(srv, rq, rs);
		else
			sd_resp_error(rs, 404, "InvalidRequest", "no such API");
		return;
	}
	if (n == 1 && strcmp(seg[0], "logs") == 0) {
		if (sd_is(rq, "GET"))
			sd_route_projectlogs(srv, rq, rs);
		else
			sd_resp_error(rs, 404, "InvalidRequest", "no such API");
		return;
	}
	if (n >= 2 && strcmp(seg[0], "logstores") == 0) {
		sd_route_logstore(srv, rq, rs, seg, n);
		return;
	}
	sd_resp_error(rs, 404, "InvalidRequest", "no such API");
}
