/*
 * sd_demo — demo data generator for `slsd --demo` (see sd_demo.h).
 */
#include "server/sd_demo.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "base/sb.h"
#include "base/xalloc.h"
#include "proto/pb.h"
#include "server/sd_catalog.h"
#include "server/sd_store.h"

#define SD_DEMO_SOURCES 4

enum sd_demo_ls { SDD_NGINX, SDD_APP, SDD_K8S, SDD_NLS };

static const struct {
	const char *name;
	int shards;
	double per_min;  /* average logs per minute over a day */
	const char *topic;
	const char *path;
} sd_demo_ls_def[SDD_NLS] = {
	{ "nginx-access", 4, 170, "nginx", "/var/log/nginx/access.log" },
	{ "app-json", 2, 70, "app", "/var/log/app/app.json" },
	{ "k8s-events", 1, 8, "k8s", "/var/log/k8s/events.log" },
};

static const char sd_demo_tokens[] =
    "[\" \",\",\",\";\",\"=\",\"(\",\")\",\"[\",\"]\",\"{\",\"}\",\"?\",\"@\",\"&\",\"<\",\">\","
    "\"/\",\":\",\"\\n\",\"\\t\",\"\\r\",\"'\",\"\\\"\"]";

static const char *const sd_demo_index_keys[SDD_NLS] = {
	"\"remote_addr\":{\"type\":\"text\",\"token\":%s,\"caseSensitive\":false,\"doc_value\":true},"
	"\"method\":{\"type\":\"text\",\"token\":%s,\"caseSensitive\":false,\"doc_value\":true},"
	"\"uri\":{\"type\":\"text\",\"token\":%s,\"caseSensitive\":false,\"doc_value\":true},"
	"\"host\":{\"type\":\"text\",\"token\":%s,\"caseSensitive\":false,\"doc_value\":true},"
	"\"http_user_agent\":{\"type\":\"text\",\"token\":%s,\"caseSensitive\":false,\"doc_value\":true},"
	"\"trace_id\":{\"type\":\"text\",\"token\":%s,\"caseSensitive\":false,\"doc_value\":true},"
	"\"status\":{\"type\":\"long\",\"doc_value\":true},"
	"\"body_bytes_sent\":{\"type\":\"long\",\"doc_value\":true},"
	"\"request_time\":{\"type\":\"double\",\"doc_value\":true}",
	"\"level\":{\"type\":\"text\",\"token\":%s,\"caseSensitive\":false,\"doc_value\":true},"
	"\"service\":{\"type\":\"text\",\"token\":%s,\"caseSensitive\":false,\"doc_value\":true},"
	"\"msg\":{\"type\":\"text\",\"token\":%s,\"caseSensitive\":false,\"doc_value\":true,\"chn\":true},"
	"\"trace_id\":{\"type\":\"text\",\"token\":%s,\"caseSensitive\":false,\"doc_value\":true},"
	"\"user_id\":{\"type\":\"text\",\"token\":%s,\"caseSensitive\":false,\"doc_value\":true},"
	"\"stack\":{\"type\":\"text\",\"token\":%s,\"caseSensitive\":false,\"doc_value\":false},"
	"\"latency_ms\":{\"type\":\"long\",\"doc_value\":true}",
	"\"namespace\":{\"type\":\"text\",\"token\":%s,\"caseSensitive\":false,\"doc_value\":true},"
	"\"kind\":{\"type\":\"text\",\"token\":%s,\"caseSensitive\":false,\"doc_value\":true},"
	"\"object\":{\"type\":\"text\",\"token\":%s,\"caseSensitive\":false,\"doc_value\":true},"
	"\"reason\":{\"type\":\"text\",\"token\":%s,\"caseSensitive\":false,\"doc_value\":true},"
	"\"type\":{\"type\":\"text\",\"token\":%s,\"caseSensitive\":false,\"doc_value\":true},"
	"\"message\":{\"type\":\"text\",\"token\":%s,\"caseSensitive\":false,\"doc_value\":false},"
	"\"count\":{\"type\":\"long\",\"doc_value\":true}",
};

struct sd_demo {
	struct sd_store *s;
	int64_t ls[SDD_NLS];
	char pack_prefix[SDD_NLS][SD_DEMO_SOURCES][17];
	unsigned pack_seq[SDD_NLS][SD_DEMO_SOURCES];
	uint64_t rng;
	int rate;
	time_t incident_a, incident_b; /* starts of the two incidents */
	int64_t backfilled;
};

