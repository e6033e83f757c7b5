#!/bin/bash
# tui_values — long, multi-line and wide values can be read (issue #12,
# points 4 and 8): log lines scroll sideways (h/l, 0) and wrap (w); the
# detail view shows a stack trace on its own lines (never a literal \n),
# JSON pretty-printed, a 200 KB value paged line by line, a long field
# name cut with a mark before its value; under LANG=C each character the
# locale cannot show is one '?', in the results, the detail view, the tail
# and the SQL table, and no byte above 0x7f reaches the terminal.
. "$(dirname "$0")/lib.sh"

now=$(date +%s)
f="$T_TMP/vals.jsonl"
{
	printf '{"time": %d, "level": "ERROR", "msg": "java.lang.IllegalStateException: boom\\n\\tat com.example.Foo.bar(Foo.java:42)\\n\\tat com.example.Main.main(Main.java:7)\\nCaused by: java.io.IOException: disk full\\n\\t... 3 more", "n": 1}\n' $((now - 600))
	printf '{"time": %d, "level": "INFO", "msg": "big", "blob": "%s", "n": 2}\n' $((now - 500)) \
	    "$(awk 'BEGIN { for (i = 0; i < 25000; i++) printf "%07d ", i }')"
	printf '{"time": %d, "level": "INFO", "a_really_long_field_name_that_goes_on_and_on_forever": "short value", "n": 3}\n' $((now - 400))
	printf '{"time": %d, "level": "INFO", "msg": "请求处理完成，用户登录成功", "n": 4}\n' $((now - 300))
	printf '{"time": %d, "level": "INFO", "payload": "{\\"user\\": {\\"id\\": 42, \\"roles\\": [\\"a\\", \\"b\\"]}, \\"ok\\": true}", "n": 5}\n' $((now - 200))
} >"$f"
slsd_start --memory --ingest "$f:vals" || { t_fail slsd_start; t_done; }
export ALIBABA_CLOUD_ACCESS_KEY_ID=$SLSD_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$SLSD_AK_SECRET
X="$BUILD/slsx --endpoint $SLSD_URL -p local -l vals --from -1h"
export HOME="$T_TMP/home"
mkdir -p "$HOME"
tui_catch_sanitizers

# to_results: Tab until the results pane has the focus (its hints show;
# each Tab waits for the status line to show a pane's hints, not a notice)
to_results() {
	local i j last
	for i in 1 2 3 4 5 6; do
		for j in $(seq 1 100); do
			last=$(tui_screen | tail -1)
			case "$last" in "Enter open"*|"Enter run"*|"h/l bucket"*|"j/k "*) break;; esac
			sleep 0.1
		done
		case "$last" in *"Enter context"*) return 0;; esac
		tui_keys Tab
		sleep 0.2
	done
	tui_wait 'Enter context' 10
}
# screen_has NAME REGEX: wait (10 s) until a screen line matches REGEX
screen_has() { screen_lines_have "$1" "$2" cat; }
# tail_has NAME ERE: the same in the tail pane's lines only (from its
# title down), never in the results above it
tail_has() { screen_lines_have "$1" "$2" tail_lines; }
tail_lines() { sed -n '/ Tail /,$p'; }
# screen_lines_have NAME ERE FILTER: a line FILTER keeps of the screen
# matches ERE within 10 s
screen_lines_have() {
	local i
	for i in $(seq 1 100); do
		tui_screen | "$3" | grep -qE -- "$2" && { t_ok "$1"; return 0; }
		sleep 0.1
	done
	t_fail "$1" "no line matches /$2/"
	tui_screen | sed 's/^/  | /'
}
# detail_field NAME: j in the detail view until the title names field
# NAME; each j waits for the title to move on (no j sent ahead of a frame)
detail_field() {
	local i j cur
	for i in $(seq 1 20); do
		tui_screen | grep -qE "Log detail  [0-9]+/[0-9]+  line [0-9]+-[0-9]+ of [0-9]+  $1( |$)" &&
		    return 0
		cur=$(tui_screen | grep -oE 'Log detail  [0-9]+/[0-9]+  line [0-9]+' | head -1)
		tui_keys j
		for j in $(seq 1 100); do
			[ "$(tui_screen | grep -oE 'Log detail  [0-9]+/[0-9]+  line [0-9]+' | head -1)" != "$cur" ] && break
			sleep 0.1
		done
	done
	return 1
}

