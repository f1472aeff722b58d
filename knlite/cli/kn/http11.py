"""A minimal HTTP/1.1 client connection (keep-alive, Content-Length and chunked bodies).

kn is a short-lived command, and ``http.client`` costs a third of its start-up (it imports
the ``email`` package to parse headers). This is all kn needs of HTTP: send a request on a
persistent (optionally TLS) socket, read the status, the headers and a Content-Length,
chunked or until-close body, or stream a chunked body line by line for watches.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ssl

MAX_LINE = 65536


class RemoteDisconnected(ConnectionResetError):
    """The server closed a kept-alive connection before answering."""


class Response:
    def __init__(self, status: int, headers: list[tuple[str, str]]) -> None:
        self.status = status
        self.headers = headers

    def header(self, name: str) -> str | None:
        values = [v for k, v in self.headers if k.lower() == name.lower()]
        return ", ".join(values) if values else None


class Connection:
    def __init__(self, host: str, port: int, context: ssl.SSLContext | None, timeout: float | None) -> None:
        self.host = host
        self.port = port
        self.context = context
        self.timeout = timeout
        self.sock: socket.socket | None = None
        self._buf = b""

    def connect(self) -> None:
        sock = socket.create_connection((self.host, self.port), self.timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self.context is not None:
            sock = self.context.wrap_socket(sock, server_hostname=self.host)
        self.sock = sock
        self._buf = b""

    def close(self) -> None:
        if self.sock is not None:
            try:
                self.sock.close()
            finally:
                self.sock = None

    def shutdown(self) -> None:
        """Wake a thread blocked reading this connection."""
        if self.sock is not None:
            with contextlib.suppress(OSError):
                socket.socket.shutdown(self.sock, socket.SHUT_RDWR)

    # -- reading ----------------------------------------------------------------------------------
    def _fill(self) -> bool:
        assert self.sock is not None
        data = self.sock.recv(65536)
        if not data:
            return False
        self._buf += data
        return True

    def _readline(self) -> bytes:
        while True:
            i = self._buf.find(b"\n")
            if i >= 0:
                line, self._buf = self._buf[:i + 1], self._buf[i + 1:]
                return line
            if len(self._buf) > MAX_LINE:
                raise ConnectionError("header line too long")
            if not self._fill():
                line, self._buf = self._buf, b""
                return line

    def _read(self, n: int) -> bytes:
        while len(self._buf) < n:
            if not self._fill():
                raise ConnectionError("connection closed in the middle of a response")
        data, self._buf = self._buf[:n], self._buf[n:]
        return data

    def _read_all(self) -> bytes:
        while self._fill():
            pass
        data, self._buf = self._buf, b""
        return data

    # -- requests ---------------------------------------------------------------------------------
    def send(self, method: str, path: str, headers: dict[str, str], body: bytes | None) -> Response:
        if self.sock is None:
            self.connect()
        assert self.sock is not None
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        if body is not None or method in ("POST", "PUT", "PATCH"):
            lines.append(f"Content-Length: {len(body or b'')}")
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + (body or b""))
        status_line = self._readline()
        if not status_line:
            raise RemoteDisconnected("Remote end closed connection without response")
        parts = status_line.decode("latin-1").split(None, 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/"):
            raise ConnectionError(f"malformed HTTP status line: {status_line!r}")
        hdrs: list[tuple[str, str]] = []
        while True:
            line = self._readline()
            if line in (b"\r\n", b"\n", b""):
                break
            key, _, value = line.decode("latin-1").partition(":")
            hdrs.append((key.strip(), value.strip()))
        return Response(int(parts[1]), hdrs)

    def body(self, resp: Response, method: str) -> bytes:
        if method == "HEAD" or resp.status in (204, 304) or 100 <= resp.status < 200:
            return b""
        if (resp.header("Transfer-Encoding") or "").lower() == "chunked":
            data = b"".join(self.chunks())
        elif resp.header("Content-Length") is not None:
            data = self._read(int(resp.header("Content-Length") or 0))
        else:
            data = self._read_all()
            self.close()
        if (resp.header("Connection") or "").lower() == "close":
            self.close()
        return data

    def chunks(self) -> Iterator[bytes]:
        while True:
            size_line = self._readline()
            if not size_line:
                raise ConnectionError("connection closed in the middle of a chunked body")
            size = int(size_line.split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while self._readline() not in (b"\r\n", b"\n", b""):
                    pass
                return
            data = self._read(size)
            self._read(2)
            yield data

    def lines(self) -> Iterator[bytes]:
        """The lines of a chunked (watch) body as they arrive."""
        pending = b""
        for chunk in self.chunks():
            pending += chunk
            while True:
                i = pending.find(b"\n")
                if i < 0:
                    break
                line, pending = pending[:i], pending[i + 1:]
                if line.strip():
                    yield line
        if pending.strip():
            yield pending
