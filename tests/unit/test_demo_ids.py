"""The one seeded id maker of the demo: valid version-4 UUIDs, the same for the same seed."""

from __future__ import annotations

import random
import uuid

from app.demo.ids import seeded_uuid


def test_seeded_uuid_is_the_version_4_uuid_of_the_same_bits() -> None:
    a, b = random.Random(7), random.Random(7)
    for _ in range(2000):
        text = seeded_uuid(a)
        assert text == str(uuid.UUID(int=b.getrandbits(128), version=4))
        assert uuid.UUID(text).version == 4


def test_no_other_copy_of_the_seeded_uuid_helper() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "app"
    copies = [
        p
        for p in root.rglob("*.py")
        if "getrandbits(128)" in p.read_text(encoding="utf-8") and p.name != "ids.py"
    ]
    assert copies == []
