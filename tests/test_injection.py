"""Script payloads and confidential markers in every free-text field, through every output.

Two questionnaires carry the payloads below in every free-text field (State, institution,
respondent, region, evidence, notes, n/a reasons, comments, assistance notes and time
frames), each field starting with a spreadsheet formula: a confidential one, whose fields
also carry the marker MARK, and a shared one (marker PUBLIC). Every output format is then
checked:

- no MARK where the State is not the reader: the members' list, the donors' views, the site;
- no payload that works: Markdown is rendered the way the site renders it (MkDocs'
  Python-Markdown with the site's extensions) and every HTML parsed: no <script> or <img>
  from a payload, no on* attribute, no javascript: URL, no stray </textarea>;
- `{{ 7*7 }}` never rendered as 49;
- no CSV cell starting with = + - @ (they are prefixed with a quote);
- what gapcheck writes (YAML, workbooks, JSON) gives the text back exactly as it was typed.

A report, a comparison or a cover letter of the confidential questionnaire is for the State
itself (or, for the letter, the Administrative Unit): those may show the State's name and
words, and are checked for payloads only.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

from gapcheck.catalogue import Catalogue
from gapcheck.cli import cli
from gapcheck.questionnaire_files import load_questionnaire_file
from gapcheck.workbook import write_workbook
from tests.conftest import EXAMPLES, ROOT
from tests.test_cli_assess import assert_offline

MARK = "Zq9Secret"
PUBLIC = "Pub7Shared"
OFFERS = sorted((ROOT / "offers" / "examples").glob("*.yaml"))
GAPCHECK = Path(sys.executable).parent / "gapcheck"
PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "tpl:{{ 7*7 }}:end",
    "]]>",
    "[x](javascript:alert(1))",
    "![y](javascript:alert(2))",
    "</textarea>",
    "b { onclick=alert(3) }",
    # invisible and bidirectional controls: kept as typed in free text, shown nowhere raw
    "zero\u200bwidth \u202eevil\u202c \u2066iso\u2069",
)
FORMULAS = ('=HYPERLINK("http://e.example/?q","open")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1)")
RENDERED_TEMPLATE = "tpl:49:end"


def text(marker: str, field: str, n: int) -> str:
    """A free-text value: a formula first (for the CSV check), the marker, every payload."""
    return f"{FORMULAS[n % len(FORMULAS)]} {marker}-{field} " + " ".join(PAYLOADS)


def state(marker: str, title: str) -> str:
    name = (
        f'=HYPERLINK("x") {title} of {marker}ia </title><script>alert(1)</script> '
        '"><img src=x onerror=alert(1)> tpl:{{ 7*7 }}:end [x](javascript:alert(1)) ]]> '
        "</textarea>{ onclick=alert(3) }"
    )
    assert len(name) <= 200  # the longest name a questionnaire takes
    return name


def plant(source: Path, marker: str, confidential: bool, title: str) -> dict[str, Any]:
    """The questionnaire with the payloads in every free-text field."""
    data: dict[str, Any] = yaml.safe_load(source.read_text(encoding="utf-8"))
    n = iter(range(10_000))
    data.update(
        state=state(marker, title),
        confidential=confidential,
        institution=text(marker, "institution", next(n)),
        respondent=text(marker, "respondent", next(n)),
        region=text(marker, "region", next(n)),
    )
    for pid, practice in data["practices"].items():
        practice["evidence"] = text(marker, f"{pid}-evidence", next(n))
        practice["notes"] = text(marker, f"{pid}-notes", next(n))
        elements = practice.get("elements") or {}
        for i, (eid, answer) in enumerate(list(elements.items())):
            level = answer.get("level") if isinstance(answer, dict) else answer
            if i == 0 and pid in ("GP05", "GP17"):
                level = "n/a"
            elements[eid] = {"level": level, "comment": text(marker, f"{eid}-comment", next(n))}
            if level == "n/a":
                elements[eid]["reason"] = text(marker, f"{eid}-reason", next(n))
        wish = practice.get("assistance") or {}
        if wish.get("wanted") or pid in ("GP03", "GP09", "GP20"):
            practice["assistance"] = {
                "wanted": True,
                "kinds": wish.get("kinds") or ["training"],
                "note": text(marker, f"{pid}-assistance-note", next(n)),
                "time_frame": text(marker, f"{pid}-time-frame", next(n)),
            }
    data["practices"]["GP13"]["not_applicable"] = text(marker, "GP13-not-applicable", next(n))
    return data


# ------------------------------------------------------------------ what is checked


class Page(HTMLParser):
    """What a browser would build from a page: tags, attributes, scripts' text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.starts: list[tuple[str, dict[str, str]]] = []
        self.ends: list[str] = []
        self.scripts: list[str] = []
        self.data_blocks: list[str] = []  # <script type="application/json">: data, never run
        self.texts: list[str] = []
        self._into: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        self.starts.append((tag, found))
        if tag == "script":
            data = found.get("type") == "application/json"
            self._into = self.data_blocks if data else self.scripts

    def handle_endtag(self, tag: str) -> None:
        self.ends.append(tag)
        self._into = None

    def handle_data(self, data: str) -> None:
        (self.texts if self._into is None else self._into).append(data)


