"""Kubernetes resource quantities (``500m``, ``1``, ``128Mi``, ``1G``, ``1e3``) as numbers."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_SUFFIX = {
    "": Decimal(1), "n": Decimal("1e-9"), "u": Decimal("1e-6"), "m": Decimal("1e-3"),
    "k": Decimal(10) ** 3, "M": Decimal(10) ** 6, "G": Decimal(10) ** 9, "T": Decimal(10) ** 12,
    "P": Decimal(10) ** 15, "E": Decimal(10) ** 18,
    "Ki": Decimal(2) ** 10, "Mi": Decimal(2) ** 20, "Gi": Decimal(2) ** 30, "Ti": Decimal(2) ** 40,
    "Pi": Decimal(2) ** 50, "Ei": Decimal(2) ** 60,
}
_RE = re.compile(r"^([+-]?[0-9.]+)([eE][+-]?[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?$")


class QuantityError(ValueError):
    pass


def parse(value: str | int | float) -> Decimal:
    if isinstance(value, int | float):
        return Decimal(str(value))
    m = _RE.match(value.strip())
    if not m:
        raise QuantityError("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")
    try:
        number = Decimal(m.group(1) + (m.group(2) or ""))
    except InvalidOperation as e:
        raise QuantityError(f"invalid quantity {value!r}") from e
    return number * _SUFFIX[m.group(3) or ""]


def millis(value: str | int | float) -> int:
    """CPU in millicores (``500m`` → 500, ``2`` → 2000)."""
    return int((parse(value) * 1000).to_integral_value(rounding="ROUND_CEILING"))


def to_int(value: str | int | float) -> int:
    """Bytes and counts (``128Mi`` → 134217728)."""
    return int(parse(value).to_integral_value(rounding="ROUND_CEILING"))
