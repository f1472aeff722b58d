"""What Sequence and Parallel share: a channel template, destinations and a reply.

Both flows wire their destinations through channels made from ``spec.channelTemplate``, and
both default the same way (``SequenceSpec.SetDefaults``, ``ParallelSpec.SetDefaults``): a
missing template comes from ``default-ch-webhook`` for the flow's namespace, and every
destination (the steps, or each branch's filter, subscriber and reply) and the flow's reply
get that namespace on their refs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from knlite.apis.duck import default_channel_template, default_destination, namespace_of, spec_of
from knlite.apis.registry import AdmissionContext, Obj


def default_flow(o: Obj, ctx: AdmissionContext, destinations: Callable[[Obj], Iterable[Any]]) -> None:
    """Default a flow's channel template, the ``destinations(spec)`` and the reply."""
    ns = namespace_of(o)
    spec = spec_of(o)
    if spec.get("channelTemplate") is None:
        tpl = default_channel_template(ctx, ns)
        if tpl is not None:
            spec["channelTemplate"] = tpl
    for destination in destinations(spec):
        default_destination(destination, ns)
    default_destination(spec.get("reply"), ns)
