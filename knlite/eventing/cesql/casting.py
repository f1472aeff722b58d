"""CESQL's three value types, their zero values and the casts between them (spec §3.1, §3.7).

Values are plain Python ``str``, ``int`` and ``bool``, so evaluation never wraps or unwraps.
``bool`` is a subclass of ``int`` in Python, so every type test here is ``type(v) is ...``,
never ``isinstance``. Integers are 32-bit signed: literals and String→Integer casts reject
anything outside the range, and arithmetic wraps as two's complement the way sdk-go's int32
does (the spec defines overflow only for ``ABS``).

A failing cast raises :class:`~knlite.eventing.cesql.errors.EvaluationFailure` with the
target's zero value and a ``CastError``, which the enclosing operator turns into its own
zero value.
"""

from __future__ import annotations

import base64
import datetime
import re
from collections.abc import Callable
from typing import Any

from knlite.eventing.cesql.errors import CastError, EvaluationFailure

Value = str | int | bool
ValueType = type[str] | type[int] | type[bool]

INT32_MIN = -(2**31)
INT32_MAX = 2**31 - 1

ZERO: dict[type, Value] = {str: "", int: 0, bool: False}
TYPE_NAMES: dict[type, str] = {str: "String", int: "Integer", bool: "Boolean"}

_INT_RE = re.compile(r"[+-]?[0-9]+")


def wrap_int32(x: int) -> int:
    """``x`` reduced to a signed 32-bit integer (two's complement overflow)."""
    if INT32_MIN <= x <= INT32_MAX:
        return x
    return ((x - INT32_MIN) & 0xFFFFFFFF) + INT32_MIN


def to_string(v: Any) -> str:
    t = type(v)
    if t is str:
        return v
    if t is bool:
        return "true" if v else "false"
    return str(v)  # Integer: base 10, no leading zeros, '-' when negative


def to_integer(v: Any) -> int:
    t = type(v)
    if t is int:
        return v
    if t is bool:
        return 1 if v else 0
    if _INT_RE.fullmatch(v) is not None:
        n = int(v)
        if INT32_MIN <= n <= INT32_MAX:
            return n
        raise EvaluationFailure(0, CastError(f"cannot cast {v!r} to Integer: out of the 32-bit range"))
    raise EvaluationFailure(0, CastError(f"cannot cast {v!r} to Integer"))


def to_boolean(v: Any) -> bool:
    t = type(v)
    if t is bool:
        return v
    if t is int:
        return v != 0
    low = v.lower()
    if low == "true":
        return True
    if low == "false":
        return False
    raise EvaluationFailure(False, CastError(f"cannot cast {v!r} to Boolean"))


CASTS: dict[type, Callable[[Any], Any]] = {str: to_string, int: to_integer, bool: to_boolean}


def truthy(v: Any) -> bool:
    """``v`` cast to Boolean, with ``False`` where the cast fails (for error paths only)."""
    try:
        return to_boolean(v)
    except EvaluationFailure:
        return False


def attribute_value(v: Any) -> str:
    """An attribute value as a CESQL value: non-primitive CloudEvents types read as String.

    Only reached for values that are not already ``str``/``int``/``bool``: timestamps
    (RFC 3339), binary (base64, its canonical string form) and anything else via ``str()``.
    """
    if isinstance(v, datetime.datetime):
        s = v.isoformat()
        return s[:-6] + "Z" if s.endswith("+00:00") else s
    if isinstance(v, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(v)).decode("ascii")
    return str(v)
