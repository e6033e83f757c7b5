#!/bin/bash
# tui_sql — the SQL table and the editors (issue #12, point 13): floats
# shown to 6 digits, the sort arrow, a statement with no LIMIT paged like
# a search, Ctrl-G and Esc stop what is loading, every completion reachable
# with Tab, ':' then Tab lists the commands, the context's log stays marked.
. "$(dirname "$0")/lib.sh"

now=$(date +%s)
base=$((now - 1500))
app_slsd "$base"
tui_open 120 40 -l app --from -1h
check start tui_wait 'Hits  1,234' 10

# floats: 6 digits at most, the sort arrow on the sorted column
tui_keys /
tui_keys C-a C-k
tui_keys -l '* | select level, avg(n / 7.0) as r, count(*) as c group by level'
tui_keys Enter
check sql_table tui_wait 'level' 10
check sql_rows tui_wait 'INFO' 10
# the key hints are the table's: Enter opens a row's logs, columns scroll and sort
check_match sql_hints "$(tui_screen | tail -1)" '^j/k move  Enter its logs  h/l columns  s sort'
table=$(tui_screen | sed -n '/Results/,$p')
check_match floats_short "$table" 'INFO +[0-9]+\.[0-9]{1,6} '
case "$table" in *[0-9].[0-9][0-9][0-9][0-9][0-9][0-9][0-9]*)
	t_fail floats_no_long "$table";; *) t_ok floats_no_long;; esac
tui_keys l s
check sort_arrow_up tui_wait 'r ▲' 10
tui_keys s
check sort_arrow_down tui_wait 'r ▼' 10

# a statement with no LIMIT comes a page at a time; G at the end asks for more
tui_keys /
tui_keys C-a C-k
tui_keys -l '* | select n, msg'
tui_keys Enter
check sql_first_page tui_wait 'Results  1 of 1,000 ' 10
tui_keys G
check sql_next_page tui_wait 'Results  1,000 of 1,234 ' 10

# ':' then Tab lists every command, each further Tab puts the next in
tui_keys :
tui_keys Tab
check cmd_list tui_wait 'leave slsx' 10
check cmd_list_tz tui_wait 'the time zone times are shown in' 10
tui_keys Tab Tab
check cmd_pick tui_wait ':project' 10
tui_keys Escape
sleep 0.3
check cmd_closed test "$(tui_screen | grep -c 'leave slsx')" -eq 0

# completion: past the 12 shown, Tab moves on through the rest
tui_keys /
tui_keys C-a C-k
tui_keys -l '* | select '
tui_keys Tab Tab
check compl_more tui_wait 'more: Tab' 10
for _ in $(seq 1 14); do tui_keys Tab; done
check compl_scrolled tui_wait 'above, ' 10
tui_keys Escape
tui_keys /
tui_keys C-a C-k
tui_keys -l '* | select cou'
tui_keys Tab Tab Tab # count, (no change), the list
check compl_two tui_wait 'count_if' 10
tui_keys Tab Tab
for _ in $(seq 1 50); do # the screen catches up with the keys (under load)
	tui_screen | head -1 | grep -qE 'select count_if\( *$' && break
	sleep 0.1
done
check_match compl_second "$(tui_screen | head -1)" 'select count_if\( *$'
tui_keys C-a C-k
tui_keys -l 'level:ERROR'
tui_keys Enter
check search_back tui_wait 'Hits  124' 10

# the context's own log stays marked (underlined) when the cursor leaves it
tui_keys Enter
check ctx_open tui_wait 'Context  ' 10
tui_keys j j
check ctx_hint tui_wait 'underlined: the log, a: back to it' 10
# the underlined line (SGR 4), its escapes taken out, is the ERROR log
under=$(tmux -L "$TUI_SOCK" capture-pane -e -p -t t | grep -aE $'\e\\[([0-9]+;)*4(;[0-9]+)*m' |
	sed 's/\x1b\[[0-9;]*m//g')
check_match ctx_underlined "$under" 'level=ERROR msg=request [0-9]+ done'
tui_keys a
sleep 0.3
check ctx_back test "$(tui_screen | grep -c 'underlined: the log')" -eq 0
tui_keys Escape
tui_stop

# Ctrl-G and Esc stop a query whose answers are slow; the UI stays usable
slsd_start --memory --ingest "$T_TMP/app.jsonl:app" --faults 'getlogs:delay=30000' ||
	{ t_fail slsd_slow; t_done; }
tui_start 120 40 "$BUILD/slsx --endpoint $SLSD_URL -p local -l app --from -1h" ||
	{ t_fail tui_start_slow; t_done; }
check slow_hist tui_wait 'Hits  1,234' 10
tui_keys C-g
check ctrl_g_stops tui_wait 'stopped: 0 rows loaded' 10
tui_keys r
sleep 0.5
tui_keys Escape
check esc_stops tui_wait 'stopped: 0 rows loaded' 10
tui_keys j
check still_alive test ! "$(tui_exited && echo dead)"
tui_keys C-c
for _ in $(seq 1 30); do tui_exited && break; sleep 0.1; done
check quit tui_exited
tui_stop

# an SQL answer that stays Incomplete: while the client asks again the
# info line says so (and how often so far); then the rows it has come,
# marked Incomplete
slsd_start --memory --ingest "$T_TMP/app.jsonl:app" --faults 'getlogs:incomplete@1' ||
	{ t_fail slsd_incomplete; t_done; }
tui_start 120 40 "$BUILD/slsx --endpoint $SLSD_URL -p local -l app --from -1h" ||
	{ t_fail tui_start_incomplete; t_done; }
check reask_search tui_wait '(Incomplete: asking again, ' 10
tui_keys C-g
tui_keys /
tui_keys C-a C-k
tui_keys -l '* | select count(*) as n'
tui_keys Enter
check reask_sql tui_wait '(Incomplete: asking again, 3 of 6)' 10
check_match reask_sql_no_rows "$(tui_screen)" 'app  UTC.* 0 rows |app  [^ ]+ +0 rows '
check reask_rows tui_wait '1 row  ' 20
check_match reask_incomplete "$(tui_screen)" '1 row  .*\(Incomplete\)'
check_eq reask_done "$(tui_screen | grep -c 'asking again')" 0
check_match reask_count "$(tui_screen)" '1234'
tui_keys C-c
for _ in $(seq 1 30); do tui_exited && break; sleep 0.1; done
tui_stop
tui_sanitizers
t_done
