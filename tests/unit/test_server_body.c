/*
 * test_server_body — every request body is checked against Content-MD5
 * before anything is done: a tampered JSON body sent with the original
 * body's MD5 (and a signature over it) is refused with 400
 * InvalidContentMD5 on UpdateLogStore (and not applied), GetLogs v2,
 * UpdateIndex and CreateLogStore; the untampered body is accepted; a v1
 * body without Content-MD5 is 400 MissingContentMD5 (and not applied). v4:
 * a body that is not x-log-content-sha256's is 401 SignatureNotMatch.
 * And reply bodies: stored bytes that are not UTF-8 come out of a JSON
 * reply (ListProject here) as U+FFFD.
 */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "base/clk.h"
#include "base/sb.h"
#include "proto/sign.h"
#include "server/sd_auth.h"
#include "server/sd_catalog.h"
#include "server/sd_http.h"
#include "server/sd_store.h"
#include "tests/slsreq.h"
#include "tests/unit/t.h"

static struct sd_server tb_srv;
static struct slsreq_opts tb_o = { "tid", "tsecret", "p1.localhost", "application/json", NULL,
	NULL, 0, 0, 0 };

/* METHOD path with headers (MD5, signature) made for body, sending sent
 * (same length) instead; returns the status, the errorCode in code. */
static long
tb_req(const char *method, const char *path, const char *body, const char *sent, char *code,
    size_t n)
{
	struct slsreq r;
	struct slsreq_opts o = tb_o;
	CURL *e;
	long st;
	cJSON *j;
	const cJSON *c;

	o.rawlen = strlen(body);
	e = slsreq_easy(&r, tb_srv.port, &o, method, path, NULL, 0, body, strlen(body));
	curl_easy_setopt(e, CURLOPT_POSTFIELDS, sent);
	curl_easy_perform(e);
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &st);
	curl_easy_cleanup(e);
	j = cJSON_Parse(sb_str(&r.resp));
	c = cJSON_GetObjectItem(j, "errorCode");
	snprintf(code, n, "%s", cJSON_IsString(c) ? c->valuestring : "");
	cJSON_Delete(j);
	slsreq_done(&r);
	return st;
}

static void
tb_expect(const char *method, const char *path, const char *body, const char *sent, long want,
    const char *want_code)
{
	char code[64];
	long st = tb_req(method, path, body, sent, code, sizeof code);

	if (st != want)
		fprintf(stderr, "    %s %s: %ld %s\n", method, path, st, code);
	T_EQ_INT(st, want);
	if (want_code)
		T_EQ_STR(code, want_code);
}

/* A v4-signed POST of body, sending sent; the status, the errorCode in
 * code (code[64]). */
static long
tb_req_v4(const char *path, const char *body, const char *sent, char *code)
{
	char date[17], sha[65], raw[32], authz[512], line[600], url[256];
	struct sign_kv h[6];
	size_t nh = 0;
	struct curl_slist *hl = NULL;
	struct slsreq r;
	CURL *e = curl_easy_init();
	long st = 0;

	sign_date_iso8601(clk_wall(), date);
	sign_sha256_hex(body, strlen(body), sha);
	snprintf(raw, sizeof raw, "%zu", strlen(body));
	h[nh++] = (struct sign_kv){ "Host", "p1.localhost" };
	h[nh++] = (struct sign_kv){ "x-log-date", date };
	h[nh++] = (struct sign_kv){ "x-log-content-sha256", sha };
	h[nh++] = (struct sign_kv){ "x-log-apiversion", "0.6.0" };
	h[nh++] = (struct sign_kv){ "x-log-bodyrawsize", raw };
	h[nh++] = (struct sign_kv){ "Content-Type", "application/json" };
	struct sign_req sr = { "POST", path, NULL, 0, h, nh, body, strlen(body) };
	T_CHECK(sign_v4(&sr, "tid", "tsecret", "cn-hangzhou", authz, sizeof authz) == 0);
	for (size_t i = 0; i < nh; i++) {
		snprintf(line, sizeof line, "%s: %s", h[i].key, h[i].value);
		hl = curl_slist_append(hl, line);
	}
	snprintf(line, sizeof line, "Authorization: %s", authz);
	hl = curl_slist_append(hl, line);
	snprintf(url, sizeof url, "http://127.0.0.1:%d%s", tb_srv.port, path);
	memset(&r, 0, sizeof r);
	sb_init(&r.resp, 1 << 20);
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(e, CURLOPT_POSTFIELDS, sent);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, slsreq_write);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, &r);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, 20L);
	curl_easy_perform(e);
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &st);
	curl_easy_cleanup(e);
	curl_slist_free_all(hl);
	{
		cJSON *j = cJSON_Parse(sb_str(&r.resp));
		const cJSON *c = cJSON_GetObjectItem(j, "errorCode");

		snprintf(code, 64, "%s", cJSON_IsString(c) ? c->valuestring : "");
		cJSON_Delete(j);
	}
	sb_free(&r.resp);
	return st;
}

