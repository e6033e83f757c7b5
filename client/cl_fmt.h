/*
 * cl_fmt — terminal- and pipe-safe writers of log records, for the headless
 * commands and the UI's export and copy alike.
 *
 * Log data is hostile. cl_fmt_json_str writes a JSON string that is always
 * valid JSON and never carries raw control bytes: C0/C1 controls, DEL and
 * bidi overrides become \uXXXX escapes and invalid UTF-8 bytes become
 * U+FFFD; with raw set, valid UTF-8 passes through but the JSON stays valid.
 * cl_fmt_text writes plain text through u8_escape (raw: bytes as they are).
 */
#ifndef SLSX_CLIENT_CL_FMT_H
#define SLSX_CLIENT_CL_FMT_H

#include <stddef.h>

#include "client/cl_logs.h"

struct pb_page;
struct sb;

int cl_fmt_json_str(struct sb *out, const char *s, size_t n, int raw);
int cl_fmt_text(struct sb *out, const char *s, size_t n, int raw);
/* A result row as one JSON object (every value a string). */
int cl_fmt_json_row(struct sb *b, const struct cl_logs *l, const struct cl_row *r, int raw);
/* A result row as one text line: local time, then key=value for every
 * field but the internal ones (__time__, __pack_meta__, ...). */
int cl_fmt_text_row(struct sb *b, const struct cl_logs *l, const struct cl_row *r, int raw);
/* A pulled log (pg->logs[li]) as one JSON object: __time__ (a number),
 * __time_ns_part__, __topic__, __source__, __tag__:K, then its fields. */
int cl_fmt_json_log(struct sb *b, const struct pb_page *pg, size_t li, int raw);
/* One CSV cell (RFC 4180 quoting; escaped unless raw). */
int cl_fmt_csv_cell(struct sb *b, const char *s, size_t n, int raw);

#endif
