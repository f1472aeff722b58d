"""The Kubernetes kinds knlite serves besides Knative's: core/v1, apps/v1 and RBAC.

They exist because Knative manifests and the seed's walkthrough use them: Namespaces and
ConfigMaps (Knative's configuration), Secrets (envFrom, GitLab and broker credentials),
ServiceAccounts and RBAC objects (ApiServerSource permissions), plain Services and Deployments
(as event sinks), Pods (read-only, one per running instance, with logs) and Events (what
``kubectl describe`` lists). Their schemas are trimmed to what these uses need, open
(``preserve-unknown``) where Kubernetes has more than knlite acts on, and their columns are
kubectl's built-in printers.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
from collections.abc import Callable
from typing import Any

from knlite.apis import columns as col
from knlite.apis.admission import Denied
from knlite.apis.core import podspec
from knlite.apis.fielderrors import FieldError
from knlite.apis.registry import AdmissionContext, Column, Obj, Registry, ResourceType
from knlite.apis.schema import (
    array,
    boolean,
    free_object,
    int32,
    int_or_string,
    integer,
    kind_schema,
    obj,
    string,
    string_map,
)

ConfigValidator = Callable[[str, str, dict[str, str], dict[str, str] | None], str | None]

_CONFIG_WEBHOOKS = {
    "knative-serving": "config.webhook.serving.knative.dev",
    "knative-eventing": "config.webhook.eventing.knative.dev",
}


def _count(path: str) -> Callable[[Obj], int]:
    def get(o: Obj) -> int:
        value = col.field_path(o, path)
        return len(value) if value else 0

    return get


# -- Namespace ---------------------------------------------------------------------------------

NAMESPACE = kind_schema(
    obj({"finalizers": array(string(), "Finalizers is an opaque list of values that must be empty to permanently "
                                       "remove object from storage.")},
        "Spec defines the behavior of the Namespace."),
    obj({"phase": string("Phase is the current lifecycle phase of the namespace."),
         "conditions": array(free_object())},
        "Status describes the current status of a Namespace."),
    "Namespace provides a scope for Names. Use of multiple namespaces is optional.",
)


def _default_namespace(o: Obj, old: Obj | None, ctx: AdmissionContext) -> None:
    o.setdefault("spec", {}).setdefault("finalizers", ["kubernetes"])
    if old is None:
        o["status"] = {"phase": "Active"}
    labels = o["metadata"].setdefault("labels", {})
    labels["kubernetes.io/metadata.name"] = o["metadata"]["name"]


# -- ConfigMap / Secret ------------------------------------------------------------------------

CONFIG_MAP = kind_schema(None, None, "ConfigMap holds configuration data for pods to consume.", {
    "data": string_map("Data contains the configuration data."),
    "binaryData": string_map("BinaryData contains the binary data (base64)."),
    "immutable": boolean("Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated."),
})

SECRET = kind_schema(None, None, "Secret holds secret data of a certain type.", {
    "data": string_map("Data contains the secret data, base64 encoded."),
    "stringData": string_map("stringData allows specifying non-binary secret data in string form (write-only)."),
    "type": string("Used to facilitate programmatic handling of secret data."),
    "immutable": boolean("Immutable, if set to true, ensures that data stored in the Secret cannot be updated."),
})


def _default_secret(o: Obj, old: Obj | None, ctx: AdmissionContext) -> None:
    o.setdefault("type", "Opaque")
    string_data = o.pop("stringData", None) or {}
    if string_data:
        data = o.setdefault("data", {})
        for k, v in string_data.items():
            data[k] = base64.b64encode(str(v).encode()).decode()


def _validate_secret(o: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError | None:
    err = FieldError()
    for k, v in (o.get("data") or {}).items():
        try:
            base64.b64decode(v, validate=True)
        except (binascii.Error, ValueError):
            err = err.also(FieldError.new(f"illegal base64 data for key {k}", f"data[{k}]"))
    return err or None


def _immutable_data(o: Obj, old: Obj | None) -> FieldError | None:
    if old is not None and old.get("immutable") and any(o.get(k) != old.get(k) for k in ("data", "binaryData")):
        return FieldError.new("field is immutable when `immutable` is set", "data")
    return None


def configmap_validator(validate_config: ConfigValidator | None) -> Callable[..., FieldError | None]:
    def validate(o: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError | None:
        ns = o["metadata"].get("namespace", "")
        if validate_config is not None and ns in _CONFIG_WEBHOOKS:
            problem = validate_config(ns, o["metadata"]["name"], o.get("data") or {},
                                      o["metadata"].get("annotations"))
            if problem:
                raise Denied(_CONFIG_WEBHOOKS[ns], f"validation failed: {problem}")
        return _immutable_data(o, old)

    return validate


# -- ServiceAccount, Event ---------------------------------------------------------------------

SERVICE_ACCOUNT = kind_schema(None, None, "ServiceAccount binds together a name, secrets and a principal.", {
    "secrets": array(free_object()),
    "imagePullSecrets": array(podspec.LOCAL_OBJECT_REFERENCE),
    "automountServiceAccountToken": boolean(),
})

EVENT = kind_schema(None, None, "Event is a report of an event somewhere in the cluster.", {
    "involvedObject": free_object("The object that this event is about."),
    "reason": string("This should be a short, machine understandable string that gives the reason for the "
                     "transition into the object's current status."),
    "message": string("A human-readable description of the status of this operation."),
    "source": free_object(),
    "firstTimestamp": string(),
    "lastTimestamp": string(),
    "eventTime": string(),
    "count": int32(),
    "type": string("Type of this event (Normal, Warning)."),
    "action": string(),
    "reportingComponent": string(),
    "reportingInstance": string(),
    "related": free_object(),
    "series": free_object(),
})

# -- Service (core) ----------------------------------------------------------------------------

SERVICE_PORT = obj({
    "name": string("The name of this port within the service."),
    "protocol": string("The IP protocol for this port.", enum=["TCP", "UDP", "SCTP"]),
    "appProtocol": string(),
    "port": int32("The port that will be exposed by this service."),
    "targetPort": int_or_string("Number or name of the port to access on the pods targeted by the service."),
    "nodePort": int32(),
}, "ServicePort contains information on service's port.", required=["port"])

SERVICE = kind_schema(
    obj({
        "ports": array(SERVICE_PORT, "The list of ports that are exposed by this service.", merge_key="port",
                       list_type="map", map_keys=["port", "protocol"]),
        "selector": string_map("Route service traffic to pods with label keys and values matching this selector."),
        "clusterIP": string("clusterIP is the IP address of the service."),
        "clusterIPs": array(string()),
        "type": string("type determines how the Service is exposed.",
                       enum=["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]),
        "externalName": string("externalName is the external reference that discovery mechanisms will return."),
        "externalIPs": array(string()),
        "sessionAffinity": string(),
        "ipFamilies": array(string()),
        "ipFamilyPolicy": string(),
        "internalTrafficPolicy": string(),
        "externalTrafficPolicy": string(),
        "loadBalancerIP": string(),
        "publishNotReadyAddresses": boolean(),
        "sessionAffinityConfig": free_object(),
        "healthCheckNodePort": int32(),
        "allocateLoadBalancerNodePorts": boolean(),
        "loadBalancerSourceRanges": array(string()),
        "loadBalancerClass": string(),
        "trafficDistribution": string(),
    }, "Spec defines the behavior of a service."),
    obj({"loadBalancer": free_object(), "conditions": array(free_object())}),
    "Service is a named abstraction of software service (for example, mysql) consisting of local port "
    "(for example 3306) that the proxy listens on, and the selector that determines which pods will answer "
    "requests sent through the proxy.",
)

_SERVICE_NET = ipaddress.ip_network("10.96.0.0/12")


def _allocate_cluster_ip(o: Obj) -> str:
    """A stable, deterministic address from the service's namespace/name (no real network behind it)."""
    import hashlib

    digest = int(hashlib.sha256(f"{o['metadata'].get('namespace')}/{o['metadata']['name']}".encode()).hexdigest(), 16)
    offset = 10 + digest % (_SERVICE_NET.num_addresses - 20)
    return str(_SERVICE_NET.network_address + offset)


