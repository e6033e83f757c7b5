/*
 * bench_server_slsd — slsd end to end over loopback HTTP: PutLogs ingest
 * (lz4 LogGroups of 500 nginx-like logs spread over 24 hours, 8 requests in
 * flight, v1-signed) into an on-disk store with an index, so every log is
 * also indexed for queries; then PullLogs of every shard (lz4 replies);
 * then GetLogs and GetHistograms over all the rows (median of 5 runs);
 * then the store is closed and opened again: the time slsd takes at start
 * to rebuild the query engine from the stored groups; then an UpdateIndex
 * of 40,000 keys (about 2 MB) on the full logstore while ListProject is
 * asked again and again: how long it takes and the longest ListProject.
 * Prints "name: value unit" lines. Issue figures (1M logs): ingest >= 100k
 * logs/s, PullLogs >= 100 MB/s of raw protobuf, keyword search first page
 * <= 200 ms, GROUP BY over all rows <= 2 s, histogram <= 500 ms.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "base/clk.h"
#include "base/sb.h"
#include "proto/compress.h"
#include "proto/cursor.h"
#include "proto/pb.h"
#include "proto/sign.h"
#include "server/sd_auth.h"
#include "server/sd_catalog.h"
#include "server/sd_http.h"
#include "server/sd_store.h"
#include "tests/slsreq.h"

#define BS_LOGS_PER_GROUP 500
#define BS_INFLIGHT 8
#define BS_AK "benchid"
#define BS_SK "benchsecret"

static const char *bs_uris[] = { "/api/v1/orders", "/api/v1/users/42", "/static/app.js",
	"/healthz", "/api/v2/search?q=shoes", "/login", "/cart/checkout" };
static const char *bs_agents[] = { "Mozilla/5.0 (X11; Linux x86_64)", "curl/7.88.1",
	"okhttp/4.9.3", "Go-http-client/2.0" };

/* One LogGroup of n nginx-like logs, serialized. */
static void
bs_make_group(struct sb *out, unsigned seed, uint32_t t, uint32_t dt)
{
	struct pb_page *pg = pb_page_new();
	char buf[64];
	int i;

	pb_add_group(pg, "nginx", "10.0.0.1", NULL);
	pb_add_tag(pg, "__hostname__", 12, "web-1", 5);
	for (i = 0; i < BS_LOGS_PER_GROUP; i++) {
		unsigned r = seed * 2654435761u + (unsigned)i * 40503u;
		int st = r % 20 == 0 ? 500 : r % 7 == 0 ? 404 : 200;

		pb_add_log(pg, t + (uint32_t)i * dt / BS_LOGS_PER_GROUP, 0, 0);
#define F(k, v) pb_add_field(pg, k, strlen(k), v, strlen(v))
		snprintf(buf, sizeof buf, "10.%u.%u.%u", r % 256, (r >> 8) % 256, (r >> 16) % 256);
		F("remote_addr", buf);
		F("method", r % 5 ? "GET" : "POST");
		F("uri", bs_uris[r % 7]);
		snprintf(buf, sizeof buf, "%d", st);
		F("status", buf);
		snprintf(buf, sizeof buf, "%u", 200 + r % 90000);
		F("body_bytes_sent", buf);
		snprintf(buf, sizeof buf, "0.%03u", r % 1000);
		F("request_time", buf);
		F("http_user_agent", bs_agents[r % 4]);
		F("host", "shop.example.com");
			snprintf(buf, sizeof buf, "%08x%08x", r ^ seed, r * 31u + seed);
		F("trace_id", buf);
#undef F
	}
	sb_init(out, 0);
	(void)pb_encode_group(pg, 0, out);
	pb_page_free(pg);
}

static const struct slsreq_opts bs_opts = { BS_AK, BS_SK, "bench.localhost", NULL, "lz4",
	"lz4", 0, 0, 0 };

static void
bs_done(CURLM *m, CURL *e, long *ok, long *bad)
{
	struct slsreq *r;
	long code = 0;

	curl_easy_getinfo(e, CURLINFO_PRIVATE, (char **)&r);
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
	if (code == 200)
		(*ok)++;
	else {
		if (*bad == 0)
			fprintf(stderr, "bench: HTTP %ld: %s\n", code, sb_str(&r->resp));
		(*bad)++;
	}
	curl_multi_remove_handle(m, e);
	curl_easy_cleanup(e);
	slsreq_done(r);
	free(r);
}

/* Every group distinct (its own seed and time slice of the last 24 hours),
 * compressed before the clock starts. */
