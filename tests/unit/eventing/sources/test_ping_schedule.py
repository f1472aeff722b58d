"""PingSource scheduling and events: robfig's ``Next``, the tick store, the events sent.

The ``Next`` table is robfig/cron v3's own ``TestNext`` scenarios (seconds field, wrap-arounds,
day-of-month/day-of-week interplay, New York and São Paulo daylight-saving edges) plus the
five-field and descriptor forms PingSource users write. Scheduler tests drive
:meth:`PingScheduler.due` with an explicit clock, so nothing sleeps.
"""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from knlite.apis.sources import cron
from knlite.eventing import cloudevents as ce
from knlite.eventing.delivery import Response, TransportError
from knlite.eventing.sources import adapter
from knlite.eventing.sources.cron_schedule import next_fire
from knlite.eventing.sources.ping import (
    PingJob,
    PingScheduler,
    TickStore,
    effective_schedule,
    event_data,
    job_for,
    ping_event,
)

UTC = ZoneInfo("UTC")
NY = "America/New_York"


def at(text: str, zone: str = "UTC") -> float:
    """An instant from ISO text; a naive text is a wall time in ``zone``."""
    dt = datetime.fromisoformat(text)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=ZoneInfo(zone))
    return dt.timestamp()


def iso(ts: int | None, zone: str = "UTC") -> str | None:
    return None if ts is None else datetime.fromtimestamp(ts, ZoneInfo(zone)).isoformat()


# -- robfig's Next --------------------------------------------------------------------------------

