"""OpenAPI schemas of a Kubernetes PodSpec and Container, and of Knative's RevisionSpec.

A Revision's spec *is* a Kubernetes PodSpec (inlined) plus four Knative fields, and the
same PodSpec shape is used by the core Pod and apps/v1 Deployment kinds and by
ContainerSource. The schemas here serve three purposes on the API side: strict field
validation (an unknown field is rejected with its path, as kubectl's default
``fieldValidation=Strict`` does on a cluster), ``kubectl explain`` (hence the short
descriptions) and strategic merge patch (hence Kubernetes' merge keys: containers and
volumes by ``name``, ports by ``containerPort``, volumeMounts by ``mountPath``...).

Knative's CRDs do not publish the whole PodSpec: fields the webhook would never accept
(``lifecycle``, ``startupProbe``, ``stdin``, ``hostNetwork``...) are left out of the
Revision schema, so that a real cluster answers ``unknown field`` for them.
:func:`revision_spec_schema` applies the same cut to :data:`POD_SPEC`.
"""

from __future__ import annotations

from typing import Any

from knlite.apis.schema import (
    OBJECT_META,
    Schema,
    array,
    boolean,
    free_object,
    int32,
    int_or_string,
    integer,
    obj,
    quantity,
    string,
    string_map,
)

# -- small shared pieces -------------------------------------------------------------------------

LOCAL_OBJECT_REFERENCE = obj({"name": string("Name of the referent.")},
                             "A reference to an object in the same namespace.")


def _key_selector(what: str) -> Schema:
    return obj(
        {
            "key": string(f"The key of the {what} to select."),
            "name": string(f"Name of the {what}."),
            "optional": boolean(f"Specify whether the {what} or its key must be defined."),
        },
        f"Selects a key of a {what}.",
        required=["key"],
    )


OBJECT_FIELD_SELECTOR = obj(
    {
        "apiVersion": string("Version of the schema the FieldPath is written in terms of."),
        "fieldPath": string("Path of the field to select in the specified API version."),
    },
    "Selects a field of the pod.",
    required=["fieldPath"],
)

RESOURCE_FIELD_SELECTOR = obj(
    {
        "containerName": string("Container name: required for volumes, optional for env vars."),
        "divisor": quantity("Specifies the output format of the exposed resources, defaults to \"1\"."),
        "resource": string("Required: resource to select."),
    },
    "Selects a resource of the container: limits and requests.",
    required=["resource"],
)

KEY_TO_PATH = obj(
    {
        "key": string("The key to project."),
        "mode": int32("Mode bits used to set permissions on this file."),
        "path": string("The relative path of the file to map the key to."),
    },
    "Maps a string key to a path within a volume.",
    required=["key", "path"],
)

LABEL_SELECTOR = obj(
    {
        "matchLabels": string_map("A map of {key,value} pairs."),
        "matchExpressions": array(
            obj(
                {
                    "key": string("The label key that the selector applies to."),
                    "operator": string("In, NotIn, Exists or DoesNotExist."),
                    "values": array(string(), "An array of string values."),
                },
                required=["key", "operator"],
            ),
            "A list of label selector requirements.",
        ),
    },
    "A label query over a set of resources.",
)

# -- env -----------------------------------------------------------------------------------------

ENV_VAR = obj(
    {
        "name": string("Name of the environment variable. Must be a C_IDENTIFIER."),
        "value": string("Variable references $(VAR_NAME) are expanded using the previously defined variables."),
        "valueFrom": obj(
            {
                "configMapKeyRef": _key_selector("ConfigMap"),
                "secretKeyRef": _key_selector("Secret"),
                "fieldRef": OBJECT_FIELD_SELECTOR,
                "resourceFieldRef": RESOURCE_FIELD_SELECTOR,
            },
            "Source for the environment variable's value. Cannot be used if value is not empty.",
        ),
    },
    "EnvVar represents an environment variable present in a Container.",
    required=["name"],
)


