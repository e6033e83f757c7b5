#!/bin/bash
# tui_config — slsx's config read by the UI: every line it cannot use is
# named at once in the status bar (not one per start; at 80 columns on as
# many lines as it needs), and the good lines around them still apply.
. "$(dirname "$0")/lib.sh"

base=$(( $(date +%s) - 1300 ))
app_slsd "$base"
export ALIBABA_CLOUD_ACCESS_KEY_ID=$SLSD_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$SLSD_AK_SECRET
export HOME="$T_TMP/home" XDG_CONFIG_HOME="$T_TMP/home/.config"
mkdir -p "$HOME/.config/slsx"
printf '[ui]\ntail-ring = 5\ncolumns = n, msg\nbogus = 1\n[keys]\nx = nosuchkey\n' \
	>"$HOME/.config/slsx/config"
tui_start 160 40 "$BUILD/slsx --endpoint $SLSD_URL -p local -l app --from -1h" ||
	{ t_fail tui_start; t_done; }
check conf_all_named tui_wait '(3 lines skipped)' 10
check conf_first tui_wait 'tail-ring: want 100..100000000, not 5' 2
check conf_second tui_wait '[ui]: unknown setting bogus' 2
check conf_third tui_wait '[keys] x = nosuchkey: unknown key' 2
check conf_good_applied tui_wait 'n=1233 msg=request 1233 done' 10
tui_keys C-c
tui_stop
# at 80 columns too: the message goes on over the lines above the status line
tui_start 80 24 "$BUILD/slsx --endpoint $SLSD_URL -p local -l app --from -1h" ||
	{ t_fail tui_start80; t_done; }
check conf80_first tui_wait 'tail-ring: want 100..100000000, not 5' 10
check conf80_third tui_wait 'x = nosuchkey: unknown key' 2
check conf80_all_named tui_wait '(3 lines skipped)' 2
check_match conf80_bottom "$(tui_screen | tail -1)" '\(3 lines skipped\) *$'
# ... and goes at a key (a second on), the panes' lines back in its place
sleep 1.1
tui_keys j
sleep 0.5
check conf80_gone test "$(tui_screen | grep -c 'lines skipped')" -eq 0
check_match conf80_hints "$(tui_screen | tail -1)" '^Enter open  l shards|^j/k move'
tui_keys C-c
tui_stop

# the time zone: [ui] tz, and --tz winning over it; headless text too
printf '[ui]\ntz = UTC\n' >"$HOME/.config/slsx/config"
tui_start 120 30 "$BUILD/slsx --endpoint $SLSD_URL -p local -l app --from -1h" ||
	{ t_fail tui_start2; t_done; }
check conf_tz tui_wait 'local/app  UTC  ' 10
tui_keys C-c
tui_stop
tui_start 120 30 "$BUILD/slsx --endpoint $SLSD_URL --tz Asia/Shanghai -p local -l app --from -1h" ||
	{ t_fail tui_start3; t_done; }
check opt_tz_wins tui_wait 'local/app  CST  ' 10
tui_keys C-c
tui_stop
t=$(( base + 1233 ))
want=$(TZ=Asia/Shanghai date -d "@$t" '+%Y-%m-%d %H:%M:%S')
out=$("$BUILD/slsx" --endpoint "$SLSD_URL" --tz Asia/Shanghai -p local -l app query --from -1h \
	--limit 1 --reverse --format text '*')
check_match headless_tz "$out" "^$want "
# a zone the system does not know is said, not taken for UTC
"$BUILD/slsx" --endpoint "$SLSD_URL" --tz Nowhere/Land -p local -l app query --from -1h \
	--limit 1 --format text '*' >"$T_TMP/out" 2>"$T_TMP/err"
check_eq tz_unknown_exit $? 2
check_match tz_unknown_msg "$(cat "$T_TMP/err")" '^slsx: --tz Nowhere/Land: no such time zone'
check_eq tz_unknown_no_rows "$(wc -c <"$T_TMP/out")" 0

t_done
