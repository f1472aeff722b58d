"""The local image store: an image reference resolves to a config and a folder of files.

On Kubernetes the kubelet pulls ``ikubernetes/helloworld-go`` from a registry and the
container runtime unpacks it; the image's config (entrypoint, cmd, env, working directory,
exposed ports) says how to start it. knlite has no registry and no containers, so an image
is what ``knlite image build`` put under ``{state}/images/`` — an OCI-like ``config.json``
and a ``rootfs/`` folder (plus a ``venv/`` when the app has requirements) — or one of the
built-in sample apps, registered under the names the seeds and Knative's docs use so that
their manifests run unchanged.

References follow Docker's grammar and normalisation: ``helloworld-go``,
``docker.io/library/helloworld-go:latest`` and ``index.docker.io/library/helloworld-go``
name the same repository. A built-in answers to every tag and digest of its repository
(manifests often pin real registry digests); a locally built image shadows a built-in of
the same name and tag. A missing image raises :class:`ImageNotFound`, whose message is
the one Knative puts on a Revision whose image cannot be resolved.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import json
import os
import re
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_DOMAIN = "docker.io"
DEFAULT_TAG = "latest"
STANDARD_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

_COMPONENT = re.compile(r"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$")
_TAG = re.compile(r"^[\w][\w.-]{0,127}$")
_DIGEST = re.compile(r"^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$")
_DOMAIN = re.compile(r"^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?$")


class ImageError(Exception):
    """An image that cannot be used; ``reason`` is the kubelet's waiting reason."""

    reason = "ErrImagePull"


class InvalidImageName(ImageError):
    reason = "InvalidImageName"


class ImageNotFound(ImageError):
    """``str(e)`` is Knative's whole message; ``e.cause`` the part after ``Unable to fetch image "x": ``."""

    def __init__(self, image: str, detail: str) -> None:
        self.image = image
        self.cause = f"failed to resolve image to digest: {detail}"
        super().__init__(f"Unable to fetch image {json.dumps(image)}: {self.cause}")


@dataclass(frozen=True)
class ImageRef:
    domain: str
    path: str
    tag: str | None = None
    digest: str | None = None

    @property
    def repository(self) -> str:
        """The normalised repository: ``docker.io/library/nginx``."""
        return f"{self.domain}/{self.path}"

    @property
    def effective_tag(self) -> str:
        return self.tag or DEFAULT_TAG

    def familiar(self) -> str:
        """The short name Docker prints (``nginx``, ``ikubernetes/helloworld-go``)."""
        if self.domain == DEFAULT_DOMAIN:
            return self.path.removeprefix("library/")
        return self.repository

    def __str__(self) -> str:
        s = self.repository
        if self.tag or not self.digest:
            s += ":" + self.effective_tag
        if self.digest:
            s += "@" + self.digest
        return s


def parse_reference(ref: str) -> ImageRef:
    """Parse and normalise a Docker image reference (``name[:tag][@digest]``)."""
    if not ref or ref != ref.strip() or any(c.isspace() for c in ref):
        raise InvalidImageName(f"invalid reference format: {ref!r}")
    name, digest = ref, None
    if "@" in ref:
        name, _, digest = ref.partition("@")
        if not _DIGEST.match(digest):
            raise InvalidImageName(f"invalid reference format: invalid digest in {ref!r}")
    tag = None
    slash = name.rfind("/")
    colon = name.rfind(":")
    if colon > slash:
        name, tag = name[:colon], name[colon + 1:]
        if not _TAG.match(tag):
            raise InvalidImageName(f"invalid reference format: invalid tag in {ref!r}")
    parts = name.split("/")
    first = parts[0]
    if len(parts) > 1 and ("." in first or ":" in first or first == "localhost"):
        domain, rest = first, parts[1:]
        if not _DOMAIN.match(domain):
            raise InvalidImageName(f"invalid reference format: invalid domain in {ref!r}")
    else:
        domain, rest = DEFAULT_DOMAIN, parts
    if domain == "index.docker.io":
        domain = DEFAULT_DOMAIN
    if domain == DEFAULT_DOMAIN and len(rest) == 1:
        rest = ["library", *rest]
    for comp in rest:
        if not _COMPONENT.match(comp):
            if comp.lower() != comp:
                raise InvalidImageName(f"invalid reference format: repository name must be lowercase: {ref!r}")
            raise InvalidImageName(f"invalid reference format: {ref!r}")
    return ImageRef(domain, "/".join(rest), tag, digest)


@dataclass(frozen=True)
class ImageConfig:
    """What starting a container needs from its image, with host paths resolved."""

    ref: str  # the reference as written
    repository: str  # normalised, without tag
    tag: str
    digest: str  # "sha256:..."
    entrypoint: tuple[str, ...]
    cmd: tuple[str, ...]
    env: tuple[tuple[str, str], ...]
    working_dir: Path
    exposed_port: int | None
    root: Path
    builtin: bool = False

    @property
    def digest_ref(self) -> str:
        """``index.docker.io/ikubernetes/helloworld-go@sha256:...`` as Knative shows it."""
        domain, _, path = self.repository.partition("/")
        if domain == DEFAULT_DOMAIN:
            domain = "index.docker.io"
        return f"{domain}/{path}@{self.digest}"


