"""The knative-serving ConfigMaps: defaults, every key, legacy keys and Knative's messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from knlite.apis.goduration import HOUR, MILLISECOND, SECOND
from knlite.config import parse
from knlite.config.parse import ConfigError
from knlite.config.types import (
    AutoscalerConfig,
    DefaultsConfig,
    DeploymentConfig,
    DomainConfig,
    FeaturesConfig,
    GCConfig,
    NetworkConfig,
)

Parser = Callable[[dict[str, str]], Any]


@pytest.mark.parametrize(
    ("parser", "default"),
    [
        (parse.parse_autoscaler, AutoscalerConfig()),
        (parse.parse_defaults, DefaultsConfig()),
        (parse.parse_network, NetworkConfig()),
        (parse.parse_features, FeaturesConfig()),
        (parse.parse_gc, GCConfig()),
        (parse.parse_deployment, DeploymentConfig()),
        (parse.parse_domain, DomainConfig()),
    ],
)
def test_empty_configmap_gives_knative_code_defaults(parser: Parser, default: Any) -> None:
    assert parser({}) == default
    assert parser({"_example": "anything: at all\nstable-window: x"}) == default


@pytest.mark.parametrize(
    ("parser", "data", "attr", "expected"),
    [
        # config-autoscaler
        (
            parse.parse_autoscaler,
            {"container-concurrency-target-percentage": "80"},
            "container_concurrency_target_fraction",
            0.8,
        ),
        (
            parse.parse_autoscaler,
            {"container-concurrency-target-percentage": "0.5"},
            "container_concurrency_target_fraction",
            0.5,
        ),
        (
            parse.parse_autoscaler,
            {"container-concurrency-target-percentage": "1"},
            "container_concurrency_target_fraction",
            1.0,
        ),
        (
            parse.parse_autoscaler,
            {"container-concurrency-target-default": "10"},
            "container_concurrency_target_default",
            10.0,
        ),
        (
            parse.parse_autoscaler,
            {"requests-per-second-target-default": "150.5"},
            "rps_target_default",
            150.5,
        ),
        (parse.parse_autoscaler, {"target-burst-capacity": "-1"}, "target_burst_capacity", -1.0),
        (parse.parse_autoscaler, {"target-burst-capacity": "0"}, "target_burst_capacity", 0.0),
        (parse.parse_autoscaler, {"stable-window": "2m"}, "stable_window", 120 * SECOND),
        (parse.parse_autoscaler, {"panic-window-percentage": "20.0"}, "panic_window_percentage", 20.0),
        (parse.parse_autoscaler, {"panic-threshold-percentage": "50"}, "panic_threshold_percentage", 50.0),
        (parse.parse_autoscaler, {"max-scale-up-rate": "2.5"}, "max_scale_up_rate", 2.5),
        (parse.parse_autoscaler, {"max-scale-down-rate": "4"}, "max_scale_down_rate", 4.0),
        (parse.parse_autoscaler, {"enable-scale-to-zero": "false"}, "enable_scale_to_zero", False),
        (
            parse.parse_autoscaler,
            {"scale-to-zero-grace-period": "500ms"},
            "scale_to_zero_grace_period",
            500 * MILLISECOND,
        ),
        (
            parse.parse_autoscaler,
            {"scale-to-zero-pod-retention-period": "1m"},
            "scale_to_zero_pod_retention_period",
            60 * SECOND,
        ),
        (
            parse.parse_autoscaler,
            {"pod-autoscaler-class": "hpa.autoscaling.knative.dev"},
            "pod_autoscaler_class",
            "hpa.autoscaling.knative.dev",
        ),
        (parse.parse_autoscaler, {"activator-capacity": "1"}, "activator_capacity", 1.0),
        (parse.parse_autoscaler, {"initial-scale": "3"}, "initial_scale", 3),
        (
            parse.parse_autoscaler,
            {"initial-scale": "0", "allow-zero-initial-scale": "true"},
            "initial_scale",
            0,
        ),
        (parse.parse_autoscaler, {"min-scale": "2"}, "min_scale", 2),
        (parse.parse_autoscaler, {"max-scale": "10", "max-scale-limit": "10"}, "max_scale", 10),
        (parse.parse_autoscaler, {"scale-down-delay": "15m"}, "scale_down_delay", 900 * SECOND),
        # config-defaults
        (
            parse.parse_defaults,
            {"revision-timeout-seconds": "100"},
            "revision_response_start_timeout_seconds",
            100,
        ),
        (
            parse.parse_defaults,
            {"revision-timeout-seconds": "100", "revision-response-start-timeout-seconds": "50"},
            "revision_response_start_timeout_seconds",
            50,
        ),
        (
            parse.parse_defaults,
            {"max-revision-timeout-seconds": "3600", "revision-timeout-seconds": "3600"},
            "revision_timeout_seconds",
            3600,
        ),
        (parse.parse_defaults, {"revision-idle-timeout-seconds": "60"}, "revision_idle_timeout_seconds", 60),
        (parse.parse_defaults, {"container-concurrency": "10"}, "container_concurrency", 10),
        (
            parse.parse_defaults,
            {"container-concurrency-max-limit": "50"},
            "container_concurrency_max_limit",
            50,
        ),
        (
            parse.parse_defaults,
            {"allow-container-concurrency-zero": "false"},
            "allow_container_concurrency_zero",
            False,
        ),
        (
            parse.parse_defaults,
            {"container-name-template": "{{.Name}}"},
            "container_name_template",
            "{{.Name}}",
        ),
        (
            parse.parse_defaults,
            {"init-container-name-template": "init-{{.Name}}"},
            "init_container_name_template",
            "init-{{.Name}}",
        ),
        (parse.parse_defaults, {"enable-service-links": "TRUE"}, "enable_service_links", True),
        (parse.parse_defaults, {"enable-service-links": "default"}, "enable_service_links", None),
        (parse.parse_defaults, {"revision-cpu-request": "400m"}, "revision_cpu_request", "400m"),
        (parse.parse_defaults, {"revision-memory-request": "100M"}, "revision_memory_request", "100M"),
        (
            parse.parse_defaults,
            {"revision-ephemeral-storage-request": "500M"},
            "revision_ephemeral_storage_request",
            "500M",
        ),
        (parse.parse_defaults, {"revision-cpu-limit": "1"}, "revision_cpu_limit", "1"),
        (parse.parse_defaults, {"revision-memory-limit": "200Mi"}, "revision_memory_limit", "200Mi"),
        (
            parse.parse_defaults,
            {"revision-ephemeral-storage-limit": "1Gi"},
            "revision_ephemeral_storage_limit",
            "1Gi",
        ),
        # config-network
        (
            parse.parse_network,
            {"ingress-class": "kourier.ingress.networking.knative.dev"},
            "ingress_class",
            "kourier.ingress.networking.knative.dev",
        ),
        (parse.parse_network, {"certificate-class": "x"}, "certificate_class", "x"),
        (
            parse.parse_network,
            {"domain-template": "{{.Name}}-{{.Namespace}}.{{.Domain}}"},
            "domain_template",
            "{{.Name}}-{{.Namespace}}.{{.Domain}}",
        ),
        (parse.parse_network, {"tag-template": "{{.Name}}-{{.Tag}}"}, "tag_template", "{{.Name}}-{{.Tag}}"),
        (parse.parse_network, {"rollout-duration": "120"}, "rollout_duration", 120),
        (
            parse.parse_network,
            {"autocreate-cluster-domain-claims": "true"},
            "autocreate_cluster_domain_claims",
            True,
        ),
        (
            parse.parse_network,
            {"enable-mesh-pod-addressability": "true"},
            "enable_mesh_pod_addressability",
            True,
        ),
        (parse.parse_network, {"mesh-compatibility-mode": "Enabled"}, "mesh_compatibility_mode", "enabled"),
        (parse.parse_network, {"mesh-compatibility-mode": "bogus"}, "mesh_compatibility_mode", "auto"),
        (parse.parse_network, {"default-external-scheme": "https"}, "default_external_scheme", "https"),
        (parse.parse_network, {"external-domain-tls": "Enabled"}, "external_domain_tls", True),
        (parse.parse_network, {"auto-tls": "enabled"}, "external_domain_tls", True),
        (
            parse.parse_network,
            {"auto-tls": "Enabled", "external-domain-tls": "Disabled"},
            "external_domain_tls",
            False,
        ),
        (parse.parse_network, {"cluster-local-domain-tls": "ENABLED"}, "cluster_local_domain_tls", True),
        (parse.parse_network, {"system-internal-tls": "Enabled"}, "system_internal_tls", True),
        (parse.parse_network, {"internal-encryption": "true"}, "system_internal_tls", True),
        (
            parse.parse_network,
            {"internal-encryption": "true", "system-internal-tls": "Disabled"},
            "system_internal_tls",
            True,
        ),
        (parse.parse_network, {"http-protocol": "Redirected"}, "http_protocol", "Redirected"),
        (parse.parse_network, {"http-protocol": "disabled"}, "http_protocol", "Disabled"),
        (
            parse.parse_network,
            {"namespace-wildcard-cert-selector": "matchLabels: {a: b}"},
            "namespace_wildcard_cert_selector",
            "matchLabels: {a: b}",
        ),
        # config-features (values case-insensitive; unknown values keep the default)
        (parse.parse_features, {"multi-container": "disabled"}, "flags", {"multi-container": "Disabled"}),
        (
            parse.parse_features,
            {"tag-header-based-routing": "Enabled"},
            "flags",
            {"tag-header-based-routing": "Enabled"},
        ),
        (
            parse.parse_features,
            {"kubernetes.podspec-dryrun": "ENABLED"},
            "flags",
            {"kubernetes.podspec-dryrun": "Enabled"},
        ),
        (
            parse.parse_features,
            {"kubernetes.podspec-affinity": "allowed"},
            "flags",
            {"kubernetes.podspec-affinity": "Allowed"},
        ),
        (parse.parse_features, {"multi-container": "maybe"}, "flags", {}),
        (parse.parse_features, {"not-a-flag": "enabled"}, "flags", {}),
        # config-gc
        (parse.parse_gc, {"retain-since-create-time": "1h"}, "retain_since_create_time", HOUR),
        (parse.parse_gc, {"retain-since-create-time": "disabled"}, "retain_since_create_time", None),
        (
            parse.parse_gc,
            {"retain-since-last-active-time": "Disabled"},
            "retain_since_last_active_time",
            None,
        ),
        (parse.parse_gc, {"retain-since-last-active-time": ""}, "retain_since_last_active_time", 15 * HOUR),
        (
            parse.parse_gc,
            {"min-non-active-revisions": "0", "max-non-active-revisions": "0"},
            "max_non_active_revisions",
            0,
        ),
        (parse.parse_gc, {"max-non-active-revisions": "DISABLED"}, "max_non_active_revisions", None),
        (
            parse.parse_gc,
            {"min-non-active-revisions": "5000", "max-non-active-revisions": "disabled"},
            "min_non_active_revisions",
            5000,
        ),
        # config-deployment
        (parse.parse_deployment, {"progress-deadline": "10m"}, "progress_deadline", 600 * SECOND),
        (
            parse.parse_deployment,
            {"digest-resolution-timeout": "30s"},
            "digest_resolution_timeout",
            30 * SECOND,
        ),
        (
            parse.parse_deployment,
            {"registries-skipping-tag-resolving": "a.io, b.io,a.io"},
            "registries_skipping_tag_resolving",
            ("a.io", "b.io"),
        ),
        (parse.parse_deployment, {"queue-sidecar-image": "img"}, "queue_sidecar_image", "img"),
        (parse.parse_deployment, {"queue-sidecar-cpu-request": "25m"}, "progress_deadline", 600 * SECOND),
    ],
)
def test_keys(parser: Parser, data: dict[str, str], attr: str, expected: Any) -> None:
    assert getattr(parser(data), attr) == expected


@pytest.mark.parametrize(
    ("parser", "data", "attr", "expected"),
    [
        (parse.parse_network, {"ingress.class": "legacy"}, "ingress_class", "legacy"),
        (parse.parse_network, {"ingress.class": "legacy", "ingress-class": "new"}, "ingress_class", "new"),
        (parse.parse_network, {"certificate.class": "legacy"}, "certificate_class", "legacy"),
        (
            parse.parse_network,
            {"domainTemplate": "{{.Name}}.{{.Domain}}"},
            "domain_template",
            "{{.Name}}.{{.Domain}}",
        ),
        (
            parse.parse_network,
            {"domainTemplate": "{{.Name}}.{{.Domain}}", "domain-template": "{{.Name}}-x.{{.Domain}}"},
            "domain_template",
            "{{.Name}}-x.{{.Domain}}",
        ),
        (parse.parse_network, {"tagTemplate": "{{.Name}}-{{.Tag}}"}, "tag_template", "{{.Name}}-{{.Tag}}"),
        (parse.parse_network, {"rolloutDuration": "30"}, "rollout_duration", 30),
        (parse.parse_network, {"rolloutDuration": "30", "rollout-duration": "60"}, "rollout_duration", 60),
        (
            parse.parse_network,
            {"autocreateClusterDomainClaims": "true"},
            "autocreate_cluster_domain_claims",
            True,
        ),
        (parse.parse_network, {"defaultExternalScheme": "https"}, "default_external_scheme", "https"),
        (parse.parse_network, {"autoTLS": "Enabled"}, "external_domain_tls", True),
        (parse.parse_network, {"httpProtocol": "Redirected"}, "http_protocol", "Redirected"),
        (parse.parse_deployment, {"queueSidecarImage": "old"}, "queue_sidecar_image", "old"),
        (parse.parse_deployment, {"progressDeadline": "30s"}, "progress_deadline", 30 * SECOND),
        (
            parse.parse_deployment,
            {"progressDeadline": "30s", "progress-deadline": "40s"},
            "progress_deadline",
            40 * SECOND,
        ),
        (parse.parse_deployment, {"digestResolutionTimeout": "5s"}, "digest_resolution_timeout", 5 * SECOND),
        (
            parse.parse_deployment,
            {"registriesSkippingTagResolving": "x.io"},
            "registries_skipping_tag_resolving",
            ("x.io",),
        ),
    ],
)
def test_legacy_keys_are_read_first_and_overridden(
    parser: Parser, data: dict[str, str], attr: str, expected: Any
) -> None:
    assert getattr(parser(data), attr) == expected


@pytest.mark.parametrize(
    ("parser", "data", "message"),
    [
        # config-autoscaler
        (
            parse.parse_autoscaler,
            {"enable-scale-to-zero": "yes"},
            'failed to parse data: strconv.ParseBool: parsing "yes": invalid syntax',
        ),
        (
            parse.parse_autoscaler,
            {"max-scale-up-rate": "fast"},
            'failed to parse data: failed to parse "max-scale-up-rate": strconv.ParseFloat: parsing "fast": invalid syntax',
        ),
        (
            parse.parse_autoscaler,
            {"min-scale": "1.5"},
            'failed to parse data: failed to parse "min-scale": strconv.ParseInt: parsing "1.5": invalid syntax',
        ),
        (
            parse.parse_autoscaler,
            {"max-scale": "3000000000"},
            'failed to parse data: failed to parse "max-scale": strconv.ParseInt: parsing "3000000000": value out of range',
        ),
        (
            parse.parse_autoscaler,
            {"stable-window": "sixty"},
            'failed to parse data: failed to parse "stable-window": time: invalid duration "sixty"',
        ),
        (
            parse.parse_autoscaler,
            {"scale-to-zero-grace-period": "0s"},
            "scale-to-zero-grace-period must be positive, was: 0s",
        ),
        (
            parse.parse_autoscaler,
            {"scale-down-delay": "-1s"},
            "scale-down-delay cannot be negative, was: -1s",
        ),
        (
            parse.parse_autoscaler,
            {"scale-down-delay": "1.5s"},
            "scale-down-delay = 1.5s, must be specified with at most second precision",
        ),
        (
            parse.parse_autoscaler,
            {"scale-to-zero-pod-retention-period": "-1m"},
            "scale-to-zero-pod-retention-period cannot be negative, was: -1m0s",
        ),
        (
            parse.parse_autoscaler,
            {"target-burst-capacity": "-2"},
            "target-burst-capacity must be either non-negative or -1 (for unlimited), was: -2.000000",
        ),
        (
            parse.parse_autoscaler,
            {"container-concurrency-target-percentage": "0"},
            "container-concurrency-target-percentage = 0.000000 is outside of valid range of (0, 100]",
        ),
        (
            parse.parse_autoscaler,
            {"container-concurrency-target-percentage": "150"},
            "container-concurrency-target-percentage = 1.500000 is outside of valid range of (0, 100]",
        ),
        (
            parse.parse_autoscaler,
            {
                "container-concurrency-target-default": "0.01",
                "container-concurrency-target-percentage": "0.5",
            },
            "container-concurrency-target-percentage and container-concurrency-target-default yield target concurrency of 0.005, can't be less than 0.01",
        ),
        (
            parse.parse_autoscaler,
            {"requests-per-second-target-default": "0.001"},
            "requests-per-second-target-default must be at least 0.01, was: 0.001",
        ),
        (
            parse.parse_autoscaler,
            {"activator-capacity": "0.5"},
            "activator-capacity = 0.5, must be at least 1",
        ),
        (
            parse.parse_autoscaler,
            {"max-scale-up-rate": "1.0"},
            "max-scale-up-rate = 1, must be greater than 1.0",
        ),
        (
            parse.parse_autoscaler,
            {"max-scale-down-rate": "0.5"},
            "max-scale-down-rate = 0.5, must be greater than 1.0",
        ),
        (
            parse.parse_autoscaler,
            {"stable-window": "5s"},
            "stable-window = 5s, must be in [6s; 1h0m0s] range",
        ),
        (
            parse.parse_autoscaler,
            {"stable-window": "2h"},
            "stable-window = 2h0m0s, must be in [6s; 1h0m0s] range",
        ),
        (
            parse.parse_autoscaler,
            {"stable-window": "61500ms"},
            "stable-window = 1m1.5s, must be specified with at most second precision",
        ),
        (
            parse.parse_autoscaler,
            {"panic-window-percentage": "0.5"},
            "panic-window-percentage = 0.5, must be in [1, 100] interval",
        ),
        (
            parse.parse_autoscaler,
            {"panic-window-percentage": "101"},
            "panic-window-percentage = 101, must be in [1, 100] interval",
        ),
        (
            parse.parse_autoscaler,
            {"initial-scale": "0"},
            "initial-scale = 0, must be at least 0 (or at least 1 when allow-zero-initial-scale is false)",
        ),
        (
            parse.parse_autoscaler,
            {"initial-scale": "-1", "allow-zero-initial-scale": "true"},
            "initial-scale = -1, must be at least 0 (or at least 1 when allow-zero-initial-scale is false)",
        ),
        (parse.parse_autoscaler, {"min-scale": "-1"}, "min-scale = -1, must be at least 0"),
        (
            parse.parse_autoscaler,
            {"max-scale": "-1"},
            "max-scale = -1, must be in [0, max-scale-limit(0)] range",
        ),
        (
            parse.parse_autoscaler,
            {"max-scale-limit": "10"},
            "max-scale = 0, must be in [1, max-scale-limit(10)] range",
        ),
        (
            parse.parse_autoscaler,
            {"max-scale": "11", "max-scale-limit": "10"},
            "max-scale = 11, must be in [1, max-scale-limit(10)] range",
        ),
        (parse.parse_autoscaler, {"max-scale-limit": "-1"}, "max-scale-limit = -1, must be at least 0"),
        (
            parse.parse_autoscaler,
            {"min-scale": "5", "max-scale": "3"},
            "min-scale (5) must be less than max-scale (3)",
        ),
        # config-defaults
        (
            parse.parse_defaults,
            {"revision-timeout-seconds": "601"},
            "revision-timeout-seconds (601) cannot be greater than max-revision-timeout-seconds (600)",
        ),
        (
            parse.parse_defaults,
            {"max-revision-timeout-seconds": "100"},
            "revision-timeout-seconds (300) cannot be greater than max-revision-timeout-seconds (100)",
        ),
        (
            parse.parse_defaults,
            {"revision-response-start-timeout-seconds": "301"},
            "revision-response-start-timeout-seconds (301) cannot be greater than revision-timeout-seconds (300)",
        ),
        (
            parse.parse_defaults,
            {"revision-idle-timeout-seconds": "301"},
            "revision-idle-timeout-seconds (301) cannot be greater than revision-timeout-seconds (300)",
        ),
        (
            parse.parse_defaults,
            {"container-concurrency-max-limit": "0"},
            "expected 1 <= 0 <= 2147483647: container-concurrency-max-limit",
        ),
        (
            parse.parse_defaults,
            {"container-concurrency": "1001"},
            "expected 0 <= 1001 <= 1000: container-concurrency",
        ),
        (
            parse.parse_defaults,
            {"container-concurrency": "-1"},
            "expected 0 <= -1 <= 1000: container-concurrency",
        ),
        (
            parse.parse_defaults,
            {"revision-timeout-seconds": "5m"},
            'failed to parse "revision-timeout-seconds": strconv.ParseInt: parsing "5m": invalid syntax',
        ),
        (
            parse.parse_defaults,
            {"allow-container-concurrency-zero": "nope"},
            'strconv.ParseBool: parsing "nope": invalid syntax',
        ),
        (
            parse.parse_defaults,
            {"revision-cpu-request": "lots"},
            "failed to parse \"revision-cpu-request\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
        ),
        (
            parse.parse_defaults,
            {"revision-memory-limit": "1.2.3"},
            'failed to parse "revision-memory-limit": unable to parse quantity\'s suffix',
        ),
        (
            parse.parse_defaults,
            {"container-name-template": "{{.Name"},
            "template: container-template:1: unclosed action",
        ),
        (
            parse.parse_defaults,
            {"container-name-template": "{{.Foo}}"},
            'error executing template: template: container-template:1:2: executing "container-template" at <.Foo>: can\'t evaluate field Foo in type v1.ObjectMeta',
        ),
        (
            parse.parse_defaults,
            {"init-container-name-template": "{{bad}}"},
            'template: container-template:1: function "bad" not defined',
        ),
        # config-network
        (
            parse.parse_network,
            {"rollout-duration": "-1"},
            "rollout-duration must be a positive integer, but was -1",
        ),
        (
            parse.parse_network,
            {"rollout-duration": "1m"},
            'failed to parse "rollout-duration": strconv.Atoi: parsing "1m": invalid syntax',
        ),
        (
            parse.parse_network,
            {"rolloutDuration": "x", "rollout-duration": "5"},
            'failed to parse "rolloutDuration": strconv.Atoi: parsing "x": invalid syntax',
        ),
        (
            parse.parse_network,
            {"autocreate-cluster-domain-claims": "yes"},
            'strconv.ParseBool: parsing "yes": invalid syntax',
        ),
        (
            parse.parse_network,
            {"domain-template": "{{.Name}}.{{.Namespace}}.{{.Domain}}/path"},
            "domain template has url path: /path",
        ),
        (
            parse.parse_network,
            {"domain-template": "{{.Name}} {{.Domain}}"},
            'parse "https://foo baz.com": invalid character " " in host name',
        ),
        (
            parse.parse_network,
            {"domain-template": "{{.Labels.x}}"},
            'parse "https://<no value>": invalid character " " in host name',
        ),
        (parse.parse_network, {"domain-template": ""}, "empty hostname"),
        (
            parse.parse_network,
            {"domain-template": "{{.Name}"},
            'template: domain-template:1: unexpected "}" in operand',
        ),
        (
            parse.parse_network,
            {"domain-template": "{{.Tag}}.{{.Domain}}"},
            'template: domain-template:1:2: executing "domain-template" at <.Tag>: can\'t evaluate field Tag in type config.DomainTemplateValues',
        ),
        (
            parse.parse_network,
            {"tag-template": "{{.Tag}}-{{.Namespace}}"},
            'template: tag-template:1:11: executing "tag-template" at <.Namespace>: can\'t evaluate field Namespace in type config.TagTemplateValues',
        ),
        (parse.parse_network, {"tag-template": "{{if .Tag}}"}, "template: tag-template:1: unexpected EOF"),
        (
            parse.parse_network,
            {"http-protocol": "sometimes"},
            "httpProtocol sometimes in config-network ConfigMap is not supported",
        ),
        (
            parse.parse_network,
            {"httpProtocol": "sometimes"},
            "httpProtocol  in config-network ConfigMap is not supported",
        ),
        (
            parse.parse_network,
            {"system-internal-tls": "on"},
            'system-internal-tls with value: "on" in config-network ConfigMap is not supported',
        ),
        (
            parse.parse_network,
            {"cluster-local-domain-tls": "yes"},
            'cluster-local-domain-tls with value: "yes" in config-network ConfigMap is not supported',
        ),
        (
            parse.parse_network,
            {"namespace-wildcard-cert-selector": "matchLabels: [a]"},
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go struct field LabelSelector.matchLabels of type map[string]string",
        ),
        # config-gc
        (
            parse.parse_gc,
            {"min-non-active-revisions": "few"},
            'failed to parse data: failed to parse "min-non-active-revisions": strconv.ParseInt: parsing "few": invalid syntax',
        ),
        (
            parse.parse_gc,
            {"retain-since-create-time": "2 days"},
            'failed to parse retain-since-create-time: time: unknown unit " days" in duration "2 days"',
        ),
        (
            parse.parse_gc,
            {"retain-since-last-active-time": "-1h"},
            "failed to parse retain-since-last-active-time: must be non-negative",
        ),
        (
            parse.parse_gc,
            {"max-non-active-revisions": "-1"},
            'failed to parse max-non-active-revisions: strconv.ParseUint: parsing "-1": invalid syntax',
        ),
        (
            parse.parse_gc,
            {"min-non-active-revisions": "-1"},
            "min-non-active-revisions must be non-negative, was: -1",
        ),
        (
            parse.parse_gc,
            {"min-non-active-revisions": "30", "max-non-active-revisions": "10"},
            "min-non-active-revisions(30) must be <= max-non-active-revisions(10)",
        ),
        # config-deployment
        (
            parse.parse_deployment,
            {"progress-deadline": "0s"},
            "progress-deadline cannot be a non-positive duration, was 0s",
        ),
        (
            parse.parse_deployment,
            {"progress-deadline": "1500ms"},
            "progress-deadline must be rounded to a whole second, was: 1.5s",
        ),
        (
            parse.parse_deployment,
            {"digest-resolution-timeout": "-1s"},
            "digest-resolution-timeout cannot be a non-positive duration, was -1s",
        ),
        (
            parse.parse_deployment,
            {"progress-deadline": "soon"},
            'failed to parse "progress-deadline": time: invalid duration "soon"',
        ),
        (
            parse.parse_deployment,
            {"queue-sidecar-memory-limit": "big"},
            "failed to parse \"queue-sidecar-memory-limit\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
        ),
        (
            parse.parse_deployment,
            {"queueSidecarCPURequest": "x1"},
            "failed to parse \"queueSidecarCPURequest\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
        ),
    ],
)
def test_validation_messages(parser: Parser, data: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as e:
        parser(data)
    assert str(e.value) == message


# -- config-domain -----------------------------------------------------------------------------


def test_domain_after_the_seed_install_step() -> None:
    cfg = parse.parse_domain({"example.com": "", "_example": "ignored: yes"})
    assert cfg.domains == {"example.com": {}}
    assert cfg.lookup({}) == "example.com"


def test_domain_without_catch_all_adds_cluster_local_default() -> None:
    cfg = parse.parse_domain({"example.org": "selector:\n  app: nonprofit\n"})
    assert cfg.domains == {"example.org": {"app": "nonprofit"}, "svc.cluster.local": {}}


_SELECTORS = parse.parse_domain(
    {
        "example.com": "",
        "example.org": "selector:\n  app: nonprofit\n",
        "a.org": "selector:\n  app: nonprofit\n",
        "prod.example.com": "selector:\n  app: nonprofit\n  env: prod\n",
        "svc.cluster.local": "selector:\n  app: secret\n",
        "numbers.example.com": "selector:\n  version: 1\n",
    }
)


@pytest.mark.parametrize(
    ("labels", "domain"),
    [
        ({}, "example.com"),
        ({"app": "other"}, "example.com"),
        ({"app": "nonprofit"}, "a.org"),  # equally specific: the smallest key wins
        ({"app": "nonprofit", "env": "prod"}, "prod.example.com"),  # the most specific selector wins
        ({"app": "secret"}, "svc.cluster.local"),
        ({"version": "1"}, "numbers.example.com"),  # YAML numbers become strings
        ({"networking.knative.dev/visibility": "cluster-local", "app": "nonprofit"}, "svc.cluster.local"),
    ],
)
def test_domain_selector_lookup(labels: dict[str, str], domain: str) -> None:
    assert _SELECTORS.lookup(labels) == domain


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"a.com": "selector: app"},
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go struct field LabelSelector.selector of type map[string]string",
        ),
        (
            {"a.com": "selector:\n  app: [x]"},
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go struct field LabelSelector.selector of type string",
        ),
        (
            {"a.com": "just-a-string"},
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type config.LabelSelector",
        ),
        (
            {"a.com": "selector: {a: b"},
            "error converting YAML to JSON: yaml: line 1: expected ',' or '}', but got '<stream end>'",
        ),
    ],
)
def test_domain_errors(data: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as e:
        parse.parse_domain(data)
    assert str(e.value) == message
