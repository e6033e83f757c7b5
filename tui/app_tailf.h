/*
 * app_tailf — the live tail's client-side filter, as a model: the regular
 * expression is compiled once when set and run once per log as logs
 * arrive; the pane draws from the index of the logs it kept (with where
 * the match is), in the ring's order. Logs the ring drops from its front
 * leave the index too.
 */
#ifndef SLSX_TUI_APP_TAILF_H
#define SLSX_TUI_APP_TAILF_H

#include <stddef.h>
#include <stdint.h>

struct cl_tail;
struct cl_tail_log;

/* A log the filter keeps: its place in the ring's order (see struct
 * cl_tail_log) and the match in its text (app_tailf_text), bytes so..eo. */
struct app_tailf_ent {
	int64_t key;
	uint32_t page, log;
	uint32_t so, eo;
};

struct app_tailf {
	void *re;              /* regex_t; NULL when no filter is set */
	char src[128];         /* the expression ("" none) */
	struct app_tailf_ent *v;
	size_t head, n, cap;   /* the kept logs: v[head .. head + n) */
	uint32_t next_page;    /* the engine's pages before this one are done */
};

/* Set the filter (an extended regex, case-insensitive; "" none) and index
 * the ring of t (may be NULL). 0 ok, -1 when re does not compile (then no
 * filter is set). */
int app_tailf_set(struct app_tailf *f, const char *re, const struct cl_tail *t);
int app_tailf_on(const struct app_tailf *f);
/* Index again from t's ring (a new engine). */
void app_tailf_rebuild(struct app_tailf *f, const struct cl_tail *t);
/* Take the logs that arrived in t since the last call, forget the ones
 * its ring dropped. */
void app_tailf_update(struct app_tailf *f, const struct cl_tail *t);
void app_tailf_free(struct app_tailf *f);

size_t app_tailf_count(const struct app_tailf *f);
const struct app_tailf_ent *app_tailf_at(const struct app_tailf *f, size_t i);
/* How many kept logs order at or before tl (a log of the ring). */
size_t app_tailf_upto(const struct app_tailf *f, const struct cl_tail_log *tl);
/* A tail log's fields as one "k=v k=v" string (bytes as they are), the
 * text the filter matches. */
size_t app_tailf_text(const struct cl_tail_log *tl, char *buf, size_t n);

/* The steps app_tailf_update is made of (tests drive them directly). */
/* Does text (NUL-terminated) match? 1 and the match's bytes, or 0. */
int app_tailf_match(const struct app_tailf *f, const char *text, uint32_t *so, uint32_t *eo);
/* Add k entries, sorted in the ring's order, to the index. */
void app_tailf_add(struct app_tailf *f, const struct app_tailf_ent *e, size_t k);
/* Forget the entries ordering before front (the ring's first log). */
void app_tailf_prune(struct app_tailf *f, const struct cl_tail_log *front);

#endif
