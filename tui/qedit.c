/*
 * qedit — the query editor's model on GNU readline's callback interface
 * (see qedit.h). Readline reads keys from our queue (rl_getc_function),
 * "draws" by handing us the line (rl_redisplay_function), and never
 * prepares the terminal: curses owns it.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "base/xalloc.h"
#include "tui/qedit.h"

#define QE_QUEUE 512
#define QE_HISTORY_MAX 2000

static struct {
	int inited;
	char *history;
	FILE *null;
	unsigned char q[QE_QUEUE];
	size_t qh, qt;
	char *accepted;
	int submitted;
	char **fields;
	size_t nfields;
	char **matches;
	size_t nmatches;
	long msel;             /* the match a further Tab put in (-1: none) */
	char *line;
	size_t point;
	char *prompt;
	char **cands;          /* completion candidates for the current word */
	size_t ncands;
} qe;

static const char *const qe_sql_keywords[] = { "select", "from", "where", "group", "by",
	"order", "having", "limit", "as", "and", "or", "not", "in", "like", "between", "is",
	"null", "asc", "desc", "distinct", "case", "when", "then", "else", "end", "join", "on",
	"union", "all", "with", "true", "false", "log", "cast", "try_cast", "bigint", "double",
	"varchar", "timestamp", "boolean", NULL };

static const char *const qe_sql_funcs[] = { "count", "sum", "avg", "min", "max", "count_if",
	"approx_distinct", "approx_percentile", "histogram", "arbitrary", "max_by", "min_by",
	"date_trunc", "from_unixtime", "to_unixtime", "date_format", "date_parse", "time_series",
	"now", "regexp_like", "regexp_extract", "regexp_replace", "split_part", "strpos", "concat",
	"json_extract", "json_extract_scalar", "if", "greatest", "least", "floor", "ceil", "round",
	"abs", "sqrt", "ln", "log10", "pow", "lower", "upper", "length", "substr", "replace", "trim",
	"coalesce", NULL };

static const char *const qe_reserved[] = { "__topic__", "__source__", "__time__",
	"__tag__:__hostname__", "__tag__:__path__", "__tag__:__pack_id__",
	"__tag__:__receive_time__", "__tag__:__client_ip__", NULL };

/* ---- readline hooks ----------------------------------------------------- */

static int
qe_getc(FILE *f)
{
	(void)f;
	if (qe.qh == qe.qt)
		return EOF; /* never reached: we only read while keys are queued */
	return qe.q[qe.qh++ % QE_QUEUE];
}

static int
qe_avail(void)
{
	return qe.qh != qe.qt;
}

static void
qe_redisplay(void)
{
	free(qe.line);
	free(qe.prompt);
	qe.line = xstrdup(rl_line_buffer ? rl_line_buffer : "");
	qe.point = rl_point < 0 ? 0 : (size_t)rl_point;
	if (qe.point > strlen(qe.line))
		qe.point = strlen(qe.line);
	qe.prompt = xstrdup(rl_display_prompt ? rl_display_prompt : "");
}

static void
qe_noterm(int meta)
{
	(void)meta;
}

static void
qe_noterm_end(void)
{
}

static void
qe_history_add(const char *line)
{
	HIST_ENTRY *last = history_length > 0 ? history_get(history_base + history_length - 1) :
	    NULL;

	if (*line == '\0' || (last != NULL && strcmp(last->line, line) == 0))
		return;
	add_history(line);
	if (qe.history == NULL)
		return;
	if (append_history(1, qe.history) != 0)
		write_history(qe.history);
	chmod(qe.history, 0600);
	if (history_length > QE_HISTORY_MAX + 200) {
		stifle_history(QE_HISTORY_MAX);
		history_truncate_file(qe.history, QE_HISTORY_MAX);
		unstifle_history();
	}
}

static void
qe_handler(char *line)
{
	if (line == NULL)
		return; /* EOF: not possible from our queue */
	free(qe.accepted);
	qe.accepted = line;
	qe.submitted = 1;
	qe_history_add(line);
}

static void
qe_matches_clear(void)
{
	for (size_t i = 0; i < qe.nmatches; i++)
		free(qe.matches[i]);
	free(qe.matches);
	qe.matches = NULL;
	qe.nmatches = 0;
	qe.msel = -1;
}

static void
qe_display_matches(char **matches, int num, int maxlen)
{
	(void)maxlen;
	qe_matches_clear();
	if (num <= 0)
		return;
	qe.matches = xcalloc((size_t)num + 1, sizeof *qe.matches);
	for (int i = 1; i <= num; i++)
		qe.matches[qe.nmatches++] = xstrdup(matches[i]);
}

/* ---- completion --------------------------------------------------------- */

