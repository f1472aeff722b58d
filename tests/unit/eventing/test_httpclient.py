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


async def test_connections_per_host_are_bounded_and_waiters_served(server, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from knlite.eventing import httpclient

    monkeypatch.setattr(httpclient, "MAX_CONNS", 4)
    base, peers = server
    t = FastTransport()
    results = await asyncio.gather(*(t.send(base + "/x", {"ce-id": str(i)}, b"ab", 5) for i in range(40)))
    assert [r.headers["ce-id"] for r in results] == [str(i) for i in range(40)]
    assert len(peers) == 4  # the other 36 waited for one of four connections
    pool = next(iter(t._pools.values()))
    assert (pool.open, len(pool.idle), len(pool.waiters)) == (4, 4, 0)
    await t.close()


async def test_timed_out_waiters_and_failed_exchanges_give_their_slots_back(server, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from knlite.eventing import httpclient

    monkeypatch.setattr(httpclient, "MAX_CONNS", 2)
    base, _ = server
    t = FastTransport()
    outcomes = await asyncio.gather(*(t.send(base + "/slow", {}, b"", 0.3) for _ in range(6)), return_exceptions=True)
    assert all(isinstance(o, TransportError) for o in outcomes)  # two timed out in flight, four while waiting
    pool = next(iter(t._pools.values()))
    assert (pool.open, len(pool.waiters)) == (0, 0)
    r = await t.send(base + "/x", {"ce-id": "after"}, b"", 5)  # the slots are free again
    assert r.status == 202 and pool.open == 1
    await t.close()
