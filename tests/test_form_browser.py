"""The online questionnaire in real headless Chromium: fill, download, report, reload, load.

The downloaded file is scored by `gapcheck report` run as its own process, and the scores are
checked against figures worked out by hand. Every request the browser makes is recorded;
none may leave 127.0.0.1 (served site) or the local folder (offline build from file://).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import (
    Browser,
    Dialog,
    Download,
    Locator,
    Page,
    expect,
)

from gapcheck.catalogue import Catalogue
from gapcheck.cli import cli
from gapcheck.models.capacity import Share
from gapcheck.models.values import unseen
from gapcheck.questionnaire import parse_questionnaire
from gapcheck.questionnaire_files import load_questionnaire_file
from gapcheck.yamlio import parse_yaml
from tests.browser_support import FORM, request_origin, reset_form, shipped
from tests.conftest import EXAMPLES, ROOT
from tests.consent_mixes import MIXES

pytestmark = pytest.mark.browser

GAPCHECK = Path(sys.executable).parent / "gapcheck"
STATE = "Republic of Testland"
# Markup, quotes, a colon and a hash: each would break a carelessly written YAML file or page.
NOTE = '<script>alert(1)</script> "quoted": yes, it\'s #1 & <b>bold</b>'
REASON = 'No juvenile offenders: "none held" since 2019'


class Session:
    """A page with everything it did recorded: requests, dialogs, script errors."""

    def __init__(self, browser: Browser) -> None:
        self.context = browser.new_context(
            accept_downloads=True, viewport={"width": 1300, "height": 900}
        )
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.accept()  # "Clear the form?" is the only dialog the form opens

    def field(self, key: str) -> Locator:
        return self.page.locator(f'[data-k="{key}"]')

    def download(self, folder: Path) -> Path:
        with self.page.expect_download() as info:
            self.page.get_by_role("button", name="Download the questionnaire").click()
        return save(info.value, folder)

    def load(self, file: Path) -> None:
        self.page.locator("#gc-form-load").set_input_files(str(file))
        expect(self.page.locator(".gc-form__message")).to_contain_text(f"Loaded {file.name}")

    def clear(self) -> None:
        self.page.get_by_role("button", name="Clear the form").click()
        expect(self.page.locator(".gc-form__message")).to_contain_text("The form is empty")


@pytest.fixture
def session(browser: Browser) -> Iterator[Session]:
    s = Session(browser)
    yield s
    s.context.close()


@pytest.fixture(scope="module")
def form_session(browser: Browser, served: str) -> Iterator[Session]:
    s = Session(browser)
    s.page.goto(f"{served}{FORM}")
    expect(s.page.locator(".gc-practice").first).to_be_visible()
    assert_only_local(s.requests)
    yield s
    s.context.close()


@pytest.fixture
def opened(form_session: Session) -> Session:
    """The served form, opened once for the module and made new again for each test that
    neither navigates nor reloads (`reset_form`): what one test did, the next cannot see."""
    assert form_session.errors == []
    reset_form(form_session.page)
    form_session.requests.clear()
    form_session.dialogs.clear()
    return form_session


def save(download: Download, folder: Path) -> Path:
    path = folder / download.suggested_filename
    download.save_as(path)
    return path


def element(pid: str, eid: str, what: str = "level") -> str:
    return f"p|{pid}|e|{eid}|{what}"


def answers(file: Path, catalogue: Catalogue) -> dict[str, Any]:
    """Everything a questionnaire says; kinds of help as a set (the form lists them in
    catalogue order, whatever order the file had)."""
    data = load_questionnaire_file(file, catalogue).model_dump()
    for practice in data["practices"].values():
        practice["assistance"]["kinds"] = set(practice["assistance"]["kinds"])
    return data


def report_json(file: Path) -> dict[str, Any]:
    """`gapcheck report FILE --format json`, run as a user would run it."""
    result = subprocess.run(
        [str(GAPCHECK), "report", str(file), "--format", "json"],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def fill_testland(s: Session, catalogue: Catalogue) -> None:
    """The answers whose scores are worked out by hand in `check_testland`."""
    s.field("m|state").fill(STATE)
    s.field("m|date").fill("2026-05-01")
    s.field("m|languages").fill("en, FR")
    s.field("m|default_target").fill("2")
    s.field("p|GP01|target").fill("3.5")
    s.field(element("GP01", "GP01.7")).select_option("3")
    s.field(element("GP01", "GP01.2")).select_option("2")
    s.field(element("GP01", "GP01.3")).select_option("n/a")
    s.field("p|GP01|notes").fill(NOTE)
    s.field("p|GP01|a|wanted").check()
    s.field("p|GP01|a|kind|training").check()
    s.field(element("GP02", "GP02.8")).select_option("4")
    s.field(element("GP02", "GP02.8", "comment")).fill("Reviewed: 2025")
    s.field("p|GP03|na").check()
    s.field("p|GP03|na_reason").fill(REASON)


def check_testland(report: dict[str, Any], catalogue: Catalogue) -> None:
    practices = {p["id"]: p for p in report["practices"]}
    gp01, gp02, gp03 = practices["GP01"], practices["GP02"], practices["GP03"]
    # GP01: (3 + 2) / 2 = 2.5, GP01.3 n/a left out; its own target 3.5 -> gap 1.0
    assert (gp01["status"], gp01["level"], gp01["target"], gp01["gap"]) == (
        "assessed",
        2.5,
        3.5,
        1.0,
    )
    assert (gp01["answered"], gp01["not_applicable"]) == (3, 1)
    assert gp01["target_source"] == "custom"
    assert gp01["notes"] == NOTE
    assert gp01["elements"][3]["reason"] == REASON  # GP01.7, GP01.8, GP01.2, GP01.3
    assert (gp01["assistance"]["wanted"], gp01["assistance"]["kinds"]) == (True, ["training"])
    # GP02: 4 alone; the default target 2 -> no gap
    assert (gp02["level"], gp02["target"], gp02["gap"]) == (4.0, 2.0, 0.0)
    assert gp02["elements"][0]["comment"] == "Reviewed: 2025"
    # GP03: the whole practice does not apply
    assert (gp03["status"], gp03["not_applicable_reason"]) == ("n/a", REASON)
    # Overall: the mean of the two assessed practices, (2.5 + 4) / 2
    assert report["overall"]["level"] == 3.25
    assert (report["overall"]["assessed"], report["overall"]["not_applicable"]) == (2, 1)
    # Answered: 3 in GP01 (n/a counts as answered), 1 in GP02, every element of GP03.
    answered = 3 + 1 + len(catalogue.by_id["GP03"].elements)
    assert report["coverage"]["answered"] == answered
    assert report["coverage"]["total"] == len(catalogue.elements)
    q = report["questionnaire"]
    assert (q["state"], q["date"], q["confidential"]) == (STATE, "2026-05-01", False)
    assert q["catalogue_version"] == catalogue.version
    assert report["notices"] == []


def assert_only_local(requests: list[str]) -> None:
    origins = {request_origin(u) for u in requests}
    assert origins <= {("http", "127.0.0.1"), ("data", None)}, sorted(requests)


def test_fill_download_report_reload_and_load_back(
    served: str, session: Session, catalogue: Catalogue, tmp_path: Path
) -> None:
    page = session.page
    page.goto(f"{served}self-assessment.html")
    page.get_by_role("link", name="fill in the questionnaire online", exact=True).click()
    expect(page).to_have_url(f"{served}{FORM}")
    expect(page.locator(".gc-element")).to_have_count(len(catalogue.elements))
    expect(page.locator(".gc-form__progress")).to_have_text(
        f"0 of {len(catalogue.elements)} elements answered"
    )

    fill_testland(session, catalogue)
    # n/a without a reason: gapcheck would refuse the file, so the form does not download it.
    downloads: list[Download] = []
    # a lambda, not downloads.append: Playwright tags its handlers, and a builtin method
    # cannot carry the attribute it sets
    page.on("download", lambda d: downloads.append(d))  # noqa: PLW0108
    page.get_by_role("button", name="Download the questionnaire").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("GP01.3: say why it does not apply.")
    expect(session.field(element("GP01", "GP01.3", "reason"))).to_be_focused()
    assert downloads == []
    session.field(element("GP01", "GP01.3", "reason")).fill(REASON)
    expect(page.locator(".gc-form__progress")).to_have_text(
        f"4 of {len(catalogue.elements)} elements answered"
    )

    file = session.download(tmp_path)
    assert file.name == "republic-of-testland-2026-05-01.yaml"
    check_testland(report_json(file), catalogue)

    # Kept in this browser: a reload shows the same answers.
    page.reload()
    expect(session.field(element("GP01", "GP01.7"))).to_have_value("3")
    expect(session.field(element("GP01", "GP01.3", "reason"))).to_have_value(REASON)
    expect(session.field("p|GP01|notes")).to_have_value(NOTE)
    expect(session.field("p|GP03|na")).to_be_checked()

    # Cleared, then the downloaded file loaded back: every field as it was.
    session.clear()
    expect(session.field(element("GP01", "GP01.7"))).to_have_value("")
    expect(session.field("p|GP01|notes")).to_have_value("")
    expect(session.field("m|state")).to_have_value("")
    page.reload()
    expect(session.field("m|state")).to_have_value("")  # cleared from storage too
    session.load(file)
    expect(session.field("m|state")).to_have_value(STATE)
    expect(session.field("m|date")).to_have_value("2026-05-01")
    expect(session.field("m|languages")).to_have_value("en, fr")
    expect(session.field("p|GP01|target")).to_have_value("3.5")
    expect(session.field(element("GP01", "GP01.2"))).to_have_value("2")
    expect(session.field(element("GP01", "GP01.3"))).to_have_value("n/a")
    expect(session.field(element("GP01", "GP01.3", "reason"))).to_have_value(REASON)
    expect(session.field(element("GP02", "GP02.8", "comment"))).to_have_value("Reviewed: 2025")
    expect(session.field("p|GP01|notes")).to_have_value(NOTE)
    expect(session.field("p|GP01|a|kind|training")).to_be_checked()
    expect(session.field("p|GP01|a|kind|funding")).not_to_be_checked()
    expect(session.field("p|GP03|na_reason")).to_have_value(REASON)
    again = session.download(tmp_path / "again")
    assert answers(again, catalogue) == answers(file, catalogue)

    # The note was shown as text, never run as a script: the only dialog is "Clear the form?".
    assert len(session.dialogs) == 1
    assert session.dialogs[0].startswith("confirm: Clear every answer")
    assert page.locator(".gc-form script").count() == 0
    assert session.errors == []
    assert_only_local(session.requests)


@pytest.mark.parametrize("name", ["estoria-2026.yaml", "arcadia-2028.yaml"])
def test_a_questionnaire_goes_through_the_form_unchanged(
    opened: Session, catalogue: Catalogue, tmp_path: Path, name: str
) -> None:
    session = opened
    session.load(EXAMPLES / name)
    expect(session.page.get_by_role("alert")).to_have_count(0)  # nothing left out
    out = session.download(tmp_path)
    assert answers(out, catalogue) == answers(EXAMPLES / name, catalogue)
    assert_only_local(session.requests)


def test_loads_the_blank_questionnaire_and_explains_what_it_cannot_read(
    opened: Session, catalogue: Catalogue, runner: CliRunner, tmp_path: Path
) -> None:
    session = opened
    blank = tmp_path / "valdoria.yaml"
    result = runner.invoke(
        cli,
        ["questionnaire", "new", "--state", "Kingdom of Valdoria", "-o", str(blank)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    session.field("m|region").fill("typed before loading")
    session.load(blank)
    expect(session.field("m|state")).to_have_value("Kingdom of Valdoria")
    expect(session.field("m|region")).to_have_value("")  # loading replaces the form
    before = dt.date.today()
    out = session.download(tmp_path / "out")
    assert answers(out, catalogue) == answers(blank, catalogue)
    # The blank has no date: the download is named for the day it was made.
    days = {before.isoformat(), dt.date.today().isoformat()}
    assert out.name in {f"kingdom-of-valdoria-{day}.yaml" for day in days}

    # From another catalogue: loaded with a note, as long as gapcheck knows every id in it ...
    older = tmp_path / "older.yaml"
    head = 'catalogue_version: "0.9"\nstate: Valdoria\npractices:\n'
    older.write_text(head + "  GP01:\n    elements:\n      GP01.7: in place\n", encoding="utf-8")
    session.page.locator("#gc-form-load").set_input_files(str(older))
    alert = session.page.get_by_role("alert")
    expect(alert).to_contain_text("made for catalogue version 0.9")
    expect(session.field(element("GP01", "GP01.7"))).to_have_value("3")
    # ... and refused whole, as gapcheck refuses it, when it answers an element gapcheck lacks
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text(head + "  GP99:\n    notes: gone\n", encoding="utf-8")
    session.page.locator("#gc-form-load").set_input_files(str(unknown))
    expect(alert).to_contain_text("unknown.yaml:4:3: unknown practice id 'GP99'")
    expect(alert).to_contain_text("The form was not changed")
    expect(session.field(element("GP01", "GP01.7"))).to_have_value("3")

    # Not readable: the line is named and the form is left as it was.
    broken = tmp_path / "broken.yaml"
    broken.write_text('state: Valdoria\nnotes: "never closed\n', encoding="utf-8")
    session.page.locator("#gc-form-load").set_input_files(str(broken))
    expect(alert).to_contain_text("broken.yaml could not be read: line 2:")
    expect(alert).to_contain_text("The form was not changed")
    expect(session.field(element("GP01", "GP01.7"))).to_have_value("3")
    assert session.errors == []
    assert_only_local(session.requests)


def test_offline_build_from_a_folder_fills_and_downloads(
    offline_site: Path, session: Session, catalogue: Catalogue, tmp_path: Path
) -> None:
    session.page.goto((offline_site / FORM).as_uri())
    fill_testland(session, catalogue)
    session.field(element("GP01", "GP01.3", "reason")).fill(REASON)
    file = session.download(tmp_path)
    check_testland(report_json(file), catalogue)
    session.page.reload()
    expect(session.field(element("GP02", "GP02.8"))).to_have_value("4")
    assert session.errors == []
    schemes = {request_origin(u)[0] for u in session.requests}
    assert schemes <= {"file", "data", "blob"}, sorted(session.requests)


# ---- the script's own YAML writer and reader, against gapcheck's loader ----

LEVELS = ["", "0", "1", "2", "3", "4", "n/a"]
# What a text loses at both ends: whitespace as gapcheck (Python) sees it, and a stray BOM.
BLANKS = "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + "\ufeff"
TEXTS = ["m|region", "p|GP04|notes", "p|GP04|evidence", "p|GP04|a|note", "p|GP04|a|time_frame"]
GP04_1 = element("GP04", "GP04.1")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    # a name with an invisible character is refused by gapcheck (tests/test_invisible.py)
    state=st.text(max_size=30).filter(lambda s: unseen(s) is None),
    texts=st.lists(st.text(max_size=40), min_size=len(TEXTS), max_size=len(TEXTS)),
    level=st.sampled_from(LEVELS),
    reason=st.text(max_size=30),
    comment=st.text(max_size=30),
    whole_na=st.booleans(),
    target=st.sampled_from(["", "0", "2.5", "4", "3,5", " 1 "]),
)
def test_any_text_survives_the_written_yaml(
    form_page: Page,
    state: str,
    texts: list[str],
    level: str,
    reason: str,
    comment: str,
    whole_na: bool,
    target: str,
) -> None:
    values: dict[str, str | bool] = {
        "m|state": "Testland " + state,
        "p|GP04|target": target,
        GP04_1: level,
        element("GP04", "GP04.1", "reason"): reason,
        element("GP04", "GP04.1", "comment"): comment,
        "p|GP04|na": whole_na,
        "p|GP04|na_reason": reason,
        **dict(zip(TEXTS, texts, strict=True)),
    }
    out = form_page.evaluate(
        """(v) => {
          const data = JSON.parse(document.getElementById("gc-form-data").textContent);
          const yaml = gapcheckForm.toYaml(v, data);
          const refused = gapcheckForm.problems(v, data).length > 0;
          // a refused answer is never downloaded, and loading it back is refused too
          const back = refused
            ? null
            : gapcheckForm.fromObject(gapcheckForm.parseYaml(yaml), data).values;
          return {yaml, back, refused};
        }""",
        values,
    )
    expected = {k: v.strip(BLANKS) if isinstance(v, str) else v for k, v in values.items()}
    expected["p|GP04|target"] = str(float(target.replace(",", "."))) if target.strip() else ""
    reason_given = expected[element("GP04", "GP04.1", "reason")] != ""
    # A whole practice is written as not applicable only with its reason.
    expected["p|GP04|na"] = whole_na and reason_given
    expected["p|GP04|na_reason"] = expected["p|GP04|na_reason"] if whole_na else ""
    assert out["refused"] == ((level == "n/a" or whole_na) and not reason_given)
    if out["refused"]:
        return  # gapcheck would refuse an n/a without a reason, so the form does not download
    back = out["back"]
    back["p|GP04|target"] = str(float(back["p|GP04|target"])) if back["p|GP04|target"] else ""
    # The script reads back exactly what it wrote, texts trimmed as gapcheck trims them.
    assert {k: back.get(k, "") for k in values} == expected
    q = parse_questionnaire(parse_yaml(out["yaml"], "form.yaml"), shipped())
    gp04 = q.practices["GP04"]
    assert q.state == expected["m|state"]
    assert [q.region, gp04.notes, gp04.evidence, gp04.assistance.note] == [
        expected[k] for k in TEXTS[:4]
    ]
    assert gp04.assistance.time_frame == expected[TEXTS[4]]
    assert gp04.not_applicable == expected["p|GP04|na_reason"]
    answer = gp04.elements["GP04.1"]
    assert (answer.na, answer.level) == (level == "n/a", int(level) if level.isdigit() else None)
    assert (answer.reason, answer.comment) == (
        expected[element("GP04", "GP04.1", "reason")],
        expected[element("GP04", "GP04.1", "comment")],
    )
    assert gp04.target == (float(expected["p|GP04|target"]) if target.strip() else None)


# ---- consent per request: the default and each practice's own, kept through the form ----


def assistance_keys(text: str) -> list[list[str]]:
    """Each practice's assistance block as the keys it writes, in order."""
    blocks: list[list[str]] = []
    inside = False
    for line in text.splitlines():
        if line == "    assistance:":
            blocks.append([])
            inside = True
        elif not line.strip() or line.lstrip().startswith("#"):
            continue
        elif inside and line.startswith("      "):
            blocks[-1].append(line.split(":", 1)[0].strip())
        else:
            inside = False
    return blocks


