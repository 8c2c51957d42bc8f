"""The one seeded id maker of the demo generators: the same seed gives the same village, ids included."""

from __future__ import annotations

import random

_VERSION_MASK = ~(0xF000 << 64) & ~(0xC000 << 48)
_VERSION_4 = (0x4000 << 64) | (0x8000 << 48)


def seeded_uuid(rng: random.Random) -> str:
    """A version-4 UUID's text drawn from ``rng`` (equal to ``str(uuid.UUID(int=…, version=4))``).

    Built from one integer without UUID objects: a big demo makes ~300,000 of them."""
    h = f"{rng.getrandbits(128) & _VERSION_MASK | _VERSION_4:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
