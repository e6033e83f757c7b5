/*
 * sd_ingest — local log files into slsd (see sd_ingest.h).
 */
#include "server/sd_ingest.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "base/clk.h"
#include "base/sb.h"
#include "base/xalloc.h"
#include "proto/lasm.h"
#include "proto/lfmt.h"
#include "proto/pb.h"
#include "proto/sign.h"
#include "server/sd_catalog.h"
#include "server/sd_follow.h"
#include "server/sd_store.h"
#include "sq/sq.h"

#define SD_INGEST_GROUP_LOGS 1000
#define SD_INGEST_HEAD_LINES 20 /* the head's lines the format is decided on */
#define SD_INGEST_PROJECT "local"

/* ---- files ---------------------------------------------------------- */

static void
sd_ingest_ls_name(const char *spec_name, const char *path, char *out, size_t outlen)
{
	const char *base = spec_name ? spec_name : strrchr(path, '/');
	size_t i, n = 0, blen;

	base = spec_name ? spec_name : base ? base + 1 : path;
	blen = strlen(base);
	if (!spec_name && blen > 3 && strcmp(base + blen - 3, ".gz") == 0)
		blen -= 3; /* app.log.gz: app */
	if (!spec_name)
		for (i = blen; i > 0; i--)
			if (base[i - 1] == '.') {
				blen = i - 1; /* drop the last extension */
				break;
			}
	for (i = 0; i < blen && n + 1 < outlen && n < 63; i++) {
		char c = (char)tolower((unsigned char)base[i]);

		out[n++] = isalnum((unsigned char)c) || c == '_' || c == '-' ? c : '-';
	}
	while (n > 0 && (out[n - 1] == '-' || out[n - 1] == '_'))
		n--;
	out[n] = '\0';
	while (out[0] == '-' || out[0] == '_')
		memmove(out, out + 1, strlen(out));
	if (strlen(out) < 2)
		snprintf(out, outlen, "logs");
}

static const char sd_ingest_tokens[] =
    "[\" \",\",\",\";\",\"=\",\"(\",\")\",\"[\",\"]\",\"{\",\"}\",\"?\",\"@\",\"&\",\"<\",\">\","
    "\"/\",\":\",\"\\n\",\"\\t\",\"\\r\",\"'\",\"\\\"\"]";

/* An index matching the fields of pg's first logs. */
static char *
sd_ingest_index(const struct pb_page *pg)
{
	cJSON *o = cJSON_CreateObject(), *line = cJSON_CreateObject(), *keys = cJSON_CreateObject();
	char *txt;
	size_t i;

	cJSON_AddItemToObject(line, "token", cJSON_Parse(sd_ingest_tokens));
	cJSON_AddBoolToObject(line, "caseSensitive", 0);
	cJSON_AddItemToObject(o, "line", line);
	for (i = 0; i < pg->nfields && i < 20000; i++) {
		const struct pb_key *k = pb_key(pg, pg->fields[i].key);
		size_t vl;
		const char *v = pb_value(pg, &pg->fields[i], &vl);
		cJSON *key = cJSON_GetObjectItemCaseSensitive(keys, k->p);
		char *end;
		const char *type;

		strtod(v, &end);
		type = vl > 0 && vl < 32 && *end == '\0' ? (strpbrk(v, ".eE") ? "double" : "long")
		    : "text";
		if (key != NULL) {
			cJSON *ty = cJSON_GetObjectItemCaseSensitive(key, "type");

			if (strcmp(ty->valuestring, "text") != 0 && strcmp(type, "text") == 0)
				cJSON_SetValuestring(ty, "text");
			else if (strcmp(ty->valuestring, "long") == 0 && strcmp(type, "double") == 0)
				cJSON_SetValuestring(ty, "double");
			continue;
		}
		key = cJSON_CreateObject();
		cJSON_AddStringToObject(key, "type", type);
		cJSON_AddBoolToObject(key, "doc_value", 1);
		cJSON_AddBoolToObject(key, "caseSensitive", 0);
		cJSON_AddItemToObject(key, "token", cJSON_Parse(sd_ingest_tokens));
		cJSON_AddItemToObject(keys, k->p, key);
	}
	cJSON_AddItemToObject(o, "keys", keys);
	cJSON_AddNumberToObject(o, "max_text_len", 2048);
	cJSON_AddStringToObject(o, "index_mode", "v2");
	txt = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return txt;
}

