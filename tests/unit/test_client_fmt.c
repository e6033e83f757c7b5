/*
 * test_client_fmt — the headless commands' output writers: JSON strings
 * stay valid JSON and carry no raw control, C1 or bidi characters; invalid
 * UTF-8 becomes U+FFFD; --raw passes valid UTF-8 through; a pulled log
 * and a result row as JSON and as a text line.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/sb.h"
#include "client/cl_fmt.h"
#include "client/cl_logs.h"
#include "proto/pb.h"
#include "tests/unit/t.h"

static void
test_json_str(void)
{
	struct sb b;
	const char in[] = "a\"b\\c\n\t\r\x1b[31m\x7f\xc2\x9b\xe2\x80\xae\xff\xe4\xb8\xad";

	sb_init(&b, 0);
	T_CHECK(cl_fmt_json_str(&b, in, sizeof in - 1, 0) == 0);
	T_EQ_STR(sb_str(&b), "\"a\\\"b\\\\c\\n\\t\\r\\u001b[31m\\u007f\\u009b\\u202e\\ufffd"
			     "\xe4\xb8\xad\"");
	sb_reset(&b);
	T_CHECK(cl_fmt_json_str(&b, in, sizeof in - 1, 1) == 0);
	/* raw keeps C1/bidi as characters but control bytes stay escaped */
	T_CHECK(strstr(sb_str(&b), "\\u001b") != NULL);
	T_CHECK(strstr(sb_str(&b), "\xe2\x80\xae") != NULL);
	T_CHECK(strstr(sb_str(&b), "\\ufffd") != NULL);
	sb_reset(&b);
	T_CHECK(cl_fmt_json_str(&b, "a\0b", 3, 0) == 0);
	T_EQ_STR(sb_str(&b), "\"a\\u0000b\"");
	sb_free(&b);
}

static void
test_text(void)
{
	struct sb b;

	sb_init(&b, 0);
	T_CHECK(cl_fmt_text(&b, "x\x1b]0;t\x07y", 8, 0) == 0);
	T_EQ_STR(sb_str(&b), "x\\e]0;t\\x07y");
	sb_reset(&b);
	T_CHECK(cl_fmt_text(&b, "x\x1by", 3, 1) == 0);
	T_EQ_MEM(b.p, "x\x1by", 3);
	sb_free(&b);
}

static void
test_json_log(void)
{
	struct pb_page *pg = pb_page_new();
	struct sb b;

	T_REQUIRE(pb_add_group(pg, "top\x1b", "10.0.0.1", NULL) == 0);
	T_REQUIRE(pb_add_tag(pg, "host", 4, "h1", 2) == 0);
	T_REQUIRE(pb_add_log(pg, 1700000000, 1, 250) == 0);
	T_REQUIRE(pb_add_field(pg, "msg", 3, "a\nb\xff", 4) == 0);
	T_REQUIRE(pb_add_log(pg, 1700000001, 0, 0) == 0);
	sb_init(&b, 0);
	T_CHECK(cl_fmt_json_log(&b, pg, 0, 0) == 0);
	T_EQ_STR(sb_str(&b), "{\"__time__\":1700000000,\"__time_ns_part__\":250,"
			     "\"__topic__\":\"top\\u001b\",\"__source__\":\"10.0.0.1\","
			     "\"__tag__:host\":\"h1\",\"msg\":\"a\\nb\\ufffd\"}");
	sb_reset(&b);
	T_CHECK(cl_fmt_json_log(&b, pg, 1, 0) == 0);
	T_EQ_STR(sb_str(&b), "{\"__time__\":1700000001,\"__topic__\":\"top\\u001b\","
			     "\"__source__\":\"10.0.0.1\",\"__tag__:host\":\"h1\"}");
	sb_free(&b);
	pb_page_free(pg);
}

static void
test_text_row(void)
{
	struct cl_resp rs;
	struct cl_logs l;
	struct cl_err err;
	struct sb b;
	char when[32];
	time_t t = 1700000000;
	struct tm tm;

	memset(&rs, 0, sizeof rs);
	sb_init(&rs.body, 0);
	sb_init(&rs.xhdr, 0);
	T_REQUIRE(sb_adds(&rs.body, "{\"meta\":{\"progress\":\"Complete\",\"count\":1},"
				  "\"data\":[{\"__time__\":\"1700000000\",\"__pack_meta__\":\"0|x|1|0\","
				  "\"level\":\"ERROR\",\"msg\":\"a\\u001b[2Jb\"}]}") == 0);
	cl_logs_init(&l);
	T_REQUIRE(cl_parse_logs_v2(&rs, &l, &err) == 0);
	T_REQUIRE(l.nrows == 1);
	localtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	sb_init(&b, 0);
	T_CHECK(cl_fmt_text_row(&b, &l, &l.rows[0], 0) == 0);
	/* the time first, internal fields left out, escape bytes made visible */
	T_CHECK(strncmp(sb_str(&b), when, strlen(when)) == 0);
	T_CHECK(strstr(sb_str(&b), " level=ERROR msg=a\\e[2Jb") != NULL);
	T_CHECK(strstr(sb_str(&b), "__pack_meta__") == NULL);
	sb_free(&b);
	cl_logs_free(&l);
	sb_free(&rs.body);
	sb_free(&rs.xhdr);
}

#define T_LIST(X) X(test_json_str) X(test_text) X(test_json_log) X(test_text_row)
T_MAIN(T_LIST)
