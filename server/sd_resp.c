/*
 * sd_resp — filling a reply (see sd_resp.h).
 */
#include "server/sd_resp.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "base/u8.h"
#include "proto/compress.h"
#include "server/sd_err.h"
#include "server/sd_req.h"

void
sd_resp_header(struct sd_resp *rs, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (rs->nhdr >= SD_MAX_HDRS)
		return;
	char raw[sizeof rs->hdr[0].value], *w = rs->hdr[rs->nhdr].value;
	size_t room = sizeof rs->hdr[0].value;

	snprintf(rs->hdr[rs->nhdr].name, sizeof rs->hdr[0].name, "%s", name);
	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	/* a header value is printable ASCII: anything else (a query's CJK text,
	 * a newline) is percent-encoded */
	for (const unsigned char *p = (const unsigned char *)raw; *p && room > 4; p++) {
		if (*p >= 0x20 && *p < 0x7f && *p != '%') {
			*w++ = (char)*p;
			room--;
		} else {
			snprintf(w, room, "%%%02X", *p);
			w += 3;
			room -= 3;
		}
	}
	*w = '\0';
	rs->nhdr++;
}

void
sd_resp_error(struct sd_resp *rs, int status, const char *code, const char *msg)
{
	cJSON *o = cJSON_CreateObject();
	char *txt;

	cJSON_AddStringToObject(o, "errorCode", code);
	cJSON_AddStringToObject(o, "errorMessage", msg);
	txt = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	sb_reset(&rs->body);
	if (txt == NULL || sb_adds(&rs->body, txt) != 0)
		rs->body.len = 0;
	free(txt);
	rs->status = status;
	rs->content_type = "application/json";
}

void
sd_resp_err(struct sd_resp *rs, const struct sd_err *e)
{
	sd_resp_error(rs, e->status, e->code, e->msg);
}

void
sd_resp_bad(struct sd_resp *rs, const char *fmt, const char *arg)
{
	char m[512];

	snprintf(m, sizeof m, fmt, arg);
	sd_resp_error(rs, 400, "ParameterInvalid", m);
}

void
sd_resp_json(struct sd_resp *rs, struct cJSON *o)
{
	char *txt = cJSON_PrintUnformatted(o);

	cJSON_Delete(o);
	if (txt == NULL || sb_adds(&rs->body, txt) != 0) {
		free(txt);
		sd_resp_error(rs, 500, "InternalServerError", "cannot encode reply");
		return;
	}
	free(txt);
	rs->status = 200;
	rs->content_type = "application/json";
}

static int
sd_resp_has_header(const struct sd_resp *rs, const char *name)
{
	for (int i = 0; i < rs->nhdr; i++)
		if (strcasecmp(rs->hdr[i].name, name) == 0)
			return 1;
	return 0;
}

/* Offset of the first invalid UTF-8 byte of p[0..n), n if none. */
static size_t
sd_resp_utf8_bad(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		int32_t cp;
		size_t k;

		if ((unsigned char)p[i] < 0x80) {
			i++;
			continue;
		}
		k = u8_decode(p + i, n - i, &cp);
		if (k == 0 || cp < 0)
			return i;
		i += k;
	}
	return n;
}

void
sd_resp_utf8(struct sd_resp *rs)
{
	size_t at, n = rs->body.len;
	const char *p = rs->body.p;
	struct sb out;

	if (p == NULL || rs->content_type == NULL || strstr(rs->content_type, "json") == NULL ||
	    sd_resp_has_header(rs, "x-log-compresstype") || (at = sd_resp_utf8_bad(p, n)) == n)
		return;
	sb_init(&out, 0);
	while (at < n) {
		if (sb_add(&out, p, at) != 0 || sb_add(&out, "\xef\xbf\xbd", 3) != 0)
			goto fail;
		p += at + 1;
		n -= at + 1;
		at = sd_resp_utf8_bad(p, n);
	}
	if (sb_add(&out, p, n) != 0)
		goto fail;
	sb_free(&rs->body);
	rs->body = out;
	return;
fail:
	sb_free(&out);
	sd_resp_error(rs, 500, "InternalServerError", "cannot encode reply");
}

/* Compress body in place per the request's Accept-Encoding; sets headers.
 * lz4 is preferred, then zstd, then deflate; GO/JAVA cannot read
 * uncompressed PullLogs bodies. */
int
sd_resp_encode(const struct sd_req *rq, struct sd_resp *rs, int force)
{
	const char *ae = sd_req_header(rq, "accept-encoding");
	enum cz_type t = CZ_NONE;
	void *out;
	size_t outlen, raw;

	sd_resp_utf8(rs);
	raw = rs->body.len;
	if (ae != NULL && strstr(ae, "lz4"))
		t = CZ_LZ4;
	else if (ae != NULL && strstr(ae, "zstd"))
		t = CZ_ZSTD;
	else if (ae != NULL && strstr(ae, "deflate"))
		t = CZ_DEFLATE;
	else if (force && ae == NULL)
		t = CZ_LZ4;
	if (t == CZ_NONE) {
		if (force)
			sd_resp_header(rs, "x-log-bodyrawsize", "%zu", raw);
		return 0;
	}
	if (cz_compress(t, rs->body.p ? rs->body.p : "", raw, &out, &outlen) != 0)
		return -1;
	sb_reset(&rs->body);
	if (sb_add(&rs->body, out, outlen) != 0) {
		free(out);
		return -1;
	}
	free(out);
	sd_resp_header(rs, "x-log-compresstype", "%s", cz_name(t));
	sd_resp_header(rs, "x-log-bodyrawsize", "%zu", raw);
	return 0;
}
