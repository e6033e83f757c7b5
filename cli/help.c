/*
 * help — what slsx says about itself: `slsx COMMAND --help` and `slsx help
 * COMMAND` (that command's usage, options and examples), and `slsx
 * --version` with the versions of the libraries it runs with.
 */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <curses.h>
#include <lz4.h>
#include <openssl/crypto.h>
#include <protobuf-c/protobuf-c.h>
#include <readline/readline.h>

#include "cli/help.h"

struct help_cmd {
	const char *name;
	const char *usage;    /* synopsis and what it does */
	const char *options;  /* its own options, one per line */
	const char *examples;
};

static const struct help_cmd help_cmds[] = {
	{ "ui", "slsx [global options] [-p PROJECT [-l LOGSTORE]] [--from TIME] [FILE...|-]\n"
		"  the terminal UI (the default when no command is given)",
	    "  -p, --project P     open this project\n"
	    "  -l, --logstore L    and this logstore (the query runs at once)\n"
	    "  --from TIME         the start of the range (default -15m)\n"
	    "  --theme NAME|FILE   dark, light, high-contrast, mono, or a .theme file\n"
	    "  --demo              a private slsd with demo data; nothing else needed\n"
	    "  FILE... | -         local log files (- : standard input) in a private slsd,\n"
	    "                      followed; the UI opens on the first with their range\n",
	    "  slsx --demo\n"
	    "  slsx /var/log/nginx/access.log app.jsonl\n"
	    "  kubectl logs -f deploy/api | slsx -\n"
	    "  slsx --endpoint cn-hangzhou -p myproject -l web --from 1h\n" },
	{ "whoami", "slsx whoami [-p PROJECT]   (also: doctor)\n"
		"  where the keys come from (never the secret), the endpoint, the signature,\n"
		"  and whether the endpoint answers a signed request",
	    "  -p, --project P     also ask for that project\n",
	    "  slsx --endpoint cn-shanghai whoami\n"
	    "  slsx --profile prod whoami -p myproject\n" },
	{ "projects", "slsx projects\n  every project, one name per line", "",
	    "  slsx --endpoint cn-hangzhou projects\n" },
	{ "logstores", "slsx logstores -p PROJECT\n  every logstore of a project, one name per line",
	    "  -p, --project P\n", "  slsx logstores -p myproject\n" },
	{ "shards", "slsx shards -p PROJECT -l LOGSTORE\n"
		"  ttl and shard count, then each shard: id, status, the receive time of its\n"
		"  oldest and newest data, hash range",
	    "  -p, --project P\n  -l, --logstore L\n", "  slsx shards -p myproject -l web\n" },
	{ "tail", "slsx tail -p PROJECT -l LOGSTORE [--shard N] [--from end|begin|TIME] [--query SPL]\n"
		"  follow every readwrite shard, one JSON object per log, until interrupted",
	    "  --shard N           follow that shard only\n"
	    "  --from WHERE        end (default), begin, or a TIME: logs received since then\n"
	    "  --query SPL         filter on the server: '* | where COND [| where COND]'\n",
	    "  slsx tail -p myproject -l web\n"
	    "  slsx tail -p myproject -l web --from 10m --query \"* | where status = '500'\"\n" },
	{ "put", "slsx put -p PROJECT -l LOGSTORE [--topic T] [--source S] FILE|-\n"
		"  write a file's logs, the format found as slsd --ingest finds it (JSON,\n"
		"  Docker, Kubernetes CRI, logfmt, syslog, nginx/Apache, plain text with\n"
		"  multi-line entries), each with its own time; a .gz file through zlib",
	    "  --topic T           the topic of the log groups\n"
	    "  --source S          their source\n",
	    "  slsx put -p myproject -l web access.log\n"
	    "  kubectl logs pod/x | slsx put -p myproject -l k8s -\n" },
	{ "query", "slsx query -p PROJECT -l LOGSTORE [options] 'QUERY'\n"
		"  a search or search | SQL over [--from, --to), paged by itself",
	    "  --from TIME         the start (default -15m); --to TIME the end (default now)\n"
	    "  --limit N           rows (default 100; 0: every row)\n"
	    "  --reverse           newest first\n"
	    "  --format F          table, text, jsonl, json or csv (default: by terminal)\n"
	    "  --inflight N        requests at once (default: adaptive, 4 up to 16)\n"
	    "  --v1                GetLogs v1 only\n"
	    "  --saved NAME        a saved query (:save in the UI): its project, logstore,\n"
	    "                      range and query where the command line gives none\n"
	    "  -v, --verbose       request figures on stderr\n",
	    "  slsx query -p myproject -l web --from 1h 'status:500 and uri:/api*'\n"
	    "  slsx query -p myproject -l web --limit 0 --format jsonl '*' > all.jsonl\n"
	    "  slsx query -p myproject -l web '* | select status, count(*) as n group by status'\n" },
	{ "histogram", "slsx histogram -p PROJECT -l LOGSTORE [--from TIME] [--to TIME]\n"
		"               [--interval SPAN] 'SEARCH'\n"
		"  hits over time (the search part of a query)",
	    "  --interval SPAN     each bucket this long: 30s, 5m, 1h, 1d or seconds\n"
	    "                      (default: the server picks the size)\n"
	    "  --format jsonl      one bucket per line as JSON\n",
	    "  slsx histogram -p myproject -l web --from 1d 'level:ERROR'\n"
	    "  slsx histogram -p myproject -l web --from 1d --interval 1h 'status:500'\n" },
	{ "top", "slsx top -p PROJECT -l LOGSTORE [options] FIELD ['SEARCH']\n"
		"  a field's top values over the search: value, count, share, a bar; for a\n"
		"  numeric field (long or double in the index) also min, max, average,\n"
		"  p50/p90/p99 and a distribution",
	    "  --from TIME         the start (default -15m); --to TIME the end (default now)\n"
	    "  --limit N           values shown (default 10)\n"
	    "  --format F          table or jsonl (default table)\n",
	    "  slsx top -p myproject -l web --from 1h status\n"
	    "  slsx top -p myproject -l web request_time 'status >= 500'\n" },
	{ "compare", "slsx compare -p PROJECT -l LOGSTORE --from TIME [--to TIME] [options] ['SEARCH']\n"
		"  the window against a baseline (by default the same length just before):\n"
		"  hits and rate, patterns new, gone and moved most, the field values whose\n"
		"  share moved most; most surprising first",
	    "  --from TIME         the window's start (default -15m); --to TIME its end (now)\n"
	    "  --baseline-from T   the baseline's start; --baseline-to T its end (default:\n"
	    "                      as long as the window)\n"
	    "  --field a,b         the fields whose values are compared (default: the\n"
	    "                      index's text and long fields with 2 to 30 values)\n"
	    "  --sample N          logs looked at per side, at most (default 100000)\n"
	    "  --format F          table or jsonl (default table)\n",
	    "  slsx compare -p myproject -l app --from 1h\n"
	    "  slsx compare -p myproject -l app --from 1h --baseline-from 1d --field level\n" },
	{ "patterns", "slsx patterns -p PROJECT -l LOGSTORE [options] ['SEARCH']\n"
		"  the kinds of line the search matches (log patterns): templates with\n"
		"  their variables as <*>, count, share, first and last time, a sparkline",
	    "  --from TIME         the start (default -15m); --to TIME the end (default now)\n"
	    "  --sample N          logs looked at, at most (default 100000; spread over the\n"
	    "                      range in proportion to its hits when there are more)\n"
	    "  --field F           make lines of field F (default: content, message, msg or\n"
	    "                      log, else every field as k=v)\n"
	    "  --limit N           patterns shown (default all)\n"
	    "  --format F          table or jsonl (default table)\n",
	    "  slsx patterns -p myproject -l app --from 1h 'level:ERROR'\n"
	    "  slsx patterns -p myproject -l app --from 1d --format jsonl | head\n" },
	{ "context", "slsx context -p PROJECT -l LOGSTORE --pack-id ID --pack-meta META [-B N] [-A N]\n"
		"  the lines before and after a log (query output carries __tag__:__pack_id__\n"
		"  and __pack_meta__)",
	    "  -B, --before N      lines before (default 10)\n"
	    "  -A, --after N       lines after (default 10)\n"
	    "  --format F          as for query\n",
	    "  slsx context -p myproject -l web --pack-id 7DF2FB72-0 --pack-meta '1|MTc5|1|0' -B 50\n" },
	{ "index", "slsx index -p PROJECT -l LOGSTORE\n  indexed fields, their types, SQL-enabled",
	    "  --format jsonl      one field per line as JSON\n", "  slsx index -p myproject -l web\n" },
	{ "topics", "slsx topics -p PROJECT -l LOGSTORE\n  the topics of a logstore", "",
	    "  slsx topics -p myproject -l web\n" },
	{ "project-query", "slsx project-query -p PROJECT 'SQL'\n"
		"  SQL over the project's logstores (FROM ls1 JOIN ls2 ...; give a time range in\n"
		"  the SQL)",
	    "  --format F          as for query\n",
	    "  slsx project-query -p myproject \"select count(*) from web where __time__ > "
	    "to_unixtime(now()) - 3600\"\n" },
	{ "create-project", "slsx create-project NAME [--description TEXT]", "  --description TEXT\n",
	    "  slsx create-project myproject --description 'web logs'\n" },
	{ "create-logstore", "slsx create-logstore -p PROJECT NAME [--shards N] [--ttl DAYS]",
	    "  --shards N          shards (default 2)\n  --ttl DAYS          retention (default 30)\n",
	    "  slsx create-logstore -p myproject web --shards 4 --ttl 7\n" },
};

