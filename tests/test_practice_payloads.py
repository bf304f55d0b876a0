"""Payloads in every text field of a practice file stay text in every output made from it.

The knowledge base may be another's (`--practices FOLDER`), so its text is as untrusted as
a questionnaire's. The fields are found by walking the validated Practice model (its dump),
not from a hand list: every string in it gets a payload of markup, script, a Markdown link
to javascript:, a terminal escape and a right-to-left override, tagged with its own marker.
A field whose rules refuse the payload (ids, slugs, lengths) is planted with a shorter one,
or left as it was when it accepts none. Then the report (Markdown and HTML), the site's
pages (as Python-Markdown renders them) and the terminal listings must show each payload as
text, and the markers show that the planting reached the outputs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import markdown
import pytest
from pydantic import ValidationError

from gapcheck.catalogue import Catalogue, load_catalogue
from gapcheck.guidance import pages as site
from gapcheck.models.catalogue import Practice
from tests.conftest import EXAMPLES, PRACTICES, invoke
from tests.test_injection import SITE_EXTENSIONS, Page

PLANTED = "GP03"
ESC, RLO = "\x1b", "\u202e"


def marker(n: int) -> str:
    return f"zq{n:03d}q"


def payloads(n: int) -> list[str]:
    """From the most hostile to the shortest (a title holds 60 characters), each also as a
    question (a question must end with a question mark)."""
    m = marker(n)
    texts = [
        f"<img src=x onerror=alert({n})> <script>alert({n})</script> "
        f"[a](javascript:alert({n})) {ESC}]0;pwned{ESC}\\ {ESC}[2J {RLO}{m}",
        f"<script>alert({n})</script>[a](javascript:0){ESC}[2J{RLO}{m}",
    ]
    return [variant for text in texts for variant in (text, f"{text}?")]


Path_ = tuple[str | int, ...]


def strings(data: Any, path: Path_ = ()) -> Iterator[Path_]:
    """The path of every string in a model's dump."""
    if isinstance(data, str):
        yield path
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from strings(value, (*path, i))


def put(data: Any, path: Path_, value: str) -> None:
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


def plant(practice: Practice) -> tuple[dict[str, Any], dict[str, Path_]]:
    """The practice's data with a payload in every string field that takes one; and which
    field each marker went to."""
    data = practice.model_dump(mode="json")
    planted: dict[str, Path_] = {}
    for n, path in enumerate(strings(data)):
        for payload in payloads(n):
            trial = json.loads(json.dumps(data))
            put(trial, path, payload)
            try:
                Practice.model_validate(trial)
            except ValidationError:
                continue
            data = trial
            planted[marker(n)] = path
            break
    return data, planted


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Catalogue, dict[str, Path_]]:
    """A copy of practices/ whose GP03 holds the payloads (json is YAML too)."""
    import shutil

    folder = tmp_path_factory.mktemp("payloads") / "practices"
    shutil.copytree(PRACTICES, folder)
    (practice,) = [p for p in load_catalogue(PRACTICES) if p.id == PLANTED]
    data, planted = plant(practice)
    (folder / f"{PLANTED}.yaml").write_text(json.dumps(data, indent=1), encoding="utf-8")
    return folder, load_catalogue(folder), planted


def test_every_free_text_field_took_a_payload(kb: tuple[Path, Catalogue, dict[str, Path_]]) -> None:
    """The walk found the practice's text fields, and only ids and names refused them."""
    _, catalogue, planted = kb
    fields = {tuple(s for s in path if isinstance(s, str)) for path in planted.values()}
    for expected in [("title",), ("statement",), ("summary",), ("source",)]:
        assert expected in fields
    assert ("elements", "text") in fields and ("elements", "question") in fields
    assert ("indicators", "text") in fields and ("depends_on", "reason") in fields
    assert ("id",) not in fields and ("actors",) not in fields  # ids and slugs refuse it
    (practice,) = [p for p in catalogue if p.id == PLANTED]
    assert ESC in practice.title and RLO in practice.statement  # the file kept them


def assert_inert_html(html: str, where: str) -> None:
    """No element, attribute or script made from a payload. A page may carry data in a
    <script type="application/json"> block: with no `<` in it, nothing can close it early."""
    page = Page()
    page.feed(html)
    for tag, attrs in page.starts:
        assert not (tag == "img" and attrs.get("src") == "x"), f"{where}: an <img> from a payload"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"{where}: <{tag} {name}={value!r}>"
            assert not value.lower().startswith("javascript:"), f"{where}: <{tag} {name}>"
        if tag == "script" and "src" not in attrs:
            assert attrs.get("type") == "application/json", f"{where}: a live <script>"
    for script in page.scripts:
        assert "alert(" not in script or "<" not in script, f"{where}: a script from a payload"


def assert_markdown_is_text(md: str, where: str) -> None:
    """Markdown that renders, without the site's escapeall safety net, to no live markup."""
    assert_inert_html(markdown.markdown(md, extensions=SITE_EXTENSIONS), where)


def seen(text: str, planted: dict[str, Path_]) -> set[str]:
    return {m for m in planted if m in text}


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_report(kb: tuple[Path, Catalogue, dict[str, Path_]], fmt: str) -> None:
    folder, _, planted = kb
    q = EXAMPLES / "arcadia-2026.yaml"
    code, out, err = invoke("--practices", folder, "report", q, "-f", fmt)
    assert code == 0, err
    if fmt == "md":
        assert_markdown_is_text(out, "report.md")
        assert ESC not in out and RLO not in out  # Markdown goes to the terminal as it is
    else:
        assert_inert_html(out, "report.html")
    assert seen(out, planted), "no payload reached the report"


def test_site_pages(kb: tuple[Path, Catalogue, dict[str, Path_]]) -> None:
    _, catalogue, planted = kb
    reached: set[str] = set()
    for path, md in site.build_pages(catalogue).items():
        assert_markdown_is_text(md, path)
        reached |= seen(md, planted)
    # MkDocs writes navigation titles into every page as HTML, unescaped: no tag at all
    nav = json.dumps(site.build_nav(catalogue, {}))
    (title,) = [m for m, path in planted.items() if path == ("title",)]
    assert title in nav and "<" not in nav and ">" not in nav
    # every payload a page shows; a field no page shows is named here
    assert reached == set(planted), {planted[m] for m in set(planted) - reached}


@pytest.mark.parametrize(
    "args", [["practices", "show", PLANTED], ["practices", "list"], ["validate"]]
)
def test_terminal(kb: tuple[Path, Catalogue, dict[str, Path_]], args: list[str]) -> None:
    """What reaches a terminal shows control characters escaped, never runs them."""
    folder, _, planted = kb
    code, out, err = invoke("--practices", folder, *args)
    assert code == 0, err
    for stream in (out, err):
        assert ESC not in stream and RLO not in stream, args
    if args[0] == "practices" and args[1] == "show":
        assert seen(out, planted)
