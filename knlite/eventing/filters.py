"""Trigger filters, compiled once per Trigger into a predicate over an event's attributes.

Knative's ``broker-filter`` decides per event and per Trigger whether to deliver
(``pkg/broker/filter/filter_handler.go`` ``filterEvent``). Two filter languages exist and a
Trigger uses exactly one of them:

* ``spec.filters`` — the Subscriptions API dialects (``pkg/eventfilter/subscriptionsapi``):
  ``exact``/``prefix``/``suffix`` maps, ``all``/``any`` lists, ``not`` and ``cesql``. Each
  node answers Pass, Fail or NoFilter and **only Fail drops** the event. It is used when the
  ``new-trigger-filters`` feature is on (the 1.12 default) and the list is non-empty; then
  ``spec.filter`` is ignored entirely.
* ``spec.filter.attributes`` — the legacy exact-match map (``pkg/eventfilter/attributes``):
  every key must match; the value ``""`` means "present and non-empty".

Both read attributes through :func:`lookup_attribute`, a port of ``LookupAttribute``: core
attributes always "exist" (``""`` when unset), ``time`` reads as Go's ``time.Time.String()``
(``2024-01-02 03:04:05 +0000 UTC``), ``datamediatype`` is the content type without
parameters, ``schemaurl`` aliases ``dataschema``; anything else is an extension that may be
absent. Knative's quirks are kept on purpose: a dialect map with an empty key or value, an
element with no dialect (``{}``) and a ``cesql`` that does not parse are skipped (they let
everything through), and a legacy filter never equals a non-string extension.

Compilation does all the work that does not depend on the event (lookups are resolved to
small getters, CESQL is parsed), so the per-event cost is a few dict reads and comparisons.
Knative's ``all``/``any`` reorder their children by failure frequency; the result is the
same, so knlite keeps the declared order.
"""

from __future__ import annotations

import datetime
import enum
import logging
import math
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from knlite.eventing import cesql

log = logging.getLogger(__name__)

Attributes = Mapping[str, Any]
Predicate = Callable[[Attributes], bool]


class FilterResult(enum.Enum):
    PASS = "pass"
    FAIL = "fail"
    NO_FILTER = "nofilter"


PASS, FAIL, NO_FILTER = FilterResult.PASS, FilterResult.FAIL, FilterResult.NO_FILTER

Node = Callable[[Attributes], FilterResult]


def compile_filter(trigger_spec: Mapping[str, Any], new_filters_enabled: bool = True) -> Predicate:
    """The Trigger's filter as ``attributes -> deliver?`` (``filterEvent`` of the broker-filter)."""
    filters = trigger_spec.get("filters")
    if new_filters_enabled and isinstance(filters, list) and filters:
        node = compile_filters(filters)
        return lambda attrs: node(attrs) is not FAIL
    legacy = trigger_spec.get("filter")
    if isinstance(legacy, Mapping):
        return compile_attributes(legacy.get("attributes"))
    return _always


def _always(_: Attributes) -> bool:
    return True


# -- attribute lookup (eventfilter/attributes.LookupAttribute) ---------------------------------

_MISSING: Any = object()
Getter = Callable[[Attributes], Any]  # the attribute's value, or _MISSING when it does not exist

_GO_ZERO_TIME = "0001-01-01 00:00:00 +0000 UTC"


def _core(name: str) -> Getter:
    def get(attrs: Attributes) -> Any:
        value = attrs.get(name)
        return "" if value is None else value

    return get


def _version_dependent(v1_name: str, v03_name: str | None) -> Getter:
    # sdk-go answers from the spec version's own field: a v1.0 event's ``schemaurl`` or
    # ``datacontentencoding`` extension is not what DataSchema()/DeprecatedDataContentEncoding() read.
    def get(attrs: Attributes) -> Any:
        name = v03_name if attrs.get("specversion") == "0.3" else v1_name
        value = attrs.get(name) if name else None
        return "" if value is None else value

    return get


def _datamediatype(attrs: Attributes) -> Any:
    ct = attrs.get("datacontenttype")
    if not isinstance(ct, str):
        return ""
    i = ct.find(";")
    return ct if i < 0 else ct[:i].strip()


