/*
 * test_cli_demo — slsd --early's load lines as slsx reads them: progress,
 * loaded and failed (several files, malformed lines changing nothing, a
 * full table), the sum the UI shows, and reading them off a pipe in
 * pieces without blocking, to the pipe's end.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/demo.h"
#include "tests/unit/t.h"

static void
test_load_progress_then_loaded(void)
{
	struct demo_load l;
	long long b, t, n, ms;
	int failed;

	memset(&l, 0, sizeof l);
	T_EQ_INT(demo_load_line(&l, "progress big 0 999999999999999"), 1); /* 15 digits */
	T_EQ_INT(l.f[0].total, 999999999999999LL);
	T_EQ_INT(demo_load_line(&l, "progress big 0 1000"), 1);
	T_EQ_INT(l.n, 1);
	T_EQ_STR(l.f[0].logstore, "big");
	T_EQ_INT(demo_load_sum(&l, &b, &t, &n, &ms, &failed), 1);
	T_EQ_INT(b, 0);
	T_EQ_INT(t, 1000);
	T_EQ_INT(demo_load_line(&l, "progress big 420 1000"), 1);
	T_EQ_INT(demo_load_sum(&l, &b, &t, &n, &ms, &failed), 1);
	T_EQ_INT(b, 420);
	T_EQ_INT(demo_load_line(&l, "loaded big 12345 6789"), 1);
	T_EQ_INT(demo_load_sum(&l, &b, &t, &n, &ms, &failed), 0);
	T_EQ_INT(b, 1000); /* loaded: all of it */
	T_EQ_INT(t, 1000);
	T_EQ_INT(n, 12345);
	T_EQ_INT(ms, 6789);
	T_EQ_INT(failed, 0);
	/* a late progress line does not make it load again */
	T_EQ_INT(demo_load_line(&l, "progress big 10 1000"), 1);
	T_EQ_INT(demo_load_sum(&l, &b, &t, &n, &ms, &failed), 0);
	T_EQ_INT(b, 1000);
	T_EQ_INT(l.n, 1);
}

static void
test_load_several_files(void)
{
	struct demo_load l;
	long long b, t, n, ms;
	int failed;

	memset(&l, 0, sizeof l);
	T_EQ_INT(demo_load_line(&l, "progress a 0 100"), 1);
	T_EQ_INT(demo_load_line(&l, "progress b 0 300"), 1);
	T_EQ_INT(demo_load_line(&l, "progress a 50 100"), 1);
	T_EQ_INT(demo_load_sum(&l, &b, &t, &n, &ms, &failed), 1);
	T_EQ_INT(b, 50);
	T_EQ_INT(t, 400);
	T_EQ_INT(demo_load_line(&l, "loaded a 7 900"), 1);
	/* b still loads: the load goes on */
	T_EQ_INT(demo_load_sum(&l, &b, &t, &n, &ms, &failed), 1);
	T_EQ_INT(b, 100);
	T_EQ_INT(demo_load_line(&l, "failed b"), 1);
	T_EQ_INT(demo_load_sum(&l, &b, &t, &n, &ms, &failed), 0);
	T_EQ_INT(failed, 1);
	T_EQ_INT(n, 7);
	T_EQ_INT(ms, 900);
}

static void
test_load_other_and_bad_lines(void)
{
	static const char *const bad[] = { "progress ", "progress big", "progress big 1",
		"progress big 1 2 3", "progress big  1 2", "progress big 1 2 ", "progress big -1 2",
		"progress big 1x 2", "progress big 3 2", "progress big 1 99999999999999999999",
		"progress big 1 1000000000000000",
		"loaded big 1", "loaded big a 2", "failed ", "failed big x",
		"progress 0123456789012345678901234567890123456789012345678901234567890123 0 1" };
	struct demo_load l;
	size_t i;

	memset(&l, 0, sizeof l);
	T_EQ_INT(demo_load_line(&l, "listening on http://127.0.0.1:1"), 0);
	T_EQ_INT(demo_load_line(&l, "span 1 2"), 0);
	T_EQ_INT(demo_load_line(&l, "logstore big"), 0);
	T_EQ_INT(demo_load_line(&l, ""), 0);
	T_EQ_INT(demo_load_line(&l, "progressive 1 2 3"), 0);
	T_EQ_INT(demo_load_line(&l, "progress"), 0);
	T_EQ_INT(demo_load_line(&l, "failed"), 0);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (demo_load_line(&l, bad[i]) != -1)
			T_FAIL_AT("not refused: \"%s\"", bad[i]);
	}
	T_EQ_INT(l.n, 0);
}

