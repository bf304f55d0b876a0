"""The report on the form page, in real headless Chromium, against `gapcheck report`'s JSON.

The differential test generates questionnaires (empty answers, n/a with reasons, whole
practices n/a, own targets, extreme values), loads each into one open page through the form's
own reader (no reload per example), and checks that every figure the page works out and shows
equals what the library's `build_report` gives for the same file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Page, expect

from gapcheck.catalogue import Catalogue
from gapcheck.cli import cli
from gapcheck.questionnaire import parse_questionnaire
from gapcheck.questionnaire_files import load_questionnaire_file
from gapcheck.report import build_report
from gapcheck.yamlio import parse_yaml
from tests.browser_support import reset_form, shipped
from tests.conftest import EXAMPLES, ROOT
from tests.consent_mixes import MIXES

pytestmark = pytest.mark.browser


# What the page reads back from its own drawing: each figure's exact value (data-value) and the
# order of the rows, so that a figure computed right but shown wrong fails too. It comes back as
# one JSON string: Playwright's own transfer of the report object, value by value, cost more
# than the page's work on it. JSON would quietly write a NaN or an infinity as null: the replacer
# makes it an error instead (a figure the page got wrong), and keeps an undefined field as null,
# as Playwright gave it (None), rather than dropping it.
READ_PAGE = """(text) => {
  gapcheckForm.loadText(text);
  const root = document.getElementById("gc-report");
  const vals = (sel, attr) => [...root.querySelectorAll(sel)].map((e) => [e.getAttribute(attr),
      [...e.querySelectorAll("td")].map((td) => td.dataset.value)]);
  const exact = (key, v) => {
    if (typeof v === "number" && !Number.isFinite(v)) throw new Error(`${key} is ${v}`);
    return v === undefined ? null : v;
  };
  return JSON.stringify({
    report: root.gcReport,
    practices: vals("tr[data-practice]", "data-practice"),
    priorities: vals("tr[data-priority]", "data-priority"),
    sections: vals("tr[data-section]", "data-section"),
    phases: [...root.querySelectorAll("li[data-phase]")].map((e) => e.dataset.value),
    actions: [...root.querySelectorAll("li[data-action]")].map((e) => [e.dataset.action,
      e.querySelector("[data-reason]").textContent]),
    warnings: [...root.querySelectorAll("[data-warning]")].map((e) => e.textContent),
    projected: vals("tr[data-projected]", "data-projected"),
    figures: Object.fromEntries([...root.querySelectorAll("[data-fig]")]
      .map((e) => [e.dataset.fig, e.dataset.value])),
  }, exact);
}"""


def read_page(page: Page, text: str | None) -> dict[str, Any]:
    """What the form shows once `text` is loaded (None: what it shows now)."""
    script = (
        READ_PAGE if text is not None else READ_PAGE.replace("gapcheckForm.loadText(text);", "")
    )
    return json.loads(page.evaluate(script, text))  # type: ignore[no-any-return]


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
    # Shares in twentieths, drawn as integers: a float drawn for each of 150 elements was a
    # third of the test's time.
    density = draw(st.sampled_from([0, 4, 12, 19, 20]))
    practices: dict[str, Any] = {}
    for p in cat:
        if draw(st.integers(0, 19)) >= max(density, 2):
            continue
        answers: dict[str, Any] = {}
        if draw(st.integers(0, 9)) == 0:
            answers["not_applicable"] = draw(WORDS)
        if draw(st.integers(0, 3)) == 0:
            answers["target"] = draw(TARGETS)
        elements: dict[str, Any] = {}
        for e in p.elements:
            if draw(st.integers(0, 19)) < density:
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
    check_first_steps(out, report["first_steps"])


def check_first_steps(out: dict[str, Any], expected: dict[str, Any]) -> None:
    """What to do first: the page's actions, reasons, warnings and projected levels."""
    assert out["report"]["first_steps"] == expected
    assert out["actions"] == [[a["id"], a["reason"]] for a in expected["actions"]]
    assert out["warnings"] == ["Warning. " + w["text"] for w in expected["warnings"]]
    assert [(n, cells[2]) for n, cells in out["projected"]] == [
        (str(ph["phase"]), value(ph["projected_overall"])) for ph in expected["phases"]
    ]


