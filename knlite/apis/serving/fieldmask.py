"""Which Kubernetes fields a Revision may use (``pkg/apis/serving/fieldmask.go``).

Knative accepts only part of a PodSpec: fields that make no sense for a request-driven,
scale-to-zero workload (``hostNetwork``, ``lifecycle``, ``restartPolicy``...) are refused,
and others (``affinity``, ``nodeSelector``, init containers...) only when an operator turns
the matching ``config-features`` flag on. Go expresses this as "mask" copies of each struct;
here each mask is the set of JSON keys it keeps, and :func:`check_disallowed` reports every
key that is set but not kept as ``must not set the field(s)``, like ``CheckDisallowedFields``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from knlite.apis.fielderrors import CURRENT_FIELD, FieldError, err_disallowed_fields
from knlite.config.types import DISABLED, ENABLED, FeaturesConfig

# Go pointer fields: set as soon as they are present, even when false/0/"".
_POINTER_FIELDS = frozenset({
    "activeDeadlineSeconds", "allowPrivilegeEscalation", "automountServiceAccountToken", "enableServiceLinks",
    "expirationSeconds", "hostUsers", "mode", "mountPropagation", "optional", "preemptionPolicy", "priority",
    "privileged", "procMount", "readOnlyRootFilesystem", "recursiveReadOnly", "runAsGroup", "runAsNonRoot",
    "runAsUser", "runtimeClassName", "service", "setHostnameAsFQDN", "shareProcessNamespace",
    "terminationGracePeriodSeconds", "fsGroup", "fsGroupChangePolicy", "defaultMode",
})


def is_set(key: str, value: Any) -> bool:
    """Whether Go would see a non-zero value for this JSON field."""
    if value is None:
        return False
    if key in _POINTER_FIELDS or isinstance(value, list | dict):
        return True
    return not (value is False or value == 0 or value == "")


def check_disallowed(value: dict[str, Any] | None, allowed: Iterable[str],
                     inline: Iterable[str] = ()) -> FieldError | None:
    """Fields of ``value`` that are set but not ``allowed``. Keys of an inlined Go struct
    (``inline``, e.g. a probe's handler) are reported as the current field, as Go does."""
    if not value:
        return None
    allowed_set, inline_set = set(allowed), set(inline)
    bad = sorted({CURRENT_FIELD if k in inline_set else k
                  for k, v in value.items() if k not in allowed_set and is_set(k, v)})
    return err_disallowed_fields(*bad) if bad else None


def items(value: Any) -> list[dict[str, Any]]:
    """A list of objects, with anything that is not an object read as an empty one."""
    return [v if isinstance(v, dict) else {} for v in (value or [])]


def sub(obj: dict[str, Any], key: str) -> dict[str, Any] | None:
    """A nested object, or None when absent."""
    v = obj.get(key)
    return v if isinstance(v, dict) else None


PROBE_HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")

CONTAINER = (
    "name", "args", "command", "env", "workingDir", "envFrom", "image", "imagePullPolicy", "livenessProbe",
    "ports", "readinessProbe", "resources", "securityContext", "terminationMessagePath",
    "terminationMessagePolicy", "volumeMounts",
)
VOLUME_MOUNT = ("name", "readOnly", "mountPath", "subPath")
PROBE = (*PROBE_HANDLERS, "initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold",
         "failureThreshold")
HTTP_GET = ("host", "path", "scheme", "httpHeaders", "port")
TCP_SOCKET = ("host", "port")
GRPC = ("port", "service")
EXEC = ("command",)
CONTAINER_PORT = ("containerPort", "name", "protocol")
ENV_VAR = ("name", "value", "valueFrom")
ENV_FROM = ("prefix", "configMapRef", "secretRef")
RESOURCES = ("limits", "requests")
SECURITY_CONTEXT = ("capabilities", "readOnlyRootFilesystem", "runAsUser", "runAsGroup", "runAsNonRoot",
                    "allowPrivilegeEscalation", "seccompProfile")
PROJECTION = ("secret", "configMap", "serviceAccountToken", "downwardAPI")
OBJECT_PROJECTION = ("name", "items", "optional")
SERVICE_ACCOUNT_TOKEN = ("audience", "expirationSeconds", "path")
DOWNWARD_API_PROJECTION = ("items",)
DOWNWARD_API_FILE = ("fieldRef", "resourceFieldRef", "path", "mode")
KEY_TO_PATH = ("key", "path", "mode")
OBJECT_REFERENCE = ("apiVersion", "kind", "name")

# PodSpec fields gated by a config-features flag (allowed unless the flag is Disabled).
_POD_SPEC_FEATURES = {
    "affinity": "kubernetes.podspec-affinity",
    "topologySpreadConstraints": "kubernetes.podspec-topologyspreadconstraints",
    "hostAliases": "kubernetes.podspec-hostaliases",
    "nodeSelector": "kubernetes.podspec-nodeselector",
    "runtimeClassName": "kubernetes.podspec-runtimeclassname",
    "tolerations": "kubernetes.podspec-tolerations",
    "shareProcessNamespace": "kubernetes.podspec-shareprocessnamespace",
    "priorityClassName": "kubernetes.podspec-priorityclassname",
    "schedulerName": "kubernetes.podspec-schedulername",
    "initContainers": "kubernetes.podspec-init-containers",
    "dnsPolicy": "kubernetes.podspec-dnspolicy",
    "dnsConfig": "kubernetes.podspec-dnsconfig",
}


def pod_spec(features: FeaturesConfig, spec: dict[str, Any]) -> list[str]:
    allowed = ["serviceAccountName", "containers", "volumes", "imagePullSecrets", "enableServiceLinks"]
    if spec.get("automountServiceAccountToken") is False:
        allowed.append("automountServiceAccountToken")
    allowed += [f for f, flag in _POD_SPEC_FEATURES.items() if features.get(flag) != DISABLED]
    if (features.get("kubernetes.podspec-securitycontext") != DISABLED
            or features.get("secure-pod-defaults") != DISABLED):
        allowed.append("securityContext")
    return allowed


def pod_security_context(features: FeaturesConfig, psc: dict[str, Any]) -> list[str]:
    allowed: list[str] = []
    if features.get("secure-pod-defaults") == ENABLED:
        seccomp = psc.get("seccompProfile") or {}
        if seccomp.get("type") in ("RuntimeDefault", "Unconfined") and set(seccomp) == {"type"}:
            allowed.append("seccompProfile")
    if features.get("kubernetes.podspec-securitycontext") == DISABLED:
        return allowed
    return ["runAsUser", "runAsGroup", "runAsNonRoot", "fsGroup", "supplementalGroups", "seccompProfile"]


def capabilities(features: FeaturesConfig, caps: dict[str, Any]) -> list[str]:
    if features.get("kubernetes.containerspec-addcapabilities") == ENABLED:
        return ["drop", "add"]
    if features.get("secure-pod-defaults") == ENABLED and caps.get("add") == ["NET_BIND_SERVICE"]:
        return ["drop", "add"]
    return ["drop"]


def env_var_source(features: FeaturesConfig) -> list[str]:
    allowed = ["configMapKeyRef", "secretKeyRef"]
    if features.get("kubernetes.podspec-fieldref") != DISABLED:
        allowed += ["fieldRef", "resourceFieldRef"]
    return allowed


def volume_source(features: FeaturesConfig) -> list[str]:
    allowed = ["name", "secret", "configMap", "projected"]
    if features.get("kubernetes.podspec-volumes-emptydir") != DISABLED:
        allowed.append("emptyDir")
    if features.get("kubernetes.podspec-persistent-volume-claim") != DISABLED:
        allowed.append("persistentVolumeClaim")
    return allowed
