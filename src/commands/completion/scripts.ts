/**
 * The completion scripts `lib completion bash|zsh|fish` prints. They hold no
 * list of nouns, verbs or flags: every TAB asks the program itself
 * (`lib __complete WORDS... CURRENT`, complete.ts), which reads the commander
 * tree, so a script installed once keeps up with every verb and flag a later
 * lib registers, and cannot drift from the program. Each one turns the answer
 * into its shell's terms: the candidate lines (value, tab, description) as
 * words, `:files` and `:dirs` as the shell's own path completion, and
 * anything else (no answer, an error, a timeout) as nothing at all.
 * The program is called by the name the user typed (`~/bin/lib`, `./lib`).
 */
import type { SHELLS } from './complete.js';

export type Shell = (typeof SHELLS)[number];

export function script(shell: Shell, name: string): string {
  switch (shell) {
    case 'bash':
      return bash(name);
    case 'zsh':
      return zsh(name);
    case 'fish':
      return fish(name);
  }
}

function bash(name: string): string {
  return `# bash completion for ${name}. Install: ${name} completion bash > ~/.local/share/bash-completion/completions/${name}
# Each TAB asks ${name} itself (${name} __complete), so this script never goes stale.
_${name}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" out directive line w
  local -a args=()
  COMPREPLY=()
  # The words as typed, unquoted: escaped spaces, and quotes around or before a word.
  for w in "\${COMP_WORDS[@]:1:COMP_CWORD}"; do
    w="\${w//\\\\ / }"
    if [[ \${#w} -gt 1 && ( "$w" == \\"*\\" || "$w" == \\'*\\' ) ]]; then
      w="\${w:1:\${#w}-2}"
    elif [[ "$w" == [\\"\\']* ]]; then
      w="\${w:1}"
    fi
    args+=("$w")
  done
  # \`--library=<TAB>\`: bash makes the = a word of its own; the value is the empty word after it.
  if [[ "$cur" == "=" ]]; then
    args+=("")
    cur=""
  fi
  local prog="\${COMP_WORDS[0]}"
  [[ "$prog" == "~/"* ]] && prog="$HOME/\${prog:2}"
  out="$("$prog" __complete "\${args[@]}" 2>/dev/null)" || return 0
  directive="\${out##*$'\\n'}"
  case "$directive" in
    :files | :dirs)
      compopt -o filenames 2>/dev/null
      local what=-f
      [[ "$directive" == :dirs ]] && what=-d
      while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen "$what" -- "$cur")
      return 0
      ;;
    :none) ;;
    *) return 0 ;; # not an answer from ${name}: offer nothing
  esac
  [[ "$out" == *$'\\n'* ]] || return 0 # no candidates
  while IFS= read -r line; do
    line="\${line%%$'\\t'*}"
    COMPREPLY+=("$(printf '%q' "$line")")
  done <<<"\${out%$'\\n'*}"
}
complete -F _${name} ${name}
`;
}

function zsh(name: string): string {
  return `#compdef ${name}
# zsh completion for ${name}. Install: ${name} completion zsh > "\${fpath[1]}/_${name}"
# Each TAB asks ${name} itself (${name} __complete), so this script never goes stale.

_${name}() {
  local out directive line
  local -a lines described
  out="$("\${words[1]}" __complete "\${(@Q)words[2,CURRENT-1]}" "\${(Q)words[CURRENT]}" 2>/dev/null)" || return 1
  lines=("\${(@f)out}")
  directive="\${lines[-1]}"
  lines=("\${(@)lines[1,-2]}")
  case "$directive" in
    :files) _files; return ;;
    :dirs) _directories; return ;;
    :none) ;;
    *) return 1 ;; # not an answer from ${name}: offer nothing
  esac
  for line in "\${lines[@]}"; do
    [[ -z "$line" ]] && continue
    if [[ "$line" == *$'\\t'* ]]; then
      described+=("\${\${line%%$'\\t'*}//:/\\\\:}:\${line#*$'\\t'}")
    else
      described+=("\${line//:/\\\\:}")
    fi
  done
  (( \${#described} )) && _describe -t values '${name}' described
}

if [ "$funcstack[1]" = "_${name}" ]; then
  _${name} "$@"
else
  compdef _${name} ${name}
fi
`;
}

function fish(name: string): string {
  return `# fish completion for ${name}. Install: ${name} completion fish > ~/.config/fish/completions/${name}.fish
# Each TAB asks ${name} itself (${name} __complete), so this script never goes stale.

function __${name}_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    set -l out ($tokens[1] __complete $tokens[2..-1] "$current" 2>/dev/null)
    or return 0
    test (count $out) -ge 1; or return 0
    set -l directive $out[-1]
    set -e out[-1]
    switch $directive
        case :files
            __fish_complete_path "$current"
        case :dirs
            __fish_complete_directories "$current"
        case :none
            printf '%s\\n' $out
    end
end

complete -c ${name} -f -a '(__${name}_complete)'
`;
}
