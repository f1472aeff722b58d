"""Go's wording, for messages users compare with Knative's.

Knative's config errors are Go error strings: ``strconv.ParseInt: parsing "x": invalid syntax``,
``time: invalid duration "x"``, ``json: cannot unmarshal string into Go struct field ...``,
``yaml: line 2: ...``, numbers printed by ``fmt``'s ``%v``. This module reproduces those
functions' accepted syntax and error texts (not their full semantics) so that knlite's parsers
return the same text a Knative webhook would. Everything here raises :class:`GoError`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import yaml

from knlite.apis import goduration


class GoError(ValueError):
    """An error text produced by an emulated Go function (strconv, time, encoding/json, yaml)."""


# -- Go formatting -------------------------------------------------------------------------------


def go_quote(s: str) -> str:
    """Go's ``strconv.Quote`` (what ``%q`` prints)."""
    out = ['"']
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch in _GO_ESCAPES:
            out.append(_GO_ESCAPES[ch])
        elif ch.isprintable():
            out.append(ch)
        elif ord(ch) < 0x80:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) < 0x10000:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    out.append('"')
    return "".join(out)


_GO_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def go_float(v: float) -> str:
    """A float64 as Go's ``%v`` prints it: shortest digits, exponent form outside [1e-4, 1e6)."""
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "+Inf" if v > 0 else "-Inf"
    if v == 0:
        return "-0" if math.copysign(1.0, v) < 0 else "0"
    _, digit_tuple, exp = Decimal(repr(abs(v))).normalize().as_tuple()
    assert isinstance(exp, int)
    digits = "".join(map(str, digit_tuple))
    point = len(digits) + exp  # digits[:point] is the integer part
    sign = "-" if v < 0 else ""
    x = point - 1
    if x < -4 or x >= 6:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{mantissa}e{'-' if x < 0 else '+'}{abs(x):02d}"
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return sign + digits + "0" * (point - len(digits))
    return f"{sign}{digits[:point]}.{digits[point:]}"


def go_value(v: object) -> str:
    """``fmt``'s ``%v`` for the values configs hold (maps print sorted, as Go does)."""
    if v is None:
        return "<nil>"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return go_float(v)
    if isinstance(v, Mapping):
        return "map[" + " ".join(f"{go_value(k)}:{go_value(v[k])}" for k in sorted(v)) + "]"
    if isinstance(v, list | tuple):
        return "[" + " ".join(go_value(x) for x in v) + "]"
    return str(v)


def go_duration(ns: int) -> str:
    return goduration.format(ns)


# -- strconv / time / resource.Quantity ------------------------------------------------------------

_INT_RE = re.compile(r"[+-]?[0-9]+\Z")
_UINT_RE = re.compile(r"[0-9]+\Z")
_DEC_FLOAT_RE = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z")
_HEX_FLOAT_RE = re.compile(r"[+-]?0[xX](?:[0-9a-fA-F_]+\.?[0-9a-fA-F_]*|\.[0-9a-fA-F_]+)[pP][+-]?[0-9_]+\Z")
_SPECIAL_FLOAT_RE = re.compile(r"([+-]?)(inf|infinity)\Z|nan\Z", re.IGNORECASE)


def _num_error(fn: str, raw: str, reason: str) -> GoError:
    return GoError(f"strconv.{fn}: parsing {go_quote(raw)}: {reason}")


def parse_go_bool(raw: str) -> bool:
    if raw in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if raw in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    raise _num_error("ParseBool", raw, "invalid syntax")


def parse_go_int(raw: str, bits: int = 64, fn: str = "ParseInt") -> int:
    if not _INT_RE.match(raw):
        raise _num_error(fn, raw, "invalid syntax")
    v = int(raw)
    if not -(1 << (bits - 1)) <= v < (1 << (bits - 1)):
        raise _num_error(fn, raw, "value out of range")
    return v


def parse_go_uint(raw: str, bits: int = 64) -> int:
    if not _UINT_RE.match(raw):
        raise _num_error("ParseUint", raw, "invalid syntax")
    v = int(raw)
    if v >= 1 << bits:
        raise _num_error("ParseUint", raw, "value out of range")
    return v