def _default_service(o: Obj, old: Obj | None, ctx: AdmissionContext) -> None:
    spec = o.setdefault("spec", {})
    spec.setdefault("type", "ClusterIP")
    if spec["type"] != "ExternalName":
        if old is not None and old.get("spec", {}).get("clusterIP"):
            spec.setdefault("clusterIP", old["spec"]["clusterIP"])
        if not spec.get("clusterIP"):
            spec["clusterIP"] = _allocate_cluster_ip(o)
        spec.setdefault("clusterIPs", [spec["clusterIP"]])
        spec.setdefault("ipFamilies", ["IPv4"])
        spec.setdefault("ipFamilyPolicy", "SingleStack")
        spec.setdefault("internalTrafficPolicy", "Cluster")
    spec.setdefault("sessionAffinity", "None")
    for p in spec.get("ports") or []:
        p.setdefault("protocol", "TCP")
        p.setdefault("targetPort", p.get("port"))
    o.setdefault("status", {}).setdefault("loadBalancer", {})


def _validate_service(o: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError | None:
    spec = o.get("spec") or {}
    err = FieldError()
    if spec.get("type") != "ExternalName" and not spec.get("ports") and spec.get("clusterIP") != "None":
        err = err.also(FieldError.new("Required value", "spec.ports"))
    for i, p in enumerate(spec.get("ports") or []):
        port = p.get("port")
        if not isinstance(port, int) or not 1 <= port <= 65535:
            err = err.also(FieldError.new(f"Invalid value: {port}: must be between 1 and 65535, inclusive",
                                          f"spec.ports[{i}].port"))
    return err or None


def _ports(o: Obj) -> str:
    out = []
    for p in (o.get("spec") or {}).get("ports") or []:
        text = f"{p.get('port')}/{p.get('protocol', 'TCP')}"
        if p.get("nodePort"):
            text = f"{p.get('port')}:{p['nodePort']}/{p.get('protocol', 'TCP')}"
        out.append(text)
    return ",".join(out) or "<none>"


def _external_ip(o: Obj) -> str:
    spec = o.get("spec") or {}
    if spec.get("type") == "ExternalName":
        return spec.get("externalName", "<none>")
    ips = spec.get("externalIPs") or []
    if spec.get("type") == "LoadBalancer":
        return ",".join(ips) or "<pending>"
    return ",".join(ips) or "<none>"


def _selector(o: Obj) -> str:
    sel = (o.get("spec") or {}).get("selector") or {}
    return ",".join(f"{k}={v}" for k, v in sorted(sel.items())) or "<none>"


# -- Pod ---------------------------------------------------------------------------------------

POD = kind_schema(podspec.POD_SPEC, obj({
    "phase": string("The phase of a Pod is a simple, high-level summary of where the Pod is in its lifecycle."),
    "conditions": array(free_object(), "Current service state of pod."),
    "message": string(), "reason": string(),
    "hostIP": string(), "podIP": string(), "podIPs": array(free_object()),
    "startTime": string(),
    "containerStatuses": array(free_object()),
    "initContainerStatuses": array(free_object()),
    "qosClass": string(),
}), "Pod is a collection of containers that can run on a host.")


def _pod_ready(o: Obj) -> str:
    statuses = (o.get("status") or {}).get("containerStatuses") or []
    total = len((o.get("spec") or {}).get("containers") or []) or len(statuses)
    ready = sum(1 for s in statuses if s.get("ready"))
    return f"{ready}/{total}"


def _pod_status(o: Obj) -> str:
    status = o.get("status") or {}
    if o["metadata"].get("deletionTimestamp"):
        return "Terminating"
    reason = status.get("reason") or status.get("phase") or "Pending"
    for cs in status.get("containerStatuses") or []:
        state = cs.get("state") or {}
        if "waiting" in state and state["waiting"].get("reason"):
            reason = state["waiting"]["reason"]
        elif "terminated" in state and state["terminated"].get("reason"):
            reason = state["terminated"]["reason"]
    return str(reason)


def _pod_restarts(o: Obj) -> int:
    return sum(int(cs.get("restartCount", 0)) for cs in (o.get("status") or {}).get("containerStatuses") or [])


# -- Deployment --------------------------------------------------------------------------------

DEPLOYMENT = kind_schema(obj({
    "replicas": int32("Number of desired pods."),
    "selector": podspec.LABEL_SELECTOR,
    "template": podspec.POD_TEMPLATE_SPEC,
    "strategy": free_object("The deployment strategy to use to replace existing pods with new ones."),
    "minReadySeconds": int32(),
    "revisionHistoryLimit": int32(),
    "paused": boolean(),
    "progressDeadlineSeconds": int32(),
}, "Specification of the desired behavior of the Deployment.", required=["selector", "template"]), obj({
    "observedGeneration": integer(),
    "replicas": int32(), "updatedReplicas": int32(), "readyReplicas": int32(),
    "availableReplicas": int32(), "unavailableReplicas": int32(),
    "conditions": array(free_object()),
    "collisionCount": int32(),
}), "Deployment enables declarative updates for Pods and ReplicaSets.")


def _default_deployment(o: Obj, old: Obj | None, ctx: AdmissionContext) -> None:
    spec = o.setdefault("spec", {})
    spec.setdefault("replicas", 1)
    spec.setdefault("revisionHistoryLimit", 10)
    spec.setdefault("progressDeadlineSeconds", 600)
    spec.setdefault("strategy", {"type": "RollingUpdate",
                                 "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}})


def _validate_deployment(o: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError | None:
    spec = o.get("spec") or {}
    sel = (spec.get("selector") or {}).get("matchLabels") or {}
    labels = ((spec.get("template") or {}).get("metadata") or {}).get("labels") or {}
    if any(labels.get(k) != v for k, v in sel.items()):
        return FieldError.new("Invalid value: `selector` does not match template `labels`",
                              "spec.template.metadata.labels")
    if not (spec.get("template") or {}).get("spec", {}).get("containers"):
        return FieldError.new("Required value", "spec.template.spec.containers")
    return None


def _deploy_ready(o: Obj) -> str:
    st = o.get("status") or {}
    return f"{st.get('readyReplicas', 0)}/{(o.get('spec') or {}).get('replicas', 1)}"


# -- RBAC --------------------------------------------------------------------------------------

POLICY_RULE = obj({
    "apiGroups": array(string()), "resources": array(string()), "verbs": array(string()),
    "resourceNames": array(string()), "nonResourceURLs": array(string()),
}, "PolicyRule holds information that describes a policy rule.", required=["verbs"])
ROLE = kind_schema(None, None, "Role is a namespaced, logical grouping of PolicyRules.",
                   {"rules": array(POLICY_RULE, "Rules holds all the PolicyRules for this Role"),
                    "aggregationRule": free_object()})
SUBJECT = obj({"kind": string(), "apiGroup": string(), "name": string(), "namespace": string()},
              required=["kind", "name"])
ROLE_REF = obj({"apiGroup": string(), "kind": string(), "name": string()}, required=["apiGroup", "kind", "name"])
ROLE_BINDING = kind_schema(None, None, "RoleBinding references a role, but does not contain it.",
                           {"subjects": array(SUBJECT), "roleRef": ROLE_REF})


def _created_at() -> Column:
    return Column("Created At", "string", ".metadata.creationTimestamp",
                  lambda o: o["metadata"].get("creationTimestamp"))


def _role_ref(o: Obj) -> str:
    ref = o.get("roleRef") or {}
    return f"{ref.get('kind', '')}/{ref.get('name', '')}"


def register(reg: Registry, validate_config: ConfigValidator | None = None) -> None:
    core: dict[str, Any] = {"group": "", "versions": ("v1",), "crd": False}
    reg.register(ResourceType(**core, kind="Namespace", plural="namespaces", namespaced=False, short_names=("ns",),
                              schema=NAMESPACE, name_validation="label", defaulter=_default_namespace,
                              columns=(col.path("Status", ".status.phase"), col.age())))
    reg.register(ResourceType(**core, kind="ConfigMap", plural="configmaps", short_names=("cm",),
                              status_subresource=False, tracks_generation=False, schema=CONFIG_MAP,
                              validator=configmap_validator(validate_config),
                              columns=(Column("Data", "integer", ".data", _count("data")), col.age())))
    reg.register(ResourceType(**core, kind="Secret", plural="secrets", status_subresource=False,
                              tracks_generation=False, schema=SECRET, defaulter=_default_secret,
                              validator=_validate_secret,
                              columns=(col.path("Type", ".type"), Column("Data", "integer", ".data", _count("data")),
                                       col.age())))
    reg.register(ResourceType(**core, kind="ServiceAccount", plural="serviceaccounts", short_names=("sa",),
                              status_subresource=False, tracks_generation=False, schema=SERVICE_ACCOUNT,
                              columns=(Column("Secrets", "integer", ".secrets", _count("secrets")), col.age())))
    reg.register(ResourceType(**core, kind="Event", plural="events", short_names=("ev",), status_subresource=False,
                              tracks_generation=False, schema=EVENT,
                              columns=(col.path("Last Seen", ".lastTimestamp", "date"), col.path("Type", ".type"),
                                       col.path("Reason", ".reason"),
                                       Column("Object", "string", ".involvedObject",
                                              lambda o: f"{(o.get('involvedObject') or {}).get('kind', '').lower()}/"
                                                        f"{(o.get('involvedObject') or {}).get('name', '')}"),
                                       col.path("Message", ".message"))))
    reg.register(ResourceType(**core, kind="Service", plural="services", short_names=("svc",), categories=("all",),
                              schema=SERVICE, name_validation="dns1035", defaulter=_default_service,
                              validator=_validate_service,
                              columns=(col.path("Type", ".spec.type"), col.path("Cluster-IP", ".spec.clusterIP"),
                                       Column("External-IP", "string", ".spec.externalIPs", _external_ip),
                                       Column("Port(s)", "string", ".spec.ports", _ports), col.age(),
                                       Column("Selector", "string", ".spec.selector", _selector, priority=1))))
    reg.register(ResourceType(**core, kind="Pod", plural="pods", short_names=("po",), categories=("all",),
                              schema=POD, creatable=False, subresources=("log",),
                              columns=(Column("Ready", "string", ".status.containerStatuses", _pod_ready),
                                       Column("Status", "string", ".status.phase", _pod_status),
                                       Column("Restarts", "integer", ".status.containerStatuses", _pod_restarts),
                                       col.age(), col.path("IP", ".status.podIP", priority=1),
                                       col.path("Node", ".spec.nodeName", priority=1))))
    reg.register(ResourceType(group="apps", versions=("v1",), crd=False, kind="Deployment", plural="deployments",
                              short_names=("deploy",), categories=("all",), schema=DEPLOYMENT,
                              subresources=("scale",), defaulter=_default_deployment, validator=_validate_deployment,
                              columns=(Column("Ready", "string", ".status.readyReplicas", _deploy_ready),
                                       col.path("Up-to-date", ".status.updatedReplicas", "integer"),
                                       col.path("Available", ".status.availableReplicas", "integer"), col.age())))
    rbac: dict[str, Any] = {"group": "rbac.authorization.k8s.io", "versions": ("v1",), "crd": False,
                            "status_subresource": False, "tracks_generation": False, "name_validation": "path"}
    reg.register(ResourceType(**rbac, kind="Role", plural="roles", schema=ROLE, columns=(_created_at(),)))
    reg.register(ResourceType(**rbac, kind="ClusterRole", plural="clusterroles", namespaced=False, schema=ROLE,
                              columns=(_created_at(),)))
    reg.register(ResourceType(**rbac, kind="RoleBinding", plural="rolebindings", schema=ROLE_BINDING,
                              columns=(Column("Role", "string", ".roleRef", _role_ref), col.age())))
    reg.register(ResourceType(**rbac, kind="ClusterRoleBinding", plural="clusterrolebindings", namespaced=False,
                              schema=ROLE_BINDING,
                              columns=(Column("Role", "string", ".roleRef", _role_ref), col.age())))

