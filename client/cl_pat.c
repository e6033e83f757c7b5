/*
 * cl_pat — log patterns (see cl_pat.h).
 *
 * Two tables, both open addressing over 64-bit keys: the interned tokens
 * (FNV-1a of the bytes -> token id, bytes in one arena), the tree's edges
 * ((parent node << 32 | token) -> child node) and nothing else: a node is
 * an index into an array holding its child count and its groups. Level 1
 * is the token count, level 2 the first token (a token with a digit, or
 * one past CL_PAT_MAX_CHILD children, goes down the <*> edge).
 */
#include "client/cl_pat.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

#define PAT_WILD 0u          /* the token <*> */
#define PAT_DEPTH 1          /* leading tokens the tree looks at */
#define CL_PAT_MAX_CHILD 64  /* children of a node before the <*> edge */

#define PAT_NOKEY UINT32_MAX

struct pat_tok {             /* an interned token */
	uint64_t h;
	uint32_t off, len;
	uint32_t key;            /* key=value: the id of key=<*>; else PAT_NOKEY */
};

struct pat_node {
	uint32_t nchild;
	uint32_t *grp;           /* the groups of a leaf */
	uint32_t ngrp, capgrp;
};

struct pat_grp {
	uint32_t *tok;
	uint32_t ntok;
	int64_t count, first, last;
	uint32_t spark[CL_PAT_SPARK];
};

struct pat_edge {
	uint64_t key;            /* parent << 32 | token; 0 = empty (node 0 has no parent) */
	uint32_t child;
};

struct cl_pat {
	int64_t from, to, lines;
	char *arena;             /* token bytes */
	size_t alen, acap;
	struct pat_tok *tok;     /* by id */
	uint32_t ntok, captok;
	uint32_t *tslot;         /* token hash table: id + 1, 0 empty */
	size_t tmask;
	struct pat_edge *edge;
	size_t emask, nedge;
	struct pat_node *node;
	uint32_t nnode, capnode;
	struct pat_grp *grp;
	uint32_t ngrp, capgrp;
	struct cl_pat_group *out; /* cl_pat_groups' answer */
	char *text;              /* the templates' text */
	int stale;
	char *row;               /* cl_pat_add_rows' line */
	size_t rowcap;
};

/* ---- hashing and interning ---- */

static uint64_t
cl_pat_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h | 1;
}

static void
cl_pat_tok_grow(struct cl_pat *p)
{
	size_t cap = (p->tmask + 1) * 2, i;
	uint32_t *slot = xcalloc(cap, sizeof *slot);

	for (i = 0; i < p->ntok; i++) {
		size_t j = (size_t)p->tok[i].h & (cap - 1);

		while (slot[j])
			j = (j + 1) & (cap - 1);
		slot[j] = (uint32_t)i + 1;
	}
	free(p->tslot);
	p->tslot = slot;
	p->tmask = cap - 1;
}

static uint32_t cl_pat_intern(struct cl_pat *p, const char *s, size_t n);

/* Token id (text s) of the form key=value: note the id of key=<*>, what
 * two of its values generalise to (interned here: its own key is
 * itself, so this goes one level deep at most). */
static void
cl_pat_keyed(struct cl_pat *p, uint32_t id, const char *s, size_t n)
{
	const char *e = memchr(s, '=', n < 64 ? n : 64);
	char k[72];
	size_t kl;
	uint32_t key;

	if (e == NULL || e == s || (size_t)(e - s) + 1 >= n)
		return;
	kl = (size_t)(e - s) + 1;
	memcpy(k, s, kl);
	memcpy(k + kl, "<*>", 3);
	if (kl + 3 == n && memcmp(s + kl, "<*>", 3) == 0)
		key = id;
	else
		key = cl_pat_intern(p, k, kl + 3);
	p->tok[id].key = key; /* p->tok may have moved: index it again */
}

