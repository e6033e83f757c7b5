/*
 * cl_cred — credential and default sources (see cl_cred.h).
 */
#include "client/cl_cred.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "base/ini.h"
#include "base/xalloc.h"

/* Note a group/other-readable secret file (first one wins). */
static void
cl_cred_perm(struct cl_cred *c, const char *path)
{
	struct stat st;

	if (c->warning[0] || stat(path, &st) != 0 || (st.st_mode & 077) == 0)
		return;
	snprintf(c->warning, sizeof c->warning,
	    "warning: %s holds a secret and is readable by others; run: chmod 600 %s", path,
	    path);
}

static void
cl_set(char *dst, size_t n, const char *v)
{
	snprintf(dst, n, "%s", v);
}

/* ~/.aliyunlogcli keys. */
static void
cl_logcli_key(void *ud, const char *k, const char *v)
{
	struct cl_cred *c = ud;

	if (strcmp(k, "access-id") == 0)
		cl_set(c->ak_id, sizeof c->ak_id, v);
	else if (strcmp(k, "access-key") == 0)
		cl_set(c->ak_secret, sizeof c->ak_secret, v);
	else if (strcmp(k, "sts-token") == 0)
		cl_set(c->sts_token, sizeof c->sts_token, v);
	else if (strcmp(k, "region-endpoint") == 0 && !c->endpoint[0])
		cl_set(c->endpoint, sizeof c->endpoint, v);
}

/* slsx's own config keys. */
static void
cl_xdg_key(void *ud, const char *k, const char *v)
{
	struct cl_cred *c = ud;

	if (strcmp(k, "access-key-id") == 0 && !c->source[0])
		cl_set(c->ak_id, sizeof c->ak_id, v);
	else if (strcmp(k, "access-key-secret") == 0 && !c->source[0])
		cl_set(c->ak_secret, sizeof c->ak_secret, v);
	else if (strcmp(k, "security-token") == 0 && !c->source[0])
		cl_set(c->sts_token, sizeof c->sts_token, v);
	else if (strcmp(k, "endpoint") == 0 && !c->endpoint[0])
		cl_set(c->endpoint, sizeof c->endpoint, v);
	else if (strcmp(k, "project") == 0 && !c->project[0])
		cl_set(c->project, sizeof c->project, v);
	else if (strcmp(k, "logstore") == 0 && !c->logstore[0])
		cl_set(c->logstore, sizeof c->logstore, v);
	else if (strcmp(k, "ca-file") == 0 && !c->ca_file[0])
		cl_set(c->ca_file, sizeof c->ca_file, v);
}

static int
cl_have_keys(const struct cl_cred *c)
{
	return c->ak_id[0] && c->ak_secret[0];
}

static const char *
cl_getenv(const char *a, const char *b, const char **which)
{
	const char *v = getenv(a);

	*which = a;
	if (v == NULL || !*v) {
		v = getenv(b);
		*which = b;
	}
	return v && *v ? v : NULL;
}

static int
cl_from_env(struct cl_cred *c)
{
	const char *which, *id = cl_getenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIYUN_LOG_CLI_ACCESSID",
	    &which);
	const char *w2, *secret = cl_getenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET",
	    "ALIYUN_LOG_CLI_ACCESSKEY", &w2);
	const char *w3, *token = cl_getenv("ALIBABA_CLOUD_SECURITY_TOKEN",
	    "ALIYUN_LOG_CLI_STS_TOKEN", &w3);
	const char *w4, *ep = cl_getenv("SLSX_ENDPOINT", "ALIYUN_LOG_CLI_ENDPOINT", &w4);

	const char *ca = getenv("SLSX_CA_FILE");

	if (ep && !c->endpoint[0])
		cl_set(c->endpoint, sizeof c->endpoint, ep);
	if (ca && *ca && !c->ca_file[0])
		cl_set(c->ca_file, sizeof c->ca_file, ca);
	if (id == NULL || secret == NULL)
		return 0;
	cl_set(c->ak_id, sizeof c->ak_id, id);
	cl_set(c->ak_secret, sizeof c->ak_secret, secret);
	if (token)
		cl_set(c->sts_token, sizeof c->sts_token, token);
	snprintf(c->source, sizeof c->source, "$%s", which);
	return 1;
}

/* A JSON file of at most 1 MiB (it may hold secrets: the copy is wiped),
 * or NULL. */
static cJSON *
cl_read_json(const char *path)
{
	FILE *fp = fopen(path, "re");
	char *buf;
	long n;
	cJSON *o;

	if (fp == NULL)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	if (n <= 0 || n > (1 << 20)) {
		fclose(fp);
		return NULL;
	}
	buf = xmalloc((size_t)n + 1);
	n = (long)fread(buf, 1, (size_t)n, fp);
	fclose(fp);
	o = cJSON_ParseWithLength(buf, (size_t)n);
	explicit_bzero(buf, (size_t)n);
	free(buf);
	return o;
}

