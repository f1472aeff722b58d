"""What the Kafka reconcilers derive from a spec: a KafkaChannel's topic, a KafkaSource's group, a broker's config."""

from __future__ import annotations

from typing import Any

import pytest

from knlite.eventing.kafka.specs import GroupSpec, TopicSpec
from knlite.reconciler.eventing.kafkabroker import config_ref, is_kafka
from knlite.reconciler.eventing.kafkachannel import topic_spec
from knlite.reconciler.eventing.kafkasource import group_spec


@pytest.mark.parametrize(("spec", "topic", "want"), [
    ({}, None, TopicSpec("knative-messaging-kafka.ns.kc", 1, 1, (("retention.ms", "604800000"),))),
    ({"numPartitions": 5, "replicationFactor": 3, "retentionDuration": "PT1H"}, None,
     TopicSpec("knative-messaging-kafka.ns.kc", 5, 3, (("retention.ms", "3600000"),))),
    # a topic name already in the status annotation is kept
    ({"numPartitions": 2}, "older-topic", TopicSpec("older-topic", 2, 1, (("retention.ms", "604800000"),))),
])
def test_kafkachannel_topic(spec: dict[str, Any], topic: str | None, want: TopicSpec) -> None:
    assert topic_spec("ns", "kc", spec, topic) == want


@pytest.mark.parametrize(("spec", "want"), [
    ({"bootstrapServers": ["a:9092, b:9092"], "topics": ["t1", "t2"], "consumerGroup": "g", "ordering": "ordered",
      "initialOffset": "latest"}, GroupSpec("a:9092,b:9092", ("t1", "t2"), "g", ordered=True, earliest=False)),
    ({"bootstrapServers": ["a:9092"], "topics": ["t"], "consumerGroup": "g", "ordering": "unordered",
      "initialOffset": "earliest"}, GroupSpec("a:9092", ("t",), "g", ordered=False, earliest=True)),
])
def test_kafkasource_group(spec: dict[str, Any], want: GroupSpec) -> None:
    assert group_spec(spec) == want


def broker(cls: str | None, config: dict[str, Any] | None = None) -> dict[str, Any]:
    annotations = {"eventing.knative.dev/broker.class": cls} if cls else {}
    return {"metadata": {"name": "b", "namespace": "dev", "annotations": annotations},
            "spec": {"config": config} if config else {}}


@pytest.mark.parametrize(("obj", "ref"), [
    (broker("Kafka"), ("knative-eventing", "kafka-broker-config")),
    (broker("Kafka", {"kind": "ConfigMap", "name": "mine", "namespace": "other"}), ("other", "mine")),
    (broker("Kafka", {"kind": "ConfigMap", "name": "mine"}), ("dev", "mine")),
])
def test_kafka_broker_config_ref(obj: dict[str, Any], ref: tuple[str, str]) -> None:
    assert config_ref(obj) == ref


@pytest.mark.parametrize(("cls", "kafka"), [("Kafka", True), ("kafka", False), ("MTChannelBasedBroker", False),
                                           (None, False)])
def test_only_the_kafka_class_is_kafka(cls: str | None, kafka: bool) -> None:
    assert is_kafka(broker(cls)) is kafka
