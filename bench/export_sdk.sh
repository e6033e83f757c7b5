#!/bin/bash
# export_sdk — `slsx query --limit 0` of 20,000 rows against the official
# Python SDK's get_log_all, same slsd, same run, 50 ms added to every
# GetLogs (a link to a region). The SDK is public
# (aliyun/aliyun-log-python-sdk) and runs on Debian's python3 packages
# (python3-requests, -six, -dateutil, -protobuf, -lz4, -jmespath,
# -dateparser); SLSX_PYTHON_SDK names its source tree. Without it only
# slsx's figure is printed. Issue figure: at least 10x the SDK's speed.
set -u
cd "$(dirname "$0")/.." || exit 2
B=${BUILD:-build}
tmp=$(mktemp -d /tmp/slsx-bench.XXXXXX)
pid=""
. bench/lib.sh
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT

now=$(date +%s)
awk -v base="$((now - 3000))" 'BEGIN { for (i = 0; i < 20000; i++)
	printf "{\"time\": %d, \"level\": \"INFO\", \"msg\": \"request %d done in %d ms\", \"n\": %d}\n",
	    base + int(i / 10), i, i % 900, i }' >"$tmp/app.jsonl"
bench_slsd --ingest "$tmp/app.jsonl:app" --faults 'getlogs:delay=50'
from=$((now - 3600)) to=$((now + 1))
t0=$(date +%s%N)
"$B/slsx" --endpoint "$url" -p local -l app query -v --from "$from" --to "$to" --limit 0 \
	--format jsonl '*' >"$tmp/rows" 2>"$tmp/err"
t1=$(date +%s%N)
slsx_ms=$(((t1 - t0) / 1000000))
echo "export_slsx_20k: $(wc -l <"$tmp/rows") rows in $slsx_ms ms ($(sed -n 's/.*at most \([0-9]*\) in flight.*/\1/p' "$tmp/err") in flight at most)"
py=/usr/bin/python3
[ -x "$py" ] || py=python3
if [ -z "${SLSX_PYTHON_SDK:-}" ] || [ ! -d "$SLSX_PYTHON_SDK/aliyun/log" ]; then
	echo "export_python_sdk_20k: skipped (set SLSX_PYTHON_SDK to a source tree of aliyun-log-python-sdk)"
	exit 0
fi
out=$(PYTHONPATH="$SLSX_PYTHON_SDK" "$py" bench/export_sdk.py "$url" "$ALIBABA_CLOUD_ACCESS_KEY_ID" "$ALIBABA_CLOUD_ACCESS_KEY_SECRET" \
	local app "$from" "$to" 2>"$tmp/pyerr" | tail -1)
if [ -z "$out" ]; then
	echo "export_python_sdk_20k: failed ($(tail -1 "$tmp/pyerr"))"
	exit 0
fi
awk -v o="$out" -v ms="$slsx_ms" 'BEGIN { split(o, f, " ");
	printf "export_python_sdk_20k: %d rows in %d ms (get_log_all); slsx is %.1fx faster (target >= 10x)\n",
	    f[1], f[2] * 1000, (ms > 0 ? f[2] * 1000 / ms : 0) }'
