#!/bin/bash
# tail — the TUI's live-tail engine (client/cl_tail.c, through tool_client_tail)
# following a 64-shard logstore of a real slsd while a writer puts 20,000
# lines a second for 10 seconds. Prints the lines it pulled per second and
# the CPU it used as a share of one core. Issue figure: keeps up with
# 20,000 lines/s across 64 shards using less than a quarter of a core.
set -u
cd "$(dirname "$0")/.." || exit 2
B=${BUILD:-build}
tmp=$(mktemp -d /tmp/slsx-bench.XXXXXX)
pid=""
. bench/lib.sh
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT

bench_slsd
X="$B/slsx --endpoint $url"
$X create-project tailbench >/dev/null && $X create-logstore -p tailbench web --shards 64 >/dev/null ||
	{ echo "setup failed"; exit 1; }
# 10,000 lines, put every half second for 10 s: 20,000 lines/s
awk 'BEGIN { for (i = 0; i < 10000; i++)
	printf "GET /api/v1/items/%d 200 %d ms user=%d trace=%08x\n", i, i % 900, i % 977, i * 2654435761 }' \
	>"$tmp/batch"
"$B/tools/tool_client_tail" "$url" tailbench web end 12 1000000 >"$tmp/tail.out" 2>&1 &
tpid=$!
sleep 1
t0=$(date +%s%N)
for _ in $(seq 1 20); do
	$X put -p tailbench -l web "$tmp/batch" >/dev/null 2>&1 &
	sleep 0.5
done
wait_put=$(( ($(date +%s%N) - t0) / 1000000 ))
wait "$tpid"
pulled=$(sed -n 's/^pulled: //p' "$tmp/tail.out")
cpu=$(sed -n 's/^cpu_ms: //p' "$tmp/tail.out")
shards=$(sed -n 's/^shards: //p' "$tmp/tail.out")
awk -v p="${pulled:-0}" -v c="${cpu:-0}" -v s="${shards:-0}" -v w="$wait_put" 'BEGIN {
	printf "tail_shards: %d\n", s
	printf "tail_lines_pulled: %d of 200000 written over %.1f s\n", p, w / 1000
	printf "tail_cpu: %.1f%% of one core over the 12 s run (target < 25%%)\n", c / 120 }'
