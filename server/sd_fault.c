/*
 * sd_fault — fault injection rules (see sd_fault.h).
 */
#include "server/sd_fault.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "base/sb.h"
#include "base/xalloc.h"
#include "proto/compress.h"
#include "server/sd_req.h"
#include "server/sd_resp.h"

enum sd_fault_kind {
	SDF_STATUS, SDF_DELAY, SDF_STALL, SDF_RESET, SDF_TRUNCATE, SDF_CORRUPT,
	SDF_BADCOUNT, SDF_BADJSON, SDF_INCOMPLETE
};

struct sd_fault {
	char route[32];
	enum sd_fault_kind kind;
	int status;
	char code[64];
	long ms;
	double prob;
	long count;  /* remaining; -1 unlimited */
};

struct sd_faults {
	struct sd_fault *v;
	size_t n;
	pthread_mutex_t mu;
	uint64_t rng; /* deterministic for a seed */
};

static const char *const sd_fault_routes[] = { "any", "project", "logstore", "shards",
	"cursor", "pull", "put", "getlogs", "histogram", "context", "topic", "index",
	"projectlogs", "consumergroup", NULL };

static const char *
sd_fault_default_code(int status)
{
	switch (status) {
	case 500:
		return "InternalServerError";
	case 503:
		return "ServerBusy";
	case 403:
		return "ReadQuotaExceed";
	case 401:
		return "Unauthorized";
	case 404:
		return "LogStoreNotExist";
	default:
		return "ParameterInvalid";
	}
}

static int
sd_fault_parse_action(struct sd_fault *f, const char *a)
{
	char *end;

	if (strncmp(a, "delay=", 6) == 0 || strncmp(a, "stall=", 6) == 0) {
		f->kind = a[0] == 'd' ? SDF_DELAY : SDF_STALL;
		f->ms = strtol(a + 6, &end, 10);
		return *end == '\0' && f->ms >= 0 ? 0 : -1;
	}
	if (strcmp(a, "reset") == 0)
		f->kind = SDF_RESET;
	else if (strcmp(a, "truncate") == 0)
		f->kind = SDF_TRUNCATE;
	else if (strcmp(a, "corrupt") == 0)
		f->kind = SDF_CORRUPT;
	else if (strcmp(a, "badcount") == 0)
		f->kind = SDF_BADCOUNT;
	else if (strcmp(a, "badjson") == 0)
		f->kind = SDF_BADJSON;
	else if (strcmp(a, "incomplete") == 0)
		f->kind = SDF_INCOMPLETE;
	else {
		f->kind = SDF_STATUS;
		f->status = (int)strtol(a, &end, 10);
		if (f->status < 400 || f->status > 599)
			return -1;
		if (*end == '/')
			snprintf(f->code, sizeof f->code, "%s", end + 1);
		else if (*end == '\0')
			snprintf(f->code, sizeof f->code, "%s", sd_fault_default_code(f->status));
		else
			return -1;
		return f->code[0] ? 0 : -1;
	}
	return 0;
}

static int
sd_fault_parse_rule(struct sd_fault *f, char *rule)
{
	char *colon = strchr(rule, ':'), *at, *hash, *end;
	int i, known = 0;

	memset(f, 0, sizeof *f);
	f->prob = 1.0;
	f->count = -1;
	if (colon == NULL)
		return -1;
	*colon = '\0';
	for (i = 0; sd_fault_routes[i]; i++)
		known |= strcmp(rule, sd_fault_routes[i]) == 0;
	if (!known)
		return -1;
	snprintf(f->route, sizeof f->route, "%s", rule);
	hash = strchr(colon + 1, '#');
	if (hash) {
		*hash = '\0';
		f->count = strtol(hash + 1, &end, 10);
		if (*end != '\0' || f->count < 0)
			return -1;
	}
	at = strchr(colon + 1, '@');
	if (at) {
		*at = '\0';
		f->prob = strtod(at + 1, &end);
		if (*end != '\0' || f->prob < 0 || f->prob > 1)
			return -1;
	}
	return sd_fault_parse_action(f, colon + 1);
}

struct sd_faults *
sd_fault_parse(const char *spec, unsigned seed, char *err, size_t errlen)
{
	struct sd_faults *fs = xcalloc(1, sizeof *fs);
	char *copy = xstrdup(spec), *save = NULL, *rule;

	for (rule = strtok_r(copy, ",", &save); rule; rule = strtok_r(NULL, ",", &save)) {
		char *orig = xstrdup(rule);

		fs->v = xreallocarray(fs->v, fs->n + 1, sizeof *fs->v);
		if (sd_fault_parse_rule(&fs->v[fs->n], rule) != 0) {
			snprintf(err, errlen, "bad fault rule \"%s\" (see slsd --help)", orig);
			free(orig);
			free(copy);
			sd_fault_free(fs);
			return NULL;
		}
		free(orig);
		fs->n++;
	}
	free(copy);
	pthread_mutex_init(&fs->mu, NULL);
	fs->rng = seed ? seed : 1;
	return fs;
}

