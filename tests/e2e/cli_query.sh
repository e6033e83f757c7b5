#!/bin/bash
# cli_query — `slsx query`, `histogram`, `context`, `index`, `topics` and
# `project-query` against a real slsd loaded with known data: paging with
# several pages in flight, --limit, --reverse, every output format, SQL
# with and without LIMIT, hostile bytes, the GetLogs v2 -> v1 fallback,
# Incomplete answers re-asked (and reported when they stay incomplete),
# context chained past 100 lines, and usage errors.
. "$(dirname "$0")/lib.sh"

now=$(date +%s)
base=$((now - 1500))
# 1234 JSON lines one second apart, every tenth an ERROR, then one hostile line
app_jsonl "$T_TMP/app.jsonl" "$base"
printf '{"time": %d, "level": "WARN", "msg": "hostile \\u001b[2J\\u001b]0;t\\u0007 \\u009b end", "n": 5000}\n' \
	"$((base + 1240))" >>"$T_TMP/app.jsonl"
printf '{"time": %d, "k": "other"}\n' "$((base + 5))" >"$T_TMP/web.jsonl"

# the first GetLogs answers 404 NotFound (a server without GetLogs v2)
slsd_start --memory --ingest "$T_TMP/app.jsonl:app" --ingest "$T_TMP/web.jsonl:web" \
	--faults 'getlogs:404/NotFound#1' || { t_fail slsd_start; t_done; }
export ALIBABA_CLOUD_ACCESS_KEY_ID=$SLSD_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$SLSD_AK_SECRET
X="$BUILD/slsx --endpoint $SLSD_URL -p local -l app"
ESC=$(printf '\033')

# v2 -> v1 fallback on the first request; the rows are still right
out=$($X query -v --from -1h --limit 0 --inflight 1 --format jsonl 'level:ERROR' 2>"$T_TMP/err")
check_eq fallback_rows "$(printf '%s\n' "$out" | grep -c '"level":"ERROR"')" 124
check_match fallback_v1 "$(cat "$T_TMP/err")" 'GetLogs v1'
# the next process talks v2 (no fault left)
$X query -v --from -1h --limit 0 --format jsonl 'level:ERROR' >/dev/null 2>"$T_TMP/err"
check_match v2_used "$(cat "$T_TMP/err")" '124 rows in [0-9]+ requests, 0 re-asks;'

# paging: every row once, in time order, several pages in flight
out=$($X query -v --from -1h --limit 0 --inflight 6 --format jsonl '*' 2>"$T_TMP/err")
check_eq all_rows "$(printf '%s\n' "$out" | wc -l)" 1235
check_eq all_distinct "$(printf '%s\n' "$out" | sed 's/.*"n":"\([0-9]*\)".*/\1/' | sort -u | wc -l)" 1235
check_eq all_ordered "$(printf '%s\n' "$out" | sed 's/.*"n":"\([0-9]*\)".*/\1/' | head -3 | tr '\n' ' ')" "0 1 2 "
check_match all_pages "$(cat "$T_TMP/err")" '1235 rows in 1[3-9] requests'
check_eq default_limit "$($X query --from -1h --format jsonl '*' | wc -l)" 100
check_eq limit_250 "$($X query --from -1h --limit 250 --format jsonl '*' | wc -l)" 250
check_eq reverse_first "$($X query --from -1h --limit 1 --reverse --format jsonl 'level:INFO' |
	sed 's/.*"n":"\([0-9]*\)".*/\1/')" 1233
check_eq time_window "$($X query --from "$((base + 100))" --to "$((base + 110))" --format jsonl '*' |
	wc -l)" 10
check_eq no_hits "$($X query --from -1h --format jsonl 'nosuchtoken' | wc -l)" 0

