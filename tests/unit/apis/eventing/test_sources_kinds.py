"""PingSource (with its cron parser), ContainerSource, ApiServerSource, SinkBinding, GitLabSource, KafkaSource."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from knlite.apis.admission import StaticContext
from knlite.apis.sources import (
    apiserversource,
    containersource,
    cron,
    gitlabsource,
    kafkasource,
    pingsource,
    sinkbinding,
)
from knlite.config.types import ConfigView, PingDefaultsConfig

KSVC = {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": "event-display"}
SINK = {"ref": dict(KSVC)}


def new(kind: str, spec: dict[str, Any], api_version: str = "sources.knative.dev/v1") -> dict[str, Any]:
    return {"apiVersion": api_version, "kind": kind, "metadata": {"name": "src", "namespace": "default"},
            "spec": spec}


def render(err: Any) -> str:
    return str(err) if err else ""


# -- cron -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", [
    "* * * * *", "*/10 * * * *", "0 0 1 1 *", "0 9-17 * * MON-FRI", "* * * JAN,jul sun", "0 */5 * * * *",
    "30 0 0 1 1 ?", "1,2,,3 * * * *", "5/15 * * * *", "@yearly", "@annually", "@monthly", "@weekly", "@daily",
    "@midnight", "@hourly", "@every 1m", "TZ=Europe/Paris 0 8 * * *", "CRON_TZ=UTC * * * * *",
])
def test_cron_parses(spec: str) -> None:
    cron.parse(spec)


@pytest.mark.parametrize(("spec", "message"), [
    ("", "empty spec string"),
    ("foo", "expected 5 to 6 fields, found 1: [foo]"),
    ("* * * *", "expected 5 to 6 fields, found 4: [* * * *]"),
    ("* * * * * * *", "expected 5 to 6 fields, found 7: [* * * * * * *]"),
    ("61 * * * *", "end of range (61) above maximum (59): 61"),
    ("* 24 * * *", "end of range (24) above maximum (23): 24"),
    ("* * 0 * *", "beginning of range (0) below minimum (1): 0"),
    ("* * * 13 *", "end of range (13) above maximum (12): 13"),
    ("* * * * 7", "end of range (7) above maximum (6): 7"),
    ("60 * * * * *", "end of range (60) above maximum (59): 60"),
    ("5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1"),
    ("*/0 * * * *", "step of range should be a positive number: */0"),
    ("1-2-3 * * * *", "too many hyphens: 1-2-3"),
    ("*/2/3 * * * *", "too many slashes: */2/3"),
    ("a * * * *", 'failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax'),
    ("-1 * * * *", 'failed to parse int from : strconv.Atoi: parsing "": invalid syntax'),
    ("* * * FOO *", 'failed to parse int from FOO: strconv.Atoi: parsing "FOO": invalid syntax'),
    ("@foo", "unrecognized descriptor: @foo"),
    ("@every 5x", 'failed to parse duration @every 5x: time: unknown unit "x" in duration "5x"'),
    ("TZ=Mars/Base * * * * *", "provided bad location Mars/Base: unknown time zone Mars/Base"),
    ("CRON_TZ=../etc * * * * *", "provided bad location ../etc: time: invalid location name"),
])
def test_cron_errors(spec: str, message: str) -> None:
    with pytest.raises(cron.CronError) as e:
        cron.parse(spec)
    assert str(e.value) == message


def test_cron_schedule_values() -> None:
    s = cron.parse("CRON_TZ=Europe/Paris */15 9-10 * * mon")
    assert s.second.values == {0}
    assert s.minute.values == {0, 15, 30, 45}
    assert s.hour.values == {9, 10}
    assert s.dom.star and s.month.star and not s.dow.star
    assert s.dow.values == {1}
    assert s.location == "Europe/Paris"
    assert cron.parse("@every 90s").every == 90 * 10**9


# -- PingSource ----------------------------------------------------------------------------------------


def ping(**fields: Any) -> dict[str, Any]:
    return new("PingSource", {"schedule": "* * * * *", "sink": dict(SINK), **fields})


B64_HELLO = base64.b64encode(b"hello").decode()
B64_JSON = base64.b64encode(b'{"message": "hi"}').decode()


@pytest.mark.parametrize(("spec", "want"), [
    ({}, {"schedule": "* * * * *"}),
    ({"schedule": ""}, {"schedule": "* * * * *"}),
    ({"schedule": "@hourly", "sink": SINK}, {"schedule": "@hourly", "sink": SINK}),
])
def test_pingsource_default(spec: dict[str, Any], want: dict[str, Any]) -> None:
    o = new("PingSource", spec)
    pingsource.default(o, None, StaticContext())
    assert o["spec"] == want


@pytest.mark.parametrize(("fields", "want"), [
    ({}, ""),
    ({"contentType": "application/json", "data": '{"message": "Hello Eventing!"}'}, ""),
    ({"contentType": "text/plain", "data": "not json"}, ""),
    ({"dataBase64": B64_HELLO}, ""),
    ({"contentType": "application/json", "dataBase64": B64_JSON}, ""),
    ({"timezone": "Europe/Paris"}, ""),
    ({"schedule": "0 0 12 * * ?"}, ""),
    ({"sink": None}, "expected at least one, got none: spec.sink.ref, spec.sink.uri"),
    ({"schedule": "* * * *"}, "invalid value: expected 5 to 6 fields, found 4: [* * * *]: spec.schedule"),
    ({"schedule": ""}, "invalid value: empty spec string: spec.schedule"),
    ({"schedule": "@every 1m"}, "invalid value: unsupported descriptor @every: spec.schedule"),
    ({"schedule": "@every"},
     "invalid value: unrecognized descriptor: @every: spec.schedule\n"
     "invalid value: unsupported descriptor @every: spec.schedule"),
    ({"timezone": "Mars/Olympus"},
     "invalid value: provided bad location Mars/Olympus: unknown time zone Mars/Olympus: spec.timezone"),
    ({"schedule": "CRON_TZ=Nowhere * * * * *"},
     "invalid value: provided bad location Nowhere: unknown time zone Nowhere: spec.timezone"),
    ({"data": "a", "dataBase64": B64_HELLO}, "expected exactly one, got both: spec.data, spec.dataBase64"),
    ({"dataBase64": "abc"}, "invalid value: illegal base64 data at input byte 0: spec.dataBase64"),
    ({"dataBase64": "aGVsbG8"}, "invalid value: illegal base64 data at input byte 4: spec.dataBase64"),
    ({"dataBase64": "aGV$bG8="}, "invalid value: illegal base64 data at input byte 3: spec.dataBase64"),
    ({"dataBase64": "aGVsbA=x"}, "invalid value: illegal base64 data at input byte 6: spec.dataBase64"),
    ({"dataBase64": "aGVsbG8=\n"}, ""),
    ({"contentType": "application/json", "data": "hello"},
     "invalid value: invalid character 'h' looking for beginning of value: spec.data"),
    ({"contentType": "application/json", "data": '"a string"'},
     "invalid value: json: cannot unmarshal string into Go value of type map[string]interface {}: spec.data"),
    ({"contentType": "application/json", "dataBase64": B64_HELLO},
     "invalid value: invalid character 'h' looking for beginning of value: spec.dataBase64"),
    ({"ceOverrides": {"extensions": {"bad-key": "v"}}},
     'invalid key name "bad-key": spec.ceOverrides.extensions\nkeys are expected to be alphanumeric'),
])
def test_pingsource_validate(fields: dict[str, Any], want: str) -> None:
    assert render(pingsource.validate(ping(**fields), None, StaticContext())) == want


@pytest.mark.parametrize(("fields", "want"), [
    ({"data": "0123456789"}, ""),
    ({"data": "0123456789A"}, "invalid value: the data length of 11 bytes exceeds limit set at 10.: spec.data"),
    ({"dataBase64": "aGVsbG8gd29ybGQ="},
     "invalid value: the dataBase64 length of 16 bytes exceeds limit set at 10.: spec.dataBase64"),
])
def test_pingsource_data_max_size(fields: dict[str, Any], want: str) -> None:
    ctx = StaticContext(config=ConfigView(ping=PingDefaultsConfig(data_max_size=10)))
    assert render(pingsource.validate(ping(**fields), None, ctx)) == want


def test_pingsource_serves_v1beta2() -> None:
    rt = pingsource.resource_type()
    assert rt.versions == ("v1", "v1beta2")
    assert [c.name for c in rt.columns or ()] == ["Sink", "Schedule", "Age", "Ready", "Reason"]
    assert pingsource.event_source("default", "ping") == "/apis/v1/namespaces/default/pingsources/ping"


@pytest.mark.parametrize(("text", "error"), [
    ("", None), ("aGVsbG8=", None), ("aGVsbA==", None), ("aGVs\r\nbA==", None), ("YQ==", None),
    ("Y===", "illegal base64 data at input byte 1"), ("YQ=", "illegal base64 data at input byte 3"),
    ("=", "illegal base64 data at input byte 0"), ("aGVsbG8=aGVs", "illegal base64 data at input byte 8"),
])
def test_base64_error(text: str, error: str | None) -> None:
    assert pingsource.base64_error(text) == error


# -- ContainerSource ------------------------------------------------------------------------------------


def container_source(containers: list[dict[str, Any]] | None, **fields: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {"sink": dict(SINK), **fields}
    if containers is not None:
        spec["template"] = {"spec": {"containers": containers}}
    return new("ContainerSource", spec)


def test_containersource_default_names_containers() -> None:
    o = container_source([{"image": "a"}, {"name": "keep", "image": "b"}, {"image": "c"}])
    containersource.default(o, None, StaticContext())
    assert [c["name"] for c in o["spec"]["template"]["spec"]["containers"]] == ["src-0", "keep", "src-2"]


@pytest.mark.parametrize(("containers", "fields", "want"), [
    ([{"name": "heartbeats", "image": "ikubernetes/containersource-heartbeats:latest"}], {}, ""),
    (None, {}, "missing field(s): spec.containers"),
    ([], {}, "missing field(s): spec.containers"),
    ([{"name": "a"}, {"image": "b"}], {},
     "missing field(s): spec.containers[0].image, spec.containers[1].name"),
    ([{"name": "a", "image": "b"}], {"sink": {}}, "expected at least one, got none: spec.sink.ref, spec.sink.uri"),
])
def test_containersource_validate(containers: list[dict[str, Any]] | None, fields: dict[str, Any], want: str) -> None:
    assert render(containersource.validate(container_source(containers, **fields), None, StaticContext())) == want


# -- ApiServerSource ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("spec", "want"), [
    ({}, {"mode": "Reference", "serviceAccountName": "default"}),
    ({"mode": "Resource", "serviceAccountName": "pod-watcher"}, {"mode": "Resource", "serviceAccountName": "pod-watcher"}),
])
def test_apiserversource_default(spec: dict[str, Any], want: dict[str, Any]) -> None:
    o = new("ApiServerSource", spec)
    apiserversource.default(o, None, StaticContext())
    assert o["spec"] == want


def api_source(**fields: Any) -> dict[str, Any]:
    return new("ApiServerSource", {"mode": "Reference", "resources": [{"apiVersion": "v1", "kind": "Pod"}],
                                   "sink": dict(SINK), **fields})


@pytest.mark.parametrize(("fields", "want"), [
    ({}, ""),
    ({"mode": "Resource", "owner": {"apiVersion": "apps/v1", "kind": "Deployment"},
      "resources": [{"apiVersion": "v1", "kind": "Pod", "selector": {"matchLabels": {"app": "x"}}}]}, ""),
    ({"mode": "Everything"}, "invalid value: Everything: spec.mode"),
    ({"mode": ""}, "invalid value: : spec.mode"),
    ({"resources": []}, "missing field(s): spec.resources"),
    ({"resources": [{"apiVersion": "a/b/c", "kind": " "}]},
     "invalid value: a/b/c: spec.resources[0].apiVersion\nmissing field(s): spec.resources[0].kind"),
    ({"owner": {"apiVersion": "v1"}}, "missing field(s): spec.owner.kind"),
    ({"sink": {"uri": "http://example.com"}, "ceOverrides": {"extensions": {"": "x"}}},
     'invalid key name "": spec.ceOverrides.extensions\nkeys MUST NOT be empty'),
])
def test_apiserversource_validate(fields: dict[str, Any], want: str) -> None:
    assert render(apiserversource.validate(api_source(**fields), None, StaticContext())) == want


# -- SinkBinding ----------------------------------------------------------------------------------------------

DEPLOYMENT = {"apiVersion": "apps/v1", "kind": "Deployment"}


def test_sinkbinding_default() -> None:
    o = new("SinkBinding", {"subject": {**DEPLOYMENT, "name": "d"}, "sink": dict(SINK)})
    sinkbinding.default(o, None, StaticContext())
    assert o["spec"] == {"subject": {**DEPLOYMENT, "name": "d", "namespace": "default"},
                         "sink": {"ref": {**KSVC, "namespace": "default"}}}


@pytest.mark.parametrize(("subject", "want"), [
    ({**DEPLOYMENT, "name": "d", "namespace": "default"}, ""),
    ({**DEPLOYMENT, "selector": {"matchLabels": {"app": "x"}}, "namespace": "default"}, ""),
    ({"namespace": "default"},
     "expected exactly one, got neither: spec.subject.name, spec.subject.selector\n"
     "missing field(s): spec.subject.apiVersion, spec.subject.kind"),
    ({**DEPLOYMENT, "name": "d", "selector": {}, "namespace": "default"},
     "expected exactly one, got both: spec.subject.name, spec.subject.selector"),
    ({**DEPLOYMENT, "kind": "Deploy-ment", "name": "d", "namespace": "default"},
     "invalid value: a valid C identifier must start with alphabetic character or '_', followed by a string of "
     "alphanumeric characters or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName', regex used for validation is "
     "'[A-Za-z_][A-Za-z0-9_]*'): spec.subject.kind"),
    ({**DEPLOYMENT, "name": "My_Deploy", "namespace": "default"},
     "invalid value: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
     "must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation "
     "is '[a-z0-9]([-a-z0-9]*[a-z0-9])?'): spec.subject.name"),
    ({**DEPLOYMENT, "selector": {"matchExpressions": [{"key": "a", "operator": "Near"}]}, "namespace": "default"},
     'invalid value: "Near" is not a valid label selector operator: spec.subject.selector'),
    ({**DEPLOYMENT, "name": "d", "namespace": "other"}, "invalid value: other: spec.subject.namespace"),
])
def test_sinkbinding_validate(subject: dict[str, Any], want: str) -> None:
    o = new("SinkBinding", {"subject": subject, "sink": dict(SINK)})
    assert render(sinkbinding.validate(o, None, StaticContext())) == want


# -- GitLabSource -----------------------------------------------------------------------------------------------

GITLAB = {"projectUrl": "https://gitlab.com/group/project", "eventTypes": ["push_events"],
          "accessToken": {"secretKeyRef": {"name": "s", "key": "accessToken"}},
          "secretToken": {"secretKeyRef": {"name": "s", "key": "secretToken"}}}


@pytest.mark.parametrize(("spec", "want"), [
    ({**GITLAB, "sink": dict(SINK)}, ""),
    ({**GITLAB, "sink": {"uri": "/x"}},
     "invalid value: Relative URI is not allowed when Ref and [apiVersion, kind, name] is absent: spec.sink.uri"),
])
def test_gitlabsource_validate(spec: dict[str, Any], want: str) -> None:
    o = new("GitLabSource", spec, "sources.knative.dev/v1alpha1")
    gitlabsource.default(o, None, StaticContext())
    assert render(gitlabsource.validate(o, None, StaticContext())) == want


# -- KafkaSource -------------------------------------------------------------------------------------------------

KAFKA = {"bootstrapServers": ["my-cluster-kafka-bootstrap.kafka:9092"], "topics": ["knative-demo-topic"],
         "sink": dict(SINK)}


def test_kafkasource_default() -> None:
    o = new("KafkaSource", dict(KAFKA), "sources.knative.dev/v1beta1")
    kafkasource.default(o, None, StaticContext())
    spec = o["spec"]
    assert spec["consumerGroup"].startswith("knative-kafka-source-") and len(spec["consumerGroup"]) == 21 + 36
    assert (spec["consumers"], spec["initialOffset"], spec["ordering"]) == (1, "latest", "ordered")
    assert spec["sink"]["ref"]["namespace"] == "default"
    kept = new("KafkaSource", {**KAFKA, "consumerGroup": "g", "consumers": 3, "initialOffset": "earliest",
                               "ordering": "unordered"}, "sources.knative.dev/v1beta1")
    kafkasource.default(kept, None, StaticContext())
    assert [kept["spec"][k] for k in ("consumerGroup", "consumers", "initialOffset", "ordering")] == [
        "g", 3, "earliest", "unordered"]


@pytest.mark.parametrize(("fields", "want"), [
    ({}, ""),
    ({"topics": [], "bootstrapServers": []}, "missing field(s): spec.bootstrapServers, spec.topics"),
    ({"initialOffset": "newest"}, "invalid value: newest: spec.initialOffset"),
    ({"ordering": "random"}, "invalid value: random: spec.ordering"),
    ({"sink": {}}, "expected at least one, got none: spec.sink.ref, spec.sink.uri"),
])
def test_kafkasource_validate(fields: dict[str, Any], want: str) -> None:
    spec = {**KAFKA, "consumerGroup": "g", "consumers": 1, "initialOffset": "latest", "ordering": "ordered", **fields}
    o = new("KafkaSource", spec, "sources.knative.dev/v1beta1")
    assert render(kafkasource.validate(o, None, StaticContext())) == want


def test_kafkasource_consumer_group_is_immutable() -> None:
    base = {**KAFKA, "initialOffset": "latest", "ordering": "ordered"}
    old = new("KafkaSource", {**base, "consumerGroup": "a"}, "sources.knative.dev/v1beta1")
    changed = new("KafkaSource", {**base, "consumerGroup": "b", "topics": ["t2"]}, "sources.knative.dev/v1beta1")
    assert render(kafkasource.validate(changed, old, StaticContext())) == (
        'Immutable fields changed (-old +new): spec\n{string}:\n\t-: "a"\n\t+: "b"\n')


# -- conditions -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("conditions", "types"), [
    (pingsource.CONDITIONS, ["Deployed", "OIDCIdentityCreated", "Ready", "SinkProvided"]),
    (containersource.CONDITIONS, ["Ready", "ReceiveAdapterReady", "SinkBindingReady"]),
    (apiserversource.CONDITIONS, ["Deployed", "OIDCIdentityCreated", "Ready", "SinkProvided",
                                  "SufficientPermissions"]),
    (sinkbinding.CONDITIONS, ["OIDCIdentityCreated", "Ready", "SinkProvided"]),
    (gitlabsource.CONDITIONS, ["Deployed", "Ready", "SinkProvided", "WebhookConfigured"]),
    (kafkasource.CONDITIONS, ["ConnectionEstablished", "Deployed", "InitialOffsetsCommitted", "Ready",
                              "SinkProvided"]),
])
def test_conditions(conditions: Any, types: list[str]) -> None:
    status: dict[str, Any] = {}
    conditions.manage(status).initialize()
    assert [c["type"] for c in status["conditions"]] == types
