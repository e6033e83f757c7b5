#!/bin/bash
# tui_ux — the UI keeps what it shows true to what is going on (issue #12):
# an error goes when a request of its kind succeeds, a notice goes at the
# next key or by itself and the hints come back, the info line keeps the
# query's figures at 80 columns, the tail's title says what it follows,
# Tab reaches every pane, Esc and q close the innermost view, Ctrl-C quits
# from any, the wheel moves three rows, times of day and dates.
. "$(dirname "$0")/lib.sh"

now=$(date +%s)
base=$((now - 1500))
app_slsd "$base"
export ALIBABA_CLOUD_ACCESS_KEY_ID=$SLSD_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$SLSD_AK_SECRET
X="$BUILD/slsx --endpoint $SLSD_URL"
export HOME="$T_TMP/home"
mkdir -p "$HOME"
tui_catch_sanitizers
tui_start 80 24 "$X -p local -l app --from -1h" || { t_fail tui_start; t_done; }
check start tui_wait 'Hits  1,234' 10
# at 80 columns the info line keeps the server's figures whole (the
# client's time and the order give way first)
check info_figures_80 tui_wait ' processed in ' 10
check_match info_fits_80 "$(tui_screen | grep ' processed in ')" \
	'│local/app  [A-Za-z0-9+-]+  [0-9,]+ rows  .*[0-9,]+ processed in [0-9,]+ ms *$'
hints='j/k move  Enter context'

# a histogram error from a bad query goes when the next query's histogram comes
tui_keys /
tui_keys C-a C-k
tui_keys -l 'level:(ERROR'
tui_keys Enter
check bad_query_error tui_wait 'histogram: ' 10
tui_keys /
tui_keys C-a C-k
tui_keys -l 'level:ERROR'
tui_keys Enter
check good_query tui_wait 'Hits  124' 10
tui_keys Escape
case "$(tui_screen)" in *"histogram: "*) t_fail hist_error_gone "$(tui_screen | tail -1)";;
	*) t_ok hist_error_gone;; esac

# a notice goes at the next key (a second on) and the hints come back
tui_keys y
check copy_notice tui_wait 'to the clipboard' 10
sleep 1.1
tui_keys j
check hints_after_notice tui_wait "$hints" 10
# ... and goes by itself after a few seconds, with no key
tui_keys y
check copy_notice2 tui_wait 'to the clipboard' 10
sleep 4.5
check notice_expires tui_wait "$hints" 3
tui_keys :
tui_keys -l "range $((base + 200)) to $((base + 100))"
tui_keys Enter
check range_error tui_wait 'the end is not after the start' 10
sleep 1.1
tui_keys k
check hints_after_error tui_wait "$hints" 10

# the tail says what it follows: a shard from the tree, then t t follows
# every shard with no filter left over; a long filter is cut to fit 80 columns
tui_keys Tab # results to the tree
tui_keys l
check tree_shards tui_wait '#0 readwrite' 10
tui_keys j Enter
check tail_one_shard tui_wait 'Tail local/app  shard #0' 10
tui_keys t t
check tail_all_shards tui_wait 'Tail local/app  all shards' 10
tui_keys F
tui_keys -l 'a very long regular expression that goes on and on'
tui_keys Enter
check tail_filter_label tui_wait 'filter /a very long' 10
line=$(tui_screen | grep 'Tail ' | head -1)
check_match tail_title_cut "$line" 'all  0  filter /a very long[^│]*~ *$'
check tail_title_fits test "$(printf '%s' "$line" | wc -m)" -le 80
tui_keys t t
check tail_reopened tui_wait 'Tail local/app  all shards' 10
case "$(tui_screen)" in *"filter /"*) t_fail tail_filter_gone "filter kept";; *) t_ok tail_filter_gone;; esac
# a refused SPL shows the server's message in the strip
tui_keys :
tui_keys -l 'tail * | project status'
tui_keys Enter
check tail_refused tui_wait 'refused: PullLogs: ParameterInvalid' 30
tui_keys t

# focus: Tab reaches every pane (the editor passes Tab on when reached by
# it), Esc from the editor goes back where it came from, Alt-b moves by word
tui_keys Tab # results to the tree
check focus_tree tui_wait 'Enter open  l shards' 10
tui_keys Tab
check focus_query tui_wait 'Enter run  Tab complete' 10
tui_keys Tab
check focus_hist tui_wait 'h/l bucket  Enter zoom' 10
tui_keys BTab BTab
check focus_tree_again tui_wait 'Enter open  l shards' 10
tui_keys Tab Escape
check esc_back_to_tree tui_wait 'Enter open  l shards' 10
tui_keys /
tui_keys End M-b
tui_keys -l 'X'
check alt_b_word tui_wait 'level:XERROR' 10
check alt_b_stays tui_wait 'Enter run  Tab complete' 10
tui_keys Home M-f
tui_keys -l 'Y'
check alt_f_word tui_wait 'levelY:XERROR' 10
check alt_f_stays tui_wait 'Enter run  Tab complete' 10
tui_keys C-a C-k
tui_keys -l 'level:ERROR'
tui_keys Escape
# q closes the innermost view: the tail pane, the detail view; q q stays
tui_keys Tab Tab Tab # tree, query (passes), histogram, results
tui_keys t
check q_tail_open tui_wait 'Tail local/app' 10
tui_keys q
sleep 0.5
check q_tail_closed test "$(tui_screen | grep -c 'Tail local/app')" -eq 0
check q_tail_alive test ! "$(tui_exited && echo dead)"
tui_keys v
check q_detail tui_wait 'Log detail' 10
tui_keys q q
check q_again tui_wait 'q again quits' 10
check q_detail_alive test ! "$(tui_exited && echo dead)"