def _env_source(what: str) -> Schema:
    return obj(
        {"name": string(f"Name of the {what}."), "optional": boolean(f"Specify whether the {what} must be defined.")},
        f"The {what} to select from.",
    )


ENV_FROM_SOURCE = obj(
    {
        "prefix": string("An optional identifier to prepend to each key."),
        "configMapRef": _env_source("ConfigMap"),
        "secretRef": _env_source("Secret"),
    },
    "EnvFromSource represents the source of a set of ConfigMaps or Secrets.",
)

# -- probes and lifecycle ------------------------------------------------------------------------

HTTP_HEADER = obj({"name": string("The header field name."), "value": string("The header field value.")},
                  required=["name", "value"])

HTTP_GET = obj(
    {
        "host": string("Host name to connect to, defaults to the pod IP."),
        "httpHeaders": array(HTTP_HEADER, "Custom headers to set in the request."),
        "path": string("Path to access on the HTTP server."),
        "port": int_or_string("Name or number of the port to access on the container."),
        "scheme": string("Scheme to use for connecting to the host. Defaults to HTTP."),
    },
    "HTTPGet specifies the http request to perform.",
)

TCP_SOCKET = obj(
    {
        "host": string("Optional: Host name to connect to, defaults to the pod IP."),
        "port": int_or_string("Number or name of the port to access on the container."),
    },
    "TCPSocket specifies an action involving a TCP port.",
)

EXEC = obj({"command": array(string(), "Command line to execute inside the container.")},
           "Exec specifies the action to take.")

GRPC = obj(
    {
        "port": int32("Port number of the gRPC service."),
        "service": string("Service is the name of the service to place in the gRPC HealthCheckRequest."),
    },
    "GRPC specifies an action involving a GRPC port.",
    required=["port"],
)

PROBE = obj(
    {
        "exec": EXEC,
        "httpGet": HTTP_GET,
        "tcpSocket": TCP_SOCKET,
        "grpc": GRPC,
        "initialDelaySeconds": int32("Number of seconds after the container has started before probes are initiated."),
        "periodSeconds": int32("How often (in seconds) to perform the probe."),
        "timeoutSeconds": int32("Number of seconds after which the probe times out."),
        "successThreshold": int32("Minimum consecutive successes for the probe to be considered successful."),
        "failureThreshold": int32("Minimum consecutive failures for the probe to be considered failed."),
        "terminationGracePeriodSeconds": integer("Duration the pod needs to terminate gracefully upon probe failure."),
    },
    "Probe describes a health check to be performed against a container.",
)

LIFECYCLE_HANDLER = obj(
    {"exec": EXEC, "httpGet": HTTP_GET, "tcpSocket": TCP_SOCKET,
     "sleep": obj({"seconds": integer("Seconds is the number of seconds to sleep.")})},
    "LifecycleHandler defines a specific action that should be taken in a lifecycle hook.",
)

LIFECYCLE = obj(
    {
        "postStart": LIFECYCLE_HANDLER,
        "preStop": LIFECYCLE_HANDLER,
    },
    "Actions that the management system should take in response to container lifecycle events.",
)

# -- security ------------------------------------------------------------------------------------

SECCOMP_PROFILE = obj(
    {
        "type": string("RuntimeDefault, Unconfined or Localhost."),
        "localhostProfile": string("A profile defined in a file on the node."),
    },
    "The seccomp options to use.",
    required=["type"],
)

SE_LINUX_OPTIONS = obj({k: string() for k in ("level", "role", "type", "user")},
                       "The SELinux context to be applied.")

WINDOWS_OPTIONS = obj({k: string() for k in ("gmsaCredentialSpec", "gmsaCredentialSpecName", "runAsUserName")}
                      | {"hostProcess": boolean()}, "Windows specific settings.")

