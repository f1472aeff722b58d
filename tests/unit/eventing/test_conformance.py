"""The CloudEvents conformance suite's HTTP cases against knlite's codec.

``../shared/testdata/cloudevents_conformance/`` holds ``cloudevents/conformance`` at commit
7a8ee0a: YAML events (``v1.yaml``, ``v1_minimum.yaml``) that its ``invoke`` command turns
into HTTP requests, and the Gherkin feature ``http-protocol-binding.feature`` with raw HTTP
requests. Each case here builds the request exactly as the tool does (``pkg/http/http.go``:
binary mode puts each non-empty trimmed attribute in a ``ce-`` header and ``Data`` raw in the
body; structured mode ``json.Marshal``s an envelope with ``Data`` embedded as raw JSON and
sends ``application/cloudevents+json; charset=UTF-8``), parses it with
:func:`knlite.eventing.cloudevents.parse`, and checks every attribute and the data — and that
both survive knlite's binary and structured re-encoding.

The YAML is loaded without type resolution (``yaml.BaseLoader``), so ``specversion: 1.0``
stays the string ``"1.0"`` as Go's YAML decoder reads it into a string field.
"""

from __future__ import annotations

import json
import re
import textwrap
from typing import Any

import pytest
import yaml

from knlite.eventing import cloudevents as ce
from tests.shared import SHARED

SUITE = SHARED / "testdata" / "cloudevents_conformance"

# the attributes the tool's ContextAttributes carries, in the order it writes them
ATTRIBUTES = ("specversion", "type", "time", "id", "source", "subject", "schemaurl", "datacontenttype",
              "datacontentencoding")


def load_yaml_events(name: str) -> list[dict[str, Any]]:
    with open(SUITE / name, encoding="utf-8") as f:
        return [doc for doc in yaml.load_all(f, Loader=yaml.BaseLoader) if doc]


