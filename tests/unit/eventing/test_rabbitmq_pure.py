"""RabbitMQBroker's pure parts: names, messages, bindings, connection URLs, broker configs, parallelism."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from knlite.eventing import cloudevents as ce
from knlite.eventing.filters import compile_attributes
from knlite.eventing.rabbitmq import messages, names
from knlite.reconciler.eventing.rabbitmqbroker import Cluster, ConfigProblem, broker_cluster, parallelism

UID = "c60f034a-5caf-46a4-97d0-8a92d3548d75"


def test_names() -> None:
    assert names.exchange_name("default", "b", UID) == f"b.default.b.{UID}"
    long = names.exchange_name("a-rather-long-namespace", "and-a-long-broker-name", UID)
    assert len(long) <= 63 and long.startswith("b.a-rather-long-namespace.")
    assert names.queue_name("default", "t1", UID) == f"default.t1.{UID}"
    assert names.ingress_hosts("ns", "b") == ("b-broker-ingress.ns.svc.cluster.local", "b-broker-ingress.ns.svc",
                                              "b-broker-ingress.ns")
    assert names.ingress_url("ns", "b") == "http://b-broker-ingress.ns.svc.cluster.local"


def _event(extra: dict[str, str] | None = None, body: bytes = b'{"a":1}', ct: str = "application/json") -> Any:
    return ce.parse({"ce-specversion": "1.0", "ce-id": "e-1", "ce-source": "/src", "ce-type": "t.1",
                     "ce-time": "2024-01-02T03:04:05.5Z", "content-type": ct, **(extra or {})}, body)


def test_to_message_puts_attributes_in_headers() -> None:
    headers, body, ct = messages.to_message(_event({"ce-subject": "s", "ce-myext": "ünï%20"}))
    assert body == b'{"a":1}' and ct == "application/json"
    assert headers == {"specversion": "1.0", "id": "e-1", "source": "/src", "type": "t.1", "subject": "s",
                       "time": "2024-01-02T03:04:05.5Z", "myext": "ünï ", "content-type": "application/json"}
    structured = ce.parse({"content-type": "application/cloudevents+json"},
                          json.dumps({"specversion": "1.0", "id": "x", "source": "s", "type": "t", "num": 7,
                                      "flag": True, "pct": "a%20b", "data": {"k": 1}}).encode())
    headers, body, ct = messages.to_message(structured)
    assert headers["num"] == 7 and headers["flag"] is True  # typed, as eventing-rabbitmq writes them
    assert headers["pct"] == "a%20b"  # verbatim: AMQP headers are not HTTP headers
    assert ce.get_attr(messages.from_message(headers, body, ct), "pct") == "a%20b"
    assert json.loads(body) == {"k": 1} and ct is None


@pytest.mark.parametrize(("headers", "content_type", "body", "want"), [
    # what to_message writes
    ({"specversion": "1.0", "id": "e-1", "source": "/src", "type": "t.1", "time": "2024-01-02T03:04:05.5Z",
      "content-type": "application/json", "myext": "ünï%20"}, "application/json", b'{"a":1}',
     {"specversion": "1.0", "id": "e-1", "source": "/src", "type": "t.1", "time": "2024-01-02T03:04:05.5Z",
      "datacontenttype": "application/json", "myext": "ünï%20"}),
    # ce- prefixes, x- headers, trace headers, typed and bytes values
    ({"ce-specversion": b"1.0", "ce-id": "e-2", "ce-source": "/s", "ce-type": "t", "x-knative-trigger": "t1",
      "traceparent": "00-abc", "count": 3, "ok": False}, None, b"",
     {"specversion": "1.0", "id": "e-2", "source": "/s", "type": "t", "count": "3", "ok": "false"}),
])
def test_from_message(headers: dict[str, Any], content_type: str | None, body: bytes, want: dict[str, Any]) -> None:
    assert ce.attributes(messages.from_message(headers, body, content_type)) == want


def test_from_message_structured_and_garbage() -> None:
    event = messages.from_message({}, json.dumps({"specversion": "1.0", "id": "s", "source": "x", "type": "y"}).encode(),
                                  "application/cloudevents+json; charset=utf-8")
    assert ce.get_attr(event, "id") == "s"
    with pytest.raises(ce.EventError):
        messages.from_message({"foo": "bar"}, b"plain", "text/plain")


def test_round_trip_keeps_the_event() -> None:
    event = _event({"ce-subject": "s", "ce-dataschema": "http://x/y", "ce-ext": "v"})
    headers, body, ct = messages.to_message(event)
    back = messages.from_message(headers, body, ct)
    assert ce.attributes(back) == ce.attributes(event) and back.get_data() == event.get_data()


@pytest.mark.parametrize(("attributes", "want"), [
    (None, {"x-match": "all", "x-knative-trigger": "t1"}),
    ({"type": "a.b", "source": "/s"}, {"x-match": "all", "x-knative-trigger": "t1", "type": "a.b", "source": "/s"}),
    # "any" values and derived attributes are left to the dispatcher's filter
    ({"type": "a", "subject": "", "time": "x", "datamediatype": "application/json", "schemaurl": "u",
      "datacontenttype": "application/json"}, {"x-match": "all", "x-knative-trigger": "t1", "type": "a"}),
])
def test_binding_arguments(attributes: dict[str, str] | None, want: dict[str, Any]) -> None:
    assert messages.binding_arguments("t1", attributes) == want


def test_dispatch_side_filter_is_knatives() -> None:
    """What the binding cannot say, the dispatcher's legacy filter does, on the decoded event."""
    match = compile_attributes({"type": "t.1", "subject": ""})
    headers, body, ct = messages.to_message(_event({"ce-subject": "s"}))
    assert match(ce.attributes(messages.from_message(headers, body, ct)))
    headers, body, ct = messages.to_message(_event())
    assert not match(ce.attributes(messages.from_message(headers, body, ct)))


