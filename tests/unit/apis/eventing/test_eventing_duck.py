"""Shared duck types: durations, references, destinations, delivery, sources, channelables, diffs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from knlite.apis import duck
from knlite.apis.admission import StaticContext
from knlite.apis.fielderrors import FieldError
from knlite.config.types import ChannelDefaultsConfig, ChannelTemplate, ConfigView, EventingFeaturesConfig


def render(err: FieldError | None) -> str:
    return str(err) if err else ""


def ctx_with(**flags: str) -> StaticContext:
    return StaticContext(config=ConfigView(eventing_features=EventingFeaturesConfig(flags=flags)))


# -- ISO-8601 durations -----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "seconds"), [
    ("PT0.2S", 0.2),
    ("PT0,5S", 0.5),
    ("PT1S", 1),
    ("PT1M", 60),
    ("PT1H", 3600),
    ("PT1H30M", 5400),
    ("P1D", 86400),
    ("P1W", 7 * 86400),
    ("P1DT1S", 86401),
    ("PT168H", 168 * 3600),
    ("P1M", 2629746),
    ("P1Y", 31556952),
    ("P0", 0),
    ("PT0S", 0),
    ("-PT5S", -5),
    ("+PT5S", 5),
])
def test_parse_iso8601_duration(text: str, seconds: float) -> None:
    assert duck.iso8601_seconds(text) == pytest.approx(seconds)
    assert duck.parse_iso8601_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "-", "P", "PT", "1S", "PT1", "P1S", "P1H", "PT1D", "1m", "5s", "PTS", "xPT1S"])
def test_parse_iso8601_duration_rejects(text: str) -> None:
    with pytest.raises(duck.DurationError):
        duck.parse_iso8601_duration(text)


# -- KReference ---------------------------------------------------------------------------------------

GOOD_REF = {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": "hello"}


@pytest.mark.parametrize(("ref", "scope", "want"), [
    (GOOD_REF, duck.RefScope(), ""),
    (None, duck.RefScope(), "missing field(s): apiVersion, kind, name"),
    ({}, duck.RefScope(), "missing field(s): apiVersion, kind, name"),
    ({"kind": "Service", "name": "a"}, duck.RefScope(), "missing field(s): apiVersion"),
    ({**GOOD_REF, "namespace": "other"}, duck.RefScope("default"),
     'mismatched namespaces: namespace\nparent namespace: "default" does not match ref: "other"'),
    ({**GOOD_REF, "namespace": "other"}, duck.RefScope(), ""),
    ({**GOOD_REF, "namespace": "default"}, duck.RefScope("default"), ""),
    ({**GOOD_REF, "group": "serving.knative.dev"}, duck.RefScope(), "must not set the field(s): group"),
    ({"kind": "Service", "name": "a", "group": "serving.knative.dev"}, duck.RefScope(allow_group=True), ""),
    ({"kind": "Service", "name": "a"}, duck.RefScope(allow_group=True), "missing field(s): apiVersion, group"),
    ({**GOOD_REF, "group": "messaging.knative.dev"}, duck.RefScope(allow_group=True),
     "both apiVersion and group are specified and they refer to different API groups: apiVersion, group\n"
     "Only one of them must be specified"),
])
def test_validate_kreference(ref: Any, scope: duck.RefScope, want: str) -> None:
    assert render(duck.validate_kreference(ref, scope)) == want


def test_ref_scope_reads_the_kreference_group_feature() -> None:
    assert duck.RefScope.of(ctx_with(), "ns") == duck.RefScope("ns", False)
    assert duck.RefScope.of(ctx_with(**{"kreference-group": "enabled"})).allow_group


# -- Destination ---------------------------------------------------------------------------------------

PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUNmw=\n-----END CERTIFICATE-----\n"


@pytest.mark.parametrize(("dest", "want"), [
    ({"ref": GOOD_REF}, ""),
    ({"uri": "http://example.com/path"}, ""),
    ({"ref": GOOD_REF, "uri": "/custom-path"}, ""),
    (None, "expected at least one, got none: sink.ref, sink.uri"),
    ({}, "expected at least one, got none: sink.ref, sink.uri"),
    ({"ref": None, "uri": None}, "expected at least one, got none: sink.ref, sink.uri"),
    ({"ref": GOOD_REF, "uri": "http://example.com"},
     "Absolute URI is not allowed when Ref or [apiVersion, kind, name] is present: "
     "sink.ref, sink.uri, sink[apiVersion, kind, name]"),
    ({"uri": "/relative"},
     "invalid value: Relative URI is not allowed when Ref and [apiVersion, kind, name] is absent: sink.uri"),
    ({"uri": "http:opaque"},
     "invalid value: Relative URI is not allowed when Ref and [apiVersion, kind, name] is absent: sink.uri"),
    ({"uri": ""},
     "invalid value: Relative URI is not allowed when Ref and [apiVersion, kind, name] is absent: sink.uri"),
    ({"ref": {"kind": "Service"}}, "missing field(s): sink.ref.apiVersion, sink.ref.name"),
    ({"uri": "https://example.com", "CACerts": PEM}, ""),
    ({"uri": "https://example.com", "CACerts": "garbage"}, "invalid value: CA Cert provided is invalid: sink.caCert"),
    ({"uri": "https://example.com", "CACerts": "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----"},
     "invalid value: CA Cert provided is not a certificate: sink.caCert"),
])
def test_validate_destination(dest: Any, want: str) -> None:
    assert render(duck.validate_destination(dest).via_field("sink")) == want


def test_validate_destination_checks_ref_namespace_in_scope() -> None:
    dest = {"ref": {**GOOD_REF, "namespace": "b"}}
    assert render(duck.validate_destination(dest, duck.RefScope("a")).via_field("subscriber")) == (
        'mismatched namespaces: subscriber.ref.namespace\nparent namespace: "a" does not match ref: "b"')


@pytest.mark.parametrize(("dest", "want"), [
    ({"ref": {"name": "x"}}, {"ref": {"name": "x", "namespace": "ns"}}),
    ({"ref": {"name": "x", "namespace": "other"}}, {"ref": {"name": "x", "namespace": "other"}}),
    ({"uri": "http://x"}, {"uri": "http://x"}),
])
def test_default_destination(dest: dict[str, Any], want: dict[str, Any]) -> None:
    duck.default_destination(dest, "ns")
    assert dest == want


def test_default_destination_without_namespace_adds_nothing() -> None:
    dest: dict[str, Any] = {"ref": {"name": "x"}}
    duck.default_destination(dest, "")
    assert dest == {"ref": {"name": "x"}}


@pytest.mark.parametrize(("dest", "empty"), [
    (None, True), ({}, True), ({"ref": None}, True), ({"uri": "http://x"}, False), ({"ref": {}}, False),
])
def test_is_empty_destination(dest: Any, empty: bool) -> None:
    assert duck.is_empty_destination(dest) is empty


# -- DeliverySpec ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("delivery", "flags", "want"), [
    ({"retry": 10, "backoffPolicy": "exponential", "backoffDelay": "PT0.2S"}, {}, ""),
    ({"retry": 0, "backoffPolicy": "linear", "backoffDelay": "PT1S", "timeout": "PT10S"}, {}, ""),
    ({"retry": -1}, {}, "invalid value: -1: delivery.retry"),
    ({"backoffPolicy": "fibonacci"}, {}, "invalid value: fibonacci: delivery.backoffPolicy"),
    ({"backoffDelay": "1s"}, {}, "invalid value: 1s: delivery.backoffDelay"),
    ({"timeout": "PT0S"}, {}, "invalid value: PT0S: delivery.timeout"),
    ({"timeout": "10s"}, {}, "invalid value: 10s: delivery.timeout"),
    ({"timeout": "PT10S"}, {"delivery-timeout": "disabled"}, "must not set the field(s): delivery.timeout"),
    ({"retryAfterMax": "PT30S"}, {}, "must not set the field(s): delivery.retryAfterMax"),
    ({"retryAfterMax": "PT30S"}, {"delivery-retryafter": "enabled"}, ""),
    ({"retryAfterMax": "PT0S"}, {"delivery-retryafter": "enabled"}, ""),
    ({"retryAfterMax": "-PT1S"}, {"delivery-retryafter": "enabled"}, "invalid value: -PT1S: delivery.retryAfterMax"),
    ({"deadLetterSink": {}}, {}, "expected at least one, got none: delivery.deadLetterSink.ref, "
                                 "delivery.deadLetterSink.uri"),
    ({"deadLetterSink": {"uri": "http://dls.example.com"}}, {}, ""),
    ({"retry": -1, "backoffPolicy": "x"}, {},
     "invalid value: -1: delivery.retry\ninvalid value: x: delivery.backoffPolicy"),
])
def test_validate_delivery(delivery: dict[str, Any], flags: dict[str, str], want: str) -> None:
    assert render(duck.validate_delivery(delivery, ctx_with(**flags)).via_field("delivery")) == want


def test_default_delivery_defaults_the_dead_letter_sink_namespace() -> None:
    delivery: dict[str, Any] = {"deadLetterSink": {"ref": {"name": "dls"}}}
    duck.default_delivery(delivery, "ns")
    assert delivery == {"deadLetterSink": {"ref": {"name": "dls", "namespace": "ns"}}}


# -- Sources -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("overrides", "want"), [
    (None, ""),
    ({"extensions": {"foo": "bar", "Abc123": "x"}}, ""),
    ({"extensions": {"": "x"}}, 'invalid key name "": ceOverrides.extensions\nkeys MUST NOT be empty'),
    ({"extensions": {"foo-bar": "x"}},
     'invalid key name "foo-bar": ceOverrides.extensions\nkeys are expected to be alphanumeric'),
    ({"extensions": {"b_b": "x", "a.a": "y"}},
     'invalid key name "a.a": ceOverrides.extensions\nkeys are expected to be alphanumeric'),
])
def test_validate_ce_overrides(overrides: Any, want: str) -> None:
    assert render(duck.validate_ce_overrides(overrides).via_field("ceOverrides")) == want


def test_validate_source_spec() -> None:
    spec = {"ceOverrides": {"extensions": {"x-y": "1"}}}
    assert render(duck.validate_source_spec(spec).via_field("spec")) == (
        'expected at least one, got none: spec.sink.ref, spec.sink.uri\n'
        'invalid key name "x-y": spec.ceOverrides.extensions\nkeys are expected to be alphanumeric')


# -- Channelable ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("annotations", "want"), [
    ({}, ""),
    ({"eventing.knative.dev/scope": "cluster"}, ""),
    ({"eventing.knative.dev/scope": "namespace"}, ""),
    # Knative's path flattening splits the key at its dots, hence "annotations.[" (as in its own tests).
    ({"eventing.knative.dev/scope": "resource"},
     "invalid value: resource: metadata.annotations.[eventing.knative.dev/scope]\n"
     "expected either 'cluster' or 'namespace'"),
])
def test_validate_scope_annotation(annotations: dict[str, str], want: str) -> None:
    assert render(duck.validate_scope_annotation({"metadata": {"annotations": annotations}})) == want


def test_validate_subscribers() -> None:
    spec = {"subscribers": [{"uid": "a", "subscriberUri": "http://x"}, {"uid": "b"}, {"uid": "c", "replyUri": "http://r"}]}
    assert render(duck.validate_subscribers(spec).via_field("spec")) == (
        "missing field(s): spec.subscribable.subscriber[1].replyURI, spec.subscribable.subscriber[1].subscriberURI\n"
        "expected at least one of, got none")


def test_default_subscribable_annotation_keeps_an_existing_value() -> None:
    o: dict[str, Any] = {"metadata": {}}
    duck.default_subscribable_annotation(o)
    assert o["metadata"]["annotations"] == {"messaging.knative.dev/subscribable": "v1"}
    o["metadata"]["annotations"]["messaging.knative.dev/subscribable"] = "v1beta1"
    duck.default_subscribable_annotation(o)
    assert o["metadata"]["annotations"] == {"messaging.knative.dev/subscribable": "v1beta1"}


@pytest.mark.parametrize(("namespace", "want"), [
    ("default", {"apiVersion": "messaging.knative.dev/v1", "kind": "InMemoryChannel"}),
    ("event-demo", {"apiVersion": "messaging.knative.dev/v1beta1", "kind": "KafkaChannel",
                    "spec": {"numPartitions": 5, "replicationFactor": 1}}),
])
def test_default_channel_template(namespace: str, want: dict[str, Any]) -> None:
    config = ConfigView(ch_defaults=ChannelDefaultsConfig(
        cluster_default=ChannelTemplate(),
        namespace_defaults={"event-demo": ChannelTemplate("messaging.knative.dev/v1beta1", "KafkaChannel",
                                                          {"numPartitions": 5, "replicationFactor": 1})}))
    assert duck.default_channel_template(StaticContext(config=config), namespace) == want


def test_default_channel_template_without_defaults() -> None:
    config = ConfigView(ch_defaults=ChannelDefaultsConfig(cluster_default=None))
    assert duck.default_channel_template(StaticContext(config=config), "default") is None


@pytest.mark.parametrize(("tpl", "want"), [
    ({"apiVersion": "messaging.knative.dev/v1", "kind": "InMemoryChannel"}, ""),
    ({"apiVersion": "messaging.knative.dev/v1"}, "missing field(s): channelTemplate.kind"),
    ({}, "missing field(s): channelTemplate.apiVersion, channelTemplate.kind"),
])
def test_validate_channel_template(tpl: dict[str, Any], want: str) -> None:
    assert render(duck.validate_channel_template(tpl).via_field("channelTemplate")) == want


# -- Go renderings --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("s", "want"), [
    ("plain", '"plain"'),
    ('say "hi"', '"say \\"hi\\""'),
    ("tab\there", '"tab\\there"'),
    ("new\nline", '"new\\nline"'),
    ("\x01", '"\\x01"'),
    ("café", '"café"'),
    ("back\\slash", '"back\\\\slash"'),
])
def test_go_quote(s: str, want: str) -> None:
    assert duck.go_quote(s) == want


@pytest.mark.parametrize(("text", "want"), [
    ('{"a": 1}', None),
    ("null", None),
    ("", "unexpected end of JSON input"),
    ("{", "unexpected end of JSON input"),
    ('{"a": "b', "unexpected end of JSON input"),
    ("hello", "invalid character 'h' looking for beginning of value"),
    ("{a: 1}", "invalid character 'a' looking for beginning of object key string"),
    ('{"a" 1}', "invalid character '1' after object key"),
    ('{"a": 1 "b": 2}', "invalid character '\"' after object key:value pair"),
    ("[1 2]", "invalid character '2' after array element"),
    ("{} x", "invalid character 'x' after top-level value"),
    ('"text"', "json: cannot unmarshal string into Go value of type map[string]interface {}"),
    ("42", "json: cannot unmarshal number into Go value of type map[string]interface {}"),
    ("[1]", "json: cannot unmarshal array into Go value of type map[string]interface {}"),
    ("true", "json: cannot unmarshal bool into Go value of type map[string]interface {}"),
])
def test_go_json_error(text: str, want: str | None) -> None:
    assert duck.go_json_error(text) == want


@pytest.mark.parametrize(("old", "new", "root", "kwargs", "want"), [
    ("a", "a", "string", {}, ""),
    ("default", "other", "string", {}, '{string}:\n\t-: "default"\n\t+: "other"\n'),
    ({"config": {"name": "a"}}, {"config": {"name": "b"}}, "v1.BrokerSpec", {},
     '{v1.BrokerSpec}.Config.Name:\n\t-: "a"\n\t+: "b"\n'),
    ({"channel": {"apiVersion": "messaging.knative.dev/v1"}}, {"channel": {"apiVersion": "v1"}},
     "v1.SubscriptionSpec", {}, '{v1.SubscriptionSpec}.Channel.APIVersion:\n\t-: "messaging.knative.dev/v1"\n'
                                '\t+: "v1"\n'),
    ({"delivery": {"retry": 1}}, {"delivery": {"retry": 2}}, "v1.ChannelSpec",
     {"inline": {"delivery": "ChannelableSpec"}}, '*{v1.ChannelSpec}.ChannelableSpec.Delivery.Retry:\n\t-: "1"\n'
                                                   '\t+: "2"\n'),
    ({"attributes": {"type": "a"}}, {"attributes": {"type": "a", "source": "s"}}, "*v1.TriggerFilter",
     {"maps": ["attributes"]}, '{*v1.TriggerFilter}.Attributes["source"]:\n\t+: "s"\n'),
    ({}, {"config": {"kind": "ConfigMap", "name": "c"}}, "v1.BrokerSpec", {},
     '{v1.BrokerSpec}.Config:\n\t-: "<nil>"\n\t+: "&{Kind:ConfigMap Name:c}"\n'),
])
def test_short_diff(old: Any, new: Any, root: str, kwargs: dict[str, Any], want: str) -> None:
    assert duck.short_diff(old, new, root, **kwargs) == want
