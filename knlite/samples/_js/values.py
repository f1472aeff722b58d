"""JavaScript values and the ECMAScript abstract operations on them.

``undefined`` is :data:`UNDEFINED`, ``null`` is ``None``, booleans are ``bool``, every
number is a ``float`` (a double, as in JavaScript), strings are ``str``, objects ``dict``,
arrays ``list``, functions :class:`JSFunction`, dates :class:`JSDate`. The conversions,
equality, comparison and arithmetic here follow the spec's algorithms (``ToBoolean``,
``ToNumber``, ``Number::toString``, ``IsLooselyEqual``, ...), so that ``"5" == 5``,
``[1, 2] + ""`` and ``String(1e21)`` come out as Node prints them.
"""

from __future__ import annotations

import json
import math
import operator
import re
import time
from collections.abc import Callable
from typing import Any


class JSSyntaxError(Exception):
    """The code is not an expression this evaluator understands."""


class JSError(Exception):
    """A JavaScript exception thrown while evaluating (``e.message`` is what Node reports)."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


class _Undefined:
    __slots__ = ()

    def __repr__(self) -> str:
        return "undefined"

    def __bool__(self) -> bool:
        return False


UNDEFINED: Any = _Undefined()
NAN = math.nan
INF = math.inf


class JSFunction:
    __slots__ = ("fn", "name", "props")

    def __init__(self, name: str, fn: Callable[[Any, list[Any]], Any], props: dict[str, Any] | None = None) -> None:
        self.name = name
        self.fn = fn  # (this, args) -> value
        self.props = props or {}


class JSDate:
    __slots__ = ("ms",)

    def __init__(self, ms: float) -> None:
        self.ms = float(ms) if math.isfinite(ms) and abs(ms) <= 8.64e15 else NAN


Scope = dict[str, Any]
Node = Callable[[Scope], Any]


# -- conversions (ECMAScript abstract operations) ------------------------------------------------------


def to_boolean(v: Any) -> bool:
    if v is True or v is False:
        return v
    if v is None or v is UNDEFINED:
        return False
    if isinstance(v, float):
        return not (v == 0 or v != v)
    if isinstance(v, str):
        return v != ""
    return True


def number_to_string(x: float) -> str:
    """``Number::toString``: shortest round-trip digits, JS's notation rules."""
    if x != x:
        return "NaN"
    if x == 0:
        return "0"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x < 0:
        return "-" + number_to_string(-x)
    mantissa, _, exp = repr(x).partition("e")
    e = int(exp) if exp else 0
    ip, _, fp = mantissa.partition(".")
    if ip == "0":
        n = e - (len(fp) - len(fp.lstrip("0")))
        digits = fp.lstrip("0")
    else:
        n = len(ip) + e
        digits = (ip + fp).lstrip("0")
    digits = digits.rstrip("0") or "0"
    k = len(digits)
    if k <= n <= 21:
        return digits + "0" * (n - k)
    if 0 < n <= 21:
        return digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return "0." + "0" * -n + digits
    exponent = n - 1
    sign = "+" if exponent >= 0 else "-"
    head = digits[0] + ("." + digits[1:] if k > 1 else "")
    return f"{head}e{sign}{abs(exponent)}"


def to_string(v: Any) -> str:
    if isinstance(v, str):
        return v
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, float):
        return number_to_string(v)
    if v is None:
        return "null"
    if v is UNDEFINED:
        return "undefined"
    if isinstance(v, list):
        return ",".join("" if e is None or e is UNDEFINED else to_string(e) for e in v)
    if isinstance(v, JSFunction):
        return f"function {v.name}() {{ [native code] }}"
    if isinstance(v, JSDate):
        return date_string(v)
    return "[object Object]"


JS_WHITESPACE = " \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)\Z")


def string_to_number(s: str) -> float:
    s = s.strip(JS_WHITESPACE)
    if not s:
        return 0.0
    if _DECIMAL.match(s):
        return float(s)
    if s in ("Infinity", "+Infinity"):
        return INF
    if s == "-Infinity":
        return -INF
    prefix = s[:2].lower()
    base = {"0x": 16, "0o": 8, "0b": 2}.get(prefix)
    if base is not None and len(s) > 2:
        try:
            return float(int(s[2:], base))
        except ValueError:
            return NAN
    return NAN