def _go_marshal(value: Any) -> str:
    """Go's ``json.Marshal`` of a map: keys sorted, compact, ``<>&`` escaped."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def event_to_request(event: dict[str, Any]) -> tuple[list[tuple[str, str]], bytes]:
    """``EventToRequest`` of cloudevents/conformance ``pkg/http/http.go``."""
    attrs: dict[str, Any] = event.get("ContextAttributes") or {}
    extensions: dict[str, str] = attrs.get("Extensions") or {}
    transport: dict[str, str] = event.get("TransportExtensions") or {}
    data: str = event.get("Data") or ""
    headers: list[tuple[str, str]] = []

    def add_header(key: str, value: str) -> None:
        value = value.strip()
        if value:
            headers.append((key, value))

    mode = event.get("Mode", "")
    if mode == "structured":
        env: dict[str, Any] = {}
        for name in ATTRIBUTES:
            value = attrs.get("dataecontentncoding" if name == "datacontentencoding" else name, "").strip()
            if value:
                env[name] = value
        for key, value in extensions.items():
            if value.strip():
                env[key] = value.strip()
        if data:
            env["data"] = json.loads(data)  # json.RawMessage: must be JSON, marshalled compact
        body = _go_marshal(env).encode()
        for key, value in transport.items():
            add_header(key, value)
        # the tool compares the header *value* with "Content-Type" (sic), so it always adds this
        if not any(value.lower() == "content-type" for value in transport.values()):
            add_header("Content-Type", "application/cloudevents+json; charset=UTF-8")
        return headers, body
    assert mode in ("", "binary"), mode
    for name in ATTRIBUTES:
        key = "dataecontentncoding" if name == "datacontentencoding" else name
        add_header("Content-Type" if name == "datacontenttype" else f"ce-{name}", attrs.get(key, ""))
    for key, value in extensions.items():
        add_header(f"ce-{key}", value)
    for key, value in transport.items():
        add_header(key, value)
    return headers, data.encode()


def expected_attributes(event: dict[str, Any]) -> dict[str, str]:
    attrs: dict[str, Any] = event.get("ContextAttributes") or {}
    out = {name: attrs[name].strip() for name in ATTRIBUTES if attrs.get(name, "").strip()}
    out.update({k: v.strip() for k, v in (attrs.get("Extensions") or {}).items() if v.strip()})
    return out


YAML_CASES = [pytest.param(event, id=f"{name}[{i}]-{event.get('Mode') or 'binary'}-"
                                      f"{event['ContextAttributes']['id']}")
              for name in ("v1.yaml", "v1_minimum.yaml")
              for i, event in enumerate(load_yaml_events(name))]


def test_the_suite_is_all_there() -> None:
    assert len(YAML_CASES) == 8  # 2 in v1.yaml, 6 in v1_minimum.yaml
    assert (SUITE / "SOURCE_COMMIT").read_text().startswith("7a8ee0a")


@pytest.mark.parametrize("case", YAML_CASES)
def test_yaml_event(case: dict[str, Any]) -> None:
    headers, body = event_to_request(case)
    event = ce.parse(headers, body)
    attrs = ce.attributes(event)
    assert attrs == expected_attributes(case)
    assert attrs["specversion"] == "1.0"
    data: str = case.get("Data") or ""
    if case.get("Mode") == "structured":
        assert json.loads(event.data) == json.loads(data)
    else:
        assert event.data == data.encode()  # binary mode: the body exactly, trailing newline included
    assert_round_trips(event)


def assert_round_trips(event: Any) -> None:
    for encode in (ce.to_binary, ce.to_structured):
        again = ce.parse(*encode(event))
        assert ce.attributes(again) == ce.attributes(event), encode.__name__
        if _is_json(ce.attributes(event).get("datacontenttype")):
            assert json.loads(again.data) == json.loads(event.data)
        else:
            assert again.data == event.data


def _is_json(ct: str | None) -> bool:
    mt = (ct or "").partition(";")[0].strip().lower()
    return mt in ("", "application/json")


def test_extension_values_arrive_raw() -> None:
    """v1.yaml sends ``{"othervalue": 5}`` unescaped in a header; it must be taken as it is."""
    binary_case = next(c for c in load_yaml_events("v1.yaml") if c.get("Mode", "binary") == "binary")
    headers, body = event_to_request(binary_case)
    assert ("ce-comexampleextension2", '{"othervalue": 5}') in headers
    assert ce.parse(headers, body)["comexampleextension2"] == '{"othervalue": 5}'


# -- http-protocol-binding.feature ------------------------------------------------------------------------------


def feature_scenarios() -> list[Any]:
    """The feature's scenario outlines, expanded over their Examples (a Gherkin subset)."""
    text = (SUITE / "http-protocol-binding.feature").read_text()
    cases = []
    for block in re.split(r"\n\s*Scenario Outline: ", text)[1:]:
        title = block.splitlines()[0].strip()
        docstrings = _docstrings(block)
        request, data = docstrings[0], docstrings[1]
        table_text = block.split("Then the attributes are:")[1].split("And the data")[0]
        rows = _table(table_text)
        examples = _table(block.split("Examples:")[1])
        header = examples[0]
        for row in examples[1:]:
            values = dict(zip(header, row, strict=True))

            def fill(s: str, values: dict[str, str] = values) -> str:
                return re.sub(r"<(\w+)>", lambda m: values[m.group(1)], s)
            attributes = {k: fill(v) for k, v in rows[1:]}
            cases.append(pytest.param(fill(request), attributes, data, id=fill(title)))
    return cases


def _docstrings(block: str) -> list[str]:
    """Gherkin doc strings: the lines between ``\"\"\"`` fences, de-indented to the fence."""
    out = []
    for m in re.finditer(r'(?m)^([ \t]*)"""\n(.*?)\n[ \t]*"""', block, re.S):
        indent = len(m.group(1))
        lines = [line[indent:] if line[:indent].strip() == "" else line.lstrip() for line in m.group(2).split("\n")]
        out.append("\n".join(lines))
    return out


def _table(text: str) -> list[list[str]]:
    return [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in text.splitlines() if line.strip().startswith("|")]


def parse_http_request(raw: str) -> tuple[str, list[tuple[str, str]], bytes]:
    head, _, body = raw.partition("\n\n")
    lines = head.split("\n")
    headers = [(k.strip(), v.strip()) for k, _, v in (line.partition(":") for line in lines[1:])]
    return lines[0], headers, body.encode()


FEATURE_CASES = feature_scenarios()


def test_the_feature_has_four_http_cases() -> None:
    assert len(FEATURE_CASES) == 4


@pytest.mark.parametrize(("request_text", "attributes", "data"), FEATURE_CASES)
def test_http_protocol_binding_feature(request_text: str, attributes: dict[str, str], data: str) -> None:
    request_line, headers, body = parse_http_request(request_text)
    assert request_line == "POST /someresource HTTP/1.1"
    assert int(dict(headers)["Content-Length"]) == len(body)  # the doc string was de-indented right
    event = ce.parse(headers, body)
    assert ce.attributes(event) == attributes
    assert json.loads(event.data) == json.loads(textwrap.dedent(data))
    assert_round_trips(event)
