"""`gapcheck request ...` and `gapcheck match` end to end, good input and bad."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from gapcheck.capacity.loading import load_offers
from gapcheck.catalogue import Catalogue
from gapcheck.cli import cli

from .conftest import EXAMPLES, FIXTURES, ROOT, invoke

GAPCHECK = str(Path(sys.executable).parent / "gapcheck")
OFFERS = sorted((ROOT / "offers" / "examples").glob("*.yaml"))
ARCADIA = EXAMPLES / "arcadia-2026.yaml"
ARCADIA_LATER = EXAMPLES / "arcadia-2028.yaml"
NORLAND = EXAMPLES / "norland-2026.yaml"
BAD_OFFERS = sorted((FIXTURES / "offers").glob("*.yaml"))
BAD_REQUESTS = sorted((FIXTURES / "requests").glob("*.yaml"))


def expectation(path: Path) -> tuple[str, str]:
    m = re.fullmatch(r"# expect: (\d+:\d+) (.+)", path.read_text().splitlines()[0])
    assert m, f"{path.name} needs a first line '# expect: LINE:COL message'"
    return m.group(1), m.group(2)


def requests_of(questionnaire: str | Path, out: Path) -> Path:
    """The requests file `request new` writes from `questionnaire` on 2026-06-01."""
    code, _, _ = invoke("request", "new", questionnaire, "-o", out, "--date", "2026-06-01")
    assert code == 0
    return out


@pytest.fixture
def arcadia_requests(tmp_path: Path) -> Path:
    return requests_of(ARCADIA, tmp_path / "arcadia-requests.yaml")


@pytest.fixture
def norland_requests(tmp_path: Path) -> Path:
    return requests_of(NORLAND, tmp_path / "norland-requests.yaml")


# ------------------------------------------------------------------------ request new


def test_request_new_writes_requests_and_a_letter(tmp_path: Path, runner: CliRunner) -> None:
    out, letter = tmp_path / "requests.yaml", tmp_path / "letter.md"
    code, stdout, stderr = invoke(
        "request", "new", ARCADIA, "-o", out, "--letter", letter, "--date", "2026-06-01"
    )
    assert code == 0 and stdout == ""
    assert "5 request(s): 5 shared with members by name" in stderr
    data = yaml.safe_load(out.read_text())
    assert {r["share"] for r in data["requests"]} == {"members"}
    assert all("confidential" not in r for r in data["requests"])
    ids = [r["id"] for r in data["requests"]]
    assert ids[0] == "republic-of-arcadia-2026-03-16-gp01"  # the highest priority first
    priorities = [r["priority"] for r in data["requests"]]
    assert priorities == sorted(priorities, reverse=True)
    gp03 = next(r for r in data["requests"] if r["practice"] == "GP03")
    assert gp03["kinds"] == ["training", "expert-deployment"]
    assert gp03["status"] == "requested"
    assert all(e["level"] < e["target"] for e in gp03["elements"])
    assert invoke("validate", out)[0] == 0
    text = letter.read_text()
    assert "**To:** GCTF Administrative Unit" in text
    assert "no obligation on any State to provide or receive assistance" in text
    assert "republic-of-arcadia-2026-03-16-gp03" in text
    assert "compliance" not in text.lower()


def test_request_new_is_deterministic(tmp_path: Path, runner: CliRunner) -> None:
    texts = []
    for name in ("one.yaml", "two.yaml"):
        code, _, _ = invoke(
            "request", "new", NORLAND, "-o", tmp_path / name, "--date", "2026-06-01"
        )
        assert code == 0
        texts.append((tmp_path / name).read_text())
    assert texts[0] == texts[1]


def test_confidential_requests_get_opaque_references(tmp_path: Path, runner: CliRunner) -> None:
    code, out, _ = invoke("request", "new", ARCADIA, "--confidential", "--date", "2026-06-01")
    assert code == 0
    ids = [r["id"] for r in yaml.safe_load(out)["requests"]]
    assert all(re.fullmatch(r"c-[a-z2-7]{12}", i) for i in ids)
    assert len(set(ids)) == len(ids)
    code, out, _ = invoke("request", "new", NORLAND, "--not-confidential")
    ids = [r["id"] for r in yaml.safe_load(out)["requests"]]
    assert ids and all(i.startswith("kingdom-of-norland-2026-05-04-gp") for i in ids)


def test_reference_key_keeps_references_stable_across_edits(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    edited = tmp_path / "norland.yaml"
    edited.write_text(NORLAND.read_text().replace('respondent: "', 'respondent: "Acting '))

    def refs(path: Path) -> list[str]:
        code, out, _ = invoke("request", "new", path)
        assert code == 0
        return [r["id"] for r in yaml.safe_load(out)["requests"]]

    # without a key, the reference is keyed by the whole questionnaire: an edit changes it
    assert refs(NORLAND) != refs(edited)
    monkeypatch.setenv("GAPCHECK_REFERENCE_KEY", "a secret of the Kingdom")
    assert refs(NORLAND) == refs(edited)
    keyed = refs(NORLAND)
    monkeypatch.setenv("GAPCHECK_REFERENCE_KEY", "another secret")
    assert refs(NORLAND) != keyed


def test_request_new_without_any_wish_is_refused(tmp_path: Path, runner: CliRunner) -> None:
    q = tmp_path / "q.yaml"
    q.write_text(ARCADIA.read_text().replace("wanted: true", "wanted: false"))
    out = tmp_path / "requests.yaml"
    code, _, stderr = invoke("request", "new", q, "-o", out)
    assert code == 2
    assert stderr.startswith(f"{q}: no practice asks for assistance")
    assert not out.exists()


def test_request_new_notes_unclear_wishes(tmp_path: Path, runner: CliRunner) -> None:
    data = yaml.safe_load(ARCADIA.read_text())
    data["practices"]["GP09"]["assistance"] = {"wanted": False, "kinds": ["training"]}
    data["practices"]["GP10"]["assistance"] = {"wanted": True}
    q = tmp_path / "q.yaml"
    q.write_text(yaml.safe_dump(data))
    code, out, stderr = invoke("request", "new", q)
    assert code == 0
    assert "note: GP09: kinds of help or a note are filled in but 'wanted' is false" in stderr
    assert "note: GP10: no kinds of help given" in stderr
    gp10 = next(r for r in yaml.safe_load(out)["requests"] if r["practice"] == "GP10")
    assert gp10["kinds"] == ["training", "expert-deployment", "funding"]  # from the catalogue


def test_request_new_never_writes_over_its_input(tmp_path: Path, runner: CliRunner) -> None:
    q = tmp_path / "q.yaml"
    shutil.copy(ARCADIA, q)
    before = q.read_bytes()
    code, _, stderr = invoke("request", "new", q, "-o", q)
    assert code == 2 and "this is an input file" in stderr
    out = tmp_path / "requests.yaml"
    code, _, stderr = invoke("request", "new", q, "-o", out, "--letter", q)
    assert code == 2 and not out.exists()
    assert q.read_bytes() == before


# ------------------------------------------------------------ share, status, update


def test_share_lists_requests_for_members(
    arcadia_requests: Path, norland_requests: Path, runner: CliRunner
) -> None:
    code, out, _ = invoke("request", "share", arcadia_requests, norland_requests)
    assert code == 0
    assert out.startswith("# Requests for assistance shared with GCTF members")
    assert "| republic-of-arcadia-2026-03-16-gp01 | Republic of Arcadia |" in out
    code, out, _ = invoke("request", "share", arcadia_requests, norland_requests, "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 5 and {r["state"] for r in rows} == {"Republic of Arcadia"}
    code, out, _ = invoke("request", "share", arcadia_requests, "-f", "json")
    assert [r["practice"] for r in json.loads(out)][:2] == ["GP01", "GP03"]


def test_offers_share_lists_open_offers_for_members(runner: CliRunner, tmp_path: Path) -> None:
    out_file = tmp_path / "offers.md"
    code, _, err = invoke("offers", "share", *OFFERS, "--date", "2027-07-01", "-o", out_file)
    assert code == 0 and err == f"Wrote {out_file}\n"
    out = out_file.read_text(encoding="utf-8")
    assert out.startswith("# Offers of assistance shared with GCTF members\n")
    # three windows closed before 1 July 2027: meridia-prison-infrastructure (2026-12-31),
    # valdoria-intake-experts (2026-12-31) and valdoria-staff-training (2027-06-30)
    assert (
        "Shared by the GCTF Administrative Unit on 2027-07-01: 5 offers open on that date; 3 "
        "whose window had closed are left out."
    ) in out
    assert "whether to ask for an offer is each State's sovereign decision" in out
    assert "| valdoria-staff-training |" not in out
    assert (
        "| valdoria-staff-training | Kingdom of Valdoria Prison Service | section B (Prison "
        "Context) | training, study visits | English, French | Mediterranean, North Africa | 2 | "
        "2026-01-01 to 2027-06-30 |"
    ) in invoke("offers", "share", *OFFERS, "--date", "2027-06-30")[1]
    assert "## fsc-community-mediation" in out
    code, out, _ = invoke("offers", "share", *OFFERS, "--date", "2026-06-01", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 8 and rows[0]["offer"] == "irs-programme-design"
    code, out, _ = invoke("offers", "share", OFFERS[0], "-f", "json")
    assert {"offer", "provider", "kinds", "capacity", "from", "to"} <= set(json.loads(out)[0])


def test_offers_share_escapes_what_providers_wrote(runner: CliRunner, tmp_path: Path) -> None:
    offers = tmp_path / "offers.yaml"
    offers.write_text(
        "provider: {name: '<b>Acme</b> | Co', contact: '=HYPERLINK(1)'}\n"
        "offers:\n  - id: acme-training\n    practices: [GP05]\n    kinds: [training]\n"
        "    note: '[click](http://evil.example)'\n"
    )
    _, out, _ = invoke("offers", "share", offers)
    assert "&lt;b&gt;Acme&lt;/b&gt; \\| Co" in out and "<b>" not in out
    assert "\\[click\\](http://evil.example)" in out
    _, out, _ = invoke("offers", "share", offers, "-f", "csv")
    assert "'=HYPERLINK(1)" in out


def test_status_shows_where_each_request_stands(
    arcadia_requests: Path, norland_requests: Path, runner: CliRunner
) -> None:
    code, out, _ = invoke("request", "status", arcadia_requests, norland_requests)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["id", "state", "practice", "status"]
    assert sum("(confidential)" in line for line in lines) == 2
    assert all("requested" in line for line in lines[2:])
    code, out, _ = invoke("request", "status", norland_requests, "--admin", "-f", "json")
    assert {r["state"] for r in json.loads(out)} == {"Kingdom of Norland"}


def update(runner: CliRunner, path: Path, rid: str, *steps: str) -> None:
    """Walk a request through `steps`, one `request update` each."""
    for step in steps:
        code, _, stderr = invoke("request", "update", path, rid, "--status", step)
        assert code == 0, stderr


def test_update_moves_a_request_and_keeps_its_history(
    arcadia_requests: Path, runner: CliRunner
) -> None:
    rid = "republic-of-arcadia-2026-03-16-gp03"
    code, out, err = invoke(
        "request",
        "update",
        arcadia_requests,
        rid.upper(),  # a reference retyped from a letter
        "--status",
        "Matched",
        "--offer",
        "valdoria-staff-training",
        "--date",
        "2026-06-20",
    )
    assert code == 0
    assert (out, err) == ("", f"{rid}: requested -> matched (saved in {arcadia_requests})\n")
    for step, date in (("agreed", "2026-07-01"), ("delivered", "2026-09-30")):
        code, _, _ = invoke("request", "update", arcadia_requests, rid, "--status", step,
            "--note", "two courses held", "--date", date,
        )  # fmt: skip
        assert code == 0
    request = next(
        r for r in yaml.safe_load(arcadia_requests.read_text())["requests"] if r["id"] == rid
    )
    assert request["status"] == "delivered"
    assert [e["status"] for e in request["history"]] == [
        "requested",
        "matched",
        "agreed",
        "delivered",
    ]
    assert request["history"][1]["offer"] == "valdoria-staff-training"
    assert invoke("validate", arcadia_requests)[0] == 0

    before = arcadia_requests.read_bytes()
    code, _, stderr = invoke("request", "update", arcadia_requests, rid, "--status", "agreed")
    assert code == 2
    assert stderr.splitlines()[0].endswith(
        f"{rid} is 'delivered': a delivery cannot be undone; its next step can only be "
        "'followed-up' (the steps are requested -> matched -> agreed -> delivered -> "
        "followed-up, one at a time)"
    )
    code, _, stderr = invoke("request", "update", arcadia_requests, "gp99", "--status", "agreed")
    assert code == 2 and "no request 'gp99' in this file" in stderr
    code, _, stderr = invoke(
        "request",
        "update",
        arcadia_requests,
        rid,
        "--status",
        "followed-up",
        "--date",
        "2026-01-01",
    )
    assert code == 2 and "before the last step" in stderr
    assert arcadia_requests.read_bytes() == before


def test_update_takes_one_step_at_a_time(arcadia_requests: Path, runner: CliRunner) -> None:
    rid = "republic-of-arcadia-2026-03-16-gp03"
    before = arcadia_requests.read_bytes()
    for skipped, allowed in (("agreed", "'matched'"), ("delivered", "'matched'")):
        code, out, err = invoke("request", "update", arcadia_requests, rid, "--status", skipped)
        assert (code, out) == (2, "")
        assert err.splitlines()[0].endswith(
            f"{rid} is 'requested': it cannot go from 'requested' to '{skipped}'; its next step "
            f"can only be {allowed} (the steps are requested -> matched -> agreed -> delivered "
            "-> followed-up, one at a time)"
        )
    assert arcadia_requests.read_bytes() == before
    update(runner, arcadia_requests, rid, "matched")
    code, _, err = invoke("request", "update", arcadia_requests, rid, "--status", "delivered")
    assert code == 2
    assert "its next step can only be 'agreed' or 'requested'" in err
    update(runner, arcadia_requests, rid, "requested")  # the match fell through


def test_update_refuses_a_day_still_to_come(arcadia_requests: Path, runner: CliRunner) -> None:
    import datetime as dt

    rid = "republic-of-arcadia-2026-03-16-gp03"
    before = arcadia_requests.read_bytes()
    today = dt.date.today()
    tomorrow = today + dt.timedelta(days=1)
    code, out, err = invoke(
        "request", "update", arcadia_requests, rid, "--status", "matched",
        "--date", tomorrow.isoformat(),
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert err.splitlines()[0].endswith(
        f"the date {tomorrow} has not come yet (today is {today}); record a step once it "
        "has happened, and check --date"
    )
    assert arcadia_requests.read_bytes() == before


def test_followup_says_whether_the_gap_closed(arcadia_requests: Path, runner: CliRunner) -> None:
    code, out, _ = invoke("request", "followup", arcadia_requests, ARCADIA_LATER)
    assert code == 0 and out == "No delivered request to follow up yet.\n"
    for rid in ("republic-of-arcadia-2026-03-16-gp03", "republic-of-arcadia-2026-03-16-gp20"):
        update(runner, arcadia_requests, rid, "matched", "agreed", "delivered")
    code, out, _ = invoke("request", "followup", arcadia_requests, ARCADIA_LATER, "-f", "json")
    assert code == 0
    rows = {r["practice"]: r for r in json.loads(out)}
    assert set(rows) == {"GP03", "GP20"}
    for row in rows.values():
        assert row["before"] is not None and row["after"] is not None
        expected = (
            "closed"
            if row["after"] >= row["target"]
            else "narrowed"
            if row["after"] > row["before"]
            else "widened"
            if row["after"] < row["before"]
            else "unchanged"
        )
        assert row["gap"] == expected
    code, _, stderr = invoke("request", "followup", arcadia_requests, NORLAND)
    assert code == 2 and "this questionnaire is of Kingdom of Norland" in stderr


# -------------------------------------------------------------------------- match


def test_match_writes_markdown_csv_and_json(
    tmp_path: Path, arcadia_requests: Path, norland_requests: Path, runner: CliRunner
) -> None:
    out = tmp_path / "matches"
    args: list[str | Path] = ["--requests", arcadia_requests, "--requests", norland_requests]
    for offers in OFFERS:
        args += ["--offers", offers]
    code, _, stderr = invoke("match", *args, "--date", "2026-06-15", "-o", out)
    assert code == 0
    assert stderr.endswith("(donors view)\n")
    data = json.loads((out / "matches.json").read_text())
    assert data["schema_version"] == 2 and data["view"] == "donors"
    assert len(data["matches"]) + len(data["unmatched"]) == 7
    for m in data["matches"]:
        assert m["why"] and m["offer"]
        # a confidential request's score would give its region and languages away
        assert (m["score"] is None) == (m["state"] is None)
        assert m["score"] is None or m["score"] > 0
    for u in data["unmatched"]:
        assert u["reason"] in {"no-offer", "no-kind", "window-closed", "full"} and u["why"]
    for o in data["offers"]:
        assert o["taken"] <= o["capacity"]
    rows = list(csv.DictReader(io.StringIO((out / "matches.csv").read_text())))
    assert len(rows) == 7
    md = (out / "matches.md").read_text()
    assert md.startswith("# Requests for assistance matched with offers")
    assert "## Without an offer" in md and "## Offers" in md

    # files given without flags are sorted by content: the same matches
    code, again, _ = invoke(
        "match",
        arcadia_requests,
        norland_requests,
        *OFFERS,
        "--date",
        "2026-06-15",
        "-f",
        "json",
    )
    assert code == 0
    assert json.loads(again)["total_score"] == data["total_score"]
    assert json.loads(again)["matches"] == data["matches"]


def test_match_needs_both_kinds_of_file(arcadia_requests: Path, runner: CliRunner) -> None:
    code, _, stderr = invoke("match", arcadia_requests)
    assert code == 2 and "give at least one offers file" in stderr
    code, _, stderr = invoke("match", *OFFERS)
    assert code == 2 and "give at least one requests file" in stderr
    code, _, stderr = invoke("match", ARCADIA, *OFFERS)
    assert code == 2 and "neither an offers file" in stderr


def refused_at_one_place(fixture: Path, args: list[str | Path], out: Path) -> None:
    """The command refuses `fixture` with its one expected, positioned line; nothing written."""
    where, fragment = expectation(fixture)
    code, stdout, stderr = invoke(*args)
    assert code == 2 and stdout == ""
    lines = stderr.splitlines()
    assert lines[0].startswith(f"{fixture}:{where}: "), lines
    assert fragment in lines[0]
    assert lines[-1] == "1 problem found; nothing was written."
    assert not out.exists()


@pytest.mark.parametrize("fixture", BAD_OFFERS, ids=lambda p: p.stem)
def test_bad_offers_file_gets_one_positioned_line(
    fixture: Path, tmp_path: Path, arcadia_requests: Path, runner: CliRunner
) -> None:
    where, _ = expectation(fixture)
    out = tmp_path / "out"
    refused_at_one_place(
        fixture, ["match", "--requests", arcadia_requests, "--offers", fixture, "-o", out], out
    )
    code, _, stderr = invoke("validate", fixture)
    assert code == 2 and stderr.splitlines()[0].startswith(f"{fixture}:{where}: ")


@pytest.mark.parametrize("fixture", BAD_REQUESTS, ids=lambda p: p.stem)
def test_bad_requests_file_gets_one_positioned_line(
    fixture: Path, tmp_path: Path, runner: CliRunner
) -> None:
    out = tmp_path / "out"
    cases: tuple[list[str | Path], ...] = (
        ["match", "--requests", fixture, "--offers", OFFERS[0], "-o", out],
        ["request", "share", fixture, "-o", out / "shared.md"],
        ["request", "status", fixture, "-o", out / "status.txt"],
    )
    for args in cases:
        refused_at_one_place(fixture, args, out)


def test_duplicate_ids_across_files_are_found(tmp_path: Path, runner: CliRunner) -> None:
    copy = tmp_path / "copy.yaml"
    shutil.copy(OFFERS[0], copy)
    good = tmp_path / "requests.yaml"
    assert invoke("request", "new", ARCADIA, "-o", good)[0] == 0
    code, _, stderr = invoke("match", "--requests", good, "--offers", OFFERS[0], "--offers", copy)
    assert code == 2
    first = stderr.splitlines()[0]
    assert first.startswith(f"{copy}:") and f"is used twice (first in {OFFERS[0]}" in first


def test_offers_schema_and_examples(runner: CliRunner) -> None:
    code, out, _ = invoke("schema", "offers")
    assert code == 0
    schema = json.loads(out)
    assert set(schema["properties"]) == {"provider", "offers"}
    assert "capacity" in schema["$defs"]["Offer"]["properties"]
    assert len(OFFERS) >= 3
    for path in OFFERS:
        assert invoke("validate", path) == (0, "", f"OK: {path} is a valid offers file\n")
    code, out, _ = invoke("schema", "requests")
    assert code == 0
    assert "history" in json.loads(out)["$defs"]["Request"]["properties"]


def test_request_help_lists_the_steps(runner: CliRunner) -> None:
    code, out, _ = invoke("request", "--help")
    assert code == 0
    for command in ("new", "share", "status", "update", "followup"):
        assert re.search(rf"^  {command}\s+\S", out, re.MULTILINE), command


@pytest.mark.slow
def test_match_in_a_real_process(tmp_path: Path, arcadia_requests: Path) -> None:
    out = tmp_path / "matches"
    proc = subprocess.run(
        [
            GAPCHECK,
            "match",
            str(arcadia_requests),
            *map(str, OFFERS),
            "--date",
            "2026-06-15",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["matches.csv", "matches.json", "matches.md"]
    bad = FIXTURES / "offers" / "unknown-kind.yaml"
    where, fragment = expectation(bad)
    proc = subprocess.run(
        [
            GAPCHECK,
            "match",
            "--requests",
            str(arcadia_requests),
            "--offers",
            str(bad),
            "-o",
            str(tmp_path / "other"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2 and proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"{bad}:{where}: unknown kind of assistance 'trainig'")
    assert fragment in proc.stderr
    assert not (tmp_path / "other").exists()


def test_offers_are_read_forgivingly(
    tmp_path: Path, runner: CliRunner, catalogue: Catalogue
) -> None:
    path = tmp_path / "offers.yaml"
    path.write_text(
        "provider: Institute for Gentle Parsing\n"
        "offers:\n"
        "  - id: Intake Help\n"
        "    practices: gp3, 5\n"
        "    sections: b\n"
        "    kinds: Expert deployment, training\n"
        "    languages: EN fr\n"
        "    regions: Sahel, , West Africa\n"
        "    capacity: '2'\n"
        "    window:\n"
    )
    assert invoke("validate", path) == (0, "", f"OK: {path} is a valid offers file\n")
    [offer] = load_offers([path], catalogue)
    assert offer.id == "intake-help"
    assert offer.provider is not None and offer.provider.name == "Institute for Gentle Parsing"
    assert (offer.practices, offer.sections) == (["GP03", "GP05"], ["B"])
    assert offer.kinds == ["expert-deployment", "training"]
    assert (offer.languages, offer.regions) == (["en", "fr"], ["Sahel", "West Africa"])
    assert offer.capacity == 2 and offer.window.from_ is None and offer.window.to is None


def test_unknown_ids_and_wrong_values_are_reported_together(
    runner: CliRunner, tmp_path: Path
) -> None:
    offers = tmp_path / "offers.yaml"
    offers.write_text(
        "provider: {name: Valdoria, type: state}\n"
        "offers:\n"
        "  - id: a\n"
        "    practices: [GP77]\n"
        "    kinds: [trainig]\n"
        "    capacity: zero\n"
    )
    result = runner.invoke(cli, ["validate", str(offers)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"{offers}:4:17: unknown practice 'GP77'; the practices run from GP01 to GP25"
    )
    assert lines[1].startswith(f"{offers}:5:13: unknown kind of assistance 'trainig'; did you mean")
    assert lines[2].startswith(f"{offers}:6:15: offers[0].capacity: capacity is how many")
    assert lines[3] == "3 problems found."


def test_offers_validate_checks_files_alone_and_together(tmp_path: Path, runner: CliRunner) -> None:
    code, stdout, stderr = invoke("offers", "validate", *OFFERS)
    assert code == 0 and stdout == ""
    count = len(load_offers(OFFERS, load_catalogue_for_test()))
    assert stderr.startswith(f"{len(OFFERS)} file(s) OK: {count} offer(s)")
    for fixture in BAD_OFFERS:
        where, fragment = expectation(fixture)
        code, stdout, stderr = invoke("offers", "validate", fixture)
        assert code == 2 and stdout == ""
        assert stderr.splitlines()[0].startswith(f"{fixture}:{where}: ") and fragment in stderr
    # the same file twice: every id is used twice
    code, _, stderr = invoke("offers", "validate", OFFERS[0], OFFERS[0])
    assert code == 2 and "is used twice" in stderr


def load_catalogue_for_test() -> Catalogue:
    from gapcheck.catalogue import load_catalogue

    return load_catalogue()


def test_match_record_writes_every_match_into_its_file(
    arcadia_requests: Path, norland_requests: Path, tmp_path: Path, runner: CliRunner
) -> None:
    out = tmp_path / "matches"
    args: list[str | Path] = [
        "match",
        arcadia_requests,
        norland_requests,
        *OFFERS,
        "--date",
        "2026-06-15",
    ]
    code, _, stderr = invoke(*args, "-o", out, "--record")
    assert code == 0, stderr
    data = json.loads((out / "matches.json").read_text())
    matched = {m["request"]: m["offer"] for m in data["matches"]}
    assert matched
    recorded: dict[str, str] = {}
    for path in (arcadia_requests, norland_requests):
        for r in yaml.safe_load(path.read_text())["requests"]:
            if r["status"] == "matched":
                recorded[r["id"]] = r["history"][-1]["offer"]
            else:
                assert r["status"] == "requested" and r["id"] not in matched
    assert recorded == matched
    assert f"Recorded {len(matched)} match(es) as 'matched'" in stderr
    # recorded requests are under way: a second run matches none of them again
    code, again, _ = invoke(*args, "-f", "json")
    assert code == 0 and not set(matched) & {m["request"] for m in json.loads(again)["matches"]}


def test_match_record_changes_all_files_or_none(
    arcadia_requests: Path, norland_requests: Path, runner: CliRunner
) -> None:
    # a history dated after the recording day makes one request unable to move: nothing moves
    data = yaml.safe_load(norland_requests.read_text())
    for r in data["requests"]:
        r["history"][0]["date"] = "2026-07-01"
    norland_requests.write_text(yaml.safe_dump(data, sort_keys=False))
    before = arcadia_requests.read_bytes(), norland_requests.read_bytes()
    code, _, stderr = invoke(
        "match", arcadia_requests, norland_requests, *OFFERS, "--date", "2026-06-15",
        "-f", "json", "--record",
    )  # fmt: skip
    assert code == 2 and "before the last step" in stderr
    assert (arcadia_requests.read_bytes(), norland_requests.read_bytes()) == before


def test_followup_shows_the_provider_s_report_beside_the_state_s_levels(
    arcadia_requests: Path, runner: CliRunner
) -> None:
    rid = "republic-of-arcadia-2026-03-16-gp03"
    update(runner, arcadia_requests, rid, "matched", "agreed")
    code, _, stderr = invoke(
        "request", "update", arcadia_requests, rid, "--status", "delivered",
        "--by", "provider", "--note", "two training sessions held in May",
    )  # fmt: skip
    assert code == 0, stderr
    history = next(
        r for r in yaml.safe_load(arcadia_requests.read_text())["requests"] if r["id"] == rid
    )["history"]
    assert history[-1]["by"] == "provider" and history[0].get("by") is None
    code, out, _ = invoke("request", "followup", arcadia_requests, ARCADIA_LATER, "-f", "json")
    [row] = json.loads(out)
    assert row["delivered_by"] == "provider"
    assert row["delivery_report"] == "two training sessions held in May"
    assert row["after"] is not None  # the State's side: its later level
    code, out, _ = invoke("request", "followup", arcadia_requests, ARCADIA_LATER)
    assert "two training sessions held in May (by the provider)" in out


def test_match_shortlist_lists_the_best_offers_and_a_coalition(
    arcadia_requests: Path, tmp_path: Path, runner: CliRunner, catalogue: Catalogue
) -> None:
    from gapcheck.capacity.fit import assess_fit
    from gapcheck.capacity.loading import load_requests

    out = tmp_path / "matches"
    day = "2026-06-15"
    code, _, stderr = invoke(
        "match", arcadia_requests, *OFFERS, "--date", day, "-o", out, "--shortlist", "2"
    )
    assert code == 0, stderr
    data = json.loads((out / "shortlist.json").read_text())
    assert (out / "shortlist.md").read_text().startswith("# Shortlists")
    offers = load_offers(OFFERS, catalogue)
    requests = {r.id: r for r in load_requests([arcadia_requests], catalogue)}
    sections = {p.id: p.section for p in catalogue}
    on = dt.date.fromisoformat(day)
    for item in data:
        r = requests[item["request"]]
        # every offer's fit computed one by one: best score first, ties by id
        fits = [
            (-round(f.score, 3), o.id, set(o.kinds))
            for o in offers
            if (f := assess_fit(r, o, sections[r.practice], on))
        ]
        best = sorted(fits)[:2]
        assert [o["offer"] for o in item["options"]] == [oid for _, oid, _ in best]
        assert [o["score"] for o in item["options"]] == [-s for s, _, _ in best]
        given = set().union(*(set(o["kinds"]) for o in item["coalition"]))
        offered = set().union(*(k for _, _, k in fits)) if fits else set()
        assert given == set(r.kinds) & offered
        assert set(item["kinds_no_offer_gives"]) == set(r.kinds) - offered