void
sd_fault_free(struct sd_faults *f)
{
	if (f == NULL)
		return;
	free(f->v);
	free(f);
}

/* The header slot of name in rs, or NULL. */
static char *
sd_fault_hdr(struct sd_resp *rs, const char *name)
{
	int i;

	for (i = 0; i < rs->nhdr; i++)
		if (strcmp(rs->hdr[i].name, name) == 0)
			return rs->hdr[i].value;
	return NULL;
}

/* The first needle in p[n], or NULL. */
static const char *
sd_fault_find(const char *p, size_t n, const char *needle, size_t nn)
{
	size_t i;

	for (i = 0; i + nn <= n; i++)
		if (p[i] == needle[0] && memcmp(p + i, needle, nn) == 0)
			return p + i;
	return NULL;
}

/* Rewrite every "progress":"Complete" of a JSON reply (and the
 * x-log-progress header) to Incomplete, through lz4/deflate if the body
 * is compressed. */
static void
sd_fault_incomplete(struct sd_resp *rs)
{
	static const char from[] = "\"progress\":\"Complete\"";
	char *prog = sd_fault_hdr(rs, "x-log-progress"), *ct = sd_fault_hdr(rs, "x-log-compresstype");
	char *raw = sd_fault_hdr(rs, "x-log-bodyrawsize");
	enum cz_type t = cz_parse(ct);
	void *plain = NULL, *packed = NULL;
	size_t n = rs->body.len, plen;
	struct sb out;
	const char *p, *end, *hit;

	if (prog)
		snprintf(prog, 4096, "Incomplete");
	if (rs->status != 200 || rs->body.len == 0 || t == CZ_UNKNOWN)
		return;
	if (t != CZ_NONE && (raw == NULL || cz_decompress(t, rs->body.p, rs->body.len,
	    strtoul(raw, NULL, 10), (size_t)1 << 30, &plain) != 0))
		return;
	p = plain ? plain : rs->body.p;
	if (plain)
		n = strtoul(raw, NULL, 10);
	end = p + n;
	sb_init(&out, 0);
	while ((hit = sd_fault_find(p, (size_t)(end - p), from, sizeof from - 1)) != NULL) {
		if (sb_add(&out, p, (size_t)(hit - p)) || sb_adds(&out, "\"progress\":\"Incomplete\""))
			break;
		p = hit + sizeof from - 1;
	}
	if (sb_add(&out, p, (size_t)(end - p)) == 0) {
		sb_reset(&rs->body);
		if (t == CZ_NONE) {
			if (sb_add(&rs->body, out.p ? out.p : "", out.len) != 0)
				rs->body.len = 0;
		} else if (cz_compress(t, out.p, out.len, &packed, &plen) == 0 &&
		    sb_add(&rs->body, packed, plen) == 0) {
			snprintf(raw, 4096, "%zu", out.len);
		}
	}
	free(packed);
	free(plain);
	sb_free(&out);
}

static void
sd_fault_do(const struct sd_fault *f, struct sd_resp *rs)
{
	size_t i;
	char msg[128];

	switch (f->kind) {
	case SDF_STATUS:
		snprintf(msg, sizeof msg, "injected fault: %s", f->code);
		sd_resp_error(rs, f->status, f->code, msg);
		break;
	case SDF_DELAY:
		rs->delay_ms += f->ms;
		break;
	case SDF_STALL:
		rs->delay_ms += f->ms;
		rs->reset = 1;
		break;
	case SDF_RESET:
		rs->reset = 1;
		break;
	case SDF_TRUNCATE:
		rs->truncate = 1;
		break;
	case SDF_CORRUPT:
		for (i = rs->body.len / 3; i < rs->body.len; i += 7)
			rs->body.p[i] ^= 0x5a;
		break;
	case SDF_BADCOUNT:
		for (i = 0; i < (size_t)rs->nhdr; i++)
			if (strcmp(rs->hdr[i].name, "x-log-count") == 0)
				snprintf(rs->hdr[i].value, sizeof rs->hdr[i].value, "%ld",
				    strtol(rs->hdr[i].value, NULL, 10) + 1);
		break;
	case SDF_INCOMPLETE:
		sd_fault_incomplete(rs);
		break;
	case SDF_BADJSON:
		sb_reset(&rs->body);
		if (sb_adds(&rs->body, "{\"meta\": [unterminated") != 0)
			rs->body.len = 0;
		break;
	}
}

void
sd_fault_apply(struct sd_faults *f, const struct sd_req *rq, struct sd_resp *rs)
{
	size_t i;

	pthread_mutex_lock(&f->mu);
	for (i = 0; i < f->n; i++) {
		struct sd_fault *r = &f->v[i];

		if (strcmp(r->route, "any") != 0 &&
		    (rq->route == NULL || strcmp(r->route, rq->route) != 0))
			continue;
		if (r->count == 0)
			continue;
		if (r->prob < 1.0 && rng_unit(&f->rng) >= r->prob)
			continue;
		if (r->count > 0)
			r->count--;
		sd_fault_do(r, rs);
	}
	pthread_mutex_unlock(&f->mu);
}
