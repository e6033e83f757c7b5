/*
 * lasm — log entries assembled from the bytes of a log source, for slsd's
 * --ingest and for `slsx put` alike: bytes split into lines (a CR before
 * the newline dropped; a line over 1 MiB cut with a note), the format
 * sniffed from the first 20 lines (lfmt.h), then lines joined into
 * entries: in plain text a line that starts with whitespace continues
 * the entry before it, and so does every line without a leading
 * timestamp when the first line had one (stack traces stay whole); Docker
 * json-file records whose log does not end in a newline (Docker splits
 * lines over 16 KiB) are joined with the records after them up to the
 * one that ends the line, and so are CRI "P" lines with the next "F" line
 * (each per stream); a whole Docker or CRI line whose log text would
 * continue an entry by the plain-text rule (a blank first, or no
 * timestamp when the first line's text had one) joins the record before
 * it when that is of its stream (a stack trace written a line a record;
 * Docker's inside its "log", CRI's after a newline). Entries go to a callback in the format's syntax
 * (joined records as one record), to be parsed with lfmt_parse_any.
 */
#ifndef SLSX_PROTO_LASM_H
#define SLSX_PROTO_LASM_H

#include <stddef.h>
#include <stdint.h>

#include "proto/lfmt.h"

#define LASM_MAX_LINE ((size_t)1 << 20)

struct lasm_cb {
	/* the format found, before the first entry (may be NULL) */
	int (*sniffed)(void *arg, enum lfmt fmt);
	/* one complete entry */
	int (*entry)(void *arg, const char *s, size_t len);
	void *arg;
};

struct lasm;

struct lasm *lasm_new(const struct lasm_cb *cb);
/* Bytes read: the entries they complete go to the callback. 0, or the
 * callback's non-zero return. */
int lasm_feed(struct lasm *a, const char *p, size_t n);
/* What was read but is not complete yet, stored: the lines held for
 * sniffing, then the pending entry and partial records; partial: a last
 * line without its newline too. hold_ms > 0 (a followed source): an
 * entry that may still go on (plain text, a partial record) is held back
 * while it grew since the last call or for hold_ms after (now_ms, a
 * monotonic time), so continuation lines that arrive a little later
 * join it. */
int lasm_settle(struct lasm *a, int partial, int64_t now_ms, int hold_ms);
/* Before any byte is fed: the format decided from these lines (NUL-
 * terminated; none of them becomes an entry), e.g. a file's first lines
 * when a later part of it is fed first. 0, or the callback's return. */
int lasm_presniff(struct lasm *a, const char *const *lines, size_t n);
/* Would this whole line start an entry (not continue the one before)? */
int lasm_starts_entry(const struct lasm *a, const char *s, size_t len);
/* 1 while an entry is held back (lasm_settle with hold_ms). */
int lasm_holding(const struct lasm *a);
/* The format found (LFMT_PLAIN before). */
enum lfmt lasm_fmt(const struct lasm *a);
void lasm_free(struct lasm *a);

#endif
