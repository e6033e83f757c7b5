#!/bin/bash
# node_sdk — the official Node.js SDK (@alicloud/log from the npm registry),
# unchanged, against a real slsd on loopback (tests/conformance/node/*.js).
. "$(dirname "$0")/lib.sh"

SDK_DIR=build/node
if [ ! -f "$SDK_DIR/node_modules/@alicloud/log/package.json" ]; then
	mkdir -p "$SDK_DIR"
	if ! (cd "$SDK_DIR" && npm install --no-audit --no-fund --silent @alicloud/log >/dev/null 2>&1); then
		t_fail node_sdk_install "npm could not install @alicloud/log (no registry?)"
		t_done
	fi
fi
command -v node >/dev/null || { t_fail node_present "node is not installed"; t_done; }

slsd_start --memory || { t_fail slsd_start; t_done; }
export SLS_NODE_SDK="$PWD/$SDK_DIR/node_modules/@alicloud/log"
for js in tests/conformance/node/*.js; do
	name=$(basename "$js" .js)
	out=$(node "$js" 2>&1)
	rc=$?
	echo "$out" | grep -E '^(ok|FAIL) ' | sed "s/^ok /ok node_${name}_/; s/^FAIL /FAIL node_${name}_/"
	p=$(echo "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' | tail -1)
	f=$(echo "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' | tail -1)
	if [ -z "$p" ]; then
		t_fail "node_$name" "no result line: $(echo "$out" | tail -5)"
		continue
	fi
	T_PASS=$((T_PASS + p))
	T_FAIL=$((T_FAIL + f))
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && t_fail "node_$name" "exit $rc"
done
t_done
