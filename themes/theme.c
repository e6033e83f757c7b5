/*
 * theme — roles, built-in themes, the theme file parser (see theme.h).
 */
#include "themes/theme.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/sb.h"
#include "base/xalloc.h"

static const char *const theme_role_names[THEME_NROLES] = {
#define THEME_ROLE_NAME(id, name) name,
	THEME_ROLES(THEME_ROLE_NAME)
#undef THEME_ROLE_NAME
};

const char *const theme_builtin_names[] = { "dark", "light", "high-contrast", "mono", NULL };

#define B THEME_A_BOLD
#define R THEME_A_REVERSE
#define U THEME_A_UNDERLINE
#define D THEME_A_DIM

/* The built-in themes, one row per role: dark, light, high-contrast (fg,
 * bg, attrs each) and mono (attrs; colours are the terminal's). */
static const struct {
	struct theme_style dark, light, hc;
	uint8_t mono;
} theme_table[THEME_NROLES] = {
	[THEME_DEFAULT] = { { -1, -1, 0 }, { -1, -1, 0 }, { 15, 0, 0 }, 0 },
	[THEME_BORDER] = { { 240, -1, 0 }, { 250, -1, 0 }, { 15, 0, 0 }, 0 },
	[THEME_TITLE] = { { 248, -1, 0 }, { 240, -1, 0 }, { 15, 0, B }, 0 },
	[THEME_TITLE_FOCUS] = { { 39, -1, B }, { 25, -1, B }, { 11, 0, B | U }, B | R },
	[THEME_TREE] = { { -1, -1, 0 }, { -1, -1, 0 }, { 15, 0, 0 }, 0 },
	[THEME_TREE_SEL] = { { 231, 24, B }, { 16, 153, B }, { 0, 11, B }, R },
	[THEME_TREE_DIM] = { { 244, -1, 0 }, { 245, -1, 0 }, { 7, 0, 0 }, D },
	[THEME_QUERY_SEARCH] = { { 230, -1, 0 }, { 16, -1, 0 }, { 15, 0, B }, 0 },
	[THEME_QUERY_SQL] = { { 141, -1, 0 }, { 91, -1, 0 }, { 13, 0, B }, U },
	[THEME_QUERY_ERROR] = { { 203, -1, B }, { 160, -1, B }, { 9, 0, B }, B | R },
	[THEME_HIST_BAR] = { { 39, -1, 0 }, { 31, -1, 0 }, { 14, 0, 0 }, 0 },
	[THEME_HIST_SEL] = { { 214, -1, B }, { 166, -1, B }, { 11, 0, B }, R },
	[THEME_HIST_AXIS] = { { 244, -1, 0 }, { 242, -1, 0 }, { 15, 0, 0 }, D },
	[THEME_RESULT_TIME] = { { 114, -1, 0 }, { 28, -1, 0 }, { 10, 0, 0 }, 0 },
	[THEME_RESULT_KEY] = { { 75, -1, 0 }, { 25, -1, 0 }, { 14, 0, 0 }, D },
	[THEME_RESULT_VALUE] = { { -1, -1, 0 }, { -1, -1, 0 }, { 15, 0, 0 }, 0 },
	[THEME_RESULT_SEL] = { { -1, 237, 0 }, { -1, 254, 0 }, { 0, 15, 0 }, R },
	[THEME_MATCH] = { { 16, 220, B }, { 16, 228, B }, { 0, 11, B }, B | U },
	[THEME_TABLE_HEADER] = { { 231, 238, B }, { 16, 252, B }, { 0, 15, B }, B | U },
	[THEME_NUM] = { { 180, -1, 0 }, { 94, -1, 0 }, { 11, 0, 0 }, 0 },
	[THEME_ESCAPE] = { { 203, -1, D }, { 160, -1, 0 }, { 9, 0, U }, U },
	[THEME_STATUS] = { { 252, 236, 0 }, { 16, 252, 0 }, { 0, 15, 0 }, R },
	[THEME_STATUS_ERR] = { { 231, 124, B }, { 231, 160, B }, { 15, 9, B }, B | R },
	[THEME_STATUS_WARN] = { { 16, 214, 0 }, { 16, 220, 0 }, { 0, 11, B }, R },
	[THEME_SPINNER] = { { 39, -1, 0 }, { 25, -1, 0 }, { 14, 0, 0 }, 0 },
	[THEME_LAG_OK] = { { 114, -1, 0 }, { 28, -1, 0 }, { 10, 0, 0 }, 0 },
	[THEME_LAG_WARN] = { { 214, -1, 0 }, { 166, -1, 0 }, { 11, 0, 0 }, U },
	[THEME_LAG_BAD] = { { 203, -1, B }, { 160, -1, B }, { 9, 0, B }, B | R },
	[THEME_LEVEL_ERROR] = { { 203, -1, B }, { 160, -1, B }, { 9, 0, B }, B },
	[THEME_LEVEL_WARN] = { { 214, -1, 0 }, { 166, -1, 0 }, { 11, 0, 0 }, U },
	[THEME_HELP_KEY] = { { 39, -1, B }, { 25, -1, B }, { 11, 0, B }, B },
};

