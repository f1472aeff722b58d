"""A small, safe JavaScript *expression* evaluator for the filter and transformer samples.

``villardl/filter-nodejs`` and ``villardl/transformer-nodejs`` run a user-supplied JavaScript
expression (``$FILTER``, ``$TRANSFORMER``) with Node's ``vm`` module. knlite runs no Node,
and must never hand user text to Python's ``eval``, so it carries its own interpreter for the
expression subset such one-liners use: a lexer, a recursive-descent parser and a compiler to
Python closures, with JavaScript's semantics where they differ from Python's — numbers are
doubles printed as JS prints them, ``+`` concatenates when either side is a string, ``==``
follows the abstract equality algorithm, truthiness follows ``ToBoolean``, property access on
``undefined`` throws ``TypeError: Cannot read property 'x' of undefined`` (Node 10/12, the
images' era).

Supported: literals (numbers, strings, template strings, ``true``/``false``/``null``/
``undefined``/``NaN``/``Infinity``, arrays, objects), identifiers, member/index access and
optional chaining, calls, arrow functions with an expression body, ``new Date(...)``, unary
``! - + typeof void``, ``** * / % + -``, ``< > <= >= in``, ``== != === !==``, ``&& || ??``,
``?:`` and the comma operator. Built-ins:
``Math`` (``round floor ceil abs trunc sign min max pow sqrt random PI E``), ``Date``
(``parse``, ``now``, ``new Date()`` with ``getTime``/``getUTC*``/``get*``/``toISOString``),
``String``, ``Number``, ``Boolean``, ``parseInt``, ``parseFloat``, ``isNaN``, ``isFinite``,
``JSON.stringify``/``JSON.parse``, ``Object.keys/values/entries``, ``Array.isArray``, the
common string methods (``startsWith endsWith includes indexOf lastIndexOf toLowerCase
toUpperCase trim trimStart trimEnd slice substring substr charAt charCodeAt split concat
replace padStart padEnd repeat``), array ``includes indexOf join slice concat map filter some
every find findIndex reduce`` and number ``toFixed toString``. Anything else (statements,
assignments, function bodies, regular expressions) is a :class:`JSSyntaxError` at start-up,
which the samples report as Node does (``invalid code``). Evaluation is bounded: no loops
exist, strings are capped at 16 Mi characters, and deep recursion is a ``RangeError``.
"""

from __future__ import annotations

import json
import math
import operator
import random
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
        return _date_to_string(v)
    return "[object Object]"


_JS_WS = " \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)\Z")


def string_to_number(s: str) -> float:
    s = s.strip(_JS_WS)
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


def _compare(a: Any, b: Any, op: str) -> bool:
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


def _pow(a: float, b: float) -> float:
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


def _arith(op: str) -> Callable[[Any, Any], Any]:
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
    return lambda a, b: _pow(to_number(a), to_number(b))


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
        index = sorted(((int(k), k, v) for k, v in items if _is_index(k)), key=lambda t: t[0])
        items = [(k, v) for _, k, v in index] + [(k, v) for k, v in items if not _is_index(k)]
    return dict(items)


def _is_index(key: str) -> bool:
    return key.isdigit() and (key == "0" or key[0] != "0") and int(key) < 2**32 - 1


# -- JSON.stringify -------------------------------------------------------------------------------------------

_encode_js_string = json.encoder.encode_basestring  # JSON.stringify's escaping


def json_stringify(value: Any, indent: str = "") -> str | None:
    """``JSON.stringify(value, null, indent)``; None where JS returns undefined."""
    return _stringify(value, indent, "")


def _stringify(v: Any, indent: str, current: str) -> str | None:
    if isinstance(v, JSDate):
        v = _iso(v) if v.ms == v.ms else None
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


# -- lexer ---------------------------------------------------------------------------------------------------

_PUNCT = ("===", "!==", "**", "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "(", ")", "[", "]", "{", "}",
          ".", ",", "?", ":", "!", "<", ">", "+", "-", "*", "/", "%", ";", "=")
