/*
 * lasm — lines and entries from the bytes of a log source (see lasm.h).
 */
#include "proto/lasm.h"

#include <stdlib.h>
#include <string.h>

#include "base/sb.h"
#include "base/xalloc.h"
#include "proto/lfmt_fmt.h"

#define LASM_SAMPLE 20
#define LASM_ROOM (LASM_MAX_LINE - 64)

/* A chain of partial records of one stream: Docker's head is the first
 * record up to the end of its log's escaped text (the later records' text
 * appended), tail the rest of that record; CRI's head is "TIME STREAM F "
 * and the messages so far. */
struct lasm_chain {
	struct sb head, tail;
	size_t text;        /* where the log's text starts in head */
	int open;
};

struct lasm {
	struct lasm_cb cb;
	enum lfmt fmt;
	int sniffed;
	int multi;          /* lines without a leading timestamp continue an entry */
	char *sample[LASM_SAMPLE]; /* the first lines, held until sniffed */
	size_t samplen[LASM_SAMPLE], ns;
	struct sb part;     /* the line being read (no newline yet) */
	int cut;            /* it went over LASM_MAX_LINE: the rest is skipped */
	struct sb pend;     /* the entry being joined (continuation lines) */
	int pend_rec;       /* pend is a Docker or CRI record: its lines' text goes at
			       pend_at, if they are of its stream (pend_stream) */
	size_t pend_at;
	int pend_stream;
	struct lasm_chain chain[2]; /* partial records: stdout, stderr */
	int grew, holding;  /* something held back grew since the last settle */
	int64_t held_at;
};

struct lasm *
lasm_new(const struct lasm_cb *cb)
{
	struct lasm *a = xcalloc(1, sizeof *a);
	int i;

	a->cb = *cb;
	sb_init(&a->part, 0);
	sb_init(&a->pend, 0);
	for (i = 0; i < 2; i++) {
		sb_init(&a->chain[i].head, 0);
		sb_init(&a->chain[i].tail, 0);
	}
	return a;
}

void
lasm_free(struct lasm *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->ns; i++)
		free(a->sample[i]);
	sb_free(&a->part);
	sb_free(&a->pend);
	for (i = 0; i < 2; i++) {
		sb_free(&a->chain[i].head);
		sb_free(&a->chain[i].tail);
	}
	free(a);
}

enum lfmt
lasm_fmt(const struct lasm *a)
{
	return a->fmt;
}

int
lasm_holding(const struct lasm *a)
{
	return a->holding;
}

/* The pending entry, if any, to the callback. */
static int
lasm_end_entry(struct lasm *a)
{
	int rc = 0;

	if (a->pend.len > 0)
		rc = a->cb.entry(a->cb.arg, a->pend.p, a->pend.len);
	sb_reset(&a->pend);
	a->pend_rec = 0;
	return rc;
}

/* Does this line continue the pending entry? */
static int
lasm_continues(const struct lasm *a, const char *s, size_t len)
{
	return a->pend.len > 0 && !lasm_starts_entry(a, s, len);
}

/* One whole line (or joined record): joined to the pending entry or
 * ending it and starting the next. */
static int
lasm_join(struct lasm *a, const char *s, size_t len)
{
	int rc;

	if (lasm_continues(a, s, len)) {
		a->grew = 1;
		if (a->pend.len + 1 + len > LASM_ROOM)
			return 0; /* the entry is full: the rest of it is dropped */
		if (sb_addc(&a->pend, '\n') != 0 || sb_add(&a->pend, s, len) != 0)
			sb_reset(&a->pend);
		return 0;
	}
	rc = lasm_end_entry(a);
	if (len > 0) {
		a->grew = 1;
		if (sb_add(&a->pend, s, len) != 0)
			sb_reset(&a->pend);
	}
	return rc;
}

/* Does a line whose text is t start an entry (the plain-text rule, for
 * Docker's and CRI's log text too)? Not when the text starts with a blank
 * (escaped: JSON text, where a tab is \t), nor, when the first line's
 * text had a leading timestamp, when it has none: a stack trace is one
 * entry. An empty line does. */
static int
lasm_text_starts(const struct lasm *a, const char *t, size_t tl, int escaped)
{
	size_t used;

	if (tl == 0 || (escaped && tl == 2 && t[0] == '\\' && t[1] == 'n'))
		return 1;
	if (t[0] == ' ' || t[0] == '\t' || (escaped && tl >= 2 && t[0] == '\\' && t[1] == 't'))
		return 0;
	return !a->multi || lfmt_time(t, tl, &used) >= 0;
}