# SQL: aggregation, LIMIT paging when the statement has none, its own LIMIT
out=$($X query --from -1h --format csv '* | select level, count(*) as c group by level order by c desc')
check_eq sql_csv "$(printf '%s' "$out" | tr -d '\r' | tr '\n' ' ')" "level,c INFO,1110 ERROR,124 WARN,1"
out=$($X query --from -1h --format table '* | select level, count(*) as c group by level order by c desc')
check_match sql_table_header "$out" '^level +c'
check_match sql_table_right "$out" 'ERROR +124'
check_eq sql_paged "$($X query --from -1h --limit 0 --format jsonl '* | select n' | wc -l)" 1235
check_eq sql_limit_2500 "$($X query --from -1h --limit 700 --format jsonl '* | select n' | wc -l)" 700
check_eq sql_own_limit "$($X query --from -1h --limit 0 --format jsonl '* | select n limit 7' | wc -l)" 7
out=$($X query --from -1h --format json '* | select level, count(*) as c group by level order by c desc')
check json_valid node -e 'const a = JSON.parse(require("fs").readFileSync(0, "utf8")); if (a.length !== 3) process.exit(1)' <<<"$out"
check_eq json_empty "$($X query --from -1h --format json 'nosuchtoken')" "[]"

# hostile bytes never reach the output raw, whatever the format
for f in text table jsonl json csv; do
	out=$($X query --from -1h --format $f 'level:WARN')
	check_match "hostile_$f" "$out" 'hostile'
	case "$out" in *"$ESC"*) t_fail "hostile_${f}_raw" "ESC in $f output";; *) t_ok "hostile_${f}_raw";; esac
done
out=$($X --raw query --from -1h --format text 'level:WARN')
case "$out" in *"$ESC"*) t_ok hostile_raw_opt;; *) t_fail hostile_raw_opt "--raw did not pass ESC";; esac

# a time of day is a time: today at that hour (local)
$X query --from 00:00 --to 23:59:59 --limit 1 --format jsonl '*' >/dev/null 2>"$T_TMP/err"
check_eq from_time_of_day $? 0
$X query --from 25:00 --format jsonl '*' >/dev/null 2>&1
check_eq from_bad_time_of_day $? 2

# histogram: buckets that sum to the total
out=$($X histogram --from -1h --format jsonl 'level:ERROR')
check_eq hist_sum "$(printf '%s\n' "$out" | sed 's/.*"count":\([0-9]*\).*/\1/' | awk '{ s += $1 } END { print s + 0 }')" 124
check_match hist_text "$($X histogram --from -1h 'level:ERROR')" 'total 124$'
# the histogram counts the search part only: an SQL statement after the
# first '|' outside quotes is left out, a quoted '|' stays in the search
check_match hist_sql_part "$($X histogram --from -1h 'level:ERROR | select count(*)')" 'total 124$'
# --interval: buckets that long, aligned to it (the first and last cut to
# the range), summing to the same total
out=$($X histogram --from "$base" --to "$((base + 1500))" --interval 5m --format jsonl 'level:ERROR')
check_eq hist_interval_widths "$(printf '%s\n' "$out" | sed 's/.*"from":\([0-9]*\),"to":\([0-9]*\).*/\1 \2/' |
    awk 'NR > 1 && $1 % 300 { bad++ } $2 % 300 && $2 != '$((base + 1500))' { bad++ }
	$2 - $1 > 300 { bad++ } $2 - $1 == 300 { whole++ } END { print (whole >= 4 ? bad + 0 : "few") }')" 0
