/*
 * sq_int — the query engine's private model, shared by sq/sq_*.c.
 *
 * Every logstore that has data gets a struct sq_ls held in memory:
 *
 *   rows[]    one per log: time, ns part, its group, and where its contents
 *             live in the record chunks (a record is: varint pair count,
 *             then per pair varint key id and varint x: x even, a value of
 *             x / 2 bytes follows; x odd, the value is vals[x / 2], a value
 *             of a low-cardinality key kept once for every row that has it)
 *   groups[]  one per LogGroup: shard, cursor, receive time, a record of
 *             its group fields (__topic__, __source__, __tag__:k) and the
 *             pack id (prefix, seq) used by context queries
 *   order[]   row ids sorted by (time, ns, row): the time index. Rows that
 *             arrive out of order wait in tail[] until a query merges them
 *   terms     the inverted index: (key id, token) -> posting list of rows,
 *             kept as varint gaps (a byte a row for a dense term).
 *             Key id SQ_FULLTEXT is the full-text index. A text key
 *             tokenized as the line (ft_shared) is not copied into it: a
 *             full-text word is looked up under SQ_FULLTEXT and under each
 *             such key (sq_index_ft_via_key), so each token is indexed once.
 *
 * Everything is fed again by slsd's store at start (sq_set_index,
 * sq_ingest), so nothing here is persisted.
 *
 * Locks (sq.c): q->mu guards the list of logstores and their hold counts
 * and is held only to find one; each logstore has its own rwlock (ingest,
 * settling and index changes write, queries read) and its own queue of
 * changes that found that lock taken. So a query of one logstore never
 * stops another's, and ingest never waits for a query.
 */
#ifndef SLSX_SQ_SQ_INT_H
#define SLSX_SQ_SQ_INT_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/varint.h"
#include "sq/sq.h"

struct sb;
struct pb_page;
struct sqlite3;

#define SQ_FULLTEXT 0u       /* key id of the full-text index */
#define SQ_CHUNK (4u << 20)  /* record chunk size */
#define SQ_MAX_TOKEN 256     /* longer tokens are cut */

enum sq_type { SQ_TEXT, SQ_LONG, SQ_DOUBLE, SQ_JSON };

/* A tokenizer: delimiter bytes, case folding, CJK characters as tokens. */
struct sq_tok {
	uint8_t delim[256];
	int case_sensitive;
	int chn;
};

struct sq_keycfg {
	char *name;
	enum sq_type type;
	struct sq_tok tok;
	int doc_value;
	uint32_t kid;
	int ft_shared;        /* text tokenized as the line: the key's own terms
	                       * serve the full-text index too (no second copy) */
};

/* A parsed index config (spec §4.16). */
struct sq_index {
	int has_line;
	struct sq_tok line;
	char **incl, **excl;
	size_t nincl, nexcl;
	struct sq_dict *iset, *eset; /* the same names, hashed */
	struct sq_keycfg *keys;
	size_t nkeys;
	size_t max_text_len;
	struct sq_tok dflt;   /* for reserved fields: the line tokenizer or GO's default */
};

/* A string -> id dictionary (open addressing). */
struct sq_dict {
	char **s;
	uint32_t *len;
	uint32_t n, cap;
	uint32_t *slot;       /* id + 1, 0 empty */
	uint32_t nslot;
};

/* A term's posting list: its rows in ascending order, as varints: an even
 * v is one row v / 2 past the row before (the first from 0), an odd v the
 * v / 2 rows right after the row before (a run). So a term in every row of
 * a file (its path, a constant field) costs a few bytes in all, a dense
 * term a byte for each row or run. */
struct sq_plist {
	uint32_t nb, cap;     /* bytes used and allocated in b */
	uint8_t b[];
};

/* A term (32 bytes, sq_terms.c): a token of up to 8 bytes is kept in the
 * term itself, a longer one in the logstore's term arena. A term of one
 * row keeps it in last, with no list. */
struct sq_term {
	union {
		char in[8];
		char *p;
	} tok;
	struct sq_plist *post; /* NULL: one row, last */
	uint32_t kid;
	uint32_t last;        /* the last (highest) row */
	uint32_t n;           /* rows */
	uint16_t len;
};

