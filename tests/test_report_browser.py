"""The report on the form page, in real headless Chromium, against `gapcheck report`'s JSON.

The differential test generates questionnaires (empty answers, n/a with reasons, whole
practices n/a, own targets, extreme values), loads each into one open page through the form's
own reader (no reload per example), and checks that every figure the page works out and shows
equals what the library's `build_report` gives for the same file.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser, Page, expect

from gapcheck.catalogue import Catalogue, load_catalogue
from gapcheck.questionnaire import parse_questionnaire
from gapcheck.report import build_report
from gapcheck.yamlio import parse_yaml
from tests.conftest import EXAMPLES, PRACTICES

pytestmark = pytest.mark.browser

FORM = "self-assessment/form.html"

# What the page reads back from its own drawing: each figure's exact value (data-value) and the
# order of the rows, so that a figure computed right but shown wrong fails too.
READ_PAGE = """(text) => {
  gapcheckForm.loadText(text);
  const root = document.getElementById("gc-report");
  const vals = (sel, attr) => [...root.querySelectorAll(sel)].map((e) => [e.getAttribute(attr),
      [...e.querySelectorAll("td")].map((td) => td.dataset.value)]);
  return {
    report: root.gcReport,
    practices: vals("tr[data-practice]", "data-practice"),
    priorities: vals("tr[data-priority]", "data-priority"),
    sections: vals("tr[data-section]", "data-section"),
    phases: [...root.querySelectorAll("li[data-phase]")].map((e) => e.dataset.value),
    figures: Object.fromEntries([...root.querySelectorAll("[data-fig]")]
      .map((e) => [e.dataset.fig, e.dataset.value])),
  };
}"""


@functools.cache
def shipped() -> Catalogue:
    # Not the fixture: hypothesis would print the whole catalogue with a failing example.
    return load_catalogue(PRACTICES)


@pytest.fixture(scope="module")
def form_page(served: str, browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{served}{FORM}")
    expect(page.locator("#gc-report [data-fig=overall]")).to_be_attached()
    yield page
    assert errors == []
    context.close()


WORDS = st.text(alphabet="abcdefghij XYZ", min_size=1, max_size=12).filter(lambda s: s.strip())
TARGETS = st.one_of(
    st.sampled_from([0, 4, 0.0, 4.0, 2.5, 1, 3.75]),
    st.floats(min_value=0, max_value=4, allow_nan=False).map(lambda x: round(x, 2)),
)
ANSWERS = st.one_of(
    st.none(),
    st.integers(min_value=0, max_value=4),
    st.sampled_from(["in place", "planned", "not in place"]),
    st.builds(lambda r: {"level": "n/a", "reason": r}, WORDS),
    st.builds(lambda lv, c: {"level": lv, "comment": c}, st.integers(0, 4), WORDS),
)


@st.composite
def questionnaires(draw: st.DrawFn) -> dict[str, Any]:
    cat = shipped()
    q: dict[str, Any] = {"catalogue_version": cat.version, "state": "Estoria"}
    if draw(st.booleans()):
        q["default_target"] = draw(TARGETS)
    # Mostly answered, mostly blank, or anything: the extremes are where arithmetic slips.
    density = draw(st.sampled_from([0.0, 0.2, 0.6, 0.95, 1.0]))
    practices: dict[str, Any] = {}
    for p in cat:
        if draw(st.floats(0, 1)) > max(density, 0.1):
            continue
        answers: dict[str, Any] = {}
        if draw(st.integers(0, 9)) == 0:
            answers["not_applicable"] = draw(WORDS)
        if draw(st.integers(0, 3)) == 0:
            answers["target"] = draw(TARGETS)
        elements: dict[str, Any] = {}
        for e in p.elements:
            if draw(st.floats(0, 1)) <= density:
                elements[e.id] = draw(ANSWERS)
        answers["elements"] = elements
        practices[p.id] = answers
    q["practices"] = practices
    return q


def compared(report: dict[str, Any]) -> dict[str, Any]:
    """The figures the page must show, taken from the CLI's JSON report."""
    keep = {
        "coverage": ["answered", "not_applicable", "unanswered", "total", "share", "percent"],
        "overall": [
            "level",
            "percent",
            "practices",
            "assessed",
            "not_applicable",
            "not_assessed",
            "with_gap",
        ],
    }
    sections = ["id", "level", "percent", "target", "practices", "assessed", "not_applicable"]
    practices = ["id", "status", "level", "percent", "target", "target_source", "gap"]
    practices += ["answered", "not_applicable", "elements_total", "held_back_by"]
    priorities = ["rank", "id", "gap", "dependants", "priority", "phase", "held_back_by"]
    return {
        **{k: {f: report[k][f] for f in fields} for k, fields in keep.items()},
        "sections": [{f: s[f] for f in sections} for s in report["sections"]],
        "practices": [{f: p[f] for f in practices} for p in report["practices"]],
        "priorities": [{f: p[f] for f in priorities} for p in report["priorities"]],
        "phases": report["phases"],
        "held_back": report["held_back"],
        "unanswered": [
            {"practice": u["practice"], "element": u["element"]} for u in report["unanswered"]
        ],
    }


def value(x: object) -> str:
    """A figure as the page writes it in data-value (JavaScript's String())."""
    if x is None:
        return ""
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return str(x)


def check_page(out: dict[str, Any], report: dict[str, Any]) -> None:
    expected = compared(report)
    assert compared(out["report"]) == expected
    # ... and what is drawn says the same
    assert out["figures"] == {
        "overall": value(report["overall"]["level"]),
        "coverage": value(report["coverage"]["answered"]),
        "assessed": value(report["overall"]["assessed"]),
        "with-gap": value(report["overall"]["with_gap"]),
    }
    assert [(pid, cells[2], cells[4]) for pid, cells in out["practices"]] == [
        (p["id"], value(p["level"]), value(p["gap"])) for p in report["practices"]
    ]
    assert [(pid, cells[0], cells[4], cells[5]) for pid, cells in out["priorities"]] == [
        (p["id"], value(p["rank"]), value(p["priority"]), value(p["phase"]))
        for p in report["priorities"]
    ]
    assert [(sid, cells[1], cells[2]) for sid, cells in out["sections"]] == [
        (s["id"], value(s["level"]), value(s["target"])) for s in report["sections"]
    ]
    assert out["phases"] == [",".join(ph["practices"]) for ph in report["phases"]]


def python_report(text: str) -> dict[str, Any]:
    q = parse_questionnaire(parse_yaml(text, "q.yaml"), shipped())
    data = build_report(q, shipped()).data
    return json.loads(json.dumps(data))  # type: ignore[no-any-return]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(q=questionnaires())
def test_the_page_shows_the_cli_figures(form_page: Page, q: dict[str, Any]) -> None:
    text = yaml.safe_dump(q, sort_keys=False, allow_unicode=True, width=10_000)
    out = form_page.evaluate(READ_PAGE, text)
    check_page(out, python_report(text))


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_examples_loaded_from_a_file_show_the_cli_figures(form_page: Page, name: str) -> None:
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    form_page.locator("#gc-form-load").set_input_files(str(EXAMPLES / name))
    expect(form_page.locator(".gc-form__message")).to_contain_text(f"Loaded {name}")
    out = form_page.evaluate(READ_PAGE.replace("gapcheckForm.loadText(text);", ""), None)
    check_page(out, python_report(text))
    expect(form_page.locator("#your-report")).to_contain_text("Your report: ")
