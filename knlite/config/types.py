"""Typed views of Knative's ConfigMaps, with Knative's code defaults.

Each dataclass is what one ConfigMap in ``knative-serving`` or ``knative-eventing`` means once
parsed (``knlite/config/parse.py`` turns ConfigMap data into these, with Knative's validation).
Reconcilers, webhooks and the data planes only ever read these typed values, never raw
ConfigMap strings. Durations are integer nanoseconds (see :mod:`knlite.apis.goduration`);
``None`` stands for "disabled"/"unset" where Knative allows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from knlite.apis.goduration import HOUR, SECOND

SERVING_NS = "knative-serving"
EVENTING_NS = "knative-eventing"


@dataclass(frozen=True)
class AutoscalerConfig:  # config-autoscaler
    container_concurrency_target_fraction: float = 0.7
    container_concurrency_target_default: float = 100.0
    target_utilization: float = 0.7  # fixed for rps
    rps_target_default: float = 200.0
    target_burst_capacity: float = 211.0
    stable_window: int = 60 * SECOND
    panic_window_percentage: float = 10.0
    panic_threshold_percentage: float = 200.0
    max_scale_up_rate: float = 1000.0
    max_scale_down_rate: float = 2.0
    enable_scale_to_zero: bool = True
    scale_to_zero_grace_period: int = 30 * SECOND
    scale_to_zero_pod_retention_period: int = 0
    pod_autoscaler_class: str = "kpa.autoscaling.knative.dev"
    activator_capacity: float = 100.0
    initial_scale: int = 1
    allow_zero_initial_scale: bool = False
    min_scale: int = 0
    max_scale: int = 0
    max_scale_limit: int = 0
    scale_down_delay: int = 0


@dataclass(frozen=True)
class DefaultsConfig:  # config-defaults
    revision_timeout_seconds: int = 300
    max_revision_timeout_seconds: int = 600
    revision_response_start_timeout_seconds: int = 300
    revision_idle_timeout_seconds: int = 0
    container_concurrency: int = 0
    container_concurrency_max_limit: int = 1000
    allow_container_concurrency_zero: bool = True
    container_name_template: str = "user-container"
    init_container_name_template: str = "init-container"
    enable_service_links: bool | None = False
    revision_cpu_request: str | None = None
    revision_memory_request: str | None = None
    revision_ephemeral_storage_request: str | None = None
    revision_cpu_limit: str | None = None
    revision_memory_limit: str | None = None
    revision_ephemeral_storage_limit: str | None = None


ENABLED, DISABLED, ALLOWED = "Enabled", "Disabled", "Allowed"


@dataclass(frozen=True)
class FeaturesConfig:  # config-features (serving); values Enabled|Disabled|Allowed
    flags: dict[str, str] = field(default_factory=dict)

    DEFAULTS = {
        "multi-container": ENABLED,
        "kubernetes.podspec-volumes-emptydir": ENABLED,
        "kubernetes.podspec-dryrun": ALLOWED,
        "tag-header-based-routing": DISABLED,
        "autodetect-http2": DISABLED,
        "secure-pod-defaults": DISABLED,
        "queueproxy.mount-podinfo": DISABLED,
        "queueproxy.resource-defaults": DISABLED,
        "kubernetes.podspec-affinity": DISABLED,
        "kubernetes.podspec-topologyspreadconstraints": DISABLED,
        "kubernetes.podspec-hostaliases": DISABLED,
        "kubernetes.podspec-fieldref": DISABLED,
        "kubernetes.podspec-nodeselector": DISABLED,
        "kubernetes.podspec-runtimeclassname": DISABLED,
        "kubernetes.podspec-securitycontext": DISABLED,
        "kubernetes.podspec-shareprocessnamespace": DISABLED,
        "kubernetes.podspec-priorityclassname": DISABLED,
        "kubernetes.podspec-schedulername": DISABLED,
        "kubernetes.containerspec-addcapabilities": DISABLED,
        "kubernetes.podspec-tolerations": DISABLED,
        "kubernetes.podspec-init-containers": DISABLED,
        "kubernetes.podspec-persistent-volume-claim": DISABLED,
        "kubernetes.podspec-persistent-volume-write": DISABLED,
        "kubernetes.podspec-dnspolicy": DISABLED,
        "kubernetes.podspec-dnsconfig": DISABLED,
    }

    def get(self, name: str) -> str:
        return self.flags.get(name, self.DEFAULTS.get(name, DISABLED))

    def enabled(self, name: str) -> bool:
        return self.get(name) == ENABLED

    def allowed(self, name: str) -> bool:
        return self.get(name) in (ENABLED, ALLOWED)


@dataclass(frozen=True)
class NetworkConfig:  # config-network
    ingress_class: str = "istio.ingress.networking.knative.dev"
    certificate_class: str = "cert-manager.certificate.networking.knative.dev"
    domain_template: str = "{{.Name}}.{{.Namespace}}.{{.Domain}}"
    tag_template: str = "{{.Tag}}-{{.Name}}"
    external_domain_tls: bool = False
    cluster_local_domain_tls: bool = False
    system_internal_tls: bool = False
    http_protocol: str = "Enabled"  # Enabled | Disabled | Redirected
    rollout_duration: int = 0  # seconds
    autocreate_cluster_domain_claims: bool = False
    enable_mesh_pod_addressability: bool = False
    mesh_compatibility_mode: str = "auto"
    default_external_scheme: str = "http"
    namespace_wildcard_cert_selector: str = ""


@dataclass(frozen=True)
class DomainConfig:  # config-domain
    # domain suffix → label selector (empty dict = matches everything)
    domains: dict[str, dict[str, str]] = field(default_factory=lambda: {"svc.cluster.local": {}})

    def lookup(self, labels: dict[str, str]) -> str:
        """Knative's domain selection: the most specific matching selector, ties → smallest key."""
        if labels.get("networking.knative.dev/visibility") == "cluster-local":
            return "svc.cluster.local"
        best: tuple[int, str] | None = None
        for domain, selector in self.domains.items():
            if all(labels.get(k) == v for k, v in selector.items()):
                cand = (-len(selector), domain)
                if best is None or cand < best:
                    best = cand
        return best[1] if best else "svc.cluster.local"


