"""CloudEvents SQL (CESQL) v1.0.0: the expression language of Trigger ``cesql`` filters.

Knative evaluates ``spec.filters[].cesql`` with sdk-go's ``sql/v2`` package. No maintained
Python CESQL library exists, so knlite carries its own engine, written against the v1.0.0
spec (``cloudevents/spec`` ``cesql/spec.md`` and the ANTLR grammar) and its TCK:
``lexer`` → ``parser`` (syntax tree) → ``evaluator`` (closures), with the built-ins in
``functions`` and the casts in ``casting``.

Usage::

    expr = parse("type = 'com.example.sayhi' AND source LIKE '%curl%'")  # once
    value, errors = expr.evaluate(attributes)  # the spec's (value, error list)
    expr.matches(attributes)                    # the filter rule, for the hot path

``attributes`` maps lower-case context attribute names (``specversion``, ``id``, ``source``,
``type``, ``subject``, ``time``, ..., and extensions) to their values as the CloudEvents type
system gives them (``str``, ``int``, ``bool``; timestamps as RFC 3339 strings). A Trigger
filter passes only when the result is Boolean ``true`` and no error was raised (spec §1.2;
Knative fails the filter on any error), which is what :func:`matches` answers.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from knlite.eventing.cesql.errors import (
    CastError,
    CESQLError,
    CESQLParseError,
    FunctionEvaluationError,
    GenericError,
    MathError,
    MissingAttributeError,
    MissingFunctionError,
)
from knlite.eventing.cesql.evaluator import Expression
from knlite.eventing.cesql.functions import BUILTINS, Function, FunctionRegistry
from knlite.eventing.cesql.parser import parse_ast

__all__ = [
    "BUILTINS",
    "CESQLError",
    "CESQLParseError",
    "CastError",
    "Expression",
    "Function",
    "FunctionEvaluationError",
    "FunctionRegistry",
    "GenericError",
    "MathError",
    "MissingAttributeError",
    "MissingFunctionError",
    "matches",
    "parse",
]


def parse(expression: str, functions: FunctionRegistry = BUILTINS) -> Expression:
    """Parse and compile ``expression``; raises :class:`CESQLParseError` when it is not CESQL."""
    try:
        return Expression(expression, parse_ast(expression), functions)
    except RecursionError:
        raise CESQLParseError("expression nests too deeply", 0, expression) from None


@functools.lru_cache(maxsize=1024)
def _cached(expression: str) -> Expression | None:
    try:
        return parse(expression)
    except CESQLParseError:
        return None


def matches(expression: str | Expression, event: Mapping[str, Any]) -> bool:
    """Whether ``event`` passes the filter ``expression`` (parsed once per distinct string).

    ``True`` only when the result is Boolean ``true`` and evaluation raised no error; an
    expression that does not parse never matches (admission should have rejected it, see
    :func:`parse`).
    """
    compiled = expression if isinstance(expression, Expression) else _cached(expression)
    return compiled is not None and compiled.matches(event)
