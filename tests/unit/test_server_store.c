/*
 * test_server_store — slsd's storage, auth and fault rules without HTTP:
 * projects/logstores/shards, cursor arithmetic, PullLogs framing and the
 * "same cursor back when empty" rule, round-robin and hash-routed writes,
 * persistence across reopen, key files and signature verification, fault
 * grammar.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "base/sb.h"
#include "proto/cursor.h"
#include "proto/pbw.h"
#include "proto/sign.h"
#include "proto/sls_logs.pb-c.h"
#include "server/sd_auth.h"
#include "server/sd_catalog.h"
#include "server/sd_fault.h"
#include "server/sd_http.h"
#include "server/sd_store.h"
#include "tests/unit/t.h"

/* A one-log LogGroup with content k=v. */
static void
make_group(struct sb *g, const char *v)
{
	const char *k[] = { "k" }, *vals[] = { v };
	size_t kl[] = { 1 }, vl[] = { strlen(v) };

	sb_init(g, 0);
	(void)pbw_group_log(g, 1700000000, 0, 0, 1, k, kl, vals, vl);
}

static struct sd_store *
open_with_logstore(const char *dir, int shards, struct sd_logstore *out)
{
	struct sd_err err;
	struct sd_store *s = sd_store_open(dir, &err);
	struct sd_logstore ls;

	if (s == NULL)
		return NULL;
	memset(&ls, 0, sizeof ls);
	snprintf(ls.name, sizeof ls.name, "web");
	ls.ttl = 7;
	ls.shard_count = shards;
	sd_catalog_project_create(s, "p1", "d", &err);
	sd_catalog_logstore_create(s, "p1", &ls, &err);
	sd_catalog_logstore_get(s, "p1", "web", out, &err);
	return s;
}

static void
test_projects_and_logstores(void)
{
	struct sd_err err;
	struct sd_logstore ls;
	struct sd_store *s = open_with_logstore(NULL, 4, &ls);
	struct sb out;
	cJSON *o;

	T_REQUIRE(s != NULL);
	T_CHECK(sd_catalog_project_create(s, "p1", "again", &err) == -1);
	T_EQ_STR(err.code, "ProjectAlreadyExist");
	T_CHECK(sd_catalog_project_create(s, "p2", "", &err) == 0);
	T_CHECK(sd_catalog_project_get(s, "p1", NULL, 0, NULL, NULL));
	T_CHECK(!sd_catalog_project_get(s, "nope", NULL, 0, NULL, NULL));
	sb_init(&out, 0);
	T_CHECK(sd_catalog_project_list(s, "p", 1, 10, &out) == 0);
	o = cJSON_Parse(sb_str(&out));
	T_REQUIRE(o != NULL);
	T_EQ_INT(cJSON_GetObjectItem(o, "count")->valueint, 1);
	T_EQ_INT(cJSON_GetObjectItem(o, "total")->valueint, 2);
	cJSON_Delete(o);
	sb_reset(&out);
	/* LIKE wildcards in the filter are literal */
	T_CHECK(sd_catalog_project_list(s, "%", 0, 10, &out) == 0);
	o = cJSON_Parse(sb_str(&out));
	T_EQ_INT(cJSON_GetObjectItem(o, "total")->valueint, 0);
	cJSON_Delete(o);
	sb_free(&out);
	T_EQ_INT(ls.shard_count, 4);
	T_CHECK(sd_catalog_logstore_create(s, "p1", &ls, &err) == -1);
	T_EQ_STR(err.code, "LogStoreAlreadyExist");
	T_CHECK(sd_catalog_logstore_get(s, "p1", "nope", &ls, &err) == -1);
	T_EQ_STR(err.code, "LogStoreNotExist");
	sd_store_close(s);
}

static void
test_shard_ranges(void)
{
	struct sd_logstore ls;
	struct sd_store *s = open_with_logstore(NULL, 4, &ls);
	struct sd_shard *v = NULL;
	int n = sd_catalog_shards(s, ls.id, &v);

	T_REQUIRE(n == 4);
	T_EQ_STR(v[0].begin_key, "00000000000000000000000000000000");
	T_EQ_STR(v[0].end_key, "40000000000000000000000000000000");
	T_EQ_STR(v[3].begin_key, "c0000000000000000000000000000000");
	T_EQ_STR(v[3].end_key, "ffffffffffffffffffffffffffffffff");
	T_EQ_STR(v[2].status, "readwrite");
	free(v);
	sd_store_close(s);
}

