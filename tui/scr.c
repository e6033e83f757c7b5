/*
 * scr — curses setup, colours, canvas blit and key input (see scr.h).
 */
#include "tui/scr.h"

#include <curses.h>
#include <fcntl.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "base/b64.h"

#include "themes/theme.h"
#include "widgets/canvas.h"

static struct {
	int open;
	int saved_err;
	int utf8;
	attr_t attr[THEME_NROLES];
	short pair[THEME_NROLES];
} scr;

/* Signals while the screen is up: a fatal one restores the terminal and
 * then goes on as it would have (the previous handler, e.g. a sanitizer's,
 * or the default); SIGTERM, SIGHUP and SIGINT (kill -INT: the terminal
 * sends none in raw mode, Ctrl-C is a key) ask the UI to quit cleanly. */
static const int scr_fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
static const int scr_stop[] = { SIGTERM, SIGHUP, SIGINT };
#define SCR_NSIG (sizeof scr_fatal / sizeof scr_fatal[0] + sizeof scr_stop / sizeof scr_stop[0])
static struct sigaction scr_old[SCR_NSIG];
static volatile sig_atomic_t scr_quit_sig;

static size_t
scr_sig_slot(int sig)
{
	size_t i, nf = sizeof scr_fatal / sizeof scr_fatal[0];

	for (i = 0; i < SCR_NSIG; i++)
		if ((i < nf ? scr_fatal[i] : scr_stop[i - nf]) == sig)
			return i;
	return 0;
}

static void
scr_on_fatal(int sig)
{
	static const char msg[] = "slsx: fatal signal; the terminal was restored\n";

	if (scr.open) {
		scr.open = 0;
		endwin(); /* not async-signal-safe, but the process is ending anyway */
		if (scr.saved_err >= 0)
			dup2(scr.saved_err, STDERR_FILENO);
		if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) {
			/* nothing left to tell */
		}
	}
	sigaction(sig, &scr_old[scr_sig_slot(sig)], NULL);
	raise(sig);
}

static void
scr_on_stop(int sig)
{
	scr_quit_sig = sig;
}

int
scr_quit_requested(void)
{
	return scr_quit_sig != 0;
}

static void
scr_signals(int on)
{
	size_t i, nf = sizeof scr_fatal / sizeof scr_fatal[0];

	for (i = 0; i < SCR_NSIG; i++) {
		int sig = i < nf ? scr_fatal[i] : scr_stop[i - nf];
		struct sigaction sa;

		if (!on) {
			sigaction(sig, &scr_old[i], NULL);
			continue;
		}
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = i < nf ? scr_on_fatal : scr_on_stop;
		sigemptyset(&sa.sa_mask);
		sigaction(sig, &sa, &scr_old[i]);
	}
}

int
scr_utf8(void)
{
	return scr.utf8;
}

int
scr_is_open(void)
{
	return scr.open;
}

static attr_t
scr_attrs(uint8_t a)
{
	attr_t r = 0;

	if (a & THEME_A_BOLD)
		r |= A_BOLD;
	if (a & THEME_A_REVERSE)
		r |= A_REVERSE;
	if (a & THEME_A_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & THEME_A_DIM)
		r |= A_DIM;
#ifdef A_ITALIC
	if (a & THEME_A_ITALIC)
		r |= A_ITALIC;
#endif
	return r;
}

void
scr_set_theme(const struct theme *th)
{
	int ncolors = has_colors() ? COLORS : 0, r;
	const char *nc = getenv("NO_COLOR");

	for (r = 0; r < THEME_NROLES; r++) {
		struct theme_style s = theme_style_for(th, (enum theme_role)r, ncolors,
		    nc != NULL && *nc != '\0');

		scr.attr[r] = scr_attrs(s.attrs);
		scr.pair[r] = 0;
		if (ncolors > 0 && r + 1 < COLOR_PAIRS && (s.fg >= 0 || s.bg >= 0) &&
		    init_pair((short)(r + 1), s.fg, s.bg) == OK)
			scr.pair[r] = (short)(r + 1);
	}
}

