/*
 * sq_model — the query engine's in-memory model (see sq_int.h): logstores,
 * rows, groups, records, the time index; ingest (each row handed to
 * sq_index.c for its tokens). It reads no store: slsd's store feeds it
 * (sq_set_index, sq_ingest) at start and on every PutLogs.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/varint.h"
#include "base/xalloc.h"
#include "proto/pb.h"
#include "sq/sq_int.h"

/* ---- hashing and dictionaries ------------------------------------------ */

uint32_t
sq_model_dict_find(const struct sq_dict *d, const char *s, size_t n)
{
	if (d->nslot == 0)
		return UINT32_MAX;
	for (uint32_t i = (uint32_t)sq_hash(0, s,
	    n) & (d->nslot - 1);; i = (i + 1) & (d->nslot - 1)) {
		uint32_t id = d->slot[i];

		if (id == 0)
			return UINT32_MAX;
		id--;
		if (d->len[id] == n && memcmp(d->s[id], s, n) == 0)
			return id;
	}
}

static void
sq_model_dict_rehash(struct sq_dict *d)
{
	uint32_t ns = d->nslot ? d->nslot * 2 : 64;

	free(d->slot);
	d->slot = xcalloc(ns, sizeof *d->slot);
	d->nslot = ns;
	for (uint32_t id = 0; id < d->n; id++) {
		uint32_t i = (uint32_t)sq_hash(0, d->s[id], d->len[id]) & (ns - 1);

		while (d->slot[i])
			i = (i + 1) & (ns - 1);
		d->slot[i] = id + 1;
	}
}

uint32_t
sq_model_dict_add(struct sq_dict *d, const char *s, size_t n)
{
	uint32_t id = sq_model_dict_find(d, s, n);

	if (id != UINT32_MAX)
		return id;
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->s = xreallocarray(d->s, d->cap, sizeof *d->s);
		d->len = xreallocarray(d->len, d->cap, sizeof *d->len);
	}
	id = d->n++;
	d->s[id] = xmalloc(n + 1); /* not strndup: keys may hold NUL bytes */
	memcpy(d->s[id], s, n);
	d->s[id][n] = '\0';
	d->len[id] = (uint32_t)n;
	if ((uint64_t)d->n * 2 > d->nslot)
		sq_model_dict_rehash(d);
	else {
		uint32_t i = (uint32_t)sq_hash(0, s, n) & (d->nslot - 1);

		while (d->slot[i])
			i = (i + 1) & (d->nslot - 1);
		d->slot[i] = id + 1;
	}
	return id;
}

void
sq_model_dict_free(struct sq_dict *d)
{
	for (uint32_t i = 0; i < d->n; i++)
		free(d->s[i]);
	free(d->s);
	free(d->len);
	free(d->slot);
	memset(d, 0, sizeof *d);
}

/* ---- keys and their index attributes ----------------------------------- */

/* name in a set of include/exclude keys: one hash probe */
static int
sq_model_in_set(const struct sq_dict *d, const char *s, size_t n)
{
	return d != NULL && sq_model_dict_find(d, s, n) != UINT32_MAX;
}

/* Index attributes of key kid: its key config and whether the full-text
 * index covers it. */
void
sq_model_kattr_set(struct sq_ls *ls, uint32_t kid)
{
	const char *name = ls->keys.s[kid];
	struct sq_index *ix = ls->ix;

	ls->kattr[kid].kc = -1;   /* set by sq_model_set_index_locked, one pass */
	ls->kattr[kid].ft = 0;
	if (ix == NULL || kid == SQ_FULLTEXT)
		return;
	if (ix->has_line && strncmp(name, "__", 2) != 0)
		ls->kattr[kid].ft = (ix->nincl == 0 || sq_model_in_set(ix->iset, name,
		    ls->keys.len[kid])) && !sq_model_in_set(ix->eset, name, ls->keys.len[kid]);
}

uint32_t
sq_model_kid(struct sq_ls *ls, const char *name)
{
	return sq_model_kid_n(ls, name, strlen(name));
}

uint32_t
sq_model_kid_n(struct sq_ls *ls, const char *name, size_t n)
{
	uint32_t before = ls->keys.n;
	uint32_t kid = sq_model_dict_add(&ls->keys, name, n);

	if (ls->keys.n != before) {
		if (ls->keys.n > ls->capkattr) {
			ls->capkattr = ls->keys.cap;
			ls->kattr = xreallocarray(ls->kattr, ls->capkattr, sizeof *ls->kattr);
		}
		sq_model_kattr_set(ls, kid);
	}
	return kid;
}

