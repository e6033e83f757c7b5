/*
 * cl_api — SLS API builders and reply parsers (see cl_api.h).
 */
#include "client/cl_api.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "client/cl_json.h"
#include "base/xalloc.h"
#include "proto/lfmt_fmt.h"
#include "proto/pb.h"

void
cl_args_init(struct cl_args *a)
{
	memset(a, 0, sizeof *a);
	sb_init(&a->body, 0);
}

void
cl_args_free(struct cl_args *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		free(a->val[i]);
	a->n = 0;
	sb_free(&a->body);
}

void
cl_args_add(struct cl_args *a, const char *key, const char *value)
{
	if (a->n == CL_ARGS_MAX)
		return;
	a->val[a->n] = xstrdup(value ? value : "");
	a->q[a->n].key = key;
	a->q[a->n].value = a->val[a->n];
	a->n++;
}

void
cl_args_addi(struct cl_args *a, const char *key, int64_t v)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%" PRId64, v);
	cl_args_add(a, key, buf);
}

void
cl_api_call(struct cl_call *call, struct cl_args *a, const char *method, const char *project)
{
	memset(call, 0, sizeof *call);
	call->method = method;
	call->project = project;
	call->path = a->path;
	call->query = a->q;
	call->nquery = a->n;
}

void
cl_api_list_projects(struct cl_call *call, struct cl_args *a, int64_t offset, int64_t size)
{
	snprintf(a->path, sizeof a->path, "/");
	cl_args_addi(a, "offset", offset);
	cl_args_addi(a, "size", size);
	cl_api_call(call, a, "GET", NULL);
}

void
cl_api_list_logstores(struct cl_call *call, struct cl_args *a, const char *project,
    int64_t offset, int64_t size)
{
	snprintf(a->path, sizeof a->path, "/logstores");
	cl_args_addi(a, "offset", offset);
	cl_args_addi(a, "size", size);
	cl_api_call(call, a, "GET", project);
}

void
cl_api_list_shards(struct cl_call *call, struct cl_args *a, const char *project,
    const char *logstore)
{
	snprintf(a->path, sizeof a->path, "/logstores/%s/shards", logstore);
	cl_api_call(call, a, "GET", project);
}

void
cl_api_get_cursor(struct cl_call *call, struct cl_args *a, const char *project,
    const char *logstore, int shard, const char *from)
{
	snprintf(a->path, sizeof a->path, "/logstores/%s/shards/%d", logstore, shard);
	cl_args_add(a, "type", "cursor");
	cl_args_add(a, "from", from);
	cl_api_call(call, a, "GET", project);
}

void
cl_api_pull_logs(struct cl_call *call, struct cl_args *a, const char *project,
    const char *logstore, const struct cl_pull *p)
{
	snprintf(a->path, sizeof a->path, "/logstores/%s/shards/%d", logstore, p->shard);
	cl_args_add(a, "type", "log");
	cl_args_add(a, "cursor", p->cursor);
	cl_args_addi(a, "count", p->count);
	if (p->end_cursor)
		cl_args_add(a, "end_cursor", p->end_cursor);
	if (p->spl && *p->spl) {
		cl_args_add(a, "query", p->spl);
		cl_args_add(a, "pullMode", "scan_on_stream");
	}
	cl_api_call(call, a, "GET", project);
	call->accept = "application/x-protobuf";
	call->accept_lz4 = 1;
}

int
cl_api_put_logs(struct cl_call *call, struct cl_args *a, const char *project,
    const char *logstore, const struct pb_page *pg, size_t gi, const char *hash_key)
{
	snprintf(a->path, sizeof a->path, "/logstores/%s/shards/%s", logstore,
	    hash_key ? "route" : "lb");
	if (hash_key)
		cl_args_add(a, "key", hash_key);
	sb_reset(&a->body);
	if (pb_encode_group(pg, gi, &a->body) != 0)
		return -1;
	cl_api_call(call, a, "POST", project);
	call->content_type = "application/x-protobuf";
	call->body = a->body.p;
	call->body_len = a->body.len;
	call->compress_lz4 = 1;
	return 0;
}

static void
cl_api_json(struct cl_call *call, struct cl_args *a, cJSON *o)
{
	char *txt = cJSON_PrintUnformatted(o);

	cJSON_Delete(o);
	sb_reset(&a->body);
	if (txt && sb_adds(&a->body, txt) == 0) {
		call->body = a->body.p;
		call->body_len = a->body.len;
	}
	free(txt);
	call->content_type = "application/json";
}

