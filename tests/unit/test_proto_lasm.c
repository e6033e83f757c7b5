/*
 * test_proto_lasm — the log formats and entry assembly slsd's --ingest and
 * `slsx put` share (proto/lfmt.h, proto/lasm.h): Kubernetes CRI lines
 * (nanoseconds, streams, a JSON message's fields, what is not CRI),
 * Docker's nanoseconds, a JSON \u0000 kept; lasm joining Docker partial
 * records (a 40,000-byte line in three records, another stream's line in
 * between; a chain past 1 MiB split, nothing lost), CRI P lines with their F line per stream;
 * Docker and CRI stack traces written a line a record joined (same
 * stream, the plain-text rule), multi-line plain
 * text, a chain left open at the end; the same entries whatever the read
 * chunks; entries held back while followed (lasm_settle with hold_ms)
 * until a new entry starts or the quiet time passes; the format decided
 * from a file's head before a later part is fed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sb.h"
#include "proto/lasm.h"
#include "proto/lfmt.h"
#include "proto/lfmt_fmt.h"
#include "proto/pb.h"
#include "tests/unit/t.h"

/* The value of field k of pg's log i ("<none>" when missing). */
static const char *
val_at(const struct pb_page *pg, uint32_t i, const char *k)
{
	static char buf[512];
	const struct pb_field *f = pb_log_get(pg, i, k, strlen(k));
	size_t vl;
	const char *v;

	if (f == NULL)
		return "<none>";
	v = pb_value(pg, f, &vl);
	snprintf(buf, sizeof buf, "%.*s", (int)vl, v);
	return buf;
}

/* The same of pg's last log. */
static const char *
val(const struct pb_page *pg, const char *k)
{
	return val_at(pg, pg->nlogs - 1, k);
}

static void
test_cri(void)
{
	struct pb_page *pg = pb_page_new();
	const char *l1 = "2024-05-01T10:00:00.123456789Z stdout F hello world";
	const char *l2 = "2024-05-01T18:00:01.5+08:00 stderr F {\"level\":\"error\",\"stream\":\"x\","
			 "\"n\":3}";
	const char *sn[] = { l1, l2, "2024-05-01T10:00:02Z stdout P part", "" };
	const char *bad[] = { "2024-05-01T10:00:00Z stdin F x", "2024-05-01T10:00:00Z stdout X x",
		"2024-05-01 stdout F x", "2024-05-01T10:00:00Z stdout", "plain text",
		"2024-05-01T10:00:00Z stdout FF x" };
	size_t i;

	pb_add_group(pg, NULL, NULL, NULL);
	T_EQ_INT(lfmt_fmt_cri(l1, strlen(l1), 7, pg), 0);
	T_EQ_INT(pg->logs[pg->nlogs - 1].time, 1714557600);
	T_EQ_INT(pg->logs[pg->nlogs - 1].time_ns, 123456789);
	T_EQ_STR(val(pg, "stream"), "stdout");
	T_EQ_STR(val(pg, "content"), "hello world");
	T_EQ_STR(val(pg, "time"), "2024-05-01T10:00:00.123456789Z");
	T_EQ_INT(lfmt_parse(LFMT_CRI, l2, strlen(l2), 7, pg), 0);
	T_EQ_INT(pg->logs[pg->nlogs - 1].time, 1714557601);
	T_EQ_INT(pg->logs[pg->nlogs - 1].time_ns, 500000000);
	T_EQ_STR(val(pg, "level"), "error");
	T_EQ_STR(val(pg, "n"), "3");
	T_EQ_STR(val(pg, "stream"), "stderr"); /* CRI's own fields win */
	T_EQ_INT(lfmt_fmt_cri("2024-05-01T10:00:00Z stdout F", 29, 7, pg), 0);
	T_EQ_STR(val(pg, "content"), "");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		T_EQ_INT(lfmt_fmt_cri(bad[i], strlen(bad[i]), 7, pg), -1);
	T_EQ_INT(lfmt_sniff(sn, 4), LFMT_CRI);
	T_EQ_STR(lfmt_topic(LFMT_CRI), "cri");
	pb_page_free(pg);
}

