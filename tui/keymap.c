/*
 * keymap — user key bindings (see keymap.h).
 */
#include "tui/keymap.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/u8.h"
#include "tui/scr.h"

static const struct {
	const char *name;
	uint32_t code;
} km_names[] = {
	{ "space", ' ' }, { "enter", SK_ENTER }, { "return", SK_ENTER }, { "esc", SK_ESC },
	{ "escape", SK_ESC }, { "tab", SK_TAB }, { "backtab", SK_BTAB }, { "shift-tab", SK_BTAB },
	{ "backspace", SK_BACKSPACE }, { "del", SK_DEL }, { "delete", SK_DEL }, { "up", SK_UP },
	{ "down", SK_DOWN }, { "left", SK_LEFT }, { "right", SK_RIGHT }, { "home", SK_HOME },
	{ "end", SK_END }, { "pgup", SK_PGUP }, { "pageup", SK_PGUP }, { "pgdn", SK_PGDN },
	{ "pagedown", SK_PGDN }, { "f1", SK_F1 },
};

uint32_t
km_key(const char *name)
{
	size_t i, n = strlen(name);
	int32_t cp;

	if (n == 0)
		return 0;
	for (i = 0; i < sizeof km_names / sizeof km_names[0]; i++)
		if (strcasecmp(name, km_names[i].name) == 0)
			return km_names[i].code;
	if (n == 6 && strncasecmp(name, "ctrl-", 5) == 0) {
		char c = name[5] | 0x20;

		/* ctrl-c always quits, ctrl-i and ctrl-m are tab and enter */
		if (c >= 'a' && c <= 'z' && c != 'c' && c != 'i' && c != 'm')
			return (uint32_t)(c - 'a' + 1);
		return 0;
	}
	/* one printable character */
	if (u8_decode(name, n, &cp) != n || cp < 0x21 || u8_cp_is_unsafe(cp) ||
	    u8_cp_width(cp) < 1)
		return 0;
	return (uint32_t)cp;
}

int
km_add(struct keymap *km, const char *from, const char *to, char *err, size_t errlen)
{
	uint32_t f = km_key(from), t = km_key(to);
	int i;

	if (f == 0 || t == 0) {
		snprintf(err, errlen, "unknown key \"%.40s\"", f == 0 ? from : to);
		return -1;
	}
	for (i = 0; i < km->n; i++)
		if (km->from[i] == f) {
			km->to[i] = t;
			return 0;
		}
	if (km->n == KM_MAX) {
		snprintf(err, errlen, "more than %d key bindings", KM_MAX);
		return -1;
	}
	km->from[km->n] = f;
	km->to[km->n++] = t;
	return 0;
}

uint32_t
km_map(const struct keymap *km, uint32_t code)
{
	int i;

	for (i = 0; km && i < km->n; i++)
		if (km->from[i] == code)
			return km->to[i];
	return code;
}
