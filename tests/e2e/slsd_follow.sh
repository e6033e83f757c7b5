#!/bin/bash
# slsd_follow — `slsd --ingest FILE --follow` and `slsx --file`: lines
# appended to a followed file are seen by a query and by `slsx tail`; a
# partial last line waits for its newline; rotation by mv + a new file and
# by truncation is followed (the new lines seen, nothing twice); a .gz file
# is read whole; standard input is followed until EOF; the "logstore" and
# "span FROM TO" lines; `slsx --file` runs headless commands on files and
# cleans up, also when a file cannot be read; a stack trace whose lines
# come in later polls stays one entry, Docker and CRI partial lines
# appended a record at a time are joined, and so is the first load's last
# entry with lines written right after slsd starts.
. "$(dirname "$0")/lib.sh"
# sanitizer reports of every slsd and slsx here (checked last)
tui_catch_sanitizers

base=$(($(date +%s) - 600))
# 40 lines one second apart from base: "BASE+i app line i", every fourth ERROR
for i in $(seq 0 39); do
	lv=INFO; [ $((i % 4)) -eq 0 ] && lv=ERROR
	printf '%s %s app line %d\n' "$(date -u -d "@$((base + i))" '+%Y-%m-%dT%H:%M:%SZ')" "$lv" "$i"
done >"$T_TMP/app.log"
awk -v b="$base" 'BEGIN { for (i = 0; i < 2500; i++)
	printf "{\"time\": %d, \"n\": %d, \"kind\": \"%s\"}\n", b + i % 600, i, i % 5 ? "a" : "b" }' |
	gzip >"$T_TMP/old.jsonl.gz"

slsd_start --memory --follow --ingest "$T_TMP/app.log" --ingest "$T_TMP/old.jsonl.gz" ||
	{ t_fail slsd_start; t_done; }
out=$(ls -t "$T_TMP"/slsd.*.out | grep -v '\.err$' | head -1)
check_eq stdout_lines "$(sed -n 2,4p "$out" | tr '\n' ' ')" \
	"logstore app logstore old span $((base)) $((base + 599)) "
check_match stderr_span "$(cat "$out.err")" "slsd: span $base $((base + 599))"
export ALIBABA_CLOUD_ACCESS_KEY_ID=$SLSD_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$SLSD_AK_SECRET
X="$BUILD/slsx --endpoint $SLSD_URL -p local"
# count QUERY [LOGSTORE]: rows over the whole span and a little after now
count() {
	$X -l "${2:-app}" query --from "$((base - 60))" --to "$(($(date +%s) + 120))" --limit 0 \
		--format jsonl "$1" 2>/dev/null | wc -l
}
# wait_count NAME WANT QUERY [LOGSTORE]: polls while the follower catches up
wait_count() {
	local name=$1 want=$2 got i
	shift 2
	for i in $(seq 1 40); do
		got=$(count "$@")
		[ "$got" -eq "$want" ] && break
		sleep 0.25
	done
	check_eq "$name" "$got" "$want"
}
wait_count initial_all 40 '*'
wait_count initial_errors 10 'ERROR'
wait_count gz_all 2500 '*' old
wait_count gz_kind_b 500 'kind:b' old

# appended lines: seen by a query and by a running `slsx tail`
# (from the beginning: what it counts was appended, whenever it got going)
$X -l app tail --from begin >"$T_TMP/tail.out" 2>"$T_TMP/tail.err" &
tpid=$!
T_PIDS="$T_PIDS $tpid"
sleep 1.5
now=$(date -u '+%Y-%m-%dT%H:%M:%SZ')
printf '%s ERROR appended one\n%s INFO appended two\n' "$now" "$now" >>"$T_TMP/app.log"
wait_count appended_all 42 '*'
wait_count appended_query 1 'appended and one'
# a partial line waits for its newline
printf '%s INFO partial' "$now" >>"$T_TMP/app.log"
sleep 1
check_eq partial_waits "$(count 'partial')" 0
printf ' done\n' >>"$T_TMP/app.log"
wait_count partial_completed 1 'partial and done'
for _ in $(seq 1 20); do grep -q 'partial done' "$T_TMP/tail.out" && break; sleep 0.25; done
check_eq tail_saw_appended "$(grep -c 'appended' "$T_TMP/tail.out")" 2
check_eq tail_saw_partial "$(grep -c 'partial done' "$T_TMP/tail.out")" 1

# rotation: mv away and a new file under the name
mv "$T_TMP/app.log" "$T_TMP/app.log.1"
printf '%s INFO late in old file\n' "$now" >>"$T_TMP/app.log.1"
printf '%s INFO rotated one\n%s INFO rotated two\n' "$now" "$now" >"$T_TMP/app.log"
wait_count rotated_new 2 'rotated'
wait_count rotated_old_drained 1 'late and old'
wait_count rotated_all 46 '*'
# truncation (copytruncate), then new lines
: >"$T_TMP/app.log"
sleep 0.6
printf '%s INFO truncated one\n' "$now" >>"$T_TMP/app.log"
wait_count truncated_new 1 'truncated'
wait_count truncated_all 47 '*'
# rewritten in place with longer content: read again from its start
printf '%s INFO rewritten first, longer than what was there before\n%s INFO rewritten two\n' \
	"$now" "$now" >"$T_TMP/app.log"
