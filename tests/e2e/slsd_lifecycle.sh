#!/bin/bash
# slsd_lifecycle — the slsd binary: refuses to start without keys, prints
# its listening line first, stops cleanly on SIGTERM and SIGINT, keeps
# --data across a restart, --demo writes a 0600 key file and demo data,
# --ingest loads files, bad flags are usage errors.
. "$(dirname "$0")/lib.sh"

out=$("$BUILD/slsd" --memory 2>&1)
check_eq no_keys_refuses $? 1
check_match no_keys_message "$out" 'no access keys'
printf 'a b\n' >"$T_TMP/k"
"$BUILD/slsd" --faults 'nosuch:1' --keys "$T_TMP/k" >/dev/null 2>&1
check_eq bad_faults_usage $? 2
"$BUILD/slsd" --listen nonsense >/dev/null 2>&1
check_eq bad_listen_usage $? 2

data="$T_TMP/data"
slsd_start --data "$data" || { t_fail slsd_start; t_done; }
export ALIBABA_CLOUD_ACCESS_KEY_ID=$SLSD_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$SLSD_AK_SECRET
X="$BUILD/slsx --endpoint $SLSD_URL"
$X create-project keep && $X create-logstore -p keep l1 && printf 'one\ntwo\n' | $X put -p keep -l l1 - 2>/dev/null
check_eq written $? 0
kill -TERM "$SLSD_PID"
wait "$SLSD_PID"
check_eq sigterm_exit $? 0

slsd_start --data "$data" || { t_fail slsd_restart; t_done; }
X="$BUILD/slsx --endpoint $SLSD_URL"
check_eq restart_keeps_project "$($X projects)" keep
n=$(timeout -s INT 2 $X tail -p keep -l l1 --from begin 2>/dev/null | wc -l)
check_eq restart_keeps_logs "$n" 2
kill -INT "$SLSD_PID"
wait "$SLSD_PID"
check_eq sigint_exit $? 0

# --demo with no keys: a 0600 key file, named on the second line
"$BUILD/slsd" --demo --demo-rate 0 --data "$T_TMP/demo" --listen 127.0.0.1:0 >"$T_TMP/demo.out" 2>"$T_TMP/demo.err" &
pid=$!
T_PIDS="$T_PIDS $pid"
# (the 24 h back-fill comes first: allow a minute on a loaded machine under ASan)
for _ in $(seq 1 600); do grep -q '^keys ' "$T_TMP/demo.out" && break; sleep 0.1; done
keys=$(sed -n 's/^keys //p' "$T_TMP/demo.out")
check_match demo_first_line "$(head -n 1 "$T_TMP/demo.out")" '^listening on http://127\.0\.0\.1:[0-9]+$'
check_eq demo_key_mode "$(stat -c %a "$keys" 2>/dev/null)" 600
read -r did dsec <"$keys"
url=$(sed -n 's/^listening on //p' "$T_TMP/demo.out")
check_eq demo_logstores "$(ALIBABA_CLOUD_ACCESS_KEY_ID=$did ALIBABA_CLOUD_ACCESS_KEY_SECRET=$dsec \
	$BUILD/slsx --endpoint "$url" logstores -p demo | tr '\n' ' ')" "app-json k8s-events nginx-access "
check_match demo_backfill_report "$(cat "$T_TMP/demo.err")" 'back-filled [0-9]+ logs'
if grep -qF "$dsec" "$T_TMP/demo.out" "$T_TMP/demo.err"; then t_fail demo_secret_not_printed; else t_ok demo_secret_not_printed; fi
kill -TERM $pid
wait $pid
check_eq demo_sigterm_exit $? 0

# --ingest
printf '2024-01-01T00:00:00Z a\n2024-01-01T00:00:01Z b\n' >"$T_TMP/app.log"
slsd_start --memory --ingest "$T_TMP/app.log" || { t_fail slsd_ingest; t_done; }
n=$(timeout -s INT 2 $BUILD/slsx --endpoint "$SLSD_URL" tail -p local -l app --from begin 2>/dev/null | wc -l)
check_eq ingest_logs "$n" 2
t_done
