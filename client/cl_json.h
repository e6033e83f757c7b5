/*
 * cl_json — JSON helpers shared by the reply parsers of client/ (internal
 * to client/; callers outside use the plain structs of cl_api.h and
 * cl_logs.h).
 */
#ifndef SLSX_CLIENT_CL_JSON_H
#define SLSX_CLIENT_CL_JSON_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "client/cl.h"

/* The reply body as JSON, or NULL with err (CL_E_DECODE).
 *
 * cJSON keeps strings as C strings, so a value holding a NUL (JSON
 * \u0000) would end there. Before parsing, every \u0000 escape is turned
 * into the two bytes C0 80 (Java's "modified UTF-8" NUL, never valid UTF-8
 * and never in a reply: the service sends U+FFFD for invalid bytes);
 * cl_json_unmask turns them back into NUL where values are kept. */
cJSON *cl_json_parse(const struct cl_resp *rs, struct cl_err *err);
/* s[0..n) with every C0 80 back to NUL (json: to the escape \u0000, for
 * JSON text printed from a parsed value): s itself when it has none
 * (*out_n = n), else tmp's text. */
struct sb;
const char *cl_json_unmask(const char *s, size_t n, int json, struct sb *tmp, size_t *out_n);
/* A JSON number as int64 when integral and in range; strings of digits
 * are not numbers. 0 ok, -1 otherwise. */
int cl_json_i64(const cJSON *v, int64_t *out);
/* Free o, set err to CL_E_DECODE "malformed reply: what"; returns -1. */
int cl_json_fail(cJSON *o, struct cl_err *err, const char *what);

#endif
