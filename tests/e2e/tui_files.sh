#!/bin/bash
# tui_files — `slsx FILE...` and `slsx -`: the UI on local files through a
# private slsd (the demo's machinery): a generated nginx access log and a
# JSON lines file become logstores access and app of project local, the
# range covers the files' logs, a search counts right, lines appended to
# the file show in the tail pane; logs piped into `slsx -` open with the
# keys read from the terminal; two files of one name (web1/app.log,
# web2/app.log) get a logstore each, named with its folder; a plain-text
# log written a moment before shows its last entry once that is in, no key
# pressed; on quit slsd stops and its folder goes.
. "$(dirname "$0")/lib.sh"

tui_files_env
base=$(($(date +%s) - 1800))
# 100 nginx lines one second apart, every tenth a 500; 50 JSON lines
awk -v b="$base" 'BEGIN { for (i = 0; i < 100; i++)
	printf "10.0.0.%d - - [%s] \"GET /p/%d HTTP/1.1\" %d %d \"-\" \"curl/8\"\n", i % 7,
	    strftime("%d/%b/%Y:%H:%M:%S +0000", b + i, 1), i, i % 10 == 0 ? 500 : 200, i * 3 }' \
	>"$T_TMP/access.log"
awk -v b="$base" 'BEGIN { for (i = 0; i < 50; i++)
	printf "{\"time\": %d, \"level\": \"%s\", \"msg\": \"req %d\"}\n", b + i * 10,
	    i % 5 == 0 ? "ERROR" : "INFO", i }' >"$T_TMP/app.json"

tui_start 140 40 "$BUILD/slsx $T_TMP/access.log $T_TMP/app.json" || { t_fail tui_start; t_done; }
check files_results tui_wait 'local/access' 30
check files_all_rows tui_wait 'Results  1 of 100' 10
check files_hits tui_wait 'Hits  100' 10
scr=$(tui_screen | cut -c1-26)
check_match tree_access "$scr" ' access'
check_match tree_app "$scr" ' app'
check_match tree_local "$scr" 'local'
check files_fields tui_wait 'status=200' 5
# a search: exactly the ten 500s
tui_keys /
tui_keys C-a C-k
tui_keys -l 'status:500'
tui_keys Enter
check search_results tui_wait 'Results  1 of 10  (' 10
check search_hits tui_wait 'Hits  10' 10
check search_rows test "$(tui_screen | grep -c 'status=500')" -eq 10
# lines appended to the file show in the tail pane
tui_keys Escape
tui_keys t
check tail_pane tui_wait 'Tail local/access' 5
sleep 1
now=$(date -u '+%d/%b/%Y:%H:%M:%S +0000')
printf '10.9.9.9 - - [%s] "GET /appended/one HTTP/1.1" 404 1 "-" "curl/8"\n' "$now" >>"$T_TMP/access.log"
printf '10.9.9.9 - - [%s] "GET /appended/two HTTP/1.1" 404 1 "-" "curl/8"\n' "$now" >>"$T_TMP/access.log"
check tail_sees_appended tui_wait 'uri=/appended/two' 5
check tail_sees_first tui_wait 'uri=/appended/one' 2
dir=$(ls -d "$TMPDIR"/slsx-demo.* 2>/dev/null | head -1)
check files_dir test -n "$dir"
check files_slsd_running test -n "$(pgrep -f "slsd --data $dir/data")"
case "$(tui_screen)" in *[Ss]ecret*) t_fail files_no_secret "secret on screen";; *) t_ok files_no_secret;; esac
check files_quit tui_quit
for _ in $(seq 1 50); do [ -z "$(pgrep -f "slsd --data $dir/data")" ] && break; sleep 0.1; done
check files_slsd_stopped test -z "$(pgrep -f "slsd --data $dir/data")"
check files_dir_removed test -z "$(ls -A "$TMPDIR")"
tui_stop

# two files of one name in two folders: two logstores, each named with
# its folder (web1-app, web2-app), each with its own lines
mkdir -p "$T_TMP/web1" "$T_TMP/web2"
for w in web1 web2; do
	for i in $(seq 0 9); do
		printf '%s INFO %s line %d\n' "$(date -u -d "@$((base + i))" '+%Y-%m-%dT%H:%M:%SZ')" "$w" "$i"
	done >"$T_TMP/$w/app.log"