static void
test_json_ns_nul(void)
{
	struct pb_page *pg = pb_page_new();
	const char *d = "{\"log\":\"a\\u0000b\\n\",\"stream\":\"stdout\","
			"\"time\":\"2024-01-01T00:00:00.000000042Z\"}";
	const char *j = "{\"v\":\"x\\u0000y\",\"k\\u0000\":{\"in\":\"\\u0000\"},\"e\":\"\\\\u0000\"}";
	const struct pb_field *f;
	size_t vl;

	pb_add_group(pg, NULL, NULL, NULL);
	T_EQ_INT(lfmt_parse(LFMT_DOCKER, d, strlen(d), 7, pg), 0);
	T_EQ_INT(pg->logs[pg->nlogs - 1].time_ns, 42);
	f = pb_log_get(pg, pg->nlogs - 1, "log", 3);
	T_REQUIRE(f != NULL);
	T_CHECK(f->vlen == 3 && memcmp(pb_value(pg, f, &vl), "a\0b", 3) == 0);
	T_EQ_INT(lfmt_parse(LFMT_JSON, j, strlen(j), 7, pg), 0);
	f = pb_log_get(pg, pg->nlogs - 1, "v", 1);
	T_REQUIRE(f != NULL);
	T_CHECK(f->vlen == 3 && memcmp(pb_value(pg, f, &vl), "x\0y", 3) == 0);
	f = pb_log_get(pg, pg->nlogs - 1, "k\0", 2);
	T_REQUIRE(f != NULL);
	T_EQ_STR(pb_value(pg, f, &vl), "{\"in\":\"\\u0000\"}"); /* nested: JSON text */
	T_EQ_STR(val(pg, "e"), "\\u0000"); /* an escaped backslash: text */
	pb_page_free(pg);
}

/* Entries collected: each as "len:text" lines of out. */
struct got {
	struct sb out;
	int n;
	enum lfmt fmt;
};

static int
got_sniffed(void *arg, enum lfmt fmt)
{
	((struct got *)arg)->fmt = fmt;
	return 0;
}

static int
got_entry(void *arg, const char *s, size_t len)
{
	struct got *g = arg;
	char num[24];

	snprintf(num, sizeof num, "%zu:", len);
	T_CHECK(sb_adds(&g->out, num) == 0 && sb_add(&g->out, s, len) == 0 &&
	    sb_addc(&g->out, '\n') == 0);
	g->n++;
	return 0;
}

/* Every entry of text fed in chunks of step bytes (0: at once). */
static char *
assemble(const char *text, size_t len, size_t step, int *n, enum lfmt *fmt)
{
	struct got g;
	struct lasm_cb cb = { got_sniffed, got_entry, &g };
	struct lasm *a;
	size_t i;
	char *r;

	memset(&g, 0, sizeof g);
	sb_init(&g.out, 0);
	a = lasm_new(&cb);
	for (i = 0; i < len; i += step ? step : len)
		T_CHECK(lasm_feed(a, text + i, step && len - i > step ? step : len - i) == 0);
	T_CHECK(lasm_settle(a, 1, 0, 0) == 0);
	lasm_free(a);
	*n = g.n;
	*fmt = g.fmt;
	r = strdup(g.out.p ? g.out.p : "");
	sb_free(&g.out);
	return r;
}

/* A Docker line of 40,000 bytes as Docker writes it: three records. */
static void
docker_big(struct sb *b)
{
	size_t o, i;

	for (o = 0; o < 40000; o += 16384) {
		T_CHECK(sb_adds(b, "{\"log\":\"") == 0);
		for (i = o; i < o + 16384 && i < 40000; i++)
			T_CHECK(sb_addc(b, (char)('a' + i % 26)) == 0);
		T_CHECK(sb_adds(b, o + 16384 >= 40000 ? "\\n" : "") == 0);
		T_CHECK(sb_adds(b, "\",\"stream\":\"stdout\",\"time\":\"2024-05-01T10:00:00Z\"}\n") == 0);
		if (o == 0) /* another stream's line between the records */
			T_CHECK(sb_adds(b, "{\"log\":\"err\\n\",\"stream\":\"stderr\","
			    "\"time\":\"2024-05-01T10:00:00Z\"}\n") == 0);
	}
}

