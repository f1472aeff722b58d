"""ConfigStore: live updates, rollback on invalid data, deletion, subscriptions, the webhook."""

from __future__ import annotations

import pytest

from knlite.apis.goduration import SECOND
from knlite.config.defaults import EXAMPLE_CHECKSUM_ANNOTATION, bootstrap_configmaps, example_checksum
from knlite.config.store import ConfigStore, is_known
from knlite.config.types import EVENTING_NS, SERVING_NS, ConfigView


def test_starts_from_code_defaults() -> None:
    assert ConfigStore().view() == ConfigView()


def test_update_changes_the_view_and_notifies() -> None:
    store = ConfigStore()
    seen: list[tuple[str, str]] = []
    store.subscribe(lambda ns, name: seen.append((ns, name)))
    before = store.view()
    assert store.update(SERVING_NS, "config-autoscaler", {"stable-window": "2m"}) is None
    assert store.view().autoscaler.stable_window == 120 * SECOND
    assert before.autoscaler.stable_window == 60 * SECOND  # earlier snapshots are untouched
    assert store.view().network is before.network
    assert seen == [(SERVING_NS, "config-autoscaler")]


def test_invalid_update_keeps_previous_value(caplog: pytest.LogCaptureFixture) -> None:
    store = ConfigStore()
    seen: list[tuple[str, str]] = []
    store.subscribe(lambda ns, name: seen.append((ns, name)))
    store.update(SERVING_NS, "config-autoscaler", {"stable-window": "2m"})
    error = store.update(SERVING_NS, "config-autoscaler", {"stable-window": "2s"})
    assert error == "stable-window = 2s, must be in [6s; 1h0m0s] range"
    assert store.view().autoscaler.stable_window == 120 * SECOND
    assert "keeping the previous configuration" in caplog.text
    assert seen == [(SERVING_NS, "config-autoscaler")]


def test_unchanged_value_does_not_notify() -> None:
    store = ConfigStore()
    seen: list[tuple[str, str]] = []
    store.subscribe(lambda ns, name: seen.append((ns, name)))
    store.update(SERVING_NS, "config-gc", {"_example": "edited docs only"})
    store.update(EVENTING_NS, "config-features", {"delivery-timeout": "enabled"})
    store.update(EVENTING_NS, "config-features", {"delivery-timeout": "Enabled"})
    assert seen == [(EVENTING_NS, "config-features")]


def test_delete_falls_back_to_defaults() -> None:
    store = ConfigStore(bootstrap_configmaps())
    assert store.view().domain.lookup({}) == "example.com"
    assert store.view().br_defaults.cluster_default is not None
    store.delete(SERVING_NS, "config-domain")
    store.delete(EVENTING_NS, "config-br-defaults")
    assert store.view().domain.lookup({}) == "svc.cluster.local"
    assert store.view().br_defaults.cluster_default is None
    store.delete(EVENTING_NS, "config-nats")
    assert store.get(EVENTING_NS, "config-nats").url == ""


def test_same_name_in_both_namespaces_is_kept_apart() -> None:
    store = ConfigStore()
    store.update(SERVING_NS, "config-features", {"multi-container": "disabled"})
    store.update(EVENTING_NS, "config-features", {"kreference-group": "enabled"})
    assert store.view().features.get("multi-container") == "Disabled"
    assert store.view().eventing_features.enabled("kreference-group")
    store.update(SERVING_NS, "config-tracing", {"sample-rate": "0.5"})
    assert store.get(SERVING_NS, "config-tracing").sample_rate == 0.5
    assert store.get(EVENTING_NS, "config-tracing").sample_rate == 0.1


def test_unknown_configmaps_are_ignored() -> None:
    store = ConfigStore()
    assert not is_known("default", "config-autoscaler")
    assert store.update("default", "config-autoscaler", {"stable-window": "x"}) is None
    assert store.validate("default", "my-settings", {"anything": "goes"}) is None
    assert store.get("default", "my-settings") is None
    store.delete("default", "my-settings")
    assert store.view() == ConfigView()


