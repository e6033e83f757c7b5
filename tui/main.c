/*
 * slsx — terminal explorer for Alibaba Cloud Log Service.
 *
 * This file is the command-line front door: global options, credentials
 * from the environment, and the headless subcommands that scripts and pipes
 * use (the terminal UI's twins). Exit codes: 0 ok, 1 other failure, 2 usage,
 * 3 authentication, 4 server error, 5 network.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "base/clk.h"
#include "base/ini.h"
#include "base/log.h"
#include "base/sb.h"
#include "base/tparse.h"
#include "base/u8.h"
#include "base/xalloc.h"
#include "client/cl.h"
#include "client/cl_api.h"
#include "client/cl_cred.h"
#include "proto/pb.h"
#include "tui/cli.h"
#include "client/cl_fmt.h"
#include "tui/cli_query.h"
#include "tui/cli_shards.h"
#include "tui/demo.h"
#include "tui/keymap.h"
#include "tui/app.h"

#define SLSX_VERSION "0.1.0"


static void
slsx_on_signal(int sig)
{
	(void)sig;
	slsx_stop = 1;
}

static void
slsx_usage(FILE *fp)
{
	fputs("usage: slsx [global options] COMMAND [options]\n"
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
	      "                                   (--limit 0: every row; default 100)\n"
	      "  histogram -p P -l L [--from TIME] [--to TIME] 'SEARCH'\n"
	      "                                   hits over time\n"
	      "  context -p P -l L --pack-id ID --pack-meta META [-B N] [-A N]\n"
	      "                                   lines before/after a log (query output\n"
	      "                                   carries __tag__:__pack_id__, __pack_meta__)\n"
	      "  index -p P -l L                  indexed fields and types\n"
	      "  topics -p P -l L                 the topics of a logstore\n"
	      "  project-query -p P 'SQL'         SQL over the project's logstores (FROM ls1 JOIN ls2)\n"
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
	      "  --timeout SECONDS   give up retrying a request after this (default 90)\n"
	      "\n"
	      "TIME: now, -15m, 15m, 1h ago, today, yesterday, 2024-01-01T08:00:00Z (no zone:\n"
	      "local time), or unix seconds. tail --from TIME starts at the logs the\n"
	      "server received since then.\n"
	      "  --raw               print log data as it is (control bytes included)\n"
	      "  --log FILE          debug log\n"
	      "  --version, --help\n"
	      "\n"
	      "  --profile NAME      use that profile of ~/.aliyunlogcli, ~/.aliyun/config.json\n"
	      "                      or ~/.config/slsx/config\n"
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

/* projects / logstores: page through the list, one name per line. */
static int
slsx_cmd_list(struct slsx *x, int projects)
{
	int64_t offset = 0, size = 500;

	for (;;) {
		struct cl_args a;
		struct cl_call call;
		struct slsx_result r;
		struct cl_names names;
		struct cl_err perr;
		size_t i;
		int rc;

		cl_args_init(&a);
		if (projects)
			cl_api_list_projects(&call, &a, offset, size);
		else
			cl_api_list_logstores(&call, &a, x->project, offset, size);
		rc = slsx_call(x, &call, &r);
		cl_args_free(&a);
		if (rc != 0)
			return slsx_report(projects ? "ListProject" : "ListLogStores", &r.err);
		rc = projects ? cl_parse_projects(&r.rs, &names, &perr)
			      : cl_parse_logstores(&r.rs, &names, &perr);
		slsx_result_free(&r);
		if (rc != 0)
			return slsx_report("reply", &perr);
		for (i = 0; i < names.n; i++) {
			slsx_print_text(names.v[i], strlen(names.v[i]), x->raw);
			putchar('\n');
		}
		offset += (int64_t)names.n;
		rc = names.n == 0 || offset >= names.total;
		cl_names_free(&names);
		if (rc)
			return EX_OK;
	}
}

static int
slsx_simple(struct slsx *x, const struct cl_call *call, const char *what)
{
	struct slsx_result r;
	int rc = slsx_call(x, call, &r);

	slsx_result_free(&r);
	return rc == 0 ? EX_OK : slsx_report(what, &r.err);
}

