#!/bin/bash
# tui_app — the real slsx terminal UI under tmux (private socket, 120x40,
# INPUTRC=/dev/null) against a real slsd loaded with known data; every
# check reads the captured screen: the tree, a search with its histogram
# and results, the detail view, context past 100 lines, an SQL table,
# zooming into a histogram bucket, the live tail seeing lines written by
# `slsx put` within 2 seconds, resizing (and the too-small message),
# hostile bytes never reaching the terminal, and quitting with the
# terminal restored.
. "$(dirname "$0")/lib.sh"

now=$(date +%s)
base=$((now - 1500))
app_jsonl "$T_TMP/app.jsonl" "$base"
printf '{"time": %d, "level": "WARN", "msg": "hostile \\u001b[2J\\u001b]0;pwned\\u0007 \\r\\b \\u009b \\u202e end", "n": 5000}\n' \
	"$((base + 1240))" >>"$T_TMP/app.jsonl"
slsd_start --memory --ingest "$T_TMP/app.jsonl:app" || { t_fail slsd_start; t_done; }
export ALIBABA_CLOUD_ACCESS_KEY_ID=$SLSD_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$SLSD_AK_SECRET
X="$BUILD/slsx --endpoint $SLSD_URL"
$X create-logstore -p local live --shards 2 >/dev/null 2>&1

export HOME="$T_TMP/home"
# a sanitizer report (the UI has no stderr while the screen is up) lands here
tui_catch_sanitizers
mkdir -p "$HOME"
tui_start 120 40 "$X -p local -l app --from -1h" || { t_fail tui_start; t_done; }

# first screen: the tree, the query line, results and histogram of "*"
check tree_project tui_wait 'local' 10
check tree_logstore tui_wait 'app' 5
check results_loaded tui_wait 'Results  1 of 1,235  (300 loaded)' 10
check hist_total tui_wait 'Hits  1,235' 10
check query_line tui_wait '[1h]' 2

# the tree: shards under a logstore, filter as you type
tui_keys l
check tree_shards tui_wait '#0 readwrite' 5
tui_keys h
tui_keys f
tui_keys -l 'liv'
check tree_filter_title tui_wait 'Filter: liv_' 3
scr=$(tui_screen | cut -c1-26)
check_match tree_filter_keeps "$scr" ' live'
case "$scr" in *" app"*) t_fail tree_filter_hides "app still shown";; *) t_ok tree_filter_hides;; esac
tui_keys Escape
check tree_filter_cleared tui_wait ' Projects' 3

# a search
tui_keys /
tui_keys C-a C-k
tui_keys -l 'level:ERROR and done'
tui_keys Enter
check search_results tui_wait 'Results  1 of 124  (' 10
# the search terms are highlighted: a style change right before "done"
check_match highlight "$(tmux -L "$TUI_SOCK" capture-pane -e -p -t t)" '1230 (.\[[0-9;]*m)+done'
check search_hits tui_wait 'Hits  124' 10
check search_line_text tui_wait 'level=ERROR' 2
# completion candidates in a box under the query line
tui_keys /
tui_keys End
tui_keys -l ' and __'
tui_keys Tab Tab
check completion_popup tui_wait '__topic__' 3
tui_keys C-a C-k
tui_keys -l 'level:ERROR and done'
tui_keys Enter
check search_again tui_wait 'Results  1 of 124  (' 10
check newest_first tui_wait 'msg=request 1230 done' 2

