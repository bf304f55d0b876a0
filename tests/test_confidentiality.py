"""A confidential questionnaire's name and words never reach members or donors.

A marker is planted in the State's name and in every free-text field of a confidential
questionnaire; every output meant for members or donors is searched for it, and the
Administrative Unit's own view is checked to still show who is behind the requests.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from gapcheck.capacity.confidentiality import View, reference, show
from gapcheck.cli import cli
from gapcheck.models.capacity import Event, GapElement, Request, RequestStatus, Share
from gapcheck.render.capacity import render_status

from .conftest import EXAMPLES, ROOT

MARK = "Qx7Marker"
STATE = f"Grand Duchy of {MARK}ia"
OFFERS = sorted((ROOT / "offers" / "examples").glob("*.yaml"))


def planted(data: dict[str, Any]) -> dict[str, Any]:
    data.update(
        state=STATE,
        confidential=True,
        institution=f"{MARK} Prison Directorate",
        respondent=f"{MARK} Director of Programmes",
        region=f"{MARK} Region",
    )
    for pid, practice in data["practices"].items():
        practice["evidence"] = f"{MARK} evidence for {pid}"
        practice["notes"] = f"{MARK} notes for {pid}"
        for eid, answer in (practice.get("elements") or {}).items():
            if isinstance(answer, dict):
                answer["comment"] = f"{MARK} comment {eid}"
                if answer.get("level") == "n/a":
                    answer["reason"] = f"{MARK} reason {eid}"
            elif answer is not None:
                practice["elements"][eid] = {"level": answer, "comment": f"{MARK} {eid}"}
        wish = practice.setdefault("assistance", {})
        if wish.get("wanted"):
            wish["note"] = f"{MARK} note for {pid}"
            wish["time_frame"] = f"{MARK} time frame"
    return data


@pytest.fixture
def files(tmp_path: Path, runner: CliRunner) -> dict[str, Path]:
    """Requests of the planted confidential State and of a State that shares its own."""
    q = tmp_path / f"{MARK}-2026.yaml"
    q.write_text(
        yaml.safe_dump(planted(yaml.safe_load((EXAMPLES / "norland-2026.yaml").read_text())))
    )
    out = {"q": q, "secret": tmp_path / "secret-requests.yaml", "letter": tmp_path / "letter.md"}
    out["shared"] = tmp_path / "shared-requests.yaml"
    for args in (
        ["request", "new", q, "-o", out["secret"], "--letter", out["letter"]],
        ["request", "new", EXAMPLES / "arcadia-2026.yaml", "-o", out["shared"]],
    ):
        result = runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return out


def run(runner: CliRunner, *args: str | Path) -> str:
    """Everything a command printed or wrote, stdout and stderr together."""
    result = runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout + result.stderr


def assert_hidden(text: str, where: str) -> None:
    assert MARK not in text, f"the marker leaked into {where}"
    assert MARK.lower() not in text.lower(), f"the marker leaked into {where}"
    assert "grand-duchy" not in text.lower() and "Grand Duchy" not in text, where


def test_the_planting_worked(files: dict[str, Path]) -> None:
    # what the State sends to the Administrative Unit holds everything: that is its purpose
    secret = files["secret"].read_text()
    assert STATE in secret and f"{MARK} note for" in secret and f"{MARK} time frame" in secret
    letter = files["letter"].read_text()
    assert STATE in letter and "**confidential**" in letter
    ids = [r["id"] for r in yaml.safe_load(secret)["requests"]]
    assert ids and all(re.fullmatch(r"c-[a-z2-7]{12}", i) for i in ids)


def test_members_never_see_a_confidential_request(
    files: dict[str, Path], runner: CliRunner, tmp_path: Path
) -> None:
    ids = [r["id"] for r in yaml.safe_load(files["secret"].read_text())["requests"]]
    for fmt in ("md", "csv", "json"):
        target = tmp_path / f"members.{fmt}"
        text = run(
            runner, "request", "share", files["secret"], files["shared"], "-f", fmt, "-o", target
        )
        text += target.read_text()
        assert_hidden(text, f"the members' list ({fmt})")
        assert not any(i in text for i in ids), "a confidential reference is in the members' list"
        assert "Republic of Arcadia" in text
    alone = run(runner, "request", "share", files["secret"], "-f", "json")
    assert json.loads(alone) == []


def test_donors_see_confidential_requests_by_reference_only(
    files: dict[str, Path], runner: CliRunner, tmp_path: Path
) -> None:
    ids = [r["id"] for r in yaml.safe_load(files["secret"].read_text())["requests"]]
    out = tmp_path / "donors"
    inputs = [files["secret"], files["shared"], *OFFERS]
    text = run(runner, "match", *inputs, "--date", "2026-06-15", "-o", out)
    for name in ("matches.md", "matches.csv", "matches.json"):
        text += (out / name).read_text()
    for fmt in ("md", "csv", "json"):
        text += run(runner, "match", *inputs, "--date", "2026-06-15", "-f", fmt)
    assert_hidden(text, "the donors' view of the matches")
    assert all(i in text for i in ids), "confidential requests belong in the donors' view"
    assert "languages, region and score not shown (confidential request)" in text
    data = json.loads((out / "matches.json").read_text())
    hidden = [m for m in data["matches"] + data["unmatched"] if m["request"] in ids]
    assert hidden and all(m["state"] is None for m in hidden)


def test_status_and_followup_hide_the_state_unless_admin(
    files: dict[str, Path], runner: CliRunner
) -> None:
    rid = yaml.safe_load(files["secret"].read_text())["requests"][0]["id"]
    for step in ("matched", "agreed"):  # one step at a time
        run(runner, "request", "update", files["secret"], rid, "--status", step)
    run(
        runner,
        "request",
        "update",
        files["secret"],
        rid,
        "--status",
        "delivered",
        "--note",
        f"{MARK} delivered by the embassy",
    )
    for fmt in ("table", "md", "csv", "json"):
        assert_hidden(run(runner, "request", "status", files["secret"], "-f", fmt), f"status {fmt}")
    for fmt in ("md", "csv", "json"):
        text = run(runner, "request", "followup", files["secret"], files["q"], "-f", fmt)
        assert_hidden(text, f"follow-up {fmt}")
        assert rid in text
    assert STATE in run(runner, "request", "status", files["secret"], "--admin")
    assert STATE in run(runner, "request", "followup", files["secret"], files["q"], "--admin")


def test_only_the_admin_view_shows_who_is_behind(files: dict[str, Path], runner: CliRunner) -> None:
    inputs: list[str | Path] = [files["secret"], files["shared"], *OFFERS, "--date", "2026-06-15"]
    for fmt in ("md", "csv", "json"):
        text = run(runner, "match", *inputs, "--admin", "-f", fmt)
        assert STATE in text
    assert "Administrative Unit's view" in run(runner, "match", *inputs, "--admin")


free_text = st.text(st.characters(categories=["L", "N", "Zs"]), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(words=st.lists(free_text, min_size=7, max_size=7))
def test_no_free_text_of_a_confidential_request_reaches_donors(words: list[str]) -> None:
    # NFC: names are read normalised, so a compatibility character is stored as its canonical one
    marks = [unicodedata.normalize("NFC", f"zq{i}{w}qz") for i, w in enumerate(words)]
    day = dt.date(2026, 6, 1)
    request = Request(
        id="c-abcdefghijkl",
        state=marks[0],
        institution=marks[1],
        contact=marks[2],
        practice="GP03",
        target=3,
        elements=[GapElement(id="GP03.2", level=1, target=3)],
        kinds=["training"],
        region=marks[3],
        time_frame=marks[4],
        note=marks[5],
        share=Share.PROVIDERS,
        status=RequestStatus.MATCHED,
        history=[
            Event(status=RequestStatus.REQUESTED, date=day),
            Event(status=RequestStatus.MATCHED, date=day, note=marks[6], offer="course"),
        ],
    )
    assert show(request, View.MEMBERS) is None
    donors = show(request, View.DONORS)
    assert donors is not None and donors.who == "(confidential)"
    text = flat(asdict(donors)) + "".join(
        render_status([request], View.DONORS, fmt) for fmt in ("table", "md", "csv", "json")
    )
    for mark in marks:
        assert mark.strip() not in text
    admin = show(request, View.ADMIN)
    assert admin is not None
    assert all(mark.strip() in flat(asdict(admin)) for mark in marks)


def flat(value: object) -> str:
    """Every string inside, unescaped (a repr would hide a leak behind escapes)."""
    if isinstance(value, dict):
        return " ".join(flat(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return " ".join(flat(v) for v in value)
    return str(value)


# What each audience sees of a request, field by field: the table in docs/capacity.md.
WITHHELD_FROM_DONORS = (
    "state", "institution", "contact", "assessed", "region", "time_frame", "note", "level",
    "gap", "elements", "languages",
)  # fmt: skip
SHOWN_TO_DONORS = ("id", "practice", "target", "kinds", "priority", "status")
EMPTY: dict[str, object] = {"elements": (), "languages": ()}


def sample(confidential: bool, share: Share | None = None) -> Request:
    share = share or (Share.PROVIDERS if confidential else Share.MEMBERS)
    return Request(
        id="arcadia-2026-03-16-gp03" if share.by_name else "c-abcdefghij23",
        state="Republic of Arcadia",
        institution="Directorate of Prisons",
        contact="Head of Programmes",
        assessed=dt.date(2026, 3, 16),
        practice="GP03",
        level=2.0,
        target=3,
        gap=1.0,
        elements=[GapElement(id="GP03.2", level=1, target=3)],
        kinds=["training"],
        priority=2.5,
        languages=["fr"],
        region="Mediterranean",
        time_frame="within a year",
        note="No standard tool yet.",
        share=share,
        history=[Event(status=RequestStatus.REQUESTED, date=dt.date(2026, 6, 1))],
    )


# The table in docs/capacity.md, written out: for each consent and audience, whether the
# request is listed at all, and whether the fields withheld from donors are shown.
LISTED = {
    (Share.UNIT, View.MEMBERS): False, (Share.UNIT, View.DONORS): False,
    (Share.UNIT, View.ADMIN): True,
    (Share.PROVIDERS, View.MEMBERS): False, (Share.PROVIDERS, View.DONORS): True,
    (Share.PROVIDERS, View.ADMIN): True,
    (Share.MEMBERS, View.MEMBERS): True, (Share.MEMBERS, View.DONORS): True,
    (Share.MEMBERS, View.ADMIN): True,
    (Share.PUBLIC, View.MEMBERS): True, (Share.PUBLIC, View.DONORS): True,
    (Share.PUBLIC, View.ADMIN): True,
}  # fmt: skip
NAMED = {(Share.PROVIDERS, View.DONORS): False}  # listed, but by reference only


@pytest.mark.parametrize("view", list(View))
@pytest.mark.parametrize("field", [*WITHHELD_FROM_DONORS, *SHOWN_TO_DONORS])
@pytest.mark.parametrize("share", list(Share))
def test_each_audience_sees_each_field_as_documented(view: View, field: str, share: Share) -> None:
    request = sample(False, share)
    shown = show(request, view)
    if not LISTED[share, view]:
        assert shown is None  # not listed at all
        assert reference(request, view) is None  # not even by its reference
        return
    assert shown is not None
    value = getattr(shown, field)
    original = getattr(request, field)
    expected = tuple(original) if isinstance(original, list) else original
    if not NAMED.get((share, view), True) and field in WITHHELD_FROM_DONORS:
        assert value == EMPTY.get(field), field
    else:
        assert value == expected, field


@pytest.mark.parametrize(
    ("old", "share"), [(True, "providers"), ("yes", "providers"), (False, "members")]
)
def test_old_confidential_key_is_read_as_consent(old: object, share: str) -> None:
    data = sample(False).model_dump(mode="json")
    del data["share"]
    data["id"] = "c-abcdefghij23"
    data["confidential"] = old
    assert Request.model_validate(data).share == share


def test_confidential_and_share_that_disagree_are_refused() -> None:
    data = sample(False).model_dump(mode="json") | {"confidential": True}
    with pytest.raises(ValueError, match="disagree"):
        Request.model_validate(data)


@pytest.mark.parametrize("view", list(View))
def test_shortlists_of_a_confidential_request_give_no_fit_away(view: View) -> None:
    from gapcheck.capacity.shortlist import shortlists
    from gapcheck.catalogue import load_catalogue
    from gapcheck.models.capacity import Offer, Provider
    from gapcheck.render.shortlist import shortlist_data

    offer = Offer(
        id="course", provider=Provider(name="P"), practices=["GP03"], kinds=["training"],
        languages=["fr"], regions=["Mediterranean"],
    )  # fmt: skip
    items = shortlists([sample(True), sample(False)], [offer], load_catalogue(), 3)
    data = {d["request"]: d for d in shortlist_data(items, view)}
    if view is View.MEMBERS:
        assert list(data) == ["arcadia-2026-03-16-gp03"]
    hidden = data.get("c-abcdefghij23")
    for d in data.values():
        [option] = d["options"]
        withheld = view is View.DONORS and d is hidden
        assert ("score" in option) is not withheld and ("region" in option) is not withheld
        assert ("languages" in option) is not withheld


def consent_questionnaire(tmp_path: Path) -> Path:
    """Arcadia with one consent per practice asked for: the default `unit`, GP03 `members`,
    GP01 `public`."""
    data = yaml.safe_load((EXAMPLES / "arcadia-2026.yaml").read_text())
    data.pop("confidential", None)
    data["share_requests"] = "unit"
    data["practices"]["GP03"]["assistance"]["share"] = "members"
    data["practices"]["GP01"]["assistance"]["share"] = "public"
    path = tmp_path / "arcadia-consent.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def test_each_request_carries_its_own_consent_to_every_output(
    runner: CliRunner, tmp_path: Path
) -> None:
    q = consent_questionnaire(tmp_path)
    out, letter = tmp_path / "requests.yaml", tmp_path / "letter.md"
    run(runner, "request", "new", q, "-o", out, "--letter", letter, "--date", "2026-06-01")
    requests = yaml.safe_load(out.read_text())["requests"]
    consent = {r["practice"]: r["share"] for r in requests}
    assert consent["GP03"] == "members" and consent["GP01"] == "public"
    others = [r for r in requests if r["practice"] not in ("GP01", "GP03")]
    assert others and all(r["share"] == "unit" for r in others)
    assert all(re.fullmatch(r"c-[a-z2-7]{12}", r["id"]) for r in others)
    text = letter.read_text()
    assert text.count("Who may see this request:") == len(requests)
    assert "the GCTF Administrative Unit only; it is not shown to providers" in text
    assert "counted, without our name, in the public" in text
    hidden = [r["id"] for r in others]
    outputs = run(runner, "request", "share", out, "-f", "json")
    outputs += run(runner, "request", "status", out, "-f", "json")
    outputs += run(runner, "match", out, *OFFERS, "--date", "2026-06-15", "-f", "json")
    outputs += run(
        runner, "match", out, *OFFERS, "--date", "2026-06-15", "--shortlist", "3", "-f", "json"
    )
    assert not any(i in outputs for i in hidden), "a unit-only request reached members or donors"
    assert "republic-of-arcadia-2026-03-16-gp03" in outputs
    admin = run(runner, "match", out, *OFFERS, "--date", "2026-06-15", "--admin", "-f", "json")
    assert all(i in admin for i in hidden)


def test_share_option_overrides_the_questionnaire(runner: CliRunner, tmp_path: Path) -> None:
    q = consent_questionnaire(tmp_path)
    result = runner.invoke(cli, ["request", "new", str(q), "--share", "providers"])
    assert result.exit_code == 0, result.output
    requests = yaml.safe_load(result.stdout)["requests"]
    assert {r["share"] for r in requests} == {"providers"}
    assert all(re.fullmatch(r"c-[a-z2-7]{12}", r["id"]) for r in requests)
    assert "for providers under a reference" in result.stderr


def test_consent_survives_rewriting_the_questionnaire(tmp_path: Path) -> None:
    from gapcheck.catalogue import load_catalogue
    from gapcheck.models.questionnaire import Questionnaire
    from gapcheck.render.questionnaire_yaml import render_questionnaire

    q = Questionnaire.model_validate(yaml.safe_load(consent_questionnaire(tmp_path).read_text()))
    again = Questionnaire.model_validate(yaml.safe_load(render_questionnaire(load_catalogue(), q)))
    assert again.share_requests == "unit"
    assert [again.request_share(p) for p in ("GP01", "GP03", "GP02")] == [
        "public",
        "members",
        "unit",
    ]
