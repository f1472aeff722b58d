"""``knlite image build DIR -t NAME[:TAG]``: turn a Python app folder into a local image.

The build mirrors ``docker build`` for the subset knlite can honour (see
:mod:`knlite.serving.runtime.dockerfile`): the app's files are laid out under ``rootfs/`` as
the Dockerfile's ``COPY`` lines place them (the whole folder at ``/`` without a Dockerfile),
the config records entrypoint, cmd, env, working directory and exposed port, and Python
dependencies — ``requirements.txt``, or the Dockerfile's ``RUN pip install`` lines — go into
a virtualenv of the image's own, made with the running interpreter's ``venv`` module, whose
``bin/`` leads the image's ``PATH`` so ``python`` and console scripts (``gunicorn``) resolve
to it. The image id is the sha256 of the config and the file tree, so rebuilding unchanged
sources gives the same id and reuses the existing image.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from knlite.serving.runtime import dockerfile
from knlite.serving.runtime.images import (
    STANDARD_PATH,
    ImageConfig,
    ImageError,
    ImageStore,
    interpreter_path,
    parse_reference,
    rfc3339,
)

ALWAYS_IGNORED = (".git", "__pycache__", ".dockerignore")


class BuildError(ImageError):
    pass


def _ignore_patterns(context: Path) -> list[str]:
    try:
        lines = (context / ".dockerignore").read_text().splitlines()
    except OSError:
        return []
    return [ln.strip().lstrip("/").rstrip("/") for ln in lines if ln.strip() and not ln.strip().startswith("#")]


def _ignored(rel: str, patterns: list[str]) -> bool:
    parts = rel.split("/")
    if any(p in ALWAYS_IGNORED for p in parts):
        return True
    excluded = False
    for pat in patterns:
        negate = pat.startswith("!")
        pat = pat[1:] if negate else pat
        hit = fnmatch.fnmatch(rel, pat) or any(fnmatch.fnmatch("/".join(parts[:i]), pat) for i in range(1, len(parts)))
        if hit:
            excluded = not negate
    return excluded


def _copy_tree(src: Path, dest: Path, context: Path, patterns: list[str]) -> None:
    for dirpath, dirnames, filenames in os.walk(src):
        d = Path(dirpath)
        dirnames[:] = [n for n in dirnames if not _ignored((d / n).relative_to(context).as_posix(), patterns)]
        target = dest / d.relative_to(src)
        target.mkdir(parents=True, exist_ok=True)
        for name in filenames:
            f = d / name
            if _ignored(f.relative_to(context).as_posix(), patterns):
                continue
            shutil.copy2(f, target / name, follow_symlinks=True)


def _apply_copy(context: Path, rootfs: Path, copy: dockerfile.Copy, patterns: list[str]) -> None:
    ctx = context.resolve()
    sources: list[Path] = []
    for pattern in copy.sources:
        rel = pattern.lstrip("/")
        matches = sorted(ctx.glob(rel)) if any(ch in pattern for ch in "*?[") else [ctx / rel]
        for m in matches:
            m = m.resolve()
            if m != ctx and ctx not in m.parents:
                raise BuildError(f"COPY {pattern}: outside the build context")
            if not m.exists():
                raise BuildError(f"COPY {pattern}: no such file or directory in {context}")
            sources.append(m)
    dest = rootfs / copy.dest.lstrip("/")
    as_dir = copy.dest.endswith("/") or len(sources) > 1 or any(src.is_dir() for src in sources) or dest.is_dir()
    for src in sources:
        if src.is_dir():
            _copy_tree(src, dest, ctx, patterns)
        elif as_dir:
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / src.name)
        else:
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest)


def _tree_digest(root: Path) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            f = Path(dirpath) / name
            data = f.read_bytes()
            size += len(data)
            h.update(f.relative_to(root).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(data).digest())
            h.update(b"x" if os.access(f, os.X_OK) else b"-")
    return h.hexdigest(), size


def build(store: ImageStore, context: Path, ref: str, *, cmd: str | None = None,
          env: list[tuple[str, str]] | None = None, port: int | None = None,
          log: Callable[[str], None] = print) -> ImageConfig:
    """Build ``context`` into ``store`` under ``ref``. Raises :class:`BuildError`."""
    parsed = parse_reference(ref)
    if not context.is_dir():
        raise BuildError(f"unable to prepare context: path {str(context)!r} not found")
    df_path = context / "Dockerfile"
    if df_path.is_file():
        try:
            df = dockerfile.parse(df_path.read_text())
        except (OSError, dockerfile.DockerfileError) as e:
            raise BuildError(f"Dockerfile: {e}") from None
        for item in df.ignored:
            log(f"note: Dockerfile {item}: ignored by knlite")
    else:
        df = dockerfile.Dockerfile()
        df.copies.append(dockerfile.Copy(["."], "/"))
    if cmd is not None:
        df.entrypoint, df.cmd = None, shlex.split(cmd)
    for k, v in env or []:
        df.env = [(ek, ev) for ek, ev in df.env if ek != k] + [(k, v)]
    if port is not None:
        df.exposed_ports = [port]
    if not df.entrypoint and not df.cmd:
        raise BuildError(f"no command: {context} has no Dockerfile with CMD or ENTRYPOINT; "
                         "give one with --cmd, e.g. --cmd 'python app.py'")
    requirements = context / "requirements.txt"
    installs = list(df.pip_installs)
    if not installs and requirements.is_file():
        installs = [(df.workdir, ["-r", str(requirements.resolve())])]

    store.dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="build-", dir=store.dir))
    try:
        rootfs = tmp / "rootfs"
        rootfs.mkdir()
        patterns = _ignore_patterns(context)
        for c in df.copies:
            _apply_copy(context, rootfs, c, patterns)
        (rootfs / df.workdir.lstrip("/")).mkdir(parents=True, exist_ok=True)
        tree, size = _tree_digest(rootfs)

        image_env = [("PATH", interpreter_path()), ("PYTHONUNBUFFERED", "1")]
        config: dict[str, Any] = {
            "Entrypoint": df.entrypoint, "Cmd": df.cmd,
            "Env": [], "WorkingDir": df.workdir,
            "ExposedPorts": {f"{p}/tcp": {} for p in df.exposed_ports},
        }
        recipe = json.dumps({"config": config, "env": df.env, "tree": tree, "pip": installs,
                             "requirements": requirements.read_text() if requirements.is_file() else ""},
                            sort_keys=True)
        image_id = "sha256:" + hashlib.sha256(recipe.encode()).hexdigest()
        final = store.image_dir(image_id)
        if installs:
            image_env[0] = ("PATH", f"{final / 'venv' / 'bin'}:{STANDARD_PATH}")
            image_env.append(("VIRTUAL_ENV", str(final / "venv")))
        merged = dict(image_env)
        merged.update(df.env)
        config["Env"] = [f"{k}={v}" for k, v in merged.items()]
        if not (final / "config.json").is_file():
            if installs:
                _make_venv(tmp / "venv", rootfs, installs, log)
                _relocate_venv(tmp / "venv", final / "venv")
            doc = {"id": image_id, "created": rfc3339(), "source": str(context.resolve()),
                   "size": size, "config": config}
            (tmp / "config.json").write_text(json.dumps(doc, indent=2) + "\n")
            with store.locked():
                if not (final / "config.json").is_file():
                    shutil.rmtree(final, ignore_errors=True)
                    tmp.rename(final)
        else:
            log(f"using the existing image {image_id[7:19]}")
        store.tag(str(parsed), image_id)
        log(f"Successfully built {image_id[7:19]}")
        log(f"Successfully tagged {parsed.familiar()}:{parsed.effective_tag}")
        return store.resolve(str(parsed))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _make_venv(venv: Path, rootfs: Path, installs: list[tuple[str, list[str]]], log: Callable[[str], None]) -> None:
    log(f"creating a virtualenv with {sys.executable} -m venv")
    _run([sys.executable, "-m", "venv", str(venv)], rootfs)
    py = str(venv / "bin" / "python")
    for workdir, args in installs:
        log("pip install " + shlex.join(args))
        _run([py, "-m", "pip", "install", "--disable-pip-version-check", *args], rootfs / workdir.lstrip("/"))


def _relocate_venv(built: Path, final: Path) -> None:
    """A venv records its own path in scripts and ``pyvenv.cfg``; rewrite it for its final place."""
    old, new = str(built), str(final)
    for f in [*built.joinpath("bin").iterdir(), built / "pyvenv.cfg"]:
        if f.is_file() and not f.is_symlink():
            try:
                text = f.read_text()
            except (UnicodeDecodeError, OSError):
                continue
            if old in text:
                f.write_text(text.replace(old, new))


def _run(argv: list[str], cwd: Path) -> None:
    proc = subprocess.run(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False)
    if proc.returncode != 0:
        raise BuildError(f"{shlex.join(argv)} failed with exit code {proc.returncode}:\n{proc.stdout[-4000:]}")
