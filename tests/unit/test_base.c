/*
 * test_base — unit tests for base/: sb caps, arena alignment and reuse,
 * UTF-8 decoding, widths and terminal-safe escaping, clocks, base64, dates.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/b64.h"
#include "base/clk.h"
#include "base/date.h"
#include "base/rng.h"
#include "base/sb.h"
#include "base/u8.h"
#include "base/varint.h"
#include "base/xalloc.h"
#include "tests/unit/t.h"

static void
test_sb_add_and_take(void)
{
	struct sb b;
	size_t len;
	char *s;

	sb_init(&b, 0);
	T_EQ_STR(sb_str(&b), "");
	T_CHECK(sb_adds(&b, "hello") == 0);
	T_CHECK(sb_addc(&b, ' ') == 0);
	T_CHECK(sb_addf(&b, "%d-%s", 42, "x") == 0);
	T_EQ_STR(sb_str(&b), "hello 42-x");
	s = sb_take(&b, &len);
	T_EQ_INT(len, 10);
	T_EQ_STR(s, "hello 42-x");
	T_EQ_STR(sb_str(&b), "");
	free(s);
}

static void
test_sb_cap_resets(void)
{
	struct sb b;

	sb_init(&b, 8);
	T_CHECK(sb_add(&b, "12345678", 8) == 0);
	T_CHECK(sb_add(&b, "9", 1) == -1);
	T_EQ_INT(b.len, 0);
	T_EQ_STR(sb_str(&b), "");
	T_CHECK(sb_addf(&b, "%s", "123456789") == -1);
	T_CHECK(sb_add(&b, "ok", 2) == 0);
	T_EQ_STR(sb_str(&b), "ok");
	sb_free(&b);
}

static void
test_sb_binary(void)
{
	struct sb b;

	sb_init(&b, 0);
	T_CHECK(sb_add(&b, "a\0b", 3) == 0);
	T_EQ_INT(b.len, 3);
	T_EQ_MEM(b.p, "a\0b", 4);
	sb_free(&b);
}

static void
test_arena_alignment_and_big(void)
{
	struct arena *a = arena_new(128);
	int i;

	for (i = 0; i < 100; i++) {
		char *p = arena_alloc(a, (size_t)(i % 13) + 1, 1);
		uint64_t *q = arena_alloc(a, sizeof *q, sizeof *q);

		memset(p, 'x', (size_t)(i % 13) + 1);
		T_CHECK(((uintptr_t)q % sizeof *q) == 0);
		*q = (uint64_t)i;
	}
	char *big = arena_alloc(a, 10000, 16);
	memset(big, 0, 10000);
	T_CHECK(((uintptr_t)big % 16) == 0);
	T_CHECK(arena_used(a) >= 10000);
	T_CHECK(arena_reserved(a) >= arena_used(a));
	char *s = arena_strndup(a, "abc\0def", 7);
	T_EQ_MEM(s, "abc\0def", 8);
	arena_clear(a);
	T_EQ_INT(arena_used(a), 0);
	T_CHECK(arena_alloc(a, 0, 1) != NULL);
	arena_free(a);
	arena_free(NULL);
}

static void
test_u8_decode(void)
{
	int32_t cp;

	T_EQ_INT(u8_decode("A", 1, &cp), 1);
	T_EQ_INT(cp, 'A');
	T_EQ_INT(u8_decode("\xc3\xa9", 2, &cp), 2);
	T_EQ_INT(cp, 0xe9);
	T_EQ_INT(u8_decode("\xe4\xb8\xad", 3, &cp), 3);
	T_EQ_INT(cp, 0x4e2d);
	T_EQ_INT(u8_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
	T_EQ_INT(cp, 0x1f600);
	T_EQ_INT(u8_decode("\xe4\xb8", 2, &cp), 1); /* truncated */
	T_EQ_INT(cp, -1);
	T_EQ_INT(u8_decode("\xc0\x80", 2, &cp), 1); /* overlong */
	T_EQ_INT(cp, -1);
	T_EQ_INT(u8_decode("\xed\xa0\x80", 3, &cp), 1); /* surrogate */
	T_EQ_INT(cp, -1);
	T_CHECK(u8_valid("h\xc3\xa9llo", 6));
	T_CHECK(!u8_valid("\xff", 1));
}

