"""Knative's ConfigMap parsers: ConfigMap ``data`` → the typed configs of :mod:`knlite.config.types`.

Why: Knative reads every ConfigMap with the same few readers of ``knative.dev/pkg/configmap``
(``AsString``, ``AsBool``, ``AsInt64``, ``AsDuration``, ...) listed in a fixed order, then checks
the result; its config webhook runs that same parser to reject a bad ``kubectl edit``, and the
parser's error text is what the user reads. knlite mirrors each parser rule for rule:

* keys are read in Knative's order, legacy camelCase keys first, so the current key wins;
* ``_example`` never configures anything;
* errors carry Knative's text, built from Go's own (``strconv.ParseInt: parsing "x": invalid
  syntax``, ``time: invalid duration "x"``, ``json: cannot unmarshal ...``);
* the eventing ConfigMaps that hold YAML (``default-br-config``, ``default-ch-config``,
  ``channel-template-spec``, selectors) are decoded against the Go types Knative decodes into.

Durations are integer nanoseconds (:mod:`knlite.apis.goduration`). Go's wording comes from
:mod:`knlite.config._golang`; templates (``domain-template``, ``tag-template``, container names)
from :mod:`knlite.config.gotemplate`, re-exported here for the Route reconciler.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from knlite.apis.goduration import SECOND
from knlite.config._golang import (
    BOOL,
    INT,
    INT32,
    STRING,
    GoError,
    GoType,
    decode_json,
    go_duration,
    go_float,
    go_json,
    go_map,
    go_quote,
    go_slice,
    go_struct,
    go_value,
    parse_go_bool,
    parse_go_duration,
    parse_go_float,
    parse_go_int,
    parse_go_uint,
    parse_quantity,
    sigs_yaml_unmarshal,
    yaml_to_json,
)
from knlite.config.gotemplate import (  # noqa: F401 - the template API is re-exported for the Route reconciler
    DEFAULT_DOMAIN_TEMPLATE,
    DEFAULT_TAG_TEMPLATE,
    GoStruct,
    Template,
    TemplateError,
    check_domain_template_host,
    domain_template_values,
    object_meta_values,
    parse_template,
    render_domain,
    render_tag,
    render_template,
    tag_template_values,
)
from knlite.config.types import (
    ALLOWED,
    DISABLED,
    ENABLED,
    AutoscalerConfig,
    BrokerChannelConfig,
    BrokerClassConfig,
    BrokerDefaultsConfig,
    ChannelDefaultsConfig,
    ChannelTemplate,
    DefaultsConfig,
    DeploymentConfig,
    DomainConfig,
    EventingFeaturesConfig,
    FeaturesConfig,
    GCConfig,
    KafkaBrokerConfig,
    KafkaChannelConfig,
    NetworkConfig,
    PingDefaultsConfig,
    SugarConfig,
)

Data = Mapping[str, str]
EXAMPLE_KEY = "_example"


class ConfigError(ValueError):
    """Invalid ConfigMap data; ``str()`` is the message Knative's webhook returns."""


# -- typed key readers (knative.dev/pkg/configmap) -------------------------------------------------

_KEEP = object()  # a reader's "leave the current value" (asFlag / asMode on an unknown value)


@dataclass(frozen=True)
class _As:
    key: str
    target: str
    conv: Callable[[str], Any]
    wrap: bool = True  # errors read 'failed to parse "key": <err>' (AsBool and asTemplate don't)


def as_string(key: str, target: str) -> _As:
    return _As(key, target, str)


def as_bool(key: str, target: str) -> _As:
    return _As(key, target, parse_go_bool, wrap=False)


def as_int(key: str, target: str, bits: int = 64, fn: str = "ParseInt") -> _As:
    return _As(key, target, lambda raw: parse_go_int(raw, bits, fn))


def as_float(key: str, target: str) -> _As:
    return _As(key, target, parse_go_float)


def as_duration(key: str, target: str) -> _As:
    return _As(key, target, parse_go_duration)


def as_quantity(key: str, target: str) -> _As:
    return _As(key, target, parse_quantity)


def as_string_set(key: str, target: str) -> _As:
    """``AsStringSet``: comma-separated, trimmed; kept in first-seen order."""
    return _As(key, target, lambda raw: tuple(dict.fromkeys(p.strip() for p in raw.split(","))))


def as_choice(key: str, target: str, choices: Sequence[str]) -> _As:
    """``asFlag``/``asMode``: a case-insensitive pick among ``choices``; other values are ignored."""
    by_fold = {c.lower(): c for c in choices}
    return _As(key, target, lambda raw: by_fold.get(raw.lower(), _KEEP))


