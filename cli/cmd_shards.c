/*
 * cmd_shards — `slsx shards`: the logstore's ttl and shard count
 * (GetLogStore), then one line per shard: id, status, the receive time of
 * its oldest and newest data, and its hash range. The times come from
 * GetCursor (begin, end) and GetCursorTime of the first and the last group
 * (end - 1, as the SDKs' get_previous_cursor_time does), every shard asking
 * at once.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/sb.h"
#include "base/xalloc.h"
#include "client/cl.h"
#include "client/cl_api.h"
#include "proto/cursor.h"
#include "cli/cli.h"
#include "cli/cmd.h"

/* ListShards: the count with *out malloc'd, or minus the exit code after
 * reporting the error. */
static int
cmd_shards_get(struct cli *x, struct cl_shard **out)
{
	struct cl_args a;
	struct cl_call call;
	struct cli_result r;
	struct cl_err perr;
	int n, rc;

	cl_args_init(&a);
	cl_api_list_shards(&call, &a, x->project, x->logstore);
	rc = cli_call(x, &call, &r);
	cl_args_free(&a);
	if (rc != 0)
		return -cli_report("ListShards", &r.err);
	n = cl_parse_shards(&r.rs, out, &perr);
	cli_result_free(&r);
	if (n < 0)
		return -cli_report("ListShards reply", &perr);
	return n;
}

/* The receive-time span of one shard's data; a shard whose begin cursor
 * is its end cursor holds nothing. */
struct cmd_shards_span;
struct cmd_shards_ref {            /* a reply's callback data: which end it is for */
	struct cmd_shards_span *s;
	int which;           /* 0 begin/oldest, 1 end/newest */
};
struct cmd_shards_span {
	struct cmd_shards_ref ref[2];
	struct cli *x;
	int shard;
	int pending;              /* replies still to come for this step */
	char begin[CURSOR_MAX], end[CURSOR_MAX];
	int64_t oldest, newest;   /* unix seconds, -1 when unknown */
	int empty;
	struct cl_err err;        /* the first failure, st CL_OK when none */
};

static void cmd_shards_on_cursor(void *ud, const struct cl_resp *rs, const struct cl_err *err);
static void cmd_shards_on_time(void *ud, const struct cl_resp *rs, const struct cl_err *err);

static void
cmd_shards_fail(struct cmd_shards_span *s, const char *what, const struct cl_err *err)
{
	if (s->err.st != CL_OK)
		return;
	s->err = *err;
	if (s->err.st == CL_OK)
		s->err.st = CL_E_DECODE;
	snprintf(s->err.msg, sizeof s->err.msg, "%s: %.440s", what, err->msg);
}

static void
cmd_shards_send(struct cmd_shards_span *s, int which, const char *cursor_or_from, int time)
{
	struct cl_args a;
	struct cl_call call;

	cl_args_init(&a);
	if (time)
		cl_api_get_cursor_time(&call, &a, s->x->project, s->x->logstore, s->shard,
		    cursor_or_from);
	else
		cl_api_get_cursor(&call, &a, s->x->project, s->x->logstore, s->shard,
		    cursor_or_from);
	s->pending++;
	cl_send(s->x->cl, &call, time ? cmd_shards_on_time : cmd_shards_on_cursor, &s->ref[which]);
	cl_args_free(&a);
}

static void
cmd_shards_on_cursor(void *ud, const struct cl_resp *rs, const struct cl_err *err)
{
	const struct cmd_shards_ref *ref = ud;
	struct cmd_shards_span *s = ref->s;
	int which = ref->which;
	struct cl_err perr;
	int64_t b, e;
	char last[CURSOR_MAX];

	s->pending--;
	if (err->st != CL_OK)
		cmd_shards_fail(s, "GetCursor", err);
	else if (cl_parse_cursor(rs, which ? s->end : s->begin, CURSOR_MAX, &perr) != 0)
		cmd_shards_fail(s, "GetCursor reply", &perr);
	if (s->pending > 0 || s->err.st != CL_OK)
		return;
	if (cursor_decode(s->begin, &b) != 0 || cursor_decode(s->end, &e) != 0) {
		memset(&perr, 0, sizeof perr);
		snprintf(perr.msg, sizeof perr.msg, "a cursor that is not base64 of a number");
		cmd_shards_fail(s, "GetCursor reply", &perr);
		return;
	}
	if (e <= b) {
		s->empty = 1;
		return;
	}
	cursor_encode(e - 1, last);
	cmd_shards_send(s, 0, s->begin, 1);
	cmd_shards_send(s, 1, last, 1);
}

