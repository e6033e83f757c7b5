/*
 * test_server_ingest_fmt — the formats slsd finds without configuration:
 * logfmt (quoted values, escapes, a leading timestamp, what is not
 * logfmt), syslog RFC 3164 (with and without <PRI>, with a pid, an ISO
 * time) and RFC 5424 (nil values, structured data, a BOM), Docker and
 * Kubernetes json-file lines (the newline stripped, a JSON log's fields),
 * sniffing each, and multi-line plain text entries (a Java stack trace, a
 * Python traceback) kept whole through a real file; Kubernetes CRI and
 * Docker files with partial lines joined into one log each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/sb.h"
#include "proto/lfmt.h"
#include "proto/lfmt_fmt.h"
#include "proto/pb.h"
#include "server/sd_catalog.h"
#include "server/sd_ingest.h"
#include "server/sd_store.h"
#include "tests/unit/t.h"

/* The value of field k of pg's last log ("" when missing: checked apart). */
static const char *
val(const struct pb_page *pg, const char *k)
{
	static char buf[512];
	const struct pb_field *f = pb_log_get(pg, pg->nlogs - 1, k, strlen(k));
	size_t vl;
	const char *v;

	if (f == NULL)
		return "<none>";
	v = pb_value(pg, f, &vl);
	snprintf(buf, sizeof buf, "%.*s", (int)vl, v);
	return buf;
}

static int
parse(enum lfmt fmt, const char *line, struct pb_page *pg)
{
	return lfmt_parse(fmt, line, strlen(line), 7, pg);
}

static void
test_logfmt(void)
{
	struct pb_page *pg = pb_page_new();

	pb_add_group(pg, NULL, NULL, NULL);
	T_EQ_INT(parse(LFMT_LOGFMT, "time=2024-01-01T00:00:00Z level=info msg=\"hello "
	    "\\\"big\\\" world\" n=5 empty=", pg), 0);
	T_EQ_INT(pg->logs[pg->nlogs - 1].time, 1704067200);
	T_EQ_STR(val(pg, "level"), "info");
	T_EQ_STR(val(pg, "msg"), "hello \"big\" world");
	T_EQ_STR(val(pg, "n"), "5");
	T_EQ_STR(val(pg, "empty"), "");
	T_EQ_STR(val(pg, "time"), "2024-01-01T00:00:00Z");
	/* a leading timestamp, then pairs; no time: the fallback */
	T_EQ_INT(parse(LFMT_LOGFMT, "2024-01-01T00:00:10Z a=1 b=two", pg), 0);
	T_EQ_INT(pg->logs[pg->nlogs - 1].time, 1704067210);
	T_EQ_STR(val(pg, "b"), "two");
	T_EQ_INT(parse(LFMT_LOGFMT, "a=1 b=2", pg), 0);
	T_EQ_INT(pg->logs[pg->nlogs - 1].time, 7);
	T_EQ_INT((int)pg->nlogs, 3);
	/* not logfmt: nothing added */
	T_EQ_INT(parse(LFMT_LOGFMT, "just some words", pg), -1);
	T_EQ_INT(parse(LFMT_LOGFMT, "a=1", pg), -1);             /* one pair only */
	T_EQ_INT(parse(LFMT_LOGFMT, "a=1 word b=2", pg), -1);    /* a bare word */
	T_EQ_INT(parse(LFMT_LOGFMT, "a=\"open b=2", pg), -1);    /* unterminated */
	T_EQ_INT(parse(LFMT_LOGFMT, "a=x\"y\" b=2", pg), -1);
	T_EQ_INT(parse(LFMT_LOGFMT, "=1 b=2", pg), -1);
	T_EQ_INT((int)pg->nlogs, 3);
	pb_page_free(pg);
}

