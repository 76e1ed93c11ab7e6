# bash completion for lib. Install: lib completion bash > ~/.local/share/bash-completion/completions/lib
_lib() {
  local cur prev noun verb i
  COMPREPLY=()
  cur="${COMP_WORDS[COMP_CWORD]}"
  prev="${COMP_WORDS[COMP_CWORD-1]}"
  local globals="--profile --json --ndjson -q --quiet --raw --no-color --debug -y --yes --retries --help -h --version -V"
  noun=""
  verb=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "${COMP_WORDS[i]}" in
      --profile|--retries) ((i++)) ;; # their value is not a noun
      -*) ;;
      *)
        if [[ -z "$noun" ]]; then noun="${COMP_WORDS[i]}"
        elif [[ -z "$verb" ]]; then verb="${COMP_WORDS[i]}"; fi
        ;;
    esac
  done

  # A flag's value: what the flag takes, and nothing where lib cannot know it
  # (names of profiles, libraries and files, ids, text): nothing beats something wrong.
  case "$prev" in
    --status) COMPREPLY=($(compgen -W "pending processing ready failed" -- "$cur")); return ;;
    --level) COMPREPLY=($(compgen -W "viewer editor" -- "$cur")); return ;;
    --provider) COMPREPLY=($(compgen -W "local mistral ai21 hal" -- "$cur")); return ;;
    -o|--output|--token-file) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --data) [[ "$noun" == serve ]] && COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --drive-root) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --profile|--library|-l|--name|--search|--label|--add-label|--remove-label|--attribute|--remove-attribute|\
    --public-url|--description|--sort|--limit|--retries|--timeout|--interval|--user|--workspace|--org|--set|\
    --host|--port|--token|--team|--client-id|--chunk-size|--type|--sync-interval|--concurrency|--processing-ms|--faults|\
    --headers-timeout-ms|--body-timeout-ms|--idle-timeout-ms|--request-timeout-ms|--max-client-connections|--ai21-max-file-bytes|--ai21-max-library-bytes|\
    --base-url|--org-id|--pages|--path|--include|--exclude|--max-delete) return ;;
  esac

  local verbs="" flags=""
  case "$noun" in
    library) verbs="list get create update delete owner sync" ;;
    file|doc) verbs="upload sync list get update delete download text status wait url reprocess" ;;
    share) verbs="list put delete" ;;
    profile) verbs="list show add use remove" ;;
    auth) verbs="status whoami" ;;
    completion) verbs="bash zsh fish" ;;
    serve) verbs="" ;;
    "") COMPREPLY=($(compgen -W "library file doc share auth profile completion serve $globals" -- "$cur")); return ;;
  esac

  case "$noun:$verb" in
    library:list|library:ls) flags="--search --sort --limit --all" ;;
    library:create) flags="--description --chunk-size --type --data --shared --client-id" ;;
    library:update|library:edit) flags="--name --description --sync-interval --shared --no-shared" ;;
    library:sync) flags="--wait --timeout" ;;
    library:owner) flags="--set" ;;
    file:upload|doc:upload) flags="--library -l --path --label --public-url --attribute --name --recursive -r --concurrency --overwrite --wait --timeout --verbose -v" ;;
    file:sync|doc:sync) flags="--library -l --path --include --exclude --delete --dry-run -n --max-delete --follow-links -L --concurrency --wait --timeout --verbose -v" ;;
    file:list|file:ls|doc:list|doc:ls) flags="--library -l --search --name --path --label --status --sort --limit --all" ;;
    file:update|file:edit|doc:update|doc:edit) flags="--library -l --name --label --add-label --remove-label --public-url --attribute --remove-attribute" ;;
    file:download|doc:download) flags="--library -l --output -o --path --all --overwrite" ;;
    file:text|doc:text) flags="--library -l --pages" ;;
    file:url|doc:url) flags="--library -l --extracted" ;;
    file:wait|doc:wait) flags="--library -l --timeout --interval" ;;
    file:*|doc:*) flags="--library -l" ;;
    share:put|share:add) flags="--user --workspace --org --level" ;;
    share:delete|share:rm) flags="--user --workspace --org" ;;
    profile:add) flags="--provider --base-url --org-id --library --use --no-verify" ;;
    serve:*) flags="--host --port --data --token --token-file --processing-ms --faults --headers-timeout-ms --body-timeout-ms --idle-timeout-ms --request-timeout-ms --max-client-connections --team --drive-root --ai21-max-file-bytes --ai21-max-library-bytes" ;;
  esac

  if [[ -z "$verb" && -n "$verbs" && "$cur" != -* ]]; then
    COMPREPLY=($(compgen -W "$verbs" -- "$cur"))
  elif [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$flags $globals" -- "$cur"))
  elif [[ "$noun:$verb" == file:upload || "$noun:$verb" == doc:upload ]]; then
    COMPREPLY=($(compgen -f -- "$cur")) # only upload takes local paths
  elif [[ "$noun:$verb" == file:sync || "$noun:$verb" == doc:sync ]]; then
    COMPREPLY=($(compgen -d -- "$cur")) # sync takes a directory
  fi
}
complete -o filenames -F _lib lib