#undef B
#undef R
#undef U
#undef D

const char *
theme_role_name(enum theme_role r)
{
	return (unsigned)r < THEME_NROLES ? theme_role_names[r] : "?";
}

int
theme_role_find(const char *name)
{
	int i;

	for (i = 0; i < THEME_NROLES; i++)
		if (strcmp(theme_role_names[i], name) == 0)
			return i;
	return -1;
}

int
theme_builtin(const char *name, struct theme *out)
{
	int i, which;

	for (which = 0; theme_builtin_names[which]; which++)
		if (strcmp(theme_builtin_names[which], name) == 0)
			break;
	if (theme_builtin_names[which] == NULL)
		return -1;
	memset(out, 0, sizeof *out);
	snprintf(out->name, sizeof out->name, "%s", name);
	for (i = 0; i < THEME_NROLES; i++) {
		switch (which) {
		case 0: out->s[i] = theme_table[i].dark; break;
		case 1: out->s[i] = theme_table[i].light; break;
		case 2: out->s[i] = theme_table[i].hc; break;
		default:
			out->s[i] = (struct theme_style){ -1, -1, theme_table[i].mono };
		}
	}
	return 0;
}

static const char *const theme_color_names[16] = { "black", "red", "green", "yellow", "blue",
	"magenta", "cyan", "white", "bright-black", "bright-red", "bright-green", "bright-yellow",
	"bright-blue", "bright-magenta", "bright-cyan", "bright-white" };

static const struct {
	const char *name;
	uint8_t bit;
} theme_attrs[] = { { "bold", THEME_A_BOLD }, { "reverse", THEME_A_REVERSE },
	{ "underline", THEME_A_UNDERLINE }, { "dim", THEME_A_DIM }, { "italic", THEME_A_ITALIC } };

/* Colour word: name or 0-255; -2 when it is not a colour. */
static int
theme_color(const char *w)
{
	char *end;
	long v;
	int i;

	if (strcmp(w, "default") == 0)
		return -1;
	for (i = 0; i < 16; i++)
		if (strcmp(w, theme_color_names[i]) == 0)
			return i;
	if (!isdigit((unsigned char)w[0]))
		return -2;
	errno = 0;
	v = strtol(w, &end, 10);
	return *end == '\0' && errno == 0 && v >= 0 && v <= 255 ? (int)v : -2;
}

static int
theme_attr(const char *w)
{
	size_t i;

	for (i = 0; i < sizeof theme_attrs / sizeof theme_attrs[0]; i++)
		if (strcmp(w, theme_attrs[i].name) == 0)
			return theme_attrs[i].bit;
	return -1;
}

