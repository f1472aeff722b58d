"""The gateway, driven in-process against small upstream servers on loopback.

Each test publishes a routing table and endpoints by hand (as the Route reconciler and the
runtime do), starts a :class:`Gateway` on free ports, and talks to it with aiohttp, raw
sockets, or the real ``curl``.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import shutil
import subprocess
import time
import tracemalloc
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from knlite.serving.dataplane import (
    DataPlaneState,
    Instance,
    RevisionConfig,
    RevisionKey,
    RouteRule,
    RoutingTable,
    Split,
)
from knlite.serving.gateway import Gateway

pytestmark = pytest.mark.timeout(60)

HOST = "hello.default.example.com"
LOCAL = "hello.default.svc.cluster.local"
V1 = RevisionKey("default", "hello-00001")
V2 = RevisionKey("default", "hello-00002")

H = {"Host": HOST}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def ext(gw: Gateway, path: str = "/") -> str:
    return f"http://127.0.0.1:{gw.external_port}{path}"


# -- helpers -----------------------------------------------------------------------------------
class Upstream:
    """An aiohttp app on a free port that records the requests and connections it saw."""

    def __init__(self, handler: Handler | None = None, name: str = "v1") -> None:
        self.name = name
        self.handler = handler
        self.requests: list[web.Request] = []
        self.peers: set[Any] = set()
        self.runner: web.AppRunner | None = None
        self.port = 0

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(request)
        self.peers.add(request.transport.get_extra_info("peername") if request.transport else None)
        if self.handler is not None:
            return await self.handler(request)
        body = await request.read()
        return web.Response(text=f"{self.name} {request.path_qs} {len(body)}")

    async def start(self) -> Upstream:
        app = web.Application(client_max_size=1 << 30)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self.runner = web.AppRunner(app, access_log=None, handler_cancellation=True)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()

    def instance(self) -> Instance:
        return Instance(f"{self.name}-pod", "127.0.0.1", self.port)


def rule(*splits: tuple[RevisionKey, int], **kw: Any) -> RouteRule:
    return RouteRule("default", "hello", tuple(Split(k, p) for k, p in splits), **kw)


def publish(state: DataPlaneState, external: dict[str, RouteRule] | None = None,
            internal: dict[str, RouteRule] | None = None) -> None:
    state.publish_routes(RoutingTable(external=external or {}, internal=internal or {}))


@asynccontextmanager
async def gateway(state: DataPlaneState, on_cold: Any = None) -> AsyncIterator[Gateway]:
    gw = Gateway(state, on_cold=on_cold)
    await gw.start("127.0.0.1", 0, 0)
    try:
        yield gw
    finally:
        await gw.stop()


@asynccontextmanager
async def upstreams(*ups: Upstream) -> AsyncIterator[None]:
    for u in ups:
        await u.start()
    try:
        yield
    finally:
        for u in ups:
            await u.stop()


@asynccontextmanager
async def raw_upstream(
        handle: Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]) -> AsyncIterator[int]:
    """A hand-written HTTP server (for answers aiohttp will not give); yields its port."""
    writers: list[asyncio.StreamWriter] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writers.append(writer)
        try:
            await handle(reader, writer)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        for writer in writers:
            writer.close()
        await server.wait_closed()


async def simple_setup(state: DataPlaneState, up: Upstream, **revision: Any) -> None:
    r = rule((V1, 100))
    publish(state, {HOST: r}, {LOCAL: r, HOST: r})
    state.publish_revision(RevisionConfig(V1, **revision))
    state.endpoints.set(V1, (up.instance(),))


async def raw(port: int, data: bytes, until_close: bool = True, timeout: float = 10.0) -> bytes:
    """Send bytes on a fresh connection; read until the server closes (or the timeout)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(data)
    await writer.drain()
    chunks = []
    try:
        async with asyncio.timeout(timeout):
            while True:
                chunk = await reader.read(65536)
                if not chunk:
                    break
                chunks.append(chunk)
    except TimeoutError:
        if until_close:
            raise
    finally:
        await closed(writer)
    return b"".join(chunks)


