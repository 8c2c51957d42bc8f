"""Benchmark for issue 15: each row as a ratio to its bare-library floor, measured in the same run.

Run: /work/main/.venv/bin/python bench/bench_speed.py [--runs 5] [--keep DIR]

Whole processes; program and floor alternate (after one warm-up run of each) and the medians are compared, so
the load of a shared machine moves both alike. The targets are on wall time; the CPU time of the process
(user + system) is printed beside it, steadier when other jobs load the machine. The floors are the small scripts in bench/floors/.
Data (made once, kept with --keep): a 2,000-member demo, and a 300-member demo whose every member has a photo
(the demo village has a few rare-character names, so its board takes the full fonts; a copy with those characters
replaced shows the board with the common-character subset fonts).
The roster import (real, not dry) writes 2,000 new members into a fresh copy of an empty village made before each
run (the copy is not timed); its floor is openpyxl's read-only pass over the same sheet.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOORS = Path(__file__).resolve().parent / "floors"
PY = sys.executable
sys.path.insert(0, str(ROOT))


@dataclass
class Row:
    work: str
    program: list[str]
    floor: list[str]
    target: float
    env: dict[str, str] | None = None
    prepare: Callable[[], None] | None = None  # before each program run, not timed


def run(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process) for one whole run."""
    full_env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **(env or {}))
    # As installed (pip compiles the libraries, the frozen program ships .pyc): the program's own modules are
    # compiled once by the warm-up run, not on every run, as the floors' libraries are not.
    full_env.pop("PYTHONDONTWRITEBYTECODE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(
        argv, cwd=ROOT, env=full_env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def make_demo(folder: Path, members: int) -> None:
    if not (folder / "pioneer-board.sqlite3").exists():
        subprocess.run(
            [PY, "-m", "app", "--data-dir", str(folder), "demo", "--members", str(members)],
            cwd=ROOT,
            check=True,
        )


def give_every_member_a_photo(folder: Path) -> None:
    from PIL import Image, ImageDraw

    from app.services import photos, roster
    from app.services.store import open_database

    db = open_database(folder)
    rng = random.Random(15)
    scratch = Path(tempfile.mkdtemp())
    for i, member in enumerate(roster.list_members(db)):
        if member.photo:
            continue
        img = Image.new(
            "RGB", (360, 480), (rng.randint(180, 240), rng.randint(180, 240), rng.randint(180, 240))
        )
        draw = ImageDraw.Draw(img)
        draw.ellipse((120, 90, 240, 230), fill=(230, 200, 170))
        draw.rounded_rectangle((60, 250, 300, 520), 60, fill=(rng.randint(20, 90), 40, 60))
        path = scratch / f"m{i}.jpg"
        img.save(path, "JPEG", quality=85)
        photos.set_member_photo(db, member.id, path)
    db.close()


def without_rare_names(source: Path, dest: Path) -> None:
    """A copy of ``source`` whose names hold only GB 2312 characters (the boards then use the subset fonts)."""
    import shutil
    import sqlite3

    from app.boards.fonts import common_characters

    if (dest / "pioneer-board.sqlite3").exists():
        return
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns("*.lock", "backups", "logs"))
    common = common_characters()
    con = sqlite3.connect(dest / "pioneer-board.sqlite3")
    with con:
        for member_id, name in con.execute("SELECT id, name FROM members").fetchall():
            plain = "".join(ch if ch in common else "明" for ch in name)
            if plain != name:
                con.execute("UPDATE members SET name = ? WHERE id = ?", (plain, member_id))
    con.close()


def rated_period(folder: Path) -> str:
    from app.services import evaluations
    from app.services.store import open_database

    db = open_database(folder)
    try:  # the quarter with the most stars given (a closed one, whole organisation)
        return max(
            evaluations.list_periods(db),
            key=lambda p: sum(1 for r in evaluations.ratings(db, p.id) if r.level),
        ).id
    finally:
        db.close()


def import_row(out: Path) -> Row:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_excel import make_sheet, new_village

    sheet, empty, target = out / "import-2000.xlsx", out / "empty-village", out / "import-village"
    if not sheet.exists():
        make_sheet(sheet, 2000)
    shutil.rmtree(empty, ignore_errors=True)
    new_village(empty).close()  # made by this code: no migration in the timed run

    def fresh() -> None:
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(empty, target, ignore=shutil.ignore_patterns("*.lock"))

    return Row(
        "`roster import` 2,000 rows (real, not dry; safety backup, one transaction)",
        [PY, "-m", "app", "--data-dir", str(target), "roster", "import", str(sheet)],
        [PY, str(FLOORS / "sheet_read.py"), str(sheet)],
        2.0,
        prepare=fresh,
    )


