"""Helpers for the notice-board tests: read back what a PDF holds (fonts, text, page sizes)."""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import zlib
from pathlib import Path

from app.boards.model import (
    BoardData,
    BoardOptions,
    CommitmentEntry,
    CommitmentItem,
    PointsRow,
    StarCard,
    WuliangSheet,
)
from app.demo import placeholder_photo

NAMES = ("欧阳明月", "王伟", "李秀英", "张强", "诸葛建国", "刘芳", "陈静", "杨洋", "赵磊")
LONG_COMMITMENT = "每月走访联系户不少于两次，及时收集反映群众意见建议，带头做好垃圾分类和环境整治工作"


def photo(folder: Path, n: int = 0) -> str:
    import random

    path = folder / f"p{n}.jpg"
    if not path.exists():
        path.write_bytes(placeholder_photo(random.Random(n), n % 2 == 1))
    return str(path)


def options(**kw: object) -> BoardOptions:
    base: dict[str, object] = dict(
        title="2026年第三季度党员闪光言行星级评定公示",
        organization="丁新村党总支",
        date_text="2026年10月8日",
        subtitle="2026年第三季度 · 全体党员",
        objection_line="公示期：2026年10月8日至10月14日。如有异议，请向村党组织反映。",
    )
    base.update(kw)
    return BoardOptions(**base)  # type: ignore[arg-type]


def star_board(folder: Path, n: int = 9, **kw: object) -> BoardData:
    cards = [
        StarCard(
            name=NAMES[i % len(NAMES)],
            post_or_branch="第一党支部" if i % 3 else "组织委员",
            photo_path=photo(folder, i % 3) if i % 4 else None,
            level=i % 6,
            reason=LONG_COMMITMENT if i % 2 else "调解邻里纠纷3起",
            exempt=i == 7,
            highlight=i % 6 == 5,
            branch="第一党支部" if i < n // 2 else "第二党支部",
        )
        for i in range(n)
    ]
    return BoardData("stars", options(**kw), stars=cards)


def commitment_board(folder: Path, n: int = 5, **kw: object) -> BoardData:
    entries = [
        CommitmentEntry(
            NAMES[i % len(NAMES)],
            photo(folder, i) if i % 2 else None,
            (
                CommitmentItem("依岗承诺", LONG_COMMITMENT[:40], "已兑现", True),
                CommitmentItem("具体承诺", "帮助困难户销售农产品", "未兑现", False),
                CommitmentItem("因事承诺", "每周参加一次志愿服务活动", "承诺中", None),
            )[: 1 + i % 3],
            "书记" if i == 0 else "",
            "第一党支部",
        )
        for i in range(n)
    ]
    return BoardData("commitments", options(title="2026年度党员公开承诺公示", **kw), commitments=entries)


def wuliang_board(folder: Path, n: int = 3, **kw: object) -> BoardData:
    sheets = [
        WuliangSheet(
            NAMES[i],
            photo(folder, i) if i else None,
            "党员 · 党员先锋岗",
            "丁家桥网格（共42户）",
            "负责网格内政策宣传、矛盾纠纷排查调解",
            (LONG_COMMITMENT,),
            ("代办社保医保业务", "邻里纠纷调解"),
            "13857201234",
            "第一党支部",
        )
        for i in range(n)
    ]
    return BoardData("wuliang", options(title="党员“五亮”公示牌", objection_line="", **kw), wuliang=sheets)


def points_board(n: int = 12, **kw: object) -> BoardData:
    rows = [
        PointsRow(
            i + 1,
            NAMES[i % len(NAMES)],
            "第一党支部",
            "普通类",
            100 - i * 4,
            "优秀" if i < 3 else "合格",
            5 - i // 3,
        )
        for i in range(n)
    ]
    return BoardData("points", options(title="2026年度党员量化积分公示", **kw), points=rows)


# --- reading PDFs back -------------------------------------------------------------------------------


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    data = pdf.read_bytes()
    return [
        (float(m.group(3)) - float(m.group(1)), float(m.group(4)) - float(m.group(2)))
        for m in re.finditer(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    ]


def fonts(pdf: Path) -> list[tuple[str, bool]]:
    """(font name, embedded) for every font: pdffonts when installed, else the PDF's font dictionaries."""
    if shutil.which("pdffonts"):
        out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        rows = []
        for line in out.splitlines()[2:]:
            parts = line.split()
            # name type [type2] encoding emb sub uni object ID: "emb" is the 4th column from the right.
            rows.append((parts[0], parts[-5] == "yes"))
        return rows
    data = pdf.read_bytes()
    # ReportLab writes uncompressed object dictionaries; font programs live in /FontFile2 streams.
    names = re.findall(rb"/BaseFont\s*/([^\s/>]+)", data)
    embedded = len(re.findall(rb"/FontFile2", data))
    return [(n.decode(), embedded >= len(set(names)) and b"+" in n) for n in names]


def text(pdf: Path) -> str:
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    raise RuntimeError("pdftotext (poppler-utils) is needed for this test")


def has_poppler() -> bool:
    return shutil.which("pdftotext") is not None


def raw_streams(pdf: Path) -> bytes:
    """All page content, decompressed (to look for things that must never be printed)."""
    data = pdf.read_bytes()
    out = [data]
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        with contextlib.suppress(zlib.error):
            out.append(zlib.decompress(m.group(1)))
    return b"\n".join(out)
