"""The guidance site as plain data: every generated page as path -> Markdown.

Pure functions of the catalogue (and of the example questionnaires that may be published);
nothing here knows which static-site generator turns the Markdown into HTML. The generator's
adapter (plugin.py for MkDocs) only adds these pages, the downloads and the navigation.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gapcheck.graph import layers, leverage
from gapcheck.guidance.form import form_json
from gapcheck.guidance.overview_page import OVERVIEW, overview_page
from gapcheck.guidance.report_data import report_json
from gapcheck.i18n.content import localise
from gapcheck.i18n.messages import SOURCE_LANGUAGE, translator
from gapcheck.models.catalogue import HOLD_SECURELY
from gapcheck.questionnaire import new_questionnaire
from gapcheck.render.environment import render_template
from gapcheck.render.questionnaire_yaml import blank_questionnaire
from gapcheck.render.report import render_report
from gapcheck.render.svg_graph import graph_svg
from gapcheck.render.text import nav_title
from gapcheck.report import build_report, scale_data
from gapcheck.schemas import json_schema
from gapcheck.workbook import write_workbook

if TYPE_CHECKING:
    from gapcheck.catalogue import Catalogue
    from gapcheck.graph import Digraph
    from gapcheck.models.questionnaire import Questionnaire

HOME = "index.md"
PRACTICES = "practices/index.md"
GRAPH = "graph.md"
ACTORS = "actors.md"
ASSISTANCE = "assistance.md"
SELF_ASSESSMENT = "self-assessment.md"
FORM = "self-assessment/form.md"
REPORTS = "reports/index.md"
CAPACITY = "capacity-building.md"  # hand-written, in docs/
SCORING = "scoring.md"  # hand-written, in docs/: the scoring rules in full
BLANK_QUESTIONNAIRE = "downloads/gapcheck-questionnaire.yaml"
BLANK_WORKBOOK = "downloads/gapcheck-questionnaire.xlsx"
QUESTIONNAIRE_SCHEMA = "downloads/questionnaire.schema.json"
BLANK_STATE = "Your State"

NavItem = str | dict[str, Any]


@dataclass(frozen=True)
class Example:
    """A filled questionnaire offered for publication as an example report."""

    slug: str
    questionnaire: Questionnaire


def practice_page(pid: str) -> str:
    return f"practices/{pid.lower()}.md"


def section_page(section: str) -> str:
    return f"sections/{section.lower()}/index.md"


def report_page(slug: str) -> str:
    return f"reports/{slug}.md"


def example_title(example: Example) -> str:
    q = example.questionnaire
    return f"{q.state}, {q.date.isoformat()}" if q.date else q.state


def public(examples: Sequence[Example]) -> list[Example]:
    """Only questionnaires that are not confidential may ever reach the site."""
    return [e for e in examples if not e.questionnaire.confidential]


def page_url(path: str, directory_urls: bool) -> str:
    """The URL the generator gives a Markdown page, relative to the site root."""
    stem = path.removesuffix(".md")
    if not directory_urls:
        return f"{stem}.html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


def html_href(from_path: str, to_path: str, directory_urls: bool) -> str:
    """A relative link for raw HTML (the generator rewrites Markdown links, not these)."""
    here, there = page_url(from_path, directory_urls), page_url(to_path, directory_urls)
    base = here[: here.rfind("/")] if "/" in here else ""
    rel = posixpath.relpath(there or ".", base or ".")
    if rel == ".":
        return "./"
    return f"{rel}/" if there == "" or there.endswith("/") else rel


def md_link(from_path: str, to_path: str) -> str:
    """A relative link between Markdown sources, which the generator resolves and checks."""
    return posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")


def build_pages(
    catalogue: Catalogue,
    *,
    examples: Sequence[Example] = (),
    directory_urls: bool = False,
    hand_written: Collection[str] = (),
    language: str = SOURCE_LANGUAGE,
) -> dict[str, str]:
    """Every generated page in `language`, path -> Markdown; confidential examples are left
    out. The knowledge base's texts come from its translations (`localise`), gapcheck's own
    words from the `site` catalogue; the paths are the same in every language."""
    catalogue = localise(catalogue, language)
    graph = catalogue.graph
    shown = public(examples)
    ctx = _Context(catalogue, graph, directory_urls, language)
    pages = {
        HOME: ctx.render(HOME, "home", examples=bool(shown), capacity=CAPACITY in hand_written),
        PRACTICES: ctx.render(PRACTICES, "practices"),
        GRAPH: ctx.render(GRAPH, "graph", **_graph_data(ctx)),
        ACTORS: ctx.render(ACTORS, "index_by", **_index_data(catalogue, "actors")),
        ASSISTANCE: ctx.render(ASSISTANCE, "index_by", **_index_data(catalogue, "assistance")),
        SELF_ASSESSMENT: ctx.render(
            SELF_ASSESSMENT,
            "self_assessment",
            rules=_scale_rules(language),
            scoring=SCORING in hand_written,
        ),
        FORM: ctx.render(
            FORM,
            "form",
            data=form_json(catalogue, language),
            report=report_json(catalogue, language),
        ),
    }
    for section in catalogue.sections:
        path = section_page(section)
        pages[path] = ctx.render(
            path, "section", section=section, practices=catalogue.in_section(section)
        )
    for p in catalogue:
        path = practice_page(p.id)
        pages[path] = ctx.render(path, "practice", p=p, svg=_neighbourhood_svg(ctx, path, p.id))
    if shown:
        pages.update(_report_pages(ctx, shown))

        pages[OVERVIEW] = overview_page(catalogue, [e.questionnaire for e in shown], language)
    return pages


def build_downloads(catalogue: Catalogue, today: dt.date | None = None) -> dict[str, str | bytes]:
    """Files offered for download: the blank questionnaire (YAML and workbook) and its schema."""
    return {
        BLANK_QUESTIONNAIRE: blank_questionnaire(catalogue, BLANK_STATE, today),
        BLANK_WORKBOOK: write_workbook(catalogue, new_questionnaire(catalogue, BLANK_STATE, today)),
        QUESTIONNAIRE_SCHEMA: json_schema("questionnaire"),
    }


def build_nav(
    catalogue: Catalogue,
    pages: Mapping[str, str],
    hand_written: Sequence[str] = (),
    examples: Sequence[Example] = (),
    language: str = SOURCE_LANGUAGE,
) -> list[NavItem]:
    """The navigation in `language`: by section, then the graph, the indexes, the
    hand-written pages."""
    catalogue = localise(catalogue, language)
    _ = translator(language).gettext
    practices: list[NavItem] = [PRACTICES]
    for section, title in catalogue.sections.items():
        children: list[NavItem] = [section_page(section)]
        children += [
            {nav_title(f"{p.id} {p.title}"): practice_page(p.id)}
            for p in catalogue.in_section(section)
        ]
        practices.append({nav_title(f"{section}. {title}"): children})
    nav: list[NavItem] = [
        {_("Home"): HOME},
        {
            _("Self-assessment"): [
                {_("How it works"): SELF_ASSESSMENT},
                {_("Fill in the questionnaire online"): FORM},
            ]
        },
        {_("Practices"): practices},
        {_("Dependency graph"): GRAPH},
        {
            _("Indexes"): [
                {_("By actor"): ACTORS},
                {_("By kind of assistance"): ASSISTANCE},
            ]
        },
    ]
    if CAPACITY in hand_written:
        nav.append({_("Capacity building"): CAPACITY})
    if REPORTS in pages:
        reports: list[NavItem] = [REPORTS]
        for e in sorted(public(examples), key=lambda e: e.slug):
            if report_page(e.slug) in pages:
                reports.append({nav_title(example_title(e)): report_page(e.slug)})
        nav.append({_("Example reports"): reports})

    if OVERVIEW in pages:
        nav.append({_("Across the example States"): OVERVIEW})
    placed = {HOME, CAPACITY, *pages}
    nav += [p for p in sorted(hand_written) if p not in placed]
    return nav


@dataclass(frozen=True)
class _Context:
    catalogue: Catalogue
    graph: Digraph
    directory_urls: bool
    language: str = SOURCE_LANGUAGE

    def render(self, path: str, template: str, **values: Any) -> str:
        def link(target: str) -> str:
            return md_link(path, target)

        return render_template(
            f"guidance/{template}.md.j2",
            language=self.language,
            catalogue=self.catalogue,
            graph=self.graph,
            link=link,
            practice_page=practice_page,
            section_page=section_page,
            pages=_PAGES,
            hold_securely=HOLD_SECURELY,
            **values,
        )


_PAGES = {
    "home": HOME,
    "practices": PRACTICES,
    "graph": GRAPH,
    "actors": ACTORS,
    "assistance": ASSISTANCE,
    "self_assessment": SELF_ASSESSMENT,
    "form": FORM,
    "reports": REPORTS,
    "capacity": CAPACITY,
    "scoring": SCORING,
    "blank": BLANK_QUESTIONNAIRE,
    "workbook": BLANK_WORKBOOK,
    "schema": QUESTIONNAIRE_SCHEMA,
}


def _neighbourhood_svg(ctx: _Context, path: str, pid: str) -> str:
    return graph_svg(
        neighbourhood_star(ctx.graph, pid),
        ctx.catalogue,
        href=lambda other: html_href(path, practice_page(other), ctx.directory_urls),
        highlight=pid,
        title=translator(ctx.language).gettext(
            "%(id)s with the practices it builds on and those that build on it"
        )
        % {"id": pid},
    )


def neighbourhood_star(graph: Digraph, pid: str) -> Digraph:
    """The practice, its direct prerequisites and dependants, and only the edges through it.

    Edges among the neighbours themselves are left out: on a practice's page they are noise,
    and without them the picture has three columns (before, the practice, after) and stays
    readable at the width of a page.
    """
    around = {pid, *graph.predecessors(pid), *graph.successors(pid)}
    return graph.subgraph(around, keep=[(a, b) for a, b in graph.edges if pid in (a, b)])


def _graph_data(ctx: _Context) -> dict[str, Any]:
    svg = graph_svg(
        ctx.graph,
        ctx.catalogue,
        href=lambda pid: html_href(GRAPH, practice_page(pid), ctx.directory_urls),
        title=translator(ctx.language).gettext("How the practices build on each other"),
    )
    ranks = [r for r in leverage(ctx.graph) if r.descendants > 0]
    return {"svg": svg, "layers": layers(ctx.graph), "ranks": ranks[:10]}


def _index_data(catalogue: Catalogue, kind: str) -> dict[str, Any]:
    entries = catalogue.meta.actors if kind == "actors" else catalogue.meta.assistance
    groups = [(entry, [p for p in catalogue if entry.id in getattr(p, kind)]) for entry in entries]
    return {"kind": kind, "groups": groups}


def _scale_rules(language: str) -> Sequence[str]:
    """How levels add up, stated once in the report module and quoted here, in `language`."""
    return scale_data(language)["rules"]


def _report_pages(ctx: _Context, examples: Sequence[Example]) -> dict[str, str]:
    out: dict[str, str] = {}
    listed = []
    for e in sorted(examples, key=lambda e: e.slug):
        if e.questionnaire.confidential:  # checked again here: this must never slip
            continue
        report = build_report(e.questionnaire, ctx.catalogue, ctx.language)
        out[report_page(e.slug)] = render_report(report, "md")
        listed.append((e, report_page(e.slug)))
    out[REPORTS] = ctx.render(REPORTS, "reports", listed=listed)
    return out
