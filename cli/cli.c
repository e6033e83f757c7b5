/*
 * cli — what slsx's commands share: exit codes, the command context,
 * error reports a user can quote to support, and a blocking call for
 * scripts that a signal or --timeout stops (the TUI never blocks; it uses
 * cl_poll directly).
 */
#include "cli/cli.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clk.h"
#include "base/tparse.h"
#include "base/u8.h"
#include "base/xalloc.h"
#include "client/cl_fmt.h"
#include "client/cl_api.h"
#include "client/cl_query.h"

volatile sig_atomic_t cli_stop;

int
cli_exit_for(const struct cl_err *e)
{
	switch (e->st) {
	case CL_OK:
		return SLSX_EX_OK;
	case CL_E_AUTH:
		return SLSX_EX_AUTH;
	case CL_E_HTTP:
	case CL_E_DECODE:
	case CL_E_TOO_LARGE:
		return SLSX_EX_SERVER;
	case CL_E_NET:
	case CL_E_TIMEOUT:
		return SLSX_EX_NET;
	case CL_E_USAGE:
		return SLSX_EX_USAGE;
	default:
		return SLSX_EX_FAIL;
	}
}

const char *
cli_safe(struct sb *b, const char *s)
{
	sb_reset(b);
	if (s == NULL || u8_escape(b, s, strlen(s), 0) != 0)
		sb_reset(b);
	return sb_str(b);
}

/* Print an error as a user can quote it; returns its exit code. Every
 * part that came from the server (code, message, request id) is escaped:
 * a hostile endpoint cannot reach the terminal through it. */
int
cli_report(const char *what, const struct cl_err *e)
{
	struct sb w, code, msg, id;

	sb_init(&w, 1024);
	sb_init(&code, 1024);
	sb_init(&msg, 4096);
	sb_init(&id, 1024);
	fprintf(stderr, "slsx: %s: %s%s%s%s%s", cli_safe(&w, what), cl_strerror(e->st),
	    e->code[0] ? " " : "", cli_safe(&code, e->code), e->msg[0] ? ": " : "",
	    cli_safe(&msg, e->msg));
	if (e->http)
		fprintf(stderr, " (HTTP %ld", e->http);
	if (e->requestid[0])
		fprintf(stderr, "%srequest id %s", e->http ? ", " : " (", cli_safe(&id, e->requestid));
	fprintf(stderr, "%s\n", e->http || e->requestid[0] ? ")" : "");
	sb_free(&w);
	sb_free(&code);
	sb_free(&msg);
	sb_free(&id);
	return cli_exit_for(e);
}

static void
cli_on_result(void *ud, const struct cl_resp *rs, const struct cl_err *err)
{
	struct cli_result *r = ud;

	r->err = *err;
	r->rs = *rs;
	snprintf(r->requestid, sizeof r->requestid, "%s", rs->requestid ? rs->requestid : "");
	r->rs.requestid = r->requestid;
	sb_init(&r->rs.body, 0);
	if (rs->body.len && sb_add(&r->rs.body, rs->body.p, rs->body.len) != 0)
		r->err.st = CL_E_TOO_LARGE;
	sb_init(&r->rs.xhdr, 0);
	if (rs->xhdr.len && sb_add(&r->rs.xhdr, rs->xhdr.p, rs->xhdr.len) != 0)
		r->err.st = CL_E_TOO_LARGE;
	r->done = 1;
}

int
cli_call(struct cli *x, const struct cl_call *call, struct cli_result *r)
{
	uint64_t id;
	int cancelled = 0;

	memset(r, 0, sizeof *r);
	id = cl_send(x->cl, call, cli_on_result, r);
	while (!r->done) {
		if (cli_stop && !cancelled) {
			cl_cancel(x->cl, id);
			cancelled = 1;
		}
		cl_poll(x->cl, NULL, 0, 100);
	}
	if (cancelled && r->err.st == CL_E_CANCELLED)
		snprintf(r->err.msg, sizeof r->err.msg, "%s",
		    cli_stop == CLI_STOP_TIMEOUT ? "--timeout ran out" : "interrupted");
	if (r->err.st == CL_OK)
		return 0;
	cli_result_free(r); /* on failure only the error is kept */
	return -1;
}