# detail view of the selected log, and back
tui_keys v
check detail_view tui_wait 'Log detail' 3
check detail_field tui_wait 'request 1230 done' 2
check_match detail_hints "$(tui_screen | tail -1)" '^j/k field  Space/b page  g/G ends  y copy the field'
# in the detail view y copies the selected field's value (G: the last, n)
tui_keys G y
check detail_copy_status tui_wait 'copied the value of n (4 bytes' 3
b64=$(tr -d '\n' <"$T_TMP/tty.raw" | grep -ao $'\033'']52;c;[A-Za-z0-9+/=]*' | tail -1 | sed 's/^.\]52;c;//')
check_eq detail_copy_osc52 "$(printf '%s' "$b64" | base64 -d 2>/dev/null)" "1230"
tui_keys Escape
check detail_closed tui_wait 'Results  1 of 124  (' 3
# y copies the selected log as JSON through OSC 52
tui_keys y
check copy_status tui_wait 'to the clipboard (OSC 52)' 3
b64=$(tr -d '\n' <"$T_TMP/tty.raw" | grep -ao $'\033'']52;c;[A-Za-z0-9+/=]*' | tail -1 | sed 's/^.\]52;c;//')
check_match copy_osc52 "$(printf '%s' "$b64" | base64 -d 2>/dev/null)" '"msg":"request 1230 done"'
# find in the loaded results: :find, then n jumps again
tui_keys :
tui_keys -l 'find request 1200 done'
tui_keys Enter
check find_row tui_wait 'in row 4 of 124' 3
check find_selected tui_wait 'Results  4 of 124  (' 3
tui_keys g

# context: past 100 lines, then back with the same line selected
tui_keys Enter
check context_open tui_wait 'Context  55 lines' 10
check context_anchor_line tui_wait 'msg=request 1230 done' 2
for _ in $(seq 1 60); do tui_keys k; done
check context_more_back tui_wait 'Context  155 lines' 10
tui_keys Escape
check context_back tui_wait 'Results  1 of 124  (' 3

# SQL: a table with a header; numbers right-aligned; sort by a column
tui_keys /
tui_keys C-a C-k
tui_keys -l '* | select level, count(*) as c group by level order by c desc'
tui_keys Enter
check sql_table tui_wait 'Results  1 of 3  (' 10
check sql_header tui_wait 'level' 2
check sql_row tui_wait '1110' 2
check sql_meta tui_wait '3 rows' 2
check_match sql_meta_processed "$(tui_screen)" '3 rows +[0-9]+ ms  SQL  [0-9,]+ processed in [0-9,]+ ms'
tui_keys l s h
check sql_sorted tui_wait 'sorted by c' 3
scr=$(tui_screen)
w=$(printf '%s\n' "$scr" | grep -n 'WARN' | head -1 | cut -d: -f1)
i=$(printf '%s\n' "$scr" | grep -n 'INFO' | head -1 | cut -d: -f1)
check sql_sort_order test "${w:-99}" -lt "${i:-0}"

# back to a search; zoom into a bucket with data and out again
tui_keys /
tui_keys C-a C-k
tui_keys -l '*'
tui_keys Enter
check all_again tui_wait 'Hits  1,235' 10
tui_keys BTab
# move right until a bucket with hits is selected
for _ in $(seq 1 120); do
	tui_keys l
	sleep 0.03
	c=$(tui_screen | sed -n 's/.*: \([0-9]*\)  (Enter zooms.*/\1/p')
	[ "${c:-0}" -gt 0 ] && break
done
check bucket_title tui_wait '(Enter zooms, z back)' 3
tui_keys Enter
check zoomed tui_wait 'Hits  ' 5
sleep 1
zoomed_total=$(tui_screen | sed -n "s/.*Hits  \([0-9]*\).*/\1/p" | head -1)
check zoom_smaller test "${zoomed_total:-0}" -lt 1235 -a "${zoomed_total:-0}" -gt 0
tui_keys z
check zoom_out tui_wait 'Hits  1,235' 10

# hostile bytes never reach the terminal
tui_keys /
tui_keys C-a C-k
tui_keys -l 'level:WARN'
tui_keys Enter
check hostile_shown tui_wait 'hostile' 10
check hostile_visible_escape tui_wait '\e[2J\e]0;pwned\a' 2
if grep -q 'pwned' "$T_TMP/tty.raw" && grep -qaF "$(printf '\033]0;pwned')" "$T_TMP/tty.raw"; then
	t_fail hostile_osc "the OSC title sequence reached the terminal"
else
	t_ok hostile_osc
fi
if grep -qaF "$(printf '\033[2J\033]0;')" "$T_TMP/tty.raw"; then
	t_fail hostile_clear "a clear-screen from log data reached the terminal"