@pytest.mark.parametrize(("data", "vhost", "want"), [
    ({"uri": "amqp://guest:guest@127.0.0.1:5672/"}, None, "amqp://guest:guest@127.0.0.1:5672/"),
    ({"uri": "amqp://127.0.0.1:5672", "username": "u", "password": "p@ss"}, None, "amqp://u:p%40ss@127.0.0.1:5672/"),
    ({"uri": "AMQPS://h:5671/old"}, "new/vh", "amqps://h:5671/new%2Fvh"),
    ({"uri": "amqp://h/"}, "/", "amqp://h/%2F"),
    # eventing-rabbitmq's external-cluster Secret: a management address, the AMQP port apart
    ({"uri": "rabbitmq.example.com:15672", "username": "u", "password": "p", "port": "5673"}, None,
     "amqp://u:p@rabbitmq.example.com:5673/"),
    ({"uri": "https://rabbitmq.example.com:15671", "username": "u", "password": "p"}, "prod",
     "amqps://u:p@rabbitmq.example.com:5672/prod"),
    # the RabbitMQ cluster operator's default-user Secret
    ({"connection_string": "amqp://default_user:pw@my-rabbit.ns.svc:5672/"}, None,
     "amqp://default_user:pw@my-rabbit.ns.svc:5672/"),
    ({"host": "my-rabbit.ns.svc", "port": "5672", "username": "default_user", "password": "pw"}, None,
     "amqp://default_user:pw@my-rabbit.ns.svc:5672/"),
])
def test_amqp_url(data: dict[str, str], vhost: str | None, want: str) -> None:
    assert messages.amqp_url(data, vhost) == want


@pytest.mark.parametrize(("data", "error"), [
    ({}, "missing key uri"),
    ({"uri": "rabbit:15672", "username": "u"}, "missing key password"),
    ({"uri": "rabbit:15672", "password": "p"}, "missing key username"),
])
def test_amqp_url_errors(data: dict[str, str], error: str) -> None:
    with pytest.raises(messages.SpecError, match=error):
        messages.amqp_url(data)


def test_redact() -> None:
    assert messages.redact("amqp://u:secret@h:5672/v") == "amqp://u:***@h:5672/v"
    assert messages.redact("amqp://h/") == "amqp://h/"


