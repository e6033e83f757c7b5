/*
 * cli — what the slsx program's commands (cli/main.c, cli/cmd_*.c) share:
 * exit codes, the command context and its options, error reports that a
 * user can quote to support, and a blocking call for scripts.
 */
#ifndef SLSX_CLI_CLI_H
#define SLSX_CLI_CLI_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "client/cl.h"
#include "client/cl_logs.h"

/* slsx's exit codes (README, slsx --help). */
enum {
	SLSX_EX_OK = 0,
	SLSX_EX_FAIL = 1,
	SLSX_EX_USAGE = 2,
	SLSX_EX_AUTH = 3,
	SLSX_EX_SERVER = 4,
	SLSX_EX_NET = 5
};

/* Every option a command may take (main.c parses them all). */
struct cli_opts {
	const char *from, *to;      /* TIME as given (base/tparse); query default -15m .. now */
	const char *from_at;        /* --from for tail and the UI: "end", "begin" or unix
	                             * seconds; NULL when not given */
	const char *topic, *source; /* put; topic also filters queries */
	const char *format;         /* table text jsonl json csv; NULL: by tty */
	int64_t limit;              /* rows; 0 = all */
	int limit_set;              /* --limit was given (else limit is query's 100) */
	int64_t sample;             /* patterns: logs sampled at most (0: default) */
	int64_t interval;           /* histogram: seconds a bucket (0: the server's) */
	const char *field;          /* patterns: the field lines are made of; compare: a,b */
	const char *baseline_from, *baseline_to; /* compare */
	const char *saved;          /* --saved NAME (main applies it) */
	int reverse;
	int inflight;               /* pages in flight */
	int v1;                     /* force GetLogs v1 */
	int verbose;                /* request figures on stderr */
	const char *pack_id, *pack_meta;
	int before, after;          /* context lines */
	int shard;                  /* tail --shard, -1 every shard */
	const char *spl;            /* tail --query */
	const char *desc;           /* create-project --description */
	int shards, ttl;            /* create-logstore */
	const char *theme;          /* the UI */
	const char *tz;             /* --tz: local (NULL), UTC or a zone name */
	int exit_after_ms;          /* the UI, testing */
	int argc;                   /* the operands after the command */
	char **argv;
};

struct demo;

/* The command context: the client and what it was made from. */
struct cli {
	struct cl_client *cl;
	const struct cl_cfg *cfg;
	const char *cred_source;    /* where the keys came from (whoami) */
	const char *profile;        /* --profile, NULL when none */
	int demo;                   /* slsx --demo: a private slsd */
	struct demo *local;         /* slsx FILE's slsd when the UI runs on it (its load's
	                             * progress), else NULL */
	const char *project, *logstore;
	int raw;
	int fatal;          /* an exit code when a long command must stop */
};

/* Set by SIGINT/SIGTERM (CLI_STOP_SIGNAL) or when --timeout runs out for
 * the whole command (CLI_STOP_TIMEOUT): long commands and blocking calls
 * stop cleanly within a poll (at most 200 ms). */
enum { CLI_STOP_SIGNAL = 1, CLI_STOP_TIMEOUT = 2 };
extern volatile sig_atomic_t cli_stop;

int cli_exit_for(const struct cl_err *e);
/* Print an error as a user can quote it; returns its exit code. */
int cli_report(const char *what, const struct cl_err *e);

/* One blocking call: the reply is copied (cli_result_free after). */
struct cli_result {
	struct cl_err err;
	struct cl_resp rs;
	char requestid[40];  /* rs.requestid points here */
	int done;
};
/* 0 ok; -1 with r->err (nothing to free). A stop (cli_stop) cancels the
 * call: r->err says cancelled. */
int cli_call(struct cli *x, const struct cl_call *call, struct cli_result *r);
void cli_result_free(struct cli_result *r);
/* One blocking call whose reply is not needed: the exit code, the error
 * reported as `what`. */
int cli_simple(struct cli *x, const struct cl_call *call, const char *what);
/* s (from a server, a file, the user) made safe to print: control bytes,
 * C1 codes, bidi overrides and invalid UTF-8 as visible escapes. Resets b
 * and returns its text. */
struct sb;
const char *cli_safe(struct sb *b, const char *s);
/* --from/--to (TIME, base/tparse; default -15m .. now) into unix seconds
 * [from, to); -1 after saying what is wrong. */
int cli_times(const struct cli_opts *o, int64_t *from, int64_t *to);
/* Can stdout show UTF-8 (the locale's codeset)? */
int cli_utf8(void);
/* A query (a cl_qjob over [from, to) and --topic) whose pages are
 * gathered: cli_rows_start, cl_poll until done, then pages/npages. */
struct cli_rows {
	struct cl_qjob *j;
	struct cl_logs *pages;
	size_t npages;
	int done, failed;
	struct cl_err err;
};
void cli_rows_start(struct cli *x, const struct cli_opts *o, int64_t from, int64_t to,
    const char *query, struct cli_rows *t);
void cli_rows_free(struct cli_rows *t);
/* The logstore's index (GetIndex), blocking; the exit code (an error
 * reported), idx to cl_index_free on SLSX_EX_OK. */
int cli_get_index(struct cli *x, struct cl_index *idx);
/* Text to stdout, escaped unless raw. */
void cli_print_text(const char *s, size_t n, int raw);

#endif
