"""kill -9 in the middle of a stream of writes loses nothing that was acknowledged."""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path

import pytest

from tests.harness import Knlite

pytestmark = pytest.mark.integration

CMS = "/api/v1/namespaces/default/configmaps"


def _writer(k: Knlite, wid: int, acked: dict[str, str], stop: threading.Event) -> None:
    i = 0
    while not stop.is_set():
        name = f"w{wid}-{i}"
        body = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}, "data": {"v": "0"}}
        try:
            status, _, _ = k.request("POST", CMS, body)
        except OSError:
            return
        if status != 201:
            return
        acked[name] = "0"
        if i % 3 == 0:  # updates too, acknowledged with their new value
            try:
                status, _, _ = k.request("PATCH", f"{CMS}/{name}", raw=b'{"data":{"v":"1"}}',
                                         headers={"Content-Type": "application/merge-patch+json"})
            except OSError:
                return
            if status == 200:
                acked[name] = "1"
        i += 1


@pytest.mark.parametrize("seed_value", [1, 2])
def test_kill_9_during_writes(tmp_path: Path, seed_value: int) -> None:
    rng = random.Random(seed_value)
    k = Knlite(tmp_path / "state")
    k.start()
    acked: dict[str, str] = {}
    stop = threading.Event()
    threads = [threading.Thread(target=_writer, args=(k, w, acked, stop), daemon=True) for w in range(4)]
    for t in threads:
        t.start()
    time.sleep(rng.uniform(0.5, 1.5))
    k.kill()
    stop.set()
    for t in threads:
        t.join(10)
    assert len(acked) > 20, "the writers barely ran"
    k.start()
    try:
        status, body, _ = k.request("GET", CMS)
        assert status == 200
        stored = {i["metadata"]["name"]: i["data"]["v"] for i in body["items"]}
        missing = [n for n in acked if n not in stored]
        assert not missing, f"{len(missing)} acknowledged writes lost: {missing[:5]}"
        stale = [n for n, v in acked.items() if stored[n] != v]
        assert not stale, f"acknowledged updates lost: {stale[:5]}"
        # the store keeps working and resourceVersions keep increasing after the crash
        last = int(body["metadata"]["resourceVersion"])
        status, created, _ = k.request("POST", CMS, {"apiVersion": "v1", "kind": "ConfigMap",
                                                     "metadata": {"name": "after-crash"}})
        assert status == 201 and int(created["metadata"]["resourceVersion"]) > last
    finally:
        k.stop()


def test_second_daemon_on_same_state_dir_refuses(tmp_path: Path) -> None:
    k = Knlite(tmp_path / "state")
    k.start()
    try:
        other = Knlite(tmp_path / "state")
        with pytest.raises(RuntimeError) as err:
            other.start(timeout=10)
        assert "already running" in str(err.value)
    finally:
        k.stop()


def test_sigterm_shuts_down_cleanly(tmp_path: Path) -> None:
    k = Knlite(tmp_path / "state")
    k.start()
    assert k.stop() == 0
    assert "knlite stopped" in k.log()
    assert not (tmp_path / "state" / "daemon.json").exists()
    k.start()  # the lock was released
    assert k.stop() == 0
