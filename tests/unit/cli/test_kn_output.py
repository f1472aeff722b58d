"""Go's tabwriter as kn uses it, kn's ages and condition cells, -o printers and JSONPath."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pytest
import yaml

from knlite.cli.kn import jsonpath, output
from knlite.cli.kn.describe import PrefixWriter, sort_conditions, write_conditions
from knlite.cli.kn.errors import KnError


def table(text: str) -> str:
    buf = io.StringIO()
    w = output.table_writer(buf)
    w.write(text)
    w.flush()
    return buf.getvalue()


@pytest.mark.parametrize(("text", "expected"), [
    # column width = max cell + padding 3, at least minwidth 6
    ("a\tb\tc\naaa\tbbbb\tc\n", "a     b      c\naaa   bbbb   c\n"),
    # the last cell of a line is not aligned (and a trailing tab makes an empty last cell)
    ("a\t\nbb\tc\n", "a     \nbb    c\n"),
    # a line without tabs ends the column block
    ("aaaaaaaaaa\tb\nx\ny\tz\n", "aaaaaaaaaa   b\nx\ny     z\n"),
    # TabIndent: leading empty cells are padded with tabs (tabwidth 4: 6 -> 8 columns -> 2 tabs)
    ("\tx\n", "\t\tx\n"),
    # cells are counted in characters, not bytes
    ("∞\ty\nab\tz\n", "∞     y\nab    z\n"),
    # no trailing newline: the last line is written as is
    ("a\tb", "a     b"),
])
def test_tabwriter(text: str, expected: str) -> None:
    assert table(text) == expected


def test_table_headers_and_namespace_column() -> None:
    buf = io.StringIO()
    output.print_table(buf, ("Name", "Url"), [["default", "hello", "http://x"]], all_namespaces=True,
                       no_headers=False)
    assert buf.getvalue() == "NAMESPACE   NAME    URL\ndefault     hello   http://x\n"
    buf = io.StringIO()
    output.print_table(buf, ("Name", "Url"), [["hello", "http://x"]], all_namespaces=False, no_headers=True)
    assert buf.getvalue() == "hello   http://x\n"


def test_prefix_writer_nests_as_kn() -> None:
    buf = io.StringIO()
    dw = PrefixWriter.create(buf)
    dw.write_attribute("Name", "hello")
    dw.write_attribute("Namespace", "default")
    section = dw.write_attribute("Revisions", "")
    dw.flush()
    sub = section.write_cols_ln("100%", "@latest (hello-00001) [1] (1m)")
    sub.write_attribute("Image", "ikubernetes/helloworld-go")
    sub.write_attribute("Replicas", "1/1")
    dw.flush()
    assert buf.getvalue() == (
        "Name:       hello\n"
        "Namespace:  default\n"
        "Revisions:  \n"
        "  100%  @latest (hello-00001) [1] (1m)\n"
        "        Image:     ikubernetes/helloworld-go\n"
        "        Replicas:  1/1\n")


def test_conditions_table() -> None:
    now = datetime(2024, 1, 1, 0, 10, tzinfo=UTC)
    conds = [
        {"type": "RoutesReady", "status": "True", "lastTransitionTime": "2024-01-01T00:00:00Z"},
        {"type": "Active", "status": "False", "severity": "Info", "reason": "NoTraffic",
         "lastTransitionTime": "2024-01-01T00:09:00Z"},
        {"type": "Ready", "status": "Unknown", "lastTransitionTime": "2024-01-01T00:09:58Z"},
        {"type": "ContainerHealthy", "status": "False", "reason": "ExitCode1", "message": "boom"},
    ]
    assert [c["type"] for c in sort_conditions(conds)] == ["Ready", "ContainerHealthy", "RoutesReady", "Active"]
    buf = io.StringIO()
    dw = PrefixWriter.create(buf)
    orig = output.current_time
    output.current_time = lambda: now  # type: ignore[assignment]
    try:
        write_conditions(dw, conds, details=False)
        dw.flush()
    finally:
        output.current_time = orig  # type: ignore[assignment]
    assert buf.getvalue() == (
        "Conditions:  \n"
        "  OK TYPE                AGE REASON\n"
        "  ?? Ready                2s \n"
        "  !! ContainerHealthy        ExitCode1\n"
        "  ++ RoutesReady         10m \n"
        "   I Active               1m NoTraffic\n")


@pytest.mark.parametrize(("seconds", "human", "short"), [
    (-5, "<invalid>", "<invalid>"), (-1, "0s", "0s"), (0, "0s", "0s"), (59, "59s", "59s"), (119, "119s", "1m"),
    (120, "2m", "2m"), (185, "3m5s", "3m"), (600, "10m", "10m"), (179 * 60, "179m", "2h"), (3 * 3600, "3h", "3h"),
    (3 * 3600 + 300, "3h5m", "3h"), (9 * 3600, "9h", "9h"), (50 * 3600, "2d2h", "2d"), (72 * 3600, "3d", "3d"),
    (30 * 86400, "30d", "30d"), (800 * 86400, "2y70d", "2y"), (3000 * 86400, "8y", "8y"),
])
def test_durations(seconds: int, human: str, short: str) -> None:
    assert output.human_duration(seconds) == human
    assert output.short_human_duration(seconds) == short


def test_condition_cells() -> None:
    ready = {"status": {"conditions": [{"type": "Ready", "status": "True"}, {"type": "A", "status": "False"}]}}
    assert output.conditions_value(ready) == "1 OK / 2"
    assert output.ready_condition(ready) == "True" and output.non_ready_reason(ready) == ""
    failed = {"status": {"conditions": [{"type": "Ready", "status": "False", "reason": "R", "message": "m"}]}}
    assert output.non_ready_reason(failed) == "R : m"
    assert output.ready_condition({}) == "<unknown>" and output.non_ready_reason({}) == "<unknown>"
    assert output.age(None) == "<unknown>"


def test_json_and_yaml_printers() -> None:
    obj = {"kind": "Service", "apiVersion": "serving.knative.dev/v1", "metadata": {"name": "a<b"},
           "spec": {"template": {"metadata": {"annotations": {"autoscaling.knative.dev/min-scale": "1", "e": ""}},
                                 "spec": {"containers": [{"image": "x", "env": [{"name": "M", "value": "l1\nl2"}]}]}}}}
    text = output.to_json(obj)
    assert text.startswith('{\n    "apiVersion": "serving.knative.dev/v1",\n') and "a\\u003cb" in text
    assert json.loads(text) == obj
    y = output.to_yaml(obj)
    assert 'autoscaling.knative.dev/min-scale: "1"' in y and 'e: ""' in y
    assert "      containers:\n      - env:\n" in y  # go-yaml's indentless sequences
    assert "value: |-\n" in y
    assert yaml.safe_load(y) == obj
    buf = io.StringIO()
    output.print_object(buf, output.as_list([obj], "serving.knative.dev/v1", "ServiceList"), "name")
    assert buf.getvalue() == "service.serving.knative.dev/a<b\n"
    with pytest.raises(KnError, match="unable to match a printer suitable for the output format \"wide\""):
        output.print_object(io.StringIO(), obj, "wide")


DOC = {"items": [
    {"metadata": {"name": "a", "labels": {"app.kubernetes.io/name": "x"}},
     "status": {"conditions": [{"type": "Ready", "status": "True"}, {"type": "Other", "status": "False"}],
                "replicas": 2}},
    {"metadata": {"name": "b"}, "status": {"conditions": [{"type": "Ready", "status": "False"}], "replicas": 0}},
]}


@pytest.mark.parametrize(("template", "expected"), [
    ("{.items[0].metadata.name}", "a"),
    ("{.items[*].metadata.name}", "a b"),
    ("{.items[-1].metadata.name}", "b"),
    ("{.items[0:1].metadata.name}", "a"),
    ('{range .items[*]}{.metadata.name}{"\\n"}{end}', "a\nb\n"),
    ("{.items[?(@.status.replicas>1)].metadata.name}", "a"),
    ('{.items[0].status.conditions[?(@.type=="Ready")].status}', "True"),
    ("{.items[0].metadata.labels.app\\.kubernetes\\.io/name}", "x"),
    ("{.items[0].metadata.labels['app.kubernetes.io/name']}", "x"),
    ("{..name}", "a b"),
    ("{.items[1].status}", '{"conditions":[{"status":"False","type":"Ready"}],"replicas":0}'),
    ("{.missing}", ""),
    ("name: {.items[0].metadata.name}!", "name: a!"),
    ("{.items[0].status.replicas}", "2"),
])
def test_jsonpath(template: str, expected: str) -> None:
    assert jsonpath.execute(template, DOC) == expected


def test_jsonpath_errors() -> None:
    with pytest.raises(jsonpath.JsonPathError):
        jsonpath.execute("{.items[0", DOC)
    with pytest.raises(jsonpath.JsonPathError):
        jsonpath.execute("{range .items[*]}{.x}", DOC)
