"""The delivery HTTP client against real loopback servers: answers, keep-alive, failures."""

from __future__ import annotations

import asyncio
import socket

import pytest
from aiohttp import web

from knlite.eventing.delivery import TransportError
from knlite.eventing.httpclient import FastTransport


@pytest.fixture
async def server():  # type: ignore[no-untyped-def]
    peers: set[tuple[str, int]] = set()

    async def handle(request: web.Request) -> web.Response:
        peers.add(request.transport.get_extra_info("peername"))  # type: ignore[union-attr]
        body = await request.read()
        if request.path == "/slow":
            await asyncio.sleep(1.0)
        if request.path == "/fail":
            return web.Response(status=503, body=b"busy", headers={"Retry-After": "1"})
        return web.Response(status=202, body=body[::-1], headers={"ce-id": request.headers.get("ce-id", "")})

    app = web.Application()
    app.router.add_post("/{tail:.*}", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}", peers
    await runner.cleanup()


async def test_post_and_keep_alive(server) -> None:  # type: ignore[no-untyped-def]
    base, peers = server
    t = FastTransport()
    for i in range(5):
        r = await t.send(base + "/x?q=1", {"ce-id": str(i), "Content-Type": "text/plain"}, b"abc", 5)
        assert (r.status, r.body, r.headers["ce-id"]) == (202, b"cba", str(i))
    assert len(peers) == 1  # one pooled connection served all five
    r = await t.send(base + "/fail", {}, b"", 5)
    assert (r.status, r.body, r.headers["Retry-After"]) == (503, b"busy", "1")
    await t.close()


async def test_timeout_and_refused(server) -> None:  # type: ignore[no-untyped-def]
    base, _ = server
    t = FastTransport()
    with pytest.raises(TransportError, match="context deadline exceeded"):
        await t.send(base + "/slow", {}, b"", 0.2)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(TransportError, match=f"dial tcp 127.0.0.1:{port}: connect: connection refused"):
        await t.send(f"http://127.0.0.1:{port}/", {}, b"", 1)
    await t.close()
