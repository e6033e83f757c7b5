/*
 * tool_server_imds — a fake ECS instance metadata service for tests of
 * the EcsRamRole credential mode.
 *
 *   tool_server_imds ROLE AK_ID AK_SECRET STS_TOKEN [--require-token] [--ttl=SECONDS]
 *
 * Prints "listening on http://127.0.0.1:PORT" and serves until killed:
 *   PUT /latest/api/token                        -> a session token
 *   GET /latest/meta-data/ram/security-credentials/       -> ROLE
 *   GET /latest/meta-data/ram/security-credentials/ROLE   -> the keys (JSON)
 * With --require-token the GETs need X-aliyun-ecs-metadata-token (401
 * otherwise), like an instance with the hardened mode enforced. --ttl sets
 * how long the keys are valid (default 3600 s). Each
 * request is logged to stderr as "METHOD PATH token=yes|no".
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#define IMDS_TOKEN "imds-session-token-1"

static const char *imds_role, *imds_id, *imds_secret, *imds_sts;
static int imds_require;
static long imds_ttl = 3600;

static enum MHD_Result
imds_reply(struct MHD_Connection *c, unsigned status, const char *body)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(body), (void *)body,
	    MHD_RESPMEM_MUST_COPY);
	enum MHD_Result rc = MHD_queue_response(c, status, r);

	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result
imds_handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *upload, size_t *upload_size, void **state)
{
	static const char base[] = "/latest/meta-data/ram/security-credentials/";
	const char *tok = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "X-aliyun-ecs-metadata-token");
	char body[8192], exp[32];
	time_t t = time(NULL) + imds_ttl;
	struct tm tm;

	(void)cls;
	(void)version;
	(void)upload;
	if (*state == NULL) {
		*state = (void *)1;
		return MHD_YES;
	}
	*upload_size = 0;
	fprintf(stderr, "%s %s token=%s\n", method, url, tok ? "yes" : "no");
	if (strcmp(method, "PUT") == 0 && strcmp(url, "/latest/api/token") == 0)
		return imds_reply(c, 200, IMDS_TOKEN);
	if (imds_require && (tok == NULL || strcmp(tok, IMDS_TOKEN) != 0))
		return imds_reply(c, 401, "");
	if (strcmp(method, "GET") == 0 && strcmp(url, base) == 0)
		return imds_reply(c, 200, imds_role);
	if (strcmp(method, "GET") == 0 && strncmp(url, base, sizeof base - 1) == 0 &&
	    strcmp(url + sizeof base - 1, imds_role) == 0) {
		gmtime_r(&t, &tm);
		strftime(exp, sizeof exp, "%Y-%m-%dT%H:%M:%SZ", &tm);
		snprintf(body, sizeof body,
		    "{\"AccessKeyId\":\"%s\",\"AccessKeySecret\":\"%s\",\"SecurityToken\":\"%s\","
		    "\"Expiration\":\"%s\",\"Code\":\"Success\"}",
		    imds_id, imds_secret, imds_sts, exp);
		return imds_reply(c, 200, body);
	}
	return imds_reply(c, 404, "");
}

int
main(int argc, char **argv)
{
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;

	if (argc < 5) {
		fprintf(stderr, "usage: tool_server_imds ROLE AK_ID AK_SECRET STS_TOKEN "
				"[--require-token]\n");
		return 2;
	}
	imds_role = argv[1];
	imds_id = argv[2];
	imds_secret = argv[3];
	imds_sts = argv[4];
	for (int i = 5; i < argc; i++) {
		if (strcmp(argv[i], "--require-token") == 0)
			imds_require = 1;
		else if (strncmp(argv[i], "--ttl=", 6) == 0)
			imds_ttl = atol(argv[i] + 6);
	}
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, imds_handle, NULL,
	    MHD_OPTION_END);
	if (d == NULL)
		return 1;
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("listening on http://127.0.0.1:%u\n", info ? info->port : 0);
	fflush(stdout);
	for (;;)
		pause();
}
