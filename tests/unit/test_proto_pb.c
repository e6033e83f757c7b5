/*
 * test_proto_pb — the log record model and protobuf codec: spec §5's worked
 * example, byte strings, unknown fields, missing required fields, every
 * truncation of a valid body, and agreement with protobuf-c's generated
 * packer and unpacker on randomized groups.
 */
#include <stdlib.h>
#include <string.h>

#include "base/sb.h"
#include "proto/pb.h"
#include "proto/pbw.h"
#include "proto/sls_logs.pb-c.h"
#include "tests/unit/t.h"

/* Spec §5: one group, one log (Time 1405409656, TestKey=TestContent),
 * Topic "", Source 10.230.201.117 — 52 bytes. */
static const unsigned char t_spec[] = { 0x0a, 0x32, 0x0a, 0x1e, 0x08, 0xf8, 0xb2, 0x93, 0x9e,
	0x05, 0x12, 0x16, 0x0a, 0x07, 'T', 'e', 's', 't', 'K', 'e', 'y', 0x12, 0x0b, 'T', 'e', 's',
	't', 'C', 'o', 'n', 't', 'e', 'n', 't', 0x1a, 0x00, 0x22, 0x0e, '1', '0', '.', '2', '3',
	'0', '.', '2', '0', '1', '.', '1', '1', '7' };

static void
test_spec_decode(void)
{
	struct pb_page *pg = pb_page_new();
	struct pb_err err;
	const struct pb_group *g;
	const struct pb_field *f;
	size_t len;

	T_REQUIRE(pb_decode_list(pg, t_spec, sizeof t_spec, &err) == 0);
	T_EQ_STR(err.msg, "");
	T_EQ_INT(err.missing, 0);
	T_REQUIRE(pg->ngroups == 1 && pg->nlogs == 1 && pg->nfields == 1);
	g = &pg->groups[0];
	T_CHECK(g->has_topic && g->topic.len == 0);
	T_CHECK(g->has_source && !g->has_machine && !g->has_reserved);
	T_EQ_STR(pb_str(pg, g->source, &len), "10.230.201.117");
	T_EQ_INT(len, 14);
	T_EQ_INT(pg->logs[0].time, 1405409656);
	T_CHECK(!pg->logs[0].has_ns);
	f = &pg->fields[0];
	T_EQ_STR(pb_key(pg, f->key)->p, "TestKey");
	T_EQ_STR(pb_value(pg, f, &len), "TestContent");
	T_EQ_INT(len, 11);
	f = pb_log_get(pg, 0, "TestKey", 7);
	T_REQUIRE(f != NULL);
	T_EQ_INT(f->vlen, 11);
	T_CHECK(pb_log_get(pg, 0, "nope", 4) == NULL);
	/* The same bytes as a single LogGroup body (PutLogs). */
	pb_page_clear(pg);
	T_REQUIRE(pb_decode_group(pg, t_spec + 2, sizeof t_spec - 2, &err) == 0);
	T_EQ_INT(pg->ngroups, 1);
	T_EQ_INT(pg->nlogs, 1);
	pb_page_free(pg);
}

static void
test_spec_encode(void)
{
	struct pb_page *pg = pb_page_new();
	struct sb b;

	sb_init(&b, 0);
	T_CHECK(pb_add_group(pg, "", "10.230.201.117", NULL) == 0);
	T_CHECK(pb_add_log(pg, 1405409656, 0, 0) == 0);
	T_CHECK(pb_add_field(pg, "TestKey", 7, "TestContent", 11) == 0);
	T_REQUIRE(pb_encode_list(pg, &b) == 0);
	T_EQ_INT(b.len, sizeof t_spec);
	T_EQ_MEM(b.p, t_spec, sizeof t_spec);
	sb_reset(&b);
	T_REQUIRE(pb_encode_group(pg, 0, &b) == 0);
	T_EQ_INT(b.len, sizeof t_spec - 2);
	T_EQ_MEM(b.p, t_spec + 2, sizeof t_spec - 2);
	sb_free(&b);
	pb_page_free(pg);
}

