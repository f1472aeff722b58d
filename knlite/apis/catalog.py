"""The catalog of every kind knlite serves, assembled from each API group's ``register``."""

from __future__ import annotations

from knlite.apis import autoscaling, eventing, flows, messaging, networking, serving, sources
from knlite.apis.core import kinds as core
from knlite.apis.core.kinds import ConfigValidator
from knlite.apis.registry import Registry


def build_registry(validate_config: ConfigValidator | None = None) -> Registry:
    """Every kind knlite serves, in discovery order."""
    reg = Registry()
    core.register(reg, validate_config)
    for group in (serving, autoscaling, networking, eventing, messaging, sources, flows):
        group.register(reg)
    return reg