/* The UI's settings in slsx's config: [ui] theme, columns, tail-ring, and
 * [keys] bindings. Bad lines are reported (before the screen opens) and
 * skipped. */
struct slsx_ui_conf {
	struct app_opts *ao;
	struct keymap *km;
	char theme[256], columns[512], endpoints[1024];
	char notice[300];    /* the first bad line, shown in the UI's status bar */
};

static void slsx_ui_bad(struct slsx_ui_conf *u, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
slsx_ui_bad(struct slsx_ui_conf *u, const char *fmt, ...)
{
	char msg[240];
	va_list ap;

	if (u->notice[0])
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(u->notice, sizeof u->notice, "config %s (line skipped)", msg);
	u->ao->notice = u->notice;
}

static void
slsx_ui_key(void *ud, const char *k, const char *v)
{
	struct slsx_ui_conf *u = ud;

	if (strcmp(k, "theme") == 0) {
		snprintf(u->theme, sizeof u->theme, "%s", v);
		if (u->ao->theme == NULL)
			u->ao->theme = u->theme;
	} else if (strcmp(k, "endpoints") == 0) {
		snprintf(u->endpoints, sizeof u->endpoints, "%s", v);
		u->ao->endpoints = u->endpoints;
	} else if (strcmp(k, "columns") == 0) {
		snprintf(u->columns, sizeof u->columns, "%s", v);
		u->ao->columns = u->columns;
	} else if (strcmp(k, "tail-ring") == 0) {
		char *end;
		long long n = strtoll(v, &end, 10);

		if (*end != '\0' || n < 100 || n > 100000000) {
			slsx_ui_bad(u, "[ui] tail-ring: want 100..100000000, not %.40s", v);
		} else {
			u->ao->tail_ring = (size_t)n;
		}
	} else {
		slsx_ui_bad(u, "[ui]: unknown setting %.40s", k);
	}
}

static void
slsx_keys_key(void *ud, const char *k, const char *v)
{
	struct slsx_ui_conf *u = ud;
	char err[120];

	if (km_add(u->km, k, v, err, sizeof err) != 0) {
		slsx_ui_bad(u, "[keys] %.40s = %.40s: %s", k, v, err);
	}
}

static void
slsx_ui_config(struct slsx_ui_conf *u)
{
	char path[512];

	ini_config_path(path, sizeof path, NULL);
	ini_section(path, "ui", slsx_ui_key, u);
	ini_section(path, "keys", slsx_keys_key, u);
	if (u->km->n)
		u->ao->keys = u->km;
}

static const char *
slsx_http_name(int v)
{
	return v == 20 ? "HTTP/2" : v == 30 ? "HTTP/3" : v == 10 ? "HTTP/1.0" : "HTTP/1.1";
}

/* whoami/doctor: where credentials came from (never the secret), the
 * endpoint, and whether it answers a signed request. */
static int
slsx_cmd_whoami(struct slsx *x, const struct cl_cfg *cfg, const char *source)
{
	struct cl_args a;
	struct cl_call call;
	struct slsx_result r;
	int https, rc;
	char host[256];

	printf("endpoint:     %s\n", cfg->endpoint);
	if (cl_endpoint_parse(cfg->endpoint, &https, host, sizeof host) == 0)
		printf("resolved:     %s://%s%s%s\n", https ? "https" : "http", host,
		    cfg->connect_to ? " via " : "", cfg->connect_to ? cfg->connect_to : "");
	printf("credentials:  access key id %s from %s%s\n", cfg->ak_id, source,
	    cfg->sts_token ? " (with a security token)" : "");
	printf("signature:    %s%s\n", cfg->region ? "v4 (SLS4-HMAC-SHA256), region " : "v1 (HMAC-SHA1)",
	    cfg->region ? cfg->region : "");
	cl_args_init(&a);
	cl_api_list_projects(&call, &a, 0, 1);
	rc = slsx_call(x, &call, &r);
	cl_args_free(&a);
	if (rc != 0) {
		printf("endpoint answers: no\n");
		return slsx_report("ListProject", &r.err);
	}
	slsx_result_free(&r);
	printf("endpoint answers: yes (%s, signed ListProject succeeded, request id %s)\n",
	    slsx_http_name(r.rs.http_version), r.rs.requestid ? r.rs.requestid : "");
	if (x->project) {
		struct cl_project p;
		struct cl_err perr;

		cl_args_init(&a);
		cl_api_get_project(&call, &a, x->project);
		rc = slsx_call(x, &call, &r);
		cl_args_free(&a);
		if (rc != 0)
			return slsx_report("GetProject", &r.err);
		rc = cl_parse_project(&r.rs, &p, &perr);
		slsx_result_free(&r);
		if (rc != 0)
			return slsx_report("GetProject reply", &perr);
		printf("project:      ");
		slsx_print_text(p.name, strlen(p.name), x->raw);
		printf(" (%s, region %s)\n", p.status, p.region);
	}
	return EX_OK;
}

/* ---- put ------------------------------------------------------------- */

#define SLSX_PUT_MAX_LOGS 4096
#define SLSX_PUT_MAX_BYTES ((size_t)4 << 20)

static int
slsx_put_flush(struct slsx *x, struct pb_page *pg, size_t *bytes)
{
	struct cl_args a;
	struct cl_call call;
	int rc;

	if (pg->ngroups == 0 || pg->groups[0].nlogs == 0)
		return EX_OK;
	cl_args_init(&a);
	if (cl_api_put_logs(&call, &a, x->project, x->logstore, pg, 0, NULL) != 0) {
		cl_args_free(&a);
		fprintf(stderr, "slsx: cannot encode the log group\n");
		return EX_FAIL;
	}
	call.idempotent = 0;
	rc = slsx_simple(x, &call, "PutLogs");
	cl_args_free(&a);
	*bytes = 0;
	return rc;
}

/* A JSON object line becomes fields (non-string values as JSON text);
 * anything else is one "content" field. */
static void
slsx_put_line(struct pb_page *pg, const char *line, size_t n)
{
	cJSON *o = NULL, *it;

	pb_add_log(pg, (uint32_t)clk_wall(), 0, 0);
	if (n > 0 && line[0] == '{')
		o = cJSON_ParseWithLength(line, n);
	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		pb_add_field(pg, "content", 7, line, n);
		return;
	}
	cJSON_ArrayForEach(it, o) {
		if (cJSON_IsString(it)) {
			pb_add_field(pg, it->string, strlen(it->string), it->valuestring,
			    strlen(it->valuestring));
		} else {
			char *txt = cJSON_PrintUnformatted(it);

			if (txt)
				pb_add_field(pg, it->string, strlen(it->string), txt, strlen(txt));
			free(txt);
		}
	}
	cJSON_Delete(o);
}

