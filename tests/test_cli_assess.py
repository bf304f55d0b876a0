"""`gapcheck report`, `compare` and `score` end to end, good input and bad."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from gapcheck.cli import cli
from tests.conftest import EXAMPLES, FIXTURES, invoke

ARCADIA = EXAMPLES / "arcadia-2026.yaml"
ARCADIA_LATER = EXAMPLES / "arcadia-2028.yaml"
ESTORIA = EXAMPLES / "estoria-2026.yaml"
NORLAND = EXAMPLES / "norland-2026.yaml"
BAD = FIXTURES / "questionnaires"
GAPCHECK = Path(sys.executable).parent / "gapcheck"


def test_report_markdown(runner: CliRunner) -> None:
    code, out, _ = invoke("report", ARCADIA)
    assert code == 0
    assert out.startswith("# Self-assessment: Republic of Arcadia\n")
    # the scale, the coverage and the unanswered elements are always stated
    assert "- **4**: in place and reviewed" in out
    assert "| Coverage | 122 of 134 elements answered (91%), 2 of them n/a |" in out
    assert "**Partly answered.** 12 of 134 elements are not answered yet" in out
    assert "| GP25 | GP25.4 | The lessons are applied. |" in out
    # the trace of one level: GP01 answered 3, 3, 2, 3, 3, 1, 1, 1 with an own target of 4:
    # 17 / 8 = 2.125, gap 1.875 (shown to two decimals, rounding half to even)
    assert "How the level was worked out: (3 + 3 + 2 + 3 + 3 + 1 + 1 + 1) / 8 = 2.12." in out
    assert "target 4 (set by the State), gap **1.88**" in out
    # plain Markdown only: pastes into a word processor
    assert "<" not in out.replace("\\<", "")


def test_report_json_shape(runner: CliRunner) -> None:
    code, out, _ = invoke("report", ARCADIA, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["schema_version"] == 1
    assert data["kind"] == "gapcheck-report"
    assert set(data) == {
        "schema_version",
        "kind",
        "generated_by",
        "catalogue",
        "questionnaire",
        "scale",
        "coverage",
        "overall",
        "sections",
        "practices",
        "priorities",
        "phases",
        "held_back",
        "first_steps",
        "applicability",
        "unanswered",
        "notices",
    }
    assert data["questionnaire"]["state"] == "Republic of Arcadia"
    assert data["coverage"] == {
        "answered": 122,
        "not_applicable": 2,
        "unanswered": 12,
        "total": 134,
        "share": 0.9104,
        "percent": 91.0448,
        "complete": False,
        "progress": "partly",
    }
    assert [s["id"] for s in data["sections"]] == ["A", "B", "C", "D", "E"]
    assert len(data["practices"]) == 25
    gp21 = next(p for p in data["practices"] if p["id"] == "GP21")
    na = [e for e in gp21["elements"] if e["status"] == "n/a"]
    assert [e["id"] for e in na] == ["GP21.3"] and na[0]["reason"].startswith("Arcadia is")
    assert [s["kind"] for s in gp21["safeguards"]] == ["retaliation", "family-risk"]
    assert gp21["level"] == 1.4 and gp21["gap"] == 1.6 and gp21["target_source"] == "default"
    assert data["priorities"][0]["rank"] == 1
    assert len(data["unanswered"]) == 12


def test_report_html_is_one_offline_file(runner: CliRunner) -> None:
    code, out, _ = invoke("report", ARCADIA, "--format", "html")
    assert code == 0
    assert out.startswith("<!DOCTYPE html>")
    assert out.count("<svg") == 3  # heatmap, section bars, dependency graph
    assert_offline(out)
    assert "@media print" in out
    assert 'name="viewport"' in out


class Tags(HTMLParser):
    """Every tag and attribute as a browser would see them, plus the text of <style>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def assert_offline(html: str) -> None:
    """Nothing in the page can fetch anything: links only to anchors, no scripts, no url()."""
    parsed = Tags()
    parsed.feed(html)
    names = {tag for tag, _ in parsed.tags}
    assert not names & {"script", "link", "iframe", "img", "object", "embed", "base"}, names
    for tag, attrs in parsed.tags:
        for name in ("src", "href", "xlink:href", "action", "srcset", "poster"):
            value = attrs.get(name)
            assert value is None or value.startswith("#"), (tag, name, value)
        assert "url(" not in (attrs.get("style") or "")
    css = " ".join(parsed.styles)
    assert "@import" not in css
    assert not re.search(r"url\(\s*['\"]?(?!#)", css)


