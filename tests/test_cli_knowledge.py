"""The knowledge-base commands end to end: validate, practices, graph, schema."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gapcheck import __version__
from gapcheck.cli import cli
from gapcheck.models.catalogue import Dependency

from .conftest import FIXTURES, PRACTICES, invoke

BAD_PRACTICES = sorted((FIXTURES / "practices").glob("*.yaml"))
GAPCHECK = str(Path(sys.executable).parent / "gapcheck")


def _expectation(path: Path) -> tuple[str, str]:
    m = re.fullmatch(r"# expect: (\d+:\d+) (.+)", path.read_text().splitlines()[0])
    assert m, f"{path.name} needs a first line '# expect: LINE:COL message'"
    return m.group(1), m.group(2)


@pytest.mark.parametrize("fixture", BAD_PRACTICES, ids=lambda p: p.stem)
def test_bad_practice_file_gets_one_positioned_line(
    fixture: Path, practices_copy: Path, runner: CliRunner
) -> None:
    target = practices_copy / "GP03.yaml"
    shutil.copy(fixture, target)
    where, fragment = _expectation(fixture)
    result = invoke("--practices", str(practices_copy), "validate")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{target}:{where}: "), lines
    assert fragment in lines[0]
    assert lines[-1] == "1 problem found."  # validate writes nothing, and says nothing of it


def test_validate_reports_every_problem_in_a_subprocess(practices_copy: Path) -> None:
    shutil.copy(FIXTURES / "practices" / "wrong-type.yaml", practices_copy / "GP03.yaml")
    gp09 = practices_copy / "GP09.yaml"
    gp09.write_text(gp09.read_text().replace("section: C", "section: Z"))
    proc = subprocess.run(
        [GAPCHECK, "validate", str(practices_copy)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert re.search(r"GP03\.yaml:4:9: number: ", proc.stderr)
    assert re.search(r"GP09\.yaml:4:10: unknown section 'Z'", proc.stderr)
    assert proc.stderr.rstrip().endswith("\n2 problems found.")


def test_validate_shipped_catalogue(runner: CliRunner) -> None:
    result = invoke("validate")
    assert result.exit_code == 0
    assert result.stdout == ""  # a status line, not data
    assert re.match(r"OK: .*practices: 25 practices, \d+ elements, \d+ dependencies", result.stderr)


def test_validate_missing_path_is_a_clean_error(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke("validate", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert "nope.yaml: file not found" in result.stderr


def test_practices_list_filters(runner: CliRunner) -> None:
    result = invoke("practices", "list", "--section", "c")
    ids = re.findall(r"^(GP\d\d)", result.output, flags=re.M)
    assert ids == [f"GP{n:02d}" for n in range(7, 15)]
    result = invoke("practices", "list", "--actor", "victims", "-f", "json")
    rows = json.loads(result.output)
    assert "GP12" in {r["id"] for r in rows}
    assert all(r["id"] != "GP16" for r in rows)


def test_practices_list_rejects_unknown_filters(runner: CliRunner) -> None:
    result = invoke("practices", "list", "--actor", "wizards")
    assert result.exit_code == 2
    assert "unknown actor 'wizards'" in result.output


def test_practices_show_is_readable(runner: CliRunner) -> None:
    result = invoke("practices", "show", "gp12")
    assert result.exit_code == 0
    out = result.output
    assert out.startswith("GP12  ")
    assert "Victims and victims' advocates can be powerful voices" in " ".join(out.split())
    assert "GP12.1" in out and "Builds on" in out and "Avoiding re-victimisation" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_practices_show_unknown_id(runner: CliRunner) -> None:
    result = invoke("practices", "show", "GP77")
    assert result.exit_code == 2
    assert "no practice 'GP77'" in result.output


@pytest.mark.parametrize("fmt", ["dot", "mermaid", "json"])
def test_graph_formats_hold_every_edge(runner: CliRunner, fmt: str) -> None:
    result = invoke("graph", "--format", fmt)
    edges = {(d.id, p.stem) for p in PRACTICES.glob("GP*.yaml") for d in _deps(p)}
    if fmt == "json":
        data = json.loads(result.output)
        assert {(e["from"], e["to"]) for e in data["edges"]} == edges
        assert all(e["reason"] for e in data["edges"])
        assert data["layers"][0] == ["GP01", "GP02"]  # goals and prison standards are roots
    else:
        arrow = "->" if fmt == "dot" else "-->"
        found = set(re.findall(rf"(GP\d\d) {arrow} (GP\d\d)", result.output))
        assert found == edges


def _deps(path: Path) -> list[Dependency]:
    from gapcheck.models.catalogue import Practice
    from gapcheck.yamlio import load_yaml, validate_document

    practice: Practice = validate_document(load_yaml(path), Practice)
    return list(practice.depends_on)


@pytest.mark.parametrize("kind", ["practice", "catalogue", "questionnaire"])
def test_schema_is_json_schema(runner: CliRunner, kind: str) -> None:
    result = invoke("schema", kind)
    schema = json.loads(result.output)
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False


def test_schema_written_atomically(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "practice.json"
    result = invoke("schema", "practice", "-o", str(out))
    assert result.exit_code == 0
    assert "statement" in json.loads(out.read_text())["properties"]
    assert [p.name for p in tmp_path.iterdir()] == ["practice.json"]


def test_version(runner: CliRunner) -> None:
    result = invoke("--version")
    assert result.output.strip() == f"gapcheck, version {__version__}"


def _all_commands() -> list[list[str]]:
    import click

    paths: list[list[str]] = []

    def walk(cmd: click.Command, path: list[str]) -> None:
        paths.append(path)
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                walk(sub, [*path, name])

    walk(cli, [])
    return paths


@pytest.mark.parametrize("path", _all_commands(), ids=lambda p: " ".join(p) or "gapcheck")
def test_help_everywhere(runner: CliRunner, path: list[str]) -> None:
    result = invoke(*path, "--help")
    assert result.exit_code == 0
    assert result.output.startswith("Usage: ")
    short = invoke(*path, "-h")
    assert short.output == result.output


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys; from gapcheck.cli import cli; "
        "import click.testing as t; t.CliRunner().invoke(cli, ['--help']); "
        "print(','.join(m for m in ('networkx', 'jinja2', 'mkdocs', 'pydantic', 'scipy', "
        "'openpyxl', 'yaml') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@pytest.mark.parametrize(
    ("args", "where"),
    [
        (["validate", "--practices", "kb"], "validate"),
        (["report", "x.yaml", "--practices=kb"], "report"),
        (["request", "new", "x.yaml", "--practices", "kb"], "request new"),
    ],
)
def test_practices_after_the_command_says_where_it_goes(
    runner: CliRunner, args: list[str], where: str
) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: --practices goes before the command: gapcheck --practices FOLDER {where} ..."
    )


def test_python_dash_m_runs_the_same_command_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gapcheck", "validate"],
        capture_output=True,
        text=True,
        cwd=tmp_path,  # from any folder: the shipped knowledge base is found without help
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr.startswith("OK: ")  # a status line
    assert "25 practices, 134 elements" in result.stderr


def test_examples_are_copied_for_trying_commands_on(runner: CliRunner, tmp_path: Path) -> None:
    from .conftest import EXAMPLES, ROOT

    out = tmp_path / "try"
    result = invoke("examples", "-o", str(out))
    assert result.exit_code == 0, result.output
    for source in EXAMPLES.glob("*.yaml"):
        assert (out / source.name).read_bytes() == source.read_bytes()
    offers = sorted((ROOT / "offers" / "examples").glob("*.yaml"))
    assert sorted(p.name for p in (out / "offers").iterdir()) == [p.name for p in offers]
    assert result.stderr.count("Wrote ") == len(list(EXAMPLES.glob("*.yaml"))) + len(offers)


def test_examples_refuse_a_folder_that_has_them_and_write_nothing(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "offers").mkdir()
    (tmp_path / "offers" / "meridia-justice.yaml").write_text("mine")
    result = invoke("examples", "-o", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{tmp_path / 'offers' / 'meridia-justice.yaml'}: already exists; "
        "choose another folder (-o)",
        "1 problem found; nothing was written.",
    ]
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["meridia-justice.yaml", "offers"]
    assert (tmp_path / "offers" / "meridia-justice.yaml").read_text() == "mine"
