#!/bin/bash
# export — `slsx query --limit 100000 --format jsonl` against a real slsd
# that adds 50 ms to every GetLogs reply: the wall time against the ideal
# (requests / pages in flight) x 50 ms. Issue figure: within 2x.
set -u
cd "$(dirname "$0")/.." || exit 2
B=${BUILD:-build}
tmp=$(mktemp -d /tmp/slsx-bench.XXXXXX)
pid=""
. bench/lib.sh
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT

now=$(date +%s)
awk -v base="$((now - 3000))" 'BEGIN { for (i = 0; i < 120000; i++)
	printf "{\"time\": %d, \"level\": \"INFO\", \"msg\": \"request %d done in %d ms\", \"n\": %d}\n",
	    base + int(i / 50), i, i % 900, i }' >"$tmp/app.jsonl"
bench_slsd --ingest "$tmp/app.jsonl:app" --faults 'getlogs:delay=50'
for inflight in 4 8 16; do
	t0=$(date +%s%N)
	"$B/slsx" --endpoint "$url" -p local -l app query -v --from -1h --limit 100000 \
		--inflight "$inflight" --format jsonl '*' >"$tmp/rows" 2>"$tmp/err"
	t1=$(date +%s%N)
	rows=$(wc -l <"$tmp/rows")
	reqs=$(sed -n 's/.* rows in \([0-9]*\) requests.*/\1/p' "$tmp/err")
	awk -v ms="$(((t1 - t0) / 1000000))" -v rows="$rows" -v reqs="${reqs:-0}" -v inf="$inflight" \
	    'BEGIN { ideal = reqs / inf * 50;
		printf "export_inflight_%d: %d rows, %d requests, %d ms (ideal %d ms, %.2fx; target <= 2x)\n",
		    inf, rows, reqs, ms, ideal, (ideal > 0 ? ms / ideal : 0) }'
done