async def closed(writer: asyncio.StreamWriter) -> None:
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()


def curl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["curl", "-sS", "--max-time", "20", *args], capture_output=True, text=True,
                          timeout=30)


needs_curl = pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")


# -- routing -----------------------------------------------------------------------------------
async def test_routes_by_host_on_each_listener() -> None:
    state = DataPlaneState()
    up, private = Upstream(name="public"), Upstream(name="private")
    async with upstreams(up, private), gateway(state) as gw:
        pv = RevisionKey("default", "private-00001")
        publish(state, {HOST: rule((V1, 100))},
                {LOCAL: rule((V1, 100)), "private.default.svc.cluster.local": rule((pv, 100)),
                 "private.default.svc": rule((pv, 100)), "private.default": rule((pv, 100))})
        state.endpoints.set(V1, (up.instance(),))
        state.endpoints.set(pv, (private.instance(),))
        external = ext(gw, "/x")
        internal = f"http://127.0.0.1:{gw.internal_port}/x"
        async with aiohttp.ClientSession() as s:
            async with s.get(external, headers=H) as r:
                assert (r.status, await r.text()) == (200, "public /x 0")
            # port stripped, case-insensitive
            async with s.get(external, headers={"Host": "Hello.Default.Example.COM:8080"}) as r:
                assert r.status == 200
            # cluster-local names: internal listener only
            for host in ("private.default.svc.cluster.local", "private.default.svc", "private.default"):
                async with s.get(internal, headers={"Host": host}) as r:
                    assert (r.status, await r.text()) == (200, "private /x 0")
                async with s.get(external, headers={"Host": host}) as r:
                    assert r.status == 404
            # the external host is not answered internally unless the table has its twin
            async with s.get(internal, headers=H) as r:
                assert r.status == 404


async def test_unknown_host_is_404_naming_the_host() -> None:
    state = DataPlaneState()
    publish(state, {HOST: rule((V1, 100))})
    async with gateway(state) as gw, aiohttp.ClientSession() as s:
        async with s.get(ext(gw), headers={"Host": "x.default.example.com:80"}) as r:
            assert r.status == 404
            assert await r.text() == 'no route for host "x.default.example.com"\n'
        # and the connection stays usable
        async with s.post(ext(gw), data=b"abc",
                          headers={"Host": "y.default.example.com"}) as r:
            assert r.status == 404
            assert "y.default.example.com" in await r.text()


async def test_absolute_form_on_the_internal_listener() -> None:
    state = DataPlaneState()
    up = Upstream()
    async with upstreams(up), gateway(state) as gw:
        await simple_setup(state, up)
        req = (f"GET http://{LOCAL}/path?q=1 HTTP/1.1\r\nHost: {LOCAL}\r\nProxy-Connection: keep-alive\r\n"
               "Connection: close\r\n\r\n").encode()
        data = await raw(gw.internal_port, req)
        assert data.startswith(b"HTTP/1.1 200 OK")
        assert data.endswith(b"v1 /path?q=1 0")
        seen = up.requests[-1]
        assert seen.path_qs == "/path?q=1"
        assert seen.host == LOCAL
        assert "Proxy-Connection" not in seen.headers


@needs_curl
async def test_curl_through_both_listeners() -> None:
    state = DataPlaneState()
    up = Upstream()
    async with upstreams(up), gateway(state) as gw:
        await simple_setup(state, up)
        out = await asyncio.to_thread(curl, "-H", f"Host: {HOST}", f"http://127.0.0.1:{gw.external_port}/a")
        assert out.stdout == "v1 /a 0", out.stderr
        # as an app inside knlite reaches other services: the internal gateway as HTTP proxy
        proxy = f"http://127.0.0.1:{gw.internal_port}"
        out = await asyncio.to_thread(curl, "-x", proxy, f"http://{LOCAL}/b?c=d")
        assert out.stdout == "v1 /b?c=d 0", out.stderr
        out = await asyncio.to_thread(curl, "-i", "-H", "Host: nope.example.com", ext(gw))
        assert out.stdout.startswith("HTTP/1.1 404")
        assert out.stdout.endswith('no route for host "nope.example.com"\n')