_NUMBER = re.compile(r"0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_IDENT = re.compile(r"[A-Za-z_$][\w$]*")
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


class _Token:
    __slots__ = ("end", "kind", "pos", "value")

    def __init__(self, kind: str, value: Any, pos: int, end: int) -> None:
        self.kind = kind  # num, str, name, punct, eof
        self.value = value
        self.pos = pos
        self.end = end


def _lex(src: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(src)
    while True:
        while i < n:  # whitespace and comments
            c = src[i]
            if c in _JS_WS:
                i += 1
            elif src.startswith("//", i):
                j = src.find("\n", i)
                i = n if j < 0 else j
            elif src.startswith("/*", i):
                j = src.find("*/", i + 2)
                if j < 0:
                    raise JSSyntaxError("Invalid or unexpected token")
                i = j + 2
            else:
                break
        if i >= n:
            tokens.append(_Token("eof", None, n, n))
            return tokens
        c = src[i]
        start = i
        if c.isdigit() or (c == "." and i + 1 < n and src[i + 1].isdigit()):
            m = _NUMBER.match(src, i)
            assert m is not None
            text = m.group()
            i = m.end()
            if i < n and (src[i].isalnum() or src[i] in "_$"):
                raise JSSyntaxError("Invalid or unexpected token")
            lowered = text[:2].lower()
            base = {"0x": 16, "0o": 8, "0b": 2}.get(lowered)
            tokens.append(_Token("num", float(int(text[2:], base)) if base else float(text), start, i))
        elif c in "\"'":
            value, i = _lex_string(src, i)
            tokens.append(_Token("str", value, start, i))
        elif c == "`":
            parts, i = _lex_template(src, i)
            tokens.append(_Token("template", parts, start, i))
        elif c.isalpha() or c in "_$":
            m = _IDENT.match(src, i)
            if m is None:
                raise JSSyntaxError("Invalid or unexpected token")
            i = m.end()
            tokens.append(_Token("name", m.group(), start, i))
        else:
            for p in _PUNCT:
                if src.startswith(p, i):
                    if p == "?." and i + 2 < n and src[i + 2].isdigit():
                        continue  # a ? .5 : b
                    tokens.append(_Token("punct", p, start, i + len(p)))
                    i += len(p)
                    break
            else:
                raise JSSyntaxError(f"Invalid or unexpected token {c!r}")


def _escape(src: str, i: int) -> tuple[str, int]:
    """The escape sequence at ``src[i] == "\\"``: (its text, the index after it)."""
    i += 1
    if i >= len(src):
        raise JSSyntaxError("Invalid or unexpected token")
    e = src[i]
    if e == "x":
        return chr(int(src[i + 1:i + 3], 16)), i + 3
    if e == "u":
        if src.startswith("{", i + 1):
            j = src.index("}", i)
            return chr(int(src[i + 2:j], 16)), j + 1
        return chr(int(src[i + 1:i + 5], 16)), i + 5
    if e == "\n":
        return "", i + 1  # a line continuation
    return _ESCAPES.get(e, e), i + 1


def _lex_string(src: str, i: int) -> tuple[str, int]:
    quote = src[i]
    out: list[str] = []
    i += 1
    while i < len(src):
        c = src[i]
        if c == quote:
            return "".join(out), i + 1
        if c == "\\":
            text, i = _escape(src, i)
            out.append(text)
            continue
        if c == "\n":
            break
        out.append(c)
        i += 1
    raise JSSyntaxError("Invalid or unexpected token")


def _lex_template(src: str, i: int) -> tuple[list[str], int]:
    """A template literal: cooked text and ``${...}`` sources, alternating (text first)."""
    parts: list[str] = []
    out: list[str] = []
    i += 1
    n = len(src)
    while i < n:
        c = src[i]
        if c == "`":
            parts.append("".join(out))
            return parts, i + 1
        if c == "\\":
            text, i = _escape(src, i)
            out.append(text)
            continue
        if src.startswith("${", i):
            parts.append("".join(out))
            out = []
            depth, j = 1, i + 2
            while j < n and depth:
                if src[j] in "\"'`":
                    j = (_lex_template(src, j) if src[j] == "`" else _lex_string(src, j))[1]
                    continue
                depth += {"{": 1, "}": -1}.get(src[j], 0)
                j += 1
            if depth:
                break
            parts.append(src[i + 2:j - 1])
            i = j
            continue
        out.append(c)
        i += 1
    raise JSSyntaxError("Unterminated template literal")


# -- parser → closures -----------------------------------------------------------------------------------------


class _Short(Exception):
    """Optional chaining met null/undefined: the whole chain is undefined."""


_RESERVED = frozenset({"var", "let", "const", "function", "return", "if", "else", "for", "while", "do", "class",
                       "this", "throw", "try", "catch", "finally", "switch", "case", "break", "continue", "delete",
                       "instanceof", "yield", "await", "async", "import", "export", "with", "debugger", "super"})


class _Parser:
    def __init__(self, src: str) -> None:
        self.src = src
        try:
            self.tokens = _lex(src)
        except (ValueError, IndexError):
            raise JSSyntaxError("Invalid or unexpected token") from None
        self.i = 0

    # token helpers
    @property
    def tok(self) -> _Token:
        return self.tokens[self.i]

    def at(self, value: str) -> bool:
        t = self.tok
        return t.kind in ("punct", "name") and t.value == value

    def eat(self, value: str) -> bool:
        if self.at(value):
            self.i += 1
            return True
        return False

    def expect(self, value: str) -> None:
        if not self.eat(value):
            self.fail()

    def fail(self) -> None:
        t = self.tok
        raise JSSyntaxError("Unexpected end of input" if t.kind == "eof" else f"Unexpected token {t.value}")

    # grammar
    def expression(self) -> Node:
        first = self.assignment()
        if not self.at(","):
            return first
        parts = [first]
        while self.eat(","):
            parts.append(self.assignment())

        def sequence(s: Scope) -> Any:
            value = UNDEFINED
            for p in parts:
                value = p(s)
            return value
        return sequence

    def assignment(self) -> Node:
        params = self._arrow_params()
        if params is not None:
            if self.at("{"):
                raise JSSyntaxError("function bodies are not supported, only expressions")
            return self._arrow(params, self.assignment())
        node = self.conditional()
        if self.at("="):
            raise JSSyntaxError("assignments are not supported")
        return node

    def _arrow_params(self) -> list[str] | None:
        """``x =>`` or ``(a, b) =>``: the parameter names (consumed), else None."""
        t, i = self.tok, self.i
        if t.kind == "name" and self.tokens[i + 1].value == "=>" and t.value not in _RESERVED:
            self.i += 2
            return [t.value]
        if not self.at("("):
            return None
        names: list[str] = []
        j = i + 1
        while self.tokens[j].kind == "name" and self.tokens[j].value not in _RESERVED:
            names.append(self.tokens[j].value)
            j += 1
            if self.tokens[j].value != ",":
                break
            j += 1
        if self.tokens[j].value == ")" and self.tokens[j + 1].value == "=>" and self.tokens[j].kind == "punct":
            self.i = j + 2
            return names
        return None

    @staticmethod
    def _arrow(params: list[str], body: Node) -> Node:
        def make(s: Scope) -> JSFunction:
            def call(this: Any, args: list[Any]) -> Any:
                inner = dict(s)
                for k, name in enumerate(params):
                    inner[name] = args[k] if k < len(args) else UNDEFINED
                return body(inner)
            return JSFunction("", call)
        return make

    def conditional(self) -> Node:
        test = self.logical_or()
        if not self.eat("?"):
            return test
        yes = self.assignment()
        self.expect(":")
        no = self.assignment()
        return lambda s: yes(s) if to_boolean(test(s)) else no(s)

    def logical_or(self) -> Node:
        left = self.logical_and()
        while self.at("||") or self.at("??"):
            op = self.tok.value
            self.i += 1
            right = self.logical_and()
            left = self._logical(op, left, right)
        return left

    @staticmethod
    def _logical(op: str, left: Node, right: Node) -> Node:
        if op == "||":
            def or_(s: Scope) -> Any:
                v = left(s)
                return v if to_boolean(v) else right(s)
            return or_
        if op == "&&":
            def and_(s: Scope) -> Any:
                v = left(s)
                return right(s) if to_boolean(v) else v
            return and_

        def coalesce(s: Scope) -> Any:
            v = left(s)
            return right(s) if v is None or v is UNDEFINED else v
        return coalesce

    def logical_and(self) -> Node:
        left = self.equality()
        while self.eat("&&"):
            left = self._logical("&&", left, self.equality())
        return left

    def equality(self) -> Node:
        left = self.relational()
        while self.tok.kind == "punct" and self.tok.value in ("==", "!=", "===", "!=="):
            op = self.tok.value
            self.i += 1
            left = self._equality(op, left, self.relational())
        return left

    @staticmethod
    def _equality(op: str, left: Node, right: Node) -> Node:
        if op == "===":
            return lambda s: strict_equals(left(s), right(s))
        if op == "!==":
            return lambda s: not strict_equals(left(s), right(s))
        if op == "==":
            return lambda s: loose_equals(left(s), right(s))
        return lambda s: not loose_equals(left(s), right(s))

    def relational(self) -> Node:
        left = self.additive()
        while (self.tok.kind == "punct" and self.tok.value in ("<", ">", "<=", ">=")) or self.at("in"):
            op = self.tok.value
            self.i += 1
            right = self.additive()
            left = self._relational(op, left, right)
        return left

    @staticmethod
    def _relational(op: str, left: Node, right: Node) -> Node:
        if op == "in":
            def in_(s: Scope) -> Any:
                key, obj = left(s), right(s)
                if not isinstance(obj, dict | list | JSFunction | JSDate):
                    raise JSError("TypeError", f"Cannot use 'in' operator to search for '{to_string(key)}' in "
                                               f"{to_string(obj)}")
                return has_property(obj, key)
            return in_
        return lambda s: _compare(left(s), right(s), op)

    def additive(self) -> Node:
        left = self.multiplicative()
        while self.tok.kind == "punct" and self.tok.value in ("+", "-"):
            op = self.tok.value
            self.i += 1
            left = self._binary(op, left, self.multiplicative())
        return left

    def multiplicative(self) -> Node:
        left = self.exponent()
        while self.tok.kind == "punct" and self.tok.value in ("*", "/", "%"):
            op = self.tok.value
            self.i += 1
            left = self._binary(op, left, self.exponent())
        return left

    def exponent(self) -> Node:
        base = self.unary()
        if self.eat("**"):
            return self._binary("**", base, self.exponent())
        return base

    @staticmethod
    def _binary(op: str, left: Node, right: Node) -> Node:
        fn = _arith(op)
        return lambda s: fn(left(s), right(s))

    def unary(self) -> Node:
        t = self.tok
        if t.kind == "punct" and t.value in ("!", "-", "+"):
            self.i += 1
            operand = self.unary()
            if t.value == "!":
                return lambda s: not to_boolean(operand(s))
            if t.value == "-":
                return lambda s: -to_number(operand(s))
            return lambda s: to_number(operand(s))
        if self.at("typeof"):
            self.i += 1
            t = self.tok
            if (t.kind == "name" and t.value not in ("true", "false", "null") and t.value not in _RESERVED
                    and self.tokens[self.i + 1].value not in (".", "[", "(", "?.")):
                self.i += 1
                name = t.value  # typeof of an undeclared variable is "undefined", not a ReferenceError
                return lambda s: type_of(s[name]) if name in s else "undefined"
            operand = self.unary()
            return lambda s: type_of(operand(s))
        if self.at("void"):
            self.i += 1
            operand = self.unary()
            return lambda s: (operand(s), UNDEFINED)[1]
        return self.postfix()

    def postfix(self) -> Node:
        start = self.tok.pos
        if self.eat("new"):
            callee_start = self.tok.pos
            callee = self.primary()
            callee_text = self.src[callee_start:self.tokens[self.i - 1].end]
            node = self._new(callee, self.arguments() if self.at("(") else [], callee_text)
        else:
            node = self.primary()
        chained = False
        while True:
            if self.eat("."):
                node = self._member(node, self._name_node(), False)
            elif self.eat("?."):
                chained = True
                if self.at("("):
                    node = self._call(node, self.arguments(), self.src[start:self.tokens[self.i - 1].end], True)
                elif self.eat("["):
                    key = self.expression()
                    self.expect("]")
                    node = self._member(node, key, True)
                else:
                    node = self._member(node, self._name_node(), True)
            elif self.eat("["):
                key = self.expression()
                self.expect("]")
                node = self._member(node, key, False)
            elif self.at("("):
                text = self.src[start:self.tok.pos].strip()
                node = self._call(node, self.arguments(), text, False)
            else:
                break
        if chained:
            inner = node

            def chain(s: Scope) -> Any:
                try:
                    return inner(s)
                except _Short:
                    return UNDEFINED
            return chain
        return node

    def _name_node(self) -> Node:
        t = self.tok
        if t.kind != "name":
            self.fail()
        self.i += 1
        name = t.value
        return lambda s: name

    def arguments(self) -> list[Node]:
        self.expect("(")
        args: list[Node] = []
        while not self.eat(")"):
            args.append(self.assignment())
            if not self.eat(","):
                self.expect(")")
                break
        return args

    @staticmethod
    def _member(obj: Node, key: Node, optional: bool) -> Node:
        def member(s: Scope) -> Any:
            o = obj(s)
            if optional and (o is None or o is UNDEFINED):
                raise _Short
            return get_property(o, key(s))
        member.member_of = (obj, key, optional)  # type: ignore[attr-defined]
        return member

    @staticmethod
    def _call(callee: Node, args: list[Node], text: str, optional: bool) -> Node:
        parts = getattr(callee, "member_of", None)

        def call(s: Scope) -> Any:
            if parts is not None:
                obj_node, key_node, member_optional = parts
                this = obj_node(s)
                if member_optional and (this is None or this is UNDEFINED):
                    raise _Short
                fn = get_property(this, key_node(s))
            else:
                this, fn = UNDEFINED, callee(s)
            if optional and (fn is None or fn is UNDEFINED):
                raise _Short
            if not isinstance(fn, JSFunction):
                raise JSError("TypeError", f"{text} is not a function")
            return fn.fn(this, [a(s) for a in args])
        return call

    @staticmethod
    def _new(callee: Node, args: list[Node], text: str) -> Node:
        def new(s: Scope) -> Any:
            fn = callee(s)
            ctor = fn.props.get("__construct__") if isinstance(fn, JSFunction) else None
            if ctor is None:
                raise JSError("TypeError", f"{text} is not a constructor")
            return ctor(UNDEFINED, [a(s) for a in args])
        return new

    def primary(self) -> Node:
        t = self.tok
        self.i += 1
        if t.kind in ("num", "str"):
            value = t.value
            return lambda s: value
        if t.kind == "template":
            pieces: list[Node] = []
            for k, part in enumerate(t.value):
                if k % 2 == 0:
                    pieces.append((lambda text: lambda s: text)(part))
                else:
                    sub = _Parser(part)
                    node = sub.expression()
                    if sub.tok.kind != "eof":
                        sub.fail()
                    pieces.append(node)
            return lambda s: "".join(to_string(p(s)) for p in pieces)
        if t.kind == "name":
            name = t.value
            if name in ("true", "false", "null"):
                literal = {"true": True, "false": False, "null": None}[name]
                return lambda s: literal
            if name in _RESERVED:
                raise JSSyntaxError(f"'{name}' is not supported")

            def ident(s: Scope) -> Any:
                try:
                    return s[name]
                except KeyError:
                    raise JSError("ReferenceError", f"{name} is not defined") from None
            return ident
        if t.kind == "punct":
            if t.value == "(":
                node = self.expression()
                self.expect(")")
                return node
            if t.value == "[":
                return self.array()
            if t.value == "{":
                return self.object()
        self.i -= 1
        self.fail()
        raise AssertionError("unreachable")

    def array(self) -> Node:
        elements: list[Node] = []
        while not self.eat("]"):
            elements.append(self.assignment())
            if not self.eat(","):
                self.expect("]")
                break
        return lambda s: [e(s) for e in elements]

    def object(self) -> Node:
        props: list[tuple[Node, Node]] = []
        while not self.eat("}"):
            t = self.tok
            if self.eat("["):
                key = self.assignment()
                self.expect("]")
            elif t.kind in ("name", "str", "num"):
                self.i += 1
                name = to_string(t.value) if t.kind != "name" else t.value
                key = (lambda n: lambda s: n)(name)
                if t.kind == "name" and (self.at(",") or self.at("}")):
                    props.append((key, self._ident_node(name)))
                    if not self.eat(","):
                        self.expect("}")
                        break
                    continue
            else:
                self.fail()
            self.expect(":")
            props.append((key, self.assignment()))
            if not self.eat(","):
                self.expect("}")
                break

        def obj(s: Scope) -> Any:
            out: dict[str, Any] = {}
            for k, v in props:
                out[to_string(k(s))] = v(s)
            return out
        return obj

    @staticmethod
    def _ident_node(name: str) -> Node:
        def ident(s: Scope) -> Any:
            try:
                return s[name]
            except KeyError:
                raise JSError("ReferenceError", f"{name} is not defined") from None
        return ident


class Expression:
    """A compiled expression; :meth:`evaluate` runs it against a scope of globals."""

    def __init__(self, node: Node, source: str) -> None:
        self._node = node
        self.source = source

    def evaluate(self, variables: dict[str, Any]) -> Any:
        scope = dict(GLOBALS)
        scope.update(variables)
        try:
            return self._node(scope)
        except RecursionError:
            raise JSError("RangeError", "Maximum call stack size exceeded") from None


def compile_expression(code: str) -> Expression:
    """Node's ``new vm.Script(`(${code})`)`` for the filter: exactly one expression."""
    return _compile("(" + code + ")")


def compile_script(code: str) -> Expression:
    """Node's ``new vm.Script(code)`` for the transformer: one expression statement (an
    optional ``;``), whose value is the script's completion value."""
    return _compile(code, allow_semicolon=True)


def _compile(code: str, allow_semicolon: bool = False) -> Expression:
    try:
        parser = _Parser(code)
        while allow_semicolon and parser.eat(";"):
            pass
        if allow_semicolon and parser.tok.kind == "eof":
            return Expression(lambda s: UNDEFINED, code)
        node = parser.expression()
        while allow_semicolon and parser.eat(";"):
            pass
        if parser.tok.kind != "eof":
            parser.fail()
    except RecursionError:
        raise JSSyntaxError("expression nested too deeply") from None
    return Expression(node, code)


# -- properties ---------------------------------------------------------------------------------------------------


def has_property(obj: Any, key: Any) -> bool:
    k = to_string(key)
    if isinstance(obj, dict):
        return k in obj
    if isinstance(obj, list):
        return k == "length" or (_is_index(k) and int(k) < len(obj)) or k in _ARRAY_METHODS
    return get_property(obj, k) is not UNDEFINED


def get_property(obj: Any, key: Any) -> Any:
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
        if _is_index(k):
            return obj[int(k)] if int(k) < len(obj) else UNDEFINED
        return _STRING_METHODS.get(k, UNDEFINED)
    if isinstance(obj, list):
        if isinstance(key, float) and key.is_integer() and 0 <= key < len(obj):
            return obj[int(key)]
        k = to_string(key)
        if k == "length":
            return float(len(obj))
        if _is_index(k):
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


_MISSING = object()


def _fn(name: str, props: dict[str, Any] | None = None) -> Callable[[Callable[[Any, list[Any]], Any]], JSFunction]:
    def wrap(f: Callable[[Any, list[Any]], Any]) -> JSFunction:
        return JSFunction(name, f, props)
    return wrap


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
    "trim": JSFunction("trim", lambda t, a: _this_str(t).strip(_JS_WS)),
    "trimStart": JSFunction("trimStart", lambda t, a: _this_str(t).lstrip(_JS_WS)),
    "trimEnd": JSFunction("trimEnd", lambda t, a: _this_str(t).rstrip(_JS_WS)),
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
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAY_MS = 86_400_000


def _days_from_civil(y: int, m: int, d: int) -> int:
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468


def _local_ms(y: int, mo: int, d: int, hh: int, mi: int, ss: int, ms: float) -> float:
    """Milliseconds since the epoch of a local wall-clock time (JS: forms without an offset)."""
    utc = (_days_from_civil(y, mo, d) * 86400 + hh * 3600 + mi * 60 + ss)
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
        return float((_days_from_civil(year, mo, d) * 1440 + hh * 60 + mi - offset) * 60000 + ss * 1000) + ms
    m = _RFC1123.match(s)
    if m is not None and m.group(2).lower() in _MONTHS:
        d, mo, year = int(m.group(1)), _MONTHS.index(m.group(2).lower()) + 1, int(m.group(3))
        hh, mi, ss = int(m.group(4)), int(m.group(5)), int(m.group(6) or 0)
        tz = m.group(7)
        if tz is None:
            return _local_ms(year, mo, d, hh, mi, ss, 0.0)
        offset = 0 if tz in ("GMT", "UTC", "Z") else (int(tz[1:3]) * 60 + int(tz[3:5])) * (1 if tz[0] == "+" else -1)
        return float((_days_from_civil(year, mo, d) * 1440 + hh * 60 + mi - offset) * 60000 + ss * 1000)
    return NAN


def _utc_fields(ms: float) -> tuple[int, int, int, int, int, int, int, int]:
    """(year, month 1-12, day, hours, minutes, seconds, ms, weekday 0=Sunday)."""
    days, rest = divmod(int(ms), _DAY_MS)
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


def _local_fields(ms: float) -> tuple[int, int, int, int, int, int, int, int]:
    offset = time.localtime(math.floor(ms / 1000)).tm_gmtoff
    return _utc_fields(ms + offset * 1000)


def _iso(date: JSDate) -> str:
    if date.ms != date.ms:
        raise JSError("RangeError", "Invalid time value")
    y, mo, d, hh, mi, ss, ms, _ = _utc_fields(date.ms)
    year = f"{y:04d}" if 0 <= y <= 9999 else f"{'+' if y > 0 else '-'}{abs(y):06d}"
    return f"{year}-{mo:02d}-{d:02d}T{hh:02d}:{mi:02d}:{ss:02d}.{ms:03d}Z"


def _date_to_string(date: JSDate) -> str:
    if date.ms != date.ms:
        return "Invalid Date"
    y, mo, d, hh, mi, ss, _, wd = _local_fields(date.ms)
    lt = time.localtime(math.floor(date.ms / 1000))
    off = lt.tm_gmtoff // 60
    sign = "+" if off >= 0 else "-"
    day = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")[wd]
    return (f"{day} {_MONTHS[mo - 1].title()} {d:02d} {y:04d} {hh:02d}:{mi:02d}:{ss:02d} "
            f"GMT{sign}{abs(off) // 60:02d}{abs(off) % 60:02d} ({lt.tm_zone})")


def _date_getter(index: int, local: bool) -> JSFunction:
    def get(this: Any, a: list[Any]) -> Any:
        if not isinstance(this, JSDate):
            raise JSError("TypeError", "this is not a Date object.")
        if this.ms != this.ms:
            return NAN
        fields = (_local_fields if local else _utc_fields)(this.ms)
        value = fields[index]
        return float(value - 1 if index == 1 else value)
    return JSFunction("get", get)


_DATE_METHODS: dict[str, JSFunction] = {
    "getTime": JSFunction("getTime", lambda t, a: t.ms),
    "valueOf": JSFunction("valueOf", lambda t, a: t.ms),
    "toISOString": JSFunction("toISOString", lambda t, a: _iso(t)),
    "toJSON": JSFunction("toJSON", lambda t, a: _iso(t) if t.ms == t.ms else None),
    "toString": JSFunction("toString", lambda t, a: _date_to_string(t)),
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
    s = to_string(_arg(a, 0)).strip(_JS_WS)
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
    m = _FLOAT_PREFIX.match(to_string(_arg(a, 0)).lstrip(_JS_WS))
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


_DATE = JSFunction("Date", lambda t, a: _date_to_string(JSDate(_now_ms())), {
    "parse": JSFunction("parse", lambda t, a: date_parse(to_string(_arg(a, 0)))),
    "now": JSFunction("now", lambda t, a: _now_ms()),
    "UTC": JSFunction("UTC", lambda t, a: float((_days_from_civil(to_int(_arg(a, 0)), to_int(_arg(a, 1)) + 1, 1)
                                                 + (to_int(_arg(a, 2)) - 1 if len(a) > 2 else 0)) * _DAY_MS)),
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
        "pow": JSFunction("pow", lambda t, a: _pow(to_number(_arg(a, 0)), to_number(_arg(a, 1)))),
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
