/*
 * app_conn — connections: the keys and endpoint slsx started with, the
 * other profiles of the credential files and other endpoints for the
 * same keys. The set and every profile's keys are resolved at start;
 * each connection's client is made on first use from what was resolved,
 * so nothing reads a credential file on the way to a request.
 */
#include "tui/app_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "client/cl.h"
#include "client/cl_cred.h"

/* The client of connection k, made on first use: the configuration slsx
 * started with, with that connection's endpoint and (for a profile) the
 * keys read at start. NULL after telling the user why not. */
struct cl_client *
app_conn_client(struct app *a, int k)
{
	struct app_conn *cn = &a->conns[k];
	struct cl_cfg cfg;
	struct cl_err err;

	if (cn->cl || k == 0 || a->o.cfg == NULL)
		return cn->cl;
	cfg = *a->o.cfg;
	cfg.endpoint = cn->endpoint;
	if (cn->cred) {
		cfg.ak_id = cn->cred->ak_id;
		cfg.ak_secret = cn->cred->ak_secret;
		cfg.sts_token = cn->cred->sts_token[0] ? cn->cred->sts_token : NULL;
	}
	/* v4 needs the region of this endpoint: a region id names it */
	if (cfg.region && strpbrk(cn->endpoint, ".:/") == NULL)
		cfg.region = cn->endpoint;
	cn->cl = cl_client_new_shared(a->conns[0].cl, &cfg, &err);
	if (cn->cl == NULL)
		app_statusf(a, 1, "%s: %s", cn->label, err.msg);
	return cn->cl;
}

/* Make connection k the one queries, context and the tail go through. */
void
app_conn_use(struct app *a, int k)
{
	struct cl_client *c = app_conn_client(a, k);

	if (c == NULL)
		return;
	a->conn = k;
	a->cl = c;
}

/* Add a connection; 0 ok, -1 when there is no room or no endpoint. */
static int
app_conn_add(struct app *a, const char *label, const char *profile, const char *endpoint)
{
	struct app_conn *cn;

	if (a->nconns >= APP_NCONN || endpoint == NULL || !*endpoint)
		return -1;
	cn = &a->conns[a->nconns++];
	app_text_copy(cn->label, sizeof cn->label, label);
	app_text_copy(cn->profile, sizeof cn->profile, profile);
	app_text_copy(cn->endpoint, sizeof cn->endpoint, endpoint);
	return 0;
}

/* conns[0] is what slsx started with; then every other profile of the
 * credential files (one with the same keys and endpoint is the same
 * connection), then the extra endpoints for slsx's own keys. */
void
app_conn_init(struct app *a, struct cl_client *cl)
{
	const struct app_opts *o = &a->o;
	const char *ep0 = o->cfg && o->cfg->endpoint ? o->cfg->endpoint : "";
	char names[APP_NCONN][64], cerr[512], *list, *tok, *save = NULL;
	int n = 0, i;

	app_conn_add(a, o->profile ? o->profile : "default", o->profile ? o->profile : "",
	    ep0[0] ? ep0 : "-");
	a->conns[0].cl = cl;
	app_text_copy(a->conns[0].source, sizeof a->conns[0].source,
	    o->cred_source ? o->cred_source : "");
	if (o->home && o->cfg)
		n = cl_cred_profiles(o->home, names, APP_NCONN);
	for (i = 0; i < n; i++) {
		struct cl_cred *cred;
		const char *ep;

		if (o->profile && strcmp(names[i], o->profile) == 0)
			continue;
		cred = xcalloc(1, sizeof *cred);
		if (cl_cred_load(names[i], o->home, cred, cerr, sizeof cerr) >= 0) {
			ep = cred->endpoint[0] ? cred->endpoint : ep0;
			if (!(o->cfg->ak_id && strcmp(cred->ak_id, o->cfg->ak_id) == 0 &&
			    strcmp(ep, ep0) == 0) && app_conn_add(a, names[i], names[i], ep) == 0) {
				a->conns[a->nconns - 1].cred = cred; /* kept for its client */
				app_text_copy(a->conns[a->nconns - 1].source,
				    sizeof a->conns[a->nconns - 1].source, cred->source);
				continue;
			}
		}
		cl_cred_clear(cred);
		free(cred);
	}
	if (o->endpoints && o->cfg) {
		list = xstrdup(o->endpoints);
		for (tok = strtok_r(list, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save))
			if (strcmp(tok, ep0) != 0 && app_conn_add(a, tok, "", tok) == 0)
				app_text_copy(a->conns[a->nconns - 1].source,
				    sizeof a->conns[a->nconns - 1].source, a->conns[0].source);
		free(list);
	}
	/* several: a connection level on top of the tree */
	for (i = 0; a->nconns > 1 && i < a->nconns; i++)
		app_tree_insert(a, a->tree.nnodes, a->conns[i].label, -1, i);
}

/* The connections slsx made (conns[0] is the caller's). */
void
app_conn_free(struct app *a)
{
	int i;

	for (i = 1; i < a->nconns; i++) {
		cl_client_free(a->conns[i].cl);
		a->conns[i].cl = NULL;
		if (a->conns[i].cred) {
			cl_cred_clear(a->conns[i].cred);
			free(a->conns[i].cred);
			a->conns[i].cred = NULL;
		}
	}
}
