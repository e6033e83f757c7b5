#!/bin/bash
# cli_merged — several logstores at once, headless (issue #14, "merged
# logstores"): `-l a,b` merges a search's rows by time (both orders, every
# row once, each with __logstore__ first), keeps --limit, runs SQL per
# logstore with a __logstore__ column, sums the histogram, and the tail
# follows every logstore; a logstore that does not exist fails the whole
# command with its name and prints no row; bad lists are usage errors.
. "$(dirname "$0")/lib.sh"

now=$(date +%s)
base=$((now - 2000))
# alpha: 300 logs at even seconds (every third ERROR); beta: 200 at odd seconds
awk -v b="$base" 'BEGIN { for (i = 0; i < 300; i++)
	printf "{\"time\": %d, \"i\": %d, \"level\": \"%s\"}\n", b + 2 * i, i, i % 3 ? "INFO" : "ERROR" }' \
	>"$T_TMP/alpha.jsonl"
awk -v b="$base" 'BEGIN { for (i = 0; i < 200; i++)
	printf "{\"time\": %d, \"i\": %d, \"level\": \"INFO\"}\n", b + 2 * i + 1, i }' >"$T_TMP/beta.jsonl"
slsd_start --memory --ingest "$T_TMP/alpha.jsonl:alpha" --ingest "$T_TMP/beta.jsonl:beta" ||
	{ t_fail slsd_start; t_done; }
export ALIBABA_CLOUD_ACCESS_KEY_ID=$SLSD_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$SLSD_AK_SECRET
X="$BUILD/slsx --endpoint $SLSD_URL -p local"

# order: a row's (time, logstore) sequence must be sorted, every row once
seq_of() { sed -E 's/^\{"__logstore__":"([a-z]+)","__time__":"([0-9]+)".*"i":"([0-9]+)".*/\2 \1 \3/'; }
out=$($X -l alpha,beta query --from -1h --limit 0 --format jsonl '*')
check_eq rc $? 0
check_eq rows "$(printf '%s\n' "$out" | wc -l)" 500
check_eq logstore_first "$(printf '%s\n' "$out" | grep -vc '^{"__logstore__":"\(alpha\|beta\)","__time__"')" 0
check_eq oldest_first "$(printf '%s\n' "$out" | seq_of | awk '{ print $1 }')" \
	"$(printf '%s\n' "$out" | seq_of | awk '{ print $1 }' | sort -n)"
check_eq alternating "$(printf '%s\n' "$out" | seq_of | head -4 | awk '{ print $2 }' | tr '\n' ' ')" \
	'alpha beta alpha beta '
check_eq each_once "$(printf '%s\n' "$out" | seq_of | awk '{ print $2, $3 }' | sort -u | wc -l)" 500
out=$($X -l 'beta, alpha' query --from -1h --reverse --limit 0 --format jsonl '*')
check_eq newest_first "$(printf '%s\n' "$out" | seq_of | awk '{ print $1 }')" \
	"$(printf '%s\n' "$out" | seq_of | awk '{ print $1 }' | sort -rn)"
check_eq newest_row "$(printf '%s\n' "$out" | seq_of | head -1)" "$((base + 598)) alpha 299"
check_eq newest_beta_tail "$(printf '%s\n' "$out" | seq_of | grep -c ' beta ')" 200

# --limit over the merge, a search, the table
out=$($X -l alpha,beta query --from -1h --limit 5 --format jsonl 'level:INFO')
check_eq limit_rows "$(printf '%s\n' "$out" | seq_of | awk '{ print $2, $3 }' | tr '\n' ' ')" \
	'beta 0 alpha 1 beta 1 alpha 2 beta 2 '
out=$($X -l alpha,beta query --from -1h --limit 3 --format table '*')
check_match table_column "$(printf '%s\n' "$out" | head -1)" '^__time__ +__logstore__ '
check_eq table_rows "$(printf '%s\n' "$out" | awk 'NR > 1 { print $2 }' | tr '\n' ' ')" \
	'alpha beta alpha '

