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

from knlite.samples._js.parser import Expression, compile_expression, compile_script
from knlite.samples._js.values import (
    UNDEFINED,
    JSDate,
    JSError,
    JSFunction,
    JSSyntaxError,
    from_json,
    json_stringify,
    number_to_string,
    string_to_number,
    to_boolean,
    to_string,
)

__all__ = [
    "UNDEFINED",
    "Expression",
    "JSDate",
    "JSError",
    "JSFunction",
    "JSSyntaxError",
    "compile_expression",
    "compile_script",
    "from_json",
    "json_stringify",
    "number_to_string",
    "string_to_number",
    "to_boolean",
    "to_string",
]
