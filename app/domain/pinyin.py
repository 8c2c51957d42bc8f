"""Pinyin of a person's name for search: full spelling and initials, with surnames read as surnames."""

from __future__ import annotations

import gzip
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path

# pypinyin reads characters by their everyday sound; as surnames many are read differently
# (单 dan → shan, 曾 ceng → zeng…). Compound surnames are looked up before single ones.
COMPOUND_SURNAMES: dict[str, tuple[str, str]] = {
    "欧阳": ("ou", "yang"),
    "司马": ("si", "ma"),
    "诸葛": ("zhu", "ge"),
    "上官": ("shang", "guan"),
    "令狐": ("ling", "hu"),
    "皇甫": ("huang", "fu"),
    "尉迟": ("yu", "chi"),
    "长孙": ("zhang", "sun"),
    "慕容": ("mu", "rong"),
    "宇文": ("yu", "wen"),
    "司徒": ("si", "tu"),
    "东方": ("dong", "fang"),
    "夏侯": ("xia", "hou"),
    "万俟": ("mo", "qi"),
    "单于": ("chan", "yu"),
    "公孙": ("gong", "sun"),
    "轩辕": ("xuan", "yuan"),
    "端木": ("duan", "mu"),
    "呼延": ("hu", "yan"),
    "南宫": ("nan", "gong"),
    "西门": ("xi", "men"),
    "百里": ("bai", "li"),
    "东郭": ("dong", "guo"),
    "澹台": ("tan", "tai"),
    "公冶": ("gong", "ye"),
    "宗政": ("zong", "zheng"),
    "濮阳": ("pu", "yang"),
    "太史": ("tai", "shi"),
    "申屠": ("shen", "tu"),
    "钟离": ("zhong", "li"),
    "闻人": ("wen", "ren"),
    "赫连": ("he", "lian"),
    "第五": ("di", "wu"),
}

# Single surnames whose surname reading pypinyin gets wrong, or could get wrong in another release.
SINGLE_SURNAMES: dict[str, str] = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "覃": "qin",
    "区": "ou",
    "查": "zha",
    "朴": "piao",
    "繁": "po",
    "盖": "ge",
    "乐": "yue",
    "员": "yun",
    "缪": "miao",
    "翟": "zhai",
    "秘": "bi",
    "种": "chong",
    "黑": "he",
    "召": "shao",
    "折": "she",
    "尉": "yu",
    "宓": "fu",
    "隗": "wei",
    "燕": "yan",
    "任": "ren",
    "纪": "ji",
    "薄": "bo",
    "卜": "bu",
    "柏": "bai",
    "贲": "ben",
    "都": "du",
    "藏": "zang",
    "祭": "zhai",
    "阚": "kan",
    "句": "gou",
    "能": "nai",
    "乜": "nie",
    "佴": "nai",
    "角": "jue",
    "粘": "nian",
    "长": "chang",
    "重": "chong",
    "谌": "chen",
    "沈": "shen",
    "石": "shi",
    "华": "hua",
    "冼": "xian",
    "莘": "shen",
    "眭": "sui",
    "逄": "pang",
    "厍": "she",
    "郇": "huan",
    "牟": "mou",
}

# Transliterated names (阿依古丽·买买提) have no Han surname in front, so the table must not apply to them.
_NAME_SEPARATORS = frozenset("·•‧・･∙⋅.．")


TABLE = Path(__file__).with_name("pinyin_table.txt.gz")  # made by scripts/make_pinyin_table.py from pypinyin


@cache
def _pypinyin() -> Callable[[str], tuple[str, ...]]:
    # Imported on first use, and only for text the table has no characters for: pypinyin's dictionaries take
    # ~0.2 s to load, which reading a roster of ordinary names should not pay.
    from pypinyin import Style, lazy_pinyin

    def read(text: str) -> tuple[str, ...]:
        return tuple(lazy_pinyin(text, style=Style.NORMAL, errors="ignore"))  # never heteronyms

    return read


@cache
def _table() -> tuple[dict[str, str], dict[str, tuple[str, ...] | None], frozenset[str]] | None:
    """(reading of each character, phrases → their reading or None when read character by character, every prefix
    of a phrase): pypinyin's readings in Style.NORMAL, loaded in a tenth of the time of its dictionaries."""
    try:
        lines = gzip.decompress(TABLE.read_bytes()).decode("utf-8").split("\n")
    except OSError:
        return None  # not installed with the program: pypinyin reads everything
    _version, characters, readings, plain, prefixes = lines[:5]
    chars = dict(zip(characters, readings.split(" "), strict=True))
    phrases: dict[str, tuple[str, ...] | None] = dict.fromkeys(plain.split(" "))
    for line in lines[5:]:
        if line:
            phrase, _tab, reading = line.partition("\t")
            phrases[phrase] = tuple(reading.split(" "))
    return chars, phrases, frozenset(phrases).union(prefixes.split(" "))


