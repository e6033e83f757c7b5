/*
 * test_server_ingest — local file loading: every timestamp form, format
 * sniffing, nginx/Apache combined lines (quotes, escapes, missing fields,
 * request_time), JSON lines (nested values, time keys, invalid lines kept
 * as text), multi-line entries, CRLF, no trailing newline, binary junk,
 * the logstore name and the index created to match.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "base/sb.h"
#include "proto/pb.h"
#include "server/sd_catalog.h"
#include "server/sd_ingest.h"
#include "server/sd_store.h"
#include "tests/unit/t.h"

static time_t
tm_of(const char *s)
{
	size_t used;

	return sd_ingest_time(s, strlen(s), &used);
}

static void
test_times(void)
{
	size_t used;

	setenv("TZ", "UTC", 1);
	tzset();
	T_EQ_INT(tm_of("2024-01-01T00:00:00Z rest"), 1704067200);
	T_EQ_INT(tm_of("2024-01-01 08:00:00.123+08:00"), 1704067200);
	T_EQ_INT(tm_of("2024-01-01T08:00:00+0800"), 1704067200);
	T_EQ_INT(tm_of("2024-01-01 00:00:00,5 local"), 1704067200);
	T_EQ_INT(tm_of("[10/Oct/2000:13:55:36 -0700] GET"), 971211336);
	T_EQ_INT(tm_of("1704067200 message"), 1704067200);
	T_EQ_INT(tm_of("1704067200123 ms"), 1704067200);
	T_CHECK(tm_of("Jan  5 14:02:11 host x") > 0);
	T_EQ_INT(sd_ingest_time("Jan  5 14:02:11 host", 20, &used) > 0 ? (long long)used : -1, 15);
	T_EQ_INT(tm_of("12345 short number"), -1);
	T_EQ_INT(tm_of("2024-13-01T00:00:00Z"), -1);
	T_EQ_INT(tm_of("hello"), -1);
	T_EQ_INT(tm_of(""), -1);
	unsetenv("TZ");
	tzset();
}

static void
test_sniff_and_parse(void)
{
	const char *comb[] = { "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 5 "
			       "\"-\" \"ua \\\"quoted\\\"\"", "" };
	const char *json[] = { "{\"a\":1}", "{\"b\":\"x\"}", "not json" };
	const char *plain[] = { "hello", "{broken", "x" };
	struct pb_page *pg = pb_page_new();
	const struct pb_field *f;
	size_t vl;

	T_EQ_INT(sd_ingest_sniff(comb, 2), SD_FMT_COMBINED);
	T_EQ_INT(sd_ingest_sniff(json, 3), SD_FMT_JSON);
	T_EQ_INT(sd_ingest_sniff(plain, 3), SD_FMT_PLAIN);
	pb_add_group(pg, NULL, NULL, NULL);
	T_CHECK(sd_ingest_parse(SD_FMT_COMBINED, comb[0], strlen(comb[0]), 0, pg) == 0);
	T_EQ_INT(pg->logs[0].time, 971211336);
	f = pb_log_get(pg, 0, "http_user_agent", 15);
	T_REQUIRE(f != NULL);
	T_EQ_STR(pb_value(pg, f, &vl), "ua \\\"quoted\\\"");
	f = pb_log_get(pg, 0, "status", 6);
	T_REQUIRE(f != NULL);
	T_EQ_STR(pb_value(pg, f, &vl), "200");
	/* not combined: rejected so the caller keeps it as text */
	T_CHECK(sd_ingest_parse(SD_FMT_COMBINED, "garbage line", 12, 0, pg) == -1);
	T_CHECK(sd_ingest_parse(SD_FMT_COMBINED, "1.2.3.4 - - [bad] \"GET\" 200 5", 29, 0, pg) == -1);
	T_CHECK(sd_ingest_parse(SD_FMT_JSON, "[1,2]", 5, 0, pg) == -1);
	/* a NUL inside the request line (found by the fuzzer): split by length */
	{
		static const char nul[] = "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET /a\0b "
					  "HTTP/1.0\" 200 5 \"-\" \"-\"";

		T_CHECK(sd_ingest_parse(SD_FMT_COMBINED, nul, sizeof nul - 1, 0, pg) == 0);
		f = pb_log_get(pg, pg->nlogs - 1, "uri", 3);
		T_REQUIRE(f != NULL);
		T_EQ_INT(f->vlen, 4);
		T_EQ_MEM(pb_value(pg, f, &vl), "/a\0b", 4);
	}
	T_CHECK(sd_ingest_parse(SD_FMT_JSON, "{\"@timestamp\":\"2024-01-01T00:00:00Z\","
	    "\"n\":{\"x\":[1]},\"ok\":true}", 61, 7, pg) == 0);
	T_EQ_INT(pg->logs[pg->nlogs - 1].time, 1704067200);
	f = pb_log_get(pg, pg->nlogs - 1, "n", 1);
	T_REQUIRE(f != NULL);
	T_EQ_STR(pb_value(pg, f, &vl), "{\"x\":[1]}");
	T_CHECK(sd_ingest_parse(SD_FMT_JSON, "{\"ts\":1704067200123}", 20, 7, pg) == 0);
	T_EQ_INT(pg->logs[pg->nlogs - 1].time, 1704067200);
	pb_page_free(pg);
}

