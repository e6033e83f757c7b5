#!/bin/bash
# slsd_locks — a long query of one logstore (an SQL self-join that slsd
# stops at 15 s) stops nothing else on the real slsd binary: while it runs,
# a log put into another logstore (out of time order, so that logstore's
# next query must settle it under its own lock) is answered and seen at
# once by that logstore's query, and a log put into the busy logstore is
# answered too (queued until the query ends, then seen). Asserted on order:
# the long query is still running when each answer has arrived.
. "$(dirname "$0")/lib.sh"

now=$(date +%s)
awk -v b="$now" 'BEGIN { for (i = 0; i < 60000; i++)
	printf "{\"time\": %d, \"msg\": \"m %d\", \"n\": %d}\n", b - 3000 + i % 3000, i, i }' \
	>"$T_TMP/aaa.jsonl"
awk -v b="$now" 'BEGIN { for (i = 0; i < 50; i++)
	printf "{\"time\": %d, \"msg\": \"b %d\"}\n", b - 10 - i, i }' >"$T_TMP/bbb.jsonl"
slsd_start --memory --ingest "$T_TMP/aaa.jsonl:aaa" --ingest "$T_TMP/bbb.jsonl:bbb" ||
	{ t_fail slsd_start; t_done; }
export ALIBABA_CLOUD_ACCESS_KEY_ID=$SLSD_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$SLSD_AK_SECRET
X="$BUILD/slsx --endpoint $SLSD_URL -p local"
check_eq b_before "$($X -l bbb query --from -2h --limit 0 --format jsonl '*' | wc -l)" 50

$X -l aaa query --from -2h --format jsonl \
	'* | select count(1) as c from log x join log y on x.n > y.n' >/dev/null 2>"$T_TMP/long.err" &
LQ=$!
for i in 1 2 3; do
	printf '{"time": %d, "msg": "late %d"}\n' "$((now - 5000 - i))" "$i" >"$T_TMP/late.jsonl"
	check "put_b_$i" $X -l bbb put "$T_TMP/late.jsonl"
	check_eq "b_sees_late_$i" "$($X -l bbb query --from -3h --limit 0 --format jsonl '*' | wc -l)" \
		"$((50 + i))"
	check "put_a_$i" $X -l aaa put "$T_TMP/late.jsonl"
	check "long_query_still_running_$i" kill -0 "$LQ"
done
wait "$LQ"
check_eq long_query_stopped $? 4
check_match long_query_msg "$(cat "$T_TMP/long.err")" 'too long'
check_eq a_after "$($X -l aaa query --from -3h --format jsonl '* | select count(1) as c')" \
	'{"c":"60003"}'
t_done