static void
test_syslog(void)
{
	struct pb_page *pg = pb_page_new();

	setenv("TZ", "UTC", 1);
	tzset();
	pb_add_group(pg, NULL, NULL, NULL);
	T_EQ_INT(parse(LFMT_SYSLOG, "<34>Oct 11 22:14:15 mymachine su[123]: 'su root' failed", pg),
	    0);
	T_EQ_STR(val(pg, "facility"), "4");
	T_EQ_STR(val(pg, "severity"), "2");
	T_EQ_STR(val(pg, "host"), "mymachine");
	T_EQ_STR(val(pg, "app"), "su");
	T_EQ_STR(val(pg, "pid"), "123");
	T_EQ_STR(val(pg, "message"), "'su root' failed");
	{
		time_t t = pg->logs[pg->nlogs - 1].time;
		struct tm tm;

		gmtime_r(&t, &tm);
		T_EQ_INT(tm.tm_mon, 9);
		T_EQ_INT(tm.tm_mday, 11);
		T_EQ_INT(tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec, 22 * 3600 + 14 * 60 + 15);
	}
	/* /var/log/syslog: no <PRI>, a one-digit day, no pid */
	T_EQ_INT(parse(LFMT_SYSLOG, "Jan  5 14:02:11 web1 kernel: [  1.5] eth0 up", pg), 0);
	T_EQ_STR(val(pg, "facility"), "<none>");
	T_EQ_STR(val(pg, "app"), "kernel");
	T_EQ_STR(val(pg, "pid"), "<none>");
	T_EQ_STR(val(pg, "message"), "[  1.5] eth0 up");
	/* rsyslog's ISO time */
	T_EQ_INT(parse(LFMT_SYSLOG, "2024-01-01T00:00:00.123+00:00 h1 cron[9]: job done", pg), 0);
	T_EQ_INT(pg->logs[pg->nlogs - 1].time, 1704067200);
	T_EQ_STR(val(pg, "host"), "h1");
	/* RFC 5424 */
	T_EQ_INT(parse(LFMT_SYSLOG, "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog "
	    "- ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Appli\\\"cation\"] \xEF\xBB\xBF"
	    "An application event", pg), 0);
	T_EQ_INT(pg->logs[pg->nlogs - 1].time, 1065910455);
	T_EQ_STR(val(pg, "facility"), "20");
	T_EQ_STR(val(pg, "severity"), "5");
	T_EQ_STR(val(pg, "host"), "mymachine.example.com");
	T_EQ_STR(val(pg, "app"), "evntslog");
	T_EQ_STR(val(pg, "pid"), "<none>"); /* "-" */
	T_EQ_STR(val(pg, "msgid"), "ID47");
	T_EQ_STR(val(pg, "iut"), "3");
	T_EQ_STR(val(pg, "eventSource"), "Appli\"cation");
	T_EQ_STR(val(pg, "message"), "An application event");
	T_EQ_INT(parse(LFMT_SYSLOG, "<34>1 2003-10-11T22:14:15Z host app 77 - - no sd here", pg), 0);
	T_EQ_STR(val(pg, "pid"), "77");
	T_EQ_STR(val(pg, "structured_data"), "<none>");
	T_EQ_STR(val(pg, "message"), "no sd here");
	T_EQ_INT((int)pg->nlogs, 5);
	/* not syslog */
	T_EQ_INT(parse(LFMT_SYSLOG, "<999>Oct 11 22:14:15 h a: m", pg), -1);
	T_EQ_INT(parse(LFMT_SYSLOG, "Oct 11 22:14:15 host no colon tag", pg), -1);
	T_EQ_INT(parse(LFMT_SYSLOG, "<34>1 notatime host app - - - m", pg), -1);
	T_EQ_INT(parse(LFMT_SYSLOG, "<34>1 2003-10-11T22:14:15Z host app - - [unterminated", pg),
	    -1);
	T_EQ_INT(parse(LFMT_SYSLOG, "hello world", pg), -1);
	T_EQ_INT((int)pg->nlogs, 5);
	pb_page_free(pg);
	unsetenv("TZ");
	tzset();
}