NEXT = [
    # (after, schedule, expected, default zone)
    ("2012-07-09T14:45:00", "0 0/15 * * * *", "2012-07-09T15:00:00+00:00", "UTC"),
    ("2012-07-09T14:59:59", "0 0/15 * * * *", "2012-07-09T15:00:00+00:00", "UTC"),
    ("2012-07-09T15:45:00", "0 20-35/15 * * * *", "2012-07-09T16:20:00+00:00", "UTC"),
    ("2012-07-09T23:46:00", "0 */15 * * * *", "2012-07-10T00:00:00+00:00", "UTC"),
    ("2012-07-09T23:35:51", "15/35 20-35/15 * * * *", "2012-07-10T00:20:15+00:00", "UTC"),
    ("2012-07-09T23:35:51", "15/35 20-35/15 1/2 */2 * *", "2012-07-11T01:20:15+00:00", "UTC"),
    ("2012-07-09T23:35:51", "15/35 20-35/15 * 9-20 Jul *", "2012-07-10T00:20:15+00:00", "UTC"),
    ("2012-07-09T23:35:00", "0 0 0 9 Apr-Oct ?", "2012-08-09T00:00:00+00:00", "UTC"),
    ("2012-07-09T23:35:00", "0 0 0 */5 Apr,Aug,Oct Mon", "2012-08-01T00:00:00+00:00", "UTC"),  # dom OR dow
    ("2012-07-09T23:35:00", "0 0 0 * Feb Mon", "2013-02-04T00:00:00+00:00", "UTC"),  # dom * → AND
    ("2012-07-09T23:35:00", "0 0 0 * Feb Mon/2", "2013-02-01T00:00:00+00:00", "UTC"),
    ("2012-12-31T23:59:45", "0 * * * * *", "2013-01-01T00:00:00+00:00", "UTC"),
    ("2012-07-09T23:35:00", "0 0 0 29 Feb ?", "2016-02-29T00:00:00+00:00", "UTC"),
    ("2012-07-09T23:35:00", "0 0 0 30 Feb ?", None, "UTC"),
    ("2012-07-09T23:35:00", "0 0 0 31 Apr ?", None, "UTC"),
    # five fields, descriptors, the seconds field
    ("2024-01-01T00:00:30", "* * * * *", "2024-01-01T00:01:00+00:00", "UTC"),
    ("2024-01-01T00:00:30", "*/10 * * * * *", "2024-01-01T00:00:40+00:00", "UTC"),
    ("2024-01-01T00:00:30.9", "* * * * * *", "2024-01-01T00:00:31+00:00", "UTC"),
    ("2024-01-01T00:00:30", "@hourly", "2024-01-01T01:00:00+00:00", "UTC"),
    ("2024-01-01T00:00:30", "@daily", "2024-01-02T00:00:00+00:00", "UTC"),
    ("2024-01-01T00:00:30", "@midnight", "2024-01-02T00:00:00+00:00", "UTC"),
    ("2024-01-03T00:00:30", "@weekly", "2024-01-07T00:00:00+00:00", "UTC"),  # Sunday
    ("2024-01-03T00:00:30", "@monthly", "2024-02-01T00:00:00+00:00", "UTC"),
    ("2024-01-03T00:00:30", "@yearly", "2025-01-01T00:00:00+00:00", "UTC"),
    ("2024-01-03T00:00:30", "@annually", "2025-01-01T00:00:00+00:00", "UTC"),
    ("2024-01-01T00:00:30.5", "@every 90s", "2024-01-01T00:02:00+00:00", "UTC"),
    ("2024-01-01T00:00:30", "@every 100ms", "2024-01-01T00:00:31+00:00", "UTC"),  # at least 1 s
    ("2024-01-01T10:00:00", "0 9 * * mon-fri", "2024-01-02T09:00:00+00:00", "UTC"),
    # zones: CRON_TZ= / TZ= prefixes, and the default zone
    ("2024-01-01T00:00:00+00:00", "CRON_TZ=Europe/Paris 0 9 * * *", "2024-01-01T09:00:00+01:00", "UTC"),
    ("2023-12-31T20:00:00+00:00", "TZ=Asia/Tokyo 0 9 * * *", "2024-01-01T09:00:00+09:00", "UTC"),
    ("2024-01-01T00:00:00+00:00", "0 9 * * *", "2024-01-01T09:00:00-05:00", NY),
    # New York, spring forward (02:00 EST → 03:00 EDT on 2012-03-11)
    ("2012-03-11T00:00:00-05:00", f"TZ={NY} 0 30 2 11 Mar ?", "2013-03-11T02:30:00-04:00", "UTC"),
    ("2012-03-11T01:00:00-05:00", f"CRON_TZ={NY} 0 0 * * * ?", "2012-03-11T03:00:00-04:00", "UTC"),
    ("2012-03-11T01:00:00-05:00", f"TZ={NY} 0 0 1 * * ?", "2012-03-12T01:00:00-04:00", "UTC"),
    ("2012-03-11T00:00:00-05:00", f"TZ={NY} 0 0 2 * * ?", "2012-03-12T02:00:00-04:00", "UTC"),  # skipped
    # New York, fall back (02:00 EDT → 01:00 EST on 2012-11-04): 1am runs twice
    ("2012-11-04T00:00:00-04:00", f"TZ={NY} 0 30 2 04 Nov ?", "2012-11-04T02:30:00-05:00", "UTC"),
    ("2012-11-04T01:45:00-04:00", f"TZ={NY} 0 30 1 04 Nov ?", "2012-11-04T01:30:00-05:00", "UTC"),
    ("2012-11-04T01:00:00-04:00", f"TZ={NY} 0 0 * * * ?", "2012-11-04T01:00:00-05:00", "UTC"),
    ("2012-11-04T00:00:00-04:00", f"TZ={NY} 0 0 1 * * ?", "2012-11-04T01:00:00-04:00", "UTC"),
    ("2012-11-04T01:00:00-04:00", f"TZ={NY} 0 0 1 * * ?", "2012-11-04T01:00:00-05:00", "UTC"),
    ("2012-11-04T01:00:00-05:00", f"TZ={NY} 0 0 1 * * ?", "2012-11-05T01:00:00-05:00", "UTC"),
    ("2012-11-04T00:00:00-04:00", "0 0 3 3 * ?", "2012-12-03T03:00:00-05:00", NY),
    # São Paulo, where DST skipped midnight (robfig issue 157)
    ("2018-10-17T05:00:00-04:00", "TZ=America/Sao_Paulo 0 0 9 10 * ?", "2018-11-10T06:00:00-05:00", "UTC"),
    ("2018-02-14T05:00:00-05:00", "TZ=America/Sao_Paulo 0 0 9 22 * ?", "2018-02-22T07:00:00-05:00", "UTC"),
]


@pytest.mark.parametrize(("after", "schedule", "expected", "zone"), NEXT)
def test_next_fire(after: str, schedule: str, expected: str | None, zone: str) -> None:
    got = next_fire(cron.parse(schedule), at(after), zone)
    assert got == (None if expected is None else int(at(expected))), iso(got)


def ticks(schedule: str, start: str, n: int, zone: str = "UTC") -> list[str | None]:
    out: list[str | None] = []
    t: float = at(start)
    parsed = cron.parse(schedule)
    for _ in range(n):
        nxt = next_fire(parsed, t)
        out.append(iso(nxt, zone))
        if nxt is None:
            break
        t = nxt
    return out