async def test_weighted_split_is_random_per_request() -> None:
    random.seed(20240601)
    state = DataPlaneState()
    a, b = Upstream(name="a"), Upstream(name="b")
    async with upstreams(a, b), gateway(state) as gw:
        publish(state, {HOST: rule((V1, 10), (V2, 90))})
        state.endpoints.set(V1, (a.instance(),))
        state.endpoints.set(V2, (b.instance(),))
        counts = {"a": 0, "b": 0}
        conn = aiohttp.TCPConnector(limit=8)
        async with aiohttp.ClientSession(connector=conn) as s:
            async def one() -> None:
                async with s.get(ext(gw), headers=H) as r:
                    counts[(await r.text()).split()[0]] += 1

            for _ in range(10):
                await asyncio.gather(*(one() for _ in range(100)))
        assert sum(counts.values()) == 1000
        assert abs(counts["a"] / 10 - 10) <= 3, counts
        # and 20/70/10 over three revisions
        v3 = RevisionKey("default", "hello-00003")
        c = Upstream(name="c")
        async with upstreams(c):
            publish(state, {HOST: rule((V1, 20), (V2, 70), (v3, 10))})
            state.endpoints.set(v3, (c.instance(),))
            counts = {"a": 0, "b": 0, "c": 0}
            async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=8)) as s:
                async def two() -> None:
                    async with s.get(ext(gw), headers=H) as r:
                        counts[(await r.text()).split()[0]] += 1

                for _ in range(10):
                    await asyncio.gather(*(two() for _ in range(100)))
        assert abs(counts["a"] / 10 - 20) <= 3, counts
        assert abs(counts["b"] / 10 - 70) <= 3, counts
        assert abs(counts["c"] / 10 - 10) <= 3, counts


async def test_tag_host_and_rewrite_host() -> None:
    state = DataPlaneState()
    a, b = Upstream(name="a"), Upstream(name="b")
    async with upstreams(a, b), gateway(state) as gw:
        publish(state, {
            HOST: rule((V1, 50), (V2, 50)),
            "staging-hello.default.example.com": rule((V2, 100), tag="staging"),
            "hello.icloud2native.com": rule((V1, 100), rewrite_host=LOCAL),
        })
        state.endpoints.set(V1, (a.instance(),))
        state.endpoints.set(V2, (b.instance(),))
        url = ext(gw)
        async with aiohttp.ClientSession() as s:
            for _ in range(30):
                async with s.get(url, headers={"Host": "staging-hello.default.example.com"}) as r:
                    assert (await r.text()).startswith("b ")
            async with s.get(url, headers={"Host": "hello.icloud2native.com"}) as r:
                assert (await r.text()).startswith("a ")
        assert a.requests[-1].host == LOCAL


