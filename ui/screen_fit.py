"""Size windows to the screen they open on: a 1366×768 screen at 150 % scaling is only about 910×512 points."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QScrollArea, QTabWidget, QVBoxLayout, QWidget

# Room for the window's title bar and frame (the available geometry already leaves out the task bar).
FRAME_ALLOWANCE = (40, 60)


def resize_to_fit(widget: QWidget, width: int, height: int) -> None:
    """Resize to the wanted size, or smaller when the screen has less room; layouts and scroll areas do the rest."""
    screen = widget.screen()
    if screen is not None:
        available = screen.availableGeometry()
        width = min(width, available.width() - FRAME_ALLOWANCE[0])
        height = min(height, available.height() - FRAME_ALLOWANCE[1])
    widget.resize(width, height)


def scrollable(widget: QWidget) -> QScrollArea:
    """Put a page in a frameless scroll area: on a small screen it scrolls instead of squashing its rows."""
    # The page sits in a holder whose layout asks the page (not the page's own layout) about height-for-width:
    # a page answers no (Page.hasHeightForWidth), so the area does not scroll when everything fits.
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(widget)
    area = QScrollArea()
    area.setWidget(holder)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area


def scroll_tabs(tabs: QTabWidget) -> None:
    """Every tab's contents scroll (on a small screen the tab shrinks, the dialog's button row stays visible)."""
    for index in range(tabs.count()):
        page = tabs.widget(index)
        if page is None or isinstance(page, QScrollArea):
            continue
        title, tip = tabs.tabText(index), tabs.tabToolTip(index)
        tabs.removeTab(index)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(page)
        tabs.insertTab(index, area, title)
        tabs.setTabToolTip(index, tip)
    tabs.setCurrentIndex(0)


def tab_content(tabs: QTabWidget, index: int) -> QWidget | None:
    """The widget a tab shows, looking through the scroll area :func:`scroll_tabs` put around it."""
    page = tabs.widget(index)
    if isinstance(page, QScrollArea) and page.widget() is not None:
        return page.widget()
    return page


def scrollable_body(body: QWidget) -> QScrollArea:
    """A dialog's body in a frameless scroll area; the button row goes below it, outside, always visible."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(body)
    return area
