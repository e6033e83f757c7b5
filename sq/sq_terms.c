/*
 * sq_terms — a logstore's inverted index (see sq_int.h): the terms, kept
 * in blocks of SQ_TBLK terms of 32 bytes (a term never straddles two cache
 * lines, and the index grows a block at a time: no copy of every term when
 * it grows), the slot table that finds a (key id, token), the posting
 * lists, and the batch that posts the tokens of many rows as a pipeline.
 * sq_model.c decides which tokens a row has; this file keeps them.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "base/arena.h"
#include "base/varint.h"
#include "base/xalloc.h"
#include "sq/sq_int.h"

_Static_assert(sizeof(struct sq_term) == 32, "a term is half a cache line");

/* A slot holds the hash's high half (so most probes never touch the term)
 * and the term id + 1; 0 is empty. */
#define SQ_SLOT(h, t) (((h) & 0xffffffff00000000ull) | (uint64_t)((t) + 1))
#define SQ_TAG(h) ((h) & 0xffffffff00000000ull)

void
sq_terms_init(struct sq_termix *tx)
{
	memset(tx, 0, sizeof *tx);
	tx->tarena = arena_new(256 * 1024);
}

void
sq_terms_free(struct sq_ls *ls)
{
	for (uint32_t i = 0; i < ls->tx.nterms; i++)
		free(sq_terms_at(ls, i)->post);
	for (uint32_t b = 0; b < ls->tx.captblk && ls->tx.tblk[b] != NULL; b++)
		free(ls->tx.tblk[b]);
	free(ls->tx.tblk);
	free(ls->tx.tslot);
	free(ls->tx.vt);
	free(ls->tx.vtids);
	arena_free(ls->tx.tarena);
	memset(&ls->tx, 0, sizeof ls->tx);
}

/* The slot table: zeroed; a large one on huge pages where the system
 * gives them (each lookup is a random access into it: fewer TLB misses). */
static uint64_t *
sq_terms_slots_new(uint32_t ns)
{
	size_t bytes = (size_t)ns * sizeof(uint64_t), huge = (size_t)2 << 20;
	void *p = NULL;

	if (bytes < huge || posix_memalign(&p, huge, bytes) != 0)
		return xcalloc(ns, sizeof(uint64_t));
#ifdef MADV_HUGEPAGE
	(void)madvise(p, bytes, MADV_HUGEPAGE);
#endif
	memset(p, 0, bytes);
	return p;
}

/* Every term into a table twice the size: the hashes of a run of terms
 * first and their slots fetched, then placed (the writes are random). */
static void
sq_terms_rehash(struct sq_ls *ls)
{
	uint32_t ns = ls->tx.ntslot ? ls->tx.ntslot * 2 : 1024;
	uint64_t h[32];

	free(ls->tx.tslot);
	ls->tx.tslot = sq_terms_slots_new(ns);
	ls->tx.ntslot = ns;
	for (uint32_t t0 = 0; t0 < ls->tx.nterms; t0 += 32) {
		uint32_t k = ls->tx.nterms - t0 < 32 ? ls->tx.nterms - t0 : 32;

		for (uint32_t j = 0; j < k; j++) {
			const struct sq_term *e = sq_terms_at(ls, t0 + j);

			h[j] = sq_hash(e->kid, sq_term_tok(e), e->len); /* not kept: 8 bytes a term */
			__builtin_prefetch(&ls->tx.tslot[(uint32_t)h[j] & (ns - 1)], 1);
		}
		for (uint32_t j = 0; j < k; j++) {
			uint32_t i = (uint32_t)h[j] & (ns - 1);

			while (ls->tx.tslot[i])
				i = (i + 1) & (ns - 1);
			ls->tx.tslot[i] = SQ_SLOT(h[j], t0 + j);
		}
	}
}

/* Room for n more terms in the slot table (at most 3/4 full). */
static void
sq_terms_room(struct sq_ls *ls, uint32_t n)
{
	while ((uint64_t)(ls->tx.nterms + n) * 4 > (uint64_t)ls->tx.ntslot * 3)
		sq_terms_rehash(ls);
}

/* The slot of (kid, tok) of hash h: its term's, or the empty one where it
 * goes. The tag (32 bits of the hash) rules out all but the term sought
 * nearly always, so the bytes are compared only then. */
