#!/bin/bash
# tui_files_load — `slsx FILE` on a file big enough for slsd --early (8 MiB
# or more: the newest 2 MiB first, the rest loaded behind, made to take
# about 18 s with slsd's test knob SLSD_TEST_LOAD_DELAY_MS, longer than the
# client's re-asks of an Incomplete answer): "loading NN%" is on screen and
# grows while it loads, an SQL answer of that time says it is Incomplete,
# and once the file is in, with no key pressed, "loading" is gone, the
# histogram counts every line and the SQL count is the file's.
. "$(dirname "$0")/lib.sh"

tui_files_env

# 48,000 nginx lines of about 180 bytes (8.3 MiB) over the last half hour
n=48000
awk -v n="$n" -v b="$(($(date +%s) - 1800))" 'BEGIN { for (i = 0; i < n; i++)
	printf "10.1.%d.%d - - [%s] \"GET /api/items?q=%08d&id=%08x HTTP/1.1\" %d %d " \
	    "\"https://ref.example.com/%06d\" \"Mozilla/5.0 (X11; Linux x86_64) curl/7.%02d\"\n",
	    i % 200, i % 250, strftime("%d/%b/%Y:%H:%M:%S +0000", b + int(i * 1800 / n), 1), i,
	    i * 7, i % 10 == 0 ? 500 : 200, i % 50000, i, i % 90 }' >"$T_TMP/web.log"
check file_big_enough test "$(stat -c %s "$T_TMP/web.log")" -ge $((8 << 20))

tui_start 120 40 "env SLSD_TEST_LOAD_DELAY_MS=140 $BUILD/slsx $T_TMP/web.log" ||
	{ t_fail tui_start; t_done; }
check loading_shown tui_wait 'local/web  loading ' 30
first=$(tui_screen | sed -n 's/.*local\/web  loading \([0-9]*\)%.*/\1/p' | head -1)
check_match loading_pct "$first" '^[0-9]{1,2}$'
later=""
for _ in $(seq 1 40); do
	later=$(tui_screen | sed -n 's/.*local\/web  loading \([0-9]*\)%.*/\1/p' | head -1)
	[ -n "$later" ] && [ "$later" -gt "${first:-0}" ] && break
	sleep 0.25
done
check loading_grows test "${later:-0}" -gt "${first:-0}"
check hist_says_loading tui_wait 'Incomplete, file loading ' 10
# an SQL count asked while it loads: partial once the re-asks end, and
# said so
tui_keys /
tui_keys C-a C-k
tui_keys -l '* | select count(*) as n'
tui_keys Enter
check sql_incomplete tui_wait '(Incomplete: runs again when loaded)' 20
# the end of the load: no key pressed from here on
check hist_complete tui_wait 'Hits  48,000' 60
scr=$(tui_screen)
case "$scr" in *'loading '*) t_fail loading_gone "$scr";; *) t_ok loading_gone;; esac
check sql_rerun tui_wait '48000' 15
check_match sql_count "$(tui_screen | sed -n '/Results/,$p')" '(^|[^0-9])48000([^0-9]|$)'
scr=$(tui_screen)
case "$scr" in *Incomplete*) t_fail complete_after "$scr";; *) t_ok complete_after;; esac
check alive tui_alive
tui_stop
tui_sanitizers
t_done
