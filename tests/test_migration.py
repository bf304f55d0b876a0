"""Catalogue 1.0 -> 1.1: the migration map as data, `questionnaire upgrade`, and 1.0 files."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from gapcheck.catalogue import Catalogue, load_catalogue
from gapcheck.migration import previous_catalogue
from gapcheck.questionnaire_files import load_questionnaire_file, read_outdated
from gapcheck.workbook import write_workbook

from .conftest import FIXTURES, invoke

OLD = FIXTURES / "catalogue-1.0"
OLD_EXAMPLES = sorted(OLD.glob("*.yaml"))
BAD_MAPS = sorted((FIXTURES / "migrations").glob("*.yaml"))


def test_the_map_is_part_of_the_knowledge_base(catalogue: Catalogue) -> None:
    assert catalogue.version == "1.1"
    (m,) = catalogue.migrations
    assert (m.from_version, m.to_version) == ("1.0", "1.1")
    old = previous_catalogue(catalogue, m)
    # the 1.0 element list the map implies is exactly the one 1.0 had (123 elements)
    assert old.fingerprint == "fbceaae879d1" == m.file.from_fingerprint
    assert len(old.elements) == 123 and len(catalogue.elements) == 134
    assert old.by_id["GP01"].element_ids == [f"GP01.{i}" for i in range(1, 7)]
    assert m.retired.keys().isdisjoint(catalogue.elements)  # a retired id is never reused


@pytest.mark.parametrize("fixture", BAD_MAPS, ids=lambda p: p.stem)
def test_a_bad_map_gets_one_positioned_line(
    fixture: Path, practices_copy: Path, runner: CliRunner
) -> None:
    target = practices_copy / "migrations" / "1.0.yaml"
    shutil.copy(fixture, target)
    m = re.fullmatch(r"# expect: (\d+:\d+) (.+)", fixture.read_text().splitlines()[0])
    assert m, f"{fixture.name} needs a first line '# expect: LINE:COL message'"
    code, _, err = invoke("--practices", practices_copy, "validate")
    assert code == 2
    lines = err.splitlines()
    assert lines[0].startswith(f"{target}:{m.group(1)}: ") and m.group(2) in lines[0], lines
    assert lines[-1] == "1 problem found."  # validate writes nothing


@pytest.mark.parametrize("old", OLD_EXAMPLES, ids=lambda p: p.stem)
def test_upgrade_carries_the_shipped_1_0_examples_over(
    old: Path, tmp_path: Path, runner: CliRunner, catalogue: Catalogue
) -> None:
    new = tmp_path / "new.yaml"
    before = old.read_bytes()
    code, out, err = invoke("questionnaire", "upgrade", old, "-o", new)
    assert code == 0, err
    assert out == "" and old.read_bytes() == before  # the input is never changed
    (m,) = catalogue.migrations
    q_old, _ = read_outdated(old, catalogue)
    q_new = load_questionnaire_file(new, catalogue)  # reads under 1.1 without complaint
    assert q_new.catalogue_version == "1.1"
    for pid, answers in q_old.practices.items():
        carried = q_new.practices[pid]
        assert (carried.target, carried.not_applicable, carried.evidence, carried.notes) == (
            answers.target,
            answers.not_applicable,
            answers.evidence,
            answers.notes,
        )
        assert carried.assistance == answers.assistance
        for eid, answer in answers.elements.items():
            if eid in m.retired:
                assert eid not in carried.elements
            else:  # unchanged or reworded: the very same answer
                assert carried.elements[eid] == answer, eid
    kept = sum(
        a.answered
        for p in q_old.practices.values()
        for e, a in p.elements.items()
        if e not in m.retired
    )
    assert f": {kept} answer(s) kept." in err
    # every split or merged element is left empty, with a comment saying where it came from
    listed = re.search(r"Left empty, to answer \(25; a comment on each says why\): (.+)", err)
    assert listed and listed.group(1).split(", ") == [
        e for e in catalogue.elements if e in m.introduced
    ]
    for eid, change in m.introduced.items():
        answer = q_new.practices[eid.split(".")[0]].elements[eid]
        assert not answer.answered
        assert answer.comment.startswith(f"New in catalogue 1.1, {change.kind} from ")
        assert answer.comment.endswith("Answer this question, then delete this comment.")
        for source in change.old:
            before_answer = q_old.practices.get(source.split(".")[0])
            level = before_answer.elements.get(source) if before_answer else None
            if level is not None and level.level is not None:
                assert f"{source} was answered {level.level} (" in answer.comment


def test_the_comment_quotes_the_earlier_answer(tmp_path: Path, runner: CliRunner) -> None:
    new = tmp_path / "arcadia.yaml"
    code, _, err = invoke("questionnaire", "upgrade", OLD / "arcadia-2026.yaml", "-o", new)
    assert code == 0, err
    assert "Reworded, answer kept (check that it still holds): GP01.2, GP02.3" in err
    text = new.read_text(encoding="utf-8")
    assert (
        '      GP01.7: {comment: "New in catalogue 1.1, split from GP01.1 (written goals, and '
        "measurable objectives, are now asked separately). In version 1.0: GP01.1 was "
        'answered 3 (in place). Answer this question, then delete this comment."}\n'
    ) in text
    assert (
        'GP18.6: {comment: "New in catalogue 1.1, merged from GP18.2 and GP18.3 (who issues '
        "certificates and who runs the courses are now one question about avoiding stigma). In "
        "version 1.0: GP18.2 was answered 3 (in place); GP18.3 was answered 1 (planned)."
    ) in text
    assert "GP01.2: 2\n" in text  # a reworded element keeps its answer


def test_a_1_0_file_says_exactly_what_to_run(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "estoria.yaml"
    shutil.copy(OLD / "estoria-2026.yaml", old)
    monkeypatch.chdir(tmp_path)
    for args in (
        ["report", "estoria.yaml"],
        ["score", "estoria.yaml"],
        ["validate", "estoria.yaml"],
    ):
        code, out, err = invoke(*args)
        assert code == 2 and out == ""
        assert err.splitlines()[0] == (
            "estoria.yaml:31:20: this questionnaire was made for catalogue version 1.0; version "
            "1.1 split, merged or reworded some of its questions, so it is not read as it is. "
            "Carry your answers over with: gapcheck questionnaire upgrade estoria.yaml -o "
            "estoria-1.1.yaml"
        )
        assert err.splitlines()[1].startswith("1 problem found"), args
    command = err.splitlines()[0].rsplit("Carry your answers over with: ", 1)[1]
    code, _, err = invoke(*shlex.split(command)[1:])  # run it as told
    assert code == 0, err
    code, out, _ = invoke("report", "estoria-1.1.yaml")
    assert code == 0 and "Federation of Estoria" in out


def test_a_1_0_workbook_is_upgraded_to_a_workbook(
    tmp_path: Path, runner: CliRunner, catalogue: Catalogue
) -> None:
    (m,) = catalogue.migrations
    old_catalogue = previous_catalogue(catalogue, m)
    q_old, _ = read_outdated(OLD / "norland-2026.yaml", catalogue)
    book = tmp_path / "norland.xlsx"
    book.write_bytes(write_workbook(old_catalogue, q_old))  # as gapcheck 1.0 wrote it

    code, _, err = invoke("report", book)
    assert code == 2
    assert err.splitlines()[0] == (
        f"{book}: this questionnaire was made for catalogue version 1.0; version 1.1 split, "
        "merged or reworded some of its questions, so it is not read as it is. Carry your "
        f"answers over with: gapcheck questionnaire upgrade {book} -o "
        f"{tmp_path / 'norland-1.1.xlsx'}"
    )
    new = tmp_path / "norland-1.1.xlsx"
    code, _, err = invoke("questionnaire", "upgrade", book, "-o", new)
    assert code == 0, err
    q_new = load_questionnaire_file(new, catalogue)
    assert q_new.confidential is True and q_new.state == "Kingdom of Norland"
    assert q_new.practices["GP05"].elements == q_old.practices["GP05"].elements
    assert q_new.practices["GP01"].elements["GP01.2"] == q_old.practices["GP01"].elements["GP01.2"]
    assert "split from GP01.1" in q_new.practices["GP01"].elements["GP01.7"].comment
    # and to YAML from the same workbook
    code, _, err = invoke("questionnaire", "upgrade", book, "-o", tmp_path / "n.yaml")
    assert code == 0, err
    assert load_questionnaire_file(tmp_path / "n.yaml", catalogue) == q_new


def test_nothing_to_upgrade_or_no_known_way(tmp_path: Path, runner: CliRunner) -> None:
    current = FIXTURES.parent.parent / "questionnaires" / "examples" / "arcadia-2026.yaml"
    out = tmp_path / "out.yaml"
    code, _, err = invoke("questionnaire", "upgrade", current, "-o", out)
    assert code == 2 and not out.exists()
    assert err.splitlines()[0] == (
        f"{current}:31:20: this questionnaire is already for catalogue version 1.1; there is "
        "nothing to upgrade"
    )
    ancient = tmp_path / "ancient.yaml"
    ancient.write_text('catalogue_version: "0.9"\nstate: Arcadia\npractices: {}\n')
    code, _, err = invoke("questionnaire", "upgrade", ancient, "-o", out)
    assert code == 2 and not out.exists()
    assert err.splitlines()[0] == (
        f"{ancient}:1:20: gapcheck cannot carry a questionnaire from catalogue version 0.9 to "
        "1.1 (it knows the way from: 1.0); make a new one with gapcheck questionnaire new and "
        "copy your answers across"
    )


def test_upgrade_never_writes_over_its_input(tmp_path: Path, runner: CliRunner) -> None:
    old = tmp_path / "arcadia.yaml"
    shutil.copy(OLD / "arcadia-2026.yaml", old)
    before = old.read_bytes()
    code, _, err = invoke("questionnaire", "upgrade", old, "-o", old)
    assert code != 0 and old.read_bytes() == before
    assert str(old) in err


def test_the_shipped_examples_are_at_1_1_and_their_answers_carried(catalogue: Catalogue) -> None:
    (m,) = catalogue.migrations
    for old in OLD_EXAMPLES:
        shipped = load_questionnaire_file(
            FIXTURES.parent.parent / "questionnaires" / "examples" / old.name, catalogue
        )
        q_old, _ = read_outdated(old, catalogue)
        assert shipped.catalogue_version == "1.1"
        for pid, answers in q_old.practices.items():
            for eid, answer in answers.elements.items():
                if eid not in m.retired:
                    assert shipped.practices[pid].elements[eid] == answer, (old.name, eid)


def test_a_map_is_validated_with_its_catalogue(practices_copy: Path) -> None:
    (practices_copy / "migrations" / "1.0.yaml").unlink()
    assert load_catalogue(practices_copy).migrations == ()  # a knowledge base may have none