static uint32_t
cl_pat_intern(struct cl_pat *p, const char *s, size_t n)
{
	uint64_t h = cl_pat_hash(s, n);
	size_t j = (size_t)h & p->tmask;
	struct pat_tok *t;
	uint32_t id;

	for (; p->tslot[j]; j = (j + 1) & p->tmask) {
		t = &p->tok[p->tslot[j] - 1];
		if (t->h == h && t->len == n && memcmp(p->arena + t->off, s, n) == 0)
			return p->tslot[j] - 1;
	}
	if (p->ntok == p->captok) {
		p->captok = p->captok ? p->captok * 2 : 1024;
		p->tok = xreallocarray(p->tok, p->captok, sizeof *p->tok);
	}
	if (p->alen + n > p->acap) {
		while (p->alen + n > p->acap)
			p->acap = p->acap ? p->acap * 2 : 65536;
		p->arena = xrealloc(p->arena, p->acap);
	}
	memcpy(p->arena + p->alen, s, n);
	t = &p->tok[p->ntok];
	t->h = h;
	t->off = (uint32_t)p->alen;
	t->len = (uint32_t)n;
	t->key = PAT_NOKEY;
	p->alen += n;
	p->tslot[j] = ++p->ntok;
	if ((size_t)p->ntok * 2 > p->tmask)
		cl_pat_tok_grow(p);
	id = p->ntok - 1;
	cl_pat_keyed(p, id, s, n); /* may intern key=<*> after it */
	return id;
}

/* ---- what a variable looks like ---- */

static int
cl_pat_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
cl_pat_hexletter(char c)
{
	return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int
cl_pat_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A number with a short unit: 12ms, 3.5s, 200KB. */
static int
cl_pat_is_measure(const char *s, size_t n)
{
	size_t i = 0, d = 0;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	for (; i < n && (cl_pat_digit(s[i]) || s[i] == '.'); i++)
		d += cl_pat_digit(s[i]);
	if (d == 0)
		return 0;
	if (n - i > 3)
		return 0;
	for (; i < n; i++)
		if (!cl_pat_alpha(s[i]) && s[i] != '%')
			return 0;
	return 1;
}

/* Is the token (its punctuation trimmed) a variable? Numbers, hex ids,
 * UUIDs, IPv4/IPv6 (with a port), dates and times: a digit and nothing
 * but digits, hex letters and separators (T and Z of ISO times, x of
 * 0x); paths and URLs. */
static int
cl_pat_is_var(const char *s, size_t n)
{
	size_t i, digits = 0, other = 0, tz = 0;

	if (n == 0)
		return 0;
	if ((s[0] == '/' && n > 1) || (n > 2 && s[0] == '.' && s[1] == '/') ||
	    (n > 2 && s[0] == '~' && s[1] == '/'))
		return 1;
	for (i = 1; i + 3 <= n; i++) /* a URL */
		if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/')
			return 1;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (cl_pat_digit(c))
			digits++;
		else if (c == 'T' || c == 'Z' || c == 'x' || c == 'X')
			tz++;
		else if (!cl_pat_hexletter(c) && !strchr(".:-_/+,", c))
			other++;
	}
	if (digits == 0)
		return 0;
	if (other == 0 && (tz == 0 || digits >= 4))
		return 1;
	return cl_pat_is_measure(s, n);
}

/* A token as the templates hold it: a variable becomes <*> inside its
 * punctuation, key=value keeps its key. Written into buf; its length. */
static size_t
cl_pat_mask(const char *s, size_t n, char *buf, size_t cap)
{
	static const char lead[] = "([{\"'<", trail[] = ")]}\"'>,;:.";
	size_t a = 0, b = n, k = 0, eq;
	const char *e;

	if (n + 4 > cap)
		return 0;
	e = memchr(s, '=', n);
	eq = e ? (size_t)(e - s) + 1 : 0;
	if (eq > 1 && eq < n && !cl_pat_is_var(s, eq)) /* key=value: the value alone */
		a = eq;
	while (a < b && strchr(lead, s[a]) && s[a])
		a++;
	while (b > a && strchr(trail, s[b - 1]) && s[b - 1])
		b--;
	if (!cl_pat_is_var(s + a, b - a)) {
		memcpy(buf, s, n);
		return n;
	}
	memcpy(buf, s, a);
	k = a;
	memcpy(buf + k, "<*>", 3);
	k += 3;
	memcpy(buf + k, s + b, n - b);
	return k + n - b;
}

/* ---- the tree ---- */

static uint32_t
cl_pat_node_new(struct cl_pat *p)
{
	if (p->nnode == p->capnode) {
		p->capnode = p->capnode ? p->capnode * 2 : 256;
		p->node = xreallocarray(p->node, p->capnode, sizeof *p->node);
	}
	memset(&p->node[p->nnode], 0, sizeof p->node[0]);
	return p->nnode++;
}