/* ~/.aliyun/config.json: profile name (NULL: "current"). 1 found, 0 not,
 * -1 unsupported mode (err set). */
static int
cl_from_aliyun_json(struct cl_cred *c, const char *path, const char *profile, char *err,
    size_t errlen)
{
	cJSON *o = cl_read_json(path), *profs, *p, *cur;
	int rc = 0;

	if (o == NULL)
		return 0;
	cur = cJSON_GetObjectItemCaseSensitive(o, "current");
	if (profile == NULL)
		profile = cJSON_IsString(cur) ? cur->valuestring : "default";
	profs = cJSON_GetObjectItemCaseSensitive(o, "profiles");
	cJSON_ArrayForEach(p, profs) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(p, "name");
		const cJSON *mode = cJSON_GetObjectItemCaseSensitive(p, "mode");
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(p, "access_key_id");
		const cJSON *sec = cJSON_GetObjectItemCaseSensitive(p, "access_key_secret");
		const cJSON *tok = cJSON_GetObjectItemCaseSensitive(p, "sts_token");
		const cJSON *reg = cJSON_GetObjectItemCaseSensitive(p, "region_id");
		const char *m = cJSON_IsString(mode) ? mode->valuestring : "AK";

		if (!cJSON_IsString(name) || strcmp(name->valuestring, profile) != 0)
			continue;
		if (strcmp(m, "EcsRamRole") == 0) {
			const cJSON *role = cJSON_GetObjectItemCaseSensitive(p, "ram_role_name");

			rc = cl_cred_ecs(c, cJSON_IsString(role) ? role->valuestring : NULL, err,
			    errlen) == 0 ? 1 : -1;
			if (rc == 1)
				snprintf(c->source, sizeof c->source, "%s profile \"%s\" (ECS RAM role %s)",
				    path, profile, c->ecs_role);
			if (rc == 1 && cJSON_IsString(reg) && reg->valuestring[0] && !c->endpoint[0])
				cl_set(c->endpoint, sizeof c->endpoint, reg->valuestring);
			break;
		}
		if (strcmp(m, "AK") != 0 && strcmp(m, "StsToken") != 0) {
			snprintf(err, errlen, "%s profile \"%s\": mode %s is not supported yet "
			    "(AK, StsToken and EcsRamRole are)", path, profile, m);
			rc = -1;
			break;
		}
		if (!cJSON_IsString(id) || !cJSON_IsString(sec))
			break;
		cl_set(c->ak_id, sizeof c->ak_id, id->valuestring);
		cl_set(c->ak_secret, sizeof c->ak_secret, sec->valuestring);
		if (strcmp(m, "StsToken") == 0 && cJSON_IsString(tok))
			cl_set(c->sts_token, sizeof c->sts_token, tok->valuestring);
		if (cJSON_IsString(reg) && reg->valuestring[0] && !c->endpoint[0])
			cl_set(c->endpoint, sizeof c->endpoint, reg->valuestring);
		snprintf(c->source, sizeof c->source, "%s profile \"%s\"", path, profile);
		cl_cred_perm(c, path);
		rc = 1;
		break;
	}
	cJSON_Delete(o);
	return rc;
}

void
cl_cred_clear(struct cl_cred *c)
{
	explicit_bzero(c, sizeof *c);
}