def assert_inert_html(html: str, where: str) -> None:
    page = Page()
    page.feed(html)
    for tag, attrs in page.starts:
        assert not (tag == "img" and attrs.get("src") == "x"), f"{where}: an <img> from a payload"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"{where}: <{tag} {name}={value!r}>"
            if name in ("href", "src", "action", "xlink:href", "formaction"):
                url = re.sub(r"\s", "", value).lower()
                assert not url.startswith("javascript:"), f"{where}: <{tag} {name}={value!r}>"
    assert not any("alert(" in s for s in page.scripts), f"{where}: a <script> from a payload"
    # a data block holds payload text as JSON; with no "<" in it, nothing can close it early
    assert not any("<" in s for s in page.data_blocks), f"{where}: '<' in a data block"
    opened = sum(tag == "textarea" for tag, _ in page.starts)
    assert page.ends.count("textarea") <= opened, f"{where}: a stray </textarea>"
    assert RENDERED_TEMPLATE not in html, f"{where}: a template ran"


# The site's Markdown, as mkdocs.yml configures it, but without pymdownx.escapeall: the
# escaping must hold with any Python-Markdown setup, not only one that honours `\<`.
SITE_EXTENSIONS = ["toc", "tables", "attr_list", "admonition", "pymdownx.tasklist"]
SITE_MARKDOWN: dict[str, Any] = {"extensions": SITE_EXTENSIONS}


def assert_inert_markdown(md: str, where: str) -> None:
    """Markdown pasted into the site (or any Python-Markdown page) stays text."""
    assert RENDERED_TEMPLATE not in md, where
    assert_inert_html(markdown.markdown(md, **SITE_MARKDOWN), f"{where} (as Markdown)")


def assert_csv_safe(text: str, where: str) -> None:
    """No cell a spreadsheet would run as a formula."""
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                try:
                    float(cell)
                except ValueError:
                    pytest.fail(f"{where}: the cell {cell[:40]!r} would run as a formula")


def assert_hidden(text: str, where: str) -> None:
    assert MARK.lower() not in text.lower(), f"the confidential marker is in {where}"
    assert "grand duchy" not in text.lower() and "grand-duchy" not in text.lower(), where


def check(text: str, fmt: str, where: str) -> None:
    """The payload checks that fit the format."""
    assert RENDERED_TEMPLATE not in text, where
    if fmt == "md":
        assert_inert_markdown(text, where)
    elif fmt == "html":
        assert_inert_html(text, where)
    elif fmt == "csv":
        assert_csv_safe(text, where)
    elif fmt == "json":
        json.loads(text)


# ---------------------------------------------------------------------------- fixtures


