/*
 * tz — the time zone local times are shown in, by name: "local" (the
 * environment's), "UTC", or a name under /usr/share/zoneinfo such as
 * Asia/Shanghai. The one copy for --tz, [ui] tz and the UI's :tz.
 */
#ifndef SLSX_BASE_TZ_H
#define SLSX_BASE_TZ_H

/* 1 when name is "local", "UTC" (any case) or a zone file that can be
 * read (no "..", not absolute), else 0. */
int tz_known(const char *name);
/* Local time in zone name from now on (TZ set, tzset run: localtime_r
 * sees it even after an earlier call read the old zone). "local" brings
 * back env, the TZ the program started with (NULL: none). 0, or -1 when
 * the name is not known (nothing changes). */
int tz_use(const char *name, const char *env);

#endif