def test_dst_paris_half_hourly_across_fall_back() -> None:
    """Every instant once: 02:00 and 02:30 happen in summer time, then again in winter time."""
    assert ticks("CRON_TZ=Europe/Paris */30 * * * *", "2024-10-26T23:10:00+00:00", 6, "Europe/Paris") == [
        "2024-10-27T01:30:00+02:00", "2024-10-27T02:00:00+02:00", "2024-10-27T02:30:00+02:00",
        "2024-10-27T02:00:00+01:00", "2024-10-27T02:30:00+01:00", "2024-10-27T03:00:00+01:00"]


def test_dst_paris_daily_0230_skips_the_missing_wall_time() -> None:
    assert ticks("CRON_TZ=Europe/Paris 30 2 * * *", "2024-03-30T00:00:00+00:00", 3, "Europe/Paris") == [
        "2024-03-30T02:30:00+01:00", "2024-04-01T02:30:00+02:00", "2024-04-02T02:30:00+02:00"]


def test_effective_schedule_prepends_the_timezone() -> None:
    assert effective_schedule({"schedule": "0 9 * * *", "timezone": "Europe/Paris"}) == \
        "CRON_TZ=Europe/Paris 0 9 * * *"
    assert effective_schedule({"schedule": "*/2 * * * *"}) == "*/2 * * * *"
    assert effective_schedule({}) == "* * * * *"


# -- events ----------------------------------------------------------------------------------------


def source(spec: dict[str, Any], name: str = "ping-00001", uid: str = "uid-1") -> dict[str, Any]:
    return {"apiVersion": "sources.knative.dev/v1", "kind": "PingSource",
            "metadata": {"name": name, "namespace": "default", "uid": uid}, "spec": spec}


SINK = "http://event-display.default.svc.cluster.local"


@pytest.mark.parametrize(("spec", "content_type", "body"), [
    ({"contentType": "application/json", "data": '{"message": "Hello Eventing!"}'},
     "application/json", b'{"message": "Hello Eventing!"}'),
    ({"data": "plain text, not JSON-encoded again"}, None, b"plain text, not JSON-encoded again"),
    ({"contentType": "text/plain", "data": "héllo"}, "text/plain", "héllo".encode()),
    ({"contentType": "application/octet-stream", "dataBase64": base64.b64encode(b"\x00\x01\xfe\xff").decode()},
     "application/octet-stream", b"\x00\x01\xfe\xff"),
    ({"contentType": "application/json", "dataBase64": "eyJtIjogMX0=\n"}, "application/json", b'{"m": 1}'),
    ({"contentType": "application/json"}, None, b""),  # no data: no body, no datacontenttype
    ({}, None, b""),
])
def test_ping_event_attributes_and_body(spec: dict[str, Any], content_type: str | None, body: bytes) -> None:
    job = job_for(source({"schedule": "* * * * *", **spec}), SINK)
    attrs, data = ping_event(job, at("2024-05-06T07:08:09.123456+00:00"), "id-1")
    headers, sent = ce.encode_binary(attrs, data)
    assert headers["ce-specversion"] == "1.0"
    assert headers["ce-type"] == "dev.knative.sources.ping"
    assert headers["ce-source"] == "/apis/v1/namespaces/default/pingsources/ping-00001"
    assert headers["ce-id"] == "id-1"
    assert headers["ce-time"] == "2024-05-06T07:08:09.123456Z"
    assert headers.get("content-type") == content_type
    assert "ce-datacontenttype" not in headers
    assert sent == body


def test_ping_event_fresh_uuid_per_tick() -> None:
    job = job_for(source({"data": "x"}), SINK)
    ids = {ping_event(job, 0.0)[0]["id"] for _ in range(5)}
    assert len(ids) == 5 and all(len(i) == 36 for i in ids)


def test_ce_overrides_are_extensions_and_cannot_replace_spec_attributes() -> None:
    job = job_for(source({"data": "x", "ceOverrides": {"extensions": {"team": "blue", "prio": "1",
                                                                         "type": "evil"}}}), SINK)
    attrs, _ = ping_event(job, 0.0, "id")
    headers, _ = ce.encode_binary(attrs, b"x")
    assert headers["ce-team"] == "blue" and headers["ce-prio"] == "1"
    assert headers["ce-type"] == "dev.knative.sources.ping"


def test_event_data_decodes_base64_and_keeps_data_raw() -> None:
    assert event_data({"dataBase64": "aGVsbG8="}) == b"hello"
    assert event_data({"data": '{"a":1}'}) == b'{"a":1}'
    assert event_data({}) is None


def test_job_for_an_invalid_schedule_raises_cron_error() -> None:
    with pytest.raises(cron.CronError, match="expected 5 to 6 fields"):
        job_for(source({"schedule": "foo"}), SINK)