def _time(attrs: Attributes) -> Any:
    return go_time_string(attrs.get("time"))


def _extension(name: str) -> Getter:
    def get(attrs: Attributes) -> Any:
        value = attrs.get(name)
        return _MISSING if value is None else value

    return get


_CORE_GETTERS: dict[str, Getter] = {
    "specversion": _core("specversion"),
    "type": _core("type"),
    "source": _core("source"),
    "subject": _core("subject"),
    "id": _core("id"),
    "time": _time,
    "dataschema": _version_dependent("dataschema", "schemaurl"),
    "schemaurl": _version_dependent("dataschema", "schemaurl"),
    "datacontenttype": _core("datacontenttype"),
    "datamediatype": _datamediatype,
    "datacontentencoding": _version_dependent("", "datacontentencoding"),
}


def getter(name: str) -> Getter:
    return _CORE_GETTERS.get(name) or _extension(name)


def lookup_attribute(attrs: Attributes, name: str) -> tuple[Any, bool]:
    """``LookupAttribute``: the value Knative's filters see for ``name`` and whether it exists."""
    value = getter(name)(attrs)
    return (None, False) if value is _MISSING else (value, True)


_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))"
)


def go_time_string(value: Any) -> str:
    """An event ``time`` as Go's ``time.Time.String()`` after sdk-go parsed it.

    ``2024-01-02T03:04:05.120Z`` → ``2024-01-02 03:04:05.12 +0000 UTC``; a non-UTC offset has
    no zone name, so Go prints it twice (``+0100 +0100``); unset gives Go's zero time.
    """
    if value is None:
        return _GO_ZERO_TIME
    if isinstance(value, datetime.datetime):
        offset = value.utcoffset()
        return _go_time(value.strftime("%Y-%m-%d %H:%M:%S"), f"{value.microsecond:06d}",
                        0 if offset is None else int(offset.total_seconds()) // 60)
    if not isinstance(value, str):
        return str(value)
    m = _RFC3339.fullmatch(value)
    if m is None:
        return value  # sdk-go would have rejected the event; keep it comparable as given
    year, month, day, hour, minute, second, frac, zulu, sign, oh, om = m.groups()
    minutes = 0 if zulu else (int(oh) * 60 + int(om)) * (-1 if sign == "-" else 1)
    return _go_time(f"{year}-{month}-{day} {hour}:{minute}:{second}", (frac or "")[:9], minutes)


def _go_time(date_time: str, frac: str, offset_minutes: int) -> str:
    frac = frac.rstrip("0")
    text = f"{date_time}.{frac}" if frac else date_time
    if offset_minutes == 0:
        return f"{text} +0000 UTC"
    sign = "-" if offset_minutes < 0 else "+"
    h, m = divmod(abs(offset_minutes), 60)
    zone = f"{sign}{h:02d}{m:02d}"
    return f"{text} {zone} {zone}"


def go_sprint(value: Any) -> str:
    """``fmt.Sprintf("%v", value)`` for the values an extension can hold."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _go_float(value)
    if isinstance(value, bytes | bytearray):
        return "[" + " ".join(str(b) for b in value) + "]"
    if isinstance(value, datetime.datetime):
        return go_time_string(value)
    return str(value)


def _go_float(f: float) -> str:
    # strconv.FormatFloat(f, 'g', -1, 64): shortest digits, %e when exp < -4 or exp >= 6.
    if math.isnan(f):
        return "NaN"
    if math.isinf(f):
        return "+Inf" if f > 0 else "-Inf"
    if f == 0:
        return "-0" if math.copysign(1.0, f) < 0 else "0"
    sign = "-" if f < 0 else ""
    _, digits_t, exponent = Decimal(repr(abs(f))).normalize().as_tuple()
    assert isinstance(exponent, int)
    digits = "".join(map(str, digits_t))
    exp = len(digits) + exponent - 1  # position of the first digit
    if exp < -4 or exp >= 6:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{mantissa}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    point = exp + 1
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return sign + digits + "0" * (point - len(digits))
    return f"{sign}{digits[:point]}.{digits[point:]}"


# -- legacy spec.filter.attributes -------------------------------------------------------------


def compile_attributes(attributes: Any) -> Predicate:
    """``spec.filter.attributes``: AND of exact, case-sensitive matches; ``""`` = present, non-empty."""
    if not isinstance(attributes, Mapping) or not attributes:
        return _always
    checks = tuple((getter(str(k)), _filter_value(v)) for k, v in attributes.items())

    def match(attrs: Attributes) -> bool:
        for get, want in checks:
            value = get(attrs)
            if value is _MISSING:
                return False
            if want:
                # Go compares interface values: a non-string extension never equals the filter.
                if type(value) is not str or value != want:
                    return False
            elif type(value) is str and not value:
                return False
        return True

    return match


def _filter_value(v: Any) -> str:
    return "" if v is None else go_sprint(v)


# -- spec.filters (Subscriptions API) ----------------------------------------------------------


def compile_filters(filters: list[Any]) -> Node:
    """``spec.filters``: the list ANDed as an ``all`` (``createSubscriptionsAPIFilters``)."""
    return _all_node(_materialize_list(filters))


def _materialize_list(filters: Any) -> list[Node]:
    nodes = []
    for f in filters if isinstance(filters, list) else ():
        node = _materialize(f)
        if node is None:
            log.debug("skipping trigger filter %r: no dialect or an invalid one", f)
        else:
            nodes.append(node)
    return nodes


def _materialize(f: Any) -> Node | None:
    """One ``SubscriptionsAPIFilter`` (``materializeSubscriptionsAPIFilter``); None = skipped."""
    if not isinstance(f, Mapping):
        return None
    exact, prefix, suffix = f.get("exact"), f.get("prefix"), f.get("suffix")
    all_, any_, not_, sql = f.get("all"), f.get("any"), f.get("not"), f.get("cesql")
    if isinstance(exact, Mapping) and exact:
        return _attribute_node(exact, str.__eq__)
    if isinstance(prefix, Mapping) and prefix:
        return _attribute_node(prefix, str.startswith)
    if isinstance(suffix, Mapping) and suffix:
        return _attribute_node(suffix, str.endswith)
    if isinstance(all_, list) and all_:
        return _all_node(_materialize_list(all_))
    if isinstance(any_, list) and any_:
        return _any_node(_materialize_list(any_))
    if isinstance(not_, Mapping):
        return _not_node(_materialize(not_))
    if isinstance(sql, str) and sql:
        return _cesql_node(sql)
    return None


def _attribute_node(spec: Mapping[Any, Any], compare: Callable[[str, str], bool]) -> Node | None:
    checks = []
    for k, v in spec.items():
        key, want = str(k), _filter_value(v)
        if not key or not want:
            return None  # the constructor's "attribute and value can't be empty" error
        checks.append((getter(key), want))

    def node(attrs: Attributes) -> FilterResult:
        for get, want in checks:
            value = get(attrs)
            if value is _MISSING:
                return FAIL
            if not compare(value if type(value) is str else go_sprint(value), want):
                return FAIL
        return PASS

    return node


def _all_node(children: list[Node]) -> Node:
    if not children:
        return _no_filter
    if len(children) == 1:
        return children[0]
    kids = tuple(children)

    def node(attrs: Attributes) -> FilterResult:
        res = NO_FILTER
        for child in kids:
            res = child(attrs)
            if res is FAIL:
                return FAIL
        return res

    return node


def _any_node(children: list[Node]) -> Node:
    if not children:
        return _no_filter
    kids = tuple(children)

    def node(attrs: Attributes) -> FilterResult:
        res = NO_FILTER
        for child in kids:
            res = child(attrs)
            if res is PASS:
                return PASS
        return res

    return node


def _not_node(child: Node | None) -> Node:
    if child is None:
        return _no_filter

    def node(attrs: Attributes) -> FilterResult:
        res = child(attrs)
        return PASS if res is FAIL else FAIL if res is PASS else NO_FILTER

    return node


def _cesql_node(expression: str) -> Node | None:
    try:
        expr = cesql.parse(expression)
    except cesql.CESQLParseError:
        return None  # admission validates cesql; an unparseable one is skipped like upstream

    def node(attrs: Attributes) -> FilterResult:
        return PASS if expr.matches(attrs) else FAIL

    return node


def _no_filter(_: Attributes) -> FilterResult:
    return NO_FILTER
