/*
 * sq_search — the search statement (spec §8.1): parser and evaluator.
 *
 * Grammar (keywords case-insensitive; whitespace between terms is and):
 *   or    := and ("or" and)*
 *   and   := unary (["and"] unary | "not" unary)*     a not b = a and not b
 *   unary := "not" unary | "(" or ")" | "*" | term
 *   term  := word | "quoted" | #"phrase"                    full text
 *          | key ":" (word | "quoted" | #"phrase")          field
 *          | key (">"|">="|"<"|"<="|"=") number             long/double
 *          | key "in" ("["|"(") number number ("]"|")")     range
 *   key   := word | "quoted" | "__tag__:" name
 * Words are split into tokens like the values they search (so "a b" is
 * a and b); '*' and '?' inside a word are wildcards. Evaluation produces a
 * bitmap over row ids from the inverted index; comparisons and phrases
 * check candidate rows one by one.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/sb.h"
#include "base/xalloc.h"
#include "sq/sq_int.h"

enum sq_kind { N_ALL, N_TERM, N_PHRASE, N_AND, N_OR, N_NOT, N_CMP, N_RANGE };
enum sq_op { OP_GT, OP_GE, OP_LT, OP_LE, OP_EQ };

struct sq_node {
	enum sq_kind kind;
	uint32_t kid;          /* SQ_FULLTEXT or a key id; UINT32_MAX: unknown key */
	char *word;            /* term / phrase text as written */
	size_t wlen;
	enum sq_op op;
	double a, b;
	int a_incl, b_incl;
	struct sq_node *l;     /* N_NOT's operand */
	struct sq_node **kids; /* N_AND / N_OR operands: flat, never nested chains */
	size_t nkids, capk;
};

struct sq_search {
	struct sq_node *root;
	struct sb terms;       /* v2 terms JSON items */
	struct sb terms_v1;
	int nterms;
};

struct sq_parser {
	struct sq_ls *ls;
	const char *s;
	size_t n, i;
	struct sq_err *err;
	int failed;
	struct sq_search *out;
	int depth;
	size_t nterms;         /* terms and "*" parsed so far */
};

static struct sq_node *sq_search_p_or(struct sq_parser *p);

static struct sq_node *
sq_search_node(enum sq_kind k)
{
	struct sq_node *n = xcalloc(1, sizeof *n);

	n->kind = k;
	return n;
}

static void
sq_search_node_free(struct sq_node *n)
{
	if (n == NULL)
		return;
	sq_search_node_free(n->l);
	for (size_t i = 0; i < n->nkids; i++)
		sq_search_node_free(n->kids[i]);
	free(n->kids);
	free(n->word);
	free(n);
}

static void
sq_search_p_fail(struct sq_parser *p, const char *what)
{
	if (p->failed)
		return;
	p->failed = 1;
	sq_err_set(p->err, "ParameterInvalid", "query syntax error at position %zu: %s",
	    p->i + 1, what);
}

static void
sq_search_p_ws(struct sq_parser *p)
{
	while (p->i < p->n && isspace((unsigned char)p->s[p->i]))
		p->i++;
}

static int
sq_search_p_boundary(const struct sq_parser *p, size_t at)
{
	return at >= p->n || isspace((unsigned char)p->s[at]) || p->s[at] == '(' ||
	    p->s[at] == ')' || p->s[at] == '"';
}

/* The bare keyword kw at the cursor (not consumed)? */
static int
sq_search_p_kw(const struct sq_parser *p, const char *kw)
{
	size_t k = strlen(kw);

	return p->i + k <= p->n && strncasecmp(p->s + p->i, kw, k) == 0 &&
	    sq_search_p_boundary(p, p->i + k);
}

static int
sq_search_word_stop(char c)
{
	return isspace((unsigned char)c) || c == '(' || c == ')' || c == '"' || c == ':' ||
	    c == '<' || c == '>' || c == '=';
}