wait_count rewritten 2 'rewritten'
wait_count rewritten_all 49 '*'
for _ in $(seq 1 40); do
	[ "$(grep -c 'rotated\|truncated\|rewritten' "$T_TMP/tail.out")" -ge 5 ] && break
	sleep 0.25
done
check_eq tail_saw_rotated "$(grep -c 'rotated\|truncated\|rewritten' "$T_TMP/tail.out")" 5
kill "$tpid" 2>/dev/null
wait "$tpid" 2>/dev/null
kill "$SLSD_PID"
wait "$SLSD_PID" 2>/dev/null

# standard input: followed until EOF, a last line without newline kept
{
	printf 'level=info msg="first batch" n=1\nlevel=warn msg="first batch" n=2\n'
	sleep 1.5
	printf 'level=info msg="second batch" n=3\nlevel=error msg=last n=4'
} | "$BUILD/slsd" --memory --keys "$SLSD_KEYS" --listen 127.0.0.1:0 --follow --ingest - \
	>"$T_TMP/stdin.out" 2>"$T_TMP/stdin.err" &
spid=$!
T_PIDS="$T_PIDS $spid"
for _ in $(seq 1 100); do grep -q '^span ' "$T_TMP/stdin.out" && break; sleep 0.05; done
SLSD_URL=$(sed -n 's/^listening on //p' "$T_TMP/stdin.out")
X="$BUILD/slsx --endpoint $SLSD_URL -p local"
check_match stdin_logstore "$(cat "$T_TMP/stdin.out")" '^logstore stdin$'
wait_count stdin_all 4 '*' stdin
wait_count stdin_second 1 'second' stdin
wait_count stdin_fields 1 'level:error and n:4' stdin
kill "$spid"
wait "$spid" 2>/dev/null

# slsx --file: headless commands on files, a private slsd, cleaned up
export TMPDIR="$T_TMP/tmp"
mkdir -p "$TMPDIR"
unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET
F="$BUILD/slsx --file $T_TMP/app.log.1 --file $T_TMP/old.jsonl.gz"
check_eq file_query "$($F query --limit 0 --format jsonl 'ERROR' | wc -l)" 11
check_eq file_query_other "$($F -l old query --limit 0 --format csv \
	'* | select count(*) as c' | tr -d '\r' | tail -1)" 2500
check_eq file_sql "$($F query --format csv '* | select count(*) as c' | tr -d '\r' | tail -1)" 44
check_eq file_cleaned "$(ls -A "$TMPDIR")" ""
cp "$T_TMP/app.log.1" "$T_TMP/live.log"
$BUILD/slsx --file "$T_TMP/live.log" tail --from begin >"$T_TMP/ftail.out" 2>&1 &
fpid=$!
T_PIDS="$T_PIDS $fpid"
sleep 2
printf '%s INFO tailed via file\n' "$now" >>"$T_TMP/live.log"
for _ in $(seq 1 20); do grep -q 'tailed via file' "$T_TMP/ftail.out" && break; sleep 0.25; done
check_eq file_tail "$(grep -c 'tailed via file' "$T_TMP/ftail.out")" 1
check_eq file_tail_begin "$(grep -c 'app line' "$T_TMP/ftail.out")" 40
kill -INT "$fpid"
wait "$fpid" 2>/dev/null
for _ in $(seq 1 50); do [ -z "$(ls -A "$TMPDIR")" ] && break; sleep 0.1; done
check_eq file_tail_cleaned "$(ls -A "$TMPDIR")" ""
printf 'a=1 b=2\na=3 b=4\n' | $BUILD/slsx --file - query --format jsonl 'a:3' >"$T_TMP/sq.out"
check_eq file_stdin "$(grep -c '"b":"4"' "$T_TMP/sq.out")" 1
: >"$T_TMP/empty.log"
check file_empty_searchable $BUILD/slsx --file "$T_TMP/empty.log" query '*'
# a file that cannot be read: a clear error, nothing left behind
$BUILD/slsx --file "$T_TMP/nosuch.log" query '*' >/dev/null 2>"$T_TMP/nosuch.err"
check_eq nosuch_rc $? 1
check_match nosuch_message "$(cat "$T_TMP/nosuch.err")" "cannot read .*nosuch.log"
check_eq nosuch_cleaned "$(ls -A "$TMPDIR")" ""
$BUILD/slsx "$T_TMP/nosuch.log" >/dev/null 2>"$T_TMP/nosuch2.err"
check_eq positional_nosuch_rc $? 2
check_eq no_slsd_left "$(pgrep -f "slsd --data $TMPDIR/" | wc -l)" 0