static void
test_time_ns_and_tags(void)
{
	/* Time_ns example of spec §5: 25 15 cd 5b 07; slsd-style tags appended
	 * with pbw to a serialized group are decoded as tags. */
	struct pb_page *pg = pb_page_new();
	struct sb b;
	struct pb_err err;
	const char *k[] = { "a" }, *v[] = { "1" };
	size_t kl[] = { 1 }, vl[] = { 1 };

	sb_init(&b, 0);
	T_CHECK(pbw_group_log(&b, 1700000000, 1, 123456789, 1, k, kl, v, vl) == 0);
	T_REQUIRE(b.len > 5);
	T_EQ_MEM(b.p + b.len - 5, "\x25\x15\xcd\x5b\x07", 5);
	T_CHECK(pbw_group_tag(&b, "__receive_time__", "1700000001") == 0);
	T_CHECK(pbw_group_tag(&b, "__client_ip__", "127.0.0.1") == 0);
	T_REQUIRE(pb_decode_group(pg, b.p, b.len, &err) == 0);
	T_EQ_INT(pg->logs[0].time, 1700000000);
	T_CHECK(pg->logs[0].has_ns);
	T_EQ_INT(pg->logs[0].time_ns, 123456789);
	T_REQUIRE(pg->ntags == 2 && pg->groups[0].ntags == 2);
	T_EQ_STR(pb_key(pg, pg->tags[0].key)->p, "__receive_time__");
	T_EQ_STR(pb_value(pg, &pg->tags[0], NULL), "1700000001");
	T_EQ_STR(pb_key(pg, pg->tags[1].key)->p, "__client_ip__");
	T_EQ_STR(pb_value(pg, &pg->tags[1], NULL), "127.0.0.1");
	sb_free(&b);
	pb_page_free(pg);
}

static void
test_byte_strings_and_interning(void)
{
	/* NULs, non-UTF-8, empty and duplicate keys, a 1 MiB value. */
	struct pb_page *pg = pb_page_new(), *pg2 = pb_page_new();
	struct sb b;
	struct pb_err err;
	char *big = malloc(1 << 20);
	size_t len, i;

	memset(big, 'x', 1 << 20);
	sb_init(&b, 0);
	T_CHECK(pb_add_group(pg, NULL, NULL, NULL) == 0);
	for (i = 0; i < 3; i++) {
		T_CHECK(pb_add_log(pg, (uint32_t)i, 0, 0) == 0);
		T_CHECK(pb_add_field(pg, "k\0z", 3, "a\0b\xff", 4) == 0);
		T_CHECK(pb_add_field(pg, "", 0, "", 0) == 0);
		T_CHECK(pb_add_field(pg, "dup", 3, "1", 1) == 0);
		T_CHECK(pb_add_field(pg, "dup", 3, "2", 1) == 0);
	}
	T_CHECK(pb_add_field(pg, "big", 3, big, 1 << 20) == 0);
	T_REQUIRE(pb_encode_list(pg, &b) == 0);
	T_REQUIRE(pb_decode_list(pg2, b.p, b.len, &err) == 0);
	T_EQ_INT(pg2->nlogs, 3);
	T_EQ_INT(pg2->nfields, 13);
	T_EQ_INT(pg2->nkeys, 4); /* "k\0z", "", "dup", "big": one copy each */
	T_EQ_INT(pb_key(pg2, pg2->fields[0].key)->len, 3);
	T_EQ_MEM(pb_key(pg2, pg2->fields[0].key)->p, "k\0z", 4);
	T_EQ_MEM(pb_value(pg2, &pg2->fields[0], &len), "a\0b\xff", 5);
	T_EQ_INT(len, 4);
	T_EQ_INT(pg2->fields[1].vlen, 0);
	T_EQ_INT(pg2->fields[2].key, pg2->fields[3].key);
	T_EQ_STR(pb_value(pg2, &pg2->fields[3], NULL), "2");
	T_EQ_INT(pg2->fields[12].vlen, 1 << 20);
	T_EQ_MEM(pb_value(pg2, &pg2->fields[12], NULL), big, 1 << 20);
	T_EQ_INT(pb_key_find(pg2, "dup", 3), pg2->fields[2].key);
	T_EQ_INT(pb_key_find(pg2, "zzz", 3), -1);
	/* Groups without topic/source stay absent. */
	T_CHECK(!pg2->groups[0].has_topic && !pg2->groups[0].has_source);
	pb_page_shrink(pg2);
	T_EQ_INT(pg2->fields[12].vlen, 1 << 20);
	T_CHECK(pb_page_bytes(pg2) >= pg2->blob_len);
	free(big);
	sb_free(&b);
	pb_page_free(pg);
	pb_page_free(pg2);
}

