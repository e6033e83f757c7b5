#!/bin/bash
# tui_tail — the TUI's live-tail engine (client/cl_tail.c, driven headless by
# tools/tool_client_tail) against a real slsd: every line written while it
# follows is pulled once, the ring stays in time order, the ring bound
# drops the oldest lines, and starting from "begin" reads what was there.
. "$(dirname "$0")/lib.sh"

slsd_start --memory || { t_fail slsd_start; t_done; }
export ALIBABA_CLOUD_ACCESS_KEY_ID=$SLSD_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$SLSD_AK_SECRET
X="$BUILD/slsx --endpoint $SLSD_URL"
TOOL="$BUILD/tools/tool_client_tail"

check create_project $X create-project tlp
check create_logstore $X create-logstore -p tlp web --shards 4
seq 1 300 | sed 's/^/before /' | $X put -p tlp -l web - >/dev/null 2>&1

# follow from the end while 2,000 lines are written in 4 batches
$TOOL "$SLSD_URL" tlp web end 4 >"$T_TMP/end.out" 2>&1 &
pid=$!
sleep 0.7
for b in 1 2 3 4; do
	seq 1 500 | sed "s/^/batch$b line /" | $X put -p tlp -l web - >/dev/null 2>&1
	sleep 0.3
done
wait "$pid"
out=$(cat "$T_TMP/end.out")
check_match end_ring "$out" '^ring: 2000$'
check_match end_pulled "$out" 'pulled: 2000'
check_match end_ordered "$out" 'ordered: 1'
check_match end_shards "$out" 'shards: 4'
check_match end_no_error "$out" 'error: $'

# from the beginning with a ring of 1,000: the 2,300 lines pass, the oldest go
out=$($TOOL "$SLSD_URL" tlp web begin 2 1000 2>&1)
check_match begin_ring "$out" '^ring: 1000$'
check_match begin_pulled "$out" 'pulled: 2300'
check_match begin_dropped "$out" 'dropped: 1300'
check_match begin_ordered "$out" 'ordered: 1'

# a logstore that does not exist: the error is reported, nothing crashes
out=$($TOOL "$SLSD_URL" tlp nope end 1 2>&1)
check_match missing_logstore "$out" 'error: ListShards: 404 LogStoreNotExist: '

# several logstores: every shard of each, one ring in time order, each log
# saying where it came from; a missing one is named in the error
check create_api $X create-logstore -p tlp api --shards 2
seq 1 200 | sed 's/^/api line /' | $X put -p tlp -l api - >/dev/null 2>&1
out=$($TOOL "$SLSD_URL" tlp web,api begin 2 2>&1)
check_match two_ring "$out" '^ring: 2500$'
check_match two_shards "$out" 'shards: 6'
check_match two_logstores "$out" 'logstores: 2'
check_match two_ordered "$out" 'ordered: 1'
check_match two_in_web "$out" 'in web: 2300'
check_match two_in_api "$out" 'in api: 200'
check_match two_shard_named "$out" 'shard api#1 readwrite logs='
out=$($TOOL "$SLSD_URL" tlp web,nope end 1 2>&1)
check_match two_missing "$out" 'error: nope: ListShards: 404 LogStoreNotExist: '
check_match two_missing_web_followed "$out" 'shard web#3 readwrite'
out=$($TOOL "$SLSD_URL" tlp web end 1 2>&1)
check_match one_unnamed "$out" 'shard #0 readwrite'
t_done
