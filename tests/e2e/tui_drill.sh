#!/bin/bash
# tui_drill — drilling down (issue #14): Enter on a row of an SQL GROUP BY
# result runs the search narrowed to the row's group (a field's value, a
# time bucket's slice) over the same range, Esc returns to the table; in
# the histogram a marked span of bars (m, or H / L) becomes the range.
. "$(dirname "$0")/lib.sh"

now=$(date +%s)
base=$((now - 1500))
app_slsd "$base"
export TZ=UTC
tui_open 120 40 -l app --from -1h
check start tui_wait 'Hits  1,234' 10

# a field's group
tui_keys /
tui_keys C-a C-k
tui_keys -l '* | select level, count(*) as c group by level order by c desc'
tui_keys Enter
check sql tui_wait 'Results  1 of 2  (' 10
check_match sql_rows "$(tui_screen)" 'ERROR +124'
tui_keys j Enter
check drilled tui_wait 'Hits  124' 10
check_match drilled_query "$(tui_screen | head -1)" '\] level:"ERROR"$'
check drilled_rows tui_wait 'level=ERROR msg=request' 10
tui_keys Escape
check back tui_wait 'Results  2 of 2  (' 10
# q goes back from a drilled-down result too, and does not quit
tui_keys Enter
check drilled_again tui_wait 'Hits  124' 10
tui_keys q
check q_back tui_wait 'Results  2 of 2  (' 10
check q_alive tui_alive
check_match back_query "$(tui_screen | head -1)" '\] \* \| select level, count'

# a time bucket's slice, with a search kept
tui_keys /
tui_keys C-a C-k
tui_keys -l 'level:INFO | select __time__ - __time__ % 300 as t, count(*) as c group by t order by t'
tui_keys Enter
check buckets tui_wait 'Results  1 of ' 10
row=$(tui_screen | grep -A1 '  t  ' | tail -1 | sed 's/^[^│]*│//')
t0=$(echo "$row" | awk '{ print $1 }')
c0=$(echo "$row" | awk '{ print $2 }')
check bucket_row test -n "$t0" -a -n "$c0"
tui_keys Enter
check bucket_hits tui_wait "Hits  $c0" 10
check_match bucket_query "$(tui_screen | head -1)" '\] level:INFO$'
# the bucket's range; both ends carry their date when they fall on two days
if [ "$(TZ=UTC date -d "@$t0" +%F)" = "$(TZ=UTC date -d "@$((t0 + 300))" +%F)" ]; then
	range="$(TZ=UTC date -d "@$t0" +%T)-$(TZ=UTC date -d "@$((t0 + 300))" +%T)"
else
	range="$(TZ=UTC date -d "@$t0" '+%m-%d %T') - $(TZ=UTC date -d "@$((t0 + 300))" '+%m-%d %T')"
fi
check_match bucket_range "$(tui_screen | head -1)" "^.*│\\[$range\\]"
tui_keys Escape
check bucket_back tui_wait 'Results  1 of ' 10

# no GROUP BY: nothing to drill into
tui_keys /
tui_keys C-a C-k
tui_keys -l '* | select count(*) as c'
tui_keys Enter
check plain_sql tui_wait 'Results  1 of 1  (' 10
tui_keys Enter
check no_drill tui_wait 'nothing to drill into' 10

# the histogram: a marked span of bars becomes the range
tui_keys /
tui_keys C-a C-k
tui_keys -l '*'
tui_keys Enter
check all tui_wait 'Hits  1,234' 10
tui_keys BTab # results to the histogram
tui_keys l l
tui_keys L L L
check span tui_wait '(4 bars marked; Enter zooms, m unmarks)' 10
# the span's ends carry their date (MM-DD) when the range crosses midnight
t='\([0-9][0-9]-[0-9][0-9] \)\{0,1\}[0-9:]\{8\}'
n=$(tui_screen | sed -n "s/.*Hits  $t - $t: \\([0-9,]*\\)  (4 bars.*/\\3/p" | head -1)
check span_count test -n "$n"
tui_keys Enter
check span_zoomed tui_wait "Hits  $n" 10
tui_keys l
check unmarked_hint tui_wait 'm, H L: mark a span' 10

tui_keys C-c
for _ in $(seq 1 30); do tui_exited && break; sleep 0.1; done
check quit tui_exited
tui_stop

# date_trunc's text is slsd's local time: with slsd and the UI in
# Shanghai (UTC+8) a minute's row drills into that minute (it once read
# the text as UTC: 8 hours off, "nothing to drill into")
export TZ=Asia/Shanghai
slsd_start --memory --ingest "$T_TMP/app.jsonl:app" || { t_fail slsd_shanghai; t_done; }
tui_open 120 40 -l app --from -1h
check sh_start tui_wait 'Hits  1,234' 10
tui_keys /
tui_keys C-a C-k
tui_keys -l "* | select date_trunc('minute', __time__) as m, count(*) as c group by m order by m"
tui_keys Enter
check sh_buckets tui_wait 'Results  1 of ' 10
row=$(tui_screen | grep -A2 '│m  ' | tail -1 | sed 's/^[^│]*│//')
m1=$(echo "$row" | awk '{ print $2 }' | cut -c1-5)
c1=$(echo "$row" | awk '{ print $3 }')
check sh_row test -n "$m1" -a -n "$c1"
check_eq sh_local_text "$m1" "$(TZ=Asia/Shanghai date -d "@$(( (base / 60 + 1) * 60 ))" +%H:%M)"
tui_keys j Enter
check sh_drilled tui_wait "Hits  $c1" 10
check_match sh_range "$(tui_screen | head -1)" "\\[([0-9-]+ )?$m1:00-..:..:..\\] \\*\$"
tui_keys C-c
for _ in $(seq 1 30); do tui_exited && break; sleep 0.1; done
tui_stop
tui_sanitizers
t_done
