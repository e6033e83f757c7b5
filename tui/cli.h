/*
 * cli — what the headless commands (tui/main.c, tui/cli_query.c) share:
 * exit codes, the command context, error reports that a user can quote to
 * support, and a blocking call for scripts.
 */
#ifndef SLSX_TUI_CLI_H
#define SLSX_TUI_CLI_H

#include <signal.h>
#include <stddef.h>

#include "client/cl.h"

enum { EX_OK = 0, EX_FAIL = 1, EX_USAGE = 2, EX_AUTH = 3, EX_SERVER = 4, EX_NET = 5 };

struct slsx {
	struct cl_client *cl;
	const char *project, *logstore;
	int raw;
	int fatal;          /* an exit code when a long command must stop */
};

/* Set by SIGINT/SIGTERM: long commands stop cleanly. */
extern volatile sig_atomic_t slsx_stop;

int slsx_exit_for(const struct cl_err *e);
/* Print an error as a user can quote it; returns its exit code. */
int slsx_report(const char *what, const struct cl_err *e);

/* One blocking call: the reply is copied (slsx_result_free after). */
struct slsx_result {
	struct cl_err err;
	struct cl_resp rs;
	char requestid[40];  /* rs.requestid points here */
	int done;
};
/* 0 ok; -1 with r->err (nothing to free). */
int slsx_call(struct slsx *x, const struct cl_call *call, struct slsx_result *r);
void slsx_result_free(struct slsx_result *r);
/* Text to stdout, escaped unless raw. */
void slsx_print_text(const char *s, size_t n, int raw);

#endif
