"""Trigger defaulting, validation (filters, annotations, immutability) and conditions."""

from __future__ import annotations

import types
from typing import Any

import pytest

from knlite.apis.admission import StaticContext
from knlite.apis.eventing import trigger
from knlite.config.types import ConfigView, EventingFeaturesConfig

KSVC = {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": "event-display"}


def new_trigger(spec: dict[str, Any] | None = None, annotations: dict[str, str] | None = None,
                labels: dict[str, str] | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": "t", "namespace": "default"}
    if annotations is not None:
        meta["annotations"] = annotations
    if labels is not None:
        meta["labels"] = labels
    o: dict[str, Any] = {"apiVersion": "eventing.knative.dev/v1", "kind": "Trigger", "metadata": meta}
    o["spec"] = {"broker": "default", "subscriber": {"ref": dict(KSVC)}} if spec is None else spec
    return o


def ctx(**flags: str) -> StaticContext:
    return StaticContext(config=ConfigView(eventing_features=EventingFeaturesConfig(flags=flags)))


def render(err: Any) -> str:
    return str(err) if err else ""


# -- defaulting -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("spec", "labels", "want_spec", "want_labels"), [
    ({"broker": "default", "subscriber": {"ref": dict(KSVC)}}, None,
     {"broker": "default", "filter": {}, "subscriber": {"ref": {**KSVC, "namespace": "default"}}},
     {"eventing.knative.dev/broker": "default"}),
    ({"broker": "b", "filter": {"attributes": {"type": "x"}}, "subscriber": {"uri": "http://x"}}, {"app": "a"},
     {"broker": "b", "filter": {"attributes": {"type": "x"}}, "subscriber": {"uri": "http://x"}},
     {"app": "a", "eventing.knative.dev/broker": "b"}),
    ({"broker": "b", "subscriber": {"ref": {**KSVC, "namespace": "other"}}}, None,
     {"broker": "b", "filter": {}, "subscriber": {"ref": {**KSVC, "namespace": "other"}}},
     {"eventing.knative.dev/broker": "b"}),
    # The label follows spec.broker.
    ({"broker": "b", "subscriber": {"uri": "http://x"}}, {"eventing.knative.dev/broker": "old"},
     {"broker": "b", "filter": {}, "subscriber": {"uri": "http://x"}}, {"eventing.knative.dev/broker": "b"}),
    # No broker, no label.
    ({"subscriber": {"uri": "http://x"}}, None, {"filter": {}, "subscriber": {"uri": "http://x"}}, None),
    ({"broker": "b", "subscriber": {"uri": "http://x"},
      "delivery": {"deadLetterSink": {"ref": {"apiVersion": "v1", "kind": "Service", "name": "dls"}}}}, None,
     {"broker": "b", "filter": {}, "subscriber": {"uri": "http://x"},
      "delivery": {"deadLetterSink": {"ref": {"apiVersion": "v1", "kind": "Service", "name": "dls",
                                              "namespace": "default"}}}},
     {"eventing.knative.dev/broker": "b"}),
])
def test_default(spec: dict[str, Any], labels: dict[str, str] | None, want_spec: dict[str, Any],
                 want_labels: dict[str, str] | None) -> None:
    o = new_trigger(spec, labels=labels)
    trigger.default(o, None, ctx())
    assert o["spec"] == want_spec
    assert o["metadata"].get("labels") == want_labels


# -- validation ----------------------------------------------------------------------------------

ATTR_DETAILS = "Attribute name must start with a letter and can only contain lowercase alphanumeric"


def with_spec(**fields: Any) -> dict[str, Any]:
    return {"broker": "default", "subscriber": {"ref": dict(KSVC)}, **fields}


