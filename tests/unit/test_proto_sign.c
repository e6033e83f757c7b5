/*
 * test_proto_sign — every signature test vector of spec §3.3 (from the
 * official SDKs' own unit tests and the Python SDK's signer), plus parsing
 * of Authorization headers and dates. Client and slsd share this signer, so
 * these vectors are the only thing that can catch a signing bug.
 */
#include <stdlib.h>
#include <string.h>

#include "base/sb.h"
#include "proto/sign.h"
#include "tests/unit/t.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void
check_v1(const struct sign_req *r, const char *id, const char *secret, const char *want)
{
	char out[256];

	T_CHECK(sign_v1(r, id, secret, out, sizeof out) == 0);
	T_EQ_STR(out, want);
}

static void
test_v1_go_get(void)
{
	const struct sign_kv h[] = { { "x-log-apiversion", "0.6.0" },
		{ "x-log-signaturemethod", "hmac-sha1" }, { "x-log-bodyrawsize", "0" },
		{ "Date", "Mon, 3 Jan 2010 08:33:47 GMT" } };
	struct sign_req r = { "GET", "/logstores", NULL, 0, h, N(h), NULL, 0 };
	struct sb s;

	sb_init(&s, 0);
	T_CHECK(sign_v1_string(&r, &s) == 0);
	T_EQ_STR(sb_str(&s), "GET\n\n\nMon, 3 Jan 2010 08:33:47 GMT\nx-log-apiversion:0.6.0\n"
	    "x-log-bodyrawsize:0\nx-log-signaturemethod:hmac-sha1\n/logstores");
	sb_free(&s);
	check_v1(&r, "mockAccessKeyID", "mockAccessKeySecret",
	    "LOG mockAccessKeyID:Rwm6cTKzoti4HWoe+GKcb6Kv07E=");
}

static void
test_v1_go_post(void)
{
	static const unsigned char body[] = { 0x0a, 0x32, 0x0a, 0x1e, 0x08, 0xf8, 0xb2, 0x93,
		0x9e, 0x05, 0x12, 0x16, 0x0a, 0x07, 'T', 'e', 's', 't', 'K', 'e', 'y', 0x12, 0x0b,
		'T', 'e', 's', 't', 'C', 'o', 'n', 't', 'e', 'n', 't', 0x1a, 0x00, 0x22, 0x0e,
		'1', '0', '.', '2', '3', '0', '.', '2', '0', '1', '.', '1', '1', '7' };
	char md5[33];

	sign_md5_hex(body, sizeof body, md5);
	T_EQ_INT(sizeof body, 52);
	T_EQ_STR(md5, "8D6881250FF5559F59BBDF04100F6E59");
	const struct sign_kv h[] = { { "x-log-apiversion", "0.6.0" },
		{ "x-log-signaturemethod", "hmac-sha1" }, { "x-log-bodyrawsize", "50" },
		{ "Date", "Mon, 3 Jan 2010 08:33:47 GMT" },
		{ "Content-Type", "application/x-protobuf" }, { "Content-MD5", md5 } };
	struct sign_req r = { "GET", "/logstores/app_log", NULL, 0, h, N(h), body, sizeof body };

	check_v1(&r, "mockAccessKeyID", "mockAccessKeySecret",
	    "LOG mockAccessKeyID:87xQWqFaOSewqRIma8kPjGYlXHc=");
}

static void
test_v1_node_get(void)
{
	const struct sign_kv q[] = { { "logstoreName", "" }, { "offset", "0" }, { "size", "1000" } };
	const struct sign_kv h[] = { { "date", "Mon, 09 Nov 2015 06:11:16 GMT" },
		{ "x-log-apiversion", "0.6.0" }, { "x-log-signaturemethod", "hmac-sha1" } };
	struct sign_req r = { "GET", "/logstores", q, N(q), h, N(h), NULL, 0 };

	check_v1(&r, "bq2sjzesjmo86kq35behupbq", "4fdO2fTDDnZPU/L7CHNdemB2Nsk=",
	    "LOG bq2sjzesjmo86kq35behupbq:jEYOTCJs2e88o+y5F4/S5IsnBJQ=");
}

