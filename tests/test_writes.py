"""Where outputs may go and what they may replace (issue #16, "never lose work"), end to end."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from gapcheck.cli import cli

from .conftest import EXAMPLES, ROOT

GAPCHECK = str(Path(sys.executable).parent / "gapcheck")
ARCADIA = EXAMPLES / "arcadia-2026.yaml"
ARCADIA_LATER = EXAMPLES / "arcadia-2028.yaml"
OFFER = ROOT / "offers" / "examples" / "meridia-justice.yaml"
REFUSED = "add --force to replace it, or choose another output path"


def run(*args: str | Path, ok: bool = True) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=not ok)
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def refused(stderr: str, path: Path, holds: str) -> bool:
    return stderr.startswith(f"{path}: this file exists and holds {holds}; ") and (
        REFUSED in stderr and stderr.endswith("nothing was written.\n")
    )


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# --------------------------------------------- 1. only an earlier output of the same kind


def test_a_filled_questionnaire_is_never_replaced_by_a_blank_one(tmp_path: Path) -> None:
    filled = tmp_path / "arcadia.yaml"
    shutil.copy(ARCADIA, filled)
    before = filled.read_bytes()
    code, _, err = run("questionnaire", "new", "--state", "Arcadia", "-o", filled)
    assert code == 2 and refused(err, filled, "a questionnaire")
    assert filled.read_bytes() == before
    # even a blank one made a minute ago: it may have been filled in since
    blank = tmp_path / "blank.yaml"
    assert run("questionnaire", "new", "--state", "Arcadia", "-o", blank)[0] == 0
    code, _, err = run("questionnaire", "new", "--state", "Norland", "-o", blank)
    assert code == 2 and refused(err, blank, "a questionnaire")
    assert "Arcadia" in blank.read_text()
    code, _, err = run("questionnaire", "new", "--state", "Norland", "-o", filled, "--force")
    assert code == 0 and err == f"Wrote {filled}\n"
    assert "Norland" in filled.read_text() and "Arcadia" not in filled.read_text()
    assert leftovers(tmp_path) == []


def test_workbooks_and_imports_never_replace_work(tmp_path: Path) -> None:
    book = tmp_path / "arcadia.xlsx"
    assert run("questionnaire", "new", "--state", "Arcadia", "-o", book)[0] == 0
    before = book.read_bytes()
    code, _, err = run("questionnaire", "new", "--state", "Arcadia", "-o", book)
    assert code == 2 and refused(err, book, "a spreadsheet (perhaps a filled-in workbook)")
    assert book.read_bytes() == before
    filled = tmp_path / "arcadia.yaml"
    shutil.copy(ARCADIA, filled)
    code, _, err = run("questionnaire", "import", book, "-o", filled)
    assert code == 2 and refused(err, filled, "a questionnaire")
    assert filled.read_bytes() == ARCADIA.read_bytes()


def test_schema_replaces_only_the_same_schema(tmp_path: Path) -> None:
    target = tmp_path / "questionnaire.schema.json"
    assert run("schema", "questionnaire", "-o", target)[0] == 0
    assert run("schema", "questionnaire", "-o", target)[0] == 0  # regenerated: normal
    code, _, err = run("schema", "requests", "-o", target)
    assert code == 2 and refused(err, target, "a gapcheck output of another kind")
    notes = tmp_path / "settings.json"
    notes.write_text('{"editor.tabSize": 2}\n')
    code, _, err = run("schema", "questionnaire", "-o", notes)
    assert code == 2 and refused(err, notes, "something gapcheck did not write")
    assert notes.read_text() == '{"editor.tabSize": 2}\n'


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_last_weeks_report_is_replaced_without_a_flag(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"report.{fmt}"
    assert run("report", ARCADIA, "-f", fmt, "-o", out)[0] == 0
    assert run("report", ARCADIA_LATER, "-f", fmt, "-o", out)[0] == 0
    assert "2028-03-20" in out.read_text()
    # a comparison is another kind of output: replacing it with a report is a mistake
    compared = tmp_path / f"progress.{fmt}"
    assert run("compare", ARCADIA, ARCADIA_LATER, "-f", fmt, "-o", compared)[0] == 0
    before = compared.read_bytes()
    code, _, err = run("report", ARCADIA, "-f", fmt, "-o", compared)
    assert code == 2 and refused(err, compared, "a gapcheck output of another kind")
    assert compared.read_bytes() == before


def test_tables_csv_and_graphs_are_recognised_by_their_header(tmp_path: Path) -> None:
    for args, name in (
        (["score", ARCADIA, "-f", "csv"], "scores.csv"),
        (["score", ARCADIA], "scores.txt"),
        (["graph", "-f", "dot"], "graph.dot"),
        (["graph", "-f", "mermaid"], "graph.mmd"),
    ):
        out = tmp_path / name
        out.write_text("my own notes\n")
        code, _, err = run(*args, "-o", out)
        assert code == 2 and refused(err, out, "something gapcheck did not write")
        assert run(*args, "-o", out, "--force")[0] == 0
        assert run(*args, "-o", out)[0] == 0  # now it is an earlier output


def test_requests_file_is_not_replaced_by_another_output(tmp_path: Path) -> None:
    requests = tmp_path / "requests.yaml"
    assert run("request", "new", ARCADIA, "-o", requests)[0] == 0
    before = requests.read_bytes()
    code, _, err = run("request", "share", requests, "-f", "md", "-o", requests)
    assert code == 2 and err.startswith(f"{requests}: this is an input file")
    code, _, err = run("report", ARCADIA, "-f", "md", "-o", requests)
    assert code == 2 and refused(err, requests, "a requests file")
    assert requests.read_bytes() == before


# ----------------------------------------------------- 2. request new merges by id


def test_request_new_over_a_requests_file_keeps_every_history(tmp_path: Path) -> None:
    requests = tmp_path / "requests.yaml"
    assert run("request", "new", ARCADIA, "-o", requests, "--date", "2026-04-01")[0] == 0
    ids = [r["id"] for r in yaml.safe_load(requests.read_text())["requests"]]
    matched, dropped, unchanged = ids[0], ids[1], ids[2:]
    move = ["request", "update", requests, matched, "--status", "matched", "--offer", "x-1"]
    assert run(*move, "--date", "2026-05-01")[0] == 0
    # a year later the State no longer wants help with two practices, and wants a new one
    data = yaml.safe_load(ARCADIA.read_text())
    for rid in (matched, dropped):
        data["practices"][rid.rsplit("-", 1)[1].upper()]["assistance"]["wanted"] = False
    data["practices"]["GP25"] = {"assistance": {"wanted": True, "kinds": ["training"]}}
    later = tmp_path / "arcadia.yaml"
    later.write_text(yaml.safe_dump(data, sort_keys=False))
    code, _, err = run("request", "new", later, "-o", requests, "--date", "2026-09-01")
    assert code == 0, err
    new_id = "republic-of-arcadia-2026-03-16-gp25"
    assert (
        f"{requests}: 1 added, {len(unchanged) + 1} kept with their history, "
        f"1 closed (no longer asked for): {dropped}\n"
    ) in err
    merged = {r["id"]: r for r in yaml.safe_load(requests.read_text())["requests"]}
    assert sorted(merged) == sorted([matched, *unchanged, new_id])
    assert merged[matched]["status"] == "matched"
    assert [e["date"].isoformat() for e in merged[matched]["history"]] == [
        "2026-04-01",
        "2026-05-01",
    ]
    assert all(merged[i]["history"][0]["date"].isoformat() == "2026-04-01" for i in unchanged)
    assert merged[new_id]["history"][0]["date"].isoformat() == "2026-09-01"


def test_request_new_refuses_a_broken_requests_file(tmp_path: Path) -> None:
    requests = tmp_path / "requests.yaml"
    requests.write_text("requests:\n- id: 12\n")
    code, _, err = run("request", "new", ARCADIA, "-o", requests)
    assert code == 2 and err.startswith(f"{requests}:2:")
    assert requests.read_text() == "requests:\n- id: 12\n"


# ------------------------------------------------ 3. devices, pipes, links, identity


def test_dev_null_is_written_to_never_replaced() -> None:
    code, _, err = run("report", ARCADIA, "-o", "/dev/null")
    assert code == 0 and err == "Wrote /dev/null\n"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_pipes_and_links_are_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, _, err = run("report", ARCADIA, "-o", fifo, "--force")
    assert code == 2 and err.startswith(f"{fifo}: this is a named pipe, socket or disk device")
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    link = tmp_path / "report.md"
    link.symlink_to(precious)
    code, _, err = run("report", ARCADIA, "-o", link)
    assert code == 2 and err.startswith(f"{link}: this is a symbolic link; ")
    assert run("report", ARCADIA, "-o", link, "--force")[0] == 0
    assert precious.read_text() == "keep me" and not link.is_symlink()
    # inside a folder given to match, a link is never followed, --force or not
    out = tmp_path / "matches"
    out.mkdir()
    (out / "matches.csv").symlink_to(precious)
    requests = tmp_path / "requests.yaml"
    assert run("request", "new", ARCADIA, "-o", requests)[0] == 0
    code, _, err = run("match", requests, OFFER, "-o", out, "--force")
    assert code == 2 and err.startswith(f"{out / 'matches.csv'}: this is a symbolic link;")
    assert sorted(p.name for p in out.iterdir()) == ["matches.csv"]
    assert precious.read_text() == "keep me"


def test_inputs_are_recognised_by_identity_not_spelling(tmp_path: Path) -> None:
    q = tmp_path / "q.yaml"
    shutil.copy(ARCADIA, q)
    hard = tmp_path / "other-name.md"
    os.link(q, hard)
    for target in (hard, tmp_path / "sub" / ".." / "q.yaml"):
        (tmp_path / "sub").mkdir(exist_ok=True)
        code, _, err = run("report", q, "-f", "md", "-o", target, "--force")
        assert code == 2 and err.startswith(f"{target}: this is an input file;")
    assert q.read_bytes() == ARCADIA.read_bytes()


# ------------------------------------------------- 4. the knowledge base is read-only


def test_nothing_is_written_inside_the_knowledge_base(tmp_path: Path) -> None:
    practices = tmp_path / "practices"
    shutil.copytree(ROOT / "practices", practices)
    before = {p: p.read_bytes() for p in practices.rglob("*") if p.is_file()}
    cases: tuple[list[str | Path], ...] = (
        ["report", ARCADIA, "-f", "md", "-o", practices / "GP01.yaml", "--force"],
        ["schema", "questionnaire", "-o", practices / "schema.json", "--force"],
        ["schema", "practice", "-o", practices / "GP26.json"],
        ["graph", "-o", tmp_path / "x" / ".." / "practices" / "graph.dot"],
        ["questionnaire", "new", "--state", "A", "-o", practices / "new" / "q.yaml"],
        ["site", "build", "-o", practices],
    )
    for args in cases:
        code, _, err = run("--practices", practices, *args)
        assert code == 2, err
        assert "this is inside the knowledge base folder; gapcheck never writes there" in err
    assert {p: p.read_bytes() for p in practices.rglob("*") if p.is_file()} == before
    assert run("--practices", practices, "validate")[0] == 0


# --------------------------------------------------------- 5. sets: all or nothing


def test_every_target_is_checked_before_any_is_written(tmp_path: Path) -> None:
    requests, letter = tmp_path / "requests.yaml", tmp_path / "letter.md"
    letter.write_text("my draft of the letter\n")
    code, _, err = run("request", "new", ARCADIA, "-o", requests, "--letter", letter)
    assert code == 2 and refused(err, letter, "something gapcheck did not write")
    assert not requests.exists()
    out = tmp_path / "matches"
    out.mkdir()
    (out / "matches.json").write_text("[1, 2, 3]\n")
    assert run("request", "new", ARCADIA, "-o", requests)[0] == 0
    code, _, err = run("match", requests, OFFER, "-o", out)
    assert code == 2 and refused(err, out / "matches.json", "something gapcheck did not write")
    assert sorted(p.name for p in out.iterdir()) == ["matches.json"]


def test_a_failed_rename_puts_the_set_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    requests = tmp_path / "requests.yaml"
    assert run("request", "new", ARCADIA, "-o", requests)[0] == 0
    out = tmp_path / "matches"
    assert run("match", requests, OFFER, "-o", out, "--date", "2026-01-01")[0] == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real, calls = os.replace, []

    def second_fails(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device", dst)
        real(src, dst)

    monkeypatch.setattr(os, "replace", second_fails)
    code, _, err = run("match", requests, OFFER, "-o", out, "--admin")
    assert code == 1 and "No space left on device" in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no temp file either


def test_a_closed_stderr_does_not_leave_half_a_set(tmp_path: Path) -> None:
    requests = tmp_path / "requests.yaml"
    assert run("request", "new", ARCADIA, "-o", requests)[0] == 0
    out = tmp_path / "matches"
    read, write = os.pipe()
    os.close(read)  # as `2>&1 | head -0` does
    try:
        subprocess.run(
            [GAPCHECK, "match", str(requests), str(OFFER), "-o", str(out)],
            stdout=write,
            stderr=write,
            check=False,
        )
    finally:
        os.close(write)
    assert sorted(p.name for p in out.iterdir()) == ["matches.csv", "matches.json", "matches.md"]


# ------------------------------------------------ 6. never write what cannot be read


def test_a_note_over_the_text_limit_is_refused(tmp_path: Path) -> None:
    requests = tmp_path / "requests.yaml"
    assert run("request", "new", ARCADIA, "-o", requests)[0] == 0
    before = requests.read_bytes()
    rid = yaml.safe_load(before)["requests"][0]["id"]
    update = ["request", "update", requests, rid, "--status", "matched"]
    code, _, err = run(*update, "--note", "x" * 100_001)
    assert code == 2
    assert "Invalid value for --note: longer than 100,000 characters, which gapcheck" in err
    assert requests.read_bytes() == before


@pytest.mark.slow  # writes and reads a requests file of 5 MB
def test_a_requests_file_too_big_to_read_back_is_refused(tmp_path: Path) -> None:
    """Merged with a file just under the read limit, the requests would go over it."""
    from gapcheck.yamlio import MAX_BYTES

    requests = tmp_path / "requests.yaml"
    assert run("request", "new", ARCADIA, "-o", requests)[0] == 0
    data = yaml.safe_load(requests.read_text())
    one = {**data["requests"][0], "status": "delivered"}
    day = one["history"][0]["date"]
    one["history"] = [
        *one["history"],
        *({"status": step, "date": day} for step in ("matched", "agreed", "delivered")),
    ]
    data["requests"] = [{**one, "id": f"r-{i}", "note": "n" * 89_000} for i in range(58)]
    requests.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False))
    spare = MAX_BYTES - 100 - requests.stat().st_size
    for i, request in enumerate(data["requests"]):
        request["note"] += "n" * (spare // 58 + (spare % 58 if i == 0 else 0))
    requests.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False))
    assert 0 < MAX_BYTES - requests.stat().st_size < 200
    before = requests.read_bytes()
    code, _, err = run("request", "new", ARCADIA, "-o", requests)
    assert code == 2
    assert err.startswith(f"{ARCADIA}: the requests file would be larger than 5 MB, which")
    assert requests.read_bytes() == before


# ---------------------------------------------------------- 7. -o - is standard output


def test_dash_is_standard_output(tmp_path: Path) -> None:
    code, out, _ = run("report", ARCADIA, "-o", "-")
    assert code == 0 and out.startswith("# Self-assessment: Republic of Arcadia")
    code, out, _ = run("request", "new", ARCADIA, "-o", "-")
    assert code == 0 and "\nrequests:\n" in out
    code, out, _ = run("schema", "requests", "-o", "-")
    assert code == 0 and '"$id": "urn:gapcheck:schema:requests"' in out
    result = CliRunner().invoke(
        cli, ["questionnaire", "new", "--state", "A", "-f", "xlsx", "-o", "-"]
    )
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"PK")
    assert not (Path.cwd() / "-").exists()


def test_a_workbook_never_goes_to_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from gapcheck.cli.common import to_stdout
    from gapcheck.errors import InputError

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    with pytest.raises(InputError) as caught:
        to_stdout(b"PK\x03\x04")
    assert str(caught.value).startswith("-: a workbook is not text and would garble the terminal")


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2_000))
def test_any_existing_file_is_kept_unless_it_is_the_same_kind(data: bytes) -> None:
    """Whatever a file holds, it is either recognised as this output's kind or refused."""
    from gapcheck.errors import InputError
    from gapcheck.writes import Target, check, signature

    new = '{\n  "kind": "gapcheck-report",\n  "generated_by": "gapcheck"\n}\n'
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "report.json"
        target.write_bytes(data)
        try:
            check([Target(str(target), new)])
        except InputError as e:
            assert data and "add --force to replace it" in str(e)
        else:
            assert not data or signature(data) == "json:gapcheck-report"
        assert target.read_bytes() == data
