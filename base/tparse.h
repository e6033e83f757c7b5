/*
 * tparse — the time expressions users type: "now", "-15m", "15m",
 * "1h ago", "2d", "today", "yesterday", ISO-8601 ("2024-01-01",
 * "2024-01-01T08:30", "2024-01-01 08:30:00", with "Z" or "+08:00"; no zone
 * means local time), a time of day ("19:00", "19:00:30", "today 08:30",
 * "yesterday 23:00": local), and unix seconds ("1704067200"). Relative units:
 * s, m (minutes), h, d, w. "today"/"yesterday" are local midnights. And
 * lengths of time in the same units ("5m": a histogram's bucket).
 */
#ifndef SLSX_BASE_TPARSE_H
#define SLSX_BASE_TPARSE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Parse s relative to now. 0 ok (*out set); -1 with a message in err. */
int tparse(const char *s, time_t now, time_t *out, char *err, size_t errlen);
/* A length of time, more than none: "30s", "5m", "1 hour", "2d", or
 * seconds alone ("90"). 0 ok (*secs set); -1 with a message in err. */
int tparse_span(const char *s, int64_t *secs, char *err, size_t errlen);

#endif
