#!/bin/bash
# tui_profiles — the connection level of the tree: the keys slsx started
# with, another profile of ~/.aliyunlogcli (its own endpoint) and an extra
# endpoint from [ui] endpoints, each against its own slsd; expanding one
# lists its projects through it, and opening a logstore there runs the
# query on that server.
. "$(dirname "$0")/lib.sh"

now=$(date +%s)
printf '{"time": %d, "msg": "from server A"}\n' "$((now - 60))" >"$T_TMP/a.jsonl"
printf '{"time": %d, "msg": "from server B"}\n' "$((now - 60))" >"$T_TMP/b.jsonl"
slsd_start --memory --ingest "$T_TMP/a.jsonl:alpha" || { t_fail slsd_a; t_done; }
URL_A=$SLSD_URL
slsd_start --memory --ingest "$T_TMP/b.jsonl:beta" || { t_fail slsd_b; t_done; }
URL_B=$SLSD_URL
slsd_start --memory || { t_fail slsd_c; t_done; }
URL_C=$SLSD_URL
export ALIBABA_CLOUD_ACCESS_KEY_ID=$SLSD_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$SLSD_AK_SECRET
$BUILD/slsx --endpoint "$URL_C" create-project gamma >/dev/null 2>&1

export HOME="$T_TMP/home"
mkdir -p "$HOME/.config/slsx"
printf '[other]\naccess-id = %s\naccess-key = %s\nregion-endpoint = %s\n' \
	"$SLSD_AK_ID" "$SLSD_AK_SECRET" "$URL_B" >"$HOME/.aliyunlogcli"
chmod 600 "$HOME/.aliyunlogcli"
printf '[ui]\nendpoints = %s\n' "$URL_C" >"$HOME/.config/slsx/config"
tui_catch_sanitizers
tui_start 120 40 "$BUILD/slsx --endpoint $URL_A" || { t_fail tui_start; t_done; }

C=$(printf '\342\226\270') # a folded node
O=$(printf '\342\226\276') # an open one
# three connections; the first is open and lists server A's project
check title tui_wait 'Connections' 10
check conn_default tui_wait 'default http://127.0.0.' 5
check conn_profile tui_wait 'other http://127.0.0.1:' 5
check conn_endpoint tui_wait "$URL_C" 5
check first_lists tui_wait "$C local" 5
scr=$(tui_screen | cut -c1-60)
case "$scr" in *gamma*) t_fail others_lazy "gamma listed before asked";; *) t_ok others_lazy;; esac

# open the profile's connection: its projects come from server B
tui_keys G   # the last node: the extra endpoint
tui_keys k   # the profile
tui_keys Enter
check profile_lists tui_wait "$O other" 5
tui_keys j Enter   # its project "local": list logstores
check profile_logstore tui_wait "$C beta" 5
tui_keys j Enter   # open beta: the query runs on server B
check profile_query tui_wait 'msg=from server B' 10
check profile_title tui_wait 'local/beta' 3

# the extra endpoint: its project through slsx's own keys
tui_keys Tab   # back to the tree (results -> tree)
check endpoint_tree_focus tui_wait 'Enter open  l shards' 3
tui_keys G Enter
check endpoint_lists tui_wait "$C gamma" 5

# and back to server A's logstore
tui_keys g j Enter
check default_logstore tui_wait "$C alpha" 5
tui_keys j Enter
check default_query tui_wait 'msg=from server A' 10

tui_keys q
for _ in $(seq 1 30); do tui_exited && break; sleep 0.1; done
check quit tui_exited
tui_stop
tui_sanitizers
t_done
