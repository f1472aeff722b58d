"""Label and annotation keys of ``serving.knative.dev`` (``pkg/apis/serving/register.go``).

Reconcilers, the webhook and the data plane all speak through these keys (which revision
belongs to which configuration, which routes reference a revision, who created a service),
and users see them in ``kubectl get -o yaml``; they are spelled once, here.
"""

from __future__ import annotations

from knlite.apis.kmeta import KeyPriority

GROUP = "serving.knative.dev"
WEBHOOK = "validation.webhook.serving.knative.dev"

# labels
CONFIGURATION_LABEL = f"{GROUP}/configuration"
CONFIGURATION_UID_LABEL = f"{GROUP}/configurationUID"
CONFIGURATION_GENERATION_LABEL = f"{GROUP}/configurationGeneration"
SERVICE_LABEL = f"{GROUP}/service"
SERVICE_UID_LABEL = f"{GROUP}/serviceUID"
ROUTE_LABEL = f"{GROUP}/route"
ROUTE_NAMESPACE_LABEL = f"{GROUP}/routeNamespace"
REVISION_LABEL = f"{GROUP}/revision"
REVISION_UID_LABEL = f"{GROUP}/revisionUID"
ROUTING_STATE_LABEL = f"{GROUP}/routingState"
DOMAIN_MAPPING_UID_LABEL = f"{GROUP}/domainMappingUID"
DOMAIN_MAPPING_NAMESPACE_LABEL = f"{GROUP}/domainMappingNamespace"
VISIBILITY_LABEL = "networking.knative.dev/visibility"
VISIBILITY_CLUSTER_LOCAL = "cluster-local"

ROUTING_STATE_PENDING = "pending"
ROUTING_STATE_ACTIVE = "active"
ROUTING_STATE_RESERVE = "reserve"

# annotations
CREATOR_ANNOTATION = f"{GROUP}/creator"
UPDATER_ANNOTATION = f"{GROUP}/lastModifier"
ROUTES_ANNOTATION = f"{GROUP}/routes"
ROUTING_STATE_MODIFIED_ANNOTATION = f"{GROUP}/routingStateModified"
REVISION_LAST_PINNED_ANNOTATION = f"{GROUP}/lastPinned"
REVISION_PRESERVED_ANNOTATION = f"{GROUP}/no-gc"
ROLLOUT_DURATION = KeyPriority(f"{GROUP}/rollout-duration", f"{GROUP}/rolloutDuration")
PROGRESS_DEADLINE = KeyPriority(f"{GROUP}/progress-deadline")
LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration"

_QUEUE = f"queue.sidecar.{GROUP}"
QUEUE_SIDECAR_RESOURCE_PERCENTAGE = KeyPriority(f"{_QUEUE}/resource-percentage", f"{_QUEUE}/resourcePercentage")
QUEUE_SIDECAR_RESOURCE_KEYS = tuple(
    KeyPriority(f"{_QUEUE}/{res}-resource-{kind}")
    for res in ("cpu", "memory", "ephemeral-storage")
    for kind in ("request", "limit")
)

# reserved names of the Knative runtime contract
USER_CONTAINER_NAME = "user-container"
QUEUE_CONTAINER_NAME = "queue-proxy"
DEFAULT_USER_PORT = 8080
USER_PORT_NAME = "user-port"
