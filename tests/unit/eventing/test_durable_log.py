"""The durable channels' event log on a real SQLite file: group commit, reopen, offsets, retention."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from knlite.eventing.channels.eventlog import FLAG_BASE64, EventLog, LogError

HEADERS = {"ce-specversion": "1.0", "ce-type": "t", "ce-source": "s", "content-type": "text/plain"}


@pytest.fixture
async def elog(tmp_path: Path) -> AsyncIterator[EventLog]:
    log = EventLog(tmp_path / "channels" / "log.db")
    await log.open()
    yield log
    await log.close()


async def append(log: EventLog, ch: Any, i: int, body: bytes = b"", flags: int = 0) -> int:
    return await log.append(ch, {**HEADERS, "ce-id": f"{i:04d}"}, {"X-Request-Id": f"r{i:04d}"},
                            body or f"e{i}".encode(), flags, None)


async def test_appends_survive_a_reopen(tmp_path: Path) -> None:
    path = tmp_path / "channels" / "log.db"
    log = EventLog(path)
    await log.open()
    ch = log.channel("uid-1", "default", "ch1")
    other = log.channel("uid-2", "default", "ch2")
    assert [await append(log, ch, i) for i in range(3)] == [1, 2, 3]
    assert await append(log, other, 9, b"\x00\xff", FLAG_BASE64) == 1
    log.set_offset(ch, "sub-a", 2)
    await log.close()
    assert oct(path.parent.stat().st_mode & 0o777) == "0o700"

    log = EventLog(path)
    await log.open()
    try:
        ch = log.channels["uid-1"]
        assert (ch.namespace, ch.name, ch.next_seq, ch.end, ch.first_seq) == ("default", "ch1", 4, 4, 1)
        assert ch.offsets == {"sub-a": 2}
        events = await log.read(ch, 2)
        assert [(e.seq, e.headers["ce-id"], e.passthrough, e.body) for e in events] == [
            (2, "0001", {"X-Request-Id": "r0001"}, b"e1"), (3, "0002", {"X-Request-Id": "r0002"}, b"e2")]
        (e,) = await log.read(log.channels["uid-2"], 1)
        assert (e.body, e.flags) == (b"\x00\xff", FLAG_BASE64)
        assert await append(log, ch, 3) == 4  # numbering goes on
    finally:
        await log.close()


async def test_reopen_without_close_recovers_the_channel_state(tmp_path: Path) -> None:
    """As after kill -9: appends never rewrite the channel's row, so opening recounts from the events."""
    path = tmp_path / "log.db"
    log = EventLog(path)
    await log.open()
    ch = log.channel("uid", "ns", "ch")
    for i in range(5):
        await append(log, ch, i, b"x" * 10)
    crashed = EventLog(path)  # a second opener sees only what is committed, as a restart would
    await crashed.open()
    try:
        got = crashed.channels["uid"]
        assert (got.next_seq, got.end, got.first_seq, got.bytes) == (6, 6, 1, ch.bytes)
    finally:
        await crashed.close()
        await log.close()


async def test_concurrent_appends_share_one_commit(elog: EventLog) -> None:
    ch = elog.channel("uid", "default", "ch")
    await append(elog, ch, 0)
    before = elog.commits
    seqs = await asyncio.gather(*(append(elog, ch, i) for i in range(1, 201)))
    assert sorted(seqs) == list(range(2, 202))
    assert elog.commits - before <= 2  # group commit: not one fsync per event


async def test_commit_callback_runs_before_the_senders_resume(elog: EventLog) -> None:
    ch = elog.channel("uid", "default", "ch")
    seen: list[tuple[int, Any]] = []
    ch.on_commit = seen.extend
    futs = [elog.append(ch, HEADERS, {}, b"x", 0, f"payload-{i}") for i in range(3)]
    await asyncio.sleep(0)
    assert not seen and not any(f.done() for f in futs)
    assert await futs[0] == 1
    assert seen == [(1, "payload-0"), (2, "payload-1"), (3, "payload-2")]