static uint32_t
sq_terms_slot(const struct sq_ls *ls, uint64_t h, uint32_t kid, const char *tok, size_t n)
{
	uint32_t i = (uint32_t)h & (ls->tx.ntslot - 1);
	uint64_t in = 0;

	if (n <= sizeof in)
		memcpy(&in, tok, n); /* a short term's bytes, zero-padded as kept */
	for (;; i = (i + 1) & (ls->tx.ntslot - 1)) {
		uint64_t s = ls->tx.tslot[i], ein;
		const struct sq_term *e;

		if (s == 0)
			return i;
		if (SQ_TAG(s) != SQ_TAG(h))
			continue;
		e = sq_terms_at(ls, (uint32_t)s - 1);
		if (e->kid != kid || e->len != n)
			continue;
		if (n > sizeof in ? memcmp(e->tok.p, tok, n) == 0 :
		    (memcpy(&ein, e->tok.in, sizeof ein), ein == in))
			return i;
	}
}

const struct sq_term *
sq_terms_find(const struct sq_ls *ls, uint32_t kid, const char *tok, size_t n)
{
	uint64_t s;

	if (ls->tx.ntslot == 0)
		return NULL;
	s = ls->tx.tslot[sq_terms_slot(ls, sq_hash(kid, tok, n), kid, tok, n)];
	return s ? sq_terms_at(ls, (uint32_t)s - 1) : NULL;
}

/* A new term, its id in *t: a block more when the last is full. */
static struct sq_term *
sq_terms_new(struct sq_ls *ls, uint32_t *t)
{
	uint32_t b = ls->tx.nterms >> SQ_TBLK_BITS;

	if (b == ls->tx.captblk) {
		uint32_t cap = ls->tx.captblk ? 2 * ls->tx.captblk : 16;

		ls->tx.tblk = xreallocarray(ls->tx.tblk, cap, sizeof *ls->tx.tblk);
		memset(ls->tx.tblk + ls->tx.captblk, 0, (cap - ls->tx.captblk) * sizeof *ls->tx.tblk);
		ls->tx.captblk = cap;
	}
	if (ls->tx.tblk[b] == NULL)
		ls->tx.tblk[b] = xmalloc(sizeof(struct sq_term) << SQ_TBLK_BITS);
	*t = ls->tx.nterms++;
	return sq_terms_at(ls, *t);
}

/* Room in term e's list for one more varint. */
static struct sq_plist *
sq_terms_list_room(struct sq_term *e)
{
	struct sq_plist *pl = e->post;

	if (pl == NULL) {
		pl = xmalloc(sizeof *pl + 16);
		pl->cap = 16;
		pl->nb = (uint32_t)(varint_put(pl->b, (uint64_t)e->last << 1) - pl->b);
		e->post = pl;
	} else if (pl->cap - pl->nb < 10) {
		uint32_t cap = pl->cap < (1u << 30) ? pl->cap * 2 : pl->cap + (1u << 30);

		pl = xrealloc(pl, sizeof *pl + cap);
		pl->cap = cap;
		e->post = pl;
	}
	return pl;
}

/* Rows last + 1 .. last + k into term e's list: a run there grows by k,
 * else a run of k follows. */
static void
sq_terms_post_after(struct sq_term *e, uint32_t k)
{
	struct sq_plist *pl = sq_terms_list_room(e);
	uint32_t at = pl->nb - 1;
	uint64_t v;

	/* the last varint starts after the byte before it that ends one (high
	 * bit clear) */
	while (at > 0 && pl->b[at - 1] & 0x80)
		at--;
	(void)varint_get_trusted(pl->b + at, &v);
	if (v & 1)
		pl->nb = (uint32_t)(varint_put(pl->b + at, v + 2 * (uint64_t)k) - pl->b);
	else
		pl->nb = (uint32_t)(varint_put(pl->b + pl->nb, (uint64_t)k << 1 | 1) - pl->b);
	e->last += k;
	e->n += k;
}

void
sq_terms_post_id(struct sq_ls *ls, uint32_t t, uint32_t row)
{
	struct sq_term *e = sq_terms_at(ls, t);
	struct sq_plist *pl;

	if (row <= e->last)
		return; /* in already (a group's fields post its rows at once) */
	if (row == e->last + 1) {
		sq_terms_post_after(e, 1);
		return;
	}
	pl = sq_terms_list_room(e);
	pl->nb = (uint32_t)(varint_put(pl->b + pl->nb, (uint64_t)(row - e->last) << 1) - pl->b);
	e->last = row;
	e->n++;
}

void
sq_terms_post_more(struct sq_ls *ls, uint32_t t, uint32_t row, uint32_t k)
{
	struct sq_term *e = sq_terms_at(ls, t);

	if (k > 0 && e->last == row)
		sq_terms_post_after(e, k);
}

/* Row under (kid, token) of hash h, the slot table with room for one
 * more: the term's id (made when new). */
