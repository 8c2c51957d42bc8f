"""Benchmark: the star chart with photos (cards, A3) for 300 and 2,000 members, against a bare ReportLab floor.

Run: /work/venv/bin/python bench/bench_boards.py [--members 300 2000] [--keep DIR]

Each member has a photo of their own (360×480 JPEG, like a shrunk phone photo). Three timings per size:
  program   app.boards.pdf.write_pdf on the plain input (layout + drawing list + ReportLab)
  floor     a bare ReportLab script drawing the same cards (no layout engine, no drawing list)
  service   app.services.boards.render from a demo database (roster + ratings + deeds + the above)
Fonts are registered once per process before timing (shown separately: every run of the program pays it once).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image, ImageDraw, ImageFilter  # noqa: E402
from reportlab import rl_config  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from app.boards import (
    geometry as g,  # noqa: E402
    ops,  # noqa: E402
)
from app.boards.model import BoardData, BoardOptions, StarCard  # noqa: E402
from app.boards.pdf import write_pdf  # noqa: E402
from app.paths import fonts_dir  # noqa: E402

MM = g.MM
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
GIVEN = "伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩芳娜秀英敏静丽艳娟霞燕玲"
REASONS = (
    "带头参与村道清扫，连续三个月每周义务劳动",
    "帮助独居老人修缮房屋，联系镇医院上门体检",
    "调解邻里纠纷3起",
    "组织党员志愿者开展防汛巡查，累计巡查河道40余公里，发现隐患5处",
)


def make_photos(folder: Path, n: int, rng: random.Random) -> list[str]:
    """n distinct 360×480 JPEGs with some texture, ~25–40 KB each like real shrunk photos."""
    paths = []
    for i in range(n):
        img = Image.effect_noise((360, 480), 40).convert("RGB")
        bg = Image.new(
            "RGB", (360, 480), (rng.randint(180, 240), rng.randint(180, 240), rng.randint(180, 240))
        )
        img = Image.blend(bg, img, 0.25).filter(ImageFilter.GaussianBlur(1))
        d = ImageDraw.Draw(img)
        d.ellipse((120, 90, 240, 230), fill=(230, 200, 170))
        d.rounded_rectangle((60, 250, 300, 520), 60, fill=(rng.randint(20, 90), 40, 60))
        path = folder / f"m{i:05d}.jpg"
        img.save(path, "JPEG", quality=85)
        paths.append(str(path))
    return paths


def make_board(n: int, photos: list[str], rng: random.Random) -> BoardData:
    cards = []
    for i in range(n):
        level = rng.choice((5, 4, 4, 3, 3, 2, 0))
        cards.append(
            StarCard(
                name=rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))),
                post_or_branch=f"第{'一二三四五'[i * 5 // n]}党支部",
                photo_path=photos[i],
                level=level,
                reason=rng.choice(REASONS),
                highlight=level == 5,
                branch=f"第{'一二三四五'[i * 5 // n]}党支部",
            )
        )
    options = BoardOptions(
        title="2026年第三季度党员闪光言行星级评定公示",
        organization="丁新村党总支",
        date_text="2026年10月8日",
        subtitle="2026年第三季度 · 全体党员",
        objection_line="公示期：2026年10月8日至10月14日。如有异议，请向村党组织反映。",
        paper="A3",
    )
    return BoardData("stars", options, stars=cards)


def floor(data: BoardData, out: Path) -> int:
    """The same cards with bare ReportLab calls: the least any program could spend."""
    rl_config.useA85 = 0
    w, h = g.page_size("A3", "portrait")
    m = 12 * MM
    card_w, card_h, gap = 66 * MM, 33 * MM, 3 * MM
    cols = int((w - 2 * m + gap) // (card_w + gap))
    top, bottom = h - m - 22 * MM, m + 13 * MM
    rows = int((top - bottom + gap) // (card_h + gap))
    c = Canvas(str(out), pagesize=(w, h), pageCompression=1, initialFontName=ops.REGULAR)
    pages = 0
    per_page = cols * rows
    for start in range(0, len(data.stars), per_page):
        pages += 1
        c.setFillColorRGB(0.7, 0.15, 0.12)
        c.rect(m, h - m - 13 * MM, w - 2 * m, 13 * MM, stroke=0, fill=1)
        c.setFillColorRGB(1, 1, 1)
        c.setFont(ops.BOLD, 21)
        c.drawCentredString(w / 2, h - m - 9 * MM, data.options.title)
        for k, card in enumerate(data.stars[start : start + per_page]):
            r, col = divmod(k, cols)
            x, y = m + col * (card_w + gap), top - (r + 1) * (card_h + gap)
            c.setStrokeColorRGB(0.8, 0.78, 0.7)
            c.setFillColorRGB(1, 1, 1)
            c.roundRect(x, y, card_w, card_h, 2 * MM, stroke=1, fill=1)
            ph = card_h - 4.8 * MM
            if card.photo_path:
                c.drawImage(card.photo_path, x + 2.4 * MM, y + 2.4 * MM, ph * 0.75, ph)
            tx = x + 2.4 * MM + ph * 0.75 + 2.6 * MM
            c.setFillColorRGB(0.1, 0.1, 0.1)
            c.setFont(ops.BOLD, 13)
            c.drawString(tx, y + card_h - 7 * MM, card.name)
            c.setFont(ops.REGULAR, 7.8)
            c.drawString(tx, y + card_h - 11.7 * MM, card.post_or_branch)
            for i in range(5):
                p = c.beginPath()
                pts = ops.star_points(tx + 2.2 * MM + i * 5 * MM, y + card_h - 16 * MM, 2.4 * MM)
                p.moveTo(*pts[0])
                for pt in pts[1:]:
                    p.lineTo(*pt)
                p.close()
                c.setFillColorRGB(0.95, 0.72, 0.02) if i < card.level else c.setFillColorRGB(1, 1, 1)
                c.drawPath(p, stroke=1, fill=1)
            c.setFillColorRGB(0.1, 0.1, 0.1)
            c.setFont(ops.REGULAR, 7.4)
            c.drawString(tx, y + card_h - 23.8 * MM, card.reason[:14])
            c.drawString(tx, y + card_h - 27.7 * MM, card.reason[14:28])
        c.setFont(ops.REGULAR, 9)
        c.drawString(m, m + 6 * MM, data.options.objection_line)
        c.showPage()
    c.save()
    return pages


def service_run(n: int, folder: Path) -> tuple[float, int]:
    from app import demo
    from app.db.database import Database
    from app.services import boards, evaluations

    db = Database.open(folder / f"demo{n}")
    demo.make_demo(db, members=n, seed=7)
    period = next(
        p.id for p in evaluations.list_periods(db) if any(r.level for r in evaluations.ratings(db, p.id))
    )
    req = boards.BoardRequest("stars", period=period, paper="A3")
    t = time.perf_counter()
    pages = boards.render(db, req, folder / f"service{n}.pdf")
    seconds = time.perf_counter() - t
    db.close()
    return seconds, pages


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, nargs="+", default=[300, 2000])
    parser.add_argument("--keep", help="keep the PDFs in this folder")
    parser.add_argument("--no-service", action="store_true")
    args = parser.parse_args()
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep) if args.keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        ops.use_fonts(fonts_dir())
        ops.register_fonts(full=True)  # the full fonts under the names the floor draws with
        print(f"fonts registered (once per process): {time.perf_counter() - t:.2f} s")
        photos = make_photos(folder, max(args.members), rng)
        for n in args.members:
            data = make_board(n, photos, rng)
            t = time.perf_counter()
            pages = write_pdf(data, folder / f"program{n}.pdf")
            program = time.perf_counter() - t
            t = time.perf_counter()
            floor_pages = floor(data, folder / f"floor{n}.pdf")
            bare = time.perf_counter() - t
            size = (folder / f"program{n}.pdf").stat().st_size / 1e6
            fsize = (folder / f"floor{n}.pdf").stat().st_size / 1e6
            print(
                f"{n:5d} members, A3 cards: program {program:.2f} s ({pages} pages, {size:.1f} MB)  "
                f"floor {bare:.2f} s ({floor_pages} pages, {fsize:.1f} MB)  ratio {program / bare:.2f}×"
            )
            if not args.no_service:
                seconds, spages = service_run(n, folder)
                print(
                    f"{n:5d} members, service from a demo database (rated members only): {seconds:.2f} s ({spages} pages)"
                )


if __name__ == "__main__":
    main()
