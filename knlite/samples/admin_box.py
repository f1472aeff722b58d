"""PLACEHOLDER for ``ikubernetes/admin-box``: a toolbox pod that only waits.

The seed runs it with ``--command -- /bin/bash``, which replaces this entrypoint with the
host's shell; without a command it idles until stopped, like ``sleep infinity``.
"""

from __future__ import annotations

from knlite.samples._http import wait_for_signal

if __name__ == "__main__":
    wait_for_signal()