else
	t_ok hostile_clear
fi
if grep -qaF "$(printf '\xe2\x80\xae')" "$T_TMP/tty.raw"; then
	t_fail hostile_bidi "a bidi override reached the terminal"
else
	t_ok hostile_bidi
fi

# the : command line: an absolute range, export, unknown commands
tui_keys Escape
tui_keys /
tui_keys C-a C-k
tui_keys -l '*'
tui_keys Enter
check cmd_all tui_wait 'Hits  1,235' 10
tui_keys :
tui_keys -l "range $((base + 100)) to $((base + 200))"
tui_keys Enter
check cmd_range tui_wait 'Hits  100' 10
check cmd_range_rows tui_wait 'Results  1 of 100  (' 10
tui_keys :
tui_keys -l "exp"
tui_keys Tab
tui_keys -l "$T_TMP/out.csv"
tui_keys Enter
check cmd_export_msg tui_wait 'exported 100 rows' 5
check_eq cmd_export_csv "$(wc -l <"$T_TMP/out.csv" 2>/dev/null)" 101
tui_keys :
tui_keys -l "export $T_TMP/out.jsonl"
tui_keys Enter
check cmd_export_jsonl_msg tui_wait '(JSON lines)' 5
check_eq cmd_export_jsonl "$(grep -c '"n":"1[0-9][0-9]"' "$T_TMP/out.jsonl" 2>/dev/null)" 100
tui_keys :
tui_keys -l "bogus"
tui_keys Enter
check cmd_unknown tui_wait 'unknown command :bogus' 3
tui_keys :
tui_keys -l "since 1h"
tui_keys Enter
check cmd_since tui_wait 'Hits  1,235' 10

# live tail: lines put now appear within 2 seconds
tui_keys Escape
tui_keys t
check tail_pane tui_wait 'Tail local/app' 5
sleep 1
printf 'tailed line one\ntailed line two\n' | $X put -p local -l app - >/dev/null 2>&1
check tail_sees_put tui_wait 'tailed line two' 3
tui_keys F
check tail_filter_prompt tui_wait 'filter (regex' 3
tui_keys -l 'LINE t[wx]o'
tui_keys Enter
check tail_filter_on tui_wait 'filter /LINE t[wx]o/' 3
scr=$(tui_screen)
check_match tail_filter_keeps "$scr" 'tailed line two'
case "$scr" in *"tailed line one"*) t_fail tail_filter_drops "line one still shown";; *) t_ok tail_filter_drops;; esac
# clear the client-side filter, then a server-side SPL filter from the command line
tui_keys F
for _ in $(seq 1 20); do tui_keys BSpace; done
tui_keys Enter
tui_keys :
tui_keys -l "tail * | where content like 'spl%'"
tui_keys Enter
check tail_spl_title tui_wait 'server: * | where content like' 5
sleep 1
printf 'spl kept\nnot kept\n' | $X put -p local -l app - >/dev/null 2>&1
check tail_spl_kept tui_wait 'content=spl kept' 5
case "$(tui_screen)" in *"content=not kept"*) t_fail tail_spl_drops "unfiltered line shown";; *) t_ok tail_spl_drops;; esac
# :tail TIME replays from that time (here the beginning), with a filter
tui_keys :
tui_keys -l "tail begin * | where content like 'tailed%'"
tui_keys Enter
check tail_from_title tui_wait 'from begin  server: * | where' 5
check tail_from_replays tui_wait 'content=tailed line one' 5
tui_keys t

# resize: relayout at once; too small gives a message
tui_resize 80 24
check resize_80 tui_wait 'Results' 3
tui_resize 40 10
check too_small tui_wait 'slsx needs' 3
tui_resize 120 40
check resize_back tui_wait 'Results' 3

# help, then quit: the program exits and the terminal is restored
tui_keys '?'
check help tui_wait '(any key closes)' 3
tui_keys x
tui_keys q
for _ in $(seq 1 30); do tui_exited && break; sleep 0.1; done
check quit tui_exited
if grep -qaF "$(printf '\033[?1049l')" "$T_TMP/tty.raw"; then t_ok terminal_restored; else
	t_fail terminal_restored "no exit from the alternate screen"; fi
