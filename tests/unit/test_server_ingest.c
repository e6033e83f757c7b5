/*
 * test_server_ingest — local file loading: every timestamp form, format
 * sniffing, nginx/Apache combined lines (quotes, escapes, missing fields,
 * request_time), JSON lines (nested values, time keys, invalid lines kept
 * as text), multi-line entries, CRLF, no trailing newline, binary junk,
 * the logstore name and the index created to match; following a file
 * (appends, a partial last line, rotation by rename, truncation, a rewrite
 * in place), .gz files, lines longer than a read chunk; distinct logstore
 * names for files of one name in different folders; a file written a
 * moment ago loading until its held last entry is in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <zlib.h>

#include "base/sb.h"
#include "proto/lfmt.h"
#include "proto/pb.h"
#include "server/sd_catalog.h"
#include "server/sd_ingest.h"
#include "server/sd_store.h"
#include "sq/sq.h"
#include "tests/unit/t.h"

static time_t
tm_of(const char *s)
{
	size_t used;

	return lfmt_time(s, strlen(s), &used);
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
	/* the last bracketed one is kept (per thread): the same bytes again,
	 * the next second, another zone and the bare form are each read */
	T_EQ_INT(tm_of("[10/Oct/2000:13:55:36 -0700] POST"), 971211336);
	T_EQ_INT(tm_of("[10/Oct/2000:13:55:37 -0700] GET"), 971211337);
	T_EQ_INT(tm_of("[10/Oct/2000:13:55:37 +0000] GET"), 971186137);
	T_EQ_INT(tm_of("[10/Oct/2000:13:55:37 -0700 GET"), -1);
	T_EQ_INT(tm_of("10/Oct/2000:13:55:37 -0700 GET"), 971211337);
	T_EQ_INT(tm_of("[10/Dec/2000:13:55:37 -0700]"), 976481737);
	T_EQ_INT(tm_of("1704067200 message"), 1704067200);
	T_EQ_INT(tm_of("1704067200123 ms"), 1704067200);
	T_CHECK(tm_of("Jan  5 14:02:11 host x") > 0);
	T_EQ_INT(lfmt_time("Jan  5 14:02:11 host", 20, &used) > 0 ? (long long)used : -1, 15);
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

	T_EQ_INT(lfmt_sniff(comb, 2), LFMT_COMBINED);
	T_EQ_INT(lfmt_sniff(json, 3), LFMT_JSON);
	T_EQ_INT(lfmt_sniff(plain, 3), LFMT_PLAIN);
	pb_add_group(pg, NULL, NULL, NULL);
	T_CHECK(lfmt_parse(LFMT_COMBINED, comb[0], strlen(comb[0]), 0, pg) == 0);
	T_EQ_INT(pg->logs[0].time, 971211336);
	f = pb_log_get(pg, 0, "http_user_agent", 15);
	T_REQUIRE(f != NULL);
	T_EQ_STR(pb_value(pg, f, &vl), "ua \\\"quoted\\\"");
	f = pb_log_get(pg, 0, "status", 6);
	T_REQUIRE(f != NULL);
	T_EQ_STR(pb_value(pg, f, &vl), "200");
	/* not combined: rejected so the caller keeps it as text */
	T_CHECK(lfmt_parse(LFMT_COMBINED, "garbage line", 12, 0, pg) == -1);
	T_CHECK(lfmt_parse(LFMT_COMBINED, "1.2.3.4 - - [bad] \"GET\" 200 5", 29, 0, pg) == -1);
	T_CHECK(lfmt_parse(LFMT_JSON, "[1,2]", 5, 0, pg) == -1);
	/* a NUL inside the request line (found by the fuzzer): split by length */
	{
		static const char nul[] = "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET /a\0b "
					  "HTTP/1.0\" 200 5 \"-\" \"-\"";

		T_CHECK(lfmt_parse(LFMT_COMBINED, nul, sizeof nul - 1, 0, pg) == 0);
		f = pb_log_get(pg, pg->nlogs - 1, "uri", 3);
		T_REQUIRE(f != NULL);
		T_EQ_INT(f->vlen, 4);
		T_EQ_MEM(pb_value(pg, f, &vl), "/a\0b", 4);
	}
	T_CHECK(lfmt_parse(LFMT_JSON, "{\"@timestamp\":\"2024-01-01T00:00:00Z\","
	    "\"n\":{\"x\":[1]},\"ok\":true}", 61, 7, pg) == 0);
	T_EQ_INT(pg->logs[pg->nlogs - 1].time, 1704067200);
	f = pb_log_get(pg, pg->nlogs - 1, "n", 1);
	T_REQUIRE(f != NULL);
	T_EQ_STR(pb_value(pg, f, &vl), "{\"x\":[1]}");
	T_CHECK(lfmt_parse(LFMT_JSON, "{\"ts\":1704067200123}", 20, 7, pg) == 0);
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
	/* the first line has a timestamp: lines without one continue an
	 * entry; the empty line ends one */
	T_EQ_INT(sd_ingest_file(s, spec, err, sizeof err), 3);
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
	T_EQ_INT(pg->nlogs, 3);
	{
		size_t vl;
		const char *v = pb_value(pg, pb_log_get(pg, 1, "content", 7), &vl);

		T_EQ_STR(v, "2024-01-01T00:00:05Z java.lang.Error: boom\n\tat a.B.c(B.java:10)\n"
			    "    at d.E.f(E.java:20)\nno timestamp here");
		T_EQ_INT(pg->logs[1].time, 1704067205);
		T_EQ_INT(pg->logs[2].time, 1704067205); /* inherits */
		v = pb_value(pg, pb_log_get(pg, 0, "content", 7), &vl);
		T_EQ_STR(v, "2024-01-01T00:00:00Z boot"); /* CR dropped */
		v = pb_value(pg, pb_log_get(pg, 2, "content", 7), &vl);
		T_EQ_MEM(v, "bin \x01\xff\xfe junk\nlast line without newline", vl);
	}
	/* a second load appends to the same logstore */
	T_EQ_INT(sd_ingest_file(s, spec, err, sizeof err), 3);
	T_CHECK(sd_ingest_file(s, "/nonexistent/file.log", err, sizeof err) == -1);
	T_CHECK(strstr(err, "/nonexistent/file.log") != NULL);
	pb_page_free(pg);
	sd_store_close(s);
	unlink(path);
}

