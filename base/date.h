/*
 * date — a calendar time from its fields, checked field by field, the one
 * copy: the time expressions users type (tparse), the signed Date header
 * (proto/sign), and slsd's log timestamps and SQL date functions.
 */
#ifndef SLSX_BASE_DATE_H
#define SLSX_BASE_DATE_H

#include <time.h>

enum date_zone {
	DATE_UTC,    /* the fields are UTC, then off seconds east are taken off */
	DATE_LOCAL   /* the fields are local time (mktime, DST as it applies) */
};

/* Unix seconds of y-mon-d h:mi:s (mon 1..12, d 1..31, h 0..23, mi 0..59,
 * s 0..60, y 1970..9999), or -1 when a field is out of its range. */
time_t date_make(int y, int mon, int d, int h, int mi, int s, enum date_zone zone, long off);

#endif
