/*
 * sd_auth — slsd's key table and request authentication (spec §3).
 *
 * Keys come from a file (`--keys FILE`: lines "id secret" or
 * "id secret sts" for temporary keys that must send x-acs-security-token;
 * '#' comments) or from SLSD_ACCESS_KEY_ID / SLSD_ACCESS_KEY_SECRET. Secrets
 * stay in memory only; nothing here logs them.
 */
#ifndef SLSX_SERVER_SD_AUTH_H
#define SLSX_SERVER_SD_AUTH_H

#include <stddef.h>
#include <time.h>

struct sign_req;
struct sd_err;
struct sd_keys;

struct sd_keys *sd_auth_keys_new(void);
void sd_auth_keys_free(struct sd_keys *k);
/* 0 ok, -1 with a message in err (file unreadable, malformed line). */
int sd_auth_keys_load(struct sd_keys *k, const char *path, char *err, size_t errlen);
void sd_auth_keys_add(struct sd_keys *k, const char *id, const char *secret, int sts);
size_t sd_auth_keys_count(const struct sd_keys *k);

/* Verify r (with its Authorization header) at server time now. 0 ok;
 * -1 with the SLS error (401 SignatureNotMatch, Unauthorized, 400
 * RequestTimeExpired, MissingDate...) in err. */
int sd_auth_check(const struct sd_keys *k, const struct sign_req *r, time_t now,
    struct sd_err *err);

#endif