def rows(d2000: Path, d300: Path, out: Path) -> list[Row]:
    d300_common = out / "demo300-common-names"
    without_rare_names(d300, d300_common)
    period300, period2000 = rated_period(d300), rated_period(d2000)
    gui_floor = [PY, str(FLOORS / "gui_table.py"), "2000"]
    font = str(ROOT / "resources" / "fonts" / "NotoSansSC-Regular.ttf")
    return [
        Row(
            "GUI start, 2,000 members, first paint (正在打开…)",
            [PY, "-m", "ui", "--data-dir", str(d2000)],
            gui_floor,
            2.0,
            {"PIONEER_BOARD_QUIT_AFTER": "shown"},
        ),
        Row(
            "GUI start, 2,000 members, roster rows shown",
            [PY, "-m", "ui", "--data-dir", str(d2000)],
            gui_floor,
            4.0,
            {"PIONEER_BOARD_QUIT_AFTER": "ready"},
        ),
        Row(
            f"`board stars --period {period300} --paper A3 --orientation landscape`, 300 members with photos",
            [
                PY,
                "-m",
                "app",
                "--data-dir",
                str(d300),
                "board",
                "stars",
                "--period",
                period300,
                "--paper",
                "A3",
            ]
            + ["--orientation", "landscape", "-o", str(out / "stars.pdf")],
            [PY, str(FLOORS / "board_cards.py"), str(d300), font, str(out / "floor.pdf"), period300],
            2.0,
        ),
        Row(
            "the same board, every name in GB 2312 (the subset fonts)",
            [PY, "-m", "app", "--data-dir", str(d300_common), "board", "stars", "--period", period300]
            + ["--paper", "A3", "--orientation", "landscape", "-o", str(out / "stars-common.pdf")],
            [PY, str(FLOORS / "board_cards.py"), str(d300_common), font, str(out / "floor.pdf"), period300],
            2.0,
        ),
        Row("`--version`", [PY, "-m", "app", "--version"], [PY, "-c", "import argparse"], 2.0),
        Row(
            f"`stars list --period {period2000} --json`, 2,000 members",
            [PY, "-m", "app", "--data-dir", str(d2000), "stars", "list", "--period", period2000, "--json"],
            [PY, str(FLOORS / "data_select.py"), str(d2000)],
            1.3,
        ),
        import_row(out),
    ]


def measure(row: Row, runs: int) -> tuple[float, float, float, float]:
    """Medians: program wall, floor wall, program CPU, floor CPU."""
    prepare = row.prepare or (lambda: None)
    prepare()
    run(row.program, row.env)  # warm-up: file cache, .pyc files
    run(row.floor)
    program, floor = [], []
    for _ in range(runs):
        prepare()
        program.append(run(row.program, row.env))
        floor.append(run(row.floor))
    return (
        statistics.median(w for w, _ in program),
        statistics.median(w for w, _ in floor),
        statistics.median(c for _, c in program),
        statistics.median(c for _, c in floor),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="make (or reuse) the demo data here")
    parser.add_argument("--only", help="measure only the rows whose text contains this (e.g. import)")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-speed-"))
    d2000, d300 = base / "demo2000", base / "demo300"
    make_demo(d2000, 2000)
    if not (d300 / "pioneer-board.sqlite3").exists():
        make_demo(d300, 300)
        give_every_member_a_photo(d300)
    print(f"load average before: {os.getloadavg()[0]:.1f}; median of {args.runs}, whole processes\n")
    print("| work | program | floor | ratio | target | met | CPU: program / floor = ratio |")
    print("|---|---|---|---|---|---|---|")
    for row in rows(d2000, d300, base):
        if args.only and args.only not in row.work:
            continue
        program, floor, program_cpu, floor_cpu = measure(row, args.runs)
        ratio = program / floor
        met = "yes" if ratio <= row.target else "no"
        print(
            f"| {row.work} | {program:.2f} s | {floor:.2f} s | {ratio:.2f}× | ≤ {row.target:g}× | {met} "
            f"| {program_cpu:.2f} / {floor_cpu:.2f} s = {program_cpu / floor_cpu:.2f}× |",
            flush=True,
        )
    print(f"\nload average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