static uint32_t
sq_terms_post_h(struct sq_ls *ls, uint32_t kid, const char *tok, size_t n, uint64_t h,
    uint32_t row)
{
	uint32_t i = sq_terms_slot(ls, h, kid, tok, n), t;
	struct sq_term *e;

	if (ls->tx.tslot[i] != 0) {
		t = (uint32_t)ls->tx.tslot[i] - 1;
		sq_terms_post_id(ls, t, row);
		return t;
	}
	e = sq_terms_new(ls, &t);
	memset(e, 0, sizeof *e);
	e->kid = kid;
	e->len = (uint16_t)n;
	if (n <= sizeof e->tok.in)
		memcpy(e->tok.in, tok, n);
	else
		e->tok.p = arena_memdup(ls->tx.tarena, tok, n);
	e->last = row; /* a single posting lives in the term itself */
	e->n = 1;
	ls->tx.tslot[i] = SQ_SLOT(h, t);
	return t;
}

uint32_t
sq_terms_post(struct sq_ls *ls, uint32_t kid, const char *tok, size_t n, uint32_t row)
{
	sq_terms_room(ls, 1);
	return sq_terms_post_h(ls, kid, tok, n, sq_hash(kid, tok, n), row);
}

/* ---- the batch ---------------------------------------------------------- */

static struct sq_btok *
sq_terms_batch_next(struct sq_tokbatch *tb)
{
	if (tb->n == tb->cap) {
		tb->cap = tb->cap ? 2 * tb->cap : 256;
		tb->e = xreallocarray(tb->e, tb->cap, sizeof *tb->e);
	}
	return &tb->e[tb->n++];
}

void
sq_terms_batch_add(struct sq_tokbatch *tb, uint32_t kid, const char *tok, size_t n, uint32_t row)
{
	struct sq_btok *e = sq_terms_batch_next(tb);

	if (tb->nb + n > tb->capb) {
		tb->capb = tb->nb + n > 2 * tb->capb ? tb->nb + n : 2 * tb->capb;
		tb->b = xrealloc(tb->b, tb->capb);
	}
	memcpy(tb->b + tb->nb, tok, n);
	e->kid = kid;
	e->off = (uint32_t)tb->nb;
	e->len = (uint32_t)n;
	e->row = row;
	e->dst = SQ_VT_NONE;
	e->h = sq_hash(kid, tok, n);
	tb->nb += n;
}

void
sq_terms_batch_add_id(struct sq_tokbatch *tb, uint32_t t, uint32_t row)
{
	struct sq_btok *e = sq_terms_batch_next(tb);

	e->kid = SQ_BATCH_ID;
	e->off = t;
	e->row = row;
	e->dst = SQ_VT_NONE;
}

void
sq_terms_batch_free(struct sq_tokbatch *tb)
{
	free(tb->e);
	free(tb->b);
	memset(tb, 0, sizeof *tb);
}

/* The term an entry's first slot holds when its tag matches, or NULL (a
 * new term, or one further along its probe). */
static inline const struct sq_term *
sq_terms_batch_term(const struct sq_ls *ls, const struct sq_btok *e, uint32_t mask)
{
	uint64_t sl = ls->tx.tslot[(uint32_t)e->h & mask];
	if (sl == 0 || SQ_TAG(sl) != SQ_TAG(e->h))
		return NULL;
	return sq_terms_at(ls, (uint32_t)sl - 1);
}

/* The pipeline's three steps ahead of the entry being posted: its slot,
 * then its term, then its token's bytes and its list. */
#define SQ_PF_SLOT 96u
#define SQ_PF_TERM 48u
#define SQ_PF_POST 16u

void
sq_terms_batch_post(struct sq_ls *ls, struct sq_tokbatch *tb)
{
	uint32_t mask, n = tb->n;

	sq_terms_room(ls, n);
	mask = ls->tx.ntslot - 1;
	for (uint32_t i = 0; i < n; i++) {
		const struct sq_btok *e = &tb->e[i];
		const struct sq_term *t;
		uint32_t t_id;

		if (i + SQ_PF_SLOT < n && e[SQ_PF_SLOT].kid != SQ_BATCH_ID)
			__builtin_prefetch(&ls->tx.tslot[(uint32_t)e[SQ_PF_SLOT].h & mask]);
		if (i + SQ_PF_TERM < n && (t = sq_terms_batch_term(ls, &e[SQ_PF_TERM], mask)))
			__builtin_prefetch(t);
		if (i + SQ_PF_POST < n && (t = sq_terms_batch_term(ls, &e[SQ_PF_POST], mask))) {
			if (t->len > sizeof t->tok.in)
				__builtin_prefetch(t->tok.p);
			if (t->post)
				__builtin_prefetch(t->post, 1);
		}
		if (e->kid == SQ_BATCH_ID) {
			sq_terms_post_id(ls, e->off, e->row);
			continue;
		}
		t_id = sq_terms_post_h(ls, e->kid, tb->b + e->off, e->len, e->h, e->row);
		if (e->dst != SQ_VT_NONE)
			ls->tx.vtids[e->dst] = t_id;
	}
	tb->n = 0;
	tb->nb = 0;
	ls->tx.vtgen++;
}

