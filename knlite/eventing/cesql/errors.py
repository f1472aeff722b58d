"""CESQL error kinds (spec §3.3) and the internal signal that carries them up the tree.

The spec makes every operator and function *total*: an error never aborts evaluation, it
travels next to a value. The seven kinds below are the spec's (their ``kind`` strings are the
TCK's names). Evaluation errors are returned in a list by ``Expression.evaluate``; only
:class:`CESQLParseError` is raised to callers.

Inside the evaluator the happy path must cost nothing, so errors travel as an exception,
:class:`EvaluationFailure`, carrying the value the failing node evaluates to and the errors
collected so far. ``try`` is free in CPython 3.11 until something raises, so a filter that
matches (or cleanly does not) never allocates an error object. Each enclosing node catches
the failure, finishes evaluating its other operands (so their errors are collected too),
replaces the value by its own zero value and re-raises; the root turns it back into
``(value, errors)``. This is the propagation the TCK encodes (``true AND (1 != 1/0)`` is
``false`` with a math error) and what sdk-go, the reference implementation, does.
"""

from __future__ import annotations

from typing import Any, ClassVar


class CESQLError(Exception):
    """Base of every CESQL error; ``kind`` is the TCK's name for it."""

    kind: ClassVar[str] = "generic"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"


class CESQLParseError(CESQLError, ValueError):
    """The expression is not valid CESQL; ``position`` is the 0-based offset of the problem."""

    kind = "parse"

    def __init__(self, message: str, position: int, expression: str = "") -> None:
        super().__init__(f"{message} (at position {position})")
        self.reason = message
        self.position = position
        self.expression = expression


class MathError(CESQLError):
    kind = "math"


class CastError(CESQLError):
    kind = "cast"


class MissingAttributeError(CESQLError):
    kind = "missingAttribute"


class MissingFunctionError(CESQLError):
    kind = "missingFunction"


class FunctionEvaluationError(CESQLError):
    kind = "functionEvaluation"


class GenericError(CESQLError):
    kind = "generic"


class EvaluationFailure(Exception):
    """Internal: a node evaluated to ``value`` together with ``errors``."""

    __slots__ = ("errors", "value")

    def __init__(self, value: Any, error: CESQLError) -> None:
        self.value = value
        self.errors: list[CESQLError] = [error]
