#!/bin/bash
# files — local log files against lnav, side by side in the same run (issue
# #15): generated nginx combined logs of BENCH_FILE_LINES lines (default
# 1,000,000) of two kinds, "internal" (8 client IPs, no referrer) and
# "public" (random IPs, referrers and query ids), each measured as
#
#   load+count   start to the answer of `status 500` counted (lnav: its SQL
#                count over access_log; slsx: status:500 | select count(*))
#   peak         resident memory of everything the command started (the sum
#                of each process's high-water mark: tool_base_peak)
#   second       one more search once loaded (lnav scans again: its time with
#                two counts less its time with one; slsx: a second query
#                against the loaded store)
#   ui           the real `slsx FILE` under tmux: start to its first rows
#                on screen (median of 3; the rest loads behind)
#   first rows   slsd started as `slsx FILE` starts it for the UI (--data,
#                --follow, --early), to the answer of the UI's first page:
#                the newest 100 logs, newest first, over the span slsd
#                printed (lnav has no such figure: its screen comes after
#                its load)
#
# lnav is a Debian package: installed here when missing and we are root
# (BENCH_NO_INSTALL=1 skips that; lnav's figures are then left out).
# Issue figures: load+count <= lnav's, second < 50 ms, peak <= 1.5x lnav's,
# first rows < 300 ms.
set -u
cd "$(dirname "$0")/.." || exit 2
B=${BUILD:-build}
N=${BENCH_FILE_LINES:-1000000}
tmp=$(mktemp -d /tmp/slsx-bench.XXXXXX)
pid=""
. bench/lib.sh
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; tmux -L "slsx-bench-files-$$" kill-server 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
PEAK="$B/tools/tool_base_peak"
[ -x "$PEAK" ] || { echo "files: $PEAK is not built (make benches)"; exit 1; }

if ! command -v lnav >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && [ -z "${BENCH_NO_INSTALL:-}" ]; then
	echo "files: installing lnav (Debian) to compare with"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq lnav >/dev/null 2>&1 ||
		{ apt-get update -qq >/dev/null 2>&1 &&
		  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq lnav >/dev/null 2>&1; }
fi
have_lnav=0
command -v lnav >/dev/null 2>&1 && have_lnav=1

# gen KIND FILE: N lines over the last day, status 500 about 1 in 17
gen() {
	awk -v n="$N" -v kind="$1" -v base="$(($(date +%s) - 86400))" 'BEGIN {
	srand(42)
	split("GET GET GET GET POST PUT DELETE", meth, " ")
	split("/api/users /api/orders /api/items /static/app.js /static/app.css /login /healthz /api/search", path, " ")
	split("200 200 200 200 200 200 200 200 200 301 302 304 404 404 500 502 503", st, " ")
	for (i = 0; i < n; i++) {
		t = base + int(i * 86400 / n)
		if (kind == "internal") {
			ip = "10.0.0." (1 + i % 8); q = ""; ref = "-"
		} else {
			ip = int(rand() * 223 + 1) "." int(rand() * 256) "." int(rand() * 256) "." int(rand() * 256)
			q = "?q=" int(rand() * 1e6) "&id=" sprintf("%08x", int(rand() * 2^31))
			ref = "https://r" int(rand() * 1e4) ".example.com/" int(rand() * 1e4)
		}
		printf "%s - - [%s] \"%s %s%s HTTP/1.1\" %s %d \"%s\" \"Mozilla/5.0 (X11; Linux x86_64) curl/7.%d\"\n",
		    ip, strftime("%d/%b/%Y:%H:%M:%S +0000", t, 1), meth[1 + int(rand() * 7)],
		    path[1 + int(rand() * 8)], q, st[1 + int(rand() * 17)], int(rand() * 50000), ref,
		    int(rand() * 90)
	}}' >"$2"
}

ms_of() { sed -n 's/^wall_ms //p' "$1"; }
mb_of() { awk '/^peak_kb/ { printf "%d", $2 / 1024 }' "$1"; }