const char *
sq_model_key_name(const struct sq_ls *ls, uint32_t kid, size_t *len)
{
	if (len)
		*len = ls->keys.len[kid];
	return ls->keys.s[kid];
}

const struct sq_keycfg *
sq_model_keycfg(const struct sq_ls *ls, const char *name, size_t n)
{
	uint32_t kid = sq_model_dict_find(&ls->keys, name, n);

	if (ls->ix == NULL)
		return NULL;
	if (kid != UINT32_MAX)
		return ls->kattr[kid].kc >= 0 ? &ls->ix->keys[ls->kattr[kid].kc] : NULL;
	for (size_t i = 0; i < ls->ix->nkeys; i++)
		if (strlen(ls->ix->keys[i].name) == n && memcmp(ls->ix->keys[i].name, name, n) == 0)
			return &ls->ix->keys[i];
	return NULL;
}

/* ---- logstores ---------------------------------------------------------- */

struct sq_ls *
sq_model_ls_new(int64_t id)
{
	struct sq_ls *ls = xcalloc(1, sizeof *ls);

	ls->id = id;
	sq_terms_init(&ls->tx);
	sq_model_kid(ls, "");
	ls->k_topic = sq_model_kid(ls, "__topic__");
	ls->k_source = sq_model_kid(ls, "__source__");
	ls->k_time = sq_model_kid(ls, "__time__");
	ls->k_ns = sq_model_kid(ls, "__time_ns_part__");
	ls->k_packid = sq_model_kid(ls, "__tag__:__pack_id__");
	ls->k_packmeta = sq_model_kid(ls, "__pack_meta__");
	return ls;
}

void
sq_model_ls_free(struct sq_ls *ls)
{
	sq_terms_free(ls);
	sq_tok_index_free(ls->ix);
	sq_model_dict_free(&ls->keys);
	sq_model_dict_free(&ls->topics);
	for (uint32_t i = 0; i < ls->packs.n; i++)
		free(ls->packv[i].g);
	sq_model_dict_free(&ls->packs);
	sq_model_dict_free(&ls->vals);
	free(ls->kval);
	for (uint32_t i = 0; i < ls->nshards; i++)
		free(ls->shards[i].g);
	for (uint32_t i = 0; i < ls->nchunks; i++)
		free(ls->chunks[i]);
	free(ls->chunks);
	free(ls->shards);
	free(ls->packv);
	free(ls->topic_rows);
	free(ls->kattr);
	free(ls->rows);
	free(ls->groups);
	free(ls->order);
	free(ls->tail);
	free(ls);
}

/* ---- records ------------------------------------------------------------ */

/* Space for a record of n bytes; *rec gets its address. */
static uint8_t *
sq_model_rec_alloc(struct sq_ls *ls, size_t n, uint64_t *rec)
{
	if (ls->nchunks == 0 || ls->chunk_used + n > ls->chunk_cap) {
		size_t cap = n > SQ_CHUNK ? n : SQ_CHUNK;

		if (ls->nchunks == ls->capchunks) {
			ls->capchunks = ls->capchunks ? ls->capchunks * 2 : 16;
			ls->chunks = xreallocarray(ls->chunks, ls->capchunks, sizeof *ls->chunks);
		}
		ls->chunks[ls->nchunks++] = xmalloc(cap);
		ls->chunk_cap = (uint32_t)cap;
		ls->chunk_used = 0;
	}
	*rec = (uint64_t)(ls->nchunks - 1) << 32 | ls->chunk_used;
	ls->chunk_used += (uint32_t)n;
	return ls->chunks[ls->nchunks - 1] + (*rec & 0xffffffffu);
}

struct sq_pair {
	uint32_t kid;
	const char *v;
	size_t n;
};

/* Values a key refers to in ls->vals: tried for its first SQ_VAL_TRY
 * values, kept up while at most one in SQ_VAL_NEW of its values is new (a
 * key of few distinct values: methods, statuses, user agents); a key of
 * mostly distinct values (addresses, ids) stops trying and copies them.
 * At most SQ_VAL_MAX values in all. */
#define SQ_VAL_TRY 4096u
#define SQ_VAL_NEW 8u
#define SQ_VAL_MAX (1u << 20)
#define SQ_VAL_LONG 256u      /* longer values are copied */

