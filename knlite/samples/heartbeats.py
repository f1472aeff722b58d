"""PLACEHOLDER for ``ikubernetes/containersource-heartbeats``: logs that it started, then waits.

The real sample sends a heartbeat CloudEvent to ``$K_SINK`` every period; that comes with the
ContainerSource issue. It does not listen on a port.
"""

from __future__ import annotations

import os

from knlite.samples._http import log, wait_for_signal

if __name__ == "__main__":
    log(f"heartbeats (placeholder): started, K_SINK={os.environ.get('K_SINK', '')}")
    wait_for_signal()