# run W H PAGE: the checks of point 4 at one size (PAGE: the lines the
# results pane shows)
run() {
	local w=$1 h=$2 page=$3 s
	tui_start "$w" "$h" "$X" || { t_fail "tui_start_$w"; return; }
	check "start_$w" tui_wait 'Hits  5' 10
	to_results
	# sideways: the stack trace's second frame is past the edge until l
	tui_keys G
	check "sel_last_$w" tui_wait 'Results  5 of 5' 10
	case "$(tui_screen)" in *"Main.main"*) t_fail "cut_before_$w";; *) t_ok "cut_before_$w";; esac
	tui_keys l l l l l l l l l l l l
	check "hscroll_title_$w" tui_wait '[col 97+]' 10
	screen_has "hscroll_shows_$w" '[0-9:]{8} .*Main\.main\(Main'
	tui_keys 0
	screen_has "hscroll_back_$w" 'Results  5 of 5  \(Enter: context, v: detail\) *[│|]? *$'
	# wrap: the whole stack trace of the selected log, on more lines
	tui_keys w
	check "wrap_title_$w" tui_wait '[wrap]' 10
	check "wrap_shows_end_$w" tui_wait '3 more n=1' 10
	tui_keys w
	check "wrap_off_$w" tui_wait 'wrap off' 10
	# the context wraps and scrolls the same way
	tui_keys Enter
	check "ctx_$w" tui_wait 'Context  ' 10
	tui_keys w
	check "ctx_wrap_$w" tui_wait '[wrap]' 10
	check "ctx_wrap_shows_end_$w" tui_wait '3 more n=1' 10
	tui_keys w l
	check "ctx_hscroll_$w" tui_wait '[col 9+]' 10
	tui_keys 0 Escape
	check "ctx_closed_$w" tui_wait 'Results  5 of 5' 10
	# the detail view: one line per line of the stack trace, no literal \n
	tui_keys v
	check "detail_$w" tui_wait 'Log detail' 10
	detail_field msg
	screen_has "detail_first_line_$w" '[│|] *msg +java\.lang\.IllegalStateException: boom *$'
	screen_has "detail_frame_line_$w" '^[^a-z]*[│|] +    at com\.example\.Foo\.bar\(Foo\.java:42\) *$'
	screen_has "detail_caused_$w" '[│|] +Caused by: java\.io\.IOException: (disk)?'
	case "$(tui_screen)" in *'\n'*) t_fail "detail_no_literal_nl_$w";; *) t_ok "detail_no_literal_nl_$w";; esac
	tui_keys y
	check "detail_copy_whole_$w" tui_wait 'copied the value of msg (167 bytes' 10
	tui_keys Escape
	# the 200 KB value: paged, its end reached with G, no freeze
	tui_keys k v
	check "big_detail_$w" tui_wait 'Log detail' 10
	detail_field blob
	s=$(tui_screen | grep -oE 'line [0-9]+-[0-9]+ of [0-9]+' | head -1)
	check_match "big_lines_$w" "$s" 'of [0-9]{4}'
	top=$(printf '%s' "$s" | sed 's/line \([0-9]*\)-.*/\1/')
	tui_keys PageDown PageDown Space
	screen_has "big_paged_$w" "11/12  line $((top + 3 * page))-$((top + 4 * page - 1)) of [0-9]+  blob"
	tui_keys G
	screen_has "big_end_$w" '0024999 *$'
	screen_has "big_end_sel_$w" '12/12  line [0-9]+-[0-9]+ of [0-9]+  n( |$)'
	tui_keys PageUp # the selection follows onto the screen
	screen_has "big_page_up_$w" '11/12  line [0-9]+-[0-9]+ of [0-9]+  blob'
	tui_keys g
	screen_has "big_top_$w" ' 1/12  line 1-[0-9]+ of [0-9]+  __time__'
	tui_keys Escape
	# a long field name goes on under itself in its column, never into its value
	tui_keys k v
	check "long_name_detail_$w" tui_wait 'Log detail' 10
	screen_has "long_name_wrapped_$w" '[│|]a_really_long_f[a-z_]* +short value *$'
	s=$(tui_screen | sed -n '/short value/,/^.*[│|]n  /p' | sed 's/^[^│|]*[│|]//; s/ .*//' | tr -d '\n')
	check_match "long_name_whole_$w" "$s" '^a_really_long_field_name_that_goes_on_and_on_forever'
	tui_keys Escape
	# a JSON value pretty-printed, one member per line
	tui_keys g v
	check "json_detail_$w" tui_wait 'Log detail' 10
	screen_has "json_pretty_$w" '[│|] +"id": +42,? *$'
	tui_keys Escape
	tui_keys q
	tui_stop
}

run 120 40 28
run 80 24 14

# LANG=C: one '?' per character the locale cannot show, in every pane (100
# columns: a row keeps its n=4 on screen when its time carries the date,
# as it does when the last hour crosses midnight)
: >"$T_TMP/tty.raw"
tui_start 100 24 "env LANG=C LC_ALL=C $X" || { t_fail tui_start_c; t_done; }
check c_start tui_wait 'Hits  5' 10
to_results
screen_has c_results '[0-9:]{8} .*msg=\?{13} n=4'
tui_keys j j k # redraw over the row: no stray cells
screen_has c_results_redraw '[0-9:]{8} .*msg=\?{13} n=4( |$)'
tui_keys v
detail_field msg
screen_has c_detail '[|] *msg +\?{13} *$'
tui_keys Escape
tui_keys w
screen_has c_wrap '[0-9:]{8} .*msg=\?{13} n=4( |$)'
tui_keys w
tui_keys :
tui_keys -l 'tail begin'
tui_keys Enter
tail_has c_tail 'msg=\?{13} n=4( |$)'
tui_keys t
tui_keys /
tui_keys C-a C-k
tui_keys -l '* | select msg, n where n = 4'
tui_keys Enter
screen_has c_sql_table '^[^?]*[|] *\?{13} +4 *$'
tui_keys q
if LC_ALL=C grep -q $'[\x80-\xff]' "$T_TMP/tty.raw"; then
	t_fail c_no_high_bytes "$(LC_ALL=C grep -ao $'.\{0,20\}[\x80-\xff]\+.\{0,20\}' "$T_TMP/tty.raw" | head -3)"
else
	t_ok c_no_high_bytes
fi
tui_stop
tui_sanitizers
t_done