/* The id of value v of key kid in ls->vals, or UINT32_MAX: copy it. */
static uint32_t
sq_model_val_ref(struct sq_ls *ls, uint32_t kid, const char *v, size_t n)
{
	uint32_t id;

	if (n < 3 || n > SQ_VAL_LONG)
		return UINT32_MAX;
	if (kid >= ls->capkval) {
		uint32_t cap = kid + 1 > 2 * ls->capkval ? kid + 1 : 2 * ls->capkval;

		ls->kval = xreallocarray(ls->kval, cap, sizeof *ls->kval);
		memset(ls->kval + ls->capkval, 0, (cap - ls->capkval) * sizeof *ls->kval);
		ls->capkval = cap;
	}
	if (ls->kval[kid].looks >= SQ_VAL_TRY &&
	    ls->kval[kid].news * SQ_VAL_NEW > ls->kval[kid].looks)
		return UINT32_MAX; /* mostly distinct: tried enough */
	ls->kval[kid].looks++;
	if ((id = sq_model_dict_find(&ls->vals, v, n)) != UINT32_MAX)
		return id;
	if (ls->vals.n >= SQ_VAL_MAX)
		return UINT32_MAX;
	ls->kval[kid].news++;
	return sq_model_dict_add(&ls->vals, v, n);
}

static uint64_t
sq_model_rec_write(struct sq_ls *ls, const struct sq_pair *p, size_t np)
{
	size_t need = varint_len(np);
	uint32_t refv[64], *ref = np <= 64 ? refv : xmalloc(np * sizeof *ref);
	uint64_t rec;
	uint8_t *w;

	for (size_t i = 0; i < np; i++) {
		ref[i] = sq_model_val_ref(ls, p[i].kid, p[i].v, p[i].n);
		need += varint_len(p[i].kid) + (ref[i] != UINT32_MAX ?
		    varint_len((uint64_t)ref[i] << 1 | 1) : varint_len((uint64_t)p[i].n << 1) + p[i].n);
	}
	w = sq_model_rec_alloc(ls, need, &rec);
	w = varint_put(w, np);
	for (size_t i = 0; i < np; i++) {
		w = varint_put(w, p[i].kid);
		if (ref[i] != UINT32_MAX) {
			w = varint_put(w, (uint64_t)ref[i] << 1 | 1);
			continue;
		}
		w = varint_put(w, (uint64_t)p[i].n << 1);
		if (p[i].n)
			memcpy(w, p[i].v, p[i].n);
		w += p[i].n;
	}
	if (ref != refv)
		free(ref);
	return rec;
}

/* The value of a pair whose length word is x at *p; *p moves past it. */
static inline const char *
sq_model_rec_val(const struct sq_ls *ls, const uint8_t **p, uint64_t x, size_t *n)
{
	const char *v;

	if (x & 1) {
		*n = ls->vals.len[x >> 1];
		return ls->vals.s[x >> 1];
	}
	v = (const char *)*p;
	*n = (size_t)(x >> 1);
	*p += *n;
	return v;
}

void
sq_model_rec_walk_vid(const struct sq_ls *ls, uint64_t rec, sq_pair_fn fn, void *ctx,
    uint32_t *vid)
{
	const uint8_t *p = ls->chunks[rec >> 32] + (rec & 0xffffffffu);
	uint64_t np, kid, x;

	p = varint_get_trusted(p, &np);
	for (uint64_t i = 0; i < np; i++) {
		const char *v;
		size_t n;

		p = varint_get_trusted(p, &kid);
		p = varint_get_trusted(p, &x);
		v = sq_model_rec_val(ls, &p, x, &n);
		if (vid != NULL)
			*vid = x & 1 ? (uint32_t)(x >> 1) : SQ_VT_NONE;
		if (fn(ctx, (uint32_t)kid, v, n))
			break;
	}
	if (vid != NULL)
		*vid = SQ_VT_NONE;
}

void
sq_model_rec_walk(const struct sq_ls *ls, uint64_t rec, sq_pair_fn fn, void *ctx)
{
	sq_model_rec_walk_vid(ls, rec, fn, ctx, NULL);
}

static int
sq_model_rec_get(const struct sq_ls *ls, uint64_t rec, uint32_t want, const char **v, size_t *vn)
{
	const uint8_t *p = ls->chunks[rec >> 32] + (rec & 0xffffffffu);
	uint64_t np, kid, x;

	p = varint_get_trusted(p, &np);
	for (uint64_t i = 0; i < np; i++) {
		const char *val;
		size_t n;

		p = varint_get_trusted(p, &kid);
		p = varint_get_trusted(p, &x);
		val = sq_model_rec_val(ls, &p, x, &n);
		if (kid == want) {
			*v = val;
			*vn = n;
			return 1;
		}
	}
	return 0;
}

