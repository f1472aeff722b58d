"""Decode the Kubernetes protobuf wire format into the dict its JSON form would give.

kubectl's typed commands (``kubectl create namespace|configmap|secret|serviceaccount|
deployment|service|role|rolebinding|clusterrole|clusterrolebinding``) go through client-go's
typed clientsets, which send bodies as ``application/vnd.kubernetes.protobuf`` whatever the
server prefers for answers. The API layer speaks JSON everywhere else, so :func:`decode`
turns such a body into exactly the plain dict the JSON body would have been, and the rest of
the request path never knows the difference.

The body is the ``k8s\\x00`` magic followed by a ``runtime.Unknown`` whose ``typeMeta`` names
the Go type and whose ``raw`` holds that type's proto2 encoding. No maintained Python library
decodes that without the generated Go types, so this module is a small wire-format reader
plus a declarative table, one row per field: number → JSON name, type, list or map, and how
Go's ``encoding/json`` emits it. Field numbers come from Kubernetes' ``generated.proto`` (the
v1.32 line, matching the kubectl we drive) and emission rules from the ``json`` tags in
``types.go``:

* gogo-protobuf writes every non-pointer field, even when empty, so a wire field says
  nothing about "set": ``omitempty`` scalars are dropped when zero, as ``encoding/json``
  would drop them (``OMIT``, the default);
* fields without ``omitempty`` and non-pointer structs are always emitted, with the Go zero
  when absent (``""``, ``0``, ``null`` list, ``{}`` struct, ``null`` time) — ``ALWAYS``;
* pointer fields are emitted exactly when present on the wire, zero or not — ``PTR``;
* embedded structs (``json:",inline"``: ``Volume.VolumeSource``, ``Probe.ProbeHandler``)
  are merged into their parent — ``INLINE``.

Messages and fields outside the table (the cloud-specific volume sources, ephemeral
containers, pod status details) are skipped like unknown field numbers; kubectl's typed
commands never produce them.
"""

from __future__ import annotations

import base64
import datetime
import enum
import json
from collections.abc import Iterator
from typing import Any, NamedTuple

__all__ = ["CONTENT_TYPE", "KINDS", "MAGIC", "MESSAGES", "ProtobufError", "decode"]

MAGIC = b"k8s\x00"
CONTENT_TYPE = "application/vnd.kubernetes.protobuf"


class ProtobufError(ValueError):
    """The body is not a Kubernetes protobuf envelope this module can decode."""


class Scalar(enum.Enum):
    STR = "string"
    INT = "int"  # int32/int64 varints, two's complement
    BOOL = "bool"
    BYTES = "bytes"  # base64 in JSON
    TIME = "time"  # metav1.Time: RFC 3339 at second precision, null when zero
    QUANTITY = "quantity"  # resource.Quantity: its canonical string
    INT_OR_STRING = "intOrString"
    RAW = "raw"  # FieldsV1 / RawExtension: embedded JSON


class Opt(enum.Enum):
    LIST = "list"
    MAP = "map"  # map<string, type>
    OMIT = "omit"
    ALWAYS = "always"
    PTR = "ptr"
    INLINE = "inline"


STR, INT, BOOL, BYTES, TIME, QUANTITY, INT_OR_STRING, RAW = Scalar
LIST, MAP, OMIT, ALWAYS, PTR, INLINE = Opt


class Field(NamedTuple):
    name: str
    type: Scalar | str  # a str names a message in MESSAGES
    shape: Opt | None  # LIST, MAP or None for a single value
    emit: Opt  # OMIT, ALWAYS, PTR or INLINE


def _f(name: str, type_: Scalar | str, *opts: Opt) -> Field:
    shape = next((o for o in opts if o in (LIST, MAP)), None)
    emit = next((o for o in opts if o in (ALWAYS, PTR, INLINE)), OMIT)
    return Field(name, type_, shape, emit)


