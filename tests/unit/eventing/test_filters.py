"""Trigger filters: the legacy attributes map and the Subscriptions API dialects, rule by rule."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from knlite.eventing.filters import (
    FAIL,
    NO_FILTER,
    PASS,
    compile_filter,
    compile_filters,
    go_sprint,
    go_time_string,
    lookup_attribute,
)

EVENT: dict[str, Any] = {
    "specversion": "1.0",
    "id": "1234",
    "source": "/apis/v1/namespaces/default/ping",
    "type": "com.example.sayhi",
    "subject": "greeting",
    "time": "2024-01-02T03:04:05Z",
    "datacontenttype": "application/json; charset=utf-8",
    "dataschema": "https://example.com/schema",
    "myext": "value",
    "emptyext": "",
    "count": 5,
    "urgent": True,
    "ratio": 1e6,
}


def with_(**changes: Any) -> dict[str, Any]:
    event = dict(EVENT)
    for k, v in changes.items():
        if v is None:
            event.pop(k, None)
        else:
            event[k] = v
    return event


def legacy(attributes: Any) -> dict[str, Any]:
    return {"broker": "default", "filter": {"attributes": attributes}}


# -- spec.filter.attributes ------------------------------------------------------------------------

LEGACY_CASES = [
    # (attributes, event, delivered)
    (None, EVENT, True),  # nil map: everything passes
    ({}, EVENT, True),
    ({"type": "com.example.sayhi"}, EVENT, True),
    ({"type": "com.example.saybye"}, EVENT, False),
    ({"type": "COM.EXAMPLE.SAYHI"}, EVENT, False),  # case-sensitive
    ({"type": "com.example"}, EVENT, False),  # exact, not prefix
    ({"type": "com.example.sayhi", "source": "/apis/v1/namespaces/default/ping"}, EVENT, True),
    ({"type": "com.example.sayhi", "source": "other"}, EVENT, False),  # AND
    # "" = the attribute exists and is non-empty
    ({"subject": ""}, EVENT, True),
    ({"subject": ""}, with_(subject=None), False),
    ({"subject": ""}, with_(subject=""), False),
    ({"myext": ""}, EVENT, True),
    ({"missing": ""}, EVENT, False),
    ({"emptyext": ""}, EVENT, False),
    ({"count": ""}, EVENT, True),  # a non-string extension is "non-empty"
    ({"urgent": ""}, with_(urgent=False), True),
    # extensions
    ({"myext": "value"}, EVENT, True),
    ({"myext": "other"}, EVENT, False),
    ({"missing": "value"}, EVENT, False),
    ({"count": "5"}, EVENT, False),  # Go compares interface values: int != string
    ({"urgent": "true"}, EVENT, False),
    ({"count": "5"}, with_(count="5"), True),  # as extensions arrive in binary mode
    # core attributes always exist, "" when unset
    ({"dataschema": "x"}, with_(dataschema=None), False),
    ({"dataschema": ""}, with_(dataschema=None), False),
    ({"specversion": "1.0"}, EVENT, True),
    ({"id": "1234", "source": ""}, EVENT, True),
    # time reads as Go's time.Time.String()
    ({"time": "2024-01-02 03:04:05 +0000 UTC"}, EVENT, True),
    ({"time": "2024-01-02T03:04:05Z"}, EVENT, False),
    ({"time": ""}, with_(time=None), True),  # Go's zero time is not empty
    ({"time": "0001-01-01 00:00:00 +0000 UTC"}, with_(time=None), True),
    ({"time": "2024-01-02 03:04:05.5 +0100 +0100"}, with_(time="2024-01-02T03:04:05.500+01:00"), True),
    # datamediatype, datacontenttype, schemaurl, datacontentencoding
    ({"datamediatype": "application/json"}, EVENT, True),
    ({"datamediatype": "application/json"}, with_(datacontenttype="application/json"), True),
    ({"datacontenttype": "application/json"}, EVENT, False),
    ({"datacontenttype": "application/json; charset=utf-8"}, EVENT, True),
    ({"datamediatype": ""}, with_(datacontenttype=None), False),
    ({"schemaurl": "https://example.com/schema"}, EVENT, True),
    ({"schemaurl": "https://example.com/schema"},
     with_(specversion="0.3", dataschema=None, schemaurl="https://example.com/schema"), True),
    ({"dataschema": "https://example.com/schema"},
     with_(specversion="0.3", dataschema=None, schemaurl="https://example.com/schema"), True),
    ({"schemaurl": "x"}, with_(dataschema=None, schemaurl="x"), False),  # v1.0: an extension, not read
    ({"datacontentencoding": ""}, with_(datacontentencoding="base64"), False),  # v1.0: always ""
    ({"datacontentencoding": "base64"}, with_(specversion="0.3", datacontentencoding="base64"), True),
]


@pytest.mark.parametrize(("attributes", "event", "delivered"), LEGACY_CASES)
def test_legacy_attributes(attributes: Any, event: dict[str, Any], delivered: bool) -> None:
    assert compile_filter(legacy(attributes))(event) is delivered


def test_no_filter_at_all_passes() -> None:
    assert compile_filter({"broker": "default"})(EVENT) is True
    assert compile_filter({"broker": "default", "filter": {}})(EVENT) is True


# -- spec.filters ------------------------------------------------------------------------------------

NEW_CASES = [
    # exact / prefix / suffix
    ([{"exact": {"type": "com.example.sayhi"}}], EVENT, True),
    ([{"exact": {"type": "com.example.saybye"}}], EVENT, False),
    ([{"exact": {"type": "com.example.sayhi", "myext": "value"}}], EVENT, True),
    ([{"exact": {"type": "com.example.sayhi", "myext": "nope"}}], EVENT, False),  # all keys
    ([{"exact": {"missing": "value"}}], EVENT, False),
    ([{"exact": {"count": "5"}}], EVENT, True),  # non-strings compared through %v
    ([{"exact": {"urgent": "true"}}], EVENT, True),
    ([{"exact": {"ratio": "1e+06"}}], EVENT, True),
    ([{"exact": {"subject": "greeting"}}], with_(subject=None), False),  # unset core = ""
    ([{"exact": {"time": "2024-01-02 03:04:05 +0000 UTC"}}], EVENT, True),
    ([{"exact": {"datamediatype": "application/json"}}], EVENT, True),
    ([{"prefix": {"type": "com.example."}}], EVENT, True),
    ([{"prefix": {"type": "org.example."}}], EVENT, False),
    ([{"prefix": {"time": "2024-01-02 03"}}], EVENT, True),
    ([{"prefix": {"missing": "x"}}], EVENT, False),
    ([{"suffix": {"type": ".sayhi"}}], EVENT, True),
    ([{"suffix": {"type": ".saybye"}}], EVENT, False),
    ([{"suffix": {"source": "/ping", "type": "hi"}}], EVENT, True),
    # empty keys or values: the filter is silently skipped
    ([{"exact": {"type": ""}}], EVENT, True),
    ([{"exact": {"": "com.example.saybye"}}], EVENT, True),
    ([{"prefix": {"type": "org.", "source": ""}}], EVENT, True),
    ([{"suffix": {"type": ""}}, {"exact": {"type": "com.example.saybye"}}], EVENT, False),
    ([{}], EVENT, True),  # no dialect
    ([{"exact": {}}], EVENT, True),
    ([{"all": []}, {"any": []}], EVENT, True),
    ([{"cesql": ""}], EVENT, True),
    # the list is ANDed
    ([{"exact": {"type": "com.example.sayhi"}}, {"prefix": {"source": "/apis"}}], EVENT, True),
    ([{"exact": {"type": "com.example.sayhi"}}, {"prefix": {"source": "/other"}}], EVENT, False),
    # all / any / not
    ([{"all": [{"exact": {"type": "com.example.sayhi"}}, {"suffix": {"source": "ping"}}]}], EVENT, True),
    ([{"all": [{"exact": {"type": "com.example.sayhi"}}, {"suffix": {"source": "pong"}}]}], EVENT, False),
    ([{"all": [{}]}], EVENT, True),
    ([{"any": [{"exact": {"type": "a"}}, {"exact": {"type": "com.example.sayhi"}}]}], EVENT, True),
    ([{"any": [{"exact": {"type": "a"}}, {"exact": {"type": "b"}}]}], EVENT, False),
    ([{"any": [{}]}], EVENT, True),
    ([{"any": [{"exact": {"type": "a"}}, {"not": {}}]}], EVENT, True),  # last child's NoFilter
    ([{"any": [{"not": {}}, {"exact": {"type": "a"}}]}], EVENT, False),  # ... or its Fail
    ([{"not": {"exact": {"type": "com.example.sayhi"}}}], EVENT, False),
    ([{"not": {"exact": {"type": "com.example.saybye"}}}], EVENT, True),
    ([{"not": {"not": {"exact": {"type": "com.example.sayhi"}}}}], EVENT, True),
    ([{"not": {}}], EVENT, True),  # NoFilter stays NoFilter
    ([{"not": {"exact": {"type": ""}}}], EVENT, True),  # the skipped child: NoFilter, not Pass
    ([{"not": {"exact": {"missing": "x"}}}], EVENT, True),
    ([{"all": [{"any": [{"prefix": {"type": "org."}}, {"prefix": {"type": "com."}}]},
               {"not": {"cesql": "subject = 'farewell'"}}]}], EVENT, True),
    # cesql
    ([{"cesql": "type = 'com.example.sayhi' AND source LIKE '%ping'"}], EVENT, True),
    ([{"cesql": "type = 'com.example.saybye'"}], EVENT, False),
    ([{"cesql": "myext = 'value' AND count > 3"}], EVENT, True),
    ([{"cesql": "missing = 'x'"}], EVENT, False),  # evaluation error → Fail
    ([{"cesql": "1 / 0 = 0"}], EVENT, False),
    ([{"cesql": "type"}], EVENT, False),  # not a Boolean → Fail
    ([{"cesql": "count + 1"}], EVENT, False),
    ([{"cesql": "type = "}], EVENT, True),  # does not parse: skipped
    ([{"not": {"cesql": "missing = 'x'"}}], EVENT, True),
]


@pytest.mark.parametrize(("filters", "event", "delivered"), NEW_CASES)
def test_subscriptions_api_filters(filters: list[Any], event: dict[str, Any], delivered: bool) -> None:
    assert compile_filter({"filters": filters})(event) is delivered


@pytest.mark.parametrize(("filters", "result"), [
    ([], NO_FILTER),
    ([{}], NO_FILTER),
    ([{"exact": {"type": "com.example.sayhi"}}], PASS),
    ([{"exact": {"type": "nope"}}], FAIL),
    ([{"not": {}}], NO_FILTER),
    ([{"exact": {"type": "com.example.sayhi"}}, {"not": {}}], NO_FILTER),  # all: the last child's result
    ([{"not": {}}, {"exact": {"type": "com.example.sayhi"}}], PASS),
    ([{"any": [{"exact": {"type": "a"}}, {"exact": {"type": "b"}}]}], FAIL),
])
def test_results(filters: list[Any], result: Any) -> None:
    assert compile_filters(filters)(EVENT) is result


@pytest.mark.parametrize(("spec", "enabled", "delivered"), [
    # filters wins and filter is ignored entirely...
    ({"filters": [{"exact": {"type": "com.example.sayhi"}}], "filter": {"attributes": {"type": "x"}}}, True, True),
    ({"filters": [{"exact": {"type": "x"}}], "filter": {"attributes": {"type": "com.example.sayhi"}}}, True, False),
    ({"filters": [{}], "filter": {"attributes": {"type": "x"}}}, True, True),
    # ...unless it is empty
    ({"filters": [], "filter": {"attributes": {"type": "x"}}}, True, False),
    # with new-trigger-filters disabled only the legacy filter counts
    ({"filters": [{"exact": {"type": "x"}}], "filter": {"attributes": {"type": "com.example.sayhi"}}}, False, True),
    ({"filters": [{"exact": {"type": "x"}}]}, False, True),
])
def test_precedence(spec: dict[str, Any], enabled: bool, delivered: bool) -> None:
    assert compile_filter(spec, new_filters_enabled=enabled)(EVENT) is delivered


# -- attribute rendering -----------------------------------------------------------------------------

UTC = datetime.UTC


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-01-02T03:04:05Z", "2024-01-02 03:04:05 +0000 UTC"),
    ("2024-01-02T03:04:05.120Z", "2024-01-02 03:04:05.12 +0000 UTC"),
    ("2024-01-02T03:04:05.000Z", "2024-01-02 03:04:05 +0000 UTC"),
    ("2024-01-02T03:04:05.123456789123Z", "2024-01-02 03:04:05.123456789 +0000 UTC"),
    ("2024-01-02T03:04:05+00:00", "2024-01-02 03:04:05 +0000 UTC"),
    ("2024-01-02T03:04:05+01:00", "2024-01-02 03:04:05 +0100 +0100"),
    ("2024-01-02T03:04:05.5-05:30", "2024-01-02 03:04:05.5 -0530 -0530"),
    (None, "0001-01-01 00:00:00 +0000 UTC"),
    (datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC), "2024-01-02 03:04:05 +0000 UTC"),
    (datetime.datetime(2024, 1, 2, 3, 4, 5, 250000, tzinfo=UTC), "2024-01-02 03:04:05.25 +0000 UTC"),
    (datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=2))),
     "2024-01-02 03:04:05 +0200 +0200"),
    (datetime.datetime(2024, 1, 2, 3, 4, 5), "2024-01-02 03:04:05 +0000 UTC"),  # naive = UTC
])
def test_go_time_string(value: Any, expected: str) -> None:
    assert go_time_string(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("s", "s"), (True, "true"), (False, "false"), (5, "5"), (-12, "-12"),
    (1.5, "1.5"), (2.0, "2"), (100.0, "100"), (123456.0, "123456"), (1e6, "1e+06"),
    (1234567.0, "1.234567e+06"), (0.0001, "0.0001"), (0.00001, "1e-05"), (-0.5, "-0.5"),
    (1e21, "1e+21"), (0.0, "0"), (3.14159, "3.14159"), (float("inf"), "+Inf"), (float("nan"), "NaN"),
])
def test_go_sprint(value: Any, expected: str) -> None:
    assert go_sprint(value) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("type", ("com.example.sayhi", True)),
    ("subject", ("", True)),
    ("dataschema", ("", True)),
    ("datamediatype", ("", True)),
    ("myext", ("value", True)),
    ("count", (5, True)),
    ("missing", (None, False)),
])
def test_lookup_attribute(name: str, expected: tuple[Any, bool]) -> None:
    event = {"specversion": "1.0", "id": "1", "source": "/s", "type": "com.example.sayhi",
             "myext": "value", "count": 5}
    assert lookup_attribute(event, name) == expected


def test_compiled_once_reused() -> None:
    matches = compile_filter({"filters": [{"cesql": "type LIKE 'com.%'"}]})
    assert [matches(with_(type=t)) for t in ("com.a", "org.a", "com.b")] == [True, False, True]