#define SD_INGEST_CHUNK ((size_t)64 << 10)
/* a followed plain-text entry waits this long for more continuation lines */
#define SD_INGEST_HOLD_MS 500

/* One source being loaded (and followed). */
struct sd_ingest {
	struct sd_store *s;
	struct sd_logstore ls;
	struct sd_follow *src;
	int created;
	char path[512], source[512], pack[17];
	unsigned seq;
	enum lfmt fmt;
	struct lasm *asm_;  /* lines into entries */
	struct pb_page *pg;
	char *buf;          /* SD_INGEST_CHUNK bytes */
	char err[600];      /* a store error met in a callback */
	int hold_ms;        /* how long a followed entry may wait for more */
	int hold_first;     /* the first load's last entry too (sd_ingest_set_hold_first) */
	int64_t written;
	time_t last;        /* time of the previous entry: lines without one inherit it */
	time_t tmin, tmax;  /* the span of the entries */
	uint64_t off;       /* bytes fed since the source's start */
	uint64_t skip_from, skip_to; /* loaded first (sd_ingest_load_newest): passed over */
	int loading;        /* the engine says Incomplete until the load ends */
	int settling;       /* the load's last entry held (hold_first): not over yet */
	int64_t settle_mark; /* written when it was held: a log more, and it is in */
	volatile sig_atomic_t *stop; /* set: the load ends early (sd_ingest_set_stop) */
	uint64_t size;      /* the file's size when its newest part was loaded */
	sd_ingest_read_fn *on_read; /* after each chunk read (sd_ingest_on_read) */
	void *on_read_arg;
};

static int
sd_ingest_flush(struct sd_ingest *c)
{
	struct sb body;
	struct sd_err e;
	char pack[48], now[24];
	int rc;

	if (c->pg->nlogs == 0)
		return 0;
	if (c->created == 0) {
		char *ix = sd_ingest_index(c->pg);

		sd_catalog_index_set(c->s, c->ls.id, ix, &e);
		free(ix);
		c->created = -1;
	}
	snprintf(pack, sizeof pack, "%s-%X", c->pack, c->seq++);
	pb_add_tag(c->pg, "__pack_id__", 11, pack, strlen(pack));
	pb_add_tag(c->pg, "__path__", 8, c->path, strlen(c->path));
	snprintf(now, sizeof now, "%lld", (long long)clk_wall());
	pb_add_tag(c->pg, "__receive_time__", 16, now, strlen(now));
	sb_init(&body, 0);
	rc = pb_encode_group(c->pg, 0, &body);
	c->written += (int64_t)c->pg->nlogs;
	/* the page goes to the engine as it is (no decode there); an empty
	 * one comes back for the next group */
	if (rc == 0 && sd_store_put_bulk_page(c->s, c->ls.id, body.p, body.len, clk_wall(),
	    &c->pg, &e) < 0) {
		snprintf(c->err, sizeof c->err, "%s", e.msg);
		rc = -1;
	}
	sb_free(&body);
	pb_page_clear(c->pg);
	pb_add_group(c->pg, lfmt_topic(c->fmt), c->source, NULL);
	return rc;
}

/* lasm: the format found; the page's group gets its topic. */
static int
sd_ingest_sniffed(void *arg, enum lfmt fmt)
{
	struct sd_ingest *c = arg;

	c->fmt = fmt;
	pb_page_clear(c->pg);
	pb_add_group(c->pg, lfmt_topic(c->fmt), c->source, NULL);
	return 0;
}

