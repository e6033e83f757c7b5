/*
 * sd_cgbal — sharing a consumer group's shards among its live consumers:
 * balanced, sticky and deterministic (the rules are in sd_cgbal.h).
 */
#include "server/sd_cgbal.h"

#include <stdlib.h>

#include "base/xalloc.h"

static int
sd_cgbal_holds(const struct sd_cgbal_consumer *c, int shard)
{
	for (int i = 0; i < c->nheld; i++)
		if (c->held[i] == shard)
			return 1;
	return 0;
}

/* Owners out of range become -1; an unowned shard some consumer holds
 * goes to the first such consumer. */
static void
sd_cgbal_claim_held(const int *shard, int nshard, const struct sd_cgbal_consumer *c, int nc,
    int *owner)
{
	for (int i = 0; i < nshard; i++) {
		if (owner[i] >= nc)
			owner[i] = -1;
		for (int j = 0; owner[i] < 0 && j < nc; j++)
			if (sd_cgbal_holds(&c[j], shard[i]))
				owner[i] = j;
	}
}

/* Each consumer's share: n/k, and n/k+1 for n%k of them, first to those
 * that own more than n/k already (so they keep it), then in order. */
static void
sd_cgbal_quota(int nshard, int nc, const int *owned, int *quota)
{
	int base = nshard / nc, extra = nshard % nc;

	for (int j = 0; j < nc; j++)
		quota[j] = base;
	for (int j = 0; j < nc && extra > 0; j++)
		if (owned[j] > base) {
			quota[j]++;
			extra--;
		}
	for (int j = 0; j < nc && extra > 0; j++)
		if (quota[j] == base) {
			quota[j]++;
			extra--;
		}
}

void
sd_cgbal_assign(const int *shard, int nshard, const struct sd_cgbal_consumer *c, int nc,
    int *owner)
{
	int *owned, *quota;

	if (nc <= 0) {
		for (int i = 0; i < nshard; i++)
			owner[i] = -1;
		return;
	}
	sd_cgbal_claim_held(shard, nshard, c, nc, owner);
	owned = xcalloc((size_t)nc, sizeof *owned);
	quota = xcalloc((size_t)nc, sizeof *quota);
	for (int i = 0; i < nshard; i++)
		if (owner[i] >= 0)
			owned[owner[i]]++;
	sd_cgbal_quota(nshard, nc, owned, quota);
	/* over its share: a consumer gives up its highest shards */
	for (int i = nshard - 1; i >= 0; i--)
		if (owner[i] >= 0 && owned[owner[i]] > quota[owner[i]]) {
			owned[owner[i]]--;
			owner[i] = -1;
		}
	/* free shards, lowest first, to the first consumer under its share */
	for (int i = 0, j = 0; i < nshard; i++) {
		if (owner[i] >= 0)
			continue;
		while (j < nc && owned[j] >= quota[j])
			j++;
		if (j == nc)
			break;
		owner[i] = j;
		owned[j]++;
	}
	free(owned);
	free(quota);
}

int
sd_cgbal_grant(const int *shard, int nshard, const struct sd_cgbal_consumer *c, int nc,
    const int *owner, int j, int *out)
{
	int n = 0;

	for (int i = 0; i < nshard; i++) {
		int busy = 0;

		if (owner[i] != j)
			continue;
		for (int k = 0; k < nc && !busy; k++)
			busy = k != j && sd_cgbal_holds(&c[k], shard[i]);
		if (!busy)
			out[n++] = shard[i];
	}
	return n;
}
