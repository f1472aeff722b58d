"""``kn completion bash|zsh``: shell completion for the kn command tree.

The script embeds the tree (sub-commands and flags of every command, from the same spec the
help comes from) and completes resource names for ``describe``/``update``/``delete``/... by
asking ``kn <resource> list -o jsonpath`` at completion time. zsh uses the same functions
through ``bashcompinit``; ``compdef _kn kn`` works as in kn's instructions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from knlite.cli.kn import tree
from knlite.cli.kn.errors import KnError

if TYPE_CHECKING:
    from knlite.cli.kn.main import Invocation


_FUNCTIONS = r'''
__kn_child() {
    local path="$1" word="$2" key
    key="${path:+$path }$word"
    if [[ -n "${__kn_subs[$key]+x}" || -n "${__kn_flags[$key]+x}" ]]; then
        echo "$key"; return
    fi
    key="${__kn_alias[${path:+$path }$word]}"
    [[ -n "$key" ]] && echo "$key"
}

__kn_names() {
    local path="$1" verb="${1##* }" group="${1% *}" ns=()
    case " describe update delete wait export " in *" $verb "*) ;; *) return;; esac
    local i
    for ((i=1; i<${#COMP_WORDS[@]}; i++)); do
        case "${COMP_WORDS[i]}" in
            -n|--namespace) ns=(--namespace "${COMP_WORDS[i+1]}");;
            --namespace=*) ns=("${COMP_WORDS[i]}");;
        esac
    done
    kn $group list "${ns[@]}" -o 'jsonpath={range .items[*]}{.metadata.name}{" "}{end}' 2>/dev/null
}

__kn_complete() {
    local cur="${COMP_WORDS[COMP_CWORD]}" path="" i w next
    for ((i=1; i<COMP_CWORD; i++)); do
        w="${COMP_WORDS[i]}"
        case "$w" in -*) continue;; esac
        next="$(__kn_child "$path" "$w")"
        [[ -n "$next" ]] && path="$next" || break
    done
    if [[ "$cur" == -* ]]; then
        COMPREPLY=( $(compgen -W "${__kn_flags[$path]} ${__kn_flags[__global]}" -- "$cur") )
    elif [[ -n "${__kn_subs[${path:-__root}]}" ]]; then
        COMPREPLY=( $(compgen -W "${__kn_subs[${path:-__root}]}" -- "$cur") )
    elif [[ "$path" == "completion" ]]; then
        COMPREPLY=( $(compgen -W "bash zsh" -- "$cur") )
    else
        COMPREPLY=( $(compgen -W "$(__kn_names "$path")" -- "$cur") )
    fi
}
'''


def _tables() -> str:
    lines = ["declare -gA __kn_subs __kn_flags __kn_alias 2>/dev/null || declare -A __kn_subs __kn_flags __kn_alias"]
    for path in ["", *tree.walk("")]:
        subs = tree.children(path)
        if subs:
            lines.append(f"__kn_subs[{path or '__root'!r}]={' '.join(subs)!r}")
        flags = []
        for d in tree.local_flags(path):
            if d.hidden:
                continue
            flags.append(f"--{d.name}")
            if d.short:
                flags.append(f"-{d.short}")
        if path:
            lines.append(f"__kn_flags[{path!r}]={' '.join(flags)!r}")
    globals_ = [f"--{d.name}" for d in tree.global_flags() if not d.hidden] + ["--help", "-h"]
    lines.append(f"__kn_flags[__global]={' '.join(globals_)!r}")
    from knlite.cli.kn import spec

    for path, entry in spec.COMMANDS.items():
        parent = " ".join(path.split()[:-1])
        for alias in entry["aliases"]:
            key = f"{parent} {alias}".strip()
            lines.append(f"__kn_alias[{key!r}]={path!r}")
    return "\n".join(lines) + "\n"


def bash_script() -> str:
    return ("# bash completion for kn (knlite)\n" + _tables() + _FUNCTIONS +
            "complete -o default -F __kn_complete kn\n")


def zsh_script() -> str:
    return ("#compdef kn\n# zsh completion for kn (knlite)\n"
            "autoload -U +X bashcompinit && bashcompinit\n" + _tables() + _FUNCTIONS +
            "_kn() { _bash_complete -o default -F __kn_complete \"$@\"; }\n"
            "complete -o default -F __kn_complete kn\n")


def completion(inv: Invocation) -> None:
    if len(inv.args) != 1:
        raise KnError("Only one argument can be provided, either 'bash' or 'zsh'")
    if inv.args[0] == "bash":
        inv.out.write(bash_script())
    elif inv.args[0] == "zsh":
        inv.out.write(zsh_script())
    else:
        raise KnError("'bash' or 'zsh' shell completion is supported")


COMMANDS = {"completion": completion}
