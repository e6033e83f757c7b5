#!/bin/bash
# tui_day — three points of issue #12 ("A day with slsx") against slsd:
# a tail that fails says so at once (each shard's last error, shards
# sharing one grouped, a refusal no retry fixes stopping it with the
# server's message, control bytes escaped); the tree's filter hides shards
# of other logstores and shows every match, a connection that cannot be
# reached says why within the listing's bound as a whole line, :whoami
# says where the keys came from; the figures say "N of M" with thousands
# separators and the server's work for the whole query.
. "$(dirname "$0")/lib.sh"

# screen_lacks NAME TEXT: TEXT (fixed) is not on the screen
screen_lacks() {
	if tui_screen | grep -qF -- "$2"; then t_fail "$1" "[$2] on screen"; else t_ok "$1"; fi
}
# tree_text: the tree pane's lines (left of its border)
tree_text() { tui_screen | sed 's/│.*//'; }
# ms_since START_NS
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# --- 3. a tail that fails in silence --------------------------------------------
# PullLogs answers 503 with a code full of control bytes, every time: the
# strip says so while the client retries, once for the four shards
esc=$'\033'
bel=$'\007'
slsd_start --memory --faults "pull:503/Busy${esc}]0;pwned${bel}" || { t_fail slsd_start; t_done; }
X="$BUILD/slsx --endpoint $SLSD_URL"
export ALIBABA_CLOUD_ACCESS_KEY_ID=$SLSD_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$SLSD_AK_SECRET
check create_project $X create-project local
check create_logstore $X create-logstore -p local web --shards 4
tui_open 120 30 -l web
check tree_listed tui_wait ' web' 10
s=$(date +%s%N)
tui_keys :
tui_keys -l 'tail'
tui_keys Enter
check tail_503_shown tui_wait '#0-#3 ERR: PullLogs: 503 Busy' 10
check tail_503_soon test "$(ms_since "$s")" -lt 8000
check tail_503_escaped tui_wait 'Busy\e]0;pwned\a: injected fault' 2
if grep -qaF "${esc}]0;pwned" "$T_TMP/tty.raw"; then
	t_fail tail_503_no_raw_osc "the server's control bytes reached the terminal"
else
	t_ok tail_503_no_raw_osc
fi
check tail_503_no_lines tui_wait 'following  0 lines' 2
# in a narrow pane the error wraps under the title, read whole to its end
tui_resize 64 30
sleep 1
strip=$(tui_screen | grep -A3 ' Tail ' | tail -3 | sed 's/^[^│]*│//' | tr -d '\n')
check_match tail_503_narrow_whole "$strip" '^#0-#3 ERR: PullLogs: 503 Busy.*: injected fault'
tui_stop
kill "$SLSD_PID"; wait "$SLSD_PID" 2>/dev/null

# garbage: PullLogs bodies that do not decode
slsd_start --memory --faults 'pull:corrupt' || { t_fail slsd_start2; t_done; }
X="$BUILD/slsx --endpoint $SLSD_URL"
$X create-project local >/dev/null && $X create-logstore -p local web --shards 1 >/dev/null
seq 1 50 | sed 's/^/line /' | $X put -p local -l web - >/dev/null 2>&1
tui_open 120 30 -l web
check tree_listed2 tui_wait ' web' 10
tui_keys :
tui_keys -l 'tail begin'
tui_keys Enter
check tail_garbage_shown tui_wait '#0 ERR: PullLogs: cannot decode' 10
tui_stop
kill "$SLSD_PID"; wait "$SLSD_PID" 2>/dev/null

# a refused SPL stops the tail at once with the server's message (pulls
# answer after 300 ms here, so that some are always in flight below)
slsd_start --memory --faults 'pull:delay=300' || { t_fail slsd_start3; t_done; }
X="$BUILD/slsx --endpoint $SLSD_URL"
$X create-project local >/dev/null
for ls in app web; do $X create-logstore -p local "$ls" --shards 2 >/dev/null; done
seq 0 229 | xargs -P 2 -I{} $X create-logstore -p local ls-{} --shards 1 >/dev/null 2>&1
check logstores_230 test "$($X logstores -p local | wc -l)" -eq 232
mkdir -p "$T_TMP/home/.config/slsx"
printf '[ui]\nendpoints = http://127.0.0.1:1\n' >"$T_TMP/home/.config/slsx/config"
tui_open 120 40 -l web
check tree_listed3 tui_wait ' web' 10
tui_keys :
tui_keys -l 'tail * | project status'
s=$(date +%s%N)
tui_keys Enter
check tail_refused tui_wait 'refused: PullLogs: ParameterInvalid slsd runs only "where" SPL stages' 10
check tail_refused_soon test "$(ms_since "$s")" -lt 5000
tui_keys t

# the tail closed and opened again while its pulls are in flight: their
# answers never reach the freed follower (the UI lives, no sanitizer report)
for _ in $(seq 1 15); do
	tui_keys t
	sleep 0.15
	tui_keys t
	sleep 0.1
