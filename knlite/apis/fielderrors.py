"""Field errors as Knative's webhooks report them.

Knative validation (``knative.dev/pkg/apis/field_error.go``) builds a tree of errors, each with a
message, the field paths it concerns and optional details, and renders them in one canonical
way: errors with the same message and details are merged (their paths joined and sorted), the
merged errors are sorted by message, and each is printed as ``{message}: {paths}`` with the
details on the next line. Users see that text in kubectl's output, so knlite reproduces it
exactly; the API layer turns the same errors into the ``causes`` of a Kubernetes ``Invalid``
Status, one cause per path.

Paths are built bottom-up: a validator for a container returns ``image`` and the caller
prefixes ``spec.template.spec.containers[0]`` with :meth:`FieldError.via_field` /
:meth:`FieldError.via_index`, exactly as Knative's ``ViaField`` / ``ViaIndex`` do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum

CURRENT_FIELD = ""


class Level(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class _Leaf:
    message: str
    paths: tuple[str, ...]
    details: str = ""
    level: Level = Level.ERROR


def _is_index(part: str) -> bool:
    return part.startswith("[") and part.endswith("]")


def flatten(path: Sequence[str]) -> str:
    """Join path parts the way Knative does: ``a``, ``[0]``, ``b.c`` → ``a[0].b.c``."""
    out: list[str] = []
    for part in path:
        for p in part.split("."):
            if p == CURRENT_FIELD:
                continue
            if out and _is_index(p):
                out[-1] += p
            else:
                out.append(p)
    return ".".join(out)


def _prefix_paths(paths: Iterable[str], prefix: Sequence[str]) -> tuple[str, ...]:
    result = []
    for p in paths:
        result.append(flatten([*prefix, p]))
    return tuple(result)


@dataclass
class FieldError:
    """A set of field errors (possibly empty). Falsy when empty, like Knative's nil error."""

    leaves: list[_Leaf] = field(default_factory=list)

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def new(cls, message: str, *paths: str, details: str = "", level: Level = Level.ERROR) -> FieldError:
        return cls([_Leaf(message, tuple(paths), details, level)])

    def __bool__(self) -> bool:
        return bool(self.leaves)

    def also(self, *others: FieldError | None) -> FieldError:
        """Merge other errors into a new FieldError (Knative's ``Also``)."""
        leaves = list(self.leaves)
        for o in others:
            if o:
                leaves.extend(o.leaves)
        return FieldError(leaves)

    def _map_paths(self, prefix: Sequence[str]) -> FieldError:
        return FieldError(
            [_Leaf(leaf.message, _prefix_paths(leaf.paths, prefix), leaf.details, leaf.level) for leaf in self.leaves]
        )

    def via_field(self, *prefix: str) -> FieldError:
        return self._map_paths(prefix)

    def via_index(self, index: int) -> FieldError:
        return self._map_paths([f"[{index}]"])

    def via_key(self, key: str) -> FieldError:
        return self._map_paths([f"[{key}]"])

    def via_field_index(self, name: str, index: int) -> FieldError:
        return self.via_index(index).via_field(name)

    def via_field_key(self, name: str, key: str) -> FieldError:
        return self.via_key(key).via_field(name)

    def at_level(self, level: Level) -> FieldError:
        return FieldError([_Leaf(leaf.message, leaf.paths, leaf.details, level) for leaf in self.leaves])

    def filter(self, level: Level) -> FieldError:
        return FieldError([leaf for leaf in self.leaves if leaf.level == level])

    # -- rendering ----------------------------------------------------------------------------
    def merged(self) -> list[_Leaf]:
        groups: dict[tuple[str, str, Level], list[str]] = {}
        for leaf in self.leaves:
            groups.setdefault((leaf.message, leaf.details, leaf.level), []).extend(leaf.paths)
        out = [_Leaf(m, tuple(sorted(set(paths))), d, lv) for (m, d, lv), paths in groups.items()]
        out.sort(key=lambda e: (e.message, e.details))
        return out

    def __str__(self) -> str:
        parts = []
        for e in self.merged():
            text = f"{e.message}: {', '.join(e.paths)}"
            if e.details:
                text += "\n" + e.details
            parts.append(text)
        return "\n".join(parts)

    def causes(self) -> list[dict[str, str]]:
        """Kubernetes StatusCause entries, one per (error, path)."""
        out = []
        for e in self.merged():
            msg = e.message + (f"\n{e.details}" if e.details else "")
            for p in e.paths or ("",):
                out.append({"reason": "FieldValueInvalid", "message": msg, "field": p})
        return out


# -- constructors mirroring knative.dev/pkg/apis ----------------------------------------------


def err_missing_field(*paths: str) -> FieldError:
    return FieldError.new("missing field(s)", *paths)


def err_disallowed_fields(*paths: str) -> FieldError:
    return FieldError.new("must not set the field(s)", *paths)


def err_generation_fields(*paths: str) -> FieldError:
    return FieldError.new("must not update the field(s)", *paths)


def err_invalid_value(value: object, *paths: str, details: str = "") -> FieldError:
    return FieldError.new(f"invalid value: {_fmt(value)}", *paths, details=details)


def err_missing_one_of(*paths: str) -> FieldError:
    return FieldError.new("expected exactly one, got neither", *paths)


def err_multiple_one_of(*paths: str) -> FieldError:
    return FieldError.new("expected exactly one, got both", *paths)


def err_invalid_key_name(key: str, path: str, *details: str) -> FieldError:
    return FieldError.new(f'invalid key name "{key}"', path, details=", ".join(details))


def err_out_of_bounds(value: object, lower: object, upper: object, path: str) -> FieldError:
    return FieldError.new(f"expected {_fmt(lower)} <= {_fmt(value)} <= {_fmt(upper)}", path)


def err_invalid_array_value(value: object, field_name: str, index: int) -> FieldError:
    return err_invalid_value(value, CURRENT_FIELD).via_field_index(field_name, index)


def _fmt(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