#define NODE_STS_TOKEN                                                                   \
	"CAISiwJ1q6Ft5B2yfSjIr5D7Et3+35R02JuKR1P1lk40dt1giPfK1Dz2IHhLdXNrAuEXs/w0mmBQ7v8TlqZd" \
	"VplOWU3Da+B364xK7Q75jHw5B0zwv9I+k5SANTW5KXyShb3/AYjQSNfaZY3eCTTtnTNyxr3XbCirW0ffX7SC" \
	"lZ9gaKZ8PGD6F00kYu1bPQx/ssQXGGLMPPK2SH7Qj3HXEVBjt3gX6wo9y9zmnZHNukGH3QOqkbVM9t6rGPX+" \
	"MZkwZqUYesyuwel7epDG1CNt8BVQ/M909vccpmad5YrMUgQJuEvWa7KNo8caKgJmI7M3AbBFp/WlyKMn5raO" \
	"ydSrkE8cePtSVynP+g0hR0dZ+YgagAEFdb+5rO1e+OZ3kcmPKF5Zh2Sni+vF1qzKA/SElND5koQQV6uvVCwe" \
	"KnfzCPMKjY0OXWmfgtcwOTyJ4ABGsTGnILzBNRD/+Gdqe7wclZrj0aDUkTdFf8k7SudZuO9KOPBe8mS3pJoM" \
	"s1p67mWA/J4Wn0dottbprb5EQOBRxUC6bw=="

static void
test_v1_node_post_and_sts(void)
{
	const struct sign_kv h[] = { { "date", "Mon, 09 Nov 2015 06:03:03 GMT" },
		{ "x-log-apiversion", "0.6.0" }, { "x-log-signaturemethod", "hmac-sha1" },
		{ "content-md5", "1DD45FA4A70A9300CC9FE7305AF2C494" }, { "content-length", "52" },
		{ "content-type", "application/x-protobuf" }, { "x-log-bodyrawsize", "50" },
		{ "x-log-compresstype", "lz4" }, { "x-acs-security-token", NODE_STS_TOKEN } };
	struct sign_req r = { "POST", "/logstores/test-logstore", NULL, 0, h, N(h) - 1, NULL, 0 };

	check_v1(&r, "bq2sjzesjmo86kq35behupbq", "4fdO2fTDDnZPU/L7CHNdemB2Nsk=",
	    "LOG bq2sjzesjmo86kq35behupbq:XWLGYHGg2F2hcfxWxMLiNkGki6g=");
	r.nheaders = N(h);
	check_v1(&r, "STS.NSNYgJ2KUoYaEuDrNazRLg2a6",
	    "56Xqw2THF5vTHTNkGWR6uGRKXToKWMi2eLFjppPNV8RR",
	    "LOG STS.NSNYgJ2KUoYaEuDrNazRLg2a6:G3R03b6PwVI+zUaLtqezsBDL/j8=");
}

static void
test_v1_rust(void)
{
	static const char body[] = "\n            {\"key\": \"value\"}\n        ";
	/* the Rust signer always adds the api version and signature method */
	const struct sign_kv h6[] = { { "Date", "Thu, 01 Jan 1970 00:00:00 GMT" },
		{ "x-log-apiversion", "0.6.0" }, { "x-log-signaturemethod", "hmac-sha1" } };
	struct sign_req r6 = { "GET", "/", NULL, 0, h6, N(h6), NULL, 0 };
	char md5[33];
	struct sb s;

	check_v1(&r6, "", "", "LOG :SApFTtfTFKHmzdEdaMe5TjNn+RQ=");
	sign_md5_hex(body, strlen(body), md5);
	T_EQ_STR(md5, "CE688F8D1AC3ED309BA9BE0A5ABAFCE5");
	const struct sign_kv q7[] = { { "type", "log" }, { "offset", "0" }, { "line", "100" } };
	const struct sign_kv h7[] = { { "Date", "Thu, 01 Jan 1970 00:00:00 GMT" },
		{ "Content-Type", "application/json" }, { "Content-MD5", md5 },
		{ "x-log-apiversion", "0.6.0" }, { "x-log-signaturemethod", "hmac-sha1" },
		{ "x-acs-security-token", "test-security-token" } };
	struct sign_req r7 = { "POST", "/logstores/test-logstore", q7, N(q7), h7, N(h7) - 1,
		body, strlen(body) };

	check_v1(&r7, "test-access-key-id", "test-access-key",
	    "LOG test-access-key-id:4pL2xZJERC3tPKtRiHh9+nMG3tI=");
	r7.nheaders = N(h7);
	check_v1(&r7, "test-access-key-id", "test-access-key",
	    "LOG test-access-key-id:ZQt+0wIvpd+O9yIJKeKxZTJ2hv0=");

	const struct sign_kv q9[] = { { "type", "log" }, { "count", "1000" },
		{ "cursor", "MTczNzY2OTAzNjAxNzIxODQ1NA==" } };
	struct sign_req r9 = { "POST", "/logstores/test/shards/2", q9, N(q9), h7, N(h7), body,
		strlen(body) };

	sb_init(&s, 0);
	T_CHECK(sign_v1_string(&r9, &s) == 0);
	T_EQ_STR(sb_str(&s), "POST\nCE688F8D1AC3ED309BA9BE0A5ABAFCE5\napplication/json\n"
	    "Thu, 01 Jan 1970 00:00:00 GMT\nx-acs-security-token:test-security-token\n"
	    "x-log-apiversion:0.6.0\nx-log-signaturemethod:hmac-sha1\n/logstores/test/shards/2"
	    "?count=1000&cursor=MTczNzY2OTAzNjAxNzIxODQ1NA==&type=log");
	sb_free(&s);
	check_v1(&r9, "test-access-key-id", "test-access-key",
	    "LOG test-access-key-id:K3rw5WXRe77aZ/meSyEa8NNUYFc=");
}

