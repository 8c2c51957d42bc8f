"""乡镇汇总: the villages merged into a township database, importing their USB packages (several at once, in a
worker with progress, the passphrase asked for an encrypted one), and the villages compared side by side for a
quarter — exportable to Excel. Shown only on a township database (ui/main_window.py ONLY_WHEN)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QDir, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError
from app.services import backup, township
from app.services.store import Database
from ui import messages
from ui.kit.empty import show_when_empty
from ui.kit.export import export_button
from ui.kit.header import PageHeader
from ui.kit.page import Page
from ui.kit.records import Column, RecordModel, table_view
from ui.workers import JobFailed, run_with_progress

PBK_FILTER = "先锋榜备份 (*.pbk);;所有文件 (*)"
QUARTERS_SHOWN = 8
Record = dict[str, Any]


def ask_files(parent: QWidget) -> list[str]:
    """The packages to import, looked for first on a USB stick (the test suite replaces this)."""
    sticks = [v.path for v in backup.removable_volumes() if v.likely_usb]
    start = sticks[0] if sticks else QDir.homePath()
    files, _ = QFileDialog.getOpenFileNames(parent, "导入 U 盘数据包", start, PBK_FILTER)
    return list(files)


def ask_passphrase(parent: QWidget, name: str) -> str | None:
    """The password of an encrypted package; None when the clerk cancels (the test suite replaces this)."""
    text, ok = QInputDialog.getText(
        parent, "加密的数据包", f"“{name}”是加密的，请输入村里备份时设的密码：", QLineEdit.EchoMode.Password
    )
    return text if ok else None


def ask_unit_name(parent: QWidget, package: str, taken: str) -> str | None:
    """Another village already has this name under the township: the name this one goes by (None: leave it out;
    the test suite replaces this)."""
    text, ok = QInputDialog.getText(
        parent,
        "村名重复",
        f"“{package}”：乡镇下已有另一个叫“{taken}”的村（两个村同名）。\n"
        "请给这个村另起一个名字（以后再导入它的数据包时自动沿用）：",
        QLineEdit.EchoMode.Normal,
        f"{taken}（二）",
    )
    return text.strip() if ok and text.strip() else None


def _line(path: Path, report: township.MergeReport | UserError) -> str:
    if isinstance(report, UserError):
        return f"{path.name}：未导入：{report}"
    if report.name_taken:
        return f"{path.name}：未导入：乡镇下已有另一个叫“{report.village}”的村，没有给这个村另起名字"
    if report.refused_reason:
        return f"{path.name}：未导入：{report.refused_reason}"
    return (
        f"{path.name}：{report.village}，新增 {sum(report.added.values())} 条，"
        f"更新 {sum(report.updated.values())} 条，未变 {sum(report.unchanged.values())} 条"
    )


def import_files(
    db: Database, files: list[tuple[Path, str | None]], progress: Any = None
) -> list[tuple[Path, township.MergeReport | UserError]]:
    """Merge each package in turn (a refusal or a damaged file does not stop the others); each one's result."""
    results: list[tuple[Path, township.MergeReport | UserError]] = []
    if progress is not None:
        progress(0, len(files))
    for done, (path, report) in enumerate(township.import_packages(db, files), 1):
        if progress is not None:
            progress(done, len(files))
        results.append((path, report))
    return results


def _village_columns() -> list[Column[township.VillageRow]]:
    def count(table: str) -> Column[township.VillageRow]:
        return Column(
            {"members": "党员", "commitments": "承诺", "meetings": "会议", "service_requests": "求助"}[table],
            lambda r: str(r.counts.get(table, 0)),
            numeric=True,
        )

    return [
        Column("单位", lambda r: r.unit_name),
        Column(
            "最近数据包",
            lambda r: township.shown_time(r.package_created_at),
            tooltip=lambda r: f"{r.package_name}\n数据结构版本：{r.revision}",
        ),
        count("members"),
        count("commitments"),
        count("meetings"),
        count("service_requests"),
    ]


def _compare_columns() -> list[Column[Record]]:
    def cell(key: str) -> Any:
        return lambda r: "" if r[key] is None else str(r[key])

    return [Column(label, cell(key), numeric=key != "unit") for key, label in township.HEADINGS]


