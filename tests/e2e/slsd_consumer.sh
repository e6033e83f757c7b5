#!/bin/bash
# slsd_consumer — consumer groups end to end: consumers written from the
# SDKs' protocol (tests/tools/cg_consumer.py, Python standard library)
# against a real slsd with --data. Two consumers share the 4 shards, a
# third joins and gets its share, one is killed (SIGKILL) and its shards
# move after the group's timeout, every log is processed (ids counted
# exactly: none missing, none unknown, a repeat only of what the killed
# one had not committed), and the checkpoints survive a restart of slsd:
# a consumer started afterwards reads only the logs written since.
# Asserts on states and counts; every wait returns as soon as it holds.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
TOOL=tests/tools/cg_consumer.py
[ -x "$PY" ] || { t_fail python3_present "$PY is not installed"; t_done; }
DATA="$T_TMP/data"
TIMEOUT=8    # the group's timeout, seconds (heartbeats every 0.3 s: room for a loaded machine)
BEAT=0.3     # heartbeat interval

cg() { "$PY" "$TOOL" "$@"; }
# consumer NAME: start one in the background; its pid in PID_NAME
consumer() {
	"$PY" "$TOOL" consume cgp ls grp "$1" "$TIMEOUT" "$BEAT" "$T_TMP/rec.$1" \
	    2>>"$T_TMP/err.$1" &
	eval "PID_$1=$!"
	T_PIDS="$T_PIDS $!"
}
held() { sed -n 's/^held *//p' "$T_TMP/rec.$1.state" 2>/dev/null; }
nheld() { held "$1" | wc -w; }
records() { cat "$T_TMP"/rec.c[0-9] 2>/dev/null; }
distinct() { records | awk '{print $3}' | sort -u | wc -l; }
dups() { records | awk '{print $3}' | sort | uniq -d | wc -l; }
# wait_for SECONDS CMD...: until CMD succeeds
wait_for() {
	local n=$(($1 * 10)); shift
	while [ "$n" -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}
# the held shards of the named consumers: disjoint, covering 0..3, counts as wanted
shares_are() {
	local want=$1; shift
	local all="" counts="" c
	for c in "$@"; do
		all="$all $(held "$c")"
		counts="$counts $(nheld "$c")"
	done
	[ "$(echo $all | tr ' ' '\n' | sort -n | tr '\n' ' ')" = "0 1 2 3 " ] &&
	    [ "$(echo $counts | tr ' ' '\n' | sort -n | tr '\n' ' ')" = "$want" ]
}
ids_are() { [ "$(records | awk '{print $3}' | sort -un | tr '\n' ' ')" = "$(seq -s ' ' 0 $(($1 - 1))) " ]; }

slsd_start --data "$DATA" || { t_fail slsd_start; t_done; }
check setup cg setup cgp ls 4
check put_first cg put cgp ls 0 400

# two consumers share the shards
consumer c1
consumer c2
if wait_for 60 shares_are "2 2 " c1 c2; then t_ok two_share_2_2; else
	t_fail two_share_2_2 "c1 [$(held c1)] c2 [$(held c2)]"; fi
wait_for 60 eval '[ "$(distinct)" -ge 400 ]'
check first_400_processed ids_are 400
check_eq first_no_repeats "$(dups)" 0

# a third joins and gets its share
check put_second cg put cgp ls 400 200
consumer c3
if wait_for 60 shares_are "1 1 2 " c1 c2 c3; then t_ok third_gets_share; else
	t_fail third_gets_share "c1 [$(held c1)] c2 [$(held c2)] c3 [$(held c3)]"; fi
wait_for 60 eval '[ "$(distinct)" -ge 600 ]'
check then_600_processed ids_are 600
check_eq rebalance_no_repeats "$(dups)" 0

# the one holding two shards is killed: its shards move after the timeout
for victim in c1 c2 c3; do [ "$(nheld $victim)" -eq 2 ] && break; done
rest=$(echo c1 c2 c3 | tr ' ' '\n' | grep -v "^$victim$" | tr '\n' ' ')
gone=$(held "$victim")
eval "kill -9 \$PID_$victim"
eval "wait \$PID_$victim" 2>/dev/null
check put_third cg put cgp ls 600 200
# shellcheck disable=SC2086
if wait_for 60 shares_are "2 2 " $rest; then t_ok killed_shards_move; else
	t_fail killed_shards_move "killed $victim [$gone]; $rest: $(for c in $rest; do echo "[$(held $c)]"; done)"; fi
wait_for 60 eval '[ "$(distinct)" -ge 800 ]'
check every_log_processed ids_are 800
# a repeat is only of logs the killed one wrote (processed, not committed)
repeated_by_others=$(records | awk -v v="$victim" '{ if (seen[$3] && first[$3] != v) bad++;
	if (!seen[$3]) { seen[$3] = 1; first[$3] = $1 } } END { print bad + 0 }')
check_eq repeats_only_after_kill "$repeated_by_others" 0

# checkpoints survive a restart of slsd
for c in $rest; do eval "kill -TERM \$PID_$c"; eval "wait \$PID_$c" 2>/dev/null; done
cg checkpoints cgp ls grp >"$T_TMP/cp.before"
check_eq checkpoints_all_set "$(awk '$2 != "" { n++ } END { print n + 0 }' "$T_TMP/cp.before")" 4
kill "$SLSD_PID"
wait "$SLSD_PID" 2>/dev/null
slsd_start --data "$DATA" || { t_fail slsd_restart; t_done; }
cg checkpoints cgp ls grp >"$T_TMP/cp.after"
check_eq checkpoints_survive_restart "$(cat "$T_TMP/cp.after")" "$(cat "$T_TMP/cp.before")"
check put_after_restart cg put cgp ls 800 100
consumer c4
wait_for 60 eval '[ "$(distinct)" -ge 900 ]'
check all_900_processed ids_are 900
check_eq after_restart_only_new "$(awk '{print $3}' "$T_TMP/rec.c4" | sort -un | sed -n '1p;$p' | tr '\n' ' ')$(wc -l <"$T_TMP/rec.c4")" "800 899 100"
if wait_for 30 shares_are "4 " c4; then t_ok last_one_holds_all; else
	t_fail last_one_holds_all "c4 [$(held c4)]"; fi
for c in c1 c2 c3 c4; do
	[ -s "$T_TMP/err.$c" ] && grep -v 'heartbeat:\|commit of shard' "$T_TMP/err.$c" | head -3
done
t_done
