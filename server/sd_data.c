/*
 * sd_data — slsd's data plane (spec §4.6–§4.8, §4.14, §4.17): PutLogs,
 * cursors and PullLogs. Each handler is a route of sd_route.c; the path's
 * logstore and shard are resolved (rq->ls, rq->shard) before it runs.
 * PullLogs with an SPL `query` runs it (sd_spl.c: the `where` stages of
 * `* | where ...`) over the pulled groups; SPL beyond that subset answers
 * ParameterInvalid rather than a wrong result.
 */
#include "server/sd_data.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "base/clk.h"
#include "proto/compress.h"
#include "proto/cursor.h"
#include "proto/pbw.h"
#include "proto/sign.h"
#include "proto/sls_logs.pb-c.h"
#include "server/sd_catalog.h"
#include "server/sd_req.h"
#include "server/sd_resp.h"
#include "server/sd_spl.h"
#include "server/sd_store.h"

#define SD_DATA_PULL_MAX_BYTES ((size_t)10 * 1024 * 1024)

/* ---- cursors ---------------------------------------------------------- */

void
sd_data_cursor(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	const struct sd_logstore *ls = rq->ls;
	int shard = rq->shard;
	struct sd_err err;
	char cur[CURSOR_MAX];
	int64_t c;
	cJSON *o;

	if (sd_store_cursor_get(srv->store, ls->id, shard, sd_req_query(rq, "from"), &c,
	    &err) != 0) {
		sd_resp_err(rs, &err);
		return;
	}
	cursor_encode(c, cur);
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "cursor", cur);
	sd_resp_json(rs, o);
}

void
sd_data_cursor_time(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	const struct sd_logstore *ls = rq->ls;
	int shard = rq->shard;
	const char *cs = sd_req_query(rq, "cursor");
	struct sd_err err;
	int64_t c, t;
	cJSON *o;

	if (cs == NULL || cursor_decode(cs, &c) != 0) {
		sd_resp_bad(rs, "%s", "Parameter cursor is invalid");
		return;
	}
	if (sd_store_cursor_time(srv->store, ls->id, shard, c, &t, &err) != 0) {
		sd_resp_err(rs, &err);
		return;
	}
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "cursor_time", (double)t);
	sd_resp_json(rs, o);
}

/* ---- PullLogs --------------------------------------------------------- */

/* Filter a pulled body with SPL where stages; *n becomes the groups kept.
 * 0 ok, -1 with an error reply. */
static int
sd_data_pull_spl(struct sd_resp *rs, const char *where, int *n)
{
	struct sd_spl_stat st;
	struct sb out;
	char serr[256];

	sb_init(&out, 0);
	if (sd_spl_filter(where, rs->body.p, rs->body.len, &out, &st, serr, sizeof serr) != 0) {
		sb_free(&out);
		sd_resp_bad(rs, "%s", serr);
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

void
sd_data_pull(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	const struct sd_logstore *ls = rq->ls;
	int shard = rq->shard;
	const char *cs = sd_req_query(rq, "cursor"), *es = sd_req_query(rq, "end_cursor");
	const char *spl = sd_req_query(rq, "query");
	struct sb where;
	char serr[256];
	int pulled;
	int64_t c, e = -1, count, next, last;
	struct sd_err err;
	char ncur[CURSOR_MAX];
	int n;

	sb_init(&where, 0);
	if (cs == NULL || cursor_decode(cs, &c) != 0) {
		sd_resp_bad(rs, "%s", "Parameter cursor is invalid");
		return;
	}
	if (es != NULL && *es != '\0' && cursor_decode(es, &e) != 0) {
		sd_resp_bad(rs, "%s", "Parameter end_cursor is invalid");
		return;
	}
	if (sd_req_int(rq, "count", 1000, &count) || count < 1 || count > 1000) {
		sd_resp_bad(rs, "%s", "Parameter count must be 1..1000");
		return;
	}
	if (spl && *spl && sd_spl_parse(spl, &where, serr, sizeof serr) != 0) {
		sb_free(&where);
		sd_resp_bad(rs, "%s", serr);
		return;
	}
	if (sd_store_pull(srv->store, ls->id, shard, c, e, (int)count, SD_DATA_PULL_MAX_BYTES,
	    &rs->body, &n, &next, &last, &err) != 0) {
		sb_free(&where);
		sd_resp_err(rs, &err);
		return;
	}
	pulled = n > 0;
	if (spl && *spl && n > 0 && sd_data_pull_spl(rs, where.p, &n) != 0) {
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
	if (sd_resp_encode(rq, rs, 1) != 0)
		sd_resp_error(rs, 500, "InternalServerError", "cannot compress reply");
}

/* ---- PutLogs --------------------------------------------------------- */

/* Decompress and validate a PutLogs body into raw; -1 with a reply set. */
static int
sd_data_put_body(const struct sd_req *rq, struct sd_resp *rs, void **raw, size_t *rawlen)
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
			sd_resp_error(rs, 400, "InvalidContentMD5",
			    "Content-MD5 does not match the body");
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
sd_data_is_hex32(const char *s)
{
	size_t i;

	for (i = 0; i < 32; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return s[32] == '\0';
}

static void
sd_data_put_group(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs,
    const struct sd_logstore *ls, const char *route_key)
{
	Sls__LogGroup *lg;
	struct sd_err err;
	struct sb g;
	void *raw;
	size_t rawlen, nlogs;
	char now[24];

	if (route_key != NULL && !sd_data_is_hex32(route_key)) {
		sd_resp_bad(rs, "%s", "Parameter key must be 32 hex digits");
		return;
	}
	if (sd_data_put_body(rq, rs, &raw, &rawlen) != 0)
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
		sd_resp_err(rs, &err);
	else
		sd_resp_header(rs, "x-log-append-meta", "%s", ls->append_meta ? "true" : "false");
	sb_free(&g);
}

/* PutLogs to the logstore (POST /logstores/{ls}, /shards/lb): round robin. */
void
sd_data_put(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	sd_data_put_group(srv, rq, rs, rq->ls, NULL);
}

/* PutLogs by hash key (POST /logstores/{ls}/shards/route?key=). */
void
sd_data_put_route(struct sd_server *srv, struct sd_req *rq, struct sd_resp *rs)
{
	sd_data_put_group(srv, rq, rs, rq->ls, sd_req_query(rq, "key"));
}