static inline const char *
sq_term_tok(const struct sq_term *t)
{
	return t->len <= sizeof t->tok.in ? t->tok.in : t->tok.p;
}

/* Walk a term's rows: sq_post_begin, then sq_post_next until it gives 0. */
struct sq_postit {
	const uint8_t *p, *end;
	uint32_t row;
	uint32_t run;         /* rows of the current run still to give */
	int single;           /* a term of one row, not yet given */
};

/* The next row into *row; 0 at the end. */
static inline int
sq_post_next(struct sq_postit *it, uint32_t *row)
{
	uint64_t d;

	if (it->p == NULL) {
		if (!it->single)
			return 0;
		it->single = 0;
		*row = it->row;
		return 1;
	}
	if (it->run) {
		it->run--;
		*row = ++it->row;
		return 1;
	}
	if (it->p >= it->end)
		return 0;
	it->p = varint_get_trusted(it->p, &d);
	if (d & 1) {
		it->run = (uint32_t)(d >> 1) - 1;
		*row = ++it->row;
		return 1;
	}
	it->row += (uint32_t)(d >> 1);
	*row = it->row;
	return 1;
}

static inline void
sq_post_begin(const struct sq_term *t, struct sq_postit *it)
{
	it->single = t->post == NULL;
	it->p = t->post ? t->post->b : NULL;
	it->end = t->post ? t->post->b + t->post->nb : NULL;
	it->row = t->post ? 0 : t->last;
	it->run = 0;
}

struct sq_row {
	int64_t time;
	uint32_t ns;
	uint32_t group;
	uint64_t rec;         /* chunk << 32 | offset */
};

struct sq_group {
	uint32_t row0, nrows;
	int shard;
	int64_t cursor;
	int64_t recv;
	uint64_t rec;         /* group fields record */
	uint32_t topic;       /* id in ls->topics */
	uint32_t pack;        /* id in ls->packs */
	uint64_t pack_seq;
	int pack_given;       /* the writer sent __pack_id__ */
};

struct sq_pack {              /* groups sharing a pack-id prefix, by seq */
	uint32_t *g;
	uint32_t n, cap;
};

struct sq_shardpos {          /* groups of one shard, by cursor */
	int shard;
	int64_t first;        /* cursor of g[0] */
	uint32_t *g;
	uint32_t n, cap;
};

#define SQ_SPARE 4             /* pages a logstore keeps for sq_page_get */

/* A logstore's inverted index (sq_terms.c), one value: a re-index builds
 * a new one beside it and swaps it in whole. */
struct sq_termix {
	struct sq_term **tblk; /* the terms, SQ_TBLK a block (sq_terms_at) */
	uint32_t nterms, captblk;
	uint64_t *tslot;      /* hash high half | term id + 1 */
	uint32_t ntslot;
	struct arena *tarena; /* tokens longer than a term holds */
	struct sq_vterm *vt;  /* known values (sq_terms_vals): (key, value id) -> */
	uint32_t nvt, capvt;  /* the term ids its tokens are, in vtids */
	uint32_t *vtids, nvtids, capvtids;
	uint32_t vtgen;       /* batches posted (a known value is ready after its) */
};

struct sq_ls {
	int64_t id;
	struct sq_index *ix;  /* NULL: no index */
	char *ix_json;
	struct sq_dict keys;  /* key id -> name; id 0 is "" (full text) */
	uint32_t k_topic, k_source, k_time, k_ns, k_packid, k_packmeta;
	struct sq_row *rows;
	uint32_t nrows, caprows;
	struct sq_group *groups;
	uint32_t ngroups, capgroups;
	uint32_t *order, norder, caporder;
	uint32_t *tail, ntail, captail;
	uint8_t **chunks;
	uint32_t nchunks, capchunks;
	struct sq_dict vals;  /* values records refer to instead of copying them
	                       * (the repeated ones of low-cardinality keys) */
	struct { uint32_t looks, news; } *kval; /* per key id: vals lookups, misses */
	uint32_t capkval;
	uint32_t chunk_used;  /* bytes used in the last chunk */
	uint32_t chunk_cap;
	struct { int32_t kc; uint8_t ft; } *kattr; /* per key id: key config, full-text */
	uint32_t capkattr;
	uint32_t cappackv, captopics;
	struct sq_termix tx;  /* the inverted index */
	struct sq_dict topics;
	uint32_t *topic_rows; /* rows per topic */
	struct sq_dict packs;
	struct sq_pack *packv;
	struct sq_shardpos *shards;
	uint32_t nshards;
	/* locking (sq.c) */
	pthread_rwlock_t lock;
	pthread_mutex_t imu;  /* index changes of this logstore, one at a time */
	pthread_mutex_t pmu;  /* guards the queue below */
	pthread_cond_t pcv;   /* the queue was taken (sq_ingest_wait waits for room) */
	struct sq_pend *phead, **ptail;
	size_t pbytes;        /* bytes queued */
	uint32_t refs;        /* holders (under q->mu) */
	int dropped;          /* no longer listed: freed by the last holder */
	struct pb_page *page; /* scratch for ingest (under the write lock) */
	struct pb_page *spare[SQ_SPARE]; /* pages done with (under pmu): sq_page_get */
	int nspare;
	int loading;          /* sq_set_loading (atomic): rows still coming, */
	int64_t loaded_from;  /* all in from this time on (atomic) */
};

