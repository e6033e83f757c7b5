/*
 * bench_proto_decode — PullLogs body decoding speed and model size.
 *
 * Generates a ~100 MB LogGroupList of nginx-access-like logs (13 fields,
 * varied values, groups of 100-500 logs with tags), LZ4-compresses it, and
 * prints: LZ4 decompression alone, stock protobuf-c unpack (malloc per
 * message), our decoder into the page model, and the model's bytes per log
 * against the raw protobuf bytes per log. BENCH_MB overrides the size.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/clk.h"
#include "base/sb.h"
#include "proto/compress.h"
#include "proto/pb.h"
#include "proto/sls_logs.pb-c.h"

static unsigned long bench_seed = 88172645463325252ul;

static unsigned
bench_rand(unsigned n)
{
	bench_seed ^= bench_seed << 13;
	bench_seed ^= bench_seed >> 7;
	bench_seed ^= bench_seed << 17;
	return (unsigned)(bench_seed % n);
}

static const char *bench_methods[] = { "GET", "GET", "GET", "POST", "PUT", "DELETE", "HEAD" };
static const char *bench_paths[] = { "/api/v1/users", "/api/v1/orders", "/static/app.js",
	"/static/style.css", "/index.html", "/api/v2/search", "/healthz", "/login",
	"/api/v1/items", "/img/logo.png" };
static const char *bench_agents[] = {
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
	"Chrome/120.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
	"Gecko) Version/17.1 Safari/605.1.15",
	"curl/8.4.0", "Go-http-client/1.1", "python-requests/2.31.0",
	"Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0" };
static const char *bench_status[] = { "200", "200", "200", "200", "304", "404", "500", "301" };
static const char *bench_refs[] = { "-", "-", "https://example.com/", "https://www.google.com/",
	"https://example.com/products?page=2" };

/* Add one nginx-like log to the last group of pg. */
static void
bench_add_log(struct pb_page *pg, uint32_t t)
{
	char ip[32], tl[40], uri[128], bytes[16], rt[16], urt[16], req[200];
	const char *m = bench_methods[bench_rand(7)];
	struct {
		const char *k, *v;
	} f[13];
	int i;

	snprintf(ip, sizeof ip, "%u.%u.%u.%u", 10 + bench_rand(200), bench_rand(256),
	    bench_rand(256), 1 + bench_rand(254));
	snprintf(tl, sizeof tl, "24/Nov/2026:%02u:%02u:%02u +0000", bench_rand(24),
	    bench_rand(60), bench_rand(60));
	snprintf(uri, sizeof uri, "%s?id=%u&session=%08x", bench_paths[bench_rand(10)],
	    bench_rand(100000), bench_rand(0x7fffffff));
	snprintf(req, sizeof req, "%s %s HTTP/1.1", m, uri);
	snprintf(bytes, sizeof bytes, "%u", bench_rand(60000));
	snprintf(rt, sizeof rt, "0.%03u", bench_rand(1000));
	snprintf(urt, sizeof urt, "0.%03u", bench_rand(1000));
	f[0].k = "remote_addr", f[0].v = ip;
	f[1].k = "remote_user", f[1].v = "-";
	f[2].k = "time_local", f[2].v = tl;
	f[3].k = "request_method", f[3].v = m;
	f[4].k = "request_uri", f[4].v = uri;
	f[5].k = "request", f[5].v = req;
	f[6].k = "status", f[6].v = bench_status[bench_rand(8)];
	f[7].k = "body_bytes_sent", f[7].v = bytes;
	f[8].k = "http_referer", f[8].v = bench_refs[bench_rand(5)];
	f[9].k = "http_user_agent", f[9].v = bench_agents[bench_rand(6)];
	f[10].k = "request_time", f[10].v = rt;
	f[11].k = "upstream_response_time", f[11].v = urt;
	f[12].k = "host", f[12].v = "www.example.com";
	pb_add_log(pg, t, bench_rand(2), bench_rand(1000000000));
	for (i = 0; i < 13; i++)
		pb_add_field(pg, f[i].k, strlen(f[i].k), f[i].v, strlen(f[i].v));
}

/* Build the LogGroupList body of about mb megabytes into out. */
static void
bench_generate(struct sb *out, size_t mb)
{
	struct pb_page *pg = pb_page_new();
	uint32_t t = 1763942400;
	unsigned gi = 0;

	while (out->len < mb << 20) {
		unsigned i, n = 100 + bench_rand(401);
		char host[32], pack[48];

		snprintf(host, sizeof host, "web-%02u", gi % 16);
		snprintf(pack, sizeof pack, "5E2F1A3B4C5D6E7F-%X", gi);
		pb_page_clear(pg);
		pb_add_group(pg, "nginx", "10.0.0.1", NULL);
		pb_add_tag(pg, "__hostname__", 12, host, strlen(host));
		pb_add_tag(pg, "__path__", 8, "/var/log/nginx/access.log", 25);
		pb_add_tag(pg, "__pack_id__", 11, pack, strlen(pack));
		pb_add_tag(pg, "__receive_time__", 16, "1763942401", 10);
		for (i = 0; i < n; i++)
			bench_add_log(pg, t + bench_rand(3));
		t += 2;
		gi++;
		if (pb_encode_list(pg, out) != 0) {
			fprintf(stderr, "bench: encode failed\n");
			exit(1);
		}
	}
	pb_page_free(pg);
}