# entries written in pieces while followed: a stack trace whose lines come
# in later polls stays one entry; Docker and CRI partial lines appended a
# record at a time are joined
unset TMPDIR
export ALIBABA_CLOUD_ACCESS_KEY_ID=$SLSD_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$SLSD_AK_SECRET
t0=$(date -u -d "@$base" '+%Y-%m-%dT%H:%M:%SZ')
printf '%s INFO start\n' "$t0" >"$T_TMP/trace.log"
printf '{"log":"start\\n","stream":"stdout","time":"%s"}\n' "$t0" >"$T_TMP/docker.log"
printf '%s stdout F start\n' "$t0" >"$T_TMP/cri.log"
slsd_start --memory --follow --ingest "$T_TMP/trace.log" --ingest "$T_TMP/docker.log" \
	--ingest "$T_TMP/cri.log" || { t_fail slsd_start_pieces; t_done; }
X="$BUILD/slsx --endpoint $SLSD_URL -p local"
printf '%s ERROR boom\njava.lang.IllegalStateException: bad\n' "$t0" >>"$T_TMP/trace.log"
printf '{"log":"first half ","stream":"stdout","time":"%s"}\n' "$t0" >>"$T_TMP/docker.log"
printf '%s stdout P first half \n' "$t0" >>"$T_TMP/cri.log"
# (a held entry waits 500 ms for more: these come within 250 ms)
sleep 0.25
printf '\tat com.x.A.run(A.java:1)\n' >>"$T_TMP/trace.log"
printf '{"log":"second half\\n","stream":"stdout","time":"%s"}\n' "$t0" >>"$T_TMP/docker.log"
printf '%s stdout F second half\n' "$t0" >>"$T_TMP/cri.log"
sleep 0.25
printf '\tat com.x.B.go(B.java:2)\n' >>"$T_TMP/trace.log"
wait_count pieces_trace 2 '*' trace
wait_count pieces_docker 2 '*' docker
wait_count pieces_cri 2 '*' cri
sleep 1 # nothing more comes
check_eq pieces_trace_after "$(count '*' trace)" 2
check_eq pieces_trace_whole "$(count 'boom and B.java' trace)" 1
check_eq pieces_docker_whole "$($X -l docker query --from "$((base - 60))" --format jsonl \
	'first and second' | jq -r .log)" 'first half second half'
check_eq pieces_cri_whole "$($X -l cri query --from "$((base - 60))" --format jsonl \
	'first and second' | jq -r .content)" 'first half second half'
kill "$SLSD_PID"
wait "$SLSD_PID" 2>/dev/null

# a file being written when slsd starts (--early: the UI's mode): the last
# entry of its first load waits for more as a followed one does (a trace's next line comes 200 ms
# after the start), a file at rest has its last entry in at once
printf '%s boot\n%s ERROR late\n\tat com.x.C.first(C.java:1)\n' "$t0" "$t0" >"$T_TMP/late.log"
printf '%s boot\n%s ERROR rest\n\tat com.x.D.only(D.java:1)\n' "$t0" "$t0" >"$T_TMP/rest.log"
touch -d '-1 minute' "$T_TMP/rest.log"
slsd_start --memory --follow --early --ingest "$T_TMP/late.log" --ingest "$T_TMP/rest.log" ||
	{ t_fail slsd_start_late; t_done; }
X="$BUILD/slsx --endpoint $SLSD_URL -p local"
out=$(ls -t "$T_TMP"/slsd.*.out | head -1)
check_eq at_rest_at_once "$(count 'rest and D.java' rest)" 1
# while its last entry is held the load is not over: answers say Incomplete
# and slsd's stdout says the file loads ("progress late"), never "loaded"
# (the query asks again meanwhile: the trace goes on while it runs)
for _ in $(seq 1 20); do grep -q '^progress late ' "$out" && break; sleep 0.05; done
check held_progress grep -q '^progress late ' "$out"
check_eq held_not_loaded "$(grep -c '^loaded late ' "$out")" 0
$X -l late query --from "$((base - 60))" --limit 0 '*' >/dev/null 2>"$T_TMP/held.err" &
qpid=$!
sleep 0.2
printf '\tat com.x.C.second(C.java:2)\n' >>"$T_TMP/late.log"
wait "$qpid"
check held_incomplete grep -q 'Incomplete' "$T_TMP/held.err"
wait_count late_two 2 '*' late
sleep 1
check_eq late_trace_whole "$(count 'late and com.x.C.second' late)" 1
check_eq late_two_after "$(count '*' late)" 2
# once it is in, "loaded" says so, with both entries; the file at rest
# never loaded behind (no line for it)
check loaded_after_held grep -qE '^loaded late 2 [0-9]+$' "$out"
check_eq at_rest_no_line "$(grep -c ' rest ' "$out")" 0
$X -l late query --from "$((base - 60))" --limit 0 '*' >/dev/null 2>"$T_TMP/held.err"
check_eq loaded_complete "$(grep -c 'Incomplete' "$T_TMP/held.err")" 0
kill "$SLSD_PID"
wait "$SLSD_PID" 2>/dev/null
check_eq no_sanitizer_slsd "$(cat "$T_TMP"/*.err 2>/dev/null | grep -cE 'Sanitizer|runtime error')" 0
tui_sanitizers
t_done