static void
test_docker(void)
{
	struct pb_page *pg = pb_page_new();
	int dk = 0;
	const char *l1 = "{\"log\":\"GET / 200\\n\",\"stream\":\"stdout\","
			 "\"time\":\"2024-01-01T00:00:00.123456789Z\"}";
	const char *l2 = "{\"log\":\"{\\\"level\\\":\\\"error\\\",\\\"code\\\":7,\\\"stream\\\":\\\"x\\\"}"
			 "\\r\\n\",\"stream\":\"stderr\",\"time\":\"2024-01-01T00:00:01Z\"}";

	pb_add_group(pg, NULL, NULL, NULL);
	T_EQ_INT(lfmt_fmt_json(l1, strlen(l1), 7, pg, &dk), 0);
	T_EQ_INT(dk, 1);
	T_EQ_INT(pg->logs[pg->nlogs - 1].time, 1704067200);
	T_EQ_STR(val(pg, "log"), "GET / 200");
	T_EQ_STR(val(pg, "stream"), "stdout");
	T_EQ_INT(parse(LFMT_DOCKER, l2, pg), 0);
	T_EQ_INT(pg->logs[pg->nlogs - 1].time, 1704067201);
	T_EQ_STR(val(pg, "level"), "error");
	T_EQ_STR(val(pg, "code"), "7");
	T_EQ_STR(val(pg, "stream"), "stderr"); /* the outer one wins */
	T_EQ_STR(val(pg, "log"), "{\"level\":\"error\",\"code\":7,\"stream\":\"x\"}");
	/* a plain JSON object is no Docker line */
	T_EQ_INT(lfmt_fmt_json("{\"log\":1}", 9, 7, pg, &dk), 0);
	T_EQ_INT(dk, 0);
	pb_page_free(pg);
}

static void
test_sniff(void)
{
	const char *lf[] = { "level=info msg=\"a b\" n=1", "level=warn msg=x n=2", "" };
	const char *sy[] = { "Jan  5 14:02:11 web1 sshd[22]: accepted", "Jan  5 14:02:12 web1 cron: x",
		"<13>1 2024-01-01T00:00:00Z h a - - - m" };
	const char *dk[] = { "{\"log\":\"a\\n\",\"stream\":\"stdout\",\"time\":\"2024-01-01T00:00:00Z\"}",
		"{\"log\":\"b\\n\",\"stream\":\"stderr\",\"time\":\"2024-01-01T00:00:01Z\"}" };
	const char *js[] = { "{\"a\":1}", "{\"log\":\"x\",\"stream\":\"o\"}", "{\"c\":3}" };
	const char *pl[] = { "2024-01-01T00:00:00Z started a=1 b=2", "plain words", "x y" };

	T_EQ_INT(lfmt_sniff(lf, 3), LFMT_LOGFMT);
	T_EQ_INT(lfmt_sniff(sy, 3), LFMT_SYSLOG);
	T_EQ_INT(lfmt_sniff(dk, 2), LFMT_DOCKER);
	T_EQ_INT(lfmt_sniff(js, 3), LFMT_JSON);
	T_EQ_INT(lfmt_sniff(pl, 3), LFMT_PLAIN);
}

/* Every log of local/name's two shards into pg. */
static int
all_logs(struct sd_store *s, const char *name, struct pb_page *pg)
{
	struct sd_logstore ls;
	struct sd_err e;
	int sh;

	pb_page_clear(pg);
	if (sd_catalog_logstore_get(s, "local", name, &ls, &e) != 0)
		return -1;
	for (sh = 0; sh < 2; sh++) {
		struct sb out;
		int64_t c, next, last;
		int ng;

		sd_store_cursor_get(s, ls.id, sh, "begin", &c, &e);
		sb_init(&out, 0);
		if (sd_store_pull(s, ls.id, sh, c, -1, 1000, 1 << 20, &out, &ng, &next, &last, &e) == 0 &&
		    ng > 0)
			T_CHECK(pb_decode_list(pg, out.p, out.len, NULL) == 0);
		sb_free(&out);
	}
	return (int)pg->nlogs;
}

