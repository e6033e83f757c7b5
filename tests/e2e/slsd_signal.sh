#!/bin/bash
# slsd_signal — SIGTERM stops slsd whichever of its threads the kernel
# hands the signal to. A process-directed signal may be taken by any
# thread that does not block it; slsd waited in pause() on the main
# thread, so a SIGTERM taken by the HTTP thread set the stop flag and
# slsd never woke (seen as a hung test cleanup under load). Here the
# signal is sent to each of slsd's threads in turn (kill to a thread id
# makes the kernel prefer that thread), and slsd must exit each time.
. "$(dirname "$0")/lib.sh"

# wait_gone PID: until the process has exited (10 s at most)
wait_gone() {
	local n=100
	while [ "$n" -gt 0 ]; do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}

slsd_start --memory || { t_fail slsd_start; t_done; }
threads=$(ls /proc/"$SLSD_PID"/task | wc -l)
kill "$SLSD_PID"
check sigterm_main_thread wait_gone "$SLSD_PID"
for i in $(seq 1 "$threads"); do
	slsd_start --memory || { t_fail slsd_start; t_done; }
	tid=$(ls /proc/"$SLSD_PID"/task | sed -n "${i}p")
	name=$(cat /proc/"$SLSD_PID"/task/"$tid"/comm 2>/dev/null)
	kill -TERM "$tid"
	if wait_gone "$SLSD_PID"; then t_ok "sigterm_thread_$i"; else
		t_fail "sigterm_thread_$i" "slsd ignored a SIGTERM taken by its thread $name"
		kill -9 "$SLSD_PID"
	fi
	wait "$SLSD_PID" 2>/dev/null
done
t_done
