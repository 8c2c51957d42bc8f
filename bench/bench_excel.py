"""Benchmark of the Excel roster import/export (issue 3). Prints timings; nothing here runs in the tests.

    /work/venv/bin/python bench/bench_excel.py [--rows 2000] [--export 10000] [--huge]

- import of an N-row WPS-style sheet: plan only (dry run) and plan + write, against openpyxl alone
  reading the same sheet in read-only mode (the floor);
- export of M members (the members are brought in by importing an M-row sheet first);
- --huge: a 100,000-row sheet: the import stops with a message; peak memory is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook, load_workbook

from app.db.database import Database
from app.domain.errors import UserError
from app.domain.id_number import make_id_number
from app.services import organizations, roster_excel as exporter, roster_excel as importer

BRANCHES = ("第一党支部", "第二党支部", "第三党支部", "企业党支部", "老年党支部")
HEADER = ["序号", "姓名", "性别", "民族", "身份证号码", "出生年月", "文化程度", "党员类别", "所属支部",
          "入党时间", "转正时间", "工作岗位", "联系电话", "家庭住址", "是否流动党员", "流向"]  # fmt: skip


def make_sheet(path: Path, rows: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("花名册")
    ws.append(["丁新村党总支党员花名册"])
    ws.append(
        ["填报单位：丁新村党总支", None, None, None, None, None, None, None, None, "填报日期：2026年5月"]
    )
    ws.append(HEADER)
    used: set[str] = set()
    for i in range(1, rows + 1):
        while True:
            birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 60))
            number = make_id_number(rng.choice(("330522", "330523", "330501")), birth, rng.randrange(1, 999))
            if number not in used:
                used.add(number)
                break
        joined = birth.replace(year=birth.year + rng.randint(19, 40), day=min(birth.day, 28))
        if joined > dt.date(2024, 1, 1):
            joined = dt.date(2024, 1, 1)
        confirmed = joined.replace(year=joined.year + 1)
        joined_cell = rng.choice([dt.datetime(joined.year, joined.month, joined.day), joined.isoformat(),
                                  f"{joined.year}.{joined.month:02d}", f"{joined.year}年{joined.month}月{joined.day}日"])  # fmt: skip
        mobile = rng.random() < 0.1
        ws.append(
            [
                i,
                f"党员{i}",
                "男" if int(number[16]) % 2 else "女",
                "汉",
                number,
                f"{birth.year}.{birth.month:02d}",
                rng.choice(("初中", "高中", "大专", "本科")),
                "正式党员",
                rng.choice(BRANCHES),
                joined_cell,
                confirmed.isoformat(),
                "村民",
                f"13{rng.randrange(0, 10**9):09d}",
                "丁新村",
                "是" if mobile else "否",
                "浙江省杭州市" if mobile else None,
            ]  # fmt: skip
        )
    wb.save(path)


def new_village(root: Path) -> Database:
    db = Database.open(root)
    top = organizations.set_up(db, "丁新村党总支")
    for name in BRANCHES[:3]:  # the other two are created by the import
        organizations.add_unit(db, top, name, "党支部")
    return db


def timed(label: str, func):  # type: ignore[no-untyped-def]
    """Wall-clock and CPU time: on a shared, busy machine the CPU time is the steadier figure."""
    start, cpu = time.perf_counter(), time.process_time()
    result = func()
    print(f"{label:<52} {time.perf_counter() - start:6.2f} s wall {time.process_time() - cpu:6.2f} s CPU")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--export", type=int, default=10000)
    parser.add_argument(
        "--huge", action="store_true", help="only the 100,000-row file (fresh process: clean peak RSS)"
    )
    args = parser.parse_args()
    if args.huge:
        huge_file()
        return
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        sheet = t / "import.xlsx"
        timed(f"generate a {args.rows}-row sheet", lambda: make_sheet(sheet, args.rows))

        def floor() -> int:
            wb = load_workbook(sheet, read_only=True, data_only=True)
            n = sum(1 for _ in wb.active.iter_rows(values_only=True))  # type: ignore[union-attr]
            wb.close()
            return n

        timed("openpyxl alone, read-only (floor)", floor)
        db = new_village(t / "a")
        plan = timed(
            f"import {args.rows} rows --dry-run (plan only)", lambda: importer.plan_import(db, sheet)
        )
        print(f"    rows: 新增 {plan.count(importer.NEW)}, 错误 {plan.count(importer.ERROR)}")
        db2 = new_village(t / "b")
        result = timed(
            f"import {args.rows} rows (plan + write, 1 transaction)",
            lambda: importer.apply_plan(db2, importer.plan_import(db2, sheet)),
        )
        print(f"    created {result.created}, branches created {result.branches_created}")
        again = timed(
            f"import the same {args.rows} rows again (all unchanged)",
            lambda: importer.plan_import(db2, sheet),
        )
        print(f"    unchanged {sum(1 for r in again.rows if r.unchanged)}")

        big = t / "big.xlsx"
        make_sheet(big, args.export, seed=2)
        db3 = new_village(t / "c")
        timed(
            f"import {args.export} rows (to have members to export)",
            lambda: importer.apply_plan(db3, importer.plan_import(db3, big)),
        )

        exporter.export_roster(db3, t / "export-probe.xlsx")
        src = load_workbook(t / "export-probe.xlsx", read_only=True)
        values = [list(r) for r in src.active.iter_rows(values_only=True)]  # type: ignore[union-attr]
        src.close()

        def write_floor() -> None:
            # openpyxl alone writing the same table (plain values, no styles): the floor for the export.
            wb = Workbook(write_only=True)
            ws = wb.create_sheet("x")
            for r in values:
                ws.append(r)
            wb.save(t / "floor.xlsx")

        timed(f"openpyxl alone writing the same {args.export} rows (floor)", write_floor)
        out = t / "export.xlsx"
        n = timed(
            f"export {args.export} members (national columns)", lambda: exporter.export_roster(db3, out)
        )
        timed(
            f"export {n} members (full columns)",
            lambda: exporter.export_roster(db3, t / "full.xlsx", kind="full"),
        )
        timed(f"re-import the {n}-member export (dry run)", lambda: importer.plan_import(db3, out))

        for d in (db, db2, db3):
            d.close()


def huge_file() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        huge = t / "huge.xlsx"
        timed("generate a 100,000-row sheet", lambda: make_sheet(huge, 100_000, seed=3))
        db = new_village(t / "d")
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start, cpu = time.perf_counter(), time.process_time()
        try:
            importer.plan_import(db, huge)
        except UserError as exc:
            wall, cpu = time.perf_counter() - start, time.process_time() - cpu
            print(f"{'import 100,000 rows (stops with a message)':<52} {wall:6.2f} s wall {cpu:6.2f} s CPU")
            print(f"    message: {exc}")
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"    peak RSS before reading {before / 1024:.0f} MB, after {after / 1024:.0f} MB")
        db.close()


if __name__ == "__main__":
    sys.exit(main())
