"""``kn container add NAME --image IMAGE``: print a container spec for multi-container services.

The output is a pod spec fragment (``containers:``) built with the same flags as ``kn
service create``; when stdin is a pipe, the containers read from it follow the new one, so
calls chain: ``kn container add a ... | kn container add b ... | kn service create s --containers -``.
"""

from __future__ import annotations

import os
import stat
import sys
from typing import TYPE_CHECKING, Any

from knlite.cli.kn import output
from knlite.cli.kn.errors import KnError
from knlite.cli.kn.podspec import resolve_pod_spec

if TYPE_CHECKING:
    from knlite.cli.kn.main import Invocation

Obj = dict[str, Any]


def stdin_is_pipe() -> bool:
    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (OSError, ValueError):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISREG(mode)


def add(inv: Invocation) -> None:
    if len(inv.args) != 1:
        raise KnError("'container add' requires the container name given as single argument")
    if not inv.flags.string("image"):
        raise KnError("'container add'  requires the image name to run provided with the --image option")
    spec: Obj = {}
    resolve_pod_spec(spec, inv.flags, extra_containers="-" if stdin_is_pipe() else None)
    spec["containers"][0]["name"] = inv.args[0]
    for c in spec["containers"]:
        c.setdefault("name", "")
        c.setdefault("resources", {})
    inv.out.write(output.to_yaml(spec))


COMMANDS = {"container add": add}
