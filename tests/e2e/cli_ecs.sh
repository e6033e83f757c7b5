#!/bin/bash
# cli_ecs — the EcsRamRole credential mode against a fake instance metadata
# service (tests/tools/tool_server_imds) and a real slsd that requires the
# STS token: a config.json profile with and without a role name, the
# session-token handshake, ALIBABA_CLOUD_ECS_METADATA, whoami naming the
# role (never the secret), and a clear error when the service fails.
. "$(dirname "$0")/lib.sh"

SLSD_KEYS="$T_TMP/keys"
SLSD_AK_ID="STS.ecsid$$"
SLSD_AK_SECRET="ecssecret$RANDOM$RANDOM"
STS="ecs-sts-token-$RANDOM"
printf '%s %s sts\n' "$SLSD_AK_ID" "$SLSD_AK_SECRET" >"$SLSD_KEYS"
chmod 600 "$SLSD_KEYS"
slsd_start --memory || { t_fail slsd_start; t_done; }

"$BUILD/tools/tool_server_imds" myrole "$SLSD_AK_ID" "$SLSD_AK_SECRET" "$STS" --require-token \
	>"$T_TMP/imds.out" 2>"$T_TMP/imds.log" &
T_PIDS="$T_PIDS $!"
for _ in $(seq 1 50); do
	IMDS=$(sed -n 's/^listening on //p' "$T_TMP/imds.out")
	[ -n "$IMDS" ] && break
	sleep 0.1
done
check imds_started test -n "$IMDS"
export SLSX_ECS_METADATA_URL=$IMDS
unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET ALIBABA_CLOUD_SECURITY_TOKEN
export HOME="$T_TMP/home"
mkdir -p "$HOME/.aliyun"
X="$BUILD/slsx --endpoint $SLSD_URL"

# a profile naming its role
cat >"$HOME/.aliyun/config.json" <<JSON
{"current": "ecs", "profiles": [{"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "myrole"}]}
JSON
out=$($X whoami 2>&1)
check_match whoami_source "$out" 'ECS RAM role myrole'
check_match whoami_answers "$out" 'endpoint answers: yes'
check_match whoami_sts "$out" 'with a security token'
case "$out" in *"$SLSD_AK_SECRET"*|*"$STS"*) t_fail whoami_no_secret "a secret was printed";; *) t_ok whoami_no_secret;; esac
check create_project $X create-project ecsproj
check_eq list_projects "$($X projects)" ecsproj
check_match token_handshake "$(cat "$T_TMP/imds.log")" 'GET /latest/meta-data/ram/security-credentials/myrole token=yes'

# no role name: the first role the instance has
cat >"$HOME/.aliyun/config.json" <<JSON
{"current": "ecs", "profiles": [{"name": "ecs", "mode": "EcsRamRole"}]}
JSON
check_match role_discovered "$($X whoami 2>&1)" 'ECS RAM role myrole'

# the environment variable, without any config file
rm -f "$HOME/.aliyun/config.json"
check_match env_role "$(ALIBABA_CLOUD_ECS_METADATA=myrole $X whoami 2>&1)" \
	'ALIBABA_CLOUD_ECS_METADATA \(ECS RAM role myrole\)'

# a role the instance does not have: a clear error, exit code for auth
out=$(ALIBABA_CLOUD_ECS_METADATA=otherrole $X projects 2>&1)
check_eq bad_role_exit $? 3
check_match bad_role_msg "$out" 'refused the credentials of role otherrole \(HTTP 404\)'
# no metadata service at all
out=$(SLSX_ECS_METADATA_URL=http://127.0.0.1:9 ALIBABA_CLOUD_ECS_METADATA=myrole $X projects 2>&1)
check_eq no_imds_exit $? 3
check_match no_imds_msg "$out" 'ECS metadata service'
# keys about to expire are renewed before the next request
"$BUILD/tools/tool_server_imds" myrole "$SLSD_AK_ID" "$SLSD_AK_SECRET" "$STS" --ttl=120 \
	>"$T_TMP/imds2.out" 2>"$T_TMP/imds2.log" &
T_PIDS="$T_PIDS $!"
for _ in $(seq 1 50); do
	IMDS2=$(sed -n 's/^listening on //p' "$T_TMP/imds2.out")
	[ -n "$IMDS2" ] && break
	sleep 0.1
done
SLSX_ECS_METADATA_URL=$IMDS2 ALIBABA_CLOUD_ECS_METADATA=myrole $X projects >/dev/null 2>&1
check_eq refresh_exit $? 0
check_eq refreshed "$(grep -c 'GET /latest/meta-data/ram/security-credentials/myrole' "$T_TMP/imds2.log")" 2
t_done
