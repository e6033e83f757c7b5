/*
 * test_client_hist — the histogram job (client/cl_hist.c) against a fake
 * server on loopback that answers each connection with a scripted reply:
 * Incomplete answers are re-asked until one is complete (every answer
 * reaches the caller, the last marked final), the re-asks stop at the
 * spec's limit, only the search part of the query is sent, a failed
 * request and a reply that does not parse end the job, freeing the job
 * while a request is in flight means no callback, and a width (cols)
 * becomes the interval asked for.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/clk.h"
#include "client/cl.h"
#include "client/cl_hist.h"
#include "tests/unit/t.h"

#define HF_MAX 8

/* The fake: the i-th connection gets reply[i] (NULL: no answer, the
 * connection is held until the client hangs up). */
struct hfake {
	int lfd, port;
	pthread_t th;
	const char *reply[HF_MAX];
	char req[HF_MAX][2048];   /* the request lines seen */
	int n;
};

static void *
hf_main(void *ud)
{
	struct hfake *f = ud;

	while (f->n < HF_MAX) {
		char buf[1 << 14];
		ssize_t k;
		size_t len = 0;
		int c = accept(f->lfd, NULL, NULL), i = f->n;

		if (c < 0)
			break;
		while (len < sizeof buf - 1 && (k = read(c, buf + len, sizeof buf - 1 - len)) > 0) {
			len += (size_t)k;
			buf[len] = '\0';
			if (strstr(buf, "\r\n\r\n"))
				break;
		}
		buf[len] = '\0';
		snprintf(f->req[i], sizeof f->req[i], "%.*s", (int)strcspn(buf, "\r\n"), buf);
		f->n++;
		if (f->reply[i] == NULL) {
			while (read(c, buf, sizeof buf) > 0)
				;
		} else if (write(c, f->reply[i], strlen(f->reply[i])) < 0) {
			/* the client went away */
		}
		close(c);
	}
	return NULL;
}

static void
hf_start(struct hfake *f)
{
	struct sockaddr_in a;
	socklen_t al = sizeof a;
	int one = 1;

	f->lfd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(f->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(f->lfd, (struct sockaddr *)&a, sizeof a) != 0 || listen(f->lfd, 8) != 0)
		abort();
	getsockname(f->lfd, (struct sockaddr *)&a, &al);
	f->port = ntohs(a.sin_port);
	pthread_create(&f->th, NULL, hf_main, f);
}

static void
hf_stop(struct hfake *f)
{
	shutdown(f->lfd, SHUT_RDWR);
	close(f->lfd);
	pthread_join(f->th, NULL);
}

static struct cl_client *
hf_client(const struct hfake *f)
{
	struct cl_cfg cfg;
	struct cl_err err;
	char ep[64];

	snprintf(ep, sizeof ep, "http://127.0.0.1:%d", f->port);
	memset(&cfg, 0, sizeof cfg);
	cfg.endpoint = ep;
	cfg.ak_id = "testid";
	cfg.ak_secret = "testsecret";
	cfg.deadline_ms = 3000;
	cfg.request_timeout_ms = 2000;
	return cl_client_new(&cfg, &err);
}

/* A 200 reply with progress and count headers and a JSON body. */
static const char *
hf_ok(char *buf, size_t n, const char *progress, int count, const char *body)
{
	snprintf(buf, n, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
	    "x-log-progress: %s\r\nx-log-count: %d\r\nContent-Length: %zu\r\n\r\n%s",
	    progress, count, strlen(body), body);
	return buf;
}

static char hf_inc[512], hf_comp[512], hf_bad[512];

static void
hf_replies(void)
{
	hf_ok(hf_inc, sizeof hf_inc, "Incomplete", 3,
	    "[{\"from\":100,\"to\":160,\"count\":3,\"progress\":\"Incomplete\"}]");
	hf_ok(hf_comp, sizeof hf_comp, "Complete", 7,
	    "[{\"from\":100,\"to\":160,\"count\":5,\"progress\":\"Complete\"},"
	    "{\"from\":160,\"to\":220,\"count\":2}]");
	hf_ok(hf_bad, sizeof hf_bad, "Complete", 0, "{}");
}

