"""The translation coverage table, as text, Markdown or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from gapcheck.i18n.coverage import Coverage
from gapcheck.i18n.doc_pages import PageCoverage, PageStatus
from gapcheck.i18n.message_coverage import MessageCoverage
from gapcheck.i18n.status import FieldStatus

COLUMNS = ("language", "fields", "translated", "stale", "missing", "percent", "reviewed")
MESSAGE_COLUMNS = ("language", "strings", "translated", "untranslated", "percent")
MESSAGES_TITLE = "gapcheck's own words (the message catalogues, src/gapcheck/locale)"
PAGE_COLUMNS = ("language", "pages", "translated", "stale", "missing", "percent")
PAGES_TITLE = "The site's hand-written pages (docs/i18n)"


def _page_row(p: PageCoverage) -> list[str]:
    return [
        p.language,
        str(p.pages),
        str(p.translated),
        str(p.stale),
        str(p.missing),
        f"{p.percent:.1f}%",
    ]


def _page_todo(p: PageCoverage) -> list[str]:
    return [str(s.problem()) for s in p.todo]


def _message_row(m: MessageCoverage) -> list[str]:
    return [
        m.language,
        str(m.strings),
        str(m.translated),
        str(len(m.untranslated)),
        f"{m.percent:.1f}%",
    ]


def _aligned(table: list[list[str]], left: Sequence[int]) -> list[str]:
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    return [
        "  ".join(cell.ljust(w) if i in left else cell.rjust(w) for i, (cell, w) in
                  enumerate(zip(row, widths, strict=True))).rstrip()
        for row in table
    ]  # fmt: skip


def _row(c: Coverage) -> list[str]:
    return [
        c.language,
        str(c.fields),
        str(c.translated),
        str(c.stale),
        str(c.missing),
        f"{c.percent:.1f}%",
        c.reviewed,
    ]


def _todo(c: Coverage) -> list[str]:
    return [str(s.problem()) for s in c.todo]


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
            lines += _todo(c)
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
                lines += _page_todo(p)
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
        "| " + " | ".join(COLUMNS) + " |",
        "|---|" + "---:|" * 5 + "---|",
    ]
    lines += ["| " + " | ".join(_row(c)) + " |" for c in rows]
    if messages:
        lines += ["", f"## {MESSAGES_TITLE}", ""]
        lines += ["| " + " | ".join(MESSAGE_COLUMNS) + " |", "|---|" + "---:|" * 4]
        lines += ["| " + " | ".join(_message_row(m)) + " |" for m in messages]
    if pages:
        lines += ["", f"## {PAGES_TITLE}", ""]
        lines += ["| " + " | ".join(PAGE_COLUMNS) + " |", "|---|" + "---:|" * 5]
        lines += ["| " + " | ".join(_page_row(p)) + " |" for p in pages]
    if missing:
        for c in rows:
            lines += ["", f"## {c.language}: {len(c.todo)} to translate or update", ""]
            lines += [f"- `{_escape(t)}`" for t in _todo(c)] or ["Nothing."]
        for m in messages:
            lines += ["", f"## {m.language}: gapcheck's words to translate", ""]
            lines += [f"- `{_escape(t)}`" for t in m.untranslated] or ["Nothing."]
        for p in pages:
            lines += ["", f"## {p.language}: pages to translate or update", ""]
            lines += [f"- `{_escape(t)}`" for t in _page_todo(p)] or ["Nothing."]
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


def _todo_json(s: FieldStatus) -> dict[str, object]:
    p = s.problem()
    return {
        "state": s.state.value,
        "file": p.path,
        "line": p.line,
        "column": p.col,
        "field": s.field.label,
        "english": s.field.english,
        "source": s.field.source,
    }


def _page_todo_json(s: PageStatus) -> dict[str, object]:
    p = s.problem()
    return {
        "state": s.state.value,
        "file": p.path,
        "line": p.line,
        "column": p.col,
        "page": s.page,
        "source": s.source,
    }


RENDERERS = {"text": coverage_text, "md": coverage_md, "json": coverage_json}