static void
test_unknown_fields_skipped(void)
{
	/* A group with unknown fields of wire types 0, 1, 2, 5 at every level,
	 * Log field 3 (unused), and the spec log. */
	static const unsigned char in[] = {
		0x0a, 0x2b,                               /* Log len 43 */
		0x18, 0x05,                               /* Log field 3 varint */
		0x08, 0x01,                               /* Time 1 */
		0x12, 0x0f,                               /* Content len 15 */
		0x0a, 0x01, 'k', 0x12, 0x01, 'v',         /* k=v */
		0x19, 1, 2, 3, 4, 5, 6, 7, 8,             /* field 3 fixed64 */
		0x38, 0xff, 0x01,                         /* Log field 7 varint */
		0x45, 1, 2, 3, 4,                         /* Log field 8 fixed32 */
		0x4a, 0x03, 'x', 'y', 'z',                /* Log field 9 bytes */
		0x51, 0, 0, 0, 0, 0, 0, 0, 0,             /* Log field 10 fixed64 */
		0x1a, 0x01, 't',                          /* Topic */
		0x78, 0x2a,                               /* Group field 15 varint */
		0xa2, 0x06, 0x02, 'h', 'i',               /* Group field 100 bytes */
	};
	unsigned char list[sizeof in + 16];
	struct pb_page *pg = pb_page_new();
	struct pb_err err;
	size_t n = 0;

	T_REQUIRE(pb_decode_group(pg, in, sizeof in, &err) == 0);
	T_EQ_INT(pg->nlogs, 1);
	T_EQ_INT(pg->logs[0].time, 1);
	T_EQ_INT(pg->nfields, 1);
	T_EQ_STR(pb_value(pg, &pg->fields[0], NULL), "v");
	T_EQ_STR(pb_str(pg, pg->groups[0].topic, NULL), "t");
	T_EQ_INT(err.missing, 0);
	/* In a list, with an unknown top-level field before it. */
	list[n++] = 0x10;
	list[n++] = 0x07;
	list[n++] = 0x0a;
	list[n++] = sizeof in;
	memcpy(list + n, in, sizeof in);
	n += sizeof in;
	pb_page_clear(pg);
	T_REQUIRE(pb_decode_list(pg, list, n, &err) == 0);
	T_EQ_INT(pg->ngroups, 1);
	T_EQ_INT(pg->nlogs, 1);
	pb_page_free(pg);
}

static void
test_missing_required(void)
{
	/* Log without Time, Content without Key, Content without Value,
	 * LogTag with neither: accepted with defaults, counted as warnings. */
	static const unsigned char in[] = {
		0x0a, 0x0a,                   /* Log len 10 */
		0x12, 0x03, 0x12, 0x01, 'v',  /* Content: Value only */
		0x12, 0x03, 0x0a, 0x01, 'k',  /* Content: Key only */
		0x32, 0x00,                   /* LogTag: empty */
	};
	struct pb_page *pg = pb_page_new();
	struct pb_err err;

	T_REQUIRE(pb_decode_group(pg, in, sizeof in, &err) == 0);
	T_EQ_INT(err.missing, 5);
	T_EQ_INT(pg->logs[0].time, 0);
	T_EQ_INT(pg->nfields, 2);
	T_EQ_INT(pb_key(pg, pg->fields[0].key)->len, 0);
	T_EQ_STR(pb_value(pg, &pg->fields[0], NULL), "v");
	T_EQ_STR(pb_key(pg, pg->fields[1].key)->p, "k");
	T_EQ_INT(pg->fields[1].vlen, 0);
	T_EQ_INT(pg->ntags, 1);
	pb_page_free(pg);
}