int
cl_cred_load(const char *profile, const char *home, struct cl_cred *out, char *err,
    size_t errlen)
{
	char logcli[480], aliyun[480], xdg[480];
	int rc;

	memset(out, 0, sizeof *out);
	err[0] = '\0';
	if (home == NULL)
		home = getenv("HOME") ? getenv("HOME") : "";
	snprintf(logcli, sizeof logcli, "%s/.aliyunlogcli", home);
	snprintf(aliyun, sizeof aliyun, "%s/.aliyun/config.json", home);
	ini_config_path(xdg, sizeof xdg, home);
	if (profile != NULL) {
		struct cl_cred t;

		memset(&t, 0, sizeof t);
		if (ini_section(logcli, profile, cl_logcli_key, &t) == 1 && cl_have_keys(&t)) {
			*out = t;
			snprintf(out->source, sizeof out->source, "%s [%s]", logcli, profile);
			cl_cred_perm(out, logcli);
		} else if ((rc = cl_from_aliyun_json(out, aliyun, profile, err, errlen)) != 0) {
			if (rc < 0)
				return -1;
		} else {
			char sec[160];

			snprintf(sec, sizeof sec, "profile %s", profile);
			memset(out, 0, sizeof *out);
			if (ini_section(xdg, sec, cl_xdg_key, out) != 1 || !cl_have_keys(out)) {
				snprintf(err, errlen, "no profile \"%s\" with keys in %s, %s or %s",
				    profile, logcli, aliyun, xdg);
				cl_cred_clear(out);
				return -1;
			}
			snprintf(out->source, sizeof out->source, "%s [profile %s]", xdg, profile);
			cl_cred_perm(out, xdg);
		}
		ini_section(xdg, "default", cl_xdg_key, out);
		return 0;
	}
	if (!cl_from_env(out)) {
		struct cl_cred t;

		memset(&t, 0, sizeof t);
		if (ini_section(logcli, "main", cl_logcli_key, &t) == 1 && cl_have_keys(&t)) {
			snprintf(out->ak_id, sizeof out->ak_id, "%s", t.ak_id);
			snprintf(out->ak_secret, sizeof out->ak_secret, "%s", t.ak_secret);
			snprintf(out->sts_token, sizeof out->sts_token, "%s", t.sts_token);
			if (!out->endpoint[0])
				snprintf(out->endpoint, sizeof out->endpoint, "%s", t.endpoint);
			snprintf(out->source, sizeof out->source, "%s [main]", logcli);
			cl_cred_perm(out, logcli);
		} else if ((rc = cl_from_aliyun_json(out, aliyun, NULL, err, errlen)) < 0) {
			return -1;
		} else if (rc == 0 && getenv("ALIBABA_CLOUD_ECS_METADATA") &&
		    *getenv("ALIBABA_CLOUD_ECS_METADATA")) {
			if (cl_cred_ecs(out, getenv("ALIBABA_CLOUD_ECS_METADATA"), err, errlen) != 0)
				return -1;
			snprintf(out->source, sizeof out->source,
			    "$ALIBABA_CLOUD_ECS_METADATA (ECS RAM role %s)", out->ecs_role);
		}
		explicit_bzero(&t, sizeof t);
	}
	ini_section(xdg, "default", cl_xdg_key, out);
	if (!out->source[0] && cl_have_keys(out)) {
		snprintf(out->source, sizeof out->source, "%s [default]", xdg);
		cl_cred_perm(out, xdg);
	}
	return cl_have_keys(out) ? 0 : 1;
}

/* ---- listing profiles ---- */

struct cl_plist {
	char (*names)[64];
	int n, max;
	const char *path;   /* the INI file being listed */
	const char *prefix; /* only sections starting with this ("" all) */
};

static void
cl_plist_add(struct cl_plist *l, const char *name)
{
	int i;

	if (l->n >= l->max || name[0] == '\0' || strlen(name) >= 64)
		return;
	for (i = 0; i < l->n; i++)
		if (strcmp(l->names[i], name) == 0)
			return;
	snprintf(l->names[l->n++], 64, "%s", name);
}

/* A section of an INI file: kept when it holds keys. */
static void
cl_plist_section(void *ud, const char *name, const char *unused)
{
	struct cl_plist *l = ud;
	struct cl_cred t;
	size_t pn = strlen(l->prefix);

	(void)unused;
	if (strncmp(name, l->prefix, pn) != 0)
		return;
	memset(&t, 0, sizeof t);
	if (ini_section(l->path, name, pn ? cl_xdg_key : cl_logcli_key, &t) == 1 &&
	    cl_have_keys(&t))
		cl_plist_add(l, name + pn);
	cl_cred_clear(&t);
}

static void
cl_plist_json(struct cl_plist *l, const char *path)
{
	cJSON *o = cl_read_json(path), *p;

	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(o, "profiles")) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(p, "name");
		const cJSON *mode = cJSON_GetObjectItemCaseSensitive(p, "mode");
		const char *m = cJSON_IsString(mode) ? mode->valuestring : "AK";

		if (cJSON_IsString(name) && (strcmp(m, "AK") == 0 || strcmp(m, "StsToken") == 0) &&
		    cJSON_IsString(cJSON_GetObjectItemCaseSensitive(p, "access_key_id")) &&
		    cJSON_IsString(cJSON_GetObjectItemCaseSensitive(p, "access_key_secret")))
			cl_plist_add(l, name->valuestring);
	}
	cJSON_Delete(o);
}

int
cl_cred_profiles(const char *home, char (*names)[64], int max)
{
	char logcli[480], aliyun[480], xdg[480];
	struct cl_plist l = { names, 0, max, logcli, "" };

	if (home == NULL)
		home = getenv("HOME") ? getenv("HOME") : "";
	snprintf(logcli, sizeof logcli, "%s/.aliyunlogcli", home);
	snprintf(aliyun, sizeof aliyun, "%s/.aliyun/config.json", home);
	ini_config_path(xdg, sizeof xdg, home);
	ini_sections(logcli, cl_plist_section, &l);
	cl_plist_json(&l, aliyun);
	l.path = xdg;
	l.prefix = "profile ";
	ini_sections(xdg, cl_plist_section, &l);
	return l.n;
}
