"""Text laid out in terminal columns: Chinese takes two columns a character and breaks
between characters; English wraps exactly as textwrap does."""

from __future__ import annotations

import textwrap

from hypothesis import given
from hypothesis import strategies as st

from gapcheck.catalogue import Catalogue
from gapcheck.i18n.content import localise
from gapcheck.render.columns import _NO_START, _units, pad, width, wrap
from gapcheck.render.terminal import practice_text
from tests.i18n_support import english_left

WORDS = st.lists(st.text("abcdefghij,.;", min_size=1, max_size=10), min_size=0, max_size=40)
CJK = st.text(st.sampled_from("监狱改造评估方案，。；：？（）入的和ab 1"), min_size=0, max_size=300)


@given(words=WORDS, columns=st.integers(20, 100))
def test_english_wraps_as_textwrap_does(words: list[str], columns: int) -> None:
    text = " ".join(words)
    expected = textwrap.fill(
        text, columns, initial_indent="  - ", subsequent_indent="    ", break_on_hyphens=False
    )
    assert wrap(text, columns, "  - ", "    ") == (expected or "  -")


@given(text=CJK, columns=st.integers(8, 90))
def test_chinese_lines_fit_their_columns_and_lose_nothing(text: str, columns: int) -> None:
    lines = wrap(text, columns, "  ", "  ").split("\n")
    assert all(width(line) <= columns for line in lines), lines
    assert "".join(line.strip() for line in lines).replace(" ", "") == "".join(text.split())
    # closing punctuation never opens a line (it stays with the character before it), unless
    # what it is glued to is wider than a whole line and had to be cut
    if all(width(u) <= columns - 2 for u in _units(" ".join(text.split()))):
        assert not any(line.strip()[:1] in _NO_START for line in lines[1:] if line.strip())


def test_wide_characters_take_two_columns() -> None:
    assert width("评估") == 4
    assert width("abc") == 3
    assert pad("评估", 6) == "评估  "
    assert pad("7", 3, right=True) == "  7"


def test_a_practice_in_chinese_fits_the_terminal_and_speaks_chinese(catalogue: Catalogue) -> None:
    chinese = localise(catalogue, "zh")
    practice = chinese.practice("GP03")
    text = practice_text(chinese, chinese.graph, practice, 60)
    assert all(width(line) <= 60 for line in text.splitlines())
    english = catalogue.practice("GP03")
    # the official statement stays English, word for word; every heading is Chinese
    assert " ".join(english.statement.split()) in " ".join(text.split())
    allowed = [english.statement, english.source, *(e.id for e in english.elements)]
    assert english_left(" ".join(text.split()), allowed) == []