MESSAGES: dict[str, dict[int, Field]] = {
    # meta/v1 (k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto)
    "ObjectMeta": {
        1: _f("name", STR), 2: _f("generateName", STR), 3: _f("namespace", STR), 4: _f("selfLink", STR),
        5: _f("uid", STR), 6: _f("resourceVersion", STR), 7: _f("generation", INT),
        8: _f("creationTimestamp", TIME, ALWAYS), 9: _f("deletionTimestamp", TIME, PTR),
        10: _f("deletionGracePeriodSeconds", INT, PTR), 11: _f("labels", STR, MAP),
        12: _f("annotations", STR, MAP), 13: _f("ownerReferences", "OwnerReference", LIST),
        14: _f("finalizers", STR, LIST), 17: _f("managedFields", "ManagedFieldsEntry", LIST),
    },
    "OwnerReference": {
        1: _f("kind", STR, ALWAYS), 3: _f("name", STR, ALWAYS), 4: _f("uid", STR, ALWAYS),
        5: _f("apiVersion", STR, ALWAYS), 6: _f("controller", BOOL, PTR),
        7: _f("blockOwnerDeletion", BOOL, PTR),
    },
    "ManagedFieldsEntry": {
        1: _f("manager", STR), 2: _f("operation", STR), 3: _f("apiVersion", STR), 4: _f("time", TIME, PTR),
        6: _f("fieldsType", STR), 7: _f("fieldsV1", RAW, PTR), 8: _f("subresource", STR),
    },
    "LabelSelector": {
        1: _f("matchLabels", STR, MAP), 2: _f("matchExpressions", "LabelSelectorRequirement", LIST),
    },
    "Condition": {
        1: _f("type", STR, ALWAYS), 2: _f("status", STR, ALWAYS), 3: _f("observedGeneration", INT),
        4: _f("lastTransitionTime", TIME, ALWAYS), 5: _f("reason", STR, ALWAYS),
        6: _f("message", STR, ALWAYS),
    },
    "LabelSelectorRequirement": {
        1: _f("key", STR, ALWAYS), 2: _f("operator", STR, ALWAYS), 3: _f("values", STR, LIST),
    },
    # core/v1 (k8s.io/api/core/v1/generated.proto)
    "Pod": {
        1: _f("metadata", "ObjectMeta", ALWAYS), 2: _f("spec", "PodSpec", ALWAYS),
        3: _f("status", "PodStatus", ALWAYS),
    },
    "Service": {
        1: _f("metadata", "ObjectMeta", ALWAYS), 2: _f("spec", "ServiceSpec", ALWAYS),
        3: _f("status", "ServiceStatus", ALWAYS),
    },
    "Namespace": {
        1: _f("metadata", "ObjectMeta", ALWAYS), 2: _f("spec", "NamespaceSpec", ALWAYS),
        3: _f("status", "NamespaceStatus", ALWAYS),
    },
    "ConfigMap": {
        1: _f("metadata", "ObjectMeta", ALWAYS), 2: _f("data", STR, MAP), 3: _f("binaryData", BYTES, MAP),
        4: _f("immutable", BOOL, PTR),
    },
    "Secret": {
        1: _f("metadata", "ObjectMeta", ALWAYS), 2: _f("data", BYTES, MAP), 3: _f("type", STR),
        4: _f("stringData", STR, MAP), 5: _f("immutable", BOOL, PTR),
    },
    "ServiceAccount": {
        1: _f("metadata", "ObjectMeta", ALWAYS), 2: _f("secrets", "ObjectReference", LIST),
        3: _f("imagePullSecrets", "LocalObjectReference", LIST),
        4: _f("automountServiceAccountToken", BOOL, PTR),
    },
    "PodSpec": {
        1: _f("volumes", "Volume", LIST), 2: _f("containers", "Container", LIST, ALWAYS),
        3: _f("restartPolicy", STR), 4: _f("terminationGracePeriodSeconds", INT, PTR),
        5: _f("activeDeadlineSeconds", INT, PTR), 6: _f("dnsPolicy", STR), 7: _f("nodeSelector", STR, MAP),
        8: _f("serviceAccountName", STR), 9: _f("serviceAccount", STR), 10: _f("nodeName", STR),
        11: _f("hostNetwork", BOOL), 12: _f("hostPID", BOOL), 13: _f("hostIPC", BOOL),
        14: _f("securityContext", "PodSecurityContext", PTR),
        15: _f("imagePullSecrets", "LocalObjectReference", LIST), 16: _f("hostname", STR),
        17: _f("subdomain", STR), 18: _f("affinity", "Affinity", PTR), 19: _f("schedulerName", STR),
        20: _f("initContainers", "Container", LIST), 21: _f("automountServiceAccountToken", BOOL, PTR),
        22: _f("tolerations", "Toleration", LIST), 23: _f("hostAliases", "HostAlias", LIST),
        24: _f("priorityClassName", STR), 25: _f("priority", INT, PTR),
        26: _f("dnsConfig", "PodDNSConfig", PTR), 27: _f("shareProcessNamespace", BOOL, PTR),
        28: _f("readinessGates", "PodReadinessGate", LIST), 29: _f("runtimeClassName", STR, PTR),
        30: _f("enableServiceLinks", BOOL, PTR), 31: _f("preemptionPolicy", STR, PTR),
        32: _f("overhead", QUANTITY, MAP),
        33: _f("topologySpreadConstraints", "TopologySpreadConstraint", LIST),
        35: _f("setHostnameAsFQDN", BOOL, PTR), 36: _f("os", "PodOS", PTR), 37: _f("hostUsers", BOOL, PTR),
        38: _f("schedulingGates", "PodSchedulingGate", LIST),
        39: _f("resourceClaims", "PodResourceClaim", LIST), 40: _f("resources", "ResourceRequirements", PTR),
    },
    "PodStatus": {
        1: _f("phase", STR), 3: _f("message", STR), 4: _f("reason", STR), 5: _f("hostIP", STR),
        6: _f("podIP", STR), 7: _f("startTime", TIME, PTR), 9: _f("qosClass", STR),
        11: _f("nominatedNodeName", STR), 14: _f("resize", STR),
    },
    "ServiceSpec": {
        1: _f("ports", "ServicePort", LIST), 2: _f("selector", STR, MAP), 3: _f("clusterIP", STR),
        4: _f("type", STR), 5: _f("externalIPs", STR, LIST), 7: _f("sessionAffinity", STR),
        8: _f("loadBalancerIP", STR), 9: _f("loadBalancerSourceRanges", STR, LIST),
        10: _f("externalName", STR), 11: _f("externalTrafficPolicy", STR),
        12: _f("healthCheckNodePort", INT), 13: _f("publishNotReadyAddresses", BOOL),
        14: _f("sessionAffinityConfig", "SessionAffinityConfig", PTR), 17: _f("ipFamilyPolicy", STR, PTR),
        18: _f("clusterIPs", STR, LIST), 19: _f("ipFamilies", STR, LIST),
        20: _f("allocateLoadBalancerNodePorts", BOOL, PTR), 21: _f("loadBalancerClass", STR, PTR),
        22: _f("internalTrafficPolicy", STR, PTR), 23: _f("trafficDistribution", STR, PTR),
    },
    "ServiceStatus": {
        1: _f("loadBalancer", "LoadBalancerStatus", ALWAYS), 2: _f("conditions", "Condition", LIST),
    },
    "NamespaceSpec": {1: _f("finalizers", STR, LIST)},
    "NamespaceStatus": {1: _f("phase", STR), 2: _f("conditions", "NamespaceCondition", LIST)},
    "ObjectReference": {
        1: _f("kind", STR), 2: _f("namespace", STR), 3: _f("name", STR), 4: _f("uid", STR),
        5: _f("apiVersion", STR), 6: _f("resourceVersion", STR), 7: _f("fieldPath", STR),
    },
    "LocalObjectReference": {1: _f("name", STR)},
    "Volume": {1: _f("name", STR, ALWAYS), 2: _f("", "VolumeSource", INLINE)},
    "Container": {
        1: _f("name", STR, ALWAYS), 2: _f("image", STR), 3: _f("command", STR, LIST),
        4: _f("args", STR, LIST), 5: _f("workingDir", STR), 6: _f("ports", "ContainerPort", LIST),
        7: _f("env", "EnvVar", LIST), 8: _f("resources", "ResourceRequirements", ALWAYS),
        9: _f("volumeMounts", "VolumeMount", LIST), 10: _f("livenessProbe", "Probe", PTR),
        11: _f("readinessProbe", "Probe", PTR), 12: _f("lifecycle", "Lifecycle", PTR),
        13: _f("terminationMessagePath", STR), 14: _f("imagePullPolicy", STR),
        15: _f("securityContext", "SecurityContext", PTR), 16: _f("stdin", BOOL), 17: _f("stdinOnce", BOOL),
        18: _f("tty", BOOL), 19: _f("envFrom", "EnvFromSource", LIST),
        20: _f("terminationMessagePolicy", STR), 21: _f("volumeDevices", "VolumeDevice", LIST),
        22: _f("startupProbe", "Probe", PTR), 23: _f("resizePolicy", "ContainerResizePolicy", LIST),
        24: _f("restartPolicy", STR, PTR),
    },
    "PodSecurityContext": {
        1: _f("seLinuxOptions", "SELinuxOptions", PTR), 2: _f("runAsUser", INT, PTR),
        3: _f("runAsNonRoot", BOOL, PTR), 4: _f("supplementalGroups", INT, LIST), 5: _f("fsGroup", INT, PTR),
        6: _f("runAsGroup", INT, PTR), 7: _f("sysctls", "Sysctl", LIST),
        8: _f("windowsOptions", "WindowsSecurityContextOptions", PTR),
        9: _f("fsGroupChangePolicy", STR, PTR), 10: _f("seccompProfile", "SeccompProfile", PTR),
        11: _f("appArmorProfile", "AppArmorProfile", PTR), 12: _f("supplementalGroupsPolicy", STR, PTR),
        13: _f("seLinuxChangePolicy", STR, PTR),
    },
    "Affinity": {
        1: _f("nodeAffinity", "NodeAffinity", PTR), 2: _f("podAffinity", "PodAffinity", PTR),
        3: _f("podAntiAffinity", "PodAntiAffinity", PTR),
    },
    "Toleration": {
        1: _f("key", STR), 2: _f("operator", STR), 3: _f("value", STR), 4: _f("effect", STR),
        5: _f("tolerationSeconds", INT, PTR),
    },
    "HostAlias": {1: _f("ip", STR, ALWAYS), 2: _f("hostnames", STR, LIST)},
    "PodDNSConfig": {
        1: _f("nameservers", STR, LIST), 2: _f("searches", STR, LIST),
        3: _f("options", "PodDNSConfigOption", LIST),
    },
    "PodReadinessGate": {1: _f("conditionType", STR, ALWAYS)},
    "TopologySpreadConstraint": {
        1: _f("maxSkew", INT, ALWAYS), 2: _f("topologyKey", STR, ALWAYS),
        3: _f("whenUnsatisfiable", STR, ALWAYS), 4: _f("labelSelector", "LabelSelector", PTR),
        5: _f("minDomains", INT, PTR), 6: _f("nodeAffinityPolicy", STR, PTR),
        7: _f("nodeTaintsPolicy", STR, PTR), 8: _f("matchLabelKeys", STR, LIST),
    },
    "PodOS": {1: _f("name", STR, ALWAYS)},
    "PodSchedulingGate": {1: _f("name", STR, ALWAYS)},
    "PodResourceClaim": {
        1: _f("name", STR, ALWAYS), 3: _f("resourceClaimName", STR, PTR),
        4: _f("resourceClaimTemplateName", STR, PTR),
    },
    "ResourceRequirements": {
        1: _f("limits", QUANTITY, MAP), 2: _f("requests", QUANTITY, MAP),
        3: _f("claims", "ResourceClaim", LIST),
    },
    "PodTemplateSpec": {1: _f("metadata", "ObjectMeta", ALWAYS), 2: _f("spec", "PodSpec", ALWAYS)},
    "ServicePort": {
        1: _f("name", STR), 2: _f("protocol", STR), 3: _f("port", INT, ALWAYS),
        4: _f("targetPort", INT_OR_STRING, ALWAYS), 5: _f("nodePort", INT), 6: _f("appProtocol", STR, PTR),
    },
    "SessionAffinityConfig": {1: _f("clientIP", "ClientIPConfig", PTR)},
    "LoadBalancerStatus": {1: _f("ingress", "LoadBalancerIngress", LIST)},
    "NamespaceCondition": {
        1: _f("type", STR, ALWAYS), 2: _f("status", STR, ALWAYS), 4: _f("lastTransitionTime", TIME, ALWAYS),
        5: _f("reason", STR), 6: _f("message", STR),
    },
    "VolumeSource": {
        1: _f("hostPath", "HostPathVolumeSource", PTR), 2: _f("emptyDir", "EmptyDirVolumeSource", PTR),
        6: _f("secret", "SecretVolumeSource", PTR),
        10: _f("persistentVolumeClaim", "PersistentVolumeClaimVolumeSource", PTR),
        16: _f("downwardAPI", "DownwardAPIVolumeSource", PTR),
        19: _f("configMap", "ConfigMapVolumeSource", PTR), 26: _f("projected", "ProjectedVolumeSource", PTR),
        28: _f("csi", "CSIVolumeSource", PTR),
    },
    "ContainerPort": {
        1: _f("name", STR), 2: _f("hostPort", INT), 3: _f("containerPort", INT, ALWAYS),
        4: _f("protocol", STR), 5: _f("hostIP", STR),
    },
    "EnvFromSource": {
        1: _f("prefix", STR), 2: _f("configMapRef", "ConfigMapEnvSource", PTR),
        3: _f("secretRef", "SecretEnvSource", PTR),
    },
    "EnvVar": {1: _f("name", STR, ALWAYS), 2: _f("value", STR), 3: _f("valueFrom", "EnvVarSource", PTR)},
    "ContainerResizePolicy": {1: _f("resourceName", STR, ALWAYS), 2: _f("restartPolicy", STR, ALWAYS)},
    "VolumeMount": {
        1: _f("name", STR, ALWAYS), 2: _f("readOnly", BOOL), 3: _f("mountPath", STR, ALWAYS),
        4: _f("subPath", STR), 5: _f("mountPropagation", STR, PTR), 6: _f("subPathExpr", STR),
        7: _f("recursiveReadOnly", STR, PTR),
    },
    "VolumeDevice": {1: _f("name", STR, ALWAYS), 2: _f("devicePath", STR, ALWAYS)},
    "Probe": {
        1: _f("", "ProbeHandler", INLINE), 2: _f("initialDelaySeconds", INT), 3: _f("timeoutSeconds", INT),
        4: _f("periodSeconds", INT), 5: _f("successThreshold", INT), 6: _f("failureThreshold", INT),
        7: _f("terminationGracePeriodSeconds", INT, PTR),
    },
    "Lifecycle": {1: _f("postStart", "LifecycleHandler", PTR), 2: _f("preStop", "LifecycleHandler", PTR)},
    "SecurityContext": {
        1: _f("capabilities", "Capabilities", PTR), 2: _f("privileged", BOOL, PTR),
        3: _f("seLinuxOptions", "SELinuxOptions", PTR), 4: _f("runAsUser", INT, PTR),
        5: _f("runAsNonRoot", BOOL, PTR), 6: _f("readOnlyRootFilesystem", BOOL, PTR),
        7: _f("allowPrivilegeEscalation", BOOL, PTR), 8: _f("runAsGroup", INT, PTR),
        9: _f("procMount", STR, PTR), 10: _f("windowsOptions", "WindowsSecurityContextOptions", PTR),
        11: _f("seccompProfile", "SeccompProfile", PTR), 12: _f("appArmorProfile", "AppArmorProfile", PTR),
    },
    "SELinuxOptions": {1: _f("user", STR), 2: _f("role", STR), 3: _f("type", STR), 4: _f("level", STR)},
    "WindowsSecurityContextOptions": {
        1: _f("gmsaCredentialSpecName", STR, PTR), 2: _f("gmsaCredentialSpec", STR, PTR),
        3: _f("runAsUserName", STR, PTR), 4: _f("hostProcess", BOOL, PTR),
    },
    "Sysctl": {1: _f("name", STR, ALWAYS), 2: _f("value", STR, ALWAYS)},
    "SeccompProfile": {1: _f("type", STR, ALWAYS), 2: _f("localhostProfile", STR, PTR)},
    "AppArmorProfile": {1: _f("type", STR, ALWAYS), 2: _f("localhostProfile", STR, PTR)},
    "NodeAffinity": {
        1: _f("requiredDuringSchedulingIgnoredDuringExecution", "NodeSelector", PTR),
        2: _f("preferredDuringSchedulingIgnoredDuringExecution", "PreferredSchedulingTerm", LIST),
    },
    "PodAffinity": {
        1: _f("requiredDuringSchedulingIgnoredDuringExecution", "PodAffinityTerm", LIST),
        2: _f("preferredDuringSchedulingIgnoredDuringExecution", "WeightedPodAffinityTerm", LIST),
    },
    "PodAntiAffinity": {
        1: _f("requiredDuringSchedulingIgnoredDuringExecution", "PodAffinityTerm", LIST),
        2: _f("preferredDuringSchedulingIgnoredDuringExecution", "WeightedPodAffinityTerm", LIST),
    },
    "PodDNSConfigOption": {1: _f("name", STR), 2: _f("value", STR, PTR)},
    "ResourceClaim": {1: _f("name", STR, ALWAYS), 2: _f("request", STR)},
    "ClientIPConfig": {1: _f("timeoutSeconds", INT, PTR)},
    "LoadBalancerIngress": {
        1: _f("ip", STR), 2: _f("hostname", STR), 3: _f("ipMode", STR, PTR),
        4: _f("ports", "PortStatus", LIST),
    },
    "HostPathVolumeSource": {1: _f("path", STR, ALWAYS), 2: _f("type", STR, PTR)},
    "EmptyDirVolumeSource": {1: _f("medium", STR), 2: _f("sizeLimit", QUANTITY, PTR)},
    "SecretVolumeSource": {
        1: _f("secretName", STR), 2: _f("items", "KeyToPath", LIST), 3: _f("defaultMode", INT, PTR),
        4: _f("optional", BOOL, PTR),
    },
    "PersistentVolumeClaimVolumeSource": {1: _f("claimName", STR, ALWAYS), 2: _f("readOnly", BOOL)},
    "DownwardAPIVolumeSource": {
        1: _f("items", "DownwardAPIVolumeFile", LIST), 2: _f("defaultMode", INT, PTR),
    },
    "ConfigMapVolumeSource": {
        1: _f("", "LocalObjectReference", INLINE), 2: _f("items", "KeyToPath", LIST),
        3: _f("defaultMode", INT, PTR), 4: _f("optional", BOOL, PTR),
    },
    "ProjectedVolumeSource": {
        1: _f("sources", "VolumeProjection", LIST, ALWAYS), 2: _f("defaultMode", INT, PTR),
    },
    "CSIVolumeSource": {
        1: _f("driver", STR, ALWAYS), 2: _f("readOnly", BOOL, PTR), 3: _f("fsType", STR, PTR),
        4: _f("volumeAttributes", STR, MAP), 5: _f("nodePublishSecretRef", "LocalObjectReference", PTR),
    },
    "ConfigMapEnvSource": {1: _f("", "LocalObjectReference", INLINE), 2: _f("optional", BOOL, PTR)},
    "SecretEnvSource": {1: _f("", "LocalObjectReference", INLINE), 2: _f("optional", BOOL, PTR)},
    "EnvVarSource": {
        1: _f("fieldRef", "ObjectFieldSelector", PTR),
        2: _f("resourceFieldRef", "ResourceFieldSelector", PTR),
        3: _f("configMapKeyRef", "ConfigMapKeySelector", PTR),
        4: _f("secretKeyRef", "SecretKeySelector", PTR),
    },
    "ProbeHandler": {
        1: _f("exec", "ExecAction", PTR), 2: _f("httpGet", "HTTPGetAction", PTR),
        3: _f("tcpSocket", "TCPSocketAction", PTR), 4: _f("grpc", "GRPCAction", PTR),
    },
    "LifecycleHandler": {
        1: _f("exec", "ExecAction", PTR), 2: _f("httpGet", "HTTPGetAction", PTR),
        3: _f("tcpSocket", "TCPSocketAction", PTR), 4: _f("sleep", "SleepAction", PTR),
    },
    "Capabilities": {1: _f("add", STR, LIST), 2: _f("drop", STR, LIST)},
    "NodeSelector": {1: _f("nodeSelectorTerms", "NodeSelectorTerm", LIST, ALWAYS)},
    "PreferredSchedulingTerm": {
        1: _f("weight", INT, ALWAYS), 2: _f("preference", "NodeSelectorTerm", ALWAYS),
    },
    "PodAffinityTerm": {
        1: _f("labelSelector", "LabelSelector", PTR), 2: _f("namespaces", STR, LIST),
        3: _f("topologyKey", STR, ALWAYS), 4: _f("namespaceSelector", "LabelSelector", PTR),
        5: _f("matchLabelKeys", STR, LIST), 6: _f("mismatchLabelKeys", STR, LIST),
    },
    "WeightedPodAffinityTerm": {
        1: _f("weight", INT, ALWAYS), 2: _f("podAffinityTerm", "PodAffinityTerm", ALWAYS),
    },
    "PortStatus": {1: _f("port", INT, ALWAYS), 2: _f("protocol", STR, ALWAYS), 3: _f("error", STR, PTR)},
    "KeyToPath": {1: _f("key", STR, ALWAYS), 2: _f("path", STR, ALWAYS), 3: _f("mode", INT, PTR)},
    "DownwardAPIVolumeFile": {
        1: _f("path", STR, ALWAYS), 2: _f("fieldRef", "ObjectFieldSelector", PTR),
        3: _f("resourceFieldRef", "ResourceFieldSelector", PTR), 4: _f("mode", INT, PTR),
    },
    "VolumeProjection": {
        1: _f("secret", "SecretProjection", PTR), 2: _f("downwardAPI", "DownwardAPIProjection", PTR),
        3: _f("configMap", "ConfigMapProjection", PTR),
        4: _f("serviceAccountToken", "ServiceAccountTokenProjection", PTR),
    },
    "ObjectFieldSelector": {1: _f("apiVersion", STR), 2: _f("fieldPath", STR, ALWAYS)},
    "ResourceFieldSelector": {
        1: _f("containerName", STR), 2: _f("resource", STR, ALWAYS), 3: _f("divisor", QUANTITY, ALWAYS),
    },
    "ConfigMapKeySelector": {
        1: _f("", "LocalObjectReference", INLINE), 2: _f("key", STR, ALWAYS), 3: _f("optional", BOOL, PTR),
    },
    "SecretKeySelector": {
        1: _f("", "LocalObjectReference", INLINE), 2: _f("key", STR, ALWAYS), 3: _f("optional", BOOL, PTR),
    },
    "ExecAction": {1: _f("command", STR, LIST)},
    "HTTPGetAction": {
        1: _f("path", STR), 2: _f("port", INT_OR_STRING, ALWAYS), 3: _f("host", STR), 4: _f("scheme", STR),
        5: _f("httpHeaders", "HTTPHeader", LIST),
    },
    "TCPSocketAction": {1: _f("port", INT_OR_STRING, ALWAYS), 2: _f("host", STR)},
    "GRPCAction": {1: _f("port", INT, ALWAYS), 2: _f("service", STR, PTR)},
    "SleepAction": {1: _f("seconds", INT, ALWAYS)},
    "NodeSelectorTerm": {
        1: _f("matchExpressions", "NodeSelectorRequirement", LIST),
        2: _f("matchFields", "NodeSelectorRequirement", LIST),
    },
    "SecretProjection": {
        1: _f("", "LocalObjectReference", INLINE), 2: _f("items", "KeyToPath", LIST),
        4: _f("optional", BOOL, PTR),
    },
    "DownwardAPIProjection": {1: _f("items", "DownwardAPIVolumeFile", LIST)},
    "ConfigMapProjection": {
        1: _f("", "LocalObjectReference", INLINE), 2: _f("items", "KeyToPath", LIST),
        4: _f("optional", BOOL, PTR),
    },
    "ServiceAccountTokenProjection": {
        1: _f("audience", STR), 2: _f("expirationSeconds", INT, PTR), 3: _f("path", STR, ALWAYS),
    },
    "HTTPHeader": {1: _f("name", STR, ALWAYS), 2: _f("value", STR, ALWAYS)},
    "NodeSelectorRequirement": {
        1: _f("key", STR, ALWAYS), 2: _f("operator", STR, ALWAYS), 3: _f("values", STR, LIST),
    },
    # apps/v1 (k8s.io/api/apps/v1/generated.proto)
    "Deployment": {
        1: _f("metadata", "ObjectMeta", ALWAYS), 2: _f("spec", "DeploymentSpec", ALWAYS),
        3: _f("status", "DeploymentStatus", ALWAYS),
    },
    "DeploymentSpec": {
        1: _f("replicas", INT, PTR), 2: _f("selector", "LabelSelector", PTR),
        3: _f("template", "PodTemplateSpec", ALWAYS), 4: _f("strategy", "DeploymentStrategy", ALWAYS),
        5: _f("minReadySeconds", INT), 6: _f("revisionHistoryLimit", INT, PTR), 7: _f("paused", BOOL),
        9: _f("progressDeadlineSeconds", INT, PTR),
    },
    "DeploymentStatus": {
        1: _f("observedGeneration", INT), 2: _f("replicas", INT), 3: _f("updatedReplicas", INT),
        4: _f("availableReplicas", INT), 5: _f("unavailableReplicas", INT),
        6: _f("conditions", "DeploymentCondition", LIST), 7: _f("readyReplicas", INT),
        8: _f("collisionCount", INT, PTR),
    },
    "DeploymentStrategy": {1: _f("type", STR), 2: _f("rollingUpdate", "RollingUpdateDeployment", PTR)},
    "DeploymentCondition": {
        1: _f("type", STR, ALWAYS), 2: _f("status", STR, ALWAYS), 4: _f("reason", STR),
        5: _f("message", STR), 6: _f("lastUpdateTime", TIME, ALWAYS),
        7: _f("lastTransitionTime", TIME, ALWAYS),
    },
    "RollingUpdateDeployment": {
        1: _f("maxUnavailable", INT_OR_STRING, PTR), 2: _f("maxSurge", INT_OR_STRING, PTR),
    },
    # rbac.authorization.k8s.io/v1 (k8s.io/api/rbac/v1/generated.proto)
    "Role": {1: _f("metadata", "ObjectMeta", ALWAYS), 2: _f("rules", "PolicyRule", LIST, ALWAYS)},
    "ClusterRole": {
        1: _f("metadata", "ObjectMeta", ALWAYS), 2: _f("rules", "PolicyRule", LIST, ALWAYS),
        3: _f("aggregationRule", "AggregationRule", PTR),
    },
    "RoleBinding": {
        1: _f("metadata", "ObjectMeta", ALWAYS), 2: _f("subjects", "Subject", LIST),
        3: _f("roleRef", "RoleRef", ALWAYS),
    },
    "ClusterRoleBinding": {
        1: _f("metadata", "ObjectMeta", ALWAYS), 2: _f("subjects", "Subject", LIST),
        3: _f("roleRef", "RoleRef", ALWAYS),
    },
    "PolicyRule": {
        1: _f("verbs", STR, LIST, ALWAYS), 2: _f("apiGroups", STR, LIST), 3: _f("resources", STR, LIST),
        4: _f("resourceNames", STR, LIST), 5: _f("nonResourceURLs", STR, LIST),
    },
    "AggregationRule": {1: _f("clusterRoleSelectors", "LabelSelector", LIST)},
    "Subject": {
        1: _f("kind", STR, ALWAYS), 2: _f("apiGroup", STR), 3: _f("name", STR, ALWAYS),
        4: _f("namespace", STR),
    },
    "RoleRef": {1: _f("apiGroup", STR, ALWAYS), 2: _f("kind", STR, ALWAYS), 3: _f("name", STR, ALWAYS)},
}

