/*
 * fuzz_client_json — the client's reply parsers on arbitrary bytes: JSON
 * lists, shards, cursors, project and logstore objects, cursor times, and
 * PullLogs bodies with arbitrary headers.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sb.h"
#include "client/cl.h"
#include "client/cl_api.h"
#include "proto/pb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cl_resp rs;
	struct cl_names n;
	struct cl_shard *v = NULL;
	struct cl_err err;
	struct pb_page *pg;
	char cur[80];
	size_t ng;

	memset(&rs, 0, sizeof rs);
	sb_init(&rs.body, 0);
	if (size && sb_add(&rs.body, data, size) != 0)
		return 0;
	if (cl_parse_projects(&rs, &n, &err) == 0)
		cl_names_free(&n);
	if (cl_parse_logstores(&rs, &n, &err) == 0)
		cl_names_free(&n);
	if (cl_parse_shards(&rs, &v, &err) >= 0)
		free(v);
	(void)cl_parse_cursor(&rs, cur, sizeof cur, &err);
	{
		struct cl_project p;
		struct cl_logstore l;
		int64_t t;

		(void)cl_parse_project(&rs, &p, &err);
		(void)cl_parse_logstore(&rs, &l, &err);
		(void)cl_parse_cursor_time(&rs, &t, &err);
	}
	/* first bytes pick x-log-count; the rest is the body */
	snprintf(rs.count, sizeof rs.count, "%u", size ? data[0] % 8 : 0);
	snprintf(rs.cursor, sizeof rs.cursor, "MTIz");
	pg = pb_page_new();
	(void)cl_parse_pull(&rs, pg, &ng, &err);
	pb_page_free(pg);
	sb_free(&rs.body);
	return 0;
}
