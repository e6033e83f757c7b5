/*
 * cli_query — headless query commands: `slsx query`, `histogram`,
 * `context`, `index`, `topics` and `project-query`.
 */
#ifndef SLSX_TUI_CLI_QUERY_H
#define SLSX_TUI_CLI_QUERY_H

#include <stdint.h>

#include "tui/cli.h"

struct cliq_opts {
	const char *from, *to;      /* TIME (base/tparse); default -15m .. now */
	const char *topic;
	const char *format;         /* table text jsonl json csv; NULL: by tty */
	int64_t limit;              /* rows; 0 = all */
	int reverse;
	int inflight;               /* pages in flight */
	int v1;                     /* force GetLogs v1 */
	int verbose;                /* request figures on stderr */
	const char *pack_id, *pack_meta;
	int before, after;          /* context lines */
};

int cliq_query(struct slsx *x, const struct cliq_opts *o, const char *query);
int cliq_histogram(struct slsx *x, const struct cliq_opts *o, const char *query);
int cliq_context(struct slsx *x, const struct cliq_opts *o);
int cliq_index(struct slsx *x, const struct cliq_opts *o);
int cliq_topics(struct slsx *x);
int cliq_project_query(struct slsx *x, const struct cliq_opts *o, const char *sql);

#endif