# The kinds decode() accepts: apiVersion → kinds, each the name of its top-level message.
KINDS: dict[str, frozenset[str]] = {
    "v1": frozenset({"Namespace", "ConfigMap", "Secret", "ServiceAccount", "Service", "Pod"}),
    "apps/v1": frozenset({"Deployment"}),
    "rbac.authorization.k8s.io/v1": frozenset({"Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"}),
}

_VARINT, _FIXED64, _LEN, _FIXED32 = 0, 1, 2, 5
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
# What encoding/json writes for a Go zero value that is always emitted.
_ZERO: dict[Scalar, Any] = {STR: "", INT: 0, BOOL: False, BYTES: None, TIME: None, QUANTITY: "0",
                            INT_OR_STRING: 0, RAW: None}


def decode(body: bytes) -> dict[str, Any]:
    """Decode a ``k8s\\x00``-prefixed ``runtime.Unknown`` into the object's JSON-shaped dict."""
    if not body.startswith(MAGIC):
        raise ProtobufError("not a Kubernetes protobuf body: missing the k8s\\x00 prefix")
    envelope = dict(_strings(body[len(MAGIC):]))
    type_meta = dict(_strings(envelope.get(1, b"")))
    api_version, kind = _text(type_meta.get(1, b"")), _text(type_meta.get(2, b""))
    encoding = _text(envelope.get(3, b""))
    if encoding:
        raise ProtobufError(f"unsupported content encoding {encoding!r}")
    if kind not in KINDS.get(api_version, ()):
        raise ProtobufError(f"unsupported kind {kind!r} in {api_version!r}")
    return {"kind": kind, "apiVersion": api_version, **_message(kind, envelope.get(2, b""))}


