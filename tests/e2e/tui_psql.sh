#!/bin/bash
# tui_psql — project SQL in the UI (issue #14): :project-query SQL and P on
# a project row of the tree run GetProjectLogs (a join of two logstores),
# shown as an SQL table that sorts like any other; the query line names the
# project; / and a query of the logstore leave it.
. "$(dirname "$0")/lib.sh"

now=$(date +%s)
app_jsonl "$T_TMP/app.jsonl" $((now - 1500))
# web: one line per ERROR request of app (n = 0, 10, 20, ...), with a status
awk -v base=$((now - 1500)) 'BEGIN { for (i = 0; i < 1234; i += 10)
	printf "{\"time\": %d, \"n\": %d, \"status\": %d}\n", base + i, i, i % 20 ? 503 : 500 }' \
	>"$T_TMP/web.jsonl"
slsd_start --memory --ingest "$T_TMP/app.jsonl:app" --ingest "$T_TMP/web.jsonl:web" ||
	{ t_fail slsd_start; t_done; }
tui_open 120 40 -l app --from -1h
check start tui_wait 'Hits  1,234' 10
t=$((now - 3600))
tui_keys :
tui_keys -l "project-query select w.status, count(*) as c from app a join web w on a.n = w.n where a.__time__ > $t and w.__time__ > $t group by w.status order by c desc"
tui_keys Enter
check psql_table tui_wait 'local  project SQL  2 rows' 10
check_match psql_head "$(tui_screen)" 'status +c'
check_match psql_rows "$(tui_screen)" '│ +503 +62'
check_match psql_rows2 "$(tui_screen)" '│ +500 +62'
check psql_info tui_wait 'local  project SQL  2 rows' 10
check_match psql_line "$(tui_screen | head -1)" '\[project local\] select w\.status'
check psql_hist tui_wait 'project SQL: no histogram' 10
tui_keys l s
check psql_sort tui_wait 'c ▲' 10
# the tree: P on the project row opens the command line for it
tui_keys Tab # results to the tree
check tree tui_wait 'Enter open  l shards' 10
tui_keys g
tui_keys P
check psql_cmdline tui_wait ':project-query' 10
tui_keys -l "select count(*) as total from web where __time__ > $t"
tui_keys Enter
check psql_tree tui_wait 'local  project SQL  1 row  ' 10
check_match psql_tree_row "$(tui_screen | grep -A1 'total' | tail -1)" '124'
# a query of the logstore leaves project SQL
tui_keys /
tui_keys C-a C-k
tui_keys -l 'level:ERROR'
tui_keys Enter
check left_psql tui_wait 'Hits  124' 10
check_match left_line "$(tui_screen | head -1)" '^.*│\[1h\] level:ERROR'
tui_keys C-c
for _ in $(seq 1 30); do tui_exited && break; sleep 0.1; done
tui_stop
tui_sanitizers
t_done
