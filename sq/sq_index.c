/*
 * sq_index — what a logstore's rows give its inverted index (the terms are
 * kept by sq_terms.c): a row's contents tokenized per its key's config and
 * the line's (a text key tokenized as the line, and a numeric key's one-
 * token values, serve the full-text index themselves), its group's fields
 * posted for all the group's rows at once, known values; and the re-index
 * on an index change, built beside the live index and swapped in.
 */
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "sq/sq_int.h"

/* ---- a row's tokens --------------------------------------------------- */

#define SQ_BATCH_MAX 8192u    /* batched entries posted at a time */

int
sq_index_ft_num(const struct sq_ls *ls, uint32_t kid)
{
	return ls->ix != NULL && ls->kattr[kid].ft && ls->kattr[kid].kc >= 0 &&
	    (ls->ix->keys[ls->kattr[kid].kc].type == SQ_LONG ||
	    ls->ix->keys[ls->kattr[kid].kc].type == SQ_DOUBLE);
}

int
sq_index_ft_simple(const struct sq_ls *ls, const char *v, size_t n)
{
	const struct sq_tok *line = &ls->ix->line;

	if (n == 0 || n > SQ_MAX_TOKEN || n > ls->ix->max_text_len)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char b = (unsigned char)v[i];

		if (b >= 0x80 || b == ' ' || b == '\t' || line->delim[b] ||
		    (!line->case_sensitive && b >= 'A' && b <= 'Z'))
			return 0;
	}
	return 1;
}

int
sq_index_ft_via_key(const struct sq_ls *ls, uint32_t kid)
{
	return ls->ix != NULL && ls->kattr[kid].ft && ls->kattr[kid].kc >= 0 &&
	    ls->ix->keys[ls->kattr[kid].kc].ft_shared;
}

static void
sq_index_gterms_free(struct sq_gterms *gt)
{
	free(gt->t);
	sq_terms_batch_free(&gt->tb);
}

struct sq_postctx {
	struct sq_ls *ls;
	uint32_t kid, row;
	uint32_t vid;           /* the value's id in ls->vals, or SQ_VT_NONE */
	struct sq_gterms *gt;   /* group fields: their term ids go here too */
	struct sq_tokbatch *tb; /* contents: tokens gathered here, posted a row at once */
};

static void
sq_index_post_tok(void *ctx, const char *tok, size_t n)
{
	struct sq_postctx *c = ctx;
	uint32_t t;

	if (c->tb) {
		sq_terms_batch_add(c->tb, c->kid, tok, n, c->row);
		return;
	}
	t = sq_terms_post(c->ls, c->kid, tok, n, c->row);

	if (c->gt) {
		if (c->gt->n == c->gt->cap) {
			c->gt->cap = c->gt->cap ? 2 * c->gt->cap : 16;
			c->gt->t = xreallocarray(c->gt->t, c->gt->cap, sizeof *c->gt->t);
		}
		c->gt->t[c->gt->n++] = t;
	}
}

static void
sq_index_trim(const char **v, size_t *n)
{
	while (*n && (**v == ' ' || **v == '\t'))
		(*v)++, (*n)--;
	while (*n && ((*v)[*n - 1] == ' ' || (*v)[*n - 1] == '\t'))
		(*n)--;
}

static int
sq_index_content(void *ctx, uint32_t kid, const char *v, size_t n)
{
	struct sq_postctx *c = ctx;
	struct sq_ls *ls = c->ls;
	const struct sq_index *ix = ls->ix;
	size_t cut = n > ix->max_text_len ? ix->max_text_len : n;
	struct sq_postctx pc = { ls, SQ_FULLTEXT, c->row, SQ_VT_NONE, NULL, c->tb };
	uint32_t learn = SQ_VT_NONE;

	if (c->vid != SQ_VT_NONE) {
		if (sq_terms_vals_post(ls, c->tb, kid, c->vid, c->row))
			return 0;
		learn = sq_terms_vals_begin(ls, c->tb, kid, c->vid);
	}
	/* a numeric key's value that is one full-text token as it is (a
	 * status, a size) serves the full-text index under the key
	 * (sq_index_ft_num): not copied */
	if (ls->kattr[kid].ft && !sq_index_ft_via_key(ls, kid) &&
	    !(sq_index_ft_num(ls, kid) && sq_index_ft_simple(ls, v, n)))
		sq_tok_split(&ix->line, v, cut, 0, sq_index_post_tok, &pc);
	if (ls->kattr[kid].kc >= 0) {
		const struct sq_keycfg *kc = &ix->keys[ls->kattr[kid].kc];

		pc.kid = kid;
		if (kc->type == SQ_LONG || kc->type == SQ_DOUBLE) {
			sq_index_trim(&v, &n);
			if (n && n <= SQ_MAX_TOKEN)
				sq_terms_batch_add(c->tb, kid, v, n, c->row);
		} else {
			sq_tok_split(&kc->tok, v, cut, 0, sq_index_post_tok, &pc);
		}
	}
	sq_terms_vals_end(ls, c->tb, learn);
	return 0;
}

static int
sq_index_groupfield(void *ctx, uint32_t kid, const char *v, size_t n)
{
	struct sq_postctx *c = ctx;
	struct sq_postctx pc = { c->ls, kid, c->row, SQ_VT_NONE, c->gt, NULL };
	const struct sq_keycfg *kc = c->ls->kattr[kid].kc >= 0 ?
	    &c->ls->ix->keys[c->ls->kattr[kid].kc] : NULL;

	sq_tok_split(kc ? &kc->tok : &c->ls->ix->dflt, v, n, 0, sq_index_post_tok, &pc);
	return 0;
}

