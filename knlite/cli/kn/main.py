"""``kn``: Knative's CLI for knlite, with kn 1.12's commands, flags, output and messages.

The entry point finds the command the way cobra does (leading non-flag words select
sub-commands, by name or alias; flags may come before, between or after them), parses its
flags with pflag's rules (:mod:`knlite.cli.kn.flags`), and hands the command to the module
that implements it (``knlite.cli.kn.service`` for ``kn service ...``), importing only that
module so that ``kn --help`` stays fast. Failures print as kn prints them: ``Error: ...`` and
``Run 'kn ... --help' for usage`` on stderr, exit code 1.
"""

from __future__ import annotations

import importlib
import os
import sys
from functools import cached_property

from knlite.cli.kn import tree
from knlite.cli.kn.errors import KnError, format_error
from knlite.cli.kn.flags import FlagDef, FlagError, FlagSet

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import IO

    from knlite.cli.kn.client import Client

    Handler = Callable[["Invocation"], "int | None"]


class Invocation:
    """One run of one command: its path, positional arguments, parsed flags and streams."""

    def __init__(self, path: str, args: list[str], flags: FlagSet, out: IO[str] | None = None,
                 err: IO[str] | None = None) -> None:
        self.path = path
        self.args = args
        self.flags = flags
        self.out = out or sys.stdout
        self.err = err or sys.stderr

    @property
    def command(self) -> str:
        return f"kn {self.path}"

    @cached_property
    def client(self) -> Client:
        from knlite.cli.kn.client import Client, connection_config

        cfg = connection_config(self.flags.string("kubeconfig"), self.flags.string("context"), self.flags.string("cluster"))
        cfg.log_http = self.flags.boolean("log-http")
        if self.flags.string("as"):
            cfg.impersonate["Impersonate-User"] = [self.flags.string("as")]
        if self.flags.strings("as-group"):
            cfg.impersonate["Impersonate-Group"] = self.flags.strings("as-group")
        if self.flags.string("as-uid"):
            cfg.impersonate["Impersonate-Uid"] = [self.flags.string("as-uid")]
        return Client(cfg)

    @cached_property
    def namespace(self) -> str:
        """kn's GetNamespace: "" with -A, else -n, else the kubeconfig context's (or ``default``)."""
        if self.flags.has("all-namespaces") and self.flags.boolean("all-namespaces"):
            return ""
        ns = self.flags.string("namespace")
        if ns:
            return ns
        from knlite.cli.kn.client import current_namespace

        return current_namespace(self.flags.string("kubeconfig"), self.flags.string("context"))


def _takes_value(token: str, defs: dict[str, FlagDef], shorts: dict[str, FlagDef]) -> bool:
    """Whether a flag token consumes the next argument (cobra's stripFlags rules)."""
    if "=" in token:
        return False
    if token.startswith("--"):
        d = defs.get(token[2:])
        return d is None or d.takes_value
    if len(token) == 2:
        d = shorts.get(token[1])
        return d is None or d.takes_value
    return False


def _first_word(args: list[str], path: str) -> int | None:
    """Index of the first non-flag argument (a command name candidate)."""
    defs = tree.all_flags(path)
    shorts = {d.short: d for d in defs.values() if d.short}
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            return None
        if a.startswith("-") and len(a) > 1:
            i += 2 if _takes_value(a, defs, shorts) else 1
            continue
        return i
    return None


def _suggest(typed: str, names: tuple[str, ...]) -> list[str]:
    """cobra's SuggestionsFor: Levenshtein distance <= 2 (case-insensitive) or a prefix match."""
    def distance(a: str, b: str) -> int:
        a, b = a.lower(), b.lower()
        prev = list(range(len(b) + 1))
        for i, ca in enumerate(a, 1):
            cur = [i]
            for j, cb in enumerate(b, 1):
                cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
            prev = cur
        return prev[-1]

    return [n for n in names if distance(typed, n) <= 2 or n.lower().startswith(typed.lower())]


def resolve(args: list[str]) -> tuple[str, list[str]]:
    """(command path, remaining args) as cobra's ``Find`` selects a command."""
    path = ""
    rest = list(args)
    while tree.is_group(path):
        i = _first_word(rest, path)
        if i is None:
            break
        child = tree.find_child(path, rest[i])
        if child is None:
            break
        path = child
        rest.pop(i)
    return path, rest


def _available(path: str) -> str:
    return ", ".join(tree.children(path))


def _parse(path: str, rest: list[str]) -> tuple[FlagSet, list[str]]:
    fs = FlagSet(tree.all_flags(path))
    try:
        positional = fs.parse(rest)
    except FlagError as e:
        raise KnError(f"{e.message} for 'kn {path}'".replace("for 'kn '", "for 'kn'"),
                      suggestion=e.suggestion) from None
    return fs, positional


def run(args: list[str], out: IO[str] | None = None) -> int:
    out = out or sys.stdout
    if args[:1] == ["help"]:
        path, rest = resolve(args[1:])
        words = [a for a in rest if not a.startswith("-")]
        if words:
            from knlite.cli.kn.help import help_text

            out.write(f"Unknown help topic {words!r}\n".replace("'", "`", 2) + help_text("").lstrip())
            return 0
        return run([*path.split(), "--help"], out)
    path, rest = resolve(args)
    if tree.is_group(path):
        i = _first_word(rest, path)
        if i is not None:
            word = rest[i]
            if not path:
                raise KnError(f'unknown command "{word}" for "kn"', suggestion=_suggest(word, tree.children("")))
            raise KnError(f"unknown sub-command '{word}' for 'kn {path}'. Available sub-commands: "
                          f"{_available(path)}", suggestion=_suggest(word, tree.children(path)))
    fs, positional = _parse(path, rest)
    if fs.boolean("help") or not path:
        from knlite.cli.kn.help import help_text

        out.write(help_text(path))
        return 0
    fs.reconcile_bools()
    if tree.is_group(path):
        raise KnError(f"no sub-command given for 'kn {path}'. Available sub-commands: {_available(path)}")
    if path in tree.NEEDS_A_FLAG and fs.n_changed() == 0:
        from knlite.cli.kn import spec

        raise KnError(f"flag(s) not set\nUsage: {spec.COMMANDS[path]['use']}")
    missing = [f for f in tree.REQUIRED.get(path, ()) if not fs.is_changed(f)]
    if missing:
        raise KnError('required flag(s) "' + '", "'.join(sorted(missing)) + '" not set')
    module = importlib.import_module(f"knlite.cli.kn.{tree.module_for(path)}")
    handler: Handler = module.COMMANDS[path]
    inv = Invocation(path, positional, fs, out)
    try:
        return int(handler(inv) or 0)
    finally:
        if "client" in inv.__dict__:
            inv.client.close()


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        code = run(args)
        sys.stdout.flush()
        return code
    except KnError as e:
        sys.stdout.flush()
        sys.stderr.write(format_error(e))
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (kn ... | head): exit quietly as a Go program would
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