static void
test_v1_python(void)
{
	const char *date = "Mon, 01 Jan 2024 00:00:00 GMT";
	const struct sign_kv q10[] = { { "type", "log" }, { "from", "1704067200" },
		{ "to", "1704070800" }, { "line", "100" }, { "offset", "0" },
		{ "reverse", "false" },
		{ "query", "status:200 and method:GET | select count(*) as c" } };
	const struct sign_kv h10[] = { { "x-log-bodyrawsize", "0" },
		{ "x-log-apiversion", "0.6.0" }, { "x-log-signaturemethod", "hmac-sha1" },
		{ "Date", date }, { "x-log-date", date } };
	struct sign_req r10 = { "GET", "/logstores/nginx", q10, N(q10), h10, N(h10), NULL, 0 };

	/* x-log-date is sent but must not be signed (PY adds it after signing) */
	check_v1(&r10, "testAccessKeyId", "testAccessKeySecret",
	    "LOG testAccessKeyId:KqQqU4t0q74KSGXzBubV3qiLb4g=");

	static const char body[] = "{\"from\":1704067200,\"to\":1704070800,\"line\":100,"
				   "\"offset\":0,\"reverse\":false,\"query\":\"*\"}";
	char md5[33];

	T_EQ_INT(strlen(body), 85);
	sign_md5_hex(body, strlen(body), md5);
	T_EQ_STR(md5, "870BFC43E5C1BD0DDD16862FD7C79E78");
	const struct sign_kv h11[] = { { "x-log-bodyrawsize", "85" },
		{ "x-log-apiversion", "0.6.0" }, { "x-log-signaturemethod", "hmac-sha1" },
		{ "Date", date }, { "Content-Type", "application/json" }, { "Content-MD5", md5 } };
	struct sign_req r11 = { "POST", "/logstores/nginx/logs", NULL, 0, h11, N(h11), body,
		strlen(body) };

	check_v1(&r11, "testAccessKeyId", "testAccessKeySecret",
	    "LOG testAccessKeyId:PY0nMfJt+fxZLpWJfeOdrBvlfo8=");

	const struct sign_kv q12[] = { { "type", "log" },
		{ "cursor", "MTcwNDA2NzIwMDAwMDAwMDAwMA==" }, { "count", "1000" },
		{ "end_cursor", "MTcwNDA2NzIwMDAwMDAwMDAwNQ==" } };
	const struct sign_kv h12[] = { { "x-log-bodyrawsize", "0" },
		{ "x-log-apiversion", "0.6.0" }, { "x-log-signaturemethod", "hmac-sha1" },
		{ "Date", date }, { "x-acs-security-token", "testToken" } };
	struct sign_req r12 = { "GET", "/logstores/nginx/shards/0", q12, N(q12), h12, N(h12),
		NULL, 0 };

	check_v1(&r12, "STS.testId", "testSecret", "LOG STS.testId:q1M6jqKN4EgukJ8ZYBhBOuXdxuE=");
}