#define HF_INCOMPLETE (hf_replies(), hf_inc)
#define HF_COMPLETE hf_comp

/* What the callback saw. */
struct hseen {
	int answers, finals, failures, bad_reply, reasks;
	int64_t last_total;
	int last_complete;
	char err[600];
};

static void
hs_on_ev(void *ud, const struct cl_hist_ev *ev)
{
	struct hseen *s = ud;

	s->finals += ev->final;
	s->reasks = ev->reasks;
	if (ev->h) {
		s->answers++;
		s->last_total = ev->h->total;
		s->last_complete = ev->h->complete;
		cl_hist_free(ev->h);
	} else {
		s->failures++;
		s->bad_reply = ev->bad_reply;
		snprintf(s->err, sizeof s->err, "%s %s", ev->err->code, ev->err->msg);
	}
}

/* Poll until the job has said its last, or 5 s. */
static void
hs_run(struct cl_client *c, const struct hseen *s)
{
	int64_t end = clk_mono_ms() + 5000;

	while (s->finals == 0 && clk_mono_ms() < end)
		cl_poll(c, NULL, 0, 50);
}

static struct cl_hist_job *
hs_start(struct cl_client *c, const char *query, int max_reask, struct hseen *s)
{
	struct cl_hist_spec sp;

	memset(&sp, 0, sizeof sp);
	sp.q.project = "proj";
	sp.q.logstore = "web";
	sp.q.from = 100;
	sp.q.to = 220;
	sp.q.query = query;
	sp.max_reask = max_reask;
	memset(s, 0, sizeof *s);
	return cl_hist_job_start(c, &sp, hs_on_ev, s);
}

static void
test_reask_until_complete(void)
{
	struct hfake f = { 0 };
	struct cl_client *c;
	struct cl_hist_job *j;
	struct hseen s;

	f.reply[0] = HF_INCOMPLETE;
	f.reply[1] = HF_INCOMPLETE;
	f.reply[2] = HF_COMPLETE;
	hf_start(&f);
	c = hf_client(&f);
	j = hs_start(c, "level:ERROR and msg:\"a|b\" | select count(*) as n", 0, &s);
	T_CHECK(cl_hist_job_busy(j));
	hs_run(c, &s);
	T_EQ_INT(f.n, 3);
	T_EQ_INT(s.answers, 3);   /* the partial ones too */
	T_EQ_INT(s.finals, 1);
	T_EQ_INT(s.failures, 0);
	T_EQ_INT(s.reasks, 2);
	T_EQ_INT((int)s.last_total, 7);
	T_EQ_INT(s.last_complete, 1);
	T_CHECK(!cl_hist_job_busy(j));
	/* the search part only: the quoted '|' stays, the SQL goes */
	T_CHECK(strstr(f.req[0], "type=histogram") != NULL);
	T_CHECK(strstr(f.req[0], "a%7Cb") != NULL);
	T_CHECK(strstr(f.req[0], "select") == NULL);
	T_CHECK(strstr(f.req[2], "select") == NULL);
	cl_hist_job_free(j);
	cl_client_free(c);
	hf_stop(&f);
}

static void
test_reask_limit(void)
{
	struct hfake f = { 0 };
	struct cl_client *c;
	struct cl_hist_job *j;
	struct hseen s;

	f.reply[0] = HF_INCOMPLETE;
	f.reply[1] = HF_INCOMPLETE;
	f.reply[2] = HF_COMPLETE;
	hf_start(&f);
	c = hf_client(&f);
	/* one re-ask allowed: the second Incomplete answer is the last */
	j = hs_start(c, "*", 1, &s);
	hs_run(c, &s);
	T_EQ_INT(s.answers, 2);
	T_EQ_INT(s.finals, 1);
	T_EQ_INT(s.reasks, 1);
	T_EQ_INT(s.last_complete, 0);
	cl_hist_job_free(j);
	/* none: the first answer is the last */
	j = hs_start(c, "*", -1, &s);
	hs_run(c, &s);
	T_EQ_INT(s.answers, 1);
	T_EQ_INT(s.reasks, 0);
	T_EQ_INT(s.last_complete, 1);
	cl_hist_job_free(j);
	T_EQ_INT(f.n, 3);
	cl_client_free(c);
	hf_stop(&f);
}

