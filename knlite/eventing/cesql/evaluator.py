"""CESQL evaluation: the syntax tree compiled once into nested closures.

A Trigger's ``cesql`` filter is parsed when the Trigger is applied and evaluated for every
event the broker fans out, so evaluation is the hot path. Compiling the tree into closures
removes the per-node dispatch of a tree walker: each closure takes the event mapping and
returns a plain ``str``/``int``/``bool``. The common filter shapes get fused closures —
``attr = 'literal'`` and ``attr LIKE 'pattern'`` read the attribute and compare in one call
(patterns are compiled by :mod:`~knlite.eventing.cesql.like`) — and sub-expressions
without attributes are folded to constants.

Errors follow the spec's model (§3.3, §4.1, "complete evaluation"): an operator or function
that meets an error still yields a value, the errors are collected, and every enclosing
operator yields its own zero value. The mechanism is the ``EvaluationFailure`` signal
described in :mod:`~knlite.eventing.cesql.errors`; ``AND``/``OR`` short-circuit on the value
of their left side, so errors on the right side of ``false AND ...`` never happen.

Implicit casts (§3.7): unary and unambiguous operators cast to their parameter types;
``=``/``!=``/``<>`` cast the left operand to the right operand's type; ``IN`` casts the set
elements to the left operand's type; ``LIKE`` casts to String; function arguments are cast
to the parameter types.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from knlite.eventing.cesql.casting import (
    CASTS,
    ZERO,
    ValueType,
    attribute_value,
    to_boolean,
    to_integer,
    to_string,
    truthy,
    wrap_int32,
)
from knlite.eventing.cesql.errors import (
    CESQLError,
    EvaluationFailure,
    MathError,
    MissingAttributeError,
    MissingFunctionError,
)
from knlite.eventing.cesql.functions import BUILTINS, FunctionRegistry
from knlite.eventing.cesql.like import like_matcher
from knlite.eventing.cesql.parser import Binary, Call, Exists, Identifier, In, Like, Literal, Node, Unary

Event = Mapping[str, Any]
Evaluator = Callable[[Event], Any]


class Expression:
    """A parsed and compiled CESQL expression; evaluate it as many times as needed."""

    __slots__ = ("_fn", "ast", "source")

    def __init__(self, source: str, ast: Node, functions: FunctionRegistry = BUILTINS) -> None:
        self.source = source
        self.ast = ast
        self._fn = _compile(ast, functions).fn

    def evaluate(self, event: Event) -> tuple[Any, list[CESQLError]]:
        """The value of the expression for ``event`` and the errors met computing it.

        ``event`` maps lower-case context attribute names (extensions included) to their
        values; an absent key or a ``None`` value is a missing attribute.
        """
        try:
            return self._fn(event), []
        except EvaluationFailure as f:
            return f.value, f.errors

    def matches(self, event: Event) -> bool:
        """The Trigger filter rule: ``True`` only for a Boolean ``true`` without errors."""
        try:
            return self._fn(event) is True
        except EvaluationFailure:
            return False

    def __repr__(self) -> str:
        return f"Expression({self.source!r})"


class _Compiled:
    __slots__ = ("const", "fn", "pure", "type", "value")

    def __init__(self, fn: Evaluator, type_: ValueType | None, pure: bool,
                 const: bool = False, value: Any = None) -> None:
        self.fn = fn
        self.type = type_  # static return type; None when only known at run time
        self.pure = pure  # no attribute access below: the value is the same for every event
        self.const = const
        self.value = value


def _compile(node: Node, functions: FunctionRegistry) -> _Compiled:
    c = _COMPILERS[type(node)](node, functions)
    if c.pure and not c.const:
        try:
            value = c.fn({})
        except EvaluationFailure:
            return c  # keep it: its errors are reported at evaluation time
        return _constant(value)
    return c


def _constant(value: Any) -> _Compiled:
    def const(ev: Event) -> Any:
        return value

    return _Compiled(const, type(value), True, True, value)


def _drain(failure: EvaluationFailure, ev: Event, *rest: Evaluator) -> None:
    """Evaluate the remaining operands of a failed node only to collect their errors."""
    for fn in rest:
        try:
            fn(ev)
        except EvaluationFailure as f:
            failure.errors.extend(f.errors)


def _missing(name: str) -> EvaluationFailure:
    return EvaluationFailure(False, MissingAttributeError(f"missing attribute {name!r}"))


# -- leaves


def _literal(node: Literal, functions: FunctionRegistry) -> _Compiled:
    return _constant(node.value)


def _identifier(node: Identifier, functions: FunctionRegistry) -> _Compiled:
    name = node.name

    def attribute(ev: Event) -> Any:
        v = ev.get(name)
        if v is None:
            raise _missing(name)
        t = type(v)
        if t is str or t is int or t is bool:
            return v
        return attribute_value(v)

    return _Compiled(attribute, None, False)


def _exists(node: Exists, functions: FunctionRegistry) -> _Compiled:
    name = node.name

    def exists(ev: Event) -> bool:
        return ev.get(name) is not None

    return _Compiled(exists, bool, False)


# -- unary


def _unary(node: Unary, functions: FunctionRegistry) -> _Compiled:
    operand = _compile(node.operand, functions)
    fn = operand.fn
    if node.op == "NOT":
        def not_(ev: Event) -> bool:
            try:
                v = fn(ev)
                if v is True:
                    return False
                if v is False:
                    return True
                return not to_boolean(v)
            except EvaluationFailure as f:
                f.value = False
                raise

        return _Compiled(not_, bool, operand.pure)

    def negate(ev: Event) -> int:
        try:
            return wrap_int32(-to_integer(fn(ev)))
        except EvaluationFailure as f:
            f.value = 0
            raise

    return _Compiled(negate, int, operand.pure)


# -- binary


def _div(a: Any, b: Any) -> int:
    x, y = to_integer(a), to_integer(b)
    if y == 0:
        raise EvaluationFailure(0, MathError("division by zero"))
    q = abs(x) // abs(y)
    return wrap_int32(q if (x < 0) == (y < 0) else -q)


def _mod(a: Any, b: Any) -> int:
    x, y = to_integer(a), to_integer(b)
    if y == 0:
        raise EvaluationFailure(0, MathError("modulo by zero"))
    r = abs(x) % abs(y)
    return -r if x < 0 else r


def _eq(a: Any, b: Any) -> bool:
    t = type(b)
    if type(a) is not t:
        a = CASTS[t](a)
    return a == b


def _ne(a: Any, b: Any) -> bool:
    return not _eq(a, b)


_BINARY_OPS: dict[str, tuple[Callable[[Any, Any], Any], ValueType]] = {
    "+": (lambda a, b: wrap_int32(to_integer(a) + to_integer(b)), int),
    "-": (lambda a, b: wrap_int32(to_integer(a) - to_integer(b)), int),
    "*": (lambda a, b: wrap_int32(to_integer(a) * to_integer(b)), int),
    "/": (_div, int),
    "%": (_mod, int),
    "<": (lambda a, b: to_integer(a) < to_integer(b), bool),
    "<=": (lambda a, b: to_integer(a) <= to_integer(b), bool),
    ">": (lambda a, b: to_integer(a) > to_integer(b), bool),
    ">=": (lambda a, b: to_integer(a) >= to_integer(b), bool),
    "=": (_eq, bool),
    "!=": (_ne, bool),
    "<>": (_ne, bool),
    "XOR": (lambda a, b: to_boolean(a) is not to_boolean(b), bool),
}


def _binary(node: Binary, functions: FunctionRegistry) -> _Compiled:
    left = _compile(node.left, functions)
    right = _compile(node.right, functions)
    pure = left.pure and right.pure
    if node.op == "AND":
        return _Compiled(_and(left.fn, right.fn), bool, pure)
    if node.op == "OR":
        return _Compiled(_or(left.fn, right.fn), bool, pure)
    if node.op in ("=", "!=", "<>") and right.const:
        return _Compiled(_compare_constant(node.left, left.fn, right.value, node.op == "="), bool, pure)
    op, returns = _BINARY_OPS[node.op]
    lfn, rfn, zero = left.fn, right.fn, ZERO[returns]

    def binary(ev: Event) -> Any:
        try:
            a = lfn(ev)
        except EvaluationFailure as f:
            _drain(f, ev, rfn)
            f.value = zero
            raise
        try:
            return op(a, rfn(ev))
        except EvaluationFailure as f:
            f.value = zero
            raise

    return _Compiled(binary, returns, pure)


def _compare_constant(left_node: Node, lfn: Evaluator, value: Any, equal: bool) -> Evaluator:
    """``x = constant`` (or ``!=``): the right side's type is known, so is the cast."""
    t = type(value)
    cast = CASTS[t]
    if isinstance(left_node, Identifier):
        name = left_node.name

        def attribute_equals(ev: Event) -> bool:
            v = ev.get(name)
            if v is None:
                raise _missing(name)
            if type(v) is not t:
                if type(v) not in CASTS:
                    v = attribute_value(v)
                try:
                    v = cast(v)
                except EvaluationFailure as f:
                    f.value = False
                    raise
            return (v == value) is equal

        return attribute_equals

    def equals(ev: Event) -> bool:
        try:
            v = lfn(ev)
            if type(v) is not t:
                v = cast(v)
        except EvaluationFailure as f:
            f.value = False
            raise
        return (v == value) is equal

    return equals


