"""API throughput: create, get, list and watch of 1,000 objects, against a baseline in the same run.

The baseline is the floor any Python HTTPS API on this machine pays: an aiohttp server over TLS
that answers each request with a canned body — the very bytes knlite answered in the same run
(an object, the 1,000-object list, a watch event) — and stores nothing, driven by the same
client with the same concurrency. The ratio knlite/baseline is the cost of the API's
semantics (admission, validation, SQLite commit, watch fan-out) on top of HTTP itself.

    .venv/bin/python bench/api.py [--objects 1000] [--concurrency 8]

Writes bench/results/api.json and prints a table.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import ssl
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knlite.api.pki import PKI  # noqa: E402
from tests.harness import Knlite, free_port  # noqa: E402

CMS = "/api/v1/namespaces/default/configmaps"


def body(i: int) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": f"bench-{i}", "labels": {"bench": "yes"}},
            "data": {"index": str(i), "payload": "x" * 200}}


async def _run_ops(session: aiohttp.ClientSession, base: str, n: int, concurrency: int,
                   method: str, path_of: Any, body_of: Any) -> float:
    sem = asyncio.Semaphore(concurrency)

    async def one(i: int) -> None:
        async with sem:
            kwargs = {"json": body_of(i)} if body_of else {}
            async with session.request(method, base + path_of(i), **kwargs) as r:
                await r.read()
                if r.status >= 300:
                    raise RuntimeError(f"{method} {path_of(i)} -> {r.status}")

    t0 = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(n)))
    return time.perf_counter() - t0


async def measure(base: str, token: str, ctx: ssl.SSLContext, n: int, concurrency: int,
                  canned: dict[str, bytes] | None = None) -> dict[str, float]:
    headers = {"Authorization": f"Bearer {token}"}
    conn = aiohttp.TCPConnector(ssl=ctx, limit=concurrency)
    results: dict[str, float] = {}
    async with aiohttp.ClientSession(headers=headers, connector=conn) as s:
        # watch: open it first, then count events while creating
        received = 0
        done = asyncio.Event()

        async def watch() -> None:
            nonlocal received
            async with s.get(base + CMS + "?watch=true&labelSelector=bench%3Dyes",
                             timeout=aiohttp.ClientTimeout(total=None)) as r:
                async for _line in r.content:
                    received += 1
                    if received >= n:
                        done.set()
                        return

        watcher = asyncio.create_task(watch())
        await asyncio.sleep(0.2)
        t0 = time.perf_counter()
        create = await _run_ops(s, base, n, concurrency, "POST", lambda i: CMS, body)
        results["create_per_s"] = n / create
        await asyncio.wait_for(done.wait(), 60)
        results["watch_events_per_s"] = n / (time.perf_counter() - t0)
        watcher.cancel()
        get = await _run_ops(s, base, n, concurrency, "GET", lambda i: f"{CMS}/bench-{i}", None)
        results["get_per_s"] = n / get
        lists = 20
        t0 = time.perf_counter()
        for _ in range(lists):
            async with s.get(base + CMS + "?labelSelector=bench%3Dyes") as r:
                doc = await r.json()
                assert len(doc["items"]) >= n, len(doc.get("items", []))
        results["list_1000_per_s"] = lists / (time.perf_counter() - t0)
        if canned is not None:
            async with s.get(base + CMS + "/bench-0") as r:
                canned["object"] = await r.read()
            async with s.get(base + CMS + "?labelSelector=bench%3Dyes") as r:
                canned["list"] = await r.read()
    return results


async def baseline_server(port: int, ctx: ssl.SSLContext, n: int, canned: dict[str, bytes]) -> web.AppRunner:
    """The same routes, answering knlite's own bodies: HTTP + TLS + JSON, no API semantics."""
    one = canned["object"]
    many = canned["list"]

    async def write(request: web.Request) -> web.Response:
        await request.read()
        return web.Response(body=one, status=201, content_type="application/json")

    async def read(request: web.Request) -> web.StreamResponse:
        if request.query.get("watch"):
            resp = web.StreamResponse()
            await resp.prepare(request)
            for _ in range(n):
                await resp.write(b'{"type":"ADDED","object":' + one + b"}\n")
            return resp
        if request.match_info.get("name"):
            return web.Response(body=one, content_type="application/json")
        return web.Response(body=many, content_type="application/json")

    app = web.Application()
    app.router.add_post(CMS, write)
    app.router.add_get(CMS, read)
    app.router.add_get(CMS + "/{name}", read)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port, ssl_context=ctx).start()
    return runner


async def main_async(n: int, concurrency: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        k = Knlite(Path(tmp) / "state")
        k.start(log_level="warning")
        canned: dict[str, bytes] = {}
        try:
            knlite = await measure(k.api_url, k.token, k.ssl_context(), n, concurrency, canned)
        finally:
            k.stop()
        pki = PKI(Path(tmp) / "baseline")
        pki.ensure()
        port = free_port()
        runner = await baseline_server(port, pki.server_context(), n, canned)
        try:
            base = await measure(f"https://127.0.0.1:{port}", "x", pki.client_context(), n, concurrency)
        finally:
            await runner.cleanup()
    return {"knlite": knlite, "baseline": base, "ratio": {k: knlite[k] / base[k] for k in knlite}}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--objects", type=int, default=1000)
    p.add_argument("--concurrency", type=int, default=8)
    args = p.parse_args()
    res = asyncio.run(main_async(args.objects, args.concurrency))
    res["params"] = {"objects": args.objects, "concurrency": args.concurrency, "python": platform.python_version(),
                     "machine": platform.machine(), "date": time.strftime("%Y-%m-%d")}
    out = ROOT / "bench" / "results" / "api.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=2) + "\n")
    print(f"{'operation':<22}{'knlite/s':>12}{'baseline/s':>14}{'ratio':>8}")
    for key in res["knlite"]:
        print(f"{key:<22}{res['knlite'][key]:>12.0f}{res['baseline'][key]:>14.0f}{res['ratio'][key]:>8.2f}")
    print(f"written to {out}")


if __name__ == "__main__":
    main()