/* A bare word; *len 0 when there is none. */
static const char *
sq_search_p_word(struct sq_parser *p, size_t *len)
{
	size_t st = p->i;

	while (p->i < p->n && !sq_search_word_stop(p->s[p->i]))
		p->i++;
	*len = p->i - st;
	return p->s + st;
}

/* A run up to whitespace or ')' (values after "key:"). */
static const char *
sq_search_p_value(struct sq_parser *p, size_t *len)
{
	size_t st = p->i;

	while (p->i < p->n && !isspace((unsigned char)p->s[p->i]) && p->s[p->i] != ')' &&
	    p->s[p->i] != '(')
		p->i++;
	*len = p->i - st;
	return p->s + st;
}

/* "..." with \" escapes; returns a malloc'd unescaped copy. */
static char *
sq_search_p_quoted(struct sq_parser *p, size_t *len)
{
	struct sb b;
	char *out;

	sb_init(&b, 0);
	p->i++; /* opening quote */
	while (p->i < p->n && p->s[p->i] != '"') {
		if (p->s[p->i] == '\\' && p->i + 1 < p->n)
			p->i++;
		if (sb_addc(&b, p->s[p->i++]) != 0)
			break;
	}
	if (p->i >= p->n) {
		sb_free(&b);
		sq_search_p_fail(p, "unterminated quoted string");
		return NULL;
	}
	p->i++;
	out = sb_take(&b, len);
	return out;
}

static int
sq_search_is_reserved_key(const char *k, size_t n)
{
	return (n == 9 && memcmp(k, "__topic__", 9) == 0) ||
	    (n == 10 && memcmp(k, "__source__", 10) == 0) ||
	    (n > 8 && memcmp(k, "__tag__:", 8) == 0) ||
	    (n == 8 && memcmp(k, "__time__", 8) == 0);
}

static uint32_t
sq_search_p_key(struct sq_parser *p, const char *k, size_t n, int numeric)
{
	const struct sq_keycfg *kc = sq_model_keycfg(p->ls, k, n);
	uint32_t kid;

	if (kc == NULL && !sq_search_is_reserved_key(k, n)) {
		if (!p->failed) {
			p->failed = 1;
			sq_err_set(p->err, "ParameterInvalid",
			    "key (%.*s) is not config as key value config", (int)(n > 200 ? 200 : n),
			    k);
		}
		return UINT32_MAX;
	}
	if (numeric && !(n == 8 && memcmp(k, "__time__", 8) == 0) &&
	    (kc == NULL || (kc->type != SQ_LONG && kc->type != SQ_DOUBLE))) {
		if (!p->failed) {
			p->failed = 1;
			sq_err_set(p->err, "ParameterInvalid",
			    "key (%.*s) is not a long or double field: numeric comparisons need"
			    " type long or double in the index", (int)(n > 200 ? 200 : n), k);
		}
		return UINT32_MAX;
	}
	kid = sq_model_dict_find(&p->ls->keys, k, n);
	return kid;
}

static void
sq_search_p_term_note(struct sq_parser *p, uint32_t kid, const char *w, size_t n)
{
	size_t kn = 0;
	const char *k = kid == UINT32_MAX || kid == SQ_FULLTEXT ? "" : sq_model_key_name(p->ls, kid,
	    &kn);
	struct sb *t = &p->out->terms, *t1 = &p->out->terms_v1;
	int rc = 0;

	/* at most 64 terms of at most 1 KiB each: the notes' buffers (1 MiB)
	 * always hold them, escaped */
	if (p->out->nterms >= 64 || n > 1024 || kn > 1024)
		return;
	if (p->out->nterms++) {
		rc |= sb_addc(t, ',');
		rc |= sb_addc(t1, ',');
	}
	rc |= sb_adds(t, "{\"key\":");
	rc |= sq_json_str(t, k, kn, 1);
	rc |= sb_adds(t, ",\"term\":");
	rc |= sq_json_str(t, w, n, 1);
	rc |= sb_addc(t, '}');
	rc |= sb_addc(t1, '[');
	rc |= sq_json_str(t1, w, n, 1);
	rc |= sb_addc(t1, ',');
	rc |= sq_json_str(t1, k, kn, 1);
	rc |= sb_addc(t1, ']');
	(void)rc;
}

