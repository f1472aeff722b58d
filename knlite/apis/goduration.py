"""Go ``time.Duration`` parsing and printing.

Knative's ConfigMaps and annotations hold Go durations (``60s``, ``1m5s``, ``1h0m0s``) and its
validation messages print them with Go's ``Duration.String()``; users compare those strings, so
both directions follow Go exactly. Values are kept as integer nanoseconds, as Go does.
"""

from __future__ import annotations

import re

NANOSECOND = 1
MICROSECOND = 1000
MILLISECOND = 1000 * MICROSECOND
SECOND = 1000 * MILLISECOND
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE

_UNITS = {
    "ns": NANOSECOND,
    "us": MICROSECOND,
    "µs": MICROSECOND,
    "μs": MICROSECOND,
    "ms": MILLISECOND,
    "s": SECOND,
    "m": MINUTE,
    "h": HOUR,
}

_PART = re.compile(r"([0-9]*(?:\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)")


class DurationError(ValueError):
    pass


def parse(text: str) -> int:
    """Parse a Go duration string into nanoseconds (``time.ParseDuration``)."""
    orig = text
    s = text
    neg = False
    if s and s[0] in "+-":
        neg = s[0] == "-"
        s = s[1:]
    if s == "0":
        return 0
    if not s:
        raise DurationError(f'time: invalid duration "{orig}"')
    total = 0.0
    pos = 0
    while pos < len(s):
        num = re.match(r"[0-9]*(?:\.[0-9]*)?", s[pos:])
        if num is None or num.group(0) in ("", "."):
            raise DurationError(f'time: invalid duration "{orig}"')
        m = _PART.match(s, pos)
        if m is None:
            rest = s[pos + len(num.group(0)):]
            if not rest:
                raise DurationError(f'time: missing unit in duration "{orig}"')
            unit = re.match(r"[^0-9.]*", rest)
            raise DurationError(f'time: unknown unit "{unit.group(0) if unit else ""}" in duration "{orig}"')
        total += float(m.group(1)) * _UNITS[m.group(2)]
        pos = m.end()
    value = round(total)
    return -value if neg else value


def _fmt_frac(v: int, prec: int) -> tuple[str, int]:
    """Format the fractional part of v/10**prec, omitting trailing zeros (Go's fmtFrac)."""
    digits = []
    printed = False
    for _ in range(prec):
        digit = v % 10
        printed = printed or digit != 0
        if printed:
            digits.append(str(digit))
        v //= 10
    frac = ("." + "".join(reversed(digits))) if printed else ""
    return frac, v


def format(ns: int) -> str:
    """Print nanoseconds as Go's ``Duration.String()`` does (``1h0m0s``, ``1.5s``, ``300ms``)."""
    if ns == 0:
        return "0s"
    neg = ns < 0
    u = -ns if neg else ns
    if u < SECOND:
        if u < MICROSECOND:
            out = f"{u}ns"
        elif u < MILLISECOND:
            frac, whole = _fmt_frac(u, 3)
            out = f"{whole}{frac}µs"
        else:
            frac, whole = _fmt_frac(u, 6)
            out = f"{whole}{frac}ms"
    else:
        frac, whole = _fmt_frac(u, 9)
        secs = whole % 60
        whole //= 60
        out = f"{secs}{frac}s"
        if whole > 0:
            mins = whole % 60
            whole //= 60
            out = f"{mins}m" + out
            if whole > 0:
                out = f"{whole}h" + out
    return ("-" if neg else "") + out


def seconds(ns: int) -> float:
    return ns / SECOND


def from_seconds(s: float) -> int:
    return round(s * SECOND)


def human_duration(seconds: float) -> str:
    """``k8s.io/apimachinery/pkg/util/duration.HumanDuration``: an age as kubectl and kn print it."""
    s = int(seconds)
    if s < -1:
        return "<invalid>"
    if s < 0:
        return "0s"
    if s < 120:
        return f"{s}s"
    minutes = s // 60
    if minutes < 10:
        rest = s % 60
        return f"{minutes}m" if rest == 0 else f"{minutes}m{rest}s"
    if minutes < 180:
        return f"{minutes}m"
    hours = s // 3600
    if hours < 8:
        m = minutes % 60
        return f"{hours}h" if m == 0 else f"{hours}h{m}m"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        h = hours % 24
        return f"{hours // 24}d" if h == 0 else f"{hours // 24}d{h}h"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        dy = (hours // 24) % 365
        return f"{hours // 24 // 365}y" if dy == 0 else f"{hours // 24 // 365}y{dy}d"
    return f"{hours // 24 // 365}y"
