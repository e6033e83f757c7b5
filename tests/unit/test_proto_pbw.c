/*
 * test_proto_pbw — protobuf writing helpers, checked byte-exact against the
 * spec's worked example and against protobuf-c's generated decoder.
 */
#include <stdlib.h>
#include <string.h>

#include "base/sb.h"
#include "proto/pbw.h"
#include "proto/sls_logs.pb-c.h"
#include "tests/unit/t.h"

static void
test_spec_example(void)
{
	/* Spec §5: one group, one log (Time 1405409656, TestKey=TestContent),
	 * Topic "", Source 10.230.201.117. */
	static const unsigned char want[] = { 0x0a, 0x32, 0x0a, 0x1e, 0x08, 0xf8, 0xb2, 0x93,
		0x9e, 0x05, 0x12, 0x16, 0x0a, 0x07, 'T', 'e', 's', 't', 'K', 'e', 'y', 0x12, 0x0b,
		'T', 'e', 's', 't', 'C', 'o', 'n', 't', 'e', 'n', 't', 0x1a, 0x00, 0x22, 0x0e, '1',
		'0', '.', '2', '3', '0', '.', '2', '0', '1', '.', '1', '1', '7' };
	const char *k[] = { "TestKey" }, *v[] = { "TestContent" };
	size_t kl[] = { 7 }, vl[] = { 11 };
	struct sb g, l;

	sb_init(&g, 0);
	sb_init(&l, 0);
	T_CHECK(pbw_group_log(&g, 1405409656, 0, 0, 1, k, kl, v, vl) == 0);
	T_CHECK(pbw_bytes(&g, 3, "", 0) == 0);
	T_CHECK(pbw_bytes(&g, 4, "10.230.201.117", 14) == 0);
	T_CHECK(pbw_list_group(&l, g.p, g.len) == 0);
	T_EQ_INT(l.len, sizeof want);
	T_EQ_MEM(l.p, want, sizeof want);
	sb_free(&g);
	sb_free(&l);
}

static void
test_tags_and_ns_decode(void)
{
	const char *k[] = { "a", "" , "bin" }, *v[] = { "1", "empty-key", "\xff\x00z" };
	size_t kl[] = { 1, 0, 3 }, vl[] = { 1, 9, 3 };
	struct sb g;
	Sls__LogGroup *lg;

	sb_init(&g, 0);
	T_CHECK(pbw_group_log(&g, 1700000000, 1, 123456789, 3, k, kl, v, vl) == 0);
	T_CHECK(pbw_group_tag(&g, "__receive_time__", "1700000001") == 0);
	T_CHECK(pbw_group_tag(&g, "__client_ip__", "127.0.0.1") == 0);
	lg = sls__log_group__unpack(NULL, g.len, (const uint8_t *)g.p);
	T_REQUIRE(lg != NULL);
	T_EQ_INT(lg->n_logs, 1);
	T_EQ_INT(lg->logs[0]->time, 1700000000);
	T_CHECK(lg->logs[0]->has_time_ns);
	T_EQ_INT(lg->logs[0]->time_ns, 123456789);
	T_EQ_INT(lg->logs[0]->n_contents, 3);
	T_EQ_STR(lg->logs[0]->contents[1]->key, "");
	T_EQ_STR(lg->logs[0]->contents[1]->value, "empty-key");
	T_EQ_INT(lg->n_logtags, 2);
	T_EQ_STR(lg->logtags[0]->key, "__receive_time__");
	T_EQ_STR(lg->logtags[1]->value, "127.0.0.1");
	sls__log_group__free_unpacked(lg, NULL);
	sb_free(&g);
}

static void
test_varint(void)
{
	struct sb b;
	uint64_t v;

	sb_init(&b, 0);
	T_CHECK(pbw_varint(&b, 1700000000) == 0);
	T_EQ_MEM(b.p, "\x80\xe2\xcf\xaa\x06", 5);
	T_EQ_INT(pbw_read_varint((const unsigned char *)b.p, b.len, &v), 5);
	T_EQ_INT(v, 1700000000);
	T_EQ_INT(pbw_read_varint((const unsigned char *)b.p, 3, &v), 0);
	sb_free(&b);
}

#define T_LIST(X) X(test_spec_example) X(test_tags_and_ns_decode) X(test_varint)
T_MAIN(T_LIST)