/* Parse "FG [BG] [attrs...]" into st; NULL ok or the offending word. */
static const char *
theme_parse_style(char *v, struct theme_style *st)
{
	char *save = NULL, *w;
	int ncolors = 0;

	st->fg = st->bg = -1;
	st->attrs = 0;
	for (w = strtok_r(v, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		int c = theme_color(w), a;

		if (c != -2 && ncolors < 2) {
			if (ncolors++ == 0)
				st->fg = (int16_t)c;
			else
				st->bg = (int16_t)c;
		} else if ((a = theme_attr(w)) >= 0) {
			st->attrs |= (uint8_t)a;
		} else {
			return w;
		}
	}
	return NULL;
}

static void
theme_note(char *err, size_t errlen, int *nerr, int line, const char *fmt, const char *arg)
{
	char msg[256];

	if ((*nerr)++ > 0 || err == NULL)
		return;
	snprintf(msg, sizeof msg, fmt, arg);
	snprintf(err, errlen, "%d: %s", line, msg);
}

int
theme_parse(const char *text, size_t len, struct theme *t, char *err, size_t errlen)
{
	const char *p = text, *end = text + len;
	int lineno = 0, nerr = 0;

	if (err && errlen)
		err[0] = '\0';
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		char *line = xstrndup(p, n), *eq, *k, *v, *bad;
		struct theme_style st;
		int role;

		lineno++;
		p = nl ? nl + 1 : end;
		if ((k = strchr(line, '#')) != NULL)
			*k = '\0';
		for (k = line; isspace((unsigned char)*k); k++)
			;
		if (*k == '\0') {
			free(line);
			continue;
		}
		if ((eq = strchr(k, '=')) == NULL) {
			theme_note(err, errlen, &nerr, lineno, "expected \"role = colours\", got \"%.40s\"", k);
			free(line);
			continue;
		}
		*eq = '\0';
		v = eq + 1;
		for (eq = k + strlen(k); eq > k && isspace((unsigned char)eq[-1]); eq--)
			*(eq - 1) = '\0';
		if ((role = theme_role_find(k)) < 0)
			theme_note(err, errlen, &nerr, lineno, "unknown role \"%.40s\"", k);
		else if ((bad = (char *)theme_parse_style(v, &st)) != NULL)
			theme_note(err, errlen, &nerr, lineno, "not a colour or attribute: \"%.40s\"",
			    bad);
		else
			t->s[role] = st;
		free(line);
	}
	return nerr;
}

int
theme_same_styles(const struct theme *a, const struct theme *b)
{
	int i;

	for (i = 0; i < THEME_NROLES; i++)
		if (a->s[i].fg != b->s[i].fg || a->s[i].bg != b->s[i].bg ||
		    a->s[i].attrs != b->s[i].attrs)
			return 0;
	return 1;
}

/* One colour as a theme file word. */
static void
theme_color_word(int c, char *out, size_t n)
{
	if (c < 0)
		snprintf(out, n, "default");
	else if (c < 16)
		snprintf(out, n, "%s", theme_color_names[c]);
	else
		snprintf(out, n, "%d", c);
}

int
theme_format(const struct theme *t, struct sb *out)
{
	int i, rc = 0;
	size_t a;

	rc |= sb_addf(out, "# slsx theme \"%s\": role = FG [BG] [attributes]\n", t->name);
	for (i = 0; i < THEME_NROLES; i++) {
		char fg[16], bg[16];

		theme_color_word(t->s[i].fg, fg, sizeof fg);
		theme_color_word(t->s[i].bg, bg, sizeof bg);
		rc |= sb_addf(out, "%-13s = %s %s", theme_role_names[i], fg, bg);
		for (a = 0; a < sizeof theme_attrs / sizeof theme_attrs[0]; a++)
			if (t->s[i].attrs & theme_attrs[a].bit)
				rc |= sb_addf(out, " %s", theme_attrs[a].name);
		rc |= sb_addc(out, '\n');
	}
	return rc ? -1 : 0;
}

int
theme_load_file(const char *path, struct theme *t, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "re");
	struct sb b;
	char buf[4096], lerr[300];
	size_t n;
	const char *base;

	if (fp == NULL) {
		snprintf(err, errlen, "cannot read theme %s: %s", path, strerror(errno));
		return -1;
	}
	sb_init(&b, (size_t)1 << 20);
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		if (sb_add(&b, buf, n) != 0) {
			fclose(fp);
			snprintf(err, errlen, "theme %s is larger than 1 MiB", path);
			return -1;
		}
	fclose(fp);
	theme_builtin("dark", t);
	base = strrchr(path, '/');
	snprintf(t->name, sizeof t->name, "%.31s", base ? base + 1 : path);
	if (theme_parse(b.p ? b.p : "", b.len, t, lerr, sizeof lerr) != 0) {
		snprintf(err, errlen, "%s:%s", path, lerr);
		sb_free(&b);
		return -1;
	}
	sb_free(&b);
	return 0;
}

