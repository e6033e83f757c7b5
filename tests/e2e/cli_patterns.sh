#!/bin/bash
# cli_patterns — `slsx patterns` against slsd (issue #14): data with known
# kinds of line comes back as those templates with exact counts, the
# search narrows them, --sample bounds the logs looked at (spread over the
# range), SQL is refused, hostile text is escaped.
. "$(dirname "$0")/lib.sh"

now=$(date +%s)
base=$((now - 3000))
# 1,000 lines: 600 logins, 300 slow requests, 100 disk errors (ERROR)
awk -v base="$base" 'BEGIN { for (i = 0; i < 1000; i++) {
	if (i % 10 < 6)
		m = sprintf("user u%d logged in from 10.0.%d.%d", i % 37, i % 256, (i * 7) % 256)
	else if (i % 10 < 9)
		m = sprintf("GET /api/v1/orders/%d took %dms", i * 13, i % 97)
	else
		m = sprintf("disk /dev/sd%c is full (%d%% used)", 97 + i % 4, 90 + i % 10)
	printf "{\"time\": %d, \"level\": \"%s\", \"msg\": \"%s\"}\n", base + i * 2,
	    i % 10 == 9 ? "ERROR" : "INFO", m }
	printf "{\"time\": %d, \"level\": \"WARN\", \"msg\": \"evil \\u001b]0;pwned\\u0007 here\"}\n",
	    base + 2001 }' >"$T_TMP/app.jsonl"
slsd_start --memory --ingest "$T_TMP/app.jsonl:app" || { t_fail slsd_start; t_done; }
export ALIBABA_CLOUD_ACCESS_KEY_ID=$SLSD_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$SLSD_AK_SECRET
X="$BUILD/slsx --endpoint $SLSD_URL"

out=$($X patterns -p local -l app --from -1h --format jsonl 2>"$T_TMP/err")
check_eq rc $? 0
check_eq n_patterns "$(printf '%s\n' "$out" | wc -l)" 4
check_match login "$(printf '%s\n' "$out" | sed -n 1p)" \
	'^\{"pattern":"user <\*> logged in from <\*>","count":600,"share":0\.59[0-9]*,'
check_match slow "$(printf '%s\n' "$out" | sed -n 2p)" \
	'^\{"pattern":"GET <\*> took <\*>","count":300,'
check_match disk "$(printf '%s\n' "$out" | sed -n 3p)" \
	'^\{"pattern":"disk <\*> is full \(<\*> used\)","count":100,'
check_match evil_json "$(printf '%s\n' "$out" | sed -n 4p)" \
	'^\{"pattern":"evil \\u001b\]0;pwned\\u0007 here","count":1,'
check_match first_last "$(printf '%s\n' "$out" | sed -n 1p)" \
	"\"first\":$base,\"last\":$((base + 1990)),\"spark\":\\[[0-9,]+\\]\\}$"

# -v: the cost of what was asked
$X patterns -v -p local -l app --from -1h --format jsonl >/dev/null 2>"$T_TMP/err"
check_match cost "$(cat "$T_TMP/err")" 'slsx: cost: [0-9]+ requests \([0-9]+ tries, 0 failed\), [0-9]+ rows processed and [0-9]+ ms on the server, 0 Incomplete, [0-9]+ bytes sent, [0-9]+ received'

# the search narrows the sample: the kinds of error
out=$($X patterns -p local -l app --from -1h --format jsonl 'level:ERROR')
check_eq errors_only "$out" "$(printf '%s' '{"pattern":"disk <*> is full (<*> used)","count":100,"share":1.0000,' ;
	printf '%s' "$(printf '%s\n' "$out" | sed 's/.*,"share":1.0000,//')")"

# the table: a header, counts, shares, the hostile line escaped
table=$($X patterns -p local -l app --from -1h --format table)
check_match table_head "$table" '^4 patterns in 1001 logs \(all of the 1001 hits\)'
# (first and last with their date, MM-DD, when the range crosses midnight)
t='([0-9]{2}-[0-9]{2} )?[0-9:]{8}'
check_match table_row "$table" "   600  59\\.9%  $t $t .*  user <\\*> logged in from <\\*>"
case "$table" in *$'\e'*|*$'\a'*) t_fail table_escaped "raw control bytes";;
	*) t_ok table_escaped;; esac

# --sample: about that many logs, spread over the range (every kind seen)
out=$($X patterns -p local -l app --from -1h --format table --sample 200)
check_match sample_head "$out" '^[0-9]+ patterns in [0-9]+ logs \(a sample of 1001 hits\)'
n=$(printf '%s\n' "$out" | sed -n 's/^[0-9]* patterns in \([0-9]*\) logs.*/\1/p')
check sample_bounded test "$n" -le 200 -a "$n" -ge 150
check_match sample_spread "$out" 'disk <\*> is full'

# a field of one's choosing; SQL is refused
out=$($X patterns -p local -l app --from -1h --format jsonl --field level)
check_match by_field "$(printf '%s\n' "$out" | sed -n 1p)" '^\{"pattern":"INFO","count":900,'
$X patterns -p local -l app --from -1h '* | select count(*)' >/dev/null 2>"$T_TMP/err"
check_eq sql_refused $? 2
check_match sql_says "$(cat "$T_TMP/err")" 'takes a search, not SQL'
$X patterns -p local -l app --from -1h --format yaml >/dev/null 2>&1
check_eq bad_format $? 2
$X patterns -p local -l nope --from -1h >/dev/null 2>"$T_TMP/err"
check_eq missing_logstore $? 4
t_done