def parse_go_float(raw: str) -> float:
    special = _SPECIAL_FLOAT_RE.match(raw)
    if special:
        return float("nan") if special.group(2) is None else float(special.group(1) + "inf")
    if _DEC_FLOAT_RE.match(raw):
        v = float(raw)
    elif _HEX_FLOAT_RE.match(raw):
        v = float.fromhex(raw.replace("_", ""))
    else:
        raise _num_error("ParseFloat", raw, "invalid syntax")
    if math.isinf(v):
        raise _num_error("ParseFloat", raw, "value out of range")
    return v


def parse_go_duration(raw: str) -> int:
    try:
        return goduration.parse(raw)
    except goduration.DurationError as e:
        raise GoError(_duration_error(raw) or str(e)) from None


def _duration_error(orig: str) -> str | None:
    """The message Go's ``time.ParseDuration`` gives for a malformed ``orig`` (its scanner)."""
    s = orig[1:] if orig[:1] in ("+", "-") else orig
    invalid = f"time: invalid duration {go_quote(orig)}"
    if s == "0":
        return None
    if not s:
        return invalid
    while s:
        m = re.match(r"([0-9]*)(\.[0-9]*)?", s)
        assert m is not None
        if s[0] not in ".0123456789" or (not m.group(1) and len(m.group(2) or "") < 2):
            return invalid
        s = s[m.end() :]
        unit = re.match(r"[^.0-9]*", s)
        assert unit is not None
        if not unit.group():
            return f"time: missing unit in duration {go_quote(orig)}"
        if unit.group() not in ("ns", "us", "µs", "μs", "ms", "s", "m", "h"):
            return f"time: unknown unit {go_quote(unit.group())} in duration {go_quote(orig)}"
        s = s[unit.end() :]
    return None


_QUANTITY_FORMAT = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$"
_QUANTITY_FORMAT_RE = re.compile(r"([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)\Z")
_QUANTITY_RE = re.compile(
    r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]+)?\Z"
)


def parse_quantity(raw: str) -> str:
    """Check a Kubernetes quantity (``resource.ParseQuantity``'s errors); returns it unchanged."""
    if not _QUANTITY_FORMAT_RE.match(raw):
        raise GoError(f"quantities must match the regular expression '{_QUANTITY_FORMAT}'")
    if not _QUANTITY_RE.match(raw):
        raise GoError("unable to parse quantity's suffix")
    return raw


# -- YAML decoded against Go types (sigs.k8s.io/yaml + encoding/json) ------------------------------


class _GoYAMLLoader(yaml.SafeLoader):
    """PyYAML's safe loader, adjusted to Go's YAML→JSON: timestamps stay strings and mapping keys
    become strings as they are read (so ``1`` and ``true`` stay two keys, as in Go)."""

    def construct_go_mapping(self, node: yaml.MappingNode) -> dict[str, Any]:
        self.flatten_mapping(node)
        return {
            _json_key(self.construct_object(k, deep=True)): self.construct_object(v, deep=True)
            for k, v in node.value
        }


_GoYAMLLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_GoYAMLLoader.add_constructor("tag:yaml.org,2002:map", _GoYAMLLoader.construct_go_mapping)


def yaml_to_json(text: str) -> Any:
    """``yaml.YAMLToJSON``: the first document as JSON-able Python values (keys become strings)."""
    try:
        value = next(iter(yaml.load_all(text, Loader=_GoYAMLLoader)), None)
    except yaml.MarkedYAMLError as e:
        line = e.problem_mark.line + 1 if e.problem_mark else 0
        raise GoError(f"yaml: line {line}: {e.problem}") from None
    except yaml.YAMLError as e:
        raise GoError(f"yaml: {e}") from None
    return _jsonable(value)


