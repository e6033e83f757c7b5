#!/bin/bash
# cli_top — `slsx top` against slsd (issue #14): a field's values over a
# search with exact counts and shares, most first; a numeric field's count,
# min, max, average and percentiles; the search narrows it; a value with
# control bytes is escaped; --limit; a field that is not there.
. "$(dirname "$0")/lib.sh"

now=$(date +%s)
base=$((now - 2400))
# 1,000 logs: status 200 x700, 404 x200, 500 x100; ms 1..1000; user u0..u2
awk -v base="$base" 'BEGIN { for (i = 0; i < 1000; i++)
	printf "{\"time\": %d, \"status\": %d, \"ms\": %d, \"user\": \"%s\"}\n", base + i * 2,
	    i % 10 < 7 ? 200 : i % 10 < 9 ? 404 : 500, i + 1, i == 999 ? "ev\\u001b]0;x\\u0007il" : "u" i % 3 }' \
	>"$T_TMP/app.jsonl"
slsd_start --memory --ingest "$T_TMP/app.jsonl:app" || { t_fail slsd_start; t_done; }
export ALIBABA_CLOUD_ACCESS_KEY_ID=$SLSD_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$SLSD_AK_SECRET
X="$BUILD/slsx --endpoint $SLSD_URL"

out=$($X top -p local -l app --from -1h --format jsonl status)
check_eq rc $? 0
check_eq status_values "$(printf '%s\n' "$out" | head -3)" '{"value":"200","count":700,"share":0.7000}
{"value":"404","count":200,"share":0.2000}
{"value":"500","count":100,"share":0.1000}'
check_match status_numbers "$(printf '%s\n' "$out" | sed -n 4p)" \
	'^\{"numbers":1000,"min":200,"max":500,"avg":270\.8[0-9]*,"p50":200,"p90":404,"p99":500\}$'

out=$($X top -p local -l app --from -1h --format jsonl ms)
check_match ms_numbers "$(printf '%s\n' "$out" | tail -1)" \
	'^\{"numbers":1000,"min":1,"max":1000,"avg":500\.5,"p50":50[01],"p90":90[01],"p99":99[01]\}$'
check_eq ms_default_limit "$(printf '%s\n' "$out" | grep -c '"value"')" 10

# the search narrows it; --limit
out=$($X top -p local -l app --from -1h --format jsonl --limit 2 user 'status:404')
check_eq user_404 "$out" "$(printf '%s\n' '{"value":"u1","count":67,"share":0.3350}' \
	'{"value":"u2","count":67,"share":0.3350}')"

# the table: a header, the values, a bar; the hostile value escaped
table=$($X top -p local -l app --from -1h user)
check_match table_head "$table" '^user: 4 values shown of 1000 logs'
check_match table_row "$table" 'u0 +333  33\.3%  █+'
case "$table" in *$'\e'*|*$'\a'*) t_fail table_escaped "raw control bytes";;
	*) t_ok table_escaped;; esac
check_match table_numbers "$($X top -p local -l app --from -1h ms)" \
	'numbers: 1000 of 1000 logs  min 1  avg 500\.5  p50 50[01]  p90 90[01]  p99 99[01]  max 1000'

# no such field: no values, a warning; SQL and a missing FIELD are refused
$X top -p local -l app --from -1h nosuch >"$T_TMP/out" 2>"$T_TMP/err"
check_match nosuch_warns "$(cat "$T_TMP/err")" 'nosuch is not in the logstore'"'"'s index'
$X top -p local -l app --from -1h status '* | select 1' >/dev/null 2>&1
check_eq sql_refused $? 2
$X top -p local -l app >/dev/null 2>"$T_TMP/err"
check_eq no_field $? 2
check_match no_field_says "$(cat "$T_TMP/err")" 'top needs a FIELD'
t_done
