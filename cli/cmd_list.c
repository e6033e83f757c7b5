/*
 * cmd_list — the control-plane commands: `slsx projects` and `logstores`
 * (every page of the list, one name per line), `create-project` and
 * `create-logstore`.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"
#include "client/cl.h"
#include "client/cl_api.h"

/* Page through ListProject or ListLogStores, one name per line. */
static int
cmd_list_names(struct cli *x, int projects)
{
	int64_t offset = 0, size = 500;

	for (;;) {
		struct cl_args a;
		struct cl_call call;
		struct cli_result r;
		struct cl_names names;
		struct cl_err perr;
		size_t i;
		int rc;

		cl_args_init(&a);
		if (projects)
			cl_api_list_projects(&call, &a, offset, size);
		else
			cl_api_list_logstores(&call, &a, x->project, offset, size);
		rc = cli_call(x, &call, &r);
		cl_args_free(&a);
		if (rc != 0)
			return cli_report(projects ? "ListProject" : "ListLogStores", &r.err);
		rc = projects ? cl_parse_projects(&r.rs, &names, &perr)
			      : cl_parse_logstores(&r.rs, &names, &perr);
		cli_result_free(&r);
		if (rc != 0)
			return cli_report("reply", &perr);
		for (i = 0; i < names.n; i++) {
			cli_print_text(names.v[i], strlen(names.v[i]), x->raw);
			putchar('\n');
		}
		offset += (int64_t)names.n;
		rc = names.n == 0 || offset >= names.total;
		cl_names_free(&names);
		if (rc)
			return SLSX_EX_OK;
	}
}

int
cmd_list_projects(struct cli *x, const struct cli_opts *o)
{
	(void)o;
	return cmd_list_names(x, 1);
}

int
cmd_list_logstores(struct cli *x, const struct cli_opts *o)
{
	(void)o;
	return cmd_list_names(x, 0);
}

int
cmd_list_create_project(struct cli *x, const struct cli_opts *o)
{
	struct cl_args a;
	struct cl_call call;
	int rc;

	cl_args_init(&a);
	cl_api_create_project(&call, &a, o->argv[0], o->desc ? o->desc : "");
	rc = cli_simple(x, &call, "CreateProject");
	cl_args_free(&a);
	return rc;
}

int
cmd_list_create_logstore(struct cli *x, const struct cli_opts *o)
{
	struct cl_args a;
	struct cl_call call;
	int rc;

	cl_args_init(&a);
	cl_api_create_logstore(&call, &a, x->project, o->argv[0], o->ttl, o->shards);
	rc = cli_simple(x, &call, "CreateLogStore");
	cl_args_free(&a);
	return rc;
}
