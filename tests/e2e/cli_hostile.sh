#!/bin/bash
# cli_hostile — strings from the server are data too: an endpoint whose
# error codes, messages, request ids, project fields and names carry
# terminal escapes (tests/tools/hostile_server.js) never reaches the
# terminal raw through slsx's stdout or stderr; the escapes are shown.
. "$(dirname "$0")/lib.sh"

node_tool hostile_server.js || { t_fail hostile_start; t_done; }
URL=$TOOL_URL
export ALIBABA_CLOUD_ACCESS_KEY_ID=hostileid ALIBABA_CLOUD_ACCESS_KEY_SECRET=hostilesecret
X="$BUILD/slsx --endpoint $URL --timeout 5"

# no_raw NAME FILE: FILE holds no ESC, BEL, C1 CSI or bidi override
no_raw() {
	if LC_ALL=C grep -q $'[\x07\x1b]' "$2" || LC_ALL=C grep -qP '\xc2\x9b|\xe2\x80\xae' "$2"; then
		t_fail "$1" "raw control bytes in $(od -c "$2" | head -3)"
	else
		t_ok "$1"
	fi
}
$X whoami -p evil >"$T_TMP/whoami.out" 2>&1
check_eq whoami_exit $? 0
no_raw whoami_no_raw "$T_TMP/whoami.out"
check_match whoami_shown "$(cat "$T_TMP/whoami.out")" 'request id REQ\\e\]0;id\\x07'
check_match whoami_status_shown "$(cat "$T_TMP/whoami.out")" 'evil \(\\e\]0;pwned'
$X projects >"$T_TMP/projects.out" 2>&1
no_raw projects_no_raw "$T_TMP/projects.out"
for cmd in "query -p evil -l x *" "histogram -p evil -l x *" "logstores -p evil" \
    "shards -p evil -l x" "index -p evil -l x" "tail -p evil -l x"; do
	name=$(echo "$cmd" | cut -d' ' -f1)
	timeout 20 $X $cmd >"$T_TMP/$name.out" 2>&1
	rc=$?
	check_eq "${name}_refused" "$rc" 3
	no_raw "${name}_no_raw" "$T_TMP/$name.out"
	check_match "${name}_code_shown" "$(cat "$T_TMP/$name.out")" 'Denied\\e\]0;pwned\\x07\\e\[2J'
done
t_done