static void
cl_pat_edge_grow(struct cl_pat *p)
{
	size_t cap = (p->emask + 1) * 2, i;
	struct pat_edge *e = xcalloc(cap, sizeof *e);

	for (i = 0; i <= p->emask; i++) {
		size_t j;

		if (p->edge[i].key == 0)
			continue;
		j = (size_t)(p->edge[i].key * 0x9e3779b97f4a7c15ull >> 20) & (cap - 1);
		while (e[j].key)
			j = (j + 1) & (cap - 1);
		e[j] = p->edge[i];
	}
	free(p->edge);
	p->edge = e;
	p->emask = cap - 1;
}

/* The child of node parent along token tok, made when missing (or the
 * <*> child once parent has CL_PAT_MAX_CHILD others). */
static uint32_t
cl_pat_child(struct cl_pat *p, uint32_t parent, uint32_t tok)
{
	uint64_t key = ((uint64_t)parent << 32 | tok) + 1;
	size_t j = (size_t)(key * 0x9e3779b97f4a7c15ull >> 20) & p->emask;
	uint32_t c;

	for (; p->edge[j].key; j = (j + 1) & p->emask)
		if (p->edge[j].key == key)
			return p->edge[j].child;
	if (tok != PAT_WILD && p->node[parent].nchild >= CL_PAT_MAX_CHILD)
		return cl_pat_child(p, parent, PAT_WILD);
	c = cl_pat_node_new(p);
	p->node[parent].nchild++;
	p->edge[j].key = key;
	p->edge[j].child = c;
	if (++p->nedge * 2 > p->emask)
		cl_pat_edge_grow(p);
	return c;
}

/* The leaf for a line of n tokens: by n, then its first tokens. */
static uint32_t
cl_pat_leaf(struct cl_pat *p, const uint32_t *tok, uint32_t n)
{
	uint32_t node = cl_pat_child(p, 0, 0x80000000u | n), d;

	for (d = 0; d < PAT_DEPTH && d < n; d++) {
		const struct pat_tok *t = &p->tok[tok[d]];
		const char *s = p->arena + t->off;
		uint32_t i, dig = 0;

		for (i = 0; i < t->len && !dig; i++)
			dig = cl_pat_digit(s[i]);
		node = cl_pat_child(p, node, dig ? PAT_WILD : tok[d]);
	}
	return node;
}

/* ---- groups ---- */

/* Tokens the template and the line share (the template's <*>, and its
 * key=<*> where the line has that key, aside: *wild counts them). */
static uint32_t
cl_pat_same(const struct cl_pat *p, const struct pat_grp *g, const uint32_t *tok, uint32_t *wild)
{
	uint32_t i, same = 0;

	*wild = 0;
	for (i = 0; i < g->ntok; i++) {
		uint32_t gt = g->tok[i];

		if (gt == tok[i])
			same++;
		else if (gt == PAT_WILD || (p->tok[gt].key == gt && p->tok[tok[i]].key == gt))
			(*wild)++;
	}
	return same;
}

/* What template token a and line token b (a != b) generalise to: key=<*>
 * when both are values of one key, else <*>. */
static uint32_t
cl_pat_general(const struct cl_pat *p, uint32_t a, uint32_t b)
{
	uint32_t k = p->tok[a].key;

	return a != PAT_WILD && k != PAT_NOKEY && k == p->tok[b].key ? k : PAT_WILD;
}

static uint32_t
cl_pat_grp_new(struct cl_pat *p, uint32_t leaf, const uint32_t *tok, uint32_t n, int64_t t)
{
	struct pat_node *nd;
	struct pat_grp *g;

	if (p->ngrp == p->capgrp) {
		p->capgrp = p->capgrp ? p->capgrp * 2 : 64;
		p->grp = xreallocarray(p->grp, p->capgrp, sizeof *p->grp);
	}
	g = &p->grp[p->ngrp];
	memset(g, 0, sizeof *g);
	g->tok = xmemdup(tok, (n ? n : 1) * sizeof *tok);
	g->ntok = n;
	g->first = g->last = t;
	nd = &p->node[leaf];
	if (nd->ngrp == nd->capgrp) {
		nd->capgrp = nd->capgrp ? nd->capgrp * 2 : 4;
		nd->grp = xreallocarray(nd->grp, nd->capgrp, sizeof *nd->grp);
	}
	nd->grp[nd->ngrp++] = p->ngrp;
	return p->ngrp++;
}

static void
cl_pat_grp_count(struct cl_pat *p, struct pat_grp *g, int64_t t)
{
	int64_t span = p->to - p->from, b = 0;

	g->count++;
	if (t < g->first)
		g->first = t;
	if (t > g->last)
		g->last = t;
	if (span > 0)
		b = (t - p->from) * CL_PAT_SPARK / span;
	if (b < 0)
		b = 0;
	if (b >= CL_PAT_SPARK)
		b = CL_PAT_SPARK - 1;
	g->spark[b]++;
}