# -- the scheduler: ticks, restarts, no double fire ---------------------------------------------------


def job(schedule: str = "* * * * *", uid: str = "uid-1", name: str = "ping-00001", **spec: Any) -> PingJob:
    return job_for(source({"schedule": schedule, **spec}, name=name, uid=uid), SINK)


def fired(s: PingScheduler, now: str) -> list[str | None]:
    return [iso(p.tick) for p in s.due(at(now))]


def test_first_tick_comes_after_registration_not_before() -> None:
    s = PingScheduler(clock=lambda: at("2024-01-01T00:00:30+00:00"))
    s.upsert(job())
    assert iso(s.next_tick("default", "ping-00001")) == "2024-01-01T00:01:00+00:00"
    assert fired(s, "2024-01-01T00:00:59.999+00:00") == []
    assert fired(s, "2024-01-01T00:01:00.2+00:00") == ["2024-01-01T00:01:00+00:00"]
    assert fired(s, "2024-01-01T00:01:00.9+00:00") == []  # never twice
    assert iso(s.next_tick("default", "ping-00001")) == "2024-01-01T00:02:00+00:00"


def test_a_late_wake_up_fires_once_and_skips_missed_ticks() -> None:
    s = PingScheduler(clock=lambda: at("2024-01-01T00:00:30+00:00"))
    s.upsert(job("* * * * * *"))  # every second
    assert fired(s, "2024-01-01T00:00:35.5+00:00") == ["2024-01-01T00:00:31+00:00"]
    assert iso(s.next_tick("default", "ping-00001")) == "2024-01-01T00:00:36+00:00"


def test_restart_does_not_fire_missed_ticks_or_the_same_tick_twice(tmp_path: Path) -> None:
    state = tmp_path / "pingsource-ticks.json"
    now = [at("2024-01-01T00:00:30+00:00")]
    s1 = PingScheduler(ticks=TickStore(state), clock=lambda: now[0])
    s1.upsert(job())
    assert fired(s1, "2024-01-01T00:01:00.1+00:00") == ["2024-01-01T00:01:00+00:00"]
    assert json.loads(state.read_text()) == {"lastTick": {"uid-1": int(at("2024-01-01T00:01:00+00:00"))}}

    # Restarted within the same second, with a clock that went back a little: no re-fire.
    now[0] = at("2024-01-01T00:00:59.5+00:00")
    s2 = PingScheduler(ticks=TickStore(state), clock=lambda: now[0])
    s2.upsert(job())
    assert iso(s2.next_tick("default", "ping-00001")) == "2024-01-01T00:02:00+00:00"
    assert fired(s2, "2024-01-01T00:01:00.5+00:00") == []

    # Down for ten minutes: nothing fires for 00:02 … 00:11, the next tick is the next minute.
    now[0] = at("2024-01-01T00:11:30+00:00")
    s3 = PingScheduler(ticks=TickStore(state), clock=lambda: now[0])
    s3.upsert(job())
    assert fired(s3, "2024-01-01T00:11:30+00:00") == []
    assert fired(s3, "2024-01-01T00:12:00+00:00") == ["2024-01-01T00:12:00+00:00"]


def test_tick_is_recorded_before_the_event_is_sent(tmp_path: Path) -> None:
    state = tmp_path / "t.json"
    s = PingScheduler(ticks=TickStore(state), clock=lambda: at("2024-01-01T00:00:30+00:00"))
    s.upsert(job())
    pings = s.due(at("2024-01-01T00:01:00+00:00"))
    assert pings and TickStore(state).last("uid-1") == pings[0].tick


def test_update_keeps_ticks_unless_the_schedule_changes() -> None:
    now = [at("2024-01-01T00:00:30+00:00")]
    s = PingScheduler(clock=lambda: now[0])
    s.upsert(job())
    s.upsert(job(data="new data"))
    assert iso(s.next_tick("default", "ping-00001")) == "2024-01-01T00:01:00+00:00"
    assert s.job("default", "ping-00001").data == b"new data"  # type: ignore[union-attr]
    s.upsert(job("0 * * * *"))
    assert iso(s.next_tick("default", "ping-00001")) == "2024-01-01T01:00:00+00:00"
    s.upsert(job("0 9 * * *", timezone="Asia/Tokyo"))
    assert iso(s.next_tick("default", "ping-00001"), "Asia/Tokyo") == "2024-01-02T09:00:00+09:00"  # now is 09:00:30


