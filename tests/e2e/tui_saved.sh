#!/bin/bash
# tui_saved — saved queries and sharing (issue #14): :save keeps the
# logstore, query, range and columns in a plain file; :open and the picker
# (filter as you type) bring them back; `slsx query --saved` runs one
# headless; :share copies a command that reproduces the view.
. "$(dirname "$0")/lib.sh"

now=$(date +%s)
app_slsd $((now - 1500))
export ALIBABA_CLOUD_ACCESS_KEY_ID=$SLSD_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$SLSD_AK_SECRET
export HOME="$T_TMP/home" XDG_DATA_HOME="$T_TMP/data"
mkdir -p "$HOME"
X="$BUILD/slsx --endpoint $SLSD_URL"
tui_catch_sanitizers
tui_start 120 40 "$X -p local -l app --from -1h" || { t_fail tui_start; t_done; }
check start tui_wait 'Hits  1,234' 10

# :save keeps what is on screen
tui_keys /
tui_keys C-a C-k
tui_keys -l 'level:ERROR'
tui_keys Enter
check errors tui_wait 'Hits  124' 10
tui_keys :
tui_keys -l 'columns level,msg'
tui_keys Enter
tui_keys :
tui_keys -l 'save errs'
tui_keys Enter
check saved tui_wait 'saved as errs' 10
f="$XDG_DATA_HOME/slsx/saved"
check_eq file "$(grep -v '^#' "$f")" '[errs]
project = local
logstore = app
query = level:ERROR
from = -3600s
to = now
columns = level,msg'
check_eq file_mode "$(stat -c %a "$f")" 600

# another query, then :open brings the saved one back, columns and all
tui_keys /
tui_keys C-a C-k
tui_keys -l 'level:INFO'
tui_keys Enter
check info tui_wait 'Hits  1,110' 10
tui_keys :
tui_keys -l 'save infos'
tui_keys Enter
check saved_2 tui_wait 'saved as infos' 10
tui_keys :
tui_keys -l 'open errs'
tui_keys Enter
check opened tui_wait 'Hits  124' 10
check_match opened_query "$(tui_screen | head -1)" '\] level:ERROR'
check_match opened_columns "$(tui_screen | grep 'level=ERROR' | head -1)" 'level=ERROR msg=request [0-9]+ done$'

# the picker: every name, filtered as you type, Enter opens
tui_keys :
tui_keys -l 'open'
tui_keys Enter
check picker tui_wait 'saved queries: 2 of 2' 10
tui_keys -l 'inf'
check picker_filter tui_wait 'saved queries: 1 of 2' 10
tui_keys Enter
check picker_opened tui_wait 'Hits  1,110' 10
tui_keys :
tui_keys -l 'open nope'
tui_keys Enter
check open_missing tui_wait 'no saved query nope' 10

# :share: the copied command, run, gives the same rows
tui_keys :
tui_keys -l 'share'
tui_keys Enter
check share_notice tui_wait 'copied: slsx --endpoint' 10
b64=$(tr -d '\n' <"$T_TMP/tty.raw" | grep -ao $'\033'']52;c;[A-Za-z0-9+/=]*' | tail -1 | sed 's/^.\]52;c;//')
cmd=$(printf '%s' "$b64" | base64 -d)
check_match share_cmd "$cmd" "^slsx --endpoint '$SLSD_URL' query -p 'local' -l 'app' --from -3600s --to now --reverse 'level:INFO'$"
bin=$(cd "$BUILD" && pwd)
n=$(cd "$T_TMP" && PATH="$bin:$PATH" bash -c "$cmd --limit 0 --format jsonl" | wc -l)
check_eq share_runs "$n" 1110
tui_keys C-c
for _ in $(seq 1 30); do tui_exited && break; sleep 0.1; done
tui_stop
tui_sanitizers

# headless: --saved fills in what the command line leaves out
check_eq headless "$($X query --saved errs --limit 0 --format jsonl | wc -l)" 124
check_eq headless_override "$($X query --saved errs --limit 0 --format jsonl 'level:INFO' | wc -l)" 1110
$X query --saved nope >/dev/null 2>"$T_TMP/err"
check_eq headless_missing $? 2
check_match headless_missing_says "$(cat "$T_TMP/err")" 'no saved query nope'
t_done
