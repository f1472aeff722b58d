"""Child names and owner references, as ``knative.dev/pkg/kmeta`` computes them.

Every object a reconciler creates is named from its parent (``hello`` → ``hello-00001`` →
``hello-00001-deployment``) and points back at it with a controller owner reference, which
is what garbage collection and "is this mine?" checks rely on. Names are limited to 63
characters: when ``parent + suffix`` is too long, Knative keeps a head of the parent and
inserts the md5 of the parent (or of both, for very long suffixes) so that the name stays
unique and stable. Users see these names, so the algorithm is reproduced byte for byte.
"""

from __future__ import annotations

import hashlib
from typing import Any

Obj = dict[str, Any]

LONGEST = 63
_MD5_LEN = 32
_HEAD = LONGEST - _MD5_LEN  # how much of the parent is kept when hashing


def _md5hex(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def child_name(parent: str, suffix: str) -> str:
    """``kmeta.ChildName``: ``parent + suffix``, hashed down to 63 characters when too long."""
    if len(parent) <= LONGEST - len(suffix):
        return parent + suffix
    if _HEAD - len(suffix) <= 0:
        # The suffix alone is too long: hash everything and pad with the head of the suffix.
        ret = parent[:_HEAD] + _md5hex(parent + suffix)
        ret += suffix[: LONGEST - len(ret)]
        while ret and not (ret[-1].isascii() and ret[-1].isalnum()):
            ret = ret[:-1]  # makeValidName: no trailing '-' or '.' after truncation
        return ret
    return parent[: _HEAD - len(suffix)] + _md5hex(parent) + suffix


def owner_reference(obj: Obj, controller: bool = True, block_owner_deletion: bool = True) -> Obj:
    """An ``ownerReferences`` entry pointing at ``obj`` (``kmeta.NewControllerRef``)."""
    meta = obj.get("metadata") or {}
    ref: Obj = {
        "apiVersion": obj.get("apiVersion", ""),
        "kind": obj.get("kind", ""),
        "name": meta.get("name", ""),
        "uid": meta.get("uid", ""),
    }
    if controller:
        ref["controller"] = True
    if block_owner_deletion:
        ref["blockOwnerDeletion"] = True
    return ref


def controller_of(obj: Obj) -> Obj | None:
    """The owner reference marked ``controller: true``, if any (``metav1.GetControllerOf``)."""
    for ref in (obj.get("metadata") or {}).get("ownerReferences") or []:
        if ref.get("controller"):
            return dict(ref)
    return None


def is_controlled_by(obj: Obj, owner: Obj) -> bool:
    """Whether ``owner`` is ``obj``'s controller (``metav1.IsControlledBy``: compares UIDs)."""
    ref = controller_of(obj)
    uid = (owner.get("metadata") or {}).get("uid")
    return ref is not None and bool(uid) and ref.get("uid") == uid


def has_owner(obj: Obj, kind: str, name: str) -> bool:
    """Whether any owner reference names ``kind``/``name`` (Knative's label/owner checks)."""
    refs = (obj.get("metadata") or {}).get("ownerReferences") or []
    return any(r.get("kind") == kind and r.get("name") == name for r in refs)


class KeyPriority(tuple[str, ...]):
    """Annotation keys in priority order (``kmap.KeyPriority``): the canonical key first, then
    legacy aliases such as ``autoscaling.knative.dev/minScale``."""

    def __new__(cls, *keys: str) -> KeyPriority:
        return super().__new__(cls, keys)

    @property
    def key(self) -> str:
        return self[0]

    def get(self, m: dict[str, str] | None) -> tuple[str, str] | None:
        """The first key present in ``m`` and its value, or None."""
        for k in self:
            if m and k in m:
                return k, m[k]
        return None

    def value(self, m: dict[str, str] | None) -> str:
        found = self.get(m)
        return found[1] if found else ""