@pytest.mark.parametrize("mix", sorted(MIXES))
def test_each_consent_goes_through_the_form_unchanged(
    opened: Session, catalogue: Catalogue, tmp_path: Path, mix: str
) -> None:
    from gapcheck.render.questionnaire_yaml import render_questionnaire

    session = opened
    source = MIXES[mix].write(tmp_path, "mixed.yaml")
    session.page.locator("#gc-form-load").set_input_files(str(source))
    # a whole questionnaire at a time on a busy machine: more than expect's default 5 s
    expect(session.page.locator(".gc-form__message")).to_contain_text(
        "Loaded mixed.yaml", timeout=30_000
    )
    expect(session.page.get_by_role("alert")).to_have_count(0)
    q = load_questionnaire_file(source, catalogue)
    # each choice shows what the file says (empty: the default)
    expect(session.field("m|share_requests")).to_have_value(str(q.share_requests or ""))
    for pid in [p.id for p in catalogue]:
        own = q.practices[pid].assistance.share if pid in q.practices else None
        expect(session.field(f"p|{pid}|a|share")).to_have_value(str(own or ""))
    (tmp_path / "out").mkdir()
    out = session.download(tmp_path / "out")
    again = load_questionnaire_file(out, catalogue)
    assert answers(out, catalogue) == answers(source, catalogue)
    assert [again.request_share(p) for p in [p.id for p in catalogue]] == [
        q.request_share(p) for p in [p.id for p in catalogue]
    ]
    # `share:` written where `gapcheck questionnaire` writes it, and only where it is set
    written = out.read_text(encoding="utf-8")
    assert assistance_keys(written) == assistance_keys(render_questionnaire(catalogue, again))
    assert session.errors == []


