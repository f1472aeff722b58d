"""EventType (v1beta2 and v1beta1) and RabbitmqBrokerConfig."""

from __future__ import annotations

from typing import Any

import pytest

from knlite.apis.admission import StaticContext
from knlite.apis.eventing import eventtype, rabbitmqbrokerconfig


def render(err: Any) -> str:
    return str(err) if err else ""


def new_eventtype(version: str, spec: dict[str, Any]) -> dict[str, Any]:
    return {"apiVersion": f"eventing.knative.dev/{version}", "kind": "EventType",
            "metadata": {"name": "et", "namespace": "default"}, "spec": spec}


BROKER_REF = {"apiVersion": "eventing.knative.dev/v1", "kind": "Broker", "name": "default"}


@pytest.mark.parametrize(("version", "spec", "want"), [
    ("v1beta2", {"type": "t", "reference": dict(BROKER_REF)}, {"type": "t", "reference": {**BROKER_REF,
                                                                                        "namespace": "default"}}),
    ("v1beta2", {"type": "t"}, {"type": "t"}),
    ("v1beta2", {"type": "t", "reference": {**BROKER_REF, "namespace": "x"}},
     {"type": "t", "reference": {**BROKER_REF, "namespace": "x"}}),
    # v1beta1 predates references: it defaults the broker instead.
    ("v1beta1", {"type": "t"}, {"type": "t", "broker": "default"}),
    ("v1beta1", {"type": "t", "broker": "b"}, {"type": "t", "broker": "b"}),
    ("v1beta1", {"type": "t", "reference": dict(BROKER_REF)}, {"type": "t", "reference": dict(BROKER_REF)}),
])
def test_eventtype_default(version: str, spec: dict[str, Any], want: dict[str, Any]) -> None:
    o = new_eventtype(version, spec)
    eventtype.default(o, None, StaticContext())
    assert o["spec"] == want


@pytest.mark.parametrize(("spec", "want"), [
    ({"type": "dev.knative.sources.ping", "source": "/apis/v1/namespaces/default/pingsources/p"}, ""),
    ({"source": "s"}, "missing field(s): spec.type"),
    ({"type": ""}, "missing field(s): spec.type"),
])
def test_eventtype_validate(spec: dict[str, Any], want: str) -> None:
    assert render(eventtype.validate(new_eventtype("v1beta2", spec), None, StaticContext())) == want


def test_eventtype_spec_is_mutable() -> None:
    old = new_eventtype("v1beta2", {"type": "a"})
    new = new_eventtype("v1beta2", {"type": "b", "description": "changed"})
    assert eventtype.validate(new, old, StaticContext(operation="UPDATE")) is None


def test_eventtype_versions_and_columns() -> None:
    rt = eventtype.resource_type()
    assert rt.versions == ("v1beta2", "v1beta1")
    assert [c.name for c in rt.columns or ()] == [
        "Type", "Source", "Schema", "Reference Name", "Reference Kind", "Description", "Ready", "Reason"]
    o = new_eventtype("v1beta1", {"type": "t"})
    assert rt.to_version(o, "v1beta2")["apiVersion"] == "eventing.knative.dev/v1beta2"


def test_eventtype_conditions() -> None:
    status: dict[str, Any] = {}
    eventtype.CONDITIONS.manage(status).initialize()
    assert [c["type"] for c in status["conditions"]] == ["Ready", "ReferenceExists"]


# -- RabbitmqBrokerConfig ----------------------------------------------------------------------------


def new_rmq(spec: dict[str, Any]) -> dict[str, Any]:
    return {"apiVersion": "eventing.knative.dev/v1alpha1", "kind": "RabbitmqBrokerConfig",
            "metadata": {"name": "c", "namespace": "default"}, "spec": spec}


@pytest.mark.parametrize(("spec", "want"), [
    ({"rabbitmqClusterReference": {"name": "rmq"}},
     {"rabbitmqClusterReference": {"name": "rmq", "namespace": "default"}, "queueType": "quorum"}),
    ({"rabbitmqClusterReference": {"name": "rmq", "namespace": "rabbit"}, "queueType": "classic"},
     {"rabbitmqClusterReference": {"name": "rmq", "namespace": "rabbit"}, "queueType": "classic"}),
])
def test_rabbitmq_broker_config_default(spec: dict[str, Any], want: dict[str, Any]) -> None:
    o = new_rmq(spec)
    rabbitmqbrokerconfig.default(o, None, StaticContext())
    assert o["spec"] == want


@pytest.mark.parametrize(("spec", "want"), [
    ({"rabbitmqClusterReference": {"name": "rmq", "namespace": "default"}}, ""),
    ({"rabbitmqClusterReference": {"connectionSecret": {"name": "s"}}}, ""),
    ({}, "missing field(s): spec.rabbitmqClusterReference"),
    ({"rabbitmqClusterReference": {"namespace": "default"}}, "missing field(s): spec.rabbitmqClusterReference.name"),
    ({"rabbitmqClusterReference": {"name": "rmq", "connectionSecret": {"name": "s"}}},
     "rabbitmqClusterReference.name and rabbitmqClusterReference.connectionSecret must not be set simultaneously: "
     "connectionSecret, rabbitmqClusterReference, spec"),
])
def test_rabbitmq_broker_config_validate(spec: dict[str, Any], want: str) -> None:
    assert render(rabbitmqbrokerconfig.validate(new_rmq(spec), None, StaticContext())) == want


def test_rabbitmq_broker_config_is_immutable() -> None:
    old = new_rmq({"rabbitmqClusterReference": {"name": "a"}, "queueType": "quorum"})
    new = new_rmq({"rabbitmqClusterReference": {"name": "a"}, "queueType": "classic"})
    assert render(rabbitmqbrokerconfig.validate(new, old, StaticContext(operation="UPDATE"))) == (
        'Immutable fields changed: spec\n{v1alpha1.RabbitmqBrokerConfigSpec}.QueueType:\n\t-: "quorum"\n'
        '\t+: "classic"\n')