static void
test_u8_escape_hostile(void)
{
	struct sb b;
	const char in[] = "a\x1b[31mred\r\bX\xc2\x9b\xe2\x80\xae\xff\\z\ttab";

	sb_init(&b, 0);
	T_CHECK(u8_escape(&b, in, sizeof in - 1, 0) == 0);
	T_EQ_STR(sb_str(&b), "a\\e[31mred\\r\\x08X\\x9b\\u202e\\xff\\\\z\\ttab");
	T_EQ_INT(u8_width(in, sizeof in - 1), strlen(sb_str(&b)));
	/* nothing below 0x20 and no C1 left */
	for (const unsigned char *p = (const unsigned char *)sb_str(&b); *p; p++)
		T_CHECK(*p >= 0x20 && *p != 0x7f);
	sb_free(&b);

	sb_init(&b, 0);
	T_CHECK(u8_escape(&b, "l1\nl2\tx", 7, 1) == 0);
	T_EQ_STR(sb_str(&b), "l1\nl2\tx");
	sb_free(&b);
}

static void
test_u8_width_cjk_emoji(void)
{
	size_t used;

	T_EQ_INT(u8_width("abc", 3), 3);
	T_EQ_INT(u8_width("\xe4\xb8\xad\xe6\x96\x87", 6), 4);
	T_EQ_INT(u8_width("\xf0\x9f\x98\x80", 4), 2);
	T_EQ_INT(u8_width("e\xcc\x81", 3), 1); /* e + combining acute */
	/* a wide char never straddles the limit */
	T_EQ_INT(u8_prefix_for_cols("a\xe4\xb8\xad" "b", 5, 2, &used), 1);
	T_EQ_INT(used, 1);
	T_EQ_INT(u8_prefix_for_cols("a\xe4\xb8\xad" "b", 5, 3, &used), 4);
	T_EQ_INT(used, 3);
}

static void
test_clk(void)
{
	int64_t a = clk_mono_ms();

	clk_sleep_ms(5);
	T_CHECK(clk_mono_ms() - a >= 4);
	setenv("SLSX_FORCETIME", "1704067200", 1);
	T_EQ_INT(clk_wall(), 1704067200);
	unsetenv("SLSX_FORCETIME");
	T_CHECK(clk_wall() > 1704067200);
}

static void
test_xasprintf(void)
{
	char *s = xasprintf("%s=%d", "k", 7);

	T_EQ_STR(s, "k=7");
	free(s);
	s = xstrndup("abcdef", 3);
	T_EQ_STR(s, "abc");
	free(s);
}

static void
test_rng(void)
{
	uint64_t a = 42, b = 42, z = 0;
	double sum = 0;
	int i;

	for (i = 0; i < 1000; i++) {
		double x = rng_unit(&a);

		T_CHECK(x >= 0.0 && x < 1.0);
		T_CHECK(x == rng_unit(&b)); /* same seed, same sequence */
		sum += x;
	}
	T_CHECK(sum > 400 && sum < 600);
	T_CHECK(rng_unit(&z) >= 0.0 && z != 0); /* a zero state still moves */
}

static void
test_b64(void)
{
	/* RFC 4648 section 10 vectors, both ways */
	static const char *const v[][2] = { { "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" },
		{ "foo", "Zm9v" }, { "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" },
		{ "foobar", "Zm9vYmFy" } };
	char out[16];
	unsigned char back[16], all[256];
	char big[400];
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		size_t n = strlen(v[i][0]);

		T_EQ_INT(b64_encode(v[i][0], n, out, sizeof out), strlen(v[i][1]));
		T_EQ_STR(out, v[i][1]);
		T_EQ_INT(b64_decode(v[i][1], strlen(v[i][1]), back, sizeof back), n);
		T_EQ_MEM(back, v[i][0], n);
	}
	T_EQ_INT(b64_decode("YWI", 3, back, sizeof back), -1);     /* not a multiple of 4 */
	T_EQ_INT(b64_decode("Y=I=", 4, back, sizeof back), -1);    /* padding inside */
	T_EQ_INT(b64_decode("====", 4, back, sizeof back), -1);
	T_EQ_INT(b64_decode("YW I", 4, back, sizeof back), -1);    /* not the alphabet */
	T_EQ_INT(b64_decode("YWJjZGVm", 8, back, 2), -1);          /* out too small */
	T_EQ_INT(b64_decode("YWJj", 4, back, 3), 3);
	T_EQ_INT(b64_encode("abc", 3, out, 4), 0);                 /* no room for the NUL */
	/* every byte value, through +, / and both paddings */
	for (i = 0; i < sizeof all; i++)
		all[i] = (unsigned char)(255 - i);
	for (i = 254; i <= 256; i++) {
		unsigned char got[256];
		size_t k = b64_encode(all, i, big, sizeof big);

		T_EQ_INT(k, 4 * ((i + 2) / 3));
		T_EQ_INT(b64_decode(big, k, got, sizeof got), i);
		T_EQ_MEM(got, all, i);
	}
	T_CHECK(strchr(big, '+') != NULL && strchr(big, '/') != NULL);
}

