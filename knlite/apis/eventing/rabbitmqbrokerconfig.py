"""RabbitmqBrokerConfig (``eventing.knative.dev/v1alpha1``, from eventing-rabbitmq).

A RabbitMQ-class Broker points its ``spec.config`` at one of these; it names the RabbitMQ
cluster (by ``name`` of a RabbitmqCluster, or by a ``connectionSecret`` for an external
broker), the queue type and the vhost. The webhook defaults the cluster reference's
namespace, the CRD defaults ``queueType`` to ``quorum``, and the spec is immutable; exactly one
of ``name`` and ``connectionSecret`` must be set.
"""

from __future__ import annotations

from knlite.apis.duck import as_dict, as_str, immutable_error, namespace_of, result, spec_of
from knlite.apis.fielderrors import FieldError, err_missing_field
from knlite.apis.registry import AdmissionContext, Obj, ResourceType
from knlite.apis.schema import kind_schema, obj, string

GROUP = "eventing.knative.dev"
KIND = "RabbitmqBrokerConfig"
WEBHOOK = "validation.webhook.rabbitmq.eventing.knative.dev"

QUEUE_QUORUM, QUEUE_CLASSIC = "quorum", "classic"

SCHEMA = kind_schema(
    obj(
        {
            "rabbitmqClusterReference": obj(
                {
                    "name": string("The name of the RabbitmqCluster."),
                    "namespace": string("The namespace of the RabbitmqCluster."),
                    "connectionSecret": obj({"name": string()}, "A Secret with the connection details."),
                },
                "A reference to the RabbitMQ cluster to use.",
            ),
            "queueType": string("Quorum (default) or classic queues.", enum=(QUEUE_QUORUM, QUEUE_CLASSIC)),
            "vhost": string("The RabbitMQ vhost to use."),
        }
    ),
    None,
    "RabbitmqBrokerConfig is the configuration of a RabbitMQBroker.",
)


def default(o: Obj, old: Obj | None, ctx: AdmissionContext) -> None:
    spec = spec_of(o)
    if not spec.get("queueType"):
        spec["queueType"] = QUEUE_QUORUM  # the CRD's structural default
    ref = spec.get("rabbitmqClusterReference")
    if isinstance(ref, dict) and not ref.get("namespace") and namespace_of(o):
        ref["namespace"] = namespace_of(o)


def validate(o: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError | None:
    spec = as_dict(o.get("spec"))
    if old is not None:
        diff = immutable_error(as_dict(old.get("spec")), spec, "v1alpha1.RabbitmqBrokerConfigSpec",
                               message="Immutable fields changed")
        if diff:
            return diff
    ref = spec.get("rabbitmqClusterReference")
    if not isinstance(ref, dict):
        return err_missing_field("rabbitmqClusterReference").via_field("spec")
    if not as_str(ref.get("name")):
        if ref.get("connectionSecret") is None:
            return err_missing_field("name").via_field("rabbitmqClusterReference").via_field("spec")
    elif ref.get("connectionSecret") is not None:
        return result(FieldError.new(
            "rabbitmqClusterReference.name and rabbitmqClusterReference.connectionSecret must not be set "
            "simultaneously", "spec", "rabbitmqClusterReference", "connectionSecret"))
    return None


def resource_type() -> ResourceType:
    return ResourceType(
        group=GROUP, versions=("v1alpha1",), kind=KIND, plural="rabbitmqbrokerconfigs",
        short_names=("rmqbrokerconfig",), categories=("all", "knative", "eventing"),
        status_subresource=False, schema=SCHEMA, columns=None,
        defaulter=default, validator=validate, webhook=WEBHOOK,
        description="RabbitmqBrokerConfig is the configuration of a RabbitMQBroker.",
    )