async def test_forwarding_headers_and_stripped_headers() -> None:
    state = DataPlaneState()
    up = Upstream()
    async with upstreams(up), gateway(state) as gw, aiohttp.ClientSession() as s:
        await simple_setup(state, up)

        async def seen(**headers: str) -> Any:
            async with s.get(ext(gw), headers={"Host": HOST, **headers}) as r:
                assert r.status == 200
            return up.requests[-1].headers

        h = await seen(**{"Knative-Serving-Revision": "evil", "Knative-Serving-Namespace": "evil",
                          "X-Custom": "kept", "Connection": "keep-alive"})
        assert h["X-Forwarded-For"] == "127.0.0.1"
        assert h["X-Forwarded-Proto"] == "http"
        assert h["Forwarded"] == "for=127.0.0.1;proto=http"
        assert h["X-Custom"] == "kept"
        assert "Knative-Serving-Revision" not in h and "Knative-Serving-Namespace" not in h
        assert "Connection" not in h

        h = await seen(**{"X-Forwarded-For": "10.0.0.1, 10.0.0.2", "X-Forwarded-Proto": "https"})
        assert h["X-Forwarded-For"] == "10.0.0.1, 10.0.0.2, 127.0.0.1"
        assert h["X-Forwarded-Proto"] == "https"
        assert h["Forwarded"] == "for=10.0.0.1;proto=https, for=10.0.0.2, for=127.0.0.1"

        h = await seen(Forwarded="for=1.2.3.4")
        assert h.getall("Forwarded") == ["for=1.2.3.4"]


# -- failures and timeouts ---------------------------------------------------------------------
async def test_slow_first_byte_is_504_after_timeout_seconds() -> None:
    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(5)
        return web.Response(text="late")

    state = DataPlaneState()
    up = Upstream(slow)
    async with upstreams(up), gateway(state) as gw:
        await simple_setup(state, up, timeout_seconds=1)
        async with aiohttp.ClientSession() as s:
            t0 = time.monotonic()
            async with s.get(ext(gw), headers=H) as r:
                assert r.status == 504
                assert await r.text() == "request timeout\n"
            assert 0.9 <= time.monotonic() - t0 < 2.0


async def test_response_start_timeout_is_the_smaller_one() -> None:
    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(5)
        return web.Response(text="late")

    state = DataPlaneState()
    up = Upstream(slow)
    async with upstreams(up), gateway(state) as gw:
        await simple_setup(state, up, timeout_seconds=30, response_start_timeout_seconds=1)
        async with aiohttp.ClientSession() as s:
            t0 = time.monotonic()
            async with s.get(ext(gw), headers=H) as r:
                assert r.status == 504
            assert time.monotonic() - t0 < 2.0


