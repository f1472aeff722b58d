"""Go's wording: strconv, time, fmt, resource.Quantity, YAML→JSON and typed JSON decoding."""

from __future__ import annotations

from typing import Any

import pytest

from knlite.apis.goduration import MILLISECOND, SECOND
from knlite.config._golang import (
    INT32,
    STRING,
    GoError,
    decode_json,
    go_float,
    go_json,
    go_map,
    go_quote,
    go_slice,
    go_struct,
    go_value,
    parse_go_bool,
    parse_go_duration,
    parse_go_float,
    parse_go_int,
    parse_go_uint,
    parse_quantity,
    sigs_yaml_unmarshal,
    yaml_to_json,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1.0, "1"),
        (0.7, "0.7"),
        (200.0, "200"),
        (-2.0, "-2"),
        (0.01, "0.01"),
        (0.0001, "0.0001"),
        (0.00001, "1e-05"),
        (999999.0, "999999"),
        (1e6, "1e+06"),
        (1234567.0, "1.234567e+06"),
        (1e21, "1e+21"),
        (0.0, "0"),
        (float("inf"), "+Inf"),
        (float("nan"), "NaN"),
    ],
)
def test_go_float_prints_like_percent_v(value: float, text: str) -> None:
    assert go_float(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("abc", '"abc"'),
        ('a"b\\c', '"a\\"b\\\\c"'),
        ("a\nb\t", '"a\\nb\\t"'),
        ("\x01", '"\\x01"'),
        ("héllo", '"héllo"'),
    ],
)
def test_go_quote(value: str, text: str) -> None:
    assert go_quote(value) == text


def test_go_value_sorts_maps_and_prints_lists() -> None:
    assert go_value({"b": "2", "a": ""}) == "map[a: b:2]"
    assert go_value(["x", "y"]) == "[x y]"
    assert go_value([]) == "[]"
    assert go_value(True) == "true"


@pytest.mark.parametrize(
    ("fn", "raw", "expected"),
    [
        (parse_go_bool, "true", True),
        (parse_go_bool, "T", True),
        (parse_go_bool, "1", True),
        (parse_go_bool, "FALSE", False),
        (parse_go_int, "-42", -42),
        (parse_go_int, "+7", 7),
        (parse_go_uint, "18446744073709551615", 2**64 - 1),
        (parse_go_float, "70", 70.0),
        (parse_go_float, ".5", 0.5),
        (parse_go_float, "1e3", 1000.0),
        (parse_go_float, "0x1p-2", 0.25),
        (parse_go_float, "-Inf", float("-inf")),
    ],
)
def test_strconv_accepts(fn: Any, raw: str, expected: Any) -> None:
    assert fn(raw) == expected


@pytest.mark.parametrize(
    ("fn", "raw", "message"),
    [
        (parse_go_bool, "yes", 'strconv.ParseBool: parsing "yes": invalid syntax'),
        (parse_go_int, "1.5", 'strconv.ParseInt: parsing "1.5": invalid syntax'),
        (parse_go_int, " 1", 'strconv.ParseInt: parsing " 1": invalid syntax'),
        (parse_go_int, "1_000", 'strconv.ParseInt: parsing "1_000": invalid syntax'),
        (
            parse_go_int,
            "9223372036854775808",
            'strconv.ParseInt: parsing "9223372036854775808": value out of range',
        ),
        (parse_go_uint, "-1", 'strconv.ParseUint: parsing "-1": invalid syntax'),
        (parse_go_float, "abc", 'strconv.ParseFloat: parsing "abc": invalid syntax'),
        (parse_go_float, "1e400", 'strconv.ParseFloat: parsing "1e400": value out of range'),
        (parse_go_float, "1_0", 'strconv.ParseFloat: parsing "1_0": invalid syntax'),
    ],
)
def test_strconv_errors(fn: Any, raw: str, message: str) -> None:
    with pytest.raises(GoError) as e:
        fn(raw)
    assert str(e.value) == message


