/*
 * sign — SLS request signatures, shared by the client (to sign) and slsd
 * (to verify). Spec §3.
 *
 * v1 (HMAC-SHA1): string to sign = VERB \n Content-MD5 \n Content-Type \n
 * Date \n canonical x-log-/x-acs- headers \n? canonical resource; header
 * "LOG id:base64sig". x-log-date is never a signed v1 header (the Python
 * SDK adds it after signing); when Date is absent, x-log-date stands in.
 * v4 (SLS4-HMAC-SHA256): region-scoped, hex signature, no SignedHeaders list
 * in the header: the verifier rebuilds the signed set from what it got.
 *
 * Query keys and values are given *decoded*; header names in any case.
 */
#ifndef SLSX_PROTO_SIGN_H
#define SLSX_PROTO_SIGN_H

#include <stddef.h>
#include <time.h>

struct sb;

struct sign_kv {
	const char *key;
	const char *value;
};

struct sign_req {
	const char *method;            /* "GET", "POST", ... */
	const char *path;              /* path as sent (escaped), no query */
	const struct sign_kv *query;   /* decoded keys and values, any order */
	size_t nquery;
	const struct sign_kv *headers; /* as sent; names in any case */
	size_t nheaders;
	const void *body;              /* body as sent (compressed), v4 hash */
	size_t body_len;
};

/* Value of the first pair whose key equals name case-insensitively (the
 * way HTTP header names compare), or NULL. */
const char *sign_kv_get(const struct sign_kv *kv, size_t n, const char *name);

/* The v1 string to sign for r (for tests and diagnostics). 0 ok, -1 cap. */
int sign_v1_string(const struct sign_req *r, struct sb *out);
/* v1 Authorization value "LOG {id}:{sig}" into out. 0 ok, -1 if out is too
 * small. */
int sign_v1(const struct sign_req *r, const char *ak_id, const char *ak_secret, char *out,
    size_t outlen);

/* The v4 canonical request and string to sign (tests, diagnostics). r must
 * carry x-log-date (YYYYMMDDTHHMMSSZ) and x-log-content-sha256 headers. */
int sign_v4_canonical(const struct sign_req *r, struct sb *out);
/* v4 Authorization value "SLS4-HMAC-SHA256 Credential=.../aliyun_v4_request,
 * Signature=hex" into out. 0 ok, -1 if x-log-date is missing or out is too
 * small. */
int sign_v4(const struct sign_req *r, const char *ak_id, const char *ak_secret,
    const char *region, char *out, size_t outlen);

/* RFC 3986 percent-encoding as v4 uses it (unreserved A-Z a-z 0-9 - _ . ~). */
int sign_uri_encode(struct sb *out, const char *s, size_t n);

/* Parsed Authorization header, for the verifier. */
struct sign_auth {
	int version;        /* 1 or 4 */
	char ak_id[128];
	char signature[96]; /* base64 (v1) or hex (v4) */
	char date[16];      /* v4 scope date YYYYMMDD */
	char region[64];    /* v4 scope region */
};
/* 0 ok, -1 malformed. */
int sign_parse_auth(const char *value, struct sign_auth *out);

/* Digests: uppercase hex MD5 (Content-MD5), lowercase hex SHA-256. */
void sign_md5_hex(const void *p, size_t n, char out[33]);
void sign_sha256_hex(const void *p, size_t n, char out[65]);
/* "Mon, 02 Jan 2006 15:04:05 GMT" and "20060102T150405Z" (UTC, C locale). */
void sign_date_rfc1123(time_t t, char out[32]);
void sign_date_iso8601(time_t t, char out[17]);
/* Parse an RFC 1123 date leniently (1- or 2-digit day) or the ISO basic
 * form; -1 when unparseable. */
time_t sign_parse_date(const char *s);
/* Constant-time string compare: 1 equal, 0 different. */
int sign_equal(const char *a, const char *b);

#endif
