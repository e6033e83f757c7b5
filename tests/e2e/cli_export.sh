#!/bin/bash
# cli_export — exports that are fast and exact: `slsx query --limit 0` of a
# logstore that receives logs during the export gives every row that was
# there exactly once, oldest or newest first (offsets move under a live
# logstore; repeats are dropped by pack id and meta); the requests in
# flight grow while answers come back clean and shrink when the server
# answers 503, and still every row arrives once; a progress line shows on
# a terminal during a long export.
. "$(dirname "$0")/lib.sh"

now=$(date +%s)
awk -v base="$((now - 1200))" 'BEGIN { for (i = 0; i < 20000; i++)
	printf "{\"time\": %d, \"msg\": \"old %d\"}\n", base + int(i / 20), i }' >"$T_TMP/old.jsonl"
slsd_start --memory --ingest "$T_TMP/old.jsonl:app" --faults 'getlogs:delay=20' ||
	{ t_fail slsd_start; t_done; }
export ALIBABA_CLOUD_ACCESS_KEY_ID=$SLSD_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$SLSD_AK_SECRET
X="$BUILD/slsx --endpoint $SLSD_URL -p local -l app"

# exact FILE: every old row once, and no row twice
exact() {
	local name=$1 file=$2
	check_eq "${name}_old_rows" "$(grep -o '"msg":"old [0-9]*"' "$file" | sort -u | wc -l)" 20000
	check_eq "${name}_no_repeat" "$(sed 's/.*"__pack_meta__":"\([^"]*\)".*/\1/' "$file" | sort | uniq -d | wc -l)" 0
}
for order in "" --reverse; do
	( for i in $(seq 1 60); do echo "{\"msg\":\"new $i\"}" | $X put - >/dev/null 2>&1; sleep 0.02; done ) &
	writer=$!
	sleep 0.2
	$X query -v --from -1h --limit 0 $order --format jsonl '*' >"$T_TMP/out" 2>"$T_TMP/err"
	check_eq "live${order}_exit" $? 0
	wait $writer
	exact "live${order}" "$T_TMP/out"
	check_match "live${order}_grew" "$(cat "$T_TMP/err")" 'at most 16 in flight'
done
kill "$SLSD_PID"; wait "$SLSD_PID" 2>/dev/null

# refusals for load shrink the window; every row still arrives once
slsd_start --memory --ingest "$T_TMP/old.jsonl:app" --seed 7 --faults 'getlogs:503@0.2' ||
	{ t_fail slsd_start2; t_done; }
X="$BUILD/slsx --endpoint $SLSD_URL -p local -l app"
$X query -v --from -1h --limit 0 --format jsonl '*' >"$T_TMP/out" 2>"$T_TMP/err"
check_eq throttled_exit $? 0
exact throttled "$T_TMP/out"
check_match throttled_counted "$(cat "$T_TMP/err")" '[1-9][0-9]* throttled'
kill "$SLSD_PID"; wait "$SLSD_PID" 2>/dev/null

# a long export on a terminal shows rows, rows/s, requests in flight
slsd_start --memory --ingest "$T_TMP/old.jsonl:app" --faults 'getlogs:delay=50' ||
	{ t_fail slsd_start3; t_done; }
tui_start 120 10 "$BUILD/slsx --endpoint $SLSD_URL -p local -l app query --from -1h --limit 0 --inflight 1 --format jsonl '*' >$T_TMP/out3" ||
	{ t_fail tui_start; t_done; }
check progress_line tui_wait ' rows/s, 1 in flight, ' 10
tui_stop
t_done
