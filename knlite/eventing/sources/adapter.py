"""How a source adapter sends an event to its sink: Knative's ``pkg/adapter/v2`` client.

Knative's source adapters (the ping adapter, the GitLab receive adapter, the ApiServerSource
adapter) do not use the channel dispatcher of :mod:`knlite.eventing.delivery`; they send
through the CloudEvents sdk-go client that ``adapter.NewClient`` builds, and its behaviour
differs in ways users can see:

- the ``ceOverrides`` extensions are set on every event (``SetExtension``, so they replace an
  extension of the same name; a spec attribute's name is refused), ``id`` becomes a fresh UUID and ``time`` the send time when
  the source left them unset; the event goes out in binary mode, with no ``Prefer: reply``;
- success is any 2xx (sdk-go's ``IsACK``); a reply event in the answer is ignored;
- retries exist only where the adapter asks for them (``ContextWithRetriesExponentialBackoff``:
  PingSource and ApiServerSource use 5 retries from 50 ms), and then sdk-go's rules apply,
  not the delivery spec's: a transport error or one of **404, 413, 425, 429, 502, 503, 504**
  is retried (a 500 is not), and the wait before retry *k* is ``period · 2^k`` — 100, 200,
  400, 800, 1600 ms for the ping adapter;
- nothing is dead-lettered: the caller only learns whether it worked.

:func:`send` is that client; it never raises.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from knlite.eventing import cloudevents as ce
from knlite.eventing.delivery import Response, Transport, TransportError

log = logging.getLogger(__name__)

# sdk-go v2.15 ``protocol/http`` defaultRetriableErrors
RETRIABLE_STATUS = frozenset({404, 413, 425, 429, 502, 503, 504})

Sleep = Callable[[float], Awaitable[Any]]
_CORE_ATTRIBUTES = frozenset({"id", "source", "specversion", "type", "datacontenttype", "dataschema", "subject",
                              "time"})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """sdk-go's exponential ``RetryParams``: up to ``retries`` more attempts, ``period·2^k`` apart."""

    retries: int = 0
    period: float = 0.0

    def wait(self, retry_number: int) -> float:
        """The wait before retry ``retry_number`` (1-based): ``BackoffFor(tries) = period · 2^tries``."""
        return self.period * (2 ** retry_number)


NO_RETRIES = RetryPolicy()
# pkg/adapter/mtping/runner.go and pkg/adapter/apiserver: ContextWithRetriesExponentialBackoff(50ms, 5)
ADAPTER_RETRIES = RetryPolicy(5, 0.05)


@dataclass(frozen=True, slots=True)
class SendResult:
    ok: bool
    attempts: int
    status: int | None  # the last response's status; None when it got none
    error: str | None = None  # why it failed, as the adapter logs it
    response: Response | None = None


def now_rfc3339nano() -> str:
    """Go's RFC3339Nano in UTC (sdk-go's default ``time``): trailing zeros of the fraction dropped."""
    t = datetime.now(UTC)
    frac = f"{t.microsecond:06d}".rstrip("0")
    return t.strftime("%Y-%m-%dT%H:%M:%S") + (f".{frac}" if frac else "") + "Z"


def finish_attributes(attrs: Mapping[str, Any], overrides: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The attributes as the adapter client sends them: overrides applied, ``id``/``time`` filled."""
    out = dict(attrs)
    out.setdefault("specversion", "1.0")
    for name, value in (overrides or {}).items():
        name = name.lower()
        if name not in _CORE_ATTRIBUTES:  # sdk-go refuses to overwrite a spec attribute
            out[name] = value
    if not out.get("id"):
        out["id"] = str(uuid.uuid4())
    if not out.get("time"):
        out["time"] = now_rfc3339nano()
    return out


async def send(transport: Transport, url: str, attrs: Mapping[str, Any], data: Any, *,
               overrides: Mapping[str, str] | None = None, retry: RetryPolicy = NO_RETRIES,
               timeout: float | None = None, sleep: Sleep = asyncio.sleep) -> SendResult:
    """Send one event to ``url`` as Knative's adapter client does (see the module docstring)."""
    try:
        headers, body = ce.encode_binary(finish_attributes(attrs, overrides), data)
    except ce.EventError as e:
        return SendResult(False, 0, None, f"invalid event: {e}")
    attempt = 0
    while True:
        attempt += 1
        response: Response | None = None
        error: str | None = None
        try:
            response = await transport.send(url, headers, body, timeout)
        except TransportError as e:
            error = str(e)
        except Exception as e:  # a broken transport must not kill the adapter
            log.exception("sending to %s failed", url)
            error = str(e)
        if response is not None and 200 <= response.status < 300:
            return SendResult(True, attempt, response.status, None, response)
        if response is not None and response.status not in RETRIABLE_STATUS:
            return SendResult(False, attempt, response.status, f"{response.status}: {_snippet(response.body)}",
                              response)
        if attempt > retry.retries:
            status = response.status if response is not None else None
            why = error if response is None else f"{response.status}: {_snippet(response.body)}"
            return SendResult(False, attempt, status, why, response)
        await sleep(retry.wait(attempt))


def _snippet(body: bytes) -> str:
    text = body[:200].decode("utf-8", "replace").strip()
    return text or "(empty body)"
