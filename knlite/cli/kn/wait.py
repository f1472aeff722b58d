"""Waiting for an object to become Ready, with kn's progress lines.

kn's ``WaitForReady`` watches the object from its current resourceVersion and looks only at
modifications whose ``status.observedGeneration`` has caught up with ``metadata.generation``.
Each such event with a Ready condition message prints ``%7.3fs <message>`` (``...`` when the
message repeats); Ready=True ends the wait; Ready=False starts the error window
(``--wait-window``, 2 s) after which ``<reason>: <message>`` is the error, unless the condition
goes back to Unknown first; no Ready within ``--wait-timeout`` is ``timeout: service 'x' not
ready after N seconds``. knlite reconciles in milliseconds, so unlike kn this also looks at
the object it read before watching: if that is already Ready the wait ends at once instead
of waiting for a modification that never comes.
"""

from __future__ import annotations

import time
from typing import IO, Any

from knlite.cli.kn.client import Client
from knlite.cli.kn.errors import ApiError, KnError
from knlite.cli.kn.resources import Resource

Obj = dict[str, Any]


class Progress:
    """kn's ``SimpleMessageCallback``."""

    def __init__(self, out: IO[str] | None) -> None:
        self.out = out
        self.last = ""

    def __call__(self, elapsed: float, message: str) -> None:
        if self.out is None:
            return
        text = "..." if message == self.last else message
        self.out.write(f"{round(elapsed, 3):7.3f}s {text}\n")
        self.out.flush()
        self.last = message


def in_sync(obj: Obj) -> bool:
    status = obj.get("status") or {}
    if "observedGeneration" not in status:
        return False
    return bool(status.get("observedGeneration") == (obj.get("metadata") or {}).get("generation"))


def ready_condition(obj: Obj) -> Obj | None:
    for c in (obj.get("status") or {}).get("conditions") or []:
        if c.get("type") == "Ready":
            return dict(c)
    return None


def wait_for_ready(client: Client, res: Resource, namespace: str, name: str, timeout: float,
                   error_window: float, out: IO[str] | None, kind: str = "service") -> float:
    """Block until ``name`` is Ready; return the seconds waited. Raises KnError on failure."""
    progress = Progress(out)
    deadline = time.monotonic() + timeout
    while True:
        start = time.monotonic()
        try:
            current = client.get(res.api_version, res.plural, namespace, name)
            rv = str((current.get("metadata") or {}).get("resourceVersion", ""))
        except ApiError as e:
            if not e.not_found:
                raise
            current, rv = {}, ""
        error_at: float | None = None
        error_text = ""
        events: list[Obj] = [current] if current else []
        watch = client.watch(res.api_version, res.plural, namespace, name, rv, max(0.0, deadline - start))
        for event in _chain(events, watch):
            if event is not None and in_sync(event):
                cond = ready_condition(event)
                if cond is not None:
                    status = cond.get("status")
                    if status == "True":
                        return time.monotonic() - start
                    if status == "False" and error_at is None:
                        error_at = time.monotonic() + error_window
                        error_text = f"{cond.get('reason', '')}: {cond.get('message', '')}"
                    elif status not in ("True", "False"):
                        error_at = None
                    if cond.get("message"):
                        progress(time.monotonic() - start, str(cond["message"]))
            if error_at is not None and time.monotonic() >= error_at:
                raise KnError(error_text)
        if time.monotonic() >= deadline:
            raise KnError(f"timeout: {kind} '{name}' not ready after {int(timeout)} seconds")
        time.sleep(min(1.0, max(0.0, deadline - time.monotonic())))


def _chain(first: list[Obj], watch: Any) -> Any:
    """The object read before watching, then the watch's MODIFIED objects and quiet ticks."""
    yield from first
    for item in watch:
        if item is None:
            yield None
        elif item[0] == "MODIFIED":
            yield item[1]


def wait_for_delete(client: Client, res: Resource, namespace: str, name: str, resource_version: str,
                    timeout: float, kind: str) -> None:
    """Block until ``name`` is gone (kn's WaitForEvent on a DELETED event)."""
    deadline = time.monotonic() + timeout
    for item in client.watch(res.api_version, res.plural, namespace, name, resource_version, timeout):
        if item is not None and item[0] == "DELETED":
            return
        if item is None:
            try:
                client.get(res.api_version, res.plural, namespace, name)
            except ApiError as e:
                if e.not_found:
                    return
                raise
        if time.monotonic() >= deadline:
            break
    raise KnError(f"timeout: {kind} '{name}' not ready after {int(timeout)} seconds")