#define SQ_TBLK_BITS 12u     /* 4096 terms a block */
#define SQ_TBLK (1u << SQ_TBLK_BITS)

static inline struct sq_term *
sq_terms_at(const struct sq_ls *ls, uint32_t t)
{
	return &ls->tx.tblk[t >> SQ_TBLK_BITS][t & (SQ_TBLK - 1)];
}

/* The hash of n bytes at s, seeded (a key id): 8 bytes a step, then
 * murmur3's finalizer (the slot is its low bits, the tag its high half). */
static inline uint64_t
sq_hash(uint32_t seed, const char *s, size_t n)
{
	uint64_t h = ((uint64_t)seed + 1) * 0x9E3779B97F4A7C15ull ^ (uint64_t)n, w;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0x9E3779B97F4A7C15ull;
		h ^= h >> 31;
	}
	if (i < n) {
		w = 0;
		for (size_t k = 0; i + k < n; k++)
			w |= (uint64_t)(unsigned char)s[i + k] << (8 * k);
		h = (h ^ w) * 0x9E3779B97F4A7C15ull;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	return h ^ (h >> 33);
}

/* Whether a logstore is loading (sq_set_loading), taken by a query
 * before it reads the logstore: groups handed in before the load was
 * said to be over are then all applied by the read. */
struct sq_loadst {
	int loading;
	int64_t from;         /* every row is in from after this time on */
};
void sq_ls_load_state(struct sq *q, int64_t id, struct sq_loadst *st);
/* 1 when rows of time t may still be missing (loading, and t not after
 * the time the newest part starts at); t INT64_MIN: any row. */
int sq_ls_missing(const struct sq_loadst *st, int64_t t);

/* A group that found its logstore's write lock taken (a query or a
 * re-index holds it): kept in arrival order and applied by the next holder
 * of the write lock, before its own change (sq.c). */
struct sq_pend {
	struct sq_pend *next;
	int64_t cursor, recv;
	int shard;
	size_t len;
	struct pb_page *page; /* the group as a page (sq_ingest_page_wait), or */
	unsigned char pb[];   /* its bytes */
};

struct sq {
	pthread_mutex_t mu;   /* guards ls[], nls and every ls->refs */
	struct sq_ls **ls;
	size_t nls, capls;
	size_t pend_max;      /* bytes a logstore may queue (SQ_PEND_MAX) */
	int64_t read_wait;    /* ms a query waits for its logstore (SQ_READ_WAIT_MS) */
	/* the indexer (sq_ingest_wait): a thread applying queued groups */
	pthread_t worker;
	int worker_on, worker_stop;
	pthread_cond_t work_cv; /* with mu: a group was queued, or stop */
	/* tests only: called during a re-index's build, its read lock held */
	void (*reindex_hook)(void *ctx, int64_t ls);
	void *reindex_ctx;
};

/* A logstore held (it is not freed while held), or NULL when it does not
 * exist and create is 0. Release with sq_ls_put. */
struct sq_ls *sq_ls_hold(struct sq *q, int64_t id, int create);
void sq_ls_put(struct sq *q, struct sq_ls *ls);
/* Logstore id held and read-locked, its queue applied and its rows
 * settled first: 0 with *out (NULL: no such logstore), or -1 with err
 * ServerBusy when its lock stays taken SQ_READ_WAIT_MS (a re-index).
 * Release with sq_ls_unread. */
