"""Command-line flags with the semantics of spf13/pflag, the flag library kn is built on.

kn users type ``--env A=1 -e B=2``, ``--wait=false``, ``--no-wait``, ``-nmyns``,
``--tag a=x,b=y`` and put flags anywhere between positional arguments; the error messages
they get (``unknown flag: --max-scale``, ``flag needs an argument: --image``,
``invalid argument "x" for "--scale-min" flag: ...``) are pflag's. argparse differs in each
of these (bool flags cannot take ``=false``, a flag with an optional value swallows the next
positional, slices are not comma-split, messages differ), so this module implements pflag's
parsing loop directly: long and short flags, shorthand groups, ``--`` terminator,
interspersed positionals, ``stringArray`` (repeatable) and ``strings`` (repeatable and
comma-separated, CSV-quoted) values, Go integer syntax and pflag's "changed" bookkeeping,
plus kn's ``--foo``/``--no-foo`` pairs (``ReconcileBoolFlags``).
"""

from __future__ import annotations

from knlite.cli.kn.errors import KnError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_INT_BITS = {"int": 64, "int64": 64, "int32": 32}


class FlagDef:
    """One flag: pflag's name, shorthand, type (``bool``, ``string``, ``int``, ``int32``, ``int64``,
    ``stringArray``, ``strings``), default and usage; ``once`` is kn's uniqueStringArg."""

    __slots__ = ("default", "hidden", "name", "once", "short", "type", "usage")

    def __init__(self, name: str, short: str = "", type: str = "bool", default: str = "", usage: str = "",
                 hidden: bool = False, once: bool = False) -> None:
        self.name = name
        self.short = short
        self.type = type
        self.default = default
        self.usage = usage
        self.hidden = hidden
        self.once = once

    def __repr__(self) -> str:
        return f"FlagDef({self.name!r}, {self.short!r}, {self.type!r}, {self.default!r})"

    @property
    def takes_value(self) -> bool:
        return self.type != "bool"

    def zero(self) -> Any:
        if self.type == "bool":
            return self.default == "true"
        if self.type in _INT_BITS:
            return int(self.default or "0")
        if self.type in ("stringArray", "strings"):
            return []
        return self.default


class FlagError(KnError):
    """A parse error; main appends `` for 'kn <command>'`` as kn's FlagErrorFunc does."""


def go_parse_int(text: str, bits: int = 64) -> int:
    """strconv.ParseInt(text, 0, bits) with its error messages."""
    sign, body = ("", text) if text[:1] not in ("+", "-") else (text[0], text[1:])
    if len(body) > 1 and body[0] == "0" and body[1] in "01234567_":
        body = "0o" + body[1:]  # Go's legacy octal literal
    try:
        if not body or body != body.strip():
            raise ValueError
        value = int(sign + body, 0)
    except ValueError:
        raise ValueError(f'strconv.ParseInt: parsing "{text}": invalid syntax') from None
    if not -(1 << (bits - 1)) <= value < (1 << (bits - 1)):
        raise ValueError(f'strconv.ParseInt: parsing "{text}": value out of range')
    return value


def go_parse_bool(text: str) -> bool:
    if text in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if text in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    raise ValueError(f'strconv.ParseBool: parsing "{text}": invalid syntax')


def _csv_split(text: str) -> list[str]:
    import csv

    if text == "":
        return []
    try:
        return next(csv.reader([text]))
    except csv.Error as e:
        raise ValueError(str(e)) from None


