/*
 * main — the slsx program: global options, then a command from the table
 * below (name, handler, what it needs, its usage line), as git's
 * cmd_struct and tmux's cmd_entry do. main parses, prepares the context
 * (the demo's slsd, credentials, the client), runs the command, and tears
 * down on one path, so every early exit stops the demo's slsd too.
 *
 * With no command slsx opens the terminal UI (cmd_ui.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "base/clk.h"
#include "base/log.h"
#include "base/tparse.h"
#include "base/tz.h"
#include "cli/cli.h"
#include "cli/cmd.h"
#include "cli/demo.h"
#include "cli/help.h"
#include "client/cl.h"
#include "client/cl_cred.h"
#include "tui/saved.h"

#define SLSX_VERSION "0.1.0"

/* What a command needs before it runs. */
enum {
	MAIN_PROJECT = 1,   /* -p */
	MAIN_LOGSTORE = 2,  /* -l */
	MAIN_OPERAND = 4,   /* one operand after its options */
	MAIN_FOLLOWS = 8    /* runs until stopped (tail, the UI): --timeout bounds
	                     * each request, not the whole command */
};

struct main_cmd {
	const char *name;
	int (*run)(struct cli *x, const struct cli_opts *o);
	int needs;
	const char *missing; /* the message when the operand is missing, or NULL */
};

static const struct main_cmd main_cmds[] = {
	{ "ui", cmd_ui_run, MAIN_FOLLOWS, NULL },
	{ "whoami", cmd_whoami_run, 0, NULL },
	{ "doctor", cmd_whoami_run, 0, NULL },
	{ "projects", cmd_list_projects, 0, NULL },
	{ "logstores", cmd_list_logstores, MAIN_PROJECT, NULL },
	{ "shards", cmd_shards_run, MAIN_PROJECT | MAIN_LOGSTORE, NULL },
	{ "tail", cmd_tail_run, MAIN_PROJECT | MAIN_LOGSTORE | MAIN_FOLLOWS, NULL },
	{ "put", cmd_put_run, MAIN_PROJECT | MAIN_LOGSTORE | MAIN_OPERAND,
	    "slsx put: give a FILE or - for stdin" },
	{ "query", cmd_query_query, MAIN_PROJECT | MAIN_LOGSTORE, NULL },
	{ "histogram", cmd_query_histogram, MAIN_PROJECT | MAIN_LOGSTORE, NULL },
	{ "context", cmd_query_context, MAIN_PROJECT | MAIN_LOGSTORE, NULL },
	{ "index", cmd_query_index, MAIN_PROJECT | MAIN_LOGSTORE, NULL },
	{ "topics", cmd_query_topics, MAIN_PROJECT | MAIN_LOGSTORE, NULL },
	{ "project-query", cmd_query_project, MAIN_PROJECT | MAIN_OPERAND, NULL },
	{ "patterns", cmd_pat_run, MAIN_PROJECT | MAIN_LOGSTORE, NULL },
	{ "compare", cmd_cmp_run, MAIN_PROJECT | MAIN_LOGSTORE, NULL },
	{ "top", cmd_top_run, MAIN_PROJECT | MAIN_LOGSTORE | MAIN_OPERAND,
	    "slsx: top needs a FIELD (slsx top -p P -l L FIELD [SEARCH])" },
	{ "create-project", cmd_list_create_project, MAIN_OPERAND, NULL },
	{ "create-logstore", cmd_list_create_logstore, MAIN_PROJECT | MAIN_OPERAND, NULL },
};

/* Everything main acquires, released by main_teardown. */
struct main_ctx {
	struct cli x;
	struct cli_opts o;
	struct cl_cfg cfg;
	struct cl_cred cred;
	struct demo demo;
	const struct main_cmd *cmd;
	const char *name;     /* the command as typed */
	const char *argv0;
	char from_at[24];
	double timeout_s;     /* --timeout, 0 when not given */
	struct saved_q saved; /* --saved NAME */
	char *saved_argv[2];
	const char *files[DEMO_MAX_FILES]; /* --file FILE, slsx FILE...: local files */
	int nfiles;
	char span_from[24], span_to[24];
};

enum { O_ENDPOINT = 256, O_CONNECT, O_REGION, O_RAW, O_LOG, O_VERSION, O_SHARD, O_FROM,
	O_TOPIC, O_SOURCE, O_SHARDS, O_TTL, O_DESC, O_TIMEOUT, O_PROFILE, O_TO, O_LIMIT,
	O_FORMAT, O_REVERSE, O_INFLIGHT, O_V1, O_PACK_ID, O_PACK_META, O_DEMO, O_THEME,
	O_EXIT_AFTER, O_QUERY, O_CACERT, O_TZ, O_SAMPLE, O_FIELD,
	O_BASE_FROM, O_BASE_TO, O_SAVED, O_FILE, O_INTERVAL };

