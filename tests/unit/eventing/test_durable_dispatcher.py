"""SqliteChannel's data plane over a real log file and a scripted transport.

The transport records what each URL received, can hold deliveries behind a gate and
answers per URL and attempt; a "restart" is a second :class:`DurableDispatcher` on the same
directory after the first was stopped, as the daemon does.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from knlite.eventing import cloudevents as ce
from knlite.eventing.channels import durable
from knlite.eventing.channels.durable import DurableDispatcher, Record
from knlite.eventing.channels.eventlog import FLAG_BASE64, StoredEvent
from knlite.eventing.dataplane import ChannelInfo, ChannelKey, Subscriber
from knlite.eventing.delivery import Response
from knlite.eventing.handlers import ChannelUnavailable

SUB = "http://sub.example/"
DLS = "http://dls.example/"


class Features:
    def enabled(self, name: str) -> bool:
        return name == "delivery-timeout"


class Transport:
    def __init__(self, answer: Callable[[str, int], int] = lambda url, n: 200, delay: float = 0.0) -> None:
        self.answer = answer
        self.delay = delay
        self.gate: asyncio.Event | None = None
        self.hold: set[str] = set()  # ids that never get an answer
        self.received: list[tuple[str, str]] = []  # (url, ce-id), answered or not
        self.inflight = 0
        self.max_inflight = 0

    async def send(self, url: str, headers: Mapping[str, str], body: bytes, timeout: float | None) -> Response:
        self.inflight += 1
        self.max_inflight = max(self.max_inflight, self.inflight)
        try:
            if self.gate is not None:
                await self.gate.wait()
            if headers["ce-id"] in self.hold:
                await asyncio.Event().wait()
            if self.delay:
                await asyncio.sleep(self.delay)
            n = sum(1 for u, _ in self.received if u == url)
            self.received.append((url, headers["ce-id"]))
            return Response(self.answer(url, n), {}, b"")
        finally:
            self.inflight -= 1

    def ids(self, url: str = SUB) -> list[str]:
        return [i for u, i in self.received if u == url]

    async def wait(self, n: int, url: str = SUB, timeout: float = 5.0) -> list[str]:
        for _ in range(int(timeout / 0.01)):
            if len(self.ids(url)) >= n:
                return self.ids(url)
            await asyncio.sleep(0.01)
        raise AssertionError(f"{len(self.ids(url))} of {n} deliveries to {url}: {self.ids(url)}")


def sub(uid: str = "sub-1", delivery: dict[str, Any] | None = None, dls: str | None = None) -> Subscriber:
    return Subscriber(uid, 1, SUB, None, dls, delivery)


def info(*subs: Subscriber, parallelism: int = 32, uid: str = "ch-uid") -> ChannelInfo:
    return ChannelInfo(ChannelKey("default", "ch", "SqliteChannel"), ("ch-kn-channel.default.svc.cluster.local",),
                       subs, {"parallelism": parallelism}, uid)


def event(i: int, data: bytes = b"{}") -> Any:
    return ce.parse({"ce-specversion": "1.0", "ce-id": str(i), "ce-type": "t", "ce-source": "s",
                     "content-type": "application/json"}, data)


async def started(tmp_path: Path, transport: Transport) -> DurableDispatcher:
    d = DurableDispatcher(tmp_path / "channels", transport, Features)
    await d.start()
    return d


async def publish(d: DurableDispatcher, ch: ChannelInfo, *ids: int) -> None:
    for i in ids:
        await d.publish(ch, event(i), {"X-Request-Id": f"req-{i}"})


async def test_parallelism_1_delivers_strictly_in_order(tmp_path: Path) -> None:
    t = Transport(delay=0.005)
    d = await started(tmp_path, t)
    ch = info(sub(), parallelism=1)
    d.update(ch)
    await asyncio.gather(*(d.publish(ch, event(i), {}) for i in range(20)))
    assert await t.wait(20) == [str(i) for i in range(20)]
    assert t.max_inflight == 1
    await d.stop()


async def test_parallelism_bounds_deliveries_in_flight(tmp_path: Path) -> None:
    t = Transport()
    t.gate = asyncio.Event()
    d = await started(tmp_path, t)
    ch = info(sub(), parallelism=3)
    d.update(ch)
    await publish(d, ch, *range(10))
    await asyncio.sleep(0.1)
    assert (t.inflight, t.max_inflight) == (3, 3)
    t.gate.set()
    assert sorted(await t.wait(10), key=int) == [str(i) for i in range(10)]
    assert t.max_inflight == 3
    await d.stop()


async def test_passthrough_headers_and_namespace_reach_the_subscriber(tmp_path: Path) -> None:
    seen: list[Mapping[str, str]] = []
    t = Transport()
    real = t.send

    async def send(url: str, headers: Mapping[str, str], body: bytes, timeout: float | None) -> Response:
        seen.append(headers)
        return await real(url, headers, body, timeout)

    t.send = send  # type: ignore[method-assign]
    d = await started(tmp_path, t)
    ch = info(sub())
    d.update(ch)
    await publish(d, ch, 7)
    await t.wait(1)
    assert seen[0]["X-Request-Id"] == "req-7" and seen[0]["Kn-Namespace"] == "default"
    assert seen[0]["ce-id"] == "7" and seen[0]["Prefer"] == "reply"
    await d.stop()


async def test_offset_moves_after_retries_and_a_restart_resends_nothing(tmp_path: Path) -> None:
    t = Transport(lambda url, n: 503 if n < 2 else 200)  # the first event fails twice
    d = await started(tmp_path, t)
    ch = info(sub(delivery={"retry": 3}))
    d.update(ch)
    await publish(d, ch, 1, 2)
    assert await t.wait(4) == ["1", "1", "1", "2"]
    await asyncio.sleep(0.1)  # the offset flush
    await d.stop()

    t2 = Transport()
    d2 = await started(tmp_path, t2)
    d2.update(ch)
    await asyncio.sleep(0.2)
    assert t2.received == []
    await publish(d2, ch, 3)
    assert await t2.wait(1) == ["3"]
    await d2.stop()


async def test_unfinished_deliveries_are_resent_after_a_restart(tmp_path: Path) -> None:
    t = Transport()
    t.gate = asyncio.Event()  # the subscriber never answers
    d = await started(tmp_path, t)
    ch = info(sub(), parallelism=2)
    d.update(ch)
    await publish(d, ch, *range(5))
    await asyncio.sleep(0.05)
    await d.stop()  # cancels the two in flight: not finished, not acknowledged

    t2 = Transport()
    d2 = await started(tmp_path, t2)
    d2.update(ch)
    assert sorted(await t2.wait(5), key=int) == ["0", "1", "2", "3", "4"]
    await d2.stop()


async def test_offset_waits_for_the_oldest_unfinished_delivery(tmp_path: Path) -> None:
    t = Transport()
    t.hold = {"2"}  # the second event hangs; the ones around it are delivered
    d = await started(tmp_path, t)
    ch = info(sub(), parallelism=4)
    d.update(ch)
    await asyncio.gather(*(publish(d, ch, i) for i in (1, 2, 3)))  # one commit: all three in flight at once
    assert await t.wait(2) == ["1", "3"]
    await asyncio.sleep(0.1)
    await d.stop()
    t2 = Transport()
    d2 = await started(tmp_path, t2)
    d2.update(ch)
    assert sorted(await t2.wait(2)) == ["2", "3"]  # 2 was never finished: resent, with what followed
    await d2.stop()


async def test_dead_lettered_and_dropped_events_count_as_finished(tmp_path: Path) -> None:
    t = Transport(lambda url, n: 200 if url == DLS else 500)
    d = await started(tmp_path, t)
    ch = info(sub("with-dls", {"retry": 1}, DLS), Subscriber("no-dls", 1, SUB + "x", None, None, None))
    d.update(ch)
    await publish(d, ch, 1)
    assert await t.wait(1, DLS) == ["1"]
    assert await t.wait(1, SUB + "x") == ["1"]
    assert t.ids() == ["1", "1"]  # first attempt and one retry
    await asyncio.sleep(0.1)
    await d.stop()
    t2 = Transport()
    d2 = await started(tmp_path, t2)
    d2.update(ch)
    await asyncio.sleep(0.2)
    assert t2.received == []
    await d2.stop()


async def test_a_new_subscriber_starts_at_the_end(tmp_path: Path) -> None:
    t = Transport()
    d = await started(tmp_path, t)
    d.update(info())
    await publish(d, info(), 1, 2, 3)  # stored, nobody to deliver to
    d.update(info(sub()))
    await publish(d, info(), 4)
    assert await t.wait(1) == ["4"]
    d.update(info(sub(), sub("late")))
    await publish(d, info(), 5)
    await t.wait(3)
    assert sorted(t.ids()) == ["4", "5", "5"]
    await d.stop()


async def test_a_new_subscribers_start_survives_a_crash_before_its_first_event(tmp_path: Path) -> None:
    t = Transport()
    t.gate = asyncio.Event()
    d = await started(tmp_path, t)
    d.update(info(sub()))
    await publish(d, info(), 1)  # 202: the subscriber's start offset is stored with it
    await d.stop()
    t2 = Transport()
    d2 = await started(tmp_path, t2)
    d2.update(info(sub()))
    assert await t2.wait(1) == ["1"]
    await d2.stop()


async def test_a_lagging_subscriber_reads_the_log_from_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(durable, "TAIL_MAX_EVENTS", 5)
    monkeypatch.setattr(durable, "READ_BATCH", 4)
    t = Transport()
    t.gate = asyncio.Event()
    d = await started(tmp_path, t)
    ch = info(sub(), parallelism=1)
    d.update(ch)
    await publish(d, ch, *range(30))
    assert len(d._channels["ch-uid"].tail) <= 5
    t.gate.set()
    assert await t.wait(30) == [str(i) for i in range(30)]
    await d.stop()


async def test_removed_subscriber_stops_and_forgets_its_offset(tmp_path: Path) -> None:
    t = Transport()
    d = await started(tmp_path, t)
    d.update(info(sub("a"), sub("b")))
    await publish(d, info(), 1)
    await t.wait(2)
    d.update(info(sub("a")))
    await publish(d, info(), 2)
    await t.wait(3)
    await asyncio.sleep(0.1)
    assert t.ids() == ["1", "1", "2"]
    await d.stop()
    d2 = await started(tmp_path, Transport())
    assert d2.log.channels["ch-uid"].offsets == {"a": 3}
    await d2.stop()


async def test_deleted_channel_refuses_events_and_loses_its_log(tmp_path: Path) -> None:
    d = await started(tmp_path, Transport())
    ch = info(sub())
    d.update(ch)
    await publish(d, ch, 1)
    d.remove(ch.key)
    with pytest.raises(ChannelUnavailable):
        await publish(d, ch, 2)
    await d.log.enforce_retention()
    await d.stop()
    d2 = await started(tmp_path, Transport())
    assert d2.log.channels == {}
    await d2.stop()


async def test_a_recreated_channel_gets_a_fresh_log(tmp_path: Path) -> None:
    t = Transport()
    t.gate = asyncio.Event()
    d = await started(tmp_path, t)
    d.update(info(sub(), uid="old"))
    await publish(d, info(uid="old"), 1, 2)
    d.update(info(sub(), uid="new"))  # same name, new uid: the old log goes
    assert set(d.log.channels) == {"new"}
    await publish(d, info(uid="new"), 3)
    t.gate.set()
    await asyncio.sleep(0.1)
    assert "3" in t.ids() and "2" not in t.ids()
    await d.stop()


async def test_retain_deletes_logs_of_channels_that_are_gone(tmp_path: Path) -> None:
    d = await started(tmp_path, Transport())
    d.update(info(uid="kept"))
    await d.stop()
    d = await started(tmp_path, Transport())
    assert set(d.log.channels) == {"kept"}
    d.retain(["other"])
    assert d.log.channels == {}
    await d.stop()


async def test_stored_events_read_back_as_sent() -> None:
    stored = StoredEvent(4, 0, {"ce-specversion": "1.0", "ce-id": "x", "ce-type": "t", "ce-source": "s"},
                         {"X-B3-Traceid": "abc"}, b"\x01\x02", FLAG_BASE64)
    rec = Record.restore(stored)
    assert rec.seq == 4 and rec.passthrough == {"X-B3-Traceid": "abc"}
    assert isinstance(rec.event.data, ce.Base64Data) and rec.event["id"] == "x"
    broken = Record.restore(StoredEvent(5, 0, {"ce-id": "x"}, {}, b"", 0))
    assert broken.event is None


async def test_unknown_channel_is_unavailable(tmp_path: Path) -> None:
    d = await started(tmp_path, Transport())
    with pytest.raises(ChannelUnavailable, match="has no log"):
        await publish(d, info(), 1)
    await d.stop()
