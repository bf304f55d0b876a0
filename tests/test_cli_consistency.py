"""What a new user met (issues #16 and #10), end to end: one way to name formats, dates,
ids and names; status lines apart from data; no terminal escapes and no undecodable
arguments getting through."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import EXAMPLES, ROOT, invoke

GAPCHECK = str(Path(sys.executable).parent / "gapcheck")
ARCADIA = EXAMPLES / "arcadia-2026.yaml"
ARCADIA_LATER = EXAMPLES / "arcadia-2028.yaml"
OFFER = ROOT / "offers" / "examples" / "valdoria-prison-service.yaml"


def arcadia_with(tmp_path: Path, *edits: tuple[str, str], count: int = 1) -> Path:
    """A copy of Arcadia's questionnaire with each (old, new) replaced `count` times."""
    text = ARCADIA.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, count)
    path = tmp_path / "arcadia.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------------ the cover letter


def test_cover_letter_reads_well_for_one_request(tmp_path: Path, runner: CliRunner) -> None:
    # keep only the first practice that asks for help
    text = ARCADIA.read_text(encoding="utf-8")
    first = text.index("\n      wanted: true") + len("\n      wanted: true")
    one = tmp_path / "one.yaml"
    one.write_text(text[:first] + text[first:].replace("wanted: true", "wanted: false"))
    letter = tmp_path / "letter.md"
    code, _, err = invoke("request", "new", one, "--letter", letter, "--date", "2026-06-01")
    assert code == 0, err
    assert (
        "Following our self-assessment of 16 March 2026\n"
        "against the Rome Memorandum on Good Practices"
    ) in letter.read_text()
    assert (
        "to submit requests for assistance to the GCTF Administrative Unit, we would welcome\n"
        "assistance with the good practice below.\n"
    ) in letter.read_text()


def test_cover_letter_reads_well_for_several(tmp_path: Path, runner: CliRunner) -> None:
    letter = tmp_path / "letter.md"
    code, _, _ = invoke("request", "new", ARCADIA, "--letter", letter)
    assert code == 0
    text = letter.read_text()
    assert "Following our self-assessment of 16 March 2026\nagainst the Rome" in text
    assert (
        "we would welcome\nassistance with the 5 good practices below, listed in order of "
        "priority.\n"
    ) in text


# ------------------------------------------------------------------------ formats from -o


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("s.csv", lambda t: t.startswith("file,state,date,coverage_%,overall,A,B,C,D,E\n")),
        ("s.json", lambda t: json.loads(t)[0]["state"] == "Republic of Arcadia"),
        ("s.txt", lambda t: t.startswith("file ") and "\n----" in t),
    ],
)
def test_score_chooses_its_format_from_the_extension(
    name: str, check: object, tmp_path: Path, runner: CliRunner
) -> None:
    out = tmp_path / name
    assert invoke("score", ARCADIA, "-o", out)[0] == 0
    assert callable(check) and check(out.read_text())


def _workbook(tmp_path: Path, runner: CliRunner) -> Path:
    path = tmp_path / "blank.xlsx"
    assert invoke("questionnaire", "new", "--state", "Testland", "-o", path)[0] == 0
    return path


UNKNOWN_EXTENSION = [
    (["report", ARCADIA], ".md, .markdown, .txt, .html, .htm, .json or .docx"),
    (["compare", ARCADIA, ARCADIA_LATER], ".md, .markdown, .txt, .html, .htm or .json"),
    (["score", ARCADIA], ".txt, .csv or .json"),
    (["questionnaire", "new", "--state", "Testland"], ".yaml, .yml or .xlsx"),
    (["questionnaire", "import", "{xlsx}"], ".yaml or .yml"),
    (["request", "share", "{requests}"], ".md, .markdown, .txt, .csv or .json"),
    (["request", "status", "{requests}"], ".txt, .md, .markdown, .txt, .csv or .json"),
    (["request", "followup", "{requests}", ARCADIA_LATER], ".md, .markdown, .txt, .csv or .json"),
    (["practices", "list"], ".txt, .csv or .json"),
    (["practices", "show", "GP03"], ".txt, .md, .markdown or .txt"),
    (["graph"], ".dot, .gv, .mmd, .mermaid or .json"),
    (["schema", "questionnaire"], ".json"),
]


