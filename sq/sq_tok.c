/*
 * sq_tok — tokenizers and index configs for slsd's query engine.
 *
 * A value is split into tokens on the index's delimiter bytes (spec §4.16;
 * GO's default list when none is given), folded to lower case unless the
 * index is case sensitive; with "chn" every CJK character is a token of its
 * own. Query words are split the same way, except that '*' and '?' stay in
 * them as wildcards.
 */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/u8.h"
#include "base/xalloc.h"
#include "sq/sq_int.h"

/* GO's CreateDefaultIndex token list (spec §4.16). */
static const char sq_default_delims[] = " \n\t\r,;[]{}()&^*#@~=<>/\\?:'\"";

void
sq_tok_default(struct sq_tok *t)
{
	memset(t, 0, sizeof *t);
	for (const char *p = sq_default_delims; *p; p++)
		t->delim[(unsigned char)*p] = 1;
}

static int
sq_tok_unescape_delim(const char *s)
{
	if (s[0] == '\\' && s[1] != '\0' && s[2] == '\0') {
		switch (s[1]) {
		case 'n': return '\n';
		case 't': return '\t';
		case 'r': return '\r';
		case '\\': return '\\';
		default: return -1;
		}
	}
	return -1;
}

void
sq_tok_from_list(struct sq_tok *t, const char *const *list, size_t n)
{
	memset(t->delim, 0, sizeof t->delim);
	for (size_t i = 0; i < n; i++) {
		int c = sq_tok_unescape_delim(list[i]);

		if (c >= 0) {
			t->delim[c] = 1;
			continue;
		}
		for (const unsigned char *p = (const unsigned char *)list[i]; *p; p++)
			if (*p < 0x80)
				t->delim[*p] = 1;
	}
}

static int
sq_tok_is_cjk(int32_t cp)
{
	return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
	    (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
	    (cp >= 0x20000 && cp <= 0x2FA1F);
}

void
sq_tok_split(const struct sq_tok *t, const char *s, size_t n, int keep_wild, sq_tok_fn fn,
    void *ctx)
{
	char buf[SQ_MAX_TOKEN];
	size_t blen = 0, i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			if (t->delim[c] && !(keep_wild && (c == '*' || c == '?'))) {
				if (blen)
					fn(ctx, buf, blen);
				blen = 0;
			} else if (blen < sizeof buf) {
				buf[blen++] = (char)(!t->case_sensitive && c >= 'A' && c <= 'Z' ?
				    c + 32 : c);
			}
			i++;
			continue;
		}
		int32_t cp;
		size_t k = u8_decode(s + i, n - i, &cp);

		if (k == 0)
			k = 1;
		if (t->chn && cp >= 0 && sq_tok_is_cjk(cp)) {
			if (blen)
				fn(ctx, buf, blen);
			blen = 0;
			fn(ctx, s + i, k);
		} else if (blen + k <= sizeof buf) {
			memcpy(buf + blen, s + i, k);
			blen += k;
		}
		i += k;
	}
	if (blen)
		fn(ctx, buf, blen);
}

/* ---- index configs ------------------------------------------------------ */

static void
sq_tok_parse(const cJSON *o, const struct sq_tok *fallback, struct sq_tok *t)
{
	const cJSON *tok = cJSON_GetObjectItemCaseSensitive(o, "token");
	const cJSON *cs = cJSON_GetObjectItemCaseSensitive(o, "caseSensitive");
	const cJSON *chn = cJSON_GetObjectItemCaseSensitive(o, "chn");

	*t = *fallback;
	if (cJSON_IsArray(tok) && cJSON_GetArraySize(tok) > 0) {
		const char *list[256];
		size_t n = 0;
		const cJSON *e;

		cJSON_ArrayForEach(e, tok) {
			if (cJSON_IsString(e) && n < 256)
				list[n++] = e->valuestring;
		}
		sq_tok_from_list(t, list, n);
	}
	t->case_sensitive = cJSON_IsTrue(cs);
	t->chn = cJSON_IsTrue(chn);
}

static char **
sq_tok_strlist(const cJSON *a, size_t *n)
{
	char **v = NULL;
	const cJSON *e;

	*n = 0;
	if (!cJSON_IsArray(a))
		return NULL;
	v = xcalloc((size_t)cJSON_GetArraySize(a) + 1, sizeof *v);
	cJSON_ArrayForEach(e, a) {
		if (cJSON_IsString(e))
			v[(*n)++] = xstrdup(e->valuestring);
	}
	return v;
}