void
cli_result_free(struct cli_result *r)
{
	sb_free(&r->rs.body);
	sb_free(&r->rs.xhdr);
}

int
cli_simple(struct cli *x, const struct cl_call *call, const char *what)
{
	struct cli_result r;
	int rc = cli_call(x, call, &r);

	cli_result_free(&r);
	return rc == 0 ? SLSX_EX_OK : cli_report(what, &r.err);
}

void
cli_print_text(const char *s, size_t n, int raw)
{
	struct sb b;

	sb_init(&b, 0);
	if (cl_fmt_text(&b, s, n, raw) == 0)
		fwrite(b.p ? b.p : "", 1, b.len, stdout);
	sb_free(&b);
}

/* --from/--to into unix seconds. */
int
cli_times(const struct cli_opts *o, int64_t *from, int64_t *to)
{
	char err[160];
	time_t now = clk_wall(), f, t;

	if (tparse(o->from ? o->from : "-15m", now, &f, err, sizeof err) != 0) {
		fprintf(stderr, "slsx: --from: %s\n", err);
		return -1;
	}
	if (tparse(o->to ? o->to : "now", now, &t, err, sizeof err) != 0) {
		fprintf(stderr, "slsx: --to: %s\n", err);
		return -1;
	}
	if (t == now && o->to == NULL)
		t = now + 1; /* [from, to): include this second */
	if (f >= t) {
		fprintf(stderr, "slsx: --from must be before --to\n");
		return -1;
	}
	*from = f;
	*to = t;
	return 0;
}

/* Can stdout show UTF-8 (the locale's codeset, LANG and LC_*)? */
int
cli_utf8(void)
{
	const char *cs;

	setlocale(LC_CTYPE, "");
	cs = nl_langinfo(CODESET);
	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

/* ---- a query's rows, gathered ---- */

static void
cli_rows_on_page(void *ud, struct cl_logs *page, const struct cl_err *err)
{
	struct cli_rows *t = ud;

	if (page == NULL) {
		t->done = 1;
		if (err) {
			t->err = *err;
			t->failed = 1;
		}
		return;
	}
	t->pages = xreallocarray(t->pages, t->npages + 1, sizeof *t->pages);
	t->pages[t->npages++] = *page;
	memset(page, 0, sizeof *page);
}

void
cli_rows_start(struct cli *x, const struct cli_opts *o, int64_t from, int64_t to,
    const char *sql, struct cli_rows *t)
{
	struct cl_qspec s;

	memset(&s, 0, sizeof s);
	memset(t, 0, sizeof *t);
	s.q.from = from;
	s.q.to = to;
	s.q.project = x->project;
	s.q.logstore = x->logstore;
	s.q.query = sql;
	s.q.topic = o->topic;
	t->j = cl_qjob_start(x->cl, &s, cli_rows_on_page, t);
}

void
cli_rows_free(struct cli_rows *t)
{
	size_t i;

	cl_qjob_free(t->j);
	for (i = 0; i < t->npages; i++)
		cl_logs_free(&t->pages[i]);
	free(t->pages);
}

int
cli_get_index(struct cli *x, struct cl_index *idx)
{
	struct cl_args a;
	struct cl_call call;
	struct cli_result r;
	struct cl_err perr;
	int rc;

	cl_args_init(&a);
	cl_api_get_index(&call, &a, x->project, x->logstore);
	rc = cli_call(x, &call, &r);
	cl_args_free(&a);
	if (rc != 0)
		return cli_report("GetIndex", &r.err);
	rc = cl_parse_index(&r.rs, idx, &perr);
	cli_result_free(&r);
	if (rc != 0)
		return cli_report("GetIndex reply", &perr);
	return SLSX_EX_OK;
}