# libyaml's writer where PyYAML has it: the same text as PyYAML's own (all 300 ci examples
# compared), in a quarter of the time.
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def python_report(text: str) -> dict[str, Any]:
    q = parse_questionnaire(parse_yaml(text, "q.yaml"), shipped())
    data = build_report(q, shipped()).data
    return json.loads(json.dumps(data))  # type: ignore[no-any-return]


# 150 drawn questionnaires (300 until make test had to fit in 6 minutes: 10 s more for cases
# of the same shapes), besides every shipped example below; make explore draws ten times more.
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(q=questionnaires())
def test_the_page_shows_the_cli_figures(form_page: Page, q: dict[str, Any]) -> None:
    text = yaml.dump(q, Dumper=DUMPER, sort_keys=False, allow_unicode=True, width=10_000)
    out = read_page(form_page, text)
    check_page(out, python_report(text))


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_examples_loaded_from_a_file_show_the_cli_figures(form_page: Page, name: str) -> None:
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    form_page.locator("#gc-form-load").set_input_files(str(EXAMPLES / name))
    expect(form_page.locator(".gc-form__message")).to_contain_text(f"Loaded {name}")
    out = read_page(form_page, None)
    check_page(out, python_report(text))
    expect(form_page.locator("#your-report")).to_contain_text("Your report: ")


# ---- bad files: refused whole, with the CLI's own words at the same line and column ----

GOOD = "state: Estoria\npractices:\n  GP01:\n    elements:\n      GP01.7: 3\n"
BAD_FILES = {
    "level-out-of-range": GOOD.replace("GP01.7: 3", "GP01.7: 7"),
    "level-not-whole": GOOD.replace("GP01.7: 3", "GP01.7: 2.5"),
    "level-a-word": GOOD.replace("GP01.7: 3", "GP01.7: maybe"),
    "level-yes": GOOD.replace("GP01.7: 3", "GP01.7: yes"),
    "na-without-reason": GOOD.replace("GP01.7: 3", "GP01.7: n/a"),
    "na-empty-reason": GOOD.replace("GP01.7: 3", 'GP01.7: {level: n/a, reason: ""}'),
    "unknown-answer-key": GOOD.replace("GP01.7: 3", "GP01.7: {level: 3, why: x}"),
    "target-out-of-range": GOOD.replace("    elements:", "    target: 9\n    elements:"),
    "target-not-a-number": GOOD.replace("    elements:", "    target: high\n    elements:"),
    "default-target": "default_target: 5\n" + GOOD,
    "state-missing": GOOD.replace("state: Estoria\n", "institution: Prisons\n"),
    "duplicate-key": GOOD + "state: Norland\n",
    "second-problem-too": GOOD.replace("GP01.7: 3", "GP01.7: 7\n      GP01.8: n/a"),
    # unknown keys and ids: refused whole, never loaded with a warning
    "unknown-key-close": "regoin: North\n" + GOOD,
    "unknown-key-far": "colour: blue\n" + GOOD,
    "unknown-practice-key": GOOD.replace("    elements:", "    traget: 3\n    elements:"),
    "unknown-assistance-key": GOOD + "    assistance: {wanted: yes, when: 2027}\n",
    "unknown-practice": GOOD.replace("  GP01:", "  GP99:"),
    "unknown-element": GOOD.replace("GP01.7: 3", "GP01.99: 3"),
    "unknown-element-other-version": 'catalogue_version: "9.9"\n'
    + GOOD.replace("GP01.7: 3", "GP01.99: 3"),
    "unknown-key-and-bad-level": "colour: blue\n" + GOOD.replace("GP01.7: 3", "GP01.7: 7"),
}


def cli_problems(runner: CliRunner, file: Path) -> list[str]:
    """`gapcheck report FILE`'s problems as `line:col: message`, file name left out."""
    result = runner.invoke(cli, ["report", str(file), "--format", "json"])
    assert result.exit_code == 2, result.output
    prefix = f"{file}:"
    return [
        line.removeprefix(prefix) for line in result.output.splitlines() if line.startswith(prefix)
    ]


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_file_gets_the_cli_message_and_nothing_is_loaded(
    form_page: Page, runner: CliRunner, tmp_path: Path, name: str
) -> None:
    file = tmp_path / f"{name}.yaml"
    file.write_text(BAD_FILES[name], encoding="utf-8")
    expected = cli_problems(runner, file)
    assert expected  # the CLI refuses it: so must the page
    form_page.evaluate("gapcheckForm.loadText('state: Before\\n')")
    form_page.locator('[data-k="m|region"]').fill("typed before loading")
    form_page.locator("#gc-form-load").set_input_files(str(file))
    alert = form_page.get_by_role("alert")
    expect(alert).to_contain_text(f"{file.name} could not be read")
    shown = alert.locator("li").all_inner_texts()
    assert shown == [f"{file.name}:{problem}" for problem in expected]
    expect(alert).to_contain_text("The form was not changed")
    # never a partial load: what was typed is still there, the state was not replaced
    expect(form_page.locator('[data-k="m|region"]')).to_have_value("typed before loading")
    expect(form_page.locator('[data-k="m|state"]')).to_have_value("Before")


