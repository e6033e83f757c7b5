#!/bin/bash
# cli_tls — slsx over HTTPS: TLS is verified by default (a certificate from
# an unknown CA is refused at once, with curl's reason, and not retried),
# --cacert / $SLSX_CA_FILE / ca-file in the config trust a private CA, and
# HTTP/2 is used when the server offers it, with parallel requests (query
# pages in flight, every shard of a tail) sharing one connection. The server
# is slsd behind tests/tools/h2_front.js (node's http2, a throwaway CA).
. "$(dirname "$0")/lib.sh"

command -v node >/dev/null || { t_fail node_missing "node is needed (scripts/bootstrap installs it)"; t_done; }
command -v openssl >/dev/null || { t_fail openssl_missing; t_done; }

# a throwaway CA and a server certificate for 127.0.0.1 signed by it
C=$T_TMP/ca
tls_ca "$C" || { t_fail make_ca; t_done; }

awk 'BEGIN { for (i = 0; i < 640; i++) printf "{\"level\": \"INFO\", \"n\": %d}\n", i }' \
	>"$T_TMP/app.jsonl"
slsd_start --memory --ingest "$T_TMP/app.jsonl:app" || { t_fail slsd_start; t_done; }
export ALIBABA_CLOUD_ACCESS_KEY_ID=$SLSD_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$SLSD_AK_SECRET
unset SLSX_CA_FILE

LOG=$T_TMP/front.log
: >"$LOG"
tls_front "$C" "$SLSD_URL" "$LOG" || { t_fail front_start; t_done; }
URL=$TLS_URL
X="$BUILD/slsx --endpoint $URL"

# verified by default: an unknown CA is refused at once (no 90 s of
# retries), exit 5, with the reason
start=$(date +%s)
out=$($X whoami 2>&1)
rc=$?
check_eq refused_exit "$rc" 5
check_match refused_reason "$out" 'certificate'
check refused_fast test $(($(date +%s) - start)) -lt 5
check_eq refused_nothing_sent "$(wc -l <"$LOG")" 0

# --cacert trusts the private CA; the server offered HTTP/2 and got it
out=$($X --cacert "$C/ca.crt" whoami 2>&1)
check_eq cacert_exit $? 0
check_match cacert_http2 "$out" 'endpoint answers: yes \(HTTP/2,'
check_match cacert_logged "$(cat "$LOG")" '^2\.0 [0-9]+ GET /'
# a CA bundle that does not exist is a clear error too
out=$($X --cacert "$T_TMP/nope.crt" whoami 2>&1)
check_eq bad_cafile_exit $? 5
check_match bad_cafile_reason "$out" 'nope\.crt|CA|certificate'

# the same through $SLSX_CA_FILE and through ca-file in the config file
check_match env_cafile "$(SLSX_CA_FILE=$C/ca.crt $X whoami 2>&1)" 'HTTP/2'
mkdir -p "$T_TMP/xdg/slsx"
printf '[default]\nca-file = %s\n' "$C/ca.crt" >"$T_TMP/xdg/slsx/config"
check_match config_cafile "$(XDG_CONFIG_HOME=$T_TMP/xdg $X whoami 2>&1)" 'HTTP/2'

# a paged query over HTTP/2: 7 pages, 4 in flight, all on one connection
: >"$LOG"
out=$($X --cacert "$C/ca.crt" query -v -p local -l app --from -1h --limit 0 --inflight 4 \
	--format jsonl '*' 2>"$T_TMP/err")
check_eq h2_query_rows "$(printf '%s\n' "$out" | grep -c '"level":"INFO"')" 640
check_eq h2_query_distinct "$(printf '%s\n' "$out" | sed 's/.*"n":"\([0-9]*\)".*/\1/' | sort -u | wc -l)" 640
check_match h2_query_requests "$(cat "$LOG" | grep -c ' /logstores/app')" '^([7-9]|1[0-9])$'
check_eq h2_query_all_http2 "$(grep -vc '^2\.0 ' "$LOG")" 0
check_eq h2_query_one_connection "$(awk '{ print $2 }' "$LOG" | sort -u | wc -l)" 1

# writes (lz4 bodies) and a tail of every shard (lz4 protobuf replies)
printf 'over h2 one\nover h2 two\n' | $X --cacert "$C/ca.crt" put -p local -l app - 2>"$T_TMP/err"
check_eq h2_put $? 0
timeout -s INT 3 $X --cacert "$C/ca.crt" tail -p local -l app --from begin >"$T_TMP/tail.out" 2>"$T_TMP/err"
check_eq h2_tail_lines "$(wc -l <"$T_TMP/tail.out")" 642
check_match h2_tail_new "$(cat "$T_TMP/tail.out")" '"content":"over h2 two"'
check_eq h2_all_http2 "$(grep -vc '^2\.0 ' "$LOG")" 0
t_done