/* Row r into the index: its fields, then its group's. The tokens are
 * gathered in gt's batch and posted SQ_BATCH_MAX at a time;
 * sq_index_end posts the rest. A group's fields are the same for
 * each of its rows (which are consecutive): at its first row they are
 * posted for all of them at once, after what the batch holds, so every
 * list gets its rows in ascending order. */
void
sq_index_row(struct sq_ls *ls, uint32_t r, struct sq_gterms *gt)
{
	struct sq_postctx c = { ls, 0, r, SQ_VT_NONE, NULL, &gt->tb };
	uint32_t g = ls->rows[r].group, end;

	if (ls->ix == NULL)
		return;
	/* each value that refers to ls->vals with its id: a known value */
	sq_model_rec_walk_vid(ls, ls->rows[r].rec, sq_index_content, &c, &c.vid);
	if (!gt->valid || gt->group != g) {
		sq_terms_batch_post(ls, &gt->tb);
		c.tb = NULL;
		gt->n = 0;
		gt->group = g;
		gt->valid = 1;
		c.gt = gt;
		sq_model_rec_walk(ls, ls->groups[g].rec, sq_index_groupfield, &c);
		end = ls->groups[g].row0 + ls->groups[g].nrows;
		for (size_t i = 0; i < gt->n && end > r + 1; i++)
			sq_terms_post_more(ls, gt->t[i], r, end - r - 1);
	}
	if (gt->tb.n >= SQ_BATCH_MAX)
		sq_terms_batch_post(ls, &gt->tb);
}

/* The end of a run of sq_index_row: what is batched is posted. */
void
sq_index_end(struct sq_ls *ls, struct sq_gterms *gt)
{
	if (gt->tb.n)
		sq_terms_batch_post(ls, &gt->tb);
	sq_index_gterms_free(gt);
}

/* ---- index changes and the rebuild -------------------------------------- */

/* The rebuild in two steps, so queries of the logstore go on meanwhile:
 * sq_index_build (read lock held: it only reads the rows and the
 * keys) indexes every row with the new config into a shadow of the term
 * index, sq_index_install (write lock, a moment) swaps it in and
 * indexes what came meanwhile. */
struct sq_ixbuild {
	struct sq_ls sh;      /* the shadow: rows, keys, chunks shared read-only */
	uint32_t nrows, nkeys; /* what it covers */
};

struct sq_ixbuild *
sq_index_build(const struct sq_ls *ls, struct sq_index *ix)
{
	struct sq_ixbuild *b = xcalloc(1, sizeof *b);
	struct sq_ls *sh = &b->sh;

	*sh = *ls;
	sh->ix = ix;
	sq_terms_init(&sh->tx);
	sh->kattr = xcalloc(ls->capkattr ? ls->capkattr : 1, sizeof *sh->kattr);
	b->nrows = ls->nrows;
	b->nkeys = ls->keys.n;
	for (uint32_t k = 0; k < b->nkeys; k++)
		sq_model_kattr_set(sh, k);
	/* configured keys the rows already have (the others get their id at
	 * install): one pass, the last of equal names wins */
	if (ix != NULL)
		for (size_t i = 0; i < ix->nkeys; i++) {
			uint32_t kid = sq_model_dict_find(&ls->keys, ix->keys[i].name,
			    strlen(ix->keys[i].name));

			if (kid != UINT32_MAX && kid != SQ_FULLTEXT)
				sh->kattr[kid].kc = (int32_t)i;
		}
	{
		struct sq_gterms gt = { 0 };

		for (uint32_t r = 0; r < b->nrows; r++)
			sq_index_row(sh, r, &gt);
		sq_index_end(sh, &gt);
	}
	return b;
}

void
sq_index_install(struct sq_ls *ls, struct sq_ixbuild *b)
{
	struct sq_ls *sh = &b->sh;
	struct sq_index *ix = sh->ix;

	sq_terms_free(ls);
	sq_tok_index_free(ls->ix);
	free(ls->kattr);
	ls->ix = ix;
	ls->tx = sh->tx;
	ls->kattr = sh->kattr;
	if (ls->capkattr > b->sh.capkattr) /* keys came meanwhile */
		ls->kattr = xreallocarray(ls->kattr, ls->capkattr, sizeof *ls->kattr);
	for (uint32_t k = b->nkeys; k < ls->keys.n; k++)
		sq_model_kattr_set(ls, k);
	/* every configured key gets its id now (interned if no row has it
	 * yet; a key added later is not configured): the last of equal names
	 * wins, as in the build */
	if (ix != NULL)
		for (size_t i = 0; i < ix->nkeys; i++) {
			ix->keys[i].kid = sq_model_kid(ls, ix->keys[i].name);
			if (ix->keys[i].kid != SQ_FULLTEXT)
				ls->kattr[ix->keys[i].kid].kc = (int32_t)i;
		}
	{
		struct sq_gterms gt = { 0 };

		for (uint32_t r = b->nrows; r < ls->nrows; r++) /* indexed with the old config */
			sq_index_row(ls, r, &gt);
		sq_index_end(ls, &gt);
	}
	free(b);
}