def _secret(ns: str, name: str, **data: str) -> dict[str, Any]:
    return {"metadata": {"namespace": ns, "name": name},
            "data": {k: base64.b64encode(v.encode()).decode() for k, v in data.items()}}


def _broker(config: dict[str, Any]) -> dict[str, Any]:
    return {"metadata": {"namespace": "apps", "name": "b"}, "spec": {"config": config}}


CONFIG = {"apiVersion": "eventing.knative.dev/v1alpha1", "kind": "RabbitmqBrokerConfig", "name": "cfg"}
OBJECTS: dict[tuple[str, str], dict[str, Any]] = {
    ("apps", "cfg"): {"spec": {"rabbitmqClusterReference": {"connectionSecret": {"name": "creds"}},
                               "queueType": "classic", "vhost": "v1"}},
    ("apps", "bycluster"): {"spec": {"rabbitmqClusterReference": {"name": "my-rabbit", "namespace": "rabbits"}}},
    ("apps", "nosecret"): {"spec": {"rabbitmqClusterReference": {"connectionSecret": {"name": "absent"}}}},
    ("apps", "empty"): {"spec": {"rabbitmqClusterReference": {}}},
}
SECRETS = {("apps", "creds"): _secret("apps", "creds", uri="amqp://u:p@r:5672/"),
           ("rabbits", "my-rabbit-default-user"): _secret("rabbits", "my-rabbit-default-user",
                                                          connection_string="amqp://d:q@my-rabbit.rabbits.svc:5672/"),
           ("apps", "garbage"): {"metadata": {"namespace": "apps", "name": "garbage"}, "data": {"uri": "%%%"}}}


@pytest.mark.parametrize(("config", "want"), [
    (CONFIG, Cluster("amqp://u:p@r:5672/v1", "classic")),
    ({**CONFIG, "name": "bycluster"}, Cluster("amqp://d:q@my-rabbit.rabbits.svc:5672/", "quorum")),
    ({"apiVersion": "rabbitmq.com/v1beta1", "kind": "RabbitmqCluster", "name": "my-rabbit", "namespace": "rabbits"},
     Cluster("amqp://d:q@my-rabbit.rabbits.svc:5672/", "quorum")),
])
def test_broker_cluster(config: dict[str, Any], want: Cluster) -> None:
    got = broker_cluster(_broker(config), lambda ns, n: OBJECTS.get((ns, n)), lambda ns, n: SECRETS.get((ns, n)))
    assert got == want


@pytest.mark.parametrize(("config", "error", "secret"), [
    ({**CONFIG, "name": "absent"}, 'rabbitmqbrokerconfig "apps/absent" not found', False),
    ({**CONFIG, "name": "nosecret"}, 'secret "apps/absent" not found', True),
    ({**CONFIG, "name": "empty"}, "names neither a cluster nor a connectionSecret", False),
    ({"apiVersion": "v1", "kind": "ConfigMap", "name": "x"}, "unsupported broker config ConfigMap", False),
    ({"apiVersion": "rabbitmq.com/v1beta1", "kind": "RabbitmqCluster", "name": "garbage"},
     'secret "apps/garbage-default-user" not found', True),
])
def test_broker_cluster_problems(config: dict[str, Any], error: str, secret: bool) -> None:
    with pytest.raises(ConfigProblem, match=error) as e:
        broker_cluster(_broker(config), lambda ns, n: OBJECTS.get((ns, n)), lambda ns, n: SECRETS.get((ns, n)))
    assert e.value.secret is secret


@pytest.mark.parametrize(("annotations", "want"), [
    (None, 1), ({"rabbitmq.eventing.knative.dev/parallelism": "10"}, 10),
    ({"rabbitmq.eventing.knative.dev/parallelism": "1000"}, 1000),
    ({"rabbitmq.eventing.knative.dev/parallelism": "abc"}, 1), ({"other": "5"}, 1),
])
def test_parallelism(annotations: dict[str, str] | None, want: int) -> None:
    assert parallelism({"metadata": {"annotations": annotations}}) == want