@dataclass(frozen=True)
class ImageSummary:
    repository: str  # familiar name
    tag: str
    digest: str
    created: str  # RFC 3339, or "built-in"
    size: int
    builtin: bool = False


# -- built-in sample images -------------------------------------------------------------------

BUILTIN_IMAGES: dict[str, tuple[str, int | None]] = {
    # repository: (module under knlite.samples, exposed port)
    "docker.io/ikubernetes/helloworld-go": ("helloworld", 8080),
    "gcr.io/knative-samples/helloworld-go": ("helloworld", 8080),
    "ghcr.io/knative/helloworld-go": ("helloworld", 8080),
    "gcr.io/knative-samples/autoscale-go": ("helloworld", 8080),
    "ghcr.io/knative/autoscale-go": ("helloworld", 8080),
    "docker.io/ikubernetes/event_display": ("event_display", 8080),
    "gcr.io/knative-releases/knative.dev/eventing/cmd/event_display": ("event_display", 8080),
    "docker.io/ikubernetes/appender": ("appender", 8080),
    "gcr.io/knative-releases/knative.dev/eventing/cmd/appender": ("appender", 8080),
    "docker.io/villardl/filter-nodejs": ("filter", 8080),
    "docker.io/villardl/transformer-nodejs": ("transformer", 8080),
    "docker.io/ikubernetes/containersource-heartbeats": ("heartbeats", None),
    "gcr.io/knative-releases/knative.dev/eventing/cmd/heartbeats": ("heartbeats", None),
    "docker.io/ikubernetes/admin-box": ("admin_box", None),
}


def interpreter_path() -> str:
    """``PATH`` for images without their own virtualenv: knlite's interpreter first."""
    return os.path.dirname(sys.executable) + ":" + STANDARD_PATH


@functools.cache
def _samples_pythonpath() -> str:
    """Where ``knlite`` and ``httptools`` are importable from, for interpreters run with ``-S``."""
    import httptools

    knlite_root = str(Path(__file__).resolve().parents[3])  # .../knlite/serving/runtime/images.py
    httptools_root = str(Path(httptools.__file__ or "").resolve().parents[1])
    return knlite_root if httptools_root == knlite_root else os.pathsep.join((knlite_root, httptools_root))


def _samples_dir() -> Path:
    return Path(__file__).resolve().parent.parent.parent / "samples"


def _builtin(ref: str, parsed: ImageRef) -> ImageConfig | None:
    entry = BUILTIN_IMAGES.get(parsed.repository)
    if entry is None:
        return None
    module, port = entry
    digest = "sha256:" + hashlib.sha256(f"knlite-sample:{module}".encode()).hexdigest()
    root = _samples_dir()
    return ImageConfig(
        ref=ref, repository=parsed.repository, tag=parsed.effective_tag, digest=digest,
        # -S -P with an explicit PYTHONPATH: no site processing (a sixth of the start-up time)
        # and never an import from the working directory.
        entrypoint=(sys.executable, "-S", "-P", "-m", f"knlite.samples.{module}"), cmd=(),
        env=(("PATH", interpreter_path()), ("PYTHONUNBUFFERED", "1"), ("PYTHONPATH", _samples_pythonpath())),
        working_dir=root, exposed_port=port, root=root, builtin=True)


# -- the store ----------------------------------------------------------------------------------

def _map_container_path(root: Path, value: str) -> str:
    """An absolute path inside the image (``/app/main.py``) as a host path, if the file is there."""
    if value.startswith("/") and len(value) > 1:
        candidate = root / value.lstrip("/")
        if candidate.exists():
            return str(candidate)
    return value