/* ---- the interface ---- */

struct cl_pat *
cl_pat_new(int64_t from, int64_t to)
{
	struct cl_pat *p = xcalloc(1, sizeof *p);

	p->from = from;
	p->to = to;
	p->tmask = 4095;
	p->tslot = xcalloc(p->tmask + 1, sizeof *p->tslot);
	cl_pat_intern(p, "<*>", 3); /* PAT_WILD */
	p->emask = 1023;
	p->edge = xcalloc(p->emask + 1, sizeof *p->edge);
	cl_pat_node_new(p); /* the root */
	return p;
}

void
cl_pat_free(struct cl_pat *p)
{
	uint32_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nnode; i++)
		free(p->node[i].grp);
	for (i = 0; i < p->ngrp; i++)
		free(p->grp[i].tok);
	free(p->node);
	free(p->grp);
	free(p->edge);
	free(p->tok);
	free(p->tslot);
	free(p->arena);
	free(p->out);
	free(p->text);
	free(p->row);
	free(p);
}

/* Split a line into masked, interned tokens; their count. */
static uint32_t
cl_pat_tokens(struct cl_pat *p, const char *s, size_t n, uint32_t *tok)
{
	uint32_t nt = 0;
	size_t i = 0;
	char buf[512];

	while (i < n) {
		size_t j, k;

		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
			i++;
		if (i >= n)
			break;
		if (nt == CL_PAT_MAX_TOKENS - 1) { /* the rest of a long line */
			tok[nt++] = PAT_WILD;
			break;
		}
		for (j = i; j < n && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' && s[j] != '\r'; j++)
			;
		k = cl_pat_mask(s + i, j - i, buf, sizeof buf);
		tok[nt++] = k ? cl_pat_intern(p, buf, k) : PAT_WILD; /* a huge token: a variable */
		i = j;
	}
	return nt;
}

uint32_t
cl_pat_add(struct cl_pat *p, const char *line, size_t n, int64_t t)
{
	uint32_t tok[CL_PAT_MAX_TOKENS], nt = cl_pat_tokens(p, line, n, tok), leaf, i, best = 0;
	uint32_t best_same = 0, best_wild = 0;
	int found = 0;
	struct pat_node *nd;
	struct pat_grp *g;

	p->lines++;
	p->stale = 1;
	leaf = cl_pat_leaf(p, tok, nt);
	nd = &p->node[leaf];
	for (i = 0; i < nd->ngrp; i++) {
		uint32_t wild, same = cl_pat_same(p, &p->grp[nd->grp[i]], tok, &wild);

		if (!found || same > best_same || (same == best_same && wild > best_wild)) {
			found = 1;
			best = nd->grp[i];
			best_same = same;
			best_wild = wild;
		}
	}
	if (!found || (nt > 0 && (double)best_same < CL_PAT_SIM * (double)nt)) {
		if (!found || nt == 0 || best_same + best_wild < nt)
			best = cl_pat_grp_new(p, leaf, tok, nt, t);
	}
	g = &p->grp[best];
	for (i = 0; i < g->ntok; i++)
		if (g->tok[i] != tok[i])
			g->tok[i] = cl_pat_general(p, g->tok[i], tok[i]);
	cl_pat_grp_count(p, g, t);
	return best;
}

int64_t
cl_pat_lines(const struct cl_pat *p)
{
	return p->lines;
}

static int
cl_pat_cmp(const void *a, const void *b)
{
	const struct cl_pat_group *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

size_t
cl_pat_groups(struct cl_pat *p, const struct cl_pat_group **out)
{
	size_t len = 0, off = 0;
	uint32_t i, k;

	if (!p->stale || p->ngrp == 0) {
		*out = p->out;
		return p->out ? p->ngrp : 0;
	}
	for (i = 0; i < p->ngrp; i++)
		for (k = 0; k < p->grp[i].ntok; k++)
			len += p->tok[p->grp[i].tok[k]].len + 1;
	free(p->text);
	free(p->out);
	p->text = xmalloc(len + p->ngrp + 1);
	p->out = xcalloc(p->ngrp, sizeof *p->out);
	for (i = 0; i < p->ngrp; i++) {
		struct cl_pat_group *o = &p->out[i];
		const struct pat_grp *g = &p->grp[i];

		o->id = i;
		o->tmpl = p->text + off;
		for (k = 0; k < g->ntok; k++) {
			const struct pat_tok *t = &p->tok[g->tok[k]];

			if (k)
				p->text[off++] = ' ';
			memcpy(p->text + off, p->arena + t->off, t->len);
			off += t->len;
		}
		p->text[off++] = '\0';
		o->count = g->count;
		o->first = g->first;
		o->last = g->last;
		o->spark = g->spark;
	}
	qsort(p->out, p->ngrp, sizeof *p->out, cl_pat_cmp);
	p->stale = 0;
	*out = p->out;
	return p->ngrp;
}

/* ---- rows and sparklines ---- */

static size_t
cl_pat_put(char **buf, size_t *cap, size_t at, const char *s, size_t n)
{
	if (at + n + 1 > *cap) {
		while (at + n + 1 > *cap)
			*cap = *cap ? *cap * 2 : 256;
		*buf = xrealloc(*buf, *cap);
	}
	memcpy(*buf + at, s, n);
	(*buf)[at + n] = '\0';
	return at + n;
}

/* A field's value as one token: its blanks (space, tab, CR, LF) become
 * U+00A0, which does not split, so a value of several words (a user
 * agent, a path with spaces) does not change the line's token count. */
static size_t
cl_pat_put_value(char **buf, size_t *cap, size_t at, const char *v, size_t n)
{
	size_t i, from = 0;

	for (i = 0; i < n; i++) {
		if (v[i] != ' ' && v[i] != '\t' && v[i] != '\r' && v[i] != '\n')
			continue;
		at = cl_pat_put(buf, cap, at, v + from, i - from);
		at = cl_pat_put(buf, cap, at, "\xc2\xa0", 2);
		from = i + 1;
	}
	return cl_pat_put(buf, cap, at, v + from, n - from);
}

size_t
cl_pat_row_text(const struct cl_logs *pg, const struct cl_row *r, const char *field, char **buf,
    size_t *cap)
{
	static const char *const msg[] = { "content", "message", "msg", "log", NULL };
	const char *v;
	size_t vn = 0, at = 0, i;

	if (field) {
		v = cl_row_get(pg, r, field, &vn);
		return cl_pat_put(buf, cap, 0, v ? v : "", v ? vn : 0);
	}
	for (i = 0; msg[i]; i++)
		if ((v = cl_row_get(pg, r, msg[i], &vn)) != NULL)
			return cl_pat_put(buf, cap, 0, v, vn);
	at = cl_pat_put(buf, cap, 0, "", 0);
	for (i = 0; i < r->n; i++) {
		const char *k = cl_row_key(pg, r, (uint32_t)i);

		if (strncmp(k, "__", 2) == 0)
			continue;
		v = cl_row_val(r, (uint32_t)i, &vn);
		if (at)
			at = cl_pat_put(buf, cap, at, " ", 1);
		at = cl_pat_put(buf, cap, at, k, strlen(k));
		at = cl_pat_put(buf, cap, at, "=", 1);
		at = cl_pat_put_value(buf, cap, at, v, vn);
	}
	return at;
}

void
cl_pat_add_rows(struct cl_pat *p, const struct cl_logs *pg, const char *field, uint32_t *ids)
{
	size_t i;

	for (i = 0; i < pg->nrows; i++) {
		const char *t = cl_row_get(pg, &pg->rows[i], "__time__", NULL);
		size_t n = cl_pat_row_text(pg, &pg->rows[i], field, &p->row, &p->rowcap);
		uint32_t g = cl_pat_add(p, p->row, n, t ? strtoll(t, NULL, 10) : 0);

		if (ids)
			ids[i] = g;
	}
}

void
cl_pat_spark(const uint32_t *v, size_t n, int ascii, char *out)
{
	static const char *const bars[] = { " ", "\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83",
		"\xe2\x96\x84", "\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88" };
	static const char asc[] = " .:-=+*#%@";
	uint32_t max = 0;
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		max = v[i] > max ? v[i] : max;
	for (i = 0; i < n; i++) {
		unsigned lvl = max ? (unsigned)(((uint64_t)v[i] * 8 + max - 1) / max) : 0;

		if (ascii) {
			out[k++] = asc[max ? ((uint64_t)v[i] * 9 + max - 1) / max : 0];
		} else {
			size_t l = strlen(bars[lvl]);

			memcpy(out + k, bars[lvl], l);
			k += l;
		}
	}
	out[k] = '\0';
}