class FlagSet:
    """The flags of one command (its own, the global ones and ``--help``) and their values."""

    def __init__(self, defs: dict[str, FlagDef]) -> None:
        self.defs = defs
        self.values: dict[str, Any] = {}
        self.changed: set[str] = set()
        self.order: list[tuple[str, str]] = []  # (name, raw value) in command-line order
        self._shorts: dict[str, FlagDef] = {}
        for d in self.defs.values():
            self.values.setdefault(d.name, d.zero())
            if d.short:
                self._shorts[d.short] = d

    # -- access -------------------------------------------------------------------------------
    def get(self, name: str) -> Any:
        return self.values.get(name)

    def string(self, name: str) -> str:
        return str(self.values.get(name) or "")

    def integer(self, name: str) -> int:
        return int(self.values.get(name) or 0)

    def boolean(self, name: str) -> bool:
        return bool(self.values.get(name))

    def strings(self, name: str) -> list[str]:
        return list(self.values.get(name) or [])

    def is_changed(self, name: str) -> bool:
        return name in self.changed

    def has(self, name: str) -> bool:
        return name in self.defs

    def n_changed(self) -> int:
        return len(self.changed)

    # -- parsing ------------------------------------------------------------------------------
    def set(self, d: FlagDef, value: str) -> None:
        try:
            self._set(d, value)
        except ValueError as e:
            name = f"-{d.short}, --{d.name}" if d.short else f"--{d.name}"
            raise FlagError(f'invalid argument "{value}" for "{name}" flag: {e}') from None
        self.changed.add(d.name)
        self.order.append((d.name, value))

    def _set(self, d: FlagDef, value: str) -> None:
        t = d.type
        if t == "bool":
            self.values[d.name] = go_parse_bool(value)
        elif t in _INT_BITS:
            self.values[d.name] = go_parse_int(value, _INT_BITS[t])
        elif t == "stringArray":
            current = self.values[d.name] if d.name in self.changed else []
            self.values[d.name] = [*current, value]
        elif t == "strings":
            current = self.values[d.name] if d.name in self.changed else []
            self.values[d.name] = [*current, *_csv_split(value)]
        else:
            if d.once and d.name in self.changed and self.values.get(d.name):
                raise ValueError("can be provided only once")
            self.values[d.name] = value

    def parse(self, args: list[str]) -> list[str]:
        """Parse ``args``; return the positional arguments (pflag's ``Args()``)."""
        positional: list[str] = []
        rest = list(args)
        while rest:
            s = rest.pop(0)
            if len(s) < 2 or s[0] != "-":
                positional.append(s)
                continue
            if s[1] == "-":
                if len(s) == 2:
                    positional.extend(rest)
                    break
                rest = self._long(s, rest)
            else:
                rest = self._short(s, rest)
        return positional

    def _long(self, s: str, rest: list[str]) -> list[str]:
        name = s[2:]
        if not name or name[0] in "-=":
            raise FlagError(f"bad flag syntax: {s}")
        key, eq, value = name.partition("=")
        d = self.defs.get(key)
        if d is None:
            raise FlagError(f"unknown flag: --{key}", suggestion=self.suggest(key))
        if eq:
            self.set(d, value)
        elif not d.takes_value:
            self.set(d, "true")
        elif rest:
            self.set(d, rest.pop(0))
        else:
            raise FlagError(f"flag needs an argument: {s}")
        return rest

    def _short(self, s: str, rest: list[str]) -> list[str]:
        shorts = s[1:]
        while shorts:
            c = shorts[0]
            d = self._shorts.get(c)
            if d is None:
                raise FlagError(f"unknown shorthand flag: '{c}' in -{shorts}")
            if len(shorts) > 2 and shorts[1] == "=":
                self.set(d, shorts[2:])
                shorts = ""
            elif not d.takes_value:
                self.set(d, "true")
                shorts = shorts[1:]
            elif len(shorts) > 1:
                self.set(d, shorts[1:])
                shorts = ""
            elif rest:
                self.set(d, rest.pop(0))
                shorts = ""
            else:
                raise FlagError(f"flag needs an argument: '{c}' in -{shorts}")
        return rest

    def suggest(self, name: str) -> list[str]:
        """Known flags close to an unknown one (``max-scale`` → ``scale-max``)."""
        import difflib

        visible = [d.name for d in self.defs.values() if not d.hidden]
        words = sorted(name.split("-"))
        out = [n for n in visible if sorted(n.split("-")) == words]
        out += [n for n in difflib.get_close_matches(name, visible, n=3, cutoff=0.75) if n not in out]
        return [f"--{n}" for n in out[:3]]

    # -- kn's --foo / --no-foo pairs -----------------------------------------------------------
    def reconcile_bools(self) -> None:
        """kn's ReconcileBoolFlags: ``--no-foo`` sets ``foo`` to false; both, or ``=false``, is an error."""
        for d in sorted(self.defs.values(), key=lambda d: d.name):
            if not d.name.startswith("no-") or d.type != "bool":
                continue
            pos = self.defs.get(d.name[3:])
            if pos is None or pos.type != "bool":
                continue
            if d.name in self.changed:
                if pos.name in self.changed:
                    raise KnError(f"only one of --{d.name} and --{pos.name} may be specified")
                if not self.values[d.name]:
                    raise KnError(f'use --{pos.name} instead of providing "false" to --{d.name}')
                self.values[pos.name] = False
            elif pos.name in self.changed and not self.values[pos.name]:
                raise KnError(f'use --{d.name} instead of providing "false" to --{pos.name}')


# -- help rendering (pflag's FlagUsages) ---------------------------------------------------------

def _varname(d: FlagDef) -> str:
    return {"bool": "", "int64": "int", "strings": "strings"}.get(d.type, d.type)


def _default_suffix(d: FlagDef) -> str:
    if d.type == "bool":
        return " (default true)" if d.default == "true" else ""
    if d.type in ("stringArray", "strings"):
        return f" (default [{d.default}])" if d.default else ""
    if d.type in _INT_BITS:
        return f" (default {d.default})" if d.default not in ("", "0") else ""
    return f' (default "{d.default}")' if d.default else ""


def flag_usages(defs: list[FlagDef]) -> str:
    """pflag's ``FlagUsages()`` for the visible flags, sorted by name, not wrapped."""
    lines: list[tuple[str, str]] = []
    for d in sorted(defs, key=lambda d: d.name):
        if d.hidden:
            continue
        left = f"  -{d.short}, --{d.name}" if d.short else f"      --{d.name}"
        var = _varname(d)
        if var:
            left += " " + var
        lines.append((left, d.usage + _default_suffix(d)))
    if not lines:
        return ""
    width = max(len(left) for left, _ in lines) + 1
    out = []
    for left, usage in lines:
        usage = usage.replace("\n", "\n" + " " * (width + 2))
        out.append(f"{left}{' ' * (width - len(left))}  {usage}")
    return "\n".join(out) + "\n"