def cm_parse(data: Data, readers: Sequence[_As], values: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``configmap.Parse``: apply each reader whose key is present, in order; first error wins."""
    for r in readers:
        if r.key not in data:
            continue
        try:
            value = r.conv(data[r.key])
        except GoError as e:
            msg = f"failed to parse {go_quote(r.key)}: {e}" if r.wrap else str(e)
            raise ConfigError(prefix + msg) from None
        if value is not _KEEP:
            values[r.target] = value
    return values


def _fields(cfg: Any) -> dict[str, Any]:
    return {f.name: getattr(cfg, f.name) for f in dataclasses.fields(cfg)}


# Go types Knative decodes its YAML values into.
LABEL_SELECTOR = go_struct(
    "v1.LabelSelector",
    {
        "matchLabels": go_map(STRING),
        "matchExpressions": go_slice(
            go_struct(
                "v1.LabelSelectorRequirement",
                {
                    "key": STRING,
                    "operator": GoType("v1.LabelSelectorOperator", "string"),
                    "values": go_slice(STRING),
                },
            )
        ),
    },
)
_KREF_FIELDS = {"kind": STRING, "namespace": STRING, "name": STRING, "apiVersion": STRING, "group": STRING}
KREFERENCE = go_struct("v1.KReference", _KREF_FIELDS)
DESTINATION = go_struct(
    "v1.Destination", {"ref": KREFERENCE, "uri": STRING, "CACerts": STRING, "audience": STRING}
)
DELIVERY_SPEC = go_struct(
    "v1.DeliverySpec",
    {
        "deadLetterSink": DESTINATION,
        "retry": INT32,
        "timeout": STRING,
        "backoffPolicy": GoType("v1.BackoffPolicyType", "string"),
        "backoffDelay": STRING,
        "retryAfterMax": STRING,
    },
)
_CLASS_AND_BROKER_CONFIG = go_struct(
    "config.ClassAndBrokerConfig", {"brokerClass": STRING, **_KREF_FIELDS, "delivery": DELIVERY_SPEC}
)
BROKER_DEFAULTS = go_struct(
    "config.Defaults",
    {
        "namespaceDefaults": go_map(_CLASS_AND_BROKER_CONFIG, "map[string]*config.ClassAndBrokerConfig"),
        "clusterDefault": _CLASS_AND_BROKER_CONFIG,
    },
)
_CHANNEL_TEMPLATE_FIELDS = {
    "kind": STRING,
    "apiVersion": STRING,
    "spec": GoType("runtime.RawExtension", "any"),
}
_CONFIG_CHANNEL_TEMPLATE = go_struct("config.ChannelTemplateSpec", _CHANNEL_TEMPLATE_FIELDS)
CHANNEL_DEFAULTS = go_struct(
    "config.ChannelDefaults",
    {
        "namespaceDefaults": go_map(_CONFIG_CHANNEL_TEMPLATE, "map[string]*config.ChannelTemplateSpec"),
        "clusterDefault": _CONFIG_CHANNEL_TEMPLATE,
    },
)
CHANNEL_TEMPLATE_SPEC = go_struct("v1.ChannelTemplateSpec", _CHANNEL_TEMPLATE_FIELDS)
_DOMAIN_SELECTOR = go_struct("config.LabelSelector", {"selector": go_map(STRING)})

# -- knative-serving -------------------------------------------------------------------------------

TARGET_MIN = 0.01  # autoscaling.TargetMin
WINDOW_MIN, WINDOW_MAX = 6 * SECOND, 3600 * SECOND
PANIC_WINDOW_PERCENTAGE_MIN, PANIC_WINDOW_PERCENTAGE_MAX = 1.0, 100.0
MAX_INT32 = 2**31 - 1


def _whole_seconds(ns: int) -> bool:
    return ns % SECOND == 0


def parse_autoscaler(data: Data) -> AutoscalerConfig:
    """config-autoscaler (``pkg/autoscaler/config/config.go``)."""
    v = cm_parse(
        data,
        [
            as_string("pod-autoscaler-class", "pod_autoscaler_class"),
            as_bool("enable-scale-to-zero", "enable_scale_to_zero"),
            as_bool("allow-zero-initial-scale", "allow_zero_initial_scale"),
            as_float("max-scale-up-rate", "max_scale_up_rate"),
            as_float("max-scale-down-rate", "max_scale_down_rate"),
            as_float("container-concurrency-target-percentage", "container_concurrency_target_fraction"),
            as_float("container-concurrency-target-default", "container_concurrency_target_default"),
            as_float("requests-per-second-target-default", "rps_target_default"),
            as_float("target-burst-capacity", "target_burst_capacity"),
            as_float("panic-window-percentage", "panic_window_percentage"),
            as_float("activator-capacity", "activator_capacity"),
            as_float("panic-threshold-percentage", "panic_threshold_percentage"),
            as_int("initial-scale", "initial_scale", 32),
            as_int("min-scale", "min_scale", 32),
            as_int("max-scale", "max_scale", 32),
            as_int("max-scale-limit", "max_scale_limit", 32),
            as_duration("stable-window", "stable_window"),
            as_duration("scale-down-delay", "scale_down_delay"),
            as_duration("scale-to-zero-grace-period", "scale_to_zero_grace_period"),
            as_duration("scale-to-zero-pod-retention-period", "scale_to_zero_pod_retention_period"),
        ],
        _fields(AutoscalerConfig()),
        prefix="failed to parse data: ",
    )
    # Percentages; for legacy reasons values in (0, 1] are already fractions.
    if v["container_concurrency_target_fraction"] > 1.0:
        v["container_concurrency_target_fraction"] /= 100.0
    cfg = AutoscalerConfig(**v)
    _validate_autoscaler(cfg)
    return cfg


def _validate_autoscaler(c: AutoscalerConfig) -> None:
    d, f = go_duration, go_value
    if c.scale_to_zero_grace_period <= 0:
        raise ConfigError(
            f"scale-to-zero-grace-period must be positive, was: {d(c.scale_to_zero_grace_period)}"
        )
    if c.scale_down_delay < 0:
        raise ConfigError(f"scale-down-delay cannot be negative, was: {d(c.scale_down_delay)}")
    if not _whole_seconds(c.scale_down_delay):
        raise ConfigError(
            f"scale-down-delay = {d(c.scale_down_delay)}, must be specified with at most second precision"
        )
    if c.scale_to_zero_pod_retention_period < 0:
        raise ConfigError(
            f"scale-to-zero-pod-retention-period cannot be negative, was: {d(c.scale_to_zero_pod_retention_period)}"
        )
    if c.target_burst_capacity < 0 and c.target_burst_capacity != -1:
        raise ConfigError(
            "target-burst-capacity must be either non-negative or -1 (for unlimited), "
            f"was: {c.target_burst_capacity:f}"
        )
    fraction = c.container_concurrency_target_fraction
    if fraction <= 0 or fraction > 1:
        raise ConfigError(
            f"container-concurrency-target-percentage = {fraction:f} is outside of valid range of (0, 100]"
        )
    target = fraction * c.container_concurrency_target_default
    if target < TARGET_MIN:
        raise ConfigError(
            "container-concurrency-target-percentage and container-concurrency-target-default yield target "
            f"concurrency of {f(target)}, can't be less than {f(TARGET_MIN)}"
        )
    if c.rps_target_default < TARGET_MIN:
        raise ConfigError(
            f"requests-per-second-target-default must be at least {f(TARGET_MIN)}, was: {f(c.rps_target_default)}"
        )
    if c.activator_capacity < 1:
        raise ConfigError(f"activator-capacity = {f(c.activator_capacity)}, must be at least 1")
    if c.max_scale_up_rate <= 1.0:
        raise ConfigError(f"max-scale-up-rate = {f(c.max_scale_up_rate)}, must be greater than 1.0")
    if c.max_scale_down_rate <= 1.0:
        raise ConfigError(f"max-scale-down-rate = {f(c.max_scale_down_rate)}, must be greater than 1.0")
    if c.stable_window < WINDOW_MIN or c.stable_window > WINDOW_MAX:
        raise ConfigError(
            f"stable-window = {d(c.stable_window)}, must be in [{d(WINDOW_MIN)}; {d(WINDOW_MAX)}] range"
        )
    if not _whole_seconds(c.stable_window):
        raise ConfigError(
            f"stable-window = {d(c.stable_window)}, must be specified with at most second precision"
        )
    if not PANIC_WINDOW_PERCENTAGE_MIN <= c.panic_window_percentage <= PANIC_WINDOW_PERCENTAGE_MAX:
        raise ConfigError(
            f"panic-window-percentage = {f(c.panic_window_percentage)}, must be in "
            f"[{f(PANIC_WINDOW_PERCENTAGE_MIN)}, {f(PANIC_WINDOW_PERCENTAGE_MAX)}] interval"
        )
    if c.initial_scale < 0 or (c.initial_scale == 0 and not c.allow_zero_initial_scale):
        raise ConfigError(
            f"initial-scale = {c.initial_scale}, must be at least 0 (or at least 1 when "
            "allow-zero-initial-scale is false)"
        )
    if c.min_scale < 0:
        raise ConfigError(f"min-scale = {c.min_scale}, must be at least 0")
    min_max_scale = 1 if c.max_scale_limit > 0 else 0
    if c.max_scale < min_max_scale or (c.max_scale_limit > 0 and c.max_scale > c.max_scale_limit):
        raise ConfigError(
            f"max-scale = {c.max_scale}, must be in [{min_max_scale}, max-scale-limit({c.max_scale_limit})] range"
        )
    if c.max_scale_limit < 0:
        raise ConfigError(f"max-scale-limit = {c.max_scale_limit}, must be at least 0")
    if c.min_scale > c.max_scale > 0:
        raise ConfigError(f"min-scale ({c.min_scale}) must be less than max-scale ({c.max_scale})")


def _as_template(key: str, target: str, name: str) -> _As:
    """``asTemplate``: the value must parse as a Go template; the error is Go's, unwrapped."""

    def conv(raw: str) -> str:
        parse_template(raw, name)  # a TemplateError is a GoError: reported unwrapped, as Go's
        return raw

    return _As(key, target, conv, wrap=False)


def _as_tri_state(key: str, target: str) -> _As:
    """``asTriState``: true / false (any case); anything else means "unset" (None)."""
    return _As(key, target, lambda raw: {"true": True, "false": False}.get(raw.lower()))


def _out_of_bounds(value: int, lower: int, upper: int, path: str) -> ConfigError:
    return ConfigError(f"expected {lower} <= {value} <= {upper}: {path}")


def parse_defaults(data: Data) -> DefaultsConfig:
    """config-defaults (``pkg/apis/config/defaults.go``)."""
    v = cm_parse(
        data,
        [
            _as_template(
                "init-container-name-template", "init_container_name_template", "container-template"
            ),
            _as_template("container-name-template", "container_name_template", "container-template"),
            as_bool("allow-container-concurrency-zero", "allow_container_concurrency_zero"),
            _as_tri_state("enable-service-links", "enable_service_links"),
            as_int("revision-timeout-seconds", "revision_timeout_seconds"),
            as_int("max-revision-timeout-seconds", "max_revision_timeout_seconds"),
            as_int("revision-idle-timeout-seconds", "revision_idle_timeout_seconds"),
            as_int("container-concurrency", "container_concurrency"),
            as_int("container-concurrency-max-limit", "container_concurrency_max_limit"),
            as_quantity("revision-cpu-request", "revision_cpu_request"),
            as_quantity("revision-memory-request", "revision_memory_request"),
            as_quantity("revision-ephemeral-storage-request", "revision_ephemeral_storage_request"),
            as_quantity("revision-cpu-limit", "revision_cpu_limit"),
            as_quantity("revision-memory-limit", "revision_memory_limit"),
            as_quantity("revision-ephemeral-storage-limit", "revision_ephemeral_storage_limit"),
        ],
        _fields(DefaultsConfig()),
    )
    # The response-start timeout defaults to what the user set as the revision timeout.
    v["revision_response_start_timeout_seconds"] = v["revision_timeout_seconds"]
    cm_parse(
        data,
        [as_int("revision-response-start-timeout-seconds", "revision_response_start_timeout_seconds")],
        v,
    )
    c = DefaultsConfig(**v)
    timeout = c.revision_timeout_seconds
    if timeout > c.max_revision_timeout_seconds:
        raise ConfigError(
            f"revision-timeout-seconds ({timeout}) cannot be greater than "
            f"max-revision-timeout-seconds ({c.max_revision_timeout_seconds})"
        )
    for key, value in (
        ("revision-response-start-timeout-seconds", c.revision_response_start_timeout_seconds),
        ("revision-idle-timeout-seconds", c.revision_idle_timeout_seconds),
    ):
        if value > 0 and value > timeout:
            raise ConfigError(f"{key} ({value}) cannot be greater than revision-timeout-seconds ({timeout})")
    if c.container_concurrency_max_limit < 1:
        raise _out_of_bounds(
            c.container_concurrency_max_limit, 1, MAX_INT32, "container-concurrency-max-limit"
        )
    if not 0 <= c.container_concurrency <= c.container_concurrency_max_limit:
        raise _out_of_bounds(
            c.container_concurrency, 0, c.container_concurrency_max_limit, "container-concurrency"
        )
    for tmpl in (c.container_name_template, c.init_container_name_template):
        try:
            parse_template(tmpl, "container-template").execute(object_meta_values())
        except TemplateError as e:
            raise ConfigError(f"error executing template: {e}") from None
    return c


_SERVING_FLAGS = (ENABLED, ALLOWED, DISABLED)


def parse_features(data: Data) -> FeaturesConfig:
    """config-features of knative-serving: known keys only, Enabled/Allowed/Disabled in any case;
    any other value leaves the default (Knative's ``asFlag`` never fails)."""
    v = cm_parse(data, [as_choice(k, k, _SERVING_FLAGS) for k in FeaturesConfig.DEFAULTS], {})
    return FeaturesConfig(flags=v)


_MESH_MODES = ("enabled", "disabled", "auto")
_HTTP_PROTOCOLS = {"": "Enabled", "enabled": "Enabled", "disabled": "Disabled", "redirected": "Redirected"}


def _as_label_selector(key: str, target: str) -> _As:
    """networking's ``asLabelSelector``: YAML ``metav1.LabelSelector``; empty means unset."""

    def conv(raw: str) -> Any:
        if raw:
            sigs_yaml_unmarshal(raw, LABEL_SELECTOR)
        return raw

    return _As(key, target, conv, wrap=False)


def parse_network(data: Data) -> NetworkConfig:
    """config-network (``knative.dev/networking/pkg/config/config.go``)."""
    v = cm_parse(
        data,
        [
            as_string("ingress.class", "ingress_class"),
            as_string("certificate.class", "certificate_class"),
            as_string("domainTemplate", "domain_template"),
            as_string("tagTemplate", "tag_template"),
            as_int("rolloutDuration", "rollout_duration", fn="Atoi"),
            as_bool("autocreateClusterDomainClaims", "autocreate_cluster_domain_claims"),
            as_string("defaultExternalScheme", "default_external_scheme"),
            # The current keys take precedence.
            as_string("ingress-class", "ingress_class"),
            as_string("certificate-class", "certificate_class"),
            as_string("domain-template", "domain_template"),
            as_string("tag-template", "tag_template"),
            as_int("rollout-duration", "rollout_duration", fn="Atoi"),
            as_bool("autocreate-cluster-domain-claims", "autocreate_cluster_domain_claims"),
            as_bool("enable-mesh-pod-addressability", "enable_mesh_pod_addressability"),
            as_string("default-external-scheme", "default_external_scheme"),
            as_bool("internal-encryption", "_internal_encryption"),
            as_choice("mesh-compatibility-mode", "mesh_compatibility_mode", _MESH_MODES),
            _as_label_selector("namespace-wildcard-cert-selector", "namespace_wildcard_cert_selector"),
        ],
        {**_fields(NetworkConfig()), "_internal_encryption": False},
    )
    if v["rollout_duration"] < 0:
        raise ConfigError(f"rollout-duration must be a positive integer, but was {v['rollout_duration']}")
    check_domain_template(v["domain_template"])
    check_tag_template(v["tag_template"])

    auto_tls = False
    for key in ("autoTLS", "auto-tls"):
        if key in data:
            auto_tls = data[key].lower() == "enabled"
    external = data["external-domain-tls"].lower() == "enabled" if "external-domain-tls" in data else auto_tls

    http = data.get("http-protocol", data.get("httpProtocol", ""))
    if http.lower() not in _HTTP_PROTOCOLS:
        raise ConfigError(
            f"httpProtocol {data.get('http-protocol', '')} in config-network ConfigMap is not supported"
        )

    def encryption(key: str, legacy: bool) -> bool:
        raw = data.get(key, "")
        if raw.lower() not in ("", "disabled", "enabled"):
            raise ConfigError(
                f"{key} with value: {go_quote(raw)} in config-network ConfigMap is not supported"
            )
        return raw.lower() == "enabled" or legacy  # "" and "disabled" defer to the legacy key

    internal_encryption = v.pop("_internal_encryption")
    return NetworkConfig(
        **{
            **v,
            "external_domain_tls": external,
            "http_protocol": _HTTP_PROTOCOLS[http.lower()],
            "system_internal_tls": encryption("system-internal-tls", internal_encryption),
            "cluster_local_domain_tls": encryption("cluster-local-domain-tls", False),
        }
    )


def check_domain_template(template: str) -> None:
    """``checkDomainTemplate``: parse, render for foo/bar/baz.com and require a bare host."""
    try:
        check_domain_template_host(render_domain(template, name="foo", namespace="bar", domain="baz.com"))
    except GoError as e:
        raise ConfigError(str(e)) from None


def check_tag_template(template: str) -> None:
    """``checkTagTemplate``: parse and render for name foo, tag v2."""
    try:
        render_tag(template, name="foo", tag="v2")
    except TemplateError as e:
        raise ConfigError(str(e)) from None


DEFAULT_DOMAIN = "svc.cluster.local"


def parse_domain(data: Data) -> DomainConfig:
    """config-domain (``pkg/reconciler/route/config/domain.go``): each key but ``_example`` is a
    domain, its value YAML ``selector: {label: value}``; with no catch-all (empty selector) entry
    the cluster-local domain becomes the default."""
    domains: dict[str, dict[str, str]] = {}
    for key, raw in data.items():
        if key == EXAMPLE_KEY:
            continue
        try:
            selector = sigs_yaml_unmarshal(raw, _DOMAIN_SELECTOR) or {}
        except GoError as e:
            raise ConfigError(str(e)) from None
        domains[key] = {k: "" if x is None else x for k, x in (selector.get("selector") or {}).items()}
    if not any(not s for s in domains.values()):
        domains[DEFAULT_DOMAIN] = {}
    return DomainConfig(domains=domains)


def _disabled_or(conv: Callable[[str], int], disabled: int | None) -> Callable[[str], Any]:
    def read(raw: str) -> Any:
        if raw == "":
            return _KEEP
        if raw.lower() == "disabled":
            return disabled
        return conv(raw)

    return read


def _non_negative_duration(raw: str) -> int:
    ns = parse_go_duration(raw)
    if ns < 0:
        raise GoError("must be non-negative")
    return ns


def parse_gc(data: Data) -> GCConfig:
    """config-gc (``pkg/gc/config.go``); durations and the maximum accept ``disabled`` (None)."""
    v = cm_parse(
        data,
        [as_int("min-non-active-revisions", "min_non_active_revisions")],
        _fields(GCConfig()),
        prefix="failed to parse data: ",
    )
    for key, target, conv in (
        ("retain-since-create-time", "retain_since_create_time", _non_negative_duration),
        ("retain-since-last-active-time", "retain_since_last_active_time", _non_negative_duration),
        ("max-non-active-revisions", "max_non_active_revisions", parse_go_uint),
    ):
        cm_parse(
            data,
            [_As(key, target, _disabled_or(conv, None), wrap=False)],
            v,
            prefix=f"failed to parse {key}: ",
        )
    c = GCConfig(**v)
    if c.min_non_active_revisions < 0:
        raise ConfigError(f"min-non-active-revisions must be non-negative, was: {c.min_non_active_revisions}")
    if c.max_non_active_revisions is not None and c.min_non_active_revisions > c.max_non_active_revisions:
        raise ConfigError(
            f"min-non-active-revisions({c.min_non_active_revisions}) must be <= "
            f"max-non-active-revisions({c.max_non_active_revisions})"
        )
    return c


# queue-proxy resources: current key → legacy key
_QUEUE_SIDECAR_RESOURCES = {
    "queue-sidecar-cpu-request": "queueSidecarCPURequest",
    "queue-sidecar-memory-request": "queueSidecarMemoryRequest",
    "queue-sidecar-ephemeral-storage-request": "queueSidecarEphemeralStorageRequest",
    "queue-sidecar-cpu-limit": "queueSidecarCPULimit",
    "queue-sidecar-memory-limit": "queueSidecarMemoryLimit",
    "queue-sidecar-ephemeral-storage-limit": "queueSidecarEphemeralStorageLimit",
}


def parse_deployment(data: Data) -> DeploymentConfig:
    """config-deployment (``pkg/deployment/config.go``). knlite has no queue-proxy image, so the
    ``queue-sidecar-image cannot be empty or unset`` rule is not applied; the queue-proxy resource
    quantities are checked but not kept (knlite's queue-proxy is in-process)."""
    v = cm_parse(
        data,
        [
            as_string("queueSidecarImage", "queue_sidecar_image"),
            as_duration("progressDeadline", "progress_deadline"),
            as_duration("digestResolutionTimeout", "digest_resolution_timeout"),
            as_string_set("registriesSkippingTagResolving", "registries_skipping_tag_resolving"),
            *(as_quantity(legacy, "_quantity") for legacy in _QUEUE_SIDECAR_RESOURCES.values()),
            as_string("queue-sidecar-image", "queue_sidecar_image"),
            as_duration("progress-deadline", "progress_deadline"),
            as_duration("digest-resolution-timeout", "digest_resolution_timeout"),
            as_string_set("registries-skipping-tag-resolving", "registries_skipping_tag_resolving"),
            *(as_quantity(key, "_quantity") for key in _QUEUE_SIDECAR_RESOURCES),
        ],
        _fields(DeploymentConfig()),
    )
    v.pop("_quantity", None)
    c = DeploymentConfig(**v)
    if c.progress_deadline <= 0:
        raise ConfigError(
            f"progress-deadline cannot be a non-positive duration, was {go_duration(c.progress_deadline)}"
        )
    if not _whole_seconds(c.progress_deadline):
        raise ConfigError(
            f"progress-deadline must be rounded to a whole second, was: {go_duration(c.progress_deadline)}"
        )
    if c.digest_resolution_timeout <= 0:
        raise ConfigError(
            f"digest-resolution-timeout cannot be a non-positive duration, was {go_duration(c.digest_resolution_timeout)}"
        )
    return c


# -- knative-serving and knative-eventing: shared knative.dev/pkg ConfigMaps -------------------------


@dataclass(frozen=True)
class TracingConfig:  # config-tracing (knative.dev/pkg/tracing/config)
    backend: str = "none"  # none | zipkin
    zipkin_endpoint: str = ""
    debug: bool = False
    sample_rate: float = 0.1


def parse_tracing(data: Data) -> TracingConfig:
    v = _fields(TracingConfig())
    if "backend" in data:
        if data["backend"] not in ("zipkin", "none"):
            raise ConfigError(f"unsupported tracing backend value {go_quote(data['backend'])}")
        v["backend"] = data["backend"]
    elif "enable" in data:
        try:
            if parse_go_bool(data["enable"]):
                v["backend"] = "zipkin"
        except GoError as e:
            raise ConfigError(f'failed parsing tracing config "enable": {e}') from None
    cm_parse(
        data,
        [
            as_string("zipkin-endpoint", "zipkin_endpoint"),
            as_bool("debug", "debug"),
            as_float("sample-rate", "sample_rate"),
        ],
        v,
    )
    c = TracingConfig(**v)
    if c.backend == "zipkin" and not c.zipkin_endpoint:
        raise ConfigError("zipkin tracing enabled without a zipkin endpoint specified")
    if not 0 <= c.sample_rate <= 1:
        raise ConfigError(f"sample-rate = {go_float(c.sample_rate)} must be in [0, 1] range")
    return c


_ZAP_LEVELS = ("debug", "info", "warn", "error", "dpanic", "panic", "fatal")


@dataclass(frozen=True)
class LoggingConfig:  # config-logging (knative.dev/pkg/logging)
    zap_logger_config: str = ""
    levels: dict[str, str] = field(default_factory=dict)  # component → zap level


def parse_logging(data: Data) -> LoggingConfig:
    levels: dict[str, str] = {}
    for key in sorted(data):
        component = key.removeprefix("loglevel.")
        if component != key and component and data[key]:
            if data[key].lower() not in _ZAP_LEVELS:
                raise ConfigError(f"invalid logging level: {data[key]}")
            levels[component] = data[key].lower()
    return LoggingConfig(zap_logger_config=data.get("zap-logger-config", ""), levels=levels)


@dataclass(frozen=True)
class LeaderElectionConfig:  # config-leader-election (knative.dev/pkg/leaderelection)
    buckets: int = 1
    lease_duration: int = 60 * SECOND
    renew_deadline: int = 40 * SECOND
    retry_period: int = 10 * SECOND
    lease_names_prefix_mapping: dict[str, str] = field(default_factory=dict)


MAX_BUCKETS = 10


def parse_leader_election(data: Data) -> LeaderElectionConfig:
    v = cm_parse(
        data,
        [
            as_duration("leaseDuration", "lease_duration"),
            as_duration("renewDeadline", "renew_deadline"),
            as_duration("retryPeriod", "retry_period"),
            as_duration("lease-duration", "lease_duration"),
            as_duration("renew-deadline", "renew_deadline"),
            as_duration("retry-period", "retry_period"),
            _As("buckets", "buckets", lambda raw: parse_go_uint(raw, 32)),
        ],
        _fields(LeaderElectionConfig()),
    )
    prefix = "map-lease-prefix."
    v["lease_names_prefix_mapping"] = {
        k[len(prefix) :]: x for k, x in data.items() if k.startswith(prefix) and k != prefix
    }
    if not 1 <= v["buckets"] <= MAX_BUCKETS:
        raise ConfigError(f"buckets: value must be between 1 <= {v['buckets']} <= {MAX_BUCKETS}")
    return LeaderElectionConfig(**v)


DEFAULT_REQUEST_LOG_TEMPLATE = (
    '{"httpRequest": {"requestMethod": "{{.Request.Method}}", "requestUrl": "{{js .Request.RequestURI}}", '
    '"requestSize": "{{.Request.ContentLength}}", "status": {{.Response.Code}}, "responseSize": "{{.Response.Size}}", '
    '"userAgent": "{{js .Request.UserAgent}}", "remoteIp": "{{js .Request.RemoteAddr}}", '
    '"serverIp": "{{.Revision.PodIP}}", "referer": "{{js .Request.Referer}}", "latency": "{{.Response.Latency}}s", '
    '"protocol": "{{.Request.Proto}}"}, "traceId": "{{index .Request.Header "X-B3-Traceid"}}"}'
)


@dataclass(frozen=True)
class ObservabilityConfig:  # config-observability (knative.dev/pkg/metrics)
    enable_var_log_collection: bool = False
    logging_url_template: str = ""
    request_log_template: str = DEFAULT_REQUEST_LOG_TEMPLATE
    enable_request_log: bool = False
    enable_probe_request_log: bool = False
    request_metrics_backend: str = "prometheus"
    request_metrics_reporting_period_seconds: int = 5
    enable_profiling: bool = False
    metrics_collector_address: str = ""


def parse_observability(data: Data) -> ObservabilityConfig:
    v = _fields(ObservabilityConfig())
    period = data.get("metrics.reporting-period-seconds", "")
    if period:
        try:
            v["request_metrics_reporting_period_seconds"] = parse_go_int(period, 64, "Atoi")
        except GoError:
            raise ConfigError(f"invalid metrics.reporting-period-seconds value {go_quote(period)}") from None
    elif data.get("metrics.request-metrics-backend-destination") == "opencensus":
        v["request_metrics_reporting_period_seconds"] = 60
    cm_parse(
        data,
        [
            as_bool("logging.enable-var-log-collection", "enable_var_log_collection"),
            as_string("logging.revision-url-template", "logging_url_template"),
            as_string("logging.request-log-template", "request_log_template"),
            as_bool("logging.enable-request-log", "enable_request_log"),
            as_bool("logging.enable-probe-request-log", "enable_probe_request_log"),
            as_string("metrics.request-metrics-backend-destination", "request_metrics_backend"),
            as_int(
                "metrics.request-metrics-reporting-period-seconds",
                "request_metrics_reporting_period_seconds",
                fn="Atoi",
            ),
            as_bool("profiling.enable", "enable_profiling"),
            as_string("metrics.opencensus-address", "metrics_collector_address"),
        ],
        v,
    )
    c = ObservabilityConfig(**v)
    if not c.request_log_template and c.enable_request_log:
        raise ConfigError(
            '"logging.enable-request-log" was set to true, but no "logging.request-log-template" was specified'
        )
    if c.request_log_template:
        try:
            parse_template(c.request_log_template, "requestLog")
        except TemplateError as e:
            raise ConfigError(str(e)) from None
    return c


# -- knative-eventing ------------------------------------------------------------------------------


def _missing_key(key: str, data: Data) -> ConfigError:
    return ConfigError(f"ConfigMap is missing (or empty) key: {go_quote(key)} : {go_value(data)}")


def _parse_entry(entry: str, t: GoType) -> Any:
    """eventing's ``parseEntry``: YAMLToJSON, then ``json.Unmarshal`` into ``t``."""
    try:
        value = yaml_to_json(entry)
    except GoError as e:
        raise ConfigError(
            f"Failed to parse the entry: ConfigMap's value could not be converted to JSON: {e} : {entry}"
        ) from None
    try:
        return decode_json(value, t)
    except GoError as e:
        raise ConfigError(f"Failed to parse the entry: {e}") from None


def _broker_class_config(entry: Mapping[str, Any] | None) -> BrokerClassConfig | None:
    if entry is None:
        return None
    ref = {k: entry[k] for k in _KREF_FIELDS if entry.get(k)}
    has_ref = any(k in entry for k in _KREF_FIELDS)
    return BrokerClassConfig(
        broker_class=entry.get("brokerClass") or "",
        config=ref if has_ref else None,
        delivery=entry.get("delivery"),
    )


def parse_br_defaults(data: Data) -> BrokerDefaultsConfig:
    """config-br-defaults, key ``default-br-config`` (``pkg/apis/config/defaults.go``)."""
    key = "default-br-config"
    if not data.get(key):
        raise _missing_key(key, data)
    parsed = _parse_entry(data[key], BROKER_DEFAULTS) or {}
    namespaces = {
        ns: cfg
        for ns, e in (parsed.get("namespaceDefaults") or {}).items()
        if (cfg := _broker_class_config(e))
    }
    return BrokerDefaultsConfig(_broker_class_config(parsed.get("clusterDefault")), namespaces)


def default_broker_class(cfg: BrokerDefaultsConfig, namespace: str) -> str | None:
    """``GetBrokerClass``: the namespace entry's class if it names one, else the cluster's."""
    for entry in (cfg.namespace_defaults.get(namespace), cfg.cluster_default):
        if entry is not None and entry.broker_class:
            return entry.broker_class
    return None


def default_broker_config(cfg: BrokerDefaultsConfig, namespace: str) -> BrokerClassConfig | None:
    """``GetBrokerConfig``: the namespace entry if it has a config or delivery, else the cluster's.
    (Class and config fall back independently: a namespace entry with only ``brokerClass`` still
    takes ``spec.config`` and ``spec.delivery`` from ``clusterDefault``.)"""
    for entry in (cfg.namespace_defaults.get(namespace), cfg.cluster_default):
        if entry is not None and (entry.config is not None or entry.delivery is not None):
            return entry
    return None


def _channel_template(entry: Mapping[str, Any]) -> ChannelTemplate:
    return ChannelTemplate(
        api_version=entry.get("apiVersion") or "", kind=entry.get("kind") or "", spec=entry.get("spec")
    )


def parse_ch_defaults(data: Data) -> ChannelDefaultsConfig:
    """default-ch-webhook, key ``default-ch-config`` (``pkg/apis/messaging/config``)."""
    key = "default-ch-config"
    if not data.get(key):
        raise _missing_key(key, data)
    parsed = _parse_entry(data[key], CHANNEL_DEFAULTS) or {}
    cluster = parsed.get("clusterDefault")
    namespaces = {
        ns: _channel_template(e) for ns, e in (parsed.get("namespaceDefaults") or {}).items() if e is not None
    }
    return ChannelDefaultsConfig(
        cluster_default=_channel_template(cluster) if cluster is not None else None,
        namespace_defaults=namespaces,
    )


def parse_broker_channel(data: Data) -> BrokerChannelConfig:
    """The channel template of an MT broker's ``spec.config`` ConfigMap (config-br-default-channel
    by default, any name allowed): key ``channel-template-spec``, legacy ``channelTemplateSpec``
    (``pkg/reconciler/broker/config.go``)."""
    v = cm_parse(
        data, [as_string("channelTemplateSpec", "t"), as_string("channel-template-spec", "t")], {"t": ""}
    )
    raw = v["t"]
    if not raw:
        raise ConfigError("empty or missing value for config")
    try:
        value = yaml_to_json(raw)
    except GoError as e:
        raise ConfigError(f"ConfigMap's value could not be converted to JSON. {e}, {raw}") from None
    try:
        parsed = decode_json(value, CHANNEL_TEMPLATE_SPEC) or {}
    except GoError as e:
        raise ConfigError(f"ConfigMap's value could not be unmarshaled. {e}, {go_json(value)}") from None
    return BrokerChannelConfig(template=_channel_template(parsed))


_EVENTING_FLAGS = {"allowed": "allowed", "disabled": "disabled", "enabled": "enabled"}
_TRANSPORT_ENCRYPTION_FLAGS = {**_EVENTING_FLAGS, "permissive": "permissive", "strict": "strict"}


def parse_eventing_features(data: Data) -> EventingFeaturesConfig:
    """config-features of knative-eventing (``pkg/apis/feature/features.go``): every key not
    starting with ``_`` is a flag; values are kept lower-case."""
    flags: dict[str, str] = {}
    for key in sorted(data):
        if key.startswith("_"):
            continue
        allowed = _TRANSPORT_ENCRYPTION_FLAGS if key == "transport-encryption" else _EVENTING_FLAGS
        value = allowed.get(data[key].lower())
        if value is None:
            raise ConfigError(f"cannot parse the feature flag '{key}' = '{data[key]}'")
        flags[key.strip()] = value
    return EventingFeaturesConfig(flags=flags)


def _label_selector(raw: str) -> dict[str, Any] | None:
    if not raw:
        return None
    try:
        selector: dict[str, Any] = sigs_yaml_unmarshal(raw, LABEL_SELECTOR) or {}
        return selector
    except GoError as e:
        raise ConfigError(str(e)) from None


def parse_sugar(data: Data) -> SugarConfig:
    """config-sugar (``pkg/apis/sugar``): YAML label selectors; empty or missing = feature off,
    ``{}`` = everything."""
    return SugarConfig(
        namespace_selector=_label_selector(data.get("namespace-selector", "")),
        trigger_selector=_label_selector(data.get("trigger-selector", "")),
    )


def parse_ping_defaults(data: Data) -> PingDefaultsConfig:
    """config-ping-defaults: ``data-max-size`` (legacy ``dataMaxSize``), bytes, -1 = no limit."""
    v = cm_parse(
        data,
        [as_int("dataMaxSize", "data_max_size"), as_int("data-max-size", "data_max_size")],
        _fields(PingDefaultsConfig()),
    )
    return PingDefaultsConfig(**v)


def _bootstrap_servers(raw: str) -> str:
    return ",".join(s.strip() for s in raw.split(",") if s.strip())


def parse_kafka_broker(
    data: Data, *, strict: bool = True, namespace: str = "knative-eventing", name: str = "kafka-broker-config"
) -> KafkaBrokerConfig:
    """A Kafka broker's ConfigMap (``kafka-broker-config`` or whatever ``spec.config`` names;
    eventing-kafka-broker's ``TopicConfigFromConfigMap``). ``strict`` applies the broker
    reconciler's rule - partitions and replication factor > 0 and at least one bootstrap server,
    absent keys counting as 0 / empty; ``strict=False`` only checks the syntax and falls back to
    the shipped values, which is what the ConfigStore keeps for the default ConfigMap."""
    base = (
        KafkaBrokerConfig()
        if not strict
        else KafkaBrokerConfig(default_topic_partitions=0, default_topic_replication_factor=0)
    )
    v = cm_parse(
        data,
        [
            as_int("default.topic.partitions", "default_topic_partitions", 32),
            as_int("default.topic.replication.factor", "default_topic_replication_factor", 32),
            as_string("bootstrap.servers", "bootstrap_servers"),
        ],
        _fields(base),
        prefix=f"failed to parse config map {namespace}/{name}: ",
    )
    rf = v["default_topic_replication_factor"]
    v["default_topic_replication_factor"] = (rf + 2**15) % 2**16 - 2**15  # Go's int16(int32) conversion
    v["bootstrap_servers"] = _bootstrap_servers(v["bootstrap_servers"])
    prefix = "default.topic.config."
    v["topic_config"] = {k.removeprefix(prefix): x for k, x in data.items() if k.startswith(prefix)}
    c = KafkaBrokerConfig(**v)
    if strict and (
        c.default_topic_partitions <= 0 or c.default_topic_replication_factor <= 0 or not c.bootstrap_servers
    ):
        servers = c.bootstrap_servers.split(",") if c.bootstrap_servers else []
        raise ConfigError(
            "error validating topic config from configmap invalid configuration - "
            f"numPartitions: {c.default_topic_partitions} - replicationFactor: {c.default_topic_replication_factor} - "
            f"bootstrapServers: {go_value(servers)} - ConfigMap data: {go_value(data)}"
        )
    return c


def parse_kafka_channel(data: Data) -> KafkaChannelConfig:
    """kafka-channel-config: ``bootstrap.servers`` (comma-separated; emptiness is the channel
    reconciler's error, not the ConfigMap's)."""
    return KafkaChannelConfig(bootstrap_servers=_bootstrap_servers(data.get("bootstrap.servers", "")))


@dataclass(frozen=True)
class NatsConfig:  # config-nats, key eventing-nats (eventing-natss pkg/common/config)
    url: str = ""
    conn_opts: dict[str, Any] | None = (
        None  # maxReconnects, retryOnFailedConnect, reconnectWaitMilliseconds, ...
    )
    auth: dict[str, Any] | None = None  # credentialFile.secret / tls.secret
    tls: dict[str, Any] | None = None  # caBundle / secret


_SECRET_REF = go_struct("v1.LocalObjectReference", {"name": STRING})
EVENTING_NATS_CONFIG = go_struct(
    "config.EventingNatsConfig",
    {
        "url": STRING,
        "connOpts": go_struct(
            "config.ConnOpts",
            {
                "maxReconnects": INT,
                "retryOnFailedConnect": BOOL,
                "reconnectWaitMilliseconds": INT,
                "reconnectJitterMilliseconds": INT,
                "reconnectJitterTLSMilliseconds": INT,
            },
        ),
        "auth": go_struct(
            "config.ENConfigAuth",
            {
                "credentialFile": go_struct(
                    "config.ENConfigAuthCredentialFile",
                    {
                        "secret": go_struct(
                            "v1.SecretKeySelector", {"name": STRING, "key": STRING, "optional": BOOL}
                        )
                    },
                ),
                "tls": go_struct("config.ENConfigAuthTLS", {"secret": _SECRET_REF}),
            },
        ),
        "tls": go_struct("config.ENConfigRootCA", {"caBundle": STRING, "secret": _SECRET_REF}),
    },
)


def parse_nats(data: Data) -> NatsConfig:
    """config-nats (eventing-natss ``LoadEventingNatsConfig``)."""
    key = "eventing-nats"
    if key not in data:
        raise ConfigError(f"missing configmap entry: {key}")
    try:
        parsed = decode_json(yaml_to_json(data[key]), EVENTING_NATS_CONFIG) or {}
    except GoError as e:
        raise ConfigError(str(e)) from None
    return NatsConfig(
        url=parsed.get("url") or "",
        conn_opts=parsed.get("connOpts"),
        auth=parsed.get("auth"),
        tls=parsed.get("tls"),
    )
