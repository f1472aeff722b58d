"""The retrying, dead-lettering sender every eventing hop uses (Knative's dispatcher).

Whenever Knative moves an event one hop — a channel fanning out to a subscriber, a broker
trigger delivering through its Subscription — it goes through one function,
``kncloudevents.Dispatcher.send`` (``pkg/kncloudevents/event_dispatcher.go``), driven by a
``RetryConfig`` built from the hop's DeliverySpec (``pkg/kncloudevents/retries.go``), with
``hashicorp/go-retryablehttp`` running the attempts. :func:`dispatch` is that function:

1. POST the event in binary mode with ``Prefer: reply`` (and ``Kn-Namespace``) to the
   destination; retry transport errors, 5xx, 404, 408, 409 and 429 (:func:`should_retry`)
   up to ``retry`` more times, waiting :func:`backoff` before retry *k* — ``d·2^(k-1)`` or
   ``d·(k-1)``, go-retryablehttp's 0-based attempt number — or longer when a 429/503 carries
   ``Retry-After`` and ``retryAfterMax`` opts in (:func:`retry_wait`). Each attempt has the
   spec's ``timeout``; a timeout is a transport error and is retried.
2. On a 2xx that is a CloudEvent, when a ``reply`` is configured, forward that event there
   (same retry policy). Any other 2xx body is discarded.
3. When the destination (or the reply) fails for good and a dead-letter sink is configured,
   send the *original* event there, same policy, carrying ``knativeerrordest`` (the URL that
   failed), ``knativeerrorcode`` (its last status; 500 after a transport error) and
   ``knativeerrordata`` (base64 of its last body, cut to 1024 characters, or
   ``dispatch error: <err>``). A trigger's failures surface at the broker-filter, whose
   answer wraps the subscriber's URL and body (:func:`filter_error_body`, or directly as a
   :class:`Response`'s ``error_source`` when the filter runs in-process); for the
   broker-filter's host :func:`broker_filter_error` reports the subscriber instead, as
   Knative's unwrapping does, and ``subscriber_error`` can replace that rule.

Nothing raises: the outcome (delivered, dead-lettered, dropped) and every leg's attempts and
last status come back in a :class:`DispatchResult`, and failures are logged. The event is
encoded and its headers built once per dispatch (or once per fan-out, via ``encoded``); an
attempt is just ``Transport.send``.
:class:`HttpTransport` is the real transport: one pooled keep-alive aiohttp session.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import enum
import json
import logging
import os
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

import aiohttp

from knlite.apis.duck import (
    BACKOFF_EXPONENTIAL,
    BACKOFF_LINEAR,
    FEATURE_DELIVERY_RETRY_AFTER,
    FEATURE_DELIVERY_TIMEOUT,
    DurationError,
    iso8601_seconds,
)
from knlite.eventing import cloudevents as ce
from knlite.eventing.dataplane import BROKER_FILTER_HOST

if TYPE_CHECKING:
    from knlite.eventing.cloudevents import CloudEvent

log = logging.getLogger(__name__)

KN_NAMESPACE_HEADER = "Kn-Namespace"
ERROR_DEST_EXTENSION = "knativeerrordest"
ERROR_CODE_EXTENSION = "knativeerrorcode"
ERROR_DATA_EXTENSION = "knativeerrordata"
ERROR_DATA_MAX_LENGTH = 1024  # base64 characters (attributes.KnativeErrorDataExtensionMaxLength)

# -- the delivery spec ---------------------------------------------------------------------------


class Features(Protocol):
    """The part of ``config-features`` this module reads (``EventingFeaturesConfig``)."""

    def enabled(self, name: str) -> bool: ...


_DEFAULT_FEATURES = {FEATURE_DELIVERY_TIMEOUT: True, FEATURE_DELIVERY_RETRY_AFTER: False}


@dataclass(frozen=True, slots=True)
class DeliveryOptions:
    """A hop's ``RetryConfig`` plus its resolved dead-letter sink; durations in seconds."""

    retry: int = 0  # retries after the first attempt
    backoff_policy: str | None = None  # "exponential" | "linear"; anything else: no wait
    backoff_delay: float = 0.0
    timeout: float | None = None  # per attempt
    retry_after_max: float | None = None  # None: Retry-After ignored (the alpha opt-in)
    dead_letter_uri: str | None = None

    @classmethod
    def from_spec(cls, delivery: Mapping[str, Any] | None, dead_letter_uri: str | None = None,
                  features: Features | None = None) -> DeliveryOptions:
        """``RetryConfigFromDeliverySpec`` over a ``delivery`` dict (already defaulted/validated).

        ``timeout`` counts only with ``delivery-timeout`` enabled (the default) and
        ``retryAfterMax`` only with ``delivery-retryafter`` enabled (alpha, off by default),
        as admission would have refused the field otherwise. Unparseable durations are
        ignored (admission rejects them).
        """
        spec = delivery or {}

        def feature(name: str) -> bool:
            return features.enabled(name) if features is not None else _DEFAULT_FEATURES[name]

        retry = spec.get("retry")
        policy = spec.get("backoffPolicy")
        delay = _seconds(spec.get("backoffDelay"), "backoffDelay")
        timeout = _seconds(spec.get("timeout"), "timeout") if feature(FEATURE_DELIVERY_TIMEOUT) else None
        ra_max = (_seconds(spec.get("retryAfterMax"), "retryAfterMax")
                  if feature(FEATURE_DELIVERY_RETRY_AFTER) else None)
        return cls(
            retry=max(retry, 0) if isinstance(retry, int) and not isinstance(retry, bool) else 0,
            backoff_policy=policy if policy in (BACKOFF_EXPONENTIAL, BACKOFF_LINEAR) else None,
            backoff_delay=delay or 0.0,
            timeout=timeout if timeout and timeout > 0 else None,  # Go: 0 = no client timeout
            retry_after_max=ra_max,
            dead_letter_uri=dead_letter_uri or None,
        )