SECURITY_CONTEXT = obj(
    {
        "allowPrivilegeEscalation": boolean("Whether a process can gain more privileges than its parent."),
        "capabilities": obj(
            {"add": array(string(), "Added capabilities."), "drop": array(string(), "Removed capabilities.")},
            "The capabilities to add/drop when running containers.",
        ),
        "privileged": boolean("Run container in privileged mode."),
        "procMount": string("The type of proc mount to use for the containers."),
        "readOnlyRootFilesystem": boolean("Whether this container has a read-only root filesystem."),
        "runAsGroup": integer("The GID to run the entrypoint of the container process."),
        "runAsNonRoot": boolean("Indicates that the container must run as a non-root user."),
        "runAsUser": integer("The UID to run the entrypoint of the container process."),
        "seLinuxOptions": SE_LINUX_OPTIONS,
        "seccompProfile": SECCOMP_PROFILE,
        "windowsOptions": WINDOWS_OPTIONS,
    },
    "SecurityContext holds security configuration that will be applied to a container.",
)

POD_SECURITY_CONTEXT = obj(
    {
        "fsGroup": integer("A special supplemental group that applies to all containers in a pod."),
        "fsGroupChangePolicy": string("OnRootMismatch or Always."),
        "runAsGroup": integer("The GID to run the entrypoint of the container process."),
        "runAsNonRoot": boolean("Indicates that the container must run as a non-root user."),
        "runAsUser": integer("The UID to run the entrypoint of the container process."),
        "seLinuxOptions": SE_LINUX_OPTIONS,
        "seccompProfile": SECCOMP_PROFILE,
        "supplementalGroups": array(integer(), "Groups applied to the first process run in each container."),
        "sysctls": array(obj({"name": string(), "value": string()}, required=["name", "value"]),
                         "Namespaced sysctls used for the pod."),
        "windowsOptions": WINDOWS_OPTIONS,
    },
    "PodSecurityContext holds pod-level security attributes and common container settings.",
)

# -- container -----------------------------------------------------------------------------------

CONTAINER_PORT = obj(
    {
        "containerPort": int32("Number of port to expose on the pod's IP address."),
        "hostIP": string("What host IP to bind the external port to."),
        "hostPort": int32("Number of port to expose on the host."),
        "name": string("An IANA_SVC_NAME for the port. Knative allows only h2c or http1."),
        "protocol": string("Protocol for port. Must be UDP, TCP, or SCTP. Defaults to \"TCP\"."),
    },
    "ContainerPort represents a network port in a single container.",
    required=["containerPort"],
)

RESOURCE_REQUIREMENTS = obj(
    {
        "claims": array(obj({"name": string()}, required=["name"]), "Dynamically allocated resources used by this container.",
                        list_type="map", map_keys=["name"]),
        "limits": obj(additional=quantity(), description="Limits describes the maximum amount of compute resources allowed."),
        "requests": obj(additional=quantity(), description="Requests describes the minimum amount of compute resources required."),
    },
    "Compute Resources required by this container.",
)

VOLUME_MOUNT = obj(
    {
        "mountPath": string("Path within the container at which the volume should be mounted."),
        "mountPropagation": string("Determines how mounts are propagated from the host to container and the other way around."),
        "name": string("This must match the Name of a Volume."),
        "readOnly": boolean("Mounted read-only if true, read-write otherwise."),
        "recursiveReadOnly": string("Whether read-only mounts should be handled recursively."),
        "subPath": string("Path within the volume from which the container's volume should be mounted."),
        "subPathExpr": string("Expanded path within the volume from which the container's volume should be mounted."),
    },
    "VolumeMount describes a mounting of a Volume within a container.",
    required=["mountPath", "name"],
)