/* ---- known values ------------------------------------------------------- */

struct sq_vterm {
	uint32_t kid, vid;    /* vid + 1: 0 is an empty slot */
	uint32_t off;         /* its term ids: vtids[off, off + n) */
	uint16_t n;
	uint16_t never;       /* too many tokens: not kept */
	uint32_t gen;         /* the batch its tokens went in (vtgen then) */
};

#define SQ_VT_MAX (1u << 20)  /* known values at most */
#define SQ_VT_TOKENS 64u      /* tokens a known value has at most */

static uint32_t
sq_terms_vals_slot(const struct sq_ls *ls, uint32_t kid, uint32_t vid)
{
	uint64_t h = ((uint64_t)kid << 32 | vid) * 0x9E3779B97F4A7C15ull;
	uint32_t mask = ls->tx.capvt - 1, i = (uint32_t)(h >> 32) & mask;

	while (ls->tx.vt[i].vid != 0 && (ls->tx.vt[i].kid != kid || ls->tx.vt[i].vid != vid + 1))
		i = (i + 1) & mask;
	return i;
}

static void
sq_terms_vals_grow(struct sq_ls *ls)
{
	struct sq_vterm *old = ls->tx.vt;
	uint32_t ocap = ls->tx.capvt;

	ls->tx.capvt = ocap ? 2 * ocap : 1024;
	ls->tx.vt = xcalloc(ls->tx.capvt, sizeof *ls->tx.vt);
	for (uint32_t i = 0; i < ocap; i++)
		if (old[i].vid != 0)
			ls->tx.vt[sq_terms_vals_slot(ls, old[i].kid, old[i].vid - 1)] = old[i];
	free(old);
}

int
sq_terms_vals_post(struct sq_ls *ls, struct sq_tokbatch *tb, uint32_t kid, uint32_t vid,
    uint32_t row)
{
	const struct sq_vterm *v;

	if (ls->tx.capvt == 0)
		return 0;
	v = &ls->tx.vt[sq_terms_vals_slot(ls, kid, vid)];
	if (v->vid == 0 || v->never || v->gen == ls->tx.vtgen)
		return 0; /* unknown, too long, or its ids not in yet */
	for (uint32_t i = 0; i < v->n; i++)
		sq_terms_batch_add_id(tb, ls->tx.vtids[v->off + i], row);
	return 1;
}

uint32_t
sq_terms_vals_begin(struct sq_ls *ls, struct sq_tokbatch *tb, uint32_t kid, uint32_t vid)
{
	uint32_t i;

	if (ls->tx.nvt >= SQ_VT_MAX)
		return SQ_VT_NONE;
	if ((uint64_t)(ls->tx.nvt + 1) * 2 > ls->tx.capvt)
		sq_terms_vals_grow(ls);
	i = sq_terms_vals_slot(ls, kid, vid);
	if (ls->tx.vt[i].vid != 0)
		return SQ_VT_NONE; /* its ids not in yet, or too long: tokenized as any */
	/* off holds where its entries start in the batch until the end */
	ls->tx.vt[i] = (struct sq_vterm){ kid, vid + 1, tb->n, 0, 0, ls->tx.vtgen };
	ls->tx.nvt++;
	return i;
}

void
sq_terms_vals_end(struct sq_ls *ls, struct sq_tokbatch *tb, uint32_t v)
{
	struct sq_vterm *vt;
	uint32_t n;

	if (v == SQ_VT_NONE)
		return;
	vt = &ls->tx.vt[v];
	n = tb->n - vt->off;
	if (n > SQ_VT_TOKENS) {
		vt->never = 1;
		return;
	}
	if (ls->tx.nvtids + n > ls->tx.capvtids) {
		ls->tx.capvtids = ls->tx.capvtids ? 2 * ls->tx.capvtids : 1024;
		if (ls->tx.capvtids < ls->tx.nvtids + n)
			ls->tx.capvtids = ls->tx.nvtids + n;
		ls->tx.vtids = xreallocarray(ls->tx.vtids, ls->tx.capvtids, sizeof *ls->tx.vtids);
	}
	for (uint32_t i = 0; i < n; i++)
		tb->e[vt->off + i].dst = ls->tx.nvtids + i;
	vt->off = ls->tx.nvtids;
	vt->n = (uint16_t)n;
	ls->tx.nvtids += n;
}
