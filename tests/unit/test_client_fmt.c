/*
 * test_client_fmt — the headless commands' output writers: JSON strings
 * stay valid JSON and carry no raw control, C1 or bidi characters; invalid
 * UTF-8 becomes U+FFFD; --raw passes valid UTF-8 through.
 */
#include <string.h>

#include "base/sb.h"
#include "tests/unit/t.h"
#include "client/cl_fmt.h"

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

#define T_LIST(X) X(test_json_str) X(test_text)
T_MAIN(T_LIST)
