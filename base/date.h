/*
 * date — a calendar time from its fields, checked field by field, the one
 * copy: the time expressions users type (tparse), the signed Date header
 * (proto/sign), and slsd's log timestamps and SQL date functions.
 */
#ifndef SLSX_BASE_DATE_H
#define SLSX_BASE_DATE_H

#include <time.h>

/* How to read the fields (flags). */
enum {
	DATE_UTC = 0,      /* the fields are UTC, then off seconds east are taken off */
	DATE_LOCAL = 1,    /* the fields are local time (mktime, DST as it applies) */
	DATE_ANY_YEAR = 2  /* years 0..9999 (SQL dates); else 1970..9999 (log times) */
};

/* Unix seconds of y-mon-d h:mi:s (mon 1..12, d 1..31, h 0..23, mi 0..59,
 * s 0..60, y as flags say), or -1 when a field is out of its range. */
time_t date_make(int y, int mon, int d, int h, int mi, int s, int flags, long off);

#endif
