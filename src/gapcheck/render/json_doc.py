"""docs/report-json.md, printed from the types of the JSON outputs (gapcheck.outputs).

    python -m gapcheck.render.json_doc > docs/report-json.md

A test fails when the committed page differs from what this prints, so a field added to an
output without a line saying what it holds, or a page edited by hand, is caught.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from typing import Any, Literal, get_args, get_origin, get_type_hints

from gapcheck import outputs
from gapcheck.render.text import own_cell

INTRO = """\
# The JSON output formats

<!-- Printed by `python -m gapcheck.render.json_doc > docs/report-json.md` from the types in
src/gapcheck/outputs.py: edit those, not this page. -->

`gapcheck report Q.yaml --format json`, `gapcheck compare OLD NEW --format json` and
`gapcheck match ... -o DIR` (its `matches.json`) write one JSON object each, for other tools
to read: dashboards, spreadsheets, a ministry's own systems. This page describes their shape.

## Stability

Every object carries `"schema_version"`: {version} for a report and a comparison, which also
carry a `"kind"`, and {matches} for `matches.json`. Within a version, fields may be **added** but
none is removed, renamed or given another meaning; a reader should ignore fields it does not
know. Any other change raises `schema_version`. `matches.json` went to {matches} when a request
left without an offer stopped listing every request that holds its offers' places
(`taken_by`, thousands of ids each at 20,000 requests): it now gives how many and the first
six (`taken_by_count`, `taken_by_first`); the full lists are the offers' `requests`.

Conventions:

- Levels, percentages, gaps and priorities are numbers rounded to 4 decimals, computed from
  the exact answers (rounding is for display only). `null` means "no value": a practice that
  is n/a or not assessed has `"level": null` and `"gap": null`.
- Levels run from 0 to 4; percentages are level / 4 × 100; shares run from 0 to 1.
- Dates are `YYYY-MM-DD` strings, or `null` when the questionnaire has none.
- Free text (notes, evidence, reasons) is given exactly as written, unescaped; escape it for
  whatever you put it into.
- Lists of practices and sections follow the catalogue's order (GP01 ... GP25, A ... E).

How each figure is computed is on [How a questionnaire is scored](scoring.md).
"""

REPORT_EXAMPLE = """\
A shortened example:

```json
{
  "schema_version": 1,
  "kind": "gapcheck-report",
  "generated_by": "gapcheck 0.1.0",
  "questionnaire": {"state": "Republic of Arcadia", "date": "2026-03-16", "confidential": false},
  "coverage": {"answered": 111, "not_applicable": 2, "unanswered": 12, "total": 123,
               "share": 0.9024, "percent": 90.2439, "complete": false, "progress": "partly"},
  "overall": {"level": 1.6946, "percent": 42.3661, "practices": 25, "assessed": 24,
              "not_applicable": 0, "not_assessed": 1, "with_gap": 23},
  "practices": [
    {"id": "GP21", "status": "assessed", "level": 1.5, "target": 3.0,
     "target_source": "default", "gap": 1.5,
     "calculation": "(2 + 1 + 2 + 1) / 4 = 1.50; left out: 1 n/a",
     "held_back_by": ["GP13"]}
  ],
  "priorities": [
    {"rank": 1, "id": "GP01", "gap": 1.8333, "dependants": 24, "priority": 11.4583,
     "phase": 1, "held_back_by": [], "safeguards": ["Human rights of prisoners"]}
  ],
  "phases": [{"phase": 1, "practices": ["GP01"]}, {"phase": 2, "practices": ["GP02"]}]
}
```
"""

COMPARISON_NOTE = """\
`change` is one of `"improved"`, `"regressed"`, `"unchanged"`, `"newly assessed"`,
`"no longer assessed"`, `"not assessed"`; `delta` is `null` unless both levels exist.
"""

MATCHES_NOTE = """\
A request the audience may not see by name is given by its reference, with `"state": null`;
see [Capacity building](capacity.md) for the views and the reasons.
"""

SCORES = """\
## Scores of many questionnaires

