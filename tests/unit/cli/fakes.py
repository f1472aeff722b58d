"""A fake API client over recorded objects, a fixed clock, and an in-process kn runner.

``data/objects.json`` holds objects a real knlite daemon returned (services with a traffic
split and tags, a failed revision, brokers, triggers, channels, subscriptions, sources, an
event type), so list and describe goldens render what users see without starting a daemon.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from knlite.cli.kn import main
from knlite.cli.kn.errors import ApiError, KnError, format_error

DATA = Path(__file__).parent / "data"
NOW = datetime(2026, 11, 27, 4, 0, 0, tzinfo=UTC)
Obj = dict[str, Any]

# API discovery of the groups kn lists kinds from.
DISCOVERY = {
    "/apis/messaging.knative.dev": {"versions": [{"groupVersion": "messaging.knative.dev/v1"}]},
    "/apis/messaging.knative.dev/v1": {"resources": [
        {"name": "channels", "kind": "Channel"}, {"name": "channels/status", "kind": "Channel"},
        {"name": "inmemorychannels", "kind": "InMemoryChannel"}, {"name": "subscriptions", "kind": "Subscription"}]},
    "/apis/sources.knative.dev": {"versions": [{"groupVersion": "sources.knative.dev/v1"}]},
    "/apis/sources.knative.dev/v1": {"resources": [
        {"name": "apiserversources", "kind": "ApiServerSource"}, {"name": "containersources", "kind": "ContainerSource"},
        {"name": "pingsources", "kind": "PingSource"}, {"name": "sinkbindings", "kind": "SinkBinding"}]},
}


class FakeClient:
    """Enough of :class:`knlite.cli.kn.client.Client` for read-only commands."""

    def __init__(self, objects: dict[str, list[Obj]]) -> None:
        self.objects = objects
        self.writes: list[tuple[str, str, Obj]] = []

    def _items(self, plural: str, namespace: str | None) -> list[Obj]:
        return [json.loads(json.dumps(o)) for o in self.objects.get(plural, [])
                if not namespace or o["metadata"].get("namespace") == namespace]

    def list(self, api_version: str, plural: str, namespace: str | None, label_selector: str = "",
             field_selector: str = "") -> Obj:
        items = self._items(plural, namespace)
        if label_selector:
            key, _, value = label_selector.partition("=")
            items = [o for o in items if (o["metadata"].get("labels") or {}).get(key) == value]
        if field_selector:
            items = [o for o in items if o["metadata"]["name"] == field_selector.partition("=")[2]]
        return {"items": items}

    def get(self, api_version: str, plural: str, namespace: str | None, name: str) -> Obj:
        for o in self._items(plural, namespace):
            if o["metadata"]["name"] == name:
                return o
        group = api_version.rpartition("/")[0]
        raise ApiError(404, "NotFound", f'{plural}.{group} "{name}" not found' if group else f'{plural} "{name}" not found')

    def request(self, method: str, path: str, **_: Any) -> Any:
        if path in DISCOVERY:
            return DISCOVERY[path]
        raise ApiError(404, "NotFound", "the server could not find the requested resource")

    def create(self, api_version: str, plural: str, namespace: str | None, obj: Obj) -> Obj:
        self.writes.append(("create", plural, obj))
        return obj

    def update(self, api_version: str, plural: str, namespace: str | None, obj: Obj) -> Obj:
        self.writes.append(("update", plural, obj))
        return obj

    def close(self) -> None:
        pass


def load_objects() -> dict[str, list[Obj]]:
    return json.loads((DATA / "objects.json").read_text())  # type: ignore[no-any-return]


def run_kn(*argv: str) -> tuple[int, str, str]:
    """Run kn in-process: (exit code, stdout, the error text kn would print)."""
    out = io.StringIO()
    try:
        code = main.run(list(argv), out)
        return code, out.getvalue(), ""
    except KnError as e:
        return 1, out.getvalue(), format_error(e)