int
theme_color_to_8(int c)
{
	static const int rgb8[8][3] = { { 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 },
		{ 205, 205, 0 }, { 0, 0, 238 }, { 205, 0, 205 }, { 0, 205, 205 }, { 229, 229, 229 } };
	int r, g, b, best = 0, i;
	long bestd = -1;

	if (c < 0)
		return -1;
	if (c < 16)
		return c % 8;
	if (c >= 232) {
		int v = 8 + (c - 232) * 10;

		return v < 90 ? 0 : 7;
	}
	c -= 16;
	r = (c / 36) ? 55 + (c / 36) * 40 : 0;
	g = (c / 6 % 6) ? 55 + (c / 6 % 6) * 40 : 0;
	b = (c % 6) ? 55 + (c % 6) * 40 : 0;
	for (i = 0; i < 8; i++) {
		long d = (long)(r - rgb8[i][0]) * (r - rgb8[i][0]) +
		    (long)(g - rgb8[i][1]) * (g - rgb8[i][1]) + (long)(b - rgb8[i][2]) * (b - rgb8[i][2]);

		if (bestd < 0 || d < bestd) {
			bestd = d;
			best = i;
		}
	}
	return best;
}

struct theme_style
theme_style_for(const struct theme *t, enum theme_role r, int ncolors, int no_color)
{
	struct theme_style st = t->s[r];

	if (no_color || ncolors < 8) {
		st.fg = st.bg = -1;
		st.attrs = theme_table[r].mono | (st.attrs & THEME_A_BOLD);
		return st;
	}
	if (ncolors < 256) {
		st.fg = (int16_t)theme_color_to_8(st.fg);
		st.bg = (int16_t)theme_color_to_8(st.bg);
		if (st.fg >= 0 && st.fg == st.bg) { /* mapped onto itself: keep it readable */
			st.attrs |= THEME_A_REVERSE;
			st.bg = -1;
		}
	}
	return st;
}

/* The folder of the running binary (from /proc/self/exe), or "". */
static void
theme_exe_dir(char *out, size_t n)
{
	ssize_t k = readlink("/proc/self/exe", out, n - 1);
	char *slash;

	if (k <= 0) {
		out[0] = '\0';
		return;
	}
	out[k] = '\0';
	slash = strrchr(out, '/');
	if (slash)
		*slash = '\0';
}

int
theme_load(const char *name, struct theme *t, char *err, size_t errlen)
{
	char exe[1024], path[1400];
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	size_t len = strlen(name);
	int i;

	if (theme_builtin(name, t) == 0)
		return 0;
	if (strchr(name, '/') != NULL || (len > 6 && strcmp(name + len - 6, ".theme") == 0))
		return theme_load_file(name, t, err, errlen);
	theme_exe_dir(exe, sizeof exe);
	for (i = 0; i < 3; i++) {
		if (i == 0 && xdg && *xdg)
			snprintf(path, sizeof path, "%s/slsx/themes/%s.theme", xdg, name);
		else if (i == 0 && home && *home)
			snprintf(path, sizeof path, "%s/.config/slsx/themes/%s.theme", home, name);
		else if (i == 1 && exe[0])
			snprintf(path, sizeof path, "%s/../share/slsx/themes/%s.theme", exe, name);
		else if (i == 2 && exe[0])
			snprintf(path, sizeof path, "%s/../themes/%s.theme", exe, name);
		else
			continue;
		if (access(path, R_OK) == 0)
			return theme_load_file(path, t, err, errlen);
	}
	snprintf(err, errlen, "no theme %s (built in: dark, light, high-contrast, mono; or a "
			      ".theme file)", name);
	return -1;
}
