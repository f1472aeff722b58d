"""Knative's heartbeats sample (``ikubernetes/containersource-heartbeats``, KE ``cmd/heartbeats``).

The ContainerSource/SinkBinding demo: every ``-period`` it POSTs a CloudEvent (binary mode)
to ``$K_SINK``, as the release-1.12 Go program does:

- flags (Go ``flag`` syntax, ``-x v``, ``-x=v``, ``--x v``): ``-eventSource`` (default
  ``https://knative.dev/eventing-contrib/cmd/heartbeats/#$POD_NAMESPACE/$POD_NAME``),
  ``-eventType`` (``dev.knative.eventing.samples.heartbeat``), ``-sink`` (``$K_SINK`` wins),
  ``-label``, ``-period`` (``5s``; a Go duration or whole seconds), ``-msg``, ``-cacerts``;
- env: ``K_SINK``, ``K_CE_OVERRIDES`` (``{"extensions": {...}}``), ``POD_NAME`` and
  ``POD_NAMESPACE`` (required), ``ONE_SHOT`` (send once and exit);
- the event: a new UUID id, the current time, extensions ``the: 42``, ``heart: yes``,
  ``beats: true`` and then the overrides', ``datacontenttype: application/json`` and data
  ``{"id":<n>,"label":"<label>"}`` (plus ``"msg"`` when set), n counting from 1;
- sending: sdk-go's retries (``ContextWithRetriesExponentialBackoff(20ms, 10)``: up to 10
  retries 40 ms, 80 ms, ... apart on connection errors and 404/413/425/429/502/503/504),
  ticks on a fixed cadence from the start as a Go ticker does.

Requests go through ``$HTTP_PROXY`` (honouring ``$NO_PROXY``) as Go's default transport
does: knlite points it at the internal gateway, which is how ``*.svc.cluster.local`` sinks
resolve. Log lines on stderr are the Go program's.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time

from knlite.eventing.cloudevents import encode_binary
from knlite.samples import _go
from knlite.samples._http import log

_FLAGS = {
    "eventSource": ("", "the event-source (CloudEvents)"),
    "eventType": ("dev.knative.eventing.samples.heartbeat", "the event-type (CloudEvents)"),
    "sink": ("", "the host url to heartbeat to"),
    "cacerts": ("", "the ca cert for the host url to heartbeat to"),
    "label": ("", "a special label"),
    "period": ("5s", "the duration between heartbeats. Supported formats: Go (https://pkg.go.dev/time#ParseDuration), "
                     "integers (interpreted as seconds)"),
    "msg": ("", "message content in data.msg"),
}
_RETRIABLE = frozenset({404, 413, 425, 429, 502, 503, 504})
RETRY_PERIOD = 0.020
MAX_RETRIES = 10


def parse_flags(argv: list[str]) -> dict[str, str]:
    """Go's ``flag.Parse`` for string flags; exits 2 on an unknown flag as Go does."""
    values = {name: default for name, (default, _) in _FLAGS.items()}
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--" or not arg.startswith("-") or arg == "-":
            break
        name = arg.lstrip("-") if arg.startswith("--") else arg[1:]
        name, eq, value = name.partition("=")
        if name in ("h", "help"):
            _usage()
            sys.exit(0)
        if name not in _FLAGS:
            print(f"flag provided but not defined: -{name}", file=sys.stderr)
            _usage()
            sys.exit(2)
        if not eq:
            if i + 1 >= len(argv):
                print(f"flag needs an argument: -{name}", file=sys.stderr)
                _usage()
                sys.exit(2)
            i += 1
            value = argv[i]
        values[name] = value
        i += 1
    return values


def _usage() -> None:
    print(f"Usage of {sys.argv[0]}:", file=sys.stderr)
    for name, (default, help_text) in sorted(_FLAGS.items()):
        suffix = f" (default {_go.quote(default)})" if default else ""
        print(f"  -{name} string\n    \t{help_text}{suffix}", file=sys.stderr)


def parse_period(value: str) -> float | None:
    """Empty → 5 s, else a Go duration, else whole seconds; None if neither."""
    if value == "":
        return 5.0
    seconds = _go.parse_duration(value)
    if seconds is not None:
        return seconds
    try:
        return float(int(value))
    except ValueError:
        return None


