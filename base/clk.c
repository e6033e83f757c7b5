/*
 * clk — monotonic and wall clocks (see clk.h).
 */
#include "clk.h"

#include <errno.h>
#include <stdlib.h>

int64_t
clk_mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t
clk_mono_ms(void)
{
	return clk_mono_us() / 1000;
}

static int
clk_forced(int64_t *sec)
{
	const char *s = getenv("SLSX_FORCETIME");
	char *end;
	long long v;

	if (s == NULL || *s == '\0')
		return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return 0;
	*sec = v;
	return 1;
}

int64_t
clk_wall_us(void)
{
	struct timespec ts;
	int64_t forced;

	if (clk_forced(&forced))
		return forced * 1000000;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

time_t
clk_wall(void)
{
	return (time_t)(clk_wall_us() / 1000000);
}

void
clk_sleep_ms(int64_t ms)
{
	struct timespec ts, rem;

	if (ms <= 0)
		return;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	while (nanosleep(&ts, &rem) == -1 && errno == EINTR)
		ts = rem;
}
