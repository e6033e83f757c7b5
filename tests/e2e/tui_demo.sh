#!/bin/bash
# tui_demo — `slsx --demo` (what `make demo` runs): it starts its own slsd
# with demo data on a free port and a fresh key pair, opens the UI on
# demo/nginx-access with results and a histogram, and on quit stops slsd
# and removes its temporary folder; no secret appears on the screen.
. "$(dirname "$0")/lib.sh"

export HOME="$T_TMP/home"
mkdir -p "$HOME"
unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET
before=$(ls -d /tmp/slsx-demo.* 2>/dev/null | sort)
tui_start 120 40 "$BUILD/slsx --demo" || { t_fail tui_start; t_done; }
check demo_tree tui_wait 'nginx-access' 60
check demo_results tui_wait 'demo/nginx-access' 30
check demo_rows tui_wait 'Results  1 of ' 30
check demo_hist tui_wait 'Hits  ' 10
check demo_fields tui_wait 'status=' 10
dir=$(comm -13 <(printf '%s\n' "$before") <(ls -d /tmp/slsx-demo.* 2>/dev/null | sort) | head -1)
check demo_dir test -n "$dir"
pid=$(pgrep -f "slsd --demo --data $dir/data" | head -1)
check demo_slsd_running test -n "$pid"
# the secret of the fresh key pair never reaches the screen
case "$(tui_screen)" in *[Ss]ecret*) t_fail demo_no_secret "secret on screen";; *) t_ok demo_no_secret;; esac
tui_keys q
for _ in $(seq 1 100); do tui_exited && break; sleep 0.1; done
check demo_quit tui_exited
for _ in $(seq 1 50); do [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
check demo_slsd_stopped test -z "$(pgrep -f "slsd --demo --data $dir/data")"
check demo_dir_removed test ! -e "${dir:-/nonexistent}"
tui_stop

# every early exit of --demo (a bad option, a missing operand, a command
# that fails at once) stops the private slsd and removes its folder
export TMPDIR="$T_TMP/demo-tmp"
mkdir -p "$TMPDIR"
demo_early() { # NAME WANT_RC ARGS...
	local name=$1 want=$2 rc left
	shift 2
	"$BUILD/slsx" --demo "$@" >"$T_TMP/early.$name.out" 2>&1
	rc=$?
	check "early_${name}_rc" test "$rc" -eq "$want"
	left=$(ls -A "$TMPDIR")
	check "early_${name}_no_dir" test -z "$left"
	check "early_${name}_no_slsd" test -z "$(pgrep -f "slsd --demo --data $TMPDIR/")"
}
demo_early from_nonsense 2 --from nonsense
demo_early from_nonsense_query 2 --from nonsense query
demo_early missing_operand 2 create-project
demo_early bad_format 2 query --format bogus
demo_early unknown_logstore 4 query -l no-such-logstore
check early_from_message grep -q 'cannot read time "nonsense"' "$T_TMP/early.from_nonsense.out"
check early_whoami_works sh -c "\"$BUILD/slsx\" --demo whoami | grep -q 'endpoint answers: yes'"
check early_whoami_clean test -z "$(ls -A "$TMPDIR")"

# the terminal going away (tmux kill-session: SIGHUP) while the demo starts
# or runs leaves nothing behind; the start says what it is doing at once
hup_sock="slsxhup$$"
for w in 0.2 1 6; do
	tmux -L "$hup_sock" -f /dev/null new-session -d -s h -x 100 -y 30 \
		"TMPDIR='$TMPDIR' $BUILD/slsx --demo 2>/dev/tty"
	sleep "$w"
	[ "$w" = 0.2 ] && check_match demo_progress_shown "$(tmux -L "$hup_sock" capture-pane -p -t h)" \
		'starting a private slsd with demo data'
	tmux -L "$hup_sock" kill-session -t h
	for _ in $(seq 1 50); do [ -z "$(ls -A "$TMPDIR")" ] && break; sleep 0.1; done
	check "hup_after_${w}_no_dir" test -z "$(ls -A "$TMPDIR")"
	check "hup_after_${w}_no_slsd" test -z "$(pgrep -f "slsd --demo --data $TMPDIR/")"
done
# demo_up: the demo UI in session h, its first results on screen; its
# pid in p
demo_up() {
	tmux -L "$hup_sock" -f /dev/null new-session -d -s h -x 100 -y 30 \
		"TMPDIR='$TMPDIR' exec $BUILD/slsx --demo"
	for _ in $(seq 1 600); do
		tmux -L "$hup_sock" capture-pane -p -t h 2>/dev/null | grep -q 'Results  1 of' && break
		sleep 0.1
	done
	p=$(tmux -L "$hup_sock" display-message -p -t h '#{pane_pid}')
}
# a signal from elsewhere (kill -INT, kill -TERM) to the running UI quits
# it (the private slsd's stop and the folder's removal take a second or
# two, as after q), and nothing is left behind either
for sig in INT TERM; do
	demo_up
	kill "-$sig" "$p"
	for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
	check "sig${sig}_ui_quits" sh -c "! kill -0 $p 2>/dev/null"
	for _ in $(seq 1 50); do [ -z "$(ls -A "$TMPDIR")" ] && break; sleep 0.1; done
	check "sig${sig}_ui_no_dir" test -z "$(ls -A "$TMPDIR")"
	check "sig${sig}_ui_no_slsd" test -z "$(pgrep -f "slsd --demo --data $TMPDIR/")"
	tmux -L "$hup_sock" kill-session -t h 2>/dev/null
done
# SIGKILL cannot be caught: slsd still stops with its UI (its folder,
# which only slsx removes, is left; it is removed here)
demo_up
check sigKILL_slsd_running test -n "$(pgrep -f "slsd --demo --data $TMPDIR/")"
kill -KILL "$p"
for _ in $(seq 1 100); do [ -z "$(pgrep -f "slsd --demo --data $TMPDIR/")" ] && break; sleep 0.1; done
check sigKILL_no_slsd test -z "$(pgrep -f "slsd --demo --data $TMPDIR/")"
rm -rf "${TMPDIR:?}"/slsx-demo.*
tmux -L "$hup_sock" kill-session -t h 2>/dev/null
tmux -L "$hup_sock" kill-server 2>/dev/null
unset TMPDIR
t_done
