"""A practice as plain text for a terminal."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from gapcheck.catalogue import Catalogue
from gapcheck.graph import Digraph
from gapcheck.i18n.content import SOURCE_LANGUAGE, LocalisedPractice
from gapcheck.models.catalogue import Practice


def practice_text(catalogue: Catalogue, graph: Digraph, p: Practice, width: int = 88) -> str:
    def para(text: str, indent: str = "  ") -> str:
        return textwrap.fill(
            " ".join(text.split()), width, initial_indent=indent, subsequent_indent=indent
        )

    def bullets(items: list[str]) -> str:
        return "\n".join(
            textwrap.fill(i, width, initial_indent="  - ", subsequent_indent="    ") for i in items
        )

    out = [
        f"{p.id}  {p.title}",
        f"Section {p.section}. {catalogue.sections[p.section]}",
        "",
        *_statement(p, para),
        "",
        "Summary",
        para(p.summary),
        "",
        "Key elements (answer each on the 0-4 scale)",
    ]
    for e in p.elements:
        out.append(
            textwrap.fill(e.text, width, initial_indent=f"  {e.id}  ", subsequent_indent=" " * 10)
        )
        out.append(
            textwrap.fill(e.question, width, initial_indent=" " * 10, subsequent_indent=" " * 10)
        )
    out += ["", "Evidence that it is in place", bullets([str(i) for i in p.indicators])]
    out += ["", "Actors", bullets([catalogue.actors[a] for a in p.actors])]
    out += ["", "Assistance that helps", bullets([catalogue.assistance[a] for a in p.assistance])]
    if p.safeguards:
        out += ["", "Safeguards"]
        out.append(bullets([f"{catalogue.safeguards[s.kind]}: {s.text}" for s in p.safeguards]))
    if p.related:
        out += ["", "Related instruments", bullets([catalogue.instruments[r] for r in p.related])]
    if p.depends_on:
        out += ["", "Builds on"]
        out.append(
            bullets([f"{d.id} {catalogue.by_id[d.id].title}: {d.reason}" for d in p.depends_on])
        )
    dependants = sorted(graph.successors(p.id))
    if dependants:
        out += ["", "What builds on it"]
        out.append(bullets([f"{q} {catalogue.by_id[q].title}" for q in dependants]))
    return "\n".join(out)


def _statement(p: Practice, para: Callable[[str], str]) -> list[str]:
    """The official statement; in another language, marked so, with its unofficial
    translation beside it."""
    official = [para(f'"{p.statement}"'), para(f"({p.source})")]
    if not isinstance(p, LocalisedPractice) or p.language == SOURCE_LANGUAGE:
        return official
    translation = p.unofficial_statement
    return [
        "Official text (English)",
        *official,
        "",
        f"Unofficial translation ({p.language}); the English text is authoritative",
        para(translation) if translation else "  (not translated yet)",
    ]
