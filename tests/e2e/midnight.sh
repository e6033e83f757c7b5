#!/bin/bash
# midnight — the tests whose screens show times, run as if it were 00:20
# UTC (libfaketime; the clock then goes on), so that the last hour, a
# compare's baseline and a day's histogram cross midnight: every time then
# carries its date (MM-DD), which once cut rows short and broke checks
# that expected HH:MM:SS alone (CI ran at 00:47 UTC). Each script's own
# checks must pass; a failing one's output is shown.
. "$(dirname "$0")/lib.sh"

lib=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -1)
if [ -z "$lib" ] || ! command -v faketime >/dev/null; then
	t_fail faketime "faketime is not installed (scripts/bootstrap installs it)"
	t_done
fi
# as an offset from now ("-Ns"): every process, whatever its TZ (tui_drill
# runs some in Shanghai), is at the same moment ("@DATE TIME" is read in
# each one's own zone)
d=$(( $(date +%s) - $(date -u -d "$(date -u +%F) 00:20:00" +%s) ))
if [ "$d" -ge 0 ]; then back="-${d}s"; else back="+$(( -d ))s"; fi
for t in tui_drill tui_compare tui_config tui_hist tui_values cli_patterns cli_compare; do
	# the monotonic clock stays real (timeouts, the follower's polls); an
	# ASan build accepts the preloaded library ahead of its runtime
	FAKETIME_DONT_FAKE_MONOTONIC=1 \
	    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
	    faketime -f "$back" bash "$(dirname "$0")/$t.sh" >"$T_TMP/$t.out" 2>&1
	rc=$?
	last=$(tail -1 "$T_TMP/$t.out")
	if [ "$rc" -eq 0 ] && printf '%s' "$last" | grep -qE '^[1-9][0-9]* passed, 0 failed$'; then
		t_ok "midnight_$t ($last)"
	else
		t_fail "midnight_$t" "$last"
		grep -A12 '^FAIL' "$T_TMP/$t.out" | head -60 | sed 's/^/    /'
	fi
done
# the faked clock really was at midnight's side in the scripts
check_eq faked_clock "$(FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "$back" date -u +%H:%M)" 00:20
check_eq faked_clock_any_zone "$(TZ=Asia/Shanghai FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "$back" date -u +%H:%M)" 00:20
t_done
