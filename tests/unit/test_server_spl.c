/*
 * test_server_spl — the SPL subset slsd runs on PullLogs: parsing
 * ("* | where" stages, what is refused), filtering a LogGroupList (kept
 * logs with their group's topic, source and tags, empty groups dropped,
 * fields absent from a batch treated as NULL, SLS functions), and bad
 * or hostile conditions refused without touching anything.
 */
#include <stdlib.h>
#include <string.h>

#include "base/sb.h"
#include "proto/pb.h"
#include "server/sd_spl.h"
#include "tests/unit/t.h"

static void
test_parse(void)
{
	struct sb w;
	char err[256];

	sb_init(&w, 0);
	T_CHECK(sd_spl_parse("* | where a = '1'", &w, err, sizeof err) == 0);
	T_EQ_STR(w.p, "(a = '1')");
	T_CHECK(sd_spl_parse("  *|where a = 'x|y' |  WHERE b > 2", &w, err, sizeof err) == 0);
	T_EQ_STR(w.p, "(a = 'x|y' ) AND (b > 2)");
	T_CHECK(sd_spl_parse("*", &w, err, sizeof err) == 0);
	T_EQ_STR(w.p, "1");
	T_CHECK(sd_spl_parse("status:500", &w, err, sizeof err) == -1);
	T_CHECK(strstr(err, "* | where COND") != NULL);
	T_CHECK(sd_spl_parse("* | project a", &w, err, sizeof err) == -1);
	T_CHECK(strstr(err, "project a") != NULL);
	T_CHECK(sd_spl_parse("* | whereabouts", &w, err, sizeof err) == -1);
	sb_free(&w);
}

/* Two groups: g0 (topic t0, tag env=prod) with 3 logs, g1 with 1 log. */
static void
body(struct sb *out)
{
	struct pb_page *pg = pb_page_new();
	static const char *const st[] = { "200", "500", "503" };
	int i;

	pb_add_group(pg, "t0", "10.0.0.1", NULL);
	pb_add_tag(pg, "env", 3, "prod", 4);
	for (i = 0; i < 3; i++) {
		pb_add_log(pg, 1700000000 + (uint32_t)i, 0, 0);
		pb_add_field(pg, "status", 6, st[i], 3);
		pb_add_field(pg, "msg", 3, "hello world", 11);
	}
	pb_add_group(pg, "t1", NULL, NULL);
	pb_add_log(pg, 1700000100, 0, 0);
	pb_add_field(pg, "status", 6, "200", 3);
	if (pb_encode_list(pg, out) != 0)
		abort();
	pb_page_free(pg);
}

static struct pb_page *
filter(const char *spl, struct sd_spl_stat *st, int *rc, char *err, size_t errlen)
{
	struct sb in, w, out;
	struct pb_page *pg = pb_page_new();
	struct pb_err pe;

	sb_init(&in, 0);
	sb_init(&w, 0);
	sb_init(&out, 0);
	body(&in);
	*rc = sd_spl_parse(spl, &w, err, errlen);
	if (*rc == 0)
		*rc = sd_spl_filter(w.p, in.p, in.len, &out, st, err, errlen);
	if (*rc == 0 && out.len && pb_decode_list(pg, out.p, out.len, &pe) != 0)
		*rc = -2;
	sb_free(&in);
	sb_free(&w);
	sb_free(&out);
	return pg;
}

static void
test_filter(void)
{
	struct sd_spl_stat st;
	struct pb_page *pg;
	char err[256];
	int rc;
	size_t n;
	const char *v;

	pg = filter("* | where cast(status as bigint) >= 500", &st, &rc, err, sizeof err);
	T_REQUIRE(rc == 0);
	T_EQ_INT(st.raw_lines, 4);
	T_EQ_INT(st.result_lines, 2);
	T_EQ_INT(st.groups, 1);   /* g1 kept nothing: dropped */
	T_REQUIRE(pg->ngroups == 1 && pg->nlogs == 2);
	T_EQ_INT(pg->groups[0].ntags, 1);
	T_EQ_STR(pg->blob + pg->groups[0].topic.off, "t0");
	T_EQ_STR(pg->blob + pg->groups[0].source.off, "10.0.0.1");
	v = pb_value(pg, &pg->fields[pg->logs[1].field0], &n);
	T_EQ_INT(n, 3);
	T_CHECK(memcmp(v, "503", 3) == 0);
	T_EQ_INT(pg->logs[1].time, 1700000002);
	pb_page_free(pg);

	/* reserved fields and tags are columns too; stages are ANDed */
	pg = filter("* | where __topic__ = 't0' | where \"__tag__:env\" = 'prod' and __time__ < 1700000001",
	    &st, &rc, err, sizeof err);
	T_REQUIRE(rc == 0);
	T_EQ_INT(st.result_lines, 1);
	pb_page_free(pg);
	/* a field none of the logs has is NULL, not an error */
	pg = filter("* | where level = 'ERROR'", &st, &rc, err, sizeof err);
	T_EQ_INT(rc, 0);
	T_EQ_INT(st.result_lines, 0);
	T_EQ_INT(st.groups, 0);
	pb_page_free(pg);
	/* SLS functions are there */
	pg = filter("* | where strpos(msg, 'world') > 0", &st, &rc, err, sizeof err);
	T_EQ_INT(rc, 0);
	T_EQ_INT(st.result_lines, 3);
	pb_page_free(pg);
}

static void
test_refused(void)
{
	static const char *const bad[] = { "* | where 1; drop table t",
		"* | where (select count(*) from sqlite_master) > 0", "* | where status = ",
		"* | where a.b.c = 1" };
	struct sd_spl_stat st;
	struct pb_page *pg;
	char err[256];
	size_t i;
	int rc;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		pg = filter(bad[i], &st, &rc, err, sizeof err);
		T_CHECK(rc == -1);
		T_CHECK(err[0] != '\0');
		pb_page_free(pg);
	}
}

#define T_LIST(X) X(test_parse) X(test_filter) X(test_refused)
T_MAIN(T_LIST)
