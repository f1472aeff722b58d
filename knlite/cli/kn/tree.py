"""The kn command tree: which commands exist, their sub-commands, aliases and flags.

The texts and flags come from :mod:`knlite.cli.kn.spec` (kn 1.12's own); this module answers
the structural questions the parser, the help printer, the completion scripts and the docs
generator ask, and knows the two things the spec does not say: how the root groups its
commands (kn's ``Serving/Eventing/Other Commands`` sections) and which module implements a
command.
"""

from __future__ import annotations

from functools import cache

from knlite.cli.kn import spec
from knlite.cli.kn.flags import FlagDef

ROOT_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Serving Commands:", ("service", "revision", "route", "domain", "container")),
    ("Eventing Commands:", ("source", "broker", "trigger", "channel", "subscription", "eventtype")),
    ("Other Commands:", ("plugin", "secret", "completion", "version")),
)

# The module (under knlite.cli.kn) that runs each top-level command.
MODULES = {
    "service": "service", "revision": "revision", "route": "route", "domain": "domain",
    "container": "container", "source": "source", "broker": "broker", "trigger": "trigger",
    "channel": "channel", "subscription": "subscription", "eventtype": "eventtype",
    "completion": "completion", "plugin": "misc", "secret": "misc", "version": "misc", "options": "misc",
}

_ONCE = {"image"}  # kn's uniqueStringArg flags


def exists(path: str) -> bool:
    return path == "" or path in spec.COMMANDS


@cache
def children(path: str) -> tuple[str, ...]:
    """Names of the direct sub-commands of ``path`` ("" is the root), sorted as cobra sorts them."""
    depth = len(path.split()) + 1 if path else 1
    prefix = path + " " if path else ""
    names = {p.split()[depth - 1] for p in spec.COMMANDS if p.startswith(prefix) and len(p.split()) == depth}
    return tuple(sorted(names))


def is_group(path: str) -> bool:
    return bool(children(path))


def find_child(path: str, token: str) -> str | None:
    """The full path of the sub-command of ``path`` named (or aliased) ``token``."""
    for name in children(path):
        full = f"{path} {name}".strip()
        if name == token or token in spec.COMMANDS[full]["aliases"]:
            return full
    return None


def name_padding(path: str) -> int:
    """cobra's ``NamePadding`` for the sub-commands of ``path`` (minimum 11)."""
    names = children(path)
    return max([11, *(len(n) for n in names)]) if names else 11


def _defs(flags: list[spec.Flag] | list[list[str]], hidden: bool = False) -> list[FlagDef]:
    return [FlagDef(name, short, typ, default, usage, hidden=hidden, once=name in _ONCE)
            for name, short, typ, default, usage in flags]


def global_flags() -> list[FlagDef]:
    return _defs(spec.GLOBAL_FLAGS) + _defs(spec.HIDDEN.get("", []), hidden=True)


def local_flags(path: str) -> list[FlagDef]:
    """The command's own flags, visible ones first (what its help lists), then hidden ones."""
    if not path:
        return []
    return _defs(spec.COMMANDS[path]["flags"]) + _defs(spec.HIDDEN.get(path, []), hidden=True)


def all_flags(path: str) -> dict[str, FlagDef]:
    """Every flag a command parses: its own, the global ones and ``--help``."""
    out = {d.name: d for d in global_flags()}
    out.update({d.name: d for d in local_flags(path)})
    out["help"] = FlagDef("help", "h", "bool", "", f"help for {path.split()[-1] if path else 'kn'}")
    return out


def module_for(path: str) -> str:
    return MODULES[path.split()[0]]


def walk(path: str = "") -> list[str]:
    """Every command path below ``path`` (depth first, sorted), ``path`` itself first."""
    out = [path] if path else []
    for name in children(path):
        out.extend(walk(f"{path} {name}".strip()))
    return out


# Flags kn marks required (cobra's MarkFlagRequired).
REQUIRED: dict[str, tuple[str, ...]] = {
    "domain create": ("ref",),
    "trigger create": ("sink",),
    "source ping create": ("sink",),
    "source container create": ("image", "sink"),
    "source apiserver create": ("resource", "sink"),
    "source binding create": ("sink", "subject"),
    "eventtype create": ("type",),
}

# Commands whose PreRunE refuses to run without any flag (``flag(s) not set``).
NEEDS_A_FLAG = {"service update", "broker update"}
