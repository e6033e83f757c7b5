# bash completion for slsx — commands, options, profile names from the
# credential files, and project / logstore names asked from the server
# (with the endpoint and profile already on the line; cached 60 s).
# Installed as share/bash-completion/completions/slsx.

_slsx_global_opts="--endpoint --connect-to --cacert --region --timeout --profile --raw --log
--theme --demo --file --from --version --help -p --project -l --logstore"

# _slsx_names KIND [-p PROJECT]: names from the server, cached briefly
_slsx_names() {
	local kind=$1 cache dir key
	shift
	dir="${XDG_CACHE_HOME:-$HOME/.cache}/slsx"
	key=$(printf '%s ' "$kind" "${_slsx_conn[@]}" "$@" | cksum | cut -d' ' -f1)
	cache="$dir/complete.$key"
	if [ -f "$cache" ] && [ -n "$(find "$cache" -mmin -1 2>/dev/null)" ]; then
		cat "$cache"
		return
	fi
	mkdir -p "$dir" 2>/dev/null && chmod 700 "$dir" 2>/dev/null
	slsx "${_slsx_conn[@]}" --timeout 3 "$kind" "$@" 2>/dev/null | tee "$cache.$$" &&
		mv -f "$cache.$$" "$cache" 2>/dev/null
	rm -f "$cache.$$"
}

_slsx() {
	local cur prev cmd="" project="" i w n
	local -a words
	COMPREPLY=()
	# words split at blanks only (COMP_WORDS also splits at ':', which
	# endpoint URLs hold)
	read -r -a words <<<"${COMP_LINE:0:COMP_POINT}"
	[[ ${COMP_LINE:0:COMP_POINT} == *" " ]] && words+=("")
	n=${#words[@]}
	cur=${words[n-1]}
	prev=${words[n-2]}
	_slsx_conn=()
	# what is on the line so far: the connection options, the command, -p
	for ((i = 1; i < n - 1; i++)); do
		w=${words[i]}
		case $w in
		--endpoint|--profile|--region|--cacert|--connect-to)
			_slsx_conn+=("$w" "${words[i+1]}"); i=$((i + 1)) ;;
		-p|--project) project=${words[i+1]}; i=$((i + 1)) ;;
		--timeout|--log|--theme|--from|-l|--logstore|--file) i=$((i + 1)) ;;
		-*) ;;
		*) [ -z "$cmd" ] && cmd=$w ;;
		esac
	done
	case $prev in
	--profile)
		COMPREPLY=($(compgen -W "$(slsx __complete profiles 2>/dev/null)" -- "$cur")); return ;;
	-p|--project)
		COMPREPLY=($(compgen -W "$(_slsx_names projects)" -- "$cur")); return ;;
	-l|--logstore)
		[ -n "$project" ] &&
			COMPREPLY=($(compgen -W "$(_slsx_names logstores -p "$project")" -- "$cur"))
		return ;;
	--theme)
		COMPREPLY=($(compgen -W "dark light high-contrast mono" -- "$cur")); return ;;
	--format)
		COMPREPLY=($(compgen -W "table text jsonl json csv" -- "$cur")); return ;;
	--from)
		COMPREPLY=($(compgen -W "end begin now -15m -1h today yesterday" -- "$cur")); return ;;
	--cacert|--log|--file)
		COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--endpoint|--region|--timeout|--to|--limit|--inflight|--shard|--query|--topic|--source|\
	--pack-id|--pack-meta|-B|-A|--before|--after|--shards|--ttl|--description|--connect-to)
		return ;;
	esac
	if [ -z "$cmd" ]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$_slsx_global_opts" -- "$cur"))
		elif [[ $cur == */* || $cur == .* ]]; then
			COMPREPLY=($(compgen -f -- "$cur")) # slsx FILE...
		else
			COMPREPLY=($(compgen -W "$(slsx __complete commands 2>/dev/null)" -- "$cur"))
		fi
		return
	fi
	case $cmd in
	help) COMPREPLY=($(compgen -W "$(slsx __complete commands 2>/dev/null)" -- "$cur")); return ;;
	put) [[ $cur != -* ]] && { COMPREPLY=($(compgen -f -- "$cur")); return; } ;;
	esac
	if [[ $cur == -* ]]; then
		local opts="-p --project -l --logstore --help"
		case $cmd in
		query) opts="$opts --from --to --limit --reverse --format --inflight --v1 --verbose" ;;
		histogram) opts="$opts --from --to --format" ;;
		top) opts="$opts --from --to --limit --format" ;;
		compare) opts="$opts --from --to --baseline-from --baseline-to --field --sample --format" ;;
		patterns) opts="$opts --from --to --sample --field --limit --format" ;;
		tail) opts="$opts --shard --from --query" ;;
		put) opts="$opts --topic --source" ;;
		context) opts="$opts --pack-id --pack-meta -B -A --before --after --format" ;;
		index) opts="$opts --format" ;;
		project-query) opts="$opts --format" ;;
		create-project) opts="--description --help" ;;
		create-logstore) opts="$opts --shards --ttl" ;;
		esac
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	fi
}
complete -F _slsx slsx