static int
slsx_cmd_put(struct slsx *x, const char *topic, const char *source, const char *file)
{
	FILE *fp = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
	char *line = NULL;
	size_t cap = 0, bytes = 0, total = 0;
	ssize_t n;
	struct pb_page *pg;
	int rc = EX_OK;

	if (fp == NULL) {
		fprintf(stderr, "slsx: cannot read %s: %s\n", file, strerror(errno));
		return EX_FAIL;
	}
	pg = pb_page_new();
	pb_add_group(pg, topic, source, NULL);
	while (rc == EX_OK && (n = getline(&line, &cap, fp)) > 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		if (n == 0)
			continue;
		slsx_put_line(pg, line, (size_t)n);
		bytes += (size_t)n;
		total++;
		if (pg->groups[0].nlogs >= SLSX_PUT_MAX_LOGS || bytes >= SLSX_PUT_MAX_BYTES) {
			rc = slsx_put_flush(x, pg, &bytes);
			pb_page_clear(pg);
			pb_add_group(pg, topic, source, NULL);
		}
	}
	if (rc == EX_OK)
		rc = slsx_put_flush(x, pg, &bytes);
	pb_page_free(pg);
	free(line);
	if (fp != stdin)
		fclose(fp);
	if (rc == EX_OK)
		fprintf(stderr, "slsx: wrote %zu logs\n", total);
	return rc;
}

/* ---- tail ------------------------------------------------------------ */

struct slsx_tail_shard {
	int id;
	char cursor[80];
	int busy;
	int64_t next_at;   /* monotonic ms of the next pull */
	struct slsx *x;
	int failed;
};