check_eq hist_interval_first "$(printf '%s\n' "$out" | head -1 | sed 's/.*"from":\([0-9]*\),.*/\1/')" "$base"
check_eq hist_interval_sum "$(printf '%s\n' "$out" | sed 's/.*"count":\([0-9]*\).*/\1/' | awk '{ s += $1 } END { print s + 0 }')" 124
out=$($X histogram --from "$base" --to "$((base + 1500))" --interval 90 --format jsonl '*')
check_eq hist_interval_secs "$(printf '%s\n' "$out" | sed -n 2p | sed 's/.*"from":\([0-9]*\),"to":\([0-9]*\).*/\1 \2/' | awk '{ print $2 - $1 }')" 90
out=$($X histogram --from -1h --interval 0 '*' 2>&1)
check_eq hist_interval_zero $? 2
check_match hist_interval_zero_said "$out" 'interval: cannot read a length of time "0"'
out=$($X histogram --from -1h --interval 5x '*' 2>&1)
check_eq hist_interval_bad $? 2
out=$($X histogram --from -30d --interval 1s '*' 2>&1)
check_eq hist_interval_too_many $? 4
check_match hist_interval_too_many_said "$out" 'ParameterInvalid.*too many buckets'
# text bars: blocks in UTF-8, '#' where the locale has none
check_match hist_bar_utf8 "$(LC_ALL=C.UTF-8 $X histogram --from -1h 'level:ERROR')" $'\u2588'
check_match hist_bar_ascii "$(LC_ALL=C $X histogram --from -1h 'level:ERROR')" ' [0-9]+ #+$'
check_eq hist_bar_ascii_only "$(LC_ALL=C $X histogram --from -1h 'level:ERROR' | LC_ALL=C grep -c '[^ -~]')" 0
check_match hist_quoted_bar "$($X histogram --from -1h 'level:ERROR and not msg:"a|b"')" 'total 124$'

# context: lines around a log, chained past 100 in both directions
anchor=$($X query --from "$((base + 600))" --to "$((base + 601))" --format jsonl '*')
pid=$(printf '%s' "$anchor" | sed 's/.*"__tag__:__pack_id__":"\([^"]*\)".*/\1/')
pmeta=$(printf '%s' "$anchor" | sed 's/.*"__pack_meta__":"\([^"]*\)".*/\1/')
out=$($X context --pack-id "$pid" --pack-meta "$pmeta" -B 3 -A 2 --format jsonl)
check_eq context_small "$(printf '%s\n' "$out" | sed 's/.*"n":"\([0-9]*\)".*/\1/' | tr '\n' ' ')" "597 598 599 600 601 602 "
out=$($X context --pack-id "$pid" --pack-meta "$pmeta" -B 250 -A 300 --format jsonl)
check_eq context_chained_count "$(printf '%s\n' "$out" | wc -l)" 551
check_eq context_chained_ends "$(printf '%s\n' "$out" | sed 's/.*"n":"\([0-9]*\)".*/\1/' | sed -n '1p;$p' | tr '\n' ' ')" "350 900 "
check_eq context_chained_seq "$(printf '%s\n' "$out" | sed 's/.*"n":"\([0-9]*\)".*/\1/' | awk 'NR > 1 && $1 != p + 1 { bad++ } { p = $1 } END { print bad + 0 }')" 0
check_match context_text "$($X context --pack-id "$pid" --pack-meta "$pmeta" -B 1 -A 1 --format text)" 'msg=request 600 done'
# at the start of the data there is less before
out=$($X context --pack-id "$pid" --pack-meta "$pmeta" -B 5000 -A 0 --format jsonl)
check_eq context_edge "$(printf '%s\n' "$out" | wc -l)" 601