def run(*args: str | Path) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("injection")
    out: dict[str, Path] = {}
    for name, source, marker, secret, title in (
        ("secret", EXAMPLES / "norland-2026.yaml", MARK, True, "Grand Duchy"),
        ("shared", EXAMPLES / "arcadia-2026.yaml", PUBLIC, False, "Free City"),
        ("secret-later", EXAMPLES / "norland-2026.yaml", MARK, True, "Grand Duchy"),
    ):
        data = plant(source, marker, secret, title)
        if name == "secret-later":
            data["date"] = "2027-05-04"
            for practice in data["practices"].values():
                for answer in (practice.get("elements") or {}).values():
                    if isinstance(answer["level"], int) and answer["level"] < 4:
                        answer["level"] += 1
        path = folder / f"{name}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        out[name] = path
    out["secret-requests"] = folder / "secret-requests.yaml"
    out["letter"] = folder / "letter.md"
    out["shared-requests"] = folder / "shared-requests.yaml"
    run("request", "new", out["secret"], "-o", out["secret-requests"], "--letter", out["letter"])
    run("request", "new", out["shared"], "-o", out["shared-requests"], "--date", "2026-06-01")
    # a step in the history carries a note of its own, with the payloads again
    rid = yaml.safe_load(out["secret-requests"].read_text())["requests"][0]["id"]
    note = text(MARK, "delivery-note", 0)
    for step in ("matched", "agreed"):  # one step at a time
        run("request", "update", out["secret-requests"], rid, "--status", step)
    run("request", "update", out["secret-requests"], rid, "--status", "delivered", "--note", note)
    return out


# ---------------------------------------------------------------------------- the tests


def test_the_planting_reached_every_field(files: dict[str, Path], catalogue: Catalogue) -> None:
    q = load_questionnaire_file(files["secret"], catalogue)
    assert MARK in q.state and q.confidential
    fields = [q.institution, q.respondent, q.region]
    for answers in q.practices.values():
        fields += [answers.evidence, answers.notes, answers.not_applicable]
        fields += [answers.assistance.note, answers.assistance.time_frame]
        fields += [a.comment for a in answers.elements.values()]
        fields += [a.reason for a in answers.elements.values()]
    planted = [f for f in fields if f]
    assert len(planted) > 150
    assert all(f.count(MARK) == 1 and all(p in f for p in PAYLOADS) for f in planted)
    assert sum("-reason " in f for f in planted) >= 3  # n/a reasons, GP24.2's among them


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_report_and_comparison(files: dict[str, Path], fmt: str) -> None:
    """The State's own documents: its name and words are shown, and none of them runs."""
    report = run("report", files["secret"], "--format", fmt)
    check(report, fmt, f"report ({fmt})")
    assert MARK in report  # the report is for the State itself
    comparison = run("compare", files["secret"], files["secret-later"], "--format", fmt)
    check(comparison, fmt, f"compare ({fmt})")
    if fmt == "html":
        assert_offline(report)
        assert_offline(comparison)
        assert "]]>" not in report and "]]>" not in comparison
    if fmt == "json":
        data = json.loads(report)
        assert data["questionnaire"]["state"] == state(MARK, "Grand Duchy")  # exactly as typed


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_score(files: dict[str, Path], fmt: str) -> None:
    out = run("score", files["secret"], files["shared"], "--format", fmt)
    check(out, fmt, f"score ({fmt})")
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert rows[0]["state"] == "'" + state(MARK, "Grand Duchy")