async def test_started_response_is_not_cut_by_timeout_seconds() -> None:
    async def trickle(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse()
        await resp.prepare(request)
        for i in range(3):
            await resp.write(f"part{i}\n".encode())
            await asyncio.sleep(0.6)
        await resp.write_eof()
        return resp

    state = DataPlaneState()
    up = Upstream(trickle)
    async with upstreams(up), gateway(state) as gw:
        await simple_setup(state, up, timeout_seconds=1)
        async with aiohttp.ClientSession() as s, s.get(ext(gw), headers=H) as r:
            assert r.status == 200
            assert await r.text() == "part0\npart1\npart2\n"


async def test_idle_timeout_cuts_a_silent_response() -> None:
    async def stall(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse()
        await resp.prepare(request)
        await resp.write(b"first\n")
        await asyncio.sleep(5)
        return resp

    state = DataPlaneState()
    up = Upstream(stall)
    async with upstreams(up), gateway(state) as gw:
        await simple_setup(state, up, timeout_seconds=30, idle_timeout_seconds=1)
        async with aiohttp.ClientSession() as s:
            t0 = time.monotonic()
            async with s.get(ext(gw), headers=H) as r:
                assert r.status == 200
                with pytest.raises(aiohttp.ClientPayloadError):
                    await r.read()
            assert time.monotonic() - t0 < 3.0


async def test_refused_upstream_is_502_with_the_error() -> None:
    state = DataPlaneState()
    async with gateway(state) as gw:
        r1 = rule((V1, 100))
        publish(state, {HOST: r1})
        dead = Upstream()
        await dead.start()
        port = dead.port
        await dead.stop()
        state.endpoints.set(V1, (Instance("gone", "127.0.0.1", port),))
        async with aiohttp.ClientSession() as s, s.get(ext(gw), headers=H) as r:
            assert r.status == 502
            assert await r.text() == f"dial tcp 127.0.0.1:{port}: connect: connection refused\n"


async def test_upstream_closing_without_answer_is_502() -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")

    state = DataPlaneState()
    async with raw_upstream(handle) as port, gateway(state) as gw:
        publish(state, {HOST: rule((V1, 100))})
        state.endpoints.set(V1, (Instance("p", "127.0.0.1", port),))
        async with aiohttp.ClientSession() as s, s.get(ext(gw), headers=H) as r:
            assert r.status == 502
            assert await r.text() == "EOF\n"


async def test_failed_revision_is_503_with_reason() -> None:
    state = DataPlaneState()
    cold: list[RevisionKey] = []
    async with gateway(state, on_cold=cold.append) as gw:
        publish(state, {HOST: rule((V1, 100))})
        state.publish_revision(RevisionConfig(V1, failed_reason="ExitCode1",
                                              failed_message="Container failed with: boom"))
        async with aiohttp.ClientSession() as s, s.get(ext(gw), headers=H) as r:
            assert r.status == 503
            assert await r.text() == "ExitCode1: Container failed with: boom\n"
        assert cold == []


async def test_request_is_held_until_an_instance_is_ready() -> None:
    state = DataPlaneState()
    up = Upstream()
    cold: list[RevisionKey] = []
    async with upstreams(up), gateway(state, on_cold=cold.append) as gw:
        publish(state, {HOST: rule((V1, 100))})
        state.publish_revision(RevisionConfig(V1, timeout_seconds=10))

        async def become_ready() -> None:
            await asyncio.sleep(0.5)
            state.endpoints.set(V1, (up.instance(),))

        async with aiohttp.ClientSession() as s:
            t0 = time.monotonic()
            ready = asyncio.create_task(become_ready())
            async with s.post(f"http://127.0.0.1:{gw.external_port}/held", data=b"payload",
                              headers=H) as r:
                assert (r.status, await r.text()) == (200, "v1 /held 7")
            assert time.monotonic() - t0 >= 0.45
            await ready
        assert cold == [V1]


async def test_held_request_ends_at_the_deadline_or_when_the_revision_fails() -> None:
    state = DataPlaneState()
    async with gateway(state, on_cold=lambda key: None) as gw:
        publish(state, {HOST: rule((V1, 100))})
        state.publish_revision(RevisionConfig(V1, timeout_seconds=1))
        url = ext(gw)
        async with aiohttp.ClientSession() as s:
            t0 = time.monotonic()
            async with s.get(url, headers=H) as r:
                assert (r.status, await r.text()) == (504, "request timeout\n")
            assert 0.9 <= time.monotonic() - t0 < 2.0

            state.publish_revision(RevisionConfig(V1, timeout_seconds=30))

            async def fail() -> None:
                await asyncio.sleep(0.3)
                state.publish_revision(RevisionConfig(V1, timeout_seconds=30, failed_reason="ImagePullBackOff",
                                                      failed_message='image "nope" not found'))

            t0 = time.monotonic()
            failing = asyncio.create_task(fail())
            async with s.get(url, headers=H) as r:
                assert r.status == 503
                assert await r.text() == 'ImagePullBackOff: image "nope" not found\n'
            assert time.monotonic() - t0 < 2.0
            await failing


# -- bodies, framing, keep-alive ---------------------------------------------------------------
async def test_keep_alive_reuses_upstream_connections() -> None:
    state = DataPlaneState()
    up = Upstream()
    async with upstreams(up), gateway(state) as gw:
        await simple_setup(state, up)
        url = ext(gw)
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=1)) as s:
            for _ in range(50):
                async with s.get(url, headers=H) as r:
                    assert r.status == 200
                    await r.read()
        assert len(up.requests) == 50
        assert len(up.peers) == 1
        # four clients at once need at most four upstream connections, reused afterwards
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=4)) as s:
            async def one() -> None:
                async with s.get(url, headers=H) as r:
                    await r.read()

            for _ in range(10):
                await asyncio.gather(*(one() for _ in range(4)))
        assert len(up.peers) <= 5