NO_RETRIES = DeliveryOptions()


def _seconds(value: Any, field: str) -> float | None:
    if not isinstance(value, str):
        return None
    try:
        return iso8601_seconds(value)
    except DurationError:
        log.warning("ignoring delivery.%s %r: not an ISO-8601 duration", field, value)
        return None


def backoff(options: DeliveryOptions, retry_number: int) -> float:
    """The wait before retry ``retry_number`` (1 = the first retry), in seconds.

    go-retryablehttp passes the 0-based loop index, so retry *k* waits ``d·2^(k-1)``
    (exponential: d, 2d, 4d, …) or ``d·(k-1)`` (linear: 0, d, 2d, …); 0 without a policy or
    a delay. Computed in integer nanoseconds like Go's ``time.Duration``.
    """
    delay_ns = round(options.backoff_delay * 1e9)
    n = retry_number - 1
    if not delay_ns or n < 0:
        return 0.0
    if options.backoff_policy == BACKOFF_EXPONENTIAL:
        return delay_ns * (1 << n) / 1e9
    if options.backoff_policy == BACKOFF_LINEAR:
        return delay_ns * n / 1e9
    return 0.0


def retry_wait(options: DeliveryOptions, retry_number: int, response: Response | None,
               now: float | None = None) -> float:
    """The actual wait before retry ``retry_number``: the backoff, or a longer ``Retry-After``.

    ``Retry-After`` counts only when ``retry_after_max`` is set (``PT0S`` disables it) and
    the failed attempt answered 429 or 503: ``max(min(retry_after, retry_after_max), backoff)``.
    """
    wait = backoff(options, retry_number)
    if (options.retry_after_max is not None and response is not None
            and response.status in (429, 503)):
        ra = min(parse_retry_after(get_header(response.headers, "Retry-After"), now), options.retry_after_max)
        wait = max(wait, ra)
    return max(wait, 0.0)


