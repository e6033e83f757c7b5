/*
 * qedit — the query editor's model: GNU readline in callback mode, fed
 * keys by the TUI and drawn by it, never touching the terminal itself.
 *
 * Emacs bindings, Ctrl-R history search, history persisted to a file
 * (the caller passes $XDG_STATE_HOME/slsx/history), and completion of
 * field names (from GetIndex), __tag__: fields, search operators, SQL
 * keywords and the SLS functions, depending on which side of '|' the
 * cursor is. qedit_spans colours a query: the search part and the SQL
 * part differently, strings, numbers and keywords within them.
 *
 * Readline is one global state, so there is one editor per process.
 */
#ifndef SLSX_TUI_QEDIT_H
#define SLSX_TUI_QEDIT_H

#include <stddef.h>

enum qedit_ev {
	QEDIT_NONE,   /* the key was taken, redraw */
	QEDIT_SUBMIT, /* Enter: qedit_take_line has the query */
};

/* history: file to load and append to (NULL: none). 0 ok, -1 with err. */
int qedit_init(const char *history, char *err, size_t errlen);
void qedit_free(void);

/* Field names offered by completion (copied). */
void qedit_set_fields(const char *const *names, size_t n);

/* Feed the bytes of ONE key as a terminal sends them ("\x1b[A" for Up, the
 * bytes of one UTF-8 character); several keys at once confuse Ctrl-R. */
enum qedit_ev qedit_feed(const char *bytes, size_t n);
/* The line accepted by the last QEDIT_SUBMIT (malloc'd, caller frees). */
char *qedit_take_line(void);
/* Replace the text being edited, cursor at the end. */
void qedit_set_text(const char *s);

struct qedit_view {
	const char *prompt;  /* "" or readline's own, e.g. "(reverse-i-search)`err': " */
	const char *line;    /* the text (UTF-8) */
	size_t point;        /* cursor, a byte offset in line */
	const char *const *matches; /* completion candidates being offered, or NULL */
	size_t nmatches;
	size_t msel;         /* the candidate Tab put in, or (size_t)-1 */
};
/* What to draw; valid until the next qedit call. */
void qedit_view(struct qedit_view *v);

/* Highlighting. */
enum qspan_role {
	QS_TEXT,     /* search words */
	QS_FIELD,    /* key before ':' or a comparison */
	QS_OP,       /* and/or/not, ':', comparisons, parentheses */
	QS_STRING,   /* quoted text */
	QS_NUMBER,
	QS_PIPE,     /* the '|' between search and SQL */
	QS_SQL,      /* SQL text */
	QS_KEYWORD,  /* SQL keyword */
	QS_FUNC,     /* SQL function name */
};
struct qspan {
	size_t off, len;
	enum qspan_role role;
};
/* Split s into spans covering it entirely; returns the count (at most max). */
size_t qedit_spans(const char *s, size_t n, struct qspan *out, size_t max);

#endif
