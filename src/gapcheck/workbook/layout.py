"""Where everything sits in a questionnaire workbook, shared by the writer and the reader.

Every answer row carries a machine key in a hidden column (`GP03.2`, `GP03 target`,
`state`...). The reader finds answers by these keys, not by row numbers, so a workbook whose
rows were sorted or moved is still read correctly, and a key that does not belong to the
catalogue is reported at its cell instead of being guessed at.

The words shown are written here in English and marked for translation (N_); the writer
shows them in the workbook's language (workbook/words.py), and the reader accepts the
drop-down labels of every language.
"""

from __future__ import annotations

import re

from gapcheck.models.base import N_
from gapcheck.models.capacity import Share
from gapcheck.models.questionnaire import (
    OVERVIEW_OPT_INS,
    QUESTIONNAIRE_FIELDS,
    field_words,
)

FORMAT = "gapcheck questionnaire workbook 1"
# Translators: the name of the workbook's first sheet (31 characters at most)
COVER = N_("Cover")
META = "gapcheck"  # very hidden: format, catalogue version and fingerprint

# Section sheets: one row per element, then the practice's own rows.
COL_ID, COL_TEXT, COL_ANSWER, COL_REASON, COL_COMMENT, COL_KEY = "A", "B", "C", "D", "E", "F"
HEADER_ROW = 3
WIDTHS = {COL_ID: 9, COL_TEXT: 62, COL_ANSWER: 26, COL_REASON: 32, COL_COMMENT: 36}
HEADERS = {
    # Translators: the column of element ids (GP03.2) in the workbook
    COL_ID: N_("Id"),
    COL_TEXT: N_("Question"),
    COL_ANSWER: N_("Your answer"),
    COL_REASON: N_("Reason (needed for n/a)"),
    COL_COMMENT: N_("Comment (optional)"),
}

# Cover sheet: label, value, hidden key.
COVER_LABEL, COVER_VALUE, COVER_KEY = "A", "B", "C"
# Rows added to the cover after the first workbooks: they come last, so that every other
# cover cell keeps its address (B5 to B12), and a workbook made before them, which lacks
# their row, still reads (the field keeps its default).
COVER_ADDED = ("share_requests",)
# The labels are the model's words (title, then description in brackets).
COVER_FIELDS: tuple[tuple[str, str], ...] = tuple(
    (key, f"{title} ({description})" if description else title)
    for key, (title, description) in (
        (k, field_words(k))
        for k in (
            *(k for k in QUESTIONNAIRE_FIELDS if k not in (*OVERVIEW_OPT_INS, *COVER_ADDED)),
            *COVER_ADDED,
        )
    )
)
SHARE_CHOICES: tuple[str, ...] = tuple(str(s) for s in Share)

# A practice's own rows, after its elements: key, label; None means the label is built later.
PRACTICE_FIELDS: tuple[tuple[str, str | None], ...] = (
    ("target", N_("Target: the level you aim for (empty: the level on the Cover sheet)")),
    (
        "not_applicable",
        N_("If this whole practice does not apply to your State, say why (otherwise leave empty)"),
    ),
    ("evidence", N_("Evidence: laws, decrees, procedures or reports that back your answers")),
    ("notes", N_("Notes")),
    ("assistance.wanted", N_("Would you like assistance with this practice? (yes/no)")),
    ("assistance.kinds", None),
    ("assistance.note", N_("The assistance you have in mind, in a few words")),
    ("assistance.time_frame", N_("When you would need it (e.g. within 12 months)")),
)
FIELD_NAMES = frozenset(key for key, _ in PRACTICE_FIELDS)
ANSWER_COLUMNS = (COL_ANSWER, COL_REASON, COL_COMMENT)

# Before the unofficial translation of a practice's statement (i18n/content.py's note).
UNOFFICIAL = N_("Unofficial translation; the English text is authoritative.")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def section_sheet(section_id: str, title: str) -> str:
    """`B Prison Context`: the sheet of a section, within Excel's 31 characters.

    The title is in the workbook's language; the reader finds the sheet by the section id
    it starts with, which is the same in every language (`sheet_section`).
    """
    return sheet_name(f"{section_id} {title}")


def sheet_name(text: str) -> str:
    """`text` as a sheet's name: without the characters Excel refuses, at most 31 long."""
    name = " ".join(_BAD_SHEET_CHARS.sub(" ", text).split())
    if len(name) <= 31:
        return name
    cut = name[:32].rsplit(" ", 1)[0]  # end on a whole word, as a person would shorten it
    return cut if len(cut) > 2 else name[:31]


def sheet_section(sheet: str) -> str:
    """The section id a section sheet's name starts with: `B` for `B Contexte carcéral`."""
    return sheet.split(" ", 1)[0]


def field_key(practice_id: str, field: str) -> str:
    return f"{practice_id} {field}"
