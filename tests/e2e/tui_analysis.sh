#!/bin/bash
# tui_analysis — the UI's analysis views (issue #14): P clusters the
# search's logs into patterns (Enter: a pattern's logs, x hides one, X
# shows them again); a picks a field and shows its values (Enter narrows
# the query to one, x excludes it, a numeric field gets its aggregates);
# a in the detail view does it for the selected field; Esc returns.
. "$(dirname "$0")/lib.sh"

now=$(date +%s)
base=$((now - 3000))
kinds_jsonl "$T_TMP/app.jsonl" "$base"
slsd_start --memory --ingest "$T_TMP/app.jsonl:app" || { t_fail slsd_start; t_done; }
tui_open 120 40 -l app --from -1h
check start tui_wait 'Hits  1,000' 10
tui_results

# patterns of the whole search
tui_keys P
check patterns tui_wait 'Patterns  3 in 1000 logs (all of the 1000 hits)' 15
check_match pattern_first "$(tui_screen | grep -A1 'Patterns  3' | tail -1)" \
	'│ +600  60\.0% .*  user <\*> logged in from <\*>'
check pattern_second tui_wait 'GET <*> took <*>' 10
# the key hints are the view's
check_match pattern_hints "$(tui_screen | tail -1)" '^j/k move  Enter its logs  x hide  X show all  Esc back'
tui_keys Enter
check pattern_logs tui_wait 'Pattern  600 logs of the sample  user <*> logged in from <*>' 10
check_match pattern_log_line "$(tui_screen | grep -A1 'Pattern  600' | tail -1)" 'msg=user u0 logged in'
check_match pattern_logs_hints "$(tui_screen | tail -1)" 'Esc back to the patterns'
tui_keys Escape
check back_to_patterns tui_wait 'Patterns  3 in 1000' 10
tui_keys x
check hidden tui_wait 'Patterns  2 in 1000 logs (all of the 1000 hits, 1 hidden)' 10
tui_keys X
check unhidden tui_wait 'Patterns  3 in 1000 logs (all of the 1000 hits)' 10
# a pane too narrow for the selected pattern shows it in full at its foot
check_eq no_foot_wide "$(tui_screen | grep -c 'the pattern in full:')" 0
tui_resize 72 40
check foot_narrow tui_wait 'the pattern in full:' 10
check_match foot_whole "$(tui_screen | grep -A1 'the pattern in full:' | tail -1)" '│ user <\*> logged in from <\*> *$'
tui_resize 120 40
for _ in $(seq 1 50); do tui_screen | grep -q 'the pattern in full:' || break; sleep 0.1; done
check_eq foot_gone "$(tui_screen | grep -c 'the pattern in full:')" 0
check foot_gone_wide tui_wait 'Patterns  3 in 1000' 10
# q closes the innermost view (a pattern's logs, then the patterns), never the program
tui_keys Enter
check q_pattern_logs tui_wait 'Pattern  600 logs of the sample' 10
tui_keys q
check q_back_to_patterns tui_wait 'Patterns  3 in 1000' 10
tui_keys q
check q_back_to_results tui_wait 'Results  1 of ' 10
check q_still_running tui_alive
tui_keys P
check patterns_again tui_wait 'Patterns  3 in 1000' 15
tui_keys Escape
check back_to_results tui_wait 'Results  1 of ' 10

# the search narrows the patterns: the kinds of error
tui_keys /
tui_keys C-a C-k
tui_keys -l 'level:ERROR'
tui_keys Enter
check errors tui_wait 'Hits  100' 10
tui_keys P
check error_patterns tui_wait 'Patterns  1 in 100 logs' 15
check error_pattern tui_wait 'disk <*> is full (<*> used)' 10
tui_keys Escape

# a field's values: a, pick it, Enter narrows, x excludes
tui_keys /
tui_keys C-a C-k
tui_keys -l '*'
tui_keys Enter
check all_again tui_wait 'Hits  1,000' 10
tui_keys a
check field_picker tui_wait 'the values of which field' 10
tui_keys -l 'lev'
tui_keys Enter
check field_values tui_wait 'Field level  2 values of 1000 logs' 10
check_match field_info "$(tui_screen | grep -A1 'Field level' | tail -1)" '│INFO +900  90\.0%  █+'
tui_keys j Enter
check narrowed tui_wait 'Hits  100' 10
check_match narrowed_query "$(tui_screen | head -1)" '\] level:"ERROR"$'
tui_keys a
tui_keys -l 'lev'
tui_keys Enter
check field_again tui_wait 'Field level  1 values of 100 logs' 10
tui_keys x
check excluded tui_wait 'no logs match' 10
check_match excluded_query "$(tui_screen | head -1)" '\] \(level:"ERROR"\) not level:"ERROR"$'

# a numeric field: its aggregates; from the detail view, the selected field
tui_keys /
tui_keys C-a C-k
tui_keys -l '*'
tui_keys Enter
check all_third tui_wait 'Hits  1,000' 10
tui_keys a
tui_keys -l 'ms'
tui_keys Enter
check numbers tui_wait '1000 numbers  min 1  avg 500.5  p50 50' 10
check_match numbers_p99 "$(tui_screen | grep '1000 numbers')" 'p90 90[01]  p99 99[01]  max 1000'
tui_keys Escape
check back_from_field tui_wait 'Results  1 of ' 10
# from the detail view: the selected field (the first: g)
tui_keys v
check detail tui_wait 'Log detail' 10
first=$(tui_screen | grep -A1 'Log detail' | tail -1 | sed 's/^[^│]*│ *//; s/ .*//')
tui_keys g a
check detail_field tui_wait "Field $first  " 10
tui_keys Escape

# :stats: the cost of the query on screen and since start
tui_keys :
tui_keys -l 'stats'
tui_keys Enter
check stats tui_wait 'what slsx asked (any key closes)' 10
check_match stats_requests "$(tui_screen | grep '│ requests')" 'requests +[1-9][0-9,]* +[1-9][0-9,]*'
check_match stats_rows "$(tui_screen | grep 'rows the server processed')" 'processed +[0-9,]+ +[1-9][0-9,]*'
check_match stats_bytes "$(tui_screen | grep 'bytes received')" 'received +[0-9.]+ [KM]?B +[0-9.]+ [KM]?B'
tui_keys x
sleep 0.3
check stats_closed test "$(tui_screen | grep -c 'what slsx asked')" -eq 0

tui_keys C-c
for _ in $(seq 1 30); do tui_exited && break; sleep 0.1; done
check quit tui_exited
tui_stop
tui_sanitizers
t_done
