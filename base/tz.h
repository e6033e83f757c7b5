/*
 * tz — local time as slsx shows it: the zone, by name ("local", the
 * environment's; "UTC"; or a name under /usr/share/zoneinfo such as
 * Asia/Shanghai), the one copy for --tz, [ui] tz and the UI's :tz; and a
 * time with its date wherever what is shown spans more than one local day
 * (the UI's panes, the histogram's axis, `slsx patterns` and `compare`).
 */
#ifndef SLSX_BASE_TZ_H
#define SLSX_BASE_TZ_H

#include <stddef.h>
#include <stdint.h>

/* 1 when name is "local", "UTC" (any case) or a zone file that can be
 * read (no "..", not absolute), else 0. */
int tz_known(const char *name);
/* Local time in zone name from now on (TZ set, tzset run: localtime_r
 * sees it even after an earlier call read the old zone). "local" brings
 * back env, the TZ the program started with (NULL: none). 0, or -1 when
 * the name is not known (nothing changes). */
int tz_use(const char *name, const char *env);
enum { TZ_TIME = 0, TZ_DATE = 1, TZ_YEAR = 2 };
/* How the times of [from, to) (to exclusive) are shown: TZ_TIME within
 * one local day, TZ_DATE (with their date) across days, TZ_YEAR (with
 * the year too) across years. An end that is shown itself is passed as
 * to + 1, so that a range ending at midnight names both days. */
int tz_days(int64_t from, int64_t to);
/* t as local "HH:MM:SS"; with days "MM-DD HH:MM:SS" (TZ_YEAR:
 * "YYYY-MM-DD HH:MM:SS"). */
void tz_fmt(int64_t t, int days, char *buf, size_t n);

#endif