class ImageStore:
    """Images under ``images_dir``: ``index.json`` maps ``repository:tag`` to an image id, and
    ``{id}/`` holds ``config.json``, ``rootfs/`` and optionally ``venv/``."""

    def __init__(self, images_dir: Path) -> None:
        self.dir = images_dir
        self._index_cache: tuple[float, dict[str, str]] | None = None

    # -- index -----------------------------------------------------------------------------
    @property
    def index_path(self) -> Path:
        return self.dir / "index.json"

    def _read_index(self) -> dict[str, str]:
        try:
            mtime = self.index_path.stat().st_mtime_ns
        except OSError:
            return {}
        if self._index_cache is not None and self._index_cache[0] == mtime:
            return self._index_cache[1]
        try:
            data = json.loads(self.index_path.read_text())
        except (OSError, ValueError):
            return {}
        index = {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
        self._index_cache = (mtime, index)
        return index

    def _write_index(self, index: dict[str, str]) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        tmp = self.index_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(dict(sorted(index.items())), indent=2) + "\n")
        tmp.replace(self.index_path)
        self._index_cache = None

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Serialise writers (builds, removals) across processes."""
        self.dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.dir / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def image_dir(self, image_id: str) -> Path:
        return self.dir / image_id.replace(":", "-")

    def _load(self, image_id: str) -> dict[str, Any] | None:
        try:
            data = json.loads((self.image_dir(image_id) / "config.json").read_text())
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    # -- resolution ------------------------------------------------------------------------
    def resolve(self, ref: str) -> ImageConfig:
        """The image for ``ref``; raises :class:`ImageNotFound` or :class:`InvalidImageName`."""
        parsed = parse_reference(ref)
        index = self._read_index()
        image_id: str | None = None
        if parsed.tag or not parsed.digest:
            image_id = index.get(f"{parsed.repository}:{parsed.effective_tag}")
            if image_id is not None and parsed.digest and parsed.digest != image_id:
                image_id = None
        elif parsed.digest in index.values():
            image_id = parsed.digest
        if image_id is not None:
            doc = self._load(image_id)
            if doc is not None:
                return self._config(ref, parsed, image_id, doc)
        builtin = _builtin(ref, parsed)
        if builtin is not None:
            return builtin
        where = str(parsed) if parsed.tag or not parsed.digest else f"{parsed.repository}@{parsed.digest}"
        raise ImageNotFound(ref, f"image {where} not found in the local image store "
                                 f"(see `knlite image list`; add it with `knlite image build DIR -t {parsed.familiar()}`)")

    def _config(self, ref: str, parsed: ImageRef, image_id: str, doc: dict[str, Any]) -> ImageConfig:
        base = self.image_dir(image_id)
        root = base / "rootfs"
        cfg = doc.get("config") or {}
        env: list[tuple[str, str]] = []
        for item in cfg.get("Env") or []:
            k, _, v = str(item).partition("=")
            env.append((k, v))
        workdir = str(cfg.get("WorkingDir") or "/")
        wd = root / workdir.lstrip("/")
        port = None
        for key in cfg.get("ExposedPorts") or {}:
            with contextlib.suppress(ValueError):
                port = int(str(key).split("/")[0])
                break
        return ImageConfig(
            ref=ref, repository=parsed.repository, tag=parsed.effective_tag, digest=image_id,
            entrypoint=tuple(_map_container_path(root, str(a)) for a in cfg.get("Entrypoint") or ()),
            cmd=tuple(_map_container_path(root, str(a)) for a in cfg.get("Cmd") or ()),
            env=tuple(env), working_dir=wd if wd.is_dir() else root, exposed_port=port, root=root)

    # -- administration --------------------------------------------------------------------
    def list(self, include_builtin: bool = True) -> list[ImageSummary]:
        out: list[ImageSummary] = []
        for name, image_id in sorted(self._read_index().items()):
            repo, _, tag = name.rpartition(":")
            doc = self._load(image_id) or {}
            out.append(ImageSummary(parse_reference(repo).familiar(), tag, image_id,
                                    str(doc.get("created", "")), int(doc.get("size", 0))))
        if include_builtin:
            for repo, (module, _port) in sorted(BUILTIN_IMAGES.items()):
                digest = "sha256:" + hashlib.sha256(f"knlite-sample:{module}".encode()).hexdigest()
                out.append(ImageSummary(parse_reference(repo).familiar(), "*", digest, "built-in", 0, True))
        return out

    def tag(self, ref: str, image_id: str) -> str | None:
        """Point ``ref`` at ``image_id``; returns the id it pointed at before (if any)."""
        parsed = parse_reference(ref)
        key = f"{parsed.repository}:{parsed.effective_tag}"
        with self.locked():
            index = dict(self._read_index())
            previous = index.get(key)
            index[key] = image_id
            self._write_index(index)
            if previous and previous != image_id and previous not in index.values():
                shutil.rmtree(self.image_dir(previous), ignore_errors=True)
        return previous

    def remove(self, ref: str) -> str:
        """Untag ``ref`` (``name[:tag]`` or an image id); the files go with the last tag."""
        with self.locked():
            index = dict(self._read_index())
            if ref.startswith("sha256:") or re.fullmatch(r"[0-9a-f]{12,64}", ref):
                want = ref if ref.startswith("sha256:") else None
                ids = {v for v in index.values() if v == want or (want is None and v[7:].startswith(ref))}
                if len(ids) != 1:
                    raise ImageNotFound(ref, f"no such image: {ref}")
                image_id = ids.pop()
                for k in [k for k, v in index.items() if v == image_id]:
                    del index[k]
            else:
                parsed = parse_reference(ref)
                key = f"{parsed.repository}:{parsed.effective_tag}"
                if key not in index:
                    if parsed.repository in BUILTIN_IMAGES:
                        raise ImageError(f"{ref} is a built-in image and cannot be removed")
                    raise ImageNotFound(ref, f"no such image: {parsed.familiar()}:{parsed.effective_tag}")
                image_id = index.pop(key)
            self._write_index(index)
            if image_id not in index.values():
                shutil.rmtree(self.image_dir(image_id), ignore_errors=True)
        return image_id


def rfc3339(ts: float | None = None) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() if ts is None else ts))
