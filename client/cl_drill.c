/*
 * cl_drill — the GROUP BY keys of an SQL statement (see cl_drill.h).
 *
 * The statement is cut at its top-level keywords (outside quotes and
 * parentheses): the SELECT list into items ("expr [as] alias"), the
 * GROUP BY list into keys; each key is found among the items by
 * position, alias or text, and the item's expression decides the kind.
 */
#include "client/cl_drill.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/date.h"
#include "client/cl_query.h"

#define DRILL_ITEMS 32

struct drill_span {
	const char *p;
	size_t n;
};

/* Step over c: quotes and parentheses tracked; 1 when c stands at the
 * top level, outside them. */
static int
drill_step(char c, char *q, int *depth)
{
	if (*q) {
		if (c == *q)
			*q = 0;
		return 0;
	}
	if (c == '\'' || c == '"')
		*q = c;
	else if (c == '(')
		(*depth)++;
	else if (c == ')')
		(*depth)--;
	else
		return *depth == 0;
	return 0;
}

/* The offset of keyword kw (a whole word, case-insensitive) at depth 0
 * in s[0..n) from at on, or n. */
static size_t
drill_find(const char *s, size_t n, size_t at, const char *kw)
{
	size_t i, kl = strlen(kw);
	int depth = 0;
	char q = 0;

	for (i = at; i < n; i++) {
		if (drill_step(s[i], &q, &depth) && i + kl <= n && strncasecmp(s + i, kw, kl) == 0 &&
		    (i == 0 || !(isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_')) &&
		    (i + kl == n || !(isalnum((unsigned char)s[i + kl]) || s[i + kl] == '_')))
			return i;
	}
	return n;
}

static struct drill_span
drill_trim(const char *p, size_t n)
{
	struct drill_span s;

	while (n && isspace((unsigned char)*p))
		p++, n--;
	while (n && isspace((unsigned char)p[n - 1]))
		n--;
	s.p = p;
	s.n = n;
	return s;
}

/* Split s[0..n) at top-level commas. */
static size_t
drill_split(const char *s, size_t n, struct drill_span *out, size_t max)
{
	size_t i, start = 0, k = 0;
	int depth = 0;
	char q = 0;

	for (i = 0; i <= n && k < max; i++) {
		char c = i < n ? s[i] : ',';

		if (drill_step(c, &q, &depth) && c == ',') {
			out[k] = drill_trim(s + start, i - start);
			if (out[k].n)
				k++;
			start = i + 1;
		}
	}
	return k;
}

/* An identifier, quoted or not, as its name into out; 0 when s is not
 * one. */
static int
drill_ident(struct drill_span s, char *out, size_t n)
{
	size_t i;

	if (s.n >= 2 && s.p[0] == '"' && s.p[s.n - 1] == '"') {
		if (s.n - 2 >= n || memchr(s.p + 1, '"', s.n - 2))
			return 0;
		memcpy(out, s.p + 1, s.n - 2);
		out[s.n - 2] = '\0';
		return 1;
	}
	if (s.n == 0 || s.n >= n || isdigit((unsigned char)s.p[0]))
		return 0;
	for (i = 0; i < s.n; i++)
		if (!isalnum((unsigned char)s.p[i]) && s.p[i] != '_' && s.p[i] != '.' &&
		    s.p[i] != ':')
			return 0;
	memcpy(out, s.p, s.n);
	out[s.n] = '\0';
	return 1;
}

/* "expr [as] alias": the expression and the column's name (the alias,
 * or the expression's own text). */
static void
drill_item(struct drill_span it, struct drill_span *expr, char *name, size_t n)
{
	size_t as = drill_find(it.p, it.n, 0, "as");

	if (as < it.n) {
		struct drill_span al = drill_trim(it.p + as + 2, it.n - as - 2);

		*expr = drill_trim(it.p, as);
		if (!drill_ident(al, name, n))
			snprintf(name, n, "%.*s", (int)al.n, al.p);
		return;
	}
	*expr = it;
	if (!drill_ident(it, name, n))
		snprintf(name, n, "%.*s", (int)it.n, it.p);
}

/* Squeeze white space out, lower-case: for comparing expressions. */
static void
drill_norm(struct drill_span s, char *out, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < s.n && k + 1 < n; i++)
		if (!isspace((unsigned char)s.p[i]))
			out[k++] = (char)tolower((unsigned char)s.p[i]);
	out[k] = '\0';
}

/* What the item's expression is: a field, a time bucket, or neither (-1). */
static int
drill_kind(struct drill_span e, struct cl_drill_key *k)
{
	static const struct {
		const char *unit;
		int64_t span;
	} units[] = { { "second", 1 }, { "minute", 60 }, { "hour", 3600 }, { "day", 86400 } };
	char norm[256];
	size_t i;
	long long m;
	int used = 0;

	if (drill_ident(e, k->field, sizeof k->field) && strcmp(k->field, "__time__") != 0) {
		k->kind = CL_DRILL_FIELD;
		return 0;
	}
	drill_norm(e, norm, sizeof norm);
	if (sscanf(norm, "__time__-__time__%%%lld%n", &m, &used) == 1 && norm[used] == '\0' &&
	    m > 0) {
		k->kind = CL_DRILL_TIME;
		k->span = m;
		return 0;
	}
	for (i = 0; i < sizeof units / sizeof units[0]; i++) {
		char want[64];

		snprintf(want, sizeof want, "date_trunc('%s',__time__)", units[i].unit);
		if (strcmp(norm, want) == 0) {
			k->kind = CL_DRILL_TIME;
			k->span = units[i].span;
			k->trunc = 1;
			return 0;
		}
	}
	return -1;
}

size_t
cl_drill_keys(const char *q, struct cl_drill_key *out, size_t max)
{
	const char *sql = cl_query_pipe(q);
	struct drill_span items[DRILL_ITEMS], keys[DRILL_ITEMS];
	size_t n, sel, from, grp, end, ni, nk, i, j, k = 0;
	char names[DRILL_ITEMS][128];

	if (sql == NULL)
		return 0;
	sql++;
	n = strlen(sql);
	sel = drill_find(sql, n, 0, "select");
	grp = drill_find(sql, n, 0, "group");
	if (sel >= n || grp >= n || drill_find(sql, n, grp + 5, "by") >= n)
		return 0;
	from = drill_find(sql, n, sel, "from");
	if (from > grp)
		from = drill_find(sql, n, sel, "where") < grp ? drill_find(sql, n, sel, "where") : grp;
	grp = drill_find(sql, n, grp + 5, "by") + 2;
	end = n;
	for (i = 0; i < 3; i++) {
		static const char *const after[] = { "having", "order", "limit" };
		size_t e = drill_find(sql, n, grp, after[i]);

		end = e < end ? e : end;
	}
	ni = drill_split(sql + sel + 6, from - sel - 6, items, DRILL_ITEMS);
	nk = drill_split(sql + grp, end - grp, keys, DRILL_ITEMS);
	for (i = 0; i < ni; i++) {
		struct drill_span e;

		drill_item(items[i], &e, names[i], sizeof names[i]);
	}
	for (j = 0; j < nk && k < max; j++) {
		char kn[256], en[256], id[128];
		struct drill_span e;
		long pos = -1;

		if (keys[j].n < 4 && isdigit((unsigned char)keys[j].p[0]))
			pos = strtol(keys[j].p, NULL, 10) - 1;
		drill_norm(keys[j], kn, sizeof kn);
		for (i = 0; pos < 0 && i < ni; i++) {
			drill_item(items[i], &e, id, sizeof id);
			drill_norm(e, en, sizeof en);
			if (strcmp(en, kn) == 0 || strcasecmp(names[i], kn) == 0 ||
			    (drill_ident(keys[j], id, sizeof id) && strcmp(names[i], id) == 0))
				pos = (long)i;
		}
		if (pos < 0 || (size_t)pos >= ni)
			continue;
		memset(&out[k], 0, sizeof out[k]);
		drill_item(items[pos], &e, out[k].column, sizeof out[k].column);
		if (drill_kind(e, &out[k]) == 0)
			k++;
	}
	return k;
}

int64_t
cl_drill_time(const char *v, int trunc, int64_t from, int64_t to, int64_t span)
{
	int y, mo, d, h = 0, mi = 0, s = 0;
	int64_t lt, ut;
	char *end;
	long long n;

	if (!trunc) {
		n = strtoll(v, &end, 10);
		return end != v && (*end == '\0' || *end == '.') ? (int64_t)n : -1;
	}
	if (sscanf(v, "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &s) < 3)
		return -1;
	/* local time first (slsd's, which the embedded one shares with the
	 * UI); UTC when only that puts the bucket in the range */
	lt = (int64_t)date_make(y, mo, d, h, mi, s, DATE_LOCAL, 0);
	ut = (int64_t)date_make(y, mo, d, h, mi, s, DATE_UTC, 0);
	return (lt < to && lt + span > from) || !(ut < to && ut + span > from) ? lt : ut;
}
