"""What to do first: the first actions, their reasons, warnings, and each phase's projection."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from gapcheck.catalogue import Catalogue
from gapcheck.cli import cli
from gapcheck.models.questionnaire import Questionnaire
from gapcheck.report import build_report

EXAMPLE = Path(__file__).parent.parent / "questionnaires" / "examples" / "arcadia-2026.yaml"


def answers(catalogue: Catalogue, levels: dict[str, list[Any]], **targets: float) -> dict[str, Any]:
    practices: dict[str, Any] = {}
    for pid, values in levels.items():
        ids = catalogue.by_id[pid].element_ids
        practices[pid] = {"elements": {e: values[i % len(values)] for i, e in enumerate(ids)}}
    for pid, target in targets.items():
        practices.setdefault(pid, {})["target"] = target
    return {"state": "Republic of Estoria", "practices": practices}


def first(catalogue: Catalogue, data: dict[str, Any]) -> dict[str, Any]:
    report = build_report(Questionnaire.model_validate(data), catalogue).data
    return dict(report["first_steps"])


def test_a_foundation_comes_first_with_its_reason(catalogue: Catalogue) -> None:
    # GP01 at 2 (gap 1, 22 practices build on it); GP24 at 0 (gap 3, nothing builds on it)
    steps = first(catalogue, answers(catalogue, {"GP01": [2], "GP24": [0]}))
    assert [a["id"] for a in steps["actions"]] == ["GP01", "GP24"]
    assert steps["actions"][0]["reason"].startswith("GP01 first: 22 practices build on it")
    assert "nothing else waits on it" in steps["actions"][1]["reason"]


def test_actions_follow_the_phases_and_the_disagreement_is_explained(
    catalogue: Catalogue,
) -> None:
    # GP07 (gap 3, 13 build on it: 3 x 14 / 4 = 10.5) outranks GP01 (gap 1, 22 build on it:
    # 1 x 23 / 4 = 5.75) and GP02 (gap 1, 17: 1 x 18 / 4 = 4.5), but GP07 builds on GP01,
    # which has a gap too: phase 2.
    steps = first(catalogue, answers(catalogue, {"GP01": [2], "GP02": [2], "GP07": [0]}))
    assert [(a["id"], a["phase"]) for a in steps["actions"]] == [
        ("GP01", 1),
        ("GP02", 1),
        ("GP07", 2),
    ]
    assert [a["rank"] for a in steps["actions"]] == [2, 3, 1]
    example = steps["rank_and_phase_example"]
    assert example == (
        "GP07 has rank 1 but comes in phase 2, because it builds on GP01; "
        "GP01, rank 2, can start in phase 1."
    )


def test_no_explanation_when_rank_and_phase_agree(catalogue: Catalogue) -> None:
    # priorities 1.5, 1.5 (GP20's own target 2.5) and 0.75, and phases 1, 2, 3 (see test_roadmap)
    data = answers(catalogue, {"GP17": [2], "GP20": [1], "GP24": [0]}, GP20=2.5)
    steps = first(catalogue, data)
    assert [(a["id"], a["rank"]) for a in steps["actions"]] == [
        ("GP17", 1),
        ("GP20", 2),
        ("GP24", 3),
    ]
    assert steps["rank_and_phase_example"] == ""


def test_an_unassessed_prerequisite_of_a_placed_practice_is_warned(catalogue: Catalogue) -> None:
    # GP12 builds on GP07 and GP03; only GP03 is answered
    steps = first(catalogue, answers(catalogue, {"GP03": [3], "GP12": [1]}))
    texts = [w["text"] for w in steps["warnings"] if w["kind"] == "prerequisite-not-assessed"]
    assert texts == [
        "GP12 is placed in phase 1, but GP07, which it builds on, is not assessed yet: "
        "answer it first, since GP12 may have to wait for it."
    ]
    # once GP07 is answered (at its target), the warning is gone
    steps = first(catalogue, answers(catalogue, {"GP03": [3], "GP07": [3], "GP12": [1]}))
    assert not [w for w in steps["warnings"] if w["kind"] == "prerequisite-not-assessed"]


def test_an_n_a_prerequisite_is_no_warning(catalogue: Catalogue) -> None:
    data = answers(catalogue, {"GP03": [3], "GP12": [1]})
    data["practices"]["GP07"] = {"not_applicable": "no such team in a State this small"}
    steps = first(catalogue, data)
    assert not [w for w in steps["warnings"] if w["kind"] == "prerequisite-not-assessed"]


def test_low_coverage_is_warned_and_full_coverage_is_not(catalogue: Catalogue) -> None:
    some = first(catalogue, answers(catalogue, {"GP01": [2]}))
    assert [w["kind"] for w in some["warnings"]] == ["low-coverage"]
    assert some["warnings"][0]["text"].startswith("Only 5% of the elements are answered")
    everything = answers(catalogue, {p.id: [3] for p in catalogue})
    assert first(catalogue, everything)["warnings"] == []
    # nothing answered: nothing to warn about, nothing to do first
    blank = first(catalogue, {"state": "Republic of Estoria"})
    assert blank["actions"] == [] and blank["warnings"] == []


def test_each_phase_projects_the_overall_level(catalogue: Catalogue) -> None:
    # GP01 at 2 (target 3), GP07 at 2 (own target 3.5), GP06 at 4: overall (2 + 2 + 4) / 3.
    # Phase 1 brings GP01 to 3: (3 + 2 + 4) / 3 = 3; phase 2 GP07 to 3.5: (3 + 3.5 + 4) / 3 = 3.5
    data = answers(catalogue, {"GP01": [2], "GP07": [2], "GP06": [4]}, GP07=3.5)
    phases = first(catalogue, data)["phases"]
    assert [(p["phase"], p["practices"], p["projected_overall"]) for p in phases] == [
        (1, ["GP01"], 3.0),
        (2, ["GP07"], 3.5),
    ]
    assert phases[1]["closes"] == [{"id": "GP07", "level": 2.0, "projected": 3.5}]


def test_every_report_opens_with_what_to_do_first(runner: CliRunner, tmp_path: Path) -> None:
    for fmt, heading in (("md", "\n## "), ("html", "<h2>")):
        result = runner.invoke(cli, ["report", str(EXAMPLE), "--format", fmt])
        assert result.exit_code == 0, result.output
        text = result.stdout
        order = [text.index(heading + h) for h in ("What to do first", "Summary", "Priorities")]
        assert order == sorted(order)
        assert "GP01 first: 22 practices build on it" in text
        # the formula is told in words in "How to read this report", not in code font
        assert "Priority: the gap times one more than the number of practices" in text
        assert not re.search(r"priority = gap", text, re.I)
    result = runner.invoke(cli, ["report", str(EXAMPLE), "--format", "json"])
    data = json.loads(result.stdout)
    assert data["first_steps"]["actions"][0]["id"] == "GP01"
    # the phases of first_steps are the report's phases, each with its projection
    assert [p["practices"] for p in data["first_steps"]["phases"]] == [
        p["practices"] for p in data["phases"]
    ]
    projected = [p["projected_overall"] for p in data["first_steps"]["phases"]]
    assert projected == sorted(projected) and projected[0] > data["overall"]["level"]