static double
sd_demo_r(struct sd_demo *d)
{
	return rng_unit(&d->rng);
}

static unsigned
sd_demo_pick(struct sd_demo *d, unsigned n)
{
	return (unsigned)(sd_demo_r(d) * n) % n;
}

/* Traffic weight of a time of day: a night low, a midday peak and an
 * evening peak (around 1.0 on average). */
static double
sd_demo_weight(time_t t)
{
	struct tm tm;
	double h, w;

	localtime_r(&t, &tm);
	h = tm.tm_hour + tm.tm_min / 60.0;
	w = 0.2 + 1.3 * exp(-(h - 14) * (h - 14) / 18.0) + 0.7 * exp(-(h - 20.5) * (h - 20.5) / 6.0);
	return w;
}

static int
sd_demo_in(time_t t, time_t start, int minutes)
{
	return t >= start && t < start + minutes * 60;
}

/* Add field k=v to the last log (a function: each argument once). */
static void
F(struct pb_page *pg, const char *k, const char *v)
{
	pb_add_field(pg, k, strlen(k), v, strlen(v));
}

static void
sd_demo_trace(struct sd_demo *d, time_t t, char out[17])
{
	/* trace ids repeat within a few seconds so nginx and app share them */
	uint64_t st = (uint64_t)(t / 3) * 2654435761u + sd_demo_pick(d, 40);

	snprintf(out, 17, "%016llx", (unsigned long long)(st * 0x9E3779B97F4A7C15ULL));
}

static void
sd_demo_nginx(struct sd_demo *d, struct pb_page *pg, time_t t, int src)
{
	static const char *const uris[] = { "/api/v1/orders/%u", "/api/v1/users/%u/cart",
		"/static/js/app.%x.js", "/healthz", "/search?q=%s", "/login", "/api/v2/payments/%u",
		"/api/v1/products/%u/reviews", "/favicon.ico", "/api/v1/orders" };
	static const char *const words[] = { "shoes", "jacket", "%E6%89%8B%E6%9C%BA", "lamp",
		"coffee", "tent" };
	static const char *const agents[] = {
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/121.0 Safari/537.36",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) Mobile/15E148 MicroMessenger/8.0.47",
		"curl/7.88.1", "okhttp/4.12.0", "Go-http-client/2.0",
		"Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0" };
	static const char *const methods[] = { "GET", "GET", "GET", "GET", "GET", "GET", "POST",
		"POST", "PUT", "DELETE" };
	char buf[160], uri[96], trace[17];
	unsigned u = sd_demo_pick(d, 10), st;
	double r = sd_demo_r(d), rt;
	int bad = sd_demo_in(t, d->incident_a, 12);

	st = r < (bad ? 0.35 : 0.004) ? (sd_demo_pick(d, 3) == 0 ? 502 : 500 + sd_demo_pick(d, 4))
	    : r < 0.03 ? 404 : r < 0.05 ? 304 : r < 0.06 ? 301 : 200;
	if (u == 4)
		snprintf(uri, sizeof uri, uris[4], words[sd_demo_pick(d, 6)]);
	else
		snprintf(uri, sizeof uri, uris[u], 1000 + sd_demo_pick(d, 90000));
	pb_add_log(pg, (uint32_t)t, 1, sd_demo_pick(d, 1000000000));
	snprintf(buf, sizeof buf, "%u.%u.%u.%u", sd_demo_pick(d, 3) ? 10 : 203,
	    sd_demo_pick(d, 3) ? 0 : 113, sd_demo_pick(d, 255), 1 + sd_demo_pick(d, 254));
	F(pg, "remote_addr", buf);
	F(pg, "method", u == 9 ? "POST" : methods[sd_demo_pick(d, 10)]);
	F(pg, "uri", uri);
	snprintf(buf, sizeof buf, "%u", st);
	F(pg, "status", buf);
	snprintf(buf, sizeof buf, "%u", st == 304 ? 0 : 200 + sd_demo_pick(d, 60000));
	F(pg, "body_bytes_sent", buf);
	rt = 0.002 + pow(sd_demo_r(d), 4) * (bad ? 9.0 : 1.2);
	snprintf(buf, sizeof buf, "%.3f", rt);
	F(pg, "request_time", buf);
	F(pg, "http_user_agent", agents[sd_demo_pick(d, 6)]);
	F(pg, "host", src % 2 ? "api.example.com" : "shop.example.com");
	F(pg, "http_referer", sd_demo_pick(d, 3) ? "-" : "https://shop.example.com/");
	sd_demo_trace(d, t, trace);
	F(pg, "trace_id", trace);
}

