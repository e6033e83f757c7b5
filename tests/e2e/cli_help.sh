#!/bin/bash
# cli_help — slsx explains itself without an account: `slsx COMMAND --help`
# and `slsx help COMMAND` give that command's usage, options and examples
# (not the global help), `slsx --version` names the libraries it runs with
# (slsd's too: the server its --demo starts), and `slsd --version` its own.
. "$(dirname "$0")/lib.sh"

unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET SLSX_ENDPOINT
export HOME="$T_TMP/home"
X="$BUILD/slsx"
for cmd in whoami projects logstores shards tail put query histogram context index topics \
    project-query create-project create-logstore top patterns compare; do
	out=$($X "$cmd" --help 2>&1)
	check_eq "${cmd}_help_exit" $? 0
	check_match "${cmd}_help_usage" "$out" "^usage: slsx $cmd"
	check_match "${cmd}_help_examples" "$out" "examples:"
	check_eq "${cmd}_help_same" "$($X help "$cmd" 2>&1)" "$out"
	check_match "${cmd}_in_global_help" "$($X --help)" "^  $cmd "
done
check_match doctor_is_whoami "$($X help doctor)" '^usage: slsx whoami'
check_match help_alone_global "$($X help)" 'commands:'
$X help nosuch >/dev/null 2>&1
check_eq help_unknown_exit $? 2
out=$($X --version)
for lib in 'slsx [0-9]' 'libcurl [0-9]' 'OpenSSL [0-9]' 'ncurses [0-9]' 'readline [0-9]' \
    'liblz4 [0-9]' 'protobuf-c [0-9]' 'cJSON [0-9]' 'SQLite [0-9]' 'libmicrohttpd [0-9]' \
    'libzstd [0-9]'; do
	check_match "version_${lib%% *}" "$out" "$lib"
done
check_match slsd_version "$("$BUILD/slsd" --version)" '^slsd [0-9]'
t_done
