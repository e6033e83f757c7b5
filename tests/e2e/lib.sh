# tests/e2e/lib.sh — shared helpers for shell integration tests. Source it:
#
#   . "$(dirname "$0")/lib.sh"
#   slsd_start --memory            # sets SLSD_URL, SLSD_PORT, SLSD_PID, SLSD_KEYS
#   check "name" some_command args  # ok/FAIL line from the exit status
#   t_done                          # prints "N passed, N failed", sets the exit code
#
# Everything started here is stopped on exit. BUILD (e.g. build/san) picks
# the binaries; the default is build.
set -u
BUILD=${BUILD:-build}
T_PASS=0
T_FAIL=0
T_TMP=$(mktemp -d /tmp/slsx-e2e.XXXXXX)
T_PIDS=""

t_cleanup() {
	local p
	[ -n "${TUI_SOCK:-}" ] && tui_stop
	for p in $T_PIDS; do
		kill "$p" 2>/dev/null
	done
	for p in $T_PIDS; do
		wait "$p" 2>/dev/null
	done
	rm -rf "$T_TMP"
}
trap t_cleanup EXIT

t_ok() { T_PASS=$((T_PASS + 1)); echo "ok $1"; }
t_fail() {
	T_FAIL=$((T_FAIL + 1))
	echo "FAIL $1"
	shift
	[ $# -gt 0 ] && echo "  $*"
	return 0
}
# check NAME CMD...: pass when CMD exits 0.
check() {
	local name=$1; shift
	if "$@"; then t_ok "$name"; else t_fail "$name" "command failed: $*"; fi
}
# check_eq NAME GOT WANT
check_eq() {
	if [ "$2" = "$3" ]; then t_ok "$1"; else t_fail "$1" "got [$2] want [$3]"; fi
}
# check_match NAME TEXT REGEX (grep -E)
check_match() {
	if printf '%s' "$2" | grep -qE -- "$3"; then t_ok "$1"; else t_fail "$1" "[$2] !~ /$3/"; fi
}
t_done() {
	echo "$T_PASS passed, $T_FAIL failed"
	[ "$T_FAIL" -eq 0 ]
	exit $?
}

# app_jsonl FILE BASE: 1234 JSON lines one second apart from unix time BASE
# (fields level, msg "request N done", n = N), every tenth an ERROR.
app_jsonl() {
	awk -v base="$2" 'BEGIN { for (i = 0; i < 1234; i++)
		printf "{\"time\": %d, \"level\": \"%s\", \"msg\": \"request %d done\", \"n\": %d}\n",
		    base + i, (i % 10 == 0 ? "ERROR" : "INFO"), i, i }' >"$1"
}

# app_slsd BASE: app_jsonl from BASE as logstore app of project local on a
# memory slsd (slsd_start); the test ends when it does not start.
app_slsd() {
	app_jsonl "$T_TMP/app.jsonl" "$1"
	slsd_start --memory --ingest "$T_TMP/app.jsonl:app" || { t_fail slsd_start; t_done; }
}

# kinds_jsonl FILE BASE: 1,000 JSON lines two seconds apart from BASE of
# three known kinds (600 logins "user uN logged in from IP", 300 "GET PATH
# took Nms", 100 ERROR "disk DEV is full (N% used)"), with a number ms = 1..1000.
kinds_jsonl() {
	awk -v base="$2" 'BEGIN { for (i = 0; i < 1000; i++) {
		if (i % 10 < 6)
			m = sprintf("user u%d logged in from 10.0.%d.%d", i % 37, i % 256, (i * 7) % 256)
		else if (i % 10 < 9)
			m = sprintf("GET /api/v1/orders/%d took %dms", i * 13, i % 97)
		else
			m = sprintf("disk /dev/sd%c is full (%d%% used)", 97 + i % 4, 90 + i % 10)
		printf "{\"time\": %d, \"level\": \"%s\", \"msg\": \"%s\", \"ms\": %d}\n",
		    base + i * 2, i % 10 == 9 ? "ERROR" : "INFO", m, i + 1 } }' >"$1"
}