# each put is its own pack: a log's context runs over its own put's
# lines, never into another put's in the same logstore
P="$BUILD/slsx --endpoint $SLSD_URL -p local -l web"
printf 'first %s\n' 1 2 3 | $P put - >/dev/null 2>&1
printf 'second %s\n' 1 2 3 | $P put - >/dev/null 2>&1
rows=$($P query --from -1h --format jsonl 'first or second')
check_eq put_packs "$(printf '%s\n' "$rows" | sed 's/.*"__tag__:__pack_id__":"\([^"-]*\)-.*/\1/' | sort -u | wc -l)" 2
anchor=$(printf '%s\n' "$rows" | grep '"first 2"')
pid=$(printf '%s' "$anchor" | sed 's/.*"__tag__:__pack_id__":"\([^"]*\)".*/\1/')
pmeta=$(printf '%s' "$anchor" | sed 's/.*"__pack_meta__":"\([^"]*\)".*/\1/')
out=$($P context --pack-id "$pid" --pack-meta "$pmeta" -B 10 -A 10 --format jsonl)
check_eq put_context_own "$(printf '%s\n' "$out" | grep -o '"content":"[a-z]* [0-9]"' | tr '\n' ' ')" \
	'"content":"first 1" "content":"first 2" "content":"first 3" '

# index, topics, project-query
out=$($X index)
check_match index_level "$out" 'level +text'
check_match index_n "$out" 'n +(long|text)'
check_eq index_jsonl "$($X index --format jsonl | grep -c '"field":"level"')" 1
$X topics >/dev/null
check topics_exit test $? -eq 0
out=$($X project-query --format jsonl 'select count(*) as c from app where __time__ > 0')
check_eq project_query "$out" '{"c":"1235"}'
# the service refuses project SQL that bounds no time (seed 001), and says why
$X project-query --format jsonl 'select count(*) as c from app' >/dev/null 2>"$T_TMP/err"
check_eq project_query_no_time $? 4
check_match project_query_no_time_msg "$(cat "$T_TMP/err")" 'ParameterInvalid.*__time__'

# usage and server errors
$X query --from yesterdayish '*' >/dev/null 2>&1
check_eq bad_time $? 2
$X query --format xml '*' >/dev/null 2>&1
check_eq bad_format $? 2
$X query --limit -3 '*' >/dev/null 2>&1
check_eq bad_limit $? 2
$BUILD/slsx --endpoint "$SLSD_URL" -p local -l nope query '*' >/dev/null 2>"$T_TMP/err"
check_eq missing_logstore $? 4
check_match missing_logstore_msg "$(cat "$T_TMP/err")" 'LogStoreNotExist'
$X query --from -1h '* | select nosuchcol' >/dev/null 2>"$T_TMP/err"
check_eq bad_sql $? 4
$X context --pack-id x >/dev/null 2>&1
check_eq context_usage $? 2
kill "$SLSD_PID"; wait "$SLSD_PID" 2>/dev/null

# Incomplete answers: re-asked until complete; reported when they stay so
slsd_start --memory --ingest "$T_TMP/app.jsonl:app" \
	--faults 'getlogs:incomplete#3,histogram:incomplete,context:incomplete#2' ||
	{ t_fail slsd_start2; t_done; }
X="$BUILD/slsx --endpoint $SLSD_URL -p local -l app"
out=$($X query -v --from -1h --limit 0 --inflight 1 --format jsonl 'level:ERROR' 2>"$T_TMP/err")
check_eq reask_rows "$(printf '%s\n' "$out" | wc -l)" 124
check_match reask_count "$(cat "$T_TMP/err")" '124 rows in [0-9]+ requests, 3 re-asks'
# every re-ask is said, also when the answer became complete
check_match reask_warned "$(cat "$T_TMP/err")" 'answered Incomplete 3 times; asked again'
$X histogram --from -1h 'level:ERROR' >/dev/null 2>"$T_TMP/err"
check_eq hist_incomplete_exit $? 0
check_match hist_incomplete_warn "$(cat "$T_TMP/err")" 'Incomplete'
check_match hist_reask_warned "$(cat "$T_TMP/err")" 'GetHistograms answered Incomplete; asking again \(1 of'
anchor=$($X query --from -1h --limit 1 --format jsonl 'level:ERROR')
pid=$(printf '%s' "$anchor" | sed 's/.*"__tag__:__pack_id__":"\([^"]*\)".*/\1/')
meta=$(printf '%s' "$anchor" | sed 's/.*"__pack_meta__":"\([^"]*\)".*/\1/')
$X context --pack-id "$pid" --pack-meta "$meta" -B 2 -A 2 >/dev/null 2>"$T_TMP/err"
check_eq context_reask_exit $? 0
check_eq context_reask_warnings "$(grep -c 'GetContextLogs answered Incomplete; asking again' "$T_TMP/err")" 2
t_done