# -- wire format --------------------------------------------------------------------------------

def _wire(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """Yield (field number, value): an int for a varint, bytes for a length-delimited field.

    fixed32 and fixed64 fields are read past: no field in the table has those encodings."""
    i, end = 0, len(data)
    while i < end:
        key, i = _varint(data, i)
        number, wire_type = key >> 3, key & 7
        if number == 0:
            raise ProtobufError(f"invalid field number 0 at offset {i}")
        if wire_type == _VARINT:
            value, i = _varint(data, i)
            yield number, value
            continue
        if wire_type == _LEN:
            size, i = _varint(data, i)
        elif wire_type in (_FIXED64, _FIXED32):
            size = 8 if wire_type == _FIXED64 else 4
        else:
            raise ProtobufError(f"unsupported wire type {wire_type} for field {number}")
        if i + size > end:
            raise ProtobufError(f"field {number} runs past the end of its message")
        if wire_type == _LEN:
            yield number, data[i:i + size]
        i += size


def _varint(data: bytes, i: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if i >= len(data) or shift > 63:
            raise ProtobufError("truncated or overlong varint")
        b = data[i]
        i += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, i
        shift += 7


def _signed(value: int) -> int:
    """int32 and int64 varints are two's complement over 64 bits."""
    return value - (1 << 64) if value >= 1 << 63 else value


def _strings(data: bytes) -> Iterator[tuple[int, bytes]]:
    """The length-delimited fields of a message; a later duplicate wins, as in proto."""
    return ((n, v) for n, v in _wire(data) if isinstance(v, bytes))


def _ints(data: bytes) -> dict[int, int]:
    return {n: _signed(v) for n, v in _wire(data) if isinstance(v, int)}


def _text(value: bytes) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ProtobufError(f"invalid UTF-8 in a string field: {e}") from e


# -- messages -----------------------------------------------------------------------------------

def _message(name: str, data: bytes) -> dict[str, Any]:
    table = MESSAGES[name]
    seen: dict[int, Any] = {}
    for number, value in _wire(data):
        field = table.get(number)
        if field is None:
            continue
        if field.shape is MAP:
            key, item = _entry(field, value)
            seen.setdefault(number, {})[key] = item
        elif field.shape is LIST and field.type in (INT, BOOL) and isinstance(value, bytes):
            seen.setdefault(number, []).extend(_value(field, v) for v in _packed(value))
        elif field.shape is LIST:
            seen.setdefault(number, []).append(_value(field, value))
        else:
            seen[number] = _value(field, value)
    out: dict[str, Any] = {}
    for number, field in table.items():
        if number in seen:
            value = seen[number]
            if field.emit is OMIT and value in ("", 0, False):  # omitempty: 0 == False covers both
                continue
        elif field.emit is ALWAYS or field.emit is INLINE:
            value = _absent(field)
        else:
            continue
        if field.emit is INLINE:
            out.update(value)
        else:
            out[field.name] = value
    return out


def _absent(field: Field) -> Any:
    if field.shape is not None:
        return None  # a nil slice or map
    if isinstance(field.type, str):
        return _message(field.type, b"")
    return _ZERO[field.type]


def _value(field: Field, value: int | bytes) -> Any:
    t = field.type
    if t is INT or t is BOOL:
        if not isinstance(value, int):
            raise ProtobufError(f"field {field.name!r}: expected a varint")
        return value != 0 if t is BOOL else _signed(value)
    if not isinstance(value, bytes):
        raise ProtobufError(f"field {field.name!r}: expected a length-delimited value")
    if isinstance(t, str):
        return _message(t, value)
    if t is STR:
        return _text(value)
    if t is BYTES:
        return base64.b64encode(value).decode("ascii")
    if t is TIME:
        return _time(value)
    if t is QUANTITY:  # resource.Quantity {string = 1}
        return _text(dict(_strings(value)).get(1, b"")) or "0"
    if t is INT_OR_STRING:
        return _int_or_string(value)
    raw = dict(_strings(value)).get(1, b"")  # FieldsV1 {Raw = 1}, RawExtension {raw = 1}
    try:
        return json.loads(raw) if raw else None
    except ValueError as e:
        raise ProtobufError(f"field {field.name!r}: embedded JSON does not parse: {e}") from e


def _packed(data: bytes) -> Iterator[int]:
    i = 0
    while i < len(data):
        value, i = _varint(data, i)
        yield value


def _entry(field: Field, value: int | bytes) -> tuple[str, Any]:
    """A map entry is a message {key = 1, value = 2}, either of which may be left out."""
    if not isinstance(value, bytes):
        raise ProtobufError(f"field {field.name!r}: expected a map entry")
    key, item = "", _value(field, b"")
    for number, v in _wire(value):
        if number == 1 and isinstance(v, bytes):
            key = _text(v)
        elif number == 2:
            item = _value(field, v)
    return key, item


def _time(data: bytes) -> str | None:
    """metav1.Time {seconds = 1, nanos = 2}: Go writes nothing for the zero time, which is JSON null;
    JSON carries whole seconds only, so nanos are dropped as the apiserver drops them."""
    if not data:
        return None
    try:
        moment = _EPOCH + datetime.timedelta(seconds=_ints(data).get(1, 0))
    except OverflowError as e:
        raise ProtobufError(f"timestamp out of range: {e}") from e
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _int_or_string(data: bytes) -> int | str:
    """intstr.IntOrString {type = 1 (0 int, 1 string), intVal = 2, strVal = 3}."""
    if _ints(data).get(1) == 1:
        return _text(dict(_strings(data)).get(3, b""))
    return _ints(data).get(2, 0)
