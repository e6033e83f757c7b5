/*
 * cli_shards — `slsx shards`: a logstore's retention and shards, with the
 * receive-time span of each shard's data (GetCursor + GetCursorTime), and
 * the ListShards call that `slsx tail` shares.
 */
#ifndef SLSX_TUI_CLI_SHARDS_H
#define SLSX_TUI_CLI_SHARDS_H

#include "client/cl_api.h"
#include "tui/cli.h"

/* ListShards of x's logstore: the count with *out malloc'd, or minus the
 * exit code after reporting the error. */
int clis_get_shards(struct slsx *x, struct cl_shard **out);
/* slsx shards; returns the exit code. */
int clis_shards(struct slsx *x);

#endif