void
cl_api_create_project(struct cl_call *call, struct cl_args *a, const char *project,
    const char *description)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "projectName", project);
	cJSON_AddStringToObject(o, "description", description ? description : "");
	snprintf(a->path, sizeof a->path, "/");
	cl_api_call(call, a, "POST", NULL);
	cl_api_json(call, a, o);
}

void
cl_api_create_logstore(struct cl_call *call, struct cl_args *a, const char *project,
    const char *logstore, int ttl, int shards)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "logstoreName", logstore);
	cJSON_AddNumberToObject(o, "ttl", ttl);
	cJSON_AddNumberToObject(o, "shardCount", shards);
	snprintf(a->path, sizeof a->path, "/logstores");
	cl_api_call(call, a, "POST", project);
	cl_api_json(call, a, o);
}

const char *
cl_json_unmask(const char *s, size_t n, int json, struct sb *tmp, size_t *out_n)
{
	size_t i;

	*out_n = n;
	if (n < 2 || memchr(s, 0xC0, n) == NULL)
		return s;
	sb_reset(tmp);
	for (i = 0; i < n; i++) {
		if ((unsigned char)s[i] == 0xC0 && i + 1 < n && (unsigned char)s[i + 1] == 0x80) {
			if (json ? sb_adds(tmp, "\\u0000") != 0 : sb_addc(tmp, '\0') != 0)
				return s;
			i++;
		} else if (sb_addc(tmp, s[i]) != 0) {
			return s;
		}
	}
	*out_n = tmp->len;
	return tmp->p;
}

/* JSON text parsed with \u0000 kept (see cl_json.h), or NULL. */
static cJSON *
cl_json_parse_text(const char *p, size_t n)
{
	size_t mn = 0;
	char *masked = lfmt_fmt_json_mask(p, n, &mn); /* NULs kept: see cl_json.h */
	cJSON *o = masked ? cJSON_ParseWithLength(masked, mn) : cJSON_ParseWithLength(p, n);

	free(masked);
	return o;
}

int
cl_api_log_from_json(struct pb_page *pg, const char *line, size_t n)
{
	cJSON *o = n > 0 && line[0] == '{' ? cl_json_parse_text(line, n) : NULL, *it;
	struct sb kt, vt;

	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		return -1;
	}
	sb_init(&kt, 0);
	sb_init(&vt, 0);
	cJSON_ArrayForEach(it, o) {
		char *txt = cJSON_IsString(it) ? NULL : cJSON_PrintUnformatted(it);
		const char *v = txt ? txt : cJSON_IsString(it) ? it->valuestring : "";
		size_t kn, vn;
		const char *k = cl_json_unmask(it->string, strlen(it->string), 0, &kt, &kn);

		v = cl_json_unmask(v, strlen(v), txt != NULL, &vt, &vn);
		pb_add_field(pg, k, kn, v, vn);
		free(txt);
	}
	sb_free(&kt);
	sb_free(&vt);
	cJSON_Delete(o);
	return 0;
}

cJSON *
cl_json_parse(const struct cl_resp *rs, struct cl_err *err)
{
	cJSON *o = cl_json_parse_text(rs->body.p ? rs->body.p : "", rs->body.len);

	if (o == NULL) {
		memset(err, 0, sizeof *err);
		err->st = CL_E_DECODE;
		snprintf(err->msg, sizeof err->msg, "the reply is not JSON (%zu bytes)",
		    rs->body.len);
		snprintf(err->requestid, sizeof err->requestid, "%s",
		    rs->requestid ? rs->requestid : "");
	}
	return o;
}

int
cl_json_i64(const cJSON *v, int64_t *out)
{
	if (!cJSON_IsNumber(v) || v->valuedouble != v->valuedouble ||
	    v->valuedouble < -9.0e18 || v->valuedouble > 9.0e18)
		return -1;
	*out = (int64_t)v->valuedouble;
	return 0;
}

int
cl_json_fail(cJSON *o, struct cl_err *err, const char *what)
{
	cJSON_Delete(o);
	memset(err, 0, sizeof *err);
	err->st = CL_E_DECODE;
	snprintf(err->msg, sizeof err->msg, "malformed reply: %s", what);
	return -1;
}