static const struct option main_opts[] = { { "endpoint", required_argument, NULL, O_ENDPOINT },
	{ "connect-to", required_argument, NULL, O_CONNECT },
	{ "cacert", required_argument, NULL, O_CACERT },
	{ "region", required_argument, NULL, O_REGION },
	{ "raw", no_argument, NULL, O_RAW }, { "log", required_argument, NULL, O_LOG },
	{ "version", no_argument, NULL, O_VERSION }, { "help", no_argument, NULL, 'h' },
	{ "project", required_argument, NULL, 'p' },
	{ "logstore", required_argument, NULL, 'l' },
	{ "shard", required_argument, NULL, O_SHARD },
	{ "from", required_argument, NULL, O_FROM },
	{ "topic", required_argument, NULL, O_TOPIC },
	{ "source", required_argument, NULL, O_SOURCE },
	{ "shards", required_argument, NULL, O_SHARDS },
	{ "ttl", required_argument, NULL, O_TTL },
	{ "description", required_argument, NULL, O_DESC },
	{ "timeout", required_argument, NULL, O_TIMEOUT },
	{ "profile", required_argument, NULL, O_PROFILE },
	{ "to", required_argument, NULL, O_TO },
	{ "limit", required_argument, NULL, O_LIMIT },
	{ "sample", required_argument, NULL, O_SAMPLE },
	{ "interval", required_argument, NULL, O_INTERVAL },
	{ "field", required_argument, NULL, O_FIELD },
	{ "baseline-from", required_argument, NULL, O_BASE_FROM },
	{ "baseline-to", required_argument, NULL, O_BASE_TO },
	{ "saved", required_argument, NULL, O_SAVED },
	{ "format", required_argument, NULL, O_FORMAT },
	{ "reverse", no_argument, NULL, O_REVERSE },
	{ "inflight", required_argument, NULL, O_INFLIGHT },
	{ "v1", no_argument, NULL, O_V1 }, { "verbose", no_argument, NULL, 'v' },
	{ "pack-id", required_argument, NULL, O_PACK_ID },
	{ "pack-meta", required_argument, NULL, O_PACK_META },
	{ "before", required_argument, NULL, 'B' },
	{ "after", required_argument, NULL, 'A' },
	{ "demo", no_argument, NULL, O_DEMO },
	{ "file", required_argument, NULL, O_FILE },
	{ "theme", required_argument, NULL, O_THEME },
	{ "tz", required_argument, NULL, O_TZ },
	{ "exit-after-ms", required_argument, NULL, O_EXIT_AFTER },
	{ "query", required_argument, NULL, O_QUERY }, { NULL, 0, NULL, 0 } };

/* main_*_opt: -1 when the option was taken, else the exit code now. */
#define MAIN_GO (-1)

static void
main_on_signal(int sig)
{
	cli_stop = sig == SIGALRM ? CLI_STOP_TIMEOUT : CLI_STOP_SIGNAL;
}

/* Signals (Ctrl-C, SIGTERM, a terminal that goes away) stop a command
 * cleanly from the start, the demo's start-up included, so the teardown
 * always runs. */
static void
main_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = main_on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* --timeout bounds a command that does not follow: a timer that stops it
 * as a signal would. */
static void
main_deadline(const struct main_ctx *m)
{
	if (m->timeout_s > 0 && !(m->cmd->needs & MAIN_FOLLOWS)) {
		struct itimerval it;

		memset(&it, 0, sizeof it);
		it.it_value.tv_sec = (time_t)m->timeout_s;
		it.it_value.tv_usec = (suseconds_t)((m->timeout_s - (double)(time_t)m->timeout_s) * 1e6);
		if (it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0)
			it.it_value.tv_usec = 1;
		setitimer(ITIMER_REAL, &it, NULL);
	}
}

