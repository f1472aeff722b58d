"""CESQL beyond the TCK: Trigger filter usage, precedence, LIKE matching and parse errors."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from knlite.eventing.cesql import (
    BUILTINS,
    CESQLParseError,
    Expression,
    Function,
    FunctionRegistry,
    matches,
    parse,
)
from knlite.eventing.cesql.like import like_matcher

EVENT: dict[str, Any] = {
    "specversion": "1.0",
    "id": "a1b2",
    "source": "/apis/v1/curl/pod-7",
    "type": "com.example.sayhi",
    "subject": "greeting",
    "time": "2024-03-07T10:00:00Z",
    "sequence": "42",
    "retries": 3,
    "urgent": True,
}


@pytest.mark.parametrize(("expression", "expected"), [
    ("type = 'com.example.sayhi'", True),
    ("type = 'com.example.saybye'", False),
    ("source LIKE '%curl%' AND EXISTS subject", True),
    ("source LIKE '%curl%' AND EXISTS dataschema", False),
    ("type LIKE 'com.example.%' AND source LIKE '/apis/%'", True),
    ("myext = 'x'", False),  # missing extension: false *and* an error; either way Fail
    ("myext != 'x'", False),  # the error alone fails the filter, even under a negation
    ("NOT EXISTS myext", True),
    ("EXISTS myext AND myext = 'x'", False),  # short-circuit: no error, still no match
    ("sequence = 42 AND retries < 5", True),  # string and integer extensions, cast on compare
    ("urgent AND subject IN ('greeting', 'farewell')", True),
    ("LOWER(type) = 'com.example.sayhi'", True),
    ("type", False),  # not a Boolean
    ("1 / 0 = 0", False),  # a math error fails the filter
    ("ABC(type)", False),  # unknown function
    ("type = ", False),  # does not parse: never matches
])
def test_trigger_filter(expression: str, expected: bool) -> None:
    assert matches(expression, EVENT) is expected
    try:
        compiled = parse(expression)
    except CESQLParseError:
        return
    assert compiled.matches(EVENT) is expected


@pytest.mark.parametrize(("expression", "value", "kinds"), [
    # precedence and associativity of the v1 grammar
    ("FALSE AND FALSE OR TRUE", False, []),  # AND/OR/XOR: one level, right-associative
    ("TRUE OR FALSE AND FALSE", True, []),
    ("NOT TRUE = FALSE", True, []),  # unary binds tighter than comparisons
    ("1 + 2 * 3", 7, []),
    ("10 - 2 - 3", 5, []),
    ("5-3", 2, []),  # a sign after an operand is the binary operator
    ("-2147483648", -2147483648, []),
    ("2147483647 + 1", -2147483648, []),  # int32 wrap-around
    ("-7 / 2", -3, []),
    ("-7 % 2", -1, []),
    # casts
    ("retries = '3'", True, []),  # the right side's type picks the overload: 3 -> '3'
    ("retries = '03'", False, []),
    ("'03' = retries", True, []),  # ... here '03' -> 3
    ("urgent = 'TRUE'", False, []),  # TRUE cast to String is 'true'
    ("retries IN ('3', 'x')", True, []),
    ("retries IN ('x', '3')", False, ["cast"]),
    ("'abc' + 1", 0, ["cast"]),
    # error propagation: every enclosing operator yields its zero value
    ("missing1 = missing2", False, ["missingAttribute", "missingAttribute"]),
    ("(1 / 0) + missing", 0, ["math", "missingAttribute"]),
    ("FALSE AND missing", False, []),
    ("LENGTH(missing)", 0, ["missingAttribute"]),
    ("UPPER(LEFT('abc', -1))", "", ["functionEvaluation"]),
    ("TRIM('\x1c a \u3000')", "\x1c a", []),  # Unicode White_Space only
    ("time", "2024-03-07T10:00:00Z", []),
])
def test_evaluate(expression: str, value: Any, kinds: list[str]) -> None:
    result, errors = parse(expression).evaluate(EVENT)
    assert (type(result), result) == (type(value), value)
    assert [e.kind for e in errors] == kinds


def test_non_primitive_attribute_values_read_as_strings() -> None:
    event = {**EVENT, "time": datetime.datetime(2024, 3, 7, 10, tzinfo=datetime.UTC), "subject": None}
    assert parse("time").evaluate(event) == ("2024-03-07T10:00:00Z", [])
    assert parse("time LIKE '2024-%'").matches(event)
    assert not parse("EXISTS subject").matches(event)  # None counts as absent


@pytest.mark.parametrize(("pattern", "text", "expected"), [
    ("abc", "abc", True),
    ("abc", "abcd", False),
    ("a%", "abc", True),
    ("%c", "abc", True),
    ("%b%", "abc", True),
    ("%", "", True),
    ("a%b%c", "azzbzzc", True),
    ("a%b%c", "acb", False),
    ("%a%a%a%b", "a" * 200, False),  # linear, no catastrophic backtracking
    ("a_c", "abc", True),
    ("a_c", "ac", False),
    ("_%_", "a", False),
    ("%x_z%", "--xyz--", True),
    ("a\\%", "a%", True),
    ("a\\%", "ab", False),
    ("a\\_", "a_", True),
    ("a\\_", "ab", False),
    ("a\\b", "a\\b", True),  # only % and _ are escapable
])
def test_like(pattern: str, text: str, expected: bool) -> None:
    match, arg = like_matcher(pattern)
    assert match(text, arg) is expected


@pytest.mark.parametrize(("expression", "position"), [
    ("", 0),
    ("ABC(", 4),
    ("x LIKE 123", 7),
    ("x IN ()", 6),
    ("'abc", 0),
    ("2147483648", 0),
    ("a ! b", 2),
    ("1 2", 2),
    ("EXISTS 'a'", 7),
    ("LOWER(type", 10),
])
def test_parse_errors(expression: str, position: int) -> None:
    with pytest.raises(CESQLParseError) as info:
        parse(expression)
    assert info.value.position == position
    assert f"(at position {position})" in str(info.value)


def test_user_defined_functions_and_overload_rules() -> None:
    registry = FunctionRegistry((Function("TWICE", (int,), int, lambda x: x * 2),))
    assert parse("twice('21')", registry).evaluate(EVENT) == (42, [])
    with pytest.raises(ValueError):
        registry.register(Function("TWICE", (str,), int, len))  # same arity
    registry.register(Function("TWICE", (int, int), int, lambda x, y: x * y))
    with pytest.raises(ValueError):  # variadic overload needs more fixed parameters
        registry.register(Function("TWICE", (str,), str, "".join, rest=str, variadic=True))
    assert BUILTINS.resolve("CONCAT_WS", 0) is None
    assert BUILTINS.resolve("CONCAT_WS", 5) is not None


def test_expression_is_reusable() -> None:
    expr = parse("source LIKE '%curl%'")
    assert isinstance(expr, Expression)
    assert [expr.matches({**EVENT, "source": s}) for s in ("/curl", "/wget", "curl")] == [True, False, True]