# slsd_start [slsd args...]: start slsd on a free loopback port with the
# test's key pair (made on first use: id and secret in SLSD_AK_ID /
# SLSD_AK_SECRET, file SLSD_KEYS), so a restarted slsd takes the same keys.
slsd_start() {
	if [ -z "${SLSD_KEYS:-}" ]; then
		SLSD_KEYS="$T_TMP/keys"
		SLSD_AK_ID="testid$$"
		SLSD_AK_SECRET="testsecret$RANDOM$RANDOM"
		printf '%s %s\n' "$SLSD_AK_ID" "$SLSD_AK_SECRET" >"$SLSD_KEYS"
		chmod 600 "$SLSD_KEYS"
	fi
	local out="$T_TMP/slsd.$RANDOM.out"
	SLSD_URL=""
	"$BUILD/slsd" --listen 127.0.0.1:0 --keys "$SLSD_KEYS" "$@" >"$out" 2>"$out.err" &
	SLSD_PID=$!
	T_PIDS="$T_PIDS $SLSD_PID"
	local i
	for i in $(seq 1 200); do
		SLSD_URL=$(head -n 1 "$out" 2>/dev/null | sed -n 's/^listening on //p')
		[ -n "$SLSD_URL" ] && break
		kill -0 "$SLSD_PID" 2>/dev/null || break
		sleep 0.05
	done
	if [ -z "${SLSD_URL:-}" ]; then
		echo "slsd did not start:"; cat "$out.err"
		return 1
	fi
	SLSD_PORT=${SLSD_URL##*:}
	export SLSD_URL SLSD_PORT SLSD_AK_ID SLSD_AK_SECRET SLSD_KEYS SLSD_PID
}

# --- the TUI under tmux ------------------------------------------------------
# tui_start W H 'COMMAND': run COMMAND (a shell string) in a private tmux
# server at W x H with INPUTRC=/dev/null and a UTF-8 locale. Everything the
# program writes to the terminal is also recorded raw in $T_TMP/tty.raw,
# for checks that hostile log bytes never reach the terminal.
TUI_SOCK=""
tui_start() {
	local w=$1 h=$2 cmd=$3
	TUI_SOCK="slsx-test-$$-$RANDOM"
	tmux -L "$TUI_SOCK" -f /dev/null new-session -d -s t -x "$w" -y "$h" "sleep 600" || return 1
	tmux -L "$TUI_SOCK" set-option -t t remain-on-exit on >/dev/null
	tmux -L "$TUI_SOCK" set-option -t t status off >/dev/null
	tmux -L "$TUI_SOCK" pipe-pane -o -t t "cat >> '$T_TMP/tty.raw'" || return 1
	tmux -L "$TUI_SOCK" respawn-pane -k -t t \
	    "exec env INPUTRC=/dev/null TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 $cmd"
}
# tui_open W H [slsx args...]: the UI under tmux against the running slsd
# (its keys in the environment, HOME in T_TMP, sanitizer reports caught),
# on project local; fails the test when it cannot start.
tui_open() {
	local w=$1 h=$2
	shift 2
	export ALIBABA_CLOUD_ACCESS_KEY_ID=$SLSD_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$SLSD_AK_SECRET
	export HOME="$T_TMP/home"
	mkdir -p "$HOME"
	tui_catch_sanitizers
	tui_start "$w" "$h" "$BUILD/slsx --endpoint $SLSD_URL -p local $*" ||
		{ t_fail tui_start; t_done; }
}
# tui_results: the focus on the results (from the tree, where it may start).
tui_results() {
	tui_screen | grep -q 'Enter open  l shards' && tui_keys BTab
	check results_focus tui_wait 'j/k move  Enter context' 10
}

# tui_files_env: the environment of a test of `slsx FILE` (its own slsd
# under TMPDIR): HOME and TMPDIR in T_TMP, no keys, sanitizer reports
# caught.
tui_files_env() {
	export HOME="$T_TMP/home" TMPDIR="$T_TMP/tmp"
	mkdir -p "$HOME" "$TMPDIR"
	unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET
	tui_catch_sanitizers
}
# tui_quit: q (closing the tail pane first, then "q again quits") until
# the UI exits; 1 when it does not.
tui_quit() {
	local i
	for i in 1 2 3 4 5; do
		tui_keys q
		sleep 0.3
		tui_exited && return 0
	done
	for _ in $(seq 1 50); do tui_exited && return 0; sleep 0.1; done
	return 1
}

# tui_catch_sanitizers: the UI has no stderr while the screen is up, so
# send sanitizer reports to files; tui_sanitizers then fails on any.
tui_catch_sanitizers() {
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$T_TMP/asan"
	export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$T_TMP/ubsan"
	export SLSX_TUI_STDERR="$T_TMP/tui.stderr"
}
tui_sanitizers() {
	# either kind of report (ls of both fails when only one is there)
	if compgen -G "$T_TMP/asan*" >/dev/null || compgen -G "$T_TMP/ubsan*" >/dev/null ||
	    grep -qE 'runtime error|Sanitizer' "$T_TMP/tui.stderr" 2>/dev/null; then
		t_fail sanitizers "$(cat "$T_TMP"/asan* "$T_TMP"/ubsan* "$T_TMP/tui.stderr" \
		    2>/dev/null | head -60)"
	else
		t_ok sanitizers
	fi
}
# tui_keys KEY...: tmux send-keys (e.g. tui_keys Tab, tui_keys -l 'status:500').
tui_keys() { tmux -L "$TUI_SOCK" send-keys -t t "$@"; }
# tui_screen: the visible screen as text.
tui_screen() { tmux -L "$TUI_SOCK" capture-pane -p -t t; }
# tui_wait TEXT [SECONDS]: wait until TEXT (fixed string) is on screen.
tui_wait() {
	local text=$1 limit=${2:-5} i=0
	while [ "$i" -lt $((limit * 10)) ]; do
		tui_screen | grep -qF -- "$text" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "  screen when waiting for [$text]:"
	tui_screen | sed 's/^/  | /'
	return 1
}
# tui_exited: 0 when the program has exited (the pane is dead).
tui_exited() { [ "$(tmux -L "$TUI_SOCK" display-message -p -t t '#{pane_dead}')" = 1 ]; }
# tui_alive: 0 while the program runs (a key did not quit it).
tui_alive() { ! tui_exited; }
tui_resize() { tmux -L "$TUI_SOCK" resize-window -t t -x "$1" -y "$2"; }
# tui_stop: the program quit (Ctrl-C, if it still runs) and given 10 s to
# exit before the tmux server goes: a hangup while a sanitizer build is
# still checking for leaks at exit left it spinning forever as an orphan.
tui_stop() {
	local i
	if [ -n "$TUI_SOCK" ] && tmux -L "$TUI_SOCK" has-session -t t 2>/dev/null; then
		tui_exited || tmux -L "$TUI_SOCK" send-keys -t t C-c 2>/dev/null
		for i in $(seq 1 100); do tui_exited && break; sleep 0.1; done
	fi
	[ -n "$TUI_SOCK" ] && tmux -L "$TUI_SOCK" kill-server 2>/dev/null
	TUI_SOCK=""
	return 0
}

# --- TLS -----------------------------------------------------------------------
# tls_ca DIR: a throwaway CA (DIR/ca.crt) and a certificate for 127.0.0.1
# signed by it (DIR/srv.key, DIR/srv.crt).
tls_ca() {
	local c=$1 ec="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
	mkdir -p "$c"
	openssl req -x509 $ec -keyout "$c/ca.key" -out "$c/ca.crt" -days 2 \
		-subj /CN=slsx-test-ca 2>/dev/null || return 1
	openssl req $ec -keyout "$c/srv.key" -out "$c/srv.csr" -subj /CN=127.0.0.1 2>/dev/null
	printf 'subjectAltName=IP:127.0.0.1\n' >"$c/ext"
	openssl x509 -req -in "$c/srv.csr" -CA "$c/ca.crt" -CAkey "$c/ca.key" -CAcreateserial \
		-out "$c/srv.crt" -days 2 -extfile "$c/ext" 2>/dev/null
}
# tls_front DIR UPSTREAM LOG: HTTPS (HTTP/2 and 1.1) in front of UPSTREAM
# with DIR's certificate (tests/tools/h2_front.js); sets TLS_URL.
tls_front() {
	local out="$T_TMP/front.$RANDOM.out"
	node "$(dirname "${BASH_SOURCE[0]}")/../tools/h2_front.js" "$1/srv.key" "$1/srv.crt" "$2" "$3" \
		>"$out" 2>"$out.err" &
	T_PIDS="$T_PIDS $!"
	TLS_URL=""
	for _ in $(seq 1 100); do
		TLS_URL=$(sed -n 's/^listening on //p' "$out")
		[ -n "$TLS_URL" ] && return 0
		sleep 0.05
	done
	cat "$out.err"
	return 1
}
# node_tool NAME.js ARGS...: start a node tool that prints "listening on
# URL" first; sets TOOL_URL.
node_tool() {
	local js=$1 out="$T_TMP/tool.$RANDOM.out"
	shift
	node "$(dirname "${BASH_SOURCE[0]}")/../tools/$js" "$@" >"$out" 2>"$out.err" &
	T_PIDS="$T_PIDS $!"
	TOOL_URL=""
	for _ in $(seq 1 100); do
		TOOL_URL=$(sed -n 's/^listening on //p' "$out")
		[ -n "$TOOL_URL" ] && return 0
		sleep 0.05
	done
	cat "$out.err"
	return 1
}
