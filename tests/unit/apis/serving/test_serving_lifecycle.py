"""Condition sets and status helpers of the serving kinds (``*_lifecycle.go``)."""

from __future__ import annotations

from typing import Any

import pytest

from knlite.apis.serving import configuration, domainmapping, revision, route, service
from knlite.apis.serving.lifecycle import is_failed, is_ready

Obj = dict[str, Any]


def conds(status: Obj) -> dict[str, tuple[str, str, str]]:
    return {c["type"]: (c["status"], c.get("reason", ""), c.get("message", "")) for c in status["conditions"]}


def cond(status: str, reason: str = "", message: str = "") -> Obj:
    return {"type": "Ready", "status": status, **({"reason": reason} if reason else {}),
            **({"message": message} if message else {})}


@pytest.mark.parametrize(
    ("module", "types"),
    [
        (service, ["ConfigurationsReady", "Ready", "RoutesReady"]),
        (configuration, ["Ready"]),
        (revision, ["ContainerHealthy", "Ready", "ResourcesAvailable"]),
        (route, ["AllTrafficAssigned", "CertificateProvisioned", "IngressReady", "Ready"]),
        (domainmapping, ["CertificateProvisioned", "DomainClaimed", "IngressReady", "Ready", "ReferenceResolved"]),
    ],
)
def test_initialize(module: Any, types: list[str]) -> None:
    status: Obj = {}
    module.initialize_conditions(status)
    assert [c["type"] for c in status["conditions"]] == types
    assert all(c["status"] == "Unknown" for c in status["conditions"])


def test_service_propagation_order_route_wins() -> None:
    status: Obj = {}
    service.initialize_conditions(status)
    config_status = {"latestCreatedRevisionName": "hello-00001", "conditions": [cond(
        "False", "RevisionFailed", 'Revision "hello-00001" failed with message: boom.')]}
    route_status = {"url": "http://hello.default.example.com", "conditions": [cond(
        "False", "RevisionMissing", 'Configuration "hello" does not have any ready Revision.')]}
    service.propagate_configuration_status(status, config_status)
    service.propagate_route_status(status, route_status)
    got = conds(status)
    assert got["ConfigurationsReady"] == ("False", "RevisionFailed", 'Revision "hello-00001" failed with message: boom.')
    assert got["Ready"] == ("False", "RevisionMissing", 'Configuration "hello" does not have any ready Revision.')
    assert status["latestCreatedRevisionName"] == "hello-00001"
    assert status["url"] == "http://hello.default.example.com"
    assert "latestReadyRevisionName" not in status


def test_service_ready_when_both_children_ready() -> None:
    status: Obj = {}
    service.initialize_conditions(status)
    service.propagate_configuration_status(status, {"latestReadyRevisionName": "hello-00001",
                                                    "latestCreatedRevisionName": "hello-00001",
                                                    "conditions": [cond("True")]})
    assert conds(status)["Ready"][0] == "Unknown"
    service.propagate_route_status(status, {"conditions": [cond("True")], "traffic": []})
    assert conds(status)["Ready"] == ("True", "", "")
    service.mark_route_not_yet_ready(status)
    assert conds(status)["Ready"] == ("Unknown", "TrafficNotMigrated", "Traffic is not yet migrated to the latest revision.")


