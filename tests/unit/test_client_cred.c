/*
 * test_client_cred — credential precedence (--profile, environment,
 * ~/.aliyunlogcli, ~/.aliyun/config.json, slsx's XDG config), defaults
 * from the XDG config, unsupported modes, unknown profiles, and the warning
 * for secret files others can read. Uses a temporary HOME.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client/cl_cred.h"
#include "tests/unit/t.h"

static char home[64];

static void
put_file(const char *rel, const char *text, mode_t mode)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", home, rel);
	fp = fopen(path, "w");
	if (fp == NULL)
		abort();
	fputs(text, fp);
	fclose(fp);
	chmod(path, mode);
}

static void
clear_env(void)
{
	unsetenv("ALIBABA_CLOUD_ACCESS_KEY_ID");
	unsetenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
	unsetenv("ALIBABA_CLOUD_SECURITY_TOKEN");
	unsetenv("ALIYUN_LOG_CLI_ACCESSID");
	unsetenv("ALIYUN_LOG_CLI_ACCESSKEY");
	unsetenv("ALIYUN_LOG_CLI_STS_TOKEN");
	unsetenv("ALIYUN_LOG_CLI_ENDPOINT");
	unsetenv("SLSX_ENDPOINT");
	unsetenv("SLSX_CA_FILE");
	unsetenv("XDG_CONFIG_HOME");
}

static void
setup(void)
{
	char d[128];

	snprintf(home, sizeof home, "/tmp/slsx-cred-XXXXXX");
	if (mkdtemp(home) == NULL)
		abort();
	snprintf(d, sizeof d, "%s/.aliyun", home);
	mkdir(d, 0700);
	snprintf(d, sizeof d, "%s/.config", home);
	mkdir(d, 0700);
	snprintf(d, sizeof d, "%s/.config/slsx", home);
	mkdir(d, 0700);
	clear_env();
	put_file(".aliyunlogcli", "[main]\naccess-id = cli-id\naccess-key = cli-secret\n"
				  "region-endpoint = cn-shanghai.log.aliyuncs.com\n\n"
				  "[work]\naccess-id=work-id\naccess-key=work-secret\n", 0600);
	put_file(".aliyun/config.json",
	    "{\"current\":\"default\",\"profiles\":[{\"name\":\"default\",\"mode\":\"AK\","
	    "\"access_key_id\":\"json-id\",\"access_key_secret\":\"json-secret\","
	    "\"region_id\":\"cn-beijing\"},{\"name\":\"sts\",\"mode\":\"StsToken\","
	    "\"access_key_id\":\"STS.x\",\"access_key_secret\":\"s\",\"sts_token\":\"tok\"},"
	    "{\"name\":\"ecs\",\"mode\":\"EcsRamRole\",\"ram_role_name\":\"r\"},"
	    "{\"name\":\"arn\",\"mode\":\"RamRoleArn\"}]}", 0600);
	put_file(".config/slsx/config", "[default]\nendpoint = http://127.0.0.1:7890\n"
					"project = demo\nlogstore = web\n"
					"ca-file = /etc/corp-ca.pem\n", 0644);
}

static void
teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf %s", home);
	if (system(cmd) != 0)
		abort();
	clear_env();
}

static void
test_precedence(void)
{
	struct cl_cred c;
	char err[512];

	setup();
	/* environment wins over files; XDG still gives defaults */
	setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "env-id", 1);
	setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret", 1);
	T_EQ_INT(cl_cred_load(NULL, home, &c, err, sizeof err), 0);
	T_EQ_STR(c.ak_id, "env-id");
	T_EQ_STR(c.source, "$ALIBABA_CLOUD_ACCESS_KEY_ID");
	T_EQ_STR(c.project, "demo");
	T_EQ_STR(c.endpoint, "http://127.0.0.1:7890");
	T_EQ_STR(c.ca_file, "/etc/corp-ca.pem");
	/* $SLSX_CA_FILE wins over the config file */
	setenv("SLSX_CA_FILE", "/tmp/other-ca.pem", 1);
	T_EQ_INT(cl_cred_load(NULL, home, &c, err, sizeof err), 0);
	T_EQ_STR(c.ca_file, "/tmp/other-ca.pem");
	unsetenv("SLSX_CA_FILE");
	/* the aliyunlog CLI's variables count too */
	clear_env();
	setenv("ALIYUN_LOG_CLI_ACCESSID", "cli-env", 1);
	setenv("ALIYUN_LOG_CLI_ACCESSKEY", "cli-env-secret", 1);
	setenv("ALIYUN_LOG_CLI_ENDPOINT", "cn-hangzhou", 1);
	T_EQ_INT(cl_cred_load(NULL, home, &c, err, sizeof err), 0);
	T_EQ_STR(c.ak_id, "cli-env");
	T_EQ_STR(c.source, "$ALIYUN_LOG_CLI_ACCESSID");
	T_EQ_STR(c.endpoint, "cn-hangzhou");
	/* then ~/.aliyunlogcli [main] */
	clear_env();
	T_EQ_INT(cl_cred_load(NULL, home, &c, err, sizeof err), 0);
	T_EQ_STR(c.ak_id, "cli-id");
	T_EQ_STR(c.endpoint, "cn-shanghai.log.aliyuncs.com");
	T_CHECK(strstr(c.source, ".aliyunlogcli [main]") != NULL);
	T_EQ_STR(c.warning, "");
	/* then ~/.aliyun/config.json current profile */
	put_file(".aliyunlogcli", "[other]\naccess-id=x\naccess-key=y\n", 0600);
	T_EQ_INT(cl_cred_load(NULL, home, &c, err, sizeof err), 0);
	T_EQ_STR(c.ak_id, "json-id");
	T_EQ_STR(c.endpoint, "cn-beijing");
	T_CHECK(strstr(c.source, "profile \"default\"") != NULL);
	cl_cred_clear(&c);
	T_EQ_STR(c.ak_secret, "");
	teardown();
}

