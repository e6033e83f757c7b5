#!/bin/bash
# tui_compare — comparing two windows in the UI (issue #14): C sets the
# range against the same length just before: hits and rate of each, the
# new and gone patterns first, the value whose share moved; Enter on the
# value narrows the query; :compare SHIFT and :compare FROM to TO.
. "$(dirname "$0")/lib.sh"

now=$(date +%s)
w0=$((now - 1000)) # the window [w0, now); the baseline [w0 - 1000, w0)
b0=$((w0 - 1000))
awk -v b0="$b0" -v w0="$w0" 'BEGIN {
	for (i = 0; i < 400; i++) {
		printf "{\"time\": %d, \"level\": \"INFO\", \"msg\": \"user u%d logged in\"}\n", b0 + i * 2, i
		printf "{\"time\": %d, \"level\": \"INFO\", \"msg\": \"user u%d logged in\"}\n", w0 + i * 2, i
	}
	for (i = 0; i < 50; i++)
		printf "{\"time\": %d, \"level\": \"INFO\", \"msg\": \"cache warmed in %dms\"}\n", b0 + 900 + i, i
	for (i = 0; i < 100; i++)
		printf "{\"time\": %d, \"level\": \"ERROR\", \"msg\": \"disk /dev/sd%c full\"}\n", w0 + 850 + i, 97 + i % 3
}' >"$T_TMP/app.jsonl"
slsd_start --memory --ingest "$T_TMP/app.jsonl:app" || { t_fail slsd_start; t_done; }
export ALIBABA_CLOUD_ACCESS_KEY_ID=$SLSD_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$SLSD_AK_SECRET
export HOME="$T_TMP/home" TZ=UTC
mkdir -p "$HOME"
tui_catch_sanitizers
tui_start 120 40 "$BUILD/slsx --endpoint $SLSD_URL -p local -l app --from -1h" ||
	{ t_fail tui_start; t_done; }
check start tui_wait 'Hits  950' 10
tui_keys :
tui_keys -l "range $w0 to $now"
tui_keys Enter
check window tui_wait 'Hits  500' 10
tui_screen | grep -q 'Enter open  l shards' && tui_keys BTab
check results tui_wait 'j/k move  Enter context' 10

tui_keys C
check compared tui_wait 'Compare  window 500 hits (30.0/min)  baseline 450 (27.0/min)  +11.1%' 20
# (each end with its date, MM-DD, when the two windows cross midnight)
t='([0-9]{2}-[0-9]{2} )?[0-9:]{8}'
check_match ranges "$(tui_screen)" "window $t - $t   baseline $t - $t"
days=$(tui_screen | grep -cE 'window [0-9]{2}-[0-9]{2} [0-9:]{8} - [0-9]{2}-[0-9]{2} [0-9:]{8}   baseline [0-9]{2}-[0-9]{2} [0-9:]{8} - [0-9]{2}-[0-9]{2} [0-9:]{8}')
if [ "$(date -u -d "@$((w0 - (now - w0)))" +%F)" = "$(date -u -d "@$now" +%F)" ]; then
	check_eq ranges_no_dates "$days" 0
else
	check_eq ranges_dates "$days" 1
fi
row1=$(tui_screen | grep -A3 'Compare  ' | tail -1)
# the columns are named, as in `slsx compare`
check_match columns "$(tui_screen | grep -A2 'Compare  ' | tail -1)" '│ window  baseline  change  most changed first'
check_match first_new "$row1" '20\.0% +0\.0% +new  pattern disk <\*> full'
check_match gone "$(tui_screen)" '0\.0% +11\.1% +gone  pattern cache warmed in <\*>'
check_match value "$(tui_screen)" '20\.0% +0\.0% +new  level=ERROR'
# Enter on the value narrows the query to it
n=$(tui_screen | grep -A20 'Compare  ' | grep -n 'level=ERROR' | head -1 | cut -d: -f1)
for _ in $(seq 5 "$n"); do tui_keys j; done # line 1: the title, 2: the ranges, 3: the columns
tui_keys Enter
check narrowed tui_wait 'Hits  100' 10
check_match narrowed_query "$(tui_screen | head -1)" '\] level:"ERROR"$'

# :compare with a shift back: the day before had nothing, all is new
tui_keys /
tui_keys C-a C-k
tui_keys -l '*'
tui_keys Enter
check all tui_wait 'Hits  500' 10
tui_keys :
tui_keys -l 'compare -1d'
tui_keys Enter
check shifted tui_wait 'Compare  window 500 hits (30.0/min)  baseline 0 (0.0/min)' 20
tui_keys Escape
# :compare FROM to TO: the window against itself changes nothing
tui_keys :
tui_keys -l "compare $w0 to $now"
tui_keys Enter
check self tui_wait 'nothing changed' 20
tui_keys :
tui_keys -l 'compare soon'
tui_keys Enter
check bad_shift tui_wait ':compare soon: ' 10
tui_keys C-c
for _ in $(seq 1 30); do tui_exited && break; sleep 0.1; done
tui_stop
tui_sanitizers
t_done