/* Common v4 inputs of GO signature_v4_test.go / PY test_auth.py. */
static const char v4_body[] = "adasd= -asd zcas";

static void
check_v4(const char *method, const char *path, const struct sign_kv *q, size_t nq,
    int with_headers, const char *body, const char *region, const char *want_sig)
{
	char sha[65], out[512];
	const struct sign_kv h[] = { { "hello", "world" }, { "hello-Text", "a12X- " },
		{ " Ko ", "" }, { "x-log-test", "het123" }, { "x-acs-ppp", "dds" },
		{ "x-log-date", "20220808T032330Z" }, { "x-log-content-sha256", sha } };
	const struct sign_kv *hp = with_headers ? h : h + 5;
	size_t nh = with_headers ? N(h) : 2;
	struct sign_req r = { method, path, q, nq, hp, nh, body, strlen(body) };
	const char *sig;

	sign_sha256_hex(body, strlen(body), sha);
	T_REQUIRE(sign_v4(&r, "acsddda21dsd", "zxasdasdasw2", region, out, sizeof out) == 0);
	sig = strstr(out, "Signature=");
	T_REQUIRE(sig != NULL);
	T_EQ_STR(sig + 10, want_sig);
}

static const struct sign_kv v4_query[] = { { " abc", "efg" }, { " agc ", "" }, { "", "efg" },
	{ "A-bc", "eFg" } };

static void
test_v4_go_vectors(void)
{
	char sha[65];

	sign_sha256_hex(v4_body, strlen(v4_body), sha);
	T_CHECK(strncmp(sha, "c7a4fd95", 8) == 0);
	T_CHECK(strcmp(sha + 60, "62e4") == 0);
	check_v4("POST", "/logstores", v4_query, N(v4_query), 1, v4_body, "cn-hangzhou",
	    "a98f5632e93836e63839cd836a54055f480020a9364ca944e2d34f2eb9bf1bed");
	check_v4("POST", "/logstores", NULL, 0, 0, v4_body, "cn-shanghai",
	    "8a10a5e723cb2e75964816de660b2c16a58af8bc0261f7f0722d832468c76ce8");
	check_v4("POST", "/logstores", v4_query, N(v4_query), 1, "", "cn-hangzhou",
	    "5a66d8f8051983e0e9d08e0f960ef9252ef971eead5bb5c7acec8617a2eb2701");
	check_v4("GET", "/logstores", v4_query, N(v4_query), 1, "", "cn-hangzhou",
	    "d92741852500791d662a8d469ff61627c0559ecd86c3f59b7bf6772b6c62666a");

	const struct sign_kv q5[] = { { " abc", "efg" }, { " agc ", "" }, { "", "efg" },
		{ "A-bc", "eFg" }, { "abs-ij*asd/vc", "a~js+d ada" },
		{ "a abAas123/vc", "a~jdad a2ADFs+d ada" } };
	check_v4("POST", "/logstores/hello/a+*~bb/cc", q5, N(q5), 1, v4_body, "cn-hangzhou",
	    "2c204068e961a8813a6bcf7ac422f7fa6e9bf9a5da493e0165dfe100854d18ff");
}