CONTAINER = obj(
    {
        "name": string("Name of the container specified as a DNS_LABEL."),
        "image": string("Container image name."),
        "command": array(string(), "Entrypoint array. Not executed within a shell."),
        "args": array(string(), "Arguments to the entrypoint."),
        "workingDir": string("Container's working directory."),
        "env": array(ENV_VAR, "List of environment variables to set in the container.", merge_key="name"),
        "envFrom": array(ENV_FROM_SOURCE, "List of sources to populate environment variables in the container."),
        "ports": array(CONTAINER_PORT, "List of ports to expose from the container.", merge_key="containerPort",
                       list_type="map", map_keys=["containerPort", "protocol"]),
        "resources": RESOURCE_REQUIREMENTS,
        "volumeMounts": array(VOLUME_MOUNT, "Pod volumes to mount into the container's filesystem.",
                              merge_key="mountPath"),
        "volumeDevices": array(obj({"devicePath": string(), "name": string()}, required=["devicePath", "name"]),
                               "Block devices to be used by the container.", merge_key="devicePath"),
        "livenessProbe": PROBE,
        "readinessProbe": PROBE,
        "startupProbe": PROBE,
        "lifecycle": LIFECYCLE,
        "terminationMessagePath": string("Path at which the container's termination message will be written."),
        "terminationMessagePolicy": string("File or FallbackToLogsOnError."),
        "imagePullPolicy": string("Always, Never or IfNotPresent."),
        "securityContext": SECURITY_CONTEXT,
        "resizePolicy": array(obj({"resourceName": string(), "restartPolicy": string()},
                                  required=["resourceName", "restartPolicy"]), "Resources resize policy."),
        "restartPolicy": string("Restart behavior of an individual container (init containers only)."),
        "stdin": boolean("Whether this container should allocate a buffer for stdin."),
        "stdinOnce": boolean("Whether the container runtime should close stdin after the first attach."),
        "tty": boolean("Whether this container should allocate a TTY for itself."),
    },
    "A single application container that you want to run within a pod.",
    required=["name"],
)

# -- volumes -------------------------------------------------------------------------------------

_PROJECTION = obj(
    {
        "configMap": obj({"name": string(), "items": array(KEY_TO_PATH), "optional": boolean()},
                         "Information about the configMap data to project."),
        "secret": obj({"name": string(), "items": array(KEY_TO_PATH), "optional": boolean()},
                      "Information about the secret data to project."),
        "downwardAPI": obj(
            {"items": array(obj({"fieldRef": OBJECT_FIELD_SELECTOR, "mode": int32(), "path": string(),
                                 "resourceFieldRef": RESOURCE_FIELD_SELECTOR}, required=["path"]))},
            "Information about the downwardAPI data to project.",
        ),
        "serviceAccountToken": obj(
            {"audience": string(), "expirationSeconds": integer(), "path": string()},
            "Information about the serviceAccountToken data to project.",
            required=["path"],
        ),
        "clusterTrustBundle": free_object("ClusterTrustBundle projection."),
    },
    "Projection that may be projected along with other supported volume types.",
)

_OTHER_VOLUME_SOURCES = (
    "awsElasticBlockStore", "azureDisk", "azureFile", "cephfs", "cinder", "csi", "ephemeral", "fc",
    "flexVolume", "flocker", "gcePersistentDisk", "gitRepo", "glusterfs", "image", "iscsi", "nfs",
    "photonPersistentDisk", "portworxVolume", "quobyte", "rbd", "scaleIO", "storageos", "vsphereVolume",
)