static void
test_put_pull_cursors(void)
{
	struct sd_logstore ls;
	struct sd_store *s = open_with_logstore(NULL, 2, &ls);
	struct sd_err err;
	struct sb g, out;
	int64_t begin, end, next, last, t;
	int i, n;

	T_REQUIRE(s != NULL);
	T_CHECK(sd_store_cursor_get(s, ls.id, 0, "begin", &begin, &err) == 0);
	T_CHECK(sd_store_cursor_get(s, ls.id, 0, "end", &end, &err) == 0);
	T_EQ_INT(begin, end);
	/* empty shard: no groups, cursor unchanged */
	sb_init(&out, 0);
	T_CHECK(sd_store_pull(s, ls.id, 0, begin, -1, 100, 1 << 20, &out, &n, &next, &last, &err) == 0);
	T_EQ_INT(n, 0);
	T_EQ_INT(next, begin);
	for (i = 0; i < 5; i++) {
		char v[16];

		snprintf(v, sizeof v, "v%d", i);
		make_group(&g, v);
		T_EQ_INT(sd_store_put_group(s, ls.id, 0, NULL, g.p, g.len, 1000 + i, 1, &err), 0);
		sb_free(&g);
	}
	T_CHECK(sd_store_cursor_get(s, ls.id, 0, "end", &end, &err) == 0);
	T_EQ_INT(end - begin, 5);
	/* by receive time: first group with time >= 1002 */
	T_CHECK(sd_store_cursor_get(s, ls.id, 0, "1002", &t, &err) == 0);
	T_EQ_INT(t - begin, 2);
	T_CHECK(sd_store_cursor_get(s, ls.id, 0, "99999", &t, &err) == 0);
	T_EQ_INT(t, end);
	T_CHECK(sd_store_cursor_get(s, ls.id, 0, "-5", &t, &err) == -1);
	T_EQ_STR(err.code, "ParameterInvalid");
	T_CHECK(sd_store_cursor_get(s, ls.id, 9, "end", &t, &err) == -1);
	T_EQ_STR(err.code, "ShardNotExist");
	T_CHECK(sd_store_cursor_time(s, ls.id, 0, begin + 3, &t, &err) == 0);
	T_EQ_INT(t, 1003);
	T_CHECK(sd_store_cursor_time(s, ls.id, 0, end + 7, &t, &err) == -1);
	T_EQ_STR(err.code, "InvalidCursor");
	/* pull 2, then the rest up to end_cursor */
	T_CHECK(sd_store_pull(s, ls.id, 0, begin, -1, 2, 1 << 20, &out, &n, &next, &last, &err) == 0);
	T_EQ_INT(n, 2);
	T_EQ_INT(next, begin + 2);
	T_EQ_INT(last, begin + 1);
	{
		Sls__LogGroupList *l = sls__log_group_list__unpack(NULL, out.len,
		    (const uint8_t *)out.p);

		T_REQUIRE(l != NULL);
		T_EQ_INT(l->n_loggroups, 2);
		T_EQ_STR(l->loggroups[1]->logs[0]->contents[0]->value, "v1");
		sls__log_group_list__free_unpacked(l, NULL);
	}
	sb_reset(&out);
	T_CHECK(sd_store_pull(s, ls.id, 0, next, begin + 4, 100, 1 << 20, &out, &n, &next, &last,
	    &err) == 0);
	T_EQ_INT(n, 2);
	T_EQ_INT(next, begin + 4);
	sb_free(&out);
	sd_store_close(s);
}

