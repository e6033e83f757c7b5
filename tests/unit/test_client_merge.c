/*
 * test_client_merge — reading a `-l a,b` list (cl_merge_split): blanks
 * trimmed, empty parts and repeats dropped, at most the given count, names
 * of letters, digits, _ - . only and under 128 bytes. The merge itself
 * runs against slsd in tests/e2e/cli_merged.sh.
 */
#include <string.h>

#include "client/cl_merge.h"
#include "tests/unit/t.h"

static void
test_split(void)
{
	char n[CL_MERGE_MAX][128], big[200];

	T_EQ_INT(cl_merge_split("web", n, CL_MERGE_MAX), 1);
	T_EQ_STR(n[0], "web");
	T_EQ_INT(cl_merge_split(" web , api,,web, app-1 ", n, CL_MERGE_MAX), 3);
	T_EQ_STR(n[0], "web");
	T_EQ_STR(n[1], "api");
	T_EQ_STR(n[2], "app-1");
	T_EQ_INT(cl_merge_split(",, ,", n, CL_MERGE_MAX), 0);
	T_EQ_INT(cl_merge_split("", n, CL_MERGE_MAX), 0);
	T_EQ_INT(cl_merge_split("a,b,c", n, 2), -1);
	T_EQ_INT(cl_merge_split("a,a,a,b", n, 2), 2);
	T_EQ_INT(cl_merge_split("we\"b", n, CL_MERGE_MAX), -1);
	T_EQ_INT(cl_merge_split("web,a\033]0;x", n, CL_MERGE_MAX), -1);
	T_EQ_INT(cl_merge_split("my_logs.v2", n, CL_MERGE_MAX), 1);
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	T_EQ_INT(cl_merge_split(big, n, CL_MERGE_MAX), -1);
	big[127] = '\0';
	T_EQ_INT(cl_merge_split(big, n, CL_MERGE_MAX), 1);
}

#define T_LIST(X) X(test_split)
T_MAIN(T_LIST)