void
cl_names_free(struct cl_names *n)
{
	size_t i;

	for (i = 0; i < n->n; i++)
		free(n->v[i]);
	free(n->v);
	memset(n, 0, sizeof *n);
}

static int
cl_parse_names(const struct cl_resp *rs, const char *key, const char *field,
    struct cl_names *out, struct cl_err *err)
{
	cJSON *o = cl_json_parse(rs, err), *arr, *it, *tot;

	memset(out, 0, sizeof *out);
	if (o == NULL)
		return -1;
	arr = cJSON_GetObjectItemCaseSensitive(o, key);
	tot = cJSON_GetObjectItemCaseSensitive(o, "total");
	if (!cJSON_IsArray(arr) || cl_json_i64(tot, &out->total) != 0)
		return cl_json_fail(o, err, "no list or total");
	cJSON_ArrayForEach(it, arr) {
		const cJSON *s = field ? cJSON_GetObjectItemCaseSensitive(it, field) : it;

		if (!cJSON_IsString(s)) {
			cl_names_free(out);
			return cl_json_fail(o, err, "a name is not a string");
		}
		out->v = xreallocarray(out->v, out->n + 1, sizeof *out->v);
		out->v[out->n++] = xstrdup(s->valuestring);
	}
	cJSON_Delete(o);
	return 0;
}

int
cl_parse_projects(const struct cl_resp *rs, struct cl_names *out, struct cl_err *err)
{
	return cl_parse_names(rs, "projects", "projectName", out, err);
}

int
cl_parse_logstores(const struct cl_resp *rs, struct cl_names *out, struct cl_err *err)
{
	return cl_parse_names(rs, "logstores", NULL, out, err);
}

int
cl_parse_shards(const struct cl_resp *rs, struct cl_shard **out, struct cl_err *err)
{
	cJSON *o = cl_json_parse(rs, err), *it;
	struct cl_shard *v = NULL;
	int n = 0;

	*out = NULL;
	if (o == NULL)
		return -1;
	if (!cJSON_IsArray(o))
		return cl_json_fail(o, err, "shards is not an array");
	cJSON_ArrayForEach(it, o) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "shardID");
		const cJSON *st = cJSON_GetObjectItemCaseSensitive(it, "status");
		const cJSON *b = cJSON_GetObjectItemCaseSensitive(it, "inclusiveBeginKey");
		const cJSON *e = cJSON_GetObjectItemCaseSensitive(it, "exclusiveEndKey");
		const cJSON *ct = cJSON_GetObjectItemCaseSensitive(it, "createTime");

		int64_t sid;

		if (cl_json_i64(id, &sid) != 0 || sid < 0 || sid > 1000000 || !cJSON_IsString(st)) {
			free(v);
			return cl_json_fail(o, err, "shard without a valid shardID or status");
		}
		v = xreallocarray(v, (size_t)n + 1, sizeof *v);
		memset(&v[n], 0, sizeof v[n]);
		v[n].id = (int)sid;
		snprintf(v[n].status, sizeof v[n].status, "%s", st->valuestring);
		if (cJSON_IsString(b))
			snprintf(v[n].begin_key, sizeof v[n].begin_key, "%s", b->valuestring);
		if (cJSON_IsString(e))
			snprintf(v[n].end_key, sizeof v[n].end_key, "%s", e->valuestring);
		if (cl_json_i64(ct, &v[n].create_time) != 0)
			v[n].create_time = 0;
		n++;
	}
	cJSON_Delete(o);
	*out = v;
	return n;
}

int
cl_parse_cursor(const struct cl_resp *rs, char *out, size_t outlen, struct cl_err *err)
{
	cJSON *o = cl_json_parse(rs, err);
	const cJSON *c;

	if (o == NULL)
		return -1;
	c = cJSON_GetObjectItemCaseSensitive(o, "cursor");
	if (!cJSON_IsString(c) || strlen(c->valuestring) >= outlen)
		return cl_json_fail(o, err, "no cursor");
	snprintf(out, outlen, "%s", c->valuestring);
	cJSON_Delete(o);
	return 0;
}

int
cl_parse_pull(const struct cl_resp *rs, struct pb_page *pg, size_t *ngroups,
    struct cl_err *err)
{
	size_t before = pg->ngroups;
	long count;
	char *end;
	struct pb_err pe;