static void
test_v1_canonical_rules(void)
{
	/* Vector #1 again with mixed-case names, padded values and an
	 * x-log-meta- header: same string to sign, same signature. */
	const struct sign_kv h[] = { { "X-Log-ApiVersion", " 0.6.0 " },
		{ "x-log-SignatureMethod", "hmac-sha1\t" }, { "X-LOG-BODYRAWSIZE", "0" },
		{ "x-log-meta-extra", "ignored" }, { "DATE", "Mon, 3 Jan 2010 08:33:47 GMT" } };
	struct sign_req r = { "GET", "/logstores", NULL, 0, h, N(h), NULL, 0 };
	/* No Date: x-log-date stands in on the Date line, and is never a
	 * signed v1 header; empty query values keep "key=". */
	const struct sign_kv q2[] = { { "b", "" }, { "a", "x y" } };
	const struct sign_kv h2[] = { { "x-log-date", "Mon, 01 Jan 2024 00:00:00 GMT" },
		{ "x-log-apiversion", "0.6.0" } };
	struct sign_req r2 = { "GET", "/p", q2, N(q2), h2, N(h2), NULL, 0 };
	struct sb s;

	sb_init(&s, 0);
	T_CHECK(sign_v1_string(&r, &s) == 0);
	T_EQ_STR(sb_str(&s), "GET\n\n\nMon, 3 Jan 2010 08:33:47 GMT\nx-log-apiversion:0.6.0\n"
	    "x-log-bodyrawsize:0\nx-log-signaturemethod:hmac-sha1\n/logstores");
	check_v1(&r, "mockAccessKeyID", "mockAccessKeySecret",
	    "LOG mockAccessKeyID:Rwm6cTKzoti4HWoe+GKcb6Kv07E=");
	sb_reset(&s);
	T_CHECK(sign_v1_string(&r2, &s) == 0);
	T_EQ_STR(sb_str(&s), "GET\n\n\nMon, 01 Jan 2024 00:00:00 GMT\nx-log-apiversion:0.6.0\n"
	    "/p?a=x y&b=");
	sb_free(&s);
}

static void
test_v4_canonical_and_header(void)
{
	char sha[65], out[512];
	struct sb s;
	const struct sign_kv h[] = { { "hello", "world" }, { "x-log-test", "het123" },
		{ "x-acs-ppp", "dds" }, { "x-log-date", "20220808T032330Z" },
		{ "x-log-content-sha256", sha } };
	struct sign_req r = { "POST", "/logstores", v4_query, N(v4_query), h, N(h), v4_body,
		strlen(v4_body) };
	char want[1024];

	sign_sha256_hex(v4_body, strlen(v4_body), sha);
	snprintf(want, sizeof want,
	    "POST\n/logstores\n=efg& abc=efg& agc &A-bc=eFg\nx-acs-ppp:dds\n"
	    "x-log-content-sha256:%s\nx-log-date:20220808T032330Z\nx-log-test:het123\n\n"
	    "x-acs-ppp;x-log-content-sha256;x-log-date;x-log-test\n%s", sha, sha);
	sb_init(&s, 0);
	T_CHECK(sign_v4_canonical(&r, &s) == 0);
	T_EQ_STR(sb_str(&s), want);
	sb_free(&s);
	T_CHECK(sign_v4(&r, "acsddda21dsd", "zxasdasdasw2", "cn-hangzhou", out, sizeof out) == 0);
	T_EQ_STR(out, "SLS4-HMAC-SHA256 Credential=acsddda21dsd/20220808/cn-hangzhou/sls/"
	    "aliyun_v4_request,Signature="
	    "a98f5632e93836e63839cd836a54055f480020a9364ca944e2d34f2eb9bf1bed");
	/* no x-log-date: refuse */
	r.nheaders = 3;
	T_CHECK(sign_v4(&r, "a", "b", "cn-hangzhou", out, sizeof out) == -1);
}