@pytest.mark.parametrize(("spec", "want"), [
    (with_spec(), ""),
    (with_spec(filter={"attributes": {"type": "com.example", "source": "", "myext1": "x"}}), ""),
    ({"subscriber": {"ref": dict(KSVC)}}, "missing field(s): spec.broker"),
    ({"broker": "default"}, "expected at least one, got none: spec.subscriber.ref, spec.subscriber.uri"),
    (with_spec(subscriber={"ref": {"kind": "Service", "name": "x"}}), "missing field(s): spec.subscriber.ref.apiVersion"),
    # The subscriber ref may name another namespace: Trigger validation sets no parent.
    (with_spec(subscriber={"ref": {**KSVC, "namespace": "elsewhere"}}), ""),
    (with_spec(subscriber={"ref": dict(KSVC), "uri": "/path"}), ""),
    (with_spec(filter={"attributes": {"Type": "x"}}),
     f'invalid key name "Type": spec.filter.attributes[Type]\n{ATTR_DETAILS}'),
    (with_spec(filter={"attributes": {"1abc": "x", "my-ext": "y"}}),
     f'invalid key name "1abc": spec.filter.attributes[1abc]\n{ATTR_DETAILS}\n'
     f'invalid key name "my-ext": spec.filter.attributes[my-ext]\n{ATTR_DETAILS}'),
    (with_spec(delivery={"retry": -1, "backoffPolicy": "sometimes"}),
     "invalid value: -1: spec.delivery.retry\ninvalid value: sometimes: spec.delivery.backoffPolicy"),
    # Subscriptions API filters.
    (with_spec(filters=[{"exact": {"type": "a"}}, {"prefix": {"source": "b"}}, {"suffix": {"subject": "c"}},
                        {"not": {"exact": {"type": "d"}}}, {"any": [{"exact": {"type": "e"}}, {"cesql": "x"}]},
                        {"all": []}, {}]), ""),
    (with_spec(filters=[{"exact": {"type": "a"}, "prefix": {"source": "b"}}]),
     "multiple dialects found, filters can have only one dialect set: "),
    (with_spec(filters=[{"cesql": "type = 'x'", "not": {"exact": {"type": "y"}}}]),
     "multiple dialects found, filters can have only one dialect set: "),
    (with_spec(filters=[{"exact": {"Type": "a"}}]), f'invalid key name "Type": spec.filters[0].exact[Type]\n{ATTR_DETAILS}'),
    # Knative re-applies later indexes to the errors already collected.
    (with_spec(filters=[{"exact": {"Type": "a"}}, {"prefix": {"Source": "b"}}]),
     f'invalid key name "Source": spec.filters[1].prefix[Source]\n{ATTR_DETAILS}\n'
     f'invalid key name "Type": spec.filters[1][0].exact[Type]\n{ATTR_DETAILS}'),
    (with_spec(filters=[{"all": [{"suffix": {"A": "x"}}]}]),
     f'invalid key name "A": spec.filters[0].all[0].suffix[A]\n{ATTR_DETAILS}'),
    (with_spec(filters=[{"any": [{"exact": {"a": "x"}, "suffix": {"b": "y"}}]}]),
     "multiple dialects found, filters can have only one dialect set: "),
    (with_spec(filters=[{"not": {"prefix": {"B-c": "x"}}}]),
     f'invalid key name "B-c": spec.filters[0].not.prefix[B-c]\n{ATTR_DETAILS}'),
])
def test_validate(spec: dict[str, Any], want: str) -> None:
    assert render(trigger.validate(new_trigger(spec), None, ctx())) == want


def test_filters_are_not_validated_without_the_feature() -> None:
    o = new_trigger(with_spec(filters=[{"exact": {"Type": "a"}, "prefix": {"b": "c"}}]))
    assert trigger.validate(o, None, ctx(**{"new-trigger-filters": "disabled"})) is None


def test_cesql_must_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    def parse(expression: str) -> object:
        if "(" in expression:
            raise ValueError("mismatched input '<EOF>' expecting ')'")
        return object()

    monkeypatch.setitem(__import__("sys").modules, "knlite.eventing.cesql", types.SimpleNamespace(parse=parse))
    ok = new_trigger(with_spec(filters=[{"cesql": "type = 'a'"}]))
    bad = new_trigger(with_spec(filters=[{"cesql": "LOWER(type"}]))
    assert trigger.validate(ok, None, ctx()) is None
    assert render(trigger.validate(bad, None, ctx())) == (
        "invalid value: LOWER(type: spec.filters[0].cesql\nmismatched input '<EOF>' expecting ')'")


DEP = "metadata.annotations[knative.dev/dependency]"
INJ = "metadata.annotations[eventing.knative.dev/injection]"


