"""``knlite image build``: layout, config, ids, and the CLI around it."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pytest

from knlite.cli.images import register_image_commands
from knlite.serving.runtime.imagebuild import BuildError, build
from knlite.serving.runtime.images import ImageStore


def _app(tmp_path: Path, dockerfile: str | None) -> Path:
    ctx = tmp_path / "app"
    (ctx / "pkg").mkdir(parents=True)
    (ctx / "main.py").write_text("print('hello')\n")
    (ctx / "pkg" / "util.py").write_text("X = 1\n")
    (ctx / "notes.log").write_text("ignored\n")
    (ctx / ".dockerignore").write_text("*.log\n")
    (ctx / "__pycache__").mkdir()
    (ctx / "__pycache__" / "x.pyc").write_bytes(b"\0")
    if dockerfile is not None:
        (ctx / "Dockerfile").write_text(dockerfile)
    return ctx


def test_build_with_dockerfile(tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "images")
    ctx = _app(tmp_path, 'FROM python:3.11\nENV GREETING=hi\nWORKDIR /app\nCOPY . .\nEXPOSE 9000\n'
                         'CMD ["python", "/app/main.py"]\n')
    lines: list[str] = []
    img = build(store, ctx, "example/app:v1", log=lines.append)
    root = img.root
    assert (root / "app" / "main.py").is_file() and (root / "app" / "pkg" / "util.py").is_file()
    assert not (root / "app" / "notes.log").exists() and not (root / "app" / "__pycache__").exists()
    assert img.working_dir == root / "app"
    assert img.cmd == ("python", str(root / "app" / "main.py"))
    assert dict(img.env)["GREETING"] == "hi" and dict(img.env)["PYTHONUNBUFFERED"] == "1"
    assert dict(img.env)["PATH"].startswith(str(Path(sys.executable).parent))
    assert img.exposed_port == 9000
    assert any("Successfully tagged example/app:v1" in ln for ln in lines)
    # same sources, same id; retagging keeps one copy
    again = build(store, ctx, "example/app:v2", log=lines.append)
    assert again.digest == img.digest
    assert store.resolve("example/app:v1").digest == img.digest
    # a change gives a new id; the old one goes when its last tag moves
    (ctx / "main.py").write_text("print('changed')\n")
    changed = build(store, ctx, "example/app:v1", log=lines.append)
    assert changed.digest != img.digest
    assert store.image_dir(img.digest).is_dir()  # still tagged v2
    build(store, ctx, "example/app:v2", log=lines.append)
    assert not store.image_dir(img.digest).exists()


def test_build_without_dockerfile_needs_cmd(tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "images")
    ctx = _app(tmp_path, None)
    with pytest.raises(BuildError, match="--cmd"):
        build(store, ctx, "app", log=lambda _: None)
    img = build(store, ctx, "app", cmd="python main.py --name 'two words'", env=[("A", "1")], port=8080,
                log=lambda _: None)
    assert img.cmd == ("python", "main.py", "--name", "two words")
    assert img.working_dir == img.root and (img.root / "main.py").is_file()
    assert dict(img.env)["A"] == "1" and img.exposed_port == 8080


def test_build_errors(tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "images")
    with pytest.raises(BuildError, match="not found"):
        build(store, tmp_path / "missing", "app", cmd="x", log=lambda _: None)
    ctx = _app(tmp_path, "COPY nothere.txt /x\nCMD x\n")
    with pytest.raises(BuildError, match=r"nothere\.txt"):
        build(store, ctx, "app", log=lambda _: None)
    ctx2 = tmp_path / "c2"
    ctx2.mkdir()
    (ctx2 / "Dockerfile").write_text("COPY ../../etc/passwd /x\nCMD x\n")
    with pytest.raises(BuildError, match="outside the build context"):
        build(store, ctx2, "app", log=lambda _: None)
    assert not [p for p in store.dir.iterdir() if p.name.startswith("build-")]


def test_build_with_requirements_makes_a_venv(tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "images")
    ctx = _app(tmp_path, None)
    (ctx / "requirements.txt").write_text("# nothing to install\n")
    img = build(store, ctx, "withreqs", cmd="python main.py", log=lambda _: None)
    venv = store.image_dir(img.digest) / "venv"
    assert (venv / "bin" / "python").exists()
    assert dict(img.env)["PATH"].startswith(str(venv / "bin") + ":")
    assert "build-" not in (venv / "pyvenv.cfg").read_text()
    assert "build-" not in (venv / "bin" / "activate").read_text()


def _cli(argv: list[str]) -> int:
    p = argparse.ArgumentParser()
    register_image_commands(p.add_subparsers(dest="command", required=True))
    args = p.parse_args(argv)
    return int(args.func(args))


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ctx = _app(tmp_path, 'CMD ["python", "main.py"]\n')
    state = str(tmp_path / "state")
    assert _cli(["image", "build", str(ctx), "-t", "demo:1", "--state-dir", state]) == 0
    assert _cli(["image", "list", "--local", "--state-dir", state]) == 0
    out = capsys.readouterr().out
    assert "REPOSITORY" in out and "demo" in out and "helloworld-go" not in out.split("REPOSITORY")[1]
    assert _cli(["image", "rm", "demo:1", "--state-dir", state]) == 0
    assert _cli(["image", "rm", "demo:1", "--state-dir", state]) == 1
    assert "no such image" in capsys.readouterr().err
    index = json.loads((tmp_path / "state" / "images" / "index.json").read_text())
    assert index == {}