# lnav_count FILE WHERE...: lnav's count, one query per WHERE; sets lnav_ms, lnav_mb
lnav_count() {
	local f=$1 w args=()
	shift
	for w in "$@"; do args+=(-c ";SELECT count(*) AS n FROM access_log WHERE $w"); done
	mkdir -p "$tmp/lnavhome"
	HOME="$tmp/lnavhome" XDG_CONFIG_HOME="$tmp/lnavhome" "$PEAK" --out "$tmp/lnav.peak" lnav -n "${args[@]}" "$f" >"$tmp/lnav.out" 2>&1
	lnav_ms=$(ms_of "$tmp/lnav.peak")
	lnav_mb=$(mb_of "$tmp/lnav.peak")
	lnav_n=$(awk 'NR == 2 { print $1 }' "$tmp/lnav.out")
}

# slsx_count FILE: load + count with the files the way a user opens them
slsx_count() {
	local f=$1
	if "$B/slsx" --help 2>&1 | grep -q -- '--file'; then
		HOME="$tmp" "$PEAK" --out "$tmp/slsx.peak" "$B/slsx" --file "$f" query --from -2d \
			'status:500 | select count(*) as n' >"$tmp/slsx.out" 2>&1
		how="slsx --file"
	else
		# no slsx --file yet: slsd --ingest, then slsx query, peaks summed
		"$PEAK" --out "$tmp/slsd.peak" "$B/slsd" --memory --keys "$tmp/keys" \
			--listen 127.0.0.1:0 --ingest "$f:web" >"$tmp/out" 2>&1 &
		pid=$!
		local t0 url=""
		t0=$(date +%s%N)
		until url=$(sed -n 's/^listening on //p' "$tmp/out"); [ -n "$url" ]; do sleep 0.01; done
		"$PEAK" --out "$tmp/q.peak" "$B/slsx" --endpoint "$url" -p local -l web query --from -2d \
			'status:500 | select count(*) as n' >"$tmp/slsx.out" 2>&1
		slsx_ms=$((($(date +%s%N) - t0) / 1000000))
		second_url=$url
		how="slsd --ingest + slsx query"
		return
	fi
	slsx_ms=$(ms_of "$tmp/slsx.peak")
	slsx_mb=$(mb_of "$tmp/slsx.peak")
}

# slsx_second FILE: a loaded store, then the time of one more search
slsx_second() {
	local f=$1 t0
	if [ -z "${second_url:-}" ]; then
		bench_slsd --ingest "$f:web"
		second_url=$url
	fi
	"$B/slsx" --endpoint "$second_url" -p local -l web query --from -2d \
		'status:404 | select count(*) as n' >/dev/null 2>&1 # warm
	t0=$(date +%s%N)
	"$B/slsx" --endpoint "$second_url" -p local -l web query --from -2d \
		'status:503 | select count(*) as n' >"$tmp/second.out" 2>&1
	second_ms=$((($(date +%s%N) - t0) / 1000000))
	# slsd under tool_base_peak (which then writes its figures), or slsd itself
	pkill -TERM -P "$pid" 2>/dev/null || kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=""
	second_url=""
	if [ -f "$tmp/slsd.peak" ] && [ -z "${slsx_mb:-}" ]; then
		slsx_mb=$(($(mb_of "$tmp/slsd.peak") + $(mb_of "$tmp/q.peak")))
	fi
}

# slsx_first FILE: slsd as the UI starts it, to its first page of rows;
# sets first_ms, first_rows
slsx_first() {
	local f=$1 t0 url="" a b c
	rm -rf "$tmp/first"
	t0=$(date +%s%N)
	"$B/slsd" --data "$tmp/first" --keys "$tmp/keys" --listen 127.0.0.1:0 --follow --early \
		--ingest "$f:web" >"$tmp/first.out" 2>"$tmp/first.err" &
	pid=$!
	until grep -q '^span ' "$tmp/first.out" 2>/dev/null; do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.005
	done
	url=$(sed -n 's/^listening on //p' "$tmp/first.out")
	read -r a b c < <(grep '^span ' "$tmp/first.out")
	"$B/slsx" --endpoint "$url" -p local -l web query --from "$b" --to "$((c + 1))" --reverse \
		--limit 100 --format jsonl '*' >"$tmp/first.rows" 2>&1
	first_ms=$((($(date +%s%N) - t0) / 1000000))
	first_rows=$(grep -c '^{' "$tmp/first.rows")
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=""
	rm -rf "$tmp/first"
}

