"""Label and field selectors in both their forms."""

from __future__ import annotations

import pytest

from knlite.apis.selectors import (
    SelectorError,
    from_label_selector,
    matches,
    matches_fields,
    parse_field_selector,
    parse_label_selector,
)

LABELS = {"app": "web", "tier": "front", "env": "prod"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("app=web", True),
        ("app==web", True),
        ("app=db", False),
        ("app!=db", True),
        ("missing!=x", True),
        ("app in (web,api)", True),
        ("app in (api)", False),
        ("app notin (api, db)", True),
        ("missing notin (x)", True),
        ("tier", True),
        ("missing", False),
        ("!missing", True),
        ("!app", False),
        ("app=web,tier=front", True),
        ("app=web,tier=back", False),
        ("app in (web), env=prod, !x", True),
        ("", True),
    ],
)
def test_label_selector_matching(text: str, expected: bool) -> None:
    assert matches(parse_label_selector(text), LABELS) is expected


@pytest.mark.parametrize("text", ["app in web", "=x", "app in (a", "a=b c"])
def test_label_selector_syntax_errors(text: str) -> None:
    with pytest.raises(SelectorError):
        parse_label_selector(text)


@pytest.mark.parametrize(
    "sel, expected",
    [
        (None, False),
        ({}, True),
        ({"matchLabels": {"app": "web"}}, True),
        ({"matchLabels": {"app": "db"}}, False),
        ({"matchExpressions": [{"key": "env", "operator": "In", "values": ["prod", "dev"]}]}, True),
        ({"matchExpressions": [{"key": "env", "operator": "NotIn", "values": ["prod"]}]}, False),
        ({"matchExpressions": [{"key": "x", "operator": "DoesNotExist"}]}, True),
        ({"matchExpressions": [{"key": "app", "operator": "Exists"}]}, True),
    ],
)
def test_structured_label_selector(sel, expected: bool) -> None:
    assert matches(from_label_selector(sel), LABELS) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("metadata.name=a", True),
        ("metadata.name==a", True),
        ("metadata.name!=a", False),
        ("metadata.namespace=default,metadata.name=a", True),
        ("metadata.namespace=other", False),
    ],
)
def test_field_selector(text: str, expected: bool) -> None:
    obj = {"metadata": {"name": "a", "namespace": "default"}}
    assert matches_fields(parse_field_selector(text), obj) is expected
