/*
 * cl_cred — where credentials and defaults come from, in the order users
 * of the Alibaba Cloud tools expect:
 *
 *   1. --profile NAME: that profile in ~/.aliyunlogcli ([NAME]),
 *      ~/.aliyun/config.json (profiles[].name) or slsx's config ([NAME])
 *   2. the environment: ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET /
 *      ALIBABA_CLOUD_SECURITY_TOKEN, or ALIYUN_LOG_CLI_ACCESSID /
 *      _ACCESSKEY / _STS_TOKEN / _ENDPOINT
 *   3. ~/.aliyunlogcli, section [main]
 *   4. ~/.aliyun/config.json, the "current" profile (modes AK, StsToken,
 *      EcsRamRole through the instance metadata service), then
 *      ALIBABA_CLOUD_ECS_METADATA (a RAM role name) the same way
 *   5. $XDG_CONFIG_HOME/slsx/config (default ~/.config/slsx/config),
 *      section [default]
 *
 * The XDG file also gives defaults (endpoint, project, logstore) whichever
 * source supplied the keys. A file that holds a secret and is readable by
 * group or others yields a warning naming the file and the fix. The
 * source is reported (for `slsx whoami`), never the secret.
 */
#ifndef SLSX_CLIENT_CL_CRED_H
#define SLSX_CLIENT_CL_CRED_H

#include <stddef.h>
#include <stdint.h>

struct cl_cred {
	char ak_id[128];
	char ak_secret[256];
	char sts_token[4096];
	char endpoint[256];
	char project[128];
	char logstore[128];
	char ca_file[512];  /* CA bundle ("" = the system's) */
	char source[1024];  /* e.g. "$ALIBABA_CLOUD_ACCESS_KEY_ID" or "~/.aliyunlogcli [main]" */
	char warning[2560]; /* "" or a line to show the user */
	char ecs_role[128];  /* EcsRamRole: the role whose keys these are */
	int64_t expires;     /* temporary keys: unix time they expire, 0 never */
};

/* Fill out from the sources above (profile may be NULL). home: the home
 * folder (NULL: $HOME). 0 ok (keys found), 1 no keys anywhere (defaults may
 * still be set), -1 error (unknown profile, unsupported mode) with err. */
int cl_cred_load(const char *profile, const char *home, struct cl_cred *out, char *err,
    size_t errlen);
/* EcsRamRole: fetch the keys of role (NULL or "": the first role the
 * instance has) from the instance metadata service into c. 0 ok, -1 with
 * err. */
int cl_cred_ecs(struct cl_cred *c, const char *role, char *err, size_t errlen);
/* A cl_refresh_fn (cl.h) for EcsRamRole keys; ud is the struct cl_cred. */
int cl_cred_ecs_refresh(void *ud, char *id, size_t idlen, char *secret, size_t seclen,
    char *token, size_t toklen, int64_t *expires);
/* The named profiles the files hold with keys of their own (no network
 * needed): ~/.aliyunlogcli sections, ~/.aliyun/config.json profiles in
 * mode AK or StsToken, and [profile NAME] sections of slsx's config; each
 * name once, in that order. Fills names[0..max) (NUL-terminated, cut at
 * 64 bytes) and returns the count. home NULL: $HOME. */
int cl_cred_profiles(const char *home, char (*names)[64], int max);
/* Wipe secrets. */
void cl_cred_clear(struct cl_cred *c);

#endif