def test_int_bits_and_atoi_name() -> None:
    assert parse_go_int("2147483647", 32) == 2**31 - 1
    with pytest.raises(GoError, match=r'^strconv.ParseInt: parsing "2147483648": value out of range$'):
        parse_go_int("2147483648", 32)
    with pytest.raises(GoError, match=r'^strconv.Atoi: parsing "x": invalid syntax$'):
        parse_go_int("x", fn="Atoi")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("60s", 60 * SECOND),
        ("1m5s", 65 * SECOND),
        ("1.5h", 5400 * SECOND),
        ("300ms", 300 * MILLISECOND),
        ("0", 0),
    ],
)
def test_durations(raw: str, expected: int) -> None:
    assert parse_go_duration(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("x", 'time: invalid duration "x"'),
        ("", 'time: invalid duration ""'),
        ("-x", 'time: invalid duration "-x"'),
        (".s", 'time: invalid duration ".s"'),
        ("1", 'time: missing unit in duration "1"'),
        ("1s2", 'time: missing unit in duration "1s2"'),
        ("1x", 'time: unknown unit "x" in duration "1x"'),
        ("10d", 'time: unknown unit "d" in duration "10d"'),
    ],
)
def test_duration_errors(raw: str, message: str) -> None:
    with pytest.raises(GoError) as e:
        parse_go_duration(raw)
    assert str(e.value) == message


@pytest.mark.parametrize("raw", ["400m", "100M", "1Gi", "0.5", "1e3", "+1", ".5Ki", "750M"])
def test_quantities(raw: str) -> None:
    assert parse_quantity(raw) == raw


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
        (
            "abc",
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
        ),
        (
            "1Mb",
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
        ),
        ("1.2.3", "unable to parse quantity's suffix"),
        ("1KK", "unable to parse quantity's suffix"),
    ],
)
def test_quantity_errors(raw: str, message: str) -> None:
    with pytest.raises(GoError) as e:
        parse_quantity(raw)
    assert str(e.value) == message


def test_yaml_to_json_keeps_timestamps_as_strings_and_stringifies_keys() -> None:
    assert yaml_to_json("a: 2024-01-01\n1: x\ntrue: y\n") == {"a": "2024-01-01", "1": "x", "true": "y"}
    assert yaml_to_json("") is None
    assert yaml_to_json("a: 1\n---\nb: 2\n") == {"a": 1}


def test_yaml_syntax_error_names_the_line() -> None:
    with pytest.raises(GoError, match=r"^yaml: line 2: "):
        yaml_to_json("a: b\nc: d: e\n")


_INNER = go_struct("v1.Inner", {"retry": INT32, "names": go_slice(STRING)})
_OUTER = go_struct("config.Outer", {"inner": _INNER, "byName": go_map(_INNER), "label": STRING})


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([1], "json: cannot unmarshal array into Go value of type config.Outer"),
        ({"inner": "x"}, "json: cannot unmarshal string into Go struct field Outer.inner of type v1.Inner"),
        (
            {"inner": {"retry": "1"}},
            "json: cannot unmarshal string into Go struct field Inner.inner.retry of type int32",
        ),
        (
            {"inner": {"retry": 1.5}},
            "json: cannot unmarshal number 1.5 into Go struct field Inner.inner.retry of type int32",
        ),
        (
            {"inner": {"retry": 2**31}},
            "json: cannot unmarshal number 2147483648 into Go struct field Inner.inner.retry of type int32",
        ),
        (
            {"byName": {"a": {"names": "x"}}},
            "json: cannot unmarshal string into Go struct field Inner.byName.names of type []string",
        ),
        ({"label": True}, "json: cannot unmarshal bool into Go struct field Outer.label of type string"),
    ],
)
def test_decode_json_type_errors(value: Any, message: str) -> None:
    with pytest.raises(GoError) as e:
        decode_json(value, _OUTER)
    assert str(e.value) == message


def test_decode_json_matches_keys_case_insensitively_and_drops_unknown() -> None:
    assert decode_json({"Inner": {"RETRY": 3.0}, "other": 1, "label": None}, _OUTER) == {
        "inner": {"retry": 3},
        "label": None,
    }


def test_sigs_yaml_unmarshal_turns_scalars_into_strings_and_wraps_errors() -> None:
    sel = go_struct("config.Sel", {"selector": go_map(STRING)})
    assert sigs_yaml_unmarshal("selector: {a: 1, b: true}", sel) == {"selector": {"a": "1", "b": "true"}}
    with pytest.raises(GoError, match=r"^error converting YAML to JSON: yaml: line 1: "):
        sigs_yaml_unmarshal("a: b: c", sel)
    with pytest.raises(GoError) as e:
        sigs_yaml_unmarshal("foo", sel)
    assert str(e.value) == (
        "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type config.Sel"
    )


def test_go_json_sorts_and_escapes() -> None:
    assert go_json({"b": "<x>", "a": [1, "&"]}) == '{"a":[1,"\\u0026"],"b":"\\u003cx\\u003e"}'