/* Every log of local/ls (both shards), into pg (cleared first). */
static int
all_logs(struct sd_store *s, const char *ls_name, struct pb_page *pg)
{
	struct sd_logstore ls;
	struct sd_err e;
	int sh;

	pb_page_clear(pg);
	if (sd_catalog_logstore_get(s, "local", ls_name, &ls, &e) != 0)
		return -1;
	for (sh = 0; sh < 2; sh++) {
		struct sb out;
		int64_t c, next, last;
		int ng;

		sd_store_cursor_get(s, ls.id, sh, "begin", &c, &e);
		sb_init(&out, 0);
		if (sd_store_pull(s, ls.id, sh, c, -1, 1000, 64 << 20, &out, &ng, &next, &last,
		    &e) == 0 && ng > 0)
			T_CHECK(pb_decode_list(pg, out.p, out.len, NULL) == 0);
		sb_free(&out);
	}
	return (int)pg->nlogs;
}

/* Is there a log whose content is v? */
static int
has_content(const struct pb_page *pg, const char *v)
{
	size_t i, vl;

	for (i = 0; i < pg->nlogs; i++) {
		const struct pb_field *f = pb_log_get(pg, i, "content", 7);

		if (f && strcmp(pb_value(pg, f, &vl), v) == 0)
			return 1;
	}
	return 0;
}

static void
append(const char *path, const char *mode, const char *text)
{
	FILE *fp = fopen(path, mode);

	T_REQUIRE(fp != NULL);
	fputs(text, fp);
	fclose(fp);
}