/* One more term; beyond SQ_MAX_QUERY_TERMS the query is refused. */
static void
sq_search_p_count(struct sq_parser *p)
{
	if (++p->nterms > SQ_MAX_QUERY_TERMS && !p->failed) {
		p->failed = 1;
		sq_err_set(p->err, "ParameterInvalid",
		    "query has more than %d terms", SQ_MAX_QUERY_TERMS);
	}
}

static struct sq_node *
sq_search_p_text(struct sq_parser *p, uint32_t kid, char *w, size_t n, int phrase)
{
	struct sq_node *nd = sq_search_node(phrase ? N_PHRASE : N_TERM);

	sq_search_p_count(p);
	if (kid == SQ_FULLTEXT && (p->ls->ix == NULL || !p->ls->ix->has_line)) {
		if (!p->failed) {
			p->failed = 1;
			sq_err_set(p->err, "ParameterInvalid",
			    "full-text index is not configured for this logstore; search a field"
			    " with key:value");
		}
	}
	nd->kid = kid;
	nd->word = w;
	nd->wlen = n;
	sq_search_p_term_note(p, kid, w, n);
	return nd;
}

static int
sq_search_p_number(struct sq_parser *p, double *v)
{
	char buf[64];
	size_t n;
	const char *w;
	char *end;

	sq_search_p_ws(p);
	w = sq_search_p_value(p, &n);
	while (n && (w[n - 1] == ']' || w[n - 1] == ')')) {
		n--;
		p->i--;
	}
	if (n == 0 || n >= sizeof buf) {
		sq_search_p_fail(p, "expected a number");
		return -1;
	}
	memcpy(buf, w, n);
	buf[n] = '\0';
	*v = strtod(buf, &end);
	if (*end != '\0' || !isfinite(*v)) {
		sq_search_p_fail(p, "expected a number");
		return -1;
	}
	return 0;
}

static struct sq_node *
sq_search_p_cmp(struct sq_parser *p, uint32_t kid)
{
	struct sq_node *nd = sq_search_node(N_CMP);

	nd->kid = kid;
	if (p->s[p->i] == '>' || p->s[p->i] == '<') {
		int gt = p->s[p->i] == '>';

		p->i++;
		if (p->i < p->n && p->s[p->i] == '=') {
			p->i++;
			nd->op = gt ? OP_GE : OP_LE;
		} else {
			nd->op = gt ? OP_GT : OP_LT;
		}
	} else {
		p->i++;
		nd->op = OP_EQ;
	}
	if (sq_search_p_number(p, &nd->a) != 0)
		return nd;
	return nd;
}

static struct sq_node *
sq_search_p_range(struct sq_parser *p, uint32_t kid)
{
	struct sq_node *nd = sq_search_node(N_RANGE);

	nd->kid = kid;
	sq_search_p_ws(p);
	if (p->i >= p->n || (p->s[p->i] != '[' && p->s[p->i] != '(')) {
		sq_search_p_fail(p, "expected [ or ( after in");
		return nd;
	}
	nd->a_incl = p->s[p->i++] == '[';
	if (sq_search_p_number(p, &nd->a) != 0 || sq_search_p_number(p, &nd->b) != 0)
		return nd;
	sq_search_p_ws(p);
	if (p->i >= p->n || (p->s[p->i] != ']' && p->s[p->i] != ')')) {
		sq_search_p_fail(p, "expected ] or ) to close the range");
		return nd;
	}
	nd->b_incl = p->s[p->i++] == ']';
	return nd;
}

/* After "key:": a word, "quoted" or #"phrase". */
static struct sq_node *
sq_search_p_fieldvalue(struct sq_parser *p, uint32_t kid)
{
	size_t n;
	char *w;

	if (p->i + 1 < p->n && p->s[p->i] == '#' && p->s[p->i + 1] == '"') {
		p->i++;
		if ((w = sq_search_p_quoted(p, &n)) == NULL)
			return NULL;
		return sq_search_p_text(p, kid, w, n, 1);
	}
	if (p->i < p->n && p->s[p->i] == '"') {
		if ((w = sq_search_p_quoted(p, &n)) == NULL)
			return NULL;
		return sq_search_p_text(p, kid, w, n, 0);
	}
	const char *v = sq_search_p_value(p, &n);

	if (n == 0) {
		sq_search_p_fail(p, "expected a value after ':'");
		return NULL;
	}
	return sq_search_p_text(p, kid, xstrndup(v, n), n, 0);
}

