#!/bin/bash
# tui_merged — several logstores at once in the UI (issue #14, "merged
# logstores"): Space marks logstores in the tree and Enter opens them
# together; :logstore a,b does it by name. The results are merged by time,
# each line saying its logstore ([alpha]), more come while scrolling (a
# logstore asked again from where it stopped), the histogram counts all of
# them, the context of a line is its own logstore's, and the live tail
# follows every one of them.
. "$(dirname "$0")/lib.sh"

now=$(date +%s)
base=$((now - 1800))
# alpha: 400 logs at even seconds; beta: 100 at odd seconds, in alpha's
# newest 200 seconds. Newest first: beta and alpha alternate, then alpha.
awk -v b="$base" 'BEGIN { for (i = 0; i < 400; i++)
	printf "{\"time\": %d, \"src\": \"a\", \"i\": %d}\n", b + 2 * i, i }' >"$T_TMP/alpha.jsonl"
awk -v b="$base" 'BEGIN { for (i = 300; i < 400; i++)
	printf "{\"time\": %d, \"src\": \"b\", \"i\": %d}\n", b + 2 * i + 1, i }' >"$T_TMP/beta.jsonl"
# gamma: 1,500 logs, for an SQL statement that pages
awk -v b="$base" 'BEGIN { for (i = 0; i < 1500; i++)
	printf "{\"time\": %d, \"src\": \"g\", \"i\": %d}\n", b + i, i }' >"$T_TMP/gamma.jsonl"
slsd_start --memory --ingest "$T_TMP/alpha.jsonl:alpha" --ingest "$T_TMP/beta.jsonl:beta" \
	--ingest "$T_TMP/gamma.jsonl:gamma" ||
	{ t_fail slsd_start; t_done; }
tui_open 120 40 --from -1h
check tree tui_wait 'beta' 10

# Space marks alpha and beta; Enter opens both
tui_keys j Space
check marked_one tui_wait '1 logstore marked: Enter opens them together' 10
tui_keys Space
check marked_two tui_wait '2 logstores marked' 10
check_match mark_drawn "$(tui_screen | grep -c '^+ .*alpha\|^+ .*beta')" '^2$'
tui_keys k Enter
check opened tui_wait 'local/alpha,beta' 10
check hits_summed tui_wait 'Hits  500' 10
check first_page tui_wait 'Results  1 of 500  (300 loaded)' 10
rows=$(tui_screen | grep -E '\[(alpha|beta)\]' | head -4 | sed -E 's/.*\[(alpha|beta)\].* i=([0-9]+).*/\1 \2/' |
	tr '\n' ' ')
check_eq merged_order "$rows" 'beta 399 alpha 399 beta 398 alpha 398 '

# the analysis views take one logstore, and say so
tui_keys P
check analysis_one tui_wait 'patterns, field values and compare look at one logstore' 10

# scrolling to the end asks alpha again (beta gave all it had)
tui_keys G
check more_loaded tui_wait 'Results  300 of 500  (Enter' 15
tui_keys G
check last_row tui_wait 'Results  500 of 500' 10
check_match last_is_alpha_0 "$(tui_screen | grep -E '\[alpha\]' | tail -1)" ' i=0 '
check_eq no_repeat "$(tui_screen | grep -c '\[beta\]')" 0

# the context of a beta line is beta's
tui_keys g
check top_again tui_wait 'Results  1 of 500' 10
tui_keys Enter
check context tui_wait 'Context  ' 10
check_match context_beta "$(tui_screen | grep -c 'src=b')" '^[1-9]'
check_eq context_no_alpha "$(tui_screen | grep -c 'src=a')" 0
tui_keys Escape

# :logstore by name, spaces and a repeat allowed; a bad name is refused
tui_keys :
tui_keys -l 'logstore beta'
tui_keys Enter
check one_again tui_wait 'Hits  100' 10
tui_keys :
tui_keys -l 'logstore beta , alpha,beta'
tui_keys Enter
check by_name tui_wait 'local/beta,alpha' 10
check by_name_hits tui_wait 'Hits  500' 10
# an SQL statement with no LIMIT pages over the logstores, one after the
# other: gamma's first 1,000 rows, then the rest of gamma and beta's
tui_keys :
tui_keys -l 'logstore gamma,beta'
tui_keys Enter
check sql_opened tui_wait 'local/gamma,beta' 10
tui_keys /
tui_keys C-a C-k
tui_keys -l '* | select src, i'
tui_keys Enter
check sql_first_page tui_wait 'Results  1 of 1,000 ' 10
tui_keys G
check sql_more tui_wait 'Results  1,000 of 1,600' 15
tui_keys G
check sql_last tui_wait 'Results  1,600 of 1,600' 10
check_match sql_last_beta "$(tui_screen | grep -E '\[beta\]| b ' | tail -1)" 'b'
tui_keys /
tui_keys C-a C-k
tui_keys -l '*'
tui_keys Enter
tui_keys :
tui_keys -l 'logstore beta , alpha,beta'
tui_keys Enter
check by_name_again tui_wait 'Hits  500' 10