int
scr_open(const struct theme *th, int log_fd, char *err, size_t errlen)
{
	const char *cs;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(err, errlen, "the terminal UI needs a terminal (use a command such as "
				      "`slsx query` in scripts)");
		return -1;
	}
	cs = nl_langinfo(CODESET);
	scr.utf8 = cs && strcmp(cs, "UTF-8") == 0;
	if (initscr() == NULL) {
		snprintf(err, errlen, "cannot initialise the terminal (TERM=%s)",
		    getenv("TERM") ? getenv("TERM") : "");
		return -1;
	}
	scr.saved_err = dup(STDERR_FILENO);
	if (log_fd < 0)
		log_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (log_fd >= 0)
		dup2(log_fd, STDERR_FILENO);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	if (has_colors()) {
		start_color();
		use_default_colors();
	}
	scr_set_theme(th);
	scr.open = 1;
	scr_quit_sig = 0;
	scr_signals(1);
	return 0;
}

void
scr_close(void)
{
	if (!scr.open)
		return;
	scr.open = 0;
	scr_signals(0);
	if (!isendwin())
		endwin();
	if (scr.saved_err >= 0) {
		dup2(scr.saved_err, STDERR_FILENO);
		close(scr.saved_err);
		scr.saved_err = -1;
	}
}

void
scr_size(int *w, int *h)
{
	getmaxyx(stdscr, *h, *w);
}

void
scr_blit(const struct canvas *cv, int cx, int cy)
{
	int x, y, h, w;

	getmaxyx(stdscr, h, w);
	for (y = 0; y < cv->h && y < h; y++)
		for (x = 0; x < cv->w && x < w; x++) {
			const struct cv_cell *c = &cv->cell[(size_t)y * (size_t)cv->w + (size_t)x];
			wchar_t wc[2] = { (wchar_t)c->ch, 0 };
			cchar_t cc;
			int role = c->role < THEME_NROLES ? c->role : 0;

			if (c->ch == 0 && scr.utf8)
				continue; /* the right half of a wide character */
			if (!scr.utf8 && (c->ch > 0x7e || c->ch == 0))
				wc[0] = c->ch ? L'?' : L' '; /* never leave a cell unwritten */
			setcchar(&cc, wc, scr.attr[role] | scr_attrs(c->attrs), scr.pair[role], NULL);
			mvadd_wch(y, x, &cc);
		}
	if (cx >= 0 && cy >= 0 && cx < w && cy < h) {
		curs_set(1);
		move(cy, cx);
	} else {
		curs_set(0);
	}
	refresh();
}

static void
scr_seq(struct scr_key *k, const char *s)
{
	k->nseq = strlen(s);
	memcpy(k->seq, s, k->nseq);
}

static int
scr_fkey(struct scr_key *k, wint_t wc)
{
	static const struct {
		wint_t key;
		uint32_t code;
		const char *seq;
	} map[] = {
		{ KEY_UP, SK_UP, "\033[A" }, { KEY_DOWN, SK_DOWN, "\033[B" },
		{ KEY_RIGHT, SK_RIGHT, "\033[C" }, { KEY_LEFT, SK_LEFT, "\033[D" },
		{ KEY_HOME, SK_HOME, "\033[H" }, { KEY_END, SK_END, "\033[F" },
		{ KEY_PPAGE, SK_PGUP, "\033[5~" }, { KEY_NPAGE, SK_PGDN, "\033[6~" },
		{ KEY_BTAB, SK_BTAB, "\033[Z" }, { KEY_DC, SK_DEL, "\033[3~" },
		{ KEY_BACKSPACE, SK_BACKSPACE, "\177" }, { KEY_ENTER, SK_ENTER, "\r" },
		{ KEY_F(1), SK_F1, "\033OP" }, { KEY_RESIZE, SK_RESIZE, "" },
	};
	size_t i;

	if (wc == KEY_MOUSE) {
		MEVENT ev;

		if (getmouse(&ev) != OK)
			return 0;
		k->mx = ev.x;
		k->my = ev.y;
		k->code = ev.bstate & BUTTON4_PRESSED ? SK_MOUSE_UP
		    : ev.bstate & BUTTON5_PRESSED     ? SK_MOUSE_DOWN
						      : SK_MOUSE_CLICK;
		return 1;
	}
	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (map[i].key == wc) {
			k->code = map[i].code;
			scr_seq(k, map[i].seq);
			return 1;
		}
	return 0; /* a key we do not use */
}