@pytest.mark.parametrize(
    ("mark", "dependent", "want"),
    [
        (lambda s: service.mark_configuration_not_owned(s, "hello"), "ConfigurationsReady",
         ("False", "NotOwned", 'There is an existing Configuration "hello" that we do not own.')),
        (lambda s: service.mark_route_not_owned(s, "hello"), "RoutesReady",
         ("False", "NotOwned", 'There is an existing Route "hello" that we do not own.')),
        (service.mark_configuration_not_reconciled, "ConfigurationsReady",
         ("Unknown", "OutOfDate", "The Configuration is still working to reflect the latest desired specification.")),
        (service.mark_route_not_reconciled, "RoutesReady",
         ("Unknown", "OutOfDate", "The Route is still working to reflect the latest desired specification.")),
        (lambda s: service.mark_revision_name_taken(s, "hello-a"), "RoutesReady",
         ("False", "RevisionNameTaken",
          'The revision name "hello-a" is taken by a conflicting Revision, so traffic will not be migrated')),
        (lambda s: route.mark_configuration_not_ready(s, "hello"), "AllTrafficAssigned",
         ("Unknown", "RevisionMissing", 'Configuration "hello" is waiting for a Revision to become ready.')),
        (lambda s: route.mark_configuration_failed(s, "hello"), "AllTrafficAssigned",
         ("False", "RevisionMissing", 'Configuration "hello" does not have any ready Revision.')),
        (lambda s: route.mark_revision_not_ready(s, "hello-00001"), "AllTrafficAssigned",
         ("Unknown", "RevisionMissing", 'Revision "hello-00001" is not yet ready.')),
        (lambda s: route.mark_revision_failed(s, "hello-00001"), "AllTrafficAssigned",
         ("False", "RevisionMissing", 'Revision "hello-00001" failed to become ready.')),
        (lambda s: route.mark_missing_traffic_target(s, "Configuration", "nope"), "AllTrafficAssigned",
         ("False", "ConfigurationMissing", 'Configuration "nope" referenced in traffic not found.')),
        (route.mark_ingress_not_configured, "IngressReady",
         ("Unknown", "IngressNotConfigured", "Ingress has not yet been reconciled.")),
        (route.mark_ingress_rollout_in_progress, "IngressReady",
         ("Unknown", "RolloutInProgress", "A gradual rollout of the latest revision(s) is in progress.")),
        (route.mark_tls_not_enabled, "CertificateProvisioned",
         ("True", "TLSNotEnabled", "external-domain-tls is not enabled")),
    ],
)
def test_marks(mark: Any, dependent: str, want: tuple[str, str, str]) -> None:
    status: Obj = {}
    module = service if dependent in ("ConfigurationsReady", "RoutesReady") else route
    module.initialize_conditions(status)
    mark(status)
    assert conds(status)[dependent] == want
    if want[0] == "False":
        assert conds(status)["Ready"] == want


def test_route_ready() -> None:
    status: Obj = {}
    route.initialize_conditions(status)
    route.mark_traffic_assigned(status)
    route.mark_tls_not_enabled(status)
    route.propagate_ingress_status(status, {})
    assert conds(status)["IngressReady"][1] == "IngressNotConfigured"
    route.propagate_ingress_status(status, {"conditions": [cond("True")]})
    assert conds(status)["Ready"] == ("True", "", "")


def test_configuration_latest_revisions() -> None:
    status: Obj = {}
    configuration.initialize_conditions(status)
    configuration.set_latest_created_revision_name(status, "hello-00001")
    assert conds(status)["Ready"] == ("Unknown", "", "")
    configuration.mark_latest_created_failed(status, "hello-00001", "Container failed with: boom")
    assert conds(status)["Ready"] == (
        "False", "RevisionFailed", 'Revision "hello-00001" failed with message: Container failed with: boom.')
    configuration.set_latest_ready_revision_name(status, "hello-00001")
    assert conds(status)["Ready"] == ("True", "", "")
    configuration.mark_revision_creation_failed(status, "already exists")
    assert conds(status)["Ready"] == ("False", "RevisionFailed", "Revision creation failed with message: already exists.")
    configuration.mark_latest_ready_deleted(status)
    assert conds(status)["Ready"] == ("False", "RevisionDeleted", 'Revision "hello-00001" was deleted.')


def test_is_ready_needs_observed_generation() -> None:
    obj: Obj = {"metadata": {"generation": 2}, "status": {"observedGeneration": 1, "conditions": [cond("True")]}}
    assert not is_ready(obj)
    obj["status"]["observedGeneration"] = 2
    assert is_ready(obj) and not is_failed(obj)
    obj["status"]["conditions"] = [cond("False")]
    assert is_failed(obj)


