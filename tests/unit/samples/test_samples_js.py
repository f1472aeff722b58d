"""The filter/transformer samples' JavaScript expression evaluator: JS semantics, table-driven."""

from __future__ import annotations

import math
import time
from typing import Any

import pytest

from knlite.samples import _js

EVENT = _js.from_json({"type": "com.icloud2native.file.image", "time": "2018-04-05T03:56:24Z",
                       "data": {"message": "Hello", "n": 3, "tags": ["a", "b"], "nested": {"ok": True}}})
ENV = {"STEP": "step1", "EMPTY": ""}


def run(code: str) -> Any:
    return _js.compile_expression(code).evaluate({"event": EVENT, "env": ENV})


def js(code: str) -> str | None:
    """The result as ``JSON.stringify`` shows it (None for undefined)."""
    return _js.json_stringify(run(code))


@pytest.mark.parametrize(("code", "expected"), [
    # the docs' and the seed's filters
    ('event.type == "com.icloud2native.file.image"', "true"),
    ('event.type == "com.icloud2native.file.image"\n', "true"),
    ('event.type == "com.icloud2native.file.text"', "false"),
    ("Math.round(Date.parse(event.time) / 60000) % 2 === 0", "true"),   # 25381676.4 → 25381676
    ("Math.round(Date.parse(event.time) / 60000) % 2 !== 0", "false"),
    ("Date.parse(event.time)", "1522900584000"),
    # numbers print as JavaScript prints them
    ("1/3", "0.3333333333333333"), ("0.1 + 0.2", "0.30000000000000004"), ("10 / 4", "2.5"),
    ("String(1e21)", '"1e+21"'), ("String(1e-7)", '"1e-7"'), ("String(123456789012345680000)", '"123456789012345680000"'),
    ("String(0.000001)", '"0.000001"'), ("String(-0)", '"0"'), ("String(100)", '"100"'), ("String(1.5e300)", '"1.5e+300"'),
    ("String(1/0)", '"Infinity"'), ("String(0/0)", '"NaN"'), ("1/0", "null"),
    ("5 % 3", "2"), ("-5 % 3", "-2"), ("5.5 % 2", "1.5"), ("2 ** 10", "1024"), ("7 - '2'", "5"), ("'3' * '4'", "12"),
    # + concatenates when either side is a string (or an object)
    ("1 + '1'", '"11"'), ("'a' + null", '"anull"'), ("[1, 2] + ''", '"1,2"'), ("({}) + ''", '"[object Object]"'),
    ("true + 1", "2"), ("null + 1", "1"), ("undefined + 1", "null"),
    # equality
    ("'5' == 5", "true"), ("'5' === 5", "false"), ("null == undefined", "true"), ("null === undefined", "false"),
    ("null == 0", "false"), ("0 == ''", "true"), ("'0' == false", "true"), ("[] == false", "true"),
    ("NaN == NaN", "false"), ("[1] == 1", "true"), ("event.data == event.data", "true"), ("({}) == ({})", "false"),
    ("1 != '1'", "false"), ("1 !== '1'", "true"),
    # relational
    ("'abc' < 'abd'", "true"), ("'10' < '9'", "true"), ("'10' < 9", "false"), ("null >= 0", "true"),
    ("undefined < 1", "false"),
    # logic and truthiness
    ("'' || 'x'", '"x"'), ("0 && 'x'", "0"), ("null ?? 'd'", '"d"'), ("0 ?? 'd'", "0"), ("!''", "true"),
    ("![]", "false"), ("!!'0'", "true"), ("1 ? 'y' : 'n'", '"y"'), ("NaN ? 'y' : 'n'", '"n"'), ("(1, 2)", "2"),
    ("typeof undefinedThing", '"undefined"'), ("typeof null", '"object"'), ("typeof 1", '"number"'),
    ("typeof Math.round", '"function"'), ("typeof event.data", '"object"'), ("void 0", None),
    # members, optional chaining, literals
    ("event.data.n", "3"), ("event['data']['tags'][1]", '"b"'), ("event.data.tags.length", "2"),
    ("event.missing", None), ("event.missing?.deeper.still", None), ("event.data?.nested?.ok", "true"),
    ("'abc'[1]", '"b"'), ("'abc'.length", "3"), ("'😀'.length", "2"), ("[1, [2, 3]]", "[1,[2,3]]"),
    ("({a: 1, 'b c': 2, [1 + 1]: 3})", '{"a":1,"b c":2,"2":3}'), ("'\\u0041\\x42\\n'", '"AB\\n"'),
    ("`${event.type.split('.')[1]}-${env.STEP}`", '"icloud2native-step1"'), ("env.EMPTY || 'default'", '"default"'),
    ("'data' in event", "true"), ("0 in event.data.tags", "true"),
    # built-ins
    ("Math.round(2.5)", "3"), ("Math.round(-2.5)", "-2"), ("Math.round(-0.4)", "0"), ("Math.floor(-1.5)", "-2"),
    ("Math.ceil(1.1)", "2"), ("Math.abs(-3)", "3"), ("Math.max(1, 3, 2)", "3"), ("Math.min()", "null"),
    ("Math.trunc(-1.7)", "-1"), ("Math.sign(-3)", "-1"), ("Math.sqrt(16)", "4"), ("Math.pow(2, 0.5) > 1.41", "true"),
    ("Number('42')", "42"), ("Number('')", "0"), ("Number(' 0x1f ')", "31"), ("Number('1e3')", "1000"),
    ("Number('12px')", "null"), ("Number(null)", "0"), ("Number(true)", "1"), ("Number([])", "0"),
    ("String(null)", '"null"'), ("String([1, null, 2])", '"1,,2"'), ("Boolean('false')", "true"),
    ("parseInt('08')", "8"), ("parseInt('0x1F')", "31"), ("parseInt('12px')", "12"), ("parseInt('px')", "null"),
    ("parseInt('ff', 16)", "255"), ("parseFloat('3.14abc')", "3.14"), ("parseFloat('.5')", "0.5"),
    ("isNaN('abc')", "true"), ("isFinite('12')", "true"),
    ("JSON.stringify({a: [1, 'x', null, undefined], b: undefined})", '"{\\"a\\":[1,\\"x\\",null,null]}"'),
    ("JSON.parse('{\"a\": [1, 2]}').a[1]", "2"), ("Object.keys(event.data)", '["message","n","tags","nested"]'),
    ("Array.isArray(event.data.tags)", "true"), ("Number.isInteger(5)", "true"),
    # string methods
    ("event.type.startsWith('com.')", "true"), ("event.type.endsWith('.image')", "true"),
    ("event.type.includes('file')", "true"), ("event.type.indexOf('file')", "18"), ("'aXb'.toLowerCase()", '"axb"'),
    ("'aXb'.toUpperCase()", '"AXB"'), ("'  x '.trim()", '"x"'), ("'hello'.slice(1, -1)", '"ell"'),
    ("'hello'.substring(3, 1)", '"el"'), ("'hello'.substr(-3, 2)", '"ll"'), ("'a,b,,c'.split(',')", '["a","b","","c"]'),
    ("'abc'.split('')", '["a","b","c"]'), ("'aaa'.replace('a', 'b')", '"baa"'), ("'5'.padStart(3, '0')", '"005"'),
    ("'ab'.repeat(3)", '"ababab"'), ("'abc'.charAt(1)", '"b"'), ("'A'.charCodeAt(0)", "65"),
    ("(1.005).toFixed(2)", '"1.00"'), ("(2.5).toFixed(0)", '"3"'), ("(-1.5).toFixed(0)", '"-2"'),
    # arrays and arrow functions
    ("event.data.tags.includes('a')", "true"), ("event.data.tags.indexOf('b')", "1"),
    ("event.data.tags.join('+')", '"a+b"'), ("event.data.tags.map(t => t + t)", '["aa","bb"]'),
    ("[1, 2, 3].filter(x => x % 2).length", "2"), ("[1, 2, 3].some(x => x > 2)", "true"),
    ("[1, 2, 3].every(x => x > 2)", "false"), ("[1, 2, 3].find(x => x > 1)", "2"),
    ("[1, 2, 3].reduce((a, b) => a + b, 10)", "16"), ("((a, b) => a * b)(6, 7)", "42"),
    # dates
    ("new Date(event.time).getTime()", "1522900584000"), ("new Date(0).toISOString()", '"1970-01-01T00:00:00.000Z"'),
    ("new Date(event.time).getUTCMinutes()", "56"), ("new Date(event.time).getUTCMonth()", "3"),
    ("new Date(event.time).getUTCDay()", "4"), ("Date.parse('2018-04-05')", "1522886400000"),
    ("Date.parse('2018-04-05T05:56:24.123456+02:00')", "1522900584123"),
    ("Date.parse('Thu, 05 Apr 2018 03:56:24 GMT')", "1522900584000"), ("Date.parse('not a date')", "null"),
    ("new Date(1e3) - new Date(0)", "1000"), ("new Date(2000) > new Date(1000)", "true"),
    ("JSON.stringify({t: new Date(0)})", '"{\\"t\\":\\"1970-01-01T00:00:00.000Z\\"}"'),
])
def test_expressions(code: str, expected: str | None) -> None:
    assert js(code) == expected