done
tui_keys t
sleep 1
check tail_toggled_alive test -z "$(tui_exited && echo dead)"
check tail_toggled_open tui_wait 'Tail local/web  all shards' 5
tui_keys t
sleep 0.3

# --- 9. the tree ---------------------------------------------------------------------
# web's shards, then a filter that matches another logstore: they go
tui_keys Tab # results to the tree (the status line holds the query's error)
sleep 0.3
tui_keys G k # the last logstore (web), above the second connection
tui_keys l
sleep 0.5
tui_keys j j # down to its shards
check tree_web_shards tui_wait '#1 readwrite' 10
tui_keys f
tui_keys -l 'app'
tui_keys Enter
check tree_filter_app tui_wait 'Filter: app' 5
check_match tree_filter_app_kept "$(tree_text)" ' app *$'
screen_lacks tree_filter_hides_shards '#0 readwrite'
screen_lacks tree_filter_hides_web2 '#1 readwrite'
# a filter that matches the logstore keeps its shards
tui_keys f BSpace BSpace BSpace
tui_keys -l 'web'
tui_keys Enter
check tree_filter_web_shards tui_wait '#1 readwrite' 5
# 230 logstores: from the bottom, f 22 shows every match, not the last one only
tui_keys f Escape
check tree_filter_cleared tui_wait ' Connections' 5
tui_keys G
tui_keys f
tui_keys -l '22'
tui_keys Enter
check tree_22_filter tui_wait 'Filter: 22' 5
t=$(tree_text)
for n in 22 122 220 225 229; do check_match "tree_22_shows_ls-$n" "$t" " ls-$n *$"; done
check tree_22_count test "$(printf '%s\n' "$t" | grep -c ' ls-[0-9]*22\| ls-22[0-9]')" -eq 12
tui_keys f Escape

# a connection that cannot be reached: why, while retrying and at the end
# (within the 20 s bound), in whole lines under its row
tui_keys G
s=$(date +%s%N)
tui_keys Enter
check conn_retrying tui_wait 'retrying ListProject' 10
for _ in $(seq 1 300); do
	tree_text | grep -q '^  ListProject: netw' && break
	sleep 0.1
done
ms=$(ms_since "$s")
check conn_failed_shown tui_wait 'ListProject: network error' 1
check conn_failed_in_bound test "$ms" -lt 28000
whole=$(tree_text | sed -n '/http:\/\/127.0.0.1:1/,$p' | sed 1d | cut -c3- | tr -d '\n')
check_match conn_failed_whole "$whole" "^ListProject: network error: .*127\.0\.0\.1.*port 1"
screen_lacks conn_no_spinner_left 'retrying ListProject'

# :whoami: where the keys came from
tui_keys :
tui_keys -l 'whoami'
tui_keys Enter
check whoami_box tui_wait 'whoami (any key closes)' 5
check whoami_source tui_wait 'keys from      $ALIBABA_CLOUD_ACCESS_KEY_ID' 2
check whoami_key_id tui_wait "access key id  $SLSD_AK_ID" 2
check whoami_endpoint tui_wait "endpoint       $SLSD_URL" 2
tui_keys j
sleep 0.3
screen_lacks whoami_closed 'whoami (any key closes)'
tui_sanitizers
tui_stop
kill "$SLSD_PID"; wait "$SLSD_PID" 2>/dev/null
rm -f "$T_TMP/home/.config/slsx/config"

# --- 10. numbers that confuse ------------------------------------------------------
now=$(date +%s)
app_jsonl "$T_TMP/app.jsonl" $((now - 1500))
slsd_start --memory --ingest "$T_TMP/app.jsonl:app" || { t_fail slsd_start4; t_done; }
tui_open 120 40 -l app --from -1h
check hits_separated tui_wait 'Hits  1,234' 10
check results_of_total tui_wait 'Results  1 of 1,234  (' 10
check_match results_loaded "$(tui_screen)" 'Results  1 of 1,234  \([0-9,]+ loaded\)'
tui_results
info() { tui_screen | grep -o '[0-9,]* processed in [0-9,]* ms' | head -1; }
p1=$(info | sed 's/ processed.*//; s/,//g')
check processed_shown test -n "$p1"
# more pages: the query's figures grow with them
tui_keys G
check more_loaded tui_wait 'loaded)' 5
for _ in $(seq 1 50); do
	p2=$(info | sed 's/ processed.*//; s/,//g')
	[ -n "$p2" ] && [ "$p2" -gt "$p1" ] && break
	sleep 0.1
done
check processed_summed test "${p2:-0}" -gt "$p1"
# ... and, once the pages stop coming, they are :stats' figures for this query
for _ in $(seq 1 20); do
	sleep 0.5
	p3=$(info | sed 's/ processed.*//; s/,//g')
	[ "$p3" = "$p2" ] && break
	p2=$p3
done
tui_keys :
tui_keys -l 'stats'
tui_keys Enter
check stats_box tui_wait 'rows the server processed' 5
row=$(tui_screen | grep 'rows the server processed' | sed 's/.*processed *//; s/ .*//; s/,//g')
check_eq processed_is_the_querys "$row" "$(printf '%s' "$p2")"
tui_keys j
tui_sanitizers
t_done
