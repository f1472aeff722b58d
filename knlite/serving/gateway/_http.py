"""Byte-level HTTP/1.1 helpers for the gateway: canned responses, host keys, error texts."""

from __future__ import annotations

import errno
from http import HTTPStatus

CRLF = b"\r\n"

# Request headers the gateway reads or rewrites instead of passing through verbatim.
H_HOST = 1
H_CONNECTION = 2  # also Keep-Alive and Proxy-Connection: hop-by-hop, dropped
H_XFF = 3
H_XFP = 4
H_FORWARDED = 5
H_DROP = 6  # Knative-Serving-Revision/-Namespace: the ingress's, never the app's
H_TE = 7
H_CL = 8
H_XFH = 9

SPECIAL: dict[bytes, int] = {
    b"host": H_HOST,
    b"connection": H_CONNECTION,
    b"keep-alive": H_CONNECTION,
    b"proxy-connection": H_CONNECTION,
    b"x-forwarded-for": H_XFF,
    b"x-forwarded-proto": H_XFP,
    b"x-forwarded-host": H_XFH,
    b"forwarded": H_FORWARDED,
    b"knative-serving-revision": H_DROP,
    b"knative-serving-namespace": H_DROP,
    b"transfer-encoding": H_TE,
    b"content-length": H_CL,
}

VERSIONS: dict[str, bytes] = {"1.1": b" HTTP/1.1\r\n", "1.0": b" HTTP/1.0\r\n"}


def host_key(raw: bytes) -> str:
    """The routing key of a Host header value or URL authority: lower case, port stripped."""
    host = raw.decode("latin-1").strip().lower()
    if host.startswith("["):  # [::1]:8080
        end = host.find("]")
        return host[: end + 1] if end > 0 else host
    colon = host.rfind(":")
    if colon >= 0:
        host = host[:colon]
    return host.rstrip(".")


def response(status: int, text: str, *, close: bool, head: bool = False) -> bytes:
    """A complete plain-text response, as Go's ``http.Error`` writes it."""
    body = text.encode() + b"\n"
    try:
        reason = HTTPStatus(status).phrase.encode()
    except ValueError:
        reason = b"Unknown"
    lines = [
        b"HTTP/1.1 %d %s" % (status, reason),
        b"Content-Type: text/plain; charset=utf-8",
        b"X-Content-Type-Options: nosniff",
        b"Content-Length: %d" % len(body),
    ]
    if close:
        lines.append(b"Connection: close")
    out = CRLF.join(lines) + CRLF + CRLF
    return out if head else out + body


def dial_error(host: str, port: int, exc: BaseException) -> str:
    """Go's wording for a failed dial, which queue-proxy returns in its 502 body."""
    return f"dial tcp {host}:{port}: connect: {_errno_text(exc)}"


def read_error(host: str, port: int, exc: BaseException | None) -> str:
    """Go's wording for an upstream that went away before answering."""
    if exc is None:
        return "EOF"
    return f"read tcp {host}:{port}: {_errno_text(exc)}"


def _errno_text(exc: BaseException) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, ConnectionResetError):
        return "connection reset by peer"
    if isinstance(exc, TimeoutError):
        return "i/o timeout"
    if isinstance(exc, OSError) and exc.errno is not None:
        try:
            return errno.errorcode[exc.errno].lower() if not exc.strerror else exc.strerror.lower()
        except KeyError:
            pass
    return str(exc) or type(exc).__name__


def forwarded_shim(xff: bytes | None, xfh: bytes | None, xfp: bytes | None) -> bytes:
    """Knative queue-proxy's ``Forwarded`` shim (``pkg/queue/forwarded_shim.go``): the first
    element carries ``for``/``host``/``proto``, each further X-Forwarded-For node its own ``for``."""
    nodes = []
    for raw in (xff or b"").split(b","):
        node = raw.strip()
        if b":" in node:  # IPv6, bracketed and quoted
            node = b'"[' + node + b']"'
        nodes.append(node)
    pairs = []
    if xff:
        pairs.append(b"for=" + nodes[0])
    if xfh:
        pairs.append(b"host=" + xfh)
    if xfp:
        pairs.append(b"proto=" + xfp)
    elements = [b";".join(pairs)]
    if xff:
        elements.extend(b"for=" + node for node in nodes[1:])
    return b", ".join(elements)


def forwarding_lines(xff: bytes, xfp: bytes | None, xfh: bytes | None, forwarded: bool) -> bytes:
    """The forwarding headers added to a request: ``X-Forwarded-For`` (``xff`` already ends
    with the peer), ``X-Forwarded-Proto`` unless the client sent one, and the ``Forwarded``
    shim unless the client sent ``Forwarded``."""
    out = b"X-Forwarded-For: " + xff + CRLF
    if xfp is None:
        out += b"X-Forwarded-Proto: http" + CRLF
    if not forwarded:
        out += b"Forwarded: " + forwarded_shim(xff, xfh, xfp or b"http") + CRLF
    return out
