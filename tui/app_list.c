/*
 * app_list — moving a list position (struct app_list) with the keys
 * every list shares: j/k, arrows, PgUp/PgDn, g/G, Home/End.
 */
#include "tui/app_int.h"

#include <stddef.h>

#include "tui/scr.h"

size_t
app_list_move(size_t sel, size_t n, long d)
{
	long v = (long)sel + d;

	if (n == 0 || v < 0)
		return 0;
	return (size_t)v >= n ? n - 1 : (size_t)v;
}

/* j/k, arrows, the wheel, PgUp/PgDn, g/G, Home/End: the new selection, or -1. */
long
app_list_nav(const struct scr_key *k, size_t sel, size_t n, int page)
{
	switch (k->code) {
	case 'j': case SK_DOWN: return (long)app_list_move(sel, n, 1);
	case 'k': case SK_UP: return (long)app_list_move(sel, n, -1);
	case SK_MOUSE_DOWN: return (long)app_list_move(sel, n, 3); /* the wheel: three rows */
	case SK_MOUSE_UP: return (long)app_list_move(sel, n, -3);
	case SK_PGDN: case 6: case ' ': return (long)app_list_move(sel, n, page);
	case SK_PGUP: case 2: return (long)app_list_move(sel, n, -page);
	case 'g': case SK_HOME: return 0;
	case 'G': case SK_END: return n ? (long)n - 1 : 0;
	default: return -1;
	}
}
