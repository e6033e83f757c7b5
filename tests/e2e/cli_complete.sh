#!/bin/bash
# cli_complete — the bash completion (completions/slsx.bash): commands,
# options, profile names from the credential files, and project and
# logstore names asked from the server named on the line, cached briefly.
. "$(dirname "$0")/lib.sh"

slsd_start --memory || { t_fail slsd_start; # the zsh completion parses (zsh from scripts/bootstrap)
if command -v zsh >/dev/null; then
	check zsh_syntax zsh -n "$(dirname "$0")/../../completions/_slsx"
else
	t_fail zsh_missing "zsh is needed (scripts/bootstrap installs it)"
fi
t_done; }
export ALIBABA_CLOUD_ACCESS_KEY_ID=$SLSD_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$SLSD_AK_SECRET
export HOME="$T_TMP/home" XDG_CACHE_HOME="$T_TMP/cache"
mkdir -p "$HOME"
printf '[main]\naccess-id = a\naccess-key = b\n[staging]\naccess-id = c\naccess-key = d\n' \
	>"$HOME/.aliyunlogcli"
chmod 600 "$HOME/.aliyunlogcli"
PATH="$(cd "$BUILD" && pwd):$PATH"
X="slsx --endpoint $SLSD_URL"
$X create-project shop >/dev/null && $X create-logstore -p shop web >/dev/null &&
	$X create-logstore -p shop api >/dev/null
. "$(dirname "$0")/../../completions/slsx.bash"

# comp LINE: what completing the last word of LINE offers, sorted, one line
comp() {
	COMP_LINE=$1
	COMP_POINT=${#1}
	_slsx
	printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
}
check_match commands "$(comp 'slsx qu')" '^query $'
check_match all_commands "$(comp 'slsx ')" 'create-logstore .*tail .*whoami'
check_match global_opts "$(comp 'slsx --end')" '^--endpoint $'
check_match file_opt "$(comp 'slsx --fi')" '^--file $'
mkdir -p "$T_TMP/logs" && : >"$T_TMP/logs/access.log"
check_match file_operand "$(comp "slsx $T_TMP/logs/acc")" "access.log \$"
check_match file_after_opt "$(comp "slsx --file $T_TMP/logs/acc")" "access.log \$"
check_match query_opts "$(comp 'slsx query --li')" '^--limit $'
check_match formats "$(comp 'slsx query --format j')" '^json jsonl $'
check_match profiles "$(comp 'slsx --profile ')" 'main staging'
check_match projects "$(comp "slsx --endpoint $SLSD_URL query -p ")" '^shop $'
check_match logstores "$(comp "slsx --endpoint $SLSD_URL query -p shop -l ")" '^api web $'
check cache_written sh -c "ls '$XDG_CACHE_HOME/slsx/' | grep -q complete"
check_eq cache_private "$(stat -c %a "$XDG_CACHE_HOME/slsx")" 700
# cached: the server is not asked again within the minute
kill "$SLSD_PID"; wait "$SLSD_PID" 2>/dev/null
check_match projects_cached "$(comp "slsx --endpoint $SLSD_URL query -p ")" '^shop $'
# the zsh completion parses (zsh from scripts/bootstrap)
if command -v zsh >/dev/null; then
	check zsh_syntax zsh -n "$(dirname "$0")/../../completions/_slsx"
else
	t_fail zsh_missing "zsh is needed (scripts/bootstrap installs it)"
fi
t_done