static void
test_corrupt_inputs(void)
{
	static const struct {
		const char *name;
		const char *in;
		size_t n;
	} cases[] = {
		{ "length past end", "\x0a\x05\x08\x01", 4 },
		{ "truncated varint", "\x0a\x04\x0a\x02\x08\x80", 6 },
		{ "11-byte varint", "\x08\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01", 12 },
		{ "wire type 3", "\x0b", 1 },
		{ "wire type 4", "\x0c", 1 },
		{ "wire type 7", "\x0f", 1 },
		{ "field 0", "\x02\x00", 2 },
		{ "group as varint", "\x08\x01", 2 },
		{ "time as bytes", "\x0a\x05\x0a\x03\x0a\x01\x00", 7 },
		{ "content as varint", "\x0a\x04\x0a\x02\x10\x01", 6 },
		{ "key as varint", "\x0a\x06\x0a\x04\x12\x02\x08\x01", 8 },
		{ "truncated ns", "\x0a\x05\x0a\x03\x25\x01\x02", 7 },
		{ "truncated fixed64", "\x0a\x05\x0a\x03\x19\x01\x02", 7 },
		{ "topic as varint", "\x0a\x02\x18\x01", 4 },
		{ "content past log", "\x0a\x06\x0a\x04\x12\x05\x0a\x01", 8 },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct pb_page *pg = pb_page_new();
		struct pb_err err;

		/* A good group first: a failed decode must not touch it. */
		T_REQUIRE(pb_decode_list(pg, t_spec, sizeof t_spec, NULL) == 0);
		if (pb_decode_list(pg, cases[i].in, cases[i].n, &err) != -1)
			T_FAIL_AT("case '%s' decoded", cases[i].name);
		T_CHECK(err.msg[0] != '\0');
		T_CHECK(err.offset <= cases[i].n);
		T_EQ_INT(pg->ngroups, 1);
		T_EQ_INT(pg->nlogs, 1);
		T_EQ_INT(pg->nfields, 1);
		T_EQ_INT(pg->nkeys, 1);
		T_EQ_STR(pb_value(pg, &pg->fields[0], NULL), "TestContent");
		T_EQ_INT(pb_key_find(pg, "TestKey", 7), 0);
		pb_page_free(pg);
	}
}

static void
test_every_truncation(void)
{
	/* Every prefix of a valid list either decodes or fails cleanly (run
	 * under ASan: no over-read); a prefix cut inside a group fails. */
	struct pb_page *src = pb_page_new(), *pg = pb_page_new();
	struct sb b;
	size_t cut, ok = 0;

	sb_init(&b, 0);
	T_CHECK(pb_add_group(src, "topic", "src", "uuid") == 0);
	T_CHECK(pb_add_tag(src, "tk", 2, "tv", 2) == 0);
	T_CHECK(pb_add_log(src, 1700000000, 1, 5) == 0);
	T_CHECK(pb_add_field(src, "key", 3, "value", 5) == 0);
	T_CHECK(pb_add_log(src, 1700000001, 0, 0) == 0);
	T_CHECK(pb_add_field(src, "key", 3, "value2", 6) == 0);
	T_REQUIRE(pb_encode_list(src, &b) == 0);
	for (cut = 0; cut <= b.len; cut++) {
		unsigned char *copy = malloc(cut ? cut : 1);
		int rc;

		memcpy(copy, b.p, cut);
		pb_page_clear(pg);
		rc = pb_decode_list(pg, copy, cut, NULL);
		ok += rc == 0;
		if (rc == 0 && cut != 0 && cut != b.len)
			T_FAIL_AT("prefix %zu of %zu decoded", cut, b.len);
		free(copy);
	}
	T_EQ_INT(ok, 2); /* empty and whole */
	T_EQ_INT(pg->nlogs, 2);
	sb_free(&b);
	pb_page_free(src);
	pb_page_free(pg);
}

/* ---- randomized agreement with protobuf-c ------------------------------- */

static unsigned long t_seed = 12345;

static unsigned
t_rand(unsigned n)
{
	t_seed = t_seed * 6364136223846793005ul + 1442695040888963407ul;
	return (unsigned)((t_seed >> 33) % n);
}

/* A random NUL-free string (protobuf-c strings are C strings). */
static char *
t_rstr(unsigned maxlen)
{
	unsigned n = t_rand(maxlen + 1), i;
	char *s = malloc(n + 1);

	for (i = 0; i < n; i++)
		s[i] = (char)(1 + t_rand(255));
	s[n] = '\0';
	return s;
}