@pytest.mark.parametrize(("annotations", "broker", "want"), [
    ({"knative.dev/dependency": '{"kind":"PingSource","name":"p","apiVersion":"sources.knative.dev/v1"}'},
     "default", ""),
    ({"knative.dev/dependency": '{"kind":"PingSource","name":"p","apiVersion":"v1","namespace":"default"}'},
     "default", ""),
    ({"knative.dev/dependency": '{"kind":"PingSource"}'}, "default", f"missing field(s): {DEP}.apiVersion, {DEP}.name"),
    ({"knative.dev/dependency": '{"kind":"K","name":"n","apiVersion":"v1","namespace":"other"}'}, "default",
     f'Namespace must be empty or equal to the trigger namespace "default": {DEP}.namespace'),
    ({"knative.dev/dependency": "nope"}, "default",
     f'The provided annotation was not a corev1.ObjectReference: "nope": {DEP}\n'
     "invalid character 'o' in literal null (expecting 'u')"),
    ({"knative.dev/dependency": "{not json"}, "default",
     f'The provided annotation was not a corev1.ObjectReference: "{{not json": {DEP}\n'
     "invalid character 'n' looking for beginning of object key string"),
    ({"knative.dev/dependency": ""}, "default",
     f'The provided annotation was not a corev1.ObjectReference: "": {DEP}\nunexpected end of JSON input'),
    ({"knative.dev/dependency": '"a string"'}, "default",
     f'The provided annotation was not a corev1.ObjectReference: "\\"a string\\"": {DEP}\n'
     "json: cannot unmarshal string into Go value of type v1.ObjectReference"),
    ({"knative.dev/dependency": '{"kind": 1}'}, "default",
     f'The provided annotation was not a corev1.ObjectReference: "{{\\"kind\\": 1}}": {DEP}\n'
     "json: cannot unmarshal number into Go struct field ObjectReference.kind of type string"),
    ({"eventing.knative.dev/injection": "enabled"}, "default", ""),
    ({"eventing.knative.dev/injection": "disabled"}, "default", ""),
    ({"eventing.knative.dev/injection": "yes"}, "default",
     f'The provided injection annotation value can only be "enabled" or "disabled", not "yes": {INJ}'),
    ({"eventing.knative.dev/injection": "enabled"}, "other",
     "The provided injection annotation is only used for default broker, but non-default broker specified here: "
     f'"other": {INJ}'),
])
def test_validate_annotations(annotations: dict[str, str], broker: str, want: str) -> None:
    o = new_trigger(with_spec(broker=broker), annotations=annotations)
    assert render(trigger.validate(o, None, ctx())) == want


@pytest.mark.parametrize(("old_spec", "new_spec", "want"), [
    (with_spec(), with_spec(filter={"attributes": {"type": "x"}}, subscriber={"uri": "http://x"}), ""),
    (with_spec(), with_spec(broker="other"),
     'Immutable fields changed (-old +new): broker, spec\n{string}:\n\t-: "default"\n\t+: "other"\n'),
])
def test_validate_update(old_spec: dict[str, Any], new_spec: dict[str, Any], want: str) -> None:
    assert render(trigger.validate(new_trigger(new_spec), new_trigger(old_spec), ctx())) == want


# -- RabbitMQ brokers -------------------------------------------------------------------------------

PARALLELISM = "rabbitmq.eventing.knative.dev/parallelism"


def rabbit_ctx(broker_class: str = "RabbitMQBroker") -> StaticContext:
    c = ctx()
    c.add({"apiVersion": "eventing.knative.dev/v1", "kind": "Broker",
           "metadata": {"name": "default", "namespace": "default",
                        "annotations": {"eventing.knative.dev/broker.class": broker_class}}})
    return c


@pytest.mark.parametrize(("value", "broker_class", "want"), [
    ("10", "RabbitMQBroker", ""),
    ("1000", "RabbitMQBroker", ""),
    ("0", "RabbitMQBroker", f"expected 1 <= 0 <= 1000: {PARALLELISM}"),
    ("1001", "RabbitMQBroker", f"expected 1 <= 1001 <= 1000: {PARALLELISM}"),
    ("ten", "RabbitMQBroker", f"Failed to parse valid int from parallelismAnnotation: annotations, metadata, "
                              f'{PARALLELISM}\nstrconv.Atoi: parsing "ten": invalid syntax'),
    # Only triggers of a RabbitMQ broker are checked.
    ("0", "MTChannelBasedBroker", ""),
])
def test_rabbitmq_parallelism(value: str, broker_class: str, want: str) -> None:
    o = new_trigger(annotations={PARALLELISM: value})
    assert render(trigger.validate(o, None, rabbit_ctx(broker_class))) == want


def test_rabbitmq_filter_is_immutable() -> None:
    old = new_trigger(with_spec(filter={"attributes": {"type": "a"}}))
    new = new_trigger(with_spec(filter={"attributes": {"type": "b"}}))
    assert render(trigger.validate(new, old, rabbit_ctx())) == (
        'Immutable fields changed (-old +new): filter, spec\n{*v1.TriggerFilter}.Attributes["type"]:\n'
        '\t-: "a"\n\t+: "b"\n')
    assert trigger.validate(new, old, rabbit_ctx("MTChannelBasedBroker")) is None


# -- conditions -------------------------------------------------------------------------------------


def test_conditions() -> None:
    status: dict[str, Any] = {}
    m = trigger.CONDITIONS.manage(status)
    m.initialize()
    assert [c["type"] for c in status["conditions"]] == [
        "BrokerReady", "DeadLetterSinkResolved", "DependencyReady", "OIDCIdentityCreated", "Ready",
        "SubscriberResolved", "SubscriptionReady"]
    for t in trigger.CONDITIONS.dependents:
        m.mark_true(t)
    assert m.is_happy()
    m.mark_false("BrokerReady", "BrokerDoesNotExist", 'Broker "default" does not exist')
    assert (m.get("Ready") or {}).get("reason") == "BrokerDoesNotExist"