static void
sd_demo_app(struct sd_demo *d, struct pb_page *pg, time_t t, int src)
{
	static const char *const services[] = { "order-svc", "user-svc", "payment-svc",
		"search-svc", "gateway" };
	static const char *const info[] = { "order created order_id=%u", "user login ok uid=%u",
		"cache hit ratio 0.%u", "订单创建成功 order_id=%u", "search served q=shoes hits=%u",
		"payment authorized amount=%u.00" };
	static const char *const errs[] = { "payment gateway timeout after %ums",
		"支付回调超时 retry=%u", "db connection refused (pool exhausted, in use=%u)",
		"NullPointerException in CartService.total line %u" };
	char buf[256], trace[17];
	double r = sd_demo_r(d);
	int burst = sd_demo_in(t, d->incident_a, 12) || sd_demo_in(t, d->incident_b, 5);
	const char *level = r < (burst ? 0.30 : 0.03) ? "ERROR" : r < 0.12 ? "WARN"
	    : r < 0.13 ? "DEBUG" : "INFO";

	(void)src;
	pb_add_log(pg, (uint32_t)t, 1, sd_demo_pick(d, 1000000000));
	F(pg, "level", level);
	F(pg, "service", services[sd_demo_pick(d, 5)]);
	if (strcmp(level, "ERROR") == 0)
		snprintf(buf, sizeof buf, errs[sd_demo_pick(d, 4)], 100 + sd_demo_pick(d, 3000));
	else
		snprintf(buf, sizeof buf, info[sd_demo_pick(d, 6)], 1000 + sd_demo_pick(d, 90000));
	F(pg, "msg", buf);
	snprintf(buf, sizeof buf, "%u", (burst ? 300 : 3) + sd_demo_pick(d, burst ? 5000 : 400));
	F(pg, "latency_ms", buf);
	sd_demo_trace(d, t, trace);
	F(pg, "trace_id", trace);
	snprintf(buf, sizeof buf, "u%05u", sd_demo_pick(d, 20000));
	F(pg, "user_id", buf);
	if (strcmp(level, "ERROR") == 0)
		F(pg, "stack", "java.lang.IllegalStateException: upstream failed\n"
			       "\tat com.example.pay.Gateway.call(Gateway.java:88)\n"
			       "\tat com.example.order.Checkout.run(Checkout.java:142)\n"
			       "\tat java.base/java.lang.Thread.run(Thread.java:833)");
}

/* An event's message, as the kubelet and the controllers word it for
 * its reason: one kind of line per reason, with its own variable parts. */
static void
sd_demo_k8s_message(struct sd_demo *d, const char *reason, char *buf, size_t n)
{
	unsigned rs = (unsigned)sd_demo_pick(d, 0xfffff), pod = (unsigned)sd_demo_pick(d, 0xffff);

	if (strcmp(reason, "Scheduled") == 0)
		snprintf(buf, n, "Successfully assigned shop/order-svc-%05x-%04x to node-%d", rs, pod,
		    1 + sd_demo_pick(d, 6));
	else if (strcmp(reason, "Pulled") == 0)
		snprintf(buf, n, "Container image \"registry.local/order-svc:1.%d.%d\" already "
		    "present on machine", 4 + sd_demo_pick(d, 2), sd_demo_pick(d, 10));
	else if (strcmp(reason, "Created") == 0)
		snprintf(buf, n, "Created container order-svc");
	else if (strcmp(reason, "Started") == 0)
		snprintf(buf, n, "Started container order-svc");
	else if (strcmp(reason, "ScalingReplicaSet") == 0)
		snprintf(buf, n, "Scaled up replica set order-svc-%05x to %d", rs, 2 + sd_demo_pick(d, 4));
	else if (strcmp(reason, "SuccessfulCreate") == 0)
		snprintf(buf, n, "Created pod: order-svc-%05x-%04x", rs, pod);
	else if (strcmp(reason, "BackOff") == 0)
		snprintf(buf, n, "Back-off restarting failed container order-svc in pod "
		    "order-svc-%05x-%04x", rs, pod);
	else if (strcmp(reason, "OOMKilled") == 0)
		snprintf(buf, n, "Container order-svc was OOM-killed (memory limit 512Mi, exit code 137)");
	else if (strcmp(reason, "FailedScheduling") == 0)
		snprintf(buf, n, "0/6 nodes are available: %d Insufficient memory", 1 + sd_demo_pick(d, 6));
	else
		snprintf(buf, n, "Readiness probe failed: HTTP probe failed with statuscode: 503");
}