static void
test_file(void)
{
	char path[] = "/tmp/slsx-ingest-XXXXXX", spec[128];
	int fd = mkstemp(path);
	FILE *fp = fdopen(fd, "w");
	struct sd_err e;
	struct sd_store *s = sd_store_open(NULL, &e);
	struct sd_logstore ls;
	char err[256], *ix;
	struct sb out;
	int64_t c, next, last;
	int ng;
	struct pb_page *pg = pb_page_new();
	cJSON *o;

	fputs("2024-01-01T00:00:00Z boot\r\n"
	      "2024-01-01T00:00:05Z java.lang.Error: boom\n"
	      "\tat a.B.c(B.java:10)\n"
	      "    at d.E.f(E.java:20)\n"
	      "no timestamp here\n"
	      "\n"
	      "bin \x01\xff\xfe junk\n"
	      "last line without newline", fp);
	fclose(fp);
	snprintf(spec, sizeof spec, "%s:My.App-Logs!", path);
	T_EQ_INT(sd_ingest_file(s, spec, err, sizeof err), 5);
	T_REQUIRE(sd_catalog_logstore_get(s, "local", "my-app-logs", &ls, &e) == 0);
	ix = sd_catalog_index_get(s, ls.id);
	o = cJSON_Parse(ix ? ix : "");
	T_CHECK(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "keys"), "content") != NULL);
	cJSON_Delete(o);
	free(ix);
	/* read everything back from both shards */
	for (int sh = 0; sh < 2; sh++) {
		sd_store_cursor_get(s, ls.id, sh, "begin", &c, &e);
		sb_init(&out, 0);
		if (sd_store_pull(s, ls.id, sh, c, -1, 100, 1 << 20, &out, &ng, &next, &last, &e) == 0 &&
		    ng > 0)
			T_CHECK(pb_decode_list(pg, out.p, out.len, NULL) == 0);
		sb_free(&out);
	}
	T_EQ_INT(pg->nlogs, 5);
	{
		size_t vl;
		const char *v = pb_value(pg, pb_log_get(pg, 1, "content", 7), &vl);

		T_CHECK(strstr(v, "boom\n\tat a.B.c(B.java:10)\n    at d.E.f(E.java:20)") != NULL);
		T_EQ_INT(pg->logs[1].time, 1704067205);
		T_EQ_INT(pg->logs[2].time, 1704067205); /* inherits */
		v = pb_value(pg, pb_log_get(pg, 0, "content", 7), &vl);
		T_EQ_STR(v, "2024-01-01T00:00:00Z boot"); /* CR dropped */
		v = pb_value(pg, pb_log_get(pg, 3, "content", 7), &vl);
		T_EQ_MEM(v, "bin \x01\xff\xfe junk", vl);
		v = pb_value(pg, pb_log_get(pg, 4, "content", 7), &vl);
		T_EQ_STR(v, "last line without newline");
	}
	/* a second load appends to the same logstore */
	T_EQ_INT(sd_ingest_file(s, spec, err, sizeof err), 5);
	T_CHECK(sd_ingest_file(s, "/nonexistent/file.log", err, sizeof err) == -1);
	T_CHECK(strstr(err, "/nonexistent/file.log") != NULL);
	pb_page_free(pg);
	sd_store_close(s);
	unlink(path);
}

#define T_LIST(X) X(test_times) X(test_sniff_and_parse) X(test_file)
T_MAIN(T_LIST)