static void
slsx_print_log(const struct pb_page *pg, size_t li, int raw)
{
	const struct pb_log *lg = &pg->logs[li];
	const struct pb_group *g = &pg->groups[lg->group];
	struct sb b;
	size_t i, n;
	const char *s;
	int rc = 0;

	sb_init(&b, 0);
	rc |= sb_addf(&b, "{\"__time__\":%" PRIu32, lg->time);
	if (lg->has_ns)
		rc |= sb_addf(&b, ",\"__time_ns_part__\":%" PRIu32, lg->time_ns);
	s = pb_str(pg, g->topic, &n);
	rc |= sb_adds(&b, ",\"__topic__\":");
	rc |= cl_fmt_json_str(&b, s, n, raw);
	s = pb_str(pg, g->source, &n);
	rc |= sb_adds(&b, ",\"__source__\":");
	rc |= cl_fmt_json_str(&b, s, n, raw);
	for (i = g->tag0; i < g->tag0 + g->ntags; i++) {
		const struct pb_key *k = pb_key(pg, pg->tags[i].key);
		struct sb key;

		sb_init(&key, 0);
		rc |= sb_adds(&key, "__tag__:");
		rc |= sb_add(&key, k->p, k->len);
		rc |= sb_addc(&b, ',');
		rc |= cl_fmt_json_str(&b, key.p, key.len, raw);
		sb_free(&key);
		s = pb_value(pg, &pg->tags[i], &n);
		rc |= sb_addc(&b, ':');
		rc |= cl_fmt_json_str(&b, s, n, raw);
	}
	for (i = lg->field0; i < lg->field0 + lg->nfields; i++) {
		const struct pb_key *k = pb_key(pg, pg->fields[i].key);

		rc |= sb_addc(&b, ',');
		rc |= cl_fmt_json_str(&b, k->p, k->len, raw);
		s = pb_value(pg, &pg->fields[i], &n);
		rc |= sb_addc(&b, ':');
		rc |= cl_fmt_json_str(&b, s, n, raw);
	}
	rc |= sb_adds(&b, "}\n");
	if (rc == 0)
		fwrite(b.p, 1, b.len, stdout);
	sb_free(&b);
}

static void
slsx_on_pull(void *ud, const struct cl_resp *rs, const struct cl_err *err)
{
	struct slsx_tail_shard *sh = ud;
	struct pb_page *pg;
	struct cl_err perr;
	size_t ng, i;

	sh->busy = 0;
	if (err->st != CL_OK) {
		if (err->st == CL_E_HTTP && err->http == 400) {
			/* a bad request (an SPL the server refuses) will not get better */
			if (!sh->x->fatal)
				sh->x->fatal = slsx_report("PullLogs", err);
			return;
		}
		if (!sh->failed)
			slsx_report("PullLogs", err);
		sh->failed = 1;
		sh->next_at = clk_mono_ms() + 2000;
		return;
	}
	pg = pb_page_new();
	if (cl_parse_pull(rs, pg, &ng, &perr) != 0) {
		slsx_report("PullLogs reply", &perr);
		pb_page_free(pg);
		sh->next_at = clk_mono_ms() + 2000;
		return;
	}
	sh->failed = 0;
	for (i = 0; i < pg->nlogs; i++)
		slsx_print_log(pg, i, sh->x->raw);
	fflush(stdout);
	pb_page_free(pg);
	snprintf(sh->cursor, sizeof sh->cursor, "%s", rs->cursor);
	/* pacing after the GO consumer: idle shards every 500 ms */
	sh->next_at = clk_mono_ms() + (ng == 0 ? 500 : ng < 100 ? 200 : 0);
}

static int
slsx_tail_cursor(struct slsx *x, int shard, const char *from, char *out, size_t outlen)
{
	struct cl_args a;
	struct cl_call call;
	struct slsx_result r;
	struct cl_err perr;
	int rc;

	cl_args_init(&a);
	cl_api_get_cursor(&call, &a, x->project, x->logstore, shard, from);
	rc = slsx_call(x, &call, &r);
	cl_args_free(&a);
	if (rc != 0)
		return slsx_report("GetCursor", &r.err);
	rc = cl_parse_cursor(&r.rs, out, outlen, &perr);
	slsx_result_free(&r);
	return rc == 0 ? EX_OK : slsx_report("GetCursor reply", &perr);
}

