#!/bin/bash
# cli_bounds — time bounds that hold: --timeout bounds a whole command even
# when the server stalls, a signal stops a command within a second also
# while a request is stalled, a refusal no retry fixes (PullLogs 401) ends
# tail with its exit code, and --log writes requests, retries and timings
# (never the secret) to a file only its owner can read.
. "$(dirname "$0")/lib.sh"

slsd_start --memory --faults 'getlogs:stall=60000,index:stall=60000,cursor:stall=60000' ||
	{ t_fail slsd_start; t_done; }
export ALIBABA_CLOUD_ACCESS_KEY_ID=$SLSD_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$SLSD_AK_SECRET
X="$BUILD/slsx --endpoint $SLSD_URL"
check create_project $X create-project bounds
check create_logstore $X create-logstore -p bounds web

# elapsed_ms CMD...: run CMD, leave its exit code in RC and its time in MS
elapsed_ms() {
	local s=$(date +%s%N)
	"$@" >"$T_TMP/out" 2>"$T_TMP/err"
	RC=$?
	MS=$(( ($(date +%s%N) - s) / 1000000 ))
}
# --timeout bounds the command: a 60 s stall gives up after about 2 s
elapsed_ms $X --timeout 2 query -p bounds -l web '*'
check_eq timeout_query_exit "$RC" 5
check timeout_query_bounded test "$MS" -lt 10000
check_match timeout_query_msg "$(cat "$T_TMP/err")" 'timed out|--timeout 2 s ran out' # the request's or the command's clock, whichever first
elapsed_ms $X --timeout 1 index -p bounds -l web
check_eq timeout_index_exit "$RC" 5
check timeout_index_bounded test "$MS" -lt 10000

# signal_ms SIG CMD...: start CMD, send SIG after 1 s; RC and MS after the signal
signal_ms() {
	local sig=$1 p s
	shift
	"$@" >"$T_TMP/out" 2>"$T_TMP/err" &
	p=$!
	sleep 1
	s=$(date +%s%N)
	kill "-$sig" "$p"
	wait "$p"
	RC=$?
	MS=$(( ($(date +%s%N) - s) / 1000000 ))
}
signal_ms INT $X index -p bounds -l web
check index_sigint_prompt test "$MS" -lt 3000
check_eq index_sigint_exit "$RC" 1
signal_ms TERM $X tail -p bounds -l web
check tail_sigterm_prompt test "$MS" -lt 3000
check_eq tail_sigterm_exit "$RC" 0
signal_ms INT $X tail -p bounds -l web # Ctrl-C while GetCursor is stalled
check tail_sigint_prompt test "$MS" -lt 3000
check_eq tail_sigint_exit "$RC" 0
kill "$SLSD_PID"; wait "$SLSD_PID" 2>/dev/null

# a PullLogs 401 ends tail with the authentication exit code
slsd_start --memory --faults 'pull:401/Unauthorized' || { t_fail slsd_start2; t_done; }
X="$BUILD/slsx --endpoint $SLSD_URL"
$X create-project bounds >/dev/null && $X create-logstore -p bounds web >/dev/null
elapsed_ms timeout 20 $X tail -p bounds -l web
check_eq tail_401_exit "$RC" 3
check_match tail_401_msg "$(cat "$T_TMP/err")" 'PullLogs: .*Unauthorized'

# --log: requests, retries and timings in a 0600 file, never the secret
rm -f "$T_TMP/slsx.log"
$X --log "$T_TMP/slsx.log" logstores -p bounds >/dev/null 2>&1
check_eq log_mode "$(stat -c %a "$T_TMP/slsx.log")" 600
check_match log_send "$(cat "$T_TMP/slsx.log")" 'send GET bounds /logstores'
check_match log_done "$(cat "$T_TMP/slsx.log")" 'done GET bounds /logstores: ok .*HTTP 200, 1 attempt, [0-9]+ ms'
check log_no_secret sh -c "! grep -q '$SLSD_AK_SECRET' '$T_TMP/slsx.log'"
kill "$SLSD_PID"; wait "$SLSD_PID" 2>/dev/null

# --log names each retry, with its cause and wait
slsd_start --memory --faults 'logstore:503#2' || { t_fail slsd_start3; t_done; }
X="$BUILD/slsx --endpoint $SLSD_URL"
$X create-project bounds >/dev/null
rm -f "$T_TMP/slsx.log"
check log_retried_ok $X --log "$T_TMP/slsx.log" logstores -p bounds
check_eq log_retries "$(grep -c 'retry GET /logstores after ServerBusy (attempt [12], [0-9]* ms)' "$T_TMP/slsx.log")" 2
check_match log_retried_done "$(cat "$T_TMP/slsx.log")" 'done GET bounds /logstores: ok \(HTTP 200, 3 attempts'
t_done
