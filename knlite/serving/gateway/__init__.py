"""knlite's ingress gateway: Host-routed HTTP/1.1 listeners in front of revisions' instances.

See :mod:`knlite.serving.gateway.server` for why it is written at the protocol level.
"""

from knlite.serving.gateway.backend import RevisionBackend, Slot, UpstreamPool
from knlite.serving.gateway.server import Gateway

__all__ = ["Gateway", "RevisionBackend", "Slot", "UpstreamPool"]
