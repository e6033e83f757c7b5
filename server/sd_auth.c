/*
 * sd_auth — key table and signature verification (see sd_auth.h).
 */
#include "server/sd_auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/xalloc.h"
#include "proto/sign.h"
#include "server/sd_err.h"

#define SD_SKEW 900 /* seconds of clock skew accepted (15 minutes) */

struct sd_key {
	char *id;
	char *secret;
	int sts;
};

struct sd_keys {
	struct sd_key *v;
	size_t n;
};

struct sd_keys *
sd_auth_keys_new(void)
{
	return xcalloc(1, sizeof(struct sd_keys));
}

void
sd_auth_keys_free(struct sd_keys *k)
{
	size_t i;

	if (k == NULL)
		return;
	for (i = 0; i < k->n; i++) {
		free(k->v[i].id);
		explicit_bzero(k->v[i].secret, strlen(k->v[i].secret));
		free(k->v[i].secret);
	}
	free(k->v);
	free(k);
}

void
sd_auth_keys_add(struct sd_keys *k, const char *id, const char *secret, int sts)
{
	k->v = xreallocarray(k->v, k->n + 1, sizeof *k->v);
	k->v[k->n].id = xstrdup(id);
	k->v[k->n].secret = xstrdup(secret);
	k->v[k->n].sts = sts;
	k->n++;
}

size_t
sd_auth_keys_count(const struct sd_keys *k)
{
	return k->n;
}

int
sd_auth_keys_load(struct sd_keys *k, const char *path, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "re");
	char line[1024];
	int lineno = 0;

	if (fp == NULL) {
		snprintf(err, errlen, "cannot read key file %s", path);
		return -1;
	}
	while (fgets(line, sizeof line, fp) != NULL) {
		char id[256], secret[512], kind[16] = "";
		int n;

		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[strspn(line, " \t")] == '\0' || line[strspn(line, " \t")] == '#')
			continue;
		n = sscanf(line, "%255s %511s %15s", id, secret, kind);
		if (n < 2 || (n == 3 && strcmp(kind, "sts") != 0)) {
			snprintf(err, errlen, "%s:%d: expected \"id secret [sts]\"", path, lineno);
			fclose(fp);
			explicit_bzero(line, sizeof line);
			return -1;
		}
		sd_auth_keys_add(k, id, secret, n == 3);
		explicit_bzero(secret, sizeof secret);
	}
	explicit_bzero(line, sizeof line);
	fclose(fp);
	return 0;
}

static const char *
sd_auth_hdr(const struct sign_req *r, const char *name)
{
	return sign_kv_get(r->headers, r->nheaders, name);
}

static const struct sd_key *
sd_auth_key_find(const struct sd_keys *k, const char *id)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		if (strcmp(k->v[i].id, id) == 0)
			return &k->v[i];
	return NULL;
}

/* The request time per version; -1 with err when missing or malformed. */
static time_t
sd_auth_time(const struct sign_req *r, int version, struct sd_err *err)
{
	const char *d = version == 4 ? sd_auth_hdr(r, "x-log-date") : sd_auth_hdr(r, "date");
	time_t t;

	if (d == NULL && version == 1)
		d = sd_auth_hdr(r, "x-log-date");
	if (d == NULL) {
		sd_err_set(err, 400, "MissingDate", "The request has no date");
		return -1;
	}
	t = sign_parse_date(d);
	if (t < 0)
		sd_err_set(err, 400, "InvalidDateFormat", "The date %.64s is not RFC 1123", d);
	return t;
}

int
sd_auth_check(const struct sd_keys *k, const struct sign_req *r, time_t now,
    struct sd_err *err)
{
	const char *authz = sd_auth_hdr(r, "authorization");
	const struct sd_key *key;
	struct sign_auth a;
	char want[512];
	const char *got;
	time_t t;

	if (authz == NULL || sign_parse_auth(authz, &a) != 0) {
		sd_err_set(err, 401, "Unauthorized", "The Authorization header is missing or "
						     "malformed");
		return -1;
	}
	if ((key = sd_auth_key_find(k, a.ak_id)) == NULL) {
		sd_err_set(err, 401, "Unauthorized", "AccessKeyId not found: %.64s", a.ak_id);
		return -1;
	}
	if (key->sts && sd_auth_hdr(r, "x-acs-security-token") == NULL) {
		sd_err_set(err, 401, "Unauthorized", "The security token is missing");
		return -1;
	}
	if ((t = sd_auth_time(r, a.version, err)) < 0)
		return -1;
	if (t < now - SD_SKEW || t > now + SD_SKEW) {
		sd_err_set(err, 400, "RequestTimeExpired",
		    "Request time %lld has been expired while server time is %lld.", (long long)t,
		    (long long)now);
		return -1;
	}
	if (a.version == 1) {
		if (sign_v1(r, key->id, key->secret, want, sizeof want) != 0)
			goto bad;
		got = strchr(want + 4, ':');
		if (got == NULL || !sign_equal(got + 1, a.signature))
			goto bad;
	} else {
		const char *hash = sd_auth_hdr(r, "x-log-content-sha256");
		char body[65];

		/* the signature covers the hash header; the hash must cover the body */
		sign_sha256_hex(r->body ? r->body : "", r->body_len, body);
		if (hash == NULL || strcasecmp(hash, body) != 0) {
			sd_err_set(err, 401, "SignatureNotMatch",
			    "x-log-content-sha256 does not match the body");
			return -1;
		}
		if (sign_v4(r, key->id, key->secret, a.region, want, sizeof want) != 0)
			goto bad;
		got = strstr(want, "Signature=");
		if (got == NULL || !sign_equal(got + 10, a.signature))
			goto bad;
	}
	explicit_bzero(want, sizeof want);
	return 0;
bad:
	explicit_bzero(want, sizeof want);
	sd_err_set(err, 401, "SignatureNotMatch", "Signature %.96s not matched.", a.signature);
	return -1;
}