static void
test_docker_partial(void)
{
	struct sb b;
	struct pb_page *pg = pb_page_new();
	char *r, *line, *r1;
	int n;
	enum lfmt fmt;
	const struct pb_field *f;
	size_t vl, i;

	sb_init(&b, 0);
	docker_big(&b);
	/* a JSON log split too: its fields once joined */
	T_CHECK(sb_adds(&b, "{\"log\":\"{\\\"level\\\":\",\"stream\":\"stdout\",\"time\":\"2024-05-01T10:00:01Z\"}\n"
	    "{\"log\":\"\\\"warn\\\"}\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-01T10:00:01Z\"}\n") == 0);
	/* a partial record at the end: stored as it is */
	T_CHECK(sb_adds(&b, "{\"log\":\"cut short\",\"stream\":\"stdout\",\"time\":\"2024-05-01T10:00:02Z\"}\n") == 0);
	r = assemble(b.p, b.len, 0, &n, &fmt);
	T_EQ_INT(fmt, LFMT_DOCKER);
	T_EQ_INT(n, 4);
	pb_add_group(pg, NULL, NULL, NULL);
	for (line = r; *line; ) {
		size_t len = strtoul(line, &line, 10);

		lfmt_parse_any(fmt, line + 1, len, 7, pg);
		line += 1 + len + 1;
	}
	T_EQ_INT(pg->nlogs, 4);
	T_EQ_STR(pb_value(pg, pb_log_get(pg, 0, "log", 3), &vl), "err");
	f = pb_log_get(pg, 1, "log", 3);
	T_REQUIRE(f != NULL);
	T_EQ_INT(f->vlen, 40000);
	for (i = 0; i < 40000 && pb_value(pg, f, &vl)[i] == (char)('a' + i % 26); i++)
		;
	T_EQ_INT(i, 40000);
	T_EQ_STR(pb_value(pg, pb_log_get(pg, 2, "level", 5), &vl), "warn");
	T_EQ_STR(pb_value(pg, pb_log_get(pg, 3, "log", 3), &vl), "cut short");
	/* the same in chunks of 1, 7 and 4,096 bytes */
	for (i = 0; i < 3; i++) {
		static const size_t steps[] = { 1, 7, 4096 };

		r1 = assemble(b.p, b.len, steps[i], &n, &fmt);
		T_CHECK(strcmp(r1, r) == 0);
		free(r1);
	}
	free(r);
	/* a chain past 1 MiB: ended there, the rest a log of its own, nothing lost */
	sb_reset(&b);
	for (i = 0; i < 70; i++) {
		T_CHECK(sb_adds(&b, "{\"log\":\"") == 0);
		for (vl = 0; vl < 16384; vl++)
			T_CHECK(sb_addc(&b, 'z') == 0);
		T_CHECK(sb_adds(&b, i == 69 ? "\\n\",\"stream\":\"stdout\"}\n" : "\",\"stream\":\"stdout\"}\n") == 0);
	}
	r = assemble(b.p, b.len, 65536, &n, &fmt);
	T_EQ_INT(n, 2);
	pb_page_clear(pg);
	pb_add_group(pg, NULL, NULL, NULL);
	for (line = r; *line; ) {
		size_t len = strtoul(line, &line, 10);

		T_CHECK(len <= LASM_MAX_LINE);
		lfmt_parse_any(fmt, line + 1, len, 7, pg);
		line += 1 + len + 1;
	}
	T_REQUIRE(pg->nlogs == 2);
	T_EQ_INT(pb_log_get(pg, 0, "log", 3)->vlen + pb_log_get(pg, 1, "log", 3)->vlen, 70 * 16384);
	free(r);
	sb_free(&b);
	pb_page_free(pg);
}

static void
test_cri_partial(void)
{
	const char *t = "2024-05-01T10:00:00.1Z stdout P one \n"
			"2024-05-01T10:00:00.2Z stderr P err-a \n"
			"2024-05-01T10:00:00.3Z stdout P two \n"
			"2024-05-01T10:00:00.4Z stderr F err-b\n"
			"2024-05-01T10:00:00.5Z stdout F three\n"
			"2024-05-01T10:00:01Z stdout F whole\n"
			"2024-05-01T10:00:02Z stdout P left open";
	int n;
	enum lfmt fmt;
	char *r = assemble(t, strlen(t), 0, &n, &fmt), *r1;

	T_EQ_INT(fmt, LFMT_CRI);
	T_EQ_INT(n, 4);
	T_EQ_STR(r, "43:2024-05-01T10:00:00.2Z stderr F err-a err-b\n"
		    "45:2024-05-01T10:00:00.1Z stdout F one two three\n"
		    "35:2024-05-01T10:00:01Z stdout F whole\n"
		    "39:2024-05-01T10:00:02Z stdout F left open\n");
	r1 = assemble(t, strlen(t), 3, &n, &fmt);
	T_EQ_STR(r1, r);
	free(r1);
	free(r);
}

