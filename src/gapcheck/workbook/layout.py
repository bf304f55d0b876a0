"""Where everything sits in a questionnaire workbook, shared by the writer and the reader.

Every answer row carries a machine key in a hidden column (`GP03.2`, `GP03 target`,
`state`...). The reader finds answers by these keys, not by row numbers, so a workbook whose
rows were sorted or moved is still read correctly, and a key that does not belong to the
catalogue is reported at its cell instead of being guessed at.
"""

from __future__ import annotations

import re

from gapcheck.models.capacity import Share
from gapcheck.models.questionnaire import (
    NA,
    OVERVIEW_OPT_INS,
    QUESTIONNAIRE_FIELDS,
    SCALE,
    field_words,
)

FORMAT = "gapcheck questionnaire workbook 1"
COVER = "Cover"
META = "gapcheck"  # very hidden: format, catalogue version and fingerprint

# Section sheets: one row per element, then the practice's own rows.
COL_ID, COL_TEXT, COL_ANSWER, COL_REASON, COL_COMMENT, COL_KEY = "A", "B", "C", "D", "E", "F"
HEADER_ROW = 3
WIDTHS = {COL_ID: 9, COL_TEXT: 62, COL_ANSWER: 26, COL_REASON: 32, COL_COMMENT: 36}
HEADERS = {
    COL_ID: "Id",
    COL_TEXT: "Question",
    COL_ANSWER: "Your answer",
    COL_REASON: "Reason (needed for n/a)",
    COL_COMMENT: "Comment (optional)",
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
    ("target", "Target: the level you aim for (empty: the level on the Cover sheet)"),
    (
        "not_applicable",
        "If this whole practice does not apply to your State, say why (otherwise leave empty)",
    ),
    ("evidence", "Evidence: laws, decrees, procedures or reports that back your answers"),
    ("notes", "Notes"),
    ("assistance.wanted", "Would you like assistance with this practice? (yes/no)"),
    ("assistance.kinds", None),
    ("assistance.note", "The assistance you have in mind, in a few words"),
    ("assistance.time_frame", "When you would need it (e.g. within 12 months)"),
)
FIELD_NAMES = frozenset(key for key, _ in PRACTICE_FIELDS)
ANSWER_COLUMNS = (COL_ANSWER, COL_REASON, COL_COMMENT)

LEVEL_LABELS: tuple[str, ...] = (*(f"{n} - {w}" for n, w in SCALE.items()), NA)
TARGET_LABELS: tuple[str, ...] = LEVEL_LABELS[:-1]
YES_NO: tuple[str, ...] = ("yes", "no")
_LABEL = re.compile(r"^\s*([0-4])\s*[-–—:]\s*(.+?)\s*$")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def section_sheet(section_id: str, title: str) -> str:
    """`B Prison Context`: the sheet of a section, within Excel's 31 characters."""
    name = " ".join(_BAD_SHEET_CHARS.sub(" ", f"{section_id} {title}").split())
    if len(name) <= 31:
        return name
    cut = name[:32].rsplit(" ", 1)[0]  # end on a whole word, as a person would shorten it
    return cut if len(cut) > 2 else name[:31]


def level_label(level: int) -> str:
    return LEVEL_LABELS[level]


def unlabel(value: object) -> object:
    """`3 - in place`, as the drop-down writes it, back to 3; anything else unchanged.

    The digit is taken only when the words match it, so a hand-typed `3 - partly in place`
    is left for the level parser to refuse rather than silently read as 3.
    """
    if isinstance(value, str):
        m = _LABEL.match(value)
        if m and " ".join(m.group(2).lower().split()) == SCALE[int(m.group(1))]:
            return int(m.group(1))
    return value


def field_key(practice_id: str, field: str) -> str:
    return f"{practice_id} {field}"