/* lasm: one complete entry (joined continuation lines included). */
static int
sd_ingest_entry(void *arg, const char *s, size_t len)
{
	struct sd_ingest *c = arg;
	time_t t;

	lfmt_parse_any(c->fmt, s, len, c->last, c->pg);
	t = c->last = c->pg->logs[c->pg->nlogs - 1].time;
	if (c->tmin == 0 || t < c->tmin)
		c->tmin = t;
	if (t > c->tmax)
		c->tmax = t;
	if (c->pg->nlogs >= SD_INGEST_GROUP_LOGS)
		return sd_ingest_flush(c);
	return 0;
}

/* Whatever was read but not complete stored now (hold: a followed entry
 * that may go on is held back a little, lasm.h), then the page. */
static int
sd_ingest_settle(struct sd_ingest *c, int partial, int hold)
{
	int rc = lasm_settle(c->asm_, partial, clk_mono_ms(), hold ? c->hold_ms : 0);

	return rc ? rc : sd_ingest_flush(c);
}

/* A full-text index until the first logs give the fields: an empty file
 * can be searched at once. */
static void
sd_ingest_index_empty(struct sd_ingest *c)
{
	struct pb_page *pg = pb_page_new();
	struct sd_err e;
	char *ix;

	pb_add_group(pg, NULL, NULL, NULL);
	ix = sd_ingest_index(pg);
	sd_catalog_index_set(c->s, c->ls.id, ix, &e);
	free(ix);
	pb_page_free(pg);
}

static int
sd_ingest_setup(struct sd_ingest *c, const char *path, const char *name, char *err,
    size_t errlen)
{
	struct sd_err e;
	char md5[33], real[PATH_MAX];

	if (!sd_catalog_project_get(c->s, SD_INGEST_PROJECT, NULL, 0, NULL, NULL))
		sd_catalog_project_create(c->s, SD_INGEST_PROJECT, "local files", &e);
	memset(&c->ls, 0, sizeof c->ls);
	if (strcmp(path, "-") == 0 && name == NULL)
		name = "stdin";
	sd_ingest_ls_name(name, path, c->ls.name, sizeof c->ls.name);
	if (sd_catalog_logstore_get(c->s, SD_INGEST_PROJECT, c->ls.name, &c->ls, &e) == 0) {
		char *ix = sd_catalog_index_get(c->s, c->ls.id);

		/* keep its index, unless it has no fields yet (an empty file) */
		c->created = ix == NULL || strstr(ix, "\"keys\":{}") ? 0 : -1;
		free(ix);
	} else {
		c->ls.ttl = 3650;
		c->ls.shard_count = 2;
		if (sd_catalog_logstore_create(c->s, SD_INGEST_PROJECT, &c->ls, &e) != 0 ||
		    sd_catalog_logstore_get(c->s, SD_INGEST_PROJECT, c->ls.name, &c->ls, &e) != 0) {
			snprintf(err, errlen, "%s: %s", path, e.msg);
			return -1;
		}
	}
	if (c->created == 0)
		sd_ingest_index_empty(c);
	if (strcmp(path, "-") == 0)
		snprintf(c->path, sizeof c->path, "stdin");
	else
		snprintf(c->path, sizeof c->path, "%.*s", (int)sizeof c->path - 1,
		    realpath(path, real) ? real : path);
	snprintf(c->source, sizeof c->source, "%s", c->path);
	sign_md5_hex(c->path, strlen(c->path), md5);
	memcpy(c->pack, md5, 16);
	c->pack[16] = '\0';
	return 0;
}

/* The path of spec "FILE[:NAME]" (to free) and the name given in it
 * (*name, NULL when none; "FILE:" gives none: FILE may hold a colon). */
static char *
sd_ingest_spec(const char *spec, const char **name)
{
	char *path = xstrdup(spec), *colon = strrchr(path, ':');

	*name = NULL;
	if (colon && colon[1] && strchr(colon, '/') == NULL) {
		*colon = '\0';
		*name = colon + 1;
	} else if (colon && colon[1] == '\0') {
		*colon = '\0';
	}
	return path;
}