static void
test_follow(void)
{
	char dir[] = "/tmp/slsx-follow-XXXXXX", path[128], old[140], spec[160], err[256];
	struct sd_err e;
	struct sd_store *s = sd_store_open(NULL, &e);
	struct pb_page *pg = pb_page_new();
	struct sd_ingest *in;
	time_t a, b;

	T_REQUIRE(mkdtemp(dir) != NULL);
	snprintf(path, sizeof path, "%s/app.log", dir);
	snprintf(old, sizeof old, "%s/app.log.1", dir);
	snprintf(spec, sizeof spec, "%s", path);
	append(path, "w", "one\ntwo\npart");
	in = sd_ingest_open(s, spec, err, sizeof err);
	T_REQUIRE(in != NULL);
	sd_ingest_set_hold(in, 0); /* every poll stores what it read (held: test_server_ingest_fmt) */
	T_EQ_INT(sd_ingest_load(in, 1, err, sizeof err), 2); /* "part" waits */
	T_EQ_INT(sd_ingest_poll(in, err, sizeof err), 0);
	append(path, "a", "ial\nthree\n");
	T_EQ_INT(sd_ingest_poll(in, err, sizeof err), 2);
	T_EQ_INT(all_logs(s, "app", pg), 4);
	T_CHECK(has_content(pg, "partial"));
	/* rotation: renamed away, a new file under the name */
	append(path, "a", "last of old\n");
	T_REQUIRE(rename(path, old) == 0);
	append(old, "a", "late old\n");
	append(path, "w", "new one\n");
	T_EQ_INT(sd_ingest_poll(in, err, sizeof err), 2); /* the old file drained */
	T_EQ_INT(sd_ingest_poll(in, err, sizeof err), 1); /* then the new one */
	T_EQ_INT(all_logs(s, "app", pg), 7);
	T_CHECK(has_content(pg, "late old") && has_content(pg, "new one"));
	/* truncation (copytruncate), then a rewrite in place longer than before */
	append(path, "w", "t1\n");
	T_EQ_INT(sd_ingest_poll(in, err, sizeof err), 1);
	append(path, "w", "rewritten first line, longer than what was there\nsecond\n");
	T_EQ_INT(sd_ingest_poll(in, err, sizeof err), 2);
	T_EQ_INT(all_logs(s, "app", pg), 10);
	T_CHECK(has_content(pg, "t1") && has_content(pg, "second"));
	T_CHECK(sd_ingest_active(in));
	sd_ingest_span(in, &a, &b);
	T_CHECK(a > 0 && b >= a);
	sd_ingest_close(in);
	unlink(old);
	unlink(path);
	rmdir(dir);
	pb_page_free(pg);
	sd_store_close(s);
}

static void
test_gz_and_long(void)
{
	char path[] = "/tmp/slsx-gz-XXXXXX", gzp[64], spec[80], err[256];
	struct sd_err e;
	struct sd_store *s = sd_store_open(NULL, &e);
	struct pb_page *pg = pb_page_new();
	size_t vl, i;
	gzFile gz;
	FILE *fp;
	char *big;
	int fd = mkstemp(path);
	const struct pb_field *f;

	T_REQUIRE(fd >= 0);
	close(fd);
	snprintf(gzp, sizeof gzp, "%s.log.gz", path);
	gz = gzopen(gzp, "wb");
	T_REQUIRE(gz != NULL);
	for (i = 0; i < 3000; i++)
		gzprintf(gz, "{\"n\":%zu,\"time\":\"2024-01-01T00:00:%02zuZ\"}\n", i, i % 60);
	gzclose(gz);
	snprintf(spec, sizeof spec, "%s:zipped", gzp);
	T_EQ_INT(sd_ingest_file(s, spec, err, sizeof err), 3000);
	T_EQ_INT(all_logs(s, "zipped", pg), 3000);
	f = pb_log_get(pg, 0, "n", 1);
	T_CHECK(f != NULL);
	/* a 200 KiB line (over three read chunks) and a 2 MiB one (cut) */
	fp = fopen(path, "w");
	T_REQUIRE(fp != NULL);
	big = malloc((size_t)2 << 20);
	memset(big, 'x', (size_t)2 << 20);
	fprintf(fp, "short\n");
	fwrite(big, 1, 200 << 10, fp);
	fputs("\n", fp);
	fwrite(big, 1, (size_t)2 << 20, fp);
	fputs("\nafter\n", fp);
	fclose(fp);
	snprintf(spec, sizeof spec, "%s:long", path);
	T_EQ_INT(sd_ingest_file(s, spec, err, sizeof err), 4);
	T_EQ_INT(all_logs(s, "long", pg), 4);
	T_CHECK(has_content(pg, "short") && has_content(pg, "after"));
	for (i = 0; i < pg->nlogs; i++) {
		f = pb_log_get(pg, i, "content", 7);
		if (f && f->vlen > 100000 && f->vlen < 300000)
			T_EQ_INT(f->vlen, 200 << 10);
		if (f && f->vlen > 300000)
			T_CHECK(strstr(pb_value(pg, f, &vl), "[line cut at 1 MiB]") != NULL);
	}
	free(big);
	unlink(gzp);
	unlink(path);
	pb_page_free(pg);
	sd_store_close(s);
}