/* Is offset at inside the SQL part (after a top-level '|' that is not
 * followed only by with_pack_meta)? */
static int
qe_in_sql(const char *s, size_t at)
{
	int inq = 0;
	const char *bar = NULL;

	for (size_t i = 0; i < at && s[i]; i++) {
		if (s[i] == '\\' && inq && s[i + 1]) {
			i++;
			continue;
		}
		if (s[i] == '"')
			inq = !inq;
		else if (s[i] == '|' && !inq)
			bar = s + i;
	}
	if (bar == NULL)
		return 0;
	while (*++bar == ' ')
		;
	return strncasecmp(bar, "with_pack_meta", 14) != 0;
}

static void
qe_cand_add(const char *s, size_t cap)
{
	if (qe.ncands < cap)
		qe.cands[qe.ncands++] = xstrdup(s);
}

static void
qe_cands_clear(void)
{
	for (size_t i = 0; i < qe.ncands; i++)
		free(qe.cands[i]);
	free(qe.cands);
	qe.cands = NULL;
	qe.ncands = 0;
}

static int
qe_ident(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return 0;
	return 1;
}

static void
qe_cands_build(int sql, int after_quote)
{
	size_t cap = qe.nfields + 160;
	char buf[512];

	qe_cands_clear();
	qe.cands = xcalloc(cap, sizeof *qe.cands);
	for (size_t i = 0; i < qe.nfields + 8; i++) {
		const char *f = i < qe.nfields ? qe.fields[i] : qe_reserved[i - qe.nfields];

		if (f == NULL)
			break;
		if (sql && after_quote) /* readline closes the quote */
			snprintf(buf, sizeof buf, "%s", f);
		else if (sql)
			snprintf(buf, sizeof buf, qe_ident(f) ? "%s" : "\"%s\"", f);
		else
			snprintf(buf, sizeof buf, "%s:", f);
		qe_cand_add(buf, cap);
	}
	if (sql) {
		for (size_t i = 0; qe_sql_keywords[i]; i++)
			qe_cand_add(qe_sql_keywords[i], cap);
		for (size_t i = 0; qe_sql_funcs[i]; i++) {
			snprintf(buf, sizeof buf, "%s(", qe_sql_funcs[i]);
			qe_cand_add(buf, cap);
		}
	} else {
		static const char *const ops[] = { "and", "or", "not", "with_pack_meta", "select",
			NULL };

		for (size_t i = 0; ops[i]; i++)
			qe_cand_add(ops[i], cap);
	}
}

static char *
qe_generator(const char *text, int state)
{
	static size_t idx;
	size_t n = strlen(text);

	if (state == 0)
		idx = 0;
	while (idx < qe.ncands) {
		const char *c = qe.cands[idx++];

		/* "__tag__:x" also completes a word typed without its quote */
		if (strncasecmp(c, text, n) == 0 || (c[0] == '"' && strncasecmp(c + 1, text, n) == 0))
			return xstrdup(c);
	}
	return NULL;
}

/* Which shown match the text before the cursor ends with (the longest;
 * a space or quote readline appended aside), or -1. */
static long
qe_menu_sel(void)
{
	size_t end = (size_t)rl_point, i, best = 0;
	long sel = -1;

	while (end > 0 && (rl_line_buffer[end - 1] == ' ' || rl_line_buffer[end - 1] == '"'))
		end--;
	for (i = 0; i < qe.nmatches; i++) {
		const char *m = qe.matches[i];
		size_t n = strlen(m);

		while (n > 0 && m[n - 1] == '"')
			n--;
		if (m[0] == '"')
			m++, n--;
		if (n > best && n <= end && strncmp(rl_line_buffer + end - n, m, n) == 0) {
			best = n;
			sel = (long)i;
		}
	}
	return sel;
}

/* Tab: complete (a second Tab lists the candidates); once they are listed,
 * each further Tab puts the next one in, round to what was typed, so every
 * candidate can be reached (readline's menu-complete). */
static int
qe_tab(int count, int key)
{
	int r;

	if (rl_last_func != qe_tab || qe.nmatches < 2) {
		if (rl_last_func == qe_tab)
			rl_last_func = rl_complete; /* a second Tab lists */
		return rl_complete(count, key);
	}
	/* the first call builds the menu and puts the first one in */
	rl_last_func = qe.msel < 0 ? NULL : rl_menu_complete;
	r = rl_menu_complete(count, key);
	qe.msel = qe_menu_sel();
	if (qe.msel < 0)
		qe.msel = (long)qe.nmatches; /* back at the typed text: past the end */
	return r;
}

