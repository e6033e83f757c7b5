/*
 * fuzz_server_cg — the consumer group APIs (server/sd_cg.c) through slsd's
 * router on arbitrary requests: the input is "METHOD\nSUFFIX?QUERY\nBODY",
 * the path /logstores/web/consumergroups + SUFFIX in project p1 of an
 * in-memory store (logstore web, 4 shards). Must never crash, leak or
 * answer anything but a JSON body or an SLS error.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sb.h"
#include "proto/sign.h"
#include "server/sd_catalog.h"
#include "server/sd_req.h"
#include "server/sd_route.h"
#include "server/sd_store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FZ_MAXQ 8

static struct sd_server fz_srv;

static void
fz_setup(void)
{
	struct sd_err err;
	struct sd_logstore ls;

	fz_srv.store = sd_store_open(NULL, &err);
	if (fz_srv.store == NULL)
		abort();
	sd_catalog_project_create(fz_srv.store, "p1", "", &err);
	memset(&ls, 0, sizeof ls);
	strcpy(ls.name, "web");
	ls.ttl = 7;
	ls.shard_count = 4;
	sd_catalog_logstore_create(fz_srv.store, "p1", &ls, &err);
}

/* "k=v&k=v" into q (pointers into s, which is cut); the count. */
static size_t
fz_query(char *s, struct sign_kv *q)
{
	size_t n = 0;

	while (s != NULL && *s && n < FZ_MAXQ) {
		char *amp = strchr(s, '&'), *eq;

		if (amp)
			*amp = '\0';
		eq = strchr(s, '=');
		if (eq)
			*eq = '\0';
		q[n].key = s;
		q[n].value = eq ? eq + 1 : "";
		n++;
		s = amp ? amp + 1 : NULL;
	}
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), *nl, *nl2, *qm, path[512];
	struct sign_kv q[FZ_MAXQ];
	struct sd_req rq;
	struct sd_resp rs;

	if (s == NULL)
		return 0;
	if (fz_srv.store == NULL)
		fz_setup();
	memcpy(s, data, size);
	s[size] = '\0';
	nl = strchr(s, '\n');
	nl2 = nl ? strchr(nl + 1, '\n') : NULL;
	if (nl == NULL || nl2 == NULL) {
		free(s);
		return 0;
	}
	*nl = *nl2 = '\0';
	qm = strchr(nl + 1, '?');
	if (qm)
		*qm = '\0';
	snprintf(path, sizeof path, "/logstores/web/consumergroups%s", nl + 1);
	memset(&rq, 0, sizeof rq);
	memset(&rs, 0, sizeof rs);
	rq.method = s;
	rq.path = path;
	strcpy(rq.project, "p1");
	rq.query = q;
	rq.nquery = fz_query(qm ? qm + 1 : NULL, q);
	sb_init(&rq.body, SD_MAX_BODY);
	if (sb_add(&rq.body, nl2 + 1, size - (size_t)(nl2 + 1 - s)) != 0)
		abort();
	sb_init(&rs.body, 0);
	sd_route_handle(&fz_srv, &rq, &rs);
	if (rs.status != 200 && (rs.status < 400 || rs.status > 599))
		abort();
	sb_free(&rs.body);
	sb_free(&rq.body);
	free(s);
	return 0;
}