/* Resident set size in bytes (Linux /proc/self/statm), 0 if unknown. */
static size_t
bench_rss(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	unsigned long size = 0, res = 0;

	if (f == NULL)
		return 0;
	if (fscanf(f, "%lu %lu", &size, &res) != 2)
		res = 0;
	fclose(f);
	return (size_t)res * (size_t)sysconf(_SC_PAGESIZE);
}

static double
bench_mbps(size_t bytes, int64_t us)
{
	return us > 0 ? (double)bytes / (1024.0 * 1024.0) / ((double)us / 1e6) : 0.0;
}

int
main(void)
{
	const char *env = getenv("BENCH_MB");
	size_t mb = env ? strtoul(env, NULL, 10) : 100, clen, nlogs = 0;
	struct sb raw;
	void *comp, *back;
	int64_t t0, best_lz4 = 0, best_pbc = 0, best_ours = 0, best_reuse = 0, us;
	struct pb_page *reuse = NULL;
	int round;
	struct pb_err err;
	size_t model_bytes = 0, model_bytes_unshrunk = 0, rss0, rss_decoded, rss_shrunk;

	sb_init(&raw, (size_t)1 << 31);
	bench_generate(&raw, mb ? mb : 1);
	if (cz_compress(CZ_LZ4, raw.p, raw.len, &comp, &clen) != 0) {
		fprintf(stderr, "bench: lz4 compress failed\n");
		return 1;
	}
	back = malloc(raw.len + 1);
	for (round = 0; round < 4; round++) {
		struct pb_page *pg;
		Sls__LogGroupList *l;

		t0 = clk_mono_us();
		if (cz_decompress_into(CZ_LZ4, comp, clen, back, raw.len) != 0) {
			fprintf(stderr, "bench: lz4 decompress failed\n");
			return 1;
		}
		us = clk_mono_us() - t0;
		best_lz4 = best_lz4 && best_lz4 < us ? best_lz4 : us;

		/* A page reused across bodies (the client's steady state). */
		if (reuse == NULL) {
			reuse = pb_page_new();
		} else {
			pb_page_clear(reuse);
			t0 = clk_mono_us();
			if (pb_decode_list(reuse, back, raw.len, &err) != 0)
				return 1;
			us = clk_mono_us() - t0;
			best_reuse = best_reuse && best_reuse < us ? best_reuse : us;
		}
		if (round == 0 && pb_decode_list(reuse, back, raw.len, &err) != 0)
			return 1;

		pg = pb_page_new();
		t0 = clk_mono_us();
		if (pb_decode_list(pg, back, raw.len, &err) != 0) {
			fprintf(stderr, "bench: decode failed: %s\n", err.msg);
			return 1;
		}
		us = clk_mono_us() - t0;
		best_ours = best_ours && best_ours < us ? best_ours : us;
		nlogs = pg->nlogs;
		model_bytes_unshrunk = pb_page_bytes(pg);
		pb_page_shrink(pg);
		model_bytes = pb_page_bytes(pg);
		pb_page_free(pg);

		t0 = clk_mono_us();
		l = sls__log_group_list__unpack(NULL, raw.len, back);
		us = clk_mono_us() - t0;
		if (l == NULL) {
			fprintf(stderr, "bench: protobuf-c unpack failed\n");
			return 1;
		}
		sls__log_group_list__free_unpacked(l, NULL);
		/* Untimed: fold the millions of freed chunks now, or the next
		 * large malloc pays for it (glibc malloc_consolidate). */
		malloc_trim(0);
		best_pbc = best_pbc && best_pbc < us ? best_pbc : us;
	}
	/* Resident memory a fresh page really takes (after the timed runs). */
	malloc_trim(0);
	rss0 = bench_rss();
	{
		struct pb_page *pg = pb_page_new();

		if (pb_decode_list(pg, back, raw.len, &err) != 0)
			return 1;
		rss_decoded = bench_rss() - rss0;
		pb_page_shrink(pg);
		malloc_trim(0);
		rss_shrunk = bench_rss() - rss0;
		pb_page_free(pg);
	}
	printf("raw_body: %.1f MB\n", (double)raw.len / (1024.0 * 1024.0));
	printf("lz4_body: %.1f MB\n", (double)clen / (1024.0 * 1024.0));
	printf("logs: %zu count\n", nlogs);
	printf("lz4_decompress: %.0f MB/s\n", bench_mbps(raw.len, best_lz4));
	printf("protobuf_c_unpack: %.0f MB/s\n", bench_mbps(raw.len, best_pbc));
	printf("pb_decode: %.0f MB/s\n", bench_mbps(raw.len, best_ours));
	printf("pb_decode_reused_page: %.0f MB/s\n", bench_mbps(raw.len, best_reuse));
	printf("raw_bytes_per_log: %.1f bytes\n", (double)raw.len / (double)nlogs);
	printf("model_bytes_per_log: %.1f bytes\n", (double)model_bytes / (double)nlogs);
	printf("model_bytes_per_log_before_shrink: %.1f bytes\n",
	    (double)model_bytes_unshrunk / (double)nlogs);
	printf("model_to_raw_ratio: %.2f x\n", (double)model_bytes / (double)raw.len);
	printf("model_rss_per_log: %.1f bytes\n", (double)rss_decoded / (double)nlogs);
	printf("model_rss_per_log_after_shrink: %.1f bytes\n", (double)rss_shrunk / (double)nlogs);
	printf("model_rss_to_raw_ratio: %.2f x\n", (double)rss_decoded / (double)raw.len);
	pb_page_free(reuse);
	free(back);
	free(comp);
	sb_free(&raw);
	return 0;
}