static void
cmd_shards_on_time(void *ud, const struct cl_resp *rs, const struct cl_err *err)
{
	const struct cmd_shards_ref *ref = ud;
	struct cmd_shards_span *s = ref->s;
	struct cl_err perr;
	int64_t t;

	s->pending--;
	if (err->st != CL_OK)
		cmd_shards_fail(s, "GetCursorTime", err);
	else if (cl_parse_cursor_time(rs, &t, &perr) != 0)
		cmd_shards_fail(s, "GetCursorTime reply", &perr);
	else
		*(ref->which ? &s->newest : &s->oldest) = t;
}

/* Fill spans[i] for shards v[0..n); 0 or the exit code of the first failure
 * (the others are still filled). */
static int
cmd_shards_spans(struct cli *x, const struct cl_shard *v, int n, struct cmd_shards_span *spans)
{
	int i, busy, rc = SLSX_EX_OK;

	for (i = 0; i < n; i++) {
		memset(&spans[i], 0, sizeof spans[i]);
		spans[i].x = x;
		spans[i].ref[0].s = spans[i].ref[1].s = &spans[i];
		spans[i].ref[1].which = 1;
		spans[i].shard = v[i].id;
		spans[i].oldest = spans[i].newest = -1;
		cmd_shards_send(&spans[i], 0, "begin", 0);
		cmd_shards_send(&spans[i], 1, "end", 0);
	}
	do {
		cl_poll(x->cl, NULL, 0, 200);
		for (busy = 0, i = 0; i < n; i++)
			busy += spans[i].pending;
	} while (busy > 0 && !cli_stop);
	for (i = 0; i < n; i++)
		if (spans[i].err.st != CL_OK && rc == SLSX_EX_OK) {
			char what[40];

			snprintf(what, sizeof what, "shard %d", spans[i].shard);
			rc = cli_report(what, &spans[i].err);
		}
	return rc;
}

static void
cmd_shards_time(char *out, size_t n, const struct cmd_shards_span *s, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (s->empty)
		snprintf(out, n, "(empty)");
	else if (t < 0 || localtime_r(&tt, &tm) == NULL)
		snprintf(out, n, "?");
	else
		strftime(out, n, "%Y-%m-%d %H:%M:%S", &tm);
}

int
cmd_shards_run(struct cli *x, const struct cli_opts *o)
{
	struct cl_shard *v = NULL;
	struct cmd_shards_span *spans;
	int n = cmd_shards_get(x, &v), i, rc;

	(void)o;
	if (n < 0)
		return -n;
	{
		/* GetLogStore: the retention and shard count, as a comment line */
		struct cl_args a;
		struct cl_call call;
		struct cli_result r;
		struct cl_logstore ls;
		struct cl_err perr;

		cl_args_init(&a);
		cl_api_get_logstore(&call, &a, x->project, x->logstore);
		if (cli_call(x, &call, &r) == 0 && cl_parse_logstore(&r.rs, &ls, &perr) == 0) {
			printf("# logstore ");
			cli_print_text(ls.name, strlen(ls.name), x->raw);
			printf(": ttl %lld days, %lld shards\n", (long long)ls.ttl,
			    (long long)ls.shard_count);
		}
		cli_result_free(&r);
		cl_args_free(&a);
	}
	spans = xcalloc((size_t)n + 1, sizeof *spans);
	rc = cmd_shards_spans(x, v, n, spans);
	printf("%-6s %-10s %-19s %-19s %-32s %s\n", "SHARD", "STATUS", "OLDEST", "NEWEST",
	    "BEGIN", "END");
	for (i = 0; i < n; i++) {
		char oldest[32], newest[32];
		struct sb st, bk, ek;

		sb_init(&st, 4096);
		sb_init(&bk, 4096);
		sb_init(&ek, 4096);
		cmd_shards_time(oldest, sizeof oldest, &spans[i], spans[i].oldest);
		cmd_shards_time(newest, sizeof newest, &spans[i], spans[i].newest);
		printf("%-6d %-10s %-19s %-19s %-32s %s\n", v[i].id, cli_safe(&st, v[i].status),
		    oldest, newest, cli_safe(&bk, v[i].begin_key), cli_safe(&ek, v[i].end_key));
		sb_free(&st);
		sb_free(&bk);
		sb_free(&ek);
	}
	free(spans);
	free(v);
	return rc;
}