@pytest.mark.parametrize(("code", "name", "message"), [
    ("event.missing.deeper", "TypeError", "Cannot read property 'deeper' of undefined"),
    ("null.x", "TypeError", "Cannot read property 'x' of null"),
    ("event.data.message()", "TypeError", "event.data.message is not a function"),
    ("event.nope.call()", "TypeError", "Cannot read property 'call' of undefined"),
    ("unknownVariable", "ReferenceError", "unknownVariable is not defined"),
    ("JSON.parse('{')", "SyntaxError", "Unexpected end of JSON input"),
    ("JSON.parse('{x')", "SyntaxError", "Unexpected token x in JSON at position 1"),
    ("'a' in 'abc'", "TypeError", "Cannot use 'in' operator to search for 'a' in abc"),
    ("new Math.round()", "TypeError", "Math is not a constructor"),
    ("'x'.repeat(-1)", "RangeError", "Invalid count value"),
    ("'x'.repeat(1e9)", "RangeError", "Invalid string length"),
    ("new Date(NaN).toISOString()", "RangeError", "Invalid time value"),
    ("(f => f(f))(f => f(f))", "RangeError", "Maximum call stack size exceeded"),
])
def test_errors(code: str, name: str, message: str) -> None:
    with pytest.raises(_js.JSError) as err:
        run(code)
    assert (err.value.name, err.value.message) == (name, message)


