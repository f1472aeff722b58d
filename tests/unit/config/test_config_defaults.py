"""The ConfigMaps created on first start parse to Knative's defaults."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from knlite.config import parse
from knlite.config.defaults import (
    EXAMPLE_CHECKSUM_ANNOTATION,
    bootstrap_configmaps,
    example_checksum,
)
from knlite.config.store import ConfigStore, check
from knlite.config.types import (
    EVENTING_NS,
    SERVING_NS,
    BrokerClassConfig,
    ChannelTemplate,
    ConfigView,
    DomainConfig,
    EventingFeaturesConfig,
)

_CMS = {(cm["metadata"]["namespace"], cm["metadata"]["name"]): cm for cm in bootstrap_configmaps()}


def test_every_configmap_knative_ships_exists() -> None:
    serving = {n for ns, n in _CMS if ns == SERVING_NS}
    eventing = {n for ns, n in _CMS if ns == EVENTING_NS}
    assert serving == {
        "config-autoscaler",
        "config-defaults",
        "config-deployment",
        "config-domain",
        "config-features",
        "config-gc",
        "config-leader-election",
        "config-logging",
        "config-network",
        "config-observability",
        "config-tracing",
    }
    assert {
        "config-br-default-channel",
        "config-br-defaults",
        "config-features",
        "config-leader-election",
        "config-logging",
        "config-nats",
        "config-observability",
        "config-ping-defaults",
        "config-sugar",
        "config-tracing",
        "default-ch-webhook",
        "kafka-broker-config",
        "kafka-channel-config",
    } <= eventing


@pytest.mark.parametrize("key", sorted(_CMS))
def test_objects_are_full_configmaps(key: tuple[str, str]) -> None:
    cm = _CMS[key]
    assert cm["apiVersion"] == "v1"
    assert cm["kind"] == "ConfigMap"
    assert (cm["metadata"]["namespace"], cm["metadata"]["name"]) == key
    assert cm["metadata"]["labels"]["app.kubernetes.io/name"] == key[0]
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in cm["data"].items())
    if "_example" in cm["data"]:
        assert cm["metadata"]["annotations"][EXAMPLE_CHECKSUM_ANNOTATION] == example_checksum(
            cm["data"]["_example"]
        )
    # every ConfigMap passes the config webhook as shipped
    check(key[0], key[1], cm["data"], cm["metadata"].get("annotations"))


def test_bootstrap_parses_to_the_types_defaults() -> None:
    view = ConfigStore(bootstrap_configmaps()).view()
    defaults = ConfigView()
    for name in (
        "autoscaler",
        "defaults",
        "features",
        "network",
        "gc",
        "deployment",
        "br_channel",
        "sugar",
        "ping",
        "kafka_broker",
        "kafka_channel",
    ):
        assert getattr(view, name) == getattr(defaults, name), name
    # config-domain holds example.com, as after the seed's install step
    assert view.domain == DomainConfig({"example.com": {}})
    assert view.domain.lookup({}) == "example.com"
    # eventing config-features lists every flag, with the default values
    assert view.eventing_features.flags.keys() >= EventingFeaturesConfig.DEFAULTS.keys() - {
        "oidc-authentication",
        "new-apiserversource-filters",
        "cross-namespace-event-links",
    }
    for flag, value in view.eventing_features.flags.items():
        assert value == EventingFeaturesConfig().get(flag) or flag == "authentication.oidc", flag
    # Knative 1.12's shipped broker default and channel default
    assert view.br_defaults.cluster_default == BrokerClassConfig(
        "MTChannelBasedBroker",
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "name": "config-br-default-channel",
            "namespace": "knative-eventing",
        },
        {"retry": 10, "backoffPolicy": "exponential", "backoffDelay": "PT0.2S"},
    )
    assert view.ch_defaults.cluster_default == ChannelTemplate()
    assert view.ch_defaults.for_namespace("any") == ChannelTemplate()


def test_shared_and_extension_configmaps_parse_to_their_defaults() -> None:
    store = ConfigStore(bootstrap_configmaps())
    for ns in (SERVING_NS, EVENTING_NS):
        assert store.get(ns, "config-tracing") == parse.TracingConfig()
        assert store.get(ns, "config-leader-election").buckets == 1
        assert store.get(ns, "config-observability") == parse.ObservabilityConfig()
    assert store.get(EVENTING_NS, "config-logging").levels == {"controller": "info", "webhook": "info"}
    assert store.get(EVENTING_NS, "config-nats").url == "nats://127.0.0.1:4222"
    assert store.get(EVENTING_NS, "config-natjsm-channel").template.kind == "NatsJetStreamChannel"


def _example(key: tuple[str, str]) -> dict[str, str]:
    parsed: dict[str, Any] = yaml.safe_load(_CMS[key]["data"]["_example"]) or {}
    return {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in parsed.items()}


@pytest.mark.parametrize(
    ("name", "parser"),
    [
        ("config-autoscaler", parse.parse_autoscaler),
        ("config-gc", parse.parse_gc),
        ("config-network", parse.parse_network),
        ("config-features", parse.parse_features),
        ("config-leader-election", parse.parse_leader_election),
    ],
)
def test_example_values_are_the_defaults(name: str, parser: Any) -> None:
    """What _example documents is what an empty ConfigMap means (Knative's own ConfigMap test)."""
    assert parser(_example((SERVING_NS, name))) == parser({}) or name == "config-features"


def test_example_blocks_parse() -> None:
    for key in (
        (SERVING_NS, "config-defaults"),
        (SERVING_NS, "config-deployment"),
        (SERVING_NS, "config-observability"),
        (SERVING_NS, "config-domain"),
    ):
        check(*key, _example(key))
    example_domain = parse.parse_domain(_example((SERVING_NS, "config-domain")))
    assert example_domain.lookup({"app": "secret"}) == "svc.cluster.local"
    assert example_domain.lookup({"app": "nonprofit"}) == "example.org"


def test_checksum_matches_knative() -> None:
    # config-domain's _example is Knative 1.12's text, which ships with checksum 26c09de5.
    cm = _CMS[(SERVING_NS, "config-domain")]
    assert cm["metadata"]["annotations"][EXAMPLE_CHECKSUM_ANNOTATION] == "26c09de5"
    assert example_checksum("  a\n\n\nb\r\n") == example_checksum("a\nb")


def test_bootstrap_returns_fresh_objects() -> None:
    first = bootstrap_configmaps()
    first[0]["data"]["x"] = "y"
    assert "x" not in bootstrap_configmaps()[0]["data"]