/* A whole Docker or CRI record r (its line ended), of stream 0 or 1, its
 * log text at r[t, te): the text joins the pending record of its stream
 * when it does not start an entry (Docker's inside its "log", CRI's after
 * a newline), else that one ends and r is pending. */
static int
lasm_join_rec(struct lasm *a, const char *r, size_t len, int stream, size_t t, size_t te)
{
	int rc;

	if (a->pend_rec && a->pend.len > 0 && a->pend_stream == stream &&
	    !lasm_text_starts(a, r + t, te - t, a->fmt == LFMT_DOCKER) &&
	    a->pend.len + 1 + (te - t) <= LASM_ROOM) {
		size_t n = te - t, cri = a->fmt == LFMT_CRI, old = a->pend.len;

		a->grew = 1;
		if (sb_reserve(&a->pend, n + cri) == NULL)
			return 0;
		memmove(a->pend.p + a->pend_at + n + cri, a->pend.p + a->pend_at, old - a->pend_at);
		if (cri)
			a->pend.p[a->pend_at] = '\n';
		memcpy(a->pend.p + a->pend_at + cri, r + t, n);
		sb_setlen(&a->pend, old + n + cri);
		a->pend_at += n + cri;
		return 0;
	}
	if ((rc = lasm_end_entry(a)) != 0)
		return rc;
	a->grew = 1;
	if (sb_add(&a->pend, r, len) != 0) {
		sb_reset(&a->pend);
		return 0;
	}
	a->pend_rec = 1;
	a->pend_stream = stream;
	/* Docker's text ends inside the record (after its "\n": the next line
	 * brings its own), CRI's at its end */
	a->pend_at = te;
	return 0;
}

/* A chain ended (its last record came, or no more will be waited for). */
static int
lasm_chain_end(struct lasm *a, struct lasm_chain *ch)
{
	size_t te;
	int rc;

	if (!ch->open)
		return 0;
	ch->open = 0;
	te = ch->head.len;
	if (sb_add(&ch->head, ch->tail.p ? ch->tail.p : "", ch->tail.len) != 0) {
		sb_reset(&ch->head);
		sb_reset(&ch->tail);
		return 0;
	}
	rc = lasm_join_rec(a, ch->head.p ? ch->head.p : "", ch->head.len, ch == &a->chain[1],
	    ch->text < te ? ch->text : te, te);
	sb_reset(&ch->head);
	sb_reset(&ch->tail);
	return rc;
}

static int
lasm_chains_end(struct lasm *a)
{
	int rc = lasm_chain_end(a, &a->chain[0]);

	return rc ? rc : lasm_chain_end(a, &a->chain[1]);
}

/* Text added to a chain; when it would make the entry too long (*full
 * set) the chain is ended without it, and the caller starts again with
 * its record. 0, or the callback's return. */
static int
lasm_chain_add(struct lasm *a, struct lasm_chain *ch, const char *s, size_t len, int *full)
{
	a->grew = 1;
	*full = ch->head.len + ch->tail.len + len > LASM_ROOM;
	if (*full)
		return lasm_chain_end(a, ch);
	if (sb_add(&ch->head, s, len) != 0)
		sb_reset(&ch->head);
	return 0;
}

/* Does [s, s + n) hold word? */
static int
lasm_has(const char *s, size_t n, const char *word)
{
	size_t wl = strlen(word), i;

	for (i = 0; i + wl <= n; i++)
		if (s[i] == word[0] && memcmp(s + i, word, wl) == 0)
			return 1;
	return 0;
}

/* A Docker record's escaped log text: [*v, *v + *vl) of s; 1 when it ends
 * in "\n" (a whole line), 0 when partial, -1 when the record does not
 * start with {"log":" (Docker's own order; blanks allowed). */