int
help_command(FILE *fp, const char *name)
{
	size_t i;

	if (strcmp(name, "doctor") == 0)
		name = "whoami";
	for (i = 0; i < sizeof help_cmds / sizeof help_cmds[0]; i++) {
		const struct help_cmd *h = &help_cmds[i];

		if (strcmp(h->name, name) != 0)
			continue;
		fprintf(fp, "usage: %s\n", h->usage);
		if (h->options[0])
			fprintf(fp, "\noptions:\n%s", h->options);
		fprintf(fp, "\nexamples:\n%s", h->examples);
		fputs("\nglobal options (--endpoint, --profile, --timeout, ...), TIME and exit codes: "
		      "slsx --help\n", fp);
		return 0;
	}
	return -1;
}

void
help_version(FILE *fp, const char *version)
{
	const curl_version_info_data *cv = curl_version_info(CURLVERSION_NOW);

	fprintf(fp, "slsx %s\n", version);
	fprintf(fp, "libcurl %s (%s)\n", cv->version, cv->ssl_version ? cv->ssl_version : "no TLS");
	fprintf(fp, "OpenSSL %s\n", OpenSSL_version(OPENSSL_VERSION_STRING));
	fprintf(fp, "%s\n", curses_version());
	fprintf(fp, "GNU readline %s\n", rl_library_version ? rl_library_version : "?");
	fprintf(fp, "liblz4 %s\n", LZ4_versionString());
	fprintf(fp, "protobuf-c %s\n", protobuf_c_version());
	fprintf(fp, "cJSON %s\n", cJSON_Version());
}