@pytest.mark.parametrize("code", [
    "event.type = 'x'", "x => { return 1 }", "function () {}", "a; b", "/re/.test('x')", "(", "a b", "'unterminated",
    "if (x) 1", "var x = 1", "1 +", "{a: }", "`${`", "0x", "1abc",
])
def test_syntax_errors(code: str) -> None:
    with pytest.raises(_js.JSSyntaxError):
        _js.compile_expression(code)


def test_scripts_for_the_transformer() -> None:
    assert _js.json_stringify(_js.compile_script('({"message": "we are even!"})').evaluate({})) == \
        '{"message":"we are even!"}'
    assert _js.json_stringify(_js.compile_script('({"message": "this is odd!"});\n').evaluate({})) == \
        '{"message":"this is odd!"}'
    assert _js.compile_script("").evaluate({}) is _js.UNDEFINED
    fn = _js.compile_script("event => event.data.n * 2").evaluate({})
    assert isinstance(fn, _js.JSFunction) and fn.fn(_js.UNDEFINED, [EVENT]) == 6.0


def test_json_stringify_indent_and_key_order() -> None:
    value = _js.from_json({"b": 1, "10": "ten", "2": [1.5, None, "x"], "a": {}})
    assert _js.json_stringify(value) == '{"2":[1.5,null,"x"],"10":"ten","b":1,"a":{}}'
    assert _js.json_stringify(value, "  ") == (
        '{\n  "2": [\n    1.5,\n    null,\n    "x"\n  ],\n  "10": "ten",\n  "b": 1,\n  "a": {}\n}')
    assert _js.json_stringify(_js.from_json(["\u2028<\x01>"])) == '["\u2028<\\u0001>"]'


def test_date_now_and_local_time() -> None:
    now = run("Date.now()")
    assert abs(now - time.time() * 1000) < 5000
    local = run("Date.parse('2018-04-05T03:56:24')")  # no offset: local time, as in JavaScript
    assert local == (1522900584 - time.localtime(1522900584).tm_gmtoff) * 1000.0


def test_number_to_string_round_trips() -> None:
    for x in (0.1, 1 / 3, 2**53, 1e-300, 123.456, 5e-324, 1.7976931348623157e308):
        assert float(_js.number_to_string(x)) == x
    assert math.isnan(_js.string_to_number("1_000"))