static int
lasm_docker_log(const char *s, size_t len, size_t *v, size_t *vl)
{
	size_t i = 0, run = 0;

	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i >= len || s[i++] != '{')
		return -1;
	while (i < len && s[i] == ' ')
		i++;
	if (len - i < 5 || memcmp(s + i, "\"log\"", 5) != 0)
		return -1;
	for (i += 5; i < len && s[i] == ' '; i++)
		;
	if (i >= len || s[i++] != ':')
		return -1;
	while (i < len && s[i] == ' ')
		i++;
	if (i >= len || s[i++] != '"')
		return -1;
	*v = i;
	for (; i < len; i++) {
		if (s[i] == '"' && run % 2 == 0)
			break;
		run = s[i] == '\\' ? run + 1 : 0;
	}
	if (i >= len)
		return -1;
	*vl = i - *v;
	/* "...\n": an n after an odd run of backslashes */
	if (*vl >= 2 && s[i - 1] == 'n') {
		size_t k = i - 1, b = 0;

		while (k > *v && s[k - 1] == '\\') {
			k--;
			b++;
		}
		return b % 2 == 1;
	}
	return 0;
}

static int
lasm_docker(struct lasm *a, const char *s, size_t len)
{
	size_t v, vl;
	int whole = lasm_docker_log(s, len, &v, &vl), rc, full;
	struct lasm_chain *ch;

	if (whole < 0)
		return lasm_join(a, s, len);
	ch = &a->chain[lasm_has(s + v + vl, len - v - vl, "\"stderr\"")];
	if (!ch->open) {
		if (whole)
			return lasm_join_rec(a, s, len, ch == &a->chain[1], v, v + vl);
		ch->open = 1;
		ch->text = v;
		a->grew = 1;
		if (sb_add(&ch->head, s, v + vl) != 0 || sb_add(&ch->tail, s + v + vl,
		    len - v - vl) != 0) {
			ch->open = 0;
			sb_reset(&ch->head);
			sb_reset(&ch->tail);
		}
		return 0;
	}
	if ((rc = lasm_chain_add(a, ch, s + v, vl, &full)) == 0 && full)
		return lasm_docker(a, s, len); /* the chain was full: this record starts anew */
	return rc == 0 && whole && ch->open ? lasm_chain_end(a, ch) : rc;
}

static int
lasm_cri(struct lasm *a, const char *s, size_t len)
{
	struct lfmt_fmt_cri c;
	struct lasm_chain *ch;
	int rc, full;

	if (lfmt_fmt_cri_split(s, len, &c) != 0)
		return lasm_join(a, s, len);
	ch = &a->chain[c.stream[3] == 'e']; /* stdout, stderr */
	if (!ch->open) {
		if (!c.partial)
			return lasm_join_rec(a, s, len, ch == &a->chain[1], (size_t)(c.msg - s), len);
		ch->open = 1;
		ch->text = c.tlen + 1 + c.streaml + 3; /* after "TIME STREAM F " */
		a->grew = 1;
		if (sb_add(&ch->head, s, c.tlen + 1 + c.streaml) != 0 || sb_adds(&ch->head, " F ") ||
		    sb_add(&ch->head, c.msg, c.msgl) != 0) {
			ch->open = 0;
			sb_reset(&ch->head);
		}
		return 0;
	}
	if ((rc = lasm_chain_add(a, ch, c.msg, c.msgl, &full)) == 0 && full)
		return lasm_cri(a, s, len); /* the chain was full: this line starts anew */
	return rc == 0 && !c.partial && ch->open ? lasm_chain_end(a, ch) : rc;
}

/* One line of a sniffed source. */
static int
lasm_line_sniffed(struct lasm *a, const char *s, size_t len)
{
	if (a->fmt == LFMT_DOCKER)
		return lasm_docker(a, s, len);
	if (a->fmt == LFMT_CRI)
		return lasm_cri(a, s, len);
	return lasm_join(a, s, len);
}

/* A Docker or CRI line's log text (Docker's escaped): 0, or -1 when the
 * line is not a record of the format found. */
static int
lasm_rec_text(const struct lasm *a, const char *s, size_t len, const char **t, size_t *tl)
{
	struct lfmt_fmt_cri c;
	size_t v;

	if (a->fmt == LFMT_DOCKER && lasm_docker_log(s, len, &v, tl) >= 0) {
		*t = s + v;
		return 0;
	}
	if (a->fmt == LFMT_CRI && lfmt_fmt_cri_split(s, len, &c) == 0) {
		*t = c.msg;
		*tl = c.msgl;
		return 0;
	}
	return -1;
}

/* The format (and whether lines without a timestamp continue an entry)
 * from these lines. */
