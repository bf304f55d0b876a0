"""The overview across States in the six languages, end to end through the CLI.

In the pseudo-language en-XA every word gapcheck writes is accented: a plain English phrase
left, once the knowledge base's content and the States' own words (names, regions,
providers) are taken out, is a string nobody marked. The figures, and what is hidden, do not
depend on the language; the JSON and CSV files do not change with it at all.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from gapcheck.catalogue import Catalogue
from gapcheck.guidance import pages as site
from gapcheck.guidance.examples import load_examples
from gapcheck.guidance.overview_page import OVERVIEW
from gapcheck.guidance.pages import Example
from gapcheck.i18n.content import localise
from gapcheck.models.questionnaire import Questionnaire
from tests.conftest import EXAMPLES, ROOT, invoke
from tests.i18n_support import english_left
from tests.overview_support import questionnaire, request, state_name
from tests.test_report_languages import allowed_english, shown_text, strings, without_site_parts

OFFERS = sorted((ROOT / "offers" / "examples").glob("*.yaml"))
REGIONS = ("Northern Europe", "Mediterranean", "Andes")
LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh")
AUDIENCES = ("public", "members", "unit")


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory, catalogue: Catalogue) -> Path:
    """Fourteen fictional States in four regions (one named by a single State), seven of
    them also at an earlier date, each asking for help with one practice."""
    folder = tmp_path_factory.mktemp("states")
    requests = []
    for i in range(14):
        levels = {"GP01": i % 5, "GP02": (i * 3) % 5, "GP16": (i + 2) % 5, "GP05": 2}
        region = REGIONS[i % 3] if i < 13 else "Oceania"
        name = state_name(i)
        data = questionnaire(catalogue, name, levels, region=region, listed=i < 3)
        (folder / f"s{i:02d}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
        if i < 7:
            early = {k: max(0, v - i % 3) for k, v in levels.items()}
            data = questionnaire(catalogue, name, early, region=region, date="2024-03-16")
            (folder / f"e{i:02d}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
        requests.append(request(name, ("GP01", "GP02")[i % 2], ["training"], n=i, region=region))
    text = yaml.safe_dump({"requests": requests})
    (folder / "requests.yaml").write_text(text, encoding="utf-8")
    return folder


def overview(states: Path, audience: str, *args: str) -> str:
    ran = invoke(
        "overview",
        *sorted(states.glob("[se]*.yaml")),
        "--requests",
        states / "requests.yaml",
        *(a for path in OFFERS for a in ("--offers", path)),
        "--audience",
        audience,
        *args,
    )
    assert ran.exit_code == 0, ran.output
    return ran.stdout


def allowed(catalogue: Catalogue, states: Path) -> list[str]:
    """The knowledge base's English content and the States' and providers' own words."""
    texts = allowed_english(catalogue, *sorted(states.glob("[se]*.yaml")))
    texts += REGIONS
    for path in [states / "requests.yaml", *OFFERS]:
        texts += [t for t in strings(yaml.safe_load(path.read_text("utf-8"))) if len(t) > 2]
    return texts


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_pseudo_language_overview_has_no_english_left(
    catalogue: Catalogue, states: Path, audience: str, fmt: str
) -> None:
    out = overview(states, audience, "--lang", "en-XA", "--format", fmt)
    left = english_left(shown_text(without_site_parts(out, fmt), fmt), allowed(catalogue, states))
    assert left == []
    # the same check finds the English page's words: it can fail
    english = overview(states, audience, "--format", fmt)
    assert english_left(shown_text(english, fmt), allowed(catalogue, states))


def _table_numbers(markdown: str) -> list[list[str]]:
    """The numbers of every table row, decimal commas read as points."""
    rows = [line for line in markdown.splitlines() if line.startswith("|")]
    return [re.findall(r"\d+(?:[.,]\d+)?", row.replace(",", ".")) for row in rows]


@pytest.mark.slow
@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_figures_and_what_is_hidden_are_the_same_in_every_language(
    states: Path, audience: str
) -> None:
    pages = {lang: overview(states, audience, "--lang", lang) for lang in LANGUAGES}
    english = _table_numbers(pages["en"])
    assert len(english) > 60 and any(len(row) > 5 for row in english)
    # a row without figures is a group not shown: its place is the same in every language
    hidden = [i for i, row in enumerate(english) if len(row) <= 1]
    assert hidden
    for lang in LANGUAGES[1:]:
        assert _table_numbers(pages[lang]) == english, lang
    assert "1,5" in pages["fr"] and "1.5" in pages["en"]  # decimals as each language writes them


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_json_and_csv_stay_language_neutral(states: Path, fmt: str) -> None:
    english = overview(states, "members", "--format", fmt)
    for lang in ("fr", "ar", "zh"):
        assert overview(states, "members", "--format", fmt, "--lang", lang) == english


def test_the_page_speaks_the_language(catalogue: Catalogue, states: Path) -> None:
    french = localise(catalogue, "fr")
    page = overview(states, "public", "--lang", "fr")
    assert page.startswith("# Mémorandum de Rome")
    assert f"A. {french.sections['A']}" in page and f"A. {catalogue.sections['A']}" not in page
    assert "autres régions" in page and "Northern Europe" in page  # a State's own words stay
    arabic = overview(states, "unit", "--lang", "ar", "--format", "html")
    assert '<html lang="ar" dir="rtl">' in arabic
    assert "الوحدة الإدارية" in arabic


def test_an_unknown_language_is_refused(states: Path) -> None:
    ran = invoke("overview", states / "s00.yaml", "--audience", "public", "--lang", "de")
    assert ran.exit_code == 2 and "'de' is not one of" in ran.output


# --- the site's page ---------------------------------------------------------------------------


def _examples(catalogue: Catalogue) -> list[Example]:
    return [
        Example(
            f"s{i}",
            Questionnaire.model_validate(
                questionnaire(catalogue, state_name(i), {"GP01": i % 5}, region="Andes")
            ),
        )
        for i in range(7)
    ]


def test_the_sites_overview_is_in_the_pages_language(catalogue: Catalogue) -> None:
    english = site.build_pages(catalogue, examples=_examples(catalogue))[OVERVIEW]
    french = site.build_pages(catalogue, examples=_examples(catalogue), language="fr")
    page = french[OVERVIEW]
    assert "`gapcheck overview --audience public`" in page  # the command stays as it is
    assert "This page is what" in english and "This page is what" not in page
    assert "7 États participent." in page and "| tous les États | 7 |" in page
    assert _table_numbers(page) == _table_numbers(english)


def test_the_sites_overview_in_a_pseudo_language_has_no_english_left(
    catalogue: Catalogue,
) -> None:
    examples = load_examples(EXAMPLES, catalogue)
    page = site.build_pages(catalogue, examples=examples, language="en-XA")[OVERVIEW]
    texts = allowed_english(catalogue, *sorted(EXAMPLES.glob("*.yaml")))
    prose = re.sub(r"`[^`]*`", " ", page)  # the command in the introduction stays English
    assert english_left(shown_text(prose, "md"), texts) == []
