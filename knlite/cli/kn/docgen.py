"""Write docs/cli.md from the CLI's own help: ``python -m knlite.cli.kn.docgen > docs/cli.md``.

Every command's section is exactly what ``kn <command> --help`` prints, so the reference
cannot drift from the CLI (tests/unit/cli/test_docgen.py fails when docs/cli.md is stale).
"""

from __future__ import annotations

import sys

from knlite.cli.kn import spec, tree
from knlite.cli.kn.help import help_text

HEADER = """# kn command reference

knlite ships `kn`, Knative's command line client (kn 1.12's commands, flags, output and
messages), as an HTTP client of the knlite API. It reads the same kubeconfig as kubectl
(`--kubeconfig`, `$KUBECONFIG`, `~/.kube/config`), so after `knlite up`:

```sh
export KUBECONFIG=~/.knlite/kubeconfig
kn service create hello --image ikubernetes/helloworld-go --port 8080 --env TARGET=World
kn service list
```

Differences from Knative's kn are listed in [Differences from kn 1.12](#differences-from-kn-112)
at the end. This page is generated from the CLI's help (`python -m knlite.cli.kn.docgen >
docs/cli.md`); do not edit it by hand.

## Commands

"""

DIFFERENCES = """## Differences from kn 1.12

- Unknown flags and sub-commands get a "Did you mean this?" suggestion (kn has one only for
  unknown top-level commands); errors the user can act on (the daemon is not running, the
  token is rejected, a sink does not exist) get a hint line.
- Sinks also accept `svc:NAME` / `service:NAME` for a plain Kubernetes Service, as later kn
  releases do.
- `kn source list`, `kn source list-types` and `kn channel list-types` find the kinds through
  API discovery (knlite serves no CustomResourceDefinition objects).
- Waiting (`--wait`) also looks at the object read before watching, so an object that is
  already Ready ends the wait at once.
- `-o go-template` is not supported; use `-o jsonpath=...`.
- Plugins are listed by `kn plugin list` but not executed.
- The help texts and examples are knlite's own words; commands, usage lines, flags and their
  defaults are kn 1.12's.
"""


def _toc() -> str:
    lines = []
    for path in ["", *tree.walk("")]:
        name = f"kn {path}".strip()
        short = spec.ROOT_SHORT if not path else spec.COMMANDS[path]["short"]
        anchor = name.replace(" ", "-")
        indent = "  " * max(0, len(path.split()) - 1) if path else ""
        lines.append(f"{indent}- [{name}](#{anchor}) — {short}")
    return "\n".join(lines) + "\n\n"


def render() -> str:
    parts = [HEADER, _toc()]
    for path in ["", *tree.walk("")]:
        name = f"kn {path}".strip()
        parts.append(f"### {name}\n\n```\n{help_text(path).rstrip()}\n```\n\n")
    parts.append(DIFFERENCES)
    return "".join(parts)


def main() -> int:
    sys.stdout.write(render())
    return 0


if __name__ == "__main__":
    sys.exit(main())