/* The name of path's folder, as a logstore name's start ("" when none). */
static void
sd_ingest_parent(const char *path, char *out, size_t outlen)
{
	char full[PATH_MAX], *slash;
	const char *dir;
	size_t n = 0, i;

	if (realpath(path, full) == NULL)
		snprintf(full, sizeof full, "%s", path);
	if ((slash = strrchr(full, '/')) != NULL)
		*slash = '\0';
	dir = slash ? ((slash = strrchr(full, '/')) != NULL ? slash + 1 : full) : "";
	for (i = 0; dir[i] && n + 1 < outlen && n < 40; i++) {
		char c = (char)tolower((unsigned char)dir[i]);

		out[n++] = isalnum((unsigned char)c) ? c : '-';
	}
	while (n > 0 && out[n - 1] == '-')
		n--;
	out[n] = '\0';
}

void
sd_ingest_names(const char *const *specs, int n, char (*out)[SD_INGEST_NAME])
{
	char (*base)[SD_INGEST_NAME] = xcalloc((size_t)(n > 0 ? n : 1), sizeof *base);
	int *given = xcalloc((size_t)(n > 0 ? n : 1), sizeof *given), i, j, k;

	for (i = 0; i < n; i++) {
		const char *name;
		char *path = sd_ingest_spec(specs[i], &name);

		given[i] = name != NULL || strcmp(path, "-") == 0;
		sd_ingest_ls_name(name ? name : strcmp(path, "-") == 0 ? "stdin" : NULL, path,
		    base[i], SD_INGEST_NAME);
		memcpy(out[i], base[i], SD_INGEST_NAME);
		free(path);
	}
	/* a name two files would share: each takes its folder's name before */
	for (i = 0; i < n; i++)
		for (j = 0; j < n && !given[i]; j++)
			if (j != i && strcmp(base[i], base[j]) == 0) {
				const char *name;
				char *path = sd_ingest_spec(specs[i], &name), dir[48];

				sd_ingest_parent(path, dir, sizeof dir);
				if (dir[0])
					snprintf(out[i], SD_INGEST_NAME, "%s-%.*s", dir,
					    (int)(SD_INGEST_NAME - 2 - strlen(dir)), base[i]);
				free(path);
				break;
			}
	/* still shared (the same folder names): -2, -3, ... */
	for (i = 0; i < n; i++)
		for (j = 0, k = 2; j < i && !given[i]; j++)
			if (strcmp(out[i], out[j]) == 0) {
				char b[SD_INGEST_NAME + 16];

				snprintf(b, sizeof b, "%.*s-%d", SD_INGEST_NAME - 12, out[i], k++);
				memcpy(out[i], b, SD_INGEST_NAME);
				out[i][SD_INGEST_NAME - 1] = '\0';
				j = -1; /* again against every earlier one */
			}
	free(base);
	free(given);
}

struct sd_ingest *
sd_ingest_open(struct sd_store *s, const char *spec, char *err, size_t errlen)
{
	return sd_ingest_open_as(s, spec, NULL, err, errlen);
}

struct sd_ingest *
sd_ingest_open_as(struct sd_store *s, const char *spec, const char *as, char *err, size_t errlen)
{
	struct sd_ingest *c = xcalloc(1, sizeof *c);
	const char *name;
	char *path = sd_ingest_spec(spec, &name);
	struct lasm_cb cb = { sd_ingest_sniffed, sd_ingest_entry, c };

	if (as)
		name = as;
	c->s = s;
	c->last = clk_wall();
	if ((c->src = sd_follow_open(path, err, errlen)) == NULL ||
	    sd_ingest_setup(c, path, name, err, errlen) != 0) {
		sd_follow_close(c->src);
		free(c);
		free(path);
		return NULL;
	}
	free(path);
	c->pg = pb_page_new();
	pb_add_group(c->pg, lfmt_topic(c->fmt), c->source, NULL);
	c->asm_ = lasm_new(&cb);
	c->hold_ms = SD_INGEST_HOLD_MS;
	c->buf = xmalloc(SD_INGEST_CHUNK);
	return c;
}

