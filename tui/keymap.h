/*
 * keymap — user key bindings, from the [keys] section of slsx's config:
 * each "KEY = KEY" line makes the first key act as the second wherever
 * slsx is not taking text (tree, histogram, results, context, tail), e.g.
 *
 *   [keys]
 *   ctrl-n = j
 *   ctrl-p = k
 *   Q = q
 *
 * Key names: a single character (UTF-8), ctrl-a .. ctrl-z, space, enter,
 * esc, tab, backtab, backspace, del, up, down, left, right, home, end,
 * pgup, pgdn, f1 (case does not matter for the long names).
 */
#ifndef SLSX_TUI_KEYMAP_H
#define SLSX_TUI_KEYMAP_H

#include <stddef.h>
#include <stdint.h>

#define KM_MAX 64

struct keymap {
	int n;
	uint32_t from[KM_MAX], to[KM_MAX];
};

/* The key code (scr.h) for a name, or 0 when it names no key. */
uint32_t km_key(const char *name);
/* Add "from = to"; a later binding of the same key replaces the earlier.
 * 0 ok, -1 with err (unknown key name, too many bindings). */
int km_add(struct keymap *km, const char *from, const char *to, char *err, size_t errlen);
/* What code acts as (code itself when unbound). */
uint32_t km_map(const struct keymap *km, uint32_t code);

#endif
