#!/bin/bash
# cli_compare — `slsx compare` against slsd (issue #14): a window against
# the window just before it (or an explicit baseline), on data with a known
# incident: exact hits, a pattern new in the window and one gone from it
# ranked first, the value whose share moved most, jsonl, hostile text
# escaped, bad arguments refused.
. "$(dirname "$0")/lib.sh"

now=$(date +%s)
w0=$((now - 1000)) # the window [w0, now); the baseline [w0 - 1000, w0)
b0=$((w0 - 1000))
awk -v b0="$b0" -v w0="$w0" 'BEGIN {
	for (i = 0; i < 400; i++) { # both sides: 400 logins each
		printf "{\"time\": %d, \"level\": \"INFO\", \"msg\": \"user u%d logged in\"}\n", b0 + i * 2, i
		printf "{\"time\": %d, \"level\": \"INFO\", \"msg\": \"user u%d logged in\"}\n", w0 + i * 2, i
	}
	for (i = 0; i < 50; i++) # gone from the window
		printf "{\"time\": %d, \"level\": \"INFO\", \"msg\": \"cache warmed in %dms\"}\n", b0 + 900 + i, i
	for (i = 0; i < 100; i++) # new in the window, with its own level
		printf "{\"time\": %d, \"level\": \"ERROR\", \"msg\": \"disk /dev/sd%c full\"}\n", w0 + 850 + i, 97 + i % 3
	printf "{\"time\": %d, \"level\": \"WARN\", \"msg\": \"evil \\u001b]0;x\\u0007 here\"}\n", w0 + 999
}' >"$T_TMP/app.jsonl"
slsd_start --memory --ingest "$T_TMP/app.jsonl:app" || { t_fail slsd_start; t_done; }
export ALIBABA_CLOUD_ACCESS_KEY_ID=$SLSD_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$SLSD_AK_SECRET
X="$BUILD/slsx --endpoint $SLSD_URL"

out=$($X compare -p local -l app --from "$w0" --to "$now" --format jsonl)
check_eq rc $? 0
check_eq hits "$(printf '%s\n' "$out" | sed -n 1p)" \
	"{\"kind\":\"hits\",\"window\":{\"from\":$w0,\"to\":$now,\"hits\":501,\"sampled\":501},\"baseline\":{\"from\":$b0,\"to\":$w0,\"hits\":450,\"sampled\":450}}"
check_match first_new "$(printf '%s\n' "$out" | sed -n 2p)" \
	'^\{"kind":"pattern","pattern":"disk <\*> full","window":\{"count":100,"share":0\.1996\},"baseline":\{"count":0,'
check_match then_gone "$(printf '%s\n' "$out" | sed -n 3p)" \
	'^\{"kind":"pattern","pattern":"cache warmed in <\*>","window":\{"count":0,"share":0\.0000\},"baseline":\{"count":50,'
check_match value_error "$(printf '%s\n' "$out" | grep '"kind":"value"' | head -1)" \
	'^\{"kind":"value","field":"level","value":"ERROR","window":\{"count":100,'

# the table: both windows, the sections, the new one marked, nothing raw
table=$($X compare -p local -l app --from "$w0" --to "$now")
# (each end with its date, YYYY-MM-DD, when the two windows cross midnight)
t='([0-9]{4}-[0-9]{2}-[0-9]{2} )?[0-9:]{8}'
check_match table_window "$table" "^window +$t - $t  501 hits  30\\.1/min"
check_match table_baseline "$table" "baseline +$t - $t  450 hits  27\\.0/min  \\(window \\+11\\.3%\\)"
check_match table_new "$table" '20\.0% +0\.0% +new  disk <\*> full'
check_match table_gone "$table" '0\.0% +11\.1% +gone  cache warmed in <\*>'
check_match table_fields "$table" 'values, most changed first \(fields: level\)'
case "$table" in *$'\e'*|*$'\a'*) t_fail table_escaped "raw control bytes";;
	*) t_ok table_escaped;; esac

# an explicit baseline: the same window against itself changes nothing
out=$($X compare -p local -l app --from "$w0" --to "$now" --baseline-from "$w0" \
	--baseline-to "$now" --format jsonl --field level)
check_match self_hits "$(printf '%s\n' "$out" | sed -n 1p)" '"hits":501,.*"hits":501,'
check_eq self_no_change "$(printf '%s\n' "$out" | grep -c '"score":0\.000000')" \
	"$(($(printf '%s\n' "$out" | wc -l) - 1))"

$X compare -p local -l app --from -1h '* | select 1' >/dev/null 2>&1
check_eq sql_refused $? 2
$X compare -p local -l app --from -1h --baseline-from -10m --baseline-to -20m >/dev/null 2>"$T_TMP/err"
check_eq bad_baseline $? 2
check_match bad_baseline_says "$(cat "$T_TMP/err")" 'baseline must end after it starts'
t_done
