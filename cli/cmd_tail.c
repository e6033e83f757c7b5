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

/* One logstore followed (-l a,b follows each; their lines carry
 * __logstore__). */
struct cmd_tail_one {
	const struct cli *x;
	const char *name;   /* NULL: one logstore, lines as they are */
	struct cl_tail *t;
};

/* Print a pulled page, one JSON line per log. */
static void
cmd_tail_on_page(void *ud, const struct pb_page *pg, int shard)
{
	const struct cmd_tail_one *one = ud;
	struct sb b;
	size_t i;

	(void)shard;
	sb_init(&b, 0);
	for (i = 0; i < pg->nlogs; i++) {
		sb_reset(&b);
		if (cl_fmt_json_log(&b, pg, i, one->x->raw) != 0 || b.len < 2)
			continue;
		if (one->name) /* cl_merge_split let only [A-Za-z0-9_.-] through */
			printf("{\"" CL_MERGE_FIELD "\":\"%s\"%s", one->name, b.len > 2 ? "," : "");
		if (sb_addc(&b, '\n') == 0)
			fwrite(b.p + (one->name ? 1 : 0), 1, b.len - (one->name ? 1 : 0), stdout);
	}
	sb_free(&b);
	fflush(stdout);
}

/* What has been said of the follower's errors, so each is said once. */
struct cmd_tail_said {
	char list[256];
	char shard[64][256];
};

/* Say each error once, when it appears (the follower retries). */
static void
cmd_tail_errors(const struct cl_tail *t, struct cmd_tail_said *said)
{
	struct cl_tail_shard_stat st[64];
	size_t n = cl_tail_shards(t, st, 64), i;
	const char *e = cl_tail_error(t);

	struct sb b;

	sb_init(&b, 4096);
	if (e && strcmp(e, said->list) != 0)
		fprintf(stderr, "slsx: %s (retrying)\n", cli_safe(&b, e));
	snprintf(said->list, sizeof said->list, "%s", e ? e : "");
	for (i = 0; i < n; i++) {
		char *said_i = said->shard[i];

		if (st[i].err[0] && strcmp(st[i].err, said_i) != 0)
			fprintf(stderr, "slsx: shard %d: %s (retrying)\n", st[i].id,
			    cli_safe(&b, st[i].err));
		snprintf(said_i, sizeof said->shard[i], "%s", st[i].err);
	}
	sb_free(&b);
}

/* Follow until interrupted or refused; returns the exit code. */
static int
cmd_tail_follow(struct cli *x, struct cmd_tail_one *v, int n)
{
	struct cmd_tail_said *said = xcalloc((size_t)n, sizeof *said);
	struct cl_tail_shard_stat st;
	const struct cl_err *refused;
	const char *what = "";
	int rc = SLSX_EX_OK, i, none;

	while (!cli_stop && rc == SLSX_EX_OK) {
		int wait = 100;

		none = 1;
		for (i = 0; i < n && rc == SLSX_EX_OK; i++) {
			int w = cl_tail_tick(v[i].t, clk_mono_ms());

			wait = w < wait ? w : wait;
			if ((refused = cl_tail_refused(v[i].t, &what)) != NULL) {
				if (v[i].name)
					fprintf(stderr, "slsx: logstore %s:\n", v[i].name);
				rc = cli_report(what, refused);
			}
			none &= cl_tail_listed(v[i].t) && cl_tail_shards(v[i].t, &st, 1) == 0;
			if (rc == SLSX_EX_OK) /* a refusal is said once, and not as retried */
				cmd_tail_errors(v[i].t, &said[i]);
		}
		if (rc == SLSX_EX_OK && none) {
			fprintf(stderr, "slsx: no readwrite shard to follow\n");
			rc = SLSX_EX_FAIL;
		}
		if (rc == SLSX_EX_OK)
			cl_poll(x->cl, NULL, 0, wait);
	}
	free(said);
	return rc;
}

int
cmd_tail_run(struct cli *x, const struct cli_opts *o)
{
	char names[CL_MERGE_MAX][128];
	struct cmd_tail_one v[CL_MERGE_MAX];
	struct cl_tail_cfg cfg;
	int n = cl_merge_split(x->logstore, names, CL_MERGE_MAX), i, rc;

	if (n <= 0) {
		fprintf(stderr, "slsx: -l: give 1 to %d logstore names (letters, digits, _ - .), "
				"separated by commas\n", CL_MERGE_MAX);
		return SLSX_EX_USAGE;
	}
	for (i = 0; i < n; i++) {
		memset(&cfg, 0, sizeof cfg);
		cfg.project = x->project;
		cfg.logstore = names[i];
		cfg.from = o->from_at ? o->from_at : "end";
		cfg.spl = o->spl;
		cfg.shard = o->shard;
		cfg.ring_max = 1; /* pages are printed as they arrive: keep none */
		cfg.on_page = cmd_tail_on_page;
		cfg.ud = &v[i];
		v[i].x = x;
		v[i].name = strchr(x->logstore, ',') ? names[i] : NULL;
		v[i].t = cl_tail_new(x->cl, &cfg);
	}
	rc = cmd_tail_follow(x, v, n);
	for (i = 0; i < n; i++)
		cl_tail_free(v[i].t);
	return rc;
}