/* An empty file is searchable at once (a full-text index); the first
 * logs followed give the index its fields. */
static void
test_empty_then_fields(void)
{
	char path[] = "/tmp/slsx-empty-XXXXXX", spec[64], err[256], *ix;
	int fd = mkstemp(path);
	struct sd_err e;
	struct sd_store *s = sd_store_open(NULL, &e);
	struct sd_logstore ls;
	struct sd_ingest *in;

	T_REQUIRE(fd >= 0);
	close(fd);
	snprintf(spec, sizeof spec, "%s:empty", path);
	in = sd_ingest_open(s, spec, err, sizeof err);
	T_REQUIRE(in != NULL);
	T_EQ_INT(sd_ingest_load(in, 1, err, sizeof err), 0);
	T_REQUIRE(sd_catalog_logstore_get(s, "local", "empty", &ls, &e) == 0);
	ix = sd_catalog_index_get(s, ls.id);
	T_CHECK(ix && strstr(ix, "\"line\"") && strstr(ix, "\"keys\":{}"));
	free(ix);
	append(path, "a", "{\"status\":500,\"msg\":\"x\"}\n");
	T_EQ_INT(sd_ingest_poll(in, err, sizeof err), 1);
	ix = sd_catalog_index_get(s, ls.id);
	T_CHECK(ix && strstr(ix, "\"status\":{\"type\":\"long\""));
	free(ix);
	sd_ingest_close(in);
	sd_store_close(s);
	unlink(path);
}

static void
test_names(void)
{
	char dir[] = "/tmp/slsx-names-XXXXXX", p[6][160];
	const char *specs[7];
	char out[7][SD_INGEST_NAME];
	int i;

	T_REQUIRE(mkdtemp(dir) != NULL);
	snprintf(p[0], sizeof p[0], "%s/web1", dir);
	snprintf(p[1], sizeof p[1], "%s/Web 2", dir);
	snprintf(p[2], sizeof p[2], "%s/x/web1", dir);
	T_REQUIRE(mkdir(p[0], 0700) == 0 && mkdir(p[1], 0700) == 0);
	snprintf(p[3], sizeof p[3], "%s/x", dir);
	T_REQUIRE(mkdir(p[3], 0700) == 0 && mkdir(p[2], 0700) == 0);
	snprintf(p[3], sizeof p[3], "%s/web1/app.log", dir);
	snprintf(p[4], sizeof p[4], "%s/Web 2/app.log:", dir);
	snprintf(p[5], sizeof p[5], "%s/x/web1/app.log.gz", dir);
	specs[0] = p[3];
	specs[1] = p[4];
	specs[2] = p[5];
	specs[3] = "/var/log/other.log";
	specs[4] = "-";
	specs[5] = "/elsewhere/app.log:app";  /* a name given is kept */
	specs[6] = "/var/log/stdin";         /* a file named like "-"'s logstore */
	sd_ingest_names(specs, 7, out);
	T_EQ_STR(out[0], "web1-app");
	T_EQ_STR(out[1], "web-2-app");
	T_EQ_STR(out[2], "web1-app-2");  /* the same folder name: a number after */
	T_EQ_STR(out[3], "other");
	T_EQ_STR(out[4], "stdin");
	T_EQ_STR(out[5], "app");
	T_EQ_STR(out[6], "log-stdin");
	/* one file: its own name */
	sd_ingest_names(specs, 1, out);
	T_EQ_STR(out[0], "app");
	for (i = 0; i < 3; i++)
		rmdir(p[2 - i]);
	snprintf(p[0], sizeof p[0], "%s/x", dir);
	rmdir(p[0]);
	rmdir(dir);
}

/* The newest part first (slsd --early): the file's last bytes from a line
 * that starts an entry, answers Incomplete where rows may be missing, then
 * the load from the start passing over them: every entry once, joined
 * continuation lines whole on both sides of the boundary, appends after. */
