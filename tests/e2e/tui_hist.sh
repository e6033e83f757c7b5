#!/bin/bash
# tui_hist — the histogram's bars fill its width: the UI asks for buckets
# of a round size that fits the columns it has (GetHistograms' interval),
# so a day on 94 columns is 73 bars of 20 minutes, not 49 of two 15-minute
# buckets each; after a resize it asks again for the new width. Over more
# than two months the axis shows dates with their year.
. "$(dirname "$0")/lib.sh"

now=$(date +%s)
base=$((now - 1500))
app_slsd "$base"
export TZ=UTC
tui_open 120 30 -l app --from -1d
check start tui_wait 'Hits  1,234' 10

# axis_cols: the columns the histogram's axis line takes (its labels and
# rules end where the bars end)
axis_cols() {
	tui_screen | grep '───' | head -1 | sed 's/^[^│]*│//; s/─/-/g; s/ *$//' | awk '{ print length($0) }'
}
# wait_axis NAME MIN MAX: the axis, once redrawn, takes MIN to MAX columns
wait_axis() {
	local n i
	for i in $(seq 1 50); do
		n=$(axis_cols)
		[ -n "$n" ] && [ "$n" -ge "$2" ] && [ "$n" -le "$3" ] && break
		sleep 0.1
	done
	check_between "$1" "${n:-0}" "$2" "$3"
}
check_between() {
	if [ "$2" -ge "$3" ] && [ "$2" -le "$4" ]; then t_ok "$1"; else
		t_fail "$1" "$2 columns, want $3..$4"; tui_screen | sed 's/^/  | /'; fi
}
# 1 day + the range's second on 94 columns: 20-minute buckets, 73 of them
wait_axis day_94 73 74
tui_resize 200 30
# 174 columns: 10-minute buckets, 145
wait_axis day_174 145 146
check resized_hits tui_wait 'Hits  1,234' 10
tui_resize 80 30
# 58 columns: 30-minute buckets, 49
wait_axis day_58 49 50
tui_keys q
tui_stop

# a file of a year and a half: dates with their year on the axis, in the
# range and in the results (06-24 next to 01-01 said nothing of the year)
y0=$(date -u -d '2025-06-24 14:00:00' +%s)
for i in $(seq 0 40); do
	printf '%s INFO step %d\n' "$(date -u -d "@$((y0 + i * 13 * 86400))" '+%F %T')" "$i"
done >"$T_TMP/long.log"
touch -d '-1 minute' "$T_TMP/long.log"
tui_start 120 30 "$BUILD/slsx $T_TMP/long.log" || { t_fail tui_start_long; t_done; }
check long_hits tui_wait 'Hits  41' 15
check_match long_range "$(tui_screen | head -1)" '│\[2025-06-24 1[34]:[0-9:]{5} - 20[0-9-]+ [0-9:]+\]'
check_match long_axis "$(tui_screen | grep '───' | head -1)" '│2025-06-2[0-9]───+2025-'
check_match long_rows "$(tui_screen)" '│20(25|26)-[0-9]{2}-[0-9]{2} [0-9:]{8} content=.*INFO step 40'
tui_stop
tui_sanitizers
t_done