static const char *t_keys[] = { "ip", "method", "status", "", "__topic__", "k\xff", "url" };

/* Build the same random group in pg and in a protobuf-c message. */
static Sls__LogGroup *
t_random_group(struct pb_page *pg)
{
	Sls__LogGroup *g = calloc(1, sizeof *g);
	size_t i, j;

	sls__log_group__init(g);
	g->topic = t_rand(2) ? t_rstr(8) : NULL;
	g->source = t_rand(2) ? t_rstr(8) : NULL;
	g->machineuuid = t_rand(4) == 0 ? t_rstr(8) : NULL;
	pb_add_group(pg, g->topic, g->source, g->machineuuid);
	g->n_logs = t_rand(6);
	g->logs = calloc(g->n_logs + 1, sizeof *g->logs);
	for (i = 0; i < g->n_logs; i++) {
		Sls__Log *l = calloc(1, sizeof *l);

		sls__log__init(l);
		l->time = t_rand(3) ? 1700000000u + t_rand(1000) : t_rand(200);
		l->has_time_ns = t_rand(2);
		l->time_ns = l->has_time_ns ? t_rand(1000000000) : 0;
		pb_add_log(pg, l->time, l->has_time_ns, l->time_ns);
		l->n_contents = t_rand(8);
		l->contents = calloc(l->n_contents + 1, sizeof *l->contents);
		for (j = 0; j < l->n_contents; j++) {
			Sls__Log__Content *c = calloc(1, sizeof *c);

			sls__log__content__init(c);
			c->key = strdup(t_keys[t_rand(7)]);
			c->value = t_rand(10) ? t_rstr(20) : t_rstr(300);
			pb_add_field(pg, c->key, strlen(c->key), c->value, strlen(c->value));
			l->contents[j] = c;
		}
		g->logs[i] = l;
	}
	g->n_logtags = t_rand(3);
	g->logtags = calloc(g->n_logtags + 1, sizeof *g->logtags);
	for (i = 0; i < g->n_logtags; i++) {
		Sls__LogTag *t = calloc(1, sizeof *t);

		sls__log_tag__init(t);
		t->key = t_rstr(6);
		t->value = t_rstr(10);
		pb_add_tag(pg, t->key, strlen(t->key), t->value, strlen(t->value));
		g->logtags[i] = t;
	}
	return g;
}

static void
t_free_group(Sls__LogGroup *g)
{
	size_t i, j;

	for (i = 0; i < g->n_logs; i++) {
		for (j = 0; j < g->logs[i]->n_contents; j++) {
			free(g->logs[i]->contents[j]->key);
			free(g->logs[i]->contents[j]->value);
			free(g->logs[i]->contents[j]);
		}
		free(g->logs[i]->contents);
		free(g->logs[i]);
	}
	for (i = 0; i < g->n_logtags; i++) {
		free(g->logtags[i]->key);
		free(g->logtags[i]->value);
		free(g->logtags[i]);
	}
	free(g->logs);
	free(g->logtags);
	free(g->topic);
	free(g->source);
	free(g->machineuuid);
	free(g);
}

/* Length as protobuf-c's C strings see it: up to the first NUL (mutated
 * bodies may put one inside a value). */
static size_t
t_clen(const char *p, size_t n)
{
	const char *z = memchr(p, 0, n);

	return z ? (size_t)(z - p) : n;
}

/* Compare a protobuf-c string (NULL = absent) with a page string. */
static int
t_same_str(const struct pb_page *pg, const char *want, int has, struct pb_str s)
{
	if (want == NULL)
		return !has;
	return has && t_clen(pg->blob + s.off, s.len) == strlen(want) &&
	    memcmp(pg->blob + s.off, want, strlen(want)) == 0;
}

static int
t_same_kv(const struct pb_page *pg, const char *k, const char *v, const struct pb_field *f)
{
	const struct pb_key *key = pb_key(pg, f->key);

	return t_clen(key->p, key->len) == strlen(k) && memcmp(key->p, k, strlen(k)) == 0 &&
	    t_clen(pg->blob + f->voff, f->vlen) == strlen(v) &&
	    memcmp(pg->blob + f->voff, v, strlen(v)) == 0;
}

