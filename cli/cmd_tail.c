/*
 * cmd_tail — `slsx tail`: follow every readwrite shard of a logstore (or
 * one, --shard) from the end, the beginning or a time, one JSON object
 * per log on stdout, until interrupted; --query sends a server-side SPL
 * filter. A refusal that no retry can fix (HTTP 400) stops it.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clk.h"
#include "base/sb.h"
#include "base/xalloc.h"
#include "cli/cmd.h"
#include "client/cl.h"
#include "client/cl_api.h"
#include "client/cl_fmt.h"
#include "proto/pb.h"

struct cmd_tail_shard {
	int id;
	char cursor[80];
	int busy;
	int64_t next_at;   /* monotonic ms of the next pull */
	struct cli *x;
	int failed;
};

static void
cmd_tail_on_pull(void *ud, const struct cl_resp *rs, const struct cl_err *err)
{
	struct cmd_tail_shard *sh = ud;
	struct pb_page *pg;
	struct cl_err perr;
	size_t ng, i;

	sh->busy = 0;
	if (err->st != CL_OK) {
		if (err->st == CL_E_HTTP && err->http == 400) {
			/* a bad request (an SPL the server refuses) will not get better */
			if (!sh->x->fatal)
				sh->x->fatal = cli_report("PullLogs", err);
			return;
		}
		if (!sh->failed)
			cli_report("PullLogs", err);
		sh->failed = 1;
		sh->next_at = clk_mono_ms() + 2000;
		return;
	}
	pg = pb_page_new();
	if (cl_parse_pull(rs, pg, &ng, &perr) != 0) {
		cli_report("PullLogs reply", &perr);
		pb_page_free(pg);
		sh->next_at = clk_mono_ms() + 2000;
		return;
	}
	sh->failed = 0;
	for (i = 0; i < pg->nlogs; i++) {
		struct sb b;

		sb_init(&b, 0);
		if (cl_fmt_json_log(&b, pg, i, sh->x->raw) == 0 && sb_addc(&b, '\n') == 0)
			fwrite(b.p, 1, b.len, stdout);
		sb_free(&b);
	}
	fflush(stdout);
	pb_page_free(pg);
	snprintf(sh->cursor, sizeof sh->cursor, "%s", rs->cursor);
	/* pacing after the GO consumer: idle shards every 500 ms */
	sh->next_at = clk_mono_ms() + (ng == 0 ? 500 : ng < 100 ? 200 : 0);
}

static int
cmd_tail_cursor(struct cli *x, int shard, const char *from, char *out, size_t outlen)
{
	struct cl_args a;
	struct cl_call call;
	struct cli_result r;
	struct cl_err perr;
	int rc;

	cl_args_init(&a);
	cl_api_get_cursor(&call, &a, x->project, x->logstore, shard, from);
	rc = cli_call(x, &call, &r);
	cl_args_free(&a);
	if (rc != 0)
		return cli_report("GetCursor", &r.err);
	rc = cl_parse_cursor(&r.rs, out, outlen, &perr);
	cli_result_free(&r);
	return rc == 0 ? SLSX_EX_OK : cli_report("GetCursor reply", &perr);
}

int
cmd_tail_run(struct cli *x, const struct cli_opts *o)
{
	int only_shard = o->shard;
	const char *from = o->from_at ? o->from_at : "end", *spl = o->spl;
	struct cmd_tail_shard *sh = NULL;
	struct cl_shard *v = NULL;
	struct cl_args *args;
	int n = cmd_shards_get(x, &v), ns = 0, i, rc;

	if (n < 0)
		return -n;
	sh = xcalloc((size_t)n + 1, sizeof *sh);
	for (i = 0; i < n; i++) {
		if (strcmp(v[i].status, "readwrite") != 0 || (only_shard >= 0 && v[i].id != only_shard))
			continue;
		sh[ns].id = v[i].id;
		sh[ns].x = x;
		rc = cmd_tail_cursor(x, v[i].id, from, sh[ns].cursor, sizeof sh[ns].cursor);
		if (rc != SLSX_EX_OK) {
			free(v);
			free(sh);
			return rc;
		}
		ns++;
	}
	free(v);
	if (ns == 0) {
		fprintf(stderr, "slsx: no readwrite shard to follow\n");
		free(sh);
		return SLSX_EX_FAIL;
	}
	args = xcalloc((size_t)ns, sizeof *args);
	while (!cli_stop && !x->fatal) {
		int64_t now = clk_mono_ms();

		for (i = 0; i < ns; i++) {
			struct cl_call call;

			if (sh[i].busy || sh[i].next_at > now)
				continue;
			cl_args_free(&args[i]);
			cl_args_init(&args[i]);
			cl_api_pull_logs(&call, &args[i], x->project, x->logstore, sh[i].id,
			    sh[i].cursor, 1000, NULL);
			if (spl && *spl) {
				/* a server-side SPL filter, as the Python and Go SDKs send it */
				cl_args_add(&args[i], "query", spl);
				cl_args_add(&args[i], "pullMode", "scan_on_stream");
				call.nquery = args[i].n;
			}
			sh[i].busy = 1;
			cl_send(x->cl, &call, cmd_tail_on_pull, &sh[i]);
		}
		cl_poll(x->cl, NULL, 0, 100);
	}
	for (i = 0; i < ns; i++)
		cl_args_free(&args[i]);
	free(args);
	free(sh);
	return x->fatal ? x->fatal : SLSX_EX_OK;
}