static void
test_newest_first(void)
{
	char path[] = "/tmp/slsx-newest-XXXXXX", err[256], buf[128];
	int fd = mkstemp(path), i, n = 3000, ok = 1;
	FILE *fp = fdopen(fd, "w");
	struct sd_err e;
	struct sd_store *s = sd_store_open(NULL, &e);
	struct pb_page *pg = pb_page_new();
	struct sd_ingest *in;
	struct sd_logstore ls;
	struct sq_getlogs_req r = { 1704067200, 1704067200 + 10000, "*", NULL, 1, 0, 1, 0, 0 };
	struct sq_result res;
	struct sq_err qe;
	char *seen = calloc((size_t)n, 1);
	time_t a, b;

	for (i = 0; i < n; i++) {
		fprintf(fp, "2024-01-01T%02d:%02d:%02dZ entry %d\n", i / 3600, i / 60 % 60, i % 60, i);
		if (i % 7 == 0)
			fprintf(fp, "\tat frame %d\n\tat frame %d\n", i, i);
	}
	fclose(fp);
	setenv("TZ", "UTC", 1);
	tzset();
	snprintf(buf, sizeof buf, "%s:newest", path);
	in = sd_ingest_open(s, buf, err, sizeof err);
	T_REQUIRE(in != NULL);
	T_EQ_INT(sd_ingest_load_newest(in, 4096, err, sizeof err), 1);
	T_REQUIRE(sd_catalog_logstore_get(s, "local", "newest", &ls, &e) == 0);
	T_CHECK(all_logs(s, "newest", pg) > 50 && (int)pg->nlogs < n / 4);
	snprintf(buf, sizeof buf, "2024-01-01T00:49:59Z entry %d", n - 1);
	T_CHECK(has_content(pg, buf));
	sd_ingest_span(in, &a, &b);
	T_EQ_INT(a, 1704067200); /* the first entry's time, from the head */
	T_EQ_INT(b, 1704067200 + n - 1);
	/* the newest row: Complete; a count: Incomplete */
	T_REQUIRE(sq_query_getlogs(sd_store_sq(s), ls.id, &r, &res, &qe) == 0);
	T_CHECK(res.complete && strstr(res.body, "entry 2999") != NULL);
	sq_result_free(&res);
	r.query = "* | select count(*) as n";
	T_REQUIRE(sq_query_getlogs(sd_store_sq(s), ls.id, &r, &res, &qe) == 0);
	T_CHECK(!res.complete && strstr(res.body, "\"progress\":\"Incomplete\"") != NULL);
	sq_result_free(&res);
	T_CHECK(sd_ingest_load(in, 1, err, sizeof err) > 0);
	T_REQUIRE(sq_query_getlogs(sd_store_sq(s), ls.id, &r, &res, &qe) == 0);
	T_CHECK(res.complete && strstr(res.body, "\"n\":\"3000\"") != NULL);
	sq_result_free(&res);
	T_EQ_INT(all_logs(s, "newest", pg), n);
	for (size_t k = 0; k < pg->nlogs; k++) {
		size_t vl;
		const struct pb_field *f = pb_log_get(pg, k, "content", 7);
		const char *v = f ? pb_value(pg, f, &vl) : "";
		const char *w = strstr(v, "entry ");
		int id = w ? atoi(w + 6) : -1;
		char want[96];

		if (id < 0 || id >= n || seen[id]) {
			ok = 0;
			continue;
		}
		seen[id] = 1;
		snprintf(want, sizeof want, "entry %d\n\tat frame %d\n\tat frame %d", id, id, id);
		if (id % 7 == 0 ? strstr(v, want) == NULL : strchr(v, '\n') != NULL)
			ok = 0;
	}
	T_CHECK(ok);
	append(path, "a", "2024-01-01T05:00:00Z appended\n");
	sd_ingest_set_hold(in, 0); /* no wait for continuation lines here */
	T_EQ_INT(sd_ingest_poll(in, err, sizeof err), 1);
	T_EQ_INT(all_logs(s, "newest", pg), n + 1);
	/* a small file, standard input: not for them */
	in = (sd_ingest_close(in), NULL);
	append(path, "w", "2024-01-01T00:00:00Z small\n");
	in = sd_ingest_open(s, path, err, sizeof err);
	T_REQUIRE(in != NULL);
	T_EQ_INT(sd_ingest_load_newest(in, 4096, err, sizeof err), 0);
	sd_ingest_close(in);
	unsetenv("TZ");
	tzset();
	free(seen);
	pb_page_free(pg);
	sd_store_close(s);
	unlink(path);
}

/* hold_first: a followed plain-text file written a moment ago keeps its
 * last entry back, and its load is not over (settling, answers
 * Incomplete) until a poll stores that entry; a file at rest is over at
 * once, held nothing. */
