"""``kn ... --help`` text, rendered with kn's help and usage templates.

kn replaces cobra's templates (``pkg/templates``): the long (or short) description, then
``Usage:``, ``Aliases:``, ``Examples:``, the grouped command list (root) or ``Available
Commands:``, an always-empty plugins section, ``Options:`` (the command's own flags, not the
global ones and not ``--help``) and the two ``Use "kn ..."`` tips. This module renders the
same sections from :mod:`knlite.cli.kn.spec`.
"""

from __future__ import annotations

from knlite.cli.kn import spec, tree
from knlite.cli.kn.flags import flag_usages


def _use_line(path: str) -> str:
    use = spec.COMMANDS[path]["use"]
    parent = " ".join(path.split()[:-1])
    line = f"kn {parent} {use}" if parent else f"kn {use}"
    return line if "[options]" in line else line + " [options]"


def _command_list(header: str, parent: str, names: tuple[str, ...]) -> str:
    pad = tree.name_padding(parent)
    lines = [header]
    for name in names:
        full = f"{parent} {name}".strip()
        lines.append(f"  {name:<{pad}} {spec.COMMANDS[full]['short']}")
    return "\n".join(lines)


def usage(path: str) -> str:
    """cobra's UsageString with kn's usage template."""
    out = "\n\n"
    if path:
        entry = spec.COMMANDS[path]
        example, aliases = entry["example"], entry["aliases"]
        out += f"Usage:\n  {_use_line(path)}\n\n"
        if aliases:
            out += f"Aliases: \n  {', '.join((path.split()[-1], *aliases))}\n\n"
        if example:
            out += f"Examples:\n{example.rstrip()}\n\n"
        if tree.is_group(path):
            names = tuple(n for n in tree.children(path))
            out += _command_list("Available Commands:", path, names) + "\n\n"
    else:
        groups = [_command_list(header, "", names) for header, names in tree.ROOT_GROUPS]
        out += "\n\n".join(groups) + "\n\n"
    out += "\n"  # kn's (empty) plugins section
    visible = [d for d in tree.local_flags(path) if not d.hidden]
    if visible:
        out += f"Options:\n{flag_usages(visible).rstrip()}\n\n"
    if tree.is_group(path):
        out += 'Use "kn <command> --help" for more information about a given command.\n'
    out += 'Use "kn options" for a list of global command-line options (applies to all commands).\n'
    return out


def help_text(path: str) -> str:
    """What ``kn <path> --help`` prints."""
    if path == "options":
        return options_text()
    if path:
        short, long = spec.COMMANDS[path]["short"], spec.COMMANDS[path]["long"]
    else:
        short, long = spec.ROOT_SHORT, spec.ROOT_LONG
    return (long or short).strip() + usage(path)


def options_text() -> str:
    """``kn options``: the flags every command inherits."""
    visible = [d for d in tree.global_flags() if not d.hidden]
    return "The following options can be passed to any command:\n\n" + flag_usages(visible)
