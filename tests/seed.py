"""The seed document's manifests, extracted verbatim (fences removed, common indent stripped).

``python -m tests.seed`` re-extracts the files under tests/data/seed/ from the seed document
by the line ranges that ../shared/SEED-EXAMPLES.md gives; tests read the saved files.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from tests.shared import SHARED

DATA = Path(__file__).parent / "data" / "seed"
SEED = SHARED / "seeds" / "000_dc9e229ddeccf46b.txt"


def extract(lines: list[str], first: int, last: int) -> str:
    block = lines[first - 1:last]
    fences = [i for i, line in enumerate(block) if line.strip().startswith("```")]
    if len(fences) >= 2:
        block = block[fences[0] + 1:fences[1]]
    elif len(fences) == 1:
        block = block[fences[0] + 1:] if fences[0] < len(block) / 2 else block[:fences[0]]
    return textwrap.dedent("\n".join(block)).strip("\n") + "\n"


def path(name: str) -> Path:
    return DATA / f"{name}.yaml"


def text(name: str) -> str:
    return path(name).read_text()


SERVING = {
    "e12-service-hello": (357, 377),
    "e17-service-hello-002": (513, 533),
    "e34-clusterdomainclaim": (680, 687),
    "e39-domainmapping": (714, 725),
    "e45-service-two-revisions": (805, 839),
    "e49-service-traffic-split": (875, 904),
    "e50-service-tags": (917, 940),
    "e57-config-autoscaler": (1133, 1141),
    "e58-service-kpa": (1145, 1159),
    "e59-service-retention": (1195, 1214),
    "e60-service-concurrency": (1236, 1256),
    "e62-service-scale-bounds": (1293, 1317),
    "e64-service-rps": (1343, 1367),
}

if __name__ == "__main__":
    seed_lines = SEED.read_text().splitlines()
    DATA.mkdir(parents=True, exist_ok=True)
    for name, (a, b) in SERVING.items():
        path(name).write_text(extract(seed_lines, a, b))
        print("wrote", path(name))