def pa(ready: str | None, initialized: bool = False, service_name: str = "hello-00001", **scale: int) -> Obj:
    conditions = []
    if ready is not None:
        conditions.append({"type": "Ready", "status": ready, "reason": "Queued" if ready == "Unknown" else "NoTraffic",
                           "message": "m"})
    if initialized:
        conditions.append({"type": "ScaleTargetInitialized", "status": "True"})
    return {"conditions": conditions, "serviceName": service_name, **scale}


@pytest.mark.parametrize(
    ("pa_status", "want"),
    [
        (pa(None), {"Active": ("Unknown", "Deploying", ""), "ResourcesAvailable": ("Unknown", "Deploying", ""),
                    "ContainerHealthy": ("Unknown", "", ""), "Ready": ("Unknown", "Deploying", "")}),
        (pa("True", initialized=True), {"Active": ("True", "", ""), "ResourcesAvailable": ("True", "", ""),
                                        "ContainerHealthy": ("True", "", ""), "Ready": ("True", "", "")}),
        (pa("Unknown", initialized=True), {"Active": ("Unknown", "Queued", "m"), "Ready": ("True", "", "")}),
        (pa("False", initialized=True), {"Active": ("False", "NoTraffic", "m"), "Ready": ("True", "", "")}),
        (pa("False"), {"ResourcesAvailable": ("False", "ProgressDeadlineExceeded", "Initial scale was never achieved"),
                       "Active": ("False", "NoTraffic", "m"),
                       "Ready": ("False", "ProgressDeadlineExceeded", "Initial scale was never achieved")}),
        (pa("True", initialized=True, service_name=""), {"ResourcesAvailable": ("Unknown", "Deploying", "")}),
    ],
)
def test_revision_propagate_autoscaler_status(pa_status: Obj, want: dict[str, tuple[str, str, str]]) -> None:
    status: Obj = {}
    revision.initialize_conditions(status)
    revision.propagate_autoscaler_status(status, pa_status)
    got = conds(status)
    for ctype, value in want.items():
        assert got[ctype] == value, ctype
    active = next(c for c in status["conditions"] if c["type"] == "Active")
    assert active["severity"] == "Info"


def test_revision_replicas_copied_when_known() -> None:
    status: Obj = {"actualReplicas": 3}
    revision.propagate_autoscaler_status(status, pa("True", initialized=True, actualScale=1, desiredScale=-1))
    assert status["actualReplicas"] == 1 and "desiredReplicas" not in status


def test_revision_messages() -> None:
    assert revision.exit_code_reason(1) == "ExitCode1"
    assert revision.container_exiting_message("oops") == "Container failed with: oops"
    assert revision.container_missing_message("x/y", "not found") == 'Unable to fetch image "x/y": not found'


@pytest.mark.parametrize(
    ("spec", "container", "port", "protocol"),
    [
        ({"containers": [{"name": "a"}]}, "a", 8080, "http1"),
        ({"containers": [{"name": "a"}, {"name": "b", "ports": [{"containerPort": 9000, "name": "h2c"}]}]},
         "b", 9000, "h2c"),
        ({"containers": [{"name": "a", "ports": [{"containerPort": 3000}]}]}, "a", 3000, "http1"),
    ],
)
def test_revision_spec_helpers(spec: Obj, container: str, port: int, protocol: str) -> None:
    serving = revision.serving_container(spec)
    assert serving is not None and serving["name"] == container
    assert revision.user_port(spec) == port
    assert revision.protocol(spec) == protocol


def test_domain_mapping_lifecycle() -> None:
    status: Obj = {}
    domainmapping.initialize_conditions(status)
    domainmapping.mark_domain_claimed(status)
    domainmapping.mark_reference_resolved(status)
    domainmapping.mark_tls_not_enabled(status)
    domainmapping.propagate_ingress_status(status, {"conditions": [cond("True")]})
    assert conds(status)["Ready"] == ("True", "", "")
    domainmapping.mark_domain_claim_not_owned(status)
    assert conds(status)["Ready"] == (
        "False", "DomainAlreadyClaimed", "The domain name is already in use by another DomainMapping")
