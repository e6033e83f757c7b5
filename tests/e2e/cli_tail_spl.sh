#!/bin/bash
# cli_tail_spl — `slsx tail --query SPL` against slsd: the server keeps
# only the logs the "* | where" stages select (SPL sent with
# pullMode=scan_on_stream, as the SDKs do), a field absent from a batch is
# NULL, and an SPL slsd does not run (or a bad condition) stops tail with
# the server's message and exit code 4 instead of retrying forever, as
# every other refusal no retry can fix does.
. "$(dirname "$0")/lib.sh"

slsd_start --memory || { t_fail slsd_start; t_done; }
export ALIBABA_CLOUD_ACCESS_KEY_ID=$SLSD_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$SLSD_AK_SECRET
X="$BUILD/slsx --endpoint $SLSD_URL"
check create_project $X create-project splp
check create_logstore $X create-logstore -p splp web --shards 2
printf '{"status":"200","u":"/a"}\n{"status":"500","u":"/b"}\n{"status":"404","u":"/c"}\n{"status":"503","u":"/d"}\n' |
	$X put -p splp -l web - >/dev/null
# tail follows until interrupted: stop it after 3 seconds
tl() { timeout 3 $X tail -p splp -l web --from begin --query "$1" 2>"$T_TMP/err"; }
out=$(tl "* | where cast(status as bigint) >= 500")
check_eq spl_5xx_count "$(printf '%s\n' "$out" | grep -c '"status"')" 2
check_match spl_5xx_b "$out" '"u":"/b"'
check_match spl_5xx_d "$out" '"u":"/d"'
out=$(tl "* | where status = '404' | where u like '/%'")
check_eq spl_stages "$(printf '%s\n' "$out" | grep -c '"u":"/c"')" 1
out=$(tl "* | where level = 'ERROR'")
check_eq spl_absent_field "$(printf '%s' "$out" | wc -c)" 0
check_eq spl_absent_field_no_error "$(cat "$T_TMP/err")" ""
timeout 10 $X tail -p splp -l web --from begin --query "status:500" >/dev/null 2>"$T_TMP/err"
check_eq spl_unsupported_exit $? 4
check_match spl_unsupported_msg "$(cat "$T_TMP/err")" 'slsd runs SPL of the form'
# a refusal is said once, never followed by a "(retrying)" that does not come
check_eq spl_unsupported_once "$(grep -c 'slsd runs SPL' "$T_TMP/err")" 1
check_eq spl_unsupported_no_retry "$(grep -c 'retrying' "$T_TMP/err")" 0
timeout 10 $X tail -p splp -l web --from begin --query "* | where status = " >/dev/null 2>"$T_TMP/err"
check_eq spl_bad_exit $? 4
check_match spl_bad_msg "$(cat "$T_TMP/err")" 'bad SPL where condition'
# other refusals stop it at once too: a logstore that is not there, keys
# the server does not take; a shard that is not there leaves nothing to follow
timeout 10 $X tail -p splp -l nosuch >/dev/null 2>"$T_TMP/err"
check_eq refused_logstore_exit $? 4
check_match refused_logstore_msg "$(cat "$T_TMP/err")" 'ListShards: .*LogStoreNotExist'
check_eq refused_logstore_no_retry "$(grep -c 'retrying' "$T_TMP/err")" 0
ALIBABA_CLOUD_ACCESS_KEY_SECRET=wrong timeout 10 $X tail -p splp -l web >/dev/null 2>"$T_TMP/err"
check_eq refused_keys_exit $? 3
check_eq refused_keys_once "$(grep -c 'SignatureNotMatch' "$T_TMP/err")" 1
timeout 10 $X tail -p splp -l web --shard 7 >/dev/null 2>"$T_TMP/err"
check_eq no_shard_exit $? 1
check_match no_shard_msg "$(cat "$T_TMP/err")" 'no readwrite shard to follow'
t_done
