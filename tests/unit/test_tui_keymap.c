/*
 * test_tui_keymap — key names, bindings, rebinding and refusals.
 */
#include <string.h>

#include "tui/keymap.h"
#include "tui/scr.h"
#include "tests/unit/t.h"

static void
test_names(void)
{
	T_EQ_INT(km_key("j"), 'j');
	T_EQ_INT(km_key("Q"), 'Q');
	T_EQ_INT(km_key("é"), 0xe9);
	T_EQ_INT(km_key("ctrl-n"), 14);
	T_EQ_INT(km_key("CTRL-P"), 16);
	T_EQ_INT(km_key("Enter"), SK_ENTER);
	T_EQ_INT(km_key("pgdn"), SK_PGDN);
	T_EQ_INT(km_key("space"), ' ');
	T_EQ_INT(km_key("shift-tab"), SK_BTAB);
	/* not keys: empty, words, ctrl-c (always quits), controls, bidi */
	T_EQ_INT(km_key(""), 0);
	T_EQ_INT(km_key("jk"), 0);
	T_EQ_INT(km_key("ctrl-c"), 0);
	T_EQ_INT(km_key("ctrl-1"), 0);
	T_EQ_INT(km_key("\x1b"), 0);
	T_EQ_INT(km_key("\xe2\x80\xae"), 0);
	T_EQ_INT(km_key("\xff"), 0);
}

static void
test_bind(void)
{
	struct keymap km;
	char err[100];
	int i;

	memset(&km, 0, sizeof km);
	T_EQ_INT(km_add(&km, "ctrl-n", "j", err, sizeof err), 0);
	T_EQ_INT(km_add(&km, "Q", "q", err, sizeof err), 0);
	T_EQ_INT(km_map(&km, 14), 'j');
	T_EQ_INT(km_map(&km, 'Q'), 'q');
	T_EQ_INT(km_map(&km, 'x'), 'x');
	T_EQ_INT(km_map(NULL, 'x'), 'x');
	/* a later line for the same key wins */
	T_EQ_INT(km_add(&km, "Q", "esc", err, sizeof err), 0);
	T_EQ_INT(km_map(&km, 'Q'), SK_ESC);
	T_EQ_INT(km.n, 2);
	T_EQ_INT(km_add(&km, "nosuch", "j", err, sizeof err), -1);
	T_EQ_STR(err, "unknown key \"nosuch\"");
	T_EQ_INT(km_add(&km, "x", "", err, sizeof err), -1);
	/* fill the table (CJK code points as keys), then one more is refused */
	for (i = km.n; i < KM_MAX; i++) {
		km.from[km.n] = 0x4e00 + (uint32_t)i;
		km.to[km.n++] = 'j';
	}
	T_EQ_INT(km_add(&km, "z", "j", err, sizeof err), -1);
	T_CHECK(strstr(err, "more than") != NULL);
}

#define T_LIST(X) X(test_names) X(test_bind)
T_MAIN(T_LIST)
