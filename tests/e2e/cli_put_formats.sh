#!/bin/bash
# cli_put_formats — `slsx put` finds a file's format as `slsd --ingest`
# does, so the logs land in a logstore with the fields and times seen
# locally: for an nginx access log, syslog, Kubernetes CRI lines (P joined
# with F), Docker json-file lines (a 40,000-byte line split into 16 KiB
# records joined), logfmt, and plain text with stack traces, every log
# put (its __time__ and every field) is the one --ingest stored from the
# same file; a .gz file is read through zlib; the count put is reported.
. "$(dirname "$0")/lib.sh"
tui_catch_sanitizers

D="$T_TMP/f"
mkdir -p "$D"
cat >"$D/nginx.log" <<'EOF'
10.0.0.1 - - [01/May/2024:10:00:00 +0000] "GET /a HTTP/1.1" 200 512 "-" "curl/8.0"
10.0.0.2 - bob [01/May/2024:10:00:01 +0000] "POST /api/x?y=1 HTTP/2.0" 500 17 "https://r/" "Mozilla/5.0 (X11)" 0.125
10.0.0.3 - - [01/May/2024:10:00:02 +0000] "GET /b HTTP/1.1" 404 0 "-" "-"
EOF
cat >"$D/sys.log" <<'EOF'
<34>May  1 10:00:00 web1 sshd[22]: accepted key for root
May  1 10:00:01 web1 cron[7]: job done
<165>1 2024-05-01T10:00:02.003Z web2 app 123 ID47 [sd k="v" n="2"] started
EOF
cat >"$D/cri.log" <<'EOF'
2024-05-01T10:00:00.123456789Z stdout F plain message
2024-05-01T10:00:01.000000001Z stderr P first half, 
2024-05-01T10:00:01.500000000Z stdout F {"level":"warn","code":7}
2024-05-01T10:00:01.000000002Z stderr F second half
EOF
awk 'BEGIN { s = ""; for (i = 0; i < 40000; i++) s = s substr("abcdefghij", i % 10 + 1, 1)
	for (o = 0; o < 40000; o += 16384) printf "{\"log\":\"%s%s\",\"stream\":\"stdout\",\"time\":\"2024-05-01T10:00:0%dZ\"}\n",
		substr(s, o + 1, 16384), (o + 16384 >= 40000 ? "\\n" : ""), o / 16384
	print "{\"log\":\"{\\\"level\\\":\\\"error\\\"}\\n\",\"stream\":\"stderr\",\"time\":\"2024-05-01T10:00:05Z\"}" }' \
	>"$D/docker.log"
cat >"$D/logfmt.log" <<'EOF'
ts=2024-05-01T10:00:00Z level=info msg="started \"api\"" port=8080
ts=2024-05-01T10:00:01Z level=error msg=boom status=500
EOF
cat >"$D/trace.log" <<'EOF'
2024-05-01 10:00:00,001 INFO start
2024-05-01 10:00:01,002 ERROR failed
java.lang.IllegalStateException: bad
	at com.x.A.run(A.java:1)
Caused by: java.io.IOException: io
	... 3 more
2024-05-01 10:00:02,003 INFO end
EOF
gzip -c "$D/trace.log" >"$D/trace2.log.gz"
: >"$D/empty.log"

# each file through --ingest (logstore i_NAME) and an empty logstore
# (p_NAME, a full-text index) for slsx put
names="nginx sys cri docker logfmt trace"
args=()
for n in $names; do
	f=$(ls "$D/$n".* | head -1)
	args+=(--ingest "$f:i_$n" --ingest "$D/empty.log:p_$n")
done
args+=(--ingest "$D/empty.log:p_gz")
slsd_start --memory "${args[@]}" || { t_fail slsd_start; t_done; }
export ALIBABA_CLOUD_ACCESS_KEY_ID=$SLSD_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$SLSD_AK_SECRET
X="$BUILD/slsx --endpoint $SLSD_URL -p local"

# logs LOGSTORE: every log as sorted JSON, the fields but those slsd adds
# (__tag__, __topic__, __source__, __pack_meta__), __time__ kept
logs() {
	$X -l "$1" query --from 2024-04-30T00:00:00Z --to "$(($(date +%s) + 86400))" --limit 0 \
		--format jsonl '*' 2>/dev/null |
		jq -cS 'with_entries(select(((.key | startswith("__")) | not) or .key == "__time__"))' | sort
}
declare -A want=([nginx]=3 [sys]=3 [cri]=3 [docker]=2 [logfmt]=2 [trace]=3)
for n in $names; do
	f=$(ls "$D/$n".* | head -1)
	$X -l "p_$n" put "$f" 2>"$T_TMP/put.err"
	check_eq "put_${n}_rc" $? 0
	check_eq "put_${n}_report" "$(cat "$T_TMP/put.err")" "slsx: wrote ${want[$n]} logs"
done
sleep 0.5
for n in $names; do
	logs "i_$n" >"$T_TMP/i_$n.jsonl"
	logs "p_$n" >"$T_TMP/p_$n.jsonl"
	check_eq "ingest_${n}_count" "$(wc -l <"$T_TMP/i_$n.jsonl")" "${want[$n]}"
	if cmp -s "$T_TMP/i_$n.jsonl" "$T_TMP/p_$n.jsonl"; then
		t_ok "put_${n}_same_as_ingest"
	else
		t_fail "put_${n}_same_as_ingest" "$(diff "$T_TMP/i_$n.jsonl" "$T_TMP/p_$n.jsonl" | cut -c1-300)"
	fi
done
# the fields themselves (what both sides agree on is right)
check_match nginx_fields "$(cat "$T_TMP/p_nginx.jsonl")" \
	'"__time__":"1714557601".*"method":"POST".*"remote_user":"bob".*"request_time":"0.125".*"status":"500".*"uri":"/api/x\?y=1"'
check_match sys_fields "$(cat "$T_TMP/p_sys.jsonl")" '"app":"app".*"k":"v".*"msgid":"ID47"'
check_match cri_joined "$(cat "$T_TMP/p_cri.jsonl")" '"content":"first half, second half".*"stream":"stderr"'
check_match cri_json "$(cat "$T_TMP/p_cri.jsonl")" '"code":"7".*"level":"warn"'
check_eq docker_joined "$(jq -r 'select(.stream == "stdout") | .log | length' "$T_TMP/p_docker.jsonl")" 40000
check_match docker_json "$(cat "$T_TMP/p_docker.jsonl")" '"level":"error".*"stream":"stderr"'
check_match trace_whole "$(cat "$T_TMP/p_trace.jsonl")" \
	'"content":"2024-05-01 10:00:01,002 ERROR failed\\njava.lang.IllegalStateException: bad\\n\\tat com.x.A.run\(A.java:1\)\\nCaused by: java.io.IOException: io\\n\\t... 3 more"'
# a .gz file, and standard input
$X -l p_gz put "$D/trace2.log.gz" 2>"$T_TMP/put.err"
check_eq put_gz_report "$(cat "$T_TMP/put.err")" "slsx: wrote 3 logs"
sleep 0.3
check_eq put_gz_same "$(logs p_gz)" "$(cat "$T_TMP/i_trace.jsonl")"
$X -l p_gz put - <"$D/nginx.log" 2>"$T_TMP/put.err"
check_eq put_stdin_report "$(cat "$T_TMP/put.err")" "slsx: wrote 3 logs"
$X -l p_gz put "$D/nosuch.log" 2>"$T_TMP/put.err"
check_eq put_missing_rc $? 1
check_match put_missing_msg "$(cat "$T_TMP/put.err")" 'cannot read .*nosuch.log'
t_done
