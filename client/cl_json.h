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

/* The reply body as JSON, or NULL with err (CL_E_DECODE). */
cJSON *cl_json_parse(const struct cl_resp *rs, struct cl_err *err);
/* A JSON number as int64 when integral and in range; strings of digits
 * are not numbers. 0 ok, -1 otherwise. */
int cl_json_i64(const cJSON *v, int64_t *out);
/* Free o, set err to CL_E_DECODE "malformed reply: what"; returns -1. */
int cl_json_fail(cJSON *o, struct cl_err *err, const char *what);

#endif
