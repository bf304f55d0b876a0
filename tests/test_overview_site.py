"""The site's public overview of the example States."""

from __future__ import annotations

from gapcheck.catalogue import Catalogue
from gapcheck.guidance.examples import load_examples
from gapcheck.guidance.overview_page import OVERVIEW
from gapcheck.guidance.pages import Example, build_nav, build_pages
from gapcheck.models.questionnaire import Questionnaire
from tests.conftest import EXAMPLES
from tests.overview_support import questionnaire, state_name


def test_the_shipped_examples_are_too_few_and_the_page_says_so(catalogue: Catalogue) -> None:
    examples = load_examples(EXAMPLES, catalogue)
    pages = build_pages(catalogue, examples=examples)
    page = pages[OVERVIEW]
    assert "not shown: fewer than 5 States" in page
    assert "Fewer than 5 States take part" in page
    for e in examples:
        assert e.questionnaire.state not in page  # no State is named, confidential or not
    assert {"Across the example States": OVERVIEW} in build_nav(catalogue, pages, [], examples)


def test_enough_examples_show_figures_but_never_a_confidential_one(catalogue: Catalogue) -> None:
    examples = [
        Example(
            f"s{i}",
            Questionnaire.model_validate(
                questionnaire(catalogue, state_name(i), {"GP01": i % 5}, region="Andes")
            ),
        )
        for i in range(7)
    ]
    secret = Questionnaire.model_validate(
        questionnaire(catalogue, "Principality of Zqxland", {"GP01": 4}, region="Andes",
                      confidential=True, share=True)
    )  # fmt: skip
    page = build_pages(catalogue, examples=[*examples, Example("zqx", secret)])[OVERVIEW]
    assert "7 States take part" in page  # the confidential one stays off the site, opt-in or not
    assert "| A. Defining Goals and Objectives | all States | 7 |" in page
    assert "Zqxland" not in page and "Andes" in page


def test_no_examples_no_overview_page(catalogue: Catalogue) -> None:
    assert OVERVIEW not in build_pages(catalogue)
