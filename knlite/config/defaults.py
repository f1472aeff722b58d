"""The ConfigMaps that exist from knlite's first start.

A Knative install creates ConfigMaps in ``knative-serving`` and ``knative-eventing`` whose
effective keys are few and whose ``_example`` key documents every option, so that
``kubectl edit cm config-autoscaler -n knative-serving`` shows what can be set. knlite creates the
same objects, with the same labels and the ``knative.dev/example-checksum`` annotation that lets
the config webhook refuse edits made inside ``_example`` by mistake. Data is what a Knative 1.12
install has after the seed's install steps, with these deliberate differences:

* config-domain holds ``example.com: ""`` (the seed patches it in right after installing), so
  services get ``{name}.{namespace}.example.com`` like in the seed's walkthrough;
* kafka-broker-config has an empty ``bootstrap.servers`` (no Kafka cluster is assumed on one
  machine; a Kafka broker reports the missing server until one is set);
* config-nats points at a NATS server on the local default port instead of the in-cluster
  ``nats.nats-io.svc.cluster.local``;
* config-deployment has no ``queue-sidecar-image``: knlite's queue-proxy is in-process.
"""

from __future__ import annotations

import re
import zlib
from typing import Any

from knlite.config.types import EVENTING_NS, SERVING_NS

KNATIVE_VERSION = "1.12.0"
EXAMPLE_KEY = "_example"
EXAMPLE_CHECKSUM_ANNOTATION = "knative.dev/example-checksum"

_BANNER = """\
################################
#                              #
#    EXAMPLE CONFIGURATION     #
#                              #
################################

# This block is not actually functional configuration,
# but serves to illustrate the available configuration
# options and document them in a way that is accessible
# to users that `kubectl edit` this config map.
#
# These sample configuration options may be copied out of
# this example block and unindented to be in the data block
# to actually change the configuration.
"""


def example_checksum(example: str) -> str:
    """``configmap.Checksum``: CRC-32 of the trimmed text with each run of newlines replaced by the
    two characters ``\\n`` (Go's raw string `` `\\n` ``)."""
    normalized = re.sub(r"(?:\r?\n)+", lambda _: "\\n", example.strip())
    return f"{zlib.crc32(normalized.encode()):08x}"


