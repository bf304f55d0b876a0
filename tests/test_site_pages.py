"""The site as plain data: every page there, every link resolving, nothing confidential."""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gapcheck.catalogue import Catalogue
from gapcheck.graph import build_graph
from gapcheck.guidance import pages as site
from gapcheck.guidance.examples import load_examples, slug
from gapcheck.models.questionnaire import SCALE, Questionnaire
from gapcheck.questionnaire import parse_questionnaire
from gapcheck.questionnaire_files import load_questionnaire_file
from gapcheck.render.text import md
from gapcheck.yamlio import parse_yaml
from tests.conftest import EXAMPLES, ROOT

DOCS = ROOT / "docs"
HAND_WRITTEN = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))
SVG = "{http://www.w3.org/2000/svg}"
MD_LINK = re.compile(r"\]\(([^)\s]+)\)")
EXTENSIONS = ["attr_list", "tables", "toc", "admonition", "pymdownx.tasklist"]


def example(state: str, confidential: bool, note: str = "") -> site.Example:
    q = Questionnaire.model_validate(
        {
            "state": state,
            "confidential": confidential,
            "date": "2026-05-01",
            "practices": {"GP03": {"elements": {"GP03.1": 2, "GP03.2": 3}, "notes": note}},
        }
    )
    return site.Example(slug(state), q)


@pytest.fixture(scope="module")
def pages(catalogue: Catalogue) -> dict[str, str]:
    return site.build_pages(catalogue, hand_written=HAND_WRITTEN)


def svgs(markdown_text: str) -> list[ET.Element]:
    return [ET.fromstring(m) for m in re.findall(r"<svg.*?</svg>", markdown_text, re.S)]


def test_every_practice_and_section_has_a_page(catalogue: Catalogue, pages: dict[str, str]) -> None:
    for p in catalogue:
        text = pages[site.practice_page(p.id)]
        assert text.startswith(f"# {p.id} ")
        assert md(p.statement) in text
        for e in p.elements:
            assert f"- [ ] **{e.id}** {md(e.text)}" in text
            assert md(e.question) in text
    for section in catalogue.sections:
        text = pages[site.section_page(section)]
        assert all(p.id in text for p in catalogue.in_section(section))
    for fixed in (site.HOME, site.PRACTICES, site.GRAPH, site.ACTORS, site.ASSISTANCE):
        assert fixed in pages
    assert site.SELF_ASSESSMENT in pages


def test_home_and_self_assessment_state_the_scale_from_the_model(pages: dict[str, str]) -> None:
    for page in (site.HOME, site.SELF_ASSESSMENT):
        for level, words in SCALE.items():
            assert f"| {level} | {words} |" in pages[page]


def test_practice_page_lists_what_it_builds_on_and_what_builds_on_it(
    catalogue: Catalogue, pages: dict[str, str]
) -> None:
    g = build_graph(catalogue)
    text = pages[site.practice_page("GP03")]
    builds_on = text.split("## Builds on")[1].split("## What builds on it")[0]
    after = text.split("## What builds on it")[1].split("## In the graph")[0]
    assert sorted(re.findall(r"\[(GP\d\d) ", builds_on)) == sorted(g.predecessors("GP03"))
    assert sorted(re.findall(r"\[(GP\d\d) ", after)) == sorted(g.successors("GP03"))


def test_every_markdown_link_resolves(catalogue: Catalogue, pages: dict[str, str]) -> None:
    files = set(pages) | set(site.build_downloads(catalogue)) | set(HAND_WRITTEN)
    checked = 0
    for path, text in pages.items():
        for target in MD_LINK.findall(text):
            if target.startswith("#"):
                continue
            assert "://" not in target, f"{path} links outside: {target}"
            file, _, anchor = target.partition("#")
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), file))
            assert resolved in files, f"{path}: broken link {target}"
            if anchor:
                assert f"{{ #{anchor} }}" in pages[resolved], f"{path}: no anchor {target}"
            checked += 1
    assert checked > 500


