/*
 * test_themes_theme — roles, the four built-in themes and their shipped
 * files (each themes/NAME.theme parses to exactly its built-in), the
 * parser's errors with line numbers, 256-to-8 colour mapping, NO_COLOR and
 * terminals without colour.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/sb.h"
#include "tests/unit/t.h"
#include "themes/theme.h"

static void
test_roles(void)
{
	int i;

	T_EQ_INT(theme_role_find("tree_sel"), THEME_TREE_SEL);
	T_EQ_INT(theme_role_find("nope"), -1);
	for (i = 0; i < THEME_NROLES; i++)
		T_EQ_INT(theme_role_find(theme_role_name((enum theme_role)i)), i);
	T_EQ_STR(theme_role_name(THEME_NROLES), "?");
}

static void
test_builtins_match_files(void)
{
	int i;

	for (i = 0; theme_builtin_names[i]; i++) {
		struct theme a, b;
		char path[64], err[256];

		T_REQUIRE(theme_builtin(theme_builtin_names[i], &a) == 0);
		snprintf(path, sizeof path, "themes/%s.theme", theme_builtin_names[i]);
		T_CHECK(theme_load_file(path, &b, err, sizeof err) == 0);
		T_CHECK(theme_same_styles(&a, &b));
	}
	{
		struct theme t;

		T_CHECK(theme_builtin("sparkly", &t) == -1);
		/* the mono theme uses no colour at all */
		T_REQUIRE(theme_builtin("mono", &t) == 0);
		for (i = 0; i < THEME_NROLES; i++)
			T_CHECK(t.s[i].fg == -1 && t.s[i].bg == -1);
		T_CHECK(t.s[THEME_TREE_SEL].attrs & THEME_A_REVERSE);
	}
}

static void
test_parse(void)
{
	struct theme t;
	char err[256];
	const char good[] = "# mine\n\n tree_sel = bright-yellow 17 bold underline\n"
			    "match=red   # inline comment\nnum = 208 default italic\n";
	const char bad[] = "tree_sel = yellow\nfoo = red\nmatch = red blue green\nbroken line\n";
	struct sb b;

	theme_builtin("dark", &t);
	T_EQ_INT(theme_parse(good, sizeof good - 1, &t, err, sizeof err), 0);
	T_EQ_INT(t.s[THEME_TREE_SEL].fg, 11);
	T_EQ_INT(t.s[THEME_TREE_SEL].bg, 17);
	T_EQ_INT(t.s[THEME_TREE_SEL].attrs, THEME_A_BOLD | THEME_A_UNDERLINE);
	T_EQ_INT(t.s[THEME_MATCH].fg, 1);
	T_EQ_INT(t.s[THEME_MATCH].bg, -1);
	T_EQ_INT(t.s[THEME_NUM].attrs, THEME_A_ITALIC);
	T_EQ_INT(theme_parse(bad, sizeof bad - 1, &t, err, sizeof err), 3);
	T_EQ_STR(err, "2: unknown role \"foo\"");
	T_EQ_INT(t.s[THEME_TREE_SEL].fg, 3); /* good lines still apply */
	T_EQ_INT(theme_parse("x = 256", 7, &t, err, sizeof err), 1);
	T_EQ_INT(theme_parse("match = -3", 10, &t, err, sizeof err), 1);
	T_CHECK(strstr(err, "-3") != NULL);
	/* format round-trips */
	sb_init(&b, 0);
	T_CHECK(theme_format(&t, &b) == 0);
	{
		struct theme u;

		theme_builtin("light", &u);
		T_EQ_INT(theme_parse(b.p, b.len, &u, err, sizeof err), 0);
		T_CHECK(theme_same_styles(&t, &u));
	}
	sb_free(&b);
	T_CHECK(theme_load_file("/nonexistent.theme", &t, err, sizeof err) == -1);
	T_CHECK(strstr(err, "/nonexistent.theme") != NULL);
}

static void
test_terminals(void)
{
	struct theme t;
	struct theme_style s;

	theme_builtin("dark", &t);
	T_EQ_INT(theme_color_to_8(-1), -1);
	T_EQ_INT(theme_color_to_8(9), 1);
	T_EQ_INT(theme_color_to_8(196), 1);  /* pure red */
	T_EQ_INT(theme_color_to_8(46), 2);   /* pure green */
	T_EQ_INT(theme_color_to_8(21), 4);   /* pure blue */
	T_EQ_INT(theme_color_to_8(232), 0);  /* dark gray */
	T_EQ_INT(theme_color_to_8(255), 7);  /* light gray */
	s = theme_style_for(&t, THEME_TREE_SEL, 256, 0);
	T_EQ_INT(s.fg, 231);
	s = theme_style_for(&t, THEME_TREE_SEL, 8, 0);
	T_CHECK(s.fg >= 0 && s.fg < 8 && s.bg < 8);
	T_CHECK(s.fg != s.bg);
	s = theme_style_for(&t, THEME_TREE_SEL, 256, 1); /* NO_COLOR */
	T_EQ_INT(s.fg, -1);
	T_EQ_INT(s.bg, -1);
	T_CHECK(s.attrs & THEME_A_REVERSE);
	s = theme_style_for(&t, THEME_RESULT_SEL, 0, 0); /* no colour support */
	T_CHECK(s.attrs & THEME_A_REVERSE);
	/* every role stays visible somehow on an 8-colour terminal */
	for (int r = 0; r < THEME_NROLES; r++) {
		s = theme_style_for(&t, (enum theme_role)r, 8, 0);
		T_CHECK(s.fg < 8 && s.bg < 8);
		T_CHECK(!(s.fg >= 0 && s.fg == s.bg));
	}
}

/* theme_load: built-in names, files, then NAME.theme in the user's themes */
static void
test_load_named(void)
{
	char dir[] = "/tmp/slsx-theme-test.XXXXXX", path[256], err[300];
	struct theme t;
	FILE *fp;

	T_REQUIRE(mkdtemp(dir) != NULL);
	T_CHECK(theme_load("light", &t, err, sizeof err) == 0);
	T_EQ_STR(t.name, "light");
	snprintf(path, sizeof path, "%s/slsx", dir);
	T_REQUIRE(mkdir(path, 0700) == 0);
	snprintf(path, sizeof path, "%s/slsx/themes", dir);
	T_REQUIRE(mkdir(path, 0700) == 0);
	snprintf(path, sizeof path, "%s/slsx/themes/sea.theme", dir);
	T_REQUIRE((fp = fopen(path, "w")) != NULL);
	fputs("status = white blue bold\n", fp);
	fclose(fp);
	setenv("XDG_CONFIG_HOME", dir, 1);
	T_CHECK(theme_load("sea", &t, err, sizeof err) == 0);
	T_EQ_STR(t.name, "sea.theme");
	T_CHECK(theme_load(path, &t, err, sizeof err) == 0);
	T_CHECK(theme_load("nosuch", &t, err, sizeof err) == -1);
	T_CHECK(strstr(err, "no theme nosuch") != NULL);
	T_CHECK(theme_load("/nonexistent/x.theme", &t, err, sizeof err) == -1);
	unsetenv("XDG_CONFIG_HOME");
	unlink(path);
	snprintf(path, sizeof path, "%s/slsx/themes", dir);
	rmdir(path);
	snprintf(path, sizeof path, "%s/slsx", dir);
	rmdir(path);
	rmdir(dir);
}

#define T_LIST(X) X(test_roles) X(test_builtins_match_files) X(test_parse) X(test_terminals) \
	X(test_load_named)
T_MAIN(T_LIST)
