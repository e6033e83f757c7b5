/*
 * sd_spl — SPL "where" stages on pulled LogGroups (see sd_spl.h).
 *
 * The logs of one PullLogs answer go into a private in-memory SQLite
 * table (one column per key, text; __time__ an integer), the condition
 * selects the rows to keep, and the kept logs are encoded again with
 * their groups' topic, source and tags. An authorizer allows reading
 * that table only, and a progress handler stops a runaway expression.
 */
#include "server/sd_spl.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sqlite3.h>

#include "base/clk.h"
#include "base/sb.h"
#include "base/xalloc.h"
#include "proto/pb.h"
#include "sq/sq_fn.h"

#ifdef FUZZING
#define SD_SPL_TIMEOUT_MS 200 /* a runaway expression must not stall the fuzzer */
#else
#define SD_SPL_TIMEOUT_MS 2000
#endif

/* The text after a '|' at top level (outside quotes), or NULL. */
static const char *
sd_spl_next(const char *s)
{
	char q = 0;

	for (; *s; s++) {
		if (q) {
			if (*s == q)
				q = 0;
		} else if (*s == '\'' || *s == '"') {
			q = *s;
		} else if (*s == '|') {
			return s + 1;
		}
	}
	return NULL;
}

int
sd_spl_parse(const char *spl, struct sb *where, char *err, size_t errlen)
{
	const char *p = spl, *next;
	int stages = 0, rc = 0;

	while (isspace((unsigned char)*p))
		p++;
	next = sd_spl_next(p);
	if (*p != '*' || strspn(p + 1,
	    " \t\r\n") != (size_t)((next ? next - 1 : p + strlen(p)) - p - 1)) {
		snprintf(err, errlen, "slsd runs SPL of the form \"* | where COND\" only");
		return -1;
	}
	sb_reset(where);
	while (next) {
		const char *s = next, *end;

		next = sd_spl_next(s);
		end = next ? next - 1 : s + strlen(s);
		while (s < end && isspace((unsigned char)*s))
			s++;
		if ((size_t)(end - s) < 6 || strncasecmp(s, "where", 5) != 0 ||
		    !isspace((unsigned char)s[5])) {
			snprintf(err, errlen, "slsd runs only \"where\" SPL stages, not: %.60s", s);
			return -1;
		}
		rc |= sb_adds(where, stages ? " AND (" : "(");
		rc |= sb_add(where, s + 6, (size_t)(end - s - 6));
		rc |= sb_addc(where, ')');
		stages++;
	}
	if (stages == 0)
		rc |= sb_adds(where, "1");
	if (rc != 0) {
		snprintf(err, errlen, "SPL statement too long");
		return -1;
	}
	return 0;
}

/* Only our table may be read; no writes, no attaching, no pragmas. */
static int
sd_spl_auth(void *ud, int op, const char *a, const char *b, const char *c, const char *d)
{
	(void)ud;
	(void)b;
	(void)c;
	(void)d;
	if (op == SQLITE_SELECT || op == SQLITE_FUNCTION)
		return SQLITE_OK;
	if (op == SQLITE_READ)
		return a && strcmp(a, "t") == 0 ? SQLITE_OK : SQLITE_DENY;
	return SQLITE_DENY;
}

static int
sd_spl_progress(void *ud)
{
	return clk_mono_ms() > *(const int64_t *)ud;
}

/* Column names: __time__, __topic__, __source__, tags as __tag__:k, fields. */
static size_t
sd_spl_columns(const struct pb_page *pg, char ***out)
{
	char **v = xcalloc(pg->nkeys * 2 + 4, sizeof *v);
	size_t n = 0, i, j;

	v[n++] = xstrdup("__time__");
	v[n++] = xstrdup("__topic__");
	v[n++] = xstrdup("__source__");
	for (i = 0; i < pg->nkeys; i++) {
		char *tag = xmalloc(pg->keys[i].len + 9);

		memcpy(tag, "__tag__:", 8);
		memcpy(tag + 8, pg->keys[i].p, pg->keys[i].len + 1);
		v[n++] = tag;
		v[n++] = xstrdup(pg->keys[i].p);
	}
	/* a field that repeats a reserved name is read through the first */
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (v[j] && v[i] && strcmp(v[i], v[j]) == 0) {
				free(v[j]);
				v[j] = NULL;
			}
	*out = v;
	return n;
}

static int
sd_spl_quote(struct sb *b, const char *name)
{
	int rc = sb_addc(b, '"');

	for (; *name; name++)
		rc |= *name == '"' ? sb_adds(b, "\"\"") : sb_addc(b, *name);
	return rc | sb_addc(b, '"');
}