VOLUME = obj(
    {
        "name": string("Volume's name. Must be a DNS_LABEL and unique within the pod."),
        "configMap": obj(
            {"name": string(), "items": array(KEY_TO_PATH), "defaultMode": int32(), "optional": boolean()},
            "A configMap that should populate this volume.",
        ),
        "secret": obj(
            {"secretName": string(), "items": array(KEY_TO_PATH), "defaultMode": int32(), "optional": boolean()},
            "A secret that should populate this volume.",
        ),
        "projected": obj(
            {"defaultMode": int32(), "sources": array(_PROJECTION, "List of volume projections.")},
            "Items for all in one resources secrets, configmaps, and downward API.",
        ),
        "emptyDir": obj(
            {"medium": string("\"\" or Memory."), "sizeLimit": quantity("Total amount of local storage required.")},
            "A temporary directory that shares a pod's lifetime.",
        ),
        "persistentVolumeClaim": obj(
            {"claimName": string(), "readOnly": boolean()},
            "A reference to a PersistentVolumeClaim in the same namespace.",
            required=["claimName"],
        ),
        "hostPath": obj({"path": string(), "type": string()}, "A pre-existing file or directory on the host.",
                        required=["path"]),
        "downwardAPI": obj(
            {"defaultMode": int32(),
             "items": array(obj({"fieldRef": OBJECT_FIELD_SELECTOR, "mode": int32(), "path": string(),
                                 "resourceFieldRef": RESOURCE_FIELD_SELECTOR}, required=["path"]))},
            "Downward API about the pod that should populate this volume.",
        ),
        **{name: free_object() for name in _OTHER_VOLUME_SOURCES},
    },
    "Volume represents a named volume in a pod.",
    required=["name"],
)

# -- scheduling ----------------------------------------------------------------------------------

_NODE_SELECTOR_TERM = obj(
    {
        "matchExpressions": array(LABEL_SELECTOR["properties"]["matchExpressions"]["items"]),
        "matchFields": array(LABEL_SELECTOR["properties"]["matchExpressions"]["items"]),
    },
)

_POD_AFFINITY_TERM = obj(
    {
        "labelSelector": LABEL_SELECTOR,
        "namespaceSelector": LABEL_SELECTOR,
        "namespaces": array(string()),
        "topologyKey": string("Co-located pods share the value of this node label."),
        "matchLabelKeys": array(string()),
        "mismatchLabelKeys": array(string()),
    },
    required=["topologyKey"],
)


def _pod_affinity(description: str) -> Schema:
    weighted = obj({"weight": int32(), "podAffinityTerm": _POD_AFFINITY_TERM}, required=["weight", "podAffinityTerm"])
    return obj(
        {
            "requiredDuringSchedulingIgnoredDuringExecution": array(_POD_AFFINITY_TERM),
            "preferredDuringSchedulingIgnoredDuringExecution": array(weighted),
        },
        description,
    )


AFFINITY = obj(
    {
        "nodeAffinity": obj(
            {
                "requiredDuringSchedulingIgnoredDuringExecution": obj(
                    {"nodeSelectorTerms": array(_NODE_SELECTOR_TERM)}, required=["nodeSelectorTerms"]),
                "preferredDuringSchedulingIgnoredDuringExecution": array(
                    obj({"weight": int32(), "preference": _NODE_SELECTOR_TERM}, required=["weight", "preference"])),
            },
            "Node affinity scheduling rules for the pod.",
        ),
        "podAffinity": _pod_affinity("Pod affinity scheduling rules."),
        "podAntiAffinity": _pod_affinity("Pod anti-affinity scheduling rules."),
    },
    "If specified, the pod's scheduling constraints.",
)

TOLERATION = obj(
    {
        "effect": string("NoSchedule, PreferNoSchedule or NoExecute."),
        "key": string("The taint key that the toleration applies to."),
        "operator": string("Exists or Equal."),
        "tolerationSeconds": integer("Period of time the toleration tolerates the taint."),
        "value": string("The taint value the toleration matches to."),
    },
)

TOPOLOGY_SPREAD_CONSTRAINT = obj(
    {
        "labelSelector": LABEL_SELECTOR,
        "matchLabelKeys": array(string()),
        "maxSkew": int32("The degree to which pods may be unevenly distributed."),
        "minDomains": int32(),
        "nodeAffinityPolicy": string(),
        "nodeTaintsPolicy": string(),
        "topologyKey": string("The key of node labels."),
        "whenUnsatisfiable": string("DoNotSchedule or ScheduleAnyway."),
    },
    required=["maxSkew", "topologyKey", "whenUnsatisfiable"],
)

DNS_CONFIG = obj(
    {
        "nameservers": array(string()),
        "options": array(obj({"name": string(), "value": string()})),
        "searches": array(string()),
    },
    "Specifies the DNS parameters of a pod.",
)