static void
main_usage(FILE *fp)
{
	fputs("usage: slsx [global options] [-p PROJECT [-l LOGSTORE]]   the terminal UI\n"
	      "       slsx [global options] FILE... | -   the UI on local log files\n"
	      "       slsx --demo [COMMAND]   the UI (or a command) on a private slsd with demo data\n"
	      "       slsx [global options] COMMAND [options]\n"
	      "       slsx --file FILE [--file FILE]... COMMAND [options]\n"
	      "       slsx COMMAND --help     that command's options and examples\n"
	      "\n"
	      "commands:\n"
	      "  whoami (or doctor)               where the credentials come from (never\n"
	      "                                   the secret), the endpoint, and whether it\n"
	      "                                   answers\n"
	      "  projects                         list projects\n"
	      "  logstores -p PROJECT             list logstores\n"
	      "  shards -p PROJECT -l LOGSTORE    list shards: id, status, receive time of\n"
	      "                                   the oldest and newest data, hash range\n"
	      "  tail -p P -l L [--shard N] [--from end|begin|TIME] [--query SPL]\n"
	      "                                   follow every readwrite shard, one JSON\n"
	      "                                   object per log, until interrupted;\n"
	      "                                   --query '* | where status = ''500'''\n"
	      "                                   filters on the server (SPL)\n"
	      "  put -p P -l L [--topic T] [--source S] FILE|-\n"
	      "                                   write plain lines (field \"content\") or\n"
	      "                                   JSON lines (their fields)\n"
	      "  query -p P -l L [--from TIME] [--to TIME] [--limit N] [--reverse]\n"
	      "        [--format table|text|jsonl|json|csv] [--inflight N] [--v1] 'QUERY'\n"
	      "                                   search or SQL; pages automatically\n"
	      "                                   (--limit 0: every row; default 100);\n"
	      "                                   query --saved NAME runs a saved query\n"
	      "  histogram -p P -l L [--from TIME] [--to TIME] [--interval 5m] 'SEARCH'\n"
	      "                                   hits over time\n"
	      "  context -p P -l L --pack-id ID --pack-meta META [-B N] [-A N]\n"
	      "                                   lines before/after a log (query output\n"
	      "                                   carries __tag__:__pack_id__, __pack_meta__)\n"
	      "  index -p P -l L                  indexed fields and types\n"
	      "  topics -p P -l L                 the topics of a logstore\n"
	      "  project-query -p P 'SQL'         SQL over the project's logstores (FROM ls1 JOIN ls2)\n"
	      "  top -p P -l L FIELD ['SEARCH']   a field's top values (numbers: min, max, p50...)\n"
	      "  patterns -p P -l L ['SEARCH']    the kinds of line (log patterns), counted\n"
	      "  compare -p P -l L --from TIME ['SEARCH']\n"
	      "                                   the window against the one before it (or\n"
	      "                                   --baseline-from/--baseline-to): hits,\n"
	      "                                   patterns new and gone, values that moved\n"
	      "  create-project NAME [--description TEXT]\n"
	      "  create-logstore -p P NAME [--shards N] [--ttl DAYS]\n"
	      "\n"
	      "global options:\n"
	      "  --endpoint URL      https://HOST, http://HOST:PORT or a region id\n"
	      "                      (default: $SLSX_ENDPOINT or $ALIYUN_LOG_CLI_ENDPOINT)\n"
	      "  --connect-to H:P    connect to H:P while sending the real Host\n"
	      "  --cacert FILE       verify TLS with this CA bundle (default: $SLSX_CA_FILE,\n"
	      "                      ca-file in ~/.config/slsx/config, else the system's)\n"
	      "  --region REGION     sign requests with v4 for REGION (default v1)\n"
	      "  --timeout SECONDS   bound the whole command (tail, UI: each request)\n"
	      "  --tz ZONE           show times in local (default), UTC or a zone name\n"
	      "  -l A,B              query, histogram, tail: several logstores at once (merged\n"
	      "                      by time, each row with __logstore__)\n"
	      "  --profile NAME      use that profile of ~/.aliyunlogcli, ~/.aliyun/config.json\n"
	      "                      or ~/.config/slsx/config\n"
	      "  --raw               print log data as it is (control bytes included)\n"
	      "  --log FILE          log requests, retries and timings (never secrets), mode 0600\n"
	      "  --demo              a private slsd with demo data\n"
	      "  --file FILE         a private slsd with FILE (- for stdin) loaded and\n"
	      "                      followed into project local, logstore from its name\n"
	      "                      (repeatable); slsx FILE... opens the UI on them\n"
	      "  --version, --help\n"
	      "\n"
	      "local files: JSON lines, Docker/Kubernetes JSON, logfmt, syslog (RFC 3164,\n"
	      "5424), nginx/Apache combined, or plain text with a leading timestamp\n"
	      "(multi-line entries kept whole); .gz read through zlib; appended lines\n"
	      "show up (rotation followed like tail -F). kubectl logs -f POD | slsx -\n"
	      "\n"
	      "TIME: now, -15m, 15m, 1h ago, today, yesterday, 19:00, 2024-01-01T08:00:00Z (no zone:\n"
	      "local time), or unix seconds. tail --from TIME starts at the logs the\n"
	      "server received since then.\n"
	      "\n"
	      "credentials never come from the command line; in order: --profile, the\n"
	      "environment (ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET,\n"
	      "ALIBABA_CLOUD_SECURITY_TOKEN, or ALIYUN_LOG_CLI_ACCESSID/_ACCESSKEY/_STS_TOKEN),\n"
	      "~/.aliyunlogcli [main], ~/.aliyun/config.json (AK, StsToken), then\n"
	      "~/.config/slsx/config [default] (which also sets endpoint, project, logstore)\n"
	      "\n"
	      "exit codes: 0 ok, 1 failure, 2 usage, 3 authentication, 4 server error,\n"
	      "5 network error\n",
	    fp);
}