static void
test_profiles_and_errors(void)
{
	struct cl_cred c;
	char err[512];

	setup();
	setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "env-id", 1);
	setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret", 1);
	/* --profile beats the environment */
	T_EQ_INT(cl_cred_load("work", home, &c, err, sizeof err), 0);
	T_EQ_STR(c.ak_id, "work-id");
	T_EQ_INT(cl_cred_load("sts", home, &c, err, sizeof err), 0);
	T_EQ_STR(c.ak_id, "STS.x");
	T_EQ_STR(c.sts_token, "tok");
	/* EcsRamRole asks the metadata service; none here: a clear error */
	setenv("SLSX_ECS_METADATA_URL", "http://127.0.0.1:9", 1);
	T_EQ_INT(cl_cred_load("ecs", home, &c, err, sizeof err), -1);
	T_CHECK(strstr(err, "ECS metadata service") != NULL);
	T_CHECK(strstr(err, "role r") != NULL);
	unsetenv("SLSX_ECS_METADATA_URL");
	/* a mode slsx does not speak is named */
	T_EQ_INT(cl_cred_load("arn", home, &c, err, sizeof err), -1);
	T_CHECK(strstr(err, "RamRoleArn") != NULL);
	T_EQ_INT(cl_cred_load("nosuch", home, &c, err, sizeof err), -1);
	T_CHECK(strstr(err, "nosuch") != NULL);
	/* a readable secret file is named in a warning */
	clear_env();
	put_file(".aliyunlogcli", "[main]\naccess-id=a\naccess-key=b\n", 0644);
	T_EQ_INT(cl_cred_load(NULL, home, &c, err, sizeof err), 0);
	T_CHECK(strstr(c.warning, ".aliyunlogcli") != NULL);
	T_CHECK(strstr(c.warning, "chmod 600") != NULL);
	/* nothing anywhere */
	put_file(".aliyunlogcli", "", 0600);
	put_file(".aliyun/config.json", "not json", 0600);
	T_EQ_INT(cl_cred_load(NULL, home, &c, err, sizeof err), 1);
	T_EQ_STR(c.project, "demo");
	/* XDG_CONFIG_HOME moves slsx's own file */
	setenv("XDG_CONFIG_HOME", "/nonexistent-slsx", 1);
	T_EQ_INT(cl_cred_load(NULL, home, &c, err, sizeof err), 1);
	T_EQ_STR(c.project, "");
	teardown();
}

/* The profiles a tree can offer: sections with keys, AK/StsToken JSON
 * profiles (not EcsRamRole or RamRoleArn), [profile X] of slsx's config;
 * each name once. */
static void
test_list_profiles(void)
{
	char names[8][64];
	int n;

	setup();
	put_file(".aliyunlogcli", "[main]\naccess-id = a\naccess-key = b\n"
				  "[nokeys]\nregion-endpoint = x\n"
				  "[work]\naccess-id = c\naccess-key = d\n", 0600);
	put_file(".config/slsx/config", "[default]\nendpoint = http://127.0.0.1:1\n"
					"[profile lab]\naccess-key-id = e\naccess-key-secret = f\n"
					"[profile work]\naccess-key-id = g\naccess-key-secret = h\n"
					"[profile empty]\nendpoint = x\n", 0600);
	n = cl_cred_profiles(home, names, 8);
	T_EQ_INT(n, 5);
	T_EQ_STR(names[0], "main");
	T_EQ_STR(names[1], "work");
	T_EQ_STR(names[2], "default"); /* config.json AK */
	T_EQ_STR(names[3], "sts");     /* config.json StsToken */
	T_EQ_STR(names[4], "lab");
	/* the cap holds */
	T_EQ_INT(cl_cred_profiles(home, names, 2), 2);
	teardown();
	/* no files: none */
	T_EQ_INT(cl_cred_profiles("/nonexistent", names, 8), 0);
}

#define T_LIST(X) X(test_precedence) X(test_profiles_and_errors) X(test_list_profiles)
T_MAIN(T_LIST)
