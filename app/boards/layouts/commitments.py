"""The commitment board (承诺公示): a card per member or team, each promise with its kind and, at year end, whether it was kept."""

from __future__ import annotations

from app.boards.layouts.common import (
    GOLD,
    GREY,
    INK,
    KEPT,
    MM,
    NOT_KEPT,
    RED,
    Cell,
    Progress,
    by_branch,
    finish,
    flow,
    make_frame,
    photo_ops,
    pill,
)
from app.boards.model import (
    BoardData,
    BoardOptions,
    CommitmentEntry,
    CommitmentItem,
)
from app.boards.ops import (
    BOLD,
    REGULAR,
    Line,
    Op,
    Page,
    Rect,
    Text,
    ellipsize,
    fit_size,
    width,
    wrap,
)


def commitment_card(e: CommitmentEntry, o: BoardOptions, u: float, max_h: float) -> Cell:
    pad = 2.4 * MM * u
    photo_h = 30 * MM * u
    photo_w = photo_h * 0.75
    size = 8.4 * u
    line_h = 4.1 * MM * u
    kind_size = 6.8 * u

    def layout(w: float) -> list[tuple[CommitmentItem, list[str]]]:
        tw = w - photo_w - 3 * pad - 0.6 * MM * u
        return [(c, wrap(c.content, size, tw, REGULAR, max_lines=3)) for c in e.commitments]

    def height_for(items: list[tuple[CommitmentItem, list[str]]]) -> float:
        text_h = 10.5 * MM * u + sum(4.6 * MM * u + len(lines) * line_h + 1.6 * MM * u for _, lines in items)
        return min(max(photo_h + 2 * pad, text_h + pad), max_h)

    # The card height depends on its width; cells are laid out at the narrowest width they may get.
    ref_items = layout(88 * MM * u)
    h = height_for(ref_items)

    def draw(x: float, y: float, w: float) -> list[Op]:
        ops: list[Op] = [Rect(x, y, w, h, fill="#FFFFFF", stroke="#CFC6B4", width=0.6 * u, radius=2 * MM * u)]
        ops += photo_ops(e.photo_path, x + pad, y + h - pad - photo_h, photo_w, photo_h, e.name, u)
        tx = x + pad + photo_w + pad
        tw = x + w - pad - tx
        top = y + h - pad
        name_size = fit_size(e.name, 12.5 * u, tw * 0.55, BOLD, 8 * u)
        ops.append(
            Text(tx, top - 4.4 * MM * u, ellipsize(e.name, name_size, tw * 0.6, BOLD), name_size, BOLD, INK)
        )
        if e.post_or_branch:
            nw = width(ellipsize(e.name, name_size, tw * 0.6, BOLD), name_size, BOLD)
            ops.append(
                Text(
                    tx + nw + 2 * MM * u,
                    top - 4.4 * MM * u,
                    ellipsize(e.post_or_branch, 7.8 * u, tw - nw - 2 * MM * u),
                    7.8 * u,
                    REGULAR,
                    GREY,
                )
            )
        ops.append(Line(tx, top - 6.6 * MM * u, tx + tw, top - 6.6 * MM * u, GOLD, 0.6 * u))
        cy = top - 8.4 * MM * u
        items = layout(w)
        for n, (c, lines) in enumerate(items):
            need = 4.6 * MM * u + len(lines) * line_h
            if cy - need < y + pad:
                left = len(items) - n
                ops.append(Text(tx, cy - 3 * MM * u, f"……另有{left}项承诺", 7.4 * u, REGULAR, GREY))
                break
            p, pw = pill(tx, cy - 3.6 * MM * u, c.kind or "承诺", kind_size, None, RED, RED)
            ops += p
            if o.year_end:
                if c.kept is True:
                    s, _ = pill(
                        tx + pw + 1.5 * MM * u,
                        cy - 3.6 * MM * u,
                        c.status or "已兑现",
                        kind_size,
                        KEPT,
                        "#FFFFFF",
                        None,
                    )
                    ops += s
                elif c.kept is False:
                    s, _ = pill(
                        tx + pw + 1.5 * MM * u,
                        cy - 3.6 * MM * u,
                        c.status or "未兑现",
                        kind_size,
                        None,
                        NOT_KEPT,
                        NOT_KEPT,
                    )
                    ops += s
                elif c.status:
                    ops.append(
                        Text(tx + pw + 1.5 * MM * u, cy - 3 * MM * u, c.status, kind_size, REGULAR, GREY)
                    )
            cy -= 4.6 * MM * u
            for line in lines:
                ops.append(Text(tx, cy - 3.0 * MM * u, line, size, REGULAR, INK))
                cy -= line_h
            cy -= 1.6 * MM * u
        if not e.commitments:
            ops.append(Text(tx, cy - 3 * MM * u, "（未填写承诺）", size, REGULAR, GREY))
        return ops

    return h, draw


def commitment_board(data: BoardData, progress: Progress | None = None) -> list[Page]:
    o = data.options
    f = make_frame(o)
    max_h = f.inner_h - 14 * MM * f.u
    sections = [
        (title, [commitment_card(e, o, f.u, max_h) for e in group])
        for title, group in by_branch(data.commitments, lambda e: e.branch)
    ]
    return finish(flow(f, sections, 88 * MM * f.u, 3 * MM * f.u, progress), f, o)
