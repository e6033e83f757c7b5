# fish completion for slsx — commands, profiles, formats.
# Installed as share/fish/vendor_completions.d/slsx.fish.
complete -c slsx -f
complete -c slsx -n __fish_use_subcommand -a '(slsx __complete commands 2>/dev/null)'
complete -c slsx -l profile -x -a '(slsx __complete profiles 2>/dev/null)'
complete -c slsx -l format -x -a 'table text jsonl json csv'
complete -c slsx -l theme -x -a 'dark light high-contrast mono'
complete -c slsx -l from -x -a 'end begin now -15m -1h today yesterday'
complete -c slsx -l endpoint -x
complete -c slsx -s p -l project -x
complete -c slsx -s l -l logstore -x
complete -c slsx -l cacert -r -F
complete -c slsx -l log -r -F
complete -c slsx -l demo
complete -c slsx -l file -r -F
complete -c slsx -l raw
complete -c slsx -l version
complete -c slsx -l help
