/*
 * cmd_whoami — `slsx whoami` (or `doctor`): where the credentials came
 * from (never the secret), the endpoint, the signature version, and
 * whether the endpoint answers a signed request; with -p, the project.
 */
#include <stdio.h>
#include <string.h>

#include "base/sb.h"
#include "cli/cmd.h"
#include "client/cl.h"
#include "client/cl_api.h"

static const char *
cmd_whoami_http_name(int v)
{
	return v == 20 ? "HTTP/2" : v == 30 ? "HTTP/3" : v == 10 ? "HTTP/1.0" : "HTTP/1.1";
}

/* whoami/doctor: where credentials came from (never the secret), the
 * endpoint, and whether it answers a signed request. */
/* ListProject (does the endpoint answer?), then GetProject with -p. */
static int
cmd_whoami_ask(struct cli *x, struct sb *b1, struct sb *b2)
{
	struct cl_args a;
	struct cl_call call;
	struct cli_result r;
	int rc;

	cl_args_init(&a);
	cl_api_list_projects(&call, &a, 0, 1);
	rc = cli_call(x, &call, &r);
	cl_args_free(&a);
	if (rc != 0) {
		printf("endpoint answers: no\n");
		return cli_report("ListProject", &r.err);
	}
	cli_result_free(&r);
	printf("endpoint answers: yes (%s, signed ListProject succeeded, request id %s)\n",
	    cmd_whoami_http_name(r.rs.http_version), cli_safe(b1, r.rs.requestid));
	if (x->project) {
		struct cl_project p;
		struct cl_err perr;

		cl_args_init(&a);
		cl_api_get_project(&call, &a, x->project);
		rc = cli_call(x, &call, &r);
		cl_args_free(&a);
		if (rc != 0)
			return cli_report("GetProject", &r.err);
		rc = cl_parse_project(&r.rs, &p, &perr);
		cli_result_free(&r);
		if (rc != 0)
			return cli_report("GetProject reply", &perr);
		printf("project:      ");
		cli_print_text(p.name, strlen(p.name), x->raw);
		printf(" (%s, region %s)\n", cli_safe(b1, p.status), cli_safe(b2, p.region));
	}
	return SLSX_EX_OK;
}

int
cmd_whoami_run(struct cli *x, const struct cli_opts *o)
{
	const struct cl_cfg *cfg = x->cfg;
	const char *source = x->cred_source;
	int https, rc;
	char host[256];
	struct sb b1, b2;

	(void)o;
	sb_init(&b1, 8192);
	sb_init(&b2, 8192);
	printf("endpoint:     %s\n", cli_safe(&b1, cfg->endpoint));
	if (cl_endpoint_parse(cfg->endpoint, &https, host, sizeof host) == 0)
		printf("resolved:     %s://%s%s%s\n", https ? "https" : "http", cli_safe(&b1, host),
		    cfg->connect_to ? " via " : "", cli_safe(&b2, cfg->connect_to));
	printf("credentials:  access key id %s from ", cli_safe(&b1, cfg->ak_id));
	printf("%s%s\n", cli_safe(&b2, source), cfg->sts_token ? " (with a security token)" : "");
	printf("signature:    %s%s\n", cfg->region ? "v4 (SLS4-HMAC-SHA256), region " : "v1 (HMAC-SHA1)",
	    cli_safe(&b1, cfg->region));
	rc = cmd_whoami_ask(x, &b1, &b2);
	sb_free(&b1);
	sb_free(&b2);
	return rc;
}