@pytest.mark.parametrize("directory_urls", [False, True])
def test_graph_links_in_svgs_resolve(catalogue: Catalogue, directory_urls: bool) -> None:
    pages = site.build_pages(catalogue, directory_urls=directory_urls)
    urls = {site.page_url(p, directory_urls): p for p in pages}
    for path in [site.GRAPH, *(site.practice_page(p.id) for p in catalogue)]:
        here = site.page_url(path, directory_urls)
        base = here[: here.rfind("/") + 1]
        for svg in svgs(pages[path]):
            for a in svg.iter(f"{SVG}a"):
                href = a.get("href", "")
                resolved = posixpath.normpath(posixpath.join(base, href))
                if href.endswith("/"):
                    resolved += "/"
                pid = a.find(f"{SVG}g").get("data-id", "")  # type: ignore[union-attr]
                assert urls.get(resolved) == site.practice_page(pid), f"{path}: {href}"


def test_graph_page_shows_every_practice_linked(
    catalogue: Catalogue, pages: dict[str, str]
) -> None:
    (svg,) = svgs(pages[site.GRAPH])
    linked = {a.find(f"{SVG}g").get("data-id") for a in svg.iter(f"{SVG}a")}  # type: ignore[union-attr]
    assert linked == {p.id for p in catalogue}


def test_each_practice_page_has_its_neighbourhood_svg(
    catalogue: Catalogue, pages: dict[str, str]
) -> None:
    g = build_graph(catalogue)
    for p in catalogue:
        (svg,) = svgs(pages[site.practice_page(p.id)])
        drawn = {n.get("data-id") for n in svg.iter(f"{SVG}g") if n.get("data-id")}
        assert drawn == {p.id, *g.predecessors(p.id), *g.successors(p.id)}
        highlighted = [n for n in svg.iter(f"{SVG}g") if "gc-highlight" in n.get("class", "")]
        assert [n.get("data-id") for n in highlighted] == [p.id]
        edges = [e for e in svg.iter(f"{SVG}g") if e.get("class") == "gc-edge"]
        assert all(p.id in (e.get("data-from"), e.get("data-to")) for e in edges)


def test_indexes_by_actor_and_assistance(catalogue: Catalogue, pages: dict[str, str]) -> None:
    actors = pages[site.ACTORS]
    section = actors.split("{ #psychologists }")[1].split("\n## ")[0]
    expected = sorted(p.id for p in catalogue if "psychologists" in p.actors)
    assert expected and sorted(re.findall(r"\[(GP\d\d) ", section)) == expected
    for a in catalogue.meta.assistance:
        assert f"{{ #{a.id} }}" in pages[site.ASSISTANCE]


def test_nav_holds_every_page_once(catalogue: Catalogue) -> None:
    examples = [example("Republic of Testland", False)]
    pages = site.build_pages(catalogue, examples=examples, hand_written=HAND_WRITTEN)
    nav = site.build_nav(catalogue, pages, HAND_WRITTEN, examples)

    def walk(items: list[site.NavItem]) -> list[str]:
        out: list[str] = []
        for item in items:
            if isinstance(item, str):
                out.append(item)
            else:
                for value in item.values():
                    out += walk(value) if isinstance(value, list) else [value]
        return out

    listed = walk(nav)
    assert sorted(listed) == sorted(set(pages) | set(HAND_WRITTEN))
    practice_order = [p for p in listed if p.startswith("practices/gp")]
    assert practice_order == [site.practice_page(p.id) for p in catalogue]
    (reports,) = [
        item["Example reports"]
        for item in nav
        if isinstance(item, dict) and "Example reports" in item
    ]
    assert {"Republic of Testland, 2026-05-01": "reports/republic-of-testland.md"} in reports


def test_confidential_examples_never_become_pages(catalogue: Catalogue) -> None:
    shared = example("Republic of Opena", False, note="SHARED-MARKER-2291")
    secret = example("Kingdom of Hush", True, note="SECRET-MARKER-7734")
    assert site.public([shared, secret]) == [shared]
    pages = site.build_pages(catalogue, examples=[shared, secret])
    text = "\n".join(pages.values()) + "\n".join(pages)
    assert "SHARED-MARKER-2291" in text and "Republic of Opena" in text
    assert "SECRET-MARKER-7734" not in text
    assert "Hush" not in text
    assert site.report_page("kingdom-of-hush") not in pages
    nav = site.build_nav(catalogue, pages, (), [shared, secret])
    assert "Hush" not in repr(nav)


