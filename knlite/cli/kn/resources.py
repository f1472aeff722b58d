"""The API resources kn talks to (group/version, plural, kind), named once."""

from __future__ import annotations


class Resource:
    __slots__ = ("api_version", "kind", "plural")

    def __init__(self, api_version: str, plural: str, kind: str) -> None:
        self.api_version = api_version
        self.plural = plural
        self.kind = kind

    @property
    def group(self) -> str:
        return self.api_version.rpartition("/")[0]

    def __repr__(self) -> str:
        return f"Resource({self.api_version!r}, {self.plural!r})"


SERVICE = Resource("serving.knative.dev/v1", "services", "Service")
CONFIGURATION = Resource("serving.knative.dev/v1", "configurations", "Configuration")
REVISION = Resource("serving.knative.dev/v1", "revisions", "Revision")
ROUTE = Resource("serving.knative.dev/v1", "routes", "Route")
DOMAIN_MAPPING = Resource("serving.knative.dev/v1beta1", "domainmappings", "DomainMapping")
BROKER = Resource("eventing.knative.dev/v1", "brokers", "Broker")
TRIGGER = Resource("eventing.knative.dev/v1", "triggers", "Trigger")
EVENTTYPE = Resource("eventing.knative.dev/v1beta2", "eventtypes", "EventType")
CHANNEL = Resource("messaging.knative.dev/v1", "channels", "Channel")
SUBSCRIPTION = Resource("messaging.knative.dev/v1", "subscriptions", "Subscription")
PING_SOURCE = Resource("sources.knative.dev/v1", "pingsources", "PingSource")
CONTAINER_SOURCE = Resource("sources.knative.dev/v1", "containersources", "ContainerSource")
APISERVER_SOURCE = Resource("sources.knative.dev/v1", "apiserversources", "ApiServerSource")
SINK_BINDING = Resource("sources.knative.dev/v1", "sinkbindings", "SinkBinding")
K8S_SERVICE = Resource("v1", "services", "Service")
SECRET = Resource("v1", "secrets", "Secret")


def plural_of(kind: str) -> str:
    """The resource name kn derives from a kind (``KafkaChannel`` → ``kafkachannels``)."""
    k = kind.lower()
    return k if k.endswith("s") else k + "s"