async def test_stale_pooled_connection_is_retried_once() -> None:
    """An instance that closes a kept-alive connection just as a request arrives on it."""
    connections = 0

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        await writer.drain()
        await reader.readuntil(b"\r\n\r\n")  # the second request on this connection: dropped

    state = DataPlaneState()
    async with raw_upstream(handle) as port, gateway(state) as gw:
        publish(state, {HOST: rule((V1, 100))})
        state.endpoints.set(V1, (Instance("p", "127.0.0.1", port),))
        async with aiohttp.ClientSession() as s:
            for _ in range(3):
                async with s.get(ext(gw), headers=H) as r:
                    assert (r.status, await r.text()) == (200, "ok")
    assert connections == 3


async def test_head_204_and_304_keep_the_connection_in_step() -> None:
    async def handle(request: web.Request) -> web.StreamResponse:
        if request.path == "/204":
            return web.Response(status=204)
        if request.path == "/304":
            return web.Response(status=304, headers={"ETag": '"x"'})
        return web.Response(body=b"x" * 1234)

    state = DataPlaneState()
    up = Upstream(handle)
    async with upstreams(up), gateway(state) as gw:
        await simple_setup(state, up)
        h = f"Host: {HOST}\r\n"
        reader, writer = await asyncio.open_connection("127.0.0.1", gw.external_port)
        try:
            for path in ("HEAD /big", "GET /204", "GET /304", "HEAD /big", "GET /big"):
                req = f"{path} HTTP/1.1\r\n{h}\r\n".encode()
                writer.write(req)
                head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
                status = int(head.split()[1])
                assert status == {"/204": 204, "/304": 304}.get(path.split()[1], 200), head
                if path == "GET /big":
                    assert b"Content-Length: 1234" in head
                    assert await asyncio.wait_for(reader.readexactly(1234), 5) == b"x" * 1234
            # nothing extra is pending on the connection
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(reader.read(1), 0.3)
        finally:
            await closed(writer)
        assert len(up.peers) == 1


async def test_chunked_both_ways() -> None:
    async def echo(request: web.Request) -> web.StreamResponse:
        if request.headers.get("Transfer-Encoding") != "chunked":
            return web.Response(status=400, text="not chunked")
        resp = web.StreamResponse()
        resp.enable_chunked_encoding()
        await resp.prepare(request)
        async for chunk in request.content.iter_any():
            await resp.write(chunk.upper())
        await resp.write_eof()
        return resp

    state = DataPlaneState()
    up = Upstream(echo)
    async with upstreams(up), gateway(state) as gw:
        await simple_setup(state, up)

        async def body() -> AsyncIterator[bytes]:
            for i in range(20):
                yield f"chunk-{i};".encode()
                await asyncio.sleep(0.01)

        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=1)) as s:
            async with s.post(ext(gw), data=body(), headers=H) as r:
                assert r.headers["Transfer-Encoding"] == "chunked"
                assert await r.text() == "".join(f"CHUNK-{i};" for i in range(20))
            # the connections are still in step afterwards
            async with s.get(ext(gw), headers=H) as r:
                assert (r.status, await r.text()) == (400, "not chunked")
        # raw: a chunked request with extensions and trailers, answered chunked
        req = (f"POST / HTTP/1.1\r\nHost: {HOST}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
               "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: t\r\n\r\n").encode()
        data = await raw(gw.external_port, req)
        assert data.startswith(b"HTTP/1.1 200 OK")
        assert data.endswith(b"5\r\nABCDE\r\n0\r\n\r\n")


