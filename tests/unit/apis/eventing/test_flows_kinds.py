"""Sequence and Parallel defaulting, validation and conditions."""

from __future__ import annotations

from typing import Any

import pytest

from knlite.apis.admission import StaticContext
from knlite.apis.flows import parallel, sequence
from knlite.config.types import ChannelDefaultsConfig, ChannelTemplate, ConfigView

IMC = {"apiVersion": "messaging.knative.dev/v1", "kind": "InMemoryChannel"}
KSVC = {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": "sq-appender-01"}
KSVC_NS = {**KSVC, "namespace": "default"}
CONFIG = ConfigView(ch_defaults=ChannelDefaultsConfig(
    cluster_default=ChannelTemplate(),
    namespace_defaults={"event-demo": ChannelTemplate("messaging.knative.dev/v1beta1", "KafkaChannel")}))
KSVC_STR = ("Kind = Service, Namespace = default, Name = sq-appender-01, APIVersion = serving.knative.dev/v1, "
            "Group = , Address = ")


def ctx() -> StaticContext:
    return StaticContext(config=CONFIG)


def new(kind: str, spec: dict[str, Any], ns: str = "default") -> dict[str, Any]:
    return {"apiVersion": "flows.knative.dev/v1", "kind": kind, "metadata": {"name": "f", "namespace": ns},
            "spec": spec}


def render(err: Any) -> str:
    return str(err) if err else ""


# -- Sequence -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("ns", "spec", "want"), [
    ("default", {"steps": [{"ref": dict(KSVC)}], "reply": {"ref": dict(KSVC)}},
     {"channelTemplate": IMC, "steps": [{"ref": KSVC_NS}], "reply": {"ref": KSVC_NS}}),
    ("event-demo", {"steps": [{"uri": "http://x"}]},
     {"channelTemplate": {"apiVersion": "messaging.knative.dev/v1beta1", "kind": "KafkaChannel"},
      "steps": [{"uri": "http://x"}]}),
    ("default", {"channelTemplate": {**IMC, "spec": {"delivery": {"retry": 1}}}, "steps": [{"ref": KSVC_NS}]},
     {"channelTemplate": {**IMC, "spec": {"delivery": {"retry": 1}}}, "steps": [{"ref": KSVC_NS}]}),
])
def test_sequence_default(ns: str, spec: dict[str, Any], want: dict[str, Any]) -> None:
    o = new("Sequence", spec, ns)
    sequence.default(o, None, ctx())
    assert o["spec"] == want


@pytest.mark.parametrize(("spec", "want"), [
    ({"channelTemplate": IMC, "steps": [{"ref": KSVC_NS}, {"uri": "http://x", "delivery": {"retry": 3}}],
      "reply": {"ref": KSVC_NS}}, ""),
    ({"channelTemplate": IMC}, "missing field(s): spec.steps"),
    ({"channelTemplate": IMC, "steps": []}, "missing field(s): spec.steps"),
    ({"steps": [{"ref": KSVC_NS}]}, "missing field(s): spec.channelTemplate"),
    ({"channelTemplate": {"apiVersion": "messaging.knative.dev/v1"}, "steps": [{"ref": KSVC_NS}]},
     "missing field(s): spec.channelTemplate.kind"),
    ({"channelTemplate": IMC, "steps": [{}]}, "invalid value: {{<nil>  <nil> <nil>} <nil>}: spec.steps[0]"),
    ({"channelTemplate": IMC, "steps": [{"ref": KSVC_NS}, {"ref": {**KSVC_NS, "apiVersion": ""}}]},
     "invalid value: {{Kind = Service, Namespace = default, Name = sq-appender-01, APIVersion = , Group = , "
     "Address =   <nil> <nil>} <nil>}: spec.steps[1]"),
    ({"channelTemplate": IMC, "steps": [{"ref": KSVC_NS, "delivery": {"retry": -1}}]},
     f"invalid value: {{{{{KSVC_STR}  <nil> <nil>}} 0xc000010000}}: spec.steps[0]"),
    ({"channelTemplate": IMC, "steps": [{"uri": "relative"}]},
     "invalid value: {{<nil> relative <nil> <nil>} <nil>}: spec.steps[0]"),
    ({"channelTemplate": IMC, "steps": [{"ref": KSVC_NS}], "reply": {"ref": {"name": "x"}}},
     "missing field(s): spec.reply.ref.apiVersion, spec.reply.ref.kind"),
])
def test_sequence_validate(spec: dict[str, Any], want: str) -> None:
    assert render(sequence.validate(new("Sequence", spec), None, ctx())) == want