done
printf '%s INFO web2 only\n' "$(date -u -d "@$((base + 20))" '+%Y-%m-%dT%H:%M:%SZ')" >>"$T_TMP/web2/app.log"
# files at rest (one written this very moment keeps its last entry back
# 500 ms for its continuation lines: slsd_follow)
touch -d '-1 minute' "$T_TMP/web1/app.log" "$T_TMP/web2/app.log"
tui_start 140 40 "$BUILD/slsx $T_TMP/web1/app.log $T_TMP/web2/app.log" || { t_fail tui_start; t_done; }
check same_name_first tui_wait 'local/web1-app' 30
check same_name_rows tui_wait 'Results  1 of 10' 10
scr=$(tui_screen | cut -c1-26)
check_match tree_web1 "$scr" ' web1-app'
check_match tree_web2 "$scr" ' web2-app'
check_eq same_name_no_plain "$(printf '%s\n' "$scr" | grep -c ' app *$')" 0
check same_name_quit tui_quit
tui_stop
for _ in $(seq 1 50); do [ -z "$(ls -A "$TMPDIR")" ] && break; sleep 0.1; done
F="$BUILD/slsx --file $T_TMP/web1/app.log --file $T_TMP/web2/app.log"
check_eq same_name_logstores "$($F logstores | tr '\n' ' ')" 'web1-app web2-app '
check_eq same_name_web2 "$($F -l web2-app query --from "$((base - 60))" --limit 0 --format jsonl '*' |
	grep -c 'web2')" 11
check_eq same_name_web1 "$($F -l web1-app query --from "$((base - 60))" --limit 0 --format jsonl '*' |
	grep -c 'web1')" 10

# slsx -: the data on stdin, the keys from the terminal
cat >"$T_TMP/pipe.sh" <<EOS
awk -v b=$base 'BEGIN { for (i = 0; i < 30; i++)
	printf "%s level=%s msg=\"piped %d\"\n", strftime("%Y-%m-%dT%H:%M:%SZ", b + i, 1),
	    i % 3 == 0 ? "warn" : "info", i }' | $BUILD/slsx -
EOS
tui_start 140 40 "bash $T_TMP/pipe.sh" || { t_fail tui_start; t_done; }
check stdin_results tui_wait 'local/stdin' 30
check stdin_rows tui_wait 'Results  1 of 30' 10
check stdin_fields tui_wait 'msg=piped 29' 5
# keys work: a search over the piped logs
tui_keys /
tui_keys C-a C-k
tui_keys -l 'level:warn'
tui_keys Enter
check stdin_search tui_wait 'Results  1 of 10  (' 10
check stdin_quit tui_quit
for _ in $(seq 1 50); do [ -z "$(ls -A "$TMPDIR")" ] && break; sleep 0.1; done
check stdin_dir_removed test -z "$(ls -A "$TMPDIR")"
tui_stop

# a plain-text log written a moment before it is opened: its last entry
# waits for lines that may go on with it, then shows with the rest, no
# key pressed (it was missing until the query was run again)
for i in 1 2 3 4 5; do
	printf '%s INFO fresh line %d\n' "$(date -u +%FT%TZ)" "$i"
done >"$T_TMP/fresh.log"
tui_start 120 30 "$BUILD/slsx $T_TMP/fresh.log" || { t_fail tui_start_fresh; t_done; }
check fresh_hits tui_wait 'Hits  5' 10
check fresh_last tui_wait 'fresh line 5' 5
check fresh_loaded tui_wait 'loaded 5 logs' 5
check_eq fresh_rows "$(tui_screen | grep -c 'INFO fresh line')" 5
check fresh_quit tui_quit
tui_stop

# slsx - on a terminal: there is nothing to read, it says so
tui_start 100 20 "bash -c '$BUILD/slsx -; echo rc=\$?; sleep 30'" || { t_fail tui_start; t_done; }
check stdin_tty_message tui_wait 'standard input is a terminal' 5
check stdin_tty_rc tui_wait 'rc=2' 2
tui_stop

# the terminal going away (SIGHUP) while the files load or the UI runs
# leaves no slsd and no folder behind
hup_sock="slsxfhup$$"
for w in 0.3 3; do
	tmux -L "$hup_sock" -f /dev/null new-session -d -s h -x 100 -y 30 \
		"TMPDIR='$TMPDIR' $BUILD/slsx $T_TMP/access.log"
	sleep "$w"
	tmux -L "$hup_sock" kill-session -t h
	for _ in $(seq 1 50); do [ -z "$(ls -A "$TMPDIR")" ] && break; sleep 0.1; done
	check "hup_after_${w}_no_dir" test -z "$(ls -A "$TMPDIR")"
	check "hup_after_${w}_no_slsd" test -z "$(pgrep -f "slsd --data $TMPDIR/")"
done
tmux -L "$hup_sock" kill-server 2>/dev/null
tui_sanitizers
t_done