static void
test_load_full_table(void)
{
	struct demo_load l;
	char line[64];
	int i;

	memset(&l, 0, sizeof l);
	for (i = 0; i < DEMO_MAX_FILES; i++) {
		snprintf(line, sizeof line, "progress f%d 0 10", i);
		T_EQ_INT(demo_load_line(&l, line), 1);
	}
	T_EQ_INT(demo_load_line(&l, "progress one-more 0 10"), -1);
	T_EQ_INT(demo_load_line(&l, "progress f3 5 10"), 1);
	T_EQ_INT(l.n, DEMO_MAX_FILES);
	T_EQ_INT(l.f[3].bytes, 5);
}

/* Lines written to a pipe in pieces: each read takes what is there and
 * returns at once; the end of the pipe says -1. */
static void
test_load_read_pipe(void)
{
	static struct demo d;
	int p[2];
	long long b, t, n, ms;
	int failed;

	T_REQUIRE(pipe(p) == 0);
	memset(&d, 0, sizeof d);
	d.fd = p[0];
	/* what demo_wait left after the span line */
	memcpy(d.rbuf, "progress big 0 800\nprog", 23);
	d.rlen = 23;
	T_EQ_INT(demo_load_read(&d), 1);
	T_EQ_INT(d.load.n, 1);
	T_EQ_INT(demo_load_read(&d), 0); /* nothing more yet: no waiting */
	T_REQUIRE(write(p[1], "ress big 400 800\n", 17) == 17);
	T_EQ_INT(demo_load_read(&d), 1);
	T_EQ_INT(d.load.f[0].bytes, 400);
	T_REQUIRE(write(p[1], "something else\nloaded big 9 1", 29) == 29);
	T_EQ_INT(demo_load_read(&d), 0); /* the loaded line is not whole yet */
	T_REQUIRE(write(p[1], "23\n", 3) == 3);
	close(p[1]);
	T_EQ_INT(demo_load_read(&d), 1);
	T_EQ_INT(demo_load_sum(&d.load, &b, &t, &n, &ms, &failed), 0);
	T_EQ_INT(n, 9);
	T_EQ_INT(ms, 123);
	T_EQ_INT(demo_load_read(&d), -1);
	close(p[0]);
	d.fd = -1;
	T_EQ_INT(demo_load_read(&d), -1);
}

/* A line longer than the buffer is dropped; the lines after it count. */
static void
test_load_read_long_line(void)
{
	static struct demo d;
	static char junk[6000];
	int p[2];

	T_REQUIRE(pipe(p) == 0);
	memset(&d, 0, sizeof d);
	d.fd = p[0];
	memset(junk, 'x', sizeof junk - 1);
	junk[sizeof junk - 1] = '\n';
	T_REQUIRE(write(p[1], junk, sizeof junk) == (ssize_t)sizeof junk);
	T_REQUIRE(write(p[1], "progress big 1 2\n", 17) == 17);
	T_EQ_INT(demo_load_read(&d), 1);
	T_EQ_INT(d.load.n, 1);
	T_EQ_INT(d.load.f[0].bytes, 1);
	close(p[1]);
	close(p[0]);
}

#define T_LIST(X)                                                            \
	X(test_load_progress_then_loaded) X(test_load_several_files)         \
	X(test_load_other_and_bad_lines) X(test_load_full_table)             \
	X(test_load_read_pipe) X(test_load_read_long_line)
T_MAIN(T_LIST)
