"""When a cron schedule fires next: robfig/cron v3's ``SpecSchedule.Next``, second for second.

:mod:`knlite.apis.sources.cron` parses a PingSource schedule into the values each field
allows; this module answers the scheduler's one question, "given the time now, when is the
next tick?", exactly as Knative's ping adapter (robfig/cron v3) answers it, including its
daylight-saving behaviour, which follows from Go's time arithmetic rather than from any
explicit rule:

- the search walks month → day → hour → minute → second, incrementing the first field that
  does not match and resetting the smaller ones; a wrap-around restarts the walk, and no
  match within five years means "never" (``None``);
- day steps go through ``time.Date`` (wall clock), hour/minute/second steps add absolute
  durations, and a day step that does not land on midnight (a zone whose midnight is skipped)
  is nudged back to it;
- a tick at a wall time that does not exist (spring forward) is skipped that day — a 02:30
  daily job does not run on the night the clock jumps from 02:00 to 03:00; a wall time that
  exists twice (fall back) matches twice — a 01:30 daily job runs at 01:30 summer time and
  again at 01:30 winter time, an hour later (robfig's documented behaviour); ``time.Date``
  resolves such wall times by looking the zone up at the wall time read as UTC;
- day-of-month and day-of-week are OR-ed when both are restricted, AND-ed when either is
  ``*``/``?`` (robfig's star bit);
- ``@every d`` is a constant delay: the next tick is ``floor(now) + d`` (at least 1 s, whole
  seconds).

Times are Unix seconds (floats in, whole seconds out). A schedule without a zone runs in the
scheduler's default zone, UTC, which is what the stock ping adapter image uses.
"""

from __future__ import annotations

import calendar
import math
import zoneinfo
from datetime import UTC, datetime, tzinfo
from functools import lru_cache

from knlite.apis.sources.cron import Schedule

DEFAULT_ZONE = "UTC"
_NS = 1_000_000_000


@lru_cache(maxsize=256)
def zone(name: str) -> tzinfo:
    """The tzinfo for an IANA name; ``""``/``UTC``/``Local`` mean UTC (the adapter's local zone)."""
    if name in ("", "UTC", "Local"):
        return UTC
    return zoneinfo.ZoneInfo(name)


class _Clock:
    """Go ``time.Time`` arithmetic in one location, on whole Unix seconds."""

    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz

    def wall(self, unix: int) -> datetime:
        return datetime.fromtimestamp(unix, self.tz)

    def offset(self, unix: int) -> int:
        off = self.wall(unix).utcoffset()
        return int(off.total_seconds()) if off is not None else 0

    def date(self, year: int, month: int, day: int, hour: int, minute: int, second: int) -> int:
        """``time.Date``: normalises overflowing fields, then resolves the wall time to an instant."""
        carry, m0 = divmod(month - 1, 12)
        year, month = year + carry, m0 + 1
        unix = calendar.timegm((year, month, 1, 0, 0, 0)) + (day - 1) * 86400 + hour * 3600 + minute * 60 + second
        off = self.offset(unix)
        if off != 0:
            # Go: take the zone in effect at the wall time read as UTC; if the resulting instant
            # falls outside that zone period, use the zone in effect at that instant instead.
            unix -= self.offset(unix - off)
        return unix

    def add_date(self, unix: int, months: int, days: int) -> int:
        w = self.wall(unix)
        return self.date(w.year, w.month + months, w.day + days, w.hour, w.minute, w.second)


def _day_matches(s: Schedule, w: datetime) -> bool:
    dom = w.day in s.dom.values
    dow = (w.weekday() + 1) % 7 in s.dow.values  # Go: Sunday = 0
    if s.dom.star or s.dow.star:
        return dom and dow
    return dom or dow


def next_fire(s: Schedule, after: float, default_zone: str = DEFAULT_ZONE) -> int | None:
    """The first tick strictly after ``after`` (Unix seconds), or None if none within 5 years."""
    if s.every is not None:
        delay = max(s.every, _NS) // _NS
        return math.floor(after) + delay
    c = _Clock(zone(s.location if s.location not in ("", "Local") else default_zone))
    t = math.floor(after) + 1  # the upcoming whole second
    added = False
    year_limit = c.wall(t).year + 5
    while True:  # WRAP
        w = c.wall(t)
        if w.year > year_limit:
            return None
        wrapped = False
        while w.month not in s.month.values:
            if not added:
                added = True
                t = c.date(w.year, w.month, 1, 0, 0, 0)
            t = c.add_date(t, 1, 0)
            w = c.wall(t)
            if w.month == 1:
                wrapped = True
                break
        if wrapped:
            continue
        while not _day_matches(s, w):
            if not added:
                added = True
                t = c.date(w.year, w.month, w.day, 0, 0, 0)
            t = c.add_date(t, 0, 1)
            w = c.wall(t)
            if w.hour != 0:  # midnight skipped or doubled by a DST change
                t += (24 - w.hour) * 3600 if w.hour > 12 else -w.hour * 3600
                w = c.wall(t)
            if w.day == 1:
                wrapped = True
                break
        if wrapped:
            continue
        while w.hour not in s.hour.values:
            if not added:
                added = True
                t = c.date(w.year, w.month, w.day, w.hour, 0, 0)
            t += 3600
            w = c.wall(t)
            if w.hour == 0:
                wrapped = True
                break
        if wrapped:
            continue
        while w.minute not in s.minute.values:
            if not added:
                added = True
                t -= t % 60  # Truncate(time.Minute): absolute, UTC-aligned
            t += 60
            w = c.wall(t)
            if w.minute == 0:
                wrapped = True
                break
        if wrapped:
            continue
        while w.second not in s.second.values:
            added = True
            t += 1
            w = c.wall(t)
            if w.second == 0:
                wrapped = True
                break
        if wrapped:
            continue
        return t