# the wheel (SGR mouse reports) moves three rows: results, detail view
tui_keys g
check wheel_top tui_wait 'Results  1 of ' 10
tui_keys -l $'\e[<65;50;20M'
check wheel_results_down tui_wait 'Results  4 of ' 10
tui_keys -l $'\e[<64;50;20M'
check wheel_results_up tui_wait 'Results  1 of ' 10
tui_keys v
check wheel_detail_open tui_wait 'Log detail  1/' 10
tui_keys -l $'\e[<65;50;20M'
check wheel_detail_down tui_wait 'Log detail  4/' 10
tui_keys -l $'\e[<64;50;20M'
check wheel_detail_up tui_wait 'Log detail  1/' 10
tui_keys Escape

# the histogram at 80x24 over 15 minutes: every bar covers the same span
tui_keys 2
check range_15m tui_wait '[15m]' 10
tui_keys BTab # results to the histogram
tui_keys l # bar 0 starts where the range does, within its bucket
spans=""
for _ in 1 2 3 4 5 6; do
	tui_keys l
	sleep 0.2
	span=$(tui_screen | sed -n 's/.*Hits  \([0-9:]*\) - \([0-9:]*\): .*/\1 \2/p' | head -1 |
		awk '{ split($1, a, ":"); split($2, b, ":");
			print (b[1] * 3600 + b[2] * 60 + b[3]) - (a[1] * 3600 + a[2] * 60 + a[3]) }')
	spans="$spans $span"
done
check_match hist_equal_spans "$spans" '^ ([0-9]+)( \1){5}$'

# the query line shows the query that produced the results, from its start;
# an edit not run is kept and marked
tui_keys /
tui_keys C-a C-k
long='level:ERROR and msg:request and msg:done and n >= 0 and n < 100000 and not level:WARN'
tui_keys -l "$long"
tui_keys Enter
sleep 1
check long_query_rows tui_wait 'Results  1 of ' 10
check_match long_query_start "$(tui_screen | head -1)" '\] level:ERROR and msg:request'
tui_keys /
tui_keys C-a C-k
tui_keys -l 'level:INFO'
tui_keys Escape
check edit_marked tui_wait '[edited, / shows]' 10
check_match edit_shows_ran "$(tui_screen | head -1)" '\] level:ERROR and msg'

# a time of day is a time; a range within one day shows no date
tui_keys :
tui_keys -l 'range 00:00 to 23:59'
tui_keys Enter
check_match range_times "$(sleep 0.5; tui_screen | head -1)" '\[00:00:00-23:59:00\]'
# dates where the range is not within one day
tui_keys :
tui_keys -l 'range yesterday to today'
tui_keys Enter
check_match range_dates "$(sleep 0.5; tui_screen | head -1)" \
	'\[[0-9]{2}-[0-9]{2} 00:00:00 - [0-9]{2}-[0-9]{2} 00:00:00\]'
tui_keys :
tui_keys -l 'range yesterday to now'
tui_keys Enter
check rows_over_days tui_wait 'Hits  124' 10
check_match axis_dates "$(tui_screen | grep '───')" '[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}─'
check_match row_dates "$(tui_screen | grep 'level=ERROR' | head -1)" '│[0-9]{2}-[0-9]{2} [0-9:]{8} '

# smaller: the help shows whole words at 80 columns; Esc closes the tail
# pane; the detail view gives __time__ its date
tui_keys '?'
check help_theme tui_wait 'since range tail theme export' 10
tui_keys -l $'\e[<65;50;12M' # the wheel over the help leaves it open
sleep 0.3
check help_wheel_stays tui_wait 'since range tail theme export' 2
tui_keys x
sleep 0.3
check help_closed test "$(tui_screen | grep -c 'since range tail theme export')" -eq 0
tui_keys t
check esc_tail_open tui_wait 'Tail local/app' 10
tui_keys Escape
sleep 0.5
check esc_tail_closed test "$(tui_screen | grep -c 'Tail local/app')" -eq 0
tui_keys v
check detail_time tui_wait '__time__' 10
check_match detail_time_date "$(tui_screen | grep '__time__')" '[0-9]{10}  \(20[0-9]{2}-[0-9]{2}-[0-9]{2} '
tui_keys Escape

# the time zone: named beside the logstore, :tz changes it
tui_keys :
tui_keys -l 'tz Asia/Shanghai'
tui_keys Enter
check tz_notice tui_wait 'times are shown in Asia/Shanghai (CST)' 10
check tz_info tui_wait 'local/app  CST  ' 10
tui_keys :
tui_keys -l 'tz Nowhere/Land'
tui_keys Enter
check tz_unknown tui_wait ':tz Nowhere/Land: no such time zone' 10
tui_keys :
tui_keys -l 'tz UTC'
tui_keys Enter
check tz_utc tui_wait 'local/app  UTC  ' 10

# q closes the context too; Ctrl-C quits from inside a view
tui_keys Enter
check q_ctx_open tui_wait 'Context  ' 10
tui_keys q
sleep 0.5
check q_ctx_closed test "$(tui_screen | grep -c 'Context  ')" -eq 0
check q_ctx_alive test ! "$(tui_exited && echo dead)"
tui_keys v
check ctrl_c_detail_open tui_wait 'Log detail' 10
tui_keys C-c
for _ in $(seq 1 30); do tui_exited && break; sleep 0.1; done
check quit tui_exited
tui_stop
tui_sanitizers
t_done
