#!/bin/bash
# tui_ux — the UI keeps what it shows true to what is going on (issue #12):
# an error goes when a request of its kind succeeds, a notice goes at the
# next key and the hints come back, the tail's title says what it follows,
# Tab reaches every pane, Esc and q close the innermost view.
. "$(dirname "$0")/lib.sh"

now=$(date +%s)
base=$((now - 1500))
app_jsonl "$T_TMP/app.jsonl" "$base"
slsd_start --memory --ingest "$T_TMP/app.jsonl:app" || { t_fail slsd_start; t_done; }
export ALIBABA_CLOUD_ACCESS_KEY_ID=$SLSD_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$SLSD_AK_SECRET
X="$BUILD/slsx --endpoint $SLSD_URL"
export HOME="$T_TMP/home"
mkdir -p "$HOME"
tui_catch_sanitizers
tui_start 80 24 "$X -p local -l app --from -1h" || { t_fail tui_start; t_done; }
check start tui_wait 'Hits  1234' 10
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
check copy_notice tui_wait 'to the clipboard' 3
sleep 1.1
tui_keys j
check hints_after_notice tui_wait "$hints" 2
tui_keys :
tui_keys -l "range $((base + 200)) to $((base + 100))"
tui_keys Enter
check range_error tui_wait 'the end is not after the start' 3
sleep 1.1
tui_keys k
check hints_after_error tui_wait "$hints" 2

tui_keys C-c
for _ in $(seq 1 30); do tui_exited && break; sleep 0.1; done
check quit tui_exited
tui_stop
tui_sanitizers
t_done
