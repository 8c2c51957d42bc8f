"""The roster table model: all members in memory, filtered by an index list, sorted in Python.

With 10,000 members a QSortFilterProxyModel re-runs Python callbacks per row and per compare; keeping
the row list, precomputed search keys and a list of visible row numbers here is several times faster.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.domain import pinyin, routine
from app.domain.id_number import mask_id_number
from app.services import roster
from app.services.roster import MemberRow

Index = QModelIndex | QPersistentModelIndex


def mask_id(number: str) -> str:
    """330522198503121234 → 330522********1234 (the one rule: app.domain.id_number.mask_id_number)."""
    return mask_id_number(number)


def _date(value: dt.date | None, day_unknown: bool = False) -> str:
    if value is None:
        return ""
    return f"{value.year}-{value.month:02d}" if day_unknown else value.isoformat()


def _is_digits(query: str) -> bool:
    return query[:-1].isdigit() or query.isdigit()


def _age(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    text: Callable[[MemberRow, dt.date], str]
    sort: Callable[[MemberRow, dt.date], Any]


def _col(key: str, title: str, attr: str) -> Column:
    return Column(key, title, lambda r, _t: str(getattr(r, attr) or ""), lambda r, _t: getattr(r, attr) or "")


COLUMNS: tuple[Column, ...] = (
    # Chinese names sort by pinyin, which is what the clerk expects in a 花名册.
    Column("name", "姓名", lambda r, _t: r.name, lambda r, _t: (r.pinyin_full, r.name)),
    _col("gender", "性别", "gender"),
    Column(
        "birth_date",
        "出生日期（年龄）",
        lambda r, t: f"{r.birth_date.isoformat()}（{_age(r.birth_date, t)}岁）",
        lambda r, _t: r.birth_date,
    ),
    _col("category", "人员类别", "category"),
    _col("branch", "所在党支部", "branch"),
    _col("group", "党小组", "group"),
    _col("party_post", "党内职务", "party_post"),
    Column(
        "joined_on",
        "入党日期",
        lambda r, _t: _date(r.joined_on, r.joined_day_unknown),
        lambda r, _t: r.joined_on or dt.date.min,
    ),
    Column(
        "party_age",
        "党龄",
        lambda r, _t: "" if r.party_age is None else f"{r.party_age}年",
        lambda r, _t: -1 if r.party_age is None else r.party_age,
    ),
    _col("phone", "手机号码", "phone"),
    Column("id_number", "公民身份号码", lambda r, _t: mask_id(r.id_number), lambda r, _t: r.id_number),
    Column(
        "is_mobile",
        "流动党员",
        lambda r, _t: (
            ("是" + (f"（{r.mobile_destination}）" if r.mobile_destination else "")) if r.is_mobile else ""
        ),
        lambda r, _t: r.is_mobile,
    ),
    Column(
        "last_contact",
        "最近联系",
        lambda r, _t: (_date(r.last_contact) or "无记录") if r.is_mobile else "",
        lambda r, _t: r.last_contact or dt.date.min,
    ),
    _col("grid", "网格", "grid"),
    Column(
        "status",
        "状态",
        lambda r, _t: r.status if r.status == roster.ACTIVE else f"{r.status} {_date(r.left_on)}",
        lambda r, _t: (r.status != roster.ACTIVE, r.status),
    ),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)
ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGN_CENTER = int(Qt.AlignmentFlag.AlignCenter)
_ALIGN_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_LEFT_BRUSH = QBrush(QColor("#9a9a9a"))
_OVERDUE_BRUSH = QBrush(QColor("#c0392b"))
_CONTACT_COLUMN = COLUMN_KEYS.index("last_contact")
_CENTERED = frozenset({"gender", "party_age", "category"})


@dataclass
class RosterFilter:
    """What the clerk narrowed the list to. ``None``/empty means no restriction."""

    query: str = ""
    unit_ids: frozenset[str] | None = None  # a branch and the units below it
    group_id: str | None = None
    category: str = ""
    include_left: bool = False
    mobile: bool | None = None


class RosterModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[MemberRow] = []
        self._keys: list[tuple[str, str, str, str, str]] | None = []
        self._visible: list[int] = []
        self._filter = RosterFilter()
        self._today = dt.date.today()
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._base: list[int] = []  # rows passing every filter but the search text
        self._base_key: tuple[object, ...] | None = None
        self._last_query = ""
        self._last_matches: list[int] = []

    # --- loading and filtering ------------------------------------------------------------------

    def set_rows(self, rows: Iterable[MemberRow]) -> None:
        """Replace all members (a refresh). Search keys are computed once here, not per keystroke."""
        self.beginResetModel()
        self._today = dt.date.today()
        self._rows = list(rows)
        if self._sort_column >= 0:
            self._sort_rows(self._sort_column, self._sort_order)
        self._keys = None  # made on the first search or when the event loop is idle: first rows come sooner
        self._base_key = None
        self._visible = self._compute_visible()
        self.endResetModel()

    def set_filter(self, flt: RosterFilter) -> None:
        self.beginResetModel()
        self._filter = flt
        self._visible = self._compute_visible()
        self.endResetModel()

    @property
    def filter(self) -> RosterFilter:
        return self._filter

    def _compute_visible(self) -> list[int]:
        """Rows passing the filters. Each keystroke only re-runs the search, usually on fewer rows."""
        f = self._filter
        base_key = (f.unit_ids, f.group_id, f.category, f.include_left, f.mobile, len(self._rows))
        if base_key != self._base_key:
            self._base = self._compute_base()
            self._base_key = base_key
            self._last_query, self._last_matches = "", self._base
        q = pinyin.normalize_query(f.query)
        if not q:
            return list(self._base)
        # Typing one more letter or hanzi only narrows the result, so search the previous matches.
        # Digit tails don't narrow that way ("…884" does not end in "88"), so they search everything.
        last = self._last_query
        narrowing = bool(last) and q.startswith(last) and not _is_digits(q) and not _is_digits(last)
        candidates = self._last_matches if narrowing else self._base
        self.prepare_search()
        keys, matches = self._keys or [], pinyin.matches
        found = [i for i in candidates if matches(keys[i], q)]
        self._last_query, self._last_matches = q, found
        return found

    def _compute_base(self) -> list[int]:
        # One comprehension per filter in use: much cheaper than one Python loop body with five tests.
        f, rows = self._filter, self._rows
        if f.include_left:
            out = list(range(len(rows)))
        else:
            active = roster.ACTIVE
            out = [i for i, r in enumerate(rows) if r.status == active]
        if f.unit_ids is not None:
            units = f.unit_ids
            out = [i for i in out if rows[i].branch_id in units]
        if f.group_id is not None:
            out = [i for i in out if rows[i].group_id == f.group_id]
        if f.category:
            out = [i for i in out if rows[i].category == f.category]
        if f.mobile is not None:
            out = [i for i in out if rows[i].is_mobile == f.mobile]
        return out

    def prepare_search(self) -> None:
        """Compute the search keys now (the page calls this right after the first rows are painted)."""
        if self._keys is None:
            self._keys = [roster.search_key(r) for r in self._rows]

    def total_rows(self) -> int:
        return len(self._rows)

    def row_at(self, row: int) -> MemberRow:
        return self._rows[self._visible[row]]

    def row_of(self, member_id: str) -> int:
        """The visible row of a member, or -1."""
        for n, i in enumerate(self._visible):
            if self._rows[i].id == member_id:
                return n
        return -1

    def has_members(self) -> bool:
        """Any member at all, whatever the filter (an empty roster says what to do first)."""
        return bool(self._rows)

    def visible_rows(self) -> list[MemberRow]:
        return [self._rows[i] for i in self._visible]

    # --- Qt model -------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        # Called for every visible cell and role on each repaint: keep it to plain comparisons.
        if not index.isValid() or not 0 <= index.row() < len(self._visible):
            return None
        r = self._rows[self._visible[index.row()]]
        if role == _DISPLAY:
            return COLUMNS[index.column()].text(r, self._today)
        if role == _FOREGROUND:
            if r.status != roster.ACTIVE:
                return _LEFT_BRUSH
            return _OVERDUE_BRUSH if index.column() == _CONTACT_COLUMN and self._contact_overdue(r) else None
        if role == _ALIGNMENT:
            return _ALIGN_CENTER if COLUMNS[index.column()].key in _CENTERED else _ALIGN_LEFT
        if role == _TOOLTIP:
            if r.status != roster.ACTIVE:
                where = f"，转往{r.left_to}" if r.left_to else ""
                return f"{r.name}：{r.status}（{_date(r.left_on)}{where}），已不在册"
            if index.column() == _CONTACT_COLUMN and self._contact_overdue(r):
                return f"{r.name}是流动党员，已超过半年没有联系记录，请及时联系（组织生活 → 流动党员）"
            return None
        if role == ID_ROLE:
            return r.id
        return None

    def _contact_overdue(self, r: MemberRow) -> bool:
        """A mobile member not reached for about six months (the same rule as the 待办 reminder)."""
        if not r.is_mobile:
            return False
        return r.last_contact is None or (self._today - r.last_contact).days > routine.MOBILE_CONTACT_DAYS

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section].title
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return _ALIGN_LEFT
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # --- sorting --------------------------------------------------------------------------------

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        key = COLUMNS[column].sort
        today = self._today
        self._rows.sort(key=lambda r: key(r, today), reverse=order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_ids = [(self._rows[self._visible[i.row()]].id, i.column()) for i in old]
        self._sort_column, self._sort_order = column, order
        # Sort the full list together with its keys, then recompute the visible rows in the new order.
        today = self._today
        key = COLUMNS[column].sort
        perm = sorted(
            range(len(self._rows)),
            key=lambda i: key(self._rows[i], today),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self._rows = [self._rows[i] for i in perm]
        if self._keys is not None:
            self._keys = [self._keys[i] for i in perm]
        self._base_key = None
        self._visible = self._compute_visible()
        position = {self._rows[i].id: n for n, i in enumerate(self._visible)}
        new = [self.index(position[mid], col) if mid in position else QModelIndex() for mid, col in old_ids]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()