int
sq_model_row_get(const struct sq_ls *ls, uint32_t r, uint32_t kid, const char **v, size_t *n)
{
	const struct sq_row *row = &ls->rows[r];

	return sq_model_rec_get(ls, row->rec, kid, v, n) ||
	    sq_model_rec_get(ls, ls->groups[row->group].rec, kid, v, n);
}

/* ---- the time index ----------------------------------------------------- */

static int
sq_model_row_before(const struct sq_ls *ls, uint32_t a, uint32_t b)
{
	const struct sq_row *x = &ls->rows[a], *y = &ls->rows[b];

	if (x->time != y->time)
		return x->time < y->time;
	if (x->ns != y->ns)
		return x->ns < y->ns;
	return a < b;
}

static _Thread_local const struct sq_ls *sq_sort_ls; /* qsort context */

static int
sq_model_row_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x == y ? 0 : sq_model_row_before(sq_sort_ls, x, y) ? -1 : 1;
}

void
sq_model_ls_settle(struct sq_ls *ls)
{
	uint32_t *m, i = 0, j = 0, k = 0, n;

	if (ls->ntail == 0)
		return;
	sq_sort_ls = ls;
	qsort(ls->tail, ls->ntail, sizeof *ls->tail, sq_model_row_cmp);
	n = ls->norder + ls->ntail;
	m = xmalloc((size_t)n * sizeof *m);
	while (i < ls->norder && j < ls->ntail)
		m[k++] = sq_model_row_before(ls, ls->tail[j], ls->order[i]) ? ls->tail[j++] :
		    ls->order[i++];
	while (i < ls->norder)
		m[k++] = ls->order[i++];
	while (j < ls->ntail)
		m[k++] = ls->tail[j++];
	free(ls->order);
	ls->order = m;
	ls->norder = ls->caporder = n;
	ls->ntail = 0;
}