static void
test_tampered_bodies(void)
{
	char err[256];
	struct sd_err serr;
	struct sd_logstore ls;
	static const char upd[] = "{\"logstoreName\":\"web\",\"ttl\":30,\"shardCount\":1}";
	static const char upd_t[] = "{\"logstoreName\":\"web\",\"ttl\":90,\"shardCount\":1}";
	static const char q[] = "{\"from\":1,\"to\":2000000000,\"query\":\"a\",\"line\":10}";
	static const char q_t[] = "{\"from\":1,\"to\":2000000000,\"query\":\"b\",\"line\":10}";
	static const char ix[] = "{\"line\":{\"token\":[\" \"]},\"keys\":{\"aa\":{\"type\":\"text\"}}}";
	static const char ix_t[] = "{\"line\":{\"token\":[\" \"]},\"keys\":{\"bb\":{\"type\":\"text\"}}}";
	static const char cr[] = "{\"logstoreName\":\"new1\",\"ttl\":7,\"shardCount\":1}";
	static const char cr_t[] = "{\"logstoreName\":\"new2\",\"ttl\":7,\"shardCount\":1}";

	memset(&tb_srv, 0, sizeof tb_srv);
	tb_srv.keys = sd_auth_keys_new();
	sd_auth_keys_add(tb_srv.keys, "tid", "tsecret", 0);
	tb_srv.store = sd_store_open(NULL, &serr);
	T_REQUIRE(tb_srv.store != NULL);
	T_REQUIRE(sd_http_start(&tb_srv, "127.0.0.1", 0, err, sizeof err) == 0);
	T_REQUIRE(sd_catalog_project_create(tb_srv.store, "p1", "d\x9b\xff\xfe-", &serr) == 0);
	memset(&ls, 0, sizeof ls);
	snprintf(ls.name, sizeof ls.name, "web");
	ls.ttl = 7;
	ls.shard_count = 1;
	T_REQUIRE(sd_catalog_logstore_create(tb_srv.store, "p1", &ls, &serr) == 0);

	tb_expect("PUT", "/logstores/web", upd, upd_t, 400, "InvalidContentMD5");
	T_REQUIRE(sd_catalog_logstore_get(tb_srv.store, "p1", "web", &ls, &serr) == 0);
	T_EQ_INT(ls.ttl, 7);
	tb_expect("POST", "/logstores/web/index", ix, ix_t, 400, "InvalidContentMD5");
	T_CHECK(sd_catalog_index_get(tb_srv.store, ls.id) == NULL);
	tb_expect("POST", "/logstores/web/logs", q, q_t, 400, "InvalidContentMD5");
	tb_expect("POST", "/logstores", cr, cr_t, 400, "InvalidContentMD5");
	T_CHECK(sd_catalog_logstore_get(tb_srv.store, "p1", "new2", &ls, &serr) != 0);
	/* the bodies as signed are accepted */
	tb_expect("PUT", "/logstores/web", upd, upd, 200, NULL);
	T_REQUIRE(sd_catalog_logstore_get(tb_srv.store, "p1", "web", &ls, &serr) == 0);
	T_EQ_INT(ls.ttl, 30);
	tb_expect("POST", "/logstores/web/index", ix, ix, 200, NULL);
	tb_expect("POST", "/logstores/web/logs", q, q, 200, NULL);
	/* v4: x-log-content-sha256 is checked with the signature: the service
	 * hashes the body it got into the canonical request, so a body that is
	 * not the header's is SignatureNotMatch (spec §3.2, §6.2); v4 sends no
	 * Content-MD5 and needs none */
	{
		char code[64];

		T_EQ_INT(tb_req_v4("/logstores/web/logs", q, q_t, code), 401);
		T_EQ_STR(code, "SignatureNotMatch");
		T_EQ_INT(tb_req_v4("/logstores/web/logs", q, q, code), 200);
	}
	/* v1: a body without Content-MD5 is refused before anything is done
	 * (every SDK sends one with a body; without it the signature does not
	 * cover the body) */
	{
		struct slsreq r;
		struct slsreq_opts o = tb_o;

		o.no_md5 = 1;
		o.rawlen = strlen(upd_t);
		slsreq_perform(&r, tb_srv.port, &o, "PUT", "/logstores/web", NULL, 0, upd_t,
		    strlen(upd_t));
		T_EQ_INT(r.status, 400);
		T_CHECK(strstr(sb_str(&r.resp), "\"MissingContentMD5\"") != NULL);
		slsreq_done(&r);
		T_REQUIRE(sd_catalog_logstore_get(tb_srv.store, "p1", "web", &ls, &serr) == 0);
		T_EQ_INT(ls.ttl, 30);
		o.rawlen = strlen(q);
		slsreq_perform(&r, tb_srv.port, &o, "POST", "/logstores/web/logs", NULL, 0, q,
		    strlen(q));
		T_EQ_INT(r.status, 400);
		slsreq_done(&r);
	}
	{
		struct slsreq r; /* and a plain request still works */

		struct slsreq_opts o = tb_o;

		slsreq_perform(&r, tb_srv.port, &tb_o, "GET", "/logstores", NULL, 0, NULL, 0);
		T_EQ_INT(r.status, 200);
		slsreq_done(&r);
		o.host = "localhost";
		slsreq_perform(&r, tb_srv.port, &o, "GET", "/", NULL, 0, NULL, 0);
		T_EQ_INT(r.status, 200);
		T_CHECK(strstr(sb_str(&r.resp), "d\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd-") != NULL);
		T_CHECK(strchr(sb_str(&r.resp), '\xff') == NULL);
		slsreq_done(&r);
	}
	sd_http_stop(&tb_srv);
	sd_store_close(tb_srv.store);
	sd_auth_keys_free(tb_srv.keys);
}

#define T_LIST(X) X(test_tampered_bodies)
T_MAIN(T_LIST)