static double
bs_ingest(int port, long total_logs, uint32_t t0s, long *failed)
{
	long groups = total_logs / BS_LOGS_PER_GROUP, sent = 0, ok = 0, bad = 0;
	uint32_t dt = (uint32_t)(86400 / (groups ? groups : 1));
	void **lz = calloc((size_t)groups + 1, sizeof *lz);
	size_t *lzlen = calloc((size_t)groups + 1, sizeof *lzlen), *raw = calloc((size_t)groups + 1,
	    sizeof *raw);
	int running = 0;
	int64_t t0;
	CURLM *m = curl_multi_init();

	for (long k = 0; k < groups; k++) {
		struct sb g;

		bs_make_group(&g, (unsigned)k + 7, t0s + (uint32_t)k * dt, dt);
		cz_compress(CZ_LZ4, g.p, g.len, &lz[k], &lzlen[k]);
		raw[k] = g.len;
		sb_free(&g);
	}
	t0 = clk_mono_us();
	while (ok + bad < groups) {
		CURLMsg *msg;
		int left;

		while (sent < groups && sent - ok - bad < BS_INFLIGHT) {
			struct slsreq *r = malloc(sizeof *r);
			struct slsreq_opts o = bs_opts;

			o.rawlen = raw[sent];
			curl_multi_add_handle(m, slsreq_easy(r, port, &o, "POST",
			    "/logstores/web/shards/lb", NULL, 0, lz[sent], lzlen[sent]));
			sent++;
		}
		curl_multi_perform(m, &running);
		while ((msg = curl_multi_info_read(m, &left)) != NULL)
			if (msg->msg == CURLMSG_DONE)
				bs_done(m, msg->easy_handle, &ok, &bad);
		if (running)
			curl_multi_poll(m, NULL, 0, 100, NULL);
	}
	*failed = bad;
	curl_multi_cleanup(m);
	for (long k = 0; k < groups; k++)
		free(lz[k]);
	free(lz);
	free(lzlen);
	free(raw);
	return (double)(ok * BS_LOGS_PER_GROUP) / ((double)(clk_mono_us() - t0) / 1e6);
}

static int
bs_dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median milliseconds of 5 signed GETs; prints the reply on failure. */
static double
bs_query_ms(int port, const char *type, const char *query, int64_t from, int64_t to,
    long *count)
{
	double ms[5];
	char f[24], t[24];
	struct sign_kv q[5] = { { "type", type }, { "from", f }, { "to", t }, { "query", query },
		{ "line", "100" } };

	snprintf(f, sizeof f, "%lld", (long long)from);
	snprintf(t, sizeof t, "%lld", (long long)to);
	for (int i = 0; i < 5; i++) {
		struct slsreq r;
		int64_t t0 = clk_mono_us();
		long code;

		slsreq_perform(&r, port, &bs_opts, "GET", "/logstores/web", q, 5, NULL, 0);
		ms[i] = (double)(clk_mono_us() - t0) / 1000.0;
		code = r.status;
		*count = r.count;
		if (code != 200) {
			fprintf(stderr, "bench: %s %s: HTTP %ld %s\n", type, query, code,
			    sb_str(&r.resp));
			slsreq_done(&r);
			return -1;
		}
		slsreq_done(&r);
	}
	qsort(ms, 5, sizeof ms[0], bs_dcmp);
	return ms[2];
}

static const char bs_index[] =
    "{\"line\":{\"token\":[\" \",\",\",\";\",\"=\",\"(\",\")\",\"[\",\"]\",\"{\",\"}\",\"?\","
    "\"@\",\"&\",\"<\",\">\",\"/\",\":\",\"\\n\",\"\\t\"],\"caseSensitive\":false},"
    "\"keys\":{\"status\":{\"type\":\"long\",\"doc_value\":true},"
    "\"body_bytes_sent\":{\"type\":\"long\",\"doc_value\":true},"
    "\"request_time\":{\"type\":\"double\",\"doc_value\":true},"
    "\"method\":{\"type\":\"text\",\"token\":[\" \"],\"doc_value\":true},"
    "\"uri\":{\"type\":\"text\",\"token\":[\"/\",\"?\",\"=\"],\"doc_value\":true},"
    "\"remote_addr\":{\"type\":\"text\",\"token\":[\" \"],\"doc_value\":true},"
    "\"http_user_agent\":{\"type\":\"text\",\"token\":[\" \",\"/\",\"(\",\")\",\";\"],"
    "\"doc_value\":true},"
    "\"trace_id\":{\"type\":\"text\",\"token\":[\" \"],\"doc_value\":true}}}";

