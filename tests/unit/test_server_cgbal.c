/*
 * test_server_cgbal — the sharing of a consumer group's shards
 * (server/sd_cgbal.h): balanced (n/k or n/k+1 each), sticky (a consumer
 * within its share keeps its shards; an unowned shard goes back to the
 * consumer still holding it), deterministic, and a shard granted to a new
 * owner only once its old holder no longer holds it. Property checks over
 * many random states, and the join / leave sequences the consumers make.
 */
#include <stdlib.h>
#include <string.h>

#include "server/sd_cgbal.h"
#include "tests/unit/t.h"

#define N_MAX 64
#define K_MAX 12

static const int tc_ids[N_MAX] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
	17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38,
	39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60,
	61, 62, 63 };

static int
tc_count(const int *owner, int n, int j)
{
	int c = 0;

	for (int i = 0; i < n; i++)
		c += owner[i] == j;
	return c;
}

static void
test_balanced_counts(void)
{
	static const struct sd_cgbal_consumer none[K_MAX];
	int owner[N_MAX];

	for (int n = 1; n <= 16; n++)
		for (int k = 1; k <= 6; k++) {
			for (int i = 0; i < n; i++)
				owner[i] = -1;
			sd_cgbal_assign(tc_ids, n, none, k, owner);
			for (int j = 0; j < k; j++) {
				int c = tc_count(owner, n, j);

				T_CHECK(c == n / k || c == n / k + 1);
			}
			T_EQ_INT(tc_count(owner, n, -1), 0);
		}
	/* 4 shards, 3 consumers: the first in order takes the extra one */
	for (int i = 0; i < 4; i++)
		owner[i] = -1;
	sd_cgbal_assign(tc_ids, 4, none, 3, owner);
	T_EQ_INT(owner[0], 0);
	T_EQ_INT(owner[1], 0);
	T_EQ_INT(owner[2], 1);
	T_EQ_INT(owner[3], 2);
	/* no consumers: nobody owns anything */
	sd_cgbal_assign(tc_ids, 4, none, 0, owner);
	T_EQ_INT(tc_count(owner, 4, -1), 4);
}

/* A owns all four; B joins: A keeps 0,1, B owns 2,3 but is granted them
 * only after A stops holding them. */
static void
test_join_waits_for_release(void)
{
	int a_held[] = { 0, 1, 2, 3 }, a_after[] = { 0, 1 };
	struct sd_cgbal_consumer c[2] = { { a_held, 4 }, { NULL, 0 } };
	int owner[4] = { 0, 0, 0, 0 }, out[4];

	sd_cgbal_assign(tc_ids, 4, c, 2, owner);
	T_EQ_INT(owner[0], 0);
	T_EQ_INT(owner[1], 0);
	T_EQ_INT(owner[2], 1);
	T_EQ_INT(owner[3], 1);
	T_EQ_INT(sd_cgbal_grant(tc_ids, 4, c, 2, owner, 0, out), 2);
	T_EQ_INT(out[0], 0);
	T_EQ_INT(out[1], 1);
	T_EQ_INT(sd_cgbal_grant(tc_ids, 4, c, 2, owner, 1, out), 0);
	/* A drops 2 and 3 from its heartbeat */
	c[0].held = a_after;
	c[0].nheld = 2;
	sd_cgbal_assign(tc_ids, 4, c, 2, owner);
	T_EQ_INT(sd_cgbal_grant(tc_ids, 4, c, 2, owner, 1, out), 2);
	T_EQ_INT(out[0], 2);
	T_EQ_INT(out[1], 3);
}

/* B is gone (the caller dropped it): A gets B's shards at once, as B
 * holds nothing any more. */
static void
test_leave_moves_shards(void)
{
	int a_held[] = { 0, 1 };
	struct sd_cgbal_consumer c[1] = { { a_held, 2 } };
	int owner[4] = { 0, 0, -1, -1 }, out[4];

	sd_cgbal_assign(tc_ids, 4, c, 1, owner);
	T_EQ_INT(tc_count(owner, 4, 0), 4);
	T_EQ_INT(sd_cgbal_grant(tc_ids, 4, c, 1, owner, 0, out), 4);
}

/* The owners are lost (a fresh state) but the consumers still hold their
 * shards: each gets its own back. */
static void
test_held_claimed_back(void)
{
	int a_held[] = { 1, 3 }, b_held[] = { 0, 2 };
	struct sd_cgbal_consumer c[2] = { { a_held, 2 }, { b_held, 2 } };
	int owner[4] = { -1, -1, -1, -1 }, out[4];

	sd_cgbal_assign(tc_ids, 4, c, 2, owner);
	T_EQ_INT(owner[0], 1);
	T_EQ_INT(owner[1], 0);
	T_EQ_INT(owner[2], 1);
	T_EQ_INT(owner[3], 0);
	T_EQ_INT(sd_cgbal_grant(tc_ids, 4, c, 2, owner, 0, out), 2);
	/* an owner index past the consumers (one left) counts as none */
	owner[0] = 7;
	sd_cgbal_assign(tc_ids, 4, c, 2, owner);
	T_EQ_INT(owner[0], 1);
}

/* Random states: always balanced and complete, consumers within n/k keep
 * every shard, the same input gives the same output, and no shard is
 * granted to two consumers, nor to one while another holds it. */
static void
test_random_properties(void)
{
	unsigned seed = 12345;

	for (int round = 0; round < 3000; round++) {
		int n = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % N_MAX;
		int k = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % K_MAX;
		int owner[N_MAX], before[N_MAX], again[N_MAX], granted[N_MAX];
		int held[K_MAX][N_MAX];
		struct sd_cgbal_consumer c[K_MAX];

		for (int j = 0; j < k; j++) {
			c[j].held = held[j];
			c[j].nheld = 0;
		}
		for (int i = 0; i < n; i++) {
			int r = (int)((seed = seed * 1103515245u + 12345u) >> 16) % (k + 2) - 1;

			owner[i] = r;
			if (r >= 0 && r < k && (seed >> 5) % 3 != 0)
				held[r][c[r].nheld++] = tc_ids[i];
			granted[i] = 0;
		}
		memcpy(before, owner, sizeof owner);
		memcpy(again, owner, sizeof owner);
		sd_cgbal_assign(tc_ids, n, c, k, owner);
		sd_cgbal_assign(tc_ids, n, c, k, again);
		T_EQ_MEM(owner, again, (size_t)n * sizeof owner[0]);
		T_EQ_INT(tc_count(owner, n, -1), 0);
		for (int j = 0; j < k; j++) {
			int cnt = tc_count(owner, n, j), out[N_MAX], g;

			T_CHECK(cnt == n / k || cnt == n / k + 1);
			if (tc_count(before, n, j) <= n / k)
				for (int i = 0; i < n; i++)
					if (before[i] == j)
						T_EQ_INT(owner[i], j);
			g = sd_cgbal_grant(tc_ids, n, c, k, owner, j, out);
			for (int x = 0; x < g; x++) {
				T_EQ_INT(owner[out[x]], j);
				T_EQ_INT(granted[out[x]]++, 0);
				for (int o = 0; o < k; o++)
					for (int h = 0; o != j && h < c[o].nheld; h++)
						T_CHECK(c[o].held[h] != out[x]);
			}
		}
		if (t_failed_checks)
			return;
	}
}

#define T_LIST(X)                                                                          \
	X(test_balanced_counts) X(test_join_waits_for_release) X(test_leave_moves_shards)  \
	X(test_held_claimed_back) X(test_random_properties)
T_MAIN(T_LIST)
