/*
 * fuzz_client_logs — the query reply parsers of cl_logs on arbitrary
 * bytes: GetLogs v2 and v1 (with an arbitrary x-log-query-info header),
 * GetContextLogs, GetHistograms, GetIndex and ListTopics, and the result
 * model's accessors on whatever was decoded.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sb.h"
#include "client/cl.h"
#include "client/cl_api.h"
#include "client/cl_logs.h"
#include "client/cl_query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_walk(struct cl_logs *l)
{
	const char **cols;
	size_t n = cl_logs_columns(l, &cols), r, c;

	for (r = 0; r < l->nrows; r++)
		for (c = 0; c < n; c++)
			(void)cl_row_get(l, &l->rows[r], cols[c], NULL);
	free(cols);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cl_resp rs;
	struct cl_logs l;
	struct cl_hist h;
	struct cl_index x;
	struct cl_names nm;
	struct cl_err err;
	char *text;
	size_t split = size ? data[0] : 0;

	if (split > size)
		split = size;
	memset(&rs, 0, sizeof rs);
	sb_init(&rs.body, 0);
	sb_init(&rs.xhdr, 0);
	/* the first data[0] bytes are an x-log-query-info header value */
	if (sb_add(&rs.xhdr, "x-log-query-info", 17) || sb_add(&rs.xhdr, data, split) ||
	    sb_add(&rs.xhdr, "", 1) || sb_add(&rs.body, data + split, size - split))
		goto out;
	snprintf(rs.progress, sizeof rs.progress, "%s", size & 1 ? "Incomplete" : "Complete");
	snprintf(rs.count, sizeof rs.count, "%zu", size);
	cl_logs_init(&l);
	if (cl_parse_logs_v2(&rs, &l, &err) == 0)
		fuzz_walk(&l);
	cl_logs_free(&l);
	cl_logs_init(&l);
	if (cl_parse_logs_v1(&rs, &l, &err) == 0)
		fuzz_walk(&l);
	cl_logs_free(&l);
	cl_logs_init(&l);
	if (cl_parse_context(&rs, &l, &err) == 0)
		fuzz_walk(&l);
	cl_logs_free(&l);
	if (cl_parse_histograms(&rs, &h, &err) == 0)
		cl_hist_free(&h);
	if (cl_parse_index(&rs, &x, &err) == 0)
		cl_index_free(&x);
	if (cl_parse_topics(&rs, &nm, &err) == 0)
		cl_names_free(&nm);
	text = malloc(size + 1);
	if (text == NULL)
		goto out;
	memcpy(text, data, size);
	text[size] = '\0';
	(void)cl_query_is_sql(text);
	(void)cl_query_has_limit(text);
	free(text);
out:
	sb_free(&rs.body);
	sb_free(&rs.xhdr);
	return 0;
}
