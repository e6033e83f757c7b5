/*
 * tool_client_tail — drive the TUI's live-tail engine (client/cl_tail.c) without a
 * screen, for tests and bench/tail.sh:
 *
 *   tool_client_tail ENDPOINT PROJECT LOGSTORE FROM SECONDS [RING]
 *
 * Credentials come from ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET. After SECONDS
 * it prints "name: value" lines: logs in the ring, logs pulled, dropped,
 * whether the ring is in time order, CPU time used, and one line per shard.
 * LOGSTORE may be a list ("a,b"): then one "in NAME: N" line per logstore
 * (the ring's logs that say they came from it) too.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "base/clk.h"
#include "client/cl.h"
#include "proto/pb.h"
#include "client/cl_tail.h"

static int64_t
tt_key(const struct cl_tail_log *l)
{
	const struct pb_log *lg = &l->pg->logs[l->log];

	return (int64_t)lg->time * 1000000000 + (lg->has_ns ? lg->time_ns : 0);
}

int
main(int argc, char **argv)
{
	struct cl_cfg cfg = { 0 };
	struct cl_err err;
	struct cl_client *cl;
	struct cl_tail *t;
	struct cl_tail_cfg tc = { 0 };
	struct cl_tail_shard_stat st[256];
	struct rusage ru;
	int64_t end, pulled = 0;
	size_t n, ns;
	int ordered = 1;
	char names[16][128];
	size_t counts[16] = { 0 }, nn = 0;

	if (argc < 6) {
		fprintf(stderr, "usage: tool_client_tail ENDPOINT PROJECT LOGSTORE FROM SECONDS [RING]\n");
		return 2;
	}
	cfg.endpoint = argv[1];
	cfg.ak_id = getenv("ALIBABA_CLOUD_ACCESS_KEY_ID");
	cfg.ak_secret = getenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
	if ((cl = cl_client_new(&cfg, &err)) == NULL) {
		fprintf(stderr, "tool_client_tail: %s\n", err.msg);
		return 1;
	}
	tc.project = argv[2];
	tc.logstore = argv[3];
	tc.from = argv[4];
	tc.shard = -1;
	tc.ring_max = argc > 6 ? (size_t)atol(argv[6]) : 0;
	t = cl_tail_new(cl, &tc);
	end = clk_mono_ms() + atol(argv[5]) * 1000;
	while (clk_mono_ms() < end) {
		int wait = cl_tail_tick(t, clk_mono_ms()), ct = cl_timeout_ms(cl);

		if (ct >= 0 && ct < wait)
			wait = ct;
		cl_poll(cl, NULL, 0, wait > 100 ? 100 : wait);
	}
	n = cl_tail_count(t);
	for (size_t i = 1; i < n; i++) {
		struct cl_tail_log a, b;

		cl_tail_get(t, i - 1, &a);
		cl_tail_get(t, i, &b);
		if (tt_key(&a) > tt_key(&b))
			ordered = 0;
	}
	for (size_t i = 0; i < n; i++) {
		struct cl_tail_log a;
		size_t k;

		if (cl_tail_get(t, i, &a) != 0 || a.logstore == NULL)
			continue;
		for (k = 0; k < nn && strcmp(names[k], a.logstore) != 0; k++)
			;
		if (k == nn && nn < 16)
			snprintf(names[nn++], sizeof names[0], "%s", a.logstore);
		if (k < nn)
			counts[k]++;
	}
	ns = cl_tail_shards(t, st, 256);
	for (size_t i = 0; i < ns; i++)
		pulled += st[i].logs;
	getrusage(RUSAGE_SELF, &ru);
	printf("ring: %zu\n", n);
	printf("pulled: %" PRId64 "\n", pulled);
	printf("dropped: %" PRIu64 "\n", cl_tail_dropped(t));
	printf("ordered: %d\n", ordered);
	printf("shards: %zu\n", ns);
	printf("cpu_ms: %ld\n", (long)(ru.ru_utime.tv_sec * 1000 + ru.ru_utime.tv_usec / 1000 +
	    ru.ru_stime.tv_sec * 1000 + ru.ru_stime.tv_usec / 1000));
	printf("error: %s\n", cl_tail_error(t) ? cl_tail_error(t) : "");
	printf("logstores: %zu\n", cl_tail_logstores(t));
	for (size_t k = 0; k < nn; k++)
		printf("in %s: %zu\n", names[k], counts[k]);
	for (size_t i = 0; i < ns; i++)
		printf("shard %s#%d %s logs=%" PRId64 " lag=%" PRId64 " rate=%.1f err=%s\n", st[i].logstore,
		    st[i].id, st[i].status, st[i].logs, st[i].lag_s, st[i].rate, st[i].err);
	cl_tail_free(t);
	cl_client_free(cl);
	return 0;
}