class TownshipPage(Page):
    title = "乡镇汇总"

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        layout = QVBoxLayout(self)
        header = PageHeader(self, self.title)
        self.import_button = QPushButton("导入 U 盘数据包…")
        self.import_button.setToolTip("核验并并入一个或几个村的备份文件（.pbk）；重复导入不会重复")
        self.import_button.clicked.connect(self.import_packages)
        header.buttons(self.import_button)
        layout.addLayout(header)

        splitter = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(QLabel("已并入的村（各村最近一次数据包里的条数）"))
        self.villages = RecordModel(_village_columns(), self)
        self.village_view = table_view(self.villages)
        show_when_empty(
            self.village_view, "还没有并入村里的数据包：点“导入 U 盘数据包…”选择村里备份到U盘上的文件。"
        )
        top_layout.addWidget(self.village_view, 1)
        splitter.addWidget(top)

        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel("各村比较"))
        row.addWidget(QLabel("季度"))
        self.period = QComboBox()
        row.addWidget(self.period)
        self.note = QLabel()
        row.addWidget(self.note)
        row.addStretch(1)
        row.addWidget(
            export_button(self, db, lambda: self.compare_view, lambda: f"各村比较{self.period.currentData()}")
        )
        bottom_layout.addLayout(row)
        self.comparison = RecordModel(_compare_columns(), self)
        self.compare_view = table_view(self.comparison)
        bottom_layout.addWidget(self.compare_view, 1)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self._fill_periods()
        self.period.currentIndexChanged.connect(lambda _i: self.refresh_comparison())

    def _fill_periods(self) -> None:
        last = township.default_period()
        year, number = int(last[:4]), int(last[-1])
        for _ in range(QUARTERS_SHOWN):
            self.period.addItem(f"{year}年第{number}季度", f"{year}Q{number}")
            year, number = (year, number - 1) if number > 1 else (year - 1, 4)

    def refresh(self) -> None:
        rows = self.attempt(lambda: township.villages(self.db))
        self.villages.set_rows(rows or [])
        self.refresh_comparison()

    def refresh_comparison(self) -> None:
        period = self.period.currentData()
        found = self.attempt(lambda: township.compare(self.db, period))
        if found is None:
            self.comparison.set_rows([])
            return
        self.note.setText(f"（承诺、积分等次按 {found.year} 年）")
        self.comparison.set_rows(township.records(found))

    def import_packages(self) -> None:
        chosen = ask_files(self)
        if not chosen:
            return
        files: list[tuple[Path, str | None]] = []
        for name in chosen:
            path = Path(name)
            encrypted = self.attempt(lambda p=path: backup.is_encrypted(p))  # type: ignore[misc]
            if encrypted is None:
                continue
            passphrase = ask_passphrase(self, path.name) if encrypted else None
            if encrypted and passphrase is None:
                continue  # cancelled: this package is left out, the others go on
            files.append((path, passphrase))
        if not files:
            return
        passphrases = dict(files)
        try:
            results: list[tuple[Path, township.MergeReport | UserError]] = run_with_progress(
                self,
                f"正在核验并并入 {len(files)} 个数据包…",
                lambda progress, _cancelled: import_files(self.db, files, progress),
                cancellable=False,
            )
            for i, (path, report) in enumerate(results):
                if isinstance(report, township.MergeReport) and report.name_taken:
                    unit = ask_unit_name(self, path.name, report.village)
                    if unit is not None:  # two villages share a name: this one goes by the name given
                        results[i] = (path, self._merge_as(path, passphrases[path], unit))
        except JobFailed as exc:
            messages.warn(self, str(exc) if exc.user_error else "导入时出现意外错误，详情已记录在日志中。")
            return
        finally:
            self.refresh()
        messages.info(self, "\n".join(_line(path, report) for path, report in results))

    def _merge_as(self, path: Path, passphrase: str | None, unit: str) -> township.MergeReport:
        def merge(_progress: Any, _cancelled: Any) -> township.MergeReport:
            return township.import_package(self.db, path, passphrase=passphrase, as_unit=unit)

        report: township.MergeReport = run_with_progress(
            self, f"正在并入 {path.name}…", merge, cancellable=False
        )
        return report