static int
lasm_decide(struct lasm *a, const char *const *lines, size_t n)
{
	size_t i, used, tl = 0;
	const char *t = NULL;

	a->fmt = lfmt_sniff(lines, n);
	for (i = 0; i < n && lines[i][0] == '\0'; i++)
		;
	if (i < n && a->fmt == LFMT_PLAIN)
		a->multi = lfmt_time(lines[i], strlen(lines[i]), &used) >= 0;
	else if (i < n && lasm_rec_text(a, lines[i], strlen(lines[i]), &t, &tl) == 0)
		a->multi = lfmt_time(t, tl, &used) >= 0;
	a->sniffed = 1;
	return a->cb.sniffed ? a->cb.sniffed(a->cb.arg, a->fmt) : 0;
}

int
lasm_presniff(struct lasm *a, const char *const *lines, size_t n)
{
	size_t i;

	if (a->sniffed)
		return 0;
	for (i = 0; i < a->ns; i++)
		free(a->sample[i]);
	a->ns = 0;
	return lasm_decide(a, lines, n);
}

int
lasm_starts_entry(const struct lasm *a, const char *s, size_t len)
{
	const char *t;
	size_t tl;

	if (a->fmt == LFMT_DOCKER || a->fmt == LFMT_CRI)
		return lasm_rec_text(a, s, len, &t, &tl) != 0 ||
		    lasm_text_starts(a, t, tl, a->fmt == LFMT_DOCKER);
	return a->fmt != LFMT_PLAIN || lasm_text_starts(a, s, len, 0);
}

/* The format from the lines held, then those lines. */
static int
lasm_sniff_now(struct lasm *a)
{
	size_t i;
	int rc = lasm_decide(a, (const char *const *)a->sample, a->ns);

	for (i = 0; i < a->ns; i++) {
		if (rc == 0)
			rc = lasm_line_sniffed(a, a->sample[i], a->samplen[i]);
		free(a->sample[i]);
	}
	a->ns = 0;
	return rc;
}

/* A complete line (its newline and CR dropped). */
static int
lasm_line(struct lasm *a)
{
	const char *s = a->part.p ? a->part.p : "";
	size_t len = a->part.len;
	int rc = 0;

	while (len > 0 && s[len - 1] == '\r')
		len--;
	if (a->cut) {
		sb_setlen(&a->part, len);
		if (sb_adds(&a->part, " [line cut at 1 MiB]") == 0)
			len = a->part.len;
		s = a->part.p;
	}
	if (!a->sniffed) {
		char *copy = xmalloc(len + 1);

		memcpy(copy, s, len);
		copy[len] = '\0'; /* a NUL inside cuts what the sniffer sees only */
		a->samplen[a->ns] = len;
		a->sample[a->ns++] = copy;
		if (a->ns == LASM_SAMPLE)
			rc = lasm_sniff_now(a);
	} else {
		rc = lasm_line_sniffed(a, s, len);
	}
	sb_reset(&a->part);
	a->cut = 0;
	return rc;
}

int
lasm_feed(struct lasm *a, const char *p, size_t n)
{
	const char *end = p + n;
	int rc = 0;

	while (rc == 0 && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t k = (size_t)((nl ? nl : end) - p);
		size_t room = LASM_ROOM > a->part.len ? LASM_ROOM - a->part.len : 0;

		if (k > room)
			a->cut = 1;
		if ((k < room ? k : room) > 0 && sb_add(&a->part, p, k < room ? k : room) != 0)
			a->cut = 1;
		p += k;
		if (nl) {
			rc = lasm_line(a);
			p++;
		}
	}
	return rc;
}

/* May what is pending still go on? */
static int
lasm_pending(const struct lasm *a)
{
	return ((a->fmt == LFMT_PLAIN || a->pend_rec) && a->pend.len > 0) || a->chain[0].open ||
	    a->chain[1].open;
}

int
lasm_settle(struct lasm *a, int partial, int64_t now_ms, int hold_ms)
{
	int rc = 0;

	if (partial && (a->part.len > 0 || a->cut))
		rc = lasm_line(a);
	if (rc == 0 && !a->sniffed && a->ns > 0)
		rc = lasm_sniff_now(a);
	if (rc != 0)
		return rc;
	if (hold_ms > 0 && lasm_pending(a)) {
		if (a->grew) {
			a->grew = 0;
			a->held_at = now_ms;
		}
		if (now_ms - a->held_at < hold_ms) {
			a->holding = 1;
			/* a line that cannot be continued is not held */
			return a->fmt == LFMT_PLAIN || a->pend_rec ? 0 : lasm_end_entry(a);
		}
	}
	a->holding = 0;
	a->grew = 0;
	rc = lasm_chains_end(a);
	return rc ? rc : lasm_end_entry(a);
}
