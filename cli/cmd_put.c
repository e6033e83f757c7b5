/*
 * cmd_put — `slsx put`: write a file (or stdin) to a logstore, plain lines
 * as a "content" field and JSON object lines as their fields, in
 * PutLogs calls of at most 4,096 logs or 4 MB.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "base/clk.h"
#include "cli/cmd.h"
#include "client/cl.h"
#include "client/cl_api.h"
#include "proto/pb.h"

#define CMD_PUT_MAX_LOGS 4096
#define CMD_PUT_MAX_BYTES ((size_t)4 << 20)

static int
cmd_put_flush(struct cli *x, struct pb_page *pg, size_t *bytes)
{
	struct cl_args a;
	struct cl_call call;
	int rc;

	if (pg->ngroups == 0 || pg->groups[0].nlogs == 0)
		return SLSX_EX_OK;
	cl_args_init(&a);
	if (cl_api_put_logs(&call, &a, x->project, x->logstore, pg, 0, NULL) != 0) {
		cl_args_free(&a);
		fprintf(stderr, "slsx: cannot encode the log group\n");
		return SLSX_EX_FAIL;
	}
	call.idempotent = 0;
	rc = cli_simple(x, &call, "PutLogs");
	cl_args_free(&a);
	*bytes = 0;
	return rc;
}

/* A JSON object line becomes fields (non-string values as JSON text);
 * anything else is one "content" field. */
static void
cmd_put_line(struct pb_page *pg, const char *line, size_t n)
{
	pb_add_log(pg, (uint32_t)clk_wall(), 0, 0);
	if (cl_api_log_from_json(pg, line, n) != 0)
		pb_add_field(pg, "content", 7, line, n);
}

int
cmd_put_run(struct cli *x, const struct cli_opts *o)
{
	const char *topic = o->topic ? o->topic : "", *source = o->source ? o->source : "";
	const char *file = o->argv[0];
	FILE *fp = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
	char *line = NULL;
	size_t cap = 0, bytes = 0, total = 0;
	ssize_t n;
	struct pb_page *pg;
	int rc = SLSX_EX_OK;

	if (fp == NULL) {
		fprintf(stderr, "slsx: cannot read %s: %s\n", file, strerror(errno));
		return SLSX_EX_FAIL;
	}
	pg = pb_page_new();
	pb_add_group(pg, topic, source, NULL);
	while (rc == SLSX_EX_OK && (n = getline(&line, &cap, fp)) > 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		if (n == 0)
			continue;
		cmd_put_line(pg, line, (size_t)n);
		bytes += (size_t)n;
		total++;
		if (pg->groups[0].nlogs >= CMD_PUT_MAX_LOGS || bytes >= CMD_PUT_MAX_BYTES) {
			rc = cmd_put_flush(x, pg, &bytes);
			pb_page_clear(pg);
			pb_add_group(pg, topic, source, NULL);
		}
	}
	if (rc == SLSX_EX_OK)
		rc = cmd_put_flush(x, pg, &bytes);
	pb_page_free(pg);
	free(line);
	if (fp != stdin)
		fclose(fp);
	if (rc == SLSX_EX_OK)
		fprintf(stderr, "slsx: wrote %zu logs\n", total);
	return rc;
}