# slsx_ui FILE: the real `slsx FILE` under tmux (120x40), start to the
# first rows on its screen, median of 3 starts; sets ui_ms
sock="slsx-bench-files-$$"
slsx_ui() {
	local f=$1 run t0 s now_ns r all=""
	command -v tmux >/dev/null 2>&1 || { ui_ms=""; return; }
	tmux -L "$sock" -f /dev/null new-session -d -s t -x 120 -y 40 "sleep 600"
	for run in 1 2 3; do
		t0=$(date +%s%N)
		tmux -L "$sock" respawn-pane -k -t t "exec env HOME=$tmp INPUTRC=/dev/null \
TERM=xterm-256color LANG=C.UTF-8 $B/slsx $f"
		r=""
		for _ in $(seq 1 3000); do
			s=$(tmux -L "$sock" capture-pane -p -t t)
			now_ns=$(date +%s%N)
			case "$s" in *"Results  1 of"*) r=$(((now_ns - t0) / 1000000)); break;; esac
		done
		all="$all ${r:-99999}"
		tmux -L "$sock" respawn-pane -k -t t "sleep 600"
		sleep 1 # its slsd gone
	done
	tmux -L "$sock" kill-server 2>/dev/null
	ui_ms=$(printf '%s\n' $all | sort -n | sed -n 2p)
}

printf 'benchid benchsecret\n' >"$tmp/keys"
chmod 600 "$tmp/keys"
export ALIBABA_CLOUD_ACCESS_KEY_ID=benchid ALIBABA_CLOUD_ACCESS_KEY_SECRET=benchsecret
for kind in internal public; do
	f="$tmp/$kind.log"
	gen "$kind" "$f"
	want=$(grep -c '" 500 ' "$f")
	mb=$(($(stat -c %s "$f") / 1048576))
	slsx_mb="" second_url=""
	rm -f "$tmp"/*.peak
	slsx_count "$f"
	got=$(sed -n 's/.*"n": *"\{0,1\}\([0-9]*\).*/\1/p' "$tmp/slsx.out" | head -1)
	slsx_second "$f"
	slsx_first "$f"
	slsx_ui "$f"
	[ "$first_rows" = 100 ] || echo "   (first page: $first_rows rows: $(head -c 300 "$tmp/first.rows"))"
	[ "$got" = "$want" ] || echo "   (slsx counted '${got}', the file has $want: $(head -c 300 "$tmp/slsx.out"))"
	printf 'files_%s: %d lines, %d MB, %d with status 500 (%s)\n' "$kind" "$N" "$mb" "$want" "$how"
	printf 'files_%s_slsx: load+count %d ms, peak %s MB, second search %d ms, first rows %d ms (target < 300)\n' \
	    "$kind" "$slsx_ms" "$slsx_mb" "$second_ms" "$first_ms"
	[ -n "$ui_ms" ] && printf 'files_%s_ui: slsx FILE under tmux, start to its first rows on screen %d ms (median of 3; target < 300)\n' \
	    "$kind" "$ui_ms"
	if [ "$have_lnav" = 1 ]; then
		lnav_count "$f" 'sc_status = 500'
		l1=$lnav_ms lmb=$lnav_mb ln=$lnav_n
		lnav_count "$f" 'sc_status = 500' 'sc_status = 503'
		[ "$ln" = "$want" ] || echo "   (lnav counted '$ln')"
		awk -v k="$kind" -v l1="$l1" -v l2="$lnav_ms" -v lmb="$lmb" -v s="$slsx_ms" -v smb="$slsx_mb" \
		    -v s2="$second_ms" 'BEGIN {
			printf "files_%s_lnav: load+count %d ms, peak %d MB, second search %d ms\n", k, l1, lmb, l2 - l1
			printf "files_%s_vs_lnav: load+count %.2fx lnav (target <= 1), peak %.2fx (target <= 1.5), second %d ms (target < 50)\n",
			    k, s / l1, smb / lmb, s2 }'
	else
		echo "files_${kind}_lnav: lnav not installed (BENCH_NO_INSTALL or not root)"
	fi
	rm -f "$f"
done
