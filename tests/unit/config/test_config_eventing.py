"""The knative-eventing ConfigMaps, Kafka/NATS ones, and the knative.dev/pkg ones both namespaces share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from knlite.apis.goduration import SECOND
from knlite.config import parse
from knlite.config.parse import ConfigError
from knlite.config.types import (
    BrokerChannelConfig,
    BrokerClassConfig,
    ChannelTemplate,
    EventingFeaturesConfig,
    KafkaBrokerConfig,
    KafkaChannelConfig,
    PingDefaultsConfig,
    SugarConfig,
)

Parser = Callable[[dict[str, str]], Any]

# The seed's config-br-defaults (cluster default + two namespaces) plus a class-only entry.
BR_CONFIG = """\
clusterDefault:
  brokerClass: MTChannelBasedBroker
  apiVersion: v1
  kind: ConfigMap
  name: config-br-default-channel
  namespace: knative-eventing
  delivery:
    retry: 10
    backoffPolicy: exponential
    backoffDelay: PT0.2S
namespaceDefaults:
  event-demo:
    brokerClass: MTChannelBasedBroker
    apiVersion: v1
    kind: ConfigMap
    name: kafka-channel
    namespace: knative-eventing
  dev:
    brokerClass: Kafka
    apiVersion: v1
    kind: ConfigMap
    name: kafka-broker-config
    namespace: knative-eventing
  class-only:
    brokerClass: RabbitMQBroker
  delivery-only:
    delivery:
      retry: 3
      deadLetterSink:
        ref: {apiVersion: serving.knative.dev/v1, kind: Service, name: dls}