static void
test_plain_chunks(void)
{
	const char *t = "2024-01-01 10:00:00,001 INFO start\r\n"
			"2024-01-01 10:00:01,002 ERROR failed\n"
			"java.lang.IllegalStateException: bad\n"
			"\tat com.x.A.run(A.java:1)\n"
			"\n"
			"2024-01-01 10:00:02,003 INFO end";
	int n, n1;
	enum lfmt fmt;
	char *r = assemble(t, strlen(t), 0, &n, &fmt), *r1;

	T_EQ_INT(fmt, LFMT_PLAIN);
	T_EQ_INT(n, 3);
	T_EQ_STR(r, "34:2024-01-01 10:00:00,001 INFO start\n"
		    "99:2024-01-01 10:00:01,002 ERROR failed\njava.lang.IllegalStateException: bad\n"
		    "\tat com.x.A.run(A.java:1)\n"
		    "32:2024-01-01 10:00:02,003 INFO end\n");
	r1 = assemble(t, strlen(t), 1, &n1, &fmt);
	T_EQ_STR(r1, r);
	free(r1);
	free(r);
}

static void
test_hold(void)
{
	struct got g;
	struct lasm_cb cb = { got_sniffed, got_entry, &g };
	struct lasm *a;
	const char *e1 = "2024-01-01T00:00:00Z ERROR boom\n", *c1 = "\tat a.B(B.java:1)\n", *n;

	memset(&g, 0, sizeof g);
	sb_init(&g.out, 0);
	a = lasm_new(&cb);
	T_CHECK(lasm_feed(a, e1, strlen(e1)) == 0);
	T_CHECK(lasm_settle(a, 0, 1000, 500) == 0); /* sniffed, the entry held */
	T_EQ_INT(g.n, 0);
	T_EQ_INT(lasm_holding(a), 1);
	T_CHECK(lasm_feed(a, c1, strlen(c1)) == 0);  /* a later poll: joins it */
	T_CHECK(lasm_settle(a, 0, 1300, 500) == 0);
	T_EQ_INT(g.n, 0);
	T_CHECK(lasm_settle(a, 0, 1700, 500) == 0);  /* 400 ms quiet: still held */
	T_EQ_INT(g.n, 0);
	T_CHECK(lasm_settle(a, 0, 1800, 500) == 0);  /* 500 ms quiet: stored */
	T_EQ_INT(g.n, 1);
	T_EQ_INT(lasm_holding(a), 0);
	T_EQ_STR(g.out.p, "49:2024-01-01T00:00:00Z ERROR boom\n\tat a.B(B.java:1)\n");
	/* a new entry ends the one held at once; a partial line stays */
	T_CHECK(lasm_feed(a, e1, strlen(e1)) == 0);
	T_CHECK(lasm_settle(a, 0, 2000, 500) == 0);
	n = "2024-01-01T00:00:01Z INFO next\n2024-01-01T00:00:02Z part";
	T_CHECK(lasm_feed(a, n, strlen(n)) == 0);
	T_EQ_INT(g.n, 2);
	T_CHECK(lasm_settle(a, 0, 2100, 500) == 0);
	T_EQ_INT(g.n, 2);
	T_CHECK(lasm_settle(a, 1, 2200, 0) == 0);   /* the end: everything */
	T_EQ_INT(g.n, 4);
	lasm_free(a);
	sb_free(&g.out);
}

/* The format decided from other lines (a file's head) before the bytes
 * fed; which lines start an entry. */
static void
test_presniff(void)
{
	struct got g;
	struct lasm_cb cb = { got_sniffed, got_entry, &g };
	struct lasm *a;
	const char *head[] = { "2024-01-01T00:00:00Z INFO start", "2024-01-01T00:00:01Z INFO b" };
	const char *tail = "\tat x.Y(Y.java:1)\n2024-01-01T00:10:00Z ERROR late\ncaused by: z\n";

	memset(&g, 0, sizeof g);
	sb_init(&g.out, 0);
	a = lasm_new(&cb);
	T_EQ_INT(lasm_presniff(a, head, 2), 0);
	T_EQ_INT(g.fmt, LFMT_PLAIN);
	T_EQ_INT(lasm_starts_entry(a, "\tat x", 5), 0);
	T_EQ_INT(lasm_starts_entry(a, "no time", 7), 0);
	T_EQ_INT(lasm_starts_entry(a, head[1], strlen(head[1])), 1);
	T_CHECK(lasm_feed(a, tail, strlen(tail)) == 0);
	T_CHECK(lasm_settle(a, 1, 0, 0) == 0);
	T_EQ_INT(g.n, 2); /* no sniffing wait: the lines are parsed at once */
	T_EQ_STR(g.out.p, "17:\tat x.Y(Y.java:1)\n44:2024-01-01T00:10:00Z ERROR late\ncaused by: z\n");
	lasm_free(a);
	sb_free(&g.out);
}