# -- pod -----------------------------------------------------------------------------------------

POD_SPEC = obj(
    {
        "containers": array(CONTAINER, "List of containers belonging to the pod.", merge_key="name"),
        "initContainers": array(CONTAINER, "List of initialization containers belonging to the pod.",
                                merge_key="name"),
        "ephemeralContainers": array(free_object(), "Ephemeral containers run in this pod.", merge_key="name"),
        "volumes": array(VOLUME, "List of volumes that can be mounted by containers belonging to the pod.",
                         merge_key="name", strategy="merge,retainKeys"),
        "serviceAccountName": string("Name of the ServiceAccount to use to run this pod."),
        "serviceAccount": string("Deprecated alias for serviceAccountName."),
        "automountServiceAccountToken": boolean("Whether a service account token should be automatically mounted."),
        "imagePullSecrets": array(LOCAL_OBJECT_REFERENCE, "Secrets for pulling any of the images used by this pod.",
                                  merge_key="name"),
        "enableServiceLinks": boolean("Whether information about services should be injected into pod's environment."),
        "securityContext": POD_SECURITY_CONTEXT,
        "affinity": AFFINITY,
        "tolerations": array(TOLERATION, "If specified, the pod's tolerations."),
        "nodeSelector": string_map("Labels a node must match for the pod to be scheduled on that node."),
        "topologySpreadConstraints": array(TOPOLOGY_SPREAD_CONSTRAINT, "How a group of pods ought to spread.",
                                           merge_key="topologyKey"),
        "hostAliases": array(obj({"ip": string(), "hostnames": array(string())}, required=["ip"]),
                             "Hosts and IPs injected into the pod's hosts file.", merge_key="ip"),
        "dnsPolicy": string("ClusterFirstWithHostNet, ClusterFirst, Default or None."),
        "dnsConfig": DNS_CONFIG,
        "runtimeClassName": string("The RuntimeClass used to run this pod."),
        "schedulerName": string("The pod will be dispatched by the specified scheduler."),
        "priorityClassName": string("Indicates the pod's priority."),
        "priority": int32("The priority value."),
        "preemptionPolicy": string("Never or PreemptLowerPriority."),
        "shareProcessNamespace": boolean("Share a single process namespace between all containers."),
        "restartPolicy": string("Always, OnFailure or Never."),
        "terminationGracePeriodSeconds": integer("Duration in seconds the pod needs to terminate gracefully."),
        "activeDeadlineSeconds": integer("Duration in seconds the pod may be active before the system fails it."),
        "nodeName": string("Request to schedule this pod onto a specific node."),
        "hostNetwork": boolean("Host networking requested for this pod."),
        "hostPID": boolean("Use the host's pid namespace."),
        "hostIPC": boolean("Use the host's ipc namespace."),
        "hostUsers": boolean("Use the host's user namespace."),
        "hostname": string("Specifies the hostname of the Pod."),
        "subdomain": string("The pod's fully qualified hostname subdomain."),
        "setHostnameAsFQDN": boolean("The pod's hostname will be configured as the pod's FQDN."),
        "os": obj({"name": string()}, "The OS of the containers in the pod.", required=["name"]),
        "overhead": obj(additional=quantity(), description="Resource overhead of running the pod."),
        "readinessGates": array(obj({"conditionType": string()}, required=["conditionType"]),
                                "Pod readiness gates."),
        "resourceClaims": array(free_object(), "Resource claims of the pod.", merge_key="name"),
        "schedulingGates": array(obj({"name": string()}, required=["name"]), "Scheduling gates.",
                                 merge_key="name"),
    },
    "PodSpec is a description of a pod.",
    required=["containers"],
)

POD_TEMPLATE_SPEC = obj(
    {"metadata": OBJECT_META, "spec": POD_SPEC},
    "Describes the data a pod should have when created from a template.",
)

# -- Knative's RevisionSpec ----------------------------------------------------------------------

