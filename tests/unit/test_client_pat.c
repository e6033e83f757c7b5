/*
 * test_client_pat — log patterns (client/cl_pat): known templates come
 * back with their counts, variables of every kind become <*>, groups
 * keep the lines they took, sparklines and row text.
 */
#include "t.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/cl_pat.h"

static uint32_t
add(struct cl_pat *p, const char *line, int64_t t)
{
	return cl_pat_add(p, line, strlen(line), t);
}

/* The group whose template is tmpl, or NULL. */
static const struct cl_pat_group *
find(struct cl_pat *p, const char *tmpl)
{
	const struct cl_pat_group *g;
	size_t n = cl_pat_groups(p, &g), i;

	for (i = 0; i < n; i++)
		if (strcmp(g[i].tmpl, tmpl) == 0)
			return &g[i];
	return NULL;
}

static void
test_known_patterns(void)
{
	static const char *const users[] = { "alice", "bob", "carol", "dave", "erin" };
	struct cl_pat *p = cl_pat_new(1000, 2000);
	const struct cl_pat_group *g, *all;
	char line[256];
	uint32_t id_login = 0, id;
	int i;

	for (i = 0; i < 1000; i++) {
		snprintf(line, sizeof line, "user %s logged in from 10.0.%d.%d", users[i % 5],
		    i % 256, (i * 7) % 256);
		id = add(p, line, 1000 + i);
		if (i == 0)
			id_login = id;
		T_EQ_INT(id, id_login); /* one group throughout */
		if (i % 2 == 0) {
			snprintf(line, sizeof line, "GET /api/v1/orders/%d took %dms status=%d", i,
			    i % 90, i % 4 ? 200 : 500);
			add(p, line, 1000 + i);
		}
		if (i % 10 == 0) {
			snprintf(line, sizeof line,
			    "request %08x-1234-4abc-9def-%012d failed: connection reset", i * 2654435761u, i);
			add(p, line, 1999);
		}
	}
	T_EQ_INT(cl_pat_lines(p), 1600);
	T_EQ_INT(cl_pat_groups(p, &all), 3);
	T_EQ_STR(all[0].tmpl, "user <*> logged in from <*>"); /* most lines first */
	T_EQ_INT(all[0].count, 1000);
	T_EQ_INT(all[0].id, id_login);
	T_EQ_INT(all[0].first, 1000);
	T_EQ_INT(all[0].last, 1999);
	g = find(p, "GET <*> took <*> status=<*>");
	T_CHECK(g != NULL);
	T_EQ_INT(g ? g->count : 0, 500);
	g = find(p, "request <*> failed: connection reset");
	T_CHECK(g != NULL);
	T_EQ_INT(g ? g->count : 0, 100);
	/* every line of the last one came at t = 1999: the last bucket */
	T_EQ_INT(g ? g->spark[CL_PAT_SPARK - 1] : 0, 100);
	T_EQ_INT(g ? g->spark[0] : 1, 0);
	cl_pat_free(p);
}

/* Each kind of variable is masked; words, versions and keys are not. */
static void
test_variables(void)
{
	static const struct {
		const char *in, *out;
	} v[] = {
		{ "at 2024-01-02T08:00:00.123Z done", "at <*> done" },
		{ "ip 192.168.1.10:8080 up", "ip <*> up" },
		{ "ipv6 fe80::1ff:fe23:4567:890a up", "ipv6 <*> up" },
		{ "id 550e8400-e29b-41d4-a716-446655440000 x", "id <*> x" },
		{ "hex 0x7ffd5a2c ok", "hex <*> ok" },
		{ "sha 9f86d081884c7d65 ok", "sha <*> ok" },
		{ "read /var/log/app.log fine", "read <*> fine" },
		{ "fetch https://example.com/a?b=1 fine", "fetch <*> fine" },
		{ "took 12ms and 3.5s", "took <*> and <*>" },
		{ "HTTP/1.1 v2 api words", "HTTP/1.1 v2 api words" },
		{ "k=v n=42 (id=7), [2024-01-02", "k=v n=<*> (id=<*>), [<*>" },
		{ "deadbeef is a word", "deadbeef is a word" },
	};
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		struct cl_pat *p = cl_pat_new(0, 1);
		const struct cl_pat_group *g;

		add(p, v[i].in, 0);
		T_EQ_INT(cl_pat_groups(p, &g), 1);
		T_EQ_STR(g[0].tmpl, v[i].out);
		cl_pat_free(p);
	}
}

/* Lines of different lengths never share a group; an empty line and a
 * line longer than the tokens looked at are fine. */
static void
test_edges(void)
{
	struct cl_pat *p = cl_pat_new(0, 10);
	const struct cl_pat_group *g;
	char *big = malloc(100000);
	size_t i;

	add(p, "a b c", 1);
	add(p, "a b c d", 1);
	add(p, "", 1);
	add(p, "   \t\n ", 1);
	for (i = 0; i < 99999; i++)
		big[i] = i % 3 == 2 ? ' ' : 'w';
	big[99999] = '\0';
	add(p, big, 2);
	add(p, big, 3);
	memset(big, 'x', 99999); /* one token of 99,999 bytes */
	add(p, big, 4);
	T_EQ_INT(cl_pat_groups(p, &g), 5);
	T_CHECK(find(p, "a b c") != NULL && find(p, "a b c d") != NULL);
	T_CHECK(find(p, "") != NULL && find(p, "")->count == 2);
	T_CHECK(find(p, "<*>") != NULL); /* the huge token */
	free(big);
	cl_pat_free(p);
}