static void
sd_demo_k8s(struct sd_demo *d, struct pb_page *pg, time_t t, int src)
{
	static const char *const ns[] = { "shop", "shop", "default", "kube-system", "monitoring" };
	static const char *const normal[] = { "Scheduled", "Pulled", "Created", "Started",
		"ScalingReplicaSet", "SuccessfulCreate" };
	static const char *const warn[] = { "BackOff", "OOMKilled", "FailedScheduling", "Unhealthy" };
	char buf[160];
	int bad = sd_demo_in(t, d->incident_b, 5);
	int warning = sd_demo_r(d) < (bad ? 0.7 : 0.08);
	const char *reason = warning ? warn[sd_demo_pick(d, 4)] : normal[sd_demo_pick(d, 6)];

	(void)src;
	pb_add_log(pg, (uint32_t)t, 0, 0);
	F(pg, "namespace", ns[sd_demo_pick(d, 5)]);
	F(pg, "kind", sd_demo_pick(d, 4) ? "Pod" : "Deployment");
	snprintf(buf, sizeof buf, "pod/order-svc-%05x-%04x", sd_demo_pick(d, 0xfffff),
	    sd_demo_pick(d, 0xffff));
	F(pg, "object", buf);
	F(pg, "reason", reason);
	F(pg, "type", warning ? "Warning" : "Normal");
	sd_demo_k8s_message(d, reason, buf, sizeof buf);
	F(pg, "message", buf);
	snprintf(buf, sizeof buf, "%u", 1 + sd_demo_pick(d, warning ? 30 : 2));
	F(pg, "count", buf);
}

/* One LogGroup of n logs at times [t0, t0+span) from source src. */
static int
sd_demo_group(struct sd_demo *d, int ls, int src, time_t t0, int span, int n, time_t recv)
{
	struct pb_page *pg = pb_page_new();
	struct sb body;
	struct sd_err err;
	char source[32], pack[48], now[24];
	int i, rc;

	snprintf(source, sizeof source, "10.0.%d.%d", ls + 1, 11 + src);
	pb_add_group(pg, sd_demo_ls_def[ls].topic, source, NULL);
	snprintf(pack, sizeof pack, "%s-%X", d->pack_prefix[ls][src], d->pack_seq[ls][src]++);
	pb_add_tag(pg, "__pack_id__", 11, pack, strlen(pack));
	pb_add_tag(pg, "__hostname__", 12, source, strlen(source));
	pb_add_tag(pg, "__path__", 8, sd_demo_ls_def[ls].path, strlen(sd_demo_ls_def[ls].path));
	snprintf(now, sizeof now, "%lld", (long long)recv);
	pb_add_tag(pg, "__receive_time__", 16, now, strlen(now));
	for (i = 0; i < n; i++) {
		time_t t = t0 + (span > 1 ? (time_t)(i * span / n) : 0);

		if (ls == SDD_NGINX)
			sd_demo_nginx(d, pg, t, src);
		else if (ls == SDD_APP)
			sd_demo_app(d, pg, t, src);
		else
			sd_demo_k8s(d, pg, t, src);
	}
	sb_init(&body, 0);
	rc = pb_encode_group(pg, 0, &body);
	pb_page_free(pg);
	if (rc == 0 && sd_store_put_bulk(d->s, d->ls[ls], body.p, body.len, recv, n, &err) < 0)
		rc = -1;
	sb_free(&body);
	return rc;
}

/* Poisson-ish count with mean m (deterministic). */
static int
sd_demo_count(struct sd_demo *d, double m)
{
	double x = m + (sd_demo_r(d) - 0.5) * 2 * sqrt(m + 1);

	return x < 0 ? 0 : (int)(x + 0.5);
}

