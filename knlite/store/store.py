"""The object store: SQLite for durability, memory for reads, a change log for watches.

Kubernetes keeps objects in etcd and serves reads from a watch cache; knlite does the same on
one machine. Every object lives in an SQLite database (WAL mode) under the state directory and,
at the same time, in an in-memory index that serves every get, list and watch, so readers —
the API, the reconcilers and above all the data planes — never query SQLite.

Writes are single SQLite transactions that bump one global, monotonic ``resourceVersion``
counter stored beside the objects; a write is acknowledged only after its transaction has
committed, so a ``kill -9`` at any moment loses nothing that was acknowledged (WAL with
``synchronous=NORMAL`` is durable against process crashes; only power loss can drop the last
transactions). Each committed change is appended to an in-memory history ring that watches
replay from; a watch that asks for a resourceVersion older than the ring answers 410 Gone, as
etcd does after compaction, and a restart starts with an empty ring.

All calls happen on the daemon's event loop thread, so a write never interleaves with another.
The store knows nothing about kinds beyond their store key (``group_kind``); admission,
generation and finalizer semantics live in :mod:`knlite.api.core`.
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import sqlite3
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

Obj = dict[str, Any]
Key = tuple[str, str, str]  # (group_kind, namespace, name)

ADDED, MODIFIED, DELETED = "ADDED", "MODIFIED", "DELETED"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS objects (
    gk   TEXT NOT NULL,
    ns   TEXT NOT NULL,
    name TEXT NOT NULL,
    rv   INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (gk, ns, name)
);
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


class StoreError(Exception):
    pass


class NotFound(StoreError):
    pass


class AlreadyExists(StoreError):
    pass


class Conflict(StoreError):
    pass


class Expired(StoreError):
    """The requested resourceVersion is older than the watch history."""


@dataclass(frozen=True)
class Event:
    type: str
    gk: str
    obj: Obj  # the object after the change (before it, for DELETED); never mutated
    rv: int
    old: Obj | None = None  # the previous object, for MODIFIED


def _key(gk: str, obj: Obj) -> Key:
    meta = obj["metadata"]
    return gk, meta.get("namespace") or "", meta["name"]


def object_rv(obj: Obj) -> int:
    return int(obj["metadata"]["resourceVersion"])


@dataclass
class Watch:
    """A subscription to changes; events are queued until read."""

    gk: str | None
    namespace: str | None
    predicate: Callable[[Event], bool] | None = None
    max_queue: int = 100_000
    queue: asyncio.Queue[Event | None] = field(default_factory=asyncio.Queue)
    closed: bool = False
    overflowed: bool = False

    def wants(self, ev: Event) -> bool:
        if self.gk is not None and ev.gk != self.gk:
            return False
        if self.namespace and (ev.obj["metadata"].get("namespace") or "") != self.namespace:
            return False
        return self.predicate is None or self.predicate(ev)

    def offer(self, ev: Event) -> None:
        if self.closed:
            return
        if self.queue.qsize() >= self.max_queue:
            # A reader that cannot keep up is cut off; Kubernetes clients then re-list and re-watch.
            self.overflowed = True
            self.close()
            return
        self.queue.put_nowait(ev)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.queue.put_nowait(None)

    async def next(self) -> Event | None:
        if self.closed and self.queue.empty():
            return None
        return await self.queue.get()


Listener = Callable[[Event], None]


class Store:
    def __init__(self, path: Path | str, history: int = 20_000) -> None:
        self.path = Path(path)
        self._db: sqlite3.Connection | None = None
        self._objects: dict[str, dict[tuple[str, str], Obj]] = {}
        self._bodies: dict[str, dict[tuple[str, str], bytes]] = {}  # the committed JSON, reused by the API
        self._history: deque[Event] = deque(maxlen=history)
        self._rv = 0
        self._oldest_rv = 0  # watches may resume from any rv >= this
        self._watches: list[Watch] = []
        self._listeners: list[Listener] = []

    # -- lifecycle ---------------------------------------------------------------------------
    def open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(_SCHEMA)
        self._db = db
        row = db.execute("SELECT value FROM meta WHERE key='rv'").fetchone()
        self._rv = int(row[0]) if row else 0
        count = 0
        for gk, ns, name, body in db.execute("SELECT gk, ns, name, body FROM objects"):
            self._objects.setdefault(gk, {})[(ns, name)] = json.loads(body)
            self._bodies.setdefault(gk, {})[(ns, name)] = body.encode()
            count += 1
        max_rv = db.execute("SELECT MAX(rv) FROM objects").fetchone()[0] or 0
        self._rv = max(self._rv, max_rv)
        self._oldest_rv = self._rv
        log.info("store opened at %s: %d objects, resourceVersion %d", self.path, count, self._rv)

    def close(self) -> None:
        for w in list(self._watches):
            w.close()
        self._watches.clear()
        if self._db is not None:
            self._db.close()
            self._db = None

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            raise StoreError("store is not open")
        return self._db

    @property
    def resource_version(self) -> int:
        return self._rv

    # -- reads (memory only) -----------------------------------------------------------------
    def peek(self, gk: str, namespace: str, name: str) -> Obj | None:
        """The stored object itself; callers must not change it."""
        return self._objects.get(gk, {}).get((namespace, name))

    def body(self, gk: str, namespace: str, name: str) -> bytes | None:
        """The stored object as committed JSON (what the API sends for the storage version)."""
        return self._bodies.get(gk, {}).get((namespace, name))

    def get(self, gk: str, namespace: str, name: str) -> Obj | None:
        obj = self.peek(gk, namespace, name)
        return copy.deepcopy(obj) if obj is not None else None

    def iter(self, gk: str, namespace: str | None = None) -> Iterator[Obj]:
        """Stored objects of one kind (read-only views), optionally in one namespace."""
        for (ns, _name), obj in self._objects.get(gk, {}).items():
            if namespace is None or ns == namespace:
                yield obj

    def list_objects(self, gk: str, namespace: str | None = None) -> list[Obj]:
        return [copy.deepcopy(o) for o in self.iter(gk, namespace)]

    def kinds(self) -> list[str]:
        return [gk for gk, objs in self._objects.items() if objs]

    def count(self, gk: str) -> int:
        return len(self._objects.get(gk, {}))

    # -- writes ------------------------------------------------------------------------------
    def _next_rv(self) -> int:
        return self._rv + 1

    def _commit(self, sql: str, params: tuple[Any, ...], rv: int) -> None:
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute(sql, params)
            db.execute("INSERT INTO meta(key, value) VALUES('rv', ?) "
                       "ON CONFLICT(key) DO UPDATE SET value=excluded.value", (str(rv),))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        self._rv = rv

    def create(self, gk: str, obj: Obj) -> Obj:
        """Persist a new object; assigns its resourceVersion. The object is taken over (not copied)."""
        gk_key = _key(gk, obj)
        bucket = self._objects.setdefault(gk, {})
        if (gk_key[1], gk_key[2]) in bucket:
            raise AlreadyExists(gk_key)
        rv = self._next_rv()
        obj["metadata"]["resourceVersion"] = str(rv)
        body = json.dumps(obj, separators=(",", ":"))
        self._commit("INSERT INTO objects(gk, ns, name, rv, body) VALUES(?,?,?,?,?)",
                     (gk, gk_key[1], gk_key[2], rv, body), rv)
        bucket[(gk_key[1], gk_key[2])] = obj
        self._bodies.setdefault(gk, {})[(gk_key[1], gk_key[2])] = body.encode()
        self._emit(Event(ADDED, gk, obj, rv))
        return obj

    def update(self, gk: str, obj: Obj, expect_rv: int | None = None) -> Obj:
        """Replace an object; ``expect_rv`` guards against lost updates (optimistic concurrency)."""
        k = _key(gk, obj)
        bucket = self._objects.get(gk, {})
        current = bucket.get((k[1], k[2]))
        if current is None:
            raise NotFound(k)
        if expect_rv is not None and object_rv(current) != expect_rv:
            raise Conflict(k)
        rv = self._next_rv()
        obj["metadata"]["resourceVersion"] = str(rv)
        body = json.dumps(obj, separators=(",", ":"))
        self._commit("UPDATE objects SET rv=?, body=? WHERE gk=? AND ns=? AND name=?",
                     (rv, body, gk, k[1], k[2]), rv)
        bucket[(k[1], k[2])] = obj
        self._bodies.setdefault(gk, {})[(k[1], k[2])] = body.encode()
        self._emit(Event(MODIFIED, gk, obj, rv, current))
        return obj

    def delete(self, gk: str, namespace: str, name: str, expect_rv: int | None = None) -> Obj:
        bucket = self._objects.get(gk, {})
        current = bucket.get((namespace, name))
        if current is None:
            raise NotFound((gk, namespace, name))
        if expect_rv is not None and object_rv(current) != expect_rv:
            raise Conflict((gk, namespace, name))
        rv = self._next_rv()
        self._commit("DELETE FROM objects WHERE gk=? AND ns=? AND name=?", (gk, namespace, name), rv)
        del bucket[(namespace, name)]
        self._bodies.get(gk, {}).pop((namespace, name), None)
        gone = copy.copy(current)
        gone["metadata"] = dict(current["metadata"], resourceVersion=str(rv))
        self._emit(Event(DELETED, gk, gone, rv))
        return gone

    # -- watching ----------------------------------------------------------------------------
    def _emit(self, ev: Event) -> None:
        self._history.append(ev)
        if len(self._history) == self._history.maxlen:
            self._oldest_rv = self._history[0].rv - 1
        for w in list(self._watches):
            if w.closed:
                self._watches.remove(w)
            elif w.wants(ev):
                w.offer(ev)
        for listener in list(self._listeners):
            try:
                listener(ev)
            except Exception:  # a broken listener must not break writes
                log.exception("store listener failed on %s %s", ev.type, ev.gk)

    def add_listener(self, listener: Listener) -> None:
        """Call ``listener`` synchronously after every committed change (in-process controllers)."""
        self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def watch(self, gk: str | None, namespace: str | None, since_rv: int | None,
              predicate: Callable[[Event], bool] | None = None) -> Watch:
        """Start a watch; with ``since_rv`` the changes after it are replayed first."""
        w = Watch(gk, namespace, predicate)
        if since_rv is not None:
            if since_rv < self._oldest_rv:
                raise Expired(f"too old resource version: {since_rv} ({self._oldest_rv + 1})")
            for ev in self._history:
                if ev.rv > since_rv and w.wants(ev):
                    w.offer(ev)
        self._watches.append(w)
        return w

    def stop_watch(self, w: Watch) -> None:
        w.close()
        if w in self._watches:
            self._watches.remove(w)