uint32_t
sq_model_order_lower(const struct sq_ls *ls, int64_t t)
{
	uint32_t lo = 0, hi = ls->norder;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (ls->rows[ls->order[mid]].time < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
sq_model_order_add(struct sq_ls *ls, uint32_t r)
{
	if (ls->ntail == 0 && (ls->norder == 0 || sq_model_row_before(ls, ls->order[ls->norder - 1],
	    r))) {
		if (ls->norder == ls->caporder) {
			ls->caporder = ls->caporder ? ls->caporder * 2 : 1024;
			ls->order = xreallocarray(ls->order, ls->caporder, sizeof *ls->order);
		}
		ls->order[ls->norder++] = r;
		return;
	}
	if (ls->ntail == ls->captail) {
		ls->captail = ls->captail ? ls->captail * 2 : 256;
		ls->tail = xreallocarray(ls->tail, ls->captail, sizeof *ls->tail);
	}
	ls->tail[ls->ntail++] = r;
}

/* ---- groups, packs, shards ---------------------------------------------- */

void
sq_model_pack_id(const struct sq_ls *ls, uint32_t g, char *buf, size_t len)
{
	const struct sq_group *gr = &ls->groups[g];

	snprintf(buf, len, "%s-%" PRIX64, ls->packs.s[gr->pack], gr->pack_seq);
}

static void
sq_model_pack_assign(struct sq_ls *ls, uint32_t g, const char *src, size_t srcn, const char *topic,
    size_t topicn, const char *pid, size_t pidn)
{
	struct sq_group *gr = &ls->groups[g];
	const char *dash = NULL;
	struct sq_pack *pk;
	uint32_t id, at;

	for (size_t i = 0; pid && i < pidn; i++)
		if (pid[i] == '-')
			dash = pid + i;
	if (dash != NULL && dash > pid && dash + 1 < pid + pidn) {
		char seq[24];
		size_t sn = (size_t)(pid + pidn - dash - 1);

		snprintf(seq, sizeof seq, "%.*s", (int)(sn < 20 ? sn : 20), dash + 1);
		id = sq_model_dict_add(&ls->packs, pid, (size_t)(dash - pid));
		gr->pack_seq = strtoull(seq, NULL, 16);
		gr->pack_given = 1;
	} else {
		char prefix[17];
		uint64_t h = sq_hash(7, src, srcn) * 31 + sq_hash(11, topic, topicn);

		snprintf(prefix, sizeof prefix, "%016" PRIX64, h);
		id = sq_model_dict_add(&ls->packs, prefix, 16);
		gr->pack_seq = 0;
	}
	if (ls->packs.n > ls->cappackv) {
		ls->packv = xreallocarray(ls->packv, ls->packs.cap, sizeof *ls->packv);
		memset(ls->packv + ls->cappackv, 0,
		    (ls->packs.cap - ls->cappackv) * sizeof *ls->packv);
		ls->cappackv = ls->packs.cap;
	}
	gr->pack = id;
	pk = &ls->packv[id];
	if (!gr->pack_given)
		gr->pack_seq = pk->n ? ls->groups[pk->g[pk->n - 1]].pack_seq + 1 : 0;
	if (pk->n == pk->cap) {
		pk->cap = pk->cap ? pk->cap * 2 : 4;
		pk->g = xreallocarray(pk->g, pk->cap, sizeof *pk->g);
	}
	at = pk->n;
	while (at > 0 && ls->groups[pk->g[at - 1]].pack_seq > gr->pack_seq)
		at--;
	memmove(pk->g + at + 1, pk->g + at, (pk->n - at) * sizeof *pk->g);
	pk->g[at] = g;
	pk->n++;
}

static void
sq_model_shard_add(struct sq_ls *ls, uint32_t g)
{
	struct sq_shardpos *sp = NULL;

	for (uint32_t i = 0; i < ls->nshards; i++)
		if (ls->shards[i].shard == ls->groups[g].shard)
			sp = &ls->shards[i];
	if (sp == NULL) {
		ls->shards = xreallocarray(ls->shards, ls->nshards + 1, sizeof *ls->shards);
		sp = &ls->shards[ls->nshards++];
		memset(sp, 0, sizeof *sp);
		sp->shard = ls->groups[g].shard;
	}
	if (sp->n == sp->cap) {
		sp->cap = sp->cap ? sp->cap * 2 : 64;
		sp->g = xreallocarray(sp->g, sp->cap, sizeof *sp->g);
	}
	sp->g[sp->n++] = g;
}

int
sq_model_group_at(const struct sq_ls *ls, int shard, int64_t cursor, uint32_t *g)
{
	for (uint32_t i = 0; i < ls->nshards; i++) {
		const struct sq_shardpos *sp = &ls->shards[i];
		uint32_t lo = 0, hi = sp->n;

		if (sp->shard != shard)
			continue;
		while (lo < hi) {
			uint32_t mid = lo + (hi - lo) / 2;

			if (ls->groups[sp->g[mid]].cursor < cursor)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < sp->n && ls->groups[sp->g[lo]].cursor == cursor) {
			*g = sp->g[lo];
			return 1;
		}
	}
	return 0;
}

/* ---- ingest ------------------------------------------------------------- */

static uint32_t
sq_model_group_add(struct sq_ls *ls, const struct pb_page *pg, const uint32_t *kmap,
    const uint32_t *tmap, int shard, int64_t cursor, int64_t recv)
{
	const struct pb_group *pgr = &pg->groups[0];
	struct sq_pair *pairs = xcalloc(pgr->ntags + 2, sizeof *pairs);
	size_t np = 0, topicn, srcn, pidn = 0;
	const char *topic = pb_str(pg, pgr->topic, &topicn);
	const char *src = pb_str(pg, pgr->source, &srcn);
	const char *pid = NULL;
	struct sq_group *gr;
	uint32_t g;

	if (ls->ngroups == ls->capgroups) {
		ls->capgroups = ls->capgroups ? ls->capgroups * 2 : 256;
		ls->groups = xreallocarray(ls->groups, ls->capgroups, sizeof *ls->groups);
	}
	g = ls->ngroups++;
	gr = &ls->groups[g];
	memset(gr, 0, sizeof *gr);
	gr->shard = shard;
	gr->cursor = cursor;
	gr->recv = recv;
	gr->row0 = ls->nrows;
	gr->nrows = (uint32_t)pgr->nlogs;
	if (topicn)
		pairs[np++] = (struct sq_pair){ ls->k_topic, topic, topicn };
	if (srcn)
		pairs[np++] = (struct sq_pair){ ls->k_source, src, srcn };
	for (uint32_t t = 0; t < pgr->ntags; t++) {
		const struct pb_field *f = &pg->tags[pgr->tag0 + t];
		size_t vn;
		const char *v = pb_value(pg, f, &vn);

		pairs[np++] = (struct sq_pair){ tmap[f->key], v, vn };
		if (tmap[f->key] == ls->k_packid) {
			pid = v;
			pidn = vn;
		}
	}
	gr->rec = sq_model_rec_write(ls, pairs, np);
	free(pairs);
	gr->topic = sq_model_dict_add(&ls->topics, topic, topicn);
	if (ls->topics.n > ls->captopics) {
		ls->topic_rows = xreallocarray(ls->topic_rows, ls->topics.cap, sizeof *ls->topic_rows);
		memset(ls->topic_rows + ls->captopics, 0,
		    (ls->topics.cap - ls->captopics) * sizeof *ls->topic_rows);
		ls->captopics = ls->topics.cap;
	}
	ls->topic_rows[gr->topic] += gr->nrows;
	sq_model_pack_assign(ls, g, src, srcn, topic, topicn, pid, pidn);
	sq_model_shard_add(ls, g);
	(void)kmap;
	return g;
}

static void
sq_model_rows_add(struct sq_ls *ls, const struct pb_page *pg, const uint32_t *kmap, uint32_t g)
{
	const struct pb_group *pgr = &pg->groups[0];
	struct sq_pair *pairs = NULL;
	struct sq_gterms gt = { 0 };
	size_t cap = 0;

	for (uint32_t l = 0; l < pgr->nlogs; l++) {
		const struct pb_log *lg = &pg->logs[pgr->log0 + l];
		struct sq_row *row;
		uint32_t r;

		if (lg->nfields > cap) {
			cap = lg->nfields;
			pairs = xreallocarray(pairs, cap, sizeof *pairs);
		}
		for (uint32_t f = 0; f < lg->nfields; f++) {
			const struct pb_field *fd = &pg->fields[lg->field0 + f];

			pairs[f].kid = kmap[fd->key];
			pairs[f].v = pb_value(pg, fd, &pairs[f].n);
		}
		if (ls->nrows == ls->caprows) {
			ls->caprows = ls->caprows ? ls->caprows * 2 : 1024;
			ls->rows = xreallocarray(ls->rows, ls->caprows, sizeof *ls->rows);
		}
		r = ls->nrows++;
		row = &ls->rows[r];
		row->time = lg->time;
		row->ns = lg->has_ns ? lg->time_ns : 0;
		row->group = g;
		row->rec = sq_model_rec_write(ls, pairs, lg->nfields);
		sq_model_order_add(ls, r);
		sq_index_row(ls, r, &gt);
	}
	sq_index_end(ls, &gt);
	free(pairs);
}

int
sq_model_ingest_locked(struct sq_ls *ls, int shard, int64_t cursor, int64_t recv,
    const void *pb, size_t len, struct sq_err *err)
{
	struct pb_page *pg = ls->page;
	struct pb_err pe;

	pb_page_clear(pg);
	if (pb_decode_group(pg, pb, len, &pe) != 0 || pg->ngroups != 1) {
		sq_err_set(err, "InternalServerError", "stored group does not decode: %s", pe.msg);
		return -1;
	}
	return sq_model_ingest_page_locked(ls, shard, cursor, recv, pg, err);
}

int
sq_model_ingest_page_locked(struct sq_ls *ls, int shard, int64_t cursor, int64_t recv,
    const struct pb_page *pg, struct sq_err *err)
{
	uint32_t *kmap, *tmap, g;

	if (pg->ngroups != 1) {
		sq_err_set(err, "InternalServerError", "a page of %zu groups", (size_t)pg->ngroups);
		return -1;
	}
	if (ls->nrows + pg->nlogs >= UINT32_MAX - 1) {
		sq_err_set(err, "ParameterInvalid", "logstore holds too many logs for slsd");
		return -1;
	}
	kmap = xcalloc(pg->nkeys + 1, sizeof *kmap);
	tmap = xcalloc(pg->nkeys + 1, sizeof *tmap);
	for (size_t k = 0; k < pg->nkeys; k++) {
		const struct pb_key *pk = pb_key(pg, (uint32_t)k);
		char *tag = xasprintf("__tag__:%.*s", (int)pk->len, pk->p);

		kmap[k] = sq_model_kid_n(ls, pk->p, pk->len);
		tmap[k] = sq_model_kid_n(ls, tag, 8 + pk->len);
		free(tag);
	}
	g = sq_model_group_add(ls, pg, kmap, tmap, shard, cursor, recv);
	sq_model_rows_add(ls, pg, kmap, g);
	free(kmap);
	free(tmap);
	return 0;
}