async def test_close_delimited_response_and_connection_close() -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end")
        await writer.drain()

    state = DataPlaneState()
    async with raw_upstream(handle) as port, gateway(state) as gw:
        publish(state, {HOST: rule((V1, 100))})
        state.endpoints.set(V1, (Instance("p", "127.0.0.1", port),))
        data = await raw(gw.external_port, f"GET / HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())
        assert data.startswith(b"HTTP/1.1 200 OK")
        assert data.endswith(b"\r\n\r\nuntil the end")


async def test_expect_100_continue_is_passed_through() -> None:
    state = DataPlaneState()
    up = Upstream()
    async with upstreams(up), gateway(state) as gw:
        await simple_setup(state, up)
        reader, writer = await asyncio.open_connection("127.0.0.1", gw.external_port)
        try:
            writer.write(f"POST /e HTTP/1.1\r\nHost: {HOST}\r\nContent-Length: 5\r\n"
                         "Expect: 100-continue\r\n\r\n".encode())
            interim = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
            assert interim.startswith(b"HTTP/1.1 100 Continue")
            writer.write(b"hello")
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
            assert head.startswith(b"HTTP/1.1 200 OK")
            n = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
            assert await reader.readexactly(n) == b"v1 /e 5"
        finally:
            await closed(writer)


async def test_http10_and_half_closed_clients() -> None:
    state = DataPlaneState()
    up = Upstream()
    async with upstreams(up), gateway(state) as gw:
        await simple_setup(state, up)
        data = await raw(gw.external_port, f"GET /old HTTP/1.0\r\nHost: {HOST}\r\n\r\n".encode())
        assert data.startswith(b"HTTP/1.0 200 OK") or data.startswith(b"HTTP/1.1 200 OK")
        assert data.endswith(b"v1 /old 0")
        # a client that shuts down its side after sending the request still gets the answer
        reader, writer = await asyncio.open_connection("127.0.0.1", gw.external_port)
        writer.write(f"GET /half HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())
        writer.write_eof()
        data = await asyncio.wait_for(reader.read(), 5)
        await closed(writer)
        assert data.startswith(b"HTTP/1.1 200 OK")
        assert data.endswith(b"v1 /half 0")


async def test_pipelined_requests_are_never_mixed_up() -> None:
    state = DataPlaneState()
    up = Upstream()
    async with upstreams(up), gateway(state) as gw:
        await simple_setup(state, up)
        one = f"GET /one HTTP/1.1\r\nHost: {HOST}\r\n\r\n"
        two = f"GET /two HTTP/1.1\r\nHost: {HOST}\r\n\r\n"
        data = await raw(gw.external_port, (one + two).encode())
        responses = data.split(b"HTTP/1.1 ")[1:]
        assert 1 <= len(responses) <= 2
        assert responses[0].endswith(b"v1 /one 0")
        if len(responses) == 2:
            assert responses[1].endswith(b"v1 /two 0")


async def test_websocket_upgrade_is_tunnelled() -> None:
    async def ws(request: web.Request) -> web.StreamResponse:
        sock = web.WebSocketResponse()
        await sock.prepare(request)
        async for msg in sock:
            await sock.send_str(f"echo {msg.data}")
        return sock

    state = DataPlaneState()
    up = Upstream(ws)
    async with upstreams(up), gateway(state) as gw:
        await simple_setup(state, up)
        async with aiohttp.ClientSession() as s, \
                s.ws_connect(f"http://127.0.0.1:{gw.external_port}/ws", headers=H) as sock:
            for word in ("a", "b"):
                await sock.send_str(word)
                msg = await sock.receive(timeout=5)
                assert msg.data == f"echo {word}"


# -- streaming with flow control ---------------------------------------------------------------
MB = 1024 * 1024


async def test_50mb_upload_streams_without_buffering() -> None:
    async def sink(request: web.Request) -> web.Response:
        total = 0
        async for chunk in request.content.iter_chunked(64 * 1024):
            total += len(chunk)
            await asyncio.sleep(0.0005)  # a slow reader: the gateway must hold the client back
        return web.Response(text=str(total))

    state = DataPlaneState()
    up = Upstream(sink)
    async with upstreams(up), gateway(state) as gw:
        await simple_setup(state, up)
        block = b"u" * (256 * 1024)

        async def body() -> AsyncIterator[bytes]:
            for _ in range(200):  # 50 MiB
                yield block

        tracemalloc.start()
        try:
            headers = {"Host": HOST, "Content-Length": str(50 * MB)}
            async with aiohttp.ClientSession() as s, s.post(ext(gw), data=body(), headers=headers) as r:
                assert await r.text() == str(50 * MB)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert peak < 12 * MB, f"peak {peak / MB:.1f} MiB while streaming 50 MiB"


async def test_50mb_download_streams_without_buffering() -> None:
    block = b"d" * (256 * 1024)

    async def source(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Length": str(50 * MB)})
        await resp.prepare(request)
        for _ in range(200):
            await resp.write(block)
        await resp.write_eof()
        return resp

    state = DataPlaneState()
    up = Upstream(source)
    async with upstreams(up), gateway(state) as gw:
        await simple_setup(state, up)
        tracemalloc.start()
        try:
            total = 0
            async with aiohttp.ClientSession() as s, s.get(ext(gw), headers=H) as r:
                async for chunk in r.content.iter_chunked(64 * 1024):
                    total += len(chunk)
                    await asyncio.sleep(0.0005)  # a slow client: the instance must be held back
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert total == 50 * MB
        assert peak < 12 * MB, f"peak {peak / MB:.1f} MiB while streaming 50 MiB"


# -- the backend hook --------------------------------------------------------------------------
async def test_backend_counts_requests_in_flight() -> None:
    gate = asyncio.Event()

    async def wait(request: web.Request) -> web.Response:
        await gate.wait()
        return web.Response(text="done")

    state = DataPlaneState()
    up = Upstream(wait)
    async with upstreams(up), gateway(state) as gw:
        await simple_setup(state, up)
        async with aiohttp.ClientSession() as s:
            async def one() -> int:
                async with s.get(ext(gw), headers=H) as r:
                    await r.read()
                    return r.status

            tasks = [asyncio.create_task(one()) for _ in range(3)]
            for _ in range(100):
                if gw.backends.get(V1) is not None and gw.backends[V1].in_flight == 3:
                    break
                await asyncio.sleep(0.02)
            assert gw.backends[V1].in_flight == 3
            gate.set()
            assert await asyncio.gather(*tasks) == [200, 200, 200]
        assert gw.backends[V1].in_flight == 0
        assert gw.backends[V1].requests == 3


async def test_instances_come_and_go_and_stop_closes_everything() -> None:
    state = DataPlaneState()
    a, b = Upstream(name="a"), Upstream(name="b")
    async with upstreams(a, b):
        gw = Gateway(state)
        await gw.start("127.0.0.1", 0, 0)
        try:
            publish(state, {HOST: rule((V1, 100))})
            state.endpoints.set(V1, (a.instance(), b.instance()))
            async with aiohttp.ClientSession() as s:
                seen = set()
                for _ in range(40):
                    async with s.get(ext(gw), headers=H) as r:
                        seen.add((await r.text()).split()[0])
                assert seen == {"a", "b"}
                state.endpoints.set(V1, (b.instance(),))
                for _ in range(10):
                    async with s.get(ext(gw), headers=H) as r:
                        assert (await r.text()).startswith("b ")
                reader, writer = await asyncio.open_connection("127.0.0.1", gw.external_port)
                writer.write(f"GET / HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())
                await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
        finally:
            await gw.stop()
        # the kept-alive client connection was closed by stop()
        assert await asyncio.wait_for(reader.read(), 5) is not None
        assert reader.at_eof()
        await closed(writer)
        assert not gw.clients and not gw.backends
