/*
 * rng — a small deterministic pseudo-random generator (xorshift64*) for
 * jitter and fault injection. Not for secrets: use OpenSSL's RAND_bytes.
 */
#ifndef SLSX_BASE_RNG_H
#define SLSX_BASE_RNG_H

#include <stdint.h>

/* Next value in [0, 1); *state must start non-zero. */
double rng_unit(uint64_t *state);

#endif
