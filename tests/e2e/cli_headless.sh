#!/bin/bash
# cli_headless — the headless slsx commands against a real slsd on loopback:
# create/list projects and logstores, shards, put (plain and JSON lines),
# tail seeing new lines within 2 seconds, hostile bytes never reaching the
# output raw, exit codes for usage, auth, server and network errors, and
# retries through injected faults.
. "$(dirname "$0")/lib.sh"

slsd_start --memory --faults 'shards:503#1,pull:503#1' || { t_fail slsd_start; t_done; }
export ALIBABA_CLOUD_ACCESS_KEY_ID=$SLSD_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$SLSD_AK_SECRET
X="$BUILD/slsx --endpoint $SLSD_URL"

check create_project $X create-project shop
check create_logstore $X create-logstore -p shop web --shards 3
check create_logstore2 $X create-logstore -p shop app
check_eq list_projects "$($X projects)" "shop"
check_eq list_logstores "$($X logstores -p shop | tr '\n' ' ')" "app web "
# the first ListShards gets an injected 503 and is retried
check_eq shards_count "$($X shards -p shop -l web | grep -c '^[0-9]')" 3
check_match shards_logstore "$($X shards -p shop -l web)" '^# logstore web: ttl [0-9]+ days, 3 shards'
check_eq shards_all_empty "$($X shards -p shop -l web | grep -c '^[0-9].* (empty) *(empty) ')" 3

# tail from the end; lines written afterwards must appear within 2 seconds
$X tail -p shop -l web >"$T_TMP/tail.out" 2>"$T_TMP/tail.err" &
tail_pid=$!
T_PIDS="$T_PIDS $tail_pid"
sleep 0.5
printf 'hello from put\n{"level":"ERROR","msg":"boom","n":5}\nhostile \033[2J\033]0;title\007 \r\b \xc2\x9b \xe2\x80\xae rtl \xff end\n' \
	| $X put -p shop -l web --topic t1 --source 10.0.0.9 - 2>/dev/null
check put_exit test $? -eq 0
# shards now show when the shard that took the group got its data (GetCursorTime)
today=$(date +%Y-%m-%d)
out=$($X shards -p shop -l web)
check_eq shards_span_one "$(printf '%s\n' "$out" | grep -cE "^[0-9]+ +readwrite +$today [0-9:]{8} $today [0-9:]{8} ")" 1
check_eq shards_span_rest "$(printf '%s\n' "$out" | grep -c ' (empty) *(empty) ')" 2
for _ in $(seq 1 20); do
	[ "$(wc -l <"$T_TMP/tail.out")" -ge 3 ] && break
	sleep 0.1
done
out=$(cat "$T_TMP/tail.out")
check_eq tail_three_lines "$(wc -l <"$T_TMP/tail.out")" 3
check_match tail_plain "$out" '"content":"hello from put"'
check_match tail_json_fields "$out" '"level":"ERROR","msg":"boom","n":"5"'
check_match tail_topic_source "$out" '"__topic__":"t1","__source__":"10.0.0.9"'
check_match tail_receive_tag "$out" '"__tag__:__receive_time__":"[0-9]+"'
check_match tail_escaped "$out" 'hostile \\u001b\[2J\\u001b\]0;title\\u0007 \\r\\u0008 \\u009b \\u202e rtl \\ufffd end'
# no raw control bytes (other than the newlines) in the output
if LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f]' "$T_TMP/tail.out" || \
   LC_ALL=C grep -qP '\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xff' "$T_TMP/tail.out"; then
	t_fail tail_no_raw_controls
else
	t_ok tail_no_raw_controls
fi
# every line is valid JSON
if command -v node >/dev/null; then
	check tail_valid_json node -e 'require("fs").readFileSync(process.argv[1],"utf8").trim().split("\n").forEach(l=>JSON.parse(l))' "$T_TMP/tail.out"
fi
kill -INT $tail_pid
wait $tail_pid 2>/dev/null
check_eq tail_sigint_exit $? 0

# tail --from begin sees what is already there (and survives the pull 503)
timeout -s INT 2 $X tail -p shop -l web --from begin >"$T_TMP/tail2.out" 2>/dev/null
check_eq tail_from_begin "$(wc -l <"$T_TMP/tail2.out")" 3

# --from takes time expressions (by receive time)
timeout -s INT 2 $X tail -p shop -l web --from -10m >"$T_TMP/tail4.out" 2>/dev/null
check_eq tail_from_relative "$(wc -l <"$T_TMP/tail4.out")" 3
$X tail -p shop -l web --from soon >/dev/null 2>&1
check_eq tail_from_bad_usage $? 2

