"""Reading container logs: tail, since, timestamps, limit, follow."""

from __future__ import annotations

import asyncio
from pathlib import Path

from knlite.serving.runtime.logs import LogFile, _tail_offset, read, rfc3339nano


async def _all(it: object) -> bytes:
    out = b""
    async for chunk in it:  # type: ignore[attr-defined]
        out += chunk
    return out


def test_tail_offset(tmp_path: Path) -> None:
    f = tmp_path / "x.log"
    f.write_bytes(b"a\nb\nc\n")
    assert _tail_offset(f, 1) == 4
    assert _tail_offset(f, 2) == 2
    assert _tail_offset(f, 5) == 0
    f.write_bytes(b"a\nb\nc")  # an unterminated last line counts
    assert _tail_offset(f, 1) == 4
    big = b"".join(b"line %d\n" % i for i in range(30000))
    f.write_bytes(big)
    assert f.read_bytes()[_tail_offset(f, 3):] == b"line 29997\nline 29998\nline 29999\n"


async def test_read_filters(tmp_path: Path) -> None:
    f = tmp_path / "0.log"
    lf = LogFile(f, 100.0)
    f.write_bytes(b"one\ntwo\n")
    lf.sample(200.0)
    with f.open("ab") as fh:
        fh.write(b"three\n")
    lf.sample(300.0)
    lf.finish()
    assert await _all(read(lf)) == b"one\ntwo\nthree\n"
    assert await _all(read(lf, tail_lines=2)) == b"two\nthree\n"
    assert await _all(read(lf, tail_lines=0)) == b""
    assert await _all(read(lf, since=250.0)) == b"three\n"
    assert await _all(read(lf, limit_bytes=5)) == b"one\nt"
    stamped = await _all(read(lf, timestamps=True, tail_lines=1))
    assert stamped == (rfc3339nano(300.0) + " three\n").encode()
    assert rfc3339nano(300.0) == "1970-01-01T00:05:00.000000000Z"


async def test_follow_until_finished(tmp_path: Path) -> None:
    f = tmp_path / "0.log"
    f.write_bytes(b"first\n")
    lf = LogFile(f, 0.0)
    chunks: list[bytes] = []

    async def consume() -> None:
        async for chunk in read(lf, follow=True, poll=0.01):
            chunks.append(chunk)

    task = asyncio.create_task(consume())
    await asyncio.sleep(0.05)
    with f.open("ab") as fh:
        fh.write(b"sec")
    await asyncio.sleep(0.05)
    assert b"".join(chunks) == b"first\n"  # a partial line waits for its newline
    with f.open("ab") as fh:
        fh.write(b"ond\nlast without newline")
    await asyncio.sleep(0.05)
    lf.finish()
    await asyncio.wait_for(task, 1)
    assert b"".join(chunks) == b"first\nsecond\nlast without newline"


def test_tail_text(tmp_path: Path) -> None:
    f = tmp_path / "0.log"
    f.write_bytes(b"".join(b"%d\n" % i for i in range(200)))
    lf = LogFile(f, 0.0)
    text = lf.tail_text()
    assert text.splitlines()[0] == "120" and text.splitlines()[-1] == "199"
    f.write_bytes(b"x" * 5000 + b"\nend\n")
    assert len(lf.tail_text()) == 2048
