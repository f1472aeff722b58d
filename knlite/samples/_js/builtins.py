"""Property access, the methods of strings, arrays, numbers and dates, and the globals
(``Math``, ``Date``, ``JSON``, ``String``, ``Number``, ``parseInt``, ...)."""

from __future__ import annotations

import json
import math
import random
import re
import time
from collections.abc import Callable
from typing import Any

from knlite.samples._js.values import (
    DAY_MS,
    INF,
    JS_WHITESPACE,
    MONTHS,
    NAN,
    UNDEFINED,
    JSDate,
    JSError,
    JSFunction,
    date_string,
    days_from_civil,
    from_json,
    is_index,
    iso_string,
    js_pow,
    json_stringify,
    local_fields,
    number_to_string,
    strict_equals,
    to_boolean,
    to_int,
    to_number,
    to_primitive,
    to_string,
    utc_fields,
)

# -- properties ---------------------------------------------------------------------------------------------------

_MISSING = object()


def has_property(obj: Any, key: Any) -> bool:
    """The ``in`` operator."""
    k = to_string(key)
    if isinstance(obj, dict):
        return k in obj
    if isinstance(obj, list):
        return k == "length" or (is_index(k) and int(k) < len(obj)) or k in _ARRAY_METHODS
    return get_property(obj, k) is not UNDEFINED