/* Does group gi of pg hold exactly what protobuf-c unpacked? */
static int
t_same_group(const struct pb_page *pg, size_t gi, const Sls__LogGroup *g)
{
	const struct pb_group *pgg = &pg->groups[gi];
	size_t i, j;

	if (pgg->nlogs != g->n_logs || pgg->ntags != g->n_logtags ||
	    !t_same_str(pg, g->topic, pgg->has_topic, pgg->topic) ||
	    !t_same_str(pg, g->source, pgg->has_source, pgg->source) ||
	    !t_same_str(pg, g->machineuuid, pgg->has_machine, pgg->machine) ||
	    !t_same_str(pg, g->reserved, pgg->has_reserved, pgg->reserved))
		return 0;
	for (i = 0; i < g->n_logs; i++) {
		const struct pb_log *l = &pg->logs[pgg->log0 + i];
		const Sls__Log *gl = g->logs[i];

		if (l->time != gl->time || l->has_ns != gl->has_time_ns ||
		    (l->has_ns && l->time_ns != gl->time_ns) || l->nfields != gl->n_contents ||
		    l->group != gi)
			return 0;
		for (j = 0; j < gl->n_contents; j++)
			if (!t_same_kv(pg, gl->contents[j]->key, gl->contents[j]->value,
				&pg->fields[l->field0 + j]))
				return 0;
	}
	for (i = 0; i < g->n_logtags; i++)
		if (!t_same_kv(pg, g->logtags[i]->key, g->logtags[i]->value,
			&pg->tags[pgg->tag0 + i]))
			return 0;
	return 1;
}

static void
test_random_vs_protobuf_c(void)
{
	int round;

	for (round = 0; round < 300; round++) {
		struct pb_page *pg = pb_page_new(), *back = pb_page_new();
		Sls__LogGroupList list = SLS__LOG_GROUP_LIST__INIT;
		Sls__LogGroupList *un;
		Sls__LogGroup *gs[4];
		struct sb ours;
		uint8_t *theirs;
		size_t i, n, ng = t_rand(4) + 1;
		struct pb_err err;

		for (i = 0; i < ng; i++)
			gs[i] = t_random_group(pg);
		list.n_loggroups = ng;
		list.loggroups = gs;
		n = sls__log_group_list__get_packed_size(&list);
		theirs = malloc(n + 1);
		T_REQUIRE(sls__log_group_list__pack(&list, theirs) == n);
		sb_init(&ours, 0);
		T_REQUIRE(pb_encode_list(pg, &ours) == 0);
		T_EQ_INT(ours.len, n);
		if (ours.len == n)
			T_EQ_MEM(ours.p, theirs, n);
		/* Each group alone, too. */
		for (i = 0; i < ng; i++) {
			size_t gn = sls__log_group__get_packed_size(gs[i]);
			uint8_t *gb = malloc(gn + 1);
			struct sb one;

			sls__log_group__pack(gs[i], gb);
			sb_init(&one, 0);
			T_CHECK(pb_encode_group(pg, i, &one) == 0);
			T_CHECK(one.len == gn && memcmp(one.p, gb, gn) == 0);
			sb_free(&one);
			free(gb);
		}
		/* Our decoder agrees with protobuf-c's unpacker. */
		un = sls__log_group_list__unpack(NULL, n, theirs);
		T_REQUIRE(un != NULL);
		T_REQUIRE(pb_decode_list(back, theirs, n, &err) == 0);
		T_EQ_INT(err.missing, 0);
		T_EQ_INT(back->ngroups, un->n_loggroups);
		for (i = 0; i < un->n_loggroups && i < back->ngroups; i++)
			if (!t_same_group(back, i, un->loggroups[i]))
				T_FAIL_AT("round %d group %zu differs", round, i);
		/* Mutated bodies: whenever protobuf-c accepts, we agree. */
		for (i = 0; i < 8 && n > 0; i++) {
			uint8_t *m = malloc(n);
			Sls__LogGroupList *mu;
			size_t j;

			memcpy(m, theirs, n);
			m[t_rand((unsigned)n)] = (uint8_t)t_rand(256);
			mu = sls__log_group_list__unpack(NULL, n, m);
			pb_page_clear(back);
			if (mu != NULL) {
				int rc = pb_decode_list(back, m, n, &err);

				if (rc != 0)
					T_FAIL_AT("round %d: protobuf-c accepts, we fail: %s", round,
					    err.msg);
				for (j = 0; rc == 0 && j < mu->n_loggroups; j++)
					if (j >= back->ngroups || !t_same_group(back, j, mu->loggroups[j]))
						T_FAIL_AT("round %d: mutated group %zu differs", round, j);
				sls__log_group_list__free_unpacked(mu, NULL);
			} else {
				(void)pb_decode_list(back, m, n, &err);
			}
			free(m);
		}
		sls__log_group_list__free_unpacked(un, NULL);
		for (i = 0; i < ng; i++)
			t_free_group(gs[i]);
		free(theirs);
		sb_free(&ours);
		pb_page_free(pg);
		pb_page_free(back);
	}
}