static void
test_routing(void)
{
	struct sd_logstore ls;
	struct sd_store *s = open_with_logstore(NULL, 4, &ls);
	struct sd_err err;
	struct sb g;
	int seen[4] = { 0 }, i;

	make_group(&g, "x");
	for (i = 0; i < 8; i++) {
		int sh = sd_store_put_group(s, ls.id, -1, NULL, g.p, g.len, 1, 1, &err);

		T_CHECK(sh >= 0 && sh < 4);
		if (sh >= 0 && sh < 4)
			seen[sh]++;
	}
	for (i = 0; i < 4; i++)
		T_EQ_INT(seen[i], 2);
	T_EQ_INT(sd_store_put_group(s, ls.id, -1, "7fffffffffffffffffffffffffffffff", g.p, g.len,
	    1, 1, &err), 1);
	T_EQ_INT(sd_store_put_group(s, ls.id, -1, "C0000000000000000000000000000000", g.p, g.len,
	    1, 1, &err), 3);
	/* the ends of the key space: each key routes to exactly one shard (the
	 * last shard's end key is the largest key, yet it holds it) */
	T_EQ_INT(sd_store_put_group(s, ls.id, -1, "00000000000000000000000000000000", g.p, g.len,
	    1, 1, &err), 0);
	T_EQ_INT(sd_store_put_group(s, ls.id, -1, "ffffffffffffffffffffffffffffffff", g.p, g.len,
	    1, 1, &err), 3);
	T_EQ_INT(sd_store_put_group(s, ls.id, -1, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", g.p, g.len,
	    1, 1, &err), 3);
	T_EQ_INT(sd_store_put_group(s, ls.id, -1, "fffffffffffffffffffffffffffffffe", g.p, g.len,
	    1, 1, &err), 3);
	sb_free(&g);
	sd_store_close(s);
}

static void
test_persistence(void)
{
	char dir[] = "/tmp/slsx-store-XXXXXX";
	struct sd_logstore ls;
	struct sd_store *s;
	struct sd_err err;
	struct sb g;
	int64_t b1, b2, e2;

	T_REQUIRE(mkdtemp(dir) != NULL);
	s = open_with_logstore(dir, 1, &ls);
	T_REQUIRE(s != NULL);
	make_group(&g, "persist");
	T_EQ_INT(sd_store_put_group(s, ls.id, 0, NULL, g.p, g.len, 5, 1, &err), 0);
	sb_free(&g);
	sd_store_cursor_get(s, ls.id, 0, "begin", &b1, &err);
	sd_store_close(s);
	s = sd_store_open(dir, &err);
	T_REQUIRE(s != NULL);
	T_CHECK(sd_catalog_logstore_get(s, "p1", "web", &ls, &err) == 0);
	sd_store_cursor_get(s, ls.id, 0, "begin", &b2, &err);
	sd_store_cursor_get(s, ls.id, 0, "end", &e2, &err);
	T_EQ_INT(b1, b2);
	T_EQ_INT(e2 - b2, 1);
	sd_store_close(s);
	{
		char cmd[128];

		snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
		T_CHECK(system(cmd) == 0);
	}
}