# SQL: one logstore after the other, with the column
out=$($X -l alpha,beta query --from -1h --format jsonl 'level:INFO | select count(*) as n')
check_eq sql_rows "$out" '{"__logstore__":"alpha","n":"200"}
{"__logstore__":"beta","n":"200"}'
out=$($X -l alpha,beta query --from -1h --format table '* | select level, count(*) as n group by level order by level')
check_match sql_table_head "$(printf '%s\n' "$out" | head -1)" '^__logstore__ +level +n'
check_eq sql_table_rows "$(printf '%s\n' "$out" | awk 'NR > 1 { print $1, $2, $3 }' | tr '\n' ';')" \
	'alpha ERROR 100;alpha INFO 200;beta INFO 200;'

# the histogram sums the logstores
check_eq hist_total "$($X -l alpha,beta histogram --from -1h '*' | tail -1)" 'total 500'
check_eq hist_sum "$($X -l alpha,beta histogram --from -1h --format jsonl '*' |
	sed 's/.*"count":\([0-9]*\).*/\1/' | awk '{ s += $1 } END { print s }')" 500
check_eq hist_one "$($X -l alpha histogram --from -1h '*' | tail -1)" 'total 300'

# a logstore that does not exist: the command fails, naming it, no rows
out=$($X -l alpha,nosuch query --from -1h --format jsonl '*' 2>"$T_TMP/err")
check_eq missing_rc $? 4
check_eq missing_no_rows "$out" ''
check_match missing_named "$(cat "$T_TMP/err")" 'logstore nosuch: .*does not exist'
$X -l alpha,nosuch histogram --from -1h '*' >/dev/null 2>&1
check_eq missing_hist_rc $? 4
# bad lists
$X -l ',,' query '*' >/dev/null 2>"$T_TMP/err"
check_eq empty_list_rc $? 2
$X -l 'alpha,be"ta' query '*' >/dev/null 2>"$T_TMP/err"
check_eq bad_name_rc $? 2
check_match bad_name_msg "$(cat "$T_TMP/err")" 'logstore names \(letters, digits'

# the tail follows both: the back-fill from the start, then new lines of each
timeout -s INT 20 $X -l alpha,beta tail --from begin >"$T_TMP/tail.out" 2>"$T_TMP/tail.err" &
tpid=$!
for _ in $(seq 1 100); do [ "$(wc -l <"$T_TMP/tail.out")" -ge 500 ] && break; sleep 0.1; done
check_eq tail_backfill "$(wc -l <"$T_TMP/tail.out")" 500
printf '{"time": %d, "i": 9001, "level": "WARN"}\n' "$now" >"$T_TMP/new.jsonl"
$X -l beta put "$T_TMP/new.jsonl" >/dev/null 2>&1
$X -l alpha put "$T_TMP/new.jsonl" >/dev/null 2>&1
for _ in $(seq 1 100); do [ "$(grep -c '"i":"9001"' "$T_TMP/tail.out")" -ge 2 ] && break; sleep 0.1; done
check_eq tail_new_both "$(grep '"i":"9001"' "$T_TMP/tail.out" | sed 's/^{"__logstore__":"\([a-z]*\)".*/\1/' |
	sort | tr '\n' ' ')" 'alpha beta '
check_eq tail_counts "$(grep -c '^{"__logstore__":"alpha",' "$T_TMP/tail.out") $(grep -c \
	'^{"__logstore__":"beta",' "$T_TMP/tail.out")" '301 201'
kill -INT "$tpid" 2>/dev/null
wait "$tpid"
check_eq tail_exit $? 0
# one logstore: lines as they were, no __logstore__
timeout -s INT 5 $X -l alpha tail --from begin 2>/dev/null | head -1 >"$T_TMP/one.out"
check_match tail_one_plain "$(cat "$T_TMP/one.out")" '^\{"__time__":'
# a logstore of the list that does not exist stops the tail at once, named
timeout 10 $X -l alpha,nope tail >/dev/null 2>"$T_TMP/tail2.err"
check_eq tail_missing_exit $? 4
check_match tail_missing_named "$(cat "$T_TMP/tail2.err")" '^slsx: nope: ListShards: .*LogStoreNotExist'
t_done