static int
slsx_cmd_tail(struct slsx *x, int only_shard, const char *from, const char *spl)
{
	struct slsx_tail_shard *sh = NULL;
	struct cl_shard *v = NULL;
	struct cl_args *args;
	int n = clis_get_shards(x, &v), ns = 0, i, rc;

	if (n < 0)
		return -n;
	sh = xcalloc((size_t)n + 1, sizeof *sh);
	for (i = 0; i < n; i++) {
		if (strcmp(v[i].status, "readwrite") != 0 || (only_shard >= 0 && v[i].id != only_shard))
			continue;
		sh[ns].id = v[i].id;
		sh[ns].x = x;
		rc = slsx_tail_cursor(x, v[i].id, from, sh[ns].cursor, sizeof sh[ns].cursor);
		if (rc != EX_OK) {
			free(v);
			free(sh);
			return rc;
		}
		ns++;
	}
	free(v);
	if (ns == 0) {
		fprintf(stderr, "slsx: no readwrite shard to follow\n");
		free(sh);
		return EX_FAIL;
	}
	args = xcalloc((size_t)ns, sizeof *args);
	while (!slsx_stop && !x->fatal) {
		int64_t now = clk_mono_ms();

		for (i = 0; i < ns; i++) {
			struct cl_call call;

			if (sh[i].busy || sh[i].next_at > now)
				continue;
			cl_args_free(&args[i]);
			cl_args_init(&args[i]);
			cl_api_pull_logs(&call, &args[i], x->project, x->logstore, sh[i].id,
			    sh[i].cursor, 1000, NULL);
			if (spl && *spl) {
				/* a server-side SPL filter, as the Python and Go SDKs send it */
				cl_args_add(&args[i], "query", spl);
				cl_args_add(&args[i], "pullMode", "scan_on_stream");
				call.nquery = args[i].n;
			}
			sh[i].busy = 1;
			cl_send(x->cl, &call, slsx_on_pull, &sh[i]);
		}
		cl_poll(x->cl, NULL, 0, 100);
	}
	for (i = 0; i < ns; i++)
		cl_args_free(&args[i]);
	free(args);
	free(sh);
	return x->fatal ? x->fatal : EX_OK;
}

/* ---- main ---------------------------------------------------------------- */

/* Query commands that work on one logstore. */
static int
slsx_needs_logstore(const char *cmd)
{
	static const char *const v[] = { "query", "histogram", "context", "index", "topics", NULL };
	size_t i;

	for (i = 0; v[i]; i++)
		if (strcmp(cmd, v[i]) == 0)
			return 1;
	return 0;
}

/* --limit (L), --inflight (I), -B, -A. */
static int
slsx_num_arg(int opt, const char *s, struct cliq_opts *qo)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	long long max = opt == 'L' ? 1000000000LL : opt == 'I' ? 64 : 100000;

	if (*end != '\0' || end == s || v < 0 || v > max) {
		fprintf(stderr, "slsx: bad number %s (0 to %lld)\n", s, max);
		return -1;
	}
	if (opt == 'B')
		qo->before = (int)v;
	else if (opt == 'A')
		qo->after = (int)v;
	else if (opt == 'I')
		qo->inflight = (int)v;
	else
		qo->limit = v;
	return 0;
}

static int
slsx_shard_arg(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	return *end == '\0' && v >= 0 && v < 1000000 ? (int)v : -2;
}

