"""Which characters a TrueType font can draw: its 'cmap' table, read from the font's bytes (formats 4 and 12).

Pure (the caller reads the file): names are checked against the bundled font so that a board never prints an
empty box where a rare character should be. Small on purpose: fontTools is only a development dependency.
"""

from __future__ import annotations

import struct


def _table(data: bytes, tag: bytes) -> bytes:
    (num_tables,) = struct.unpack_from(">H", data, 4)
    for i in range(num_tables):
        entry_tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if entry_tag == tag:
            return data[offset : offset + length]
    raise ValueError(f"no {tag!r} table")


def _format4(sub: bytes) -> set[int]:
    (seg_x2,) = struct.unpack_from(">H", sub, 6)
    segs = seg_x2 // 2
    ends = struct.unpack_from(f">{segs}H", sub, 14)
    starts = struct.unpack_from(f">{segs}H", sub, 16 + seg_x2)
    deltas = struct.unpack_from(f">{segs}h", sub, 16 + 2 * seg_x2)
    range_base = 16 + 3 * seg_x2
    offsets = struct.unpack_from(f">{segs}H", sub, range_base)
    codes: set[int] = set()
    for i in range(segs):
        for c in range(starts[i], ends[i] + 1):
            if c == 0xFFFF:
                continue
            if offsets[i] == 0:
                glyph = (c + deltas[i]) & 0xFFFF
            else:
                at = range_base + 2 * i + offsets[i] + 2 * (c - starts[i])
                (glyph,) = struct.unpack_from(">H", sub, at)
                if glyph:
                    glyph = (glyph + deltas[i]) & 0xFFFF
            if glyph:
                codes.add(c)
    return codes


def _format12(sub: bytes) -> set[int]:
    (groups,) = struct.unpack_from(">I", sub, 12)
    codes: set[int] = set()
    for i in range(groups):
        start, end, first_glyph = struct.unpack_from(">III", sub, 16 + 12 * i)
        codes.update(range(start if first_glyph else start + 1, end + 1))
    return codes


def drawable_characters(font: bytes) -> frozenset[int]:
    """The code points the font maps to a glyph (the best Unicode subtable: format 12, else 4)."""
    cmap = _table(font, b"cmap")
    (count,) = struct.unpack_from(">H", cmap, 2)
    best: tuple[int, bytes] | None = None
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", cmap, 4 + 8 * i)
        if (platform, encoding) not in ((3, 1), (3, 10), (0, 3), (0, 4), (0, 6)):
            continue
        (fmt,) = struct.unpack_from(">H", cmap, offset)
        if fmt in (4, 12) and (best is None or fmt > best[0]):
            best = (fmt, cmap[offset:])
    if best is None:
        raise ValueError("no Unicode cmap")
    return frozenset(_format12(best[1]) if best[0] == 12 else _format4(best[1]))