/* Column index of tag/field key id k (NULL slots were duplicates). */
static int
sd_spl_col(char **cols, size_t ncols, size_t k, int tag)
{
	size_t c = 3 + 2 * k + (tag ? 0 : 1);

	return c < ncols && cols[c] ? (int)c : -1;
}

static int
sd_spl_load(sqlite3 *db, const struct pb_page *pg, char **cols, size_t ncols, char *err,
    size_t errlen)
{
	struct sb q;
	sqlite3_stmt *st = NULL;
	size_t i, c, used = 0;
	int rc = 0;

	sb_init(&q, 0);
	rc |= sb_adds(&q, "CREATE TABLE t(");
	for (c = 0; c < ncols; c++) {
		if (cols[c] == NULL)
			continue;
		rc |= used++ ? sb_addc(&q, ',') : 0;
		rc |= sd_spl_quote(&q, cols[c]);
		rc |= sb_adds(&q, c == 0 ? " INTEGER" : " TEXT");
	}
	rc |= sb_adds(&q, ")");
	if (rc != 0 || sqlite3_exec(db, q.p, NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "too many keys for an SPL filter");
		sb_free(&q);
		return -1;
	}
	sb_reset(&q);
	rc |= sb_adds(&q, "INSERT INTO t VALUES(");
	for (c = 0; c < used; c++)
		rc |= sb_adds(&q, c ? ",?" : "?");
	rc |= sb_adds(&q, ")");
	if (rc != 0 || sqlite3_prepare_v2(db, q.p, -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot prepare the SPL table");
		sb_free(&q);
		return -1;
	}
	sb_free(&q);
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	for (i = 0; i < pg->nlogs && rc == 0; i++) {
		const struct pb_log *lg = &pg->logs[i];
		const struct pb_group *g = &pg->groups[lg->group];
		int *pos = xcalloc(ncols + 1, sizeof *pos), p = 0;
		size_t f;

		for (c = 0; c < ncols; c++)
			pos[c] = cols[c] ? ++p : 0;
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		sqlite3_bind_int64(st, pos[0], lg->time);
		if (g->has_topic)
			sqlite3_bind_text(st, pos[1], pg->blob + g->topic.off, (int)g->topic.len,
			    SQLITE_STATIC);
		if (g->has_source)
			sqlite3_bind_text(st, pos[2], pg->blob + g->source.off, (int)g->source.len,
			    SQLITE_STATIC);
		for (f = g->tag0; f < g->tag0 + g->ntags; f++) {
			int col = sd_spl_col(cols, ncols, pg->tags[f].key, 1);

			if (col >= 0)
				sqlite3_bind_text(st, pos[col], pg->blob + pg->tags[f].voff,
				    (int)pg->tags[f].vlen, SQLITE_STATIC);
		}
		for (f = lg->field0; f < lg->field0 + lg->nfields; f++) {
			int col = sd_spl_col(cols, ncols, pg->fields[f].key, 0);

			if (col >= 0)
				sqlite3_bind_text(st, pos[col], pg->blob + pg->fields[f].voff,
				    (int)pg->fields[f].vlen, SQLITE_STATIC);
		}
		if (sqlite3_step(st) != SQLITE_DONE) {
			snprintf(err, errlen, "cannot load logs for the SPL filter");
			rc = -1;
		}
		free(pos);
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlite3_finalize(st);
	return rc;
}

/* Add a column of NULLs named name (from SQLite's own error text). */
static int
sd_spl_add_column(sqlite3 *db, const char *name)
{
	struct sb q;
	int rc;

	sb_init(&q, 0);
	rc = sb_adds(&q, "ALTER TABLE t ADD COLUMN ");
	rc |= sd_spl_quote(&q, name);
	rc |= sb_adds(&q, " TEXT");
	rc = rc == 0 && sqlite3_exec(db, q.p, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
	sb_free(&q);
	return rc;
}

/* keep[i] = 1 for the rows where the condition holds. */
static int
sd_spl_select(sqlite3 *db, const char *where, uint8_t *keep, size_t n, char *err, size_t errlen)
{
	struct sb q;
	sqlite3_stmt *st = NULL;
	const char *tail = NULL;
	int64_t deadline = clk_mono_ms() + SD_SPL_TIMEOUT_MS;
	int rc, tries, extra;

	sb_init(&q, 0);
	if (sb_adds(&q, "SELECT rowid FROM t WHERE ") != 0 || sb_adds(&q, where) != 0) {
		sb_free(&q);
		snprintf(err, errlen, "SPL statement too long");
		return -1;
	}
	sqlite3_progress_handler(db, 10000, sd_spl_progress, &deadline);
	for (tries = 0;; tries++) {
		const char *m;

		sqlite3_set_authorizer(db, sd_spl_auth, NULL);
		rc = sqlite3_prepare_v2(db, q.p, -1, &st, &tail);
		sqlite3_set_authorizer(db, NULL, NULL);
		m = sqlite3_errmsg(db);
		/* a field none of these logs has is NULL, as in SLS: add it */
		if (rc == SQLITE_OK || tries >= 64 || strncmp(m, "no such column: ", 16) != 0)
			break;
		if (sd_spl_add_column(db, m + 16) != 0)
			break;
	}
	extra = tail && tail[strspn(tail, " \t\r\n;")] != '\0';
	sb_free(&q);
	if (rc != SQLITE_OK || extra) {
		snprintf(err, errlen, "bad SPL where condition: %s",
		    rc != SQLITE_OK ? sqlite3_errmsg(db) : "text after the condition");
		sqlite3_finalize(st);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(st, 0);

		if (id >= 1 && (size_t)id <= n)
			keep[id - 1] = 1;
	}
	if (rc != SQLITE_DONE)
		snprintf(err, errlen, "SPL where condition failed: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static const char *
sd_spl_str(const struct pb_page *pg, const struct pb_str *s, int has)
{
	return has ? pg->blob + s->off : NULL;
}

/* The kept logs, their groups' topic, source, machine and tags. */
static int
sd_spl_rebuild(const struct pb_page *pg, const uint8_t *keep, struct pb_page *out, int *groups)
{
	size_t gi, li, f;
	int rc = 0;

	*groups = 0;
	for (gi = 0; gi < pg->ngroups; gi++) {
		const struct pb_group *g = &pg->groups[gi];
		int started = 0;

		for (li = g->log0; li < g->log0 + g->nlogs; li++) {
			const struct pb_log *lg = &pg->logs[li];

			if (!keep[li])
				continue;
			if (!started) {
				rc |= pb_add_group(out, sd_spl_str(pg, &g->topic, g->has_topic),
				    sd_spl_str(pg, &g->source, g->has_source),
				    sd_spl_str(pg, &g->machine, g->has_machine));
				for (f = g->tag0; f < g->tag0 + g->ntags; f++)
					rc |= pb_add_tag(out, pg->keys[pg->tags[f].key].p,
					    pg->keys[pg->tags[f].key].len, pg->blob + pg->tags[f].voff,
					    pg->tags[f].vlen);
				started = 1;
				(*groups)++;
			}
			rc |= pb_add_log(out, lg->time, lg->has_ns, lg->time_ns);
			for (f = lg->field0; f < lg->field0 + lg->nfields; f++)
				rc |= pb_add_field(out, pg->keys[pg->fields[f].key].p,
				    pg->keys[pg->fields[f].key].len, pg->blob + pg->fields[f].voff,
				    pg->fields[f].vlen);
		}
	}
	return rc;
}

int
sd_spl_filter(const char *where, const void *body, size_t len, struct sb *out,
    struct sd_spl_stat *st, char *err, size_t errlen)
{
	struct pb_page *pg = pb_page_new(), *res = pb_page_new();
	struct pb_err pe;
	struct sq_fnctx fc;
	sqlite3 *db = NULL;
	char **cols = NULL;
	size_t ncols = 0, i;
	uint8_t *keep = NULL;
	int rc = -1;

	memset(st, 0, sizeof *st);
	memset(&fc, 0, sizeof fc);
	if (pb_decode_list(pg, body, len, &pe) != 0) {
		snprintf(err, errlen, "stored groups do not decode: %s", pe.msg);
		goto out;
	}
	st->raw_lines = (int64_t)pg->nlogs;
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK || sq_fn_register(db, &fc) != 0) {
		snprintf(err, errlen, "cannot open the SPL engine");
		goto out;
	}
	ncols = sd_spl_columns(pg, &cols);
	keep = xcalloc(pg->nlogs + 1, 1);
	if (sd_spl_load(db, pg, cols, ncols, err, errlen) != 0 ||
	    sd_spl_select(db, where, keep, pg->nlogs, err, errlen) != 0)
		goto out;
	if (sd_spl_rebuild(pg, keep, res, &st->groups) != 0 || (res->ngroups > 0 &&
	    pb_encode_list(res, out) != 0)) {
		snprintf(err, errlen, "cannot encode the filtered groups");
		goto out;
	}
	for (i = 0; i < pg->nlogs; i++)
		st->result_lines += keep[i];
	rc = 0;
out:
	for (i = 0; i < ncols; i++)
		free(cols[i]);
	free(cols);
	free(keep);
	sqlite3_close(db);
	pb_page_free(pg);
	pb_page_free(res);
	return rc;
}
