#!/bin/bash
# tui_marks — marked rows (issue #14): m marks the selected row (and moves
# on), ] and [ jump between marks, marked rows are underlined and counted
# in the title, :export writes the marked rows alone, M clears them.
. "$(dirname "$0")/lib.sh"

now=$(date +%s)
app_slsd $((now - 1500))
tui_open 120 40 -l app --from -1h
check start tui_wait 'Hits  1,234' 10
tui_results

# newest first: row 1 is n=1233; mark rows 1, 2 and 5
tui_keys m m
tui_keys j j m
check counted tui_wait 'Results  6 of 1,234  (300 loaded)  3 marked' 10
under=$(tmux -L "$TUI_SOCK" capture-pane -e -p -t t | grep -aE $'\e\\[([0-9]+;)*4(;[0-9]+)*m' |
	sed 's/\x1b\[[0-9;]*m//g' | grep -o 'n=[0-9]*' | tr '\n' ' ')
check_eq underlined "$under" 'n=1233 n=1232 n=1229 '
tui_keys g ]
check jump_next tui_wait 'Results  2 of 1,234  (300 loaded)  3 marked' 10
tui_keys ]
check jump_next2 tui_wait 'Results  5 of 1,234  (300 loaded)  3 marked' 10
tui_keys ] ]
check jump_round tui_wait 'Results  2 of 1,234  (300 loaded)  3 marked' 10
tui_keys [
check jump_prev tui_wait 'Results  1 of 1,234  (300 loaded)  3 marked' 10

# :export writes the marked rows alone
tui_keys :
tui_keys -l "export $T_TMP/marked.jsonl"
tui_keys Enter
check exported tui_wait "exported 3 marked rows to $T_TMP/marked.jsonl" 10
check_eq export_rows "$(grep -o '"n":"[0-9]*"' "$T_TMP/marked.jsonl" | tr '\n' ' ')" \
	'"n":"1233" "n":"1232" "n":"1229" '
tui_keys M
check cleared tui_wait 'cleared 3 marks' 10
check no_marks_title tui_wait 'Results  1 of 1,234  (300 loaded)  (Enter' 10
tui_keys ]
check no_marks tui_wait 'no marks (m marks the selected row)' 10
# a new query clears the marks
tui_keys m
check one_mark tui_wait '1 marked' 10
tui_keys r
check rerun tui_wait 'Results  1 of 1,234  (300 loaded)  (Enter' 10
tui_keys C-c
for _ in $(seq 1 30); do tui_exited && break; sleep 0.1; done
tui_stop
tui_sanitizers
t_done
