"""Lexer and recursive-descent parser, compiling an expression to Python closures.

Each syntax node becomes a closure ``(scope) -> value``; the compiled tree is built once at
start-up and run per request. Optional chaining short-circuits a whole chain through the
:class:`_Short` exception caught at the chain's top.
"""

from __future__ import annotations

import re
from typing import Any

from knlite.samples._js.builtins import GLOBALS, get_property, has_property
from knlite.samples._js.values import (
    JS_WHITESPACE,
    UNDEFINED,
    JSDate,
    JSError,
    JSFunction,
    JSSyntaxError,
    Node,
    Scope,
    arith,
    compare,
    loose_equals,
    strict_equals,
    to_boolean,
    to_number,
    to_string,
    type_of,
)

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
            if c in JS_WHITESPACE:
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
        return lambda s: compare(left(s), right(s), op)

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
        fn = arith(op)
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