/* The entries of r (assemble's "len:text\n" list) parsed as fmt into pg. */
static void
parse_all(const char *r, enum lfmt fmt, struct pb_page *pg)
{
	const char *line;

	pb_page_clear(pg);
	pb_add_group(pg, NULL, NULL, NULL);
	for (line = r; *line; ) {
		char *end;
		size_t len = strtoul(line, &end, 10);

		lfmt_parse_any(fmt, end + 1, len, 7, pg);
		line = end + 1 + len + 1;
	}
}

#define DREC(text, stream, sec) \
	"{\"log\":\"" text "\\n\",\"stream\":\"" stream "\",\"time\":\"2024-05-01T10:00:0" sec "Z\"}\n"

/* A stack trace Docker wrote a line a record: one entry (the first
 * record's time, the lines in its log), whatever the chunks; another
 * stream's record in between ends it; without timestamps in the logs
 * only lines that start with a blank continue one. */
static void
test_docker_multiline(void)
{
	const char *trace =
	    DREC("2024-05-01 10:00:00 ERROR boom", "stderr", "0")
	    DREC("java.lang.IllegalStateException: x", "stderr", "0")
	    DREC("\\tat a.B.c(B.java:1)", "stderr", "0")
	    DREC("  at d.E.f(E.java:2)", "stderr", "1")
	    DREC("2024-05-01 10:00:01 INFO next", "stdout", "1")
	    DREC("2024-05-01 10:00:02 WARN other", "stderr", "2")
	    DREC("\\tat g.H.i(H.java:3)", "stdout", "2")
	    DREC("", "stderr", "3");
	const char *bare =
	    DREC("hello", "stdout", "0") DREC("\\tat x.Y(Y.java:1)", "stdout", "0")
	    DREC("world", "stdout", "1");
	struct pb_page *pg = pb_page_new();
	struct got g;
	struct lasm_cb cb = { got_sniffed, got_entry, &g };
	struct lasm *a;
	enum lfmt fmt;
	char *r, *r1;
	size_t i;
	int n;

	r = assemble(trace, strlen(trace), 0, &n, &fmt);
	T_EQ_INT(fmt, LFMT_DOCKER);
	T_EQ_INT(n, 5);
	parse_all(r, fmt, pg);
	T_REQUIRE(pg->nlogs == 5);
	T_EQ_STR(val_at(pg, 0, "log"), "2024-05-01 10:00:00 ERROR boom\njava.lang.IllegalStateException: "
	    "x\n\tat a.B.c(B.java:1)\n  at d.E.f(E.java:2)");
	T_EQ_INT(pg->logs[0].time, 1714557600);
	T_EQ_STR(val_at(pg, 0, "stream"), "stderr");
	T_EQ_STR(val_at(pg, 1, "log"), "2024-05-01 10:00:01 INFO next");
	T_EQ_STR(val_at(pg, 2, "log"), "2024-05-01 10:00:02 WARN other");
	/* a continuation of the other stream's entry: a log of its own */
	T_EQ_STR(val_at(pg, 3, "log"), "\tat g.H.i(H.java:3)");
	T_EQ_STR(val_at(pg, 4, "log"), "");
	for (i = 0; i < 3; i++) {
		static const size_t steps[] = { 1, 7, 100 };

		r1 = assemble(trace, strlen(trace), steps[i], &n, &fmt);
		T_EQ_STR(r1, r);
		free(r1);
	}
	free(r);
	r = assemble(bare, strlen(bare), 0, &n, &fmt);
	T_EQ_INT(n, 2);
	parse_all(r, fmt, pg);
	T_REQUIRE(pg->nlogs == 2);
	T_EQ_STR(val_at(pg, 0, "log"), "hello\n\tat x.Y(Y.java:1)");
	T_EQ_STR(val_at(pg, 1, "log"), "world");
	free(r);
	/* which lines start an entry (where a file's newest part may begin) */
	memset(&g, 0, sizeof g);
	sb_init(&g.out, 0);
	a = lasm_new(&cb);
	T_CHECK(lasm_feed(a, trace, strlen(trace)) == 0);
	T_CHECK(lasm_settle(a, 1, 0, 0) == 0);
	T_EQ_INT(lasm_starts_entry(a, DREC("\\tat a", "stderr", "0"), strlen(DREC("\\tat a", "stderr", "0")) - 1), 0);
	T_EQ_INT(lasm_starts_entry(a, DREC("Caused by: y", "stderr", "0"), strlen(DREC("Caused by: y", "stderr", "0")) - 1), 0);
	T_EQ_INT(lasm_starts_entry(a, DREC("2024-05-01 10:00:09 x", "stderr", "0"), strlen(DREC("2024-05-01 10:00:09 x", "stderr", "0")) - 1), 1);
	T_EQ_INT(lasm_starts_entry(a, "not json", 8), 1);
	/* followed: the last record is held while a continuation may come */
	T_CHECK(lasm_feed(a, DREC("2024-05-01 10:00:05 ERROR again", "stderr", "5"),
	    strlen(DREC("2024-05-01 10:00:05 ERROR again", "stderr", "5"))) == 0);
	n = g.n;
	T_CHECK(lasm_settle(a, 0, 1000, 500) == 0);
	T_EQ_INT(g.n, n);
	T_EQ_INT(lasm_holding(a), 1);
	T_CHECK(lasm_feed(a, DREC("\\tat z.Z(Z.java:9)", "stderr", "5"),
	    strlen(DREC("\\tat z.Z(Z.java:9)", "stderr", "5"))) == 0);
	T_CHECK(lasm_settle(a, 0, 1200, 500) == 0);
	T_EQ_INT(g.n, n);
	T_CHECK(lasm_settle(a, 0, 1800, 500) == 0);
	T_EQ_INT(g.n, n + 1);
	T_CHECK(strstr(g.out.p, "ERROR again\\n\\tat z.Z(Z.java:9)\\n\",\"stream\":\"stderr\"") != NULL);
	lasm_free(a);
	sb_free(&g.out);
	pb_page_free(pg);
}

