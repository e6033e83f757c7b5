/*
 * cmd_tail — `slsx tail`: follow every readwrite shard of a logstore (or
 * one, --shard) from the end, the beginning or a time, one JSON object
 * per log on stdout, until interrupted; --query sends a server-side SPL
 * filter. It runs the client's follower (client/cl_tail, the one the UI's
 * tail pane runs), printing each page as it arrives. A refusal that no
 * retry can fix (an SPL the server does not run, a logstore that does not
 * exist) stops it with the server's message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clk.h"
#include "base/sb.h"
#include "base/xalloc.h"
#include "cli/cmd.h"
#include "client/cl.h"
#include "client/cl_fmt.h"
#include "client/cl_merge.h"
#include "client/cl_tail.h"
#include "proto/pb.h"

/* Print a pulled page, one JSON line per log (with -l a,b each line
 * starts with its __logstore__). */
static void
cmd_tail_on_page(void *ud, const struct pb_page *pg, int shard, const char *ls)
{
	const struct cli *x = ud;
	struct sb b;
	size_t i;

	(void)shard;
	sb_init(&b, 0);
	for (i = 0; i < pg->nlogs; i++) {
		sb_reset(&b);
		if (cl_fmt_json_log(&b, pg, i, x->raw) != 0 || b.len < 2)
			continue;
		if (ls) /* cl_merge_split let only [A-Za-z0-9_.-] through */
			printf("{\"" CL_MERGE_FIELD "\":\"%s\"%s", ls, b.len > 2 ? "," : "");
		if (sb_addc(&b, '\n') == 0)
			fwrite(b.p + (ls ? 1 : 0), 1, b.len - (ls ? 1 : 0), stdout);
	}
	sb_free(&b);
	fflush(stdout);
}

/* What has been said of the follower's errors, so each is said once. */
#define CMD_TAIL_SHARDS 256

struct cmd_tail_said {
	char list[320];
	char shard[CMD_TAIL_SHARDS][256];
};

/* Say each error once, when it appears (the follower retries). */
static void
cmd_tail_errors(const struct cl_tail *t, struct cmd_tail_said *said)
{
	static struct cl_tail_shard_stat st[CMD_TAIL_SHARDS];
	size_t n = cl_tail_shards(t, st, CMD_TAIL_SHARDS), i;
	const char *e = cl_tail_error(t);

	struct sb b;

	sb_init(&b, 4096);
	if (e && strcmp(e, said->list) != 0)
		fprintf(stderr, "slsx: %s (retrying)\n", cli_safe(&b, e));
	snprintf(said->list, sizeof said->list, "%s", e ? e : "");
	for (i = 0; i < n; i++) {
		char *said_i = said->shard[i];

		if (st[i].err[0] && strcmp(st[i].err, said_i) != 0)
			fprintf(stderr, "slsx: shard %s%s%d: %s (retrying)\n", st[i].logstore,
			    st[i].logstore[0] ? "#" : "", st[i].id, cli_safe(&b, st[i].err));
		snprintf(said_i, sizeof said->shard[i], "%s", st[i].err);
	}
	sb_free(&b);
}

/* Follow until interrupted or refused; returns the exit code. */
static int
cmd_tail_follow(struct cli *x, struct cl_tail *t)
{
	struct cmd_tail_said *said = xcalloc(1, sizeof *said);
	struct cl_tail_shard_stat st;
	const struct cl_err *refused;
	const char *what = "";
	int rc = SLSX_EX_OK;

	while (!cli_stop && rc == SLSX_EX_OK) {
		int wait = cl_tail_tick(t, clk_mono_ms());

		if ((refused = cl_tail_refused(t, &what)) != NULL)
			rc = cli_report(what, refused);
		if (rc == SLSX_EX_OK) /* a refusal is said once, and not as retried */
			cmd_tail_errors(t, said);
		if (rc == SLSX_EX_OK && cl_tail_listed(t) && cl_tail_shards(t, &st, 1) == 0) {
			fprintf(stderr, "slsx: no readwrite shard to follow\n");
			rc = SLSX_EX_FAIL;
		}
		if (rc == SLSX_EX_OK)
			cl_poll(x->cl, NULL, 0, wait < 100 ? wait : 100);
	}
	free(said);
	return rc;
}

int
cmd_tail_run(struct cli *x, const struct cli_opts *o)
{
	char names[CL_MERGE_MAX][128];
	struct cl_tail_cfg cfg;
	struct cl_tail *t;
	int rc;

	if (cl_merge_split(x->logstore, names, CL_MERGE_MAX) <= 0) {
		fprintf(stderr, "slsx: -l: give 1 to %d logstore names (letters, digits, _ - .), "
				"separated by commas\n", CL_MERGE_MAX);
		return SLSX_EX_USAGE;
	}
	memset(&cfg, 0, sizeof cfg);
	cfg.project = x->project;
	cfg.logstore = x->logstore; /* one, or a list the engine follows as one */
	cfg.from = o->from_at ? o->from_at : "end";
	cfg.spl = o->spl;
	cfg.shard = o->shard;
	cfg.ring_max = 1; /* pages are printed as they arrive: keep none */
	cfg.on_page = cmd_tail_on_page;
	cfg.ud = x;
	t = cl_tail_new(x->cl, &cfg);
	rc = cmd_tail_follow(x, t);
	cl_tail_free(t);
	return rc;
}
