"""Field errors, Go durations, names and ages: the small pieces whose exact text users read."""

from __future__ import annotations

import pytest

from knlite.api.tables import human_duration
from knlite.apis import goduration, k8snames
from knlite.apis.fielderrors import (
    FieldError,
    err_invalid_value,
    err_missing_field,
    err_out_of_bounds,
    flatten,
)


@pytest.mark.parametrize(
    "parts, expected",
    [
        (["spec", "[0]", "percent"], "spec[0].percent"),
        (["[0]", "percent"], "[0].percent"),
        (["spec.template", "", "containers[1]"], "spec.template.containers[1]"),
        (["metadata.annotations", "autoscaling.knative.dev/min-scale"],
         "metadata.annotations.autoscaling.knative.dev/min-scale"),
    ],
)
def test_flatten(parts: list[str], expected: str) -> None:
    assert flatten(parts) == expected


def test_field_error_merging_and_order() -> None:
    err = (err_missing_field("image").via_index(0).via_field("containers")
           .also(err_missing_field("name"))
           .also(err_out_of_bounds(1001, 0, 1000, "containerConcurrency"))
           .via_field("spec"))
    assert str(err) == ("expected 0 <= 1001 <= 1000: spec.containerConcurrency\n"
                        "missing field(s): spec.containers[0].image, spec.name")
    causes = err.causes()
    assert {c["field"] for c in causes} == {"spec.containerConcurrency", "spec.containers[0].image", "spec.name"}


def test_field_error_details_and_empty() -> None:
    assert not FieldError()
    e = err_invalid_value("x", "a", details="more")
    assert str(e) == "invalid value: x: a\nmore"


@pytest.mark.parametrize(
    "text, ns, back",
    [
        ("60s", 60 * 10**9, "1m0s"),
        ("1m5s", 65 * 10**9, "1m5s"),
        ("1h", 3600 * 10**9, "1h0m0s"),
        ("1.5s", 1_500_000_000, "1.5s"),
        ("300ms", 300_000_000, "300ms"),
        ("-42s", -42 * 10**9, "-42s"),
        ("0", 0, "0s"),
        ("2h45m", 9900 * 10**9, "2h45m0s"),
    ],
)
def test_go_durations(text: str, ns: int, back: str) -> None:
    assert goduration.parse(text) == ns
    assert goduration.format(ns) == back


@pytest.mark.parametrize("bad", ["", "5", "abc", "1x", "s"])
def test_go_duration_errors(bad: str) -> None:
    with pytest.raises(goduration.DurationError):
        goduration.parse(bad)


@pytest.mark.parametrize(
    "seconds, text",
    [(-5, "<invalid>"), (0, "0s"), (119, "119s"), (120, "2m"), (125, "2m5s"), (600, "10m"), (3 * 3600, "3h"),
     (3 * 3600 + 60, "3h1m"), (10 * 3600, "10h"), (50 * 3600, "2d2h"), (24 * 3600 * 9, "9d"),
     (24 * 3600 * 365 * 3, "3y")],
)
def test_human_duration(seconds: int, text: str) -> None:
    assert human_duration(seconds) == text


def test_dns1035_message_is_kubernetes_wording() -> None:
    assert k8snames.is_dns1035_label("hello-Knative") == [
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
        "character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for "
        "validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"]
    assert k8snames.is_dns1035_label("a" * 64)[0] == "must be no more than 63 characters"
    assert k8snames.is_dns1123_subdomain("ok.example.com") == []
