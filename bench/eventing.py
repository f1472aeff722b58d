"""Event throughput and latency: broker ingress → trigger → subscriber, against a direct POST.

The subscriber is the same small HTTP server in both runs (a separate process, answering
200 with no body, recording when each event arrived); the load is the same client
(aiohttp, a fixed number of concurrent senders, binary-mode CloudEvents). The baseline posts
straight to the subscriber; the measured path posts to knlite's broker ingress through the
internal gateway, as a client pod would, and the event travels the trigger channel, the
trigger filter and the dispatcher to the subscriber. Reported: events per second arriving
at the subscriber and p50/p99 latency from send to arrival, and the ratio
knlite/direct (target: throughput at least 0.5).

    .venv/bin/python bench/eventing.py [--events 4000] [--concurrency 32]

Writes bench/results/eventing.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.harness import Knlite, free_port  # noqa: E402

INGRESS_HOST = "broker-ingress.knative-eventing.svc.cluster.local"


# -- the subscriber (run as a separate process) -------------------------------------------------


def run_subscriber(port: int, out: str) -> None:
    from aiohttp import web

    arrivals: list[tuple[str, float, float]] = []

    async def handle(request: web.Request) -> web.Response:
        body = await request.read()
        now = time.time()
        sent = json.loads(body)["sent"]
        arrivals.append((request.headers.get("ce-id", ""), sent, now))
        return web.Response(status=200)

    async def dump(request: web.Request) -> web.Response:
        Path(out).write_text(json.dumps(arrivals))
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/", handle)
    app.router.add_get("/dump", dump)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


# -- load ------------------------------------------------------------------------------------


async def send(url: str, host: str | None, n: int, concurrency: int, prefix: str) -> float:
    headers = {"Host": host} if host else {}
    conn = aiohttp.TCPConnector(limit=concurrency)
    counter = iter(range(n))
    async with aiohttp.ClientSession(connector=conn) as s:
        async def worker() -> None:
            for i in counter:
                h = {**headers, "ce-specversion": "1.0", "ce-id": f"{prefix}-{i}", "ce-source": "bench",
                     "ce-type": "bench.event", "content-type": "application/json"}
                async with s.post(url, data=json.dumps({"sent": time.time()}), headers=h) as r:
                    await r.read()
                    if r.status >= 300:
                        raise RuntimeError(f"{url} answered {r.status}")

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - t0


async def collect(sub_port: int, out: Path, n: int, prefix: str, timeout: float = 60) -> list[tuple[str, float, float]]:
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as s:
        while True:
            async with s.get(f"http://127.0.0.1:{sub_port}/dump") as r:
                await r.read()
            got = [a for a in json.loads(out.read_text()) if a[0].startswith(prefix)]
            if len(got) >= n or time.monotonic() > deadline:
                return got
            await asyncio.sleep(0.5)  # events still in flight


def summarize(arrivals: list[tuple[str, float, float]], n: int) -> dict[str, float]:
    lat = sorted((a - s) * 1000 for _, s, a in arrivals)
    first = min(s for _, s, _ in arrivals)
    last = max(a for _, _, a in arrivals)
    return {"events": len(arrivals), "lost": n - len(arrivals), "events_per_s": len(arrivals) / (last - first),
            "p50_ms": statistics.median(lat), "p99_ms": lat[int(len(lat) * 0.99) - 1]}


async def main_async(n: int, concurrency: int) -> dict[str, Any]:
    sub_port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "arrivals.json"
        out.write_text("[]")
        sub = subprocess.Popen([sys.executable, __file__, "--subscriber", str(sub_port), "--out", str(out)])
        k = Knlite(Path(tmp) / "state")
        try:
            k.start(log_level="warning")
            manifest = Path(tmp) / "m.yaml"
            manifest.write_text(f"""apiVersion: eventing.knative.dev/v1
kind: Broker
metadata: {{name: bench}}
---
apiVersion: eventing.knative.dev/v1
kind: Trigger
metadata: {{name: bench}}
spec:
  broker: bench
  filter: {{attributes: {{type: bench.event}}}}
  subscriber: {{uri: "http://127.0.0.1:{sub_port}/"}}
""")
            k.kubectl("apply", "-f", str(manifest)).check()
            k.kubectl("wait", "--for=condition=Ready", "trigger/bench", "--timeout=60s").check()
            await asyncio.sleep(0.5)
            # warm-up, then the two measured runs
            await send(f"http://127.0.0.1:{sub_port}/", None, 200, concurrency, "warm")
            await send(f"http://127.0.0.1:{k.internal_port}/default/bench", INGRESS_HOST, 200, concurrency, "warm")
            await asyncio.sleep(1.0)
            await collect(sub_port, out, 0, "none", 0)
            await send(f"http://127.0.0.1:{sub_port}/", None, n, concurrency, "direct")
            direct = summarize(await collect(sub_port, out, n, "direct"), n)
            await send(f"http://127.0.0.1:{k.internal_port}/default/bench", INGRESS_HOST, n, concurrency, "broker")
            broker = summarize(await collect(sub_port, out, n, "broker"), n)
        finally:
            k.stop()
            sub.send_signal(signal.SIGTERM)
            sub.wait(10)
    return {"direct": direct, "broker": broker,
            "ratio": {"throughput": broker["events_per_s"] / direct["events_per_s"],
                      "p50_added_ms": broker["p50_ms"] - direct["p50_ms"],
                      "p99_added_ms": broker["p99_ms"] - direct["p99_ms"]}}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--events", type=int, default=4000)
    p.add_argument("--concurrency", type=int, default=32)
    p.add_argument("--subscriber", type=int, help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.subscriber:
        run_subscriber(args.subscriber, args.out)
        return
    res = asyncio.run(main_async(args.events, args.concurrency))
    res["params"] = {"events": args.events, "concurrency": args.concurrency, "cpus": os.cpu_count(),
                     "python": platform.python_version(), "date": time.strftime("%Y-%m-%d")}
    dest = ROOT / "bench" / "results" / "eventing.json"
    dest.write_text(json.dumps(res, indent=2) + "\n")
    print(f"{'path':<10}{'events/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'lost':>6}")
    for key in ("direct", "broker"):
        r = res[key]
        print(f"{key:<10}{r['events_per_s']:>10.0f}{r['p50_ms']:>9.2f}{r['p99_ms']:>9.2f}{r['lost']:>6}")
    print(f"throughput ratio {res['ratio']['throughput']:.2f}; written to {dest}")


if __name__ == "__main__":
    main()
