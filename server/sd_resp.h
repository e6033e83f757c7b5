/*
 * sd_resp — filling a reply (struct sd_resp, sd_req.h): headers, the SLS
 * JSON error envelope (spec §6.2), JSON bodies and body compression.
 */
#ifndef SLSX_SERVER_SD_RESP_H
#define SLSX_SERVER_SD_RESP_H

struct cJSON;
struct sd_err;
struct sd_req;
struct sd_resp;

/* Add a response header (silently dropped past SD_MAX_HDRS); a value is
 * printable ASCII, anything else is percent-encoded. */
void sd_resp_header(struct sd_resp *rs, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Fill rs with the JSON error envelope. */
void sd_resp_error(struct sd_resp *rs, int status, const char *code, const char *msg);
/* The same from a store error. */
void sd_resp_err(struct sd_resp *rs, const struct sd_err *e);
/* 400 ParameterInvalid with fmt (one %s: arg). */
void sd_resp_bad(struct sd_resp *rs, const char *fmt, const char *arg);
/* 200 with o as the body; o is freed. */
void sd_resp_json(struct sd_resp *rs, struct cJSON *o);
/* A JSON body (not yet compressed) with every invalid UTF-8 byte replaced
 * by U+FFFD, as the service answers; sd_resp_encode and sd_http call it. */
void sd_resp_utf8(struct sd_resp *rs);
/* Compress the reply body per Accept-Encoding (lz4, zstd, deflate) and set
 * x-log-compresstype/x-log-bodyrawsize; force: compress even without the
 * header (PullLogs). 0 ok. */
int sd_resp_encode(const struct sd_req *rq, struct sd_resp *rs, int force);

#endif
