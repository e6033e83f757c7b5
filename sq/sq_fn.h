/*
 * sq_fn — SLS/Presto SQL functions for SQLite connections (see sq_fn.c),
 * and the timestamp text helpers the engine shares with them.
 */
#ifndef SLSX_SQ_SQ_FN_H
#define SLSX_SQ_SQ_FN_H

#include <stddef.h>
#include <stdint.h>

struct sqlite3;
struct sb;

/* What time_series saw, for gap filling after the query. */
struct sq_fnctx {
	int ts_seen;
	int64_t ts_step;
	char ts_fmt[128];
	char ts_pad[16];
};

int sq_fn_register(struct sqlite3 *db, struct sq_fnctx *fc);
/* 'YYYY-MM-DD HH:MM:SS.mmm' in local time. */
void sq_fn_time_text(double t, char *buf, size_t len);
int sq_fn_time_parse(const char *s, double *out);
/* MySQL-style date format; 0 ok, -1 too long, -2 unknown specifier. */
int sq_fn_time_format(double t, const char *fmt, struct sb *out);

#endif
