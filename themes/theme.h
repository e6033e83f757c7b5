/*
 * theme — colour roles and themes for the terminal UI, without curses.
 *
 * Every colour decision in the UI names a role (tree_sel, result_key,
 * hist_bar, escape, ...). A theme maps each role to a style: foreground,
 * background (-1 = the terminal's default, 0-255 = xterm palette) and
 * attributes. The built-in themes (dark, light, high-contrast, mono) are
 * the columns of one table and are also shipped as themes/NAME.theme
 * files in the format theme_parse reads, so users can copy and edit one:
 *
 *     # comment
 *     role = FG [BG] [bold] [reverse] [underline] [dim] [italic]
 *
 * with colours as names (black red green yellow blue magenta cyan white,
 * bright-*, default) or numbers 0-255. theme_style_for adapts a style to
 * the terminal: 8 colours map the palette down, NO_COLOR or no colour
 * support give the monochrome style.
 */
#ifndef SLSX_THEMES_THEME_H
#define SLSX_THEMES_THEME_H

#include <stddef.h>
#include <stdint.h>

#define THEME_A_BOLD 0x01
#define THEME_A_REVERSE 0x02
#define THEME_A_UNDERLINE 0x04
#define THEME_A_DIM 0x08
#define THEME_A_ITALIC 0x10

/* X(ID, name) for every role. */
#define THEME_ROLES(X)                                                          \
	X(DEFAULT, "default") X(BORDER, "border") X(TITLE, "title")             \
	X(TITLE_FOCUS, "title_focus") X(TREE, "tree") X(TREE_SEL, "tree_sel")   \
	X(TREE_DIM, "tree_dim") X(QUERY_SEARCH, "query_search")                 \
	X(QUERY_SQL, "query_sql") X(QUERY_ERROR, "query_error")                 \
	X(HIST_BAR, "hist_bar") X(HIST_SEL, "hist_sel") X(HIST_AXIS, "hist_axis") \
	X(RESULT_TIME, "result_time") X(RESULT_KEY, "result_key")               \
	X(RESULT_VALUE, "result_value") X(RESULT_SEL, "result_sel")             \
	X(MATCH, "match") X(TABLE_HEADER, "table_header") X(NUM, "num")         \
	X(ESCAPE, "escape") X(STATUS, "status") X(STATUS_ERR, "status_err")     \
	X(STATUS_WARN, "status_warn") X(SPINNER, "spinner") X(LAG_OK, "lag_ok") \
	X(LAG_WARN, "lag_warn") X(LAG_BAD, "lag_bad") X(LEVEL_ERROR, "level_error") \
	X(LEVEL_WARN, "level_warn") X(HELP_KEY, "help_key")

enum theme_role {
#define THEME_ROLE_ENUM(id, name) THEME_##id,
	THEME_ROLES(THEME_ROLE_ENUM)
#undef THEME_ROLE_ENUM
	THEME_NROLES
};

struct theme_style {
	int16_t fg; /* -1 default, 0-255 */
	int16_t bg;
	uint8_t attrs; /* THEME_A_* */
};

struct theme {
	char name[32];
	struct theme_style s[THEME_NROLES];
};

const char *theme_role_name(enum theme_role r);
/* Role by name, or -1. */
int theme_role_find(const char *name);

/* Fill out with built-in theme name ("dark", "light", "high-contrast",
 * "mono"). 0 ok, -1 unknown. */
int theme_builtin(const char *name, struct theme *out);
/* The names of the built-in themes, NULL-terminated. */
extern const char *const theme_builtin_names[];

/* Apply the lines of text to t (roles not named keep their style).
 * Returns the number of errors; the first is described in err as
 * "LINE: message". Unknown roles are errors too (so typos are seen). */
int theme_parse(const char *text, size_t len, struct theme *t, char *err, size_t errlen);
/* 1 when a and b give every role the same style (names aside). */
int theme_same_styles(const struct theme *a, const struct theme *b);
/* Write t in the theme file format (round-trips through theme_parse). */
struct sb;
int theme_format(const struct theme *t, struct sb *out);
/* Read path and apply it on top of the dark theme. 0 ok, -1 with err. */
int theme_load_file(const char *path, struct theme *t, char *err, size_t errlen);
/* A theme by name or file: a built-in name, a file path (with a '/' or
 * ending in .theme), else NAME.theme from the user's themes
 * ($XDG_CONFIG_HOME/slsx/themes), the install prefix (share/slsx/themes
 * next to the binary's bin/) and the source tree (themes/ beside build/).
 * 0 ok, -1 with err. */
int theme_load(const char *name, struct theme *t, char *err, size_t errlen);

/* The style to draw role r with on a terminal of ncolors colours (0: no
 * colour support); no_color (NO_COLOR set) forces monochrome. */
struct theme_style theme_style_for(const struct theme *t, enum theme_role r, int ncolors,
    int no_color);
/* Nearest of the 8 basic colours to palette colour c (-1 stays -1). */
int theme_color_to_8(int c);

#endif