static char **
qe_complete(const char *text, int start, int end)
{
	int sql = qe_in_sql(rl_line_buffer, (size_t)start);

	(void)end;
	rl_attempted_completion_over = 1; /* never file names */
	qe_cands_build(sql, start > 0 && rl_line_buffer[start - 1] == '"');
	/* "status:" and "count(" want no space after them */
	rl_completion_append_character = sql ? ' ' : '\0';
	return rl_completion_matches(text, qe_generator);
}

/* ---- the interface ------------------------------------------------------ */

int
qedit_init(const char *history, char *err, size_t errlen)
{
	if (qe.inited)
		return 0;
	qe.null = fopen("/dev/null", "r+");
	if (qe.null == NULL) {
		snprintf(err, errlen, "cannot open /dev/null: %s", strerror(errno));
		return -1;
	}
	rl_readline_name = "slsx";
	rl_instream = qe.null;
	rl_outstream = qe.null;
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_getc_function = qe_getc;
	rl_input_available_hook = qe_avail;
	rl_redisplay_function = qe_redisplay;
	rl_prep_term_function = qe_noterm;
	rl_deprep_term_function = qe_noterm_end;
	rl_completion_display_matches_hook = qe_display_matches;
	rl_attempted_completion_function = qe_complete;
	rl_completer_word_break_characters = " \t\n\"'(),=<>|;";
	rl_completer_quote_characters = "\"";
	rl_bind_key('\t', qe_tab);
	using_history();
	if (history != NULL) {
		char *dir = xstrdup(history), *slash = strrchr(dir, '/');

		if (slash != NULL && slash != dir) {
			*slash = '\0';
			mkdir(dir, 0700);
		}
		free(dir);
		qe.history = xstrdup(history);
		read_history(history);
	}
	rl_callback_handler_install("", qe_handler);
	qe.inited = 1;
	qe_redisplay();
	return 0;
}

void
qedit_free(void)
{
	if (!qe.inited)
		return;
	rl_callback_handler_remove();
	clear_history();
	fclose(qe.null);
	for (size_t i = 0; i < qe.nfields; i++)
		free(qe.fields[i]);
	free(qe.fields);
	qe_matches_clear();
	qe_cands_clear();
	free(qe.history);
	free(qe.accepted);
	free(qe.line);
	free(qe.prompt);
	memset(&qe, 0, sizeof qe);
}

void
qedit_set_fields(const char *const *names, size_t n)
{
	for (size_t i = 0; i < qe.nfields; i++)
		free(qe.fields[i]);
	free(qe.fields);
	qe.fields = xcalloc(n + 1, sizeof *qe.fields);
	for (size_t i = 0; i < n; i++)
		qe.fields[i] = xstrdup(names[i]);
	qe.nfields = n;
}

enum qedit_ev
qedit_feed(const char *bytes, size_t n)
{
	if (!qe.inited || n == 0 || n > QE_QUEUE / 2)
		return QEDIT_NONE;
	if (n != strspn(bytes, "\t") || memchr(bytes, '\0', n)) /* Tabs keep the list */
		qe_matches_clear();
	for (size_t i = 0; i < n; i++)
		qe.q[qe.qt++ % QE_QUEUE] = (unsigned char)bytes[i];
	qe.submitted = 0;
	while (qe.qh != qe.qt)
		rl_callback_read_char();
	if (qe.submitted) {
		/* the query stays in the editor, to be refined and run again */
		qedit_set_text(qe.accepted);
		return QEDIT_SUBMIT;
	}
	return QEDIT_NONE;
}

char *
qedit_take_line(void)
{
	char *l = qe.accepted;

	qe.accepted = NULL;
	return l ? l : xstrdup("");
}

void
qedit_set_text(const char *s)
{
	if (!qe.inited)
		return;
	/* a fresh line: no undo list tied to a history entry, history position at
	 * the end (else readline later "reverts" the entry we came from) */
	rl_replace_line(s ? s : "", 1);
	rl_last_func = NULL; /* a Tab after this is a first Tab */
	using_history();
	rl_point = rl_end;
	qe_redisplay();
}

void
qedit_view(struct qedit_view *v)
{
	v->prompt = qe.prompt ? qe.prompt : "";
	v->line = qe.line ? qe.line : "";
	v->point = qe.point;
	v->matches = (const char *const *)qe.matches;
	v->nmatches = qe.nmatches;
	v->msel = qe.msel >= 0 && (size_t)qe.msel < qe.nmatches ? (size_t)qe.msel : (size_t)-1;
}

/* ---- highlighting ------------------------------------------------------- */

struct qe_spans {
	struct qspan *out;
	size_t n, max;
};