def test_kafka_broker_config_is_kept_leniently() -> None:
    store = ConfigStore()
    store.update(EVENTING_NS, "kafka-broker-config", {"bootstrap.servers": "k:9092"})
    assert store.view().kafka_broker.bootstrap_servers == "k:9092"
    assert store.view().kafka_broker.default_topic_partitions == 10
    assert store.validate(EVENTING_NS, "kafka-broker-config", {"default.topic.partitions": "x"}) is not None


def test_callback_errors_do_not_break_the_store(caplog: pytest.LogCaptureFixture) -> None:
    store = ConfigStore()
    seen: list[str] = []

    def boom(ns: str, name: str) -> None:
        raise RuntimeError("boom")

    store.subscribe(boom)
    unsubscribe = store.subscribe(lambda ns, name: seen.append(name))
    store.update(SERVING_NS, "config-gc", {"min-non-active-revisions": "1"})
    assert seen == ["config-gc"]
    assert "callback failed" in caplog.text
    unsubscribe()
    store.update(SERVING_NS, "config-gc", {"min-non-active-revisions": "2"})
    assert seen == ["config-gc"]


@pytest.mark.parametrize(
    ("namespace", "name", "data", "message"),
    [
        (
            SERVING_NS,
            "config-defaults",
            {"revision-timeout-seconds": "700"},
            "revision-timeout-seconds (700) cannot be greater than max-revision-timeout-seconds (600)",
        ),
        (
            SERVING_NS,
            "config-network",
            {"domain-template": "{{.Name}}.{{.Namespace}}.{{.Domain}}/x"},
            "domain template has url path: /x",
        ),
        (
            SERVING_NS,
            "config-domain",
            {"example.com": "selector: x"},
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go struct field "
            "LabelSelector.selector of type map[string]string",
        ),
        (
            EVENTING_NS,
            "config-br-defaults",
            {},
            'ConfigMap is missing (or empty) key: "default-br-config" : map[]',
        ),
        (
            EVENTING_NS,
            "config-sugar",
            {"namespace-selector": "- a"},
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type v1.LabelSelector",
        ),
        (EVENTING_NS, "config-logging", {"loglevel.controller": "loud"}, "invalid logging level: loud"),
    ],
)
def test_validate_returns_knative_message(
    namespace: str, name: str, data: dict[str, str], message: str
) -> None:
    store = ConfigStore()
    assert store.validate(namespace, name, data) == message
    assert store.validate(namespace, name, {**data, **dict.fromkeys(data, "")}) != message or not data


def test_validate_accepts_good_data() -> None:
    store = ConfigStore()
    for cm in bootstrap_configmaps():
        meta = cm["metadata"]
        assert store.validate(meta["namespace"], meta["name"], cm["data"], meta.get("annotations")) is None
    assert (
        store.validate(
            SERVING_NS, "config-autoscaler", {"pod-autoscaler-class": "hpa.autoscaling.knative.dev"}
        )
        is None
    )


def test_validate_rejects_edits_inside_example() -> None:
    store = ConfigStore()
    cm = next(c for c in bootstrap_configmaps() if c["metadata"]["name"] == "config-autoscaler")
    annotations = cm["metadata"]["annotations"]
    edited = {
        **cm["data"],
        "_example": cm["data"]["_example"].replace('stable-window: "60s"', 'stable-window: "30s"'),
    }
    assert store.validate(SERVING_NS, "config-autoscaler", edited, annotations) == (
        'the update modifies a key in "_example" which is probably not what you want. Instead, copy the '
        'respective setting to the top-level of the ConfigMap, directly below "data"'
    )
    # without the annotation (or with an updated one) the edit is fine
    assert store.validate(SERVING_NS, "config-autoscaler", edited) is None
    fixed = {EXAMPLE_CHECKSUM_ANNOTATION: example_checksum(edited["_example"])}
    assert store.validate(SERVING_NS, "config-autoscaler", edited, fixed) is None
    # adding a real key next to the untouched example is the intended edit
    assert (
        store.validate(SERVING_NS, "config-autoscaler", {**cm["data"], "stable-window": "30s"}, annotations)
        is None
    )


def test_initial_configmaps_with_invalid_data_keep_defaults() -> None:
    bad = {
        "metadata": {"namespace": SERVING_NS, "name": "config-gc"},
        "data": {"min-non-active-revisions": "x"},
    }
    assert ConfigStore([bad]).view().gc == ConfigView().gc
