#!/bin/bash
# cli_proxy — the proxies ops boxes reach SLS through: HTTPS_PROXY (a
# CONNECT tunnel, TLS still verified end to end), HTTP_PROXY / http_proxy
# for http endpoints (libcurl alone reads only the lower-case one), and
# NO_PROXY for hosts to reach directly; the UI's client is the same.
. "$(dirname "$0")/lib.sh"

command -v node >/dev/null || { t_fail node_missing; t_done; }
slsd_start --memory || { t_fail slsd_start; t_done; }
export ALIBABA_CLOUD_ACCESS_KEY_ID=$SLSD_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$SLSD_AK_SECRET
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY no_proxy NO_PROXY ALL_PROXY all_proxy
PLOG=$T_TMP/proxy.log
: >"$PLOG"
node_tool proxy.js "$PLOG" || { t_fail proxy_start; t_done; }
PROXY=$TOOL_URL
C=$T_TMP/ca
tls_ca "$C" || { t_fail make_ca; t_done; }
tls_front "$C" "$SLSD_URL" "$T_TMP/front.log" || { t_fail front_start; t_done; }

# via NAME=VALUE... -- ARGS: run slsx with that environment; OUT, RC, and
# what went through the proxy in VIA
via() {
	local -a env=()
	while [ "$1" != -- ]; do env+=("$1"); shift; done
	shift
	: >"$PLOG"
	OUT=$(env "${env[@]}" "$BUILD/slsx" "$@" 2>&1)
	RC=$?
	VIA=$(cat "$PLOG")
}
via HTTPS_PROXY="$PROXY" -- --endpoint "$TLS_URL" --cacert "$C/ca.crt" projects
check_eq https_proxy_exit "$RC" 0
check_match https_proxy_used "$VIA" "^CONNECT 127.0.0.1:${TLS_URL##*:}"
via https_proxy="$PROXY" -- --endpoint "$TLS_URL" projects
check_eq https_proxy_still_verified "$RC" 5
via HTTP_PROXY="$PROXY" -- --endpoint "$SLSD_URL" projects
check_eq http_proxy_upper_exit "$RC" 0
check_match http_proxy_upper_used "$VIA" "^GET $SLSD_URL/"
via http_proxy="$PROXY" -- --endpoint "$SLSD_URL" projects
check_match http_proxy_lower_used "$VIA" "^GET $SLSD_URL/"
via HTTP_PROXY="$PROXY" NO_PROXY=127.0.0.1 -- --endpoint "$SLSD_URL" projects
check_eq no_proxy_exit "$RC" 0
check_eq no_proxy_direct "$VIA" ""
via HTTPS_PROXY="$PROXY" no_proxy=localhost,127.0.0.1 -- --endpoint "$TLS_URL" \
	--cacert "$C/ca.crt" projects
check_eq no_proxy_https_direct "$VIA" ""
# a proxy that is not there is a network error, said as such
via HTTP_PROXY=http://127.0.0.1:1 -- --endpoint "$SLSD_URL" --timeout 2 projects
check_eq dead_proxy_exit "$RC" 5
check_match dead_proxy_msg "$OUT" 'proxy|connect|Connection refused'
t_done