def get_property(obj: Any, key: Any) -> Any:
    """``obj[key]``: own properties of objects and arrays, else the built-in methods."""
    if obj is None or obj is UNDEFINED:
        raise JSError("TypeError", f"Cannot read property '{to_string(key)}' of {to_string(obj)}")
    if isinstance(obj, dict):
        k = key if isinstance(key, str) else to_string(key)
        value = obj.get(k, _MISSING)
        if value is not _MISSING:
            return value
        return _OBJECT_METHODS.get(k, UNDEFINED)
    if isinstance(obj, str):
        if isinstance(key, float) and key.is_integer() and 0 <= key < len(obj):
            return obj[int(key)]
        k = to_string(key)
        if k == "length":
            return float(len(obj) if obj.isascii() else len(obj.encode("utf-16-le")) // 2)
        if is_index(k):
            return obj[int(k)] if int(k) < len(obj) else UNDEFINED
        return _STRING_METHODS.get(k, UNDEFINED)
    if isinstance(obj, list):
        if isinstance(key, float) and key.is_integer() and 0 <= key < len(obj):
            return obj[int(key)]
        k = to_string(key)
        if k == "length":
            return float(len(obj))
        if is_index(k):
            return obj[int(k)] if int(k) < len(obj) else UNDEFINED
        return _ARRAY_METHODS.get(k, UNDEFINED)
    k = to_string(key)
    if isinstance(obj, float):
        return _NUMBER_METHODS.get(k, UNDEFINED)
    if isinstance(obj, bool):
        return _BOOLEAN_METHODS.get(k, UNDEFINED)
    if isinstance(obj, JSFunction):
        if k == "name":
            return obj.name
        return obj.props.get(k, UNDEFINED) if not k.startswith("__") else UNDEFINED
    if isinstance(obj, JSDate):
        return _DATE_METHODS.get(k, UNDEFINED)
    return UNDEFINED


def _arg(args: list[Any], i: int) -> Any:
    return args[i] if i < len(args) else UNDEFINED


def _pos(args: list[Any], i: int, default: int, length: int) -> int:
    """A relative index argument (``slice`` style): negative counts from the end, clamped."""
    v = _arg(args, i)
    if v is UNDEFINED:
        return default
    n = to_int(v)
    return max(length + n, 0) if n < 0 else min(n, length)


# string methods (this is a str)

def _this_str(this: Any) -> str:
    return this if isinstance(this, str) else to_string(this)


def _clamp(args: list[Any], i: int, default: int, length: int) -> int:
    v = _arg(args, i)
    return default if v is UNDEFINED else min(max(to_int(v), 0), length)


_STRING_METHODS: dict[str, JSFunction] = {
    "startsWith": JSFunction("startsWith", lambda t, a: _this_str(t).startswith(
        to_string(_arg(a, 0)), _clamp(a, 1, 0, len(_this_str(t))))),
    "endsWith": JSFunction("endsWith", lambda t, a: _this_str(t)[:_clamp(a, 1, len(_this_str(t)), len(
        _this_str(t)))].endswith(to_string(_arg(a, 0)))),
    "includes": JSFunction("includes", lambda t, a: to_string(_arg(a, 0)) in _this_str(t)[_clamp(
        a, 1, 0, len(_this_str(t))):]),
    "indexOf": JSFunction("indexOf", lambda t, a: float(_this_str(t).find(
        to_string(_arg(a, 0)), _clamp(a, 1, 0, len(_this_str(t)))))),
    "lastIndexOf": JSFunction("lastIndexOf", lambda t, a: float(_this_str(t).rfind(to_string(_arg(a, 0))))),
    "toLowerCase": JSFunction("toLowerCase", lambda t, a: _this_str(t).lower()),
    "toUpperCase": JSFunction("toUpperCase", lambda t, a: _this_str(t).upper()),
    "toLocaleLowerCase": JSFunction("toLocaleLowerCase", lambda t, a: _this_str(t).lower()),
    "toLocaleUpperCase": JSFunction("toLocaleUpperCase", lambda t, a: _this_str(t).upper()),
    "trim": JSFunction("trim", lambda t, a: _this_str(t).strip(JS_WHITESPACE)),
    "trimStart": JSFunction("trimStart", lambda t, a: _this_str(t).lstrip(JS_WHITESPACE)),
    "trimEnd": JSFunction("trimEnd", lambda t, a: _this_str(t).rstrip(JS_WHITESPACE)),
    "slice": JSFunction("slice", lambda t, a: _this_str(t)[_pos(a, 0, 0, len(_this_str(t))):_pos(
        a, 1, len(_this_str(t)), len(_this_str(t)))]),
    "substring": JSFunction("substring", lambda t, a: _substring(_this_str(t), a)),
    "substr": JSFunction("substr", lambda t, a: _substr(_this_str(t), a)),
    "charAt": JSFunction("charAt", lambda t, a: (lambda s, i: s[i] if 0 <= i < len(s) else "")(
        _this_str(t), to_int(_arg(a, 0)))),
    "charCodeAt": JSFunction("charCodeAt", lambda t, a: (lambda s, i: float(ord(s[i])) if 0 <= i < len(s) else NAN)(
        _this_str(t), to_int(_arg(a, 0)))),
    "split": JSFunction("split", lambda t, a: _split(_this_str(t), a)),
    "concat": JSFunction("concat", lambda t, a: _this_str(t) + "".join(to_string(x) for x in a)),
    "replace": JSFunction("replace", lambda t, a: _this_str(t).replace(to_string(_arg(a, 0)), to_string(
        _arg(a, 1)), 1)),
    "padStart": JSFunction("padStart", lambda t, a: _pad(_this_str(t), a, True)),
    "padEnd": JSFunction("padEnd", lambda t, a: _pad(_this_str(t), a, False)),
    "repeat": JSFunction("repeat", lambda t, a: _repeat(_this_str(t), a)),
    "toString": JSFunction("toString", lambda t, a: _this_str(t)),
    "valueOf": JSFunction("valueOf", lambda t, a: _this_str(t)),
}

_MAX_STRING = 1 << 24


def _substring(s: str, a: list[Any]) -> str:
    start, end = _clamp(a, 0, 0, len(s)), _clamp(a, 1, len(s), len(s))
    return s[min(start, end):max(start, end)]


def _substr(s: str, a: list[Any]) -> str:
    start = _pos(a, 0, 0, len(s))
    length = _arg(a, 1)
    n = len(s) - start if length is UNDEFINED else max(to_int(length), 0)
    return s[start:start + n]


def _split(s: str, a: list[Any]) -> list[Any]:
    sep = _arg(a, 0)
    limit = _arg(a, 1)
    if sep is UNDEFINED:
        parts: list[Any] = [s]
    else:
        sep_s = to_string(sep)
        parts = list(s) if sep_s == "" else s.split(sep_s)
    if limit is not UNDEFINED:
        parts = parts[:max(to_int(limit), 0)]
    return parts


def _pad(s: str, a: list[Any], start: bool) -> str:
    target = min(to_int(_arg(a, 0)), _MAX_STRING)
    fill = " " if _arg(a, 1) is UNDEFINED else to_string(_arg(a, 1))
    if target <= len(s) or not fill:
        return s
    pad = (fill * (target // len(fill) + 1))[:target - len(s)]
    return pad + s if start else s + pad


def _repeat(s: str, a: list[Any]) -> str:
    n = to_number(_arg(a, 0))
    if n != n:
        n = 0.0
    if n < 0 or math.isinf(n) or len(s) * int(n) > _MAX_STRING:
        raise JSError("RangeError", "Invalid count value" if n < 0 or math.isinf(n) else "Invalid string length")
    return s * int(n)


# array methods

def _this_list(this: Any) -> list[Any]:
    return this if isinstance(this, list) else []


def _index_of(lst: list[Any], x: Any) -> float:
    for i, e in enumerate(lst):
        if strict_equals(e, x):
            return float(i)
    return -1.0


def _includes(lst: list[Any], x: Any) -> bool:
    if isinstance(x, float) and x != x:
        return any(isinstance(e, float) and e != e for e in lst)
    return _index_of(lst, x) >= 0


def _callback(a: list[Any]) -> JSFunction:
    fn = _arg(a, 0)
    if not isinstance(fn, JSFunction):
        raise JSError("TypeError", f"{to_string(fn)} is not a function")
    return fn


def _iterate(method: str) -> JSFunction:
    def run(this: Any, a: list[Any]) -> Any:
        lst = _this_list(this)
        fn = _callback(a)
        results = [fn.fn(UNDEFINED, [e, float(i), lst]) for i, e in enumerate(lst)] if method == "map" else None
        if results is not None:
            return results
        for i, e in enumerate(lst):
            hit = to_boolean(fn.fn(UNDEFINED, [e, float(i), lst]))
            if method == "some" and hit:
                return True
            if method == "every" and not hit:
                return False
            if method == "find" and hit:
                return e
            if method == "findIndex" and hit:
                return float(i)
        return {"some": False, "every": True, "find": UNDEFINED, "findIndex": -1.0}[method]
    return JSFunction(method, run)


def _filter(this: Any, a: list[Any]) -> list[Any]:
    lst = _this_list(this)
    fn = _callback(a)
    return [e for i, e in enumerate(lst) if to_boolean(fn.fn(UNDEFINED, [e, float(i), lst]))]


def _reduce(this: Any, a: list[Any]) -> Any:
    lst = _this_list(this)
    fn = _callback(a)
    items = list(enumerate(lst))
    if len(a) > 1:
        acc = a[1]
    elif items:
        acc = items.pop(0)[1]
    else:
        raise JSError("TypeError", "Reduce of empty array with no initial value")
    for i, e in items:
        acc = fn.fn(UNDEFINED, [acc, e, float(i), lst])
    return acc


_ARRAY_METHODS: dict[str, JSFunction] = {
    **{name: _iterate(name) for name in ("map", "some", "every", "find", "findIndex")},
    "filter": JSFunction("filter", _filter),
    "reduce": JSFunction("reduce", _reduce),
    "includes": JSFunction("includes", lambda t, a: _includes(_this_list(t), _arg(a, 0))),
    "indexOf": JSFunction("indexOf", lambda t, a: _index_of(_this_list(t), _arg(a, 0))),
    "join": JSFunction("join", lambda t, a: ("," if _arg(a, 0) is UNDEFINED else to_string(_arg(a, 0))).join(
        "" if e is None or e is UNDEFINED else to_string(e) for e in _this_list(t))),
    "slice": JSFunction("slice", lambda t, a: _this_list(t)[_pos(a, 0, 0, len(_this_list(t))):_pos(
        a, 1, len(_this_list(t)), len(_this_list(t)))]),
    "concat": JSFunction("concat", lambda t, a: _this_list(t) + [y for x in a for y in (
        x if isinstance(x, list) else [x])]),
    "toString": JSFunction("toString", lambda t, a: to_string(t)),
}

_OBJECT_METHODS: dict[str, JSFunction] = {
    "hasOwnProperty": JSFunction("hasOwnProperty", lambda t, a: isinstance(t, dict) and to_string(_arg(a, 0)) in t),
    "toString": JSFunction("toString", lambda t, a: "[object Object]"),
}


def _to_fixed(this: Any, a: list[Any]) -> str:
    x = to_number(this)
    digits = to_int(_arg(a, 0))
    if not 0 <= digits <= 100:
        raise JSError("RangeError", "toFixed() digits argument must be between 0 and 100")
    if x != x or abs(x) >= 1e21:
        return number_to_string(x)
    from decimal import ROUND_HALF_UP, Decimal  # rare: keep start-up light

    text = str(Decimal(x).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))
    return "0" + text[2:] if text.startswith("-0") and float(text) == 0 else text


_NUMBER_METHODS: dict[str, JSFunction] = {
    "toFixed": JSFunction("toFixed", _to_fixed),
    "toString": JSFunction("toString", lambda t, a: number_to_string(to_number(t))),
    "valueOf": JSFunction("valueOf", lambda t, a: to_number(t)),
}
_BOOLEAN_METHODS: dict[str, JSFunction] = {
    "toString": JSFunction("toString", lambda t, a: to_string(t)),
    "valueOf": JSFunction("valueOf", lambda t, a: t),
}


# -- Date ----------------------------------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"([+-]\d{6}|\d{4})(?:-(\d\d)(?:-(\d\d))?)?"
                       r"(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?)?(Z|[+-]\d\d:?\d\d)?\Z")
_RFC1123 = re.compile(r"(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d\d):(\d\d)(?::(\d\d))?"
                      r"\s*(GMT|UTC|Z|[+-]\d{4})?\s*\Z")


def _local_ms(y: int, mo: int, d: int, hh: int, mi: int, ss: int, ms: float) -> float:
    """Milliseconds since the epoch of a local wall-clock time (JS: forms without an offset)."""
    utc = (days_from_civil(y, mo, d) * 86400 + hh * 3600 + mi * 60 + ss)
    offset = time.localtime(utc).tm_gmtoff
    return (utc - offset) * 1000.0 + ms


def date_parse(text: str) -> float:
    """``Date.parse``: the ISO 8601 forms (date-only as UTC, date-time without offset as
    local time) and the RFC 1123 form; NaN otherwise."""
    s = text.strip()
    m = _ISO_DATE.match(s)
    if m is not None:
        year = int(m.group(1))
        mo, d = int(m.group(2) or 1), int(m.group(3) or 1)
        hh, mi, ss = int(m.group(4) or 0), int(m.group(5) or 0), int(m.group(6) or 0)
        ms = float(int((m.group(7) or "0")[:3].ljust(3, "0")))
        if not (1 <= mo <= 12 and 1 <= d <= 31 and (hh < 24 or (hh == 24 and mi == ss == ms == 0)) and mi < 60
                and ss < 60):
            return NAN
        tz = m.group(8)
        if tz is None and m.group(4) is not None:
            return _local_ms(year, mo, d, hh, mi, ss, ms)
        offset = 0
        if tz and tz != "Z":
            digits = tz[1:].replace(":", "")
            offset = (int(digits[:2]) * 60 + int(digits[2:])) * (1 if tz[0] == "+" else -1)
        return float((days_from_civil(year, mo, d) * 1440 + hh * 60 + mi - offset) * 60000 + ss * 1000) + ms
    m = _RFC1123.match(s)
    if m is not None and m.group(2).lower() in MONTHS:
        d, mo, year = int(m.group(1)), MONTHS.index(m.group(2).lower()) + 1, int(m.group(3))
        hh, mi, ss = int(m.group(4)), int(m.group(5)), int(m.group(6) or 0)
        tz = m.group(7)
        if tz is None:
            return _local_ms(year, mo, d, hh, mi, ss, 0.0)
        offset = 0 if tz in ("GMT", "UTC", "Z") else (int(tz[1:3]) * 60 + int(tz[3:5])) * (1 if tz[0] == "+" else -1)
        return float((days_from_civil(year, mo, d) * 1440 + hh * 60 + mi - offset) * 60000 + ss * 1000)
    return NAN


def _date_getter(index: int, local: bool) -> JSFunction:
    def get(this: Any, a: list[Any]) -> Any:
        if not isinstance(this, JSDate):
            raise JSError("TypeError", "this is not a Date object.")
        if this.ms != this.ms:
            return NAN
        fields = (local_fields if local else utc_fields)(this.ms)
        value = fields[index]
        return float(value - 1 if index == 1 else value)
    return JSFunction("get", get)


_DATE_METHODS: dict[str, JSFunction] = {
    "getTime": JSFunction("getTime", lambda t, a: t.ms),
    "valueOf": JSFunction("valueOf", lambda t, a: t.ms),
    "toISOString": JSFunction("toISOString", lambda t, a: iso_string(t)),
    "toJSON": JSFunction("toJSON", lambda t, a: iso_string(t) if t.ms == t.ms else None),
    "toString": JSFunction("toString", lambda t, a: date_string(t)),
    **{f"getUTC{name}": _date_getter(i, False) for i, name in enumerate(
        ("FullYear", "Month", "Date", "Hours", "Minutes", "Seconds", "Milliseconds", "Day"))},
    **{f"get{name}": _date_getter(i, True) for i, name in enumerate(
        ("FullYear", "Month", "Date", "Hours", "Minutes", "Seconds", "Milliseconds", "Day"))},
}


def _now_ms() -> float:
    return float(time.time_ns() // 1_000_000)


def _construct_date(this: Any, a: list[Any]) -> JSDate:
    if not a:
        return JSDate(_now_ms())
    if len(a) == 1:
        v = a[0]
        if isinstance(v, JSDate):
            return JSDate(v.ms)
        v = to_primitive(v)
        return JSDate(date_parse(v) if isinstance(v, str) else to_number(v))
    nums = [to_number(x) for x in a[:7]] + [0.0] * (7 - min(len(a), 7))
    if any(x != x or math.isinf(x) for x in nums):
        return JSDate(NAN)
    y, mo, d = int(nums[0]), int(nums[1]), int(nums[2]) if len(a) > 2 else 1
    if 0 <= y <= 99:
        y += 1900
    y += mo // 12
    mo = mo % 12
    base = _local_ms(y, mo + 1, 1, 0, 0, 0, 0.0)
    return JSDate(base + ((d - 1) * 24 + nums[3]) * 3_600_000 + nums[4] * 60000 + nums[5] * 1000 + nums[6])


# -- globals ---------------------------------------------------------------------------------------------------------


def _math_round(x: float) -> float:
    if not math.isfinite(x) or x == 0:
        return x
    r = math.floor(x)
    if x - r >= 0.5:
        r += 1
    if r == 0 and x < 0:
        return -0.0
    return float(r)


def _num_fn(f: Callable[[float], float]) -> Callable[[Any, list[Any]], float]:
    def call(this: Any, a: list[Any]) -> float:
        x = to_number(_arg(a, 0))
        try:
            return float(f(x))
        except (ValueError, OverflowError):
            return NAN
    return call


def _trunc(x: float) -> float:
    return x if not math.isfinite(x) else float(math.trunc(x))


def _sign(x: float) -> float:
    return x if x != x or x == 0 else math.copysign(1.0, x)


def _min_max(pick: Callable[..., float], empty: float) -> Callable[[Any, list[Any]], float]:
    def call(this: Any, a: list[Any]) -> float:
        nums = [to_number(x) for x in a]
        if any(n != n for n in nums):
            return NAN
        return pick(nums) if nums else empty
    return call


def _sqrt(x: float) -> float:
    return NAN if x < 0 else math.sqrt(x) if math.isfinite(x) else x


def _parse_int(this: Any, a: list[Any]) -> float:
    s = to_string(_arg(a, 0)).strip(JS_WHITESPACE)
    radix = to_int(_arg(a, 1))
    sign = 1.0
    if s[:1] in ("+", "-"):
        sign = -1.0 if s[0] == "-" else 1.0
        s = s[1:]
    if radix == 0:
        radix = 10
        if s[:2].lower() == "0x":
            radix, s = 16, s[2:]
    elif radix == 16 and s[:2].lower() == "0x":
        s = s[2:]
    if not 2 <= radix <= 36:
        return NAN
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"[:radix]
    end = 0
    while end < len(s) and s[end].lower() in digits:
        end += 1
    return sign * float(int(s[:end], radix)) if end else NAN


_FLOAT_PREFIX = re.compile(r"[+-]?(?:Infinity|\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)")


def _parse_float(this: Any, a: list[Any]) -> float:
    m = _FLOAT_PREFIX.match(to_string(_arg(a, 0)).lstrip(JS_WHITESPACE))
    if m is None:
        return NAN
    text = m.group()
    if text.lstrip("+-") == "Infinity":
        return -INF if text.startswith("-") else INF
    # "1e" or "1.5e+" is a prefix of a longer match only when the exponent has digits
    return float(text)


def _json_parse(this: Any, a: list[Any]) -> Any:
    text = to_string(_arg(a, 0))
    try:
        return from_json(json.loads(text, parse_constant=_reject_constant))
    except json.JSONDecodeError as e:
        if e.pos >= len(text):
            raise JSError("SyntaxError", "Unexpected end of JSON input") from None
        raise JSError("SyntaxError", f"Unexpected token {text[e.pos]} in JSON at position {e.pos}") from None
    except ValueError as e:
        raise JSError("SyntaxError", f"Unexpected token {str(e)[:1]} in JSON") from None


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _json_stringify(this: Any, a: list[Any]) -> Any:
    space = _arg(a, 2)
    if isinstance(space, float):
        indent = " " * max(0, min(10, to_int(space)))
    elif isinstance(space, str):
        indent = space[:10]
    else:
        indent = ""
    result = json_stringify(_arg(a, 0), indent)
    return UNDEFINED if result is None else result


def _object_keys(a: list[Any]) -> list[Any]:
    obj = _arg(a, 0)
    if obj is None or obj is UNDEFINED:
        raise JSError("TypeError", "Cannot convert undefined or null to object")
    if isinstance(obj, dict):
        return list(obj.keys())
    if isinstance(obj, list | str):
        return [str(i) for i in range(len(obj))]
    return []


def _object_values(a: list[Any]) -> list[Any]:
    obj = _arg(a, 0)
    return [get_property(obj, k) for k in _object_keys(a)]


_DATE = JSFunction("Date", lambda t, a: date_string(JSDate(_now_ms())), {
    "parse": JSFunction("parse", lambda t, a: date_parse(to_string(_arg(a, 0)))),
    "now": JSFunction("now", lambda t, a: _now_ms()),
    "UTC": JSFunction("UTC", lambda t, a: float((days_from_civil(to_int(_arg(a, 0)), to_int(_arg(a, 1)) + 1, 1)
                                                 + (to_int(_arg(a, 2)) - 1 if len(a) > 2 else 0)) * DAY_MS)),
    "__construct__": _construct_date,
})

GLOBALS: dict[str, Any] = {
    "undefined": UNDEFINED,
    "NaN": NAN,
    "Infinity": INF,
    "Math": {
        "round": JSFunction("round", _num_fn(_math_round)),
        "floor": JSFunction("floor", _num_fn(lambda x: x if not math.isfinite(x) else float(math.floor(x)))),
        "ceil": JSFunction("ceil", _num_fn(lambda x: x if not math.isfinite(x) else float(math.ceil(x)))),
        "abs": JSFunction("abs", _num_fn(abs)),
        "trunc": JSFunction("trunc", _num_fn(_trunc)),
        "sign": JSFunction("sign", _num_fn(_sign)),
        "sqrt": JSFunction("sqrt", _num_fn(_sqrt)),
        "pow": JSFunction("pow", lambda t, a: js_pow(to_number(_arg(a, 0)), to_number(_arg(a, 1)))),
        "min": JSFunction("min", _min_max(min, INF)),
        "max": JSFunction("max", _min_max(max, -INF)),
        "random": JSFunction("random", lambda t, a: random.random()),
        "PI": math.pi,
        "E": math.e,
    },
    "Date": _DATE,
    "String": JSFunction("String", lambda t, a: to_string(a[0]) if a else ""),
    "Number": JSFunction("Number", lambda t, a: to_number(a[0]) if a else 0.0, {
        "isInteger": JSFunction("isInteger", lambda t, a: isinstance(_arg(a, 0), float) and math.isfinite(a[0])
                                and a[0].is_integer()),
        "isNaN": JSFunction("isNaN", lambda t, a: isinstance(_arg(a, 0), float) and a[0] != a[0]),
        "MAX_SAFE_INTEGER": float(2**53 - 1),
        "MIN_SAFE_INTEGER": -float(2**53 - 1),
    }),
    "Boolean": JSFunction("Boolean", lambda t, a: to_boolean(_arg(a, 0))),
    "parseInt": JSFunction("parseInt", _parse_int),
    "parseFloat": JSFunction("parseFloat", _parse_float),
    "isNaN": JSFunction("isNaN", lambda t, a: to_number(_arg(a, 0)) != to_number(_arg(a, 0))),
    "isFinite": JSFunction("isFinite", lambda t, a: math.isfinite(to_number(_arg(a, 0)))),
    "JSON": {
        "stringify": JSFunction("stringify", _json_stringify),
        "parse": JSFunction("parse", _json_parse),
    },
    "Object": JSFunction("Object", lambda t, a: _arg(a, 0) if isinstance(_arg(a, 0), dict) else {}, {
        "keys": JSFunction("keys", lambda t, a: _object_keys(a)),
        "values": JSFunction("values", lambda t, a: _object_values(a)),
        "entries": JSFunction("entries", lambda t, a: [[k, v] for k, v in zip(_object_keys(a), _object_values(a),
                                                                              strict=True)]),
    }),
    "Array": JSFunction("Array", lambda t, a: list(a), {
        "isArray": JSFunction("isArray", lambda t, a: isinstance(_arg(a, 0), list)),
    }),
}