tui_keys :
tui_keys -l 'logstore alpha,be$ta'
tui_keys Enter
check bad_name tui_wait 'logstores: give 1 to 16 names' 10

# the live tail follows both: each line says its logstore, the strip
# names each logstore's shards
tui_keys t
check tail_open tui_wait 'Tail local/beta,alpha' 10
check tail_listed tui_wait 'alpha#0 lag' 10
check_match tail_strip_beta "$(tui_screen)" 'beta#0 lag'
sleep 1
X="$BUILD/slsx --endpoint $SLSD_URL"
echo '{"src": "a", "i": 9001}' | $X put -p local -l alpha - >/dev/null 2>&1
echo '{"src": "b", "i": 9002}' | $X put -p local -l beta - >/dev/null 2>&1
check tail_alpha tui_wait 'i=9001' 10
check tail_beta tui_wait 'i=9002' 10
check_match tail_alpha_named "$(tui_screen | grep 'i=9001')" '\[alpha\] src=a'
check_match tail_beta_named "$(tui_screen | grep 'i=9002')" '\[beta\] src=b'
# h/l scroll the lines sideways under the fixed time and logstore, 0 goes back
tui_keys l
check tail_scrolled tui_wait 'all shards  >8' 10
check_match tail_scrolled_line "$(tui_screen | grep '9001')" '\[alpha\] 9001 *$'
tui_keys l h
check_match tail_scrolled_back "$(tui_screen | grep '9001')" '\[alpha\] 9001 *$'
tui_keys 0
check tail_unscrolled tui_wait '[alpha] src=a i=9001' 10
check_eq tail_no_mark "$(tui_screen | grep -c 'all shards  >')" 0
# w wraps each line on as many rows as it needs, under its text (the time
# and logstore stay in their column); h/l say so; w again cuts it back
long=$(seq -f 'word%03g' 1 70 | tr '\n' ' ')
echo "{\"src\": \"a\", \"i\": 9003, \"msg\": \"$long END9003\"}" |
    $X put -p local -l alpha - >/dev/null 2>&1
check tail_long tui_wait 'i=9003 msg=word001' 10
check_eq tail_long_cut "$(tui_screen | grep -c 'END9003')" 0
tui_keys w
check tail_wrapped tui_wait 'END9003' 10
check_match tail_wrap_title "$(tui_screen)" 'all shards  wrap'
check_match tail_wrap_first "$(tui_screen)" '[0-9:]{8} \[alpha\] src=a i=9003 msg=word001 '
check_match tail_wrap_under "$(tui_screen)" $'\n[│|] {17}[a-z0-9 ]*word0[0-9][0-9]'
check_match tail_wrap_before "$(tui_screen | grep -B1 'i=9003 msg' | head -1)" '[0-9:]{8} \[(alpha|beta)\] src=[ab] i=900[12]$'
# a line that arrives (a second later: lines of one second may come in any
# order) goes under it, at the bottom
sleep 1
echo '{"src": "b", "i": 9004}' | $X put -p local -l beta - >/dev/null 2>&1
check tail_wrap_next tui_wait 'i=9004' 10
check_match tail_wrap_next_under "$(tui_screen | grep -A1 'END9003')" $'END9003 *\n[│|][0-9:]{8} \\[beta\\] src=b i=9004'
tui_keys l
check tail_wrap_no_scroll tui_wait 'wrap is on (w turns it off' 10
tui_keys w
check tail_unwrapped tui_wait 'wrap off: h/l scroll sideways' 10
check_eq tail_unwrapped_cut "$(tui_screen | grep -c 'END9003')" 0
tui_keys t
check tail_closed tui_wait 'Results  1 of 500' 10

tui_keys q
tui_sanitizers
t_done