static void
test_v4_python_generated(void)
{
	char sha[65], out[512];
	const struct sign_kv q[] = { { "type", "cursor" }, { "from", "begin" } };
	const struct sign_kv h[] = { { "Host", "myproj.cn-hangzhou.log.aliyuncs.com" },
		{ "x-log-bodyrawsize", "0" }, { "x-log-apiversion", "0.6.0" },
		{ "x-log-date", "20240101T000000Z" }, { "x-log-content-sha256", sha } };
	struct sign_req r = { "GET", "/logstores/nginx/shards/0", q, N(q), h, N(h), "", 0 };

	sign_sha256_hex("", 0, sha);
	T_EQ_STR(sha, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	T_CHECK(sign_v4(&r, "testAccessKeyId", "testAccessKeySecret", "cn-hangzhou", out,
	    sizeof out) == 0);
	T_EQ_STR(strstr(out, "Signature=") + 10,
	    "a422ff42a396bd67e4e1426b53ac67e14c6c9fed523cde6e7f7150acc0994ea4");
}

static void
test_uri_encode(void)
{
	struct sb s;
	const char *in = "123abc!@#$%^&*()-=_+ ~|\\/";

	sb_init(&s, 0);
	T_CHECK(sign_uri_encode(&s, in, strlen(in)) == 0);
	T_EQ_STR(sb_str(&s), "123abc%21%40%23%24%25%5E%26%2A%28%29-%3D_%2B%20~%7C%5C%2F");
	sb_free(&s);
}

static void
test_parse_auth(void)
{
	struct sign_auth a;

	T_CHECK(sign_parse_auth("LOG id1:abc+/=", &a) == 0);
	T_EQ_INT(a.version, 1);
	T_EQ_STR(a.ak_id, "id1");
	T_EQ_STR(a.signature, "abc+/=");
	T_CHECK(sign_parse_auth("SLS4-HMAC-SHA256 Credential=acsddda21dsd/20220808/cn-hangzhou/"
	    "sls/aliyun_v4_request,Signature=a98f", &a) == 0);
	T_EQ_INT(a.version, 4);
	T_EQ_STR(a.ak_id, "acsddda21dsd");
	T_EQ_STR(a.date, "20220808");
	T_EQ_STR(a.region, "cn-hangzhou");
	T_EQ_STR(a.signature, "a98f");
	T_CHECK(sign_parse_auth(NULL, &a) == -1);
	T_CHECK(sign_parse_auth("", &a) == -1);
	T_CHECK(sign_parse_auth("LOG nocolon", &a) == -1);
	T_CHECK(sign_parse_auth("LOG :sig", &a) == -1);
	T_CHECK(sign_parse_auth("LOG id:", &a) == -1);
	T_CHECK(sign_parse_auth("Bearer x", &a) == -1);
	T_CHECK(sign_parse_auth("SLS4-HMAC-SHA256 Credential=a/2022/r/sls/aliyun_v4_request,"
	    "Signature=x", &a) == -1); /* bad date */
	T_CHECK(sign_parse_auth("SLS4-HMAC-SHA256 Credential=a/20220808/r/xx/aliyun_v4_request,"
	    "Signature=x", &a) == -1);
	T_CHECK(sign_parse_auth("SLS4-HMAC-SHA256 Signature=x", &a) == -1);
}

static void
test_dates(void)
{
	char buf[32], iso[17];

	sign_date_rfc1123(1704067200, buf);
	T_EQ_STR(buf, "Mon, 01 Jan 2024 00:00:00 GMT");
	sign_date_iso8601(1659929010, iso);
	T_EQ_STR(iso, "20220808T032330Z");
	T_EQ_INT(sign_parse_date("Mon, 01 Jan 2024 00:00:00 GMT"), 1704067200);
	T_EQ_INT(sign_parse_date("Mon, 3 Jan 2010 08:33:47 GMT"), 1262507627);
	T_EQ_INT(sign_parse_date("Sun, 03 Jan 2010 08:33:47 GMT"), 1262507627);
	T_EQ_INT(sign_parse_date("Thu, 01 Jan 1970 00:00:00 GMT"), 0);
	T_EQ_INT(sign_parse_date("Mon, 31 Dec 2029 23:59:59 GMT"), 1893455999);
	T_EQ_INT(sign_parse_date("20220808T032330Z"), 1659929010);
	T_EQ_INT(sign_parse_date("garbage"), -1);
	T_EQ_INT(sign_parse_date("Mon, 01 Foo 2024 00:00:00 GMT"), -1);
	T_EQ_INT(sign_parse_date("Mon, 01 Jan 2024 00:00:00 UTC"), -1);
	T_EQ_INT(sign_parse_date("Mon, 01 Jan 2024 00:00:00 GMTx"), -1);
	T_EQ_INT(sign_parse_date(NULL), -1);
}

static void
test_equal(void)
{
	T_CHECK(sign_equal("abc", "abc"));
	T_CHECK(!sign_equal("abc", "abd"));
	T_CHECK(!sign_equal("abc", "ab"));
	T_CHECK(sign_equal("", ""));
}

#define T_LIST(X)                                                                       \
	X(test_v1_go_get) X(test_v1_go_post) X(test_v1_node_get) X(test_v1_node_post_and_sts) \
	X(test_v1_rust) X(test_v1_python) X(test_v1_canonical_rules) X(test_v4_go_vectors) X(test_v4_canonical_and_header) \
	X(test_v4_python_generated) X(test_uri_encode) X(test_parse_auth) X(test_dates)      \
	X(test_equal)
T_MAIN(T_LIST)
