/*
 * clk — clocks: monotonic milliseconds for timers, wall time for the wire.
 *
 * SLSX_FORCETIME=<unix seconds> in the environment fixes the wall clock so
 * signatures and relative times are deterministic in tests.
 */
#ifndef SLSX_BASE_CLK_H
#define SLSX_BASE_CLK_H

#include <stdint.h>
#include <time.h>

int64_t clk_mono_ms(void);
int64_t clk_mono_us(void);
/* Wall clock in seconds (honours SLSX_FORCETIME). */
time_t clk_wall(void);
/* Wall clock in microseconds (honours SLSX_FORCETIME). */
int64_t clk_wall_us(void);
/* Sleep ms milliseconds, resuming after signals. */
void clk_sleep_ms(int64_t ms);

#endif
