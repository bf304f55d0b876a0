"""The translation coverage table, as text, Markdown or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from gapcheck.i18n.coverage import Coverage
from gapcheck.i18n.doc_pages import PageCoverage, PageStatus
from gapcheck.i18n.message_coverage import MessageCoverage
from gapcheck.i18n.status import FieldStatus
from gapcheck.render.tables import md_row

COLUMNS = ("language", "fields", "translated", "stale", "missing", "percent", "reviewed")
MESSAGE_COLUMNS = ("language", "strings", "translated", "untranslated", "percent")
MESSAGES_TITLE = "gapcheck's own words (the message catalogues, src/gapcheck/locale)"
PAGE_COLUMNS = ("language", "pages", "translated", "stale", "missing", "percent")
PAGES_TITLE = "The site's hand-written pages (docs/i18n)"


def _cells(language: str, *counts: int, percent: float) -> list[str]:
    """One language's row of a table: its counts, then its share translated."""
    return [language, *(str(n) for n in counts), f"{percent:.1f}%"]


def _page_row(p: PageCoverage) -> list[str]:
    return _cells(p.language, p.pages, p.translated, p.stale, p.missing, percent=p.percent)


def _message_row(m: MessageCoverage) -> list[str]:
    return _cells(m.language, m.strings, m.translated, len(m.untranslated), percent=m.percent)


def _aligned(table: list[list[str]], left: Sequence[int]) -> list[str]:
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    return [
        "  ".join(cell.ljust(w) if i in left else cell.rjust(w) for i, (cell, w) in
                  enumerate(zip(row, widths, strict=True))).rstrip()
        for row in table
    ]  # fmt: skip


def _row(c: Coverage) -> list[str]:
    cells = _cells(c.language, c.fields, c.translated, c.stale, c.missing, percent=c.percent)
    return [*cells, c.reviewed]


def _todo(todo: Sequence[FieldStatus | PageStatus]) -> list[str]:
    """Each entry left to translate or update, as `file:line:col: what`."""
    return [str(s.problem()) for s in todo]


def coverage_text(
    rows: list[Coverage],
    missing: bool = False,
    messages: Sequence[MessageCoverage] = (),
    pages: Sequence[PageCoverage] = (),
) -> str:
    lines = _aligned([list(COLUMNS), *(_row(c) for c in rows)], (0, 6))
    if messages:
        lines += ["", MESSAGES_TITLE]
        lines += _aligned([list(MESSAGE_COLUMNS), *(_message_row(m) for m in messages)], (0,))
    if pages:
        lines += ["", PAGES_TITLE]
        lines += _aligned([list(PAGE_COLUMNS), *(_page_row(p) for p in pages)], (0,))
    if missing:
        for c in rows:
            lines += ["", f"{c.language}: {len(c.todo)} to translate or update"]
            lines += _todo(c.todo)
        for m in messages:
            if m.untranslated:
                lines += [
                    "",
                    f"{m.language}: {len(m.untranslated)} of gapcheck's words to translate",
                ]
                lines += list(m.untranslated)
        for p in pages:
            if p.todo:
                lines += ["", f"{p.language}: {len(p.todo)} pages to translate or update"]
                lines += _todo(p.todo)
    return "\n".join(lines) + "\n"


def coverage_md(
    rows: list[Coverage],
    missing: bool = False,
    messages: Sequence[MessageCoverage] = (),
    pages: Sequence[PageCoverage] = (),
) -> str:
    lines = [
        "# Translation coverage",
        "",
        "Translations are unofficial; the English text is authoritative.",
        "",
        md_row(COLUMNS),
        "|---|" + "---:|" * 5 + "---|",
    ]
    lines += [md_row(_row(c)) for c in rows]
    if messages:
        lines += ["", f"## {MESSAGES_TITLE}", ""]
        lines += [md_row(MESSAGE_COLUMNS), "|---|" + "---:|" * 4]
        lines += [md_row(_message_row(m)) for m in messages]
    if pages:
        lines += ["", f"## {PAGES_TITLE}", ""]
        lines += [md_row(PAGE_COLUMNS), "|---|" + "---:|" * 5]
        lines += [md_row(_page_row(p)) for p in pages]
    if missing:
        for c in rows:
            lines += ["", f"## {c.language}: {len(c.todo)} to translate or update", ""]
            lines += [f"- `{_escape(t)}`" for t in _todo(c.todo)] or ["Nothing."]
        for m in messages:
            lines += ["", f"## {m.language}: gapcheck's words to translate", ""]
            lines += [f"- `{_escape(t)}`" for t in m.untranslated] or ["Nothing."]
        for p in pages:
            lines += ["", f"## {p.language}: pages to translate or update", ""]
            lines += [f"- `{_escape(t)}`" for t in _todo(p.todo)] or ["Nothing."]
    return "\n".join(lines) + "\n"


def _escape(text: str) -> str:
    return text.replace("`", "'")


def coverage_json(
    rows: list[Coverage],
    missing: bool = False,
    messages: Sequence[MessageCoverage] = (),
    pages: Sequence[PageCoverage] = (),
) -> str:
    data = {
        "kind": "translation-coverage",
        "languages": [
            {
                "language": c.language,
                "fields": c.fields,
                "translated": c.translated,
                "stale": c.stale,
                "missing": c.missing,
                "percent": c.percent,
                "files": c.files,
                "expected_files": c.expected_files,
                "reviewed_files": c.reviewed_files,
                **({"todo": [_todo_json(s) for s in c.todo]} if missing else {}),
            }
            for c in rows
        ],
        "messages": [
            {
                "language": m.language,
                "strings": m.strings,
                "translated": m.translated,
                "percent": m.percent,
                **({"untranslated": list(m.untranslated)} if missing else {}),
            }
            for m in messages
        ],
        "pages": [
            {
                "language": p.language,
                "pages": p.pages,
                "translated": p.translated,
                "stale": p.stale,
                "missing": p.missing,
                "percent": p.percent,
                **({"todo": [_page_todo_json(s) for s in p.todo]} if missing else {}),
            }
            for p in pages
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _where_json(s: FieldStatus | PageStatus) -> dict[str, object]:
    """What an entry left to do starts with in JSON, field or page alike: state and position."""
    p = s.problem()
    return {"state": s.state.value, "file": p.path, "line": p.line, "column": p.col}


def _todo_json(s: FieldStatus) -> dict[str, object]:
    f = s.field
    return {**_where_json(s), "field": f.label, "english": f.english, "source": f.source}


def _page_todo_json(s: PageStatus) -> dict[str, object]:
    return {**_where_json(s), "page": s.page, "source": s.source}


RENDERERS = {"text": coverage_text, "md": coverage_md, "json": coverage_json}