/* The names of v as a hash set (NULL when none). */
static struct sq_dict *
sq_tok_set(char **v, size_t n)
{
	struct sq_dict *d;

	if (n == 0)
		return NULL;
	d = xcalloc(1, sizeof *d);
	for (size_t i = 0; i < n; i++)
		(void)sq_model_dict_add(d, v[i], strlen(v[i]));
	return d;
}

static enum sq_type
sq_tok_type_of(const char *s)
{
	if (s == NULL)
		return SQ_TEXT;
	if (strcmp(s, "long") == 0)
		return SQ_LONG;
	if (strcmp(s, "double") == 0)
		return SQ_DOUBLE;
	if (strcmp(s, "json") == 0)
		return SQ_JSON;
	return SQ_TEXT;
}

int
sq_tok_index_parse(const char *json, struct sq_index **out, struct sq_err *err)
{
	cJSON *root = cJSON_Parse(json);
	const cJSON *line, *keys, *mtl, *k;
	struct sq_index *ix;
	struct sq_tok deflt;

	*out = NULL;
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		sq_err_set(err, "ParameterInvalid", "index config is not a JSON object");
		return -1;
	}
	ix = xcalloc(1, sizeof *ix);
	sq_tok_default(&deflt);
	line = cJSON_GetObjectItemCaseSensitive(root, "line");
	if (cJSON_IsObject(line)) {
		ix->has_line = 1;
		sq_tok_parse(line, &deflt, &ix->line);
		ix->incl = sq_tok_strlist(cJSON_GetObjectItemCaseSensitive(line, "include_keys"),
		    &ix->nincl);
		ix->excl = sq_tok_strlist(cJSON_GetObjectItemCaseSensitive(line, "exclude_keys"),
		    &ix->nexcl);
		ix->iset = sq_tok_set(ix->incl, ix->nincl);
		ix->eset = sq_tok_set(ix->excl, ix->nexcl);
	}
	ix->dflt = ix->has_line ? ix->line : deflt;
	keys = cJSON_GetObjectItemCaseSensitive(root, "keys");
	if (cJSON_IsObject(keys)) {
		ix->keys = xcalloc((size_t)cJSON_GetArraySize(keys) + 1, sizeof *ix->keys);
		cJSON_ArrayForEach(k, keys) {
			struct sq_keycfg *kc;
			const cJSON *dv;

			if (!cJSON_IsObject(k) || k->string == NULL)
				continue;
			kc = &ix->keys[ix->nkeys++];
			kc->name = xstrdup(k->string);
			kc->type = sq_tok_type_of(cJSON_GetStringValue(
			    cJSON_GetObjectItemCaseSensitive(k, "type")));
			sq_tok_parse(k, &deflt, &kc->tok);
			dv = cJSON_GetObjectItemCaseSensitive(k, "doc_value");
			kc->doc_value = dv == NULL || cJSON_IsTrue(dv);
			kc->ft_shared = ix->has_line && kc->type == SQ_TEXT &&
			    kc->tok.case_sensitive == ix->line.case_sensitive &&
			    kc->tok.chn == ix->line.chn &&
			    memcmp(kc->tok.delim, ix->line.delim, sizeof kc->tok.delim) == 0;
		}
	}
	mtl = cJSON_GetObjectItemCaseSensitive(root, "max_text_len");
	ix->max_text_len = cJSON_IsNumber(mtl) && mtl->valuedouble >= 64 &&
	    mtl->valuedouble <= 16 * 1024 * 1024 ? (size_t)mtl->valuedouble : 2048;
	cJSON_Delete(root);
	*out = ix;
	return 0;
}

void
sq_tok_index_free(struct sq_index *ix)
{
	if (ix == NULL)
		return;
	for (size_t i = 0; i < ix->nincl; i++)
		free(ix->incl[i]);
	for (size_t i = 0; i < ix->nexcl; i++)
		free(ix->excl[i]);
	for (size_t i = 0; i < ix->nkeys; i++)
		free(ix->keys[i].name);
	free(ix->incl);
	free(ix->excl);
	if (ix->iset)
		sq_model_dict_free(ix->iset);
	if (ix->eset)
		sq_model_dict_free(ix->eset);
	free(ix->iset);
	free(ix->eset);
	free(ix->keys);
	free(ix);
}
