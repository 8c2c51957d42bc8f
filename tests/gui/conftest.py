"""Fixtures of the GUI tests: the one stand-in for the clerk's message boxes."""

from __future__ import annotations

import pytest

from ui import messages


class Said(list[str]):
    """What the program told the clerk, in order: warnings start with "WARN ", information is as shown.

    ``questions`` holds the confirmations asked; each is answered with ``answer`` (yes unless a test says no).
    """

    def __init__(self) -> None:
        super().__init__()
        self.questions: list[str] = []
        self.answer = True
        self.refresh = False  # the answer to a stale-save refusal: 刷新 (True) or 继续编辑

    def stale(self) -> list[str]:
        return [s.removeprefix("STALE ") for s in self if s.startswith("STALE ")]

    def warnings(self) -> list[str]:
        return [s.removeprefix("WARN ") for s in self if s.startswith("WARN ")]


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> Said:
    """Every ``ui.messages`` box is answered without a window: no test blocks on a modal dialog."""
    out = Said()

    def confirm(_parent: object, text: str, yes: str = "确定") -> bool:
        out.questions.append(text)
        return out.answer

    monkeypatch.setattr(messages, "warn", lambda _parent, text: out.append("WARN " + text))
    monkeypatch.setattr(messages, "info", lambda _parent, text: out.append(text))
    monkeypatch.setattr(messages, "confirm", confirm)

    def ask_discard(_parent: object) -> bool:
        out.questions.append(messages.DISCARD_QUESTION)
        return out.answer

    monkeypatch.setattr(messages, "ask_discard", ask_discard)

    def stale(_parent: object, text: str, typed: str = "") -> bool:
        out.append("STALE " + text)
        return out.refresh

    monkeypatch.setattr(messages, "stale", stale)
    monkeypatch.setattr(messages, "saved", lambda _parent, text, _path: out.append(text))
    return out