@dataclass(frozen=True)
class GCConfig:  # config-gc; None = disabled
    retain_since_create_time: int | None = 48 * HOUR
    retain_since_last_active_time: int | None = 15 * HOUR
    min_non_active_revisions: int = 20
    max_non_active_revisions: int | None = 1000


@dataclass(frozen=True)
class DeploymentConfig:  # config-deployment
    progress_deadline: int = 600 * SECOND
    registries_skipping_tag_resolving: tuple[str, ...] = ("kind.local", "ko.local", "dev.local")
    digest_resolution_timeout: int = 10 * SECOND
    queue_sidecar_image: str = ""


# -- eventing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BrokerClassConfig:
    """One entry of config-br-defaults (clusterDefault or a namespace default)."""

    broker_class: str = ""
    config: dict[str, Any] | None = None  # a KReference: apiVersion, kind, name, namespace
    delivery: dict[str, Any] | None = None  # a DeliverySpec


@dataclass(frozen=True)
class BrokerDefaultsConfig:  # config-br-defaults, key default-br-config
    cluster_default: BrokerClassConfig | None = None
    namespace_defaults: dict[str, BrokerClassConfig] = field(default_factory=dict)

    def for_namespace(self, ns: str) -> BrokerClassConfig | None:
        return self.namespace_defaults.get(ns, self.cluster_default)


@dataclass(frozen=True)
class ChannelTemplate:
    api_version: str = "messaging.knative.dev/v1"
    kind: str = "InMemoryChannel"
    spec: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"apiVersion": self.api_version, "kind": self.kind}
        if self.spec:
            out["spec"] = self.spec
        return out


@dataclass(frozen=True)
class ChannelDefaultsConfig:  # default-ch-webhook, key default-ch-config
    cluster_default: ChannelTemplate | None = field(default_factory=ChannelTemplate)
    namespace_defaults: dict[str, ChannelTemplate] = field(default_factory=dict)

    def for_namespace(self, ns: str) -> ChannelTemplate | None:
        return self.namespace_defaults.get(ns, self.cluster_default)


@dataclass(frozen=True)
class BrokerChannelConfig:  # config-br-default-channel, key channel-template-spec
    template: ChannelTemplate = field(default_factory=ChannelTemplate)


@dataclass(frozen=True)
class EventingFeaturesConfig:  # config-features (eventing); values enabled|disabled|allowed
    flags: dict[str, str] = field(default_factory=dict)

    DEFAULTS = {
        "kreference-group": "disabled",
        "kreference-mapping": "disabled",
        "delivery-retryafter": "disabled",
        "delivery-timeout": "enabled",
        "new-trigger-filters": "enabled",
        "transport-encryption": "disabled",
        "eventtype-auto-create": "disabled",
        "authentication.oidc": "disabled",
    }

    def get(self, name: str) -> str:
        return self.flags.get(name, self.DEFAULTS.get(name, "disabled")).lower()

    def enabled(self, name: str) -> bool:
        return self.get(name) == "enabled"

    def allowed(self, name: str) -> bool:
        return self.get(name) in ("enabled", "allowed")


@dataclass(frozen=True)
class SugarConfig:  # config-sugar; None = feature off (matches nothing)
    namespace_selector: dict[str, Any] | None = None  # a metav1.LabelSelector
    trigger_selector: dict[str, Any] | None = None


@dataclass(frozen=True)
class PingDefaultsConfig:  # config-ping-defaults
    data_max_size: int = -1


@dataclass(frozen=True)
class KafkaBrokerConfig:  # kafka-broker-config (any name referenced by a Kafka broker)
    bootstrap_servers: str = ""
    default_topic_partitions: int = 10
    default_topic_replication_factor: int = 3
    topic_config: dict[str, str] = field(default_factory=dict)  # default.topic.config.*


@dataclass(frozen=True)
class KafkaChannelConfig:  # kafka-channel-config
    bootstrap_servers: str = ""


@dataclass(frozen=True)
class ConfigView:
    """One consistent snapshot of every ConfigMap knlite understands."""

    autoscaler: AutoscalerConfig = field(default_factory=AutoscalerConfig)
    defaults: DefaultsConfig = field(default_factory=DefaultsConfig)
    features: FeaturesConfig = field(default_factory=FeaturesConfig)
    network: NetworkConfig = field(default_factory=NetworkConfig)
    domain: DomainConfig = field(default_factory=DomainConfig)
    gc: GCConfig = field(default_factory=GCConfig)
    deployment: DeploymentConfig = field(default_factory=DeploymentConfig)
    br_defaults: BrokerDefaultsConfig = field(default_factory=BrokerDefaultsConfig)
    br_channel: BrokerChannelConfig = field(default_factory=BrokerChannelConfig)
    ch_defaults: ChannelDefaultsConfig = field(default_factory=ChannelDefaultsConfig)
    eventing_features: EventingFeaturesConfig = field(default_factory=EventingFeaturesConfig)
    sugar: SugarConfig = field(default_factory=SugarConfig)
    ping: PingDefaultsConfig = field(default_factory=PingDefaultsConfig)
    kafka_broker: KafkaBrokerConfig = field(default_factory=KafkaBrokerConfig)
    kafka_channel: KafkaChannelConfig = field(default_factory=KafkaChannelConfig)