"""

_CLUSTER = BrokerClassConfig(
    broker_class="MTChannelBasedBroker",
    config={
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "name": "config-br-default-channel",
        "namespace": "knative-eventing",
    },
    delivery={"retry": 10, "backoffPolicy": "exponential", "backoffDelay": "PT0.2S"},
)


def test_br_defaults_cluster_and_namespaces() -> None:
    cfg = parse.parse_br_defaults({"default-br-config": BR_CONFIG})
    assert cfg.cluster_default == _CLUSTER
    assert cfg.namespace_defaults["dev"] == BrokerClassConfig(
        broker_class="Kafka",
        config={
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "name": "kafka-broker-config",
            "namespace": "knative-eventing",
        },
    )
    assert cfg.namespace_defaults["event-demo"].config == {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "name": "kafka-channel",
        "namespace": "knative-eventing",
    }
    assert cfg.namespace_defaults["delivery-only"].delivery == {
        "retry": 3,
        "deadLetterSink": {"ref": {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": "dls"}},
    }


@pytest.mark.parametrize(
    ("namespace", "broker_class", "config_name", "retry"),
    [
        ("default", "MTChannelBasedBroker", "config-br-default-channel", 10),
        ("dev", "Kafka", "kafka-broker-config", None),
        ("event-demo", "MTChannelBasedBroker", "kafka-channel", None),
        # class and config fall back independently (GetBrokerClass / GetBrokerConfig)
        ("class-only", "RabbitMQBroker", "config-br-default-channel", 10),
        ("delivery-only", "MTChannelBasedBroker", None, 3),
    ],
)
def test_broker_defaults_per_namespace(
    namespace: str, broker_class: str, config_name: str | None, retry: int | None
) -> None:
    cfg = parse.parse_br_defaults({"default-br-config": BR_CONFIG})
    assert parse.default_broker_class(cfg, namespace) == broker_class
    entry = parse.default_broker_config(cfg, namespace)
    assert entry is not None
    assert (entry.config or {}).get("name") == config_name
    assert (entry.delivery or {}).get("retry") == retry


def test_br_defaults_without_cluster_default() -> None:
    cfg = parse.parse_br_defaults({"default-br-config": "namespaceDefaults:\n  a:\n    brokerClass: X\n"})
    assert cfg.cluster_default is None
    assert parse.default_broker_class(cfg, "b") is None
    assert parse.default_broker_config(cfg, "a") is None


@pytest.mark.parametrize(
    ("parser", "data", "message"),
    [
        (parse.parse_br_defaults, {}, 'ConfigMap is missing (or empty) key: "default-br-config" : map[]'),
        (
            parse.parse_br_defaults,
            {"default-br-config": "", "x": "y"},
            'ConfigMap is missing (or empty) key: "default-br-config" : map[default-br-config: x:y]',
        ),
        (
            parse.parse_br_defaults,
            {"default-br-config": "clusterDefault: MTChannelBasedBroker"},
            "Failed to parse the entry: json: cannot unmarshal string into Go struct field Defaults.clusterDefault of type config.ClassAndBrokerConfig",
        ),
        (
            parse.parse_br_defaults,
            {"default-br-config": "clusterDefault:\n  delivery:\n    retry: ten"},
            "Failed to parse the entry: json: cannot unmarshal string into Go struct field DeliverySpec.clusterDefault.delivery.retry of type int32",
        ),
        (
            parse.parse_br_defaults,
            {"default-br-config": "namespaceDefaults: [a]"},
            "Failed to parse the entry: json: cannot unmarshal array into Go struct field Defaults.namespaceDefaults of type map[string]*config.ClassAndBrokerConfig",
        ),
        (
            parse.parse_br_defaults,
            {"default-br-config": "clusterDefault:\n  name: [x]"},
            "Failed to parse the entry: json: cannot unmarshal array into Go struct field ClassAndBrokerConfig.clusterDefault.name of type string",
        ),
        (
            parse.parse_br_defaults,
            {"default-br-config": "a: b: c"},
            "Failed to parse the entry: ConfigMap's value could not be converted to JSON: yaml: line 1: mapping values are not allowed here : a: b: c",
        ),
        (parse.parse_ch_defaults, {}, 'ConfigMap is missing (or empty) key: "default-ch-config" : map[]'),
        (
            parse.parse_ch_defaults,
            {"default-ch-config": "clusterDefault: [1]"},
            "Failed to parse the entry: json: cannot unmarshal array into Go struct field ChannelDefaults.clusterDefault of type config.ChannelTemplateSpec",
        ),
        (
            parse.parse_ch_defaults,
            {"default-ch-config": "- x"},
            "Failed to parse the entry: json: cannot unmarshal array into Go value of type config.ChannelDefaults",
        ),
        (parse.parse_broker_channel, {}, "empty or missing value for config"),
        (parse.parse_broker_channel, {"channel-template-spec": ""}, "empty or missing value for config"),
        (
            parse.parse_broker_channel,
            {"channel-template-spec": "kind: [InMemoryChannel]"},
            'ConfigMap\'s value could not be unmarshaled. json: cannot unmarshal array into Go struct field ChannelTemplateSpec.kind of type string, {"kind":["InMemoryChannel"]}',
        ),
        (
            parse.parse_broker_channel,
            {"channel-template-spec": "kind: a: b"},
            "ConfigMap's value could not be converted to JSON. yaml: line 1: mapping values are not allowed here, kind: a: b",
        ),
        (
            parse.parse_eventing_features,
            {"new-trigger-filters": "on"},
            "cannot parse the feature flag 'new-trigger-filters' = 'on'",
        ),
        (
            parse.parse_eventing_features,
            {"kreference-group": "Strict"},
            "cannot parse the feature flag 'kreference-group' = 'Strict'",
        ),
        (
            parse.parse_sugar,
            {"namespace-selector": "matchLabels: x"},
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go struct field LabelSelector.matchLabels of type map[string]string",
        ),
        (
            parse.parse_sugar,
            {"trigger-selector": "matchExpressions: {key: a}"},
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go struct field LabelSelector.matchExpressions of type []v1.LabelSelectorRequirement",
        ),
        (
            parse.parse_ping_defaults,
            {"data-max-size": "1KB"},
            'failed to parse "data-max-size": strconv.ParseInt: parsing "1KB": invalid syntax',
        ),
        (parse.parse_nats, {}, "missing configmap entry: eventing-nats"),
        (
            parse.parse_nats,
            {"eventing-nats": "connOpts:\n  maxReconnects: many"},
            "json: cannot unmarshal string into Go struct field ConnOpts.connOpts.maxReconnects of type int",
        ),
        (
            parse.parse_nats,
            {"eventing-nats": "url: [a]"},
            "json: cannot unmarshal array into Go struct field EventingNatsConfig.url of type string",
        ),
    ],
)
def test_eventing_messages(parser: Parser, data: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as e:
        parser(data)
    assert str(e.value) == message


def test_channel_defaults_cluster_and_namespace() -> None:
    cfg = parse.parse_ch_defaults(
        {
            "default-ch-config": (
                "clusterDefault:\n  apiVersion: messaging.knative.dev/v1\n  kind: InMemoryChannel\n"
                "namespaceDefaults:\n  event-demo:\n    apiVersion: messaging.knative.dev/v1beta1\n"
                "    kind: KafkaChannel\n    spec:\n      numPartitions: 5\n      replicationFactor: 1\n"
            )
        }
    )
    assert cfg.for_namespace("default") == ChannelTemplate()
    kafka = ChannelTemplate(
        "messaging.knative.dev/v1beta1", "KafkaChannel", {"numPartitions": 5, "replicationFactor": 1}
    )
    assert cfg.for_namespace("event-demo") == kafka
    assert kafka.to_dict() == {
        "apiVersion": "messaging.knative.dev/v1beta1",
        "kind": "KafkaChannel",
        "spec": {"numPartitions": 5, "replicationFactor": 1},
    }


def test_channel_defaults_without_cluster_default() -> None:
    cfg = parse.parse_ch_defaults({"default-ch-config": "namespaceDefaults: {}"})
    assert cfg.cluster_default is None
    assert cfg.for_namespace("x") is None


@pytest.mark.parametrize(
    ("data", "template"),
    [
        (
            {"channel-template-spec": "apiVersion: messaging.knative.dev/v1\nkind: InMemoryChannel\n"},
            ChannelTemplate(),
        ),
        (
            {
                "channelTemplateSpec": "apiVersion: messaging.knative.dev/v1alpha1\nkind: NatsJetStreamChannel\n"
            },
            ChannelTemplate("messaging.knative.dev/v1alpha1", "NatsJetStreamChannel"),
        ),
        (
            {
                "channelTemplateSpec": "kind: Old",
                "channel-template-spec": "apiVersion: v1\nkind: New\nspec: {a: 1}",
            },
            ChannelTemplate("v1", "New", {"a": 1}),
        ),
    ],
)
def test_broker_channel_template(data: dict[str, str], template: ChannelTemplate) -> None:
    assert parse.parse_broker_channel(data) == BrokerChannelConfig(template)


def test_eventing_features() -> None:
    cfg = parse.parse_eventing_features(
        {
            "_example": "whatever",
            "delivery-timeout": "Disabled",
            "transport-encryption": "Permissive",
            "new-flag": "ALLOWED",
        }
    )
    assert cfg == EventingFeaturesConfig(
        {"delivery-timeout": "disabled", "transport-encryption": "permissive", "new-flag": "allowed"}
    )
    assert not cfg.enabled("delivery-timeout")
    assert cfg.allowed("new-flag")
    assert cfg.enabled("new-trigger-filters")  # untouched flags keep their default
    assert (
        parse.parse_eventing_features({"transport-encryption": "strict"}).get("transport-encryption")
        == "strict"
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, SugarConfig()),
        ({"namespace-selector": "", "trigger-selector": ""}, SugarConfig()),
        ({"namespace-selector": "{}"}, SugarConfig(namespace_selector={})),
        (
            {
                "trigger-selector": "matchExpressions:\n- key: eventing.knative.dev/injection\n  operator: In\n  values: [enabled]\n"
            },
            SugarConfig(
                trigger_selector={
                    "matchExpressions": [
                        {"key": "eventing.knative.dev/injection", "operator": "In", "values": ["enabled"]}
                    ]
                }
            ),
        ),
        (
            {"namespace-selector": "matchLabels: {e: true}"},
            SugarConfig(namespace_selector={"matchLabels": {"e": "true"}}),
        ),
    ],
)
def test_sugar(data: dict[str, str], expected: SugarConfig) -> None:
    assert parse.parse_sugar(data) == expected


@pytest.mark.parametrize(
    ("data", "size"),
    [
        ({}, -1),
        ({"data-max-size": "4096"}, 4096),
        ({"dataMaxSize": "10"}, 10),
        ({"dataMaxSize": "10", "data-max-size": "20"}, 20),
    ],
)
def test_ping_defaults(data: dict[str, str], size: int) -> None:
    assert parse.parse_ping_defaults(data) == PingDefaultsConfig(size)


def test_kafka_broker_config_from_the_seed() -> None:
    data = {
        "bootstrap.servers": "my-cluster-kafka-bootstrap.kafka:9092, other:9092,",
        "default.topic.partitions": "5",
        "default.topic.replication.factor": "1",
        "default.topic.config.retention.ms": "3600000",
    }
    assert parse.parse_kafka_broker(data) == KafkaBrokerConfig(
        bootstrap_servers="my-cluster-kafka-bootstrap.kafka:9092,other:9092",
        default_topic_partitions=5,
        default_topic_replication_factor=1,
        topic_config={"retention.ms": "3600000"},
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {
                "bootstrap.servers": "",
                "default.topic.partitions": "20",
                "default.topic.replication.factor": "5",
            },
            "error validating topic config from configmap invalid configuration - numPartitions: 20 - replicationFactor: 5 - "
            "bootstrapServers: [] - ConfigMap data: map[bootstrap.servers: default.topic.partitions:20 default.topic.replication.factor:5]",
        ),
        (
            {"bootstrap.servers": "k:9092"},
            "error validating topic config from configmap invalid configuration - numPartitions: 0 - replicationFactor: 0 - "
            "bootstrapServers: [k:9092] - ConfigMap data: map[bootstrap.servers:k:9092]",
        ),
        (
            {"default.topic.partitions": "ten"},
            'failed to parse config map knative-eventing/kafka-broker-config: failed to parse "default.topic.partitions": '
            'strconv.ParseInt: parsing "ten": invalid syntax',
        ),
    ],
)
def test_kafka_broker_strict(data: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as e:
        parse.parse_kafka_broker(data)
    assert str(e.value) == message


def test_kafka_broker_lenient_and_any_name() -> None:
    assert parse.parse_kafka_broker({"bootstrap.servers": ""}, strict=False) == KafkaBrokerConfig()
    with pytest.raises(ConfigError, match=r"^failed to parse config map dev/my-kafka: "):
        parse.parse_kafka_broker({"default.topic.partitions": "x"}, namespace="dev", name="my-kafka")
    # Go stores the int32 in an int16
    big = {
        "bootstrap.servers": "k",
        "default.topic.partitions": "1",
        "default.topic.replication.factor": "65537",
    }
    assert parse.parse_kafka_broker(big).default_topic_replication_factor == 1


def test_kafka_channel_and_nats() -> None:
    assert parse.parse_kafka_channel({}) == KafkaChannelConfig()
    assert parse.parse_kafka_channel({"bootstrap.servers": "a:1, b:2"}) == KafkaChannelConfig("a:1,b:2")
    nats = parse.parse_nats(
        {"eventing-nats": "url: nats://n:4222\nconnOpts:\n  maxReconnects: 5\n  retryOnFailedConnect: true\n"}
    )
    assert nats == parse.NatsConfig(
        url="nats://n:4222", conn_opts={"maxReconnects": 5, "retryOnFailedConnect": True}
    )


# -- ConfigMaps of knative.dev/pkg (both namespaces) ---------------------------------------------------


@pytest.mark.parametrize(
    ("parser", "default"),
    [
        (parse.parse_tracing, parse.TracingConfig()),
        (parse.parse_logging, parse.LoggingConfig()),
        (parse.parse_leader_election, parse.LeaderElectionConfig()),
        (parse.parse_observability, parse.ObservabilityConfig()),
    ],
)
def test_shared_defaults(parser: Parser, default: Any) -> None:
    assert parser({}) == default


@pytest.mark.parametrize(
    ("parser", "data", "attr", "expected"),
    [
        (parse.parse_tracing, {"backend": "zipkin", "zipkin-endpoint": "http://z"}, "backend", "zipkin"),
        (parse.parse_tracing, {"enable": "true", "zipkin-endpoint": "http://z"}, "backend", "zipkin"),
        (parse.parse_tracing, {"sample-rate": "1"}, "sample_rate", 1.0),
        (parse.parse_tracing, {"debug": "true"}, "debug", True),
        (
            parse.parse_logging,
            {"loglevel.controller": "DEBUG", "loglevel.webhook": ""},
            "levels",
            {"controller": "debug"},
        ),
        (parse.parse_logging, {"zap-logger-config": "{}"}, "zap_logger_config", "{}"),
        (parse.parse_leader_election, {"buckets": "10"}, "buckets", 10),
        (parse.parse_leader_election, {"leaseDuration": "15s"}, "lease_duration", 15 * SECOND),
        (
            parse.parse_leader_election,
            {"leaseDuration": "15s", "lease-duration": "20s"},
            "lease_duration",
            20 * SECOND,
        ),
        (
            parse.parse_leader_election,
            {"map-lease-prefix.a.b": "x"},
            "lease_names_prefix_mapping",
            {"a.b": "x"},
        ),
        (parse.parse_observability, {"logging.enable-request-log": "true"}, "enable_request_log", True),
        (
            parse.parse_observability,
            {"metrics.request-metrics-backend-destination": "opencensus"},
            "request_metrics_reporting_period_seconds",
            60,
        ),
        (
            parse.parse_observability,
            {"metrics.reporting-period-seconds": "30"},
            "request_metrics_reporting_period_seconds",
            30,
        ),
        (parse.parse_observability, {"profiling.enable": "true"}, "enable_profiling", True),
    ],
)
def test_shared_keys(parser: Parser, data: dict[str, str], attr: str, expected: Any) -> None:
    assert getattr(parser(data), attr) == expected


@pytest.mark.parametrize(
    ("parser", "data", "message"),
    [
        (parse.parse_tracing, {"backend": "jaeger"}, 'unsupported tracing backend value "jaeger"'),
        (
            parse.parse_tracing,
            {"enable": "maybe"},
            'failed parsing tracing config "enable": strconv.ParseBool: parsing "maybe": invalid syntax',
        ),
        (
            parse.parse_tracing,
            {"backend": "zipkin"},
            "zipkin tracing enabled without a zipkin endpoint specified",
        ),
        (parse.parse_tracing, {"sample-rate": "1.5"}, "sample-rate = 1.5 must be in [0, 1] range"),
        (parse.parse_logging, {"loglevel.controller": "verbose"}, "invalid logging level: verbose"),
        (parse.parse_leader_election, {"buckets": "0"}, "buckets: value must be between 1 <= 0 <= 10"),
        (parse.parse_leader_election, {"buckets": "11"}, "buckets: value must be between 1 <= 11 <= 10"),
        (
            parse.parse_leader_election,
            {"buckets": "-1"},
            'failed to parse "buckets": strconv.ParseUint: parsing "-1": invalid syntax',
        ),
        (
            parse.parse_leader_election,
            {"retry-period": "2"},
            'failed to parse "retry-period": time: missing unit in duration "2"',
        ),
        (
            parse.parse_observability,
            {"metrics.reporting-period-seconds": "5s"},
            'invalid metrics.reporting-period-seconds value "5s"',
        ),
        (
            parse.parse_observability,
            {"logging.enable-request-log": "true", "logging.request-log-template": ""},
            '"logging.enable-request-log" was set to true, but no "logging.request-log-template" was specified',
        ),
        (
            parse.parse_observability,
            {"logging.request-log-template": "{{.Request"},
            "template: requestLog:1: unclosed action",
        ),
    ],
)
def test_shared_messages(parser: Parser, data: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as e:
        parser(data)
    assert str(e.value) == message
