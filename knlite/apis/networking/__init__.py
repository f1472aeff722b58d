"""Knative's internal networking kinds: ServerlessService, Certificate, Ingress (KIngress) and
the cluster-scoped ClusterDomainClaim. :func:`register` adds them to the API's registry."""

from __future__ import annotations

from knlite.apis.registry import Registry


def register(reg: Registry) -> None:
    from knlite.apis.networking import certificate, clusterdomainclaim, ingress, serverlessservice

    for module in (serverlessservice, certificate, clusterdomainclaim, ingress):
        reg.register(module.resource_type())
