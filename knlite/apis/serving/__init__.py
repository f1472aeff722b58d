"""Knative Serving's API kinds: Service, Configuration, Revision, Route and DomainMapping.

Each kind lives in its own module (schema, defaulting, validation, status lifecycle), with
the pieces they share — revision templates, traffic, metadata rules, PodSpec checks — in
modules named after them. :func:`register` adds the kinds to the API's registry, all
admitted by Knative's webhook name so that errors read as on a cluster.
"""

from __future__ import annotations

from knlite.apis.registry import Registry
from knlite.apis.serving import configuration, domainmapping, revision, route, service


def register(reg: Registry) -> None:
    for module in (service, configuration, revision, route, domainmapping):
        reg.register(module.resource_type())
