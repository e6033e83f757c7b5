/*
 * date — calendar fields to unix seconds (see date.h).
 */
#include "base/date.h"

#include <string.h>

time_t
date_make(int y, int mon, int d, int h, int mi, int s, int flags, long off)
{
	struct tm tm;

	if (y < ((flags & DATE_ANY_YEAR) ? 0 : 1970) || y > 9999 || mon < 1 || mon > 12 || d < 1 || d > 31 || h < 0 || h > 23 ||
	    mi < 0 || mi > 59 || s < 0 || s > 60)
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	if (flags & DATE_LOCAL) {
		tm.tm_isdst = -1;
		return mktime(&tm);
	}
	return timegm(&tm) - off;
}
