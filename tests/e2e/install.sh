#!/bin/bash
# install — `make install` (scripts/install) into a throwaway root: the
# installed slsx works from any folder (--version, --help, a headless round
# trip against the installed slsd through --demo), its man pages are found
# (man -w) and lint clean, the bash completion loads, and uninstall leaves
# nothing behind.
. "$(dirname "$0")/lib.sh"

SRC=$(cd "$(dirname "$0")/../.." && pwd)
ROOT=$T_TMP/root/usr/local
check install "$SRC/scripts/install" "$BUILD" "$ROOT"
cd / || exit 2
check_match installed_version "$("$ROOT/bin/slsx" --version)" '^slsx [0-9]'
check_match installed_help "$("$ROOT/bin/slsx" query --help)" '^usage: slsx query'
export TMPDIR="$T_TMP/tmp" HOME="$T_TMP/home"
mkdir -p "$TMPDIR" "$HOME"
unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET
out=$("$ROOT/bin/slsx" --demo query --from -1h --limit 3 --format jsonl '*' 2>/dev/null)
check_eq installed_round_trip "$(printf '%s\n' "$out" | grep -c '"__time__"')" 3
check installed_demo_clean test -z "$(ls -A "$TMPDIR")"
check_eq man_found "$(MANPATH="$ROOT/share/man" man -w slsx 2>/dev/null)" "$ROOT/share/man/man1/slsx.1"
check man_config_found test -n "$(MANPATH="$ROOT/share/man" man -w 5 slsx-config 2>/dev/null)"
if command -v mandoc >/dev/null; then
	check man_lint mandoc -T lint -W warning "$ROOT/share/man/man1/slsx.1" \
		"$ROOT/share/man/man1/slsd.1" "$ROOT/share/man/man5/slsx-config.5"
fi
check completion_loads bash -c ". '$ROOT/share/bash-completion/completions/slsx' && complete -p slsx"
check themes_installed test -f "$ROOT/share/slsx/themes/light.theme"
# a theme by name from the install prefix (as the user's own would be)
cp "$ROOT/share/slsx/themes/light.theme" "$ROOT/share/slsx/themes/ocean.theme"
tui_start 100 30 "$ROOT/bin/slsx --demo --theme ocean" || t_fail tui_start
check theme_from_prefix tui_wait 'nginx-access' 60
case "$(tui_screen)" in *"no theme ocean"*) t_fail theme_found "not found";; *) t_ok theme_found;; esac
tui_keys C-c
tui_stop
rm -f "$ROOT/share/slsx/themes/ocean.theme"
check uninstall "$SRC/scripts/install" --uninstall "$ROOT"
check_eq nothing_left "$(find "$T_TMP/root" -type f | wc -l)" 0
t_done