static void
test_held_last(void)
{
	char path[] = "/tmp/slsx-held-XXXXXX", buf[128], err[256];
	int fd = mkstemp(path);
	struct sd_err e;
	struct sd_store *s = sd_store_open(NULL, &e);
	struct sd_ingest *in;
	struct sd_logstore ls;
	struct sq_getlogs_req r = { 1704067200, 1704067200 + 100, "* | select count(*) as n", NULL,
		1, 0, 1, 0, 0 };
	struct sq_result res;
	struct sq_err qe;
	int i;

	T_REQUIRE(fd >= 0);
	close(fd);
	append(path, "w", "2024-01-01T00:00:01Z one\n2024-01-01T00:00:02Z two\n\tat frame\n");
	snprintf(buf, sizeof buf, "%s:held", path);
	in = sd_ingest_open(s, buf, err, sizeof err);
	T_REQUIRE(in != NULL);
	sd_ingest_set_hold_first(in, 1);
	T_EQ_INT(sd_ingest_load(in, 1, err, sizeof err), 1); /* "two" waits */
	T_CHECK(sd_ingest_settling(in));
	T_REQUIRE(sd_catalog_logstore_get(s, "local", "held", &ls, &e) == 0);
	T_REQUIRE(sq_query_getlogs(sd_store_sq(s), ls.id, &r, &res, &qe) == 0);
	T_CHECK(!res.complete && strstr(res.body, "\"n\":\"1\"") != NULL);
	sq_result_free(&res);
	T_EQ_INT(sd_ingest_poll(in, err, sizeof err), 0); /* within the hold: still held */
	T_CHECK(sd_ingest_settling(in));
	for (i = 0; i < 40 && sd_ingest_settling(in); i++) {
		usleep(50 * 1000);
		T_CHECK(sd_ingest_poll(in, err, sizeof err) >= 0);
	}
	T_CHECK(!sd_ingest_settling(in));
	T_REQUIRE(sq_query_getlogs(sd_store_sq(s), ls.id, &r, &res, &qe) == 0);
	T_CHECK(res.complete && strstr(res.body, "\"n\":\"2\"") != NULL);
	sq_result_free(&res);
	sd_ingest_close(in);
	/* at rest (modified a minute ago): every entry in, nothing to settle */
	append(path, "w", "2024-01-01T00:00:01Z one\n2024-01-01T00:00:02Z two\n");
	{
		struct timespec ts[2] = { { time(NULL) - 60, 0 }, { time(NULL) - 60, 0 } };

		T_REQUIRE(utimensat(AT_FDCWD, path, ts, 0) == 0);
	}
	snprintf(buf, sizeof buf, "%s:rest", path);
	in = sd_ingest_open(s, buf, err, sizeof err);
	T_REQUIRE(in != NULL);
	sd_ingest_set_hold_first(in, 1);
	T_EQ_INT(sd_ingest_load(in, 1, err, sizeof err), 2);
	T_CHECK(!sd_ingest_settling(in));
	sd_ingest_close(in);
	sd_store_close(s);
	unlink(path);
}

static void
count_reads(void *arg, const struct sd_ingest *in)
{
	(void)in;
	(*(int *)arg)++;
}

/* --early's figures: the part loaded first counts as loaded, the load
 * from the start calls back after each chunk and ends at the file's size
 * with every entry stored. */
static void
test_progress(void)
{
	char path[] = "/tmp/slsx-progress-XXXXXX", err[256];
	int fd = mkstemp(path), i, n = 20000, reads = 0;
	FILE *fp = fdopen(fd, "w");
	struct sd_err e;
	struct sd_store *s = sd_store_open(NULL, &e);
	struct sd_ingest *in;
	struct stat st;
	uint64_t bytes, total;
	int64_t logs;

	for (i = 0; i < n; i++)
		fprintf(fp, "2024-01-01T%02d:%02d:%02dZ entry %d\n", i / 3600, i / 60 % 60, i % 60, i);
	fclose(fp);
	T_REQUIRE(stat(path, &st) == 0 && st.st_size > 4 * 65536);
	in = sd_ingest_open(s, path, err, sizeof err);
	T_REQUIRE(in != NULL);
	T_EQ_INT(sd_ingest_load_newest(in, 65536, err, sizeof err), 1);
	sd_ingest_progress(in, &bytes, &total, &logs);
	T_EQ_INT(total, st.st_size);
	T_CHECK(bytes > 60000 && bytes <= 65536); /* the newest part, whole lines */
	T_CHECK(logs > 0 && logs < n / 4);
	sd_ingest_on_read(in, count_reads, &reads);
	T_CHECK(sd_ingest_load(in, 1, err, sizeof err) > 0);
	T_CHECK(reads >= (int)(st.st_size / 65536));
	sd_ingest_progress(in, &bytes, &total, &logs);
	T_EQ_INT(bytes, st.st_size);
	T_EQ_INT(total, st.st_size);
	T_EQ_INT(logs, n);
	sd_ingest_on_read(in, NULL, NULL);
	sd_ingest_close(in);
	sd_store_close(s);
	unlink(path);
}

