"""``GET /api/v1/namespaces/{ns}/pods/{name}/log``: the pod log subresource over the runtime.

The apiserver proxies this request to the kubelet; here the API server hands it to the
handler made by :func:`make_log_handler`, which reads the kubelet's query parameters
(``container``, ``follow``, ``tailLines``, ``previous``, ``sinceSeconds``, ``sinceTime``,
``timestamps``, ``limitBytes``) and streams plain text, flushing as lines arrive so that
``kubectl logs -f`` follows. A multi-container pod needs a container name; kubectl itself
picks the first container and says ``Defaulted container "user-container" out of:
user-container, queue-proxy`` (as against Knative), so only other clients see the 400.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from aiohttp import web

from knlite.api import errors
from knlite.serving.runtime.supervisor import LogsError, Runtime

LogHandler = Callable[[web.Request, dict[str, Any]], Awaitable[web.StreamResponse]]


def _bool(value: str | None) -> bool:
    return (value or "").lower() in ("true", "1", "yes")


def _int(q: Any, name: str, minimum: int = 0) -> int | None:
    value = q.get(name)
    if value in (None, ""):
        return None
    try:
        n = int(value)
    except ValueError:
        raise errors.bad_request(f'invalid value for {name}: strconv.ParseInt: parsing "{value}": invalid syntax') from None
    if n < minimum:
        raise errors.bad_request(f"{name}: Invalid value: {n}: must be greater than {minimum - 1}")
    return n


def _time(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        raise errors.bad_request(f'invalid value for sinceTime: parsing time "{value}" as RFC3339') from None


def make_log_handler(runtime: Runtime) -> LogHandler:
    async def handler(request: web.Request, pod: dict[str, Any]) -> web.StreamResponse:
        q = request.query
        meta = pod.get("metadata") or {}
        namespace, name = meta.get("namespace", ""), meta.get("name", "")
        container = q.get("container") or None
        if container is None:
            names = [c.get("name", "") for c in (pod.get("spec") or {}).get("containers") or []]
            if len(names) > 1:
                raise errors.bad_request(
                    f"a container name must be specified for pod {name}, choose one of: [{' '.join(names)}]")
        try:
            stream = runtime.logs(
                namespace, name, container, follow=_bool(q.get("follow")), tail_lines=_int(q, "tailLines", -1),
                previous=_bool(q.get("previous")), since_seconds=_int(q, "sinceSeconds", 1),
                since_time=_time(q.get("sinceTime")), timestamps=_bool(q.get("timestamps")),
                limit_bytes=_int(q, "limitBytes", 1))
        except LogsError as e:
            if e.code == 404:
                raise errors.ApiError(404, "NotFound", e.message) from None
            raise errors.bad_request(e.message) from None
        resp = web.StreamResponse(status=200, headers={"Content-Type": "text/plain"})
        await resp.prepare(request)
        try:
            async for chunk in stream:
                await resp.write(chunk)
        except (ConnectionResetError, ConnectionError):
            return resp
        finally:
            with contextlib.suppress(Exception):
                await stream.aclose()
        with contextlib.suppress(ConnectionError):
            await resp.write_eof()
        return resp

    return handler
