"""ClusterDomainClaim (networking.internal.knative.dev/v1alpha1, cluster-scoped).

A DomainMapping may only serve a domain that its namespace has claimed: the claim's name is
the domain and ``spec.namespace`` the namespace allowed to map it. With
``autocreate-cluster-domain-claims`` the DomainMapping reconciler creates claims itself;
otherwise an operator does. Claims have no status worth reporting, hence the default columns.
"""

from __future__ import annotations

from knlite.apis.networking import keys
from knlite.apis.registry import ResourceType
from knlite.apis.schema import kind_schema, obj, string

SCHEMA = kind_schema(
    obj({"namespace": string("Namespace is the namespace which is allowed to create a DomainMapping using "
                             "this ClusterDomainClaim's name.")},
        "Spec is the desired state of the ClusterDomainClaim.", required=["namespace"]),
    None,
    "ClusterDomainClaim is a cluster-wide reservation for a particular domain name.",
)


def resource_type() -> ResourceType:
    return ResourceType(
        group=keys.GROUP, versions=("v1alpha1",), kind="ClusterDomainClaim", plural="clusterdomainclaims",
        namespaced=False, short_names=("cdc",), categories=keys.CATEGORIES, schema=SCHEMA,
        description=SCHEMA["description"],
    )