def heartbeat_data(seq: int, label: str, msg: str) -> bytes:
    """``json.Marshal(Heartbeat{...})`` with ``msg`` omitted when empty."""
    body = f'{{"id":{seq},"label":{_go.json_string(label)}'
    if msg:
        body += f',"msg":{_go.json_string(msg)}'
    return (body + "}").encode()


def new_uuid() -> str:
    b = bytearray(os.urandom(16))
    b[6] = (b[6] & 0x0F) | 0x40
    b[8] = (b[8] & 0x3F) | 0x80
    h = b.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def now_rfc3339() -> str:
    """``time.Now()`` as sdk-go writes it: UTC RFC3339Nano."""
    ns = time.time_ns()
    seconds, frac = divmod(ns, 1_000_000_000)
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))
    digits = f"{frac:09d}".rstrip("0")
    return stamp + ("." + digits if digits else "") + "Z"


def build_event(seq: int, source: str, event_type: str, label: str, msg: str,
                overrides: dict[str, str]) -> tuple[dict[str, str], bytes]:
    attrs: dict[str, object] = {"specversion": "1.0", "id": new_uuid(), "source": source, "type": event_type,
                                "time": now_rfc3339(), "datacontenttype": "application/json",
                                "the": 42, "heart": "yes", "beats": True}
    for name, value in overrides.items():
        if name.isalnum() and name.isascii():  # sdk-go's SetExtension refuses other names (error ignored)
            attrs[name.lower()] = value
    return encode_binary(attrs, heartbeat_data(seq, label, msg))


# -- HTTP ---------------------------------------------------------------------------------------------


class SendError(Exception):
    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def _split_url(url: str) -> tuple[str, str, int, str]:
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise SendError(f'Post "{url}": unsupported protocol scheme ""')
    authority, slash, path = rest.partition("/")
    host, port_text = authority, ""
    if authority.count(":") == 1:
        host, _, port_text = authority.partition(":")
    try:
        port = int(port_text) if port_text else 443 if scheme == "https" else 80
    except ValueError:
        raise SendError(f'parse "{url}": invalid port ":{port_text}" after host') from None
    return scheme.lower(), host, port, "/" + path if slash else "/"


def _proxy_for(host: str) -> str | None:
    """Go's ``http.ProxyFromEnvironment`` for an http:// URL."""
    proxy = os.environ.get("HTTP_PROXY") or os.environ.get("http_proxy")
    if not proxy or host in ("localhost", "::1") or host.startswith("127."):
        return None
    no_proxy = os.environ.get("NO_PROXY") or os.environ.get("no_proxy") or ""
    for entry in (e.strip().lower() for e in no_proxy.split(",")):
        if not entry:
            continue
        if entry == "*":
            return None
        entry = entry.split(":")[0]
        if host == entry.lstrip(".") or host.endswith("." + entry.lstrip(".")):
            return None
    return proxy if "://" in proxy else "http://" + proxy


async def post(url: str, headers: dict[str, str], body: bytes, timeout: float = 30.0) -> tuple[int, bytes]:
    """One HTTP/1.1 POST (through the proxy if any); (status, body)."""
    scheme, host, port, path = _split_url(url)
    if scheme != "http":
        raise SendError(f'Post "{url}": {scheme} sinks are not supported by knlite\'s heartbeats sample')
    authority = host + (f":{port}" if port != 80 else "")
    target, connect_host, connect_port = path, host, port
    proxy = _proxy_for(host.lower())
    if proxy is not None:  # absolute-form request target, as Go writes it to a proxy
        _, connect_host, connect_port, _ = _split_url(proxy)
        target = f"http://{authority}{path}"
    lines = [f"POST {target} HTTP/1.1", f"Host: {authority}",
             "User-Agent: Go-http-client/1.1", f"Content-Length: {len(body)}", "Connection: close"]
    lines.extend(f"{k}: {v}" for k, v in headers.items())
    request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace") + body
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(connect_host, connect_port), timeout)
    except OSError as e:  # TimeoutError included
        raise SendError(f'Post "{url}": dial tcp {connect_host}:{connect_port}: {_reason(e)}') from None
    try:
        writer.write(request)
        raw = await asyncio.wait_for(reader.read(), timeout)
    except OSError as e:  # TimeoutError included
        raise SendError(f'Post "{url}": {_reason(e)}') from None
    finally:
        writer.close()
    head, _, rest = raw.partition(b"\r\n\r\n")
    try:
        status = int(head.split(b" ", 2)[1])
    except (IndexError, ValueError):
        raise SendError(f'Post "{url}": malformed HTTP response') from None
    return status, _dechunk(head, rest)