static int
sd_demo_setup(struct sd_demo *d, char *err, size_t errlen)
{
	struct sd_err e;
	int i, existed = 1;

	if (!sd_catalog_project_get(d->s, "demo", NULL, 0, NULL, NULL) &&
	    sd_catalog_project_create(d->s, "demo", "slsd demo data", &e) != 0) {
		snprintf(err, errlen, "%s", e.msg);
		return -1;
	}
	for (i = 0; i < SDD_NLS; i++) {
		struct sd_logstore ls;

		if (sd_catalog_logstore_get(d->s, "demo", sd_demo_ls_def[i].name, &ls, &e) != 0) {
			char keys[4096], index[8192];
			const char *t = sd_demo_tokens;

			existed = 0;
			memset(&ls, 0, sizeof ls);
			snprintf(ls.name, sizeof ls.name, "%s", sd_demo_ls_def[i].name);
			ls.ttl = 30;
			ls.shard_count = sd_demo_ls_def[i].shards;
			ls.append_meta = 1;
			if (sd_catalog_logstore_create(d->s, "demo", &ls, &e) != 0 ||
			    sd_catalog_logstore_get(d->s, "demo", ls.name, &ls, &e) != 0) {
				snprintf(err, errlen, "%s", e.msg);
				return -1;
			}
			snprintf(keys, sizeof keys, sd_demo_index_keys[i], t, t, t, t, t, t, t);
			snprintf(index, sizeof index,
			    "{\"line\":{\"token\":%s,\"caseSensitive\":false,\"chn\":true},"
			    "\"keys\":{%s},\"ttl\":30,\"max_text_len\":2048,\"index_mode\":\"v2\"}",
			    t, keys);
			if (sd_catalog_index_set(d->s, ls.id, index, &e) != 0) {
				snprintf(err, errlen, "%s", e.msg);
				return -1;
			}
		}
		d->ls[i] = ls.id;
	}
	return existed;
}

struct sd_demo *
sd_demo_new(struct sd_store *s, time_t now, unsigned seed, int rate, char *err, size_t errlen)
{
	struct sd_demo *d = xcalloc(1, sizeof *d);
	int existed, ls, src;
	time_t t;

	d->s = s;
	d->rng = seed ? seed : 1;
	d->rate = rate;
	d->incident_a = now - 5 * 3600 + 600;
	d->incident_b = now - 40 * 60;
	for (ls = 0; ls < SDD_NLS; ls++)
		for (src = 0; src < SD_DEMO_SOURCES; src++)
			snprintf(d->pack_prefix[ls][src], 17, "%08X%08X",
			    (unsigned)(sd_demo_r(d) * 4294967295.0),
			    (unsigned)(sd_demo_r(d) * 4294967295.0));
	if ((existed = sd_demo_setup(d, err, errlen)) < 0) {
		free(d);
		return NULL;
	}
	if (existed)
		return d;
	/* back-fill: one group per (logstore, source, minute) */
	for (t = now - 86400 - now % 60; t < now; t += 60) {
		double w = sd_demo_weight(t);

		for (ls = 0; ls < SDD_NLS; ls++) {
			for (src = 0; src < SD_DEMO_SOURCES; src++) {
				int n = sd_demo_count(d, sd_demo_ls_def[ls].per_min * w /
				    SD_DEMO_SOURCES * (sd_demo_in(t, d->incident_a, 12) &&
					ls != SDD_K8S ? 2.5 : 1.0));

				if (n == 0)
					continue;
				if (sd_demo_group(d, ls, src, t, 60, n, t + 2) != 0) {
					snprintf(err, errlen, "cannot store demo data");
					sd_demo_free(d);
					return NULL;
				}
				d->backfilled += n;
			}
		}
	}
	return d;
}

int64_t
sd_demo_backfilled(const struct sd_demo *d)
{
	return d->backfilled;
}

int
sd_demo_tick(struct sd_demo *d, time_t now)
{
	static const double share[SDD_NLS] = { 0.68, 0.28, 0.04 };
	int ls;

	for (ls = 0; ls < SDD_NLS; ls++) {
		int n = sd_demo_count(d, d->rate * share[ls] * sd_demo_weight(now));

		if (n > 0 && sd_demo_group(d, ls, (int)sd_demo_pick(d, SD_DEMO_SOURCES), now, 1, n,
		    now) != 0)
			return -1;
	}
	return 0;
}

void
sd_demo_free(struct sd_demo *d)
{
	free(d);
}