def test_a_tab_is_refused_where_the_cli_refuses_it(
    form_page: Page, runner: CliRunner, tmp_path: Path
) -> None:
    file = tmp_path / "tab.yaml"
    file.write_text("state: Estoria\n\tpractices:\n", encoding="utf-8")
    (expected,) = cli_problems(runner, file)
    form_page.locator("#gc-form-load").set_input_files(str(file))
    # the file is read asynchronously: wait for its own message, not an earlier file's
    expect(form_page.get_by_role("alert").locator("li").first).to_contain_text("tab.yaml")
    (shown,) = form_page.get_by_role("alert").locator("li").all_inner_texts()
    # the same place and the same fix; PyYAML adds what it was reading when it met the tab
    assert shown.split(": ")[0] == f"tab.yaml:{expected.split(': ')[0]}"
    assert expected.endswith("indent with spaces, not tabs")
    assert shown.endswith("indent with spaces, not tabs")


# ---- 5 MB files: the page answers (here with gapcheck's refusal) instead of freezing ----


def five_mb_list(top_level: bool) -> str:
    """Just under gapcheck's 5 MB limit: one flow list of about 600,000 short values."""
    items: list[str] = []
    size, count = 5 * 1024 * 1024 - 4096, 0
    while count < size:
        items.append(f"x{len(items)}")
        count += len(items[-1]) + 2
    flow = "[" + ", ".join(items) + "]\n"
    return flow if top_level else "state: Estoria\nlist: " + flow


@pytest.mark.parametrize("top_level", [False, True], ids=["in-a-mapping", "the-whole-file"])
def test_a_5_mb_flow_list_is_refused_where_the_cli_refuses_it(
    form_page: Page, runner: CliRunner, tmp_path: Path, top_level: bool
) -> None:
    file = tmp_path / "big.yaml"
    file.write_text(five_mb_list(top_level), encoding="utf-8")
    (expected,) = cli_problems(runner, file)
    assert "more than 250000 values" in expected
    form_page.evaluate("gapcheckForm.loadText('state: Before\\n')")
    form_page.locator("#gc-form-load").set_input_files(str(file))
    alert = form_page.get_by_role("alert")
    # the page is shared by the module: wait for this file's message, not the last test's
    expect(alert.locator("li")).to_have_text([f"big.yaml:{expected}"], timeout=60_000)
    expect(alert).to_contain_text("big.yaml could not be read")
    expect(form_page.locator('[data-k="m|state"]')).to_have_value("Before")


def test_a_5_mb_run_of_blanks_in_a_value_is_refused_where_the_cli_refuses_it(
    form_page: Page, runner: CliRunner, tmp_path: Path
) -> None:
    # trimming with /[\s]+$/ is quadratic in a run of blanks: this file held the tab for hours
    file = tmp_path / "blanks.yaml"
    file.write_text("state: E" + " " * (5 * 1024 * 1024 - 4096) + "x\n", encoding="utf-8")
    (expected,) = cli_problems(runner, file)
    assert "longer than" in expected
    form_page.evaluate("gapcheckForm.loadText('state: Before\\n')")
    form_page.locator("#gc-form-load").set_input_files(str(file))
    alert = form_page.get_by_role("alert")
    expect(alert.locator("li")).to_have_text([f"blanks.yaml:{expected}"], timeout=60_000)
    expect(form_page.locator('[data-k="m|state"]')).to_have_value("Before")


def test_a_file_over_5_mb_is_refused_unread_as_the_cli_refuses_it(
    form_page: Page, runner: CliRunner, tmp_path: Path
) -> None:
    file = tmp_path / "huge.yaml"
    file.write_text("state: Estoria\n" + "#" * (5 * 1024 * 1024) + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["report", str(file), "--format", "json"])
    assert result.exit_code == 2
    (expected,) = [line for line in result.output.splitlines() if line.startswith(str(file))]
    form_page.locator("#gc-form-load").set_input_files(str(file))
    alert = form_page.get_by_role("alert")
    expect(alert).to_contain_text("The form was not changed")
    assert alert.locator("li").all_inner_texts() == [expected.replace(str(file), file.name)]