/* A number option in [lo, hi]; -1 after saying what is wrong. */
static int
main_num(const char *name, const char *s, long long lo, long long hi, long long *out)
{
	char *end;
	long long v = strtoll(s, &end, 10);

	if (*end != '\0' || end == s || v < lo || v > hi) {
		if (lo == 0)
			fprintf(stderr, "slsx: bad number %s (0 to %lld)\n", s, hi);
		else
			fprintf(stderr, "slsx: bad --%s %s\n", name, s);
		return -1;
	}
	*out = v;
	return 0;
}

/* Options taken before and after the command. */
static int
main_common_opt(struct main_ctx *m, int c, const char *arg)
{
	switch (c) {
	case O_ENDPOINT: m->cfg.endpoint = arg; break;
	case O_CONNECT: m->cfg.connect_to = arg; break;
	case O_CACERT: m->cfg.ca_file = arg; break;
	case O_REGION: m->cfg.region = arg; break;
	case O_RAW: m->x.raw = 1; break;
	case O_PROFILE: m->x.profile = arg; break;
	case 'p': m->x.project = arg; break;
	case 'l': m->x.logstore = arg; break;
	case O_FROM: m->o.from = arg; break;
	case 'h': main_usage(stdout); return SLSX_EX_OK;
	default: main_usage(stderr); return SLSX_EX_USAGE;
	}
	return MAIN_GO;
}

/* Options before the command. */
static int
main_global_opt(struct main_ctx *m, int c, const char *arg)
{
	long long v;

	switch (c) {
	case O_LOG: log_open(arg, LOG_DEBUG); break;
	case O_TIMEOUT: {
		char *end;
		double t = strtod(arg, &end);

		if (*end != '\0' || t <= 0 || t > 86400) {
			fprintf(stderr, "slsx: bad --timeout %s\n", arg);
			return SLSX_EX_USAGE;
		}
		m->cfg.deadline_ms = (long)(t * 1000);
		m->timeout_s = t;
		break;
	}
	case O_VERSION:
		help_version(stdout, SLSX_VERSION);
		fflush(stdout);
		(void)demo_slsd_version(m->argv0, stdout); /* --demo's server */
		return SLSX_EX_OK;
	case O_DEMO: m->x.demo = 1; break;
	case O_FILE:
		if (m->nfiles == DEMO_MAX_FILES) {
			fprintf(stderr, "slsx: at most %d files\n", DEMO_MAX_FILES);
			return SLSX_EX_USAGE;
		}
		m->files[m->nfiles++] = arg;
		break;
	case O_THEME: m->o.theme = arg; break;
	case O_TZ:
		/* the UI takes it as its start; text output of the headless
		 * commands shows times in that zone (one the C library does not
		 * know would be UTC without a word) */
		if (!tz_known(arg)) {
			fprintf(stderr, "slsx: --tz %.64s: no such time zone (local, UTC, or a name "
					"such as Asia/Shanghai under /usr/share/zoneinfo)\n", arg);
			return SLSX_EX_USAGE;
		}
		m->o.tz = arg;
		if (strcasecmp(arg, "local") != 0)
			tz_use(arg, NULL);
		break;
	case O_EXIT_AFTER:
		v = atoi(arg);
		m->o.exit_after_ms = (int)v;
		break;
	default: return main_common_opt(m, c, arg);
	}
	return MAIN_GO;
}

