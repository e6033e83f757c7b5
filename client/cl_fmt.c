/*
 * cl_fmt — safe JSON and text output (see cl_fmt.h).
 */
#include "client/cl_fmt.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>

#include "base/sb.h"
#include "base/u8.h"
#include "proto/pb.h"

int
cl_fmt_json_str(struct sb *out, const char *s, size_t n, int raw)
{
	size_t i = 0, k;
	int32_t cp;
	int rc = sb_addc(out, '"');

	while (i < n && rc == 0) {
		char esc[16];

		k = u8_decode(s + i, n - i, &cp);
		if (cp == '"' || cp == '\\') {
			esc[0] = '\\';
			esc[1] = (char)cp;
			rc = sb_add(out, esc, 2);
		} else if (cp == '\n') {
			rc = sb_add(out, "\\n", 2);
		} else if (cp == '\t') {
			rc = sb_add(out, "\\t", 2);
		} else if (cp == '\r') {
			rc = sb_add(out, "\\r", 2);
		} else if (cp < 0) {
			rc = sb_adds(out, "\\ufffd");
		} else if (cp < 0x20 || (!raw && u8_cp_is_unsafe(cp))) {
			snprintf(esc, sizeof esc, "\\u%04x", (unsigned)cp);
			rc = sb_adds(out, esc);
		} else {
			rc = sb_add(out, s + i, k);
		}
		i += k;
	}
	return rc == 0 ? sb_addc(out, '"') : -1;
}

int
cl_fmt_text(struct sb *out, const char *s, size_t n, int raw)
{
	return raw ? sb_add(out, s, n) : u8_escape(out, s, n, 0);
}

int
cl_fmt_json_row(struct sb *b, const struct cl_logs *l, const struct cl_row *r, int raw)
{
	uint32_t i;
	int rc = sb_addc(b, '{');

	for (i = 0; i < r->n; i++) {
		const char *k = cl_row_key(l, r, i);
		size_t vn;
		const char *v = cl_row_val(r, i, &vn);

		rc |= i ? sb_addc(b, ',') : 0;
		rc |= cl_fmt_json_str(b, k, strlen(k), raw);
		rc |= sb_addc(b, ':');
		rc |= cl_fmt_json_str(b, v, vn, raw);
	}
	return rc | sb_addc(b, '}');
}

int
cl_fmt_csv_cell(struct sb *b, const char *s, size_t n, int raw)
{
	struct sb t;
	size_t i;
	int rc;

	sb_init(&t, 0);
	rc = cl_fmt_text(&t, s, n, raw);
	if (rc == 0 && t.len && strpbrk(sb_str(&t), ",\"\r\n") == NULL) {
		rc = sb_add(b, t.p, t.len);
	} else if (rc == 0) {
		rc |= sb_addc(b, '"');
		for (i = 0; i < t.len; i++)
			rc |= t.p[i] == '"' ? sb_adds(b, "\"\"") : sb_addc(b, t.p[i]);
		rc |= sb_addc(b, '"');
	}
	sb_free(&t);
	return rc;
}

/* Fields a person reading text output does not need to see. */
static int
cl_fmt_hidden(const char *k)
{
	return strcmp(k, "__time__") == 0 || strcmp(k, "__pack_meta__") == 0 ||
	    strcmp(k, "__tag__:__pack_id__") == 0 || strcmp(k, "__time_ns_part__") == 0;
}

int
cl_fmt_text_row(struct sb *b, const struct cl_logs *l, const struct cl_row *r, int raw)
{
	const char *t = cl_row_get(l, r, "__time__", NULL);
	uint32_t i;
	int rc = 0;

	if (t) {
		time_t secs = (time_t)strtoll(t, NULL, 10);
		struct tm tm;
		char buf[32];

		localtime_r(&secs, &tm);
		strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
		rc |= sb_adds(b, buf);
	}
	for (i = 0; i < r->n; i++) {
		const char *k = cl_row_key(l, r, i);
		size_t vn;
		const char *v = cl_row_val(r, i, &vn);

		if (cl_fmt_hidden(k))
			continue;
		rc |= sb_addc(b, ' ');
		rc |= cl_fmt_text(b, k, strlen(k), raw);
		rc |= sb_addc(b, '=');
		rc |= cl_fmt_text(b, v, vn, raw);
	}
	return rc;
}

int
cl_fmt_json_log(struct sb *out, const struct pb_page *pg, size_t li, int raw)
{
	const struct pb_log *lg = &pg->logs[li];
	const struct pb_group *g = &pg->groups[lg->group];
	struct sb b;
	size_t i, n;
	const char *s;
	int rc = 0;

	sb_init(&b, 0);
	rc |= sb_addf(&b, "{\"__time__\":%" PRIu32, lg->time);
	if (lg->has_ns)
		rc |= sb_addf(&b, ",\"__time_ns_part__\":%" PRIu32, lg->time_ns);
	s = pb_str(pg, g->topic, &n);
	rc |= sb_adds(&b, ",\"__topic__\":");
	rc |= cl_fmt_json_str(&b, s, n, raw);
	s = pb_str(pg, g->source, &n);
	rc |= sb_adds(&b, ",\"__source__\":");
	rc |= cl_fmt_json_str(&b, s, n, raw);
	for (i = g->tag0; i < g->tag0 + g->ntags; i++) {
		const struct pb_key *k = pb_key(pg, pg->tags[i].key);
		struct sb key;

		sb_init(&key, 0);
		rc |= sb_adds(&key, "__tag__:");
		rc |= sb_add(&key, k->p, k->len);
		rc |= sb_addc(&b, ',');
		rc |= cl_fmt_json_str(&b, key.p, key.len, raw);
		sb_free(&key);
		s = pb_value(pg, &pg->tags[i], &n);
		rc |= sb_addc(&b, ':');
		rc |= cl_fmt_json_str(&b, s, n, raw);
	}
	for (i = lg->field0; i < lg->field0 + lg->nfields; i++) {
		const struct pb_key *k = pb_key(pg, pg->fields[i].key);

		rc |= sb_addc(&b, ',');
		rc |= cl_fmt_json_str(&b, k->p, k->len, raw);
		s = pb_value(pg, &pg->fields[i], &n);
		rc |= sb_addc(&b, ':');
		rc |= cl_fmt_json_str(&b, s, n, raw);
	}
	rc |= sb_addc(&b, '}');
	if (rc == 0)
		rc = sb_add(out, b.p, b.len);
	sb_free(&b);
	return rc;
}
