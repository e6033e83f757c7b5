/*
 * t.h — the unit test runner: a header, no library.
 *
 * A test file defines static void functions and lists them once:
 *
 *     #define T_LIST(X) X(test_sb_add) X(test_sb_cap)
 *     T_MAIN(T_LIST)
 *
 * Checks record a failure and go on (T_CHECK) or return from the test
 * (T_REQUIRE). The binary runs every test, or only those named on its
 * command line, prints "ok NAME" / "FAIL NAME" lines and ends with the
 * plain line "N passed, N failed"; it exits 1 on any failure.
 */
#ifndef SLSX_TESTS_T_H
#define SLSX_TESTS_T_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int t_failed_checks;

#define T_FAIL_AT(...)                                                       \
	do {                                                                 \
		t_failed_checks++;                                           \
		fprintf(stderr, "  %s:%d: ", __FILE__, __LINE__);            \
		fprintf(stderr, __VA_ARGS__);                                \
		fputc('\n', stderr);                                         \
	} while (0)

#define T_CHECK(c)                                                           \
	do {                                                                 \
		if (!(c))                                                    \
			T_FAIL_AT("check failed: %s", #c);                   \
	} while (0)

#define T_REQUIRE(c)                                                         \
	do {                                                                 \
		if (!(c)) {                                                  \
			T_FAIL_AT("required: %s", #c);                       \
			return;                                              \
		}                                                            \
	} while (0)

#define T_EQ_INT(a, b)                                                       \
	do {                                                                 \
		long long t_a_ = (long long)(a), t_b_ = (long long)(b);      \
		if (t_a_ != t_b_)                                            \
			T_FAIL_AT("%s == %s: %lld != %lld", #a, #b, t_a_, t_b_); \
	} while (0)

#define T_EQ_STR(a, b)                                                       \
	do {                                                                 \
		const char *t_a_ = (a), *t_b_ = (b);                         \
		if (t_a_ == NULL || t_b_ == NULL || strcmp(t_a_, t_b_) != 0) \
			T_FAIL_AT("%s == %s:\n    got  \"%s\"\n    want \"%s\"", \
			    #a, #b, t_a_ ? t_a_ : "(null)", t_b_ ? t_b_ : "(null)"); \
	} while (0)

#define T_EQ_MEM(a, b, n)                                                    \
	do {                                                                 \
		if (memcmp((a), (b), (n)) != 0)                              \
			T_FAIL_AT("%s == %s (%zu bytes) differ", #a, #b, (size_t)(n)); \
	} while (0)

struct t_case {
	const char *name;
	void (*fn)(void);
};

#define T_DECL_(f) static void f(void);
#define T_ENTRY_(f) { #f, f },

static int
t_selected(int argc, char **argv, const char *name)
{
	int i;

	if (argc < 2)
		return 1;
	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return 1;
	return 0;
}

static int
t_run(const struct t_case *cases, size_t n, int argc, char **argv)
{
	size_t i, pass = 0, fail = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < n; i++) {
		int before = t_failed_checks;

		if (!t_selected(argc, argv, cases[i].name))
			continue;
		fflush(stderr);
		cases[i].fn();
		if (t_failed_checks == before) {
			pass++;
			printf("ok %s\n", cases[i].name);
		} else {
			fail++;
			printf("FAIL %s\n", cases[i].name);
		}
	}
	printf("%zu passed, %zu failed\n", pass, fail);
	return fail ? 1 : 0;
}

#define T_MAIN(LIST)                                                         \
	LIST(T_DECL_)                                                        \
	static const struct t_case t_cases_[] = { LIST(T_ENTRY_) };          \
	int main(int argc, char **argv)                                      \
	{                                                                    \
		return t_run(t_cases_, sizeof t_cases_ / sizeof t_cases_[0], \
		    argc, argv);                                             \
	}

#endif
