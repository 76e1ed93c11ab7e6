#compdef lib
# zsh completion for lib. Install: lib completion zsh > "${fpath[1]}/_lib"

_lib() {
  local -a globals nouns verbs flags
  globals=(--profile --json --ndjson -q --quiet --raw --no-color --debug -y --yes --retries --help -h --version -V)
  nouns=(library file doc share auth profile completion serve)
  local noun="" verb="" w skip=""
  for w in "${words[@]:1:$((CURRENT-2))}"; do
    if [[ -n "$skip" ]]; then skip=""; continue; fi
    case "$w" in
      --profile|--retries) skip=1; continue ;; # their value is not a noun
      -*) continue ;;
    esac
    if [[ -z "$noun" ]]; then noun="$w"; elif [[ -z "$verb" ]]; then verb="$w"; fi
  done

  # A flag's value: what the flag takes, and nothing where lib cannot know it
  # (names of profiles, libraries and files, ids, text): nothing beats something wrong.
  case "${words[CURRENT-1]}" in
    --status) compadd pending processing ready failed; return ;;
    --level) compadd viewer editor; return ;;
    --provider) compadd local mistral ai21 hal; return ;;
    -o|--output|--token-file) _files; return ;;
    --data) [[ "$noun" == serve ]] && _directories; return ;;
    --drive-root) _directories; return ;;
    --profile|--library|-l|--name|--search|--label|--add-label|--remove-label|--attribute|--remove-attribute|\
    --public-url|--description|--sort|--limit|--retries|--timeout|--interval|--user|--workspace|--org|--set|\
    --host|--port|--token|--team|--client-id|--chunk-size|--type|--sync-interval|--concurrency|--processing-ms|--faults|\
    --headers-timeout-ms|--body-timeout-ms|--idle-timeout-ms|--request-timeout-ms|--max-client-connections|--ai21-max-file-bytes|--ai21-max-library-bytes|\
    --base-url|--org-id|--pages|--path|--include|--exclude|--max-delete) return ;;
  esac

  case "$noun" in
    library) verbs=(list get create update delete owner sync) ;;
    file|doc) verbs=(upload sync list get update delete download text status wait url reprocess) ;;
    share) verbs=(list put delete) ;;
    profile) verbs=(list show add use remove) ;;
    auth) verbs=(status whoami) ;;
    completion) verbs=(bash zsh fish) ;;
    "") compadd -- "${nouns[@]}" "${globals[@]}"; return ;;
  esac

  case "$noun:$verb" in
    library:list|library:ls) flags=(--search --sort --limit --all) ;;
    library:create) flags=(--description --chunk-size --type --data --shared --client-id) ;;
    library:update|library:edit) flags=(--name --description --sync-interval --shared --no-shared) ;;
    library:sync) flags=(--wait --timeout) ;;
    library:owner) flags=(--set) ;;
    file:upload|doc:upload) flags=(--library -l --path --label --public-url --attribute --name --recursive -r --concurrency --overwrite --wait --timeout --verbose -v) ;;
    file:sync|doc:sync) flags=(--library -l --path --include --exclude --delete --dry-run -n --max-delete --follow-links -L --concurrency --wait --timeout --verbose -v) ;;
    file:list|file:ls|doc:list|doc:ls) flags=(--library -l --search --name --path --label --status --sort --limit --all) ;;
    file:update|file:edit|doc:update|doc:edit) flags=(--library -l --name --label --add-label --remove-label --public-url --attribute --remove-attribute) ;;
    file:download|doc:download) flags=(--library -l --output -o --path --all --overwrite) ;;
    file:text|doc:text) flags=(--library -l --pages) ;;
    file:url|doc:url) flags=(--library -l --extracted) ;;
    file:wait|doc:wait) flags=(--library -l --timeout --interval) ;;
    file:*|doc:*) flags=(--library -l) ;;
    share:put|share:add) flags=(--user --workspace --org --level) ;;
    share:delete|share:rm) flags=(--user --workspace --org) ;;
    profile:add) flags=(--provider --base-url --org-id --library --use --no-verify) ;;
    serve:*) flags=(--host --port --data --token --token-file --processing-ms --faults --headers-timeout-ms --body-timeout-ms --idle-timeout-ms --request-timeout-ms --max-client-connections --team --drive-root --ai21-max-file-bytes --ai21-max-library-bytes) ;;
  esac

  if [[ -z "$verb" && ${#verbs} -gt 0 && "$PREFIX" != -* ]]; then
    compadd -- "${verbs[@]}"
  elif [[ "$PREFIX" == -* ]]; then
    compadd -- "${flags[@]}" "${globals[@]}"
  elif [[ "$noun:$verb" == (file|doc):upload ]]; then
    _files # only upload takes local paths
  elif [[ "$noun:$verb" == (file|doc):sync ]]; then
    _directories # sync takes a directory
  fi
}

_lib "$@"
