/*
 * test_tui_qedit — the query editor's model: readline in callback mode fed
 * key bytes (editing, Enter keeps the query, history and its file, Ctrl-R,
 * completion by context, UTF-8) and query highlighting spans.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui/qedit.h"
#include "tests/unit/t.h"

static char qt_dir[64];
static char qt_hist[128];

static void
feed(const char *s)
{
	(void)qedit_feed(s, strlen(s));
}

static const char *
line(void)
{
	static char buf[1024];
	struct qedit_view v;

	qedit_view(&v);
	snprintf(buf, sizeof buf, "%s", v.line);
	return buf;
}

static void
qt_setup(void)
{
	char err[128];

	setlocale(LC_ALL, "C.UTF-8");
	setenv("INPUTRC", "/dev/null", 1);
	if (qt_dir[0] == '\0') {
		snprintf(qt_dir, sizeof qt_dir, "/tmp/slsx-qeditXXXXXX");
		T_REQUIRE(mkdtemp(qt_dir) != NULL);
		snprintf(qt_hist, sizeof qt_hist, "%s/state/history", qt_dir);
	}
	T_REQUIRE(qedit_init(qt_hist, err, sizeof err) == 0);
}

static void
test_edit_and_submit(void)
{
	struct qedit_view v;
	char *l;

	qt_setup();
	feed("status:500");
	T_EQ_STR(line(), "status:500");
	T_EQ_INT(qedit_feed("\r", 1), QEDIT_SUBMIT);
	l = qedit_take_line();
	T_EQ_STR(l, "status:500");
	free(l);
	/* the query stays, cursor at the end */
	qedit_view(&v);
	T_EQ_STR(v.line, "status:500");
	T_EQ_INT((long)v.point, 10);
	feed("\x01");          /* C-a */
	feed("not ");
	T_EQ_STR(line(), "not status:500");
	feed("\x05\x17");      /* C-e, C-w: kill the word before */
	T_EQ_STR(line(), "not ");
	feed("\x15");          /* C-u */
	T_EQ_STR(line(), "");
	feed("\xe9\x94\x99\xe8\xaf\xaf"); /* 错误 */
	qedit_view(&v);
	T_EQ_STR(v.line, "错误");
	T_EQ_INT((long)v.point, 6);
	feed("\x1b[D");        /* Left: one character, three bytes */
	qedit_view(&v);
	T_EQ_INT((long)v.point, 3);
	qedit_free();
}

static void
test_history(void)
{
	struct qedit_view v;

	qt_setup();
	feed("\x1b[A");        /* Up: the line from the previous test, from the file */
	T_EQ_STR(line(), "status:500");
	qedit_set_text("");
	feed("error | select count(*)\r");
	free(qedit_take_line());
	qedit_set_text("");
	feed("\x12");          /* C-r, then one key at a time as the terminal sends them */
	for (const char *k = "stat"; *k; k++)
		(void)qedit_feed(k, 1);
	qedit_view(&v);
	T_CHECK(strstr(v.prompt, "reverse-i-search") != NULL);
	T_EQ_STR(v.line, "status:500");
	feed("\x07");          /* C-g leaves the search */
	qedit_free();
	T_CHECK(access(qt_hist, R_OK) == 0);
}

static void
test_completion(void)
{
	static const char *const fields[] = { "status", "method", "request_time", "__tag__:env" };
	struct qedit_view v;

	qt_setup();
	qedit_set_fields(fields, 4);
	qedit_set_text("sta");
	feed("\t");
	T_EQ_STR(line(), "status:");
	qedit_set_text("error and me");
	feed("\t");
	T_EQ_STR(line(), "error and method:");
	qedit_set_text("* | select cou");
	feed("\t");
	T_EQ_STR(line(), "* | select count");
	feed("\t\t");
	qedit_view(&v);
	T_EQ_INT((long)v.nmatches, 2); /* count( and count_if( */
	T_EQ_INT((long)v.msel, -1);
	/* further Tabs put each candidate in turn, then what was typed */
	feed("\t");
	qedit_view(&v);
	T_EQ_STR(line(), "* | select count( ");
	T_EQ_INT((long)v.nmatches, 2);
	T_EQ_INT((long)v.msel, 0);
	feed("\t");
	qedit_view(&v);
	T_EQ_STR(line(), "* | select count_if( ");
	T_EQ_INT((long)v.msel, 1);
	feed("\t");
	qedit_view(&v);
	T_EQ_STR(line(), "* | select count");
	T_EQ_INT((long)v.msel, -1);
	feed("\t");
	T_EQ_STR(line(), "* | select count( ");
	feed("\bx");
	qedit_view(&v);
	T_EQ_INT((long)v.nmatches, 0); /* typing ends the list */
	T_EQ_STR(line(), "* | select count(x");
	qedit_set_text("* | select request_time, \"__tag__:e");
	feed("\t");
	T_EQ_STR(line(), "* | select request_time, \"__tag__:env\" ");
	qedit_set_text("__tag__:__pa");
	feed("\t\t");
	qedit_view(&v);
	T_EQ_INT((long)v.nmatches, 2); /* __path__ and __pack_id__ */
	qedit_free();
}

static const char *
role_at(const char *q, size_t at)
{
	static const char *const names[] = { "text", "field", "op", "string", "number", "pipe",
		"sql", "keyword", "func" };
	struct qspan sp[64];
	size_t n = qedit_spans(q, strlen(q), sp, 64);

	for (size_t i = 0; i < n; i++)
		if (at >= sp[i].off && at < sp[i].off + sp[i].len)
			return names[sp[i].role];
	return "none";
}

static void
test_spans(void)
{
	const char *q = "status:500 and \"a | b\" | select count(*) as c where x = 'it''s' limit 5";
	struct qspan sp[64];
	size_t n = qedit_spans(q, strlen(q), sp, 64), covered = 0;

	for (size_t i = 0; i < n; i++) {
		T_EQ_INT((long)sp[i].off, (long)covered);
		covered += sp[i].len;
	}
	T_EQ_INT((long)covered, (long)strlen(q));
	T_EQ_STR(role_at(q, 0), "field");
	T_EQ_STR(role_at(q, 6), "op");
	T_EQ_STR(role_at(q, 7), "number");
	T_EQ_STR(role_at(q, 11), "op");            /* and */
	T_EQ_STR(role_at(q, 17), "string");        /* the | inside quotes is text */
	T_EQ_STR(role_at(q, 23), "pipe");
	T_EQ_STR(role_at(q, 25), "keyword");       /* select */
	T_EQ_STR(role_at(q, 32), "func");          /* count */
	T_EQ_STR(role_at(q, strlen(q) - 10), "string");
	T_EQ_STR(role_at(q, strlen(q) - 1), "number");
	/* a tiny span budget still covers everything */
	n = qedit_spans(q, strlen(q), sp, 2);
	T_EQ_INT((long)n, 2);
	T_EQ_INT((long)(sp[1].off + sp[1].len), (long)strlen(q));
}

static void
test_cleanup(void)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf %s", qt_dir);
	T_CHECK(qt_dir[0] == '\0' || system(cmd) == 0);
}

#define T_LIST(X) X(test_edit_and_submit) X(test_history) X(test_completion) X(test_spans) \
	X(test_cleanup)
T_MAIN(T_LIST)