def configmap(
    namespace: str,
    name: str,
    data: dict[str, str],
    *,
    example: str | None = None,
    component: str | None = None,
    extra_labels: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A full v1 ConfigMap object; ``example`` becomes ``_example`` (with its checksum)."""
    part_of = "knative-serving" if namespace == SERVING_NS else "knative-eventing"
    labels = {"app.kubernetes.io/name": part_of, "app.kubernetes.io/version": KNATIVE_VERSION}
    if component:
        labels["app.kubernetes.io/component"] = component
    labels.update(extra_labels or {})
    metadata: dict[str, Any] = {"name": name, "namespace": namespace, "labels": labels}
    body = dict(data)
    if example is not None:
        text = _BANNER + "\n" + example
        body = {EXAMPLE_KEY: text, **body}
        metadata["annotations"] = {EXAMPLE_CHECKSUM_ANNOTATION: example_checksum(text)}
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": metadata, "data": body}


# -- knative-serving -------------------------------------------------------------------------------

_AUTOSCALER_EXAMPLE = """\
# How much of a revision's containerConcurrency to use in a stable state;
# with containerConcurrency 10 the autoscaler aims at 7 requests per pod.
# Values in (0, 1] are also accepted as fractions (0.7 = 70%).
container-concurrency-target-percentage: "70"

# The concurrency target used when a revision sets no containerConcurrency
# (unlimited); multiplied by the percentage above it must stay >= 0.01.
container-concurrency-target-default: "100"

# The requests-per-second target for revisions autoscaled on "rps".
requests-per-second-target-default: "200"

# Spare capacity (in concurrent requests) below which the activator stays in
# the request path; 0 = only at zero scale, -1 = always.
target-burst-capacity: "211"

# The window the stable-mode average concurrency is computed over
# (whole seconds, 6s to 1h).
stable-window: "60s"

# The panic window, as a percentage of the stable window (1 to 100).
panic-window-percentage: "10.0"

# Enter panic mode when concurrency reaches this percentage of the target.
panic-threshold-percentage: "200.0"

# The maximum ratio of desired to observed pods per decision (> 1).
max-scale-up-rate: "1000.0"

# The maximum ratio of observed to desired pods per decision (> 1).
max-scale-down-rate: "2.0"

# Whether revisions may scale to zero.
enable-scale-to-zero: "true"

# The time an inactive revision keeps running before it is scaled to zero.
scale-to-zero-grace-period: "30s"

# The minimum time the last pod stays after the decision to scale to zero.
scale-to-zero-pod-retention-period: "0s"

# The autoscaler used when a revision names none:
# kpa.autoscaling.knative.dev or hpa.autoscaling.knative.dev.
pod-autoscaler-class: "kpa.autoscaling.knative.dev"

# The capacity of one activator, in concurrent requests (>= 1).
activator-capacity: "100.0"

# The scale of a new revision; 0 only with allow-zero-initial-scale.
initial-scale: "1"

# Whether initial-scale or autoscaling.knative.dev/initial-scale may be 0.
allow-zero-initial-scale: "false"

# The default autoscaling.knative.dev/min-scale.
min-scale: "0"

# The default autoscaling.knative.dev/max-scale; 0 = no maximum.
max-scale: "0"

# How long reduced concurrency must last before scaling down.
scale-down-delay: "0s"

# The largest max-scale a revision may ask for; 0 = no limit.
max-scale-limit: "0"
"""

_DEFAULTS_EXAMPLE = """\
# The default per-request timeout of a revision, in seconds.
revision-timeout-seconds: "300"  # 5 minutes

# The largest timeoutSeconds a revision may set (>= revision-timeout-seconds).
max-revision-timeout-seconds: "600"  # 10 minutes

# How long a request may wait for the first byte of the response; defaults
# to revision-timeout-seconds.
revision-response-start-timeout-seconds: "300"

# How long a request may stay open without receiving bytes; 0 = no limit.
revision-idle-timeout-seconds: "0"  # infinite

# Default resource requests and limits for revisions (unset by default).
revision-cpu-request: "400m"  # 0.4 of a CPU (aka 400 milli-CPU)
revision-memory-request: "100M"  # 100 megabytes of memory
revision-ephemeral-storage-request: "500M"  # 500 megabytes of storage
revision-cpu-limit: "1000m"  # 1 CPU (aka 1000 milli-CPU)
revision-memory-limit: "200M"  # 200 megabytes of memory
revision-ephemeral-storage-limit: "750M"  # 750 megabytes of storage

# Go templates over the parent's ObjectMeta ({{.Name}} is valid) for the
# names of containers and init containers that have none.
container-name-template: "user-container"
init-container-name-template: "init-container"

# The default containerConcurrency; 0 = unlimited.
container-concurrency: "0"

# The largest containerConcurrency or autoscaling target a revision may set.
container-concurrency-max-limit: "1000"

# Whether containerConcurrency may be 0 (unlimited).
allow-container-concurrency-zero: "true"

# The default enableServiceLinks of revisions: true, false or default.
enable-service-links: "false"
"""

_DOMAIN_EXAMPLE = """\
# Default value for domain.
# Routes having the cluster domain suffix (by default 'svc.cluster.local')
# will not be exposed through Ingress. You can define your own label
# selector to assign that domain suffix to your Route here, or you can set
# the label
#    "networking.knative.dev/visibility=cluster-local"
# to achieve the same effect.  This shows how to make routes having
# the label app=secret only exposed to the local cluster.
svc.cluster.local: |
  selector:
    app: secret

# These are example settings of domain.
# example.com will be used for all routes, but it is the least-specific rule so it
# will only be used if no other domain matches.
example.com: |

# example.org will be used for routes having app=nonprofit.
example.org: |
  selector:
    app: nonprofit
"""

_NETWORK_EXAMPLE = """\
# The default ingress class when a Route does not set one.
ingress-class: "istio.ingress.networking.knative.dev"

# The default certificate class when a Route does not set one.
certificate-class: "cert-manager.certificate.networking.knative.dev"

# A LabelSelector of the namespaces that get a wildcard certificate;
# empty disables the feature, {} selects every namespace.
namespace-wildcard-cert-selector: ""

# The Go template of a Route's host. Variables: Name, Namespace, Domain,
# Annotations and Labels; Name is the tag-template result for tags. E.g.
# '{{.Name}}-{{.Namespace}}.{{ index .Annotations "sub"}}.{{.Domain}}'
domain-template: "{{.Name}}.{{.Namespace}}.{{.Domain}}"

# The Go template of a tag's name (Name, Tag), fed into domain-template.
tag-template: "{{.Tag}}-{{.Name}}"

# auto-tls is deprecated and replaced by external-domain-tls
auto-tls: "Disabled"

# Whether TLS certificates are provisioned for external domains.
external-domain-tls: "Disabled"

# Whether TLS certificates are provisioned for cluster-local domains.
cluster-local-domain-tls: "Disabled"

# internal-encryption is deprecated and replaced by system-internal-tls
internal-encryption: "false"

# Whether traffic between Knative's own components is encrypted.
system-internal-tls: "Disabled"

# The behaviour of the HTTP endpoint: Enabled or Redirected (to HTTPS).
http-protocol: "Enabled"

# The minimal duration, in seconds, of a rollout to a new revision.
rollout-duration: "0"

# Whether DomainMappings create their ClusterDomainClaims automatically.
autocreate-cluster-domain-claims: "false"

# Whether pods are directly addressable even with a mesh.
enable-mesh-pod-addressability: "false"

# auto (default), enabled (always cluster IPs) or disabled (pod IPs).
mesh-compatibility-mode: "auto"

# The scheme of external URLs when TLS is not enabled.
default-external-scheme: "http"
"""

_FEATURES_EXAMPLE = """\
# Each flag is "enabled", "disabled" or, where noted, "allowed".
# See https://knative.dev/docs/serving/configuration/feature-flags/
secure-pod-defaults: "disabled"
multi-container: "enabled"
kubernetes.podspec-affinity: "disabled"
kubernetes.podspec-topologyspreadconstraints: "disabled"
kubernetes.podspec-hostaliases: "disabled"
kubernetes.podspec-nodeselector: "disabled"
kubernetes.podspec-tolerations: "disabled"
kubernetes.podspec-fieldref: "disabled"
kubernetes.podspec-runtimeclassname: "disabled"
kubernetes.podspec-dnspolicy: "disabled"
kubernetes.podspec-dnsconfig: "disabled"
kubernetes.podspec-securitycontext: "disabled"
kubernetes.podspec-shareprocessnamespace: "disabled"
kubernetes.podspec-priorityclassname: "disabled"
kubernetes.podspec-schedulername: "disabled"
kubernetes.containerspec-addcapabilities: "disabled"

# "enabled": always dry-run pod specs; "allowed": only for Services annotated
# features.knative.dev/podspec-dryrun: enabled.
kubernetes.podspec-dryrun: "allowed"

tag-header-based-routing: "disabled"
autodetect-http2: "disabled"
kubernetes.podspec-volumes-emptydir: "enabled"
kubernetes.podspec-init-containers: "disabled"
kubernetes.podspec-persistent-volume-claim: "disabled"
kubernetes.podspec-persistent-volume-write: "disabled"

# "enabled", "disabled" or "allowed" (per Service annotation
# features.knative.dev/queueproxy-podinfo: enabled).
queueproxy.mount-podinfo: "disabled"
queueproxy.resource-defaults: "disabled"
"""

_GC_EXAMPLE = """\
# Revisions referenced by a Route, or annotated
# "serving.knative.dev/no-gc": "true", are active and never collected.
# Others are kept while created within retain-since-create-time, last
# referenced within retain-since-last-active-time, or while there are fewer
# than min-non-active-revisions; beyond max-non-active-revisions the oldest
# go regardless. "disabled" turns a limit off.
#
# Collect every inactive revision immediately:
#    min-non-active-revisions: "0"
#    max-non-active-revisions: "0"
#    retain-since-create-time: "disabled"
#    retain-since-last-active-time: "disabled"
#
# Disable garbage collection:
#     retain-since-create-time: "disabled"
#     retain-since-last-active-time: "disabled"
#     max-non-active-revisions: "disabled"

# Duration since creation before considering a revision for GC or "disabled".
retain-since-create-time: "48h"

# Duration since active before considering a revision for GC or "disabled".
retain-since-last-active-time: "15h"

# Minimum number of non-active revisions to retain.
min-non-active-revisions: "20"

# Maximum number of non-active revisions to retain
# or "disabled" to disable any maximum limit.
max-non-active-revisions: "1000"
"""

_DEPLOYMENT_EXAMPLE = """\
# Registries whose image tags are not resolved to digests.
registries-skipping-tag-resolving: "kind.local,ko.local,dev.local"

# The maximum time to resolve an image's digest.
digest-resolution-timeout: "10s"

# How long to wait for a revision to become ready before failing it.
progress-deadline: "600s"

# Queue proxy resources (knlite runs the queue proxy in-process; these are
# accepted for compatibility).
queue-sidecar-cpu-request: "25m"
queue-sidecar-cpu-limit: "1000m"
queue-sidecar-memory-request: "400Mi"
queue-sidecar-memory-limit: "800Mi"
queue-sidecar-ephemeral-storage-request: "512Mi"
queue-sidecar-ephemeral-storage-limit: "1024Mi"
"""

_OBSERVABILITY_EXAMPLE = """\
# Whether /var/log of user containers is collected.
logging.enable-var-log-collection: "false"

# The template of the logging URL shown in each Revision's status.
logging.revision-url-template: "http://logging.example.com/?revisionUID=${REVISION_UID}"

# The Go template of request log lines written by the queue proxy; it sees
# Request (an http.Request), Response (Code, Size, Latency) and Revision
# (Name, Namespace, Service, Configuration, PodName, PodIP).
logging.request-log-template: '{"httpRequest": {"requestMethod": "{{.Request.Method}}", "requestUrl": "{{js .Request.RequestURI}}", "requestSize": "{{.Request.ContentLength}}", "status": {{.Response.Code}}, "responseSize": "{{.Response.Size}}", "userAgent": "{{js .Request.UserAgent}}", "remoteIp": "{{js .Request.RemoteAddr}}", "serverIp": "{{.Revision.PodIP}}", "referer": "{{js .Request.Referer}}", "latency": "{{.Response.Latency}}s", "protocol": "{{.Request.Proto}}"}, "traceId": "{{index .Request.Header "X-B3-Traceid"}}"}'

# Whether request logs are written, and whether probe requests are logged.
logging.enable-request-log: "false"
logging.enable-probe-request-log: "false"

# Where system and request metrics go: prometheus (default) or opencensus.
metrics.backend-destination: prometheus
metrics.reporting-period-seconds: "5"
metrics.request-metrics-backend-destination: prometheus
metrics.request-metrics-reporting-period-seconds: "5"

# Whether profiling data is served on port 8008 at /debug/pprof/.
profiling.enable: "false"
"""

_LOGGING_ZAP = """\
{
  "level": "info",
  "development": false,
  "outputPaths": ["stdout"],
  "errorOutputPaths": ["stderr"],
  "encoding": "json",
  "encoderConfig": {
    "timeKey": "%s",
    "levelKey": "%s",
    "nameKey": "logger",
    "callerKey": "caller",
    "messageKey": "%s",
    "stacktraceKey": "stacktrace",
    "lineEnding": "",
    "levelEncoder": "",
    "timeEncoder": "iso8601",
    "durationEncoder": "",
    "callerEncoder": ""
  }
}
"""

_SERVING_COMPONENTS = (
    "controller",
    "autoscaler",
    "queueproxy",
    "webhook",
    "activator",
    "hpaautoscaler",
    "net-certmanager-controller",
    "net-istio-controller",
    "net-contour-controller",
    "net-kourier-controller",
    "net-gateway-api-controller",
)


def _indent(text: str, by: str = "  ") -> str:
    return "".join(by + line if line.strip() else line for line in text.splitlines(keepends=True))


_SERVING_LOGGING_EXAMPLE = (
    "# Common configuration for all Knative codebase\n"
    "zap-logger-config: |\n"
    + _indent(_LOGGING_ZAP % ("timestamp", "severity", "message"))
    + "\n# Log level overrides\n"
    + "".join(f'loglevel.{c}: "info"\n' for c in _SERVING_COMPONENTS)
)


def _leader_election_example(lease: str, renew: str, retry: str) -> str:
    return f"""\
# How long non-leaders wait to try to acquire the lock.
lease-duration: "{lease}"

# How long a leader tries to renew the lease before giving up.
renew-deadline: "{renew}"

# How long the leader election client waits between tries.
retry-period: "{retry}"

# The number of buckets each reconciler's keys are partitioned into.
buckets: "1"
"""


_TRACING_EXAMPLE = """\
# This may be "zipkin" or "none" (default)
backend: "none"

# URL to zipkin collector where traces are sent.
# This must be specified when backend is "zipkin"
zipkin-endpoint: "http://zipkin.istio-system.svc.cluster.local:9411/api/v2/spans"

# Enable zipkin debug mode. This allows all spans to be sent to the server
# bypassing sampling.
debug: "false"

# Percentage (0-1) of requests to trace
sample-rate: "0.1"
"""


def _serving() -> list[dict[str, Any]]:
    ns = SERVING_NS
    return [
        configmap(ns, "config-autoscaler", {}, example=_AUTOSCALER_EXAMPLE, component="autoscaler"),
        configmap(ns, "config-defaults", {}, example=_DEFAULTS_EXAMPLE, component="controller"),
        configmap(ns, "config-deployment", {}, example=_DEPLOYMENT_EXAMPLE, component="controller"),
        configmap(ns, "config-domain", {"example.com": ""}, example=_DOMAIN_EXAMPLE, component="controller"),
        configmap(ns, "config-features", {}, example=_FEATURES_EXAMPLE, component="controller"),
        configmap(ns, "config-gc", {}, example=_GC_EXAMPLE, component="controller"),
        configmap(
            ns,
            "config-leader-election",
            {},
            example=_leader_election_example("60s", "40s", "10s"),
            component="controller",
        ),
        configmap(ns, "config-logging", {}, example=_SERVING_LOGGING_EXAMPLE, component="logging"),
        configmap(ns, "config-network", {}, example=_NETWORK_EXAMPLE, component="networking"),
        configmap(ns, "config-observability", {}, example=_OBSERVABILITY_EXAMPLE, component="observability"),
        configmap(ns, "config-tracing", {}, example=_TRACING_EXAMPLE, component="tracing"),
    ]


# -- knative-eventing ------------------------------------------------------------------------------

_CONFIG_PROPAGATION = {
    "knative.dev/config-propagation": "original",
    "knative.dev/config-category": "eventing",
}

DEFAULT_BR_CONFIG = """\
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
"""

DEFAULT_CH_CONFIG = """\
clusterDefault:
  apiVersion: messaging.knative.dev/v1
  kind: InMemoryChannel
namespaceDefaults:
  some-namespace:
    apiVersion: messaging.knative.dev/v1
    kind: InMemoryChannel
"""

IMC_TEMPLATE = "apiVersion: messaging.knative.dev/v1\nkind: InMemoryChannel\n"

EVENTING_FEATURES = {
    "kreference-group": "disabled",
    "delivery-retryafter": "disabled",
    "delivery-timeout": "enabled",
    "kreference-mapping": "disabled",
    "new-trigger-filters": "enabled",
    "transport-encryption": "disabled",
    "eventtype-auto-create": "disabled",
    "authentication.oidc": "disabled",
}

_SUGAR_EXAMPLE = """\
# namespace-selector specifies a LabelSelector which
# determines which namespaces the Sugar Controller should operate upon
# Use an empty value to disable the feature (this is the default):
namespace-selector: ""

# Use an empty object as a string to enable for all namespaces
namespace-selector: "{}"

# trigger-selector specifies a LabelSelector which
# determines which triggers the Sugar Controller should operate upon
# Use an empty value to disable the feature (this is the default):
trigger-selector: ""

# Use an empty object as string to enable for all triggers
trigger-selector: "{}"
"""

_PING_EXAMPLE = """\
# Max number of bytes allowed to be sent for message excluding any
# base64 decoding. Default is no limit set for data
data-max-size: -1
"""

_EVENTING_OBSERVABILITY_EXAMPLE = """\
# metrics.backend-destination field specifies the system metrics destination.
# It supports either prometheus (the default) or opencensus.
metrics.backend-destination: prometheus

# metrics.request-metrics-backend-destination specifies the request metrics
# destination.
metrics.request-metrics-backend-destination: prometheus

# profiling.enable indicates whether it is allowed to retrieve runtime
# profiling data on port 8008 at /debug/pprof/.
profiling.enable: "false"

# sink-event-error-reporting.enable whether the adapter reports a kube event
# to the CRD indicating a failure to send a cloud event to the sink.
sink-event-error-reporting.enable: "false"
"""

_KREFERENCE_MAPPING_EXAMPLE = """\
# A mapping from a kind to a templated URI (feature kreference-mapping); the
# key is "kind.version.group", the value a URL template over Name, Namespace,
# SystemNamespace and UID.
# Pod.v1: https://addressable-pod.{{ .SystemNamespace }}.svc.cluster.local/{{ .Name }}
"""

NATS_CONFIG = """\
url: nats://127.0.0.1:4222
connOpts:
  retryOnFailedConnect: true
  maxReconnects: 5
  reconnectWaitMilliseconds: 2000
  reconnectJitterMilliseconds: 100
  reconnectJitterTLSMilliseconds: 1000
"""


def _eventing() -> list[dict[str, Any]]:
    ns = EVENTING_NS
    logging_data = {
        "zap-logger-config": _LOGGING_ZAP % ("ts", "level", "msg"),
        "loglevel.controller": "info",
        "loglevel.webhook": "info",
    }
    return [
        configmap(ns, "config-br-default-channel", {"channel-template-spec": IMC_TEMPLATE}),
        configmap(ns, "config-br-defaults", {"default-br-config": DEFAULT_BR_CONFIG}),
        configmap(ns, "config-features", dict(EVENTING_FEATURES), extra_labels=_CONFIG_PROPAGATION),
        configmap(
            ns,
            "config-kreference-mapping",
            {},
            example=_KREFERENCE_MAPPING_EXAMPLE,
            extra_labels=_CONFIG_PROPAGATION,
        ),
        configmap(ns, "config-leader-election", {}, example=_leader_election_example("15s", "10s", "2s")),
        configmap(ns, "config-logging", logging_data, extra_labels=_CONFIG_PROPAGATION),
        configmap(
            ns,
            "config-natjsm-channel",
            {
                "channelTemplateSpec": (
                    "apiVersion: messaging.knative.dev/v1alpha1\nkind: NatsJetStreamChannel\n"
                )
            },
        ),
        configmap(ns, "config-nats", {"eventing-nats": NATS_CONFIG}),
        configmap(
            ns,
            "config-observability",
            {},
            example=_EVENTING_OBSERVABILITY_EXAMPLE,
            extra_labels=_CONFIG_PROPAGATION,
        ),
        configmap(ns, "config-ping-defaults", {}, example=_PING_EXAMPLE),
        configmap(ns, "config-sugar", {}, example=_SUGAR_EXAMPLE),
        configmap(ns, "config-tracing", {}, example=_TRACING_EXAMPLE, extra_labels=_CONFIG_PROPAGATION),
        configmap(ns, "default-ch-webhook", {"default-ch-config": DEFAULT_CH_CONFIG}),
        configmap(
            ns,
            "kafka-broker-config",
            {
                "bootstrap.servers": "",
                "default.topic.partitions": "10",
                "default.topic.replication.factor": "3",
            },
        ),
        configmap(ns, "kafka-channel-config", {"bootstrap.servers": ""}),
    ]


def bootstrap_configmaps() -> list[dict[str, Any]]:
    """Every ConfigMap knlite creates on first start (fresh objects on each call)."""
    return _serving() + _eventing()
