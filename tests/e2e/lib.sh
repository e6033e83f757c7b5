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