def should_retry(status: int | None) -> bool:
    """``SelectiveRetry``: transport errors (None), 5xx, 404, 408, 409, 429; not 1xx–3xx or other 4xx."""
    if status is None or status == -1:
        return True
    return status >= 500 or status in (404, 408, 409, 429)


def is_success(status: int | None) -> bool:
    return status is not None and 200 <= status < 300


_INT = re.compile(r"[+-]?[0-9]+")
_ZONE_SUFFIX = re.compile(r"(.*) ([A-Za-z]{3,5})")
_HTTP_DATES = (
    ("%a, %d %b %Y %H:%M:%S", True),  # RFC 1123 (http.TimeFormat, "GMT")
    ("%A, %d-%b-%y %H:%M:%S", True),  # RFC 850 (any zone abbreviation reads as UTC)
    ("%a %b %d %H:%M:%S %Y", False),  # ANSI C asctime
)


def parse_retry_after(value: str | None, now: float | None = None) -> float:
    """A ``Retry-After`` value in seconds from ``now``: delay-seconds or an HTTP-date; 0 if invalid."""
    if not value:
        return 0.0
    value = value.strip()
    if _INT.fullmatch(value):
        n = int(value)
        return float(n) if abs(n) < 1 << 63 else 0.0
    zoned = _ZONE_SUFFIX.fullmatch(value)
    for fmt, has_zone in _HTTP_DATES:
        text = value
        if has_zone:
            if zoned is None:
                continue
            text = zoned.group(1)
        try:
            when = datetime.strptime(text, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
        return when.timestamp() - (time.time() if now is None else now)
    log.debug("ignoring unparseable Retry-After %r", value)
    return 0.0


# -- the transport ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ErrorSource:
    """Who really failed, for the dead-letter extensions: a URL and the body it answered."""

    destination: str
    body: bytes


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    headers: Mapping[str, str]
    body: bytes = b""
    # Set by an in-process broker-filter on a failed delivery: the subscriber's URL and body,
    # which the dead-letter extensions report instead of this response's.
    error_source: ErrorSource | None = None


class TransportError(Exception):
    """No HTTP response: connection refused, reset, DNS failure, or the attempt timed out."""


class Transport(Protocol):
    async def send(self, url: str, headers: Mapping[str, str], body: bytes,
                   timeout: float | None) -> Response: ...


Sleep = Callable[[float], Awaitable[Any]]
SubscriberError = Callable[[str, Response | None], ErrorSource | None]

# -- results -----------------------------------------------------------------------------------


class Outcome(enum.Enum):
    DELIVERED = "delivered"  # the destination took it (and the reply, if any, was forwarded)
    DEAD_LETTERED = "dead-lettered"  # it failed, and the dead-letter sink took the original event
    DROPPED = "dropped"  # it failed and no dead-letter sink took it; logged


@dataclass(frozen=True, slots=True)
class Attempts:
    """One leg (destination, reply or dead-letter sink): how many tries and how the last ended."""

    url: str
    attempts: int
    response: Response | None  # the last response; None if the last attempt got none
    error: str | None = None  # the last attempt's transport error

    @property
    def status(self) -> int | None:
        return self.response.status if self.response is not None else None

    @property
    def ok(self) -> bool:
        return self.response is not None and 200 <= self.response.status < 300

    def describe(self) -> str:
        if self.response is None:
            return self.error or "no response"
        return f"unexpected HTTP response, expected 2xx, got {self.response.status}"


@dataclass(frozen=True, slots=True)
class DispatchResult:
    outcome: Outcome
    destination: Attempts
    reply: Attempts | None = None
    dead_letter: Attempts | None = None
    error: str | None = None  # why it was not delivered (Knative's dispatch error text)

    @property
    def attempts(self) -> int:
        return self.destination.attempts

    @property
    def status(self) -> int | None:
        return self.destination.status


# -- dispatch --------------------------------------------------------------------------------------


async def dispatch(
    event: CloudEvent,
    destination: str,
    options: DeliveryOptions,
    transport: Transport,
    *,
    reply: str | None = None,
    namespace: str | None = None,
    extra_headers: Mapping[str, str] | None = None,
    sleep: Sleep = asyncio.sleep,
    subscriber_error: SubscriberError | None = None,
    encoded: tuple[Mapping[str, str], bytes] | None = None,
) -> DispatchResult:
    """Deliver ``event`` to ``destination`` per ``options``; never raises (see the module doc).

    ``extra_headers`` are the already-filtered passthrough headers of the incoming request;
    ``namespace`` adds ``Kn-Namespace``. ``subscriber_error(destination, last_response)``
    names what the dead-letter extensions report for a failed destination; returning None
    dead-letters without them (Knative, when the broker-filter's answer cannot be
    unwrapped). It defaults to :func:`broker_filter_error` for the broker-filter's host, as
    Knative decides by host; otherwise a response's ``error_source`` or else the destination
    itself is reported. ``encoded`` is ``to_binary(event)`` when the caller already has it
    (a fan-out encodes once for all its subscribers).
    """
    try:
        return await _dispatch(event, destination, options, transport, reply, namespace,
                               extra_headers, sleep, subscriber_error, encoded)
    except Exception as e:  # a bug or a broken event must not kill the caller's fan-out
        log.exception("dispatch to %s failed", destination)
        return DispatchResult(Outcome.DROPPED, Attempts(destination, 0, None, str(e)), error=str(e))


async def _dispatch(event: CloudEvent, destination: str, options: DeliveryOptions, transport: Transport,
                    reply: str | None, namespace: str | None, extra_headers: Mapping[str, str] | None,
                    sleep: Sleep, subscriber_error: SubscriberError | None,
                    encoded: tuple[Mapping[str, str], bytes] | None) -> DispatchResult:
    ce_headers, body = encoded if encoded is not None else ce.to_binary(event)
    additional = _merge(extra_headers or {}, {KN_NAMESPACE_HEADER: namespace} if namespace else {})
    headers = _merge(ce_headers, additional, _PREFER_REPLY)

    dest = await _send(destination, headers, body, options, transport, sleep)
    if not dest.ok:
        error = f"unable to complete request to {destination}: {dest.describe()}"
        if subscriber_error is None and urlsplit(destination).hostname == BROKER_FILTER_HOST:
            subscriber_error = broker_filter_error
        if subscriber_error is not None:
            source = subscriber_error(destination, dest.response)
        else:
            source = _error_source(dest)
        return await _dead_letter(event, dest, source, additional, options, transport, sleep, error)

    response = dest.response
    assert response is not None
    if reply is None or not ce.is_event_response(response.headers, response.body):
        return DispatchResult(Outcome.DELIVERED, dest)

    kn_namespace = get_header(additional, KN_NAMESPACE_HEADER)
    response_additional = _merge(passthrough_headers(response.headers),
                                 {KN_NAMESPACE_HEADER: kn_namespace} if kn_namespace else {})
    reply_headers = _merge(_message_headers(response.headers), response_additional)
    rep = await _send(reply, reply_headers, response.body, options, transport, sleep)
    if rep.ok:
        return DispatchResult(Outcome.DELIVERED, dest, reply=rep)
    error = f"failed to forward reply to {reply}: {rep.describe()}"
    result = await _dead_letter(event, rep, _error_source(rep), response_additional, options,
                                transport, sleep, error)
    return DispatchResult(result.outcome, dest, reply=rep, dead_letter=result.dead_letter, error=result.error)


async def _send(url: str, headers: Mapping[str, str], body: bytes, options: DeliveryOptions,
                transport: Transport, sleep: Sleep) -> Attempts:
    """go-retryablehttp's loop: up to ``retry + 1`` attempts, ``retry_wait`` between them."""
    attempt = 0
    while True:
        attempt += 1
        response: Response | None = None
        error: str | None = None
        try:
            response = await transport.send(url, headers, body, options.timeout)
        except TransportError as e:
            error = str(e)
        if response is not None and not should_retry(response.status):
            return Attempts(url, attempt, response)
        if attempt > options.retry:
            return Attempts(url, attempt, response, error)
        await sleep(retry_wait(options, attempt, response))


def _error_source(failed: Attempts) -> ErrorSource:
    if failed.response is None:
        return ErrorSource(failed.url, f"dispatch error: {failed.error}".encode())
    return failed.response.error_source or ErrorSource(failed.url, failed.response.body)


def error_data(body: bytes) -> str:
    """``knativeerrordata``: standard padded base64 of ``body``, cut to 1024 characters."""
    # 768 bytes encode to exactly 1024 characters, a prefix of the whole body's encoding.
    return base64.b64encode(body[: ERROR_DATA_MAX_LENGTH // 4 * 3]).decode("ascii")


async def _dead_letter(event: CloudEvent, failed: Attempts, source: ErrorSource | None,
                       headers: Mapping[str, str], options: DeliveryOptions, transport: Transport,
                       sleep: Sleep, error: str) -> DispatchResult:
    dls = options.dead_letter_uri
    if not dls:
        log.warning("%s (no dead letter sink, event dropped)", error)
        return DispatchResult(Outcome.DROPPED, failed, error=error)
    dead = ce.clone(event)
    if source is not None:
        ce.set_extension(dead, ERROR_DEST_EXTENSION, source.destination)
        ce.set_extension(dead, ERROR_CODE_EXTENSION, failed.status or 500)
        ce.set_extension(dead, ERROR_DATA_EXTENSION, error_data(source.body))
    dead_headers, dead_body = ce.to_binary(dead)
    sent = await _send(dls, _merge(dead_headers, headers), dead_body, options, transport, sleep)
    if sent.ok:
        log.info("%s; sent to the dead letter sink %s", error, dls)
        return DispatchResult(Outcome.DEAD_LETTERED, failed, dead_letter=sent, error=error)
    error = f"{error}; and to the dead letter sink {dls}: {sent.describe()}"
    log.error("%s (event dropped)", error)
    return DispatchResult(Outcome.DROPPED, failed, dead_letter=sent, error=error)


# -- the broker-filter's error envelope ------------------------------------------------------------


def filter_error_body(destination: str, body: bytes) -> bytes:
    """The broker-filter's answer for a failed subscriber (``broker.ErrExtensionInfo`` as Go marshals it)."""
    text = json.dumps({"errdestination": destination,
                       "errresponsebody": base64.b64encode(body).decode("ascii") if body else None},
                      separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode()


def broker_filter_error(_destination: str, response: Response | None) -> ErrorSource | None:
    """``subscriber_error`` for deliveries to the broker-filter: report the subscriber, not the filter.

    Uses the response's ``error_source`` (in-process filter) or unwraps its JSON envelope
    (:func:`filter_error_body`). When neither is there — a 400 from the filter itself, a
    502 for a non-CloudEvent reply, a transport error — Knative dead-letters without error
    extensions, and so does this (None).
    """
    if response is None:
        return None
    if response.error_source is not None:
        return response.error_source
    try:
        info = json.loads(response.body)
        if info is None:
            return ErrorSource("", b"")
        raw = info.get("errresponsebody")
        body = base64.b64decode(raw, validate=True) if raw else b""
        return ErrorSource(str(info.get("errdestination") or ""), body)
    except (ValueError, TypeError, AttributeError, binascii.Error):
        return None


# -- headers -------------------------------------------------------------------------------------

_PASSTHROUGH = frozenset({"x-request-id", "retry-after"})
_PASSTHROUGH_PREFIXES = ("knative-", "x-b3-")


def passthrough_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """``utils.PassThroughHeaders``: ``x-request-id``, ``retry-after``, ``knative-*``, ``x-b3-*``."""
    out: dict[str, str] = {}
    for k, v in headers.items():
        lk = k.lower()
        if lk in _PASSTHROUGH or lk.startswith(_PASSTHROUGH_PREFIXES):
            out[k] = v
    return out


def _message_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """The headers that carry a CloudEvent (binary ``ce-*`` or the structured Content-Type)."""
    return {k: v for k, v in headers.items() if k[:3].lower() == "ce-" or k.lower() == "content-type"}


def get_header(headers: Mapping[str, str], name: str) -> str | None:
    """The value of header ``name``: the exact key first, else the first key equal to it ignoring case."""
    value = headers.get(name)
    if value is not None:
        return value
    lname = name.lower()
    for k, v in headers.items():
        if k.lower() == lname:
            return v
    return None


_PREFER_REPLY = {"Prefer": "reply"}


def _merge(base: Mapping[str, str], *overrides: Mapping[str, str]) -> dict[str, str]:
    """``base`` with each of ``overrides`` set over it, names compared case-insensitively."""
    out = dict(base)
    lower: dict[str, str] | None = None
    for extra in overrides:
        if not extra:
            continue
        if lower is None:
            lower = {k.lower(): k for k in out}
        for k, v in extra.items():
            lk = k.lower()
            old = lower.get(lk)
            if old is not None and old != k:
                del out[old]
            lower[lk] = k
            out[k] = v
    return out


# -- the HTTP transport ------------------------------------------------------------------------------


class HttpTransport:
    """:class:`Transport` over one aiohttp session: pooled keep-alive connections, no redirects.

    Like Knative's client it never follows redirects on its own account (a 3xx is a final,
    non-retried failure), sends no cookies, adds no Content-Type of its own (a binary event
    without ``datacontenttype`` must arrive without one), and reports connection failures and
    per-attempt timeouts as :class:`TransportError` with Go-like texts, which is what the
    dead-letter sink sees in ``knativeerrordata``.
    """

    def __init__(self, *, limit: int = 1000, keepalive_timeout: float = 30.0) -> None:
        self._limit = limit
        self._keepalive_timeout = keepalive_timeout
        self._session: aiohttp.ClientSession | None = None
        self._timeouts: dict[float | None, aiohttp.ClientTimeout] = {}

    def _open(self) -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(limit=self._limit, keepalive_timeout=self._keepalive_timeout)
        self._session = aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),
            skip_auto_headers=("Content-Type",),
            timeout=aiohttp.ClientTimeout(total=None),
        )
        return self._session

    def _timeout(self, seconds: float | None) -> aiohttp.ClientTimeout:
        t = self._timeouts.get(seconds)
        if t is None:
            t = self._timeouts[seconds] = aiohttp.ClientTimeout(total=seconds)
        return t

    async def send(self, url: str, headers: Mapping[str, str], body: bytes,
                   timeout: float | None) -> Response:
        session = self._session
        if session is None or session.closed:
            session = self._open()
        try:
            async with session.post(url, data=body, headers=headers, timeout=self._timeout(timeout),
                                    allow_redirects=False) as resp:
                return Response(resp.status, resp.headers, await resp.read())
        except TimeoutError as e:
            raise TransportError(
                f'Post "{url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)'
            ) from e
        except (aiohttp.ClientError, OSError, ValueError) as e:
            raise TransportError(f'Post "{url}": {_describe(e)}') from e

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def _describe(e: BaseException) -> str:
    if isinstance(e, aiohttp.ClientConnectorDNSError):
        return f"dial tcp: lookup {e.host}: no such host"
    if isinstance(e, aiohttp.ClientConnectorError):
        errno = e.os_error.errno
        reason = os.strerror(errno).lower() if errno else str(e.os_error)
        return f"dial tcp {e.host}:{e.port}: connect: {reason}"
    if isinstance(e, aiohttp.ServerDisconnectedError):
        return "EOF"
    return str(e) or type(e).__name__
