"""The pinyin table (app/domain/pinyin_table.txt.gz, made by scripts/make_pinyin_table.py) reads exactly as pypinyin:
every character, every phrase, and random runs built to cross phrase boundaries. When pypinyin is upgraded and
this fails, run `python scripts/make_pinyin_table.py` again."""

from __future__ import annotations

import random
import subprocess
import sys

from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PHRASES_DICT

from app.domain import pinyin


def pypinyin_read(text: str) -> tuple[str, ...]:
    return tuple(lazy_pinyin(text, style=Style.NORMAL, errors="ignore"))


def test_the_table_is_there_and_knows_every_phrase() -> None:
    table = pinyin._table()
    assert table is not None
    chars, phrases, _prefixes = table
    assert len(chars) > 40_000
    assert set(phrases) == set(PHRASES_DICT)


def test_every_character_and_every_phrase_reads_as_pypinyin_reads_it() -> None:
    table = pinyin._table()
    assert table is not None
    chars, phrases, _prefixes = table
    read = pinyin._reader()
    wrong = [t for t in [*chars, *phrases] if read(t) != pypinyin_read(t)]
    assert wrong == []


def test_random_runs_across_phrases_read_as_pypinyin_reads_them() -> None:
    rng = random.Random(15)
    phrase_list = sorted(PHRASES_DICT)
    table = pinyin._table()
    assert table is not None
    common = sorted({ch for p in phrase_list for ch in p})
    read = pinyin._reader()
    wrong = []
    for _ in range(30_000):
        parts = [
            rng.choice(phrase_list) if rng.random() < 0.6 else rng.choice(common)
            for _ in range(rng.randint(1, 3))
        ]
        text = "".join(parts)
        cut = rng.randint(0, len(text) - 1)  # start inside a phrase, too
        for sample in (text, text[cut:], text[: cut + 1]):
            if read(sample) != pypinyin_read(sample):
                wrong.append(sample)
    assert wrong == []


def test_names_and_text_the_table_lacks_read_as_pypinyin_reads_them() -> None:
    read = pinyin._reader()
    for text in (
        "王建国",
        "长孙无忌",
        "曾长春",
        "䶮",
        "〇",
        "Иван",
        "王Иван",
        "아",
        "重庆银行",
        "行长",
        "朝阳",
    ):
        assert read(text) == pypinyin_read(text), text


def test_reading_ordinary_names_does_not_load_pypinyin() -> None:
    code = (
        "import sys; from app.domain.pinyin import name_pinyin;"
        "print(name_pinyin('单玉兰'), name_pinyin('欧阳建国'), 'pypinyin' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["('shanyulan',", "'syl')", "('ouyangjianguo',", "'oyjg')", "False"]