def _dechunk(head: bytes, rest: bytes) -> bytes:
    if b"transfer-encoding: chunked" not in head.lower():
        return rest
    out = bytearray()
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        try:
            size = int(size_line.split(b";")[0], 16)
        except ValueError:
            break
        if size == 0:
            break
        out += rest[:size]
        rest = rest[size + 2:]
    return bytes(out)


def _reason(e: BaseException) -> str:
    if isinstance(e, ConnectionRefusedError):
        return "connect: connection refused"
    if isinstance(e, TimeoutError):
        return "i/o timeout"
    return str(e) or type(e).__name__


async def send_with_retries(url: str, headers: dict[str, str], body: bytes) -> str | None:
    """sdk-go's ``doWithRetry``; None when acknowledged (2xx), else the error text."""
    retries = 0
    while True:
        try:
            status, answer = await post(url, headers, body)
        except SendError as e:
            error = str(e)
        else:
            if 200 <= status < 300:
                return None
            error = f"{status}: {answer.decode('utf-8', 'replace')}"
            if status not in _RETRIABLE:
                return error + (f" ({retries}x)" if retries else "")
        if retries + 1 > MAX_RETRIES:
            return error + (f" ({retries}x)" if retries else "")
        await asyncio.sleep(RETRY_PERIOD * 2 ** (retries + 1))
        retries += 1


# -- main ---------------------------------------------------------------------------------------------


async def run(flags: dict[str, str]) -> int:
    sink = os.environ.get("K_SINK") or flags["sink"]
    overrides: dict[str, str] = {}
    raw_overrides = os.environ.get("K_CE_OVERRIDES", "")
    if raw_overrides:
        try:
            parsed = json.loads(raw_overrides)
            extensions = next((v for k, v in parsed.items() if k.lower() == "extensions"), None) or {}
            if not isinstance(extensions, dict) or not all(isinstance(v, str) for v in extensions.values()):
                raise ValueError("json: cannot unmarshal into Go struct field CloudEventOverrides.extensions")
            overrides = extensions
        except (ValueError, AttributeError) as e:
            log(f"[ERROR] Unparseable CloudEvents overrides {raw_overrides}: {e}")
            return 1
    period = parse_period(flags["period"])
    if period is None:
        log(f"Invalid period interval provided: {_go.quote(flags['period'])}")
        return 1
    if period <= 0 and not _go.parse_bool(os.environ.get("ONE_SHOT", "false")):
        print("panic: non-positive interval for NewTicker", file=sys.stderr)
        return 2
    source = flags["eventSource"]
    if not source:
        source = ("https://knative.dev/eventing-contrib/cmd/heartbeats/#"
                  f"{os.environ['POD_NAMESPACE']}/{os.environ['POD_NAME']}")
        log(f"Heartbeats Source: {source}")
    label = flags["label"]
    if label.startswith('"'):
        try:
            label = json.loads(label)
        except ValueError:
            label = ""
    one_shot = _go.parse_bool(os.environ.get("ONE_SHOT", "false")) is True
    loop = asyncio.get_running_loop()
    start = loop.time()
    tick = 1
    seq = 0
    while True:
        seq += 1
        headers, body = build_event(seq, source, flags["eventType"], label, flags["msg"], overrides)
        log(f"sending cloudevent to {sink}")
        error = await send_with_retries(sink, headers, body) if sink else "not initialized: no sink (K_SINK is empty)"
        if error is not None:
            log(f"failed to send cloudevent: {error}")
        if one_shot:
            return 0
        # a Go ticker: a fixed cadence from the start, ticks missed while sending dropped but one
        due = start + tick * period
        now = loop.time()
        if now < due:
            await asyncio.sleep(due - now)
            tick += 1
        else:
            tick = int((now - start) / period) + 1 if period > 0 else tick + 1


def main() -> None:
    flags = parse_flags(sys.argv[1:])
    for key in ("POD_NAME", "POD_NAMESPACE"):
        if key not in os.environ:
            log(f"[ERROR] Failed to process env var: required key {key} missing value")
            sys.exit(1)
    try:
        sys.exit(asyncio.run(run(flags)))
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