/* Key k has been read (and its ':' is next or an operator follows). */
static struct sq_node *
sq_search_p_after_key(struct sq_parser *p, const char *k, size_t kn, int *used)
{
	size_t save = p->i;

	*used = 1;
	if (p->i < p->n && p->s[p->i] == ':') {
		p->i++;
		if (kn == 7 && memcmp(k, "__tag__", 7) == 0) {
			size_t tn;
			const char *t = sq_search_p_word(p, &tn);
			char *full = xasprintf("__tag__:%.*s", (int)tn, t);
			struct sq_node *nd = NULL;

			if (tn == 0 || p->i >= p->n || p->s[p->i] != ':')
				sq_search_p_fail(p, "expected __tag__:NAME:value");
			else {
				p->i++;
				nd = sq_search_p_fieldvalue(p, sq_search_p_key(p, full, strlen(full), 0));
			}
			free(full);
			return nd;
		}
		return sq_search_p_fieldvalue(p, sq_search_p_key(p, k, kn, 0));
	}
	sq_search_p_ws(p);
	if (p->i < p->n && (p->s[p->i] == '<' || p->s[p->i] == '>' || p->s[p->i] == '='))
		return sq_search_p_cmp(p, sq_search_p_key(p, k, kn, 1));
	if (sq_search_p_kw(p, "in")) {
		size_t at = p->i;

		p->i += 2;
		sq_search_p_ws(p);
		if (p->i < p->n && (p->s[p->i] == '[' || p->s[p->i] == '(')) {
			p->i = at + 2;
			return sq_search_p_range(p, sq_search_p_key(p, k, kn, 1));
		}
		p->i = at;
	}
	p->i = save;
	*used = 0;
	return NULL;
}

static struct sq_node *
sq_search_p_primary(struct sq_parser *p)
{
	struct sq_node *nd;
	size_t n;
	int used;
	char *w;

	sq_search_p_ws(p);
	if (p->i >= p->n) {
		sq_search_p_fail(p, "unexpected end of query");
		return NULL;
	}
	if (p->s[p->i] == '(') {
		p->i++;
		if (++p->depth > SQ_MAX_QUERY_DEPTH) {
			sq_search_p_fail(p, "too deeply nested");
			return NULL;
		}
		nd = sq_search_p_or(p);
		p->depth--;
		sq_search_p_ws(p);
		if (p->i >= p->n || p->s[p->i] != ')')
			sq_search_p_fail(p, "missing )");
		else
			p->i++;
		return nd;
	}
	if (p->s[p->i] == '#' && p->i + 1 < p->n && p->s[p->i + 1] == '"') {
		p->i++;
		if ((w = sq_search_p_quoted(p, &n)) == NULL)
			return NULL;
		return sq_search_p_text(p, SQ_FULLTEXT, w, n, 1);
	}
	if (p->s[p->i] == '"') {
		if ((w = sq_search_p_quoted(p, &n)) == NULL)
			return NULL;
		if (p->i < p->n && p->s[p->i] == ':') {
			nd = sq_search_p_after_key(p, w, n, &used);
			free(w);
			return nd;
		}
		return sq_search_p_text(p, SQ_FULLTEXT, w, n, 0);
	}
	const char *word = sq_search_p_word(p, &n);

	if (n == 0) {
		sq_search_p_fail(p, "unexpected character");
		return NULL;
	}
	if (n == 1 && word[0] == '*') {
		sq_search_p_count(p);
		return sq_search_node(N_ALL);
	}
	nd = sq_search_p_after_key(p, word, n, &used);
	if (used)
		return nd;
	return sq_search_p_text(p, SQ_FULLTEXT, xstrndup(word, n), n, 0);
}

