/*
 * sd_req — request accessors (see sd_req.h).
 */
#include "server/sd_req.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "server/sd_resp.h"

const char *
sd_req_query(const struct sd_req *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->nquery; i++)
		if (strcmp(r->query[i].key, key) == 0)
			return r->query[i].value;
	return NULL;
}

const char *
sd_req_header(const struct sd_req *r, const char *name)
{
	return sign_kv_get(r->headers, r->nheaders, name);
}

int
sd_req_parse_int(const char *v, int64_t def, int64_t *out)
{
	char *end;
	long long x;

	*out = def;
	if (v == NULL || *v == '\0')
		return 0;
	errno = 0;
	x = strtoll(v, &end, 10);
	if (errno || *end != '\0')
		return -1;
	*out = x;
	return 0;
}

/* Parse an optional integer query parameter; -1 when present but bad. */
int
sd_req_int(const struct sd_req *rq, const char *key, int64_t def, int64_t *out)
{
	return sd_req_parse_int(sd_req_query(rq, key), def, out);
}

/* Parse a JSON request body; NULL with a reply set when invalid. */
struct cJSON *
sd_req_json(const struct sd_req *rq, struct sd_resp *rs)
{
	cJSON *o = cJSON_ParseWithLength(rq->body.p ? rq->body.p : "", rq->body.len);

	if (o == NULL || !cJSON_IsObject(o)) {
		cJSON_Delete(o);
		sd_resp_error(rs, 400, "PostBodyInvalid", "the request body is not a JSON object");
		return NULL;
	}
	return o;
}