tui_stop

# settings from slsx's config: [ui] columns and theme, [keys] bindings; a
# bad line is named in the status bar and skipped
mkdir -p "$HOME/.config/slsx"
printf '[ui]\ncolumns = n, msg\ntheme = light\n[keys]\nctrl-n = j\nx = nosuchkey\n' \
	>"$HOME/.config/slsx/config"
tui_start 120 40 "$X -p local -l app --from -1h" || { t_fail tui_start2; t_done; }
check conf_notice tui_wait 'config [keys] x = nosuchkey: unknown key' 10
check conf_columns tui_wait 'n=1233 msg=request 1233 done' 10
case "$(tui_screen)" in *"level=INFO"*) t_fail conf_columns_only "level shown";; *) t_ok conf_columns_only;; esac
tui_keys Tab Tab Tab # to the results: tree, query (Tab passes on), histogram, results
tui_keys C-n
check conf_key_binding tui_wait 'Results  2 of 1,2' 3
tui_keys :
tui_keys -l 'columns'
tui_keys Enter
check conf_columns_reset tui_wait 'level=INFO msg=request 1233 done' 5
tui_keys q
for _ in $(seq 1 30); do tui_exited && break; sleep 0.1; done
check conf_quit tui_exited
tui_stop

# signals: SIGTERM quits cleanly (terminal restored, exit 0); a fatal
# signal restores the terminal before the process dies of it
rm -f "$HOME/.config/slsx/config"
# child_of PID: the pid of PID's child (no procps on minimal machines)
child_of() {
	local d pid comm st ppid
	for d in /proc/[0-9]*; do
		read -r pid comm st ppid _ <"$d/stat" 2>/dev/null || continue
		[ "$ppid" = "$1" ] && { echo "$pid"; return 0; }
	done
	return 1
}
for sig in TERM ABRT; do
	before=$(grep -aoF "$(printf '\033[?1049l')" "$T_TMP/tty.raw" | wc -l)
	rm -f "$T_TMP/sig.rc"
	tui_start 120 40 "sh -c '$X -p local -l app --from -1h 2>$T_TMP/sig.err; echo \$? >$T_TMP/sig.rc'" ||
		{ t_fail "tui_start_$sig"; continue; }
	tui_wait 'Results  1 of ' 10 >/dev/null
	kill -"$sig" "$(child_of "$(tmux -L "$TUI_SOCK" display-message -p -t t '#{pane_pid}')")"
	for _ in $(seq 1 30); do tui_exited && break; sleep 0.1; done
	check "signal_${sig}_exits" tui_exited
	after=$(grep -aoF "$(printf '\033[?1049l')" "$T_TMP/tty.raw" | wc -l)
	check "signal_${sig}_restored" test "$after" -gt "$before"
	st=$(cat "$T_TMP/sig.rc" 2>/dev/null)
	if [ "$sig" = TERM ]; then
		check_eq signal_TERM_clean_exit "$st" 0
	else
		check_match signal_ABRT_message "$(cat "$T_TMP/sig.err")" \
			'fatal signal; the terminal was restored'
		check_eq signal_ABRT_dies "$st" 134
	fi
	tui_stop
done
# the terminal going away when no SIGHUP reaches slsx (not its controlling
# terminal: setsid): it sees the hang-up itself and exits, within seconds
tui_start 120 40 "setsid -w $X -p local -l app --from -1h" || t_fail tui_start_setsid
tui_wait 'Results  1 of ' 10 >/dev/null
tmux -L "$TUI_SOCK" kill-server
TUI_SOCK=""
for _ in $(seq 1 50); do pgrep -f "setsid -w $X -p local -l app" >/dev/null ||
	pgrep -xf "$X -p local -l app --from -1h" >/dev/null || break; sleep 0.1; done
check hangup_exits test -z "$(pgrep -xf "$X -p local -l app --from -1h")"
tui_sanitizers
t_done
