"""A practice as plain text for a terminal, in the practice's language."""

from __future__ import annotations

from collections.abc import Callable

from gapcheck.catalogue import Catalogue
from gapcheck.graph import Digraph
from gapcheck.i18n.content import SOURCE_LANGUAGE, LocalisedPractice
from gapcheck.i18n.messages import translator
from gapcheck.models.catalogue import Practice
from gapcheck.render.columns import wrap


def practice_text(catalogue: Catalogue, graph: Digraph, p: Practice, width: int = 88) -> str:
    language = p.language if isinstance(p, LocalisedPractice) else SOURCE_LANGUAGE
    _ = translator(language).gettext

    def para(text: str, indent: str = "  ") -> str:
        return wrap(text, width, indent, indent)

    def bullets(items: list[str]) -> str:
        return "\n".join(wrap(i, width, "  - ", "    ") for i in items)

    out = [
        f"{p.id}  {p.title}",
        _("Section %(id)s. %(title)s") % {"id": p.section, "title": catalogue.sections[p.section]},
        "",
        *_statement(p, para, _),
        "",
        _("Summary"),
        para(p.summary),
        "",
        _("Key elements (answer each on the 0-4 scale)"),
    ]
    for e in p.elements:
        out.append(wrap(e.text, width, f"  {e.id}  ", " " * 10))
        out.append(wrap(e.question, width, " " * 10, " " * 10))
    out += ["", _("Evidence that it is in place"), bullets([str(i) for i in p.indicators])]
    out += ["", _("Actors"), bullets([catalogue.actors[a] for a in p.actors])]
    out += [
        "",
        _("Assistance that helps"),
        bullets([catalogue.assistance[a] for a in p.assistance]),
    ]
    if p.safeguards:
        out += ["", _("Safeguards")]
        out.append(bullets([f"{catalogue.safeguards[s.kind]}: {s.text}" for s in p.safeguards]))
    if p.related:
        out += [
            "",
            _("Related instruments"),
            bullets([catalogue.instruments[r] for r in p.related]),
        ]
    if p.depends_on:
        out += ["", _("Builds on")]
        out.append(
            bullets([f"{d.id} {catalogue.by_id[d.id].title}: {d.reason}" for d in p.depends_on])
        )
    dependants = sorted(graph.successors(p.id))
    if dependants:
        out += ["", _("What builds on it")]
        out.append(bullets([f"{q} {catalogue.by_id[q].title}" for q in dependants]))
    return "\n".join(out)


def _statement(p: Practice, para: Callable[[str], str], _: Callable[[str], str]) -> list[str]:
    """The official statement; in another language, marked so, with its unofficial
    translation beside it."""
    official = [para(f'"{p.statement}"'), para(f"({p.source})")]
    if not isinstance(p, LocalisedPractice) or p.language == SOURCE_LANGUAGE:
        return official
    translation = p.unofficial_statement
    return [
        _("Official text (English):"),
        *official,
        "",
        _("Unofficial translation; the English text is authoritative."),
        para(translation) if translation else "  " + _("(not translated yet)"),
    ]