static void
test_failures(void)
{
	struct hfake f = { 0 };
	struct cl_client *c;
	struct cl_hist_job *j;
	struct hseen s;

	f.reply[0] = "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n"
		     "x-log-requestid: RID9\r\nContent-Length: 57\r\n\r\n"
		     "{\"errorCode\":\"ParameterInvalid\",\"errorMessage\":\"bad q\"}  ";
	hf_replies();
	f.reply[1] = hf_bad;
	hf_start(&f);
	c = hf_client(&f);
	j = hs_start(c, "*", 0, &s);
	hs_run(c, &s);
	T_EQ_INT(s.failures, 1);
	T_EQ_INT(s.finals, 1);
	T_EQ_INT(s.bad_reply, 0);
	T_CHECK(strstr(s.err, "ParameterInvalid") != NULL);
	cl_hist_job_free(j);
	/* a reply that is not an array */
	j = hs_start(c, "*", 0, &s);
	hs_run(c, &s);
	T_EQ_INT(s.failures, 1);
	T_EQ_INT(s.bad_reply, 1);
	T_EQ_INT(s.answers, 0);
	cl_hist_job_free(j);
	cl_client_free(c);
	hf_stop(&f);
}

static void
test_free_in_flight(void)
{
	struct hfake f = { 0 };
	struct cl_client *c;
	struct cl_hist_job *j;
	struct hseen s;
	int64_t end;

	f.reply[0] = NULL; /* never answered */
	hf_start(&f);
	c = hf_client(&f);
	j = hs_start(c, "*", 0, &s);
	end = clk_mono_ms() + 300;
	while (clk_mono_ms() < end)
		cl_poll(c, NULL, 0, 50);
	T_CHECK(cl_hist_job_busy(j));
	cl_hist_job_free(j);
	end = clk_mono_ms() + 200;
	while (clk_mono_ms() < end)
		cl_poll(c, NULL, 0, 50);
	T_EQ_INT(s.finals + s.answers + s.failures, 0);
	cl_hist_job_free(NULL);
	cl_client_free(c);
	hf_stop(&f);
}

/* cols: the interval of a round bucket size giving at most that many
 * buckets is sent (a day on 94 columns: 20 minutes); none without. */
static void
test_interval_for_cols(void)
{
	struct hfake f = { 0 };
	struct cl_client *c;
	struct cl_hist_job *j;
	struct cl_hist_spec sp;
	struct hseen s;

	f.reply[0] = (hf_replies(), HF_COMPLETE);
	f.reply[1] = HF_COMPLETE;
	hf_start(&f);
	c = hf_client(&f);
	memset(&sp, 0, sizeof sp);
	memset(&s, 0, sizeof s);
	sp.q.project = "proj";
	sp.q.logstore = "web";
	sp.q.from = 1796256000;
	sp.q.to = 1796256000 + 86400;
	sp.cols = 94;
	j = cl_hist_job_start(c, &sp, hs_on_ev, &s);
	hs_run(c, &s);
	cl_hist_job_free(j);
	T_CHECK(strstr(f.req[0], "interval=1200") != NULL);
	sp.cols = 0;
	memset(&s, 0, sizeof s);
	j = cl_hist_job_start(c, &sp, hs_on_ev, &s);
	hs_run(c, &s);
	cl_hist_job_free(j);
	T_EQ_INT(f.n, 2);
	T_CHECK(strstr(f.req[1], "interval") == NULL);
	cl_client_free(c);
	hf_stop(&f);
}

#define T_LIST(X) X(test_reask_until_complete) X(test_reask_limit) X(test_failures) \
	X(test_free_in_flight) X(test_interval_for_cols)
T_MAIN(T_LIST)