# ---- print or save as PDF ----


def test_the_report_prints_as_a_clean_a4_document(form_page: Page, tmp_path: Path) -> None:
    from pypdf import PdfReader

    form_page.locator("#gc-form-load").set_input_files(str(EXAMPLES / "estoria-2026.yaml"))
    expect(form_page.locator(".gc-form__message")).to_contain_text("Loaded estoria-2026.yaml")
    pdf = tmp_path / "report.pdf"
    form_page.pdf(path=str(pdf), format="A4")
    reader = PdfReader(pdf)
    text = "\n".join(page.extract_text() for page in reader.pages)
    # The report alone, its parts on their own pages: neither the form's hundreds of fields
    # (tens of pages) nor the site's navigation.
    assert 4 <= len(reader.pages) <= 10, len(reader.pages)
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width) / 72 * 25.4), round(float(height) / 72 * 25.4)) == (210, 297)
    report = python_report((EXAMPLES / "estoria-2026.yaml").read_text(encoding="utf-8"))
    assert "Your report: Federation of Estoria, 2026-09-14" in text
    for words in ("Overall level", "Levels by section", "Priorities", "Phases", "Not answered"):
        assert words in text
    assert f"{report['overall']['level']:.2f} of 4" in text
    first = report["priorities"][0]
    assert f"{first['id']} {first['title'][:20]}" in " ".join(text.split())
    for absent in ("Download the questionnaire", "About this assessment", "Print or save as PDF"):
        assert absent not in text
    # the first part does not spill the third onto page one: page breaks between parts
    assert "Priorities" not in reader.pages[0].extract_text()


# ---- the requests for assistance and their cover letter, from the page ----


def without_dates(requests_file: Path, catalogue: Catalogue, ids: bool) -> list[dict[str, Any]]:
    """A requests file as gapcheck reads it, the day it was made left out (and, for
    confidential requests, the references: drawn at random by the page, keyed by the CLI)."""
    from gapcheck.capacity.loading import load_requests_file

    loaded, _ = load_requests_file(requests_file, catalogue)
    out = []
    for r in loaded.model_dump()["requests"]:
        for event in r["history"]:
            del event["date"]
        if not ids:
            r["id"] = "c-" if r["id"].startswith("c-") else r["id"]
        out.append(r)
    return out


def letter_lines(text: str, ids: bool) -> list[str]:
    lines = [line for line in text.splitlines() if not line.startswith("**Date:**")]
    if ids:
        return lines
    return [" ".join("c-" if w.startswith("c-") else w for w in line.split(" ")) for line in lines]


@pytest.mark.parametrize(
    "name", ["estoria-2026.yaml", "arcadia-2026.yaml", "norland-2026.yaml", "arcadia-2028.yaml"]
)
def test_requests_and_letter_from_the_page_are_what_request_new_writes(
    form_page: Page, runner: CliRunner, catalogue: Catalogue, tmp_path: Path, name: str
) -> None:
    page = form_page
    reset_form(page)
    page.locator("#gc-form-load").set_input_files(str(EXAMPLES / name))
    expect(page.locator(".gc-form__message")).to_contain_text(f"Loaded {name}")

    def download(button: str) -> Path:
        with page.expect_download() as info:
            page.get_by_role("button", name=button).click()
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        return path

    # The same answers, as the form writes them (kinds of help in the catalogue's order).
    answers = download("Download the questionnaire")
    requests = download("Download the requests for assistance")
    letter = download("Download the cover letter")
    assert requests.name.endswith("-requests.yaml") and letter.name.endswith("-letter.md")
    cli_requests, cli_letter = tmp_path / "cli-requests.yaml", tmp_path / "cli-letter.md"
    result = runner.invoke(
        cli,
        ["request", "new", str(answers), "-o", str(cli_requests), "--letter", str(cli_letter)],
    )
    assert result.exit_code == 0, result.output
    confidential = load_questionnaire_file(answers, catalogue).confidential
    assert without_dates(requests, catalogue, not confidential) == without_dates(
        cli_requests, catalogue, not confidential
    )
    page_letter = letter.read_text(encoding="utf-8")
    assert letter_lines(page_letter, not confidential) == letter_lines(
        cli_letter.read_text(encoding="utf-8"), not confidential
    )
    # and `gapcheck match` reads the page's file as it reads the CLI's
    offers = sorted(str(p) for p in (ROOT / "offers" / "examples").glob("*.yaml"))
    matched = runner.invoke(cli, ["match", "--requests", str(requests), *offers, "-o", "-"])
    assert matched.exit_code == 0, matched.output


