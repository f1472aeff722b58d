"""The engine plumbing: background set-up calls and shared connections (no network)."""

from __future__ import annotations

import asyncio

import pytest

from knlite.eventing import engines
from knlite.eventing.engines import BackgroundOps, Connections, Outcome, Unavailable


async def test_background_call_answers_not_yet_then_its_outcome_and_wakes() -> None:
    ops = BackgroundOps("test")
    gate = asyncio.Event()
    calls: list[str] = []
    woken: list[str] = []

    async def work() -> None:
        calls.append("work")
        await gate.wait()

    assert ops.run("k", work, lambda: woken.append("a")) is None
    assert ops.run("k", work, lambda: woken.append("b")) is None  # the same call, not a second one
    await asyncio.sleep(0)
    gate.set()
    await asyncio.sleep(0.01)
    assert calls == ["work"] and sorted(woken) == ["a", "b"]
    assert ops.run("k", work, lambda: None) == Outcome(True)
    await ops.stop()


async def test_failed_call_is_retried_only_after_retry_after() -> None:
    now = [100.0]
    ops = BackgroundOps("test", retry_after=5.0, clock=lambda: now[0])
    attempts = []

    async def fail() -> None:
        attempts.append(1)
        raise OSError("connection refused")

    assert ops.run("k", fail, lambda: None) is None
    await asyncio.sleep(0.01)
    assert ops.run("k", fail, lambda: None) == Outcome(False, "connection refused")
    now[0] += 4.9
    assert ops.run("k", fail, lambda: None) == Outcome(False, "connection refused")
    assert len(attempts) == 1
    now[0] += 0.2
    assert ops.run("k", fail, lambda: None) is None  # started afresh
    await asyncio.sleep(0.01)
    assert len(attempts) == 2
    ops.forget(lambda key: key == "k")
    assert ops.run("k", fail, lambda: None) is None
    await ops.stop()


class _Conn:
    def __init__(self, n: int) -> None:
        self.n = n
        self.open = True

    async def close(self) -> None:
        self.open = False


async def test_connections_share_one_attempt_remember_failures_and_reopen() -> None:
    now = [0.0]
    opened: list[_Conn] = []
    fail = [True]

    async def open_(target: str) -> _Conn:
        await asyncio.sleep(0)
        if fail[0]:
            raise ConnectionRefusedError("refused")
        opened.append(_Conn(len(opened)))
        return opened[-1]

    async def close(c: _Conn) -> None:
        await c.close()

    conns: Connections[str, _Conn] = Connections("Thing", open_, lambda c: c.open, close, lambda t: t.upper(),
                                                 retry_after=1.0, clock=lambda: now[0])
    results = await asyncio.gather(conns.get("a"), conns.get("a"), return_exceptions=True)
    assert all(isinstance(r, Unavailable) and str(r) == "cannot connect to Thing at A: refused" for r in results)
    fail[0] = False
    with pytest.raises(Unavailable, match="refused"):  # remembered: no new attempt yet
        await conns.get("a")
    now[0] += 1.5
    first, second = await asyncio.gather(conns.get("a"), conns.get("a"))
    assert first is second and len(opened) == 1
    assert await conns.get("a") is first
    first.open = False  # it closed: the next caller gets a new one
    assert (await conns.get("a")).n == 1
    await conns.close()
    assert not opened[1].open
    with pytest.raises(Unavailable, match="shutting down"):
        await conns.get("a")


def test_describe() -> None:
    assert engines.describe(OSError("boom")) == "boom"
    assert engines.describe(TimeoutError()) == "TimeoutError"