def test_remove_and_forget(tmp_path: Path) -> None:
    state = tmp_path / "t.json"
    s = PingScheduler(ticks=TickStore(state), clock=lambda: at("2024-01-01T00:00:30+00:00"))
    s.upsert(job())
    s.due(at("2024-01-01T00:01:00+00:00"))
    s.remove("default", "ping-00001")  # not ready: stops firing, keeps its last tick
    assert s.due(at("2024-01-01T00:05:00+00:00")) == [] and TickStore(state).last("uid-1") is not None
    s.upsert(job())
    s.remove("default", "ping-00001", forget=True)  # deleted
    assert TickStore(state).last("uid-1") is None


def test_several_sources_fire_independently() -> None:
    s = PingScheduler(clock=lambda: at("2024-01-01T00:00:30+00:00"))
    s.upsert(job("* * * * *", uid="a", name="a"))
    s.upsert(job("*/20 * * * * *", uid="b", name="b"))
    got = sorted((p.job.name, iso(p.tick)) for p in s.due(at("2024-01-01T00:01:00+00:00")))
    assert got == [("a", "2024-01-01T00:01:00+00:00"), ("b", "2024-01-01T00:00:40+00:00")]


def test_unreadable_tick_file_is_ignored(tmp_path: Path) -> None:
    state = tmp_path / "t.json"
    state.write_text("not json")
    assert TickStore(state).last("x") is None


# -- sending ----------------------------------------------------------------------------------------


class Scripted:
    """A transport answering from a list (the last answer repeats), recording requests."""

    def __init__(self, *answers: int | str) -> None:
        self.answers = list(answers)
        self.requests: list[tuple[str, dict[str, str], bytes]] = []

    async def send(self, url: str, headers: Mapping[str, str], body: bytes, timeout: float | None) -> Response:
        self.requests.append((url, dict(headers), body))
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, str):
            raise TransportError(answer)
        return Response(answer, {}, b"")


async def test_scheduler_sends_after_jitter_with_the_adapters_retries() -> None:
    waits: list[float] = []

    async def sleep(d: float) -> None:
        waits.append(d)

    transport = Scripted("dial tcp 127.0.0.1:1: connection refused", 503, 202)
    s = PingScheduler(transport, clock=lambda: at("2024-01-01T00:00:30+00:00"), sleep=sleep, jitter=lambda: 0.25)
    s.upsert(job(contentType="application/json", data='{"message": "Hello Eventing!"}',
                 ceOverrides={"extensions": {"team": "blue"}}))
    pings = s.due(at("2024-01-01T00:01:00+00:00"))
    await s._fire(pings[0])
    assert waits == [0.25, 0.1, 0.2]  # jitter, then 50 ms · 2^k
    assert [r[0] for r in transport.requests] == [SINK] * 3
    _, headers, body = transport.requests[-1]
    assert headers["ce-type"] == "dev.knative.sources.ping" and headers["ce-team"] == "blue"
    assert headers["content-type"] == "application/json" and body == b'{"message": "Hello Eventing!"}'
    assert "Prefer" not in headers


@pytest.mark.parametrize(("answers", "attempts", "ok"), [
    ((200,), 1, True),
    ((500,), 1, False),  # sdk-go does not retry a 500
    ((400,), 1, False),
    ((404, 404, 202), 3, True),
    ((502,), 6, False),  # 5 retries
    (("connection refused",), 6, False),
    ((413, 425, 429, 503, 504, 201), 6, True),
])
async def test_adapter_retry_rules(answers: tuple[int | str, ...], attempts: int, ok: bool) -> None:
    waits: list[float] = []

    async def sleep(d: float) -> None:
        waits.append(d)

    transport = Scripted(*answers)
    result = await adapter.send(transport, SINK, {"type": "t", "source": "s"}, b"", retry=adapter.ADAPTER_RETRIES,
                                sleep=sleep)
    assert (result.ok, result.attempts) == (ok, attempts)
    assert waits == [0.05 * 2 ** k for k in range(1, attempts)]


async def test_scheduler_loop_fires_on_time_and_stops() -> None:
    sent: list[dict[str, Any]] = []
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    base = at("2024-01-01T00:00:59.95+00:00")

    async def sender(j: PingJob, attrs: dict[str, Any], data: bytes | None) -> adapter.SendResult:
        sent.append(attrs)
        return adapter.SendResult(True, 1, 202)

    s = PingScheduler(clock=lambda: base + (loop.time() - t0), jitter=lambda: 0.0, sender=sender)
    s.upsert(job())
    s.start()
    try:
        for _ in range(100):
            if sent:
                break
            await asyncio.sleep(0.01)
    finally:
        await s.stop()
    assert len(sent) == 1 and sent[0]["time"].startswith("2024-01-01T00:01:00")
