# fish completion for lib. Install: lib completion fish > ~/.config/fish/completions/lib.fish

function __lib_noun_verb
    set -l words (commandline -opc)
    set -l found
    set -l skip
    for w in $words[2..-1]
        if test -n "$skip"
            set skip
            continue
        end
        # The value of --profile and --retries is not a noun.
        contains -- $w --profile --retries; and set skip 1; and continue
        string match -q -- '-*' $w; and continue
        set -a found $w
    end
    echo (string join ' ' $found)
end

function __lib_is
    # __lib_is NOUN [VERB]: the command line so far names this noun (and verb).
    set -l nv (string split ' ' (__lib_noun_verb))
    test (count $nv) -ge 1; or return 1
    contains -- $nv[1] (string split ' ' $argv[1]); or return 1
    test (count $argv) -lt 2; and return 0
    test (count $nv) -ge 2; and contains -- $nv[2] (string split ' ' $argv[2])
end

function __lib_needs_noun
    test -z (__lib_noun_verb)
end

function __lib_needs_verb
    set -l nv (string split ' ' (__lib_noun_verb))
    test (count $nv) -eq 1; and contains -- $nv[1] $argv
end

complete -c lib -f
# global options
complete -c lib -l profile -x -d 'the profile to use'
complete -c lib -l json -d 'print JSON'
complete -c lib -l ndjson -d 'print one JSON object per line'
complete -c lib -s q -l quiet -d 'print ids only'
complete -c lib -l raw -d "print the provider's own payload"
complete -c lib -l no-color -d 'disable color'
complete -c lib -l debug -d 'trace requests'
complete -c lib -s y -l yes -d 'do not ask for confirmation'
complete -c lib -l retries -x -d 'retries on 429, 5xx and resets'
complete -c lib -s V -l version -d 'print the version'
complete -c lib -s h -l help -d 'display help'

# nouns
complete -c lib -n __lib_needs_noun -a 'library file doc share auth profile completion serve'

# verbs
complete -c lib -n '__lib_needs_verb library' -a 'list get create update delete owner sync'
complete -c lib -n '__lib_needs_verb file doc' -a 'upload sync list get update delete download text status wait url reprocess'
complete -c lib -n '__lib_needs_verb share' -a 'list put delete'
complete -c lib -n '__lib_needs_verb auth' -a 'status whoami'
complete -c lib -n '__lib_needs_verb profile' -a 'list show add use remove'
complete -c lib -n '__lib_needs_verb completion' -a 'bash zsh fish'

# library flags
complete -c lib -n "__lib_is library 'list ls'" -x -l search -l sort -l limit
complete -c lib -n "__lib_is library 'list ls'" -l all
complete -c lib -n "__lib_is library create" -x -l description -l chunk-size -l type -l data -l client-id
complete -c lib -n "__lib_is library create" -l shared
complete -c lib -n "__lib_is library 'update edit'" -x -l name -l description -l sync-interval
complete -c lib -n "__lib_is library 'update edit'" -l shared -l no-shared
complete -c lib -n "__lib_is library sync" -x -l timeout
complete -c lib -n "__lib_is library sync" -l wait
complete -c lib -n "__lib_is library owner" -x -l set

# file flags
complete -c lib -n "__lib_is 'file doc'" -s l -l library -x -d 'library id or name'
# Only upload takes local paths as arguments.
complete -c lib -n "__lib_is 'file doc' upload" -F
complete -c lib -n "__lib_is 'file doc' upload" -x -l path -l label -l public-url -l attribute -l name -l concurrency -l timeout
complete -c lib -n "__lib_is 'file doc' upload" -s r -l recursive -l overwrite -l wait -s v -l verbose
# sync takes a directory.
complete -c lib -n "__lib_is 'file doc' sync" -x -a '(__fish_complete_directories)'
complete -c lib -n "__lib_is 'file doc' sync" -x -l path -l include -l exclude -l max-delete -l concurrency -l timeout
complete -c lib -n "__lib_is 'file doc' sync" -l delete -s n -l dry-run -s L -l follow-links -l wait -s v -l verbose
complete -c lib -n "__lib_is 'file doc' 'list ls'" -x -l search -l name -l path -l label -l sort -l limit
complete -c lib -n "__lib_is 'file doc' 'list ls'" -l all
complete -c lib -n "__lib_is 'file doc' 'list ls'" -l status -x -a 'pending processing ready failed'
complete -c lib -n "__lib_is 'file doc' 'update edit'" -x -l name -l label -l add-label -l remove-label -l public-url -l attribute -l remove-attribute
complete -c lib -n "__lib_is 'file doc' download" -s o -l output -r -F
complete -c lib -n "__lib_is 'file doc' download" -x -l path
complete -c lib -n "__lib_is 'file doc' download" -l overwrite -l all
complete -c lib -n "__lib_is 'file doc' text" -x -l pages
complete -c lib -n "__lib_is 'file doc' url" -l extracted
complete -c lib -n "__lib_is 'file doc' wait" -x -l timeout -l interval

# share flags
complete -c lib -n "__lib_is share 'put add delete rm'" -x -l user -l workspace -l org
complete -c lib -n "__lib_is share 'put add'" -l level -x -a 'viewer editor'

# profile flags
complete -c lib -n "__lib_is profile add" -l provider -x -a 'local mistral ai21 hal'
complete -c lib -n "__lib_is profile add" -x -l base-url -l org-id -l library
complete -c lib -n "__lib_is profile add" -l use -l no-verify

# serve flags
complete -c lib -n "__lib_is serve" -x -l host -l port -l token -l processing-ms -l faults -l headers-timeout-ms -l body-timeout-ms -l idle-timeout-ms -l request-timeout-ms -l max-client-connections -l team -l ai21-max-file-bytes -l ai21-max-library-bytes
complete -c lib -n "__lib_is serve" -l data -x -a '(__fish_complete_directories)'
complete -c lib -n "__lib_is serve" -l drive-root -x -a '(__fish_complete_directories)'
complete -c lib -n "__lib_is serve" -l token-file -r -F