def test_consents_chosen_on_the_page_are_written_for_gapcheck(
    opened: Session, catalogue: Catalogue, tmp_path: Path
) -> None:
    session = opened
    page = session.page
    session.field("m|state").fill(STATE)
    page.get_by_label("Who may see our requests for assistance").select_option("unit")
    gp01 = page.locator("#gc-GP01")
    gp01.get_by_label("We would like help with this practice").check()
    gp01.get_by_label("Who may see this request").select_option("public")
    page.locator("#gc-GP02").get_by_label("We would like help with this practice").check()
    out = session.download(tmp_path)
    q = load_questionnaire_file(out, catalogue)
    assert (q.share_requests, q.request_share("GP01"), q.request_share("GP02")) == (
        "unit",
        "public",
        "unit",
    )
    # the choices: the default first, then the model's consents in its order
    options = gp01.get_by_label("Who may see this request").locator("option")
    assert [o.get_attribute("value") for o in options.all()] == ["", *(str(s) for s in Share)]
    # kept in this browser: a reload shows the same choices
    page.reload()
    expect(page.locator("#gc-GP01").get_by_label("Who may see this request")).to_have_value(
        "public"
    )
    expect(page.get_by_label("Who may see our requests for assistance")).to_have_value("unit")
    assert session.errors == []


def test_a_consent_kept_from_an_older_page_is_refused_not_widened(
    served: str, session: Session, catalogue: Catalogue
) -> None:
    """The older page kept share_requests as free text: one that is not a choice is shown as
    it is and refused with gapcheck's words, never read as the default (members)."""
    page = session.page
    page.goto(f"{served}{FORM}")
    key = page.evaluate(
        "JSON.parse(document.getElementById('gc-form-data').textContent).catalogue_version"
    )
    stored = {"m|state": STATE, "m|share_requests": "Unit only", "p|GP01|a|wanted": True}
    page.evaluate(
        "([k, v]) => localStorage.setItem(k, JSON.stringify(v))", [f"gapcheck-form:{key}", stored]
    )
    page.reload()
    expect(session.field("m|share_requests")).to_have_value("unit only")
    page.get_by_role("button", name="Download the questionnaire").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(
        "share_requests: write who may see the request: unit, providers, members or public; "
        "not 'unit only'"
    )
    assert session.errors == []