def _cut(text: str, phrases: dict[str, tuple[str, ...] | None], prefixes: frozenset[str]) -> list[str]:
    """pypinyin's segmentation (pypinyin.seg.mmseg, strict: the longest phrase from the left, else one character)."""
    out: list[str] = []
    remain = text
    while remain:
        last_valid = ""
        for index in range(len(remain)):
            word = remain[: index + 1]
            if word not in prefixes:
                if last_valid:
                    out.append(last_valid)
                    remain = remain[len(last_valid) :]
                else:
                    out.append(remain[0])
                    remain = remain[1:]
                break
            if word in phrases:
                last_valid = word
        else:  # all of the rest is a prefix of some phrase
            if last_valid:
                out.append(last_valid)
                remain = remain[len(last_valid) :]
            elif remain in phrases:
                out.append(remain)
                remain = ""
            else:
                out.extend(remain)
                remain = ""
    return out


@cache
def _reader() -> Callable[[str], tuple[str, ...]]:
    table = _table()
    if table is None:
        return lru_cache(maxsize=65536)(_pypinyin())
    chars, phrases, prefixes = table

    # Given names repeat a great deal (建国, 秀英…): remembering readings saves ~a third on 10,000 names.
    @lru_cache(maxsize=65536)
    def read(text: str) -> tuple[str, ...]:
        if not all(ch in chars for ch in text):
            return _pypinyin()(text)  # a character the table lacks (or a non-Han letter): pypinyin itself
        result: list[str] = []
        for word in _cut(text, phrases, prefixes):
            reading = phrases.get(word)
            if reading is None:
                result.extend(chars[ch] for ch in word)
            else:
                result.extend(reading)
        return tuple(result)

    return read


def _ascii_letters(syllable: str) -> str:
    # Style.NORMAL already writes ü as "v"; this guards against other marked letters (ê) slipping through.
    decomposed = unicodedata.normalize("NFKD", syllable.lower())
    return "".join(ch for ch in decomposed if "a" <= ch <= "z")


def _is_han(ch: str) -> bool:
    # Any non-ASCII letter goes to pypinyin, which ignores what it cannot read (Cyrillic, private-use
    # characters from old 造字 programs); 〇 is a number, not a letter, but pypinyin reads it as "ling".
    return not ch.isascii() and (unicodedata.category(ch).startswith("L") or ch == "〇")


def _split_surname(name: str) -> tuple[list[str], str]:
    """The surname's syllables from the table (empty if the table has none) and the rest of the name."""
    if any(ch in _NAME_SEPARATORS for ch in name):
        return [], name
    # Rosters pad two-character names to line up (王　明, 单 玉), so spaces may sit inside the surname too.
    positions = [i for i, ch in enumerate(name) if not ch.isspace()][:2]
    first_two = "".join(name[i] for i in positions)
    if len(positions) == 2 and first_two in COMPOUND_SURNAMES:
        return list(COMPOUND_SURNAMES[first_two]), name[positions[1] + 1 :]
    if positions and first_two[0] in SINGLE_SURNAMES:
        return [SINGLE_SURNAMES[first_two[0]]], name[positions[0] + 1 :]
    return [], name


def _syllables(text: str) -> list[str]:
    """Pinyin syllables and ASCII words of text, in order; everything else contributes nothing."""
    read = _reader()
    result: list[str] = []
    han_run: list[str] = []
    word: list[str] = []

    def flush() -> None:
        if han_run:
            # Whole runs are read together so that pypinyin's phrases (the table's) pick the reading from context.
            result.extend(s for s in (_ascii_letters(p) for p in read("".join(han_run))) if s)
            han_run.clear()
        if word:
            result.append("".join(word))
            word.clear()

    for ch in text:
        if _is_han(ch):
            if word:
                flush()
            han_run.append(ch)
        elif ch.isascii() and ch.isalpha():
            if han_run:
                flush()
            word.append(ch.lower())
        else:
            flush()
    flush()
    return result


def name_pinyin(name: str) -> tuple[str, str]:
    """(full pinyin, initials) of a name, lower case, no tones or separators: 单玉兰 → ("shanyulan", "syl")."""
    # NFKC folds full-width letters to ASCII and CJK compatibility ideographs to the ordinary ones.
    name = unicodedata.normalize("NFKC", name).strip()
    parts, rest = _split_surname(name)
    parts.extend(_syllables(rest))
    return "".join(parts), "".join(p[0] for p in parts)


# --- the one find matcher: every find box (roster, stars, commitments, points, year end) and `--search` ---

FindKey = tuple[str, str, str, str, str]
"""(name, full pinyin, pinyin initials, ID number in lower case, phone) — built once per row, not per keystroke."""


def find_key(
    name: str, pinyin_full: str, pinyin_initials: str, id_number: str = "", phone: str = ""
) -> FindKey:
    return (name, pinyin_full, pinyin_initials, id_number.lower(), phone)


def normalize_query(query: str) -> str:
    """What the clerk typed, without spaces, lower case ("W B" → "wb")."""
    return "".join(query.split()).lower()


def matches(key: FindKey, query: str) -> bool:
    """Name, pinyin initials (wb → 王膑), full pinyin, or the last digits of the ID number or phone.

    ``query`` is already normalised (:func:`normalize_query`); an empty query matches everything.
    """
    if not query:
        return True
    name, full, initials, id_number, phone = key
    if query.isascii():
        if query.isdigit() or (query[:-1].isdigit() and query[-1:] == "x"):
            return id_number.endswith(query) or phone.endswith(query) or (len(query) >= 4 and query in phone)
        return initials.startswith(query) or query in full
    return query in name