static void
test_multiline_file(void)
{
	char path[] = "/tmp/slsx-ml-XXXXXX", spec[64], err[256], *ix;
	int fd = mkstemp(path);
	FILE *fp = fdopen(fd, "w");
	struct sd_err e;
	struct sd_store *s = sd_store_open(NULL, &e);
	struct pb_page *pg = pb_page_new();
	struct sd_logstore ls;
	size_t i, vl, found = 0;

	T_REQUIRE(fp != NULL);
	fputs("2024-01-01 10:00:00,001 INFO start\n"
	      "2024-01-01 10:00:01,002 ERROR failed\n"
	      "java.lang.IllegalStateException: bad\n"
	      "\tat com.x.A.run(A.java:1)\n"
	      "Caused by: java.io.IOException: io\n"
	      "\t... 3 more\n"
	      "2024-01-01 10:00:02,003 ERROR py\n"
	      "Traceback (most recent call last):\n"
	      "  File \"a.py\", line 1, in <module>\n"
	      "ZeroDivisionError: division by zero\n"
	      "2024-01-01 10:00:03,004 INFO end\n", fp);
	fclose(fp);
	snprintf(spec, sizeof spec, "%s:ml", path);
	T_EQ_INT(sd_ingest_file(s, spec, err, sizeof err), 4);
	T_EQ_INT(all_logs(s, "ml", pg), 4);
	for (i = 0; i < pg->nlogs; i++) {
		const char *v = pb_value(pg, pb_log_get(pg, i, "content", 7), &vl);

		if (strcmp(v, "2024-01-01 10:00:01,002 ERROR failed\njava.lang.IllegalStateException: "
		    "bad\n\tat com.x.A.run(A.java:1)\nCaused by: java.io.IOException: io\n\t... 3 more") == 0)
			found++;
		if (strcmp(v, "2024-01-01 10:00:02,003 ERROR py\nTraceback (most recent call last):\n"
		    "  File \"a.py\", line 1, in <module>\nZeroDivisionError: division by zero") == 0)
			found++;
	}
	T_EQ_INT((int)found, 2);
	/* an entry of 3,000 continuation lines of 1 KiB: kept up to 1 MiB, the
	 * next entry whole */
	fp = fopen(path, "w");
	T_REQUIRE(fp != NULL);
	fputs("2024-01-01 10:00:00,001 ERROR huge trace\n", fp);
	for (i = 0; i < 3000; i++)
		fprintf(fp, "\tat frame%04zu %01000d\n", i, 0);
	fputs("2024-01-01 10:00:01,001 INFO after\n", fp);
	fclose(fp);
	snprintf(spec, sizeof spec, "%s:huge", path);
	T_EQ_INT(sd_ingest_file(s, spec, err, sizeof err), 2);
	T_EQ_INT(all_logs(s, "huge", pg), 2);
	found = 0;
	for (i = 0; i < pg->nlogs; i++) {
		const struct pb_field *f = pb_log_get(pg, i, "content", 7);

		if (f && f->vlen > 1000000 && f->vlen <= ((size_t)1 << 20) &&
		    strncmp(pb_value(pg, f, &vl), "2024-01-01 10:00:00,001 ERROR huge trace\n\tat "
		    "frame0000", 50) == 0)
			found++;
		if (f && strcmp(pb_value(pg, f, &vl), "2024-01-01 10:00:01,001 INFO after") == 0)
			found++;
	}
	T_EQ_INT((int)found, 2);
	/* a logfmt file: fields indexed like any logstore's */
	fp = fopen(path, "w");
	T_REQUIRE(fp != NULL);
	fputs("ts=2024-01-01T00:00:00Z level=info status=200 msg=\"ok\"\n"
	      "ts=2024-01-01T00:00:01Z level=error status=500 msg=\"failed hard\"\n", fp);
	fclose(fp);
	snprintf(spec, sizeof spec, "%s:lf", path);
	T_EQ_INT(sd_ingest_file(s, spec, err, sizeof err), 2);
	T_REQUIRE(sd_catalog_logstore_get(s, "local", "lf", &ls, &e) == 0);
	ix = sd_catalog_index_get(s, ls.id);
	T_CHECK(ix && strstr(ix, "\"status\":{\"type\":\"long\"") != NULL);
	T_CHECK(ix && strstr(ix, "\"msg\":{\"type\":\"text\"") != NULL);
	free(ix);
	T_EQ_INT(all_logs(s, "lf", pg), 2);
	T_EQ_STR(pb_value(pg, pb_log_get(pg, 1, "msg", 3), &vl), "failed hard");
	T_EQ_INT(pg->logs[1].time, 1704067201);
	pb_page_free(pg);
	sd_store_close(s);
	unlink(path);
}