/* Bytes read from the source, the region loaded first passed over (its
 * bounds are line starts; the entry before it ends there). */
static int
sd_ingest_feed(struct sd_ingest *c, const char *p, size_t n)
{
	uint64_t a = c->off;
	size_t k;
	int rc = 0;

	c->off += n;
	if (c->skip_to <= c->skip_from || a + n <= c->skip_from)
		return lasm_feed(c->asm_, p, n);
	if (a < c->skip_from) {
		k = (size_t)(c->skip_from - a);
		rc = lasm_feed(c->asm_, p, k);
		if (rc == 0) /* the entry before the region ends at it */
			rc = lasm_settle(c->asm_, 1, clk_mono_ms(), 0);
		p += k;
		n -= k;
		a += k;
	}
	if (rc != 0 || a + n <= c->skip_to)
		return rc;
	k = (size_t)(c->skip_to - a);
	c->skip_from = c->skip_to = 0;
	return lasm_feed(c->asm_, p + k, n - k);
}

/* Read until nothing more comes now (or the monotonic time until, when
 * not 0); bytes read in *got. */
static int
sd_ingest_drain(struct sd_ingest *c, int wait_first_ms, int wait_ms, int64_t until, int64_t *got,
    char *err, size_t errlen)
{
	ssize_t k = 0;

	*got = 0;
	while ((until == 0 || clk_mono_ms() < until) && !(c->stop && *c->stop) &&
	    (k = sd_follow_read(c->src, c->buf, SD_INGEST_CHUNK, *got ? wait_ms : wait_first_ms, err,
	    errlen)) > 0) {
		*got += k;
		if (sd_ingest_feed(c, c->buf, (size_t)k) != 0) {
			snprintf(err, errlen, "%s", c->err);
			return -1;
		}
		if (c->on_read)
			c->on_read(c->on_read_arg, c);
	}
	return k < 0 ? -1 : 0;
}

/* sd_ingest_settle with the error message out. */
static int
sd_ingest_settle_err(struct sd_ingest *c, int partial, int hold, char *err, size_t errlen)
{
	if (sd_ingest_settle(c, partial, hold) == 0)
		return 0;
	snprintf(err, errlen, "%s", c->err);
	return -1;
}

/* The load over: the engine's answers Complete again. */
static void
sd_ingest_loaded(struct sd_ingest *c)
{
	c->settling = 0;
	if (c->loading) {
		sq_set_loading(sd_store_sq(c->s), c->ls.id, 0, 0);
		c->loading = 0;
	}
}

int64_t
sd_ingest_load(struct sd_ingest *c, int follow, char *err, size_t errlen)
{
	int64_t before = c->written, got;

	/* followed standard input: what comes within a second, then what
	 * follows without a 200 ms pause, for at most 3 s (a busy pipe, such as
	 * kubectl logs -f, never pauses); the follower reads the rest */
	int64_t until = follow && sd_follow_is_stdin(c->src) ? clk_mono_ms() + 3000 : 0;

	if (sd_ingest_drain(c, follow ? 1000 : -1, follow ? 200 : -1, until, &got, err,
	    errlen) != 0)
		return -1;
	/* a followed file written right now: its last entry may go on (a
	 * stack trace in pieces), so it is held back as the follower holds
	 * one (hold_first); a file at rest has it stored at once */
	if (sd_ingest_settle_err(c, !follow || !sd_follow_growing(c->src),
	    follow && c->hold_first && sd_follow_recent(c->src, c->hold_ms), err, errlen) != 0)
		return -1;
	if (lasm_holding(c->asm_)) {
		/* the load is over once the held entry is in (sd_ingest_poll):
		 * until then every answer may miss the newest log */
		c->settling = 1;
		c->settle_mark = c->written;
		sq_set_loading(sd_store_sq(c->s), c->ls.id, 1, INT64_MAX);
		c->loading = 1;
	} else {
		sd_ingest_loaded(c);
	}
	return c->written - before;
}

