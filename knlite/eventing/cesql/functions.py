"""CESQL built-in functions (spec §3.5) and the registry that dispatches calls by name and arity.

A function has typed parameters (arguments are implicitly cast to them, §3.7 rule 3) or
untyped ones (``None``: the casting functions take any value). Overloading is by arity only;
a name may have one variadic overload, whose fixed arity must exceed every other overload's,
so that a call always resolves to exactly one definition. A call that resolves to nothing —
unknown name or wrong arity, e.g. ``CONCAT_WS()`` — evaluates to ``false`` with a
``MissingFunctionError``.

The built-in set is exactly v1's: the string functions, ``ABS`` and the casts ``INT``,
``BOOL``, ``STRING`` the TCK requires. ``IS_INT``/``IS_BOOL`` (sdk-go extras) were dropped
from the TCK for v1, and ``IS_STRING`` was a TCK case *expecting* a missing function, so
none of them is registered here.

A function signals its own error by raising ``EvaluationFailure(value, error)``: the spec
wants the value too (``LEFT('abc', -2)`` is ``'abc'`` plus a ``FunctionEvaluationError``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from knlite.eventing.cesql.casting import INT32_MAX, INT32_MIN, ValueType, to_boolean, to_integer, to_string
from knlite.eventing.cesql.errors import EvaluationFailure, FunctionEvaluationError, MathError


@dataclass(frozen=True, slots=True)
class Function:
    name: str
    params: tuple[ValueType | None, ...]  # fixed parameters; None means "any type, no cast"
    returns: ValueType
    impl: Callable[..., Any]
    rest: ValueType | None = None  # type of the variadic tail, when ``variadic``
    variadic: bool = False

    def param_type(self, index: int) -> ValueType | None:
        return self.params[index] if index < len(self.params) else self.rest


class FunctionRegistry:
    """Functions by upper-cased name, with the spec's overloading rules enforced on register."""

    def __init__(self, functions: tuple[Function, ...] = ()) -> None:
        self._fixed: dict[str, dict[int, Function]] = {}
        self._variadic: dict[str, Function] = {}
        for fn in functions:
            self.register(fn)

    def register(self, fn: Function) -> None:
        name = fn.name.upper()
        fixed = self._fixed.setdefault(name, {})
        arity = len(fn.params)
        if fn.variadic:
            if name in self._variadic:
                raise ValueError(f"{name} already has a variadic overload")
            if fixed and arity <= max(fixed):
                raise ValueError(f"variadic {name} needs more than {max(fixed)} fixed parameters")
            self._variadic[name] = fn
            return
        if arity in fixed:
            raise ValueError(f"{name} already has an overload with {arity} parameters")
        variadic = self._variadic.get(name)
        if variadic is not None and arity >= len(variadic.params):
            raise ValueError(f"{name}/{arity} clashes with its variadic overload")
        fixed[arity] = fn

    def resolve(self, name: str, arity: int) -> Function | None:
        fn = self._fixed.get(name, {}).get(arity)
        if fn is not None:
            return fn
        variadic = self._variadic.get(name)
        if variadic is not None and arity >= len(variadic.params):
            return variadic
        return None


# -- implementations (arguments arrive already cast)

# Unicode White_Space (PropList.txt); str.strip() would also strip U+001C..U+001F, which the
# spec says TRIM must keep.
_WHITESPACE = ("\u0009\u000a\u000b\u000c\u000d\u0020\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004"
               "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


def _abs(x: int) -> int:
    if x == INT32_MIN:
        raise EvaluationFailure(INT32_MAX, MathError("ABS(-2147483648) overflows 32 bits"))
    return abs(x)


def _concat(*xs: str) -> str:
    return "".join(xs)


def _concat_ws(delimiter: str, *xs: str) -> str:
    return delimiter.join(xs)


def _left(x: str, n: int) -> str:
    if n < 0:
        raise EvaluationFailure(x, FunctionEvaluationError(f"LEFT: negative length {n}"))
    return x[:n]


def _right(x: str, n: int) -> str:
    if n < 0:
        raise EvaluationFailure(x, FunctionEvaluationError(f"RIGHT: negative length {n}"))
    return x[len(x) - n:] if n < len(x) else x


def _substring(x: str, pos: int, length: int | None = None) -> str:
    size = len(x)
    if pos > size or pos < -size:
        raise EvaluationFailure("", FunctionEvaluationError(
            f"SUBSTRING: position {pos} is out of range for a string of length {size}"))
    if length is not None and length < 0:
        raise EvaluationFailure("", FunctionEvaluationError(f"SUBSTRING: negative length {length}"))
    if pos == 0:
        return ""
    start = pos - 1 if pos > 0 else size + pos
    return x[start:] if length is None else x[start:start + length]


BUILTINS = FunctionRegistry((
    Function("ABS", (int,), int, _abs),
    Function("LENGTH", (str,), int, len),
    Function("CONCAT", (), str, _concat, rest=str, variadic=True),
    Function("CONCAT_WS", (str,), str, _concat_ws, rest=str, variadic=True),
    Function("LOWER", (str,), str, str.lower),
    Function("UPPER", (str,), str, str.upper),
    Function("TRIM", (str,), str, lambda x: x.strip(_WHITESPACE)),
    Function("LEFT", (str, int), str, _left),
    Function("RIGHT", (str, int), str, _right),
    Function("SUBSTRING", (str, int), str, _substring),
    Function("SUBSTRING", (str, int, int), str, _substring),
    Function("INT", (None,), int, to_integer),
    Function("BOOL", (None,), bool, to_boolean),
    Function("STRING", (None,), str, to_string),
))