def _and(lfn: Evaluator, rfn: Evaluator) -> Evaluator:
    def and_(ev: Event) -> bool:
        try:
            a = lfn(ev)
            if a is not True and a is not False:
                a = to_boolean(a)
        except EvaluationFailure as f:
            if truthy(f.value):
                _drain(f, ev, rfn)
            f.value = False
            raise
        if not a:
            return False
        try:
            b = rfn(ev)
            return b if b is True or b is False else to_boolean(b)
        except EvaluationFailure as f:
            f.value = False
            raise

    return and_


def _or(lfn: Evaluator, rfn: Evaluator) -> Evaluator:
    def or_(ev: Event) -> bool:
        try:
            a = lfn(ev)
            if a is not True and a is not False:
                a = to_boolean(a)
        except EvaluationFailure as f:
            if not truthy(f.value):
                _drain(f, ev, rfn)
            f.value = False
            raise
        if a:
            return True
        try:
            b = rfn(ev)
            return b if b is True or b is False else to_boolean(b)
        except EvaluationFailure as f:
            f.value = False
            raise

    return or_


# -- LIKE


def _like(node: Like, functions: FunctionRegistry) -> _Compiled:
    operand = _compile(node.operand, functions)
    match, arg = like_matcher(node.pattern)
    negated = node.negated
    if isinstance(node.operand, Identifier):
        name = node.operand.name

        def attribute_like(ev: Event) -> bool:
            v = ev.get(name)
            if v is None:
                raise _missing(name)
            if type(v) is not str:
                v = to_string(v) if type(v) in CASTS else attribute_value(v)
            return match(v, arg) is not negated

        return _Compiled(attribute_like, bool, False)

    fn = operand.fn

    def like(ev: Event) -> bool:
        try:
            v = fn(ev)
        except EvaluationFailure as f:
            f.value = False
            raise
        if type(v) is not str:
            v = to_string(v)
        return match(v, arg) is not negated

    return _Compiled(like, bool, operand.pure)


