/*
 * sd_cgbal — how a consumer group's shards are shared among its live
 * consumers (ConsumerGroupHeartBeat, sd_cg.c): pure functions over arrays,
 * no storage, so the rules are unit-tested alone (test_server_cgbal.c).
 *
 * Every shard has at most one owner. An assignment is balanced: with n
 * shards and k live consumers each owns n/k or n/k+1 shards. It is
 * sticky: a consumer keeps the shards it owns while it is within its
 * share, and an unowned shard a consumer still holds goes back to it. It
 * is deterministic: consumers are taken in the order given (sd_cg passes
 * them sorted by name), shards in increasing id.
 *
 * A consumer is told to consume a shard it owns only once no other live
 * consumer still holds it (lists it in its heartbeat): a shard moves only
 * after its old holder has dropped it, as the service does, so two
 * consumers never read one shard at once.
 */
#ifndef SLSX_SERVER_SD_CGBAL_H
#define SLSX_SERVER_SD_CGBAL_H

#include <stddef.h>

/* A live consumer: the shards its last heartbeat said it holds. */
struct sd_cgbal_consumer {
	const int *held;
	int nheld;
};

/* Rebalance: shard[i] (increasing ids) is owned by consumer owner[i]
 * (an index into c[0..nc), or -1); owner is updated in place. */
void sd_cgbal_assign(const int *shard, int nshard, const struct sd_cgbal_consumer *c, int nc,
    int *owner);

/* The shards consumer j is to consume now: those it owns that no other
 * consumer holds, written to out (room for nshard); returns their count. */
int sd_cgbal_grant(const int *shard, int nshard, const struct sd_cgbal_consumer *c, int nc,
    const int *owner, int j, int *out);

#endif