int sq_ls_read(struct sq *q, int64_t id, struct sq_ls **out, struct sq_err *err);
void sq_ls_unread(struct sq *q, struct sq_ls *ls);
/* n distinct ids, ascending, held and read-locked at once (out[i] NULL: no
 * such logstore); -1 ServerBusy with nothing held. Release each with
 * sq_ls_unread. */
int sq_ls_read_many(struct sq *q, const int64_t *ids, size_t n, struct sq_ls **out,
    struct sq_err *err);

/* One SQL run (sq_sql.c): the scopes its tables read (table i reads
 * sc[i]), rows read so far, and when it must stop. */
struct sq_run {
	const struct sq_scope *sc;
	size_t n;
	int64_t processed;
	int64_t deadline;
};

/* sq.c */
void sq_err_set(struct sq_err *e, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* sq_model.c (callers hold the write lock for the changing calls) */
struct sq_ls *sq_model_ls_new(int64_t id);
void sq_model_ls_free(struct sq_ls *ls);
int sq_model_ingest_locked(struct sq_ls *ls, int shard, int64_t cursor, int64_t recv,
    const void *pb, size_t len, struct sq_err *err);
/* The same with the group as a page (one group) instead of its bytes. */
int sq_model_ingest_page_locked(struct sq_ls *ls, int shard, int64_t cursor, int64_t recv,
    const struct pb_page *pg, struct sq_err *err);
uint32_t sq_model_dict_find(const struct sq_dict *d, const char *s,
    size_t n); /* UINT32_MAX: none */
uint32_t sq_model_dict_add(struct sq_dict *d, const char *s, size_t n);
void sq_model_dict_free(struct sq_dict *d);
const char *sq_model_key_name(const struct sq_ls *ls, uint32_t kid, size_t *len);
/* The value of key kid for row r (contents first, then group fields);
 * 1 found, 0 not. */
int sq_model_row_get(const struct sq_ls *ls, uint32_t r, uint32_t kid, const char **v, size_t *n);
/* Walk a record: call fn(kid, value) per pair; stop when fn returns nonzero. */
typedef int (*sq_pair_fn)(void *ctx, uint32_t kid, const char *v, size_t n);
void sq_model_rec_walk(const struct sq_ls *ls, uint64_t rec, sq_pair_fn fn, void *ctx);
/* The same; vid (not NULL) gets, before each call, the value's id in
 * ls->vals when it refers to one, else SQ_VT_NONE. */
void sq_model_rec_walk_vid(const struct sq_ls *ls, uint64_t rec, sq_pair_fn fn, void *ctx,
    uint32_t *vid);
/* Key kid's index attributes (its key config, in the full text) from the
 * logstore's index. */
void sq_model_kattr_set(struct sq_ls *ls, uint32_t kid);
/* Key kid's full-text tokens live under kid itself (ft_shared), not
 * under SQ_FULLTEXT. */
int sq_index_ft_via_key(const struct sq_ls *ls, uint32_t kid);
/* Key kid is numeric (long, double) and in the full-text index: a value
 * of it that is one full-text token as it is (sq_index_ft_simple: ASCII,
 * no delimiter of the line, folded already) is found under kid itself,
 * the others under SQ_FULLTEXT as any value's. So a full-text word is
 * also looked up under such keys, and a full-text pattern matches their
 * simple terms only. */
int sq_index_ft_num(const struct sq_ls *ls, uint32_t kid);
int sq_index_ft_simple(const struct sq_ls *ls, const char *v, size_t n);
/* sq_terms.c (the changing calls under the write lock, or on a re-index's
 * shadow) */
const struct sq_term *sq_terms_find(const struct sq_ls *ls, uint32_t kid, const char *tok,
    size_t n);
/* Row (ascending per term; a repeat of the last is dropped) under (kid,
 * tok): the term's id, made when new. */
uint32_t sq_terms_post(struct sq_ls *ls, uint32_t kid, const char *tok, size_t n, uint32_t row);
void sq_terms_post_id(struct sq_ls *ls, uint32_t t, uint32_t row);
/* Rows row + 1 .. row + k into term t when its last row is row (a group's
 * rows, its fields' terms posted for its first). */
void sq_terms_post_more(struct sq_ls *ls, uint32_t t, uint32_t row, uint32_t k);
/* An empty index; freed with every term and list by sq_terms_free. */
void sq_terms_init(struct sq_termix *tx);
void sq_terms_free(struct sq_ls *ls);
/* The tokens of many rows, posted together by sq_terms_batch_post as a
 * pipeline: each lookup is a random access into the slot table, then the
 * term, then its token and list, so those cache lines are fetched a few
 * entries ahead and the misses overlap instead of coming one after the
 * other. Entries are posted in the order added. */
#define SQ_BATCH_ID UINT32_MAX  /* kid of an entry of a known term (id in off) */
#define SQ_VT_NONE UINT32_MAX   /* dst of an entry no known value waits for */
struct sq_tokbatch {
	struct sq_btok {
		uint64_t h;
		uint32_t kid, off, len, row;
		uint32_t dst;   /* the term's id goes to vtids[dst] once posted */
	} *e;
	uint32_t n, cap;
	char *b;
	size_t nb, capb;
};
void sq_terms_batch_add(struct sq_tokbatch *tb, uint32_t kid, const char *tok, size_t n,
    uint32_t row);
void sq_terms_batch_add_id(struct sq_tokbatch *tb, uint32_t t, uint32_t row);
/* Known values: the repeated value vid (of ls->vals) of key kid gives the
 * same tokens in every row, so once its tokens have been posted their term
 * ids are kept and a row posts them without tokenizing, hashing or looking
 * up anything. sq_terms_vals_post: 1 when (kid, vid) is known and its ids
 * went into the batch for row; else 0, and when it may be learnt,
 * sq_terms_vals_begin, then the value's tokens (sq_terms_batch_add), then
 * sq_terms_vals_end learn it from the entries added in between. */
int sq_terms_vals_post(struct sq_ls *ls, struct sq_tokbatch *tb, uint32_t kid, uint32_t vid,
    uint32_t row);
uint32_t sq_terms_vals_begin(struct sq_ls *ls, struct sq_tokbatch *tb, uint32_t kid,
    uint32_t vid); /* SQ_VT_NONE: not learnt */
void sq_terms_vals_end(struct sq_ls *ls, struct sq_tokbatch *tb, uint32_t v);

/* sq_index.c */
/* The terms of the group fields of the rows being indexed: a group's rows
 * are consecutive and share them, so they are looked up once a group. */
struct sq_gterms {
	uint32_t group;
	int valid;
	uint32_t *t;
	size_t n, cap;
	struct sq_tokbatch tb;  /* the row's content tokens */
};

/* Row r into the index (its group's rows come in order): its tokens
 * batched in gt, posted a batch at a time; sq_index_end posts the rest and
 * frees gt. */
void sq_index_row(struct sq_ls *ls, uint32_t r, struct sq_gterms *gt);
void sq_index_end(struct sq_ls *ls, struct sq_gterms *gt);
/* A re-index with the parsed config ix (NULL: none; owned from now), in
 * two steps, linear in keys and rows: the build reads the logstore only
 * (its read lock held, queries go on) and indexes every row into a new
 * term index; the install (write lock held, a moment) swaps it in and
 * indexes the keys and rows that came between the two. */
struct sq_ixbuild;
struct sq_ixbuild *sq_index_build(const struct sq_ls *ls, struct sq_index *ix);
void sq_index_install(struct sq_ls *ls, struct sq_ixbuild *b);
void sq_terms_batch_post(struct sq_ls *ls, struct sq_tokbatch *tb);
void sq_terms_batch_free(struct sq_tokbatch *tb);
/* Merge out-of-order rows into order[]; caller holds the write lock. */
void sq_model_ls_settle(struct sq_ls *ls);
/* First index in order[] whose row time >= t. */
uint32_t sq_model_order_lower(const struct sq_ls *ls, int64_t t);
const struct sq_keycfg *sq_model_keycfg(const struct sq_ls *ls, const char *name, size_t n);
/* Pack id text "PREFIX-SEQ" of group g. */
void sq_model_pack_id(const struct sq_ls *ls, uint32_t g, char *buf, size_t len);
uint32_t sq_model_kid(struct sq_ls *ls, const char *name); /* interns */
uint32_t sq_model_kid_n(struct sq_ls *ls, const char *name, size_t n);
/* The group at (shard, cursor); 1 found. */
int sq_model_group_at(const struct sq_ls *ls, int shard, int64_t cursor, uint32_t *g);

/* sq_tok.c */
void sq_tok_default(struct sq_tok *t);
void sq_tok_from_list(struct sq_tok *t, const char *const *list, size_t n);
/* Split s into tokens; fn gets each (already case-folded into a scratch
 * buffer). keep_wild: '*' and '?' are not delimiters (query words). */
typedef void (*sq_tok_fn)(void *ctx, const char *tok, size_t n);
void sq_tok_split(const struct sq_tok *t, const char *s, size_t n, int keep_wild, sq_tok_fn fn,
    void *ctx);
int sq_tok_index_parse(const char *json, struct sq_index **out, struct sq_err *err);
void sq_tok_index_free(struct sq_index *ix);

/* sq_search.c */
struct sq_search;
/* Parse the search part; NULL with err on a syntax error or unknown key. */
struct sq_search *sq_search_parse(struct sq_ls *ls, const char *text, size_t n,
    struct sq_err *err);
void sq_search_free(struct sq_search *s);
/* Bitmap (1 bit per row id < nrows) of rows matching s among the rows of
 * order[lo, hi). Caller frees. */
uint64_t *sq_search_eval(struct sq_ls *ls, const struct sq_search *s, uint32_t lo, uint32_t hi,
    uint32_t nrows);
/* Terms as JSON [{"key":..,"term":..}] (v2) appended to out. */
int sq_search_terms_json(const struct sq_search *s, struct sb *out, int v1);
int sq_search_is_all(const struct sq_search *s);

/* sq_json.c */
/* Append s as a JSON string; invalid UTF-8 bytes become \u00XX; with
 * ascii, every non-ASCII character is \uXXXX. */
int sq_json_str(struct sb *out, const char *s, size_t n, int ascii);

/* sq_sql.c */
/* The rows an SQL statement reads: bitmap bm (NULL: all) of order[lo, hi),
 * optionally one topic (UINT32_MAX: any). */
struct sq_scope {
	struct sq_ls *ls;
	const uint64_t *bm;
	uint32_t lo, hi;
	uint32_t topic;
	int64_t from, to;     /* the request range, for time_series gap filling */
};
struct sq_sqlout {
	struct sb *data;      /* JSON objects, comma separated (no brackets) */
	struct sb *keys;      /* JSON strings, comma separated */
	struct sb *types;
	int64_t rows, processed;
	int limited;          /* the LIMIT added when the SQL had none (0: none) */
};
/* Run sql over the scopes: scope i is the table named names[i]. */
int sq_sql_run(const struct sq_scope *sc, const char *const *names, size_t n, const char *sql,
    struct sq_sqlout *out, struct sq_err *err);
/* Distinct identifiers (bare or "quoted") in sql; free each and the array. */
size_t sq_sql_names(const char *sql, char ***out);
/* 1 when sql names __time__ or __date__ after a WHERE (seed 001: project
 * SQL must bound the time with one of them). */
int sq_sql_time_bounded(const char *sql);
/* Row output shared with the search path: one log as a JSON object. */
int sq_query_row_json(const struct sq_ls *ls, uint32_t r, int with_pack, int64_t index_number,
    struct sb *out);

/* sq_vtab.c */
/* Register the `sq_log` module over run; 0 ok. */
int sq_vtab_module(struct sqlite3 *db, struct sq_run *run);
/* One table per scope: names[i] USING sq_log(i); -1 with err. */
int sq_vtab_tables(struct sqlite3 *db, const char *const *names, size_t n, struct sq_err *err);

/* sq_fn.c, sq_fn_time.c: shared between the two */
struct sqlite3_context;
struct sq_fnctx;
/* Result text of b (or an error for rc != 0). */
void sq_fn_result_sb(struct sqlite3_context *cx, int rc, struct sb *b);
/* Result timestamp text of t. */
void sq_fn_time_result_ts(struct sqlite3_context *cx, double t);
/* Register the date and time functions; SQLITE_OK (0) ok. */
int sq_fn_time_register(struct sqlite3 *db, struct sq_fnctx *fc);

#endif