/* Options after the command. */
static int
main_cmd_opt(struct main_ctx *m, int c, const char *arg)
{
	struct cli_opts *o = &m->o;
	long long v;

	switch (c) {
	case O_SHARD:
		if (main_num("shard", arg, 0, 999999, &v) != 0)
			return SLSX_EX_USAGE;
		o->shard = (int)v;
		break;
	case O_SHARDS:
	case O_TTL:
		if (main_num(c == O_SHARDS ? "shards" : "ttl", arg, 1, 3650, &v) != 0)
			return SLSX_EX_USAGE;
		*(c == O_SHARDS ? &o->shards : &o->ttl) = (int)v;
		break;
	case O_LIMIT:
	case O_INFLIGHT:
	case 'B':
	case 'A':
		if (main_num("", arg, 0, c == O_LIMIT ? 1000000000LL : c == O_INFLIGHT ? 64 : 100000,
		    &v) != 0)
			return SLSX_EX_USAGE;
		if (c == O_LIMIT) {
			o->limit = v;
			o->limit_set = 1;
		}
		else
			*(c == O_INFLIGHT ? &o->inflight : c == 'B' ? &o->before : &o->after) = (int)v;
		break;
	case O_SAMPLE:
		if (main_num("sample", arg, 1, 10000000LL, &v) != 0)
			return SLSX_EX_USAGE;
		o->sample = v;
		break;
	case O_INTERVAL: {
		char err[160];

		if (tparse_span(arg, &o->interval, err, sizeof err) != 0) {
			fprintf(stderr, "slsx: --interval: %s\n", err);
			return SLSX_EX_USAGE;
		}
		break;
	}
	case O_FIELD: o->field = arg; break;
	case O_BASE_FROM: o->baseline_from = arg; break;
	case O_BASE_TO: o->baseline_to = arg; break;
	case O_SAVED: o->saved = arg; break;
	case O_TOPIC: o->topic = arg; break;
	case O_SOURCE: o->source = arg; break;
	case O_DESC: o->desc = arg; break;
	case O_TO: o->to = arg; break;
	case O_FORMAT: o->format = arg; break;
	case O_REVERSE: o->reverse = 1; break;
	case O_V1: o->v1 = 1; break;
	case 'v': o->verbose = 1; break;
	case O_PACK_ID: o->pack_id = arg; break;
	case O_PACK_META: o->pack_meta = arg; break;
	case O_QUERY: o->spl = arg; break;
	case 'h': /* slsx COMMAND --help: that command's own */
		if (help_command(stdout, m->name) == 0)
			return SLSX_EX_OK;
		main_usage(stdout);
		return SLSX_EX_OK;
	default: return main_common_opt(m, c, arg);
	}
	return MAIN_GO;
}

/* slsx __complete WHAT: words for the shell completions (completions/):
 * "commands", "profiles" (of the credential files, no secret read out). */
static int
main_complete(const char *what)
{
	size_t i;

	if (strcmp(what, "commands") == 0) {
		for (i = 1; i < sizeof main_cmds / sizeof main_cmds[0]; i++)
			printf("%s\n", main_cmds[i].name);
		printf("help\n");
		return SLSX_EX_OK;
	}
	if (strcmp(what, "profiles") == 0) {
		char names[64][64];
		int n = cl_cred_profiles(NULL, names, 64), k;

		for (k = 0; k < n; k++)
			printf("%s\n", names[k]);
		return SLSX_EX_OK;
	}
	return SLSX_EX_USAGE;
}

/* slsx help [COMMAND] */
static int
main_help(const char *cmd)
{
	if (cmd == NULL) {
		main_usage(stdout);
		return SLSX_EX_OK;
	}
	if (help_command(stdout, cmd) == 0)
		return SLSX_EX_OK;
	fprintf(stderr, "slsx help: no command %s (slsx --help lists them)\n", cmd);
	return SLSX_EX_USAGE;
}

static const struct main_cmd *main_find(const char *name);

/* slsx FILE... (or -): operands that are no command but files open the
 * UI on them; every operand must then be a file. */
static int
main_positional_files(struct main_ctx *m, int argc, char **argv)
{
	struct stat st;
	int i;

	if (optind >= argc || main_find(argv[optind]) != NULL || strcmp(argv[optind], "help") == 0 ||
	    strcmp(argv[optind], "__complete") == 0 ||
	    (strcmp(argv[optind], "-") != 0 && stat(argv[optind], &st) != 0))
		return MAIN_GO;
	for (i = optind; i < argc; i++) {
		if (strcmp(argv[i], "-") != 0 && stat(argv[i], &st) != 0) {
			fprintf(stderr, "slsx: %s: %s (slsx FILE... takes files only)\n", argv[i],
			    strerror(errno));
			return SLSX_EX_USAGE;
		}
		if (m->nfiles == DEMO_MAX_FILES) {
			fprintf(stderr, "slsx: at most %d files\n", DEMO_MAX_FILES);
			return SLSX_EX_USAGE;
		}
		m->files[m->nfiles++] = argv[i];
	}
	optind = argc;
	return MAIN_GO;
}