static void
bs_queries(int port, int64_t from, int64_t to)
{
	char rare[64];
	unsigned r = 1007u * 2654435761u + 123u * 40503u;

	/* the trace id of log 123 in group 1000 (seed 1007), as bs_make_group wrote it */
	snprintf(rare, sizeof rare, "trace_id:%08x%08x", r ^ 1007u, r * 31u + 1007u);
	const struct {
		const char *name, *type, *query;
	} qs[] = {
		{ "slsd_search_first_page_common", "log", "curl" },
		{ "slsd_search_first_page_rare", "log", rare },
		{ "slsd_search_first_page_boolean", "log", "status:500 and method:post not okhttp" },
		{ "slsd_search_first_page_numeric", "log", "request_time > 0.990" },
		{ "slsd_sql_group_by_all_rows", "log",
		  "* | select status, count(*) as c group by status order by c desc" },
		{ "slsd_sql_group_by_two_keys", "log",
		  "* | select uri, method, count(*) as c, avg(request_time) as rt group by uri, method"
		  " order by c desc" },
		{ "slsd_sql_time_buckets", "log",
		  "* | select __time__ - __time__ % 3600 as h, count(*) as c group by h order by h"
		  " limit 1000" },
		{ "slsd_histogram_all", "histogram", "*" },
		{ "slsd_histogram_keyword", "histogram", "status:500" },
	};

	for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
		long count = 0;
		double ms = bs_query_ms(port, qs[i].type, qs[i].query, from, to, &count);

		printf("%s: %.1f ms\n", qs[i].name, ms);
		printf("%s_rows: %ld count\n", qs[i].name, count);
	}
}

/* Pull a whole shard, following x-log-cursor; returns raw protobuf bytes. */
static long
bs_pull_shard(struct sd_store *st, int64_t ls, int port, int shard)
{
	char cur[sizeof(((struct slsreq *)0)->cursor)];
	int64_t c;
	long raw = 0;
	struct sd_err err;

	sd_store_cursor_get(st, ls, shard, "begin", &c, &err);
	cursor_encode(c, cur);
	for (;;) {
		struct slsreq r;
		struct sign_kv q[3] = { { "type", "log" }, { "cursor", cur }, { "count", "1000" } };
		char path[64];

		snprintf(path, sizeof path, "/logstores/web/shards/%d", shard);
		slsreq_perform(&r, port, &bs_opts, "GET", path, q, 3, NULL, 0);
		slsreq_done(&r);
		raw += r.rawsize;
		if (r.rawsize <= 0 || r.cursor[0] == '\0' || strcmp(r.cursor, cur) == 0)
			break;
		snprintf(cur, sizeof cur, "%s", r.cursor);
	}
	return raw;
}

struct bs_ixjob {
	int port;
	const char *json;
	long status;
	int64_t ms;
	volatile int done;
};

