#!/bin/bash
# tui_demo — `slsx --demo` (what `make demo` runs): it starts its own slsd
# with demo data on a free port and a fresh key pair, opens the UI on
# demo/nginx-access with results and a histogram, and on quit stops slsd
# and removes its temporary folder; no secret appears on the screen.
. "$(dirname "$0")/lib.sh"

export HOME="$T_TMP/home"
mkdir -p "$HOME"
unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET
before=$(ls -d /tmp/slsx-demo.* 2>/dev/null | sort)
tui_start 120 40 "$BUILD/slsx --demo" || { t_fail tui_start; t_done; }
check demo_tree tui_wait 'nginx-access' 60
check demo_results tui_wait 'demo/nginx-access' 30
check demo_rows tui_wait 'Results  1/' 30
check demo_hist tui_wait 'Hits  ' 10
check demo_fields tui_wait 'status=' 10
dir=$(comm -13 <(printf '%s\n' "$before") <(ls -d /tmp/slsx-demo.* 2>/dev/null | sort) | head -1)
check demo_dir test -n "$dir"
pid=$(pgrep -f "slsd --demo --data $dir/data" | head -1)
check demo_slsd_running test -n "$pid"
# the secret of the fresh key pair never reaches the screen
case "$(tui_screen)" in *[Ss]ecret*) t_fail demo_no_secret "secret on screen";; *) t_ok demo_no_secret;; esac
tui_keys q
for _ in $(seq 1 100); do tui_exited && break; sleep 0.1; done
check demo_quit tui_exited
for _ in $(seq 1 50); do [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
check demo_slsd_stopped test -z "$(pgrep -f "slsd --demo --data $dir/data")"
check demo_dir_removed test ! -e "${dir:-/nonexistent}"
tui_stop
t_done