def test_requests_file_and_letter(files: dict[str, Path]) -> None:
    """The requests file keeps every word exactly; the letter (to the Unit) stays inert."""
    data = yaml.safe_load(files["secret-requests"].read_text(encoding="utf-8"))
    first = data["requests"][0]
    assert first["state"] == state(MARK, "Grand Duchy")
    assert first["note"].startswith(FORMULAS) and all(p in first["note"] for p in PAYLOADS)
    assert all(p in first["history"][-1]["note"] for p in PAYLOADS)
    letter = files["letter"].read_text(encoding="utf-8")
    check(letter, "md", "the cover letter")


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_members_list(files: dict[str, Path], fmt: str) -> None:
    out = run("request", "share", files["secret-requests"], files["shared-requests"], "-f", fmt)
    assert_hidden(out, f"the members' list ({fmt})")
    check(out, fmt, f"the members' list ({fmt})")
    assert PUBLIC in out  # the shared State's requests are listed, payloads and all


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
@pytest.mark.parametrize("admin", [False, True])
def test_matches(files: dict[str, Path], fmt: str, admin: bool) -> None:
    args: list[str | Path] = [
        files["secret-requests"],
        files["shared-requests"],
        *OFFERS,
        "--date",
        "2026-06-15",
    ]
    out = run("match", *args, "-f", fmt, *(["--admin"] if admin else []))
    check(out, fmt, f"matches ({fmt}, {'admin' if admin else 'donors'})")
    if not admin:
        assert_hidden(out, f"the donors' view of the matches ({fmt})")
    else:
        assert MARK in out


@pytest.mark.parametrize("fmt", ["table", "md", "csv", "json"])
def test_status_and_followup(files: dict[str, Path], fmt: str) -> None:
    status = run("request", "status", files["secret-requests"], files["shared-requests"], "-f", fmt)
    assert_hidden(status, f"status ({fmt})")
    check(status, fmt, f"status ({fmt})")
    check(
        run("request", "status", files["secret-requests"], "--admin", "-f", fmt),
        fmt,
        f"status, admin ({fmt})",
    )
    if fmt == "table":
        return
    follow = run("request", "followup", files["secret-requests"], files["secret-later"], "-f", fmt)
    assert_hidden(follow, f"follow-up ({fmt})")
    check(follow, fmt, f"follow-up ({fmt})")
    rid = yaml.safe_load(files["secret-requests"].read_text())["requests"][0]["id"]
    assert rid in follow  # the delivered request is followed up, by its reference only


@pytest.mark.slow
def test_match_files_in_a_real_process(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "matches"
    proc = subprocess.run(
        [GAPCHECK, "match", files["secret-requests"], files["shared-requests"], *OFFERS, "-o", out],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    for fmt in ("md", "csv", "json"):
        written = (out / f"matches.{fmt}").read_text(encoding="utf-8")
        assert_hidden(written, f"matches.{fmt}")
        check(written, fmt, f"matches.{fmt}")


def test_workbook_round_trip(files: dict[str, Path], catalogue: Catalogue, tmp_path: Path) -> None:
    """Formulas stay text in the workbook, and every word comes back exactly."""
    q = load_questionnaire_file(files["secret"], catalogue)
    xlsx = tmp_path / "secret.xlsx"
    xlsx.write_bytes(write_workbook(catalogue, q))
    planted = 0
    for ws in load_workbook(xlsx).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and MARK in cell.value:
                    assert cell.data_type == "s", f"{ws.title}!{cell.coordinate} is a formula"
                    planted += 1
    assert planted > 150
    back = tmp_path / "back.yaml"
    run("questionnaire", "import", xlsx, "-o", back)
    assert load_questionnaire_file(back, catalogue) == q


def _site_files(site: Path) -> Iterator[tuple[Path, str]]:
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".js", ".txt", ".md"):
            yield path, path.read_text(encoding="utf-8", errors="replace")


@pytest.mark.slow
def test_built_site(marked_site: Path) -> None:
    """Both questionnaires among the examples: only the shared one is published, inert.

    The site is built once per run, with test_site_build's examples too (marked_site.py).
    """
    site = marked_site
    published = False
    for path, content in _site_files(site):
        where = str(path.relative_to(site))
        assert_hidden(content, f"the site ({where})")
        assert RENDERED_TEMPLATE not in content, where
        if path.suffix == ".html":
            assert_inert_html(content, where)
            published |= PUBLIC in content and path.parent.name == "reports"
    assert published, "the shared example was not published: the test proved nothing"