static void
test_auth(void)
{
	char path[] = "/tmp/slsx-keys-XXXXXX", errbuf[256], authz[256], date[32];
	struct sd_keys *k = sd_auth_keys_new();
	struct sd_err err;
	int fd = mkstemp(path);
	FILE *fp = fdopen(fd, "w");

	fputs("# comment\nid1 secret1\nsts1 secret2 sts\n", fp);
	fclose(fp);
	T_CHECK(sd_auth_keys_load(k, path, errbuf, sizeof errbuf) == 0);
	T_EQ_INT(sd_auth_keys_count(k), 2);
	sign_date_rfc1123(1704067200, date);
	struct sign_kv h[] = { { "Date", date }, { "x-log-apiversion", "0.6.0" },
		{ "x-log-signaturemethod", "hmac-sha1" }, { "Authorization", authz } };
	struct sign_req r = { "GET", "/logstores", NULL, 0, h, 4, NULL, 0 };

	T_CHECK(sign_v1(&r, "id1", "secret1", authz, sizeof authz) == 0);
	T_CHECK(sd_auth_check(k, &r, 1704067200 + 60, &err) == 0);
	T_CHECK(sd_auth_check(k, &r, 1704067200 + 901, &err) == -1);
	T_EQ_STR(err.code, "RequestTimeExpired");
	T_CHECK(sign_v1(&r, "id1", "wrong", authz, sizeof authz) == 0);
	T_CHECK(sd_auth_check(k, &r, 1704067200, &err) == -1);
	T_EQ_STR(err.code, "SignatureNotMatch");
	T_EQ_INT(err.status, 401);
	T_CHECK(sign_v1(&r, "nobody", "x", authz, sizeof authz) == 0);
	T_CHECK(sd_auth_check(k, &r, 1704067200, &err) == -1);
	T_EQ_STR(err.code, "Unauthorized");
	/* temporary keys need a token */
	T_CHECK(sign_v1(&r, "sts1", "secret2", authz, sizeof authz) == 0);
	T_CHECK(sd_auth_check(k, &r, 1704067200, &err) == -1);
	/* v4 */
	{
		char sha[65], iso[17];
		struct sign_kv h4[] = { { "x-log-date", iso }, { "x-log-content-sha256", sha },
			{ "Authorization", authz } };
		struct sign_req r4 = { "GET", "/", NULL, 0, h4, 3, "", 0 };

		sign_sha256_hex("", 0, sha);
		sign_date_iso8601(1704067200, iso);
		T_CHECK(sign_v4(&r4, "id1", "secret1", "cn-hangzhou", authz, sizeof authz) == 0);
		T_CHECK(sd_auth_check(k, &r4, 1704067200, &err) == 0);
		T_CHECK(sign_v4(&r4, "id1", "secret9", "cn-hangzhou", authz, sizeof authz) == 0);
		T_CHECK(sd_auth_check(k, &r4, 1704067200, &err) == -1);
		T_EQ_STR(err.code, "SignatureNotMatch");
		/* a body that is not the one hashed */
		T_CHECK(sign_v4(&r4, "id1", "secret1", "cn-hangzhou", authz, sizeof authz) == 0);
		r4.body = "tampered";
		r4.body_len = 8;
		T_CHECK(sd_auth_check(k, &r4, 1704067200, &err) == -1);
		T_EQ_STR(err.code, "SignatureNotMatch");
	}
	/* malformed key file */
	fp = fopen(path, "w");
	fputs("onlyid\n", fp);
	fclose(fp);
	T_CHECK(sd_auth_keys_load(k, path, errbuf, sizeof errbuf) == -1);
	T_CHECK(strstr(errbuf, ":1:") != NULL);
	unlink(path);
	sd_auth_keys_free(k);
}

static void
test_faults(void)
{
	char err[256];
	struct sd_faults *f;
	struct sd_req rq;
	struct sd_resp rs;
	int i, hits = 0;

	f = sd_fault_parse("any:reset,put:delay=5,pull:stall=10,getlogs:badjson", 1, err,
	    sizeof err);
	T_CHECK(f != NULL);
	sd_fault_free(f);
	T_CHECK(sd_fault_parse("nosuch:503", 1, err, sizeof err) == NULL);
	T_CHECK(sd_fault_parse("pull:200", 1, err, sizeof err) == NULL);
	T_CHECK(sd_fault_parse("pull:delay=x", 1, err, sizeof err) == NULL);
	T_CHECK(sd_fault_parse("pull:503@2", 1, err, sizeof err) == NULL);
	f = sd_fault_parse("pull:503#2,getlogs:403/ShardReadQuotaExceed@0.5", 7, err, sizeof err);
	T_REQUIRE(f != NULL);
	memset(&rq, 0, sizeof rq);
	rq.route = "pull";
	for (i = 0; i < 3; i++) {
		memset(&rs, 0, sizeof rs);
		rs.status = 200;
		sb_init(&rs.body, 0);
		sd_fault_apply(f, &rq, &rs);
		if (i < 2) {
			T_EQ_INT(rs.status, 503);
			T_CHECK(strstr(sb_str(&rs.body), "ServerBusy") != NULL);
		} else {
			T_EQ_INT(rs.status, 200);
		}
		sb_free(&rs.body);
	}
	rq.route = "getlogs";
	for (i = 0; i < 200; i++) {
		memset(&rs, 0, sizeof rs);
		rs.status = 200;
		sb_init(&rs.body, 0);
		sd_fault_apply(f, &rq, &rs);
		hits += rs.status == 403;
		sb_free(&rs.body);
	}
	T_CHECK(hits > 60 && hits < 140);
	sd_fault_free(f);
}

#define T_LIST(X)                                                                    \
	X(test_projects_and_logstores) X(test_shard_ranges) X(test_put_pull_cursors) \
	X(test_routing) X(test_persistence) X(test_auth) X(test_faults)
T_MAIN(T_LIST)