/* The rows query q gives over logstore ls (the data array, to free). */
static char *
answer_of(struct sd_store *s, int64_t ls, const char *q)
{
	struct sq_getlogs_req r = { 0, 4102444800, q, NULL, 100, 0, 0, 0, 0 };
	struct sq_result res;
	struct sq_err qe;
	char *body;

	if (sq_query_getlogs(sd_store_sq(s), ls, &r, &res, &qe) != 0)
		return strdup(qe.msg);
	body = strdup(res.body_v1);
	sq_result_free(&res);
	return body;
}

/* A file's groups go to the engine as the pages they were built in
 * (sd_store_put_bulk_page, no decode); the same store opened again feeds
 * the engine the stored bytes: both answer every query alike. */
static void
test_pages_as_bytes(void)
{
	char dir[] = "/tmp/slsx-pages-XXXXXX", path[300], spec[320], err[256];
	static const char *q[] = { "*", "status:500", "curl and not post", "10.0.0.3",
		"* | select status, count(*) as n group by status order by status",
		"* | select remote_addr, count(*) as n group by remote_addr order by n desc, remote_addr limit 5",
		"__tag__:__path__:* | select count(*) as n", NULL };
	char *want[8] = { 0 };
	struct sd_err e;
	struct sd_store *s;
	struct sd_logstore ls;
	FILE *fp;

	T_REQUIRE(mkdtemp(dir) != NULL);
	snprintf(path, sizeof path, "%s/web.log", dir);
	fp = fopen(path, "w");
	T_REQUIRE(fp != NULL);
	for (int i = 0; i < 4500; i++)
		fprintf(fp, "10.0.0.%d - - [01/Jan/2024:00:%02d:%02d +0000] \"%s /api/%d?id=%x HTTP/1.1\" "
		    "%d %d \"-\" \"curl/7.%d\"\n", i % 9, i / 60 % 60, i % 60, i % 4 ? "GET" : "POST",
		    i % 13, i * 7919, i % 17 ? 200 : 500, i * 31 % 5000, i % 5);
	fclose(fp);
	snprintf(spec, sizeof spec, "%s:web", path);
	s = sd_store_open(dir, &e);
	T_REQUIRE(s != NULL);
	T_EQ_INT(sd_ingest_file(s, spec, err, sizeof err), 4500);
	T_REQUIRE(sd_catalog_logstore_get(s, "local", "web", &ls, &e) == 0);
	for (int i = 0; q[i]; i++)
		want[i] = answer_of(s, ls.id, q[i]);
	T_CHECK(strstr(want[1], "\"status\":\"500\"") != NULL);
	sd_store_close(s);
	s = sd_store_open(dir, &e);
	T_REQUIRE(s != NULL);
	for (int i = 0; q[i]; i++) {
		char *got = answer_of(s, ls.id, q[i]);

		if (strcmp(got, want[i]) != 0)
			fprintf(stderr, "    %s:\n      pages %.300s\n      bytes %.300s\n", q[i], want[i], got);
		T_CHECK(strcmp(got, want[i]) == 0);
		free(got);
		free(want[i]);
	}
	sd_store_close(s);
	unlink(path);
	{
		char cmd[400];

		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		T_CHECK(system(cmd) == 0);
	}
}

#define T_LIST(X) X(test_names) X(test_times) X(test_newest_first) X(test_sniff_and_parse) \
	X(test_file) X(test_follow) X(test_gz_and_long) X(test_empty_then_fields) \
	X(test_pages_as_bytes) X(test_progress) X(test_held_last)
T_MAIN(T_LIST)