# -- IN


def _in(node: In, functions: FunctionRegistry) -> _Compiled:
    operand = _compile(node.operand, functions)
    items = [_compile(item, functions) for item in node.items]
    lfn, fns, negated = operand.fn, tuple(i.fn for i in items), node.negated
    # All-constant sets are cast ahead of time to each possible left type; a type for which
    # some element does not cast falls back to the loop, which reports the CastError.
    tables: dict[type, frozenset[Any] | None] = {}
    if all(i.const for i in items):
        for t, cast in CASTS.items():
            try:
                tables[t] = frozenset(cast(i.value) for i in items)
            except EvaluationFailure:
                tables[t] = None

    def in_(ev: Event) -> bool:
        try:
            x = lfn(ev)
        except EvaluationFailure as f:
            _drain(f, ev, *fns)
            f.value = False
            raise
        t = type(x)
        table = tables.get(t)
        if table is not None:
            return (x in table) is not negated
        cast = CASTS[t]
        for k, fn in enumerate(fns):
            try:
                v = fn(ev)
                if type(v) is not t:
                    v = cast(v)
            except EvaluationFailure as f:
                _drain(f, ev, *fns[k + 1:])
                f.value = False
                raise
            if v == x:
                return not negated
        return negated

    return _Compiled(in_, bool, operand.pure and all(i.pure for i in items))


# -- function calls


def _call(node: Call, functions: FunctionRegistry) -> _Compiled:
    fn = functions.resolve(node.name, len(node.args))
    if fn is None:
        message = f"no function {node.name} taking {len(node.args)} argument(s)"

        def missing_function(ev: Event) -> bool:
            raise EvaluationFailure(False, MissingFunctionError(message))

        return _Compiled(missing_function, bool, True)
    args = [_compile(a, functions) for a in node.args]
    pairs = tuple((a.fn, CASTS.get(t) if (t := fn.param_type(k)) is not None else None)
                  for k, a in enumerate(args))
    impl, zero, pure = fn.impl, ZERO[fn.returns], all(a.pure for a in args)

    def call(ev: Event) -> Any:
        values: list[Any] = []
        failure: EvaluationFailure | None = None
        for afn, cast in pairs:
            try:
                v = afn(ev)
                if cast is not None:
                    v = cast(v)
            except EvaluationFailure as f:
                if failure is None:
                    failure = f
                else:
                    failure.errors.extend(f.errors)
                continue
            values.append(v)
        if failure is not None:
            failure.value = zero
            raise failure
        return impl(*values)

    return _Compiled(call, fn.returns, pure)


_COMPILERS: dict[type, Callable[[Any, FunctionRegistry], _Compiled]] = {
    Literal: _literal,
    Identifier: _identifier,
    Exists: _exists,
    Unary: _unary,
    Binary: _binary,
    Like: _like,
    In: _in,
    Call: _call,
}