int
main(int argc, char **argv)
{
	enum { O_ENDPOINT = 256, O_CONNECT, O_REGION, O_RAW, O_LOG, O_VERSION, O_SHARD, O_FROM,
		O_TOPIC, O_SOURCE, O_SHARDS, O_TTL, O_DESC, O_TIMEOUT, O_PROFILE, O_TO, O_LIMIT,
		O_FORMAT, O_REVERSE, O_INFLIGHT, O_V1, O_PACK_ID, O_PACK_META, O_DEMO, O_THEME,
		O_EXIT_AFTER, O_QUERY, O_CACERT };
	static const struct option opts[] = { { "endpoint", required_argument, NULL, O_ENDPOINT },
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
		{ "format", required_argument, NULL, O_FORMAT },
		{ "reverse", no_argument, NULL, O_REVERSE },
		{ "inflight", required_argument, NULL, O_INFLIGHT },
		{ "v1", no_argument, NULL, O_V1 }, { "verbose", no_argument, NULL, 'v' },
		{ "pack-id", required_argument, NULL, O_PACK_ID },
		{ "pack-meta", required_argument, NULL, O_PACK_META },
		{ "before", required_argument, NULL, 'B' },
		{ "after", required_argument, NULL, 'A' },
		{ "demo", no_argument, NULL, O_DEMO },
		{ "theme", required_argument, NULL, O_THEME },
		{ "exit-after-ms", required_argument, NULL, O_EXIT_AFTER },
		{ "query", required_argument, NULL, O_QUERY }, { NULL, 0, NULL, 0 } };
	const char *spl = NULL;
	struct app_opts ao;
	struct demo demo;
	int use_demo = 0;
	struct cliq_opts qo;
	struct slsx x;
	struct cl_cfg cfg;
	struct cl_err err;
	const char *cmd, *from = NULL, *topic = "", *source = "", *desc = "";
	const char *profile = NULL;
	struct cl_cred cred;
	char cerr[512];
	int c, shard = -1, shards = 2, ttl = 30, rc;
	struct sigaction sa;

	memset(&x, 0, sizeof x);
	memset(&qo, 0, sizeof qo);
	memset(&ao, 0, sizeof ao);
	memset(&demo, 0, sizeof demo);
	qo.limit = 100;
	qo.before = qo.after = 10;
	memset(&cfg, 0, sizeof cfg);
	while ((c = getopt_long(argc, argv, "+hp:l:", opts, NULL)) != -1) {
		switch (c) {
		case O_ENDPOINT: cfg.endpoint = optarg; break;
		case O_CONNECT: cfg.connect_to = optarg; break;
		case O_CACERT: cfg.ca_file = optarg; break;
		case O_REGION: cfg.region = optarg; break;
		case O_RAW: x.raw = 1; break;
		case O_LOG: log_open(optarg, LOG_DEBUG); break;
		case O_PROFILE: profile = optarg; break;
		case O_TIMEOUT: {
			char *end;
			double v = strtod(optarg, &end);

			if (*end != '\0' || v <= 0 || v > 86400) {
				fprintf(stderr, "slsx: bad --timeout %s\n", optarg);
				return EX_USAGE;
			}
			cfg.deadline_ms = (long)(v * 1000);
			break;
		}
		case O_VERSION: printf("slsx %s\n", SLSX_VERSION); return EX_OK;
		case 'p': x.project = optarg; break;
		case 'l': x.logstore = optarg; break;
		case O_DEMO: use_demo = 1; break;
		case O_THEME: ao.theme = optarg; break;
		case O_FROM: from = optarg; break;
		case O_EXIT_AFTER: ao.exit_after_ms = atoi(optarg); break;
		case 'h': slsx_usage(stdout); return EX_OK;
		default: slsx_usage(stderr); return EX_USAGE;
		}
	}
	cmd = optind < argc ? argv[optind] : "ui";
	if (optind >= argc)
		argc = optind; /* no command: the terminal UI; nothing more to parse */
	/* parse the command's own options from a sub-argv; optind = 0 makes
	 * glibc's getopt start afresh */
	argv += optind;
	argc -= optind;
	optind = 0;
	while ((c = getopt_long(argc, argv, "hvp:l:B:A:", opts, NULL)) != -1) {
		switch (c) {
		case 'p': x.project = optarg; break;
		case 'l': x.logstore = optarg; break;
		case O_SHARD:
			if ((shard = slsx_shard_arg(optarg)) < 0) {
				fprintf(stderr, "slsx: bad --shard %s\n", optarg);
				return EX_USAGE;
			}
			break;
		case O_FROM: from = optarg; break;
		case O_TOPIC: topic = optarg; break;
		case O_SOURCE: source = optarg; break;
		case O_SHARDS:
		case O_TTL: {
			char *end;
			long v = strtol(optarg, &end, 10);

			if (*end != '\0' || v < 1 || v > 3650) {
				fprintf(stderr, "slsx: bad --%s %s\n", c == O_SHARDS ? "shards" : "ttl",
				    optarg);
				return EX_USAGE;
			}
			*(c == O_SHARDS ? &shards : &ttl) = (int)v;
			break;
		}
		case O_DESC: desc = optarg; break;
		case O_TO: qo.to = optarg; break;
		case O_FORMAT: qo.format = optarg; break;
		case O_REVERSE: qo.reverse = 1; break;
		case O_V1: qo.v1 = 1; break;
		case 'v': qo.verbose = 1; break;
		case O_PACK_ID: qo.pack_id = optarg; break;
		case O_QUERY: spl = optarg; break;
		case O_PACK_META: qo.pack_meta = optarg; break;
		case O_LIMIT:
		case O_INFLIGHT:
		case 'B':
		case 'A':
			if (slsx_num_arg(c == O_LIMIT ? 'L' : c == O_INFLIGHT ? 'I' : c, optarg, &qo) != 0)
				return EX_USAGE;
			break;
		case O_RAW: x.raw = 1; break;
		case O_ENDPOINT: cfg.endpoint = optarg; break;
		case O_CONNECT: cfg.connect_to = optarg; break;
		case O_CACERT: cfg.ca_file = optarg; break;
		case O_REGION: cfg.region = optarg; break;
		case O_PROFILE: profile = optarg; break;
		case 'h': slsx_usage(stdout); return EX_OK;
		default: slsx_usage(stderr); return EX_USAGE;
		}
	}
	if (use_demo) {
		if (demo_start(&demo, argv[0], cerr, sizeof cerr) != 0) {
			fprintf(stderr, "slsx --demo: %s\n", cerr);
			return EX_FAIL;
		}
		setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", demo.ak_id, 1);
		setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", demo.ak_secret, 1);
		unsetenv("ALIBABA_CLOUD_SECURITY_TOKEN");
		cfg.endpoint = demo.url;
		profile = NULL;
		if (x.project == NULL) {
			x.project = "demo";
			x.logstore = x.logstore ? x.logstore : "nginx-access";
		}
	}
	if (cl_cred_load(profile, NULL, &cred, cerr, sizeof cerr) < 0) {
		fprintf(stderr, "slsx: %s\n", cerr);
		return EX_AUTH;
	}
	if (cred.warning[0])
		fprintf(stderr, "slsx: %s\n", cred.warning);
	if (cfg.endpoint == NULL && cred.endpoint[0])
		cfg.endpoint = cred.endpoint;
	if (x.project == NULL && cred.project[0])
		x.project = cred.project;
	if (x.logstore == NULL && cred.logstore[0])
		x.logstore = cred.logstore;
	if (cfg.ca_file == NULL && cred.ca_file[0])
		cfg.ca_file = cred.ca_file;
	if (cfg.endpoint == NULL) {
		fprintf(stderr, "slsx: no endpoint: give --endpoint, set SLSX_ENDPOINT, or put "
				"endpoint = ... in ~/.config/slsx/config\n");
		return EX_USAGE;
	}
	cfg.ak_id = cred.ak_id[0] ? cred.ak_id : NULL;
	cfg.ak_secret = cred.ak_secret[0] ? cred.ak_secret : NULL;
	cfg.sts_token = cred.sts_token[0] ? cred.sts_token : NULL;
	if ((strcmp(cmd, "logstores") == 0 || strcmp(cmd, "create-logstore") == 0 ||
	    strcmp(cmd, "shards") == 0 || strcmp(cmd, "tail") == 0 || strcmp(cmd, "put") == 0 ||
	    slsx_needs_logstore(cmd) || strcmp(cmd, "project-query") == 0) && x.project == NULL) {
		fprintf(stderr, "slsx %s: -p PROJECT is required\n", cmd);
		return EX_USAGE;
	}
	if ((strcmp(cmd, "shards") == 0 || strcmp(cmd, "tail") == 0 || strcmp(cmd, "put") == 0 ||
	    slsx_needs_logstore(cmd)) &&
	    x.logstore == NULL) {
		fprintf(stderr, "slsx %s: -l LOGSTORE is required\n", cmd);
		return EX_USAGE;
	}
	qo.from = from;
	if (from && strcmp(from, "begin") != 0 && strcmp(from, "end") != 0) {
		static char from_secs[24];
		char terr[160];
		time_t t;

		if (tparse(from, clk_wall(), &t, terr, sizeof terr) != 0) {
			fprintf(stderr, "slsx: --from: %s\n", terr);
			return EX_USAGE;
		}
		snprintf(from_secs, sizeof from_secs, "%lld", (long long)t);
		from = from_secs;
	}
	if ((x.cl = cl_client_new(&cfg, &err)) == NULL) {
		if (use_demo)
			demo_stop(&demo);
		return slsx_report("setup", &err);
	}
	if (cred.expires > 0)
		cl_client_set_refresh(x.cl, cl_cred_ecs_refresh, &cred, cred.expires);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = slsx_on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (strcmp(cmd, "ui") == 0) {
		static struct slsx_ui_conf uc;
		static struct keymap km;

		uc.ao = &ao;
		uc.km = &km;
		slsx_ui_config(&uc);
		ao.project = x.project;
		ao.logstore = x.logstore;
		ao.cfg = &cfg;
		ao.profile = profile;
		ao.home = use_demo ? NULL : getenv("HOME");
		if (use_demo)
			ao.endpoints = NULL; /* the demo is its own world */
		ao.from = from;
		setlocale(LC_ALL, "");
		setlocale(LC_NUMERIC, "C");
		rc = app_run(x.cl, &ao);
	} else if (strcmp(cmd, "whoami") == 0 || strcmp(cmd, "doctor") == 0) {
		rc = slsx_cmd_whoami(&x, &cfg, cred.source);
	} else if (strcmp(cmd, "projects") == 0) {
		rc = slsx_cmd_list(&x, 1);
	} else if (strcmp(cmd, "logstores") == 0) {
		rc = slsx_cmd_list(&x, 0);
	} else if (strcmp(cmd, "shards") == 0) {
		rc = clis_shards(&x);
	} else if (strcmp(cmd, "tail") == 0) {
		rc = slsx_cmd_tail(&x, shard, from ? from : "end", spl);
	} else if (strcmp(cmd, "query") == 0 || strcmp(cmd, "histogram") == 0) {
		const char *q = optind < argc ? argv[optind] : "*";

		rc = cmd[0] == 'q' ? cliq_query(&x, &qo, q) : cliq_histogram(&x, &qo, q);
	} else if (strcmp(cmd, "context") == 0) {
		rc = cliq_context(&x, &qo);
	} else if (strcmp(cmd, "index") == 0) {
		rc = cliq_index(&x, &qo);
	} else if (strcmp(cmd, "topics") == 0) {
		rc = cliq_topics(&x);
	} else if (strcmp(cmd, "project-query") == 0 && optind < argc) {
		rc = cliq_project_query(&x, &qo, argv[optind]);
	} else if (strcmp(cmd, "put") == 0) {
		rc = optind < argc ? slsx_cmd_put(&x, topic, source, argv[optind]) : EX_USAGE;
		if (rc == EX_USAGE)
			fprintf(stderr, "slsx put: give a FILE or - for stdin\n");
	} else if (strcmp(cmd, "create-project") == 0 && optind < argc) {
		struct cl_args a;
		struct cl_call call;

		cl_args_init(&a);
		cl_api_create_project(&call, &a, argv[optind], desc);
		rc = slsx_simple(&x, &call, "CreateProject");
		cl_args_free(&a);
	} else if (strcmp(cmd, "create-logstore") == 0 && optind < argc) {
		struct cl_args a;
		struct cl_call call;

		cl_args_init(&a);
		cl_api_create_logstore(&call, &a, x.project, argv[optind], ttl, shards);
		rc = slsx_simple(&x, &call, "CreateLogStore");
		cl_args_free(&a);
	} else {
		fprintf(stderr, "slsx: unknown command or missing argument: %s (slsx --help)\n", cmd);
		rc = EX_USAGE;
	}
	cl_client_free(x.cl);
	if (use_demo)
		demo_stop(&demo);
	return rc;
}