# a file of many lines is batched
seq 1 10000 | sed 's/^/line /' >"$T_TMP/many.txt"
check put_file $X put -p shop -l app "$T_TMP/many.txt" 2>"$T_TMP/put.err"
check_eq put_file_report "$(cat "$T_TMP/put.err")" "slsx: wrote 10000 logs"
timeout -s INT 2 $X tail -p shop -l app --from begin >"$T_TMP/tail3.out" 2>/dev/null
check_eq put_file_all_lines "$(wc -l <"$T_TMP/tail3.out")" 10000

# whoami names the source of the credentials and never prints the secret
out=$($X whoami 2>&1)
check_match whoami_source "$out" 'access key id .* from \$ALIBABA_CLOUD_ACCESS_KEY_ID'
check_match whoami_answers "$out" 'endpoint answers: yes'
check_match whoami_project "$($X whoami -p shop 2>&1)" 'project: +shop \(Normal, region local\)'
if printf '%s' "$out" | grep -qF "$SLSD_AK_SECRET"; then t_fail whoami_no_secret; else t_ok whoami_no_secret; fi
out=$(env -u ALIBABA_CLOUD_ACCESS_KEY_ID -u ALIBABA_CLOUD_ACCESS_KEY_SECRET \
	ALIYUN_LOG_CLI_ACCESSID=$SLSD_AK_ID ALIYUN_LOG_CLI_ACCESSKEY=$SLSD_AK_SECRET $X doctor 2>&1)
check_match doctor_cli_env "$out" 'from \$ALIYUN_LOG_CLI_ACCESSID'

# a profile from ~/.aliyunlogcli, and defaults from slsx's own config
mkdir -p "$T_TMP/home/.config/slsx"
printf '[ops]\naccess-id = %s\naccess-key = %s\n' "$SLSD_AK_ID" "$SLSD_AK_SECRET" >"$T_TMP/home/.aliyunlogcli"
chmod 644 "$T_TMP/home/.aliyunlogcli"
printf '[default]\nendpoint = %s\nproject = shop\n' "$SLSD_URL" >"$T_TMP/home/.config/slsx/config"
out=$(env -u ALIBABA_CLOUD_ACCESS_KEY_ID -u ALIBABA_CLOUD_ACCESS_KEY_SECRET HOME="$T_TMP/home" \
	$BUILD/slsx --profile ops logstores 2>&1)
check_match profile_and_defaults "$out" 'app'
check_match profile_perm_warning "$out" 'readable by others; run: chmod 600 .*\.aliyunlogcli'
env -u ALIBABA_CLOUD_ACCESS_KEY_ID -u ALIBABA_CLOUD_ACCESS_KEY_SECRET HOME="$T_TMP/home" \
	$BUILD/slsx --profile nosuch projects >/dev/null 2>&1
check_eq profile_unknown_exit $? 3

# exit codes
$X tail -p shop >/dev/null 2>&1
check_eq exit_usage_missing_logstore $? 2
$X frobnicate >/dev/null 2>&1
check_eq exit_usage_unknown_command $? 2
ALIBABA_CLOUD_ACCESS_KEY_SECRET=wrong $X projects >/dev/null 2>"$T_TMP/err"
check_eq exit_auth $? 3
check_match auth_message "$(cat "$T_TMP/err")" 'SignatureNotMatch.*request id [0-9A-F]{24}'
$X logstores -p nosuch >/dev/null 2>&1
check_eq exit_server $? 4
$BUILD/slsx --timeout 1 --endpoint http://127.0.0.1:1 projects >/dev/null 2>&1
check_eq exit_network $? 5
# shards: a GetCursor the server refuses is reported with its shard, exit 4,
# and the table is still printed
slsd_start --memory --faults 'cursor:400/InvalidCursor' || { t_fail slsd_start2; t_done; }
$BUILD/slsx --endpoint "$SLSD_URL" create-project shop
$BUILD/slsx --endpoint "$SLSD_URL" create-logstore -p shop web --shards 2
out=$($BUILD/slsx --endpoint "$SLSD_URL" shards -p shop -l web 2>"$T_TMP/err")
check_eq shards_fault_exit $? 4
check_match shards_fault_message "$(cat "$T_TMP/err")" 'shard 0: .*GetCursor: .*InvalidCursor'
check_eq shards_fault_table "$(printf '%s\n' "$out" | grep -c '^[0-9].* ? *? ')" 2
mkdir -p "$T_TMP/empty"
env -u ALIBABA_CLOUD_ACCESS_KEY_ID -u ALIBABA_CLOUD_ACCESS_KEY_SECRET HOME="$T_TMP/empty" $X projects >/dev/null 2>&1
check_eq exit_no_credentials $? 3
t_done