def test_no_reports_section_without_public_examples(catalogue: Catalogue) -> None:
    pages = site.build_pages(catalogue, examples=[example("Kingdom of Hush", True)])
    assert site.REPORTS not in pages
    assert "example reports" not in pages[site.HOME]


def test_shipped_examples_load_without_the_confidential_one(catalogue: Catalogue) -> None:
    loaded = load_examples(EXAMPLES, catalogue)
    confidential = [
        p.stem
        for p in sorted(EXAMPLES.glob("*.yaml"))
        if load_questionnaire_file(p, catalogue).confidential
    ]
    assert confidential, "the shipped examples should include a confidential one"
    assert {e.slug for e in loaded}.isdisjoint(confidential)
    assert all(not e.questionnaire.confidential for e in loaded)
    assert load_examples(None, catalogue) == []


def test_a_broken_example_is_reported_with_its_position(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    from gapcheck.errors import InputError

    (tmp_path / "bad.yaml").write_text("state: Testland\npractices:\n  GP03:\n    target: 9\n")
    with pytest.raises(InputError) as e:
        load_examples(tmp_path, catalogue)
    assert str(e.value).startswith(f"{tmp_path / 'bad.yaml'}:4:")


def test_downloads_hold_a_valid_blank_questionnaire_and_its_schema(catalogue: Catalogue) -> None:
    import json

    files = site.build_downloads(catalogue)
    text = files[site.BLANK_QUESTIONNAIRE]
    assert isinstance(text, str)
    q = parse_questionnaire(parse_yaml(text, "blank.yaml"), catalogue)
    assert q.state == site.BLANK_STATE
    assert set(q.practices) == {p.id for p in catalogue}
    assert json.loads(files[site.QUESTIONNAIRE_SCHEMA])["title"]


def test_downloads_hold_a_blank_workbook(catalogue: Catalogue, tmp_path: Path) -> None:
    from gapcheck.workbook import read_workbook

    workbook = tmp_path / "blank.xlsx"
    data = site.build_downloads(catalogue)[site.BLANK_WORKBOOK]
    assert isinstance(data, bytes)
    workbook.write_bytes(data)
    q = read_workbook(workbook, catalogue)
    assert q.state == site.BLANK_STATE
    assert set(q.practices) == {p.id for p in catalogue}


@pytest.mark.parametrize(
    ("source", "target", "directory_urls", "href"),
    [
        ("graph.md", "practices/gp03.md", False, "practices/gp03.html"),
        ("practices/gp01.md", "practices/gp03.md", False, "gp03.html"),
        ("sections/b/index.md", "practices/gp03.md", False, "../../practices/gp03.html"),
        ("practices/gp01.md", "index.md", False, "../index.html"),
        ("graph.md", "practices/gp03.md", True, "../practices/gp03/"),
        ("practices/gp01.md", "practices/gp03.md", True, "../gp03/"),
        ("index.md", "practices/gp03.md", True, "practices/gp03/"),
        ("practices/gp01.md", "index.md", True, "../../"),
        ("practices/gp01.md", "practices/gp01.md", True, "./"),
    ],
)
def test_html_href(source: str, target: str, directory_urls: bool, href: str) -> None:
    assert site.html_href(source, target, directory_urls) == href


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=80))
def test_md_text_renders_as_exactly_that_text(value: str) -> None:
    """Whatever a practice says, it shows as text: no tag, list, link or heading appears,
    with plain Python-Markdown (no pymdownx.escapeall to honour a backslash before <)."""
    html = markdown.markdown(md(value), extensions=EXTENSIONS)
    parser = _Tags()
    parser.feed(html)
    assert set(parser.tags) <= {"p"}
    assert "".join(parser.text).strip() == " ".join(value.split())