int64_t
sd_ingest_poll(struct sd_ingest *c, char *err, size_t errlen)
{
	int64_t before = c->written, got;

	if (!sd_follow_growing(c->src))
		return 0;
	/* truncated or rewritten: the old partial line ends there */
	if (sd_follow_check_rewrite(c->src) && (c->off = 0, sd_ingest_settle_err(c, 1, 0, err,
	    errlen)) != 0)
		return -1;
	/* at most a second of reading a busy source before what was read is
	 * stored and shown */
	if (sd_ingest_drain(c, 0, 0, clk_mono_ms() + 1000, &got, err, errlen) != 0)
		return -1;
	if (got == 0 && sd_follow_check_rotated(c->src)) {
		/* a new file under the name, the old one drained */
		c->off = 0;
		if (sd_ingest_settle_err(c, 1, 0, err, errlen) != 0 ||
		    sd_ingest_drain(c, 0, 0, 0, &got, err, errlen) != 0)
			return -1;
	}
	/* a plain-text entry may go on in the next poll (a stack trace
	 * written in pieces): held back a little while the source grows */
	if (sd_ingest_settle_err(c, !sd_follow_growing(c->src), sd_follow_growing(c->src), err,
	    errlen) != 0)
		return -1;
	/* the entry the load held is in: stored, or a later one is */
	if (c->settling && (!lasm_holding(c->asm_) || c->written > c->settle_mark))
		sd_ingest_loaded(c);
	return c->written - before;
}

/* The format and the first entry's time from the file's first lines,
 * nothing stored: the newest part is parsed in it, and the load from the
 * start goes on in it (the same lines give the same format). */
static int
sd_ingest_sniff_head(struct sd_ingest *c, int fd)
{
	char *buf = xmalloc(SD_INGEST_CHUNK + 1), *lines[SD_INGEST_HEAD_LINES];
	ssize_t k = pread(fd, buf, SD_INGEST_CHUNK, 0);
	char *p = buf, *end = buf + (k > 0 ? k : 0), *nl;
	struct pb_page *pg = pb_page_new();
	size_t n = 0, i;
	int rc;

	while (n < SD_INGEST_HEAD_LINES && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		size_t len = (size_t)(nl - p);

		while (len > 0 && p[len - 1] == '\r')
			len--;
		p[len] = '\0';
		lines[n++] = p;
		p = nl + 1;
	}
	rc = lasm_presniff(c->asm_, (const char *const *)lines, n);
	pb_add_group(pg, NULL, NULL, NULL);
	for (i = 0; i < n && pg->nlogs == 0; i++)
		if (lines[i][0] != '\0')
			lfmt_parse_any(c->fmt, lines[i], strlen(lines[i]), c->last, pg);
	if (pg->nlogs > 0)
		c->tmin = pg->logs[0].time;
	pb_page_free(pg);
	free(buf);
	return rc;
}

/* The whole of [from, from + n) of fd (what could be read: *got). */
static char *
sd_ingest_read_at(int fd, uint64_t from, size_t n, size_t *got)
{
	char *buf = xmalloc(n ? n : 1);
	size_t have = 0;

	while (have < n) {
		ssize_t k = pread(fd, buf + have, n - have, (off_t)(from + have));

		if (k <= 0)
			break;
		have += (size_t)k;
	}
	*got = have;
	return buf;
}

/* In buf[0, got): the first line that starts an entry after the first
 * newline, and the end of the last whole line; 0 when there is none. */
static int
sd_ingest_newest_bounds(const struct sd_ingest *c, const char *buf, size_t got, const char **from,
    const char **to)
{
	const char *p = memchr(buf, '\n', got), *end, *nl;

	if (p == NULL)
		return 0;
	for (end = buf + got - 1; *end != '\n'; end--)
		;
	/* an entry's continuation lines at the start belong to the one before */
	for (p = p + 1; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end + 1 - p));
		if (lasm_starts_entry(c->asm_, p, (size_t)(nl - p)))
			break;
	}
	if (p >= end)
		return 0;
	*from = p;
	*to = end + 1;
	return 1;
}

