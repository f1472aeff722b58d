"""CESQL tokens, following ``cesql/CESQLLexer.g4`` of the v1.0.0 spec.

The ANTLR grammar is case-sensitive and implementations upper-case the input stream, so
keywords (``AND OR XOR NOT LIKE EXISTS IN TRUE FALSE``) and function names are matched
case-insensitively while string literals keep their case. Words are runs of
``[A-Za-z0-9_]``: all digits is an integer, a keyword is a keyword, letters and digits make
an attribute identifier (lower-cased, since attribute names are lowercase and the TCK
resolves ``EXISTS SOURCE``), letters and underscores may also name a function.

String literals are ``'...'`` or ``"..."``. Inside, ``\\`` pairs with the next character
and a doubled delimiter stands for one delimiter. Only an escaped delimiter is unescaped
(``'a\\'b'`` is ``a'b``), any other backslash pair is kept verbatim, as sdk-go does, so
that ``LIKE 'a\\%'`` still sees the escape.

The grammar lexes ``-1`` as one signed integer literal (which is how ``-2147483648`` stays in
range), which also makes ANTLR reject ``5-3``. Here a sign directly followed by a digit is
part of the literal only where an operand is expected; after an operand it is the binary
operator, so ``5-3`` is ``2`` rather than a syntax error.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from knlite.eventing.cesql.errors import CESQLParseError


class Tok(enum.Enum):
    INTEGER = "integer"
    STRING = "string"
    IDENTIFIER = "identifier"  # letters and digits: attribute, or function name if letters only
    FUNCTION = "function name"  # letters and underscores, at least one underscore
    # keywords
    AND = "AND"
    OR = "OR"
    XOR = "XOR"
    NOT = "NOT"
    LIKE = "LIKE"
    EXISTS = "EXISTS"
    IN = "IN"
    TRUE = "TRUE"
    FALSE = "FALSE"
    # punctuation and operators
    LPAREN = "("
    RPAREN = ")"
    COMMA = ","
    STAR = "*"
    SLASH = "/"
    PERCENT = "%"
    PLUS = "+"
    MINUS = "-"
    EQ = "="
    NE = "!="
    LTGT = "<>"
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="
    EOF = "end of expression"


@dataclass(frozen=True, slots=True)
class Token:
    kind: Tok
    text: str  # the source text (for messages)
    value: str | int  # identifier (lower-cased), string contents, or integer
    pos: int


KEYWORDS = {t.value: t for t in (Tok.AND, Tok.OR, Tok.XOR, Tok.NOT, Tok.LIKE, Tok.EXISTS, Tok.IN,
                                 Tok.TRUE, Tok.FALSE)}
_SYMBOLS2 = {"!=": Tok.NE, "<>": Tok.LTGT, "<=": Tok.LE, ">=": Tok.GE}
_SYMBOLS1 = {"(": Tok.LPAREN, ")": Tok.RPAREN, ",": Tok.COMMA, "*": Tok.STAR, "/": Tok.SLASH,
             "%": Tok.PERCENT, "+": Tok.PLUS, "-": Tok.MINUS, "=": Tok.EQ, "<": Tok.LT, ">": Tok.GT}
# after these an operator is expected, so a sign is binary
_OPERAND_END = frozenset({Tok.INTEGER, Tok.STRING, Tok.IDENTIFIER, Tok.TRUE, Tok.FALSE, Tok.RPAREN})
_WHITESPACE = " \t\r\n"
_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_DIGITS = frozenset("0123456789")


def tokenize(source: str) -> list[Token]:
    """The tokens of ``source``, ending with ``EOF``; raises :class:`CESQLParseError`."""
    tokens: list[Token] = []
    i, n = 0, len(source)
    while i < n:
        c = source[i]
        if c in _WHITESPACE:
            i += 1
            continue
        start = i
        if c in _WORD:
            while i < n and source[i] in _WORD:
                i += 1
            tokens.append(_word(source, start, i))
        elif c == "'" or c == '"':
            i = _string(source, i, tokens)
        elif (c == "-" or c == "+") and i + 1 < n and source[i + 1] in _DIGITS and (
                not tokens or tokens[-1].kind not in _OPERAND_END):
            i += 1
            while i < n and source[i] in _DIGITS:
                i += 1
            if i < n and source[i] in _WORD:
                raise CESQLParseError(f"invalid integer literal {source[start:i + 1]!r}", start, source)
            tokens.append(_integer(source, start, i))
        elif source[i:i + 2] in _SYMBOLS2:
            tokens.append(Token(_SYMBOLS2[source[i:i + 2]], source[i:i + 2], source[i:i + 2], i))
            i += 2
        elif c in _SYMBOLS1:
            tokens.append(Token(_SYMBOLS1[c], c, c, i))
            i += 1
        else:
            raise CESQLParseError(f"unexpected character {c!r}", i, source)
    tokens.append(Token(Tok.EOF, "<EOF>", "", n))
    return tokens


def _word(source: str, start: int, end: int) -> Token:
    text = source[start:end]
    upper = text.upper()
    if text.isdigit():
        return _integer(source, start, end)
    keyword = KEYWORDS.get(upper)
    if keyword is not None:
        return Token(keyword, text, upper, start)
    if "_" in text:
        if text[0] == "_" or any(ch in _DIGITS for ch in text):
            raise CESQLParseError(f"invalid identifier {text!r}", start, source)
        return Token(Tok.FUNCTION, text, upper, start)
    return Token(Tok.IDENTIFIER, text, text.lower(), start)


def _integer(source: str, start: int, end: int) -> Token:
    text = source[start:end]
    value = int(text)
    if not -(2**31) <= value <= 2**31 - 1:
        raise CESQLParseError(f"integer literal {text} does not fit in 32 bits", start, source)
    return Token(Tok.INTEGER, text, value, start)


def _string(source: str, start: int, tokens: list[Token]) -> int:
    """Scan the string literal at ``start``, append its token, return the index after it."""
    quote = source[start]
    parts: list[str] = []
    i, n = start + 1, len(source)
    while i < n:
        c = source[i]
        if c == "\\" and i + 1 < n:
            nxt = source[i + 1]
            parts.append(nxt if nxt == quote else c + nxt)
            i += 2
        elif c == quote:
            if i + 1 < n and source[i + 1] == quote:
                parts.append(quote)
                i += 2
                continue
            tokens.append(Token(Tok.STRING, source[start:i + 1], "".join(parts), start))
            return i + 1
        else:
            parts.append(c)
            i += 1
    raise CESQLParseError("unterminated string literal", start, source)