/* Both option passes; leaves the command's operands in m->o. */
static int
main_parse(struct main_ctx *m, int argc, char **argv)
{
	int c, rc;

	while ((c = getopt_long(argc, argv, "+hp:l:", main_opts, NULL)) != -1)
		if ((rc = main_global_opt(m, c, optarg)) != MAIN_GO)
			return rc;
	if ((rc = main_positional_files(m, argc, argv)) != MAIN_GO)
		return rc;
	m->name = optind < argc ? argv[optind] : "ui";
	if (optind >= argc)
		argc = optind; /* no command: the terminal UI; nothing more to parse */
	if (strcmp(m->name, "help") == 0)
		return main_help(optind + 1 < argc ? argv[optind + 1] : NULL);
	if (strcmp(m->name, "__complete") == 0)
		return main_complete(optind + 1 < argc ? argv[optind + 1] : "");
	/* the command's own options, from a sub-argv; optind = 0 makes
	 * glibc's getopt start afresh */
	argv += optind;
	argc -= optind;
	optind = 0;
	while ((c = getopt_long(argc, argv, "hvp:l:B:A:", main_opts, NULL)) != -1)
		if ((rc = main_cmd_opt(m, c, optarg)) != MAIN_GO)
			return rc;
	m->o.argc = argc - optind;
	m->o.argv = argv + optind;
	return MAIN_GO;
}

/* --saved NAME: the saved query's connection, project, logstore, range
 * and query, where the command line does not give them. */
static int
main_saved(struct main_ctx *m)
{
	struct saved_q *q = &m->saved;
	char err[1200];

	if (m->o.saved == NULL)
		return MAIN_GO;
	if (strcmp(m->cmd->name, "query") != 0 && strcmp(m->cmd->name, "histogram") != 0 &&
	    strcmp(m->cmd->name, "patterns") != 0 && strcmp(m->cmd->name, "compare") != 0) {
		fprintf(stderr, "slsx %s: --saved works with query, histogram, patterns, compare\n",
		    m->cmd->name);
		return SLSX_EX_USAGE;
	}
	if (saved_load(m->o.saved, q, err, sizeof err) != 0) {
		fprintf(stderr, "slsx: %s\n", err);
		return SLSX_EX_USAGE;
	}
	if (m->x.project == NULL)
		m->x.project = q->project;
	if (m->x.logstore == NULL)
		m->x.logstore = q->logstore;
	if (m->o.from == NULL && q->from[0])
		m->o.from = q->from;
	if (m->o.to == NULL && q->to[0])
		m->o.to = q->to;
	if (m->x.profile == NULL && q->conn[0] && strcmp(q->conn, "default") != 0)
		m->x.profile = q->conn;
	if (m->o.argc == 0 && q->query[0]) {
		m->saved_argv[0] = q->query;
		m->o.argv = m->saved_argv;
		m->o.argc = 1;
	}
	return MAIN_GO;
}

/* --from for tail and the UI: unix seconds (or end/begin as they are). */
static int
main_from(struct main_ctx *m)
{
	const char *from = m->o.from;
	char terr[160];
	time_t t;

	if (from == NULL || strcmp(from, "begin") == 0 || strcmp(from, "end") == 0) {
		m->o.from_at = from;
		return MAIN_GO;
	}
	if (tparse(from, clk_wall(), &t, terr, sizeof terr) != 0) {
		fprintf(stderr, "slsx: --from: %s\n", terr);
		return SLSX_EX_USAGE;
	}
	snprintf(m->from_at, sizeof m->from_at, "%lld", (long long)t);
	m->o.from_at = m->from_at;
	return MAIN_GO;
}

static const struct main_cmd *
main_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof main_cmds / sizeof main_cmds[0]; i++)
		if (strcmp(main_cmds[i].name, name) == 0)
			return &main_cmds[i];
	return NULL;
}

/* The demo's private slsd: its keys in the environment (the credential
 * chain finds them), its URL as the endpoint, demo/nginx-access opened. */
static int
main_demo(struct main_ctx *m)
{
	char err[512];

	/* generating the demo data takes a few seconds: say so at once */
	if (isatty(STDERR_FILENO))
		fputs("slsx --demo: starting a private slsd with demo data...\n", stderr);
	if (demo_start(&m->demo, m->argv0, &cli_stop, err, sizeof err) != 0) {
		fprintf(stderr, "slsx --demo: %s\n", err);
		return SLSX_EX_FAIL;
	}
	setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", m->demo.ak_id, 1);
	setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", m->demo.ak_secret, 1);
	unsetenv("ALIBABA_CLOUD_SECURITY_TOKEN");
	m->cfg.endpoint = m->demo.url;
	m->x.profile = NULL;
	if (m->x.project == NULL) {
		m->x.project = "demo";
		m->x.logstore = m->x.logstore ? m->x.logstore : "nginx-access";
	}
	return MAIN_GO;
}

