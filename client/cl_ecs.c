/*
 * cl_ecs — temporary credentials of an ECS instance's RAM role from the
 * instance metadata service (see cl_cred.h): a session token first
 * (PUT /latest/api/token, the hardened mode), then the role name when none
 * is configured, then the role's AccessKeyId, AccessKeySecret,
 * SecurityToken and Expiration. The service is at 100.100.100.200 unless
 * SLSX_ECS_METADATA_URL points elsewhere (tests).
 */
#include "client/cl_cred.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "base/sb.h"
#include "base/tparse.h"

static size_t
cl_ecs_body(char *p, size_t sz, size_t n, void *ud)
{
	return sb_add(ud, p, sz * n) == 0 ? sz * n : 0;
}

/* One request to the metadata service; 0 with the body on HTTP 200. */
static int
cl_ecs_get(const char *method, const char *path, const char *token, struct sb *out,
    long *status)
{
	const char *base = getenv("SLSX_ECS_METADATA_URL");
	char url[512], hdr[300];
	struct curl_slist *h = NULL;
	CURL *e = curl_easy_init();
	CURLcode cc;

	if (e == NULL)
		return -1;
	snprintf(url, sizeof url, "%s%s", base && *base ? base : "http://100.100.100.200", path);
	if (token) {
		snprintf(hdr, sizeof hdr, "X-aliyun-ecs-metadata-token: %s", token);
		h = curl_slist_append(h, hdr);
	}
	if (strcmp(method, "PUT") == 0)
		h = curl_slist_append(h, "X-aliyun-ecs-metadata-token-ttl-seconds: 21600");
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, cl_ecs_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, out);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, 1000L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 3000L);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
	cc = curl_easy_perform(e);
	*status = 0;
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, status);
	curl_slist_free_all(h);
	curl_easy_cleanup(e);
	return cc == CURLE_OK && *status == 200 ? 0 : -1;
}

/* The role's credentials JSON into c. */
static int
cl_ecs_parse(struct cl_cred *c, const struct sb *b, char *err, size_t errlen)
{
	cJSON *o = cJSON_ParseWithLength(b->p ? b->p : "", b->len);
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "AccessKeyId");
	const cJSON *sec = cJSON_GetObjectItemCaseSensitive(o, "AccessKeySecret");
	const cJSON *tok = cJSON_GetObjectItemCaseSensitive(o, "SecurityToken");
	const cJSON *exp = cJSON_GetObjectItemCaseSensitive(o, "Expiration");
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(o, "Code");
	time_t t;
	char terr[64];

	if (!cJSON_IsString(id) || !cJSON_IsString(sec) || !cJSON_IsString(tok) ||
	    (cJSON_IsString(code) && strcmp(code->valuestring, "Success") != 0) ||
	    strlen(id->valuestring) >= sizeof c->ak_id ||
	    strlen(sec->valuestring) >= sizeof c->ak_secret ||
	    strlen(tok->valuestring) >= sizeof c->sts_token) {
		snprintf(err, errlen, "the ECS metadata service gave no usable credentials for "
				      "role %s", c->ecs_role);
		cJSON_Delete(o);
		return -1;
	}
	snprintf(c->ak_id, sizeof c->ak_id, "%s", id->valuestring);
	snprintf(c->ak_secret, sizeof c->ak_secret, "%s", sec->valuestring);
	snprintf(c->sts_token, sizeof c->sts_token, "%s", tok->valuestring);
	c->expires = 0;
	if (cJSON_IsString(exp) && tparse(exp->valuestring, time(NULL), &t, terr, sizeof terr) == 0)
		c->expires = (int64_t)t;
	cJSON_Delete(o);
	return 0;
}

int
cl_cred_ecs(struct cl_cred *c, const char *role, char *err, size_t errlen)
{
	struct sb tok, b;
	char path[300];
	long st;
	int rc = -1;

	sb_init(&tok, 4096);
	sb_init(&b, 64 << 10);
	/* the hardened mode; a service without it answers 404/405: go on */
	if (cl_ecs_get("PUT", "/latest/api/token", NULL, &tok, &st) != 0)
		sb_reset(&tok);
	if (role == NULL || *role == '\0') {
		char *nl;

		if (cl_ecs_get("GET", "/latest/meta-data/ram/security-credentials/",
		    tok.len ? sb_str(&tok) : NULL, &b, &st) != 0 || b.len == 0) {
			snprintf(err, errlen, "no RAM role from the ECS metadata service (HTTP %ld)",
			    st);
			goto out;
		}
		nl = strchr(sb_str(&b), '\n');
		if (nl)
			*nl = '\0';
		snprintf(c->ecs_role, sizeof c->ecs_role, "%s", sb_str(&b));
		sb_reset(&b);
	} else {
		snprintf(c->ecs_role, sizeof c->ecs_role, "%s", role);
	}
	snprintf(path, sizeof path, "/latest/meta-data/ram/security-credentials/%s", c->ecs_role);
	if (cl_ecs_get("GET", path, tok.len ? sb_str(&tok) : NULL, &b, &st) != 0) {
		snprintf(err, errlen, "the ECS metadata service refused the credentials of role %s "
				      "(HTTP %ld)", c->ecs_role, st);
		goto out;
	}
	rc = cl_ecs_parse(c, &b, err, errlen);
out:
	if (b.p)
		explicit_bzero(b.p, b.len);
	sb_free(&b);
	sb_free(&tok);
	return rc;
}

int
cl_cred_ecs_refresh(void *ud, char *id, size_t idlen, char *secret, size_t seclen, char *token,
    size_t toklen, int64_t *expires)
{
	struct cl_cred *c = ud, fresh;
	char err[256];

	memset(&fresh, 0, sizeof fresh);
	if (cl_cred_ecs(&fresh, c->ecs_role, err, sizeof err) != 0) {
		cl_cred_clear(&fresh);
		return -1;
	}
	snprintf(id, idlen, "%s", fresh.ak_id);
	snprintf(secret, seclen, "%s", fresh.ak_secret);
	snprintf(token, toklen, "%s", fresh.sts_token);
	*expires = fresh.expires;
	cl_cred_clear(&fresh);
	return 0;
}
