/*
 * app_layout — where each pane goes, from the terminal size and what is
 * shown.
 */
#include "tui/app_int.h"

#include <string.h>


size_t
app_layout_page(const struct app *a)
{
	struct app_layout l;

	app_layout(a, &l);
	return l.res.h > 2 ? (size_t)l.res.h - 2 : 1;
}

void
app_layout(const struct app *a, struct app_layout *l)
{
	int tw = a->w >= 100 ? 26 : a->w >= 80 ? 22 : 18;
	int rw = a->w - tw, hh = a->h >= 36 ? 8 : a->h >= 24 ? 6 : 4, top, avail, th;

	memset(l, 0, sizeof *l);
	l->status = (struct app_rect){ 0, a->h - 1, a->w, 1 };
	l->tree = (struct app_rect){ 0, 0, tw - 1, a->h - 1 };
	l->query = (struct app_rect){ tw, 0, rw, 1 };
	l->info = (struct app_rect){ tw, 1, rw, 1 };
	l->hist = (struct app_rect){ tw, 2, rw, hh };
	top = 2 + hh;
	avail = a->h - 1 - top;
	th = a->tail.on ? avail * 2 / 5 : 0;
	l->res = (struct app_rect){ tw, top, rw, avail - th };
	l->tail = (struct app_rect){ tw, top + avail - th, rw, th };
}