static void *
bs_ix_thread(void *arg)
{
	struct bs_ixjob *j = arg;
	struct slsreq_opts o = bs_opts;
	struct slsreq r;
	int64_t t0 = clk_mono_us();

	o.content_type = "application/json";
	o.rawlen = strlen(j->json);
	slsreq_perform(&r, j->port, &o, "PUT", "/logstores/web/index", NULL, 0, j->json,
	    strlen(j->json));
	j->status = r.status;
	slsreq_done(&r);
	j->ms = (clk_mono_us() - t0) / 1000;
	__atomic_store_n(&j->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/* UpdateIndex of nkeys keys while ListProject is asked in a loop. */
static void
bs_index_wait(int port, int nkeys)
{
	struct slsreq_opts o = bs_opts;
	struct bs_ixjob j = { port, NULL, 0, 0, 0 };
	double worst = 0;
	long n = 0;
	pthread_t th;
	struct sb b;
	size_t len;
	int rc = 0;

	sb_init(&b, 0);
	/* include_keys names every key and exclude_keys as many others: the
	 * whole re-index, those lists included, is linear */
	rc |= sb_adds(&b, "{\"line\":{\"token\":[\" \"],\"include_keys\":[");
	for (int i = 0; i < nkeys; i++)
		rc |= sb_addf(&b, "%s\"key_%d\"", i ? "," : "", i);
	rc |= sb_adds(&b, "],\"exclude_keys\":[");
	for (int i = 0; i < nkeys; i++)
		rc |= sb_addf(&b, "%s\"other_%d\"", i ? "," : "", i);
	rc |= sb_adds(&b, "]},\"keys\":{");
	for (int i = 0; i < nkeys; i++)
		rc |= sb_addf(&b, "%s\"key_%d\":{\"type\":\"text\",\"token\":[\" \"]}", i ? "," : "",
		    i);
	rc |= sb_adds(&b, "}}");
	if (rc != 0 || (j.json = sb_take(&b, &len)) == NULL)
		return;
	o.host = "localhost";
	if (pthread_create(&th, NULL, bs_ix_thread, &j) != 0)
		return;
	while (!__atomic_load_n(&j.done, __ATOMIC_SEQ_CST)) {
		struct slsreq r;
		int64_t t0 = clk_mono_us();
		double ms;

		slsreq_perform(&r, port, &o, "GET", "/", NULL, 0, NULL, 0);
		ms = (double)(clk_mono_us() - t0) / 1000.0;
		worst = ms > worst ? ms : worst;
		n += r.status == 200;
		slsreq_done(&r);
	}
	pthread_join(th, NULL);
	printf("slsd_update_index_%dk_keys: %lld ms (HTTP %ld, %zu bytes)\n", nkeys / 1000,
	    (long long)j.ms, j.status, len);
	printf("slsd_listproject_during_update_index_max: %.1f ms\n", worst);
	printf("slsd_listproject_during_update_index_answered: %ld count\n", n);
	free((char *)j.json);
}

int
main(int argc, char **argv)
{
	long total = argc > 1 ? atol(argv[1]) : 1000000, failed = 0, raw = 0;
	char dir[] = "/tmp/slsx-bench-XXXXXX", err[256], cmd[128];
	struct sd_server srv;
	struct sd_err serr;
	struct sd_logstore ls;
	double rate;
	int64_t now;
	int64_t t0;
	int i;

	if (mkdtemp(dir) == NULL)
		return 1;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	memset(&srv, 0, sizeof srv);
	srv.keys = sd_auth_keys_new();
	sd_auth_keys_add(srv.keys, BS_AK, BS_SK, 0);
	srv.store = sd_store_open(dir, &serr);
	if (srv.store == NULL || sd_http_start(&srv, "127.0.0.1", 0, err, sizeof err) != 0) {
		fprintf(stderr, "bench: cannot start slsd\n");
		return 1;
	}
	memset(&ls, 0, sizeof ls);
	snprintf(ls.name, sizeof ls.name, "web");
	ls.ttl = 7;
	ls.shard_count = 4;
	sd_catalog_project_create(srv.store, "bench", "", &serr);
	sd_catalog_logstore_create(srv.store, "bench", &ls, &serr);
	sd_catalog_logstore_get(srv.store, "bench", "web", &ls, &serr);

	if (sd_catalog_index_set(srv.store, ls.id, bs_index, &serr) != 0) {
		fprintf(stderr, "bench: index: %s\n", serr.msg);
		return 1;
	}
	now = clk_wall();
	rate = bs_ingest(srv.port, total, (uint32_t)(now - 86400), &failed);
	printf("slsd_putlogs_logs: %ld count\n", total);
	printf("slsd_putlogs_failed_requests: %ld count\n", failed);
	printf("slsd_putlogs_ingest: %.0f logs/s\n", rate);

	t0 = clk_mono_us();
	for (i = 0; i < 4; i++)
		raw += bs_pull_shard(srv.store, ls.id, srv.port, i);
	printf("slsd_pulllogs_raw: %.1f MB\n", (double)raw / 1e6);
	printf("slsd_pulllogs: %.0f MB/s\n",
	    (double)raw / 1e6 / ((double)(clk_mono_us() - t0) / 1e6));
	bs_queries(srv.port, now - 86400, now + 1);

	sd_http_stop(&srv);
	sd_store_close(srv.store);
	t0 = clk_mono_us();
	srv.store = sd_store_open(dir, &serr);
	if (srv.store == NULL) {
		fprintf(stderr, "bench: reopen: %s\n", serr.msg);
		return 1;
	}
	printf("slsd_reopen: %.0f ms\n", (double)(clk_mono_us() - t0) / 1e3);
	if (sd_http_start(&srv, "127.0.0.1", 0, err, sizeof err) == 0) {
		bs_index_wait(srv.port, 40000);
		sd_http_stop(&srv);
	}
	sd_store_close(srv.store);
	sd_auth_keys_free(srv.keys);
	curl_global_cleanup();
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : 1;
}