@pytest.mark.parametrize(("args", "known"), UNKNOWN_EXTENSION, ids=lambda a: str(a)[:30])
def test_an_extension_gapcheck_does_not_write_is_refused(
    args: list[str | Path], known: str, tmp_path: Path, runner: CliRunner
) -> None:
    requests = tmp_path / "requests.yaml"
    assert invoke("request", "new", ARCADIA, "-o", requests)[0] == 0
    xlsx = _workbook(tmp_path, runner)
    given = [str(a).format(requests=requests, xlsx=xlsx) for a in args]
    before = sorted(tmp_path.iterdir())
    code, out, err = invoke(*given, "-o", tmp_path / "r.odt")
    assert (code, out) == (2, "")
    assert err.endswith(
        "Invalid value for --output: gapcheck does not write '.odt' files here; "
        f"end the file name in {known}\n"
    )
    assert sorted(tmp_path.iterdir()) == before


def test_an_explicit_format_may_go_to_any_name(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "notes.odt"
    assert invoke("report", ARCADIA, "--format", "md", "-o", out)[0] == 0
    assert out.read_text().startswith("# Self-assessment: Republic of Arcadia")


# ------------------------------------------------------------------------ validate


def test_validate_reads_a_workbook_as_report_does(tmp_path: Path, runner: CliRunner) -> None:
    xlsx = _workbook(tmp_path, runner)
    assert invoke("validate", xlsx) == (
        0,
        "",
        f"OK: {xlsx} is a valid questionnaire workbook file\n",
    )
    broken = tmp_path / "broken.xlsx"
    broken.write_text("not a workbook")
    _, _, validated = invoke("validate", broken)
    _, _, reported = invoke("report", broken)
    assert validated.splitlines()[:-1] == reported.splitlines()[:-1]
    assert validated.splitlines()[-1] == "1 problem found."
    assert reported.splitlines()[-1] == "1 problem found; nothing was written."


def test_validate_gives_a_questionnaire_the_checks_report_gives(
    tmp_path: Path, runner: CliRunner
) -> None:
    no_state = tmp_path / "no-state.yaml"
    no_state.write_text("practices:\n  GP01:\n    target: 3\n")
    code, out, err = invoke("validate", no_state)
    assert (code, out) == (2, "")
    assert err == f"{no_state}:1:1: 'state' is missing; add it\n1 problem found.\n"
    assert invoke("report", no_state)[2].startswith(f"{no_state}:1:1: 'state' is missing")


# ------------------------------------------------------------------------ one --date option

DATED = [
    ["questionnaire", "new", "--state", "Testland"],
    ["request", "new", ARCADIA],
    ["request", "share", ARCADIA],
    ["request", "update", ARCADIA, "id", "--status", "matched"],
    ["match", ARCADIA],
]


@pytest.mark.parametrize("args", DATED, ids=lambda a: " ".join(str(x) for x in a[:2]))
def test_one_date_option_everywhere(args: list[str | Path], runner: CliRunner) -> None:
    _, out, _ = invoke(*args[:2], "--help")
    assert "--date YYYY-MM-DD" in out and "%Y" not in out
    code, out, err = invoke(*args, "--date", "02/12/2026")
    assert (code, out) == (2, "")
    assert err.endswith(
        "Invalid value for '--date': '02/12/2026' is not a date; write it as YYYY-MM-DD, "
        "e.g. 2026-03-16\n"
    )


# ------------------------------------------------------------------------ names in any case


def test_actors_sections_and_practices_in_any_case(runner: CliRunner) -> None:
    by_id = invoke("practices", "list", "--actor", "families")
    assert by_id[0] == 0 and "GP" in by_id[1]
    for spelling in ("Families", "FAMILIES", "families of inmates", "Families  of Inmates"):
        assert invoke("practices", "list", "--actor", spelling) == by_id
    assert (
        invoke("practices", "list", "--actor", "Social Workers")[1]
        == (invoke("practices", "list", "--actor", "social-workers")[1])
    )
    assert invoke("practices", "list", "--section", "c") == invoke(
        "practices", "list", "--section", "C"
    )
    assert invoke("practices", "show", "gp03") == invoke("practices", "show", "GP03")
    assert invoke("questionnaire", "new", "--state", "X", "--lang", "EN")[0] == 0
    code, out, err = invoke("practices", "list", "--actor", "Psycologists")
    assert (code, out) == (2, "")
    assert "unknown actor 'Psycologists'; did you mean 'psychologists'?" in err


def test_kinds_of_assistance_in_any_case(tmp_path: Path, runner: CliRunner) -> None:
    q = arcadia_with(tmp_path, ("kinds: [technical-assistance]", "kinds: [Technical Assistance]"))
    code, out, err = invoke("request", "new", q)
    assert code == 0, err
    kinds = [r["kinds"] for r in yaml.safe_load(out)["requests"]]
    assert ["technical-assistance"] in kinds


# ------------------------------------------------------------------------ stdout and stderr


def test_status_lines_go_to_stderr_and_data_to_stdout(tmp_path: Path, runner: CliRunner) -> None:
    code, out, err = invoke("validate")
    assert (code, out) == (0, "") and err.startswith("OK: ")
    code, out, err = invoke("request", "new", ARCADIA, "-o", tmp_path / "r.yaml")
    assert (code, out) == (0, "")
    assert err.endswith("5 request(s): 5 shared with members by name\n")


def test_practices_list_and_show_write_to_a_file(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "88")  # a file is 88 columns wide, whatever the terminal
    shown = invoke("practices", "show", "GP03")[1]
    out = tmp_path / "gp03.txt"
    assert invoke("practices", "show", "GP03", "-o", out) == (0, "", f"Wrote {out}\n")
    assert out.read_text() == shown
    listed = tmp_path / "practices.csv"
    assert invoke("practices", "list", "--section", "A", "-o", listed)[:2] == (0, "")
    assert listed.read_text() == invoke("practices", "list", "-s", "A", "-f", "csv")[1]
    assert listed.read_text().startswith("id,section,title,elements,builds_on\nGP01,A,")


# ------------------------------------------------------------------------ the matching's score


def test_matches_say_what_score_is_computed(tmp_path: Path, runner: CliRunner) -> None:
    requests = tmp_path / "requests.yaml"
    assert invoke("request", "new", ARCADIA, "-o", requests)[0] == 0
    code, out, _ = invoke("match", requests, OFFER, "--date", "2026-06-01")
    assert code == 0
    assert "The matching gives the largest total score ((0.1 + priority) x fit," in out
    assert "(priority x fit)" not in out


# ------------------------------------------------------------------------ a blank questionnaire


def test_a_blank_questionnaire_says_nothing_is_answered(tmp_path: Path, runner: CliRunner) -> None:
    blank = tmp_path / "blank.yaml"
    assert invoke("questionnaire", "new", "--state", "Testland", "-o", blank)[0] == 0
    md = invoke("report", blank)[1]
    html = invoke("report", blank, "--format", "html")[1]
    data = json.loads(invoke("report", blank, "--format", "json")[1])
    nothing = (
        "None of the 134 elements is answered, so this report has no levels, gaps or "
        "priorities to show. Fill in the questionnaire (a level from 0 to 4 for each element, "
        "or n/a with a reason) and make the report again."
    )
    assert f"**Nothing answered yet.** {nothing}" in md
    assert f"<strong>Nothing answered yet.</strong> {nothing}" in html
    no_gaps = "No practice is assessed yet, so there are no gaps to rank."
    assert no_gaps in md and f"<p>{no_gaps}</p>" in html
    for text in (md, html):
        assert "Partly answered" not in text
        assert "No assessed practice is below its target" not in text
    assert data["coverage"]["progress"] == "none" and data["coverage"]["answered"] == 0
    assert data["overall"]["assessed"] == 0 and data["priorities"] == []
    # one answer makes it partly answered again
    one = tmp_path / "one.yaml"
    one.write_text(blank.read_text().replace("GP01.7:", "GP01.7: 2", 1))
    assert "**Partly answered.** 133 of 134" in invoke("report", one)[1]


# ------------------------------------------------------------------------ undecodable arguments

UNDECODABLE = [
    (["questionnaire", "new", "--state", "X\udcff"], "the value of --state 'X\\xff'"),
    (["questionnaire", "new", "--state=X\udcff"], "the value of --state 'X\\xff'"),
    (
        ["request", "update", ARCADIA, "id", "--status", "matched", "--note", "\udcff"],
        "the value of --note '\\xff'",
    ),
    (["report", "arcadia\udce8.yaml"], "the argument 'arcadia\\xe8.yaml'"),
    # the option's name is the user's typing too: its escapes are shown, not run
    (["questionnaire", "new", "--st\x1bate=X\udcff"], "the value of --st\\u001bate 'X\\xff'"),
]


@pytest.mark.parametrize(("args", "where"), UNDECODABLE, ids=lambda a: str(a)[:24])
def test_arguments_that_are_not_utf8_are_refused(
    args: list[str | Path], where: str, tmp_path: Path, runner: CliRunner
) -> None:
    code, out, err = invoke(*args)
    assert (code, out) == (2, "")
    assert err == (
        f"Error: {where} is not valid UTF-8 text; type it again in a terminal that uses "
        "UTF-8 (for a file, rename it to a name in UTF-8)\n"
    )


def test_bytes_on_a_real_command_line_are_refused(tmp_path: Path) -> None:
    proc = subprocess.run(
        [GAPCHECK, "questionnaire", "new", "--state", b"X\xff", "-o", "q.yaml"],
        capture_output=True,
        cwd=tmp_path,
        check=False,
    )
    assert (proc.returncode, proc.stdout) == (2, b"")
    assert proc.stderr.startswith(b"Error: the value of --state 'X\\xff' is not valid UTF-8")
    assert b"Traceback" not in proc.stderr and list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------ terminal sequences

# a window title, a clipboard write, a C1 CSI and a screen clear
PAYLOAD = "Arcadia\x1b]0;pwned\x07\x1b]52;c;cHduZWQ=\x07\x9b31m\x1b[2J"
SHOWN = "Arcadia\\u001b]0;pwned\\u0007\\u001b]52;c;cHduZWQ=\\u0007\\u009b31m\\u001b[2J"
RAW = ("\x1b", "\x07", "\x9b")


def test_terminal_sequences_are_shown_not_run(tmp_path: Path, runner: CliRunner) -> None:
    # A State name may not hold control characters at all (they let one State pass for
    # another): the refusal names the character without sending it to the terminal.
    named = arcadia_with(
        tmp_path, ('state: "Republic of Arcadia"', f"state: {json.dumps(PAYLOAD)}")
    )
    code, out, err = invoke("report", named)
    assert code == 2
    assert "U+001B" in err and not any(c in out + err for c in RAW)
    # Free text keeps what was typed; every terminal output shows its escapes, never runs them.
    q = arcadia_with(tmp_path, ('note: "', f'note: "{json.dumps(PAYLOAD)[1:-1]} '))
    requests = tmp_path / "requests.yaml"
    code, _, err = invoke("request", "new", q, "-o", requests)
    assert code == 0, err
    shown_somewhere = False
    cases: tuple[list[str | Path], ...] = (
        ["score", q],
        ["report", q],
        ["request", "status", requests, "--admin"],
        ["request", "status", requests, "--admin", "-f", "md"],
        ["request", "share", requests],
        ["request", "new", q],
    )
    for args in cases:
        code, out, err = invoke(*args)
        assert code == 0, err
        assert not any(c in out + err for c in RAW), args
        shown_somewhere |= "\\u001b" in out
    assert shown_somewhere


@pytest.mark.parametrize(
    "args",
    [
        ["practices", "list", "--actor", PAYLOAD],
        ["practices", "show", PAYLOAD],
        ["schema", PAYLOAD],
        ["questionnaire", "new", "--state", "X", "--lang", PAYLOAD],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_a_value_quoted_back_in_an_error_is_shown_not_run(
    args: list[str], runner: CliRunner
) -> None:
    code, out, err = invoke(*args)
    assert (code, out) == (2, "")
    assert "pwned" in err and not any(c in err for c in RAW)