static void
qe_span(struct qe_spans *sp, size_t off, size_t len, enum qspan_role role)
{
	if (len == 0)
		return;
	if (sp->n && sp->out[sp->n - 1].role == role &&
	    sp->out[sp->n - 1].off + sp->out[sp->n - 1].len == off) {
		sp->out[sp->n - 1].len += len;
		return;
	}
	if (sp->n < sp->max)
		sp->out[sp->n++] = (struct qspan){ off, len, role };
	else if (sp->n)
		sp->out[sp->n - 1].len = off + len - sp->out[sp->n - 1].off;
}

static size_t
qe_quoted(const char *s, size_t n, size_t i, char q)
{
	for (i++; i < n; i++) {
		if (s[i] == '\\' && q == '"' && i + 1 < n)
			i++;
		else if (s[i] == q) {
			if (q == '\'' && i + 1 < n && s[i + 1] == '\'')
				i++;
			else
				return i + 1;
		}
	}
	return n;
}

static int
qe_is_number(const char *s, size_t n)
{
	size_t i = (n && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
	int digits = 0;

	for (; i < n; i++) {
		if (isdigit((unsigned char)s[i]))
			digits = 1;
		else if (s[i] != '.')
			return 0;
	}
	return digits;
}

static int
qe_word_in(const char *s, size_t n, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strlen(list[i]) == n && strncasecmp(list[i], s, n) == 0)
			return 1;
	return 0;
}

/* The search part s[0, n). */
static void
qe_spans_search(const char *s, size_t n, size_t base, struct qe_spans *sp)
{
	static const char *const ops[] = { "and", "or", "not", "in", NULL };
	size_t i = 0;

	while (i < n) {
		size_t st = i;
		char c = s[i];

		if (c == '"' || (c == '#' && i + 1 < n && s[i + 1] == '"')) {
			i = qe_quoted(s, n, c == '#' ? i + 1 : i, '"');
			qe_span(sp, base + st, i - st, QS_STRING);
		} else if (strchr("():<>=[]", c)) {
			i++;
			qe_span(sp, base + st, 1, QS_OP);
		} else if (isspace((unsigned char)c)) {
			while (i < n && isspace((unsigned char)s[i]))
				i++;
			qe_span(sp, base + st, i - st, QS_TEXT);
		} else {
			while (i < n && !isspace((unsigned char)s[i]) && !strchr("():<>=[]\"", s[i]))
				i++;
			size_t k = i;

			while (k < n && s[k] == ' ')
				k++;
			if (qe_word_in(s + st, i - st, ops))
				qe_span(sp, base + st, i - st, QS_OP);
			else if (k < n && (s[k] == ':' || s[k] == '<' || s[k] == '>' || s[k] == '='))
				qe_span(sp, base + st, i - st, QS_FIELD);
			else if (qe_is_number(s + st, i - st))
				qe_span(sp, base + st, i - st, QS_NUMBER);
			else
				qe_span(sp, base + st, i - st, QS_TEXT);
		}
	}
}

/* The SQL part s[0, n). */
static void
qe_spans_sql(const char *s, size_t n, size_t base, struct qe_spans *sp)
{
	size_t i = 0;

	while (i < n) {
		size_t st = i;
		char c = s[i];

		if (c == '\'' || c == '"') {
			i = qe_quoted(s, n, i, c);
			qe_span(sp, base + st, i - st, c == '\'' ? QS_STRING : QS_FIELD);
		} else if (isalpha((unsigned char)c) || c == '_') {
			while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_'))
				i++;
			size_t k = i;

			while (k < n && s[k] == ' ')
				k++;
			if (k < n && s[k] == '(')
				qe_span(sp, base + st, i - st, QS_FUNC);
			else if (qe_word_in(s + st, i - st, qe_sql_keywords))
				qe_span(sp, base + st, i - st, QS_KEYWORD);
			else
				qe_span(sp, base + st, i - st, QS_SQL);
		} else if (isdigit((unsigned char)c)) {
			while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '.'))
				i++;
			qe_span(sp, base + st, i - st, QS_NUMBER);
		} else if (c == '|') {
			i++;
			qe_span(sp, base + st, 1, QS_PIPE);
		} else {
			i++;
			qe_span(sp, base + st, 1, QS_SQL);
		}
	}
}

size_t
qedit_spans(const char *s, size_t n, struct qspan *out, size_t max)
{
	struct qe_spans sp = { out, 0, max };
	size_t bar = n;
	int inq = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && inq && i + 1 < n) {
			i++;
			continue;
		}
		if (s[i] == '"')
			inq = !inq;
		else if (s[i] == '|' && !inq) {
			bar = i;
			break;
		}
	}
	qe_spans_search(s, bar, 0, &sp);
	if (bar < n) {
		qe_span(&sp, bar, 1, QS_PIPE);
		qe_spans_sql(s + bar + 1, n - bar - 1, bar + 1, &sp);
	}
	return sp.n;
}
