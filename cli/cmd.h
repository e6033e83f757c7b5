/*
 * cmd — the slsx program's commands, as git's builtin.h lists its
 * builtins: one handler per command, found through the table in main.c.
 * Every handler takes the command context and the parsed options and
 * returns an exit code (SLSX_EX_*).
 */
#ifndef SLSX_CLI_CMD_H
#define SLSX_CLI_CMD_H

#include "cli/cli.h"

/* cmd_list.c: projects, logstores, create-project, create-logstore */
int cmd_list_projects(struct cli *x, const struct cli_opts *o);
int cmd_list_logstores(struct cli *x, const struct cli_opts *o);
int cmd_list_create_project(struct cli *x, const struct cli_opts *o);
int cmd_list_create_logstore(struct cli *x, const struct cli_opts *o);

/* cmd_whoami.c: whoami (doctor) */
int cmd_whoami_run(struct cli *x, const struct cli_opts *o);

/* cmd_put.c: put */
int cmd_put_run(struct cli *x, const struct cli_opts *o);

/* cmd_tail.c: tail */
int cmd_tail_run(struct cli *x, const struct cli_opts *o);

/* cmd_shards.c: shards */
int cmd_shards_run(struct cli *x, const struct cli_opts *o);

/* cmd_query.c: query, histogram, context, index, topics, project-query */
int cmd_query_query(struct cli *x, const struct cli_opts *o);
int cmd_query_histogram(struct cli *x, const struct cli_opts *o);
int cmd_query_context(struct cli *x, const struct cli_opts *o);
int cmd_query_index(struct cli *x, const struct cli_opts *o);
int cmd_query_topics(struct cli *x, const struct cli_opts *o);
int cmd_query_project(struct cli *x, const struct cli_opts *o);

/* cmd_top.c: top */
int cmd_top_run(struct cli *x, const struct cli_opts *o);

/* cmd_cmp.c: compare */
int cmd_cmp_run(struct cli *x, const struct cli_opts *o);

/* cmd_pat.c: patterns */
int cmd_pat_run(struct cli *x, const struct cli_opts *o);

/* cmd_ui.c: the terminal UI (the default command) */
int cmd_ui_run(struct cli *x, const struct cli_opts *o);

#endif