`gapcheck score FILES... --format json` writes a list with one object per file, in the order
given: `file`, `state`, `date`, `coverage_%` (a whole number, rounded down), `overall`, and
one key per section (`A` ... `E`) holding its level to two decimals, or `null` when the
section is not assessed. This list carries no `schema_version`; its keys are the column
names of `--format csv`.
"""

SECTIONS: tuple[tuple[str, type, str, str], ...] = (
    ("Report", outputs.ReportData, '`"kind": "gapcheck-report"`', REPORT_EXAMPLE),
    ("Comparison", outputs.ComparisonData, '`"kind": "gapcheck-comparison"`', COMPARISON_NOTE),
    ("Matches", outputs.MatchesData, "`matches.json`", MATCHES_NOTE),
)


def _is_typed_dict(t: object) -> bool:
    return isinstance(t, type) and typing.is_typeddict(t)


def _fields(td: type) -> Iterator[tuple[str, Any, str]]:
    """Each field of a TypedDict with its type and its line of description."""
    hints = get_type_hints(td, vars(outputs), include_extras=True)
    for name, hint in hints.items():
        if get_origin(hint) is typing.Annotated:
            inner, *meta = get_args(hint)
            yield name, inner, " ".join(m for m in meta if isinstance(m, str))
        else:
            yield name, hint, ""


def _type_name(t: Any, path: str) -> str:
    origin, args = get_origin(t), get_args(t)
    if origin in (types.UnionType, typing.Union):
        named = [_type_name(a, path) for a in args if a is not type(None)]
        return " or ".join(named) + (" or null" if type(None) in args else "")
    if origin is Literal:
        return "string"
    if origin is list:
        (item,) = args
        if _is_typed_dict(item):
            return f"list of objects (`{path}[]`)"
        return f"list of {_type_name(item, path)}s"
    if origin is dict:
        return "object"
    if _is_typed_dict(t):
        return f"object (`{path}`)"
    return {int: "integer", float: "number", str: "string", bool: "boolean"}[t]


def _nested(t: Any, path: str) -> Iterator[tuple[str, type]]:
    """The objects a field holds, each with the path that names it on the page."""
    if get_origin(t) is list:
        yield from _nested(get_args(t)[0], f"{path}[]")
    elif get_origin(t) in (types.UnionType, typing.Union):
        for a in get_args(t):
            yield from _nested(a, path)
    elif _is_typed_dict(t):
        yield path, t


def _tables(root: type, printed: dict[type, str]) -> list[str]:
    out: list[str] = []
    queue: list[tuple[str, type]] = [("", root)]
    while queue:
        path, td = queue.pop(0)
        if path:
            out.append(f"`{path}`:\n")
        out.append("| field | type | what it holds |\n|---|---|---|")
        for name, t, said in _fields(td):
            doc = said
            where = f"{path}.{name}" if path else name
            for sub_path, sub in _nested(t, where):
                if sub not in printed:
                    printed[sub] = sub_path
                    queue.append((sub_path, sub))
                elif printed[sub] != sub_path:
                    doc = f"{doc}; as `{printed[sub]}`" if doc else f"as `{printed[sub]}`"
            kind = _type_name(t, where)
            out.append(f"| `{name}` | {own_cell(kind)} | {own_cell(doc)} |")
        out.append("")
    return out


def page() -> str:
    """The whole page, as committed in docs/report-json.md."""
    parts = [INTRO.format(version=outputs.SCHEMA_VERSION, matches=outputs.MATCHES_SCHEMA_VERSION)]
    printed: dict[type, str] = {}
    for title, root, what, note in SECTIONS:
        parts.append(f"## {title} ({what})\n")
        parts.extend(_tables(root, printed))
        parts.append(note)
    parts.append(SCORES)
    return "\n".join(parts)


if __name__ == "__main__":  # pragma: no cover
    print(page(), end="")