/* The range over the files' logs where the command line gives none: the
 * UI from their first log to now; the queries to their last log or now. */
static void
main_files_range(struct main_ctx *m)
{
	long long now = (long long)clk_wall();

	/* a minute early: the UI's range is taken back from a later now */
	snprintf(m->span_from, sizeof m->span_from, "%lld", m->demo.span_from -
	    (strcmp(m->cmd->name, "ui") == 0 ? 60 : 0));
	snprintf(m->span_to, sizeof m->span_to, "%lld",
	    (m->demo.span_to > now ? m->demo.span_to : now) + 1);
	if (strcmp(m->cmd->name, "ui") == 0) {
		if (m->o.from == NULL && m->demo.span_from < now)
			m->o.from_at = m->span_from;
	} else if (strcmp(m->cmd->name, "tail") != 0) {
		if (m->o.from == NULL)
			m->o.from = m->span_from;
		if (m->o.to == NULL)
			m->o.to = m->span_to;
	}
}

/* slsx FILE... / --file FILE: the demo's private slsd with the files
 * ingested and followed, project local, the first file's logstore. For
 * the UI on standard input's data, the keys come from the terminal. */
static int
main_files(struct main_ctx *m)
{
	char err[512];
	int i, std_in = 0;

	if (m->x.demo) {
		fprintf(stderr, "slsx: --demo or files, not both\n");
		return SLSX_EX_USAGE;
	}
	for (i = 0; i < m->nfiles; i++)
		std_in |= strcmp(m->files[i], "-") == 0;
	if (std_in && isatty(STDIN_FILENO)) {
		fprintf(stderr, "slsx -: standard input is a terminal; pipe logs in "
				"(kubectl logs POD | slsx -)\n");
		return SLSX_EX_USAGE;
	}
	if (isatty(STDERR_FILENO)) /* a big file takes a while: say so at once */
		fprintf(stderr, "slsx: loading %s%s into a private slsd...\n",
		    strcmp(m->files[0], "-") == 0 ? "standard input" : m->files[0],
		    m->nfiles > 1 ? " and more" : "");
	/* the UI shows the newest logs while the rest loads; a command waits
	 * for all of them */
	if (demo_start_files(&m->demo, m->argv0, m->files, m->nfiles,
	    strcmp(m->cmd->name, "ui") == 0, &cli_stop, err, sizeof err) != 0) {
		fprintf(stderr, "slsx: %s\n", err);
		return SLSX_EX_FAIL;
	}
	m->x.demo = 1; /* its own world, stopped at teardown */
	if (strcmp(m->cmd->name, "ui") == 0)
		m->x.local = &m->demo; /* the UI shows how far slsd's load is */
	if (std_in && strcmp(m->cmd->name, "ui") == 0) {
		int tty = open("/dev/tty", O_RDWR | O_CLOEXEC);

		if (tty < 0 || dup2(tty, STDIN_FILENO) < 0) {
			fprintf(stderr, "slsx -: no terminal to read keys from (/dev/tty: %s)\n",
			    strerror(errno));
			if (tty >= 0)
				close(tty);
			return SLSX_EX_FAIL;
		}
		close(tty);
	}
	setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", m->demo.ak_id, 1);
	setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", m->demo.ak_secret, 1);
	unsetenv("ALIBABA_CLOUD_SECURITY_TOKEN");
	m->cfg.endpoint = m->demo.url;
	m->x.profile = NULL;
	if (m->x.project == NULL) {
		m->x.project = "local";
		m->x.logstore = m->x.logstore ? m->x.logstore : m->demo.logstore;
	}
	main_files_range(m);
	return MAIN_GO;
}

/* The credential chain, then what the config adds (endpoint, project,
 * logstore, CA file). */