async def test_offsets_are_flushed_without_appends(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    log = EventLog(path)
    await log.open()
    ch = log.channel("uid", "ns", "ch")
    log.set_offset(ch, "a", 5)
    log.set_offset(ch, "b", 7)
    log.set_offset(ch, "a", 6)
    await asyncio.sleep(0.2)  # the delayed flush, not the one at close
    reader = EventLog(path)
    await reader.open()
    assert reader.channels["uid"].offsets == {"a": 6, "b": 7}
    await reader.close()
    log.drop_offset(ch, "b")
    await log.close()
    log = EventLog(path)
    await log.open()
    assert log.channels["uid"].offsets == {"a": 6}
    await log.close()


async def test_retention_by_size_deletes_the_oldest(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "log.db")
    await log.open()
    ch = log.channel("uid", "ns", "ch")
    for i in range(100):
        await append(log, ch, i, b"x" * 100)
    size = ch.bytes // 100
    ch.retention_bytes = size * 10 + size // 2
    await log.enforce_retention()
    assert ch.first_seq == 91 and ch.bytes == size * 10
    events = await log.read(ch, 1)
    assert [e.seq for e in events] == list(range(91, 101))
    await log.close()
    log = EventLog(tmp_path / "log.db")
    await log.open()
    ch = log.channels["uid"]
    assert (ch.first_seq, ch.next_seq, ch.bytes) == (91, 101, size * 10)
    await log.close()


async def test_retention_by_time(elog: EventLog) -> None:
    ch = elog.channel("uid", "ns", "ch")
    for i in range(5):
        await append(elog, ch, i)
    await asyncio.sleep(0.3)
    await append(elog, ch, 5)
    ch.retention_seconds = 0.2
    await elog.enforce_retention()
    assert ch.first_seq == 6
    assert [e.seq for e in await elog.read(ch, 1)] == [6]


async def test_an_overstated_byte_count_is_corrected_not_obeyed(elog: EventLog) -> None:
    ch = elog.channel("uid", "ns", "ch")
    for i in range(10):
        await append(elog, ch, i, b"x" * 100)
    real = ch.bytes
    ch.bytes = real * 5  # as if the count had drifted
    ch.retention_bytes = real * 2
    await elog.enforce_retention()
    assert (ch.first_seq, ch.bytes) == (1, real)
    assert len(await elog.read(ch, 1)) == 10


async def test_large_deletions_go_in_chunks(elog: EventLog, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("knlite.eventing.channels.eventlog.DELETE_CHUNK", 7)
    chunks = []
    real = elog._db.truncate

    def truncate(*args: Any) -> tuple[int, int]:
        chunks.append(args)
        return real(*args)

    monkeypatch.setattr(elog._db, "truncate", truncate)
    ch = elog.channel("uid", "ns", "ch")
    await asyncio.gather(*(append(elog, ch, i) for i in range(50)))
    ch.retention_bytes = 1  # smaller than one event: everything goes
    await elog.enforce_retention()
    assert (ch.first_seq, ch.bytes, len(chunks)) == (51, 0, 8)
    assert await elog.read(ch, 1) == []
    assert await append(elog, ch, 51) == 51


async def test_dropped_channel_is_deleted(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "log.db")
    await log.open()
    ch = log.channel("uid", "ns", "ch")
    keep = log.channel("uid2", "ns", "other")
    for i in range(20):
        await append(log, ch, i)
    await append(log, keep, 1)
    log.set_offset(ch, "a", 3)
    log.drop(ch)
    with pytest.raises(LogError, match="deleted"):
        await append(log, ch, 21)
    await log.enforce_retention()
    await log.close()
    log = EventLog(tmp_path / "log.db")
    await log.open()
    assert list(log.channels) == ["uid2"]
    new = log.channel("uid3", "ns", "ch")  # the same name again: a fresh log
    assert new.next_seq == 1 and await log.read(new, 1) == []
    await log.close()


async def test_a_failed_commit_fails_its_appends_and_leaves_a_gap(elog: EventLog,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    ch = elog.channel("uid", "ns", "ch")
    await append(elog, ch, 1)
    real = elog._db.commit
    calls = []

    def failing(batch: Any) -> None:
        calls.append(batch)
        if len(calls) == 1:
            raise OSError("disk full")
        real(batch)

    monkeypatch.setattr(elog._db, "commit", failing)
    with pytest.raises(LogError, match="disk full"):
        await append(elog, ch, 2)
    assert await append(elog, ch, 3) == 3
    assert [e.seq for e in await elog.read(ch, 1)] == [1, 3]


async def test_closed_log_refuses_appends(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "log.db")
    await log.open()
    ch = log.channel("uid", "ns", "ch")
    await log.close()
    with pytest.raises(LogError, match="closed"):
        await append(log, ch, 1)