static struct sq_node *
sq_search_p_unary(struct sq_parser *p)
{
	sq_search_p_ws(p);
	if (sq_search_p_kw(p, "not")) {
		struct sq_node *nd = sq_search_node(N_NOT);

		p->i += 3;
		if (++p->depth > SQ_MAX_QUERY_DEPTH) {
			sq_search_p_fail(p, "too deeply nested");
			return nd;
		}
		nd->l = sq_search_p_unary(p);
		p->depth--;
		return nd;
	}
	return sq_search_p_primary(p);
}

/* A flat chain of any length is one node with many operands (a or b or c
 * is one N_OR of three), so nothing recurses over its length. */
static struct sq_node *
sq_search_chain_new(enum sq_kind k, struct sq_node *first)
{
	struct sq_node *nd = sq_search_node(k);

	nd->capk = 4;
	nd->kids = xreallocarray(NULL, nd->capk, sizeof *nd->kids);
	nd->kids[nd->nkids++] = first;
	return nd;
}

static void
sq_search_chain_add(struct sq_node *nd, struct sq_node *kid)
{
	if (kid == NULL)
		return;
	if (nd->nkids == nd->capk) {
		nd->capk *= 2;
		nd->kids = xreallocarray(nd->kids, nd->capk, sizeof *nd->kids);
	}
	nd->kids[nd->nkids++] = kid;
}

static struct sq_node *
sq_search_p_and(struct sq_parser *p)
{
	struct sq_node *l = sq_search_p_unary(p), *chain = NULL;

	while (!p->failed) {
		sq_search_p_ws(p);
		if (p->i >= p->n || p->s[p->i] == ')' || sq_search_p_kw(p, "or"))
			break;
		if (sq_search_p_kw(p, "and"))
			p->i += 3;
		if (chain == NULL)
			chain = sq_search_chain_new(N_AND, l);
		sq_search_chain_add(chain, sq_search_p_unary(p));
	}
	return chain ? chain : l;
}

static struct sq_node *
sq_search_p_or(struct sq_parser *p)
{
	struct sq_node *l = sq_search_p_and(p), *chain = NULL;

	while (!p->failed) {
		sq_search_p_ws(p);
		if (!sq_search_p_kw(p, "or"))
			break;
		p->i += 2;
		if (chain == NULL)
			chain = sq_search_chain_new(N_OR, l);
		sq_search_chain_add(chain, sq_search_p_and(p));
	}
	return chain ? chain : l;
}

struct sq_search *
sq_search_parse(struct sq_ls *ls, const char *text, size_t n, struct sq_err *err)
{
	struct sq_search *s = xcalloc(1, sizeof *s);
	struct sq_parser p = { ls, text, n, 0, err, 0, s, 0, 0 };

	sb_init(&s->terms, 1 << 20);
	sb_init(&s->terms_v1, 1 << 20);
	sq_search_p_ws(&p);
	if (p.i >= n) {
		s->root = sq_search_node(N_ALL);
		return s;
	}
	s->root = sq_search_p_or(&p);
	sq_search_p_ws(&p);
	if (!p.failed && p.i < n)
		sq_search_p_fail(&p, "unexpected ')'");
	if (p.failed) {
		sq_search_free(s);
		return NULL;
	}
	return s;
}

void
sq_search_free(struct sq_search *s)
{
	if (s == NULL)
		return;
	sq_search_node_free(s->root);
	sb_free(&s->terms);
	sb_free(&s->terms_v1);
	free(s);
}

int
sq_search_is_all(const struct sq_search *s)
{
	return s->root->kind == N_ALL;
}

int
sq_search_terms_json(const struct sq_search *s, struct sb *out, int v1)
{
	const struct sb *t = v1 ? &s->terms_v1 : &s->terms;

	return sb_addc(out, '[') | sb_add(out, sb_str(t), t->len) | sb_addc(out, ']');
}

/* ---- evaluation --------------------------------------------------------- */