static void
test_noncanonical_tags(void)
{
	/* Tags written as 2-byte varints (legal protobuf): LogGroups 8a 00,
	 * Logs 8a 00, Time 88 00, Contents 92 00, Key 8a 00, Value 92 00. */
	static const unsigned char in[] = {
		0x8a, 0x00, 0x13,                         /* LogGroup len 19 */
		0x8a, 0x00, 0x10,                         /* Log len 16 */
		0x88, 0x00, 0x07,                         /* Time 7 */
		0x92, 0x00, 0x0a,                         /* Content len 10 */
		0x8a, 0x00, 0x02, 'k', '1',               /* Key */
		0x92, 0x00, 0x02, 'v', '1',               /* Value */
	};
	struct pb_page *pg = pb_page_new();
	struct pb_err err;
	Sls__LogGroupList *l = sls__log_group_list__unpack(NULL, sizeof in, in);

	T_REQUIRE(l != NULL);
	T_EQ_INT(l->n_loggroups, 1);
	T_REQUIRE(pb_decode_list(pg, in, sizeof in, &err) == 0);
	T_EQ_INT(err.missing, 0);
	T_REQUIRE(pg->nlogs == 1 && pg->nfields == 1);
	T_EQ_INT(pg->logs[0].time, 7);
	T_EQ_STR(pb_key(pg, pg->fields[0].key)->p, "k1");
	T_EQ_STR(pb_value(pg, &pg->fields[0], NULL), "v1");
	T_CHECK(t_same_group(pg, 0, l->loggroups[0]));
	sls__log_group_list__free_unpacked(l, NULL);
	pb_page_free(pg);
}

static void
test_append_and_clear(void)
{
	/* Decoding appends; group/log indexes stay consistent across calls. */
	struct pb_page *pg = pb_page_new();
	int i;

	for (i = 0; i < 3; i++)
		T_REQUIRE(pb_decode_list(pg, t_spec, sizeof t_spec, NULL) == 0);
	T_EQ_INT(pg->ngroups, 3);
	T_EQ_INT(pg->nlogs, 3);
	T_EQ_INT(pg->nkeys, 1);
	T_EQ_INT(pg->logs[2].group, 2);
	T_EQ_INT(pg->groups[2].log0, 2);
	T_EQ_INT(pg->logs[2].field0, 2);
	/* Hand-building checks its order. */
	pb_page_clear(pg);
	T_EQ_INT(pb_add_log(pg, 1, 0, 0), -1);
	T_EQ_INT(pb_add_field(pg, "a", 1, "b", 1), -1);
	T_EQ_INT(pb_add_tag(pg, "a", 1, "b", 1), -1);
	T_EQ_INT(pg->nkeys, 0);
	T_EQ_INT(pb_decode_list(pg, "", 0, NULL), 0);
	T_EQ_INT(pg->ngroups, 0);
	T_EQ_INT(pb_decode_group(pg, "", 0, NULL), 0);
	T_EQ_INT(pg->ngroups, 1);
	T_EQ_INT(pg->groups[0].nlogs, 0);
	pb_page_free(pg);
}

#define T_LIST(X)                                                            \
	X(test_spec_decode) X(test_spec_encode) X(test_time_ns_and_tags)     \
	X(test_byte_strings_and_interning) X(test_unknown_fields_skipped)    \
	X(test_missing_required) X(test_corrupt_inputs) X(test_every_truncation) \
	X(test_random_vs_protobuf_c) X(test_noncanonical_tags) X(test_append_and_clear)
T_MAIN(T_LIST)
