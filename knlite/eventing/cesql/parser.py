"""CESQL syntax tree and a precedence-climbing parser for ``cesql/CESQLParser.g4`` (v1.0.0).

The ANTLR rule is one left-recursive ``expression`` whose alternatives are listed tightest
first (spec §3.6), which gives, from tightest to loosest:

- function calls, ``EXISTS id``, ``( e )``, literals and identifiers (primaries);
- unary ``NOT`` and ``-`` (they take a primary, so ``NOT a = b`` is ``(NOT a) = b``);
- postfix ``[NOT] LIKE 'pattern'`` (the pattern must be a string literal);
- postfix ``[NOT] IN (e, ...)`` (a non-empty set);
- ``* / %``, then ``+ -``, then ``= != <> >= <= < >``, all left-associative;
- ``AND OR XOR``, one level, right-associative (``<assoc=right>`` in the grammar).

The parser is a small Pratt loop over those binding powers; errors name the offending token
and its position.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NoReturn

from knlite.eventing.cesql.errors import CESQLParseError
from knlite.eventing.cesql.lexer import Tok, Token, tokenize


@dataclass(frozen=True, slots=True)
class Node:
    pos: int


@dataclass(frozen=True, slots=True)
class Literal(Node):
    value: str | int | bool


@dataclass(frozen=True, slots=True)
class Identifier(Node):
    name: str  # lower-cased attribute name


@dataclass(frozen=True, slots=True)
class Exists(Node):
    name: str


@dataclass(frozen=True, slots=True)
class Unary(Node):
    op: str  # "NOT" or "-"
    operand: Node


@dataclass(frozen=True, slots=True)
class Binary(Node):
    op: str  # "*", "/", "%", "+", "-", "=", "!=", "<>", "<", "<=", ">", ">=", "AND", "OR", "XOR"
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Like(Node):
    operand: Node
    pattern: str
    negated: bool


@dataclass(frozen=True, slots=True)
class In(Node):
    operand: Node
    items: tuple[Node, ...]
    negated: bool


@dataclass(frozen=True, slots=True)
class Call(Node):
    name: str  # upper-cased function name
    args: tuple[Node, ...]


# binding powers (higher binds tighter), after the ANTLR alternative order
_LIKE_BP = 9
_IN_BP = 7
_BINARY_BP: dict[Tok, tuple[int, str]] = {
    Tok.STAR: (6, "*"), Tok.SLASH: (6, "/"), Tok.PERCENT: (6, "%"),
    Tok.PLUS: (5, "+"), Tok.MINUS: (5, "-"),
    Tok.EQ: (4, "="), Tok.NE: (4, "!="), Tok.LTGT: (4, "<>"), Tok.LT: (4, "<"), Tok.LE: (4, "<="),
    Tok.GT: (4, ">"), Tok.GE: (4, ">="),
    Tok.AND: (3, "AND"), Tok.OR: (3, "OR"), Tok.XOR: (3, "XOR"),
}
_RIGHT_ASSOC = frozenset({Tok.AND, Tok.OR, Tok.XOR})


def parse_ast(source: str) -> Node:
    """The syntax tree of ``source``; raises :class:`CESQLParseError`."""
    return _Parser(source).parse()


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = tokenize(source)
        self.i = 0

    def parse(self) -> Node:
        if self.tokens[0].kind is Tok.EOF:
            raise CESQLParseError("empty expression", 0, self.source)
        node = self.expression(0)
        tok = self.peek()
        if tok.kind is not Tok.EOF:
            self.fail(f"unexpected {_describe(tok)}", tok)
        return node

    # -- helpers

    def peek(self, ahead: int = 0) -> Token:
        return self.tokens[min(self.i + ahead, len(self.tokens) - 1)]

    def next(self) -> Token:
        tok = self.tokens[self.i]
        if tok.kind is not Tok.EOF:
            self.i += 1
        return tok

    def expect(self, kind: Tok, context: str) -> Token:
        tok = self.next()
        if tok.kind is not kind:
            self.fail(f"expected {kind.value!r} {context}, found {_describe(tok)}", tok)
        return tok

    def fail(self, message: str, tok: Token) -> NoReturn:
        raise CESQLParseError(message, tok.pos, self.source)

    # -- grammar

    def expression(self, min_bp: int) -> Node:
        left = self.unary()
        while True:
            tok = self.peek()
            kind = tok.kind
            negated = False
            if kind is Tok.NOT and self.peek(1).kind in (Tok.LIKE, Tok.IN):
                negated = True
                kind = self.peek(1).kind
            if kind is Tok.LIKE:
                if min_bp > _LIKE_BP:
                    return left
                self.i += 2 if negated else 1
                pattern = self.next()
                if pattern.kind is not Tok.STRING:
                    self.fail(f"LIKE needs a string literal pattern, found {_describe(pattern)}", pattern)
                left = Like(tok.pos, left, str(pattern.value), negated)
            elif kind is Tok.IN:
                if min_bp > _IN_BP:
                    return left
                self.i += 2 if negated else 1
                left = In(tok.pos, left, self.set_expression(), negated)
            elif kind in _BINARY_BP:
                bp, op = _BINARY_BP[kind]
                if bp < min_bp:
                    return left
                self.i += 1
                right = self.expression(bp if kind in _RIGHT_ASSOC else bp + 1)
                left = Binary(tok.pos, op, left, right)
            else:
                return left

    def unary(self) -> Node:
        tok = self.peek()
        if tok.kind is Tok.NOT:
            self.i += 1
            return Unary(tok.pos, "NOT", self.unary())
        if tok.kind is Tok.MINUS:
            self.i += 1
            return Unary(tok.pos, "-", self.unary())
        return self.primary()

    def primary(self) -> Node:
        tok = self.next()
        kind = tok.kind
        if kind is Tok.INTEGER or kind is Tok.STRING:
            return Literal(tok.pos, tok.value)
        if kind is Tok.TRUE or kind is Tok.FALSE:
            return Literal(tok.pos, kind is Tok.TRUE)
        if kind is Tok.LPAREN:
            node = self.expression(0)
            self.expect(Tok.RPAREN, "to close '('")
            return node
        if kind is Tok.EXISTS:
            name = self.next()
            if name.kind is not Tok.IDENTIFIER:
                self.fail(f"EXISTS needs an attribute name, found {_describe(name)}", name)
            return Exists(tok.pos, str(name.value))
        if kind is Tok.FUNCTION or (kind is Tok.IDENTIFIER and self.peek().kind is Tok.LPAREN):
            return self.call(tok)
        if kind is Tok.IDENTIFIER:
            return Identifier(tok.pos, str(tok.value))
        self.fail(f"expected an expression, found {_describe(tok)}", tok)

    def call(self, name: Token) -> Node:
        if not name.text.isalpha() and name.kind is Tok.IDENTIFIER:
            self.fail(f"invalid function name {name.text!r}", name)
        self.expect(Tok.LPAREN, f"after function name {name.text}")
        args: list[Node] = []
        if self.peek().kind is not Tok.RPAREN:
            args.append(self.expression(0))
            while self.peek().kind is Tok.COMMA:
                self.i += 1
                args.append(self.expression(0))
        self.expect(Tok.RPAREN, f"to close the arguments of {name.text}")
        return Call(name.pos, name.text.upper(), tuple(args))

    def set_expression(self) -> tuple[Node, ...]:
        self.expect(Tok.LPAREN, "to open the IN set")
        items = [self.expression(0)]
        while self.peek().kind is Tok.COMMA:
            self.i += 1
            items.append(self.expression(0))
        self.expect(Tok.RPAREN, "to close the IN set")
        return tuple(items)


def _describe(tok: Token) -> str:
    if tok.kind is Tok.EOF:
        return "end of expression"
    return f"{tok.text!r}"