# ---- consent per request: each request's `share`, its id and the letter, as `request new` ----


@pytest.mark.parametrize("mix", sorted(MIXES))
def test_requests_mixing_consents_from_the_page_are_what_request_new_writes(
    form_page: Page, runner: CliRunner, catalogue: Catalogue, tmp_path: Path, mix: str
) -> None:
    source = MIXES[mix].write(tmp_path, "mixed.yaml")
    page = form_page
    # every mix is loaded as mixed.yaml: from a new form, "Loaded" can only be this file's
    reset_form(page)
    page.locator("#gc-form-load").set_input_files(str(source))
    expect(page.locator(".gc-form__message")).to_contain_text("Loaded mixed.yaml", timeout=30_000)
    (tmp_path / "page").mkdir()

    def download(button: str) -> Path:
        with page.expect_download() as info:
            page.get_by_role("button", name=button).click()
        path = tmp_path / "page" / info.value.suggested_filename
        info.value.save_as(path)
        return path

    # the same answers as the form writes them (kinds of help in the catalogue's order)
    answers = download("Download the questionnaire")
    requests = download("Download the requests for assistance")
    said = page.locator("#gc-report .gc-report__message").inner_text()
    letter = download("Download the cover letter")
    cli_requests, cli_letter = tmp_path / "cli-requests.yaml", tmp_path / "cli-letter.md"
    result = runner.invoke(
        cli, ["request", "new", str(answers), "-o", str(cli_requests), "--letter", str(cli_letter)]
    )
    assert result.exit_code == 0, result.output
    cli_said = result.stderr.splitlines()[-1]
    expected = without_dates(cli_requests, catalogue, ids=False)
    assert without_dates(requests, catalogue, ids=False) == expected
    # each request has the consent of the file as it was loaded (the mix is really mixed),
    # and a reference only where the State is not named
    q = load_questionnaire_file(source, catalogue)
    assert [r["share"] for r in expected] == [q.request_share(r["practice"]) for r in expected]
    assert len({r["share"] for r in expected}) > 1
    for r in yaml.safe_load(requests.read_text(encoding="utf-8"))["requests"]:
        assert r["id"].startswith("c-") == (r["share"] in ("unit", "providers")), r
        assert "confidential" not in r
    assert letter_lines(letter.read_text(encoding="utf-8"), ids=False) == letter_lines(
        cli_letter.read_text(encoding="utf-8"), ids=False
    )
    # the page says what the CLI's status line says
    assert said.startswith(
        f"Downloaded {cli_said.split(': ', 1)[0]}: {cli_said.split(': ', 1)[1]}."
    )


BAD_SHARES = {
    "default-not-a-choice": "share_requests: everyone\n" + GOOD,
    "default-a-number": "share_requests: 3\n" + GOOD,
    "own-not-a-choice": GOOD + "    assistance: {wanted: yes, share: members only}\n",
    "own-yes": GOOD + "    assistance: {wanted: yes, share: yes}\n",
    "own-a-list": GOOD + "    assistance:\n      wanted: true\n      share: [unit]\n",
    "both": "share_requests: all\n" + GOOD + "    assistance: {share: 1.5}\n",
}


@pytest.mark.parametrize("name", sorted(BAD_SHARES))
def test_a_consent_gapcheck_refuses_is_refused_with_its_words(
    form_page: Page, runner: CliRunner, tmp_path: Path, name: str
) -> None:
    file = tmp_path / f"{name}.yaml"
    file.write_text(BAD_SHARES[name], encoding="utf-8")
    expected = cli_problems(runner, file)
    assert expected and all("write who may see the request" in p for p in expected)
    form_page.evaluate("gapcheckForm.loadText('state: Before\\n')")
    form_page.locator("#gc-form-load").set_input_files(str(file))
    alert = form_page.get_by_role("alert")
    expect(alert).to_contain_text(f"{file.name} could not be read")
    assert alert.locator("li").all_inner_texts() == [f"{file.name}:{p}" for p in expected]
    expect(form_page.locator('[data-k="m|state"]')).to_have_value("Before")
