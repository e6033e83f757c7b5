/*
 * rng — xorshift64* (see rng.h).
 */
#include "base/rng.h"

double
rng_unit(uint64_t *state)
{
	uint64_t x = *state ? *state : 1;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return (double)((x * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}