# What Knative's CRDs publish of a PodSpec (config/core/300-resources/revision.yaml): a tree of
# allowed property names, None meaning "keep the whole sub-schema".
_Tree = dict[str, Any]
_PROBE_TREE: _Tree = dict.fromkeys(
    ("exec", "httpGet", "tcpSocket", "grpc", "initialDelaySeconds", "periodSeconds", "timeoutSeconds",
     "successThreshold", "failureThreshold"))
_CONTAINER_TREE: _Tree = {
    **dict.fromkeys(("args", "command", "env", "envFrom", "image", "imagePullPolicy", "name",
                     "terminationMessagePath", "terminationMessagePolicy", "workingDir")),
    "livenessProbe": _PROBE_TREE,
    "readinessProbe": _PROBE_TREE,
    "ports": dict.fromkeys(("containerPort", "name", "protocol")),
    "resources": None,
    "securityContext": dict.fromkeys(("allowPrivilegeEscalation", "capabilities", "readOnlyRootFilesystem",
                                      "runAsGroup", "runAsNonRoot", "runAsUser", "seccompProfile")),
    "volumeMounts": dict.fromkeys(("mountPath", "name", "readOnly", "subPath")),
}
_KNATIVE_POD_TREE: _Tree = {
    **dict.fromkeys(("affinity", "automountServiceAccountToken", "dnsConfig", "dnsPolicy", "enableServiceLinks",
                     "hostAliases", "imagePullSecrets", "initContainers", "nodeSelector", "priorityClassName",
                     "runtimeClassName", "schedulerName", "securityContext", "serviceAccountName",
                     "shareProcessNamespace", "tolerations", "topologySpreadConstraints")),
    "containers": _CONTAINER_TREE,
    "volumes": dict.fromkeys(("name", "configMap", "secret", "projected", "emptyDir", "persistentVolumeClaim")),
}


def restrict(schema: Schema, tree: _Tree | None) -> Schema:
    """A copy of ``schema`` keeping only the properties named in ``tree`` (arrays stepped through)."""
    if tree is None:
        return schema
    if schema.get("type") == "array":
        return {**schema, "items": restrict(schema["items"], tree)}
    props = schema.get("properties") or {}
    kept = {k: restrict(v, tree[k]) for k, v in props.items() if k in tree}
    out = {**schema, "properties": kept}
    if "required" in out:
        out["required"] = [r for r in out["required"] if r in kept]
    return out


REVISION_SPEC_FIELDS: dict[str, Schema] = {
    "containerConcurrency": integer(
        "ContainerConcurrency specifies the maximum allowed in-flight (concurrent) requests per container "
        "of the Revision. Defaults to 0 which means concurrency to the application is not limited."),
    "timeoutSeconds": integer(
        "TimeoutSeconds is the maximum duration in seconds that the request instance is allowed to respond "
        "to a request. If unspecified, a system default will be provided."),
    "responseStartTimeoutSeconds": integer(
        "ResponseStartTimeoutSeconds is the maximum duration in seconds that the request routing layer will "
        "wait for a request delivered to a container to begin sending any network traffic."),
    "idleTimeoutSeconds": integer(
        "IdleTimeoutSeconds is the maximum duration in seconds a request will be allowed to stay open while "
        "not receiving any bytes from the user's application."),
}


def revision_spec_schema(
    description: str = "RevisionSpec holds the desired state of the Revision (from the client).",
) -> Schema:
    """Knative's RevisionSpec: the published part of a PodSpec, inlined, plus the four Knative fields."""
    pod = restrict(POD_SPEC, _KNATIVE_POD_TREE)
    containers = pod["properties"]["containers"]
    # Container names are defaulted by the webhook, so Knative's schema does not require them.
    items = {k: v for k, v in containers["items"].items() if k != "required"}
    props = {**pod["properties"], "containers": {**containers, "items": items}, **REVISION_SPEC_FIELDS}
    return obj(props, description, required=["containers"])