struct sq_eval {
	struct sq_ls *ls;
	uint32_t lo, hi, nrows;
	size_t words;
};

static uint64_t *
sq_search_bm_new(const struct sq_eval *e)
{
	return xcalloc(e->words ? e->words : 1, sizeof(uint64_t));
}

static void
sq_search_bm_posts(uint64_t *bm, const struct sq_term *t, uint32_t nrows)
{
	struct sq_postit it;
	uint32_t r;

	sq_post_begin(t, &it);
	while (sq_post_next(&it, &r) && r < nrows) /* ascending: the rest are past nrows */
		bm[r >> 6] |= 1ull << (r & 63);
}

static int
sq_search_glob(const char *pat, size_t pn, const char *s, size_t sn)
{
	size_t pi = 0, si = 0, star = (size_t)-1, mark = 0;

	while (si < sn) {
		if (pi < pn && (pat[pi] == '?' || pat[pi] == s[si])) {
			pi++;
			si++;
		} else if (pi < pn && pat[pi] == '*') {
			star = pi++;
			mark = si;
		} else if (star != (size_t)-1) {
			pi = star + 1;
			si = ++mark;
		} else {
			return 0;
		}
	}
	while (pi < pn && pat[pi] == '*')
		pi++;
	return pi == pn;
}

struct sq_tokvec {
	char (*t)[SQ_MAX_TOKEN + 1];
	size_t *len;
	size_t n, cap;
};

static void
sq_search_tokvec_add(void *ctx, const char *tok, size_t n)
{
	struct sq_tokvec *v = ctx;

	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 8;
		v->t = xreallocarray(v->t, v->cap, sizeof *v->t);
		v->len = xreallocarray(v->len, v->cap, sizeof *v->len);
	}
	memcpy(v->t[v->n], tok, n);
	v->len[v->n++] = n;
}

static void
sq_search_tokvec_free(struct sq_tokvec *v)
{
	free(v->t);
	free(v->len);
}

/* The tokenizer for a node's key; NULL for exact (long/double) keys. */
static const struct sq_tok *
sq_search_node_tok(const struct sq_ls *ls, uint32_t kid)
{
	if (kid == SQ_FULLTEXT)
		return &ls->ix->line;
	if (ls->kattr[kid].kc >= 0) {
		const struct sq_keycfg *kc = &ls->ix->keys[ls->kattr[kid].kc];

		return kc->type == SQ_LONG || kc->type == SQ_DOUBLE ? NULL : &kc->tok;
	}
	return &ls->ix->dflt;
}

static void
sq_search_node_tokens(const struct sq_ls *ls, const struct sq_node *nd, int wild,
    struct sq_tokvec *v)
{
	const struct sq_tok *tk = sq_search_node_tok(ls, nd->kid);

	if (tk == NULL) {
		const char *w = nd->word;
		size_t n = nd->wlen;

		while (n && isspace((unsigned char)*w))
			w++, n--;
		while (n && isspace((unsigned char)w[n - 1]))
			n--;
		if (n && n <= SQ_MAX_TOKEN)
			sq_search_tokvec_add(v, w, n);
		return;
	}
	sq_tok_split(tk, nd->word, nd->wlen, wild, sq_search_tokvec_add, v);
}

/* The key ids whose terms a node's lookups read: its key, and for a
 * full-text node each key whose full-text tokens live under it. */
static uint32_t *
sq_search_node_kids(const struct sq_ls *ls, const struct sq_node *nd, size_t *n)
{
	uint32_t *k = xmalloc(sizeof *k), cap = 1;

	k[0] = nd->kid;
	*n = 1;
	for (uint32_t kid = 1; nd->kid == SQ_FULLTEXT && kid < ls->keys.n; kid++) {
		if (!sq_index_ft_via_key(ls, kid) && !sq_index_ft_num(ls, kid))
			continue;
		if (*n == cap) {
			cap *= 2;
			k = xreallocarray(k, cap, sizeof *k);
		}
		k[(*n)++] = kid;
	}
	return k;
}

