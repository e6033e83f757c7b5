/*
 * test_client_sample — what a sample says of itself (cl_sample_describe):
 * every hit, a sample, and every hit of a live logstore that gave more
 * logs than the histogram had counted (the figure then is the count's,
 * said as such, never "all of the 50 hits" over 56 logs). The sampling
 * itself runs against slsd in tests/e2e/cli_patterns.sh.
 */
#include "client/cl_sample.h"
#include "tests/unit/t.h"

static void
test_describe(void)
{
	struct cl_sample_stat st = { 0 };
	char b[80];

	st.hits = 1000;
	st.all = 1;
	st.done = 1;
	cl_sample_describe(&st, 1000, b, sizeof b);
	T_EQ_STR(b, "all of the 1000 hits");
	cl_sample_describe(&st, 1006, b, sizeof b);
	T_EQ_STR(b, "all hits (1000 when counted)");
	st.all = 0;
	st.hits = 52000;
	cl_sample_describe(&st, 10000, b, sizeof b);
	T_EQ_STR(b, "a sample of 52000 hits");
	st.hits = -1; /* before the histogram came */
	st.done = 0;
	cl_sample_describe(&st, 0, b, sizeof b);
	T_EQ_STR(b, "a sample of 0 hits");
	cl_sample_describe(&st, 0, b, 8); /* cut, still a string */
	T_EQ_STR(b, "a sampl");
}

#define T_LIST(X) X(test_describe)
T_MAIN(T_LIST)