def _jsonable(v: Any) -> Any:
    if isinstance(v, dict):
        return {(_json_key(k)): _jsonable(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_jsonable(x) for x in v]
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    return v


def _json_key(k: Any) -> str:
    if isinstance(k, str):
        return k
    return "null" if k is None else go_value(k)


def go_json(v: Any) -> str:
    """``json.Marshal`` of decoded YAML: sorted keys, no spaces, ``<>&`` escaped."""
    text = json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@dataclass(frozen=True)
class GoType:
    """Enough of a Go type to decode JSON into it with ``encoding/json``'s errors."""

    name: str  # as printed in errors: "int32", "config.ClassAndBrokerConfig"
    kind: str  # string | int | float | bool | struct | map | slice | any
    bits: int = 64
    fields: tuple[tuple[str, GoType], ...] = ()
    elem: GoType | None = None

    @property
    def short(self) -> str:
        return self.name.rpartition(".")[2]


STRING = GoType("string", "string")
INT = GoType("int", "int")
INT32 = GoType("int32", "int", bits=32)
BOOL = GoType("bool", "bool")
ANY = GoType("interface {}", "any")


def go_struct(name: str, fields: Mapping[str, GoType]) -> GoType:
    return GoType(name, "struct", fields=tuple(fields.items()))


def go_map(elem: GoType, name: str = "") -> GoType:
    return GoType(name or f"map[string]{elem.name}", "map", elem=elem)


def go_slice(elem: GoType) -> GoType:
    return GoType(f"[]{elem.name}", "slice", elem=elem)


def _json_kind(v: Any) -> str:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int | float):
        return "number"
    if isinstance(v, str):
        return "string"
    return "array" if isinstance(v, list) else "object"


def decode_json(value: Any, t: GoType, *, strings_from_scalars: bool = False) -> Any:
    """``json.Unmarshal`` of ``value`` into ``t``: unknown keys dropped, struct keys matched
    case-insensitively (renamed to their JSON names), first type error raised as Go words it.
    ``strings_from_scalars`` mirrors sigs.k8s.io/yaml's Unmarshal, which turns a YAML number or
    bool into a string when the target field is a string."""
    return _decode(value, t, (), "", strings_from_scalars)


def _decode(v: Any, t: GoType, stack: tuple[str, ...], struct: str, coerce: bool) -> Any:
    if v is None or t.kind == "any":
        return v

    def fail(kind: str) -> GoError:
        where = f"Go struct field {struct}.{'.'.join(stack)}" if struct else "Go value"
        return GoError(f"json: cannot unmarshal {kind} into {where} of type {t.name}")

    if t.kind == "string":
        if isinstance(v, str):
            return v
        if coerce and isinstance(v, bool | int | float):
            return go_value(v)
        raise fail(_json_kind(v))
    if t.kind == "bool":
        if isinstance(v, bool):
            return v
        raise fail(_json_kind(v))
    if t.kind in ("int", "float"):
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise fail(_json_kind(v))
        if t.kind == "float":
            return float(v)
        if isinstance(v, float) and not v.is_integer():
            raise fail(f"number {go_float(v)}")
        if not -(1 << (t.bits - 1)) <= int(v) < (1 << (t.bits - 1)):
            raise fail(f"number {int(v)}")
        return int(v)
    if t.kind == "slice":
        if not isinstance(v, list):
            raise fail(_json_kind(v))
        assert t.elem is not None
        return [_decode(x, t.elem, stack, struct, coerce) for x in v]
    if not isinstance(v, dict):
        raise fail(_json_kind(v))
    if t.kind == "map":
        assert t.elem is not None
        return {k: _decode(x, t.elem, stack, struct, coerce) for k, x in v.items()}
    out: dict[str, Any] = {}
    by_name = dict(t.fields)
    by_fold = {name.lower(): name for name, _ in t.fields}
    for key, x in v.items():
        name = key if key in by_name else by_fold.get(key.lower())
        if name is not None:
            out[name] = _decode(x, by_name[name], (*stack, name), t.short, coerce)
    return out


def sigs_yaml_unmarshal(text: str, t: GoType) -> Any:
    """``sigs.k8s.io/yaml.Unmarshal`` into ``t`` with its error wrapping."""
    try:
        value = yaml_to_json(text)
    except GoError as e:
        raise GoError(f"error converting YAML to JSON: {e}") from None
    try:
        return decode_json(value, t, strings_from_scalars=True)
    except GoError as e:
        raise GoError(f"error unmarshaling JSON: while decoding JSON: {e}") from None
