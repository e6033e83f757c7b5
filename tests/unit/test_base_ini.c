/*
 * test_base_ini — sections, comments, trimming, repeated sections, CRLF,
 * lines without "=", NUL bytes, over-long lines, files and the config path.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/ini.h"
#include "tests/unit/t.h"

struct got {
	char text[1024];
	char last[64];   /* the last pair */
	size_t longest;  /* the longest value */
	int n;
};

static void
collect(void *ud, const char *k, const char *v)
{
	struct got *g = ud;
	size_t len = strlen(g->text);

	snprintf(g->text + len, sizeof g->text - len, "%s=%s;", k, v);
	snprintf(g->last, sizeof g->last, "%s=%s", k, v);
	if (strlen(v) > g->longest)
		g->longest = strlen(v);
	g->n++;
}

static int
parse(const char *text, const char *section, struct got *g)
{
	memset(g, 0, sizeof *g);
	return ini_parse(text, strlen(text), section, collect, g);
}

static void
test_sections(void)
{
	struct got g;
	const char *t = "# comment\n"
			"top = ignored\n"
			"[main]\n"
			"  access-id =  abc  \n"
			"; another comment\n"
			"no equals sign\n"
			"url = http://h/?a=b\n"
			"[ other ]\n"
			"x = 1\n"
			"[main]\r\n"
			"empty =\r\n"
			"last=v";

	T_EQ_INT(parse(t, "main", &g), 1);
	T_EQ_STR(g.text, "access-id=abc;url=http://h/?a=b;empty=;last=v;");
	T_EQ_INT(parse(t, "other", &g), 1);
	T_EQ_STR(g.text, "x=1;");
	T_EQ_INT(parse(t, "missing", &g), 0);
	T_EQ_INT(g.n, 0);
	/* a section header without "]" still names a section */
	T_EQ_INT(parse("[open\nk=v\n", "open", &g), 1);
	T_EQ_STR(g.text, "k=v;");
	T_EQ_INT(parse("", "main", &g), 0);
	/* the headers, in order */
	memset(&g, 0, sizeof g);
	T_EQ_INT(ini_list(t, strlen(t), collect, &g), 3);
	T_EQ_STR(g.text, "main=;other=;main=;");
}

static void
test_hostile(void)
{
	struct got g;
	char big[9000];
	static const char nul[] = "[s]\na=1\nb=\0x\nc=3\n";

	/* a line with a NUL byte is skipped, the others are read */
	memset(&g, 0, sizeof g);
	T_EQ_INT(ini_parse(nul, sizeof nul - 1, "s", collect, &g), 1);
	T_EQ_STR(g.text, "a=1;c=3;");
	/* a line over 4 KiB is cut, not overflowed; the next line is intact */
	memset(big, 'v', sizeof big);
	memcpy(big, "[s]\nk=", 6);
	memcpy(big + sizeof big - 8, "\nz=9\n", 6);
	memset(&g, 0, sizeof g);
	T_EQ_INT(ini_parse(big, strlen(big), "s", collect, &g), 1);
	T_EQ_INT(g.n, 2);
	T_EQ_STR(g.last, "z=9");
	T_EQ_INT(g.longest, 4096 - 1 - 2);
}

static void
test_file_and_path(void)
{
	char path[] = "/tmp/slsx-ini-XXXXXX", out[256];
	struct got g;
	int fd = mkstemp(path);
	FILE *fp;

	T_CHECK(fd >= 0);
	fp = fdopen(fd, "w");
	fputs("[default]\nendpoint = http://127.0.0.1:1\n", fp);
	fclose(fp);
	memset(&g, 0, sizeof g);
	T_EQ_INT(ini_section(path, "default", collect, &g), 1);
	T_EQ_STR(g.text, "endpoint=http://127.0.0.1:1;");
	unlink(path);
	T_EQ_INT(ini_section(path, "default", collect, &g), -1);

	setenv("XDG_CONFIG_HOME", "/x/cfg", 1);
	ini_config_path(out, sizeof out, "/home/u");
	T_EQ_STR(out, "/x/cfg/slsx/config");
	unsetenv("XDG_CONFIG_HOME");
	ini_config_path(out, sizeof out, "/home/u");
	T_EQ_STR(out, "/home/u/.config/slsx/config");
}

#define T_LIST(X) X(test_sections) X(test_hostile) X(test_file_and_path)
T_MAIN(T_LIST)
