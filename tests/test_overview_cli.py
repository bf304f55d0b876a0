"""`gapcheck overview` and `gapcheck report --peers` end to end, and the marker test: a
confidential State's name and words planted in every field never reach an audience that
did not consent, in any format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gapcheck.catalogue import Catalogue
from gapcheck.cli import cli
from tests.conftest import ROOT
from tests.overview_support import questionnaire, request, state_name, write_yaml

SECRET_STATE = "Principality of Zqxland"
SECRET = "zqxsecret"  # planted in every field of the confidential State's files
FREE = "freetextmark"  # planted in every free-text field of a State that shares
REGIONS = ("Northern Europe", "Mediterranean")
FORMATS = ("html", "json", "csv", "md")
OFFERS = sorted(str(p) for p in (ROOT / "offers" / "examples").glob("*.yaml"))


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory, catalogue: Catalogue) -> Path:
    """Twelve fictional States in two regions (levels vary), one confidential State with a
    secret in every field, and one whose free text is marked."""
    folder = tmp_path_factory.mktemp("states")
    requests = []
    for i in range(12):
        levels = {"GP01": i % 5, "GP02": (i * 3) % 5, "GP16": (i + 2) % 5}
        name = state_name(i)
        write_yaml(
            folder / f"s{i:02d}.yaml",
            questionnaire(
                catalogue,
                name,
                levels,
                region=REGIONS[i % 2],
                listed=i == 0,
                text=FREE if i == 1 else "",
            ),
        )
        requests.append(
            request(name, "GP01", ["training"], n=i, region=REGIONS[i % 2],
                    text=FREE if i == 1 else "")
        )  # fmt: skip
    secret = f"{SECRET_STATE} {SECRET}"
    write_yaml(
        folder / "zqx.yaml",
        questionnaire(
            catalogue, secret, {"GP01": 4, "GP02": 0}, region=f"{SECRET} lowlands",
            confidential=True, listed=True, text=SECRET,
        ),
    )  # fmt: skip
    requests.append(
        request(secret, "GP02", ["funding"], n=99, region=f"{SECRET} lowlands",
                confidential=True, text=SECRET)
    )  # fmt: skip
    write_yaml(folder / "requests.yaml", {"requests": requests})
    return folder


def questionnaires(folder: Path) -> list[str]:
    return [*sorted(str(p) for p in folder.glob("s*.yaml")), str(folder / "zqx.yaml")]


def run_overview(runner: CliRunner, folder: Path, out: Path, audience: str, *extra: str) -> str:
    args = [
        "overview",
        *questionnaires(folder),
        "--requests",
        str(folder / "requests.yaml"),
        *(a for path in OFFERS for a in ("--offers", path)),
        "--audience",
        audience,
        "-o",
        str(out),
        *extra,
    ]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("audience", ["public", "members"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_confidential_state_never_reaches_public_or_members(
    runner: CliRunner, states: Path, tmp_path: Path, audience: str, fmt: str
) -> None:
    text = run_overview(runner, states, tmp_path / f"overview.{fmt}", audience)
    assert SECRET not in text.casefold()
    assert "zqxland" not in text.casefold()
    assert FREE not in text  # no free text, from any State
    for i in range(12):
        if not (audience == "members" and i == 0):  # listed only for members, by choice
            assert state_name(i) not in text
    if fmt == "csv":
        assert {r["audience"] for r in csv.DictReader(io.StringIO(text))} == {audience}
    else:
        assert "no State" in text  # the audience notice


def test_members_see_the_states_that_agreed_to_be_listed(
    runner: CliRunner, states: Path, tmp_path: Path
) -> None:
    members = json.loads(run_overview(runner, states, tmp_path / "m.json", "members"))
    public = json.loads(run_overview(runner, states, tmp_path / "p.json", "public"))
    assert members["participants"]["listed"] == [state_name(0)]
    assert public["participants"]["listed"] == []
    # the confidential State said list_in_overview too, but a confidential one never is
    assert members["participants"]["states"] == 12


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_unit_sees_everything_and_every_page_says_so(
    runner: CliRunner, states: Path, tmp_path: Path, fmt: str
) -> None:
    text = run_overview(runner, states, tmp_path / f"unit.{fmt}", "unit")
    assert SECRET_STATE in text
    assert FREE not in text  # free text stays out, even here
    notice = "For the GCTF Administrative Unit only"
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert rows and all(r["audience"] == "unit" for r in rows)
    else:
        assert notice in text
    if fmt == "html":
        # repeated at the top of every printed page (fixed in print), and at the end
        assert 'class="audience-mark repeat"' in text
        assert text.count(notice) >= 2


def test_public_figures_follow_the_rules(runner: CliRunner, states: Path, tmp_path: Path) -> None:
    data = json.loads(run_overview(runner, states, tmp_path / "p.json", "public"))
    assert data["schema_version"] == 1 and data["audience"] == "public"
    gp01 = next(p for p in data["practices"] if p["id"] == "GP01")
    # levels 0..4 over 12 States, 6 per region: every group is shown
    assert gp01["total"]["states"] == 12
    assert gp01["total"]["bands"] == [3, 3, 2, 2, 2]
    assert [g["group"] for g in gp01["groups"]] == ["Mediterranean", "Northern Europe"]
    assert all(g["published"] for g in gp01["groups"])
    assert gp01["total"]["median"] == 1.5  # 1.5 exactly: levels 0,0,0,1,1,1,2,2,3,3,4,4
    sd = data["supply_demand"]["practices"][0]
    assert sd["asking"]["states"] == 12  # the confidential State's request is not counted
    assert data["supply_demand"]["practices"][1]["asking"]["states"] == 0
    assert all(
        "provider" in p and p["provider"].startswith("all ")
        for p in data["supply_demand"]["providers"]
    )


def test_a_smaller_threshold_is_refused(runner: CliRunner, states: Path) -> None:
    result = runner.invoke(
        cli, ["overview", *questionnaires(states), "--audience", "public", "--min-group", "2"]
    )
    assert result.exit_code == 2
    assert "--min-group" in result.output


def test_a_bad_questionnaire_is_reported_and_nothing_written(
    runner: CliRunner, states: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("state: Estoria\nconfidential: maybe\n", encoding="utf-8")
    out = tmp_path / "o.html"
    result = runner.invoke(
        cli, ["overview", *questionnaires(states), str(bad), "--audience", "public", "-o", str(out)]
    )
    assert result.exit_code == 2
    assert f"{bad}:2:" in result.output and "nothing was written" in result.output
    assert not out.exists()


def test_opting_in_brings_a_confidential_state_into_the_figures_unnamed(
    runner: CliRunner, states: Path, tmp_path: Path, catalogue: Catalogue
) -> None:
    shared = tmp_path / "shared.yaml"
    write_yaml(
        shared,
        questionnaire(catalogue, SECRET_STATE, {"GP01": 4}, region="Mediterranean",
                      confidential=True, share=True),
    )  # fmt: skip
    files = sorted(str(p) for p in states.glob("s*.yaml"))
    result = runner.invoke(
        cli, ["overview", *files, str(shared), "--audience", "public", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["participants"]["states"] == 13
    assert SECRET_STATE not in result.output


@pytest.mark.parametrize(
    ("share", "public", "members"),
    [("unit", False, False), ("providers", False, False), ("members", False, True),
     ("public", True, True)],
)  # fmt: skip
def test_each_consent_counts_for_the_audiences_it_names(
    runner: CliRunner, states: Path, tmp_path: Path, share: str, public: bool, members: bool
) -> None:
    """Six more States ask for GP16 with one consent; only the audiences it names count them
    (none of these States opted in to aggregates)."""
    asking = [
        request(state_name(i), "GP16", ["training"], n=500 + i, share=share) for i in range(6)
    ]
    extra = write_yaml(tmp_path / "more-requests.yaml", {"requests": asking})
    for audience, counted in (("public", public), ("members", members), ("unit", True)):
        result = runner.invoke(
            cli,
            ["overview", *questionnaires(states), "--requests", str(states / "requests.yaml"),
             "--requests", str(extra), "--audience", audience, "-f", "json"],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        sd = json.loads(result.output)["supply_demand"]["practices"]
        gp16 = next(p for p in sd if p["id"] == "GP16")["asking"]
        assert gp16["states"] == (6 if counted else 0), (audience, share)


def test_markdown_goes_to_standard_output_by_default(runner: CliRunner, states: Path) -> None:
    result = runner.invoke(cli, ["overview", *questionnaires(states), "--audience", "members"])
    assert result.exit_code == 0
    assert result.output.startswith("# Rome Memorandum: the picture across States")


def test_csv_cells_that_look_like_formulas_are_quoted(
    runner: CliRunner, tmp_path: Path, catalogue: Catalogue
) -> None:
    files = [
        write_yaml(
            tmp_path / f"f{i}.yaml",
            questionnaire(catalogue, state_name(i), {"GP01": i % 5}, region="=HYPERLINK(1)"),
        )
        for i in range(6)
    ]
    out = tmp_path / "o.csv"
    result = runner.invoke(
        cli, ["overview", *map(str, files), "--audience", "unit", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    groups = {r["group"] for r in rows}
    assert "'=HYPERLINK(1)" in groups and "=HYPERLINK(1)" not in groups


# ---------------------------------------------------------------------------- report --peers


def test_report_places_each_section_against_its_peers(
    runner: CliRunner, states: Path, tmp_path: Path
) -> None:
    own = ROOT / "questionnaires" / "examples" / "arcadia-2028.yaml"
    result = runner.invoke(cli, ["report", str(own), "--peers", str(states), "-f", "json"])
    assert result.exit_code == 0, result.output
    peers = json.loads(result.output)["peers"]
    a = peers["sections"][0]
    # section A is GP01 alone: levels i % 5 of the 12 sharing peers (the secret one is out)
    levels = sorted(float(i % 5) for i in range(12))
    assert a["peers"] == 12
    assert a["median"] == round((levels[5] + levels[6]) / 2, 2)
    assert a["place"].startswith(("above", "below", "among"))
    md = runner.invoke(cli, ["report", str(own), "--peers", str(states)]).output
    assert "## Against peers" in md and SECRET_STATE not in md


def test_report_with_too_few_peers_says_so(
    runner: CliRunner, tmp_path: Path, catalogue: Catalogue
) -> None:
    for i in range(2):
        write_yaml(tmp_path / f"p{i}.yaml", questionnaire(catalogue, state_name(i), {"GP01": i}))
    own = ROOT / "questionnaires" / "examples" / "estoria-2026.yaml"
    result = runner.invoke(cli, ["report", str(own), "--peers", str(tmp_path), "-f", "html"])
    assert result.exit_code == 0, result.output
    assert "Against peers" in result.output
    assert "fewer than 5 States" in result.output


def test_report_without_peers_is_unchanged(runner: CliRunner) -> None:
    own = ROOT / "questionnaires" / "examples" / "estoria-2026.yaml"
    result = runner.invoke(cli, ["report", str(own), "-f", "json"])
    assert "peers" not in json.loads(result.output)


def test_opt_ins_survive_a_rewrite_of_the_questionnaire(catalogue: Catalogue) -> None:
    from gapcheck.models.questionnaire import Questionnaire
    from gapcheck.render.questionnaire_yaml import render_questionnaire
    from gapcheck.yamlio import parse_yaml

    q = Questionnaire.model_validate(
        questionnaire(catalogue, state_name(0), {"GP01": 2}, confidential=True, share=True,
                      listed=True)
    )  # fmt: skip
    text = render_questionnaire(catalogue, q)
    again = Questionnaire.model_validate(parse_yaml(text, "q.yaml").data)
    assert again.share_in_aggregates and again.list_in_overview
    plain = render_questionnaire(catalogue, Questionnaire(state=state_name(1)))
    assert "share_in_aggregates" not in plain  # blank questionnaires are as before
