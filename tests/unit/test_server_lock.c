/*
 * test_server_lock — no request holds a lock that stops unrelated ones: a
 * huge index change (sd_catalog_index_set, what UpdateIndex runs) in one
 * thread while ListProject is asked over loopback HTTP; ListProject must be
 * answered before the index change ends (asserted on order, not on time).
 * The engine's ingest never waits for a query holding its logstore: the
 * group is queued (bounded: then WriteQuotaExceed) and seen by the next
 * query; and a long query of one logstore stops neither another
 * logstore's queries nor ingest (over HTTP, against the real server).
 */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/clk.h"
#include "base/sb.h"
#include "proto/pb.h"
#include "server/sd_auth.h"
#include "server/sd_catalog.h"
#include "server/sd_http.h"
#include "server/sd_store.h"
#include "server/sd_store_int.h"
#include "sq/sq.h"
#include "sq/sq_int.h"
#include "tests/slsreq.h"
#include "tests/unit/t.h"

static struct sd_server tl_srv;
static struct slsreq_opts tl_o = { "tid", "tsecret", "localhost", NULL, NULL, NULL, 0, 0, 0 };

struct tl_job {
	int64_t ls;
	char *json;
	volatile int started, done;
	int rc;
};

static void *
tl_index_thread(void *arg)
{
	struct tl_job *j = arg;
	struct sd_err err;

	__atomic_store_n(&j->started, 1, __ATOMIC_SEQ_CST);
	j->rc = sd_catalog_index_set(tl_srv.store, j->ls, j->json, &err);
	__atomic_store_n(&j->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/* An index config of nkeys text keys k0..kN. */
static char *
tl_index_json(int nkeys)
{
	struct sb b;
	size_t len;
	int rc = 0;

	sb_init(&b, 0);
	rc |= sb_adds(&b, "{\"line\":{\"token\":[\" \"]},\"keys\":{");
	for (int i = 0; i < nkeys; i++)
		rc |= sb_addf(&b, "%s\"k%d\":{\"type\":\"text\",\"token\":[\" \"]}", i ? "," : "", i);
	rc |= sb_adds(&b, "}}");
	return rc ? NULL : sb_take(&b, &len);
}

/* Rows for the re-index to walk: n logs with a few keys. */
static void
tl_fill(int64_t ls, int n)
{
	struct pb_page *pg = pb_page_new();
	struct sd_err err;
	struct sb b;
	char v[32];

	pb_add_group(pg, "t", "s", NULL);
	for (int i = 0; i < n; i++) {
		pb_add_log(pg, 1700000000, 0, 0);
		for (int k = 0; k < 4; k++) {
			char key[8];

			snprintf(key, sizeof key, "k%d", k * 7 + i % 7);
			snprintf(v, sizeof v, "v%d w%d", i, i % 13);
			pb_add_field(pg, key, strlen(key), v, strlen(v));
		}
	}
	sb_init(&b, 0);
	T_REQUIRE(pb_encode_group(pg, 0, &b) == 0);
	T_CHECK(sd_store_put_group(tl_srv.store, ls, 0, NULL, b.p, b.len, 1700000000, n, &err) >=
	    0);
	sb_free(&b);
	pb_page_free(pg);
}

/* One round: ListProject while an index of nkeys is set. 1: ListProject
 * was answered first; 0: the index change ended first (try bigger). */
static int
tl_round(int64_t ls, int nkeys)
{
	struct tl_job j = { ls, tl_index_json(nkeys), 0, 0, 0 };
	struct slsreq r;
	pthread_t th;
	int first;

	if (j.json == NULL || pthread_create(&th, NULL, tl_index_thread, &j) != 0) {
		T_CHECK(0);
		free(j.json);
		return 1;
	}
	while (!__atomic_load_n(&j.started, __ATOMIC_SEQ_CST))
		;
	slsreq_perform(&r, tl_srv.port, &tl_o, "GET", "/", NULL, 0, NULL, 0);
	first = !__atomic_load_n(&j.done, __ATOMIC_SEQ_CST);
	T_EQ_INT(r.status, 200);
	T_CHECK(strstr(sb_str(&r.resp), "\"p1\"") != NULL);
	slsreq_done(&r);
	pthread_join(th, NULL);
	T_EQ_INT(j.rc, 0);
	free(j.json);
	return first;
}

static void
test_listproject_during_update_index(void)
{
	char err[256];
	struct sd_err serr;
	struct sd_logstore ls;
	int first = 0;

	memset(&tl_srv, 0, sizeof tl_srv);
	tl_srv.keys = sd_auth_keys_new();
	sd_auth_keys_add(tl_srv.keys, "tid", "tsecret", 0);
	tl_srv.store = sd_store_open(NULL, &serr);
	T_REQUIRE(tl_srv.store != NULL);
	T_REQUIRE(sd_http_start(&tl_srv, "127.0.0.1", 0, err, sizeof err) == 0);
	T_REQUIRE(sd_catalog_project_create(tl_srv.store, "p1", "", &serr) == 0);
	memset(&ls, 0, sizeof ls);
	snprintf(ls.name, sizeof ls.name, "web");
	ls.ttl = 7;
	ls.shard_count = 1;
	T_REQUIRE(sd_catalog_logstore_create(tl_srv.store, "p1", &ls, &serr) == 0);
	T_REQUIRE(sd_catalog_logstore_get(tl_srv.store, "p1", "web", &ls, &serr) == 0);
	tl_fill(ls.id, 20000);
	/* a change too small to outlast one ListProject proves nothing: grow it */
	for (int nkeys = 40000; nkeys <= 320000 && !first; nkeys *= 2)
		first = tl_round(ls.id, nkeys);
	T_CHECK(first);
	sd_http_stop(&tl_srv);
	sd_store_close(tl_srv.store);
	sd_auth_keys_free(tl_srv.keys);
}

/* One group of one log "m=hello" at 1700000000, encoded into b. */
static void
tl_group(struct sb *b)
{
	struct pb_page *pg = pb_page_new();

	pb_add_group(pg, "t", "s", NULL);
	pb_add_log(pg, 1700000000, 0, 0);
	pb_add_field(pg, "m", 1, "hello", 5);
	sb_init(b, 0);
	T_REQUIRE(pb_encode_group(pg, 0, b) == 0);
	pb_page_free(pg);
}

static void
test_ingest_does_not_wait_for_a_query(void)
{
	struct sq *q = sq_new();
	struct sq_err err;
	struct sq_getlogs_req r = { 0, 2000000000, "*", NULL, 100, 0, 0, 0, 0 };
	struct sq_result res;
	struct sq_ls *held;
	struct sb b;

	T_REQUIRE(sq_set_index(q, 1, "{\"line\":{\"token\":[\" \"]}}", &err) == 0);
	tl_group(&b);
	/* a query holds the logstore's read lock (as a 15 s SQL run does); in
	 * this thread a waiting ingest would deadlock, so returning at all is
	 * the check */
	T_REQUIRE(sq_ls_read(q, 1, &held, &err) == 0 && held != NULL);
	T_EQ_INT(sq_ingest(q, 1, 0, 1, 1700000000, b.p, b.len, &err), 0);
	T_EQ_INT(sq_ingest(q, 1, 0, 2, 1700000000, b.p, b.len, &err), 0);
	sq_ls_unread(q, held);
	T_EQ_INT(sq_query_getlogs(q, 1, &r, &res, &err), 0);
	T_EQ_INT(res.count, 2);
	sq_result_free(&res);
	/* a drop while a query holds it: the query's logstore lives until it
	 * lets go (ASan sees a use after free otherwise), new queries find none */
	T_REQUIRE(sq_ls_read(q, 1, &held, &err) == 0 && held != NULL);
	sq_drop(q, 1);
	T_EQ_INT(sq_query_getlogs(q, 1, &r, &res, &err), -1);
	T_EQ_STR(err.code, "IndexConfigNotExist");
	T_EQ_INT((int)held->nrows, 2);
	sq_ls_unread(q, held);
	sb_free(&b);
	sq_free(q);
}

/* The queue of a busy logstore is bounded: beyond it ingest answers the
 * service's throttling error (the producers retry 403), and nothing of the
 * refused group is kept; once the query ends the queue drains. */
static void
test_ingest_queue_bounded(void)
{
	struct sq *q = sq_new();
	struct sq_err err;
	struct sq_getlogs_req r = { 0, 2000000000, "*", NULL, 100, 0, 0, 0, 0 };
	struct sq_result res;
	struct sq_ls *held;
	struct sb b;

	T_REQUIRE(sq_set_index(q, 1, "{\"line\":{\"token\":[\" \"]}}", &err) == 0);
	tl_group(&b);
	sq_set_pending_max(q, 2 * b.len);
	T_REQUIRE(sq_ls_read(q, 1, &held, &err) == 0 && held != NULL);
	T_EQ_INT(sq_ingest_room(q, 1, b.len), 1);
	T_EQ_INT(sq_ingest(q, 1, 0, 1, 1700000000, b.p, b.len, &err), 0);
	T_EQ_INT(sq_ingest(q, 1, 0, 2, 1700000000, b.p, b.len, &err), 0);
	T_EQ_INT(sq_ingest_room(q, 1, b.len), 0);
	T_EQ_INT(sq_ingest(q, 1, 0, 3, 1700000000, b.p, b.len, &err), -1);
	T_EQ_STR(err.code, "WriteQuotaExceed");
	/* another logstore is not busy: its ingest is applied at once */
	T_REQUIRE(sq_set_index(q, 2, "{\"line\":{\"token\":[\" \"]}}", &err) == 0);
	T_EQ_INT(sq_ingest(q, 2, 0, 1, 1700000000, b.p, b.len, &err), 0);
	T_EQ_INT(sq_ingest(q, 2, 0, 2, 1700000000, b.p, b.len, &err), 0);
	T_EQ_INT(sq_ingest(q, 2, 0, 3, 1700000000, b.p, b.len, &err), 0);
	sq_ls_unread(q, held);
	T_EQ_INT(sq_ingest_room(q, 1, b.len), 1);
	T_EQ_INT(sq_query_getlogs(q, 1, &r, &res, &err), 0);
	T_EQ_INT(res.count, 2);
	sq_result_free(&res);
	T_EQ_INT(sq_query_getlogs(q, 2, &r, &res, &err), 0);
	T_EQ_INT(res.count, 3);
	sq_result_free(&res);
	sb_free(&b);
	sq_free(q);
}

/* What a long query of logstore A must not stop, over loopback HTTP
 * against the real server: a GetLogs of logstore B (with rows that came
 * out of order, so it settles them under its own write lock), a PutLogs
 * into A (queued) and into B, and ListProject. A is held by the test as a
 * query holds it; the requests are made from this thread, so each one
 * returning at all, while A is still held, is the check (order, not time).
 * A PutLogs into A past its queue's bound is answered 403
 * WriteQuotaExceed; an index change of B ends while one of A waits behind
 * A's query; once A is let go, its queries see every accepted log.
 */
static void
tl_getlogs(const char *ls, int64_t want)
{
	struct slsreq_opts o = tl_o;
	struct sign_kv q[] = { { "type", "log" }, { "from", "1600000000" }, { "to", "1800000000" },
		{ "query", "*" }, { "line", "100" } };
	struct slsreq r;
	char path[96];

	o.host = "p1.localhost";
	snprintf(path, sizeof path, "/logstores/%s", ls);
	slsreq_perform(&r, tl_srv.port, &o, "GET", path, q, 5, NULL, 0);
	T_EQ_INT(r.status, 200);
	T_EQ_INT(r.count, want);
	slsreq_done(&r);
}

static long
tl_put(const char *ls, int64_t t)
{
	struct slsreq_opts o = tl_o;
	struct pb_page *pg = pb_page_new();
	struct slsreq r;
	struct sb b;
	char path[96];
	long st;

	pb_add_group(pg, "t", "s", NULL);
	pb_add_log(pg, t, 0, 0);
	pb_add_field(pg, "m", 1, "hello", 5);
	sb_init(&b, 0);
	T_CHECK(pb_encode_group(pg, 0, &b) == 0);
	o.host = "p1.localhost";
	o.rawlen = b.len;
	snprintf(path, sizeof path, "/logstores/%s/shards/lb", ls);
	slsreq_perform(&r, tl_srv.port, &o, "POST", path, NULL, 0, b.p, b.len);
	st = r.status;
	if (st == 403)
		T_CHECK(strstr(sb_str(&r.resp), "WriteQuotaExceed") != NULL);
	slsreq_done(&r);
	sb_free(&b);
	pb_page_free(pg);
	return st;
}

/* An index change of A (job ja, thread *ta) waits for A's query: it cannot
 * end while the caller holds A. One of B (job jb, thread *tb) must end
 * meanwhile, not wait behind A's. Waits for it at most 60 s; the caller
 * joins both after letting A go. */
static void
tl_index_behind_query(struct tl_job *ja, pthread_t *ta, struct tl_job *jb, pthread_t *tb)
{
	int64_t t0;

	T_REQUIRE(pthread_create(ta, NULL, tl_index_thread, ja) == 0);
	while (!__atomic_load_n(&ja->started, __ATOMIC_SEQ_CST))
		sched_yield();
	T_REQUIRE(pthread_create(tb, NULL, tl_index_thread, jb) == 0);
	t0 = clk_mono_ms();
	while (!__atomic_load_n(&jb->done, __ATOMIC_SEQ_CST) && clk_mono_ms() - t0 < 60000)
		sched_yield();
	T_CHECK(__atomic_load_n(&jb->done, __ATOMIC_SEQ_CST));
	T_CHECK(!__atomic_load_n(&ja->done, __ATOMIC_SEQ_CST));
}

static void
test_long_query_stops_nothing_else(void)
{
	const char *ix = "{\"line\":{\"token\":[\" \"]}}";
	char err[256];
	struct sd_err serr;
	struct sd_logstore a, b;
	struct sq_err qe;
	struct sq_ls *held;
	struct slsreq r;
	int accepted = 0;
	struct tl_job ja = { 0, (char *)"{\"line\":{\"token\":[\" \",\",\"]}}", 0, 0, 0 };
	struct tl_job jb = ja;
	pthread_t ta, tb;

	memset(&tl_srv, 0, sizeof tl_srv);
	tl_srv.keys = sd_auth_keys_new();
	sd_auth_keys_add(tl_srv.keys, "tid", "tsecret", 0);
	tl_srv.store = sd_store_open(NULL, &serr);
	T_REQUIRE(tl_srv.store != NULL);
	T_REQUIRE(sd_http_start(&tl_srv, "127.0.0.1", 0, err, sizeof err) == 0);
	T_REQUIRE(sd_catalog_project_create(tl_srv.store, "p1", "", &serr) == 0);
	memset(&a, 0, sizeof a);
	a.ttl = 7;
	a.shard_count = 1;
	b = a;
	snprintf(a.name, sizeof a.name, "a");
	snprintf(b.name, sizeof b.name, "b");
	T_REQUIRE(sd_catalog_logstore_create(tl_srv.store, "p1", &a, &serr) == 0);
	T_REQUIRE(sd_catalog_logstore_create(tl_srv.store, "p1", &b, &serr) == 0);
	T_REQUIRE(sd_catalog_logstore_get(tl_srv.store, "p1", "a", &a, &serr) == 0);
	T_REQUIRE(sd_catalog_logstore_get(tl_srv.store, "p1", "b", &b, &serr) == 0);
	ja.ls = a.id;
	jb.ls = b.id;
	T_REQUIRE(sd_catalog_index_set(tl_srv.store, a.id, ix, &serr) == 0);
	T_REQUIRE(sd_catalog_index_set(tl_srv.store, b.id, ix, &serr) == 0);
	T_EQ_INT(tl_put("a", 1700000000), 200);
	T_EQ_INT(tl_put("b", 1700000100), 200);
	T_EQ_INT(tl_put("b", 1700000000), 200); /* out of order: B must settle */
	sq_set_pending_max(tl_srv.store->sq, 4096);
	T_REQUIRE(sq_ls_read(tl_srv.store->sq, a.id, &held, &qe) == 0 && held != NULL);
	tl_getlogs("b", 2);
	T_EQ_INT(tl_put("b", 1700000050), 200);
	tl_getlogs("b", 3);
	slsreq_perform(&r, tl_srv.port, &tl_o, "GET", "/", NULL, 0, NULL, 0);
	T_EQ_INT(r.status, 200);
	slsreq_done(&r);
	/* A's ingest is queued, never waited for, until its queue is full */
	for (int i = 0; i < 1000; i++) {
		long st = tl_put("a", 1700000001 + i);

		if (st != 200) {
			T_EQ_INT(st, 403);
			break;
		}
		accepted++;
	}
	T_CHECK(accepted > 0 && accepted < 1000);
	T_EQ_INT((int)held->nrows, 1); /* nothing applied under the query */
	tl_index_behind_query(&ja, &ta, &jb, &tb);
	sq_ls_unread(tl_srv.store->sq, held);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	T_EQ_INT(ja.rc, 0);
	T_EQ_INT(jb.rc, 0);
	tl_getlogs("a", 1 + accepted);
	T_EQ_INT(tl_put("a", 1700009999), 200);
	sd_http_stop(&tl_srv);
	sd_store_close(tl_srv.store);
	sd_auth_keys_free(tl_srv.keys);
}

/* A re-index holds the logstore's write lock (here: a thread, as long as
 * the test likes): a query of it waits a bounded time (set to 200 ms here)
 * and answers ServerBusy (503, retried by the SDKs), while the writer
 * still holds it; a query of another logstore does not wait at all. */
struct tl_writer {
	struct sq_ls *ls;
	volatile int held, release;
};

static void *
tl_writer_thread(void *arg)
{
	struct tl_writer *w = arg;

	pthread_rwlock_wrlock(&w->ls->lock);
	__atomic_store_n(&w->held, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&w->release, __ATOMIC_SEQ_CST))
		sched_yield();
	pthread_rwlock_unlock(&w->ls->lock);
	return NULL;
}

static void
test_read_wait_bounded(void)
{
	struct sq *q = sq_new();
	struct sq_err err;
	struct sq_getlogs_req r = { 0, 2000000000, "*", NULL, 100, 0, 0, 0, 0 };
	struct sq_result res;
	struct tl_writer w = { NULL, 0, 0 };
	pthread_t th;
	struct sb b;

	T_REQUIRE(sq_set_index(q, 1, "{\"line\":{\"token\":[\" \"]}}", &err) == 0);
	T_REQUIRE(sq_set_index(q, 2, "{\"line\":{\"token\":[\" \"]}}", &err) == 0);
	tl_group(&b);
	T_REQUIRE(sq_ingest(q, 1, 0, 1, 1700000000, b.p, b.len, &err) == 0);
	T_REQUIRE(sq_ingest(q, 2, 0, 1, 1700000000, b.p, b.len, &err) == 0);
	sq_set_read_wait(q, 200);
	w.ls = sq_ls_hold(q, 1, 0);
	T_REQUIRE(w.ls != NULL && pthread_create(&th, NULL, tl_writer_thread, &w) == 0);
	while (!__atomic_load_n(&w.held, __ATOMIC_SEQ_CST))
		sched_yield();
	T_EQ_INT(sq_query_getlogs(q, 1, &r, &res, &err), -1);
	T_EQ_STR(err.code, "ServerBusy");
	T_EQ_INT(sq_query_getlogs(q, 2, &r, &res, &err), 0);
	T_EQ_INT(res.count, 1);
	sq_result_free(&res);
	T_EQ_INT(sq_ingest(q, 1, 0, 2, 1700000000, b.p, b.len, &err), 0); /* queued */
	T_CHECK(!__atomic_load_n(&w.release, __ATOMIC_SEQ_CST)); /* the writer held it all along */
	__atomic_store_n(&w.release, 1, __ATOMIC_SEQ_CST);
	pthread_join(th, NULL);
	sq_ls_put(q, w.ls);
	T_EQ_INT(sq_query_getlogs(q, 1, &r, &res, &err), 0);
	T_EQ_INT(res.count, 2);
	sq_result_free(&res);
	sb_free(&b);
	sq_free(q);
}

/* A re-index builds under its logstore's read lock: a query of that
 * logstore made while it builds (from the hook, in another thread) is
 * answered from the old index, and an ingest is queued; after the install
 * the new config serves both the old rows and the queued one. */
struct tl_rx {
	struct sq *q;
	volatile int done;
	int qrc, count, irc;
	struct sb g;
};

static void *
tl_rx_thread(void *arg)
{
	struct tl_rx *x = arg;
	struct sq_getlogs_req r = { 0, 2000000000, "m:alpha", NULL, 100, 0, 0, 0, 0 };
	struct sq_result res;
	struct sq_err err;

	x->qrc = sq_query_getlogs(x->q, 1, &r, &res, &err);
	x->count = x->qrc == 0 ? (int)res.count : -1;
	if (x->qrc == 0)
		sq_result_free(&res);
	x->irc = sq_ingest(x->q, 1, 0, 2, 1700000000, x->g.p, x->g.len, &err);
	__atomic_store_n(&x->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void
tl_rx_hook(void *ctx, int64_t ls)
{
	struct tl_rx *x = ctx;
	pthread_t th;
	int64_t t0 = clk_mono_ms();

	(void)ls;
	if (pthread_create(&th, NULL, tl_rx_thread, x) != 0)
		return;
	while (!__atomic_load_n(&x->done, __ATOMIC_SEQ_CST) && clk_mono_ms() - t0 < 60000)
		sched_yield();
	T_CHECK(__atomic_load_n(&x->done, __ATOMIC_SEQ_CST)); /* answered during the build */
	if (__atomic_load_n(&x->done, __ATOMIC_SEQ_CST))
		pthread_join(th, NULL);
	else
		pthread_detach(th);
}

static int
tl_hits(struct sq *q, const char *query)
{
	struct sq_getlogs_req r = { 0, 2000000000, query, NULL, 100, 0, 0, 0, 0 };
	struct sq_result res;
	struct sq_err err;
	int n;

	if (sq_query_getlogs(q, 1, &r, &res, &err) != 0)
		return -1;
	n = (int)res.count;
	sq_result_free(&res);
	return n;
}

static void
test_reindex_does_not_stop_reads(void)
{
	struct sq *q = sq_new();
	struct pb_page *pg = pb_page_new();
	struct tl_rx x;
	struct sq_err err;
	struct sb b;

	memset(&x, 0, sizeof x);
	x.q = q;
	T_REQUIRE(sq_set_index(q, 1, "{\"keys\":{\"m\":{\"type\":\"text\",\"token\":[\" \"]}}}",
	    &err) == 0);
	pb_add_group(pg, "t", "s", NULL);
	pb_add_log(pg, 1700000000, 0, 0);
	pb_add_field(pg, "m", 1, "alpha", 5);
	pb_add_field(pg, "x", 1, "delta", 5);
	sb_init(&b, 0);
	T_REQUIRE(pb_encode_group(pg, 0, &b) == 0);
	T_REQUIRE(sq_ingest(q, 1, 0, 1, 1700000000, b.p, b.len, &err) == 0);
	pb_page_free(pg);
	pg = pb_page_new();
	pb_add_group(pg, "t", "s", NULL);
	pb_add_log(pg, 1700000000, 0, 0);
	pb_add_field(pg, "m", 1, "alpha", 5);
	pb_add_field(pg, "x", 1, "gamma", 5);
	sb_init(&x.g, 0);
	T_REQUIRE(pb_encode_group(pg, 0, &x.g) == 0);
	T_EQ_INT(tl_hits(q, "x:delta"), -1); /* x is not configured yet */
	q->reindex_hook = tl_rx_hook;
	q->reindex_ctx = &x;
	T_REQUIRE(sq_set_index(q, 1, "{\"keys\":{\"m\":{\"type\":\"text\",\"token\":[\" \"]},"
	    "\"x\":{\"type\":\"text\",\"token\":[\" \"]}}}", &err) == 0);
	q->reindex_hook = NULL;
	T_EQ_INT(x.qrc, 0);
	T_EQ_INT(x.count, 1);  /* the old index, during the build */
	T_EQ_INT(x.irc, 0);    /* queued */
	T_EQ_INT(tl_hits(q, "m:alpha"), 2);
	T_EQ_INT(tl_hits(q, "x:delta"), 1); /* old rows re-indexed */
	T_EQ_INT(tl_hits(q, "x:gamma"), 1); /* the queued row, with the new config */
	sb_free(&x.g);
	sb_free(&b);
	pb_page_free(pg);
	sq_free(q);
}

#define T_LIST(X) X(test_listproject_during_update_index) X(test_ingest_does_not_wait_for_a_query) \
	X(test_ingest_queue_bounded) X(test_long_query_stops_nothing_else) X(test_read_wait_bounded) \
	X(test_reindex_does_not_stop_reads)
T_MAIN(T_LIST)
