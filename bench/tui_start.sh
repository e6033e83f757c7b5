#!/bin/bash
# tui_start — how soon the real slsx UI shows its first frame, and its
# first results, after it is started against a local slsd (under tmux at
# 120x40, polling the screen every few milliseconds, so the figures carry
# that resolution plus tmux's own latency). Median of 5 starts.
# Issue figure: first frame <= 100 ms.
set -u
cd "$(dirname "$0")/.." || exit 2
B=${BUILD:-build}
tmp=$(mktemp -d /tmp/slsx-bench.XXXXXX)
pid=""
. bench/lib.sh
sock="slsx-bench-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null; [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT

now=$(date +%s)
awk -v base="$((now - 600))" 'BEGIN { for (i = 0; i < 5000; i++)
	printf "{\"time\": %d, \"level\": \"INFO\", \"msg\": \"request %d\", \"n\": %d}\n", base + i / 10, i, i }' \
	>"$tmp/app.jsonl"
bench_slsd --ingest "$tmp/app.jsonl:app"
tmux -L "$sock" -f /dev/null new-session -d -s t -x 120 -y 40 "sleep 600"
firsts="" results=""
for run in 1 2 3 4 5; do
	t0=$(date +%s%N)
	tmux -L "$sock" respawn-pane -k -t t "exec env HOME=$tmp INPUTRC=/dev/null TERM=xterm-256color \
LANG=C.UTF-8 ALIBABA_CLOUD_ACCESS_KEY_ID=benchid ALIBABA_CLOUD_ACCESS_KEY_SECRET=benchsecret \
$B/slsx --endpoint $url -p local -l app --from -1h"
	f="" r=""
	for _ in $(seq 1 2000); do
		s=$(tmux -L "$sock" capture-pane -p -t t)
		now_ns=$(date +%s%N)
		[ -z "$f" ] && case "$s" in *Projects*) f=$(( (now_ns - t0) / 1000000 ));; esac
		case "$s" in *"Results  1 of"*) r=$(( (now_ns - t0) / 1000000 )); break;; esac
	done
	firsts="$firsts ${f:-9999}"
	results="$results ${r:-9999}"
done
med() { printf '%s\n' $1 | sort -n | sed -n 3p; }
echo "tui_first_frame: $(med "$firsts") ms (median of 5 starts; target <= 100)"
echo "tui_first_results: $(med "$results") ms (median of 5 starts; 5,000 logs in slsd)"