def test_free_text_is_escaped_in_html(runner: CliRunner, tmp_path: Path) -> None:
    text = ARCADIA.read_text(encoding="utf-8")
    text = text.replace('state: "Republic of Arcadia"', 'state: "Arcadia <b>bold</b>"', 1)
    attack = '<script>alert("note")</script>'
    text = re.sub(r'notes: "[^"]*"', lambda _: f"notes: {json.dumps(attack)}", text, count=1)
    text = text.replace(
        'evidence: ""', 'evidence: "<img src=https://example.org/x onerror=alert(1)>"', 1
    )
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(text, encoding="utf-8")
    code, out, _ = invoke("report", hostile, "--format", "html")
    assert code == 0
    assert "&lt;script&gt;alert(&#34;note&#34;)&lt;/script&gt;" in out
    assert "&lt;img src=https://example.org/x onerror=alert(1)&gt;" in out
    assert "Arcadia &lt;b&gt;bold&lt;/b&gt;" in out
    assert_offline(out)
    code, md, _ = invoke("report", hostile, "--format", "md")
    assert "&lt;script&gt;" in md and "<script>" not in md


def test_report_subprocess_writes_file(tmp_path: Path) -> None:
    target = tmp_path / "nested" / "arcadia.json"
    proc = subprocess.run(
        [str(GAPCHECK), "report", str(ARCADIA), "--format", "json", "-o", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert f"Wrote {target}" in proc.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["schema_version"] == 1
    assert [p.name for p in target.parent.iterdir()] == ["arcadia.json"]  # no temp file left


def test_format_follows_the_output_name(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    code, _, err = invoke("report", ARCADIA, "-o", out)
    assert code == 0 and "Wrote" in err
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    forced = tmp_path / "report.html.txt"
    invoke("report", ARCADIA, "-o", forced, "--format", "json")
    assert json.loads(forced.read_text(encoding="utf-8"))["kind"] == "gapcheck-report"


def test_report_refuses_to_overwrite_its_input(runner: CliRunner, tmp_path: Path) -> None:
    copy = tmp_path / "q.yaml"
    copy.write_bytes(ARCADIA.read_bytes())
    code, out, err = invoke("report", copy, "-f", "md", "-o", copy)
    assert out == ""
    assert code == 2
    assert "this is an input file" in err
    assert copy.read_bytes() == ARCADIA.read_bytes()


def test_partly_answered_is_not_an_error(runner: CliRunner) -> None:
    code, out, _ = invoke("report", ESTORIA)
    assert code == 0
    assert "**Partly answered.** 70 of 134 elements are not answered yet" in out
    # the whole practice GP13 is not applicable, with its reason
    assert (
        "### GP13 Involving former violent extremists\n\n"
        "Section C. **The whole practice is not applicable.** Reason given: Federal law bars"
    ) in out
    assert (
        "| GP13.1 The programme has an approach to involving former violent extremists. | n/a | "
        "the whole practice is not applicable |"
    ) in out


def test_confidential_assessment_says_so(runner: CliRunner) -> None:
    _, out, _ = invoke("report", NORLAND)
    assert "**Confidential.**" in out
    _, out, _ = invoke("report", ARCADIA)
    assert "Confidential" not in out


def expectations() -> list[tuple[str, int, int, str]]:
    out = []
    for path in sorted(BAD.glob("*.yaml")):
        first = path.read_bytes().split(b"\n", 1)[0].decode("ascii")
        m = re.fullmatch(r"# expect: (\d+):(\d+) (.+)", first)
        assert m, f"{path.name}: first line must be '# expect: LINE:COL message'"
        out.append((path.name, int(m.group(1)), int(m.group(2)), m.group(3)))
    return out


EXPECTED_FIXTURES = {
    "bad-level.yaml",
    "na-without-reason.yaml",
    "unknown-practice.yaml",
    "unknown-element.yaml",
    "duplicate-key.yaml",
    "wrong-type.yaml",
    "invalid-yaml.yaml",
    "not-utf8.yaml",
    "made-for-1.0.yaml",
}


def test_every_failure_has_a_fixture() -> None:
    assert {name for name, *_ in expectations()} >= EXPECTED_FIXTURES


@pytest.mark.parametrize(("name", "line", "col", "message"), expectations())
@pytest.mark.parametrize("command", ["report", "score"])
def test_bad_questionnaire(
    runner: CliRunner, tmp_path: Path, command: str, name: str, line: int, col: int, message: str
) -> None:
    path = BAD / name
    output = tmp_path / "out.txt"
    result = runner.invoke(cli, [command, str(path), "-o", str(output)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert any(ln.startswith(f"{path}:{line}:{col}: ") and message in ln for ln in lines), lines
    assert lines[-1].endswith("nothing was written.")
    assert not output.exists()
    assert list(tmp_path.iterdir()) == []


def test_bad_questionnaire_subprocess(tmp_path: Path) -> None:
    output = tmp_path / "report.html"
    proc = subprocess.run(
        [str(GAPCHECK), "report", str(BAD / "bad-level.yaml"), "-o", str(output)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert f"{BAD / 'bad-level.yaml'}:8:15: " in proc.stderr
    assert not output.exists()


def test_compare_end_to_end(runner: CliRunner, tmp_path: Path) -> None:
    code, out, _ = invoke("compare", ARCADIA, ARCADIA_LATER, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["schema_version"] == 1 and data["kind"] == "gapcheck-comparison"
    by_id = {p["id"]: p for p in data["practices"]}
    # GP02: 3,3,3,3,4,2,1,2,3 (24/9) -> 3,3,3,3,4,2,0,2,2 (22/9): down by 2/9
    assert by_id["GP02"]["change"] == "regressed"
    assert by_id["GP02"]["delta"] == round(-2 / 9, 4)
    assert [e["id"] for e in by_id["GP02"]["changed_elements"]] == ["GP02.5", "GP02.7"]
    # GP05: 2,2,1,2 (1.75) -> 3,3,2,3 (2.75)
    assert (by_id["GP05"]["change"], by_id["GP05"]["delta"]) == ("improved", 1.0)
    assert by_id["GP25"]["change"] == "newly assessed"
    assert by_id["GP06"]["change"] == "unchanged" and by_id["GP06"]["changed_elements"] == []
    assert data["counts"]["regressed"] == 1 and data["counts"]["newly assessed"] == 1
    assert sum(data["counts"].values()) == 25
    code, md, _ = invoke("compare", ARCADIA, ARCADIA_LATER)
    assert "| GP02 Sound prison standards first | 2.67 | 2.44 | -0.22 | regressed |" in md
    page = tmp_path / "progress.html"
    code, _, _ = invoke("compare", ARCADIA, ARCADIA_LATER, "-o", page)
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html
    assert_offline(html)


def test_compare_warns_about_swapped_or_different_files(runner: CliRunner) -> None:
    _, out, _ = invoke("compare", ARCADIA_LATER, ARCADIA)
    assert "were OLD and NEW given the wrong way round?" in out
    _, out, _ = invoke("compare", ARCADIA, NORLAND)
    assert "name different States" in out


def test_compare_reports_problems_of_both_files(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "cmp.md"
    result = runner.invoke(
        cli,
        ["compare", str(BAD / "bad-level.yaml"), str(BAD / "duplicate-key.yaml"), "-o", str(out)],
    )
    assert result.exit_code == 2
    assert "bad-level.yaml:8:15:" in result.stderr
    assert "duplicate-key.yaml:8:7:" in result.stderr
    assert not out.exists()


def test_score_table_csv_json(runner: CliRunner) -> None:
    files = [ARCADIA, ARCADIA_LATER, ESTORIA, NORLAND]
    code, out, _ = invoke("score", *files)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["file", "state", "date", "coverage_%", "overall", *"ABCDE"]
    assert len(lines) == 2 + len(files)
    code, out, _ = invoke("score", *files, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["state"] for r in rows] == [
        "Republic of Arcadia",
        "Republic of Arcadia",
        "Federation of Estoria",
        "Kingdom of Norland",
    ]
    code, out, _ = invoke("score", *files, "--format", "json")
    rows = json.loads(out)
    norland = rows[3]
    assert norland["coverage_%"] == 100 and norland["date"] == "2026-05-04"
    assert rows[0]["coverage_%"] == 91  # 122 / 134 = 91.04%, rounded down
    assert rows[0]["E"] is None  # Arcadia did not assess section E in 2026


def test_score_lists_every_problem_of_every_file(runner: CliRunner) -> None:
    result = runner.invoke(
        cli,
        [
            "score",
            str(ARCADIA),
            str(BAD / "bad-level.yaml"),
            str(BAD / "unknown-element.yaml"),
            str(tmp_missing := BAD / "no-such-file.yaml"),
        ],
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    err = result.stderr
    assert "bad-level.yaml:8:15: " in err
    assert "unknown-element.yaml:8:7: " in err
    assert f"{tmp_missing}: file not found" in err
    assert "3 problems found; nothing was written." in err


def test_wrong_values_and_unknown_ids_are_reported_together(
    runner: CliRunner, tmp_path: Path
) -> None:
    q = tmp_path / "q.yaml"
    q.write_text(
        "state: Freedonia\n"
        "practices:\n"
        "  GP01:\n"
        "    elements:\n"
        "      GP01.7: 5\n"
        "      GP01.99: 2\n"
        "  GP30: {}\n"
    )
    result = runner.invoke(cli, ["report", str(q), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{q}:5:15: practices.GP01.elements.GP01.7: level 5 is out of range; use 0-4 "
        "(0 not in place, 1 planned, 2 partly in place, 3 in place, 4 in place and reviewed)"
        " or n/a",
        f"{q}:6:7: unknown element id 'GP01.99' for GP01; its elements are GP01.7, GP01.8, "
        "GP01.2, GP01.3, GP01.4, GP01.9, GP01.10, GP01.6",
        f"{q}:7:3: unknown practice id 'GP30'; practices run from GP01 to GP25",
        "3 problems found; nothing was written.",
    ]
    assert not (tmp_path / "r.html").exists()