/* Kubernetes CRI and Docker files with partial lines: one log per line
 * written, topic cri / docker, the fields indexed. */
static void
test_cri_docker_file(void)
{
	char path[] = "/tmp/slsx-cri-XXXXXX", spec[64], err[256], *ix, big[20001];
	int fd = mkstemp(path), i;
	FILE *fp = fdopen(fd, "w");
	struct sd_err e;
	struct sd_store *s = sd_store_open(NULL, &e);
	struct pb_page *pg = pb_page_new();
	struct sd_logstore ls;
	size_t vl;
	const struct pb_field *f;

	T_REQUIRE(fp != NULL);
	fputs("2024-05-01T10:00:00.000000001Z stdout F {\"level\":\"info\",\"status\":200}\n"
	      "2024-05-01T10:00:01.000000002Z stderr P a long line, \n"
	      "2024-05-01T10:00:01.000000003Z stderr P still going, \n"
	      "2024-05-01T10:00:01.000000004Z stderr F done\n", fp);
	fclose(fp);
	snprintf(spec, sizeof spec, "%s:cri", path);
	T_EQ_INT(sd_ingest_file(s, spec, err, sizeof err), 2);
	T_EQ_INT(all_logs(s, "cri", pg), 2);
	for (i = 0; i < 2; i++) {
		f = pb_log_get(pg, (size_t)i, "stream", 6);
		T_REQUIRE(f != NULL);
		if (strcmp(pb_value(pg, f, &vl), "stderr") == 0) {
			T_EQ_STR(pb_value(pg, pb_log_get(pg, (size_t)i, "content", 7), &vl),
			    "a long line, still going, done");
			T_EQ_INT(pg->logs[i].time_ns, 2);
		} else {
			T_EQ_STR(pb_value(pg, pb_log_get(pg, (size_t)i, "status", 6), &vl), "200");
		}
	}
	T_EQ_STR(pb_str(pg, pg->groups[pg->logs[0].group].topic, &vl), "cri");
	T_REQUIRE(sd_catalog_logstore_get(s, "local", "cri", &ls, &e) == 0);
	ix = sd_catalog_index_get(s, ls.id);
	T_CHECK(ix && strstr(ix, "\"status\":{\"type\":\"long\"") != NULL);
	T_CHECK(ix && strstr(ix, "\"stream\":{\"type\":\"text\"") != NULL);
	free(ix);
	/* Docker: a 20,000-byte line in two records */
	memset(big, 'y', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	fp = fopen(path, "w");
	T_REQUIRE(fp != NULL);
	fprintf(fp, "{\"log\":\"%.16384s\",\"stream\":\"stdout\",\"time\":\"2024-05-01T10:00:00Z\"}\n"
	    "{\"log\":\"%s\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-01T10:00:00Z\"}\n", big,
	    big + 16384);
	fclose(fp);
	snprintf(spec, sizeof spec, "%s:dk", path);
	T_EQ_INT(sd_ingest_file(s, spec, err, sizeof err), 1);
	T_EQ_INT(all_logs(s, "dk", pg), 1);
	f = pb_log_get(pg, 0, "log", 3);
	T_CHECK(f != NULL && f->vlen == 20000);
	T_EQ_STR(pb_str(pg, pg->groups[pg->logs[0].group].topic, &vl), "docker");
	pb_page_free(pg);
	sd_store_close(s);
	unlink(path);
}

#define T_LIST(X) X(test_logfmt) X(test_syslog) X(test_docker) X(test_sniff) X(test_multiline_file) \
	X(test_cri_docker_file)
T_MAIN(T_LIST)
