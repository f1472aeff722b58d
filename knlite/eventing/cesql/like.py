"""LIKE pattern matching (spec §3.4.3), compiled once per pattern.

``%`` is any run of characters (possibly empty), ``_`` exactly one character, and every other
character matches itself, case-sensitively. ``\\%`` and ``\\_`` are the literal characters;
any other backslash is itself, since the spec makes only the wildcards escapable (this is
also what sdk-go does).

Filters mostly use prefix, suffix and contains patterns (``'com.example.%'``,
``'%.error'``), so a pattern whose only wildcards are a leading and/or trailing ``%`` becomes a
``str`` method (``==``, ``startswith``, ``endswith``, ``in``). Every other pattern is cut at its
``%`` into fixed-length pieces: the first must match at the start, the last at the end, and
the ones between are placed leftmost, in order, which is exact because each piece has a fixed
length. That is linear in practice and never backtracks catastrophically the way a
translated ``.*`` regex can on patterns like ``'%a%a%a%b'``.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Sequence
from typing import Any

# A segment of a LIKE pattern between two '%': literal text, or a regex when it holds '_'.
_Segment = tuple[str, "re.Pattern[str] | None", int]


def like_matcher(pattern: str) -> tuple[Callable[[str, Any], bool], Any]:
    """``(match, arg)`` such that ``match(s, arg)`` tells whether ``s LIKE pattern``."""
    segments: list[list[str | None]] = [[]]  # None stands for '_'
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n and pattern[i + 1] in "%_":
            segments[-1].append(pattern[i + 1])
            i += 2
            continue
        if c == "%":
            segments.append([])
        else:
            segments[-1].append(None if c == "_" else c)
        i += 1
    compiled = [_segment(s) for s in segments]
    plain = all(rx is None for _, rx, _ in compiled)
    if len(compiled) == 1:
        text, rx, _ = compiled[0]
        if rx is None:
            return operator.eq, text
        return _fullmatch, rx
    first, middles, last = compiled[0], [s for s in compiled[1:-1] if s[2]], compiled[-1]
    if plain and not middles:
        if not first[0] and not last[0]:
            return _always, None
        if not last[0]:
            return str.startswith, first[0]
        if not first[0]:
            return str.endswith, last[0]
    if plain and len(middles) == 1 and not first[0] and not last[0]:
        return operator.contains, middles[0][0]
    return _glob, (first, tuple(middles), last, first[2] + last[2])


def _segment(chars: Sequence[str | None]) -> _Segment:
    if None not in chars:
        text = "".join(c for c in chars if c is not None)
        return text, None, len(text)
    regex = "".join("." if c is None else re.escape(c) for c in chars)
    return "", re.compile(regex, re.DOTALL), len(chars)


def _always(s: str, arg: Any) -> bool:
    return True


def _fullmatch(s: str, rx: re.Pattern[str]) -> bool:
    return rx.fullmatch(s) is not None


def _at(seg: _Segment, s: str, pos: int) -> bool:
    text, rx, _ = seg
    return s.startswith(text, pos) if rx is None else rx.match(s, pos) is not None


def _glob(s: str, arg: tuple[_Segment, tuple[_Segment, ...], _Segment, int]) -> bool:
    first, middles, last, fixed = arg
    n = len(s)
    if n < fixed or not _at(first, s, 0) or not _at(last, s, n - last[2]):
        return False
    pos, end = first[2], n - last[2]
    for text, rx, size in middles:
        if rx is None:
            pos = s.find(text, pos, end)
            if pos < 0:
                return False
        else:
            m = rx.search(s, pos, end)
            if m is None:
                return False
            pos = m.start()
        pos += size
    return True