/* Token tok's rows under any of the keys kids into bm. */
static void
sq_search_eval_tok(const struct sq_eval *e, const uint32_t *kids, size_t nk, const char *tok,
    size_t tn, uint64_t *bm)
{
	if (memchr(tok, '*', tn) || memchr(tok, '?', tn)) {
		for (uint32_t t = 0; t < e->ls->tx.nterms; t++) {
			const struct sq_term *te = sq_terms_at(e->ls, t);
			int mine = te->kid == kids[0];

			if (!mine && kids[0] == SQ_FULLTEXT && te->kid != SQ_FULLTEXT)
				mine = sq_index_ft_via_key(e->ls, te->kid) ||
				    (sq_index_ft_num(e->ls, te->kid) &&
				    sq_index_ft_simple(e->ls, sq_term_tok(te), te->len));
			if (mine && sq_search_glob(tok, tn, sq_term_tok(te), te->len))
				sq_search_bm_posts(bm, te, e->nrows);
		}
		return;
	}
	for (size_t k = 0; k < nk; k++) {
		const struct sq_term *te = sq_terms_find(e->ls, kids[k], tok, tn);

		if (te != NULL)
			sq_search_bm_posts(bm, te, e->nrows);
	}
}

/* Rows holding every token of the node's word. */
static uint64_t *
sq_search_eval_term(const struct sq_eval *e, const struct sq_node *nd)
{
	struct sq_tokvec v = { 0 };
	uint64_t *acc = NULL;
	uint32_t *kids;
	size_t nk;

	if (nd->kid == UINT32_MAX)
		return sq_search_bm_new(e);
	sq_search_node_tokens(e->ls, nd, 1, &v);
	kids = sq_search_node_kids(e->ls, nd, &nk);
	for (size_t i = 0; i < v.n; i++) {
		uint64_t *bm = sq_search_bm_new(e);

		sq_search_eval_tok(e, kids, nk, v.t[i], v.len[i], bm);
		if (acc == NULL) {
			acc = bm;
		} else {
			for (size_t w = 0; w < e->words; w++)
				acc[w] &= bm[w];
			free(bm);
		}
	}
	free(kids);
	sq_search_tokvec_free(&v);
	return acc ? acc : sq_search_bm_new(e);
}

struct sq_phrasectx {
	const struct sq_eval *e;
	const struct sq_node *nd;
	const struct sq_tokvec *want;
	const struct sq_tok *tk;
	int found;
};

static int
sq_search_phrase_value(void *ctx, uint32_t kid, const char *v, size_t n)
{
	struct sq_phrasectx *c = ctx;
	const struct sq_ls *ls = c->e->ls;
	struct sq_tokvec got = { 0 };

	if (c->nd->kid == SQ_FULLTEXT ? !ls->kattr[kid].ft : kid != c->nd->kid)
		return 0;
	sq_tok_split(c->tk, v, n, 0, sq_search_tokvec_add, &got);
	for (size_t i = 0; i + c->want->n <= got.n && !c->found; i++) {
		size_t j = 0;

		while (j < c->want->n && got.len[i + j] == c->want->len[j] &&
		    memcmp(got.t[i + j], c->want->t[j], got.len[i + j]) == 0)
			j++;
		c->found = j == c->want->n;
	}
	sq_search_tokvec_free(&got);
	return c->found;
}

static uint64_t *
sq_search_eval_phrase(const struct sq_eval *e, const struct sq_node *nd)
{
	uint64_t *bm = sq_search_eval_term(e, nd);
	struct sq_tokvec want = { 0 };
	const struct sq_tok *tk;

	if (nd->kid == UINT32_MAX || (tk = sq_search_node_tok(e->ls, nd->kid)) == NULL)
		return bm;
	sq_tok_split(tk, nd->word, nd->wlen, 0, sq_search_tokvec_add, &want);
	for (uint32_t i = e->lo; i < e->hi && want.n > 1; i++) {
		uint32_t r = e->ls->order[i];
		struct sq_phrasectx c = { e, nd, &want, tk, 0 };

		if (!(bm[r >> 6] >> (r & 63) & 1))
			continue;
		sq_model_rec_walk(e->ls, e->ls->rows[r].rec, sq_search_phrase_value, &c);
		if (!c.found)
			sq_model_rec_walk(e->ls, e->ls->groups[e->ls->rows[r].group].rec,
			    sq_search_phrase_value, &c);
		if (!c.found)
			bm[r >> 6] &= ~(1ull << (r & 63));
	}
	sq_search_tokvec_free(&want);
	return bm;
}