/* The same in CRI lines: whole (F) lines joined with a newline, after a
 * P line's chain too. */
static void
test_cri_multiline(void)
{
	const char *t =
	    "2024-05-01T10:00:00.0Z stdout F 2024-05-01 10:00:00 INFO before\n"
	    "2024-05-01T10:00:00.1Z stderr F 2024-05-01 10:00:00 ERROR boom\n"
	    "2024-05-01T10:00:00.3Z stderr P Caused by: a long\n"
	    "2024-05-01T10:00:00.4Z stderr F  line\n"
	    "2024-05-01T10:00:00.5Z stderr F \tat a.B(B.java:1)\n"
	    "2024-05-01T10:00:01Z stderr F 2024-05-01 10:00:01 INFO fine\n";
	struct pb_page *pg = pb_page_new();
	enum lfmt fmt;
	char *r, *r1;
	int n;

	r = assemble(t, strlen(t), 0, &n, &fmt);
	T_EQ_INT(fmt, LFMT_CRI);
	T_EQ_INT(n, 3);
	parse_all(r, fmt, pg);
	T_REQUIRE(pg->nlogs == 3);
	T_EQ_STR(val_at(pg, 0, "content"), "2024-05-01 10:00:00 INFO before");
	T_EQ_STR(val_at(pg, 1, "content"), "2024-05-01 10:00:00 ERROR boom\nCaused by: a long line\n"
	    "\tat a.B(B.java:1)");
	T_EQ_INT(pg->logs[1].time_ns, 100000000);
	T_EQ_STR(val_at(pg, 2, "content"), "2024-05-01 10:00:01 INFO fine");
	r1 = assemble(t, strlen(t), 3, &n, &fmt);
	T_EQ_STR(r1, r);
	free(r1);
	free(r);
	pb_page_free(pg);
}

#define T_LIST(X) X(test_cri) X(test_json_ns_nul) X(test_docker_partial) X(test_cri_partial) \
	X(test_plain_chunks) X(test_hold) X(test_presniff) X(test_docker_multiline) \
	X(test_cri_multiline)
T_MAIN(T_LIST)