	memset(err, 0, sizeof *err);
	err->st = CL_E_DECODE;
	count = strtol(rs->count, &end, 10);
	if (rs->count[0] == '\0' || *end != '\0' || count < 0 || rs->cursor[0] == '\0') {
		snprintf(err->msg, sizeof err->msg, "PullLogs reply without x-log-count or "
						     "x-log-cursor");
		return -1;
	}
	if (pb_decode_list(pg, rs->body.p ? rs->body.p : "", rs->body.len, &pe) != 0) {
		snprintf(err->msg, sizeof err->msg, "bad PullLogs body at byte %zu: %s", pe.offset,
		    pe.msg);
		return -1;
	}
	*ngroups = pg->ngroups - before;
	if ((long)*ngroups != count) {
		snprintf(err->msg, sizeof err->msg, "x-log-count says %ld groups, body has %zu",
		    count, *ngroups);
		return -1;
	}
	err->st = CL_OK;
	return 0;
}

void
cl_api_get_project(struct cl_call *call, struct cl_args *a, const char *project)
{
	snprintf(a->path, sizeof a->path, "/");
	cl_api_call(call, a, "GET", project);
}

void
cl_api_get_logstore(struct cl_call *call, struct cl_args *a, const char *project,
    const char *logstore)
{
	snprintf(a->path, sizeof a->path, "/logstores/%s", logstore);
	cl_api_call(call, a, "GET", project);
}

void
cl_api_get_cursor_time(struct cl_call *call, struct cl_args *a, const char *project,
    const char *logstore, int shard, const char *cursor)
{
	snprintf(a->path, sizeof a->path, "/logstores/%s/shards/%d", logstore, shard);
	cl_args_add(a, "type", "cursor_time");
	cl_args_add(a, "cursor", cursor);
	cl_api_call(call, a, "GET", project);
}

/* A string member into dst ("" when absent); a number as its text. */
static void
cl_json_str_into(const cJSON *o, const char *k, char *dst, size_t n)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	if (cJSON_IsString(v))
		snprintf(dst, n, "%s", v->valuestring);
	else
		dst[0] = '\0';
}

/* An int64 member given as a number or as decimal text (SLS sends both). */
static int64_t
cl_json_num(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	int64_t x = 0;

	if (cJSON_IsString(v))
		return strtoll(v->valuestring, NULL, 10);
	return cl_json_i64(v, &x) == 0 ? x : 0;
}

int
cl_parse_project(const struct cl_resp *rs, struct cl_project *out, struct cl_err *err)
{
	cJSON *o = cl_json_parse(rs, err);

	memset(out, 0, sizeof *out);
	if (o == NULL)
		return -1;
	if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(o, "projectName")))
		return cl_json_fail(o, err, "GetProject reply without projectName");
	cl_json_str_into(o, "projectName", out->name, sizeof out->name);
	cl_json_str_into(o, "description", out->description, sizeof out->description);
	cl_json_str_into(o, "status", out->status, sizeof out->status);
	cl_json_str_into(o, "region", out->region, sizeof out->region);
	out->create_time = cl_json_num(o, "createTime");
	cJSON_Delete(o);
	return 0;
}

int
cl_parse_logstore(const struct cl_resp *rs, struct cl_logstore *out, struct cl_err *err)
{
	cJSON *o = cl_json_parse(rs, err);

	memset(out, 0, sizeof *out);
	if (o == NULL)
		return -1;
	if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(o, "logstoreName")))
		return cl_json_fail(o, err, "GetLogStore reply without logstoreName");
	cl_json_str_into(o, "logstoreName", out->name, sizeof out->name);
	out->ttl = cl_json_num(o, "ttl");
	out->shard_count = cl_json_num(o, "shardCount");
	out->create_time = cl_json_num(o, "createTime");
	cJSON_Delete(o);
	return 0;
}

int
cl_parse_cursor_time(const struct cl_resp *rs, int64_t *t, struct cl_err *err)
{
	cJSON *o = cl_json_parse(rs, err);

	if (o == NULL)
		return -1;
	if (cl_json_i64(cJSON_GetObjectItemCaseSensitive(o, "cursor_time"), t) != 0)
		return cl_json_fail(o, err, "GetCursorTime reply without cursor_time");
	cJSON_Delete(o);
	return 0;
}
