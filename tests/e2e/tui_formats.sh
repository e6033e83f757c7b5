#!/bin/bash
# tui_formats — `slsx FILE...` on one file of each format found without
# configuration, under tmux: logfmt, syslog RFC 3164 and RFC 5424, Docker
# json-file (a line split in two records joined, a stack trace written a
# line a record one log), Kubernetes CRI (P and F
# records joined), plain text with a stack trace (one entry), a gzipped
# JSON lines file; each is a logstore of project local, opened with
# :logstore, its rows and parsed fields on screen, a search counts right;
# the tail pane follows a file through a rotation (mv and a new file) and
# a truncation (copytruncate), as tail -F does.
. "$(dirname "$0")/lib.sh"

export TZ=UTC
tui_files_env
D="$T_TMP/f"
mkdir -p "$D"
b=$(($(date +%s) - 600))
iso() { date -u -d "@$1" '+%Y-%m-%dT%H:%M:%SZ'; }
for i in 0 1 2 3 4; do
	lv=info; [ "$i" = 2 ] && lv=error
	printf 'time=%s level=%s msg="logfmt %d" user=u%d\n' "$(iso $((b + i)))" "$lv" "$i" "$i"
done >"$D/logfmt.log"
for i in 0 1 2 3 4; do
	printf '%s host1 sshd[12%d]: bsd line %d\n' "$(date -u -d "@$((b + i))" '+%b %e %H:%M:%S')" "$i" "$i"
done >"$D/syslog.log"
for i in 0 1 2 3 4; do
	printf '<34>1 %s host2 billing 99 ID%d - rfc line %d\n' "$(iso $((b + i)))" "$i" "$i"
done >"$D/s5424.log"
for i in 0 1 2; do
	printf '{"log":"docker line %d\\n","stream":"stdout","time":"%s"}\n' "$i" "$(iso $((b + i)))"
done >"$D/docker.log"
printf '{"log":"dock first ","stream":"stderr","time":"%s"}\n' "$(iso $((b + 5)))" >>"$D/docker.log"
printf '{"log":"half\\n","stream":"stderr","time":"%s"}\n' "$(iso $((b + 5)))" >>"$D/docker.log"
# a stack trace a line a record: one log
printf '{"log":"dock trace\\n","stream":"stderr","time":"%s"}\n' "$(iso $((b + 6)))" >>"$D/docker.log"
printf '{"log":"\\tat com.d.Q.run(Q.java:7)\\n","stream":"stderr","time":"%s"}\n' "$(iso $((b + 6)))" >>"$D/docker.log"
for i in 0 1 2; do
	printf '%s stdout F cri line %d\n' "$(iso $((b + i)))" "$i"
done >"$D/cri.log"
printf '%s stdout P cri first \n%s stdout F part\n' "$(iso $((b + 5)))" "$(iso $((b + 5)))" >>"$D/cri.log"
printf '%s stderr F cri trace\n%s stderr F \tat com.c.R.run(R.java:8)\n' "$(iso $((b + 6)))" \
    "$(iso $((b + 6)))" >>"$D/cri.log"
for i in 0 1 2; do
	printf '%s ERROR plain %d\n\tat com.x.Y.m%d(Y.java:%d)\n\tat com.x.Z.run(Z.java:9)\n' \
	    "$(iso $((b + i)))" "$i" "$i" "$i"
done >"$D/plain.log"
for i in 0 1 2 3 4 5; do
	printf '{"time": %d, "level": "INFO", "msg": "zipped %d"}\n' $((b + i)) "$i"
done | gzip >"$D/old.jsonl.gz"
# at rest (a file written this very moment keeps its last entry back
# 500 ms for its continuation lines: slsd_follow)
touch -d '-1 minute' "$D"/*

tui_start 160 40 "$BUILD/slsx $D/logfmt.log $D/syslog.log $D/s5424.log $D/docker.log \
$D/cri.log $D/plain.log $D/old.jsonl.gz" || { t_fail tui_start; t_done; }
check first_logfmt tui_wait 'local/logfmt' 30
scr=$(tui_screen | cut -c1-26)
for ls in logfmt syslog s5424 docker cri plain old; do
	check_match "tree_$ls" "$scr" " $ls"
done

# search NAME QUERY HITS
search() {
	tui_keys Escape
	tui_keys /
	tui_keys C-a C-k
	tui_keys -l "$2"
	tui_keys Enter
	check "search_$1" tui_wait "Results  1 of $3 " 10
}
# open NAME ROWS: :logstore NAME, then every row of it (the last search
# may name keys it has not)
open_ls() {
	tui_keys Escape
	tui_keys :
	tui_keys -l "logstore $1"
	tui_keys Enter
	search "all_$1" '*' "$2"
	check "open_$1" tui_wait "local/$1 " 5
}

check rows_logfmt tui_wait 'Results  1 of 5 ' 10
check fields_logfmt tui_wait 'level=error msg=logfmt 2 user=u2' 5
search logfmt 'level:error' 1

open_ls syslog 5
check fields_syslog tui_wait 'host=host1 app=sshd pid=123 message=bsd line 3' 5
search syslog 'app:sshd and line' 5

open_ls s5424 5
check fields_s5424 tui_wait 'host=host2 app=billing pid=99 msgid=ID4 message=rfc line 4' 5
search s5424 'msgid:ID1' 1

open_ls docker 5
check fields_docker tui_wait 'log=docker line 2 stream=stdout' 5
check joined_docker tui_wait 'log=dock first half stream=stderr' 5
search docker_trace 'trace and Q.java' 1

open_ls cri 5
check fields_cri tui_wait 'stream=stdout content=cri line 1' 5
check joined_cri tui_wait 'content=cri first part' 5
search cri_trace 'trace and R.java' 1

open_ls plain 3
check fields_plain tui_wait 'ERROR plain 1' 5
search plain 'Y.java and Z.java' 3
search plain 'com.x.Y.m2' 1

open_ls old 6
check fields_gz tui_wait 'msg=zipped 5' 5

# the tail pane through a rotation and a truncation of logfmt.log
open_ls logfmt 5
tui_keys Escape
tui_keys t
check tail_pane tui_wait 'Tail local/logfmt' 5
sleep 1
printf 'time=%s level=warn msg="before rotation"\n' "$(iso "$(date +%s)")" >>"$D/logfmt.log"
check tail_appended tui_wait 'msg=before rotation' 5
mv "$D/logfmt.log" "$D/logfmt.log.1"
printf 'time=%s level=info msg="old file last"\n' "$(iso "$(date +%s)")" >>"$D/logfmt.log.1"
printf 'time=%s level=warn msg="after rotation"\n' "$(iso "$(date +%s)")" >"$D/logfmt.log"
check tail_old_drained tui_wait 'msg=old file last' 8
check tail_rotated tui_wait 'msg=after rotation' 8
sleep 1
: >"$D/logfmt.log"
sleep 0.6
printf 'time=%s level=warn msg="after truncation"\n' "$(iso "$(date +%s)")" >>"$D/logfmt.log"
check tail_truncated tui_wait 'msg=after truncation' 8
check_eq tail_once "$(tui_screen | grep -c 'msg=after rotation')" 1
case "$(tui_screen)" in *$'\033'*) t_fail no_raw_escape "escape on screen";; *) t_ok no_raw_escape;; esac

check quit tui_quit
for _ in $(seq 1 50); do [ -z "$(ls -A "$TMPDIR")" ] && break; sleep 0.1; done
check dir_removed test -z "$(ls -A "$TMPDIR")"
tui_stop
tui_sanitizers
t_done