/* After ESC [: the rest of a sequence curses did not know (tmux's End is
 * ESC [ 4 ~): Home / End / Delete / PgUp / PgDn by number, or a key of
 * its own whose bytes the editor may take. */
static int
scr_csi(struct scr_key *k)
{
	static const uint32_t tilde[] = { 0, SK_HOME, 0, SK_DEL, SK_END, SK_PGUP, SK_PGDN, SK_HOME,
		SK_END };
	wint_t wc;
	size_t n = 2;

	k->seq[0] = '\033';
	k->seq[1] = '[';
	while (n < sizeof k->seq - 1 && wget_wch(stdscr, &wc) == OK && wc < 0x80) {
		k->seq[n++] = (char)wc;
		if (wc >= 0x40 && wc <= 0x7e)
			break;
	}
	k->nseq = n;
	k->code = SK_META;
	if (n == 4 && k->seq[3] == '~' && k->seq[2] >= '1' && k->seq[2] <= '8')
		k->code = tilde[k->seq[2] - '0'];
	if (k->code == SK_HOME || k->code == SK_END)
		scr_seq(k, k->code == SK_HOME ? "\033[H" : "\033[F");
	return 1;
}

/* After an ESC: a word key of the editor (b f d . Backspace) that came
 * with it is Alt and that key, [ starts a sequence; anything else goes
 * back to be read next. */
static int
scr_meta(struct scr_key *k)
{
	wint_t wc;
	int rc = wget_wch(stdscr, &wc);

	if (rc == OK && wc == '[')
		return scr_csi(k);
	if (rc == OK && (wc == 'b' || wc == 'f' || wc == 'd' || wc == '.' || wc == 127 || wc == 8)) {
		k->code = SK_META;
		k->seq[0] = '\033';
		k->seq[1] = (char)wc;
		k->nseq = 2;
		return 1;
	}
	if (rc == OK)
		unget_wch((wchar_t)wc);
	else if (rc == KEY_CODE_YES)
		ungetch((int)wc);
	return 0;
}

int
scr_key(struct scr_key *k)
{
	wint_t wc;
	int rc;

	for (;;) {
		memset(k, 0, sizeof *k);
		rc = wget_wch(stdscr, &wc);
		if (rc == ERR)
			return isatty(STDIN_FILENO) ? 0 : -1;
		if (rc == KEY_CODE_YES) {
			if (scr_fkey(k, wc))
				return 1;
			continue;
		}
		k->code = (uint32_t)wc;
		if (wc == 27 && scr_meta(k))
			return 1;
		if (wc == 27)
			k->code = SK_ESC;
		else if (wc == '\t')
			k->code = SK_TAB;
		else if (wc == '\r' || wc == '\n')
			k->code = SK_ENTER;
		else if (wc == 127 || wc == 8)
			k->code = SK_BACKSPACE;
		{
			mbstate_t st;
			size_t n;

			memset(&st, 0, sizeof st);
			n = wcrtomb(k->seq, (wchar_t)wc, &st);
			k->nseq = n == (size_t)-1 ? 0 : n;
		}
		if (wc == '\n')
			scr_seq(k, "\r");
		return 1;
	}
}

long
scr_clipboard(const char *s, size_t n)
{
	char *b64;
	size_t k, cap = 4 * ((n + 2) / 3) + 1;
	ssize_t w;

	if (n > 100000)
		return -1;
	b64 = malloc(cap);
	if (b64 == NULL)
		return -1;
	k = b64_encode(s, n, b64, cap);
	fflush(stdout);
	w = write(STDOUT_FILENO, "\033]52;c;", 7);
	w += write(STDOUT_FILENO, b64, (size_t)k);
	w += write(STDOUT_FILENO, "\a", 1);
	free(b64);
	return w == (ssize_t)k + 8 ? (long)n : -1;
}