int
sd_ingest_load_newest(struct sd_ingest *c, size_t bytes, char *err, size_t errlen)
{
	struct stat st;
	int fd, rc;
	size_t got, plen = strlen(c->path);
	char *buf;
	const char *p, *end;
	time_t head, last = c->last;
	uint64_t from;

	if (sd_follow_is_stdin(c->src) || (plen > 3 && strcmp(c->path + plen - 3, ".gz") == 0) ||
	    (fd = open(c->path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size < 4 * (uint64_t)bytes) {
		close(fd);
		return 0;
	}
	if (sd_ingest_sniff_head(c, fd) != 0) {
		close(fd);
		snprintf(err, errlen, "%s", c->err);
		return -1;
	}
	from = (uint64_t)st.st_size - bytes;
	c->size = (uint64_t)st.st_size;
	buf = sd_ingest_read_at(fd, from, bytes, &got);
	close(fd);
	if (!sd_ingest_newest_bounds(c, buf, got, &p, &end)) {
		free(buf);
		return 0;
	}
	head = c->tmin;
	c->tmin = 0;
	rc = lasm_feed(c->asm_, p, (size_t)(end - p));
	if (rc == 0)
		rc = sd_ingest_settle(c, 0, 0);
	c->skip_from = from + (uint64_t)(p - buf);
	c->skip_to = from + (uint64_t)(end - buf);
	free(buf);
	if (rc != 0) {
		snprintf(err, errlen, "%s", c->err);
		return -1;
	}
	sq_set_loading(sd_store_sq(c->s), c->ls.id, 1, c->tmin);
	c->loading = 1;
	if (head > 0 && head < c->tmin)
		c->tmin = head;
	c->last = last;
	return 1;
}

void
sd_ingest_set_stop(struct sd_ingest *c, volatile sig_atomic_t *stop)
{
	c->stop = stop;
}

void
sd_ingest_set_hold(struct sd_ingest *c, int ms)
{
	c->hold_ms = ms;
}

void
sd_ingest_set_hold_first(struct sd_ingest *c, int on)
{
	c->hold_first = on;
}

int
sd_ingest_active(const struct sd_ingest *c)
{
	return sd_follow_growing(c->src);
}

int
sd_ingest_settling(const struct sd_ingest *c)
{
	return c->settling;
}

void
sd_ingest_span(const struct sd_ingest *c, time_t *from, time_t *to)
{
	*from = c->tmin;
	*to = c->tmax;
}

void
sd_ingest_on_read(struct sd_ingest *c, sd_ingest_read_fn *fn, void *arg)
{
	c->on_read = fn;
	c->on_read_arg = arg;
}

void
sd_ingest_progress(const struct sd_ingest *c, uint64_t *bytes, uint64_t *total, int64_t *logs)
{
	*bytes = c->off;
	/* the part loaded first and not yet passed over is in */
	if (c->skip_to > c->skip_from && c->off < c->skip_to)
		*bytes += c->skip_to - (c->off > c->skip_from ? c->off : c->skip_from);
	*total = c->size > *bytes ? c->size : *bytes;
	*logs = c->written;
}

const char *
sd_ingest_logstore(const struct sd_ingest *c)
{
	return c->ls.name;
}

void
sd_ingest_close(struct sd_ingest *c)
{
	if (c == NULL)
		return;
	lasm_free(c->asm_);
	sd_follow_close(c->src);
	pb_page_free(c->pg);
	free(c->buf);
	free(c);
}

int64_t
sd_ingest_file(struct sd_store *s, const char *spec, char *err, size_t errlen)
{
	struct sd_ingest *c = sd_ingest_open(s, spec, err, errlen);
	int64_t n;

	if (c == NULL)
		return -1;
	n = sd_ingest_load(c, 0, err, errlen);
	sd_ingest_close(c);
	return n;
}