def to_number(v: Any) -> float:
    if isinstance(v, float):
        return v
    if v is True:
        return 1.0
    if v is False or v is None:
        return 0.0
    if v is UNDEFINED:
        return NAN
    if isinstance(v, str):
        return string_to_number(v)
    if isinstance(v, JSDate):
        return v.ms
    return string_to_number(to_string(v)) if isinstance(v, list) else NAN


def to_primitive(v: Any) -> Any:
    if isinstance(v, list | dict | JSFunction | JSDate):
        return to_string(v)
    return v


def to_int(v: Any) -> int:
    x = to_number(v)
    if x != x:
        return 0
    if math.isinf(x):
        return 2**53 if x > 0 else -(2**53)
    return int(x)


def type_of(v: Any) -> str:
    if v is UNDEFINED:
        return "undefined"
    if v is True or v is False:
        return "boolean"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, JSFunction):
        return "function"
    return "object"


def strict_equals(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b
    if type(a) is not type(b):
        return False
    if isinstance(a, str | bool) or a is None or a is UNDEFINED:
        return bool(a == b)
    return a is b


def loose_equals(a: Any, b: Any) -> bool:
    if type(a) is type(b) or (isinstance(a, float) and isinstance(b, float)):
        return strict_equals(a, b)
    nullish_a, nullish_b = a is None or a is UNDEFINED, b is None or b is UNDEFINED
    if nullish_a or nullish_b:
        return nullish_a and nullish_b
    if isinstance(a, bool):
        return loose_equals(to_number(a), b)
    if isinstance(b, bool):
        return loose_equals(a, to_number(b))
    if isinstance(a, float) and isinstance(b, str):
        return a == string_to_number(b)
    if isinstance(a, str) and isinstance(b, float):
        return string_to_number(a) == b
    if isinstance(a, list | dict | JSFunction | JSDate) and isinstance(b, str | float):
        return loose_equals(to_primitive(a), b)
    if isinstance(b, list | dict | JSFunction | JSDate) and isinstance(a, str | float):
        return loose_equals(a, to_primitive(b))
    return False


_ORDER: dict[str, Callable[[Any, Any], bool]] = {"<": operator.lt, ">": operator.gt, "<=": operator.le,
                                                 ">=": operator.ge}


def compare(a: Any, b: Any, op: str) -> bool:
    """The relational operators: string order by UTF-16 code units, else numeric (NaN: false)."""
    a = a.ms if isinstance(a, JSDate) else to_primitive(a)  # hint "number": a Date compares as its time
    b = b.ms if isinstance(b, JSDate) else to_primitive(b)
    if isinstance(a, str) and isinstance(b, str):
        if not (a.isascii() and b.isascii()):
            a, b = a.encode("utf-16-be"), b.encode("utf-16-be")
        return _ORDER[op](a, b)
    m, n = to_number(a), to_number(b)
    if m != m or n != n:
        return False
    return _ORDER[op](m, n)


def _add(a: Any, b: Any) -> Any:
    if isinstance(a, float) and isinstance(b, float):
        return a + b
    a, b = to_primitive(a), to_primitive(b)
    if isinstance(a, str) or isinstance(b, str):
        return to_string(a) + to_string(b)
    return to_number(a) + to_number(b)


def _div(a: float, b: float) -> float:
    if b == 0:
        if a == 0 or a != a:
            return NAN
        return math.copysign(INF, a) * math.copysign(1.0, b)
    return a / b


def _mod(a: float, b: float) -> float:
    if b == 0 or math.isinf(a) or a != a or b != b:
        return NAN
    if math.isinf(b):
        return a
    return math.fmod(a, b)


def js_pow(a: float, b: float) -> float:
    if b != b or (abs(a) == 1 and math.isinf(b)):
        return NAN
    try:
        return math.pow(a, b)
    except (OverflowError, ValueError):
        if a < 0 and b != int(b):
            return NAN
        return INF
    except ZeroDivisionError:
        return INF


def arith(op: str) -> Callable[[Any, Any], Any]:
    if op == "+":
        return _add
    if op == "-":
        return lambda a, b: to_number(a) - to_number(b)
    if op == "*":
        return lambda a, b: to_number(a) * to_number(b)
    if op == "/":
        return lambda a, b: _div(to_number(a), to_number(b))
    if op == "%":
        return lambda a, b: _mod(to_number(a), to_number(b))
    return lambda a, b: js_pow(to_number(a), to_number(b))


def from_json(value: Any) -> Any:
    """A ``json.loads`` value as a JS value: numbers become doubles, integer-like keys first."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, list):
        return [from_json(v) for v in value]
    items = [(k, from_json(v)) for k, v in value.items()]
    if any(k.isdigit() for k, _ in items):
        index = sorted(((int(k), k, v) for k, v in items if is_index(k)), key=lambda t: t[0])
        items = [(k, v) for _, k, v in index] + [(k, v) for k, v in items if not is_index(k)]
    return dict(items)


def is_index(key: str) -> bool:
    return key.isdigit() and (key == "0" or key[0] != "0") and int(key) < 2**32 - 1


# -- JSON.stringify -------------------------------------------------------------------------------------------

_encode_js_string = json.encoder.encode_basestring  # JSON.stringify's escaping


def json_stringify(value: Any, indent: str = "") -> str | None:
    """``JSON.stringify(value, null, indent)``; None where JS returns undefined."""
    return _stringify(value, indent, "")


def _stringify(v: Any, indent: str, current: str) -> str | None:
    if isinstance(v, JSDate):
        v = iso_string(v) if v.ms == v.ms else None
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, str):
        return str(_encode_js_string(v))
    if isinstance(v, float):
        return number_to_string(v) if math.isfinite(v) else "null"
    if v is UNDEFINED or isinstance(v, JSFunction):
        return None
    inner = current + indent
    sep = ",\n" + inner if indent else ","
    if isinstance(v, list):
        parts = [_stringify(e, indent, inner) or "null" for e in v]
        if not parts:
            return "[]"
        return "[\n" + inner + sep.join(parts) + "\n" + current + "]" if indent else "[" + ",".join(parts) + "]"
    fields = []
    for k, e in v.items():
        s = _stringify(e, indent, inner)
        if s is not None:
            fields.append(str(_encode_js_string(k)) + (": " if indent else ":") + s)
    if not fields:
        return "{}"
    return "{\n" + inner + sep.join(fields) + "\n" + current + "}" if indent else "{" + ",".join(fields) + "}"


# -- dates ----------------------------------------------------------------------------------------------------

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
DAY_MS = 86_400_000


def days_from_civil(y: int, m: int, d: int) -> int:
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468


def utc_fields(ms: float) -> tuple[int, int, int, int, int, int, int, int]:
    """(year, month 1-12, day, hours, minutes, seconds, ms, weekday 0=Sunday)."""
    days, rest = divmod(int(ms), DAY_MS)
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    y = yoe + era * 400 + (m <= 2)
    return y, m, d, rest // 3_600_000, rest // 60000 % 60, rest // 1000 % 60, rest % 1000, (days + 4) % 7


def local_fields(ms: float) -> tuple[int, int, int, int, int, int, int, int]:
    """:func:`utc_fields` in the process's time zone (``$TZ``), as JavaScript's local time."""
    offset = time.localtime(math.floor(ms / 1000)).tm_gmtoff
    return utc_fields(ms + offset * 1000)


def iso_string(date: JSDate) -> str:
    """``Date.prototype.toISOString``."""
    if date.ms != date.ms:
        raise JSError("RangeError", "Invalid time value")
    y, mo, d, hh, mi, ss, ms, _ = utc_fields(date.ms)
    year = f"{y:04d}" if 0 <= y <= 9999 else f"{'+' if y > 0 else '-'}{abs(y):06d}"
    return f"{year}-{mo:02d}-{d:02d}T{hh:02d}:{mi:02d}:{ss:02d}.{ms:03d}Z"


def date_string(date: JSDate) -> str:
    """``Date.prototype.toString``: ``Thu Apr 05 2018 03:56:24 GMT+0000 (UTC)``."""
    if date.ms != date.ms:
        return "Invalid Date"
    y, mo, d, hh, mi, ss, _, wd = local_fields(date.ms)
    lt = time.localtime(math.floor(date.ms / 1000))
    off = lt.tm_gmtoff // 60
    sign = "+" if off >= 0 else "-"
    day = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")[wd]
    return (f"{day} {MONTHS[mo - 1].title()} {d:02d} {y:04d} {hh:02d}:{mi:02d}:{ss:02d} "
            f"GMT{sign}{abs(off) // 60:02d}{abs(off) % 60:02d} ({lt.tm_zone})")
