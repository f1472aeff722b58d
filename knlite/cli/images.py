"""``knlite image build|list|rm``: manage the local image store.

These work on the state directory directly (no daemon needed), like ``docker`` talking to
its image store: a running daemon sees a newly built image at the next container start.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from knlite.serving.runtime.images import ImageError, ImageStore
from knlite.settings import Settings


def _store(args: argparse.Namespace) -> ImageStore:
    from knlite.cli.admin import _state_dir

    return ImageStore(Settings(state_dir=_state_dir(args.state_dir)).images_dir)


def _env_pair(value: str) -> tuple[str, str]:
    key, sep, val = value.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {value!r}")
    return key, val


def cmd_build(args: argparse.Namespace) -> int:
    from knlite.serving.runtime.imagebuild import build

    try:
        build(_store(args), Path(args.dir), args.tag, cmd=args.cmd, env=args.env or [], port=args.port,
              log=lambda line: print(line, flush=True))
    except ImageError as e:
        print(f"knlite: {e}", file=sys.stderr)
        return 1
    return 0


def _human_size(n: int) -> str:
    size = float(n)
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f}{unit}" if unit == "B" else f"{size:.1f}{unit}"
        size /= 1000
    return f"{n}B"


def cmd_list(args: argparse.Namespace) -> int:
    rows = [("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE")]
    for img in _store(args).list(include_builtin=not args.local):
        size = "-" if img.builtin else _human_size(img.size)
        rows.append((img.repository, img.tag, img.digest[7:19], img.created, size))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("   ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    return 0


def cmd_rm(args: argparse.Namespace) -> int:
    store = _store(args)
    status = 0
    for ref in args.images:
        try:
            image_id = store.remove(ref)
        except ImageError as e:
            print(f"Error: {e}", file=sys.stderr)
            status = 1
            continue
        print(f"Untagged: {ref}")
        print(f"Deleted: {image_id}")
    return status


def register_image_commands(subparsers: Any) -> None:
    """Add ``image build|list|rm`` to the ``knlite`` command's subparsers."""
    image = subparsers.add_parser("image", help="manage local images (build, list, rm)")
    isub = image.add_subparsers(dest="image_command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--state-dir", help="state directory (default ~/.knlite)")

    b = isub.add_parser("build", help="build a Python app folder into an image")
    b.add_argument("dir", help="the app folder (a Dockerfile in it is read if present)")
    b.add_argument("-t", "--tag", required=True, help="image name, NAME[:TAG]")
    b.add_argument("--cmd", help="the command when there is no Dockerfile, e.g. 'python app.py' (split like a shell, "
                                 "never run by one)")
    b.add_argument("-e", "--env", action="append", type=_env_pair, metavar="KEY=VALUE", help="image environment")
    b.add_argument("--port", type=int, help="the port the app listens on (EXPOSE)")
    common(b)
    b.set_defaults(func=cmd_build)

    ls = isub.add_parser("list", aliases=["ls"], help="list images")
    ls.add_argument("--local", action="store_true", help="only built images, not the built-in samples")
    common(ls)
    ls.set_defaults(func=cmd_list)

    rm = isub.add_parser("rm", help="remove images")
    rm.add_argument("images", nargs="+", metavar="IMAGE", help="NAME[:TAG] or image id")
    common(rm)
    rm.set_defaults(func=cmd_rm)
