"""`--xlsx FILE` on every list, summary and stats command: one flag, one writer (app.services.reports)."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from typing import Any

from app.cli import Context, add_json_flag, emit_json, output_file, say


def add_list_flags(parser: argparse.ArgumentParser, *, json: bool = True) -> None:
    """--json (unless the command has it already) and --xlsx FILE."""
    if json:
        add_json_flag(parser)
    parser.add_argument(
        "--xlsx", type=output_file(".xlsx"), metavar="FILE", help="导出为 Excel 文件（.xlsx），内容与列表相同"
    )


def emit_list(
    ctx: Context,
    args: argparse.Namespace,
    title: str,
    records: Sequence[Mapping[str, Any]],
    *,
    keep_ids: bool = False,
    json_value: Any = None,
) -> bool:
    """Write --xlsx and/or print --json; True when either was asked (the command then skips its text output).

    ``json_value``: what --json prints when it is not the records themselves (a stats object with its rows).
    """
    target = getattr(args, "xlsx", None)
    if target:
        from app.services import reports

        n = reports.export_records(ctx.db, target, title, records, keep_ids=keep_ids)
        say(f"已导出“{title}”{n} 行到 {target}")
    if getattr(args, "json", False):
        emit_json(list(records) if json_value is None else json_value)
    return bool(target) or bool(getattr(args, "json", False))
