"""kn's small commands: ``version``, ``options``, ``plugin list`` and ``secret create|delete|list``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from knlite.cli.kn import output
from knlite.cli.kn.common import list_items, map_from_array, print_list
from knlite.cli.kn.errors import KnError
from knlite.cli.kn.help import options_text
from knlite.cli.kn.resources import SECRET

if TYPE_CHECKING:
    from knlite.cli.kn.main import Invocation

Obj = dict[str, Any]

VERSION = "v1.12.0-knlite"
BUILD_DATE = ""
GIT_REVISION = "knlite"
SERVING_VERSION = "v1.12.0"
EVENTING_VERSION = "v1.12.1"


def version(inv: Invocation) -> None:
    apis = {"serving": [f"serving.knative.dev/v1 (knative-serving {SERVING_VERSION})"],
            "eventing": [f"sources.knative.dev/v1 (knative-eventing {EVENTING_VERSION})",
                         f"eventing.knative.dev/v1 (knative-eventing {EVENTING_VERSION})"]}
    if inv.flags.is_changed("output"):
        doc = {"Version": VERSION, "BuildDate": BUILD_DATE, "GitRevision": GIT_REVISION,
               "SupportedAPIs": {k: apis[k] for k in sorted(apis)}}  # Go sorts map keys
        fmt = inv.flags.string("output")
        if fmt in ("json", "JSON"):
            import json

            inv.out.write(json.dumps(doc, indent="\t"))
        elif fmt in ("yaml", "YAML"):
            inv.out.write(output.to_yaml(doc))
        else:
            raise KnError("invalid value for output flag, choose one among 'json' or 'yaml'")
        return
    inv.out.write(f"Version:      {VERSION}\nBuild Date:   {BUILD_DATE}\nGit Revision: {GIT_REVISION}\n"
                  "Supported APIs:\n* Serving\n")
    for api in apis["serving"]:
        inv.out.write(f"  - {api}\n")
    inv.out.write("* Eventing\n")
    for api in apis["eventing"]:
        inv.out.write(f"  - {api}\n")


def options(inv: Invocation) -> None:
    inv.out.write(options_text())


def _plugins_dir(inv: Invocation) -> Path:
    configured = inv.flags.string("plugins-dir")
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "kn" / "plugins"


def plugin_list(inv: Invocation) -> None:
    directory = _plugins_dir(inv)
    found: dict[str, Path] = {}
    for d in [directory, *(Path(p) for p in os.environ.get("PATH", "").split(os.pathsep) if p)]:
        try:
            entries = sorted(d.iterdir())
        except OSError:
            continue
        for f in entries:
            if f.name.startswith("kn-") and f.name not in found and f.is_file() and os.access(f, os.X_OK):
                found[f.name] = f
    verbose = inv.flags.boolean("verbose")
    if verbose:
        inv.out.write("The following plugins are available, using options:\n")
        suffix = "" if directory.exists() else " (does not exist)"
        inv.out.write(f"  plugins dir: '{directory}'{suffix}\n  lookup plugins in $PATH: true\n\n")
    if not found:
        inv.out.write(f"No plugins found in path '{directory}'.\n" if verbose else "No plugins found.\n")
        return
    for name, path in found.items():
        inv.out.write(f"- {name}" + (f"  ({path})\n" if verbose else "\n"))


def secret_create(inv: Invocation) -> None:
    if len(inv.args) != 1:
        raise KnError("'kn secret create' requires the secret name given as single argument")
    name = inv.args[0]
    flags = inv.flags
    if flags.is_changed("from-literal") and (flags.is_changed("tls-cert") or flags.is_changed("tls-key")):
        raise KnError("TLS flags can't be combined with other options")
    if flags.is_changed("tls-cert") != flags.is_changed("tls-key"):
        raise KnError("both --tls-cert and --tls-key flags are required")
    secret: Obj = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": name, "namespace": inv.namespace}}
    if flags.strings("from-literal"):
        secret["stringData"] = map_from_array(flags.strings("from-literal"))
    if flags.string("tls-cert") and flags.string("tls-key"):
        try:
            secret["stringData"] = {"tls.cert": Path(flags.string("tls-cert")).read_text(),
                                    "tls.key": Path(flags.string("tls-key")).read_text()}
        except OSError as e:
            raise KnError(f"open {e.filename}: {(e.strerror or '').lower()}") from None
        secret["type"] = "kubernetes.io/tls"
    if flags.string("type"):
        secret["type"] = flags.string("type")
    inv.client.create(SECRET.api_version, SECRET.plural, inv.namespace, secret)
    inv.out.write(f"Secret '{name}' created in namespace '{inv.namespace}'.\n")


def secret_delete(inv: Invocation) -> None:
    if len(inv.args) != 1:
        raise KnError("'kn secret delete' requires the Secret name given as single argument")
    inv.client.delete(SECRET.api_version, SECRET.plural, inv.namespace, inv.args[0])  # kn prints nothing


def secret_list(inv: Invocation) -> None:
    items = list_items(inv, SECRET)
    print_list(inv, SECRET, items, ("Name", "Type"), lambda s: [s["metadata"]["name"], str(s.get("type", ""))],
               "No secret found.")


COMMANDS = {
    "version": version,
    "options": options,
    "plugin list": plugin_list,
    "secret create": secret_create,
    "secret delete": secret_delete,
    "secret list": secret_list,
}
