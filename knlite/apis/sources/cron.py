"""Cron schedules as PingSource reads them: ``robfig/cron/v3`` with optional seconds.

Knative parses ``spec.schedule`` with ``cron.NewParser(SecondOptional | Minute | Hour | Dom |
Month | Dow | Descriptor)``: five standard fields, or six with seconds first; names for
months and weekdays (``jan``, ``mon``); ``*``, ``?``, ranges, steps and lists; the
descriptors ``@yearly``/``@annually``, ``@monthly``, ``@weekly``, ``@daily``/``@midnight``,
``@hourly`` and ``@every <duration>``; and a ``CRON_TZ=<zone>`` or ``TZ=<zone>`` prefix. Users
see the parser's error text inside the webhook's message (``invalid value: expected 5 to 6
fields, found 1: [foo]: spec.schedule``), so :func:`parse` reproduces robfig's checks and
wording. The result keeps the allowed values of each field, which is what a scheduler needs.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass

from knlite.apis import goduration
from knlite.apis.duck import go_quote


class CronError(ValueError):
    pass


@dataclass(frozen=True)
class _Bounds:
    min: int
    max: int
    names: dict[str, int] | None = None


SECONDS = _Bounds(0, 59)
MINUTES = _Bounds(0, 59)
HOURS = _Bounds(0, 23)
DOM = _Bounds(1, 31)
MONTHS = _Bounds(1, 12, {m: i + 1 for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))})
DOW = _Bounds(0, 6, {d: i for i, d in enumerate(("sun", "mon", "tue", "wed", "thu", "fri", "sat"))})

_MAX_INT64 = 2**63 - 1


@dataclass(frozen=True)
class Field:
    """The values one field allows; ``star`` is set when it was written as ``*`` or ``?``."""

    values: frozenset[int]
    star: bool = False


@dataclass(frozen=True)
class Schedule:
    second: Field
    minute: Field
    hour: Field
    dom: Field
    month: Field
    dow: Field
    location: str = ""  # IANA zone; "" = the process's local time zone
    every: int | None = None  # @every: the interval in nanoseconds (the fields are then unused)


def _all(b: _Bounds) -> Field:
    return Field(frozenset(range(b.min, b.max + 1)), star=True)


def _one(b: _Bounds) -> Field:
    return Field(frozenset({b.min}))


_DESCRIPTORS = {
    "@yearly": (_one(SECONDS), _one(MINUTES), _one(HOURS), _one(DOM), _one(MONTHS), _all(DOW)),
    "@monthly": (_one(SECONDS), _one(MINUTES), _one(HOURS), _one(DOM), _all(MONTHS), _all(DOW)),
    "@weekly": (_one(SECONDS), _one(MINUTES), _one(HOURS), _all(DOM), _all(MONTHS), _one(DOW)),
    "@daily": (_one(SECONDS), _one(MINUTES), _one(HOURS), _all(DOM), _all(MONTHS), _all(DOW)),
    "@hourly": (_one(SECONDS), _one(MINUTES), _all(HOURS), _all(DOM), _all(MONTHS), _all(DOW)),
}
_DESCRIPTORS["@annually"] = _DESCRIPTORS["@yearly"]
_DESCRIPTORS["@midnight"] = _DESCRIPTORS["@daily"]


def load_location(name: str) -> str:
    """Go's ``time.LoadLocation`` checks; returns the name, raises with Go's error text."""
    if name in ("", "UTC", "Local"):
        return name
    if ".." in name or name[0] in "/\\":
        raise CronError("time: invalid location name")
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise CronError(f"unknown time zone {name}") from None
    return name


def _atoi(expr: str) -> int:
    if not re.fullmatch(r"[+-]?[0-9]+", expr):
        raise CronError(f"failed to parse int from {expr}: strconv.Atoi: parsing {go_quote(expr)}: invalid syntax")
    n = int(expr)
    if n > _MAX_INT64 or n < -_MAX_INT64 - 1:
        raise CronError(f"failed to parse int from {expr}: strconv.Atoi: parsing {go_quote(expr)}: value out of range")
    if n < 0:
        raise CronError(f"negative number ({n}) not allowed: {expr}")
    return n


def _int_or_name(expr: str, names: dict[str, int] | None) -> int:
    if names is not None and expr.lower() in names:
        return names[expr.lower()]
    return _atoi(expr)


def _range(expr: str, b: _Bounds) -> tuple[set[int], bool]:
    range_and_step = expr.split("/")
    low_and_high = range_and_step[0].split("-")
    single = len(low_and_high) == 1
    star = False
    if low_and_high[0] in ("*", "?"):
        start, end, star = b.min, b.max, True
    else:
        start = _int_or_name(low_and_high[0], b.names)
        if len(low_and_high) == 1:
            end = start
        elif len(low_and_high) == 2:
            end = _int_or_name(low_and_high[1], b.names)
        else:
            raise CronError(f"too many hyphens: {expr}")
    if len(range_and_step) == 1:
        step = 1
    elif len(range_and_step) == 2:
        step = _atoi(range_and_step[1])
        if single:  # "N/step" means "N-max/step"
            end = b.max
        if step > 1:
            star = False
    else:
        raise CronError(f"too many slashes: {expr}")
    if start < b.min:
        raise CronError(f"beginning of range ({start}) below minimum ({b.min}): {expr}")
    if end > b.max:
        raise CronError(f"end of range ({end}) above maximum ({b.max}): {expr}")
    if start > end:
        raise CronError(f"beginning of range ({start}) beyond end of range ({end}): {expr}")
    if step == 0:
        raise CronError(f"step of range should be a positive number: {expr}")
    return set(range(start, end + 1, step)), star


def _field(text: str, b: _Bounds) -> Field:
    values: set[int] = set()
    star = False
    for expr in (e for e in text.split(",") if e):
        v, s = _range(expr, b)
        values |= v
        star = star or s
    return Field(frozenset(values), star)


def parse(spec: str) -> Schedule:
    """Parse a PingSource schedule; raise :class:`CronError` with robfig/cron's message."""
    if not spec:
        raise CronError("empty spec string")
    location = ""
    if spec.startswith(("TZ=", "CRON_TZ=")):
        eq = spec.index("=")
        sp = spec.find(" ")
        name = spec[eq + 1:sp] if sp >= 0 else spec[eq + 1:]
        try:
            location = load_location(name)
        except CronError as e:
            raise CronError(f"provided bad location {name}: {e}") from None
        spec = spec[sp:].strip() if sp >= 0 else ""
    if spec.startswith("@"):
        if spec in _DESCRIPTORS:
            return Schedule(*_DESCRIPTORS[spec], location=location)
        if spec.startswith("@every "):
            try:
                every = goduration.parse(spec[len("@every "):])
            except goduration.DurationError as e:
                raise CronError(f"failed to parse duration {spec}: {e}") from None
            return Schedule(*_DESCRIPTORS["@hourly"], location=location, every=every)
        raise CronError(f"unrecognized descriptor: {spec}")
    fields = spec.split()
    if not 5 <= len(fields) <= 6:
        raise CronError(f"expected 5 to 6 fields, found {len(fields)}: [{' '.join(fields)}]")
    if len(fields) == 5:
        fields = ["0", *fields]
    bounds = (SECONDS, MINUTES, HOURS, DOM, MONTHS, DOW)
    second, minute, hour, dom, month, dow = (_field(f, b) for f, b in zip(fields, bounds, strict=True))
    return Schedule(second, minute, hour, dom, month, dow, location=location)