static int
sq_search_cmp_ok(const struct sq_node *nd, double x)
{
	switch (nd->kind == N_RANGE ? -1 : (int)nd->op) {
	case OP_GT: return x > nd->a;
	case OP_GE: return x >= nd->a;
	case OP_LT: return x < nd->a;
	case OP_LE: return x <= nd->a;
	case OP_EQ: return x == nd->a;
	default:
		return (nd->a_incl ? x >= nd->a : x > nd->a) && (nd->b_incl ? x <= nd->b : x < nd->b);
	}
}

static uint64_t *
sq_search_eval_cmp(const struct sq_eval *e, const struct sq_node *nd)
{
	uint64_t *bm = sq_search_bm_new(e);
	char buf[64];

	if (nd->kid == UINT32_MAX)
		return bm;
	for (uint32_t i = e->lo; i < e->hi; i++) {
		uint32_t r = e->ls->order[i];
		const char *v;
		size_t n;
		double x;
		char *end;

		if (nd->kid == e->ls->k_time) {
			x = (double)e->ls->rows[r].time;
		} else {
			if (!sq_model_row_get(e->ls, r, nd->kid, &v, &n) || n == 0 || n >= sizeof buf)
				continue;
			memcpy(buf, v, n);
			buf[n] = '\0';
			x = strtod(buf, &end);
			while (isspace((unsigned char)*end))
				end++;
			if (*end != '\0' || end == buf)
				continue;
		}
		if (sq_search_cmp_ok(nd, x))
			bm[r >> 6] |= 1ull << (r & 63);
	}
	return bm;
}

static uint64_t *sq_search_eval_node(const struct sq_eval *e, const struct sq_node *nd);

/* An and/or chain, operand by operand into one accumulator (the recursion
 * is over nesting, bounded by SQ_MAX_QUERY_DEPTH, never over the chain). */
static uint64_t *
sq_search_eval_chain(const struct sq_eval *e, const struct sq_node *nd)
{
	uint64_t *a = NULL, *b;

	for (size_t i = 0; i < nd->nkids; i++) {
		b = sq_search_eval_node(e, nd->kids[i]);
		if (a == NULL) {
			a = b;
			continue;
		}
		for (size_t w = 0; w < e->words; w++)
			a[w] = nd->kind == N_AND ? a[w] & b[w] : a[w] | b[w];
		free(b);
	}
	return a ? a : sq_search_bm_new(e);
}

static uint64_t *
sq_search_eval_node(const struct sq_eval *e, const struct sq_node *nd)
{
	uint64_t *a;

	switch (nd->kind) {
	case N_ALL:
		a = sq_search_bm_new(e);
		memset(a, 0xff, e->words * sizeof *a);
		return a;
	case N_TERM:
		return sq_search_eval_term(e, nd);
	case N_PHRASE:
		return sq_search_eval_phrase(e, nd);
	case N_CMP:
	case N_RANGE:
		return sq_search_eval_cmp(e, nd);
	case N_NOT:
		a = sq_search_eval_node(e, nd->l);
		for (size_t w = 0; w < e->words; w++)
			a[w] = ~a[w];
		return a;
	case N_AND:
	case N_OR:
		return sq_search_eval_chain(e, nd);
	}
	return sq_search_bm_new(e);
}

uint64_t *
sq_search_eval(struct sq_ls *ls, const struct sq_search *s, uint32_t lo, uint32_t hi,
    uint32_t nrows)
{
	struct sq_eval e = { ls, lo, hi, nrows, ((size_t)nrows + 63) / 64 };

	return sq_search_eval_node(&e, s->root);
}