static void
test_date(void)
{
	T_EQ_INT(date_make(1970, 1, 1, 0, 0, 0, DATE_UTC, 0), 0);
	T_EQ_INT(date_make(2024, 1, 1, 8, 30, 0, DATE_UTC, 0), 1704097800);
	T_EQ_INT(date_make(2024, 2, 29, 0, 0, 0, DATE_UTC, 0), 1709164800);
	/* 08:30 at +08:00 is 00:30 UTC */
	T_EQ_INT(date_make(2024, 1, 1, 8, 30, 0, DATE_UTC, 8 * 3600), 1704069000);
	T_EQ_INT(date_make(2016, 12, 31, 23, 59, 60, DATE_UTC, 0), 1483228800);
	/* each field out of its range */
	T_EQ_INT(date_make(1969, 12, 31, 0, 0, 0, DATE_UTC, 0), -1);
	T_EQ_INT(date_make(1969, 12, 31, 0, 0, 0, DATE_UTC | DATE_ANY_YEAR, 0), -86400);
	T_EQ_INT(date_make(10000, 1, 1, 0, 0, 0, DATE_UTC, 0), -1);
	T_EQ_INT(date_make(2024, 0, 1, 0, 0, 0, DATE_UTC, 0), -1);
	T_EQ_INT(date_make(2024, 13, 1, 0, 0, 0, DATE_UTC, 0), -1);
	T_EQ_INT(date_make(2024, 1, 0, 0, 0, 0, DATE_UTC, 0), -1);
	T_EQ_INT(date_make(2024, 1, 32, 0, 0, 0, DATE_UTC, 0), -1);
	T_EQ_INT(date_make(2024, 1, 1, 24, 0, 0, DATE_UTC, 0), -1);
	T_EQ_INT(date_make(2024, 1, 1, -1, 0, 0, DATE_UTC, 0), -1);
	T_EQ_INT(date_make(2024, 1, 1, 0, 60, 0, DATE_UTC, 0), -1);
	T_EQ_INT(date_make(2024, 1, 1, 0, 0, 61, DATE_UTC, 0), -1);
	/* local time: what mktime says for the same fields */
	{
		struct tm tm;

		memset(&tm, 0, sizeof tm);
		tm.tm_year = 124;
		tm.tm_mon = 6;
		tm.tm_mday = 1;
		tm.tm_hour = 12;
		tm.tm_isdst = -1;
		T_EQ_INT(date_make(2024, 7, 1, 12, 0, 0, DATE_LOCAL, 0), mktime(&tm));
	}
}

static void
test_varint(void)
{
	static const uint64_t v[] = { 0, 1, 127, 128, 300, 16383, 16384, UINT32_MAX, UINT64_MAX };
	uint8_t buf[VARINT_MAX + 1];
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		uint8_t *end = varint_put(buf, v[i]);
		uint64_t got = 1234, got2 = 1234;

		T_EQ_INT((size_t)(end - buf), varint_len(v[i]));
		T_CHECK(varint_get(buf, end, &got) == end && got == v[i]);
		T_CHECK(varint_get_trusted(buf, &got2) == end && got2 == v[i]);
		/* one byte short is truncated */
		T_CHECK(varint_get(buf, end - 1, &got) == NULL);
	}
	T_EQ_INT(varint_len(UINT64_MAX), VARINT_MAX);
	T_EQ_MEM(buf, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 10);
	/* eleven continuation bytes are over the limit */
	memset(buf, 0x80, sizeof buf);
	{
		uint64_t got;

		T_CHECK(varint_get(buf, buf + sizeof buf, &got) == NULL);
	}
}

#define T_LIST(X)                                                            \
	X(test_sb_add_and_take) X(test_sb_cap_resets) X(test_sb_binary)      \
	X(test_arena_alignment_and_big) X(test_u8_decode)                    \
	X(test_u8_escape_hostile) X(test_u8_width_cjk_emoji) X(test_clk)     \
	X(test_xasprintf) X(test_rng) X(test_b64) X(test_date) X(test_varint)
T_MAIN(T_LIST)