static int
main_creds(struct main_ctx *m)
{
	struct cl_cred *c = &m->cred;
	char err[512];

	if (cl_cred_load(m->x.profile, NULL, c, err, sizeof err) < 0) {
		fprintf(stderr, "slsx: %s\n", err);
		return SLSX_EX_AUTH;
	}
	if (c->warning[0])
		fprintf(stderr, "slsx: %s\n", c->warning);
	if (m->cfg.endpoint == NULL && c->endpoint[0])
		m->cfg.endpoint = c->endpoint;
	if (m->x.project == NULL && c->project[0])
		m->x.project = c->project;
	if (m->x.logstore == NULL && c->logstore[0])
		m->x.logstore = c->logstore;
	if (m->cfg.ca_file == NULL && c->ca_file[0])
		m->cfg.ca_file = c->ca_file;
	if (m->cfg.endpoint == NULL) {
		fprintf(stderr, "slsx: no endpoint: give --endpoint, set SLSX_ENDPOINT, or put "
				"endpoint = ... in ~/.config/slsx/config\n");
		return SLSX_EX_USAGE;
	}
	m->cfg.ak_id = c->ak_id[0] ? c->ak_id : NULL;
	m->cfg.ak_secret = c->ak_secret[0] ? c->ak_secret : NULL;
	m->cfg.sts_token = c->sts_token[0] ? c->sts_token : NULL;
	m->x.cred_source = c->source;
	return MAIN_GO;
}

/* What the command needs from the command line. */
static int
main_needs(const struct main_ctx *m)
{
	const struct main_cmd *cmd = m->cmd;

	if ((cmd->needs & MAIN_PROJECT) && m->x.project == NULL) {
		fprintf(stderr, "slsx %s: -p PROJECT is required\n", cmd->name);
		return SLSX_EX_USAGE;
	}
	if ((cmd->needs & MAIN_LOGSTORE) && m->x.logstore == NULL) {
		fprintf(stderr, "slsx %s: -l LOGSTORE is required\n", cmd->name);
		return SLSX_EX_USAGE;
	}
	if ((cmd->needs & MAIN_OPERAND) && m->o.argc < 1) {
		if (cmd->missing)
			fprintf(stderr, "%s\n", cmd->missing);
		else
			fprintf(stderr, "slsx: unknown command or missing argument: %s (slsx --help)\n",
			    cmd->name);
		return SLSX_EX_USAGE;
	}
	return MAIN_GO;
}

/* Everything between parsing and running: each step may stop here, and
 * main_teardown releases what the earlier ones made. */
static int
main_prepare(struct main_ctx *m)
{
	struct cl_err err;
	int rc;

	if ((m->cmd = main_find(m->name)) == NULL) {
		fprintf(stderr, "slsx: unknown command or missing argument: %s (slsx --help)\n",
		    m->name);
		return SLSX_EX_USAGE;
	}
	main_signals();
	if ((rc = main_saved(m)) != MAIN_GO || (rc = main_from(m)) != MAIN_GO ||
	    (m->nfiles > 0 && (rc = main_files(m)) != MAIN_GO) ||
	    (m->x.demo && m->nfiles == 0 && (rc = main_demo(m)) != MAIN_GO) ||
	    (rc = main_creds(m)) != MAIN_GO || (rc = main_needs(m)) != MAIN_GO)
		return rc;
	m->x.cfg = &m->cfg;
	if ((m->x.cl = cl_client_new(&m->cfg, &err)) == NULL)
		return cli_report("setup", &err);
	if (m->cred.expires > 0)
		cl_client_set_refresh(m->x.cl, cl_cred_ecs_refresh, &m->cred, m->cred.expires);
	main_deadline(m);
	return MAIN_GO;
}

static void
main_teardown(struct main_ctx *m)
{
	if (m->o.verbose && m->x.cl) { /* -v: the cost of what was asked */
		const struct cl_stats *s = cl_stats(m->x.cl);

		fprintf(stderr, "slsx: cost: %lld requests (%lld tries, %lld failed), %lld rows "
				"processed and %lld ms on the server, %lld Incomplete, %lld bytes sent, "
				"%lld received\n", (long long)s->requests, (long long)s->attempts,
		    (long long)s->failed, (long long)s->rows_processed, (long long)s->server_ms,
		    (long long)s->incomplete, (long long)s->bytes_up, (long long)s->bytes_down);
	}
	cl_client_free(m->x.cl);
	if (m->x.demo)
		demo_stop(&m->demo);
}

int
main(int argc, char **argv)
{
	static struct main_ctx m; /* static: cl_cred's keys outlive any frame */
	int rc;

	m.argv0 = argv[0];
	m.o.limit = 100;
	m.o.before = m.o.after = 10;
	m.o.shard = -1;
	m.o.shards = 2;
	m.o.ttl = 30;
	rc = main_parse(&m, argc, argv);
	if (rc == MAIN_GO)
		rc = main_prepare(&m);
	if (rc == MAIN_GO)
		rc = m.cmd->run(&m.x, &m.o);
	if (cli_stop == CLI_STOP_TIMEOUT) {
		fprintf(stderr, "slsx %s: stopped: --timeout %g s ran out\n", m.name, m.timeout_s);
		rc = SLSX_EX_NET;
	}
	main_teardown(&m);
	return rc;
}
