"""Several villages' packages merged in a row: while one merges (database work), the next is verified and unpacked
in a thread (hashing, unzip and SQLite release the GIL), so two cores share the work."""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from app.db.database import Database
from app.domain.errors import UserError
from app.services.township.merge import MergeReport, Prepared, merge_prepared, prepare


def import_packages(
    db: Database, items: Sequence[tuple[Path, str | None]], *, as_unit: str | None = None
) -> Iterator[tuple[Path, MergeReport | UserError]]:
    """(package, passphrase) pairs merged in order; each yields its report, or the UserError that refused it
    (damaged, wrong passphrase…) — the others go on. Scratch folders are removed even if the caller stops."""
    from app.services.accounts import require_admin

    require_admin(db, "并入村里的数据包")  # before any package is unpacked
    waiting = iter(items)
    pending: deque[tuple[Path, Future[Prepared]]] = deque()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="township-verify") as pool:

        def ahead() -> None:
            item = next(waiting, None)
            if item is not None:
                path = Path(item[0])
                pending.append((path, pool.submit(prepare, db, path, item[1])))

        ahead()
        try:
            while pending:
                path, future = pending.popleft()
                ahead()
                try:
                    prepared = future.result()
                except UserError as exc:
                    yield path, exc
                    continue
                try:
                    report = merge_prepared(db, prepared, as_unit)
                finally:
                    prepared.close()
                yield path, report
        finally:
            for _path, left in pending:
                with contextlib.suppress(Exception):  # its own refusal was never asked for
                    left.result().close()
