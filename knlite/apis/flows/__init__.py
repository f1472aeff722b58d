"""The ``flows.knative.dev`` kinds: Sequence and Parallel."""

from __future__ import annotations

from knlite.apis.flows import parallel, sequence
from knlite.apis.registry import Registry


def register(reg: Registry) -> None:
    for module in (sequence, parallel):
        reg.register(module.resource_type())