/* A group's first lines differ in one place: that place becomes <*>, and
 * the lines that differ in most places start groups of their own. */
static void
test_merge(void)
{
	struct cl_pat *p = cl_pat_new(0, 10);
	const struct cl_pat_group *g;

	add(p, "connection to db closed by peer", 1);
	add(p, "connection to cache closed by peer", 2);
	add(p, "connection to queue closed by peer", 3);
	add(p, "totally different words in this line", 4);
	T_EQ_INT(cl_pat_groups(p, &g), 2);
	T_EQ_STR(g[0].tmpl, "connection to <*> closed by peer");
	T_EQ_INT(g[0].count, 3);
	T_EQ_INT(g[0].first, 1);
	T_EQ_INT(g[0].last, 3);
	cl_pat_free(p);
}

static void
test_row_text_and_spark(void)
{
	static const char *const k1[] = { "__time__", "level", "msg" };
	static const char *const k2[] = { "__time__", "status", "uri", "__topic__" };
	struct cl_logs pg;
	size_t kl1[] = { 8, 5, 3 }, kl2[] = { 8, 6, 3, 9 }, vl1[3], vl2[4], cap = 0, n;
	const char *v1[] = { "1", "ERROR", "disk full" }, *v2[] = { "1", "500", "/x", "t" };
	char *buf = NULL, sp[3 * 4 + 1];
	uint32_t c[] = { 0, 1, 4, 8 };
	int i;

	for (i = 0; i < 3; i++)
		vl1[i] = strlen(v1[i]);
	for (i = 0; i < 4; i++)
		vl2[i] = strlen(v2[i]);
	cl_logs_init(&pg);
	cl_logs_add_row(&pg, k1, kl1, v1, vl1, 3);
	cl_logs_add_row(&pg, k2, kl2, v2, vl2, 4);
	n = cl_pat_row_text(&pg, &pg.rows[0], NULL, &buf, &cap);
	T_EQ_STR(buf, "disk full"); /* the message field */
	T_EQ_INT(n, 9);
	cl_pat_row_text(&pg, &pg.rows[1], NULL, &buf, &cap);
	T_EQ_STR(buf, "status=500 uri=/x"); /* the fields, meta and tags aside */
	cl_pat_row_text(&pg, &pg.rows[0], "level", &buf, &cap);
	T_EQ_STR(buf, "ERROR");
	cl_pat_row_text(&pg, &pg.rows[1], "nope", &buf, &cap);
	T_EQ_STR(buf, "");
	cl_pat_spark(c, 4, 1, sp);
	T_EQ_STR(sp, " :+@");
	cl_pat_spark(c, 4, 0, sp);
	T_EQ_STR(sp, " \xe2\x96\x81\xe2\x96\x84\xe2\x96\x88");
	free(buf);
	cl_logs_free(&pg);
}

/* Rows of fields (an nginx access log) whose values have more or fewer
 * words: each k=v is one token, so they line up in one pattern a method,
 * not one per word count (a user agent of 1, 3 or 6 words). */
static void
test_row_values_one_token(void)
{
	static const char *const k[] = { "__time__", "method", "status", "http_user_agent" };
	static const char *const ua[] = { "curl/7.88.1", "Go-http-client/2.0",
		"Mozilla/5.0 (X11; Linux)", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2)",
		"okhttp/4.12.0", "Mozilla/5.0 (Windows NT 10.0; Win64)" };
	struct cl_logs pg;
	const struct cl_pat_group *g;
	struct cl_pat *p = cl_pat_new(0, 100);
	size_t kl[] = { 8, 6, 6, 15 }, vl[4], cap = 0;
	char *buf = NULL;
	int i, j;

	cl_logs_init(&pg);
	for (i = 0; i < 60; i++) {
		const char *v[] = { "5", i % 3 ? "GET" : "POST", i % 7 ? "200" : "404", ua[i % 6] };

		for (j = 0; j < 4; j++)
			vl[j] = strlen(v[j]);
		cl_logs_add_row(&pg, k, kl, v, vl, 4);
	}
	cl_pat_row_text(&pg, &pg.rows[2], NULL, &buf, &cap);
	T_EQ_STR(buf, "method=GET status=200 http_user_agent=Mozilla/5.0\xc2\xa0(X11;\xc2\xa0Linux)");
	cl_pat_add_rows(p, &pg, NULL, NULL);
	/* one per method (the first token leads the tree, as in Drain); the
	 * values that vary keep their key */
	T_EQ_INT(cl_pat_groups(p, &g), 2);
	T_EQ_INT(g[0].count, 40);
	T_EQ_STR(g[0].tmpl, "method=GET status=<*> http_user_agent=<*>");
	T_EQ_INT(g[1].count, 20);
	T_EQ_STR(g[1].tmpl, "method=POST status=<*> http_user_agent=<*>");
	free(buf);
	cl_logs_free(&pg);
	cl_pat_free(p);
}

#define T_LIST(X) X(test_known_patterns) X(test_variables) X(test_edges) X(test_merge) \
	X(test_row_text_and_spark) X(test_row_values_one_token)
T_MAIN(T_LIST)
