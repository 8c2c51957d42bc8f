"""Benchmark: backup create / verify / restore with 2,000 members, 2,000 distinct photos, two years of data.

Not a test. Run: python bench/bench_backup.py [--members 2000] [--repeat 3] [--save DIR | --prepared DIR]
The floor is what the bare work costs: SQLite's backup API plus a zip of the same files, with no
hashing, no read-back verification and no atomic swap.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app import demo  # noqa: E402
from app.backup import package, restore  # noqa: E402
from app.db.database import Database  # noqa: E402
from app.services import photos, roster  # noqa: E402


def timed(func: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def give_everyone_a_photo(db: Database, work: Path) -> int:
    """2,000 distinct small JPEGs, set through the photo service like a clerk would."""
    rng = random.Random(42)
    members = roster.list_members(db, status="all")
    source = work / "photo-source.jpg"
    for m in members:
        source.write_bytes(demo.placeholder_photo(rng, rng.random() < 0.4))
        photos.set_member_photo(db, m.id, source)
    return len(members)


def floor(db: Database, out: Path) -> None:
    snap = out.with_suffix(".sqlite3")
    src = sqlite3.connect(db.data_dir.db_path)
    dst = sqlite3.connect(snap)
    src.backup(dst)
    dst.close()
    src.close()
    with zipfile.ZipFile(out, "w") as zf:
        zf.write(snap, "database.sqlite3", compress_type=zipfile.ZIP_DEFLATED)
        for p in db.data_dir.photos.iterdir():
            zf.write(p, "photos/" + p.name, compress_type=zipfile.ZIP_STORED)
    snap.unlink()
    out.unlink()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--prepared", help="reuse (a copy of) a data folder made by an earlier run with --save"
    )
    parser.add_argument("--save", help="keep a copy of the generated data folder here for --prepared")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        started = time.perf_counter()
        if args.prepared:
            shutil.copytree(args.prepared, work / "data")
            db = Database.open(work / "data")
            n = len(roster.list_members(db, status="all"))
        else:
            db = Database.open(work / "data")
            # The demo covers two years (commitments, ratings, points) in whatever areas are installed.
            demo.make_demo(db, members=args.members, seed=1, today=dt.date.today())
            n = give_everyone_a_photo(db, work)
            if args.save:
                db.close()
                shutil.copytree(work / "data", args.save)
                db = Database.open(work / "data")
        setup = time.perf_counter() - started
        size_db = db.data_dir.db_path.stat().st_size
        photo_files = list(db.data_dir.photos.iterdir())
        size_photos = sum(p.stat().st_size for p in photo_files)
        usb = work / "usb"
        usb.mkdir()
        print(
            f"data: {n} members, {len(photo_files)} photos ({size_photos / 1e6:.1f} MB), "
            f"database {size_db / 1e6:.1f} MB; set-up {setup:.1f} s"
        )
        counts = package.live_facts(db.engine)[2]
        print("rows: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()) if v))

        made: list[Path] = []
        t_floor = timed(lambda: floor(db, work / "floor.zip"), args.repeat)
        t_create = timed(
            lambda: made.append(package.create_backup(db.engine, db.data_dir, usb).path), args.repeat
        )
        t_create_enc = timed(
            lambda: made.append(package.create_backup(db.engine, db.data_dir, usb, passphrase="pw").path),
            args.repeat,
        )
        plain, sealed = made[0], made[-1]
        t_verify = timed(lambda: package.verify_backup(plain, scratch=work), args.repeat)
        t_verify_enc = timed(lambda: package.verify_backup(sealed, "pw", scratch=work), args.repeat)

        def do_restore() -> None:
            nonlocal db
            db = restore.restore_backup(db, plain).db

        t_restore = timed(do_restore, args.repeat)
        db.close()
        print(
            f"backup file: {plain.stat().st_size / 1e6:.1f} MB (encrypted {sealed.stat().st_size / 1e6:.1f} MB)"
        )
        print(f"{'step':<42} {'median (s)':>10}")
        for label, value in [
            ("floor: sqlite3 backup + zip", t_floor),
            ("create (snapshot, zip, fsync, read back, verify)", t_create),
            ("create, encrypted (scrypt n=2^15)", t_create_enc),
            ("verify", t_verify),
            ("verify, encrypted", t_verify_enc),
            ("restore (verify, safety backup, swap, reopen)", t_restore),
        ]:
            print(f"{label:<42} {value:>10.2f}")


if __name__ == "__main__":
    main()