# -- Parallel -------------------------------------------------------------------------------------------


def test_parallel_default() -> None:
    o = new("Parallel", {"branches": [{"filter": {"ref": dict(KSVC)}, "subscriber": {"ref": dict(KSVC)},
                                       "reply": {"ref": dict(KSVC)}}, {"subscriber": {"uri": "http://x"}}],
                         "reply": {"ref": dict(KSVC)}})
    parallel.default(o, None, ctx())
    assert o["spec"] == {
        "channelTemplate": IMC,
        "branches": [{"filter": {"ref": KSVC_NS}, "subscriber": {"ref": KSVC_NS}, "reply": {"ref": KSVC_NS}},
                     {"subscriber": {"uri": "http://x"}}],
        "reply": {"ref": KSVC_NS},
    }


@pytest.mark.parametrize(("spec", "want"), [
    ({"channelTemplate": IMC, "branches": [{"filter": {"ref": KSVC_NS}, "subscriber": {"ref": KSVC_NS}},
                                          {"subscriber": {"uri": "http://x"}, "reply": {"uri": "http://r"}}],
      "reply": {"ref": KSVC_NS}}, ""),
    ({"channelTemplate": IMC}, "missing field(s): spec.branches"),
    ({"channelTemplate": IMC, "branches": [{}]},
     "invalid value: {<nil> {<nil>  <nil> <nil>} <nil> <nil>}: spec.branches.subscriber[0]"),
    ({"channelTemplate": IMC, "branches": [{"subscriber": {"ref": KSVC_NS}},
                                          {"filter": {}, "subscriber": {"uri": "http://x"}, "reply": {"uri": "/r"}}]},
     "invalid value: {0xc000010000 {<nil> http://x <nil> <nil>} 0xc000010000 <nil>}: spec.branches.filter[1], "
     "spec.branches.reply[1]"),
    # Without a channel template Knative stops before validating the reply.
    ({"branches": [{"subscriber": {"ref": KSVC_NS}}], "reply": {}}, "missing field(s): spec.channelTemplate"),
    ({"channelTemplate": {}, "branches": [{"subscriber": {"ref": KSVC_NS}}]},
     "missing field(s): spec.channelTemplate.apiVersion, spec.channelTemplate.kind"),
    ({"channelTemplate": IMC, "branches": [{"subscriber": {"ref": KSVC_NS}}], "reply": {}},
     "expected at least one, got none: spec.reply.ref, spec.reply.uri"),
])
def test_parallel_validate(spec: dict[str, Any], want: str) -> None:
    assert render(parallel.validate(new("Parallel", spec), None, ctx())) == want


@pytest.mark.parametrize("conditions", [sequence.CONDITIONS, parallel.CONDITIONS])
def test_conditions(conditions: Any) -> None:
    status: dict[str, Any] = {}
    m = conditions.manage(status)
    m.initialize()
    assert [c["type"] for c in status["conditions"]] == ["Addressable", "ChannelsReady", "Ready",
                                                         "SubscriptionsReady"]
    m.mark_false("ChannelsReady", "ChannelsNotReady", "Channels are not ready yet, or there are none")
    assert (m.get("Ready") or {}).get("status") == "False"
